"""Venues and time slots of stages; the day view, the venue view and the progress overview.

Every page is for logged-in organizers. A township organizer sees and changes only the stages of
their township (another township's stage answers 404 and nothing is changed) and cannot create or
rename venues. Times are entered and shown in festival time (display.venues.festival_tz) and kept
in UTC. A refused form writes nothing and says why; a change is audited with the change itself.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import Any, Optional

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from display.links import qr_svg
from display.venues import (at_local, board_link, day_bounds, festival_tz, local, local_today, now_utc, slot_text,
                            venue_or_404)
from organizers.access import (campaign_in_scope, current_scope, organizer_audit, organizer_required, sessions, stage_in_scope,
                               written)
from scoring import organizing
from scoring.db import write
from scoring.errors import ScoringError
from scoring.models import Campaign, Event, Stage, Venue
from scoring.progress import STATES, is_late, stage_states

blueprint = Blueprint("schedule", __name__, url_prefix="/organizer/schedule")

VENUE_KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")
NAME_MAX = 200
CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
YEARS = (2000, 2100)


# --- what the organizer may see -----------------------------------------------------------------

def _stages(db: Session, campaign: Campaign, *where) -> list[Stage]:
    """The campaign's stages the organizer may see, in time order (stages without a slot first)."""
    scope = current_scope()
    query = (select(Stage).join(Event).where(Event.campaign_id == campaign.id, *where)
             .options(selectinload(Stage.event), selectinload(Stage.venue), selectinload(Stage.tier))
             .order_by(Stage.starts_at, Stage.id))
    if scope.units is not None:
        query = query.where(Stage.unit_id.in_(scope.units))
    return [s for s in db.scalars(query) if scope.covers_stage(s)]


def _cards(db: Session, stages: list[Stage], now: datetime) -> list[dict[str, Any]]:
    """Each stage with its state (all found in a few queries), whether it is late, and its slot."""
    states = stage_states(db, stages)
    return [{"stage": stage, "state": states[stage.id], "late": is_late(stage, states[stage.id], now),
             "slot": slot_text(stage)} for stage in stages]


def _safe_next(default: str) -> str:
    target = request.values.get("next")
    return target if target and target.startswith("/") and not target.startswith("//") else default


def _campaign_wide(errors: list[str]) -> bool:
    if current_scope().whole_campaign:
        return True
    errors.append(_("Only campaign-wide organizers can create or rename venues."))
    return False


def _render(template: str, errors: list[str], forbidden: bool = False, **context):
    """A page; a refused form (errors) answers 422, or 403 when the organizer may not do it at all."""
    status = 403 if forbidden else 422 if errors else 200
    return render_template(f"organizer/schedule_{template}.html", errors=errors, zone=str(festival_tz()),
                           **context), status


def _venue_refused() -> bool:
    """A venue form sent by an organizer who may not change venues."""
    return request.method == "POST" and not current_scope().whole_campaign


# --- venues -------------------------------------------------------------------------------------

def _venue_fields() -> dict[str, Any]:
    return {"key": request.form.get("key", "").strip(), "name": request.form.get("name", "").strip(),
            "name_bo": request.form.get("name_bo", "").strip() or None}


def _venue_problems(db: Session, campaign: Campaign, fields: dict[str, Any], venue: Optional[Venue]) -> list[str]:
    problems = []
    if venue is None:
        if not VENUE_KEY.fullmatch(fields["key"]):
            problems.append(_("The key must be 1 to 64 letters, digits, '-' or '_' (it is part of the board's URL)."))
        elif db.scalar(select(Venue.id).where(Venue.campaign_id == campaign.id, Venue.key == fields["key"])):
            problems.append(_("There is already a venue with the key %(key)s.", key=fields["key"]))
    if not 1 <= len(fields["name"]) <= NAME_MAX:
        problems.append(_("The name must be 1 to %(max)s characters.", max=NAME_MAX))
    if fields["name_bo"] and len(fields["name_bo"]) > NAME_MAX:
        problems.append(_("The Tibetan name must be at most %(max)s characters.", max=NAME_MAX))
    return problems


