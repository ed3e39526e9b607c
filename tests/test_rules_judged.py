"""Unit tests and worked examples for scoring.rules.judged."""

from decimal import Decimal as D

import pytest

from scoring.rules.judged import (
    Criterion,
    Deduction,
    EntryScore,
    JudgedRule,
    MarkError,
    check_mark,
    deduction_points,
    dropped_judges,
    judge_total,
    outliers,
    rank_entries,
    round_score,
    score_entry,
)

EXECUTION = Criterion("execution", "Execution", max=D(10), step=D("0.1"))
DIVE = Criterion("dive", "Dive", max=D(10), step=D("0.5"))
TOTAL = Criterion("total", "Total", max=D(100), step=D("0.001"))


def single(criterion, marks):
    """Scorecards J1, J2, ... each giving one mark for ``criterion``."""
    return [(f"J{seat}", {criterion.key: D(mark)}) for seat, mark in enumerate(marks, start=1)]


def dropped_of(score):
    return {judge.judge for judge in score.judges if judge.dropped}


# ---------------------------------------------------------------------------
# Worked examples from real rules
# ---------------------------------------------------------------------------


def test_five_judges_drop_highest_and_lowest_like_a_gymnastics_e_panel():
    rule = JudgedRule(criteria=(EXECUTION,), aggregate="trimmed")  # trimmed, no drops set -> 1 + 1
    score = score_entry(rule, single(EXECUTION, ["8.7", "8.9", "9.0", "8.8", "9.3"]))
    assert dropped_of(score) == {"J1", "J5"}  # 8.7 lowest, 9.3 highest
    assert score.aggregate == D("8.9")  # (8.9 + 9.0 + 8.8) / 3
    assert str(score.total) == "8.90"
    assert [judge.judge for judge in score.judges] == ["J1", "J2", "J3", "J4", "J5"]


def test_trimmed_with_explicit_drops_uses_them():
    rule = JudgedRule(criteria=(EXECUTION,), aggregate="trimmed", drop_highest=2, drop_lowest=0)
    score = score_entry(rule, single(EXECUTION, ["8.7", "8.9", "9.0", "8.8", "9.3"]))
    assert dropped_of(score) == {"J3", "J5"}
    assert score.aggregate == D("8.8")  # (8.7 + 8.9 + 8.8) / 3


def test_seven_judges_drop_two_and_two_summed_like_diving():
    rule = JudgedRule(criteria=(DIVE,), aggregate="sum", drop_highest=2, drop_lowest=2)
    score = score_entry(rule, single(DIVE, ["7.0", "7.5", "6.5", "8.0", "7.0", "6.0", "7.5"]))
    # highest: 8.0 (J4) then the first 7.5 in panel order (J2); lowest: 6.0 (J6), 6.5 (J3)
    assert dropped_of(score) == {"J2", "J3", "J4", "J6"}
    assert score.aggregate == D("21.5")  # 7.0 + 7.0 + 7.5
    assert str(score.total) == "21.50"


def test_ties_at_the_extremes_drop_only_one_judge_each_first_in_panel_order():
    totals = [("A", D(9)), ("B", D(9)), ("C", D(8)), ("D", D(7)), ("E", D(7))]
    assert dropped_judges(totals, 1, 1) == frozenset({"A", "D"})


def test_ties_at_the_extremes_flag_the_right_judge_in_the_score():
    rule = JudgedRule(criteria=(DIVE,), aggregate="mean", drop_highest=1, drop_lowest=1)
    score = score_entry(rule, single(DIVE, ["7", "9", "9", "8", "7"]))
    assert [judge.dropped for judge in score.judges] == [True, True, False, False, False]
    assert score.aggregate == D(8)  # 9 + 8 + 7 kept


def test_all_judges_equal_still_drops_distinct_judges():
    totals = [(judge, D(8)) for judge in "ABCDE"]
    assert dropped_judges(totals, 1, 1) == frozenset({"A", "B"})


