"""Organizers' changes as service functions, made like the judges': each takes the stage lock first
(`bumped()` on every stage it touches, in id order), checks inside that transaction and writes the
change with its audit entry, so no mark, seat or booking can slip in between a check and a write.
The console's views parse the form and call these (inside `live.writing(stage)` for each stage);
a refusal raises ScoringError (code, message, `details` for the console's text) and stores nothing.
"""
from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any, Callable, Optional

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from scoring import audit
from scoring.db import transaction
from scoring.errors import N_, ScoringError
from scoring.models import (Attempt, Entry, Event, Fixture, Judge, MatchEvent, PoolJudge, Scorecard, Stage, Unit,
                            Venue)
from scoring.service import bumped
from scoring.tiers import unit_chain


# --- an event's rule -----------------------------------------------------------------------------

def event_scored(session: Session, event_id: int) -> bool:
    """Whether anything has been recorded in the event (its rule is then fixed)."""
    stage_ids = select(Stage.id).where(Stage.event_id == event_id)
    entry_ids = select(Entry.id).where(Entry.stage_id.in_(stage_ids))
    return any(session.scalar(query) for query in (
        select(Scorecard.id).where(Scorecard.entry_id.in_(entry_ids)).limit(1),
        select(Attempt.id).where(Attempt.entry_id.in_(entry_ids)).limit(1),
        select(MatchEvent.id).join(Fixture).where(Fixture.stage_id.in_(stage_ids)).limit(1)))


def event_stage_keys(session: Session, event_id: int) -> list[str]:
    return list(session.scalars(select(Stage.key).where(Stage.event_id == event_id).order_by(Stage.key)))


def change_event_rule(sessions: sessionmaker[Session], event_id: int, apply: Callable[[Session, Event], None],
                      actor: str) -> list[str]:
    """Change an event's rule while nothing is recorded in it: every stage of the event is locked
    first, then "already scored" is checked, then `apply(session, event)` sets the rule (and
    criteria; it raises ValueError for a bad rule). The stages' keys (their snapshots changed)."""
    with transaction(sessions) as session:
        event = session.get(Event, event_id)
        if event is None:
            raise ScoringError("unknown_event", N_('There is no event %(event)s.'), event=event_id)
        stages = session.execute(select(Stage.id, Stage.key).where(Stage.event_id == event_id).order_by(Stage.id)).all()
        for stage in stages:
            bumped(session, stage.id)
        if event_scored(session, event_id):
            raise ScoringError("already_scored", N_('Marks or results are already recorded in %(event)s: its rule is fixed.'), event=event.name)
        try:
            apply(session, event)
        except (ValueError, KeyError, TypeError, ArithmeticError) as bad:
            raise ScoringError("bad_rule", str(bad))
        audit.record(session, actor, "event_rule", detail={"event": event.key, "rule": event.rule})
        return [stage.key for stage in stages]


# --- panels ----------------------------------------------------------------------------------------

def conflicts(judge_unit: Optional[Unit], entries: list[Entry]) -> list[Entry]:
    """The entries a judge from `judge_unit` may not score: those from that unit or from inside it
    (the county, the root of the tree, is everyone's and never counts)."""
    if judge_unit is None or judge_unit.parent_id is None:
        return []
    return [e for e in entries if any(u.id == judge_unit.id for u in unit_chain(e.unit))]


def _locked_stage(session: Session, stage_key: str) -> tuple[Stage, int]:
    """The stage, its row locked (its seq bumped: the first write of the change), and the new seq."""
    stage_id = session.scalar(select(Stage.id).where(Stage.key == stage_key))
    if stage_id is None:
        raise ScoringError("unknown_stage", N_('There is no stage %(stage)s.'), stage=stage_key)
    seq = bumped(session, stage_id).seq
    return session.get(Stage, stage_id), seq


