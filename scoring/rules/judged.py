"""Judged events: a panel of judges marks every entry against a set of criteria.

How an entry is scored
----------------------
1. Each judge's *total* is the sum of ``mark * weight`` over the rule's criteria.
2. The ``drop_highest`` highest and ``drop_lowest`` lowest judge totals are *dropped*.
   Only one judge is dropped per place even when several share the extreme value;
   among equal totals the judge who comes first in panel order is dropped first.
   The "trimmed" aggregate with no drops configured means the classic
   "drop 1 highest and 1 lowest".  When the panel is too small for the drops
   (fewer than one total would be kept) nothing is dropped.
3. The kept totals are combined into the *aggregate*: their mean ("mean",
   "trimmed"), median ("median", the mean of the two middle totals for an even
   count) or sum ("sum").
4. Deductions recorded by the chief judge are taken off the aggregate, the
   result is clamped at 0 and rounded ROUND_HALF_UP to ``decimals`` places:
   that is the published *total*.
5. Entries are ranked on the published total; entries level on it are separated
   by the rule's tie-break chain (named steps, higher is better for every step).
   Entries still level after the whole chain share the rank (1, 1, 3).

Arithmetic
----------
Everything is ``decimal.Decimal``; floats are accepted only where marks and
recorded amounts arrive from JSON, and are converted through ``repr`` so that
``8.5`` becomes ``Decimal("8.5")`` exactly as the judge typed it.  Sums and
products are exact (a 100-digit working context).  A division (a mean) is exact
whenever the quotient terminates within 40 decimal places and is otherwise cut
at the 40th place, far beyond any published ``decimals`` (at most 6), so the
final rounding is the one a person would do on paper: 87.345 -> 87.35,
87.3449... -> 87.34.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType

from scoring.errors import N_
from scoring.rules.common import (Refusal, from_json_number, in_working_context, require_unique, setting,
                                   tiebreak_label)

__all__ = [
    "AGGREGATES",
    "TIEBREAK_STEPS",
    "Criterion",
    "Deduction",
    "EntryScore",
    "JudgeScore",
    "JudgedRule",
    "MarkError",
    "RankedEntry",
    "check_mark",
    "deduction_points",
    "dropped_judges",
    "judge_total",
    "outliers",
    "rank_entries",
    "round_score",
    "score_entry",
]

_QUOTIENT_PLACES = Decimal("1e-40")
_MAX_DECIMALS = 6
_NO_DEDUCTIONS: Mapping[str, Decimal] = MappingProxyType({})


# ---------------------------------------------------------------------------
# Small Decimal helpers
# ---------------------------------------------------------------------------


def _plain(value: Decimal) -> Decimal:
    """The same number without trailing zeros or exponent: 8.50 -> 8.5, 1E+1 -> 10, -0 -> 0."""
    if value.is_zero():
        return Decimal(0)
    if value == value.to_integral_value():
        return Decimal(int(value))
    sign, digits, exponent = value.as_tuple()
    while digits[-1] == 0:
        digits, exponent = digits[:-1], exponent + 1
    return Decimal((sign, digits, exponent))


def _divide(amount: Decimal, count: int) -> Decimal:
    """``amount / count``, exact when it terminates within 40 places (see module docstring)."""
    return _plain((amount / count).quantize(_QUOTIENT_PLACES))


def _sum(values: Iterable[Decimal]) -> Decimal:
    return _plain(sum(values, Decimal(0)))


def _mean(values: Sequence[Decimal]) -> Decimal:
    return _divide(sum(values, Decimal(0)), len(values))


def _median(values: Sequence[Decimal]) -> Decimal:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return _plain(ordered[middle])
    return _divide(ordered[middle - 1] + ordered[middle], 2)


# ---------------------------------------------------------------------------
# Rule definition
# ---------------------------------------------------------------------------

# How the kept judge totals become the entry's aggregate.
_AGGREGATE_OF: dict[str, Callable[[Sequence[Decimal]], Decimal]] = {
    "mean": _mean,
    "trimmed": _mean,  # the drops do the trimming; see _drops()
    "median": _median,
    "sum": _sum,
}
AGGREGATES = tuple(_AGGREGATE_OF)


@dataclass(frozen=True)
class Criterion:
    """One thing the judges mark, e.g. "content", 0..40 in steps of 0.5."""

    key: str
    name: str
    max: Decimal
    step: Decimal
    weight: Decimal = Decimal(1)
    min: Decimal = Decimal(0)

    def __post_init__(self):
        for name in ("max", "step", "weight", "min"):
            object.__setattr__(self, name, setting(getattr(self, name), f"criterion {self.key!r}: {name}"))


@dataclass(frozen=True)
class Deduction:
    """A penalty the chief judge records, e.g. 0.5 per started 30 s over time, or 1 per fall."""

    key: str
    name: str
    penalty: Decimal
    per: Decimal | None = None
    unit: str = ""

    def __post_init__(self):
        object.__setattr__(self, "penalty", setting(self.penalty, f"deduction {self.key!r}: penalty"))
        if self.per is not None:
            object.__setattr__(self, "per", setting(self.per, f"deduction {self.key!r}: per"))


@dataclass(frozen=True)
class JudgedRule:
    """How one judged event is scored and ranked (see the module docstring)."""

    criteria: tuple[Criterion, ...]
    aggregate: str = "mean"
    drop_highest: int = 0
    drop_lowest: int = 0
    decimals: int = 2
    tiebreak: tuple[str, ...] = ()
    deductions: tuple[Deduction, ...] = ()
    outlier: Decimal | None = None

    def __post_init__(self):
        object.__setattr__(self, "criteria", tuple(self.criteria))
        object.__setattr__(self, "tiebreak", tuple(self.tiebreak))
        object.__setattr__(self, "deductions", tuple(self.deductions))
        if self.outlier is not None:
            object.__setattr__(self, "outlier", setting(self.outlier, "outlier threshold"))
        self._check_aggregate()
        self._check_criteria()
        self._check_tiebreak()
        self._check_deductions()
        if self.outlier is not None and self.outlier < 0:
            raise ValueError(f"outlier threshold must not be negative, got {self.outlier}")

    def _check_aggregate(self):
        if self.aggregate not in _AGGREGATE_OF:
            raise ValueError(f"unknown aggregate {self.aggregate!r}; expected one of {', '.join(AGGREGATES)}")
        for name in ("drop_highest", "drop_lowest"):
            count = getattr(self, name)
            if not isinstance(count, int) or isinstance(count, bool) or count < 0:
                raise ValueError(f"{name} must be a whole number >= 0, got {count!r}")
        if not isinstance(self.decimals, int) or isinstance(self.decimals, bool) or not 0 <= self.decimals <= _MAX_DECIMALS:
            raise ValueError(f"decimals must be a whole number from 0 to {_MAX_DECIMALS}, got {self.decimals!r}")

    def _check_criteria(self):
        if not self.criteria:
            raise ValueError("a judged rule needs at least one criterion")
        for criterion in self.criteria:
            if criterion.step <= 0:
                raise ValueError(f"criterion {criterion.key!r}: step must be > 0, got {criterion.step}")
            if criterion.max <= criterion.min:
                raise ValueError(
                    f"criterion {criterion.key!r}: max ({criterion.max}) must be greater than min ({criterion.min})"
                )
        require_unique([criterion.key for criterion in self.criteria], "criterion key")

    def _check_tiebreak(self):
        for step in self.tiebreak:
            _tiebreak_metric(step, self)  # raises ValueError for an unknown step

    def _check_deductions(self):
        for deduction in self.deductions:
            if deduction.penalty < 0:
                raise ValueError(f"deduction {deduction.key!r}: penalty must not be negative")
            if deduction.per is not None and deduction.per <= 0:
                raise ValueError(f"deduction {deduction.key!r}: per must be > 0, got {deduction.per}")
        require_unique([deduction.key for deduction in self.deductions], "deduction key")

    @property
    @in_working_context
    def max_total(self) -> Decimal:
        """The best total a single judge can give: sum of max * weight."""
        return _sum(criterion.max * criterion.weight for criterion in self.criteria)

    @property
    @in_working_context
    def outlier_threshold(self) -> Decimal:
        """``outlier`` if set, else 10% of ``max_total``."""
        if self.outlier is not None:
            return self.outlier
        return _plain(self.max_total / 10)


def _drops(rule: JudgedRule) -> tuple[int, int]:
    """(highest, lowest) to drop; "trimmed" with no drops configured means drop 1 + 1."""
    if rule.aggregate == "trimmed" and rule.drop_highest == 0 and rule.drop_lowest == 0:
        return 1, 1
    return rule.drop_highest, rule.drop_lowest


# ---------------------------------------------------------------------------
# Marks and judge totals
# ---------------------------------------------------------------------------


class MarkError(Refusal):
    """A mark a judge sent cannot be accepted; ``code`` is the protocol's error code."""


