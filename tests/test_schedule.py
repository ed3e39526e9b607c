"""The schedule: venues, stages' time slots, the day and venue views, the progress overview, and the
venue board that follows whatever stage is running at a venue."""
from __future__ import annotations

import re
import time as clock
from datetime import date, datetime, time, timedelta, timezone
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from conftest import ARTIFACTS, loaded_database, make_app
from display import venues as venue_board
from organizers.access import create_organizer
from podium.testing import called_through
from scoring import models, service
from scoring.db import make_engine, make_sessionmaker, transaction
from scoring.models import AuditEntry, Campaign, Event, Judge, Stage, Tier, Unit, Venue

SHANGHAI = timezone(timedelta(hours=8))
DAY = date(2026, 3, 2)
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=SHANGHAI)  # "now" in most tests: festival time, 12:00
PASSWORD = "organizer-secret"


def judged_stage(key: str, name: str, entries: int, token: str) -> dict:
    return {"key": key, "name": name,
            "judges": [{"key": "J1", "name": "评委一", "chief": True, "token": token}],
            "entries": [{"key": f"E{i}", "name": f"选手{i}", "unit": "马利镇"} for i in range(1, entries + 1)]}


def festival_competition() -> dict:
    """Two judged events (one judge per stage); the speech event has two tiers."""
    rule = {"criteria": [{"key": "c", "name": "得分", "max": 10, "step": 1}]}
    return {
        "campaign": "测试活动",
        "units": [{"name": "洛隆县", "children": [
            {"name": "硕督镇", "children": [{"name": "达翁村"}]}, {"name": "马利镇"}]}],
        "events": [
            {"key": "speech", "name": "演讲比赛", "format": "judged", "rule": rule, "stages": [
                judged_stage(key, name, 2, f"test-token-{key}-0123456789")
                for key, name in (("s-sched", "达翁村初赛"), ("s-run", "硕督镇初赛"), ("s-prov", "乡镇复赛一"),
                                  ("s-final", "乡镇复赛二"))]},
            {"key": "song", "name": "歌舞比赛", "format": "judged", "rule": rule, "stages": [
                judged_stage(key, name, 1, f"test-token-{key}-0123456789")
                for key, name in (("g-1", "歌舞初赛"), ("g-2", "歌舞决赛"))]},
        ],
    }


def local(day: date, hhmm: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(hhmm), SHANGHAI)


def set_slot(sessions, stage_key: str, venue_key: str | None, start: datetime | None, end: datetime | None):
    with transaction(sessions) as s:
        stage = s.scalar(select(Stage).where(Stage.key == stage_key))
        stage.venue_id = s.scalar(select(Venue.id).where(Venue.key == venue_key)) if venue_key else None
        stage.starts_at, stage.ends_at = start, end


def judge_of(sessions, stage_key: str) -> int:
    with sessions() as s:
        return s.scalar(select(Judge.id).join(Stage).where(Stage.key == stage_key))


def mark(sessions, stage_key: str, *entries: str, lock: bool = False):
    judge = judge_of(sessions, stage_key)
    called_through(sessions, stage_key)
    for entry in entries:
        service.submit_scorecard(sessions, judge, {"entry": entry, "marks": {"c": 7}})
        if lock:
            service.lock_entry(sessions, judge, {"entry": entry})


