"""The audit trail: THE one writer of audit entries, its hash chain, and the check that finds rows
changed outside the application (`podium audit verify`).

Actors (one format, `kind:...`):

    judge:<judge id>:<seat key>           a judge's tablet (also scorekeeper:... and recorder:...,
                                          the officials' other consoles: role:<judge id>:<seat key>)
    organizer:<organizer id>:<username>   the organizer console
    cli:<os user>                         the `podium` command on the server's machine

An idempotent resend is found by (actor, client_id) (unique): the judge id and the seat key never
change for a seat, so an official's actor is the same for every resend.

The chain: every entry holds `prev_hash`, the `hash` of the entry before it in its chain, and its
own `hash` = sha256(canonical JSON of its fields and prev_hash). One chain per stage (the writes of
a stage are serialized by the stage's row lock that `scoring.service.bumped()` takes first in every
change) and one chain for the entries with no stage (serialized by an advisory lock on PostgreSQL;
SQLite has one writer). An entry edited, deleted or inserted by hand breaks its chain.
"""
from __future__ import annotations

import getpass
import hashlib
import json
from collections import defaultdict
from datetime import datetime
from decimal import Decimal, InvalidOperation
from types import SimpleNamespace
from typing import Any, Callable, Iterable, Optional

from sqlalchemy import Text, bindparam, insert, select, text, type_coerce
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from scoring.models import (AuditEntry, Award, AwardLevel, Criterion, Deduction, Entry, Event, Heat, Judge, Mark,
                            Scorecard, Stage, utcnow)

OFFICIAL_ROLES = ("judge", "scorekeeper", "recorder")
_ADVISORY = 0x706F64  # "pod": the first key of Podium's advisory locks; the second is 0 for the stageless chain


# --- actors ------------------------------------------------------------------------------------

def official_actor(role: str, judge_id: int, seat_key: str) -> str:
    """A judge, scorekeeper or recorder on the seat `seat_key` (the judge row `judge_id`)."""
    if role not in OFFICIAL_ROLES:
        raise ValueError(f"not an official's role: {role}")
    return f"{role}:{judge_id}:{seat_key}"


def organizer_actor(organizer_id: int, username: str) -> str:
    return f"organizer:{organizer_id}:{username}"


def cli_actor() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"cli:{user}"


# --- the chain ---------------------------------------------------------------------------------

def canonical(fields: dict[str, Any]) -> str:
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(at: datetime, actor: str, action: str, stage_id: Optional[int], entry_id: Optional[int],
                 client_id: Optional[str], detail: Any, stage_seq: Optional[int], note: Optional[str],
                 prev_hash: Optional[str]) -> str:
    """sha256 of an entry's fields and the hash of the entry before it (version 1 of the format)."""
    fields = {"v": 1, "at": at.isoformat(), "actor": actor, "action": action, "stage_id": stage_id,
              "entry_id": entry_id, "client_id": client_id, "detail": detail, "stage_seq": stage_seq,
              "note": note, "prev": prev_hash or ""}
    return hashlib.sha256(canonical(fields).encode()).hexdigest()


def row_hash(row) -> str:
    return content_hash(row.at, row.actor, row.action, row.stage_id, row.entry_id, row.client_id, row.detail,
                        row.stage_seq, row.note, row.prev_hash)


_INSERT = insert(AuditEntry)
_HEAD_OF_STAGE = (select(AuditEntry.hash).where(AuditEntry.stage_id == bindparam("stage"))
                  .order_by(AuditEntry.id.desc()).limit(1))
_HEAD_STAGELESS = select(AuditEntry.hash).where(AuditEntry.stage_id.is_(None)).order_by(AuditEntry.id.desc()).limit(1)


def record(session: Session, actor: str, action: str, *, stage_id: Optional[int] = None,
           entry_id: Optional[int] = None, client_id: Optional[str] = None, detail: Optional[dict] = None,
           stage_seq: Optional[int] = None, note: Optional[str] = None) -> None:
    """Write one audit entry in the session's transaction, chained to the last entry of its chain.

    An entry with a stage must be written after `bumped()` of that stage in the same transaction
    (its row lock orders the chain's writers on PostgreSQL). Two Core statements, no ORM."""
    connection = session.connection()
    if stage_id is None:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:a, 0)"), {"a": _ADVISORY})
        prev = connection.execute(_HEAD_STAGELESS).scalar()
    else:
        prev = connection.execute(_HEAD_OF_STAGE, {"stage": stage_id}).scalar()
    detail = detail or {}  # JSON-native values: the column gives back what canonical() writes out
    at = utcnow()
    connection.execute(_INSERT, {
        "at": at, "actor": actor, "action": action, "stage_id": stage_id, "entry_id": entry_id,
        "client_id": client_id, "detail": detail, "stage_seq": stage_seq, "note": note, "prev_hash": prev,
        "hash": content_hash(at, actor, action, stage_id, entry_id, client_id, detail, stage_seq, note, prev)})


# --- verification ------------------------------------------------------------------------------

