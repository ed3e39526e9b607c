"""Competition files for measured events, shared by the service, loader, protocol and browser tests."""
from __future__ import annotations

RIDERS = [("R1", "扎西", "བཀྲ་ཤིས།", "达翁村"), ("R2", "次仁", None, "马利镇"), ("R3", "格桑", "སྐལ་བཟང་།", "腊久乡"),
          ("R4", "达瓦", None, "达翁村"), ("R5", "平措", "ཕུན་ཚོགས།", "马利镇"), ("R6", "多吉", None, "腊久乡"),
          ("R7", "旺堆", None, "达翁村"), ("R8", "尼玛", "ཉི་མ།", "马利镇")]

RECORDER_TOKENS = {"heats": "test-token-recorder-heats-0123", "final": "test-token-recorder-final-0123",
                   "heats-helper": "test-token-recorder-helper-0123", "lift": "test-token-recorder-lift-01234",
                   "archery": "test-token-recorder-archery-0123"}


def race_competition() -> dict:
    """A 1000 m horse race, hand timed: 8 riders in 2 heats of 4; the first 2 of each heat and the
    2 fastest losers ride the final (6 lanes). Stone lifting (best of 3) and archery (sum of 4
    arrows, countback on 2-point hits) are there for the other rules."""
    return {
        "campaign": "测试活动",
        "units": [{"name": "洛隆县", "children": [
            {"name": "硕督镇", "children": [{"name": "达翁村"}]}, {"name": "马利镇"}, {"name": "腊久乡"}]}],
        "events": [
            {"key": "horse-1000", "name": "赛马 1000米", "category": "体育竞技类", "format": "measured",
             "rule": {"measure": "time", "unit": "s", "resolution": 0.1, "timing": "hand", "tiebreak": ["placing"],
                      "time_limit": 180},
             "stages": [
                 {"key": "horse-heats", "name": "预赛", "by_place": 2, "fastest_losers": 2,
                  "recorders": [{"key": "C1", "name": "计时长", "chief": True, "token": RECORDER_TOKENS["heats"]},
                                {"key": "C2", "name": "计时员", "token": RECORDER_TOKENS["heats-helper"]}],
                  "heats": [{"key": "H1", "name": "第1组"}, {"key": "H2", "name": "第2组"}],
                  "entries": [{"key": key, "name": name, **({"name_bo": bo} if bo else {}), "unit": unit,
                               "heat": "H1" if i < 4 else "H2", "lane": i % 4 + 1}
                              for i, (key, name, bo, unit) in enumerate(RIDERS)]},
                 {"key": "horse-final", "name": "决赛", "from_stage": "horse-heats", "lanes": 6,
                  "recorders": [{"key": "C1", "name": "计时长", "chief": True, "token": RECORDER_TOKENS["final"]}]},
             ]},
            {"key": "stone", "name": "抱石头", "category": "生产技能类", "format": "measured",
             "rule": {"measure": "weight", "unit": "kg", "best_of": 3, "resolution": 0.5, "maximum": 300,
                      "tiebreak": ["second_best"]},
             "stages": [{"key": "stone-final", "name": "县级决赛",
                         "recorders": [{"key": "C1", "name": "裁判长", "chief": True, "token": RECORDER_TOKENS["lift"]}],
                         "entries": [{"key": "L1", "name": "罗布", "unit": "达翁村"},
                                     {"key": "L2", "name": "边巴", "unit": "马利镇"},
                                     {"key": "L3", "name": "索朗", "unit": "腊久乡"}]}]},
            {"key": "archery", "name": "响箭", "category": "体育竞技类", "format": "measured",
             "rule": {"measure": "points", "sum": 4, "resolution": 1, "maximum": 2, "tiebreak": ["countback:2"]},
             "stages": [{"key": "archery-final", "name": "决赛",
                         "recorders": [{"key": "C1", "name": "裁判长", "chief": True, "token": RECORDER_TOKENS["archery"]}],
                         "entries": [{"key": "A1", "name": "顿珠"}, {"key": "A2", "name": "次旺"}]}]},
        ],
    }
