"""Podium on several server processes behind a sticky load balancer, on PostgreSQL and Redis:
`make cluster` (docs/deploy.md).

    python deploy/cluster.py [--processes N] [--host HOST] [--port PORT] [--demo] [--no-balancer]

Creates the PostgreSQL database when it is missing, runs `podium migrate` once (with --demo it also loads
the demo campaign into an empty database), starts N gunicorn processes (deploy/gunicorn.conf.py) on
127.0.0.1:PORT+1 .. PORT+N and nginx (deploy/nginx.conf.in) on HOST:PORT in front of them, prints the
address, and stops them all on Ctrl-C (SIGINT) or SIGTERM. Every process gets the same database, message
queue, secret key and instance folder."""
from __future__ import annotations

import argparse
import os
import pwd
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
DEFAULTS = {"PODIUM_DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:5432/podium",
            "PODIUM_MESSAGE_QUEUE": "redis://127.0.0.1:6379/0",
            "PODIUM_PROXIES": "1"}  # behind nginx: the client's address is its X-Forwarded-For (rate limits)
STARTUP_SECONDS = 60


class ClusterError(Exception):
    """Something the cluster needs is missing; the message says what to do."""


class Interrupted(ClusterError):
    """Ctrl-C or SIGTERM: the cluster stops."""


def cluster_environment() -> dict:
    """This process's environment with the cluster's defaults filled in, and the instance folder and secret
    key every process shares made explicit (the key is the instance folder's, made once, unless
    PODIUM_SECRET_KEY is set). The processes started from here inherit it."""
    for name, value in DEFAULTS.items():
        os.environ[name] = os.environ.get(name) or value
    from podium import config

    os.environ["PODIUM_INSTANCE"] = str(config.instance_dir())
    os.environ["PODIUM_SECRET_KEY"] = os.environ.get("PODIUM_SECRET_KEY") or config.instance_secret("secret-key")
    return dict(os.environ)


def create_database(url: str) -> bool:
    """Creates the PostgreSQL database of `url` when it does not exist; True when it was made."""
    import psycopg
    from psycopg import sql

    wanted = make_url(url)
    if not wanted.drivername.startswith("postgresql"):
        raise ClusterError(f"PODIUM_DATABASE_URL is {url}: several server processes need PostgreSQL "
                           "(postgresql+psycopg://user@host/database).")
    server = wanted.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    try:
        with psycopg.connect(server, autocommit=True, connect_timeout=5) as admin:
            if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (wanted.database,)).fetchone():
                return False
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(wanted.database)))
            return True
    except psycopg.Error as failed:
        raise ClusterError(f"PostgreSQL at {wanted.host}:{wanted.port or 5432} did not let us check or create "
                           f"the database {wanted.database}: {failed}".strip()) from failed


def check_queue(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=5).ping()
    except redis.RedisError as failed:
        raise ClusterError(f"The message queue PODIUM_MESSAGE_QUEUE={url} does not answer: {failed}") from failed


def nginx_binary() -> str:
    """nginx's path (Debian's is /usr/sbin/nginx, outside a user's PATH)."""
    found = shutil.which("nginx", path=f"{os.environ.get('PATH', '')}:/usr/local/sbin:/usr/sbin:/sbin")
    if found is None:
        raise ClusterError("nginx is not installed: `make cluster` installs it (apt-get install nginx), "
                           "or pass --no-balancer to start the server processes alone.")
    return found


def upstream_ports(port: int, processes: int) -> list[int]:
    return [port + i for i in range(1, processes + 1)]


def nginx_config(listen: str, ports: list[int], run: Path) -> str:
    """deploy/nginx.conf.in for a balancer on `listen` (host:port) in front of 127.0.0.1:`ports`; nginx's
    pid, log and temporary files in `run`. Run as root, nginx's workers are this same user: its own
    default (nobody) could not write its temporary files there."""
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
    servers = "\n".join(f"        server 127.0.0.1:{p};" for p in ports)
    text = (DEPLOY / "nginx.conf.in").read_text()
    for name, value in {"@USER@": user, "@RUN@": str(run), "@SERVERS@": servers, "@LISTEN@": listen}.items():
        text = text.replace(name, value)
    return text


def podium(env: dict, *args: str) -> None:
    """`podium ARGS` in a process of its own, its output shown; a failure stops the cluster's start."""
    done = subprocess.run([sys.executable, "-m", "podium", *args], env=env, cwd=ROOT)
    if done.returncode != 0:
        raise ClusterError(f"`podium {' '.join(args)}` failed (exit status {done.returncode}).")


