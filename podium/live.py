"""Live pushes: the one house for the rooms, the stage snapshots and their delivery to boards, phones
and officials' consoles (docs/protocol.md).

After each committed change of a stage the snapshot is built once (a judged stage incrementally:
only the entries the change touched are read and scored again), encoded to JSON once per view, kept
as the stage's current snapshot, and written to every watcher as the same text. `watch`, the HTTP
standings API and the broadcast all serve that snapshot; a watcher costs a copy, never a rebuild.

Changes to one stage are written and built one after another (`Live.writing`), so every change gets
a snapshot of its own and `seq` advances by one: boards never see a jump caused by folding. With a
message queue (several processes), a snapshot is built by the process that claimed its seq first
and published to the others, and no process delivers a `seq` lower than one it delivered before.
"""
from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Optional

from sqlalchemy import select

from podium.wire import SENT_AT, Frame, encode, framed_event
from scoring.errors import N_, ScoringError
from scoring.models import Stage
from scoring.panel import chief_panel, stage_state
from scoring.standings import (StageMarks, encoded_standings, load_stage, stage_format,
                               stage_standings)

log = logging.getLogger(__name__)

VIEWS = ("full", "slim")  # full: every row keeps its judges (protocol v1); slim: only the current entry does
CONSOLES = {"match": "/score", "measured": "/record"}  # format -> the namespace of its officials' console
OFFICIALS = ("/judge", *CONSOLES.values())  # the namespaces officials log in to with a seat's token
KEPT_STAGES = 256  # snapshots kept in memory, least recently used dropped first
SEQ_CHECK_SECONDS = 0.5  # a snapshot checked against the database's seq this recently is served as is


def stage_room(stage_key: str, view: str = "full") -> str:
    return f"stage:{stage_key}" if view == "full" else f"stage:{stage_key}:{view}"


def judges_room(stage_key: str) -> str:
    return f"judges:{stage_key}"


def chief_room(stage_key: str) -> str:
    return f"chief:{stage_key}"


def seat_room(judge_id: int) -> str:
    """Every live connection of one panel seat (a judge's tablet, a scorekeeper's console)."""
    return f"seat:{judge_id}"


def officials_room(stage_key: str) -> str:
    """The scorekeepers of a match stage, or the recorders of a measured one."""
    return f"officials:{stage_key}"


# --- a stage's snapshot ----------------------------------------------------------------------

@dataclass
class Snapshot:
    """What one stage's audiences are sent at one seq."""

    stage: str
    seq: int
    frames: dict[str, Frame]  # view -> the standings
    officials: list[tuple[str, Any, str, str]]  # (event, payload, room, namespace)
    marks: Optional[StageMarks] = None  # a judged stage's marks, refreshed in place by the next change
    checked: float = field(default_factory=time.monotonic)
    _details: Optional[dict[str, dict[str, Any]]] = None

    def detail(self, entry_key: str) -> Optional[dict[str, Any]]:
        """One entry as the full view has it: its place in the running order and, once ranked, its
        row with every judge's total (what a phone shows when a row is tapped)."""
        if self._details is None:
            full = json.loads(self.frames["full"].text())
            rows = {row.get("entry"): row for row in full.get("rows", [])}
            self._details = {item["entry"]: {"stage": self.stage, "seq": self.seq, "entry": item,
                                              "row": rows.get(item["entry"])}
                             for item in full.get("entries", []) if "entry" in item}
        return self._details.get(entry_key)

    def message(self) -> dict[str, Any]:
        """For the other processes (JSON on the message queue)."""
        return {"stage": self.stage, "seq": self.seq, "frames": {v: f.parts() for v, f in self.frames.items()},
                "officials": [list(o) for o in self.officials]}

    @classmethod
    def from_message(cls, message: dict[str, Any]) -> "Snapshot":
        return cls(stage=message["stage"], seq=message["seq"],
                   frames={v: Frame(*parts) for v, parts in message["frames"].items()},
                   officials=[tuple(o) for o in message["officials"]])


