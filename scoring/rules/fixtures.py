"""Fixtures: who plays whom, in which round, and who goes through.

League play (round robin)
-------------------------
Circle method.  One place on the circle stays put and the others turn one step
each round; in every round the fixed place meets the place opposite it and the
remaining places meet across the circle in pairs.  With an even number of teams
the first team holds the fixed place.  With an odd number a *bye* is added and
it is the bye that holds the fixed place, so the team drawn against it sits out
that round; this way every team sits out exactly once and every team
alternates home and away perfectly.

Home and away follow de Werra's canonical pattern: the fixed place alternates
home and away from round to round, and the pair at circle distance ``k`` from
the place opposite it gives home to the clockwise team when ``k`` is even and
to the counter-clockwise team when ``k`` is odd.  With an even number of teams
this leaves the fewest possible "breaks" (two homes or two aways in a row),
``n - 2``, at most one per team, so nobody plays three in a row at home or
away and every team has ``|homes - aways| <= 1``.  The circle starts two
steps in, which keeps that true across the halfway turn of a double round
robin (the second half repeats the first with every pairing reversed) for six
or more teams; with four teams three in a row at the turn cannot be avoided.

Knockout (brackets)
-------------------
A bracket is a list of :class:`BracketMatch`; each side of a match is a
:class:`Slot`: a known team, the winner or loser of another match, or a bye.
Seeded brackets use the standard seeding positions (for 8: 1 v 8, 4 v 5,
2 v 7, 3 v 6) so that seeds 1 and 2 can only meet in the final.  When the
number of teams is not a power of two, the top seeds are drawn against byes;
such a match is not played and :func:`resolve` sends the team straight on.
Matches are keyed by round: ``F`` (final), ``3P`` (third place), ``SF-1``,
``SF-2``, ``QF-1`` .. ``QF-4`` and, for earlier rounds, ``R<round>-<match>``
(``R1-1`` is the first match of round 1).  Within a round matches are listed
top to bottom; the winners of matches 1 and 2 meet next, the winner of the
upper match at home.

Results
-------
:func:`match_winner`, :func:`two_legged_winner` and :func:`best_of_pulls` decide
one tie from its scores; :func:`resolve` takes the winners decided so far and
fills in the bracket.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "BracketMatch",
    "Pairing",
    "Slot",
    "TieResult",
    "best_of_pulls",
    "byes",
    "champion",
    "draw_groups",
    "knockout_from_groups",
    "match_winner",
    "resolve",
    "round_robin",
    "single_elimination",
    "two_legged_winner",
    "winners",
]

_GROUP_NAMES = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_FIRST_TURN = 2  # the circle starts two steps in; see the module docstring


# ---------------------------------------------------------------------------
# Checking input
# ---------------------------------------------------------------------------


def _check_team(team, what: str = "team") -> str:
    if not isinstance(team, str) or not team:
        raise ValueError(f"{what} must be a non-empty team key, got {team!r}")
    return team


def _team_keys(teams: Sequence[str], what: str = "team") -> list[str]:
    """The team keys as a list; empty, non-string or repeated keys are refused."""
    if isinstance(teams, str):
        raise ValueError(f"expected a list of team keys, got the single string {teams!r}")
    keys = [_check_team(team, what) for team in teams]
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise ValueError(f"{what} {key!r} appears more than once")
        seen.add(key)
    return keys


def _two_teams(home: str, away: str) -> None:
    _check_team(home, "home team")
    _check_team(away, "away team")
    if home == away:
        raise ValueError(f"a team cannot play itself: {home!r}")


def _whole_number(value, what: str, least: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < least:
        raise ValueError(f"{what} must be a whole number >= {least}, got {value!r}")
    return value


def _score(value, what: str) -> int:
    return _whole_number(value, what, 0)


def _score_pair(pair, what: str) -> tuple[int, int]:
    if not isinstance(pair, (tuple, list)) or len(pair) != 2:
        raise ValueError(f"{what} must be a pair of scores (home, away), got {pair!r}")
    return _score(pair[0], what), _score(pair[1], what)  # a list (from JSON) is fine too


def _shoot_out(penalties, what: str = "penalties") -> tuple[int, int]:
    first, second = _score_pair(penalties, what)
    if first == second:
        raise ValueError(f"a penalty shoot-out cannot end level ({first}-{second})")
    return first, second


# ---------------------------------------------------------------------------
# Round robin
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Pairing:
    """One league fixture: ``home`` plays ``away`` in ``round`` (1-based)."""

    round: int
    home: str
    away: str

    def __post_init__(self):
        _whole_number(self.round, "round", 1)
        _two_teams(self.home, self.away)


def _circle_round(fixed: str | None, circle: Sequence[str | None], turn: int) -> list[tuple[str | None, str | None]]:
    """The (home, away) games of one turn of the circle; ``None`` stands for the bye."""
    size = len(circle)  # always odd
    opposite = circle[turn]
    games = [(fixed, opposite) if turn % 2 == 0 else (opposite, fixed)]
    for distance in range(1, (size + 1) // 2):
        clockwise = circle[(turn + distance) % size]
        counter = circle[(turn - distance) % size]
        games.append((counter, clockwise) if distance % 2 else (clockwise, counter))
    return games


def _league_rounds(teams: Sequence[str], double: bool) -> list[list[tuple[str | None, str | None]]]:
    """Every round's games, the bye (``None``) included."""
    keys = _team_keys(teams)
    if len(keys) < 2:
        raise ValueError(f"a round robin needs at least 2 teams, got {len(keys)}")
    if len(keys) % 2:
        fixed, circle = None, keys  # the bye holds the fixed place
    else:
        fixed, circle = keys[0], keys[1:]
    first_half = [_circle_round(fixed, circle, (step + _FIRST_TURN) % len(circle)) for step in range(len(circle))]
    if not double:
        return first_half
    second_half = [[(away, home) for home, away in games] for games in first_half]
    return first_half + second_half


