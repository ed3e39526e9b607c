"""The fonts that print Chinese and Tibetan: found on this machine, checked against the text, cut down.

A printed document uses a font stack: Noto Serif CJK SC for Chinese (and Latin, digits, punctuation),
then Noto Serif Tibetan, each in regular and bold. Before anything is printed every character must be
in one of the stack's faces; a character no face has is reported (MissingGlyphs), never drawn as tofu.

Embedding a whole CJK face (65,535 glyphs in a 26 MB collection) costs WeasyPrint seconds per
document when it has to cut it with fontTools, so each document gets its own subset of every face:
only the characters it prints, with every OpenType layout feature kept (Tibetan stacks such as
བསྒྲུབས are built by the font's GSUB 'ccmp'/'abvs'/'blws' and placed by GPOS 'abvm'/'blwm'/'mark').
Subsets are made with HarfBuzz (uharfbuzz, a few milliseconds even from the full CJK face) or
fontTools, and kept in memory by (face, characters).
"""
from __future__ import annotations

import io
import os
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import uharfbuzz
from fontTools import subset as fonttools_subset
from fontTools.ttLib import TTCollection, TTFont

from organizers.printing.errors import FontNotFound

CJK = "Noto Serif CJK SC"
TIBETAN = "Noto Serif Tibetan"
REGULAR, BOLD = 400, 700

# Where Debian (fonts-noto-cjk, fonts-noto-core), Fedora and Arch put the faces, when fontconfig is missing.
KNOWN_FOLDERS = {
    CJK: ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/google-noto-cjk", "/usr/share/fonts/noto-cjk"),
    TIBETAN: ("/usr/share/fonts/truetype/noto", "/usr/share/fonts/google-noto", "/usr/share/fonts/noto"),
}
KNOWN_FILES = {CJK: "NotoSerifCJK-{style}.ttc", TIBETAN: "NotoSerifTibetan-{style}.ttf"}
DEBIAN_PACKAGE = {CJK: "fonts-noto-cjk", TIBETAN: "fonts-noto-core"}
FONTCONFIG_WEIGHT = {"80": REGULAR, "200": BOLD}  # fontconfig's scale -> CSS
ENGINES = ("harfbuzz", "fonttools")
# Always in a subset: printable ASCII, so page counters and numbers laid out later never miss a digit.
ALWAYS = frozenset(range(0x20, 0x7F))


@dataclass(frozen=True)
class Face:
    """One installed font face: a file, and the face's index in it when it is a collection (.ttc)."""

    family: str
    weight: int
    path: str
    index: int = 0


@dataclass(frozen=True)
class Family:
    """A family of the stack as the documents' CSS names it, with its installed faces (regular first)."""

    css_name: str
    installed: str
    faces: tuple[Face, ...]


@dataclass(frozen=True)
class FontFile:
    """A subset ready for an @font-face rule."""

    css_name: str
    weight: int
    data: bytes

    @property
    def format(self) -> str:
        return "opentype" if self.data[:4] == b"OTTO" else "truetype"


def needs_glyph(char: str) -> bool:
    """False for what is never drawn: controls, format characters (ZWJ, soft hyphen), variation selectors."""
    code = ord(char)
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
        return False
    return unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp")