def arrange(sessions):
    """Tiers, townships, venues and the four states of the speech stages."""
    with transaction(sessions) as s:
        speech = s.scalar(select(Event).where(Event.key == "speech"))
        campaign = speech.campaign_id
        village = Tier(event_id=speech.id, position=1, level="village", name="村级初赛")
        township = Tier(event_id=speech.id, position=2, level="township", name="乡镇复赛")
        s.add_all([village, township, Venue(campaign_id=campaign, key="square", name="县城广场", name_bo="གཞུང་ཐང་།"),
                   Venue(campaign_id=campaign, key="hall", name="文化礼堂")])
        s.flush()
        unit = {u.name: u.id for u in s.scalars(select(Unit))}
        stages = {st.key: st for st in s.scalars(select(Stage))}
        for key, tier, where in (("s-sched", village, "达翁村"), ("s-run", village, "硕督镇"),
                                 ("s-prov", township, "马利镇"), ("s-final", township, "马利镇")):
            stages[key].tier_id, stages[key].unit_id = tier.id, unit[where]
        create_organizer(s, "admin", PASSWORD)
        create_organizer(s, "shuodu", PASSWORD, township="硕督镇")
    mark(sessions, "s-run", "E1")
    mark(sessions, "s-prov", "E1", "E2")
    mark(sessions, "s-final", "E1", "E2", lock=True)


