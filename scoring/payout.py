"""What a prize's payout sheet needs: the amount in Chinese capitals (大写) as on a signed receipt,
the resident ID number's check (GB 11643) and its masked form for screens."""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
SMALL = ("", "拾", "佰", "仟")      # within a group of four digits
GROUPS = ("", "万", "亿", "万亿")   # each group of four digits
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
ID_NUMBER = re.compile(r"^\d{17}[\dX]$")
ACCOUNT = re.compile(r"^\d{6,32}$")


def _group(number: int) -> str:
    """0 < number < 10000 in capitals, a 零 for each run of zeros between digits (1001: 壹仟零壹)."""
    text, zero = "", False
    for place in range(3, -1, -1):
        digit = number // 10 ** place % 10
        if digit == 0:
            zero = bool(text)
        else:
            text += ("零" if zero else "") + DIGITS[digit] + SMALL[place]
            zero = False
    return text


def _yuan(number: int) -> str:
    """A whole number of yuan in capitals (0: empty); 零 where a group starts below its thousands
    after a higher group, or where whole groups of zeros lie between (100000001: 壹亿零壹)."""
    groups = []
    while number:
        groups.append(number % 10000)
        number //= 10000
    text, zero = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            zero = bool(text)
            continue
        if text and (zero or group < 1000):
            text += "零"
        text += _group(group) + GROUPS[index]
        zero = False
    return text


def rmb_capitals(amount: Decimal) -> str:
    """An amount of renminbi in capitals as written on a receipt: 1200 -> 壹仟贰佰元整,
    1001 -> 壹仟零壹元整, 100000.5 -> 壹拾万元伍角, 0.05 -> 伍分, 10.05 -> 壹拾元零伍分, 0 -> 零元整.
    Rounded to the fen; a negative amount is refused (ValueError)."""
    amount = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if amount < 0:
        raise ValueError("a negative amount has no capitals")
    fen_total = int(amount * 100)
    yuan, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    if fen_total == 0:
        return "零元整"
    text = _yuan(yuan) + ("元" if yuan else "")
    if jiao == 0 and fen == 0:
        return text + "整"
    if jiao:
        text += DIGITS[jiao] + "角"
    elif text:
        text += "零"  # 10.05: 壹拾元零伍分
    if fen:
        text += DIGITS[fen] + "分"
    return text


def id_number(text: str) -> str:
    """A resident ID number as stored: blanks taken out, a lower-case x made upper."""
    return re.sub(r"\s", "", text or "").upper()


def id_number_ok(text: str) -> bool:
    """18 characters, the 18th the GB 11643 check digit of the other 17 (X for 10)."""
    if not ID_NUMBER.match(text):
        return False
    return ID_CHECK[sum(int(d) * w for d, w in zip(text[:17], ID_WEIGHTS)) % 11] == text[17]


def mask_id_number(text: str) -> str:
    """What a screen shows of an ID number: the first 4 and the last 4 (5401**********1234)."""
    if not text:
        return ""
    if len(text) <= 8:
        return "*" * len(text)
    return text[:4] + "*" * (len(text) - 8) + text[-4:]


def account(text: str) -> str:
    """A bank card or phone number as stored: spaces and dashes taken out."""
    return re.sub(r"[\s-]", "", text or "")


def account_ok(text: str) -> bool:
    """Digits only, 6 to 32 of them (a phone has 11, a bank card 16 to 19)."""
    return bool(ACCOUNT.match(text))
