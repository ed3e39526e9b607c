"""Setting up a campaign in the browser: a new campaign from the festival's template (the unit tree,
the categories and events, their tiers and stages with officials), the campaign page, adding
units, and editing an event's rule while nothing has been scored in it.

A new campaign is written through the competition-file loader, so it is checked exactly like
`podium load` and written all or nothing.
"""
from __future__ import annotations

import contextlib
import functools
import re
from pathlib import Path
from typing import Any

import yaml
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from organizers.access import current_scope, organizer_audit, organizer_required, sessions, written
from scoring.loader import KEY, CompetitionFileError, add_events, load_competition
from scoring.db import write
from scoring.errors import ScoringError
from podium.refusals import refusal_text
from scoring.models import Attempt, Campaign, Entry, Event, Fixture, MatchEvent, Scorecard, Stage, Unit
from scoring.organizing import change_event_rule, event_scored, event_stage_keys
from scoring.rulebook import build_judged_rule, build_measured_rule, stored_measured_settings, stored_settings
from scoring.rules.match import build_match_rule
from scoring.tiers import add_missing_stages, missing_stages

blueprint = Blueprint("setup", __name__, url_prefix="/organizer/setup")


@blueprint.app_context_processor
def _audit_warning() -> dict:
    """Every console page shows the warning of `podium run`'s audit check (scoring.audit) when it failed."""
    from scoring import audit

    return {"audit_warning": audit.warning}
TEMPLATE = Path(__file__).with_name("festival_template.yaml")
OFFICIALS = {"judged": "judges", "match": "scorekeepers", "measured": "recorders"}
MAX_NAME = 200


class SetupError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@functools.lru_cache(maxsize=1)
def festival_template() -> dict[str, Any]:
    return yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))


def template_events() -> list[tuple[str, dict]]:
    """(category, event) of the template, in order."""
    return [(category["name"], event) for category in festival_template()["categories"] for event in category["events"]]


def parse_units(text: str) -> list[tuple[str, list[str]]]:
    """One township per line, its villages after a colon: "硕督镇：达翁村、查瓦村"."""
    townships: list[tuple[str, list[str]]] = []
    problems = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = re.split(r"[:：]", line, maxsplit=1)
        township, rest = parts[0].strip(), parts[1] if len(parts) > 1 else ""
        villages = [v.strip() for v in re.split(r"[、,，;；\s]+", rest) if v.strip()]
        if not township or len(township) > MAX_NAME or any(len(v) > MAX_NAME for v in villages):
            problems.append(_("Line %(n)s: a township name (and village names) of 1 to 200 characters.", n=number))
            continue
        if township in [t for t, _v in townships]:
            problems.append(_("Line %(n)s: %(name)s is listed twice.", n=number, name=township))
        if len(set(villages)) != len(villages):
            problems.append(_("Line %(n)s: a village is listed twice.", n=number))
        townships.append((township, villages))
    if not townships and not problems:
        problems.append(_("List at least one township."))
    if problems:
        raise SetupError(problems)
    return townships


def _officials(kind: str, stage_key: str, count: int) -> list[dict]:
    names = {"judged": "评委", "match": "记分员", "measured": "记录员"}[kind]
    return [{"key": f"{'J' if kind == 'judged' else 'S' if kind == 'match' else 'C'}{n}", "name": f"{names}{n}",
             "chief": n == 1} for n in range(1, count + 1)]


