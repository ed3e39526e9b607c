"""The judge pool from a spreadsheet (format JUDGES, docs/import.md): every row checked against the
campaign's units, then the new judges written in one transaction with one audit entry. A judge is
their name and home unit: one already in the pool, or given twice in the file, is reported and
skipped, never doubled. The home unit is what keeps a judge off their own village's stages."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from organizers.importing.campaign import Units
from organizers.importing.checking import Checked, CheckedRow, check_text
from organizers.importing.columns import JUDGES
from organizers.importing.reading import ParsedFile, Problem
from organizers.importing.writing import ImportRefused
from scoring import audit
from scoring.models import PoolJudge


@dataclass
class JudgePlan(Checked):
    """Every row of a judge file with its problems; `skipped`: the rows of judges already in the pool
    or earlier in the file, with why."""

    campaign_id: int
    filename: str
    rows: list[CheckedRow]
    empty_rows: int
    warnings: list[Problem]
    skipped: dict[int, Problem] = field(default_factory=dict)

    @property
    def new(self) -> list[CheckedRow]:
        return [row for row in self.rows if not row.problems and row.number not in self.skipped]


def check_judges(session: Session, campaign_id: int, parsed: ParsedFile,
                 allowed_units: Optional[frozenset[int]] = None) -> JudgePlan:
    """Every row's problems (nothing is written): a name, a known home unit the organizer may touch."""
    units = Units(session, campaign_id, allowed_units)
    pool = {(name, unit_id) for name, unit_id in session.execute(
        select(PoolJudge.name, PoolJudge.unit_id).where(PoolJudge.campaign_id == campaign_id))}
    plan = JudgePlan(campaign_id, parsed.filename, [CheckedRow(n, values) for n, values in parsed.rows],
                     parsed.empty_rows, parsed.warnings)
    seen: dict[tuple[str, int], int] = {}
    for row in plan.rows:
        check_text(row, JUDGES)
        unit = units.unit(row)
        if unit is not None and not units.covers(unit.id):
            row.problem("outside_scope", "village" if row.values["village"] else "township", unit=unit.name)
        if row.problems or unit is None:
            continue
        row.unit_id = unit.id
        name = row.values["name"]
        if (name, unit.id) in pool:
            plan.skipped[row.number] = Problem("judge_in_pool", "name", {"name": name, "unit": unit.name})
        elif (name, unit.id) in seen:
            plan.skipped[row.number] = Problem("same_judge_row", "name", {"row": seen[(name, unit.id)]})
        else:
            seen[(name, unit.id)] = row.number
    return plan


def store_judges(session: Session, campaign_id: int, parsed: ParsedFile, allowed_units: Optional[frozenset[int]],
                 actor: str, left_out: int = 0) -> JudgePlan:
    """Check the rows again in the writing transaction (the pool may have changed) and add the new
    judges, with one audit entry (`import_judges`); ImportRefused when a row has a problem now."""
    plan = check_judges(session, campaign_id, parsed, allowed_units)
    if not plan.ok:
        raise ImportRefused(plan)
    for row in plan.new:
        values = row.values
        session.add(PoolJudge(campaign_id=campaign_id, name=values["name"], name_bo=values["name_bo"] or None,
                              unit_id=row.unit_id, phone=values["phone"] or None, note=values["note"] or None))
    audit.record(session, actor, action="import_judges", note=plan.filename, detail={
        "campaign_id": campaign_id, "file": plan.filename, "rows": len(plan.rows), "added": len(plan.new),
        "skipped": len(plan.skipped), "left_out": left_out})
    session.flush()
    return plan
