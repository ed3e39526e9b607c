"""Organizers' changes as service functions, made like the judges': each takes the stage lock first
(`bumped()` on every stage it touches, in id order), checks inside that transaction and writes the
change with its audit entry, so no mark, seat or booking can slip in between a check and a write.
The console's views parse the form and call these (inside `live.writing(stage)` for each stage);
a refusal raises ScoringError (code, message, `details` for the console's text) and stores nothing.
"""
from __future__ import annotations

import hashlib
import io
import re
import secrets
from datetime import datetime
from typing import Any, Callable, Optional

from PIL import Image
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from scoring import audit
from scoring.db import transaction
from scoring.errors import N_, ScoringError
from scoring.models import (Attempt, Campaign, Entry, Event, Fixture, Judge, MatchEvent, PoolJudge, Scorecard, Stage,
                            Unit, Venue, utcnow)
from scoring.service import bumped
from scoring.tiers import unit_chain


# --- an event's rule -----------------------------------------------------------------------------

def event_scored(session: Session, event_id: int) -> bool:
    """Whether anything has been recorded in the event (its rule is then fixed)."""
    stage_ids = select(Stage.id).where(Stage.event_id == event_id)
    entry_ids = select(Entry.id).where(Entry.stage_id.in_(stage_ids))
    return any(session.scalar(query) for query in (
        select(Scorecard.id).where(Scorecard.entry_id.in_(entry_ids)).limit(1),
        select(Attempt.id).where(Attempt.entry_id.in_(entry_ids)).limit(1),
        select(MatchEvent.id).join(Fixture).where(Fixture.stage_id.in_(stage_ids)).limit(1)))


def event_stage_keys(session: Session, event_id: int) -> list[str]:
    return list(session.scalars(select(Stage.key).where(Stage.event_id == event_id).order_by(Stage.key)))


def change_event_rule(sessions: sessionmaker[Session], event_id: int, apply: Callable[[Session, Event], None],
                      actor: str) -> list[str]:
    """Change an event's rule while nothing is recorded in it: every stage of the event is locked
    first, then "already scored" is checked, then `apply(session, event)` sets the rule (and
    criteria; it raises ValueError for a bad rule). The stages' keys (their snapshots changed)."""
    with transaction(sessions) as session:
        event = session.get(Event, event_id)
        if event is None:
            raise ScoringError("unknown_event", N_('There is no event %(event)s.'), event=event_id)
        stages = session.execute(select(Stage.id, Stage.key).where(Stage.event_id == event_id).order_by(Stage.id)).all()
        for stage in stages:
            bumped(session, stage.id)
        if event_scored(session, event_id):
            raise ScoringError("already_scored", N_('Marks or results are already recorded in %(event)s: its rule is fixed.'), event=event.name)
        try:
            apply(session, event)
        except (ValueError, KeyError, TypeError, ArithmeticError) as bad:
            raise ScoringError("bad_rule", str(bad))
        audit.record(session, actor, "event_rule", detail={"event": event.key, "rule": event.rule})
        return [stage.key for stage in stages]


# --- panels ----------------------------------------------------------------------------------------

def conflicts(judge_unit: Optional[Unit], entries: list[Entry]) -> list[Entry]:
    """The entries a judge from `judge_unit` may not score: those from that unit or from inside it
    (the county, the root of the tree, is everyone's and never counts)."""
    if judge_unit is None or judge_unit.parent_id is None:
        return []
    return [e for e in entries if any(u.id == judge_unit.id for u in unit_chain(e.unit))]


def _locked_stage(session: Session, stage_key: str) -> tuple[Stage, int]:
    """The stage, its row locked (its seq bumped: the first write of the change), and the new seq."""
    stage_id = session.scalar(select(Stage.id).where(Stage.key == stage_key))
    if stage_id is None:
        raise ScoringError("unknown_stage", N_('There is no stage %(stage)s.'), stage=stage_key)
    seq = bumped(session, stage_id).seq
    return session.get(Stage, stage_id), seq


