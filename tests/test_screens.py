"""Issue 13: no cut name and no overlapping text on any screen, in zh, bo and en. Each board (1920x1080,
768x384, 1280x256) and the phone pages (390x844) are loaded live from the session's `podium run` with the
three formats in a realistic state (tests/screens_data.py), and the boxes of every visible piece of text
are compared in the page (tests/screen_boxes.js): no two overlap, none is cut, and at 768x384 none is
smaller than 20 px. Screenshots: test-artifacts/board-<format>-<size>-<lang>.png, phone-<format>-<lang>.png."""
from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

import screens_data
from conftest import ARTIFACTS, load_into, tagged

BOX_CHECK = (Path(__file__).parent / "screen_boxes.js").read_text(encoding="utf-8")
LANGS = ("zh", "bo", "en")
SCREENS = {"judged": "song-final", "table": "football-groups", "bracket": "football-knockout",
           "scoreboard": "football-final", "race": "horse-heats"}
MIN_SECONDARY = {(768, 384): 20}   # px: the smallest text on a small board
_TAG = itertools.count(1)


@pytest.fixture(scope="module")
def festival(live_server):
    """The festival loaded once into the session's server and played into its state: (the server,
    screen -> the address of its board, screen -> its stage's key)."""
    srv, sessions = live_server
    tag = f"scr{next(_TAG)}"
    load_into(sessions, tagged(screens_data.festival(), tag))
    keys = {name: f"{stage}-{tag}" for name, stage in SCREENS.items()}
    venue = screens_data.dress(sessions, f"{screens_data.festival()['campaign']} {tag}", keys)
    screens_data.run_song(sessions, keys["judged"])
    screens_data.run_groups(sessions, keys["table"])
    screens_data.run_knockout(sessions, keys["bracket"])
    screens_data.run_final(sessions, keys["scoreboard"])
    screens_data.run_race(sessions, keys["race"])
    return srv, {**{screen: f"/board/{key}" for screen, key in keys.items()}, "venue": venue}, keys


def settled(page, root):
    """The page's first snapshot rendered and fitted with its fonts loaded (a venue's idle board: shown)."""
    if root == "#venue-board":
        expect(page.locator("#venue-idle")).to_be_visible(timeout=15000)
    else:
        expect(page.locator(root)).to_have_attribute("data-seq", re.compile(r"\d"), timeout=15000)
    page.evaluate("async () => { await document.fonts.ready; "
                  "await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))); }")


def problems(page, where: str, **opts) -> list[str]:
    found = page.evaluate(BOX_CHECK, opts)
    assert found["count"] > 3, (where, found)  # it saw the screen's text
    return [f"{where}: {p}" for p in found["overlaps"] + found["cut"] + found["small"]]


