"""`podium backup FILE` and `podium restore FILE`: the whole database in one file, and back.

SQLite: SQLite's online backup API (sqlite3.Connection.backup), which copies a consistent snapshot
page by page while the server keeps writing (WAL: writers are not blocked; the copy is of one read
transaction). PostgreSQL: pg_dump in its custom format, restored by pg_restore in one transaction.

A restore refuses to overwrite a database that holds data (any row outside alembic_version) unless
forced: the venue's truth is never replaced by mistake.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy import inspect, select, table, text
from sqlalchemy.engine import make_url

from scoring.db import make_engine

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"
SCHEMA_VERSION = "alembic_version"  # rows here are the schema's version, not the competition's data


class BackupError(Exception):
    """A backup or restore that cannot be done; nothing was changed. The message says why."""


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    return Path(parsed.database) if parsed.get_backend_name() == "sqlite" and parsed.database else None


def _libpq(url: str) -> str:
    """The SQLAlchemy URL as libpq reads it (postgresql+psycopg://... -> postgresql://...)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _pg_tool(name: str) -> str:
    found = shutil.which(name) or (f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return found


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()}")


def backup(url: str, target: Path) -> str:
    """Write the database at `url` to `target` (replaced whole, or not at all); what was written."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)[1])
    try:
        source_path = _sqlite_path(url)
        if source_path is not None:
            if not source_path.exists():
                raise BackupError(f"There is no database at {source_path}.")
            source = sqlite3.connect(source_path, timeout=30)
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy)  # all pages in one step: one consistent read transaction
                copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            finally:
                copy.close()
                source.close()
            kind = "SQLite online backup"
        else:
            _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(partial), _libpq(url)])
            kind = "pg_dump custom format"
        os.replace(partial, target)  # a reader of `target` never sees half a backup
    finally:
        partial.unlink(missing_ok=True)
    return f"Backed up to {target} ({kind}, {target.stat().st_size:,} bytes)."


def has_data(url: str) -> bool:
    """Whether the database holds any row outside the schema's version (a missing SQLite file: no)."""
    path = _sqlite_path(url)
    if path is not None and not path.exists():
        return False
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            names = [name for name in inspect(connection).get_table_names() if name != SCHEMA_VERSION]
            return any(connection.execute(select(text("1")).select_from(table(name)).limit(1)).first() is not None
                       for name in names)
    finally:
        engine.dispose()


def _kind_of(source: Path) -> bytes:
    with open(source, "rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    for magic in (SQLITE_MAGIC, PG_MAGIC):
        if head.startswith(magic):
            return magic
    raise BackupError(f"{source} is not a Podium backup (neither a SQLite database nor a pg_dump custom archive).")


def restore(url: str, source: Path, force: bool = False) -> str:
    """Replace the database at `url` by the backup `source`. Refused when the database holds data,
    unless `force`. Stop the server first: it keeps snapshots of what it last read."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"There is no backup file {source}.")
    kind = _kind_of(source)
    path = _sqlite_path(url)
    if (kind == SQLITE_MAGIC) != (path is not None):
        raise BackupError(f"{source} is a {'SQLite' if kind == SQLITE_MAGIC else 'PostgreSQL'} backup; "
                          f"the database is {'SQLite' if path is not None else 'PostgreSQL'}.")
    if not force and has_data(url):
        raise BackupError("The database already holds data; restore with --force to replace it.")
    if path is not None:
        backup_file = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            if backup_file.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError(f"{source} is damaged (SQLite quick_check failed).")
            path.parent.mkdir(parents=True, exist_ok=True)
            database = sqlite3.connect(path, timeout=30)
            try:
                backup_file.backup(database)  # page by page under the database's write lock
            finally:
                database.close()
        finally:
            backup_file.close()
    else:
        _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
              "--exit-on-error", "--dbname", _libpq(url), str(source)])
    return f"Restored {source} into the database."
