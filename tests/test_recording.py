"""The recorders' service for measured stages: attempts, hand timing, corrections with reasons,
statuses, placings, the heat clock, confirming, the final drawn from the heats, and refusals that
store nothing."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from scoring import recording
from scoring.errors import ScoringError
from scoring.models import Attempt, AuditEntry, Entry, Heat, Judge, Stage
from scoring.standings import stage_standings
from measured_data import race_competition


@pytest.fixture
def sessions(database):
    return database(race_competition())


def official(sessions, stage="horse-heats", key="C1") -> int:
    with sessions() as s:
        return s.scalar(select(Judge.id).join(Stage).where(Stage.key == stage, Judge.key == key))


def attempt(sessions, entry, stage="horse-heats", key="C1", **data):
    return recording.record_attempt(sessions, official(sessions, stage, key), {"entry": entry, **data})


def chief(sessions, service, stage="horse-heats", **data):
    return getattr(recording, service)(sessions, official(sessions, stage), data)


def stored(sessions):
    with sessions() as s:
        return (s.scalar(select(func.count(Attempt.id))), s.scalar(select(func.count(AuditEntry.id))),
                tuple(s.scalars(select(Stage.seq).order_by(Stage.id))),
                tuple(s.execute(select(Entry.key, Entry.locked, Entry.mark_status, Entry.placing).order_by(Entry.id))),
                tuple(s.execute(select(Heat.key, Heat.confirmed, Heat.clock_started_at).order_by(Heat.id))))


def standings(sessions, stage="horse-heats"):
    with sessions() as s:
        return stage_standings(s, stage)


def heat(payload, key):
    return next(h for h in payload["heats"] if h["heat"] == key)


def run_heat(sessions, key, times, placings=None):
    """Record one time per rider (a list of stopwatch readings or a value), then confirm."""
    for entry, reading in times.items():
        if isinstance(reading, list):
            attempt(sessions, entry, watches=reading)
        elif reading in ("DNF", "DQ", "DNS"):
            recording.set_entry_status(sessions, official(sessions), {"entry": entry, "status": reading,
                                                                       "reason": "test"})
        else:
            attempt(sessions, entry, value=reading)
    if placings:
        chief(sessions, "record_placings", heat=key, order=placings)
    chief(sessions, "confirm_heat", heat=key)


def test_hand_times_are_the_middle_watch_rounded_up_and_kept_with_their_readings(sessions):
    attempt(sessions, "R1", watches=["65.11", "65.34", "65.20"])   # middle 65.20 -> 65.2
    attempt(sessions, "R2", watches=[66.01, 65.9])                 # slower of two 66.01 -> 66.1
    attempt(sessions, "R3", value="1:07.3")                        # the head timekeeper's official time
    rows = {r["entry"]: r for r in heat(standings(sessions), "H1")["results"]}
    assert rows["R1"]["mark"] == "65.2" and rows["R1"]["total"] == "1:05.2"
    assert rows["R1"]["attempts"][0]["watches"] == ["65.11", "65.34", "65.20"]
    assert rows["R2"]["mark"] == "66.1"
    assert rows["R3"]["mark"] == "67.3"
    assert [rows[k]["rank"] for k in ("R1", "R2", "R3", "R4")] == [1, 2, 3, None]
    with sessions() as s:
        values = s.scalars(select(Attempt.value).order_by(Attempt.id)).all()
    assert values == [Decimal("65.2"), Decimal("66.1"), Decimal("67.3")] and all(isinstance(v, Decimal) for v in values)


def test_stopwatches_far_apart_are_flagged_with_their_spread(sessions):
    """Issue 13: three watches 2 s apart were taken without a word. The official time stays the middle
    watch (TR 19); the attempt carries the spread and `wide` over the rule's watch_spread (0.5 s)."""
    attempt(sessions, "R1", watches=["65.2", "67.2", "65.3"])      # one watch stopped 2 s late
    attempt(sessions, "R2", watches=["66.0", "66.4", "66.2"])      # 0.4 s: within 0.5 s
    attempt(sessions, "R3", watches=["66.9"])                      # one watch: nothing to compare
    payload = standings(sessions)
    rows = {r["entry"]: r["attempts"][0] for r in heat(payload, "H1")["results"] if r["attempts"]}
    assert (rows["R1"]["spread"], rows["R1"]["wide"], rows["R1"]["value"]) == ("2.0", True, "65.3")
    assert (rows["R2"]["spread"], rows["R2"]["wide"]) == ("0.4", False)
    assert (rows["R3"]["spread"], rows["R3"]["wide"]) == (None, False)
    assert payload["rule"]["watch_spread"] == "0.5"


