"""`podium load` and `podium judges`: competition files in, every problem reported, nothing half-loaded."""
from __future__ import annotations

import json

import yaml
from sqlalchemy import func, select

from conftest import ROOT, TOKENS, Server, json_of, podium_cli, speech_competition
from scoring.db import make_engine, make_sessionmaker
from scoring.models import Campaign, Criterion, Entry, Event, Judge, Stage, Unit

DEMO = ROOT / "podium" / "demo" / "luolong.yaml"


def podium(tmp_path, *args):
    return podium_cli(tmp_path / "instance", *args)


def counts(tmp_path) -> dict:
    engine = make_engine(f"sqlite:///{tmp_path / 'instance' / 'podium.db'}")
    with make_sessionmaker(engine)() as s:
        found = {model.__name__: s.scalar(select(func.count()).select_from(model))
                 for model in (Campaign, Unit, Event, Criterion, Stage, Entry, Judge)}
    engine.dispose()
    return found


def test_demo_campaign_loads(tmp_path):
    """The one end-to-end run of the command as a process: `podium load` migrates an empty database."""
    (tmp_path / "instance").mkdir()
    result = Server(tmp_path / "instance").podium("load", str(DEMO))
    assert result.returncode == 0, result.stderr
    # 15 contestants, 8 football teams, 8 riders, 4 lifters, 6 speakers in two village preliminaries
    assert "7 events, 13 stages, 41 entries" in result.stdout
    assert counts(tmp_path) == {"Campaign": 1, "Unit": 10, "Event": 7, "Criterion": 13, "Stage": 13,
                                "Entry": 41, "Judge": 38}


def test_json_file_and_judges_listing(tmp_path):
    path = tmp_path / "c.json"
    path.write_text(json.dumps(speech_competition(), ensure_ascii=False), encoding="utf-8")
    assert podium(tmp_path, "load", str(path)).returncode == 0
    listing = json_of(podium(tmp_path, "judges", "final", "--json", "--base-url", "http://10.0.0.5:5000"))
    assert listing["stage"] == "final"
    assert [(j["key"], j["chief"]) for j in listing["judges"]] == [("J1", True), ("J2", False), ("J3", False),
                                                                     ("J4", False), ("J5", False)]
    assert [j["token"] for j in listing["judges"]] == list(TOKENS.values())
    assert listing["judges"][0]["url"] == f"http://10.0.0.5:5000/j/{TOKENS['J1']}"
    assert listing["judges"][1]["name"] == "评委2"
    missing = podium(tmp_path, "judges", "nope", "--json")
    assert missing.returncode != 0 and "nope" in missing.stderr


def test_generated_tokens_are_secret_and_distinct(tmp_path):
    assert podium(tmp_path, "load", str(DEMO)).returncode == 0
    tokens = [j["token"] for j in json_of(podium(tmp_path, "judges", "calligraphy-lajiu", "--json"))["judges"]]
    assert len(tokens) == len(set(tokens)) == 7
    assert all(len(t) >= 20 for t in tokens)


def test_bad_file_reports_every_problem_with_its_place_and_changes_nothing(tmp_path):
    assert podium(tmp_path, "load", str(DEMO)).returncode == 0
    before = counts(tmp_path)
    data = speech_competition()
    event = data["events"][0]
    event["rule"]["criteria"][1]["max"] = -5
    event["rule"]["criteria"][2]["step"] = "half"
    event["rule"]["aggregate"] = "best"
    event["stages"][0]["entries"][1]["unit"] = "火星村"
    event["stages"][0]["judges"][2]["key"] = "J1"
    event["stages"][1]["judges"][0].pop("name")
    data["events"].append({"key": "speech", "name": "重复", "format": "bingo", "rule": {"criteria": []},
                           "stages": []})
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = podium(tmp_path, "load", str(path))
    assert result.returncode == 1
    for expected in ("events[0].rule.criteria[1].max", "events[0].rule.criteria[2].step",
                     "events[0].stages[0].entries[1].unit: unknown unit '火星村'",
                     "events[0].stages[0].judges[2].key: 'J1' is used twice",
                     "events[0].stages[1].judges[0].name", "events[1].key: 'speech' is used twice",
                     "events[1].format", "events[1].rule.criteria: must be a non-empty list",
                     "events[1].stages: must be a non-empty list", "nothing was loaded"):
        assert expected in result.stderr, expected
    assert counts(tmp_path) == before


def test_rule_level_problem_is_reported(tmp_path):
    data = speech_competition()
    data["events"][0]["rule"]["aggregate"] = "best"
    data["events"][0]["rule"]["tiebreak"] = ["criterion:charisma"]
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = podium(tmp_path, "load", str(path))
    assert result.returncode == 1 and "events[0].rule:" in result.stderr
    assert counts(tmp_path)["Campaign"] == 0


def test_loading_twice_is_refused_unless_replaced(tmp_path):
    assert podium(tmp_path, "load", str(DEMO)).returncode == 0
    again = podium(tmp_path, "load", str(DEMO))
    assert again.returncode == 1 and "already exists" in again.stderr
    assert podium(tmp_path, "load", "--replace", str(DEMO)).returncode == 0
    assert counts(tmp_path)["Stage"] == 13


def test_unreadable_files(tmp_path):
    junk = tmp_path / "junk.yaml"
    junk.write_bytes(b"\xff\xfe\x00garbage")
    assert podium(tmp_path, "load", str(junk)).returncode == 1
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = podium(tmp_path, "load", str(broken))
    assert result.returncode == 1 and "not valid JSON" in result.stderr
    assert podium(tmp_path, "load", str(tmp_path / "missing.yaml")).returncode == 1
