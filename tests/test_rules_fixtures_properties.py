"""Property tests for scoring.rules.fixtures (hypothesis)."""

from collections import Counter
from itertools import combinations

from hypothesis import given
from hypothesis import strategies as st

from conftest import examples

from scoring.rules.fixtures import (
    best_of_pulls,
    byes,
    champion,
    draw_groups,
    knockout_from_groups,
    resolve,
    round_robin,
    single_elimination,
    two_legged_winner,
    winners,
)

FAST = examples(100)

TEAM_KEY = st.text(alphabet="村超BA队甲乙丙丁abcxyz0123456789", min_size=1, max_size=4)


def team_lists(min_size, max_size):
    return st.lists(TEAM_KEY, min_size=min_size, max_size=max_size, unique=True)


def longest_run(letters):
    longest = run = 0
    for place, letter in enumerate(letters):
        run = run + 1 if place and letter == letters[place - 1] else 1
        longest = max(longest, run)
    return longest


# ---------------------------------------------------------------------------
# Round robin
# ---------------------------------------------------------------------------


@FAST
@given(teams=team_lists(2, 20), double=st.booleans())
def test_round_robin_invariants(teams, double):
    schedule = round_robin(teams, double=double)
    sitting_out = byes(teams, double=double)
    halves = 2 if double else 1
    assert len(schedule) == (len(teams) - 1 if len(teams) % 2 == 0 else len(teams)) * halves

    fixtures = Counter()
    for number, games in enumerate(schedule, start=1):
        playing = [team for pairing in games for team in (pairing.home, pairing.away)]
        assert len(playing) == len(set(playing)), "nobody plays twice in a round"
        assert all(pairing.round == number for pairing in games)
        resting = set(teams) - set(playing)
        assert resting == ({sitting_out[number]} if len(teams) % 2 else set())
        fixtures.update((pairing.home, pairing.away) for pairing in games)

    meetings = Counter()
    for (home, away), count in fixtures.items():
        meetings[frozenset((home, away))] += count
    assert set(meetings) == {frozenset(pair) for pair in combinations(teams, 2)}
    assert set(meetings.values()) == {halves}
    if double:
        assert set(fixtures.values()) == {1}, "once at each home"
    assert Counter(sitting_out.values()) == ({team: halves for team in teams} if len(teams) % 2 else Counter())

    for team in teams:
        letters = "".join(
            "H" if pairing.home == team else "A"
            for games in schedule
            for pairing in games
            if team in (pairing.home, pairing.away)
        )
        assert abs(letters.count("H") - letters.count("A")) <= (0 if double else 1)
        assert longest_run(letters) <= (3 if double and len(teams) == 4 else 2)


# ---------------------------------------------------------------------------
# Group draw
# ---------------------------------------------------------------------------


@FAST
@given(data=st.data(), teams=team_lists(1, 40))
def test_draw_groups_shares_teams_out_fairly(data, teams):
    group_count = data.draw(st.integers(1, min(len(teams), 26)))
    groups = draw_groups(teams, group_count)
    assert list(groups) == [chr(ord("A") + index) for index in range(group_count)]
    assert sorted(team for members in groups.values() for team in members) == sorted(teams)
    sizes = [len(members) for members in groups.values()]
    assert max(sizes) - min(sizes) <= 1
    for members in groups.values():
        assert [teams.index(team) for team in members] == sorted(teams.index(team) for team in members)
    # pot by pot, every group takes exactly one of each full pot of seeds
    for start in range(0, len(teams) - group_count + 1, group_count):
        pot = set(teams[start:start + group_count])
        assert all(len(pot & set(members)) == 1 for members in groups.values())


# ---------------------------------------------------------------------------
# Brackets
# ---------------------------------------------------------------------------


def play_out(data, bracket):
    """Resolve the bracket round by round, letting hypothesis pick every winner; returns the results."""
    results = {}
    while True:
        teams = resolve(bracket, results)
        ready = [
            match.key
            for match in bracket
            if not match.is_bye and match.key not in results and None not in teams[match.key]
        ]
        if not ready:
            return results
        for key in ready:
            results[key] = data.draw(st.sampled_from(teams[key]), label=key)


