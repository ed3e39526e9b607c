"""Issue 13, the tier page: stages by name (达翁村预赛), not by key; once the tier has advanced, who went
on (names, units, from and to which stage) and no tie choice or advance button any more."""
from __future__ import annotations

import itertools
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from conftest import ARTIFACTS, make_app
from organizers.access import create_organizer
from scoring.db import transaction
from scoring.models import Campaign, Event, Tier
from tiered_data import score_stage, tiered_competition

WENT_ON = [("chawa2", "查瓦村选手2", "查瓦村", "查瓦村预赛", "硕督镇复赛"),  # in the running order they got
           ("chawa3", "查瓦村选手3", "查瓦村", "查瓦村预赛", "硕督镇复赛"),
           ("dawong1", "达翁村选手1", "达翁村", "达翁村预赛", "硕督镇复赛"),
           ("dawong3", "达翁村选手3", "达翁村", "达翁村预赛", "硕督镇复赛"),
           ("tongni1", "通尼村选手1", "通尼村", "通尼村预赛", "白达乡复赛"),
           ("tongni3", "通尼村选手3", "通尼村", "通尼村预赛", "白达乡复赛")]


def village_tier(sessions, campaign: str) -> int:
    with sessions() as s:
        return s.scalar(select(Tier.id).join(Event).join(Campaign).where(Campaign.name == campaign, Tier.level == "village"))


def score_villages(sessions, key=lambda k: k) -> None:
    """The top 2 of each village; 通尼村 ties for second place (tongni2 and tongni3 at 75)."""
    score_stage(sessions, key("v-dawong"), {"dawong1": 90, "dawong2": 80, "dawong3": 85})
    score_stage(sessions, key("v-chawa"), {"chawa1": 70, "chawa2": 95, "chawa3": 88})
    score_stage(sessions, key("v-tongni"), {"tongni1": 80, "tongni2": 75, "tongni3": 75})


def test_the_tier_page_names_stages_and_after_advancing_shows_who_went_on(database):
    sessions = database(tiered_competition())
    with transaction(sessions) as session:
        create_organizer(session, "admin", "organizer-secret")
    client = make_app(sessions).test_client()
    client.post("/organizer/login", data={"username": "admin", "password": "organizer-secret"})
    tier = village_tier(sessions, "分级测试")
    page = client.get(f"/organizer/results/tiers/{tier}").get_data(as_text=True)
    assert "达翁村预赛" in page and ">v-dawong<" not in page and "等待" in page and "v-dawong, " not in page
    score_villages(sessions)
    page = client.get(f"/organizer/results/tiers/{tier}").get_data(as_text=True)
    assert 'id="advance-form"' in page and 'data-tie="1"' in page and "通尼村预赛" in page
    assert 'data-to="t-shuodu">硕督镇复赛<' in page and 'id="advanced"' not in page
    client.post(f"/organizer/results/tiers/{tier}", data={"chosen": ["v-tongni/tongni3"]})
    page = client.get(f"/organizer/results/tiers/{tier}").get_data(as_text=True)
    for absent in ('id="advance-form"', 'data-tie=', 'id="advance"', 'id="tier-rule"'):
        assert absent not in page
    rows = re.findall(r'<tr data-entry="([^"]+)" data-to="[^"]+"><td>([^<]+)</td><td>([^<]*)</td><td>([^<]+)</td>'
                      r'<td><a [^>]+>([^<]+)</a></td></tr>', page)
    assert rows == WENT_ON


# --- in the console, against a real server -------------------------------------------------------------

_NAMES = itertools.count(1)


def test_after_advancing_the_tier_page_shows_who_went_on_and_no_advance_button(serve, browser):
    server = serve(tiered_competition())
    campaign = f"分级测试 {server.tag}"
    username = f"tiers-{server.tag}-{next(_NAMES)}"
    with transaction(server.sessions) as session:
        create_organizer(session, username, "festival-2026", "组委会", campaign=campaign)
    score_villages(server.sessions, server.key)
    tier = village_tier(server.sessions, campaign)

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server.url}/organizer/")
    page.fill("#username", username)
    page.fill("#password", "festival-2026")
    page.click("#login-submit")
    page.goto(f"{server.url}/organizer/results/tiers/{tier}")
    stages = page.locator("#tier-stages tbody td:first-child")
    expect(stages).to_have_text(["达翁村预赛", "查瓦村预赛", "通尼村预赛"])
    expect(page.locator("fieldset.tie legend")).to_contain_text("通尼村预赛")
    expect(page.locator("#advancing")).not_to_contain_text(server.key("v-dawong"))
    page.click("#advance")   # nobody chosen in the tie: refused whole in Chinese, the tied ones by name and unit
    refused = page.locator("[data-flash='error']")
    expect(refused).to_have_text("晋级线上成绩并列：请从 通尼村选手2（通尼村）、通尼村选手3（通尼村） 中选出 1 人。")
    page.check(f"input[name=chosen][value='{server.key('v-tongni')}/tongni3']")
    page.click("#advance")
    expect(page.locator("[data-flash='ok']")).to_contain_text("硕督镇复赛")

    rows = page.locator("#advanced-entries tbody tr")
    expect(rows).to_have_count(6)
    expect(rows.nth(5)).to_contain_text("通尼村选手3")
    expect(rows.nth(5)).to_contain_text("白达乡复赛")
    for gone in ("#advance-form", "#advance", "fieldset.tie", "#tier-rule"):
        expect(page.locator(gone)).to_have_count(0)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "tier-advanced.png"), full_page=True)
    cells = [[c.strip() for c in r] for r in page.eval_on_selector_all(
        "#advanced-entries tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.textContent))")]
    assert cells == [[name, unit, origin, to] for _entry, name, unit, origin, to in WENT_ON]
