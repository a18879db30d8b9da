"""Count term families per document and per period.

:func:`document_counts` is the one pass over the texts (all families at once);
:func:`count_terms` aggregates it into a tidy table, one row per period x
family, with every period of the corpus's date range present (zero-filled,
so gaps show as gaps).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import ParameterError
from .matching import Matcher
from .terms import TermSet, load_terms

__all__ = ["FREQS", "period_freq", "period_index", "document_counts", "count_terms"]

#: Period names accepted wherever a ``freq`` is asked for, and their pandas aliases.
FREQS = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}
_ALIASES = {**FREQS, **{v: v for v in FREQS.values()}, **{v.lower(): v for v in FREQS.values()},
            "a": "Y", "A": "Y", "W-SUN": "W"}


def period_freq(freq: str) -> str:
    """Normalise a period name ("month", "M", "quarter", ...) to a pandas Period alias.

    Examples
    --------
    >>> period_freq("month"), period_freq("Q"), period_freq("year")
    ('M', 'Q', 'Y')
    """
    try:
        return _ALIASES[freq]
    except (KeyError, TypeError):
        raise ParameterError([f"freq={freq!r} is not a period; use one of {', '.join(FREQS)} "
                              f"(or {', '.join(FREQS.values())})"]) from None


def period_index(dates, freq: str = "M") -> pd.PeriodIndex:
    """Every period from the first to the last date (inclusive), gaps included.

    Examples
    --------
    >>> list(period_index(pd.to_datetime(["2022-11-30", "2023-02-01"]), "month").astype(str))
    ['2022-11', '2022-12', '2023-01', '2023-02']
    """
    f = period_freq(freq)
    dates = pd.to_datetime(pd.Series(dates))
    if dates.empty:
        return pd.PeriodIndex([], freq=f)
    return pd.period_range(dates.min().to_period(f), dates.max().to_period(f), freq=f)


def _as_terms(terms) -> TermSet:
    return terms if isinstance(terms, TermSet) else load_terms(terms)


def _check_corpus(corpus):
    """Raise one ParameterError naming every unusable row (missing date, non-text)."""
    if isinstance(corpus, str):
        raise ParameterError(["a corpus DataFrame is expected, string received; load it with termshift.load_corpus"])
    missing = [c for c in ("doc_id", "date", "text") if c not in getattr(corpus, "columns", [])]
    if missing:
        raise ParameterError([f"the corpus has no column(s) {', '.join(missing)}; load it with termshift.load_corpus"])
    problems = []
    try:
        dates = pd.to_datetime(corpus["date"])
    except (ValueError, TypeError, OverflowError) as e:
        raise ParameterError([f"the corpus dates cannot be read as dates ({e}); build the frame with "
                              "termshift.from_frame, which checks every date"]) from None
    for i in np.flatnonzero(dates.isna().to_numpy())[:10]:
        problems.append(f"row {i} ({corpus['doc_id'].iloc[i]}): no date; give every document a date "
                        "(termshift.from_frame checks them)")
    not_text = np.flatnonzero([not isinstance(t, str) for t in corpus["text"]])
    for i in not_text[:10]:
        value = corpus["text"].iloc[i]
        what = "no text" if value is None or (isinstance(value, float) and np.isnan(value)) \
            else f"text is {type(value).__name__}, not a string"
        problems.append(f"row {i} ({corpus['doc_id'].iloc[i]}): {what}; fill it in or drop the row")
    if problems:
        raise ParameterError(problems, header=f"{len(problems)} unusable row(s) in the corpus:")


def document_counts(corpus: pd.DataFrame, terms, *, level: str = "family", n_jobs=None, progress=None) -> pd.DataFrame:
    """Matches of every family (or term) in every document, in one pass.

    Parameters
    ----------
    corpus : DataFrame
        As returned by :func:`~termshift.load_corpus` (needs ``doc_id``, ``date``, ``text``).
    terms : TermSet, path or mapping
        The families (see :func:`~termshift.load_terms`).
    level : {"family", "term"}, default="family"
        ``"family"``: one column per family id. ``"term"``: one column per
        term, a two-level column index ``(family, term)``.
    n_jobs : int, optional
        Worker processes (default: all cores for corpora above ~16 MB).
    progress : bool or None
        Progress bar (shown after two seconds when ``None``).

    Returns
    -------
    DataFrame
        Aligned with the corpus rows (same index): ``doc_id``, ``date``,
        ``n_tokens`` then the count columns.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "date": pd.to_datetime(["2022-01-03", "2022-02-01"]),
    ...                        "text": ["A preemptive strike.", "Counterstrike, counter-strike!"]})
    >>> document_counts(corpus, {"pre": ["preemptive"], "counter": ["counter-strike"]})
      doc_id       date  n_tokens  pre  counter
    0      a 2022-01-03         3    1        0
    1      b 2022-02-01         3    0        2
    """
    _check_corpus(corpus)
    if level not in ("family", "term"):
        raise ParameterError([f"level={level!r}: use 'family' or 'term'"])
    ts = _as_terms(terms)
    matcher = Matcher(ts)
    fam, term, tok = matcher.count_many(corpus["text"], n_jobs=n_jobs, progress=progress)
    base = pd.DataFrame({"doc_id": corpus["doc_id"].to_numpy(), "date": pd.to_datetime(corpus["date"]).to_numpy(),
                         "n_tokens": tok}, index=corpus.index)
    if level == "family":
        counts = pd.DataFrame(fam, columns=list(ts), index=corpus.index)
    else:
        cols = pd.MultiIndex.from_tuples([(matcher.family_ids[fi], t) for fi, t in matcher.term_list],
                                         names=["family", "term"])
        counts = pd.DataFrame(term, columns=cols, index=corpus.index)
        base.columns = pd.MultiIndex.from_tuples([(c, "") for c in base.columns], names=["family", "term"])
    return pd.concat([base, counts], axis=1)


def count_terms(corpus: pd.DataFrame, terms, freq: str = "M", *, level: str = "family", n_jobs=None,
                progress=None) -> pd.DataFrame:
    """Family (or term) counts per period, as a tidy table.

    Parameters
    ----------
    corpus : DataFrame
        As returned by :func:`~termshift.load_corpus`.
    terms : TermSet, path or mapping
        The families.
    freq : {"day", "week", "month", "quarter", "year"} or pandas alias, default="M"
        The period.
    level : {"family", "term"}, default="family"
        ``"term"`` adds a ``term`` column: one row per period x term, each
        term credited with the matches it won.
    n_jobs, progress
        As for :func:`document_counts`.

    Returns
    -------
    DataFrame
        One row per period x family (x term): ``period`` (Period string:
        2022-11, 2022Q4, 2022...), ``family``, ``label``, [``term``],
        ``count`` (matches), ``docs`` (documents with a match), ``n_docs``,
        ``n_tokens``, ``per_10k`` (count per 10,000 tokens; NaN for a period
        without documents) and ``doc_share`` (docs / n_docs; NaN likewise).
        Every period between the first and last date is present.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "date": pd.to_datetime(["2022-01-03", "2022-03-01"]),
    ...                        "text": ["A preemptive strike.", "Counterstrike, counter-strike!"]})
    >>> count_terms(corpus, {"pre": ["preemptive"]}, freq="month")
        period family label  count  docs  n_docs  n_tokens  per_10k  doc_share
    0  2022-01    pre   pre      1     1       1         3  3333.333333        1.0
    1  2022-02    pre   pre      0     0       0         0          NaN        NaN
    2  2022-03    pre   pre      0     0       1         3     0.000000        0.0
    """
    ts = _as_terms(terms)
    f = period_freq(freq)
    if level not in ("family", "term"):
        raise ParameterError([f"level={level!r}: use 'family' or 'term'"])
    _check_corpus(corpus)
    matcher = Matcher(ts)
    fam, term, tok = matcher.count_many(corpus["text"], n_jobs=n_jobs, progress=progress)
    dates = pd.to_datetime(pd.Series(corpus["date"].to_numpy()))
    periods = period_index(dates, f)
    codes = periods.get_indexer(pd.PeriodIndex(dates.dt.to_period(f)))
    n_periods = len(periods)
    n_docs = np.bincount(codes, minlength=n_periods)
    n_tokens = np.bincount(codes, weights=tok, minlength=n_periods).astype(np.int64)
    if level == "family":
        matrix, keys = fam, [(fid, None) for fid in ts]
    else:
        matrix, keys = term, [(matcher.family_ids[fi], t) for fi, t in matcher.term_list]
    frames = []
    for j, (fid, t) in enumerate(keys):
        col = matrix[:, j]
        part = {"period": periods.astype(str), "family": fid, "label": ts[fid].label}
        if level == "term":
            part["term"] = t
        part.update(count=np.bincount(codes, weights=col, minlength=n_periods).astype(np.int64),
                    docs=np.bincount(codes, weights=col > 0, minlength=n_periods).astype(np.int64),
                    n_docs=n_docs, n_tokens=n_tokens)
        frames.append(pd.DataFrame(part))
    out = pd.concat(frames, ignore_index=True)
    # period-major order: all families of the first period, then the next...
    out["_p"] = np.tile(np.arange(n_periods), len(keys))
    out = out.sort_values("_p", kind="stable").drop(columns="_p").reset_index(drop=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["per_10k"] = np.where(out["n_tokens"] > 0, out["count"] * 1e4 / out["n_tokens"], np.nan)
        out["doc_share"] = np.where(out["n_docs"] > 0, out["docs"] / out["n_docs"], np.nan)
    return out
