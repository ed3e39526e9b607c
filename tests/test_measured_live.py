"""A measured event run live: the /record protocol with real clients, and a horse race (8 riders,
2 heats, a final) recorded from the recorder's console in chromium while the boards follow."""
from __future__ import annotations

import time
import uuid

import pytest
import socketio
from playwright.sync_api import expect

from conftest import ARTIFACTS, acknowledged
from measured_data import RECORDER_TOKENS, race_competition

pytestmark = pytest.mark.server


@pytest.fixture
def race_server(serve):
    return serve(race_competition())


def connect(server, token):
    client = socketio.SimpleClient()
    client.connect(server.url, namespace="/record", auth={"token": server.token(token)}, transports=["websocket"])
    event, hello = client.receive(timeout=5)
    assert event == "hello"
    client.hello = hello
    return client


def call(client, event, **data):
    return client.call(event, {"client_id": str(uuid.uuid4()), **data})


def test_recording_over_the_wire_with_the_board_following(race_server):
    recorder = connect(race_server, RECORDER_TOKENS["heats"])
    board = socketio.SimpleClient()
    board.connect(race_server.url, namespace="/display", transports=["websocket"])
    try:
        hello = recorder.hello
        assert hello["official"] == {"key": "C1", "name": "计时长", "chief": True}
        assert hello["standings"]["format"] == "measured" and hello["standings"]["current_heat"] == "H1"
        assert [r["entry"] for r in hello["standings"]["heats"][0]["results"]] == ["R1", "R2", "R3", "R4"]
        board.emit("watch", {"stage": race_server.key("horse-heats")})
        assert board.receive(timeout=5)[1]["format"] == "measured"
        assert call(recorder, "clock", heat="H1", action="start") == {"ok": True}
        once = {"entry": "R1", "watches": ["65.11", "65.34", "65.20"], "client_id": str(uuid.uuid4())}
        assert recorder.call("attempt", once) == {"ok": True}
        assert recorder.call("attempt", once) == {"ok": True}     # resent: stored once
        refused = call(recorder, "attempt", entry="R2", value="-3")
        assert refused["ok"] is False and refused["error"] == "out_of_range"
        assert call(recorder, "attempt", entry="L1", value="60")["error"] == "not_assigned"
        assert call(recorder, "attempt", entry="R1", value="64.0", attempt=1)["error"] == "already_recorded"
        assert call(recorder, "attempt", entry="R2", value="65.25")["error"] == "too_precise"
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            event, payload = board.receive(timeout=5)
            results = payload["heats"][0]["results"] if event == "standings" else []
            if results and results[0]["total"]:
                break
        assert results[0]["total"] == "1:05.2" and results[0]["attempts"][0]["watches"] == ["65.11", "65.34", "65.20"]
        assert payload["heats"][0]["clock"]["running"] is True and payload["latest"]["entry"] == "R1"
        standings = race_server.standings("horse-heats")
        assert [a["text"] for a in standings["heats"][0]["results"][0]["attempts"]] == ["1:05.2"]
        helper = connect(race_server, RECORDER_TOKENS["heats-helper"])
        try:
            assert call(helper, "confirm", heat="H1")["error"] == "not_chief"
        finally:
            helper.disconnect()
    finally:
        recorder.disconnect()
        board.disconnect()


def test_wrong_console_is_refused(race_server):
    client = socketio.Client()
    reasons = []
    client.on("connect_error", reasons.append, namespace="/judge")
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(race_server.url, namespaces=["/judge"], auth={"token": race_server.token(RECORDER_TOKENS["heats"])},
                       transports=["websocket"], wait_timeout=5)
    assert reasons[0]["message"] == "wrong_console"


HEAT_1 = {"R1": ["65.11", "65.34", "65.20"],   # the middle watch, 65.20 -> 1:05.2
          "R2": ["66.0", "66.01"],             # the slower of two, rounded up: 66.1
          "R3": ["67.53"],                     # one watch, rounded up: 67.6
          "R4": ["70.0", "70.0", "70.2"]}
HEAT_2 = {"R5": ["64.0", "64.0", "64.0"], "R6": ["66.5"], "R7": ["76.9"]}  # R7 mistyped: corrected to 67.0
QUALIFIED = {"R1": "Q", "R2": "Q", "R5": "Q", "R6": "Q", "R7": "q", "R3": "q", "R4": "", "R8": ""}


