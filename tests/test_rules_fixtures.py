"""Unit tests and worked examples for scoring.rules.fixtures."""

from collections import Counter
from itertools import combinations

import pytest

from scoring.rules.fixtures import (
    BracketMatch,
    Pairing,
    Slot,
    TieResult,
    best_of_pulls,
    byes,
    champion,
    draw_groups,
    knockout_from_groups,
    match_winner,
    resolve,
    round_robin,
    single_elimination,
    two_legged_winner,
    winners,
)


def teams_named(count):
    return [f"T{number}" for number in range(1, count + 1)]


def seeds(count):
    return [f"S{number}" for number in range(1, count + 1)]


def venues(schedule, team):
    """The team's home/away string over the season, e.g. "HAHHA" (rounds it sits out skipped)."""
    letters = []
    for games in schedule:
        for pairing in games:
            if pairing.home == team:
                letters.append("H")
            elif pairing.away == team:
                letters.append("A")
    return "".join(letters)


def longest_run(letters):
    longest = run = 0
    for place, letter in enumerate(letters):
        run = run + 1 if place and letter == letters[place - 1] else 1
        longest = max(longest, run)
    return longest


def as_tuples(schedule):
    return [[(pairing.home, pairing.away) for pairing in games] for games in schedule]


def by_key(bracket):
    return {match.key: match for match in bracket}


def sides(match):
    return (match.home.label, match.away.label)


# ---------------------------------------------------------------------------
# Round robin
# ---------------------------------------------------------------------------

TEAM_COUNTS = range(2, 13)


@pytest.mark.parametrize("count", TEAM_COUNTS)
@pytest.mark.parametrize("double", [False, True])
def test_round_robin_round_count_and_round_numbers(count, double):
    schedule = round_robin(teams_named(count), double=double)
    rounds = count - 1 if count % 2 == 0 else count
    assert len(schedule) == rounds * (2 if double else 1)
    for number, games in enumerate(schedule, start=1):
        assert games, "no round is empty"
        assert {pairing.round for pairing in games} == {number}
        assert len(games) == count // 2


@pytest.mark.parametrize("count", TEAM_COUNTS)
@pytest.mark.parametrize("double", [False, True])
def test_round_robin_no_team_twice_in_a_round(count, double):
    for games in round_robin(teams_named(count), double=double):
        playing = [team for pairing in games for team in (pairing.home, pairing.away)]
        assert len(playing) == len(set(playing))


@pytest.mark.parametrize("count", TEAM_COUNTS)
def test_single_round_robin_every_pair_meets_exactly_once(count):
    teams = teams_named(count)
    meetings = Counter(frozenset((p.home, p.away)) for games in round_robin(teams) for p in games)
    assert set(meetings) == {frozenset(pair) for pair in combinations(teams, 2)}
    assert set(meetings.values()) == {1}


@pytest.mark.parametrize("count", TEAM_COUNTS)
def test_double_round_robin_every_pair_meets_once_at_each_home(count):
    teams = teams_named(count)
    schedule = round_robin(teams, double=True)
    fixtures = Counter((p.home, p.away) for games in schedule for p in games)
    assert set(fixtures) == {(home, away) for home in teams for away in teams if home != away}
    assert set(fixtures.values()) == {1}
    # the second half is the first with every pairing reversed, in the same order
    half = len(schedule) // 2
    reversed_first_half = [[(away, home) for home, away in games] for games in as_tuples(schedule[:half])]
    assert as_tuples(schedule[half:]) == reversed_first_half


@pytest.mark.parametrize("count", TEAM_COUNTS)
def test_single_round_robin_home_and_away_balanced(count):
    schedule = round_robin(teams_named(count))
    for team in teams_named(count):
        letters = venues(schedule, team)
        assert len(letters) == count - 1
        assert abs(letters.count("H") - letters.count("A")) <= 1, (team, letters)
        assert longest_run(letters) <= 2, (team, letters)
        if count % 2:
            assert longest_run(letters) == 1, "with a bye every team alternates perfectly"


@pytest.mark.parametrize("count", TEAM_COUNTS)
def test_double_round_robin_home_and_away_balanced(count):
    schedule = round_robin(teams_named(count), double=True)
    for team in teams_named(count):
        letters = venues(schedule, team)
        assert letters.count("H") == letters.count("A") == count - 1
        # with 4 teams a mirrored double round robin cannot avoid three in a row at the turn
        assert longest_run(letters) <= (3 if count == 4 else 2), (team, letters)


