"""A festival day on the screens: one judged stage, a football group stage with its tables, a knockout with
its bracket and a horse race, all with long Tibetan names and long Chinese unit names, brought into a
realistic state through the scoring services (the server reads the database's seq: boards that load or
watch again see it)."""
from __future__ import annotations

import itertools

from sqlalchemy import select

from scoring import recording, scorekeeping, service
from scoring.models import Judge, Stage

LONG_BO = "ཕུན་ཚོགས་རྣམ་རྒྱལ་"
UNITS = [{"name": "洛隆县", "children": [
    {"name": "硕督镇", "children": [{"name": "硕督镇达翁村第二村民小组"}, {"name": "达翁村"}]},
    {"name": "腊久乡", "children": [{"name": "腊久乡查瓦村委会"}]},
    {"name": "白达乡", "children": [{"name": "白达乡通尼村"}]},
    {"name": "马利镇"}, {"name": "孜托镇"}, {"name": "康沙镇"}]}]
CRITERIA = ("content", "delivery", "presence", "effect")
SINGERS = [  # key, name, Tibetan name, unit
    ("E1", LONG_BO, None, "硕督镇达翁村第二村民小组"),
    ("E2", "次仁卓玛", "ཚེ་རིང་སྒྲོལ་མ།", "腊久乡查瓦村委会"),
    ("E3", "格桑曲珍", "སྐལ་བཟང་ཆོས་སྒྲོན།", "白达乡通尼村"),
    ("E4", "扎西顿珠", "བཀྲ་ཤིས་དོན་གྲུབ།", "马利镇"),
    ("E5", "旦增平措", "བསྟན་འཛིན་ཕུན་ཚོགས།", "孜托镇"),
    ("E6", "尼玛", None, "康沙镇"),
]
TEAMS = [  # key, name, Tibetan name, unit
    ("T1", "达翁村足球队", "སྟག་འོང་གྲོང་ཚོའི་རྐང་རྩེད་རུ་ཁག", "达翁村"),
    ("T2", "查瓦村委会足球代表队", "ཁྲ་བ་གྲོང་ཚོ།", "腊久乡查瓦村委会"),
    ("T3", "通尼村队", None, "白达乡通尼村"),
    ("T4", "马利镇联队", "རྨ་ལི་གྲོང་རྡལ།", "马利镇"),
    ("T5", "孜托镇队", None, "孜托镇"),
    ("T6", "康沙镇青年队", "ཁང་ཤ་གཞོན་ནུ།", "康沙镇"),
    ("T7", "硕督镇达翁村第二村民小组队", None, "硕督镇达翁村第二村民小组"),
    ("T8", "洛隆县硕督镇代表队", None, "洛隆县"),
]
RIDERS = [("R1", LONG_BO, None, "硕督镇达翁村第二村民小组"), ("R2", "次仁", "ཚེ་རིང་།", "腊久乡查瓦村委会"),
          ("R3", "格桑", "སྐལ་བཟང་།", "白达乡通尼村"), ("R4", "达瓦", None, "马利镇")]


def _named(key, name, bo, unit):
    return {"key": key, "name": name, **({"name_bo": bo} if bo else {}), "unit": unit}


def _team(key, name, bo, unit):
    return {**_named(key, name, bo, unit), "players": [{"name": f"{name[:2]}{n}号", "number": n} for n in (7, 9, 10)]}


