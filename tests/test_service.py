"""The scoring service: every refusal has its code and stores nothing; accepted marks are exact and once."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from podium.testing import called_through
from scoring import service
from scoring.errors import ScoringError
from scoring.models import AuditEntry, Deduction, Entry, Judge, Mark, Scorecard, Stage
from scoring.standings import stage_standings

from conftest import submit_concurrently

GOOD = {"content": 35, "delivery": 25.5, "presence": 18, "effect": 9}


@pytest.fixture
def sessions(sessions):
    """The speech competition with every entry of the final called (marks taken in any order)."""
    called_through(sessions, "final")
    return sessions


def judge_id(sessions, key="J2", stage="final") -> int:
    with sessions() as s:
        return s.scalar(select(Judge.id).join(Stage).where(Judge.key == key, Stage.key == stage))


def stored(sessions) -> tuple:
    """Everything a refused call must leave untouched."""
    with sessions() as s:
        return (s.scalar(select(func.count(Scorecard.id))), s.scalar(select(func.count(Mark.id))),
                s.scalar(select(func.count(AuditEntry.id))), s.scalar(select(func.count(Deduction.id))),
                tuple(s.scalars(select(Stage.seq).order_by(Stage.id))),
                tuple(s.scalars(select(Entry.locked).order_by(Entry.id))),
                tuple(s.scalars(select(Stage.current_entry_id).order_by(Stage.id))))


def submit(sessions, judge="J2", entry="E1", marks=None, client_id=None):
    payload = {"entry": entry, "marks": GOOD if marks is None else marks}
    if client_id:
        payload["client_id"] = client_id
    return service.submit_scorecard(sessions, judge_id(sessions, judge), payload)


def mark_all(sessions, entry="E1"):
    for key in ("J1", "J2", "J3", "J4", "J5"):
        submit(sessions, key, entry)


REFUSALS = [
    ("not_assigned", {"entry": "X1", "marks": GOOD}),
    ("unknown_entry", {"entry": "E99", "marks": GOOD}),
    ("unknown_entry", {"entry": None, "marks": GOOD}),
    ("unknown_criterion", {"entry": "E1", "marks": {**GOOD, "charisma": 5}}),
    ("missing_criterion", {"entry": "E1", "marks": {k: v for k, v in GOOD.items() if k != "effect"}}),
    ("not_a_number", {"entry": "E1", "marks": {**GOOD, "content": "35"}}),
    ("not_a_number", {"entry": "E1", "marks": {**GOOD, "content": True}}),
    ("not_a_number", {"entry": "E1", "marks": {**GOOD, "content": None}}),
    ("not_a_number", {"entry": "E1", "marks": {**GOOD, "content": float("nan")}}),
    ("not_a_number", {"entry": "E1", "marks": {**GOOD, "content": float("inf")}}),
    ("not_a_number", {"entry": "E1", "marks": {**GOOD, "content": [35]}}),
    ("out_of_range", {"entry": "E1", "marks": {**GOOD, "content": 40.5}}),
    ("out_of_range", {"entry": "E1", "marks": {**GOOD, "content": -0.5}}),
    ("bad_step", {"entry": "E1", "marks": {**GOOD, "content": 35.3}}),
    ("bad_step", {"entry": "E1", "marks": {**GOOD, "effect": 9.25}}),
    ("too_large", {"entry": "E1", "marks": GOOD, "note": "x" * 5000}),
    ("too_large", {"entry": "E1", "marks": {f"c{i}": 1 for i in range(65)}}),
    ("bad_request", ["E1", GOOD]),
    ("bad_request", {"entry": "E1", "marks": [35, 25, 18, 9]}),
    ("bad_request", {"entry": "E1", "marks": GOOD, "client_id": 12}),
    ("bad_request", {"entry": "E1", "marks": GOOD, "client_id": "x" * 65}),
]


@pytest.mark.parametrize("code,payload", REFUSALS, ids=[f"{c}-{i}" for i, (c, _) in enumerate(REFUSALS)])
def test_refused_submit_stores_nothing(sessions, code, payload):
    before = stored(sessions)
    with pytest.raises(ScoringError) as refused:
        service.submit_scorecard(sessions, judge_id(sessions), payload)
    assert refused.value.code == code
    assert refused.value.message
    assert stored(sessions) == before


def test_bad_token_for_a_removed_judge_stores_nothing(sessions):
    gone = judge_id(sessions, "J3")
    with sessions() as s, s.begin():
        s.delete(s.get(Judge, gone))
    before = stored(sessions)
    with pytest.raises(ScoringError) as refused:
        service.submit_scorecard(sessions, gone, {"entry": "E1", "marks": GOOD})
    assert refused.value.code == "bad_token"
    assert stored(sessions) == before


def test_locked_entry_refuses_marks_and_stores_nothing(sessions):
    mark_all(sessions)
    service.lock_entry(sessions, judge_id(sessions, "J1"), {"entry": "E1"})
    before = stored(sessions)
    with pytest.raises(ScoringError) as refused:
        submit(sessions, "J2", marks={**GOOD, "content": 20})
    assert refused.value.code == "locked"
    assert stored(sessions) == before


def test_marks_are_stored_exactly_with_revisions(sessions):
    first = submit(sessions, marks={"content": 35.5, "delivery": 0.5, "presence": 20, "effect": 0})
    second = submit(sessions, marks={"content": 36, "delivery": 25, "presence": 19.5, "effect": 10})
    assert (first.revision, second.revision) == (1, 2)
    with sessions() as s:
        values = sorted(s.scalars(select(Mark.value)))
    assert Decimal("35.5") in values and Decimal("0.5") in values and Decimal("19.5") in values
    assert all(isinstance(v, Decimal) for v in values)


def test_same_client_id_is_stored_once_and_acknowledged_again(sessions):
    first = submit(sessions, client_id="c0ffee00-0000-4000-8000-000000000001")
    before = stored(sessions)
    again = submit(sessions, client_id="c0ffee00-0000-4000-8000-000000000001")
    assert first.revision == again.revision == 1
    assert first.changed and not again.changed
    assert stored(sessions) == before


def test_replay_after_lock_is_still_acknowledged(sessions):
    """A tablet that lost the ack resends; the entry got locked meanwhile: its marks were stored, say so."""
    for key in ("J1", "J2", "J3", "J4", "J5"):
        submit(sessions, key, client_id=f"id-{key}")
    service.lock_entry(sessions, judge_id(sessions, "J1"), {"entry": "E1"})
    assert submit(sessions, "J2", client_id="id-J2").revision == 1


def test_every_change_is_audited_and_advances_seq(sessions):
    submit(sessions)
    with sessions() as s:
        audit = s.scalars(select(AuditEntry)).all()
        seq = s.scalar(select(Stage.seq).where(Stage.key == "final"))
    assert [a.action for a in audit] == ["submit"]
    assert audit[0].detail["marks"]["delivery"] == "25.5"
    assert audit[0].stage_seq == seq == 1


def test_chief_only_actions(sessions):
    before = stored(sessions)
    for action in (service.lock_entry, service.unlock_entry, service.call_next):
        with pytest.raises(ScoringError) as refused:
            action(sessions, judge_id(sessions, "J2"), {"entry": "E1"})
        assert refused.value.code == "not_chief"
    assert stored(sessions) == before


def test_lock_needs_every_judge(sessions):
    submit(sessions, "J2")
    before = stored(sessions)
    with pytest.raises(ScoringError) as refused:
        service.lock_entry(sessions, judge_id(sessions, "J1"), {"entry": "E1"})
    assert refused.value.code == "incomplete"
    assert stored(sessions) == before


def test_lock_unlock_and_status(sessions):
    chief = judge_id(sessions, "J1")
    mark_all(sessions)
    with sessions() as s:
        assert stage_standings(s, "final")["rows"][0]["status"] == "provisional"
    service.lock_entry(sessions, chief, {"entry": "E1"})
    with sessions() as s:
        assert stage_standings(s, "final")["rows"][0]["status"] == "final"
    service.unlock_entry(sessions, chief, {"entry": "E1"})
    assert submit(sessions, "J2", marks={**GOOD, "content": 30}).revision == 2


def test_next_walks_the_running_order(database):
    sessions = database(None)  # nothing called yet
    chief = judge_id(sessions, "J1")
    called = []
    for _ in range(3):
        service.call_next(sessions, chief, {})
        with sessions() as s:
            called.append(stage_standings(s, "final")["current"]["entry"])
    assert called == ["E1", "E2", "E3"]
    before = stored(sessions)
    with pytest.raises(ScoringError) as refused:
        service.call_next(sessions, chief, {})
    assert refused.value.code == "no_next"
    assert stored(sessions) == before
    service.call_next(sessions, chief, {"entry": "E1"})
    with sessions() as s:
        assert stage_standings(s, "final")["current"]["entry"] == "E1"


def test_deductions_per_started_interval(sessions):
    chief = judge_id(sessions, "J1")
    mark_all(sessions)
    service.record_deductions(sessions, chief, {"entry": "E1", "deductions": {"overtime": 31}})
    with sessions() as s:
        row = stage_standings(s, "final")["rows"][0]
    # every judge gave 87.5; 31 s over time = 2 started intervals of 30 s = 1.00 off
    assert (row["deduction"], row["total"]) == ("1.00", "86.50")
    before = stored(sessions)
    for payload, code in (({"overtime": -1}, "out_of_range"), ({"speeding": 1}, "unknown_deduction"),
                          ({"overtime": "31"}, "not_a_number")):
        with pytest.raises(ScoringError) as refused:
            service.record_deductions(sessions, chief, {"entry": "E1", "deductions": payload})
        assert refused.value.code == code
    assert stored(sessions) == before


def test_concurrent_submits_on_sqlite(sessions):
    submit_concurrently(sessions)


def test_sqlite_commits_reach_the_disk_before_they_are_acknowledged(sessions):
    """synchronous=FULL in WAL mode: a commit returns (and a mark is acknowledged) only after the WAL
    is fsynced, so a power cut cannot take an acknowledged mark."""
    from sqlalchemy import text

    with sessions() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
