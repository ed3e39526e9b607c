"""Pages as a venue opens them: Chinese by default, QR codes, the organizer login, refusals."""
from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from conftest import ROOT, TOKENS, make_app
from organizers.access import create_organizer
from scoring.db import transaction


@pytest.fixture
def client(tmp_path, monkeypatch, sessions):
    monkeypatch.setenv("PODIUM_INSTANCE", str(tmp_path / "instance"))
    app = make_app(sessions)
    with transaction(sessions) as session:
        create_organizer(session, "admin", "organizer-secret")
    return app.test_client()


def test_every_message_has_a_chinese_translation():
    with open(ROOT / "translations" / "zh" / "LC_MESSAGES" / "messages.po", "rb") as f:
        catalog = read_po(f)
    with open(ROOT / "translations" / "messages.pot", "rb") as f:
        template = read_po(f)
    assert {m.id for m in template if m.id} <= {m.id for m in catalog if m.id and m.string}


def test_tablet_page_is_chinese_by_default_and_switches_language(client):
    page = client.get(f"/j/{TOKENS['J2']}").get_data(as_text=True)
    assert 'lang="zh-Hans"' in page and "提交评分" in page and TOKENS["J2"] in page
    english = client.get(f"/j/{TOKENS['J2']}?lang=en")
    assert "Submit marks" in english.get_data(as_text=True)
    assert "lang=en" in english.headers["Set-Cookie"]


def test_bad_token_page(client):
    response = client.get("/j/forged-token-0000000000")
    assert response.status_code == 404 and "登录无效" in response.get_data(as_text=True)


def test_board_and_spectator_pages(client):
    board = client.get("/board/final?w=768&h=384").get_data(as_text=True)
    assert "<svg" in board and "演讲比赛" in board and "/s/final" in board
    assert client.get("/s/final").status_code == 200
    assert client.get("/board/nope").status_code == 404


def test_screens_page_lists_every_stage_with_a_qr_code(client):
    page = client.get("/screens").get_data(as_text=True)
    assert page.count('class="card"') == 2 and page.count("<svg") == 2
    assert "/board/final" in page and "/board/other" in page
    assert TOKENS["J1"] not in page  # judges' logins are never on a public page


def test_organizer_pages_need_a_login(client):
    assert client.get("/organizer/").status_code == 302
    assert "/organizer/login" in client.get("/organizer/stages/final/judges").headers["Location"]
    refused = client.post("/organizer/login", data={"username": "admin", "password": "wrong-password"})
    assert refused.status_code == 401 and "用户名或密码错误" in refused.get_data(as_text=True)
    assert client.get("/organizer/").status_code == 302
    logged_in = client.post("/organizer/login?next=/organizer/", data={"username": "admin", "password": "organizer-secret"})
    assert logged_in.status_code == 302 and logged_in.headers["Location"] == "/organizer/"
    assert client.post("/organizer/login?next=//evil.example/",
                       data={"username": "admin", "password": "organizer-secret"}).headers["Location"] == "/organizer/"
    overview = client.get("/organizer/").get_data(as_text=True)
    assert "县级决赛" in overview and "裁判员二维码登录表" in overview
    sheet = client.get("/organizer/stages/final/judges").get_data(as_text=True)
    assert sheet.count('class="qr-card"') == 5 and sheet.count("<svg") == 5
    for token in TOKENS.values():
        assert re.search(rf"http://localhost/j/{token}", sheet)
    assert client.get("/organizer/stages/nope/judges").status_code == 404
    client.post("/organizer/logout")
    assert client.get("/organizer/").status_code == 302


def test_podium_run_answers_without_nagles_delay(monkeypatch):
    """`podium run`'s request handler turns Nagle's algorithm off on each connection, so a keep-alive
    response's headers and body are not held back ~40 ms for the client's delayed ACK."""
    import socket

    from gevent import pywsgi

    from podium.commands import venue_handler

    monkeypatch.setattr(pywsgi.WSGIHandler, "handle", lambda self: None)
    with socket.create_server(("127.0.0.1", 0)) as listener:
        client = socket.create_connection(listener.getsockname())
        accepted, address = listener.accept()
        with client, accepted:
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
            venue_handler()(accepted, address, server=None).handle()
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
