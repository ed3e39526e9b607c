"""Pushes a stage's new state to boards, phones and tablets after each committed change.

Bursts are coalesced: the first change after a quiet spell goes out at once, changes arriving
within the next MIN_INTERVAL seconds are folded into one snapshot. Every snapshot is read fresh
from the database, so a board always shows committed data.
"""
from __future__ import annotations

import logging
import time

from scoring.panel import chief_panel, stage_state
from scoring.standings import load_stage, stage_format, stage_standings, standings_payload

log = logging.getLogger(__name__)
MIN_INTERVAL = 0.1


def stage_room(stage_key: str) -> str:
    return f"stage:{stage_key}"


def judges_room(stage_key: str) -> str:
    return f"judges:{stage_key}"


def chief_room(stage_key: str) -> str:
    return f"chief:{stage_key}"


def officials_room(stage_key: str) -> str:
    """The scorekeepers of a match stage, or the recorders of a measured one."""
    return f"officials:{stage_key}"


CONSOLES = {"match": "/score", "measured": "/record"}  # format -> the namespace of its officials' console


class Broadcaster:
    def __init__(self, app, socketio):
        self.app = app
        self.socketio = socketio
        self.pending: set[str] = set()
        self.last_sent: dict[str, float] = {}

    def stage_changed(self, stage_key: str) -> None:
        if stage_key in self.pending:
            return
        self.pending.add(stage_key)
        self.socketio.start_background_task(self._flush, stage_key)

    def _flush(self, stage_key: str) -> None:
        wait = self.last_sent.get(stage_key, 0.0) + MIN_INTERVAL - time.monotonic()
        if wait > 0:
            self.socketio.sleep(wait)
        self.pending.discard(stage_key)
        self.last_sent[stage_key] = time.monotonic()
        try:
            with self.app.app_context(), self.app.extensions["podium.sessions"]() as session:
                kind = stage_format(session, stage_key)
                if kind in CONSOLES:  # scorekeepers and recorders get the standings themselves
                    standings = stage_standings(session, stage_key)
                    officials = [("standings", standings, officials_room(stage_key), CONSOLES[kind])]
                else:
                    marks = load_stage(session, stage_key)
                    standings = standings_payload(marks)
                    officials = [("stage", stage_state(marks), judges_room(stage_key), "/judge"),
                                 ("panel", chief_panel(marks), chief_room(stage_key), "/judge")]
        except Exception:  # a broadcast must never take the server down; boards resync on the next change
            log.exception("could not build the snapshot of stage %s", stage_key)
            return
        self.socketio.emit("standings", standings, to=stage_room(stage_key), namespace="/display")
        for event, payload, room, namespace in officials:
            self.socketio.emit(event, payload, to=room, namespace=namespace)