@pytest.mark.parametrize("count", TEAM_COUNTS)
@pytest.mark.parametrize("double", [False, True])
def test_byes_each_team_sits_out_once_per_half(count, double):
    teams = teams_named(count)
    schedule = round_robin(teams, double=double)
    sitting_out = byes(teams, double=double)
    if count % 2 == 0:
        assert sitting_out == {}
        return
    assert sorted(sitting_out) == list(range(1, len(schedule) + 1))
    assert Counter(sitting_out.values()) == {team: 2 if double else 1 for team in teams}
    for number, games in enumerate(schedule, start=1):
        playing = {team for pairing in games for team in (pairing.home, pairing.away)}
        assert playing | {sitting_out[number]} == set(teams)
        assert sitting_out[number] not in playing


def test_four_teams_written_out():
    assert as_tuples(round_robin(["A", "B", "C", "D"])) == [
        [("A", "D"), ("C", "B")],
        [("A", "B"), ("D", "C")],
        [("C", "A"), ("B", "D")],
    ]
    assert byes(["A", "B", "C", "D"]) == {}


def test_five_teams_written_out_with_byes():
    teams = ["A", "B", "C", "D", "E"]
    assert as_tuples(round_robin(teams)) == [
        [("B", "D"), ("E", "A")],
        [("C", "E"), ("A", "B")],
        [("D", "A"), ("B", "C")],
        [("E", "B"), ("C", "D")],
        [("A", "C"), ("D", "E")],
    ]
    assert byes(teams) == {1: "C", 2: "D", 3: "E", 4: "A", 5: "B"}


def test_two_teams_single_and_double():
    assert round_robin(["村A", "村B"]) == [[Pairing(1, "村A", "村B")]]
    assert round_robin(["村A", "村B"], double=True) == [[Pairing(1, "村A", "村B")], [Pairing(2, "村B", "村A")]]


def test_three_teams_double_bye_rounds_numbered_through():
    assert byes(["A", "B", "C"], double=True) == {1: "C", 2: "A", 3: "B", 4: "C", 5: "A", 6: "B"}


@pytest.mark.parametrize(
    "teams, message",
    [
        (["A", "B", "A"], "'A' appears more than once"),
        (["A", ""], "non-empty"),
        (["A", None], "non-empty"),
        (["A"], "at least 2 teams"),
        ([], "at least 2 teams"),
        ("ABCD", "single string"),
    ],
)
def test_round_robin_refuses_bad_team_lists(teams, message):
    with pytest.raises(ValueError, match=message):
        round_robin(teams)
    with pytest.raises(ValueError, match=message):
        byes(teams)


def test_pairing_checks_itself():
    with pytest.raises(ValueError, match="cannot play itself"):
        Pairing(1, "A", "A")
    with pytest.raises(ValueError, match="round"):
        Pairing(0, "A", "B")


# ---------------------------------------------------------------------------
# Group draw
# ---------------------------------------------------------------------------


def test_draw_groups_eight_teams_two_groups_snake():
    assert draw_groups(seeds(8), 2) == {"A": ["S1", "S4", "S5", "S8"], "B": ["S2", "S3", "S6", "S7"]}


def test_draw_groups_sixteen_teams_four_groups():
    groups = draw_groups(seeds(16), 4)
    assert groups == {
        "A": ["S1", "S8", "S9", "S16"],
        "B": ["S2", "S7", "S10", "S15"],
        "C": ["S3", "S6", "S11", "S14"],
        "D": ["S4", "S5", "S12", "S13"],
    }


def test_draw_groups_uneven_count():
    assert draw_groups(seeds(10), 3) == {
        "A": ["S1", "S6", "S7"],
        "B": ["S2", "S5", "S8"],
        "C": ["S3", "S4", "S9", "S10"],
    }


def test_draw_groups_one_group_keeps_seed_order():
    assert draw_groups(seeds(3), 1) == {"A": ["S1", "S2", "S3"]}


