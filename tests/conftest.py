"""Shared fixtures: a small competition, a migrated database, and a real server process."""
from __future__ import annotations

import json
import os
import subprocess
import threading
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import sync_playwright
from sqlalchemy import func, select

from podium.testing import ROOT, ServerProcess as Server
from scoring import service
from scoring.db import make_engine, make_sessionmaker, migrate, transaction
from scoring.loader import load_competition
from scoring.models import Judge, Scorecard, Stage


CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("PODIUM_ARTIFACTS", ROOT / "test-artifacts"))  # screenshots to look at

# Tokens are fixed so tests can log judges in without reading the database.
TOKENS = {f"J{i}": f"test-token-judge-{i}-0123456789" for i in range(1, 6)}


def speech_competition() -> dict:
    """One speech stage: 5 judges (J1 is chief), trimmed mean drop 1+1, 2 decimals, 3 entries."""
    return {
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


@pytest.fixture
def competition_file(tmp_path) -> Path:
    path = tmp_path / "competition.yaml"
    path.write_text(yaml.safe_dump(speech_competition(), allow_unicode=True), encoding="utf-8")
    return path


def loaded_database(url: str, data: dict | None = None):
    """Sessions on a migrated database with a competition loaded (the speech one by default);
    a fixture's body: the engine is disposed when the generator is closed."""
    engine = make_engine(url)
    migrate(engine)
    made = make_sessionmaker(engine)
    if data is not False:
        with transaction(made) as session:
            load_competition(session, speech_competition() if data is None else data)
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


def serving(tmp_path: Path, data: dict):
    """A fixture's body: a running server on a fresh SQLite database with `data` loaded through
    `podium load`; stopped when the generator is closed."""
    path = tmp_path / "served-competition.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    instance = tmp_path / "instance"
    instance.mkdir()
    srv = Server(instance)
    loaded = srv.podium("load", str(path))
    assert loaded.returncode == 0, loaded.stderr
    srv.start()
    try:
        yield srv
    finally:  # also when the generator is closed (a test using it directly): never leave a server running
        srv.stop()


@pytest.fixture
def server(tmp_path):
    """A running server on a fresh SQLite database with the speech competition loaded."""
    yield from serving(tmp_path, speech_competition())


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


@pytest.fixture
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield browser
        browser.close()
