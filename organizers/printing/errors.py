"""What can go wrong when printing, each with a message an organizer can act on."""
from __future__ import annotations

from dataclasses import dataclass


class PrintingError(Exception):
    """Base of every refusal to print; `message` is the text to show the organizer."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __reduce__(self):
        # Raised in a worker process and re-raised in the caller: keep the kind and every attribute.
        return _restore, (type(self), self.args, self.__dict__)


def _restore(kind: type, args: tuple, attributes: dict) -> PrintingError:
    error = Exception.__new__(kind)
    error.args = args
    error.__dict__.update(attributes)
    return error


@dataclass(frozen=True)
class MissingText:
    """One piece of text with characters no font of the stack has."""

    where: str  # e.g. "certificate 3 (E07), name" or "template"
    text: str
    characters: tuple[str, ...]

    def describe(self) -> str:
        chars = ", ".join(f"{c} (U+{ord(c):04X})" for c in self.characters)
        return f"{self.where} “{self.text}”: {chars}"


class MissingGlyphs(PrintingError):
    """Some text has characters that no installed font can draw: printing them would show tofu (□)."""

    def __init__(self, problems: list[MissingText], fonts: list[str]):
        self.problems = problems
        self.fonts = fonts
        lines = "\n".join(f"  - {p.describe()}" for p in problems)
        names = ", ".join(fonts)
        super().__init__(f"No font Podium prints with ({names}) has these characters, so nothing was printed:\n"
                         f"{lines}\nCorrect them where they were typed (the contestant's or unit's name in the "
                         "console or the imported file, the campaign's name, the template): usually a look-alike "
                         "from another script, an emoji or a stray code; write a rare character in its usual "
                         f"form. Installing another font does not help: Podium prints only with {names} "
                         "(Debian packages fonts-noto-cjk and fonts-noto-core).")


class FontNotFound(PrintingError):
    pass


class TemplateError(PrintingError):
    pass


class SealImageError(PrintingError):
    pass


class NotGenuine(PrintingError):
    """A certificate code that does not verify: `reason` is "garbled", "not_genuine", "revoked" or
    "mismatch" (see verification.verify_code)."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