@pytest.mark.parametrize("size", [(1920, 1080), (768, 384), (1280, 256)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_cut_name_and_no_overlapping_text_on_the_boards(festival, browser, size):
    """Every format in zh, bo and en on one board size: no text box overlaps another, no name is cut,
    and at 768x384 no text is under 20 px."""
    srv, paths, _keys = festival
    width, height = size
    page = browser.new_page(viewport={"width": width, "height": height})
    found = []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for lang in LANGS:
        for screen, path in paths.items():
            page.goto(f"{srv.url}{path}?w={width}&h={height}&lang={lang}")
            settled(page, "#venue-board" if screen == "venue" else "#board")
            page.screenshot(path=str(ARTIFACTS / f"board-{screen}-{width}x{height}-{lang}.png"))
            found += problems(page, f"{screen} {width}x{height} {lang}", minFont=MIN_SECONDARY.get(size, 0))
    assert not found, "\n".join(found)


def test_no_cut_name_and_no_overlapping_text_on_the_phone(festival, browser):
    """The spectators' page of every format and the certificate check page on a phone, in zh, bo and en:
    nothing overlaps, nothing is cut, no header wraps one character per line."""
    srv, _paths, keys = festival
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
    expect(podium.nth(0)).to_contain_text("尼玛")        # 82..87, trimmed: 85.00, the best
    expect(podium.nth(0)).to_contain_text("康沙镇")
    expect(podium.nth(1)).to_contain_text(screens_data.LONG_BO)
    expect(podium.nth(1)).to_contain_text("硕督镇达翁村第二村民小组")
    for part in (".pd-podium-name", ".pd-podium-unit"):   # whole, not cut
        assert board.locator(part).evaluate_all("els => els.every(el => el.scrollWidth <= el.clientWidth + 1)")
    expect(board.locator(".b-rank")).to_be_hidden()
    board.screenshot(path=str(ARTIFACTS / "results-768x384-podium.png"))
    expect(root).to_have_attribute("data-results", "ranking", timeout=5000)  # the board turns by itself
    expect(board.locator(".b-cur")).to_be_hidden()
    expect(board.locator(".b-rank-title")).to_have_text("完整排名")
    expect(board.locator(".pd-row.is-on").first).to_have_attribute("data-entry", "E6")
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


def test_a_race_whose_heats_are_confirmed_shows_its_results_screen(serve, browser):
    """The same for a race: once its every heat is confirmed, the board's podium (ཕུན་ཚོགས་རྣམ་རྒྱལ་ first, in
    1:04.9) then its ranking; the phone's podium above the heats and the full ranking."""
    data = screens_data.festival()
    data["events"] = data["events"][2:]
    data["events"][0]["stages"][0]["heats"] = [{"key": "H1", "name": "第1组"}]
    server = serve(data)
    screens_data.finish_race(server.sessions, server.key("horse-heats"))
    board = browser.new_page(viewport={"width": 1280, "height": 256})
    board.goto(f"{server.url}/board/{server.key('horse-heats')}?w=1280&h=256&lang=bo")
    expect(board.locator("#board")).to_have_attribute("data-results", "podium", timeout=15000)
    podium = board.locator(".pd-podium-row")
    expect(podium).to_have_count(3)
    expect(podium.nth(0)).to_contain_text(screens_data.LONG_BO)
    expect(podium.nth(0)).to_contain_text("1:04.9")
    board.screenshot(path=str(ARTIFACTS / "results-race-1280x256-bo.png"))
    board.evaluate("podiumBoard.nextPage()")
    shown = set()
    for _ in range(board.evaluate("podiumBoard.state().pages")):
        expect(board.locator("#board")).to_have_attribute("data-results", "ranking")
        shown |= set(board.locator(".pd-row.is-on").evaluate_all("els => els.map(e => e.dataset.entry)"))
        board.screenshot(path=str(ARTIFACTS / "results-race-1280x256-bo-ranking.png")) if len(shown) < 4 else None
        board.evaluate("podiumBoard.nextPage()")
    assert shown == {"R1", "R2", "R3", "R4"}
    expect(board.locator("#board")).to_have_attribute("data-results", "podium")
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(f"{server.url}/s/{server.key('horse-heats')}")
    expect(phone.locator("#spectator")).to_have_attribute("data-finished", "true", timeout=15000)
    expect(phone.locator(".sp-cur .pd-podium-row")).to_have_count(3)
    expect(phone.locator(".sp-cur")).to_be_visible()
    expect(phone.locator(".sp-rank .sp-rank-title > span").first).to_have_text("完整排名")


def test_the_band_and_a_team_colour_set_in_the_console_appear_on_the_board(serve, browser):
    """Issue 13: the campaign's title and logo band, and team colours, set in the organizer console of a real
    `podium run`, audited; a file that is not a PNG or JPEG is refused and nothing is stored. The board
    shows the band (not on the 1280x256 strip) and the colour chip beside the team's name."""
    import requests
    from sqlalchemy import select

    from organizers.access import create_organizer
    from scoring.models import AuditEntry, Campaign

    data = screens_data.festival()
    data["events"] = data["events"][1:2]
    server = serve(data)
    user = f"band-{server.tag}"
    with server.sessions() as db:
        create_organizer(db, user, "organizer-secret")
        db.commit()
        campaign_id = db.scalar(select(Campaign.id).where(Campaign.name == f"{data['campaign']} {server.tag}"))
    http = requests.Session()
    http.headers["Origin"] = server.url
    assert http.post(f"{server.url}/organizer/login", data={"username": user, "password": "organizer-secret"},
                     allow_redirects=False, timeout=10).status_code == 302
    band_url = f"{server.url}/organizer/boards/campaigns/{campaign_id}/band"
    refused = http.post(band_url, data={"band_title": "不该保存"}, timeout=10,
                        files={"logo": ("logo.png", b"GIF89a not a picture", "image/png")})
    assert "标志必须是 PNG 或 JPEG 图片" in refused.text
    saved = http.post(band_url, data={"band_title": "洛龙县第三届群众文化体育运动会"}, timeout=10,
                      files={"logo": ("logo.png", screens_data.logo_png(), "image/png")})
    assert saved.status_code == 200 and 'id="band-logo-now"' in saved.text
    groups = server.key("football-groups")
    page = http.get(f"{server.url}/organizer/boards/stages/{groups}/colours", timeout=10)
    assert 'id="colour-T1"' in page.text
    assert http.post(f"{server.url}/organizer/boards/stages/{groups}/colours", data={"colour-T1": "#D00000"},
                     timeout=10).status_code == 200
    with server.sessions() as db:
        assert db.scalar(select(Campaign.band_title).where(Campaign.id == campaign_id)) == "洛龙县第三届群众文化体育运动会"
        done = db.execute(select(AuditEntry.action, AuditEntry.actor, AuditEntry.detail).where(
            AuditEntry.action.in_(("board_band", "team_colours")), AuditEntry.actor.like(f"organizer:%:{user}"))).all()
    assert [(a, d.get("title"), d.get("colours")) for a, _, d in done] == [
        ("board_band", "洛龙县第三届群众文化体育运动会", None), ("team_colours", None, {"T1": "#d00000"})]
    board = browser.new_page(viewport={"width": 1920, "height": 1080})
    board.goto(f"{server.url}/board/{groups}?w=1920&h=1080")
    expect(board.locator(".b-band-title")).to_have_text("洛龙县第三届群众文化体育运动会")
    expect(board.locator(".pm-row[data-entry='T1'] .pm-chip")).to_have_attribute("data-colour", "#d00000", timeout=15000)
    expect(board.locator(".pm-row[data-entry='T2'] .pm-chip")).to_have_count(0)
    assert board.locator(".b-band-logo").evaluate("img => img.complete && img.naturalWidth === 120")
    board.screenshot(path=str(ARTIFACTS / "band-1920x1080.png"))
    console = browser.new_context(viewport={"width": 1280, "height": 900})
    console.add_cookies([{"name": c.name, "value": c.value, "url": server.url} for c in http.cookies])
    colours = console.new_page()
    colours.goto(f"{server.url}/organizer/boards/stages/{groups}/colours")
    expect(colours.locator("#colour-T1")).to_have_value("#d00000")
    expect(colours.locator("#none-T2")).to_be_checked()
    colours.locator("#colour-T2").fill("#0050d0")   # choosing a colour unticks "no colour"
    expect(colours.locator("#none-T2")).not_to_be_checked()
    colours.screenshot(path=str(ARTIFACTS / "console-team-colours.png"), full_page=True)
    colours.goto(f"{server.url}/organizer/setup/campaigns/{campaign_id}?lang=bo#board-band")
    expect(colours.locator("#band-title")).to_have_value("洛龙县第三届群众文化体育运动会")
    colours.locator("#band-form").screenshot(path=str(ARTIFACTS / "console-band-bo.png"))
    strip = browser.new_page(viewport={"width": 1280, "height": 256})
    strip.goto(f"{server.url}/board/{groups}?w=1280&h=256")
    expect(strip.locator("#board")).to_have_attribute("data-layout", "strip")
    expect(strip.locator(".b-band")).to_be_hidden()
    expect(strip.locator(".pm-row[data-entry='T1'] .pm-chip").first).to_be_visible(timeout=15000)
