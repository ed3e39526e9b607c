"""Worked examples and errors for scoring.rules.league; every number is checked by hand in the comments."""

import pytest

from scoring.rules import league

from scoring.rules.league import (
    BASKETBALL_FIBA,
    CHAINS,
    FIBA,
    FIFA,
    FOOTBALL,
    POINTS_SYSTEMS,
    TIEBREAK_STEPS,
    TUG_OF_WAR,
    Card,
    PointsSystem,
    Result,
    TableRow,
    TieBreakChain,
    fair_play_points,
    league_table,
)


def summary(table):
    """(team, rank, points, decided_by) per row, in table order."""
    return [(row.team, row.rank, row.points, row.decided_by) for row in table]


def row_of(table, team) -> TableRow:
    return next(row for row in table if row.team == team)


def yellows(match, team, *players):
    return [Card(match, team, player, "yellow") for player in players]


# ---------------------------------------------------------------------------
# 1. FIFA: level on points, goal difference and goals scored; head-to-head decides
# ---------------------------------------------------------------------------

# A 村超 group (constructed):           W D L  GF GA  GD Pts
#   sanbao     beat chejiang 1-0,          2 0 1   3  1  +2   6
#              lost to zhongcheng 0-1,
#              beat kouzhai 2-0
#   chejiang   beat zhongcheng 2-1,        1 1 1   3  3   0   4
#              1-1 kouzhai
#   zhongcheng 1-1 kouzhai                 1 1 1   3  3   0   4
#   kouzhai                                0 2 1   2  4  -2   2
# Points add up: 6 matches, 2 draws -> 4 x 3 + 2 x 2 = 16 = 6 + 4 + 4 + 2.
CUNCHAO = ["chejiang", "zhongcheng", "kouzhai", "sanbao"]
CUNCHAO_RESULTS = [
    Result("m1", "chejiang", "zhongcheng", 2, 1),
    Result("m2", "kouzhai", "sanbao", 0, 2),
    Result("m3", "chejiang", "sanbao", 0, 1),
    Result("m4", "zhongcheng", "kouzhai", 1, 1),
    Result("m5", "chejiang", "kouzhai", 1, 1),
    Result("m6", "sanbao", "zhongcheng", 0, 1),
]


def test_fifa_head_to_head_separates_teams_level_on_points_difference_and_goals():
    table = league_table(CUNCHAO, CUNCHAO_RESULTS, FOOTBALL, FIFA)
    # chejiang and zhongcheng: 4 pts, GD 0, GF 3 each; chejiang won their match 2-1 -> h2h points 3 v 0.
    assert summary(table) == [
        ("sanbao", 1, 6, None),
        ("chejiang", 2, 4, "h2h_points"),
        ("zhongcheng", 3, 4, "h2h_points"),
        ("kouzhai", 4, 2, None),
    ]
    chejiang = row_of(table, "chejiang")
    assert (chejiang.played, chejiang.won, chejiang.drawn, chejiang.lost) == (3, 1, 1, 1)
    assert (chejiang.scored, chejiang.conceded, chejiang.difference) == (3, 3, 0)
    assert row_of(table, "zhongcheng").difference == 0 and row_of(table, "zhongcheng").scored == 3
    kouzhai = row_of(table, "kouzhai")
    assert (kouzhai.drawn, kouzhai.lost, kouzhai.scored, kouzhai.conceded, kouzhai.difference) == (2, 1, 2, 4, -2)
    assert not any(row.needs_lots for row in table)


def test_fifa_goal_difference_comes_before_head_to_head():
    # Same group, but kouzhai beat zhongcheng 3-1 instead of drawing 1-1 (m4):
    #   zhongcheng 1 W 0 D 2 L, GF 3 GA 5 -> 3 pts; kouzhai 1 W 1 D 1 L, GF 4 GA 4 -> 4 pts;
    #   chejiang still 4 pts, GF 3 GA 3.  chejiang and kouzhai: GD 0 and 0, GF 3 v 4 -> kouzhai on "scored",
    #   although chejiang v kouzhai was a 1-1 draw.
    results = [r if r.match != "m4" else Result("m4", "zhongcheng", "kouzhai", 1, 3) for r in CUNCHAO_RESULTS]
    table = league_table(CUNCHAO, results, FOOTBALL, FIFA)
    assert summary(table) == [
        ("sanbao", 1, 6, None),
        ("kouzhai", 2, 4, "scored"),
        ("chejiang", 3, 4, "scored"),
        ("zhongcheng", 4, 3, None),
    ]


