"""Certificates and result sheets in the console, and the public verification page.

- A campaign's certificate template (HTML/CSS) and seal image are edited in the console and kept in
  the instance folder; a template is tried on a sample certificate before it is saved, so a broken
  one is refused with its message and the old one stays.
- Batches (a stage, an event, a tier, the whole campaign) are printed by `podium print-certificates`
  in a process of its own (laying out 2,000 certificates must not hold the live path of the gevent
  server); the console starts it and shows its progress. One certificate and a stage's result sheet
  are made on demand, off the event loop.
- /verify/<code>: anyone who scans a certificate's QR code sees the award as recorded, or that the
  number is not genuine.
"""
from __future__ import annotations

import io
import json
import os
import secrets
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from flask import Blueprint, Response, abort, current_app, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from display.links import public_base, public_url
from organizers.access import (campaign_in_scope, current_scope, off_the_loop, organizer_audit, organizer_required,
                               sessions, stage_in_scope, written)
from organizers.printing.errors import NotGenuine, PrintingError
from organizers.printing.verification import signed_award, verify_code
from scoring.models import Award, Campaign, Event, Stage, Tier

if TYPE_CHECKING:
    from organizers.printing.certificates import Certificate

blueprint = Blueprint("certificates", __name__)
DEFAULT_TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "print" / "certificate.html"
MAX_TEMPLATE = 200_000
MAX_SEAL = 2 * 1024 * 1024


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "certificates"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def template_path(campaign_id: int) -> Optional[Path]:
    path = _folder() / f"campaign-{campaign_id}.html"
    return path if path.exists() else None


def seal_path(campaign_id: int) -> Optional[Path]:
    path = _folder() / f"campaign-{campaign_id}-seal"
    return path if path.exists() else None


def _printing():
    """The printing engine, loaded the first time something is printed (a server that never prints
    starts without it). Call it on the event loop, before the work goes off_the_loop: see load_engine."""
    from organizers.printing import certificates, documents

    documents.load_engine()
    return certificates


def laid_out(work) -> bytes:
    """The one way the console prints: the engine (WeasyPrint, the fonts fontconfig lists) is loaded
    here, on the event loop, then `work` lays out the PDF on a worker thread (off_the_loop). Under
    gevent a worker thread cannot start a child process ("child watchers are only available on the
    default loop"), and importing WeasyPrint or asking fc-list for the fonts starts one.
    Raises PrintingError (FontNotFound included) for the caller to answer as a refusal."""
    _printing()
    return off_the_loop(work)


def refused(error: PrintingError) -> Response:
    """A printing refusal as the console shows it: its message as plain text, HTTP 422."""
    return Response(error.message, status=422, mimetype="text/plain; charset=utf-8")


def _sample(campaign: Campaign, seal: Optional[bytes]) -> Certificate:
    return _printing().Certificate(
        name="扎西顿珠", name_bo="བཀྲ་ཤིས་དོན་གྲུབ།", unit="硕督镇达翁村", campaign=campaign.name,
        campaign_bo=campaign.name_bo, event="国家通用语言演讲", tier="县级决赛", award="一等奖",
        issued_on=date.today(), issuer=request.values.get("issuer") or "洛隆县委宣传部",
        code="1-ABCDE-FGHJK", verify_url=public_url("certificates.verify", code="1-ABCDE-FGHJK"),
        seal=seal, orientation=request.values.get("orientation", "landscape"))


@blueprint.route("/organizer/certificates/", methods=["GET", "POST"])
@organizer_required
def index():
    scope = current_scope()
    with sessions()() as db:
        campaign = campaign_in_scope(db)
        if request.method == "POST":
            _county_only()
            _save_design(campaign)
            return redirect(url_for("certificates.index", campaign=campaign.id))
        stages = [s for s in db.scalars(select(Stage).join(Event).where(Event.campaign_id == campaign.id).order_by(Stage.id))
                  if scope.covers_stage(s)]
        awarded = {stage_id for (stage_id,) in db.execute(select(Award.stage_id).distinct())}
        events = db.scalars(select(Event).where(Event.campaign_id == campaign.id).order_by(Event.id)).all()
        tiers = db.scalars(select(Tier).join(Event).where(Event.campaign_id == campaign.id).order_by(Tier.event_id, Tier.position)).all()
        own = template_path(campaign.id)
        text = (own or DEFAULT_TEMPLATE).read_text(encoding="utf-8")
        return render_template("organizer/certificates.html", campaign=campaign, stages=stages, awarded=awarded,
                               events=events, tiers=tiers, template_text=text, custom=own is not None,
                               seal=seal_path(campaign.id) is not None, scope=scope, today=date.today().isoformat())


