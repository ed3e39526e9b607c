"""Run by test_writer.py in a process of its own, patched by gevent as `podium run` is:
`python tests/writer_scenario.py DATABASE`, while the test's process holds SQLite's write lock.

A greenlet ticks every 10 ms. Four submits are made through scoring.db.write from greenlets of
their own (a first one, its resend with the same client id, one for an unknown entry, a correction):
they wait in the writer thread for the lock. The script says `queued` on stdout, then, once the
test let go of the lock, prints one JSON line: the answers in order, how long the writes took and
the longest gap between two ticks.
"""
from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import gevent  # noqa: E402
from sqlalchemy import select  # noqa: E402

from scoring import service  # noqa: E402
from scoring.db import make_engine, make_sessionmaker, write  # noqa: E402
from scoring.errors import ScoringError  # noqa: E402
from scoring.models import Judge, Stage  # noqa: E402

MARKS = {"content": 35, "delivery": 25.5, "presence": 18, "effect": 9}


def main(path: str) -> None:
    sessions = make_sessionmaker(make_engine(f"sqlite:///{path}"))
    with sessions() as session:  # a read: the test's lock does not stop it (WAL)
        judge = session.scalar(select(Judge.id).join(Stage).where(Stage.key == "final", Judge.key == "J2"))
    gaps: list[float] = []
    ticking = True

    def tick() -> None:
        last = time.perf_counter()
        while ticking:
            gevent.sleep(0.01)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    def submit(entry: str, client_id: str) -> dict:
        try:
            outcome = write(service.submit_scorecard, sessions, judge,
                            {"entry": entry, "marks": MARKS, "client_id": client_id})
        except ScoringError as refused:
            return {"refused": refused.code}
        return {"revision": outcome.revision, "changed": outcome.changed}

    ticker = gevent.spawn(tick)
    started = time.perf_counter()
    calls = [gevent.spawn(submit, entry, client_id)
             for entry, client_id in (("E1", "first"), ("E1", "first"), ("E9", "lost"), ("E1", "correction"))]
    gevent.sleep(0.05)
    print("queued", flush=True)
    gevent.joinall(calls)
    took = time.perf_counter() - started
    ticking = False
    ticker.join()
    print(json.dumps({"answers": [call.value for call in calls], "took": took, "longest_gap": max(gaps)}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
