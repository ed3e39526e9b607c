"""Competition files (YAML or JSON): check every part, report every problem with its place, then
write the whole campaign in one transaction, or nothing. The format is in docs/competition-file.md.

The parts live in small modules: files (reading), checker (the checker and the checks every format
shares), judged, matches and measured (each format's rule, stages and storing), tiers, and entries
(officials and entries as stored); this module walks the file and dispatches to them by format.
"""
from __future__ import annotations

from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from scoring.loader.checker import _Checker, _unit_paths, resolve_unit
from scoring.loader.files import KEY, CompetitionFileError, read_file
from scoring.loader.judged import _check_judged_stage, _check_rule, _judged_event
from scoring.loader.matches import SCHEDULES, STAGE_SETTINGS, _check_match_rule, _check_match_stage, _match_event
from scoring.loader.measured import MEASURED_SETTINGS, _check_measured_rule, _check_measured_stage, _measured_event
from scoring.loader.tiers import ADVANCE_MODES, _check_stage_tier, _check_tiers, _store_tiers
from scoring.models import Campaign, Category, Event, Stage, Unit

__all__ = ["KEY", "FORMATS", "ADVANCE_MODES", "SCHEDULES", "STAGE_SETTINGS", "MEASURED_SETTINGS", "RULE_CHECKS",
           "STAGE_CHECKS", "EVENT_STORES", "CompetitionFileError", "read_file", "resolve_unit", "check_competition",
           "load_competition", "add_events"]

FORMATS = ("judged", "match", "measured")

RULE_CHECKS = {"match": _check_match_rule, "measured": _check_measured_rule}
STAGE_CHECKS = {"match": _check_match_stage, "measured": _check_measured_stage}


def check_competition(data: Any, session: Optional[Session] = None, empty_stages: bool = False) -> dict[tuple, dict]:
    """Check a parsed competition file; raise CompetitionFileError listing every problem.
    `empty_stages`: stages may come without entries (a campaign set up before its registration)."""
    checker = _Checker()
    root = checker.mapping(data, "file")
    if not root:
        raise CompetitionFileError(checker.problems or ["file: is empty"])
    checker.text(root, "campaign", "file")
    units = _unit_paths(checker, checker.listing(root.get("units"), "units", False), "units")
    event_keys: set = set()
    stage_keys: set = set()
    for i, event in enumerate(checker.listing(root.get("events"), "events")):
        where = f"events[{i}]"
        event = checker.mapping(event, where)
        if not event:
            continue
        checker.key(event, where, event_keys)
        checker.text(event, "name", where)
        checker.text(event, "category", where, required=False)
        kind = event.get("format", "judged")
        if kind not in FORMATS:
            checker.problem(f"{where}.format", f"must be one of {', '.join(FORMATS)}, not {kind!r}")
        RULE_CHECKS.get(kind, _check_rule)(checker, event, where)
        tiers = _check_tiers(checker, event, where)
        for j, stage in enumerate(checker.listing(event.get("stages"), f"{where}.stages")):
            place = f"{where}.stages[{j}]"
            stage = checker.mapping(stage, place)
            if stage:
                checker.key(stage, place, stage_keys)
                checker.text(stage, "name", place)
                later_tier = _check_stage_tier(checker, stage, place, tiers, units)
                checker.entries_optional = later_tier or empty_stages
                STAGE_CHECKS.get(kind, _check_judged_stage)(checker, stage, place, units)
    if session is not None and stage_keys:
        taken = session.scalars(select(Stage.key).where(Stage.key.in_(stage_keys))).all()
        for key in sorted(taken):
            checker.problem(f"stage '{key}'", "already exists in the database (load with --replace to reload)")
    if checker.problems:
        raise CompetitionFileError(checker.problems)
    return units


def _store_units(session: Session, campaign: Campaign, units: dict[tuple, dict]) -> dict[tuple, Unit]:
    stored: dict[tuple, Unit] = {}
    for path in sorted(units, key=len):
        node = units[path]
        stored[path] = Unit(campaign=campaign, parent=stored.get(path[:-1]), name=path[-1], name_bo=node.get("name_bo"))
        session.add(stored[path])
    return stored


EVENT_STORES = {"match": _match_event, "measured": _measured_event}


def _store_event(session: Session, campaign: Campaign, node: dict, categories: dict, units: dict) -> Event:
    category_name = node.get("category")
    if category_name and category_name not in categories:
        categories[category_name] = Category(campaign=campaign, name=category_name)
    event = Event(campaign=campaign, key=str(node["key"]), name=node["name"], format=node.get("format", "judged"),
                  category=categories.get(category_name))
    EVENT_STORES.get(event.format, _judged_event)(node, event, units)
    _store_tiers(event, node, units)
    session.add(event)
    return event


def load_competition(session: Session, data: Any, replace: bool = False, empty_stages: bool = False) -> Campaign:
    """Write a checked competition into the session's transaction (the caller commits)."""
    if replace and isinstance(data, dict):
        for old in session.scalars(select(Campaign).where(Campaign.name == data.get("campaign"))):
            session.delete(old)
        session.flush()
    paths = check_competition(data, session, empty_stages)
    campaign = Campaign(name=data["campaign"].strip(), name_bo=data.get("campaign_bo"))
    session.add(campaign)
    units = _store_units(session, campaign, paths)
    categories: dict[str, Category] = {}
    for node in data["events"]:
        _store_event(session, campaign, node, categories, units)
    session.flush()
    return campaign


def _unit_tree(units: list[Unit], parent_id: Optional[int] = None) -> list[dict]:
    return [{"name": u.name, **({"name_bo": u.name_bo} if u.name_bo else {}),
             "children": _unit_tree(units, u.id)} for u in units if u.parent_id == parent_id]


def add_events(session: Session, campaign: Campaign, events: list) -> list[Event]:
    """Add events (nodes of a competition file) to an existing campaign, with its own units and
    categories; checked like a file (stages may be empty), written into the caller's transaction."""
    units = session.scalars(select(Unit).where(Unit.campaign_id == campaign.id).order_by(Unit.id)).all()
    check_competition({"campaign": campaign.name, "units": _unit_tree(list(units)), "events": events},
                      session, empty_stages=True)
    taken = set(session.scalars(select(Event.key).where(Event.campaign_id == campaign.id)))
    clashes = [f"event '{node['key']}': the campaign already has it" for node in events if str(node["key"]) in taken]
    if clashes:
        raise CompetitionFileError(clashes)
    by_id = {u.id: u for u in units}

    def path(unit: Unit) -> tuple:
        return (path(by_id[unit.parent_id]) if unit.parent_id else ()) + (unit.name,)
    stored_units = {path(u): u for u in units}
    categories = {c.name: c for c in session.scalars(select(Category).where(Category.campaign_id == campaign.id))}
    added = [_store_event(session, campaign, node, categories, stored_units) for node in events]
    session.flush()
    return added
