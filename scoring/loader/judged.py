"""Judged events: the rule (criteria and deductions), each stage's judges and entries, and storing them."""
from __future__ import annotations

from decimal import InvalidOperation

from scoring.loader.checker import _Checker, _check_officials, _check_people
from scoring.loader.entries import _entries, _officials
from scoring.models import Criterion, Event, Stage
from scoring.rulebook import build_judged_rule, stored_settings


def _check_rule(checker: _Checker, event: dict, where: str) -> None:
    before = len(checker.problems)
    rule = checker.mapping(event.get("rule"), f"{where}.rule")
    criteria = checker.listing(rule.get("criteria"), f"{where}.rule.criteria")
    seen: set = set()
    for j, criterion in enumerate(criteria):
        place = f"{where}.rule.criteria[{j}]"
        criterion = checker.mapping(criterion, place)
        if not criterion:
            continue
        checker.key(criterion, place, seen)
        checker.text(criterion, "name", place)
        checker.number(criterion, "max", place)
        for optional in ("step", "weight"):
            if optional in criterion:
                checker.number(criterion, optional, place)
    for j, deduction in enumerate(checker.listing(rule.get("deductions"), f"{where}.rule.deductions", False)):
        place = f"{where}.rule.deductions[{j}]"
        deduction = checker.mapping(deduction, place)
        if deduction:
            checker.key(deduction, place, set())
            checker.number(deduction, "penalty", place)
            if deduction.get("per") is not None:
                checker.number(deduction, "per", place)
    if len(checker.problems) == before and rule:
        try:
            build_judged_rule(_rule_settings(rule), criteria)
        except (ValueError, KeyError, TypeError, InvalidOperation) as refused:
            checker.problem(f"{where}.rule", str(refused))


def _rule_settings(rule: dict) -> dict:
    return {k: v for k, v in rule.items() if k != "criteria"}


def _check_judged_stage(checker: _Checker, stage: dict, where: str, units: dict) -> None:
    _check_officials(checker, stage, where, "judges")
    _check_people(checker, checker.listing(stage.get("entries"), f"{where}.entries", not checker.entries_optional),
                  f"{where}.entries", units)
    called = stage.get("called")
    if called is not None and str(called) not in {str(e.get("key")) for e in stage.get("entries") or [] if isinstance(e, dict)}:
        checker.problem(f"{where}.called", f"{called} is not an entry of this stage")


def _judged_event(node: dict, event: Event, units: dict) -> None:
    rule = build_judged_rule(_rule_settings(node["rule"]), node["rule"]["criteria"])
    event.rule = stored_settings(rule)
    event.criteria = [Criterion(position=i, key=c.key, name=c.name, max=c.max, step=c.step, weight=c.weight)
                      for i, c in enumerate(rule.criteria)]
    for stage_node in node["stages"]:
        stage = Stage(event=event, key=str(stage_node["key"]), name=stage_node["name"], seq=0)
        stage.judges = _officials(stage_node["judges"])
        stage.entries = _entries(stage_node.get("entries") or [], units)
        called = stage_node.get("called")  # a stage resumed: the entry called now (earlier ones may be marked)
        stage.current_entry = next((e for e in stage.entries if e.key == str(called)), None) if called else None
