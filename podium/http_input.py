"""Numbers from outside (paths, query strings, forms) bounded before they reach the database.

Every id column is an INTEGER: 32 bits on PostgreSQL, 64 on SQLite. An id of 2^63 in a URL made
SQLite raise OverflowError (HTTP 500) and 2^31 does the same on PostgreSQL. Two things in one place
keep every route safe, instead of a check in each view:

- the `int` URL converter is BoundedInt: a path segment outside 0..MAX_ID does not match the route,
  so the answer is 404 like any id that does not exist;
- the request's args, form and values are BoundedMultiDicts: `request.args.get(name, type=int)`
  (the idiom every view uses) gives the default for a number outside -MAX_ID..MAX_ID, as for "abc".
"""
from __future__ import annotations

from flask import Request
from werkzeug.datastructures import CombinedMultiDict, ImmutableMultiDict
from werkzeug.routing import IntegerConverter
from werkzeug.utils import cached_property

MAX_ID = 2**31 - 1  # PostgreSQL's INTEGER, the narrowest id column Podium runs on


def bounded_int(text) -> int:
    """int(text) within -MAX_ID..MAX_ID; ValueError otherwise (and for text that is not a number)."""
    if isinstance(text, str) and len(text) > 20:
        raise ValueError("too long for a number")
    value = int(text)
    if not -MAX_ID <= value <= MAX_ID:
        raise ValueError(f"{value} is out of range")
    return value


class BoundedInt(IntegerConverter):
    """`<int:x>` matching only 0..MAX_ID (a larger id answers 404: the route does not match)."""

    def __init__(self, map, fixed_digits=0, min=0, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class _Bounded:
    def get(self, key, default=None, type=None):
        return super().get(key, default, bounded_int if type is int else type)


class BoundedMultiDict(_Bounded, ImmutableMultiDict):
    pass


class BoundedCombinedMultiDict(_Bounded, CombinedMultiDict):
    pass


class BoundedRequest(Request):
    parameter_storage_class = BoundedMultiDict

    @cached_property
    def values(self) -> CombinedMultiDict:
        sources = [self.args]
        if self.method != "GET":
            sources.append(self.form)
        return BoundedCombinedMultiDict([s if isinstance(s, BoundedMultiDict) else BoundedMultiDict(s)
                                         for s in sources])


def bound_numbers(app) -> None:
    """Install the bounded `int` converter and request class on `app` (before blueprints are registered)."""
    app.url_map.converters["int"] = BoundedInt
    app.request_class = BoundedRequest