def test_incomplete_or_small_panel_drops_nothing():
    totals = [("A", D(9)), ("B", D(7))]
    assert dropped_judges(totals, 1, 1) == frozenset()
    rule = JudgedRule(criteria=(EXECUTION,), aggregate="trimmed")
    score = score_entry(rule, single(EXECUTION, ["9", "7"]))
    assert not dropped_of(score)
    assert score.aggregate == D(8)


def test_dropped_judges_with_exactly_one_left_drops():
    totals = [("A", D(5)), ("B", D(6)), ("C", D(7))]
    assert dropped_judges(totals, 1, 1) == frozenset({"A", "C"})


def test_dropped_judges_rejects_negative_counts_and_duplicate_judges():
    with pytest.raises(ValueError):
        dropped_judges([("A", D(1))], -1, 0)
    with pytest.raises(ValueError):
        dropped_judges([("A", D(1)), ("A", D(2)), ("B", D(3))], 1, 0)


@pytest.mark.parametrize(
    ("totals", "published"),
    [
        (["87.34", "87.35"], "87.35"),  # mean exactly 87.345 rounds half up
        (["87.345", "87.345", "87.344"], "87.34"),  # mean 87.34466... rounds down
        (["87.3449", "87.3449"], "87.34"),
        (["8.0", "8.25"], "8.13"),  # 8.125
        (["8.0", "8.249998"], "8.12"),  # 8.124999
        (["10", "10", "10.01"], "10.00"),  # 10.00333...
        (["70", "70"], "70.00"),
    ],
)
def test_half_up_rounding_of_the_published_total(totals, published):
    fine = Criterion("total", "Total", max=D(100), step=D("0.000001"))
    score = score_entry(JudgedRule(criteria=(fine,)), single(fine, totals))
    assert str(score.total) == published


def test_float_rounding_would_get_87_345_wrong_and_we_do_not():
    assert round(87.345, 2) == 87.34  # the binary float is 87.34499999...
    assert str(round_score(D("87.345"), 2)) == "87.35"


def test_weights_point_three_and_point_seven():
    content = Criterion("content", "Content", max=D(10), step=D("0.5"), weight=D("0.3"))
    delivery = Criterion("delivery", "Delivery", max=D(10), step=D("0.5"), weight=D("0.7"))
    rule = JudgedRule(criteria=(content, delivery))
    assert rule.max_total == D(10)
    assert judge_total(rule, {"content": D(8), "delivery": D(9)}) == D("8.7")
    score = score_entry(
        rule,
        [("J1", {"content": D(8), "delivery": D(9)}), ("J2", {"content": D("9.5"), "delivery": D("7.5")})],
    )
    assert [judge.total for judge in score.judges] == [D("8.7"), D("8.1")]  # 2.4+6.3, 2.85+5.25
    assert score.aggregate == D("8.4")


def test_judge_total_needs_exactly_the_rule_criteria():
    rule = JudgedRule(criteria=(EXECUTION,))
    with pytest.raises(MarkError) as missing:
        judge_total(rule, {})
    assert missing.value.code == "missing_criterion"
    with pytest.raises(MarkError) as unknown:
        judge_total(rule, {"execution": D(5), "style": D(1)})
    assert unknown.value.code == "unknown_criterion"


def test_median_odd_and_even_panels():
    rule = JudgedRule(criteria=(EXECUTION,), aggregate="median")
    assert score_entry(rule, single(EXECUTION, ["7", "9.5", "8"])).aggregate == D(8)
    assert score_entry(rule, single(EXECUTION, ["7", "9.5", "8", "8.5"])).aggregate == D("8.25")
    assert str(score_entry(rule, single(EXECUTION, ["7", "9.5", "8", "8.5"])).total) == "8.25"


