"""The live-path load, in processes of its own: `python -m benchmarks.live_load < plan.json`.

The controller (this module's main) connects the judges and runs the plan's steps; the watchers live
in worker processes it starts (`--worker`), so that no server shares a process with its load and
5,000 watchers can be spread over two processes. Watchers are raw websockets (aiohttp) speaking just
enough Engine.IO/Socket.IO (benchmarks/live_wire.py): they answer pings, `watch` a stage, stamp every
snapshot with time.monotonic() (one clock for every process of the machine), follow a resync rule,
and like a phone connect again a second after losing their connection. Controller and workers talk in
JSON lines over the workers' stdin and stdout.

Plan (JSON): servers (URLs; each stage's watchers are split between them); pids (the server processes whose CPU
and memory are read); stages ([{key, server, judges: [token, ...]}]); watch_stages (watchers spread
over that many first stages); entries; criteria; workers; rule ("old" | "new"); watch (extra keys of
the `watch` payload); lost_after_s; pause_s; steps, each {mode: "warm" | "bursts" | "rate",
watchers (how many are connected during the step: the set only grows), stages (whose judges take
part), rounds and budget_s (bursts), per_second and seconds (rate)}. The result (JSON), the last line
on stdout: {"steps": [...], "records": [{index, stage, arrivals: [seq, time, seq, time, ...]}]}.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import os
import resource
import statistics
import sys
import time
import uuid
from typing import Optional

import aiohttp

from benchmarks import live_wire as wire

CONNECTING_AT_ONCE = 64  # watchers between their websocket handshake and their first snapshot
CONNECT_TIMEOUT_S = 60
ACK_TIMEOUT_S = 10  # an ack later than this counts as never (∞), like a lost snapshot
RECONNECT_S = 1.0  # live.js: socket.io's reconnection delay
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def now() -> float:
    return time.monotonic()


def raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def http_session() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0),
                                 timeout=aiohttp.ClientTimeout(total=None, sock_connect=CONNECT_TIMEOUT_S))


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process, from /proc."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def machine_cpu() -> float:
    """CPU seconds the whole machine has been busy (every core), from /proc/stat."""
    with open("/proc/stat") as stat:
        user, nice, system, idle, iowait, irq, softirq, steal = map(int, stat.readline().split()[1:9])
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS


def process_memory(pid: int) -> dict:
    """Resident memory now and at its peak (MB), from /proc."""
    memory = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                memory[name] = int(value.split()[0]) / 1024
    return memory


class Socket:
    """One websocket speaking Engine.IO to one Socket.IO namespace."""

    def __init__(self, namespace: str):
        self.namespace = namespace
        self.ws: Optional[aiohttp.ClientWebSocketResponse] = None
        self.closing = False
        self.dropped: Optional[str] = None

    async def open(self, session: aiohttp.ClientSession, url: str, auth: Optional[dict] = None) -> None:
        self.dropped = None
        self.ws = await session.ws_connect(url.rstrip("/") + wire.PATH, autoping=False, max_msg_size=0,
                                           timeout=aiohttp.ClientWSTimeout(ws_close=5))
        opened = await self.ws.receive()
        if opened.type != aiohttp.WSMsgType.TEXT or not opened.data.startswith(wire.OPEN):
            raise ConnectionError(f"no Engine.IO open packet: {opened!r}")
        await self.ws.send_str(wire.connect(self.namespace, auth))

    async def frames(self):
        """The Socket.IO packets of this namespace until the socket closes; pings answered on the way."""
        try:
            while True:
                message = await self.ws.receive()
                if message.type != aiohttp.WSMsgType.TEXT:
                    if not self.closing:
                        self.dropped = f"{message.type.name} {message.extra or ''}".strip()
                    return
                text = message.data
                if text == wire.PING:
                    await self.ws.send_str(wire.PONG)
                    continue
                packet = wire.parse(text)
                if packet is not None and packet.namespace == self.namespace:
                    yield packet
        except (aiohttp.ClientError, ConnectionError, RuntimeError) as failure:
            if not self.closing:
                self.dropped = f"{type(failure).__name__}: {failure}"

    async def send(self, text: str) -> None:
        await self.ws.send_str(text)

    async def close(self) -> None:
        self.closing = True
        if self.ws is not None:
            await self.ws.close()


async def close_all(sockets: list, timeout: float = 20) -> None:
    closing = [asyncio.create_task(s.close()) for s in sockets if s.ws is not None]
    if closing:
        await asyncio.wait(closing, timeout=timeout)


# --- watchers (worker processes) ------------------------------------------------------------------

class Watcher(Socket):
    def __init__(self, index: int, url: str, stage: str, rule: str, watch: dict):
        super().__init__("/display")
        self.index, self.url, self.stage = index, url, stage
        self.watch_frame = wire.event("/display", "watch", {"stage": stage, **watch})
        self.resync = wire.Resync(rule)
        self.arrivals: list = []  # seq, monotonic time, seq, time ...
        self.first = asyncio.Event()
        self.failed: Optional[str] = None  # the first connection did not bring a snapshot in time
        self.drops = 0
        self.errors: list = []
        self.size = 0
        self.on_seq = None  # the worker's callback while it waits for a seq

    async def start(self, session: aiohttp.ClientSession, gate: asyncio.Semaphore) -> None:
        """Connects (a few watchers at a time) and returns once the first snapshot is in; the watcher
        then lives on in its own task, connecting again after a drop."""
        async with gate:
            self.task = asyncio.create_task(self.live(session))
            try:
                await asyncio.wait_for(self.first.wait(), CONNECT_TIMEOUT_S)
            except asyncio.TimeoutError:
                self.failed = self.dropped or "no snapshot in time"

    async def live(self, session: aiohttp.ClientSession) -> None:
        while not self.closing:
            try:
                await self.open(session, self.url)
                await self.read()
            except (aiohttp.ClientError, OSError, asyncio.TimeoutError, ConnectionError) as failure:
                self.dropped = f"{type(failure).__name__}: {failure}"
            if self.closing:
                return
            self.drops += 1
            await asyncio.sleep(RECONNECT_S)

    async def watch(self) -> None:
        self.resync.watched(now())
        await self.send(self.watch_frame)

    async def read(self) -> None:
        async for packet in self.frames():
            if packet.kind == wire.CONNECT:
                await self.watch()
            elif packet.kind == wire.EVENT:
                arrived = now()
                name = packet.event_name()
                if name == "standings":
                    await self.snapshot(packet, arrived)
                elif name == "error":
                    self.errors.append(packet.body[:200])
            elif packet.kind == wire.CONNECT_ERROR:
                raise ConnectionError(f"refused: {packet.body[:200]}")

    async def snapshot(self, packet: wire.Packet, arrived: float) -> None:
        stage, seq = wire.snapshot_head(packet)
        if stage != self.stage or not isinstance(seq, int):
            self.errors.append(f"snapshot of {stage!r} seq {seq!r}")
            return
        self.arrivals += (seq, arrived)
        self.size = len(packet.text.encode())
        self.first.set()
        if self.resync.snapshot(seq, arrived):
            await self.watch()
        if self.on_seq is not None:
            self.on_seq(self)


class Worker:
    """A process of watchers, driven by the controller's commands on stdin."""

    def __init__(self):
        self.watchers: list[Watcher] = []
        self.session: Optional[aiohttp.ClientSession] = None

    async def connect(self, command: dict) -> dict:
        gate = asyncio.Semaphore(CONNECTING_AT_ONCE)
        new = [Watcher(index, url, stage, command["rule"], command["watch"]) for index, url, stage in command["watchers"]]
        self.watchers += new
        await asyncio.gather(*(w.start(self.session, gate) for w in new))
        return {"connected": sum(not w.failed for w in new)}

    async def wait(self, command: dict) -> dict:
        """Until every watcher holds at least its stage's target seq, or the deadline."""
        targets = command["targets"]
        behind = {w for w in self.watchers if w.stage in targets and (w.resync.last or 0) < targets[w.stage]}
        done = asyncio.Event()

        def caught_up(watcher):
            if watcher in behind and watcher.resync.last >= targets[watcher.stage]:
                behind.discard(watcher)
                if not behind:
                    done.set()
        for w in behind:
            w.on_seq = caught_up
        if behind:
            try:
                await asyncio.wait_for(done.wait(), max(0.0, command["deadline"] - now()))
            except asyncio.TimeoutError:
                pass
        for w in self.watchers:
            w.on_seq = None
        return {"behind": len(behind)}

    async def counters(self, command: dict) -> dict:
        """Sums over this process's watchers (each only grows): re-watches by reason, seqs going
        backwards, dropped connections, watchers whose first connection failed; snapshot sizes."""
        sums = {"gap": 0, "duplicate": 0, "stale": 0, "backwards": 0, "drops": 0,
                "not_connected": sum(bool(w.failed) for w in self.watchers)}
        for w in self.watchers:
            for reason, count in w.resync.rewatches.items():
                sums[reason] += count
            sums["backwards"] += w.resync.backwards
            sums["drops"] += w.drops
        sums["sizes"] = [w.size for w in self.watchers if w.size][:200]
        sums["errors"] = sorted({e for w in self.watchers for e in w.errors} | {w.failed for w in self.watchers if w.failed}
                                | {f"dropped: {w.dropped}" for w in self.watchers if w.dropped})[:5]
        return sums

    async def finish(self, command: dict) -> dict:
        records = [{"index": w.index, "stage": w.stage, "arrivals": w.arrivals} for w in self.watchers]
        await close_all(self.watchers, timeout=2)  # the servers are stopped next: no need to wait on them
        await self.session.close()
        return {"watchers": records}

    async def cpu(self, command: dict) -> dict:
        return {}  # every reply carries the process's CPU seconds so far

    async def serve(self) -> None:
        self.session = http_session()
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader(limit=2 ** 26)
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
        while line := await reader.readline():
            command = json.loads(line)
            reply = await getattr(self, command["op"])(command)
            sys.stdout.write(json.dumps({**reply, "cpu": own_cpu()}) + "\n")
            sys.stdout.flush()
            if command["op"] == "finish":
                os._exit(0)  # nothing left to tidy: sockets close with the process