def festival() -> dict:
    keeper = [{"key": "S1", "name": "记分员", "chief": True}]
    return {
        "campaign": "洛龙县第三届群众文化体育运动会",
        "units": UNITS,
        "events": [
            {"key": "song", "name": "藏族民歌演唱比赛", "category": "文艺类", "format": "judged",
             "rule": {"aggregate": "trimmed", "drop_highest": 1, "drop_lowest": 1, "decimals": 2,
                      "tiebreak": ["raw_mean", "highest_total"],
                      "criteria": [{"key": k, "name": n, "max": m, "step": 0.5} for k, n, m in
                                   zip(CRITERIA, ("内容", "表达", "形象", "效果"), (40, 30, 20, 10))],
                      "deductions": [{"key": "overtime", "name": "超时", "penalty": 0.5, "per": 30, "unit": "s"}]},
             "stages": [{"key": "song-final", "name": "县级决赛",
                         "judges": [{"key": f"J{i}", "name": f"评委{i}", "chief": i == 1} for i in range(1, 6)],
                         "entries": [_named(*s) for s in SINGERS]}]},
            {"key": "football", "name": "村超足球赛", "category": "体育竞技类", "format": "match",
             "rule": {"sport": "football", "period_minutes": 30},
             "stages": [
                 {"key": "football-groups", "name": "小组赛", "scorekeepers": keeper,
                  "teams": [_team(*t) for t in TEAMS],
                  "groups": {"A": ["T1", "T2", "T3", "T4"], "B": ["T5", "T6", "T7", "T8"]},
                  "schedule": "round_robin"},
                 {"key": "football-knockout", "name": "淘汰赛", "scorekeepers": keeper,
                  "teams": [_team(*t) for t in (TEAMS[0], TEAMS[6], TEAMS[1], TEAMS[5])],
                  "schedule": "knockout", "third_place": True},
                 {"key": "football-final", "name": "决赛", "scorekeepers": keeper,
                  "teams": [_team(*t) for t in (TEAMS[0], TEAMS[6])],
                  "fixtures": [{"key": "F", "home": "T1", "away": "T7", "venue": "硕督镇达翁村文化广场"}]}]},
            {"key": "horse", "name": "赛马 1000米", "category": "体育竞技类", "format": "measured",
             "rule": {"measure": "time", "unit": "s", "resolution": 0.1, "timing": "hand", "tiebreak": ["placing"],
                      "time_limit": 180},
             "stages": [{"key": "horse-heats", "name": "预赛", "by_place": 2,
                         "recorders": [{"key": "C1", "name": "计时长", "chief": True}],
                         "heats": [{"key": "H1", "name": "第1组"}, {"key": "H2", "name": "第2组"}],
                         "entries": [{**_named(*r), "heat": "H1", "lane": i + 1} for i, r in enumerate(RIDERS)]}]},
        ],
    }


_IDS = itertools.count(1)


def _official(sessions, stage_key: str, key: str) -> int:
    with sessions() as session:
        return session.scalar(select(Judge.id).join(Stage).where(Stage.key == stage_key, Judge.key == key))


def _cid() -> str:
    return f"screens-{next(_IDS)}"


def mark(sessions, key, entry: str, totals: dict, lock=True) -> None:
    """The chief calls `entry`, each judge gives marks near `totals[judge]` (out of 100), the chief locks."""
    judges = {j: _official(sessions, key, j) for j in ("J1", "J2", "J3", "J4", "J5")}
    service.call_next(sessions, judges["J1"], {"entry": entry, "client_id": _cid()})
    for judge, total in totals.items():
        marks = dict(zip(CRITERIA, (total * 0.4, total * 0.3, total * 0.2, total * 0.1)))
        marks = {k: round(v * 2) / 2 for k, v in marks.items()}
        service.submit_scorecard(sessions, judges[judge], {"entry": entry, "marks": marks, "client_id": _cid()})
    if lock:
        service.lock_entry(sessions, judges["J1"], {"entry": entry, "client_id": _cid()})


def run_song(sessions, key, finished: bool = False) -> None:
    """Five singers marked and locked (E2 73.00 .. E6 85.00), then ཕུན་ཚོགས་རྣམ་རྒྱལ་ (E1) on stage with every
    mark in (83.00; locked: the stage ends)."""
    for i, (entry, *_) in enumerate(SINGERS[1:]):
        mark(sessions, key, entry, {f"J{j}": 70 + 3 * i + j for j in range(1, 6)})
    mark(sessions, key, "E1", {f"J{j}": 80 + j for j in range(1, 6)}, lock=finished)


def play(sessions, key, fixture: str, home: int, away: int, cards=(), end=True) -> None:
    """A football match: kick-off, `home`:`away` goals, `cards` [(side, kind)], both halves, the end."""
    keeper = _official(sessions, key, "S1")
    event = lambda kind, **more: scorekeeping.record_event(  # noqa: E731
        sessions, keeper, {"fixture": fixture, "kind": kind, "client_id": _cid(), **more})
    event("start")
    for _ in range(home):
        event("score", team="home", player=1, value=1)
    for _ in range(away):
        event("score", team="away", player=2, value=1)
    for side, kind in cards:
        event(kind, team=side, player=3)
    if end:
        event("period_end")
        event("start")
        event("end")