def test_median_with_drops():
    rule = JudgedRule(criteria=(EXECUTION,), aggregate="median", drop_highest=1, drop_lowest=1)
    # 9.5 and 1 dropped; median of 7, 8, 8.5 -> 8
    assert score_entry(rule, single(EXECUTION, ["7", "9.5", "8", "8.5", "1"])).aggregate == D(8)


def test_sum_of_all_totals():
    rule = JudgedRule(criteria=(EXECUTION,), aggregate="sum", decimals=1)
    score = score_entry(rule, single(EXECUTION, ["7.1", "8.2", "9.3"]))
    assert score.aggregate == D("24.6")
    assert str(score.total) == "24.6"


@pytest.mark.parametrize(
    ("seconds", "points"),
    [(0, "0"), (1, "0.5"), (30, "0.5"), (31, "1.0"), (61, "1.5"), (D("30.5"), "1.0")],
)
def test_deduction_per_started_interval(seconds, points):
    overtime = Deduction("overtime", "Over time", penalty=D("0.5"), per=D(30), unit="s")
    rule = JudgedRule(criteria=(EXECUTION,), deductions=(overtime,))
    assert deduction_points(rule, {"overtime": seconds}) == D(points)


def test_deduction_per_infringement_and_several_kinds_add_up():
    fall = Deduction("fall", "Fall", penalty=D(1))
    overtime = Deduction("overtime", "Over time", penalty=D("0.5"), per=D(30), unit="s")
    rule = JudgedRule(criteria=(EXECUTION,), deductions=(fall, overtime))
    assert deduction_points(rule, {"fall": D(2)}) == D(2)
    assert deduction_points(rule, {"fall": 2, "overtime": 45}) == D(3)
    assert deduction_points(rule, {}) == D(0)
    with pytest.raises(ValueError):
        deduction_points(rule, {"fall": D("1.5")})  # a count must be whole


@pytest.mark.parametrize("amounts", [{"nope": D(1)}, {"fall": D(-1)}, {"fall": "1"}, {"fall": True}, {"fall": None}])
def test_bad_deductions_are_refused(amounts):
    rule = JudgedRule(criteria=(EXECUTION,), deductions=(Deduction("fall", "Fall", penalty=D(1)),))
    with pytest.raises(ValueError):
        deduction_points(rule, amounts)
    with pytest.raises(ValueError):
        score_entry(rule, single(EXECUTION, ["8"]), amounts)


def test_deductions_come_off_the_aggregate_before_rounding():
    overtime = Deduction("overtime", "Over time", penalty=D("0.5"), per=D(30), unit="s")
    rule = JudgedRule(criteria=(TOTAL,), deductions=(overtime,))
    score = score_entry(rule, single(TOTAL, ["87.345", "87.345"]), {"overtime": 31})
    assert score.deduction == D(1)
    assert score.aggregate == D("87.345")
    assert str(score.total) == "86.35"


def test_published_total_is_clamped_at_zero():
    fall = Deduction("fall", "Fall", penalty=D(1))
    rule = JudgedRule(criteria=(EXECUTION,), deductions=(fall,))
    score = score_entry(rule, single(EXECUTION, ["1.5", "2.5"]), {"fall": 3})
    assert score.aggregate == D(2)
    assert score.deduction == D(3)
    assert str(score.total) == "0.00"


def test_score_entry_needs_scorecards_and_unique_judges():
    rule = JudgedRule(criteria=(EXECUTION,))
    with pytest.raises(ValueError):
        score_entry(rule, [])
    with pytest.raises(ValueError):
        score_entry(rule, [("J1", {"execution": D(1)}), ("J1", {"execution": D(2)})])


# ---------------------------------------------------------------------------
# Rounding
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        ("70", 2, "70.00"),
        ("8.125", 2, "8.13"),
        ("8.1249999", 2, "8.12"),
        ("0.5", 0, "1"),
        ("2.5", 0, "3"),  # half up, not banker's rounding
        ("1.23456785", 6, "1.234568"),
        ("-0.001", 2, "0.00"),
    ],
)
def test_round_score(value, decimals, expected):
    assert str(round_score(D(value), decimals)) == expected