@pytest.fixture
def festival(tmp_path, monkeypatch):
    monkeypatch.setenv("PODIUM_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setattr(models, "utcnow", lambda: NOON.astimezone(timezone.utc))
    url = f"sqlite:///{tmp_path / 'podium.db'}"
    body = loaded_database(url, festival_competition())
    sessions = next(body)
    arrange(sessions)
    app = make_app(sessions)
    with sessions() as s:
        campaign = s.scalar(select(Campaign.id))

    def login(username="admin"):
        client = app.test_client()
        client.set_cookie("lang", "en")  # messages are asserted by their English msgids
        answer = client.post("/organizer/login", data={"username": username, "password": PASSWORD})
        assert answer.status_code == 302
        return client

    yield SimpleNamespace(app=app, sessions=sessions, login=login, campaign=campaign)
    body.close()


def audits(sessions, action=None) -> list[AuditEntry]:
    with sessions() as s:
        query = select(AuditEntry).order_by(AuditEntry.id)
        return list(s.scalars(query.where(AuditEntry.action == action) if action else query))


def venue_rows(sessions) -> list[tuple]:
    with sessions() as s:
        return [tuple(v) for v in s.execute(select(Venue.key, Venue.name, Venue.name_bo).order_by(Venue.id))]


def slots(sessions) -> list[tuple]:
    with sessions() as s:
        return [tuple(r) for r in s.execute(select(Stage.key, Stage.venue_id, Stage.starts_at, Stage.ends_at)
                                            .order_by(Stage.id))]


def text(response) -> str:
    return response.get_data(as_text=True)


# --- venues ---------------------------------------------------------------------------------------

def test_venues_are_created_renamed_and_validated(festival):
    client = festival.login()
    page = text(client.get("/organizer/schedule/venues"))
    for hook in ('id="venue-form"', 'id="venue-key"', 'id="venue-name"', 'id="venue-name-bo"', 'id="venue-save"'):
        assert hook in page
    assert 'data-venue="square"' in page and "县城广场" in page and f"/venue/{festival.campaign}/square" in page

    created = client.post("/organizer/schedule/venues", data={"key": "field-1", "name": "赛马场", "name_bo": "རྟ་ཐང་།"})
    assert created.status_code == 302
    assert ("field-1", "赛马场", "རྟ་ཐང་།") in venue_rows(festival.sessions)
    assert audits(festival.sessions, "venue_create")[-1].detail["key"] == "field-1"
    assert "Venue 赛马场 created." in text(client.get(created.headers["Location"]))

    before = venue_rows(festival.sessions), len(audits(festival.sessions))
    for form, message in [
        ({"key": "square", "name": "另一个"}, "There is already a venue with the key square."),
        ({"key": "has space", "name": "x"}, "The key must be 1 to 64 letters"),
        ({"key": "", "name": "x"}, "The key must be 1 to 64 letters"),
        ({"key": "k" * 65, "name": "x"}, "The key must be 1 to 64 letters"),
        ({"key": "ok", "name": "   "}, "The name must be 1 to 200 characters."),
        ({"key": "ok", "name": "名" * 201}, "The name must be 1 to 200 characters."),
        ({"key": "ok", "name": "x", "name_bo": "ཀ" * 201}, "The Tibetan name must be at most 200 characters."),
    ]:
        refused = client.post("/organizer/schedule/venues", data=form)
        assert refused.status_code == 422 and message in text(refused), form
        assert 'id="form-errors"' in text(refused)
    assert (venue_rows(festival.sessions), len(audits(festival.sessions))) == before

    renamed = client.post("/organizer/schedule/venues/square", data={"name": "县城中心广场", "name_bo": ""})
    assert renamed.status_code == 302
    assert ("square", "县城中心广场", None) in venue_rows(festival.sessions)
    rename = audits(festival.sessions, "venue_rename")[-1].detail
    assert rename["before"]["name"] == "县城广场" and rename["after"] == {"name": "县城中心广场", "name_bo": None}
    refused = client.post("/organizer/schedule/venues/square", data={"name": ""})
    assert refused.status_code == 422 and ("square", "县城中心广场", None) in venue_rows(festival.sessions)
    assert client.get("/organizer/schedule/venues/nowhere").status_code == 404


def test_a_township_organizer_cannot_create_or_rename_venues(festival):
    client = festival.login("shuodu")
    page = text(client.get("/organizer/schedule/venues"))
    assert 'data-venue="square"' in page and 'id="venue-form"' not in page
    before = venue_rows(festival.sessions)
    for url, form in (("/organizer/schedule/venues", {"key": "mine", "name": "我的"}),
                      ("/organizer/schedule/venues/square", {"name": "改名"})):
        refused = client.post(url, data=form)
        assert refused.status_code == 403
        assert "Only campaign-wide organizers can create or rename venues." in text(refused)
    assert venue_rows(festival.sessions) == before and audits(festival.sessions, "venue_create") == []


def test_schedule_pages_need_a_login(festival):
    client = festival.app.test_client()
    for url in ("/organizer/schedule/day", "/organizer/schedule/venues", "/organizer/schedule/progress",
                "/organizer/schedule/stages/s-run/slot", "/organizer/schedule/venues/square"):
        assert "/organizer/login" in client.get(url).headers["Location"]
    assert client.post("/organizer/schedule/stages/s-run/slot", data={}).status_code == 302


# --- time slots -----------------------------------------------------------------------------------

def slot_form(venue="square", day="2026-03-02", start="09:00", end="10:30", **more) -> dict:
    return {"venue": venue, "date": day, "start": start, "end": end, **more}


def test_a_slot_is_stored_in_utc_shown_in_festival_time_and_audited(festival):
    client = festival.login()
    form = text(client.get("/organizer/schedule/stages/s-run/slot"))
    for hook in ('id="slot-form"', 'data-stage="s-run"', 'id="slot-venue"', 'id="slot-date"', 'id="slot-start"',
                 'id="slot-end"', 'id="slot-save"'):
        assert hook in form
    assert 'id="slot-overlap-ok"' not in form
    saved = client.post("/organizer/schedule/stages/s-run/slot", data=slot_form())
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/organizer/schedule/day?date=2026-03-02&campaign=1")
    with festival.sessions() as s:
        stage = s.scalar(select(Stage).where(Stage.key == "s-run"))
        assert stage.venue.key == "square"
        assert stage.starts_at == datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)
        assert stage.ends_at == datetime(2026, 3, 2, 2, 30, tzinfo=timezone.utc)
    audit = audits(festival.sessions, "schedule_slot")[-1]
    assert audit.actor.endswith(":admin") and audit.stage_id == stage.id
    assert audit.detail["before"] == {"venue": None, "starts_at": None, "ends_at": None}
    assert audit.detail["after"]["venue"] == "square" and audit.detail["after"]["starts_at"].startswith("2026-03-02T01:00")
    shown = text(client.get("/organizer/schedule/stages/s-run/slot"))
    assert 'value="2026-03-02"' in shown and 'value="09:00"' in shown and 'value="10:30"' in shown

    again = client.post("/organizer/schedule/stages/s-run/slot", data=slot_form(next="/organizer/schedule/progress"))
    assert again.headers["Location"] == "/organizer/schedule/progress"
    assert len(audits(festival.sessions, "schedule_slot")) == 1  # nothing changed, nothing audited
    evil = client.post("/organizer/schedule/stages/s-run/slot", data=slot_form(next="//evil.example/"))
    assert "evil" not in evil.headers["Location"]

    cleared = client.post("/organizer/schedule/stages/s-run/slot", data=slot_form(venue="", day="", start="", end=""))
    assert cleared.status_code == 302
    assert [r for r in slots(festival.sessions) if r[0] == "s-run"] == [("s-run", None, None, None)]
    assert len(audits(festival.sessions, "schedule_slot")) == 2


