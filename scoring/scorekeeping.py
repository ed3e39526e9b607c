"""The scorekeeper's service for match stages: every recorded event, undo and line-up goes through
here. Like the judges' service it validates, authorizes, writes the event and its audit entry and
bumps the stage's sequence number in one transaction, and is idempotent on the client's id.

The score, the period, the fixture's status and the server-owned clock are all derived from the
events that are not undone (the clock from the server times at which start, pause, resume and the
end of a period were recorded), so an undo puts everything back exactly.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from scoring import audit, organizing
from scoring.errors import N_, ScoringError
from scoring.knockout import advance, tie_key, two_leg_decision
from scoring.match_standings import fixture_events, match_standings
from scoring.models import Appearance, Entry, Fixture, Judge, MatchEvent, Player, Unit, utcnow
from scoring.rules.match import (EVENT_KINDS, IN_PLAY_KINDS, Event, MatchError, apply, build_match_rule,
                                 outside_players_problem, plausible_clock_ms, replay)
from scoring.service import Outcome, client_id_of, in_own_stage, official_change

SIDES = ("home", "away")


def _fixture(session: Session, judge: Judge, key: Any) -> Fixture:
    return in_own_stage(session, judge, Fixture, key, "fixture")


def _team_players(session: Session, fixture: Fixture) -> dict[int, Player]:
    ids = [i for i in (fixture.home_entry_id, fixture.away_entry_id) if i is not None]
    return {p.id: p for p in session.scalars(select(Player).where(Player.entry_id.in_(ids)))}


def _player(players: dict[int, Player], team_id: int, key: Any) -> Optional[Player]:
    if key is None:
        return None
    if isinstance(key, bool) or not isinstance(key, (str, int)) or len(str(key)) > 64:
        raise ScoringError("unknown_player", 'A player is named by their key (text or a number).')
    for player in players.values():
        if player.entry_id == team_id and player.key == str(key):
            return player
    raise ScoringError("unknown_player", N_("Player %(key)s is not on this team's roster."), key=key)


def _player_keys(data: dict, name: str) -> list:
    keys = data.get(name) or []
    if not isinstance(keys, list) or len(keys) > 100:
        raise ScoringError("bad_request", "%(name)s must be a list of players' keys.", name=name)
    return keys


def _starters(session: Session, fixture: Fixture, players: dict[int, Player]) -> Optional[dict[str, list[str]]]:
    """The starting line-ups when the scorekeeper entered them (then goals need a player on the field)."""
    rows = session.scalars(select(Appearance).where(Appearance.fixture_id == fixture.id, Appearance.on_field)).all()
    if not rows:
        return None
    starters: dict[str, list[str]] = {"home": [], "away": []}
    for row in rows:
        player = players[row.player_id]
        starters["home" if player.entry_id == fixture.home_entry_id else "away"].append(player.key)
    return starters


def _knockout(fixture: Fixture) -> bool:
    """A single knockout match needs a winner: it cannot end level (a first leg can)."""
    if fixture.leg > 1 or tie_key(fixture) != fixture.key:
        return False  # a two-legged tie is decided over both legs: see _second_leg_end
    return bool(fixture.home_source or fixture.away_source or (fixture.stage.settings or {}).get("schedule") == "knockout")


def _second_leg_end(session: Session, fixture: Fixture, state, rule) -> None:
    """The second leg of a tie cannot end while the tie is undecided (aggregate, away goals if the
    rule counts them, then a shoot-out)."""
    first = session.scalar(select(Fixture).where(Fixture.stage_id == fixture.stage_id,
                                                 Fixture.key == f"{tie_key(fixture)}.1"))
    if first is None or first.status not in ("finished", "forfeit"):
        raise ScoringError("out_of_order", N_('The first leg of this tie has not finished.'))
    legs = {f["fixture"]: f for f in match_standings(session, fixture.stage, "")["fixtures"]}
    second = {**legs[fixture.key], "shootout": list(state.shootout) if any(state.shootout_kicks) else None}
    try:
        winner, _ = two_leg_decision(legs[first.key], second, rule.away_goals, list(state.score))
    except ValueError as refused:  # e.g. penalties taken although the tie was already decided
        raise ScoringError("out_of_order", str(refused))
    if winner is None:
        raise ScoringError("level_score", N_('The tie is level over both legs: take penalties.'))


def _clock(fixture: Fixture, events: list[MatchEvent]) -> None:
    """Rebuild the fixture's clock, period and status from its events' server times."""
    elapsed_ms, started_at, period, ended = 0, None, 0, False
    for event in (e for e in events if not e.undone):
        if event.kind == "start":
            period, elapsed_ms, started_at = period + 1, 0, event.at
        elif event.kind == "resume":
            started_at = event.at
        elif event.kind in ("pause", "period_end", "end") and started_at is not None:
            elapsed_ms += int((event.at - started_at).total_seconds() * 1000)
            started_at = None
        ended = ended or event.kind == "end"
    fixture.period = period
    fixture.clock_running = started_at is not None
    fixture.clock_started_at = started_at
    fixture.clock_elapsed_ms = elapsed_ms
    if fixture.status != "forfeit":
        fixture.status = "finished" if ended else "live" if period else "scheduled"


def _clock_ms(fixture: Fixture, now: datetime) -> int:
    running = int((now - fixture.clock_started_at).total_seconds() * 1000) if fixture.clock_running else 0
    return fixture.clock_elapsed_ms + running


def _plausible_minute(rule, fixture: Fixture, kind: str, clock_ms: int) -> None:
    """Refuse a goal, card or substitution at a minute the period cannot have reached (the clock was
    left running): the scorekeeper pauses or ends the period, which is always accepted."""
    limit = plausible_clock_ms(rule)
    if kind in IN_PLAY_KINDS and limit is not None and clock_ms > limit:
        raise ScoringError("implausible", N_('The clock of period %(period)s reads %(minutes)s minutes, beyond the %(length)s of a period and its stoppage time (at most %(most)s); pause or end the period.'), period=fixture.period, minutes=clock_ms // 60000, length=rule.period_minutes, most=limit // 60000)


def _event_fields(data: dict, fixture: Fixture, players: dict[int, Player]) -> dict[str, Any]:
    kind = data.get("kind")
    if kind not in EVENT_KINDS:
        raise ScoringError("unknown_event", 'kind must be one of %(kinds)s.', kinds=EVENT_KINDS)
    side = data.get("team")
    if side is not None and side not in SIDES:
        raise ScoringError("unknown_team", 'team must be home or away.')
    team_id = fixture.home_entry_id if side == "home" else fixture.away_entry_id if side == "away" else None
    value = data.get("value")
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise ScoringError("not_a_number", 'value must be a whole number.')
    player = _player(players, team_id, data.get("player")) if side else None
    other = _player(players, team_id, data.get("player_in")) if side else None
    return {"kind": kind, "entry_id": team_id, "player_id": player.id if player else None,
            "other_player_id": other.id if other else None, "value": value}


def _fixture_change(sessions, judge_id: int, data: Any, action: str, change, chief: bool = False,
                    events_changed: bool = False) -> Outcome:
    """One scorekeeper's change to one fixture (see service.official_change).
    `change(session, fixture)` makes the change (or raises ScoringError) and returns the audit detail;
    the clock, the status and any knockout sides depending on the fixture are then brought up to date."""
    def on_fixture(session: Session, judge: Judge, data: dict) -> dict:
        fixture = _fixture(session, judge, data.get("fixture"))
        detail = change(session, fixture)
        session.flush()
        if events_changed:  # score, period, status and clock follow the events
            _clock(fixture, fixture.events)
        advance(session, fixture.stage)
        return {"fixture": fixture.key, **detail}

    return official_change(sessions, judge_id, data, "scorekeeper", action, on_fixture, chief=chief)


def record_event(sessions: sessionmaker[Session], judge_id: int, data: Any) -> Outcome:
    """Record one match event (kick-off, score, card, substitution, end of period or match ...)."""
    def change(session: Session, fixture: Fixture) -> dict:
        if fixture.status in ("postponed", "forfeit"):
            raise ScoringError("not_started" if fixture.status == "postponed" else "finished",
                               N_('Fixture %(fixture)s is postponed.') if fixture.status == "postponed" else N_('Fixture %(fixture)s was forfeited.'),
                               fixture=fixture.key)
        if fixture.home is None or fixture.away is None:
            raise ScoringError("not_started", N_('The teams of fixture %(fixture)s are not known yet.'), fixture=fixture.key)
        players = _team_players(session, fixture)
        rule = build_match_rule(fixture.stage.event.rule or {})
        starters = _starters(session, fixture, players)
        fields = _event_fields(data, fixture, players)
        state = replay(rule, fixture_events(fixture, players), starters)
        key = lambda pid: players[pid].key if pid else None  # noqa: E731
        try:
            apply(rule, state, Event(kind=fields["kind"], side=data.get("team"), player=key(fields["player_id"]),
                                     other_player=key(fields["other_player_id"]), value=fields["value"]),
                  lineups_tracked=starters is not None, knockout=_knockout(fixture))
        except MatchError as refused:
            raise ScoringError(refused.code, refused.told)
        if fields["kind"] == "end" and fixture.leg == 2:
            _second_leg_end(session, fixture, state, rule)
        now = utcnow()
        _plausible_minute(rule, fixture, fields["kind"], _clock_ms(fixture, now))
        number = 1 + (session.scalar(select(func.max(MatchEvent.number)).where(MatchEvent.fixture_id == fixture.id)) or 0)
        fixture.events.append(MatchEvent(number=number, period=state.period, clock_ms=_clock_ms(fixture, now),
                                         client_id=client_id_of(data), at=now, **fields))
        recorded = {"kind": fields["kind"], "team": data.get("team"), "player": key(fields["player_id"]),
                    "player_in": key(fields["other_player_id"]), "value": fields["value"]}
        return {"number": number, **{k: v for k, v in recorded.items() if v is not None}}

    if isinstance(data, dict) and "client_id" not in data:
        data = {**data, "client_id": client_id_of(data)}  # the event and its audit entry share it
    return _fixture_change(sessions, judge_id, data, "match_event", change, events_changed=True)


def undo_last(sessions: sessionmaker[Session], judge_id: int, data: Any) -> Outcome:
    """Undo the fixture's last event that is not undone yet; score, status and clock follow."""
    def change(session: Session, fixture: Fixture) -> dict:
        live = [e for e in fixture.events if not e.undone]
        if not live:
            raise ScoringError("nothing_to_undo", N_('Nothing has been recorded for fixture %(fixture)s.'), fixture=fixture.key)
        live[-1].undone = True
        return {"number": live[-1].number, "kind": live[-1].kind}

    return _fixture_change(sessions, judge_id, data, "undo", change, events_changed=True)


