"""The scale-out path, for real: PostgreSQL for the truth, Redis as the Socket.IO message queue."""
from __future__ import annotations

import uuid

import psycopg
import pytest
import socketio
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from conftest import TOKENS, Server, loaded_database, submit_concurrently
from scoring import service
from scoring.db import make_engine, migrate
from scoring.models import Base, Judge, Mark, Stage

pytestmark = pytest.mark.postgres
ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
GOOD = {"content": 35, "delivery": 25.5, "presence": 18, "effect": 9}


@pytest.fixture
def pg_url():
    name = f"podium_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(ADMIN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_sessions(pg_url):
    yield from loaded_database(pg_url)


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_migrations_build_exactly_the_models(database, tmp_path, request):
    url = f"sqlite:///{tmp_path / 'm.db'}" if database == "sqlite" else request.getfixturevalue("pg_url")
    engine = make_engine(url)
    migrate(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_decimals_are_exact_in_numeric_columns(pg_sessions):
    with pg_sessions() as s:
        judge = s.scalar(select(Judge.id).join(Stage).where(Stage.key == "final", Judge.key == "J2"))
    service.submit_scorecard(pg_sessions, judge, {"entry": "E1", "marks": {**GOOD, "delivery": 0.1 + 0.2 - 0.3 + 25.5}})
    service.submit_scorecard(pg_sessions, judge, {"entry": "E1", "marks": {**GOOD, "delivery": 29.5}})
    with pg_sessions() as s:
        values = sorted(str(v) for v in s.scalars(select(Mark.value)))
    assert "29.5" in values and "35" in values


def test_concurrent_submits_get_distinct_revisions_and_replays_store_once(pg_sessions):
    submit_concurrently(pg_sessions)


@pytest.mark.server
def test_two_servers_share_postgres_and_redis(tmp_path, pg_url):
    env = {"PODIUM_DATABASE_URL": pg_url, "PODIUM_MESSAGE_QUEUE": "redis://127.0.0.1:6379/0",
           "PODIUM_QUEUE_CHANNEL": f"podium-test-{uuid.uuid4().hex[:8]}"}
    servers = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        servers.append(Server(tmp_path / name, env))
    loaded = loaded_database(pg_url)  # migrated and loaded in this process before the servers start
    next(loaded)
    loaded.close()
    board, tablet = socketio.SimpleClient(), socketio.SimpleClient()
    try:
        for srv in servers:
            srv.launch()
        for srv in servers:
            srv.wait_until_serving()
        board.connect(servers[1].url, namespace="/display", transports=["websocket"])
        board.emit("watch", {"stage": "final"})
        assert board.receive(timeout=5)[1]["seq"] == 0
        tablet.connect(servers[0].url, namespace="/judge", auth={"token": TOKENS["J1"]}, transports=["websocket"])
        assert tablet.call("next", {}) == {"ok": True}
        event, snapshot = board.receive(timeout=5)
        assert event == "standings" and snapshot["seq"] == 1 and snapshot["current"]["entry"] == "E1"
        assert servers[1].standings()["seq"] == 1
    finally:
        for client in (board, tablet):
            client.disconnect()
        for srv in servers:
            srv.stop()
