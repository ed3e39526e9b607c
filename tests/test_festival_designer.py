"""Issue 13, the certificate designer in the console of a real `podium run`: a county organizer
designs a certificate without HTML (title, wording with two fields, a seal, A5 landscape), sees it in
the live preview, saves it, and prints one award's certificate with it; a township organizer may not."""
from __future__ import annotations

import base64
import io

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from conftest import ARTIFACTS, speech_competition
from organizers.access import create_organizer
from printing_checks import page_texts, png_pages
from scoring.db import transaction
from scoring.models import AuditEntry, Award, Campaign, Stage
from test_festival_printing import logged_in
from test_printing_served import PASSWORD, console  # noqa: F401  (the awarded final and a logged-in organizer)

A5_LANDSCAPE = (595.3, 419.5)


def seal_png(path) -> None:
    picture = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((8, 8, 292, 292), outline=(200, 20, 20, 255), width=14)
    draw.regular_polygon((150, 150, 60), 5, rotation=-90, fill=(200, 20, 20, 255))
    picture.save(path, "PNG")


def size_and_text(pdf: bytes) -> tuple[tuple[float, float], str]:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    return (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)), "".join(page_texts(pdf)[0].split())


def logged_in_page(browser, url: str, username: str):
    page = browser.new_page(locale="zh-CN", viewport={"width": 1500, "height": 1100})
    page.goto(f"{url}/organizer/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    return page


def test_a_county_organizer_designs_a_certificate_without_html_and_prints_it(server, console, browser, tmp_path):
    with server.sessions() as s:
        campaign = s.scalar(select(Campaign).where(Campaign.name.like(f"%{server.tag}")))
        campaign_id, campaign_name = campaign.id, campaign.name
        stage_id = s.scalar(select(Stage.id).where(Stage.key == console.stage))
        first = s.scalar(select(Award).where(Award.stage_id == stage_id).order_by(Award.id))
        award_id, winner, level = first.id, first.entry.name, first.level.name
    with transaction(server.sessions) as s:
        create_organizer(s, f"township-{server.tag}", PASSWORD, campaign=campaign_name, township="硕督镇")
    page = logged_in_page(browser, server.url, f"printer-{server.tag}")
    page.goto(f"{server.url}/organizer/certificates/?campaign={campaign_id}")
    expect(page.locator("#field-name")).to_have_text("姓名")   # the fields as readable labels, in Chinese

    page.fill("#design-title", "表彰证书")
    page.fill("#design-wording", "兹授予")
    page.click("#field-name")            # inserts 【姓名】 where the cursor is
    page.keyboard.type("同志：\n在本次比赛中荣获")
    page.click("#field-award")
    seal = tmp_path / "seal.png"
    seal_png(seal)
    page.set_input_files("#design-seal", str(seal))
    page.select_option("#design-orientation", "landscape")
    page.select_option("#design-paper", "A5")
    expect(page.locator("#design-wording")).to_have_value("兹授予【姓名】同志：\n在本次比赛中荣获【奖项】")
    page.wait_for_function("() => { const f = document.getElementById('cert-preview'); "
                           "return f.dataset.made && f.dataset.made === f.dataset.asked && !f.dataset.pending; }",
                           timeout=30000)
    expect(page.locator("#cert-preview-error")).to_be_hidden()
    # the box shows the newest preview, made from the form as it is now: ask for it again, as the page does
    shown = page.evaluate("""async () => {
        const form = new FormData(document.getElementById('designer-form'));
        const answer = await fetch('/organizer/certificates/preview.pdf', { method: 'POST', body: form });
        const bytes = new Uint8Array(await answer.arrayBuffer());
        let text = ''; bytes.forEach(b => { text += String.fromCharCode(b); }); return btoa(text); }""")
    size, text = size_and_text(base64.b64decode(shown))
    assert size == A5_LANDSCAPE and "表彰证书" in text and "兹授予扎西顿珠" in text and "在本次比赛中荣获一等奖" in text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "certificate-designer.png"), full_page=True)

    page.click("#design-save")
    expect(page.locator("[data-flash=ok]")).to_be_visible(timeout=30000)
    expect(page.locator("#design-wording")).to_have_value("兹授予【姓名】同志：\n在本次比赛中荣获【奖项】")
    expect(page.locator("#design-paper")).to_have_value("A5")
    expect(page.locator("#seal-saved")).to_be_visible()

    printed = page.request.get(f"{server.url}/organizer/certificates/awards/{award_id}.pdf", timeout=30000)
    assert printed.status == 200 and printed.headers["content-type"].startswith("application/pdf")
    size, text = size_and_text(printed.body())
    assert size == A5_LANDSCAPE and "表彰证书" in text and f"兹授予{winner}同志" in text and f"在本次比赛中荣获{level}" in text
    png_pages(printed.body(), "certificate-designed-award")
    with server.sessions() as s:
        change = s.scalars(select(AuditEntry).where(AuditEntry.action == "certificate_design").order_by(AuditEntry.id.desc())).first()
    detail = change.detail
    assert change.actor.startswith("organizer:") and change.actor.endswith(f"printer-{server.tag}")
    assert detail["design"]["paper"] == "A5" and detail["design"]["wording"] == "兹授予【name】同志：\n在本次比赛中荣获【award】"
    assert detail["seal"] is True

    township = logged_in(server.url, f"township-{server.tag}")
    assert 'id="designer-form"' not in township.get(f"{server.url}/organizer/certificates/?campaign={campaign_id}",
                                                    timeout=30).text
    form = {"campaign": str(campaign_id), "action": "design", "title": "我的证书", "wording": "【姓名】", "paper": "A4",
            "orientation": "portrait", "border": "red", "background": "white"}
    for path in ("/organizer/certificates/", "/organizer/certificates/preview.pdf"):
        assert township.post(f"{server.url}{path}", data=form, timeout=30).status_code == 403
