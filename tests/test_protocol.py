"""The live protocol, driven by real Socket.IO clients against a running `podium run` (gevent)."""
from __future__ import annotations

import socket
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import socketio

from conftest import TOKENS
from podium.testing import called_through

pytestmark = pytest.mark.server

GOOD = {"content": 35, "delivery": 25.5, "presence": 18, "effect": 9}
OPEN: list = []


@pytest.fixture(autouse=True)
def disconnect_clients():
    """Every client a test opens is closed after it and before its server stops, so no client is
    left trying to reconnect (in a background thread) to a server that is gone."""
    yield
    # websocket-client waits up to 3 s for the close handshake: close them all at once
    closing = [threading.Thread(target=client.disconnect) for client in OPEN]
    for thread in closing:
        thread.start()
    for thread in closing:
        thread.join()
    OPEN.clear()


def connected(client):
    OPEN.append(client)
    return client


def judge(server, key: str) -> socketio.SimpleClient:
    client = connected(socketio.SimpleClient())
    client.connect(server.url, namespace="/judge", auth={"token": server.token(TOKENS[key])}, transports=["websocket"])
    event, hello = client.receive(timeout=5)
    assert event == "hello" and hello["judge"]["key"] == key
    client.hello = hello
    return client


def board(server, stage="final") -> socketio.SimpleClient:
    client = connected(socketio.SimpleClient())
    client.connect(server.url, namespace="/display", transports=["websocket"])
    client.emit("watch", {"stage": server.key(stage)})
    return client


