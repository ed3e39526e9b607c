"""Issue 13, an organizer's import on a festival day: a CSV saved by Excel as GBK, whose Tibetan names
became question marks, is refused with what to do; a village added to a campaign after it was set up
gets its stages, so its contestants import (in the console, against a real `podium run`)."""
from __future__ import annotations

import io
import itertools
import os

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

import import_data as data
from conftest import ARTIFACTS, make_app
from import_data import row
from organizers.access import create_organizer
from organizers.importing import ImportFileError, read_table, run_import
from organizers.setup import campaign_file
from scoring.db import transaction
from scoring.loader import load_competition
from scoring.models import Entry, Judge, Person, Stage, Unit

TIBETAN = "བཀྲ་ཤིས་ཚེ་རིང་།"
ROWS = [row("扎西次仁", "硕督镇", "达翁村", name_bo=TIBETAN), row("卓玛", "硕督镇", "拉孜村", name_bo="སྒྲོལ་མ།"),
        row("格桑", "马利镇", event="歌舞比赛")]


def excel_gbk_csv(rows) -> bytes:
    """What Excel's plain "CSV" on a Chinese Windows writes: GBK, a "?" for every letter GBK lacks."""
    return data.csv_bytes(rows).decode("utf-8").encode("gbk", errors="replace")


def refusal(content: bytes, filename: str = "报名表.csv"):
    with pytest.raises(ImportFileError) as caught:
        read_table(filename, content)
    return caught.value.problem


def test_a_gbk_csv_whose_tibetan_names_became_question_marks_is_refused():
    content = excel_gbk_csv(ROWS)
    assert b"????????" in content  # the names are gone from the file itself
    problem = refusal(content)
    assert (problem.code, problem.params) == ("lost_letters", {"column": "藏文名", "rows": "2, 3", "count": 2})
    # a Tibetan name written in 姓名 (a township or a team alike) is the same loss
    assert refusal(excel_gbk_csv([row("ཉི་མ།", "腊久乡", event="赛马")])).params["column"] == "姓名"
    assert refusal(data.workbook([row("????", "腊久乡")]), "a.xlsx").code == "lost_letters"
    # a GBK file without Tibetan, GB18030 and UTF-8 files with Tibetan read as before
    assert [v["name"] for _n, v in read_table("a.csv", excel_gbk_csv([ROWS[2]])).rows] == ["格桑"]
    for encoding in ("gb18030", "utf-8"):
        assert [v["name_bo"] for _n, v in read_table("a.csv", data.csv_bytes(ROWS, encoding)).rows][:2] == [
            TIBETAN, "སྒྲོལ་མ།"]
    # a question mark inside a name is not a loss; in a GBK file's Tibetan column it is
    assert read_table("a.csv", data.csv_bytes([row("扎西?", "硕督镇", "达翁村")])).rows
    mixed = data.csv_bytes([row("扎西", "硕督镇", "达翁村", name_bo="bkra shis ??")], "gb18030")
    assert refusal(mixed).code == "lost_letters"


def test_the_upload_page_says_to_save_as_csv_utf8_or_xlsx(database):
    sessions = database(data.campaign())
    with transaction(sessions) as session:
        create_organizer(session, "admin", "organizer-secret")
    client = make_app(sessions).test_client()
    client.post("/organizer/login", data={"username": "admin", "password": "organizer-secret"})
    for lang in ("zh", "en", "bo"):
        page = client.post(f"/organizer/import/preview?lang={lang}", data={"file": (io.BytesIO(excel_gbk_csv(ROWS)), "报名表.csv")},
                           content_type="multipart/form-data")
        text = page.get_data(as_text=True)
        assert page.status_code == 400 and 'id="import-error"' in text and "CSV UTF-8" in text and ".xlsx" in text
    with sessions() as s:
        assert s.scalar(select(func.count(Person.id))) == 0


# --- a unit added after the campaign was set up --------------------------------------------------------

FORM = {"name": "洛隆县活动", "code": "fx", "county": "洛隆县", "units": "硕督镇：达翁村、查瓦村", "judges": "3",
        "village_advance": "2", "township_advance": "1", "events": ["putonghua-speech", "village-football"]}


