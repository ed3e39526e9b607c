"""The scoring service: every change to a stage goes through one of these functions.

Each validates, authorizes, writes the change and its audit entry and bumps the stage's sequence
number in ONE transaction, and returns only after the commit. Socket.IO handlers, HTTP views and
the CLI are thin callers. Refusals raise ScoringError and store nothing.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, NamedTuple, Optional, Union

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, sessionmaker

from scoring import audit
from scoring.db import transaction
from scoring.errors import N_, ScoringError, shown_entry
from scoring.models import AuditEntry, Criterion, Deduction, Entry, Event, Judge, Mark, Scorecard, Stage
from scoring.rulebook import build_judged_rule
from scoring.rules import judged

MAX_PAYLOAD_BYTES = 4096
MAX_MARKS = 64
LONGEST_OVERTIME_SECONDS = 3600  # a measured deduction's bound when the stage's times are not set
MOST_INFRINGEMENTS = 99  # a counted deduction's bound (falls, false starts)


class Seat(NamedTuple):
    """An official as a live connection holds them: their seat (the judge row) and the token they
    logged in with. Once the seat's token changes (someone else is seated on it, or it is revoked)
    every action of that connection is refused. In-process callers (the CLI, tests) name the seat by
    its id alone: no token to check."""

    id: int
    token: Optional[str] = None


def seat_of(official: Union[Seat, int]) -> Seat:
    return official if isinstance(official, Seat) else Seat(official)


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
        raise ScoringError("bad_request", 'The payload must be a JSON object.')
    try:  # what is stored of it is checked field by field; here only its size (and nothing nested too deep)
        size = len(json.dumps(data, ensure_ascii=False, default=str).encode())
    except (TypeError, ValueError, RecursionError):
        raise ScoringError("bad_request", 'The payload is not plain JSON.')
    if size > MAX_PAYLOAD_BYTES:
        raise ScoringError("too_large", 'The message is %(size)s bytes; at most %(most)s are accepted.', size=size, most=MAX_PAYLOAD_BYTES)
    return data


def request_digest(data: dict) -> str:
    """What a request asked for, as a short hash of its payload without the client id: a resend
    with the same client id must ask for the same thing (`client_id_reused` otherwise)."""
    asked = {k: v for k, v in data.items() if k != "client_id"}
    text = json.dumps(asked, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def same_request(detail: Any, data: dict) -> bool:
    """Whether the audit detail of a stored request (its `request` digest) matches this payload;
    entries written before digests were kept match any payload."""
    digest = detail.get("request") if isinstance(detail, dict) else None
    return digest is None or hmac.compare_digest(digest, request_digest(data))


def reused(client_id: str) -> ScoringError:
    return ScoringError("client_id_reused", 'The client_id %(client_id)s was used before for a different request; send a new request with a new client_id.', client_id=client_id)


def client_id_of(data: dict) -> str:
    client_id = data.get("client_id")
    if client_id is None:
        return str(uuid.uuid4())
    if not isinstance(client_id, str) or not 0 < len(client_id) <= 64:
        raise ScoringError("bad_request", 'client_id must be a string of 1 to 64 characters.')
    return client_id


# The judges' writes are the hot path (150 a second at a county final): their statements are built
# once and run on the session's connection in Core, which costs about a sixth of building each one
# per call and running it through the ORM (17 against 120 microseconds a query, measured).
_OFFICIAL = select(Judge.id, Judge.key, Judge.stage_id, Judge.chief, Judge.token).where(Judge.id == bindparam("judge"))
_BUMP = (update(Stage).where(Stage.id == bindparam("stage")).values(seq=Stage.seq + 1)
         .returning(Stage.seq, Stage.key, Stage.event_id, Stage.current_entry_id))
_ENTRY_COLUMNS = (Entry.id, Entry.key, Entry.locked, Entry.running_order)
_ENTRY = select(*_ENTRY_COLUMNS).where(Entry.stage_id == bindparam("stage"), Entry.key == bindparam("key"))
_ENTRY_AND_REVISION = select(*_ENTRY_COLUMNS, select(func.max(Scorecard.revision)).where(
    Scorecard.judge_id == bindparam("judge"), Scorecard.entry_id == Entry.id).scalar_subquery().label("revision")
).where(Entry.stage_id == bindparam("stage"), Entry.key == bindparam("key"))
_RULE = (select(Event.rule, Criterion.id, Criterion.key, Criterion.name, Criterion.max, Criterion.step, Criterion.weight)
         .outerjoin(Criterion, Criterion.event_id == Event.id).where(Event.id == bindparam("event"))
         .order_by(Criterion.position))
_REPLAYED = (select(Scorecard.revision, Stage.key, select(AuditEntry.detail).where(
                 AuditEntry.entry_id == Scorecard.entry_id, AuditEntry.client_id == Scorecard.client_id,
                 AuditEntry.action == "submit").limit(1).scalar_subquery().label("detail"))
             .join(Entry, Scorecard.entry_id == Entry.id).join(Stage, Entry.stage_id == Stage.id)
             .where(Scorecard.judge_id == bindparam("judge"), Scorecard.client_id == bindparam("client_id")))
_RUNNING_ORDER = select(Entry.running_order).where(Entry.id == bindparam("entry"))
_SCORECARD = insert(Scorecard).returning(Scorecard.id)
_MARKS = insert(Mark)


def _seated(judge, chief: bool, seat: Seat):
    if judge is None or (seat.token is not None and not hmac.compare_digest(judge.token, seat.token)):
        raise ScoringError("bad_token", N_('This login is no longer valid; scan your QR code again.'))
    if chief and not judge.chief:
        raise ScoringError("not_chief", N_('Only the chief judge can do this.'))
    return judge


def official(session: Session, seat: Union[Seat, int], chief: bool = False) -> Judge:
    """The official on the seat, refused (`bad_token`) once the seat's token is not the one the
    connection logged in with; `not_chief` for a chief's action by another judge."""
    seat = seat_of(seat)
    return _seated(session.get(Judge, seat.id), chief, seat)


