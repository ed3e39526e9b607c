"""Property tests for scoring.rules.judged (hypothesis).

Marks are always drawn as whole multiples of a criterion's step, so no float is
ever involved except where a test deliberately plays the part of a JSON parser.
"""

import json
from decimal import Decimal as D
from decimal import localcontext

from hypothesis import given
from hypothesis import strategies as st

from conftest import examples

from scoring.rules.judged import (
    Criterion,
    Deduction,
    EntryScore,
    JudgedRule,
    MarkError,
    check_mark,
    deduction_points,
    dropped_judges,
    rank_entries,
    round_score,
    score_entry,
)

FAST = examples(200)

STEPS = st.sampled_from([D("0.1"), D("0.25"), D("0.5"), D(1), D("0.001")])
WEIGHTS = st.sampled_from([D(1), D("0.3"), D("0.7"), D(2), D("1.5")])
AVERAGING = st.sampled_from(["mean", "trimmed", "median"])
TIEBREAK = ("raw_mean", "median", "highest_total", "lowest_total")


@st.composite
def criteria(draw):
    count = draw(st.integers(1, 3))
    made = []
    for index in range(count):
        step = draw(STEPS)
        made.append(
            Criterion(f"c{index}", f"Criterion {index}", max=step * draw(st.integers(1, 40)), step=step, weight=draw(WEIGHTS))
        )
    return tuple(made)


def draw_scorecards(draw, rule, min_judges=1):
    """Scorecards (judge, marks) in panel order, every mark a whole number of steps."""
    judges = draw(st.integers(min_judges, 9))
    return [
        (f"J{seat}", {c.key: c.step * draw(st.integers(0, int(c.max / c.step))) for c in rule.criteria})
        for seat in range(1, judges + 1)
    ]


def draw_rule(draw, aggregates):
    return JudgedRule(
        criteria=draw(criteria()),
        aggregate=draw(aggregates),
        drop_highest=draw(st.integers(0, 3)),
        drop_lowest=draw(st.integers(0, 3)),
        decimals=draw(st.integers(0, 6)),
        tiebreak=TIEBREAK,
    )


ANY_AGGREGATE = st.sampled_from(["mean", "trimmed", "median", "sum"])


@st.composite
def panels(draw, aggregates=ANY_AGGREGATE):
    """A rule and the scorecards of one entry."""
    rule = draw_rule(draw, aggregates)
    return rule, draw_scorecards(draw, rule)


@st.composite
def contests(draw):
    """A rule and the scorecards of several entries."""
    rule = draw_rule(draw, ANY_AGGREGATE)
    return rule, [draw_scorecards(draw, rule) for _ in range(draw(st.integers(1, 6)))]


def effective_drops(rule):
    if rule.aggregate == "trimmed" and rule.drop_highest == rule.drop_lowest == 0:
        return 1, 1
    return rule.drop_highest, rule.drop_lowest


# ---------------------------------------------------------------------------
# Aggregates
# ---------------------------------------------------------------------------


@FAST
@given(panels(aggregates=AVERAGING))
def test_averaged_aggregate_lies_between_the_lowest_and_highest_total(panel):
    rule, scorecards = panel
    score = score_entry(rule, scorecards)
    totals = [judge.total for judge in score.judges]
    assert min(totals) <= score.aggregate <= max(totals)
    assert min(totals) <= score.metrics["raw_mean"] <= max(totals)


@FAST
@given(panels())
def test_the_number_of_kept_totals_is_n_minus_the_drops(panel):
    rule, scorecards = panel
    highest, lowest = effective_drops(rule)
    score = score_entry(rule, scorecards)
    kept = [judge for judge in score.judges if not judge.dropped]
    n = len(scorecards)
    if n > highest + lowest:
        assert len(kept) == n - highest - lowest
    else:
        assert len(kept) == n


@FAST
@given(
    st.lists(st.integers(0, 5), min_size=1, max_size=10),  # few distinct values: many ties
    st.integers(0, 4),
    st.integers(0, 4),
)
def test_the_kept_totals_are_exactly_the_middle_of_the_sorted_totals(values, highest, lowest):
    totals = [(f"J{seat}", D(value)) for seat, value in enumerate(values)]
    dropped = dropped_judges(totals, highest, lowest)
    kept = sorted(total for judge, total in totals if judge not in dropped)
    everything = sorted(total for _, total in totals)
    if len(totals) > highest + lowest:
        assert len(dropped) == highest + lowest
        assert kept == everything[lowest : len(everything) - highest]
    else:
        assert dropped == frozenset()


