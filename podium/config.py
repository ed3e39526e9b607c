"""Configuration from the environment. Only configuration differs between a laptop and a cluster."""
from __future__ import annotations

import os
import secrets
from pathlib import Path


def instance_dir() -> Path:
    path = Path(os.environ.get("PODIUM_INSTANCE", Path.cwd() / "instance")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def instance_secret(name: str) -> str:
    """A secret kept in the instance folder, made on first use (stable across restarts)."""
    path = instance_dir() / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()


def from_environment() -> dict:
    return {
        "DATABASE_URL": os.environ.get("PODIUM_DATABASE_URL") or f"sqlite:///{instance_dir() / 'podium.db'}",
        "MESSAGE_QUEUE": os.environ.get("PODIUM_MESSAGE_QUEUE") or None,
        "QUEUE_CHANNEL": os.environ.get("PODIUM_QUEUE_CHANNEL") or "podium",
        "SECRET_KEY": os.environ.get("PODIUM_SECRET_KEY") or instance_secret("secret-key"),
        "PUBLIC_URL": os.environ.get("PODIUM_PUBLIC_URL") or None,
        "BABEL_DEFAULT_LOCALE": "zh",
        "ASYNC_MODE": os.environ.get("PODIUM_ASYNC_MODE") or None,
        "TIMEZONE": os.environ.get("PODIUM_TIMEZONE") or "Asia/Shanghai",
    }
