"""Counting beyond one machine: the same tables from a Dask cluster.

:func:`~termshift.count_terms` is additive over documents: each period's
``count``, ``docs``, ``n_docs`` and ``n_tokens`` are sums over its documents,
and ``per_10k``/``doc_share`` are ratios of those sums. So a corpus split into
partitions is counted where each partition lives and summed per group and period
there (:func:`partial_counts`), the small sums are added up (:func:`finalize`),
and the result is the table the in-memory path gives, byte for byte: the same
reduction (:mod:`termshift.period_sums`) and the same table builder
(:func:`termshift.counts.period_table`), per family or per term, with or without
groups. These functions live in :mod:`termshift.counts` and are named here too.

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

from ._validation import raise_problems
from .counts import count_terms_dask, document_counts_dask, finalize, partial_counts, require_dask
from .errors import ParameterError

__all__ = ["partial_counts", "finalize", "count_terms_dask", "document_counts_dask", "read_shards", "drop_duplicates",
           "client"]


def read_shards(pattern, *, date_col: str = "date", text_col: str = "text", boilerplate="caps",
                language: str | None = None, utc: bool = False, columns=()) -> Any:
    """Parquet shards (a glob such as ``"shards/*.parquet"``, a folder or one file) as a lazy corpus.

    Each partition goes through :func:`~termshift.from_frame` where it is
    read (ISO dates checked, NFKC, boilerplate), so a bad row fails with the
    loader's own message; duplicates are looked for within a partition only
    (:func:`drop_duplicates` drops them across partitions). ``boilerplate``,
    ``language`` and ``utc`` are :func:`~termshift.load_corpus`'s. Rows are never
    skipped: the first bad one fails the computation (a cluster has no load report
    to list skipped rows in). ``columns``: metadata columns read as well (e.g. ``["outlet"]`` to group by).
    """
    dd = require_dask()
    from .corpus import from_frame

    frame = dd.read_parquet(str(pattern))
    wanted = list(dict.fromkeys([date_col, text_col, *columns]))
    have = list(frame.columns)
    raise_problems([f"{pattern}: the shards have no column {c!r} (columns: {', '.join(map(str, have))}); "
                    "name an existing column" for c in wanted if c not in have])
    frame = frame[wanted]  # only these columns are read
    sample = pd.DataFrame({date_col: ["2000-01-01"], text_col: ["x"],
                           **{c: frame._meta_nonempty[c].iloc[:1].to_numpy() for c in columns}})  # their dtypes
    meta = from_frame(sample, date_col=date_col, text_col=text_col, source="shard").iloc[:0]
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
    dd = require_dask()
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