def run_groups(sessions, key) -> None:
    """Round 1 and 2 of both groups played; in group A 达翁 and 查瓦 are level on everything but fair play,
    通尼 and 马利 on everything (they need lots)."""
    with sessions() as session:
        from scoring.models import Fixture
        stage_id = session.scalar(select(Stage.id).where(Stage.key == key))
        fixtures = session.execute(select(Fixture.key, Fixture.round, Fixture.group).where(
            Fixture.stage_id == stage_id).order_by(Fixture.id)).all()
    for fixture, round_, group in fixtures:
        if round_ == 1:
            play(sessions, key, fixture, 1, 1, cards=[("away", "yellow_card")] if group == "A" else ())
        elif round_ == 2:
            play(sessions, key, fixture, 2, 0)


def run_knockout(sessions, key) -> None:
    play(sessions, key, "SF-1", 2, 1)


def run_final(sessions, key) -> None:
    """The final under way: 1:0, a yellow card, the clock running in the first half."""
    play(sessions, key, "F", 1, 0, cards=[("away", "yellow_card")], end=False)


def run_race(sessions, key) -> None:
    recorder = _official(sessions, key, "C1")
    recording.heat_clock(sessions, recorder, {"heat": "H1", "action": "start", "client_id": _cid()})
    recording.record_attempt(sessions, recorder, {"entry": "R2", "watches": ["65.2"], "client_id": _cid()})
    recording.record_attempt(sessions, recorder, {"entry": "R1", "watches": ["66.8"], "client_id": _cid()})


def logo_png(size=(120, 60)) -> bytes:
    """A small PNG logo: a red field with a yellow bar."""
    import io

    from PIL import Image, ImageDraw

    picture = Image.new("RGB", size, "#b00000")
    ImageDraw.Draw(picture).rectangle((10, size[1] // 3, size[0] - 10, 2 * size[1] // 3), fill="#ffd000")
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def dress(sessions, campaign: str, keys: dict) -> str:
    """The campaign's band and its teams' colours, as an organizer sets them, and a venue with nothing
    on now and the race booked there tomorrow. The venue board's address."""
    from datetime import datetime, timedelta, timezone

    from scoring import organizing
    from scoring.db import transaction
    from scoring.models import Campaign, Venue

    with sessions() as session:
        campaign_id = session.scalar(select(Campaign.id).where(Campaign.name == campaign))
    organizing.set_board_band(sessions, campaign_id, "洛龙县第三届群众文化体育运动会", logo_png(), False, "cli:test")
    organizing.set_team_colours(sessions, keys["table"], {"T1": "#d00000", "T2": "#0050d0", "T5": "#00a040"},
                                "cli:test")
    with transaction(sessions) as session:
        session.add(Venue(campaign_id=campaign_id, key="square", name="硕督镇达翁村文化广场",
                          name_bo="སྟག་འོང་གྲོང་ཚོའི་རིག་གནས་ཐང་ཆེན།"))
    tomorrow = datetime.now(timezone.utc).replace(hour=3, minute=0, second=0, microsecond=0) + timedelta(days=1)
    organizing.book_slot(sessions, keys["race"], "square", tomorrow, tomorrow + timedelta(hours=2), False, "cli:test")
    return f"/venue/{campaign_id}/square"


def finish_race(sessions, key) -> None:
    """Every rider of heat H1 timed and the heat confirmed (the stage's only heat: it is finished)."""
    recorder = _official(sessions, key, "C1")
    recording.heat_clock(sessions, recorder, {"heat": "H1", "action": "start", "client_id": _cid()})
    for entry, time in (("R1", "64.9"), ("R2", "65.2"), ("R3", "66.8"), ("R4", "70.1")):
        recording.record_attempt(sessions, recorder, {"entry": entry, "watches": [time], "client_id": _cid()})
    recording.confirm_heat(sessions, recorder, {"heat": "H1", "client_id": _cid()})