def round_robin(teams: Sequence[str], double: bool = False) -> list[list[Pairing]]:
    """The league's rounds, each a list of pairings; a team with the bye is not listed (see :func:`byes`).

    ``n`` teams play ``n - 1`` rounds (``n`` even) or ``n`` rounds (``n`` odd), every
    pair once; ``double=True`` adds a second half with every pairing reversed.
    """
    schedule = []
    for number, games in enumerate(_league_rounds(teams, double), start=1):
        schedule.append([Pairing(number, home, away) for home, away in games if home is not None and away is not None])
    return schedule


def byes(teams: Sequence[str], double: bool = False) -> dict[int, str]:
    """Round -> the team sitting out, for an odd number of teams (empty for an even number)."""
    sitting_out = {}
    for number, games in enumerate(_league_rounds(teams, double), start=1):
        for home, away in games:
            if home is None or away is None:
                sitting_out[number] = away if home is None else home
    return sitting_out


def draw_groups(seeded_teams: Sequence[str], group_count: int) -> dict[str, list[str]]:
    """Share teams out by seed into groups "A", "B", ... in a snake.

    Seeds 1..g go to groups A..(last), the next g come back from the last group
    to A, and so on, so every group gets a fair mix of strong and weak seeds.
    """
    teams = _team_keys(seeded_teams)
    _whole_number(group_count, "group count", 1)
    if group_count > len(_GROUP_NAMES):
        raise ValueError(f"at most {len(_GROUP_NAMES)} groups can be named A-Z, got {group_count}")
    if group_count > len(teams):
        raise ValueError(f"{len(teams)} teams cannot fill {group_count} groups")
    names = _GROUP_NAMES[:group_count]
    groups: dict[str, list[str]] = {name: [] for name in names}
    for place, team in enumerate(teams):
        pot, position = divmod(place, group_count)
        if pot % 2:  # every other pot comes back the other way
            position = group_count - 1 - position
        groups[names[position]].append(team)
    return groups


