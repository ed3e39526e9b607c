"""Against a real `podium run`: a group ends level on everything, the organizer records the drawing of
lots on the console, the LED board reorders its table at once (no reload), and the knockout is drawn
from the console, refused until the lots are drawn. The tables show goals for and against."""
from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from conftest import ARTIFACTS, acknowledged
from organizers.access import create_organizer
from scoring import scorekeeping
from scoring.db import transaction
from scoring.models import Judge, Stage
from test_knockout import VILLAGES

PASSWORD = "organizer-secret"


def two_groups() -> dict:
    """Groups A (T01-T03) and B (T04-T06), the top two of each into a knockout of four."""
    teams = [{"key": f"T{i:02d}", "name": f"{v}队"} for i, v in enumerate(VILLAGES[:6], start=1)]
    keeper = [{"key": "S1", "name": "记分员", "chief": True}]
    return {"campaign": "村超抽签", "events": [{
        "key": "football", "name": "村超足球赛", "format": "match", "rule": {"sport": "football"},
        "stages": [
            {"key": "groups", "name": "小组赛", "scorekeepers": keeper, "teams": teams,
             "groups": {"A": ["T01", "T02", "T03"], "B": ["T04", "T05", "T06"]}, "schedule": "round_robin"},
            {"key": "knockout", "name": "淘汰赛", "scorekeepers": keeper, "from_stage": "groups", "qualifiers": 2},
        ]}]}


def play_groups(served) -> None:
    """Group A: every match 1-1 (level on everything); group B: the lower key wins 2-0."""
    stage = served.key("groups")
    with served.sessions() as s:
        keeper = s.scalar(select(Judge.id).join(Stage).where(Stage.key == stage))
        fixtures = [(f.key, f.group, f.home.key, f.away.key) for f in s.scalar(select(Stage).where(Stage.key == stage)).fixtures]
    for key, group, home, away in fixtures:
        goals = (1, 1) if group == "A" else ((2, 0) if home < away else (0, 2))
        send = lambda kind, **f: scorekeeping.record_event(served.sessions, keeper, {"fixture": key, "kind": kind, **f})  # noqa: E731
        send("start")
        for side, count in zip(("home", "away"), goals):
            for _ in range(count):
                send("score", team=side, value=1)
        send("period_end")
        send("end")


def table_order(board, group: str) -> list[str]:
    return board.locator(f".pm-group[data-group='{group}'] .pm-row").evaluate_all("rows => rows.map(r => r.dataset.entry)")


