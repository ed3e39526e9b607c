"""The one error type every scoring service function raises: a stable code and a message."""
from __future__ import annotations


class ScoringError(Exception):
    """Refused input or action. `code` is part of the protocol (docs/protocol.md); nothing was stored."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message

    def as_ack(self) -> dict:
        return {"ok": False, "error": self.code, "message": self.message}
