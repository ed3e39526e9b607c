"""League (group) tables: every team plays its group opponents, the table ranks them.

How a table is made
-------------------
1. Every result gives each of its two teams a one-match record: played, won,
   drawn, lost or forfeited, scored, conceded and points from the competition's
   ``PointsSystem``.  A *forfeit* (walkover, no-show) replaces the recorded score
   by ``forfeit_score`` (football 3-0, FIBA basketball 20-0): the other team wins,
   the team that forfeited gets ``forfeit_loss`` points (FIBA: 0, while a game
   played and lost gives 1) and counts as *forfeited*, not *lost*.
2. Records are added up per team; teams with no match yet appear with zeros.
   *Fair-play points* come from the cards (see ``fair_play_points``).
3. Teams are ordered by the ``TieBreakChain``: a list of named steps, each a
   number where higher is better, applied in order to the teams still level.

   * ``points``, ``difference`` (scored minus conceded), ``scored``, ``wins``
     and ``fair_play`` (<= 0: fewer cards is better) look at all matches.
   * ``h2h_points``, ``h2h_difference``, ``h2h_scored``, ``h2h_wins`` look only
     at the matches *between the teams being separated* (head-to-head).
   * ``lots``: the organizer's drawing of lots, recorded as an ordered list of
     team keys; among the still-level teams the one earlier in the list ranks
     higher.  If a still-level team is missing from the list they stay level
     (shared rank) and the table says the organizer must draw lots.

   Two ways of walking the chain:

   * FIFA (``restart=False``): the head-to-head group is the set of teams still
     level when the chain first reaches a head-to-head step; when a step splits
     that group, the smaller groups go on with the *next* step and the
     head-to-head values are not recomputed for them.
   * FIBA (``restart=True``): whenever a step splits a level group, each still-level
     subgroup of two or more teams starts the chain again from its first step,
     with head-to-head recomputed among just those teams.

4. Teams level after the whole chain share the rank (1, 1, 3) and are shown in
   team-key order.

Sources: FIFA World Cup regulations 2018/2022 (group ranking, fair-play
deductions); FIBA Official Basketball Rules, Appendix D "Classification of
teams" (2 points a win, 1 a loss, 0 a forfeit; head-to-head first, procedure
restarted whenever the tied group gets smaller) and Art. 20 (forfeit 20-0).

Every number here is an ``int``: goals, points, pulls and fair-play points are
counted, never measured.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace

from scoring.rules.common import is_count, require_unique

__all__ = [
    "BASKETBALL_FIBA",
    "CHAINS",
    "FIBA",
    "FIFA",
    "FOOTBALL",
    "POINTS_SYSTEMS",
    "TIEBREAK_STEPS",
    "TUG_OF_WAR",
    "Card",
    "PointsSystem",
    "Result",
    "TableRow",
    "TieBreakChain",
    "fair_play_points",
    "league_table",
]

LOTS = "lots"
SHARED = "shared"
CARDS = ("yellow", "red")


def _require_int(value, what: str) -> None:
    if not is_count(value):
        raise ValueError(f"{what} must be a whole number (int), got {value!r}")


# ---------------------------------------------------------------------------
# Points systems
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PointsSystem:
    """Points a team earns for one match, and the score recorded for a forfeit."""

    win: int = 3
    draw: int = 1
    loss: int = 0
    forfeit_loss: int = 0  # for the team that forfeited (FIBA: 0, while a played loss gives 1)
    forfeit_score: tuple[int, int] = (3, 0)  # (winner, loser) recorded for a forfeit / walkover
    draws_allowed: bool = True

    def __post_init__(self):
        for name in ("win", "draw", "loss", "forfeit_loss"):
            _require_int(getattr(self, name), f"points for a {name.replace('_', ' ')}")
        for name in ("draw", "loss", "forfeit_loss"):
            if getattr(self, name) >= self.win:
                raise ValueError(f"a win must earn more points than a {name.replace('_', ' ')}")
        if not isinstance(self.draws_allowed, bool):
            raise ValueError(f"draws_allowed must be True or False, got {self.draws_allowed!r}")
        self._check_forfeit_score()

    def _check_forfeit_score(self):
        score = self.forfeit_score
        if not isinstance(score, (tuple, list)) or len(score) != 2:
            raise ValueError(f"forfeit_score must be a (winner, loser) pair, got {score!r}")
        object.__setattr__(self, "forfeit_score", tuple(score))
        winner, loser = score
        _require_int(winner, "forfeit score of the winner")
        _require_int(loser, "forfeit score of the team that forfeited")
        if not winner > loser >= 0:
            raise ValueError(f"forfeit_score must be (winner, loser) with winner > loser >= 0, got {score!r}")


FOOTBALL = PointsSystem(3, 1, 0, 0, (3, 0))
BASKETBALL_FIBA = PointsSystem(win=2, draw=0, loss=1, forfeit_loss=0, forfeit_score=(20, 0), draws_allowed=False)
# Tug of war (押加): the score is pulls won, best of three.
TUG_OF_WAR = PointsSystem(win=2, draw=0, loss=0, forfeit_loss=0, forfeit_score=(2, 0), draws_allowed=False)
POINTS_SYSTEMS: Mapping[str, PointsSystem] = {
    "football": FOOTBALL,
    "basketball_fiba": BASKETBALL_FIBA,
    "tug_of_war": TUG_OF_WAR,
}


# ---------------------------------------------------------------------------
# What was recorded: results and cards
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """The final score of one match; ``forfeit`` names the team that forfeited / did not show."""

    match: str
    home: str
    away: str
    home_score: int
    away_score: int
    forfeit: str | None = None

    def __post_init__(self):
        if self.home == self.away:
            raise ValueError(f"match {self.match!r}: a team cannot play itself ({self.home!r})")
        for name in ("home_score", "away_score"):
            score = getattr(self, name)
            _require_int(score, f"match {self.match!r}: {name.replace('_', ' ')}")
            if score < 0:
                raise ValueError(f"match {self.match!r}: {name.replace('_', ' ')} must not be negative, got {score}")
        if self.forfeit is not None and self.forfeit not in (self.home, self.away):
            raise ValueError(
                f"match {self.match!r}: the forfeiting team {self.forfeit!r} is neither {self.home!r} nor {self.away!r}"
            )


@dataclass(frozen=True)
class Card:
    """A card shown to a player.  The red that follows a second yellow is not recorded separately."""

    match: str
    team: str
    player: str
    card: str  # "yellow" or "red"

    def __post_init__(self):
        if self.card not in CARDS:
            raise ValueError(f"unknown card {self.card!r}; expected one of {', '.join(CARDS)}")


# Fair-play deduction for one player in one match, by (yellows, reds) shown.  Only one
# deduction per player per match: a second yellow (indirect red) replaces the first yellow.
_CARD_DEDUCTION: Mapping[tuple[int, int], int] = {
    (1, 0): -1,  # yellow card
    (2, 0): -3,  # indirect red card (second yellow)
    (0, 1): -4,  # direct red card
    (1, 1): -5,  # yellow card and direct red card
}


def fair_play_points(cards: Iterable[Card]) -> dict[str, int]:
    """Team -> fair-play points (<= 0), FIFA 2018/2022 deductions; teams with no card are left out."""
    shown: Counter[tuple[str, str, str, str]] = Counter(
        (card.match, card.team, card.player, card.card) for card in cards
    )
    players = {(match, team, player) for match, team, player, _ in shown}
    points: dict[str, int] = {}
    for match, team, player in sorted(players):
        yellows = shown[(match, team, player, "yellow")]
        reds = shown[(match, team, player, "red")]
        if (yellows, reds) not in _CARD_DEDUCTION:
            raise ValueError(
                f"match {match!r}: player {player!r} of {team!r} cannot be shown {yellows} yellow and {reds} red "
                "cards (at most a yellow and a red, or two yellows; the red after a second yellow is not recorded)"
            )
        points[team] = points.get(team, 0) + _CARD_DEDUCTION[(yellows, reds)]
    return points


# ---------------------------------------------------------------------------
# Records: what a team has done, over all matches or head-to-head
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Record:
    played: int = 0
    won: int = 0
    drawn: int = 0
    lost: int = 0
    forfeited: int = 0
    scored: int = 0
    conceded: int = 0
    points: int = 0
    fair_play: int = 0

    def __add__(self, other: _Record) -> _Record:
        return _Record(*(getattr(self, name) + getattr(other, name) for name in _RECORD_FIELDS))


_RECORD_FIELDS = tuple(field.name for field in fields(_Record))


def _recorded_score(result: Result, system: PointsSystem) -> tuple[int, int]:
    """(home, away) as it counts: a forfeit is recorded as ``forfeit_score`` for the other team."""
    winner, loser = system.forfeit_score
    if result.forfeit == result.home:
        return loser, winner
    if result.forfeit == result.away:
        return winner, loser
    return result.home_score, result.away_score


def _one_match(scored: int, conceded: int, forfeited: bool, system: PointsSystem) -> _Record:
    """One team's record for one match."""
    played = {"played": 1, "scored": scored, "conceded": conceded}
    if forfeited:
        return _Record(**played, forfeited=1, points=system.forfeit_loss)
    if scored > conceded:
        return _Record(**played, won=1, points=system.win)
    if scored == conceded:
        return _Record(**played, drawn=1, points=system.draw)
    return _Record(**played, lost=1, points=system.loss)


