"""podium.live in-process: a snapshot refreshed for the entries a change touched equals one built from
scratch; watchers are served the kept snapshot, never a rebuild; the HTTP API's ETag; one entry in
detail; a snapshot encoded once, with its send time filled in as it goes out."""
from __future__ import annotations

import json
from decimal import Decimal
import random

import pytest
from sqlalchemy import select

from conftest import make_app
from podium import live as live_module
from podium.live import build
from podium.wire import Frame, WireJSON
from podium.testing import called_through
from scoring import service
from scoring.models import Judge, Stage
from scoring.standings import load_stage, standings_payload

CRITERIA = ("content", "delivery", "presence", "effect")


def judge_ids(sessions) -> dict[str, int]:
    with sessions() as session:
        return dict(session.execute(select(Judge.key, Judge.id).join(Stage).where(Stage.key == "final")).all())


def without_time(frame: Frame) -> dict:
    payload = json.loads(frame.text())
    payload.pop("sent_at")
    return payload


def marks(rng: random.Random) -> dict:
    return {key: rng.randint(0, 2 * top) / 2 for key, top in zip(CRITERIA, (40, 30, 20, 10))}


def changes(sessions, rng: random.Random, count: int):
    """`count` random changes a panel makes (marks, corrections, calls, deductions, locks and unlocks),
    each as (the service call, the entries it can touch); refused ones are skipped."""
    judges = judge_ids(sessions)
    entries = ["E1", "E2", "E3"]
    made = 0
    while made < count:
        entry = rng.choice(entries)
        kind = rng.choice(["submit"] * 5 + ["next", "deduct", "lock", "unlock"])
        if kind == "submit":
            call = (service.submit_scorecard, judges[rng.choice(list(judges))], {"entry": entry, "marks": marks(rng)})
        elif kind == "next":
            call = (service.call_next, judges["J1"], {"entry": entry})
        elif kind == "deduct":
            call = (service.record_deductions, judges["J1"], {"entry": entry, "deductions": {"overtime": rng.randint(0, 90)}})
        else:
            call = ({"lock": service.lock_entry, "unlock": service.unlock_entry}[kind], judges["J1"], {"entry": entry})
        try:
            call[0](sessions, call[1], call[2])
        except service.ScoringError:
            continue
        made += 1
        yield () if kind == "next" else (entry,)


@pytest.mark.parametrize("seed", range(3))
def test_a_refreshed_snapshot_equals_one_built_from_scratch(sessions, seed):
    rng = random.Random(seed)
    with sessions() as session:
        snapshot = build(session, "final")
    for touched in changes(sessions, rng, 40):
        with sessions() as session:
            refreshed = build(session, "final", snapshot, touched)
            fresh = build(session, "final")
            loaded = load_stage(session, "final")
        assert refreshed.marks is snapshot.marks  # refreshed in place, not reloaded
        assert refreshed.seq == fresh.seq == snapshot.seq + 1
        for view in ("full", "slim"):
            assert without_time(refreshed.frames[view]) == without_time(fresh.frames[view])
            expected = standings_payload(loaded, view)  # the text is the payload the API documents
            assert without_time(fresh.frames[view]) == {k: v for k, v in expected.items() if k != "sent_at"}
        assert refreshed.officials == fresh.officials
        snapshot = refreshed


def test_a_snapshot_more_than_one_change_old_is_built_again(sessions):
    rng = random.Random(5)
    with sessions() as session:
        snapshot = build(session, "final")
    touched = [t for t in changes(sessions, rng, 2)]
    with sessions() as session:
        rebuilt = build(session, "final", snapshot, touched[-1])
        fresh = build(session, "final")
    assert rebuilt.marks is not snapshot.marks and rebuilt.seq == snapshot.seq + 2
    assert without_time(rebuilt.frames["full"]) == without_time(fresh.frames["full"])


