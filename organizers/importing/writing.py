"""Writing a checked plan, staged so that the database's write lock is held briefly: the check and
every row to insert are made first, in a read transaction (`prepare`); then one short transaction
(`store`) makes sure the campaign is still as the check saw it, inserts the persons, their entries,
the teams with their players in a few bulk statements, bumps the stages' sequence numbers and adds
one audit entry. Everything or nothing: ImportRefused when a row has a problem."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Optional

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from organizers.importing.campaign import _Campaign, state
from organizers.importing.checking import Plan, check
from organizers.importing.reading import ParsedFile
from scoring import audit, payout
from scoring.db import transaction, write
from scoring.models import Entry, Person, Player, Stage

CHUNK = 250                         # rows prepared between two progress reports


class ImportRefused(Exception):
    """Rows have problems when the import runs (the campaign changed since the preview)."""

    def __init__(self, plan: "Plan"):
        super().__init__(f"{plan.problem_rows} rows have problems")
        self.plan = plan



@dataclass
class ImportResult:
    persons: int = 0
    entries: int = 0
    teams: int = 0
    players: int = 0
    stage_keys: list[str] = field(default_factory=list)


Progress = Callable[[int, int], None]


@dataclass
class Rows:
    """The rows an import inserts. An entry of a new person names the person's place in `persons`
    (`new_person`), a player their team's place in `teams`: the ids are known only when written."""

    persons: list[dict[str, Any]] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)
    new_person: list[Optional[int]] = field(default_factory=list)
    teams: list[dict[str, Any]] = field(default_factory=list)
    players: list[dict[str, Any]] = field(default_factory=list)
    team_of_player: list[int] = field(default_factory=list)


@dataclass
class Prepared:
    """A checked plan without problems, its rows, and the state of the campaign it was checked against."""

    plan: Plan
    rows: Rows
    state: str
    parsed: ParsedFile
    allowed_units: Optional[frozenset[int]]
    left_out: int = 0  # rows of the file left out of a partial import (their problems in the bad-rows workbook)


def _entry(campaign: _Campaign, stage_id: int, key: str, name: str, name_bo: Optional[str], unit_id: Optional[int],
           person_id: Optional[int] = None) -> dict[str, Any]:
    """An entry's row, last in its stage's running order (and in the stage's first heat, if any)."""
    order = campaign.next_order[stage_id]
    campaign.next_order[stage_id] = order + 1
    return {"stage_id": stage_id, "key": key, "name": name, "name_bo": name_bo, "unit_id": unit_id,
            "running_order": order, "locked": False, "person_id": person_id, "heat_id": campaign.first_heat.get(stage_id)}


def _rows(plan: Plan, progress: Progress) -> Rows:
    """Every row the plan inserts, in the order the import has always written them."""
    made = Rows()
    total = len(plan.rows) + len(plan.teams)
    for start in range(0, len(plan.rows), CHUNK):
        for row in plan.rows[start:start + CHUNK]:
            new = None
            if row.person_id is None:
                new = len(made.persons)
                made.persons.append({"campaign_id": plan.campaign_id, "name": row.values["name"],
                                     "name_bo": row.values["name_bo"] or None, "unit_id": row.unit_id,
                                     "gender": row.gender, "phone": row.values["phone"] or None,
                                     "id_number": payout.id_number(row.values["id_number"]) or None,
                                     "account": payout.account(row.values["account"]) or None})
            for e in row.entries:
                made.entries.append(_entry(plan.campaign, e.stage_id, e.key, row.values["name"],
                                           row.values["name_bo"] or None, row.unit_id, row.person_id))
                made.new_person.append(new)
        progress(min(start + CHUNK, len(plan.rows)), total)
    for number, team in enumerate(plan.teams):
        made.teams.append(_entry(plan.campaign, team.stage_id, team.key, team.name, None, team.unit_id))
        for i, r in enumerate(team.rows):
            made.players.append({"position": i, "key": str(i + 1), "name": r.values["name"],
                                 "name_bo": r.values["name_bo"] or None, "number": r.shirt, "unit_id": r.unit_id})
            made.team_of_player.append(number)
    progress(total, total)
    return made


def prepare(sessions: sessionmaker[Session], campaign_id: int, parsed: ParsedFile,
            allowed_units: Optional[frozenset[int]] = None, progress: Optional[Progress] = None) -> Prepared:
    """Check the file against the campaign and make every row to insert, in one read transaction
    (nothing is written, no write lock is taken). ImportRefused when a row has a problem."""
    with sessions() as session, session.begin():
        plan = check(session, campaign_id, parsed, allowed_units)
        if not plan.ok:
            raise ImportRefused(plan)
        return Prepared(plan, _rows(plan, progress or (lambda done, total: None)), state(session, campaign_id),
                        parsed, allowed_units)


