"""The checker that collects every problem with its place, and the checks all formats share:
units, officials (judges, scorekeepers, recorders) and people (entries, teams, players)."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Optional

from scoring.loader.files import KEY


@dataclass
class _Checker:
    """Walks the file once, collecting every problem as 'place: what is wrong'."""

    problems: list[str] = field(default_factory=list)
    entries_optional: bool = False  # a stage of a later tier: its entries come by advancement

    def problem(self, where: str, what: str) -> None:
        self.problems.append(f"{where}: {what}")

    def mapping(self, value: Any, where: str) -> dict:
        if not isinstance(value, dict):
            self.problem(where, "must be a mapping")
            return {}
        return value

    def listing(self, value: Any, where: str, required: bool = True) -> list:
        if value is None and not required:
            return []
        if not isinstance(value, list) or (required and not value):
            self.problem(where, "must be a non-empty list")
            return []
        return value

    def text(self, node: dict, name: str, where: str, required: bool = True) -> Optional[str]:
        value = node.get(name)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(f"{where}.{name}", "must be non-empty text")
            return None
        return value.strip()

    def key(self, node: dict, where: str, seen: set) -> Optional[str]:
        key = node.get("key")
        if isinstance(key, (int,)) and not isinstance(key, bool):
            key = str(key)
        if not isinstance(key, str) or not KEY.match(key):
            self.problem(f"{where}.key", "must be 1-64 letters, digits, '_', '-' or '.'")
            return None
        if key in seen:
            self.problem(f"{where}.key", f"'{key}' is used twice")
        seen.add(key)
        return key

    def number(self, node: dict, name: str, where: str, positive: bool = True) -> None:
        value = node.get(name)
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))
            if not number.is_finite() or (positive and number <= 0):
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            self.problem(f"{where}.{name}", f"must be a {'positive ' if positive else ''}number, not {value!r}")


def _unit_paths(checker: _Checker, units: list, where: str, prefix: tuple = ()) -> dict[tuple, dict]:
    """Every unit by its path of names, e.g. ('洛隆县', '硕督镇', '达翁村')."""
    paths: dict[tuple, dict] = {}
    for i, node in enumerate(units):
        place = f"{where}[{i}]"
        node = checker.mapping(node, place)
        name = checker.text(node, "name", place) if node else None
        if name is None:
            continue
        path = prefix + (name,)
        if path in paths:
            checker.problem(f"{place}.name", f"'{name}' appears twice under the same parent")
        paths[path] = node
        paths.update(_unit_paths(checker, checker.listing(node.get("children"), f"{place}.children", False),
                                 f"{place}.children", path))
    return paths


def resolve_unit(paths, reference: str) -> tuple[Optional[tuple], str]:
    """A unit named by its own name (if unique) or by a path 'township/village'."""
    wanted = tuple(part.strip() for part in reference.split("/") if part.strip())
    matches = [p for p in paths if p[-len(wanted):] == wanted] if wanted else []
    if len(matches) == 1:
        return matches[0], ""
    if not matches:
        return None, f"unknown unit '{reference}'"
    return None, f"unit '{reference}' is ambiguous; write it as {' or '.join('/'.join(m[-2:]) for m in matches)}"


def _check_officials(checker: _Checker, stage: dict, where: str, field: str) -> None:
    """A stage's judges (judged events) or scorekeepers (matches): they log in by QR code."""
    keys: set = set()
    chiefs = 0
    for k, official in enumerate(checker.listing(stage.get(field), f"{where}.{field}")):
        place = f"{where}.{field}[{k}]"
        official = checker.mapping(official, place)
        if not official:
            continue
        checker.key(official, place, keys)
        checker.text(official, "name", place)
        if not isinstance(official.get("chief", False), bool):
            checker.problem(f"{place}.chief", "must be true or false")
        chiefs += official.get("chief") is True
        token = official.get("token")
        if token is not None and (not isinstance(token, str) or not 16 <= len(token) <= 64):
            checker.problem(f"{place}.token", "must be text of 16 to 64 characters")
    if chiefs > 1:
        checker.problem(f"{where}.{field}", "at most one can be the chief")


def _check_people(checker: _Checker, nodes: list, where: str, units: dict, keys: Optional[set] = None,
                  keyed: bool = True) -> set:
    """Entries, teams or players: a key (unique in the list), a name, and optionally a unit."""
    keys = set() if keys is None else keys
    for k, node in enumerate(nodes):
        place = f"{where}[{k}]"
        node = checker.mapping(node, place)
        if not node:
            continue
        if keyed or "key" in node:
            checker.key(node, place, keys)
        checker.text(node, "name", place)
        unit = checker.text(node, "unit", place, required=False)
        if unit is not None:
            found, why = resolve_unit(units, unit)
            if found is None:
                checker.problem(f"{place}.unit", why)
    return keys
