"""Importing contestants and teams from .xlsx / .csv: every row's problem before anything is written,
all or nothing, encodings, junk, township scopes, export and re-import, and the organizer's pages."""
from __future__ import annotations

import io
import os
import re
import zipfile
from contextlib import contextmanager

import pytest
from sqlalchemy import event, func, select, update

import import_data as data
from conftest import make_app
from import_data import row
from organizers import importing
from organizers.access import create_organizer, scope_of
from organizers.importing import ImportFileError, ImportRefused, check, read_table, run_import
from scoring.db import transaction
from scoring.models import AuditEntry, Entry, Fixture, Organizer, Person, Player, Stage, Unit

TIBETAN = "བཀྲ་ཤིས་ཚེ་རིང་།"
CLEAN = [
    row("扎西次仁", "硕督镇", "达翁村", name_bo=TIBETAN, gender="男", phone="13800000001"),
    row("卓玛", "硕督镇", "拉孜村", event="演讲比赛、歌舞比赛", gender="女", phone="13800000002"),
    None,
    row("多吉", "硕督镇", "达翁村", event="村超足球赛", team="达翁村队", number=10, name_bo="རྡོ་རྗེ།"),
    row("次仁", "马利镇", event="村超足球赛, 赛马", team="达翁村队", number=7),
    row("格桑", "硕督镇", "达翁村", event="村超足球赛", team="达翁村队", number=9),
    row("平措", "马利镇", "玉西村", event="football", team="玉西村队", number=1, gender="M"),
    row("尼玛", "腊久乡", event="赛马", key="H7", gender="f"),
]


@pytest.fixture
def sessions(database):
    made = database(data.campaign())
    data.empty_stages(made)
    return made


def counts(sessions) -> dict:
    with sessions() as s:
        return {model.__name__: s.scalar(select(func.count()).select_from(model)) for model in (Person, Entry, Player)}


def codes(plan) -> dict[int, list[str]]:
    return {r.number: [p.code for p in r.problems] for r in plan.rows if r.problems}


def checked(sessions, content: bytes, filename: str = "报名表.xlsx", units=None):
    with sessions() as s:
        return check(s, 1, read_table(filename, content), units)


def refused(content: bytes, filename: str = "报名表.csv") -> importing.Problem:
    with pytest.raises(ImportFileError) as caught:
        read_table(filename, content)
    return caught.value.problem


def entries_by_stage(sessions) -> dict[str, list[tuple]]:
    with sessions() as s:
        found: dict[str, list[tuple]] = {}
        for entry in s.scalars(select(Entry).join(Stage, Entry.stage_id == Stage.id).order_by(Stage.key, Entry.running_order)):
            players = [(p.name, p.name_bo, p.number, p.unit.name) for p in entry.players]
            person = entry.person
            found.setdefault(entry.stage.key, []).append(
                (entry.key, entry.name, entry.name_bo, entry.unit.name, entry.running_order,
                 (person.gender, person.phone) if person else None, players))
        return found


# --- reading and checking ------------------------------------------------------------------------