def official_row(session: Session, seat: Union[Seat, int], chief: bool = False):
    """The official as a row (id, key, stage_id, chief, token): what the judges' writes need,
    without loading the model and its relationships; refused like `official`."""
    seat = seat_of(seat)
    return _seated(session.connection().execute(_OFFICIAL, {"judge": seat.id}).first(), chief, seat)


def _named(key: Any, noun: str) -> str:
    if not isinstance(key, str) or not key:
        raise ScoringError(f"unknown_{noun}", 'No %(noun)s was named.', noun=noun)
    return key


def _not_found(session: Session, model, key: str, noun: str) -> ScoringError:
    """Why `key` is not in the official's stage: `not_assigned` if it belongs to another stage
    (someone else's), `unknown_<noun>` if there is none anywhere."""
    if session.scalar(select(model.id).where(model.key == key).limit(1)) is not None:
        return ScoringError("not_assigned", N_('%(key)s is not in your stage.'), key=key)
    return ScoringError(f"unknown_{noun}", N_('%(key)s does not exist (any more).'), key=key)


def in_own_stage(session: Session, judge: Judge, model, key: Any, noun: str):
    """The entry or fixture `key` of the official's own stage: `unknown_<noun>` if there is none
    anywhere, `not_assigned` if it belongs to another stage (someone else's)."""
    key = _named(key, noun)
    found = session.scalar(select(model).where(model.stage_id == judge.stage_id, model.key == key))
    if found is None:
        raise _not_found(session, model, key, noun)
    return found


def _entry(session: Session, stage_id: int, key: Any, query=_ENTRY, **params):
    """The entry `key` of the stage as a row (id, key, locked), refused like in_own_stage."""
    key = _named(key, "entry")
    found = session.connection().execute(query, {"stage": stage_id, "key": key, **params}).first()
    if found is None:
        raise _not_found(session, Entry, key, "entry")
    return found


def _unlocked(entry):
    if entry.locked:
        raise ScoringError("locked", N_('%(entry)s is locked by the chief judge.'), entry=shown_entry(entry))
    return entry


