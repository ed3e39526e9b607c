"""Storing what every format's stage has: its officials and its entries, with the unit each is from."""
from __future__ import annotations

import secrets
from typing import Optional

from scoring.loader.checker import resolve_unit
from scoring.models import Entry, Judge, Unit


def _unit_of(units: dict, node: dict) -> Optional[Unit]:
    return units[resolve_unit(units, node["unit"])[0]] if node.get("unit") else None


def _officials(nodes: list) -> list[Judge]:
    return [Judge(position=i, key=str(j["key"]), name=j["name"], chief=bool(j.get("chief", False)),
                  token=j.get("token") or secrets.token_urlsafe(18)) for i, j in enumerate(nodes)]


def _entries(nodes: list, units: dict) -> list[Entry]:
    return [Entry(key=str(e["key"]), name=e["name"], name_bo=e.get("name_bo"), running_order=int(e.get("order", i + 1)),
                  unit=_unit_of(units, e)) for i, e in enumerate(nodes)]
