"""A stage's standings: the one payload boards, phones, the API and exports read (docs/protocol.md)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any, Callable, Iterable, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from scoring.errors import N_, ScoringError
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
    seq: int = field(init=False)  # the stage's seq and called entry, as read with the marks
    current_entry_id: Optional[int] = field(init=False)

    def __post_init__(self):
        self.seq, self.current_entry_id = self.stage.seq, self.stage.current_entry_id

    def scorecards_in_panel_order(self, entry: Entry) -> list[tuple[str, dict[str, Decimal]]]:
        cards = self.scorecards.get(entry.id, {})
        return [(j.key, cards[j.id][1]) for j in self.judges if j.id in cards]

    @property
    def current_entry(self) -> Optional[Entry]:
        """The entry the chief judge called last (found among the loaded entries, no extra query)."""
        return next((e for e in self.entries if e.id == self.current_entry_id), None)

    # entry id -> what was worked out for it (its score, its row, their JSON), kept until it changes
    memo: dict[int, dict[str, Any]] = field(default_factory=dict)

    def kept(self, entry: Entry) -> dict[str, Any]:
        found = self.memo.get(entry.id)
        if found is None:
            found = self.memo[entry.id] = {}
        return found

    def complete(self, entry: Entry) -> bool:
        return len(self.scorecards.get(entry.id, {})) == len(self.judges) > 0

    def refresh(self, session: Session, entry_keys: Iterable[str]) -> bool:
        """Bring these marks up to the database after changes that touched only `entry_keys` (marks,
        deductions, a lock) and the stage row (its seq, the entry called): one panel of scorecards read
        per entry, the other entries' scores kept. False when an entry named is not among these marks;
        anything else changed (entries, judges, the rule): load the stage again instead."""
        now = session.execute(select(Stage.seq, Stage.current_entry_id).where(Stage.id == self.stage.id)).first()
        if now is None:
            raise ScoringError("unknown_stage", N_('There is no stage %(stage)s.'), stage=self.stage.key)
        self.seq, self.current_entry_id = now
        keys = set(entry_keys)
        if not keys:
            return True
        stage = self.stage
        ids = {e.key: e.id for e in self.entries}
        touched = [ids[key] for key in keys if key in ids]
        if len(touched) < len(keys):
            return False  # an entry these marks do not hold: load the stage again
        # a change named for an entry can change its marks, deductions and lock, nothing else of it
        locked = dict(session.execute(select(Entry.id, Entry.locked).where(Entry.id.in_(touched))).all())
        fresh = {}
        for entry in self.entries:
            if entry.id in locked:
                entry.locked = locked[entry.id]  # a detached copy, never flushed
                fresh[entry.id] = entry
        for entry_id in fresh:
            self.scorecards.pop(entry_id, None)
            self.deductions.pop(entry_id, None)
            self.memo.pop(entry_id, None)
        criterion_keys = {c.id: c.key for c in stage.event.criteria}
        self.scorecards.update(_latest_scorecards(session, stage.id, criterion_keys, list(fresh)))
        self.deductions.update(_deductions(session, stage.id, list(fresh)))
        return True


def _latest_scorecards(session: Session, stage_id: int, criterion_keys: dict[int, str],
                       entry_ids: Optional[list[int]] = None) -> dict[int, dict[int, tuple[int, dict[str, Decimal]]]]:
    """The latest revision of every judge's scorecard in the stage (or of these entries only)."""
    latest = (select(Scorecard.judge_id, Scorecard.entry_id, func.max(Scorecard.revision).label("revision"))
              .join(Entry, Scorecard.entry_id == Entry.id).where(Entry.stage_id == stage_id))
    if entry_ids is not None:
        latest = latest.where(Scorecard.entry_id.in_(entry_ids))
    latest = latest.group_by(Scorecard.judge_id, Scorecard.entry_id).subquery()
    rows = session.execute(
        select(Scorecard.entry_id, Scorecard.judge_id, Scorecard.revision, Mark.criterion_id, Mark.value)
        .join(latest, (Scorecard.judge_id == latest.c.judge_id) & (Scorecard.entry_id == latest.c.entry_id)
              & (Scorecard.revision == latest.c.revision))
        .join(Mark, Mark.scorecard_id == Scorecard.id))
    scorecards: dict[int, dict[int, tuple[int, dict[str, Decimal]]]] = defaultdict(dict)
    for entry_id, judge_id, revision, criterion_id, value in rows:
        scorecards[entry_id].setdefault(judge_id, (revision, {}))[1][criterion_keys[criterion_id]] = value
    return scorecards


def _deductions(session: Session, stage_id: int, entry_ids: Optional[list[int]] = None) -> dict[int, dict[str, Decimal]]:
    query = (select(Deduction.entry_id, Deduction.key, Deduction.amount)
             .join(Entry, Deduction.entry_id == Entry.id).where(Entry.stage_id == stage_id))
    if entry_ids is not None:
        query = query.where(Deduction.entry_id.in_(entry_ids))
    deductions: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for entry_id, key, amount in session.execute(query):
        deductions[entry_id][key] = amount
    return deductions