def seat_judge(sessions: sessionmaker[Session], stage_key: str, seat_id: Any, pool_judge_id: Any, override: bool,
               reason: str, actor: str) -> dict[str, Any]:
    """Seat a pool judge on one seat of a stage's panel (a new person gets a new QR login), refusing
    a judge already on the panel, and a conflict (an entry from the judge's own unit) unless it is
    overridden with a reason: checked under the stage lock, against the entries and seats as they are."""
    reason = (reason or "").strip()
    with transaction(sessions) as session:
        stage, seq = _locked_stage(session, stage_key)
        seat = next((j for j in stage.judges if isinstance(seat_id, int) and j.id == seat_id), None)
        chosen = (session.get(PoolJudge, pool_judge_id)
                  if isinstance(pool_judge_id, int) and 0 < pool_judge_id < 2 ** 63 else None)
        if seat is None or chosen is None or chosen.campaign_id != stage.event.campaign_id:
            raise ScoringError("unknown_seat", N_("No such seat or pool judge in this stage's campaign."))
        if any(j.pool_judge_id == chosen.id and j.id != seat.id for j in stage.judges):
            raise ScoringError("already_seated", N_('%(name)s already sits on this panel.'), name=chosen.name)
        clash = conflicts(chosen.unit, list(stage.entries))
        if clash and not (override and reason):
            raise ScoringError("conflict", N_("%(name)s comes from %(unit)s and may not score %(entries)s."),
                               name=chosen.name, unit=chosen.unit.name, entries=[e.name for e in clash])
        revoked = seat.pool_judge_id != chosen.id
        if revoked:
            seat.token = secrets.token_urlsafe(18)  # a new person on the seat: a new QR login
        seat.pool_judge_id, seat.name = chosen.id, chosen.name
        seat.conflict_override = reason if clash else None
        audit.record(session, actor, "seat_judge", stage_id=stage.id, stage_seq=seq, note=reason if clash else None,
                     detail={"seat": seat.key, "judge": chosen.name, "conflicts": [e.key for e in clash]})
        return {"seat": seat.key, "name": chosen.name, "judge_id": seat.id, "revoked": revoked}


# --- the schedule ----------------------------------------------------------------------------------

def overlapping(session: Session, stage_id: int, venue_id: Optional[int], starts_at: Optional[datetime],
                ends_at: Optional[datetime]) -> list[Stage]:
    """Other stages booked at the venue at a time that overlaps the slot (touching is fine)."""
    if venue_id is None or starts_at is None:
        return []
    return list(session.scalars(
        select(Stage).options(selectinload(Stage.event))
        .where(Stage.venue_id == venue_id, Stage.id != stage_id, Stage.starts_at < ends_at,
               or_(Stage.ends_at > starts_at, and_(Stage.ends_at.is_(None), Stage.starts_at >= starts_at)))
        .order_by(Stage.starts_at)))


def _slot_record(venue_key: Optional[str], starts_at: Optional[datetime], ends_at: Optional[datetime]) -> dict:
    return {"venue": venue_key, "starts_at": starts_at.isoformat() if starts_at else None,
            "ends_at": ends_at.isoformat() if ends_at else None}


def book_slot(sessions: sessionmaker[Session], stage_key: str, venue_key: Optional[str], starts_at: Optional[datetime],
              ends_at: Optional[datetime], overlap_ok: bool, actor: str) -> dict[str, Any]:
    """Book a stage's venue and time slot (None: clear it). The stage is locked and the venue's row
    too (FOR UPDATE on PostgreSQL; SQLite has one writer), so two bookings of one venue are checked
    one after the other; an overlap is refused ("overlap", details: the stages) unless `overlap_ok`."""
    try:
        return _book(sessions, stage_key, venue_key, starts_at, ends_at, overlap_ok, actor)
    except _Unchanged:
        return {"changed": False, "overlaps": []}