@pytest.mark.parametrize("form,message", [
    (slot_form(start="11:00", end="10:00"), "The end time must be after the start time, on the same date."),
    (slot_form(start="10:00", end="10:00"), "The end time must be after the start time, on the same date."),
    (slot_form(start="25:00"), "The start time 25:00 is not a time like 09:30."),
    (slot_form(start="9h"), "The start time 9h is not a time like 09:30."),
    (slot_form(end="10:61"), "The end time 10:61 is not a time like 17:00."),
    (slot_form(end="24:00"), "The end time 24:00 is not a time like 17:00."),
    (slot_form(day="2026-02-30"), "2026-02-30 is not a date like 2026-11-29."),
    (slot_form(day="02/03/2026"), "02/03/2026 is not a date like 2026-11-29."),
    (slot_form(day="0202-03-02"), "The date must be between the years 2000 and 2100."),
    (slot_form(venue="nowhere"), "There is no venue nowhere in this campaign."),
    (slot_form(end=""), "Give the date, the start and the end time together"),
])
def test_a_bad_slot_is_refused_with_a_clear_message_and_nothing_stored(festival, form, message):
    client = festival.login()
    before = slots(festival.sessions), len(audits(festival.sessions))
    refused = client.post("/organizer/schedule/stages/s-run/slot", data=form)
    assert refused.status_code == 422
    assert message in text(refused) and 'id="slot-form"' in text(refused)
    assert (slots(festival.sessions), len(audits(festival.sessions))) == before


def test_double_booking_a_venue_needs_an_explicit_confirmation(festival):
    client = festival.login()
    set_slot(festival.sessions, "s-prov", "square", local(DAY, "10:00"), local(DAY, "11:00"))
    before = slots(festival.sessions), len(audits(festival.sessions))
    warned = client.post("/organizer/schedule/stages/s-run/slot", data=slot_form())
    page = text(warned)
    assert warned.status_code == 409 and 'id="slot-overlap"' in page and 'id="slot-overlap-ok"' in page
    assert "乡镇复赛一" in page and "10:00–11:00" in page and 'value="09:00"' in page
    assert (slots(festival.sessions), len(audits(festival.sessions))) == before

    touching = client.post("/organizer/schedule/stages/s-run/slot", data=slot_form(start="09:00", end="10:00"))
    assert touching.status_code == 302  # ends when the other starts: no overlap
    booked = client.post("/organizer/schedule/stages/s-run/slot", data=slot_form(overlap_ok="1"))
    assert booked.status_code == 302
    assert audits(festival.sessions, "schedule_slot")[-1].detail["overlaps"] == ["s-prov"]
    assert client.post("/organizer/schedule/stages/g-1/slot", data=slot_form(venue="hall")).status_code == 302


