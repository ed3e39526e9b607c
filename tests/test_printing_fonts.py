"""The font stack: installed faces found, coverage checked, subsets that still shape Chinese and Tibetan."""
from __future__ import annotations

import io

import pytest
import uharfbuzz
from fontTools.pens.recordingPen import RecordingPen
from fontTools.ttLib import TTCollection, TTFont

from organizers.printing import fonts
from organizers.printing.errors import FontNotFound

RARE = "𠀾䶮龘"  # CJK extension B, extension A, and a 64-stroke character
STACKS = "བསྒྲུབས་རྒྱལ་བསྟན་འཛིན།"  # Tibetan with stacked consonants and vowel signs


def test_the_stack_is_noto_serif_cjk_sc_then_tibetan():
    stack = fonts.default_stack()
    assert stack.installed_names == [fonts.CJK, fonts.TIBETAN]
    cjk = stack.families[0].faces[0]
    assert [face.weight for face in stack.families[0].faces] == [400, 700]
    if cjk.path.endswith(".ttc"):  # the collection holds JP, KR, SC, TC, HK: the SC face is the one taken
        assert TTCollection(cjk.path, lazy=True).fonts[cjk.index]["name"].getDebugName(1) == fonts.CJK


def test_rare_characters_and_tibetan_stacks_are_covered():
    stack = fonts.default_stack()
    assert stack.missing("扎西 " + RARE + STACKS + "“红色昌都·振兴奋进”（县级）１２３\n") == ()


def test_missing_characters_are_listed_once_in_order():
    stack = fonts.default_stack()
    # an Egyptian hieroglyph, a private-use character, an unassigned code point; ZWJ and a variation selector need none
    text = "扎\U00013000西\ue000\U00013000\u200d\ufe0f\U000e0001x\u0378"
    assert stack.missing(text) == ("\U00013000", "\ue000", "\u0378")


def test_an_unknown_family_says_how_to_install_it():
    with pytest.raises(FontNotFound, match="Noto Serif Klingon"):
        fonts.find_face("Noto Serif Klingon")
    with pytest.raises(FontNotFound, match="apt-get install fonts-noto-cjk"):
        fonts.find_face(fonts.CJK, 123)  # no face of that weight


@pytest.mark.parametrize("engine", fonts.ENGINES)
def test_a_subset_holds_only_the_characters_printed(engine):
    face = fonts.find_face(fonts.CJK)
    data = fonts.subset_face(face, frozenset(map(ord, "扎西" + RARE)) | fonts.ALWAYS, engine)
    subset = TTFont(io.BytesIO(data))
    assert set(subset.getBestCmap()) == set(map(ord, "扎西" + RARE)) | fonts.ALWAYS
    # the face has 65,535 glyphs in 26 MB; the subset keeps the layout features' alternates of these (a few hundred)
    assert subset["maxp"].numGlyphs < 1000 and len(data) < 200_000


def _shaped_outlines(font_data: bytes, text: str, index: int = 0) -> list:
    """What HarfBuzz draws for `text`: every glyph's outline and position, independent of glyph ids."""
    face = uharfbuzz.Face(uharfbuzz.Blob(font_data), index)
    font = uharfbuzz.Font(face)
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    uharfbuzz.shape(font, buffer, {})
    glyph_set = TTFont(io.BytesIO(font_data), fontNumber=index).getGlyphSet()
    order = TTFont(io.BytesIO(font_data), fontNumber=index).getGlyphOrder()
    drawn = []
    for info, position in zip(buffer.glyph_infos, buffer.glyph_positions):
        pen = RecordingPen()
        glyph_set[order[info.codepoint]].draw(pen)
        drawn.append((pen.value, position.x_advance, position.x_offset, position.y_offset))
    return drawn


@pytest.mark.parametrize("engine", fonts.ENGINES)
def test_tibetan_stacks_shape_in_the_subset_as_in_the_full_font(engine):
    face = fonts.find_face(fonts.TIBETAN)
    with open(face.path, "rb") as full:
        original = _shaped_outlines(full.read(), STACKS, face.index)
    subset = fonts.subset_face(face, frozenset(map(ord, STACKS)), engine)
    assert _shaped_outlines(subset, STACKS) == original
    # ... and the layout features are what makes it so: without GSUB/GPOS the stacks fall apart
    bare = TTFont(io.BytesIO(subset))
    for table in ("GSUB", "GPOS"):
        del bare[table]
    out = io.BytesIO()
    bare.save(out)
    assert _shaped_outlines(out.getvalue(), STACKS) != original


def test_without_fontconfig_the_known_places_give_the_same_faces(monkeypatch):
    asked = {(family, weight): fonts.find_face(family, weight)
             for family in (fonts.CJK, fonts.TIBETAN) for weight in (fonts.REGULAR, fonts.BOLD)}
    monkeypatch.setattr(fonts, "_from_fontconfig", lambda family, weight: None)
    assert {key: fonts.find_face.__wrapped__(*key) for key in asked} == asked
