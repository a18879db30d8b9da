"""Count term families per document and per period.

Two steps, each usable alone:

* :func:`document_counts` -- the one pass over the texts: every family (or
  term) counted in every document, with each document's token total;
* :func:`aggregate` -- those counts summed per period into a tidy table,
  every period of the date range present (zero-filled, so gaps show as gaps).

:func:`count_terms` is ``aggregate(document_counts(...))``. The statistics
(:func:`~termshift.rates`, :func:`~termshift.share`, :func:`~termshift.shift`,
:func:`~termshift.trend`) accept a corpus or the document counts, so a
notebook that runs all four counts the texts once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._validation import as_termset, check_choice, check_corpus, raise_problems
from .errors import ParameterError
from .periods import FREQS, period_codes, period_freq, period_index
from .rules import count_columns, make_matcher, primary_column, table_parts
from .terms import TermSet
from .typing import Freq, TermsLike

__all__ = ["document_counts", "aggregate", "count_terms", "period_table", "local_counts", "is_document_counts",
           "as_document_counts", "group_codes", "by_columns", "COUNT_COLUMNS", "FREQS", "period_freq", "period_index"]

#: Columns of :func:`count_terms` / :func:`aggregate` (``term`` follows ``label`` at term level).
COUNT_COLUMNS = ["period", "family", "label", "count", "docs", "n_docs", "n_tokens", "per_10k", "doc_share"]
_LEVELS = ("family", "term")
_BASE = ("doc_id", "date", "n_tokens")


def document_counts(corpus: pd.DataFrame, terms: TermsLike, *, level: str = "family", n_jobs: int | None = None,
                    progress: bool | None = None, by: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Matches of every family (or term) in every document, in one pass.

    Parameters
    ----------
    corpus : DataFrame or dask.dataframe.DataFrame
        As returned by :func:`~termshift.load_corpus` (needs ``doc_id``, ``date``, ``text``); a
        dask frame of such partitions is counted where they live, on the active Dask scheduler,
        and the (small) per-document counts come back as a pandas frame (family level, no ``by=``).
    terms : TermSet, path or mapping
        The families (see :func:`~termshift.load_terms`).
    level : {"family", "term"}, default="family"
        ``"family"``: one column per family id. ``"term"``: one column per
        term, a two-level column index ``(family, term)``.
    n_jobs : int, optional
        Worker processes (default: all cores for corpora above ~16 MB).
    progress : bool or None
        Progress bar (shown after two seconds when ``None``).
    by : str or list of str, optional
        Metadata column(s) of the corpus (e.g. ``"outlet"``) carried through
        after ``n_tokens``, so that :func:`aggregate` and the statistics can
        group by them (``df.attrs["by"]`` names them).

    Returns
    -------
    DataFrame
        Aligned with the corpus rows (same index): ``doc_id``, ``date``,
        ``n_tokens``, the ``by`` columns, then the count columns.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "date": pd.to_datetime(["2022-01-03", "2022-02-01"]),
    ...                        "text": ["A preemptive strike.", "Counterstrike, counter-strike!"]})
    >>> document_counts(corpus, {"pre": ["preemptive"], "counter": ["counter-strike"]})
      doc_id       date  n_tokens  pre  counter
    0      a 2022-01-03         3    1        0
    1      b 2022-02-01         3    0        2
    """
    if _is_dask(corpus):  # counted where its partitions live, on the active Dask scheduler
        return _on_dask(corpus, terms, level, by).compute().reset_index(drop=True)
    check_corpus(corpus)
    check_choice("level", level, _LEVELS)
    ts = as_termset(terms)
    by_cols = by_columns(corpus, by)
    clash = [c for c in by_cols if c in ts]
    raise_problems([f"by={c!r} is also a family id; rename the column or the family" for c in clash])
    matcher = make_matcher(ts)  # the rules' own path when the term set has rules (termshift.rules)
    languages = corpus["language"] if "language" in corpus.columns else None  # as loaded (or given)
    fam, term, tok = matcher.count_many(corpus["text"], languages=languages, n_jobs=n_jobs, progress=progress)
    base = pd.DataFrame({"doc_id": corpus["doc_id"].to_numpy(), "date": pd.to_datetime(corpus["date"]).to_numpy(),
                         "n_tokens": tok}, index=corpus.index)
    for c in by_cols:
        base[c] = corpus[c].to_numpy()
    if level == "family":
        counts = pd.DataFrame(fam, columns=count_columns(matcher, ts), index=corpus.index)
    else:
        cols = pd.MultiIndex.from_tuples([(matcher.family_ids[fi], t) for fi, t in matcher.term_list],
                                         names=["family", "term"])
        counts = pd.DataFrame(term, columns=cols, index=corpus.index)
        base.columns = pd.MultiIndex.from_tuples([(c, "") for c in base.columns], names=["family", "term"])
    out = pd.concat([base, counts], axis=1)
    out.attrs["by"] = by_cols
    return out