def test_lots_drawn_on_the_console_reorder_the_board_and_the_knockout_is_drawn(serve, browser):
    served = serve(two_groups())
    play_groups(served)
    with transaction(served.sessions) as s:
        create_organizer(s, f"lots-{served.tag}", PASSWORD)
    groups = served.key("groups")

    board = browser.new_page(viewport={"width": 1920, "height": 1080})
    board.goto(f"{served.url}/board/{groups}?w=1920&h=1080&lang=zh")
    expect(board.locator(".pm-group[data-group='A'] .pm-row.is-lots")).to_have_count(3, timeout=15000)
    expect(board.locator(".pm-group[data-group='A'] .pm-thead")).to_contain_text("进球")
    expect(board.locator(".pm-group[data-group='A'] .pm-thead")).to_contain_text("失球")
    assert board.locator(".pm-group[data-group='A'] .pm-row[data-entry='T01'] .pm-c-scored").inner_text() == "2"

    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(f"{served.url}/organizer/login?lang=zh")
    page.fill("input[name=username]", f"lots-{served.tag}")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{served.url}/organizer/matches/stages/{groups}")
    expect(page.locator(".match-table[data-group='A'] thead")).to_contain_text("失球")

    page.click("#draw-knockout")  # refused: group A is level on everything
    expect(page.locator("[data-flash=error]")).to_contain_text("请先为达翁村队、查瓦村队、通尼村队抽签")

    form = page.locator(".lots-form[data-group='A']")
    for place, team in enumerate(["T03", "T01", "T02"]):
        form.locator("select[name=order]").nth(place).select_option(team)
    form.locator("input[name=drawn_by]").fill("达翁村队长 扎西")
    form.locator("input[name=note]").fill("见证：裁判长 次仁、两队队长")
    form.locator("button[type=submit]").click()
    expect(page.locator("[data-flash=ok]")).to_contain_text("抽签结果已记录")
    expect(page.locator(".lots-form[data-group='A'] .drawn")).to_contain_text("达翁村队长 扎西")

    # The board, never reloaded, ranks group A by the drawing.
    expect(board.locator(".pm-group[data-group='A'] .pm-row").first).to_have_attribute("data-entry", "T03", timeout=10000)
    assert table_order(board, "A") == ["T03", "T01", "T02"]
    expect(board.locator(".pm-group[data-group='A'] .pm-row.is-lots")).to_have_count(0)

    page.click("#draw-knockout")
    expect(page.locator("[data-flash=ok]")).to_contain_text("淘汰赛对阵已生成")
    expect(page.locator(".knockout li[data-fixture='SF-1']")).to_contain_text("通尼村队")  # A1 v B2
    expect(page.locator(".knockout li[data-fixture='SF-1']")).to_contain_text("孜托村队")
    knockout = served.standings("knockout")
    assert [(f["fixture"], f["home"]["entry"], f["away"]["entry"]) for f in knockout["fixtures"] if f["home"]] == [
        ("SF-1", "T03", "T05"), ("SF-2", "T04", "T01")]

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "match-lots-console-zh.png"), full_page=True)
    page.goto(f"{served.url}/organizer/matches/stages/{groups}?lang=bo")
    expect(page.locator(".match-table[data-group='A'] thead")).to_contain_text("རྡོག་ཤོར")
    page.screenshot(path=str(ARTIFACTS / "match-lots-console-bo.png"), full_page=True)
    board.screenshot(path=str(ARTIFACTS / "match-table-goals-1920x1080-zh.png"))
    board.goto(f"{served.url}/board/{groups}?w=1920&h=1080&lang=bo")
    expect(board.locator(".pm-group[data-group='A'] .pm-thead")).to_contain_text("རྡོག་ཐོབ", timeout=15000)
    board.screenshot(path=str(ARTIFACTS / "match-table-goals-1920x1080-bo.png"))


def test_the_chief_scorekeeper_records_lots_on_the_console(serve, browser):
    data = two_groups()
    data["events"][0]["stages"][0]["scorekeepers"] = [{"key": "S1", "name": "记分员", "chief": True,
                                                       "token": "lots-keeper-token-0123456789"}]
    served = serve(data)
    play_groups(served)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{served.url}/j/{served.token('lots-keeper-token-0123456789')}?lang=zh")
    expect(page.locator("#app")).to_have_attribute("data-connection", "live", timeout=15000)
    page.locator("#tables summary").click()
    expect(page.locator("#tables tr.needs-lots")).to_have_count(3)
    form = page.locator("#tables .lots-form[data-group='A']")
    for place, team in enumerate(["T02", "T03", "T01"]):
        form.locator("select[name=order]").nth(place).select_option(team)
    form.locator("input[name=drawn_by]").fill("两队队长")
    form.locator("input[name=note]").fill("记分台当众抽签")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator("#tables").screenshot(path=str(ARTIFACTS / "scorekeeper-lots-form-zh.png"))
    form.locator("button[type=submit]").click()
    acknowledged(page)
    expect(page.locator("#tables table[data-group='A'] tbody tr").first).to_have_attribute("data-entry", "T02")
    expect(page.locator("#tables tr.needs-lots")).to_have_count(0)
    assert [r["entry"] for r in served.standings("groups")["rows"] if r["group"] == "A"] == ["T02", "T03", "T01"]
    page.screenshot(path=str(ARTIFACTS / "scorekeeper-lots-zh.png"), full_page=True)
