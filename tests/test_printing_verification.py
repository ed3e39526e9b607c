"""Certificate numbers: signed with the server's secret; any edit, forgery or garbling is reported."""
from __future__ import annotations

import pytest

from organizers.printing.errors import NotGenuine
from organizers.printing.verification import ALPHABET, certificate_code, verification_url, verify_code

SECRET = "test-secret-0123456789"


@pytest.mark.parametrize("award_id", [0, 1, 31, 32, 1024, 123456, 10**9, 2**63])
def test_a_code_verifies_to_its_award(award_id):
    code = certificate_code(award_id, SECRET)
    assert verify_code(code, SECRET) == award_id
    head, first, second = code.split("-")
    assert len(first) == len(second) == 5 and set(code) <= set(ALPHABET + "-")


def test_codes_are_short_and_typed_leniently():
    code = certificate_code(2026, SECRET)
    assert len(code) <= 15
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert verify_code(f"  {typed} ", SECRET) == 2026
    assert verify_code(code.replace("-", ""), SECRET) == 2026


def test_every_single_character_edit_is_not_genuine():
    code = certificate_code(4711, SECRET)
    for place, char in enumerate(code):
        if char == "-":
            continue
        for other in ALPHABET:
            if other != char:
                edited = code[:place] + other + code[place + 1:]
                with pytest.raises(NotGenuine) as refused:
                    verify_code(edited, SECRET)
                # the id or its issue tag edited: not issued here; the award's tag edited: not this award
                assert refused.value.reason == ("mismatch" if place >= len(code) - 5 else "not_genuine")


def test_a_forged_or_foreign_code_is_not_genuine():
    genuine = certificate_code(7, SECRET)
    forged = certificate_code(8, SECRET).split("-", 1)[0] + "-" + genuine.split("-", 1)[1]  # id 8, tag of 7
    for code, secret in ((forged, SECRET), (genuine, "another-server-secret"), ("0" + genuine, SECRET)):
        with pytest.raises(NotGenuine) as refused:
            verify_code(code, secret)
        assert refused.value.reason == "not_genuine"
        assert "not genuine" in refused.value.message


@pytest.mark.parametrize("garbled", ["", "hello", "7-ABCDE-FGHIU", "7-ABCD", "证书-ABCDE-FGHJK", None, 12345])
def test_a_garbled_code_says_what_a_code_looks_like(garbled):
    with pytest.raises(NotGenuine) as refused:
        verify_code(garbled, SECRET)
    assert refused.value.reason == "garbled"
    assert "2Z-7K3MQ-9QXAB" in refused.value.message


@pytest.mark.parametrize("award_id", [-1, True, 1.0, "7"])
def test_only_whole_award_ids_are_signed(award_id):
    with pytest.raises(ValueError):
        certificate_code(award_id, SECRET)


def test_an_empty_secret_signs_nothing():
    with pytest.raises(ValueError):
        certificate_code(1, "")


def test_the_verification_link():
    link = verification_url("http://192.168.1.10:5000/", "7-ABCDE-FGHJK")
    assert link == "http://192.168.1.10:5000/verify/7-ABCDE-FGHJK"


def test_a_code_signs_what_was_awarded():
    code = certificate_code(12, SECRET, "31\x1f扎西\x1fspeech\x1ffinal\x1f二等奖")
    assert verify_code(code, SECRET, lambda award_id: "31\x1f扎西\x1fspeech\x1ffinal\x1f二等奖") == 12
    for changed, reason in (("31\x1f扎西\x1fspeech\x1ffinal\x1f一等奖", "mismatch"),
                            ("32\x1f扎西\x1fspeech\x1ffinal\x1f二等奖", "mismatch"), (None, "revoked")):
        with pytest.raises(NotGenuine) as refused:
            verify_code(code, SECRET, lambda award_id: changed)
        assert refused.value.reason == reason