# ---------------------------------------------------------------------------
# Brackets
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One side of a bracket match: exactly one of a team, a winner, a loser or a bye."""

    team: str | None = None
    winner_of: str | None = None
    loser_of: str | None = None
    bye: bool = False

    def __post_init__(self):
        for name in ("team", "winner_of", "loser_of"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, str) or not value):
                raise ValueError(f"slot {name} must be a non-empty key, got {value!r}")
        if not isinstance(self.bye, bool):
            raise ValueError(f"slot bye must be True or False, got {self.bye!r}")
        filled = [self.team is not None, self.winner_of is not None, self.loser_of is not None, self.bye]
        if sum(filled) != 1:
            raise ValueError("a slot holds exactly one of: a team, the winner of a match, the loser of a match, a bye")

    @property
    def label(self) -> str:
        """How the slot reads on a draw sheet: the team, "Winner SF-1", "Loser SF-2" or "bye"."""
        if self.team is not None:
            return self.team
        if self.winner_of is not None:
            return f"Winner {self.winner_of}"
        if self.loser_of is not None:
            return f"Loser {self.loser_of}"
        return "bye"


@dataclass(frozen=True)
class BracketMatch:
    """One knockout match; ``is_bye`` when one side is a bye (not played)."""

    key: str
    round: int
    home: Slot
    away: Slot

    def __post_init__(self):
        if not isinstance(self.key, str) or not self.key:
            raise ValueError(f"a bracket match needs a non-empty key, got {self.key!r}")
        _whole_number(self.round, f"match {self.key}: round", 1)
        if not isinstance(self.home, Slot) or not isinstance(self.away, Slot):
            raise ValueError(f"match {self.key}: home and away must be Slots")
        if self.home.bye and self.away.bye:
            raise ValueError(f"match {self.key}: a bye against a bye has no team")
        if self.home.team is not None and self.home.team == self.away.team:
            raise ValueError(f"match {self.key}: a team cannot play itself: {self.home.team!r}")

    @property
    def is_bye(self) -> bool:
        return self.home.bye or self.away.bye


_ROUND_NAMES = {1: "F", 2: "SF", 4: "QF"}  # by the number of matches in the round


def _match_key(round_number: int, match_count: int, index: int) -> str:
    name = _ROUND_NAMES.get(match_count, f"R{round_number}")
    return name if match_count == 1 else f"{name}-{index}"


def _build_bracket(first_round: Sequence[tuple[Slot, Slot]], third_place: bool) -> list[BracketMatch]:
    """A whole bracket from its first round (a power of two of matches): winners of matches 1+2, 3+4, ... meet next."""
    bracket: list[BracketMatch] = []
    sides = list(first_round)
    round_number = 1
    while True:
        keys = [_match_key(round_number, len(sides), index) for index in range(1, len(sides) + 1)]
        matches = [BracketMatch(key, round_number, home, away) for key, (home, away) in zip(keys, sides)]
        if len(matches) == 1:
            if third_place:
                bracket.append(_third_place_match(bracket, round_number))
            return bracket + matches
        bracket.extend(matches)
        sides = [(Slot(winner_of=upper), Slot(winner_of=lower)) for upper, lower in zip(keys[::2], keys[1::2])]
        round_number += 1


def _third_place_match(bracket: Sequence[BracketMatch], final_round: int) -> BracketMatch:
    """The losers of the two semifinals play for third place, in the final's round."""
    semifinals = [match for match in bracket if match.round == final_round - 1]
    if len(semifinals) != 2 or any(match.is_bye for match in semifinals):
        raise ValueError("a third-place match needs two played semifinals (at least 4 teams)")
    upper, lower = semifinals
    return BracketMatch("3P", final_round, Slot(loser_of=upper.key), Slot(loser_of=lower.key))


def _seed_positions(size: int) -> list[int]:
    """Seeds in bracket order for a bracket of ``size`` (a power of two): 1, 8, 4, 5, 2, 7, 3, 6 for 8.

    Each step doubles the bracket: every seed ``s`` already placed is joined by
    its new opponent ``2 * placed + 1 - s``, so the top seeds keep apart.
    """
    order = [1]
    while len(order) < size:
        opponent_sum = 2 * len(order) + 1
        order = [seed for top in order for seed in (top, opponent_sum - top)]
    return order


