"""kill -9 in the middle of a burst of scorecards: nothing acknowledged is lost, nothing is stored twice,
nothing is half-stored, and resends with the same client_id converge exactly once (issue 12)."""
from __future__ import annotations

import threading
import time
import uuid
from collections import Counter

import psycopg
import pytest
import socketio
from sqlalchemy import func, select

from conftest import GOOD_MARKS, TOKENS, Server, loaded_database, speech_competition
from scoring.db import make_engine, make_sessionmaker
from scoring.models import AuditEntry, Judge, Mark, Scorecard, Stage
from podium.testing import migrated_sqlite

pytestmark = pytest.mark.server
ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
JUDGES = ("J1", "J2", "J3", "J4", "J5")
KILL_AFTER = 60  # acknowledged scorecards before the kill


def payload(key: str, number: int) -> dict:
    """The `number`th scorecard of judge `key`: the same every time it is (re)sent."""
    return {"entry": f"E{number % 3 + 1}", "client_id": f"{key}-{number}",
            "marks": {**GOOD_MARKS, "content": 20 + number % 20}}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        (tmp_path / "instance").mkdir()
        yield migrated_sqlite(tmp_path / "instance" / "podium.db", speech_competition(called="E3"))
        return
    name = f"podium_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    loading = loaded_database(url, speech_competition(called="E3"))
    next(loading)
    loading.close()
    yield url
    with psycopg.connect(ADMIN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def burst(url: str, key: str, sent: list, acked: dict, killed: threading.Event) -> None:
    """One judge sends scorecards as fast as acks come back, until the server is gone."""
    client = socketio.SimpleClient()
    client.connect(url, namespace="/judge", auth={"token": TOKENS[key]}, transports=["websocket"])
    client.receive(timeout=5)
    number = 0
    try:
        while not killed.is_set():
            number += 1
            sent.append((key, number))
            try:
                ack = client.call("submit", payload(key, number), timeout=5)
            except (socketio.exceptions.TimeoutError, socketio.exceptions.DisconnectedError):
                return
            assert ack["ok"] is True, ack
            acked[(key, number)] = ack["revision"]
    finally:
        client.disconnect()


def test_kill_9_mid_burst_loses_and_duplicates_nothing(database_url, tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir(exist_ok=True)
    env = {} if database_url.startswith("sqlite") else {"PODIUM_DATABASE_URL": database_url}
    server = Server(instance, env).start()
    sent, acked, killed = [], {}, threading.Event()
    try:
        judges = [threading.Thread(target=burst, args=(server.url, key, sent, acked, killed)) for key in JUDGES]
        for thread in judges:
            thread.start()
        deadline = time.monotonic() + 60  # a busy machine: kill after what came back by then
        while len(acked) < KILL_AFTER and time.monotonic() < deadline and any(t.is_alive() for t in judges):
            time.sleep(0.002)
        assert acked, "no scorecard was acknowledged before the kill"
        server.process.kill()  # SIGKILL: no shutdown, no flush, mid-transaction
        server.process.wait()
        killed.set()
        for thread in judges:
            thread.join()
        server.start()  # the same port, the same database
        resent = {}
        for key in JUDGES:
            client = socketio.SimpleClient()
            client.connect(server.url, namespace="/judge", auth={"token": TOKENS[key]}, transports=["websocket"])
            try:
                client.receive(timeout=5)
                for judge, number in sent:
                    if judge == key:
                        ack = client.call("submit", payload(key, number), timeout=5)
                        assert ack["ok"] is True, ack
                        resent[(key, number)] = ack["revision"]
            finally:
                client.disconnect()
    finally:
        server.stop()

    assert {card: resent[card] for card in acked} == acked  # every acknowledged one stored, as acknowledged
    engine = make_engine(database_url)
    try:
        with make_sessionmaker(engine)() as session:
            stored = session.execute(select(Judge.key, Scorecard.client_id, Scorecard.id).join(Judge)).all()
            marks = Counter(session.scalars(select(Mark.scorecard_id)))
            stage = session.scalar(select(Stage).where(Stage.key == "final"))
            audited = session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.stage_id == stage.id))
            last = session.scalar(select(func.max(AuditEntry.stage_seq)).where(AuditEntry.stage_id == stage.id))
            revisions = session.execute(select(Scorecard.judge_id, Scorecard.entry_id, Scorecard.revision)).all()
    finally:
        engine.dispose()
    ids = Counter(client_id for _, client_id, _ in stored)
    assert sorted(ids) == sorted(f"{key}-{number}" for key, number in sent)  # every one sent: stored...
    assert set(ids.values()) == {1}  # ... exactly once
    assert all(marks[card_id] == 4 for *_, card_id in stored)  # no half-stored scorecard
    assert stage.seq == audited == last == len(stored)  # one seq per stored scorecard, none skipped
    by_entry = Counter((judge, entry) for judge, entry, _ in revisions)
    assert sorted(revisions) == sorted((j, e, r) for (j, e), n in by_entry.items() for r in range(1, n + 1))
    print(f"{len(acked)} acknowledged before the kill, {len(sent)} sent, {len(stored)} stored")
