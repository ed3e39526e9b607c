"""Issue 13, what the officials' consoles tell them, through a real `podium run` in chromium.

Refusals read whole in the reader's language, with names, not keys, through a real
`podium run` in chromium. Before: "不是数字。 (the time must be a number… got 'abc')" on the recorder's
console, "出场顺序已结束。 (The running order is finished.)" for a chief whose stage has no entries yet,
"成绩并列，需要您决定。 (A tie at the cut: choose 1 of putonghua-chawa/C2…)" on the tier page."""
from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import delete, select

from conftest import ARTIFACTS, speech_competition
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


def test_the_recorder_is_warned_when_the_stopwatches_disagree(serve, browser):
    """Issue 13: three stopwatches 2 s apart were taken with no warning. The time is still the middle
    watch; the row shows the spread, the watches and what to do."""
    server = serve(race_competition())
    page = recorder(browser, server, RECORDER_TOKENS["heats"])
    page.click("#clock-start")
    row = page.locator("#start-list tr[data-entry='R1']")
    for watch, reading in zip(row.locator("input.watch").all(), ("65.2", "67.2", "65.3")):
        watch.fill(reading)
    row.locator(".record").click()
    expect(row).to_have_attribute("data-wide", "true", timeout=10000)
    expect(row.locator(".spread-warning")).to_have_text(
        "第 1 次：各块秒表相差 2.0 秒（超过 0.5 秒）。请核对秒表；如有一块有误，请更正成绩。 (65.2 / 67.2 / 65.3)")
    expect(row.locator(".chip.wide")).to_have_text("1:05.3 ⚠")
    close = page.locator("#start-list tr[data-entry='R2']")
    for watch, reading in zip(close.locator("input.watch").all(), ("66.0", "66.4", "66.2")):
        watch.fill(reading)
    close.locator(".record").click()
    expect(close.locator(".chip")).to_have_count(1, timeout=10000)
    expect(close).to_have_attribute("data-wide", "false")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "recorder-stopwatch-spread.png"))
