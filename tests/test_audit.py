"""The audit trail (issue 12, failure 4): one writer, a hash chain per stage, and `podium audit verify`
finding every row changed outside the application."""
from __future__ import annotations

import sqlite3
import threading
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select, text

from conftest import ARTIFACTS, TOKENS, podium_cli, speech_competition
from test_postgres import pg_url  # noqa: F401 (the fixture)
from podium.testing import called_through
from scoring import audit, awards, service
from scoring.db import transaction
from scoring.models import AuditEntry, Award, Judge, Stage

GOOD = {"content": 35, "delivery": 25.5, "presence": 18, "effect": 9}
PANEL_MARKS = {"E1": [30, 31, 32, 33, 34], "E2": [36, 37, 38, 39, 40], "E3": [20, 21, 22, 23, 24]}
LEVELS = [{"name": "一等奖", "quota": 1, "prize": "3000"}, {"name": "二等奖", "quota": 2, "prize": None}]


def judges_of(sessions, stage: str = "final") -> dict[str, int]:
    with sessions() as s:
        return dict(s.execute(select(Judge.key, Judge.id).join(Stage).where(Stage.key == stage)).all())


def score_the_final(sessions, awarded: bool = True) -> dict[str, int]:
    """The speech final played through the services: five judges mark every entry, a deduction, the
    chief locks each entry, then the organizer sets the levels and gives the awards."""
    panel = judges_of(sessions)
    called_through(sessions, "final")
    for entry, contents in PANEL_MARKS.items():
        for (key, judge), content in zip(sorted(panel.items()), contents):
            service.submit_scorecard(sessions, judge, {"entry": entry, "marks": {**GOOD, "content": content},
                                                       "client_id": str(uuid.uuid4())})
    service.submit_scorecard(sessions, panel["J2"], {"entry": "E1", "marks": {**GOOD, "content": 29}})  # revision 2
    service.record_deductions(sessions, panel["J1"], {"entry": "E2", "deductions": {"overtime": 45}})
    for entry in PANEL_MARKS:
        service.lock_entry(sessions, panel["J1"], {"entry": entry})
    if awarded:
        awards.set_levels(sessions, "final", LEVELS, audit.organizer_actor(1, "admin"))
        awards.assign_awards(sessions, "final", audit.organizer_actor(1, "admin"))
    return panel


def raw(url_or_path, statement: str, *params) -> int:
    """A statement run on the database file by hand, as someone with the file would (no Podium code)."""
    path = str(url_or_path).removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        changed = connection.execute(statement, params).rowcount
    connection.close()
    return changed


def database_path(sessions) -> str:
    return sessions.kw["bind"].url.database


MARK_OF_J2_E1 = ("UPDATE mark SET value='40' WHERE criterion_id = (SELECT id FROM criterion WHERE key='content') "
                 "AND scorecard_id = (SELECT s.id FROM scorecard s JOIN judge j ON s.judge_id = j.id "
                 "JOIN entry e ON s.entry_id = e.id WHERE j.key='J2' AND e.key='E1' AND e.stage_id = j.stage_id "
                 "ORDER BY s.revision DESC LIMIT 1)")


# --- the writer and the chain ----------------------------------------------------------------------

def test_every_entry_is_chained_per_stage_with_one_actor_format(sessions):
    score_the_final(sessions)
    with sessions() as s:
        rows = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    heads: dict = {}
    for row in rows:
        assert row.prev_hash == heads.get(row.stage_id) and row.hash == audit.row_hash(row)
        heads[row.stage_id] = row.hash
    panel = judges_of(sessions)
    assert {r.actor for r in rows if r.action == "submit"} == {f"judge:{panel[k]}:{k}" for k in panel}
    assert {r.actor for r in rows if r.action in ("awards", "award_levels")} == {"organizer:1:admin"}
    assert audit.verify(sessions) == []


def test_a_clean_scored_campaign_verifies_clean_from_the_command_line(tmp_path):
    instance = tmp_path / "instance"
    ran = podium_cli(instance, "load", str(Path(__file__).parent.parent / "podium" / "demo" / "luolong.yaml"))
    assert ran.returncode == 0, ran.stderr
    clean = podium_cli(instance, "audit", "verify")
    assert clean.returncode == 0 and clean.stdout.startswith("OK"), clean.stdout + clean.stderr


def test_a_raw_mark_edit_on_a_locked_entry_is_reported(sessions):
    score_the_final(sessions, awarded=False)
    assert raw(database_path(sessions), MARK_OF_J2_E1) == 1
    problems = audit.verify(sessions)
    assert problems == ["scorecard of judge J2 for entry E1, revision 2: mark content is 40 in the table, 29 in the "
                        "audit (changed outside the application)"]


