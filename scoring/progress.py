"""Where a stage stands, whatever its format: scheduled, running, provisional or final.

- scheduled: nothing recorded yet (or no entries);
- running: marks, match events or results are coming in;
- provisional: every entry has its complete result, not yet confirmed;
- final: every result confirmed (judged: every entry locked by the chief judge; match: every
  fixture finished; measured: every heat confirmed by the chief recorder).

Advancing to the next tier and assigning awards need `final`.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scoring.models import Attempt, Entry, Fixture, Heat, Judge, Scorecard, Stage, utcnow

STATES = ("scheduled", "running", "provisional", "final")
FINISHED = ("finished", "forfeit")


def _judged(session: Session, stage: Stage) -> str:
    entries = session.execute(select(Entry.id, Entry.locked).where(Entry.stage_id == stage.id)).all()
    if not entries:
        return "scheduled"
    if all(locked for _, locked in entries):
        return "final"
    judges = session.scalar(select(func.count(Judge.id)).where(Judge.stage_id == stage.id))
    marked = dict(session.execute(
        select(Scorecard.entry_id, func.count(func.distinct(Scorecard.judge_id)))
        .join(Entry, Scorecard.entry_id == Entry.id).where(Entry.stage_id == stage.id)
        .group_by(Scorecard.entry_id)).all())
    if not marked:
        return "scheduled"
    return "provisional" if judges and all(marked.get(i, 0) >= judges for i, _ in entries) else "running"


def _match(session: Session, stage: Stage) -> str:
    statuses = session.scalars(select(Fixture.status).where(Fixture.stage_id == stage.id)).all()
    if not statuses or all(s in ("scheduled", "postponed") for s in statuses):
        return "scheduled"
    return "final" if all(s in FINISHED for s in statuses) else "running"


def _measured(session: Session, stage: Stage) -> str:
    heats = session.execute(select(Heat.confirmed, Heat.clock_started_at).where(Heat.stage_id == stage.id)).all()
    entries = session.execute(select(Entry.id, Entry.mark_status).where(Entry.stage_id == stage.id)).all()
    if not heats or not entries:
        return "scheduled"
    if all(confirmed for confirmed, _ in heats):
        return "final"
    attempted = set(session.scalars(select(Attempt.entry_id).join(Entry, Attempt.entry_id == Entry.id)
                                    .where(Entry.stage_id == stage.id)))
    with_result = {i for i, status in entries if status is not None or i in attempted}
    if not with_result and not any(started for _, started in heats):
        return "scheduled"
    return "provisional" if len(with_result) == len(entries) else "running"


_BY_FORMAT = {"judged": _judged, "match": _match, "measured": _measured}


def stage_state(session: Session, stage: Stage) -> str:
    """scheduled | running | provisional | final (see the module docstring)."""
    return _BY_FORMAT.get(stage.event.format, _judged)(session, stage)


def is_late(stage: Stage, state: str, now: Optional[datetime] = None) -> bool:
    """A stage is late when its time slot has ended (or started) and it is not as far as it should be:
    past `ends_at` and not final, or past `starts_at` and still scheduled."""
    now = now or utcnow()
    if stage.ends_at is not None and now > stage.ends_at and state != "final":
        return True
    return stage.starts_at is not None and now > stage.starts_at and state == "scheduled"