@blueprint.route("/venues", methods=["GET", "POST"])
@organizer_required
def venues():
    errors: list[str] = []
    fields = {"key": "", "name": "", "name_bo": None}
    with sessions()() as db:
        campaign = campaign_in_scope(db)
        if request.method == "POST" and _campaign_wide(errors):
            fields = _venue_fields()
            errors = _venue_problems(db, campaign, fields, None)
            if not errors:
                campaign_id = campaign.id

                def create(writing) -> None:
                    writing.add(Venue(campaign_id=campaign_id, **fields))
                    organizer_audit(writing, "venue_create", {"campaign": campaign_id, **fields})
                try:
                    written(create)
                except IntegrityError:  # the same key, created at the same moment by someone else
                    errors.append(_("There is already a venue with the key %(key)s.", key=fields["key"]))
            if not errors:
                flash(_("Venue %(name)s created.", name=fields["name"]), "ok")
                return redirect(url_for(".venues", campaign=campaign.id))
        listing = db.scalars(select(Venue).where(Venue.campaign_id == campaign.id).order_by(Venue.key)).all()
        return _render("venues", errors, _venue_refused(), campaign=campaign, venues=listing, fields=fields)


@blueprint.route("/venues/<venue_key>", methods=["GET", "POST"])
@organizer_required
def venue(venue_key):
    """A venue's stages over the campaign's days, its public board URL, and (POST) a new name."""
    errors: list[str] = []
    with sessions()() as db:
        campaign = campaign_in_scope(db)
        venue = venue_or_404(db, campaign.id, venue_key)
        fields = {"key": venue.key, "name": venue.name, "name_bo": venue.name_bo}
        if request.method == "POST" and _campaign_wide(errors):
            fields = {**_venue_fields(), "key": venue.key}
            errors = _venue_problems(db, campaign, fields, venue)
            before = {"name": venue.name, "name_bo": venue.name_bo}
            after = {"name": fields["name"], "name_bo": fields["name_bo"]}
            if not errors:
                if before != after:
                    venue_id, audited = venue.id, {"campaign": campaign.id, "venue": venue.key, "before": before, "after": after}

                    def rename(writing) -> None:
                        renamed = writing.get(Venue, venue_id)
                        renamed.name, renamed.name_bo = after["name"], after["name_bo"]
                        organizer_audit(writing, "venue_rename", audited)
                    written(rename)
                flash(_("Venue %(name)s saved.", name=after["name"]) if before != after else _("Nothing changed."), "ok")
                return redirect(url_for(".venue", venue_key=venue.key, campaign=campaign.id))
        now = now_utc()
        days: dict[Optional[date], list[dict[str, Any]]] = {}
        for card in _cards(db, _stages(db, campaign, Stage.venue_id == venue.id), now):
            stage = card["stage"]
            days.setdefault(local(stage.starts_at).date() if stage.starts_at else None, []).append(card)
        url = board_link(campaign.id, venue.key)
        return _render("venue", errors, _venue_refused(), campaign=campaign, venue=venue, fields=fields, days=days,
                       board_url=url, board_qr=qr_svg(url))


# --- a stage's time slot ------------------------------------------------------------------------

def _clock(text: str) -> Optional[time]:
    found = CLOCK.fullmatch(text)
    if not found:
        return None
    try:
        return time(int(found[1]), int(found[2]), int(found[3] or 0))
    except ValueError:
        return None