def _tally(teams: Iterable[str], results: Iterable[Result], system: PointsSystem) -> dict[str, _Record]:
    """Team -> record over the results played between ``teams`` (others are skipped)."""
    records = {team: _Record() for team in teams}
    for result in results:
        if result.home not in records or result.away not in records:
            continue
        home, away = _recorded_score(result, system)
        records[result.home] += _one_match(home, away, result.forfeit == result.home, system)
        records[result.away] += _one_match(away, home, result.forfeit == result.away, system)
    return records


# ---------------------------------------------------------------------------
# Tie-break steps: each is a metric of a record, over all matches or head-to-head
# ---------------------------------------------------------------------------


def _points(record: _Record) -> int:
    return record.points


def _difference(record: _Record) -> int:
    return record.scored - record.conceded


def _scored(record: _Record) -> int:
    return record.scored


def _wins(record: _Record) -> int:
    return record.won


def _fair_play(record: _Record) -> int:
    return record.fair_play


_ALL_MATCHES = "all matches"
_HEAD_TO_HEAD = "head-to-head"

# step -> (which matches it looks at, metric: higher is better)
_STEPS: Mapping[str, tuple[str, Callable[[_Record], int]]] = {
    "points": (_ALL_MATCHES, _points),
    "difference": (_ALL_MATCHES, _difference),
    "scored": (_ALL_MATCHES, _scored),
    "wins": (_ALL_MATCHES, _wins),
    "h2h_points": (_HEAD_TO_HEAD, _points),
    "h2h_difference": (_HEAD_TO_HEAD, _difference),
    "h2h_scored": (_HEAD_TO_HEAD, _scored),
    "h2h_wins": (_HEAD_TO_HEAD, _wins),
    "fair_play": (_ALL_MATCHES, _fair_play),
}
TIEBREAK_STEPS = tuple(_STEPS) + (LOTS,)


