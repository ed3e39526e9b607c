"""Issue 13, finding a stage: the console's overview was one table of every stage (62 rows for three
villages) and /screens over 9,000 px tall. Both now group the stages by event, fold them when there are
many, and search (an event, a stage, a township, a village, a key); a campaign's page links to its
schedule, progress, venues and screens. Through a real `podium run` in chromium, on the demo campaign."""
from __future__ import annotations

import itertools
from pathlib import Path

import yaml
from playwright.sync_api import expect

from conftest import ARTIFACTS
from display.finding import MOST_CARDS
from organizers.access import create_organizer
from scoring.db import transaction

DEMO = Path(__file__).resolve().parent.parent / "podium" / "demo" / "luolong.yaml"
_NAMES = itertools.count(1)


def demo_campaign():
    return yaml.safe_load(DEMO.read_text(encoding="utf-8"))


def test_the_overview_and_the_start_page_group_fold_and_search_the_stages(serve, browser):
    data = demo_campaign()
    stages = [s["key"] for e in data["events"] for s in e["stages"]]
    assert len(stages) > MOST_CARDS   # enough to be folded
    server = serve(data)
    username = f"finding-{server.tag}-{next(_NAMES)}"
    with transaction(server.sessions) as session:
        create_organizer(session, username, "festival-2026", "组委会", campaign=f"{data['campaign']} {server.tag}")

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server.url}/organizer/")
    page.fill("#username", username)
    page.fill("#password", "festival-2026")
    page.click("#login-submit")
    groups = page.locator("details.event-group")
    expect(groups).to_have_count(len(data["events"]))
    for group in groups.all():                       # folded: one line per event
        expect(group).not_to_have_attribute("open", "")
    expect(groups.first.locator("summary")).to_contain_text("赛段：1")
    assert page.evaluate("document.documentElement.scrollHeight") < 1400

    page.fill("#search-q", "达翁村")                 # a village: its preliminaries, open
    page.click("#stage-search button[type=submit]")
    expect(page.locator("#search-count")).to_have_attribute("data-found", "1")
    shown = page.locator("details.event-group[open] tr[data-stage]")
    expect(shown).to_have_count(1)
    expect(shown).to_have_attribute("data-stage", server.key("putonghua-dawong"))
    expect(shown).to_contain_text("达翁村预赛")
    page.fill("#search-q", "硕督镇")                 # a township finds its own stage and its villages'
    page.click("#stage-search button[type=submit]")
    keys = page.locator("tr[data-stage]").evaluate_all("rows => rows.map(r => r.dataset.stage)")
    assert keys == [server.key("putonghua-dawong"), server.key("putonghua-shuodu")], keys
    page.fill("#search-q", "不存在的项目")
    page.click("#stage-search button[type=submit]")
    expect(page.locator("#nothing-found")).to_contain_text("没有与“不存在的项目”相符的赛段")

    page.click("#search-clear")
    page.click("[data-campaign]")                  # the campaign's page links to its schedule and screens
    for link, path in (("#link-schedule", "/organizer/schedule/"), ("#link-progress", "/organizer/schedule/"),
                       ("#link-venues", "/organizer/schedule/"), ("#link-screens", "/screens")):
        assert path in page.locator(link).get_attribute("href"), link
    page.click("#link-progress")
    expect(page.locator("h1")).to_be_visible()
    assert page.url.startswith(f"{server.url}/organizer/schedule/")

    screens = browser.new_page(viewport={"width": 1280, "height": 900})
    screens.goto(f"{server.url}/screens?q=-{server.tag}")
    listed = screens.locator("tr[data-stage]").evaluate_all("rows => rows.map(r => r.dataset.stage)")
    assert set(map(server.key, stages)) <= set(listed)
    expect(screens.locator(".card")).to_have_count(0)      # more than MOST_CARDS: compact, no QR codes
    screens.click(f"a[data-qr='{server.key('horse-heats')}']")
    card = screens.locator(f".card[data-stage='{server.key('horse-heats')}']")
    expect(card.locator(".qr svg")).to_have_count(1)
    expect(card).to_contain_text("预赛")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{server.url}/organizer/")
    page.screenshot(path=str(ARTIFACTS / "organizer-overview-grouped.png"), full_page=True)
    screens.goto(f"{server.url}/screens?q=-{server.tag}")
    screens.screenshot(path=str(ARTIFACTS / "screens-grouped.png"), full_page=True)
    assert screens.evaluate("document.documentElement.scrollHeight") < 2000
