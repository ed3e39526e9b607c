"""Socket.IO namespace /display: boards and phones watch a stage and get its snapshots."""
from __future__ import annotations

from flask import current_app, request
from flask_socketio import emit, join_room, leave_room

from podium.connections import Namespace
from podium.live import VIEWS, stage_room
from scoring.errors import ScoringError
from podium.refusals import refusal_ack


class DisplayNamespace(Namespace):
    def __init__(self, namespace):
        super().__init__(namespace)
        self.watching: dict[str, str] = {}  # sid -> the room it watches

    def on_watch(self, data=None):
        stage_key = data.get("stage") if isinstance(data, dict) else None
        if not isinstance(stage_key, str) or len(stage_key) > 64:
            emit("error", {"error": "unknown_stage", "message": "Name a stage to watch."})
            return
        view = data.get("view", "full")
        if view not in VIEWS:
            emit("error", {"error": "bad_request", "message": f"view must be one of {', '.join(VIEWS)}."})
            return
        live = current_app.extensions["podium.live"]
        try:
            live.frame(stage_key, view)  # the stage exists and its snapshot is current
        except ScoringError as refused:
            emit("error", refusal_ack(refused))
            return
        room = stage_room(stage_key, view)
        previous = self.watching.get(request.sid)
        if previous and previous != room:
            leave_room(previous)
        self.watching[request.sid] = room
        join_room(room)
        # joined first, answered with the newest snapshot: never older than a broadcast already sent
        live.send(request.sid, self.namespace, "standings", live.latest(stage_key, view))

    def on_entry(self, data=None):
        """One entry in detail (its row with every judge's total), answered as the ack."""
        stage_key, entry_key = (data.get("stage"), data.get("entry")) if isinstance(data, dict) else (None, None)
        if not all(isinstance(k, str) and 0 < len(k) <= 64 for k in (stage_key, entry_key)):
            return {"ok": False, "error": "bad_request", "message": "Name a stage and an entry."}
        try:
            return {"ok": True, **current_app.extensions["podium.live"].detail(stage_key, entry_key)}
        except ScoringError as refused:
            return refusal_ack(refused)

    def on_disconnect(self, reason=None):
        self.watching.pop(request.sid, None)
