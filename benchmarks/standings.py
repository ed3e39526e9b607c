"""What one change of a stage costs the live path: the snapshot built from scratch (what every change
cost before podium/live.py, and what a cold cache still costs) against the snapshot refreshed for the
one entry a judge's submit touched (what a change costs now), both views encoded; and the bytes each
watcher is sent per change in each view."""
from __future__ import annotations

import random
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from podium.live import build
from scoring import service
from scoring.db import make_engine, make_sessionmaker, migrate, transaction
from scoring.loader import load_competition
from scoring.models import Entry, Judge, Mark, Scorecard, Stage


def stage_file(entries: int, judges: int) -> dict:
    return {
        "campaign": "benchmark", "units": [{"name": "洛隆县"}],
        "events": [{"key": "speech", "name": "演讲", "format": "judged",
                    "rule": {"aggregate": "trimmed", "drop_highest": 1, "drop_lowest": 1, "decimals": 2,
                             "tiebreak": ["raw_mean", "criterion:c1", "highest_total"],
                             "criteria": [{"key": f"c{i}", "name": f"c{i}", "max": 25, "step": 0.5} for i in range(1, 5)]},
                    "stages": [{"key": "s", "name": "s",
                                "judges": [{"key": f"J{j}", "name": f"J{j}"} for j in range(1, judges + 1)],
                                "entries": [{"key": f"E{e}", "name": f"选手{e}", "unit": "洛隆县"}
                                            for e in range(1, entries + 1)], "called": f"E{entries}"}]}],
    }


def fill(sessions, revisions: int) -> None:
    """Every judge marks every entry (with `revisions` corrections each), written directly."""
    rng = random.Random(7)
    with transaction(sessions) as session:
        stage = session.scalar(select(Stage).where(Stage.key == "s"))
        criteria = stage.event.criteria
        for entry in session.scalars(select(Entry).where(Entry.stage_id == stage.id)):
            for judge in session.scalars(select(Judge).where(Judge.stage_id == stage.id)):
                for revision in range(1, revisions + 1):
                    session.add(Scorecard(judge_id=judge.id, entry_id=entry.id, revision=revision,
                                          client_id=f"{entry.id}-{judge.id}-{revision}",
                                          marks=[Mark(criterion_id=c.id, value=Decimal(rng.randint(20, 50)) / 2)
                                                 for c in criteria]))


def measure(shapes=((30, 5, 1), (100, 5, 1), (100, 7, 3), (300, 7, 1)), repeats: int = 20) -> list[dict]:
    results = []
    for entries, judges, revisions in shapes:
        with tempfile.TemporaryDirectory() as folder:
            engine = make_engine(f"sqlite:///{Path(folder) / 'b.db'}")
            migrate(engine)
            sessions = make_sessionmaker(engine)
            with transaction(sessions) as session:
                load_competition(session, stage_file(entries, judges))
            fill(sessions, revisions)
            rebuilds, changes = [], []
            rng = random.Random(11)
            with sessions() as session:
                judge_ids = session.scalars(select(Judge.id).join(Stage).where(Stage.key == "s")).all()
                snapshot = build(session, "s")
            for _ in range(repeats):
                started = time.perf_counter()
                with sessions() as session:
                    full = build(session, "s")
                rebuilds.append(time.perf_counter() - started)
                entry = f"E{rng.randint(1, entries)}"
                service.submit_scorecard(sessions, rng.choice(judge_ids), {
                    "entry": entry, "marks": {f"c{i}": rng.randint(20, 50) / 2 for i in range(1, 5)}})
                started = time.perf_counter()
                with sessions() as session:
                    snapshot = build(session, "s", snapshot, (entry,))
                changes.append(time.perf_counter() - started)
                assert snapshot.marks is not None and snapshot.seq == full.seq + 1
            sizes = {view: len(frame.text().encode()) for view, frame in snapshot.frames.items()}
            engine.dispose()
        results.append({"entries": entries, "judges": judges, "revisions": revisions,
                        "median_ms": statistics.median(rebuilds) * 1000, "max_ms": max(rebuilds) * 1000,
                        "change_median_ms": statistics.median(changes) * 1000, "change_max_ms": max(changes) * 1000,
                        "full_kb": sizes["full"] / 1024, "slim_kb": sizes["slim"] / 1024})
    return results


def table(results: list[dict]) -> str:
    lines = ["| entries | judges | scorecard revisions each | built from scratch: median (ms) | max (ms) "
             "| one change, refreshed: median (ms) | max (ms) | full view (KB) | slim view (KB) |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['entries']} | {r['judges']} | {r['revisions']} | {r['median_ms']:.1f} | {r['max_ms']:.1f} "
              f"| {r['change_median_ms']:.1f} | {r['change_max_ms']:.1f} | {r['full_kb']:.1f} | {r['slim_kb']:.1f} |"
              for r in results]
    return "\n".join(lines)
