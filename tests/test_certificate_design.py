"""The certificate designer's model (organizers.printing.design): the wording's fields as readable
placeholders, the design as the certificate template's inputs, the seal and signature refusals, and
the PDF it prints (paper, orientation, Chinese and Tibetan text, nothing cut)."""
from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from PIL import Image
from pypdf import PdfReader

from organizers.printing.certificates import Certificate, render_certificates
from organizers.printing.design import (DEFAULT_WORDING, Design, DesignError, Signature, checked, design_from_json,
                                        design_json, filled, picture, shown_wording, stored_wording, template_inputs)
from printing_checks import assert_glyphs_embedded, page_texts, png_pages

LABELS_ZH = {"name": "姓名", "unit": "单位", "event": "项目", "award": "奖项", "rank": "名次", "date": "日期"}
ACCEPTED = {label: key for key, label in LABELS_ZH.items()} | {"Name": "name", "Award": "award"}
LONG_TIBETAN = "ཕུན་ཚོགས་བཀྲ་ཤིས་དབང་འདུས་རྣམ་རྒྱལ་བསོད་ནམས་བསྟན་འཛིན་ཚེ་རིང་།"


def winner(**fields) -> Certificate:
    return Certificate(**{"name": "扎西顿珠", "name_bo": "བཀྲ་ཤིས་དོན་གྲུབ།", "unit": "硕督镇达翁村",
                          "campaign": "洛隆县活动", "event": "国家通用语言演讲", "tier": "县级决赛", "award": "一等奖",
                          "rank": 1, "issued_on": date(2026, 11, 29), "issuer": "洛隆县委宣传部",
                          "code": "1-ABCDE-FGHJK", "verify_url": "http://192.168.1.10:5000/verify/1-ABCDE-FGHJK",
                          **fields})


def image(kind: str, size=(120, 120)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 20, 20)).save(out, kind)
    return out.getvalue()


def texts(lines) -> list[str]:
    return ["".join(run["text"] for run in line["runs"]) for line in lines]


def test_fields_are_typed_as_labels_in_any_language_and_stored_by_key():
    stored = stored_wording("兹授予【姓名】同志\r\n荣获【 Award 】，第【名次】名【award】", ACCEPTED)
    assert stored == "兹授予【name】同志\n荣获【award】，第【rank】名【award】"
    assert shown_wording(stored, LABELS_ZH) == "兹授予【姓名】同志\n荣获【奖项】，第【名次】名【奖项】"
    assert stored_wording(shown_wording(DEFAULT_WORDING, LABELS_ZH), ACCEPTED | {"活动": "campaign", "赛段": "stage"}) \
        == DEFAULT_WORDING


@pytest.mark.parametrize("wording,code", [
    ("兹授予【职务】同志", "unknown_field"),
    ("兹授予【姓名同志", "open_bracket"),
    ("兹授予姓名】同志", "open_bracket"),
    ("字" * 1001, "too_long"),
])
def test_a_wording_that_cannot_be_printed_is_refused_with_its_reason(wording, code):
    with pytest.raises(DesignError) as refused:
        stored_wording(wording, ACCEPTED)
    assert refused.value.code == code


def test_the_wording_is_filled_in_per_certificate():
    design = Design(wording="兹授予【name】（【unit】）\n在【event】中获第【rank】名\n【award】\n【date】")
    lines = filled(design, winner())
    assert texts(lines) == ["兹授予扎西顿珠བཀྲ་ཤིས་དོན་གྲུབ།（硕督镇达翁村）", "在国家通用语言演讲中获第1名", "一等奖",
                            "2026年11月29日"]
    assert [line["kind"] for line in lines] == ["line", "line", "standout", "standout"]
    name_bo = [run for run in lines[0]["runs"] if run["field"] == "name_bo"]
    assert name_bo == [{"text": "བཀྲ་ཤིས་དོན་གྲུབ།", "field": "name_bo", "lang": "bo"}]
    # brackets around an empty field are left out with it; text is never read as a template
    assert texts(filled(replace(design, wording="兹授予【name】（【unit】）{{ 7*7 }}"), winner(unit=None, name_bo=None))) \
        == ["兹授予扎西顿珠{{ 7*7 }}"]


