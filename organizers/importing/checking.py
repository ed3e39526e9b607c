"""Checking every row of a read file against the campaign, writing nothing: a Plan with each row's
problems and, when it has none, the entries and teams the import will write."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional

from sqlalchemy.orm import Session

from organizers.importing.campaign import _Campaign, _phone
from organizers.importing.columns import CONTESTANTS, GENDERS, KEY, SEPARATORS, SHIRT, Format
from organizers.importing.reading import ParsedFile, Problem
from scoring import payout
from scoring.models import Stage, Unit


@dataclass
class PlannedEntry:
    event_id: int
    stage_id: int
    key: str


@dataclass
class CheckedRow:
    number: int
    values: dict[str, str]
    problems: list[Problem] = field(default_factory=list)
    unit_id: Optional[int] = None
    gender: Optional[str] = None
    shirt: Optional[int] = None
    entries: list[PlannedEntry] = field(default_factory=list)
    person_id: Optional[int] = None  # a person already in the register, entering more events

    def problem(self, code: str, field_name: Optional[str] = None, **params: Any) -> None:
        self.problems.append(Problem(code, field_name, params))

    def fields_with_problems(self) -> set[str]:
        return {p.column for p in self.problems if p.column}


@dataclass
class PlannedTeam:
    event_id: int
    name: str
    rows: list[CheckedRow] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    stage_id: Optional[int] = None
    unit_id: Optional[int] = None
    key: str = ""



def _same_person(phones: Iterable[str], phone: str) -> bool:
    """Same name and unit are the same person unless both have a phone and the phones differ."""
    return any(not known or not phone or known == phone for known in phones)



class Checked:
    """What every checked file tells: how many of its `rows` have problems, and whether none has."""

    rows: list[CheckedRow]

    @property
    def problem_rows(self) -> int:
        return sum(1 for row in self.rows if row.problems)

    @property
    def ok(self) -> bool:
        return self.problem_rows == 0


@dataclass
class Plan(Checked):
    """Every row of a file with its problems and, when it has none, what will be written."""

    campaign_id: int
    filename: str
    rows: list[CheckedRow]
    teams: list[PlannedTeam]
    empty_rows: int
    warnings: list[Problem]
    stage_labels: dict[int, dict[str, str]]
    campaign: Optional[_Campaign] = None

    def stage_counts(self) -> list[dict[str, Any]]:
        """Entries and teams per stage: [{event, stage, key, entries, teams, players}]."""
        counts: dict[int, Counter] = defaultdict(Counter)
        for row in self.rows:
            for entry in row.entries:
                counts[entry.stage_id]["entries"] += 1
        for team in self.teams:
            if team.stage_id is not None:
                counts[team.stage_id]["teams"] += 1
                counts[team.stage_id]["players"] += len(team.rows)
        return [{**self.stage_labels[s], "entries": c["entries"], "teams": c["teams"], "players": c["players"]}
                for s, c in sorted(counts.items(), key=lambda item: (self.stage_labels[item[0]]["event_id"], item[0]))]


def check_text(row: CheckedRow, form: Format) -> None:
    """Cells no longer than the format allows, and a name."""
    for name, limit in form.limits.items():
        if len(row.values[name]) > limit:
            row.problem("too_long", name, column=form.headers[name], limit=limit)
    if not row.values["name"]:
        row.problem("name_empty", "name")


def _check_cells(row: CheckedRow) -> None:
    values = row.values
    check_text(row, CONTESTANTS)
    if values["gender"]:
        row.gender = GENDERS.get(values["gender"].casefold())
        if row.gender is None:
            row.problem("bad_gender", "gender", value=values["gender"])
    if values["number"]:
        if SHIRT.match(values["number"]):
            row.shirt = int(values["number"])
        else:
            row.problem("bad_number", "number", value=values["number"][:20])
    if values["id_number"] and not payout.id_number_ok(payout.id_number(values["id_number"])):
        row.problem("bad_id_number", "id_number", row=row.number)
    if values["account"] and not payout.account_ok(payout.account(values["account"])):
        row.problem("bad_account", "account", row=row.number)


def _row_keys(row: CheckedRow, count: int) -> list[str]:
    """The entry key of each of the row's `count` events: one key for all, one per event, or none."""
    keys = [k.strip() for k in SEPARATORS.split(row.values["key"]) if k.strip()]
    for key in keys:
        if not KEY.match(key):
            row.problem("bad_key", "key", key=key[:70])
    if len(keys) == 1 or not keys:
        return (keys or [""]) * count
    if len(keys) != count:
        row.problem("key_count", "key", count=count)
        return [""] * count
    return keys