@pytest.mark.parametrize(
    "teams, count, message",
    [
        (seeds(4), 0, "group count"),
        (seeds(4), 5, "cannot fill 5 groups"),
        (seeds(30), 27, "at most 26"),
        (["S1", "S1"], 1, "more than once"),
    ],
)
def test_draw_groups_refuses(teams, count, message):
    with pytest.raises(ValueError, match=message):
        draw_groups(teams, count)


# ---------------------------------------------------------------------------
# Single elimination
# ---------------------------------------------------------------------------


def test_eight_seeds_standard_positions():
    bracket = single_elimination(seeds(8))
    assert [(match.key, match.round, sides(match)) for match in bracket] == [
        ("QF-1", 1, ("S1", "S8")),
        ("QF-2", 1, ("S4", "S5")),
        ("QF-3", 1, ("S2", "S7")),
        ("QF-4", 1, ("S3", "S6")),
        ("SF-1", 2, ("Winner QF-1", "Winner QF-2")),
        ("SF-2", 2, ("Winner QF-3", "Winner QF-4")),
        ("F", 3, ("Winner SF-1", "Winner SF-2")),
    ]


def test_sixteen_seeds_first_round():
    first_round = [sides(match) for match in single_elimination(seeds(16)) if match.round == 1]
    assert first_round == [
        ("S1", "S16"), ("S8", "S9"), ("S4", "S13"), ("S5", "S12"),
        ("S2", "S15"), ("S7", "S10"), ("S3", "S14"), ("S6", "S11"),
    ]
    assert [match.key for match in single_elimination(seeds(16))][:8] == [f"R1-{index}" for index in range(1, 9)]


def favourites_win(bracket):
    """Results where the better seed (lower number) always wins, filled in round by round."""
    results = {}
    for round_number in sorted({match.round for match in bracket}):
        teams = resolve(bracket, results)
        for match in bracket:
            if match.round == round_number and not match.is_bye:
                results[match.key] = min(teams[match.key], key=lambda seed: int(seed[1:]))
    return results


def test_top_two_seeds_meet_only_in_final_and_semis_are_1v4_2v3():
    bracket = single_elimination(seeds(8), third_place=True)
    results = favourites_win(bracket)
    teams = resolve(bracket, results)
    assert teams["SF-1"] == ("S1", "S4")
    assert teams["SF-2"] == ("S2", "S3")
    assert teams["F"] == ("S1", "S2")
    assert teams["3P"] == ("S4", "S3")
    assert champion(bracket, results) == "S1"


def test_six_teams_byes_go_to_seeds_one_and_two():
    bracket = by_key(single_elimination(seeds(6)))
    assert sides(bracket["QF-1"]) == ("S1", "bye")
    assert sides(bracket["QF-2"]) == ("S4", "S5")
    assert sides(bracket["QF-3"]) == ("S2", "bye")
    assert sides(bracket["QF-4"]) == ("S3", "S6")
    assert [key for key, match in bracket.items() if match.is_bye] == ["QF-1", "QF-3"]
    # the byes go straight through with no result at all
    teams = resolve(list(bracket.values()), {})
    assert teams["SF-1"] == ("S1", None)
    assert teams["SF-2"] == ("S2", None)
    assert teams["QF-1"] == ("S1", None)


def test_five_teams_three_byes():
    bracket = single_elimination(seeds(5))
    byes_to = sorted(match.home.team for match in bracket if match.is_bye)
    assert byes_to == ["S1", "S2", "S3"]
    played = [match for match in bracket if not match.is_bye]
    assert len(played) == 4
    assert sides(by_key(bracket)["QF-2"]) == ("S4", "S5")
    teams = resolve(bracket, {})
    assert teams["SF-2"] == ("S2", "S3"), "both byes meet at once in the semifinal"


def test_twelve_teams_byes_to_top_four():
    bracket = single_elimination(seeds(12))
    assert len(bracket) == 15
    assert sorted(match.home.team for match in bracket if match.is_bye) == ["S1", "S2", "S3", "S4"]
    assert sum(not match.is_bye for match in bracket) == 11
    assert sides(by_key(bracket)["R1-2"]) == ("S8", "S9")
    assert sides(by_key(bracket)["R1-4"]) == ("S5", "S12")
    assert champion(bracket, favourites_win(bracket)) == "S1"


def test_two_teams_is_just_a_final():
    assert single_elimination(["A", "B"]) == [BracketMatch("F", 1, Slot(team="A"), Slot(team="B"))]


