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
