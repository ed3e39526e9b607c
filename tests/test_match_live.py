"""A match run live: the /score protocol with real clients, and the scorekeeper's console in chromium."""
from __future__ import annotations

import re
import time
import uuid

import pytest
import socketio
from playwright.sync_api import expect

from conftest import ARTIFACTS, acknowledged
from test_loader_match import football

pytestmark = pytest.mark.server
KEEPER = "scorekeeper-token-0123456789"
FIXTURES = [{"key": "M1", "home": "T1", "away": "T2", "round": 1}, {"key": "M2", "home": "T3", "away": "T4", "round": 1},
            {"key": "M3", "home": "T1", "away": "T3", "round": 2}, {"key": "M4", "home": "T2", "away": "T4", "round": 2}]


@pytest.fixture
def match_server(serve):
    data = football(fixtures=FIXTURES)
    data["events"][0]["stages"][0]["scorekeepers"][0]["token"] = KEEPER
    return serve(data)


@pytest.fixture
def keeper(match_server):
    client = socketio.SimpleClient()
    client.connect(match_server.url, namespace="/score", auth={"token": match_server.token(KEEPER)}, transports=["websocket"])
    event, hello = client.receive(timeout=5)
    assert event == "hello"
    client.hello = hello
    yield client
    client.disconnect()


def scorekeeper_wire(server, token: str) -> socketio.SimpleClient:
    """A scorekeeper's connection to /score, its hello received (the caller disconnects it)."""
    client = socketio.SimpleClient()
    client.connect(server.url, namespace="/score", auth={"token": server.token(token)}, transports=["websocket"])
    assert client.receive(timeout=5)[0] == "hello"
    return client


def send(client, kind, **fields):
    return client.call("event", {"fixture": fields.pop("fixture", "M1"), "kind": kind,
                                 "client_id": str(uuid.uuid4()), **fields})


def fixture(server, key="M1"):
    return next(f for f in server.standings("football-groups")["fixtures"] if f["fixture"] == key)


def test_scorekeeper_hello_has_rosters_and_standings(keeper):
    hello = keeper.hello
    assert hello["stage"]["sport"] == "football" and hello["stage"]["periods"] == 2
    assert [t["entry"] for t in hello["teams"]] == ["T1", "T2", "T3", "T4", "T5"]
    assert hello["teams"][0]["players"][0] == {"key": "1", "name": "达翁村1号", "number": 1}
    assert hello["standings"]["format"] == "match" and len(hello["standings"]["fixtures"]) == 4


def test_wrong_console_and_bad_token_are_refused(match_server):
    for namespace, token, reason in (("/judge", match_server.token(KEEPER), "wrong_console"),
                                     ("/score", "nope-nope-nope-nope", "bad_token")):
        client = socketio.Client()
        reasons = []
        client.on("connect_error", reasons.append, namespace=namespace)
        with pytest.raises(socketio.exceptions.ConnectionError):
            client.connect(match_server.url, namespaces=[namespace], auth={"token": token}, transports=["websocket"],
                           wait_timeout=5)
        assert reasons[0]["message"] == reason


def test_events_over_the_wire_and_the_board_feed(match_server, keeper):
    board = socketio.SimpleClient()
    board.connect(match_server.url, namespace="/display", transports=["websocket"])
    try:
        board.emit("watch", {"stage": match_server.key("football-groups")})
        assert board.receive(timeout=5)[1]["format"] == "match"
        assert send(keeper, "score", team="home", value=1)["error"] == "not_started"
        assert send(keeper, "start") == {"ok": True}
        client_id = str(uuid.uuid4())
        goal = {"fixture": "M1", "kind": "score", "team": "home", "player": "2", "value": 1, "client_id": client_id}
        assert keeper.call("event", goal) == {"ok": True}
        assert keeper.call("event", goal) == {"ok": True}  # resent: stored once
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            event, payload = board.receive(timeout=5)
            live = payload.get("live") or []
            if event == "standings" and live and live[0]["score"] == [1, 0]:
                break
        assert live[0]["last_event"]["player"]["name"] == "达翁村2号"
        assert live[0]["clock"]["running"] is True and live[0]["in_play"] is True
        assert send(keeper, "score", team="away", value=7)["error"] == "bad_value"
        assert keeper.call("undo", {"fixture": "M1", "client_id": str(uuid.uuid4())}) == {"ok": True}
        assert fixture(match_server)["score"] == [0, 0]
    finally:
        board.disconnect()


def scorekeeper_console(browser, server):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{server.url}/j/{server.token(KEEPER)}")
    expect(page.locator("#app")).to_have_attribute("data-connection", "live", timeout=15000)
    expect(page.locator("#scoreboard")).to_have_attribute("data-fixture", "M1")
    return page


