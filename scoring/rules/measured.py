"""Measured events: a mark is a time, a distance, a weight or a number of points.

Horse and yak racing (times, run in heats), stone and sack lifting (weight),
archery and quizzes (points), timed skills such as tsampa grinding (time).

How an entry is scored
----------------------
1. Every attempt is either a valid *mark* or a status: ``NM`` (no mark, a failed
   attempt), ``DNF``, ``DQ`` or ``DNS``.  Marks are checked by ``parse_value``:
   a number (times also as ``m:ss.t`` / ``h:mm:ss.t``), > 0 for a time and >= 0
   otherwise, at most ``maximum``, and a whole multiple of ``resolution``.
2. The entry's mark combines its valid attempts: the ``best`` one, their ``sum``
   or the ``last`` one.  An entry-level status (DNS, DNF, DQ) overrides the
   attempts.  With no valid attempt the entry's status is the first of
   NM, DNF, DQ, DNS found among its attempts (three failed lifts -> NM; the only
   ride of a race not finished -> DNF); with no attempt at all it is DNS.
3. Entries are ranked on their mark, lower first for a time and higher first
   otherwise (a rule may set its ``direction``, e.g. penalty points ascending).
   Entries with the same mark are separated by the rule's tie-break steps,
   applied in order:

   * ``second_best``: the valid attempts, best first, compared from the second
     onwards (then the third, ...); having an attempt beats having none.
   * ``countback:<value>``: more attempts scoring exactly ``<value>`` wins
     (archery: more 2-point arrows).
   * ``placing``: the finish judges' placing, lower is better; an entry without
     one loses to one with it.

   Entries still level after the whole chain share the rank (1, 1, 3) and are
   shown in entry-key order.  Entries without a mark follow, unranked, in the
   order NM, DNF, DQ, DNS.
4. Heats: the first ``by_place`` of every heat qualify (``Q``), then the
   ``fastest_losers`` best marks among the rest (``q``).  The final's lanes are
   given centre-out by seed.

Hand timing (World Athletics Technical Rules, TR 19): with three watches the
middle one is official, with two the slower one; the time is then rounded *up*
to the next tenth of a second (10.11 -> 10.2).

Arithmetic
----------
Everything is ``decimal.Decimal``.  A float arriving from JSON is converted
through ``repr`` (``65.3`` -> ``Decimal("65.3")``), never used in arithmetic.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal, InvalidOperation

from scoring.errors import N_
from scoring.rules.common import (Refusal, from_json_number, in_working_context, is_count, require_unique, setting,
                                   tiebreak_label)

__all__ = [
    "AGGREGATES",
    "MEASURES",
    "STATUSES",
    "TIEBREAK_STEPS",
    "Attempt",
    "HeatResult",
    "MeasureError",
    "MeasuredRule",
    "RankedResult",
    "Result",
    "final_start_list",
    "format_value",
    "hand_time",
    "parse_value",
    "check_plausible",
    "plausible_limit",
    "qualifiers",
    "rank_results",
    "result_mark",
    "result_status",
]

MEASURES = {"time": "asc", "distance": "desc", "weight": "desc", "points": "desc"}
STATUSES = ("DNS", "DNF", "DQ", "NM")
STATUS_ORDER = ("NM", "DNF", "DQ", "DNS")  # how unmarked entries are listed after the ranked ones
AGGREGATES = ("best", "sum", "last")
TIMINGS = ("electronic", "hand")

_TENTH = Decimal("0.1")
_WORST = Decimal("Infinity")  # a sort key worse than any real one (keys: lower is better)
_MAX_TEXT = 40  # longest string accepted as a value
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_SECONDS = re.compile(r"\d{2}(?:\.\d*)?")  # the seconds (or minutes) after a colon: "05", "05.3"


class MeasureError(Refusal):
    """A value or a record cannot be accepted; ``code`` is the protocol's error code."""


