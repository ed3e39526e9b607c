"""The campaign's entries back out in the import format (one line per person with their events),
as .xlsx or .csv, no cell runnable as a formula."""
from __future__ import annotations

import codecs
import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from organizers.importing.columns import FORMULA, GENDER_TEXT, HEADERS, JOIN, SEPARATORS, Format
from scoring.models import Entry, Event, Person, Stage, Unit


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"  # a workbook's media type


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
    id_number: str = ""
    account: str = ""

    def takes(self, event_id: int, team: str = "", number: Optional[int] = None) -> bool:
        """Whether the line can carry one more event (one team and one shirt number a line)."""
        return all(e != event_id for e, _, _ in self.items) and (
            not team or self.team in ("", team) and self.number in (None, number))

    def cells(self, parents: set[int]) -> list[Any]:
        keys = [k for _, _, k in self.items]
        township, village = _places(self.unit, parents)
        return [JOIN.join(keys) if len(set(keys)) > 1 else keys[0], self.name, self.name_bo, self.gender, township,
                village, JOIN.join(label for _, label, _ in self.items), self.team,
                "" if self.number is None else self.number, self.phone, self.id_number, self.account]


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
                               person.phone or "", self.units.get(person.unit_id), id_number=person.id_number or "",
                               account=person.account or "") if person is not None else \
                _ExportRow(None, name, name_bo or "", "", "", self.units.get(unit_id))
            self.lines[group].append(found)
        return found

    def ordered(self) -> list[_ExportRow]:
        """Persons in the order they were registered (an imported file's order), then the rest."""
        lines = [line for group in self.lines.values() for line in group]
        return sorted(lines, key=lambda line: (line.person_id is None, line.person_id or 0))


def export_rows(session: Session, campaign_id: int, covers_stage: Callable[[Stage], bool],
                covers_unit: Callable[[Optional[int]], bool] = lambda unit_id: True) -> list[list[Any]]:
    """The entries of the stages `covers_stage` allows, in the import format (header first): one line
    per person with their events, a team's players each on their own line (merged with the person's
    line when it is the same person). Entries that advanced from an earlier tier are left out: they
    come from advancement, not from registration. ID numbers and accounts only of persons of the units
    `covers_unit` allows."""
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
    for line in exporter.ordered():  # payout data only of the units the organizer may see
        if not covers_unit(line.unit.id if line.unit else None):
            line.id_number = line.account = ""
    parents = {u.parent_id for u in exporter.units.values() if u.parent_id is not None}
    return [list(HEADERS.values())] + [line.cells(parents) for line in exporter.ordered()]


def bad_rows_table(form: Format, rows: list[tuple[dict[str, str], list[str]]], problems_header: str) -> list[list[Any]]:
    """The rows left out of an import, in the format's columns as read, with their problems (in the
    reader's language) in one more column, which the import ignores: fixed, the file imports again."""
    headers = form.headers
    return [[*headers.values(), problems_header]] + [[values.get(f, "") for f in headers] + ["；".join(texts)]
                                                     for values, texts in rows]


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
