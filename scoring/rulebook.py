"""Turns an event's stored rule (criteria rows + rule settings) into the pure rule objects."""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable, Mapping

from scoring.rules import judged, measured

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


# --- measured events -------------------------------------------------------------------------

MEASURED_KEYS = ("measure", "unit", "direction", "attempts", "aggregate", "best_of", "sum", "resolution",
                 "maximum", "timing", "tiebreak", "time_limit", "watch_spread")
# Stopwatches of one hand time further apart than this (seconds) are flagged to the recorders: a watch
# started late or stopped on the wrong rider. Trained timekeepers agree within a few tenths.
WATCH_SPREAD = Decimal("0.5")


def build_measured_rule(settings: Mapping[str, Any]) -> measured.MeasuredRule:
    """A MeasuredRule from the competition file's or the database's plain data. `best_of: N` is
    N attempts, the best counts; `sum: N` is N attempts, added up. Raises ValueError on a bad rule."""
    unknown = sorted(set(settings) - set(MEASURED_KEYS))
    if unknown:
        raise ValueError(f"unknown rule setting {', '.join(unknown)}; expected {', '.join(MEASURED_KEYS)}")
    attempts, aggregate = settings.get("attempts"), settings.get("aggregate")
    for shorthand in ("best_of", "sum"):
        if settings.get(shorthand) is not None:
            count = settings[shorthand]
            if not isinstance(count, int) or isinstance(count, bool):
                raise ValueError(f"{shorthand} must be a whole number of attempts, not {count!r}")
            if attempts is not None and attempts != count or aggregate not in (None, shorthand.replace("_of", "")):
                raise ValueError(f"{shorthand}: {count} contradicts attempts/aggregate")
            attempts, aggregate = count, shorthand.replace("_of", "")
    time_limit(settings)
    watch_spread(settings)
    return measured.MeasuredRule(
        measure=settings.get("measure"), unit=str(settings.get("unit") or ""),
        resolution=_setting_text(settings.get("resolution", "0.01")),
        attempts=1 if attempts is None else attempts, aggregate=aggregate or "best",
        maximum=None if settings.get("maximum") is None else _setting_text(settings["maximum"]),
        timing=settings.get("timing", "electronic"), tiebreak=tuple(settings.get("tiebreak") or ()),
        direction=settings.get("direction"))


def _setting_text(value) -> str:
    """A number from YAML/JSON as exact text (0.1 stays "0.1")."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise ValueError(f"expected a number, not {value!r}")
    return repr(value) if isinstance(value, float) else str(value)


def _seconds(settings: Mapping[str, Any], key: str) -> Decimal | None:
    """A positive number of seconds the rule may set under `key`, None when it does not."""
    value = settings.get(key)
    if value is None:
        return None
    seconds = Decimal(_setting_text(value))
    if not seconds.is_finite() or seconds <= 0:
        raise ValueError(f"{key} must be a positive number of seconds, not {value!r}")
    return seconds


def time_limit(settings: Mapping[str, Any]) -> Decimal | None:
    """The rule's time limit in seconds (a countdown on the board), if it has one."""
    return _seconds(settings, "time_limit")


def watch_spread(settings: Mapping[str, Any]) -> Decimal:
    """How far a hand time's stopwatches may be apart before the recorders are warned (WATCH_SPREAD)."""
    spread = _seconds(settings, "watch_spread")
    return WATCH_SPREAD if spread is None else spread


def stored_measured_settings(rule: measured.MeasuredRule, settings: Mapping[str, Any]) -> dict[str, Any]:
    """The measured rule as JSON-safe data for Event.rule."""
    limit = time_limit(settings)
    return {"measure": rule.measure, "unit": rule.unit, "direction": rule.direction, "attempts": rule.attempts,
            "aggregate": rule.aggregate, "resolution": str(rule.resolution),
            "maximum": None if rule.maximum is None else str(rule.maximum), "timing": rule.timing,
            "tiebreak": list(rule.tiebreak), "time_limit": None if limit is None else str(limit),
            "watch_spread": str(watch_spread(settings)) if rule.timing == "hand" else None}


def event_measured_rule(event) -> measured.MeasuredRule:
    return build_measured_rule(event.rule or {})
