"""A real `podium run` process on a free loopback port, for tests and benchmarks."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PODIUM = [sys.executable, "-m", "podium"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """A `podium run` process (gevent) with its own instance folder; stopped by stop()."""

    def __init__(self, instance: Path, env: dict | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "PODIUM_INSTANCE": str(instance), **(env or {})}
        self.log = instance / "server.log"
        self.process = None

    def podium(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(PODIUM + list(args), env=self.env, cwd=ROOT, capture_output=True, text=True, timeout=120)

    def start(self) -> "ServerProcess":
        self.process = subprocess.Popen(PODIUM + ["run", "--host", "127.0.0.1", "--port", str(self.port)],
                                        env=self.env, cwd=ROOT, stdout=self.log.open("w"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()}")
            try:
                if requests.get(self.url + "/screens", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError(f"server did not start: {self.log.read_text()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def standings(self, stage: str = "final") -> dict:
        return requests.get(f"{self.url}/api/v1/stages/{stage}/standings", timeout=5).json()


