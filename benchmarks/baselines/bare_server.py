"""The bare stack the live path is compared with: Flask-SocketIO under gevent, no database.

`python benchmarks/baselines/bare_server.py PAYLOADS.json PORT`. PAYLOADS.json holds one real Podium
snapshot per stage and the judges' tokens ({"stages": {KEY: payload}, "judges": {TOKEN: KEY}}).
/display `watch` {"stage": K} joins room stage:K and replies with the stage's payload; a /judge
`submit` is acknowledged ({"ok": true, "revision": n}) and then, from a background task as Podium
does, the payload goes to the room with seq + 1 (one broadcast per submit, nothing coalesced). Only
`seq` changes, so the bytes on the wire are Podium's. GET /api/v1/stages/K/standings answers like
Podium's. Socket.IO settings and TCP_NODELAY on every connection are Podium's too.
"""
from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import socket  # noqa: E402
import sys  # noqa: E402

from flask import Flask, abort, jsonify, request  # noqa: E402
from flask_socketio import ConnectionRefusedError, SocketIO, emit, join_room  # noqa: E402
from gevent import pywsgi  # noqa: E402

data = json.loads(open(sys.argv[1], encoding="utf-8").read())
payloads, stage_of_token = data["stages"], data["judges"]
seqs = {key: payload["seq"] for key, payload in payloads.items()}
stage_of_judge: dict = {}
revisions: dict = {}

app = Flask(__name__)
app.json.ensure_ascii = False
app.json.sort_keys = False
socketio = SocketIO(app, async_mode="gevent", cors_allowed_origins=None, ping_interval=10, ping_timeout=10,
                    max_http_buffer_size=64 * 1024)


def snapshot(stage: str) -> dict:
    return {**payloads[stage], "seq": seqs[stage]}


@app.route("/api/v1/stages/<stage>/standings")
def standings(stage):
    if stage not in payloads:
        abort(404)
    return jsonify(snapshot(stage))


@socketio.on("watch", namespace="/display")
def watch(message):
    stage = message.get("stage") if isinstance(message, dict) else None
    if stage not in payloads:
        emit("error", {"error": "unknown_stage", "message": "Name a stage to watch."})
        return
    join_room(f"stage:{stage}")
    emit("standings", snapshot(stage))


@socketio.on("connect", namespace="/judge")
def judge_connect(auth=None):
    stage = stage_of_token.get((auth or {}).get("token"))
    if stage is None:
        raise ConnectionRefusedError("bad_token")
    stage_of_judge[request.sid] = stage


def broadcast(stage: str, payload: dict) -> None:
    socketio.emit("standings", payload, to=f"stage:{stage}", namespace="/display")


@socketio.on("submit", namespace="/judge")
def submit(message):
    stage = stage_of_judge[request.sid]
    key = (request.sid, message.get("entry"))
    revisions[key] = revisions.get(key, 0) + 1
    seqs[stage] += 1
    socketio.start_background_task(broadcast, stage, snapshot(stage))
    return {"ok": True, "revision": revisions[key]}


class NoDelayHandler(pywsgi.WSGIHandler):
    """Podium's venue_handler: Nagle's algorithm off on every connection."""

    def handle(self):
        self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return super().handle()


if __name__ == "__main__":
    socketio.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_output=False, handler_class=NoDelayHandler)
