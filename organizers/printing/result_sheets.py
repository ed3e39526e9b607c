"""A stage's result sheet (成绩确认表), printed at the venue for the judges and the chief judge to sign.

Built from the same standings payload boards and exports read (scoring.standings.stage_standings),
plus, for judged stages, every judge's marks per criterion (scoring.standings.load_stage): every entry,
each judge's marks, the judges' totals left out by the rule, deductions, aggregate, total, rank and
the tie-break that placed it. Match stages print the league table and the fixtures; measured stages
every heat's attempts (with the stopwatch readings of hand timing), results and ranks.

Each format has a builder in SHEETS and a template templates/print/result_sheet_<format>.html that
extends result_sheet.html.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Callable, Iterable, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from organizers.printing.documents import Pages, TemplateChoice, check_texts, fill, load_template, render_pdf
from organizers.printing.errors import PrintingError
from organizers.printing.fonts import FontStack, default_stack
from scoring.models import Entry, Judge, Stage
from scoring.rules import judged
from scoring.standings import StageMarks, load_stage, stage_format, stage_standings, standings_payload

JUDGED_TIEBREAKS = {
    "raw_mean": "全体评委平均分", "median": "评委总分中位数", "highest_total": "最高评委总分",
    "lowest_total": "最低评委总分", "fewer_deductions": "扣分较少", "shared": "并列",
}
MATCH_TIEBREAKS = {
    "points": "积分", "difference": "净胜分", "scored": "总得分", "wins": "胜场", "h2h_points": "相互间积分",
    "h2h_difference": "相互间净胜分", "h2h_scored": "相互间得分", "h2h_wins": "相互间胜场",
    "fair_play": "公平竞赛分", "lots": "抽签", "shared": "并列",
}
ENTRY_STATES = {"waiting": "未评分", "current": "正在比赛", "marking": "评分中", "provisional": "暂定", "final": "最终"}
FIXTURE_STATES = {"scheduled": "未开始", "live": "进行中", "finished": "已结束", "postponed": "延期", "forfeit": "弃权"}
AGGREGATES = {"mean": "取平均分", "trimmed": "取平均分", "median": "取中位数", "sum": "求和"}


def plain(value: Optional[Decimal]) -> str:
    """A mark as the judge gave it: 35.5, 9 (no trailing zeros, no exponent)."""
    return "" if value is None else f"{value.normalize():f}"


def _officials(session: Session, stage_key: str) -> list[Judge]:
    return list(session.scalars(select(Judge).join(Stage).where(Stage.key == stage_key).order_by(Judge.position)))


def _signatures(officials: list[Judge], role: str, chief_role: str) -> dict[str, Any]:
    chief = next((o for o in officials if o.chief), None)
    return {"lines": [{"role": role, "name": o.name, "chief": o.chief} for o in officials],
            "chief": {"role": chief_role, "name": chief.name if chief else ""}}


def _judged_tiebreak(step: Optional[str], rule: judged.JudgedRule) -> str:
    if step is None:
        return ""
    if step.startswith("criterion:"):
        key = step.split(":", 1)[1]
        name = next((c.name for c in rule.criteria if c.key == key), key)
        return f"{name}单项平均分"
    return JUDGED_TIEBREAKS.get(step, step)


def _rule_summary(rule: judged.JudgedRule) -> str:
    drops = []
    if rule.drop_highest:
        drops.append(f"{rule.drop_highest}个最高分")
    if rule.drop_lowest:
        drops.append(f"{rule.drop_lowest}个最低分")
    how = ("去掉" + "、".join(drops) + "后" if drops else "") + AGGREGATES.get(rule.aggregate, rule.aggregate)
    text = f"各评委总分{how}，减去扣分，保留{rule.decimals}位小数（四舍五入）"
    if rule.tiebreak:
        text += "；同分时依次比较：" + " → ".join(_judged_tiebreak(step, rule) for step in rule.tiebreak)
    return text + "。"


def _deductions(rule: judged.JudgedRule, recorded: dict[str, Decimal]) -> list[str]:
    return [f"{d.name} {plain(recorded[d.key])}{d.unit}" for d in rule.deductions if recorded.get(d.key)]


def _judge_lines(marks: StageMarks, entry: Entry, row: Optional[dict[str, Any]]) -> list[dict[str, Any]]:
    """One line per judge of the panel: marks per criterion, total (shown rounded), left out or not."""
    rule, cards = marks.rule, marks.scorecards.get(entry.id, {})
    revealed = {j["judge"]: j for j in row["judges"]} if row else {}
    lines = []
    for judge in marks.judges:
        card = cards.get(judge.id)
        total = revealed[judge.key]["total"] if judge.key in revealed else (
            str(judged.round_score(judged.judge_total(rule, card[1]), rule.decimals)) if card else None)
        lines.append({"name": judge.name, "chief": judge.chief, "revision": card[0] if card else None,
                      "marks": [plain(card[1].get(c.key)) for c in rule.criteria] if card else None,
                      "total": total, "dropped": bool(judge.key in revealed and revealed[judge.key]["dropped"])})
    return lines


def judged_sheet(session: Session, stage_key: str) -> dict[str, Any]:
    marks = load_stage(session, stage_key)
    payload = standings_payload(marks)  # what stage_standings() gives for a judged stage, from the same load
    rule = marks.rule
    rows = {row["entry"]: row for row in payload["rows"]}
    states = {entry["entry"]: entry["state"] for entry in payload["entries"]}
    entries = []
    for entry in marks.entries:
        row = rows.get(entry.key)
        recorded = marks.deductions.get(entry.id, {})
        score = judged.score_entry(rule, marks.scorecards_in_panel_order(entry), recorded) if row else None
        entries.append({
            "key": entry.key, "order": entry.running_order, "name": entry.name, "name_bo": entry.name_bo,
            "unit": entry.unit.name if entry.unit else None,
            "rank": row["rank"] if row else None, "total": row["total"] if row else None,
            "aggregate": str(judged.round_score(score.aggregate, rule.decimals)) if score else None,
            "deduction": row["deduction"] if row else None, "deductions": _deductions(rule, recorded),
            "tiebreak": _judged_tiebreak(row["tiebreak"], rule) if row else "",
            "state": states[entry.key], "state_label": ENTRY_STATES.get(states[entry.key], states[entry.key]),
            "marks_in": len(marks.scorecards.get(entry.id, {})), "judges": _judge_lines(marks, entry, row),
        })
    entries.sort(key=lambda e: (e["rank"] is None, e["rank"] or 0, e["order"]))
    return {
        "criteria": [{"name": c.name, "max": plain(c.max), "weight": plain(c.weight) if c.weight != 1 else None}
                     for c in rule.criteria],
        "rule": _rule_summary(rule), "entries": entries,
        "unfinished": sum(1 for e in entries if e["state"] != "final"),
        "signatures": _signatures(marks.judges, "评委", "主裁判"),
        "campaign": marks.stage.event.campaign.name, "payload": payload,
    }


def _side(fixture: dict[str, Any], side: str) -> str:
    team = fixture[side]
    if team:
        return team["name"]
    source = fixture[f"{side}_source"] or ""
    outcome, _, match = source.partition(":")
    return f"{match} {'胜者' if outcome == 'winner' else '负者'}" if match else "待定"


def _fixture_line(fixture: dict[str, Any]) -> dict[str, Any]:
    played = fixture["status"] in ("live", "finished", "forfeit")
    state = FIXTURE_STATES.get(fixture["status"], fixture["status"])
    if fixture["status"] == "forfeit" and fixture["forfeited_by"]:
        state += f"（{_side(fixture, fixture['forfeited_by'])}）"
    shootout = fixture["shootout"]
    return {"key": fixture["fixture"], "round": fixture["round"], "group": fixture["group"], "leg": fixture["leg"],
            "home": _side(fixture, "home"), "away": _side(fixture, "away"),
            "score": f"{fixture['score'][0]} : {fixture['score'][1]}" if played else "",
            "shootout": f"点球 {shootout[0]} : {shootout[1]}" if shootout else "",
            "state": state, "venue": fixture["venue"] or "", "starts_at": _local_time(fixture["starts_at"])}


def _local_time(moment: Optional[str]) -> str:
    if not moment:
        return ""
    return datetime.fromisoformat(moment.replace("Z", "+00:00")).astimezone().strftime("%m-%d %H:%M")


def match_sheet(session: Session, stage_key: str) -> dict[str, Any]:
    payload = stage_standings(session, stage_key)
    stage = session.scalar(select(Stage).where(Stage.key == stage_key))
    groups: dict[Optional[str], list[dict[str, Any]]] = {}
    for row in payload["rows"]:
        groups.setdefault(row["group"], []).append(
            {**row, "tiebreak_label": MATCH_TIEBREAKS.get(row["tiebreak"], row["tiebreak"] or "")})
    names = {row["entry"]: row["name"] for row in payload["rows"]}
    drawings = {}
    for drawing in (stage.settings or {}).get("drawings") or []:
        drawings.setdefault(drawing["group"] or None, []).append(
            f"{'、'.join(names.get(team, team) for team in drawing['order'])}（{drawing['drawn_by']}抽签"
            f"{'，' + drawing['note'] if drawing.get('note') else ''}）")
    football = payload["sport"] == "football"
    return {
        "groups": [{"name": group, "rows": rows, "lots": drawings.get(group, [])} for group, rows in groups.items()],
        "scored_labels": ("进球", "失球", "净胜球") if football else ("得分", "失分", "净胜分"),
        "fixtures": [_fixture_line(f) for f in payload["fixtures"]],
        "unfinished": sum(1 for f in payload["fixtures"] if f["status"] not in ("finished", "forfeit")),
        "signatures": _signatures(_officials(session, stage_key), "记分员", "主记分员"),
        "campaign": stage.event.campaign.name, "payload": payload,
    }


MEASURES = {"time": "用时", "distance": "距离", "weight": "重量", "points": "得分"}
MEASURED_AGGREGATES = {"best": "取最好成绩", "sum": "求和", "last": "取最后一次有效成绩"}
MEASURED_TIEBREAKS = {"second_best": "次好成绩", "placing": "终点名次", "shared": "并列"}
MARK_STATUSES = {"DNS": "DNS 未出发", "DNF": "DNF 未完成", "DQ": "DQ 取消资格", "NM": "NM 无成绩"}
HEAT_STATES = {"scheduled": "未开始", "running": "进行中", "recording": "录入中", "finished": "成绩已齐", "confirmed": "已确认"}


def _measured_tiebreak(step: Optional[str]) -> str:
    if step is None:
        return ""
    if step.startswith("countback:"):
        return f"{step.split(':', 1)[1]}分次数"
    return MEASURED_TIEBREAKS.get(step, step)


def _measured_rule_summary(rule: dict[str, Any]) -> str:
    unit = f"（{rule['unit']}）" if rule.get("unit") else ""
    text = (f"{MEASURES.get(rule['measure'], rule['measure'])}{unit}，{'小者' if rule['direction'] == 'asc' else '大者'}为优；"
            f"每人{rule['attempts']}次，{MEASURED_AGGREGATES.get(rule['aggregate'], rule['aggregate'])}；计量单位 {rule['resolution']}")
    if rule.get("timing") == "hand":
        text += "；人工计时：三块表取中间值，两块表取较慢者，进位到0.1秒"
    if rule.get("tiebreak"):
        text += "；同成绩时依次比较：" + " → ".join(_measured_tiebreak(step) for step in rule["tiebreak"])
    return text + "。"


def measured_sheet(session: Session, stage_key: str) -> dict[str, Any]:
    """A measured stage: every heat's start list with each attempt (stopwatch readings, corrections),
    the result, the rank in the heat and in the stage, statuses and qualification."""
    payload = stage_standings(session, stage_key)
    stage = session.scalar(select(Stage).where(Stage.key == stage_key))
    overall = {row["entry"]: row for row in payload["rows"]}
    heats = []
    for heat in payload["heats"]:
        heats.append({"name": heat["name"], "state": HEAT_STATES.get(heat["status"], heat["status"]), "entries": [{
            "key": r["entry"], "lane": r["lane"], "order": r["order"], "name": r["name"], "name_bo": r["name_bo"],
            "unit": r["unit"], "total": r["total"] or "", "rank": r["rank"],
            "overall": overall[r["entry"]]["rank"] if r["entry"] in overall else None,
            "status": MARK_STATUSES.get(r["mark_status"] or "", ""), "placing": r["placing"], "qualified": r["qualified"] or "",
            "tiebreak": _measured_tiebreak(r["tiebreak"]),
            "attempts": [{"number": a["number"], "text": a["text"], "watches": " / ".join(a["watches"] or []),
                          "corrected": a["corrected"]} for a in r["attempts"]]} for r in heat["results"]]})
    return {
        "rule": _measured_rule_summary(payload["rule"]), "attempts": payload["rule"]["attempts"], "heats": heats,
        "unfinished": sum(1 for heat in payload["heats"] if not heat["confirmed"]),
        "signatures": _signatures(_officials(session, stage_key), "记录员", "记录长"),
        "campaign": stage.event.campaign.name, "payload": payload,
    }


# format -> builder of the sheet's fields; the template is print/result_sheet_<format>.html
SHEETS: dict[str, Callable[[Session, str], dict[str, Any]]] = {"judged": judged_sheet, "match": match_sheet,
                                                               "measured": measured_sheet}


def _printed_texts(sheet: dict[str, Any]) -> Iterable[tuple[str, Optional[str]]]:
    payload = sheet["payload"]
    yield "campaign", sheet["campaign"]
    yield "event", payload["event_name"]
    yield "stage", payload["stage_name"]
    for row in sheet.get("entries", payload["rows"]):
        for field in ("name", "name_bo", "unit"):
            yield f"entry {row.get('key', row.get('entry'))}, {field}", row.get(field)
    for line in sheet["signatures"]["lines"]:
        yield "official", line["name"]
    for group in sheet.get("groups", []):
        for drawn in group.get("lots", []):
            yield "drawing of lots", drawn


def result_sheet_pdf(session: Session, stage_key: str, template: TemplateChoice = None, *,
                     stack: Optional[FontStack] = None) -> bytes:
    """The stage's result sheet as PDF bytes. Raises PrintingError for an unknown stage or a format with
    no sheet yet, MissingGlyphs naming the entries or officials whose names no installed font can print."""
    form = stage_format(session, stage_key)
    if form is None:
        raise PrintingError(f"There is no stage {stage_key}.")
    if form not in SHEETS:
        raise PrintingError(f"Result sheets for {form} stages are not made yet (stage {stage_key}).")
    stack = stack or default_stack()
    sheet = SHEETS[form](session, stage_key)
    check_texts(stack, _printed_texts(sheet))
    sheet["format"] = form
    sheet["printed_at"] = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    chosen = load_template(template, f"print/result_sheet_{form}.html")
    return render_pdf(Pages([fill(chosen, sheet=sheet)], chosen.name or "the result sheet template"), stack)