def test_teams_without_matches_appear_with_zeros_and_share_the_rank():
    # sanbao 2-0 chejiang; zhaixin and kouzhai have not played: 0 pts, GD 0, ahead of chejiang (GD -2).
    table = league_table(
        ["zhaixin", "sanbao", "kouzhai", "chejiang"], [Result("m1", "sanbao", "chejiang", 2, 0)], FOOTBALL, FIFA
    )
    assert summary(table) == [
        ("sanbao", 1, 3, None),
        ("kouzhai", 2, 0, "shared"),
        ("zhaixin", 2, 0, "shared"),
        ("chejiang", 4, 0, "difference"),
    ]
    zhaixin = row_of(table, "zhaixin")
    assert (zhaixin.played, zhaixin.scored, zhaixin.conceded, zhaixin.fair_play) == (0, 0, 0, 0)
    assert [row.needs_lots for row in table] == [False, True, True, False]  # the FIFA chain ends with lots
    assert league_table([], [], FOOTBALL, FIFA) == []
    alone = league_table(["sanbao"], [], FOOTBALL, FIFA)
    assert summary(alone) == [("sanbao", 1, 0, None)] and not alone[0].needs_lots


# ---------------------------------------------------------------------------
# 2. FIBA: three teams level on win-loss, the restart rule decides the last two
# ---------------------------------------------------------------------------

# A 村BA group (constructed).  Circle among taipan, kaili, leishan; all three beat danzhai.
#   g1 taipan 80-70 kaili     g2 kaili 90-84 leishan    g3 leishan 92-90 taipan
#   g4 taipan 85-60 danzhai   g5 kaili 75-70 danzhai    g6 leishan 88-80 danzhai
#             W L  scored conceded  diff  pts (2 a win, 1 a loss)
#   taipan    2 1     255      222   +33    5
#   kaili     2 1     235      234    +1    5
#   leishan   2 1     264      260    +4    5
#   danzhai   0 3     210      248   -38    3        6 games x 3 points = 18 = 5 + 5 + 5 + 3
# Head-to-head among the three level teams (g1-g3), each 1 W 1 L -> 3 h2h points each:
#   taipan  80 + 90 = 170 scored, 70 + 92 = 162 conceded ->  +8
#   kaili   70 + 90 = 160 scored, 80 + 84 = 164 conceded ->  -4
#   leishan 84 + 92 = 176 scored, 90 + 90 = 180 conceded ->  -4
# h2h_difference puts taipan first; kaili and leishan are still level (-4, -4).
#   FIBA (restart): kaili and leishan start again, head-to-head between just the two: kaili won g2
#                   -> h2h points 2 v 1 -> kaili 2nd, leishan 3rd.
#   Without restart: the three-team h2h values stay; next step h2h_scored 160 v 176 -> leishan 2nd.
CUNBA = ["taipan", "kaili", "leishan", "danzhai"]
CUNBA_RESULTS = [
    Result("g1", "taipan", "kaili", 80, 70),
    Result("g2", "kaili", "leishan", 90, 84),
    Result("g3", "leishan", "taipan", 92, 90),
    Result("g4", "taipan", "danzhai", 85, 60),
    Result("g5", "kaili", "danzhai", 75, 70),
    Result("g6", "leishan", "danzhai", 88, 80),
]


def test_fiba_restarts_the_procedure_for_the_two_teams_still_level():
    table = league_table(CUNBA, CUNBA_RESULTS, BASKETBALL_FIBA, FIBA)
    assert summary(table) == [
        ("taipan", 1, 5, "h2h_difference"),
        ("kaili", 2, 5, "h2h_points"),
        ("leishan", 3, 5, "h2h_points"),
        ("danzhai", 4, 3, None),
    ]
    assert [(row.scored, row.conceded, row.difference) for row in table] == [
        (255, 222, 33), (235, 234, 1), (264, 260, 4), (210, 248, -38)
    ]
    assert [(row.won, row.lost) for row in table] == [(2, 1), (2, 1), (2, 1), (0, 3)]


def test_without_restart_the_same_steps_give_a_different_order():
    no_restart = TieBreakChain(FIBA.steps, restart=False)
    table = league_table(CUNBA, CUNBA_RESULTS, BASKETBALL_FIBA, no_restart)
    assert summary(table) == [
        ("taipan", 1, 5, "h2h_difference"),
        ("leishan", 2, 5, "h2h_scored"),
        ("kaili", 3, 5, "h2h_scored"),
        ("danzhai", 4, 3, None),
    ]
    restarted = league_table(CUNBA, CUNBA_RESULTS, BASKETBALL_FIBA, FIBA)
    assert [row.team for row in table] != [row.team for row in restarted]


