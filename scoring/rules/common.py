"""What every rule module shares: exact decimal arithmetic, numbers as received from JSON, and
refusals that carry a protocol error code."""
from __future__ import annotations

import functools
from decimal import Context, Decimal, DivisionByZero, InvalidOperation, Overflow, ROUND_HALF_UP, localcontext
from typing import Iterable, Sequence

from scoring.errors import Told

# Wide enough that a mean is exact before the one rounding a rule asks for; half-up by default.
WORKING = Context(prec=100, rounding=ROUND_HALF_UP, traps=[InvalidOperation, DivisionByZero, Overflow])


def in_working_context(function):
    """Run ``function`` with the wide, half-up decimal context (never the caller's)."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with localcontext(WORKING):
            return function(*args, **kwargs)

    return wrapper


class Refusal(ValueError):
    """Input that cannot be accepted; ``code`` is the protocol's error code (docs/protocol.md), the
    message a sentence with named blanks (scoring.errors.Told)."""

    def __init__(self, code: str, message: str, **names):
        self.told = Told(message, **names)
        super().__init__(str(self.told))
        self.code = code
        self.message = str(self.told)


def from_json_number(value) -> Decimal | None:
    """A finite Decimal for an int, float or Decimal; None for anything else (bool, str, NaN, ...).
    A float is taken by its shortest repr (8.5 -> Decimal("8.5")), never by its binary value."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        value = Decimal(repr(value))  # nan/inf become non-finite and are refused below
    if isinstance(value, Decimal) and value.is_finite():
        return value
    return None


def setting(value, what: str) -> Decimal:
    """A rule setting as Decimal: Decimal, int or a numeric string; never a float."""
    if isinstance(value, (bool, float)):
        raise ValueError(f"{what} must be a Decimal (not {type(value).__name__}): {value!r}")
    try:
        number = value if isinstance(value, Decimal) else Decimal(value)
    except (TypeError, ValueError, InvalidOperation):
        raise ValueError(f"{what} must be a number: {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"{what} must be finite: {value!r}")
    return number


def is_count(value) -> bool:
    """A whole number (an int, never a bool or a float)."""
    return isinstance(value, int) and not isinstance(value, bool)


def require_unique(keys: Iterable[str], what: str) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise ValueError(f"{what} {key!r} appears more than once")
        seen.add(key)


SHARED = "shared"


def tiebreak_label(steps: Sequence[str], standings: Sequence[tuple], place: int) -> str | None:
    """Which tie-break step separated the entry at ``place`` (in a list of sort keys, the published
    result first, then one key per step) from its neighbour with the same result: None when no
    neighbour has it, "shared" when the whole chain left them level."""
    result = standings[place][0]
    level = [other for other in (place - 1, place + 1) if 0 <= other < len(standings)]
    if any(standings[other] == standings[place] for other in level):
        return SHARED
    if place > 0 and standings[place - 1][0] == result:
        neighbour = place - 1  # the entry directly above
    elif place + 1 < len(standings) and standings[place + 1][0] == result:
        neighbour = place + 1  # top of a tied group: the entry directly below
    else:
        return None
    for step, mine, theirs in zip(steps, standings[place][1:], standings[neighbour][1:]):
        if mine != theirs:
            return step
    return SHARED
