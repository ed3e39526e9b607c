"""Organizers' changes as service functions (issue 12, failure 11): they take the stage lock first and
check inside the transaction, so a mark, a seat or a booking cannot slip in between check and write."""
from __future__ import annotations

import threading
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from conftest import TOKENS, speech_competition
from podium.testing import called_through
from scoring import audit, organizing, service
from scoring.db import transaction
from scoring.errors import ScoringError
from scoring.models import AuditEntry, Campaign, Event, Judge, PoolJudge, Stage, Unit, Venue
from test_audit import GOOD, judges_of

ADMIN = audit.organizer_actor(1, "admin")


@pytest.fixture
def sessions(sessions):
    """The speech competition with every entry of the final called (marks taken in any order)."""
    called_through(sessions, "final")
    return sessions


def speech_event(sessions) -> int:
    with sessions() as s:
        return s.scalar(select(Event.id).where(Event.key == "speech"))


def in_background(call, *args) -> tuple[threading.Thread, list]:
    """`call(*args)` in a thread of its own; what it returned or raised lands in the list."""
    result: list = []

    def run():
        try:
            result.append(call(*args))
        except Exception as failed:  # the test looks at it
            result.append(failed)
    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


def test_a_mark_cannot_arrive_between_the_rule_edits_check_and_its_write(sessions):
    """The judge's submit sent while the rule edit is between its check and its write waits for the
    stage lock: it is stored after the new rule, never under the old one's check."""
    panel = judges_of(sessions)
    event_id = speech_event(sessions)
    submitted = []

    def apply(session, event):  # runs after the check, before the write
        thread, result = in_background(service.submit_scorecard, sessions, panel["J2"],
                                       {"entry": "E1", "marks": GOOD, "client_id": str(uuid.uuid4())})
        thread.join(timeout=0.4)
        assert thread.is_alive() and result == []  # held by the stage lock
        submitted.append((thread, result))
        event.rule = {**event.rule, "decimals": 1}

    assert organizing.change_event_rule(sessions, event_id, apply, ADMIN) == ["final", "other"]
    thread, result = submitted[0]
    thread.join(timeout=10)
    assert result[0].revision == 1  # stored once the rule was written
    with sessions() as s:
        order = [a.action for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
        assert s.get(Event, event_id).rule["decimals"] == 1
    assert order == ["event_rule", "submit"]
    with pytest.raises(ScoringError) as refused:
        organizing.change_event_rule(sessions, event_id, lambda session, event: None, ADMIN)
    assert refused.value.code == "already_scored"
    assert audit.verify(sessions) == []


def test_the_rule_editor_refuses_when_a_mark_arrives_after_its_page_checked(sessions, monkeypatch, tmp_path):
    """The console's view reads "already scored" to show the page, then saves: a judge's mark that
    arrives in between makes the save refused (the service checks again under the stage lock)."""
    from conftest import make_app
    from organizers import setup
    from organizers.access import create_organizer

    monkeypatch.setenv("PODIUM_INSTANCE", str(tmp_path / "instance"))
    with transaction(sessions) as db:
        create_organizer(db, "admin", "organizer-secret")
    app = make_app(sessions, TESTING=True)
    client = app.test_client()
    client.set_cookie("lang", "en")
    assert client.post("/organizer/login", data={"username": "admin", "password": "organizer-secret"}).status_code == 302
    panel, event_id = judges_of(sessions), speech_event(sessions)
    keys = setup.event_stage_keys

    def a_mark_arrives(db, event):  # called by the view after its own check, before the save
        service.submit_scorecard(sessions, panel["J2"], {"entry": "E1", "marks": GOOD})
        return keys(db, event)

    monkeypatch.setattr(setup, "event_stage_keys", a_mark_arrives)
    rule = {"c_key": ["content"], "c_name": ["内容"], "c_max": ["100"], "c_step": ["1"], "c_weight": ["1"],
            "aggregate": "mean", "drop_highest": "0", "drop_lowest": "0", "decimals": "2", "tiebreak": ""}
    refused = client.post(f"/organizer/setup/events/{event_id}", data=rule)
    assert refused.status_code == 400 and "already recorded in this event" in refused.get_data(as_text=True)
    with sessions() as s:
        assert len(s.get(Event, event_id).criteria) == 4


def pooled(sessions) -> dict[str, int]:
    """Two pool judges: one from 达翁村 (whose entry E1 is in the final), one from the county."""
    with transaction(sessions) as s:
        campaign = s.scalar(select(Campaign.id))
        units = {u.name: u.id for u in s.scalars(select(Unit))}
        judges = {"from-dawong": PoolJudge(campaign_id=campaign, name="达翁村的评委", unit_id=units["达翁村"]),
                  "from-county": PoolJudge(campaign_id=campaign, name="县里的评委", unit_id=units["洛隆县"])}
        s.add_all(judges.values())
        s.flush()
        return {key: judge.id for key, judge in judges.items()}


def test_seating_checks_conflicts_and_the_panel_under_the_stage_lock(sessions):
    pool = pooled(sessions)
    seats = judges_of(sessions)
    with pytest.raises(ScoringError) as refused:
        organizing.seat_judge(sessions, "final", seats["J3"], pool["from-dawong"], False, "", ADMIN)
    assert refused.value.code == "conflict" and refused.value.details["entries"] == ("扎西",)
    with sessions() as s:
        token, seq = s.get(Judge, seats["J3"]).token, s.scalar(select(Stage.seq).where(Stage.key == "final"))
    seated = organizing.seat_judge(sessions, "final", seats["J3"], pool["from-dawong"], True, "本村无人参赛的评委组", ADMIN)
    assert seated == {"seat": "J3", "name": "达翁村的评委", "judge_id": seats["J3"], "revoked": True}
    with sessions() as s:
        seat = s.get(Judge, seats["J3"])
        assert seat.token != token and seat.conflict_override == "本村无人参赛的评委组"
        assert s.scalar(select(Stage.seq).where(Stage.key == "final")) == seq + 1
    # the same pool judge asked for two seats at once: one is seated, the other refused
    threads = [in_background(organizing.seat_judge, sessions, "final", seats[key], pool["from-county"], False, "", ADMIN)
               for key in ("J4", "J5")]
    for thread, _ in threads:
        thread.join(timeout=10)
    outcomes = sorted(type(result[0]).__name__ for _, result in threads)
    assert outcomes == ["ScoringError", "dict"]
    assert [r[0].code for _, r in threads if isinstance(r[0], ScoringError)] == ["already_seated"]
    assert audit.verify(sessions) == []


def test_two_bookings_of_one_venue_at_once_cannot_both_pass(sessions):
    with transaction(sessions) as s:
        s.add(Venue(campaign_id=s.scalar(select(Campaign.id)), key="hall", name="文化礼堂"))
    start = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
    threads = [in_background(organizing.book_slot, sessions, key, "hall", start, start + timedelta(hours=2), False, ADMIN)
               for key in ("final", "other")]
    for thread, _ in threads:
        thread.join(timeout=10)
    results = [result[0] for _, result in threads]
    assert sorted(type(r).__name__ for r in results) == ["ScoringError", "dict"]
    refused = next(r for r in results if isinstance(r, ScoringError))
    assert refused.code == "overlap"
    assert organizing.book_slot(sessions, "other", "hall", start, start + timedelta(hours=2), True, ADMIN)["changed"]
    assert organizing.book_slot(sessions, "other", "hall", start, start + timedelta(hours=2), True, ADMIN) == {
        "changed": False, "overlaps": []}
    with pytest.raises(ScoringError) as unknown:
        organizing.book_slot(sessions, "other", "nowhere", start, start + timedelta(hours=1), False, ADMIN)
    assert unknown.value.code == "unknown_venue"
    assert audit.verify(sessions) == []


# --- against a real server -------------------------------------------------------------------------

def test_the_rule_editor_on_a_real_server_refuses_junk_and_a_scored_event(own_server):
    """Failure 11 (and the rule editor's max of "abc" of failure 10): a form error, never a 500; once a
    judge's mark is in (over the wire), the rule edit is refused and nothing changes."""
    import requests
    import socketio

    from organizers.access import create_organizer

    srv = own_server(speech_competition(called="E3"))
    with transaction(srv.sessions) as db:
        create_organizer(db, "admin", "organizer-secret")
    event_id = speech_event(srv.sessions)
    console = requests.Session()
    console.cookies.set("lang", "en")  # messages are asserted by their English msgids
    origin = {"Origin": srv.url}
    console.post(f"{srv.url}/organizer/login", data={"username": "admin", "password": "organizer-secret"},
                 headers=origin, timeout=5)
    url = f"{srv.url}/organizer/setup/events/{event_id}"
    rule = {"c_key": ["content", "delivery"], "c_name": ["内容", "表达"], "c_max": ["60", "40"], "c_step": ["0.5", "0.5"],
            "c_weight": ["1", "1"], "aggregate": "trimmed", "drop_highest": "1", "drop_lowest": "1", "decimals": "2",
            "tiebreak": "raw_mean"}
    for junk in ("abc", "1e999999", "NaN", "9" * 40, "-5"):
        answer = console.post(url, data={**rule, "c_max": [junk, "40"]}, headers=origin, timeout=5)
        assert answer.status_code == 400 and "max of criterion content" in answer.text, (junk, answer.status_code)
    judge = socketio.SimpleClient()
    judge.connect(srv.url, namespace="/judge", auth={"token": TOKENS["J2"]}, transports=["websocket"])
    try:
        assert judge.call("submit", {"entry": "E1", "marks": GOOD, "client_id": str(uuid.uuid4())})["ok"]
    finally:
        threading.Thread(target=judge.disconnect).start()
    refused = console.post(url, data=rule, headers=origin, timeout=5)
    assert refused.status_code == 400 and "already recorded in this event" in refused.text
    with srv.sessions() as s:
        assert [c.key for c in s.get(Event, event_id).criteria] == ["content", "delivery", "presence", "effect"]
        assert s.scalar(select(AuditEntry.id).where(AuditEntry.action == "event_rule")) is None
    assert audit.verify(srv.sessions) == []