def test_fiba_restart_after_an_all_games_step_uses_the_smaller_groups_head_to_head():
    # Three teams level on everything head-to-head (a circle of 2-point wins): overall difference
    # separates one, the other two restart and their own game decides, although the team that lost
    # it scored more overall.
    #   h1 a 70-68 b,  h2 b 70-68 c,  h3 c 70-68 a: each 1 W 1 L, h2h 138 scored 138 conceded.
    #   vs d: a 90-60 (+30), b 70-60 (+10), c 72-62 (+10).
    #   overall difference: a +30, b +10, c +10 -> a first.  Restart for b, c: b beat c in h2 -> b 2nd.
    #   Without restart the next step is overall "scored": b 68+70+70 = 208, c 68+70+72 = 210 -> c 2nd.
    results = [
        Result("h1", "a", "b", 70, 68), Result("h2", "b", "c", 70, 68), Result("h3", "c", "a", 70, 68),
        Result("h4", "a", "d", 90, 60), Result("h5", "b", "d", 70, 60), Result("h6", "c", "d", 72, 62),
    ]
    fiba = league_table("abcd", results, BASKETBALL_FIBA, FIBA)
    assert summary(fiba) == [
        ("a", 1, 5, "difference"), ("b", 2, 5, "h2h_points"), ("c", 3, 5, "h2h_points"), ("d", 4, 3, None)
    ]
    plain = league_table("abcd", results, BASKETBALL_FIBA, TieBreakChain(FIBA.steps))
    assert summary(plain) == [
        ("a", 1, 5, "difference"), ("c", 2, 5, "scored"), ("b", 3, 5, "scored"), ("d", 4, 3, None)
    ]


def test_fifa_keeps_the_head_to_head_group_once_it_is_formed():
    # FIFA chain on the 村BA group scored as football (3 a win): taipan, kaili, leishan 6 pts each.
    # Overall difference: taipan +33, leishan +4, kaili +1 -> all separated before head-to-head.
    table = league_table(CUNBA, CUNBA_RESULTS, PointsSystem(draws_allowed=False), FIFA)
    assert summary(table) == [
        ("taipan", 1, 6, "difference"),
        ("leishan", 2, 6, "difference"),
        ("kaili", 3, 6, "difference"),
        ("danzhai", 4, 0, None),
    ]


# ---------------------------------------------------------------------------
# 3. Fair play: FIFA World Cup 2018, Group H
# ---------------------------------------------------------------------------

# Results as played:                        W D L  GF GA  GD Pts  fair play
#   Colombia 1-2 Japan                      colombia  2 0 1   5  2  +3   6
#   Poland   1-2 Senegal                    japan     1 1 1   4  4   0   4    -4
#   Japan    2-2 Senegal                    senegal   1 1 1   4  4   0   4    -6
#   Poland   0-3 Colombia                   poland    1 0 2   2  5  -3   3
#   Japan    0-1 Poland
#   Senegal  0-1 Colombia
# Japan and Senegal: level on points, GD, GF; their match was 2-2, so level on every h2h step too.
# Fair play (published): Japan 4 yellow cards = -4, Senegal 6 yellow cards = -6 -> Japan 2nd.
# (The totals are the published ones; which player got which card is only illustrative here.)
GROUP_H = ["colombia", "japan", "poland", "senegal"]
GROUP_H_RESULTS = [
    Result("h1", "colombia", "japan", 1, 2),
    Result("h2", "poland", "senegal", 1, 2),
    Result("h3", "japan", "senegal", 2, 2),
    Result("h4", "poland", "colombia", 0, 3),
    Result("h5", "japan", "poland", 0, 1),
    Result("h6", "senegal", "colombia", 0, 1),
]
GROUP_H_CARDS = (
    yellows("h1", "japan", "j1")
    + yellows("h3", "japan", "j2", "j3")
    + yellows("h5", "japan", "j4")
    + yellows("h2", "senegal", "s1", "s2")
    + yellows("h3", "senegal", "s3", "s4")
    + yellows("h6", "senegal", "s1", "s5")  # s1 booked again, but in another match: still -1 each time
    + yellows("h1", "colombia", "c1")
)


