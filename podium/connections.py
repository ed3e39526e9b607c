"""Limits on every Socket.IO connection, checked before a message is parsed or handled.

Each connection (an Engine.IO session: a board, a phone, a tablet) may send so many messages and so
many bytes in a window. The limits are written and parsed with the `limits` library; the counts are
fixed windows kept with the connection and dropped when it closes (a connection lives in one
process). `limits`' own in-memory storage was measured first and left: it rescans every key every
10 ms and its moving window prepends one list entry per unit of cost, which made 300 connects take
5.7-13.7 s instead of 0.7-0.9 s. A connection over a limit is disconnected and logged; the message
that crossed it is not handled. A malformed packet (one python-socketio refuses with an exception) disconnects its sender
the same way, with one line in the log instead of a traceback. Messages of /display (spectators)
have a lower limit of their own: a board sends one `watch` per stage it shows, a phone an `entry`
per tapped row. Limits per address are left to the proxy in front (deploy/nginx.conf.in): at a
venue two thousand phones share one address behind the Wi-Fi's NAT.

Handlers see one payload: `Namespace.trigger_event` refuses an event sent with more (or fewer)
arguments than its handler takes, instead of a TypeError deep in the handler.
"""
from __future__ import annotations

import logging
import time
from typing import Any, Optional

import flask_socketio
from limits import RateLimitItem, parse_many

log = logging.getLogger(__name__)

# Defaults (app.config may override each: SOCKET_MESSAGES, SOCKET_BYTES, DISPLAY_MESSAGES).
SOCKET_MESSAGES = "100 per second; 3000 per minute"  # any connection: a tablet resending a long outbox fits
SOCKET_BYTES = "1000000 per 10 seconds"  # what a connection sends, bytes (one message at most 64 KB)
DISPLAY_MESSAGES = "10 per second; 120 per minute"  # a board's or a phone's messages to /display
SPECTATORS = "/display"


def namespace_of(data: Any) -> str:
    """The namespace a Socket.IO packet is for, read from its head without parsing the rest:
    `<type>[<attachments>-][/<namespace>,]...`; '/' when it names none (a binary attachment too)."""
    if not isinstance(data, str):
        return "/"
    start = 1
    if data[start:start + 1].isdigit():  # a binary event's count of attachments: "51-/ns,..."
        dash = data.find("-", start, start + 8)
        start = dash + 1 if dash > 0 else start
    if data[start:start + 1] != "/":
        return "/"
    end = data.find(",", start, start + 64)
    return data[start:end] if end > 0 else data[start:start + 64]


class Windows:
    """One connection's counts against a list of limits: per limit, its current window's start and
    what was spent in it."""

    __slots__ = ("starts", "spent")

    def __init__(self, count: int):
        self.starts = [0.0] * count
        self.spent = [0] * count

    def spend(self, limits: list[RateLimitItem], cost: int, now: float) -> Optional[RateLimitItem]:
        """Count `cost` against every limit; the first one it crosses, if any."""
        crossed = None
        for number, item in enumerate(limits):
            if now - self.starts[number] >= item.get_expiry():
                self.starts[number], self.spent[number] = now, 0
            self.spent[number] += cost
            if crossed is None and self.spent[number] > item.amount:
                crossed = item
        return crossed


class ConnectionLimits:
    """Wraps the Engine.IO message handler of a Socket.IO server with the limits."""

    def __init__(self, socketio: flask_socketio.SocketIO, config: dict):
        self.server = socketio.server
        self.eio = socketio.server.eio
        self.messages = parse_many(config.get("SOCKET_MESSAGES", SOCKET_MESSAGES))
        self.bytes = parse_many(config.get("SOCKET_BYTES", SOCKET_BYTES))
        self.display = parse_many(config.get("DISPLAY_MESSAGES", DISPLAY_MESSAGES))
        self.counts: dict[str, tuple[Windows, Windows, Windows]] = {}  # eio sid -> messages, bytes, /display
        self.handle = self.eio.handlers["message"]
        self.closed = self.eio.handlers["disconnect"]
        self.eio.on("message", self.message)
        self.eio.on("disconnect", self.disconnect)

    def over(self, eio_sid: str, data: Any) -> Optional[str]:
        """Which limit this message crosses, if any."""
        counts = self.counts.get(eio_sid)
        if counts is None:
            counts = self.counts[eio_sid] = (Windows(len(self.messages)), Windows(len(self.bytes)),
                                             Windows(len(self.display)))
        now = time.monotonic()
        checks = [(counts[0], self.messages, 1, "messages"), (counts[1], self.bytes, len(data), "bytes")]
        if namespace_of(data) == SPECTATORS:
            checks.append((counts[2], self.display, 1, f"{SPECTATORS} messages"))
        for windows, limits, cost, what in checks:
            crossed = windows.spend(limits, cost, now)
            if crossed is not None:
                return f"{crossed} {what}"
        return None

    def disconnect(self, eio_sid: str, *reason: Any) -> None:
        self.counts.pop(eio_sid, None)
        self.closed(eio_sid, *reason)

    def message(self, eio_sid: str, data: Any) -> None:
        crossed = self.over(eio_sid, data)
        if crossed is not None:
            self.close(eio_sid, f"over the limit of {crossed}")
            return
        try:
            self.handle(eio_sid, data)
        except ValueError as malformed:  # python-socketio's word for a packet it cannot take
            self.close(eio_sid, f"a malformed packet ({malformed})")

    def close(self, eio_sid: str, why: str) -> None:
        environ = self.server.environ.get(eio_sid) or {}
        log.warning("closed connection %s from %s: %s", eio_sid, environ.get("REMOTE_ADDR", "?"), why)
        self.eio.disconnect(eio_sid)


class Namespace(flask_socketio.Namespace):
    """A namespace whose handlers each take exactly one payload (which may be left out: None)."""

    def trigger_event(self, event, *args):
        if event in ("connect", "disconnect"):
            return super().trigger_event(event, *args)
        sid, payload = args[0], args[1:]
        if len(payload) > 1:
            return {"ok": False, "error": "bad_request", "message": "Send one JSON object, nothing more."}
        return super().trigger_event(event, sid, *(payload or (None,)))