def campaign_file(form: dict[str, Any]) -> dict[str, Any]:
    """The competition file of a new campaign from the set-up form (then checked by the loader)."""
    problems = []
    code = (form.get("code") or "").strip()
    if not KEY.match(code) or len(code) > 20:
        problems.append(_("The short code must be 1 to 20 letters, digits, '-' or '_' (it starts every stage's key)."))
    name = (form.get("name") or "").strip()
    county = (form.get("county") or "").strip()
    if not name or len(name) > MAX_NAME:
        problems.append(_("Give the campaign's name."))
    if not county or len(county) > MAX_NAME:
        problems.append(_("Give the county's name."))
    try:
        townships = parse_units(form.get("units", ""))
    except SetupError as bad:
        problems.extend(bad.problems)
        townships = []
    chosen = set(form.get("events") or [])
    events = [(category, event) for category, event in template_events() if event["key"] in chosen]
    if not events:
        problems.append(_("Choose at least one event."))
    counts = {}
    labels = {"judges": _("Judges per panel"), "village_advance": _("From each village stage, the top"),
              "township_advance": _("From each township round, the top")}
    for field, low, high in (("judges", 3, 9), ("village_advance", 1, 20), ("township_advance", 1, 20)):
        try:
            counts[field] = int(form.get(field) or 0)
        except ValueError:
            counts[field] = 0
        if not low <= counts[field] <= high:
            problems.append(_("%(field)s: a whole number from %(low)s to %(high)s.", field=labels[field], low=low, high=high))
    if problems:
        raise SetupError(problems)
    return {
        "campaign": name, "campaign_bo": (form.get("name_bo") or "").strip() or None,
        "units": [{"name": county, "children": [{"name": t, "children": [{"name": v} for v in villages]}
                                                for t, villages in townships]}],
        "events": [_event(code, category, event, county, townships, counts) for category, event in events],
    }


def _event(code: str, category: str, event: dict, county: str, townships, counts) -> dict[str, Any]:
    kind = event["format"]
    node = {"key": f"{code}-{event['key']}", "name": event["name"], "category": category, "format": kind,
            "rule": event["rule"]}
    officials = counts["judges"] if kind == "judged" else 2 if kind == "measured" else 1
    if kind == "match":  # played in one county stage: groups and knockout once the teams are in
        key = f"{code}-{event['key']}"
        node["stages"] = [{"key": key, "name": "县级比赛", "unit": county, OFFICIALS[kind]: _officials(kind, key, officials)}]
        return node
    node["tiers"] = [{"level": "village", "name": "村级预赛", "advance": {"per_stage": counts["village_advance"]}},
                     {"level": "township", "name": "乡镇复赛", "advance": {"per_stage": counts["township_advance"]}},
                     {"level": "county", "name": "县级决赛"}]
    stages = []
    for t, (township, villages) in enumerate(townships, start=1):
        for v, village in enumerate(villages, start=1):
            key = f"{code}-{event['key']}-v{t}-{v}"
            stages.append({"key": key, "name": f"{village}预赛", "tier": "village", "unit": f"{township}/{village}",
                           OFFICIALS[kind]: _officials(kind, key, officials)})
        key = f"{code}-{event['key']}-t{t}"
        stages.append({"key": key, "name": f"{township}复赛", "tier": "township", "unit": f"{county}/{township}",
                       OFFICIALS[kind]: _officials(kind, key, officials)})
    key = f"{code}-{event['key']}-final"
    stages.append({"key": key, "name": "县级决赛", "tier": "county", "unit": county,
                   OFFICIALS[kind]: _officials(kind, key, officials)})
    node["stages"] = stages
    return node


def _campaign_organizer():
    scope = current_scope()
    if not scope.whole_campaign:
        abort(403, _("Setting up the campaign is for a campaign organizer."))
    return scope


@blueprint.route("/new", methods=["GET", "POST"])
@organizer_required
def new_campaign():
    scope = _campaign_organizer()
    if scope.campaign_id is not None:
        abort(403, _("Your login belongs to one campaign; ask the bootstrap organizer to make a new one."))
    form: dict[str, Any] = {"judges": 5, "village_advance": 2, "township_advance": 2,
                            "events": [e["key"] for _c, e in template_events()]}
    problems: list[str] = []
    if request.method == "POST":
        form = {**request.form.to_dict(), "events": request.form.getlist("events")}
        try:
            data = campaign_file(form)

            def set_up(db) -> int:
                campaign = load_competition(db, data, empty_stages=True)
                organizer_audit(db, "campaign_setup", {"campaign": campaign.name, "events": len(data["events"])})
                return campaign.id
            campaign_id = written(set_up)
            flash(_("Campaign %(name)s set up.", name=data["campaign"]), "ok")
            return redirect(url_for("setup.campaign", campaign_id=campaign_id))
        except SetupError as bad:
            problems = bad.problems
        except CompetitionFileError as bad:
            problems = bad.problems
    categories: dict[str, list[dict]] = {}
    for category, event in template_events():
        categories.setdefault(category, []).append(event)
    return render_template("organizer/setup_new.html", form=form, categories=categories, problems=problems), \
        400 if problems else 200


