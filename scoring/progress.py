"""Where a stage stands, whatever its format: scheduled, running, provisional or final.

- scheduled: nothing recorded yet (or no entries);
- running: marks, match events or results are coming in;
- provisional: every entry has its complete result, not yet confirmed;
- final: every result confirmed (judged: every entry locked by the chief judge; match: every
  fixture finished; measured: every heat confirmed by the chief recorder).

Advancing to the next tier and assigning awards need `final`.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Iterable, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scoring.models import Attempt, Entry, Fixture, Heat, Judge, Scorecard, Stage, utcnow

STATES = ("scheduled", "running", "provisional", "final")
FINISHED = ("finished", "forfeit")


def _judged(session: Session, stages: list[Stage]) -> dict[int, str]:
    ids = [s.id for s in stages]
    entries: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    for stage_id, entry_id, locked in session.execute(
            select(Entry.stage_id, Entry.id, Entry.locked).where(Entry.stage_id.in_(ids))):
        entries[stage_id].append((entry_id, locked))
    judges = dict(session.execute(select(Judge.stage_id, func.count(Judge.id)).where(Judge.stage_id.in_(ids))
                                  .group_by(Judge.stage_id)).all())
    marked = dict(session.execute(
        select(Scorecard.entry_id, func.count(func.distinct(Scorecard.judge_id)))
        .join(Entry, Scorecard.entry_id == Entry.id).where(Entry.stage_id.in_(ids)).group_by(Scorecard.entry_id)).all())
    states = {}
    for stage_id in ids:
        listed = entries.get(stage_id, [])
        if not listed:
            states[stage_id] = "scheduled"
        elif all(locked for _, locked in listed):
            states[stage_id] = "final"
        elif not any(entry_id in marked for entry_id, _ in listed):
            states[stage_id] = "scheduled"
        else:
            panel = judges.get(stage_id, 0)
            complete = panel and all(marked.get(entry_id, 0) >= panel for entry_id, _ in listed)
            states[stage_id] = "provisional" if complete else "running"
    return states


def _match(session: Session, stages: list[Stage]) -> dict[int, str]:
    statuses: dict[int, list[str]] = defaultdict(list)
    for stage_id, status in session.execute(
            select(Fixture.stage_id, Fixture.status).where(Fixture.stage_id.in_([s.id for s in stages]))):
        statuses[stage_id].append(status)
    states = {}
    for stage in stages:
        listed = statuses.get(stage.id, [])
        if not listed or all(status in ("scheduled", "postponed") for status in listed):
            states[stage.id] = "scheduled"
        else:
            states[stage.id] = "final" if all(status in FINISHED for status in listed) else "running"
    return states


def _measured(session: Session, stages: list[Stage]) -> dict[int, str]:
    ids = [s.id for s in stages]
    heats: dict[int, list[tuple[bool, object]]] = defaultdict(list)
    for stage_id, confirmed, started in session.execute(
            select(Heat.stage_id, Heat.confirmed, Heat.clock_started_at).where(Heat.stage_id.in_(ids))):
        heats[stage_id].append((confirmed, started))
    entries: dict[int, list[tuple[int, object]]] = defaultdict(list)
    for stage_id, entry_id, status in session.execute(
            select(Entry.stage_id, Entry.id, Entry.mark_status).where(Entry.stage_id.in_(ids))):
        entries[stage_id].append((entry_id, status))
    attempted = set(session.scalars(select(Attempt.entry_id).join(Entry, Attempt.entry_id == Entry.id)
                                    .where(Entry.stage_id.in_(ids)).distinct()))
    states = {}
    for stage_id in ids:
        stage_heats, stage_entries = heats.get(stage_id, []), entries.get(stage_id, [])
        if not stage_heats or not stage_entries:
            states[stage_id] = "scheduled"
            continue
        if all(confirmed for confirmed, _ in stage_heats):
            states[stage_id] = "final"
            continue
        with_result = {i for i, status in stage_entries if status is not None or i in attempted}
        if not with_result and not any(started for _, started in stage_heats):
            states[stage_id] = "scheduled"
        else:
            states[stage_id] = "provisional" if len(with_result) == len(stage_entries) else "running"
    return states


_BY_FORMAT = {"judged": _judged, "match": _match, "measured": _measured}


def stage_states(session: Session, stages: Iterable[Stage]) -> dict[int, str]:
    """Stage id -> scheduled | running | provisional | final for many stages at once (a handful of
    queries per format, whatever the number of stages)."""
    by_format: dict[str, list[Stage]] = defaultdict(list)
    for stage in stages:
        by_format[stage.event.format].append(stage)
    states: dict[int, str] = {}
    for kind, listed in by_format.items():
        states.update(_BY_FORMAT.get(kind, _judged)(session, listed))
    return states


def stage_state(session: Session, stage: Stage) -> str:
    """scheduled | running | provisional | final (see the module docstring)."""
    return stage_states(session, [stage])[stage.id]


def is_late(stage: Stage, state: str, now: Optional[datetime] = None) -> bool:
    """A stage is late when its time slot has ended (or started) and it is not as far as it should be:
    past `ends_at` and not final, or past `starts_at` and still scheduled."""
    now = now or utcnow()
    if stage.ends_at is not None and now > stage.ends_at and state != "final":
        return True
    return stage.starts_at is not None and now > stage.starts_at and state == "scheduled"
