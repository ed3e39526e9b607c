"""The organizer console: login, the campaign overview and the judges' QR login sheets. The other
parts of the console (set-up, import, judges, schedule, awards) are blueprints of their own,
listed in organizers.BLUEPRINTS."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from display import finding
from display.links import only_this_computer, public_base, public_url, qr_svg
from organizers.access import (check_login, current_scope, end_session, organizer_required, sessions, stage_in_scope,
                               start_session)
from scoring.models import Campaign, Event, Stage

blueprint = Blueprint("organizers", __name__, url_prefix="/organizer")


def _safe_next(target: str | None) -> str:
    """Only a path on this server (never another site) after logging in."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("organizers.overview")


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    message = None
    if request.method == "POST":
        with sessions()() as db:
            organizer = check_login(db, request.form.get("username", ""), request.form.get("password", ""))
        if organizer is not None:
            start_session(organizer.id)
            return redirect(_safe_next(request.args.get("next")))
        message = _("Wrong username or password.")
    return render_template("organizer_login.html", message=message), 401 if message else 200


def refused_login(wait_seconds: int) -> str:
    """The login page when too many logins failed (HTTP 429, organizers.access.throttle_logins)."""
    message = _("Too many failed logins. Wait %(minutes)s minutes, then try again.",
                minutes=max(1, -(-wait_seconds // 60)))
    return render_template("organizer_login.html", message=message)


@blueprint.route("/logout", methods=["POST"])
def logout():
    end_session()
    return redirect(url_for("organizers.login"))


@blueprint.route("/")
@organizer_required
def overview():
    """Every campaign the organizer may see, its stages grouped by event (folded when there are many),
    with a search (`q`: an event, a stage, a unit or a key; display.finding)."""
    scope = current_scope()
    query = finding.query_text(request.args.get("q"))
    with sessions()() as db:
        campaigns = [c for c in db.scalars(select(Campaign).order_by(Campaign.id)).all() if scope.covers_campaign(c.id)]
        stages = db.scalars(select(Stage).join(Event).where(Event.campaign_id.in_([c.id for c in campaigns])).options(
            selectinload(Stage.event).selectinload(Event.category), selectinload(Stage.event).selectinload(Event.campaign),
            selectinload(Stage.entries), selectinload(Stage.judges), selectinload(Stage.tier), selectinload(Stage.unit))).all()
        covered = [stage for stage in stages if scope.covers_stage(stage)]
        found = {group.campaign.id: group for group in finding.grouped(covered, query)}
        shown = [{"campaign": c, "events": found[c.id].events if c.id in found else [],
                  "folded": not query and sum(1 for s in covered if s.event.campaign_id == c.id) > finding.MOST_CARDS}
                 for c in campaigns]
        return render_template("organizer.html", campaigns=shown, scope=scope, q=query,
                               found=sum(g.stage_count for g in found.values()), total=len(covered))


@blueprint.route("/stages/<stage_key>/judges")
@organizer_required
def judge_sheet(stage_key):
    """A printable sheet: one QR code per official; scanning it logs the tablet in."""
    with sessions()() as db:
        stage = stage_in_scope(db, stage_key)
        judges = [{"key": j.key, "name": j.name, "chief": j.chief,
                   "url": public_url("judges.tablet", token=j.token)} for j in stage.judges]
        stage.event  # loaded for the template
    for judge in judges:
        judge["qr"] = qr_svg(judge["url"])
    base = public_base()
    return render_template("judge_sheet.html", stage=stage, judges=judges, base=base, local_only=only_this_computer(base))