def test_clean_workbook_previews_without_problems_and_imports_everything(sessions):
    parsed = read_table("报名表.xlsx", data.workbook(CLEAN))
    assert parsed.empty_rows == 1 and [n for n, _ in parsed.rows] == [2, 3, 5, 6, 7, 8, 9]
    with sessions() as s:
        plan = check(s, 1, parsed)
    assert plan.ok and codes(plan) == {}
    assert [(c["key"], c["entries"], c["teams"], c["players"]) for c in plan.stage_counts()] == [
        ("speech-1", 1, 0, 0), ("speech-2", 1, 0, 0), ("song", 1, 0, 0), ("horse", 2, 0, 0),
        ("football-1", 0, 1, 3), ("football-2", 0, 1, 1)]
    assert counts(sessions) == {"Person": 0, "Entry": 0, "Player": 0}  # a preview writes nothing

    result = run_import(sessions, 1, parsed, None, "organizer:1:admin")
    assert (result.persons, result.entries, result.teams, result.players) == (7, 5, 2, 4)
    assert counts(sessions) == {"Person": 7, "Entry": 7, "Player": 4}
    stages = entries_by_stage(sessions)
    assert stages["speech-1"] == [("001", "扎西次仁", TIBETAN, "达翁村", 1, ("M", "13800000001"), [])]
    assert stages["horse"] == [("001", "次仁", None, "马利镇", 1, (None, None), []),
                               ("H7", "尼玛", None, "腊久乡", 2, ("F", None), [])]
    # the team of 达翁村 plays in 硕督镇's round, with the player from 马利镇 as an outside player
    assert stages["football-1"] == [("T001", "达翁村队", None, "达翁村", 1, None, [
        ("多吉", "རྡོ་རྗེ།", 10, "达翁村"), ("次仁", None, 7, "马利镇"), ("格桑", None, 9, "达翁村")])]
    assert stages["football-2"][0][:4] == ("T001", "玉西村队", None, "玉西村")
    with sessions() as s:
        assert s.scalar(select(Person.name_bo).where(Person.name == "扎西次仁")).encode() == TIBETAN.encode()
        assert s.scalar(select(Entry.heat_id).where(Entry.key == "H7")) is not None  # in the race's heat
        assert s.scalar(select(Stage.seq).where(Stage.key == "speech-1")) == 1
        assert s.scalar(select(Stage.seq).where(Stage.key == "speech-3")) is None
        audit = s.scalars(select(AuditEntry)).one()
        assert audit.action == "import" and audit.actor == "organizer:1:admin" and audit.note == "报名表.xlsx"
        assert audit.detail["persons"] == 7 and audit.detail["teams"] == 2 and "football-1" in audit.detail["stages"]


def test_every_row_problem_is_shown_and_nothing_is_imported(sessions):
    rows = [
        row("", "硕督镇", "达翁村"),                                     # 2 empty name
        row("甲", "火星镇", "达翁村"),                                   # 3 unknown township
        row("乙", "硕督镇", "玉西村"),                                   # 4 village of another township
        row("丙", "硕督镇", "达翁村", event="跳舞"),                     # 5 unknown event
        row("丁", "马利镇", "玉西村"),                                   # 6 no speech stage for 玉西村
        row("戊", "硕督镇", "达翁村", gender="未知", number="十"),       # 7 bad gender, bad number
        row("己" * 201, "硕督镇", "达翁村"),                             # 8 over-long name
        row("庚", "硕督镇", "达翁村", event=""),                         # 9 no event
        row("辛", "硕督镇", "达翁村", event="村超足球赛"),               # 10 team event without a team
        row("壬", "硕督镇", "达翁村", key="E 1"),                        # 11 bad key
        row("癸", "硕督镇", "达翁村", key="A1、A2", event="演讲比赛、歌舞比赛、赛马"),  # 12 key count
        row("子", "硕督镇", "达翁村", event="演讲比赛、演讲比赛"),       # 13 event twice
        row("丑", "", "达翁村"),                                         # 14 no township
        row("寅", "硕督镇", "达翁村", phone="1" * 40),                   # 15 over-long phone
    ]
    plan = checked(sessions, data.workbook(rows))
    assert not plan.ok and plan.problem_rows == len(rows)
    assert codes(plan) == {
        2: ["name_empty"], 3: ["unknown_township"], 4: ["unknown_village"], 5: ["unknown_event"], 6: ["no_stage"],
        7: ["bad_gender", "bad_number"], 8: ["too_long"], 9: ["event_empty"], 10: ["team_missing"], 11: ["bad_key"],
        12: ["key_count"], 13: ["repeated_event"], 14: ["township_empty"], 15: ["too_long"]}
    no_stage = next(p for r in plan.rows if r.number == 6 for p in r.problems)
    assert no_stage.params == {"event": "演讲比赛", "unit": "玉西村"} and no_stage.column == "event"
    with pytest.raises(ImportRefused):
        run_import(sessions, 1, read_table("x.xlsx", data.workbook(rows)), None, "organizer:1:admin")
    assert counts(sessions) == {"Person": 0, "Entry": 0, "Player": 0}