def single_elimination(seeded: Sequence[str], third_place: bool = False) -> list[BracketMatch]:
    """A seeded knockout bracket; the best seeds first.  Top seeds get the byes."""
    teams = _team_keys(seeded)
    if len(teams) < 2:
        raise ValueError(f"a knockout needs at least 2 teams, got {len(teams)}")
    size = 1 << (len(teams) - 1).bit_length()  # next power of two
    slots = [Slot(team=teams[seed - 1]) if seed <= len(teams) else Slot(bye=True) for seed in _seed_positions(size)]
    return _build_bracket(list(zip(slots[::2], slots[1::2])), third_place)


def knockout_from_groups(
    group_standings: Mapping[str, Sequence[str]], qualifiers: int = 2, third_place: bool = False
) -> list[BracketMatch]:
    """The knockout bracket for the top ``qualifiers`` of each group (groups taken in the mapping's order).

    Two qualifiers: groups are paired (A with B, C with D, ...); the group
    winners of the first of each pair meet the other's runner-up in the upper
    half (A1 v B2, C1 v D2) and the other way round in the lower half
    (B1 v A2, D1 v C2), so two teams of one group can only meet again in the
    final.  One qualifier: the group winners meet A1 v B1, C1 v D1, ...
    """
    names = list(group_standings)
    if len(names) not in (2, 4, 8):
        raise ValueError(f"a knockout from groups needs 2, 4 or 8 groups, got {len(names)}")
    if qualifiers not in (1, 2) or isinstance(qualifiers, bool):
        raise ValueError(f"1 or 2 teams per group can qualify, got {qualifiers!r}")
    standings = {name: _team_keys(group_standings[name]) for name in names}
    _team_keys([team for name in names for team in standings[name]])  # nobody in two groups
    for name in names:
        if len(standings[name]) < qualifiers:
            raise ValueError(f"group {name} has {len(standings[name])} teams, fewer than {qualifiers} qualifiers")

    def placed(name: str, place: int) -> Slot:
        return Slot(team=standings[name][place - 1])

    paired = list(zip(names[::2], names[1::2]))
    if qualifiers == 1:
        first_round = [(placed(one, 1), placed(other, 1)) for one, other in paired]
    else:
        upper = [(placed(one, 1), placed(other, 2)) for one, other in paired]
        lower = [(placed(other, 1), placed(one, 2)) for one, other in paired]
        first_round = upper + lower
    return _build_bracket(first_round, third_place)


# ---------------------------------------------------------------------------
# Deciding one tie
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TieResult:
    """The score of one bracket match (a single match or one leg), with a shoot-out after a draw."""

    match: str
    home_score: int
    away_score: int
    penalties: tuple[int, int] | None = None  # (home, away)

    def __post_init__(self):
        if not isinstance(self.match, str) or not self.match:
            raise ValueError(f"a result needs the match key, got {self.match!r}")
        _score(self.home_score, f"match {self.match}: home score")
        _score(self.away_score, f"match {self.match}: away score")
        if self.penalties is not None:
            object.__setattr__(self, "penalties", _shoot_out(self.penalties, f"match {self.match}: penalties"))


def match_winner(
    home: str, away: str, home_score: int, away_score: int, penalties: tuple[int, int] | None = None
) -> str | None:
    """The winner of a single match; after a draw the shoot-out decides, ``None`` until it has."""
    _two_teams(home, away)
    home_goals, away_goals = _score(home_score, "home score"), _score(away_score, "away score")
    if home_goals != away_goals:
        if penalties is not None:
            raise ValueError(
                f"penalties are only taken after a draw; {home} v {away} ended {home_goals}-{away_goals}"
            )
        return home if home_goals > away_goals else away
    if penalties is None:
        return None
    home_kicks, away_kicks = _shoot_out(penalties)
    return home if home_kicks > away_kicks else away