# ---------------------------------------------------------------------------
# Tie-breaks and ranking
# ---------------------------------------------------------------------------

TECHNIQUE = Criterion("technique", "Technique", max=D(10), step=D("0.5"))
ARTISTRY = Criterion("artistry", "Artistry", max=D(10), step=D("0.5"))


def three_judges(*cards):
    return [(f"J{seat}", {"technique": D(t), "artistry": D(a)}) for seat, (t, a) in enumerate(cards, start=1)]


def test_tiebreak_chain_raw_mean_then_criterion_then_highest_total():
    rule = JudgedRule(
        criteria=(TECHNIQUE, ARTISTRY),
        aggregate="trimmed",  # 3 judges -> only the middle total counts
        tiebreak=("raw_mean", "criterion:technique", "highest_total"),
    )
    entries = {
        # every one of A-D publishes 17.00 (the middle judge), E publishes 18.00
        "A": three_judges((8, 8), (9, 8), (9, 9)),  # 16 17 18: raw 17, technique 26/3, highest 18
        "B": three_judges((8, 8), (8, 9), (9, 10)),  # 16 17 19: raw 17.33
        "C": three_judges((8, 8), (8, 9), (8, 10)),  # 16 17 18: raw 17, technique 8
        "D": three_judges((8, 7), (9, 8), (9, 10)),  # 15 17 19: raw 17, technique 26/3, highest 19
        "E": three_judges((9, 9), (9, 9), (9, 9)),  # 18 18 18
    }
    scores = [(entry, score_entry(rule, cards)) for entry, cards in entries.items()]
    assert {entry: str(score.total) for entry, score in scores} == {
        "A": "17.00", "B": "17.00", "C": "17.00", "D": "17.00", "E": "18.00",
    }
    ranked = rank_entries(rule, scores)
    assert [(r.entry, r.rank, r.tiebreak) for r in ranked] == [
        ("E", 1, None),
        ("B", 2, "raw_mean"),  # top of the tied group: against D, directly below
        ("D", 3, "raw_mean"),  # against B above
        ("A", 4, "highest_total"),  # level with D on raw_mean and technique
        ("C", 5, "criterion:technique"),  # level with A on raw_mean
    ]
    metrics = dict(scores)["A"].metrics
    assert metrics["raw_mean"] == D(17)
    assert round_score(metrics["criterion:technique"], 6) == D("8.666667")
    assert metrics["highest_total"] == D(18)


def test_full_tie_shares_the_rank_and_the_next_rank_is_skipped():
    rule = JudgedRule(criteria=(TECHNIQUE, ARTISTRY), tiebreak=("raw_mean", "highest_total"))
    same = three_judges((9, 8), (8, 8), (9, 9))
    scores = [
        ("Z", score_entry(rule, three_judges((7, 7), (7, 7), (7, 7)))),
        ("Y", score_entry(rule, same)),
        ("X", score_entry(rule, list(reversed(same)))),
    ]
    ranked = rank_entries(rule, scores)
    assert [(r.entry, r.rank, r.tiebreak) for r in ranked] == [
        ("X", 1, "shared"),  # entry key only orders the display
        ("Y", 1, "shared"),
        ("Z", 3, None),
    ]


def test_tie_without_a_chain_is_shared():
    rule = JudgedRule(criteria=(EXECUTION,))
    a = score_entry(rule, single(EXECUTION, ["8", "9"]))
    b = score_entry(rule, single(EXECUTION, ["8.5", "8.5"]))
    ranked = rank_entries(rule, [("b", b), ("a", a)])
    assert [(r.entry, r.rank, r.tiebreak) for r in ranked] == [("a", 1, "shared"), ("b", 1, "shared")]


