"""A venue's board: one URL per venue that shows whatever stage is running there.

`GET /venue/<campaign_id>/<venue_key>` is a full-screen page that embeds the LED board
(`/board/<stage>`, with the page's own `w`, `h` and `lang`) of the stage running at the venue and polls
`GET /api/v1/venues/<campaign_id>/<venue_key>/now` to follow it: when a time slot ends, the next
slot begins or a stage starts early, the board switches by itself. Venue keys are unique per
campaign (not across the database), hence the campaign's id in the URL.

Which stage a venue shows now (`venue_now`), in order:

1. a stage whose time slot covers now and that is under way (running or provisional);
2. else the most recent stage of the venue today that is under way (an overrunning stage, or
   one started before its slot);
3. else a stage whose slot covers now (not started yet, or final);
4. else the next stage of the venue today;
5. else nothing: the page shows the venue's name and its next stage on a later day, if any.

Festival times are local (PODIUM_TIMEZONE, default Asia/Shanghai, UTC+8 without daylight
saving); the database keeps UTC. The helpers below are the one place that converts.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Any, Optional
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Blueprint, abort, current_app, has_app_context, jsonify, render_template, request, url_for
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

from display.links import public_url
from scoring import models
from scoring.models import Stage, Venue
from scoring.progress import stage_states

blueprint = Blueprint("venues", __name__)

FESTIVAL_TZ = "Asia/Shanghai"
UNDER_WAY = ("running", "provisional")
POLL_SECONDS = 10


# --- festival time ------------------------------------------------------------------------------

@lru_cache(maxsize=8)
def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        # No tz database on this machine: China has kept UTC+8 without daylight saving since 1991.
        return timezone(timedelta(hours=8), "UTC+08:00")


def festival_tz() -> tzinfo:
    """The festival's time zone: config TIMEZONE, else PODIUM_TIMEZONE, else Asia/Shanghai."""
    name = current_app.config.get("TIMEZONE") if has_app_context() else None
    return _zone(name or os.environ.get("PODIUM_TIMEZONE") or FESTIVAL_TZ)


def now_utc() -> datetime:
    """The server's clock (scoring.models.utcnow, which tests may replace)."""
    return models.utcnow()


def local(moment: datetime) -> datetime:
    return moment.astimezone(festival_tz())


def local_today(now: Optional[datetime] = None) -> date:
    return local(now or now_utc()).date()


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The UTC moments a local festival day starts and ends (end exclusive)."""
    zone = festival_tz()
    start = datetime.combine(day, time(0), zone)
    end = datetime.combine(day + timedelta(days=1), time(0), zone)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


def at_local(day: date, clock: time) -> datetime:
    """A local date and wall-clock time as a UTC moment."""
    return datetime.combine(day, clock, festival_tz()).astimezone(timezone.utc)


def iso(moment: Optional[datetime]) -> Optional[str]:
    return None if moment is None else moment.astimezone(timezone.utc).isoformat(
        timespec="milliseconds").replace("+00:00", "Z")


@blueprint.app_template_filter("festival_time")
def festival_time(moment: Optional[datetime]) -> str:
    return "" if moment is None else local(moment).strftime("%H:%M")


@blueprint.app_template_filter("festival_date")
def festival_date(moment: Optional[datetime]) -> str:
    return "" if moment is None else local(moment).date().isoformat()


def slot_text(stage: Stage) -> str:
    """`10:00–11:30` in festival time ("" without a slot)."""
    if stage.starts_at is None:
        return ""
    return festival_time(stage.starts_at) + ("–" + festival_time(stage.ends_at) if stage.ends_at else "")


# --- which stage a venue shows ------------------------------------------------------------------

@dataclass
class VenueNow:
    stage: Optional[Stage]
    state: Optional[str]
    reason: str  # slot | running | next | none
    next: Optional[Stage]


def covers(stage: Stage, now: datetime) -> bool:
    """The stage's slot covers `now` (a slot without an end runs to the end of its day)."""
    if stage.starts_at is None or stage.starts_at > now:
        return False
    return now < (stage.ends_at or day_bounds(local(stage.starts_at).date())[1])


def _latest(stages: list[Stage]) -> Stage:
    floor = datetime.min.replace(tzinfo=timezone.utc)
    return max(stages, key=lambda s: (s.starts_at or floor, s.id))


