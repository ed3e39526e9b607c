"""gunicorn settings for one Podium server process of a cluster (docs/deploy.md).

    gunicorn -c deploy/gunicorn.conf.py -b 127.0.0.1:5001

Flask-SocketIO needs ONE worker per gunicorn: a Socket.IO connection's requests (the polling transport
sends several before it upgrades to a websocket) must all reach the process that holds its session, and
gunicorn's own balancing between workers is not sticky. Scale by starting several gunicorns on their own
ports behind the sticky load balancer (deploy/cluster.py starts them and nginx). The worker is gevent,
as for `podium run`: it patches the standard library before it imports podium.wsgi, and simple-websocket
takes the websocket over from gunicorn's socket. The database's schema comes from `podium migrate`, run
once before the processes start, never from here.

This file is read by gunicorn's master process too: it imports nothing of Podium's (psycopg imported
before gevent patches would wait for PostgreSQL without letting the other greenlets run).
"""

wsgi_app = "podium.wsgi:app"
bind = ["127.0.0.1:5001"]  # each process is given its own with -b
workers = 1
worker_class = "gevent"
worker_connections = 4000  # boards, phones and tablets connected to this process at once
graceful_timeout = 5  # on SIGTERM: websockets never finish by themselves; clients reconnect elsewhere
keepalive = 5
control_socket_disable = True  # gunicorn's control socket has one path per user: several gunicorns would share it
errorlog = "-"
loglevel = "info"


def post_worker_init(worker):
    """Say in the log how psycopg waits for PostgreSQL: `wait_poll` goes through gevent's patched poll
    and lets the other greenlets run; `wait_c` (psycopg imported before gevent patched) would stop the
    whole process for every query."""
    import sys

    waiting = sys.modules.get("psycopg.waiting")
    if waiting is None:
        return
    green = waiting.wait.__name__ != "wait_c"
    (worker.log.info if green else worker.log.error)(
        "psycopg waits for PostgreSQL with %s (%s)", waiting.wait.__name__,
        "cooperative with gevent" if green else "BLOCKS the gevent loop: psycopg was imported before gevent patched")
