"""The scoring service: every change to a stage goes through one of these functions.

Each validates, authorizes, writes the change and its audit entry and bumps the stage's sequence
number in ONE transaction, and returns only after the commit. Socket.IO handlers, HTTP views and
the CLI are thin callers. Refusals raise ScoringError and store nothing.
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, Optional

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, sessionmaker

from scoring.db import transaction
from scoring.errors import ScoringError
from scoring.models import AuditEntry, Deduction, Entry, Judge, Mark, Scorecard, Stage
from scoring.rulebook import event_rule
from scoring.rules import judged

MAX_PAYLOAD_BYTES = 4096
MAX_MARKS = 64


@dataclass(frozen=True)
class Outcome:
    """What a service call did: the stage it touched, and for a submit the scorecard's revision."""

    stage: str
    changed: bool
    revision: Optional[int] = None

    def as_ack(self) -> dict:
        ack: dict[str, Any] = {"ok": True}
        if self.revision is not None:
            ack["revision"] = self.revision
        return ack


def judge_for_token(sessions: sessionmaker[Session], token: Any) -> Optional[Judge]:
    if not isinstance(token, str) or not 0 < len(token) <= 64:
        return None
    with sessions() as session:
        return session.scalar(select(Judge).where(Judge.token == token).options(
            joinedload(Judge.stage).joinedload(Stage.event)))


# --- shared checks -------------------------------------------------------------------------

def checked_payload(data: Any) -> dict:
    if not isinstance(data, dict):
        raise ScoringError("bad_request", "The payload must be a JSON object.")
    try:
        size = len(json.dumps(data, ensure_ascii=False, default=str).encode())
    except (TypeError, ValueError):
        raise ScoringError("bad_request", "The payload is not plain JSON.")
    if size > MAX_PAYLOAD_BYTES:
        raise ScoringError("too_large", f"The payload is {size} bytes; at most {MAX_PAYLOAD_BYTES} are accepted.")
    return data


def client_id_of(data: dict) -> str:
    client_id = data.get("client_id")
    if client_id is None:
        return str(uuid.uuid4())
    if not isinstance(client_id, str) or not 0 < len(client_id) <= 64:
        raise ScoringError("bad_request", "client_id must be a string of 1 to 64 characters.")
    return client_id


def official(session: Session, judge_id: int, chief: bool = False) -> Judge:
    judge = session.get(Judge, judge_id)
    if judge is None:
        raise ScoringError("bad_token", "This login is no longer valid; scan your QR code again.")
    if chief and not judge.chief:
        raise ScoringError("not_chief", "Only the chief judge can do this.")
    return judge


def in_own_stage(session: Session, judge: Judge, model, key: Any, noun: str):
    """The entry or fixture `key` of the official's own stage: `unknown_<noun>` if there is none
    anywhere, `not_assigned` if it belongs to another stage (someone else's)."""
    if not isinstance(key, str) or not key:
        raise ScoringError(f"unknown_{noun}", f"No {noun} was named.")
    found = session.scalar(select(model).where(model.stage_id == judge.stage_id, model.key == key))
    if found is not None:
        return found
    if session.scalar(select(model.id).where(model.key == key).limit(1)) is not None:
        raise ScoringError("not_assigned", f"The {noun} {key} is not in your stage.")
    raise ScoringError(f"unknown_{noun}", f"There is no {noun} {key}.")


def _entry(session: Session, judge: Judge, key: Any) -> Entry:
    return in_own_stage(session, judge, Entry, key, "entry")


def _unlocked(entry: Entry) -> Entry:
    if entry.locked:
        raise ScoringError("locked", f"Entry {entry.key} is locked by the chief judge.")
    return entry


def bump_seq(session: Session, stage_id: int) -> int:
    """Advance the stage's sequence number. Done first in every change: the row lock it takes on
    PostgreSQL (and the write lock on SQLite) makes changes to one stage run one after another, so
    revision numbers and checks read afterwards are never stale. A refused change rolls it back."""
    return session.execute(
        update(Stage).where(Stage.id == stage_id).values(seq=Stage.seq + 1).returning(Stage.seq)
    ).scalar_one()


def _audit(session: Session, judge: Judge, seq: int, action: str, entry: Optional[Entry], detail: dict,
           client_id: Optional[str] = None) -> None:
    session.add(AuditEntry(actor=f"judge:{judge.id}:{judge.key}", action=action, stage_id=judge.stage_id,
                           entry_id=entry.id if entry else None, client_id=client_id, detail=detail,
                           stage_seq=seq))


