"""Socket.IO namespaces of the consoles that get the stage's standings pushed: /score, where
scorekeepers record match events, and /record, where recorders enter measured results.

Thin like /judge: each handler calls one service function and acknowledges only after it
committed; podium.live then pushes the new standings to boards and consoles.
"""
from __future__ import annotations

from flask import current_app
from flask_socketio import emit, join_room

from podium.live import officials_room
from judges.namespace import OfficialNamespace
from scoring import recording, scorekeeping
from scoring.models import Judge


class ConsoleNamespace(OfficialNamespace):
    """On connect the official gets `hello` (built by the class's `hello_for`) and joins the room
    the stage's standings are pushed to."""

    hello_for = None

    def on_connect(self, auth=None):
        judge = self.official_for(auth)
        with current_app.extensions["podium.sessions"]() as session:
            hello = type(self).hello_for(session, session.get(Judge, judge.id))
        join_room(officials_room(hello["stage"]["key"]))
        emit("hello", hello)


class ScoreNamespace(ConsoleNamespace):
    format = "match"
    hello_for = staticmethod(scorekeeping.scorekeeper_hello)

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

    def on_lots(self, data=None):
        return self.act(scorekeeping.draw_lots, data)


class RecordNamespace(ConsoleNamespace):
    format = "measured"
    hello_for = staticmethod(recording.recorder_hello)

    def on_attempt(self, data=None):
        return self.act(recording.record_attempt, data)

    def on_correct(self, data=None):
        return self.act(recording.correct_attempt, data)

    def on_status(self, data=None):
        return self.act(recording.set_entry_status, data)

    def on_placings(self, data=None):
        return self.act(recording.record_placings, data)

    def on_clock(self, data=None):
        return self.act(recording.heat_clock, data)

    def on_confirm(self, data=None):
        return self.act(recording.confirm_heat, data)

    def on_reopen(self, data=None):
        return self.act(recording.reopen_heat, data)

    def on_seed(self, data=None):
        return self.act(recording.draw_final, {} if data is None else data)