class WorkerProcess:
    """The controller's end of one worker."""

    @classmethod
    async def spawn(cls) -> "WorkerProcess":
        self = cls()
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "benchmarks.live_load", "--worker", stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, limit=2 ** 28)
        return self

    async def ask(self, op: str, **command) -> dict:
        self.process.stdin.write((json.dumps({"op": op, **command}) + "\n").encode())
        await self.process.stdin.drain()
        line = await self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"watcher process ended (status {await self.process.wait()})")
        return json.loads(line)


# --- judges (the controller) ----------------------------------------------------------------------

class Judge(Socket):
    def __init__(self, url: str, stage: str, token: str):
        super().__init__("/judge")
        self.url, self.stage, self.token = url, stage, token
        self.acks: dict[int, asyncio.Future] = {}
        self.ids = itertools.count(1)
        self.reading: Optional[asyncio.Task] = None

    async def start(self, session: aiohttp.ClientSession) -> "Judge":
        async def connect():
            await self.open(session, self.url, {"token": self.token})
            connected = asyncio.get_running_loop().create_future()
            self.reading = asyncio.create_task(self.read(connected))
            await connected
        await asyncio.wait_for(connect(), CONNECT_TIMEOUT_S)
        return self

    @property
    def connected(self) -> bool:
        return self.reading is not None and not self.reading.done()

    async def read(self, connected: asyncio.Future) -> None:
        async for packet in self.frames():
            if packet.kind == wire.CONNECT:
                connected.set_result(True)
            elif packet.kind == wire.CONNECT_ERROR:
                connected.set_exception(ConnectionError(f"judge refused: {packet.body}"))
                return
            elif packet.kind == wire.ACK and packet.ack in self.acks:
                self.acks.pop(packet.ack).set_result((now(), packet.data()[0]))
        for waiting in self.acks.values():
            waiting.set_exception(ConnectionError(f"judge's socket closed: {self.dropped}"))
        self.acks.clear()

    async def call(self, name: str, data: dict) -> dict:
        """Sends an event with an ack: {sent, latency, ack}; a lost connection or no ack in
        ACK_TIMEOUT_S comes back as a failed ack (latency None)."""
        ack_id = next(self.ids)
        waiting = self.acks[ack_id] = asyncio.get_running_loop().create_future()
        sent = now()
        try:
            await self.send(wire.event("/judge", name, data, ack_id))
            acked, ack = await asyncio.wait_for(waiting, ACK_TIMEOUT_S)
        except (asyncio.TimeoutError, ConnectionError, aiohttp.ClientError, RuntimeError) as failure:
            self.acks.pop(ack_id, None)
            return {"sent": sent, "latency": None, "ack": {"ok": False, "error": type(failure).__name__}}
        return {"sent": sent, "latency": acked - sent, "ack": ack}

    def submit(self, entry: str, marks: dict):
        return self.call("submit", {"entry": entry, "marks": marks, "client_id": str(uuid.uuid4())})


