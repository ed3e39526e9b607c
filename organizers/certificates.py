"""Certificates and result sheets in the console, and the public verification page.

- A campaign's certificate is designed in the console without HTML (the designer: title, wording
  with fields, seal, signatures, paper; organizers.printing.design), or, by experts, as an HTML/CSS
  template of its own. The design, the template and the seal are kept in the instance folder; each
  is tried on a sample certificate before it is saved, so a broken one is refused with its message
  and the old one stays. Only county-level (campaign) organizers may change them.
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
import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from flask import Blueprint, Response, abort, current_app, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from display.links import public_base, public_url
from organizers.access import (campaign_in_scope, current_scope, off_the_loop, organizer_audit, organizer_required,
                               sessions, stage_in_scope, written)
from organizers.printing.design import (BACKGROUNDS, BORDERS, FIELDS, MAX_PICTURE, MAX_SIGNATURES, ORIENTATIONS, PAPERS,
                                        Design, DesignError, Signature, checked, design_json, picture, read_design,
                                        shown_wording, stored_wording)
from organizers.printing.errors import NotGenuine, PrintingError
from organizers.printing.verification import signed_award, verify_code
from scoring.models import Award, Campaign, Event, Stage, Tier

if TYPE_CHECKING:
    from organizers.printing.certificates import Certificate

blueprint = Blueprint("certificates", __name__)
DEFAULT_TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "print" / "certificate.html"
MAX_TEMPLATE = 200_000


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


def design_path(campaign_id: int) -> Optional[Path]:
    path = _folder() / f"campaign-{campaign_id}-design.json"
    return path if path.exists() else None


def saved_design(campaign_id: int) -> Design:
    """The campaign's design as the designer saved it, else the festival's default."""
    path = design_path(campaign_id)
    return read_design(path) if path else Design()


def _write(name: str, data: bytes) -> None:
    """A file of the instance's certificates folder, written whole or not at all."""
    temporary = _folder() / f".{name}.tmp"
    temporary.write_bytes(data)
    temporary.replace(_folder() / name)


def _printing():
    """The printing functions (importing them does not load WeasyPrint: laid_out does)."""
    from organizers.printing import certificates

    return certificates


def laid_out(work) -> bytes:
    """The one way the console prints: the engine (WeasyPrint, the fonts fontconfig lists) is loaded
    here, on the event loop, then `work` lays out the PDF on a worker thread (off_the_loop). Under
    gevent a worker thread cannot start a child process ("child watchers are only available on the
    default loop"), and importing WeasyPrint or asking fc-list for the fonts starts one.
    One PDF at a time, the others wait their turn on the event loop: WeasyPrint's cffi takes a lock
    that gevent has made cooperative, and a second worker thread waiting for it was never woken when
    the first released it (two design previews at once on a fresh server: the second never answered).
    Raises PrintingError (FontNotFound included) for the caller to answer as a refusal."""
    from organizers.printing import documents

    one_at_a_time = current_app.extensions.setdefault("podium.printing", threading.Lock())
    with one_at_a_time:
        documents.load_engine()
        return off_the_loop(work)


def refused(error: PrintingError) -> Response:
    """A printing refusal as the console shows it: its message as plain text, HTTP 422."""
    return Response(_refusal_text(error), status=422, mimetype="text/plain; charset=utf-8")


def _sample(campaign: Campaign, seal: Optional[bytes], design: Design) -> Certificate:
    return _printing().Certificate(
        name="扎西顿珠", name_bo="བཀྲ་ཤིས་དོན་གྲུབ།", unit="硕督镇达翁村", campaign=campaign.name,
        campaign_bo=campaign.name_bo, event="国家通用语言演讲", tier="县级决赛", award="一等奖", rank=1,
        issued_on=date.today(), issuer=request.values.get("issuer") or "洛隆县委宣传部",
        code="1-ABCDE-FGHJK", verify_url=public_url("certificates.verify", code="1-ABCDE-FGHJK"),
        seal=seal, orientation=design.orientation)


# --- the designer --------------------------------------------------------------------------------

