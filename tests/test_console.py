"""The organizer console over HTTP: a campaign from the template, the campaign page, editing a rule,
advancing a tier, giving awards, the prize list export, the medal table; and a township organizer
who can neither see nor change another township's data."""
from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from organizers.access import create_organizer
from scoring.db import transaction
from scoring.models import (AuditEntry, Award, AwardLevel, Campaign, Entry, Event, Judge, Organizer, PoolJudge, Stage, Tier,
                            Unit)
from conftest import make_app
from tiered_data import score_stage, tiered_competition


@pytest.fixture
def app(tmp_path, monkeypatch, database):
    monkeypatch.setenv("PODIUM_INSTANCE", str(tmp_path / "instance"))
    made = database(tiered_competition())
    with transaction(made) as db:
        create_organizer(db, "admin", "organizer-secret")
        create_organizer(db, "shuodu", "township-secret", township="硕督镇")
        create_organizer(db, "baida", "township-secret", township="白达乡")
    app = make_app(made, TESTING=True)
    app.sessions = made
    return app


def login(app, username, password="organizer-secret"):
    client = app.test_client()
    response = client.post("/organizer/login", data={"username": username, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


SETUP = {"name": "洛隆县第二届活动", "name_bo": "ལྷོ་རོང་།", "code": "lr2", "county": "洛隆县",
         "units": "硕督镇：达翁村、查瓦村\n马利镇：\n腊久乡: 查瓦村", "judges": "3", "village_advance": "2",
         "township_advance": "1", "events": ["putonghua-speech", "stone-lifting", "village-football"]}


def test_a_campaign_from_the_template(app):
    client = login(app, "admin")
    form = client.get("/organizer/setup/new").get_data(as_text=True)
    assert "文艺文化类" in form and "理论宣讲类" in form and "村超足球赛" in form
    response = client.post("/organizer/setup/new", data=SETUP)
    assert response.status_code == 302
    with app.sessions() as db:
        campaign = db.scalar(select(Campaign).where(Campaign.name == SETUP["name"]))
        speech = db.scalar(select(Event).where(Event.key == "lr2-putonghua-speech"))
        assert speech.category.name == "语言文字类" and [c.key for c in speech.criteria] == ["content", "language", "presence", "effect"]
        assert [(t.level, t.advance) for t in speech.tiers] == [
            ("village", {"mode": "per_stage", "count": 2}), ("township", {"mode": "per_stage", "count": 1}), ("county", {})]
        stages = {s.key: s for s in speech.stages}
        assert sorted(stages) == ["lr2-putonghua-speech-final", "lr2-putonghua-speech-t1", "lr2-putonghua-speech-t2",
                                  "lr2-putonghua-speech-t3", "lr2-putonghua-speech-v1-1", "lr2-putonghua-speech-v1-2",
                                  "lr2-putonghua-speech-v3-1"]
        assert stages["lr2-putonghua-speech-v1-2"].unit.name == "查瓦村" and len(stages["lr2-putonghua-speech-v1-2"].judges) == 3
        assert stages["lr2-putonghua-speech-v3-1"].unit.parent.name == "腊久乡"
        football = db.scalar(select(Event).where(Event.key == "lr2-village-football"))
        assert football.tiers == [] and [s.key for s in football.stages] == ["lr2-village-football"]
        stone = db.scalar(select(Event).where(Event.key == "lr2-stone-lifting"))
        assert stone.rule["attempts"] == 3 and stone.stages[0].judges[0].chief
        assert db.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "campaign_setup")) == 1
        campaign_id = campaign.id
    page = client.get(f"/organizer/setup/campaigns/{campaign_id}").get_data(as_text=True)
    assert "达翁村预赛" in page and "村级预赛" in page and "腊久乡" in page