@dataclass(frozen=True)
class TieBreakChain:
    """The order of the table: named steps applied to the teams still level (see the module docstring)."""

    steps: tuple[str, ...]
    restart: bool = False  # FIBA: a split restarts the chain for each still-level subgroup

    def __post_init__(self):
        object.__setattr__(self, "steps", tuple(self.steps))
        if not self.steps or self.steps[0] != "points":
            raise ValueError(f"a tie-break chain must start with 'points', got {self.steps!r}")
        for step in self.steps:
            if step not in TIEBREAK_STEPS:
                raise ValueError(f"unknown tie-break step {step!r}; expected one of {', '.join(TIEBREAK_STEPS)}")
        require_unique(self.steps, "tie-break step")
        if LOTS in self.steps[:-1]:
            raise ValueError("'lots' can only be the last tie-break step")
        if not isinstance(self.restart, bool):
            raise ValueError(f"restart must be True or False, got {self.restart!r}")


FIFA = TieBreakChain(
    ("points", "difference", "scored", "h2h_points", "h2h_difference", "h2h_scored", "fair_play", "lots")
)
FIBA = TieBreakChain(
    ("points", "h2h_points", "h2h_difference", "h2h_scored", "difference", "scored", "lots"), restart=True
)
CHAINS: Mapping[str, TieBreakChain] = {"fifa": FIFA, "fiba": FIBA}


