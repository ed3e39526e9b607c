"""Issue 13, what organizers do in Excel today, in the console against a real `podium run`: the judge
pool imported from a workbook with home units; a contestant file with bad rows imported partly, its
bad rows downloaded as a workbook with their problems, corrected and imported again; the prize list's
export with the payout columns organizers have winners sign."""
from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
from playwright.sync_api import expect
from sqlalchemy import select

import import_data as data
from conftest import ARTIFACTS
from import_data import row
from organizers.access import create_organizer
from scoring import awards
from scoring.db import transaction
from scoring.models import AuditEntry, Entry, Person, PoolJudge, Stage
from scoring.payout import mask_id_number
from test_festival_import import festival, log_in  # noqa: F401  (the fixture, a campaign set up as the console does)
from tiered_data import score_stage, tiered_competition

ID = "11010519491231002X"
TIBETAN = "བཀྲ་ཤིས་ཚེ་རིང་།"
SPEECH = "国家通用语言演讲"


def downloaded(download) -> openpyxl.Workbook:
    with open(download.value.path(), "rb") as file:
        return openpyxl.load_workbook(io.BytesIO(file.read()))


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_the_judge_pool_imported_from_a_workbook_with_home_units(festival, browser, tmp_path):
    srv, sessions, campaign_id, _code, _user = festival
    page = log_in(browser, festival)
    page.goto(f"{srv.url}/organizer/panels/?campaign={campaign_id}")
    page.click("#link-import-judges")
    with page.expect_download() as download:
        page.click("#judges-template")
    header = next(downloaded(download).active.iter_rows(values_only=True))
    assert header == ("姓名", "藏文名", "乡镇", "村（社区）", "联系电话", "备注")
    book = openpyxl.Workbook()
    for line in (header, ("扎西", TIBETAN, "硕督镇", "达翁村", "13800000001", "普通话一级甲等"),
                 ("卓玛", None, "硕督镇", "查瓦村", None, None), ("扎西", None, "硕督镇", "达翁村", None, None),
                 ("多吉", None, "察隅县", None, None, None)):
        book.active.append(line)
    path = tmp_path / "评委库.xlsx"
    book.save(path)
    page.set_input_files("#import-file", str(path))
    page.click("#import-preview")
    # the unknown unit refused with its row; the judge given twice reported, not doubled
    expect(page.locator("tr[data-row='5'] td.problem").last).to_contain_text("察隅县")
    expect(page.locator("tr[data-row='4'] td.skipped")).to_contain_text("2")
    expect(page.locator("[data-count='new']")).to_have_text("2")
    expect(page.locator("#import-run")).to_have_count(0)
    shot(page, "import-judges-preview.png")
    page.click("#import-good")
    expect(page.locator("[data-flash='ok']")).to_contain_text("2")
    expect(page.locator("#pool tr[data-pool-judge]")).to_have_count(2)
    with page.expect_download() as download:  # the row left out, to correct
        page.click("#import-bad-rows")
    assert [line[0] for line in downloaded(download).active.iter_rows(values_only=True)] == ["姓名", "多吉"]
    expect(page.locator("#pool")).to_contain_text("达翁村")
    expect(page.locator("#pool")).to_contain_text("普通话一级甲等")
    shot(page, "import-judges-pool.png")
    with sessions() as s:
        judges = {j.name: (j.unit.name, j.name_bo, j.phone) for j in
                  s.scalars(select(PoolJudge).where(PoolJudge.campaign_id == campaign_id))}
        assert judges == {"扎西": ("达翁村", TIBETAN, "13800000001"), "卓玛": ("查瓦村", None, None)}
        audited = s.scalars(select(AuditEntry).where(AuditEntry.action == "import_judges")
                            .where(AuditEntry.detail["campaign_id"].as_integer() == campaign_id)).one()
        assert (audited.detail["added"], audited.detail["skipped"], audited.detail["left_out"]) == (2, 1, 1)
        assert audited.actor.startswith("organizer:")


