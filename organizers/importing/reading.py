"""Reading an uploaded .xlsx or .csv file: its kind, its encoding, the header row, and the
contestants' rows as text by field (ParsedFile); ImportFileError when the file as a whole cannot
be read."""
from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from typing import Any, Optional

from organizers.importing.columns import CONTESTANTS, FORMULA, JOIN, PROBLEM_HEADERS, Format

MAX_BYTES = 10 * 1024 * 1024        # a larger upload is refused before it is read
MAX_ROWS = 20_000                   # contestants in one file
MAX_SCANNED = 100_000               # rows read at most, empty ones included
MAX_UNPACKED = 200 * 1024 * 1024    # what a workbook may unpack to (a zip bomb is refused)
HEADER_SEARCH = 10                  # the header is among the first rows that are not empty
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LOST = re.compile(r"[?？\ufffd\s]+")   # what is left of a name whose letters the encoding did not have
TIBETAN = re.compile(r"[\u0f00-\u0fff]")
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _header_key(text: str) -> str:
    return re.sub(r"[\s*＊:：]", "", text).replace("（", "(").replace("）", ")").casefold()


def _aliases(form: Format) -> dict[str, str]:
    """{header as compared: field} of every header the format accepts."""
    return {_header_key(alias): f for f, header, others in form.columns for alias in (header, *others)}


IGNORED = {_header_key(h) for h in PROBLEM_HEADERS}


@dataclass
class Problem:
    """What is wrong, as a code with parameters."""

    code: str
    column: Optional[str] = None  # the field of the cell it is about
    params: dict[str, Any] = field(default_factory=dict)


class ImportFileError(Exception):
    """The file as a whole cannot be read: nothing is checked or written."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code, params)
        self.problem = Problem(code, None, params)



@dataclass
class ParsedFile:
    """The rows of a file as text by field, numbered as in the spreadsheet; empty rows left out."""

    filename: str
    rows: list[tuple[int, dict[str, str]]]
    empty_rows: int = 0
    warnings: list[Problem] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"filename": self.filename, "rows": self.rows, "empty_rows": self.empty_rows,
                "warnings": [asdict(w) for w in self.warnings]}

    @classmethod
    def from_json(cls, data: dict) -> "ParsedFile":
        return cls(data["filename"], [(int(n), dict(values)) for n, values in data["rows"]], int(data["empty_rows"]),
                   [Problem(**w) for w in data["warnings"]])


def _cell(value: Any) -> str:
    """A cell as text: whole numbers without '.0' (phone numbers typed as numbers), dates in ISO form,
    an exported cell's protective quote taken off again."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (datetime, date, time)):
        value = value.isoformat()
    text = str(value).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA:
        text = text[1:]
    return text


def decode_text(data: bytes) -> str:
    """A CSV file's text: UTF-8 (with or without BOM), UTF-16 with BOM, or GBK / GB18030."""
    return _decoded(data)[0]


