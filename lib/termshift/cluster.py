"""Counting beyond one machine: the same tables from a Dask cluster.

:func:`~termshift.count_terms` is additive over documents: each period's
``count``, ``docs``, ``n_docs`` and ``n_tokens`` are sums over its documents,
and ``per_10k``/``doc_share`` are ratios of those sums. So a corpus split into
partitions is counted where each partition lives (:func:`partial_counts`), the
small partial tables are added up (:func:`finalize`), and the result is the
table the in-memory path gives, byte for byte.

:func:`count_terms_dask` does both on a ``dask.dataframe`` (for example
``dask.dataframe.read_parquet("shards/*.parquet")``) with whatever scheduler is
active (a ``distributed.Client`` for a cluster); the term families travel to
each worker once (a few KB) and are compiled per partition (milliseconds). :func:`document_counts_dask` gives the
per-document counts as a dask frame; ``.compute()`` it (one row of integers per
document) to feed :func:`~termshift.rates`, :func:`~termshift.share`,
:func:`~termshift.shift` or :func:`~termshift.trend`, which accept document
counts in place of a corpus.

Exact duplicates across partitions: :func:`drop_duplicates` moves every copy of
a text to one partition (a hash shuffle on the text) and keeps the earliest, as
``load_corpus(..., drop_duplicates=True)`` does in memory. Keyness and TF-IDF
need a vocabulary over the whole corpus and stay on one machine. Needs the ``cluster`` extra
(``pip install 'termshift[cluster]'``: dask and distributed).

Examples
--------
>>> import pandas as pd
>>> corpus = pd.DataFrame({"doc_id": ["a", "b", "c"],
...     "date": pd.to_datetime(["2022-01-03", "2022-01-20", "2022-03-01"]),
...     "text": ["A preemptive strike.", "Counterstrike.", "Preemptive!"]})
>>> parts = [partial_counts(corpus.iloc[:2], {"pre": ["preemptive"]}, "month"),
...          partial_counts(corpus.iloc[2:], {"pre": ["preemptive"]}, "month")]
>>> finalize(parts, {"pre": ["preemptive"]}, "month")[["period", "count", "n_docs", "per_10k"]]
    period  count  n_docs  per_10k
0  2022-01      1       2   2500.0
1  2022-02      0       0      NaN
2  2022-03      1       1  10000.0
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._validation import as_termset
from .counts import document_counts
from .errors import ParameterError
from .periods import period_freq
from .rules import primary_column
from .terms import TermSet
from .typing import Freq, TermsLike

__all__ = ["partial_counts", "finalize", "count_terms_dask", "document_counts_dask", "read_shards", "drop_duplicates",
           "client"]

_SUMS = ["count", "docs"]
_TERMSETS: dict = {}  # per worker process: terms fingerprint -> TermSet


def _terms_here(terms: TermSet) -> TermSet:
    """The TermSet this process already holds for these families, in this order (the fingerprint
    ignores the order; the columns of the counts follow it)."""
    return _TERMSETS.setdefault((terms.fingerprint(), tuple(terms)), terms)


def partial_counts(partition: pd.DataFrame, terms: TermsLike, freq: Freq | str = "month") -> pd.DataFrame:
    """The additive part of :func:`~termshift.count_terms` for one partition of a corpus.

    Returns
    -------
    DataFrame
        One row per (period, family) present in the partition: ``period``
        (text, so partitions concatenate whatever their ranges), ``family``,
        ``count``, ``docs``, ``n_docs``, ``n_tokens``.
    """
    ts = _terms_here(as_termset(terms))
    f = period_freq(freq)
    columns = ["period", "family", "count", "docs", "n_docs", "n_tokens"] + (["primary"] if ts.has_rules else [])
    if len(partition) == 0:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("period", "family") else np.int64)
                             for c in columns})
    dc = document_counts(partition, ts, n_jobs=1, progress=False)
    period = pd.PeriodIndex(pd.to_datetime(dc["date"]).dt.to_period(f)).astype(str)
    fids = list(ts)
    counts = dc[fids].to_numpy(dtype=np.int64)
    sums_of = _SUMS + (["primary"] if ts.has_rules else [])
    # a term set with rules: each family's primary mentions (a code's are its count), summed alike
    primary = dc[[primary_column(i) if i in ts.families else i for i in fids]].to_numpy(dtype=np.int64) \
        if ts.has_rules else counts
    frame = pd.DataFrame({"period": np.asarray(period)})
    per = frame.assign(n_docs=1, n_tokens=dc["n_tokens"].to_numpy(dtype=np.int64))
    totals = per.groupby("period", sort=True)[["n_docs", "n_tokens"]].sum()
    rows = []
    for j, fid in enumerate(fids):
        part = pd.DataFrame({"period": frame["period"], "count": counts[:, j], "docs": (counts[:, j] > 0),
                             "primary": primary[:, j]})
        sums = part.groupby("period", sort=True)[sums_of].sum().astype(np.int64)
        sums = sums.join(totals)
        sums.insert(0, "family", fid)
        rows.append(sums.reset_index())
    return pd.concat(rows, ignore_index=True)[columns]


def finalize(partials, terms: TermsLike, freq: Freq | str = "month") -> pd.DataFrame:
    """Add up :func:`partial_counts` tables into the table of :func:`~termshift.count_terms`.

    Every period from the first to the last with documents is present,
    zero-filled, period-major, families in the terms' order.
    """
    ts = as_termset(terms)
    f = period_freq(freq)
    parts = [p for p in (partials if not isinstance(partials, pd.DataFrame) else [partials]) if len(p)]
    if not parts:
        raise ParameterError(["no documents in any partition; check the corpus path or its filters"])
    # each partial row carries its partition's period totals (n_docs, n_tokens) on every family's row,
    # so the sum over partitions of a (period, family) row holds the period's totals
    total = pd.concat(parts, ignore_index=True).groupby(["period", "family"], sort=False).sum()
    present = sorted({pd.Period(p, freq=f) for p in total.index.get_level_values("period")})
    periods = pd.period_range(present[0], present[-1], freq=f)
    fids = list(ts)
    full = pd.MultiIndex.from_product([periods.astype(str), fids], names=["period", "family"])
    sums = total.reindex(full, fill_value=0).astype(np.int64)
    out = pd.DataFrame({
        "period": pd.PeriodIndex(np.repeat(periods, len(fids)), freq=periods.freq),
        "family": np.tile(np.array(fids, dtype=object), len(periods)),
        "label": np.tile(np.array([ts[i].label for i in fids], dtype=object), len(periods)),
        **{c: sums[c].to_numpy() for c in ("count", "docs", "n_docs", "n_tokens")},
    })
    if ts.has_rules:  # as counts.period_table: primary mentions after the count
        out.insert(out.columns.get_loc("count") + 1, "primary", sums["primary"].to_numpy())
    with np.errstate(divide="ignore", invalid="ignore"):
        out["per_10k"] = np.where(out["n_tokens"] > 0, out["count"] * 1e4 / out["n_tokens"], np.nan)
        out["doc_share"] = np.where(out["n_docs"] > 0, out["docs"] / out["n_docs"], np.nan)
    return out


def _dask():
    try:
        import dask.dataframe as dd
    except ImportError:
        raise ParameterError(["the cluster path needs dask; install it with pip install 'termshift[cluster]' "
                              "(make installs every extra)"]) from None
    return dd


def count_terms_dask(corpus: Any, terms: TermsLike, freq: Freq | str = "month") -> pd.DataFrame:
    """:func:`~termshift.count_terms` on a ``dask.dataframe`` corpus, counted partition by partition.

    ``corpus`` has the corpus columns ``doc_id``, ``date``, ``text`` (build
    partitions with :func:`~termshift.from_frame` to get its checks, e.g.
    ``ddf.map_partitions(termshift.from_frame)``). The computation runs on
    the active Dask scheduler; the result is a pandas DataFrame equal to the
    in-memory :func:`~termshift.count_terms` on the concatenated partitions.
    """
    dd = _dask()
    ts = as_termset(terms)
    period_freq(freq)
    if not isinstance(corpus, dd.DataFrame):
        raise ParameterError([f"corpus: a dask.dataframe.DataFrame is expected, {type(corpus).__name__} "
                              "received; for a pandas frame use termshift.count_terms"])
    meta = partial_counts(pd.DataFrame({"doc_id": [], "date": pd.to_datetime([]), "text": []}), ts, freq)
    parts = corpus.map_partitions(partial_counts, ts, freq, meta=meta)
    return finalize([parts.compute()], ts, freq)


def read_shards(pattern, *, date_col: str = "date", text_col: str = "text", boilerplate="caps",
                language: str | None = None, utc: bool = False) -> Any:
    """Parquet shards (a glob such as ``"shards/*.parquet"``, a folder or one file) as a lazy corpus.

    Each partition goes through :func:`~termshift.from_frame` where it is
    read (ISO dates checked, NFKC, boilerplate), so a bad row fails with the
    loader's own message; duplicates are looked for within a partition only
    (:func:`drop_duplicates` drops them across partitions). ``boilerplate``,
    ``language`` and ``utc`` are :func:`~termshift.load_corpus`'s. Rows are never
    skipped: the first bad one fails the computation (a cluster has no load report
    to list skipped rows in).
    """
    dd = _dask()
    from .corpus import from_frame

    frame = dd.read_parquet(str(pattern), columns=[date_col, text_col])
    meta = from_frame(pd.DataFrame({date_col: ["2000-01-01"], text_col: ["x"]}), date_col=date_col,
                      text_col=text_col, source="shard").iloc[:0]
    options = dict(date_col=date_col, text_col=text_col, source="shard", boilerplate=boilerplate, language=language,
                   utc=utc)
    return frame.map_partitions(lambda part: from_frame(part.reset_index(drop=True), **options)
                                if len(part) else meta, meta=meta)


def drop_duplicates(corpus: Any) -> Any:
    """A dask corpus without exact duplicates across its partitions: each text kept once, at its earliest date.

    ``load_corpus(..., drop_duplicates=True)`` keeps, of the documents with the
    same (finished) text, the first by date, then ``doc_id``. Here the rows are
    shuffled on a hash of the text (:func:`pandas.util.hash_pandas_object`, the
    same in every process), so all copies of a text meet in one partition, and
    each partition keeps the first copy by date, then ``doc_id``. Copies share
    their text, hence their counts, tokens and language: the counted table is the
    in-memory one (tested against ``load_corpus`` on shards).

    Examples
    --------
    >>> import dask, dask.dataframe as dd, pandas as pd
    >>> frame = pd.DataFrame({"doc_id": ["a", "b", "c"], "date": pd.to_datetime(["2022-03-01", "2022-01-05",
    ...                       "2022-02-01"]), "text": ["Same.", "Same.", "Other."]})
    >>> with dask.config.set(scheduler="synchronous"):
    ...     kept = drop_duplicates(dd.from_pandas(frame, npartitions=2)).compute()
    >>> sorted(kept["doc_id"])
    ['b', 'c']
    """
    dd = _dask()
    if not isinstance(corpus, dd.DataFrame):
        raise ParameterError([f"corpus: a dask.dataframe.DataFrame is expected, {type(corpus).__name__} received; "
                              "in memory use load_corpus(..., drop_duplicates=True)"])
    key = "_text_hash"
    while key in corpus.columns:  # a metadata column of that name stays as it is
        key += "_"
    keyed = corpus.assign(**{key: corpus["text"].map_partitions(
        lambda texts: pd.util.hash_pandas_object(texts, index=False).astype(np.int64), meta=("text", np.int64))})
    return keyed.shuffle(key).map_partitions(_first_copies, key, meta=corpus._meta)


def _first_copies(part: pd.DataFrame, key: str) -> pd.DataFrame:
    """The first document (by date, then doc_id) of each distinct text of a partition (texts compared
    themselves: two texts whose hashes collide are both kept)."""
    part = part.sort_values(["date", "doc_id"], kind="stable")
    return part.drop_duplicates(subset="text", keep="first").drop(columns=key)


def client(scheduler: str):
    """A ``distributed.Client``: ``"local"`` starts a LocalCluster on this machine (one worker per core,
    on 127.0.0.1), anything else is a scheduler address such as ``tcp://host:8786``."""
    try:
        import distributed
    except ImportError:
        raise ParameterError(["--scheduler needs distributed; install it with pip install 'termshift[cluster]'"]) \
            from None
    if scheduler == "local":
        # no dashboard, and its HTTP server on a free port (by default it takes 8787, or warns when taken)
        cluster = distributed.LocalCluster(threads_per_worker=1, processes=True, dashboard_address=":0",
                                           scheduler_kwargs={"dashboard": False},
                                           host="127.0.0.1")
        return distributed.Client(cluster)
    try:
        return distributed.Client(scheduler, timeout="30s")
    except OSError as err:
        raise ParameterError([f"--scheduler {scheduler}: cannot connect ({err}); start the scheduler or give "
                              "its address as tcp://HOST:PORT, or use --scheduler local"]) from None


def document_counts_dask(corpus: Any, terms: TermsLike) -> Any:
    """:func:`~termshift.document_counts` per partition: a lazy dask frame of per-document counts."""
    dd = _dask()
    ts = as_termset(terms)
    if not isinstance(corpus, dd.DataFrame):
        raise ParameterError([f"corpus: a dask.dataframe.DataFrame is expected, {type(corpus).__name__} received"])
    meta = document_counts(pd.DataFrame({"doc_id": pd.Series([], dtype=object), "date": pd.to_datetime([]),
                                         "text": pd.Series([], dtype=object)}), ts, n_jobs=1, progress=False)
    return corpus.map_partitions(lambda part: document_counts(part, _terms_here(ts), n_jobs=1, progress=False),
                                 meta=meta)
