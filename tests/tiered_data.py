"""A small campaign with tiers, shared by the advancement, awards and organizer-console tests:
a speech contest with village preliminaries in 达翁村 and 查瓦村 (both in 硕督镇) and in 通尼村 (白达乡),
township rounds, and the county final; 3 judges per stage, one criterion."""
from __future__ import annotations

from sqlalchemy import select

from podium.testing import called_through
from scoring import service
from scoring.models import Judge, Stage

VILLAGES = {"dawong": ("达翁村", "硕督镇"), "chawa": ("查瓦村", "硕督镇"), "tongni": ("通尼村", "白达乡")}


def judges(stage: str) -> list[dict]:
    return [{"key": f"J{i}", "name": f"评委{i}", "chief": i == 1, "token": f"tok-{stage}-{i}-0123456789"[:64]}
            for i in range(1, 4)]


def tiered_competition(per_stage: int = 2) -> dict:
    stages = []
    for key, (village, township) in VILLAGES.items():
        stages.append({"key": f"v-{key}", "name": f"{village}预赛", "tier": "village", "unit": f"{township}/{village}",
                       "judges": judges(f"v-{key}"),
                       "entries": [{"key": f"{key}{n}", "name": f"{village}选手{n}", "unit": f"{township}/{village}"}
                                   for n in range(1, 4)]})
    for key, township in (("shuodu", "硕督镇"), ("baida", "白达乡")):
        stages.append({"key": f"t-{key}", "name": f"{township}复赛", "tier": "township", "unit": township,
                       "judges": judges(f"t-{key}")})
    stages.append({"key": "county", "name": "县级决赛", "tier": "county", "unit": "洛隆县", "judges": judges("county")})
    return {
        "campaign": "分级测试",
        "units": [{"name": "洛隆县", "children": [
            {"name": "硕督镇", "children": [{"name": "达翁村"}, {"name": "查瓦村"}]},
            {"name": "白达乡", "children": [{"name": "通尼村"}]}]}],
        "events": [{
            "key": "speech", "name": "演讲比赛", "category": "理论宣讲类", "format": "judged",
            "rule": {"aggregate": "mean", "decimals": 2, "criteria": [{"key": "all", "name": "综合", "max": 100}]},
            "tiers": [{"level": "village", "name": "村级预赛", "advance": {"per_stage": per_stage}},
                      {"level": "township", "name": "乡镇复赛", "advance": {"overall": 2}},
                      {"level": "county", "name": "县级决赛"}],
            "stages": stages,
        }],
    }


def score_stage(sessions, stage_key: str, totals: dict[str, int], lock: bool = True) -> None:
    """Every judge gives each entry the same mark (its total); the chief locks them."""
    with sessions() as s:
        panel = {j.key: j.id for j in s.scalars(select(Judge).join(Stage).where(Stage.key == stage_key))}
    called_through(sessions, stage_key)
    for entry, total in totals.items():
        for judge_id in panel.values():
            service.submit_scorecard(sessions, judge_id, {"entry": entry, "marks": {"all": total}})
        if lock:
            service.lock_entry(sessions, panel["J1"], {"entry": entry})