# ---------------------------------------------------------------------------
# Rule definition
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasuredRule:
    """How one measured event is recorded and ranked (see the module docstring)."""

    measure: str
    unit: str = ""
    resolution: Decimal = Decimal("0.01")
    attempts: int = 1
    aggregate: str = "best"
    maximum: Decimal | None = None
    timing: str = "electronic"
    tiebreak: tuple[str, ...] = ()
    # "asc" (lower is better) or "desc"; by default the measure's own (a time ascends, the rest descend)
    direction: str | None = None

    def __post_init__(self):
        if self.measure not in MEASURES:
            raise ValueError(f"unknown measure {self.measure!r}; expected one of {', '.join(MEASURES)}")
        if self.direction is None:
            object.__setattr__(self, "direction", MEASURES[self.measure])
        if self.direction not in ("asc", "desc"):
            raise ValueError(f"direction must be asc or desc, got {self.direction!r}")
        object.__setattr__(self, "resolution", setting(self.resolution, "resolution"))
        if self.resolution <= 0:
            raise ValueError(f"resolution must be > 0, got {self.resolution}")
        if self.maximum is not None:
            object.__setattr__(self, "maximum", setting(self.maximum, "maximum"))
            if self.maximum <= 0:
                raise ValueError(f"maximum must be > 0, got {self.maximum}")
        if not is_count(self.attempts) or self.attempts < 1:
            raise ValueError(f"attempts must be a whole number >= 1, got {self.attempts!r}")
        if self.aggregate not in AGGREGATES:
            raise ValueError(f"unknown aggregate {self.aggregate!r}; expected one of {', '.join(AGGREGATES)}")
        if self.timing not in TIMINGS:
            raise ValueError(f"unknown timing {self.timing!r}; expected one of {', '.join(TIMINGS)}")
        if self.timing == "hand":
            if self.measure != "time":
                raise ValueError(f"hand timing only applies to a time, not to {self.measure!r}")
            if self.resolution < _TENTH:
                raise ValueError(f"hand times are kept to 0.1 s, so the resolution cannot be {self.resolution}")
        object.__setattr__(self, "tiebreak", tuple(self.tiebreak))
        require_unique(self.tiebreak, "tie-break step")
        for step in self.tiebreak:
            _tiebreak_key(step)  # raises ValueError for an unknown step

    @property
    def places(self) -> int:
        """Decimal places of the resolution: 0.01 -> 2, 0.5 -> 1, 1 -> 0."""
        return max(0, -self.resolution.normalize().as_tuple().exponent)


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------


def _parse_time_text(text: str) -> Decimal | None:
    """Seconds for "ss.tt", "m:ss.t" or "h:mm:ss.t"; None when the text is none of these."""
    parts = text.split(":")
    if len(parts) > 3 or not _NUMBER.fullmatch(parts[0]):
        return None
    if len(parts) == 1:
        return Decimal(parts[0])
    if not parts[0].isdigit():  # "-1:05" or "1.5:05": the leading part is a whole count
        return None
    if any(not _SECONDS.fullmatch(part) for part in parts[1:]) or any("." in part for part in parts[1:-1]):
        return None
    if any(Decimal(part) >= 60 for part in parts[1:]):
        return None  # "1:75" is not a time
    seconds = Decimal(0)
    for part in parts:
        seconds = seconds * 60 + Decimal(part)
    return seconds


def _parse_text(rule: MeasuredRule, raw: str) -> Decimal | None:
    text = raw.strip()
    if not text or len(text) > _MAX_TEXT:
        return None
    if rule.measure == "time":
        return _parse_time_text(text)
    return Decimal(text) if _NUMBER.fullmatch(text) else None


def _quoted(raw) -> str:
    """What was sent, as a person typed it (at most 20 characters)."""
    text = raw if isinstance(raw, str) else repr(raw)
    return f"“{text[:20]}{'…' if len(text) > 20 else ''}”"


