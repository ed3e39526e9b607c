"""Through the real pages: 5 judges' tablets and the LED board in Debian's chromium (Playwright)."""
from __future__ import annotations

import sqlite3

import pytest
import socketio
from playwright.sync_api import expect

from conftest import ARTIFACTS, TOKENS, speech_competition

pytestmark = [pytest.mark.browser, pytest.mark.server]
CRITERIA = ("content", "delivery", "presence", "effect")

# Each judge's marks (content, delivery, presence, effect) for two entries, and what must follow.
MARKS = {
    "E1": {"J1": (38, 28, 19, 9.5), "J2": (35, 25, 18, 9), "J3": (36, 26, 17, 8.5), "J4": (34, 24, 18, 9),
           "J5": (30, 22, 15, 7)},  # 94.5 87 87.5 85 74 -> drop J1 and J5 -> (87 + 87.5 + 85) / 3
    "E2": {"J1": (36, 27, 18, 9), "J2": (37, 27.5, 18.5, 9.5), "J3": (35, 26, 17.5, 9), "J4": (38, 28, 19, 9.5),
           "J5": (36, 26, 18, 8.5)},  # 90 92.5 87.5 94.5 88.5 -> drop J4 and J3 -> 271 / 3
}
EXPECTED_TOTAL = {"E1": "86.50", "E2": "90.33"}
EXPECTED_DROPPED = {"E1": {"J1", "J5"}, "E2": {"J4", "J3"}}
JUDGE_TOTALS = {"E2": {"J1": "90.00", "J2": "92.50", "J3": "87.50", "J4": "94.50", "J5": "88.50"}}


def open_tablets(browser, server, *judges):
    """Each judge's tablet (one browser each), opened together and returned once all are live."""
    pages = {}
    for judge in judges:
        page = pages[judge] = browser.new_context(viewport={"width": 1024, "height": 768}).new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        page.goto(f"{server.url}/j/{server.token(TOKENS[judge])}?retry_ms=200&retry_max_ms=500", wait_until="commit")
    for page in pages.values():
        expect(page.locator("#app")).to_have_attribute("data-connection", "live", timeout=15000)
    return pages


def open_tablet(browser, server, judge):
    return open_tablets(browser, server, judge)[judge]


def score(tablets, entry):
    """Every tablet marks `entry` (MARKS) and sends, all at about the same time, as a panel does."""
    for judge, tablet in tablets.items():
        expect(tablet.locator("#current")).to_have_attribute("data-entry", entry, timeout=10000)
        for key, value in zip(CRITERIA, MARKS[entry][judge]):
            tablet.fill(f'input[data-criterion="{key}"]', str(value))
    for tablet in tablets.values():
        tablet.click("#submit")
    for tablet in tablets.values():
        expect(tablet.locator("#ack")).to_have_attribute("data-state", "ok", timeout=10000)
        expect(tablet.locator("#ack")).to_have_attribute("data-revision", "1")


class WireJudges:
    """Judges of the panel marking over the /judge protocol (Python clients) beside the tablets."""

    def __init__(self, server, *judges):
        self.clients = {}
        for judge in judges:
            client = self.clients[judge] = socketio.SimpleClient()
            client.connect(server.url, namespace="/judge", auth={"token": server.token(TOKENS[judge])},
                           transports=["websocket"])

    def __enter__(self):
        return self

    def __exit__(self, *failed):
        for client in self.clients.values():
            client.disconnect()

    def score(self, entry):
        for judge, client in self.clients.items():
            assert client.call("submit", {"entry": entry, "marks": dict(zip(CRITERIA, MARKS[entry][judge]))})["ok"]

    def chief(self, action, **payload):
        assert self.clients["J1"].call(action, payload) == {"ok": True}