def _campaign_in_scope(db, campaign_id: int) -> Campaign:
    campaign = db.get(Campaign, campaign_id)
    if campaign is None or not current_scope().covers_campaign(campaign.id):
        abort(404)
    return campaign


@blueprint.route("/campaigns/<int:campaign_id>")
@organizer_required
def campaign(campaign_id):
    scope = current_scope()
    with sessions()() as db:
        found = _campaign_in_scope(db, campaign_id)
        units = db.scalars(select(Unit).where(Unit.campaign_id == found.id).order_by(Unit.id)).all()
        events = db.scalars(select(Event).where(Event.campaign_id == found.id).order_by(Event.id)).all()
        tree = _tree(units)
        place = {unit.id: i for i, (_depth, unit) in enumerate(tree)}

        def in_order(stage: Stage) -> tuple:  # tier by tier, in the unit tree's order (a unit added later among its siblings)
            return (stage.tier.position if stage.tier else 0, place.get(stage.unit_id, -1), stage.id)
        shown = [{"event": e, "tiers": list(e.tiers), "stages": sorted((s for s in e.stages if scope.covers_stage(s)), key=in_order),
                  "entries": db.scalar(select(func.count(Entry.id)).join(Stage, Entry.stage_id == Stage.id).where(Stage.event_id == e.id))}
                 for e in events]
        code = next((s.key.split("-")[0] for e in events for s in e.stages), "")
        covered = [u for u in units if scope.covers_unit(u.id)]
        return render_template("organizer/campaign.html", campaign=found, tree=tree, events=shown, scope=scope,
                               units=covered, template=template_events(), code=code,
                               missing=missing_stages(db, found.id, covered))


