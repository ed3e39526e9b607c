"""The live path under load: real server processes, a separate load process, thousands of watchers.

Stacks, each a real process started here and measured with the same watchers and the same bytes:
- Podium: `podium run` (gevent, SQLite), and two `podium run` processes on PostgreSQL with Redis
  as the Socket.IO message queue (every stage's watchers split between them);
- bare: Flask-SocketIO under gevent with no database (baselines/bare_server.py), one broadcast per
  submit;
- node: Node.js socket.io 4 (baselines/node, installed with `npm ci` on first use) doing the same.
The baselines send Podium's own snapshots, read from the Podium server after its rows, with only
`seq` changed. Every row gets freshly started servers: work one row leaves queued (re-watches of
watchers already gone) must not slow the next.

The load (benchmarks/live_load.py) runs in processes of its own: light raw-websocket watchers spread
over the stages, following live.js's old resync rule (a snapshot that is not the last seq + 1 makes
a watcher `watch` again), and the judges. Scenarios:
- bursts: BURST_STAGES stages at once, each a panel of 5 judges; in every round all panels submit
  the same entry at the same moment (an entry finishing). Per row: ack (send -> committed ack),
  board = first snapshot after the burst and final = the snapshot with the stage's seq after the
  burst, per watcher and burst, timed from the burst; lost = a watcher without the final seq within
  LOST_AFTER_S; re-watches; seqs going backwards; dropped connections; the servers' CPU during the
  rounds and their memory (/proc). No round starts after ROW_BUDGET_S, so a server that falls far
  behind costs a row seconds, not minutes (`make bench` stays under 10 minutes).
- judges at a steady rate: RATE_JUDGES judges (RATE_JUDGES / 5 stages) each sending RATE_PER_SECOND
  submits a second over their stage's entries, without waiting for acks.

BENCH_QUICK=1: 100 and 1,000 watchers, 3 rounds (while developing). BENCH_LIVE_JSON=FILE: every
row's numbers written to FILE as well.
"""
from __future__ import annotations

import json
import math
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack, contextmanager
from pathlib import Path

import requests
import yaml

from podium.testing import ROOT, ServerProcess, free_port

WATCH = {"view": "slim"}  # extra keys of the /display `watch` payload: what the shipped board and phone page send
RULE = "old"  # the watchers' resync rule: "old" (the phones' pages out there) or "new"

QUICK = os.environ.get("BENCH_QUICK") == "1"
WATCHER_COUNTS = (100, 1000) if QUICK else (100, 1000, 2000, 5000)
ROUNDS = 3 if QUICK else 10
ROUNDS_AT_5000 = 3
ROW_BUDGET_S = 8  # no new round starts once a row's rounds have run this long
PAUSE_S = 0.2  # between rounds
LOST_AFTER_S = 10.0
LOAD_TIMEOUT_S = 240  # a load process that takes longer is stopped and its row left out
WATCHERS_PER_PROCESS = 2500  # watchers per load process (one Python process is busy with more)

STAGES = 6  # judged stages in the competition file, 5 judges and 12 entries each
BURST_STAGES = 4
JUDGES = 5
ENTRIES = 12
CRITERIA = ("content", "delivery", "presence", "effect")
RATE_JUDGES = 30  # = STAGES x JUDGES
RATE_PER_SECOND = 5
RATE_SECONDS = 5

NODE_DIR = Path(__file__).resolve().parent / "baselines" / "node"
BARE_SERVER = Path(__file__).resolve().parent / "baselines" / "bare_server.py"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS = "redis://127.0.0.1:6379/0"
NAMES = ["扎西", "次仁卓玛", "格桑", "央金", "多吉", "卓嘎", "洛桑", "白玛", "达瓦", "拉姆", "旺堆", "曲珍"]
NAMES_BO = ["བཀྲ་ཤིས།", "ཚེ་རིང་སྒྲོལ་མ།", "སྐལ་བཟང་།", "དབྱངས་ཅན།", "རྡོ་རྗེ།", "སྒྲོལ་དཀར།",
            "བློ་བཟང་།", "པདྨ།", "ཟླ་བ།", "ལྷ་མོ།", "དབང་འདུས།", "ཆོས་སྒྲོན།"]
