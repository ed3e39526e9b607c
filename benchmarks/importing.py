"""How long importing contestants takes: a generated workbook of a county (7 townships, 30
villages, 8 events with village and township tiers, football and basketball teams), read and
checked as the preview does, then checked again and written in one transaction as the import does.

Run alone with `python -m benchmarks.importing` (from the repository's root).
"""
from __future__ import annotations

import io
import os
import random
import re
import statistics
import tempfile
import time
from pathlib import Path

from organizers import importing
from organizers.access import create_organizer
from scoring.db import make_engine, make_sessionmaker, migrate, transaction
from scoring.loader import load_competition
from tests.import_data import campaign, csv_bytes, empty_stages, row, workbook

TOWNSHIPS = {
    "孜托镇": ["达翁村", "查瓦村", "通尼村", "玉西村", "拉孜村"],
    "硕督镇": ["硕督村", "康沙村", "扎西村", "色吾村"],
    "康沙镇": ["康沙村", "加日村", "巴达村", "宗巴村"],
    "马利镇": ["马利村", "比达村", "格巴村", "夏嘎村", "帮达村"],
    "玉西乡": ["玉西村", "贡巴村", "多加村", "雪巴村"],
    "腊久乡": ["腊久村", "达龙村", "扎果村", "卡达村"],
    "中亦乡": ["中亦村", "纳达村", "白西村", "热巴村"],
}  # 30 villages (a village name may recur in another township, as it does)
VILLAGES = [(t, v) for t, villages in TOWNSHIPS.items() for v in villages]
EVENTS = [("speech", "我和我的驻村故事演讲比赛", "judged", "village", [f"{t}/{v}" for t, v in VILLAGES]),
          ("song", "歌舞比赛", "judged", "village", [f"{t}/{v}" for t, v in VILLAGES]),
          ("calligraphy", "藏文书法比赛", "judged", "township", list(TOWNSHIPS)),
          ("cooking", "厨艺比赛", "judged", "township", list(TOWNSHIPS)),
          ("sewing", "缝纫技能比赛", "judged", None, []),
          ("horse", "赛马", "measured", None, []),
          ("football", "村超足球赛", "match", "township", list(TOWNSHIPS)),
          ("basketball", "篮球赛", "match", "township", list(TOWNSHIPS))]
SOLO = [name for _, name, fmt, _, _ in EVENTS if fmt != "match"]
# Tibetan given names with their usual Chinese transcription; a full name is two of them.
NAMES = [("扎西", "བཀྲ་ཤིས"), ("次仁", "ཚེ་རིང"), ("卓玛", "སྒྲོལ་མ"), ("多吉", "རྡོ་རྗེ"), ("格桑", "སྐལ་བཟང"),
         ("达瓦", "ཟླ་བ"), ("尼玛", "ཉི་མ"), ("平措", "ཕུན་ཚོགས"), ("旺堆", "དབང་འདུས"), ("拉姆", "ལྷ་མོ"),
         ("央金", "དབྱངས་ཅན"), ("索朗", "བསོད་ནམས"), ("德吉", "བདེ་སྐྱིད"), ("巴桑", "པ་སངས"), ("边巴", "སྤེན་པ"),
         ("顿珠", "དོན་གྲུབ"), ("洛桑", "བློ་བཟང"), ("强巴", "བྱམས་པ"), ("白玛", "པདྨ"), ("曲珍", "ཆོས་སྒྲོན")]