def test_world_cup_2018_group_h_japan_ahead_of_senegal_on_fair_play():
    table = league_table(GROUP_H, GROUP_H_RESULTS, FOOTBALL, FIFA, cards=GROUP_H_CARDS)
    assert summary(table) == [
        ("colombia", 1, 6, None),
        ("japan", 2, 4, "fair_play"),
        ("senegal", 3, 4, "fair_play"),
        ("poland", 4, 3, None),
    ]
    assert [row.fair_play for row in table] == [-1, -4, -6, 0]
    assert [(row.scored, row.conceded, row.difference) for row in table] == [
        (5, 2, 3), (4, 4, 0), (4, 4, 0), (2, 5, -3)
    ]
    assert sum(row.points for row in table) == 6 * 3 - 1  # one draw


def test_without_cards_group_h_would_need_lots():
    table = league_table(GROUP_H, GROUP_H_RESULTS, FOOTBALL, FIFA)
    assert summary(table)[1:3] == [("japan", 2, 4, "shared"), ("senegal", 2, 4, "shared")]
    assert [row.needs_lots for row in table] == [False, True, True, False]


# ---------------------------------------------------------------------------
# 4. Drawing of lots: FIFA World Cup 1990, Group F
# ---------------------------------------------------------------------------

# 2 points a win then; all group matches but one drawn:  W D L  GF GA Pts
#   England 1-1 Ireland        england      1 2 0   2  1   4
#   Netherlands 1-1 Egypt      ireland      0 3 0   2  2   3
#   England 0-0 Netherlands    netherlands  0 3 0   2  2   3
#   Egypt 0-0 Ireland          egypt        0 2 1   1  2   2
#   England 1-0 Egypt
#   Ireland 1-1 Netherlands    5 draws x 2 + 1 win x 2 = 12 = 4 + 3 + 3 + 2
# Ireland and the Netherlands were level on everything (their match 1-1): lots put Ireland 2nd.
TWO_POINTS_A_WIN = PointsSystem(win=2, draw=1, loss=0)
ITALIA_90 = TieBreakChain(("points", "difference", "scored", "h2h_points", "h2h_difference", "h2h_scored", "lots"))
GROUP_F = ["england", "ireland", "netherlands", "egypt"]
GROUP_F_RESULTS = [
    Result("f1", "england", "ireland", 1, 1),
    Result("f2", "netherlands", "egypt", 1, 1),
    Result("f3", "england", "netherlands", 0, 0),
    Result("f4", "egypt", "ireland", 0, 0),
    Result("f5", "england", "egypt", 1, 0),
    Result("f6", "ireland", "netherlands", 1, 1),
]


def test_drawing_of_lots_recorded_decides():
    table = league_table(GROUP_F, GROUP_F_RESULTS, TWO_POINTS_A_WIN, ITALIA_90, lots=["ireland", "netherlands"])
    assert summary(table) == [
        ("england", 1, 4, None),
        ("ireland", 2, 3, "lots"),
        ("netherlands", 3, 3, "lots"),
        ("egypt", 4, 2, None),
    ]
    assert not any(row.needs_lots for row in table)
    assert [(row.drawn, row.scored, row.conceded) for row in table] == [(2, 2, 1), (3, 2, 2), (3, 2, 2), (2, 1, 2)]


def test_drawing_of_lots_in_the_other_order():
    lots = ["netherlands", "egypt", "ireland"]  # egypt is not level with anyone: its place in the drawing is ignored
    table = league_table(GROUP_F, GROUP_F_RESULTS, TWO_POINTS_A_WIN, ITALIA_90, lots=lots)
    assert [row.team for row in table] == ["england", "netherlands", "ireland", "egypt"]
    assert [row.rank for row in table] == [1, 2, 3, 4]


def test_drawing_of_lots_not_recorded_shares_the_rank_and_asks_for_it():
    for lots in ([], ["netherlands"], ["england", "egypt"]):  # nothing, or not every level team
        table = league_table(GROUP_F, GROUP_F_RESULTS, TWO_POINTS_A_WIN, ITALIA_90, lots=lots)
        assert summary(table) == [
            ("england", 1, 4, None),
            ("ireland", 2, 3, "shared"),
            ("netherlands", 2, 3, "shared"),
            ("egypt", 4, 2, None),
        ]
        assert [row.needs_lots for row in table] == [False, True, True, False]


def test_chain_without_lots_shares_the_rank_without_asking_for_lots():
    no_lots = TieBreakChain(ITALIA_90.steps[:-1])
    table = league_table(GROUP_F, GROUP_F_RESULTS, TWO_POINTS_A_WIN, no_lots)
    assert [(row.team, row.rank, row.decided_by, row.needs_lots) for row in table][1:3] == [
        ("ireland", 2, "shared", False),
        ("netherlands", 2, "shared", False),
    ]


