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

import logging
import os
from typing import Any

import numpy as np
import pandas as pd

from .corpus.options import LoadOptions
from .corpus.reading import CHUNK_BYTES
from .counts import count_terms_dask, document_counts_dask, finalize, partial_counts, require_dask
from .errors import ParameterError

__all__ = ["partial_counts", "finalize", "count_terms_dask", "document_counts_dask", "read_shards", "drop_duplicates",
           "client"]


def read_shards(pattern, *, columns=None, options: LoadOptions | None = None, chunk_bytes: int = CHUNK_BYTES,
                **loader_options) -> Any:
    """Parquet shards (a glob such as ``"shards/*.parquet"``, a folder or one file) as a lazy corpus.

    The shards are read as :func:`~termshift.load_corpus` reads them, by the same
    code (:func:`termshift.corpus.reading.shard_part`): a partition per few row
    groups (about ``chunk_bytes`` uncompressed), only the date and text columns, ISO
    dates checked, NFKC, boilerplate, ids ``file:row``. A bad row fails the computation
    with the loader's message naming its file and row (``part-0.parquet row 3: ...``):
    a cluster has no load report to list skipped rows in. ``drop_duplicates=True``
    drops exact duplicates across partitions (:func:`drop_duplicates`). ``columns``:
    metadata columns to read too (a group column for ``by=``, e.g. ``["outlet"]``); a
    column named like one termshift writes is kept as ``meta_<name>``, as the loader keeps it.

    ``options`` (:class:`~termshift.corpus.options.LoadOptions`) or keywords give the
    loader's options; those a cluster does not honour (``on_error="skip"``,
    ``id_col``, ``follow_links``, ``format``, ``date_from``, ``drop_duplicates="near"``)
    are refused, each named in one line.
    """
    dd = require_dask()
    from .corpus import from_frame
    from .corpus.reading import shard_part, shard_tasks

    opts = LoadOptions.build(options, **loader_options)
    refused = opts.unsupported("cluster")
    if refused:
        raise ParameterError([f"{r}: not supported on a cluster yet; drop it, or load the shards with "
                              "termshift.load_corpus (count without --scheduler)" for r in refused])
    extra = _metadata_columns(columns, opts)
    tasks = shard_tasks(os.fsdecode(os.fspath(pattern)), opts, chunk_bytes, extra)
    meta = from_frame(pd.DataFrame({opts.date_col: ["2000-01-01"], opts.text_col: ["x"]}), date_col=opts.date_col,
                      text_col=opts.text_col, source="shard").iloc[:0]
    if extra:  # the metadata columns as the first shard's schema types them
        import pyarrow.parquet as pq

        from .corpus.tables import metadata_names

        empty = pq.read_schema(tasks[0].path).empty_table().select(list(extra)).to_pandas()
        meta = meta.assign(**{metadata_names(extra)[c]: empty[c] for c in extra})
    meta.attrs = {}
    corpus = dd.from_map(shard_part, tasks, args=(opts, extra), meta=meta, label="read-shards",
                         enforce_metadata=False)
    return drop_duplicates(corpus) if opts.drop_duplicates else corpus


def _metadata_columns(columns, options: LoadOptions) -> tuple:
    """The metadata columns ``read_shards`` is asked for, checked: names, none of them the date or text column."""
    if columns is None:
        return ()
    names = [columns] if isinstance(columns, str) else list(columns)
    bad = [f"columns: {c!r} is not a column name" for c in names if not isinstance(c, str)]
    bad += [f"columns: {c!r} is the date or text column, read anyway; leave it out" for c in names
            if c in (options.date_col, options.text_col)]
    if bad:
        raise ParameterError(bad)
    return tuple(dict.fromkeys(names))


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
        # the client owns its LocalCluster, so closing it shuts the workers down before the interpreter
        # exits; no dashboard (its HTTP server would take port 8787, or warn when taken); the workers'
        # own log lines (a failed task's traceback, "still alive ... killing") are silenced: a bad row
        # comes back as the loader's error, once, from the computation
        return distributed.Client(n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True,
                                  dashboard_address=":0", scheduler_kwargs={"dashboard": False},
                                  host="127.0.0.1", silence_logs=logging.CRITICAL)
    try:
        return distributed.Client(scheduler, timeout="30s")
    except OSError as err:
        raise ParameterError([f"--scheduler {scheduler}: cannot connect ({err}); start the scheduler or give "
                              "its address as tcp://HOST:PORT, or use --scheduler local"]) from None