def heats_over_the_wire(server, heats=("H1", "H2")) -> None:
    """The heats recorded and confirmed through the /record protocol as the console below does it."""
    recorder = connect(server, RECORDER_TOKENS["heats"])
    try:
        for heat in heats:
            assert call(recorder, "clock", heat=heat, action="start") == {"ok": True}
            for entry, watches in (HEAT_1 if heat == "H1" else HEAT_2).items():
                assert call(recorder, "attempt", entry=entry, watches=watches) == {"ok": True}
            if heat == "H2":
                assert call(recorder, "correct", entry="R7", attempt=1, value="67.0", reason="计时员报错") == {"ok": True}
                assert call(recorder, "attempt", entry="R8", status="DNF") == {"ok": True}
            assert call(recorder, "clock", heat=heat, action="stop") == {"ok": True}
            assert call(recorder, "confirm", heat=heat) == {"ok": True}
    finally:
        recorder.disconnect()


def ride(page, entry, *watches):
    row = page.locator(f'#start-list tr[data-entry="{entry}"]')
    for number, reading in enumerate(watches, start=1):
        row.locator(f'input[data-watch="{number}"]').fill(reading)
    row.locator("button.record").click()
    acknowledged(page)


def lane(page, entry):
    return page.locator(f'.pz-lane[data-entry="{entry}"]').first


def recorder_console(browser, server, token, context=None):
    console = (context or browser.new_context(viewport={"width": 1280, "height": 900})).new_page()
    console.on("dialog", lambda dialog: dialog.accept())
    console.goto(f"{server.url}/j/{server.token(token)}")
    expect(console.locator("#app")).to_have_attribute("data-connection", "live", timeout=15000)
    return console