# ---------------------------------------------------------------------------
# Separating level teams
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tier:
    """Teams the chain left level (one team when separated), and how they got here."""

    teams: tuple[str, ...]
    decided_by: str  # the step that separated a lone team, or "shared"
    needs_lots: bool = False


@dataclass(frozen=True)
class _Group:
    """Everything the chain looks at."""

    table: Mapping[str, _Record]
    results: tuple[Result, ...]
    system: PointsSystem
    chain: TieBreakChain
    lots: Mapping[str, int]  # team -> position in the drawing of lots


def _split(teams: tuple[str, ...], value: Callable[[str], int]) -> list[tuple[str, ...]]:
    """``teams`` in subgroups of equal value, highest first; team order is kept inside a subgroup."""
    values = {team: value(team) for team in teams}
    levels = sorted(set(values.values()), reverse=True)
    return [tuple(team for team in teams if values[team] == level) for level in levels]


def _draw_lots(teams: tuple[str, ...], lots: Mapping[str, int]) -> list[_Tier]:
    if all(team in lots for team in teams):
        return [_Tier((team,), LOTS) for team in sorted(teams, key=lots.__getitem__)]
    return [_Tier(teams, SHARED, needs_lots=True)]


def _separate(
    teams: tuple[str, ...], start: int, group: _Group, head_to_head: Mapping[str, _Record] | None
) -> list[_Tier]:
    """Order ``teams`` (two or more, level so far) from chain step ``start`` on."""
    steps = group.chain.steps
    for index in range(start, len(steps)):
        step = steps[index]
        if step == LOTS:
            return _draw_lots(teams, group.lots)
        matches, metric = _STEPS[step]
        if matches == _HEAD_TO_HEAD and head_to_head is None:
            head_to_head = _tally(teams, group.results, group.system)  # among the teams level right now
        records = head_to_head if matches == _HEAD_TO_HEAD else group.table
        parts = _split(teams, lambda team: metric(records[team]))
        if len(parts) > 1:
            return [tier for part in parts for tier in _after_split(part, step, index, group, head_to_head)]
    return [_Tier(teams, SHARED)]


def _after_split(
    part: tuple[str, ...], step: str, index: int, group: _Group, head_to_head: Mapping[str, _Record] | None
) -> list[_Tier]:
    if len(part) == 1:
        return [_Tier(part, step)]
    if group.chain.restart:
        return _separate(part, 0, group, None)  # FIBA: start again, head-to-head among this subgroup
    return _separate(part, index + 1, group, head_to_head)  # FIFA: go on, keep the head-to-head values