def _tree(units: list[Unit]) -> list[tuple[int, Unit]]:
    """(depth, unit) in tree order."""
    children: dict[Any, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    ordered: list[tuple[int, Unit]] = []

    def walk(parent, depth):
        for unit in children.get(parent, []):
            ordered.append((depth, unit))
            walk(unit.id, depth + 1)
    walk(None, 0)
    return ordered


@blueprint.route("/campaigns/<int:campaign_id>/units", methods=["POST"])
@organizer_required
def add_unit(campaign_id):
    scope = current_scope()
    name = (request.form.get("name") or "").strip()
    name_bo = (request.form.get("name_bo") or "").strip() or None
    parent_id = request.form.get("parent", type=int)

    def add(db) -> None:
        found = _campaign_in_scope(db, campaign_id)
        parent = db.get(Unit, parent_id) if parent_id else None
        if parent is None or parent.campaign_id != found.id or not scope.covers_unit(parent.id):
            abort(404)
        if not name or len(name) > MAX_NAME or (name_bo and len(name_bo) > MAX_NAME):
            flash(_("A unit's name must be 1 to 200 characters."), "error")
        elif db.scalar(select(Unit.id).where(Unit.parent_id == parent.id, Unit.name == name)) is not None:
            flash(_("%(name)s is already under %(parent)s.", name=name, parent=parent.name), "error")
        else:
            unit = Unit(campaign_id=found.id, parent=parent, name=name, name_bo=name_bo)
            db.add(unit)
            db.flush()
            stages = add_missing_stages(db, found.id, [unit])  # as setting the campaign up makes them
            organizer_audit(db, "add_unit", {"name": name, "parent": parent.name, "stages": [s.key for s in stages]})
            flash(_("%(name)s added under %(parent)s.", name=name, parent=parent.name) + " " + _stages_added(stages), "ok")
    written(add)
    return redirect(url_for("setup.campaign", campaign_id=campaign_id))


def _stages_added(stages: list[Stage]) -> str:
    if not stages:
        return ""
    return _("Stages added: %(stages)s.", stages="、".join(f"{s.event.name} {s.name}" for s in stages))


@blueprint.route("/campaigns/<int:campaign_id>/stages", methods=["POST"])
@organizer_required
def add_stages(campaign_id):
    """The stages units added before stages were made with them still lack (`missing_stages`):
    one for each (tier, unit) the organizer may touch."""
    scope = current_scope()

    def add(db) -> None:
        found = _campaign_in_scope(db, campaign_id)
        units = [u for u in db.scalars(select(Unit).where(Unit.campaign_id == found.id).order_by(Unit.id))
                 if scope.covers_unit(u.id)]
        stages = add_missing_stages(db, found.id, units)
        if stages:
            organizer_audit(db, "add_stages", {"stages": [s.key for s in stages]})
            flash(_stages_added(stages), "ok")
        else:
            flash(_("Every unit has its stages."), "ok")
    written(add)
    return redirect(url_for("setup.campaign", campaign_id=campaign_id))


@blueprint.route("/campaigns/<int:campaign_id>/events", methods=["POST"])
@organizer_required
def add_event(campaign_id):
    """One more event of the template in an existing campaign, with stages for its units as they are now."""
    _campaign_organizer()
    chosen = dict((event["key"], (category, event)) for category, event in template_events()).get(request.form.get("event"))
    code = (request.form.get("code") or "").strip()
    counts = {}
    for field in ("judges", "village_advance", "township_advance"):
        counts[field] = request.form.get(field, type=int) or 0

    def add(db) -> None:
        found = _campaign_in_scope(db, campaign_id)
        problems = []
        if chosen is None:
            problems.append(_("Choose at least one event."))
        if not KEY.match(code) or len(code) > 20:
            problems.append(_("The short code must be 1 to 20 letters, digits, '-' or '_' (it starts every stage's key)."))
        if not 3 <= counts["judges"] <= 9 or not 1 <= counts["village_advance"] <= 20 or not 1 <= counts["township_advance"] <= 20:
            problems.append(_("Judges per panel") + ": 3-9")
        if not problems:
            units = db.scalars(select(Unit).where(Unit.campaign_id == found.id).order_by(Unit.id)).all()
            county = next((u for u in units if u.parent_id is None), None)
            townships = [(t.name, [v.name for v in units if v.parent_id == t.id]) for t in units if county and t.parent_id == county.id]
            try:
                add_events(db, found, [_event(code, *chosen, county.name, townships, counts)])
                organizer_audit(db, "add_event", {"event": chosen[1]["key"], "code": code})
            except CompetitionFileError as bad:
                problems.extend(bad.problems)
        for problem in problems:
            flash(problem, "error")
        if not problems:
            flash(_("Event %(name)s added.", name=chosen[1]["name"]), "ok")
    written(add)
    return redirect(url_for("setup.campaign", campaign_id=campaign_id))


# --- an event's rule -----------------------------------------------------------------------------

PLAIN_NUMBER = re.compile(r"\d{1,6}(\.\d{1,4})?")  # a criterion's max, step or weight: 0 to 999999.9999


def _plain_number(text: str, what: str, key: str) -> str:
    if not PLAIN_NUMBER.fullmatch(text):
        raise ValueError(_("%(what)s of criterion %(key)s must be a number like 40 or 0.5, not “%(value)s”.",
                           what=what, key=key, value=text[:40]))
    return text


def _judged_rule_from_form(form) -> tuple[dict, list[dict]]:
    criteria = [{"key": k.strip(), "name": n.strip(), "max": _plain_number(m.strip(), "max", k.strip()),
                 "step": _plain_number(s.strip() or "1", "step", k.strip()),
                 "weight": _plain_number(w.strip() or "1", "weight", k.strip())}
                for k, n, m, s, w in zip(form.getlist("c_key"), form.getlist("c_name"), form.getlist("c_max"),
                                         form.getlist("c_step"), form.getlist("c_weight")) if k.strip()]
    settings = {"aggregate": form.get("aggregate", "mean"), "drop_highest": form.get("drop_highest", "0"),
                "drop_lowest": form.get("drop_lowest", "0"), "decimals": form.get("decimals", "2"),
                "tiebreak": [step.strip() for step in re.split(r"[,，\s]+", form.get("tiebreak", "")) if step.strip()]}
    return settings, criteria


@blueprint.route("/events/<int:event_id>", methods=["GET", "POST"])
@organizer_required
def event_rule(event_id):
    _campaign_organizer()
    with sessions()() as db:
        event = db.get(Event, event_id)
        if event is None or not current_scope().covers_campaign(event.campaign_id):
            abort(404)
        locked = event_scored(db, event.id)
        stage_keys = event_stage_keys(db, event.id)
        criteria = [{"key": c.key, "name": c.name, "max": c.max, "step": c.step, "weight": c.weight} for c in event.criteria]
        rule_text = yaml.safe_dump(event.rule or {}, allow_unicode=True, sort_keys=False)
        campaign_id = event.campaign_id
    problems: list[str] = []
    if request.method == "POST":
        try:
            _save_rule(event_id, stage_keys, request.form)
            flash(_("Rule saved."), "ok")
            return redirect(url_for("setup.event_rule", event_id=event_id))
        except ScoringError as refused:
            locked = locked or refused.code == "already_scored"
            scored = _("Marks or results are already recorded in this event: its rule can no longer change.")
            problems.append(scored if refused.code == "already_scored" else refusal_text(refused))
            if refused.code == "bad_rule":
                problems.append(refused.message)  # the rule's own complaint, for whoever edits its YAML
        except yaml.YAMLError as bad:
            problems.append(str(bad))
        rule_text = request.form.get("rule", rule_text)
    return render_template("organizer/event_rule.html", event=event, criteria=criteria, rule_text=rule_text,
                           locked=locked, problems=problems, campaign_id=campaign_id), 400 if problems else 200


def _save_rule(event_id: int, stage_keys: list[str], form) -> None:
    """Check the new rule with the rule builders, then store it (criteria rows for a judged event):
    scoring.organizing.change_event_rule, under the lock of every stage of the event."""
    from scoring.models import Criterion

    def save(db, event) -> None:
        if event.format == "judged":
            settings, criteria = _judged_rule_from_form(form)
            rule = build_judged_rule({**settings, "deductions": (event.rule or {}).get("deductions", []),
                                      "outlier": (event.rule or {}).get("outlier")}, criteria)
            panels = [len(stage.judges) for stage in event.stages if stage.judges]
            if panels and rule.drop_highest + rule.drop_lowest >= min(panels):
                raise ValueError(_("Dropping %(n)s marks leaves nothing of a panel of %(size)s judges.",
                                   n=rule.drop_highest + rule.drop_lowest, size=min(panels)))
            event.rule = stored_settings(rule)
            event.criteria.clear()
            db.flush()
            event.criteria.extend(Criterion(position=i, key=c.key, name=c.name, max=c.max, step=c.step, weight=c.weight)
                                  for i, c in enumerate(rule.criteria))
        else:
            data = yaml.safe_load(form.get("rule") or "")
            if not isinstance(data, dict):
                raise ValueError(_("The rule must be a mapping of settings."))
            if event.format == "measured":
                event.rule = stored_measured_settings(build_measured_rule(data), data)
            else:
                build_match_rule(data)
                event.rule = data
    live = current_app.extensions["podium.live"]
    with contextlib.ExitStack() as held:
        for key in stage_keys:  # sorted: two editors of overlapping stages take the locks in one order
            held.enter_context(live.writing(key))
        changed = write(change_event_rule, sessions(), event_id, save, current_scope().actor)
        for key in changed:
            live.changed(key)