def _county_only() -> None:
    """Editing and previewing the certificate template is for county-level (campaign) organizers only:
    a township organizer gets 403 (docs/security.md, "Certificate templates")."""
    if not current_scope().whole_campaign:
        abort(403, _("The certificate template is the campaign organizer's."))


def _save_design(campaign: Campaign) -> None:
    """Save the template and the seal after trying them on a sample certificate; refuse and keep the old ones otherwise."""
    text = request.form.get("template", "")
    upload = request.files.get("seal")
    seal = upload.read(MAX_SEAL + 1) if upload and upload.filename else None
    if request.form.get("action") == "reset":
        for path in (template_path(campaign.id),):
            if path:
                path.unlink()
        flash(_("The festival's own certificate template is used again."), "ok")
        return
    if len(text) > MAX_TEMPLATE or (seal is not None and len(seal) > MAX_SEAL):
        flash(_("The template (200 KB) or the seal image (2 MB) is too large."), "error")
        return
    try:
        if seal is not None:
            _printing().seal_image(seal)
        old_seal = seal_path(campaign.id)
        sample_seal = seal if seal is not None else (old_seal.read_bytes() if old_seal else None)
        sample, printing = [_sample(campaign, sample_seal)], _printing()
        laid_out(lambda: printing.render_certificates(sample, text or None))
    except PrintingError as error:
        flash(_("Not saved: %(problem)s", problem=error.message), "error")
        return
    folder = _folder()
    if text.strip():
        temporary = folder / f".campaign-{campaign.id}.html.tmp"
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(folder / f"campaign-{campaign.id}.html")
    if seal is not None:
        temporary = folder / f".campaign-{campaign.id}-seal.tmp"
        temporary.write_bytes(seal)
        temporary.replace(folder / f"campaign-{campaign.id}-seal")
    written(lambda db: organizer_audit(db, "certificate_design", {"campaign": campaign.id, "template": bool(text.strip()),
                                                                 "seal": seal is not None}))
    flash(_("Certificate design saved."), "ok")


@blueprint.route("/organizer/certificates/preview.pdf", methods=["POST"])
@organizer_required
def preview():
    """The template being edited, on a sample certificate (nothing is saved)."""
    _county_only()
    with sessions()() as db:
        campaign = campaign_in_scope(db)
    seal = seal_path(campaign.id)
    text = request.form.get("template") or None
    try:
        sample, printing = [_sample(campaign, seal.read_bytes() if seal else None)], _printing()
        pdf = laid_out(lambda: printing.render_certificates(sample, text))
    except PrintingError as error:
        return refused(error)
    return Response(pdf, mimetype="application/pdf")


# --- printing ------------------------------------------------------------------------------------

def _jobs() -> Path:
    folder = Path(current_app.instance_path) / "prints"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


SCOPES = {"stage": "--stage", "event": "--event", "tier": "--tier", "campaign": "--campaign"}


@blueprint.route("/organizer/certificates/print", methods=["POST"])
@organizer_required
def start_print():
    """Start printing a batch in a process of its own; the page follows its progress."""
    scope = current_scope()
    kind, value = request.form.get("scope"), (request.form.get("value") or "").strip()
    issuer = (request.form.get("issuer") or "").strip()
    with sessions()() as db:
        campaign = campaign_in_scope(db)
        if kind not in SCOPES or not value or not issuer or len(issuer) > 100:
            flash(_("Choose what to print and give the issuing body."), "error")
            return redirect(url_for("certificates.index", campaign=campaign.id))
        if kind == "stage":
            stage_in_scope(db, value)
        elif not scope.whole_campaign:
            abort(403, _("A township organizer prints the certificates of their own stages."))
        if kind == "campaign" and value != str(campaign.id):
            abort(404)
    try:
        day = date.fromisoformat(request.form.get("date") or date.today().isoformat())
    except ValueError:
        flash(_("%(value)s is not a date like 2026-11-29.", value=request.form.get("date")), "error")
        return redirect(url_for("certificates.index", campaign=campaign.id))
    token = secrets.token_urlsafe(12)
    folder = _jobs()
    command = [sys.executable, "-m", "podium", "print-certificates", SCOPES[kind], value, "--issuer", issuer,
               "--date", day.isoformat(), "--base-url", public_base(),
               "--workers", "2", "--progress-file", str(folder / f"{token}.progress"), "--out", str(folder / f"{token}.pdf")]
    if request.form.get("orientation") == "portrait":
        command.append("--portrait")
    for option, path in (("--template", template_path(campaign.id)), ("--seal", seal_path(campaign.id))):
        if path:
            command += [option, str(path)]
    env = {**os.environ, "PODIUM_DATABASE_URL": current_app.config["DATABASE_URL"],
           "PODIUM_SECRET_KEY": current_app.config["SECRET_KEY"], "PODIUM_INSTANCE": current_app.instance_path}
    env.pop("PODIUM_ASYNC_MODE", None)
    log = (folder / f"{token}.log").open("w")
    subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    (folder / f"{token}.json").write_text(json.dumps({"organizer": scope.organizer_id, "scope": kind, "value": value}))
    return redirect(url_for("certificates.job", token=token))