def test_console_runs_the_first_half_and_the_board_follows(match_server, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = scorekeeper_console(browser, match_server)
    board = browser.new_page(viewport={"width": 1920, "height": 1080})
    board.goto(f"{match_server.url}/board/{match_server.key('football-groups')}?w=1920&h=1080")
    expect(board.locator("#board")).to_have_attribute("data-format", "match", timeout=15000)

    page.click("#start"); acknowledged(page)                                    # kick-off
    expect(page.locator("#clock")).to_have_attribute("data-running", "true")
    scoreboard = board.locator("#scoreboard")
    expect(scoreboard).to_have_attribute("data-fixture", "M1", timeout=10000)
    expect(scoreboard).to_have_attribute("data-clock-running", "true")
    shown = board.locator("#match-clock").text_content()
    board.wait_for_timeout(1300)  # the board's clock (m:ss) runs on by itself from the server's start time
    assert board.locator("#match-clock").text_content() != shown
    page.click('[data-side="home"] .scores button')                             # goal for the home team ...
    page.click('#picker-players button[data-player="3"]'); acknowledged(page)  # ... by No. 3
    page.keyboard.press("l")                                                    # away goal by keyboard ...
    page.keyboard.press("Enter"); acknowledged(page)                            # ... scorer unknown
    page.click('[data-side="away"] button[data-kind="yellow_card"]')
    page.click('#picker-players button[data-player="2"]'); acknowledged(page)
    expect(scoreboard).to_have_attribute("data-home-score", "1", timeout=10000)
    expect(scoreboard).to_have_attribute("data-away-score", "1")
    expect(board.locator("body")).to_contain_text("黄牌")           # the latest event: the away side's card
    board.screenshot(path=str(ARTIFACTS / "match-board-1920x1080.png"))
    page.click("#period-end"); acknowledged(page)                               # half time
    expect(page.locator("#clock")).to_have_attribute("data-running", "false")
    expect(scoreboard).to_have_attribute("data-clock-running", "false", timeout=10000)
    first_half = fixture(match_server)
    assert (first_half["score"], first_half["period"], first_half["cards"]["away"]) == ([1, 1], 1, {"yellow": 1, "red": 0})


def test_console_runs_a_match_and_the_table_follows(match_server, keeper, browser):
    """The first half (as the console above plays it) over the wire; then the second half, an undo and
    full time in the console, and the table on a phone."""
    for kind, fields in (("start", {}), ("score", {"team": "home", "player": "3", "value": 1}),
                         ("score", {"team": "away", "value": 1}), ("yellow_card", {"team": "away", "player": "2"}),
                         ("period_end", {})):
        assert send(keeper, kind, **fields) == {"ok": True}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = scorekeeper_console(browser, match_server)
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(f"{match_server.url}/s/{match_server.key('football-groups')}")

    page.click("#start"); acknowledged(page)                         # second half: the clock counts on from 30:00
    expect(page.locator("#clock")).to_have_text(re.compile(r"^30:0\d$"))
    page.click('[data-side="home"] .scores button')
    page.click('#picker-players button[data-player="1"]'); acknowledged(page)
    page.keyboard.press("u"); acknowledged(page)                     # undo that goal
    page.click('[data-side="home"] .scores button')
    page.click('#picker-players button[data-player="1"]'); acknowledged(page)
    page.click("#period-end"); acknowledged(page)
    page.click("#end"); acknowledged(page)                           # full time, confirmed
    expect(page.locator("#home-score")).to_have_text("2")
    expect(page.locator("#away-score")).to_have_text("1")
    # the table follows on every screen: T1 top with 3 points, T2 last with none
    expect(phone.locator("[data-entry='T1'][data-rank='1']").first).to_have_attribute("data-points", "3", timeout=10000)
    expect(phone.locator("[data-entry='T2'][data-rank='5']").first).to_have_attribute("data-points", "0")
    # goals for and against beside the difference, on the phone and in the scorekeeper's standings
    expect(phone.locator(".pm-thead").first).to_contain_text("进球")
    assert phone.locator(".pm-row[data-entry='T1'] .pm-c-scored").first.inner_text() == "2"
    assert phone.locator(".pm-row[data-entry='T1'] .pm-c-conceded").first.inner_text() == "1"
    page.locator("#tables summary").click()
    expect(page.locator("#tables thead").first).to_contain_text("失球")
    expect(page.locator("#tables tr[data-entry='T1'] .col-scored")).to_have_text("2")
    expect(page.locator("#tables tr[data-entry='T1'] .col-conceded")).to_have_text("1")
    phone.screenshot(path=str(ARTIFACTS / "match-phone.png"), full_page=True)
    page.screenshot(path=str(ARTIFACTS / "scorekeeper.png"))

    result = fixture(match_server)
    assert (result["status"], result["score"], result["period"]) == ("finished", [2, 1], 2)
    assert result["cards"]["away"] == {"yellow": 1, "red": 0}
    rows = {r["entry"]: r for r in match_server.standings("football-groups")["rows"]}
    assert (rows["T1"]["rank"], rows["T1"]["points"], rows["T1"]["difference"]) == (1, 3, 1)
    assert (rows["T2"]["points"], rows["T2"]["fair_play"]) == (0, -1)
