"""The cluster's pieces that need no server process (docs/deploy.md): `podium migrate --demo`, the
balancer's configuration, and the WSGI module patching before psycopg is imported."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import podium_cli
from podium.testing import ROOT

sys.path.insert(0, str(ROOT / "deploy"))
import cluster  # noqa: E402


def test_migrate_with_the_demo_loads_it_once_and_makes_the_login(tmp_path):
    instance = tmp_path / "instance"
    first = podium_cli(instance, "migrate", "--demo", env={"PODIUM_ADMIN_PASSWORD": "county-final-2026"})
    assert first.returncode == 0, first.stderr
    assert "7 events, 13 stages, 41 entries" in first.stdout
    # not a terminal: where the password is kept, never the password (issue 12, failure 8)
    assert "Organizer login: admin / (the password is in PODIUM_ADMIN_PASSWORD)" in first.stdout
    assert "county-final-2026" not in first.stdout
    again = podium_cli(instance, "migrate", "--demo")
    assert again.stdout.strip() == "The database's schema is up to date."


def test_the_balancer_is_sticky_by_the_whole_client_address_and_passes_websockets(tmp_path):
    text = cluster.nginx_config("0.0.0.0:5000", cluster.upstream_ports(5000, 3), tmp_path)
    lines = [line.split("#")[0].strip() for line in text.splitlines()]
    assert "hash $remote_addr consistent;" in lines and not any("ip_hash" in line for line in lines)
    assert [line for line in lines if line.startswith("server 127.")] == [
        "server 127.0.0.1:5001;", "server 127.0.0.1:5002;", "server 127.0.0.1:5003;"]
    assert "listen 0.0.0.0:5000;" in lines and "proxy_set_header Host $http_host;" in lines
    assert {"proxy_set_header Upgrade $http_upgrade;", "proxy_set_header Connection $connection_upgrade;"} <= set(lines)
    assert "@" not in text and f"pid {tmp_path}/nginx.pid;" in lines
    try:
        nginx = cluster.nginx_binary()
    except cluster.ClusterError:
        pytest.skip("nginx is not installed (`make cluster` installs it)")
    (tmp_path / "nginx.conf").write_text(text)
    checked = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"),
                              "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_the_wsgi_module_patches_before_psycopg_chooses_how_to_wait(tmp_path):
    env = {**os.environ, "PODIUM_INSTANCE": str(tmp_path),
           "PODIUM_DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:5432/not-connected-to"}
    chosen = subprocess.run([sys.executable, "-c", "import podium.wsgi, psycopg.waiting; "
                             "print(podium.wsgi.app.extensions['podium.socketio'].async_mode, "
                             "psycopg.waiting.wait.__name__)"],
                            env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert chosen.returncode == 0, chosen.stderr
    assert chosen.stdout.split() == ["gevent", "wait_poll"]
