"""Competition files with measured events: the rule, heats and lanes, recorders, a final drawn later."""
from __future__ import annotations

import copy

import pytest
from sqlalchemy import func, select

from scoring.db import transaction
from scoring.loader import CompetitionFileError, load_competition
from scoring.models import Campaign, Entry, Event, Heat, Stage
from measured_data import race_competition


@pytest.fixture
def sessions(database):
    return database(False)


def test_race_heats_and_final_load_with_their_rule(sessions):
    with transaction(sessions) as session:
        load_competition(session, race_competition())
    with sessions() as session:
        event = session.scalar(select(Event).where(Event.key == "horse-1000"))
        assert event.format == "measured"
        assert event.rule == {"measure": "time", "unit": "s", "direction": "asc", "attempts": 1, "aggregate": "best",
                              "resolution": "0.1", "maximum": None, "timing": "hand", "tiebreak": ["placing"],
                              "time_limit": "180", "watch_spread": "0.5"}
        heats = session.scalar(select(Stage).where(Stage.key == "horse-heats"))
        assert heats.settings == {"by_place": 2, "fastest_losers": 2}
        assert [(h.key, h.name, [(e.key, e.lane) for e in h.entries]) for h in heats.heats] == [
            ("H1", "第1组", [("R1", 1), ("R2", 2), ("R3", 3), ("R4", 4)]),
            ("H2", "第2组", [("R5", 1), ("R6", 2), ("R7", 3), ("R8", 4)])]
        final = session.scalar(select(Stage).where(Stage.key == "horse-final"))
        assert final.settings == {"from_stage": "horse-heats", "lanes": 6} and final.entries == [] and final.heats == []
        lifting = session.scalar(select(Event).where(Event.key == "stone"))
        assert (lifting.rule["attempts"], lifting.rule["aggregate"], lifting.rule["direction"]) == (3, "best", "desc")
        stone = session.scalar(select(Stage).where(Stage.key == "stone-final"))
        assert [(h.key, len(h.entries)) for h in stone.heats] == [("1", 3)]   # one flight for everyone
        archery = session.scalar(select(Event).where(Event.key == "archery"))
        assert (archery.rule["attempts"], archery.rule["aggregate"]) == (4, "sum")


def broken() -> dict:
    data = copy.deepcopy(race_competition())
    race = data["events"][0]
    race["rule"]["measure"] = "speed"
    heats = race["stages"][0]
    heats["entries"][1]["lane"] = 1                 # lane 1 twice in H1
    heats["entries"][2]["heat"] = "H7"
    heats["entries"][3]["lane"] = 0
    heats["by_place"] = -1
    heats["heats"][1]["starts_at"] = "tomorrow"
    race["stages"][1]["entries"] = [{"key": "Z", "name": "Z"}]
    del data["events"][1]["stages"][0]["recorders"]
    data["events"][2]["rule"]["best_of"] = "three"
    return data


def test_every_problem_is_reported_with_its_place_and_nothing_is_written(sessions):
    with pytest.raises(CompetitionFileError) as refused, transaction(sessions) as session:
        load_competition(session, broken())
    problems = "\n".join(refused.value.problems)
    for expected in ["events[0].rule: unknown measure 'speed'",
                     "events[0].stages[0].entries[1].lane: lane 1 is taken twice in heat H1",
                     "events[0].stages[0].entries[2].heat: unknown heat 'H7'",
                     "events[0].stages[0].entries[3].lane: must be a whole number from 1 to 999",
                     "events[0].stages[0].by_place: must be a whole number from 0 to 999",
                     "events[0].stages[0].heats[1].starts_at: must be a date and time",
                     "events[0].stages[1]: a final drawn from heats (from_stage)",
                     "events[1].stages[0].recorders: must be a non-empty list",
                     "events[2].rule: best_of must be a whole number of attempts"]:
        assert expected in problems, problems
    with sessions() as session:
        assert session.scalar(select(func.count(Campaign.id))) == 0
        assert session.scalar(select(func.count(Entry.id))) == 0 and session.scalar(select(func.count(Heat.id))) == 0


@pytest.mark.parametrize("rule, message", [
    ({"measure": "time", "resolution": 0.01, "timing": "hand"}, "hand times are kept to 0.1 s"),
    ({"measure": "weight", "timing": "hand"}, "hand timing only applies to a time"),
    ({"measure": "points", "aggregate": "median"}, "unknown aggregate"),
    ({"measure": "points", "tiebreak": ["coin"]}, "unknown tie-break step"),
    ({"measure": "points", "direction": "up"}, "direction must be asc or desc"),
    ({"measure": "time", "time_limit": -3}, "time_limit must be a positive number"),
    ({"measure": "time", "timing": "hand", "resolution": 0.1, "watch_spread": 0}, "watch_spread must be a positive number"),
    ({"measure": "time", "speed": 3}, "unknown rule setting speed"),
    ({"measure": "weight", "best_of": 3, "aggregate": "sum"}, "best_of: 3 contradicts"),
])
def test_rule_problems(sessions, rule, message):
    data = race_competition()
    data["events"][0]["rule"] = rule
    with pytest.raises(CompetitionFileError) as refused, transaction(sessions) as session:
        load_competition(session, data)
    assert message in "\n".join(refused.value.problems)