@pytest.mark.parametrize("change, problem", [
    ({"code": "有 空格"}, "简码"), ({"units": ""}, "至少填写一个乡镇"), ({"events": []}, "至少选择一个项目"),
    ({"judges": "12"}, "评委人数"), ({"units": "硕督镇：达翁村、达翁村"}, "重复"),
    ({"code": "v"}, "already exists"),     # the stage keys of the code are taken by the other campaign
])
def test_setup_problems_are_shown_and_nothing_is_written(app, change, problem):
    client = login(app, "admin")
    if change == {"code": "v"}:
        assert client.post("/organizer/setup/new", data={**SETUP, "code": "v"}).status_code == 302
        change = {"code": "v", "name": "另一个活动"}
    with app.sessions() as db:
        before = db.scalar(select(func.count(Stage.id)))
    response = client.post("/organizer/setup/new", data={**SETUP, **change})
    assert response.status_code == 400 and problem in response.get_data(as_text=True)
    with app.sessions() as db:
        assert db.scalar(select(func.count(Stage.id))) == before


def test_editing_a_rule_until_something_is_scored(app):
    client = login(app, "admin")
    with app.sessions() as db:
        event_id = db.scalar(select(Event.id).where(Event.key == "speech"))
    rule = {"c_key": ["all", "style"], "c_name": ["综合", "风格"], "c_max": ["80", "20"], "c_step": ["0.5", "1"],
            "c_weight": ["1", "1"], "aggregate": "trimmed", "drop_highest": "1", "drop_lowest": "1", "decimals": "2",
            "tiebreak": "raw_mean, criterion:style"}
    for change, problem in [({"drop_highest": "2"}, "3 人的评委组"), ({"c_max": ["-5", "20"]}, "max"),
                            ({"tiebreak": "coin"}, "tie-break")]:
        bad = client.post(f"/organizer/setup/events/{event_id}", data={**rule, **change})
        assert bad.status_code == 400 and problem in bad.get_data(as_text=True), bad.get_data(as_text=True)[-3000:]
    assert client.post(f"/organizer/setup/events/{event_id}", data=rule).status_code == 302
    with app.sessions() as db:
        event = db.get(Event, event_id)
        assert [(c.key, c.max) for c in event.criteria] == [("all", Decimal("80")), ("style", Decimal("20"))]
        assert event.rule["tiebreak"] == ["raw_mean", "criterion:style"]