@pytest.mark.parametrize("watches, spread", [(["65.2"], "0"), (["65.2", "65.25"], "0.05"), (["65.2", "67.2", 66], "2.0")])
def test_stopwatch_spread_is_exact(watches, spread):
    from scoring.rules.measured import stopwatch_spread
    assert stopwatch_spread(watches) == Decimal(spread)


@pytest.mark.parametrize("data, code", [
    ({"entry": "R1", "value": -5}, "out_of_range"),
    ({"entry": "R1", "value": 0}, "out_of_range"),
    ({"entry": "R1", "value": "65.25"}, "too_precise"),             # resolution 0.1
    ({"entry": "R1", "value": "fast"}, "not_a_number"),
    ({"entry": "R1", "value": True}, "not_a_number"),
    ({"entry": "R1", "value": float("nan")}, "not_a_number"),
    ({"entry": "R1", "watches": ["65.1", "-1"]}, "out_of_range"),
    ({"entry": "R1", "watches": ["65.123"]}, "too_precise"),        # watches read to 1/100 s
    ({"entry": "R1", "watches": []}, "bad_request"),
    ({"entry": "R1", "watches": ["1", "2", "3", "4"]}, "bad_request"),
    ({"entry": "R1", "value": 65, "watches": ["65"]}, "bad_request"),
    ({"entry": "R1"}, "bad_request"),
    ({"entry": "R1", "status": "LATE"}, "bad_status"),
    ({"entry": "R1", "value": 65, "attempt": 2}, "too_many_attempts"),
    ({"entry": "R1", "value": 65, "attempt": 0}, "bad_request"),
    ({"entry": "R9", "value": 65}, "unknown_entry"),
    ({"entry": "L1", "value": 65}, "not_assigned"),                 # someone else's (the lifting stage)
    ({"entry": "R1", "value": 65, "pad": "x" * 5000}, "too_large"),
    ({"entry": "R1", "value": 65, "client_id": 7}, "bad_request"),
])
def test_bad_attempts_are_refused_with_a_code_and_store_nothing(sessions, data, code):
    before = stored(sessions)
    with pytest.raises(ScoringError) as refused:
        recording.record_attempt(sessions, official(sessions), data)
    assert refused.value.code == code, refused.value.message
    assert stored(sessions) == before


def test_a_resent_attempt_is_stored_once_and_a_second_record_needs_a_correction(sessions):
    first = attempt(sessions, "R1", value="65.3", client_id="tablet-1")
    again = attempt(sessions, "R1", value="65.3", client_id="tablet-1")
    assert first.changed and not again.changed
    before = stored(sessions)
    with pytest.raises(ScoringError) as refused:
        attempt(sessions, "R1", value="66.0", client_id="tablet-1")
    assert refused.value.code == "client_id_reused" and stored(sessions) == before
    with pytest.raises(ScoringError) as refused:
        attempt(sessions, "R1", value="64.0", attempt=1)
    assert refused.value.code == "already_recorded" and stored(sessions) == before
    with pytest.raises(ScoringError) as refused:
        attempt(sessions, "R1", value="64.0")   # the next one: the race has one attempt
    assert refused.value.code == "too_many_attempts" and stored(sessions) == before
    for data, code in [({"attempt": 1, "value": "64.0"}, "reason_required"),
                       ({"attempt": 1, "value": "64.0", "reason": "  "}, "reason_required"),
                       ({"attempt": 1, "value": "64.05", "reason": "typo"}, "too_precise"),
                       ({"value": "64.0", "reason": "typo"}, "bad_request")]:
        with pytest.raises(ScoringError) as refused:
            recording.correct_attempt(sessions, official(sessions), {"entry": "R1", **data})
        assert refused.value.code == code and stored(sessions) == before
    with pytest.raises(ScoringError) as refused:
        recording.correct_attempt(sessions, official(sessions), {"entry": "R2", "attempt": 1, "value": 64, "reason": "x"})
    assert refused.value.code == "nothing_to_correct"


