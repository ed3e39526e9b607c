"""The recorders' service for measured stages (races, lifting, archery, quizzes, timed skills).

Recorders enter attempts from the start list (a value, the stopwatch readings of a hand-timed
race, or a status), correct them with a reason, record entry statuses (DNS, DNF, DQ) and the
finish judges' placings, and run the heat's clock; the chief recorder confirms a heat (its results
become final), reopens it with a reason, and draws the final's start list from the heats.

Like every service: checked, authorized, written with its audit entry and the stage's sequence
bump in one transaction, idempotent on the client id; a refusal stores nothing.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from scoring import audit
from scoring.db import transaction
from scoring.errors import N_, ScoringError, shown_entry
from scoring.models import Attempt, Entry, Heat, Judge, Stage, utcnow
from scoring.rulebook import event_measured_rule, time_limit
from scoring.rules import measured
from scoring.service import Outcome, bump_seq, in_own_stage, official_change

ROLE = "recorder"
ENTRY_STATUSES = ("DNS", "DNF", "DQ")
MAX_REASON = 200
STOPWATCH = measured.MeasuredRule(measure="time", resolution="0.01")  # a hand-held watch reads to 1/100 s


def _refused(refusal: measured.MeasureError) -> ScoringError:
    return ScoringError(refusal.code, refusal.told)


def _entry(session: Session, judge: Judge, key: Any) -> Entry:
    entry = in_own_stage(session, judge, Entry, key, "entry")
    if entry.heat_id is None:
        raise ScoringError("not_in_start_list", N_('%(entry)s is not in the start list of any heat.'), entry=shown_entry(entry))
    return entry


def _heat(session: Session, judge: Judge, key: Any) -> Heat:
    return in_own_stage(session, judge, Heat, key, "heat")


def _rule(judge: Judge) -> tuple[measured.MeasuredRule, Optional[Decimal]]:
    """The official's event's rule and its time limit (None: it has none)."""
    return event_measured_rule(judge.stage.event), time_limit(judge.stage.event.rule or {})


def _open(entry: Entry) -> Entry:
    if entry.locked:
        raise ScoringError("locked", N_('The heat of %(entry)s is confirmed; the chief recorder reopens it first.'), entry=shown_entry(entry))
    return entry


def _reason(data: dict, required: bool) -> Optional[str]:
    reason = data.get("reason")
    if reason is None or (isinstance(reason, str) and not reason.strip()):
        if required:
            raise ScoringError("reason_required", N_('Give the reason for this correction.'))
        return None
    if not isinstance(reason, str) or len(reason) > MAX_REASON:
        raise ScoringError("bad_request", N_('The reason may be at most %(most)s characters long.'), most=MAX_REASON)
    return reason.strip()


def _recorded(session: Session, entry: Entry) -> dict[int, Attempt]:
    """The entry's attempts as they stand: the latest revision of each number."""
    latest: dict[int, Attempt] = {}
    for attempt in session.scalars(select(Attempt).where(Attempt.entry_id == entry.id).order_by(Attempt.revision)):
        latest[attempt.number] = attempt
    return latest


def _attempt_number(rule: measured.MeasuredRule, data: dict, default: int) -> int:
    number = data.get("attempt", default)
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise ScoringError("bad_request", 'attempt must be a whole number from 1.')
    if number > rule.attempts:
        raise ScoringError("too_many_attempts", N_('The rule allows %(attempts)s attempt(s); this would be number %(number)s.'), attempts=rule.attempts, number=number)
    return number


def _attempt_fields(rule: measured.MeasuredRule, data: dict, limit: Optional[Decimal]) -> dict[str, Any]:
    """The recorded value, or the stopwatches it comes from (hand timing), or a status; a value above
    the rule's time limit (or what is plausible for the measure) is refused (measured.check_plausible)."""
    given = [name for name in ("value", "watches", "status") if data.get(name) is not None]
    if len(given) != 1:
        raise ScoringError("bad_request", 'Send exactly one of value, watches or status.')
    try:
        if given == ["status"]:
            if data["status"] not in measured.STATUSES:
                raise measured.MeasureError("bad_status", f"status must be one of {', '.join(measured.STATUSES)}.")
            return {"value": None, "status": data["status"], "watches": None}
        if given == ["value"]:
            return {"value": measured.check_plausible(rule, measured.parse_value(rule, data["value"]), limit),
                    "status": None, "watches": None}
        if rule.timing != "hand":
            raise ScoringError("bad_request", 'This event is not hand timed: send the value.')
        watches = data["watches"]
        if not isinstance(watches, list) or not 1 <= len(watches) <= 3:
            raise ScoringError("bad_request", 'watches must be a list of 1 to 3 stopwatch readings.')
        readings = [measured.check_plausible(rule, measured.parse_value(STOPWATCH, reading), limit)
                    for reading in watches]
        return {"value": measured.parse_value(rule, measured.hand_time(readings)), "status": None,
                "watches": [str(r) for r in readings]}
    except measured.MeasureError as refused:
        raise _refused(refused)


