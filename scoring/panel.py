"""What judges' tablets see: a judge's own view, and the chief judge's view of the whole panel."""
from __future__ import annotations

from typing import Any

from scoring import audit
from scoring.models import Judge
from scoring.rules import judged
from scoring.standings import StageMarks


def _decimal_text(value) -> str:
    return format(value, "f")


def stage_state(marks: StageMarks) -> dict[str, Any]:
    """Sent to every tablet of the stage after a change: which entry is on, which are locked."""
    current = marks.current_entry
    return {"current": current.key if current else None,
            "locked": [e.key for e in marks.entries if e.locked], "seq": marks.seq}


def judge_hello(marks: StageMarks, judge: Judge) -> dict[str, Any]:
    """A judge's tablet on connect: the rubric, the running order and this judge's own marks only."""
    stage, rule = marks.stage, marks.rule
    own = {}
    for entry in marks.entries:
        card = marks.scorecards.get(entry.id, {}).get(judge.id)
        if card:
            own[entry.key] = {"revision": card[0], "marks": {k: _decimal_text(v) for k, v in card[1].items()}}
    return {
        "judge": {"key": judge.key, "name": judge.name, "chief": judge.chief},
        "stage": {"key": stage.key, "name": stage.name, "event": stage.event.key,
                  "event_name": stage.event.name, "decimals": rule.decimals},
        "criteria": [{"key": c.key, "name": c.name, "min": _decimal_text(c.min), "max": _decimal_text(c.max),
                      "step": _decimal_text(c.step), "weight": _decimal_text(c.weight)} for c in rule.criteria],
        "deductions": [{"key": d.key, "name": d.name, "penalty": _decimal_text(d.penalty),
                        "per": None if d.per is None else _decimal_text(d.per), "unit": d.unit}
                       for d in rule.deductions],
        "entries": [{"entry": e.key, "name": e.name, "name_bo": e.name_bo,
                     "unit": e.unit.name if e.unit else None, "order": e.running_order, "locked": e.locked}
                    for e in marks.entries],
        "current": stage_state(marks)["current"],
        "my_marks": own,
        "seq": stage.seq,
    }


def chief_panel(marks: StageMarks) -> dict[str, Any]:
    """The chief judge's view of the current entry: every judge's marks, outliers highlighted."""
    entry = marks.current_entry
    if entry is None:
        return {"entry": None, "judges": [], "complete": False, "locked": False, "deductions": {}, "seq": marks.seq,
                "audit_warning": audit.warning()}
    rule = marks.rule
    cards = marks.scorecards.get(entry.id, {})
    totals = [(j.key, judged.judge_total(rule, cards[j.id][1])) for j in marks.judges if j.id in cards]
    flagged = judged.outliers(rule, totals)
    total_of = dict(totals)
    return {
        "entry": entry.key, "name": entry.name, "complete": marks.complete(entry), "locked": entry.locked,
        "judges": [{"judge": j.key, "name": j.name, "in": j.id in cards,
                    "revision": cards[j.id][0] if j.id in cards else None,
                    "marks": {k: _decimal_text(v) for k, v in cards[j.id][1].items()} if j.id in cards else {},
                    "total": str(judged.round_score(total_of[j.key], rule.decimals)) if j.key in total_of else None,
                    "outlier": j.key in flagged} for j in marks.judges],
        "deductions": {k: _decimal_text(v) for k, v in marks.deductions.get(entry.id, {}).items()},
        "seq": marks.seq,
        "audit_warning": audit.warning(),  # podium run's audit check failed: the chief is told (None when clean)
    }
