"""Contestants and teams from a spreadsheet (.xlsx or .csv): read the file, check every row against
the campaign, then write everything in one transaction or nothing; and the same format back out.

No Flask here (organizers/importing_views.py is the web side): problems are codes with parameters,
turned into sentences by the caller. The column contract is in docs/import.md.

- columns: the format's fields, their headers and the values a cell may take;
- reading: the file's kind and encoding, the header row, the rows as text by field (`read_table`
  -> `ParsedFile`, `ImportFileError`);
- campaign: what the check needs of the campaign, loaded once;
- checking: every row against the campaign, nothing written (`check` -> `Plan` of `CheckedRow`s
  with their `Problem`s);
- writing: a plan without problems, checked and made into rows first (`prepare`), then written in one
  short transaction (`store`, `stored`; both: `run_import`), `ImportRefused`;
- exporting: the same format back out (`export_rows`, `to_xlsx`, `to_csv`, `safe_cell`), and the rows left
  out of a partial import with their problems (`bad_rows_table`);
- judges: the judge pool in its own format (`JUDGES`): `check_judges` -> `JudgePlan`, `store_judges`.

A partial import (`split`) writes the rows without problems and leaves the others out.
"""
from organizers.importing.checking import CheckedRow, Plan, PlannedEntry, PlannedTeam, check, split
from organizers.importing.columns import CONTESTANTS, FIELDS, HEADERS, JUDGES, REQUIRED, Format
from organizers.importing.exporting import XLSX, bad_rows_table, export_rows, safe_cell, to_csv, to_xlsx
from organizers.importing.judges import JudgePlan, check_judges, store_judges
from organizers.importing.reading import (MAX_BYTES, MAX_ROWS, ImportFileError, ParsedFile, Problem, decode_text,
                                         read_table)
from organizers.importing.writing import ImportRefused, ImportResult, Prepared, prepare, run_import, store, stored

__all__ = ["XLSX", "CONTESTANTS", "JUDGES", "Format", "split", "bad_rows_table", "JudgePlan", "check_judges", "store_judges",
           "FIELDS", "HEADERS", "REQUIRED", "MAX_BYTES", "MAX_ROWS", "Problem", "ImportFileError", "ParsedFile",
           "decode_text", "read_table", "PlannedEntry", "CheckedRow", "PlannedTeam", "Plan", "check", "ImportRefused",
           "ImportResult", "Prepared", "prepare", "store", "stored", "run_import", "safe_cell", "export_rows", "to_csv", "to_xlsx"]