def with_retry(attempt: Callable[[], Outcome], replay: Callable[[], Optional[Outcome]]) -> Outcome:
    """Run a write; when a concurrent twin won the race (unique violation) answer as a replay."""
    for _ in range(3):
        try:
            return attempt()
        except IntegrityError:
            found = replay()
            if found is not None:
                return found
    raise ScoringError("busy", "The server is busy; please send again.")


def official_change(sessions: sessionmaker[Session], judge_id: int, data: Any, role: str, action: str,
                    change: Callable[[Session, Judge, dict], dict], chief: bool = False) -> Outcome:
    """One official's change to their stage (a scorekeeper's, a recorder's) in one transaction,
    idempotent on the client id: `change(session, official, data)` makes it (or raises ScoringError)
    and returns the audit detail; the audit entry is written under `role:id:key` with the client id,
    so a resend is acknowledged again and stored once."""
    data = checked_payload(data)
    client_id = client_id_of(data)
    actor_prefix = f"{role}:{judge_id}:"

    def attempt() -> Outcome:
        with transaction(sessions) as session:
            judge = official(session, judge_id, chief=chief)
            seq = bump_seq(session, judge.stage_id)
            detail = change(session, judge, data)
            reason = detail.get("reason")
            session.add(AuditEntry(actor=f"{actor_prefix}{judge.key}", action=action, stage_id=judge.stage_id,
                                   client_id=client_id, detail=detail, stage_seq=seq,
                                   note=reason if isinstance(reason, str) else None))
            return Outcome(stage=judge.stage.key, changed=True)

    def replay() -> Optional[Outcome]:
        with sessions() as session:
            done = session.scalar(select(AuditEntry.id).where(
                AuditEntry.actor.like(f"{actor_prefix}%"), AuditEntry.client_id == client_id))
            judge = session.get(Judge, judge_id) if done is not None else None
            return Outcome(stage=judge.stage.key, changed=False) if judge is not None else None

    return replay() or with_retry(attempt, replay)


# --- judges' marks ---------------------------------------------------------------------------

def _checked_marks(rule: judged.JudgedRule, marks: Any) -> dict[str, Decimal]:
    if not isinstance(marks, dict):
        raise ScoringError("bad_request", "marks must be an object of criterion: number.")
    if len(marks) > MAX_MARKS:
        raise ScoringError("too_large", f"At most {MAX_MARKS} marks are accepted.")
    criteria = {c.key: c for c in rule.criteria}
    unknown = sorted(str(k) for k in marks if k not in criteria)
    if unknown:
        raise ScoringError("unknown_criterion", f"Unknown criterion: {', '.join(unknown)}.")
    missing = [k for k in criteria if k not in marks]
    if missing:
        raise ScoringError("missing_criterion", f"Missing marks for: {', '.join(missing)}.")
    checked = {}
    for key, criterion in criteria.items():
        try:
            checked[key] = judged.check_mark(criterion, marks[key])
        except judged.MarkError as refused:
            raise ScoringError(refused.code, refused.message)
    return checked


def _replayed_scorecard(sessions, judge_id: int, client_id: str) -> Optional[Outcome]:
    with sessions() as session:
        found = session.execute(
            select(Scorecard.revision, Stage.key).join(Entry, Scorecard.entry_id == Entry.id)
            .join(Stage, Entry.stage_id == Stage.id)
            .where(Scorecard.judge_id == judge_id, Scorecard.client_id == client_id)).first()
    return None if found is None else Outcome(stage=found.key, changed=False, revision=found.revision)


def submit_scorecard(sessions: sessionmaker[Session], judge_id: int, data: Any) -> Outcome:
    """Store one judge's marks for one entry as the next revision of their scorecard."""
    data = checked_payload(data)
    client_id = client_id_of(data)

    def attempt() -> Outcome:
        with transaction(sessions) as session:
            judge = official(session, judge_id)
            seq = bump_seq(session, judge.stage_id)  # first write: one writer per stage from here on
            entry = _unlocked(_entry(session, judge, data.get("entry")))
            rule = event_rule(judge.stage.event)
            marks = _checked_marks(rule, data.get("marks"))
            revision = 1 + (session.scalar(select(func.max(Scorecard.revision)).where(
                Scorecard.judge_id == judge_id, Scorecard.entry_id == entry.id)) or 0)
            criterion_ids = {c.key: c.id for c in judge.stage.event.criteria}
            session.add(Scorecard(judge_id=judge_id, entry_id=entry.id, revision=revision, client_id=client_id,
                                  marks=[Mark(criterion_id=criterion_ids[k], value=v) for k, v in marks.items()]))
            _audit(session, judge, seq, "submit", entry,
                   {"revision": revision, "marks": {k: str(v) for k, v in marks.items()}}, client_id)
            return Outcome(stage=judge.stage.key, changed=True, revision=revision)

    def replay() -> Optional[Outcome]:
        return _replayed_scorecard(sessions, judge_id, client_id)

    return replay() or with_retry(attempt, replay)