def test_fewer_deductions_and_lowest_total_steps():
    fall = Deduction("fall", "Fall", penalty=D(1))
    rule = JudgedRule(
        criteria=(EXECUTION,), tiebreak=("fewer_deductions", "lowest_total", "median"), deductions=(fall,)
    )
    clean = score_entry(rule, single(EXECUTION, ["7", "8", "9"]))  # 8.00, no falls
    fallen = score_entry(rule, single(EXECUTION, ["9", "9", "9"]), {"fall": 1})  # 9 - 1 = 8.00
    steady = score_entry(rule, single(EXECUTION, ["7.5", "8", "8.5"]))  # 8.00, lowest 7.5
    assert clean.metrics == {"fewer_deductions": D(0), "lowest_total": D(7), "median": D(8)}
    assert fallen.metrics["fewer_deductions"] == D(-1)
    ranked = rank_entries(rule, [("clean", clean), ("fallen", fallen), ("steady", steady)])
    assert [(r.entry, r.rank, r.tiebreak) for r in ranked] == [
        ("steady", 1, "lowest_total"),
        ("clean", 2, "lowest_total"),
        ("fallen", 3, "fewer_deductions"),
    ]


def test_rank_entries_refuses_scores_made_without_the_tiebreak_metrics():
    plain = JudgedRule(criteria=(EXECUTION,))
    chained = JudgedRule(criteria=(EXECUTION,), tiebreak=("raw_mean",))
    score = score_entry(plain, single(EXECUTION, ["8"]))
    with pytest.raises(ValueError):
        rank_entries(chained, [("a", score)])
    with pytest.raises(ValueError):
        rank_entries(plain, [("a", score), ("a", score)])


def test_rank_entries_of_nothing_is_empty():
    assert rank_entries(JudgedRule(criteria=(EXECUTION,)), []) == []


def test_entry_score_can_be_built_directly():
    score = EntryScore(judges=(), aggregate=D(5), deduction=D(0), total=D("5.00"), metrics={})
    assert rank_entries(JudgedRule(criteria=(EXECUTION,)), [("a", score)])[0].rank == 1


# ---------------------------------------------------------------------------
# Marks as received from judge tablets
# ---------------------------------------------------------------------------

MARK = Criterion("content", "Content", max=D(10), step=D("0.5"))


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (True, "not_a_number"),
        (False, "not_a_number"),
        ("8", "not_a_number"),
        (None, "not_a_number"),
        ([8], "not_a_number"),
        ({"mark": 8}, "not_a_number"),
        (float("nan"), "not_a_number"),
        (float("inf"), "not_a_number"),
        (float("-inf"), "not_a_number"),
        (D("NaN"), "not_a_number"),
        (-0.5, "out_of_range"),
        (10.5, "out_of_range"),  # max + step
        (11, "out_of_range"),
        (8.3, "bad_step"),
        (D("0.25"), "bad_step"),
    ],
)
def test_check_mark_errors(value, code):
    with pytest.raises(MarkError) as error:
        check_mark(MARK, value)
    assert error.value.code == code
    assert error.value.message == str(error.value)
    assert isinstance(error.value, ValueError)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(8.5, "8.5"), (10, "10"), (10.0, "10"), (0, "0"), (D("8.50"), "8.5"), (-0.0, "0")],
)
def test_check_mark_accepts(value, expected):
    mark = check_mark(MARK, value)
    assert isinstance(mark, D)
    assert str(mark) == expected


def test_check_mark_does_not_use_the_binary_value_of_a_float():
    tenths = Criterion("x", "X", max=D(1), step=D("0.1"))
    assert D(0.3) != D("0.3")  # what naive conversion would give
    assert check_mark(tenths, 0.3) == D("0.3")
    assert str(check_mark(tenths, 0.3)) == "0.3"
    with pytest.raises(MarkError) as error:  # 0.30000000000000004 is not what anyone typed
        check_mark(tenths, 0.1 + 0.2)
    assert error.value.code == "bad_step"