def marks_for(criteria: list, judge: int, turn: int) -> dict:
    """A valid scorecard that differs between judges and turns (ranks move, totals change)."""
    return {key: 20 + ((judge * 3 + turn * 7 + i) % 17) * 0.5 for i, key in enumerate(criteria)}


class Controller:
    def __init__(self, plan: dict):
        self.plan = plan
        self.session: Optional[aiohttp.ClientSession] = None
        self.judges: list[Judge] = []
        self.workers: list[WorkerProcess] = []
        self.watchers = 0

    # what the step measures around itself

    def usage(self) -> dict:
        pids = self.plan["pids"]
        return {"server": sum(process_cpu(p) for p in pids), "machine": machine_cpu(), "controller": own_cpu(),
                "rss_mb": sum(process_memory(p)["VmRSS"] for p in pids),
                "peak_mb": sum(process_memory(p)["VmHWM"] for p in pids), "at": now()}

    async def worker_cpu(self) -> list:
        return [r["cpu"] for r in await asyncio.gather(*(w.ask("cpu") for w in self.workers))]

    async def counters(self) -> dict:
        replies = await asyncio.gather(*(w.ask("counters") for w in self.workers))
        sums = {key: sum(r[key] for r in replies) for key in ("gap", "duplicate", "stale", "backwards", "drops",
                                                              "not_connected")}
        sizes = [s for r in replies for s in r["sizes"]]
        return {**sums, "snapshot_bytes": statistics.median(sizes) if sizes else None,
                "errors": sorted({e for r in replies for e in r["errors"]})[:5]}

    # the parts of a step

    async def seqs(self, stages: list[dict], timeout: Optional[float] = None) -> dict:
        """The stages' seqs from the HTTP API (behind whatever the server has queued)."""
        async def seq(stage):
            url = self.plan["servers"][stage["server"]]
            async with self.session.get(f"{url}/api/v1/stages/{stage['key']}/standings") as response:
                return (await response.json())["seq"]
        values = await asyncio.wait_for(asyncio.gather(*(seq(s) for s in stages)), timeout)
        return dict(zip((s["key"] for s in stages), values))

    async def connect_judges(self) -> None:
        if not self.judges:
            servers = self.plan["servers"]
            self.judges = [Judge(servers[s["server"]], s["key"], t) for s in self.plan["stages"] for t in s["judges"]]
        lost = [j for j in self.judges if not j.connected]
        await asyncio.gather(*(j.start(self.session) for j in lost))

    def panel(self, stages: int) -> list[Judge]:
        keys = {s["key"] for s in self.plan["stages"][:stages]}
        return [j for j in self.judges if j.stage in keys]

    async def grow(self, watchers: int) -> dict:
        """Connects watchers until `watchers` are connected (the set only grows)."""
        plan = self.plan
        started = now()
        servers, stages = plan["servers"], [s["key"] for s in plan["stages"][:plan["watch_stages"]]]
        # watcher i watches stage i % S through server (i // S) % N: every stage's watchers are split
        # between the servers (a stage's changes reach the other processes through the message queue)
        new = [(i, servers[i // len(stages) % len(servers)], stages[i % len(stages)])
               for i in range(self.watchers, watchers)]
        self.watchers = max(self.watchers, watchers)
        if not new:
            return {"connected": 0, "seconds": 0.0}
        if not self.workers:
            self.workers = await asyncio.gather(*(WorkerProcess.spawn() for _ in range(plan["workers"])))
        count = len(self.workers)
        replies = await asyncio.gather(*(w.ask("connect", watchers=[n for n in new if n[0] % count == k],
                                                rule=plan["rule"], watch=plan["watch"])
                                         for k, w in enumerate(self.workers)))
        return {"connected": sum(r["connected"] for r in replies), "seconds": now() - started}

    async def wait_for(self, targets: dict, deadline: float) -> int:
        if not self.workers:
            return 0
        replies = await asyncio.gather(*(w.ask("wait", targets=targets, deadline=deadline) for w in self.workers))
        return sum(r["behind"] for r in replies)

    # the steps

    async def warm(self, step: dict) -> dict:
        """Every judge marks every entry once (the stages are loaded with every entry called) and each
        chief calls the last entry again (every earlier one keeps taking marks): boards show full
        tables from here on (the payload's size is that of a stage under way)."""
        await self.connect_judges()
        stages = self.plan["stages"][:step.get("stages", len(self.plan["stages"]))]
        judges = self.panel(len(stages))
        results = await asyncio.gather(*(j.submit(entry, marks_for(self.plan["criteria"], i, turn))
                                         for turn, entry in enumerate(self.plan["entries"]) for i, j in enumerate(judges)))
        assert all(r["ack"]["ok"] for r in results), results
        chiefs = [j for j in judges if j.token in {s["judges"][0] for s in stages}]
        last = self.plan["entries"][-1]
        assert all(r["ack"]["ok"] for r in await asyncio.gather(*(c.call("next", {"entry": last}) for c in chiefs)))
        return {"seqs": await self.seqs(stages)}

    async def bursts(self, step: dict) -> dict:
        """Rounds of bursts: in each, the panels of `stages` stages submit the same entry at once."""
        plan, stages = self.plan, self.plan["stages"][:step["stages"]]
        seqs, acks, bursts, behind = await self.seqs(stages), [], [], 0
        started = now()
        for turn in range(step["rounds"]):
            if turn and now() - started > step["budget_s"]:
                break
            await self.connect_judges()  # again, when the server dropped one
            judges = self.panel(step["stages"])
            entry = plan["entries"][turn % len(plan["entries"])]
            burst_at = now()
            results = await asyncio.gather(*(j.submit(entry, marks_for(plan["criteria"], i, turn))
                                             for i, j in enumerate(judges)))
            acks += results
            finals = dict(seqs)
            for judge, result in zip(judges, results):
                finals[judge.stage] += bool(result["ack"].get("ok"))
            bursts += [{"stage": k, "at": burst_at, "before": seqs[k], "final": finals[k]} for k in seqs]
            behind += await self.wait_for(finals, burst_at + plan["lost_after_s"])
            seqs = finals
            await asyncio.sleep(plan["pause_s"])
        return {"acks": acks, "bursts": bursts, "behind": behind, "expected_seqs": seqs}

    async def rate(self, step: dict) -> dict:
        """Every judge of `stages` stages sends `per_second` submits a second for `seconds`, over the
        entries of their stage, without waiting for the acks (an open loop: a slow server makes acks
        wait, not sends)."""
        plan, stages = self.plan, self.plan["stages"][:step["stages"]]
        await self.connect_judges()
        judges = self.panel(step["stages"])
        seqs = await self.seqs(stages)
        per_second, turns = step["per_second"], int(step["per_second"] * step["seconds"])
        start = now() + 0.2

        async def one(i: int, judge: Judge, turn: int) -> dict:
            await asyncio.sleep(max(0.0, start + turn / per_second + i / (per_second * len(judges)) - now()))
            return await judge.submit(plan["entries"][(turn + i) % len(plan["entries"])],
                                      marks_for(plan["criteria"], i, turn))

        acks = await asyncio.gather(*(one(i, j, t) for i, j in enumerate(judges) for t in range(turns)))
        for i, result in enumerate(acks):
            seqs[judges[i // turns].stage] += bool(result["ack"].get("ok"))
        last_ack = max(r["sent"] + (r["latency"] or 0) for r in acks)
        behind = await self.wait_for(seqs, last_ack + plan["lost_after_s"])
        return {"acks": acks, "bursts": [], "behind": behind, "expected_seqs": seqs}

    async def step(self, step: dict) -> dict:
        """One step measured: the watchers grown to its count, then the step with the CPU of the
        servers, the load and the rest of the machine."""
        if step["mode"] == "warm":
            return {**step, **await self.warm(step)}
        connect_before = self.usage()
        connect = await self.grow(step["watchers"])
        connect["server_cpu"] = self.usage()["server"] - connect_before["server"]
        before, workers_before, counters_before = self.usage(), await self.worker_cpu(), await self.counters()
        result = await getattr(self, step["mode"])(step)
        after, workers_after, counters_after = self.usage(), await self.worker_cpu(), await self.counters()
        wall = after["at"] - before["at"]
        load = [b - a for a, b in zip(workers_before, workers_after)] + [after["controller"] - before["controller"]]
        server = after["server"] - before["server"]
        expected = result.pop("expected_seqs")
        try:  # a stored submit whose ack never came shows here (a server far behind is not waited for)
            checked = await self.seqs(self.plan["stages"][:step["stages"]], timeout=5)
        except asyncio.TimeoutError:
            checked = expected
        return {**step, **result, "connect": connect, "wall": wall,
                "server": {"cpu": server, "rss_mb": after["rss_mb"], "peak_mb": after["peak_mb"]},
                "load": {"cpu": load, "busiest": max(load) / wall if wall else 0.0, "processes": len(load)},
                "others_cpu": after["machine"] - before["machine"] - server - sum(load),
                "counters": {k: counters_after[k] - counters_before[k] for k in
                             ("gap", "duplicate", "stale", "backwards", "drops")},
                "not_connected": counters_after["not_connected"], "snapshot_bytes": counters_after["snapshot_bytes"],
                "errors": counters_after["errors"],
                "seq_mismatch": {k: [expected[k], checked[k]] for k in expected if expected[k] != checked[k]}}

    async def run(self) -> dict:
        self.session = http_session()
        try:
            steps = []
            for step in self.plan["steps"]:
                steps.append(await self.step(step))
                print(json.dumps({"done": step}), file=sys.stderr, flush=True)
            records = []
            for w in self.workers:
                records += (await w.ask("finish"))["watchers"]
            return {"steps": steps, "records": records}
        finally:
            await close_all(self.judges, timeout=2)
            for w in self.workers:
                if w.process.returncode is None:
                    w.process.kill()
            await self.session.close()


def main() -> None:
    raise_fd_limit()
    if "--worker" in sys.argv:
        asyncio.run(Worker().serve())
        return
    plan = json.load(sys.stdin)
    result = asyncio.run(Controller(plan).run())
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(0)  # the workers are gone; no waiting on the interpreter's shutdown


if __name__ == "__main__":
    main()