def test_advancing_and_awards_from_the_console(app):
    client = login(app, "admin")
    with app.sessions() as db:
        village = db.scalar(select(Tier.id).where(Tier.level == "village"))
    page = client.get(f"/organizer/results/tiers/{village}").get_data(as_text=True)
    assert 'id="blocked"' in page
    score_stage(app.sessions, "v-dawong", {"dawong1": 90, "dawong2": 80, "dawong3": 85})
    score_stage(app.sessions, "v-chawa", {"chawa1": 70, "chawa2": 95, "chawa3": 88})
    score_stage(app.sessions, "v-tongni", {"tongni1": 80, "tongni2": 75, "tongni3": 75})
    page = client.get(f"/organizer/results/tiers/{village}").get_data(as_text=True)
    assert 'data-tie="1"' in page and "v-tongni/tongni2" in page
    refused = client.post(f"/organizer/results/tiers/{village}", data={}, follow_redirects=True)
    flashed = re.search(r'data-flash="error">([^<]*)<', refused.get_data(as_text=True)).group(1)
    # whole in Chinese, the tied contestants by name and unit, no English and no keys
    assert "晋级线上成绩并列：请从" in flashed and "选出 1 人" in flashed, flashed
    assert "通尼村" in flashed and not re.search(r"[A-Za-z]", flashed), flashed
    client.post(f"/organizer/results/tiers/{village}", data={"chosen": ["v-tongni/tongni3"]})
    with app.sessions() as db:
        assert db.scalar(select(func.count(Entry.id)).join(Stage, Entry.stage_id == Stage.id).where(Stage.key == "t-shuodu")) == 4
    levels = {"action": "levels", "level_name": ["一等奖", "二等奖", "优秀奖", ""], "level_quota": ["1", "1", "", ""],
              "level_prize": ["3000", "1500.5", "200", ""]}
    assert client.post("/organizer/results/stages/v-dawong/awards", data=levels).status_code == 302
    client.post("/organizer/results/stages/v-dawong/awards", data={"action": "assign"})
    with app.sessions() as db:
        assert db.scalar(select(func.count(AwardLevel.id))) == 3
    page = client.get("/organizer/results/stages/v-dawong/awards").get_data(as_text=True)
    assert 'data-entry="dawong1" data-award="一等奖"' in page and 'data-given="优秀奖"' in page
    listing = client.get("/organizer/results/prizes").get_data(as_text=True)
    assert 'data-total="4700.50"' in listing
    export = client.get("/organizer/results/prizes.xlsx")
    assert export.status_code == 200 and export.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(export.data))
    rows = list(book["奖金名单"].iter_rows(values_only=True))
    assert rows[0][0] == "乡镇" and rows[1][2] == "达翁村选手1" and rows[1][8] == "一等奖"
    assert Decimal(str(rows[1][9])) == Decimal("3000") and Decimal(str(rows[-1][9])) == Decimal("4700.5")
    assert [r for r in book["按乡镇汇总"].iter_rows(values_only=True)][-1][:2] == ("合计", 3)
    by_village = list(book["按村汇总"].iter_rows(values_only=True))
    assert by_village[1][:3] == ("硕督镇", "达翁村", 3) and Decimal(str(by_village[1][3])) == Decimal("4700.5")
    medals = client.get("/organizer/results/medals").get_data(as_text=True)
    assert 'data-unit="硕督镇"' in medals
    public = app.test_client().get("/medals/1").get_data(as_text=True)    # everyone's, without the money
    assert 'data-unit="硕督镇/达翁村"' in public and "4,700.50" not in public and "4,700.50" in medals


def test_a_township_organizer_sees_and_changes_only_its_own_township(app):
    shuodu = login(app, "shuodu", "township-secret")
    overview = shuodu.get("/organizer/").get_data(as_text=True)
    assert "达翁村预赛" in overview and "查瓦村预赛" in overview and "通尼村预赛" not in overview
    assert "县级决赛" not in overview
    # another township's stage by URL: as if it did not exist, and nothing changes
    assert shuodu.get("/organizer/stages/v-tongni/judges").status_code == 404
    assert shuodu.get("/organizer/results/stages/v-tongni/awards").status_code == 404
    with app.sessions() as db:
        before = db.scalar(select(func.count(AwardLevel.id)))
    levels = {"action": "levels", "level_name": ["一等奖"], "level_quota": ["1"], "level_prize": ["100"]}
    assert shuodu.post("/organizer/results/stages/v-tongni/awards", data=levels).status_code == 404
    assert shuodu.post("/organizer/results/stages/county/awards", data=levels).status_code == 404
    with app.sessions() as db:
        assert db.scalar(select(func.count(AwardLevel.id))) == before
    # its own stage works
    assert shuodu.post("/organizer/results/stages/v-dawong/awards", data=levels).status_code == 302
    # campaign-wide work is refused
    with app.sessions() as db:
        village = db.scalar(select(Tier.id).where(Tier.level == "village"))
        event_id = db.scalar(select(Event.id).where(Event.key == "speech"))
    assert shuodu.post(f"/organizer/results/tiers/{village}").status_code == 403
    assert shuodu.get("/organizer/setup/new").status_code == 403
    assert shuodu.post(f"/organizer/setup/events/{event_id}", data={}).status_code == 403
    # the prize list shows only its own township's awards
    baida = login(app, "baida", "township-secret")
    score_stage(app.sessions, "v-tongni", {"tongni1": 60, "tongni2": 75, "tongni3": 65})
    baida.post("/organizer/results/stages/v-tongni/awards", data=levels)
    baida.post("/organizer/results/stages/v-tongni/awards", data={"action": "assign"})
    assert "通尼村选手2" in baida.get("/organizer/results/prizes").get_data(as_text=True)
    assert "通尼村选手2" not in shuodu.get("/organizer/results/prizes").get_data(as_text=True)