@in_working_context
def parse_value(rule: MeasuredRule, raw) -> Decimal:
    """Validate one mark as received (JSON number or text) and return it as an exact Decimal."""
    value = _parse_text(rule, raw) if isinstance(raw, str) else from_json_number(raw)
    if value is None:
        if rule.measure == "time":
            raise MeasureError("not_a_number", N_('%(raw)s is not a time: write it like 65.3, 1:05.3 or 1:01:05.3.'),
                               raw=_quoted(raw))
        raise MeasureError("not_a_number", N_('%(raw)s is not a number.'), raw=_quoted(raw))
    shown = f"{value}{' ' + rule.unit if rule.unit else ''}"
    if rule.measure == "time" and value <= 0:
        raise MeasureError("out_of_range", N_('A time must be greater than 0, not %(value)s.'), value=shown)
    if value < 0:
        raise MeasureError("out_of_range", N_('A mark cannot be negative: %(value)s.'), value=shown)
    if rule.maximum is not None and value > rule.maximum:
        raise MeasureError("out_of_range", N_('%(value)s is above the maximum of %(limit)s.'), value=shown,
                           limit=f"{rule.maximum}{' ' + rule.unit if rule.unit else ''}")
    try:
        multiple = value % rule.resolution == 0
    except InvalidOperation:  # astronomically large next to the resolution
        raise MeasureError("out_of_range", N_('%(value)s is too large.'), value=shown) from None
    if not multiple:
        raise MeasureError(
            "too_precise", N_('%(value)s is more precise than the rule keeps (steps of %(resolution)s).'), value=shown, resolution=rule.resolution
        )
    return value


# How large a mark can plausibly be when the rule sets no maximum (or, for a time, no time limit), in
# the measure's base unit: a day for a time (a 39-digit horse time showed "2777777777777777777777:46:40.0"
# on the board); a tonne lifted (the heaviest lifts recorded are about 500 kg); 10 km thrown, jumped or
# ridden; 100,000 points (a quiz, an archery round).
PLAUSIBLE = {"time": Decimal(86400), "weight": Decimal(1000), "distance": Decimal(10000), "points": Decimal(100000)}
# A rule's unit in the base unit (seconds, kilograms, metres); a unit not listed is taken as the base one.
UNIT_SIZES = {"s": 1, "秒": 1, "min": 60, "分": 60, "分钟": 60, "h": 3600, "小时": 3600,
              "kg": 1, "公斤": 1, "千克": 1, "g": Decimal("0.001"), "克": Decimal("0.001"), "斤": Decimal("0.5"),
              "t": 1000, "吨": 1000, "m": 1, "米": 1, "cm": Decimal("0.01"), "厘米": Decimal("0.01"),
              "km": 1000, "公里": 1000}


@in_working_context
def plausible_limit(rule: MeasuredRule, time_limit: Decimal | None = None) -> tuple[Decimal, str]:
    """The largest mark the rule accepts as plausible, in the rule's unit, and where it comes from:
    the time limit for a time, else the rule's maximum, else PLAUSIBLE scaled to the rule's unit."""
    if rule.measure == "time" and time_limit is not None:
        return time_limit, "the time limit"
    if rule.maximum is not None:
        return rule.maximum, "the maximum"
    return PLAUSIBLE[rule.measure] / Decimal(UNIT_SIZES.get(rule.unit, 1)), "the plausible limit"


@in_working_context
def check_plausible(rule: MeasuredRule, value: Decimal, time_limit: Decimal | None = None) -> Decimal:
    """Refuse (``implausible``) a mark above plausible_limit(); return it otherwise."""
    limit, source = plausible_limit(rule, time_limit)
    if value > limit:
        unit = f" {rule.unit}" if rule.unit else ""
        sentence = {"the time limit": N_("%(value)s is over the time limit of %(limit)s: record DNF."),
                    "the maximum": N_("%(value)s is above the maximum of %(limit)s.")}.get(
            source, N_("%(value)s is not plausible here (at most %(limit)s)."))
        raise MeasureError("implausible", sentence, value=f"{value}{unit}", limit=f"{limit}{unit}")
    return value