def _within(unit: Optional[Unit], home: Optional[Unit]) -> bool:
    """Whether a player's unit is the team's own unit or lies inside it."""
    while unit is not None:
        if home is not None and unit.id == home.id:
            return True
        unit = unit.parent
    return home is None


def set_lineup(sessions: sessionmaker[Session], judge_id: int, data: Any) -> Outcome:
    """A team's line-up for a fixture: the named players and the starters, within the local cap on
    players from outside the team's own village."""
    def change(session: Session, fixture: Fixture) -> dict:
        side = data.get("team")
        if side not in SIDES:
            raise ScoringError("unknown_team", 'team must be home or away.')
        if fixture.status != "scheduled":
            raise ScoringError("out_of_order", N_('Line-ups are set before kick-off.'))
        team: Entry = fixture.home if side == "home" else fixture.away
        players = _team_players(session, fixture)
        named = [_player(players, team.id, key) for key in _player_keys(data, "players")]
        starters = {p.id for p in (_player(players, team.id, key) for key in _player_keys(data, "starters"))}
        if not starters <= {p.id for p in named}:
            raise ScoringError("not_on_roster", N_('Every starter must be named in the line-up.'))
        rule = build_match_rule(fixture.stage.event.rule or {})
        if rule.field_players is not None and len(starters) > rule.field_players:
            raise ScoringError("too_many_players", N_('At most %(players)s players start.'), players=rule.field_players)
        outside = {p.id for p in named if not _within(p.unit, team.unit)}
        problem = outside_players_problem(rule, len(outside), len(outside & starters))
        if problem:
            raise ScoringError("outside_players", problem)
        team_ids = {p.id for p in players.values() if p.entry_id == team.id}
        for old in session.scalars(select(Appearance).where(Appearance.fixture_id == fixture.id,
                                                            Appearance.player_id.in_(team_ids))):
            session.delete(old)
        session.flush()
        session.add_all(Appearance(fixture_id=fixture.id, player_id=p.id, on_field=p.id in starters) for p in named)
        return {"team": side, "players": [p.key for p in named]}

    return _fixture_change(sessions, judge_id, data, "lineup", change)


