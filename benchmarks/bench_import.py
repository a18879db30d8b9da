"""Benchmark: reading a folder of news exports (10,000 articles by default) into one corpus.

Run on demand, never in the test suite::

    .venv/bin/python benchmarks/bench_import.py [--articles 10000] [--per-file 100]

Writes a folder of exports in a temporary directory, mixing the layouts
researchers download (LexisNexis classic text in cp1252 with CRLF, Nexis Uni
DOCX, Factiva tagged text with a BOM, ProQuest text), each file holding
``--per-file`` articles of about 300 invented words, then times, in one run:

* reading every file into rows (:func:`termshift.corpus.articles.read_sources`: decode, detect the
  layout, split the articles, parse dates and metadata);
* the whole import (``termshift import``'s :func:`import_sources`: that, plus the finishing steps of
  ``load_corpus`` and near-duplicate detection over all articles);
* near-duplicate detection alone.

Prints one line per step (seconds, articles per second) and checks that every
article came back. The machines are 2-core and shared: compare within one run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from fuzzing import EXPORT_WRITERS  # noqa: E402  (the export writers of the tests)

WORDS = ("council harbour budget ferry vote plan spring members cost channel opposition promise campaign "
         "supporters caution road storm village school market museum grant bridge tram station university "
         "engineers wires shopkeepers route customers roadworks detour union strike operator rota passengers "
         "refund terminal library students petition hours lanes street night stalls traders pitch town hall").split()


def make_exports(folder: Path, n_articles: int, per_file: int, seed: int = 0) -> int:
    """Write ``n_articles`` articles into export files under ``folder``; returns the number of files."""
    rng = np.random.default_rng(seed)
    layouts = sorted(EXPORT_WRITERS)
    n_files = 0
    for start in range(0, n_articles, per_file):
        arts = []
        for i in range(start, min(start + per_file, n_articles)):
            body = [" ".join(rng.choice(WORDS, 100)).capitalize() + "." for _ in range(3)]
            arts.append({"date": pd.Timestamp("2000-01-01") + pd.Timedelta(days=int(rng.integers(0, 8000))),
                         "outlet": f"The Bench Times {i % 7}", "title": f"Story number {i} about the harbour",
                         "byline": "Jane Roe" if i % 2 else None, "section": None, "body": body})
        layout = layouts[n_files % len(layouts)]
        suffix, write = EXPORT_WRITERS[layout]
        (folder / f"export_{n_files:04d}{suffix}").write_bytes(write(arts))
        n_files += 1
    return n_files


def _time(label, n, func):
    t0 = time.perf_counter()
    out = func()
    dt = time.perf_counter() - t0
    print(f"{label:<48} {dt:8.2f} s  {n / dt:10,.0f} articles/s")
    return out, dt


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--per-file", type=int, default=100)
    args = parser.parse_args(argv)
    from termshift.cli.importing import import_sources
    from termshift.corpus.articles import read_sources
    from termshift.corpus.near_duplicates import find_near_duplicates
    from termshift.corpus.report import LoadReport
    from termshift.corpus.walk import walk_folder

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        n_files = make_exports(folder, args.articles, args.per_file)
        print(f"wrote {args.articles:,} articles in {n_files} export files ({time.perf_counter() - t0:.1f} s)")
        n = args.articles

        def read():
            report = LoadReport(str(folder))
            files, _ = walk_folder(str(folder), report, exports=True)
            return read_sources(files, report)[0]

        rows, _ = _time("read every export (read_sources)", n, read)
        assert len(rows) == n, (len(rows), n)
        frame, _ = _time("whole import (+ finish + near-duplicates)", n,
                         lambda: import_sources([folder])[0])
        assert len(frame) == n
        _time("near-duplicates alone", n, lambda: find_near_duplicates(frame["text"].tolist()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
