"""Awards and prize money: a stage's award levels with quotas and prizes (一等奖 1 x 3000 yuan,
二等奖 2, 三等奖 3, 优秀奖 the rest), given from its final standings; the prize list and the medal
table of the whole campaign.

Levels are filled in ranking order. Entries tied across a quota's edge are not separated here:
the plan shows them and the organizer gives each of them one of the two levels around the edge
(both may get the higher one); the entries pushed down then take places of the next level.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation
from itertools import groupby
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from scoring import audit
from scoring.db import transaction
from scoring.errors import N_, ScoringError
from scoring.models import Award, AwardLevel, Entry, Event, Stage, Unit
from scoring.progress import stage_state
from scoring.service import bump_seq
from scoring.standings import stage_standings
from scoring.tiers import unit_chain

MAX_LEVELS = 12
NO_AWARD = ""


def _stage(session: Session, stage_key: str) -> Stage:
    stage = session.scalar(select(Stage).where(Stage.key == stage_key))
    if stage is None:
        raise ScoringError("unknown_stage", N_('There is no stage %(stage)s.'), stage=stage_key)
    return stage


def checked_levels(levels: Any) -> list[dict[str, Any]]:
    """Levels as the organizer typed them: name, quota (a whole number, or empty for "the rest" on
    the last level), prize (yuan, up to 2 decimals, or empty)."""
    if not isinstance(levels, list) or not 1 <= len(levels) <= MAX_LEVELS:
        raise ScoringError("bad_request", N_('Give 1 to %(most)s award levels.'), most=MAX_LEVELS)
    checked, names = [], set()
    for number, level in enumerate(levels, start=1):
        name = str(level.get("name") or "").strip()
        if not name or len(name) > 64:
            raise ScoringError("bad_request", N_('Level %(number)s: the name must be 1 to 64 characters.'), number=number)
        if name in names:
            raise ScoringError("bad_request", N_('Level %(number)s: %(name)s appears twice.'), number=number, name=name)
        names.add(name)
        quota = level.get("quota")
        if quota in (None, ""):
            if number != len(levels):
                raise ScoringError("bad_request", N_('Level %(number)s (%(name)s): only the last level may take "the rest".'), number=number, name=name)
            quota = None
        else:
            try:
                quota = int(str(quota).strip())
            except ValueError:
                raise ScoringError("not_a_number", N_('Level %(number)s (%(name)s): the quota must be a whole number.'), number=number, name=name)
            if not 1 <= quota <= 10000:
                raise ScoringError("out_of_range", N_('Level %(number)s (%(name)s): the quota must be from 1 to 10000.'), number=number, name=name)
        prize = level.get("prize")
        if prize in (None, ""):
            prize = None
        else:
            try:
                prize = Decimal(str(prize).strip())
            except InvalidOperation:
                raise ScoringError("not_a_number", N_('Level %(number)s (%(name)s): the prize must be an amount in yuan.'), number=number, name=name)
            if not prize.is_finite() or prize < 0 or prize > 10_000_000:
                raise ScoringError("out_of_range", N_('Level %(number)s (%(name)s): the prize must be from 0 to 10,000,000.'), number=number, name=name)
            if prize != prize.quantize(Decimal("0.01")):
                raise ScoringError("too_precise", N_('Level %(number)s (%(name)s): the prize has more than 2 decimals.'), number=number, name=name)
        checked.append({"name": name, "quota": quota, "prize": prize})
    return checked


def set_levels(sessions: sessionmaker[Session], stage_key: str, levels: Any, actor: str) -> None:
    """Replace a stage's award levels (refused once awards were given: clear them first)."""
    checked = checked_levels(levels)
    with transaction(sessions) as session:
        stage = _stage(session, stage_key)
        seq = bump_seq(session, stage.id)
        if session.scalar(select(Award.id).where(Award.stage_id == stage.id).limit(1)) is not None:
            raise ScoringError("awards_assigned", N_('Awards were already given for this stage; clear them first.'))
        stage.award_levels.clear()
        session.flush()
        for position, level in enumerate(checked, start=1):
            stage.award_levels.append(AwardLevel(position=position, **level))
        audit.record(session, actor, action="award_levels", stage_id=stage.id, stage_seq=seq,
                     detail={"levels": [{**lv, "prize": None if lv["prize"] is None else str(lv["prize"])}
                                        for lv in checked]})


