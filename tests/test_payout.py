"""Issue 13: the payout columns of the prize list: amounts in Chinese capitals as on a signed
receipt, the resident ID number's GB 11643 check digit, and the masked form shown on screens."""
from decimal import Decimal

import pytest

from scoring.payout import account, account_ok, id_number, id_number_ok, mask_id_number, rmb_capitals


@pytest.mark.parametrize("amount, capitals", [
    ("0", "零元整"), ("0.05", "伍分"), ("0.5", "伍角"), ("10", "壹拾元整"), ("15", "壹拾伍元整"),
    ("300", "叁佰元整"), ("1001", "壹仟零壹元整"), ("1010", "壹仟零壹拾元整"), ("1200", "壹仟贰佰元整"),
    ("3000.00", "叁仟元整"), ("10.05", "壹拾元零伍分"), ("101.01", "壹佰零壹元零壹分"), ("100.50", "壹佰元伍角"),
    ("10500", "壹万零伍佰元整"), ("100000.5", "壹拾万元伍角"), ("12345678.9", "壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角"),
    ("100000001", "壹亿零壹元整"), ("200000000", "贰亿元整"), ("1000010000", "壹拾亿零壹万元整"),
    ("0.015", "贰分"), ("99.99", "玖拾玖元玖角玖分"),
])
def test_amounts_in_chinese_capitals(amount, capitals):
    assert rmb_capitals(Decimal(amount)) == capitals


def test_a_negative_amount_has_no_capitals():
    with pytest.raises(ValueError):
        rmb_capitals(Decimal("-1"))


def with_check_digit(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


def test_id_numbers_are_checked_by_their_gb_11643_check_digit():
    assert id_number_ok("11010519491231002X")  # the standard's example
    assert id_number_ok(with_check_digit("54030119900101123"))
    assert not id_number_ok("110105194912310021")  # a wrong check digit
    assert not id_number_ok("11010519491231002")   # 17 characters
    assert not id_number_ok("1101051949123100A2")
    assert id_number(" 11010519491231002x ") == "11010519491231002X"
    assert mask_id_number("540301199001011234") == "5403**********1234"
    assert mask_id_number("") == ""


def test_bank_cards_and_phones_are_digits():
    assert account("6222 0202-0000 1234 567") == "6222020200001234567" and account_ok("6222020200001234567")
    assert account_ok("13800000001") and not account_ok("1380000000a") and not account_ok("123")


# --- the prize list's payout columns in the console (in-process app) --------------------------------

def test_the_prize_list_masks_id_numbers_on_screen_prints_them_whole_and_only_for_the_units_own_organizers(
        database, tmp_path, monkeypatch):
    import io

    from openpyxl import load_workbook
    from sqlalchemy import select

    from conftest import make_app
    from organizers.access import create_organizer
    from scoring import awards
    from scoring.db import transaction
    from scoring.models import Entry, Person, Unit
    from tiered_data import score_stage, tiered_competition

    monkeypatch.setenv("PODIUM_INSTANCE", str(tmp_path / "instance"))
    sessions = database(tiered_competition())
    ids = {"dawong1": with_check_digit("54030119900101123"), "dawong2": with_check_digit("54030119850505432")}
    with transaction(sessions) as db:
        create_organizer(db, "admin", "organizer-secret")
        create_organizer(db, "shuodu", "township-secret", township="硕督镇")
        tongni = db.scalar(select(Unit.id).where(Unit.name == "通尼村"))
        for entry in db.scalars(select(Entry).where(Entry.key.in_(list(ids)))):
            if entry.key == "dawong2":  # a contestant from another township's village in 硕督镇's stage
                entry.unit_id = tongni
            entry.person = Person(campaign_id=1, name=entry.name, unit_id=entry.unit_id, id_number=ids[entry.key],
                                  account="6222020200001234567")
    score_stage(sessions, "v-dawong", {"dawong1": 90, "dawong2": 80, "dawong3": 85})
    awards.set_levels(sessions, "v-dawong", [{"name": "一等奖", "quota": 1, "prize": "1200"},
                                             {"name": "优秀奖", "quota": None, "prize": "100.5"}], "test")
    awards.assign_awards(sessions, "v-dawong", "test")
    app = make_app(sessions, TESTING=True)

    def client(username, password):
        made = app.test_client()
        made.post("/organizer/login", data={"username": username, "password": password})
        return made

    admin, shuodu = client("admin", "organizer-secret"), client("shuodu", "township-secret")
    page = admin.get("/organizer/results/prizes").get_data(as_text=True)
    assert mask_id_number(ids["dawong1"]) in page and ids["dawong1"] not in page and "壹仟贰佰元整" in page
    book = load_workbook(io.BytesIO(admin.get("/organizer/results/prizes.xlsx").data))
    rows = list(book["奖金名单"].iter_rows(values_only=True))
    assert rows[0][9:] == ("奖金（元）", "金额大写", "身份证号", "银行卡号/手机号", "领取人签字")
    paid = {row[2]: row[9:] for row in rows[1:] if row and row[2] and row[0] != "合计"}
    assert paid["达翁村选手1"][1:] == ("壹仟贰佰元整", ids["dawong1"], "6222020200001234567", None)
    assert paid["达翁村选手2"][1:3] == ("壹佰元伍角", ids["dawong2"])
    assert rows[-1][10] == "壹仟肆佰零壹元整"  # 1200 + 100.5 + 100.5
    # 硕督镇's organizer sees its stage's awards, but not the personal data of 通尼村's contestant
    page = shuodu.get("/organizer/results/prizes").get_data(as_text=True)
    assert mask_id_number(ids["dawong1"]) in page and mask_id_number(ids["dawong2"]) not in page
    rows = list(load_workbook(io.BytesIO(shuodu.get("/organizer/results/prizes.xlsx").data))["奖金名单"].iter_rows(values_only=True))
    paid = {row[2]: row[11:13] for row in rows[1:] if row and row[2] and row[0] != "合计"}
    assert paid["达翁村选手1"] == (ids["dawong1"], "6222020200001234567") and paid["达翁村选手2"] == (None, None)
    # never on public pages
    assert ids["dawong1"] not in app.test_client().get("/medals/1").get_data(as_text=True)