def test_third_place_match_fed_by_semifinal_losers():
    bracket = single_elimination(seeds(4), third_place=True)
    assert [(match.key, match.round) for match in bracket] == [("SF-1", 1), ("SF-2", 1), ("3P", 2), ("F", 2)]
    third = by_key(bracket)["3P"]
    assert third.home == Slot(loser_of="SF-1") and third.away == Slot(loser_of="SF-2")
    results = {"SF-1": "S4", "SF-2": "S2"}
    assert resolve(bracket, results)["3P"] == ("S1", "S3")
    assert resolve(bracket, results)["F"] == ("S4", "S2")
    results |= {"3P": "S3", "F": "S2"}
    assert winners(bracket, results)["3P"] == "S3"
    assert champion(bracket, results) == "S2"


@pytest.mark.parametrize(
    "teams, third_place, message",
    [
        (["A"], False, "at least 2 teams"),
        (["A", "B", "A"], False, "more than once"),
        (["A", "B", "C"], True, "third-place match needs two played semifinals"),
        (["A", "B"], True, "third-place match"),
    ],
)
def test_single_elimination_refuses(teams, third_place, message):
    with pytest.raises(ValueError, match=message):
        single_elimination(teams, third_place=third_place)


# ---------------------------------------------------------------------------
# Knockout from groups
# ---------------------------------------------------------------------------

FOUR_GROUPS = {
    "A": ["榕江", "车江", "忠诚", "平永"],
    "B": ["古州", "寨蒿", "乐里", "平江"],
    "C": ["台盘", "革东", "施洞", "南哨"],
    "D": ["朗德", "雷山", "西江", "丹江"],
}


def test_four_groups_cross_seeded_then_resolved_to_champion_and_third_place():
    bracket = knockout_from_groups(FOUR_GROUPS, qualifiers=2, third_place=True)
    assert [(match.key, sides(match)) for match in bracket] == [
        ("QF-1", ("榕江", "寨蒿")),  # A1 v B2
        ("QF-2", ("台盘", "雷山")),  # C1 v D2
        ("QF-3", ("古州", "车江")),  # B1 v A2
        ("QF-4", ("朗德", "革东")),  # D1 v C2
        ("SF-1", ("Winner QF-1", "Winner QF-2")),
        ("SF-2", ("Winner QF-3", "Winner QF-4")),
        ("3P", ("Loser SF-1", "Loser SF-2")),
        ("F", ("Winner SF-1", "Winner SF-2")),
    ]

    results = {}
    assert resolve(bracket, results)["SF-1"] == (None, None)
    results |= {"QF-1": "榕江", "QF-2": "雷山"}
    teams = resolve(bracket, results)
    assert teams["SF-1"] == ("榕江", "雷山")
    assert teams["SF-2"] == (None, None)
    assert champion(bracket, results) is None

    results |= {"QF-3": "车江", "QF-4": "朗德"}
    assert resolve(bracket, results)["SF-2"] == ("车江", "朗德")

    results |= {"SF-1": "雷山", "SF-2": "车江"}
    teams = resolve(bracket, results)
    assert teams["F"] == ("雷山", "车江")
    assert teams["3P"] == ("榕江", "朗德")

    results |= {"3P": "朗德", "F": "车江"}
    assert champion(bracket, results) == "车江"
    assert winners(bracket, results)["3P"] == "朗德"


def test_two_groups_two_qualifiers_are_semifinals():
    bracket = knockout_from_groups({"A": ["a1", "a2", "a3"], "B": ["b1", "b2", "b3"]})
    assert [(match.key, sides(match)) for match in bracket] == [
        ("SF-1", ("a1", "b2")),
        ("SF-2", ("b1", "a2")),
        ("F", ("Winner SF-1", "Winner SF-2")),
    ]