@in_working_context
def format_value(rule: MeasuredRule, value) -> str:
    """The mark as shown on the board: 65.3 s -> "1:05.30", 3725.5 s -> "1:02:05.50", 120.5 kg -> "120.50"."""
    number = from_json_number(value)
    if number is None:
        raise ValueError(f"cannot format {value!r}: not a number")
    places = rule.places
    quantum = Decimal(1).scaleb(-places)
    if rule.measure != "time" or number < 60:
        return f"{number.quantize(quantum):.{places}f}"
    number = number.quantize(quantum)
    whole_minutes, seconds = divmod(number, 60)
    hours, minutes = divmod(int(whole_minutes), 60)
    width = 3 + places if places else 2  # "05.30" or "05"
    text = f"{seconds:0{width}.{places}f}"
    return f"{hours}:{minutes:02d}:{text}" if hours else f"{minutes}:{text}"


@in_working_context
def hand_time(watches: Sequence[Decimal]) -> Decimal:
    """The official hand time from 1 to 3 stopwatches, rounded up to the next 0.1 s."""
    if not 1 <= len(watches) <= 3:
        raise ValueError(f"a hand time needs 1 to 3 stopwatch readings, got {len(watches)}")
    readings = []
    for reading in watches:
        number = from_json_number(reading)
        if number is None or number <= 0:
            raise ValueError(f"a stopwatch reading must be a number > 0, got {reading!r}")
        readings.append(number)
    readings.sort()
    official = readings[1] if len(readings) == 3 else readings[-1]  # the middle one, or the slower of two
    return official.quantize(_TENTH, rounding=ROUND_CEILING)


@in_working_context
def stopwatch_spread(watches: Sequence) -> Decimal:
    """How far the stopwatches of one hand time are apart: the slowest reading less the fastest (0 for one)."""
    readings = [setting(reading, "a stopwatch reading") for reading in watches]
    return max(readings) - min(readings) if readings else Decimal(0)


# ---------------------------------------------------------------------------
# What was recorded
# ---------------------------------------------------------------------------


def _check_status(status, what: str) -> None:
    if status is not None and status not in STATUSES:
        raise MeasureError("bad_status", '%(what)s: unknown status %(status)s; expected one of %(statuses)s', what=what, status=repr(status), statuses=STATUSES)


@dataclass(frozen=True)
class Attempt:
    """One attempt: a valid mark, or a status (``NM`` = a failed attempt)."""

    value: Decimal | None = None
    status: str | None = None

    def __post_init__(self):
        _check_status(self.status, "attempt")
        if (self.value is None) == (self.status is None):
            raise MeasureError("bad_status", 'an attempt has either a value or a status, got %(value)s / %(status)s', value=repr(self.value), status=repr(self.status))


@dataclass(frozen=True)
class Result:
    """An entry's attempts; an entry-level status overrides them."""

    entry: str
    attempts: tuple[Attempt, ...] = ()
    status: str | None = None
    placing: int | None = None

    def __post_init__(self):
        object.__setattr__(self, "attempts", tuple(self.attempts))
        _check_status(self.status, f"entry {self.entry!r}")
        if self.placing is not None and (not is_count(self.placing) or self.placing < 1):
            raise ValueError(f"entry {self.entry!r}: placing must be a whole number >= 1, got {self.placing!r}")


def _valid_marks(rule: MeasuredRule, result: Result) -> list[Decimal]:
    """The checked values of the valid attempts, in attempt order."""
    if len(result.attempts) > rule.attempts:
        raise MeasureError(
            "too_many_attempts",
            N_('%(entry)s has %(attempts)s attempts; the rule allows %(most)s.'), entry=result.entry, attempts=len(result.attempts), most=rule.attempts,
        )
    return [parse_value(rule, attempt.value) for attempt in result.attempts if attempt.value is not None]


