"""Issue 13: no cut name and no overlapping text on any screen, in zh, bo and en. Each board (1920x1080,
768x384, 1280x256) and the phone pages (390x844) are loaded live from the session's `podium run` with the
three formats in a realistic state (tests/screens_data.py), and the boxes of every visible piece of text
are compared in the page (tests/screen_boxes.js): no two overlap, none is cut, and at 768x384 none is
smaller than 20 px. Screenshots: test-artifacts/board-<format>-<size>-<lang>.png, phone-<format>-<lang>.png."""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from playwright.sync_api import expect

import screens_data
from conftest import ARTIFACTS, load_into, tagged

BOX_CHECK = (Path(__file__).parent / "screen_boxes.js").read_text(encoding="utf-8")
LANGS = ("zh", "bo", "en")
SCREENS = {"judged": "song-final", "table": "football-groups", "bracket": "football-knockout", "race": "horse-heats"}
MIN_SECONDARY = {(768, 384): 20}   # px: the smallest text on a small board
_TAG = itertools.count(1)


@pytest.fixture(scope="module")
def festival(live_server):
    """The festival loaded once into the session's server and played into its state: stage -> key."""
    srv, sessions = live_server
    tag = f"scr{next(_TAG)}"
    load_into(sessions, tagged(screens_data.festival(), tag))
    keys = {name: f"{stage}-{tag}" for name, stage in SCREENS.items()}
    screens_data.run_song(sessions, keys["judged"])
    screens_data.run_groups(sessions, keys["table"])
    screens_data.run_knockout(sessions, keys["bracket"])
    screens_data.run_race(sessions, keys["race"])
    return srv, keys


def settled(page, root):
    """The page's first snapshot rendered and fitted with its fonts loaded."""
    expect(page.locator(root)).to_have_attribute("data-seq", __import__("re").compile(r"\d"), timeout=15000)
    page.evaluate("async () => { await document.fonts.ready; "
                  "await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))); }")
    page.wait_for_timeout(150)


def problems(page, where: str, **opts) -> list[str]:
    found = page.evaluate(BOX_CHECK, opts)
    assert found["count"] > 3, (where, found)  # it saw the screen's text
    return [f"{where}: {p}" for p in found["overlaps"] + found["cut"] + found["small"]]


