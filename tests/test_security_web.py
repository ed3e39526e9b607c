"""The organizer console's logins, sessions, cookies and headers, the certificate template's role check
and sandbox, rate limits and junk ids (issue 12, failures 2, 8 and the HTTP half of 10). The server
tests run against a `podium run` of their own that believes one proxy (PODIUM_PROXIES=1), so each test
can speak from addresses of its own with X-Forwarded-For."""
from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest
import requests
from werkzeug.security import generate_password_hash

from conftest import Served, make_app, speech_competition
from printing_checks import page_texts
from organizers.access import create_organizer
from podium.testing import ServerProcess, migrated_sqlite
from scoring.db import make_engine, make_sessionmaker, transaction
from scoring.models import Organizer

PASSWORD = "county-secret-2026"
ANONYMOUS_LIMIT = 400  # per minute, for this server only (test_anonymous_requests_are_limited_per_address)


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    """A server of this module's own (its login counters are not the session server's)."""
    instance = tmp_path_factory.mktemp("guarded") / "instance"
    instance.mkdir()
    data = speech_competition()
    data["units"][0]["children"].append({"name": "白达乡"})
    url = migrated_sqlite(instance / "podium.db", data)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    with transaction(sessions) as db:
        create_organizer(db, "county", PASSWORD)
        create_organizer(db, "admin", PASSWORD)  # county too; "county" is locked out by the first test
        create_organizer(db, "baida", PASSWORD, township="白达乡")
        timed = create_organizer(db, "timed", PASSWORD)
        timed.password_hash = generate_password_hash(PASSWORD, method="scrypt")  # as shipped: scrypt
    server = ServerProcess(instance, env={"PODIUM_PROXIES": "1",  # (the shipped limits are 10 and 30)
                                          "PODIUM_LOGIN_LIMIT_USERNAME": "5 per 15 minutes",
                                          "PODIUM_LOGIN_LIMIT_ADDRESS": "8 per 15 minutes",
                                          "PODIUM_RATE_LIMIT_ANONYMOUS": f"{ANONYMOUS_LIMIT} per minute"}).start()
    try:
        yield Served(server, sessions)
    finally:
        server.stop()
        engine.dispose()


def login(served, username, password=PASSWORD, address="10.0.0.1") -> requests.Response:
    http = requests.Session()
    http.headers["X-Forwarded-For"] = address
    answer = http.post(f"{served.url}/organizer/login", data={"username": username, "password": password},
                       allow_redirects=False, timeout=10)
    answer.http = http
    return answer


@pytest.mark.server
def test_a_hundred_wrong_passwords_then_the_right_one_is_refused(guarded):
    # per username: 100 wrong passwords from 10 addresses, then the right one from a fresh address
    answers = [login(guarded, "county", "wrong-password", address=f"10.1.0.{n % 10}").status_code for n in range(100)]
    assert answers[:5] == [401] * 5 and set(answers[5:]) == {429}
    right = login(guarded, "county", address="10.1.9.9")
    assert right.status_code == 429 and "登录失败次数过多" in right.text and int(right.headers["Retry-After"]) > 0
    assert "console" not in right.cookies
    # per address: failures spread over many usernames lock that address, not others
    spread = [login(guarded, f"nobody-{n}", "wrong-password", address="10.2.0.1").status_code for n in range(9)]
    assert spread[:8] == [401] * 8 and spread[8] == 429
    assert login(guarded, "baida", address="10.2.0.1").status_code == 429
    assert login(guarded, "baida", address="10.2.0.2").status_code == 302


@pytest.mark.server
@pytest.mark.alone
def test_an_unknown_username_costs_as_much_as_a_wrong_password(guarded):
    def timed(username, address):
        started = time.perf_counter()
        assert login(guarded, username, "wrong-password", address=address).status_code == 401
        return time.perf_counter() - started

    timed("no-such-user", "10.3.2.1")  # the first makes the dummy hash
    known, unknown = [], []
    for n in range(5):  # interleaved (5: this server locks a username after 5), so a busy moment of the machine weighs on both
        known.append(timed("timed", f"10.3.0.{n}"))
        unknown.append(timed(f"no-such-user-{n}", f"10.3.1.{n}"))
    known_ms, unknown_ms = statistics.median(known) * 1000, statistics.median(unknown) * 1000
    print(f"median wrong password {known_ms:.0f} ms, unknown username {unknown_ms:.0f} ms")
    assert known_ms > 20  # a real scrypt check on both sides
    assert 0.7 < unknown_ms / known_ms < 1.4


