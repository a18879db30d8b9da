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

from ._validation import check_choice, check_corpus, raise_problems
from .corpus.window import WINDOW_KEY
from .errors import ParameterError
from .period_sums import PeriodSums, period_sums
from .periods import FREQS, period_freq, period_index
from .rules import count_columns, make_matcher, primary_column, table_parts
from .terms import TermSet, as_termset
from .typing import Freq, TermsLike

__all__ = ["document_counts", "aggregate", "count_terms", "document_sums", "period_table", "PeriodSums", "period_sums",
           "partial_counts", "finalize", "count_terms_dask", "document_counts_dask", "require_dask",
           "local_counts", "is_document_counts", "as_document_counts", "group_codes", "by_columns", "COUNT_COLUMNS",
           "FREQS", "period_freq", "period_index"]

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
        and the (small) per-document counts come back as a pandas frame (family level).
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
    matcher = make_matcher(ts)  # a term set with rules is counted by its rules (termshift.rules)
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
              families: Sequence[str] | None = None, by: str | Sequence[str] | None = None,
              window=None) -> pd.DataFrame:
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
    window : (str or None, str or None), optional
        A date window ``(start, end)``: the periods run over all of it (default: the window the
        corpus was loaded with, ``load_corpus(start=, end=)``, if any).

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
    keys, sums, by_cols = document_sums(doc_counts, ts, freq, families=families, by=by)
    if window is None:  # a corpus loaded with start=/end= (its document counts keep its attrs)
        window = doc_counts.attrs.get(WINDOW_KEY)
    return period_table(ts, keys, sums, freq, term_level=isinstance(doc_counts.columns, pd.MultiIndex),
                        by_cols=by_cols, window=window)


def document_sums(doc_counts: pd.DataFrame, terms: TermsLike, freq: Freq | str = "month", *,
                  families: Sequence[str] | None = None, by: str | Sequence[str] | None = None):
    """Document counts summed per group and period: ``(keys, sums, by_cols)``, what :func:`aggregate` tables.

    ``keys`` are the table's ``(family, term)`` columns (``term`` None at family level), ``sums`` a
    :class:`~termshift.period_sums.PeriodSums` (the one reduction of the in-memory, streamed and
    Dask paths), ``by_cols`` the group columns.
    """
    ts = as_termset(terms)
    if not is_document_counts(doc_counts):
        raise ParameterError(["aggregate needs the table of document_counts(corpus, terms); "
                              "to count a corpus directly use count_terms(corpus, terms, freq)"])
    period_freq(freq)
    term_level = isinstance(doc_counts.columns, pd.MultiIndex)
    ids = list(ts) if families is None else list(families)
    if term_level:
        keys = [(f, t) for f, t in doc_counts.columns if f in ids and t != ""]
        missing = [f for f in ids if f not in {k[0] for k in keys}]
        base = {c: doc_counts[(c, "")] for c in _BASE}
    else:
        keys = [(f, None) for f in _wide(ts, ids)]  # with rules: and each family's primary mentions
        missing = [f for f in ids if f not in doc_counts.columns]
        missing += [f"{f} (its primary mentions)" for f in ids if f in ts.families and ts.has_rules
                    and primary_column(f) not in doc_counts.columns]
        base = {c: doc_counts[c] for c in _BASE}
    raise_problems([f"family {f!r}: not in the document counts; count it with document_counts(corpus, terms)"
                    for f in missing])
    by_cols = by_columns(doc_counts, by)
    groups, gcodes = group_codes(doc_counts, by_cols)
    matrix = (doc_counts[keys] if term_level else doc_counts[[f for f, _ in keys]]).to_numpy(dtype=np.int64)
    dates = pd.to_datetime(base["date"])
    if getattr(dates.dt, "tz", None) is not None:  # a period is one of the wall clock, as pandas' to_period
        dates = dates.dt.tz_localize(None)
    sums = period_sums(dates.to_numpy(dtype="datetime64[ns]"), matrix, base["n_tokens"].to_numpy(dtype=np.int64),
                       freq, groups=list(groups.itertuples(index=False, name=None)), group_codes=gcodes)
    return keys, sums, by_cols