class Cluster:
    """The server processes and the balancer, each in a session of its own: Ctrl-C reaches this process
    only, and stop() ends them in order (the balancer first, then the servers)."""

    def __init__(self, env: dict, run: Path):
        self.env = env
        self.run = run
        self.processes: list[tuple[str, subprocess.Popen, Path]] = []
        self.stopping = threading.Event()  # set by the signal handlers

    def _start(self, name: str, command: list[str]) -> subprocess.Popen:
        log = self.run / f"{name}.log"
        with log.open("w") as out:
            process = subprocess.Popen(command, env=self.env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL, start_new_session=True)
        self.processes.append((name, process, log))
        return process

    def start_server(self, port: int) -> None:
        self._start(f"podium-{port}", [sys.executable, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn.conf.py"),
                                       "-b", f"127.0.0.1:{port}"])

    def start_balancer(self, listen: str, ports: list[int]) -> None:
        for temporary in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.run / temporary).mkdir(exist_ok=True)
        config = self.run / "nginx.conf"
        config.write_text(nginx_config(listen, ports, self.run))
        self._start("nginx", [nginx_binary(), "-p", str(self.run), "-e", str(self.run / "nginx-error.log"),
                              "-c", str(config)])

    def wait_until_serving(self, urls: list[str]) -> None:
        import requests

        deadline = time.monotonic() + STARTUP_SECONDS
        for url in urls:
            while True:
                self.check_running()
                try:
                    if requests.get(url + "/screens", timeout=2).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                if time.monotonic() > deadline:
                    raise ClusterError(f"{url} did not answer within {STARTUP_SECONDS} s; see the logs in {self.run}")
                time.sleep(0.1)

    def check_running(self) -> None:
        if self.stopping.is_set():
            raise Interrupted()
        for name, process, log in self.processes:
            if process.poll() is not None:
                tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:])
                raise ClusterError(f"{name} exited (status {process.returncode}); the end of {log}:\n{tail}")

    def stop(self, timeout: float = 15) -> None:
        """SIGTERM to each, the balancer first (no new requests); a gunicorn finishes its requests for up to
        its graceful_timeout. Whatever still runs after `timeout` is killed with its workers (each was
        started in a session of its own: its process group is it and its workers)."""
        for _, process, _ in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + timeout
        for _, process, _ in self.processes:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=2,
                        help="server processes (gunicorn, one worker each); default 2")
    parser.add_argument("--host", default="0.0.0.0", help="where the balancer listens; default 0.0.0.0")
    parser.add_argument("--port", type=int, default=5000,
                        help="the balancer's port; the server processes take the next N; default 5000")
    parser.add_argument("--demo", action="store_true", help="load the demo campaign into an empty database")
    parser.add_argument("--no-balancer", action="store_true", help="start the server processes without nginx")
    options = parser.parse_args(argv)
    if options.processes < 1:
        parser.error("--processes must be at least 1")

    env = cluster_environment()
    run = Path(env["PODIUM_INSTANCE"]) / "cluster"
    run.mkdir(exist_ok=True)
    cluster = Cluster(env, run)
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda *_: cluster.stopping.set())
    ports = upstream_ports(options.port, options.processes)
    try:
        balancer = None if options.no_balancer else nginx_binary()
        if balancer and not env.get("PODIUM_PUBLIC_URL"):  # the QR codes the servers print open the balancer
            from podium.commands import server_url

            env["PODIUM_PUBLIC_URL"] = server_url(options.host, options.port)
        if create_database(env["PODIUM_DATABASE_URL"]):
            print(f"Created the database {make_url(env['PODIUM_DATABASE_URL']).database}.")
        check_queue(env["PODIUM_MESSAGE_QUEUE"])
        podium(env, "migrate", *(["--demo"] if options.demo else []))  # once, before any server process
        cluster.check_running()
        for port in ports:
            cluster.start_server(port)
        if balancer:
            cluster.start_balancer(f"{options.host}:{options.port}", ports)
        servers = [f"http://127.0.0.1:{port}" for port in ports]
        cluster.wait_until_serving(servers + ([f"http://127.0.0.1:{options.port}"] if balancer else []))
        announce(env, options, servers, balancer, run)
        while True:
            cluster.check_running()
            time.sleep(0.2)
    except Interrupted:
        return 0
    except ClusterError as failed:
        print(f"Podium cluster: {failed}", file=sys.stderr)
        return 1
    finally:
        if cluster.processes:
            print("Stopping the Podium cluster ...", flush=True)
            cluster.stop()
            print("Stopped.", flush=True)


def announce(env: dict, options, servers: list[str], balancer: str | None, run: Path) -> None:
    from podium.commands import server_url

    database = make_url(env["PODIUM_DATABASE_URL"]).render_as_string(hide_password=True)
    print(f"\nPodium cluster: {len(servers)} server process(es) ({', '.join(servers)}) on {database} and "
          f"{env['PODIUM_MESSAGE_QUEUE']}")
    if balancer:
        root = server_url(options.host, options.port)
        print(f"  Serving at        : {root}  (nginx, sticky by client address)")
        print(f"  Organizer console : {root}/organizer/")
        print(f"  Screens (start)   : {root}/screens")
    print(f"  Logs              : {run}/*.log")
    print("Ctrl-C stops everything.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