VILLAGES = ["达翁村", "马利村", "硕督村", "康沙村"]


def stage_key(number: int) -> str:
    return f"speech-{number}"


def token(stage: int, judge: int) -> str:
    return f"bench-token-{stage}-{judge}-0000000000000000"


def competition() -> dict:
    """STAGES judged stages of a speech contest, each JUDGES judges and ENTRIES entries with Chinese and
    Tibetan names from four villages: 4 criteria, trimmed mean, a tie-break chain."""
    criteria = [{"key": k, "name": k, "max": 30, "step": 0.5} for k in CRITERIA]
    return {
        "campaign": "benchmark",
        "units": [{"name": "洛隆县", "children": [{"name": "硕督镇", "children": [{"name": v} for v in VILLAGES]}]}],
        "events": [{
            "key": "speech", "name": "我和我的驻村故事演讲比赛", "format": "judged",
            "rule": {"aggregate": "trimmed", "drop_highest": 1, "drop_lowest": 1, "decimals": 2,
                     "tiebreak": ["raw_mean", "criterion:content", "highest_total"], "criteria": criteria},
            "stages": [{
                "key": stage_key(s), "name": f"第{s}赛场",
                "judges": [{"key": f"J{j}", "name": f"评委{j}", "chief": j == 1, "token": token(s, j)}
                           for j in range(1, JUDGES + 1)],
                "entries": [{"key": f"E{e:02d}", "name": NAMES[e - 1], "name_bo": NAMES_BO[e - 1],
                             "unit": f"硕督镇/{VILLAGES[e % len(VILLAGES)]}"} for e in range(1, ENTRIES + 1)],
                "called": f"E{ENTRIES:02d}",  # every entry called: bursts mark them in any order
            } for s in range(1, STAGES + 1)],
        }],
    }


def stages_plan(count: int, servers: int) -> list[dict]:
    return [{"key": stage_key(s), "server": (s - 1) % servers, "judges": [token(s, j) for j in range(1, JUDGES + 1)]}
            for s in range(1, count + 1)]


def percentiles(values: list[float]) -> dict | None:
    """p50, p95, p99 and max in ms (nearest rank); a delivery that never came counts as math.inf."""
    if not values:
        return None
    ordered = sorted(values)

    def at(share):
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)] * 1000
    return {"p50": at(.5), "p95": at(.95), "p99": at(.99), "max": ordered[-1] * 1000}


# --- the stacks ---------------------------------------------------------------------------------------------

class Stack:
    """Server processes to measure: their URLs and process ids."""
    name = ""

    def __init__(self):
        self.processes: list[subprocess.Popen] = []
        self.failures: list[str] = []

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.processes]

    def start(self) -> "Stack":
        raise NotImplementedError

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        self.processes = []

    def rows(self, runs: list[list[dict]]) -> list[dict]:
        """Each run's steps against freshly started servers (what one row leaves queued, e.g. re-watches
        of watchers long gone, must not slow the next one)."""
        rows = []
        for run in runs:
            started = time.monotonic()
            self.stop()
            self.start()
            try:
                rows += run_load(self, run)
            except RuntimeError as failure:  # the other rows still stand; the table says what is missing
                self.failures.append(f"{self.name}, {', '.join(step_name(s) for s in run)}: {failure}")
                print(f"  {self.failures[-1]}", flush=True)
            print(f"  ({self.name}: {time.monotonic() - started:.0f} s with the start of the servers)", flush=True)
        self.stop()
        return rows


