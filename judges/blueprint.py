"""An official's page, opened from their QR code with no password: a judge's scoring tablet, a
scorekeeper's match console for a match stage, or a recorder's console for a measured stage."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template

from scoring import service

blueprint = Blueprint("judges", __name__)
CONSOLES = {"match": "scorekeeper.html", "measured": "recorder.html"}  # judged stages: the tablet


@blueprint.route("/j/<token>")
def tablet(token):
    judge = service.judge_for_token(current_app.extensions["podium.sessions"], token)
    if judge is None:
        return render_template("tablet_refused.html"), 404
    page = CONSOLES.get(judge.stage.event.format, "tablet.html")
    return render_template(page, token=token)