@pytest.mark.server
def test_a_cookie_copied_before_logout_stops_working(guarded):
    answer = login(guarded, "admin", address="10.4.0.1")
    assert answer.status_code == 302
    cookie = next(c for c in answer.raw.headers.getlist("Set-Cookie") if c.startswith("session="))
    flags = {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")}
    assert "httponly" in flags and flags["samesite"].lower() == "samesite=lax" and "secure" not in flags
    assert "expires" in flags  # the idle lifetime, renewed by every request
    copied = dict(answer.http.cookies)
    thief = requests.Session()
    assert thief.get(f"{guarded.url}/organizer/", cookies=copied, allow_redirects=False).status_code == 200
    answer.http.post(f"{guarded.url}/organizer/logout", allow_redirects=False)
    after = thief.get(f"{guarded.url}/organizer/", cookies=copied, allow_redirects=False)
    assert after.status_code == 302 and "/organizer/login" in after.headers["Location"]
    # over HTTPS (a proxy saying so) the cookie is Secure
    secure = login(guarded, "admin", address="10.4.0.2")
    assert secure.status_code == 302
    over_https = requests.post(f"{guarded.url}/organizer/login", data={"username": "admin", "password": PASSWORD},
                               headers={"X-Forwarded-For": "10.4.0.3", "X-Forwarded-Proto": "https"},
                               allow_redirects=False, timeout=10)
    assert "; Secure" in over_https.headers["Set-Cookie"]


@pytest.mark.server
def test_every_answer_has_the_security_headers_and_none_forces_https(guarded):
    for path in ("/screens", f"/board/{guarded.key('final')}", "/organizer/login", "/medals/1",
                 f"/api/v1/stages/{guarded.key('final')}/standings", "/no-such-page"):
        answer = requests.get(guarded.url + path, allow_redirects=False, timeout=10)
        assert answer.status_code in (200, 404), path
        policy = answer.headers["Content-Security-Policy"]
        assert "frame-ancestors 'self'" in policy and "script-src 'self' 'nonce-" in policy, path
        assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
        assert answer.headers["X-Frame-Options"] == "SAMEORIGIN"
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.headers["Referrer-Policy"] == "same-origin"
        assert "Strict-Transport-Security" not in answer.headers


PAYLOAD = "{{ cycler.__init__.__globals__.os.popen('id -u').read() }}"


@pytest.mark.server
def test_the_template_attack_runs_nothing_and_a_township_organizer_gets_403(guarded, tmp_path):
    marker = tmp_path / "template-attack-ran"
    county, township = login(guarded, "admin", address="10.5.0.1").http, login(guarded, "baida", address="10.5.0.2").http
    preview = f"{guarded.url}/organizer/certificates/preview.pdf"
    attacks = [PAYLOAD, PAYLOAD.replace("id -u", f"touch {marker}"),
               "{{ self._TemplateReference__context }}", "{{ config.SECRET_KEY }}", "{{ c.__class__.__mro__ }}",
               "{% for c in certificates %}{{ c.issued_on.__class__.__subclasses__() }}{% endfor %}",
               "{% include 'print/certificate.html' %}", "{{ lipsum.__globals__ }}", "{{ namespace.__init__ }}"]
    secret = (guarded.server.instance / "secret-key").read_text().strip()
    for attack in attacks:
        answer = county.post(preview, data={"template": f"<p>{attack}</p>"}, timeout=30)
        assert answer.status_code == 422, (attack, answer.status_code)
        assert "Traceback" not in answer.text and secret not in answer.text
        assert township.post(preview, data={"template": f"<p>{attack}</p>"}, timeout=30).status_code == 403
    assert not marker.exists()
    # a file's name is printed as text, never read (the console's text was taken for a path before)
    named = county.post(preview, data={"template": str(guarded.server.instance / "secret-key")}, timeout=30)
    assert named.status_code == 200 and secret not in "".join(page_texts(named.content))
    assert "secret-key" in "".join(page_texts(named.content)).replace("\n", "")
    # a documented field renders
    ok = county.post(preview, data={"template": "{% for c in certificates %}<p>{{ c.name }}</p>{% endfor %}"}, timeout=30)
    assert ok.status_code == 200 and ok.content.startswith(b"%PDF")
    # saving is refused to the township organizer as well, and nothing is written
    saved = township.post(f"{guarded.url}/organizer/certificates/", data={"template": "<p>x</p>"}, allow_redirects=False)
    assert saved.status_code == 403
    assert not (guarded.server.instance / "certificates" / "campaign-1.html").exists()


@pytest.mark.server
def test_anonymous_requests_are_limited_per_address_and_organizers_are_not(guarded):
    url = f"{guarded.url}/api/v1/stages/{guarded.key('final')}/standings?view=slim"
    http = requests.Session()
    codes = [http.get(url, headers={"X-Forwarded-For": "10.6.0.1"}, timeout=10).status_code for _ in range(ANONYMOUS_LIMIT + 1)]
    assert set(codes[:ANONYMOUS_LIMIT]) == {200} and codes[-1] == 429
    assert http.get(url, headers={"X-Forwarded-For": "10.6.0.2"}, timeout=10).status_code == 200  # another address
    static = http.get(f"{guarded.url}/static/js/timing.js", headers={"X-Forwarded-For": "10.6.0.1"}, timeout=10)
    assert static.status_code == 200  # static files are not counted
    organizer = login(guarded, "admin", address="10.6.0.1")
    assert organizer.status_code == 302
    assert organizer.http.get(url, timeout=10).status_code == 200  # a logged-in organizer is not counted


# --- without a server ------------------------------------------------------------------------------

def test_ids_beyond_the_database_answer_404_and_numbers_beyond_it_are_ignored(database):
    app = make_app(database(speech_competition()))
    client = app.test_client()
    with transaction(app.extensions["podium.sessions"]) as db:
        create_organizer(db, "county", PASSWORD)
    for big in (2**31, 2**63, 2**64, 10**40):
        for path in (f"/medals/{big}", f"/api/v1/venues/{big}/main/now", f"/venue/{big}/main"):
            assert client.get(path).status_code == 404, path
    client.post("/organizer/login", data={"username": "county", "password": PASSWORD})
    for page in ("/organizer/", "/organizer/certificates/", "/organizer/results/prizes"):
        assert client.get(f"{page}?campaign={2**63}").status_code in (200, 404), page
    assert client.get(f"/organizer/certificates/awards/{2**63}.pdf").status_code == 404


def test_a_console_session_ends_after_the_idle_lifetime(database):
    app = make_app(database(speech_competition()), SESSION_IDLE_MINUTES=1 / 60)
    with transaction(app.extensions["podium.sessions"]) as db:
        create_organizer(db, "county", PASSWORD)
    client = app.test_client()
    client.post("/organizer/login", data={"username": "county", "password": PASSWORD})
    assert client.get("/organizer/").status_code == 200
    time.sleep(2.2)
    assert client.get("/organizer/").status_code == 302


def test_organizer_sessions_are_rows_deleted_at_logout(database):
    app = make_app(database(speech_competition()))
    sessions = app.extensions["podium.sessions"]
    with transaction(sessions) as db:
        create_organizer(db, "county", PASSWORD)
    client = app.test_client()
    client.post("/organizer/login", data={"username": "county", "password": PASSWORD})
    from scoring.models import OrganizerSession

    with sessions() as db:
        assert db.query(OrganizerSession).count() == 1
    client.post("/organizer/logout")
    with sessions() as db:
        assert db.query(OrganizerSession).count() == 0
        assert db.query(Organizer).count() == 1
