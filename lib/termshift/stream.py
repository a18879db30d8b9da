"""Count a large corpus in bounded memory: read, parse and count fused, chunk by chunk.

:func:`count_file` gives exactly the table of
``count_terms(load_corpus(path), terms, freq)`` for a clean UTF-8 JSONL file,
a Parquet file or a folder of Parquet shards, without ever holding the corpus:
the corpus is read in pieces by :mod:`termshift.corpus.reading` (a JSONL file
in chunks of about 4 MB cut at line ends, a Parquet file a few row groups at a
time, a folder of articles 500 articles at a time), each piece read, parsed and
finished as the loader reads and finishes it (NFKC, boilerplate lines set
aside, language) where it is counted, in forked workers across the cores, and each chunk's
counts are summed per period before they come back (:func:`period_sums`,
added up in :class:`PeriodSums`). Peak memory therefore depends on the chunk
(or row-group) size and on the number of periods, not on the corpus.

Anything the streamed path does not reproduce exactly -- a bad row or file, a
flagged decode, a byte-order mark or legacy encoding, ``\\r`` line ends,
duplicate handling, ids from a column, ``by=`` groups -- makes it return
``None``, and the caller loads the corpus as usual (same result, same messages).
"""

from __future__ import annotations

import os
import time

import numpy as np

from ._validation import as_termset, check_choice
from .corpus.options import LoadOptions
from .corpus.reading import CHUNK_BYTES, Task, finish_texts, read_rows, read_tasks
from .matching import Matcher
from .periods import period_freq, period_ordinals
from .typing import Freq, TermsLike

__all__ = ["count_file", "PeriodSums", "period_sums", "CHUNK_BYTES"]



def count_file(path, terms: TermsLike, freq: Freq | str = "month", *, level: str = "family",
               n_jobs: int | None = None, chunk_bytes: int = CHUNK_BYTES, timing: bool = False,
               options: LoadOptions | None = None, **loader_options):
    """``count_terms(load_corpus(path), terms, freq)`` of a JSONL or Parquet corpus, streamed; ``None`` when not
    applicable.

    Parameters
    ----------
    path : str or Path
        A ``.jsonl`` / ``.ndjson`` file, a ``.parquet`` file, or a folder holding only
        ``.parquet`` files (shards; subfolders allowed).
    terms, freq, level
        As for :func:`~termshift.count_terms`.
    n_jobs : int, optional
        Worker processes (default: every core once there is more than two chunks' worth).
    chunk_bytes : int
        Bytes per chunk (JSONL), or uncompressed bytes of the row groups read at once (Parquet:
        at least one row group, so a file written as one huge row group is read whole).
    timing : bool
        Also return a dict of seconds per phase (CPU seconds summed over workers for
        the fused ``parse``, ``finish`` and ``count``; wall seconds for ``stream`` and
        ``aggregate``).
    options : LoadOptions, optional
        How to read the corpus (:class:`~termshift.corpus.options.LoadOptions`); any option of
        :func:`~termshift.load_corpus` may also be given as a keyword (``date_col="day"``).
        Options the streamed path does not reproduce (``id_col``, ``drop_duplicates``,
        ``follow_links``, ``format``, ``date_from``, a boilerplate function) make it return
        ``None``: the loader honours them.

    Returns
    -------
    DataFrame or None
        The table of :func:`~termshift.count_terms`; ``None`` when the file needs the
        loader's full path (see the module docstring). With ``timing=True``,
        ``(table or None, timing)``.

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> rows = [{"date": "2022-01-03", "text": "A preemptive strike."}, {"date": "2022-03-01", "text": "Preemptive!"}]
    >>> _ = (d / "c.jsonl").write_text("".join(json.dumps(r) + "\\n" for r in rows))
    >>> count_file(d / "c.jsonl", {"pre": ["preemptive"]}, "quarter")
       period family label  count  docs  n_docs  n_tokens  per_10k  doc_share
    0  2022Q1    pre   pre      2     2       2         4   5000.0        1.0
    """
    ts = as_termset(terms)
    period_freq(freq)
    check_choice("level", level, ("family", "term"))
    options = LoadOptions.build(options, **loader_options)
    path = os.fsdecode(os.fspath(path))
    t0 = time.perf_counter()
    out = None if options.unsupported("stream") else _stream(path, ts, level, n_jobs, chunk_bytes, options, freq)
    table, phases = None, {"stream": time.perf_counter() - t0}
    if out is not None:
        sums, keys, cpu = out
        phases.update(cpu)
        t1 = time.perf_counter()
        table = sums.table(ts, keys, freq, term_level=level == "term")
        phases["aggregate"] = time.perf_counter() - t1
    return (table, phases) if timing else table


