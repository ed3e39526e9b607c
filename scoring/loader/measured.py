"""Measured events (times, distances, heights): the rule, each stage's recorders, heats, lanes and
entries, and storing them."""
from __future__ import annotations

from decimal import InvalidOperation

from scoring.loader.checker import _Checker, _check_officials, _check_people
from scoring.loader.entries import _entries, _officials
from scoring.loader.files import _start_time
from scoring.models import Event, Heat, Stage
from scoring.rulebook import build_measured_rule, stored_measured_settings


def _check_measured_rule(checker: _Checker, event: dict, where: str) -> None:
    rule = checker.mapping(event.get("rule"), f"{where}.rule")
    if rule:
        try:
            build_measured_rule(rule)
        except (ValueError, KeyError, TypeError, InvalidOperation) as refused:
            checker.problem(f"{where}.rule", str(refused))


def _whole(checker: _Checker, node: dict, name: str, where: str, low: int = 1, high: int = 999) -> None:
    value = node.get(name)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high):
        checker.problem(f"{where}.{name}", f"must be a whole number from {low} to {high}")


def _check_measured_stage(checker: _Checker, stage: dict, where: str, units: dict) -> None:
    _check_officials(checker, stage, where, "recorders")
    for name in ("by_place", "fastest_losers"):
        _whole(checker, stage, name, where, 0)
    _whole(checker, stage, "lanes", where)
    heat_keys: set = set()
    for k, heat in enumerate(checker.listing(stage.get("heats"), f"{where}.heats", required=False)):
        place = f"{where}.heats[{k}]"
        heat = checker.mapping(heat, place)
        if heat:
            checker.key(heat, place, heat_keys)
            checker.text(heat, "name", place, required=False)
            if heat.get("starts_at") is not None:
                try:
                    _start_time(heat["starts_at"])
                except (TypeError, ValueError):
                    checker.problem(f"{place}.starts_at", "must be a date and time like 2025-02-01T10:00")
    if stage.get("from_stage") is not None:
        checker.text(stage, "from_stage", where)
        if stage.get("entries"):
            checker.problem(where, "a final drawn from heats (from_stage) gets its start list from their results; list no entries")
        return
    entries = checker.listing(stage.get("entries"), f"{where}.entries", not checker.entries_optional)
    _check_people(checker, entries, f"{where}.entries", units)
    lanes: set = set()
    for k, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        place = f"{where}.entries[{k}]"
        heat = entry.get("heat")
        if heat is not None and heat_keys and str(heat) not in heat_keys:
            checker.problem(f"{place}.heat", f"unknown heat {heat!r}")
        _whole(checker, entry, "lane", place)
        if entry.get("lane") is not None:
            if (str(heat), entry["lane"]) in lanes:
                checker.problem(f"{place}.lane", f"lane {entry['lane']} is taken twice in heat {heat}")
            lanes.add((str(heat), entry["lane"]))


MEASURED_SETTINGS = ("by_place", "fastest_losers", "from_stage", "lanes")


def _heats(stage_node: dict, stage: Stage) -> dict[str, Heat]:
    """The stage's heats as listed, or as named by its entries, or one heat for everyone."""
    listed = stage_node.get("heats") or [{"key": str(k)} for k in dict.fromkeys(
        str(e["heat"]) for e in stage_node.get("entries") or [] if e.get("heat") is not None)]
    if not listed and stage_node.get("entries"):
        listed = [{"key": "1", "name": stage_node["name"]}]
    heats = {}
    for position, node in enumerate(listed, start=1):
        key = str(node["key"])
        heats[key] = Heat(stage=stage, key=key, position=position, name=node.get("name") or f"{key}",
                          starts_at=_start_time(node["starts_at"]) if node.get("starts_at") is not None else None)
    return heats


def _measured_event(node: dict, event: Event, units: dict) -> None:
    rule = build_measured_rule(node["rule"])
    event.rule = stored_measured_settings(rule, node["rule"])
    for stage_node in node["stages"]:
        stage = Stage(event=event, key=str(stage_node["key"]), name=stage_node["name"], seq=0,
                      settings={k: stage_node[k] for k in MEASURED_SETTINGS if k in stage_node})
        stage.judges = _officials(stage_node["recorders"])
        heats = _heats(stage_node, stage)
        stage.entries = _entries(stage_node.get("entries") or [], units)
        first = next(iter(heats.values()), None)
        for entry, entry_node in zip(stage.entries, stage_node.get("entries") or []):
            entry.heat = heats[str(entry_node["heat"])] if entry_node.get("heat") is not None else first
            entry.lane = entry_node.get("lane")
