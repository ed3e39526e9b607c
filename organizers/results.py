"""Results in the organizer console: advancing a tier, a stage's awards, the prize list (.xlsx) and
the medal table."""
from __future__ import annotations

import io
from datetime import datetime, timezone

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from organizers.importing import XLSX, safe_cell
from podium.refusals import refusal_text
from organizers.access import (campaign_in_scope, current_scope, organizer_audit, organizer_required, sessions,
                               stage_in_scope, written)
from scoring.db import write
from scoring import awards, payout
from scoring.advancement import advance_tier, advanced_from, advancement_plan
from scoring.errors import ScoringError
from scoring.models import Stage, Tier

blueprint = Blueprint("results", __name__, url_prefix="/organizer/results")


def _broadcast(stage_keys) -> None:
    for key in stage_keys:
        current_app.extensions["podium.live"].changed(key)


# --- advancing a tier --------------------------------------------------------------------------

@blueprint.route("/tiers/<int:tier_id>", methods=["GET", "POST"])
@organizer_required
def tier(tier_id):
    scope = current_scope()
    with sessions()() as db:
        found = db.get(Tier, tier_id)
        if found is None or not scope.covers_campaign(found.event.campaign_id):
            abort(404)
        if not scope.whole_campaign:
            abort(403, _("Only a campaign organizer advances a tier: it spans every township."))
        if request.method == "POST" and request.form.get("action") == "rule":
            _set_tier_rule(tier_id, request.form)
            return redirect(url_for("results.tier", tier_id=tier_id))
        if request.method == "POST":
            chosen = request.form.getlist("chosen")
            try:
                outcomes = write(advance_tier, sessions(), tier_id, scope.actor, chosen)
            except ScoringError as refused:
                flash(refusal_text(refused), "error")
            else:
                _broadcast(o.stage for o in outcomes)
                names = dict(db.execute(select(Stage.key, Stage.name).where(Stage.key.in_([o.stage for o in outcomes]))).all())
                flash(_("Advanced to %(stages)s.", stages="、".join(names.get(o.stage, o.stage) for o in outcomes)), "ok")
            return redirect(url_for("results.tier", tier_id=tier_id))
        plan = advancement_plan(db, found).as_dict()
        event = found.event
        return render_template("organizer/tier.html", tier=found, event=event, plan=plan)


def _set_tier_rule(tier_id: int, form) -> None:
    """Who goes on from the tier: the top N per stage or overall; fixed once the tier has advanced."""
    mode, count = form.get("mode"), form.get("count", type=int)
    if mode not in ("per_stage", "overall") or count is None or not 1 <= count <= 100:
        flash(_("Choose per stage or overall, and a number from 1 to 100."), "error")
        return

    def save(db) -> bool:
        found = db.get(Tier, tier_id)
        later = [t for t in found.event.tiers if t.position > found.position]
        if not later:
            flash(_("The last tier has no tier after it."), "error")
            return False
        if advanced_from(found, later[0]):
            flash(_("This tier has already advanced."), "error")
            return False
        if found.event.format == "match" and mode == "overall":
            flash(_("Matches advance per stage (the top N of each table)."), "error")
            return False
        before, found.advance = found.advance, {"mode": mode, "count": count}
        organizer_audit(db, "tier_rule", {"tier": found.name, "before": before, "after": found.advance})
        return True
    if written(save):
        flash(_("Rule saved."), "ok")


# --- a stage's awards --------------------------------------------------------------------------

def _levels_from_form(form) -> list[dict]:
    rows = zip(form.getlist("level_name"), form.getlist("level_quota"), form.getlist("level_prize"))
    return [{"name": name, "quota": quota, "prize": prize} for name, quota, prize in rows if name.strip()]


@blueprint.route("/stages/<stage_key>/awards", methods=["GET", "POST"])
@organizer_required
def stage_awards(stage_key):
    scope = current_scope()
    with sessions()() as db:
        stage = stage_in_scope(db, stage_key)
        if request.method == "POST":
            try:
                if request.form.get("action") == "levels":
                    write(awards.set_levels, sessions(), stage.key, _levels_from_form(request.form), scope.actor)
                    flash(_("Award levels saved."), "ok")
                else:
                    decisions = {key[len("decide-"):]: value for key, value in request.form.items()
                                 if key.startswith("decide-")}
                    write(awards.assign_awards, sessions(), stage.key, scope.actor, decisions)
                    flash(_("Awards given."), "ok")
            except ScoringError as refused:
                flash(refusal_text(refused), "error")
            return redirect(url_for("results.stage_awards", stage_key=stage.key))
        plan = awards.award_plan(db, stage)
        given_awards = db.scalars(select(awards.Award).where(awards.Award.stage_id == stage.id)).all()
        given = {a.entry.key: a.level.name for a in given_awards}
        award_ids = {a.entry.key: a.id for a in given_awards}
        return render_template("organizer/awards.html", stage=stage, event=stage.event, plan=plan, given=given,
                               award_ids=award_ids, template_levels=DEFAULT_LEVELS)


