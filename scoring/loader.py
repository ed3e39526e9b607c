"""Competition files (YAML or JSON): check every part, report every problem with its place, then
write the whole campaign in one transaction, or nothing. The format is in docs/competition-file.md.
"""
from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Optional

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from scoring.models import Campaign, Category, Criterion, Entry, Event, Fixture, Heat, Judge, Player, Stage, Tier, Unit
from scoring.knockout import bracket_fixtures
from scoring.rulebook import build_judged_rule, build_measured_rule, stored_measured_settings, stored_settings
from scoring.rules import fixtures as fixture_rules
from scoring.rules.match import build_match_rule
from scoring.tiers import LEVELS

KEY = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
FORMATS = ("judged", "match", "measured")
ADVANCE_MODES = ("per_stage", "overall")


class CompetitionFileError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def read_file(path: str | Path) -> Any:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as failed:
        raise CompetitionFileError([f"{path}: cannot be read as UTF-8 text ({failed})"])
    try:
        return json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as failed:
        raise CompetitionFileError([f"{path}: not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'}: {failed}"])


@dataclass
class _Checker:
    """Walks the file once, collecting every problem as 'place: what is wrong'."""

    problems: list[str] = field(default_factory=list)
    entries_optional: bool = False  # a stage of a later tier: its entries come by advancement

    def problem(self, where: str, what: str) -> None:
        self.problems.append(f"{where}: {what}")

    def mapping(self, value: Any, where: str) -> dict:
        if not isinstance(value, dict):
            self.problem(where, "must be a mapping")
            return {}
        return value

    def listing(self, value: Any, where: str, required: bool = True) -> list:
        if value is None and not required:
            return []
        if not isinstance(value, list) or (required and not value):
            self.problem(where, "must be a non-empty list")
            return []
        return value

    def text(self, node: dict, name: str, where: str, required: bool = True) -> Optional[str]:
        value = node.get(name)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(f"{where}.{name}", "must be non-empty text")
            return None
        return value.strip()

    def key(self, node: dict, where: str, seen: set) -> Optional[str]:
        key = node.get("key")
        if isinstance(key, (int,)) and not isinstance(key, bool):
            key = str(key)
        if not isinstance(key, str) or not KEY.match(key):
            self.problem(f"{where}.key", "must be 1-64 letters, digits, '_', '-' or '.'")
            return None
        if key in seen:
            self.problem(f"{where}.key", f"'{key}' is used twice")
        seen.add(key)
        return key

    def number(self, node: dict, name: str, where: str, positive: bool = True) -> None:
        value = node.get(name)
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))
            if not number.is_finite() or (positive and number <= 0):
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            self.problem(f"{where}.{name}", f"must be a {'positive ' if positive else ''}number, not {value!r}")


def _unit_paths(checker: _Checker, units: list, where: str, prefix: tuple = ()) -> dict[tuple, dict]:
    """Every unit by its path of names, e.g. ('洛隆县', '硕督镇', '达翁村')."""
    paths: dict[tuple, dict] = {}
    for i, node in enumerate(units):
        place = f"{where}[{i}]"
        node = checker.mapping(node, place)
        name = checker.text(node, "name", place) if node else None
        if name is None:
            continue
        path = prefix + (name,)
        if path in paths:
            checker.problem(f"{place}.name", f"'{name}' appears twice under the same parent")
        paths[path] = node
        paths.update(_unit_paths(checker, checker.listing(node.get("children"), f"{place}.children", False),
                                 f"{place}.children", path))
    return paths


def resolve_unit(paths, reference: str) -> tuple[Optional[tuple], str]:
    """A unit named by its own name (if unique) or by a path 'township/village'."""
    wanted = tuple(part.strip() for part in reference.split("/") if part.strip())
    matches = [p for p in paths if p[-len(wanted):] == wanted] if wanted else []
    if len(matches) == 1:
        return matches[0], ""
    if not matches:
        return None, f"unknown unit '{reference}'"
    return None, f"unit '{reference}' is ambiguous; write it as {' or '.join('/'.join(m[-2:]) for m in matches)}"


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


def _check_officials(checker: _Checker, stage: dict, where: str, field: str) -> None:
    """A stage's judges (judged events) or scorekeepers (matches): they log in by QR code."""
    keys: set = set()
    chiefs = 0
    for k, official in enumerate(checker.listing(stage.get(field), f"{where}.{field}")):
        place = f"{where}.{field}[{k}]"
        official = checker.mapping(official, place)
        if not official:
            continue
        checker.key(official, place, keys)
        checker.text(official, "name", place)
        if not isinstance(official.get("chief", False), bool):
            checker.problem(f"{place}.chief", "must be true or false")
        chiefs += official.get("chief") is True
        token = official.get("token")
        if token is not None and (not isinstance(token, str) or not 16 <= len(token) <= 64):
            checker.problem(f"{place}.token", "must be text of 16 to 64 characters")
    if chiefs > 1:
        checker.problem(f"{where}.{field}", "at most one can be the chief")