@pytest.mark.parametrize("statement, expected", [
    ("UPDATE audit_entry SET detail = replace(detail, '\"29\"', '\"40\"') WHERE action = 'submit' AND detail LIKE '%\"29\"%'",
     "its content does not match its hash"),
    ("DELETE FROM audit_entry WHERE id = (SELECT id FROM audit_entry WHERE action = 'lock' LIMIT 1)",
     "is broken before it"),
    ("INSERT INTO audit_entry (at, actor, action, stage_id, detail) SELECT at, actor, 'unlock', stage_id, '{}' "
     "FROM audit_entry WHERE action = 'lock' LIMIT 1", "no hash"),
    ("UPDATE audit_entry SET detail = 'not json' WHERE action = 'lock'", "its detail is not JSON"),
    ("UPDATE mark SET value = 'abc' WHERE id = 3", "the marks: a row cannot be read"),
    ("UPDATE entry SET locked = 0 WHERE key = 'E3'", "entry E3 (stage 1): unlocked in the table, locked in the audit"),
    ("UPDATE deduction SET amount = '0'", "deduction overtime of entry E2: 0 in the table, 45 in the audit"),
    ("DELETE FROM scorecard WHERE revision = 2", "revision 2: in the audit but missing"),
    ("INSERT INTO scorecard (judge_id, entry_id, revision, client_id, submitted_at) "
     "SELECT judge_id, entry_id, 9, 'forged', submitted_at FROM scorecard LIMIT 1", "revision 9: not in the audit"),
    ("UPDATE award SET level_id = (SELECT id FROM award_level WHERE name = '一等奖') WHERE entry_id = "
     "(SELECT id FROM entry WHERE key = 'E1' AND stage_id = 1)",
     "award of entry E1 (stage final): 一等奖 in the table, 二等奖 in the audit"),
])
def test_rows_changed_by_hand_are_reported_and_the_command_exits_1(tmp_path, statement, expected):
    from podium.testing import migrated_sqlite
    from scoring.db import make_engine, make_sessionmaker

    instance = tmp_path / "instance"
    instance.mkdir()
    engine = make_engine(migrated_sqlite(instance / "podium.db", speech_competition()))
    score_the_final(make_sessionmaker(engine))
    engine.dispose()
    assert podium_cli(instance, "audit", "verify").returncode == 0
    assert raw(instance / "podium.db", statement) >= 1
    ran = podium_cli(instance, "audit", "verify")
    assert ran.returncode == 1 and expected in ran.stdout, ran.stdout
    assert "FAILED" in ran.stderr


def test_the_migration_chains_the_entries_already_there(tmp_path):
    from alembic import command
    from alembic.config import Config

    from scoring.db import MIGRATIONS, make_engine, make_sessionmaker, migrate

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0005")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO audit_entry (at, actor, action, detail) VALUES "
                                "('2026-11-01 08:00:00.000000', 'organizer:1:admin', 'campaign_setup', '{\"n\": 1}'), "
                                "('2026-11-01 08:01:00.250000', 'cli', 'import', '{}')"))
    migrate(engine)
    sessions = make_sessionmaker(engine)
    with sessions() as s:
        first, second = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert first.prev_hash is None and second.prev_hash == first.hash
    assert audit.verify(sessions) == []
    engine.dispose()


def test_the_chief_panel_carries_the_start_check_warning():
    from scoring.panel import chief_panel

    class NoEntry:
        current_entry, seq = None, 3

    try:
        audit.remember([])
        assert chief_panel(NoEntry())["audit_warning"] is None
        audit.remember(["entry E3 (stage 1): unlocked in the table, locked in the audit"])
        assert "entry E3" in chief_panel(NoEntry())["audit_warning"]
    finally:
        audit.remember([])


# --- against a real server -------------------------------------------------------------------------

