"""The judge's tablet page: opened from the judge's QR code, no password."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template

from scoring import service

blueprint = Blueprint("judges", __name__)


@blueprint.route("/j/<token>")
def tablet(token):
    judge = service.judge_for_token(current_app.extensions["podium.sessions"], token)
    if judge is None:
        return render_template("tablet_refused.html"), 404
    return render_template("tablet.html", token=token)