def _wide(ts: TermSet, ids) -> list:
    """The summed columns of the families and codes ``ids``: with rules, the families' primary mentions too
    (:func:`termshift.rules.primary_column`; :func:`period_table` makes them the ``primary`` column)."""
    ids = list(ids)
    return ids + [primary_column(f) for f in ids if f in ts.families] if ts.has_rules else ids


def period_table(terms: TermsLike, keys, sums: PeriodSums, freq: Freq | str = "month", *,
                 term_level: bool = False, by_cols: Sequence[str] = (), window=None) -> pd.DataFrame:
    """The table of :func:`aggregate` from sums per group and period (:class:`~termshift.period_sums.PeriodSums`).

    The one table builder of every counting path: groups sorted by their values, every period
    from the first to the last with documents (over all groups) present for every group,
    zero-filled; ``per_10k = count * 10,000 / n_tokens`` and ``doc_share = docs / n_docs``
    (NaN where the denominator is 0). ``keys`` are ``(family, term)`` pairs, one per column of
    the sums (``term`` None at family level). ``window``: ``(start, end)`` ISO dates (either None)
    of a date window (:mod:`termshift.corpus.window`): the periods then run over the whole window.
    A term set with rules (:mod:`termshift.rules`) sums,
    at family level, each family's primary mentions too (:func:`_wide`): they become the column
    ``primary`` after ``count`` (a code's primary is its count).

    Examples
    --------
    >>> import numpy as np
    >>> from termshift.period_sums import period_sums
    >>> dates = np.array(["2022-01-03", "2022-03-01"], dtype="datetime64[ns]")
    >>> sums = period_sums(dates, np.array([[1], [0]]), np.array([3, 3]), "month")
    >>> period_table({"pre": ["preemptive"]}, [("pre", None)], sums, "month")
        period family label  count  docs  n_docs  n_tokens  per_10k  doc_share
    0  2022-01    pre   pre      1     1       1         3   3333.333333        1.0
    1  2022-02    pre   pre      0     0       0         0          NaN        NaN
    2  2022-03    pre   pre      0     0       1         3     0.000000        0.0
    """
    ts = as_termset(terms)
    by_cols = list(by_cols)
    f = period_freq(freq)
    k = len(keys)
    if len(sums.ordinal):
        first = int(sums.ordinal.min())
        periods = pd.PeriodIndex.from_ordinals(np.arange(first, int(sums.ordinal.max()) + 1), freq=f)
    else:
        first, periods = 0, pd.PeriodIndex([], freq=f)
    if window is not None and any(w is not None for w in window):
        from .corpus.window import window_periods

        periods = window_periods(periods, f, *window)
        first = int(periods[0].ordinal) if len(periods) else 0
    used = np.unique(sums.group) if by_cols else np.zeros(1, np.int64)  # the groups with documents
    groups = pd.DataFrame([sums.groups[i] for i in used.tolist()], columns=by_cols) if by_cols else (
        pd.DataFrame(index=[0]))
    if by_cols:
        groups = groups.sort_values(by_cols, kind="stable")
    rank = np.zeros(len(sums.groups), np.int64)
    rank[used[groups.index.to_numpy()]] = np.arange(len(groups))
    groups = groups.reset_index(drop=True)
    n_groups, n_periods = len(groups), len(periods)
    cell = rank[sums.group] * n_periods + (sums.ordinal - first)  # group-major, then period
    full = {}
    for name in ("counts", "docs", "n_docs", "n_tokens"):
        part = getattr(sums, name)
        full[name] = np.zeros((n_groups * n_periods, *part.shape[1:]), np.int64)
        full[name][cell] = part
    primary = None
    if ts.has_rules and not term_level:
        names = [f for f, _ in keys]
        keys, full["counts"], full["docs"], primary = table_parts(ts, names, full["counts"], full["docs"],
                                                                   [n for n in names if n in ts])
        k = len(keys)
    n_cells = n_groups * n_periods
    cells = np.tile(np.arange(n_periods), n_groups)  # taken by position: no Period objects built
    out = {c: np.repeat(groups[c].to_numpy(), n_periods * k) for c in by_cols}
    out.update({"period": periods.take(np.repeat(cells, k)),
                "family": np.tile(np.array([f for f, _ in keys], dtype=object), n_cells),
                "label": np.tile(np.array([ts[f].label if f in ts else f for f, _ in keys], dtype=object), n_cells)})
    if term_level:
        out["term"] = np.tile(np.array([t for _, t in keys], dtype=object), n_cells)
    out["count"] = full["counts"].ravel()
    if primary is not None:
        out["primary"] = primary.ravel()
    out.update(docs=full["docs"].ravel(), n_docs=np.repeat(full["n_docs"], k), n_tokens=np.repeat(full["n_tokens"], k))
    table = pd.DataFrame(out)
    with np.errstate(divide="ignore", invalid="ignore"):
        table["per_10k"] = np.where(table["n_tokens"] > 0, table["count"] * 1e4 / table["n_tokens"], np.nan)
        table["doc_share"] = np.where(table["n_docs"] > 0, table["docs"] / table["n_docs"], np.nan)
    table.attrs["by"] = by_cols
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
        (:func:`count_terms_dask`: per family or term, with or without ``by``).
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
        return count_terms_dask(corpus, ts, freq, level=level, by=by)
    check_corpus(corpus)
    by_cols = by_columns(corpus, by)
    dc = document_counts(corpus, ts, level=level, n_jobs=n_jobs, progress=progress, by=by_cols)
    return aggregate(dc, ts, freq, by=by_cols, window=corpus.attrs.get(WINDOW_KEY))