def award_plan(session: Session, stage: Stage, decisions: Optional[dict[str, str]] = None) -> dict[str, Any]:
    """Who gets which level from the stage's standings: rows (with the level each gets, or None),
    the ties across a quota's edge (with the two levels to choose from) and whether it is final."""
    decisions = decisions or {}
    levels = list(stage.award_levels)
    rows = [r for r in stage_standings(session, stage.key)["rows"] if r.get("rank") is not None]
    given: dict[str, Optional[str]] = {}
    ties = []
    index, left = 0, (levels[0].quota if levels else 0)

    def step() -> None:
        nonlocal index, left
        index += 1
        left = levels[index].quota if index < len(levels) else 0

    for _, group in groupby(rows, key=lambda r: r["rank"]):
        group = list(group)
        while index < len(levels) and left is not None and left <= 0:
            step()
        if index >= len(levels):
            given.update({r["entry"]: None for r in group})
            continue
        if left is None or len(group) <= left:
            given.update({r["entry"]: levels[index].name for r in group})
            left = None if left is None else left - len(group)
            continue
        upper = levels[index].name
        lower = levels[index + 1].name if index + 1 < len(levels) else NO_AWARD
        ties.append({"rank": group[0]["rank"], "places": left, "choices": [upper, lower],
                     "entries": [r["entry"] for r in group]})
        chosen = {r["entry"]: decisions.get(r["entry"]) for r in group}
        for entry, level in chosen.items():
            given[entry] = level if level in (upper, lower) else None
        pushed = sum(1 for level in chosen.values() if level == lower)
        step()
        if index < len(levels) and left is not None and lower != NO_AWARD:
            left -= pushed
    undecided = [e for tie in ties for e in tie["entries"] if decisions.get(e) not in tie["choices"]]
    return {"stage": stage.key, "state": stage_state(session, stage),
            "levels": [{"name": lv.name, "quota": lv.quota, "prize": None if lv.prize is None else str(lv.prize)}
                       for lv in levels],
            "rows": [{**{k: r.get(k) for k in ("rank", "entry", "name", "name_bo", "unit", "total")},
                      "award": given.get(r["entry"]) or None} for r in rows],
            "ties": ties, "undecided": undecided}


def assign_awards(sessions: sessionmaker[Session], stage_key: str, actor: str,
                  decisions: Optional[dict[str, str]] = None) -> dict[str, Any]:
    """Give the stage's awards from its final standings (the organizer's decisions for the ties)."""
    with transaction(sessions) as session:
        stage = _stage(session, stage_key)
        seq = bump_seq(session, stage.id)
        if not stage.award_levels:
            raise ScoringError("no_levels", N_("Set the stage's award levels first."))
        plan = award_plan(session, stage, decisions)
        if plan["state"] != "final":
            raise ScoringError("not_final", N_('%(stage)s is not final yet: awards follow final results only.'), stage=stage.name)
        if plan["undecided"]:
            raise ScoringError("needs_decision", N_('Tied across a quota: decide for %(entries)s.'), entries=plan['undecided'])
        for old in session.scalars(select(Award).where(Award.stage_id == stage.id)):
            session.delete(old)
        session.flush()
        levels = {lv.name: lv for lv in stage.award_levels}
        entries = {e.key: e for e in stage.entries}
        for row in plan["rows"]:
            if row["award"]:
                session.add(Award(stage_id=stage.id, entry_id=entries[row["entry"]].id,
                                  level_id=levels[row["award"]].id, rank=row["rank"], decided_by=actor,
                                  note="tie decided by the organizer" if row["entry"] in (decisions or {}) else None))
        audit.record(session, actor, action="awards", stage_id=stage.id, stage_seq=seq,
                     detail={"awards": {r["entry"]: r["award"] for r in plan["rows"] if r["award"]},
                             "decisions": decisions or {}})
        return plan


