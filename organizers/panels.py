"""The judge pool and the panels: judges of the campaign with their home unit, seated on a stage's
panel. A judge may not score a stage with an entry from their own village (or from inside the
unit they come from) unless the organizer overrides it with a reason, which is audited. Seating
someone else on a seat gives it a new QR login, so the previous holder's code stops working.
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from organizers.access import (campaign_in_scope, current_scope, organizer_audit, organizer_required, sessions, stage_in_scope,
                               written)
from organizers.importing_views import TOKEN
from scoring import organizing
from scoring.db import write
from scoring.errors import ScoringError
from podium.refusals import refusal_text
from scoring.models import PoolJudge, Stage, Unit
from scoring.organizing import conflicts

blueprint = Blueprint("panels", __name__, url_prefix="/organizer/panels")
MAX_NAME = 200


@blueprint.route("/", methods=["GET", "POST"])
@organizer_required
def pool():
    scope = current_scope()
    with sessions()() as db:
        campaign = campaign_in_scope(db)
        units = [u for u in db.scalars(select(Unit).where(Unit.campaign_id == campaign.id).order_by(Unit.id))
                 if scope.covers_unit(u.id)]
        if request.method == "POST":
            name = (request.form.get("name") or "").strip()
            name_bo = (request.form.get("name_bo") or "").strip() or None
            phone = (request.form.get("phone") or "").strip() or None
            note = (request.form.get("note") or "").strip() or None
            unit = next((u for u in units if u.id == request.form.get("unit", type=int)), None)
            if not name or len(name) > MAX_NAME or (name_bo and len(name_bo) > MAX_NAME) or (phone and len(phone) > 32) \
                    or (note and len(note) > MAX_NAME):
                flash(_("A judge needs a name of 1 to 200 characters (phone at most 32, note at most 200)."), "error")
            elif unit is None:
                flash(_("Choose the judge's home unit."), "error")
            else:
                def add(writing) -> None:
                    writing.add(PoolJudge(campaign_id=campaign.id, name=name, name_bo=name_bo, unit_id=unit.id, phone=phone,
                                         note=note))
                    organizer_audit(writing, "pool_judge", {"name": name, "unit": unit.name})
                written(add)
                flash(_("%(name)s added to the judge pool.", name=name), "ok")
            return redirect(url_for("panels.pool", campaign=campaign.id))
        judges = db.scalars(select(PoolJudge).where(PoolJudge.campaign_id == campaign.id).order_by(PoolJudge.id)).all()
        judges = [j for j in judges if scope.whole_campaign or scope.covers_unit(j.unit_id)]
        left_out = request.args.get("left_out", "")  # the token of a judge file imported without its bad rows
        return render_template("organizer/pool.html", campaign=campaign, judges=judges, units=units,
                               left_out=left_out if TOKEN.match(left_out) else None)


def _seat_view(db, stage: Stage) -> list[dict]:
    return [{"seat": seat, "conflicts": conflicts(seat.pool_judge.unit if seat.pool_judge else None, list(stage.entries))}
            for seat in stage.judges]


@blueprint.route("/stages/<stage_key>", methods=["GET", "POST"])
@organizer_required
def panel(stage_key):
    scope = current_scope()
    with sessions()() as db:
        stage = stage_in_scope(db, stage_key)
        pool_judges = db.scalars(select(PoolJudge).where(PoolJudge.campaign_id == stage.event.campaign_id)
                                 .order_by(PoolJudge.id)).all()
        if request.method == "POST":
            _seat(stage.key, request.form, scope)
            return redirect(url_for("panels.panel", stage_key=stage.key))
        return render_template("organizer/panel.html", stage=stage, event=stage.event, seats=_seat_view(db, stage),
                               pool=pool_judges)


def _seat(stage_key: str, form, scope) -> None:
    """Seat a pool judge on one seat of the panel (scoring.organizing.seat_judge, under the stage's
    lock), refusing a conflict unless it is overridden with a reason."""
    live = current_app.extensions["podium.live"]
    with live.writing(stage_key):  # the stage's changes and snapshots in order, as the judges' path
        try:
            seated = write(organizing.seat_judge, sessions(), stage_key, form.get("seat", type=int),
                           form.get("pool_judge", type=int), bool(form.get("override")),
                           form.get("override_reason") or "", scope.actor)
        except ScoringError as refused:
            _seat_refused(refused)
            return
        if seated["revoked"]:  # the seat's old token: its live connections are closed at once
            live.revoke(seated["judge_id"])
        live.changed(stage_key)
    flash(_("%(name)s seated as %(seat)s.", name=seated["name"], seat=seated["seat"]), "ok")


def _seat_refused(refused: ScoringError) -> None:
    if refused.code == "unknown_seat":
        abort(404)
    advice = _("Tick the override and give the reason to seat them anyway.") if refused.code == "conflict" else ""
    flash(" ".join(filter(None, (refusal_text(refused), advice))), "error")