class PodiumStack(Stack):
    def __init__(self, folder: Path, servers: int = 1, env: dict | None = None):
        super().__init__()
        self.name = "Podium" if servers == 1 else f"Podium x{servers}"
        self.servers = []
        for n in range(servers):
            (folder / f"server{n}").mkdir()
            self.servers.append(ServerProcess(folder / f"server{n}", env))
        self.urls = [s.url for s in self.servers]
        data = folder / "competition.yaml"
        data.write_text(yaml.safe_dump(competition(), allow_unicode=True), encoding="utf-8")
        loaded = self.servers[0].podium("load", str(data))
        if loaded.returncode:
            raise RuntimeError(loaded.stderr)

    def start(self) -> "PodiumStack":
        for server in self.servers:  # one after another: `podium run` migrates the shared database
            server.start()
            self.processes.append(server.process)
        return self

    def stop(self) -> None:
        for server in self.servers:
            server.stop()
        self.processes = []

    def snapshots(self) -> dict:
        view = WATCH.get("view", "full")  # the baselines send the bytes Podium's watchers get
        return {stage_key(s): requests.get(f"{self.urls[0]}/api/v1/stages/{stage_key(s)}/standings",
                                           params={"view": view}, timeout=5).json()
                for s in range(1, STAGES + 1)}


class BaselineStack(Stack):
    def __init__(self, name: str, command: list[str], cwd: Path, log: Path):
        super().__init__()
        self.name, self.command, self.cwd, self.log = name, command, cwd, log
        self.port = free_port()
        self.urls = [f"http://127.0.0.1:{self.port}"]

    def start(self) -> "BaselineStack":
        log = self.log
        self.processes.append(subprocess.Popen(self.command + [str(self.port)], cwd=self.cwd,
                                               stdout=log.open("a"), stderr=subprocess.STDOUT))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.processes[0].poll() is not None:
                raise RuntimeError(f"{self.name} exited: {log.read_text()}")
            try:
                if requests.get(f"{self.urls[0]}/api/v1/stages/{stage_key(1)}/standings", timeout=1).ok:
                    return self
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError(f"{self.name} did not start: {log.read_text()}")


def bare_stack(payloads: Path) -> BaselineStack:
    return BaselineStack("bare", [sys.executable, str(BARE_SERVER), str(payloads)], ROOT,
                         payloads.with_name("bare.log"))


def node_stack(payloads: Path) -> BaselineStack:
    """socket.io 4 as pinned in baselines/node/package-lock.json, installed with `npm ci` when missing."""
    pinned = json.loads((NODE_DIR / "package.json").read_text())["dependencies"]["socket.io"]
    installed = NODE_DIR / "node_modules" / "socket.io" / "package.json"
    if not installed.exists() or json.loads(installed.read_text())["version"] != pinned:
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=NODE_DIR, check=True,
                       timeout=300)
    return BaselineStack("node", ["node", "server.js", str(payloads)], NODE_DIR, payloads.with_name("node.log"))


@contextmanager
def postgres_database():
    import psycopg

    name = f"podium_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- running the load ----------------------------------------------------------------------------------------

def step_name(step: dict) -> str:
    return step["mode"] + (f" with {step['watchers']:,} watchers" if "watchers" in step else "")


def bursts(watchers: int) -> dict:
    return {"mode": "bursts", "watchers": watchers, "stages": BURST_STAGES, "budget_s": ROW_BUDGET_S,
            "rounds": ROUNDS_AT_5000 if watchers >= 5000 else ROUNDS}


def rate(watchers: int) -> dict:
    return {"mode": "rate", "watchers": watchers, "stages": RATE_JUDGES // JUDGES, "per_second": RATE_PER_SECOND,
            "seconds": RATE_SECONDS}