def next_standings(client, timeout=5.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        event, payload = client.receive(timeout=max(0.1, deadline - time.monotonic()))
        if event == "standings":
            return payload


def standings_until(client, condition, timeout=5.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        payload = next_standings(client, deadline - time.monotonic())
        if condition(payload):
            return payload


def test_bad_token_is_refused_at_connect(server):
    for auth in ({"token": "not-a-real-token-at-all"}, {}, None):
        client = connected(socketio.Client())
        reasons = []
        client.on("connect_error", reasons.append, namespace="/judge")
        with pytest.raises(socketio.exceptions.ConnectionError):
            client.connect(server.url, namespaces=["/judge"], auth=auth, transports=["websocket"], wait_timeout=5)
        assert reasons and reasons[0]["message"] == "bad_token"


def test_submit_is_acknowledged_with_revision_and_replay_is_stored_once(server):
    called_through(server.sessions, server.key("final"))
    j2 = judge(server, "J2")
    client_id = str(uuid.uuid4())
    assert j2.call("submit", {"entry": "E1", "marks": GOOD, "client_id": client_id}) == {"ok": True, "revision": 1}
    assert j2.call("submit", {"entry": "E1", "marks": GOOD, "client_id": client_id}) == {"ok": True, "revision": 1}
    corrected = {**GOOD, "content": 36}
    assert j2.call("submit", {"entry": "E1", "marks": corrected, "client_id": str(uuid.uuid4())}) == {"ok": True, "revision": 2}
    j2.disconnect()
    again = judge(server, "J2")  # a reconnecting tablet gets its own marks back, and only its own
    assert again.hello["my_marks"] == {"E1": {"revision": 2, "marks": {"content": "36", "delivery": "25.5",
                                                                       "presence": "18", "effect": "9"}}}
    again.disconnect()


@pytest.mark.parametrize("code,payload", [
    ("not_assigned", {"entry": "X1", "marks": GOOD}),
    ("unknown_entry", {"entry": "E404", "marks": GOOD}),
    ("unknown_criterion", {"entry": "E1", "marks": {**GOOD, "style": 3}}),
    ("missing_criterion", {"entry": "E1", "marks": {"content": 30}}),
    ("not_a_number", {"entry": "E1", "marks": {**GOOD, "content": "thirty"}}),
    ("out_of_range", {"entry": "E1", "marks": {**GOOD, "presence": 21}}),
    ("bad_step", {"entry": "E1", "marks": {**GOOD, "presence": 17.7}}),
    ("too_large", {"entry": "E1", "marks": GOOD, "padding": "字" * 3000}),
])
def test_refusals_over_the_wire_store_nothing(server, code, payload):
    called_through(server.sessions, server.key("final"))
    j2 = judge(server, "J2")
    seq = server.standings()["seq"]
    ack = j2.call("submit", {**payload, "client_id": str(uuid.uuid4())})
    assert ack["ok"] is False and ack["error"] == code and ack["message"]
    assert server.standings()["seq"] == seq
    j2.disconnect()
    assert judge(server, "J2").hello["my_marks"] == {}


def test_locked_over_the_wire(server):
    called_through(server.sessions, server.key("final"))
    panel = [judge(server, k) for k in TOKENS]
    for client in panel:
        assert client.call("submit", {"entry": "E1", "marks": GOOD, "client_id": str(uuid.uuid4())})["ok"]
    assert panel[1].call("lock", {"entry": "E1"})["error"] == "not_chief"
    assert panel[0].call("lock", {"entry": "E1"}) == {"ok": True}
    seq = server.standings()["seq"]
    ack = panel[1].call("submit", {"entry": "E1", "marks": {**GOOD, "content": 1}, "client_id": str(uuid.uuid4())})
    assert ack["error"] == "locked"
    assert server.standings()["seq"] == seq
    assert server.standings()["rows"][0]["judges"][1]["total"] == "87.50"


def test_board_gets_snapshot_then_every_change_and_the_api_agrees(server):
    watcher = board(server)
    first = next_standings(watcher)
    assert first["stage"] == server.key("final") and first["rows"] == [] and first["current"] is None
    panel = [judge(server, k) for k in TOKENS]
    assert panel[0].call("next", {}) == {"ok": True}
    called = standings_until(watcher, lambda p: p["current"] is not None)
    assert called["current"]["entry"] == "E1" and called["seq"] > first["seq"]

    totals = [(38, 28, 19, 9.5), (35, 25, 18, 9), (36, 26, 17, 8.5), (34, 24, 18, 9), (30, 22, 15, 7)]
    for client, marks in zip(panel[:4], totals):
        client.call("submit", {"entry": "E1", "marks": dict(zip(GOOD, marks)), "client_id": str(uuid.uuid4())})
    partial = standings_until(watcher, lambda p: p["current"]["marks_in"] == 4)
    assert partial["rows"] == []  # not ranked, and no judge's total revealed, until every judge has marked
    assert [j["total"] for j in partial["current"]["judges"]] == [None] * 5
    assert [j["in"] for j in partial["current"]["judges"]] == [True, True, True, True, False]

    panel[4].call("submit", {"entry": "E1", "marks": dict(zip(GOOD, totals[4])), "client_id": str(uuid.uuid4())})
    done = standings_until(watcher, lambda p: p["current"]["complete"])
    # totals 94.5, 87, 87.5, 85, 74 -> drop 94.5 and 74 -> mean of 87, 87.5, 85 = 86.5
    assert done["current"]["total"] == "86.50"
    assert [(j["total"], j["dropped"]) for j in done["current"]["judges"]] == [
        ("94.50", True), ("87.00", False), ("87.50", False), ("85.00", False), ("74.00", True)]
    assert done["rows"][0]["status"] == "provisional"

    panel[0].call("lock", {"entry": "E1"})
    final = standings_until(watcher, lambda p: p["rows"] and p["rows"][0]["status"] == "final")
    over_http = requests.get(f"{server.url}/api/v1/stages/{server.key('final')}/standings", timeout=5).json()
    assert over_http["seq"] == final["seq"]
    assert {k: v for k, v in over_http.items() if k != "sent_at"} == {k: v for k, v in final.items() if k != "sent_at"}
    assert over_http["sent_at"].endswith("Z")


def test_seq_increases_by_one_per_change(server):
    j1 = judge(server, "J1")
    seqs = [server.standings()["seq"]]
    j1.call("next", {})
    seqs.append(server.standings()["seq"])
    j1.call("submit", {"entry": "E1", "marks": GOOD, "client_id": str(uuid.uuid4())})
    seqs.append(server.standings()["seq"])
    assert seqs == [0, 1, 2]


def test_unknown_stage(server):
    client = connected(socketio.SimpleClient())
    client.connect(server.url, namespace="/display", transports=["websocket"])
    client.emit("watch", {"stage": "nope"})
    event, payload = client.receive(timeout=5)
    assert event == "error" and payload["error"] == "unknown_stage"
    response = requests.get(f"{server.url}/api/v1/stages/nope/standings", timeout=5)
    assert response.status_code == 404 and response.json()["error"] == "unknown_stage"


def test_chief_sees_the_panel_others_do_not(server):
    chief = judge(server, "J1")
    j2 = judge(server, "J2")
    chief.call("next", {})
    j2.call("submit", {"entry": "E1", "marks": GOOD, "client_id": str(uuid.uuid4())})
    deadline = time.monotonic() + 5
    panel = None
    while time.monotonic() < deadline:
        event, data = chief.receive(timeout=5)
        if event == "panel" and data["entry"] == "E1" and any(j["in"] for j in data["judges"]):
            panel = data
            break
    assert panel["judges"][1]["marks"] == {"content": "35", "delivery": "25.5", "presence": "18", "effect": "9"}
    events = []
    try:
        while True:
            events.append(j2.receive(timeout=1)[0])
    except socketio.exceptions.TimeoutError:
        pass
    assert "panel" not in events and "stage" in events


def test_a_panel_submitting_together_gives_each_change_its_own_snapshot(server):
    """Five judges submit at the same moment: a slim board gets seq one by one (nothing folded, so
    even a page that re-watched on every jump would not), the last one the database's; the slim rows
    leave out the judges, the entry's detail has them; the API's ETag answers 304."""
    called_through(server.sessions, server.key("final"), "E2")
    watcher = connected(socketio.SimpleClient())
    watcher.connect(server.url, namespace="/display", transports=["websocket"])
    watcher.emit("watch", {"stage": server.key("final"), "view": "slim"})
    first = next_standings(watcher)
    panel = [judge(server, k) for k in TOKENS]
    with ThreadPoolExecutor(len(panel)) as pool:
        acks = list(pool.map(lambda j: j.call("submit", {"entry": "E2", "marks": GOOD, "client_id": str(uuid.uuid4())}),
                             panel))
    assert all(ack["ok"] for ack in acks)
    seqs = [next_standings(watcher)["seq"] for _ in panel]
    assert seqs == list(range(first["seq"] + 1, first["seq"] + 6)) == list(range(seqs[0], seqs[0] + 5))
    url = f"{server.url}/api/v1/stages/{server.key('final')}"
    slim = requests.get(f"{url}/standings?view=slim", timeout=5)
    assert slim.json()["seq"] == seqs[-1] and "judges" not in slim.json()["rows"][0]
    assert requests.get(f"{url}/standings?view=slim", headers={"If-None-Match": slim.headers["ETag"]},
                        timeout=5).status_code == 304
    detail = requests.get(f"{url}/entries/E2", timeout=5).json()
    assert detail["row"]["total"] == slim.json()["rows"][0]["total"] and len(detail["row"]["judges"]) == 5


def test_websockets_are_not_compressed(server):
    """A browser offers permessage-deflate; the server declines it (a compressor per phone)."""
    with socket.create_connection(("127.0.0.1", int(server.url.rsplit(":", 1)[1])), timeout=5) as raw:
        raw.sendall(("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: podium\r\nUpgrade: websocket\r\n"
                     "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                     "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n").encode())
        answer = raw.recv(4096).decode("latin-1")
    assert answer.startswith("HTTP/1.1 101") and "sec-websocket-extensions" not in answer.lower()
