"""An event's tiers: village preliminaries feed township rounds, which feed the county final.

Every tier has one stage per unit it is held for (a village, a township) or one for everyone (the
county final). A contestant enters an event in the first tier, at the stage of their own unit (or
of the unit above it that the tier is held for).
"""
from __future__ import annotations

from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from scoring.models import Event, Stage, Tier, Unit

LEVELS = ("village", "township", "county")


def unit_chain(unit: Optional[Unit]) -> list[Unit]:
    """The unit and every unit above it, nearest first: 达翁村, 硕督镇, 洛隆县."""
    chain = []
    while unit is not None:
        chain.append(unit)
        unit = unit.parent
    return chain


def tier_stage_for(tier: Tier, unit: Optional[Unit]) -> Optional[Stage]:
    """The stage of `tier` a contestant of `unit` belongs to: the one held for their unit or the
    nearest unit above it; the tier's only stage when it is held for everyone."""
    by_unit = {stage.unit_id: stage for stage in tier.stages}
    for candidate in unit_chain(unit):
        if candidate.id in by_unit:
            return by_unit[candidate.id]
    if len(tier.stages) == 1 and tier.stages[0].unit_id is None:
        return tier.stages[0]
    return None


def entry_stage(session: Session, event: Event, unit: Optional[Unit]) -> Optional[Stage]:
    """Where a contestant of `unit` enters `event`: the first tier's stage for their unit; without
    tiers, the event's one stage not drawn from another (a group stage before its knockout, heats
    before their final); None when there is no such stage."""
    first = session.scalar(select(Tier).where(Tier.event_id == event.id).order_by(Tier.position).limit(1))
    if first is not None:
        return tier_stage_for(first, unit)
    stages = [s for s in session.scalars(select(Stage).where(Stage.event_id == event.id))
              if not (s.settings or {}).get("from_stage")]
    return stages[0] if len(stages) == 1 else None
