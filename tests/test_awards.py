"""Awards from final standings: quotas filled in ranking order, ties across a quota decided by the
organizer, prizes exact; the prize list and the medal table of the campaign."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from scoring import awards
from scoring.errors import ScoringError
from scoring.models import Award, AwardLevel, Stage
from tiered_data import score_stage, tiered_competition

LEVELS = [{"name": "一等奖", "quota": 1, "prize": "3000"}, {"name": "二等奖", "quota": "1", "prize": "1500.50"},
          {"name": "优秀奖", "quota": "", "prize": "200"}]


@pytest.fixture
def sessions(database):
    return database(tiered_competition())


def given(sessions, stage="v-dawong"):
    with sessions() as s:
        stage_id = s.scalar(select(Stage.id).where(Stage.key == stage))
        return {a.entry.key: a.level.name for a in s.scalars(select(Award).where(Award.stage_id == stage_id))}


@pytest.mark.parametrize("levels, code", [
    ([], "bad_request"),
    ([{"name": "", "quota": 1}], "bad_request"),
    ([{"name": "一等奖", "quota": 1}, {"name": "一等奖", "quota": 1}], "bad_request"),
    ([{"name": "一等奖", "quota": ""}, {"name": "二等奖", "quota": 1}], "bad_request"),
    ([{"name": "一等奖", "quota": "x"}], "not_a_number"),
    ([{"name": "一等奖", "quota": 0}], "out_of_range"),
    ([{"name": "一等奖", "quota": 1, "prize": "-5"}], "out_of_range"),
    ([{"name": "一等奖", "quota": 1, "prize": "10.005"}], "too_precise"),
    ([{"name": "一等奖", "quota": 1, "prize": "lots"}], "not_a_number"),
])
def test_bad_levels_are_refused_and_nothing_is_stored(sessions, levels, code):
    with pytest.raises(ScoringError) as refused:
        awards.set_levels(sessions, "v-dawong", levels, "test")
    assert refused.value.code == code
    with sessions() as s:
        assert s.scalar(select(func.count(AwardLevel.id))) == 0


def test_awards_follow_final_standings_only(sessions):
    awards.set_levels(sessions, "v-dawong", LEVELS, "test")
    score_stage(sessions, "v-dawong", {"dawong1": 90, "dawong2": 80, "dawong3": 85}, lock=False)
    with pytest.raises(ScoringError) as refused:
        awards.assign_awards(sessions, "v-dawong", "test")
    assert refused.value.code == "not_final" and given(sessions) == {}


def test_quotas_in_ranking_order_with_exact_prizes(sessions):
    awards.set_levels(sessions, "v-dawong", LEVELS, "test")
    score_stage(sessions, "v-dawong", {"dawong1": 90, "dawong2": 80, "dawong3": 85})
    awards.assign_awards(sessions, "v-dawong", "test")
    assert given(sessions) == {"dawong1": "一等奖", "dawong3": "二等奖", "dawong2": "优秀奖"}
    with sessions() as s:
        listing = awards.prize_list(s, 1)
    assert listing["total"] == Decimal("4700.50") and listing["count"] == 3
    assert listing["townships"]["硕督镇"] == {"count": 3, "prize": Decimal("4700.50")}
    assert listing["rows"][0] == {"township": "硕督镇", "village": "达翁村", "name": "达翁村选手1", "name_bo": None,
                                  "event": "演讲比赛", "stage": "达翁村预赛", "tier": "村级预赛", "rank": 1,
                                  "award": "一等奖", "prize": Decimal("3000"), "unit_id": listing["rows"][0]["unit_id"],
                                  "id_number": None, "account": None}
    with pytest.raises(ScoringError) as refused:
        awards.set_levels(sessions, "v-dawong", LEVELS, "test")
    assert refused.value.code == "awards_assigned"


def test_a_tie_across_a_quota_is_the_organizers_to_decide(sessions):
    awards.set_levels(sessions, "v-dawong", LEVELS, "test")
    score_stage(sessions, "v-dawong", {"dawong1": 90, "dawong2": 90, "dawong3": 85})
    with sessions() as s:
        plan = awards.award_plan(s, s.scalar(select(Stage).where(Stage.key == "v-dawong")))
    assert plan["ties"] == [{"rank": 1, "places": 1, "choices": ["一等奖", "二等奖"], "entries": ["dawong1", "dawong2"]}]
    with pytest.raises(ScoringError) as refused:
        awards.assign_awards(sessions, "v-dawong", "test", {"dawong1": "一等奖"})
    assert refused.value.code == "needs_decision" and "dawong2" in refused.value.message and given(sessions) == {}
    # both share the first prize: the second prize's place is still there for the next one
    awards.assign_awards(sessions, "v-dawong", "test", {"dawong1": "一等奖", "dawong2": "一等奖"})
    assert given(sessions) == {"dawong1": "一等奖", "dawong2": "一等奖", "dawong3": "二等奖"}
    # or one goes down a level and takes the second prize's only place
    awards.assign_awards(sessions, "v-dawong", "test", {"dawong1": "一等奖", "dawong2": "二等奖"})
    assert given(sessions) == {"dawong1": "一等奖", "dawong2": "二等奖", "dawong3": "优秀奖"}


def test_medal_table_by_township_and_village(sessions):
    for stage, totals in (("v-dawong", {"dawong1": 90, "dawong2": 80, "dawong3": 85}),
                          ("v-chawa", {"chawa1": 70, "chawa2": 95, "chawa3": 88}),
                          ("v-tongni", {"tongni1": 60, "tongni2": 75, "tongni3": 65})):
        awards.set_levels(sessions, stage, LEVELS[:2], "test")
        score_stage(sessions, stage, totals)
        awards.assign_awards(sessions, stage, "test")
    with sessions() as s:
        table = awards.medal_table(s, 1)
    assert table["levels"] == ["一等奖", "二等奖"]
    assert [(r["unit"], r["counts"], r["prize"]) for r in table["townships"]] == [
        ("硕督镇", [2, 2], Decimal("9001.00")), ("白达乡", [1, 1], Decimal("4500.50"))]
    assert [r["unit"] for r in table["villages"]] == ["白达乡/通尼村", "硕督镇/查瓦村", "硕督镇/达翁村"]