def bumped(session: Session, stage_id: int):
    """Advance the stage's sequence number; the stage's row after it (seq, key, event_id,
    current_entry_id). Done first in every change: the row lock it takes on PostgreSQL (and the
    write lock on SQLite) makes changes to one stage run one after another, so revision numbers and
    checks read afterwards are never stale. A refused change rolls it back."""
    return session.execute(_BUMP, {"stage": stage_id}).one()


def bump_seq(session: Session, stage_id: int) -> int:
    return bumped(session, stage_id).seq


def _judged_rule(session: Session, event_id: int) -> tuple[judged.JudgedRule, dict[str, int]]:
    """The event's judged rule and its criteria's ids by key, in one query."""
    rows = session.connection().execute(_RULE, {"event": event_id}).all()
    criteria = [row for row in rows if row.id is not None]
    rule = build_judged_rule(rows[0].rule or {}, ({"key": c.key, "name": c.name, "max": c.max, "step": c.step,
                                                   "weight": c.weight} for c in criteria))
    return rule, {c.key: c.id for c in criteria}


def _actor(judge) -> str:
    return audit.official_actor("judge", judge.id, judge.key)


def _audit(session: Session, judge, seq: int, action: str, entry_id: Optional[int], detail: dict,
           client_id: Optional[str] = None) -> None:
    audit.record(session, _actor(judge), action, stage_id=judge.stage_id,
                 entry_id=entry_id, client_id=client_id, detail=detail, stage_seq=seq)


class _Replayed(Exception):
    """Raised in a transaction that found its request stored already: the seq it bumped is rolled
    back, and the caller gets the stored request's answer."""

    def __init__(self, outcome: Outcome):
        super().__init__(outcome)
        self.outcome = outcome


def with_retry(attempt: Callable[[], Outcome], replay: Callable[[], Optional[Outcome]]) -> Outcome:
    """Run a write; a resend found stored inside it (`_Replayed`), or a concurrent twin that won the
    race (unique violation), is answered as a replay."""
    for _ in range(3):
        try:
            return attempt()
        except _Replayed as stored:
            return stored.outcome
        except IntegrityError:
            found = replay()
            if found is not None:
                return found
    raise ScoringError("busy", N_('The server is busy; please send again.'))


def _stored_request(session: Session, actor: str, client_id: str, data: dict) -> bool:
    """Whether `actor`'s request with this client id was stored already (the unique key of the audit
    entries); `client_id_reused` if what was stored asked for something else."""
    detail = session.execute(select(AuditEntry.detail).where(AuditEntry.actor == actor,
                                                             AuditEntry.client_id == client_id)).first()
    if detail is None:
        return False
    if not same_request(detail[0], data):
        raise reused(client_id)
    return True


def official_change(sessions: sessionmaker[Session], seat: Union[Seat, int], data: Any, role: str, action: str,
                    change: Callable[[Session, Judge, dict], dict], chief: bool = False) -> Outcome:
    """One official's change to their stage (a scorekeeper's, a recorder's) in one transaction,
    idempotent on the client id: `change(session, official, data)` makes it (or raises ScoringError)
    and returns the audit detail; the audit entry is written under `role:id:key` with the client id
    and the request's digest, so a resend is acknowledged again and stored once, and a client id
    used again for another request is refused (`client_id_reused`). The resend is looked for after
    the stage's row is locked, so two copies of one request never both pass the check."""
    data = checked_payload(data)
    client_id = client_id_of(data)
    seat = seat_of(seat)

    def attempt() -> Outcome:
        with transaction(sessions) as session:
            judge = official(session, seat, chief=chief)
            actor = audit.official_actor(role, seat.id, judge.key)
            seq = bump_seq(session, judge.stage_id)
            if _stored_request(session, actor, client_id, data):
                raise _Replayed(Outcome(stage=judge.stage.key, changed=False))
            detail = change(session, judge, data)
            reason = detail.get("reason")
            audit.record(session, actor, action, stage_id=judge.stage_id,
                         client_id=client_id, detail={**detail, "request": request_digest(data)}, stage_seq=seq,
                         note=reason if isinstance(reason, str) else None)
            return Outcome(stage=judge.stage.key, changed=True)

    def replay() -> Optional[Outcome]:
        with sessions() as session:
            judge = official(session, seat, chief=chief)
            stored = _stored_request(session, audit.official_actor(role, seat.id, judge.key), client_id, data)
            return Outcome(stage=judge.stage.key, changed=False) if stored else None

    return with_retry(attempt, replay)


