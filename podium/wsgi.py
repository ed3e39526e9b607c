"""The WSGI application for a server other than `podium run`: `gunicorn -c deploy/gunicorn.conf.py`
(docs/deploy.md). gevent patches the standard library before anything else is imported, as `podium run`
does: psycopg picks its waiting function when it is first imported, and only after patching does it pick
one that lets the other greenlets run while PostgreSQL answers. gunicorn's gevent worker has patched
already; patching again changes nothing. This module never migrates: run `podium migrate` once before
the server processes start."""
from gevent import monkey

monkey.patch_all()

from podium.app import create_app  # noqa: E402  (after patching, on purpose)

app = create_app({"ASYNC_MODE": "gevent"})