def test_judge_pool_and_a_panel_with_the_own_village_rule(app):
    client = login(app, "admin")
    with app.sessions() as db:
        units = {u.name: u.id for u in db.scalars(select(Unit))}
    for name, unit in (("顿珠", "达翁村"), ("卓玛", "白达乡"), ("", "达翁村")):
        client.post("/organizer/panels/", data={"name": name, "unit": units[unit], "campaign": 1})
    with app.sessions() as db:
        pool = {j.name: j.id for j in db.scalars(select(PoolJudge))}
        seat = db.scalar(select(Judge).join(Stage, Judge.stage_id == Stage.id)
                         .where(Stage.key == "v-dawong", Judge.key == "J2"))
        seat_id, old_token = seat.id, seat.token
    assert sorted(pool) == ["卓玛", "顿珠"]   # the nameless one was refused
    # 顿珠 comes from 达翁村: refused on 达翁村's stage without an override, seated with one
    refused = client.post("/organizer/panels/stages/v-dawong", data={"seat": seat_id, "pool_judge": pool["顿珠"]},
                          follow_redirects=True)
    assert "达翁村选手1" in refused.get_data(as_text=True)
    with app.sessions() as db:
        assert db.get(Judge, seat_id).pool_judge_id is None
    client.post("/organizer/panels/stages/v-dawong", data={"seat": seat_id, "pool_judge": pool["顿珠"],
                                                          "override": "1", "override_reason": "评委不足，经组委会同意"})
    with app.sessions() as db:
        seat = db.get(Judge, seat_id)
        assert (seat.name, seat.conflict_override) == ("顿珠", "评委不足，经组委会同意") and seat.token != old_token
        audit = db.scalars(select(AuditEntry).where(AuditEntry.action == "seat_judge")).one()
        assert audit.note == "评委不足，经组委会同意" and audit.detail["conflicts"] == ["dawong1", "dawong2", "dawong3"]
    # 卓玛 (白达乡) on 查瓦村's stage: no conflict
    with app.sessions() as db:
        other = db.scalar(select(Judge.id).join(Stage, Judge.stage_id == Stage.id).where(Stage.key == "v-chawa", Judge.key == "J3"))
    client.post("/organizer/panels/stages/v-chawa", data={"seat": other, "pool_judge": pool["卓玛"]})
    with app.sessions() as db:
        assert db.get(Judge, other).name == "卓玛" and db.get(Judge, other).conflict_override is None
    page = client.get("/organizer/panels/stages/v-dawong").get_data(as_text=True)
    assert 'data-seat="J2" data-judge="顿珠"' in page
    # a township organizer cannot reach another township's panel
    assert login(app, "shuodu", "township-secret").get("/organizer/panels/stages/v-tongni").status_code == 404


def test_a_tiers_rule_and_an_event_added_later(app):
    client = login(app, "admin")
    with app.sessions() as db:
        village = db.scalar(select(Tier.id).where(Tier.level == "village"))
        county = db.scalar(select(Tier.id).where(Tier.level == "county"))
    for data in ({"action": "rule", "mode": "sideways", "count": "2"}, {"action": "rule", "mode": "overall", "count": "0"}):
        client.post(f"/organizer/results/tiers/{village}", data=data)
    client.post(f"/organizer/results/tiers/{county}", data={"action": "rule", "mode": "overall", "count": "3"})
    client.post(f"/organizer/results/tiers/{village}", data={"action": "rule", "mode": "overall", "count": "4"})
    with app.sessions() as db:
        assert db.get(Tier, village).advance == {"mode": "overall", "count": 4} and db.get(Tier, county).advance == {}
        assert db.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "tier_rule")) == 1
    # an event of the template added to the campaign later, with stages for its units as they are now
    response = client.post("/organizer/setup/campaigns/1/events",
                           data={"event": "calligraphy", "code": "x", "judges": "3", "village_advance": "1",
                                 "township_advance": "1"})
    assert response.status_code == 302
    with app.sessions() as db:
        event = db.scalar(select(Event).where(Event.key == "x-calligraphy"))
        assert event.category.name == "语言文字类" and len(event.tiers) == 3
        assert sorted(s.key for s in event.stages) == ["x-calligraphy-final", "x-calligraphy-t1", "x-calligraphy-t2",
                                                      "x-calligraphy-v1-1", "x-calligraphy-v1-2", "x-calligraphy-v2-1"]
    again = client.post("/organizer/setup/campaigns/1/events", data={"event": "calligraphy", "code": "x", "judges": "3",
                                                                    "village_advance": "1", "township_advance": "1"},
                        follow_redirects=True)
    assert "already" in again.get_data(as_text=True)