@pytest.mark.parametrize("size", [(1920, 1080), (768, 384), (1280, 256)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_cut_name_and_no_overlapping_text_on_the_boards(festival, browser, size):
    """Every format in zh, bo and en on one board size: no text box overlaps another, no name is cut,
    and at 768x384 no text is under 20 px."""
    srv, keys = festival
    width, height = size
    page = browser.new_page(viewport={"width": width, "height": height})
    found = []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for lang in LANGS:
        for screen, key in keys.items():
            page.goto(f"{srv.url}/board/{key}?w={width}&h={height}&lang={lang}")
            settled(page, "#board")
            page.screenshot(path=str(ARTIFACTS / f"board-{screen}-{width}x{height}-{lang}.png"))
            found += problems(page, f"{screen} {width}x{height} {lang}", minFont=MIN_SECONDARY.get(size, 0))
    assert not found, "\n".join(found)


def test_no_cut_name_and_no_overlapping_text_on_the_phone(festival, browser):
    """The spectators' page of every format and the certificate check page on a phone, in zh, bo and en:
    nothing overlaps, nothing is cut, no header wraps one character per line."""
    srv, keys = festival
    page = browser.new_page(viewport={"width": 390, "height": 844})
    found = []
    for lang in LANGS:
        for screen, key in keys.items():
            page.goto(f"{srv.url}/s/{key}?lang={lang}")
            settled(page, "#spectator")
            page.screenshot(path=str(ARTIFACTS / f"phone-{screen}-{lang}.png"), full_page=True)
            found += problems(page, f"phone {screen} {lang}", fullPage=True)
        page.goto(f"{srv.url}/verify/2Z-7K3MQ-9QXAB?lang={lang}")
        page.screenshot(path=str(ARTIFACTS / f"phone-verify-{lang}.png"), full_page=True)
        found += problems(page, f"verify {lang}", fullPage=True)
        narrow = page.evaluate("""() => [...document.querySelectorAll('header *, h1')].filter(el =>
            el.checkVisibility() && el.textContent.trim().length > 2 &&
            el.getBoundingClientRect().height > 3.5 * parseFloat(getComputedStyle(el).fontSize))
            .map(el => el.tagName + ' ' + el.textContent.trim().slice(0, 20))""")
        found += [f"verify {lang}: {n} wraps one character per line" for n in narrow]
    assert not found, "\n".join(found)


def test_a_finished_stage_shows_its_results_screen_podium_then_the_whole_ranking(serve, browser):
    """Issue 13, the results screen: once the last singer is locked the board shows the podium (1st-3rd
    with their units) over the whole board, then the whole ranking page by page, then the podium again;
    the phone shows the podium and under it the full ranking."""
    data = screens_data.festival()
    data["events"] = data["events"][:1]
    server = serve(data)
    screens_data.run_song(server.sessions, server.key("song-final"), finished=True)
    board = browser.new_page(viewport={"width": 768, "height": 384})
    board.goto(f"{server.url}/board/{server.key('song-final')}?w=768&h=384&page_ms=1500")
    root = board.locator("#board")
    expect(root).to_have_attribute("data-results", "podium", timeout=15000)
    podium = board.locator(".pd-podium-row")
    expect(podium).to_have_count(3)
    expect(podium.nth(0)).to_contain_text("旦增平措")   # 82..87, trimmed: 85.00, the best
    expect(podium.nth(0)).to_contain_text("孜托镇")
    expect(podium.nth(1)).to_contain_text("康沙镇")
    expect(board.locator(".b-rank")).to_be_hidden()
    board.screenshot(path=str(ARTIFACTS / "results-768x384-podium.png"))
    expect(root).to_have_attribute("data-results", "ranking", timeout=5000)  # the board turns by itself
    expect(board.locator(".b-cur")).to_be_hidden()
    expect(board.locator(".b-rank-title")).to_have_text("完整排名")
    expect(board.locator(".pd-row.is-on").first).to_have_attribute("data-entry", "E5")
    board.screenshot(path=str(ARTIFACTS / "results-768x384-ranking.png"))
    pages = board.evaluate("podiumBoard.state().pages")
    assert pages >= 1   # every singer is shown in turn, page by page
    shown = set()
    for _ in range(pages):
        expect(root).to_have_attribute("data-results", "ranking", timeout=5000)
        shown |= set(board.locator(".pd-row.is-on").evaluate_all("els => els.map(e => e.dataset.entry)"))
        board.evaluate("podiumBoard.nextPage()")
    assert shown == {f"E{i}" for i in range(1, 7)}
    expect(root).to_have_attribute("data-results", "podium")   # and the podium again
    wide = browser.new_page(viewport={"width": 1920, "height": 1080})
    wide.goto(f"{server.url}/board/{server.key('song-final')}?w=1920&h=1080&lang=bo")
    expect(wide.locator("#board")).to_have_attribute("data-results", "podium", timeout=15000)
    wide.screenshot(path=str(ARTIFACTS / "results-1920x1080-podium-bo.png"))
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(f"{server.url}/s/{server.key('song-final')}")
    expect(phone.locator("#spectator")).to_have_attribute("data-finished", "true", timeout=15000)
    expect(phone.locator(".pd-podium-row")).to_have_count(3)
    expect(phone.locator(".sp-rank .sp-rank-title > span").first).to_have_text("完整排名")
    expect(phone.locator(".sp-rank-list .pd-row")).to_have_count(6)
    phone.screenshot(path=str(ARTIFACTS / "results-phone.png"), full_page=True)
