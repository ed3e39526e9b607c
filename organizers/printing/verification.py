"""The certificate number: a short code that says which award it is, that this server issued it,
and what was awarded (person, event, award level).

    code = <award id in base 32> "-" <5 chars> "-" <5 chars>      e.g. 2Z-7K3MQ-9QXAB

The first 5 of the last 10 characters are 25 bits of HMAC-SHA256(server secret, "podium certificate
v2 id:<id>"): they say the number was issued here for that award id. The last 5 are 25 bits of
HMAC-SHA256(server secret, "podium certificate v2 award:<id>" + what was awarded): the person (the
register's person id and the name printed), the event and stage, and the award level's name. A code
with a character changed or made up for another award id is reported not genuine (50 bits to guess);
a genuine code whose award was changed afterwards (an `UPDATE award ...` to another level, another
entry) no longer matches: "mismatch". Letters are Crockford's base 32 (digits and A-Z without I, L, O,
U): read aloud or typed in any case; O is read as 0, I and L as 1; hyphens and spaces are ignored.
"""
from __future__ import annotations

import hashlib
import hmac
from typing import Callable, Optional, Union

from organizers.printing.errors import NotGenuine

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
VALUES = {**{c: i for i, c in enumerate(ALPHABET)}, "O": 0, "I": 1, "L": 1}
TAG_CHARS = 10  # 25 bits of the id's HMAC, then 25 of the award's
HALF = TAG_CHARS // 2
ID_DOMAIN = b"podium certificate v2 id:"
AWARD_DOMAIN = b"podium certificate v2 award:"

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


def _tag(domain: bytes, message: str, secret: Secret) -> str:
    digest = hmac.new(_key(secret), domain + message.encode(), hashlib.sha256).digest()
    bits = int.from_bytes(digest[:8], "big") >> (64 - 5 * HALF)
    return _base32(bits).rjust(HALF, "0")


def _tags(award_id: int, awarded: str, secret: Secret) -> tuple[str, str]:
    return _tag(ID_DOMAIN, str(award_id), secret), _tag(AWARD_DOMAIN, f"{award_id}\x1f{awarded}", secret)


def awarded_text(award) -> str:
    """What a certificate signs of an award (an Award with its entry, stage, event and level): the
    person (register id and name), the event and stage, the award level."""
    entry, stage = award.entry, award.entry.stage
    return "\x1f".join((str(entry.person_id or ""), entry.name, stage.event.key, stage.key, award.level.name))


def signed_award(session, award_id: int) -> Optional[str]:
    """awarded_text of the award `award_id` as recorded now in `session`'s database, None if there is none."""
    from scoring.models import Award

    award = session.get(Award, award_id) if award_id < 2 ** 63 else None
    return None if award is None else awarded_text(award)


def certificate_code(award_id: int, secret: Secret, awarded: str = "") -> str:
    """The printed number of the certificate for `award_id` (what was awarded: awarded_text(award)),
    signed with the server's secret."""
    if not isinstance(award_id, int) or isinstance(award_id, bool) or award_id < 0:
        raise ValueError(f"an award id is a whole number >= 0, not {award_id!r}")
    issued, signed = _tags(award_id, awarded, secret)
    return f"{_base32(award_id)}-{issued}-{signed}"


def verify_code(code: str, secret: Secret, awarded: Callable[[int], Optional[str]] = lambda award_id: "") -> int:
    """The award id of a genuine code whose award is as signed. `awarded(award_id)`: what the award
    recorded now gives (awarded_text), None when there is none. NotGenuine otherwise: "garbled",
    "not_genuine" (not issued here), "revoked" (issued here, the award is gone) or "mismatch" (issued
    here for another award than the one recorded now)."""
    typed = "".join(str(code).split()).replace("-", "").upper() if isinstance(code, str) else ""
    if len(typed) <= TAG_CHARS or any(c not in VALUES for c in typed):
        raise NotGenuine("garbled", f"“{code}” is not a certificate number: it has the form 2Z-7K3MQ-9QXAB, "
                                    f"with the digits 0-9 and the letters A-Z except I, L, O, U.")
    award_id = 0
    for char in typed[:-TAG_CHARS]:
        award_id = award_id * 32 + VALUES[char]
    read = "".join(ALPHABET[VALUES[c]] for c in typed)
    issued = _tag(ID_DOMAIN, str(award_id), secret)
    if not (read[:-TAG_CHARS] == _base32(award_id) and hmac.compare_digest(read[-TAG_CHARS:-HALF], issued)):
        raise NotGenuine("not_genuine", f"The certificate number {code} was not issued by this server: "
                                        "the certificate is not genuine, or the number was mistyped.")
    what = awarded(award_id)
    if what is None:
        raise NotGenuine("revoked", f"{code} was signed here, but its award no longer exists (revoked).")
    if not hmac.compare_digest(read[-HALF:], _tags(award_id, what, secret)[1]):
        raise NotGenuine("mismatch", f"The certificate number {code} does not match the award as recorded "
                                     "(person, event, award): the record or the certificate was changed, "
                                     "or the number was mistyped.")
    return award_id


def verification_url(base_url: str, code: str) -> str:
    """What the certificate's QR code opens: <base>/verify/<code> (the page itself is the console's)."""
    return f"{base_url.rstrip('/')}/verify/{code}"
