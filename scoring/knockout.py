"""Knockout stages in the database: a bracket becomes fixtures, winners move on as results arrive.

A bracket match that is played is a Fixture keyed like the bracket ("QF-1", "SF-2", "F", "3P"). A
side not known yet carries its source ("winner:QF-1", "loser:SF-1"); a side fed by a bye carries
the team straight away. After every change to a knockout fixture `advance` fills in (or, after an
undo, clears) the sides that depend on it, as long as that later match has not kicked off.
"""
from __future__ import annotations

from typing import Optional, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from scoring import audit
from scoring.db import transaction
from scoring.errors import N_, ScoringError
from scoring.match_standings import FINISHED, match_standings
from scoring.models import Entry, Fixture, Player, Stage
from scoring.rules import fixtures as bracket_rules
from scoring.service import bump_seq, Outcome
from scoring.standings import server_time


def _source(slot: bracket_rules.Slot, bye_winner: dict[str, str]) -> tuple[Optional[str], Optional[str]]:
    """(team key known now, source of a team known later) for one side of a bracket match."""
    if slot.team is not None:
        return slot.team, None
    if slot.winner_of is not None:
        if slot.winner_of in bye_winner:
            return bye_winner[slot.winner_of], None
        return None, f"winner:{slot.winner_of}"
    return None, f"loser:{slot.loser_of}"


LEG = "."  # a two-legged tie's fixtures are keyed QF-1.1 and QF-1.2


def tie_key(fixture: Fixture) -> str:
    """The bracket match a fixture plays (its own key, or the tie of a leg)."""
    return fixture.key.rsplit(LEG, 1)[0] if fixture.leg > 1 or fixture.key.endswith(f"{LEG}1") else fixture.key


def bracket_fixtures(stage: Stage, bracket: Sequence[bracket_rules.BracketMatch], teams: dict[str, Entry],
                     legs: int = 1) -> None:
    """Add the fixtures of a bracket to a stage (matches against a bye are not played). With
    `legs: 2` every tie but the final and the third-place match is played home and away."""
    bye_winner = {m.key: (m.home.team or m.away.team) for m in bracket if m.is_bye}
    for match in bracket:
        if match.is_bye:
            continue
        home, home_source = _source(match.home, bye_winner)
        away, away_source = _source(match.away, bye_winner)
        if legs == 2 and match.key not in ("F", "3P"):
            for leg, (h, hs, a, as_) in enumerate(((home, home_source, away, away_source),
                                                   (away, away_source, home, home_source)), start=1):
                stage.fixtures.append(Fixture(key=f"{match.key}{LEG}{leg}", round=match.round, leg=leg,
                                              home=teams.get(h), away=teams.get(a), home_source=hs, away_source=as_))
            continue
        stage.fixtures.append(Fixture(key=match.key, round=match.round, home=teams.get(home), away=teams.get(away),
                                      home_source=home_source, away_source=away_source))


def two_leg_decision(first: dict, second: dict, away_goals: bool, closing: Optional[list] = None):
    """(winner key or None, step) of a tie from its two legs' payloads; `closing` is the second
    leg's score to judge instead of the recorded one (to check an end before it is stored)."""
    a, b = first["home"]["entry"], first["away"]["entry"]
    second_score = closing if closing is not None else second["score"]
    shootout = second["shootout"]
    return bracket_rules.two_legged_winner(a, b, tuple(first["score"]), tuple(second_score), away_goals,
                                           (shootout[1], shootout[0]) if shootout else None)


def _winner_and_loser(fixture: Fixture, score, shootout) -> tuple[Optional[Entry], Optional[Entry]]:
    if fixture.status == "forfeit":
        loser = fixture.home if fixture.forfeited_by_id == fixture.home_entry_id else fixture.away
        return (fixture.away if loser is fixture.home else fixture.home), loser
    if fixture.status not in FINISHED:
        return None, None
    winner = bracket_rules.match_winner(fixture.home.key, fixture.away.key, score[0], score[1],
                                        tuple(shootout) if shootout else None)
    if winner is None:
        return None, None
    return (fixture.home, fixture.away) if winner == fixture.home.key else (fixture.away, fixture.home)