def by_columns(frame: pd.DataFrame, by) -> list[str]:
    """``by`` (None, a column name or a list of names) as a list, checked against ``frame``.

    Raises
    ------
    ParameterError
        A name is not a column, is a reserved column, or a column holds missing values.

    Examples
    --------
    >>> by_columns(pd.DataFrame({"outlet": ["a"]}), "outlet")
    ['outlet']
    """
    if by is None or (isinstance(by, (list, tuple)) and not by):
        return []
    names = [by] if isinstance(by, str) else by
    if not isinstance(names, (list, tuple)) or not names or not all(isinstance(c, str) for c in names):
        raise ParameterError([f"by={by!r}: give a column name or a list of column names"])
    names = list(dict.fromkeys(names))
    top = frame.columns.get_level_values(0) if isinstance(frame.columns, pd.MultiIndex) else frame.columns
    problems = []
    for c in names:
        if c in (*_BASE, "text", "period", "family", "label", "term"):
            problems.append(f"by={c!r}: that name is a column termshift makes; group by a metadata column")
        elif c not in top and is_document_counts(frame):
            problems.append(f"the document counts have no column {c!r} to group by; compute them with "
                            f"document_counts(corpus, terms, by={c!r})")
        elif c not in top:
            problems.append(f"by={c!r}: no such column; columns are {', '.join(map(str, top))}")
        else:
            col = frame[c] if not isinstance(frame.columns, pd.MultiIndex) else frame[(c, "")]
            missing = np.flatnonzero(pd.isna(col).to_numpy())
            if len(missing):
                problems.append(f"by={c!r}: {len(missing)} row(s) have no value (first at row {missing[0]}); "
                                "fill them (e.g. corpus[col].fillna('unknown')) or drop those rows")
    raise_problems(problems)
    return names