def test_a_partial_import_and_the_bad_rows_corrected_and_imported_again(festival, browser, tmp_path):
    srv, sessions, campaign_id, code, _user = festival
    rows = [row("扎西", "硕督镇", "达翁村", event=SPEECH, name_bo=TIBETAN, id_number=ID),
            row("卓玛", "硕督镇", "通尼村", event=SPEECH),
            row("格桑", "硕督镇", "查瓦村", event=SPEECH, id_number="110105194912310021")]
    path = tmp_path / "报名表.xlsx"
    path.write_bytes(data.workbook(rows))
    page = log_in(browser, festival)
    page.goto(f"{srv.url}/organizer/import/?campaign={campaign_id}")
    page.set_input_files("#import-file", str(path))
    page.click("#import-preview")
    expect(page.locator("#import-problems")).to_be_visible()
    expect(page.locator("#import-run")).to_have_count(0)  # all or nothing stays the default
    expect(page.locator("tr[data-row='2']")).to_contain_text(mask_id_number(ID))  # masked on screen
    expect(page.locator("tr[data-row='2']")).not_to_contain_text(ID)
    expect(page.locator("tr[data-row='4'] td.problem").first).to_have_text("110105194912310021")  # shown to correct
    shot(page, "import-partial-preview.png")
    with page.expect_download() as download:
        page.click("#import-bad-rows")
    bad = downloaded(download)
    lines = list(bad.active.iter_rows(values_only=True))
    assert lines[0] == tuple(data.HEADER) + ("问题",)
    assert [line[1] for line in lines[1:]] == ["卓玛", "格桑"]
    assert "通尼村" in lines[1][-1] and "第 4 行" in lines[2][-1]
    page.click("#import-good")
    expect(page.locator("#import-result")).to_have_attribute("data-state", "done", timeout=10000)
    expect(page.locator("#import-result")).to_contain_text("2")
    with sessions() as s:
        assert s.scalar(select(Person.id_number).where(Person.campaign_id == campaign_id)) == ID
        detail = s.scalars(select(AuditEntry.detail).where(AuditEntry.action == "import", AuditEntry.note == "报名表.xlsx")
                           .order_by(AuditEntry.id.desc())).first()
        assert (detail["rows"], detail["left_out"]) == (1, 2)

    # corrected in the downloaded workbook itself (its problem column left in) and imported again
    sheet = bad.active
    sheet.cell(2, data.HEADER.index("村（社区）") + 1, "达翁村")
    sheet.cell(3, data.HEADER.index("身份证号") + 1, ID)
    fixed = tmp_path / "报名表-改正.xlsx"
    bad.save(fixed)
    page.goto(f"{srv.url}/organizer/import/?campaign={campaign_id}")
    page.set_input_files("#import-file", str(fixed))
    page.click("#import-preview")
    expect(page.locator(".import-warning")).to_have_count(0)  # the problem column is ignored silently
    page.click("#import-run")
    expect(page.locator("#import-result")).to_have_attribute("data-state", "done", timeout=10000)
    with sessions() as s:
        names = set(s.scalars(select(Entry.name).join(Stage, Entry.stage_id == Stage.id)
                              .where(Stage.key.like(f"{code}-%"))))
        assert names == {"扎西", "卓玛", "格桑"}


def test_the_prize_list_exports_the_payout_columns_winners_sign(serve, browser):
    served = serve(tiered_competition())
    sessions, stage = served.sessions, served.key("v-dawong")
    with transaction(sessions) as s:
        entries = s.scalars(select(Entry).join(Stage, Entry.stage_id == Stage.id).where(Stage.key == stage)).all()
        campaign_id = entries[0].stage.event.campaign_id
        for entry in entries:
            entry.person = Person(campaign_id=campaign_id, name=entry.name, unit_id=entry.unit_id, id_number=ID,
                                  account="13800000001")
        create_organizer(s, f"prizes-{served.tag}", "festival-2026", campaign=f"{tiered_competition()['campaign']} {served.tag}")
    score_stage(sessions, stage, {"dawong1": 90, "dawong2": 80, "dawong3": 85})
    awards.set_levels(sessions, stage, [{"name": "一等奖", "quota": 1, "prize": "1200"},
                                        {"name": "二等奖", "quota": 2, "prize": "800.5"}], "test")
    awards.assign_awards(sessions, stage, "test")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{served.url}/organizer/")
    page.fill("#username", f"prizes-{served.tag}")
    page.fill("#password", "festival-2026")
    page.click("#login-submit")
    page.goto(f"{served.url}/organizer/results/prizes?campaign={campaign_id}")
    expect(page.locator("#prize-rows td.id-number").first).to_have_text(mask_id_number(ID))
    expect(page.locator("#prize-rows")).not_to_contain_text(ID)
    expect(page.locator("#prize-rows td.capitals").first).to_have_text("壹仟贰佰元整")
    shot(page, "prizes-payout.png")
    with page.expect_download() as download:
        page.click("#export-prizes")
    rows = list(downloaded(download)["奖金名单"].iter_rows(values_only=True))
    assert rows[0][9:] == ("奖金（元）", "金额大写", "身份证号", "银行卡号/手机号", "领取人签字")
    first = next(r for r in rows if r[2] == "达翁村选手1")
    assert (Decimal(str(first[9])), first[10:13]) == (Decimal("1200"), ("壹仟贰佰元整", ID, "13800000001"))
    assert rows[-1][0] == "合计" and rows[-1][10] == "贰仟捌佰零壹元整"
