"""A match stage's standings: every fixture's score derived from its events, and the league table
(per group) ranked by the event's points system and tie-break chain. Same envelope as judged
standings (stage, seq, sent_at, rows), with the table's columns in each row and the fixtures."""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from scoring.models import Entry, Fixture, Player, Stage
from scoring.rules import league
from scoring.rules.match import Event, MatchRule, MatchState, build_match_rule, event_minute, replay

FINISHED = ("finished", "forfeit")


def _side(fixture: Fixture, entry_id: Optional[int]) -> Optional[str]:
    if entry_id is None:
        return None
    return "home" if entry_id == fixture.home_entry_id else "away" if entry_id == fixture.away_entry_id else None


def fixture_events(fixture: Fixture, players: dict[int, Player]) -> list[Event]:
    """The fixture's events that are not undone, as the match rules see them."""
    key = lambda player_id: players[player_id].key if player_id in players else None  # noqa: E731
    return [Event(kind=e.kind, side=_side(fixture, e.entry_id), player=key(e.player_id),
                  other_player=key(e.other_player_id), value=e.value)
            for e in fixture.events if not e.undone]


def fixture_state(rule: MatchRule, fixture: Fixture, players: dict[int, Player]) -> MatchState:
    return replay(rule, fixture_events(fixture, players))


def team_colour(entry: Entry) -> Optional[str]:
    """The team's colour on the boards: its own, or that of the team it advanced as (a knockout drawn
    from the groups)."""
    while entry is not None and entry.colour is None:
        entry = entry.source_entry
    return entry.colour if entry is not None else None


def _team(entry: Optional[Entry]) -> Optional[dict[str, Any]]:
    if entry is None:
        return None
    return {"entry": entry.key, "name": entry.name, "name_bo": entry.name_bo,
            "unit": entry.unit.name if entry.unit else None, "colour": team_colour(entry)}


def moment(value) -> Optional[str]:
    return None if value is None else value.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _last_event(rule: MatchRule, fixture: Fixture, players: dict[int, Player]) -> Optional[dict[str, Any]]:
    """The latest event not undone, as the board shows it ("goal, No. 9 扎西, 23'")."""
    event = next((e for e in reversed(fixture.events) if not e.undone), None)
    if event is None:
        return None
    def who(player_id: Optional[int]) -> Optional[dict[str, Any]]:
        player = players.get(player_id)
        return None if player is None else {"key": player.key, "name": player.name, "number": player.number}

    return {"number": event.number, "kind": event.kind, "team": _side(fixture, event.entry_id), "value": event.value,
            "player": who(event.player_id), "player_in": who(event.other_player_id),
            "period": event.period, "clock_ms": event.clock_ms,
            "minute": event_minute(rule, event.period, event.clock_ms)}


def _shown_score(rule: MatchRule, fixture: Fixture, state: MatchState) -> list[int]:
    """The score as played, or the rule's forfeit score for a walkover."""
    if fixture.status != "forfeit":
        return list(state.score)
    winner, loser = rule.points.forfeit_score
    return [loser, winner] if fixture.forfeited_by_id == fixture.home_entry_id else [winner, loser]


def fixture_payload(rule: MatchRule, fixture: Fixture, state: MatchState, players: dict[int, Player]) -> dict[str, Any]:
    return {
        "fixture": fixture.key, "round": fixture.round, "group": fixture.group, "leg": fixture.leg,
        "home": _team(fixture.home), "away": _team(fixture.away),
        "home_source": fixture.home_source, "away_source": fixture.away_source,
        "score": _shown_score(rule, fixture, state), "forfeited_by": _forfeiter(fixture), "shootout": list(state.shootout) if any(state.shootout_kicks) else None,
        "status": fixture.status, "period": state.period, "in_play": state.in_play, "venue": fixture.venue, "starts_at": moment(fixture.starts_at),
        "clock": {"running": fixture.clock_running, "started_at": moment(fixture.clock_started_at),
                  "elapsed_ms": fixture.clock_elapsed_ms},
        "cards": _cards(fixture, players),
        "last_event": _last_event(rule, fixture, players),
    }


def _forfeiter(fixture: Fixture) -> Optional[str]:
    return None if fixture.status != "forfeit" else _side(fixture, fixture.forfeited_by_id)


def _cards(fixture: Fixture, players: dict[int, Player]) -> dict[str, dict[str, int]]:
    """Yellow and red cards shown to each side so far."""
    shown = {"home": {"yellow": 0, "red": 0}, "away": {"yellow": 0, "red": 0}}
    for event in fixture.events:
        side = _side(fixture, event.entry_id)
        if not event.undone and side and event.kind in ("yellow_card", "red_card"):
            shown[side]["yellow" if event.kind == "yellow_card" else "red"] += 1
    return shown


