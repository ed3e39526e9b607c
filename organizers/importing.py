"""Contestants and teams from a spreadsheet (.xlsx or .csv): read the file, check every row against
the campaign, then write everything in one transaction or nothing; and the same format back out.

No Flask here (organizers/importing_views.py is the web side): problems are codes with parameters,
turned into sentences by the caller. The column contract is in docs/import.md.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from typing import Any, Callable, Iterable, Optional

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session, selectinload, sessionmaker

from scoring.db import transaction
from scoring.models import AuditEntry, Entry, Event, Fixture, Heat, Person, Player, Stage, Tier, Unit
from scoring.tiers import entry_stage

MAX_BYTES = 10 * 1024 * 1024        # a larger upload is refused before it is read
MAX_ROWS = 20_000                   # contestants in one file
MAX_SCANNED = 100_000               # rows read at most, empty ones included
MAX_UNPACKED = 200 * 1024 * 1024    # what a workbook may unpack to (a zip bomb is refused)
HEADER_SEARCH = 10                  # the header is among the first rows that are not empty
CHUNK = 250                         # rows written between two progress reports

# field, the header written on export, other headers accepted (compared without spaces, case-folded)
COLUMNS = (
    ("key", "编号", ("key",)),
    ("name", "姓名", ("name",)),
    ("name_bo", "藏文名", ("name_bo", "藏文姓名")),
    ("gender", "性别", ("gender",)),
    ("township", "乡镇", ("township", "乡（镇）")),
    ("village", "村（社区）", ("village", "村", "社区")),
    ("event", "项目", ("event", "参赛项目")),
    ("team", "队伍", ("team",)),
    ("number", "号码", ("number",)),
    ("phone", "联系电话", ("phone", "电话")),
)
FIELDS = tuple(c[0] for c in COLUMNS)
HEADERS = {f: header for f, header, _ in COLUMNS}
REQUIRED = ("name", "township", "event")
LIMITS = {"name": 200, "name_bo": 200, "team": 200, "phone": 32}
GENDERS = {"男": "M", "女": "F", "m": "M", "f": "F", "male": "M", "female": "F"}
GENDER_TEXT = {"M": "男", "F": "女"}
KEY = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
SHIRT = re.compile(r"^\d{1,3}$")
SEPARATORS = re.compile(r"[、,，;；]")
JOIN = "、"
FORMULA = ("=", "+", "-", "@", "\t", "\r")  # a cell starting with one of these could run as a formula
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _header_key(text: str) -> str:
    return re.sub(r"[\s*＊:：]", "", text).replace("（", "(").replace("）", ")").casefold()


ALIASES = {_header_key(alias): f for f, header, others in COLUMNS for alias in (header, *others)}


@dataclass
class Problem:
    """What is wrong, as a code with parameters."""

    code: str
    column: Optional[str] = None  # the field of the cell it is about
    params: dict[str, Any] = field(default_factory=dict)


class ImportFileError(Exception):
    """The file as a whole cannot be read: nothing is checked or written."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code, params)
        self.problem = Problem(code, None, params)


class ImportRefused(Exception):
    """Rows have problems when the import runs (the campaign changed since the preview)."""

    def __init__(self, plan: "Plan"):
        super().__init__(f"{plan.problem_rows} rows have problems")
        self.plan = plan


# --- reading a file ------------------------------------------------------------------------------

@dataclass
class ParsedFile:
    """The rows of a file as text by field, numbered as in the spreadsheet; empty rows left out."""

    filename: str
    rows: list[tuple[int, dict[str, str]]]
    empty_rows: int = 0
    warnings: list[Problem] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"filename": self.filename, "rows": self.rows, "empty_rows": self.empty_rows,
                "warnings": [asdict(w) for w in self.warnings]}

    @classmethod
    def from_json(cls, data: dict) -> "ParsedFile":
        return cls(data["filename"], [(int(n), dict(values)) for n, values in data["rows"]], int(data["empty_rows"]),
                   [Problem(**w) for w in data["warnings"]])


def _cell(value: Any) -> str:
    """A cell as text: whole numbers without '.0' (phone numbers typed as numbers), dates in ISO form,
    an exported cell's protective quote taken off again."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (datetime, date, time)):
        value = value.isoformat()
    text = str(value).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA:
        text = text[1:]
    return text


def decode_text(data: bytes) -> str:
    """A CSV file's text: UTF-8 (with or without BOM), UTF-16 with BOM, or GBK / GB18030."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise ImportFileError("encoding")
            break
    else:
        if b"\x00" in data:
            raise ImportFileError("not_text")
        for codec in ("utf-8", "gb18030"):
            try:
                text = data.decode(codec)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportFileError("encoding")
    if CONTROL.search(text.rstrip("\x1a")):
        raise ImportFileError("not_text")
    return text