@in_working_context
def check_mark(criterion: Criterion, value) -> Decimal:
    """Validate one mark as received from JSON and return it as an exact Decimal."""
    mark = from_json_number(value)
    if mark is None:
        raise MarkError("not_a_number", N_('%(criterion)s: the mark must be a number.'), criterion=criterion.name)
    if mark < criterion.min or mark > criterion.max:
        raise MarkError(
            "out_of_range", N_('%(criterion)s: %(mark)s is outside %(min)s to %(max)s.'), criterion=criterion.name, mark=mark, min=criterion.min, max=criterion.max
        )
    if (mark - criterion.min) % criterion.step != 0:
        raise MarkError("bad_step", N_('%(criterion)s: %(mark)s is not in steps of %(step)s.'), criterion=criterion.name, mark=mark, step=criterion.step)
    return _plain(mark)


@in_working_context
def judge_total(rule: JudgedRule, marks: Mapping[str, Decimal]) -> Decimal:
    """One judge's total: sum of mark * weight over the rule's criteria, exact.

    Raises MarkError "missing_criterion" / "unknown_criterion" (both ValueErrors)
    when the scorecard does not cover exactly the rule's criteria.
    """
    keys = [criterion.key for criterion in rule.criteria]
    missing = [key for key in keys if key not in marks]
    if missing:
        raise MarkError("missing_criterion", N_('Missing marks for: %(missing)s.'), missing=missing)
    unknown = sorted(set(marks) - set(keys))
    if unknown:
        raise MarkError("unknown_criterion", N_('Not a criterion of this event: %(unknown)s.'), unknown=unknown)
    return _sum(marks[criterion.key] * criterion.weight for criterion in rule.criteria)