def awarded(app, client):
    """v-dawong final with 3 awards given; returns their ids by entry."""
    score_stage(app.sessions, "v-dawong", {"dawong1": 90, "dawong2": 80, "dawong3": 85})
    levels = {"action": "levels", "level_name": ["一等奖", "二等奖", "优秀奖"], "level_quota": ["1", "1", ""],
              "level_prize": ["3000", "1500", "200"]}
    client.post("/organizer/results/stages/v-dawong/awards", data=levels)
    client.post("/organizer/results/stages/v-dawong/awards", data={"action": "assign"})
    with app.sessions() as db:
        return {a.entry.key: a.id for a in db.scalars(select(Award))}


def signed_code(app, award_id: int) -> str:
    """The number printed on the certificate of the award as recorded now."""
    from organizers.printing.verification import certificate_code, signed_award

    with app.sessions() as db:
        return certificate_code(award_id, app.config["SECRET_KEY"], signed_award(db, award_id))


def test_certificates_verification_and_result_sheets_from_the_console(app):
    from organizers.printing.verification import certificate_code
    from printing_checks import page_texts

    client = login(app, "admin")
    ids = awarded(app, client)
    one = client.get(f"/organizer/certificates/awards/{ids['dawong1']}.pdf")
    assert one.status_code == 200 and one.mimetype == "application/pdf"
    text = "\n".join(page_texts(one.data))
    code = signed_code(app, ids["dawong1"])
    assert "达翁村选手1" in text and "一等奖" in text and code in text
    # the QR code's page: the award as recorded; a forged or edited number is not genuine
    genuine = app.test_client().get(f"/verify/{code}")
    assert genuine.status_code == 200 and 'data-genuine="true"' in genuine.get_data(as_text=True)
    assert "达翁村选手1" in genuine.get_data(as_text=True) and "一等奖" in genuine.get_data(as_text=True)
    forged = certificate_code(ids["dawong2"], "another-secret")
    edited = code[:-1] + ("A" if code[-1] != "A" else "B")
    for bad in (forged, edited, "hello"):
        page = app.test_client().get(f"/verify/{bad}")
        assert page.status_code == 404 and 'data-genuine="false"' in page.get_data(as_text=True)
    sheet = client.get("/organizer/certificates/stages/v-dawong/sheet.pdf")
    assert sheet.status_code == 200 and "达翁村选手1" in "\n".join(page_texts(sheet.data))
    assert login(app, "baida", "township-secret").get("/organizer/certificates/stages/v-dawong/sheet.pdf").status_code == 404


