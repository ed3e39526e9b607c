"""A whole small campaign in chromium, as an organizer runs it: log in, make a campaign from the
festival template, import contestants from an .xlsx file, run two village stages with marks sent
through the judge protocol, advance the top 2 of each into the township stage, finalise it, give
the awards and export the prize list, whose numbers are checked."""
from __future__ import annotations

import io
import json
import uuid
from decimal import Decimal

import pytest
import socketio
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect
from sqlalchemy import select

from conftest import ARTIFACTS, podium_cli
from organizers.access import create_organizer
from scoring.db import transaction

pytestmark = pytest.mark.server

CONTESTANTS = [  # name, Tibetan name, township, village, total every judge gives
    ("扎西", "བཀྲ་ཤིས།", "硕督镇", "达翁村", 91), ("次仁", None, "硕督镇", "达翁村", 84), ("格桑", "སྐལ་བཟང་།", "硕督镇", "达翁村", 78),
    ("卓玛", "སྒྲོལ་མ།", "硕督镇", "查瓦村", 88), ("达瓦", None, "硕督镇", "查瓦村", 93), ("拉姆", None, "硕督镇", "查瓦村", 70),
]
TOWNSHIP_TOTALS = {"扎西": 90, "次仁": 85, "卓玛": 87, "达瓦": 95}


@pytest.fixture
def empty_server(own_server):
    server = own_server(None)
    with transaction(server.sessions) as session:
        create_organizer(session, "zuweihui", "festival-2026", "组委会")
    return server


def workbook(path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "藏文名", "乡镇", "村（社区）", "项目"])
    for name, name_bo, township, village, _total in CONTESTANTS:
        sheet.append([name, name_bo, township, village, "国家通用语言演讲"])
    book.save(path)


def officials(server, stage):
    """The stage's judges as `podium judges STAGE --json` lists them."""
    listed = podium_cli(server.server.instance, "judges", stage, "--json")
    assert listed.returncode == 0, listed.stderr
    return json.loads(listed.stdout)["judges"]


def mark_stage(server, stage, totals):
    """Every judge of the stage marks every entry over the /judge protocol; the chief locks them."""
    panel = officials(server, stage)
    clients = []
    try:
        for judge in panel:
            client = socketio.SimpleClient()
            client.connect(server.url, namespace="/judge", auth={"token": judge["token"]}, transports=["websocket"])
            event, hello = client.receive(timeout=5)
            assert event == "hello"
            client.entries = {e["name"]: e["entry"] for e in hello["entries"]}
            client.chief = judge["chief"]
            clients.append(client)
        chief = next(c for c in clients if c.chief)
        for name, total in totals.items():
            ack = chief.call("next", {"entry": chief.entries[name], "client_id": str(uuid.uuid4())})  # called in turn
            assert ack.get("ok"), ack
            for client in clients:
                entry = client.entries[name]
                ack = client.call("submit", {"entry": entry, "marks": marks_for(total), "client_id": str(uuid.uuid4())})
                assert ack.get("ok"), ack
        for name in totals:
            ack = chief.call("lock", {"entry": chief.entries[name], "client_id": str(uuid.uuid4())})
            assert ack.get("ok"), ack
    finally:
        for client in clients:
            client.disconnect()


def marks_for(total):
    """A total spread over the template's speech rubric (content 40, language 30, presence 20, effect 10)."""
    marks, left = {}, total
    for key, top in (("content", 40), ("language", 30), ("presence", 20), ("effect", 10)):
        marks[key] = min(top, left)
        left -= marks[key]
    return marks


SETUP_FORM = {"name": "洛隆县测试活动", "code": "t1", "county": "洛隆县", "units": "硕督镇：达翁村、查瓦村", "judges": "3",
              "village_advance": "2", "township_advance": "1", "events": ["putonghua-speech"]}