def build(session, stage_key: str, previous: Optional[Snapshot] = None,
          touched: Optional[Iterable[str]] = None) -> Snapshot:
    """The stage's snapshot at the database's seq. A judged stage whose previous snapshot is exactly
    one change old, a change that touched only the entries `touched`, is refreshed, not reloaded."""
    marks = previous.marks if previous is not None and touched is not None else None
    kind = "judged" if marks is not None else stage_format(session, stage_key)  # a stage keeps its format
    if kind is None:
        raise ScoringError("unknown_stage", N_('There is no stage %(stage)s.'), stage=stage_key)
    if kind in CONSOLES:  # scorekeepers and recorders get the standings themselves
        standings = stage_standings(session, stage_key)
        frame = Frame.of(standings)
        return Snapshot(stage_key, standings["seq"], {view: frame for view in VIEWS},
                        [("standings", standings, officials_room(stage_key), CONSOLES[kind])])
    if marks is not None and not (marks.refresh(session, touched) and marks.seq == previous.seq + 1):
        marks = None  # other changes came in between, or an entry the marks do not hold: read it all
    if marks is None:
        marks = load_stage(session, stage_key)
    texts = encoded_standings(marks, encode, SENT_AT)
    return Snapshot(stage_key, marks.seq, {view: Frame.split(marks.seq, texts[view]) for view in VIEWS},
                    [("stage", stage_state(marks), judges_room(stage_key), "/judge"),
                     ("panel", chief_panel(marks), chief_room(stage_key), "/judge")],
                    marks=marks)


# --- the house -------------------------------------------------------------------------------

