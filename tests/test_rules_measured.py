"""Unit tests, worked examples and properties for scoring.rules.measured."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import examples
from scoring.rulebook import build_measured_rule

from scoring.rules.measured import (
    Attempt,
    HeatResult,
    MeasuredRule,
    MeasureError,
    Result,
    check_plausible,
    final_start_list,
    format_value,
    hand_time,
    parse_value,
    qualifiers,
    rank_results,
    result_mark,
    result_status,
)

RACE = MeasuredRule("time", unit="s", resolution=D("0.01"))
LIFT = MeasuredRule("weight", unit="kg", resolution=D("0.5"), attempts=3, maximum=D(300))
ARCHERY = MeasuredRule("points", unit="pts", resolution=D(1), attempts=6, aggregate="sum", tiebreak=("countback:2",))


def marks(*values):
    """Attempts from values; a str that is a status becomes a failed attempt."""
    return tuple(Attempt(status=v) if v in ("NM", "DNF", "DQ", "DNS") else Attempt(value=D(v)) for v in values)


def table(rule, results):
    return [(row.entry, row.rank, row.mark, row.status, row.tiebreak) for row in rank_results(rule, results)]


# ---------------------------------------------------------------------------
# Hand timing
# ---------------------------------------------------------------------------


def test_hand_time_three_watches_takes_the_middle_then_rounds_up():
    # sorted 10.12, 10.15, 10.31 -> middle 10.15 -> up to the next tenth 10.2
    assert hand_time([D("10.31"), D("10.12"), D("10.15")]) == D("10.2")


def test_hand_time_two_watches_takes_the_slower():
    # slower of 10.12 / 10.15 is 10.15 -> 10.2
    assert hand_time([D("10.12"), D("10.15")]) == D("10.2")


@pytest.mark.parametrize(
    "reading, official",
    [("10.10", "10.1"), ("10.11", "10.2"), ("10.19", "10.2"), ("10.1", "10.1"), ("9.99", "10.0"), ("10.101", "10.2")],
)
def test_hand_time_one_watch_rounds_up_to_a_tenth(reading, official):
    # 10.10 is already a tenth; anything past it (10.101, 10.11, 10.19) goes up to 10.2
    assert hand_time([D(reading)]) == D(official)


@pytest.mark.parametrize("watches", [[], [D(10)] * 4, [D(0)], [D(-1)], [True], ["10.1"]])
def test_hand_time_refuses_bad_watches(watches):
    with pytest.raises(ValueError):
        hand_time(watches)


def test_hand_time_accepts_json_floats_exactly():
    # 10.1 as a float must stay 10.1 (not 10.0999... rounded up to 10.1, nor 10.2)
    assert hand_time([10.1]) == D("10.1")


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, seconds",
    [
        ("1:05.3", "65.3"),  # 60 + 5.3
        ("1:05.30", "65.30"),
        ("0:59.99", "59.99"),
        ("1:01:05.3", "3665.3"),  # 3600 + 60 + 5.3
        ("12.34", "12.34"),
        (" 12.3 ", "12.3"),
        ("75", "75"),
        (65.3, "65.3"),  # float through repr
        (65, "65"),
        (D("65.30"), "65.30"),
    ],
)
def test_parse_time(raw, seconds):
    assert parse_value(RACE, raw) == D(seconds)


@pytest.mark.parametrize(
    "raw",
    [True, None, [1], float("nan"), float("inf"), D("NaN"), "abc", "", "1:5.3", "1:65.0", "1:2:3:4", "1e3", "NaN", "1:-05"],
)
def test_parse_not_a_number(raw):
    with pytest.raises(MeasureError) as caught:
        parse_value(RACE, raw)
    assert caught.value.code == "not_a_number"


def test_parse_time_with_colon_is_refused_for_weights():
    with pytest.raises(MeasureError) as caught:
        parse_value(LIFT, "1:05")
    assert caught.value.code == "not_a_number"


@pytest.mark.parametrize("rule, raw", [(RACE, 0), (RACE, "-1.5"), (LIFT, -0.5), (LIFT, "300.5"), (LIFT, D("1e200"))])
def test_parse_out_of_range(rule, raw):
    with pytest.raises(MeasureError) as caught:
        parse_value(rule, raw)
    assert caught.value.code == "out_of_range"


def test_zero_is_a_valid_weight_or_score_but_not_a_time():
    assert parse_value(LIFT, 0) == 0
    assert parse_value(ARCHERY, "0") == 0
    with pytest.raises(MeasureError):
        parse_value(RACE, "0.00")


@pytest.mark.parametrize("rule, raw", [(RACE, "12.345"), (RACE, 12.345), (LIFT, "120.3"), (ARCHERY, 7.5)])
def test_parse_too_precise(rule, raw):
    with pytest.raises(MeasureError) as caught:
        parse_value(rule, raw)
    assert caught.value.code == "too_precise"


def test_parse_maximum_is_inclusive_and_resolution_multiples_pass():
    assert parse_value(LIFT, 300) == 300
    assert parse_value(LIFT, "120.5") == D("120.5")  # 241 * 0.5


@pytest.mark.parametrize(
    "rule, value, text",
    [
        (RACE, "65.3", "1:05.30"),
        (RACE, "59.99", "59.99"),
        (RACE, "60", "1:00.00"),
        (RACE, "3665.3", "1:01:05.30"),
        (MeasuredRule("time", resolution=D("0.1")), "125.4", "2:05.4"),
        (MeasuredRule("time", resolution=D(1)), "65", "1:05"),
        (LIFT, "120.5", "120.5"),
        (ARCHERY, "54", "54"),
    ],
)
def test_format_value(rule, value, text):
    assert format_value(rule, D(value)) == text


def test_parse_format_round_trip_for_times():
    for text in ("1:05.30", "12.34", "1:01:05.30", "59.99"):
        assert format_value(RACE, parse_value(RACE, text)) == text


# ---------------------------------------------------------------------------
# Rules and records
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"measure": "speed"},
        {"measure": "time", "aggregate": "mean"},
        {"measure": "time", "attempts": 0},
        {"measure": "time", "resolution": D(0)},
        {"measure": "time", "resolution": 0.01},  # settings never as floats
        {"measure": "time", "timing": "sundial"},
        {"measure": "weight", "timing": "hand"},
        {"measure": "time", "timing": "hand", "resolution": D("0.01")},
        {"measure": "time", "tiebreak": ("coin",)},
        {"measure": "points", "tiebreak": ("countback:x",)},
    ],
)
def test_bad_rules(kwargs):
    with pytest.raises(ValueError):
        MeasuredRule(**kwargs)


def test_hand_timed_rule_and_direction():
    rule = MeasuredRule("time", timing="hand", resolution=D("0.1"))
    assert rule.direction == "asc" and LIFT.direction == "desc"
    assert parse_value(rule, hand_time([D("10.12"), D("10.15")])) == D("10.2")


@pytest.mark.parametrize("make", [lambda: Attempt(), lambda: Attempt(D(1), "NM"), lambda: Attempt(status="FOUL"),
                                  lambda: Result("a", status="LATE")])
def test_bad_status(make):
    with pytest.raises(MeasureError) as caught:
        make()
    assert caught.value.code == "bad_status"


def test_too_many_attempts():
    with pytest.raises(MeasureError) as caught:
        result_mark(LIFT, Result("Tashi", marks("100", "110", "120", "125")))
    assert caught.value.code == "too_many_attempts"


def test_attempt_values_are_checked_against_the_rule():
    with pytest.raises(MeasureError) as caught:
        result_mark(LIFT, Result("Tashi", marks("100.3")))
    assert caught.value.code == "too_precise"


# ---------------------------------------------------------------------------
# Aggregates and statuses
# ---------------------------------------------------------------------------


def test_best_sum_last_of_the_same_attempts():
    attempts = marks("100", "NM", "95")
    best = LIFT
    total = MeasuredRule("weight", resolution=D("0.5"), attempts=3, aggregate="sum")
    last = MeasuredRule("weight", resolution=D("0.5"), attempts=3, aggregate="last")
    assert result_mark(best, Result("a", attempts)) == D(100)  # max(100, 95)
    assert result_mark(total, Result("a", attempts)) == D(195)  # 100 + 95, NM counts nothing
    assert result_mark(last, Result("a", attempts)) == D(95)  # last valid one, the NM after 100 is skipped


def test_best_of_a_time_is_the_lowest():
    rule = MeasuredRule("time", attempts=2)
    assert result_mark(rule, Result("a", marks("12.40", "12.10"))) == D("12.10")


@pytest.mark.parametrize(
    "result, status",
    [
        (Result("a", marks("100")), None),
        (Result("a", marks("NM", "NM", "NM")), "NM"),
        (Result("a", marks("DNF")), "DNF"),
        (Result("a", marks("DNS", "NM")), "NM"),
        (Result("a"), "DNS"),
        (Result("a", marks("100"), status="DQ"), "DQ"),  # the entry's status overrides a valid lift
    ],
)
def test_result_status(result, status):
    assert result_status(LIFT, result) == status
    assert (result_mark(LIFT, result) is None) == (status is not None)


def test_unmarked_entries_follow_in_order_nm_dnf_dq_dns():
    results = [
        Result("dns", status="DNS"),
        Result("dq", marks("61.00"), status="DQ"),
        Result("dnf", marks("DNF")),
        Result("nm", marks("NM")),
        Result("slow", marks("62.00")),
        Result("fast", marks("60.00")),
        Result("absent"),
    ]
    assert table(RACE, results) == [
        ("fast", 1, D("60.00"), None, None),
        ("slow", 2, D("62.00"), None, None),
        ("nm", None, None, "NM", None),
        ("dnf", None, None, "DNF", None),
        ("dq", None, None, "DQ", None),
        ("absent", None, None, "DNS", None),  # DNS entries in entry-key order
        ("dns", None, None, "DNS", None),
    ]


# ---------------------------------------------------------------------------
# Ranking worked examples
# ---------------------------------------------------------------------------


def test_lifting_ranks_heaviest_first_race_ranks_fastest_first():
    lifts = [Result("Dorje", marks("110", "NM", "120")), Result("Pema", marks("125", "NM", "NM")),
             Result("Sonam", marks("NM", "NM", "NM"))]
    # best lifts: Pema 125, Dorje 120, Sonam none
    assert [(r.entry, r.rank) for r in rank_results(LIFT, lifts)] == [("Pema", 1), ("Dorje", 2), ("Sonam", None)]
    race = [Result("yak1", marks("75.20")), Result("yak2", (Attempt(parse_value(RACE, "1:12.80")),)), Result("yak3", marks("80.00"))]
    # 1:12.80 = 72.80 s is the fastest
    assert [(r.entry, r.rank) for r in rank_results(RACE, race)] == [("yak2", 1), ("yak1", 2), ("yak3", 3)]


def test_archery_countback_more_twos_wins():
    # six arrows, 0/1/2 points each; both total 8
    # Karma: 2+2+2+2+0+0 = 8 with four 2s; Lhamo: 2+2+1+1+1+1 = 8 with two 2s
    results = [Result("Lhamo", marks(2, 2, 1, 1, 1, 1)), Result("Karma", marks(2, 2, 2, 2, 0, 0)),
               Result("Nyima", marks(2, 1, 1, 1, 1, 1))]  # 7
    assert table(ARCHERY, results) == [
        ("Karma", 1, D(8), None, "countback:2"),
        ("Lhamo", 2, D(8), None, "countback:2"),
        ("Nyima", 3, D(7), None, None),
    ]


def test_second_best_breaks_a_tie_on_the_best_lift():
    rule = MeasuredRule("weight", resolution=D("0.5"), attempts=3, tiebreak=("second_best",))
    results = [Result("Dorje", marks("120", "NM", "110")), Result("Pema", marks("115", "120", "NM")),
               Result("Tenzin", marks("120", "NM", "NM"))]
    # all best 120; second best: Pema 115, Dorje 110, Tenzin none
    assert table(rule, results) == [
        ("Pema", 1, D(120), None, "second_best"),
        ("Dorje", 2, D(120), None, "second_best"),
        ("Tenzin", 3, D(120), None, "second_best"),
    ]


def test_placing_decides_equal_times():
    rule = MeasuredRule("time", resolution=D("0.1"), tiebreak=("placing",))
    results = [Result("horse A", marks("61.3"), placing=2), Result("horse B", marks("61.3"), placing=1),
               Result("horse C", marks("60.9"), placing=None)]
    assert table(rule, results) == [
        ("horse C", 1, D("60.9"), None, None),
        ("horse B", 2, D("61.3"), None, "placing"),
        ("horse A", 3, D("61.3"), None, "placing"),
    ]


def test_shared_rank_1_1_3():
    results = [Result("b", marks("10.00")), Result("a", marks("10.00")), Result("c", marks("10.50"))]
    assert table(RACE, results) == [
        ("a", 1, D("10.00"), None, "shared"),
        ("b", 1, D("10.00"), None, "shared"),
        ("c", 3, D("10.50"), None, None),
    ]


def test_tiebreak_chain_that_still_leaves_entries_level_shares():
    rule = MeasuredRule("time", tiebreak=("placing",))
    results = [Result("a", marks("10.00"), placing=1), Result("b", marks("10.00"), placing=1)]
    assert [(r.rank, r.tiebreak) for r in rank_results(rule, results)] == [(1, "shared"), (1, "shared")]


def test_duplicate_entries_are_refused():
    with pytest.raises(ValueError):
        rank_results(RACE, [Result("a", marks("10")), Result("a", marks("11"))])


# ---------------------------------------------------------------------------
# Heats and final
# ---------------------------------------------------------------------------


def heats_of_eight():
    heat_a = rank_results(RACE, [Result("A1", marks("60.10")), Result("A2", marks("60.50")),
                                 Result("A3", marks("61.00")), Result("A4", marks("63.00"))])
    heat_b = rank_results(RACE, [Result("B1", marks("59.80")), Result("B2", marks("61.20")),
                                 Result("B3", marks("61.50")), Result("B4", marks("DNF"))])
    return [HeatResult("A", heat_a), HeatResult("B", heat_b)]


def test_two_heats_top_two_plus_two_fastest_losers():
    # Q: A1 60.10, A2 60.50, B1 59.80, B2 61.20; losers A3 61.00, B3 61.50, A4 63.00 (B4 DNF)
    # q: A3, B3.  By mark: B1 59.80, A1 60.10, A2 60.50, A3 61.00, B2 61.20, B3 61.50
    assert qualifiers(RACE, heats_of_eight(), by_place=2, fastest_losers=2) == [
        ("B1", "Q"), ("A1", "Q"), ("A2", "Q"), ("A3", "q"), ("B2", "Q"), ("B3", "q"),
    ]


def test_final_start_list_centre_out():
    seeds = [entry for entry, _ in qualifiers(RACE, heats_of_eight(), by_place=2, fastest_losers=2)]
    # seeds 1..6 take lanes 4, 5, 3, 6, 2, 7
    assert final_start_list(seeds, lanes=8) == [(2, "B2"), (3, "A2"), (4, "B1"), (5, "A1"), (6, "A3"), (7, "B3")]
    eight = [f"s{n}" for n in range(1, 9)]
    assert [entry for _, entry in final_start_list(eight, 8)] == ["s7", "s5", "s3", "s1", "s2", "s4", "s6", "s8"]
    with pytest.raises(ValueError):
        final_start_list(eight, 6)


def test_tie_for_the_last_fastest_loser_place_is_left_to_the_organizer():
    heat_a = rank_results(RACE, [Result("A1", marks("60.00")), Result("A2", marks("61.00"))])
    heat_b = rank_results(RACE, [Result("B1", marks("60.50")), Result("B2", marks("61.00"))])
    heats = [HeatResult("A", heat_a), HeatResult("B", heat_b)]
    with pytest.raises(ValueError, match="fastest-loser"):
        qualifiers(RACE, heats, by_place=1, fastest_losers=1)
    # with room for both there is no decision to make
    assert qualifiers(RACE, heats, by_place=1, fastest_losers=2) == [("A1", "Q"), ("B1", "Q"), ("A2", "q"), ("B2", "q")]


def test_fewer_losers_than_places_and_unmarked_never_qualify():
    assert qualifiers(RACE, heats_of_eight(), by_place=3, fastest_losers=5)[-1] == ("A4", "q")
    assert "B4" not in dict(qualifiers(RACE, heats_of_eight(), by_place=4, fastest_losers=5))


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

_attempt = st.one_of(
    st.integers(min_value=1, max_value=20).map(lambda n: Attempt(value=D(n))),
    st.sampled_from(["NM", "DNF", "DQ", "DNS"]).map(lambda s: Attempt(status=s)),
)
_results = st.lists(
    st.tuples(st.lists(_attempt, max_size=3), st.sampled_from([None, None, None, "DQ", "DNS"]),
              st.one_of(st.none(), st.integers(1, 4))),
    max_size=8,
).map(lambda rows: [Result(f"e{n}", tuple(a), s, p) for n, (a, s, p) in enumerate(rows)])
_rules = st.sampled_from([
    MeasuredRule("points", resolution=D(1), attempts=3, aggregate="sum", tiebreak=("countback:10", "second_best")),
    MeasuredRule("time", resolution=D(1), attempts=3, tiebreak=("placing",)),
    MeasuredRule("weight", resolution=D(1), attempts=3, aggregate="last", tiebreak=("second_best", "placing")),
])


@examples(100)
@given(_rules, _results, st.randoms(use_true_random=False))
def test_ranking_ignores_input_order(rule, results, random):
    shuffled = list(results)
    random.shuffle(shuffled)
    assert rank_results(rule, shuffled) == rank_results(rule, results)


@examples(100)
@given(_rules, _results)
def test_every_entry_once_and_ranks_follow_marks(rule, results):
    ranked = rank_results(rule, results)
    assert sorted(row.entry for row in ranked) == sorted(result.entry for result in results)
    valid = [row for row in ranked if row.rank is not None]
    assert all(row.mark is not None and row.status is None for row in valid)
    assert all(row.mark is None and row.status is not None for row in ranked[len(valid):])
    for place, (above, below) in enumerate(zip(valid, valid[1:]), start=2):
        assert above.rank <= below.rank
        assert below.rank in (above.rank, place)
        better = above.mark <= below.mark if rule.direction == "asc" else above.mark >= below.mark
        assert better
        if below.rank == above.rank:
            assert above.mark == below.mark and above.tiebreak == below.tiebreak == "shared"


@pytest.mark.parametrize("settings, limit, value, refused", [
    ({"measure": "time", "unit": "s"}, None, "86400", False),           # a day, with no time limit
    ({"measure": "time", "unit": "s"}, None, "86400.01", True),
    ({"measure": "time", "unit": "s", "resolution": "0.1"}, D(180), "180", False),  # the rule's time limit
    ({"measure": "time", "unit": "s", "resolution": "0.1"}, D(180), "180.1", True),
    ({"measure": "weight", "unit": "kg"}, None, "1000", False),         # a tonne lifted
    ({"measure": "weight", "unit": "kg"}, None, "1000.5", True),
    ({"measure": "weight", "unit": "斤"}, None, "2001", True),           # half a kilogram each
    ({"measure": "distance", "unit": "cm"}, None, "1000001", True),     # 10 km in centimetres
    ({"measure": "points", "unit": ""}, None, "100001", True),
    ({"measure": "points", "maximum": 2}, None, "2", False),            # the rule's maximum decides
])
def test_an_implausible_mark_is_refused(settings, limit, value, refused):
    rule = build_measured_rule(settings)
    mark = parse_value(rule, value)
    if refused:
        with pytest.raises(MeasureError) as error:
            check_plausible(rule, mark, limit)
        assert error.value.code == "implausible"
    else:
        assert check_plausible(rule, mark, limit) == mark