def test_heat_one_from_the_console_with_the_board_following(race_server, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    console = recorder_console(browser, race_server, RECORDER_TOKENS["heats"])
    expect(console.locator("#heat")).to_have_attribute("data-heat", "H1")
    board = browser.new_page(viewport={"width": 1920, "height": 1080})
    board.goto(f"{race_server.url}/board/{race_server.key('horse-heats')}?w=1920&h=1080")
    expect(board.locator("#board")).to_have_attribute("data-format", "measured", timeout=15000)

    # heat 1: the gun, four riders timed by hand, the clock stopped, the heat confirmed
    console.click("#clock-start"); acknowledged(console)
    expect(board.locator("#race-clock")).to_have_attribute("data-running", "true", timeout=10000)
    shown = board.locator("#race-clock .pz-clock-main").text_content()
    board.wait_for_timeout(600)   # the board's clock runs by itself from the server's start time
    assert board.locator("#race-clock .pz-clock-main").text_content() != shown
    for entry, watches in HEAT_1.items():
        ride(console, entry, *watches)
        if entry == "R1":
            expect(lane(board, "R1")).to_have_attribute("data-total", "1:05.2", timeout=10000)
    expect(lane(board, "R4")).to_have_attribute("data-rank", "4", timeout=10000)
    expect(board.locator(".pz-latest")).to_contain_text("达瓦")
    board.screenshot(path=str(ARTIFACTS / "measured-board-heat.png"))
    console.click("#clock-stop"); acknowledged(console)
    console.click("#confirm"); acknowledged(console)   # (the confirmation dialog is accepted)
    expect(console.locator("#heat")).to_have_attribute("data-heat", "H2", timeout=10000)   # on to the next heat


def test_heat_two_with_a_correction_and_the_qualifiers_on_the_board(race_server, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    heats_over_the_wire(race_server, ("H1",))
    console = recorder_console(browser, race_server, RECORDER_TOKENS["heats"])
    expect(console.locator("#heat")).to_have_attribute("data-heat", "H2", timeout=10000)
    board = browser.new_page(viewport={"width": 1920, "height": 1080})
    board.goto(f"{race_server.url}/board/{race_server.key('horse-heats')}?w=1920&h=1080")

    # heat 2: a rider does not finish; a mistyped time is corrected with a reason
    console.click("#clock-start"); acknowledged(console)
    for entry, watches in HEAT_2.items():
        ride(console, entry, *watches)
    console.locator('#start-list tr[data-entry="R7"] .chip').click()
    console.fill("#dialog-value", "67.0")
    console.fill("#dialog-reason", "计时员报错")
    console.click("#dialog-ok"); acknowledged(console)
    expect(console.locator('#start-list tr[data-entry="R7"]')).to_have_attribute("data-total", "1:07.0")
    console.locator('#start-list tr[data-entry="R8"] select.status').select_option("DNF"); acknowledged(console)
    console.screenshot(path=str(ARTIFACTS / "recorder-console.png"))
    console.click("#clock-stop"); acknowledged(console)
    console.click("#confirm"); acknowledged(console)

    # every heat confirmed: Q by place (2 per heat) and q for the 2 fastest losers
    for entry, how in QUALIFIED.items():
        expect(board.locator(f'.b-rank-list .pd-row[data-entry="{entry}"]')).to_have_attribute(
            "data-qualified", how, timeout=10000)
    expect(board.locator('.b-rank-list .pd-row[data-entry="R8"]')).to_have_attribute("data-total", "DNF")


def test_the_heats_and_qualifiers_on_a_phone(race_server, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    heats_over_the_wire(race_server)
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(f"{race_server.url}/s/{race_server.key('horse-heats')}")
    expect(phone.locator('.sp-rank-list .pd-row[data-entry="R5"]')).to_have_attribute("data-rank", "1", timeout=10000)
    for entry, how in QUALIFIED.items():
        expect(phone.locator(f'.sp-rank-list .pd-row[data-entry="{entry}"]')).to_have_attribute("data-qualified", how)
    phone.screenshot(path=str(ARTIFACTS / "measured-phone.png"), full_page=True)


FINAL = [("R5", "1", "1:03.5"), ("R2", "2", "1:04.1"), ("R1", "3", "1:04.1"), ("R6", "4", "1:05.0"),
         ("R7", "5", "1:06.0"), ("R3", "", "DNF")]


def test_the_final_is_drawn_from_the_heats_in_the_console(race_server, browser):
    """The heats (recorded as the tests above do in the console) give the final's start list, which
    its chief recorder draws in the console: the board shows the lanes, seeded by time, centre out."""
    heats_over_the_wire(race_server)
    final_board = browser.new_page(viewport={"width": 1920, "height": 1080})
    final_board.goto(f"{race_server.url}/board/{race_server.key('horse-final')}?w=1920&h=1080")
    final = recorder_console(browser, race_server, RECORDER_TOKENS["final"])
    expect(final_board.locator("#board")).to_have_attribute("data-format", "measured", timeout=15000)
    final.click("#seed"); acknowledged(final)
    expect(final.locator("#heat")).to_have_attribute("data-heat", "F", timeout=10000)
    for entry, lane_no in (("R5", "3"), ("R1", "4"), ("R2", "2"), ("R6", "5"), ("R7", "1"), ("R3", "6")):
        expect(lane(final_board, entry)).to_have_attribute("data-lane", lane_no, timeout=10000)


def test_a_race_in_two_heats_and_a_final_from_the_console(race_server, browser):
    """The final, drawn from the heats, recorded in its console: equal hand times separated by the
    order of arrival, a DNF; the board shows the final result."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    heats_over_the_wire(race_server)
    seeding = connect(race_server, RECORDER_TOKENS["final"])
    try:
        assert call(seeding, "seed") == {"ok": True}
    finally:
        seeding.disconnect()
    final = recorder_console(browser, race_server, RECORDER_TOKENS["final"])
    expect(final.locator("#heat")).to_have_attribute("data-heat", "F", timeout=10000)
    final.click("#clock-start"); acknowledged(final)
    ride(final, "R5", "63.5", "63.5", "63.5")
    ride(final, "R1", "64.1", "64.1")
    ride(final, "R2", "64.05", "64.1")               # equal hand times: the finish judges decide
    ride(final, "R6", "65.0")
    ride(final, "R7", "66.0")
    final.locator('#start-list tr[data-entry="R3"] select.status').select_option("DNF"); acknowledged(final)
    for entry in ("R5", "R2", "R1", "R6", "R7"):      # order of arrival
        final.locator(f'#start-list tr[data-entry="{entry}"] .place').click()
    final.click("#placings-save"); acknowledged(final)
    final.click("#clock-stop"); acknowledged(final)
    final.click("#confirm"); acknowledged(final)

    final_board = browser.new_page(viewport={"width": 1920, "height": 1080})
    final_board.goto(f"{race_server.url}/board/{race_server.key('horse-final')}?w=1920&h=1080")
    rows = final_board.locator(".b-rank-list .pd-row")
    expect(rows).to_have_count(6, timeout=10000)
    for position, (entry, rank, total) in enumerate(FINAL):
        row = rows.nth(position)
        expect(row).to_have_attribute("data-entry", entry)
        expect(row).to_have_attribute("data-rank", rank)
        expect(row).to_have_attribute("data-total", total)
        expect(row).to_have_attribute("data-status", "final")
    final_board.screenshot(path=str(ARTIFACTS / "measured-board-final.png"))

    payload = race_server.standings("horse-final")
    assert [(r["entry"], r["rank"], r["total"], r["tiebreak"]) for r in payload["rows"]][:3] == [
        ("R5", 1, "1:03.5", None), ("R2", 2, "1:04.1", "placing"), ("R1", 3, "1:04.1", "placing")]
    assert payload["heats"][0]["status"] == "confirmed"
    assert [(r["entry"], str(r["rank"] or ""), r["total"]) for r in payload["rows"]] == FINAL


def test_the_final_on_a_small_panel_and_a_strip(race_server, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    heats_over_the_wire(race_server)
    final = connect(race_server, RECORDER_TOKENS["final"])
    try:
        assert call(final, "seed") == {"ok": True}
        for entry, value in (("R5", "63.5"), ("R2", "64.1"), ("R1", "64.1"), ("R6", "65.0"), ("R7", "66.0")):
            assert call(final, "attempt", entry=entry, value=value) == {"ok": True}
        assert call(final, "attempt", entry="R3", status="DNF") == {"ok": True}
        assert call(final, "placings", heat="F", order=["R5", "R2", "R1", "R6", "R7"]) == {"ok": True}
        assert call(final, "confirm", heat="F") == {"ok": True}
    finally:
        final.disconnect()
    for width, height in ((768, 384), (1280, 256)):   # a small LED panel and a strip
        small = browser.new_page(viewport={"width": width, "height": height})
        small.goto(f"{race_server.url}/board/{race_server.key('horse-final')}?w={width}&h={height}")
        expect(small.locator('.b-rank-list .pd-row[data-entry="R5"]')).to_have_attribute("data-rank", "1", timeout=10000)
        small.screenshot(path=str(ARTIFACTS / f"measured-board-final-{width}x{height}.png"))


def test_a_tie_at_the_cut_is_decided_from_the_finals_console(race_server, browser):
    heats = connect(race_server, RECORDER_TOKENS["heats"])
    try:
        times = {"R1": "65.0", "R2": "66.0", "R3": "67.5", "R4": "70.0", "R5": "64.0", "R6": "66.5", "R7": "68.0", "R8": "68.0"}
        for entry, value in times.items():   # the last fastest-loser place: R7 and R8 level at 1:08.0
            assert call(heats, "attempt", entry=entry, value=value) == {"ok": True}
        for heat in ("H1", "H2"):
            assert call(heats, "confirm", heat=heat) == {"ok": True}
    finally:
        heats.disconnect()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{race_server.url}/j/{race_server.token(RECORDER_TOKENS['final'])}")
    expect(page.locator("#app")).to_have_attribute("data-connection", "live", timeout=15000)
    page.click("#seed")
    expect(page.locator("#ack")).to_have_attribute("data-state", "error", timeout=10000)
    expect(page.locator("#decide")).to_be_visible()
    for entry in ("R1", "R2", "R5", "R6"):   # through by place: already ticked
        expect(page.locator(f'#decide-list input[data-qualify="{entry}"]')).to_be_checked()
    page.check('#decide-list input[data-qualify="R3"]')
    page.check('#decide-list input[data-qualify="R8"]')
    page.fill("#decide-reason", "R7 与 R8 加赛，R8 胜")
    page.click("#decide-seed")
    expect(page.locator("#heat")).to_have_attribute("data-heat", "F", timeout=10000)
    final = race_server.standings("horse-final")
    assert sorted(r["entry"] for r in final["heats"][0]["results"]) == ["R1", "R2", "R3", "R5", "R6", "R8"]