def set_up(sessions, **form) -> int:
    """A campaign as the console's set-up form makes it; its id."""
    with make_app(sessions).test_request_context():
        made = campaign_file({**FORM, **form})
    with transaction(sessions) as session:
        return load_competition(session, made, empty_stages=True).id


def add_unit(sessions, campaign_id: int, parent: str, name: str) -> list[str]:
    from scoring.tiers import add_missing_stages

    with transaction(sessions) as session:
        above = session.scalar(select(Unit).where(Unit.campaign_id == campaign_id, Unit.name == parent))
        unit = Unit(campaign_id=campaign_id, parent=above, name=name)
        session.add(unit)
        session.flush()
        return [s.key for s in add_missing_stages(session, campaign_id, [unit])]


def test_a_village_or_township_added_later_gets_the_stages_setting_up_would_have_made(database):
    from scoring.tiers import missing_stages

    sessions = database(False)
    campaign_id = set_up(sessions)
    with sessions() as s:
        assert missing_stages(s, campaign_id) == []
    assert add_unit(sessions, campaign_id, "硕督镇", "通尼村") == ["fx-putonghua-speech-v1-3"]
    assert add_unit(sessions, campaign_id, "洛隆县", "白达乡") == ["fx-putonghua-speech-t2"]
    assert add_unit(sessions, campaign_id, "白达乡", "玉西村") == ["fx-putonghua-speech-v2-1"]
    with sessions() as s:
        stages = {st.key: st for st in s.scalars(select(Stage))}
        village = stages["fx-putonghua-speech-v1-3"]
        assert (village.name, village.tier.level, village.unit.name) == ("通尼村预赛", "village", "通尼村")
        assert stages["fx-putonghua-speech-t2"].name == "白达乡复赛"
        judges = [(j.key, j.name, j.chief) for j in village.judges]
        assert judges == [(j.key, j.name, j.chief) for j in stages["fx-putonghua-speech-v1-1"].judges]
        assert len(set(s.scalars(select(Judge.token)))) == s.scalar(select(func.count(Judge.id)))
        assert missing_stages(s, campaign_id) == []
    # the import that failed with "no stage of 演讲比赛 for 通尼村" now enters them
    rows = [row("扎西", "硕督镇", "通尼村", event="国家通用语言演讲"), row("卓玛", "白达乡", "玉西村", event="国家通用语言演讲")]
    result = run_import(sessions, campaign_id, read_table("a.xlsx", data.workbook(rows)), None, "t")
    assert sorted(result.stage_keys) == ["fx-putonghua-speech-v1-3", "fx-putonghua-speech-v2-1"]


def test_units_added_before_are_listed_and_their_stages_added_from_the_campaign_page(database):
    sessions = database(False)
    campaign_id = set_up(sessions)
    with transaction(sessions) as session:  # as the console added units before it made their stages
        shuodu = session.scalar(select(Unit).where(Unit.name == "硕督镇"))
        session.add(Unit(campaign_id=campaign_id, parent=shuodu, name="通尼村"))
        create_organizer(session, "admin", "organizer-secret")
    app = make_app(sessions)
    client = app.test_client()
    client.post("/organizer/login", data={"username": "admin", "password": "organizer-secret"})
    page = client.get(f"/organizer/setup/campaigns/{campaign_id}").get_data(as_text=True)
    assert 'id="missing-stages"' in page and 'data-missing-unit="通尼村"' in page
    client.post(f"/organizer/setup/campaigns/{campaign_id}/stages")
    page = client.get(f"/organizer/setup/campaigns/{campaign_id}").get_data(as_text=True)
    assert 'id="missing-stages"' not in page and 'data-stage="fx-putonghua-speech-v1-3"' in page


