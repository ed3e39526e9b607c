"""Advancing village -> township -> county: only from final results, top N per stage or overall,
ties at the cut left to the organizer, entries linked back, all or nothing."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from scoring.advancement import advance_tier, advancement_plan
from scoring.errors import ScoringError
from scoring.models import AuditEntry, Entry, Stage, Tier
from tiered_data import score_stage, tiered_competition


@pytest.fixture
def sessions(database):
    return database(tiered_competition())


def tier_id(sessions, level):
    with sessions() as s:
        return s.scalar(select(Tier.id).where(Tier.level == level))


def entries(sessions, stage_key):
    with sessions() as s:
        stage = s.scalar(select(Stage).where(Stage.key == stage_key))
        return [(e.key, e.name, e.source_entry.stage.key if e.source_entry else None, e.running_order)
                for e in stage.entries]


def count_entries(sessions):
    with sessions() as s:
        return s.scalar(select(func.count(Entry.id)))


def finish_villages(sessions, tongni=None):
    score_stage(sessions, "v-dawong", {"dawong1": 90, "dawong2": 80, "dawong3": 85})
    score_stage(sessions, "v-chawa", {"chawa1": 70, "chawa2": 95, "chawa3": 88})
    score_stage(sessions, "v-tongni", tongni or {"tongni1": 60, "tongni2": 75, "tongni3": 65})


def test_the_tiers_load_with_their_stages_and_units(sessions):
    with sessions() as s:
        tiers = s.scalars(select(Tier).order_by(Tier.position)).all()
        assert [(t.level, t.advance, [st.key for st in t.stages]) for t in tiers] == [
            ("village", {"mode": "per_stage", "count": 2}, ["v-dawong", "v-chawa", "v-tongni"]),
            ("township", {"mode": "overall", "count": 2}, ["t-shuodu", "t-baida"]),
            ("county", {}, ["county"])]
        assert s.scalar(select(Stage).where(Stage.key == "v-chawa")).unit.name == "查瓦村"


def test_nothing_advances_while_a_stage_is_provisional(sessions):
    score_stage(sessions, "v-dawong", {"dawong1": 90, "dawong2": 80, "dawong3": 85})
    score_stage(sessions, "v-chawa", {"chawa1": 70, "chawa2": 95, "chawa3": 88}, lock=False)
    before = count_entries(sessions)
    with pytest.raises(ScoringError) as refused:
        advance_tier(sessions, tier_id(sessions, "village"), "test")
    assert refused.value.code == "not_final" and refused.value.details == {"stages": ("查瓦村预赛", "通尼村预赛")}
    assert count_entries(sessions) == before


def test_top_two_of_each_village_go_to_their_townships_stage_linked_back(sessions):
    finish_villages(sessions)
    outcomes = advance_tier(sessions, tier_id(sessions, "village"), "organizer:1:admin")
    assert sorted(o.stage for o in outcomes) == ["t-baida", "t-shuodu"]
    assert entries(sessions, "t-shuodu") == [("chawa2", "查瓦村选手2", "v-chawa", 1), ("chawa3", "查瓦村选手3", "v-chawa", 2),
                                             ("dawong1", "达翁村选手1", "v-dawong", 3), ("dawong3", "达翁村选手3", "v-dawong", 4)]
    assert [e[0] for e in entries(sessions, "t-baida")] == ["tongni2", "tongni3"]
    with sessions() as s:
        assert s.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "advance")) == 2
    before = count_entries(sessions)
    with pytest.raises(ScoringError) as refused:
        advance_tier(sessions, tier_id(sessions, "village"), "test")
    assert refused.value.code == "already_advanced" and count_entries(sessions) == before


def test_overall_top_two_of_the_townships_go_to_the_county_final(sessions):
    finish_villages(sessions)
    advance_tier(sessions, tier_id(sessions, "village"), "test")
    score_stage(sessions, "t-shuodu", {"chawa2": 91, "chawa3": 84, "dawong1": 93, "dawong3": 80})
    score_stage(sessions, "t-baida", {"tongni2": 92, "tongni3": 70})
    advance_tier(sessions, tier_id(sessions, "township"), "test")
    assert [(e[0], e[2]) for e in entries(sessions, "county")] == [("tongni2", "t-baida"), ("dawong1", "t-shuodu")]


def test_a_tie_at_the_cut_waits_for_the_organizers_choice(sessions):
    finish_villages(sessions, tongni={"tongni1": 75, "tongni2": 80, "tongni3": 75})   # 2nd place shared
    with sessions() as s:
        plan = advancement_plan(s, s.get(Tier, tier_id(sessions, "village")))
        assert plan.ties and plan.ties[0]["places"] == 1
        assert sorted(c.ref for c in plan.ties[0]["entries"]) == ["v-tongni/tongni1", "v-tongni/tongni3"]
    before = count_entries(sessions)
    for chosen, code in [(None, "needs_decision"), (["v-tongni/tongni1", "v-tongni/tongni3"], "needs_decision"),
                         (["v-dawong/dawong2"], "needs_decision"),
                         (["v-tongni/tongni1", "v-dawong/dawong2"], "bad_request")]:
        with pytest.raises(ScoringError) as refused:
            advance_tier(sessions, tier_id(sessions, "village"), "test", chosen)
        assert refused.value.code == code
        assert count_entries(sessions) == before
    advance_tier(sessions, tier_id(sessions, "village"), "test", ["v-tongni/tongni3"])
    assert [e[0] for e in entries(sessions, "t-baida")] == ["tongni2", "tongni3"]


def test_the_last_tier_does_not_advance(sessions):
    with pytest.raises(ScoringError) as refused:
        advance_tier(sessions, tier_id(sessions, "county"), "test")
    assert refused.value.code == "bad_request" and "last tier" in refused.value.message