class _Unchanged(Exception):
    pass


def _book(sessions, stage_key, venue_key, starts_at, ends_at, overlap_ok, actor) -> dict[str, Any]:
    with transaction(sessions) as session:
        stage, seq = _locked_stage(session, stage_key)
        venue = None
        if venue_key is not None:
            venue = session.scalar(select(Venue).with_for_update().where(
                Venue.campaign_id == stage.event.campaign_id, Venue.key == venue_key))
            if venue is None:
                raise ScoringError("unknown_venue", N_('There is no venue %(key)s in this campaign.'), key=venue_key)
        clashes = overlapping(session, stage.id, venue.id if venue else None, starts_at, ends_at)
        if clashes and not overlap_ok:
            raise ScoringError("overlap", N_("%(venue)s is booked then by %(stages)s."),
                               venue=venue.name if venue else venue_key, stages=[s.name for s in clashes])
        before = _slot_record(stage.venue.key if stage.venue else None, stage.starts_at, stage.ends_at)
        after = _slot_record(venue_key if venue else None, starts_at, ends_at)
        if before == after:
            raise _Unchanged()  # nothing to change: not even the stage's seq
        stage.venue_id, stage.starts_at, stage.ends_at = venue.id if venue else None, starts_at, ends_at
        audit.record(session, actor, "schedule_slot", stage_id=stage.id, stage_seq=seq,
                     detail={"stage": stage.key, "before": before, "after": after,
                             "overlaps": [s.key for s in clashes]})
        return {"changed": True, "overlaps": [s.key for s in clashes]}


# --- a drawing of lots -----------------------------------------------------------------------------

MAX_LOTS_TEXT = 200


def level_ties(session: Session, stage: Stage) -> dict[str, list[list[str]]]:
    """Each complete group's ties that only lots can break (group "" for a stage without groups):
    the teams level on every step of the chain before `lots`, found as if no lots were drawn, so a
    tie already drawn is still listed (to show or correct its drawing)."""
    from scoring.match_standings import match_standings  # the standings read what this writes

    ties: dict[str, dict[int, list[str]]] = {}
    for row in match_standings(session, stage, "", lots={})["rows"]:
        if row["needs_lots"]:
            ties.setdefault(row["group"] or "", {}).setdefault(row["rank"], []).append(row["entry"])
    return {group: list(by_rank.values()) for group, by_rank in ties.items()}


def _lots_text(value: Any, what: str, required: bool) -> Optional[str]:
    text = value.strip() if isinstance(value, str) else None
    if value is not None and (text is None or len(text) > MAX_LOTS_TEXT):
        raise ScoringError("bad_request", N_("Who drew, the note and the reason may be at most %(most)s characters long."),
                           most=MAX_LOTS_TEXT)
    if required and not text:
        raise ScoringError("drawn_by_required", N_("Give the name of the person who drew the lots.")) if what == "drawn_by" \
            else ScoringError("reason_required", N_("Give the reason for this correction."))
    return text or None


def draw_lots(sessions: sessionmaker[Session], stage_key: str, group: Any, order: Any, drawn_by: Any, note: Any,
              actor: str, reason: Any = None) -> dict[str, Any]:
    """The organizer console's drawing of lots (`drawing_of_lots`) under the stage lock, audited
    (`lots`; the note: a correction's reason). The same drawing sent again changes nothing
    ({"changed": False})."""
    try:
        with transaction(sessions) as session:
            stage, seq = _locked_stage(session, stage_key)
            detail = drawing_of_lots(session, stage, group, order, drawn_by, note, actor, reason)
            audit.record(session, actor, "lots", stage_id=stage.id, stage_seq=seq, note=detail.pop("reason"),
                         detail=detail)
            return {"changed": True, "group": detail["group"], "order": detail["order"],
                    "corrected": detail["before"] is not None}
    except Unchanged:
        return {"changed": False}