def contestants(count: int, seed: int = 5) -> list[dict]:
    """`count` rows: about a fifth are football or basketball players in their village's team,
    the others enter one or two of the individual events."""
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        (first, first_bo), (second, second_bo) = rng.sample(NAMES, 2)
        k = n // 5  # a village's turn: its team's next player, then four others
        township, village = VILLAGES[k % len(VILLAGES)]
        person = {"name_bo": f"{first_bo}་{second_bo}།", "gender": rng.choice("男女"), "phone": f"13{n:09d}"}
        if n % 5 == 0:
            sport, team = ("村超足球赛", "足球队") if k % 2 == 0 else ("篮球赛", "篮球队")
            rows.append(row(first + second, township, village, event=sport, team=f"{township}{village}{team}",
                            number=k // len(VILLAGES) + 1, **person))
        else:
            rows.append(row(first + second, township, village, event="、".join(rng.sample(SOLO, rng.choice((1, 2)))),
                            **person))
    return rows


def _fresh_campaign(folder: Path):
    engine = make_engine(f"sqlite:///{folder / 'import.db'}")
    migrate(engine)
    sessions = make_sessionmaker(engine)
    with transaction(sessions) as session:
        load_competition(session, campaign(TOWNSHIPS, EVENTS, name="基准测试"))
    empty_stages(sessions)
    return engine, sessions


def _once(content: bytes, filename: str) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        engine, sessions = _fresh_campaign(Path(folder))
        started = time.perf_counter()
        parsed = importing.read_table(filename, content)
        read = time.perf_counter()
        with sessions() as session:
            plan = importing.check(session, 1, parsed)
        checked = time.perf_counter()
        assert plan.ok, [(r.number, r.problems) for r in plan.rows if r.problems][:5]
        result = importing.run_import(sessions, 1, parsed, None, "benchmark")
        written = time.perf_counter()
        engine.dispose()
    assert result.persons == len(parsed.rows)
    return {"read": read - started, "check": checked - read, "preview": checked - started, "import": written - checked,
            "total": written - started}


def _through_the_pages(content: bytes, filename: str) -> dict:
    """The organizer's way: upload and preview (the page lists every row), then import and poll
    the progress until done (Flask's test client; the import runs as the server runs it)."""
    with tempfile.TemporaryDirectory() as folder:
        engine, sessions = _fresh_campaign(Path(folder))
        with transaction(sessions) as session:
            create_organizer(session, "bench", "benchmark-secret")
        os.environ["PODIUM_INSTANCE"] = str(Path(folder) / "instance")
        from podium.app import create_app

        app = create_app({"DATABASE_URL": f"sqlite:///{Path(folder) / 'import.db'}"})
        client = app.test_client()
        client.post("/organizer/login", data={"username": "bench", "password": "benchmark-secret"})
        started = time.perf_counter()
        page = client.post("/organizer/import/preview", data={"file": (io.BytesIO(content), filename)},
                           content_type="multipart/form-data").get_data(as_text=True)
        previewed = time.perf_counter()
        status = client.post(re.search(r'action="([^"]+/run)"', page).group(1)).headers["Location"]
        socketio = app.extensions["podium.socketio"]
        while client.get(status + "/progress").get_json()["state"] == "running":
            socketio.sleep(0.02)
        done = time.perf_counter()
        assert client.get(status + "/progress").get_json()["state"] == "done"
        socketio.sleep(0.2)
        app.extensions["podium.engine"].dispose()
        engine.dispose()
    return {"read": None, "check": None, "preview": previewed - started, "import": done - previewed, "total": done - started}


def measure(shapes=((2000, "xlsx", "functions"), (2000, "csv", "functions"), (2000, "xlsx", "pages"),
                    (20000, "xlsx", "functions")), repeats: int = 3) -> list[dict]:
    results = []
    for count, kind, way in shapes:
        rows = contestants(count)
        content = workbook(rows) if kind == "xlsx" else csv_bytes(rows)
        run = _through_the_pages if way == "pages" else _once
        runs = [run(content, f"报名表.{kind}") for _ in range(repeats)]
        median = {k: None if runs[0][k] is None else statistics.median(r[k] for r in runs)
                  for k in ("read", "check", "preview", "import", "total")}
        results.append({"rows": count, "format": kind, "way": way, "size_kb": len(content) / 1024, **median})
    return results


def table(results: list[dict]) -> str:
    def seconds(value) -> str:
        return "–" if value is None else f"{value:.2f}"

    lines = ["| rows | file | size (KB) | measured through | read (s) | check (s) | preview (s) | import (s) | total (s) |",
             "|---:|---|---:|---|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['rows']:,} | .{r['format']} | {r['size_kb']:.0f} | {r['way']} | {seconds(r['read'])} "
              f"| {seconds(r['check'])} | {seconds(r['preview'])} | {seconds(r['import'])} | {seconds(r['total'])} |"
              for r in results]
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(measure()))