def _shown(rule: measured.MeasuredRule, fields: dict) -> str:
    return fields["status"] or measured.format_value(rule, fields["value"])


def _change(sessions, judge_id: int, data: Any, action: str, change, chief: bool = False) -> Outcome:
    return official_change(sessions, judge_id, data, ROLE, action, change, chief=chief)


def record_attempt(sessions: sessionmaker[Session], judge_id: int, data: Any) -> Outcome:
    """Record an entry's next attempt (or the numbered one): a value, stopwatches or a status."""
    def change(session: Session, judge: Judge, data: dict) -> dict:
        entry = _open(_entry(session, judge, data.get("entry")))
        rule, limit = _rule(judge)
        recorded = _recorded(session, entry)
        number = _attempt_number(rule, data, len(recorded) + 1)
        if number in recorded:
            raise ScoringError("already_recorded",
                               N_('Attempt %(number)s of %(entry)s is recorded; correct it with a reason.'), number=number, entry=shown_entry(entry))
        if number > len(recorded) + 1:
            raise ScoringError("out_of_order", N_('Record attempt %(number)s of %(entry)s first.'), number=len(recorded) + 1, entry=shown_entry(entry))
        fields = _attempt_fields(rule, data, limit)
        session.add(Attempt(entry_id=entry.id, number=number, revision=1, judge_id=judge.id, **fields))
        return {"entry": entry.key, "attempt": number, "result": _shown(rule, fields), "watches": fields["watches"]}

    return _change(sessions, judge_id, data, "attempt", change)


def correct_attempt(sessions: sessionmaker[Session], judge_id: int, data: Any) -> Outcome:
    """Correct a recorded attempt: a new revision with its reason; the old one stays in the record."""
    def change(session: Session, judge: Judge, data: dict) -> dict:
        entry = _open(_entry(session, judge, data.get("entry")))
        rule, limit = _rule(judge)
        recorded = _recorded(session, entry)
        number = _attempt_number(rule, data, 0)
        if number not in recorded:
            raise ScoringError("nothing_to_correct", N_('Attempt %(number)s of %(entry)s is not recorded yet.'), number=number, entry=shown_entry(entry))
        reason = _reason(data, required=True)
        fields = _attempt_fields(rule, data, limit)
        before = recorded[number]
        session.add(Attempt(entry_id=entry.id, number=number, revision=before.revision + 1, judge_id=judge.id,
                            reason=reason, **fields))
        was = before.status or measured.format_value(rule, before.value)
        return {"entry": entry.key, "attempt": number, "result": _shown(rule, fields), "was": was,
                "watches": fields["watches"], "reason": reason}

    return _change(sessions, judge_id, data, "correct", change)


def set_entry_status(sessions: sessionmaker[Session], judge_id: int, data: Any) -> Outcome:
    """DNS, DNF or DQ for the whole entry (null clears it); a disqualification needs its reason."""
    def change(session: Session, judge: Judge, data: dict) -> dict:
        entry = _open(_entry(session, judge, data.get("entry")))
        status = data.get("status")
        if status is not None and status not in ENTRY_STATUSES:
            raise ScoringError("bad_status", 'status must be one of %(statuses)s, or null to clear it.', statuses=ENTRY_STATUSES)
        reason = _reason(data, required=status == "DQ")
        before, entry.mark_status = entry.mark_status, status
        return {"entry": entry.key, "status": status, "was": before, "reason": reason}

    return _change(sessions, judge_id, data, "entry_status", change)


def record_placings(sessions: sessionmaker[Session], judge_id: int, data: Any) -> Outcome:
    """The finish judges' order of arrival in a heat (first to last); it decides between equal times."""
    def change(session: Session, judge: Judge, data: dict) -> dict:
        heat = _heat(session, judge, data.get("heat"))
        if heat.confirmed:
            raise ScoringError("locked", N_('Heat %(heat)s is confirmed; the chief recorder reopens it first.'), heat=heat.name or heat.key)
        order = data.get("order")
        if not isinstance(order, list) or not all(isinstance(key, str) for key in order):
            raise ScoringError("bad_request", 'order must be the list of entries in order of arrival.')
        if len(set(order)) != len(order):
            raise ScoringError("bad_request", N_('An entry appears twice in the order of arrival.'))
        in_heat = {entry.key: entry for entry in heat.entries}
        strangers = [key for key in order if key not in in_heat]
        if strangers:
            raise ScoringError("not_in_start_list", N_('Not in heat %(heat)s: %(entries)s.'), heat=heat.name or heat.key, entries=strangers)
        for entry in heat.entries:
            entry.placing = order.index(entry.key) + 1 if entry.key in order else None
        return {"heat": heat.key, "order": order}

    return _change(sessions, judge_id, data, "placings", change)


