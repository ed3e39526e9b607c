"""Importing contestants and teams from .xlsx / .csv: preview every row's problem, then import all
or nothing in a background task with a progress bar; export the same format back.

The parsed rows of a preview wait in the instance folder (imports/<token>.json) until the organizer
runs the import; a running import's progress is kept in this process's memory, its outcome also in
that file. See docs/import.md.
"""
from __future__ import annotations

import json
import logging
import os
import re
import secrets
import time
from dataclasses import asdict
from io import BytesIO
from pathlib import Path
from typing import Any, Optional

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from organizers import importing
from organizers.access import current_scope, off_the_loop, organizer_required, sessions, written
from scoring import payout
from scoring.db import write
from scoring.models import Campaign

blueprint = Blueprint("importing", __name__, url_prefix="/organizer/import")
log = logging.getLogger(__name__)
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
KEEP_SECONDS = 2 * 24 * 3600   # a preview not run by then is forgotten
LOST_SECONDS = 15 * 60         # a started import with no outcome by then is taken as stopped
JOBS: dict[str, dict[str, Any]] = {}  # token -> state of a running or finished import in this process


def _problem_texts() -> dict[str, str]:
    """Each problem's sentence in the page's language, with %(name)s parameters filled in later."""
    return {
        "too_large": _("The file is larger than %(limit)s MB: split it into several files."),
        "empty_file": _("The file is empty."),
        "xls": _("Old Excel files (.xls) cannot be read: save the sheet as an Excel workbook (.xlsx) or as CSV."),
        "bad_xlsx": _("This is not a readable Excel workbook (.xlsx): the file is damaged or of another kind."),
        "not_text": _("This file is neither an Excel workbook (.xlsx) nor a CSV text file."),
        "encoding": _("The text encoding of this CSV file is not recognised: save it as CSV UTF-8 (or GBK)."),
        "not_table": _("The CSV file cannot be read as a table (%(detail)s)."),
        "lost_letters": _("The column %(column)s holds only question marks in rows %(rows)s: the names were lost when the "
                          "file was saved. Excel's plain “CSV” (GBK) cannot hold Tibetan and writes “?” for every "
                          "Tibetan letter. Save the sheet as “CSV UTF-8” or as an Excel workbook (.xlsx) and upload it again."),
        "no_rows": _("The file has no contestants: only a header, or empty rows."),
        "too_many_rows": _("The file has more than %(limit)s rows: split it into several files."),
        "duplicate_column": _("The column %(column)s appears twice."),
        "missing_columns": _("Missing columns: %(missing)s. The header row has: %(found)s. Expected headers: %(expected)s."),
        "unknown_columns": _("These columns are not part of the format and are ignored: %(columns)s."),
        "too_long": _("%(column)s is longer than %(limit)s characters."),
        "name_empty": _("The name is empty."),
        "bad_gender": _("Gender must be 男 or 女 (M or F), not %(value)s."),
        "bad_number": _("The shirt number must be a whole number from 0 to 999, not %(value)s."),
        "bad_key": _("The number %(key)s may only have letters, digits and _ . - (at most 64)."),
        "key_count": _("Give one number, or one for each of the %(count)s events."),
        "township_empty": _("The township is empty."),
        "unknown_township": _("Unknown township %(township)s."),
        "ambiguous_township": _("Several units are named %(township)s."),
        "unknown_village": _("%(township)s has no village %(village)s."),
        "outside_scope": _("%(unit)s is outside your township."),
        "event_empty": _("No event is given."),
        "unknown_event": _("Unknown event %(event)s."),
        "ambiguous_event": _("Several events are named %(event)s: give the event's key instead."),
        "repeated_event": _("The event %(event)s is listed twice."),
        "no_stage": _("No stage of %(event)s for %(unit)s."),
        "stage_outside_scope": _("The stage %(stage)s is outside your township."),
        "duplicate_key": _("The number %(key)s is already taken in %(stage)s."),
        "duplicate_key_row": _("The number %(key)s is also given in row %(row)s for %(stage)s."),
        "duplicate_person_register": _("Several people named %(name)s of %(unit)s are in the register: give the phone number."),
        "already_entered": _("%(name)s is already entered in %(event)s."),
        "duplicate_person_row": _("The same person as row %(row)s."),
        "team_missing": _("%(event)s is a team event: give the team."),
        "team_exists": _("The team %(team)s is already in %(stage)s."),
        "team_keys": _("The rows of team %(team)s give different numbers."),
        "fixtures_drawn": _("The fixtures of %(stage)s are already made: add a team to it by hand."),
        "duplicate_shirt": _("Shirt number %(number)s is given twice in team %(team)s."),
        "bad_id_number": _("Row %(row)s: the ID number is not valid: it has 18 characters, the last one the check digit (0-9 or X)."),
        "bad_account": _("Row %(row)s: the bank card or phone number may have only digits (6 to 32)."),
        "judge_in_pool": _("%(name)s of %(unit)s is already in the judge pool: skipped."),
        "same_judge_row": _("The same judge as row %(row)s: skipped."),
    }


