"""The cluster of docs/deploy.md, for real: deploy/cluster.py on a fresh PostgreSQL database and Redis
starts two gunicorn processes (deploy/gunicorn.conf.py, podium.wsgi) and nginx in front of them (when
nginx is installed), and stops them all on SIGINT."""
from __future__ import annotations

import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
import socketio

from conftest import GOOD_MARKS, TOKENS, loaded_database
from podium.testing import ROOT
from test_postgres import pg_url  # noqa: F401  (the fixture: a fresh database, dropped afterwards)
from test_protocol import standings_until

sys.path.insert(0, str(ROOT / "deploy"))
import cluster  # noqa: E402

pytestmark = [pytest.mark.server, pytest.mark.postgres]


def bindable(port: int) -> bool:
    """Nothing listens on the port (a connection attempt is no test: a client's own ephemeral port may
    be the same number, and the connection then reaches itself)."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_ports(count: int) -> int:
    """A port such that it and the next count - 1 are free, below the ephemeral range: a connection
    attempt to a port of that range not listening yet may reach itself (its own source port chosen the
    same) and hang instead of being refused."""
    lowest_ephemeral = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    while True:
        base = random.randrange(10000, lowest_ephemeral - count)
        if all(bindable(base + i) for i in range(count)):
            return base


def answers(url: str) -> bool:
    try:
        return requests.get(url + "/screens", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def serving(process: subprocess.Popen, urls: list[str], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not all(answers(url) for url in urls):
        assert process.poll() is None, process.communicate()[0]
        assert time.monotonic() < deadline, f"the cluster did not start: {urls}"
        time.sleep(0.1)


def board(url: str, transport: str) -> socketio.SimpleClient:
    client = socketio.SimpleClient()
    client.connect(url, namespace="/display", transports=[transport])
    client.emit("watch", {"stage": "final"})
    return client


def tablet(url: str, key: str, transport: str = "websocket") -> socketio.SimpleClient:
    client = socketio.SimpleClient()
    client.connect(url, namespace="/judge", auth={"token": TOKENS[key]}, transports=[transport])
    assert client.receive(timeout=5)[0] == "hello"
    return client


def test_cluster_serves_on_every_process_and_broadcasts_across_them(tmp_path, pg_url):  # noqa: F811
    loaded = loaded_database(pg_url)  # the speech competition, loaded before the cluster starts
    next(loaded)
    loaded.close()
    try:
        nginx = cluster.nginx_binary()
    except cluster.ClusterError:
        nginx = None
    port = free_ports(3)
    env = {**os.environ, "PODIUM_DATABASE_URL": pg_url, "PODIUM_MESSAGE_QUEUE": "redis://127.0.0.1:6379/0",
           "PODIUM_QUEUE_CHANNEL": f"podium-test-{uuid.uuid4().hex[:8]}", "PODIUM_INSTANCE": str(tmp_path / "instance")}
    command = [sys.executable, str(ROOT / "deploy" / "cluster.py"), "--port", str(port), "--host", "127.0.0.1"]
    launcher = subprocess.Popen(command + ([] if nginx else ["--no-balancer"]), env=env, cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    servers = [f"http://127.0.0.1:{port + 1}", f"http://127.0.0.1:{port + 2}"]
    balancer = f"http://127.0.0.1:{port}"
    clients = []
    try:
        serving(launcher, servers + ([balancer] if nginx else []))
        for url in servers:
            assert requests.get(f"{url}/board/final", timeout=5).status_code == 200

        # A board on the second process sees a judge's submit on the first (through the Redis queue).
        watcher = board(servers[1], "websocket")
        clients.append(watcher)
        assert standings_until(watcher, lambda p: True)["seq"] == 0
        chief, j2 = tablet(servers[0], "J1"), tablet(servers[0], "J2")
        clients += [chief, j2]
        assert chief.call("next", {}) == {"ok": True}
        assert j2.call("submit", {"entry": "E1", "marks": GOOD_MARKS, "client_id": str(uuid.uuid4())})["ok"]
        seen = standings_until(watcher, lambda p: p["current"] and p["current"]["marks_in"] == 1)
        assert seen["seq"] == 2 and seen["current"]["entry"] == "E1"

        if nginx:  # through the balancer: a page, a board on long polling (sticky), a tablet on a websocket
            assert requests.get(f"{balancer}/board/final", timeout=5).status_code == 200
            polling = board(balancer, "polling")
            clients.append(polling)
            assert standings_until(polling, lambda p: True)["seq"] == 2
            j3 = tablet(balancer, "J3")
            clients.append(j3)
            assert j3.call("submit", {"entry": "E1", "marks": GOOD_MARKS, "client_id": str(uuid.uuid4())})["ok"]
            assert standings_until(polling, lambda p: p["current"]["marks_in"] == 2)["seq"] == 3
            assert standings_until(watcher, lambda p: p["current"]["marks_in"] == 2)["seq"] == 3
    finally:
        for client in clients:
            client.disconnect()
        launcher.send_signal(signal.SIGINT)
        output = launcher.communicate(timeout=20)[0]
    assert launcher.returncode == 0, output
    assert "Stopped." in output
    assert all(bindable(p) for p in (port, port + 1, port + 2))  # nothing left listening, nothing left running:
    logs = tmp_path / "instance" / "cluster"
    assert not (logs / "nginx.pid").exists()
    for server_port in (port + 1, port + 2):
        log = (logs / f"podium-{server_port}.log").read_text()
        pids = re.findall(r"Listening at: \S+ \((\d+)\)|Booting worker with pid: (\d+)", log)
        assert len(pids) == 2 and not any(Path(f"/proc/{master or worker}").exists() for master, worker in pids)
        # each process waits for PostgreSQL without stopping its other greenlets
        assert "psycopg waits for PostgreSQL with wait_poll" in log
