"""Certificates of the awards given: one per award, numbered with the award's signed id, in print order."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from conftest import speech_competition
from organizers.printing.awards import award_certificates, unit_path
from organizers.printing.certificates import render_certificates
from organizers.printing.errors import PrintingError
from organizers.printing.verification import signed_award, verify_code
from printing_checks import page_texts
from scoring.db import transaction
from scoring.models import Award, AwardLevel, Entry, Stage, Unit

SECRET = "test-secret-0123456789"


@pytest.fixture
def awarded(database):
    """The speech final's awards as an organizer decided them: 一等奖 to E2, 二等奖 to E1 and E3."""
    data = speech_competition()
    data["campaign_bo"] = "ཚོད་ལྟའི་འགྲན་བསྡུར།"
    sessions = database(data)
    with transaction(sessions) as session:
        stage = session.scalar(select(Stage).where(Stage.key == "final"))
        entries = {e.key: e for e in session.scalars(select(Entry).where(Entry.stage_id == stage.id))}
        first = AwardLevel(stage_id=stage.id, position=1, name="一等奖", quota=1)
        second = AwardLevel(stage_id=stage.id, position=2, name="二等奖", quota=2)
        session.add_all([first, second])
        session.flush()
        for key, level, rank in (("E1", second, 2), ("E3", second, 3), ("E2", first, 1)):
            session.add(Award(stage_id=stage.id, entry_id=entries[key].id, level_id=level.id, rank=rank,
                              decided_by="test"))
    return sessions


def test_every_award_of_a_stage_gets_a_signed_certificate_in_print_order(awarded):
    with awarded() as session:
        certificates = award_certificates(session, SECRET, "http://192.168.1.10:5000", "洛隆县委宣传部",
                                          date(2026, 11, 29), stage_key="final")
        award_ids = {award.entry.key: award.id for award in session.scalars(select(Award))}
    assert [(c.name, c.award) for c in certificates] == [("次仁卓玛", "一等奖"), ("扎西", "二等奖"), ("格桑", "二等奖")]
    first = certificates[1]
    assert (first.name_bo, first.unit, first.campaign, first.campaign_bo, first.event, first.tier) == (
        "བཀྲ་ཤིས།", "硕督镇达翁村", "测试活动", "ཚོད་ལྟའི་འགྲན་བསྡུར།", "演讲比赛", "县级决赛")
    with awarded() as session:
        assert verify_code(first.code, SECRET, lambda award_id: signed_award(session, award_id)) == award_ids["E1"]
    assert first.verify_url == f"http://192.168.1.10:5000/verify/{first.code}"
    texts = page_texts(render_certificates(certificates))
    assert ["次仁卓玛" in texts[0], "扎西" in texts[1], "格桑" in texts[2]] == [True] * 3


def test_the_scope_must_be_said(awarded):
    with awarded() as session, pytest.raises(PrintingError, match="a stage, an event, a tier, a campaign or one award"):
        award_certificates(session, SECRET, "http://x", "洛隆县委宣传部", date(2026, 11, 29))
    with awarded() as session:
        assert award_certificates(session, SECRET, "http://x", "x", date(2026, 11, 29), stage_key="other") == []


def test_the_unit_is_named_below_the_county(awarded):
    with awarded() as session:
        units = {u.name: u for u in session.scalars(select(Unit))}
        assert [unit_path(units[name]) for name in ("达翁村", "马利镇", "洛隆县")] == ["硕督镇达翁村", "马利镇", "洛隆县"]
    assert unit_path(None) is None