def _best_first(rule: MeasuredRule, marks: Sequence[Decimal]) -> list[Decimal]:
    return sorted(marks, reverse=rule.direction == "desc")


@in_working_context
def result_mark(rule: MeasuredRule, result: Result) -> Decimal | None:
    """The entry's mark from its valid attempts (best, sum or last); None without one."""
    marks = _valid_marks(rule, result)
    if result.status is not None or not marks:
        return None
    if rule.aggregate == "sum":
        return sum(marks, Decimal(0))
    if rule.aggregate == "last":
        return marks[-1]
    return _best_first(rule, marks)[0]


def result_status(rule: MeasuredRule, result: Result) -> str | None:
    """None when the entry has a mark; else its status (see the module docstring, step 2)."""
    if result_mark(rule, result) is not None:
        return None
    if result.status is not None:
        return result.status
    if not result.attempts:
        return "DNS"
    return min((attempt.status for attempt in result.attempts), key=STATUS_ORDER.index)


# ---------------------------------------------------------------------------
# Tie-break steps: each gives a sort key, lower is better
# ---------------------------------------------------------------------------


def _oriented(rule: MeasuredRule, value: Decimal) -> Decimal:
    """A key where lower is better whatever the direction."""
    return value if rule.direction == "asc" else -value


def _second_best(rule: MeasuredRule, result: Result):
    rest = [_oriented(rule, mark) for mark in _best_first(rule, _valid_marks(rule, result))[1:]]
    return tuple(rest + [_WORST] * (rule.attempts - 1 - len(rest)))


def _placing(rule: MeasuredRule, result: Result):
    return _WORST if result.placing is None else Decimal(result.placing)


def _countback(score: Decimal, rule: MeasuredRule, result: Result):
    return -sum(1 for mark in _valid_marks(rule, result) if mark == score)


_TIEBREAK_KEYS: dict[str, Callable[[MeasuredRule, Result], object]] = {
    "second_best": _second_best,
    "placing": _placing,
}
_COUNTBACK_STEP = "countback:"
TIEBREAK_STEPS = tuple(_TIEBREAK_KEYS) + (_COUNTBACK_STEP + "<value>",)


def _tiebreak_key(step: str) -> Callable[[MeasuredRule, Result], object]:
    if step in _TIEBREAK_KEYS:
        return _TIEBREAK_KEYS[step]
    if isinstance(step, str) and step.startswith(_COUNTBACK_STEP):
        text = step[len(_COUNTBACK_STEP):]
        if not _NUMBER.fullmatch(text):
            raise ValueError(f"tie-break step {step!r} needs a number after {_COUNTBACK_STEP!r}")
        return functools.partial(_countback, Decimal(text))
    raise ValueError(f"unknown tie-break step {step!r}; expected one of {', '.join(TIEBREAK_STEPS)}")


# ---------------------------------------------------------------------------
# Ranking
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RankedResult:
    entry: str
    rank: int | None
    mark: Decimal | None
    status: str | None
    tiebreak: str | None  # None, the tie-break step that separated it, or "shared"


@in_working_context
def rank_results(rule: MeasuredRule, results: Sequence[Result]) -> list[RankedResult]:
    """Entries with a mark ranked best first (ties: tie-break chain, then shared rank), then the rest."""
    require_unique([result.entry for result in results], "entry")
    keys = [(step, _tiebreak_key(step)) for step in rule.tiebreak]
    marked, unmarked = [], []
    for result in results:
        mark = result_mark(rule, result)
        if mark is None:
            unmarked.append((result_status(rule, result), result.entry))
        else:
            standing = (_oriented(rule, mark),) + tuple(key(rule, result) for _, key in keys)
            marked.append((standing, result.entry, mark))
    marked.sort(key=lambda item: (item[0], item[1]))
    standings = [standing for standing, _, _ in marked]
    ranked: list[RankedResult] = []
    for place, (standing, entry, mark) in enumerate(marked):
        level_with_above = place > 0 and standings[place - 1] == standing
        rank = ranked[-1].rank if level_with_above else place + 1
        ranked.append(RankedResult(entry, rank, mark, None, tiebreak_label(rule.tiebreak, standings, place)))
    unmarked.sort(key=lambda item: (STATUS_ORDER.index(item[0]), item[1]))
    ranked.extend(RankedResult(entry, None, None, status, None) for status, entry in unmarked)
    return ranked


