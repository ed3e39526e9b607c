"""Advancing from one tier to the next: the top of every village stage into their township's
stage, the best of the townships into the county final.

The tier's `advance` rule says who goes on: `per_stage` (the top N of every stage of the tier) or
`overall` (the top N of the whole tier, compared on their results). It runs only when every
stage of the tier is final; a tie at the cut is never broken here: the plan shows it and the
organizer names who goes on. Advancing creates the next stage's entries from the confirmed results,
each linked back to the entry it came from, all in one transaction.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy.orm import Session, sessionmaker

from scoring import audit
from scoring.db import transaction
from scoring.errors import N_, ScoringError, Told
from scoring.knockout import copy_team
from scoring.models import Entry, Heat, Stage, Tier
from scoring.progress import stage_state
from scoring.rulebook import event_measured_rule
from scoring.service import Outcome, bump_seq
from scoring.standings import stage_standings
from scoring.tiers import tier_stage_for


@dataclass
class Candidate:
    """An entry of the tier with its place in what the cut is made on."""

    ref: str                 # "stage/entry": entry keys are unique per stage only
    entry: Entry
    stage: Stage
    rank: int
    shown: Optional[str]     # the result as the board shows it
    compared: Decimal        # what the whole tier is compared on, lower first (see _compared)
    destination: Optional[Stage] = None

    @property
    def named(self) -> str:
        """How a person names the entry: name and unit (keys repeat across a tier's stages)."""
        unit = self.entry.unit.name if self.entry.unit else self.stage.name
        return f"{self.entry.name or self.entry.key}（{unit}）"

    def as_dict(self) -> dict[str, Any]:
        return {"ref": self.ref, "entry": self.entry.key, "name": self.entry.name, "name_bo": self.entry.name_bo,
                "stage": self.stage.key, "stage_name": self.stage.name,
                "unit": self.entry.unit.name if self.entry.unit else None, "rank": self.rank, "result": self.shown,
                "to": self.destination.key if self.destination else None,
                "to_name": self.destination.name if self.destination else None}


@dataclass
class Plan:
    tier: Tier
    next_tier: Optional[Tier]
    states: dict[str, str] = field(default_factory=dict)
    advancing: list[Candidate] = field(default_factory=list)
    ties: list[dict[str, Any]] = field(default_factory=list)     # {"stage", "places", "entries": [Candidate]}
    problems: list[Told] = field(default_factory=list)
    advanced: list[dict[str, Any]] = field(default_factory=list)  # who went on already (`advanced_from`)

    @property
    def blockers(self) -> list[str]:
        return [key for key, state in self.states.items() if state != "final"]

    def as_dict(self) -> dict[str, Any]:
        names = {stage.key: stage.name for stage in self.tier.stages}
        return {"tier": self.tier.name, "next_tier": self.next_tier.name if self.next_tier else None,
                "states": self.states, "blockers": self.blockers, "problems": self.problems,
                "stages": [{"key": key, "name": names.get(key, key), "state": state} for key, state in self.states.items()],
                "advancing": [c.as_dict() for c in self.advancing],
                "ties": [{"stage": t["stage"], "stage_name": names.get(t["stage"]) if t["stage"] else None,
                          "places": t["places"], "entries": [c.as_dict() for c in t["entries"]]} for t in self.ties],
                "advanced": self.advanced}


def _ranked(session: Session, stage: Stage) -> list[Candidate]:
    """The stage's ranked entries (unranked ones, e.g. DNF, never advance), in ranking order."""
    rows = [row for row in stage_standings(session, stage.key)["rows"] if row.get("rank") is not None]
    entries = {e.key: e for e in stage.entries}
    compared = _compared(stage)
    return [Candidate(ref=f"{stage.key}/{row['entry']}", entry=entries[row["entry"]], stage=stage, rank=row["rank"],
                      shown=row.get("total"), compared=compared(row)) for row in rows]


def _compared(stage: Stage):
    """row -> what the whole tier is compared on, lower first: a judged total (higher is better), a
    measured mark (by the rule's direction); match tables cannot be compared across stages."""
    if stage.event.format == "judged":
        return lambda row: -Decimal(row["total"])
    if stage.event.format == "measured":
        sign = 1 if event_measured_rule(stage.event).direction == "asc" else -1
        return lambda row: sign * Decimal(row["mark"])
    return lambda row: Decimal(0)


def _cut(plan: Plan, candidates: list[Candidate], count: int, stage: Optional[str]) -> None:
    """The first `count` by rank go on; when a tie straddles the cut the tied ones are left to decide."""
    if len(candidates) <= count:
        plan.advancing.extend(candidates)
        return
    boundary = candidates[count - 1].rank
    if candidates[count].rank != boundary:
        plan.advancing.extend(candidates[:count])
        return
    sure = [c for c in candidates if c.rank < boundary]
    plan.advancing.extend(sure)
    plan.ties.append({"stage": stage, "places": count - len(sure), "entries": [c for c in candidates if c.rank == boundary]})


def advanced_from(tier: Tier, next_tier: Optional[Tier]) -> list[dict[str, Any]]:
    """Who went on from `tier` into `next_tier`: the next tier's entries that came from this tier's
    stages, by destination and running order: {name, name_bo, unit, from, from_name, to, to_name, entry}."""
    if next_tier is None:
        return []
    feeders = {s.id: s for s in tier.stages}
    went = []
    for destination in sorted(next_tier.stages, key=lambda s: s.id):
        for entry in sorted(destination.entries, key=lambda e: e.running_order):
            source = entry.source_entry
            if source is None or source.stage_id not in feeders:
                continue
            went.append({"entry": entry.key, "name": entry.name, "name_bo": entry.name_bo,
                         "unit": entry.unit.name if entry.unit else None, "from": feeders[source.stage_id].key,
                         "from_name": feeders[source.stage_id].name, "to": destination.key, "to_name": destination.name})
    return went


def advancement_plan(session: Session, tier: Tier) -> Plan:
    """Who goes on from `tier` (nothing is written); `advanced` lists who already went on."""
    tiers = sorted(tier.event.tiers, key=lambda t: t.position)
    later = [t for t in tiers if t.position > tier.position]
    plan = Plan(tier=tier, next_tier=later[0] if later else None)
    if plan.next_tier is None:
        plan.problems.append(Told(N_("%(tier)s is the last tier."), tier=tier.name))
        return plan
    plan.advanced = advanced_from(tier, plan.next_tier)
    rule = tier.advance or {}
    mode, count = rule.get("mode"), int(rule.get("count") or 0)
    if mode not in ("per_stage", "overall") or count < 1:
        plan.problems.append(Told(N_("%(tier)s has no rule for who advances."), tier=tier.name))
        return plan
    stages = list(tier.stages)
    plan.states = {stage.key: stage_state(session, stage) for stage in stages}
    if plan.blockers:
        return plan
    ranked = {stage.key: _ranked(session, stage) for stage in stages}
    if mode == "per_stage":
        for stage in stages:
            _cut(plan, ranked[stage.key], count, stage.key)
    else:
        if any(stage.event.format == "match" for stage in stages):
            raise ScoringError("bad_request", N_('Match stages advance per stage (the top N of each table).'))
        pooled = [(c.compared, c) for stage in stages for c in ranked[stage.key]]
        pooled.sort(key=lambda item: item[0])
        overall: list[Candidate] = []
        for place, (key, candidate) in enumerate(pooled):
            level = place > 0 and pooled[place - 1][0] == key
            candidate.rank = overall[-1].rank if level else place + 1
            overall.append(candidate)
        _cut(plan, overall, count, None)
    for candidate in plan.advancing + [c for tie in plan.ties for c in tie["entries"]]:
        candidate.destination = tier_stage_for(plan.next_tier, candidate.entry.unit)
        if candidate.destination is None:
            plan.problems.append(Told(N_("%(entry)s (%(unit)s): %(tier)s has no stage for this unit."),
                                      entry=candidate.named, unit=candidate.entry.unit.name if candidate.entry.unit else None,
                                      tier=plan.next_tier.name))
    return plan


def _decided(plan: Plan, chosen: Optional[list[str]]) -> list[Candidate]:
    """Everyone who goes on: the sure ones plus the organizer's choice within every tie."""
    chosen = set(chosen or [])
    going = list(plan.advancing)
    for tie in plan.ties:
        picked = [c for c in tie["entries"] if c.ref in chosen]
        if len(picked) != tie["places"]:
            raise ScoringError("needs_decision", N_("A tie at the cut: choose %(places)s of %(names)s."),
                               places=tie["places"], names=[c.named for c in tie["entries"]])
        going.extend(picked)
    stray = chosen - {c.ref for tie in plan.ties for c in tie["entries"]}
    if stray:
        raise ScoringError("bad_request", N_('Not in a tie at the cut: %(stray)s.'), stray=sorted(stray))
    return going


def _key_in(stage: Stage, candidate: Candidate) -> str:
    taken = {e.key for e in stage.entries}
    key = candidate.entry.key
    return key if key not in taken else f"{candidate.stage.key}-{key}"[:64]


def _place(destination: Stage, candidate: Candidate, order: int) -> Entry:
    source = candidate.entry
    if destination.event.format == "match":
        entry = copy_team(destination, source, order)
    else:
        entry = Entry(key=_key_in(destination, candidate), name=source.name, name_bo=source.name_bo,
                      unit_id=source.unit_id, running_order=order)
        destination.entries.append(entry)
    entry.person_id, entry.source_entry_id = source.person_id, source.id
    if destination.event.format == "measured":
        if not destination.heats:
            destination.heats.append(Heat(key="1", position=1, name=destination.name))
        entry.heat = destination.heats[0]
    return entry


def advance_tier(sessions: sessionmaker[Session], tier_id: int, actor: str,
                 chosen: Optional[list[str]] = None) -> tuple[Outcome, ...]:
    """Create the next tier's entries from this tier's final results, all or nothing."""
    with transaction(sessions) as session:
        tier = session.get(Tier, tier_id)
        if tier is None:
            raise ScoringError("unknown_tier", N_('There is no such tier.'))
        for stage in tier.stages:
            bump_seq(session, stage.id)  # one writer at a time for these stages
        plan = advancement_plan(session, tier)
        if plan.problems:
            raise ScoringError("bad_request", plan.problems[0])
        if plan.blockers:
            raise ScoringError("not_final", N_('Stages not final yet: %(stages)s.'), stages=[s.name for s in tier.stages if s.key in plan.blockers])
        going = _decided(plan, chosen)
        destinations = {c.destination.key: c.destination for c in going}
        feeders = {s.id for s in tier.stages}
        for destination in destinations.values():
            if any(e.source_entry and e.source_entry.stage_id in feeders for e in destination.entries):
                raise ScoringError("already_advanced", N_('%(stage)s already has entries from %(tier)s.'), stage=destination.name, tier=tier.name)
            if stage_state(session, destination) != "scheduled":
                raise ScoringError("locked", N_('%(stage)s has started; its entries cannot change.'), stage=destination.name)
        outcomes = []
        for key, destination in destinations.items():
            seq = bump_seq(session, destination.id)
            order = len(destination.entries)
            placed = []
            for candidate in sorted((c for c in going if c.destination is destination),
                                    key=lambda c: (c.stage.key, c.rank)):
                order += 1
                _place(destination, candidate, order)
                placed.append(candidate.ref)
            audit.record(session, actor, action="advance", stage_id=destination.id, stage_seq=seq,
                         detail={"from_tier": tier.name, "entries": placed, "chosen": sorted(chosen or [])})
            outcomes.append(Outcome(stage=key, changed=True))
        return tuple(outcomes)

