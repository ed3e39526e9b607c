"""What every rule module shares: exact decimal arithmetic, numbers as received from JSON, and
refusals that carry a protocol error code."""
from __future__ import annotations

import functools
from decimal import Context, Decimal, DivisionByZero, InvalidOperation, Overflow, ROUND_HALF_UP, localcontext
from typing import Iterable

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
    """Input that cannot be accepted; ``code`` is the protocol's error code (docs/protocol.md)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


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