def describer():
    texts = _problem_texts()
    return lambda problem: texts.get(problem.code, problem.code) % problem.params


def _campaigns(scope) -> list[Campaign]:
    with sessions()() as db:
        return [c for c in db.scalars(select(Campaign).order_by(Campaign.id)) if scope.covers_campaign(c.id)]


def _chosen(campaigns: list[Campaign], wanted: Optional[str]) -> Optional[Campaign]:
    if wanted is None:
        return campaigns[0] if campaigns else None
    return next((c for c in campaigns if str(c.id) == wanted), None)


def _form(error: Optional[str] = None, status: int = 200, campaign: Optional[str] = None):
    campaigns = _campaigns(current_scope())
    chosen = _chosen(campaigns, campaign or request.args.get("campaign")) or (campaigns[0] if campaigns else None)
    return render_template("organizer/import.html", campaigns=campaigns, chosen=chosen, error=error,
                           headers=importing.HEADERS, required={importing.HEADERS[f] for f in importing.REQUIRED},
                           max_mb=importing.MAX_BYTES // (1024 * 1024), max_rows=importing.MAX_ROWS), status


@blueprint.route("/")
@organizer_required
def form():
    return _form()


# --- previews waiting to be run: a JSON file each ------------------------------------------------

def _folder() -> Path:
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _path(token: str, suffix: str = ".json") -> Path:
    return _folder() / f"{token}{suffix}"


def _forget_old(folder: Path) -> None:
    cutoff = time.time() - KEEP_SECONDS
    for path in folder.glob("*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass


def _keep(parsed: importing.ParsedFile, campaign_id: int, left_out: list[importing.CheckedRow], kind: str) -> str:
    """Keep a checked file for its import button; `left_out`: the rows with problems, which a partial
    import leaves out and the bad-rows workbook gives back."""
    folder = _folder()
    _forget_old(folder)
    token = secrets.token_urlsafe(24)
    stored = {"organizer_id": current_scope().organizer_id, "campaign_id": campaign_id, "filename": parsed.filename,
              "parsed": parsed.to_json(), "kind": kind,
              "bad_rows": [{"number": r.number, "values": r.values, "problems": [asdict(p) for p in r.problems]}
                           for r in left_out]}
    _path(token).write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
    return token


def _kept(token: str) -> dict[str, Any]:
    """The organizer's own stored preview; 404 for anything else."""
    path = _path(token) if TOKEN.match(token or "") else None
    if path is None or not path.exists():
        abort(404)
    stored = json.loads(path.read_text(encoding="utf-8"))
    if stored.get("organizer_id") != current_scope().organizer_id:
        abort(404)
    return stored


def _checked_upload(form_page, kind: str, form: importing.Format, check, imported) -> Any:
    """Read the uploaded file in `form` and check it with `check(db, campaign id, parsed, units)`;
    nothing is written. The file is kept for the import button, with its rows that have problems
    (a partial import leaves them out). The template's values, or the upload page again with why
    the file was refused (a response). `imported(plan)`: how many the good rows would add."""
    request.max_content_length = importing.MAX_BYTES + 1024 * 1024  # the file plus the form around it
    describe = describer()
    try:
        upload = request.files.get("file")
    except RequestEntityTooLarge:
        return form_page(describe(importing.Problem("too_large", None, {"limit": importing.MAX_BYTES // (1024 * 1024)})), 413)
    scope = current_scope()
    campaign = _chosen(_campaigns(scope), request.form.get("campaign"))
    if campaign is None:
        return form_page(_("Choose a campaign."), 400)
    if upload is None or not upload.filename:
        return form_page(_("Choose a file to import."), 400)
    try:
        parsed = importing.read_table(upload.filename, upload.read(importing.MAX_BYTES + 1), form)
    except importing.ImportFileError as refused:
        return form_page(describe(refused.problem), 400, str(campaign.id))
    with sessions()() as db:
        def check_rows(rows: importing.ParsedFile):
            return check(db, campaign.id, rows, scope.units)
        plan = check_rows(parsed)
        good, left_out = (plan, []) if plan.ok else importing.split(check_rows, parsed)
    return {"plan": plan, "campaign": campaign, "token": _keep(parsed, campaign.id, left_out, kind),
            "good": imported(good), "describe": describe, "fields": form.fields, "headers": form.headers,
            "masked": payout.mask_id_number}


@blueprint.route("/preview", methods=["POST"])
@organizer_required
def preview():
    """Read and check the uploaded file; nothing is written."""
    checked = _checked_upload(_form, "contestants", importing.CONTESTANTS, importing.check, lambda plan: len(plan.rows))
    return render_template("organizer/import_preview.html", **checked) if isinstance(checked, dict) else checked


def _good_rows(stored: dict) -> tuple[importing.ParsedFile, int]:
    """The kept file without the rows left out (all of it when none were), and how many were left out."""
    parsed = importing.ParsedFile.from_json(stored["parsed"])
    left_out = {row["number"] for row in stored.get("bad_rows") or []}
    parsed.rows = [(n, values) for n, values in parsed.rows if n not in left_out]
    return parsed, len(left_out)


def _partial_confirmed(stored: dict) -> None:
    """A file with bad rows is imported only when the organizer chose to import its good rows."""
    if stored.get("bad_rows") and request.form.get("partial") != "1":
        abort(400)


# --- running an import ---------------------------------------------------------------------------

def _started(token: str) -> bool:
    """Claim the token's import (once, across processes sharing the instance folder)."""
    try:
        os.close(os.open(_path(token, ".started"), os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        return True
    except FileExistsError:
        return False


def _work(app, token: str, stored: dict, units, actor: str) -> None:
    """The background task: the check and the rows made off the event loop (no write lock held),
    then one short transaction by the database's writer (scoring.db.write), as judges' marks are."""
    job = JOBS[token]
    parsed, left_out = _good_rows(stored)
    sessions = app.extensions["podium.sessions"]

    def progress(done: int, total: int) -> None:
        job.update(done=done, total=total)

    result, failure = None, None
    try:
        prepared = off_the_loop(lambda: importing.prepare(sessions, stored["campaign_id"], parsed, units, progress), app)
        prepared.left_out = left_out
        result = write(importing.stored, sessions, prepared, actor)
    except importing.ImportRefused as refused:
        failure = {"reason": "changed", "rows": refused.plan.problem_rows}
    except Exception:  # reported to the organizer; the transaction has been rolled back
        log.exception("import %s failed", token)
        failure = {"reason": "error"}
    if failure is None:
        for key in result.stage_keys:  # the boards of every stage that got entries
            app.extensions["podium.live"].changed(key)
        job.update(state="done", done=job["total"], counts={**{k: getattr(result, k) for k in ("persons", "entries", "teams", "players")},
                                                             "left_out": left_out})
    else:
        job.update(state="failed", failure=failure)
    try:
        with app.app_context():
            path = _path(token)
            outcome = json.loads(path.read_text(encoding="utf-8"))
            outcome.update(parsed=None, outcome={k: job[k] for k in ("state", "done", "total", "counts", "failure") if k in job})
            path.write_text(json.dumps(outcome, ensure_ascii=False), encoding="utf-8")
    except OSError:
        log.exception("could not keep the outcome of import %s", token)


@blueprint.route("/<token>/run", methods=["POST"])
@organizer_required
def run(token):
    stored = _kept(token)
    if stored.get("kind") == "judges":
        abort(404)
    _partial_confirmed(stored)
    if stored.get("parsed") is not None and _started(token):
        scope = current_scope()
        for old in [t for t, job in JOBS.items() if job["state"] != "running" and job["started"] < time.time() - KEEP_SECONDS]:
            del JOBS[old]
        JOBS[token] = {"state": "running", "done": 0, "total": len(_good_rows(stored)[0].rows), "started": time.time()}
        app = current_app._get_current_object()
        app.extensions["podium.socketio"].start_background_task(_work, app, token, stored, scope.units, scope.actor)
    return redirect(url_for(".status", token=token), 303)


def _state(token: str, stored: dict) -> dict[str, Any]:
    if token in JOBS:
        return JOBS[token]
    if stored.get("outcome"):
        return stored["outcome"]
    started = _path(token, ".started")
    if started.exists():
        if time.time() - started.stat().st_mtime < LOST_SECONDS:
            return {"state": "running", "done": 0, "total": 0}
        return {"state": "failed", "failure": {"reason": "lost"}}
    return {"state": "waiting", "done": 0, "total": len(stored["parsed"]["rows"])}


def _message(state: dict[str, Any]) -> str:
    if state["state"] == "done":
        done = _("Imported. Contestants: %(persons)s, entries: %(entries)s, teams: %(teams)s, players: %(players)s.",
                 **state["counts"])
        left_out = state["counts"].get("left_out")
        return done + (" " + _left_out_text(left_out) if left_out else "")
    if state["state"] == "failed":
        failure = state.get("failure") or {}
        if failure.get("reason") == "changed":
            return _("Nothing was imported: %(rows)s rows have problems now (the campaign changed since the preview). "
                     "Preview the file again.", rows=failure["rows"])
        if failure.get("reason") == "lost":
            return _("The import stopped before it finished; nothing was imported. Preview the file again.")
        return _("Nothing was imported: the database refused the import. Try again; if it fails again, see the server log.")
    if state["state"] == "running":
        return _("Writing %(done)s of %(total)s rows…", done=state.get("done", 0), total=state.get("total", 0))
    return _("Not started.")


@blueprint.route("/<token>")
@organizer_required
def status(token):
    stored = _kept(token)
    state = _state(token, stored)
    return render_template("organizer/import_run.html", token=token, state=state, message=_message(state),
                           filename=stored.get("filename", ""), campaign_id=stored["campaign_id"],
                           bad_rows=len(stored.get("bad_rows") or []))


@blueprint.route("/<token>/progress")
@organizer_required
def progress(token):
    state = _state(token, _kept(token))
    return jsonify({"state": state["state"], "done": state.get("done", 0), "total": state.get("total", 0),
                    "message": _message(state), "counts": state.get("counts")})


# --- export --------------------------------------------------------------------------------------

@blueprint.route("/export.<kind>")
@organizer_required
def export(kind):
    if kind not in ("xlsx", "csv"):
        abort(404)
    scope = current_scope()
    campaign = _chosen(_campaigns(scope), request.args.get("campaign"))
    if campaign is None:
        abort(404)
    with sessions()() as db:
        table = importing.export_rows(db, campaign.id, scope.covers_stage, scope.covers_unit)
    data = importing.to_xlsx(table) if kind == "xlsx" else importing.to_csv(table)
    mimetype = importing.XLSX if kind == "xlsx" else "text/csv; charset=utf-8"
    return send_file(BytesIO(data), mimetype=mimetype, as_attachment=True,
                     download_name=f"{campaign.name}-报名表.{kind}")  # the file's headers are Chinese too


# --- the rows left out, to correct and import again ----------------------------------------------

def _left_out_text(count: int) -> str:
    return _("%(n)s rows with problems were left out: download them, correct them and import them again.", n=count)


@blueprint.route("/<token>/bad-rows.xlsx")
@organizer_required
def bad_rows(token):
    """The rows of a checked file that have problems, as a workbook in the file's own columns with the
    problems (in the reader's language) in an added column that the import ignores."""
    stored = _kept(token)
    describe = describer()
    form = importing.JUDGES if stored.get("kind") == "judges" else importing.CONTESTANTS
    rows = [(row["values"], [describe(importing.Problem(**p)) for p in row["problems"]]) for row in stored.get("bad_rows") or []]
    title = _("Rows to correct")
    data = importing.to_xlsx(importing.bad_rows_table(form, rows, _("Problems")), title)
    stem = Path(stored.get("filename") or "import").stem
    return send_file(BytesIO(data), mimetype=importing.XLSX, as_attachment=True, download_name=f"{stem}-{title}.xlsx")


# --- the judge pool ------------------------------------------------------------------------------

def _judges_form(error: Optional[str] = None, status: int = 200, campaign: Optional[str] = None):
    campaigns = _campaigns(current_scope())
    chosen = _chosen(campaigns, campaign or request.values.get("campaign")) or (campaigns[0] if campaigns else None)
    headers = importing.JUDGES.headers
    return render_template("organizer/import_judges.html", campaigns=campaigns, chosen=chosen, error=error,
                           headers=headers, required={headers[f] for f in importing.JUDGES.required},
                           max_mb=importing.MAX_BYTES // (1024 * 1024)), status


@blueprint.route("/judges")
@organizer_required
def judges_form():
    return _judges_form()


@blueprint.route("/judges/template.xlsx")
@organizer_required
def judges_template():
    """An empty judge pool workbook: the header row, in Chinese as the import reads it."""
    data = importing.to_xlsx([list(importing.JUDGES.headers.values())], "评委库")
    return send_file(BytesIO(data), mimetype=importing.XLSX, as_attachment=True, download_name="评委库模板.xlsx")


@blueprint.route("/judges/preview", methods=["POST"])
@organizer_required
def judges_preview():
    """Read and check a judge pool file; nothing is written."""
    checked = _checked_upload(_judges_form, "judges", importing.JUDGES, importing.check_judges, lambda plan: len(plan.new))
    return render_template("organizer/import_judges_preview.html", **checked) if isinstance(checked, dict) else checked


@blueprint.route("/judges/<token>/run", methods=["POST"])
@organizer_required
def judges_run(token):
    """Add the checked file's new judges (its good rows only, when the organizer chose so) in one
    transaction; back to the pool."""
    stored = _kept(token)
    if stored.get("kind") != "judges":
        abort(404)
    _partial_confirmed(stored)
    if not _started(token):  # a second click: the file has been imported already
        return redirect(url_for("panels.pool", campaign=stored["campaign_id"]))
    scope = current_scope()
    parsed, left_out = _good_rows(stored)
    try:
        plan = written(lambda db: importing.store_judges(db, stored["campaign_id"], parsed, scope.units, scope.actor, left_out))
    except importing.ImportRefused as refused:
        flash(_("Nothing was imported: %(rows)s rows have problems now (the campaign changed since the preview). "
                "Preview the file again.", rows=refused.plan.problem_rows), "error")
        return redirect(url_for(".judges_form", campaign=stored["campaign_id"]))
    flash(_("Judges added to the pool: %(added)s; already there, skipped: %(skipped)s.", added=len(plan.new),
            skipped=len(plan.skipped)) + (" " + _left_out_text(left_out) if left_out else ""), "ok")
    return redirect(url_for("panels.pool", campaign=stored["campaign_id"], left_out=token if left_out else None))