# ---------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TableRow:
    team: str
    rank: int
    played: int
    won: int
    drawn: int
    lost: int
    forfeited: int
    scored: int
    conceded: int
    difference: int
    points: int
    fair_play: int
    # None: no other team has the same points.  Else the step that separated this team from
    # the teams level on points with it; "lots" when the drawing of lots did; "shared" when
    # still level after the whole chain (the rank is shared).
    decided_by: str | None
    needs_lots: bool  # level up to "lots" and no (complete) drawing recorded: the organizer must draw lots


def _checked_teams(teams: Sequence[str]) -> tuple[str, ...]:
    for team in teams:
        if not isinstance(team, str) or not team:
            raise ValueError(f"a team key must be a non-empty string, got {team!r}")
    require_unique(teams, "team")
    return tuple(sorted(teams))


def _checked_results(teams: tuple[str, ...], results: Iterable[Result], system: PointsSystem) -> tuple[Result, ...]:
    results = tuple(results)
    require_unique((result.match for result in results), "match")
    known = set(teams)
    for result in results:
        for team in (result.home, result.away):
            if team not in known:
                raise ValueError(f"match {result.match!r}: {team!r} is not a team of this table")
        if not system.draws_allowed and result.forfeit is None and result.home_score == result.away_score:
            raise ValueError(
                f"match {result.match!r}: {result.home_score}-{result.away_score} is a draw, "
                "and this sport has no draws"
            )
    return results


def _checked_cards(results: tuple[Result, ...], cards: Iterable[Card]) -> tuple[Card, ...]:
    cards = tuple(cards)
    sides = {result.match: (result.home, result.away) for result in results}
    for card in cards:
        if card.match not in sides:
            raise ValueError(f"a card for player {card.player!r} names match {card.match!r}, which has no result")
        if card.team not in sides[card.match]:
            raise ValueError(
                f"a card for player {card.player!r} names {card.team!r}, who did not play match {card.match!r}"
            )
    return cards


def _checked_lots(teams: tuple[str, ...], lots: Sequence[str], chain: TieBreakChain) -> dict[str, int]:
    lots = tuple(lots)
    if lots and LOTS not in chain.steps:
        raise ValueError("a drawing of lots is recorded, but the tie-break chain has no 'lots' step")
    require_unique(lots, "team in the drawing of lots")
    for team in lots:
        if team not in teams:
            raise ValueError(f"the drawing of lots names {team!r}, which is not a team of this table")
    return {team: position for position, team in enumerate(lots)}


def _row(team: str, rank: int, record: _Record, tier: _Tier, alone_on_points: bool) -> TableRow:
    return TableRow(
        team=team,
        rank=rank,
        played=record.played,
        won=record.won,
        drawn=record.drawn,
        lost=record.lost,
        forfeited=record.forfeited,
        scored=record.scored,
        conceded=record.conceded,
        difference=record.scored - record.conceded,
        points=record.points,
        fair_play=record.fair_play,
        decided_by=None if alone_on_points else tier.decided_by,
        needs_lots=tier.needs_lots,
    )


def league_table(
    teams: Sequence[str],
    results: Iterable[Result],
    points: PointsSystem,
    chain: TieBreakChain,
    cards: Iterable[Card] = (),
    lots: Sequence[str] = (),
) -> list[TableRow]:
    """The table, best first: ranks 1, 1, 3 for teams level after the whole chain, then by team key."""
    teams = _checked_teams(teams)
    results = _checked_results(teams, results, points)
    fair_play = fair_play_points(_checked_cards(results, cards))
    table = {
        team: replace(record, fair_play=fair_play.get(team, 0))
        for team, record in _tally(teams, results, points).items()
    }
    group = _Group(table, results, points, chain, _checked_lots(teams, lots, chain))
    tiers = _separate(teams, 0, group, None) if len(teams) > 1 else [_Tier(teams, "points")]
    on_points = Counter(record.points for record in table.values())
    rows: list[TableRow] = []
    for tier in tiers:
        rank = len(rows) + 1
        for team in tier.teams:
            rows.append(_row(team, rank, table[team], tier, on_points[table[team].points] == 1))
    return rows