# --- judges' marks ---------------------------------------------------------------------------

def _checked_marks(rule: judged.JudgedRule, marks: Any) -> dict[str, Decimal]:
    if not isinstance(marks, dict):
        raise ScoringError("bad_request", 'marks must be an object of criterion: number.')
    if len(marks) > MAX_MARKS:
        raise ScoringError("too_large", 'At most %(most)s marks are accepted.', most=MAX_MARKS)
    criteria = {c.key: c for c in rule.criteria}
    unknown = sorted(str(k) for k in marks if k not in criteria)
    if unknown:
        raise ScoringError("unknown_criterion", N_('Not a criterion of this event: %(unknown)s.'), unknown=unknown)
    missing = [k for k in criteria if k not in marks]
    if missing:
        raise ScoringError("missing_criterion", N_('Missing marks for: %(missing)s.'), missing=missing)
    checked = {}
    for key, criterion in criteria.items():
        try:
            checked[key] = judged.check_mark(criterion, marks[key])
        except judged.MarkError as refused:
            raise ScoringError(refused.code, refused.told)
    return checked


def _replayed_scorecard(session: Session, judge_id: int, client_id: str, data: dict) -> Optional[Outcome]:
    """The answer to a resend of a scorecard stored already; `client_id_reused` if the stored one
    was for another entry or other marks."""
    found = session.connection().execute(_REPLAYED, {"judge": judge_id, "client_id": client_id}).first()
    if found is None:
        return None
    if not same_request(found.detail, data):
        raise reused(client_id)
    return Outcome(stage=found.key, changed=False, revision=found.revision)


def _called(session: Session, stage, entry):
    """Marks are taken for the entry the chief judge has called, or an earlier one (in running
    order) not yet locked: a judge who was late, or corrects a mark. Never for one not yet called."""
    if stage.current_entry_id == entry.id:
        return entry
    current = None if stage.current_entry_id is None else session.connection().execute(
        _RUNNING_ORDER, {"entry": stage.current_entry_id}).scalar()
    if current is None or (entry.running_order, entry.id) > (current, stage.current_entry_id):
        raise ScoringError("not_called", N_('%(entry)s has not been called yet; marks are taken once the chief judge calls it.'), entry=shown_entry(entry))
    return entry


def submit_scorecard(sessions: sessionmaker[Session], seat: Union[Seat, int], data: Any) -> Outcome:
    """Store one judge's marks for one entry as the next revision of their scorecard."""
    data = checked_payload(data)
    client_id = client_id_of(data)
    seat = seat_of(seat)
    judge_id = seat.id

    def attempt() -> Outcome:
        with transaction(sessions) as session:
            replayed = _replayed_scorecard(session, judge_id, client_id, data)  # a resend: stored already
            if replayed is not None:
                return replayed
            judge = official_row(session, seat)
            stage = bumped(session, judge.stage_id)  # first write: one writer per stage from here on
            entry = _unlocked(_entry(session, judge.stage_id, data.get("entry"), _ENTRY_AND_REVISION, judge=judge_id))
            _called(session, stage, entry)
            rule, criterion_ids = _judged_rule(session, stage.event_id)
            marks = _checked_marks(rule, data.get("marks"))
            revision = 1 + (entry.revision or 0)
            connection = session.connection()
            scorecard_id = connection.execute(_SCORECARD, {"judge_id": judge_id, "entry_id": entry.id,
                                                           "revision": revision, "client_id": client_id}).scalar_one()
            connection.execute(_MARKS, [{"scorecard_id": scorecard_id, "criterion_id": criterion_ids[k], "value": v}
                                        for k, v in marks.items()])
            _audit(session, judge, stage.seq, "submit", entry.id,
                   {"revision": revision, "marks": {k: str(v) for k, v in marks.items()},
                    "request": request_digest(data)}, client_id)
            return Outcome(stage=stage.key, changed=True, revision=revision)

    def replay() -> Optional[Outcome]:
        with sessions() as session:
            return _replayed_scorecard(session, judge_id, client_id, data)

    return with_retry(attempt, replay)