def test_a_township_organizer_gets_404_for_another_townships_stage(festival):
    client = festival.login("shuodu")
    before = slots(festival.sessions), len(audits(festival.sessions))
    for stage in ("s-prov", "s-final", "g-1", "nope"):
        assert client.get(f"/organizer/schedule/stages/{stage}/slot").status_code == 404
        assert client.post(f"/organizer/schedule/stages/{stage}/slot", data=slot_form()).status_code == 404
    assert (slots(festival.sessions), len(audits(festival.sessions))) == before
    assert client.post("/organizer/schedule/stages/s-sched/slot", data=slot_form()).status_code == 302

    # A clash with another township's stage is announced without naming it.
    set_slot(festival.sessions, "s-prov", "hall", local(DAY, "14:00"), local(DAY, "15:00"))
    warned = text(client.post("/organizer/schedule/stages/s-run/slot", data=slot_form("hall", start="14:30", end="16:00")))
    assert "a stage of another township" in warned and "乡镇复赛一" not in warned
    other = festival.app.test_client()
    assert other.get("/organizer/schedule/day?campaign=99").status_code == 302  # not logged in
    assert client.get("/organizer/schedule/day?campaign=99").status_code == 404


# --- the day view and the progress overview ---------------------------------------------------------

def plan_the_day(sessions):
    """s-sched and s-run are late at noon; s-final is done; s-prov is on; g-1 comes later; g-2 has no slot."""
    for key, venue, start, end in (("s-prov", "hall", "11:30", "13:00"), ("s-run", "square", "09:00", "10:30"),
                                   ("s-sched", "square", "08:00", "09:00"), ("g-1", "hall", "14:00", "15:00"),
                                   ("s-final", "square", "10:30", "11:30")):
        set_slot(sessions, key, venue, local(DAY, start), local(DAY, end))


def cards(page: str) -> list[tuple[str, str, str]]:
    return re.findall(r'class="slot-card" data-stage="([^"]+)" data-state="([^"]+)" data-late="([^"]+)"', page)


def test_the_day_view_lists_the_days_stages_in_time_order_with_state_and_lateness(festival):
    plan_the_day(festival.sessions)
    set_slot(festival.sessions, "g-2", "hall", local(DAY + timedelta(days=1), "09:00"), local(DAY + timedelta(days=1), "10:00"))
    client = festival.login()
    page = text(client.get("/organizer/schedule/day?date=2026-03-02"))
    assert cards(page) == [("s-sched", "scheduled", "true"), ("s-run", "running", "true"),
                           ("s-final", "final", "false"), ("s-prov", "provisional", "false"),
                           ("g-1", "scheduled", "false")]
    assert re.findall(r'<th data-venue="([^"]*)">', page) == ["hall", "square"]
    assert "/board/s-run?w=1920&amp;h=1080" in page and "/organizer/stages/s-run/judges" in page
    assert "/organizer/schedule/stages/s-run/slot?next=" in page
    assert "?date=2026-03-01&amp;campaign=1" in page and "?date=2026-03-03&amp;campaign=1" in page
    assert "08:00–09:00" in page and "演讲比赛" in page
    assert cards(text(client.get("/organizer/schedule/day?date=2026-03-03"))) == [("g-2", "scheduled", "false")]
    assert 'id="day-empty"' in text(client.get("/organizer/schedule/day?date=2026-03-04"))
    assert cards(text(client.get("/organizer/schedule/day")))[0][0] == "s-sched"  # today (the mocked noon)
    bad = client.get("/organizer/schedule/day?date=2026-13-01")
    assert bad.status_code == 422 and "2026-13-01 is not a date like 2026-11-29." in text(bad)


def test_the_day_view_of_a_township_organizer_shows_only_its_stages(festival):
    plan_the_day(festival.sessions)
    page = text(festival.login("shuodu").get("/organizer/schedule/day?date=2026-03-02"))
    assert [c[0] for c in cards(page)] == ["s-sched", "s-run"]


