"""A stage's standings: the one payload boards, phones, the API and exports read (docs/protocol.md)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from scoring.errors import ScoringError
from scoring.match_standings import match_standings
from scoring.measured_standings import measured_standings
from scoring.models import Deduction, Entry, Event, Heat, Judge, Mark, Scorecard, Stage
from scoring.rulebook import event_rule
from scoring.rules import judged


def server_time() -> str:
    """The server's clock as ISO 8601 UTC with milliseconds."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class StageMarks:
    """Everything recorded for a stage, as loaded in one go."""

    stage: Stage
    rule: judged.JudgedRule
    judges: list[Judge]
    entries: list[Entry]
    # entry id -> judge id -> (revision, {criterion key: mark})
    scorecards: dict[int, dict[int, tuple[int, dict[str, Decimal]]]]
    deductions: dict[int, dict[str, Decimal]]

    def scorecards_in_panel_order(self, entry: Entry) -> list[tuple[str, dict[str, Decimal]]]:
        cards = self.scorecards.get(entry.id, {})
        return [(j.key, cards[j.id][1]) for j in self.judges if j.id in cards]

    @property
    def current_entry(self) -> Optional[Entry]:
        """The entry the chief judge called last (found among the loaded entries, no extra query)."""
        return next((e for e in self.entries if e.id == self.stage.current_entry_id), None)

    def complete(self, entry: Entry) -> bool:
        return len(self.scorecards.get(entry.id, {})) == len(self.judges) > 0


def load_stage(session: Session, stage_key: str) -> StageMarks:
    stage = session.scalar(
        select(Stage).where(Stage.key == stage_key).options(
            selectinload(Stage.entries).selectinload(Entry.unit), selectinload(Stage.judges),
            selectinload(Stage.event).selectinload(Event.criteria)))
    if stage is None:
        raise ScoringError("unknown_stage", f"There is no stage {stage_key}.")
    latest = (select(Scorecard.judge_id, Scorecard.entry_id, func.max(Scorecard.revision).label("revision"))
              .join(Entry, Scorecard.entry_id == Entry.id).where(Entry.stage_id == stage.id)
              .group_by(Scorecard.judge_id, Scorecard.entry_id).subquery())
    criterion_keys = {c.id: c.key for c in stage.event.criteria}
    rows = session.execute(
        select(Scorecard.entry_id, Scorecard.judge_id, Scorecard.revision, Mark.criterion_id, Mark.value)
        .join(latest, (Scorecard.judge_id == latest.c.judge_id) & (Scorecard.entry_id == latest.c.entry_id)
              & (Scorecard.revision == latest.c.revision))
        .join(Mark, Mark.scorecard_id == Scorecard.id))
    scorecards: dict[int, dict[int, tuple[int, dict[str, Decimal]]]] = defaultdict(dict)
    for entry_id, judge_id, revision, criterion_id, value in rows:
        scorecards[entry_id].setdefault(judge_id, (revision, {}))[1][criterion_keys[criterion_id]] = value
    deductions: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for entry_id, key, amount in session.execute(
            select(Deduction.entry_id, Deduction.key, Deduction.amount)
            .join(Entry, Deduction.entry_id == Entry.id).where(Entry.stage_id == stage.id)):
        deductions[entry_id][key] = amount
    return StageMarks(stage=stage, rule=event_rule(stage.event), judges=list(stage.judges),
                      entries=list(stage.entries), scorecards=scorecards, deductions=deductions)


def _text(value: Optional[Decimal], decimals: int) -> Optional[str]:
    return None if value is None else str(judged.round_score(value, decimals))


def _unit_name(entry: Entry) -> Optional[str]:
    return entry.unit.name if entry.unit else None


def _entry_state(marks: StageMarks, entry: Entry) -> str:
    if entry.locked:
        return "final"
    if marks.complete(entry):
        return "provisional"
    if entry.id == marks.stage.current_entry_id:
        return "current"
    return "marking" if marks.scorecards.get(entry.id) else "waiting"


