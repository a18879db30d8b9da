"""Count a large corpus in bounded memory: read, parse and count fused, chunk by chunk.

:func:`count_file` gives exactly the table of
``count_terms(load_corpus(path), terms, freq)`` for a clean UTF-8 JSONL file,
a Parquet file or a folder of Parquet shards, without ever holding the corpus:
a JSONL file is cut at line ends into chunks of about 4 MB, each chunk read,
decoded and parsed line by line (:func:`plain_rows` for plain lines, else the
loader's :func:`termshift.corpus.tables.parse_jsonl`: orjson where it installs,
never a native reader on raw input); a Parquet file is read a few row groups at
a time (about 4 MB uncompressed), only its date and text columns. Rows are
finished as the loader finishes them (NFKC, boilerplate lines set aside,
language) and counted, in forked workers across the cores, and each chunk's
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
import re
import time

import numpy as np

from ._validation import as_termset, check_choice
from .period_sums import PeriodSums, period_sums
from .periods import period_freq
from .pool import worker_pool, worker_state
from .rules import make_matcher
from .typing import Freq, TermsLike

__all__ = ["count_file", "PeriodSums", "period_sums", "plain_rows", "CHUNK_BYTES"]

#: Bytes per chunk (cut at the next line end).
CHUNK_BYTES = 4 << 20
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1C), 0x7F])


def count_file(path, terms: TermsLike, freq: Freq | str = "month", *, level: str = "family",
               n_jobs: int | None = None, date_col: str = "date", text_col: str = "text", utc: bool = False,
               boilerplate: str | None = "caps", language: str | None = None, chunk_bytes: int = CHUNK_BYTES,
               timing: bool = False):
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
    date_col, text_col, utc, boilerplate, language
        As for :func:`~termshift.load_corpus` (``boilerplate``: "caps" or None).
    chunk_bytes : int
        Bytes per chunk (JSONL), or uncompressed bytes of the row groups read at once (Parquet:
        at least one row group, so a file written as one huge row group is read whole).
    timing : bool
        Also return a dict of seconds per phase (CPU seconds summed over workers for
        the fused ``parse``, ``finish`` and ``count``; wall seconds for ``stream`` and
        ``aggregate``).

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
    path = os.fsdecode(os.fspath(path))
    t0 = time.perf_counter()
    out = _stream(path, ts, level, n_jobs, chunk_bytes, dict(date_col=date_col, text_col=text_col, utc=utc,
                                                             boilerplate=boilerplate, language=language, freq=freq))
    table, phases = None, {"stream": time.perf_counter() - t0}
    if out is not None:
        sums, keys, cpu = out
        phases.update(cpu)
        t1 = time.perf_counter()
        from .counts import period_table  # pandas: loaded while the workers counted

        table = period_table(ts, keys, sums, freq, term_level=level == "term")
        phases["aggregate"] = time.perf_counter() - t1
    return (table, phases) if timing else table


def _chunks(path: str, chunk_bytes: int):
    """Byte ranges ``(offset, length)`` cut after a line end; None if not streamable (a byte-order mark).

    Only the neighbourhood of each cut is read (a seek, then up to the next line end), so the
    file is not read twice; the checks of the bytes themselves are made by the workers.
    """
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        if f.read(4).startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):  # a BOM: the loader's path
            return None
        cuts = [0]
        while cuts[-1] + chunk_bytes < size:
            f.seek(cuts[-1] + chunk_bytes - 1)
            end = None
            while end is None:
                block = f.read(1 << 16)
                if not block:
                    break
                at = block.find(b"\n")
                if at >= 0:
                    end = f.tell() - len(block) + at + 1
            if end is None or end >= size:
                break
            cuts.append(end)
    cuts.append(size)
    return [(a, b - a) for a, b in zip(cuts, cuts[1:]) if b > a]


def _stream(path, ts, level, n_jobs, chunk_bytes, options):
    """The chunks' counts added per period (:class:`PeriodSums`), the table's ``(family, term)`` keys
    and CPU seconds per phase; None when not streamable.

    Each chunk comes back already summed per period (its workers reduce it), so the memory of
    this process depends on the number of periods, not on the number of documents.
    """
    tasks = _tasks(path, chunk_bytes, options)
    if not tasks:
        return None
    matcher = make_matcher(ts)  # a term set with rules is counted by its rules (termshift.rules)
    keys = [(c, None) for c in _columns(matcher)] if level == "family" else \
        [(matcher.family_ids[fi], t) for fi, t in matcher.term_list]
    sums = PeriodSums(len(keys))
    cpu = dict.fromkeys(("parse", "finish", "count"), 0.0)
    control = 0
    size = sum(t[-1] for t in tasks)
    if n_jobs is None:  # forked workers start in milliseconds: every core once there are two chunks
        n_jobs = (os.cpu_count() or 1) if size > 2 * chunk_bytes else 1
    if n_jobs <= 1 or len(tasks) < 2:
        for task in tasks:
            result = _summed(matcher, task, options, level)
            if result is None:
                return None
            control += _add(sums, cpu, result)
    else:
        with worker_pool(n_jobs, matcher, warm=type(matcher).warm) as pool:
            futures = pool.submit_all(_worker, [(task, options, level) for task in tasks])
            # the workers were forked before pandas was loaded (the command line does not load it
            # to start): load it now, while they count, instead of before or after
            import pandas  # noqa: F401
            for result in pool.ordered(futures):
                if result is None:
                    return None  # the tasks not started are cancelled
                control += _add(sums, cpu, result)
    if tasks[0][0] == "jsonl" and control > 0.05 * size:
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


def _tasks(path: str, chunk_bytes: int, options):
    """The pieces of work: ``("jsonl", path, rel, offset, length, size)`` per chunk of a JSONL file,
    ``("parquet", path, rel, row_groups, first_row, size)`` per few row groups of each Parquet file
    of a ``.parquet`` file or a folder holding only such files, ``("articles", root, None, [(rel, path),
    ...], weight)`` per batch of a folder of ``*.txt`` articles; None when not streamable."""
    suffix = os.path.splitext(path)[1].lower()
    if os.path.isfile(path) and suffix in (".jsonl", ".ndjson"):
        chunks = _chunks(path, chunk_bytes)
        return [("jsonl", path, os.path.basename(path), a, n, n) for a, n in chunks] if chunks else None
    from .corpus.tables import parquet_shards

    files = [(path, os.path.basename(path))] if os.path.isfile(path) and suffix == ".parquet" else (
        parquet_shards(path) if os.path.isdir(path) else None)
    if not files:
        return _article_tasks(path) if os.path.isdir(path) else None
    tasks = []
    for file, rel in files:
        groups = _row_groups(file, chunk_bytes, (options["date_col"], options["text_col"]))
        if groups is None:
            return None
        tasks += [("parquet", file, rel, rg, first, size) for rg, first, size in groups]
    return tasks


#: Articles per task of a folder (about 1 MB of 2 KB articles).
ARTICLES_PER_TASK = 500
#: What a folder's article counts for, in bytes, when the number of workers is chosen.
_ARTICLE_WEIGHT = 4096


def _article_tasks(root: str):
    """``("articles", root, None, [(rel, path), ...], weight)`` per :data:`ARTICLES_PER_TASK` ``*.txt``
    articles of a folder; None when the loader must read it (a folder or file it cannot
    account for, a link, a name that is not valid UTF-8, a news export or archive)."""
    from .corpus.report import LoadReport
    from .corpus.walk import walk_folder

    try:
        articles, problems = walk_folder(root, LoadReport(root=root), exports=True)
    except OSError:
        return None
    if problems or not articles or any(a.note or not a.inside or not a.rel.lower().endswith(".txt")
                                       for a in articles):
        return None
    pairs = [(a.rel, a.path) for a in articles]
    batches = [pairs[i:i + ARTICLES_PER_TASK] for i in range(0, len(pairs), ARTICLES_PER_TASK)]
    return [("articles", root, None, batch, _ARTICLE_WEIGHT * len(batch)) for batch in batches]


def _count_articles(matcher, task, options):
    """Articles of a folder read as the loader reads them (:class:`~termshift.corpus.articles.read_sources`:
    a plain ``date YYYY-MM-DD`` article with no decode note), finished and counted; None for
    anything else (an export, a bad or flagged file), so that the loader reads the folder."""
    from .corpus.articles import parse_article
    from .corpus.importers import container_of, open_export
    from .corpus.report import BadInput
    from .corpus.walk import read_regular

    t0 = time.perf_counter()
    texts, dates = [], []
    for _, path in task[3]:
        try:
            data = read_regular(path)
            if not data.strip() or container_of(data) == "zip":
                return None
            export = open_export(data)
            if export.layout != "seed" or export.note or not export.text.strip():
                return None
            date, body = parse_article(export.text)
        except BadInput:
            return None
        texts.append(body)
        dates.append(date.to_datetime64())
    return _finish_and_count(matcher, texts, np.array(dates, dtype="datetime64[ns]"), t0, options, {})


def _row_groups(file: str, chunk_bytes: int, columns):
    """``(row groups, rows before them, bytes)``: consecutive row groups of about ``chunk_bytes``
    (uncompressed); None for a file the loader must read (not Parquet, no rows, a column missing)."""
    import pyarrow.parquet as pq

    try:
        with open(file, "rb") as f:
            head = f.read(4)
            f.seek(-4, os.SEEK_END)
            if head != b"PAR1" or f.read(4) != b"PAR1":
                return None
        meta = pq.ParquetFile(file).metadata
    except Exception:  # OSError, or pyarrow's own error for a damaged file: the loader reports it
        return None
    if meta.num_rows == 0 or any(c not in meta.schema.names for c in columns):
        return None
    out, group, first, size, row = [], [], 0, 0, 0
    for i in range(meta.num_row_groups):
        rg = meta.row_group(i)
        group.append(i)
        size += rg.total_byte_size
        row += rg.num_rows
        if size >= chunk_bytes or i == meta.num_row_groups - 1:
            out.append((group, first, size))
            group, first, size = [], row, 0
    return out


def _count_row_groups(matcher, task, options):
    """Row groups of a Parquet file read (only the date and text columns), finished and counted."""
    import pyarrow.parquet as pq

    from .corpus.report import BadInput
    from .corpus.tables import rows_from_table

    t0 = time.perf_counter()
    _, file, rel, groups, first, _ = task
    try:
        frame = pq.ParquetFile(file).read_row_groups(groups, columns=[options["date_col"],
                                                                      options["text_col"]]).to_pandas()
    except Exception:  # a damaged file: the loader reports it
        return None
    numbers = np.arange(first + 1, first + len(frame) + 1, dtype=np.int64)
    try:
        rows, problems = rows_from_table(frame, rel, date_col=options["date_col"], text_col=options["text_col"],
                                         id_col=None, source=rel, encoding="parquet", numbers=numbers.tolist(),
                                         utc=options["utc"])
    except BadInput:
        return None
    if problems or len(rows) != len(frame):
        return None
    return _finish_and_count(matcher, rows["text"].tolist(), rows["date"].to_numpy(dtype="datetime64[ns]"), t0,
                             options, {})


def _control_bytes(data: bytes, lines: int) -> int:
    """How many bytes of ``data`` are control characters other than whitespace (the loader's test).

    Usually no byte below 0x20 but line ends and tabs, and no DEL: counted with one array
    comparison instead of a deleting copy of the chunk.

    >>> _control_bytes(b"a\\tb\\n", 1), _control_bytes(b"a\\x00\\x07\\x0b\\n", 1)
    (0, 2)
    """
    array = np.frombuffer(data, np.uint8)
    low = int(np.count_nonzero(array < 0x20))
    if low == lines + int(np.count_nonzero(array == 0x09)) and b"\x7f" not in data:
        return 0
    return len(data) - len(data.translate(None, _CONTROL_BYTES))


def _worker(task, options, level):
    return _summed(worker_state(), task, options, level)


def _summed(matcher, task, options, level):
    """One task counted, then summed per period (what crosses back to the parent is per period)."""
    r = _run(matcher, task, options)
    if r is None:
        return None
    return {"sums": period_sums(r["dates"], r[level], r["tokens"], options["freq"]),
            "control": r.get("control", 0), "cpu": r["cpu"]}


def _run(matcher, task, options):
    if task[0] == "jsonl":
        return _count_range(matcher, task[1], task[2], (task[3], task[4]), options)
    if task[0] == "articles":
        return _count_articles(matcher, task, options)
    return _count_row_groups(matcher, task, options)


def _count_range(matcher, path, rel, chunk, options):
    """One chunk read, parsed, finished and counted; None when it needs the loader's full path."""
    t0 = time.perf_counter()
    offset, length = chunk
    with open(path, "rb") as f:
        f.seek(offset)
        data = f.read(length)
    if b"\r" in data or b"\x00" in data:
        return None
    lines = data.count(b"\n")
    control = _control_bytes(data, lines)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    del data
    lean = plain_rows(text, options)
    if lean is not None and lean[0]:  # the usual file: no pandas on the way
        _, texts, dates = lean
        del text
        return _finish_and_count(matcher, texts, dates, t0, options, {"control": control})
    from .corpus.report import BadInput
    from .corpus.tables import parse_jsonl, rows_from_table  # pandas: the loader's own reading

    frame, numbers, problems, flags = parse_jsonl(text, rel, 1)
    del text
    if problems or flags:
        return None
    if frame.empty:  # blank lines only
        return {"dates": np.zeros(0, "datetime64[ns]"),
                "tokens": np.zeros(0, np.int64), "family": np.zeros((0, len(_columns(matcher))), np.int64),
                "term": np.zeros((0, len(matcher.term_list)), np.int64), "control": control,
                "cpu": {"parse": time.perf_counter() - t0, "finish": 0.0, "count": 0.0}}
    try:
        rows, problems = rows_from_table(frame, rel, date_col=options["date_col"], text_col=options["text_col"],
                                         id_col=None, source=rel, encoding="utf-8", numbers=numbers,
                                         utc=options["utc"])
    except BadInput:
        return None
    del frame
    if problems or len(rows) != len(numbers):
        return None
    return _finish_and_count(matcher, rows["text"].tolist(), rows["date"].to_numpy(dtype="datetime64[ns]"), t0,
                             options, {"control": control})


#: A date the plain path reads itself: ``YYYY-MM-DD`` of a year whose every day pandas holds.
_PLAIN_DATE = re.compile(r"(?:1679|16[89]\d|1[7-9]\d\d|20\d\d|21\d\d|22[0-5]\d|226[01])-\d\d-\d\d", re.ASCII)
_PLAIN_VALUES = (str, bool, int, type(None))


def plain_rows(text: str, options):
    """``(line numbers, texts, dates)`` of JSONL text in which every line is plain; None otherwise.

    Plain: a blank line, or a JSON object (read by orjson) whose values are strings,
    integers, booleans or null, with no lone surrogate, whose date is ``YYYY-MM-DD`` (a
    real day, year 1679-2261) and whose text is not blank. For such lines this is what
    the loader's :func:`~termshift.corpus.tables.parse_jsonl` and
    :func:`~termshift.corpus.tables.rows_from_table` give -- midnight of the day, the
    text with ``\\r`` line ends made ``\\n`` and stripped -- without building a
    DataFrame. Anything else (a bad line, a timestamp, a float, a nested value, a
    missing or empty cell) returns None, and the loader's own functions read the chunk.
    The equality is tested on random lines (``tests/test_streaming.py``).

    Examples
    --------
    >>> opts = {"date_col": "date", "text_col": "text"}
    >>> chunk = '{"date": "2022-11-30", "text": " A\\\\r\\\\nB "}\\n\\n{"date": "2023-01-02", "text": "C", "n": 7}\\n'
    >>> numbers, texts, dates = plain_rows(chunk, opts)
    >>> numbers, texts, dates.dtype, dates.astype("datetime64[D]").astype(str).tolist()
    ([1, 3], ['A\\nB', 'C'], dtype('<M8[ns]'), ['2022-11-30', '2023-01-02'])
    >>> plain_rows('{"date": "2022-11-30T10:00", "text": "A"}\\n', opts) is None
    True
    """
    try:
        import orjson
    except ImportError:
        return None
    from .corpus.report import has_surrogate

    loads, date_col, text_col = orjson.loads, options["date_col"], options["text_col"]
    numbers, texts, dates = [], [], []
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = loads(line)
        except orjson.JSONDecodeError:
            return None
        if type(obj) is not dict:
            return None
        date, body = obj.get(date_col), obj.get(text_col)
        if type(date) is not str or type(body) is not str or not _PLAIN_DATE.fullmatch(date):
            return None
        for key, value in obj.items():
            if type(value) not in _PLAIN_VALUES or has_surrogate(key) or (type(value) is str
                                                                         and has_surrogate(value)):
                return None
        if "\r" in body:
            body = body.replace("\r\n", "\n").replace("\r", "\n")
        body = body.strip()
        if not body:
            return None
        numbers.append(lineno)
        texts.append(body)
        dates.append(date)
    try:
        days = np.array(dates, dtype="datetime64[D]")
    except ValueError:  # not a real day (2022-02-30)
        return None
    if [str(d) for d in days] != dates:  # numpy reads some impossible strings leniently
        return None
    return numbers, texts, days.astype("datetime64[ns]")




def _finish_and_count(matcher, texts, dates, t0, options, out):
    """The loader's finishing of rows (NFKC, boilerplate lines set aside, language), then the counts."""
    from .corpus.finish import boilerplate_detector, nfkc_bounded, split_boilerplate
    from .corpus.report import BadInput
    from .language import detect_language

    t1 = time.perf_counter()
    detect = boilerplate_detector(options["boilerplate"])
    finished = []
    for t in texts:
        try:
            finished.append(split_boilerplate(nfkc_bounded(t), detect)[0])
        except BadInput:
            return None
    texts = finished
    language = options["language"]
    langs = [language or detect_language(t) for t in texts]
    t2 = time.perf_counter()
    fam, term, tok = matcher.count_many(texts, languages=langs, n_jobs=1, progress=False, normalized=True)
    t3 = time.perf_counter()
    out.update({"dates": dates, "tokens": tok, "family": fam, "term": term,
                "cpu": {"parse": t1 - t0, "finish": t2 - t1, "count": t3 - t2}})
    return out