def test_eight_groups_keep_group_mates_apart_until_the_final():
    groups = {name: [f"{name}1", f"{name}2", f"{name}3"] for name in "ABCDEFGH"}
    bracket = knockout_from_groups(groups)
    first_round = [sides(match) for match in bracket if match.round == 1]
    assert first_round == [
        ("A1", "B2"), ("C1", "D2"), ("E1", "F2"), ("G1", "H2"),
        ("B1", "A2"), ("D1", "C2"), ("F1", "E2"), ("H1", "G2"),
    ]
    upper = {team for pair in first_round[:4] for team in pair}
    lower = {team for pair in first_round[4:] for team in pair}
    for name in "ABCDEFGH":
        assert (f"{name}1" in upper) != (f"{name}2" in upper)
        assert (f"{name}1" in lower) != (f"{name}2" in lower)
    assert [match.key for match in bracket][8:] == ["QF-1", "QF-2", "QF-3", "QF-4", "SF-1", "SF-2", "F"]


def test_one_qualifier_per_group():
    assert [sides(match) for match in knockout_from_groups(FOUR_GROUPS, qualifiers=1)] == [
        ("榕江", "古州"),
        ("台盘", "朗德"),
        ("Winner SF-1", "Winner SF-2"),
    ]
    final_only = knockout_from_groups({"A": ["a1"], "B": ["b1"]}, qualifiers=1)
    assert final_only == [BracketMatch("F", 1, Slot(team="a1"), Slot(team="b1"))]


@pytest.mark.parametrize(
    "groups, qualifiers, third_place, message",
    [
        ({"A": ["a1", "a2"], "B": ["b1", "b2"], "C": ["c1", "c2"]}, 2, False, "2, 4 or 8 groups"),
        ({"A": ["a1", "a2"]}, 1, False, "2, 4 or 8 groups"),
        ({"A": ["a1", "a2", "a3"], "B": ["b1", "b2", "b3"]}, 3, False, "1 or 2 teams per group"),
        ({"A": ["a1", "a2"], "B": ["b1", "b2"]}, 0, False, "1 or 2 teams per group"),
        ({"A": ["a1", "a2"], "B": ["b1"]}, 2, False, "group B has 1 teams"),
        ({"A": ["a1", "x"], "B": ["b1", "x"]}, 2, False, "'x' appears more than once"),
        ({"A": ["a1"], "B": ["b1"]}, 1, True, "third-place match"),
    ],
)
def test_knockout_from_groups_refuses(groups, qualifiers, third_place, message):
    with pytest.raises(ValueError, match=message):
        knockout_from_groups(groups, qualifiers=qualifiers, third_place=third_place)


# ---------------------------------------------------------------------------
# Deciding a tie
# ---------------------------------------------------------------------------


def test_match_winner():
    assert match_winner("A", "B", 2, 1) == "A"
    assert match_winner("A", "B", 0, 3) == "B"
    assert match_winner("A", "B", 1, 1) is None
    assert match_winner("A", "B", 1, 1, penalties=(4, 5)) == "B"
    assert match_winner("A", "B", 0, 0, penalties=(5, 3)) == "A"