def test_entry_keys_and_shirt_numbers_are_unique_where_they_must_be(sessions):
    run_import(sessions, 1, read_table("a.csv", data.csv_bytes([row("先", "硕督镇", "达翁村", key="E1")])), None, "t")
    rows = [
        row("甲", "硕督镇", "达翁村", key="E1"),                    # taken in the database
        row("乙", "硕督镇", "拉孜村", key="E1"),                    # another stage: fine
        row("丙", "硕督镇", "拉孜村", key="E1"),                    # the row above has it
        row("丁", "硕督镇", "达翁村", key="E2、S2", event="演讲比赛、歌舞比赛"),  # one key per event
        row("戊", "硕督镇", "达翁村", event="村超足球赛", team="一队", number=5, key="T9"),
        row("己", "硕督镇", "达翁村", event="村超足球赛", team="一队", number=5, key="T8"),
    ]
    plan = checked(sessions, data.csv_bytes(rows), "a.csv")
    assert codes(plan) == {2: ["duplicate_key"], 4: ["duplicate_key_row"], 6: ["team_keys", "duplicate_shirt"],
                           7: ["team_keys", "duplicate_shirt"]}
    row_five = next(r for r in plan.rows if r.number == 5)
    assert [(e.key, plan.stage_labels[e.stage_id]["key"]) for e in row_five.entries] == [("E2", "speech-1"), ("S2", "song")]


def test_teams_enter_the_group_stage_before_its_knockout_and_not_a_stage_already_drawn(database):
    competition = data.campaign()
    competition["events"].append({"key": "basketball", "name": "篮球赛", "format": "match", "rule": {"sport": "basketball"},
                                  "stages": [data.stage_node("match", "basketball-groups", "小组赛", None, None),
                                             {"key": "basketball-ko", "name": "淘汰赛", "from_stage": "basketball-groups",
                                              "scorekeepers": [{"key": "S1", "name": "记分员"}]}]})
    sessions = database(competition)
    data.empty_stages(sessions)
    with transaction(sessions) as s:
        s.add(Fixture(stage_id=s.scalar(select(Stage.id).where(Stage.key == "football-2")), key="1-1"))
    rows = [row("扎西", "硕督镇", "达翁村", event="篮球赛", team="达翁村篮球队"),
            row("达瓦", "马利镇", "玉西村", event="村超足球赛", team="玉西村队")]
    plan = checked(sessions, data.workbook(rows))
    assert codes(plan) == {3: ["fixtures_drawn"]}
    assert [plan.stage_labels[t.stage_id]["key"] for t in plan.teams] == ["basketball-groups", "football-2"]


def test_duplicate_person_within_the_file_and_against_the_register(sessions):
    run_import(sessions, 1, read_table("a.csv", data.csv_bytes([
        row("扎西", "硕督镇", "达翁村", phone="13800000001"), row("达瓦", "硕督镇", "拉孜村")])), None, "t")
    rows = [
        row("扎西", "硕督镇", "达翁村", event="歌舞比赛", phone="13800000001"),  # 2 registered: one more event
        row("扎西", "硕督镇", "达翁村", event="歌舞比赛", phone="13900000009"),  # 3 another 扎西 (other phone)
        row("达瓦", "硕督镇", "拉孜村", event="演讲比赛", phone="13900000001"),  # 4 registered 达瓦 (no phone), same event
        row("洛桑", "马利镇", event="歌舞比赛"),                                  # 5
        row("洛桑", "马利镇", event="赛马"),                                      # 6 same as row 5
        row("洛桑", "腊久乡", event="赛马"),                                      # 7 another village: fine
        row("扎西", "硕督镇", "达翁村", event="赛马", phone="139 0000 0009"),     # 8 same as row 3
    ]
    plan = checked(sessions, data.csv_bytes(rows), "b.csv")
    assert codes(plan) == {4: ["already_entered"], 6: ["duplicate_person_row"], 8: ["duplicate_person_row"]}
    assert next(r for r in plan.rows if r.number == 6).problems[0].params == {"row": 5}
    assert next(r for r in plan.rows if r.number == 2).person_id is not None