def _chains(session: Session, problems: list[str]) -> list:
    """Every audit entry in id order; a line in `problems` for every break in a chain."""
    table = AuditEntry.__table__
    query = select(*(c for c in table.c if c.name != "detail"), type_coerce(table.c.detail, Text).label("raw_detail"))
    rows = []
    for read in session.execute(query.order_by(table.c.id)):
        row = SimpleNamespace(**read._mapping)
        try:  # the detail as text (SQLite) or as the driver parsed it (psycopg)
            row.detail = json.loads(row.raw_detail) if isinstance(row.raw_detail, (str, bytes)) else row.raw_detail
        except ValueError:
            row.detail = None
            problems.append(f"audit entry {row.id}: its detail is not JSON (edited outside the application)")
        rows.append(row)
    heads: dict[Optional[int], Optional[str]] = {}
    for row in rows:
        chain = "the stageless chain" if row.stage_id is None else f"the chain of stage {row.stage_id}"
        expected_prev = heads.get(row.stage_id)
        if row.hash is None:
            problems.append(f"audit entry {row.id}: no hash (inserted outside the application)")
        elif row_hash(row) != row.hash:
            problems.append(f"audit entry {row.id} ({row.action} by {row.actor}): its content does not match "
                            "its hash (edited outside the application)")
        if row.prev_hash != expected_prev:
            problems.append(f"audit entry {row.id}: {chain} is broken before it (an entry was deleted, inserted "
                            "or edited outside the application)")
        heads[row.stage_id] = row.hash
    return rows


def _decimal(value: Any) -> Optional[Decimal]:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _marks(session: Session, rows: list, problems: list[str]) -> None:
    """Each scorecard revision's marks as its `submit` entry says."""
    submitted: dict[tuple[int, int, int], dict[str, Any]] = {}
    for row in rows:
        if row.action == "submit" and row.actor.startswith("judge:"):
            judge_id = int(row.actor.split(":")[1])
            detail = row.detail or {}
            submitted[(judge_id, row.entry_id, detail.get("revision"))] = detail.get("marks") or {}
    stored: dict[tuple[int, int, int], dict[str, Decimal]] = defaultdict(dict)
    cards = {}
    for card_id, judge_id, entry_id, revision in session.execute(
            select(Scorecard.id, Scorecard.judge_id, Scorecard.entry_id, Scorecard.revision)):
        cards[card_id] = (judge_id, entry_id, revision)
        stored[(judge_id, entry_id, revision)]  # a scorecard with no marks is still a scorecard
    for card_id, key, value in session.execute(
            select(Mark.scorecard_id, Criterion.key, Mark.value).join(Criterion, Mark.criterion_id == Criterion.id)):
        if card_id in cards:
            stored[cards[card_id]][key] = value
    names = dict(session.execute(select(Entry.id, Entry.key)).all())
    seats = dict(session.execute(select(Judge.id, Judge.key)).all())
    for key in sorted(set(stored) | set(submitted), key=lambda k: tuple(-1 if v is None else v for v in k)):
        judge_id, entry_id, revision = key
        what = (f"scorecard of judge {seats.get(judge_id, judge_id)} for entry {names.get(entry_id, entry_id)}, "
                f"revision {revision}")
        if key not in submitted:
            problems.append(f"{what}: not in the audit (added outside the application)")
        elif key not in stored:
            if judge_id in seats and entry_id in names:
                problems.append(f"{what}: in the audit but missing (deleted outside the application)")
        else:
            audited = {k: _decimal(v) for k, v in submitted[key].items()}
            for criterion in sorted(set(audited) | set(stored[key])):
                have, want = stored[key].get(criterion), audited.get(criterion)
                if have != want:
                    problems.append(f"{what}: mark {criterion} is {have} in the table, {want} in the audit "
                                    "(changed outside the application)")


def _locks(session: Session, rows: list, problems: list[str]) -> None:
    """Each judged entry's lock as its last lock/unlock says; each measured entry's as its heat's
    last confirm/reopen says."""
    entry_locked: dict[int, bool] = {}
    heat_confirmed: dict[tuple[int, str], bool] = {}
    for row in rows:
        if row.action in ("lock", "unlock") and row.entry_id is not None:
            entry_locked[row.entry_id] = row.action == "lock"
        elif row.action in ("confirm", "reopen") and row.actor.startswith("recorder:"):
            heat_confirmed[(row.stage_id, (row.detail or {}).get("heat"))] = row.action == "confirm"
    query = (select(Entry.id, Entry.key, Entry.stage_id, Entry.locked, Event.format, Heat.key.label("heat"))
             .join(Stage, Entry.stage_id == Stage.id).join(Event, Stage.event_id == Event.id)
             .outerjoin(Heat, Entry.heat_id == Heat.id))
    for entry in session.execute(query):
        if entry.format == "judged":
            want = entry_locked.get(entry.id, False)
        elif entry.format == "measured" and entry.heat is not None:
            want = heat_confirmed.get((entry.stage_id, entry.heat), False)
        else:
            continue
        if bool(entry.locked) != want:
            have_text, want_text = ("locked" if entry.locked else "unlocked"), ("locked" if want else "unlocked")
            problems.append(f"entry {entry.key} (stage {entry.stage_id}): {have_text} in the table, {want_text} "
                            "in the audit (changed outside the application)")


