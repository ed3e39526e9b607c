"""Matches as pure functions: a sport's rule, and the state of a match replayed from its events.

The scorekeeper records events (kick-off, goals or points, cards, substitutions, the end of a
period, a penalty shoot-out, the end of the match); the score and everything else shown is
derived from the events that are not undone. `apply` checks that an event may happen now (a goal
before kick-off, a clock action out of order, a player not on the field are refused) and returns
the new state; replaying all events gives the current state.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable, Mapping, Optional

from scoring.rules import league
from scoring.errors import N_
from scoring.rules.common import Refusal

SPORTS: dict[str, dict] = {
    "football": {"points": league.FOOTBALL, "tiebreak": "fifa", "periods": 2, "period_minutes": 45,
                 "score_values": (1,), "max_score": 50, "field_players": 11},
    "basketball": {"points": league.BASKETBALL_FIBA, "tiebreak": "fiba", "periods": 4, "period_minutes": 10,
                   "score_values": (1, 2, 3), "max_score": 300, "field_players": 5},
    "tug_of_war": {"points": league.TUG_OF_WAR, "tiebreak": "fifa", "periods": 3, "period_minutes": 0,
                   "score_values": (1,), "max_score": 3, "field_players": None, "best_of": 3},
}
EVENT_KINDS = ("start", "pause", "resume", "period_end", "score", "yellow_card", "red_card", "foul",
               "substitution", "shootout", "end")


IN_PLAY_KINDS = ("score", "yellow_card", "red_card", "foul", "substitution")  # happen at a minute of a period


def plausible_clock_ms(rule: "MatchRule") -> Optional[int]:
    """How long a period's clock can plausibly have run when something happens in play: the period
    twice over (a clock the scorekeeper never pauses runs through every stoppage: a basketball
    quarter of 10 minutes takes about 20), and at least 15 minutes of stoppage time. None for a
    sport without a clock (tug-of-war)."""
    if rule.period_minutes <= 0:
        return None
    return (rule.period_minutes + max(15, rule.period_minutes)) * 60_000


class MatchError(Refusal):
    """An event that cannot happen now; `code` is part of the protocol."""


@dataclass(frozen=True)
class MatchRule:
    sport: str
    points: league.PointsSystem
    chain: league.TieBreakChain
    periods: int
    period_minutes: int
    score_values: tuple[int, ...]
    max_score: int
    field_players: Optional[int] = None
    roster_max: Optional[int] = None
    outside_roster_max: Optional[int] = None
    outside_field_max: Optional[int] = None
    away_goals: bool = False
    best_of: Optional[int] = None

    def __post_init__(self):
        if self.periods < 1:
            raise ValueError("periods must be at least 1")
        if not self.score_values or min(self.score_values) < 1:
            raise ValueError("score values must be positive whole numbers")


def event_minute(rule: "MatchRule", period: Optional[int], clock_ms: Optional[int]) -> str:
    """When an event happened, as every screen shows it (one formatter, issue 14). Football counts on
    across halves in started minutes: 0:00-0:59 of the second half of a 45-minute game is 46', stoppage
    time is "45+2'"; basketball shows the quarter's clock (time left, "07:30"); a sport without a
    clock (a pull) shows nothing."""
    if clock_ms is None or rule.period_minutes <= 0:
        return ""
    length = rule.period_minutes
    if rule.sport == "football":
        period = max(1, period or 1)
        base = (min(period, rule.periods + 1) - 1) * length
        minute = clock_ms // 60_000
        if period <= rule.periods and minute >= length:
            return f"{base + length}+{minute - length + 1}'"
        return f"{base + minute + 1}'"
    if rule.sport == "basketball":
        left = -(-max(0, length * 60_000 - clock_ms) // 1000)  # whole seconds, rounded up
        return f"{left // 60:02d}:{left % 60:02d}"
    return ""


def build_match_rule(settings: Mapping) -> MatchRule:
    """A MatchRule from a competition file's `rule`: the sport's defaults, then what the file says."""
    sport = settings.get("sport", "football")
    if sport not in SPORTS:
        raise ValueError(f"sport must be one of {', '.join(SPORTS)}, not {sport!r}")
    merged = {**SPORTS[sport], **{k: v for k, v in settings.items() if v is not None}}
    points = merged["points"]
    if isinstance(points, Mapping):
        base = SPORTS[sport]["points"]
        points = league.PointsSystem(**{**base.__dict__, **{k: (tuple(v) if k == "forfeit_score" else v)
                                                             for k, v in points.items()}})
    tiebreak = merged["tiebreak"]
    if isinstance(tiebreak, str):
        if tiebreak not in league.CHAINS:
            raise ValueError(f"tiebreak must be one of {', '.join(league.CHAINS)} or a list of steps")
        chain = league.CHAINS[tiebreak]
    else:
        chain = league.TieBreakChain(tuple(tiebreak), restart=bool(merged.get("restart", False)))
    outside = merged.get("outside_players") or {}
    return MatchRule(
        sport=sport, points=points, chain=chain, periods=int(merged["periods"]),
        period_minutes=int(merged["period_minutes"]), score_values=tuple(merged["score_values"]),
        max_score=int(merged["max_score"]), field_players=merged.get("field_players"),
        roster_max=merged.get("roster_max"), outside_roster_max=outside.get("roster"),
        outside_field_max=outside.get("field"), away_goals=bool(merged.get("away_goals", False)),
        best_of=merged.get("best_of"))


@dataclass(frozen=True)
class Event:
    """One recorded event as the rules see it (teams are "home" or "away")."""

    kind: str
    side: Optional[str] = None
    player: Optional[str] = None
    other_player: Optional[str] = None
    value: Optional[int] = None


@dataclass(frozen=True)
class MatchState:
    period: int = 0                      # 0 before kick-off
    in_play: bool = False                # a period is under way (clock may be paused)
    clock_running: bool = False
    finished: bool = False
    score: tuple[int, int] = (0, 0)
    shootout: tuple[int, int] = (0, 0)
    shootout_kicks: tuple[int, int] = (0, 0)
    on_field: Mapping[str, frozenset] = field(default_factory=lambda: {"home": frozenset(), "away": frozenset()})
    sent_off: frozenset = frozenset()    # players shown a red card (direct or second yellow)
    yellow: frozenset = frozenset()      # players with one yellow card

    @property
    def started(self) -> bool:
        return self.period > 0


def _side_index(side: Optional[str]) -> int:
    if side not in ("home", "away"):
        raise MatchError("unknown_team", 'Name the team: home or away.')
    return 0 if side == "home" else 1


def _bump(pair: tuple[int, int], side: str, by: int) -> tuple[int, int]:
    index = _side_index(side)
    return tuple(v + by if i == index else v for i, v in enumerate(pair))  # type: ignore[return-value]


def _live(state: MatchState, what: str) -> None:
    if state.finished:
        raise MatchError("finished", N_('The match is over.'))
    if not state.started:
        raise MatchError("not_started", N_('The match has not kicked off yet.'))


def _on_field(state: MatchState, side: str, player: Optional[str], tracked: bool) -> None:
    if player is None:
        return
    if tracked and player not in state.on_field[side]:
        raise MatchError("not_on_field", N_('Player %(player)s is not on the field for this team.'), player=player)
    if player in state.sent_off:
        raise MatchError("sent_off", N_('Player %(player)s has been sent off.'), player=player)


def apply(rule: MatchRule, state: MatchState, event: Event, lineups_tracked: bool = False,
          knockout: bool = False) -> MatchState:
    """The state after `event`, or MatchError when it cannot happen now (a knockout match cannot end level)."""
    kind = event.kind
    if kind == "start":
        if state.finished:
            raise MatchError("finished", N_('The match is over.'))
        if state.in_play:
            raise MatchError("out_of_order", N_('A period is already under way; end it first.'))
        return replace(state, period=state.period + 1, in_play=True, clock_running=True)
    if kind in ("pause", "resume"):
        _live(state, "clock action")
        if not state.in_play:
            raise MatchError("out_of_order", N_('No period is under way.'))
        if state.clock_running == (kind == "resume"):
            raise MatchError("out_of_order", "The clock is already " + ("running." if kind == "resume" else "stopped."))
        return replace(state, clock_running=kind == "resume")
    if kind == "period_end":
        _live(state, "end of period")
        if not state.in_play:
            raise MatchError("out_of_order", N_('No period is under way.'))
        return replace(state, in_play=False, clock_running=False)
    if kind == "end":
        _live(state, "end of match")
        if rule.best_of and max(state.score) <= rule.best_of // 2:
            raise MatchError("level_score", N_('Best of %(best_of)s: one side must win %(wins)s.'), best_of=rule.best_of, wins=rule.best_of // 2 + 1)
        level = state.score[0] == state.score[1] and state.shootout[0] == state.shootout[1]
        if level and (knockout or not rule.points.draws_allowed):
            raise MatchError("level_score", N_('This match cannot end level: play on, or take penalties.'))
        return replace(state, in_play=False, clock_running=False, finished=True)
    if kind == "score":
        _live(state, "score")
        if not state.in_play:
            raise MatchError("out_of_order", N_('Scores count only while a period is under way.'))
        if event.value not in rule.score_values:
            raise MatchError("bad_value", N_('A score is worth one of %(values)s.'), values=rule.score_values)
        _on_field(state, event.side or "", event.player, lineups_tracked)
        if rule.best_of and max(state.score) > rule.best_of // 2:
            raise MatchError("out_of_order", N_('The best of %(best_of)s is decided: end the match.'), best_of=rule.best_of)
        score = _bump(state.score, event.side, event.value)
        if max(score) > rule.max_score:
            raise MatchError("absurd_score", N_('A score over %(most)s is not plausible in this sport.'), most=rule.max_score)
        return replace(state, score=score)
    if kind in ("yellow_card", "red_card", "foul"):
        _live(state, "card or foul")
        _side_index(event.side)
        _on_field(state, event.side, event.player, False)
        if kind == "foul":
            return state
        if event.player is None:
            raise MatchError("unknown_player", N_('A card is shown to a player.'))
        if kind == "red_card" or event.player in state.yellow:
            return replace(state, sent_off=state.sent_off | {event.player},
                           on_field={**state.on_field, event.side: state.on_field[event.side] - {event.player}})
        return replace(state, yellow=state.yellow | {event.player})
    if kind == "substitution":
        _live(state, "substitution")
        _side_index(event.side)
        if event.player is None or event.other_player is None:
            raise MatchError("unknown_player", N_('A substitution names the player going off and the one coming on.'))
        _on_field(state, event.side, event.player, lineups_tracked)
        if lineups_tracked and event.other_player in state.on_field[event.side]:
            raise MatchError("out_of_order", N_('Player %(player)s is already on the field.'), player=event.other_player)
        if event.other_player in state.sent_off:
            raise MatchError("sent_off", N_('Player %(player)s has been sent off.'), player=event.other_player)
        side_players = (state.on_field[event.side] - {event.player}) | {event.other_player}
        return replace(state, on_field={**state.on_field, event.side: side_players})
    if kind == "shootout":
        if state.finished:
            raise MatchError("finished", N_('The match is over.'))
        if not state.started or state.in_play:
            raise MatchError("out_of_order", N_('A shoot-out comes after the last period has ended.'))
        if event.value not in (0, 1):
            raise MatchError("bad_value", N_('A shoot-out kick is scored (1) or missed (0).'))
        return replace(state, shootout=_bump(state.shootout, event.side, event.value),
                       shootout_kicks=_bump(state.shootout_kicks, event.side, 1))
    raise MatchError("unknown_event", 'Unknown event %(kind)s; one of %(kinds)s.', kind=repr(kind), kinds=EVENT_KINDS)


def replay(rule: MatchRule, events: Iterable[Event], starters: Optional[Mapping[str, Iterable[str]]] = None) -> MatchState:
    """The state of a match after its events (not undone), from its starting line-ups if tracked."""
    state = MatchState(on_field={side: frozenset((starters or {}).get(side, ())) for side in ("home", "away")})
    for event in events:
        state = apply(rule, state, event, lineups_tracked=starters is not None)
    return state


def outside_players_problem(rule: MatchRule, roster_outside: int, field_outside: int) -> Optional[str]:
    """Why a line-up breaks the local cap on players from outside the team's own village, or None."""
    if rule.outside_roster_max is not None and roster_outside > rule.outside_roster_max:
        return (f"{roster_outside} players on the roster come from outside the team's village; "
                f"at most {rule.outside_roster_max} are allowed.")
    if rule.outside_field_max is not None and field_outside > rule.outside_field_max:
        return (f"{field_outside} players on the field come from outside the team's village; "
                f"at most {rule.outside_field_max} are allowed.")
    return None
