"""The certificate designer's model: what an organizer chooses without writing HTML.

A Design (title, wording with fields, signatures, paper, orientation, border, background) is not
turned into a template: it is the INPUT of the one certificate template (templates/print/
certificate.html), which gets it as `design`, and each certificate's wording filled in as
`c.wording`. So there is one rendering path: the designer, the command line and an expert's own
HTML template all go through render_certificates(certificates, template, design=...); an expert's
template may use `design` and `c.wording` too, or ignore them. The organizer's wording is never
compiled as a template: it is cut into text and fields here, and printed as text (escaped).

Wording is stored with fields written as 【key】 (【name】, 【award】 ...); the console shows and
accepts them as 【label】 in the organizer's language (【姓名】, 【奖项】). A line of the wording that
is only a field (【award】) is printed large and centered, as 一等奖 is on a certificate.

Nothing here imports Flask: the console, the command line (`--design FILE`) and tests use it alike.
"""
from __future__ import annotations

import base64
import io
import json
import re
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Mapping, Optional, Union

from organizers.printing.errors import PrintingError

# Paper sizes (portrait width, height in mm) as CSS names them: ISO A4, A5, B5.
PAPERS = {"A4": (210, 297), "A5": (148, 210), "B5": (176, 250)}
ORIENTATIONS = ("landscape", "portrait")
# Borders and backgrounds offered: (outer line, inner line) colours and the page colour.
BORDERS = {"red": ("#b3261e", "#c9a227"), "blue": ("#1f4e8c", "#8fa9c9"), "none": (None, None)}
BACKGROUNDS = {"cream": "#fffdf6", "white": "#ffffff"}
MAX_SIGNATURES = 3
MAX_PICTURE = 2 * 1024 * 1024  # a seal or a signature image, in bytes
PICTURE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
MAX_TITLE = 40
MAX_WORDING = 1000
MAX_SIGNATURE_TEXT = 40

# The fields the wording may hold: key -> the Certificate attribute printed (its value, as text).
FIELDS = {"name": "name", "unit": "unit", "campaign": "campaign", "event": "event", "stage": "tier",
          "award": "award", "rank": "rank", "date": "issued_on", "issuer": "issuer"}
DEFAULT_WORDING = ("【name】（【unit】）：\n"
                   "在【campaign】【event】（【stage】）中，荣获\n"
                   "【award】\n"
                   "特发此证，以资鼓励。")
FIELD_MARK = re.compile(r"【([^【】\n]*)】")
TIBETAN = re.compile("[\u0f00-\u0fff]")
# Brackets dropped around a field that is empty on a certificate: （【unit】） with no unit prints nothing.
PAIRS = {"（": "）", "(": ")", "「": "」", "“": "”", "《": "》"}


class DesignError(PrintingError):
    """A design or a picture that is refused; `code` says why, `params` what (for the console's own
    words), `message` in English."""

    def __init__(self, code: str, message: str, **params: Any):
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Signature:
    """A signature line: the signer's title (评委会主任), name, and optionally a picture of the signature."""

    title: str
    name: str = ""
    image: Optional[bytes] = None


@dataclass(frozen=True)
class Design:
    title: str = "荣誉证书"
    subtitle: str = "གཟེངས་རྟགས་ལག་འཁྱེར།"
    wording: str = DEFAULT_WORDING
    signatures: tuple[Signature, ...] = ()
    paper: str = "A4"
    orientation: str = "landscape"
    border: str = "red"
    background: str = "cream"


@dataclass(frozen=True)
class Piece:
    """A run of the wording: literal text, or a field (`field` is its key)."""

    text: str = ""
    field: Optional[str] = None


# --- pictures ----------------------------------------------------------------------------------------

def picture(data: bytes, what: str) -> bytes:
    """An uploaded seal or signature image, checked: at most MAX_PICTURE bytes, a PNG or JPEG that
    Pillow reads whole. `what` ("seal", "signature") names it in the refusal."""
    from PIL import Image

    if len(data) > MAX_PICTURE:
        raise DesignError("too_big", f"The {what} image is {len(data) // 1024} KB; at most "
                          f"{MAX_PICTURE // 1024 // 1024} MB is taken.", what=what, size=len(data))
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            image.verify()
    except Exception as error:  # Pillow raises many kinds for a file that is not an image
        raise DesignError("not_a_picture", f"The {what} image is not a picture Podium can read "
                          f"({type(error).__name__}).", what=what) from error
    if kind not in PICTURE_TYPES:
        raise DesignError("wrong_type", f"The {what} image is {kind}; use PNG (best with a transparent "
                          "background) or JPEG.", what=what, kind=kind)
    return data