def test_a_correction_is_a_new_revision_with_its_reason_in_the_audit(sessions):
    attempt(sessions, "R1", value="65.3")
    recording.correct_attempt(sessions, official(sessions, key="C2"),
                              {"entry": "R1", "attempt": 1, "value": "64.3", "reason": "读错秒表"})
    row = heat(standings(sessions), "H1")["results"][0]
    assert row["mark"] == "64.3" and row["attempts"][0]["corrected"] and row["attempts"][0]["revision"] == 2
    with sessions() as s:
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "correct")).one()
        assert audit.note == "读错秒表" and audit.detail["was"] == "1:05.3" and audit.detail["result"] == "1:04.3"
        assert audit.actor.startswith("recorder:") and audit.actor.endswith(":C2")
        assert s.scalar(select(func.count(Attempt.id))) == 2   # the first revision is kept


def test_statuses_rank_after_every_time_and_in_order(sessions):
    attempt(sessions, "R1", value="70.0")
    attempt(sessions, "R2", status="DNF")
    recording.set_entry_status(sessions, official(sessions), {"entry": "R3", "status": "DNS"})
    recording.set_entry_status(sessions, official(sessions), {"entry": "R4", "status": "DQ", "reason": "串道"})
    attempt(sessions, "R5", value="90.0")
    rows = standings(sessions)["rows"]
    assert [(r["entry"], r["rank"], r["total"]) for r in rows] == [
        ("R1", 1, "1:10.0"), ("R5", 2, "1:30.0"), ("R2", None, "DNF"), ("R4", None, "DQ"), ("R3", None, "DNS")]
    with pytest.raises(ScoringError) as refused:
        recording.set_entry_status(sessions, official(sessions), {"entry": "R6", "status": "DQ"})
    assert refused.value.code == "reason_required"
    with pytest.raises(ScoringError) as refused:
        recording.set_entry_status(sessions, official(sessions), {"entry": "R6", "status": "NM"})
    assert refused.value.code == "bad_status"


def test_placings_decide_between_equal_hand_times(sessions):
    attempt(sessions, "R1", value="65.2")
    attempt(sessions, "R2", value="65.2")
    tied = {r["entry"]: r for r in heat(standings(sessions), "H1")["results"]}
    assert tied["R1"]["rank"] == tied["R2"]["rank"] == 1 and tied["R1"]["tiebreak"] == "shared"
    chief(sessions, "record_placings", heat="H1", order=["R2", "R1"])
    rows = {r["entry"]: r for r in heat(standings(sessions), "H1")["results"]}
    assert (rows["R2"]["rank"], rows["R1"]["rank"]) == (1, 2) and rows["R2"]["tiebreak"] == "placing"
    before = stored(sessions)
    for order, code in [(["R2", "R5"], "not_in_start_list"), (["R2", "R2"], "bad_request"), ("R2", "bad_request")]:
        with pytest.raises(ScoringError) as refused:
            chief(sessions, "record_placings", heat="H1", order=order)
        assert refused.value.code == code and stored(sessions) == before


def test_the_heat_clock_is_the_servers_and_runs_once(sessions):
    chief(sessions, "heat_clock", heat="H1", action="start")
    clock = heat(standings(sessions), "H1")["clock"]
    assert clock["running"] and clock["started_at"].endswith("Z") and clock["limit_ms"] == 180000
    assert heat(standings(sessions), "H1")["status"] == "running" and standings(sessions)["current_heat"] == "H1"
    with pytest.raises(ScoringError) as refused:
        chief(sessions, "heat_clock", heat="H1", action="start")
    assert refused.value.code == "out_of_order"
    chief(sessions, "heat_clock", heat="H1", action="stop")
    clock = heat(standings(sessions), "H1")["clock"]
    assert not clock["running"] and clock["elapsed_ms"] >= 0
    chief(sessions, "heat_clock", heat="H1", action="reset")
    assert heat(standings(sessions), "H1")["status"] == "scheduled"
    for data, code in [({"heat": "H1", "action": "fly"}, "bad_request"), ({"heat": "H9", "action": "start"}, "unknown_heat")]:
        with pytest.raises(ScoringError) as refused:
            chief(sessions, "heat_clock", **data)
        assert refused.value.code == code