def scorekeeper_hello(session: Session, judge: Judge) -> dict[str, Any]:
    """What a scorekeeper's console needs on connect: the sport's rule, the rosters, the standings."""
    from scoring.standings import stage_standings

    stage = judge.stage
    rule = build_match_rule(stage.event.rule or {})
    teams = session.scalars(select(Entry).where(Entry.stage_id == stage.id).order_by(Entry.running_order)).all()
    return {
        "official": {"key": judge.key, "name": judge.name, "chief": judge.chief},
        "stage": {"key": stage.key, "name": stage.name, "event": stage.event.key, "event_name": stage.event.name,
                  "sport": rule.sport, "periods": rule.periods, "period_minutes": rule.period_minutes,
                  "score_values": list(rule.score_values), "draws_allowed": rule.points.draws_allowed},
        "teams": [{"entry": t.key, "name": t.name, "name_bo": t.name_bo, "unit": t.unit.name if t.unit else None,
                   "players": [{"key": p.key, "name": p.name, "number": p.number} for p in t.players]} for t in teams],
        "standings": stage_standings(session, stage.key),
    }


# A fixture is played within a festival's season: a kick-off is refused outside these years (a date
# like 9999-12-31T23:59:59-12:00 is past the largest datetime once in UTC).
KICK_OFF_YEARS = (2000, 2100)