def test_the_certificate_design_is_tried_before_it_is_saved(app, tmp_path):
    client = login(app, "admin")
    awarded(app, client)
    page = client.get("/organizer/certificates/?campaign=1").get_data(as_text=True)
    assert 'id="cert-template"' in page and "荣誉证书" in page
    folder = tmp_path / "instance" / "certificates"
    broken = client.post("/organizer/certificates/?campaign=1", data={"template": "<html><body><p>{{ nope(</body>"},
                         follow_redirects=True)
    assert "data-flash=\"error\"" in broken.get_data(as_text=True)
    assert not (folder / "campaign-1.html").exists()
    not_an_image = client.post("/organizer/certificates/?campaign=1",
                               data={"template": "", "seal": (io.BytesIO(b"GIF89a not really"), "seal.png")},
                               content_type="multipart/form-data", follow_redirects=True)
    assert "data-flash=\"error\"" in not_an_image.get_data(as_text=True) and not (folder / "campaign-1-seal").exists()
    preview = client.post("/organizer/certificates/preview.pdf", data={"campaign": "1", "template": ""})
    assert preview.status_code == 200 and preview.mimetype == "application/pdf"
    assert client.post("/organizer/certificates/preview.pdf", data={"campaign": "1", "template": "<p>{{ x(</p>"}).status_code == 422


def test_a_batch_of_certificates_printed_in_the_background_and_podium_verify(app, tmp_path):
    import time

    from conftest import podium_cli

    from printing_checks import page_texts

    client = login(app, "admin")
    ids = awarded(app, client)
    started = client.post("/organizer/certificates/print",
                          data={"campaign": "1", "scope": "stage", "value": "v-dawong", "issuer": "洛隆县委宣传部",
                                "date": "2026-11-29"})
    assert started.status_code == 302
    job_url = started.headers["Location"]
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        job = client.get(job_url + "?format=json").get_json()
        if job["state"] != "running":
            break
        time.sleep(0.3)
    assert job == {"state": "done", "done": 3, "total": 3, "message": ""}
    pdf = client.get(job_url + ".pdf")
    pages = page_texts(pdf.data)
    assert len(pages) == 3 and "达翁村选手1" in pages[0] and "洛隆县委宣传部" in pages[0]
    assert login(app, "shuodu", "township-secret").get(job_url + "?format=json").status_code == 404   # someone else's job
    env = {"PODIUM_DATABASE_URL": app.config["DATABASE_URL"], "PODIUM_SECRET_KEY": app.config["SECRET_KEY"]}
    code = signed_code(app, ids["dawong3"])
    genuine = podium_cli(tmp_path / "instance", "verify", code, env=env)
    assert genuine.returncode == 0 and "GENUINE" in genuine.stdout and "达翁村选手3" in genuine.stdout
    forged = podium_cli(tmp_path / "instance", "verify", code[:-2] + "ZZ", env=env)
    assert forged.returncode == 1 and "NOT GENUINE" in forged.stderr


def test_a_console_form_sent_from_another_site_is_refused(app):
    client = login(app, "admin")
    levels = {"action": "levels", "level_name": ["一等奖"], "level_quota": ["1"], "level_prize": ["100"]}
    for headers in ({"Origin": "http://evil.example"}, {"Referer": "http://evil.example/page"}, {"Origin": "null"}):
        assert client.post("/organizer/results/stages/v-dawong/awards", data=levels, headers=headers).status_code == 403
    with app.sessions() as db:
        assert db.scalar(select(func.count(AwardLevel.id))) == 0
    ok = client.post("/organizer/results/stages/v-dawong/awards", data=levels, headers={"Origin": "http://localhost"})
    assert ok.status_code == 302


def test_organizers_passwords_are_hashed_with_scrypt_as_shipped(app):
    """The suite hashes passwords cheaply (conftest); the module as shipped uses scrypt, and a login
    is checked with whatever method its stored hash names."""
    import importlib.util

    from werkzeug.security import check_password_hash

    spec = importlib.util.find_spec("organizers.access")
    shipped = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shipped)
    assert shipped.PASSWORD_HASH == "scrypt"
    with transaction(app.sessions) as db:
        shipped.create_organizer(db, "scrypted", "a-long-password")
    with app.sessions() as db:
        stored = db.scalar(select(Organizer.password_hash).where(Organizer.username == "scrypted"))
    assert stored.startswith("scrypt:") and check_password_hash(stored, "a-long-password")
    assert login(app, "scrypted", "a-long-password").get("/organizer/").status_code == 200