def test_confirming_needs_every_result_then_locks_until_reopened_with_a_reason(sessions):
    attempt(sessions, "R1", value="65.0")
    before = stored(sessions)
    with pytest.raises(ScoringError) as refused:
        chief(sessions, "confirm_heat", heat="H1")
    assert refused.value.code == "incomplete" and "R2" in refused.value.message and stored(sessions) == before
    with pytest.raises(ScoringError) as refused:
        recording.confirm_heat(sessions, official(sessions, key="C2"), {"heat": "H1"})
    assert refused.value.code == "not_chief"
    run_heat(sessions, "H1", {"R2": "66.0", "R3": "67.0", "R4": "DNF"})
    payload = standings(sessions)
    assert heat(payload, "H1")["status"] == "confirmed" and payload["current_heat"] == "H2"
    assert {r["entry"]: r["status"] for r in payload["rows"]}["R1"] == "final"
    before = stored(sessions)
    for action, data in [(recording.record_attempt, {"entry": "R4", "value": 80}),
                         (recording.correct_attempt, {"entry": "R1", "attempt": 1, "value": 64, "reason": "x"}),
                         (recording.set_entry_status, {"entry": "R1", "status": "DQ", "reason": "x"})]:
        with pytest.raises(ScoringError) as refused:
            action(sessions, official(sessions), data)
        assert refused.value.code == "locked" and stored(sessions) == before
    with pytest.raises(ScoringError) as refused:
        chief(sessions, "reopen_heat", heat="H1")
    assert refused.value.code == "reason_required"
    chief(sessions, "reopen_heat", heat="H1", reason="终点裁判更正")
    recording.correct_attempt(sessions, official(sessions), {"entry": "R1", "attempt": 1, "value": "64.0", "reason": "更正"})
    assert heat(standings(sessions), "H1")["status"] != "confirmed"


def test_heats_to_final_by_place_and_fastest_losers_lanes_centre_out(sessions):
    with pytest.raises(ScoringError) as refused:
        recording.seed_final(sessions, "horse-final")
    assert refused.value.code == "not_final"
    run_heat(sessions, "H1", {"R1": "65.0", "R2": "66.0", "R3": "67.5", "R4": "70.0"})
    partial = standings(sessions)
    assert {r["entry"]: r["qualified"] for r in partial["rows"]} == {"R1": "Q", "R2": "Q", "R3": None, "R4": None}
    run_heat(sessions, "H2", {"R5": "64.0", "R6": "68.0", "R7": "69.0", "R8": "DNF"})
    payload = standings(sessions)
    assert payload["qualification"]["decided"]
    assert payload["qualification"]["qualified"] == {"R5": "Q", "R1": "Q", "R2": "Q", "R6": "Q", "R3": "q", "R7": "q"}
    recording.draw_final(sessions, official(sessions, "horse-final"), {})
    final = standings(sessions, "horse-final")
    lanes = {r["entry"]: r["lane"] for r in final["heats"][0]["results"]}
    # seeded by time (R5, R1, R2, R3, R6, R7) into 6 lanes centre-out: 3, 4, 2, 5, 1, 6
    assert lanes == {"R5": 3, "R1": 4, "R2": 2, "R3": 5, "R6": 1, "R7": 6}
    assert final["rows"] == [] and final["from_stage"] == "horse-heats"
    with pytest.raises(ScoringError) as refused:
        recording.seed_final(sessions, "horse-final")
    assert refused.value.code == "already_seeded"
    with pytest.raises(ScoringError) as refused:
        chief(sessions, "reopen_heat", heat="H1", reason="x")
    assert refused.value.code == "already_seeded"
    # the final: results arrive and make the final ranking
    for entry, value in [("R5", "63.5"), ("R1", "64.1"), ("R2", "64.1"), ("R6", "66.0"), ("R3", "DNF"), ("R7", "65.0")]:
        if value == "DNF":
            attempt(sessions, entry, stage="horse-final", status="DNF")
        else:
            attempt(sessions, entry, stage="horse-final", value=value)
    chief(sessions, "record_placings", stage="horse-final", heat="F", order=["R5", "R2", "R1", "R7", "R6"])
    chief(sessions, "confirm_heat", stage="horse-final", heat="F")
    rows = standings(sessions, "horse-final")["rows"]
    assert [(r["entry"], r["rank"], r["total"], r["status"]) for r in rows] == [
        ("R5", 1, "1:03.5", "final"), ("R2", 2, "1:04.1", "final"), ("R1", 3, "1:04.1", "final"),
        ("R7", 4, "1:05.0", "final"), ("R6", 5, "1:06.0", "final"), ("R3", None, "DNF", "final")]