CLOCK_ACTIONS = ("start", "stop", "reset")


def heat_clock(sessions: sessionmaker[Session], judge_id: int, data: Any) -> Outcome:
    """Start the heat's clock (the gun), stop it, or reset it after a false start. The server's time
    is the clock's: boards run it from the recorded moment."""
    def change(session: Session, judge: Judge, data: dict) -> dict:
        heat = _heat(session, judge, data.get("heat"))
        action = data.get("action")
        if action not in CLOCK_ACTIONS:
            raise ScoringError("bad_request", 'action must be one of %(actions)s.', actions=CLOCK_ACTIONS)
        if heat.confirmed:
            raise ScoringError("locked", N_('Heat %(heat)s is confirmed.'), heat=heat.name or heat.key)
        running = heat.clock_started_at is not None and heat.clock_stopped_at is None
        if action == "start" and running or action == "stop" and not running:
            raise ScoringError("out_of_order", N_('The clock of heat %(heat)s is already running.') if running else N_('The clock of heat %(heat)s is not running.'), heat=heat.name or heat.key)
        now = utcnow()
        if action == "start":
            heat.clock_started_at, heat.clock_stopped_at = now, None
        elif action == "stop":
            heat.clock_stopped_at = now
        else:
            heat.clock_started_at = heat.clock_stopped_at = None
        return {"heat": heat.key, "action": action, "at": now.isoformat()}

    return _change(sessions, judge_id, data, "clock", change)


def confirm_heat(sessions: sessionmaker[Session], judge_id: int, data: Any) -> Outcome:
    """The chief recorder confirms a heat: every entry has a result, which is now final."""
    def change(session: Session, judge: Judge, data: dict) -> dict:
        heat = _heat(session, judge, data.get("heat"))
        if heat.confirmed:
            raise ScoringError("locked", N_('Heat %(heat)s is already confirmed.'), heat=heat.name or heat.key)
        attempted = set(session.scalars(select(Attempt.entry_id).where(
            Attempt.entry_id.in_([entry.id for entry in heat.entries]))))
        missing = [shown_entry(entry) for entry in heat.entries if entry.mark_status is None and entry.id not in attempted]
        if missing:
            raise ScoringError("incomplete", N_('No result yet for %(entries)s (record DNS for a no-show).'), entries=missing)
        heat.confirmed = True
        if heat.clock_started_at is not None and heat.clock_stopped_at is None:
            heat.clock_stopped_at = utcnow()
        for entry in heat.entries:
            entry.locked = True
        return {"heat": heat.key}

    return _change(sessions, judge_id, data, "confirm", change, chief=True)


def reopen_heat(sessions: sessionmaker[Session], judge_id: int, data: Any) -> Outcome:
    """The chief recorder reopens a confirmed heat for a correction (the reason is audited) while no
    final has been drawn from it."""
    def change(session: Session, judge: Judge, data: dict) -> dict:
        heat = _heat(session, judge, data.get("heat"))
        if not heat.confirmed:
            raise ScoringError("not_locked", N_('Heat %(heat)s is not confirmed.'), heat=heat.name or heat.key)
        reason = _reason(data, required=True)
        fed = [stage.key for stage in _fed_stages(session, judge.stage) if stage.entries]
        if fed:
            raise ScoringError("already_seeded", N_('The start list of %(stages)s was drawn from these results.'), stages=fed)
        heat.confirmed = False
        for entry in heat.entries:
            entry.locked = False
        return {"heat": heat.key, "reason": reason}

    return _change(sessions, judge_id, data, "reopen", change, chief=True)


def _fed_stages(session: Session, stage: Stage) -> list[Stage]:
    """Stages drawn from this one (settings.from_stage)."""
    return [other for other in session.scalars(select(Stage).where(Stage.event_id == stage.event_id))
            if (other.settings or {}).get("from_stage") == stage.key]


# --- the final's start list ------------------------------------------------------------------

def _chosen(source: Stage, chosen: Any, lanes: Optional[int]) -> list[tuple[str, str]]:
    """The organizer's own list of qualifiers (seed order), for a tie at a cut the rule leaves to them."""
    if not isinstance(chosen, list) or not chosen or not all(isinstance(key, str) for key in chosen):
        raise ScoringError("bad_request", 'qualified must be the list of entries going through, best seed first.')
    known = {entry.key for entry in source.entries}
    strangers = [key for key in chosen if key not in known]
    if strangers or len(set(chosen)) != len(chosen):
        raise ScoringError("not_in_start_list", 'Not entries of %(source)s (or named twice): %(value)s.', source=source.key, value=', '.join(strangers) or 'duplicates')
    if lanes is not None and len(chosen) > lanes:
        raise ScoringError("bad_request", N_('%(chosen)s qualifiers for %(lanes)s lanes.'), chosen=len(chosen), lanes=lanes)
    return [(key, "chosen") for key in chosen]


