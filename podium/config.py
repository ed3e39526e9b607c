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
        **web_security(),
    }


def _limits_storage() -> str:
    """Rate-limit counters: in the process's memory, or in the Redis the cluster already shares."""
    chosen = os.environ.get("PODIUM_RATE_LIMIT_STORAGE") or os.environ.get("PODIUM_MESSAGE_QUEUE") or ""
    return chosen if chosen.startswith(("redis://", "rediss://", "memory://")) else "memory://"


def web_security() -> dict:
    """Logins, sessions, cookies and rate limits (docs/security.md explains each number)."""
    return {
        # A console session ends after this long without a request (the cookie is renewed by each one).
        "SESSION_IDLE_MINUTES": float(os.environ.get("PODIUM_SESSION_IDLE_MINUTES") or 60),
        # "auto": cookies are Secure when the page came over HTTPS (X-Forwarded-Proto from a trusted
        # proxy counts); "always"; "never".
        "SECURE_COOKIES": os.environ.get("PODIUM_SECURE_COOKIES") or "auto",
        # Proxies in front of the server whose X-Forwarded-For/-Proto are believed (1 behind `make cluster`'s nginx).
        "PROXIES": int(os.environ.get("PODIUM_PROXIES") or 0),
        "RATELIMIT_STORAGE_URI": _limits_storage(),
        "RATELIMIT_KEY_PREFIX": "podium-limits",
        # Every anonymous HTTP request (pages and APIs; static files and organizers are exempt), per address.
        "RATELIMIT_DEFAULT": os.environ.get("PODIUM_RATE_LIMIT_ANONYMOUS") or "12000 per minute;1500 per 5 seconds",
        # Failed logins (HTTP 401) per username and per address; past either, every login is refused (429).
        "LOGIN_LIMIT_USERNAME": os.environ.get("PODIUM_LOGIN_LIMIT_USERNAME") or "10 per 15 minutes",
        "LOGIN_LIMIT_ADDRESS": os.environ.get("PODIUM_LOGIN_LIMIT_ADDRESS") or "30 per 15 minutes",
    }