# --- wording -----------------------------------------------------------------------------------------

def stored_wording(shown: str, labels: Mapping[str, str]) -> str:
    """The wording as the organizer typed it (【姓名】, 【Name】, 【name】) -> as it is stored (【name】).
    `labels`: every label accepted, lower-cased, -> its field key (the console gives the labels of
    every language). Refuses an unknown field or a bracket left open."""
    accepted = {**{key: key for key in FIELDS}, **{label.lower(): key for label, key in labels.items()}}

    def key_of(found: re.Match) -> str:
        label = found.group(1).strip()
        if label.lower() not in accepted:
            raise DesignError("unknown_field", f"【{label}】 is not a field a certificate has.", field=label)
        return f"【{accepted[label.lower()]}】"
    text = shown.replace("\r\n", "\n").strip()
    if len(text) > MAX_WORDING:
        raise DesignError("too_long", f"The wording is {len(text)} characters; at most {MAX_WORDING}.",
                          what="wording", limit=MAX_WORDING)
    stored = FIELD_MARK.sub(key_of, text)
    if "【" in FIELD_MARK.sub("", stored) or "】" in FIELD_MARK.sub("", stored):
        raise DesignError("open_bracket", "A field's bracket 【 or 】 is not closed on its line.")
    return stored


def shown_wording(stored: str, labels: Mapping[str, str]) -> str:
    """The stored wording with each field written by its label in the organizer's language
    (`labels`: key -> label)."""
    return FIELD_MARK.sub(lambda found: f"【{labels.get(found.group(1), found.group(1))}】", stored)


def paragraphs(wording: str) -> list[list[Piece]]:
    """The stored wording cut into lines of pieces (empty lines are dropped)."""
    lines = []
    for line in wording.split("\n"):
        pieces, at = [], 0
        for found in FIELD_MARK.finditer(line):
            if found.start() > at:
                pieces.append(Piece(line[at:found.start()]))
            pieces.append(Piece(field=found.group(1)))
            at = found.end()
        if line[at:]:
            pieces.append(Piece(line[at:]))
        if any(piece.field or piece.text.strip() for piece in pieces):
            lines.append(pieces)
    return lines


def _value(certificate: Any, key: str) -> str:
    value = getattr(certificate, FIELDS[key])
    if key == "date":
        from organizers.printing.documents import chinese_date

        return chinese_date(value)
    return "" if value is None else str(value)


def _lang(text: str) -> Optional[str]:
    return "bo" if TIBETAN.search(text) else None


def filled(design: Design, certificate: Any) -> list[dict[str, Any]]:
    """The wording of one certificate: lines of {"text", "field", "lang"} runs, each line with its
    `kind` ("standout" when the line is a single field, else "line"). The name is followed by its
    Tibetan form (field "name_bo") when known; brackets around an empty field are dropped."""
    lines = []
    for pieces in paragraphs(design.wording):
        runs: list[dict[str, Any]] = []
        for number, piece in enumerate(pieces):
            if piece.field is None:
                runs.append({"text": piece.text, "field": None, "lang": _lang(piece.text)})
                continue
            value = _value(certificate, piece.field)
            if not value:
                before = runs[-1] if runs and runs[-1]["field"] is None else None
                after = pieces[number + 1] if number + 1 < len(pieces) else None
                if (before and before["text"][-1:] in PAIRS and after and after.field is None
                        and after.text[:1] == PAIRS[before["text"][-1]]):
                    before["text"] = before["text"][:-1]
                    pieces[number + 1] = Piece(after.text[1:])
                continue
            runs.append({"text": value, "field": piece.field, "lang": _lang(value)})
            if piece.field == "name" and getattr(certificate, "name_bo", None):
                runs.append({"text": certificate.name_bo, "field": "name_bo", "lang": "bo"})
        runs = [run for run in runs if run["text"]]
        standout = len(pieces) == 1 and pieces[0].field is not None
        if runs:
            lines.append({"kind": "standout" if standout else "line", "runs": runs})
    return lines


