"""The standings payload built from stored marks: exact strings, ties, states, the chief's panel."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from podium.testing import called_through
from scoring import service
from scoring.models import Event, Judge, Stage
from scoring.panel import chief_panel, judge_hello
from scoring.standings import load_stage, stage_standings

CRITERIA = ("content", "delivery", "presence", "effect")


@pytest.fixture
def sessions(sessions):
    """The speech competition with every entry of the final called (marks taken in any order)."""
    called_through(sessions, "final")
    return sessions


def judge_ids(sessions) -> dict[str, int]:
    with sessions() as s:
        return {j.key: j.id for j in s.scalars(select(Judge).join(Stage).where(Stage.key == "final"))}


def mark(sessions, entry: str, totals: dict[str, tuple]) -> None:
    ids = judge_ids(sessions)
    for judge, marks in totals.items():
        service.submit_scorecard(sessions, ids[judge], {"entry": entry, "marks": dict(zip(CRITERIA, marks))})


def set_rule(sessions, **changes) -> None:
    with sessions() as s, s.begin():
        event = s.scalar(select(Event))
        event.rule = {**event.rule, **changes}


def standings(sessions) -> dict:
    with sessions() as s:
        return stage_standings(s, "final")


def same_for_all(marks):
    return {f"J{i}": marks for i in range(1, 6)}


def test_scores_carry_exactly_the_rule_decimals(sessions):
    set_rule(sessions, decimals=1)
    mark(sessions, "E1", same_for_all((35, 25, 18, 9)))
    row = standings(sessions)["rows"][0]
    assert row["total"] == "87.0" and row["deduction"] == "0.0"
    assert {j["total"] for j in row["judges"]} == {"87.0"}
    set_rule(sessions, decimals=0)
    assert standings(sessions)["rows"][0]["total"] == "87"


def test_equal_totals_are_decided_by_the_chain_or_shared(sessions):
    # E1 and E2: same trimmed mean 87.00 but different raw means; E3 identical to E2.
    e1 = {"J1": (35, 25, 18, 9), "J2": (35, 25, 18, 9), "J3": (35, 25, 18, 9), "J4": (40, 30, 20, 10), "J5": (30, 20, 15, 5)}
    e2 = {"J1": (35, 25, 18, 9), "J2": (35, 25, 18, 9), "J3": (35, 25, 18, 9), "J4": (36, 25, 18, 9), "J5": (20, 20, 15, 5)}
    mark(sessions, "E1", e1)
    mark(sessions, "E2", e2)
    mark(sessions, "E3", e2)
    rows = standings(sessions)["rows"]
    assert [(r["entry"], r["rank"], r["total"], r["tiebreak"]) for r in rows] == [
        ("E1", 1, "87.00", "raw_mean"), ("E2", 2, "87.00", "shared"), ("E3", 2, "87.00", "shared")]


def test_entry_states_and_hidden_marks(database):
    sessions = database(None)  # nothing called yet
    ids = judge_ids(sessions)
    service.call_next(sessions, ids["J1"], {})
    mark(sessions, "E1", {"J2": (35, 25, 18, 9)})
    payload = standings(sessions)
    assert [e["state"] for e in payload["entries"]] == ["current", "waiting", "waiting"]
    assert payload["current"]["marks_in"] == 1 and payload["current"]["total"] is None
    assert all(j["total"] is None for j in payload["current"]["judges"])
    service.call_next(sessions, ids["J1"], {"leaving": "E1"})
    assert [e["state"] for e in standings(sessions)["entries"]] == ["marking", "current", "waiting"]
    mark(sessions, "E1", {k: (35, 25, 18, 9) for k in ("J1", "J3", "J4", "J5")})  # an earlier entry, not locked
    service.lock_entry(sessions, ids["J1"], {"entry": "E1"})
    assert [e["state"] for e in standings(sessions)["entries"]] == ["final", "current", "waiting"]


def test_chief_panel_flags_a_judge_far_from_the_others(database):
    sessions = database(None)  # nothing called yet
    ids = judge_ids(sessions)
    service.call_next(sessions, ids["J1"], {})
    mark(sessions, "E1", {"J1": (35, 25, 18, 9), "J2": (34, 25, 18, 9), "J3": (36, 25, 18, 9),
                          "J4": (20, 15, 10, 5)})
    with sessions() as s:
        panel = chief_panel(load_stage(s, "final"))
    assert [(j["judge"], j["total"], j["outlier"]) for j in panel["judges"]] == [
        ("J1", "87.00", False), ("J2", "86.00", False), ("J3", "88.00", False), ("J4", "50.00", True),
        ("J5", None, False)]
    assert panel["complete"] is False


def test_a_judge_sees_only_their_own_marks(sessions):
    mark(sessions, "E1", {"J2": (35, 25, 18, 9), "J3": (30, 20, 10, 5)})
    with sessions() as s:
        marks = load_stage(s, "final")
        hello = judge_hello(marks, next(j for j in marks.judges if j.key == "J3"))
    assert hello["my_marks"] == {"E1": {"revision": 1, "marks": {"content": "30", "delivery": "20",
                                                                   "presence": "10", "effect": "5"}}}
    assert "35" not in str(hello)