def run_load(stack: Stack, steps: list[dict]) -> list[dict]:
    """The steps run by one load process against the stack; a row per step that measured something."""
    most = max([s.get("watchers", 0) for s in steps])
    plan = {"servers": stack.urls, "pids": stack.pids, "stages": stages_plan(STAGES, len(stack.urls)),
            "watch_stages": BURST_STAGES, "entries": [f"E{e:02d}" for e in range(1, ENTRIES + 1)],
            "criteria": list(CRITERIA), "workers": math.ceil(most / WATCHERS_PER_PROCESS), "rule": RULE,
            "watch": WATCH, "lost_after_s": LOST_AFTER_S, "pause_s": PAUSE_S, "steps": steps}
    load = subprocess.Popen([sys.executable, "-m", "benchmarks.live_load"], cwd=ROOT, text=True, start_new_session=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = load.communicate(json.dumps(plan), timeout=LOAD_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(load.pid, signal.SIGKILL)  # the load process and its watcher processes
        load.communicate()
        raise RuntimeError(f"the load did not finish in {LOAD_TIMEOUT_S} s") from None
    if load.returncode:
        raise RuntimeError(f"the load process failed: {err[-3000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    rows = [summary(stack, step, result["records"]) for step in result["steps"] if step["mode"] != "warm"]
    for row in rows:
        print(f"  {stack.name:10} {row['mode']:6} {row['watchers']:5} watchers: {short(row)}", flush=True)
    return rows


def summary(stack: Stack, step: dict, records: list[dict]) -> dict:
    """The row of a step: latencies (ms) of the acks and of the watchers' snapshots, counts, CPU."""
    acks = [a["latency"] if a["latency"] is not None else math.inf for a in step["acks"]]
    by_stage: dict[str, list] = {}
    for record in records:
        if record["index"] < step["watchers"]:
            arrivals = record["arrivals"]
            by_stage.setdefault(record["stage"], []).append(list(zip(arrivals[::2], arrivals[1::2])))
    first, final, lost, deliveries = [], [], 0, 0
    for burst in step["bursts"]:
        at, before, target = burst["at"], burst["before"], burst["final"]
        for arrivals in by_stage.get(burst["stage"], []):
            deliveries += 1
            # arrivals after the burst only: when an ack never came but the submit was stored, the
            # seqs counted from the acks are too low and an older snapshot would seem to answer
            firsts = [t for seq, t in arrivals if seq > before and t >= at]
            finals = [t for seq, t in arrivals if seq >= target and t >= at]
            first.append(min(firsts) - at if firsts else math.inf)
            final.append(min(finals) - at if finals and min(finals) - at <= LOST_AFTER_S else math.inf)
            lost += final[-1] == math.inf
    if step["mode"] == "rate":  # lost: watchers without the last seq LOST_AFTER_S after the last ack
        lost, deliveries = step["behind"], step["watchers"]
    counters = step["counters"]
    return {
        "stack": stack.name, "mode": step["mode"], "watchers": step["watchers"],
        "connect_s": step["connect"]["seconds"], "rounds": len({b["at"] for b in step["bursts"]}),
        "submits": len(step["acks"]), "refused": sum(not a["ack"].get("ok") for a in step["acks"]),
        "ack": percentiles(acks), "first": percentiles(first), "final": percentiles(final),
        "lost": lost, "deliveries": deliveries,
        "rewatches": {k: counters[k] for k in ("gap", "duplicate", "stale")}, "backwards": counters["backwards"],
        "dropped": counters["drops"], "not_connected": step["not_connected"], "errors": step["errors"],
        "snapshot_kb": step["snapshot_bytes"] / 1024 if step["snapshot_bytes"] else None,
        "seq_mismatch": step["seq_mismatch"], "server": step["server"], "load": step["load"],
        "others_cpu": step["others_cpu"], "wall": step["wall"], "connect_server_cpu": step["connect"]["server_cpu"],
    }


def short(row: dict) -> str:
    p99 = lambda key: f"{row[key]['p99']:.0f}" if row[key] else "-"  # noqa: E731
    return (f"ack p99 {p99('ack')} ms, board p99 {p99('first')} ms, final p99 {p99('final')} ms, "
            f"lost {row['lost']}/{row['deliveries']}, re-watches {sum(row['rewatches'].values())}, "
            f"dropped {row['dropped']}+{row['not_connected']}, {row['rounds']} rounds in {row['wall']:.1f} s, "
            f"connect {row['connect_s']:.1f} s, server CPU {row['server']['cpu']:.1f} s, "
            f"load {row['load']['busiest']:.0%}, others {row['others_cpu']:.1f} s")


def measure() -> dict:
    """Every scenario, every stack: the rows and how long it all took."""
    started = time.monotonic()
    results: dict = {"bursts": [], "rate": [], "cluster": [], "skipped": []}
    counts = list(WATCHER_COUNTS)
    with tempfile.TemporaryDirectory(prefix="podium-live-bench-") as folder, ExitStack() as running:
        folder = Path(folder)
        podium = PodiumStack(folder)
        running.callback(podium.stop)
        for row in podium.rows([[{"mode": "warm"}, rate(0)]] + [[bursts(n)] for n in counts]):
            results["rate" if row["mode"] == "rate" else "bursts"].append(row)
        results["skipped"] += podium.failures
        podium.start()
        payloads = folder / "payloads.json"
        payloads.write_text(json.dumps({"stages": podium.snapshots(),
                                        "judges": {t: s["key"] for s in stages_plan(STAGES, 1) for t in s["judges"]}},
                                       ensure_ascii=False), encoding="utf-8")
        podium.stop()
        for make in (bare_stack, node_stack):
            try:
                baseline = make(payloads)
                running.callback(baseline.stop)
                results["bursts"] += baseline.rows([[bursts(n)] for n in counts])
                results["skipped"] += baseline.failures
            except (OSError, RuntimeError, subprocess.SubprocessError) as failure:
                results["skipped"].append(f"{make.__name__}: {failure}")
                print(f"  skipped {make.__name__}: {failure}", flush=True)
        try:
            with postgres_database() as database:
                env = {"PODIUM_DATABASE_URL": database, "PODIUM_MESSAGE_QUEUE": REDIS,
                       "PODIUM_QUEUE_CHANNEL": f"podium-bench-{uuid.uuid4().hex[:8]}"}
                (folder / "cluster").mkdir()
                cluster = PodiumStack(folder / "cluster", servers=2, env=env)
                running.callback(cluster.stop)
                results["cluster"] += cluster.rows([[{"mode": "warm", "stages": BURST_STAGES}, bursts(counts[-1])]])
                results["skipped"] += cluster.failures
        except Exception as failure:  # no PostgreSQL or Redis here: the other tables still stand
            results["skipped"].append(f"PostgreSQL + Redis: {failure}")
            print(f"  skipped PostgreSQL + Redis: {failure}", flush=True)
    results["seconds"] = time.monotonic() - started
    if os.environ.get("BENCH_LIVE_JSON"):  # every row's numbers, for a closer look
        Path(os.environ["BENCH_LIVE_JSON"]).write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    return results


# --- tables ---------------------------------------------------------------------------------------------------

def number(value: float) -> str:
    return "∞" if value == math.inf else f"{value:,.0f}"


def ms(p: dict | None) -> str:
    return " / ".join(number(p[k]) for k in ("p50", "p95", "p99", "max")) if p else "–"


def p99_ratio(a: dict | None, b: dict | None, key: str) -> float | None:
    if a and b and a.get(key) and b.get(key) and b[key]["p99"]:
        return a[key]["p99"] / b[key]["p99"]
    return None


def ratio(a: dict | None, b: dict | None, key: str) -> str:
    value = p99_ratio(a, b, key)
    return "–" if value is None or math.isnan(value) else "∞" if value == math.inf else f"{value:.2f}x"


def p99(row: dict | None, key: str) -> str:
    return number(row[key]["p99"]) if row and row.get(key) else "–"


def usage(r: dict) -> str:
    """The CPU and memory cells every table ends with."""
    return (f"{r['server']['cpu']:.1f} | {r['server']['rss_mb']:.0f} | "
            f"{r['load']['busiest']:.0%} of {r['load']['processes']} | {r['others_cpu']:.1f} |")


USAGE = "server CPU (s) | server RSS (MB) | busiest load process (CPU) | rest of the machine's CPU (s) |"


def detail_table(rows: list[dict]) -> str:
    lines = ["| watchers | stack | rounds | connect all (s) | snapshot (KB) | ack p50 / p95 / p99 / max (ms) | "
             "board: first snapshot p50 / p95 / p99 / max (ms) | final snapshot p50 / p95 / p99 / max (ms) | "
             "lost | re-watches (gap / dup / stale) | seq backwards | dropped | not connected | " + USAGE,
             "|" + "---:|" * 2 + "---:|" * 15]
    for r in rows:
        w = r["rewatches"]
        size = f"{r['snapshot_kb']:.1f}" if r["snapshot_kb"] else "–"
        lines.append(
            f"| {r['watchers']:,} | {r['stack']} | {r['rounds']} | {r['connect_s']:.1f} | {size} | {ms(r['ack'])} | "
            f"{ms(r['first'])} | {ms(r['final'])} | {r['lost']:,} of {r['deliveries']:,} | "
            f"{sum(w.values()):,} ({w['gap']:,} / {w['duplicate']:,} / {w['stale']:,}) | {r['backwards']:,} | "
            f"{r['dropped']:,} | {r['not_connected']:,} | " + usage(r))
    return "\n".join(lines)


def comparison_table(rows: list[dict], podium: str = "Podium") -> str:
    by = {(r["stack"], r["watchers"]): r for r in rows}
    lines = ["| watchers | board p99 (ms): Podium / bare / node | final snapshot p99 (ms): Podium / bare / node | "
             "Podium ÷ bare: board / final | Podium ÷ node: board / final |", "|---:|---:|---:|---:|---:|"]
    for n in sorted({r["watchers"] for r in rows if r["stack"] == podium}):
        p, b, o = by.get((podium, n)), by.get(("bare", n)), by.get(("node", n))
        lines.append(f"| {n:,} | {p99(p, 'first')} / {p99(b, 'first')} / {p99(o, 'first')} | "
                     f"{p99(p, 'final')} / {p99(b, 'final')} / {p99(o, 'final')} | "
                     f"{ratio(p, b, 'first')} / {ratio(p, b, 'final')} | {ratio(p, o, 'first')} / {ratio(p, o, 'final')} |")
    return "\n".join(lines)


def rate_table(rows: list[dict]) -> str:
    lines = ["| judges | submits a second | watchers | submits | not acknowledged ok | ack p50 / p95 / p99 / max (ms) | "
             "lost | re-watches | dropped | " + USAGE, "|" + "---:|" * 13]
    for r in rows:
        lines.append(f"| {RATE_JUDGES} | {RATE_JUDGES * RATE_PER_SECOND} | {r['watchers']:,} | {r['submits']:,} | "
                     f"{r['refused']:,} | {ms(r['ack'])} | {r['lost']:,} of {r['deliveries']:,} | "
                     f"{sum(r['rewatches'].values()):,} | {r['dropped'] + r['not_connected']:,} | " + usage(r))
    return "\n".join(lines)


def cluster_table(rows: list[dict], single: list[dict]) -> str:
    bare = {r["watchers"]: r for r in single if r["stack"] == "bare"}
    lines = ["| watchers | stack | board p99 (ms) | final snapshot p99 (ms) | ÷ bare in one process: board / final | "
             "lost | re-watches | dropped | " + USAGE, "|---:|---|" + "---:|" * 10]
    for r in rows:
        for row in filter(None, (r, bare.get(r["watchers"]))):
            versus = f"{ratio(row, bare[r['watchers']], 'first')} / {ratio(row, bare[r['watchers']], 'final')}" \
                if row is r and r["watchers"] in bare else ""
            lines.append(f"| {row['watchers']:,} | {row['stack']} | {p99(row, 'first')} | {p99(row, 'final')} | "
                         f"{versus} | {row['lost']:,} of {row['deliveries']:,} | {sum(row['rewatches'].values()):,} | "
                         f"{row['dropped'] + row['not_connected']:,} | " + usage(row))
    return "\n".join(lines)


def targets(results: dict) -> list[str]:
    """The issue's targets, each with what this run measured."""
    by = {(r["stack"], r["watchers"]): r for r in results["bursts"] + results["cluster"]}
    podium, bare, node = by.get(("Podium", 2000)), by.get(("bare", 2000)), by.get(("node", 2000))

    def verdict(ok: bool) -> str:
        return "met" if ok else "**not met**"

    def versus(target: float, value: float | None) -> str:
        if value is None or math.isnan(value):
            return "not measured"
        return f"{'∞' if value == math.inf else f'{value:.2f}x'}, {verdict(value <= target)}"
    lines = []
    if podium and bare:
        gaps, dropped = podium["rewatches"]["gap"], podium["dropped"] + podium["not_connected"]
        lines += [f"2,000 watchers, board p99 ≤ 1.2x bare's: {versus(1.2, p99_ratio(podium, bare, 'first'))}",
                  f"2,000 watchers, final snapshot p99 ≤ 1.5x bare's: {versus(1.5, p99_ratio(podium, bare, 'final'))}",
                  f"2,000 watchers, 0 lost, 0 re-watches after a gap (folding), 0 dropped: {podium['lost']:,} lost, "
                  f"{gaps:,} re-watches, {dropped:,} dropped, {verdict(podium['lost'] + gaps + dropped == 0)}"]
    for r in results["rate"]:
        if r["ack"]:
            lines.append(f"{RATE_JUDGES} judges at {RATE_PER_SECOND} marks/s with {r['watchers']:,} watchers, ack p99 < 50 ms: "
                         f"{number(r['ack']['p99'])} ms, {verdict(r['ack']['p99'] < 50)}")
    most = max(WATCHER_COUNTS)
    cluster = by.get(("Podium x2", most))
    if cluster:
        lines.append(f"{most:,} watchers on two processes (PostgreSQL + Redis) against bare's one process, board p99: "
                     f"{p99(cluster, 'first')} ms against {p99(by.get(('bare', most)), 'first')} ms "
                     f"({ratio(cluster, by.get(('bare', most)), 'first')})")
    if podium and node:
        lines.append(f"stretch, 2,000 watchers, board p99 ≤ node's: {versus(1.0, p99_ratio(podium, node, 'first'))}")
    return lines


def table(results: dict) -> str:
    """The markdown of the live path's tables."""
    parts = [f"**Bursts**: {BURST_STAGES} stages at once, each with a panel of {JUDGES} judges submitting the same "
             f"entry at the same moment; Podium on SQLite in one process.", "",
             comparison_table(results["bursts"]), "", detail_table(results["bursts"]), "",
             f"**Judges at a steady rate**: {RATE_JUDGES} judges on {RATE_JUDGES // JUDGES} stages, each sending "
             f"{RATE_PER_SECOND} submits a second for {RATE_SECONDS} s over their stage's entries without waiting "
             f"for the acks; Podium on SQLite.", "", rate_table(results["rate"]), ""]
    if results["cluster"]:
        parts += ["**Two Podium processes on PostgreSQL with Redis** (the message queue), watchers and stages split "
                  "between them, against the bare stack in one process with all the watchers (its row above).", "",
                  cluster_table(results["cluster"], results["bursts"]), "", detail_table(results["cluster"]), ""]
    parts += ["**Targets** (ratios within this run):", ""] + [f"- {line}" for line in targets(results)]
    parts += [f"- not run: {s}" for s in results["skipped"]]
    return "\n".join(parts)
