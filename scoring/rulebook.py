"""Turns an event's stored rule (criteria rows + rule settings) into the pure rule objects."""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable, Mapping

from scoring.rules import judged

RULE_DEFAULTS: dict[str, Any] = {
    "aggregate": "mean", "drop_highest": 0, "drop_lowest": 0, "decimals": 2,
    "tiebreak": [], "deductions": [], "outlier": None,
}


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def build_judged_rule(settings: Mapping[str, Any], criteria: Iterable[Mapping[str, Any]]) -> judged.JudgedRule:
    """Build a JudgedRule from plain data; raises ValueError (or KeyError) on a bad rule."""
    merged = {**RULE_DEFAULTS, **settings}
    return judged.JudgedRule(
        criteria=tuple(
            judged.Criterion(key=c["key"], name=c.get("name", c["key"]), max=_decimal(c["max"]),
                             step=_decimal(c.get("step", 1)), weight=_decimal(c.get("weight", 1)))
            for c in criteria),
        aggregate=merged["aggregate"],
        drop_highest=int(merged["drop_highest"]),
        drop_lowest=int(merged["drop_lowest"]),
        decimals=int(merged["decimals"]),
        tiebreak=tuple(merged["tiebreak"]),
        deductions=tuple(
            judged.Deduction(key=d["key"], name=d.get("name", d["key"]), penalty=_decimal(d["penalty"]),
                             per=_decimal(d.get("per")), unit=d.get("unit", ""))
            for d in merged["deductions"]),
        outlier=_decimal(merged["outlier"]),
    )


def event_rule(event) -> judged.JudgedRule:
    """The judged rule of a stored Event."""
    return build_judged_rule(
        event.rule or {},
        ({"key": c.key, "name": c.name, "max": c.max, "step": c.step, "weight": c.weight}
         for c in event.criteria))


def stored_settings(rule: judged.JudgedRule) -> dict[str, Any]:
    """The rule settings as JSON-safe data for Event.rule (criteria are stored as rows)."""
    return {
        "aggregate": rule.aggregate, "drop_highest": rule.drop_highest, "drop_lowest": rule.drop_lowest,
        "decimals": rule.decimals, "tiebreak": list(rule.tiebreak),
        "deductions": [{"key": d.key, "name": d.name, "penalty": str(d.penalty),
                        "per": None if d.per is None else str(d.per), "unit": d.unit}
                       for d in rule.deductions],
        "outlier": None if rule.outlier is None else str(rule.outlier),
    }