def test_tablets_score_an_entry_and_the_board_shows_the_result(server, browser):
    """The chief's tablet calls E2 and marks it with four judges over the wire, then locks it; the board
    shows E2 revealed, the dropped totals struck through, and the ranking."""
    score_over_the_wire(server, ("E1",))  # marked and locked before
    board = browser.new_page(viewport={"width": 1920, "height": 1080})
    board.goto(f"{server.url}/board/{server.key('final')}?w=1920&h=1080")
    tablets = open_tablets(browser, server, "J1")
    chief = tablets["J1"]
    expect(board.locator("[data-connection]").first).to_have_attribute("data-connection", "live", timeout=15000)
    chief.click("#next")
    with WireJudges(server, "J2", "J3", "J4", "J5") as wire:
        score(tablets, "E2")
        wire.score("E2")
    expect(chief.locator("#lock")).to_be_enabled(timeout=10000)
    chief.click("#lock")
    expect(chief.locator("#chief-ack")).to_have_attribute("data-state", "ok", timeout=10000)

    # The board: the current entry (E2) revealed with the dropped totals struck through ...
    expect(board.locator("[data-entry='E2'][data-rank='1']").first).to_have_attribute(
        "data-total", EXPECTED_TOTAL["E2"], timeout=10000)
    for judge, total in JUDGE_TOTALS["E2"].items():
        box = board.locator(f"[data-judge='{judge}']").first
        expect(box).to_have_attribute("data-total", total)
        dropped = judge in EXPECTED_DROPPED["E2"]
        expect(box).to_have_attribute("data-dropped", "true" if dropped else "false")
        decoration = box.evaluate("""el => [el, ...el.querySelectorAll('*')]
            .map(e => getComputedStyle(e).textDecorationLine).join(' ')""")
        assert ("line-through" in decoration) == dropped, (judge, decoration)
    # ... and the ranking with the exact finals.
    expect(board.locator("[data-entry='E1'][data-rank='2']").first).to_have_attribute("data-total", EXPECTED_TOTAL["E1"])
    expect(board.locator("body")).to_contain_text("90.33")
    expect(board.locator("body")).to_contain_text("86.50")

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    board.screenshot(path=str(ARTIFACTS / "board-1920x1080.png"))
    chief.screenshot(path=str(ARTIFACTS / "tablet-chief.png"))

    # The API agrees with what the board shows.
    rows = server.standings()["rows"]
    assert [(r["entry"], r["rank"], r["total"], r["status"]) for r in rows] == [
        ("E2", 1, "90.33", "final"), ("E1", 2, "86.50", "final")]


def test_tablets_move_on_after_a_lock_and_refuse_a_locked_entry(server, browser):
    """The chief's tablet calls and locks; a judge's tablet follows: the locked entry refuses
    corrections, and the next entry comes with empty marks that are sent as its first revision."""
    tablets = open_tablets(browser, server, "J1", "J2")
    chief, judge = tablets["J1"], tablets["J2"]
    expect(chief.locator("#chief")).to_be_visible()
    expect(judge.locator("#chief")).to_be_hidden()
    with WireJudges(server, "J3", "J4", "J5") as wire:
        for entry in ("E1", "E2"):
            chief.click("#next")
            score(tablets, entry)
            wire.score(entry)
            expect(chief.locator("#lock")).to_be_enabled(timeout=10000)
            chief.click("#lock")
            expect(chief.locator("#chief-ack")).to_have_attribute("data-state", "ok", timeout=10000)
            expect(judge.locator("#current")).to_have_class("locked", timeout=10000)
            expect(judge.locator("#submit")).to_be_disabled()  # a locked entry refuses corrections on the tablet
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    judge.screenshot(path=str(ARTIFACTS / "tablet-judge.png"))
    rows = server.standings()["rows"]
    assert [(r["entry"], r["rank"], r["total"], r["status"]) for r in rows] == [
        ("E2", 1, "90.33", "final"), ("E1", 2, "86.50", "final")]


def score_over_the_wire(server, entries=("E1", "E2")) -> None:
    """The five judges mark `entries` (MARKS) and the chief locks each, through the /judge protocol."""
    with WireJudges(server, *TOKENS) as wire:
        for entry in entries:
            wire.chief("next")
            wire.score(entry)
            wire.chief("lock", entry=entry)


def test_small_and_strip_boards_show_the_result(server, browser):
    score_over_the_wire(server)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((768, 384), (1280, 256)):
        board = browser.new_page(viewport={"width": width, "height": height})
        board.goto(f"{server.url}/board/{server.key('final')}?w={width}&h={height}")
        expect(board.locator("[data-entry='E2'][data-rank='1']").first).to_have_attribute(
            "data-total", EXPECTED_TOTAL["E2"], timeout=10000)
        expect(board.locator("[data-entry='E1'][data-rank='2']").first).to_have_attribute(
            "data-total", EXPECTED_TOTAL["E1"])
        board.screenshot(path=str(ARTIFACTS / f"board-{width}x{height}.png"))