def field_labels() -> dict[str, str]:
    """The wording's fields (key -> label) in the page's language, in the order the designer lists them."""
    labels = {"name": _("Name"), "unit": _("Unit"), "campaign": _("Campaign"), "event": _("Event"),
              "stage": _("Stage"), "award": _("Award"), "rank": _("Rank"), "date": _("Date"),
              "issuer": _("Issuing body")}
    assert labels.keys() == FIELDS.keys()
    return labels


def _accepted_labels() -> dict[str, str]:
    """Every field label in every language of the console -> its key: a wording typed in Tibetan
    or English reads the same as in Chinese."""
    from flask_babel import force_locale

    from podium.app import LANGUAGES

    accepted = {}
    for language in LANGUAGES:
        with force_locale(language):
            accepted.update({label: key for key, label in field_labels().items()})
    return accepted


def _upload(name: str, what: str) -> Optional[bytes]:
    """An uploaded picture (the form's file `name`), checked (PNG/JPEG, 2 MB, read by Pillow); None if none was sent."""
    upload = request.files.get(name)
    return picture(upload.read(MAX_PICTURE + 1), what) if upload and upload.filename else None


def _design_from_form(saved: Design) -> Design:
    """The design the designer's form describes; a signature's image is kept unless a new one is sent
    or it is removed. Raises DesignError."""
    form = request.form
    signatures = []
    for number in range(1, MAX_SIGNATURES + 1):
        kept = saved.signatures[number - 1].image if number <= len(saved.signatures) else None
        removed = form.get(f"signature-remove-{number}")
        image = _upload(f"signature-image-{number}", "signature") or (None if removed else kept)
        signatures.append(Signature(form.get(f"signature-title-{number}", ""), form.get(f"signature-name-{number}", ""),
                                    image))
    return checked(Design(title=form.get("title", ""), subtitle=form.get("subtitle", ""),
                          wording=stored_wording(form.get("wording", ""), _accepted_labels()),
                          signatures=tuple(signatures), paper=form.get("paper", ""),
                          orientation=form.get("orientation", ""),
                          border=form.get("border", ""), background=form.get("background", "")))


def design_refusal(error: DesignError) -> str:
    """A refused design or picture in the page's language."""
    what = {"seal": _("The seal image"), "signature": _("A signature image"), "wording": _("The wording"),
            "title": _("The title"), "subtitle": _("The second title line"), "signature's title": _("A signer's title"),
            "signature's name": _("A signer's name")}.get(error.params.get("what"), "")
    texts = {
        "too_big": _("%(what)s is too large: at most 2 MB.", what=what),
        "not_a_picture": _("%(what)s is not a picture Podium can read: use a PNG or JPEG file.", what=what),
        "wrong_type": _("%(what)s is a %(kind)s file: use PNG (best with a transparent background) or JPEG.",
                        what=what, kind=error.params.get("kind")),
        "unknown_field": _("【%(field)s】 is not a field of a certificate: insert fields with the buttons above the "
                           "wording.", field=error.params.get("field")),
        "open_bracket": _("A field's bracket 【 or 】 is not closed: insert fields with the buttons above the wording."),
        "too_long": _("%(what)s is too long: at most %(limit)s characters.", what=what,
                      limit=error.params.get("limit")),
        "bad_choice": _("Choose the paper, the orientation, the border and the background from their lists."),
        "too_many_signatures": _("At most 3 signatures."),
    }
    return texts.get(error.code, error.message)


def _refusal_text(error: PrintingError) -> str:
    return design_refusal(error) if isinstance(error, DesignError) else error.message


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
        try:
            design = saved_design(campaign.id)
        except PrintingError as error:   # a design file damaged by hand: say so, show the default to start again
            flash(_refusal_text(error), "error")
            design = Design()
        labels = field_labels()
        return render_template("organizer/certificates.html", campaign=campaign, stages=stages, awarded=awarded,
                               events=events, tiers=tiers, template_text=text, custom=own is not None,
                               seal=seal_path(campaign.id) is not None, scope=scope, today=date.today().isoformat(),
                               design=design, wording=shown_wording(design.wording, labels), fields=labels,
                               papers=PAPERS, orientations=ORIENTATIONS, borders=BORDERS, backgrounds=BACKGROUNDS,
                               max_signatures=MAX_SIGNATURES)


