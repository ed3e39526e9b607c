"""Knockouts: a bracket of 8 drawn from four groups' tables, winners moving on as results arrive."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from scoring import scorekeeping
from scoring.errors import ScoringError
from scoring.knockout import seed_from_groups
from scoring.models import Judge, Stage
from scoring.standings import stage_standings

VILLAGES = ["达翁村", "查瓦村", "通尼村", "马利村", "孜托村", "俄西村", "腊久村", "白达村", "硕督村", "康沙村", "玉西村", "中亦村"]


def competition(third_place=True) -> dict:
    teams = [{"key": f"T{i:02d}", "name": f"{v}队", "players": [{"name": f"{v}{n}号", "number": n} for n in (1, 2)]}
             for i, v in enumerate(VILLAGES, start=1)]
    groups = {g: [t["key"] for t in teams[i * 3:i * 3 + 3]] for i, g in enumerate("ABCD")}
    keeper = [{"key": "S1", "name": "记分员", "chief": True}]
    return {"campaign": "村超", "events": [{
        "key": "football", "name": "村超足球赛", "format": "match", "rule": {"sport": "football"},
        "stages": [
            {"key": "groups", "name": "小组赛", "scorekeepers": keeper, "teams": teams, "groups": groups,
             "schedule": "round_robin"},
            {"key": "knockout", "name": "淘汰赛", "scorekeepers": keeper, "from_stage": "groups", "qualifiers": 2,
             "third_place": third_place},
        ]}]}


@pytest.fixture
def sessions(database):
    return database(competition())


def keeper(sessions, stage):
    with sessions() as s:
        return s.scalar(select(Judge.id).join(Stage).where(Stage.key == stage))


def play(sessions, stage, fixture, home, away, shootout=()):
    k = keeper(sessions, stage)
    send = lambda kind, **f: scorekeeping.record_event(sessions, k, {"fixture": fixture, "kind": kind, **f})  # noqa: E731
    send("start")
    for side, goals in (("home", home), ("away", away)):
        for _ in range(goals):
            send("score", team=side, value=1)
    send("period_end")
    for side, scored in shootout:
        send("shootout", team=side, value=scored)
    send("end")


def standings(sessions, stage):
    with sessions() as s:
        return stage_standings(s, stage)


def sides(sessions, stage="knockout"):
    return {f["fixture"]: (f["home"]["entry"] if f["home"] else f["home_source"],
                           f["away"]["entry"] if f["away"] else f["away_source"])
            for f in standings(sessions, stage)["fixtures"]}


def play_groups(sessions):
    """In every group the first-listed team wins all, the second beats the third."""
    for fixture in standings(sessions, "groups")["fixtures"]:
        home, away = fixture["home"]["entry"], fixture["away"]["entry"]
        play(sessions, "groups", fixture["fixture"], *((2, 0) if home < away else (0, 2)))


def test_bracket_of_8_from_group_results_advances_winners(sessions):
    with pytest.raises(ScoringError) as early:
        seed_from_groups(sessions, "knockout")
    assert early.value.code == "not_final"
    play_groups(sessions)
    tables = standings(sessions, "groups")["rows"]
    assert [(r["group"], r["rank"], r["entry"]) for r in tables if r["group"] == "A"] == [
        ("A", 1, "T01"), ("A", 2, "T02"), ("A", 3, "T03")]
    seed_from_groups(sessions, "knockout")
    bracket = sides(sessions)
    # A1 v B2, C1 v D2 in one half; B1 v A2, D1 v C2 in the other
    assert bracket["QF-1"] == ("T01", "T05") and bracket["QF-2"] == ("T07", "T11")
    assert bracket["QF-3"] == ("T04", "T02") and bracket["QF-4"] == ("T10", "T08")
    assert bracket["SF-1"] == ("winner:QF-1", "winner:QF-2") and bracket["F"] == ("winner:SF-1", "winner:SF-2")
    assert bracket["3P"] == ("loser:SF-1", "loser:SF-2")
    with pytest.raises(ScoringError) as twice:
        seed_from_groups(sessions, "knockout")
    assert twice.value.code == "already_seeded"

    play(sessions, "knockout", "QF-1", 1, 0)
    play(sessions, "knockout", "QF-2", 0, 3)
    assert sides(sessions)["SF-1"] == ("T01", "T11")
    play(sessions, "knockout", "QF-3", 2, 1)
    play(sessions, "knockout", "QF-4", 1, 1, shootout=[("home", 1), ("away", 0)])
    assert sides(sessions)["SF-2"] == ("T04", "T10")
    play(sessions, "knockout", "SF-1", 0, 1)
    play(sessions, "knockout", "SF-2", 2, 0)
    assert sides(sessions)["F"] == ("T11", "T04") and sides(sessions)["3P"] == ("T01", "T10")
    play(sessions, "knockout", "F", 3, 2)
    final = next(f for f in standings(sessions, "knockout")["fixtures"] if f["fixture"] == "F")
    assert final["status"] == "finished" and final["score"] == [3, 2]


def test_a_knockout_match_cannot_end_level_and_undo_takes_the_winner_back(sessions):
    play_groups(sessions)
    seed_from_groups(sessions, "knockout")
    k = keeper(sessions, "knockout")
    for kind in ("start", "period_end"):
        scorekeeping.record_event(sessions, k, {"fixture": "QF-1", "kind": kind})
    with pytest.raises(ScoringError) as level:
        scorekeeping.record_event(sessions, k, {"fixture": "QF-1", "kind": "end"})
    assert level.value.code == "level_score"
    scorekeeping.record_event(sessions, k, {"fixture": "QF-1", "kind": "shootout", "team": "away", "value": 1})
    scorekeeping.record_event(sessions, k, {"fixture": "QF-1", "kind": "end"})
    assert sides(sessions)["SF-1"] == ("T05", "winner:QF-2")
    scorekeeping.undo_last(sessions, k, {"fixture": "QF-1"})  # the end of the match is taken back
    assert sides(sessions)["SF-1"] == ("winner:QF-1", "winner:QF-2")


def test_seeding_refuses_level_teams_until_lots_are_drawn(sessions):
    for fixture in standings(sessions, "groups")["fixtures"]:
        play(sessions, "groups", fixture["fixture"], 1, 1)  # every match a draw: all level in every group
    with pytest.raises(ScoringError) as refused:
        seed_from_groups(sessions, "knockout")
    assert refused.value.code == "needs_lots"


def test_a_knockout_from_seeds_gives_byes_to_the_top_seeds(database):
    data = competition()
    stage = data["events"][0]["stages"][0]
    stage.update(schedule="knockout", teams=stage["teams"][:6])
    stage.pop("groups")
    data["events"][0]["stages"] = [stage]
    sessions = database(data)
    bracket = sides(sessions, "groups")
    assert len(bracket) == 5  # 6 teams: 2 first-round matches (seeds 1 and 2 have byes), 2 semi-finals, the final
    assert ("T01" in bracket["SF-1"]) and ("T02" in bracket["SF-2"])  # the top seeds skip the first round


def two_legged(database, away_goals=False):
    data = competition()
    stage = data["events"][0]["stages"][0]
    stage.update(schedule="knockout", teams=stage["teams"][:4], legs=2)
    stage.pop("groups")
    data["events"][0]["stages"] = [stage]
    data["events"][0]["rule"]["away_goals"] = away_goals
    return database(data)


def test_two_legged_ties_go_on_aggregate_then_penalties(database):
    sessions = two_legged(database)
    assert sides(sessions, "groups") == {"SF-1.1": ("T01", "T04"), "SF-1.2": ("T04", "T01"),
                                         "SF-2.1": ("T02", "T03"), "SF-2.2": ("T03", "T02"),
                                         "F": ("winner:SF-1", "winner:SF-2")}
    play(sessions, "groups", "SF-1.1", 0, 2)          # a first leg may end any way
    play(sessions, "groups", "SF-1.2", 0, 1)          # T04 at home loses 0-1: T01 lose 0-2 on aggregate 1-2
    assert sides(sessions, "groups")["F"] == ("T04", "winner:SF-2")
    play(sessions, "groups", "SF-2.1", 2, 1)
    k = keeper(sessions, "groups")
    send = lambda kind, **f: scorekeeping.record_event(sessions, k, {"fixture": "SF-2.2", "kind": kind, **f})  # noqa: E731
    send("start")
    send("score", team="home", value=1)               # 2-2 on aggregate, no away goals rule
    send("period_end")
    with pytest.raises(ScoringError) as level:
        send("end")
    assert level.value.code == "level_score"
    send("shootout", team="home", value=1)
    send("shootout", team="away", value=0)
    send("end")
    assert sides(sessions, "groups")["F"] == ("T04", "T03")


def test_away_goals_when_the_rule_counts_them(database):
    sessions = two_legged(database, away_goals=True)
    play(sessions, "groups", "SF-1.1", 1, 2)          # T01 1-2 T04 at T01's ground
    play(sessions, "groups", "SF-1.2", 0, 1)          # T04 0-1 T01: 2-2 on aggregate, T01 scored 1 away v T04's 2
    assert sides(sessions, "groups")["F"][0] == "T04"
