"""Languages: the Tibetan catalog, <html lang>, the language switch on every page but the LED board,
the `lang` cookie; the tablet, a scorekeeper's and a recorder's console and the phones in Tibetan (chromium)."""
from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
import socketio
from babel import Locale
from babel.messages.pofile import read_po
from playwright.sync_api import expect

import test_pages
from conftest import ARTIFACTS, ROOT, TOKENS
from measured_data import RECORDER_TOKENS, race_competition
from test_loader_match import football

client = test_pages.client  # the speech competition and an organizer login admin / organizer-secret

SWITCH = re.compile(r'<nav class="langs[^"]*"[^>]*>(.*?)</nav>', re.S)
LINK = re.compile(r'<a href="([^"]*)" lang="([^"]*)"[^>]*?( aria-current="true")?>([^<]*)</a>')


def catalog(language: str) -> dict[str, str]:
    with open(ROOT / "translations" / language / "LC_MESSAGES" / "messages.po", "rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id}


BO = catalog("bo")


def html_lang(page: str) -> str:
    return re.search(r'<html lang="([^"]*)"', page).group(1)


def switch(page: str) -> list[tuple[str, str, bool, str]]:
    """The language switch's links: (href, lang, current, label)."""
    found = SWITCH.findall(page)
    assert len(found) == 1, "one language switch per page"
    return [(unescape(href), lang, bool(current), label) for href, lang, current, label in LINK.findall(found[0])]


def test_babel_knows_tibetan():
    tibetan = Locale.parse("bo")
    assert (tibetan.language, tibetan.english_name, tibetan.get_display_name("zh")) == ("bo", "Tibetan", "藏语")


def test_tablet_in_tibetan(client):
    page = client.get(f"/j/{TOKENS['J2']}?lang=bo").get_data(as_text=True)
    assert html_lang(page) == "bo" and TOKENS["J2"] in page
    for msgid in ("Judge tablet", "Submit marks", "Your total", "Connecting", "Lock this entry? Its result becomes final."):
        assert BO[msgid] in page, msgid
    assert "提交评分" not in page and "Submit marks" not in page


def test_spectator_page_in_tibetan(client):
    page = client.get("/s/final?lang=bo").get_data(as_text=True)
    assert html_lang(page) == "bo"
    for msgid in ("Live scores", "Ranking", "No scores yet", "Open the LED board", "Connecting…"):
        assert BO[msgid] in page, msgid


def test_organizer_pages_in_tibetan(client):
    login = client.get("/organizer/login?lang=bo").get_data(as_text=True)
    assert html_lang(login) == "bo"
    for msgid in ("Organizer login", "Username", "Password", "Log in"):
        assert BO[msgid] in login, msgid
    refused = client.post("/organizer/login", data={"username": "admin", "password": "wrong-password"})
    assert BO["Wrong username or password."] in refused.get_data(as_text=True)
    client.post("/organizer/login", data={"username": "admin", "password": "organizer-secret"})
    overview = client.get("/organizer/").get_data(as_text=True)
    assert html_lang(overview) == "bo" and BO["Log out"] in overview and BO["Officials' QR sheet"] in overview


@pytest.mark.parametrize("path", [f"/j/{TOKENS['J2']}", "/s/final", "/organizer/login", "/screens"])
def test_the_switch_keeps_the_path_and_the_query(client, path):
    page = client.get(f"{path}?next=/organizer/&x=1&x=2&lang=bo").get_data(as_text=True)
    links = switch(page)
    assert [(lang, current, label) for _, lang, current, label in links] == [
        ("zh-Hans", False, "中文"), ("bo", True, "བོད་ཡིག"), ("en", False, "English")]
    for (href, _, _, _), code in zip(links, ("zh", "bo", "en")):
        address = urlsplit(href)
        assert address.path == path
        assert parse_qsl(address.query) == [("next", "/organizer/"), ("x", "1"), ("x", "2"), ("lang", code)]
    english = client.get(links[2][0]).get_data(as_text=True)
    assert html_lang(english) == "en" and [current for _, _, current, _ in switch(english)] == [False, False, True]


def test_the_cookie_remembers_the_choice(client):
    assert html_lang(client.get("/s/final").get_data(as_text=True)) == "zh-Hans"  # Chinese by default
    chosen = client.get("/s/final?lang=bo")
    assert "lang=bo" in chosen.headers["Set-Cookie"]
    for path, msgid in (("/s/final", "Live scores"), (f"/j/{TOKENS['J3']}", "Submit marks"), ("/organizer/login", "Log in")):
        page = client.get(path).get_data(as_text=True)  # no ?lang= any more
        assert html_lang(page) == "bo" and BO[msgid] in page, path
    assert "Set-Cookie" not in client.get("/s/final?lang=xx").headers  # an unknown language is not remembered
    assert html_lang(client.get("/s/final").get_data(as_text=True)) == "bo"
    client.get("/s/final?lang=zh")
    assert "提交评分" in client.get(f"/j/{TOKENS['J3']}").get_data(as_text=True)


def test_no_switch_on_the_led_board(client):
    """The board is a venue screen nobody touches: its language comes only from ?lang= in its address."""
    board = client.get("/board/final?w=768&h=384&lang=bo").get_data(as_text=True)
    assert not SWITCH.search(board) and "<svg" in board


def no_overflow(page) -> None:
    """Nothing wider than the viewport, and the header's language switch on the header's one line."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def header_holds_the_switch(page) -> None:
    """The switch at the header's end, inside it, and the header no taller than without the switch."""
    header, langs = page.locator("header").bounding_box(), page.locator("header .langs").bounding_box()
    viewport = page.viewport_size
    assert langs["x"] + langs["width"] <= viewport["width"] and header["height"] < 80
    assert header["y"] <= langs["y"] and langs["y"] + langs["height"] <= header["y"] + header["height"]
    without = page.evaluate("""() => { const langs = document.querySelector('header .langs');
        langs.style.display = 'none'; const height = document.querySelector('header').offsetHeight;
        langs.style.display = ''; return height; }""")
    assert page.evaluate("document.querySelector('header').offsetHeight") == without


@pytest.mark.browser
@pytest.mark.server
def test_tablet_and_phone_in_tibetan(server, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    chief = browser.new_context(viewport={"width": 1024, "height": 768}).new_page()
    chief.goto(f"{server.url}/j/{server.token(TOKENS['J1'])}?lang=bo")
    expect(chief.locator("#app")).to_have_attribute("data-connection", "live", timeout=15000)
    chief.click("#next")
    expect(chief.locator("#current")).to_have_attribute("data-entry", "E1", timeout=10000)
    expect(chief.locator("header .langs a[aria-current]")).to_have_text("བོད་ཡིག")
    expect(chief.locator("#submit")).to_have_text(BO["Submit marks"])
    header_holds_the_switch(chief)
    no_overflow(chief)
    chief.screenshot(path=str(ARTIFACTS / "tablet-bo.png"))


    console = browser.new_page(viewport={"width": 1024, "height": 600})  # an organizer's page: the same header rule
    console.goto(f"{server.url}/screens?lang=zh")
    header_holds_the_switch(console)

    phone = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2).new_page()
    phone.goto(f"{server.url}/s/{server.key('final')}?lang=bo")
    expect(phone.locator(".sp")).to_have_attribute("data-connection", "live", timeout=15000)
    expect(phone.locator(".sp-foot .langs a[aria-current]")).to_have_text("བོད་ཡིག")
    no_overflow(phone)
    phone.screenshot(path=str(ARTIFACTS / "spectator-bo.png"), full_page=True)
    phone.click(".sp-foot .langs a[lang='zh-Hans']")
    expect(phone.locator("html")).to_have_attribute("lang", "zh-Hans")
    assert phone.url.endswith(f"/s/{server.key('final')}?lang=zh")


@pytest.mark.browser
@pytest.mark.server
def test_judges_tablets_in_tibetan_upright_and_on_a_laptop(server, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    chief = socketio.SimpleClient()
    chief.connect(server.url, namespace="/judge", auth={"token": server.token(TOKENS["J1"])}, transports=["websocket"])
    try:
        assert chief.call("next", {}) == {"ok": True}
    finally:
        chief.disconnect()
    for width, height, lang in ((768, 1024, "bo"), (1280, 800, "bo"), (1024, 768, "zh")):  # upright, a laptop
        judge = browser.new_context(viewport={"width": width, "height": height}).new_page()
        judge.goto(f"{server.url}/j/{server.token(TOKENS['J2'])}?lang={lang}")
        expect(judge.locator("#current")).to_have_attribute("data-entry", "E1", timeout=15000)
        header_holds_the_switch(judge)
        no_overflow(judge)
        if width == 768:
            judge.screenshot(path=str(ARTIFACTS / "tablet-bo-768x1024.png"))


KEEPER = "test-token-scorekeeper-0123456789"


def keeper_competition() -> dict:
    data = football()
    data["events"][0]["stages"][0]["scorekeepers"][0]["token"] = KEEPER
    return data


@pytest.mark.browser
@pytest.mark.server
@pytest.mark.parametrize("console, data, token", [
    ("scorekeeper", keeper_competition, KEEPER), ("recorder", race_competition, RECORDER_TOKENS["heats"])])
def test_officials_consoles_keep_their_header_in_tibetan(serve, browser, console, data, token):
    server = serve(data())
    page = browser.new_context(viewport={"width": 1024, "height": 768}).new_page()
    page.goto(f"{server.url}/j/{server.token(token)}?lang=bo")
    expect(page.locator("#app")).to_have_attribute("data-connection", "live", timeout=15000)
    expect(page.locator("header .langs a[aria-current]")).to_have_text("བོད་ཡིག")
    header_holds_the_switch(page)
    no_overflow(page)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{console}-bo.png"))