# ---------------------------------------------------------------------------
# Heats and the final
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HeatResult:
    heat: str
    ranked: tuple[RankedResult, ...]

    def __post_init__(self):
        object.__setattr__(self, "ranked", tuple(self.ranked))


@in_working_context
def qualifiers(rule: MeasuredRule, heats: Sequence[HeatResult], by_place: int, fastest_losers: int) -> list[tuple[str, str]]:
    """(entry, "Q" | "q") for the final, best mark first.

    "Q": ranked within the first ``by_place`` of its heat.  "q": the
    ``fastest_losers`` best marks among everyone else with a mark (fewer if
    fewer have one).  A tie at either boundary is left to the organizer:
    ValueError naming the entries.
    """
    for name, count in (("by_place", by_place), ("fastest_losers", fastest_losers)):
        if not is_count(count) or count < 0:
            raise ValueError(f"{name} must be a whole number >= 0, got {count!r}")
    require_unique([heat.heat for heat in heats], "heat")
    require_unique([row.entry for heat in heats for row in heat.ranked], "entry")
    chosen: list[tuple[tuple, str, str]] = []  # (sort key, entry, "Q"|"q")
    others: list[tuple[tuple, RankedResult]] = []
    for number, heat in enumerate(heats):
        by_rank = [row for row in heat.ranked if row.rank is not None and row.mark is not None]
        placed = [row for row in by_rank if row.rank <= by_place]
        if len(placed) > by_place:
            level = ", ".join(row.entry for row in placed if row.rank == placed[-1].rank)
            raise ValueError(f"tie for the last qualifying place in heat {heat.heat!r}: {level}; the organizer decides")
        for row in by_rank:
            key = (_oriented(rule, row.mark), row.rank, number, row.entry)
            if row in placed:
                chosen.append((key, row.entry, "Q"))
            else:
                others.append((key, row))
    others.sort(key=lambda item: item[0])
    if 0 < fastest_losers < len(others) and others[fastest_losers - 1][1].mark == others[fastest_losers][1].mark:
        mark = others[fastest_losers][1].mark
        level = ", ".join(row.entry for _, row in others if row.mark == mark)
        raise ValueError(
            f"tie for the last fastest-loser place at {format_value(rule, mark)}: {level}; the organizer decides"
        )
    chosen.extend((key, row.entry, "q") for key, row in others[:fastest_losers])
    chosen.sort(key=lambda item: (item[0][0], item[2] != "Q") + item[0][1:])
    return [(entry, how) for _, entry, how in chosen]


def _centre_out(lanes: int) -> list[int]:
    """Lanes best seed first: 8 lanes -> 4, 5, 3, 6, 2, 7, 1, 8."""
    centre = (lanes + 1) // 2
    order = [centre]
    for step in range(1, lanes):
        order += [lane for lane in (centre + step, centre - step) if 1 <= lane <= lanes]
    return order[:lanes]


def final_start_list(qualified: Sequence[str], lanes: int) -> list[tuple[int, str]]:
    """(lane, entry) in lane order; seed 1 (first of ``qualified``) gets the centre lane, and so on outwards."""
    if not is_count(lanes) or lanes < 1:
        raise ValueError(f"lanes must be a whole number >= 1, got {lanes!r}")
    require_unique(list(qualified), "entry")
    if len(qualified) > lanes:
        raise ValueError(f"{len(qualified)} qualified for a final with only {lanes} lanes")
    return sorted(zip(_centre_out(lanes), qualified))
