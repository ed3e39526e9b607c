"""The one error type every scoring service function raises: a stable code and a message.

A message is an English sentence with named blanks (``"Entry %(entry)s is locked."``) and the names
that fill them. The English text is the protocol's `message`; the same sentence is a catalog entry
(marked with N_), so a console shows it whole in the reader's language (podium/refusals.py)."""
from __future__ import annotations

from types import GeneratorType
from typing import Any


def N_(sentence: str) -> str:
    """Mark a sentence for the catalogs (pybabel extracts N_); it is translated where it is shown."""
    return sentence


class Told:
    """A sentence for a person: its English template (the catalog's msgid) and the names it shows."""

    __slots__ = ("template", "names")

    def __init__(self, template: str, **names: Any):
        self.template = template
        self.names = {key: _shown(value) for key, value in names.items()}

    def __str__(self) -> str:
        return self.filled(self.template)

    def filled(self, template: str, separator: str = ", ") -> str:
        """`template` (this sentence, or its translation) with the names; lists joined by `separator`."""
        if not self.names:
            return template
        return template % {key: separator.join(value) if isinstance(value, tuple) else value
                           for key, value in self.names.items()}

    def __repr__(self) -> str:
        return f"Told({str(self)!r})"

    def __eq__(self, other) -> bool:
        return str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))


def _shown(value: Any) -> Any:
    """Lists become tuples of text (joined where the sentence is shown); None is shown as a dash."""
    if isinstance(value, (list, tuple, set, frozenset, GeneratorType)):
        return tuple(str(v) for v in value)
    return "—" if value is None else value


def shown_entry(entry) -> str:
    """An entry as a person names it: its running number and name ("E03 格桑"), the key alone if unnamed."""
    return f"{entry.key} {entry.name}" if getattr(entry, "name", None) else entry.key


class ScoringError(Exception):
    """Refused input or action. `code` is part of the protocol (docs/protocol.md); nothing was stored.
    `message` is the English text; `told` the sentence with its names, for the reader's language."""

    def __init__(self, code: str, message: "str | Told", **names: Any):
        told = message if isinstance(message, Told) else Told(message, **names)
        super().__init__(f"{code}: {told}")
        self.code = code
        self.told = told
        self.message = str(told)

    @property
    def details(self) -> dict[str, Any]:
        return self.told.names

    def as_ack(self) -> dict:
        return {"ok": False, "error": self.code, "message": self.message}
