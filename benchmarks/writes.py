"""Writes at county-final scale: a real `podium run` (gevent, SQLite with synchronous=FULL), 30
judges (6 stages x 5) each sending 5 `submit`s a second for 15 s, and one board asking for a
snapshot (`watch`) every 100 ms.

The judges send on a fixed timetable whether or not their last mark was acknowledged yet (a
tablet's outbox does not wait either), so a slow server shows up as long acks instead of as fewer
marks sent. Measured per submit: the time from sending it to its ack (the ack follows the commit).
The board's `watch` is on a seventh stage nobody scores, so every snapshot it gets answers its own
request: its round trip shows how long the event loop leaves a socket waiting while the judges'
writes go on. The load (python-socketio's asyncio client) runs in this process, the server in its
own; both share the machine's cores.

Run alone with `python -m benchmarks.writes` (from the repository's root).
"""
from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import socketio
import yaml

from podium.testing import ServerProcess

CRITERIA = {"content": 40, "delivery": 30, "presence": 20, "effect": 10}
ENTRIES = 12
IDLE = "idle"  # the stage the board watches


def token(stage: int, judge: int) -> str:
    return f"bench-writes-s{stage}-j{judge}-000000000000"


def competition(stages: int, judges: int) -> dict:
    def stage(key: str, name: str, number: int) -> dict:
        return {"key": key, "name": name,
                "judges": [{"key": f"J{j}", "name": f"评委{j}", "chief": j == 1, "token": token(number, j)}
                           for j in range(1, judges + 1)],
                "entries": [{"key": f"E{i}", "name": f"选手{i}", "unit": "硕督镇"} for i in range(1, ENTRIES + 1)],
                "called": f"E{ENTRIES}"}  # every entry called: the judges mark them in turn, any order

    return {
        "campaign": "writes benchmark", "units": [{"name": "洛隆县", "children": [{"name": "硕督镇"}]}],
        "events": [{
            "key": "speech", "name": "演讲比赛", "format": "judged",
            "rule": {"aggregate": "trimmed", "drop_highest": 1, "drop_lowest": 1, "decimals": 2,
                     "criteria": [{"key": k, "name": k, "max": top, "step": 0.5} for k, top in CRITERIA.items()]},
            "stages": [stage(f"s{s}", f"赛场{s}", s) for s in range(1, stages + 1)] + [stage(IDLE, "空闲", 0)],
        }],
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def marks(n: int) -> dict:
    """Valid marks that differ from one submit to the next."""
    return {k: top - (n % 7) * 0.5 for k, top in CRITERIA.items()}


async def judge(url: str, stage: int, number: int, rate: float, start: float, seconds: float,
                acks: list, failures: list) -> None:
    client = socketio.AsyncClient(reconnection=False)
    await client.connect(url, namespaces=["/judge"], transports=["websocket"], auth={"token": token(stage, number)},
                         wait_timeout=30)
    interval = 1 / rate
    offset = (number - 1) * interval / 5 + (stage - 1) * interval / 31  # the judges do not send in lockstep
    pending: list[asyncio.Future] = []
    loop = asyncio.get_running_loop()
    n = 0
    while True:
        due = start + offset + n * interval
        if due - start >= seconds:
            break
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        done = loop.create_future()
        sent = time.perf_counter()

        def answered(ack, sent=sent, done=done):
            if not done.done():
                done.set_result((time.perf_counter() - sent, ack))
        await client.emit("submit", {"entry": f"E{1 + n % ENTRIES}", "marks": marks(n), "client_id": str(uuid.uuid4())},
                          namespace="/judge", callback=answered)
        pending.append(done)
        n += 1
    await asyncio.wait(pending, timeout=30)
    for done in pending:
        took, ack = done.result() if done.done() else (None, {"ok": False, "error": "no ack within 30 s"})
        (acks if ack.get("ok") else failures).append(took if ack.get("ok") else ack)
    await client.disconnect()


async def board(url: str, stop: asyncio.Event, trips: list, lost: list) -> None:
    client = socketio.AsyncClient(reconnection=False)
    answer: asyncio.Queue = asyncio.Queue()
    client.on("standings", lambda payload: answer.put_nowait(time.perf_counter()), namespace="/display")
    await client.connect(url, namespaces=["/display"], transports=["websocket"], wait_timeout=30)
    while not stop.is_set():
        sent = time.perf_counter()
        try:
            await client.emit("watch", {"stage": IDLE}, namespace="/display")
            trips.append(await asyncio.wait_for(answer.get(), 30) - sent)
        except (asyncio.TimeoutError, socketio.exceptions.SocketIOError):  # a server too busy to answer or to ping
            lost.append(time.perf_counter() - sent)
            break
        await asyncio.sleep(max(0.0, sent + 0.1 - time.perf_counter()))
    await client.disconnect()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def run_round(server: ServerProcess, stages: int, judges: int, rate: float, seconds: float) -> dict:
    acks, failures, trips, lost = [], [], [], []
    stop = asyncio.Event()
    watching = asyncio.create_task(board(server.url, stop, trips, lost))
    await asyncio.sleep(1.0)  # the board's first snapshots before the load
    idle_trips = len(trips)
    start = time.perf_counter() + 2.0  # every judge connected by then
    cpu = cpu_seconds(server.process.pid)
    await asyncio.gather(*(judge(server.url, s, j, rate, start, seconds, acks, failures)
                           for s in range(1, stages + 1) for j in range(1, judges + 1)))
    cpu = cpu_seconds(server.process.pid) - cpu
    elapsed = time.perf_counter() - start
    stop.set()
    await watching
    return {"judges": stages * judges, "rate": rate, "seconds": seconds, "acks": acks, "failures": failures,
            "trips": trips[idle_trips:], "board_lost": bool(lost), "server_cpu": cpu / elapsed}


def measure(shapes=((6, 5, 5.0, 15.0),), database: str | None = None) -> list[dict]:
    """Each shape: (stages, judges per stage, submits a second per judge, seconds)."""
    results = []
    for stages, judges, rate, seconds in shapes:
        with tempfile.TemporaryDirectory() as folder:
            instance = Path(folder)
            (instance / "c.yaml").write_text(yaml.safe_dump(competition(stages, judges), allow_unicode=True),
                                             encoding="utf-8")
            server = ServerProcess(instance, env={"PODIUM_DATABASE_URL": database} if database else None)
            loaded = server.podium("load", str(instance / "c.yaml"), *(["--replace"] if database else []))
            assert loaded.returncode == 0, loaded.stderr
            server.start()
            try:
                results.append(asyncio.run(run_round(server, stages, judges, rate, seconds)))
            finally:
                server.stop()
    return results


def table(results: list[dict]) -> str:
    ms = lambda v: f"{v * 1000:.0f}"  # noqa: E731
    lines = ["| judges | submits/s | acked | ack p50 (ms) | ack p95 (ms) | ack p99 (ms) | ack max (ms) "
             "| board watch p50 (ms) | board watch p99 (ms) | board watch max (ms) | server CPU |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        acks, trips = r["acks"], r["trips"]
        sent = len(acks) + len(r["failures"])
        board = (f"{ms(statistics.median(trips))} | {ms(percentile(trips, .99))} | {ms(max(trips))}" if trips else "– | – | –")
        if r["board_lost"]:
            board = board.rsplit("|", 1)[0] + "| dropped"  # no answer for 30 s, or the server stopped answering its pings
        lines.append(
            f"| {r['judges']} | {r['judges'] * r['rate']:.0f} | {len(acks)}/{sent} | {ms(statistics.median(acks))} "
            f"| {ms(percentile(acks, .95))} | {ms(percentile(acks, .99))} | {ms(max(acks))} | {board} "
            f"| {r['server_cpu'] * 100:.0f} % |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(measure()))