def test_check_mark_step_counts_from_the_minimum():
    odd = Criterion("x", "X", min=D(1), max=D(9), step=D(2))
    assert check_mark(odd, 3) == D(3)
    with pytest.raises(MarkError) as error:
        check_mark(odd, 4)
    assert error.value.code == "bad_step"
    with pytest.raises(MarkError) as error:
        check_mark(odd, 0)
    assert error.value.code == "out_of_range"


# ---------------------------------------------------------------------------
# Rule validation
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "settings",
    [
        {"aggregate": "average"},
        {"drop_highest": -1},
        {"drop_lowest": -1},
        {"decimals": 7},
        {"decimals": -1},
        {"criteria": (Criterion("a", "A", max=D(10), step=D(0)),)},
        {"criteria": (Criterion("a", "A", max=D(10), step=D(-1)),)},
        {"criteria": (Criterion("a", "A", max=D(0), step=D(1)),)},
        {"criteria": (Criterion("a", "A", max=D(5), step=D(1), min=D(6)),)},
        {"criteria": (EXECUTION, EXECUTION)},
        {"criteria": ()},
        {"tiebreak": ("coin_toss",)},
        {"tiebreak": ("criterion:style",)},
        {"tiebreak": ("criterion:",)},
        {"deductions": (Deduction("f", "F", D(1)), Deduction("f", "F again", D(2)))},
        {"deductions": (Deduction("f", "F", D(1), per=D(0)),)},
        {"outlier": D(-1)},
    ],
)
def test_invalid_rules_are_refused(settings):
    settings = {"criteria": (EXECUTION,), **settings}
    with pytest.raises(ValueError):
        JudgedRule(**settings)


def test_floats_never_enter_a_rule():
    with pytest.raises(ValueError):
        Criterion("a", "A", max=10.0, step=D(1))
    with pytest.raises(ValueError):
        Deduction("f", "F", penalty=0.5)
    assert Criterion("a", "A", max=10, step="0.5").step == D("0.5")


def test_valid_rule_settings():
    rule = JudgedRule(
        criteria=[EXECUTION, DIVE],
        aggregate="median",
        drop_highest=1,
        decimals=0,
        tiebreak=["raw_mean", "median", "highest_total", "lowest_total", "fewer_deductions", "criterion:dive"],
    )
    assert rule.criteria == (EXECUTION, DIVE)
    assert rule.max_total == D(20)
    assert rule.outlier_threshold == D(2)


# ---------------------------------------------------------------------------
# Outliers for the chief judge
# ---------------------------------------------------------------------------


def test_outliers_against_the_median_of_the_others():
    rule = JudgedRule(criteria=(EXECUTION,))  # threshold 10% of 10 = 1
    totals = [("J1", D("8.0")), ("J2", D("8.2")), ("J3", D("8.1")), ("J4", D("9.5")), ("J5", D("8.0"))]
    assert outliers(rule, totals) == frozenset({"J4"})  # 9.5 vs 8.05


def test_outlier_exactly_at_the_threshold_is_not_flagged():
    rule = JudgedRule(criteria=(EXECUTION,), outlier=D("0.5"))
    assert outliers(rule, [("J1", D(8)), ("J2", D(8)), ("J3", D("8.5"))]) == frozenset()
    assert outliers(rule, [("J1", D(8)), ("J2", D(8)), ("J3", D("8.6"))]) == frozenset({"J3"})


def test_outliers_need_three_judges():
    rule = JudgedRule(criteria=(EXECUTION,))
    assert outliers(rule, [("J1", D(0)), ("J2", D(10))]) == frozenset()
    assert outliers(rule, [("J1", D(8)), ("J2", D(8)), ("J3", D("9.5"))]) == frozenset({"J3"})
