"""The catalogs are the source of the translations (docs/translating.md): translators edit
translations/<lang>/LC_MESSAGES/messages.po, `make catalogs` merges new texts from the code into them.
Every text the code and the templates use is in the template and translated, not fuzzy, in Chinese and
Tibetan, with the same placeholders; a Tibetan text has Tibetan letters and no Chinese characters (but
the examples of input its English has); a Chinese text has Chinese characters. Prints each language's
coverage (translated / fuzzy / untranslated)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("zh", "bo")
TIBETAN = re.compile("[\u0f00-\u0fff]")
CHINESE = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
WORDLESS = {"+%(n)s", "%(status)s for %(name)s"}  # nothing to translate but the order: "%(name)s: %(status)s"


def read(path: Path):
    with open(path, "rb") as f:
        return read_po(f)


@pytest.fixture(scope="module")
def used(tmp_path_factory) -> set[str]:
    """The texts the code and the templates use now (a fresh extraction, as `make catalogs` makes it)."""
    out = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-o", str(out), "."],
                   cwd=ROOT, check=True, capture_output=True)
    return {m.id for m in read(out) if m.id}


def placeholders(text) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_in_use_is_translated_with_its_placeholders(used, language):
    catalog = read(ROOT / "translations" / language / "LC_MESSAGES" / "messages.po")
    messages = {m.id: m for m in catalog if m.id}
    missing = sorted(used - set(messages))
    fuzzy = sorted(i for i in used & set(messages) if messages[i].fuzzy)
    empty = sorted(i for i in used & set(messages) if not messages[i].string)
    done = len(used) - len(missing) - len(set(fuzzy) | set(empty))
    print(f"{language}: {done} translated, {len(fuzzy)} fuzzy, {len(missing) + len(empty)} untranslated of {len(used)}")
    assert not missing, f"not in the {language} catalog (run `make catalogs`): {missing[:10]}"
    assert not empty, f"untranslated in {language}: {empty[:10]}"
    assert not fuzzy, f"fuzzy (a changed English text: review the translation) in {language}: {fuzzy[:10]}"
    differ = [i for i in used if placeholders(i) != placeholders(messages[i].string)]
    assert not differ, f"placeholders differ in {language}: {differ[:10]}"


def test_tibetan_texts_are_tibetan_and_chinese_texts_chinese(used):
    bo = {m.id: m.string for m in read(ROOT / "translations" / "bo" / "LC_MESSAGES" / "messages.po") if m.id}
    zh = {m.id: m.string for m in read(ROOT / "translations" / "zh" / "LC_MESSAGES" / "messages.po") if m.id}
    no_tibetan = [i for i in used if i not in WORDLESS and not TIBETAN.search(bo.get(i, ""))]
    chinese_in_bo = [i for i in used if CHINESE.search(bo.get(i, "")) and not CHINESE.search(i)]
    no_chinese = [i for i in used if i not in WORDLESS and not CHINESE.search(zh.get(i, ""))]
    assert not no_tibetan, f"no Tibetan letter: {no_tibetan[:10]}"
    assert not chinese_in_bo, f"Chinese characters in Tibetan: {chinese_in_bo[:10]}"
    assert not no_chinese, f"no Chinese character: {no_chinese[:10]}"


def test_the_template_holds_what_the_code_uses(used):
    """translations/messages.pot is what `make catalogs` makes from the code: a text added, changed or
    removed without running it is caught here (translators work from the template and the catalogs)."""
    template = {m.id for m in read(ROOT / "translations" / "messages.pot") if m.id}
    assert sorted(used - template) == [] and sorted(template - used) == [], "run `make catalogs`"
