"""The certificate number: a short code that says which award it is and that this server issued it.

    code = <award id in base 32> "-" <5 chars> "-" <5 chars>      e.g. 2Z-7K3MQ-9QXAB

The last 10 characters are the first 50 bits of HMAC-SHA256(server secret, "podium certificate v1:<id>"),
so a code with any character changed, or made up for another award id, is reported not genuine.
Letters are Crockford's base 32 (digits and A-Z without I, L, O, U): read aloud or typed in any case;
O is read as 0, I and L as 1; hyphens and spaces are ignored.
"""
from __future__ import annotations

import hashlib
import hmac
from typing import Union

from organizers.printing.errors import NotGenuine

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
VALUES = {**{c: i for i, c in enumerate(ALPHABET)}, "O": 0, "I": 1, "L": 1}
TAG_CHARS = 10  # 50 bits of the HMAC
DOMAIN = b"podium certificate v1:"

Secret = Union[str, bytes]


def _base32(number: int) -> str:
    digits = ""
    while True:
        number, digit = divmod(number, 32)
        digits = ALPHABET[digit] + digits
        if number == 0:
            return digits


def _key(secret: Secret) -> bytes:
    key = secret.encode() if isinstance(secret, str) else bytes(secret)
    if not key:
        raise ValueError("the server secret is empty")
    return key


def _tag(award_id: int, secret: Secret) -> str:
    digest = hmac.new(_key(secret), DOMAIN + str(award_id).encode(), hashlib.sha256).digest()
    bits = int.from_bytes(digest[:8], "big") >> (64 - 5 * TAG_CHARS)
    return _base32(bits).rjust(TAG_CHARS, "0")


def certificate_code(award_id: int, secret: Secret) -> str:
    """The printed number of the certificate for `award_id`, signed with the server's secret."""
    if not isinstance(award_id, int) or isinstance(award_id, bool) or award_id < 0:
        raise ValueError(f"an award id is a whole number >= 0, not {award_id!r}")
    tag = _tag(award_id, secret)
    return f"{_base32(award_id)}-{tag[:5]}-{tag[5:]}"


def verify_code(code: str, secret: Secret) -> int:
    """The award id of a genuine code; NotGenuine("garbled" | "not_genuine") otherwise."""
    typed = "".join(str(code).split()).replace("-", "").upper() if isinstance(code, str) else ""
    if len(typed) <= TAG_CHARS or any(c not in VALUES for c in typed):
        raise NotGenuine("garbled", f"“{code}” is not a certificate number: it has the form 2Z-7K3MQ-9QXAB, "
                                    f"with the digits 0-9 and the letters A-Z except I, L, O, U.")
    award_id = 0
    for char in typed[:-TAG_CHARS]:
        award_id = award_id * 32 + VALUES[char]
    read = "".join(ALPHABET[VALUES[c]] for c in typed)
    genuine = read[:-TAG_CHARS] == _base32(award_id) and hmac.compare_digest(read[-TAG_CHARS:], _tag(award_id, secret))
    if not genuine:
        raise NotGenuine("not_genuine", f"The certificate number {code} was not issued by this server: "
                                        "the certificate is not genuine, or the number was mistyped.")
    return award_id


def verification_url(base_url: str, code: str) -> str:
    """What the certificate's QR code opens: <base>/verify/<code> (the page itself is the console's)."""
    return f"{base_url.rstrip('/')}/verify/{code}"