@FAST
@given(st.lists(st.integers(0, 3), min_size=3, max_size=10), st.integers(1, 3))
def test_among_equal_extreme_totals_the_first_judges_in_panel_order_are_dropped(values, highest):
    totals = [(f"J{seat:02}", D(value)) for seat, value in enumerate(values)]
    dropped = dropped_judges(totals, highest, 0)
    if not dropped:
        assert len(totals) - highest < 1
        return
    lowest_dropped = min(total for judge, total in totals if judge in dropped)
    at_the_edge = [judge for judge, total in totals if total == lowest_dropped]  # panel order
    dropped_at_the_edge = [judge for judge in at_the_edge if judge in dropped]
    assert dropped_at_the_edge == at_the_edge[: len(dropped_at_the_edge)]


@FAST
@given(panels(), st.randoms(use_true_random=False))
def test_the_score_does_not_depend_on_panel_order(panel, random):
    rule, scorecards = panel
    shuffled = list(scorecards)
    random.shuffle(shuffled)
    original, reordered = score_entry(rule, scorecards), score_entry(rule, shuffled)
    assert reordered.aggregate == original.aggregate
    assert reordered.total == original.total
    assert dict(reordered.metrics) == dict(original.metrics)
    assert sorted(j.total for j in reordered.judges if j.dropped) == sorted(j.total for j in original.judges if j.dropped)


@FAST
@given(
    AVERAGING,
    st.integers(0, 2),
    st.integers(0, 2),
    STEPS,
    st.lists(st.integers(0, 500), min_size=1, max_size=9),
    st.integers(0, 400),
)
def test_adding_a_constant_to_every_total_shifts_the_aggregate_by_that_constant(
    aggregate, highest, lowest, step, units, shift_units
):
    criterion = Criterion("mark", "Mark", max=step * 1000, step=step)
    rule = JudgedRule(
        criteria=(criterion,), aggregate=aggregate, drop_highest=highest, drop_lowest=lowest, tiebreak=("raw_mean", "median")
    )
    c = step * shift_units
    before = score_entry(rule, [(f"J{i}", {"mark": step * u}) for i, u in enumerate(units)])
    after = score_entry(rule, [(f"J{i}", {"mark": step * u + c}) for i, u in enumerate(units)])
    with localcontext() as wide:  # a mean like 1/30 has 40 places: add c without rounding
        wide.prec = 100
        assert after.aggregate == before.aggregate + c
        assert after.metrics["raw_mean"] == before.metrics["raw_mean"] + c
        assert after.metrics["median"] == before.metrics["median"] + c


@FAST
@given(panels(aggregates=st.just("sum")))
def test_sum_is_the_sum_of_the_kept_totals(panel):
    rule, scorecards = panel
    score = score_entry(rule, scorecards)
    assert score.aggregate == sum((j.total for j in score.judges if not j.dropped), D(0))


@FAST
@given(panels(), st.integers(0, 5))
def test_deductions_lower_the_total_but_never_below_zero(panel, falls):
    rule, scorecards = panel
    fall = Deduction("fall", "Fall", penalty=D("0.5"))
    rule = JudgedRule(
        criteria=rule.criteria, aggregate=rule.aggregate, decimals=rule.decimals, deductions=(fall,)
    )
    clean = score_entry(rule, scorecards)
    penalised = score_entry(rule, scorecards, {"fall": falls})
    assert penalised.deduction == D("0.5") * falls
    assert D(0) <= penalised.total <= clean.total
    assert penalised.total == round_score(max(clean.aggregate - penalised.deduction, D(0)), rule.decimals)


# ---------------------------------------------------------------------------
# Rounding, marks, deductions
# ---------------------------------------------------------------------------


@FAST
@given(st.integers(-(10**15), 10**15), st.integers(-12, 3), st.integers(0, 6))
def test_rounding_moves_at_most_half_a_unit_and_keeps_exactly_the_places(coefficient, exponent, decimals):
    value = D(coefficient).scaleb(exponent)
    rounded = round_score(value, decimals)
    half_unit = D(5).scaleb(-decimals - 1)
    assert abs(rounded - value) <= half_unit
    assert rounded.as_tuple().exponent == -decimals
    assert round_score(rounded, decimals) == rounded
    if abs(rounded - value) == half_unit:  # a true half goes away from zero
        assert abs(rounded) > abs(value)


@FAST
@given(STEPS, st.integers(0, 200))
def test_marks_on_the_step_survive_a_json_round_trip(step, units):
    criterion = Criterion("mark", "Mark", max=step * 200, step=step)
    mark = step * units
    received = json.loads(str(mark))  # an int or a float, as the server gets it from a tablet
    assert check_mark(criterion, received) == mark
    assert check_mark(criterion, mark) == mark


