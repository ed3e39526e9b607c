"""Junk over every HTTP route of a real `podium run` (issue 12, failure 10): Hypothesis draws a route
of app.url_map, junk for its path values (ids of 2^63, text), a junk query string and, for a POST, a
junk form, sent anonymously and as a logged-in organizer of each scope. No answer is a server error,
and an answer that refuses (4xx) has changed nothing in the database (every table compared)."""
from __future__ import annotations

import hashlib
import re
from urllib.parse import quote

import pytest
import requests
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import text
from werkzeug.routing import IntegerConverter

from conftest import examples
from organizers.access import create_organizer
from podium.commands import DEMO_FILE
from podium.testing import ROOT, ServerProcess, migrated_sqlite
from scoring.db import make_engine, make_sessionmaker, transaction
from scoring.loader import read_file
from scoring.models import Base

PASSWORD = "fuzzing-secret-2026"
# Routes whose success is not a refusal to check but a change of the fuzzer's own state.
SKIPPED = {"organizers.logout"}
JUNK = ["", "0", "-1", "1", str(2**31), str(2**63), str(2**64), "9" * 40, "abc", "NaN", "nan", "inf", "-inf",
        "1e999", "1e-999", "0x10", "1_000", " 7 ", "12.5", "9999-12-31", "0000-00-00", "2026-02-30",
        "2026-11-29T25:61", "9999-12-31T23:59:59-12:00", "\x00", "<script>x</script>", "{{ 7 * 7 }}",
        "../../etc/passwd", "true", "null", "[]", "{}", "١٢", "ལྷ་མོ།", "landscape", "stage", "campaign"]
JUNK_VALUES = st.one_of(st.sampled_from(JUNK), st.text(max_size=24), st.integers().map(str))
FIELD_NAMES = sorted({*re.findall(r'name="(\w+)"', "".join(p.read_text() for p in (ROOT / "templates").rglob("*.html"))),
                      "campaign", "w", "h", "poll", "view", "lang", "next", "format", "issuer", "date", "template"})


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory):
    instance = tmp_path_factory.mktemp("fuzz") / "instance"
    instance.mkdir()
    url = migrated_sqlite(instance / "podium.db", read_file(DEMO_FILE))
    engine = make_engine(url)
    with transaction(make_sessionmaker(engine)) as db:
        create_organizer(db, "fz-county", PASSWORD)
        create_organizer(db, "fz-town", PASSWORD, township="硕督镇")
    server = ServerProcess(instance).start()
    from podium.app import create_app

    app = create_app({"DATABASE_URL": url})
    app.extensions["podium.engine"].dispose()
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static" and r.endpoint not in SKIPPED
             and r.methods & {"GET", "POST"}]
    clients = {"anonymous": requests.Session()}
    for role, username in (("county", "fz-county"), ("township", "fz-town")):
        clients[role] = requests.Session()
        answer = clients[role].post(f"{server.url}/organizer/login", data={"username": username, "password": PASSWORD},
                                    allow_redirects=False, timeout=10)
        assert answer.status_code == 302
    try:
        yield server, engine, rules, clients
    finally:
        server.stop()
        engine.dispose()


def database_digest(engine) -> str:
    """Every row of every table (but the console's sessions), as one hash."""
    digest = hashlib.sha256()
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name != "organizer_session":
                for row in connection.execute(text(f'SELECT * FROM "{table.name}" ORDER BY 1')):
                    digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def path_value(converter) -> st.SearchStrategy[str]:
    if isinstance(converter, IntegerConverter):
        return st.one_of(st.sampled_from([2**31, 2**63, 2**64, 10**30, 0, 1]), st.integers(0, 2**80)).map(str)
    return st.one_of(st.sampled_from(JUNK), st.text(min_size=1, max_size=30)).filter(lambda v: v.strip("./") != "")


@st.composite
def junk_request(draw, rules):
    rule = draw(st.sampled_from(rules))
    path = rule.rule
    for name, converter in rule._converters.items():
        value = draw(path_value(converter))
        path = re.sub(rf"<(?:[^<>:]+:)?{name}>", quote(value, safe=""), path)
    method = draw(st.sampled_from(sorted(rule.methods & {"GET", "POST"})))
    query = draw(st.dictionaries(st.sampled_from(FIELD_NAMES), JUNK_VALUES, max_size=3))
    form = draw(st.dictionaries(st.sampled_from(FIELD_NAMES), JUNK_VALUES, max_size=6)) if method == "POST" else {}
    return method, path, query, form


@pytest.mark.server
@pytest.mark.parametrize("role", ["anonymous", "county", "township"])
def test_junk_over_every_route_gives_no_server_error_and_a_refusal_stores_nothing(fuzzed, role):
    server, engine, rules, clients = fuzzed
    http = clients[role]
    seen = []

    @settings(examples(120), suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(junk_request(rules))
    def check(sent):
        method, path, query, form = sent
        before = database_digest(engine)
        answer = http.request(method, server.url + path, params=query, data=form or None, allow_redirects=False,
                              timeout=30)
        seen.append(answer.status_code)
        assert answer.status_code < 500, (method, path, query, form, answer.text[:300])
        if answer.status_code >= 400:
            assert database_digest(engine) == before, (method, path, query, form, answer.status_code)

    # every route once with ids of 2^63 and ?campaign=2^63 (the 28 HTTP 500s), then Hypothesis
    for rule in rules:
        path = re.sub(r"<int:\w+>", str(2**63), rule.rule)
        path = re.sub(r"<(?:[^<>:]+:)?\w+>", "x", path)
        for method in sorted(rule.methods & {"GET", "POST"}):
            answer = http.request(method, server.url + path, params={"campaign": str(2**63)}, allow_redirects=False,
                                  timeout=30)
            assert answer.status_code < 500, (method, path, answer.text[:300])
    check()
    assert len(seen) >= 20 and any(code < 400 for code in seen)
