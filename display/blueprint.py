"""Pages for screens: the LED board, the spectators' phone page, the standings API, the start page."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from display import finding
from display.links import public_url, qr_svg
from podium.live import VIEWS
from scoring.errors import ScoringError
from scoring.models import Campaign, Event, Stage

blueprint = Blueprint("display", __name__)


def _sessions():
    return current_app.extensions["podium.sessions"]


def _stage_or_404(stage_key: str) -> Stage:
    with _sessions()() as session:
        stage = session.scalar(select(Stage).where(Stage.key == stage_key))
        if stage is None:
            abort(404)
        stage.event  # load while the session is open
        return stage


def _canvas(name: str) -> int | None:
    value = request.args.get(name, type=int)
    return value if value and 64 <= value <= 8192 else None


def _band(campaign_id: int) -> dict:
    """The band a campaign's boards show at their top (organizers/boards.py): its title and its logo's
    address, each None when not set."""
    with _sessions()() as session:
        found = session.execute(select(Campaign.band_title, Campaign.logo_type).where(Campaign.id == campaign_id)).first()
    return {"title": found.band_title if found else None,
            "logo": url_for("display.logo", campaign_id=campaign_id) if found and found.logo_type else None}


@blueprint.route("/board/<stage_key>")
def board(stage_key):
    stage = _stage_or_404(stage_key)
    spectator_url = public_url("display.spectator", stage_key=stage.key)
    return render_template("board.html", stage_key=stage.key, stage_title=f"{stage.event.name} · {stage.name}",
                           canvas_w=_canvas("w"), canvas_h=_canvas("h"), band=_band(stage.event.campaign_id),
                           spectator_url=spectator_url, spectator_qr_svg=qr_svg(spectator_url))


@blueprint.route("/campaigns/<int:campaign_id>/logo")
def logo(campaign_id):
    """The campaign's logo for its boards' band (a PNG or JPEG checked when it was uploaded)."""
    with _sessions()() as session:
        found = session.execute(select(Campaign.logo, Campaign.logo_type).where(Campaign.id == campaign_id)).first()
    if found is None or not found.logo_type:
        abort(404)
    response = Response(found.logo, mimetype=found.logo_type)
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@blueprint.route("/s/<stage_key>")
def spectator(stage_key):
    stage = _stage_or_404(stage_key)
    return render_template("spectator.html", stage_key=stage.key, stage_title=f"{stage.event.name} · {stage.name}",
                           board_url=public_url("display.board", stage_key=stage.key))


@blueprint.route("/api/v1/stages/<stage_key>/standings")
def standings(stage_key):
    """The same snapshot the boards are sent (?view=slim: rows without their judges), with an ETag:
    a client that sends it back in If-None-Match gets 304 until the stage changes."""
    view = request.args.get("view", "full")
    if view not in VIEWS:
        return jsonify({"error": "bad_request", "message": f"view must be one of {', '.join(VIEWS)}."}), 400
    try:
        frame = current_app.extensions["podium.live"].frame(stage_key, view)
    except ScoringError as refused:
        return jsonify({"error": refused.code, "message": refused.message}), 404
    etag = f"{stage_key}.{frame.seq}.{view}"
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
    else:
        response = Response(frame.text(), mimetype="application/json")
    response.set_etag(etag, weak=True)
    response.headers["Cache-Control"] = "no-cache"
    return response


@blueprint.route("/api/v1/stages/<stage_key>/entries/<entry_key>")
def entry_detail(stage_key, entry_key):
    """One entry in detail: its place in the running order and its row with every judge's total."""
    try:
        return jsonify(current_app.extensions["podium.live"].detail(stage_key, entry_key))
    except ScoringError as refused:
        return jsonify({"error": refused.code, "message": refused.message}), 404


@blueprint.route("/screens")
def screens():
    """The start page a venue opens first: every stage's boards and phone page, grouped by campaign and
    event, with a search (`q`: an event, a stage, a unit or a key). Up to MOST_CARDS stages are shown
    as cards with the phone page's QR code; more are listed compactly, each with a link to its card."""
    query = finding.query_text(request.args.get("q"))
    with _sessions()() as session:
        stages = session.scalars(select(Stage).options(
            selectinload(Stage.event).selectinload(Event.category), selectinload(Stage.event).selectinload(Event.campaign),
            selectinload(Stage.tier), selectinload(Stage.unit))).all()
        groups = finding.grouped(stages, query)
        found = sum(group.stage_count for group in groups)
        listing = {stage.key: {"key": stage.key, "name": stage.name, "event": stage.event.name,
                               "tier": stage.tier.name if stage.tier else None,
                               "board": public_url("display.board", stage_key=stage.key),
                               "spectator": public_url("display.spectator", stage_key=stage.key)}
                   for group in groups for event in group.events for stage in event.stages}
        shown = [{"campaign": group.campaign.name, "events": [{"key": e.event.key, "name": e.event.name,
                                                              "stages": [listing[s.key] for s in e.stages]}
                                                             for e in group.events]} for group in groups]
    cards = found <= finding.MOST_CARDS
    if cards:
        for item in listing.values():
            item["spectator_qr"] = qr_svg(item["spectator"])
    return render_template("screens.html", groups=shown, found=found, total=len(stages), q=query, cards=cards)


@blueprint.route("/medals/<int:campaign_id>")
def medals(campaign_id):
    """The campaign's medal table for everyone (no prize money), refreshing itself."""
    from scoring.awards import medal_table
    from scoring.models import Campaign

    with _sessions()() as session:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None:
            abort(404)
        table = medal_table(session, campaign.id)
    return render_template("medals.html", campaign=campaign, table=table, public=True)