# ---------------------------------------------------------------------------
# Dropping, deductions, rounding
# ---------------------------------------------------------------------------


@in_working_context
def dropped_judges(totals: Sequence[tuple[str, Decimal]], drop_highest: int, drop_lowest: int) -> frozenset[str]:
    """The judges whose totals are left out: exactly ``drop_highest`` highest and ``drop_lowest`` lowest.

    One judge per place even when several share the extreme value; among equal
    totals the judge first in panel order goes first.  Nothing is dropped when
    fewer than one total would be kept.
    """
    if drop_highest < 0 or drop_lowest < 0:
        raise ValueError("the number of dropped totals must not be negative")
    require_unique([judge for judge, _ in totals], "judge")
    if len(totals) - drop_highest - drop_lowest < 1:
        return frozenset()
    seats = range(len(totals))  # position in panel order
    highest_first = sorted(seats, key=lambda seat: (-totals[seat][1], seat))
    dropped = highest_first[:drop_highest]
    lowest_first = [seat for seat in sorted(seats, key=lambda seat: (totals[seat][1], seat)) if seat not in dropped]
    dropped += lowest_first[:drop_lowest]
    return frozenset(totals[seat][0] for seat in dropped)


def _recorded_amount(key: str, amount) -> Decimal:
    number = from_json_number(amount)
    if number is None:
        raise ValueError(f"deduction {key!r}: the amount must be a number, got {amount!r}")
    if number < 0:
        raise ValueError(f"deduction {key!r}: the amount must not be negative, got {number}")
    return number


