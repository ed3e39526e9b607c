"""Match events: the rule, each stage's scorekeepers, teams, players, groups and fixtures (given,
generated round-robin or a knockout bracket), and storing them."""
from __future__ import annotations

from scoring.knockout import bracket_fixtures
from scoring.loader.checker import _Checker, _check_officials, _check_people
from scoring.loader.entries import _entries, _officials, _unit_of
from scoring.loader.files import _start_time
from scoring.models import Event, Fixture, Player, Stage
from scoring.rules import fixtures as fixture_rules
from scoring.rules.match import build_match_rule

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