class _Checker:
    def __init__(self, campaign: _Campaign):
        self.campaign = campaign
        self.key_rows: dict[tuple[int, str], int] = {}
        self.people: dict[tuple[str, int], list[tuple[str, int]]] = defaultdict(list)
        self.teams: dict[tuple[int, str], PlannedTeam] = {}

    def claim_key(self, row: CheckedRow, stage: Stage, key: str) -> None:
        """An entry key given in the file: unique in its stage, in the database and in the file."""
        if (stage.id, key) in self.key_rows:
            if self.key_rows[(stage.id, key)] != row.number:
                row.problem("duplicate_key_row", "key", key=key, stage=stage.name, row=self.key_rows[(stage.id, key)])
        elif key in self.campaign.keys[stage.id]:
            row.problem("duplicate_key", "key", key=key, stage=stage.name)
        else:
            self.key_rows[(stage.id, key)] = row.number
            self.campaign.keys[stage.id].add(key)

    def row(self, row: CheckedRow) -> None:
        campaign = self.campaign
        _check_cells(row)
        unit = campaign.unit(row)
        if unit is not None:
            row.unit_id = unit.id
            if not campaign.covers(unit.id):
                row.problem("outside_scope", "village" if row.values["village"] else "township", unit=unit.name)
                unit = None
        events = campaign.event_list(row)
        for event, key in zip(events, _row_keys(row, len(events))):
            if event.format == "match":
                team_name = row.values["team"]
                if not team_name:
                    row.problem("team_missing", "team", event=event.name)
                    continue
                team = self.teams.setdefault((event.id, team_name), PlannedTeam(event.id, team_name))
                team.rows.append(row)
                team.keys.append(key)
            elif unit is not None:
                stage = campaign.place(row, event, unit)
                if stage is not None:
                    if key:
                        self.claim_key(row, stage, key)
                    row.entries.append(PlannedEntry(event.id, stage.id, key))
        if unit is not None and row.values["name"]:
            self.person(row, unit)

    def person(self, row: CheckedRow, unit: Unit) -> None:
        """A person already in the register enters more events (the row is linked to them, no one
        new is made), unless they are already entered in one of them; two registered people it could
        be is a problem, as is the same person twice in the file."""
        name, phone = row.values["name"], _phone(row.values["phone"])
        registered = [pid for known, pid in self.campaign.persons.get((name, unit.id), []) if _same_person([known], phone)]
        if len(registered) > 1:
            row.problem("duplicate_person_register", "name", name=name, unit=unit.name)
        elif registered:
            row.person_id = registered[0]
            for planned in row.entries:
                if planned.stage_id in self.campaign.entered[row.person_id]:
                    row.problem("already_entered", "event", name=name,
                                event=self.campaign.events[planned.event_id].name)
        earlier = [number for known, number in self.people[(name, unit.id)] if _same_person([known], phone)]
        if earlier:
            row.problem("duplicate_person_row", "name", row=earlier[0])
        self.people[(name, unit.id)].append((phone, row.number))

    def team(self, team: PlannedTeam) -> None:
        """A team of a match event: the unit most of its rows come from, its stage, one key."""
        campaign = self.campaign
        units = Counter(r.unit_id for r in team.rows if r.unit_id is not None and campaign.covers(r.unit_id))
        if not units:
            return  # every row already has a problem with its unit
        team.unit_id = units.most_common(1)[0][0]
        event = campaign.events[team.event_id]
        for row in team.rows:  # the stage's problem, if any, is every row's
            stage = campaign.place(row, event, campaign.units[team.unit_id])
        if stage is None:
            return
        team.stage_id = stage.id
        if team.name in campaign.team_names[stage.id]:
            for row in team.rows:
                row.problem("team_exists", "team", team=team.name, stage=stage.name)
        if stage.id in campaign.drawn:
            for row in team.rows:
                row.problem("fixtures_drawn", "event", stage=stage.name)
        campaign.team_names[stage.id].add(team.name)
        given = list(dict.fromkeys(k for k in team.keys if k))
        if len(given) > 1:
            for row, key in zip(team.rows, team.keys):
                if key:
                    row.problem("team_keys", "key", team=team.name)
        elif given:
            team.key = given[0]
            self.claim_key(next(r for r, k in zip(team.rows, team.keys) if k), stage, team.key)
        shirts = Counter(r.shirt for r in team.rows if r.shirt is not None)
        for row in team.rows:
            if shirts.get(row.shirt, 0) > 1:
                row.problem("duplicate_shirt", "number", number=row.shirt, team=team.name)


def check(session: Session, campaign_id: int, parsed: ParsedFile,
          allowed_units: Optional[frozenset[int]] = None) -> Plan:
    """Every row's problems against the campaign as it is in `session` (nothing is written).
    `allowed_units`: the units a township organizer may touch (None: all)."""
    campaign = _Campaign(session, campaign_id, allowed_units)
    checker = _Checker(campaign)
    rows = [CheckedRow(number, values) for number, values in parsed.rows]
    for row in rows:
        checker.row(row)
    teams = list(checker.teams.values())
    for team in teams:
        checker.team(team)
    for row in rows:  # keys left empty are made now that every given key is known
        for entry in row.entries:
            entry.key = entry.key or campaign.new_key(entry.stage_id, "")
    for team in teams:
        if team.stage_id is not None:
            team.key = team.key or campaign.new_key(team.stage_id, "T")
    used = {e.stage_id for row in rows for e in row.entries} | {t.stage_id for t in teams if t.stage_id is not None}
    labels = {s: {"key": campaign.stages[s].key, "stage": campaign.stages[s].name, "event_id": campaign.stages[s].event_id,
                  "event": campaign.events[campaign.stages[s].event_id].name} for s in sorted(used)}
    return Plan(campaign_id, parsed.filename, rows, teams, parsed.empty_rows, parsed.warnings, labels, campaign)


def split(check_rows: Callable[[ParsedFile], Any], parsed: ParsedFile) -> tuple[Any, list[CheckedRow]]:
    """For an import of the good rows only: (the plan of the rows that have no problem on their own,
    the rows left out with their problems, in file order). `check_rows(parsed)` checks a file; rows
    with problems are taken out and the rest checked again (a team may lose a player, a row the
    earlier row it repeated) until what is left has none."""
    left_out: list[CheckedRow] = []
    while True:
        plan = check_rows(parsed)
        bad = [row for row in plan.rows if row.problems]
        if not bad:
            return plan, sorted(left_out, key=lambda row: row.number)
        left_out += bad
        numbers = {row.number for row in bad}
        parsed = ParsedFile(parsed.filename, [(n, v) for n, v in parsed.rows if n not in numbers], parsed.empty_rows,
                            parsed.warnings)