def two_legged_winner(
    team_a: str,
    team_b: str,
    first_leg: tuple[int, int],
    second_leg: tuple[int, int],
    away_goals: bool = False,
    penalties: tuple[int, int] | None = None,
) -> tuple[str | None, str]:
    """Who goes through over two legs, and what decided it.

    ``first_leg`` is (A, B) with A at home, ``second_leg`` is (B, A) with B at
    home.  Aggregate first; then, only when ``away_goals`` is on, goals scored
    away; then the shoot-out after the second leg (``penalties`` = (A, B)).
    Returns (winner, "aggregate" | "away_goals" | "penalties"), or
    (None, "undecided") while the shoot-out is still to come.
    """
    _two_teams(team_a, team_b)
    a_at_home, b_away = _score_pair(first_leg, "first leg")
    b_at_home, a_away = _score_pair(second_leg, "second leg")
    decided = _decide(team_a, team_b, a_at_home + a_away, b_at_home + b_away, "aggregate")
    if decided is None and away_goals:
        decided = _decide(team_a, team_b, a_away, b_away, "away_goals")
    if decided is not None:
        if penalties is not None:
            raise ValueError(f"no shoot-out is needed: {decided[0]} went through on {decided[1].replace('_', ' ')}")
        return decided
    if penalties is None:
        return None, "undecided"
    a_kicks, b_kicks = _shoot_out(penalties)
    return (team_a if a_kicks > b_kicks else team_b), "penalties"


def _decide(team_a: str, team_b: str, a_count: int, b_count: int, step: str) -> tuple[str, str] | None:
    if a_count == b_count:
        return None
    return (team_a if a_count > b_count else team_b), step


def best_of_pulls(pulls: Sequence[str], team_a: str, team_b: str, best_of: int = 3) -> str | None:
    """Tug-of-war: ``pulls`` lists the winner of each pull in order; a majority of ``best_of`` wins.

    Returns ``None`` while nobody has the majority; a pull recorded after the
    match is won, or won by a team not in the match, is refused.
    """
    _two_teams(team_a, team_b)
    if isinstance(best_of, bool) or not isinstance(best_of, int) or best_of < 1 or best_of % 2 == 0:
        raise ValueError(f"best_of must be an odd whole number (1, 3, 5, ...), got {best_of!r}")
    if isinstance(pulls, str):
        raise ValueError(f"pulls must be a list of pull winners, got the single string {pulls!r}")
    needed = best_of // 2 + 1
    won = {team_a: 0, team_b: 0}
    winner = None
    for number, puller in enumerate(pulls, start=1):
        if winner is not None:
            raise ValueError(f"pull {number}: {winner} already won the best of {best_of}; no more pulls")
        if puller not in won:
            raise ValueError(f"pull {number} was won by {puller!r}, who is not in {team_a} v {team_b}")
        won[puller] += 1
        if won[puller] == needed:
            winner = puller
    return winner


# ---------------------------------------------------------------------------
# Filling in a bracket
# ---------------------------------------------------------------------------


def _index(bracket: Sequence[BracketMatch]) -> dict[str, BracketMatch]:
    """Match key -> match, after checking the bracket hangs together."""
    matches: dict[str, BracketMatch] = {}
    for match in bracket:
        if not isinstance(match, BracketMatch):
            raise ValueError(f"a bracket holds BracketMatch items, got {match!r}")
        if match.key in matches:
            raise ValueError(f"match key {match.key!r} appears more than once")
        matches[match.key] = match
    for match in bracket:
        for slot in (match.home, match.away):
            source = slot.winner_of or slot.loser_of
            if source is not None and source not in matches:
                raise ValueError(f"match {match.key}: {slot.label} refers to no match of this bracket")
            if slot.loser_of is not None and matches[source].is_bye:
                raise ValueError(f"match {match.key}: {source} is a bye and has no loser")
    _team_keys([slot.team for match in bracket for slot in (match.home, match.away) if slot.team is not None])
    return matches


def _winner_named(key: str, result) -> str | None:
    """The winner from a result: a team key, or (winner, how) as two_legged_winner returns it."""
    if isinstance(result, tuple) and len(result) == 2:
        result = result[0]  # (None, "undecided") means no winner yet
    if result is None or (isinstance(result, str) and result):
        return result
    raise ValueError(f"result for {key}: expected the winning team's key, got {result!r}")


