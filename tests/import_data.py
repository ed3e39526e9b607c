"""Campaigns to import contestants into, and spreadsheets to import: shared by tests/test_import.py
and benchmarks/importing.py (so it imports nothing from conftest)."""
from __future__ import annotations

import csv
import io
from typing import Iterable, Optional

from sqlalchemy import delete

from scoring.db import transaction
from scoring.models import Entry

HEADER = ["编号", "姓名", "藏文名", "性别", "乡镇", "村（社区）", "项目", "队伍", "号码", "联系电话", "身份证号", "银行卡号/手机号"]

# The test campaign: speech has village preliminaries in two villages of 硕督镇 only; song and the
# horse race have one stage for everyone; football has a township round in 硕督镇 and 马利镇.
TOWNSHIPS = {"硕督镇": ["达翁村", "拉孜村"], "马利镇": ["玉西村"], "腊久乡": []}
EVENTS = [("speech", "演讲比赛", "judged", "village", ["硕督镇/达翁村", "硕督镇/拉孜村"]),
          ("song", "歌舞比赛", "judged", None, []),
          ("horse", "赛马", "measured", None, []),
          ("football", "村超足球赛", "match", "township", ["硕督镇", "马利镇"])]

RULES = {"judged": {"aggregate": "mean", "decimals": 2, "criteria": [{"key": "all", "name": "综合", "max": 100}]},
         "measured": {"measure": "time", "unit": "s", "resolution": 0.1},
         "match": {"sport": "football"}}
OFFICIALS = {"judged": "judges", "measured": "recorders", "match": "scorekeepers"}
PLACEHOLDER = {"key": "placeholder", "name": "占位"}  # the loader wants a first tier's stage filled


def stage_node(fmt: str, key: str, name: str, level: Optional[str], unit: Optional[str]) -> dict:
    stage = {"key": key, "name": name, OFFICIALS[fmt]: [{"key": "O1", "name": "裁判", "chief": True}],
             "teams" if fmt == "match" else "entries": [dict(PLACEHOLDER)]}
    if fmt == "match":
        stage["fixtures"] = []
    if level:
        stage.update(tier=level, unit=unit)
    return stage


def campaign(townships: dict[str, list[str]] = TOWNSHIPS, events: Iterable[tuple] = EVENTS,
             name: str = "导入测试", county: str = "洛隆县") -> dict:
    """A competition file: county > townships > villages; each event (key, name, format, level,
    units) has one tier at `level` with a stage per unit, or one stage for everyone (level None)."""
    nodes = []
    for key, event_name, fmt, level, units in events:
        stages = [stage_node(fmt, f"{key}-{i}", f"{unit.split('/')[-1]}{event_name}", level, unit)
                  for i, unit in enumerate(units, start=1)] if level else [stage_node(fmt, key, event_name, None, None)]
        node = {"key": key, "name": event_name, "format": fmt, "rule": RULES[fmt], "stages": stages}
        if level:
            node["tiers"] = [{"level": level, "name": f"{level} round"}]
        nodes.append(node)
    return {"campaign": name,
            "units": [{"name": county, "children": [{"name": t, "children": [{"name": v} for v in villages]}
                                                    for t, villages in townships.items()]}],
            "events": nodes}


def empty_stages(sessions) -> None:
    """Take the loader's placeholder entries out again: the campaign has no contestants yet."""
    with transaction(sessions) as session:
        session.execute(delete(Entry))


def row(name: str, township: str, village: str = "", event: str = "演讲比赛", **more: str) -> dict:
    """A spreadsheet row by header: row("扎西", "硕督镇", "达翁村", phone="138...")."""
    fields = {"key": "编号", "name_bo": "藏文名", "gender": "性别", "team": "队伍", "number": "号码", "phone": "联系电话",
              "id_number": "身份证号", "account": "银行卡号/手机号"}
    return {"姓名": name, "乡镇": township, "村（社区）": village, "项目": event, **{fields[k]: v for k, v in more.items()}}


def cells(rows: Iterable[Optional[dict]], header: list[str]) -> list[list]:
    """The header, then each row in its order (None: an empty row)."""
    return [header] + [[(r or {}).get(h, "") for h in header] for r in rows]


def workbook(rows: Iterable[Optional[dict]], header: list[str] = HEADER, title_rows: int = 0) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for _ in range(title_rows):
        sheet.append(["洛隆县报名表"])
    for line in cells(rows, header):
        sheet.append([None if c == "" else c for c in line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: Iterable[Optional[dict]], encoding: str = "utf-8", header: list[str] = HEADER,
              delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(cells(rows, header))
    return out.getvalue().encode(encoding)