def _day(text: str) -> Optional[date]:
    if not DAY.fullmatch(text or ""):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_slot(db: Session, campaign: Campaign, form: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """The venue and the UTC start and end a slot form asks for, or the problems with it.
    Date, start and end come together (all empty: no time slot); the slot ends on its own date."""
    problems: list[str] = []
    slot: dict[str, Any] = {"venue": None, "starts_at": None, "ends_at": None}
    key = (form.get("venue") or "").strip()
    if key:
        slot["venue"] = db.scalar(select(Venue).where(Venue.campaign_id == campaign.id, Venue.key == key))
        if slot["venue"] is None:
            problems.append(_("There is no venue %(key)s in this campaign.", key=key))
    texts = [(form.get(name) or "").strip() for name in ("date", "start", "end")]
    if not any(texts):
        return slot, problems
    if not all(texts):
        problems.append(_("Give the date, the start and the end time together (or none of them to clear the slot)."))
        return slot, problems
    day, start, end = _day(texts[0]), _clock(texts[1]), _clock(texts[2])
    if day is None:
        problems.append(_("%(value)s is not a date like 2026-11-29.", value=texts[0]))
    elif not YEARS[0] <= day.year <= YEARS[1]:
        problems.append(_("The date must be between the years %(first)s and %(last)s.", first=YEARS[0], last=YEARS[1]))
    if start is None:
        problems.append(_("The start time %(value)s is not a time like 09:30.", value=texts[1]))
    if end is None:
        problems.append(_("The end time %(value)s is not a time like 17:00.", value=texts[2]))
    if start is not None and end is not None and end <= start:
        problems.append(_("The end time must be after the start time, on the same date."))
    if not problems:
        slot["starts_at"], slot["ends_at"] = at_local(day, start), at_local(day, end)
    return slot, problems


def overlapping(db: Session, stage: Stage, slot: dict[str, Any]) -> list[Stage]:
    """Other stages booked at the same venue at a time that overlaps the slot (touching is fine)."""
    return organizing.overlapping(db, stage.id, slot["venue"].id if slot["venue"] else None, slot["starts_at"],
                                  slot["ends_at"])


def _slot_form(stage: Stage) -> dict[str, str]:
    """The form's fields: as posted, else the stage's slot in festival time."""
    if request.method == "POST":
        return {name: request.form.get(name, "") for name in ("venue", "date", "start", "end")}
    return {"venue": stage.venue.key if stage.venue else "",
            "date": local(stage.starts_at).date().isoformat() if stage.starts_at else "",
            "start": local(stage.starts_at).strftime("%H:%M") if stage.starts_at else "",
            "end": local(stage.ends_at).strftime("%H:%M") if stage.ends_at else ""}


def _book(stage: Stage, wanted: dict[str, Any], overlap_ok: bool) -> Optional[dict[str, Any]]:
    """scoring.organizing.book_slot under the stage's lock; None when an overlap was booked meanwhile."""
    live = current_app.extensions["podium.live"]
    with live.writing(stage.key):
        try:
            venue_key = wanted["venue"].key if wanted["venue"] else None
            booked = write(organizing.book_slot, sessions(), stage.key, venue_key, wanted["starts_at"],
                           wanted["ends_at"], overlap_ok, current_scope().actor)
        except ScoringError as refused:
            if refused.code == "overlap":
                return None
            raise
        if booked["changed"]:
            live.changed(stage.key)
    return booked


@blueprint.route("/stages/<stage_key>/slot", methods=["GET", "POST"])
@organizer_required
def slot(stage_key):
    """A stage's venue and time slot. Double-booking a venue needs an explicit confirmation."""
    errors: list[str] = []
    clashes: list[Stage] = []
    with sessions()() as db:
        stage = stage_in_scope(db, stage_key)
        campaign = stage.event.campaign
        if request.method == "POST":
            wanted, errors = parse_slot(db, campaign, request.form)
            clashes = [] if errors else overlapping(db, stage, wanted)
            if not errors and (not clashes or request.form.get("overlap_ok")):
                booked = _book(stage, wanted, bool(request.form.get("overlap_ok")))
                if booked is None:  # another booking of the venue came first: show the clash
                    db.rollback()  # a new snapshot that sees it
                    clashes = overlapping(db, stage, wanted)
                elif booked["changed"]:
                    flash(_("Time slot of %(stage)s saved.", stage=f"{stage.event.name} · {stage.name}"), "ok")
                else:
                    flash(_("Nothing changed."), "ok")
            if not errors and (not clashes or request.form.get("overlap_ok")):
                shown = local(wanted["starts_at"]).date() if wanted["starts_at"] else local_today()
                return redirect(_safe_next(url_for(".day", date=shown.isoformat(), campaign=campaign.id)))
        venues = db.scalars(select(Venue).where(Venue.campaign_id == campaign.id).order_by(Venue.key)).all()
        scope = current_scope()
        clashes_shown = [{"stage": s, "slot": slot_text(s), "visible": scope.covers_stage(s)} for s in clashes]
        page = render_template("organizer/schedule_slot.html", stage=stage, campaign=campaign, venues=venues,
                               form=_slot_form(stage), errors=errors, clashes=clashes_shown,
                               next=_safe_next(""), zone=str(festival_tz()))
    return page, 422 if errors else 409 if clashes else 200


# --- the day view and the progress overview ------------------------------------------------------

@blueprint.route("/day")
@organizer_required
def day():
    """Every stage of one festival day in time order, in a column per venue."""
    errors: list[str] = []
    asked = request.args.get("date", "").strip()
    chosen = _day(asked) if asked else local_today()
    if chosen is None:
        errors.append(_("%(value)s is not a date like 2026-11-29.", value=asked))
        chosen = local_today()
    with sessions()() as db:
        campaign = campaign_in_scope(db)
        start, end = day_bounds(chosen)
        now = now_utc()
        cards = _cards(db, _stages(db, campaign, Stage.starts_at >= start, Stage.starts_at < end), now)
        columns = sorted({c["stage"].venue for c in cards if c["stage"].venue}, key=lambda v: v.key)
        if any(c["stage"].venue is None for c in cards):
            columns.append(None)
        rows: list[dict[str, Any]] = []  # one per start time: {venue id: cards}
        for card in cards:
            if not rows or rows[-1]["at"] != card["stage"].starts_at:
                rows.append({"at": card["stage"].starts_at, "cells": {}})
            rows[-1]["cells"].setdefault(card["stage"].venue_id, []).append(card)
        unscheduled = _stages(db, campaign, Stage.starts_at.is_(None))
        return _render("day", errors, campaign=campaign, day=chosen, rows=rows, columns=columns,
                       unscheduled=unscheduled, prev_day=chosen - timedelta(days=1),
                       next_day=chosen + timedelta(days=1), today=local_today(now))


@blueprint.route("/progress")
@organizer_required
def progress():
    """For each event and tier: how many stages are scheduled, running, provisional, final; the late ones."""
    scope = current_scope()
    with sessions()() as db:
        campaign = campaign_in_scope(db)
        events = db.scalars(
            select(Event).where(Event.campaign_id == campaign.id).order_by(Event.id)
            .options(selectinload(Event.tiers),
                     selectinload(Event.stages).selectinload(Stage.venue))).all()
        now = now_utc()
        rows, late = [], []
        cards = {c["stage"].id: c for c in _cards(db, [s for e in events for s in e.stages if scope.covers_stage(s)], now)}
        for event in events:
            counts: dict[Optional[int], Counter] = {}
            for stage in (s for s in event.stages if s.id in cards):
                card = cards[stage.id]
                tally = counts.setdefault(stage.tier_id, Counter())
                tally[card["state"]] += 1
                if card["late"]:
                    tally["late"] += 1
                    late.append(card)
            tiers = [t for t in event.tiers if scope.whole_campaign or t.id in counts]
            if None in counts or (scope.whole_campaign and not event.tiers):
                tiers.append(None)
            for i, tier in enumerate(tiers):
                tally = counts.get(tier.id if tier else None, Counter())
                rows.append({"event": event, "tier": tier, "first": i == 0, "counts": tally,
                             "total": sum(tally[state] for state in STATES)})
        late.sort(key=lambda c: (c["stage"].starts_at or now, c["stage"].id))
        return _render("progress", [], campaign=campaign, rows=rows, late=late, states=STATES)