class Unchanged(Exception):
    """The drawing sent is the one recorded: nothing to store."""


def drawing_of_lots(session: Session, stage: Stage, group: Any, order: Any, drawn_by: Any, note: Any, actor: str,
                    reason: Any = None) -> dict[str, Any]:
    """Record a drawing of lots between the teams of one group that are level on everything, in the
    order drawn (first drawn ranks highest), with who drew and a note (the witnesses), in the stage's
    settings.drawings; called with the stage locked, it returns the audit's detail (and `reason`).
    Refused: an unfinished group ("group_not_complete"), a group with no such tie ("not_level"), a
    team not in the tie ("not_in_tie", details: teams), a tie's team left out ("order_incomplete",
    details: teams), a tie already drawn ("already_drawn": a correction gives its reason), a knockout
    already drawn from the tables ("already_seeded"). Raises Unchanged for the drawing recorded."""
    from scoring.match_standings import FINISHED, drawn_lots

    drawn_by = _lots_text(drawn_by, "drawn_by", required=True)
    note = _lots_text(note, "note", required=False)
    reason = _lots_text(reason, "reason", required=False)
    if not isinstance(order, list) or not order or not all(isinstance(team, str) for team in order) \
            or len(set(order)) != len(order):
        raise ScoringError("bad_request", "order must list the level teams, each once, in the order drawn.")
    if stage.event.format != "match":
        raise ScoringError("bad_request", N_("%(stage)s is not a match stage."), stage=stage.name)
    group = group or ""
    in_group = [f for f in stage.fixtures if (f.group or "") == group]
    if not isinstance(group, str) or not in_group:
        raise ScoringError("unknown_group", N_("%(stage)s has no group %(group)s."), stage=stage.name, group=str(group))
    names = {e.key: e.name for e in stage.entries}
    drawn_from = [s.key for s in session.scalars(select(Stage).where(Stage.event_id == stage.event_id))
                  if (s.settings or {}).get("from_stage") == stage.key and s.fixtures]
    if drawn_from:
        raise ScoringError("already_seeded", N_("The knockout %(stages)s is drawn from these tables already."), stages=drawn_from)
    unfinished = [f.key for f in in_group if f.status not in FINISHED]
    if unfinished:
        raise ScoringError("group_not_complete", N_("The group's matches are not all finished: %(fixtures)s."),
                           group=group, fixtures=unfinished)
    ties = level_ties(session, stage).get(group, [])
    if not ties:
        raise ScoringError("not_level", N_("No teams of this group are level on everything: there is nothing to draw."),
                           group=group)
    tie = next((t for t in ties if order[0] in t), [])
    strangers = [team for team in order if team not in tie]
    if strangers:
        raise ScoringError("not_in_tie", N_("Not in this tie: %(teams)s."), teams=[names.get(team, team) for team in strangers])
    missing = [team for team in tie if team not in order]
    if missing:
        raise ScoringError("order_incomplete", N_("Give every team of the tie a place in the order drawn: %(teams)s missing."),
                           teams=[names[team] for team in missing])
    drawings = list((stage.settings or {}).get("drawings") or [])
    before = [team for team in drawn_lots(stage).get(group, []) if team in tie]
    earlier = next((d for d in drawings if d["group"] == group and set(d["order"]) == set(tie)), None)
    if before == order and (earlier is None or earlier["drawn_by"] == drawn_by):
        raise Unchanged()  # the same drawing sent again
    corrected = len(before) == len(tie)
    if corrected and not reason:
        raise ScoringError("already_drawn", N_("Lots were already drawn (%(teams)s). To correct the drawing, give the reason."),
                           teams=[names[team] for team in before])
    drawing = {"group": group, "order": order, "drawn_by": drawn_by, "note": note, "actor": actor,
               "at": utcnow().isoformat(timespec="seconds")}
    stage.settings = {**(stage.settings or {}), "drawings": [d for d in drawings if d is not earlier] + [drawing]}
    return {"group": group, "order": order, "drawn_by": drawn_by, "note": note,
            "before": before if corrected else None, "reason": reason if corrected else None}