def test_a_second_file_adds_events_for_people_already_registered(sessions):
    from scoring.models import Entry, Person

    run_import(sessions, 1, read_table("a.csv", data.csv_bytes([row("扎西", "硕督镇", "达翁村", phone="13800000001")])),
               None, "t")
    result = run_import(sessions, 1, read_table("b.csv", data.csv_bytes([
        row("扎西", "硕督镇", "达翁村", event="歌舞比赛", phone="13800000001"), row("格桑", "马利镇", event="歌舞比赛")])),
        None, "t")
    assert (result.persons, result.entries) == (1, 2)
    with sessions() as s:
        tashi = s.scalars(select(Person).where(Person.name == "扎西")).all()
        assert len(tashi) == 1
        assert sorted(e.stage.event.name for e in s.scalars(select(Entry).where(Entry.person_id == tashi[0].id))) == [
            "歌舞比赛", "演讲比赛"]


def test_gbk_gb18030_utf8_bom_and_utf16_csv_keep_chinese_and_tibetan_names(sessions):
    chinese = [row("次仁卓玛", "硕督镇", "达翁村", phone="13800000001"), row("格桑", "马利镇", event="歌舞比赛")]
    tibetan = [row("扎西", "硕督镇", "拉孜村", name_bo=TIBETAN), row("ཉི་མ།", "腊久乡", event="赛马", name_bo="ཉི་མ།")]
    for content in (data.csv_bytes(chinese, "gbk"), data.csv_bytes(chinese + tibetan, "gb18030"),
                    b"\xef\xbb\xbf" + data.csv_bytes(chinese + tibetan, "utf-8"), data.csv_bytes(chinese + tibetan),
                    data.csv_bytes(chinese + tibetan, "utf-16", delimiter="\t")):
        parsed = read_table("报名表.csv", content)
        names = [(v["name"], v["name_bo"], v["township"]) for _, v in parsed.rows]
        assert names[:2] == [("次仁卓玛", "", "硕督镇"), ("格桑", "", "马利镇")]
        if len(names) > 2:
            assert names[2:] == [("扎西", TIBETAN, "硕督镇"), ("ཉི་མ།", "ཉི་མ།", "腊久乡")]
    run_import(sessions, 1, read_table("报名表.csv", data.csv_bytes(chinese + tibetan, "gb18030")), None, "t")
    with sessions() as s:
        assert s.scalars(select(Person.name_bo).order_by(Person.id)).all() == [None, None, TIBETAN, "ཉི་མ།"]
        assert s.scalar(select(Entry.name).where(Entry.name_bo == "ཉི་མ།")) == "ཉི་མ།"


def test_wrong_columns_are_a_clear_file_error(sessions):
    missing = refused(data.csv_bytes([row("扎西", "硕督镇")], header=["编号", "姓名", "村（社区）", "性别"]))
    assert missing.code == "missing_columns" and missing.params["missing"] == "乡镇、项目"
    assert missing.params["found"] == "编号、姓名、村（社区）、性别" and "联系电话" in missing.params["expected"]
    assert refused(data.csv_bytes([row("扎西", "硕督镇")], header=["姓名", "乡镇", "项目", "姓名"])).code == "duplicate_column"
    assert refused("甲,乙,丙\n1,2,3\n".encode()).code == "missing_columns"
    # English headers in any case and order; an unknown column is a warning; the quote of an export is taken off
    content = "Event,NAME,Township,Village,备注,Phone\n演讲比赛,'=扎西,硕督镇,达翁村,好,'+8613800000001\n".encode()
    parsed = read_table("a.csv", content)
    assert [w.code for w in parsed.warnings] == ["unknown_columns"] and parsed.warnings[0].params == {"columns": "备注"}
    assert parsed.rows[0][1]["name"] == "=扎西" and parsed.rows[0][1]["phone"] == "+8613800000001"
    # the header under a title row, as in many templates
    expected = {**dict.fromkeys(importing.FIELDS, ""), "name": "扎西", "township": "硕督镇", "village": "达翁村",
                "event": "演讲比赛"}
    assert read_table("a.xlsx", data.workbook([row("扎西", "硕督镇", "达翁村")], title_rows=2)).rows == [(4, expected)]
    tabs = "洛隆县报名表\n" + data.csv_bytes([row("扎西", "硕督镇", "达翁村")], delimiter="\t").decode()
    assert read_table("a.txt", tabs.encode("utf-16")).rows == [(3, expected)]