# --- chief judge -----------------------------------------------------------------------------

def _complete(session: Session, entry: Entry) -> bool:
    judges_marked = session.scalar(
        select(func.count(func.distinct(Scorecard.judge_id))).where(Scorecard.entry_id == entry.id))
    return judges_marked == len(entry.stage.judges)


def _chief_action(sessions, judge_id: int, data: Any, act: Callable[[Session, Judge, dict], Optional[Entry]],
                  action: str) -> Outcome:
    data = checked_payload(data)
    with transaction(sessions) as session:
        judge = official(session, judge_id, chief=True)
        seq = bump_seq(session, judge.stage_id)
        entry = act(session, judge, data)
        _audit(session, judge, seq, action, entry, {k: v for k, v in data.items() if k != "client_id"})
        return Outcome(stage=judge.stage.key, changed=True)


def lock_entry(sessions: sessionmaker[Session], judge_id: int, data: Any) -> Outcome:
    """The chief judge confirms an entry's marks: its result becomes final."""
    def act(session, judge, data):
        entry = _entry(session, judge, data.get("entry"))
        if entry.locked:
            raise ScoringError("locked", f"Entry {entry.key} is already locked.")
        if not _complete(session, entry):
            raise ScoringError("incomplete", f"Not every judge has marked entry {entry.key} yet.")
        entry.locked = True
        return entry
    return _chief_action(sessions, judge_id, data, act, "lock")


def unlock_entry(sessions: sessionmaker[Session], judge_id: int, data: Any) -> Outcome:
    """The chief judge reopens an entry for corrections: its result is provisional again."""
    def act(session, judge, data):
        entry = _entry(session, judge, data.get("entry"))
        if not entry.locked:
            raise ScoringError("not_locked", f"Entry {entry.key} is not locked.")
        entry.locked = False
        return entry
    return _chief_action(sessions, judge_id, data, act, "unlock")


def call_next(sessions: sessionmaker[Session], judge_id: int, data: Any) -> Outcome:
    """The chief judge calls the next entry in running order (or a named one): every tablet and board follows."""
    def act(session, judge, data):
        stage = judge.stage
        if data.get("entry") is not None:
            entry = _entry(session, judge, data["entry"])
        else:
            current = stage.current_entry
            later = [e for e in stage.entries if current is None or e.running_order > current.running_order]
            if not later:
                raise ScoringError("no_next", "The running order is finished.")
            entry = later[0]
        stage.current_entry = entry
        return entry
    return _chief_action(sessions, judge_id, data, act, "call")


def _checked_amount(deduction: judged.Deduction, amount: Any) -> Decimal:
    """An amount is checked like a mark: a count of infringements in whole steps, a measure to 0.01."""
    scale = judged.Criterion(key=deduction.key, name=deduction.name, max=Decimal(100000),
                             step=Decimal(1) if deduction.per is None else Decimal("0.01"))
    try:
        return judged.check_mark(scale, amount)
    except judged.MarkError as refused:
        raise ScoringError(refused.code, refused.message)


def record_deductions(sessions: sessionmaker[Session], judge_id: int, data: Any) -> Outcome:
    """The chief judge records amounts for the rule's deductions (e.g. seconds over time)."""
    def act(session, judge, data):
        entry = _unlocked(_entry(session, judge, data.get("entry")))
        amounts = data.get("deductions")
        if not isinstance(amounts, dict):
            raise ScoringError("bad_request", "deductions must be an object of deduction: amount.")
        known = {d.key: d for d in event_rule(judge.stage.event).deductions}
        for key, amount in amounts.items():
            if key not in known:
                raise ScoringError("unknown_deduction", f"Unknown deduction: {key}.")
            value = _checked_amount(known[key], amount)
            row = session.scalar(select(Deduction).where(Deduction.entry_id == entry.id, Deduction.key == key))
            if row is None:
                session.add(Deduction(entry_id=entry.id, key=key, amount=value))
            else:
                row.amount = value
        return entry
    return _chief_action(sessions, judge_id, data, act, "deduct")
