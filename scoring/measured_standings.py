"""A measured stage's standings: every heat's start list with the attempts recorded so far, the
heat's server-owned clock, and the ranking of the whole stage (with the qualifiers of a heats stage).
Same envelope as judged and match standings (stage, seq, sent_at, rows); docs/protocol.md."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scoring.match_standings import moment
from scoring.models import Attempt, Entry, Heat, Stage, utcnow
from scoring.rulebook import event_measured_rule, stored_measured_settings, time_limit, watch_spread
from scoring.rules import measured


def _latest_attempts(session: Session, stage: Stage) -> dict[int, list[Attempt]]:
    """entry id -> its attempts as they stand (latest revision of each number), in number order."""
    latest = (select(Attempt.entry_id, Attempt.number, func.max(Attempt.revision).label("revision"))
              .join(Entry, Attempt.entry_id == Entry.id).where(Entry.stage_id == stage.id)
              .group_by(Attempt.entry_id, Attempt.number).subquery())
    found = session.scalars(select(Attempt).join(
        latest, (Attempt.entry_id == latest.c.entry_id) & (Attempt.number == latest.c.number)
        & (Attempt.revision == latest.c.revision)).order_by(Attempt.entry_id, Attempt.number))
    by_entry: dict[int, list[Attempt]] = defaultdict(list)
    for attempt in found:
        by_entry[attempt.entry_id].append(attempt)
    return by_entry


def _result(entry: Entry, attempts: list[Attempt]) -> measured.Result:
    return measured.Result(entry=entry.key, status=entry.mark_status, placing=entry.placing,
                           attempts=tuple(measured.Attempt(value=a.value, status=a.status) for a in attempts))


def _has_result(entry: Entry, attempts: dict[int, list[Attempt]]) -> bool:
    return entry.mark_status is not None or bool(attempts.get(entry.id))


def heat_results(session: Session, stage: Stage, rule: measured.MeasuredRule,
                 attempts: Optional[dict[int, list[Attempt]]] = None) -> list[measured.HeatResult]:
    """Each heat's ranking, for drawing the final from the heats (`attempts` when already loaded)."""
    attempts = _latest_attempts(session, stage) if attempts is None else attempts
    return [measured.HeatResult(heat.key, measured.rank_results(
        rule, [_result(entry, attempts.get(entry.id, [])) for entry in heat.entries]))
        for heat in stage.heats]


def _shown(rule: measured.MeasuredRule, ranked: measured.RankedResult) -> Optional[str]:
    return measured.format_value(rule, ranked.mark) if ranked.mark is not None else ranked.status


def _ms(later: datetime, earlier: datetime) -> int:
    return int((later - earlier).total_seconds() * 1000)


def _clock(heat: Heat, limit: Optional[Decimal], now: datetime) -> dict[str, Any]:
    """The heat's clock as the boards run it: elapsed since the start (server time), stopped or not,
    with the rule's time limit for a countdown and the scheduled start for a countdown to it."""
    running = heat.clock_started_at is not None and heat.clock_stopped_at is None
    stopped_ms = _ms(heat.clock_stopped_at, heat.clock_started_at) if heat.clock_stopped_at and heat.clock_started_at else 0
    return {"running": running, "started_at": moment(heat.clock_started_at) if running else None,
            "elapsed_ms": 0 if running else stopped_ms,
            "limit_ms": None if limit is None else int(limit * 1000),
            "starts_at": moment(heat.starts_at)}


def _heat_status(heat: Heat, attempts: dict[int, list[Attempt]]) -> str:
    if heat.confirmed:
        return "confirmed"
    if heat.clock_started_at is not None and heat.clock_stopped_at is None:
        return "running"
    if heat.clock_stopped_at is not None or any(_has_result(e, attempts) for e in heat.entries):
        return "finished" if all(_has_result(e, attempts) for e in heat.entries) else "recording"
    return "scheduled"


def _current_heat(heats: list[dict[str, Any]]) -> Optional[str]:
    """The heat a board shows: the running one, else the one being recorded, else the next to run,
    else the last confirmed."""
    for wanted in (("running",), ("recording", "finished"), ("scheduled",)):
        found = next((h for h in heats if h["status"] in wanted), None)
        if found:
            return found["heat"]
    return heats[-1]["heat"] if heats else None


def _attempt_payload(rule: measured.MeasuredRule, attempt: Attempt, spread_allowed: Decimal) -> dict[str, Any]:
    """An attempt as the consoles show it; a hand time with `spread` (its watches' disagreement, seconds)
    and `wide` when that is over the rule's watch_spread."""
    spread = measured.stopwatch_spread(attempt.watches) if attempt.watches and len(attempt.watches) > 1 else None
    return {"number": attempt.number, "value": None if attempt.value is None else str(attempt.value),
            "text": attempt.status or measured.format_value(rule, attempt.value), "status": attempt.status,
            "watches": attempt.watches, "revision": attempt.revision, "corrected": attempt.revision > 1,
            "spread": None if spread is None else str(spread), "wide": spread is not None and spread > spread_allowed}