def _score(marks: StageMarks, entry: Entry) -> judged.EntryScore:
    return judged.score_entry(marks.rule, marks.scorecards_in_panel_order(entry), marks.deductions.get(entry.id, {}))


def _judge_names(marks: StageMarks) -> dict[str, str]:
    return {j.key: j.name for j in marks.judges}


def _current(marks: StageMarks) -> Optional[dict[str, Any]]:
    entry = marks.current_entry
    if entry is None:
        return None
    decimals = marks.rule.decimals
    complete = marks.complete(entry)
    score = _score(marks, entry) if complete else None
    revealed = {j.judge: j for j in score.judges} if score else {}
    cards = marks.scorecards.get(entry.id, {})
    deduction = judged.deduction_points(marks.rule, marks.deductions.get(entry.id, {}))
    return {
        "entry": entry.key, "name": entry.name, "name_bo": entry.name_bo, "unit": _unit_name(entry),
        "order": entry.running_order,
        "judges": [{"judge": j.key, "name": j.name, "in": j.id in cards,
                    "total": _text(revealed[j.key].total, decimals) if j.key in revealed else None,
                    "dropped": bool(j.key in revealed and revealed[j.key].dropped)} for j in marks.judges],
        "marks_in": len(cards), "judge_count": len(marks.judges), "complete": complete, "locked": entry.locked,
        "total": _text(score.total, decimals) if score else None,
        "deduction": _text(deduction, decimals),
        "status": ("final" if entry.locked else "provisional") if complete else None,
    }


def ranked_rows(marks: StageMarks) -> list[dict[str, Any]]:
    decimals = marks.rule.decimals
    by_key = {e.key: e for e in marks.entries}
    scored = [(e.key, _score(marks, e)) for e in marks.entries if marks.complete(e)]
    names = _judge_names(marks)
    return [{
        "rank": ranked.rank, "entry": ranked.entry, "name": by_key[ranked.entry].name,
        "name_bo": by_key[ranked.entry].name_bo, "unit": _unit_name(by_key[ranked.entry]),
        "order": by_key[ranked.entry].running_order,
        "total": _text(ranked.score.total, decimals),
        "status": "final" if by_key[ranked.entry].locked else "provisional",
        "deduction": _text(ranked.score.deduction, decimals),
        "judges": [{"judge": j.judge, "name": names[j.judge], "total": _text(j.total, decimals),
                    "dropped": j.dropped} for j in ranked.score.judges],
        "tiebreak": ranked.tiebreak,
    } for ranked in judged.rank_entries(marks.rule, scored)]


def standings_payload(marks: StageMarks) -> dict[str, Any]:
    stage = marks.stage
    return {
        "stage": stage.key, "stage_name": stage.name, "event": stage.event.key, "event_name": stage.event.name,
        "decimals": marks.rule.decimals, "seq": stage.seq, "sent_at": server_time(),
        "current": _current(marks),
        "rows": ranked_rows(marks),
        "entries": [{"entry": e.key, "name": e.name, "name_bo": e.name_bo, "unit": _unit_name(e),
                     "order": e.running_order, "state": _entry_state(marks, e)} for e in marks.entries],
    }


def stage_format(session: Session, stage_key: str) -> Optional[str]:
    """"judged", "match" or "measured" (None for an unknown stage)."""
    return session.scalar(select(Event.format).join(Stage, Stage.event_id == Event.id).where(Stage.key == stage_key))


def stage_standings(session: Session, stage_key: str) -> dict[str, Any]:
    """The standings of any stage: judged (marks), match (league table and fixtures) or measured
    (heats, attempts and ranking)."""
    kind = stage_format(session, stage_key)
    if kind == "match":
        stage = session.scalar(select(Stage).where(Stage.key == stage_key).options(selectinload(Stage.event)))
        return match_standings(session, stage, server_time())
    if kind == "measured":
        stage = session.scalar(select(Stage).where(Stage.key == stage_key).options(
            selectinload(Stage.event), selectinload(Stage.entries).selectinload(Entry.unit),
            selectinload(Stage.heats).selectinload(Heat.entries)))
        return measured_standings(session, stage, server_time())
    return standings_payload(load_stage(session, stage_key))
