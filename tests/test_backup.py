"""`podium backup` and `podium restore`: a round trip on SQLite while a real server is written to, and on
PostgreSQL (pg_dump/pg_restore); every table's rows compared."""
from __future__ import annotations

import threading
import time
import uuid

import psycopg
import pytest
import socketio
from sqlalchemy import MetaData, select

from conftest import GOOD_MARKS, TOKENS, loaded_database, podium_cli, speech_competition
from scoring import service
from scoring.db import make_engine
from scoring.models import Judge, Stage

ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def rows(url: str) -> dict[str, list[tuple]]:
    """Every table's rows (the schema's version too), in a stable order."""
    engine = make_engine(url)
    try:
        tables = MetaData()
        tables.reflect(engine)
        with engine.connect() as connection:
            return {name: sorted(connection.execute(select(table)).all(), key=repr)
                    for name, table in sorted(tables.tables.items())}
    finally:
        engine.dispose()


def sqlite_url(path) -> str:
    return f"sqlite:///{path}"


def consistent(tables: dict[str, list[tuple]]) -> None:
    """A snapshot taken in one transaction: every scorecard whole (4 marks), every stage's seq the
    seq of its last audit entry."""
    marks: dict[int, int] = {}
    for mark in tables["mark"]:
        marks[mark.scorecard_id] = marks.get(mark.scorecard_id, 0) + 1
    assert all(marks.get(card.id) == 4 for card in tables["scorecard"])
    last = {}
    for entry in tables["audit_entry"]:
        last[entry.stage_id] = max(last.get(entry.stage_id, 0), entry.stage_seq)
    assert all(stage.seq == last.get(stage.id, 0) for stage in tables["stage"])


def test_sqlite_backup_while_judges_submit_and_restore_round_trip(own_server, tmp_path):
    served = own_server(speech_competition(called="E3"))
    instance, stop, acked = served.server.instance, threading.Event(), []

    def judge(key: str) -> None:
        client = socketio.SimpleClient()
        client.connect(served.url, namespace="/judge", auth={"token": TOKENS[key]}, transports=["websocket"])
        try:
            client.receive(timeout=5)
            number = 0
            while not stop.is_set():
                number += 1
                ack = client.call("submit", {"entry": f"E{number % 3 + 1}", "marks": GOOD_MARKS,
                                             "client_id": f"{key}-{number}"}, timeout=10)
                assert ack["ok"] is True, ack
                acked.append(key)
        finally:
            client.disconnect()

    judges = [threading.Thread(target=judge, args=(key,)) for key in ("J2", "J3", "J4")]
    for thread in judges:
        thread.start()
    try:
        while len(acked) < 30:
            time.sleep(0.01)
        during = podium_cli(instance, "backup", str(tmp_path / "during.db"))
        assert during.returncode == 0 and "SQLite online backup" in during.stdout, during
        taken = len(acked)
        while len(acked) < taken + 30:  # the server kept writing after the backup
            time.sleep(0.01)
    finally:
        stop.set()
        for thread in judges:
            thread.join()
    snapshot = rows(sqlite_url(tmp_path / "during.db"))
    consistent(snapshot)
    live = rows(sqlite_url(instance / "podium.db"))
    assert 30 <= len(snapshot["scorecard"]) < len(live["scorecard"])
    assert set(snapshot["scorecard"]) <= set(live["scorecard"]) and set(snapshot["mark"]) <= set(live["mark"])

    fresh = tmp_path / "fresh"  # a new instance: its database is migrated and empty
    assert podium_cli(fresh, "restore", str(tmp_path / "during.db")).returncode == 0
    assert rows(sqlite_url(fresh / "podium.db")) == snapshot
    again = podium_cli(fresh, "restore", str(tmp_path / "during.db"))
    assert again.returncode == 1 and "--force" in again.stderr  # it holds data now
    assert podium_cli(instance, "backup", str(tmp_path / "after.db")).returncode == 0
    assert podium_cli(fresh, "restore", "--force", str(tmp_path / "after.db")).returncode == 0
    assert rows(sqlite_url(fresh / "podium.db")) == live


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    (tmp_path / "notes.txt").write_text("not a database")
    ran = podium_cli(tmp_path / "instance", "restore", str(tmp_path / "notes.txt"))
    assert ran.returncode == 1 and "not a Podium backup" in ran.stderr
    ran = podium_cli(tmp_path / "instance", "restore", str(tmp_path / "missing.db"))
    assert ran.returncode == 1 and "no backup file" in ran.stderr


@pytest.fixture
def pg_databases():
    """pg_databases() -> the URL of a new, empty PostgreSQL database; all dropped after the test."""
    made = []

    def make() -> str:
        name = f"podium_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(ADMIN, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"

    yield make
    with psycopg.connect(ADMIN, autocommit=True) as admin:
        for name in made:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
def test_postgres_round_trip_through_pg_dump(pg_databases, tmp_path):
    source, target = pg_databases(), pg_databases()
    loading = loaded_database(source)
    sessions = next(loading)
    try:
        with sessions() as session:
            judges = session.scalars(select(Judge.id).join(Stage).where(Stage.key == "final")).all()
        service.call_next(sessions, judges[0], {})
        for judge in judges:
            service.submit_scorecard(sessions, judge, {"entry": "E1", "marks": {**GOOD_MARKS, "delivery": 25.5}})
    finally:
        loading.close()
    file = tmp_path / "podium.pgdump"
    made = podium_cli(tmp_path / "a", "backup", str(file), env={"PODIUM_DATABASE_URL": source})
    assert made.returncode == 0 and "pg_dump" in made.stdout, made
    assert podium_cli(tmp_path / "b", "restore", str(file), env={"PODIUM_DATABASE_URL": target}).returncode == 0
    original = rows(source)
    assert len(original["mark"]) == 20 and rows(target) == original
    again = podium_cli(tmp_path / "b", "restore", str(file), env={"PODIUM_DATABASE_URL": target})
    assert again.returncode == 1 and "--force" in again.stderr
    forced = podium_cli(tmp_path / "b", "restore", "--force", str(file), env={"PODIUM_DATABASE_URL": target})
    assert forced.returncode == 0 and rows(target) == original
    wrong = podium_cli(tmp_path / "c", "restore", str(file))  # a PostgreSQL archive into SQLite
    assert wrong.returncode == 1 and "PostgreSQL backup" in wrong.stderr
