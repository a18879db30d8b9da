"""What a loaded corpus holds, as a dict and as the text ``termshift corpus`` prints."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from ..periods import freq_name, period_codes
from ..typing import Freq
from .report import REPORT_KEY, LoadReport, printable

__all__ = ["corpus_summary", "format_summary"]


def corpus_summary(corpus: pd.DataFrame, freq: Freq | str = "month", report: LoadReport | None = None) -> dict:
    """Summarise a loaded corpus as a plain dict (JSON-serialisable).

    Parameters
    ----------
    corpus : DataFrame
        A frame made by :func:`~termshift.load_corpus` or :func:`~termshift.from_frame`.
    freq : {"day", "week", "month", "quarter", "year"} or a pandas alias ("M"), default="month"
        The period of ``docs_per_period`` (see :mod:`termshift.periods`).
    report : LoadReport, optional
        The load report (default: the one in ``corpus.attrs``, if any).

    Returns
    -------
    dict
        ``documents``, ``first_date``, ``last_date``, ``freq`` (the period's name),
        ``docs_per_period`` (every period in the range, zeros included),
        ``encodings``, ``duplicates``, ``boilerplate_lines`` and, with a load
        report, ``files_seen``, ``loaded``, ``dropped_duplicates``, ``skipped``,
        ``ignored``, ``ignored_reasons``, ``flagged``, ``totals``.

    Examples
    --------
    >>> from termshift import load_corpus
    >>> from termshift.paths import SEEDS_DIR
    >>> s = corpus_summary(load_corpus(SEEDS_DIR))
    >>> s["documents"], s["boilerplate_lines"], s["docs_per_period"]
    (1, 3, {'2022-11': 1})
    >>> corpus_summary(load_corpus(SEEDS_DIR), freq="Y")["docs_per_period"]
    {'2022': 1}
    """
    if report is None:
        report = corpus.attrs.get(REPORT_KEY)
    periods, codes = period_codes(corpus["date"], freq)
    per = np.bincount(codes[codes >= 0], minlength=len(periods)) if len(periods) else np.zeros(0, np.int64)
    out = {
        "documents": int(len(corpus)),
        "first_date": str(corpus["date"].min().date()),
        "last_date": str(corpus["date"].max().date()),
        "freq": freq_name(freq),
        "docs_per_period": {str(p): int(n) for p, n in zip(periods, per)},
        "encodings": {str(k): int(v) for k, v in Counter(corpus.get("encoding", [])).most_common()},
        "duplicates": [[str(d), str(o)] for d, o in
                       zip(corpus["doc_id"], corpus.get("duplicate_of", pd.Series(dtype=object))) if pd.notna(o)]
                      + (list(report.dropped_duplicates) if report is not None else []),
        "boilerplate_lines": int(corpus["n_boilerplate"].sum()) if "n_boilerplate" in corpus else 0,
    }
    if report is not None:
        out.update(files_seen=report.files_seen, loaded=len(report.loaded),
                   dropped_duplicates=len(report.dropped_duplicates),
                   skipped=[list(s) for s in report.skipped], ignored=list(report.ignored),
                   ignored_reasons=dict(report.ignored_reasons), flagged=[list(f) for f in report.flagged],
                   totals=report.totals_line())
    return out


def format_summary(summary: dict) -> str:
    """Render :func:`corpus_summary` as the text ``termshift corpus`` prints (control characters escaped)."""
    reasons = summary.get("ignored_reasons", {})
    lines = [
        f"documents: {summary['documents']}",
        f"date range: {summary['first_date']} .. {summary['last_date']}",
        f"documents per {summary.get('freq', 'period')}:",
        *[f"  {p}: {n}" for p, n in summary["docs_per_period"].items()],
        "encodings: " + ", ".join(f"{k} {v}" for k, v in summary["encodings"].items()),
        f"exact duplicates: {len(summary['duplicates'])}",
        *[f"  {d} repeats {o}" for d, o in summary["duplicates"]],
        *([f"  ({summary['dropped_duplicates']} of them dropped: drop_duplicates)"]
          if summary.get("dropped_duplicates") else []),
        f"boilerplate lines removed: {summary['boilerplate_lines']}",
    ]
    if "totals" in summary:
        lines.append(f"skipped: {len(summary['skipped'])}")
        lines += [f"  {w}: {r}" for w, r in summary["skipped"]]
        lines.append(f"ignored: {len(summary['ignored'])}")
        lines += [f"  {w}" + (f": {reasons[w]}" if w in reasons else "") for w in summary["ignored"]]
        if summary.get("flagged"):
            lines.append(f"flagged (loaded, worth a look): {len(summary['flagged'])}")
            lines += [f"  {w}: {r}" for w, r in summary["flagged"]]
        lines.append(f"files: {summary['totals']}")
    return "\n".join(printable(line) for line in lines)