def test_lots_only_order_the_teams_still_level():
    # England is listed last in the drawing, but it is not level with anyone: it stays first.
    table = league_table(
        GROUP_F, GROUP_F_RESULTS, TWO_POINTS_A_WIN, ITALIA_90, lots=["netherlands", "ireland", "england"]
    )
    assert [row.team for row in table] == ["england", "netherlands", "ireland", "egypt"]
    assert row_of(table, "england").decided_by is None


# ---------------------------------------------------------------------------
# 5. Fair-play points
# ---------------------------------------------------------------------------


def test_fair_play_single_deductions():
    assert fair_play_points([Card("m1", "a", "p1", "yellow")]) == {"a": -1}
    assert fair_play_points([Card("m1", "a", "p1", "yellow"), Card("m1", "a", "p1", "yellow")]) == {"a": -3}
    assert fair_play_points([Card("m1", "a", "p1", "red")]) == {"a": -4}
    assert fair_play_points([Card("m1", "a", "p1", "yellow"), Card("m1", "a", "p1", "red")]) == {"a": -5}
    assert fair_play_points([Card("m1", "a", "p1", "red"), Card("m1", "a", "p1", "yellow")]) == {"a": -5}
    assert fair_play_points([]) == {}


def test_fair_play_adds_up_over_players_teams_and_matches():
    cards = [
        Card("m1", "a", "p1", "yellow"),  # a, m1, p1: yellow            -1
        Card("m1", "a", "p2", "yellow"),  # a, m1, p2: second yellow     -3
        Card("m1", "a", "p2", "yellow"),
        Card("m1", "b", "q1", "red"),  # b, m1, q1: direct red           -4
        Card("m2", "a", "p1", "yellow"),  # a, m2, p1: yellow + red      -5
        Card("m2", "a", "p1", "red"),
        Card("m3", "a", "p2", "yellow"),  # a, m3, p2: yellow            -1  (a new match, a new count)
        Card("m2", "b", "p1", "yellow"),  # b's own p1, not a's p1        -1
    ]
    assert fair_play_points(cards) == {"a": -1 - 3 - 5 - 1, "b": -4 - 1}
    assert fair_play_points(reversed(cards)) == {"a": -10, "b": -5}


@pytest.mark.parametrize(
    "shown",
    [("yellow", "yellow", "yellow"), ("red", "red"), ("yellow", "yellow", "red")],
    ids=["three yellows", "two reds", "second yellow and a red"],
)
def test_fair_play_refuses_impossible_cards_for_one_player(shown):
    with pytest.raises(ValueError, match="player 'p1' of 'a' cannot be shown"):
        fair_play_points([Card("m1", "a", "p1", card) for card in shown])


def test_fair_play_in_the_table_counts_only_that_teams_cards():
    cards = [Card("m1", "chejiang", "p9", "red"), Card("m1", "zhongcheng", "p1", "yellow")]
    table = league_table(CUNCHAO, CUNCHAO_RESULTS, FOOTBALL, FIFA, cards=cards)
    assert {row.team: row.fair_play for row in table} == {"chejiang": -4, "zhongcheng": -1, "kouzhai": 0, "sanbao": 0}
    assert [row.team for row in table] == ["sanbao", "chejiang", "zhongcheng", "kouzhai"]  # h2h comes first


# ---------------------------------------------------------------------------
# 6. Forfeits
# ---------------------------------------------------------------------------


def test_football_walkover_is_recorded_3_0():
    results = [Result("m1", "sanbao", "kouzhai", 0, 0, forfeit="kouzhai")]  # kouzhai did not turn up
    table = league_table(["sanbao", "kouzhai"], results, FOOTBALL, FIFA)
    sanbao, kouzhai = table
    assert (sanbao.team, sanbao.won, sanbao.scored, sanbao.conceded, sanbao.points) == ("sanbao", 1, 3, 0, 3)
    assert (kouzhai.team, kouzhai.forfeited, kouzhai.lost, kouzhai.scored, kouzhai.conceded, kouzhai.points) == (
        "kouzhai", 1, 0, 0, 3, 0
    )
    assert kouzhai.played == 1 and kouzhai.difference == -3


def test_forfeit_replaces_whatever_score_was_typed():
    # The away team forfeited while 2-1 up: the match is recorded 3-0 to the home team.
    table = league_table(["a", "b"], [Result("m1", "a", "b", 1, 2, forfeit="b")], FOOTBALL, FIFA)
    assert [(row.team, row.scored, row.conceded, row.points) for row in table] == [("a", 3, 0, 3), ("b", 0, 3, 0)]


