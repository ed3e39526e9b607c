"""Tiers (village, township, county): the event's tiers and who advances, each stage's tier and
unit, and storing them."""
from __future__ import annotations

from typing import Any

from scoring.loader.checker import _Checker, resolve_unit
from scoring.loader.entries import _unit_of
from scoring.models import Event, Tier
from scoring.tiers import LEVELS

ADVANCE_MODES = ("per_stage", "overall")


def _advance(node: Any) -> dict:
    """`{per_stage: 2}` or `{overall: 3}` as stored: {"mode": "per_stage", "count": 2}."""
    if not isinstance(node, dict) or len(node) != 1:
        raise ValueError("advance must be {per_stage: N} or {overall: N}")
    (mode, count), = node.items()
    if mode not in ADVANCE_MODES or isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValueError("advance must be {per_stage: N} or {overall: N} with N a whole number from 1")
    return {"mode": mode, "count": count}


def _check_tiers(checker: _Checker, event: dict, where: str) -> list[str]:
    """The event's tiers in order (their levels), e.g. village, township, county."""
    levels: list[str] = []
    tiers = checker.listing(event.get("tiers"), f"{where}.tiers", required=False)
    for t, tier in enumerate(tiers):
        place = f"{where}.tiers[{t}]"
        tier = checker.mapping(tier, place)
        if not tier:
            continue
        level = tier.get("level")
        if level not in LEVELS:
            checker.problem(f"{place}.level", f"must be one of {', '.join(LEVELS)}, not {level!r}")
        elif level in levels:
            checker.problem(f"{place}.level", f"'{level}' is used twice")
        levels.append(level)
        checker.text(tier, "name", place)
        last = t == len(tiers) - 1
        if tier.get("advance") is None and not last:
            checker.problem(f"{place}.advance", "say who goes on to the next tier: {per_stage: N} or {overall: N}")
        elif tier.get("advance") is not None:
            if last:
                checker.problem(f"{place}.advance", "the last tier has no tier after it")
            try:
                _advance(tier["advance"])
            except ValueError as refused:
                checker.problem(f"{place}.advance", str(refused))
    return levels


def _check_stage_tier(checker: _Checker, stage: dict, where: str, tiers: list[str], units: dict) -> bool:
    """Check the stage's tier and unit; True when it is in a later tier (its entries come later)."""
    if stage.get("unit") is not None:
        unit = checker.text(stage, "unit", where)
        if unit is not None and resolve_unit(units, unit)[0] is None:
            checker.problem(f"{where}.unit", resolve_unit(units, unit)[1])
    tier = stage.get("tier")
    if tier is None:
        if tiers:
            checker.problem(f"{where}.tier", f"name the stage's tier: one of {', '.join(tiers)}")
        return False
    if tier not in tiers:
        checker.problem(f"{where}.tier", f"unknown tier {tier!r}; the event's tiers are {', '.join(tiers) or 'none'}")
        return False
    return tiers.index(tier) > 0


def _store_tiers(event: Event, node: dict, units: dict) -> None:
    """The event's tiers, and each stage's tier and the unit it is held for."""
    tiers = {}
    for position, tier in enumerate(node.get("tiers") or [], start=1):
        tiers[tier["level"]] = Tier(position=position, level=tier["level"], name=tier["name"],
                                    advance=_advance(tier["advance"]) if tier.get("advance") else {})
    event.tiers = list(tiers.values())
    by_key = {stage.key: stage for stage in event.stages}
    for stage_node in node["stages"]:
        stage = by_key[str(stage_node["key"])]
        stage.tier = tiers.get(stage_node.get("tier"))
        stage.unit = _unit_of(units, stage_node)
