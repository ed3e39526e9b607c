"""The scorekeeper's service: events, undo, line-ups, clock, refusals that store nothing, the table."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from scoring import scorekeeping
from scoring.errors import ScoringError
from scoring.models import Appearance, AuditEntry, Fixture, Judge, MatchEvent, Stage
from scoring.standings import stage_standings
from test_loader_match import football

FIXTURES = [{"key": "M1", "home": "T1", "away": "T2", "round": 1}, {"key": "M2", "home": "T3", "away": "T4", "round": 1},
            {"key": "M3", "home": "T1", "away": "T3", "round": 2}]


@pytest.fixture
def sessions(database):
    data = football(fixtures=FIXTURES)
    data["events"][0]["stages"].append({"key": "other", "name": "另一组", "scorekeepers": [{"key": "S1", "name": "记分"}],
                                        "teams": [{"key": "X1", "name": "X"}, {"key": "X2", "name": "Y"}],
                                        "fixtures": [{"key": "X-M1", "home": "X1", "away": "X2"}]})
    return database(data)


def keeper(sessions) -> int:
    with sessions() as s:
        return s.scalar(select(Judge.id).join(Stage).where(Stage.key == "football-groups"))


def record(sessions, fixture="M1", kind="score", team=None, player=None, value=None, **extra):
    data = {"fixture": fixture, "kind": kind, **extra}
    if team:
        data["team"] = team
    if player is not None:
        data["player"] = player
    if value is not None:
        data["value"] = value
    return scorekeeping.record_event(sessions, keeper(sessions), data)


def stored(sessions):
    with sessions() as s:
        return (s.scalar(select(func.count(MatchEvent.id))), s.scalar(select(func.count(AuditEntry.id))),
                s.scalar(select(func.count(Appearance.id))),
                tuple(s.scalars(select(Stage.seq).order_by(Stage.id))),
                tuple(s.execute(select(Fixture.status, Fixture.period, Fixture.clock_running).order_by(Fixture.id))))


def play(sessions, fixture, home_goals, away_goals):
    record(sessions, fixture, "start")
    for _ in range(home_goals):
        record(sessions, fixture, "score", "home", value=1)
    for _ in range(away_goals):
        record(sessions, fixture, "score", "away", value=1)
    record(sessions, fixture, "period_end")
    record(sessions, fixture, "end")


def fixture_row(sessions, key):
    with sessions() as s:
        return next(f for f in stage_standings(s, "football-groups")["fixtures"] if f["fixture"] == key)


def test_a_match_from_kick_off_to_full_time_and_the_table(sessions):
    record(sessions, "M1", "start")
    assert fixture_row(sessions, "M1")["status"] == "live"
    assert fixture_row(sessions, "M1")["clock"]["running"] is True
    record(sessions, "M1", "score", "home", player="1", value=1)
    record(sessions, "M1", "yellow_card", "away", player="2")
    record(sessions, "M1", "period_end")
    half_time = fixture_row(sessions, "M1")
    assert half_time["clock"]["running"] is False and half_time["period"] == 1 and half_time["score"] == [1, 0]
    record(sessions, "M1", "start")
    record(sessions, "M1", "score", "away", player="3", value=1)
    record(sessions, "M1", "score", "home", player="2", value=1)
    record(sessions, "M1", "period_end")
    record(sessions, "M1", "end")
    full_time = fixture_row(sessions, "M1")
    assert full_time["score"] == [2, 1] and full_time["status"] == "finished" and full_time["period"] == 2
    play(sessions, "M2", 0, 0)
    with sessions() as s:
        rows = stage_standings(s, "football-groups")["rows"]
    table = {r["entry"]: (r["rank"], r["points"], r["played"], r["difference"], r["fair_play"]) for r in rows}
    assert table["T1"] == (1, 3, 1, 1, 0)
    assert table["T2"][1:] == (0, 1, -1, -1)
    assert table["T3"][1:] == table["T4"][1:] == (1, 1, 0, 0)
    assert all(r["total"] == str(r["points"]) for r in rows)
    assert {r["entry"]: r["tiebreak"] for r in rows}["T5"] is None  # not played yet: no "shared" tag
    assert {r["entry"]: r["status"] for r in rows}["T2"] == "final"
    assert {r["entry"]: r["status"] for r in rows}["T1"] == "provisional"  # M3 still to play


def test_undo_puts_score_and_status_back(sessions):
    record(sessions, "M1", "start")
    record(sessions, "M1", "score", "home", value=1)
    record(sessions, "M1", "score", "home", value=1)
    scorekeeping.undo_last(sessions, keeper(sessions), {"fixture": "M1"})
    assert fixture_row(sessions, "M1")["score"] == [1, 0]
    record(sessions, "M1", "end")
    assert fixture_row(sessions, "M1")["status"] == "finished"
    scorekeeping.undo_last(sessions, keeper(sessions), {"fixture": "M1"})
    assert fixture_row(sessions, "M1")["status"] == "live"


def test_same_client_id_is_recorded_once(sessions):
    record(sessions, "M1", "start")
    first = record(sessions, "M1", "score", "home", value=1, client_id="goal-1")
    before = stored(sessions)
    again = record(sessions, "M1", "score", "home", value=1, client_id="goal-1")
    assert first.changed and not again.changed and stored(sessions) == before
    assert fixture_row(sessions, "M1")["score"] == [1, 0]
    with pytest.raises(ScoringError) as refused:  # the same client id for another goal: not dropped silently
        record(sessions, "M1", "score", "away", value=1, client_id="goal-1")
    assert refused.value.code == "client_id_reused" and stored(sessions) == before


@pytest.mark.parametrize("setup,event,code", [
    ([], {"kind": "score", "team": "home", "value": 1}, "not_started"),
    ([], {"kind": "pause"}, "not_started"),
    (["start"], {"kind": "resume"}, "out_of_order"),
    (["start", "end"], {"kind": "score", "team": "home", "value": 1}, "finished"),
    (["start"], {"kind": "score", "team": "home", "value": -1}, "bad_value"),
    (["start"], {"kind": "score", "team": "home", "value": "1"}, "not_a_number"),
    (["start"], {"kind": "score", "team": "home", "player": "99", "value": 1}, "unknown_player"),
    (["start"], {"kind": "score", "team": "left", "value": 1}, "unknown_team"),
    (["start"], {"kind": "teleport"}, "unknown_event"),
    (["start"], {"kind": "score", "team": "home", "value": 1, "fixture": "M404"}, "unknown_fixture"),
    (["start"], {"kind": "score", "team": "home", "value": 1, "fixture": "X-M1"}, "not_assigned"),
    (["start"], {"kind": "score", "team": "home", "value": 1, "note": "x" * 5000}, "too_large"),
])
def test_refused_events_store_nothing(sessions, setup, event, code):
    for kind in setup:
        record(sessions, "M1", kind)
    before = stored(sessions)
    with pytest.raises(ScoringError) as refused:
        scorekeeping.record_event(sessions, keeper(sessions), {"fixture": "M1", **event})
    assert refused.value.code == code and refused.value.message
    assert stored(sessions) == before


def test_absurd_score_is_refused(sessions):
    record(sessions, "M1", "start")
    for _ in range(50):
        record(sessions, "M1", "score", "home", value=1)
    before = stored(sessions)
    with pytest.raises(ScoringError) as refused:
        record(sessions, "M1", "score", "home", value=1)
    assert refused.value.code == "absurd_score" and stored(sessions) == before


def test_line_up_and_the_outside_players_cap(sessions):
    k = keeper(sessions)
    scorekeeping.set_lineup(sessions, k, {"fixture": "M1", "team": "home", "players": ["1", "2"], "starters": ["1"]})
    record(sessions, "M1", "start")
    before = stored(sessions)
    with pytest.raises(ScoringError) as refused:
        record(sessions, "M1", "score", "home", player="2", value=1)  # named, but on the bench
    assert refused.value.code == "not_on_field" and stored(sessions) == before
    record(sessions, "M1", "substitution", "home", player="1", player_in="2")
    record(sessions, "M1", "score", "home", player="2", value=1)
    assert fixture_row(sessions, "M1")["score"] == [1, 0]


def test_outside_players_over_the_cap_are_refused(database):
    data = football(fixtures=FIXTURES)
    team = data["events"][0]["stages"][0]["teams"][0]  # 达翁村队
    team["players"] = [{"name": f"外援{i}", "number": i, "unit": "马利镇"} for i in range(1, 7)] + \
                      [{"name": "本村", "number": 10}]
    sessions = database(data)
    k = keeper(sessions)
    before = stored(sessions)
    for players, starters, cap in ((["1", "2", "3", "4", "5", "6"], [], "at most 5"),
                                   (["1", "2", "3", "4", "7"], ["1", "2", "3", "4"], "at most 3")):
        with pytest.raises(ScoringError) as refused:
            scorekeeping.set_lineup(sessions, k, {"fixture": "M1", "team": "home", "players": players,
                                                  "starters": starters})
        assert refused.value.code == "outside_players" and cap in refused.value.message
    assert stored(sessions) == before
    scorekeeping.set_lineup(sessions, k, {"fixture": "M1", "team": "home", "players": ["1", "2", "3", "4", "5", "7"],
                                          "starters": ["1", "2", "3", "7"]})


def test_postpone_and_reschedule_keep_the_events(sessions):
    k = keeper(sessions)
    record(sessions, "M1", "start")
    record(sessions, "M1", "score", "home", value=1)
    scorekeeping.reschedule(sessions, k, {"fixture": "M1", "postpone": True})  # a storm at half an hour
    postponed = fixture_row(sessions, "M1")
    assert postponed["status"] == "postponed" and postponed["score"] == [1, 0] and not postponed["clock"]["running"]
    with pytest.raises(ScoringError) as refused:
        record(sessions, "M1", "score", "home", value=1)
    assert refused.value.code == "not_started"
    scorekeeping.reschedule(sessions, k, {"fixture": "M1", "starts_at": "2025-02-02T15:00", "venue": "2号场"})
    back = fixture_row(sessions, "M1")
    assert back["status"] == "live" and back["score"] == [1, 0]
    assert back["starts_at"].startswith("2025-02-02T15:00") and back["venue"] == "2号场"
    with sessions() as s:
        history = [a.detail for a in s.scalars(select(AuditEntry).where(AuditEntry.action == "reschedule"))]
    assert history[0]["before"]["status"] == "live" and history[1]["before"]["status"] == "postponed"


def test_forfeit_counts_the_configured_score(sessions):
    k = keeper(sessions)
    scorekeeping.forfeit(sessions, k, {"fixture": "M2", "team": "away"})
    walkover = fixture_row(sessions, "M2")
    assert (walkover["status"], walkover["score"], walkover["forfeited_by"]) == ("forfeit", [3, 0], "away")
    with sessions() as s:
        rows = {r["entry"]: r for r in stage_standings(s, "football-groups")["rows"]}
    assert (rows["T3"]["points"], rows["T3"]["difference"]) == (3, 3)
    assert (rows["T4"]["points"], rows["T4"]["forfeited"]) == (0, 1)
    before = stored(sessions)
    for data, code in (({"fixture": "M2", "team": "home"}, "finished"), ({"fixture": "M1", "team": "left"}, "unknown_team")):
        with pytest.raises(ScoringError) as refused:
            scorekeeping.forfeit(sessions, k, data)
        assert refused.value.code == code
    assert stored(sessions) == before