@FAST
@given(st.sampled_from([D("0.5"), D(1), D(2)]), st.integers(0, 19))
def test_marks_between_steps_are_refused(step, units):
    criterion = Criterion("mark", "Mark", max=step * 20, step=step)
    try:
        check_mark(criterion, step * units + step / 2)
    except MarkError as error:
        assert error.code == "bad_step"
    else:
        raise AssertionError("a mark between two steps was accepted")


@FAST
@given(st.integers(0, 600), st.sampled_from([10, 30, 60]), st.sampled_from([D("0.5"), D(1), D("0.25")]))
def test_each_started_interval_costs_one_penalty(seconds, per, penalty):
    overtime = Deduction("overtime", "Over time", penalty=penalty, per=D(per), unit="s")
    rule = JudgedRule(criteria=(Criterion("m", "M", max=D(10), step=D(1)),), deductions=(overtime,))
    started_intervals = -(-seconds // per)
    assert deduction_points(rule, {"overtime": seconds}) == penalty * started_intervals


# ---------------------------------------------------------------------------
# Ranking
# ---------------------------------------------------------------------------

RANK_RULE = JudgedRule(criteria=(Criterion("m", "M", max=D(100), step=D(1)),), tiebreak=("raw_mean", "highest_total"))


STANDINGS = st.tuples(
    st.sampled_from([D("8.00"), D("8.50"), D("9.00")]),  # published total
    st.sampled_from([D(8), D("8.5")]),  # raw_mean
    st.sampled_from([D(9), D(10)]),  # highest_total
)


@st.composite
def entry_scores(draw):
    """Entries with few distinct totals and metrics, so ties of every depth happen often."""
    standings = draw(st.lists(STANDINGS, max_size=12))
    keys = draw(st.permutations([f"E{index:02}" for index in range(len(standings))]))
    return [
        (key, EntryScore(judges=(), aggregate=total, deduction=D(0), total=total, metrics={"raw_mean": raw, "highest_total": high}))
        for key, (total, raw, high) in zip(keys, standings)
    ]


def standing(score):
    return (score.total, score.metrics["raw_mean"], score.metrics["highest_total"])


@FAST
@given(entry_scores())
def test_ranks_follow_standard_competition_ranking(scores):
    ranked = rank_entries(RANK_RULE, scores)
    assert sorted(r.entry for r in ranked) == sorted(entry for entry, _ in scores)
    ranks = [r.rank for r in ranked]
    assert ranks == sorted(ranks)
    for r in ranked:
        ahead = sum(1 for other in ranked if standing(other.score) > standing(r.score))
        assert r.rank == 1 + ahead
    for a in ranked:
        for b in ranked:
            assert (a.rank == b.rank) == (standing(a.score) == standing(b.score))


@FAST
@given(entry_scores())
def test_tiebreak_label_names_what_separated_the_entry_from_its_neighbour(scores):
    ranked = rank_entries(RANK_RULE, scores)
    for place, r in enumerate(ranked):
        same_total = [other for other in ranked if other.score.total == r.score.total]
        if len(same_total) == 1:
            assert r.tiebreak is None
            continue
        sharing = [other for other in ranked if other is not r and other.rank == r.rank]
        assert (r.tiebreak == "shared") == bool(sharing)
        if sharing:
            assert all(standing(other.score) == standing(r.score) for other in sharing)
        else:
            above = ranked[place - 1] if place > 0 and ranked[place - 1].score.total == r.score.total else None
            neighbour = above or ranked[place + 1]
            mine, theirs = standing(r.score)[1:], standing(neighbour.score)[1:]
            index = RANK_RULE.tiebreak.index(r.tiebreak)
            assert mine[:index] == theirs[:index]
            assert mine[index] != theirs[index]


@FAST
@given(entry_scores(), st.randoms(use_true_random=False))
def test_ranking_does_not_depend_on_the_order_entries_are_given(scores, random):
    shuffled = list(scores)
    random.shuffle(shuffled)
    summary = [(r.entry, r.rank, r.tiebreak) for r in rank_entries(RANK_RULE, scores)]
    assert [(r.entry, r.rank, r.tiebreak) for r in rank_entries(RANK_RULE, shuffled)] == summary


@FAST
@given(contests())
def test_ranking_real_scores_puts_higher_published_totals_first(contest):
    rule, entries = contest
    scores = [(f"E{index}", score_entry(rule, scorecards)) for index, scorecards in enumerate(entries)]
    ranked = rank_entries(rule, scores)
    totals = [r.score.total for r in ranked]
    assert totals == sorted(totals, reverse=True)
    assert ranked[0].rank == 1
    for r in ranked:
        assert r.rank == 1 + sum(1 for other in ranked if other.score.total > r.score.total) + sum(
            1
            for other in ranked
            if other.score.total == r.score.total
            and tuple(other.score.metrics[s] for s in rule.tiebreak) > tuple(r.score.metrics[s] for s in rule.tiebreak)
        )