def _from_fontconfig(family: str, weight: int) -> Face | None:
    try:
        listed = subprocess.run(["fc-list", "--format", "%{file}|%{index}|%{weight}\n", family],
                                capture_output=True, text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    for line in sorted(listed.splitlines()):
        path, index, fc_weight = line.rsplit("|", 2)
        if FONTCONFIG_WEIGHT.get(fc_weight) == weight and os.path.exists(path):
            return Face(family, weight, path, int(index))
    return None


def _family_names(path: str) -> list[str]:
    fonts = TTCollection(path, lazy=True).fonts if path.lower().endswith((".ttc", ".otc")) else [
        TTFont(path, lazy=True)]
    return [font["name"].getDebugName(16) or font["name"].getDebugName(1) for font in fonts]


def _from_known_files(family: str, weight: int) -> Face | None:
    if family not in KNOWN_FILES or weight not in (REGULAR, BOLD):
        return None
    file_name = KNOWN_FILES[family].format(style="Bold" if weight == BOLD else "Regular")
    for path in (os.path.join(folder, file_name) for folder in KNOWN_FOLDERS[family]):
        if os.path.exists(path):
            names = _family_names(path)
            if family in names:
                return Face(family, weight, path, names.index(family))
    return None


@lru_cache(maxsize=None)
def find_face(family: str, weight: int = REGULAR) -> Face:
    """The installed face of `family` at `weight` (400 or 700): asks fontconfig, then looks in known places."""
    face = _from_fontconfig(family, weight) or _from_known_files(family, weight)
    if face is None:
        package = DEBIAN_PACKAGE.get(family)
        hint = f" (Debian: apt-get install {package}, or `make run`)" if package else ""
        raise FontNotFound(f"The font {family} (weight {weight}) is not installed{hint}.")
    return face


@lru_cache(maxsize=None)
def _harfbuzz_face(face: Face) -> uharfbuzz.Face:
    return uharfbuzz.Face(uharfbuzz.Blob.from_file_path(face.path), face.index)


@lru_cache(maxsize=None)
def covered(face: Face) -> frozenset[int]:
    """The code points the face maps to a glyph (its cmap)."""
    return frozenset(_harfbuzz_face(face).unicodes)


def _harfbuzz_subset(face: Face, codepoints: frozenset[int]) -> bytes:
    wanted = uharfbuzz.SubsetInput()
    wanted.unicode_set.update(codepoints)
    features = wanted.layout_feature_tag_set
    features.clear()
    features.invert()  # every layout feature: Tibetan needs its whole GSUB and GPOS
    wanted.flags = uharfbuzz.SubsetFlags.NO_HINTING
    return uharfbuzz.subset(_harfbuzz_face(face), wanted).blob.data


def _fonttools_subset(face: Face, codepoints: frozenset[int]) -> bytes:
    options = fonttools_subset.Options(layout_features=["*"], name_IDs=["*"], notdef_outline=True,
                                       hinting=False, font_number=face.index)
    font = TTFont(face.path, fontNumber=face.index, lazy=True)
    subsetter = fonttools_subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@lru_cache(maxsize=32)  # a batch's CJK subset can be a few MB
def subset_face(face: Face, codepoints: frozenset[int], engine: str = "harfbuzz") -> bytes:
    """The face cut down to `codepoints` (those it has), layout features kept; cached by (face, characters)."""
    kept = frozenset(codepoints & covered(face))
    if engine == "harfbuzz":
        return _harfbuzz_subset(face, kept)
    if engine == "fonttools":
        return _fonttools_subset(face, kept)
    raise ValueError(f"unknown subsetting engine {engine!r}, expected one of {ENGINES}")


@dataclass(frozen=True)
class FontStack:
    """The families a document prints with, in CSS fallback order."""

    families: tuple[Family, ...]

    @property
    def installed_names(self) -> list[str]:
        return [family.installed for family in self.families]

    @property
    def css_family(self) -> str:
        """The value for CSS font-family, e.g. '"Podium CJK", "Podium Tibetan"'."""
        return ", ".join(f'"{family.css_name}"' for family in self.families)

    def missing(self, text: str) -> tuple[str, ...]:
        """The characters of `text` (in order, once each) that no family's regular face has."""
        regular = [covered(family.faces[0]) for family in self.families]
        return tuple(char for char in dict.fromkeys(text)
                     if needs_glyph(char) and not any(ord(char) in cmap for cmap in regular))

    def subsets(self, text: str, engine: str = "harfbuzz") -> list[FontFile]:
        """Every face of the stack cut down to the characters of `text` (plus printable ASCII)."""
        codepoints = frozenset(map(ord, set(text))) | ALWAYS
        return [FontFile(family.css_name, face.weight, subset_face(face, codepoints & covered(face), engine))
                for family in self.families for face in family.faces]


def stack_of(families: Iterable[tuple[str, str]], weights: tuple[int, ...] = (REGULAR, BOLD)) -> FontStack:
    """A stack from (CSS name, installed family) pairs, each with the given weights (regular first)."""
    return FontStack(tuple(Family(css_name, installed, tuple(find_face(installed, weight) for weight in weights))
                           for css_name, installed in families))


@lru_cache(maxsize=None)
def default_stack() -> FontStack:
    """Chinese first (it also has Latin letters, digits and punctuation), then Tibetan."""
    return stack_of((("Podium CJK", CJK), ("Podium Tibetan", TIBETAN)))