def test_a_tie_for_the_last_fastest_loser_place_is_left_to_the_organizer(sessions):
    run_heat(sessions, "H1", {"R1": "65.0", "R2": "66.0", "R3": "67.5", "R4": "70.0"})
    run_heat(sessions, "H2", {"R5": "64.0", "R6": "66.5", "R7": "68.0", "R8": "68.0"})
    payload = standings(sessions)
    assert not payload["qualification"]["decided"] and "R7, R8" in payload["qualification"]["problem"]
    with pytest.raises(ScoringError) as refused:
        recording.seed_final(sessions, "horse-final")
    assert refused.value.code == "needs_decision" and "R7" in refused.value.message
    # the organizer settles it (R7 goes through) by naming the qualifiers in seed order, with a reason
    seeds = ["R5", "R1", "R6", "R2", "R3", "R7"]
    for data, code in [({"qualified": seeds}, "reason_required"),
                       ({"qualified": seeds + ["R9"], "reason": "抽签"}, "not_in_start_list"),
                       ({"qualified": seeds + ["R8"], "reason": "抽签"}, "bad_request"),       # 7 for 6 lanes
                       ({"qualified": "R7", "reason": "抽签"}, "bad_request")]:
        with pytest.raises(ScoringError) as refused:
            recording.draw_final(sessions, official(sessions, "horse-final"), data)
        assert refused.value.code == code
    recording.draw_final(sessions, official(sessions, "horse-final"), {"qualified": seeds, "reason": "抽签决定 R7"})
    lanes = {r["entry"]: r["lane"] for r in standings(sessions, "horse-final")["heats"][0]["results"]}
    assert lanes == {"R5": 3, "R1": 4, "R6": 2, "R2": 5, "R3": 1, "R7": 6}


def test_best_of_three_lifts_with_failed_attempts_and_second_best_tiebreak(sessions):
    lift = lambda entry, **data: attempt(sessions, entry, stage="stone-final", **data)  # noqa: E731
    lift("L1", value=100); lift("L1", status="NM"); lift("L1", value="110.5")
    lift("L2", value="110.5"); lift("L2", value=105)
    lift("L3", status="NM"); lift("L3", status="NM"); lift("L3", status="NM")
    with pytest.raises(ScoringError) as refused:
        lift("L1", value=120)
    assert refused.value.code == "too_many_attempts"
    lift("L2", value=120, attempt=3)
    rows = standings(sessions, "stone-final")["rows"]
    assert [(r["entry"], r["rank"], r["total"], r["tiebreak"]) for r in rows] == [
        ("L2", 1, "120.0", None), ("L1", 2, "110.5", None), ("L3", None, "NM", None)]


def test_best_of_three_tie_goes_to_the_second_best_lift(sessions):
    lift = lambda entry, **data: attempt(sessions, entry, stage="stone-final", **data)  # noqa: E731
    lift("L1", value=100); lift("L1", value=110)
    lift("L2", value=110); lift("L2", value=105)
    with pytest.raises(ScoringError) as refused:
        lift("L3", value=100, attempt=2)
    assert refused.value.code == "out_of_order"
    rows = standings(sessions, "stone-final")["rows"]
    assert [(r["entry"], r["rank"], r["tiebreak"]) for r in rows] == [("L2", 1, "second_best"), ("L1", 2, "second_best")]


def test_archery_sums_arrows_and_counts_back_the_two_point_hits(sessions):
    for entry, arrows in (("A1", [2, 0, 2, 1]), ("A2", [1, 1, 2, 1])):
        for points in arrows:
            attempt(sessions, entry, stage="archery-final", value=points)
    rows = standings(sessions, "archery-final")["rows"]
    assert [(r["entry"], r["rank"], r["total"], r["tiebreak"]) for r in rows] == [
        ("A1", 1, "5", "countback:2"), ("A2", 2, "5", "countback:2")]
    with pytest.raises(ScoringError) as refused:
        attempt(sessions, "A1", stage="archery-final", value=1)
    assert refused.value.code == "too_many_attempts"
    with pytest.raises(ScoringError) as refused:
        recording.correct_attempt(sessions, official(sessions, "archery-final"),
                                  {"entry": "A1", "attempt": 2, "value": 3, "reason": "x"})
    assert refused.value.code == "out_of_range"
