"""Certificates: bilingual names, rare characters and Tibetan stacks printed with no tofu; refusals print nothing."""
from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from datetime import date

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from organizers.printing import certificates as printing
from organizers.printing.certificates import Certificate, render_certificates
from organizers.printing.documents import PRINT_TEMPLATES, save_pdf
from organizers.printing.errors import MissingGlyphs, PrintingError, SealImageError, TemplateError
from organizers.printing.verification import certificate_code, verification_url, verify_code
from printing_checks import assert_glyphs_embedded, page_texts, png_pages

SECRET = "test-secret-0123456789"
CAMPAIGN_BO = "ལྷོ་རོང་རྫོང་གི་“དམར་པོའི་ཆབ་མདོ་·འཕེལ་རྒྱས་མདུན་སྐྱོད།”"


def certificate(award_id: int, name: str, **fields) -> Certificate:
    code = certificate_code(award_id, SECRET)
    return Certificate(**{
        "name": name, "campaign": "洛隆县“红色昌都·振兴奋进”活动", "event": "我和我的驻村故事演讲比赛",
        "tier": "县级决赛", "award": "一等奖", "issued_on": date(2026, 11, 29), "issuer": "洛隆县委宣传部",
        "unit": "硕督镇达翁村", "code": code, "verify_url": verification_url("http://192.168.1.10:5000", code),
        **fields})


def seal_png() -> bytes:
    picture = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((8, 8, 292, 292), outline=(200, 20, 20, 255), width=12)
    draw.regular_polygon((150, 150, 60), 5, rotation=-90, fill=(200, 20, 20, 255))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def flat(text: str) -> str:
    """Extracted text without the spaces a PDF reader puts between positioned glyphs (Tibetan vowels)."""
    return "".join(text.split())


WINNERS = [
    certificate(101, "扎西", name_bo="བཀྲ་ཤིས།", campaign_bo=CAMPAIGN_BO, seal=seal_png()),
    certificate(102, "龘䶮𠀾", name_bo="བསྒྲུབས་པ།", award="二等奖", orientation="portrait", unit="腊久乡查瓦村"),
    certificate(103, "王建华", award="优秀奖", tier=None, unit=None),
]


def test_certificates_print_every_name_award_and_code():
    pdf = render_certificates(WINNERS)
    pngs = png_pages(pdf, "printing-certificate")
    reader = PdfReader(io.BytesIO(pdf))
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages]
    assert sizes == [(842, 595), (595, 842), (842, 595)]  # A4 landscape, portrait, landscape (points)
    assert len(pngs) == 3
    texts = page_texts(pdf)
    for page, winner in zip(texts, WINNERS):
        for expected in (winner.name, winner.award, winner.code, winner.campaign, winner.event, winner.issuer,
                         "2026年11月29日", "特发此证，以资鼓励", "扫码验证真伪"):
            assert flat(expected) in flat(page), expected
        if winner.name_bo:
            assert flat(winner.name_bo) in flat(page)
        assert verify_code(winner.code, SECRET) in (101, 102, 103)
    assert "硕督镇达翁村" in texts[0] and "县级决赛" in flat(texts[0]) and "县级决赛" not in flat(texts[2])
    drawn = assert_glyphs_embedded(pdf)
    for winner in WINNERS:
        assert set(flat(winner.name + (winner.name_bo or "") + winner.award)) <= drawn
    assert set("𠀾䶮龘བསྒྲུ") <= drawn and set(flat(CAMPAIGN_BO)) <= drawn


def test_one_certificate_on_demand_is_one_page():
    pdf = render_certificates([WINNERS[1]])
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert "龘䶮𠀾" in page_texts(pdf)[0]


def test_a_batch_reports_progress_and_keeps_the_order(monkeypatch):
    monkeypatch.setattr(printing, "PART", 2)
    batch = [certificate(200 + i, f"选手{i}") for i in range(5)]
    seen = []
    pdf = render_certificates(batch, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(2, 5), (4, 5), (5, 5)]  # (total, total) once the PDF is ready
    assert [f"选手{i}" in text for i, text in enumerate(page_texts(pdf))] == [True] * 5
    assert_glyphs_embedded(pdf)


def test_a_batch_in_worker_processes_is_one_pdf_in_order(monkeypatch):
    monkeypatch.setattr(printing, "SLICE", 2)
    batch = [certificate(300 + i, f"选手{i}", seal=seal_png()) for i in range(5)]
    seen = []
    pdf = render_certificates(batch, progress=lambda done, total: seen.append((done, total)), workers=2)
    assert seen[-1] == (5, 5) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    texts = page_texts(pdf)
    assert len(texts) == 5 and all(f"选手{i}" in text for i, text in enumerate(texts))
    assert_glyphs_embedded(pdf)


def test_characters_no_font_has_are_reported_by_certificate_field_and_character():
    batch = [certificate(401, "扎西"), certificate(402, "次仁\U00013000卓玛"),
             certificate(403, "格桑", unit="查瓦村\ue000")]
    with pytest.raises(MissingGlyphs) as missing:
        render_certificates(batch)
    message = missing.value.message
    assert [p.where for p in missing.value.problems] == [f"certificate 2 ({batch[1].code}), name",
                                                       f"certificate 3 ({batch[2].code}), unit"]
    assert "次仁\U00013000卓玛" in message and "U+13000" in message and "U+E000" in message
    assert "Noto Serif CJK SC" in message and "扎西" not in message


