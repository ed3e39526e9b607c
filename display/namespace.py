"""Socket.IO namespace /display: boards and phones watch a stage and get full snapshots."""
from __future__ import annotations

from flask import current_app, request
from flask_socketio import Namespace, emit, join_room, leave_room

from display.broadcaster import stage_room
from scoring.errors import ScoringError
from scoring.standings import stage_standings


class DisplayNamespace(Namespace):
    def __init__(self, namespace):
        super().__init__(namespace)
        self.watching: dict[str, str] = {}

    def on_watch(self, data):
        stage_key = data.get("stage") if isinstance(data, dict) else None
        if not isinstance(stage_key, str) or len(stage_key) > 64:
            emit("error", {"error": "unknown_stage", "message": "Name a stage to watch."})
            return
        try:
            with current_app.extensions["podium.sessions"]() as session:
                snapshot = stage_standings(session, stage_key)
        except ScoringError as refused:
            emit("error", {"error": refused.code, "message": refused.message})
            return
        previous = self.watching.get(request.sid)
        if previous and previous != stage_key:
            leave_room(stage_room(previous))
        self.watching[request.sid] = stage_key
        join_room(stage_room(stage_key))
        emit("standings", snapshot)

    def on_disconnect(self, reason=None):
        self.watching.pop(request.sid, None)