def seat_judge(sessions: sessionmaker[Session], stage_key: str, seat_id: Any, pool_judge_id: Any, override: bool,
               reason: str, actor: str) -> dict[str, Any]:
    """Seat a pool judge on one seat of a stage's panel (a new person gets a new QR login), refusing
    a judge already on the panel, and a conflict (an entry from the judge's own unit) unless it is
    overridden with a reason: checked under the stage lock, against the entries and seats as they are."""
    reason = (reason or "").strip()
    with transaction(sessions) as session:
        stage, seq = _locked_stage(session, stage_key)
        seat = next((j for j in stage.judges if isinstance(seat_id, int) and j.id == seat_id), None)
        chosen = (session.get(PoolJudge, pool_judge_id)
                  if isinstance(pool_judge_id, int) and 0 < pool_judge_id < 2 ** 63 else None)
        if seat is None or chosen is None or chosen.campaign_id != stage.event.campaign_id:
            raise ScoringError("unknown_seat", N_("No such seat or pool judge in this stage's campaign."))
        if any(j.pool_judge_id == chosen.id and j.id != seat.id for j in stage.judges):
            raise ScoringError("already_seated", N_('%(name)s already sits on this panel.'), name=chosen.name)
        clash = conflicts(chosen.unit, list(stage.entries))
        if clash and not (override and reason):
            raise ScoringError("conflict", N_("%(name)s comes from %(unit)s and may not score %(entries)s."),
                               name=chosen.name, unit=chosen.unit.name, entries=[e.name for e in clash])
        revoked = seat.pool_judge_id != chosen.id
        if revoked:
            seat.token = secrets.token_urlsafe(18)  # a new person on the seat: a new QR login
        seat.pool_judge_id, seat.name = chosen.id, chosen.name
        seat.conflict_override = reason if clash else None
        audit.record(session, actor, "seat_judge", stage_id=stage.id, stage_seq=seq, note=reason if clash else None,
                     detail={"seat": seat.key, "judge": chosen.name, "conflicts": [e.key for e in clash]})
        return {"seat": seat.key, "name": chosen.name, "judge_id": seat.id, "revoked": revoked}


# --- the schedule ----------------------------------------------------------------------------------

def overlapping(session: Session, stage_id: int, venue_id: Optional[int], starts_at: Optional[datetime],
                ends_at: Optional[datetime]) -> list[Stage]:
    """Other stages booked at the venue at a time that overlaps the slot (touching is fine)."""
    if venue_id is None or starts_at is None:
        return []
    return list(session.scalars(
        select(Stage).options(selectinload(Stage.event))
        .where(Stage.venue_id == venue_id, Stage.id != stage_id, Stage.starts_at < ends_at,
               or_(Stage.ends_at > starts_at, and_(Stage.ends_at.is_(None), Stage.starts_at >= starts_at)))
        .order_by(Stage.starts_at)))


def _slot_record(venue_key: Optional[str], starts_at: Optional[datetime], ends_at: Optional[datetime]) -> dict:
    return {"venue": venue_key, "starts_at": starts_at.isoformat() if starts_at else None,
            "ends_at": ends_at.isoformat() if ends_at else None}


def book_slot(sessions: sessionmaker[Session], stage_key: str, venue_key: Optional[str], starts_at: Optional[datetime],
              ends_at: Optional[datetime], overlap_ok: bool, actor: str) -> dict[str, Any]:
    """Book a stage's venue and time slot (None: clear it). The stage is locked and the venue's row
    too (FOR UPDATE on PostgreSQL; SQLite has one writer), so two bookings of one venue are checked
    one after the other; an overlap is refused ("overlap", details: the stages) unless `overlap_ok`."""
    try:
        return _book(sessions, stage_key, venue_key, starts_at, ends_at, overlap_ok, actor)
    except _Unchanged:
        return {"changed": False, "overlaps": []}


class _Unchanged(Exception):
    pass


def _book(sessions, stage_key, venue_key, starts_at, ends_at, overlap_ok, actor) -> dict[str, Any]:
    with transaction(sessions) as session:
        stage, seq = _locked_stage(session, stage_key)
        venue = None
        if venue_key is not None:
            venue = session.scalar(select(Venue).with_for_update().where(
                Venue.campaign_id == stage.event.campaign_id, Venue.key == venue_key))
            if venue is None:
                raise ScoringError("unknown_venue", N_('There is no venue %(key)s in this campaign.'), key=venue_key)
        clashes = overlapping(session, stage.id, venue.id if venue else None, starts_at, ends_at)
        if clashes and not overlap_ok:
            raise ScoringError("overlap", N_("%(venue)s is booked then by %(stages)s."),
                               venue=venue.name if venue else venue_key, stages=[s.name for s in clashes])
        before = _slot_record(stage.venue.key if stage.venue else None, stage.starts_at, stage.ends_at)
        after = _slot_record(venue_key if venue else None, starts_at, ends_at)
        if before == after:
            raise _Unchanged()  # nothing to change: not even the stage's seq
        stage.venue_id, stage.starts_at, stage.ends_at = venue.id if venue else None, starts_at, ends_at
        audit.record(session, actor, "schedule_slot", stage_id=stage.id, stage_seq=seq,
                     detail={"stage": stage.key, "before": before, "after": after,
                             "overlaps": [s.key for s in clashes]})
        return {"changed": True, "overlaps": [s.key for s in clashes]}