# --- the design as a whole ---------------------------------------------------------------------------

def _short(text: str, what: str, limit: int) -> str:
    text = " ".join((text or "").split())
    if len(text) > limit:
        raise DesignError("too_long", f"The {what} is {len(text)} characters; at most {limit}.", what=what, limit=limit)
    return text


def checked(design: Design) -> Design:
    """The design with its texts trimmed, or DesignError naming the first thing that is wrong."""
    for value, choices, what in ((design.paper, PAPERS, "paper"), (design.orientation, ORIENTATIONS, "orientation"),
                                 (design.border, BORDERS, "border"), (design.background, BACKGROUNDS, "background")):
        if value not in choices:
            raise DesignError("bad_choice", f"The {what} {value!r} is not one of {', '.join(choices)}.",
                              what=what, value=value)
    if len(design.signatures) > MAX_SIGNATURES:
        raise DesignError("too_many_signatures", f"At most {MAX_SIGNATURES} signatures.", limit=MAX_SIGNATURES)
    unknown = [found for found in FIELD_MARK.findall(design.wording) if found not in FIELDS]
    if unknown:
        raise DesignError("unknown_field", f"【{unknown[0]}】 is not a field a certificate has.", field=unknown[0])
    signatures = tuple(Signature(_short(s.title, "signature's title", MAX_SIGNATURE_TEXT),
                                 _short(s.name, "signature's name", MAX_SIGNATURE_TEXT),
                                 picture(s.image, "signature") if s.image else None)
                       for s in design.signatures)
    return replace(design, title=_short(design.title, "title", MAX_TITLE),
                   subtitle=_short(design.subtitle, "subtitle", MAX_TITLE * 2),
                   signatures=tuple(s for s in signatures if s.title or s.name or s.image))


def page_size(design: Design, orientation: str) -> tuple[int, int]:
    """Width and height in mm of the design's paper in `orientation`."""
    short, long = PAPERS[design.paper]
    return (long, short) if orientation == "landscape" else (short, long)


def template_inputs(design: Design, resources: dict[str, tuple[bytes, str]]) -> dict[str, Any]:
    """What the certificate template sees as `design` (signature images added to `resources`)."""
    import hashlib

    from PIL import Image

    signatures = []
    for signature in design.signatures:
        image = None
        if signature.image:
            digest = hashlib.sha256(signature.image).hexdigest()[:16]
            with Image.open(io.BytesIO(signature.image)) as opened:
                resources[f"signature/{digest}"] = (signature.image, PICTURE_TYPES[opened.format])
            image = f"podium:signature/{digest}"
        signatures.append({"title": signature.title, "name": signature.name, "image": image})
    outer, inner = BORDERS[design.border]
    return {"title": design.title, "subtitle": design.subtitle, "subtitle_lang": _lang(design.subtitle),
            "title_lang": _lang(design.title), "signatures": signatures, "paper": design.paper,
            "pages": {o: dict(zip(("width", "height"), page_size(design, o))) for o in ORIENTATIONS},
            # 1rem: 10pt on A4, in proportion on smaller paper (the short sides' ratio)
            "rem": round(10 * PAPERS[design.paper][0] / PAPERS["A4"][0], 2),
            "border": outer, "border_inner": inner, "background": BACKGROUNDS[design.background]}


# --- stored as one JSON file (pictures inline) -------------------------------------------------------

def design_json(design: Design) -> str:
    data = asdict(design)
    data["signatures"] = [{**s, "image": base64.b64encode(s["image"]).decode() if s["image"] else None}
                          for s in data["signatures"]]
    return json.dumps(data, ensure_ascii=False, indent=1)


def design_from_json(text: str) -> Design:
    data = json.loads(text)
    signatures = tuple(Signature(s["title"], s.get("name", ""), base64.b64decode(s["image"]) if s.get("image") else None)
                       for s in data.pop("signatures", []))
    known = {name for name in Design.__dataclass_fields__}
    return checked(Design(signatures=signatures, **{k: v for k, v in data.items() if k in known}))


def read_design(path: Union[str, Path]) -> Design:
    """A design saved by the console (instance/certificates/campaign-<id>-design.json)."""
    try:
        return design_from_json(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise DesignError("unreadable", f"Cannot read the certificate design {path}: {error}") from error

