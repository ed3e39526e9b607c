"""Run every benchmark in one go and write the tables to docs/benchmarks.md."""
from __future__ import annotations

import os
import platform
import sys
from datetime import datetime, timezone
from pathlib import Path

from benchmarks import certificates, importing, live_path, standings

DOCS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def main() -> None:
    print("standings rebuild ...", flush=True)
    rebuild = standings.table(standings.measure())
    print(rebuild, flush=True)
    print("live path ...", flush=True)
    live = live_path.table(live_path.measure())
    print(live, flush=True)
    print("certificates ...", flush=True)
    printing = certificates.table(certificates.measure())
    print(printing, flush=True)
    print("import ...", flush=True)
    imported = importing.table(importing.measure())
    print(imported, flush=True)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {sys.version.split()[0]}"
    DOCS.write_text(f"""# Benchmarks

Measured by `make bench` on {datetime.now(timezone.utc):%Y-%m-%d} ({machine}). Every table
compares its rows in one run on the same machine; nothing here is asserted by the test suite.

## Rebuilding a stage's standings

After every change the broadcaster reads the stage fresh from SQLite and rebuilds the whole
standings payload (`benchmarks/standings.py`: 4 criteria, trimmed mean, a 3-step tie-break chain).

{rebuild}

## The live path: judge's ack and delivery to every board

A real `podium run` (gevent, SQLite); N boards watching one stage over websockets; the 5 judges
submit 30 scorecards one after another (`benchmarks/live_path.py`). The ack is sent after the
commit; "board" is the time from the judge sending `submit` until a board holds the snapshot with
those marks. The asyncio load generator shares the 2 cores with the server.

{live}

## Printing certificates

Plain WeasyPrint with the system fonts against the subset path (`benchmarks/certificates.py`;
what the rows mean: docs/printing.md). Targets: one certificate under 0.3 s, 2,000 under 60 s.

{printing}

## Importing contestants

A generated workbook of contestants (Chinese and Tibetan names, 30 villages in 7 townships, several
events each) read, checked (the preview) and written in one transaction (`benchmarks/importing.py`;
"pages" goes through the console's routes and the background task). Target: 2,000 rows in under 10 s.

{imported}

## Reading the numbers

- Every acknowledged scorecard reached every board (the delivered column). The ack waits for the
  commit only; the board's snapshot is built after the ack, coalesced per stage.
- A village or township stage (up to ~100 entries) rebuilds in tens of milliseconds. A very large
  stage (300 entries x 7 judges) costs over 100 ms per rebuild, during which the gevent loop is
  busy; with the 0.1 s coalescing that still leaves the server responsive, but the next step is to
  rebuild incrementally (keep each entry's score and recompute only the entry that changed).
- The architecture's 2,000-screen figure is not reproduced here: one Python load generator on
  the same 2 cores cannot drive that many websocket clients; 500 is the largest row measured.
- Certificates: the issue's "13 s per certificate" is WeasyPrint cutting the CJK font with
  fontTools (the "fontTools" baseline rows, ~8 s here); with libharfbuzz-subset present plain
  WeasyPrint is fast too. The subset path (our own subsets of the faces we choose, every glyph
  checked first) makes one certificate in ~0.1 s and PDFs ~8x smaller; 2,000 certificates take
  ~56 s in one process (just inside 60 s) and ~26 s with 2 worker processes, which is what the
  console's batch printing uses. About 75 % of the time is WeasyPrint's layout.
- Import: 2,000 rows preview and import in under 1 s through the console's pages (target 10 s);
  20,000 rows in ~3.5 s. The write holds SQLite's write lock for about a second per 20,000 rows.
""", encoding="utf-8")
    print(f"written {DOCS}")


if __name__ == "__main__":
    main()