def _is_dask(corpus) -> bool:
    """A ``dask.dataframe`` (told by its type's module, so that dask is never imported for pandas)."""
    return type(corpus).__module__.split(".")[0] in ("dask", "dask_expr")


def _on_dask(corpus, terms, level, by):
    """The lazy per-document counts of a dask corpus (family level: what a cluster gives per document)."""
    if level == "term":
        raise ParameterError(["a dask.dataframe corpus: level='term' document counts are not made on a cluster "
                              "(a two-level column index); count per term with count_terms(corpus, terms, "
                              "level='term'), or compute the corpus"])
    return document_counts_dask(corpus, terms, by=by)


# ----------------------------------------------------------------------------- Dask: the same sums, per partition

_TERMSETS: dict = {}  # per worker process: terms fingerprint -> TermSet


def _terms_here(terms: TermSet) -> TermSet:
    """The TermSet this process already holds for these families, in this order (the fingerprint
    ignores the order; the columns of the counts follow it)."""
    return _TERMSETS.setdefault((terms.fingerprint(), tuple(terms)), terms)


def _table_keys(ts: TermSet, level: str) -> list:
    """The ``(family, term)`` columns of the table (``term`` None at family level), in the matcher's order."""
    if level == "family":
        return [(f, None) for f in _wide(ts, ts)]
    return [(f, t) for f in ts if f in ts.families for t in ts[f].terms]


def partial_counts(partition: pd.DataFrame, terms: TermsLike, freq: Freq | str = "month", *,
                   level: str = "family", by: str | Sequence[str] | None = None) -> PeriodSums:
    """The additive part of :func:`count_terms` for one partition of a corpus: its sums per group and period.

    :func:`finalize` adds the partitions' sums (:class:`~termshift.period_sums.PeriodSums`, a few
    numbers per group and period) into the table; ``level`` and ``by`` as for :func:`count_terms`.
    """
    ts = _terms_here(as_termset(terms))
    period_freq(freq)
    check_choice("level", level, _LEVELS)
    if len(partition) == 0:
        return PeriodSums(len(_table_keys(ts, level)))
    dc = document_counts(partition, ts, level=level, n_jobs=1, progress=False, by=by)
    return document_sums(dc, ts, freq, by=by)[1]


