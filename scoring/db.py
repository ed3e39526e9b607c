"""Engine and sessions. The database is the truth; every change is one transaction, and every
change made while the server serves goes through write()."""
from __future__ import annotations

import contextvars
import sys
import threading
import weakref
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            # FULL: every commit is on the disk (the WAL fsynced) before it returns, so a mark is
            # acknowledged only once a power cut can no longer take it (NORMAL may lose the last ones).
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()
            dbapi_connection.isolation_level = None  # transactions are begun below, not by the driver

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection):
            # IMMEDIATE takes the write lock up front (waiting up to busy_timeout) instead of failing
            # when a read transaction later tries to write after another writer committed.
            connection.exec_driver_sql("BEGIN IMMEDIATE" if connection.get_execution_options().get("writes") else "BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: committed on success, rolled back on any error."""
    with sessions() as session, session.begin():
        session.connection(execution_options={"writes": True})
        yield session


T = TypeVar("T")
BATCH = 32  # writes committed together at most, when they queue up behind a commit


def write(fn: Callable[..., T], sessions: sessionmaker[Session], *args: Any) -> T:
    """Make a change: `fn(sessions, *args)` (a service call, which opens its transaction and returns
    after the commit), returning what it returns and raising what it raises, exactly as calling it.

    In the server (gevent) on SQLite the call runs on the database's one writer thread, a real OS
    thread, while the calling greenlet waits cooperatively and the event loop goes on serving every
    socket: sqlite3 lets go of the GIL while SQLite works, fsyncs or waits for a lock another process
    holds (busy_timeout). One thread, so writes never wait for each other inside SQLite, and they run
    one after another in the order they came. Writes that queue up while one commits are committed
    together (a group commit: one fsync for all); each runs in a savepoint of its own, so a refused
    one stores nothing and leaves the others be, and every caller gets its answer only after the
    commit. Anywhere else (PostgreSQL, whose waits already yield to the loop; the CLI; tests with
    threads; a call made off the loop's thread) the call runs inline, in a transaction of its own."""
    return _writer(sessions).run(fn, *args)


class _Inline:
    def __init__(self, sessions: sessionmaker[Session]):
        self.sessions = sessions

    def run(self, fn: Callable[..., T], *args: Any) -> T:
        return fn(self.sessions, *args)


class _Write:
    """One call queued for the writer thread, and its outcome."""

    def __init__(self, context: contextvars.Context, fn: Callable, args: tuple, done):
        self.context, self.fn, self.args, self.done = context, fn, args, done
        self.value: Any = None
        self.error: BaseException | None = None


class _WriterThread(_Inline):
    """The one writer thread of a SQLite database under gevent (see write()): a plain OS thread with
    a queue that takes every write at once, so it goes from one batch to the next without waiting
    for the loop, and an engine of its own, so it shares no connection pool (and no gevent lock) with
    the greenlets. A caller waits on a gevent async watcher, the one thing of the loop that another
    thread may touch (send())."""

    def __init__(self, sessions: sessionmaker[Session]):
        super().__init__(sessions)
        self.queue = None  # made with the thread, at the first write
        self.thread = None  # the writer thread's id, and the sessions of the batch it runs
        self.batch_sessions: sessionmaker[Session] | None = None

    def run(self, fn: Callable[..., T], *args: Any) -> T:
        here = threading.get_native_id()
        if here == self.thread:
            return fn(self.batch_sessions, *args)  # a write made by a write: part of the same batch
        if here != threading.main_thread().native_id:
            return super().run(fn, *args)  # not on the loop (`podium run` runs it on the main thread)
        import gevent
        from gevent.event import Event

        if self.queue is None:
            self._start()
        done = gevent.get_hub().loop.async_()
        answered = Event()
        done.start(answered.set)
        # the call sees the caller's context variables (Flask's app and request for an organizer's page)
        call = _Write(contextvars.copy_context(), fn, args, done)
        try:
            self.queue.put(call)
            answered.wait()
        finally:
            done.close()
        if call.error is not None:
            raise call.error
        return call.value

    def _start(self) -> None:
        import _queue  # the standard library's C queue, which gevent leaves alone: it blocks its thread only
        from gevent.monkey import get_original

        self.queue = _queue.SimpleQueue()
        get_original("_thread", "start_new_thread")(self._serve, ())

    def _serve(self) -> None:
        from _queue import Empty

        self.thread = threading.get_native_id()
        # made once (a sessionmaker is a class of its own: one a batch would be garbage for the
        # cycle collector, whose full runs stop every thread), bound to each batch's connection
        self.batch_sessions = sessionmaker(expire_on_commit=False, join_transaction_mode="create_savepoint")
        engine = None
        while True:
            batch = [self.queue.get()]
            try:
                while len(batch) < BATCH:
                    batch.append(self.queue.get_nowait())
            except Empty:
                pass
            try:
                engine = engine or make_engine(self.sessions.kw["bind"].url.render_as_string(hide_password=False))
                self._commit(engine, batch)
            except BaseException as failed:  # nothing of the batch is stored: every caller is told
                for call in batch:
                    call.value, call.error = None, failed
            for call in batch:
                try:
                    call.done.send()
                except Exception:  # the caller is gone (its greenlet was killed): the write stands
                    pass

    def _commit(self, engine: Engine, batch: list[_Write]) -> None:
        with engine.connect().execution_options(writes=True) as connection, connection.begin():
            self.batch_sessions.configure(bind=connection)
            for call in batch:
                try:
                    call.value = call.context.run(call.fn, self.batch_sessions, *call.args)
                except Exception as refused:  # its savepoint is rolled back; the others go on
                    call.error = refused
                if not connection.connection.dbapi_connection.in_transaction:
                    raise RuntimeError("SQLite rolled the batch back (disk full, I/O error)")


_WRITERS: "weakref.WeakKeyDictionary[sessionmaker[Session], _Inline]" = weakref.WeakKeyDictionary()


def _writer(sessions: sessionmaker[Session]) -> _Inline:
    if sessions not in _WRITERS:
        _WRITERS[sessions] = _WriterThread(sessions) if _threaded(sessions) else _Inline(sessions)
    return _WRITERS[sessions]


def _threaded(sessions: sessionmaker[Session]) -> bool:
    """SQLite in a process patched by gevent (`podium run`)."""
    if "gevent" not in sys.modules or sessions.kw["bind"].dialect.name != "sqlite":
        return False
    from gevent import monkey

    return monkey.is_module_patched("threading")


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