@pytest.mark.parametrize(
    "args, kwargs, message",
    [
        (("A", "B", 2, 1), {"penalties": (4, 3)}, "only taken after a draw"),
        (("A", "B", 1, 1), {"penalties": (4, 4)}, "cannot end level"),
        (("A", "B", -1, 0), {}, "home score"),
        (("A", "B", 1, True), {}, "away score"),
        (("A", "A", 1, 0), {}, "cannot play itself"),
        (("A", "B", 1, 1), {"penalties": (4,)}, "pair of scores"),
    ],
)
def test_match_winner_refuses(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        match_winner(*args, **kwargs)


def test_two_legged_aggregate():
    # A 2-1 B at A's ground, B 1-1 A at B's ground: 3-2 to A on aggregate
    assert two_legged_winner("A", "B", (2, 1), (1, 1)) == ("A", "aggregate")
    # A 1-0 B, B 3-1 A: 3-2 to B
    assert two_legged_winner("A", "B", (1, 0), (3, 1)) == ("B", "aggregate")


def test_two_legged_level_aggregate_away_goals_off_goes_to_penalties():
    # A 2-1 B, B 1-0 A: 2-2 on aggregate; away goals would favour B (1 away goal to 0)
    assert two_legged_winner("A", "B", (2, 1), (1, 0)) == (None, "undecided")
    assert two_legged_winner("A", "B", (2, 1), (1, 0), penalties=(4, 2)) == ("A", "penalties")


def test_two_legged_level_aggregate_away_goals_on():
    assert two_legged_winner("A", "B", (2, 1), (1, 0), away_goals=True) == ("B", "away_goals")
    # A 0-1 B, B 2-3 A: 3-3, A scored 3 away against B's 1
    assert two_legged_winner("A", "B", (0, 1), (2, 3), away_goals=True) == ("A", "away_goals")
    with pytest.raises(ValueError, match="no shoot-out is needed: B went through on away goals"):
        two_legged_winner("A", "B", (2, 1), (1, 0), away_goals=True, penalties=(4, 2))


def test_two_legged_away_goals_level_too_goes_to_penalties():
    # A 1-1 B, B 1-1 A: level on aggregate and on away goals
    assert two_legged_winner("A", "B", (1, 1), (1, 1), away_goals=True) == (None, "undecided")
    assert two_legged_winner("A", "B", (1, 1), (1, 1), away_goals=True, penalties=(3, 4)) == ("B", "penalties")


def test_two_legged_refuses():
    with pytest.raises(ValueError, match="no shoot-out is needed: A went through on aggregate"):
        two_legged_winner("A", "B", (3, 0), (0, 0), penalties=(5, 4))
    with pytest.raises(ValueError, match="cannot end level"):
        two_legged_winner("A", "B", (0, 0), (0, 0), penalties=(5, 5))
    with pytest.raises(ValueError, match="second leg"):
        two_legged_winner("A", "B", (0, 0), (0, -1))
    with pytest.raises(ValueError, match="first leg must be a pair"):
        two_legged_winner("A", "B", (0, 0, 1), (0, 0))
    assert two_legged_winner("A", "B", [1, 0], [0, 0]) == ("A", "aggregate"), "legs as JSON lists"


def test_best_of_pulls():
    assert best_of_pulls([], "东寨", "西寨") is None
    assert best_of_pulls(["东寨"], "东寨", "西寨") is None
    assert best_of_pulls(["东寨", "东寨"], "东寨", "西寨") == "东寨"
    assert best_of_pulls(["西寨", "东寨"], "东寨", "西寨") is None
    assert best_of_pulls(["西寨", "东寨", "西寨"], "东寨", "西寨") == "西寨"
    assert best_of_pulls(["A", "B", "A", "B", "A"], "A", "B", best_of=5) == "A"
    assert best_of_pulls(["B"], "A", "B", best_of=1) == "B"


def test_best_of_pulls_refuses_extra_and_strangers():
    with pytest.raises(ValueError, match="pull 4: A already won the best of 3"):
        best_of_pulls(["A", "B", "A", "B"], "A", "B")
    with pytest.raises(ValueError, match="pull 3: A already won"):
        best_of_pulls(["A", "A", "B"], "A", "B")
    with pytest.raises(ValueError, match="pull 2 was won by 'C'"):
        best_of_pulls(["A", "C"], "A", "B")
    with pytest.raises(ValueError, match="odd whole number"):
        best_of_pulls([], "A", "B", best_of=4)
    with pytest.raises(ValueError, match="single string"):
        best_of_pulls("AA", "A", "B")


def test_tie_result_checks_itself():
    assert TieResult("F", 1, 1, penalties=[5, 4]).penalties == (5, 4)
    with pytest.raises(ValueError, match="cannot end level"):
        TieResult("F", 1, 1, penalties=(3, 3))
    with pytest.raises(ValueError, match="home score"):
        TieResult("F", -2, 1)
    with pytest.raises(ValueError, match="match key"):
        TieResult("", 1, 0)


# ---------------------------------------------------------------------------
# Resolving a bracket
# ---------------------------------------------------------------------------


def test_resolve_accepts_two_legged_result_pairs():
    bracket = single_elimination(seeds(4))
    semi = two_legged_winner("S1", "S4", (0, 1), (0, 1), penalties=(2, 4))
    assert semi == ("S4", "penalties")
    teams = resolve(bracket, {"SF-1": semi, "SF-2": two_legged_winner("S2", "S3", (1, 1), (0, 0))})
    assert teams["F"] == ("S4", None), "an undecided tie is no result yet"


@pytest.mark.parametrize(
    "results, message",
    [
        ({"QF-9": "S1"}, "no such match"),
        ({"QF-1": "S1"}, "a bye is not played"),
        ({"SF-1": "S1"}, "not both known"),
        ({"QF-2": "S1"}, "names 'S1', who is not in S4 v S5"),
        ({"QF-2": "S4", "F": "S4"}, "not both known"),
        ({"QF-2": 4}, "expected the winning team's key"),
        ({"QF-2": ""}, "expected the winning team's key"),
    ],
)
def test_resolve_refuses_results(results, message):
    bracket = single_elimination(seeds(6))
    with pytest.raises(ValueError, match=message):
        resolve(bracket, results)


def test_resolve_refuses_a_winner_of_the_next_round_not_in_it():
    bracket = single_elimination(seeds(4))
    with pytest.raises(ValueError, match="names 'S3', who is not in S1 v S2"):
        resolve(bracket, {"SF-1": "S1", "SF-2": "S2", "F": "S3"})


def test_resolve_refuses_broken_brackets():
    final = BracketMatch("F", 2, Slot(winner_of="SF-1"), Slot(winner_of="SF-2"))
    semi = BracketMatch("SF-1", 1, Slot(team="A"), Slot(team="B"))
    with pytest.raises(ValueError, match="refers to no match"):
        resolve([semi, final], {})
    with pytest.raises(ValueError, match="appears more than once"):
        resolve([semi, semi], {})
    with pytest.raises(ValueError, match="team 'A' appears more than once"):
        resolve([semi, BracketMatch("SF-2", 1, Slot(team="A"), Slot(team="C"))], {})
    looped = [
        BracketMatch("X", 1, Slot(winner_of="Y"), Slot(team="A")),
        BracketMatch("Y", 1, Slot(winner_of="X"), Slot(team="B")),
    ]
    with pytest.raises(ValueError, match="loops back"):
        resolve(looped, {})
    walkover = BracketMatch("SF-2", 1, Slot(team="C"), Slot(bye=True))
    third = BracketMatch("3P", 2, Slot(loser_of="SF-1"), Slot(loser_of="SF-2"))
    with pytest.raises(ValueError, match="SF-2 is a bye and has no loser"):
        resolve([semi, walkover, third], {})


def test_resolve_with_hand_built_bracket_and_bye_in_a_later_round():
    bracket = [
        BracketMatch("R1-1", 1, Slot(team="A"), Slot(team="B")),
        BracketMatch("R2-1", 2, Slot(bye=True), Slot(winner_of="R1-1")),
        BracketMatch("F", 3, Slot(winner_of="R2-1"), Slot(team="C")),
    ]
    assert resolve(bracket, {}) == {"R1-1": ("A", "B"), "R2-1": (None, None), "F": (None, "C")}
    assert resolve(bracket, {"R1-1": "B"}) == {"R1-1": ("A", "B"), "R2-1": (None, "B"), "F": ("B", "C")}
    assert champion(bracket, {"R1-1": "B", "F": "C"}) == "C"


def test_champion_none_until_the_final_is_decided():
    bracket = single_elimination(seeds(2))
    assert champion(bracket, {}) is None
    assert champion(bracket, {"F": "S2"}) == "S2"


def test_champion_needs_one_final():
    two_finals = [
        BracketMatch("F1", 1, Slot(team="A"), Slot(team="B")),
        BracketMatch("F2", 1, Slot(team="C"), Slot(team="D")),
    ]
    with pytest.raises(ValueError, match="cannot tell the final"):
        champion(two_finals, {})


def test_slot_holds_exactly_one_thing():
    assert Slot(team="A").label == "A"
    assert Slot(winner_of="SF-1").label == "Winner SF-1"
    assert Slot(loser_of="SF-2").label == "Loser SF-2"
    assert Slot(bye=True).label == "bye"
    with pytest.raises(ValueError, match="exactly one"):
        Slot()
    with pytest.raises(ValueError, match="exactly one"):
        Slot(team="A", bye=True)
    with pytest.raises(ValueError, match="non-empty"):
        Slot(team="")


def test_bracket_match_checks_itself():
    with pytest.raises(ValueError, match="bye against a bye"):
        BracketMatch("F", 1, Slot(bye=True), Slot(bye=True))
    with pytest.raises(ValueError, match="cannot play itself"):
        BracketMatch("F", 1, Slot(team="A"), Slot(team="A"))
    with pytest.raises(ValueError, match="round"):
        BracketMatch("F", 0, Slot(team="A"), Slot(team="B"))