def test_a_design_is_checked_and_becomes_the_templates_inputs():
    design = checked(Design(title="  荣誉 证书 ", paper="A5", orientation="landscape",
                            signatures=(Signature("评委会主任", "次仁"), Signature("", ""), Signature("主裁判", "", image("PNG")))))
    assert design.title == "荣誉 证书" and [s.title for s in design.signatures] == ["评委会主任", "主裁判"]
    resources = {}
    inputs = template_inputs(design, resources)
    assert inputs["pages"] == {"landscape": {"width": 210, "height": 148}, "portrait": {"width": 148, "height": 210}}
    assert inputs["rem"] == 7.05 and inputs["border"] == "#b3261e"
    assert inputs["signatures"][1]["image"].startswith("podium:signature/") and len(resources) == 1
    assert design_from_json(design_json(design)) == design
    for wrong, code in ((Design(paper="Letter"), "bad_choice"), (Design(border="gold"), "bad_choice"),
                        (Design(signatures=(Signature("a"),) * 4), "too_many_signatures"),
                        (Design(title="长" * 41), "too_long"), (Design(wording="【职务】"), "unknown_field")):
        with pytest.raises(DesignError) as refused:
            checked(wrong)
        assert refused.value.code == code


@pytest.mark.parametrize("data,code", [
    (image("PNG", (1200, 1200)) + b"\0" * (2 * 1024 * 1024), "too_big"),
    (b"GIF89a this is not really a picture", "not_a_picture"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not_a_picture"),
    (image("GIF"), "wrong_type"),
    (image("WEBP"), "wrong_type"),
    (image("PNG")[:60], "not_a_picture"),  # cut short
])
def test_a_seal_or_signature_upload_is_refused_unless_a_png_or_jpeg_under_2_mb(data, code):
    with pytest.raises(DesignError) as refused:
        picture(data, "seal")
    assert refused.value.code == code and refused.value.params["what"] == "seal"


def test_png_and_jpeg_pictures_are_taken():
    for kind in ("PNG", "JPEG"):
        assert picture(image(kind), "signature") == image(kind)


@pytest.mark.parametrize("paper,orientation,size", [("A5", "landscape", (595.3, 419.5)), ("B5", "portrait", (498.9, 708.7)),
                                                      ("A4", "landscape", (841.9, 595.3))])
def test_the_design_prints_on_its_paper_with_its_wording(paper, orientation, size):
    design = checked(Design(title="表彰证书", paper=paper, orientation=orientation, border="blue", background="white",
                            wording="兹授予【name】同志\n荣获【award】", signatures=(Signature("评委会主任", "次仁", image("JPEG")),)))
    pdf = render_certificates([winner(orientation=orientation, name_bo=LONG_TIBETAN, seal=image("PNG"))], design=design)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == size
    text = "".join(page_texts(pdf)[0].split())
    assert "表彰证书" in text and "兹授予扎西顿珠" in text and "荣获一等奖" in text and "评委会主任" in text
    assert_glyphs_embedded(pdf)
    if paper == "A5":
        png_pages(pdf, "certificate-design-a5-landscape")


def test_a_long_tibetan_name_wraps_inside_the_page_and_is_never_cut():
    """The laid-out boxes of every Tibetan run lie inside the certificate's frame, on A5 (the smallest paper)."""
    from weasyprint import HTML

    from organizers.printing.documents import PRINT_TEMPLATES, fill, load_template

    design = checked(Design(paper="A5", orientation="portrait"))
    resources = {}
    certificate = winner(name_bo=LONG_TIBETAN, orientation="portrait")
    from organizers.printing.certificates import template_fields

    html = fill(load_template(None, "print/certificate.html"), design=template_inputs(design, resources),
                certificates=[template_fields(certificate, design, {}, resources)])
    html = html.replace('src="podium:', 'data-podium="')  # pictures play no part in where the text goes
    document = HTML(string=html, base_url=PRINT_TEMPLATES.as_uri() + "/").render()
    assert len(document.pages) == 1
    page = document.pages[0]

    def boxes(box):
        yield box
        for child in getattr(box, "children", []):
            yield from boxes(child)
    tibetan = [box for box in boxes(page._page_box) if type(box).__name__ == "TextBox" and "\u0f00" <= box.text[:1] <= "\u0fff"
               and box.text.strip("་།") and box.text[:2] in LONG_TIBETAN]
    assert len(tibetan) >= 2, "the long name wraps onto another line"
    for box in tibetan:
        assert 0 < box.position_x and box.position_x + box.width <= page.width - 20, box.text
        assert 0 < box.position_y and box.position_y + box.height <= page.height - 20, box.text
