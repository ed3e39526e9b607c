"""The scale-out path, for real: PostgreSQL for the truth, Redis as the Socket.IO message queue."""
from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
import socketio
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from conftest import TOKENS, Server, loaded_database, submit_concurrently
from podium.testing import called_through
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
    for sessions in loaded_database(pg_url):
        called_through(sessions, "final")
        yield sessions


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
    """The chief's call through one server reaches a board on the other; then five judges submit
    together, three through one server and two through the other: boards on both servers end on the
    final seq, each seq reached them at most once and seq never went back."""
    env = {"PODIUM_DATABASE_URL": pg_url, "PODIUM_MESSAGE_QUEUE": "redis://127.0.0.1:6379/0",
           "PODIUM_QUEUE_CHANNEL": f"podium-test-{uuid.uuid4().hex[:8]}"}
    servers = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        servers.append(Server(tmp_path / name, env))
    loaded = loaded_database(pg_url)
    next(loaded)
    loaded.close()
    boards, judges = [], {}
    seen: list[list[int]] = []
    try:
        for srv in servers:
            srv.launch()
        for srv in servers:
            srv.wait_until_serving()
        for index, srv in enumerate([servers[1]] * 3 + [servers[0]]):
            board = socketio.Client(reconnection=False)
            seen.append([])
            board.on("standings", lambda payload, mine=seen[index]: mine.append(payload["seq"]), namespace="/display")
            board.connect(srv.url, namespaces=["/display"], transports=["websocket"])
            board.emit("watch", {"stage": "final", "view": "slim"}, namespace="/display")
            boards.append(board)
        for number, key in enumerate(("J1", "J2", "J3", "J4", "J5")):
            judge = socketio.SimpleClient()
            judge.connect(servers[0 if number < 3 else 1].url, namespace="/judge", auth={"token": TOKENS[key]},
                          transports=["websocket"])
            judges[key] = judge
        while not all(seen):
            time.sleep(0.02)
        assert judges["J1"].call("next", {}) == {"ok": True}  # the chief, through server a
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not all(mine[-1] == 1 for mine in seen):
            time.sleep(0.02)
        assert all(mine == [0, 1] for mine in seen), seen
        assert servers[1].standings()["current"]["entry"] == "E1"
        for entry in ("E1", "E2"):
            if entry == "E2":
                assert judges["J1"].call("next", {"leaving": "E1"}) == {"ok": True}
            with ThreadPoolExecutor(len(judges)) as pool:
                acks = list(pool.map(lambda judge: judge.call("submit", {"entry": entry, "marks": GOOD,
                                                                         "client_id": str(uuid.uuid4())}, timeout=15),
                                     judges.values()))
            assert all(ack["ok"] for ack in acks), acks
        final = servers[0].standings()["seq"]
        assert final == 12 and servers[1].standings()["seq"] == final
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(not s or s[-1] != final for s in seen):
            time.sleep(0.05)
        for mine in seen:
            assert mine[-1] == final, seen
            assert all(later > earlier for earlier, later in zip(mine, mine[1:])), seen  # never back, never twice
    finally:
        for client in [*boards, *judges.values()]:
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