def test_junk_and_oversized_files_are_refused_before_anything_is_checked():
    assert refused(os.urandom(importing.MAX_BYTES + 1)).code == "too_large"
    assert refused(os.urandom(importing.MAX_BYTES), "junk.csv").code in ("not_text", "encoding")
    assert refused(os.urandom(importing.MAX_BYTES), "junk.xlsx").code == "bad_xlsx"
    assert refused(bytes(range(256)) * 4, "a.csv").code == "not_text"
    assert refused("姓名,乡镇,项目\n扎西,硕督镇,演讲".encode("utf-8") + b"\x80\xff\x80\n").code == "encoding"
    assert refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "old.xls").code == "xls"
    assert refused(b"", "a.csv").code == "empty_file" and refused(b"\n \n", "a.csv").code == "empty_file"
    assert refused(b"\x01\x02 binary \x03", "a.csv").code == "not_text"
    not_a_workbook = io.BytesIO()
    with zipfile.ZipFile(not_a_workbook, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    assert refused(not_a_workbook.getvalue(), "a.xlsx").code == "bad_xlsx"
    assert refused(b"PK\x03\x04 truncated", "a.xlsx").code == "bad_xlsx"
    assert refused(data.csv_bytes([None, None]), "a.csv").code == "no_rows"
    assert refused(data.workbook([]), "a.xlsx").code == "no_rows"


def test_empty_rows_are_skipped_and_counted(sessions):
    rows = [None, row("扎西", "硕督镇", "达翁村"), None, None, {"备注": "空"}, row("卓玛", "硕督镇", "拉孜村"), None]
    for content, name in ((data.workbook(rows, header=data.HEADER + ["备注"]), "a.xlsx"),
                          (data.csv_bytes(rows, header=data.HEADER + ["备注"]), "a.csv")):
        parsed = read_table(name, content)
        assert [n for n, _ in parsed.rows] == [3, 7] and parsed.empty_rows == 5


def test_row_limit(monkeypatch):
    monkeypatch.setattr(importing.reading, "MAX_ROWS", 3)
    assert refused(data.csv_bytes([row(f"甲{i}", "硕督镇") for i in range(4)])).code == "too_many_rows"
    assert len(read_table("a.csv", data.csv_bytes([row(f"甲{i}", "硕督镇") for i in range(3)])).rows) == 3


def test_township_organizer_may_import_only_their_township(sessions):
    with transaction(sessions) as s:
        scope = scope_of(s, create_organizer(s, "shuodu", "township-secret", township="硕督镇"))
    rows = [row("扎西", "硕督镇", "达翁村"), row("卓玛", "马利镇", "玉西村", event="赛马"),
            row("达瓦", "硕督镇", "拉孜村", event="歌舞比赛"),  # the county-wide stage is not theirs
            row("多吉", "马利镇", event="村超足球赛", team="马利镇队"), row("次仁", "硕督镇", event="村超足球赛", team="硕督镇队")]
    plan = checked(sessions, data.workbook(rows), units=scope.units)
    assert codes(plan) == {3: ["outside_scope"], 4: ["stage_outside_scope"], 5: ["outside_scope"]}
    assert next(r for r in plan.rows if r.number == 3).problems[0].params == {"unit": "玉西村"}
    with pytest.raises(ImportRefused):
        run_import(sessions, 1, read_table("a.xlsx", data.workbook(rows)), scope.units, scope.actor)
    run_import(sessions, 1, read_table("a.xlsx", data.workbook([rows[0], rows[4]])), scope.units, scope.actor)
    assert counts(sessions) == {"Person": 2, "Entry": 2, "Player": 1}


def test_a_failure_while_writing_leaves_nothing_behind(sessions, monkeypatch):
    def broken(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing.writing, "_write_teams", broken)
    with pytest.raises(RuntimeError):
        run_import(sessions, 1, read_table("a.xlsx", data.workbook(CLEAN)), None, "t")
    assert counts(sessions) == {"Person": 0, "Entry": 0, "Player": 0}
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == 0
        assert s.scalar(select(func.max(Stage.seq))) == 0


def test_the_import_checks_again_when_it_runs(sessions):
    parsed = read_table("a.xlsx", data.workbook(CLEAN))
    with sessions() as s:
        assert check(s, 1, parsed).ok
    with transaction(sessions) as s:  # meanwhile, two people named 卓玛 of 拉孜村 are registered by hand
        village = s.scalar(select(Unit.id).where(Unit.name == "拉孜村"))
        s.add_all([Person(campaign_id=1, name="卓玛", unit_id=village), Person(campaign_id=1, name="卓玛", unit_id=village)])
    with pytest.raises(ImportRefused) as caught:
        run_import(sessions, 1, parsed, None, "t")
    assert caught.value.plan.problem_rows == 1
    assert counts(sessions) == {"Person": 2, "Entry": 0, "Player": 0}


def register_two_zhuoma(sessions) -> None:
    with transaction(sessions) as s:
        village = s.scalar(select(Unit.id).where(Unit.name == "拉孜村"))
        s.add_all([Person(campaign_id=1, name="卓玛", unit_id=village), Person(campaign_id=1, name="卓玛", unit_id=village)])


def test_a_campaign_changed_between_the_prepared_rows_and_their_write_is_checked_again(sessions):
    """The check and the rows are made before the write lock is taken; if the campaign changes in
    between, the write checks again under the lock."""
    prepared = importing.prepare(sessions, 1, read_table("a.xlsx", data.workbook(CLEAN)))
    register_two_zhuoma(sessions)
    with pytest.raises(ImportRefused) as caught:
        importing.stored(sessions, prepared, "t")
    assert caught.value.plan.problem_rows == 1
    assert counts(sessions) == {"Person": 2, "Entry": 0, "Player": 0}


def test_marks_and_calls_meanwhile_do_not_make_the_write_check_again(sessions, monkeypatch):
    """What judges change during an import (a stage's seq, the entry on stage) is not what the check
    read: the prepared rows are written as they are, without a second check under the lock."""
    prepared = importing.prepare(sessions, 1, read_table("a.xlsx", data.workbook(CLEAN)))
    with transaction(sessions) as s:
        s.execute(update(Stage).values(seq=Stage.seq + 5))
    monkeypatch.setattr(importing.writing, "check", lambda *args: pytest.fail("checked again"))
    result = importing.stored(sessions, prepared, "t")
    assert (result.persons, result.entries, result.teams, result.players) == (7, 5, 2, 4)
    assert counts(sessions) == {"Person": 7, "Entry": 7, "Player": 4}


@contextmanager
def written_statements(sessions):
    """The statements run inside write transactions (after a BEGIN IMMEDIATE) meanwhile, by their verb."""
    statements: list[str] = []
    writing = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("BEGIN IMMEDIATE"):
            writing.append(True)
        elif writing:
            statements.append(statement.split()[0])

    event.listen(sessions.kw["bind"], "before_cursor_execute", seen)
    try:
        yield statements
    finally:
        event.remove(sessions.kw["bind"], "before_cursor_execute", seen)


def test_an_import_holds_the_write_lock_only_to_write(sessions):
    """Everything is checked and made before the write transaction begins: in it, the import only
    compares the campaign with what it checked and inserts, in a few statements for any number of
    rows. A refused import never takes the lock."""
    rows = [row(f"选手{i}", "硕督镇", "达翁村", event="演讲比赛、歌舞比赛") for i in range(300)]
    with written_statements(sessions) as statements:
        result = run_import(sessions, 1, read_table("a.xlsx", data.workbook(rows)), None, "t")
    assert (result.persons, result.entries) == (300, 600)
    assert statements.count("INSERT") == 3 and len(statements) < 20  # persons, entries, the audit; reads of the state
    with written_statements(sessions) as statements, pytest.raises(ImportRefused):
        run_import(sessions, 1, read_table("a.xlsx", data.workbook(rows)), None, "t")  # the same people again
    assert statements == []


def test_export_then_import_into_an_empty_campaign_reproduces_it(sessions, database):
    rows = CLEAN + [row("=HYPERLINK(\"x\")", "马利镇", event="歌舞比赛", phone="+8613800000009"),
                    row("扎西次仁", "硕督镇", "拉孜村", event="演讲比赛", key="007")]
    run_import(sessions, 1, read_table("a.csv", data.csv_bytes(rows)), None, "t")  # (a workbook's formula has no text)
    with sessions() as s:
        table = importing.export_rows(s, 1, lambda stage: True)
    assert table[0] == data.HEADER
    exported = {tuple(line[:7]) for line in table[1:]}
    assert ("001", "卓玛", "", "女", "硕督镇", "拉孜村", "演讲比赛、歌舞比赛") in exported
    assert ("001、T001", "次仁", "", "", "马利镇", "", "赛马、村超足球赛") in exported  # the player is the person
    assert importing.to_csv(table).decode("utf-8-sig").count("'=HYPERLINK") == 1
    for content, name in ((importing.to_xlsx(table), "again.xlsx"), (importing.to_csv(table), "again.csv")):
        again = database(data.campaign())
        data.empty_stages(again)
        parsed = read_table(name, content)
        with again() as s:
            assert check(s, 1, parsed).ok
        run_import(again, 1, parsed, None, "t")
        assert entries_by_stage(again) == entries_by_stage(sessions)
        with again() as s, sessions() as before:
            people = select(Person.name, Person.name_bo, Person.gender, Person.phone).order_by(Person.name, Person.phone)
            assert s.execute(people).all() == before.execute(people).all()


def test_export_is_limited_to_the_township_organizers_stages(sessions):
    run_import(sessions, 1, read_table("a.xlsx", data.workbook(CLEAN)), None, "t")
    with transaction(sessions) as s:
        scope = scope_of(s, create_organizer(s, "mali", "township-secret", township="马利镇"))
    with sessions() as s:
        table = importing.export_rows(s, 1, scope.covers_stage)
    assert [line[1] for line in table[1:]] == ["平措"]


# --- the organizer's pages -----------------------------------------------------------------------

@pytest.fixture
def app(tmp_path, monkeypatch, sessions):
    monkeypatch.setenv("PODIUM_INSTANCE", str(tmp_path / "instance"))
    made = make_app(sessions)
    with transaction(sessions) as s:
        create_organizer(s, "admin", "organizer-secret")
        create_organizer(s, "mali", "township-secret", township="马利镇")
    return made


def logged_in(app, username="admin", password="organizer-secret"):
    client = app.test_client()
    assert client.post("/organizer/login", data={"username": username, "password": password}).status_code == 302
    return client


def upload(client, content: bytes, filename: str = "报名表.xlsx", **form):
    return client.post("/organizer/import/preview", data={"file": (io.BytesIO(content), filename), **form},
                       content_type="multipart/form-data")


def wait_until_finished(app, client, status_url: str) -> dict:
    socketio = app.extensions["podium.socketio"]
    for _ in range(400):
        state = client.get(status_url + "/progress").get_json()
        if state["state"] != "running":  # the boards' snapshots were sent before the state changed
            return state
        socketio.sleep(0.02)  # lets the background task run
    raise AssertionError("the import did not finish")


def test_pages_need_a_login(app):
    client = app.test_client()
    for url in ("/organizer/import/", "/organizer/import/export.csv", "/organizer/import/abcdefghijklmnopqrstuvwxyz/progress"):
        assert "/organizer/login" in client.get(url).headers["Location"]
    assert client.post("/organizer/import/preview").status_code == 302


def test_upload_preview_import_and_progress_as_a_logged_in_organizer(app, sessions):
    client = logged_in(app)
    page = client.get("/organizer/import/?lang=en").get_data(as_text=True)
    for element in ('id="import-file"', 'id="import-preview"', 'id="export-xlsx"', 'id="export-csv"'):
        assert element in page

    preview = upload(client, data.workbook(CLEAN))
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and 'id="import-run"' in page and 'class="problem"' not in page
    assert page.count("data-row=") == 7 and 'data-problems="0"' in page and TIBETAN in page
    assert counts(sessions)["Person"] == 0

    run = client.post(re.search(r'action="([^"]+/run)"', page).group(1))
    assert run.status_code == 303
    status_url = run.headers["Location"]
    assert 'id="import-progress"' in client.get(status_url).get_data(as_text=True)
    state = wait_until_finished(app, client, status_url)
    assert state["state"] == "done" and state["done"] == state["total"] == 9
    assert state["counts"] == {"persons": 7, "entries": 5, "teams": 2, "players": 4, "left_out": 0}
    assert counts(sessions) == {"Person": 7, "Entry": 7, "Player": 4}
    finished = client.get(status_url).get_data(as_text=True)
    assert re.search(r'id="import-result" data-state="done"', finished)
    assert client.post(status_url + "/run").status_code == 303  # a second click imports nothing more
    assert wait_until_finished(app, client, status_url)["state"] == "done"
    assert counts(sessions)["Person"] == 7

    other = logged_in(app, "mali", "township-secret")  # another organizer's import does not exist for them
    assert other.get(status_url + "/progress").status_code == 404
    assert other.post(status_url + "/run").status_code == 404
    assert client.get("/organizer/import/not-a-token/progress").status_code == 404

    again = upload(client, data.workbook(CLEAN)).get_data(as_text=True)  # now they are in the register
    assert 'id="import-run"' not in again and 'id="import-problems"' in again
    assert again.count('class="problem"') >= 14 and not re.search(r'data-problems="0"', again)


def test_preview_with_problems_marks_the_cells_and_offers_no_import(app, sessions):
    client = logged_in(app)
    page = upload(client, data.workbook([row("扎西", "硕督镇", "玉西村"), row("卓玛", "硕督镇", "达翁村"),
                                         row("达瓦", "马利镇", "玉西村")]), lang="en").get_data(as_text=True)
    assert 'id="import-run"' not in page and 'id="import-problems"' in page
    first = re.search(r'<tr data-row="2" data-problems="1">(.*?)</tr>', page, re.S).group(1)
    assert '<td class="problem">玉西村</td>' in first
    assert re.search(r'<tr data-row="3" data-problems="0">', page)
    third = re.search(r'<tr data-row="4" data-problems="1">(.*?)</tr>', page, re.S).group(1)
    assert "演讲比赛" in third and "玉西村" in third and 'class="problem"' in third
    assert counts(sessions)["Person"] == 0


def test_file_errors_are_shown_on_the_upload_page(app):
    client = logged_in(app)
    for content, name in ((b"\x00\x01junk", "a.csv"), (b"PK\x03\x04junk", "a.xlsx"),
                          (data.csv_bytes([row("扎西", "硕督镇")], header=["姓名"]), "a.csv"),
                          (os.urandom(importing.MAX_BYTES + 2 * 1024 * 1024), "big.xlsx")):
        response = upload(client, content, name)
        assert response.status_code in (400, 413)
        assert 'id="import-error"' in response.get_data(as_text=True) and 'id="import-file"' in response.get_data(as_text=True)
    assert upload(client, b"", "").status_code == 400


def test_township_organizer_sees_their_problems_and_exports_their_entries(app, sessions):
    run_import(sessions, 1, read_table("a.xlsx", data.workbook(CLEAN)), None, "t")
    client = logged_in(app, "mali", "township-secret")
    page = upload(client, data.workbook([row("扎西", "硕督镇", "达翁村", event="歌舞比赛")])).get_data(as_text=True)
    assert 'id="import-run"' not in page and 'data-problems="1"' in page
    csv_export = client.get("/organizer/import/export.csv")
    assert csv_export.status_code == 200 and csv_export.data.startswith(b"\xef\xbb\xbf")
    assert [line.split(",")[1] for line in csv_export.data.decode("utf-8-sig").splitlines()[1:]] == ["平措"]
    workbook = logged_in(app).get("/organizer/import/export.xlsx?campaign=1")
    assert workbook.status_code == 200 and workbook.data.startswith(b"PK")
    assert len(read_table("x.xlsx", workbook.data).rows) == 7
    assert client.get("/organizer/import/export.pdf").status_code == 404
    with sessions() as s:
        assert s.scalar(select(Organizer.unit_id).where(Organizer.username == "mali")) is not None