def test_basketball_forfeit_20_0_earns_no_point_while_a_played_loss_earns_one():
    results = [
        Result("g1", "taipan", "kaili", 0, 0, forfeit="kaili"),  # kaili forfeits: taipan 20-0, kaili 0 points
        Result("g2", "leishan", "danzhai", 81, 79),  # danzhai loses on court: 1 point
    ]
    table = league_table(CUNBA, results, BASKETBALL_FIBA, FIBA)
    rows = {row.team: row for row in table}
    assert (rows["taipan"].points, rows["taipan"].scored, rows["taipan"].conceded) == (2, 20, 0)
    assert (rows["kaili"].points, rows["kaili"].forfeited, rows["kaili"].lost, rows["kaili"].conceded) == (0, 1, 0, 20)
    assert (rows["danzhai"].points, rows["danzhai"].lost, rows["danzhai"].forfeited) == (1, 1, 0)
    assert (rows["leishan"].points, rows["leishan"].won) == (2, 1)
    # taipan and leishan on 2: h2h has no game between them -> level; overall difference +20 v +2.
    assert summary(table) == [
        ("taipan", 1, 2, "difference"),
        ("leishan", 2, 2, "difference"),
        ("danzhai", 3, 1, None),
        ("kaili", 4, 0, None),
    ]


def test_forfeit_of_the_home_team_and_a_tug_of_war_table():
    # Best of three pulls; the score is pulls won.  Home team "a" forfeits g3: 0-2.
    results = [Result("g1", "a", "b", 2, 1), Result("g2", "b", "c", 2, 0), Result("g3", "a", "c", 0, 0, forfeit="a")]
    table = league_table(["a", "b", "c"], results, TUG_OF_WAR, FIFA)
    #        W L F  pulls for/against  pts
    #   a    1 0 1   2 + 0 / 1 + 2       2   (g3 recorded 0-2)
    #   b    1 1 0   1 + 2 / 2 + 0       2
    #   c    1 1 0   0 + 2 / 2 + 0       2   all level on 2: difference a -1, b +1, c 0
    assert summary(table) == [("b", 1, 2, "difference"), ("c", 2, 2, "difference"), ("a", 3, 2, "difference")]
    assert [(row.won, row.lost, row.forfeited) for row in table] == [(1, 1, 0), (1, 1, 0), (1, 0, 1)]


def test_forfeit_is_allowed_when_the_typed_score_is_level_in_a_sport_without_draws():
    table = league_table(["a", "b"], [Result("g1", "a", "b", 0, 0, forfeit="a")], BASKETBALL_FIBA, FIBA)
    assert [(row.team, row.points, row.scored) for row in table] == [("b", 2, 20), ("a", 0, 0)]


# ---------------------------------------------------------------------------
# Steps as data
# ---------------------------------------------------------------------------


def test_wins_and_h2h_wins_steps():
    # Constructed, football: x and y level on points and goal difference, different numbers of wins.
    #   y: beat x 1-0, drew p 0-0, q 1-1, r 2-2 -> 1 W 3 D = 6 pts, GF 4 GA 3, +1
    #   x: lost to y 0-1, beat p 2-0, beat q 1-0, lost to r 0-1 -> 2 W 2 L = 6 pts, GF 3 GA 2, +1
    #   r: 4 pts;  q: 1 pt, GF 1 GA 2, -1;  p: 1 pt, GF 0 GA 2, -2;  p and q never met.
    results = [
        Result("1", "y", "x", 1, 0), Result("2", "y", "p", 0, 0), Result("3", "y", "q", 1, 1),
        Result("4", "y", "r", 2, 2),
        Result("5", "x", "p", 2, 0), Result("6", "x", "q", 1, 0), Result("7", "x", "r", 0, 1),
    ]
    by_wins = league_table("xypqr", results, FOOTBALL, TieBreakChain(("points", "difference", "wins")))
    assert summary(by_wins) == [
        ("x", 1, 6, "wins"), ("y", 2, 6, "wins"), ("r", 3, 4, None),
        ("q", 4, 1, "difference"), ("p", 5, 1, "difference"),
    ]
    by_h2h_wins = league_table("xypqr", results, FOOTBALL, TieBreakChain(("points", "h2h_wins")))
    assert summary(by_h2h_wins) == [  # y beat x; p and q have no game between them: level
        ("y", 1, 6, "h2h_wins"), ("x", 2, 6, "h2h_wins"), ("r", 3, 4, None),
        ("p", 4, 1, "shared"), ("q", 4, 1, "shared"),
    ]
    assert not any(row.needs_lots for row in by_h2h_wins)  # that chain has no lots step
    by_fifa = league_table("xypqr", results, FOOTBALL, FIFA)
    assert [(row.team, row.decided_by) for row in by_fifa][:2] == [("y", "scored"), ("x", "scored")]  # GF 4 v 3