def _county_only() -> None:
    """Designing, editing and previewing the certificate is for county-level (campaign) organizers only:
    a township organizer gets 403 (docs/security.md, "Certificate templates")."""
    if not current_scope().whole_campaign:
        abort(403, _("The certificate template is the campaign organizer's."))


def _asked_design(campaign: Campaign) -> tuple[Design, Optional[str], Optional[bytes]]:
    """What the designer's form (action=design) or the HTML/CSS form sends: the design, the template
    text (None: Podium's own template) and the seal (a new upload, else the saved one). Raises
    PrintingError (DesignError) for a design or a picture that is refused."""
    old_seal = seal_path(campaign.id)
    seal = _upload("seal", "seal") or (old_seal.read_bytes() if old_seal else None)
    if request.form.get("action") == "design":
        return _design_from_form(saved_design(campaign.id)), None, seal
    text = request.form.get("template") or None
    if text is not None and len(text) > MAX_TEMPLATE:
        raise PrintingError(_("The template is too large: at most 200 KB."))
    return saved_design(campaign.id), text, seal


def _audited(design: Design) -> dict[str, Any]:
    return {"title": design.title, "subtitle": design.subtitle, "wording": design.wording, "paper": design.paper,
            "orientation": design.orientation, "border": design.border, "background": design.background,
            "signatures": [{"title": s.title, "name": s.name, "image": s.image is not None} for s in design.signatures]}


def _save_design(campaign: Campaign) -> None:
    """Save the design (the designer's form) or the HTML/CSS template, and the seal, after trying them
    on a sample certificate; refuse and keep the old ones otherwise. Audited."""
    action = request.form.get("action")
    if action == "reset":
        own = template_path(campaign.id)
        if own:
            own.unlink()
        written(lambda db: organizer_audit(db, "certificate_design", {"campaign": campaign.id, "template": "reset"}))
        flash(_("The designer's certificate is used again."), "ok")
        return
    try:
        design, text, seal = _asked_design(campaign)
        # the template it will print with: the HTML sent, else the campaign's own, else Podium's
        template = text if action != "design" and text else template_path(campaign.id)
        sample, printing = [_sample(campaign, seal, design)], _printing()
        laid_out(lambda: printing.render_certificates(sample, template, design=design))
    except PrintingError as error:
        flash(_("Not saved: %(problem)s", problem=_refusal_text(error)), "error")
        return
    new_seal = request.files.get("seal") is not None and bool(request.files["seal"].filename)
    if action == "design":
        _write(f"campaign-{campaign.id}-design.json", design_json(design).encode())
    elif text and text.strip():
        _write(f"campaign-{campaign.id}.html", text.encode())
    if new_seal:
        _write(f"campaign-{campaign.id}-seal", seal)
    detail = {"campaign": campaign.id, "seal": new_seal}
    detail.update({"design": _audited(design)} if action == "design" else {"template": bool(text and text.strip())})
    written(lambda db: organizer_audit(db, "certificate_design", detail))
    flash(_("Certificate design saved."), "ok")


@blueprint.route("/organizer/certificates/preview.pdf", methods=["POST"])
@organizer_required
def preview():
    """The design or the template being edited, on a sample certificate (nothing is saved)."""
    _county_only()
    with sessions()() as db:
        campaign = campaign_in_scope(db)
    try:
        design, text, seal = _asked_design(campaign)
        sample, printing = [_sample(campaign, seal, design)], _printing()
        pdf = laid_out(lambda: printing.render_certificates(sample, text, design=design))
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
    for option, path in (("--template", template_path(campaign.id)), ("--seal", seal_path(campaign.id)),
                         ("--design", design_path(campaign.id))):
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
        try:
            design = saved_design(campaign_id)
        except PrintingError as error:
            return refused(error)
        made = award_certificates(db, current_app.config["SECRET_KEY"],
                                  public_base(),
                                  request.args.get("issuer") or stage.event.campaign.name, date.today(),
                                  award_id=award_id, seal=seal.read_bytes() if seal else None,
                                  orientation=design.orientation)
    template = template_path(campaign_id)
    try:
        printing = _printing()
        pdf = laid_out(lambda: printing.render_certificates(made, template, design=design))
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