def _deductions(session: Session, rows: list, problems: list[str]) -> None:
    audited: dict[tuple[int, str], Optional[Decimal]] = {}
    for row in rows:
        if row.action == "deduct" and row.entry_id is not None:
            for key, amount in ((row.detail or {}).get("deductions") or {}).items():
                audited[(row.entry_id, key)] = _decimal(amount)
    stored = {(entry_id, key): amount for entry_id, key, amount in
              session.execute(select(Deduction.entry_id, Deduction.key, Deduction.amount))}
    names = dict(session.execute(select(Entry.id, Entry.key)).all())
    for entry_id, key in sorted(set(audited) | set(stored)):
        have, want = stored.get((entry_id, key)), audited.get((entry_id, key))
        if have != want and entry_id in names:
            problems.append(f"deduction {key} of entry {names[entry_id]}: {have} in the table, {want} in the audit "
                            "(changed outside the application)")


def _awards(session: Session, rows: list, problems: list[str]) -> None:
    """Each stage's awards as its last `awards` entry gave them."""
    audited: dict[int, dict[str, str]] = {}
    for row in rows:
        if row.action == "awards" and row.stage_id is not None:
            audited[row.stage_id] = (row.detail or {}).get("awards") or {}
    stored: dict[int, dict[str, str]] = defaultdict(dict)
    for stage_id, entry_key, level in session.execute(
            select(Award.stage_id, Entry.key, AwardLevel.name).join(Entry, Award.entry_id == Entry.id)
            .join(AwardLevel, Award.level_id == AwardLevel.id)):
        stored[stage_id][entry_key] = level
    keys = dict(session.execute(select(Stage.id, Stage.key)).all())
    for stage_id in sorted(set(audited) | set(stored)):
        have, want = stored.get(stage_id, {}), audited.get(stage_id, {})
        for entry_key in sorted(set(have) | set(want)):
            if have.get(entry_key) != want.get(entry_key):
                problems.append(f"award of entry {entry_key} (stage {keys.get(stage_id, stage_id)}): "
                                f"{have.get(entry_key) or 'none'} in the table, {want.get(entry_key) or 'none'} "
                                "in the audit (changed outside the application)")


def _drawings(session: Session, rows: list, problems: list[str]) -> None:
    """Each tie's drawing of lots (a match stage's settings.drawings) as its last `lots` entry gave it."""
    audited: dict[tuple[int, str, frozenset], list] = {}
    for row in rows:
        if row.action == "lots" and row.stage_id is not None:
            detail = row.detail or {}
            audited[(row.stage_id, detail.get("group"), frozenset(detail.get("order") or ()))] = detail.get("order")
    stored = {}
    keys = {}
    for stage_id, stage_key, settings in session.execute(select(Stage.id, Stage.key, Stage.settings)):
        keys[stage_id] = stage_key
        for drawing in (settings or {}).get("drawings") or []:
            stored[(stage_id, drawing.get("group"), frozenset(drawing.get("order") or ()))] = drawing.get("order")
    for key in sorted(set(audited) | set(stored), key=lambda k: (k[0], str(k[1]), sorted(k[2]))):
        have, want = stored.get(key), audited.get(key)
        if have != want:
            problems.append(f"drawing of lots in group {key[1] or '-'} (stage {keys.get(key[0], key[0])}): "
                            f"{have or 'none'} in the table, {want or 'none'} in the audit "
                            "(changed outside the application)")


def verify(sessions: sessionmaker[Session]) -> list[str]:
    """Every chain checked, and the marks, locks, deductions, awards and drawings of lots recomputed from the audit
    and compared with the tables, in one read transaction: a plain line per problem, [] when clean."""
    problems: list[str] = []
    with sessions() as session, session.begin():
        rows = _checked(session, problems, "the audit", lambda: _chains(session, problems)) or []
        for what, step in (("the marks", _marks), ("the locks", _locks), ("the deductions", _deductions),
                           ("the awards", _awards), ("the drawings of lots", _drawings)):
            _checked(session, problems, what, lambda: step(session, rows, problems))
    return problems


def _checked(session: Session, problems: list[str], what: str, step: Callable[[], Any]) -> Any:
    """A step of the check; a table that cannot even be read (a value no column type accepts,
    written by hand) is a problem of its own, and the other steps still run."""
    try:
        with session.begin_nested():
            return step()
    except (ValueError, TypeError, ArithmeticError, KeyError, SQLAlchemyError) as unreadable:
        problems.append(f"{what}: a row cannot be read ({type(unreadable).__name__}: {str(unreadable)[:200]}): "
                        "changed outside the application")
        return None


# What `podium run` found at start, shown on the organizer console and the chief judge's tablet
# (one process serves one database; nothing else sets it).
findings: list[str] = []


def warning() -> Optional[str]:
    """The warning to show when the check at start failed, or None."""
    if not findings:
        return None
    return f"{len(findings)} audit problem(s): {findings[0]}"


def remember(found: Iterable[str]) -> None:
    findings[:] = list(found)