def test_a_circle_of_wins_is_level_head_to_head_and_goes_to_lots():
    # Tug of war: a beat b 2-0, b beat c 2-1, c beat a 2-1: each 1 W 1 L = 2 pts, 1 h2h win each.
    results = [Result("1", "a", "b", 2, 0), Result("2", "b", "c", 2, 1), Result("3", "c", "a", 2, 1)]
    chain = TieBreakChain(("points", "h2h_wins", "lots"))
    table = league_table("abc", results, TUG_OF_WAR, chain, lots=["c", "b", "a"])
    assert [(row.team, row.rank, row.points, row.decided_by) for row in table] == [
        ("c", 1, 2, "lots"), ("b", 2, 2, "lots"), ("a", 3, 2, "lots")
    ]
    assert TIEBREAK_STEPS == (
        "points", "difference", "scored", "wins", "h2h_points", "h2h_difference", "h2h_scored", "h2h_wins",
        "fair_play", "lots",
    )


def test_named_chains_and_points_systems():
    assert CHAINS == {"fifa": FIFA, "fiba": FIBA}
    assert FIBA.restart and not FIFA.restart
    assert POINTS_SYSTEMS["football"] == PointsSystem() == FOOTBALL
    assert (BASKETBALL_FIBA.win, BASKETBALL_FIBA.loss, BASKETBALL_FIBA.forfeit_loss) == (2, 1, 0)
    assert PointsSystem(forfeit_score=[20, 0]).forfeit_score == (20, 0)  # a list from JSON becomes a tuple


def test_display_order_ignores_the_order_teams_and_results_are_given():
    forward = league_table(GROUP_F, GROUP_F_RESULTS, TWO_POINTS_A_WIN, ITALIA_90)
    backward = league_table(GROUP_F[::-1], GROUP_F_RESULTS[::-1], TWO_POINTS_A_WIN, ITALIA_90)
    assert forward == backward
    assert [row.team for row in forward] == ["england", "ireland", "netherlands", "egypt"]  # ties: team key order


# ---------------------------------------------------------------------------
# 7. Every ValueError
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"win": 3.0}, "points for a win must be a whole number"),
        ({"draw": True}, "points for a draw must be a whole number"),
        ({"forfeit_loss": "0"}, "points for a forfeit loss must be a whole number"),
        ({"win": 1, "draw": 1}, "a win must earn more points than a draw"),
        ({"loss": 3}, "a win must earn more points than a loss"),
        ({"forfeit_loss": 4}, "a win must earn more points than a forfeit loss"),
        ({"forfeit_score": (3, 0, 0)}, "must be a \\(winner, loser\\) pair"),
        ({"forfeit_score": 3}, "must be a \\(winner, loser\\) pair"),
        ({"forfeit_score": (0, 3)}, "winner > loser >= 0"),
        ({"forfeit_score": (2, 2)}, "winner > loser >= 0"),
        ({"forfeit_score": (3, -1)}, "winner > loser >= 0"),
        ({"forfeit_score": (3.0, 0)}, "forfeit score of the winner must be a whole number"),
        ({"draws_allowed": 1}, "draws_allowed must be True or False"),
    ],
)
def test_bad_points_system(kwargs, message):
    with pytest.raises(ValueError, match=message):
        PointsSystem(**kwargs)


@pytest.mark.parametrize(
    "steps, restart, message",
    [
        ((), False, "must start with 'points'"),
        (("difference", "points"), False, "must start with 'points'"),
        (("points", "goal_average"), False, "unknown tie-break step 'goal_average'"),
        (("points", "difference", "difference"), False, "tie-break step 'difference' appears more than once"),
        (("points", "lots", "difference"), False, "'lots' can only be the last"),
        (("points",), "yes", "restart must be True or False"),
    ],
)
def test_bad_tie_break_chain(steps, restart, message):
    with pytest.raises(ValueError, match=message):
        TieBreakChain(steps, restart)


