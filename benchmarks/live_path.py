"""The live path under load: a real `podium run` (gevent), N boards watching, 5 judges scoring.

For each board count, the 5 judges submit marks for several entries one after another (spaced so
that snapshots are not coalesced across submissions). Measured per submission: the time from
sending `submit` to the committed ack, and the time from sending until each board has a snapshot
with the new marks. The load generator (asyncio clients) runs on the same 2-core machine.
"""
from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import socketio
import yaml

from podium.testing import ServerProcess

JUDGES = {f"J{i}": f"bench-token-judge-{i}-000000000000" for i in range(1, 6)}
ENTRIES = 6
CRITERIA = {"content": 35, "delivery": 25.5, "presence": 18, "effect": 9}


def competition() -> dict:
    return {
        "campaign": "benchmark", "units": [{"name": "洛隆县", "children": [{"name": "硕督镇"}]}],
        "events": [{
            "key": "speech", "name": "演讲比赛", "format": "judged",
            "rule": {"aggregate": "trimmed", "drop_highest": 1, "drop_lowest": 1, "decimals": 2,
                     "criteria": [{"key": k, "name": k, "max": 40, "step": 0.5} for k in CRITERIA]},
            "stages": [{"key": "final", "name": "决赛",
                        "judges": [{"key": k, "name": k, "chief": k == "J1", "token": t} for k, t in JUDGES.items()],
                        "entries": [{"key": f"E{i}", "name": f"选手{i}", "unit": "硕督镇"}
                                    for i in range(1, ENTRIES + 1)]}],
        }],
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


async def run_round(url: str, boards: int) -> dict:
    seen: list[dict[int, float]] = [dict() for _ in range(boards)]
    clients = []

    def watcher(index: int):
        async def on_standings(payload):
            seen[index].setdefault(payload["seq"], time.perf_counter())
        return on_standings

    async def open_board(index: int):
        client = socketio.AsyncClient(reconnection=False)
        client.on("standings", watcher(index), namespace="/display")
        await client.connect(url, namespaces=["/display"], transports=["websocket"], wait_timeout=30)
        await client.emit("watch", {"stage": "final"}, namespace="/display")
        clients.append(client)

    started = time.perf_counter()
    for batch in range(0, boards, 50):
        await asyncio.gather(*(open_board(i) for i in range(batch, min(boards, batch + 50))))
    connect_seconds = time.perf_counter() - started

    judges = {}
    for key, token in JUDGES.items():
        client = socketio.AsyncClient(reconnection=False)
        await client.connect(url, namespaces=["/judge"], transports=["websocket"], auth={"token": token})
        judges[key] = client
        clients.append(client)
    await asyncio.sleep(1.0)
    acks, deliveries, missing = [], [], 0
    seq = 0
    for entry in range(1, ENTRIES + 1):
        for key, client in judges.items():
            sent = time.perf_counter()
            ack = await client.call("submit", {"entry": f"E{entry}", "marks": CRITERIA,
                                               "client_id": str(uuid.uuid4())}, namespace="/judge", timeout=30)
            acks.append(time.perf_counter() - sent)
            assert ack["ok"], ack
            seq += 1
            await asyncio.sleep(0.4)  # longer than the coalescing window: one snapshot per submission
            for board in seen:
                if seq in board:
                    deliveries.append(board[seq] - sent)
                else:
                    missing += 1
    for client in clients:
        await client.disconnect()
    return {"boards": boards, "connect_s": connect_seconds, "acks": acks, "deliveries": deliveries,
            "missing": missing, "expected": boards * len(acks)}


def measure(board_counts=(50, 200, 500)) -> list[dict]:
    results = []
    for boards in board_counts:
        with tempfile.TemporaryDirectory() as folder:
            instance = Path(folder)
            (instance / "c.yaml").write_text(yaml.safe_dump(competition(), allow_unicode=True), encoding="utf-8")
            server = ServerProcess(instance)
            assert server.podium("load", str(instance / "c.yaml")).returncode == 0
            server.start()
            try:
                results.append(asyncio.run(run_round(server.url, boards)))
            finally:
                server.stop()
    return results


def table(results: list[dict]) -> str:
    lines = ["| boards | connect all (s) | ack p50 (ms) | ack p99 (ms) | board p50 (ms) | board p99 (ms) | delivered |",
             "|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        ms = lambda v: f"{v * 1000:.0f}"  # noqa: E731
        delivered = r["expected"] - r["missing"]
        lines.append(
            f"| {r['boards']} | {r['connect_s']:.1f} | {ms(statistics.median(r['acks']))} | {ms(percentile(r['acks'], .99))} | "
            f"{ms(statistics.median(r['deliveries']))} | {ms(percentile(r['deliveries'], .99))} | "
            f"{delivered}/{r['expected']} |")
    return "\n".join(lines)