def _csv_rows(data: bytes) -> list[list[str]]:
    text = decode_text(data)
    sample = "\n".join([line for line in text[:100_000].splitlines() if line.strip()][:HEADER_SEARCH])
    delimiter = max(",\t;", key=sample.count)
    rows = []
    try:
        for cells in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append([_cell(c) for c in cells])
            if len(rows) > MAX_SCANNED:
                raise ImportFileError("too_many_rows", limit=MAX_ROWS)
    except csv.Error as failed:
        raise ImportFileError("not_table", detail=str(failed))
    return rows


def _sheet_rows(sheet, limit: int) -> list[list[str]]:
    rows = []
    for values in sheet.iter_rows(values_only=True):
        rows.append([_cell(v) for v in values])
        if len(rows) >= limit:
            break
    return rows


def _xlsx_rows(data: bytes) -> list[list[str]]:
    """The rows of the first sheet that has the header (of the active sheet when none has)."""
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError("bad_xlsx")
    if unpacked > MAX_UNPACKED:
        raise ImportFileError("too_large", limit=MAX_UNPACKED // (1024 * 1024))
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign zip
        raise ImportFileError("bad_xlsx")
    try:
        chosen = book.active if book.active is not None else book.worksheets[0]
        for sheet in book.worksheets:
            sheet.reset_dimensions()
            if _find_header(_sheet_rows(sheet, HEADER_SEARCH * 5))[1]:
                chosen = sheet
                break
        chosen.reset_dimensions()
        rows = _sheet_rows(chosen, MAX_SCANNED + 1)
    except Exception:
        raise ImportFileError("bad_xlsx")
    finally:
        book.close()
    if len(rows) > MAX_SCANNED:
        raise ImportFileError("too_many_rows", limit=MAX_ROWS)
    return rows


def _find_header(rows: list[list[str]]) -> tuple[int, dict[int, str]]:
    """(index of the header row, {column index: field}); the header is the first of the first rows
    that names at least two columns of the format; ({}) when none does."""
    seen = 0
    for index, cells in enumerate(rows):
        if not any(cells):
            continue
        columns = {i: ALIASES[_header_key(c)] for i, c in enumerate(cells) if c and _header_key(c) in ALIASES}
        if len(set(columns.values())) >= 2:
            return index, columns
        seen += 1
        if seen >= HEADER_SEARCH:
            break
    return -1, {}


def _table(filename: str, rows: list[list[str]]) -> ParsedFile:
    at, _ = _find_header(rows)
    if at < 0:
        at = next((i for i, cells in enumerate(rows) if any(cells)), -1)
        if at < 0:
            raise ImportFileError("no_rows")
    header = rows[at]
    columns: dict[str, int] = {}
    unknown = []
    for index, text in enumerate(header):
        if not text:
            continue
        name = ALIASES.get(_header_key(text))
        if name is None:
            unknown.append(text)
        elif name in columns:
            raise ImportFileError("duplicate_column", column=text)
        else:
            columns[name] = index
    missing = [HEADERS[f] for f in REQUIRED if f not in columns]
    if missing:
        raise ImportFileError("missing_columns", missing=JOIN.join(missing), found=JOIN.join(c for c in header if c),
                              expected=JOIN.join(HEADERS.values()))
    parsed = ParsedFile(filename, [], warnings=[Problem("unknown_columns", None, {"columns": JOIN.join(unknown)})]
                        if unknown else [])
    for index in range(at + 1, len(rows)):
        cells = rows[index]
        values = {f: cells[columns[f]] if f in columns and columns[f] < len(cells) else "" for f in FIELDS}
        if not any(values.values()):
            parsed.empty_rows += 1
            continue
        parsed.rows.append((index + 1, values))
        if len(parsed.rows) > MAX_ROWS:
            raise ImportFileError("too_many_rows", limit=MAX_ROWS)
    if not parsed.rows:
        raise ImportFileError("no_rows")
    return parsed


def read_table(filename: str, data: bytes) -> ParsedFile:
    """The contestants of an uploaded .xlsx or .csv file; ImportFileError when it cannot be read."""
    if len(data) > MAX_BYTES:
        raise ImportFileError("too_large", limit=MAX_BYTES // (1024 * 1024))
    if not data.strip():
        raise ImportFileError("empty_file")
    lower = (filename or "").lower()
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE file: old Excel (.xls) or WPS
        raise ImportFileError("xls")
    if data.startswith(b"PK\x03\x04") or lower.endswith((".xlsx", ".xlsm")):
        return _table(filename, _xlsx_rows(data))
    return _table(filename, _csv_rows(data))


# --- checking against the campaign ---------------------------------------------------------------

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


def _phone(text: str) -> str:
    return re.sub(r"[\s-]", "", text)


def _same_person(phones: Iterable[str], phone: str) -> bool:
    """Same name and unit are the same person unless both have a phone and the phones differ."""
    return any(not known or not phone or known == phone for known in phones)


class _Campaign:
    """Everything the check needs, loaded once: units, events, tiers, stages, entry keys, persons."""

    def __init__(self, session: Session, campaign_id: int, allowed_units: Optional[frozenset[int]]):
        self.session = session
        self.allowed = allowed_units
        self.units = {u.id: u for u in session.scalars(select(Unit).where(Unit.campaign_id == campaign_id))}
        self.by_name: dict[str, list[Unit]] = defaultdict(list)
        self.children: dict[tuple[Optional[int], str], Unit] = {}
        for unit in self.units.values():
            for text in {unit.name, unit.name_bo} - {None, ""}:
                self.by_name[text].append(unit)
                self.children[(unit.parent_id, text)] = unit
        self.events = {e.id: e for e in session.scalars(select(Event).where(Event.campaign_id == campaign_id))}
        self.event_names: dict[str, list[Event]] = defaultdict(list)
        for event in self.events.values():
            self.event_names[event.name].append(event)
        self.event_keys = {e.key.casefold(): e for e in self.events.values()}
        # tiers with their stages held in the identity map, so entry_stage() finds them without a query each
        self.tiers = session.scalars(select(Tier).where(Tier.event_id.in_(list(self.events))).options(selectinload(Tier.stages))).all()
        self.stages = {s.id: s for s in session.scalars(select(Stage).where(Stage.event_id.in_(list(self.events))))}
        self.keys: dict[int, set[str]] = defaultdict(set)
        self.team_names: dict[int, set[str]] = defaultdict(set)
        self.next_order: dict[int, int] = defaultdict(lambda: 1)
        for stage_id, key, name, order in session.execute(
                select(Entry.stage_id, Entry.key, Entry.name, Entry.running_order).where(Entry.stage_id.in_(list(self.stages)))):
            self.keys[stage_id].add(key)
            self.team_names[stage_id].add(name)
            self.next_order[stage_id] = max(self.next_order[stage_id], order + 1)
        self.drawn = set(session.scalars(select(Fixture.stage_id).where(Fixture.stage_id.in_(list(self.stages)))))
        self.first_heat = dict(session.execute(
            select(Heat.stage_id, func.min(Heat.id)).where(Heat.stage_id.in_(list(self.stages))).group_by(Heat.stage_id)).all())
        self.persons: dict[tuple[str, Optional[int]], list[tuple[str, int]]] = defaultdict(list)
        for person_id, name, unit_id, phone in session.execute(
                select(Person.id, Person.name, Person.unit_id, Person.phone).where(Person.campaign_id == campaign_id)):
            self.persons[(name, unit_id)].append((_phone(phone or ""), person_id))
        self.entered: dict[int, set[int]] = defaultdict(set)  # person -> stages they are entered in
        for person_id, stage_id in session.execute(select(Entry.person_id, Entry.stage_id).where(
                Entry.person_id.in_([p for known in self.persons.values() for _, p in known]))):
            self.entered[person_id].add(stage_id)
        self._entry_stages: dict[tuple[int, int], Optional[Stage]] = {}
        self.last_key: dict[int, int] = defaultdict(int)

    def covers(self, unit_id: Optional[int]) -> bool:
        return self.allowed is None or unit_id in self.allowed

    def unit(self, row: CheckedRow) -> Optional[Unit]:
        township, village = row.values["township"], row.values["village"]
        if not township:
            row.problem("township_empty", "township")
            return None
        candidates = self.by_name.get(township, [])
        if not candidates:
            row.problem("unknown_township", "township", township=township)
            return None
        if village:
            found = [u for u in (self.children.get((c.id, village)) for c in candidates) if u is not None]
            if not found:
                row.problem("unknown_village", "village", township=township, village=village)
                return None
        else:
            found = candidates
        if len(found) > 1:
            row.problem("ambiguous_township", "township", township=township)
            return None
        return found[0]

    def event_list(self, row: CheckedRow) -> list[Event]:
        text = row.values["event"]
        names = [text] if text in self.event_names or text.casefold() in self.event_keys else \
            [part.strip() for part in SEPARATORS.split(text) if part.strip()]
        if not names:
            row.problem("event_empty", "event")
        events = []
        for name in names:
            found = self.event_keys.get(name.casefold())
            found = [found] if found is not None else self.event_names.get(name, [])
            if len(found) != 1:
                row.problem("ambiguous_event" if found else "unknown_event", "event", event=name)
            elif found[0] in events:
                row.problem("repeated_event", "event", event=name)
            else:
                events.append(found[0])
        return events

    def entry_stage(self, event: Event, unit: Unit) -> Optional[Stage]:
        """scoring.tiers.entry_stage, remembered per event and unit."""
        if (event.id, unit.id) not in self._entry_stages:
            self._entry_stages[(event.id, unit.id)] = entry_stage(self.session, event, unit)
        return self._entry_stages[(event.id, unit.id)]

    def place(self, row: CheckedRow, event: Event, unit: Unit) -> Optional[Stage]:
        """The stage where `unit` enters `event`, or None with the row's problem said."""
        stage = self.entry_stage(event, unit)
        if stage is None:
            row.problem("no_stage", "event", event=event.name, unit=unit.name)
        elif not self.covers(stage.unit_id):
            row.problem("stage_outside_scope", "event", stage=stage.name)
            return None
        return stage

    def new_key(self, stage_id: int, prefix: str) -> str:
        """The next free key of the stage: 001, 002, ... (T001, ... for teams)."""
        n = self.last_key[stage_id] + 1
        while f"{prefix}{n:03d}" in self.keys[stage_id]:
            n += 1
        self.last_key[stage_id] = n
        key = f"{prefix}{n:03d}"
        self.keys[stage_id].add(key)
        return key


@dataclass
class Plan:
    """Every row of a file with its problems and, when it has none, what will be written."""

    campaign_id: int
    filename: str
    rows: list[CheckedRow]
    teams: list[PlannedTeam]
    empty_rows: int
    warnings: list[Problem]
    stage_labels: dict[int, dict[str, str]]
    campaign: Optional[_Campaign] = None

    @property
    def problem_rows(self) -> int:
        return sum(1 for row in self.rows if row.problems)

    @property
    def ok(self) -> bool:
        return self.problem_rows == 0

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


def _check_cells(row: CheckedRow) -> None:
    values = row.values
    for name, limit in LIMITS.items():
        if len(values[name]) > limit:
            row.problem("too_long", name, column=HEADERS[name], limit=limit)
    if not values["name"]:
        row.problem("name_empty", "name")
    if values["gender"]:
        row.gender = GENDERS.get(values["gender"].casefold())
        if row.gender is None:
            row.problem("bad_gender", "gender", value=values["gender"])
    if values["number"]:
        if SHIRT.match(values["number"]):
            row.shirt = int(values["number"])
        else:
            row.problem("bad_number", "number", value=values["number"][:20])


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


# --- writing -------------------------------------------------------------------------------------

@dataclass
class ImportResult:
    persons: int = 0
    entries: int = 0
    teams: int = 0
    players: int = 0
    stage_keys: list[str] = field(default_factory=list)


Progress = Callable[[int, int], None]


def _inserted(session: Session, model, values: list[dict[str, Any]]) -> list[int]:
    """Insert many rows in one statement; their new ids, in the same order."""
    if not values:
        return []
    table = model.__table__
    return list(session.scalars(insert(table).returning(table.c.id, sort_by_parameter_order=True), values))


def _entry(campaign: _Campaign, stage_id: int, key: str, name: str, name_bo: Optional[str], unit_id: Optional[int],
           person_id: Optional[int] = None) -> dict[str, Any]:
    """An entry's row, last in its stage's running order (and in the stage's first heat, if any)."""
    order = campaign.next_order[stage_id]
    campaign.next_order[stage_id] = order + 1
    return {"stage_id": stage_id, "key": key, "name": name, "name_bo": name_bo, "unit_id": unit_id,
            "running_order": order, "locked": False, "person_id": person_id, "heat_id": campaign.first_heat.get(stage_id)}


def _write_persons(session: Session, plan: Plan, result: ImportResult, progress: Progress, total: int) -> None:
    for start in range(0, len(plan.rows), CHUNK):
        chunk = plan.rows[start:start + CHUNK]
        new = [row for row in chunk if row.person_id is None]
        ids = _inserted(session, Person, [
            {"campaign_id": plan.campaign_id, "name": row.values["name"], "name_bo": row.values["name_bo"] or None,
             "unit_id": row.unit_id, "gender": row.gender, "phone": row.values["phone"] or None} for row in new])
        made = dict(zip((id(row) for row in new), ids))
        entries = [_entry(plan.campaign, e.stage_id, e.key, row.values["name"], row.values["name_bo"] or None,
                          row.unit_id, row.person_id or made[id(row)]) for row in chunk for e in row.entries]
        if entries:
            session.execute(insert(Entry.__table__), entries)
        result.persons += len(ids)
        result.entries += len(entries)
        progress(start + len(chunk), total)


def _write_teams(session: Session, plan: Plan, result: ImportResult, progress: Progress, total: int) -> None:
    for start in range(0, len(plan.teams), CHUNK):
        chunk = plan.teams[start:start + CHUNK]
        ids = _inserted(session, Entry, [_entry(plan.campaign, t.stage_id, t.key, t.name, None, t.unit_id) for t in chunk])
        players = [{"entry_id": team_id, "position": i, "key": str(i + 1), "name": r.values["name"],
                    "name_bo": r.values["name_bo"] or None, "number": r.shirt, "unit_id": r.unit_id}
                   for team, team_id in zip(chunk, ids) for i, r in enumerate(team.rows)]
        if players:
            session.execute(insert(Player.__table__), players)
        result.teams += len(ids)
        result.players += len(players)
        progress(len(plan.rows) + start + len(chunk), total)


def write(session: Session, plan: Plan, actor: str, progress: Optional[Progress] = None) -> ImportResult:
    """Write a checked plan without problems into the session's transaction (the caller commits):
    the persons, their entries, the teams with their players, the stages' new sequence numbers and
    one audit entry."""
    if not plan.ok:
        raise ImportRefused(plan)
    progress = progress or (lambda done, total: None)
    total = len(plan.rows) + len(plan.teams)
    result = ImportResult()
    _write_persons(session, plan, result, progress, total)
    _write_teams(session, plan, result, progress, total)
    stage_ids = sorted(plan.stage_labels)
    if stage_ids:
        session.execute(update(Stage).where(Stage.id.in_(stage_ids)).values(seq=Stage.seq + 1))
    result.stage_keys = [plan.stage_labels[s]["key"] for s in stage_ids]
    session.add(AuditEntry(actor=actor, action="import", note=plan.filename, detail={
        "campaign_id": plan.campaign_id, "file": plan.filename, "rows": len(plan.rows), "empty_rows": plan.empty_rows,
        **{k: v for k, v in asdict(result).items() if k != "stage_keys"}, "stages": result.stage_keys}))
    session.flush()
    return result


def run_import(sessions: sessionmaker[Session], campaign_id: int, parsed: ParsedFile,
               allowed_units: Optional[frozenset[int]], actor: str, progress: Optional[Progress] = None) -> ImportResult:
    """Check again and write, all in one transaction: everything or nothing. ImportRefused when a
    row has a problem now (the campaign changed since the preview)."""
    with transaction(sessions) as session:
        return write(session, check(session, campaign_id, parsed, allowed_units), actor, progress)


# --- export --------------------------------------------------------------------------------------

def safe_cell(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (the quote is taken off again on import)."""
    return "'" + text if text.startswith(FORMULA) else text


@dataclass
class _ExportRow:
    """One line of an export: a person (or an entry's or player's name) with their events."""

    person_id: Optional[int]
    name: str
    name_bo: str
    gender: str
    phone: str
    unit: Optional[Unit]
    items: list[tuple[int, str, str]] = field(default_factory=list)  # (event id, event label, entry key)
    team: str = ""
    number: Optional[int] = None

    def takes(self, event_id: int, team: str = "", number: Optional[int] = None) -> bool:
        """Whether the line can carry one more event (one team and one shirt number a line)."""
        return all(e != event_id for e, _, _ in self.items) and (
            not team or self.team in ("", team) and self.number in (None, number))

    def cells(self, parents: set[int]) -> list[Any]:
        keys = [k for _, _, k in self.items]
        township, village = _places(self.unit, parents)
        return [JOIN.join(keys) if len(set(keys)) > 1 else keys[0], self.name, self.name_bo, self.gender, township,
                village, JOIN.join(label for _, label, _ in self.items), self.team,
                "" if self.number is None else self.number, self.phone]


def _places(unit: Optional[Unit], parents: set[int]) -> tuple[str, str]:
    """(township, village) of a unit: a leaf two levels down is a village of its parent."""
    if unit is None:
        return "", ""
    if unit.id not in parents and unit.parent is not None and unit.parent.parent_id is not None:
        return unit.parent.name, unit.name
    return unit.name, ""


class _Exporter:
    def __init__(self, session: Session, campaign_id: int):
        self.units = {u.id: u for u in session.scalars(select(Unit).where(Unit.campaign_id == campaign_id))}
        self.persons = {p.id: p for p in session.scalars(select(Person).where(Person.campaign_id == campaign_id))}
        self.person_of: dict[tuple, list[int]] = defaultdict(list)
        for person in self.persons.values():
            self.person_of[(person.name, person.name_bo or "", person.unit_id)].append(person.id)
        self.lines: dict[tuple, list[_ExportRow]] = defaultdict(list)

    def line(self, person_id: Optional[int], name: str, name_bo: Optional[str], unit_id: Optional[int],
             event_id: int, team: str = "", number: Optional[int] = None) -> _ExportRow:
        """The person's line that can take the event (a player is the person of the same name, Tibetan
        name and unit, when there is exactly one); a new line when none can."""
        if person_id is None:
            matches = self.person_of.get((name, name_bo or "", unit_id), [])
            person_id = matches[0] if len(matches) == 1 else None
        group = ("person", person_id) if person_id is not None else ("name", name, name_bo or "", unit_id)
        found = next((line for line in self.lines[group] if line.takes(event_id, team, number)), None)
        if found is None:
            person = self.persons.get(person_id) if person_id is not None else None
            found = _ExportRow(person_id, person.name, person.name_bo or "", GENDER_TEXT.get(person.gender or "", person.gender or ""),
                               person.phone or "", self.units.get(person.unit_id)) if person is not None else \
                _ExportRow(None, name, name_bo or "", "", "", self.units.get(unit_id))
            self.lines[group].append(found)
        return found

    def ordered(self) -> list[_ExportRow]:
        """Persons in the order they were registered (an imported file's order), then the rest."""
        lines = [line for group in self.lines.values() for line in group]
        return sorted(lines, key=lambda line: (line.person_id is None, line.person_id or 0))


def export_rows(session: Session, campaign_id: int, covers_stage: Callable[[Stage], bool]) -> list[list[Any]]:
    """The entries of the stages `covers_stage` allows, in the import format (header first): one line
    per person with their events, a team's players each on their own line (merged with the person's
    line when it is the same person). Entries that advanced from an earlier tier are left out: they
    come from advancement, not from registration."""
    exporter = _Exporter(session, campaign_id)
    events = session.scalars(select(Event).where(Event.campaign_id == campaign_id).order_by(Event.id)).all()
    names = Counter(e.name for e in events)
    label = {e.id: e.name if names[e.name] == 1 and not SEPARATORS.search(e.name) else e.key for e in events}
    stages = session.scalars(select(Stage).where(Stage.event_id.in_([e.id for e in events])).order_by(Stage.id).options(
        selectinload(Stage.entries).selectinload(Entry.players))).all()
    for stage in (s for s in stages if covers_stage(s)):
        event = stage.event
        for entry in (e for e in stage.entries if e.source_entry_id is None):
            if event.format != "match":
                line = exporter.line(entry.person_id, entry.name, entry.name_bo, entry.unit_id, event.id)
                line.items.append((event.id, label[event.id], entry.key))
            for player in entry.players:
                line = exporter.line(None, player.name, player.name_bo, player.unit_id or entry.unit_id, event.id,
                                     entry.name, player.number)
                line.items.append((event.id, label[event.id], entry.key))
                line.team, line.number = entry.name, player.number
    parents = {u.parent_id for u in exporter.units.values() if u.parent_id is not None}
    return [list(HEADERS.values())] + [line.cells(parents) for line in exporter.ordered()]


def to_csv(table: list[list[Any]]) -> bytes:
    """UTF-8 with a BOM, so that Excel opens Chinese and Tibetan text correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    for cells in table:
        writer.writerow([safe_cell(c) if isinstance(c, str) else c for c in cells])
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


def to_xlsx(table: list[list[Any]], title: str = "报名表") -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for cells in table:
        sheet.append([safe_cell(c) if isinstance(c, str) else c for c in cells])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