def _decoded(data: bytes) -> tuple[str, str]:
    """(the text, the codec it was read with)."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise ImportFileError("encoding")
            break
    else:
        if b"\x00" in data:
            raise ImportFileError("not_text")
        for codec in ("utf-8", "gb18030"):
            try:
                text = data.decode(codec)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportFileError("encoding")
    if CONTROL.search(text.rstrip("\x1a")):
        raise ImportFileError("not_text")
    return text, codec


def _csv_rows(data: bytes) -> tuple[list[list[str]], str]:
    """The rows of a CSV file, and the codec it was read with."""
    text, codec = _decoded(data)
    sample = "\n".join([line for line in text[:100_000].splitlines() if line.strip()][:HEADER_SEARCH])
    delimiter = max(",\t;", key=sample.count)
    rows = []
    try:
        for cells in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append([_cell(c) for c in cells])
            if len(rows) > MAX_SCANNED:
                raise ImportFileError("too_many_rows", limit=MAX_ROWS)
    except csv.Error as failed:
        raise ImportFileError("not_table", detail=str(failed))
    return rows, codec


def _sheet_rows(sheet, limit: int) -> list[list[str]]:
    rows = []
    for values in sheet.iter_rows(values_only=True):
        rows.append([_cell(v) for v in values])
        if len(rows) >= limit:
            break
    return rows


def _xlsx_rows(data: bytes, form: Format) -> list[list[str]]:
    """The rows of the first sheet that has the header (of the active sheet when none has)."""
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError("bad_xlsx")
    if unpacked > MAX_UNPACKED:
        raise ImportFileError("too_large", limit=MAX_UNPACKED // (1024 * 1024))
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign zip
        raise ImportFileError("bad_xlsx")
    try:
        chosen = book.active if book.active is not None else book.worksheets[0]
        for sheet in book.worksheets:
            sheet.reset_dimensions()
            if _find_header(_sheet_rows(sheet, HEADER_SEARCH * 5), form)[1]:
                chosen = sheet
                break
        chosen.reset_dimensions()
        rows = _sheet_rows(chosen, MAX_SCANNED + 1)
    except Exception:
        raise ImportFileError("bad_xlsx")
    finally:
        book.close()
    if len(rows) > MAX_SCANNED:
        raise ImportFileError("too_many_rows", limit=MAX_ROWS)
    return rows


def _find_header(rows: list[list[str]], form: Format) -> tuple[int, dict[int, str]]:
    """(index of the header row, {column index: field}); the header is the first of the first rows
    that names at least two columns of the format; ({}) when none does."""
    seen, aliases = 0, _aliases(form)
    for index, cells in enumerate(rows):
        if not any(cells):
            continue
        columns = {i: aliases[_header_key(c)] for i, c in enumerate(cells) if c and _header_key(c) in aliases}
        if len(set(columns.values())) >= 2:
            return index, columns
        seen += 1
        if seen >= HEADER_SEARCH:
            break
    return -1, {}


def _table(filename: str, rows: list[list[str]], form: Format) -> ParsedFile:
    at, _ = _find_header(rows, form)
    if at < 0:
        at = next((i for i, cells in enumerate(rows) if any(cells)), -1)
        if at < 0:
            raise ImportFileError("no_rows")
    header, aliases, headers = rows[at], _aliases(form), form.headers
    columns: dict[str, int] = {}
    unknown = []
    for index, text in enumerate(header):
        if not text:
            continue
        name = aliases.get(_header_key(text))
        if name is None:
            if _header_key(text) not in IGNORED:
                unknown.append(text)
        elif name in columns:
            raise ImportFileError("duplicate_column", column=text)
        else:
            columns[name] = index
    missing = [headers[f] for f in form.required if f not in columns]
    if missing:
        raise ImportFileError("missing_columns", missing=JOIN.join(missing), found=JOIN.join(c for c in header if c),
                              expected=JOIN.join(headers.values()))
    parsed = ParsedFile(filename, [], warnings=[Problem("unknown_columns", None, {"columns": JOIN.join(unknown)})]
                        if unknown else [])
    for index in range(at + 1, len(rows)):
        cells = rows[index]
        values = {f: cells[columns[f]] if f in columns and columns[f] < len(cells) else "" for f in form.fields}
        if not any(values.values()):
            parsed.empty_rows += 1
            continue
        parsed.rows.append((index + 1, values))
        if len(parsed.rows) > MAX_ROWS:
            raise ImportFileError("too_many_rows", limit=MAX_ROWS)
    if not parsed.rows:
        raise ImportFileError("no_rows")
    return parsed


def read_table(filename: str, data: bytes, form: Format = CONTESTANTS) -> ParsedFile:
    """The rows of an uploaded .xlsx or .csv file in the format `form` (contestants unless told);
    ImportFileError when it cannot be read."""
    if len(data) > MAX_BYTES:
        raise ImportFileError("too_large", limit=MAX_BYTES // (1024 * 1024))
    if not data.strip():
        raise ImportFileError("empty_file")
    lower = (filename or "").lower()
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE file: old Excel (.xls) or WPS
        raise ImportFileError("xls")
    if data.startswith(b"PK\x03\x04") or lower.endswith((".xlsx", ".xlsm")):
        return _no_lost_letters(_table(filename, _xlsx_rows(data, form), form), form, legacy=False)
    rows, codec = _csv_rows(data)
    return _no_lost_letters(_table(filename, rows, form), form, legacy=codec == "gb18030")


def _lost(text: str, tibetan_expected: bool, legacy: bool) -> bool:
    """True when a name cell holds what a save in a code page without its letters left of it: only
    question marks (or U+FFFD), or, in the Tibetan name of a GBK file, any question mark."""
    if not text:
        return False
    if not LOST.sub("", text):
        return True
    return tibetan_expected and legacy and "?" in text and not TIBETAN.search(text)


def _no_lost_letters(parsed: ParsedFile, form: Format, legacy: bool) -> ParsedFile:
    """Refuse a file whose names were saved as question marks: Excel's plain "CSV" on a Chinese
    Windows is GBK, which has no Tibetan, and writes "?" for every Tibetan letter (`legacy`: the
    file was read as GBK / GB18030)."""
    for name in form.names:
        rows = [number for number, values in parsed.rows if _lost(values[name], name == "name_bo", legacy)]
        if rows:
            shown = ", ".join(map(str, rows[:5])) + ("…" if len(rows) > 5 else "")
            raise ImportFileError("lost_letters", column=form.headers[name], rows=shown, count=len(rows))
    return parsed
