"""Shared by the translate_*.py scripts: one language's catalog from translations/messages.pot and a table.

`write_catalog(locale, language, table)` reads the template, fails listing every msgid without a
text in `table` (English msgid -> translation) or whose %(name)s placeholders differ, then writes
translations/<locale>/LC_MESSAGES/messages.po (`make translations` compiles it to the .mo Flask-Babel reads).
"""
from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from babel.messages.pofile import read_po, write_po

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def write_catalog(locale: str, language: str, table: Mapping[str, str],
                  check: Callable[[str, str], bool] | None = None) -> Path:
    """Writes the catalog of `locale`; exits naming the msgids that are missing from `table`, whose
    placeholders differ from the msgid's, or that `check(msgid, text)` refuses."""
    with open(TRANSLATIONS / "messages.pot", "rb") as f:
        catalog = read_po(f, locale=locale)
    ids = [m.id for m in catalog if m.id]
    problems = {
        f"No {language} text for": [i for i in ids if i not in table],
        f"Placeholders differ in the {language} text for": [
            i for i in ids if i in table and placeholders(i) != placeholders(table[i])],
        f"Not {language} text for": [i for i in ids if i in table and check and not check(i, table[i])],
    }
    if any(problems.values()):
        sys.exit("\n".join(f"{title}:\n  " + "\n  ".join(found) for title, found in problems.items() if found))
    unused = [i for i in table if i not in catalog]
    if unused:
        print(f"{len(unused)} {language} texts are for msgids no longer in the template:\n  " + "\n  ".join(unused))
    catalog.fuzzy = False
    for message in catalog:
        if message.id:
            message.string = table[message.id]
    out = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as f:
        write_po(f, catalog, omit_header=False, no_location=True)
    print(f"{len(ids)} messages written to {out}")
    return out