def test_raw_edits_are_reported_and_a_restarted_server_warns_console_and_chief(own_server, browser):
    """Failure 4: `UPDATE mark SET value='40'` on a locked entry and `UPDATE award ...` while the
    server is stopped. `podium audit verify` reports both and exits 1; the restarted server warns on
    the organizer console and on the chief judge's tablet; the genuine certificate number of the
    changed award no longer verifies."""
    import requests
    import socketio

    from organizers.access import create_organizer
    from organizers.printing.verification import certificate_code, signed_award

    srv = own_server(speech_competition(called="E3"))
    with transaction(srv.sessions) as db:
        create_organizer(db, "admin", "organizer-secret")
    tablets = []
    try:
        for key in TOKENS:
            tablet = socketio.SimpleClient()
            tablet.connect(srv.url, namespace="/judge", auth={"token": TOKENS[key]}, transports=["websocket"])
            tablets.append(tablet)
        for entry, contents in PANEL_MARKS.items():
            for tablet, content in zip(tablets, contents):
                ack = tablet.call("submit", {"entry": entry, "marks": {**GOOD, "content": content},
                                             "client_id": str(uuid.uuid4())})
                assert ack["ok"], ack
            assert tablets[0].call("lock", {"entry": entry}) == {"ok": True}
    finally:
        for tablet in tablets:
            threading.Thread(target=tablet.disconnect).start()
    awards.set_levels(srv.sessions, "final", LEVELS, audit.organizer_actor(1, "admin"))
    awards.assign_awards(srv.sessions, "final", audit.organizer_actor(1, "admin"))
    secret = _secret_of(srv)
    with srv.sessions() as s:
        e1_award = s.scalar(select(Award.id).join(Award.entry).where(text("entry.key = 'E1'")))
        code = certificate_code(e1_award, secret, signed_award(s, e1_award))
    assert 'data-genuine="true"' in requests.get(f"{srv.url}/verify/{code}", timeout=5).text

    srv.stop()
    path = srv.server.instance / "podium.db"
    assert raw(path, MARK_OF_J2_E1) == 1
    assert raw(path, "UPDATE award SET level_id = (SELECT id FROM award_level WHERE name = '一等奖') "
                     f"WHERE id = {e1_award}") == 1
    ran = podium_cli(srv.server.instance, "audit", "verify")
    assert ran.returncode == 1
    assert ("scorecard of judge J2 for entry E1, revision 1: mark content is 40 in the table, 31 in the audit "
            "(changed outside the application)") in ran.stdout.splitlines()
    assert "award of entry E1 (stage final): 一等奖 in the table, 二等奖 in the audit" in ran.stdout

    srv.start()
    console = requests.Session()
    console.post(f"{srv.url}/organizer/login", data={"username": "admin", "password": "organizer-secret"},
                 headers={"Origin": srv.url}, timeout=5)
    page = console.get(f"{srv.url}/organizer/", timeout=5).text
    assert "data-audit-warning" in page and "mark content is 40" in page
    chief = socketio.SimpleClient()
    chief.connect(srv.url, namespace="/judge", auth={"token": TOKENS["J1"]}, transports=["websocket"])
    try:
        panel = None
        while panel is None:
            event, payload = chief.receive(timeout=5)
            panel = payload if event == "panel" else None
        assert "mark content is 40" in panel["audit_warning"]
    finally:
        threading.Thread(target=chief.disconnect).start()
    refused = requests.get(f"{srv.url}/verify/{code}", timeout=5)
    assert refused.status_code == 404 and 'data-reason="mismatch"' in refused.text
    tablet = browser.new_page(viewport={"width": 1024, "height": 768})
    tablet.goto(f"{srv.url}/j/{TOKENS['J1']}")
    expect(tablet.locator("#audit-warning")).to_be_visible(timeout=10000)
    expect(tablet.locator("#audit-warning-detail")).to_contain_text("mark content is 40")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tablet.screenshot(path=str(ARTIFACTS / "chief-tablet-audit-warning.png"))


def _secret_of(srv) -> str:
    """The secret key the server process signs with (made in its instance folder at its first start)."""
    return (srv.server.instance / "secret-key").read_text().strip()


# --- PostgreSQL: two stages written at once ---------------------------------------------------------

@pytest.mark.postgres
def test_the_chains_hold_on_postgres_with_two_stages_and_the_console_writing_at_once(request):
    """Judges of two stages and organizers' stageless changes, all at once from 12 threads: each
    chain stays one line (the stage's row lock, the advisory lock), and the audit verifies clean."""
    from conftest import loaded_database

    body = loaded_database(request.getfixturevalue("pg_url"))
    sessions = next(body)
    called_through(sessions, "final")
    called_through(sessions, "other")
    final, other = judges_of(sessions), judges_of(sessions, "other")
    errors: list = []

    def judge(judge_id, entry):
        for n in range(8):
            try:
                service.submit_scorecard(sessions, judge_id, {"entry": entry, "marks": {**GOOD, "content": 30 + n}})
            except Exception as failed:  # reported below
                errors.append(failed)

    def organizer(n):
        for i in range(8):
            with transaction(sessions) as session:
                audit.record(session, audit.organizer_actor(1, "admin"), "note", detail={"n": n, "i": i})

    threads = ([threading.Thread(target=judge, args=(judge_id, "E1")) for judge_id in final.values()]
               + [threading.Thread(target=judge, args=(other["J1"], "X1")) for _ in range(3)]
               + [threading.Thread(target=organizer, args=(n,)) for n in range(4)])
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with sessions() as s:
        rows = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert len(rows) == 5 * 8 + 3 * 8 + 4 * 8
    assert len({(r.stage_id, r.prev_hash) for r in rows}) == len(rows)  # no fork: each hash followed once
    assert audit.verify(sessions) == []
    body.close()