def test_spectator_page_follows_live(server, browser):
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(f"{server.url}/s/{server.key('final')}")
    expect(phone.locator("[data-connection]").first).to_have_attribute("data-connection", "live", timeout=15000)
    chief = open_tablet(browser, server, "J1")
    chief.click("#next")
    expect(phone.locator("body")).to_contain_text("扎西", timeout=10000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "spectator.png"), full_page=True)


def test_tablet_refuses_marks_out_of_range_before_sending(server, browser):
    tablet = open_tablet(browser, server, "J2")
    chief = open_tablet(browser, server, "J1")
    chief.click("#next")
    expect(tablet.locator("#current")).to_have_attribute("data-entry", "E1", timeout=10000)
    for key, value in zip(CRITERIA, (41, 25, 18.3, 9)):
        tablet.fill(f'input[data-criterion="{key}"]', str(value))
    expect(tablet.locator("#submit")).to_be_disabled()
    expect(tablet.locator(".criterion.bad")).to_have_count(2)
    assert server.standings()["current"]["marks_in"] == 0


@pytest.fixture
def restartable(own_server):
    """The speech competition on a server process of its own, which the test stops and starts again."""
    return own_server(speech_competition())


def test_board_reconnects_and_resyncs_after_a_server_restart(restartable, browser):
    server = restartable
    board = browser.new_page(viewport={"width": 1280, "height": 720})
    board.goto(f"{server.url}/board/final?retry_ms=200&retry_max_ms=500")
    root = board.locator("[data-connection]").first
    expect(root).to_have_attribute("data-connection", "live", timeout=15000)
    server.stop()
    expect(root).not_to_have_attribute("data-connection", "live", timeout=20000)
    server.start()  # same port, same database
    expect(root).to_have_attribute("data-connection", "live", timeout=30000)
    chief = socketio.SimpleClient()
    chief.connect(server.url, namespace="/judge", auth={"token": TOKENS["J1"]}, transports=["websocket"])
    try:
        assert chief.call("next", {}) == {"ok": True}
        expect(board.locator("body")).to_contain_text("扎西", timeout=10000)
        expect(root).to_have_attribute("data-seq", "1")
    finally:
        chief.disconnect()


