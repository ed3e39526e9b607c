"""The live-path benchmark's Engine.IO/Socket.IO frames and its watchers' resync rules (no server)."""
import json

import pytest

from benchmarks import live_wire as wire


def test_frames_for_connecting_and_events():
    assert wire.connect("/display") == "40/display,"
    assert wire.connect("/judge", {"token": "t"}) == '40/judge,{"token":"t"}'
    assert wire.event("/display", "watch", {"stage": "决赛"}) == '42/display,["watch",{"stage":"决赛"}]'
    assert wire.event("/judge", "submit", {"entry": "E1"}, 17) == '42/judge,17["submit",{"entry":"E1"}]'


@pytest.mark.parametrize("text, kind, namespace, ack, data", [
    ('40/display,{"sid":"abc"}', "0", "/display", None, {"sid": "abc"}),
    ('43/judge,17[{"ok":true,"revision":2}]', "3", "/judge", 17, [{"ok": True, "revision": 2}]),
    ('44/judge,{"message":"bad_token"}', "4", "/judge", None, {"message": "bad_token"}),
    ('42["hello",1]', "2", "/", None, ["hello", 1]),
    ("40/display,", "0", "/display", None, None),
])
def test_parse_socketio_packets(text, kind, namespace, ack, data):
    packet = wire.parse(text)
    assert (packet.kind, packet.namespace, packet.ack, packet.data()) == (kind, namespace, ack, data)


def test_engineio_control_packets_are_not_socketio_packets():
    assert wire.parse("2") is None and wire.parse('0{"sid":"x","pingInterval":10000}') is None


def test_snapshot_head_reads_stage_and_seq_of_the_payload_only():
    payload = {"stage": "s-1", "stage_name": '名 "seq":99 ,}{', "event": "e", "decimals": 2,
               "current": {"seq": 5, "judges": [{"seq": 7}]}, "seq": 42, "rows": [{"name": "x"}] * 3}
    for text in (f'42/display,["standings",{json.dumps(payload)}]',
                 f'42/display,["standings",{json.dumps(payload, ensure_ascii=False)}]',
                 '42/display, [ "standings" , ' + json.dumps(payload, indent=1) + ' ]'):
        packet = wire.parse(text)
        assert packet.event_name() == "standings"
        assert wire.snapshot_head(packet) == ("s-1", 42)


def test_snapshot_head_stops_once_stage_and_seq_are_read():
    text = '42/display,["standings",{"stage":"s","seq":3,"rows":[' + "{broken"
    assert wire.snapshot_head(wire.parse(text)) == ("s", 3)


def test_old_rule_watches_again_on_anything_but_the_next_seq():
    resync = wire.Resync("old")
    resync.watched(0.0)
    assert resync.snapshot(10, 0.1) is False      # the reply to the first watch
    assert resync.snapshot(11, 5.0) is False      # the next one
    assert resync.snapshot(15, 5.1) is True       # a gap (changes folded together)
    resync.watched(5.1)
    assert resync.snapshot(15, 5.2) is False      # ... the watch's reply
    assert resync.snapshot(15, 9.0) is True       # a duplicate, no watch pending
    resync.pending_until = 0.0
    assert resync.snapshot(14, 9.5) is True       # older
    assert resync.rewatches == {"gap": 1, "duplicate": 1, "stale": 1}
    assert resync.backwards == 1 and resync.last == 15


def test_new_rule_takes_newer_ignores_equal_and_watches_on_older():
    resync = wire.Resync("new")
    assert resync.snapshot(10, 0.0) is False
    assert resync.snapshot(15, 1.0) is False      # newer replaces, gap or not
    assert resync.snapshot(15, 2.0) is False      # duplicate ignored
    assert resync.snapshot(12, 3.0) is True       # older: ask again
    assert resync.rewatches == {"gap": 0, "duplicate": 0, "stale": 1}
    assert resync.last == 15 and resync.backwards == 1