def _stream(path, ts, level, n_jobs, chunk_bytes, options, freq):
    """The chunks' counts added per period (:class:`PeriodSums`), the table's ``(family, term)`` keys
    and CPU seconds per phase; None when not streamable.

    Each chunk comes back already summed per period (its workers reduce it), so the memory of
    this process depends on the number of periods, not on the number of documents.
    """
    tasks = read_tasks(path, options, chunk_bytes)
    if not tasks:
        return None
    matcher = Matcher(ts)
    keys = [(fid, None) for fid in matcher.family_ids] if level == "family" else \
        [(matcher.family_ids[fi], t) for fi, t in matcher.term_list]
    sums = PeriodSums(len(keys))
    cpu = dict.fromkeys(("parse", "finish", "count"), 0.0)
    size = sum(t.size for t in tasks)
    if n_jobs is None:  # forked workers start in milliseconds: every core once there are two chunks
        n_jobs = (os.cpu_count() or 1) if size > 2 * chunk_bytes else 1
    if n_jobs <= 1 or len(tasks) < 2:
        for task in tasks:
            if not _add(sums, cpu, _summed(matcher, task, options, freq, level)):
                return None
    else:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        if ctx.get_start_method() == "fork":
            matcher.warm()
        with ProcessPoolExecutor(n_jobs, mp_context=ctx, initializer=_init, initargs=(matcher,)) as pool:
            futures = [pool.submit(_worker, task, options, freq, level) for task in tasks]
            # the workers were forked before pandas was loaded (the command line does not load it
            # to start): load it now, while they count, instead of before or after
            import pandas  # noqa: F401
            for i in range(len(futures)):
                result, futures[i] = futures[i].result(), None  # a future keeps its result: let it go
                if not _add(sums, cpu, result):
                    for other in futures[i + 1:]:
                        other.cancel()
                    return None
    if tasks[0].kind == "jsonl" and sums.control > 0.05 * size:
        return None  # the loader refuses such a file: let it say so
    if sums.n == 0:
        return None
    return sums, keys, cpu


def _add(sums, cpu, result) -> bool:
    if result is None:
        return False
    sums.add(result)
    for k in cpu:
        cpu[k] += result["cpu"][k]
    return True


class PeriodSums:
    """Counts of the documents seen so far, added per period: the state of a streamed count.

    ``keys`` are pandas period ordinals (:func:`~termshift.periods.period_ordinals`),
    sorted; ``counts`` and ``docs`` hold one row per period and one column per key of the
    table, ``n_docs`` and ``n_tokens`` one value per period. :meth:`add` takes a chunk
    reduced by :func:`period_sums`; :meth:`table` gives the table of
    :func:`~termshift.aggregate` (every period of the range, zero-filled).
    """

    def __init__(self, k: int):
        self.keys = np.zeros(0, np.int64)
        self.counts = np.zeros((0, k), np.int64)
        self.docs = np.zeros((0, k), np.int64)
        self.n_docs = np.zeros(0, np.int64)
        self.n_tokens = np.zeros(0, np.int64)
        self.n = self.control = 0

    def add(self, part: dict) -> None:
        """Add a chunk's sums (its periods need not be new, nor sorted the same way)."""
        keys = np.union1d(self.keys, part["keys"])
        if len(keys) > len(self.keys):  # new periods: widen every array
            at = np.searchsorted(keys, self.keys)
            for name in ("counts", "docs", "n_docs", "n_tokens"):
                old = getattr(self, name)
                new = np.zeros((len(keys), *old.shape[1:]), np.int64)
                new[at] = old
                setattr(self, name, new)
            self.keys = keys
        at = np.searchsorted(self.keys, part["keys"])
        self.counts[at] += part["counts"]
        self.docs[at] += part["docs"]
        self.n_docs[at] += part["n_docs"]
        self.n_tokens[at] += part["n_tokens"]
        self.n += int(part["n_docs"].sum())
        self.control += part.get("control", 0)

    def table(self, terms, keys, freq, *, term_level: bool = False):
        """The tidy table of :func:`~termshift.counts.aggregate` for these sums."""
        import pandas as pd

        from .counts import period_table

        first, last = int(self.keys[0]), int(self.keys[-1])
        periods = pd.PeriodIndex.from_ordinals(np.arange(first, last + 1), freq=period_freq(freq))
        at = self.keys - first
        full = {}
        for name in ("counts", "docs", "n_docs", "n_tokens"):
            part = getattr(self, name)
            full[name] = np.zeros((len(periods), *part.shape[1:]), np.int64)
            full[name][at] = part
        return period_table(terms, keys, periods, full["counts"], full["docs"], full["n_docs"], full["n_tokens"],
                            term_level=term_level)


