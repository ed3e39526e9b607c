"""Printing from the console of a real `podium run` (gevent): a stage's result sheet, one certificate
and the certificate design's preview, laid out in a worker thread off the event loop."""
from __future__ import annotations

import io

import pytest
import requests
from pypdf import PdfReader
from sqlalchemy import select

from conftest import GOOD_MARKS, speech_competition
from organizers.access import create_organizer
from podium.testing import called_through
from scoring import awards, service
from scoring.db import transaction
from scoring.models import Award, Campaign, Judge, Stage

PASSWORD = "organizer-secret"


@pytest.fixture
def console(server):
    """The speech final marked by its five judges and locked, two awards given, and a logged-in
    organizer's HTTP session on the running server."""
    stage = server.key("final")
    with server.sessions() as s:
        panel = [j.id for j in s.scalars(select(Judge).join(Stage).where(Stage.key == stage).order_by(Judge.position))]
    called_through(server.sessions, stage)
    for number, entry in enumerate(("E1", "E2", "E3")):
        for judge in panel:
            service.submit_scorecard(server.sessions, judge,
                                     {"entry": entry, "marks": {**GOOD_MARKS, "content": 30 + number}})
        service.lock_entry(server.sessions, panel[0], {"entry": entry})
    awards.set_levels(server.sessions, stage, [{"name": "一等奖", "quota": 1}, {"name": "二等奖", "quota": 2}], "test")
    awards.assign_awards(server.sessions, stage, "test")
    with transaction(server.sessions) as s:
        create_organizer(s, f"printer-{server.tag}", PASSWORD)
    http = requests.Session()
    login = http.post(f"{server.url}/organizer/login", data={"username": f"printer-{server.tag}", "password": PASSWORD},
                      allow_redirects=False, timeout=10)
    assert login.status_code == 302
    http.stage = stage
    return http


def texts(response) -> str:
    assert response.status_code == 200, response.text[:500]
    assert response.headers["Content-Type"].startswith("application/pdf") and response.content.startswith(b"%PDF")
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_a_result_sheet_from_the_served_console(server, console):
    sheet = texts(console.get(f"{server.url}/organizer/certificates/stages/{console.stage}/sheet.pdf", timeout=60))
    assert "格桑" in sheet and "县级决赛" in sheet


def test_one_certificate_from_the_served_console(server, console):
    with server.sessions() as s:
        stage_id = s.scalar(select(Stage.id).where(Stage.key == console.stage))
        first = s.scalar(select(Award).where(Award.stage_id == stage_id).order_by(Award.id))
        winner = first.entry.name
    certificate = texts(console.get(f"{server.url}/organizer/certificates/awards/{first.id}.pdf", timeout=60))
    assert winner in certificate and "一等奖" in certificate


def test_the_certificate_designs_preview_from_the_served_console(server, console):
    with server.sessions() as s:
        campaign = s.scalar(select(Campaign.id).where(Campaign.name.like(f"%{server.tag}")))
    template = ("<html><body>{% for c in certificates %}<p>{{ c.name }} {{ c.award }}</p>{% endfor %}</body></html>")
    preview = console.post(f"{server.url}/organizer/certificates/preview.pdf",
                           data={"campaign": str(campaign), "template": template}, timeout=60)
    assert "扎西顿珠 一等奖" in texts(preview)
    unsafe = console.post(f"{server.url}/organizer/certificates/preview.pdf", timeout=60,
                          data={"campaign": str(campaign), "template": "<p>{{ cycler.__init__.__globals__ }}</p>"})
    assert unsafe.status_code == 422


def test_previews_asked_at_once_all_answer(server, console):
    """The designer's live preview may ask again before the last answer came: every request is answered
    (two PDFs laid out at once in worker threads hung on WeasyPrint's cffi lock, which gevent makes
    cooperative: the second never answered)."""
    from concurrent.futures import ThreadPoolExecutor

    with server.sessions() as s:
        campaign = s.scalar(select(Campaign.id).where(Campaign.name.like(f"%{server.tag}")))
    design = {"campaign": str(campaign), "action": "design", "title": "荣誉证书", "wording": "【姓名】荣获【奖项】",
              "paper": "A5", "orientation": "landscape", "border": "red", "background": "cream"}
    with ThreadPoolExecutor(3) as pool:
        answers = list(pool.map(lambda n: console.post(f"{server.url}/organizer/certificates/preview.pdf",
                                                       data={**design, "title": f"荣誉证书{n}"}, timeout=30), range(3)))
    assert ["".join(texts(answer).split())[:5] for answer in answers] == ["荣誉证书0", "荣誉证书1", "荣誉证书2"]
