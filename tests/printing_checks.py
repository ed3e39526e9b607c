"""Checks on printed PDFs: the text a reader extracts, every glyph drawn present in the embedded fonts, PNGs."""
from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from conftest import ARTIFACTS

OUR_FONTS = ("Podium-CJK", "Podium-CJK-Bold", "Podium-Tibetan", "Podium-Tibetan-Bold")


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _to_unicode(font) -> dict[int, str]:
    """glyph id -> text, from the font's ToUnicode CMap (bfchar entries, as WeasyPrint writes them)."""
    mapping = {}
    for line in font["/ToUnicode"].get_object().get_data().decode("latin-1").splitlines():
        if line.startswith("<") and "> <" in line:
            glyph, text = line.strip("<>").split("> <")
            mapping[int(glyph, 16)] = bytes.fromhex(text).decode("utf-16-be")
    return mapping


def _drawn_glyphs(page) -> dict[str, set[int]]:
    """Font resource name -> glyph ids drawn with it (two bytes per glyph in Tj/TJ strings)."""
    drawn: dict[str, set[int]] = {}
    current = None
    for operands, operator in page.get_contents().operations:
        if operator == b"Tf":
            current = operands[0]
            continue
        if operator not in (b"Tj", b"TJ"):
            continue
        strings = operands[0] if operator == b"TJ" else operands
        for item in strings:
            if isinstance(item, (str, bytes)):
                raw = getattr(item, "original_bytes", item)
                raw = raw if isinstance(raw, bytes) else raw.encode("latin-1")
                drawn.setdefault(current, set()).update(
                    int.from_bytes(raw[i:i + 2], "big") for i in range(0, len(raw), 2))
    return drawn


def _has_outline(font: TTFont, glyph_id: int) -> bool:
    glyphs = font.getGlyphSet()
    pen = BoundsPen(glyphs)
    glyphs[font.getGlyphOrder()[glyph_id]].draw(pen)
    return pen.bounds is not None


def assert_glyphs_embedded(pdf: bytes) -> set[str]:
    """Every glyph drawn on every page is in the embedded font program it is drawn with, is not .notdef
    (tofu) and has an outline unless it stands for white space; only our subset fonts are used.
    Returns every character the fonts' ToUnicode maps say was drawn."""
    drawn_text: set[str] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"]["/Font"]
        for resource, glyph_ids in _drawn_glyphs(page).items():
            font = fonts[resource].get_object()
            family = str(font["/BaseFont"]).split("+", 1)[1]
            assert family in OUR_FONTS, f"text drawn with {family}, not one of our subset fonts"
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            program = (descriptor.get("/FontFile2") or descriptor.get("/FontFile3")).get_object().get_data()
            embedded = TTFont(io.BytesIO(program))
            texts = _to_unicode(font)
            for glyph_id in glyph_ids:
                text = texts.get(glyph_id, "")
                assert glyph_id != 0, f"{family}: .notdef (tofu) drawn"
                assert glyph_id < embedded["maxp"].numGlyphs, f"{family}: glyph {glyph_id} ({text!r}) not embedded"
                blank = text and all(unicodedata.category(c).startswith("Z") for c in text)
                assert blank or _has_outline(embedded, glyph_id), f"{family}: glyph {glyph_id} ({text!r}) is empty"
                drawn_text.update(text)
    return drawn_text


def png_pages(pdf: bytes, name: str) -> list[Path]:
    """test-artifacts/<name>-N.png at 60 dpi (pdftoppm, from poppler-utils), to look at."""
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm is missing: run `make test`, which installs poppler-utils")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTIFACTS / f"{name}.pdf"
    source.write_bytes(pdf)
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(source), str(ARTIFACTS / name)], check=True)
    return sorted(ARTIFACTS.glob(f"{name}-*.png"))