def _results(fixtures, states, players) -> tuple[list[league.Result], list[league.Card]]:
    results, cards = [], []
    for fixture in fixtures:
        if fixture.home is None or fixture.away is None or fixture.status not in FINISHED:
            continue  # the table counts finished matches only, cards included
        for event in fixture.events:
            if not event.undone and event.kind in ("yellow_card", "red_card") and event.player_id in players:
                team = fixture.home if event.entry_id == fixture.home_entry_id else fixture.away
                cards.append(league.Card(match=fixture.key, team=team.key, player=players[event.player_id].key,
                                         card="yellow" if event.kind == "yellow_card" else "red"))
        home, away = states[fixture.id].score
        forfeit = None
        if fixture.status == "forfeit":
            forfeit = fixture.home.key if fixture.forfeited_by_id == fixture.home_entry_id else fixture.away.key
        results.append(league.Result(match=fixture.key, home=fixture.home.key, away=fixture.away.key,
                                     home_score=home, away_score=away, forfeit=forfeit))
    return results, cards


def drawn_lots(stage: Stage) -> dict[str, list[str]]:
    """Each group's drawing of lots (group "" for a stage without groups), as the table reads it: the
    drawings recorded on the console (settings.drawings, each a tie's teams in the order drawn),
    then the competition file's (the event rule's `lots`, the stage's own `lots`) for any team the
    console's drawings leave out. Only the order among teams still level counts, so the ties of
    one group may be drawn one by one."""
    settings = stage.settings or {}
    from_file: dict[str, list[str]] = {}
    for given in ((stage.event.rule or {}).get("lots") or {}, settings.get("lots") or {}):
        for group, order in given.items():
            from_file[str(group or "")] = [str(team) for team in order]
    lots: dict[str, list[str]] = defaultdict(list)
    for drawing in settings.get("drawings") or []:
        lots[drawing["group"]] += drawing["order"]
    for group, order in from_file.items():
        lots[group] += [team for team in order if team not in lots[group]]
    return dict(lots)


def _table_rows(rule: MatchRule, stage: Stage, fixtures, states, players, lots) -> list[dict[str, Any]]:
    by_key = {e.key: e for e in stage.entries}
    groups: dict[Optional[str], list[str]] = defaultdict(list)
    group_of = {}
    for fixture in fixtures:
        for team in (fixture.home, fixture.away):
            if team is not None and team.key not in group_of:
                group_of[team.key] = fixture.group
    for entry in stage.entries:
        groups[group_of.get(entry.key)].append(entry.key)
    unfinished = {t.key for f in fixtures if f.status not in FINISHED for t in (f.home, f.away) if t is not None}
    rows = []
    for group in sorted(groups, key=lambda g: (g is None, g or "")):
        in_group = [f for f in fixtures if f.group == group]
        results, cards = _results(in_group, states, players)
        drawn = [team for team in lots.get(group or "", []) if team in groups[group]] \
            if league.LOTS in rule.chain.steps else []
        group_done = all(f.status in FINISHED for f in in_group)
        for row in league.league_table(groups[group], results, rule.points, rule.chain, cards, lots=drawn):
            entry = by_key[row.team]
            rows.append({
                "rank": row.rank, "entry": entry.key, "name": entry.name, "name_bo": entry.name_bo,
                "unit": entry.unit.name if entry.unit else None, "colour": team_colour(entry),
                "group": group, "total": str(row.points),
                "status": "provisional" if entry.key in unfinished else "final",
                "played": row.played, "won": row.won, "drawn": row.drawn, "lost": row.lost,
                "forfeited": row.forfeited, "scored": row.scored, "conceded": row.conceded,
                "difference": row.difference, "points": row.points, "fair_play": row.fair_play,
                # before a team has played, being level with the others says nothing: no tie-break shown
                "tiebreak": row.decided_by if row.played else None, "needs_lots": row.needs_lots and group_done,
            })
    return rows


def match_standings(session: Session, stage: Stage, sent_at: str,
                    lots: Optional[dict[str, list[str]]] = None) -> dict[str, Any]:
    """The stage's standings; `lots`: the drawings to rank by instead of the recorded ones ({}: none,
    to see which teams are level on everything)."""
    rule = build_match_rule(stage.event.rule or {})
    fixtures = session.scalars(
        select(Fixture).where(Fixture.stage_id == stage.id).order_by(Fixture.round, Fixture.id).options(
            selectinload(Fixture.events), selectinload(Fixture.home).selectinload(Entry.unit),
            selectinload(Fixture.away).selectinload(Entry.unit))).all()
    players = {p.id: p for p in session.scalars(
        select(Player).join(Entry, Player.entry_id == Entry.id).where(Entry.stage_id == stage.id))}
    states = {f.id: fixture_state(rule, f, players) for f in fixtures}
    lots = drawn_lots(stage) if lots is None else lots
    return {
        "stage": stage.key, "stage_name": stage.name, "event": stage.event.key, "event_name": stage.event.name,
        "format": "match", "sport": rule.sport, "periods": rule.periods, "period_minutes": rule.period_minutes,
        "best_of": rule.best_of, "knockout": (stage.settings or {}).get("schedule") == "knockout"
        or any(f.home_source or f.away_source for f in fixtures),
        "decimals": 0, "seq": stage.seq, "sent_at": sent_at,
        "current": None,
        "live": [fixture_payload(rule, f, states[f.id], players) for f in fixtures if f.status == "live"],
        "rows": _table_rows(rule, stage, fixtures, states, players, lots),
        "fixtures": [fixture_payload(rule, f, states[f.id], players) for f in fixtures],
    }
