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


def test_an_import_lands_whole_on_postgres(pg_url):
    """The import's bulk inserts take their ids from PostgreSQL's sequences (SQLite's are given)."""
    import import_data as data
    from organizers.importing import read_table, run_import
    from scoring.models import Entry, Person, Player

    body = loaded_database(pg_url, data.campaign())
    sessions = next(body)
    try:
        data.empty_stages(sessions)
        rows = [data.row(f"选手{i}", "硕督镇", "达翁村", event="演讲比赛、歌舞比赛") for i in range(20)]
        rows += [data.row(f"队员{i}", "硕督镇", "达翁村", event="村超足球赛", team="达翁村队", number=i) for i in range(1, 6)]
        result = run_import(sessions, 1, read_table("a.csv", data.csv_bytes(rows)), None, "t")
        assert (result.persons, result.entries, result.teams, result.players) == (25, 40, 1, 5)
        with sessions() as s:
            persons = {p.id: p.name for p in s.scalars(select(Person))}
            assert sorted(persons.values()) == sorted(r["姓名"] for r in rows)
            assert all(persons[e.person_id] == e.name for e in s.scalars(select(Entry).where(Entry.person_id.is_not(None))))
            team = s.scalar(select(Entry).where(Entry.name == "达翁村队"))
            assert [p.name for p in s.scalars(select(Player).where(Player.entry_id == team.id).order_by(Player.position))] == \
                [f"队员{i}" for i in range(1, 6)]
            s.add(Person(campaign_id=1, name="后来的人"))  # the sequence goes on after the imported ids
            s.commit()
    finally:
        body.close()