class _Progress:
    """Works out, match by match, who is known to play and who has won so far."""

    def __init__(self, bracket: Sequence[BracketMatch], results: Mapping[str, tuple[str, str] | str]):
        self.matches = _index(bracket)
        self.results: dict[str, str | None] = {}
        for key, result in results.items():
            if key not in self.matches:
                raise ValueError(f"result for {key!r}: no such match in this bracket")
            if self.matches[key].is_bye:
                raise ValueError(f"result for {key}: a bye is not played, the team goes straight through")
            self.results[key] = _winner_named(key, result)
        self._teams: dict[str, tuple[str | None, str | None]] = {}
        self._working_out: set[str] = set()

    def teams(self, key: str) -> tuple[str | None, str | None]:
        if key not in self._teams:
            if key in self._working_out:
                raise ValueError(f"the bracket loops back on itself at match {key}")
            self._working_out.add(key)
            match = self.matches[key]
            self._teams[key] = (self._team_in(match.home), self._team_in(match.away))
            self._working_out.discard(key)
        return self._teams[key]

    def _team_in(self, slot: Slot) -> str | None:
        if slot.winner_of is not None:
            return self.winner(slot.winner_of)
        if slot.loser_of is not None:
            return self.loser(slot.loser_of)
        return slot.team  # None for a bye

    def winner(self, key: str) -> str | None:
        match = self.matches[key]
        home, away = self.teams(key)
        if match.is_bye:
            return away if match.home.bye else home  # straight through once known
        winner = self.results.get(key)
        if winner is None:
            return None
        if home is None or away is None:
            raise ValueError(
                f"result for {key}: {winner} cannot have won yet, "
                f"the teams are not both known ({home or match.home.label} v {away or match.away.label})"
            )
        if winner not in (home, away):
            raise ValueError(f"result for {key} names {winner!r}, who is not in {home} v {away}")
        return winner

    def loser(self, key: str) -> str | None:
        winner = self.winner(key)
        if winner is None:
            return None
        home, away = self.teams(key)
        return away if winner == home else home


def resolve(
    bracket: Sequence[BracketMatch], results: Mapping[str, tuple[str, str] | str]
) -> dict[str, tuple[str | None, str | None]]:
    """Every match key -> (home team, away team) as known now; ``None`` where not yet known (or a bye).

    ``results`` maps a match key to its winner: a team key, or the
    ``(winner, how)`` pair from :func:`two_legged_winner` (``(None, "undecided")``
    counts as no result yet).  Byes go through without a result.  A result for
    a bye, for a match whose teams are not both known yet, or naming a team not
    in the match, raises ValueError.
    """
    progress = _Progress(bracket, results)
    for key in progress.matches:
        progress.winner(key)  # checks every result, even one nothing depends on
    return {key: progress.teams(key) for key in progress.matches}


def winners(bracket: Sequence[BracketMatch], results: Mapping[str, tuple[str, str] | str]) -> dict[str, str | None]:
    """Every match key -> its winner so far (a bye's team as soon as it is known), else None."""
    progress = _Progress(bracket, results)
    return {key: progress.winner(key) for key in progress.matches}


def _final_key(matches: Mapping[str, BracketMatch]) -> str:
    """The one match whose winner goes nowhere and which is not fed by losers (not the third-place match)."""
    fed_on = {slot.winner_of for match in matches.values() for slot in (match.home, match.away)}
    finals = [
        key
        for key, match in matches.items()
        if key not in fed_on and match.home.loser_of is None and match.away.loser_of is None
    ]
    if len(finals) != 1:
        raise ValueError(f"cannot tell the final of this bracket (candidates: {', '.join(finals) or 'none'})")
    return finals[0]


def champion(bracket: Sequence[BracketMatch], results: Mapping[str, tuple[str, str] | str]) -> str | None:
    """The winner of the final, or None while it is still to be decided."""
    decided = winners(bracket, results)
    return decided[_final_key(_index(bracket))]
