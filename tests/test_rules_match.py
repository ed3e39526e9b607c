"""A match replayed from its events: the score, the clock's order, cards, line-ups, shoot-outs."""
from __future__ import annotations

import pytest

from scoring.rules import league
from scoring.rules.match import Event, MatchError, apply, build_match_rule, outside_players_problem, replay

FOOTBALL = build_match_rule({"sport": "football"})
BASKETBALL = build_match_rule({"sport": "basketball"})


def E(kind, side=None, player=None, other=None, value=None):
    return Event(kind=kind, side=side, player=player, other_player=other, value=value)


def test_sport_defaults_and_overrides():
    assert FOOTBALL.points == league.FOOTBALL and FOOTBALL.chain == league.FIFA and FOOTBALL.periods == 2
    assert BASKETBALL.points == league.BASKETBALL_FIBA and BASKETBALL.chain == league.FIBA
    assert BASKETBALL.score_values == (1, 2, 3)
    village = build_match_rule({"sport": "football", "periods": 2, "period_minutes": 30,
                                "points": {"win": 2}, "outside_players": {"roster": 5, "field": 3},
                                "tiebreak": ["points", "difference", "lots"]})
    assert village.period_minutes == 30 and village.points.win == 2 and village.points.draw == 1
    assert (village.outside_roster_max, village.outside_field_max) == (5, 3)
    assert village.chain.steps == ("points", "difference", "lots") and not village.chain.restart
    for bad in ({"sport": "cricket"}, {"tiebreak": "uefa"}, {"periods": 0}):
        with pytest.raises(ValueError):
            build_match_rule(bad)


def test_a_football_match_from_kick_off_to_full_time():
    events = [E("start"), E("score", "home", "H9", value=1), E("pause"), E("resume"),
              E("score", "away", "A10", value=1), E("period_end"), E("start"),
              E("score", "home", "H7", value=1), E("yellow_card", "away", "A4"), E("period_end"), E("end")]
    state = replay(FOOTBALL, events)
    assert state.score == (2, 1) and state.period == 2 and state.finished and not state.clock_running
    assert state.yellow == {"A4"} and not state.sent_off


@pytest.mark.parametrize("events,code", [
    ([E("score", "home", value=1)], "not_started"),
    ([E("pause")], "not_started"),
    ([E("start"), E("resume")], "out_of_order"),
    ([E("start"), E("pause"), E("pause")], "out_of_order"),
    ([E("start"), E("start")], "out_of_order"),
    ([E("start"), E("period_end"), E("score", "home", value=1)], "out_of_order"),
    ([E("start"), E("end"), E("score", "home", value=1)], "finished"),
    ([E("start"), E("end"), E("start")], "finished"),
    ([E("start"), E("score", "home", value=2)], "bad_value"),
    ([E("start"), E("score", "left", value=1)], "unknown_team"),
    ([E("start"), E("shootout", "home", value=1)], "out_of_order"),
    ([E("start"), E("yellow_card", "home")], "unknown_player"),
    ([E("start"), E("bogus")], "unknown_event"),
])
def test_events_out_of_order_are_refused(events, code):
    with pytest.raises(MatchError) as refused:
        replay(FOOTBALL, events)
    assert refused.value.code == code and refused.value.message


def test_absurd_scores_are_refused():
    state = replay(FOOTBALL, [E("start")] + [E("score", "home", value=1)] * 50)
    assert state.score == (50, 0)
    with pytest.raises(MatchError) as refused:
        apply(FOOTBALL, state, E("score", "home", value=1))
    assert refused.value.code == "absurd_score"


def test_basketball_counts_ones_twos_and_threes():
    events = [E("start"), E("score", "home", value=3), E("score", "away", value=2), E("score", "home", value=1)]
    assert replay(BASKETBALL, events).score == (4, 2)
    with pytest.raises(MatchError):
        replay(BASKETBALL, events + [E("score", "home", value=4)])


def test_second_yellow_sends_off_and_a_sent_off_player_cannot_score():
    events = [E("start"), E("yellow_card", "home", "H5"), E("yellow_card", "home", "H5")]
    state = replay(FOOTBALL, events)
    assert "H5" in state.sent_off
    with pytest.raises(MatchError) as refused:
        apply(FOOTBALL, state, E("score", "home", "H5", value=1))
    assert refused.value.code == "sent_off"


def test_line_ups_and_substitutions_when_tracked():
    starters = {"home": ["H1", "H2"], "away": ["A1"]}
    state = replay(FOOTBALL, [E("start"), E("substitution", "home", "H2", "H12")], starters)
    assert state.on_field["home"] == {"H1", "H12"}
    with pytest.raises(MatchError) as refused:
        apply(FOOTBALL, state, E("score", "home", "H2", value=1), lineups_tracked=True)
    assert refused.value.code == "not_on_field"
    assert apply(FOOTBALL, state, E("score", "home", "H12", value=1), lineups_tracked=True).score == (1, 0)


def test_penalty_shoot_out_after_the_last_period():
    events = [E("start"), E("period_end"), E("start"), E("period_end"),
              E("shootout", "home", value=1), E("shootout", "away", value=0), E("shootout", "home", value=1)]
    state = replay(FOOTBALL, events)
    assert state.shootout == (2, 0) and state.shootout_kicks == (2, 1) and state.score == (0, 0)


def test_outside_player_cap():
    rule = build_match_rule({"sport": "football", "outside_players": {"roster": 5, "field": 3}})
    assert outside_players_problem(rule, 5, 3) is None
    assert "at most 5" in outside_players_problem(rule, 6, 2)
    assert "at most 3" in outside_players_problem(rule, 4, 4)
    assert outside_players_problem(FOOTBALL, 20, 11) is None


def test_a_basketball_match_cannot_end_level():
    with pytest.raises(MatchError) as refused:
        replay(BASKETBALL, [E("start"), E("score", "home", value=2), E("score", "away", value=2), E("end")])
    assert refused.value.code == "level_score"
    assert replay(FOOTBALL, [E("start"), E("end")]).finished


def test_tug_of_war_is_best_of_three_pulls():
    tug = build_match_rule({"sport": "tug_of_war"})
    pulls = [E("start"), E("score", "home", value=1), E("score", "away", value=1), E("score", "home", value=1)]
    state = replay(tug, pulls)
    assert state.score == (2, 1)
    with pytest.raises(MatchError) as decided:
        apply(tug, state, E("score", "away", value=1))
    assert decided.value.code == "out_of_order"
    with pytest.raises(MatchError) as early:
        replay(tug, pulls[:3] + [E("end")])
    assert early.value.code == "level_score"
    assert replay(tug, pulls + [E("end")]).finished