class Live:
    def __init__(self, app, socketio):
        self.app = app
        self.socketio = socketio
        self.snapshots: OrderedDict[str, Snapshot] = OrderedDict()
        self.locks: dict[str, threading.RLock] = {}
        self.delivered: dict[str, int] = {}  # stage -> the highest seq this process delivered
        self.queue = None
        url = app.config.get("MESSAGE_QUEUE")
        if url:
            from podium.live_queue import LiveQueue

            self.queue = LiveQueue(url, app.config["QUEUE_CHANNEL"], self._received)
            socketio.start_background_task(self.queue.listen)

    def _sessions(self):
        return self.app.extensions["podium.sessions"]

    def _lock(self, stage_key: str) -> threading.RLock:
        lock = self.locks.get(stage_key)
        if lock is None:
            lock = self.locks[stage_key] = threading.RLock()
        return lock

    @contextmanager
    def writing(self, stage_key: Optional[str]) -> Iterator[None]:
        """Hold the stage while a change is written and its snapshot built, so snapshots follow the
        commits one by one."""
        if stage_key is None:
            yield
            return
        with self._lock(stage_key):
            yield

    def changed(self, stage_key: str, touched: Optional[Iterable[str]] = None) -> None:
        """A change of the stage was committed: build its snapshot and send it. `touched`: the only
        entries the change touched (a judged stage's marks, deductions or lock; empty for the entry
        called), or None when anything may have changed."""
        touched = None if touched is None else tuple(touched)
        with self._lock(stage_key):
            try:
                self._refresh(stage_key, touched)
            except Exception:  # a broadcast must never take the server down; the next change rebuilds
                self.snapshots.pop(stage_key, None)
                log.exception("could not build the snapshot of stage %s", stage_key)

    def frame(self, stage_key: str, view: str = "full") -> Frame:
        """The stage's current snapshot for a watcher or the HTTP API, checked against the database's
        seq (at most every SEQ_CHECK_SECONDS); built only when none is kept or it is behind."""
        kept = self.snapshots.get(stage_key)
        if kept is not None and time.monotonic() - kept.checked < SEQ_CHECK_SECONDS:
            self.snapshots.move_to_end(stage_key)
            return kept.frames[view]
        seq = self._database_seq(stage_key)
        if seq is None:
            raise ScoringError("unknown_stage", N_('There is no stage %(stage)s.'), stage=stage_key)
        with self._lock(stage_key):
            kept = self.snapshots.get(stage_key)
            if kept is None or kept.seq < seq:
                self._refresh(stage_key, None, claim=False)
                kept = self.snapshots[stage_key]
            kept.checked = time.monotonic()
        return self.latest(stage_key, view)

    def detail(self, stage_key: str, entry_key: str) -> dict[str, Any]:
        self.frame(stage_key)
        found = self.snapshots[stage_key].detail(entry_key)
        if found is None:
            raise ScoringError("unknown_entry", N_('There is no entry %(entry)s in stage %(stage)s.'), entry=entry_key, stage=stage_key)
        return found

    def latest(self, stage_key: str, view: str = "full") -> Frame:
        """The newest snapshot this process holds (what to answer a watch with, read right before
        the answer goes out, so it is never older than a broadcast the watcher may already have)."""
        return self.snapshots[stage_key].frames[view]

    # -- building and delivering --

    def _database_seq(self, stage_key: str) -> Optional[int]:
        """The stage's seq as the database has it now (None: no such stage)."""
        with self._sessions()() as session:
            return session.scalar(select(Stage.seq).where(Stage.key == stage_key))

    def _refresh(self, stage_key: str, touched: Optional[tuple[str, ...]], claim: bool = True) -> None:
        """Build the stage's snapshot and deliver it. With other processes: only if this process
        claims the seq first (claim=False: build for this process's own watchers regardless)."""
        previous = self.snapshots.get(stage_key)
        if self.queue is not None and claim:
            seq = self._database_seq(stage_key)
            if seq is None or not self.queue.claim(stage_key, seq):
                return  # another process builds this seq (or a newer one) and publishes it
        with self._sessions()() as session:
            snapshot = build(session, stage_key, previous, touched)
        if self.queue is not None and claim:
            self.queue.claim(stage_key, snapshot.seq)
            self.queue.publish(snapshot.message())
        self._deliver(snapshot)

    def revoke(self, judge_id: int) -> None:
        """The seat's token changed (someone else sits on it now): close its live connections, in
        every process, at once. Each is told why first (`revoked`); any action a connection still
        sends is refused anyway, since every action checks the seat's current token."""
        self._revoke_here(judge_id)
        if self.queue is not None:
            self.queue.publish({"revoke": judge_id})

    def _revoke_here(self, judge_id: int) -> None:
        server = self.socketio.server
        for namespace in OFFICIALS:
            for sid, _ in list(server.manager.get_participants(namespace, seat_room(judge_id))):
                server.emit("revoked", {"error": "bad_token", "message": "Someone else sits on this seat now; "
                                        "this login is no longer valid."}, to=sid, namespace=namespace, ignore_queue=True)
                server.disconnect(sid, namespace=namespace, ignore_queue=True)
                log.info("closed the %s connection %s of seat %s: its token was replaced", namespace, sid, judge_id)

    def _received(self, message: dict[str, Any]) -> None:
        """A message of another process: a seat to revoke, or a snapshot, delivered here unless this
        process sent a newer one (or the same) already; messages can overtake each other on the way."""
        if "revoke" in message:
            self._revoke_here(message["revoke"])
            return
        snapshot = Snapshot.from_message(message)
        with self._lock(snapshot.stage):
            if snapshot.seq > self.delivered.get(snapshot.stage, -1):
                self._deliver(snapshot)

    def _deliver(self, snapshot: Snapshot) -> None:
        """Keep the snapshot and send it to this process's watchers. A snapshot this process built is
        the database's word: one with the seq already sent is kept, not sent again; a lower one means
        the database was restored, and it is sent (boards take it after checking, docs/protocol.md)."""
        stage = snapshot.stage
        repeat = snapshot.seq == self.delivered.get(stage)
        if snapshot.seq < self.delivered.get(stage, -1):
            log.warning("stage %s is back at seq %s after %s: the database was restored", stage, snapshot.seq,
                        self.delivered[stage])
        self.delivered[stage] = snapshot.seq
        self.snapshots[stage] = snapshot
        self.snapshots.move_to_end(stage)
        while len(self.snapshots) > KEPT_STAGES:
            self.snapshots.popitem(last=False)
        if repeat:
            return
        server = self.socketio.server
        for view, frame in snapshot.frames.items():  # one websocket frame, written to every watcher
            packet = framed_event("/display", "standings", frame)
            for _, eio_sid in server.manager.get_participants("/display", stage_room(stage, view)):
                server._send_eio_packet(eio_sid, packet)
        for event, payload, room, namespace in snapshot.officials:
            server.emit(event, payload, to=room, namespace=namespace, ignore_queue=True)

    def send(self, sid: str, namespace: str, event: str, frame: Frame) -> None:
        """One frame to one connection of this process."""
        self.socketio.server.emit(event, frame, to=sid, namespace=namespace, ignore_queue=True)