@FAST
@given(data=st.data(), count=st.integers(2, 32), third_place=st.booleans())
def test_single_elimination_resolves_to_one_champion_whoever_wins(data, count, third_place):
    teams = [f"S{seed}" for seed in range(1, count + 1)]
    third_place = third_place and count >= 4
    bracket = single_elimination(teams, third_place=third_place)
    size = 1 << (count - 1).bit_length()

    played = [match for match in bracket if not match.is_bye]
    bye_matches = [match for match in bracket if match.is_bye]
    assert len(bye_matches) == size - count
    assert len(played) == count - 1 + (1 if third_place else 0)
    assert {match.home.team for match in bye_matches} == set(teams[: size - count]), "byes go to the top seeds"

    results = play_out(data, bracket)
    assert set(results) == {match.key for match in played}, "every played match got its teams and a result"
    winner = champion(bracket, results)
    assert winner in teams

    decided = winners(bracket, results)
    teams_in = resolve(bracket, results)
    knocked_out = Counter(
        next(team for team in teams_in[match.key] if team != decided[match.key])
        for match in played
        if match.key != "3P"
    )
    assert set(knocked_out.values()) == {1}
    assert set(knocked_out) == set(teams) - {winner}, "everyone but the champion loses exactly once"
    if third_place:
        assert decided["3P"] in teams_in["3P"] and winner not in teams_in["3P"]


@FAST
@given(data=st.data(), count=st.integers(2, 32))
def test_top_two_seeds_meet_only_in_the_final(data, count):
    """Whatever happens elsewhere, if seeds 1 and 2 win every match they play they meet in the final."""
    teams = [f"S{seed}" for seed in range(1, count + 1)]
    bracket = single_elimination(teams)
    results = {}
    while True:
        teams_in = resolve(bracket, results)
        ready = [m.key for m in bracket if not m.is_bye and m.key not in results and None not in teams_in[m.key]]
        if not ready:
            break
        for key in ready:
            pair = teams_in[key]
            favourite = [team for team in pair if team in ("S1", "S2")]
            if len(favourite) == 1:
                results[key] = favourite[0]
            elif len(favourite) == 2:
                assert key == "F"
                results[key] = "S1"
            else:
                results[key] = data.draw(st.sampled_from(pair), label=key)
    assert sorted(resolve(bracket, results)["F"]) == ["S1", "S2"]


@FAST
@given(data=st.data(), group_count=st.sampled_from([2, 4, 8]), qualifiers=st.sampled_from([1, 2]))
def test_knockout_from_groups_group_mates_meet_only_in_the_final(data, group_count, qualifiers):
    names = "ABCDEFGH"[:group_count]
    groups = {name: [f"{name}{place}" for place in range(1, 4)] for name in names}
    bracket = knockout_from_groups(groups, qualifiers=qualifiers)
    assert sum(1 for match in bracket if match.round == 1) == group_count * qualifiers // 2
    results = play_out(data, bracket)
    teams_in = resolve(bracket, results)
    for match in bracket:
        home, away = teams_in[match.key]
        if home[0] == away[0]:
            assert match.key == "F", f"{home} and {away} of one group met before the final"
    assert champion(bracket, results) in {f"{name}{place}" for name in names for place in range(1, qualifiers + 1)}


# ---------------------------------------------------------------------------
# Deciding a tie
# ---------------------------------------------------------------------------

GOALS = st.integers(0, 6)
LEG = st.tuples(GOALS, GOALS)


@FAST
@given(first_leg=LEG, second_leg=LEG, away_goals=st.booleans(), kicks=st.tuples(GOALS, GOALS))
def test_two_legged_winner_does_not_depend_on_which_team_is_named_first(first_leg, second_leg, away_goals, kicks):
    penalties = None
    if two_legged_winner("A", "B", first_leg, second_leg, away_goals)[0] is None and kicks[0] != kicks[1]:
        penalties = kicks
    forward = two_legged_winner("A", "B", first_leg, second_leg, away_goals, penalties)
    swapped_kicks = None if penalties is None else (penalties[1], penalties[0])
    backward = two_legged_winner("B", "A", second_leg, first_leg, away_goals, swapped_kicks)
    assert forward == backward
    a_total, b_total = first_leg[0] + second_leg[1], first_leg[1] + second_leg[0]
    if a_total != b_total:
        assert forward == ("A" if a_total > b_total else "B", "aggregate")


@FAST
@given(pulls=st.lists(st.sampled_from("AB"), max_size=9), best_of=st.sampled_from([1, 3, 5, 7]))
def test_best_of_pulls_majority(pulls, best_of):
    needed = best_of // 2 + 1
    counts = Counter()
    decided_at = None
    for number, puller in enumerate(pulls, start=1):
        counts[puller] += 1
        if counts[puller] == needed:
            decided_at = number
            break
    if decided_at is not None and decided_at < len(pulls):
        try:
            best_of_pulls(pulls, "A", "B", best_of)
        except ValueError as refused:
            assert f"pull {decided_at + 1}" in str(refused)
        else:
            raise AssertionError("a pull after the match was won must be refused")
    else:
        expected = pulls[-1] if decided_at is not None else None
        assert best_of_pulls(pulls, "A", "B", best_of) == expected