DEFAULT_LEVELS = [{"name": "一等奖", "quota": 1, "prize": "3000"}, {"name": "二等奖", "quota": 2, "prize": "2000"},
                  {"name": "三等奖", "quota": 3, "prize": "1000"}, {"name": "优秀奖", "quota": "", "prize": "300"}]


# --- the prize list and the medal table ---------------------------------------------------------

def _prize_list(db, campaign_id: int) -> dict:
    """The prize list of the stages the organizer may see, with the payout data (personal) only of
    the persons of units they may see."""
    scope = current_scope()
    listing = awards.prize_list(db, campaign_id, scope.covers_stage)
    for row in listing["rows"]:
        if not scope.covers_unit(row["unit_id"]):
            row["id_number"] = row["account"] = None
    return listing


@blueprint.route("/prizes")
@organizer_required
def prizes():
    with sessions()() as db:
        campaign = campaign_in_scope(db)
        listing = _prize_list(db, campaign.id)
    return render_template("organizer/prizes.html", campaign=campaign, listing=listing, masked=payout.mask_id_number,
                           capitals=payout.rmb_capitals)


@blueprint.route("/prizes.xlsx")
@organizer_required
def prizes_xlsx():
    from openpyxl import Workbook

    with sessions()() as db:
        campaign = campaign_in_scope(db)
        listing = _prize_list(db, campaign.id)
    book = Workbook()
    sheet = book.active
    sheet.title = "奖金名单"
    # the sheet the winners sign when paid: ID numbers whole (they are masked on screen), an empty column to sign
    sheet.append(["乡镇", "村（社区）", "姓名", "藏文名", "项目", "赛段", "级别", "名次", "奖项", "奖金（元）",
                  "金额大写", "身份证号", "银行卡号/手机号", "领取人签字"])
    for row in listing["rows"]:  # names and numbers are written as text, never as formulas
        sheet.append([safe_cell(str(row[key] or "")) for key in ("township", "village", "name", "name_bo", "event",
                                                                  "stage", "tier")]
                     + [row["rank"], safe_cell(row["award"]), row["prize"], payout.rmb_capitals(row["prize"]),
                        row["id_number"] or "", row["account"] or "", ""])
    sheet.append([])
    sheet.append(["合计", "", "", "", "", "", "", "", listing["count"], listing["total"], payout.rmb_capitals(listing["total"])])
    for column, width in (("K", 26), ("L", 22), ("M", 22), ("N", 16)):
        sheet.column_dimensions[column].width = width
    summary = book.create_sheet("按乡镇汇总")
    summary.append(["乡镇", "获奖人次", "奖金（元）"])
    for township, totals in listing["townships"].items():
        summary.append([safe_cell(township), totals["count"], totals["prize"]])
    summary.append(["合计", listing["count"], listing["total"]])
    villages = book.create_sheet("按村汇总")
    villages.append(["乡镇", "村（社区）", "获奖人次", "奖金（元）"])
    for (township, village), totals in listing["villages"].items():
        villages.append([safe_cell(township), safe_cell(village), totals["count"], totals["prize"]])
    villages.append(["合计", "", listing["count"], listing["total"]])
    for ws, column in ((sheet, "J"), (summary, "C"), (villages, "D")):  # amounts are written as exact decimals
        for cell in ws[column][1:]:
            cell.number_format = "#,##0.00"
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d")
    return send_file(buffer, mimetype=XLSX, as_attachment=True, download_name=f"prizes-{campaign.id}-{stamp}.xlsx")


@blueprint.route("/medals")
@organizer_required
def medals():
    with sessions()() as db:
        campaign = campaign_in_scope(db)
        table = awards.medal_table(db, campaign.id)
    return render_template("medals.html", campaign=campaign, table=table, public=False)
