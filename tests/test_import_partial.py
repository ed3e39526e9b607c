"""Issue 13, what organizers do in Excel today: the judge pool imported from a workbook with home
units; a contestant file with bad rows imported partly (its good rows) at the organizer's choice,
the bad rows given back as a workbook with their problems, which imports again once corrected;
payout columns (ID number, bank card or phone) checked on import. Fast tier: functions and the
in-process app; the real-server tests are in tests/test_festival_payout.py."""
from __future__ import annotations

import io

import openpyxl
import pytest
from sqlalchemy import func, select

import import_data as data
from conftest import make_app
from import_data import row
from organizers import importing
from organizers.access import create_organizer
from organizers.importing import JUDGES, check, check_judges, read_table, split, store_judges
from organizers.importing.writing import prepare, stored
from scoring.db import transaction
from scoring.models import AuditEntry, Person, PoolJudge, Unit

ID = "11010519491231002X"  # GB 11643's own example


@pytest.fixture
def sessions(database):
    made = database(data.campaign())
    data.empty_stages(made)
    return made


def judge(name: str, township: str, village: str = "", **more: str) -> dict:
    return {"姓名": name, "乡镇": township, "村（社区）": village, **{{"phone": "联系电话", "note": "备注", "name_bo": "藏文名"}[k]: v
                                                                    for k, v in more.items()}}


JUDGE_HEADER = list(JUDGES.headers.values())


def test_id_numbers_and_accounts_are_checked_and_stored(sessions):
    rows = [row("扎西", "硕督镇", "达翁村", id_number=ID.lower(), account="6222 0202 0000 1234 567"),
            row("卓玛", "硕督镇", "拉孜村", id_number="110105194912310021"),
            row("格桑", "马利镇", event="歌舞比赛", account="138-0000-000a")]
    with sessions() as s:
        plan = check(s, 1, read_table("a.xlsx", data.workbook(rows)))
    problems = {r.number: [(p.code, p.params) for p in r.problems] for r in plan.rows if r.problems}
    assert problems == {3: [("bad_id_number", {"row": 3})], 4: [("bad_account", {"row": 4})]}
    importing.run_import(sessions, 1, read_table("a.xlsx", data.workbook(rows[:1])), None, "t")
    with sessions() as s:
        person = s.scalar(select(Person))
        assert (person.id_number, person.account) == (ID, "6222020200001234567")
    # the export gives them back, so the file goes round
    with sessions() as s:
        table = importing.export_rows(s, 1, lambda stage: True)
    assert table[1][-2:] == [ID, "6222020200001234567"]
    with sessions() as s:  # but not to an organizer who may not see the person's unit
        assert importing.export_rows(s, 1, lambda stage: True, lambda unit_id: False)[1][-2:] == ["", ""]


def test_a_partial_import_writes_the_good_rows_and_gives_back_the_bad_ones_to_fix(sessions):
    rows = [row("扎西", "硕督镇", "达翁村"), row("卓玛", "硕督镇", "无此村"), row("格桑", "马利镇", event="歌舞比赛"),
            row("多吉", "硕督镇", "达翁村", id_number="123"),
            row("平措", "马利镇", "玉西村", event="村超足球赛", team="玉西村队", number=1),
            row("次仁", "马利镇", "玉西村", event="村超足球赛", team="玉西村队", number=1)]  # the same shirt: both bad
    parsed = read_table("报名表.xlsx", data.workbook(rows))
    with sessions() as s:
        plan, left_out = split(lambda p: check(s, 1, p), parsed)
    assert [r.values["name"] for r in plan.rows] == ["扎西", "格桑"]
    assert [(r.number, [p.code for p in r.problems]) for r in left_out] == [
        (3, ["unknown_village"]), (5, ["bad_id_number"]), (6, ["duplicate_shirt"]), (7, ["duplicate_shirt"])]
    good = read_table("报名表.xlsx", data.workbook([rows[0], rows[2]]))
    prepared = prepare(sessions, 1, good)
    prepared.left_out = len(left_out)
    assert stored(sessions, prepared, "organizer:1:admin").persons == 2
    with sessions() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "import")).one()
        assert (entry.detail["rows"], entry.detail["left_out"]) == (2, 4)
    # the bad rows' workbook: the file's own columns and a column of problems, which the import ignores
    table = importing.bad_rows_table(importing.CONTESTANTS, [(r.values, ["x"]) for r in left_out], "问题")
    assert table[0] == data.HEADER + ["问题"]
    again = read_table("fixed.xlsx", importing.to_xlsx(table))
    assert again.warnings == [] and [v for _n, v in again.rows] == [r.values for r in left_out]


