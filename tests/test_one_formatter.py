"""Issue 14, one formatter: where a rule decides what a screen shows, the server says it and every
screen shows that string. A goal 2:00 into the second half of a 30-minute football match showed 3' on
the scorekeeper's console and 33' on the boards; now the match's `last_event` carries `minute`
(scoring.rules.match.event_minute) and the console, the board and the phone show it."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from scoring.db import transaction
from scoring.models import Fixture, Stage, utcnow
from scoring.rules.match import build_match_rule, event_minute
from test_loader_match import one_match
from test_match_live import scorekeeper_wire


@pytest.mark.parametrize("rule, period, clock_ms, shown", [
    ({"sport": "football"}, 1, 0, "1'"),
    ({"sport": "football"}, 1, 22 * 60_000 + 5_000, "23'"),
    ({"sport": "football"}, 1, 46 * 60_000, "45+2'"),           # stoppage time of the first half
    ({"sport": "football"}, 2, 120_000, "48'"),                 # 2:00 into the second half
    ({"sport": "football", "period_minutes": 30}, 2, 120_000, "33'"),
    ({"sport": "football"}, 3, 60_000, "92'"),                  # extra time counts on
    ({"sport": "basketball"}, 2, 150_000, "07:30"),             # the quarter's clock: time left
    ({"sport": "basketball"}, 1, 599_500, "00:01"),             # half a second left reads 00:01
    ({"sport": "tug_of_war"}, 1, 30_000, ""),                   # no clock: nothing
    ({"sport": "football"}, 1, None, ""),
])
def test_the_minute_of_an_event_as_every_screen_shows_it(rule, period, clock_ms, shown):
    assert event_minute(build_match_rule(rule), period, clock_ms) == shown


def test_a_second_half_goal_reads_the_same_minute_on_the_console_the_board_and_the_phone(serve, browser):
    keeper = "scorekeeper-token-formatter-0123"
    server = serve(one_match(keeper))
    client = scorekeeper_wire(server, keeper)

    def event(kind, **fields):
        assert client.call("event", {"fixture": "M1", "kind": kind, "client_id": str(uuid.uuid4()), **fields}) == {"ok": True}
    try:
        for kind in ("start", "period_end", "start"):
            event(kind)
        with transaction(server.sessions) as session:   # two minutes into the second half
            stage = session.scalar(select(Stage).where(Stage.key == server.key("football-groups")))
            fixture = session.scalar(select(Fixture).where(Fixture.stage_id == stage.id, Fixture.key == "M1"))
            fixture.clock_started_at = utcnow() - timedelta(seconds=120, milliseconds=500)
        event("score", team="home", player="2", value=1)
    finally:
        client.disconnect()
    console = browser.new_page(viewport={"width": 1280, "height": 900})
    console.goto(f"{server.url}/j/{server.token(keeper)}")
    expect(console.locator("#app")).to_have_attribute("data-connection", "live", timeout=15000)
    expect(console.locator("#last-event")).to_contain_text(" · 33' · ")
    board = browser.new_page(viewport={"width": 1920, "height": 1080})
    board.goto(f"{server.url}/board/{server.key('football-groups')}?w=1920&h=1080")
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(f"{server.url}/s/{server.key('football-groups')}")
    for page in (board, phone):
        expect(page.locator(".pm-banner[data-kind='score']").first).to_contain_text("33'", timeout=15000)