def _penalty_for(deduction: Deduction, amount: Decimal) -> Decimal:
    """Points for one recorded amount: per infringement, or per *started* interval."""
    if deduction.per is None:
        if amount != amount.to_integral_value():
            raise ValueError(f"deduction {deduction.key!r} counts infringements; {amount} is not a whole number")
        return deduction.penalty * amount
    intervals, remainder = divmod(amount, deduction.per)
    if remainder:
        intervals += 1  # a started interval counts in full
    return deduction.penalty * intervals


@in_working_context
def deduction_points(rule: JudgedRule, amounts: Mapping[str, Decimal]) -> Decimal:
    """Total points taken off for the recorded amounts (missing keys count as nothing recorded)."""
    by_key = {deduction.key: deduction for deduction in rule.deductions}
    points = Decimal(0)
    for key, amount in amounts.items():
        if key not in by_key:
            raise ValueError(f"unknown deduction {key!r}")
        points += _penalty_for(by_key[key], _recorded_amount(key, amount))
    return _plain(points)


@in_working_context
def round_score(value: Decimal, decimals: int) -> Decimal:
    """Round ROUND_HALF_UP to exactly ``decimals`` places (70 -> 70.00, 8.125 -> 8.13)."""
    if not isinstance(decimals, int) or isinstance(decimals, bool) or decimals < 0:
        raise ValueError(f"decimals must be a whole number >= 0, got {decimals!r}")
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return rounded.copy_abs() if rounded.is_zero() else rounded  # never publish "-0.00"


# ---------------------------------------------------------------------------
# Tie-break metrics: each named step is a small function of the whole panel
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Panel:
    """Everything a tie-break step may look at for one entry (all judges, no drops)."""

    totals: tuple[Decimal, ...]
    scorecards: tuple[Mapping[str, Decimal], ...]
    deduction: Decimal


def _raw_mean(panel: _Panel) -> Decimal:
    return _mean(panel.totals)


def _raw_median(panel: _Panel) -> Decimal:
    return _median(panel.totals)


def _highest_total(panel: _Panel) -> Decimal:
    return _plain(max(panel.totals))


def _lowest_total(panel: _Panel) -> Decimal:
    return _plain(min(panel.totals))


def _fewer_deductions(panel: _Panel) -> Decimal:
    return _plain(-panel.deduction)


def _criterion_mean(key: str, panel: _Panel) -> Decimal:
    return _mean([marks[key] for marks in panel.scorecards])


_TIEBREAK_METRICS: dict[str, Callable[[_Panel], Decimal]] = {
    "raw_mean": _raw_mean,
    "median": _raw_median,
    "highest_total": _highest_total,
    "lowest_total": _lowest_total,
    "fewer_deductions": _fewer_deductions,
}
_CRITERION_STEP = "criterion:"
TIEBREAK_STEPS = tuple(_TIEBREAK_METRICS) + (_CRITERION_STEP + "<criterion key>",)


def _tiebreak_metric(step: str, rule: JudgedRule) -> Callable[[_Panel], Decimal]:
    if step in _TIEBREAK_METRICS:
        return _TIEBREAK_METRICS[step]
    if isinstance(step, str) and step.startswith(_CRITERION_STEP):
        key = step[len(_CRITERION_STEP):]
        if any(criterion.key == key for criterion in rule.criteria):
            return functools.partial(_criterion_mean, key)
        raise ValueError(f"tie-break step {step!r} names no criterion of this rule")
    raise ValueError(f"unknown tie-break step {step!r}; expected one of {', '.join(TIEBREAK_STEPS)}")


# ---------------------------------------------------------------------------
# Scoring an entry
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class JudgeScore:
    judge: str
    total: Decimal
    dropped: bool