# --- the boards' band and the teams' colours -------------------------------------------------------

LOGO_MAX_BYTES = 512 * 1024
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
BAND_TITLE_MAX = 200
COLOUR = re.compile(r"#[0-9a-f]{6}")


def checked_logo(data: bytes) -> tuple[bytes, str]:
    """A campaign's logo: its bytes and MIME type, once Pillow has read it as a PNG or JPEG picture of
    at most LOGO_MAX_BYTES."""
    if len(data) > LOGO_MAX_BYTES:
        raise ScoringError("logo_too_big", N_("The logo has %(size)s KB; it may have at most %(limit)s KB."),
                           size=len(data) // 1024, limit=LOGO_MAX_BYTES // 1024)
    try:
        with Image.open(io.BytesIO(data)) as picture:
            picture.verify()
            kind = picture.format
    except Exception:  # Pillow raises many kinds for a file that is not a picture
        kind = None
    if kind not in LOGO_TYPES:
        raise ScoringError("not_a_logo", N_("The logo must be a PNG or JPEG picture."))
    return data, LOGO_TYPES[kind]


def set_board_band(sessions: sessionmaker[Session], campaign_id: int, title: str, logo: Optional[bytes],
                   remove_logo: bool, actor: str) -> None:
    """The band the campaign's boards show at their top: its title (empty: none) and its logo (a new
    one, kept, or removed), audited. The boards show it when they are opened or reloaded."""
    title = (title or "").strip()
    if len(title) > BAND_TITLE_MAX:
        raise ScoringError("title_too_long", N_("The band's title has %(length)s characters; it may have at most %(limit)s."),
                           length=len(title), limit=BAND_TITLE_MAX)
    checked = checked_logo(logo) if logo else None
    with transaction(sessions) as session:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None:
            raise ScoringError("unknown_campaign", N_("There is no campaign %(campaign)s."), campaign=campaign_id)
        campaign.band_title = title or None
        if checked:
            campaign.logo, campaign.logo_type = checked
        elif remove_logo:
            campaign.logo = campaign.logo_type = None
        logo_note = hashlib.sha256(checked[0]).hexdigest() if checked else ("removed" if remove_logo else "kept")
        audit.record(session, actor, "board_band", detail={"campaign": campaign.name, "title": title, "logo": logo_note})


def set_team_colours(sessions: sessionmaker[Session], stage_key: str, colours: dict[str, Optional[str]],
                     actor: str) -> dict[str, Optional[str]]:
    """The colours of a match stage's teams on the boards ("#rrggbb"; empty: none), under the stage's
    lock, audited; a knockout's team without one shows the colour of the team it advanced as.
    The teams whose colour changed, with their new colour."""
    with transaction(sessions) as session:
        stage, seq = _locked_stage(session, stage_key)
        if stage.event.format != "match":
            raise ScoringError("not_a_match", N_("%(stage)s is not a match stage: it has no teams."), stage=stage.name)
        teams = {entry.key: entry for entry in stage.entries}
        changed: dict[str, Optional[str]] = {}
        for key, value in colours.items():
            team = teams.get(key)
            if team is None:
                raise ScoringError("unknown_team", N_("There is no team %(team)s in %(stage)s."), team=key, stage=stage.name)
            value = (value or "").strip().lower() or None
            if value is not None and not COLOUR.fullmatch(value):
                raise ScoringError("bad_colour", N_("%(colour)s is not a colour for %(team)s: choose one like #c00000."),
                                   team=team.name, colour=value)
            if team.colour != value:
                team.colour = changed[key] = value
        audit.record(session, actor, "team_colours", stage_id=stage.id, stage_seq=seq,
                     detail={"stage": stage.key, "colours": changed})
        return changed
