"""A refusal as a person reads it, whole in their language.

A service refuses with a code (the protocol's) and a sentence with names (scoring.errors.Told). The
consoles and tablets show `text`: the sentence from the catalog with its names filled in, or, for a
sentence the catalog does not hold (a malformed message no console sends), the code's own text. English
never trails a Chinese or Tibetan sentence; the English `message` stays in the ack for logs and scripts.
"""
from __future__ import annotations

from typing import Optional

from flask import has_request_context
from flask_babel import get_locale, get_translations, gettext as _

from scoring.errors import ScoringError, Told


SEPARATORS = {"zh": "、", "bo": "། "}  # between the names of a list, as each language writes it


def _code_texts() -> dict[str, str]:
    return {
        "not_final": _("Not every result is final yet."),
        "needs_decision": _("A tie needs your decision."),
        "already_advanced": _("This tier has already advanced."),
        "locked": _("That is locked; it cannot change now."),
        "awards_assigned": _("Awards were already given: the levels cannot change."),
        "no_levels": _("Set the award levels first."),
        "not_a_number": _("Not a number."),
        "out_of_range": _("Out of range."),
        "too_precise": _("Too many decimals."),
        "bad_token": _("This login is not valid. Scan your QR code again."),
        "busy": _("The server is busy; please send again."),
        "too_large": _("Too much data."),
        "implausible": _("This value is not possible here."),
        "client_id_reused": _("This was sent before with other content; send it again."),
        "bad_rule": _("The rule is not valid."),
    }


def said(told: Told) -> Optional[str]:
    """The sentence in the reader's language with its names; None when the catalog lacks it."""
    if not has_request_context():
        return str(told)
    translated = get_translations().gettext(told.template)
    if translated == told.template and str(get_locale()) != "en":
        return None
    return told.filled(translated, SEPARATORS.get(str(get_locale()), ", "))


def told(sentence: Told) -> str:
    """A service's sentence for a page (the `told` template filter)."""
    return said(sentence) or _("This cannot be done as asked.")


def refusal_text(refused: ScoringError) -> str:
    """What a person reads for a refusal: the whole sentence, else the code's text."""
    return said(refused.told) or _code_texts().get(refused.code) or _("This cannot be done as asked.")


def refusal_ack(refused: ScoringError) -> dict:
    """The ack of a refused action: the protocol's code and English message, and `text` to show."""
    return {**refused.as_ack(), "text": refusal_text(refused)}
