"""How the live-path benchmark turns stamped snapshots into a row (no server, no timing asserted)."""
import math

from benchmarks import live_path


def step(**changes) -> dict:
    base = {"mode": "bursts", "watchers": 2, "connect": {"seconds": 1.0, "server_cpu": 0.5}, "behind": 0,
            "acks": [{"sent": 100.0, "latency": 0.02, "ack": {"ok": True, "revision": 1}},
                     {"sent": 100.0, "latency": None, "ack": {"ok": False, "error": "TimeoutError"}}],
            "bursts": [{"stage": "s1", "at": 100.0, "before": 10, "final": 12}],
            "counters": {"gap": 1, "duplicate": 0, "stale": 0, "backwards": 0, "drops": 0},
            "not_connected": 0, "errors": [], "snapshot_bytes": 2048, "seq_mismatch": {},
            "server": {"cpu": 1.0, "rss_mb": 100.0, "peak_mb": 100.0},
            "load": {"cpu": [0.1], "busiest": 0.1, "processes": 1}, "others_cpu": 0.0,
            "wall": 2.0}
    return {**base, **changes}


def test_first_and_final_snapshot_of_a_burst_per_watcher():
    records = [{"index": 0, "stage": "s1", "arrivals": [10, 99.0, 11, 100.05, 12, 100.25]},
               {"index": 1, "stage": "s1", "arrivals": [10, 99.0, 12, 100.1]},
               {"index": 2, "stage": "s1", "arrivals": [12, 100.01]}]  # not part of a 2-watcher row
    row = live_path.summary(live_path.Stack(), step(), records)
    assert math.isclose(row["first"]["p50"], 50, abs_tol=1e-6)
    assert math.isclose(row["first"]["max"], 100, abs_tol=1e-6)
    assert math.isclose(row["final"]["max"], 250, abs_tol=1e-6)
    assert row["lost"] == 0 and row["deliveries"] == 2
    assert row["refused"] == 1 and row["ack"]["max"] == math.inf  # an ack that never came


def test_a_watcher_without_the_final_seq_in_time_is_lost():
    records = [{"index": 0, "stage": "s1", "arrivals": [11, 100.1]},
               {"index": 1, "stage": "s1", "arrivals": [11, 100.1, 12, 100.0 + live_path.LOST_AFTER_S + 1]}]
    row = live_path.summary(live_path.Stack(), step(), records)
    assert row["lost"] == 2 and row["final"]["p50"] == math.inf
    assert live_path.ms(row["final"]) == "∞ / ∞ / ∞ / ∞"


def test_percentiles_are_nearest_rank():
    result = live_path.percentiles([i / 1000 for i in range(100, 0, -1)])
    assert {k: round(v, 6) for k, v in result.items()} == {"p50": 50, "p95": 95, "p99": 99, "max": 100}
