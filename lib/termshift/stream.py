"""Count a large corpus in bounded memory: read, parse and count fused, chunk by chunk.

:func:`count_file` gives exactly the table of
``count_terms(load_corpus(path), terms, freq)`` for a clean UTF-8 JSONL file,
a Parquet file or a folder of Parquet shards, without ever holding the corpus:
the corpus is read in pieces by :mod:`termshift.corpus.reading` (a JSONL file
in chunks of about 4 MB cut at line ends, a Parquet file a few row groups at a
time, a folder of articles 500 articles at a time), each piece read, parsed and
finished as the loader reads and finishes it (NFKC, boilerplate lines set
aside, language) where it is counted, in forked workers across the cores, and each chunk's
counts are summed per period before they come back
(:func:`termshift.period_sums.period_sums`, added up in a :class:`~termshift.period_sums.PeriodSums`,
tabled by :func:`termshift.counts.period_table`, as in memory). Peak memory therefore depends on the chunk
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

from ._validation import check_choice
from .corpus.options import LoadOptions
from .corpus.reading import CHUNK_BYTES, Task, finish_texts, read_rows, read_tasks
from .period_sums import PeriodSums, period_sums
from .periods import period_freq
from .pool import worker_pool, worker_state
from .rules import make_matcher
from .terms import as_termset
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
        from .counts import period_table  # pandas: loaded while the workers counted

        table = period_table(ts, keys, sums, freq, term_level=level == "term")
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
    matcher = make_matcher(ts)  # a term set with rules is counted by its rules (termshift.rules)
    keys = [(c, None) for c in _columns(matcher)] if level == "family" else \
        [(matcher.family_ids[fi], t) for fi, t in matcher.term_list]
    sums = PeriodSums(len(keys))
    cpu = dict.fromkeys(("parse", "finish", "count"), 0.0)
    size = sum(t.size for t in tasks)
    if n_jobs is None:  # forked workers start in milliseconds: every core once there are two chunks
        n_jobs = (os.cpu_count() or 1) if size > 2 * chunk_bytes else 1
    control = 0
    if n_jobs <= 1 or len(tasks) < 2:
        for task in tasks:
            result = _summed(matcher, task, options, freq, level)
            if result is None:
                return None
            control += _add(sums, cpu, result)
    else:
        with worker_pool(n_jobs, matcher, warm=type(matcher).warm) as pool:
            futures = pool.submit_all(_worker, [(task, options, freq, level) for task in tasks])
            # the workers were forked before pandas was loaded (the command line does not load it
            # to start): load it now, while they count, instead of before or after
            import pandas  # noqa: F401
            for result in pool.ordered(futures):
                if result is None:
                    return None  # the tasks not started are cancelled
                control += _add(sums, cpu, result)
    if tasks[0].kind == "jsonl" and control > 0.05 * size:
        return None  # the loader refuses such a file: let it say so
    if sums.n == 0:
        return None
    return sums, keys, cpu


def _columns(matcher) -> list:
    """The columns of the matcher's family counts (a rule matcher's are wider: codes, primary mentions)."""
    return list(getattr(matcher, "columns", matcher.family_ids))


def _add(sums, cpu, result) -> int:
    """Add a task's sums and CPU seconds; returns its control bytes."""
    sums.add(result["sums"])
    for k in cpu:
        cpu[k] += result["cpu"][k]
    return result["control"]


def _worker(task, options, freq, level):
    return _summed(worker_state(), task, options, freq, level)


def _summed(matcher, task, options, freq, level):
    """One task counted, then summed per period (what crosses back to the parent is per period)."""
    r = _run(matcher, task, options)
    if r is None:
        return None
    return {"sums": period_sums(r["dates"], r[level], r["tokens"], freq), "control": r["control"], "cpu": r["cpu"]}


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
        fam, term = np.zeros((0, len(_columns(matcher))), np.int64), np.zeros((0, len(matcher.term_list)), np.int64)
        tok = np.zeros(0, np.int64)
    t3 = time.perf_counter()
    return {"dates": rows.dates, "tokens": tok, "family": fam, "term": term, "control": rows.control,
            "cpu": {"parse": rows.seconds, "finish": t2 - t1, "count": t3 - t2}}
