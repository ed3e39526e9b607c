"""Socket.IO namespace /score: scorekeepers record match events from their console.

Thin like /judge: each handler calls one scorekeeping service function and acknowledges only
after it committed; the broadcaster then pushes the new standings to boards and consoles.
"""
from __future__ import annotations

from flask import current_app
from flask_socketio import emit, join_room

from display.broadcaster import scorekeepers_room
from judges.namespace import OfficialNamespace
from scoring import scorekeeping
from scoring.models import Judge


class ScoreNamespace(OfficialNamespace):
    format = "match"

    def on_connect(self, auth=None):
        judge = self.official_for(auth)
        with current_app.extensions["podium.sessions"]() as session:
            hello = scorekeeping.scorekeeper_hello(session, session.get(Judge, judge.id))
        join_room(scorekeepers_room(hello["stage"]["key"]))
        emit("hello", hello)

    def on_event(self, data=None):
        return self.act(scorekeeping.record_event, data)

    def on_undo(self, data=None):
        return self.act(scorekeeping.undo_last, data)

    def on_lineup(self, data=None):
        return self.act(scorekeeping.set_lineup, data)

    def on_reschedule(self, data=None):
        return self.act(scorekeeping.reschedule, data)

    def on_forfeit(self, data=None):
        return self.act(scorekeeping.forfeit, data)
