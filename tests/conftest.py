"""Shared fixtures: a small competition, a migrated database, and a real server process."""
from __future__ import annotations

import copy
import functools
import itertools
import json
import os
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

import hypothesis
import jinja2
import pytest
import websocket
import yaml
from click.testing import CliRunner
from playwright.sync_api import expect, sync_playwright
from sqlalchemy import func, select

from organizers import access
from podium.testing import ROOT, ServerProcess as Server, migrated_sqlite
from scoring import service
from scoring.db import make_engine, make_sessionmaker, migrate, transaction
from scoring.loader import load_competition
from scoring.models import Judge, Scorecard, Stage


CHROMIUM = "/usr/bin/chromium"
# `make test-fast` (PODIUM_FAST_TIER=1) runs the property tests on a fifth of their examples; `make test`
# (and CI) on all of them.
FAST_TIER = os.environ.get("PODIUM_FAST_TIER") == "1"


def examples(count: int) -> hypothesis.settings:
    """Hypothesis settings for a property test: `count` random examples in the whole suite."""
    return hypothesis.settings(max_examples=max(20, count // 5) if FAST_TIER else count, deadline=None,
                               database=None)

# The Python Socket.IO client closes its websocket and then waits up to 3 s for the server's close frame,
# which its own reader thread has already taken. Tests close without that wait, as a browser does.
websocket.WebSocket.close = functools.partialmethod(websocket.WebSocket.close, timeout=0.05)
# Organizers' passwords are hashed with a cheap method in tests (scrypt costs 0.2 s a login); a test
# checks that the shipped default is scrypt.
access.PASSWORD_HASH = "pbkdf2:sha256:1000"
ARTIFACTS = Path(os.environ.get("PODIUM_ARTIFACTS", ROOT / "test-artifacts"))  # screenshots to look at

# Tokens are fixed so tests can log judges in without reading the database.
TOKENS = {f"J{i}": f"test-token-judge-{i}-0123456789" for i in range(1, 6)}


def speech_competition(called: str | None = None) -> dict:
    """One speech stage: 5 judges (J1 is chief), trimmed mean drop 1+1, 2 decimals, 3 entries;
    `called`: the final's entry called now (marks are taken for it and the ones before it)."""
    data = {
        "campaign": "测试活动",
        "units": [{"name": "洛隆县", "children": [
            {"name": "硕督镇", "children": [{"name": "达翁村"}]}, {"name": "马利镇"}, {"name": "腊久乡"}]}],
        "events": [{
            "key": "speech", "name": "演讲比赛", "category": "理论宣讲类", "format": "judged",
            "rule": {
                "aggregate": "trimmed", "drop_highest": 1, "drop_lowest": 1, "decimals": 2,
                "tiebreak": ["raw_mean", "criterion:content", "highest_total"],
                "criteria": [
                    {"key": "content", "name": "内容", "max": 40, "step": 0.5},
                    {"key": "delivery", "name": "表达", "max": 30, "step": 0.5},
                    {"key": "presence", "name": "形象", "max": 20, "step": 0.5},
                    {"key": "effect", "name": "效果", "max": 10, "step": 0.5},
                ],
                "deductions": [{"key": "overtime", "name": "超时", "penalty": 0.5, "per": 30, "unit": "s"}],
            },
            "stages": [
                {"key": "final", "name": "县级决赛",
                 "judges": [{"key": k, "name": f"评委{k[1]}", "chief": k == "J1", "token": t}
                            for k, t in TOKENS.items()],
                 "entries": [{"key": "E1", "name": "扎西", "name_bo": "བཀྲ་ཤིས།", "unit": "达翁村"},
                             {"key": "E2", "name": "次仁卓玛", "unit": "马利镇"},
                             {"key": "E3", "name": "格桑", "unit": "腊久乡"}]},
                {"key": "other", "name": "乡镇赛",
                 "judges": [{"key": "J1", "name": "评委", "chief": True, "token": "test-token-other-stage-0123"}],
                 "entries": [{"key": "X1", "name": "达瓦", "unit": "马利镇"}]},
            ],
        }],
    }
    if called is not None:
        data["events"][0]["stages"][0]["called"] = called
    return data


@pytest.fixture
def competition_file(tmp_path) -> Path:
    path = tmp_path / "competition.yaml"
    path.write_text(yaml.safe_dump(speech_competition(), allow_unicode=True), encoding="utf-8")
    return path


def loaded_database(url: str, data: dict | None = None):
    """Sessions on a migrated database with a competition loaded (the speech one by default; False:
    none); a fixture's body: the engine is disposed when the generator is closed. A SQLite database
    is a copy of a template holding the same competition; any other is migrated and loaded here."""
    data = speech_competition() if data is None else data
    if url.startswith("sqlite:///"):
        migrated_sqlite(Path(url.removeprefix("sqlite:///")), data or None)
        engine = make_engine(url)
    else:
        engine = make_engine(url)
        migrate(engine)
    made = make_sessionmaker(engine)
    if data and not url.startswith("sqlite:///"):
        load_into(made, data)
    try:
        yield made
    finally:  # the `database` fixture closes these generators
        engine.dispose()


@pytest.fixture
def sessions(tmp_path):
    """A migrated SQLite database with the speech competition loaded."""
    yield from loaded_database(f"sqlite:///{tmp_path / 'podium.db'}")


@pytest.fixture
def database(tmp_path):
    """database(data) -> sessions on a fresh SQLite database with `data` loaded (False: empty)."""
    opened = []

    def make(data):
        body = loaded_database(f"sqlite:///{tmp_path / f'db{len(opened)}.sqlite'}", data)
        opened.append(body)
        return next(body)

    yield make
    for body in opened:
        body.close()


# --- the app, in-process ------------------------------------------------------------------------------

class TemplateCodes(jinja2.BytecodeCache):
    """Compiled page templates kept in memory and shared by every app a test makes (a bucket's key
    names the template and its source), so each template is compiled once per process, not per test."""

    def __init__(self):
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.codes:
            bucket.bytecode_from_string(self.codes[bucket.key])

    def dump_bytecode(self, bucket):
        self.codes[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CODES = TemplateCodes()


def make_app(sessions, **config):
    """create_app() for Flask's test client, on the database of the test's `sessions` (its engine too:
    SQL statements are compiled once per engine)."""
    from podium.app import create_app

    engine = sessions.kw["bind"]
    app = create_app({"DATABASE_URL": engine.url.render_as_string(hide_password=False), **config})
    app.extensions["podium.engine"].dispose()
    app.extensions["podium.engine"], app.extensions["podium.sessions"] = engine, sessions
    app.jinja_env.bytecode_cache = TEMPLATE_CODES
    return app


# --- the CLI, in-process ------------------------------------------------------------------------------

@dataclass
class Ran:
    """What a `podium` command did, in the words of subprocess.CompletedProcess."""

    returncode: int
    stdout: str
    stderr: str


def podium_cli(instance: Path, *args: str, env: dict | None = None) -> Ran:
    """`podium ARGS` run in this process (click's CliRunner) on the instance folder `instance`, whose
    SQLite database starts as a copy of the migrated template (the migrations from empty are run by
    test_loader's end-to-end test and test_postgres)."""
    from podium.commands import podium

    instance.mkdir(parents=True, exist_ok=True)
    if not (env or {}).get("PODIUM_DATABASE_URL") and not (instance / "podium.db").exists():
        migrated_sqlite(instance / "podium.db")
    result = CliRunner().invoke(podium, list(args), env={"PODIUM_INSTANCE": str(instance), **(env or {})},
                                prog_name="podium")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Ran(result.exit_code, result.stdout, result.stderr)


# --- real server processes ----------------------------------------------------------------------------

def tagged(data: dict, tag: str) -> dict:
    """`data` with its campaign, stage keys (and references to them) and officials' tokens made unique
    by `tag`, so many competitions can be loaded into one running server."""
    data = copy.deepcopy(data)
    data["campaign"] = f"{data['campaign']} {tag}"
    for event in data.get("events", []):
        for stage in event.get("stages", []):
            stage["key"] = f"{stage['key']}-{tag}"
            if stage.get("from_stage") is not None:
                stage["from_stage"] = f"{stage['from_stage']}-{tag}"
            for officials in ("judges", "scorekeepers", "recorders"):
                for official in stage.get(officials) or []:
                    if official.get("token"):
                        official["token"] = f"{official['token']}-{tag}"
    return data


class Served:
    """A competition loaded into a running server, seen through the names of its file: `key("final")`
    and `token(t)` give the names the server knows it by (unique when several share one server)."""

    def __init__(self, server: Server, sessions, tag: str = ""):
        self.server = server
        self.url = server.url
        self.sessions = sessions  # this process's sessions on the server's database
        self.tag = tag

    def key(self, stage: str) -> str:
        return f"{stage}-{self.tag}" if self.tag else stage

    def token(self, token: str) -> str:
        return f"{token}-{self.tag}" if self.tag else token

    def standings(self, stage: str = "final") -> dict:
        return self.server.standings(self.key(stage))

    def stop(self) -> None:
        self.server.stop()

    def start(self) -> None:
        """Starts the stopped server again: the same port, the same database."""
        self.server.start()


def load_into(sessions, data: dict) -> None:
    with transaction(sessions) as session:
        load_competition(session, data)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """One `podium run` process for the session (per xdist worker), on an empty migrated database;
    each test loads a competition of its own into it (`serve`) instead of starting a server."""
    instance = tmp_path_factory.mktemp("live") / "instance"
    instance.mkdir()
    url = migrated_sqlite(instance / "podium.db")
    srv = Server(instance).start()
    engine = make_engine(url)
    try:
        yield srv, make_sessionmaker(engine)
    finally:
        engine.dispose()
        srv.stop()


_TAGS = itertools.count(1)


@pytest.fixture
def serve(live_server):
    """serve(data) -> Served: `data` loaded, under names of its own, into the session's server."""
    srv, made = live_server

    def load(data: dict) -> Served:
        tag = f"t{next(_TAGS)}"
        load_into(made, tagged(data, tag))
        return Served(srv, made, tag)

    return load


@pytest.fixture
def server(serve) -> Served:
    """The speech competition on the session's running server."""
    return serve(speech_competition())


@pytest.fixture
def own_server(tmp_path):
    """own_server(data) -> Served: a server process of its own (for tests that stop and restart it, or
    need a database to themselves), `data` loaded before it starts (None: empty); stopped after the test."""
    started, engines = [], []

    def start(data: dict | None) -> Served:
        instance = tmp_path / f"instance{len(started)}"
        instance.mkdir()
        engines.append(make_engine(migrated_sqlite(instance / "podium.db", data)))
        made = make_sessionmaker(engines[-1])
        srv = Server(instance)
        started.append(srv)
        srv.start()
        return Served(srv, made)

    yield start
    for srv in started:
        srv.stop()
    for engine in engines:
        engine.dispose()


def json_of(result: subprocess.CompletedProcess):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


GOOD_MARKS = {"content": 35, "delivery": 25.5, "presence": 18, "effect": 9}


def submit_concurrently(sessions) -> None:
    """20 threads submit for one judge and entry: 12 distinct client ids and one id sent 8 times."""
    with sessions() as s:
        judge = s.scalar(select(Judge.id).join(Stage).where(Stage.key == "final", Judge.key == "J3"))
    acks, errors = [], []

    def send(client_id):
        try:
            acks.append((client_id, service.submit_scorecard(
                sessions, judge, {"entry": "E2", "marks": GOOD_MARKS, "client_id": client_id}).revision))
        except Exception as failed:  # pragma: no cover - reported below
            errors.append(failed)

    ids = [f"distinct-{i}" for i in range(12)] + ["twin"] * 8
    threads = [threading.Thread(target=send, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    distinct = sorted(r for cid, r in acks if cid != "twin")
    twins = {r for cid, r in acks if cid == "twin"}
    assert len(twins) == 1 and len(acks) == 20
    assert sorted(distinct + list(twins)) == list(range(1, 14))
    with sessions() as s:
        assert s.scalar(select(func.count(Scorecard.id))) == 13
        assert s.scalar(select(Stage.seq).where(Stage.key == "final")) == 13


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def chromium():
    """One Chromium for the session (per xdist worker)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Browser:
    """The session's Chromium as a test sees it: every page and context it opens is closed after it."""

    def __init__(self, launched):
        self.launched = launched
        self.contexts = []

    def new_context(self, **options):
        # Reduced motion: the pages' own CSS then stops their endless animations, which a software-
        # rendered headless Chromium would otherwise repaint 60 times a second on these 2 cores.
        context = self.launched.new_context(**{"reduced_motion": "reduce", **options})
        self.contexts.append(context)
        return context

    def new_page(self, **options):
        return self.new_context(**options).new_page()

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def browser(chromium):
    """A fresh set of browser contexts in the session's Chromium."""
    opened = Browser(chromium)
    yield opened
    opened.close()


def acknowledged(page):
    """An official's console (scorekeeper, recorder) showed its last action acknowledged; the mark is
    cleared for the next one."""
    expect(page.locator("#ack")).to_have_attribute("data-state", "ok", timeout=10000)
    page.evaluate("document.getElementById('ack').dataset.state = ''")


SERVER_FIXTURES = {"live_server", "serve", "server", "own_server"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Marks follow the fixtures: a test that drives Chromium is `browser`, one that uses a server
    process is `server`, so `-m "not browser and not server"` (make test-fast) leaves out every one."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if "browser" in used or "chromium" in used:
            item.add_marker(pytest.mark.browser)
        if used & SERVER_FIXTURES:
            item.add_marker(pytest.mark.server)