def test_a_township_organizer_adds_a_village_of_theirs_with_its_stage_and_only_their_missing_stages(database):
    sessions = database(False)
    campaign_id = set_up(sessions, units="硕督镇：达翁村、查瓦村\n马利镇：玉西村")
    with transaction(sessions) as session:
        mali = session.scalar(select(Unit).where(Unit.name == "马利镇"))
        session.add(Unit(campaign_id=campaign_id, parent=mali, name="拉孜村"))  # added before stages came with units
        create_organizer(session, "shuodu", "township-secret", campaign="洛隆县活动", township="硕督镇")
        shuodu = session.scalar(select(Unit.id).where(Unit.name == "硕督镇"))
    client = make_app(sessions).test_client()
    client.post("/organizer/login", data={"username": "shuodu", "password": "township-secret"})
    client.post(f"/organizer/setup/campaigns/{campaign_id}/units", data={"parent": shuodu, "name": "通尼村"})
    client.post(f"/organizer/setup/campaigns/{campaign_id}/stages")
    with sessions() as s:
        keys = set(s.scalars(select(Stage.key)))
    assert "fx-putonghua-speech-v1-3" in keys and "fx-putonghua-speech-v2-2" not in keys  # 拉孜村 is not theirs


# --- in the console, against a real server -------------------------------------------------------------

_CODES = itertools.count(1)


@pytest.fixture
def festival(live_server):
    """A campaign set up as the console does on the session's server, and an organizer of it:
    (server, sessions, campaign id, code, username)."""
    srv, sessions = live_server
    code = f"fi{os.getpid() % 1000}x{next(_CODES)}"
    name = f"洛隆县活动 {code}"
    campaign_id = set_up(sessions, name=name, code=code, events=["putonghua-speech"])
    with transaction(sessions) as session:
        create_organizer(session, f"org-{code}", "festival-2026", "组委会", campaign=name)
    return srv, sessions, campaign_id, code, f"org-{code}"


def log_in(browser, festival):
    srv, _sessions, _campaign, _code, username = festival
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{srv.url}/organizer/")
    page.fill("#username", username)
    page.fill("#password", "festival-2026")
    page.click("#login-submit")
    expect(page.locator("#login-submit")).to_have_count(0)
    return page


def test_the_console_refuses_a_gbk_csv_that_lost_its_tibetan_names(festival, browser, tmp_path):
    srv, sessions, campaign_id, _code, _user = festival
    path = tmp_path / "报名表.csv"
    path.write_bytes(excel_gbk_csv([row("扎西次仁", "硕督镇", "达翁村", event="国家通用语言演讲", name_bo=TIBETAN)]))
    page = log_in(browser, festival)
    page.goto(f"{srv.url}/organizer/import/?campaign={campaign_id}")
    page.set_input_files("#import-file", str(path))
    page.click("#import-preview")
    error = page.locator("#import-error")
    expect(error).to_contain_text("CSV UTF-8")
    expect(error).to_contain_text(".xlsx")
    expect(error).to_contain_text("藏文名")
    expect(page.locator("#import-run")).to_have_count(0)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "import-gbk-refused.png"), full_page=True)
    with sessions() as s:
        assert s.scalar(select(func.count(Person.id)).where(Person.campaign_id == campaign_id)) == 0


def test_a_village_added_in_the_console_gets_its_stage_and_a_contestant_from_it_imports(festival, browser, tmp_path):
    srv, sessions, campaign_id, code, _user = festival
    page = log_in(browser, festival)
    page.goto(f"{srv.url}/organizer/setup/campaigns/{campaign_id}")
    page.select_option("#unit-form select[name=parent]", label="硕督镇")
    page.fill("#unit-form input[name=name]", "通尼村")
    page.click("#unit-form button[type=submit]")
    expect(page.locator("[data-flash='ok']")).to_contain_text("通尼村预赛")
    stage = f"{code}-putonghua-speech-v1-3"
    expect(page.locator(f"tr[data-stage='{stage}']")).to_be_visible()
    expect(page.locator("#missing-stages")).to_have_count(0)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "campaign-village-added.png"), full_page=True)

    path = tmp_path / "报名表.xlsx"
    path.write_bytes(data.workbook([row("扎西", "硕督镇", "通尼村", event="国家通用语言演讲", name_bo=TIBETAN)]))
    page.click("#link-import")
    page.set_input_files("#import-file", str(path))
    page.click("#import-preview")
    page.click("#import-run")
    expect(page.locator("#import-result")).to_have_attribute("data-state", "done", timeout=10000)
    assert [(e["name"], e["name_bo"]) for e in srv.standings(stage)["entries"]] == [("扎西", TIBETAN)]
    with sessions() as s:
        assert s.scalar(select(func.count(Entry.id)).join(Stage, Entry.stage_id == Stage.id).where(Stage.key == stage)) == 1