# --- chief judge -----------------------------------------------------------------------------

def _chief_action(sessions, seat: Union[Seat, int], data: Any, act: Callable[[Session, Any, Any, dict], int],
                  action: str) -> Outcome:
    """A chief judge's change: `act(session, judge, stage, data)` makes it (or raises ScoringError)
    and returns the id of the entry it concerns. With a client_id it is idempotent like a scorecard:
    a resend (looked for once the stage's row is locked) is acknowledged and not made again."""
    data = checked_payload(data)
    client_id = data.get("client_id")
    client_id = None if client_id is None else client_id_of(data)
    seat = seat_of(seat)

    def attempt() -> Outcome:
        with transaction(sessions) as session:
            judge = official_row(session, seat, chief=True)
            stage = bumped(session, judge.stage_id)
            if client_id is not None and _stored_request(session, _actor(judge), client_id, data):
                raise _Replayed(Outcome(stage=stage.key, changed=False))
            entry_id = act(session, judge, stage, data)
            checked = {k: data[k] for k in CHIEFS_FIELDS if k in data}  # what `act` checked; nothing else is kept
            _audit(session, judge, stage.seq, action, entry_id, {**checked, "request": request_digest(data)}, client_id)
            return Outcome(stage=stage.key, changed=True)

    def replay() -> Optional[Outcome]:
        with sessions() as session:
            judge = official_row(session, seat, chief=True)
            if client_id is None or not _stored_request(session, _actor(judge), client_id, data):
                return None
            return Outcome(stage=session.scalar(select(Stage.key).where(Stage.id == judge.stage_id)), changed=False)

    return with_retry(attempt, replay)


CHIEFS_FIELDS = ("entry", "deductions", "leaving")  # a chief's payload as its audit keeps it


def _set_locked(session: Session, entry_id: int, locked: bool) -> int:
    session.connection().execute(update(Entry).where(Entry.id == entry_id).values(locked=locked))
    return entry_id


def lock_entry(sessions: sessionmaker[Session], seat: Union[Seat, int], data: Any) -> Outcome:
    """The chief judge confirms an entry's marks: its result becomes final."""
    def act(session, judge, stage, data):
        entry = _entry(session, judge.stage_id, data.get("entry"))
        if entry.locked:
            raise ScoringError("locked", N_('%(entry)s is already locked.'), entry=shown_entry(entry))
        judges_marked = session.scalar(
            select(func.count(func.distinct(Scorecard.judge_id))).where(Scorecard.entry_id == entry.id))
        if judges_marked != session.scalar(select(func.count(Judge.id)).where(Judge.stage_id == judge.stage_id)):
            raise ScoringError("incomplete", N_('Not every judge has marked %(entry)s yet.'), entry=shown_entry(entry))
        return _set_locked(session, entry.id, True)
    return _chief_action(sessions, seat, data, act, "lock")


def unlock_entry(sessions: sessionmaker[Session], seat: Union[Seat, int], data: Any) -> Outcome:
    """The chief judge reopens an entry for corrections: its result is provisional again."""
    def act(session, judge, stage, data):
        entry = _entry(session, judge.stage_id, data.get("entry"))
        if not entry.locked:
            raise ScoringError("not_locked", N_('%(entry)s is not locked.'), entry=shown_entry(entry))
        return _set_locked(session, entry.id, False)
    return _chief_action(sessions, seat, data, act, "unlock")


def _leaving(session: Session, stage, data: dict) -> None:
    """`next` may name the entry it expects to leave (`leaving`: the key of the entry called now, or
    null before the first): a `next` sent twice, or after another tablet moved on, is refused
    (`not_current`) instead of skipping an entry."""
    if "leaving" not in data:
        return
    leaving = data["leaving"]
    if leaving is not None and not isinstance(leaving, str):
        raise ScoringError("bad_request", 'leaving must be the key of the entry called now, or null.')
    current = None if stage.current_entry_id is None else session.get(Entry, stage.current_entry_id)
    if leaving != (current.key if current else None):
        raise ScoringError("not_current", N_('The stage has moved on already: the entry called now is %(current)s.'),
                           current=shown_entry(current) if current else None)


