"""Writing a checked plan in one transaction: the persons, their entries, the teams with their
players, the stages' new sequence numbers and one audit entry; ImportRefused when a row has a
problem."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Optional

from sqlalchemy import insert, update
from sqlalchemy.orm import Session, sessionmaker

from organizers.importing.campaign import _Campaign
from organizers.importing.checking import Plan, check
from organizers.importing.reading import ParsedFile
from scoring.db import transaction
from scoring.models import AuditEntry, Entry, Person, Player, Stage

CHUNK = 250                         # rows written between two progress reports


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
