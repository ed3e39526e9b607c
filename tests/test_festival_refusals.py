"""Issue 13, refusals read whole in the reader's language, with names, not keys, through a real
`podium run` in chromium. Before: "不是数字。 (the time must be a number… got 'abc')" on the recorder's
console, "出场顺序已结束。 (The running order is finished.)" for a chief whose stage has no entries yet,
"成绩并列，需要您决定。 (A tie at the cut: choose 1 of putonghua-chawa/C2…)" on the tier page."""
from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import delete, select

from conftest import speech_competition
from measured_data import RECORDER_TOKENS, race_competition
from scoring.db import transaction
from scoring.models import Entry, Stage
from test_browser import open_tablet

def recorder(browser, server, token, lang="zh"):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{server.url}/j/{server.token(token)}?lang={lang}")
    expect(page.locator("#heat")).to_be_visible(timeout=15000)
    return page


def test_the_recorders_refusals_are_whole_sentences_in_chinese_and_tibetan(serve, browser):
    server = serve(race_competition())
    page = recorder(browser, server, RECORDER_TOKENS["lift"])
    row = page.locator("#start-list tr[data-entry]").first
    row.locator("input.value").fill("abc")
    row.locator(".record").click()
    ack = page.locator("#ack")
    expect(ack).to_have_attribute("data-state", "error", timeout=10000)
    expect(ack).to_have_text("“abc” 不是数字。")
    row.locator("input.value").fill("5000")          # over the rule's maximum
    row.locator(".record").click()
    expect(ack).to_have_text("5000 kg 超过了上限 300 kg。", timeout=10000)

    tibetan = recorder(browser, server, RECORDER_TOKENS["lift"], lang="bo")
    row = tibetan.locator("#start-list tr[data-entry]").first
    row.locator("input.value").fill("abc")
    row.locator(".record").click()
    expect(tibetan.locator("#ack")).to_have_text("“abc” ཨང་གྲངས་མིན།", timeout=10000)


def test_a_chief_on_a_stage_with_no_entries_is_told_so_not_that_the_order_is_finished(serve, browser):
    """As the county final of the demo before the townships have advanced into it."""
    server = serve(speech_competition())
    with transaction(server.sessions) as session:
        stage = session.scalar(select(Stage).where(Stage.key == server.key("final")))
        session.execute(delete(Entry).where(Entry.stage_id == stage.id))
    chief = open_tablet(browser, server, "J1")
    chief.click("#next")
    out = chief.locator("#chief-ack")
    expect(out).to_have_attribute("data-state", "error", timeout=10000)
    expect(out).to_have_text("本赛段还没有选手：请组织者先添加或导入选手。")
