"""Result sheets: every entry, each judge's marks, dropped totals, deductions, ranks and tie-breaks, signatures."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from conftest import speech_competition
from podium.testing import called_through
from organizers.printing.errors import MissingGlyphs, PrintingError
from organizers.printing.result_sheets import result_sheet_pdf
from printing_checks import assert_glyphs_embedded, page_texts, png_pages
from scoring import scorekeeping, service
from scoring.models import Judge, Stage
from test_loader_match import football

# E1: judges' totals 86, 87.5, 73, 95, 84.5 -> 73 and 95 left out, aggregate 86.00, 31 s over time -1.00 = 85.00.
# E2: 85, 85, 84, 86, 85 -> 85.00. Level: E1 goes first on raw_mean (85.2 > 85.0). E3: 3 of 5 judges marked.
MARKS = {
    "E1": {"J1": (35, 25, 17, 9), "J2": (35, 25.5, 18, 9), "J3": (30, 20, 15, 8), "J4": (38, 28, 19, 10),
           "J5": (34, 24.5, 17, 9)},
    "E2": {"J1": (35, 25, 17, 8), "J2": (35, 25, 17, 8), "J3": (34, 25, 17, 8), "J4": (36, 25, 17, 8),
           "J5": (35, 25, 17, 8)},
    "E3": {"J1": (20, 15, 10, 5), "J2": (21, 15, 10, 5), "J3": (22, 15, 10, 5)},
}
CRITERIA = ("content", "delivery", "presence", "effect")


def competition() -> dict:
    data = speech_competition()
    stage = data["events"][0]["stages"][0]
    stage["entries"][1].update(name="次仁卓玛", name_bo="ཚེ་རིང་སྒྲོལ་མ།")
    stage["entries"][2].update(name="龘䶮𠀾", name_bo="བསྒྲུབས་པ།")
    return data


def judge_ids(sessions, stage="final") -> dict[str, int]:
    with sessions() as s:
        return dict(s.execute(select(Judge.key, Judge.id).join(Stage).where(Stage.key == stage)).all())


@pytest.fixture
def marked(database):
    sessions = database(competition())
    judges = judge_ids(sessions)
    called_through(sessions, "final")
    for entry, by_judge in MARKS.items():
        for judge, values in by_judge.items():
            service.submit_scorecard(sessions, judges[judge], {"entry": entry, "marks": dict(zip(CRITERIA, values))})
    service.record_deductions(sessions, judges["J1"], {"entry": "E1", "deductions": {"overtime": 31}})
    service.lock_entry(sessions, judges["J1"], {"entry": "E1"})
    return sessions


def printed(sessions, stage_key: str, artifact: str) -> str:
    """The sheet's text, once its glyphs are checked and test-artifacts/<artifact>-N.png are written."""
    with sessions() as session:
        pdf = result_sheet_pdf(session, stage_key)
    png_pages(pdf, artifact)
    assert_glyphs_embedded(pdf)
    return "\n".join(page_texts(pdf))


def assert_printed(text: str, *expected: str) -> None:
    assert [e for e in expected if e not in text] == []


def test_judged_sheet_prints_every_mark_and_the_result(marked):
    text = printed(marked, "final", "printing-result-sheet-judged")
    assert_printed(text, "测试活动", "演讲比赛", "县级决赛", "成绩确认表", "扎西", "次仁卓玛", "龘䶮𠀾", "达翁村",
                     "内容", "表达", "形象", "效果", "满分 40",
                     "25.5", "24.5", "21",                   # marks as the judges gave them
                     "87.50", "84.50", "73.00", "95.00",     # judges' totals, the dropped ones included
                     "去掉", "超时 31s", "1.00",             # dropped marker, the deduction recorded and its points
                     "86.00", "85.00",                       # E1: aggregate 86.00 - 1.00 = 85.00
                     "全体评委平均分",                        # the tie-break that placed E1 above E2
                     "最终", "暂定", "正在比赛", "3/5",  # E3 is called and being marked
                     "评委1", "评委5", "主裁判审核签字", "计分规则", "去掉1个最高分、1个最低分后取平均分")
    assert text.index("扎西") < text.index("次仁卓玛") < text.index("龘䶮𠀾")  # rank 1, rank 2, unranked
    assert "尚有 2 项未最终确认" in text


def test_match_sheet_prints_the_table_and_the_fixtures(database):
    sessions = database(football(fixtures=[{"key": "M1", "home": "T1", "away": "T2", "round": 1},
                                           {"key": "M2", "home": "T3", "away": "T4", "round": 1}]))
    with sessions() as s:
        keeper = s.scalar(select(Judge.id).join(Stage).where(Stage.key == "football-groups"))
    for kind, extra in (("start", {}), ("score", {"team": "home", "value": 1}), ("score", {"team": "home", "value": 1}),
                        ("score", {"team": "away", "value": 1}), ("period_end", {}), ("end", {})):
        scorekeeping.record_event(sessions, keeper, {"fixture": "M1", "kind": kind, **extra})
    text = printed(sessions, "football-groups", "printing-result-sheet-match")
    assert_printed(text, "村超足球赛", "小组赛", "积分榜", "达翁村队", "查瓦村队", "2 : 1", "已结束", "未开始",
                   "记分员（主记分员） 记分员", "主记分员审核签字")
    table = text[text.index("积分榜"):text.index("赛程与比分")]
    assert table.index("达翁村队") < table.index("查瓦村队")


def test_refusals(database):
    data = competition()
    data["events"][0]["stages"][0]["entries"][0]["name"] = "扎西\U00013000"  # an Egyptian hieroglyph: no font of ours
    sessions = database(data)
    with sessions() as session:
        with pytest.raises(MissingGlyphs) as missing:
            result_sheet_pdf(session, "final")
        with pytest.raises(PrintingError, match="There is no stage nowhere"):
            result_sheet_pdf(session, "nowhere")
    assert "entry E1, name" in missing.value.message and "U+13000" in missing.value.message


def test_measured_sheet_prints_every_heat_with_its_attempts_and_watches(database):
    from measured_data import race_competition
    from scoring import recording

    sessions = database(race_competition())
    with sessions() as s:
        chief = s.scalar(select(Judge.id).join(Stage).where(Stage.key == "horse-heats", Judge.key == "C1"))
    recording.record_attempt(sessions, chief, {"entry": "R1", "watches": ["65.11", "65.34", "65.20"]})
    recording.record_attempt(sessions, chief, {"entry": "R2", "value": "66.1"})
    recording.correct_attempt(sessions, chief, {"entry": "R2", "attempt": 1, "value": "66.3", "reason": "读错"})
    recording.set_entry_status(sessions, chief, {"entry": "R3", "status": "DNF"})
    text = printed(sessions, "horse-heats", "printing-result-sheet-measured")
    assert_printed(text, "第1组", "第2组", "扎西", "1:05.2", "65.11 / 65.34 / 65.20", "1:06.3", "已更正",
                   "DNF 未完成", "三块表取中间值", "计时长", "记录长审核签字", "暂定成绩")
