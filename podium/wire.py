"""What goes on the wire, encoded once: a snapshot's JSON text (Frame), the JSON of Socket.IO packets
(WireJSON), and a broadcast's websocket frame built once and written as is to every watcher's socket
(framed_event).

A broadcast through python-socketio costs each watcher a copy of the packet's text, its UTF-8 encoding
and a websocket frame built by wsproto, in that watcher's writer. framed_event() builds the Engine.IO
packet and its websocket frame once; each watcher's writer then writes the same bytes (a connection
on long polling, or one that negotiated an extension, gets the text the usual way).
"""
from __future__ import annotations

import json
import struct
from decimal import Decimal
from typing import Any, Optional

from engineio import packet as eio_packet

from scoring.standings import server_time

SENT_AT = "\ue000sent_at\ue000"  # where the send time goes in an encoded snapshot


def encode(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Frame:
    """A snapshot encoded once. Its `sent_at` is filled in as it goes out (boards set their clock by it)."""

    __slots__ = ("seq", "head", "tail")

    def __init__(self, seq: int, head: str, tail: Optional[str] = None):
        self.seq, self.head, self.tail = seq, head, tail

    @classmethod
    def of(cls, payload: dict[str, Any]) -> "Frame":
        if "sent_at" not in payload:
            return cls(payload.get("seq", 0), encode(payload))
        return cls.split(payload["seq"], encode({**payload, "sent_at": SENT_AT}))

    @classmethod
    def split(cls, seq: int, text: str) -> "Frame":
        """A frame of JSON text whose sent_at holds the placeholder."""
        head, tail = text.split(f'"{SENT_AT}"', 1)
        return cls(seq, head, tail)

    def text(self) -> str:
        return self.head if self.tail is None else f'{self.head}"{server_time()}"{self.tail}'

    def parts(self) -> list:
        return [self.seq, self.head, self.tail]


def _wire_int(digits: str):
    """An integer as received: an int up to 100 digits (engineio's bound: int() of a long string
    costs quadratic time), beyond that an exact Decimal (linear), which every check then refuses
    as out of range or not a whole number, instead of a traceback that drops the whole message."""
    return int(digits) if len(digits) <= 100 else Decimal(digits)


class WireJSON:
    """The JSON of Socket.IO packets: a Frame is written as its text (no re-encoding), everything
    else as JSON without escaping Chinese and Tibetan (a third of the bytes). Reading is Python's,
    with integers of more than 100 digits read as Decimal (_wire_int)."""

    @staticmethod
    def dumps(value: Any, **options) -> str:
        if isinstance(value, list) and len(value) == 2 and isinstance(value[1], Frame):
            return f"[{encode(value[0])},{value[1].text()}]"
        options.setdefault("ensure_ascii", False)
        return json.dumps(value, **options)

    @staticmethod
    def loads(text, **options) -> Any:
        return json.loads(text, parse_int=_wire_int, **options)


# --- one websocket frame for every watcher ---------------------------------------------------

class Framed(str):
    """An encoded Engine.IO packet that also carries its websocket text frame (unmasked, as a server
    sends it)."""

    frame: bytes

    def __new__(cls, text: str) -> "Framed":
        framed = super().__new__(cls, text)
        payload = text.encode()
        size = len(payload)
        if size < 126:
            header = struct.pack("!BB", 0x81, size)
        elif size < 65536:
            header = struct.pack("!BBH", 0x81, 126, size)
        else:
            header = struct.pack("!BBQ", 0x81, 127, size)
        framed.frame = header + payload
        return framed


class FramedPacket(eio_packet.Packet):
    """An Engine.IO message whose encoding (and websocket frame) was made once for all its sockets."""

    def __init__(self, text: str):
        super().__init__(eio_packet.MESSAGE, text)
        self.encoded = Framed(str(eio_packet.MESSAGE) + text)

    def encode(self, b64=False):
        return self.encoded


def framed_event(namespace: str, event: str, frame: Frame) -> FramedPacket:
    """The Socket.IO event `event` carrying the frame's text, in `namespace`, ready for every socket."""
    return FramedPacket(f"2{namespace},[{encode(event)},{frame.text()}]")


def write_framed_as_is() -> None:
    """Let simple-websocket write a Framed packet's frame directly: one complete text frame, on a
    connection that is open and negotiated no extension (podium/app.py declines permessage-deflate),
    leaves wsproto's state as its own send would. Anything else takes simple-websocket's own path."""
    from simple_websocket import ws
    from wsproto.connection import ConnectionState

    if getattr(ws.Base.send, "podium_framed", False):
        return
    own_send = ws.Base.send

    def send(self, data):
        connection = self.ws.connection
        if (isinstance(data, Framed) and self.connected and connection is not None
                and connection.state is ConnectionState.OPEN and not connection._proto.extensions):
            self.sock.sendall(data.frame)
            return
        own_send(self, data)

    send.podium_framed = True
    ws.Base.send = send