def test_the_judge_pool_import_resolves_home_units_and_skips_judges_already_there(sessions):
    with transaction(sessions) as s:
        s.add(PoolJudge(campaign_id=1, name="扎西", unit_id=_unit(s, "达翁村")))
    rows = [judge("扎西", "硕督镇", "达翁村"), judge("卓玛", "硕督镇", "拉孜村", phone="13800000002", note="普通话一级甲等"),
            judge("卓玛", "硕督镇", "拉孜村"), judge("格桑", "马利镇", name_bo="སྐལ་བཟང་།"), judge("多吉", "察隅县"),
            judge("", "马利镇")]
    parsed = read_table("评委.xlsx", data.workbook(rows, JUDGE_HEADER), JUDGES)
    with sessions() as s:
        plan = check_judges(s, 1, parsed)
    assert {r.number: [(p.code, p.params) for p in r.problems] for r in plan.rows if r.problems} == {
        6: [("unknown_township", {"township": "察隅县"})], 7: [("name_empty", {})]}
    assert {n: p.code for n, p in plan.skipped.items()} == {2: "judge_in_pool", 4: "same_judge_row"}
    with sessions() as s:
        good, left_out = split(lambda p: check_judges(s, 1, p), parsed)
    assert [r.values["name"] for r in good.new] == ["卓玛", "格桑"] and [r.number for r in left_out] == [6, 7]
    kept = importing.ParsedFile(parsed.filename, [(n, v) for n, v in parsed.rows if n not in (6, 7)], 0, [])
    with transaction(sessions) as s:
        store_judges(s, 1, kept, None, "organizer:1:admin", left_out=2)
    with transaction(sessions) as s:  # the same file again adds no one
        assert store_judges(s, 1, kept, None, "organizer:1:admin").new == []
    with sessions() as s:
        judges = [(j.name, j.unit.name, j.phone, j.note, j.name_bo) for j in s.scalars(select(PoolJudge).order_by(PoolJudge.id))]
        assert judges == [("扎西", "达翁村", None, None, None), ("卓玛", "拉孜村", "13800000002", "普通话一级甲等", None),
                          ("格桑", "马利镇", None, None, "སྐལ་བཟང་།")]
        details = [e.detail for e in s.scalars(select(AuditEntry).where(AuditEntry.action == "import_judges").order_by(AuditEntry.id))]
        assert [(d["added"], d["skipped"], d["left_out"]) for d in details] == [(2, 2, 2), (0, 4, 0)]


def _unit(session, name: str) -> int:
    return session.scalar(select(Unit.id).where(Unit.name == name))


def test_the_pages_offer_the_partial_import_and_the_bad_rows_workbook(sessions):
    with transaction(sessions) as s:
        create_organizer(s, "admin", "organizer-secret")
    client = make_app(sessions).test_client()
    client.post("/organizer/login", data={"username": "admin", "password": "organizer-secret"})
    content = data.workbook([row("扎西", "硕督镇", "达翁村"), row("卓玛", "硕督镇", "无此村")])
    page = client.post("/organizer/import/preview?lang=en", data={"file": (io.BytesIO(content), "报名表.xlsx")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert 'id="import-good"' in page and 'id="import-run"' not in page
    bad_url = page.split('id="import-bad-rows" href="')[1].split('"')[0]
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(bad_url).data)).active
    lines = [[c or "" for c in r] for r in sheet.iter_rows(values_only=True)]
    assert lines[0][-1] == "Problems" and lines[1][1] == "卓玛" and "无此村" in lines[1][-1]
    run_url = bad_url.replace("/bad-rows.xlsx", "/run")
    assert client.post(run_url).status_code == 400  # all or nothing unless the good rows were chosen
    with sessions() as s:
        assert s.scalar(select(func.count(Person.id))) == 0
    # the judge pool's import button, clicked twice, imports once
    content = data.workbook([judge("扎西", "硕督镇", "达翁村")], JUDGE_HEADER)
    page = client.post("/organizer/import/judges/preview", data={"file": (io.BytesIO(content), "评委.xlsx")},
                       content_type="multipart/form-data").get_data(as_text=True)
    run_url = page.split('id="import-run-form"')[0].rsplit('action="', 1)[1].split('"')[0]
    assert client.post(run_url.replace("/judges/", "/")).status_code == 404  # not a contestant file
    for _click in range(2):
        assert client.post(run_url).status_code == 302
    with sessions() as s:
        assert s.scalar(select(func.count(PoolJudge.id))) == 1
        assert s.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "import_judges")) == 1


def test_a_judge_file_is_read_as_contestant_files_are_and_a_township_organizer_imports_only_their_judges(sessions):
    from organizers.importing import ImportFileError

    lines = [judge("扎西", "硕督镇", "达翁村", name_bo="བཀྲ་ཤིས།"), judge("格桑", "马利镇", "玉西村")]
    gbk = data.csv_bytes(lines, header=JUDGE_HEADER).decode("utf-8").encode("gbk", errors="replace")
    with pytest.raises(ImportFileError) as refused:  # Excel's plain CSV lost the Tibetan names
        read_table("评委.csv", gbk, JUDGES)
    assert (refused.value.problem.code, refused.value.problem.params["column"]) == ("lost_letters", "藏文名")
    parsed = read_table("评委.csv", data.csv_bytes(lines, header=JUDGE_HEADER), JUDGES)
    with sessions() as s:
        shuodu = frozenset(s.scalars(select(Unit.id).where(Unit.name.in_(["硕督镇", "达翁村", "拉孜村"]))))
        plan = check_judges(s, 1, parsed, shuodu)
    assert [(r.number, [p.code for p in r.problems]) for r in plan.rows] == [(2, []), (3, ["outside_scope"])]