def _kick_off(given: Any) -> datetime:
    """A new kick-off time (ISO 8601; without an offset it is taken as UTC), as UTC."""
    try:
        if not isinstance(given, str) or len(given) > 40:
            raise ValueError(given)
        moment = datetime.fromisoformat(given)
        moment = (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)
    except (ValueError, OverflowError):
        raise ScoringError("bad_request", N_('The start must be a date and time like 2025-02-01 10:00.')) from None
    if not KICK_OFF_YEARS[0] <= moment.year <= KICK_OFF_YEARS[1]:
        first, last = KICK_OFF_YEARS
        raise ScoringError("implausible", N_('The start must fall in the years %(first)s to %(last)s.'), first=first, last=last)
    return moment


def reschedule(sessions: sessionmaker[Session], judge_id: int, data: Any) -> Outcome:
    """The chief scorekeeper postpones a fixture (weather) or gives it a new time or venue. A
    postponed match that had started keeps its events; every change is in the audit log."""
    def change(session: Session, fixture: Fixture) -> dict:
        if fixture.status in ("finished", "forfeit"):
            raise ScoringError("finished", N_('Fixture %(fixture)s is over; its result stands.'), fixture=fixture.key)
        before = {"status": fixture.status, "starts_at": fixture.starts_at.isoformat() if fixture.starts_at else None,
                  "venue": fixture.venue}
        after: dict[str, Any] = {}
        if data.get("starts_at") is not None:
            fixture.starts_at = _kick_off(data["starts_at"])
            after["starts_at"] = fixture.starts_at.isoformat()
        if data.get("venue") is not None:
            if not isinstance(data["venue"], str) or len(data["venue"]) > 100:
                raise ScoringError("bad_request", N_('The venue may be at most 100 characters long.'))
            fixture.venue = after["venue"] = data["venue"]
        postpone = data.get("postpone")
        if postpone is not None and not isinstance(postpone, bool):
            raise ScoringError("bad_request", 'postpone must be true or false.')
        if postpone:
            fixture.status, fixture.clock_running, fixture.clock_started_at = "postponed", False, None
        elif fixture.status == "postponed":
            _clock(fixture, fixture.events)  # back on: scheduled, or live where it stopped
        if postpone is not None:
            after["postpone"] = postpone
        return {"before": before, **after}

    return _fixture_change(sessions, judge_id, data, "reschedule", change, chief=True)


def forfeit(sessions: sessionmaker[Session], judge_id: int, data: Any) -> Outcome:
    """The chief scorekeeper records a forfeit or walkover: the other side wins by the rule's score."""
    def change(session: Session, fixture: Fixture) -> dict:
        if data.get("team") not in SIDES:
            raise ScoringError("unknown_team", N_('Name the team that forfeits: home or away.'))
        if fixture.status in ("finished", "forfeit"):
            raise ScoringError("finished", N_('Fixture %(fixture)s is over.'), fixture=fixture.key)
        if fixture.home is None or fixture.away is None:
            raise ScoringError("not_started", N_('The teams of fixture %(fixture)s are not known yet.'), fixture=fixture.key)
        fixture.status = "forfeit"
        fixture.forfeited_by_id = fixture.home_entry_id if data["team"] == "home" else fixture.away_entry_id
        fixture.clock_running, fixture.clock_started_at = False, None
        return {"team": data["team"]}

    return _fixture_change(sessions, judge_id, data, "forfeit", change, chief=True)


def draw_lots(sessions: sessionmaker[Session], judge_id: int, data: Any) -> Outcome:
    """The chief scorekeeper records a drawing of lots between a complete group's teams level on
    everything (`group`, `order` as drawn, `drawn_by`, `note`; `reason` for a correction), as the
    organizer console does (scoring.organizing.drawing_of_lots). The drawing recorded, sent again
    with a new client id, is refused `already_drawn`; a resend of one request is acknowledged again."""
    def change(session: Session, judge: Judge, data: dict) -> dict:
        actor = audit.official_actor("scorekeeper", judge.id, judge.key)
        try:
            return organizing.drawing_of_lots(session, judge.stage, data.get("group"), data.get("order"),
                                              data.get("drawn_by"), data.get("note"), actor, data.get("reason"))
        except organizing.Unchanged:
            raise ScoringError("already_drawn", N_("These lots are drawn already, in this order."))

    return official_change(sessions, judge_id, data, "scorekeeper", "lots", change, chief=True)