def log_in(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{server.url}/organizer/")
    page.fill("#username", "zuweihui")
    page.fill("#password", "festival-2026")
    page.click("#login-submit")
    return page


def test_an_organizer_sets_up_a_campaign_and_imports_contestants(empty_server, browser, tmp_path):
    server = empty_server
    page = log_in(browser, server)

    # a campaign from the template: two villages of 硕督镇, the speech contest only
    page.click("#new-campaign")
    page.fill("#setup-name", SETUP_FORM["name"])
    page.fill("#setup-code", SETUP_FORM["code"])
    page.fill("#setup-county", SETUP_FORM["county"])
    page.fill("#setup-units", SETUP_FORM["units"])
    page.fill("#setup-judges", SETUP_FORM["judges"])
    page.fill("#setup-village-advance", SETUP_FORM["village_advance"])
    page.fill("#setup-township-advance", SETUP_FORM["township_advance"])
    page.evaluate("document.querySelectorAll('input[name=events]').forEach(b => b.checked = b.value === 'putonghua-speech')")
    page.click("#setup-create")
    expect(page.locator("[data-flash='ok']")).to_be_visible()
    expect(page.locator("tr[data-stage='t1-putonghua-speech-v1-1']")).to_be_visible()

    # import contestants from an .xlsx file: preview without problems, then import all
    path = tmp_path / "报名表.xlsx"
    workbook(path)
    page.click("#link-import")
    page.set_input_files("#import-file", str(path))
    page.click("#import-preview")
    expect(page.locator("#import-run")).to_be_visible()
    page.click("#import-run")
    expect(page.locator("#import-result")).to_have_attribute("data-state", "done", timeout=20000)
    village_1 = server.standings("t1-putonghua-speech-v1-1")
    assert [e["name"] for e in village_1["entries"]] == ["扎西", "次仁", "格桑"]
    assert [e["name"] for e in server.standings("t1-putonghua-speech-v1-2")["entries"]] == ["卓玛", "达瓦", "拉姆"]


@pytest.fixture
def imported(empty_server, tmp_path):
    """The campaign of the test above, set up and imported in this process (the same functions the
    console's forms call)."""
    from conftest import make_app
    from organizers.importing import read_table, run_import
    from organizers.setup import campaign_file
    from scoring.loader import load_competition

    with make_app(empty_server.sessions).test_request_context():
        data = campaign_file(SETUP_FORM)
    with transaction(empty_server.sessions) as session:
        campaign_id = load_competition(session, data, empty_stages=True).id
    path = tmp_path / "报名表.xlsx"
    workbook(path)
    run_import(empty_server.sessions, campaign_id, read_table(path.name, path.read_bytes()), None, "test")
    return empty_server


def test_an_organizer_runs_a_small_campaign(imported, browser):
    """The imported campaign run: village stages marked, the top 2 advanced in the console, the
    township round finalised (awards and prizes: the test below)."""
    server = imported
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = log_in(browser, server)

    # two village stages marked through the judge protocol, locked by the chief judges
    by_name = {c[0]: c[4] for c in CONTESTANTS}
    for stage, names in VILLAGES.items():
        mark_stage(server, stage, {n: by_name[n] for n in names})

    # advance the top 2 of each village into 硕督镇's round
    page.goto(f"{server.url}/organizer/")
    page.click("[data-campaign]")
    page.click("[data-event='t1-putonghua-speech'] a[data-tier='village']")
    expect(page.locator("#advancing tbody tr")).to_have_count(4)
    page.click("#advance")
    expect(page.locator("[data-flash='ok']")).to_be_visible()
    township = server.standings("t1-putonghua-speech-t1")
    assert sorted(e["name"] for e in township["entries"]) == ["卓玛", "扎西", "次仁", "达瓦"]

    # the township round, finalised
    mark_stage(server, "t1-putonghua-speech-t1", TOWNSHIP_TOTALS)
    rows = server.standings("t1-putonghua-speech-t1")["rows"]
    assert [(r["name"], r["rank"], r["status"]) for r in rows] == [
        ("达瓦", 1, "final"), ("扎西", 2, "final"), ("卓玛", 3, "final"), ("次仁", 4, "final")]



VILLAGES = {"t1-putonghua-speech-v1-1": ("扎西", "次仁", "格桑"), "t1-putonghua-speech-v1-2": ("卓玛", "达瓦", "拉姆")}


@pytest.fixture
def township_final(imported):
    """The run of the test above done in this process: villages marked, advanced, the township final."""
    from scoring.advancement import advance_tier
    from scoring.models import Tier

    by_name = {c[0]: c[4] for c in CONTESTANTS}
    for stage, names in VILLAGES.items():
        mark_stage(imported, stage, {n: by_name[n] for n in names})
    with imported.sessions() as session:
        village = session.scalar(select(Tier.id).where(Tier.level == "village"))
    advance_tier(imported.sessions, village, "test")
    mark_stage(imported, "t1-putonghua-speech-t1", TOWNSHIP_TOTALS)
    return imported


def test_an_organizer_gives_the_awards_and_exports_the_prize_list(township_final, browser):
    server = township_final
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = log_in(browser, server)
    # awards from the template's levels: 一等奖 1 x 3000, 二等奖 2 x 2000, 三等奖 3 x 1000, 优秀奖 the rest x 300
    page.goto(f"{server.url}/organizer/results/stages/t1-putonghua-speech-t1/awards")
    page.click("#save-levels")
    expect(page.locator("[data-flash='ok']")).to_be_visible()
    page.click("#assign")
    expect(page.locator("tr[data-entry] td[data-given='一等奖']")).to_have_count(1)
    page.screenshot(path=str(ARTIFACTS / "console-awards.png"), full_page=True)

    # the prize list, exported and checked
    page.goto(f"{server.url}/organizer/results/prizes")
    expect(page.locator("#prize-total [data-total]")).to_have_attribute("data-total", "8000.00")
    with page.expect_download() as download:
        page.click("#export-prizes")
    book = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    rows = list(book["奖金名单"].iter_rows(values_only=True))
    awarded = {row[2]: (row[8], Decimal(str(row[9]))) for row in rows[1:] if row and row[2] and row[0] != "合计"}
    assert awarded == {"达瓦": ("一等奖", Decimal("3000")), "扎西": ("二等奖", Decimal("2000")),
                       "卓玛": ("二等奖", Decimal("2000")), "次仁": ("三等奖", Decimal("1000"))}
    assert rows[-1][0] == "合计" and rows[-1][8] == 4 and Decimal(str(rows[-1][9])) == Decimal("8000")
    assert all(row[0] == "硕督镇" for row in rows[1:5])
    summary = list(book["按乡镇汇总"].iter_rows(values_only=True))
    assert summary[1][:2] == ("硕督镇", 4) and Decimal(str(summary[1][2])) == Decimal("8000")