def finalize(partials, terms: TermsLike, freq: Freq | str = "month", *, level: str = "family",
             by: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Add up :func:`partial_counts` into the table of :func:`count_terms` (:func:`period_table`).

    Raises
    ------
    ParameterError
        No partition holds a document.
    """
    ts = as_termset(terms)
    check_choice("level", level, _LEVELS)
    keys = _table_keys(ts, level)
    total = PeriodSums(len(keys))
    for part in partials:
        total.add(part)
    if total.n == 0:
        raise ParameterError(["no documents in any partition; check the corpus path or its filters"])
    by_cols = [by] if isinstance(by, str) else list(dict.fromkeys(by or []))
    return period_table(ts, keys, total, freq, term_level=level == "term", by_cols=by_cols)


def require_dask():
    """``dask.dataframe``, or a ParameterError saying how to install it."""
    try:
        import dask.dataframe as dd
    except ImportError:
        raise ParameterError(["the cluster path needs dask; install it with pip install 'termshift[cluster]' "
                              "(make installs every extra)"]) from None
    return dd


def _dask_corpus(corpus, by, fix: str):
    dd = require_dask()
    if not isinstance(corpus, dd.DataFrame):
        raise ParameterError([f"corpus: a dask.dataframe.DataFrame is expected, {type(corpus).__name__} "
                              f"received; {fix}"])
    return by_columns(corpus._meta, by)


def count_terms_dask(corpus, terms: TermsLike, freq: Freq | str = "month", *, level: str = "family",
                     by: str | Sequence[str] | None = None) -> pd.DataFrame:
    """:func:`count_terms` on a ``dask.dataframe`` corpus, counted partition by partition.

    ``corpus`` has the corpus columns ``doc_id``, ``date``, ``text`` (build partitions with
    :func:`~termshift.from_frame` to get its checks, e.g. ``ddf.map_partitions(termshift.from_frame)``)
    and the ``by`` columns. Each partition is counted and summed per group and period where it
    lives (:func:`partial_counts`), on the active Dask scheduler; the sums come back and are added
    (:func:`finalize`): a pandas DataFrame equal to the in-memory :func:`count_terms` on the
    concatenated partitions, per family or per term (``level``), with or without groups (``by``).
    """
    import dask

    ts = as_termset(terms)
    period_freq(freq)
    check_choice("level", level, _LEVELS)
    by_cols = _dask_corpus(corpus, by, "for a pandas frame use termshift.count_terms")
    parts = [dask.delayed(partial_counts)(part, ts, freq, level=level, by=by_cols) for part in corpus.to_delayed()]
    return finalize(dask.compute(*parts), ts, freq, level=level, by=by_cols)


def document_counts_dask(corpus, terms: TermsLike, *, by: str | Sequence[str] | None = None):
    """:func:`document_counts` per partition (family level): a lazy dask frame of per-document counts."""
    ts = as_termset(terms)
    by_cols = _dask_corpus(corpus, by, "for a pandas frame use termshift.document_counts")
    empty = pd.DataFrame({"doc_id": pd.Series([], dtype=object), "date": pd.to_datetime([]),
                          "text": pd.Series([], dtype=object)})
    for c in by_cols:
        empty[c] = corpus._meta[c].to_numpy()[:0]
    meta = document_counts(empty, ts, n_jobs=1, progress=False, by=by_cols or None)
    return corpus.map_partitions(lambda part: document_counts(part, _terms_here(ts), n_jobs=1, progress=False,
                                                              by=by_cols or None), meta=meta)