def test_the_slim_view_leaves_out_the_rows_judges_only(sessions):
    judges = judge_ids(sessions)
    rng = random.Random(1)
    service.call_next(sessions, judges["J1"], {"entry": "E2"})
    for key, judge in judges.items():
        for entry in ("E1", "E2"):
            service.submit_scorecard(sessions, judge, {"entry": entry, "marks": marks(rng)})
    with sessions() as session:
        snapshot = build(session, "final")
    full, slim = (json.loads(snapshot.frames[v].text()) for v in ("full", "slim"))
    assert len(full["rows"]) == 2 and all(len(row["judges"]) == 5 for row in full["rows"])
    assert slim["rows"] == [{k: v for k, v in row.items() if k != "judges"} for row in full["rows"]]
    assert slim["current"] == full["current"] and len(slim["current"]["judges"]) == 5
    assert len(snapshot.frames["slim"].text()) < len(snapshot.frames["full"].text())


def test_a_frame_is_written_as_it_was_encoded_with_the_time_it_goes_out():
    frame = Frame.of({"stage": "final", "seq": 3, "sent_at": "x", "name": "扎西 བཀྲ་ཤིས།"})
    first = WireJSON.dumps(["standings", frame], separators=(",", ":"))
    assert first.startswith('["standings",{"stage":"final","seq":3,"sent_at":"20') and "扎西 བཀྲ་ཤིས།" in first
    event, payload = json.loads(first)
    assert event == "standings" and payload["name"] == "扎西 བཀྲ་ཤིས།" and payload["sent_at"].endswith("Z")
    assert WireJSON.dumps({"a": "次仁"}) == '{"a": "次仁"}'  # everything else: plain JSON, not escaped
    huge = WireJSON.loads('{"n": ' + "9" * 200 + ', "m": 12}')  # past 100 digits: a Decimal, not int()'s cost
    assert huge == {"n": Decimal("9" * 200), "m": 12} and type(huge["m"]) is int


@pytest.fixture
def app(sessions):
    return make_app(sessions, SECRET_KEY="test", ASYNC_MODE="threading")


def received(client) -> list[dict]:
    return [args[0] for args in (p["args"] for p in client.get_received("/display")) if args]


def test_watchers_are_served_the_kept_snapshot_and_a_change_is_built_once(app, sessions, monkeypatch):
    called_through(sessions, "final", "E1")
    builds = []
    original = live_module.build
    monkeypatch.setattr(live_module, "build", lambda *a, **k: builds.append(a[1]) or original(*a, **k))
    socketio = app.extensions["podium.socketio"]
    watchers = [socketio.test_client(app, namespace="/display") for _ in range(20)]
    for number, watcher in enumerate(watchers):
        watcher.emit("watch", {"stage": "final", "view": "slim" if number % 2 else "full"}, namespace="/display")
    assert builds == ["final"]  # the first watch built it; 19 were served the same snapshot
    for watcher in watchers:
        assert [p["seq"] for p in received(watcher)] == [0]
    judges = judge_ids(sessions)
    tablet = socketio.test_client(app, namespace="/judge", auth={"token": "test-token-judge-2-0123456789"})
    ack = tablet.emit("submit", {"entry": "E1", "marks": marks(random.Random(2))}, namespace="/judge", callback=True)
    assert ack == {"ok": True, "revision": 1} and builds == ["final", "final"]  # one build for the change
    for number, watcher in enumerate(watchers):
        (snapshot,) = received(watcher)
        assert snapshot["seq"] == 1 and snapshot["current"]["entry"] == "E1"
        assert snapshot["current"]["marks_in"] == 1
        watcher.emit("watch", {"stage": "final"}, namespace="/display")  # an old page's re-watch
        assert [p["seq"] for p in received(watcher)] == [1]
    assert builds == ["final", "final"]  # 20 re-watches, no rebuild
    assert service.call_next(sessions, judges["J1"], {"entry": "E2"}).changed  # a change the server did not make
    live_module.SEQ_CHECK_SECONDS, kept = 0, live_module.SEQ_CHECK_SECONDS
    try:
        watchers[0].emit("watch", {"stage": "final"}, namespace="/display")
    finally:
        live_module.SEQ_CHECK_SECONDS = kept
    # the stale snapshot was noticed and built again: sent to the room, then as the watch's reply
    assert [p["seq"] for p in received(watchers[0])] == [2, 2] and len(builds) == 3
    assert [p["seq"] for p in received(watchers[1])] == [2]  # the newer snapshot went to everyone