def advance(session: Session, stage: Stage) -> None:
    """Fill every later match's sides from the results so far (clear them if a result was undone)."""
    fixtures = session.scalars(select(Fixture).where(Fixture.stage_id == stage.id)).all()
    if not any(f.home_source or f.away_source for f in fixtures):
        return
    session.flush()
    standings = match_standings(session, stage, server_time())
    payload = {f["fixture"]: f for f in standings["fixtures"]}
    away_goals = bool((stage.event.rule or {}).get("away_goals", False))
    by_key = {f.key: f for f in fixtures}
    outcome = {}
    for fixture in fixtures:
        if fixture.home is None or fixture.away is None or fixture.leg == 1 and tie_key(fixture) != fixture.key:
            continue
        if fixture.leg == 2:  # the tie is decided over both legs
            first = by_key[f"{tie_key(fixture)}{LEG}1"]
            if fixture.status not in FINISHED or first.status not in FINISHED:
                continue
            try:
                winner_key, _ = two_leg_decision(payload[first.key], payload[fixture.key], away_goals)
            except ValueError:
                winner_key = None
            if winner_key is None:
                continue
            winner = fixture.home if fixture.home.key == winner_key else fixture.away
            loser = fixture.away if winner is fixture.home else fixture.home
        else:
            played = payload[fixture.key]
            winner, loser = _winner_and_loser(fixture, played["score"], played["shootout"])
        outcome[f"winner:{tie_key(fixture)}"], outcome[f"loser:{tie_key(fixture)}"] = winner, loser
    for fixture in fixtures:
        if fixture.status != "scheduled":
            continue
        if fixture.home_source:
            fixture.home = outcome.get(fixture.home_source)
        if fixture.away_source:
            fixture.away = outcome.get(fixture.away_source)


def copy_team(stage: Stage, source: Entry, order: int) -> Entry:
    team = Entry(key=source.key, name=source.name, name_bo=source.name_bo, unit=source.unit, running_order=order)
    team.players = [Player(position=p.position, key=p.key, name=p.name, name_bo=p.name_bo, number=p.number, unit=p.unit)
                    for p in source.players]
    stage.entries.append(team)
    return team


def seed_from_groups(sessions: sessionmaker[Session], stage_key: str, actor: Optional[str] = None) -> Outcome:
    """Draw a knockout stage from its group stage's final tables (settings: from_stage, qualifiers,
    third_place): top teams cross-seeded A1 v B2, B1 v A2 ...; the teams (with their rosters) are
    copied into the knockout stage and the bracket's fixtures created. `actor`: the console's
    organizer, by default the CLI's user."""
    actor = actor or audit.cli_actor()
    with transaction(sessions) as session:
        stage = session.scalar(select(Stage).where(Stage.key == stage_key))
        if stage is None:
            raise ScoringError("unknown_stage", N_("There is no stage %(stage)s."), stage=stage_key)
        settings = stage.settings or {}
        source = session.scalar(select(Stage).where(Stage.key == settings.get("from_stage")))
        if source is None:
            raise ScoringError("unknown_stage", N_("%(stage)s names no group stage to seed from (from_stage)."), stage=stage.name)
        if stage.fixtures:
            raise ScoringError("already_seeded", N_("The knockout is already drawn."))
        seq = bump_seq(session, stage.id)
        table = match_standings(session, source, server_time())
        unfinished = [f["fixture"] for f in table["fixtures"] if f["status"] not in FINISHED]
        if unfinished:
            raise ScoringError("not_final", N_("The group's matches are not all finished: %(fixtures)s."), fixtures=unfinished)
        level = [r for r in table["rows"] if r["needs_lots"]]
        if level:
            raise ScoringError("needs_lots", N_("Teams are level on everything: draw lots between %(teams)s first."),
                               teams=[r["name"] for r in level], stage=source.key)
        groups: dict[str, list[str]] = {}
        for row in table["rows"]:  # rows come in group order, each group ranked
            groups.setdefault(row["group"] or "", []).append(row["entry"])
        try:
            bracket = bracket_rules.knockout_from_groups(groups, int(settings.get("qualifiers", 2)),
                                                         bool(settings.get("third_place", False)))
        except ValueError as bad:
            raise ScoringError("bad_bracket", str(bad))
        sources = {e.key: e for e in source.entries}
        qualified = [team for match in bracket for team in (match.home.team, match.away.team) if team]
        teams = {key: copy_team(stage, sources[key], order) for order, key in enumerate(qualified, start=1)}
        bracket_fixtures(stage, bracket, teams, int(settings.get("legs", 1)))
        audit.record(session, actor, action="seed", stage_id=stage.id, stage_seq=seq,
                     detail={"from_stage": source.key, "groups": groups})
        return Outcome(stage=stage.key, changed=True)
