"""Where every stage stands, computed for many stages of every format in one go."""
from __future__ import annotations

from sqlalchemy import select

from measured_data import race_competition
from scoring import recording, scorekeeping
from scoring.models import Judge, Stage
from scoring.progress import stage_states
from test_loader_match import football
from tiered_data import score_stage, tiered_competition


def states(sessions):
    with sessions() as s:
        stages = s.scalars(select(Stage).order_by(Stage.id)).all()
        found = stage_states(s, stages)
        return {stage.key: found[stage.id] for stage in stages}


def official(sessions, stage, key):
    with sessions() as s:
        return s.scalar(select(Judge.id).join(Stage).where(Stage.key == stage, Judge.key == key))


def test_judged_stages(database):
    sessions = database(tiered_competition())
    score_stage(sessions, "v-dawong", {"dawong1": 90}, lock=False)                     # one of three marked
    score_stage(sessions, "v-chawa", {"chawa1": 70, "chawa2": 80, "chawa3": 85}, lock=False)
    score_stage(sessions, "v-tongni", {"tongni1": 60, "tongni2": 75, "tongni3": 65})
    found = states(sessions)
    assert (found["v-dawong"], found["v-chawa"], found["v-tongni"], found["t-shuodu"]) == (
        "running", "provisional", "final", "scheduled")


def test_match_and_measured_stages(database):
    sessions = database(football(fixtures=[{"key": "M1", "home": "T1", "away": "T2"}]))
    assert states(sessions)["football-groups"] == "scheduled"
    keeper = official(sessions, "football-groups", "S1")
    scorekeeping.record_event(sessions, keeper, {"fixture": "M1", "kind": "start"})
    assert states(sessions)["football-groups"] == "running"
    for kind in ("period_end", "start", "period_end", "end"):
        scorekeeping.record_event(sessions, keeper, {"fixture": "M1", "kind": kind})
    assert states(sessions)["football-groups"] == "final"

    race = database(race_competition())
    chief = official(race, "horse-heats", "C1")
    assert states(race)["horse-heats"] == "scheduled"
    recording.heat_clock(race, chief, {"heat": "H1", "action": "start"})
    assert states(race)["horse-heats"] == "running"
    for entry in ("R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8"):
        recording.record_attempt(race, chief, {"entry": entry, "value": "70"})
    assert states(race)["horse-heats"] == "provisional"
    for heat in ("H1", "H2"):
        recording.confirm_heat(race, chief, {"heat": heat})
    found = states(race)
    assert (found["horse-heats"], found["horse-final"], found["stone-final"]) == ("final", "scheduled", "scheduled")
