"""Issue 13, printing from the console of a real `podium run` (gevent): one certificate, a judged and a
measured stage's result sheet, the design's preview and saving the design, each as the FIRST thing a
fresh server prints (the printing engine, WeasyPrint and the fonts fc-list finds, is loaded then: a
worker thread cannot start fc-list under gevent, so a route that laid out a PDF without loading the
engine on the event loop first answered 500), and the preview box never shows a raw error page."""
from __future__ import annotations

import io
import re

import pytest
import requests
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from conftest import ARTIFACTS, GOOD_MARKS, speech_competition
from measured_data import race_competition
from organizers.access import create_organizer
from podium.testing import ServerProcess, called_through, migrated_sqlite
from scoring import awards, service
from scoring.db import make_engine, make_sessionmaker, transaction
from scoring.models import Award, Campaign, Judge, Stage

pytestmark = pytest.mark.server
PASSWORD = "organizer-secret"
TEMPLATE = "<html><body>{% for c in certificates %}<p>{{ c.name }} {{ c.award }}</p>{% endfor %}</body></html>"


def festival() -> dict:
    """The speech final and the horse race in one campaign."""
    data = speech_competition()
    data["events"] += race_competition()["events"][:1]
    return data


def awarded(sessions, stage: str) -> None:
    """The stage's three entries marked by its five judges and locked; one first and two second prizes."""
    with sessions() as s:
        panel = [j.id for j in s.scalars(select(Judge).join(Stage).where(Stage.key == stage).order_by(Judge.position))]
    called_through(sessions, stage)
    for number, entry in enumerate(("E1", "E2", "E3")):
        for judge in panel:
            service.submit_scorecard(sessions, judge, {"entry": entry, "marks": {**GOOD_MARKS, "content": 30 + number}})
        service.lock_entry(sessions, panel[0], {"entry": entry})
    awards.set_levels(sessions, stage, [{"name": "一等奖", "quota": 1}, {"name": "二等奖", "quota": 2}], "test")
    awards.assign_awards(sessions, stage, "test")


def logged_in(url: str, username: str) -> requests.Session:
    http = requests.Session()
    login = http.post(f"{url}/organizer/login", data={"username": username, "password": PASSWORD},
                      allow_redirects=False, timeout=10)
    assert login.status_code == 302
    return http


def pdf_text(response) -> str:
    assert response.status_code == 200, response.text[:500]
    assert response.headers["Content-Type"].startswith("application/pdf") and response.content.startswith(b"%PDF")
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def certificate(url, http, ids):
    return pdf_text(http.get(f"{url}/organizer/certificates/awards/{ids['award']}.pdf", timeout=60))


def judged_sheet(url, http, ids):
    return pdf_text(http.get(f"{url}/organizer/certificates/stages/final/sheet.pdf", timeout=60))


def measured_sheet(url, http, ids):
    return pdf_text(http.get(f"{url}/organizer/certificates/stages/horse-heats/sheet.pdf", timeout=60))


def preview(url, http, ids):
    return pdf_text(http.post(f"{url}/organizer/certificates/preview.pdf", timeout=60,
                              data={"campaign": str(ids["campaign"]), "template": TEMPLATE}))


def saved(url, http, ids):
    answer = http.post(f"{url}/organizer/certificates/", data={"campaign": str(ids["campaign"]), "template": TEMPLATE,
                                                               "action": "save"}, timeout=60)
    assert answer.status_code == 200, answer.text[:500]
    return answer.text


# What each route must print, as the first print of a fresh server.
ROUTES = {certificate: ("格桑", "一等奖"), judged_sheet: ("格桑", "县级决赛"), measured_sheet: ("扎西", "赛马 1000米"),
          preview: ("扎西顿珠 一等奖",), saved: ("证书样式已保存", )}


@pytest.fixture
def fresh_server(tmp_path):
    """A `podium run` of its own that has printed nothing yet: the festival loaded, the speech final
    awarded, an organizer `printer`; yields (server, its campaign's and first award's ids)."""
    instance = tmp_path / "instance"
    instance.mkdir()
    engine = make_engine(migrated_sqlite(instance / "podium.db", festival()))
    sessions = make_sessionmaker(engine)
    awarded(sessions, "final")
    with transaction(sessions) as s:
        create_organizer(s, "printer", PASSWORD)
    with sessions() as s:
        ids = {"campaign": s.scalar(select(Campaign.id)), "award": s.scalar(select(Award.id).order_by(Award.id))}
    server = ServerProcess(instance).start()
    try:
        yield server, ids
    finally:
        server.stop()
        engine.dispose()


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.__name__)
def test_each_printing_route_as_the_first_print_of_a_fresh_server(fresh_server, route):
    server, ids = fresh_server
    text = route(server.url, logged_in(server.url, "printer"), ids)
    assert all(word in text for word in ROUTES[route]), text[:300]
    assert "Traceback" not in server.log.read_text()
    if route is saved:
        assert (server.instance / "certificates" / f"campaign-{ids['campaign']}.html").read_text() == TEMPLATE


@pytest.fixture
def design_page(serve, browser):
    """The certificates page of a served campaign, opened by a logged-in organizer in Chromium."""
    served = serve(speech_competition())
    with transaction(served.sessions) as s:
        create_organizer(s, f"designer-{served.tag}", PASSWORD)
    with served.sessions() as s:
        campaign = s.scalar(select(Campaign.id).where(Campaign.name.like(f"%{served.tag}")))
    page = browser.new_page(locale="en-US", viewport={"width": 1280, "height": 900})
    page.goto(f"{served.url}/organizer/login?lang=en")
    page.fill("input[name=username]", f"designer-{served.tag}")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{served.url}/organizer/certificates/?campaign={campaign}&lang=en")
    return page


def test_the_preview_box_shows_a_refusal_or_a_sentence_never_a_raw_error_page(design_page):
    page, box = design_page, design_page.locator("#cert-preview-error")
    page.click("#html-editor summary")   # "Switch to HTML/CSS (for experts)"
    page.fill("#cert-template", "<html><body><p>{{ c.name }</p></body></html>")
    page.click("#cert-preview-button")
    expect(box).to_be_visible(timeout=10000)
    expect(box).to_contain_text("line 1")  # the template's own refusal, as the server wrote it
    # A request the server answers with an error page (here: a campaign that does not exist, 404).
    page.evaluate("document.querySelector('#design-form input[name=campaign]').value = '999999'")
    page.fill("#cert-template", TEMPLATE)
    page.click("#cert-preview-button")
    expect(box).to_contain_text("The preview could not be made (HTTP 404)", timeout=10000)
    assert not re.search(r"<!doctype|<html|<title", box.inner_text(), re.IGNORECASE)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "certificate-preview-error.png"))