def _job(token: str) -> dict[str, Any]:
    folder = _jobs()
    meta = folder / f"{token}.json"
    if len(token) > 40 or not meta.exists() or json.loads(meta.read_text())["organizer"] != current_scope().organizer_id:
        abort(404)
    progress = (folder / f"{token}.progress")
    line = progress.read_text() if progress.exists() else "0 0"
    if line.startswith("failed"):
        return {"state": "failed", "message": line[len("failed "):], "done": 0, "total": 0}
    done, total = (int(n) for n in line.split()[:2])
    finished = (folder / f"{token}.pdf").exists()
    return {"state": "done" if finished else "running", "done": done, "total": total, "message": ""}


@blueprint.route("/organizer/certificates/jobs/<token>")
@organizer_required
def job(token):
    state = _job(token)
    if request.args.get("format") == "json":
        return jsonify(state)
    return render_template("organizer/certificates_job.html", token=token, job=state)


@blueprint.route("/organizer/certificates/jobs/<token>.pdf")
@organizer_required
def job_pdf(token):
    if _job(token)["state"] != "done":
        abort(404)
    return send_file(_jobs() / f"{token}.pdf", mimetype="application/pdf", as_attachment=True,
                     download_name=f"certificates-{token}.pdf")


@blueprint.route("/organizer/certificates/awards/<int:award_id>.pdf")
@organizer_required
def one_certificate(award_id):
    """One certificate on demand (about 0.1 s)."""
    from organizers.printing.awards import award_certificates

    with sessions()() as db:
        award = db.get(Award, award_id)
        if award is None:
            abort(404)
        stage = stage_in_scope(db, db.get(Stage, award.stage_id).key)
        campaign_id = stage.event.campaign_id
        seal = seal_path(campaign_id)
        made = award_certificates(db, current_app.config["SECRET_KEY"],
                                  public_base(),
                                  request.args.get("issuer") or stage.event.campaign.name, date.today(),
                                  award_id=award_id, seal=seal.read_bytes() if seal else None)
    template = template_path(campaign_id)
    try:
        printing = _printing()
        pdf = laid_out(lambda: printing.render_certificates(made, template))
    except PrintingError as error:
        return refused(error)
    return Response(pdf, mimetype="application/pdf")


@blueprint.route("/organizer/certificates/stages/<stage_key>/sheet.pdf")
@organizer_required
def result_sheet(stage_key):
    """A stage's result sheet for the officials to sign."""
    from organizers.printing.result_sheets import result_sheet_pdf

    with sessions()() as db:
        stage = stage_in_scope(db, stage_key)

    def made():
        with sessions()() as db:
            return result_sheet_pdf(db, stage.key)
    try:
        pdf = laid_out(made)
    except PrintingError as error:
        return refused(error)
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", download_name=f"{stage.key}-sheet.pdf")


# --- verification (public) ------------------------------------------------------------------------

@blueprint.route("/verify/<code>")
def verify(code):
    """What a certificate's QR code opens: the award as recorded, or that the number is not genuine."""
    with sessions()() as db:
        try:
            award_id = verify_code(code[:64], current_app.config["SECRET_KEY"], lambda found: signed_award(db, found))
        except NotGenuine as refused:
            return render_template("verify.html", code=code[:64], award=None, reason=refused.reason), 404
        award = db.get(Award, award_id)
        stage = award.entry.stage
        shown = {"name": award.entry.name, "name_bo": award.entry.name_bo, "unit": award.entry.unit.name if award.entry.unit else "",
                 "award": award.level.name, "rank": award.rank, "event": stage.event.name, "stage": stage.name,
                 "tier": stage.tier.name if stage.tier else "", "campaign": stage.event.campaign.name,
                 "decided_at": award.decided_at}
    return render_template("verify.html", code=code, award=shown, reason=None)