def _check_people(checker: _Checker, nodes: list, where: str, units: dict, keys: Optional[set] = None,
                  keyed: bool = True) -> set:
    """Entries, teams or players: a key (unique in the list), a name, and optionally a unit."""
    keys = set() if keys is None else keys
    for k, node in enumerate(nodes):
        place = f"{where}[{k}]"
        node = checker.mapping(node, place)
        if not node:
            continue
        if keyed or "key" in node:
            checker.key(node, place, keys)
        checker.text(node, "name", place)
        unit = checker.text(node, "unit", place, required=False)
        if unit is not None:
            found, why = resolve_unit(units, unit)
            if found is None:
                checker.problem(f"{place}.unit", why)
    return keys


def _check_judged_stage(checker: _Checker, stage: dict, where: str, units: dict) -> None:
    _check_officials(checker, stage, where, "judges")
    _check_people(checker, checker.listing(stage.get("entries"), f"{where}.entries", not checker.entries_optional),
                  f"{where}.entries", units)


SCHEDULES = ("round_robin", "double_round_robin", "knockout")


def _check_match_rule(checker: _Checker, event: dict, where: str) -> None:
    rule = checker.mapping(event.get("rule", {}), f"{where}.rule")
    try:
        build_match_rule(rule)
    except (ValueError, KeyError, TypeError) as refused:
        checker.problem(f"{where}.rule", str(refused))


def _check_match_stage(checker: _Checker, stage: dict, where: str, units: dict) -> None:
    _check_officials(checker, stage, where, "scorekeepers")
    seeded_later = stage.get("from_stage") is not None
    if seeded_later:
        checker.text(stage, "from_stage", where)
        if stage.get("schedule", "knockout") != "knockout" or stage.get("teams") or stage.get("fixtures"):
            checker.problem(where, "a stage seeded from another (from_stage) is a knockout with no teams or fixtures of its own")
        if stage.get("qualifiers", 2) not in (1, 2):
            checker.problem(f"{where}.qualifiers", "must be 1 or 2")
        if stage.get("legs", 1) not in (1, 2):
            checker.problem(f"{where}.legs", "must be 1 or 2 (two-legged knockout ties)")
        return
    teams = checker.listing(stage.get("teams"), f"{where}.teams", not checker.entries_optional)
    team_keys = _check_people(checker, teams, f"{where}.teams", units)
    for k, team in enumerate(teams):
        if isinstance(team, dict):
            players = checker.listing(team.get("players"), f"{where}.teams[{k}].players", required=False)
            _check_people(checker, players, f"{where}.teams[{k}].players", units, keyed=False)
            for p, player in enumerate(players):
                number = player.get("number") if isinstance(player, dict) else None
                if number is not None and (isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= 999):
                    checker.problem(f"{where}.teams[{k}].players[{p}].number", "must be a whole number from 0 to 999")
    groups = stage.get("groups")
    if groups is not None:
        groups = checker.mapping(groups, f"{where}.groups")
        placed = [team for members in groups.values() for team in (members or [])]
        for team in sorted(set(placed) - team_keys):
            checker.problem(f"{where}.groups", f"unknown team '{team}'")
        for team in sorted({t for t in placed if placed.count(t) > 1}):
            checker.problem(f"{where}.groups", f"team '{team}' is in more than one group")
    schedule = stage.get("schedule")
    fixtures = stage.get("fixtures")
    if stage.get("legs", 1) not in (1, 2):
        checker.problem(f"{where}.legs", "must be 1 or 2 (two-legged knockout ties)")
    if schedule is not None and schedule not in SCHEDULES:
        checker.problem(f"{where}.schedule", f"must be one of {', '.join(SCHEDULES)}, not {schedule!r}")
    if schedule is not None and fixtures is not None:
        checker.problem(f"{where}", "give either fixtures or a schedule to generate them, not both")
    fixture_keys: set = set()
    for k, fixture in enumerate(checker.listing(fixtures, f"{where}.fixtures", required=False)):
        place = f"{where}.fixtures[{k}]"
        fixture = checker.mapping(fixture, place)
        if not fixture:
            continue
        checker.key(fixture, place, fixture_keys)
        for side in ("home", "away"):
            if fixture.get(side) not in team_keys:
                checker.problem(f"{place}.{side}", f"unknown team {fixture.get(side)!r}")
        if fixture.get("home") == fixture.get("away"):
            checker.problem(place, "a team cannot play itself")
        if fixture.get("starts_at") is not None:
            try:
                _start_time(fixture["starts_at"])
            except (TypeError, ValueError):
                checker.problem(f"{place}.starts_at", "must be a date and time like 2025-02-01T10:00")
        for number in ("round", "leg"):
            value = fixture.get(number, 1)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                checker.problem(f"{place}.{number}", "must be a whole number from 1")


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


