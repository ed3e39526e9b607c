"""Real `podium run` processes and fresh databases, for tests and benchmarks."""
from __future__ import annotations

import atexit
from typing import Optional
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PODIUM = [sys.executable, "-m", "podium"]
_FOLDER: list[Path] = []  # this process's folder of template databases
_TEMPLATES: dict[str, Path] = {}  # what a template holds -> its file


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _template(key: str, make) -> Path:
    if key not in _TEMPLATES:
        if not _FOLDER:
            _FOLDER.append(Path(tempfile.mkdtemp(prefix="podium-templates-")))
            atexit.register(shutil.rmtree, _FOLDER[0], True)
        path = _FOLDER[0] / f"{hashlib.sha256(key.encode()).hexdigest()[:16]}.sqlite"
        make(path)
        _TEMPLATES[key] = path
    return _TEMPLATES[key]


def _migrate_into(path: Path) -> None:
    from scoring.db import make_engine, migrate

    engine = make_engine(f"sqlite:///{path}")
    try:
        migrate(engine)
    finally:
        engine.dispose()  # the last connection checkpoints the WAL into the file


def migrated_sqlite(path: Path, data: dict | None = None) -> str:
    """A new SQLite database at `path` with the newest schema, and the competition `data` loaded when
    given. The migrations run once per process into a template file, and each competition is loaded
    once into a copy of it; every database asked for is a copy (milliseconds, not most of a second)."""
    schema = _template("schema", _migrate_into)
    if data is not None:
        def load(into: Path) -> None:
            from scoring.db import make_engine, make_sessionmaker, transaction
            from scoring.loader import load_competition

            shutil.copyfile(schema, into)
            engine = make_engine(f"sqlite:///{into}")
            try:
                with transaction(make_sessionmaker(engine)) as session:
                    load_competition(session, data)
            finally:
                engine.dispose()

        schema = _template(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str), load)
    shutil.copyfile(schema, path)
    return f"sqlite:///{path}"


class ServerProcess:
    """A `podium run` process (gevent) with its own instance folder; stopped by stop()."""

    def __init__(self, instance: Path, env: dict | None = None, host: str = "127.0.0.1"):
        self.host = host  # where it listens (0.0.0.0: every interface); it is reached at 127.0.0.1
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.instance = instance
        self.env = {**os.environ, "PODIUM_INSTANCE": str(instance), **(env or {})}
        self.log = instance / "server.log"
        self.process = None

    def podium(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(PODIUM + list(args), env=self.env, cwd=ROOT, capture_output=True, text=True, timeout=120)

    def start(self) -> "ServerProcess":
        return self.launch().wait_until_serving()

    def launch(self) -> "ServerProcess":
        """Starts the process without waiting for it (several servers start side by side)."""
        self.process = subprocess.Popen(PODIUM + ["run", "--host", self.host, "--port", str(self.port)],
                                        env=self.env, cwd=ROOT, stdout=self.log.open("w"), stderr=subprocess.STDOUT)
        return self

    def wait_until_serving(self) -> "ServerProcess":
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()}")
            try:
                if requests.get(self.url + "/screens", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError(f"server did not start: {self.log.read_text()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def standings(self, stage: str = "final") -> dict:
        return requests.get(f"{self.url}/api/v1/stages/{stage}/standings", timeout=5).json()


def called_through(sessions, stage_key: str, entry_key: Optional[str] = None) -> None:
    """The chief has called the stage's entries up to `entry_key` (by default all: the last in
    running order is current), so those not locked take marks: test data marked in any order.
    The seq is left as it is: this is set-up, before anything watches the stage."""
    from sqlalchemy import select, update

    from scoring.db import transaction
    from scoring.models import Entry, Stage

    with transaction(sessions) as session:
        stage_id = session.scalar(select(Stage.id).where(Stage.key == stage_key))
        entries = select(Entry.id).where(Entry.stage_id == stage_id)
        if entry_key is not None:
            entries = entries.where(Entry.key == entry_key)
        last = session.scalar(entries.order_by(Entry.running_order.desc(), Entry.id.desc()).limit(1))
        session.execute(update(Stage).where(Stage.id == stage_id).values(current_entry_id=last))
