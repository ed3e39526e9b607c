"""The organizer console (first slice): campaign overview, screens and the judges' QR login sheets.

Until organizer accounts exist, the console is opened with the organizer key that `make run`
prints (kept in the instance folder); the key is remembered in the browser's session cookie.
"""
from __future__ import annotations

import hmac
from functools import wraps

from flask import Blueprint, abort, current_app, redirect, render_template, request, session
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from display.links import public_url, qr_svg
from scoring.models import Campaign, Event, Stage

blueprint = Blueprint("organizers", __name__, url_prefix="/organizer")


def organizer_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        key = request.args.get("key")
        if key is not None and hmac.compare_digest(key, current_app.config["ORGANIZER_KEY"]):
            session["organizer"] = True
            return redirect(request.base_url)
        if not session.get("organizer"):
            return render_template("organizer_login.html", message=_("Open this page with the organizer link printed when the server started.")), 403
        return view(*args, **kwargs)
    return wrapped


def _sessions():
    return current_app.extensions["podium.sessions"]


@blueprint.route("/")
@organizer_required
def overview():
    with _sessions()() as db:
        campaigns = db.scalars(select(Campaign).options(
            selectinload(Campaign.events).selectinload(Event.stages).selectinload(Stage.entries),
            selectinload(Campaign.events).selectinload(Event.stages).selectinload(Stage.judges),
            selectinload(Campaign.events).selectinload(Event.category))).all()
    return render_template("organizer.html", campaigns=campaigns)


@blueprint.route("/stages/<stage_key>/judges")
@organizer_required
def judge_sheet(stage_key):
    """A printable sheet: one QR code per judge; scanning it logs the tablet in."""
    with _sessions()() as db:
        stage = db.scalar(select(Stage).where(Stage.key == stage_key).options(
            selectinload(Stage.judges), selectinload(Stage.event)))
        if stage is None:
            abort(404)
    judges = [{"key": j.key, "name": j.name, "chief": j.chief,
               "url": public_url("judges.tablet", token=j.token)} for j in stage.judges]
    for judge in judges:
        judge["qr"] = qr_svg(judge["url"])
    return render_template("judge_sheet.html", stage=stage, judges=judges)