def _start_time(value) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


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


def _unit_of(units: dict, node: dict) -> Optional[Unit]:
    return units[resolve_unit(units, node["unit"])[0]] if node.get("unit") else None


def _officials(nodes: list) -> list[Judge]:
    return [Judge(position=i, key=str(j["key"]), name=j["name"], chief=bool(j.get("chief", False)),
                  token=j.get("token") or secrets.token_urlsafe(18)) for i, j in enumerate(nodes)]


def _entries(nodes: list, units: dict) -> list[Entry]:
    return [Entry(key=str(e["key"]), name=e["name"], name_bo=e.get("name_bo"), running_order=int(e.get("order", i + 1)),
                  unit=_unit_of(units, e)) for i, e in enumerate(nodes)]


def _judged_event(node: dict, event: Event, units: dict) -> None:
    rule = build_judged_rule(_rule_settings(node["rule"]), node["rule"]["criteria"])
    event.rule = stored_settings(rule)
    event.criteria = [Criterion(position=i, key=c.key, name=c.name, max=c.max, step=c.step, weight=c.weight)
                      for i, c in enumerate(rule.criteria)]
    for stage_node in node["stages"]:
        stage = Stage(event=event, key=str(stage_node["key"]), name=stage_node["name"], seq=0)
        stage.judges = _officials(stage_node["judges"])
        stage.entries = _entries(stage_node.get("entries") or [], units)


def _generated_fixtures(stage_node: dict) -> list[dict]:
    """Round-robin fixtures for the whole stage or within each group, keys G-R-N (or R-N)."""
    double = stage_node.get("schedule") == "double_round_robin"
    groups = stage_node.get("groups") or {None: [str(t["key"]) for t in stage_node["teams"]]}
    made = []
    for group, members in groups.items():
        for pairings in fixture_rules.round_robin([str(m) for m in members], double):
            for number, pairing in enumerate(pairings, start=1):
                made.append({"key": f"{group + '-' if group else ''}{pairing.round}-{number}", "home": pairing.home,
                             "away": pairing.away, "round": pairing.round, "group": group})
    return made


STAGE_SETTINGS = ("schedule", "from_stage", "qualifiers", "third_place", "lots", "legs")


def _match_event(node: dict, event: Event, units: dict) -> None:
    event.rule = dict(node.get("rule") or {})
    for stage_node in node["stages"]:
        stage = Stage(event=event, key=str(stage_node["key"]), name=stage_node["name"], seq=0,
                      settings={k: stage_node[k] for k in STAGE_SETTINGS if k in stage_node})
        stage.judges = _officials(stage_node["scorekeepers"])
        if stage_node.get("from_stage") is not None:
            stage.settings.setdefault("schedule", "knockout")
            continue  # teams and bracket come when the organizer seeds it from the group stage
        if not stage_node.get("teams"):
            continue  # a later tier's stage: its teams advance into it
        stage.entries = _entries(stage_node["teams"], units)
        teams = {team.key: team for team in stage.entries}
        for team, team_node in zip(stage.entries, stage_node["teams"]):
            team.players = [Player(position=i, key=str(p.get("key", i + 1)), name=p["name"], name_bo=p.get("name_bo"),
                                   number=p.get("number"), unit=_unit_of(units, p) or team.unit)
                            for i, p in enumerate(team_node.get("players") or [])]
        if stage_node.get("schedule") == "knockout":
            bracket = fixture_rules.single_elimination([team.key for team in stage.entries],
                                                       bool(stage_node.get("third_place", False)))
            bracket_fixtures(stage, bracket, teams, int(stage_node.get("legs", 1)))
            continue
        group_of = {str(t): g for g, members in (stage_node.get("groups") or {}).items() for t in members}
        given = stage_node.get("fixtures")
        for f in (given if given is not None else _generated_fixtures(stage_node)):
            stage.fixtures.append(Fixture(
                key=str(f["key"]), round=int(f.get("round", 1)), leg=int(f.get("leg", 1)),
                group=f.get("group") or group_of.get(str(f["home"])), home=teams[str(f["home"])],
                away=teams[str(f["away"])], venue=f.get("venue"),
                starts_at=_start_time(f["starts_at"]) if f.get("starts_at") is not None else None))


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


EVENT_STORES = {"match": _match_event, "measured": _measured_event}


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
