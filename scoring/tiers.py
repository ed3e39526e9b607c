"""An event's tiers: village preliminaries feed township rounds, which feed the county final.

Every tier has one stage per unit it is held for (a village, a township) or one for everyone (the
county final). A contestant enters an event in the first tier, at the stage of their own unit (or
of the unit above it that the tier is held for).
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from scoring.models import Event, Judge, Stage, Tier, Unit

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


# --- stages for units added after the campaign was set up ---------------------------------------

DEPTHS = {"county": 1, "township": 2, "village": 3}  # a unit's depth in the tree (the county is 1), by level


@dataclass
class MissingStage:
    """A tier held per unit that has no stage for `unit` (nor for a unit above it): its contestants
    could not be entered (the import's no_stage) and nobody could advance into it."""

    tier: Tier
    unit: Unit

    @property
    def event(self) -> Event:
        return self.tier.event


def _held_at(tier: Tier) -> set[int]:
    """The depths of the units the tier's stages are held for; by its level when it has none yet."""
    depths = {len(unit_chain(stage.unit)) for stage in tier.stages if stage.unit is not None}
    return depths or ({DEPTHS[tier.level]} if tier.level in DEPTHS else set())


def missing_stages(session: Session, campaign_id: int, units: Optional[list[Unit]] = None) -> list[MissingStage]:
    """Every (tier, unit) of the campaign (or of `units`) where the tier is held per unit at the
    unit's depth but has no stage for it or for a unit above it: a village added after its campaign
    was set up has no village preliminary, a township no township round."""
    if units is None:
        units = list(session.scalars(select(Unit).where(Unit.campaign_id == campaign_id).order_by(Unit.id)))
    tiers = session.scalars(select(Tier).join(Event).where(Event.campaign_id == campaign_id)
                            .order_by(Event.id, Tier.position)).all()
    missing = []
    for tier in tiers:
        if len(tier.stages) == 1 and tier.stages[0].unit_id is None:
            continue  # one stage for everyone
        depths = _held_at(tier)
        missing.extend(MissingStage(tier, unit) for unit in units
                       if len(unit_chain(unit)) in depths and tier_stage_for(tier, unit) is None)
    return missing


def _model(tier: Tier) -> Optional[Stage]:
    """The stage a new stage of the tier copies its officials and settings from: one of the tier's
    (the last), else the event's first."""
    stages = list(tier.stages) or sorted(tier.event.stages, key=lambda s: s.id)
    return stages[-1] if stages else None


def _new_key(session: Session, tier: Tier, unit: Unit) -> str:
    """`{event}-v{t}-{v}` for a village, `{event}-t{t}` for a township (their places among their
    siblings, as a campaign set up in the console numbers them), `{event}-u{id}` otherwise or when taken."""
    chain = unit_chain(unit)

    def place(u: Unit) -> int:
        siblings = session.scalars(select(Unit.id).where(Unit.parent_id == u.parent_id).order_by(Unit.id)).all()
        return siblings.index(u.id) + 1

    suffix = {3: lambda: f"v{place(chain[1])}-{place(unit)}", 2: lambda: f"t{place(unit)}"}.get(len(chain), lambda: "")()
    for candidate in ([suffix] if suffix else []) + [f"u{unit.id}"]:
        key = f"{tier.event.key[:64 - len(candidate) - 1]}-{candidate}"
        if session.scalar(select(Stage.id).where(Stage.key == key)) is None:
            return key
    return f"{tier.event.key[:40]}-u{unit.id}-{secrets.token_hex(4)}"


def _new_name(model: Optional[Stage], tier: Tier, unit: Unit) -> str:
    """The model's name with its unit's name replaced (达翁村预赛 -> 通尼村预赛), else unit and tier."""
    if model is not None and model.unit is not None and model.unit.name in model.name and model.tier_id == tier.id:
        return model.name.replace(model.unit.name, unit.name)[:200]
    return f"{unit.name}{tier.name}"[:200]


def add_stage(session: Session, tier: Tier, unit: Unit) -> Stage:
    """A stage of `tier` held for `unit`, empty, with officials like the tier's other stages (the
    same seats and names, new tokens) and their settings; the caller audits and commits."""
    model = _model(tier)
    judges = [Judge(position=j.position, key=j.key, name=j.name, chief=j.chief, token=secrets.token_urlsafe(18))
              for j in (model.judges if model else [])]
    settings = {k: v for k, v in ((model.settings or {}) if model else {}).items() if k != "from_stage"}
    key, name = _new_key(session, tier, unit), _new_name(model, tier, unit)
    stage = Stage(event=tier.event, tier=tier, unit=unit, key=key, name=name, seq=0, settings=settings, judges=judges)
    session.add(stage)
    session.flush()
    return stage


def add_missing_stages(session: Session, campaign_id: int, units: Optional[list[Unit]] = None) -> list[Stage]:
    """A stage for every (tier, unit) `missing_stages` finds: what setting the campaign up would
    have made had the units been there (the caller audits and commits)."""
    return [add_stage(session, m.tier, m.unit) for m in missing_stages(session, campaign_id, units)]