def progress_counts(page: str) -> dict[tuple[str, str], dict[str, int]]:
    found = {}
    for event, tier, row in re.findall(r'<tr data-event="([^"]*)" data-tier="([^"]*)"[^>]*>(.*?)</tr>', page, re.S):
        found[(event, tier)] = {state: int(n) for state, n in re.findall(r'data-count-state="(\w+)">(\d+)<', row)}
    return found


def test_progress_counts_stages_per_event_and_tier_and_lists_the_late_ones(festival):
    plan_the_day(festival.sessions)
    client = festival.login()
    page = text(client.get("/organizer/schedule/progress"))
    zero = {"scheduled": 0, "running": 0, "provisional": 0, "final": 0, "late": 0}
    assert progress_counts(page) == {
        ("speech", "1"): {**zero, "scheduled": 1, "running": 1, "late": 2, "total": 2},
        ("speech", "2"): {**zero, "provisional": 1, "final": 1, "total": 2},
        ("song", ""): {**zero, "scheduled": 2, "total": 2},
    }
    late = page[page.index('id="late-stages"'):]
    assert re.findall(r'<li data-stage="([^"]+)"', late) == ["s-sched", "s-run"]

    mark(festival.sessions, "s-run", "E2", lock=False)  # every entry marked: provisional now
    assert progress_counts(text(client.get("/organizer/schedule/progress")))[("speech", "1")]["provisional"] == 1

    township = text(festival.login("shuodu").get("/organizer/schedule/progress"))
    assert progress_counts(township) == {("speech", "1"): {**zero, "scheduled": 1, "provisional": 1, "late": 2,
                                                          "total": 2}}


def test_the_venue_view_shows_its_stages_and_the_boards_url_with_a_qr_code(festival):
    plan_the_day(festival.sessions)
    page = text(festival.login().get("/organizer/schedule/venues/square"))
    assert [c[0] for c in cards(page)] == ["s-sched", "s-run", "s-final"]
    assert f'id="venue-board-url" href="http://localhost/venue/{festival.campaign}/square"' in page
    assert "<svg" in page and 'id="venue-form"' in page and 'data-date="2026-03-02"' in page
    township = text(festival.login("shuodu").get("/organizer/schedule/venues/square"))
    assert [c[0] for c in cards(township)] == ["s-sched", "s-run"] and 'id="venue-form"' not in township


# --- the venue board ----------------------------------------------------------------------------------

def shown_at(festival, venue: str, hhmm: str, day: date = DAY) -> tuple:
    with festival.app.app_context(), festival.sessions() as s:
        found = venue_board.venue_now(s, s.scalar(select(Venue).where(Venue.key == venue)), local(day, hhmm))
        return (found.stage.key if found.stage else None, found.reason, found.next.key if found.next else None)


def test_a_venue_shows_the_stage_whose_slot_covers_now_and_follows_the_clock(festival):
    set_slot(festival.sessions, "g-1", "hall", local(DAY, "14:00"), local(DAY, "15:00"))
    set_slot(festival.sessions, "g-2", "hall", local(DAY, "15:00"), local(DAY, "16:00"))
    assert shown_at(festival, "hall", "13:00") == ("g-1", "next", "g-2")
    assert shown_at(festival, "hall", "14:00") == ("g-1", "slot", "g-2")
    assert shown_at(festival, "hall", "14:59") == ("g-1", "slot", "g-2")
    assert shown_at(festival, "hall", "15:00") == ("g-2", "slot", None)
    assert shown_at(festival, "hall", "16:30") == (None, "none", None)
    assert shown_at(festival, "hall", "16:30", DAY - timedelta(days=1)) == (None, "none", "g-1")
    mark(festival.sessions, "g-2", "E1")  # g-2 starts early: the board goes with it
    assert shown_at(festival, "hall", "14:30") == ("g-2", "running", None)
    assert shown_at(festival, "square", "14:30") == (None, "none", None)