def _person(entry: Entry) -> dict[str, Any]:
    return {"entry": entry.key, "name": entry.name, "name_bo": entry.name_bo,
            "unit": entry.unit.name if entry.unit else None, "order": entry.running_order}


def _qualification(session: Session, stage: Stage, rule, heats: list[Heat],
                   attempts: dict[int, list[Attempt]]) -> Optional[dict[str, Any]]:
    """Who goes through to the final: by place in a confirmed heat ("Q") at once, the fastest
    losers ("q") when every heat is confirmed; a tie at a cut is the organizer's to decide."""
    settings = stage.settings or {}
    by_place, losers = int(settings.get("by_place", 0)), int(settings.get("fastest_losers", 0))
    if not by_place and not losers:
        return None
    results = {r.heat: r for r in heat_results(session, stage, rule, attempts)}
    decided = bool(heats) and all(heat.confirmed for heat in heats)
    qualified: dict[str, str] = {}
    problem = None
    try:
        if decided:
            qualified = dict(measured.qualifiers(rule, list(results.values()), by_place, losers))
        else:
            confirmed = [results[heat.key] for heat in heats if heat.confirmed]
            qualified = dict(measured.qualifiers(rule, confirmed, by_place, 0))
    except ValueError as tie:
        problem = str(tie)
        try:  # still show who is through by place, for the organizer deciding the rest
            qualified = dict(measured.qualifiers(rule, [results[h.key] for h in heats if h.confirmed], by_place, 0))
        except ValueError:
            qualified = {}
    return {"by_place": by_place, "fastest_losers": losers, "decided": decided and problem is None,
            "qualified": qualified, "problem": problem}


def measured_standings(session: Session, stage: Stage, sent_at: str) -> dict[str, Any]:
    rule = event_measured_rule(stage.event)
    now = utcnow()
    attempts = _latest_attempts(session, stage)
    heats = list(stage.heats)
    limit = time_limit(stage.event.rule or {})
    spread_allowed = watch_spread(stage.event.rule or {})
    qualification = _qualification(session, stage, rule, heats, attempts)
    qualified = qualification["qualified"] if qualification else {}
    entries = list(stage.entries)
    heat_of = {heat.id: heat.key for heat in heats}

    heat_payloads = []
    for heat in heats:
        ranked = {r.entry: r for r in measured.rank_results(
            rule, [_result(e, attempts.get(e.id, [])) for e in heat.entries if _has_result(e, attempts)])}
        heat_payloads.append({
            "heat": heat.key, "name": heat.name, "confirmed": heat.confirmed,
            "status": _heat_status(heat, attempts), "clock": _clock(heat, limit, now),
            "results": [{**_person(e), "lane": e.lane, "placing": e.placing, "mark_status": e.mark_status,
                         "attempts": [_attempt_payload(rule, a, spread_allowed) for a in attempts.get(e.id, [])],
                         "rank": ranked[e.key].rank if e.key in ranked else None,
                         "total": _shown(rule, ranked[e.key]) if e.key in ranked else None,
                         "mark": None if e.key not in ranked or ranked[e.key].mark is None else str(ranked[e.key].mark),
                         "tiebreak": ranked[e.key].tiebreak if e.key in ranked else None,
                         "qualified": qualified.get(e.key)}
                        for e in heat.entries]})

    by_key = {e.key: e for e in entries}
    overall = measured.rank_results(rule, [_result(e, attempts.get(e.id, [])) for e in entries if _has_result(e, attempts)])
    rows = [{**_person(by_key[r.entry]), "rank": r.rank, "total": _shown(rule, r),
             "mark": None if r.mark is None else str(r.mark), "mark_status": r.status,
             "status": "final" if by_key[r.entry].locked else "provisional", "tiebreak": r.tiebreak,
             "heat": heat_of.get(by_key[r.entry].heat_id), "lane": by_key[r.entry].lane,
             "qualified": qualified.get(r.entry)} for r in overall]

    last = max((a for entry_attempts in attempts.values() for a in entry_attempts),
               key=lambda a: (a.recorded_at, a.id), default=None)
    latest = None
    if last is not None:
        entry = next(e for e in entries if e.id == last.entry_id)
        latest = {**_person(entry), "attempt": last.number, "text": _attempt_payload(rule, last, spread_allowed)["text"],
                  "corrected": last.revision > 1, "at": moment(last.recorded_at), "heat": heat_of.get(entry.heat_id)}

    return {
        "stage": stage.key, "stage_name": stage.name, "event": stage.event.key, "event_name": stage.event.name,
        "format": "measured", "seq": stage.seq, "sent_at": sent_at,
        "rule": stored_measured_settings(rule, stage.event.rule or {}),
        "current_heat": _current_heat(heat_payloads), "heats": heat_payloads,
        "rows": rows, "latest": latest, "qualification": qualification,
        "from_stage": (stage.settings or {}).get("from_stage"),
        "entries": [{**_person(e), "heat": heat_of.get(e.heat_id), "lane": e.lane,
                     "state": "final" if e.locked else "provisional" if _has_result(e, attempts) else "waiting"}
                    for e in entries],
    }