def test_long_rankings_rotate_page_by_page(serve, browser):
    """20 ranked entries do not fit a 768x384 board: it shows them a page at a time, in turn."""
    data = speech_competition()
    stage = data["events"][0]["stages"][0]
    stage["judges"] = [{"key": "J1", "name": "评委", "chief": True, "token": TOKENS["J1"]}]
    stage["entries"] = [{"key": f"E{i}", "name": f"选手{i}", "unit": "马利镇"} for i in range(1, 21)]
    server = serve(data)
    chief = socketio.SimpleClient()
    try:
        chief.connect(server.url, namespace="/judge", auth={"token": server.token(TOKENS["J1"])},
                      transports=["websocket"])
        for i in range(1, 21):
            marks = dict(zip(CRITERIA, (20 + i // 2, 20, 10, 5)))
            assert chief.call("next", {})["ok"]
            assert chief.call("submit", {"entry": f"E{i}", "marks": marks})["ok"]
        board = browser.new_page(viewport={"width": 768, "height": 384})
        board.goto(f"{server.url}/board/{server.key('final')}?w=768&h=384&page_ms=1500")
        expect(board.locator("[data-rank]")).to_have_count(20, timeout=10000)
        state = board.evaluate("window.podiumBoard.state()")
        assert state["pages"] >= 2 and state["page"] == 1
        visible = board.locator("[data-rank]:visible")
        first_page = visible.evaluate_all("rows => rows.map(r => r.dataset.entry)")
        assert 0 < len(first_page) < 20
        board.wait_for_function("() => window.podiumBoard.state().page === 2", timeout=5000)
        second_page = board.locator("[data-rank]:visible").evaluate_all("rows => rows.map(r => r.dataset.entry)")
        assert second_page and not set(first_page) & set(second_page)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        board.wait_for_timeout(700)  # let the page-in animation finish before the picture
        board.screenshot(path=str(ARTIFACTS / "board-768x384-page2.png"))
    finally:
        chief.disconnect()


def test_marks_entered_while_offline_are_sent_once_after_reconnect(restartable, browser):
    server = restartable
    chief = socketio.SimpleClient()
    chief.connect(server.url, namespace="/judge", auth={"token": TOKENS["J1"]}, transports=["websocket"])
    assert chief.call("next", {}) == {"ok": True}
    chief.disconnect()
    tablet = open_tablet(browser, server, "J2")
    expect(tablet.locator("#current")).to_have_attribute("data-entry", "E1", timeout=10000)
    server.stop()
    expect(tablet.locator("#app")).to_have_attribute("data-connection", "offline", timeout=20000)
    for key, value in zip(CRITERIA, MARKS["E1"]["J2"]):
        tablet.fill(f'input[data-criterion="{key}"]', str(value))
    tablet.click("#submit")
    expect(tablet.locator("#ack")).to_have_attribute("data-state", "pending")
    assert len(tablet.evaluate("window.podiumTablet.outbox()")) == 1
    context = tablet.context
    tablet.close()  # the tablet's page is closed (battery, accident) before the network is back
    server.start()
    tablet = context.new_page()  # the same browser opens the judge's link again
    tablet.goto(f"{server.url}/j/{TOKENS['J2']}?retry_ms=200&retry_max_ms=500")
    expect(tablet.locator("#app")).to_have_attribute("data-connection", "live", timeout=30000)
    tablet.wait_for_function("() => window.podiumTablet.outbox().length === 0", timeout=15000)
    current = server.standings()["current"]
    assert current["marks_in"] == 1 and [j["in"] for j in current["judges"]] == [False, True, False, False, False]
    assert server.standings()["seq"] == 2  # the call of E1 and ONE scorecard


def test_the_chiefs_next_pressed_offline_is_sent_once_and_never_skips_an_entry(restartable, browser):
    """Issue 12 (7): the chief presses `next` twice while the server is away; the tablet keeps both
    in its outbox, resends them after the reconnect, and the stage moves on by ONE entry (the second
    `next` names the entry it leaves, which is no longer current, and is refused)."""
    server = restartable
    tablet = open_tablet(browser, server, "J1")
    expect(tablet.locator("#app")).to_have_attribute("data-connection", "live", timeout=10000)
    server.stop()
    expect(tablet.locator("#app")).to_have_attribute("data-connection", "offline", timeout=20000)
    tablet.click("#next")
    tablet.click("#next")
    expect(tablet.locator("#chief-ack")).to_have_attribute("data-state", "pending")
    queued = tablet.evaluate("window.podiumTablet.outbox()")
    assert [(item["event"], item["payload"]["leaving"]) for item in queued] == [("next", None), ("next", None)]
    server.start()
    expect(tablet.locator("#app")).to_have_attribute("data-connection", "live", timeout=30000)
    tablet.wait_for_function("() => window.podiumTablet.outbox().length === 0", timeout=15000)
    standings = server.standings()
    assert standings["current"]["entry"] == "E1" and standings["seq"] == 1  # called once, nothing skipped
    expect(tablet.locator("#current")).to_have_attribute("data-entry", "E1", timeout=10000)


def test_a_snapshot_that_folds_several_changes_is_taken_without_a_rewatch(server, browser):
    """A snapshot is complete: when seq jumps (here three changes made outside the server, then the
    chief's call, all in one snapshot) the board shows it and asks for nothing more."""
    board = browser.new_page(viewport={"width": 1280, "height": 720})
    board.goto(f"{server.url}/board/{server.key('final')}")
    root = board.locator("#board")
    expect(root).to_have_attribute("data-connection", "live", timeout=15000)
    expect(root).to_have_attribute("data-seq", "0", timeout=10000)  # the first snapshot is in
    watches = board.evaluate("window.podiumBoard.state().stats.watches")
    with sqlite3.connect(server.server.instance / "podium.db") as db:
        db.execute("UPDATE stage SET seq = seq + 3 WHERE key = ?", (server.key("final"),))
    chief = socketio.SimpleClient()
    try:
        chief.connect(server.url, namespace="/judge", auth={"token": server.token(TOKENS["J1"])},
                      transports=["websocket"])
        assert chief.call("next", {}) == {"ok": True}
        expect(root).to_have_attribute("data-seq", "4", timeout=10000)
        expect(board.locator(".pd-current")).to_have_attribute("data-entry", "E1")
        board.wait_for_timeout(300)  # a re-watch would have gone out at once
        stats = board.evaluate("window.podiumBoard.state().stats")
        assert stats["gaps"] == 1 and stats["watches"] == watches and stats["snapshots"] == 2
    finally:
        chief.disconnect()