def load_stage(session: Session, stage_key: str) -> StageMarks:
    stage = session.scalar(
        select(Stage).where(Stage.key == stage_key).options(
            selectinload(Stage.entries).selectinload(Entry.unit), selectinload(Stage.judges),
            selectinload(Stage.event).selectinload(Event.criteria)))
    if stage is None:
        raise ScoringError("unknown_stage", N_('There is no stage %(stage)s.'), stage=stage_key)
    criterion_keys = {c.id: c.key for c in stage.event.criteria}
    return StageMarks(stage=stage, rule=event_rule(stage.event), judges=list(stage.judges),
                      entries=list(stage.entries), scorecards=_latest_scorecards(session, stage.id, criterion_keys),
                      deductions=_deductions(session, stage.id))


def _text(value: Optional[Decimal], decimals: int) -> Optional[str]:
    return None if value is None else str(judged.round_score(value, decimals))


def _unit_name(entry: Entry) -> Optional[str]:
    return entry.unit.name if entry.unit else None


def _entry_state(marks: StageMarks, entry: Entry) -> str:
    if entry.locked:
        return "final"
    if marks.complete(entry):
        return "provisional"
    if entry.id == marks.current_entry_id:
        return "current"
    return "marking" if marks.scorecards.get(entry.id) else "waiting"


def _score(marks: StageMarks, entry: Entry) -> judged.EntryScore:
    kept = marks.kept(entry)
    if "score" not in kept:
        kept["score"] = judged.score_entry(marks.rule, marks.scorecards_in_panel_order(entry),
                                           marks.deductions.get(entry.id, {}))
    return kept["score"]


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


def _row(marks: StageMarks, entry: Entry, score: judged.EntryScore) -> dict[str, Any]:
    """A ranked row's own fields (its rank and tie-break come from the ranking), kept per entry."""
    kept = marks.kept(entry)
    row = kept.get("row")
    if row is None:
        decimals, names = marks.rule.decimals, _judge_names(marks)
        row = kept["row"] = {
            "entry": entry.key, "name": entry.name, "name_bo": entry.name_bo, "unit": _unit_name(entry),
            "order": entry.running_order, "total": _text(score.total, decimals),
            "status": "final" if entry.locked else "provisional",
            "deduction": _text(score.deduction, decimals),
            "judges": [{"judge": j.judge, "name": names[j.judge], "total": _text(j.total, decimals),
                        "dropped": j.dropped} for j in score.judges],
        }
    return row


def _ranking(marks: StageMarks) -> list[tuple[judged.RankedEntry, Entry]]:
    by_key = {}
    scored = []
    for entry in marks.entries:
        if marks.complete(entry):
            by_key[entry.key] = entry
            scored.append((entry.key, _score(marks, entry)))
    return [(ranked, by_key[ranked.entry]) for ranked in judged.rank_entries(marks.rule, scored)]


def _slim(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "judges"}


def ranked_rows(marks: StageMarks, view: str = "full") -> list[dict[str, Any]]:
    """The complete entries, best first. The "slim" view leaves out each row's judges."""
    rows = []
    for ranked, entry in _ranking(marks):
        row = {"rank": ranked.rank, **_row(marks, entry, ranked.score), "tiebreak": ranked.tiebreak}
        rows.append(_slim(row) if view == "slim" else row)
    return rows


def _entry_item(marks: StageMarks, entry: Entry) -> dict[str, Any]:
    return {"entry": entry.key, "name": entry.name, "name_bo": entry.name_bo, "unit": _unit_name(entry),
            "order": entry.running_order, "state": _entry_state(marks, entry)}


def _heading(marks: StageMarks, sent_at: str) -> dict[str, Any]:
    stage = marks.stage
    return {"stage": stage.key, "stage_name": stage.name, "event": stage.event.key, "event_name": stage.event.name,
            "decimals": marks.rule.decimals, "seq": marks.seq, "sent_at": sent_at, "current": _current(marks)}


def standings_payload(marks: StageMarks, view: str = "full") -> dict[str, Any]:
    return {**_heading(marks, server_time()), "rows": ranked_rows(marks, view),
            "entries": [_entry_item(marks, e) for e in marks.entries]}


def encoded_standings(marks: StageMarks, encode: Callable[[Any], str], sent_at: str) -> dict[str, str]:
    """standings_payload of both views as JSON text (`encode` one value), the ranking worked out once
    and each entry's row and item encoded once until the entry changes: after a change touching one
    entry of a large stage, only that entry is encoded again."""
    heading = encode(_heading(marks, sent_at))[:-1]
    rows: dict[str, list[str]] = {"full": [], "slim": []}
    for ranked, entry in _ranking(marks):
        kept = marks.kept(entry)
        if "row_text" not in kept:
            row = _row(marks, entry, ranked.score)
            kept["row_text"] = {"full": encode(row)[1:-1], "slim": encode(_slim(row))[1:-1]}
        placed = f'{{"rank":{ranked.rank},'
        ends = f',"tiebreak":{encode(ranked.tiebreak)}}}'
        for view, texts in rows.items():
            texts.append(placed + kept["row_text"][view] + ends)
    items = []
    for entry in marks.entries:
        kept = marks.kept(entry)
        state = _entry_state(marks, entry)
        if kept.get("item_text", (None,))[0] != state:
            kept["item_text"] = (state, encode(_entry_item(marks, entry)))
        items.append(kept["item_text"][1])
    entries = ",".join(items)
    return {view: f'{heading},"rows":[{",".join(texts)}],"entries":[{entries}]}}' for view, texts in rows.items()}


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