def call_next(sessions: sessionmaker[Session], seat: Union[Seat, int], data: Any) -> Outcome:
    """The chief judge calls the next entry in running order (or a named one): every tablet and board follows."""
    def act(session, judge, stage, data):
        _leaving(session, stage, data)
        if data.get("entry") is not None:
            entry_id = _entry(session, judge.stage_id, data["entry"]).id
        else:
            later = select(Entry.id).where(Entry.stage_id == judge.stage_id)
            if stage.current_entry_id is not None:
                current = select(Entry.running_order).where(Entry.id == stage.current_entry_id).scalar_subquery()
                later = later.where(Entry.running_order > current)
            entry_id = session.scalar(later.order_by(Entry.running_order, Entry.id).limit(1))
            if entry_id is None and stage.current_entry_id is None:
                raise ScoringError("no_next", N_('This stage has no entries yet: the organizer adds or imports them first.'))
            if entry_id is None:
                raise ScoringError("no_next", N_('The running order is finished.'))
        session.connection().execute(update(Stage).where(Stage.id == judge.stage_id).values(current_entry_id=entry_id))
        return entry_id
    return _chief_action(sessions, seat, data, act, "call")


def _longest_measure(session: Session, stage_id: int) -> Decimal:
    """The most a measured deduction (seconds over time) can plausibly be: no longer than the stage
    itself (its scheduled start to end, an hour when they are not set). A count of infringements is
    at most MOST_INFRINGEMENTS."""
    starts, ends = session.execute(select(Stage.starts_at, Stage.ends_at).where(Stage.id == stage_id)).one()
    if starts is not None and ends is not None and ends > starts:
        return Decimal(int((ends - starts).total_seconds()))
    return Decimal(LONGEST_OVERTIME_SECONDS)


def _checked_amount(deduction: judged.Deduction, amount: Any, bound: Decimal) -> Decimal:
    """An amount is checked like a mark: a count of infringements in whole steps, a measure to 0.01;
    above the plausible bound it is refused (`implausible`)."""
    number = judged.from_json_number(amount)
    if number is not None and number > bound:
        raise ScoringError("implausible", N_('%(deduction)s: %(amount)s is more than is possible here (at most %(bound)s).'), deduction=deduction.name, amount=amount, bound=f"{bound} {deduction.unit}" if deduction.unit else bound)
    scale = judged.Criterion(key=deduction.key, name=deduction.name, max=bound,
                             step=Decimal(1) if deduction.per is None else Decimal("0.01"))
    try:
        return judged.check_mark(scale, amount)
    except judged.MarkError as refused:
        raise ScoringError(refused.code, refused.told)


def record_deductions(sessions: sessionmaker[Session], seat: Union[Seat, int], data: Any) -> Outcome:
    """The chief judge records amounts for the rule's deductions (e.g. seconds over time)."""
    def act(session, judge, stage, data):
        entry = _unlocked(_entry(session, judge.stage_id, data.get("entry")))
        amounts = data.get("deductions")
        if not isinstance(amounts, dict):
            raise ScoringError("bad_request", 'deductions must be an object of deduction: amount.')
        known = {d.key: d for d in _judged_rule(session, stage.event_id)[0].deductions}
        longest = _longest_measure(session, judge.stage_id)
        connection = session.connection()
        for key, amount in amounts.items():
            if key not in known:
                raise ScoringError("unknown_deduction", N_('Not a deduction of this event: %(key)s.'), key=key)
            deduction = known[key]
            value = _checked_amount(deduction, amount, Decimal(MOST_INFRINGEMENTS) if deduction.per is None else longest)
            row = session.scalar(select(Deduction.id).where(Deduction.entry_id == entry.id, Deduction.key == key))
            if row is None:
                connection.execute(insert(Deduction), {"entry_id": entry.id, "key": key, "amount": value})
            else:
                connection.execute(update(Deduction).where(Deduction.id == row).values(amount=value))
        return entry.id
    return _chief_action(sessions, seat, data, act, "deduct")
