"""A match stage in the organizer console: its group tables (goals for and against beside the
difference), the ties only lots can break with the form that records a drawing of lots, and the
button that draws a knockout from its group stage (as `podium seed` does). Both changes are the
scoring services' (scoring.organizing.draw_lots, scoring.knockout.seed_from_groups): under the stage
lock, audited with the organizer as actor, pushed live to boards and phones at once."""
from __future__ import annotations

import functools

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from organizers.access import current_scope, match_stage_in_scope, organizer_required, sessions, stage_in_scope
from podium.refusals import refusal_text
from scoring import organizing
from scoring.db import write
from scoring.errors import ScoringError
from scoring.knockout import seed_from_groups
from scoring.models import Stage
from scoring.standings import stage_standings

blueprint = Blueprint("matches", __name__, url_prefix="/organizer/matches")


def _fed_from(db, stage: Stage) -> list[Stage]:
    """The knockout stages drawn from this group stage (their settings' from_stage)."""
    return [s for s in db.scalars(select(Stage).where(Stage.event_id == stage.event_id).order_by(Stage.id))
            if (s.settings or {}).get("from_stage") == stage.key]


@blueprint.route("/stages/<stage_key>")
@organizer_required
def stage(stage_key):
    with sessions()() as db:
        found = match_stage_in_scope(db, stage_key)
        source = (db.scalar(select(Stage).where(Stage.key == (found.settings or {}).get("from_stage")))
                  if (found.settings or {}).get("from_stage") else None)
        fed = _fed_from(db, found)
        knockouts = ([found] if source is not None else []) + fed
        standings = stage_standings(db, found.key)
        names = {e.key: e.name for e in found.entries}
        drawings = {(d["group"], frozenset(d["order"])): d for d in (found.settings or {}).get("drawings") or []}
        ties = [{"group": group, "teams": [{"key": key, "name": names[key]} for key in tie],
                 "drawing": drawings.get((group, frozenset(tie)))}
                for group, group_ties in sorted(organizing.level_ties(db, found).items()) for tie in group_ties]
        groups: dict[str, list[dict]] = {}
        for row in standings["rows"]:
            groups.setdefault(row["group"] or "", []).append(row)
        return render_template("organizer/match_stage.html", stage=found, event=found.event, source=source,
                               knockouts=[(k, bool(k.fixtures)) for k in knockouts], groups=groups, ties=ties,
                               standings=standings, seeded=any(k.fixtures for k in fed))


def _changed(key: str, service, **fields):
    """`service(sessions, key, actor=…, **fields)` under the stage's lock, pushed to the boards when it
    changed something; a refusal is flashed (None is returned)."""
    live = current_app.extensions["podium.live"]
    with live.writing(key):
        try:
            done = write(functools.partial(service, actor=current_scope().actor, **fields), sessions(), key)
        except ScoringError as refused:
            flash(refusal_text(refused), "error")
            return None
        if not isinstance(done, dict) or done.get("changed", True):
            live.changed(key)
    return done


@blueprint.route("/stages/<stage_key>/lots", methods=["POST"])
@organizer_required
def lots(stage_key):
    with sessions()() as db:
        key = stage_in_scope(db, stage_key).key
    form = request.form
    drawn = _changed(key, organizing.draw_lots, group=form.get("group", ""), order=form.getlist("order"),
                     drawn_by=form.get("drawn_by"), note=form.get("note"), reason=form.get("reason"))
    if drawn and drawn["changed"]:
        flash(_("Drawing of lots recorded: the table ranks by it.") if not drawn["corrected"]
              else _("Drawing of lots corrected: the table ranks by it."), "ok")
    return redirect(url_for("matches.stage", stage_key=key))


@blueprint.route("/stages/<stage_key>/draw", methods=["POST"])
@organizer_required
def draw(stage_key):
    """Draw a knockout from its group stage's final tables (scoring.knockout.seed_from_groups)."""
    with sessions()() as db:
        key = stage_in_scope(db, stage_key).key
    if _changed(key, seed_from_groups) is not None:
        flash(_("The knockout is drawn."), "ok")
    return redirect(request.form.get("back") if request.form.get("back", "").startswith("/organizer/")
                    else url_for("matches.stage", stage_key=key))