@pytest.mark.parametrize(
    "args, message",
    [
        (("m1", "a", "a", 1, 0), "a team cannot play itself"),
        (("m1", "a", "b", -1, 0), "home score must not be negative"),
        (("m1", "a", "b", 0, -2), "away score must not be negative"),
        (("m1", "a", "b", 1.0, 0), "home score must be a whole number"),
        (("m1", "a", "b", 1, False), "away score must be a whole number"),
        (("m1", "a", "b", 1, 0, "c"), "the forfeiting team 'c' is neither 'a' nor 'b'"),
    ],
)
def test_bad_result(args, message):
    with pytest.raises(ValueError, match=message):
        Result(*args)


def test_bad_card():
    with pytest.raises(ValueError, match="unknown card 'blue'"):
        Card("m1", "a", "p1", "blue")


@pytest.mark.parametrize(
    "teams, results, message",
    [
        (["a", "b"], [Result("m1", "a", "c", 1, 0)], "match 'm1': 'c' is not a team of this table"),
        (["a", "b"], [Result("m1", "c", "a", 1, 0)], "match 'm1': 'c' is not a team of this table"),
        (["a", "b"], [Result("m1", "a", "b", 1, 0), Result("m1", "b", "a", 1, 0)], "match 'm1' appears more than once"),
        (["a", "b", "a"], [], "team 'a' appears more than once"),
        (["a", ""], [], "a team key must be a non-empty string"),
        (["a", 7], [], "a team key must be a non-empty string"),
    ],
)
def test_bad_teams_or_results(teams, results, message):
    with pytest.raises(ValueError, match=message):
        league_table(teams, results, FOOTBALL, FIFA)


def test_draw_in_a_sport_without_draws():
    with pytest.raises(ValueError, match="match 'g1': 70-70 is a draw, and this sport has no draws"):
        league_table(["a", "b"], [Result("g1", "a", "b", 70, 70)], BASKETBALL_FIBA, FIBA)
    with pytest.raises(ValueError, match="1-1 is a draw"):
        league_table(["a", "b"], [Result("t1", "a", "b", 1, 1)], TUG_OF_WAR, FIFA)


@pytest.mark.parametrize(
    "card, message",
    [
        (Card("m9", "a", "p1", "yellow"), "names match 'm9', which has no result"),
        (Card("m1", "c", "p1", "yellow"), "names 'c', who did not play match 'm1'"),
    ],
)
def test_bad_card_in_a_table(card, message):
    with pytest.raises(ValueError, match=message):
        league_table(["a", "b", "c"], [Result("m1", "a", "b", 1, 0)], FOOTBALL, FIFA, cards=[card])


def test_impossible_cards_in_a_table():
    cards = [Card("m1", "a", "p1", "red")] * 2
    with pytest.raises(ValueError, match="cannot be shown 0 yellow and 2 red"):
        league_table(["a", "b"], [Result("m1", "a", "b", 1, 0)], FOOTBALL, FIFA, cards=cards)


@pytest.mark.parametrize(
    "lots, chain, message",
    [
        (["a", "z"], FIFA, "the drawing of lots names 'z', which is not a team of this table"),
        (["a", "b", "a"], FIFA, "team in the drawing of lots 'a' appears more than once"),
        (["a", "b"], TieBreakChain(("points", "difference")), "the tie-break chain has no 'lots' step"),
    ],
)
def test_bad_drawing_of_lots(lots, chain, message):
    with pytest.raises(ValueError, match=message):
        league_table(["a", "b"], [Result("m1", "a", "b", 1, 1)], FOOTBALL, chain, lots=lots)


def test_world_cup_1994_group_e_all_four_level_on_points_head_to_head_decides():
    """FIFA World Cup 1994 Group E, a published table: all four teams on 4 points and goal
    difference 0. Mexico top on goals scored (3); Ireland and Italy level on everything overall
    (2 scored) are separated by their match (Italy 0-1 Ireland); Norway scored least."""
    results = [
        league.Result("m1", "ITA", "IRL", 0, 1), league.Result("m2", "NOR", "MEX", 1, 0),
        league.Result("m3", "ITA", "NOR", 1, 0), league.Result("m4", "MEX", "IRL", 2, 1),
        league.Result("m5", "IRL", "NOR", 0, 0), league.Result("m6", "ITA", "MEX", 1, 1),
    ]
    table = league.league_table(["MEX", "IRL", "ITA", "NOR"], results, league.FOOTBALL, league.FIFA)
    assert [(r.team, r.rank, r.points, r.difference, r.scored) for r in table] == [
        ("MEX", 1, 4, 0, 3), ("IRL", 2, 4, 0, 2), ("ITA", 3, 4, 0, 2), ("NOR", 4, 4, 0, 1)]
    assert [r.decided_by for r in table] == ["scored", "h2h_points", "h2h_points", "scored"]