@dataclass(frozen=True)
class EntryScore:
    judges: tuple[JudgeScore, ...]  # panel order
    aggregate: Decimal  # kept totals combined, before deductions and rounding
    deduction: Decimal  # points taken off
    total: Decimal  # published: round(max(aggregate - deduction, 0), decimals)
    metrics: Mapping[str, Decimal]  # tie-break step -> value, higher is better


@in_working_context
def score_entry(
    rule: JudgedRule,
    scorecards: Sequence[tuple[str, Mapping[str, Decimal]]],
    deductions: Mapping[str, Decimal] = _NO_DEDUCTIONS,
) -> EntryScore:
    """Score one entry from the scorecards of the judges who have marked it (panel order)."""
    if not scorecards:
        raise ValueError("an entry with no scorecards cannot be scored")
    require_unique([judge for judge, _ in scorecards], "judge")
    totals = [(judge, judge_total(rule, marks)) for judge, marks in scorecards]
    dropped = dropped_judges(totals, *_drops(rule))
    kept = [total for judge, total in totals if judge not in dropped]
    aggregate = _AGGREGATE_OF[rule.aggregate](kept)
    deduction = deduction_points(rule, deductions)
    net = aggregate - deduction
    panel = _Panel(
        totals=tuple(total for _, total in totals),
        scorecards=tuple(marks for _, marks in scorecards),
        deduction=deduction,
    )
    return EntryScore(
        judges=tuple(JudgeScore(judge, total, judge in dropped) for judge, total in totals),
        aggregate=aggregate,
        deduction=deduction,
        total=round_score(net if net > 0 else Decimal(0), rule.decimals),
        metrics=MappingProxyType({step: _tiebreak_metric(step, rule)(panel) for step in rule.tiebreak}),
    )


# ---------------------------------------------------------------------------
# Ranking
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RankedEntry:
    entry: str
    rank: int
    score: EntryScore
    tiebreak: str | None  # None, a tie-break step name, or "shared"


def _standing(rule: JudgedRule, entry: str, score: EntryScore) -> tuple[Decimal, ...]:
    """(published total, metric of each tie-break step): compared left to right, higher is better."""
    missing = [step for step in rule.tiebreak if step not in score.metrics]
    if missing:
        raise ValueError(f"entry {entry!r} has no value for tie-break step {', '.join(missing)}; score it with this rule")
    return (score.total,) + tuple(score.metrics[step] for step in rule.tiebreak)


@in_working_context
def rank_entries(rule: JudgedRule, scores: Sequence[tuple[str, EntryScore]]) -> list[RankedEntry]:
    """Rank entries best first; true ties share the rank (1, 1, 3), then entry key orders the display."""
    require_unique([entry for entry, _ in scores], "entry")
    keyed = sorted(
        ((_standing(rule, entry, score), entry, score) for entry, score in scores),
        key=lambda item: (tuple(-value for value in item[0]), item[1]),
    )
    standings = [standing for standing, _, _ in keyed]
    ranked: list[RankedEntry] = []
    for place, (_, entry, score) in enumerate(keyed):
        level_with_above = place > 0 and standings[place] == standings[place - 1]
        rank = ranked[-1].rank if level_with_above else place + 1
        ranked.append(RankedEntry(entry, rank, score, tiebreak_label(rule.tiebreak, standings, place)))
    return ranked


# ---------------------------------------------------------------------------
# Chief-judge highlighting
# ---------------------------------------------------------------------------


@in_working_context
def outliers(rule: JudgedRule, totals: Sequence[tuple[str, Decimal]]) -> frozenset[str]:
    """Judges whose total is further than the threshold from the median of the other judges' totals."""
    if len(totals) < 3:
        return frozenset()
    threshold = rule.outlier_threshold
    flagged = set()
    for seat, (judge, total) in enumerate(totals):
        others = [other for position, (_, other) in enumerate(totals) if position != seat]
        if abs(total - _median(others)) > threshold:
            flagged.add(judge)
    return frozenset(flagged)
