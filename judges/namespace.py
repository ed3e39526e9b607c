"""Socket.IO namespace /judge: judges' tablets submit marks; the chief judge locks and calls entries.

Handlers are thin: they call one scoring service function, and acknowledge only after it committed.
"""
from __future__ import annotations

import logging

from flask import current_app, request
from flask_socketio import ConnectionRefusedError, emit, join_room

from podium.connections import Namespace
from podium.live import chief_room, judges_room, seat_room
from scoring import service
from scoring.db import write
from scoring.errors import N_, ScoringError
from podium.refusals import refusal_ack
from scoring.panel import chief_panel, judge_hello
from scoring.standings import load_stage

log = logging.getLogger(__name__)


def _sessions():
    return current_app.extensions["podium.sessions"]


class OfficialNamespace(Namespace):
    """An official's console (judge or scorekeeper), logged in by the secret token of their QR code."""

    format = "judged"

    def __init__(self, namespace):
        super().__init__(namespace)
        self.seat_of: dict[str, service.Seat] = {}  # sid -> the seat and the token it logged in with
        self.stage_of: dict[str, str] = {}  # sid -> the key of the official's stage

    def official_for(self, auth):
        """The official whose token this connection carries; refuses the connection otherwise. The
        connection joins its seat's room, through which a seat change closes it (Live.revoke)."""
        token = auth.get("token") if isinstance(auth, dict) else None
        judge = service.judge_for_token(_sessions(), token)
        if judge is None:
            raise ConnectionRefusedError("bad_token")
        if judge.stage.event.format != self.format:
            raise ConnectionRefusedError("wrong_console")
        self.seat_of[request.sid] = service.Seat(judge.id, token)
        self.stage_of[request.sid] = judge.stage.key
        join_room(seat_room(judge.id))
        return judge

    def on_disconnect(self, reason=None):
        self.seat_of.pop(request.sid, None)
        self.stage_of.pop(request.sid, None)

    def act(self, action, data, touched=None):
        """Run one service call and acknowledge it after the commit. `touched`: the entries the change
        can touch (a judged stage's snapshot is then refreshed for those only), None if not known."""
        seat = self.seat_of.get(request.sid)
        if seat is None:
            return refusal_ack(ScoringError("bad_token", N_("Not logged in.")))
        live = current_app.extensions["podium.live"]
        with live.writing(self.stage_of.get(request.sid)):  # the stage's changes and snapshots in order
            try:
                outcome = write(action, _sessions(), seat, data)
            except ScoringError as refused:
                return refusal_ack(refused)
            except Exception:
                log.exception("official's action failed")
                return {"ok": False, "error": "server_error", "message": "The server could not store this; send again."}
            if outcome.changed:
                live.changed(outcome.stage, touched)
        return outcome.as_ack()


class JudgeNamespace(OfficialNamespace):
    def on_connect(self, auth=None):
        judge = self.official_for(auth)
        with _sessions()() as session:
            marks = load_stage(session, judge.stage.key)
            judge = next(j for j in marks.judges if j.id == judge.id)
            hello = judge_hello(marks, judge)
            panel = chief_panel(marks) if judge.chief else None
        join_room(judges_room(hello["stage"]["key"]))
        emit("hello", hello)
        if panel is not None:
            join_room(chief_room(hello["stage"]["key"]))
            emit("panel", panel)

    def on_submit(self, data=None):
        return self.act(service.submit_scorecard, data, _entry_named(data))

    def on_lock(self, data=None):
        return self.act(service.lock_entry, data, _entry_named(data))

    def on_unlock(self, data=None):
        return self.act(service.unlock_entry, data, _entry_named(data))

    def on_next(self, data=None):
        return self.act(service.call_next, {} if data is None else data, ())  # the stage row only

    def on_deduct(self, data=None):
        return self.act(service.record_deductions, data, _entry_named(data))


def _entry_named(data) -> tuple[str, ...]:
    """The entry a judge's message names: the only one its change can touch (a change is stored only
    for the entry named, in the judge's own stage)."""
    entry = data.get("entry") if isinstance(data, dict) else None
    return (entry,) if isinstance(entry, str) else ()
