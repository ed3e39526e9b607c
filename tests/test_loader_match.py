"""Competition files with match events: teams, players, scorekeepers, given or generated fixtures."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from scoring.db import transaction
from scoring.loader import CompetitionFileError, load_competition
from scoring.models import Fixture, Player, Stage


def football(**stage) -> dict:
    teams = [{"key": f"T{i}", "name": f"{village}队", "unit": village,
              "players": [{"name": f"{village}{n}号", "number": n} for n in range(1, 4)]}
             for i, village in enumerate(("达翁村", "查瓦村", "通尼村", "马利镇", "孜托镇"), start=1)]
    return {
        "campaign": "村超",
        "units": [{"name": "洛隆县", "children": [
            {"name": "硕督镇", "children": [{"name": "达翁村"}]}, {"name": "腊久乡", "children": [{"name": "查瓦村"}]},
            {"name": "白达乡", "children": [{"name": "通尼村"}]}, {"name": "马利镇"}, {"name": "孜托镇"}]}],
        "events": [{"key": "football", "name": "村超足球赛", "category": "体育竞技类", "format": "match",
                    "rule": {"sport": "football", "period_minutes": 30, "outside_players": {"roster": 5, "field": 3}},
                    "stages": [{"key": "football-groups", "name": "小组赛",
                                "scorekeepers": [{"key": "S1", "name": "记分员", "chief": True}],
                                "teams": teams, **stage}]}],
    }


def one_match(keeper_token: str) -> dict:
    """The football group stage with one fixture, M1 (T1 v T2), its chief scorekeeper logging in with `keeper_token`."""
    data = football(fixtures=[{"key": "M1", "home": "T1", "away": "T2", "round": 1}])
    data["events"][0]["stages"][0]["scorekeepers"][0]["token"] = keeper_token
    return data


@pytest.fixture
def sessions(database):
    return database(False)  # an empty, migrated database


def load(sessions, data):
    with transaction(sessions) as session:
        load_competition(session, data)
    with sessions() as session:
        stage = session.scalar(select(Stage).where(Stage.key == "football-groups"))
        fixtures = [(f.key, f.round, f.group, f.home.key, f.away.key) for f in
                    session.scalars(select(Fixture).where(Fixture.stage_id == stage.id).order_by(Fixture.id))]
        players = session.scalars(select(Player)).all()
        return stage, fixtures, players


def test_generated_round_robin_with_a_bye(sessions):
    stage, fixtures, players = load(sessions, football(schedule="round_robin"))
    assert len(fixtures) == 10  # 5 teams: every pair once, one team sits out each of 5 rounds
    pairs = {frozenset((home, away)) for _, _, _, home, away in fixtures}
    assert len(pairs) == 10
    assert {rnd for _, rnd, *_ in fixtures} == {1, 2, 3, 4, 5}
    assert len(players) == 15 and {p.number for p in players} == {1, 2, 3}


def test_groups_play_round_robins_of_their_own(sessions):
    _, fixtures, _ = load(sessions, football(schedule="double_round_robin",
                                            groups={"A": ["T1", "T2", "T3"], "B": ["T4", "T5"]}))
    a = [f for f in fixtures if f[2] == "A"]
    b = [f for f in fixtures if f[2] == "B"]
    assert len(a) == 6 and len(b) == 2
    assert {(h, w) for *_, h, w in b} == {("T4", "T5"), ("T5", "T4")}
    assert all(key.startswith("A-") for key, *_ in a)


def test_given_fixtures_with_venue_and_time(sessions):
    given = [{"key": "M1", "home": "T1", "away": "T2", "venue": "1号场", "starts_at": "2025-02-01T10:00"},
             {"key": "M2", "home": "T3", "away": "T4", "round": 2}]
    stage, fixtures, _ = load(sessions, football(fixtures=given))
    assert fixtures == [("M1", 1, None, "T1", "T2"), ("M2", 2, None, "T3", "T4")]
    with sessions() as session:
        first = session.scalar(select(Fixture).where(Fixture.key == "M1"))
        assert first.venue == "1号场" and first.starts_at.hour == 10 and first.status == "scheduled"


def test_bad_match_file_reports_every_problem(sessions):
    data = football(fixtures=[{"key": "M1", "home": "T1", "away": "T9"}, {"key": "M1", "home": "T2", "away": "T2",
                                                                          "starts_at": "soon", "round": 0}],
                    groups={"A": ["T1", "T7"]})
    data["events"][0]["rule"]["sport"] = "cricket"
    data["events"][0]["stages"][0]["teams"][1]["players"][0]["number"] = "ten"
    data["events"][0]["stages"][0]["scorekeepers"] = []
    with pytest.raises(CompetitionFileError) as bad:
        load_competition(sessions(), data)
    text = "\n".join(bad.value.problems)
    for expected in ("events[0].rule: sport must be one of", "stages[0].scorekeepers: must be a non-empty list",
                     "teams[1].players[0].number", "stages[0].groups: unknown team 'T7'",
                     "fixtures[0].away: unknown team 'T9'", "fixtures[1].key: 'M1' is used twice",
                     "fixtures[1]: a team cannot play itself", "fixtures[1].starts_at", "fixtures[1].round"):
        assert expected in text, expected