def venue_now(session: Session, venue: Venue, now: Optional[datetime] = None) -> VenueNow:
    """The stage `venue` shows at `now` (see the module docstring), with the venue's next stage."""
    now = now or now_utc()
    day_start, day_end = day_bounds(local_today(now))
    today = session.scalars(
        select(Stage).options(selectinload(Stage.event))
        .where(Stage.venue_id == venue.id,
               or_(Stage.starts_at.is_(None),
                   and_(Stage.starts_at < day_end, or_(Stage.ends_at.is_(None), Stage.ends_at > day_start),
                        Stage.starts_at >= day_start - timedelta(days=1))))
        .order_by(Stage.starts_at, Stage.id)).all()
    states = stage_states(session, today)
    covering = [s for s in today if covers(s, now)]
    under_way = [s for s in today if states[s.id] in UNDER_WAY]
    shown, reason = None, "none"
    if [s for s in covering if s in under_way]:
        shown, reason = _latest([s for s in covering if s in under_way]), "slot"
    elif under_way:
        shown, reason = _latest(under_way), "running"
    elif covering:
        shown, reason = _latest(covering), "slot"
    else:
        upcoming = [s for s in today if s.starts_at is not None and s.starts_at > now]
        if upcoming:
            shown, reason = upcoming[0], "next"
    later = select(Stage).options(selectinload(Stage.event)).where(Stage.venue_id == venue.id, Stage.starts_at > now)
    if shown is not None:
        later = later.where(Stage.id != shown.id)
    following = session.scalars(later.order_by(Stage.starts_at, Stage.id).limit(1)).first()
    return VenueNow(shown, states.get(shown.id) if shown else None, reason, following)


# --- pages and the API --------------------------------------------------------------------------

def _sessions():
    return current_app.extensions["podium.sessions"]


def venue_or_404(session: Session, campaign_id: int, venue_key: str) -> Venue:
    venue = session.scalar(select(Venue).where(Venue.campaign_id == campaign_id, Venue.key == venue_key))
    if venue is None:
        abort(404)
    return venue


def board_link(campaign_id: int, venue_key: str) -> str:
    """The venue board's absolute URL, as put in a QR code."""
    return public_url("venues.board", campaign_id=campaign_id, venue_key=venue_key)


def _stage_summary(stage: Optional[Stage]) -> Optional[dict[str, Any]]:
    if stage is None:
        return None
    return {"stage": stage.key, "stage_name": stage.name, "event_name": stage.event.name,
            "starts_at": iso(stage.starts_at), "ends_at": iso(stage.ends_at),
            "date": festival_date(stage.starts_at) or None, "slot": slot_text(stage) or None}


def now_payload(session: Session, venue: Venue, now: Optional[datetime] = None) -> dict[str, Any]:
    now = now or now_utc()
    found = venue_now(session, venue, now)
    shown = _stage_summary(found.stage) or {"stage": None, "stage_name": None, "event_name": None,
                                             "starts_at": None, "ends_at": None, "date": None, "slot": None}
    return {"venue": venue.key, "venue_name": venue.name, "venue_name_bo": venue.name_bo, **shown,
            "state": found.state, "reason": found.reason,
            "board_url": url_for("display.board", stage_key=found.stage.key) if found.stage else None,
            "next": _stage_summary(found.next), "now": iso(now), "local_time": festival_time(now)}


@blueprint.route("/api/v1/venues/<int:campaign_id>/<venue_key>/now")
def now(campaign_id, venue_key):
    with _sessions()() as session:
        payload = now_payload(session, venue_or_404(session, campaign_id, venue_key))
    response = jsonify(payload)
    response.headers["Cache-Control"] = "no-store"
    return response


def _bounded(name: str, low: int, high: int) -> Optional[int]:
    value = request.args.get(name, type=int)
    return value if value is not None and low <= value <= high else None


@blueprint.route("/venue/<int:campaign_id>/<venue_key>")
def board(campaign_id, venue_key):
    """The venue's LED board: embeds the board of the stage running there and follows it."""
    with _sessions()() as session:
        venue = venue_or_404(session, campaign_id, venue_key)
        payload = now_payload(session, venue)
    canvas_w, canvas_h = _bounded("w", 64, 8192), _bounded("h", 64, 8192)
    lang = request.args.get("lang", "")
    passed = {"w": canvas_w, "h": canvas_h, "lang": lang if re.fullmatch(r"[a-z]{2,3}", lang) else None}
    return render_template("venue_board.html", venue=venue, campaign_id=campaign_id, payload=payload,
                           canvas_w=canvas_w, canvas_h=canvas_h, poll=_bounded("poll", 1, 300) or POLL_SECONDS,
                           board_query=urlencode({k: v for k, v in passed.items() if v}),
                           api_url=url_for("venues.now", campaign_id=campaign_id, venue_key=venue.key))
