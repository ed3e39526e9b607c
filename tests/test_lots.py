"""Drawing lots between teams level on everything (scoring.organizing.draw_lots): the refusals, the
table ranked by the drawing at once, corrections with a reason, and the knockout drawn only after
every tie is drawn. `podium seed --qualified` takes a reason like the chief recorder's console."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from scoring import audit
from scoring.db import transaction
from scoring.errors import ScoringError
from scoring.knockout import seed_from_groups
from scoring.models import AuditEntry, Judge, Stage
from scoring.organizing import draw_lots, level_ties
from scoring.recording import seed_final
from test_knockout import competition, play, standings

ACTOR = "organizer:1:county"


@pytest.fixture
def sessions(database):
    return database(competition(third_place=False))


def play_all_level(sessions, groups="ABCD"):
    """Every match of the groups 1-1: the three teams of each are level on everything."""
    for fixture in standings(sessions, "groups")["fixtures"]:
        if fixture["group"] in groups:
            play(sessions, "groups", fixture["fixture"], 1, 1)


def draw(sessions, group, order, **extra):
    return draw_lots(sessions, "groups", group, order, extra.pop("drawn_by", "扎西 (领队抽签)"),
                     extra.pop("note", "见证：裁判长 次仁"), ACTOR, extra.pop("reason", None))


def refusal(sessions, group, order, **extra) -> ScoringError:
    with pytest.raises(ScoringError) as refused:
        draw(sessions, group, order, **extra)
    return refused.value


def lots_audits(sessions) -> list[AuditEntry]:
    with sessions() as s:
        return s.scalars(select(AuditEntry).where(AuditEntry.action == "lots").order_by(AuditEntry.id)).all()


def group_table(sessions, group) -> list[tuple]:
    return [(r["rank"], r["entry"], r["tiebreak"], r["needs_lots"], r["scored"], r["conceded"])
            for r in standings(sessions, "groups")["rows"] if r["group"] == group]


def test_a_group_not_complete_or_not_level_is_refused(sessions):
    assert refusal(sessions, "A", ["T01", "T02", "T03"]).code == "group_not_complete"
    play_all_level(sessions, "A")
    for fixture in standings(sessions, "groups")["fixtures"]:  # group B: the first-listed team wins all
        if fixture["group"] == "B":
            home, away = fixture["home"]["entry"], fixture["away"]["entry"]
            play(sessions, "groups", fixture["fixture"], *((2, 0) if home < away else (0, 2)))
    assert refusal(sessions, "B", ["T04", "T05"]).code == "not_level"
    assert refusal(sessions, "Z", ["T01"]).code == "unknown_group"
    stranger = refusal(sessions, "A", ["T01", "T04", "T02", "T03"])
    assert stranger.code == "not_in_tie" and stranger.details["teams"] == ("马利村队",)
    missing = refusal(sessions, "A", ["T02", "T01"])
    assert missing.code == "order_incomplete" and missing.details["teams"] == ("通尼村队",)
    assert refusal(sessions, "A", ["T02", "T01", "T03"], drawn_by="  ").code == "drawn_by_required"
    assert refusal(sessions, "A", ["T02", "T02", "T03"]).code == "bad_request"
    assert lots_audits(sessions) == []  # nothing stored by a refusal


def test_the_table_ranks_by_the_drawing_at_once_and_a_correction_needs_a_reason(sessions):
    play_all_level(sessions, "A")
    assert level_ties_of(sessions) == {"A": [["T01", "T02", "T03"]]}
    assert [(rank, team, lots) for rank, team, _, lots, *_ in group_table(sessions, "A")] == [
        (1, "T01", True), (1, "T02", True), (1, "T03", True)]
    seq = standings(sessions, "groups")["seq"]
    assert draw(sessions, "A", ["T03", "T01", "T02"])["changed"]
    assert group_table(sessions, "A") == [(1, "T03", "lots", False, 2, 2), (2, "T01", "lots", False, 2, 2),
                                          (3, "T02", "lots", False, 2, 2)]
    assert standings(sessions, "groups")["seq"] == seq + 1  # boards see a new snapshot
    assert draw(sessions, "A", ["T03", "T01", "T02"]) == {"changed": False}  # sent again: nothing new
    assert len(lots_audits(sessions)) == 1
    again = refusal(sessions, "A", ["T01", "T03", "T02"])
    assert again.code == "already_drawn" and again.details["teams"] == ("通尼村队", "达翁村队", "查瓦村队",)
    corrected = draw(sessions, "A", ["T01", "T03", "T02"], reason="抽签时误读了签号")
    assert corrected["corrected"]
    assert [r[1] for r in group_table(sessions, "A")] == ["T01", "T03", "T02"]
    first, second = lots_audits(sessions)
    assert first.actor == ACTOR and first.detail["drawn_by"] == "扎西 (领队抽签)" and first.detail["before"] is None
    assert first.detail["note"] == "见证：裁判长 次仁" and first.detail["order"] == ["T03", "T01", "T02"]
    assert second.note == "抽签时误读了签号" and second.detail["before"] == ["T03", "T01", "T02"]
    with sessions() as s:  # one drawing per tie is kept: the correction replaced the first
        drawings = s.scalar(select(Stage).where(Stage.key == "groups")).settings["drawings"]
    assert [d["order"] for d in drawings] == [["T01", "T03", "T02"]]


def level_ties_of(sessions):
    with sessions() as s:
        return level_ties(s, s.scalar(select(Stage).where(Stage.key == "groups")))


def test_the_knockout_is_drawn_only_once_every_tie_is_drawn(sessions):
    play_all_level(sessions)
    with pytest.raises(ScoringError) as refused:
        seed_from_groups(sessions, "knockout", ACTOR)
    assert refused.value.code == "needs_lots" and "达翁村队" in refused.value.details["teams"]
    assert len(refused.value.details["teams"]) == 12
    for group, teams in zip("ABCD", (["T01", "T02", "T03"], ["T04", "T05", "T06"], ["T07", "T08", "T09"],
                                     ["T10", "T11", "T12"])):
        draw(sessions, group, list(reversed(teams)))
    seed_from_groups(sessions, "knockout", ACTOR)
    fixtures = {f["fixture"]: (f["home"]["entry"], f["away"]["entry"])
                for f in standings(sessions, "knockout")["fixtures"] if f["round"] == 1}
    assert fixtures["QF-1"] == ("T03", "T05")  # A1 v B2, by the drawing of lots
    with sessions() as s:
        seeded = s.scalar(select(AuditEntry).where(AuditEntry.action == "seed"))
    assert seeded.actor == ACTOR
    late = refusal(sessions, "A", ["T01", "T02", "T03"], reason="抽签有误")  # the bracket stands on the drawing
    assert late.code == "already_seeded"


def test_seeding_a_final_with_chosen_qualifiers_needs_a_reason(sessions):
    with pytest.raises(ScoringError) as refused:
        seed_final(sessions, "knockout", chosen=["T01", "T02"])
    assert refused.value.code == "reason_required"


def test_the_result_sheet_prints_goals_for_and_against_and_the_drawing(sessions):
    from organizers.printing.result_sheets import result_sheet_pdf
    from printing_checks import page_texts

    play_all_level(sessions, "A")
    draw(sessions, "A", ["T03", "T01", "T02"])
    with sessions() as session:
        text = "\n".join(page_texts(result_sheet_pdf(session, "groups")))
    assert "进球" in text and "失球" in text and "净胜球" in text
    assert "抽签决定名次：通尼村队、达翁村队、查瓦村队（扎西 (领队抽签)抽签，见证：裁判长 次仁）" in text.replace("\n", "")


def test_podium_seed_qualified_takes_a_reason_and_refuses_it_on_a_knockout(tmp_path):
    import yaml
    from conftest import podium_cli
    from measured_data import race_competition

    instance = tmp_path / "instance"
    for name, data in (("race.yaml", race_competition()), ("cup.yaml", competition())):
        (tmp_path / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        assert podium_cli(instance, "load", str(tmp_path / name)).returncode == 0
    no_reason = podium_cli(instance, "seed", "horse-final", "--qualified", "R1,R2")
    assert no_reason.returncode == 1 and "reason_required" in no_reason.stderr
    on_knockout = podium_cli(instance, "seed", "knockout", "--qualified", "T01,T02", "--reason", "抽签")
    assert on_knockout.returncode == 1 and "bad_request" in on_knockout.stderr


def test_podium_audit_verify_finds_a_drawing_changed_by_hand(sessions):
    play_all_level(sessions, "A")
    draw(sessions, "A", ["T03", "T01", "T02"])
    draw(sessions, "A", ["T01", "T03", "T02"], reason="抽签时误读了签号")
    assert audit.verify(sessions) == []
    with transaction(sessions) as s:  # the order edited in the database, not through Podium
        stage = s.scalar(select(Stage).where(Stage.key == "groups"))
        stage.settings = {**stage.settings, "drawings": [{**stage.settings["drawings"][0], "order": ["T02", "T03", "T01"]}]}
    problems = audit.verify(sessions)
    assert problems == ["drawing of lots in group A (stage groups): ['T02', 'T03', 'T01'] in the table, "
                        "['T01', 'T03', 'T02'] in the audit (changed outside the application)"]


def test_the_chief_scorekeeper_records_a_drawing_too(database):
    import uuid
    from scoring import scorekeeping

    data = competition(third_place=False)
    data["events"][0]["stages"][0]["scorekeepers"].append({"key": "S2", "name": "记分员二"})
    sessions = database(data)
    play_all_level(sessions, "A")
    with sessions() as s:
        seats = dict(s.execute(select(Judge.key, Judge.id).join(Stage).where(Stage.key == "groups")).all())
    lots = {"group": "A", "order": ["T02", "T03", "T01"], "drawn_by": "两队队长", "note": "记分台抽签",
            "client_id": str(uuid.uuid4())}
    with pytest.raises(ScoringError) as not_chief:
        scorekeeping.draw_lots(sessions, seats["S2"], lots)
    assert not_chief.value.code == "not_chief"
    assert scorekeeping.draw_lots(sessions, seats["S1"], lots).changed
    assert not scorekeeping.draw_lots(sessions, seats["S1"], lots).changed  # the same request resent
    assert [r[1] for r in group_table(sessions, "A")] == ["T02", "T03", "T01"]
    with pytest.raises(ScoringError) as again:
        scorekeeping.draw_lots(sessions, seats["S1"], {**lots, "client_id": str(uuid.uuid4())})
    assert again.value.code == "already_drawn"
    (entry,) = lots_audits(sessions)
    assert entry.actor == f"scorekeeper:{seats['S1']}:S1" and entry.detail["order"] == ["T02", "T03", "T01"]
    assert audit.verify(sessions) == []
