"""The one writer path (scoring.db.write): under gevent on SQLite a write runs on a thread of its
own, so the event loop goes on while it waits for a lock another process holds; writes keep their
order, a resend is stored once and a refused write leaves the others be."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from podium.testing import ROOT, called_through
from scoring import service
from scoring.db import write
from scoring.models import Judge, Scorecard, Stage

HOLD = 0.4  # seconds the lock is held after the writes are queued


def test_a_write_waits_for_the_lock_off_the_event_loop_and_keeps_order_and_resends(sessions, tmp_path):
    database = Path(sessions.kw["bind"].url.database)
    called_through(sessions, "final")
    locker = sqlite3.connect(database, isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")  # another process writing: a `podium` command, say
    scenario = subprocess.Popen([sys.executable, str(ROOT / "tests" / "writer_scenario.py"), str(database)], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert scenario.stdout.readline().strip() == "queued", scenario.stderr.read()
        time.sleep(HOLD)
        locker.rollback()
        out, err = scenario.communicate(timeout=30)
    finally:
        scenario.kill()
        locker.close()
    assert scenario.returncode == 0, err
    seen = json.loads(out)
    assert seen["answers"] == [{"revision": 1, "changed": True}, {"revision": 1, "changed": False},
                               {"refused": "unknown_entry"}, {"revision": 2, "changed": True}]
    assert seen["took"] > HOLD  # the writes waited for the lock ...
    assert seen["longest_gap"] < 0.15  # ... and the loop went on ticking every 10 ms meanwhile
    with sessions() as s:
        assert s.scalar(select(func.count(Scorecard.id))) == 2
        assert s.scalar(select(Stage.seq).where(Stage.key == "final")) == 2


def test_without_gevent_a_write_is_the_call_itself(sessions):
    called_through(sessions, "final")
    with sessions() as s:
        judge = s.scalar(select(Judge.id).join(Stage).where(Stage.key == "final", Judge.key == "J2"))
    outcome = write(service.submit_scorecard, sessions, judge,
                    {"entry": "E1", "marks": {"content": 35, "delivery": 25.5, "presence": 18, "effect": 9}})
    assert (outcome.stage, outcome.changed, outcome.revision) == ("final", True, 1)