def _township_and_village(unit: Optional[Unit]) -> tuple[str, str]:
    """(township, village) names of an entry's unit: the level under the county, and the unit itself."""
    chain = list(reversed(unit_chain(unit)))  # county, township, village
    township = chain[1].name if len(chain) > 1 else (chain[0].name if chain else "")
    village = chain[2].name if len(chain) > 2 else ""
    return township, village


def prize_list(session: Session, campaign_id: int, covers_stage=lambda stage: True) -> dict[str, Any]:
    """Every award of the campaign with its prize and the payout data of the person (ID number, bank
    card or phone, from the import); totals per township, per village (township, village; an empty
    village for awards to a township's own entries) and in all."""
    awards = session.scalars(
        select(Award).join(Stage, Award.stage_id == Stage.id).join(Event, Stage.event_id == Event.id)
        .where(Event.campaign_id == campaign_id)
        .options(selectinload(Award.entry).selectinload(Entry.unit), selectinload(Award.entry).selectinload(Entry.person),
                 selectinload(Award.level))
        .order_by(Event.id, Stage.id, Award.rank)).all()
    stages = {s.id: s for s in session.scalars(select(Stage).join(Event).where(Event.campaign_id == campaign_id))}
    rows = []
    by_township = defaultdict(lambda: {"count": 0, "prize": Decimal(0)})
    by_village = defaultdict(lambda: {"count": 0, "prize": Decimal(0)})
    total = Decimal(0)
    for award in awards:
        stage = stages[award.stage_id]
        if not covers_stage(stage):
            continue
        township, village = _township_and_village(award.entry.unit)
        prize = award.level.prize or Decimal(0)
        person = award.entry.person
        rows.append({"township": township, "village": village, "name": award.entry.name, "name_bo": award.entry.name_bo,
                     "event": stage.event.name, "stage": stage.name, "tier": stage.tier.name if stage.tier else "",
                     "rank": award.rank, "award": award.level.name, "prize": prize, "unit_id": award.entry.unit_id,
                     # personal data for the payout sheet: the caller shows it only to organizers of the unit
                     "id_number": person.id_number if person else None, "account": person.account if person else None})
        for totals in (by_township[township], by_village[(township, village)]):
            totals["count"] += 1
            totals["prize"] += prize
        total += prize
    return {"rows": rows, "townships": dict(sorted(by_township.items())), "villages": dict(sorted(by_village.items())),
            "total": total, "count": len(rows)}


def medal_table(session: Session, campaign_id: int) -> dict[str, Any]:
    """Awards by level for every township and village of the campaign (levels named as the stages
    name them, ordered by their position), with prize money; best first."""
    awards = session.scalars(
        select(Award).join(Stage, Award.stage_id == Stage.id).join(Event, Stage.event_id == Event.id)
        .where(Event.campaign_id == campaign_id)
        .options(selectinload(Award.entry).selectinload(Entry.unit), selectinload(Award.level))).all()
    order: dict[str, int] = {}
    tables: dict[str, dict[str, dict[str, Any]]] = {"township": {}, "village": {}}
    for award in awards:
        order[award.level.name] = min(order.get(award.level.name, 99), award.level.position)
        township, village = _township_and_village(award.entry.unit)
        for kind, name in (("township", township), ("village", f"{township}/{village}" if village else "")):
            if not name:
                continue
            row = tables[kind].setdefault(name, {"unit": name, "counts": defaultdict(int), "prize": Decimal(0), "total": 0})
            row["counts"][award.level.name] += 1
            row["total"] += 1
            row["prize"] += award.level.prize or Decimal(0)
    levels = sorted(order, key=lambda name: (order[name], name))

    def ranked(rows):
        listed = [{**r, "counts": [r["counts"].get(level, 0) for level in levels]} for r in rows.values()]
        return sorted(listed, key=lambda r: ([-c for c in r["counts"]], -r["total"], r["unit"]))
    return {"levels": levels, "townships": ranked(tables["township"]), "villages": ranked(tables["village"])}
