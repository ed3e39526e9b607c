"""Just enough Engine.IO v4 / Socket.IO v5 (websocket transport, text frames) for the live-path load.

One Engine.IO packet is one websocket text frame: "0{...}" open, "2" ping (answered "3"), "4..." a
Socket.IO packet: "40/display," connect, "42/display,[\"watch\",{...}]" an event, "42/judge,7[...]"
an event expecting an ack, "43/judge,7[{...}]" the ack, "44/judge,{...}" a refused connect.

A snapshot can be hundreds of kilobytes; a watcher only needs its `stage` and `seq`, the first
keys of the payload. `top_level()` reads the payload object's keys in order with the json module's
own scanner and stops once it has the wanted ones, so the rows are never parsed (and a `"seq":`
inside a name or a nested object is never mistaken for the snapshot's).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Optional

PATH = "/socket.io/?EIO=4&transport=websocket"
PING, PONG, MESSAGE, OPEN, CLOSE = "2", "3", "4", "0", "1"
CONNECT, EVENT, ACK, CONNECT_ERROR = "0", "2", "3", "4"
WATCH_REPLY_S = 3.0  # live.js: a snapshot this soon after a `watch` is taken as its reply
_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")


def dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def connect(namespace: str, auth: Optional[dict] = None) -> str:
    return f"{MESSAGE}{CONNECT}{namespace}," + (dumps(auth) if auth is not None else "")


def event(namespace: str, name: str, data: Any, ack: Optional[int] = None) -> str:
    return f"{MESSAGE}{EVENT}{namespace}," + ("" if ack is None else str(ack)) + dumps([name, data])


@dataclass
class Packet:
    """A Socket.IO packet as far as the load needs it: `body` is the undecoded JSON text and `start`
    where it begins in the frame (the frame is kept, not copied)."""
    kind: str
    namespace: str
    ack: Optional[int]
    text: str
    start: int

    @property
    def body(self) -> str:
        return self.text[self.start:]

    def data(self) -> Any:
        return json.loads(self.body) if self.start < len(self.text) else None

    def _name(self) -> tuple[Any, int]:
        """The first element of the packet's array (an event's name) and where it ends."""
        opening = _skip(self.text, self.start)
        if self.text[opening:opening + 1] != "[":
            raise ValueError("not an event's array")
        return _DECODER.raw_decode(self.text, _skip(self.text, opening + 1))

    def event_name(self) -> Optional[str]:
        """The event of an EVENT packet, read without decoding its arguments."""
        return self._name()[0] if self.kind == EVENT else None

    def first_argument_at(self) -> int:
        """Where the event's first argument starts (after `["name",`)."""
        end = _skip(self.text, self._name()[1])
        if self.text[end] != ",":
            raise ValueError("event without an argument")
        return _skip(self.text, end + 1)


def _skip(text: str, pos: int) -> int:
    return _SPACE.match(text, pos).end()


def parse(text: str) -> Optional[Packet]:
    """The Socket.IO packet in an Engine.IO message frame; None for any other Engine.IO packet."""
    if len(text) < 2 or text[0] != MESSAGE:
        return None
    kind, pos = text[1], 2
    namespace = "/"
    if pos < len(text) and text[pos] == "/":
        comma = text.find(",", pos)
        end = len(text) if comma < 0 else comma
        namespace, pos = text[pos:end], min(len(text), end + 1)
    digits = pos
    while digits < len(text) and text[digits].isdigit():
        digits += 1
    ack = int(text[pos:digits]) if digits > pos else None
    return Packet(kind, namespace, ack, text, digits)


def top_level(text: str, start: int, wanted: tuple[str, ...]) -> dict:
    """The values of `wanted` keys of the JSON object at text[start], read key by key in order and
    stopping once all are found (a key that is missing makes the whole object be read)."""
    if text[start] != "{":
        raise ValueError("not an object")
    found: dict = {}
    pos = _skip(text, start + 1)
    while text[pos] != "}":
        key, pos = _DECODER.raw_decode(text, pos)
        pos = _skip(text, pos)
        if text[pos] != ":":
            raise ValueError(f"':' expected at {pos}")
        value, pos = _DECODER.raw_decode(text, _skip(text, pos + 1))
        if key in wanted:
            found[key] = value
            if len(found) == len(wanted):
                return found
        pos = _skip(text, pos)
        if text[pos] == ",":
            pos = _skip(text, pos + 1)
    return found


def snapshot_head(packet: Packet) -> tuple[Optional[str], Optional[int]]:
    """(stage, seq) of a `standings` event, reading no further into the payload than those keys."""
    head = top_level(packet.text, packet.first_argument_at(), ("stage", "seq"))
    return head.get("stage"), head.get("seq")


@dataclass
class Resync:
    """A watcher's rule for a snapshot's `seq` (what a board or phone page does with it).

    "old" (static/js/live.js before contiguous snapshots): any snapshot whose seq is not the last one
    plus one asks for a fresh snapshot (`watch`), except the reply to a watch (a snapshot within
    WATCH_REPLY_S of sending it). "new": a newer seq replaces what is held, an equal one is ignored, an
    older one asks again (unless it answers a watch). Both keep the newest seq and count seqs going
    backwards."""
    rule: str = "old"
    last: Optional[int] = None
    pending_until: float = 0.0
    rewatches: dict = field(default_factory=lambda: {"gap": 0, "duplicate": 0, "stale": 0})
    backwards: int = 0

    def __post_init__(self):
        if self.rule not in ("old", "new"):
            raise ValueError(f"unknown resync rule {self.rule!r}")

    def watched(self, now: float) -> None:
        self.pending_until = now + WATCH_REPLY_S

    def snapshot(self, seq: int, now: float) -> bool:
        """Takes a snapshot's seq; True when the watcher must `watch` again."""
        reply = now < self.pending_until
        last = self.last
        if last is not None and seq < last:
            self.backwards += 1
        if last is None or seq >= last:  # taken (live.js: a watch is answered once a snapshot is taken)
            self.last, self.pending_until = seq, 0.0
        if last is None or reply:
            return False
        if seq < last:
            reason = "stale"
        elif self.rule == "new":
            return False
        elif seq == last:
            reason = "duplicate"
        elif seq > last + 1:
            reason = "gap"
        else:
            return False
        self.rewatches[reason] += 1
        return True