def _insert(session: Session, model, rows: list[dict[str, Any]], ids: bool = False) -> list[int]:
    """Insert many rows of plain values (text, numbers, None) in one statement; with `ids`, their new
    ids in the same order. On SQLite the rows go to sqlite3's executemany as they are, with the ids
    given (the next ones after the highest, as SQLite would choose them): SQLAlchemy's work on each
    row was most of the write, and asking SQLite for ids in order costs one statement a row."""
    if not rows:
        return []
    table = model.__table__
    dialect = session.get_bind().dialect
    if dialect.name != "sqlite":
        if ids:
            return list(session.scalars(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows))
        session.execute(insert(table), rows)
        return []
    columns = list(rows[0])
    values = [tuple(row[c] for c in columns) for row in rows]
    new_ids: list[int] = []
    if ids:
        first = (session.scalar(select(func.max(table.c.id))) or 0) + 1
        new_ids = list(range(first, first + len(rows)))
        columns, values = ["id", *columns], [(new_id, *row) for new_id, row in zip(new_ids, values)]
    quote = dialect.identifier_preparer.quote
    session.connection().exec_driver_sql(
        f"INSERT INTO {quote(table.name)} ({', '.join(map(quote, columns))}) VALUES ({', '.join('?' * len(columns))})",
        values)
    return new_ids


def _write_persons(session: Session, rows: Rows, result: ImportResult) -> None:
    ids = _insert(session, Person, rows.persons, ids=True)
    for entry, new in zip(rows.entries, rows.new_person):
        if new is not None:
            entry["person_id"] = ids[new]
    _insert(session, Entry, rows.entries)
    result.persons, result.entries = len(ids), len(rows.entries)


def _write_teams(session: Session, rows: Rows, result: ImportResult) -> None:
    ids = _insert(session, Entry, rows.teams, ids=True)
    _insert(session, Player, [{**player, "entry_id": ids[team]} for player, team in zip(rows.players, rows.team_of_player)])
    result.teams, result.players = len(ids), len(rows.players)


def store(session: Session, prepared: Prepared, actor: str) -> ImportResult:
    """Write prepared rows into the session's transaction (the caller commits): the persons, their
    entries, the teams with their players, the stages' new sequence numbers and one audit entry.
    Checked again first if the campaign changed since `prepare` (ImportRefused when a row has a
    problem now)."""
    plan = prepared.plan
    if state(session, plan.campaign_id) != prepared.state:  # someone else changed the campaign meanwhile
        plan = check(session, plan.campaign_id, prepared.parsed, prepared.allowed_units)
        if not plan.ok:
            raise ImportRefused(plan)
        prepared.rows = _rows(plan, lambda done, total: None)
    result = ImportResult()
    _write_persons(session, prepared.rows, result)
    _write_teams(session, prepared.rows, result)
    stage_ids = sorted(plan.stage_labels)
    if stage_ids:
        session.execute(update(Stage).where(Stage.id.in_(stage_ids)).values(seq=Stage.seq + 1))
    result.stage_keys = [plan.stage_labels[s]["key"] for s in stage_ids]
    audit.record(session, actor, action="import", note=plan.filename, detail={
        "campaign_id": plan.campaign_id, "file": plan.filename, "rows": len(plan.rows), "empty_rows": plan.empty_rows,
        "left_out": prepared.left_out,
        **{k: v for k, v in asdict(result).items() if k != "stage_keys"}, "stages": result.stage_keys})
    session.flush()
    return result


def stored(sessions: sessionmaker[Session], prepared: Prepared, actor: str) -> ImportResult:
    """`store` in a transaction of its own."""
    with transaction(sessions) as session:
        return store(session, prepared, actor)


def run_import(sessions: sessionmaker[Session], campaign_id: int, parsed: ParsedFile,
               allowed_units: Optional[frozenset[int]], actor: str, progress: Optional[Progress] = None) -> ImportResult:
    """Check and prepare, then write in one short transaction through the database's writer:
    everything or nothing. ImportRefused when a row has a problem (now: the campaign may have
    changed since the preview)."""
    return write(stored, sessions, prepare(sessions, campaign_id, parsed, allowed_units, progress), actor)