def group_codes(frame: pd.DataFrame, by: Sequence[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """The distinct groups of the ``by`` columns (sorted) and each row's group number.

    Without ``by`` there is one group (an empty frame with one row).

    Examples
    --------
    >>> groups, codes = group_codes(pd.DataFrame({"outlet": ["y", "a", "y"]}), ["outlet"])
    >>> groups["outlet"].tolist(), codes.tolist()
    (['a', 'y'], [1, 0, 1])
    """
    if not by:
        return pd.DataFrame(index=[0]), np.zeros(len(frame), dtype=np.int64)
    multi = isinstance(frame.columns, pd.MultiIndex)
    keys = pd.DataFrame({c: (frame[(c, "")] if multi else frame[c]).to_numpy() for c in by})
    groups = keys.drop_duplicates().sort_values(list(by), kind="stable").reset_index(drop=True)
    codes = pd.MultiIndex.from_frame(groups).get_indexer(pd.MultiIndex.from_frame(keys))
    return groups, np.asarray(codes, dtype=np.int64)


def is_document_counts(data) -> bool:
    """True for a table made by :func:`document_counts` (counts, no text).

    >>> is_document_counts(pd.DataFrame({"doc_id": [], "date": [], "n_tokens": []}))
    True
    """
    if not isinstance(data, pd.DataFrame):
        return False
    top = data.columns.get_level_values(0) if isinstance(data.columns, pd.MultiIndex) else data.columns
    return all(c in top for c in _BASE) and "text" not in top


def local_counts(data, terms: TermsLike, by: str | Sequence[str] | None = None):
    """``data`` itself, or for a ``dask.dataframe`` its document counts in memory.

    A dask corpus is counted where its partitions live (:func:`document_counts`, family
    level); dask document counts are gathered as they are. Either way what is gathered
    is one small row of numbers per document, never the texts, so the statistics
    (:func:`~termshift.rates`, :func:`~termshift.share`, :func:`~termshift.shift`,
    :func:`~termshift.trend`) run on it as on any document counts.
    """
    if not _is_dask(data):
        return data
    columns = list(data.columns)
    if "text" not in columns and all(c in columns for c in _BASE):
        return data.compute().reset_index(drop=True)
    return document_counts(data, terms, by=by)


def as_document_counts(data: pd.DataFrame, terms: TermSet, *, progress: bool | None = None,
                       by: Sequence[str] | None = None) -> pd.DataFrame:
    """Family-level document counts of ``terms`` (and the ``by`` columns) from a corpus or precomputed counts.

    Raises
    ------
    ParameterError
        Precomputed counts lack a family of ``terms`` (or are per term), or the corpus is empty.
    """
    if is_document_counts(data):
        if isinstance(data.columns, pd.MultiIndex):
            raise ParameterError(["document counts per term given; compute them per family with "
                                  "document_counts(corpus, terms) (level='family')"])
        missing = [f for f in terms if f not in data.columns]
        raise_problems([f"the document counts have no column for family {f!r}; compute them with "
                        "document_counts(corpus, terms) for the same terms" for f in missing]
                       + [f"the document counts have no column {c!r} to group by; compute them with "
                          f"document_counts(corpus, terms, by={c!r})" for c in by or [] if c not in data.columns])
        dc = data
    else:
        check_corpus(data)
        dc = document_counts(data, terms, progress=progress, by=list(by) if by else None)
    if len(dc) == 0:
        raise ParameterError(["the corpus has no documents; load one with termshift.load_corpus"])
    return dc


def aggregate(doc_counts: pd.DataFrame, terms: TermsLike, freq: Freq | str = "month", *,
              families: Sequence[str] | None = None, by: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Sum document counts per period into a tidy table.

    Parameters
    ----------
    doc_counts : DataFrame
        As returned by :func:`document_counts` (family or term level).
    terms : TermSet, path or mapping
        The families (for their labels).
    freq : {"day", "week", "month", "quarter", "year"} or pandas alias, default="month"
    families : list of str, optional
        Only these families (default: every family of ``terms``).
    by : str or list of str, optional
        Group by these columns of the document counts (carried there by
        ``document_counts(..., by=...)``): the group columns come first and
        every group x period of the whole date range is present.

    Returns
    -------
    DataFrame
        Group-major then period-major, one row per [group x] period x family (x term): [group columns], ``period``
        (:class:`pandas.Period`), ``family``, ``label``, [``term``],
        ``count`` (matches), ``docs`` (documents with a match), ``n_docs``,
        ``n_tokens``, ``per_10k`` (count per 10,000 tokens; NaN for a period
        without documents) and ``doc_share`` (docs / n_docs; NaN likewise).

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "date": pd.to_datetime(["2022-01-03", "2022-03-01"]),
    ...                        "text": ["A preemptive strike.", "Preemptive!"]})
    >>> dc = document_counts(corpus, {"pre": ["preemptive"]})
    >>> aggregate(dc, {"pre": ["preemptive"]}, "quarter")
       period family label  count  docs  n_docs  n_tokens  per_10k  doc_share
    0  2022Q1    pre   pre      2     2       2         4   5000.0        1.0
    """
    ts = as_termset(terms)
    if not is_document_counts(doc_counts):
        raise ParameterError(["aggregate needs the table of document_counts(corpus, terms); "
                              "to count a corpus directly use count_terms(corpus, terms, freq)"])
    term_level = isinstance(doc_counts.columns, pd.MultiIndex)
    ids = list(ts) if families is None else list(families)
    if term_level:
        keys = [(f, t) for f, t in doc_counts.columns if f in ids and t != ""]
        missing = [f for f in ids if f not in {k[0] for k in keys}]
        base = {c: doc_counts[(c, "")] for c in _BASE}
    else:
        keys = [(f, None) for f in ids]
        missing = [f for f in ids if f not in doc_counts.columns]
        base = {c: doc_counts[c] for c in _BASE}
    raise_problems([f"family {f!r}: not in the document counts; count it with document_counts(corpus, terms)"
                    for f in missing])
    by_cols = by_columns(doc_counts, by)
    groups, gcodes = group_codes(doc_counts, by_cols)
    periods, pcodes = period_codes(base["date"].to_numpy(), freq)
    n_groups = len(groups)
    n_periods = n_groups * len(periods)  # cells: group-major, then period
    codes = gcodes * len(periods) + pcodes
    names = keys if term_level else [f for f, _ in keys]
    primary = None
    if ts.has_rules and not term_level:  # and each family's primary mentions (glosses apart)
        missing_primary = [f for f in ids if f in ts.families and primary_column(f) not in doc_counts.columns]
        raise_problems([f"family {f!r}: the document counts have no primary mentions; count them with "
                        "document_counts(corpus, terms) for the same term set (with its rules)"
                        for f in missing_primary])
        names = names + [primary_column(f) for f in ids if f in ts.families]
    matrix = doc_counts[names].to_numpy(dtype=np.int64)
    counts = np.zeros((n_periods, len(names)), dtype=np.int64)
    docs = np.zeros((n_periods, len(names)), dtype=np.int64)
    if len(codes):
        np.add.at(counts, codes, matrix)
        np.add.at(docs, codes, (matrix > 0).astype(np.int64))
    if not term_level:
        keys, counts, docs, primary = table_parts(ts, names, counts, docs, ids)
    n_docs = np.bincount(codes, minlength=n_periods).astype(np.int64)
    n_tokens = np.bincount(codes, weights=base["n_tokens"].to_numpy(dtype=float), minlength=n_periods)
    n_tokens = n_tokens.astype(np.int64)
    return period_table(ts, keys, periods, counts, docs, n_docs, n_tokens, term_level=term_level, groups=groups,
                        by_cols=by_cols, primary=primary)


def period_table(terms: TermsLike, keys, periods: pd.PeriodIndex, counts: np.ndarray, docs: np.ndarray,
                 n_docs: np.ndarray, n_tokens: np.ndarray, *, term_level: bool = False,
                 groups: pd.DataFrame | None = None, by_cols: Sequence[str] = (),
                 primary: np.ndarray | None = None) -> pd.DataFrame:
    """The table of :func:`aggregate` from sums per cell (``[group x] period``, group-major).

    ``keys`` are ``(family, term)`` pairs (``term`` None at family level); ``counts`` and
    ``docs`` are ``(cells, len(keys))`` arrays, ``n_docs`` and ``n_tokens`` one value per
    cell. :func:`aggregate` sums document counts into them; the streamed count
    (:func:`termshift.stream.count_file`) sums each chunk in its workers and adds the
    chunks, so both build their table here. ``primary`` (same shape as ``counts``; a
    term set with rules, :mod:`termshift.rules`) adds the column ``primary`` after ``count``.
    """
    ts = as_termset(terms)
    k, n_groups = len(keys), 1 if groups is None else len(groups)
    n_cells = n_groups * len(periods)
    cells = np.tile(np.arange(len(periods)), n_groups)  # taken by position: no Period objects built
    out = {c: np.repeat(groups[c].to_numpy(), len(periods) * k) for c in by_cols} if groups is not None else {}
    out.update({"period": periods.take(np.repeat(cells, k)),
           "family": np.tile(np.array([f for f, _ in keys], dtype=object), n_cells),
           "label": np.tile(np.array([ts[f].label if f in ts else f for f, _ in keys], dtype=object), n_cells)})
    if term_level:
        out["term"] = np.tile(np.array([t for _, t in keys], dtype=object), n_cells)
    out["count"] = counts.ravel()
    if primary is not None:
        out["primary"] = primary.ravel()
    out.update(docs=docs.ravel(), n_docs=np.repeat(n_docs, k),
               n_tokens=np.repeat(n_tokens, k))
    table = pd.DataFrame(out)
    with np.errstate(divide="ignore", invalid="ignore"):
        table["per_10k"] = np.where(table["n_tokens"] > 0, table["count"] * 1e4 / table["n_tokens"], np.nan)
        table["doc_share"] = np.where(table["n_docs"] > 0, table["docs"] / table["n_docs"], np.nan)
    table.attrs["by"] = list(by_cols)
    return table


def count_terms(corpus: pd.DataFrame, terms: TermsLike, freq: Freq | str = "month", *, level: str = "family",
                n_jobs: int | None = None, progress: bool | None = None,
                by: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Family (or term) counts per period, as a tidy table: ``aggregate(document_counts(...))``.

    Parameters
    ----------
    corpus : DataFrame or dask.dataframe.DataFrame
        As returned by :func:`~termshift.load_corpus`; a dask frame of such
        partitions is counted where they live, on the active Dask scheduler
        (:func:`termshift.cluster.count_terms_dask`; family level, no ``by=``).
    terms : TermSet, path or mapping
        The families.
    freq : {"day", "week", "month", "quarter", "year"} or pandas alias, default="month"
        The period.
    level : {"family", "term"}, default="family"
        ``"term"`` adds a ``term`` column: one row per period x term, each
        term credited with the matches it won.
    n_jobs, progress
        As for :func:`document_counts`.
    by : str or list of str, optional
        Metadata column(s) to group by (e.g. ``"outlet"``): the group
        columns come first, every group x period of the date range present.

    Returns
    -------
    DataFrame
        As :func:`aggregate`: ``period`` (:class:`pandas.Period`; written as
        2022-11, 2022Q4, 2022...), ``family``, ``label``, [``term``],
        ``count``, ``docs``, ``n_docs``, ``n_tokens``, ``per_10k``,
        ``doc_share``. Every period between the first and last date is present.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "date": pd.to_datetime(["2022-01-03", "2022-03-01"]),
    ...                        "text": ["A preemptive strike.", "Counterstrike, counter-strike!"]})
    >>> count_terms(corpus, {"pre": ["preemptive"]}, freq="month")
        period family label  count  docs  n_docs  n_tokens  per_10k  doc_share
    0  2022-01    pre   pre      1     1       1         3   3333.333333        1.0
    1  2022-02    pre   pre      0     0       0         0          NaN        NaN
    2  2022-03    pre   pre      0     0       1         3     0.000000        0.0
    """
    ts = as_termset(terms)
    period_freq(freq)  # a bad freq fails before the corpus is read
    check_choice("level", level, _LEVELS)
    if _is_dask(corpus):  # additive partial counts per partition, summed per period
        from .cluster import count_terms_dask

        _check_dask_options(level, by)
        return count_terms_dask(corpus, ts, freq)
    check_corpus(corpus)
    by_cols = by_columns(corpus, by)
    dc = document_counts(corpus, ts, level=level, n_jobs=n_jobs, progress=progress, by=by_cols)
    return aggregate(dc, ts, freq, by=by_cols)


def _is_dask(corpus) -> bool:
    """A ``dask.dataframe`` (told by its type's module, so that dask is never imported for pandas)."""
    return type(corpus).__module__.split(".")[0] in ("dask", "dask_expr")


def _on_dask(corpus, terms, level, by):
    """The lazy per-document counts of a dask corpus (family level, no groups: what a cluster counts)."""
    from .cluster import document_counts_dask

    _check_dask_options(level, by)
    return document_counts_dask(corpus, terms)


def _check_dask_options(level, by) -> None:
    unsupported = [name for name, on in (("level='term'", level == "term"), ("by=", bool(by))) if on]
    if unsupported:
        raise ParameterError([f"a dask.dataframe corpus: {', '.join(unsupported)} is not counted on a cluster "
                              "yet; compute the corpus, or count families without groups"])
