"""The organizer console's settings for the boards: a campaign's band (title and logo, shown at the top
of its boards) and the colours of a match stage's teams (chips beside their names). Both are changes
made by scoring.organizing's services, audited; the colours under the stage's lock, sent to the boards."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from organizers.access import current_scope, match_stage_in_scope, organizer_required, sessions
from podium.refusals import refusal_text
from scoring import organizing
from scoring.db import write
from scoring.errors import ScoringError

blueprint = Blueprint("boards", __name__, url_prefix="/organizer/boards")


@blueprint.route("/campaigns/<int:campaign_id>/band", methods=["POST"])
@organizer_required
def band(campaign_id):
    """The campaign's band: its title, a new logo (or the one it has, or none)."""
    scope = current_scope()
    if not scope.covers_campaign(campaign_id) or not scope.whole_campaign:
        abort(404)
    upload = request.files.get("logo")
    logo = upload.read(organizing.LOGO_MAX_BYTES + 1) if upload and upload.filename else None
    try:
        write(organizing.set_board_band, sessions(), campaign_id, request.form.get("band_title", ""), logo,
              bool(request.form.get("remove_logo")), scope.actor)
    except ScoringError as refused:
        if refused.code == "unknown_campaign":
            abort(404)
        flash(refusal_text(refused), "error")
    else:
        flash(_("The boards' band is saved; open boards show it when they are reloaded."), "ok")
    return redirect(url_for("setup.campaign", campaign_id=campaign_id) + "#board-band")


@blueprint.route("/stages/<stage_key>/colours", methods=["GET", "POST"])
@organizer_required
def colours(stage_key):
    """The colours of a match stage's teams: one colour field a team."""
    with sessions()() as db:
        stage = match_stage_in_scope(db, stage_key)
        teams = [(e.key, e.name, e.colour) for e in sorted(stage.entries, key=lambda e: e.running_order)]
        title = f"{stage.event.name} · {stage.name}"
        campaign_id = stage.event.campaign_id
    if request.method == "POST":
        chosen = {key: request.form.get(f"colour-{key}", "") if not request.form.get(f"none-{key}") else ""
                  for key, _name, _colour in teams}
        live = current_app.extensions["podium.live"]
        with live.writing(stage_key):
            try:
                write(organizing.set_team_colours, sessions(), stage_key, chosen, current_scope().actor)
            except ScoringError as refused:
                flash(refusal_text(refused), "error")
            else:
                live.changed(stage_key)
                flash(_("The teams' colours are saved and shown on the boards."), "ok")
        return redirect(url_for("boards.colours", stage_key=stage_key))
    return render_template("organizer/team_colours.html", stage_key=stage_key, title=title, teams=teams,
                           campaign_id=campaign_id)