def period_sums(dates, matrix, tokens, freq) -> dict:
    """Per-document counts summed per period: ``keys`` (period ordinals, sorted), ``counts``,
    ``docs`` (documents with a match), ``n_docs``, ``n_tokens``; numpy only (a worker has no pandas).

    >>> import numpy as np
    >>> dates = np.array(["2022-01-03", "2022-03-01", "2021-12-31"], dtype="datetime64[ns]")
    >>> s = period_sums(dates, np.array([[2], [0], [1]]), np.array([4, 2, 3]), "quarter")
    >>> [s[k].tolist() for k in ("keys", "counts", "docs", "n_docs", "n_tokens")]
    [[207, 208], [[1], [2]], [[1], [1]], [1, 2], [3, 6]]
    """
    keys, inverse = np.unique(period_ordinals(dates, freq), return_inverse=True)
    inverse = inverse.ravel()
    matrix = np.asarray(matrix, np.int64)
    counts = np.zeros((len(keys), matrix.shape[1]), np.int64)
    docs = np.zeros((len(keys), matrix.shape[1]), np.int64)
    np.add.at(counts, inverse, matrix)
    np.add.at(docs, inverse, (matrix > 0).astype(np.int64))
    n_tokens = np.zeros(len(keys), np.int64)
    np.add.at(n_tokens, inverse, np.asarray(tokens, np.int64))
    return {"keys": keys.astype(np.int64), "counts": counts, "docs": docs,
            "n_docs": np.bincount(inverse, minlength=len(keys)).astype(np.int64), "n_tokens": n_tokens}


_MATCHER = None


def _init(matcher):
    global _MATCHER
    _MATCHER = matcher


def _worker(task, options, freq, level):
    return _summed(_MATCHER, task, options, freq, level)


def _summed(matcher, task, options, freq, level):
    """One task counted, then summed per period (what crosses back to the parent is per period)."""
    r = _run(matcher, task, options)
    if r is None:
        return None
    out = period_sums(r["dates"], r[level], r["tokens"], freq)
    out.update(control=r["control"], cpu=r["cpu"])
    return out


def _run(matcher, task: Task, options: LoadOptions):
    """One task read and finished (:mod:`termshift.corpus.reading`), then counted; None when the loader
    must read the corpus."""
    rows = read_rows(task, options)
    if rows is None:
        return None
    t1 = time.perf_counter()
    finished = finish_texts(rows.texts, options)
    if finished is None:
        return None
    texts, langs = finished
    t2 = time.perf_counter()
    if texts:
        fam, term, tok = matcher.count_many(texts, languages=langs, n_jobs=1, progress=False, normalized=True)
    else:  # blank lines only
        fam, term = np.zeros((0, len(matcher.family_ids)), np.int64), np.zeros((0, len(matcher.term_list)), np.int64)
        tok = np.zeros(0, np.int64)
    t3 = time.perf_counter()
    return {"dates": rows.dates, "tokens": tok, "family": fam, "term": term, "control": rows.control,
            "cpu": {"parse": rows.seconds, "finish": t2 - t1, "count": t3 - t2}}