def test_characters_no_font_has_in_the_template_are_reported_too():
    template = "<html><body>{% for c in certificates %}<p>🏆 {{ c.name }}</p>{% endfor %}</body></html>"
    with pytest.raises(MissingGlyphs) as missing:
        render_certificates(WINNERS[:1], template=template)
    assert [(p.where, p.characters) for p in missing.value.problems] == [("the certificate template", ("🏆",))]
    assert "U+1F3C6" in missing.value.message and "🏆 扎西" in missing.value.message


@pytest.mark.parametrize("template,problem", [
    ("<html><body>{% for c in certificates %}<p>{{ c.name }}</p></body></html>", "line 1"),
    ("<html><body>{% for c in certificates %}<p>{{ c.winner }}</p>{% endfor %}</body></html>", "winner"),
    ("<html><body>\n{% for c in certificates %}\n<div><p>{{ c.name }}</div>\n{% endfor %}</body></html>",
     "line 2: </div> found where <p> (opened on line 2) must be closed: <div><p>扎西</div>"),
    ("<html><body>{% for c in certificates %}<section>{{ c.name }}{% endfor %}</body></html>", "<section>"),
    ("<html><body>{{ certificates[0].name | no_such_filter }}</body></html>", "no_such_filter"),
])
def test_a_broken_template_is_reported_clearly(template, problem):
    with pytest.raises(TemplateError) as broken:
        render_certificates(WINNERS[:1], template=template)
    assert problem in broken.value.message


@pytest.mark.parametrize("reach", [
    "cycler.__init__.__globals__.os.popen('touch {witness}').read()",
    "certificates.__class__.__mro__[1].__subclasses__()",
    "certificates[0].__dict__",
    "certificates.append(1)",
    "lipsum.__globals__['os'].system('touch {witness}')",
])
def test_a_template_cannot_reach_beyond_its_fields(reach, tmp_path):
    """The certificate template is edited by organizers in the console: it is rendered in Jinja's
    sandbox, so reaching for Python's internals is refused with a message and runs nothing."""
    witness = tmp_path / "ran"
    template = "<html><body>{% for c in certificates %}<p>{{ c.name }}</p>{% endfor %}<p>{{ " + \
        reach.format(witness=witness) + " }}</p></body></html>"
    with pytest.raises(TemplateError) as refused:
        render_certificates(WINNERS[:1], template=template)
    assert any(word in refused.value.message for word in ("unsafe", "no attribute", "undefined"))
    assert not witness.exists()


@pytest.mark.parametrize("picture,problem", [
    ("border.png", "No such file"),
    ("http://192.168.1.10/border.png", "nothing is fetched from the network"),
    ("/etc/hostname", "only files under"),
])
def test_a_picture_the_template_cannot_load_is_reported(picture, problem):
    template = ('<html><body>{% for c in certificates %}<section><img src="' + picture + '">{{ c.name }}</section>'
                '{% endfor %}</body></html>')
    with pytest.raises(TemplateError, match=problem) as broken:
        render_certificates(WINNERS[:1], template=template)
    assert picture in broken.value.message


def test_a_missing_template_file_is_reported(tmp_path):
    with pytest.raises(TemplateError, match="Cannot read the template"):
        render_certificates(WINNERS[:1], template=tmp_path / "gone.html")


def test_an_edited_copy_of_the_template_is_used(tmp_path):
    edited = tmp_path / "certificate.html"
    edited.write_text((PRINT_TEMPLATES / "certificate.html").read_text(encoding="utf-8")
                      .replace("扫码验证真伪", "扫码验证真伪，再接再厉"), encoding="utf-8")
    pdf = render_certificates(WINNERS[:1], template=edited)
    assert "再接再厉" in page_texts(pdf)[0]


@pytest.mark.parametrize("seal,problem", [
    (b"GIF89a but not really a picture", "not a picture"),
    (b"<html><body>not a seal</body></html>", "not an SVG picture"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><circle r='5'", "not a valid SVG picture"),
    ("/nowhere/seal.png", "Cannot read the seal image"),
])
def test_a_seal_that_is_not_a_picture_is_reported(seal, problem):
    with pytest.raises(SealImageError, match=problem):
        render_certificates([replace(WINNERS[0], seal=seal)])


def test_an_svg_seal_prints():
    svg = b"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'><circle cx='5' cy='5' r='4' fill='red'/></svg>"
    assert page_texts(render_certificates([replace(WINNERS[2], seal=svg)]))[0]


def test_nothing_to_print_or_a_bad_orientation_is_refused():
    with pytest.raises(PrintingError, match="no certificates"):
        render_certificates([])
    with pytest.raises(PrintingError, match="orientation 'square'"):
        render_certificates([replace(WINNERS[0], orientation="square")])


def test_a_pdf_is_saved_whole_or_not_at_all(tmp_path):
    target = tmp_path / "certificates.pdf"
    save_pdf(b"%PDF-1.7 first", target)
    save_pdf(b"%PDF-1.7 second", target)
    assert target.read_bytes() == b"%PDF-1.7 second"
    with pytest.raises(TypeError):
        save_pdf("not bytes", target)
    assert target.read_bytes() == b"%PDF-1.7 second" and [p.name for p in tmp_path.iterdir()] == ["certificates.pdf"]


def test_the_qr_code_opens_the_verification_link(tmp_path):
    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg (Debian zbar-tools) is not installed: the QR codes are not decoded")
    pdf = tmp_path / "certificates.pdf"
    pdf.write_bytes(render_certificates(WINNERS))
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(pdf), str(tmp_path / "page")], check=True)
    read = [subprocess.run(["zbarimg", "-q", "--raw", str(page)], capture_output=True, text=True).stdout.strip()
            for page in sorted(tmp_path.glob("page-*.png"))]
    assert read == [winner.verify_url for winner in WINNERS]