def _draw_final(session: Session, stage: Stage, actor: str, chosen: Any = None) -> dict:
    from scoring.measured_standings import heat_results  # the standings read what this writes

    settings = stage.settings or {}
    source = session.scalar(select(Stage).where(Stage.key == settings.get("from_stage")))
    if source is None or source.event.format != "measured":
        raise ScoringError("unknown_stage", N_('%(stage)s names no heats to draw its start list from (from_stage).'), stage=stage.name)
    if stage.entries:
        raise ScoringError("already_seeded", N_('The start list of %(stage)s is already drawn.'), stage=stage.name)
    open_heats = [heat.key for heat in source.heats if not heat.confirmed]
    if open_heats:
        raise ScoringError("not_final", N_('Heats still to confirm: %(heats)s.'), heats=open_heats)
    rule = event_measured_rule(source.event)
    source_settings = source.settings or {}
    try:
        if chosen is not None:
            qualified = _chosen(source, chosen, settings.get("lanes"))
        else:
            qualified = measured.qualifiers(rule, heat_results(session, source, rule),
                                            int(source_settings.get("by_place", 0)),
                                            int(source_settings.get("fastest_losers", 0)))
        lanes = int(settings.get("lanes") or len(qualified))
        start_list = measured.final_start_list([entry for entry, _ in qualified], lanes)
    except ValueError as refused:
        raise ScoringError("needs_decision", str(refused))
    if not start_list:
        raise ScoringError("not_final", N_('Nobody qualified from %(source)s.'), source=source.key)
    if stage.heats:
        heat = stage.heats[0]
    else:
        heat = Heat(key="F", position=1, name=stage.name)
        stage.heats.append(heat)
    originals = {entry.key: entry for entry in source.entries}
    how = dict(qualified)
    for order, (lane, key) in enumerate(start_list, start=1):
        original = originals[key]
        stage.entries.append(Entry(key=key, name=original.name, name_bo=original.name_bo, unit_id=original.unit_id,
                                   running_order=order, heat=heat, lane=lane))
    return {"from_stage": source.key, "start_list": [{"lane": lane, "entry": key, "qualified": how[key]}
                                                     for lane, key in start_list], "actor": actor}


def seed_final(sessions: sessionmaker[Session], stage_key: str, actor: Optional[str] = None,
               chosen: Optional[list[str]] = None, reason: Optional[str] = None) -> Outcome:
    """Draw a final's start list from its heats (settings.from_stage): the qualifiers by place and
    the fastest losers (the heats stage's by_place and fastest_losers), best seed in the centre lane.
    `chosen` is the organizer's own list (seed order) when a tie at a cut needs their decision, with
    its `reason` (required then, audited; as the chief recorder's draw_final).
    `actor`: the console's organizer, by default the CLI's user."""
    actor = actor or audit.cli_actor()
    reason = _reason({"reason": reason}, required=chosen is not None)
    with transaction(sessions) as session:
        stage = session.scalar(select(Stage).where(Stage.key == stage_key))
        if stage is None:
            raise ScoringError("unknown_stage", N_('There is no stage %(stage)s.'), stage=stage_key)
        seq = bump_seq(session, stage.id)
        detail = {**_draw_final(session, stage, actor, chosen), "reason": reason}
        audit.record(session, actor, action="seed", stage_id=stage.id, stage_seq=seq, detail=detail, note=reason)
        return Outcome(stage=stage.key, changed=True)


def draw_final(sessions: sessionmaker[Session], judge_id: int, data: Any) -> Outcome:
    """The final's chief recorder draws its start list from the confirmed heats (or, to settle a tie
    at a cut, names the qualifiers in seed order with the reason: `qualified`, `reason`)."""
    def change(session: Session, judge: Judge, data: dict) -> dict:
        chosen = data.get("qualified")
        reason = _reason(data, required=chosen is not None)
        actor = audit.official_actor(ROLE, judge.id, judge.key)
        return {**_draw_final(session, judge.stage, actor, chosen), "reason": reason}

    return _change(sessions, judge_id, data, "seed", change, chief=True)


def recorder_hello(session: Session, judge: Judge) -> dict[str, Any]:
    """What a recorder's console needs on connect: who they are, the rule, the standings."""
    from scoring.standings import stage_standings

    stage = judge.stage
    return {
        "official": {"key": judge.key, "name": judge.name, "chief": judge.chief},
        "stage": {"key": stage.key, "name": stage.name, "event": stage.event.key, "event_name": stage.event.name,
                  "from_stage": (stage.settings or {}).get("from_stage")},
        "standings": stage_standings(session, stage.key),
    }