def test_a_stage_that_overruns_its_slot_stays_on_the_board_until_the_next_one_starts(festival):
    set_slot(festival.sessions, "s-run", "square", local(DAY, "09:00"), local(DAY, "10:00"))
    set_slot(festival.sessions, "g-1", "square", local(DAY, "10:00"), local(DAY, "11:00"))
    assert shown_at(festival, "square", "10:30")[:2] == ("s-run", "running")  # g-1 has not started
    mark(festival.sessions, "g-1", "E1")
    assert shown_at(festival, "square", "10:30")[:2] == ("g-1", "slot")


def test_the_now_api_switches_as_the_clock_moves(festival, monkeypatch):
    set_slot(festival.sessions, "g-1", "hall", local(DAY, "11:00"), local(DAY, "12:30"))
    set_slot(festival.sessions, "g-2", "hall", local(DAY, "12:30"), local(DAY, "13:30"))
    client = festival.app.test_client()  # public: no login
    url = f"/api/v1/venues/{festival.campaign}/hall/now"
    first = client.get(url)
    assert first.headers["Cache-Control"] == "no-store"
    payload = first.get_json()
    assert payload["stage"] == "g-1" and payload["board_url"] == "/board/g-1" and payload["reason"] == "slot"
    assert payload["venue_name"] == "文化礼堂" and payload["slot"] == "11:00–12:30" and payload["local_time"] == "12:00"
    assert payload["next"]["stage"] == "g-2" and payload["next"]["starts_at"] == "2026-03-02T04:30:00.000Z"
    monkeypatch.setattr(models, "utcnow", lambda: local(DAY, "12:30").astimezone(timezone.utc))
    assert client.get(url).get_json()["stage"] == "g-2"
    monkeypatch.setattr(models, "utcnow", lambda: local(DAY, "18:00").astimezone(timezone.utc))
    assert client.get(url).get_json() | {"now": None} == {
        "venue": "hall", "venue_name": "文化礼堂", "venue_name_bo": None, "stage": None, "stage_name": None,
        "event_name": None, "starts_at": None, "ends_at": None, "date": None, "slot": None, "state": None,
        "reason": "none", "board_url": None, "next": None, "now": None, "local_time": "18:00"}
    assert client.get(f"/api/v1/venues/{festival.campaign}/nowhere/now").status_code == 404
    assert client.get(f"/api/v1/venues/{festival.campaign + 1}/hall/now").status_code == 404


def test_the_venue_board_page_embeds_the_running_stages_board(festival):
    set_slot(festival.sessions, "g-1", "hall", local(DAY, "11:00"), local(DAY, "12:30"))
    client = festival.app.test_client()
    page = text(client.get(f"/venue/{festival.campaign}/hall?w=1920&h=1080&poll=2&lang=bo"))
    assert 'id="venue-frame"' in page and 'src="/board/g-1?w=1920&amp;h=1080&amp;lang=bo"' in page
    assert 'data-board-query="w=1920&amp;h=1080&amp;lang=bo"' in page
    assert 'data-poll="2"' in page and 'data-stage="g-1"' in page and "文化礼堂" in page
    idle = text(client.get(f"/venue/{festival.campaign}/square?poll=0&w=12&lang=<x>"))
    assert page.count('id="venue-frame"') == 1 and 'id="venue-frame"' not in idle
    assert 'data-poll="10"' in idle and 'data-board-query=""' in idle and "县城广场" in idle and "གཞུང་ཐང་།" in idle
    assert client.get(f"/venue/{festival.campaign}/nowhere").status_code == 404


def test_festival_time_falls_back_to_utc_plus_8_without_a_tz_database(festival):
    fixed = venue_board._zone("No/Such_Zone")
    assert fixed.utcoffset(None) == timedelta(hours=8)
    with festival.app.app_context():
        assert venue_board.day_bounds(DAY) == (datetime(2026, 3, 1, 16, tzinfo=timezone.utc),
                                               datetime(2026, 3, 2, 16, tzinfo=timezone.utc))