def test_watch_refusals(app):
    client = app.extensions["podium.socketio"].test_client(app, namespace="/display")
    for message, code in (({"stage": "nope"}, "unknown_stage"), ({"stage": "final", "view": "huge"}, "bad_request"),
                          ("final", "unknown_stage"), ({"stage": "x" * 65}, "unknown_stage")):
        client.emit("watch", message, namespace="/display")
        (refusal,) = client.get_received("/display")
        assert refusal["name"] == "error" and refusal["args"][0]["error"] == code


def test_the_standings_api_answers_304_until_the_stage_changes(app, sessions):
    http = app.test_client()
    first = http.get("/api/v1/stages/final/standings?view=slim")
    assert first.status_code == 200 and first.headers["ETag"] == 'W/"final.0.slim"'
    assert first.get_json()["seq"] == 0 and first.headers["Cache-Control"] == "no-cache"
    again = http.get("/api/v1/stages/final/standings?view=slim", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.data
    service.call_next(sessions, judge_ids(sessions)["J1"], {})
    app.extensions["podium.live"].changed("final", ())
    after = http.get("/api/v1/stages/final/standings?view=slim", headers={"If-None-Match": first.headers["ETag"]})
    assert after.status_code == 200 and after.get_json()["seq"] == 1 and after.headers["ETag"] == 'W/"final.1.slim"'
    assert http.get("/api/v1/stages/final/standings?view=huge").status_code == 400
    assert http.get("/api/v1/stages/nope/standings").get_json()["error"] == "unknown_stage"


def test_one_entry_in_detail(app, sessions):
    called_through(sessions, "final", "E2")
    judges = judge_ids(sessions)
    rng = random.Random(3)
    for judge in judges.values():
        service.submit_scorecard(sessions, judge, {"entry": "E2", "marks": marks(rng)})
    http = app.test_client()
    detail = http.get("/api/v1/stages/final/entries/E2").get_json()
    assert detail["seq"] == 5 and detail["entry"]["state"] == "provisional"
    assert detail["row"]["rank"] == 1 and len(detail["row"]["judges"]) == 5
    waiting = http.get("/api/v1/stages/final/entries/E3").get_json()
    assert waiting["entry"]["state"] == "waiting" and waiting["row"] is None
    assert http.get("/api/v1/stages/final/entries/E9").status_code == 404
    client = app.extensions["podium.socketio"].test_client(app, namespace="/display")
    ack = client.emit("entry", {"stage": "final", "entry": "E2"}, namespace="/display", callback=True)
    assert ack["ok"] and ack["row"] == detail["row"]
    assert client.emit("entry", {"stage": "final"}, namespace="/display", callback=True)["error"] == "bad_request"
    assert client.emit("entry", {"stage": "final", "entry": "E9"}, namespace="/display", callback=True)["error"] == "unknown_entry"


@pytest.mark.parametrize("size", [1, 125, 126, 65535, 65536, 300000])
def test_a_framed_packet_is_a_websocket_text_frame_a_client_reads(size):
    from wsproto.frame_protocol import FrameProtocol, Opcode

    from podium.wire import framed_event

    frame = Frame.of({"seq": 1, "sent_at": "", "name": "扎" * (size // 3) + "x" * (size % 3)})
    packet = framed_event("/display", "standings", frame)
    reader = FrameProtocol(client=True, extensions=[])
    reader.receive_bytes(packet.encode().frame)
    (received,) = list(reader.received_frames())
    assert received.opcode is Opcode.TEXT and received.message_finished
    assert received.payload == str(packet.encode()) and received.payload.startswith('42/display,["standings",{"seq":1')