# --- in a browser -----------------------------------------------------------------------------------

@pytest.fixture
def festival_server(own_server):
    """The festival on a server of its own (its organizers' logins are its own), arranged and planned."""
    srv = own_server(festival_competition())
    arrange(srv.sessions)
    plan_the_day(srv.sessions)
    return srv


@pytest.mark.browser
@pytest.mark.server
def test_the_venue_board_switches_by_itself_when_the_next_slot_begins(festival_server, browser):
    srv = festival_server
    sessions = srv.sessions
    now = datetime.now(timezone.utc)
    set_slot(sessions, "g-1", "hall", now - timedelta(minutes=30), now + timedelta(hours=1))
    set_slot(sessions, "g-2", "hall", now + timedelta(hours=1), now + timedelta(hours=2))
    with sessions() as s:
        campaign = s.scalar(select(Campaign.id))
        assert s.scalar(select(func.count(Venue.id))) == 2

    board = browser.new_page(viewport={"width": 1280, "height": 720})
    board.goto(f"{srv.url}/venue/{campaign}/hall?poll=1&w=1280&h=720")
    expect(board.locator("#venue-frame")).to_have_attribute("data-stage", "g-1", timeout=10000)
    inner = board.frame_locator("#venue-frame")
    expect(inner.locator("#board")).to_have_attribute("data-connection", "live", timeout=15000)
    expect(inner.locator(".b-title")).to_contain_text("歌舞初赛")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    board.screenshot(path=str(ARTIFACTS / "venue-board-before.png"))
    switch = datetime.now(timezone.utc)  # the next slot begins now: the board polls every second
    set_slot(sessions, "g-1", "hall", switch - timedelta(minutes=30), switch)
    set_slot(sessions, "g-2", "hall", switch, switch + timedelta(minutes=30))
    expect(board.locator("#venue-frame")).to_have_attribute("data-stage", "g-2", timeout=15000)
    expect(board.locator("#venue-board")).to_have_attribute("data-stage", "g-2")
    assert board.locator("iframe").count() == 1  # the old board is gone, not stacked
    expect(inner.locator(".b-title")).to_contain_text("歌舞决赛", timeout=10000)
    expect(inner.locator("#board")).to_have_attribute("data-connection", "live", timeout=15000)
    clock.sleep(0.5)  # let the fonts settle for the picture
    board.screenshot(path=str(ARTIFACTS / "venue-board-after.png"))


@pytest.mark.browser
@pytest.mark.server
def test_an_idle_venue_and_the_schedule_pages_in_a_browser(festival_server, browser):
    srv = festival_server
    with srv.sessions() as s:
        campaign = s.scalar(select(Campaign.id))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    idle = browser.new_page(viewport={"width": 1280, "height": 720})
    idle.goto(f"{srv.url}/venue/{campaign}/square?poll=1")
    expect(idle.locator("#venue-idle")).to_be_visible()
    idle.screenshot(path=str(ARTIFACTS / "venue-board-idle.png"))

    console = browser.new_page(viewport={"width": 1400, "height": 900})
    console.goto(f"{srv.url}/organizer/login")
    console.fill("input[name=username]", "admin")
    console.fill("input[name=password]", PASSWORD)
    console.click("button[type=submit]")
    console.goto(f"{srv.url}/organizer/schedule/day?date={DAY.isoformat()}")
    expect(console.locator('[data-stage="s-run"][data-late="true"]')).to_be_visible()
    console.screenshot(path=str(ARTIFACTS / "schedule-day.png"), full_page=True)
    console.goto(f"{srv.url}/organizer/schedule/progress")
    console.screenshot(path=str(ARTIFACTS / "schedule-progress.png"), full_page=True)
    console.goto(f"{srv.url}/organizer/schedule/venues/square")
    console.screenshot(path=str(ARTIFACTS / "schedule-venue.png"), full_page=True)
