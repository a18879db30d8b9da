"""Reading a corpus in pieces: the tasks of the streamed count and of the cluster, and the rows of each.

A large corpus is read piece by piece (:func:`read_tasks`): a JSONL file cut at
line ends into chunks of about :data:`CHUNK_BYTES`, a Parquet file (or a folder
of Parquet shards) a few row groups at a time, a folder of ``*.txt`` articles
:data:`ARTICLES_PER_TASK` articles at a time. Each :class:`Task` is read where
it is counted (:func:`read_rows`: a forked worker, a Dask worker) with the
loader's own functions, and its texts finished as the loader finishes them
(:func:`finish_texts`: NFKC, boilerplate lines set aside, language).

The streamed count reads only what it reproduces exactly: a bad row, a flagged
decode, a byte-order mark, ``\\r`` line ends, an export ... make
:func:`read_tasks` or :func:`read_rows` return None, and the loader reads the
corpus instead (same result, same messages). The cluster reads Parquet row
groups with :func:`table_part`, which names every bad row as the loader does
(``part-0.parquet row 3``).

Nothing here loads pandas before a worker needs it: the streamed count forks its
workers first.
"""

from __future__ import annotations

import os
import re
import time
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from .options import LoadOptions
from .report import has_surrogate

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Task", "Rows", "read_tasks", "read_rows", "finish_texts", "plain_rows", "table_part", "jsonl_chunks",
           "row_groups", "article_tasks", "control_bytes", "shard_tasks", "shard_part", "CHUNK_BYTES",
           "ARTICLES_PER_TASK"]

#: Bytes per chunk of a JSONL file (cut at the next line end), and uncompressed bytes of the row groups
#: of a Parquet file read at once.
CHUNK_BYTES = 4 << 20
#: Articles per task of a folder (about 1 MB of 2 KB articles).
ARTICLES_PER_TASK = 500
#: What a folder's article counts for, in bytes, when the number of workers is chosen.
_ARTICLE_WEIGHT = 4096
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1C), 0x7F])


class Task(NamedTuple):
    """One piece of a corpus to read.

    ``kind`` is ``"jsonl"`` (``part``: ``(offset, length)`` of a chunk of the file ``path``),
    ``"parquet"`` (``part``: ``(row groups, rows before them, rows in them)`` of the file ``path``) or
    ``"articles"`` (``part``: ``((rel, path), ...)`` of articles of the folder ``path``);
    ``rel`` names the file in messages and ids; ``size`` is what it weighs, in bytes.
    """

    kind: str
    path: str
    rel: str
    part: Any
    size: int


class Rows(NamedTuple):
    """The rows read from a task: texts (as the loader reads them, before finishing), dates
    (``datetime64[ns]``), control bytes seen (JSONL) and the CPU seconds spent reading."""

    texts: list
    dates: np.ndarray
    control: int
    seconds: float


def read_tasks(path: str, options: LoadOptions, chunk_bytes: int = CHUNK_BYTES) -> list[Task] | None:
    """The tasks of a JSONL file, a Parquet file, a folder of Parquet shards or a folder of ``*.txt``
    articles; None when the loader must read it (another kind of path, a byte-order mark, a damaged
    Parquet file or one without the date or text column, a folder with anything unusual).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp(), "c.jsonl")
    >>> _ = p.write_text('{"date": "2022-01-01", "text": "a"}\\n' * 3)
    >>> [(t.kind, t.part) for t in read_tasks(str(p), LoadOptions(), chunk_bytes=30)]
    [('jsonl', (0, 36)), ('jsonl', (36, 36)), ('jsonl', (72, 36))]
    """
    suffix = os.path.splitext(path)[1].lower()
    if os.path.isfile(path) and suffix in (".jsonl", ".ndjson"):
        chunks = jsonl_chunks(path, chunk_bytes)
        return [Task("jsonl", path, os.path.basename(path), c, c[1]) for c in chunks] if chunks else None
    from .tables import parquet_shards

    files = [(path, os.path.basename(path))] if os.path.isfile(path) and suffix == ".parquet" else (
        parquet_shards(path) if os.path.isdir(path) else None)
    if not files:
        return article_tasks(path) if os.path.isdir(path) else None
    from .report import BadInput

    tasks = []
    for file, rel in files:
        try:
            groups = row_groups(file, chunk_bytes, (options.date_col, options.text_col))
        except BadInput:
            return None
        if not groups:  # no rows: the loader accounts for the file
            return None
        tasks += [Task("parquet", file, rel, (rg, first, n), size) for rg, first, n, size in groups]
    return tasks


def jsonl_chunks(path: str, chunk_bytes: int):
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


def article_tasks(root: str) -> list[Task] | None:
    """A task per :data:`ARTICLES_PER_TASK` ``*.txt`` articles of a folder; None when the loader must
    read it (a folder or file it cannot account for, a link, a name that is not valid UTF-8, a news
    export or archive)."""
    from .report import LoadReport
    from .walk import walk_folder

    try:
        articles, problems = walk_folder(root, LoadReport(root=root), exports=True)
    except OSError:
        return None
    if problems or not articles or any(a.note or not a.inside or not a.rel.lower().endswith(".txt")
                                       for a in articles):
        return None
    pairs = [(a.rel, a.path) for a in articles]
    batches = [tuple(pairs[i:i + ARTICLES_PER_TASK]) for i in range(0, len(pairs), ARTICLES_PER_TASK)]
    return [Task("articles", root, "", batch, _ARTICLE_WEIGHT * len(batch)) for batch in batches]


def row_groups(file: str, chunk_bytes: int, columns) -> list[tuple[list[int], int, int, int]]:
    """``(row groups, rows before them, rows in them, bytes)``: consecutive row groups of about ``chunk_bytes``
    (uncompressed; at least one row group); empty for a file without rows.

    Raises :class:`~termshift.corpus.report.BadInput` for a file that is no Parquet file, is
    damaged, or lacks one of ``columns``.
    """
    import pyarrow.parquet as pq

    from .report import BadInput

    try:
        with open(file, "rb") as f:
            head = f.read(4)
            f.seek(-4, os.SEEK_END)
            tail = f.read(4)
    except OSError as err:
        raise BadInput(f"cannot be read ({err.strerror})", "check the file") from None
    if head != b"PAR1" or tail != b"PAR1":
        raise BadInput("not a Parquet file (no PAR1 marks at its start and end)", "check the file's format")
    try:
        meta = pq.ParquetFile(file).metadata
    except Exception as err:  # noqa: BLE001 - pyarrow's own error for a damaged file: one line
        raise BadInput(f"cannot be parsed as parquet ({_first_line(err)})", "check the file's format") from None
    missing = [c for c in columns if c not in meta.schema.names]
    if missing:
        from .tables import missing_columns

        raise missing_columns(missing, meta.schema.names)
    out, group, first, size, row = [], [], 0, 0, 0
    for i in range(meta.num_row_groups):
        rg = meta.row_group(i)
        if rg.num_rows == 0:
            continue
        group.append(i)
        size += rg.total_byte_size
        row += rg.num_rows
        if size >= chunk_bytes:
            out.append((group, first, row - first, size))
            group, first, size = [], row, 0
    if group:
        out.append((group, first, row - first, size))
    return out


def _first_line(err: Exception) -> str:
    from .report import printable

    text = str(err).strip()
    return printable(text.splitlines()[0]) if text else type(err).__name__


def table_part(task: Task, options: LoadOptions, columns=()) -> tuple[pd.DataFrame, list]:
    """The rows of a ``"parquet"`` task as the loader reads them: ``(rows, problems)``, every bad row
    named ``rel row N`` (its row in the file); ids ``rel:N``. Only the date and text columns are read,
    and the metadata ``columns`` asked for.

    Raises :class:`~termshift.corpus.report.BadInput` for a file that cannot be read.
    """
    import pyarrow.parquet as pq

    from .report import BadInput
    from .tables import rows_from_table

    groups, first, _ = task.part
    try:
        frame = pq.ParquetFile(task.path).read_row_groups(groups, columns=[options.date_col, options.text_col,
                                                                           *columns]).to_pandas()
    except Exception as err:  # noqa: BLE001 - a damaged file: one line naming it
        raise BadInput(f"cannot be parsed as parquet ({_first_line(err)})", "check the file's format") from None
    numbers = list(range(first + 1, first + len(frame) + 1))
    return rows_from_table(frame, task.rel, date_col=options.date_col, text_col=options.text_col, id_col=None,
                           source=task.rel, encoding="parquet", numbers=numbers, utc=options.utc)


def shard_tasks(pattern: str, options: LoadOptions, chunk_bytes: int = CHUNK_BYTES, columns=()) -> list[Task]:
    """The ``"parquet"`` tasks of Parquet shards: a glob (``"shards/*.parquet"``), a folder holding only
    Parquet files, or one file; each file named relative to the folder the files share.

    Raises :class:`~termshift.errors.CorpusError` listing every file that is no Parquet file or lacks
    the date or text column (or one of the metadata ``columns``), one line each, or naming the pattern
    when no file matches.
    """
    import glob

    from ..errors import CorpusError
    from .report import BadInput, printable
    from .tables import parquet_shards

    if os.path.isdir(pattern):
        files = parquet_shards(pattern)
        if files is None:
            raise CorpusError([f"{printable(pattern)}: not a folder of Parquet shards (it holds other files, "
                               f"links or hidden files); give a glob such as '{printable(pattern)}/*.parquet'"])
    else:
        paths = sorted(p for p in glob.glob(pattern, recursive=True) if os.path.isfile(p))
        if not paths:
            raise CorpusError([f"{printable(pattern)}: no file matches; give Parquet shards as a glob such as "
                               "'shards/*.parquet', a folder or one file"])
        base = os.path.commonpath([os.path.dirname(os.path.abspath(p)) for p in paths])
        files = [(p, printable(os.path.relpath(os.path.abspath(p), base).replace(os.sep, "/"))) for p in paths]
    tasks, problems = [], []
    for file, rel in files:
        try:
            groups = row_groups(file, chunk_bytes, (options.date_col, options.text_col, *columns))
        except BadInput as bad:
            problems.append(bad.problem(rel).line())
            continue
        tasks += [Task("parquet", file, rel, (rg, first, n), size) for rg, first, n, size in groups]
    if problems:
        raise CorpusError(problems)
    if not tasks:
        raise CorpusError([f"{printable(pattern)}: the Parquet shards hold no rows; add rows with a date and a text"])
    return tasks


def shard_part(task: Task, options: LoadOptions, columns=()) -> pd.DataFrame:
    """The documents of a ``"parquet"`` task (with the metadata ``columns``), read and finished as
    :func:`~termshift.from_frame` finishes them (ids ``rel:N``); a bad row raises
    :class:`~termshift.errors.CorpusError` naming its file and row (``part-0.parquet row 3: ...``), one
    line each. Duplicates are not looked for (see :func:`termshift.cluster.drop_duplicates`)."""
    from ..errors import CorpusError
    from .finish import finish
    from .report import BadInput, LoadReport

    try:
        rows, problems = table_part(task, options, columns)
    except BadInput as bad:
        raise CorpusError([bad.problem(task.rel).line()]) from None
    if problems:
        raise CorpusError([p.line() for p in problems])
    report = LoadReport(root=task.rel)
    out = finish(rows, [], report, options.replace(on_error="skip", drop_duplicates=False), unit="row",
                 noun="row(s)", empty_fix="add rows with a date and a text")
    if report.skipped:
        raise CorpusError([f"{where}: {reason}" for where, reason in report.skipped])
    out.attrs = {}
    return out


def read_rows(task: Task, options: LoadOptions) -> Rows | None:
    """A task's rows read as the loader reads them; None when any row or file needs the loader's path."""
    from .report import BadInput

    t0 = time.perf_counter()
    try:
        if task.kind == "jsonl":
            out = _jsonl_rows(task, options)
        elif task.kind == "articles":
            out = _article_rows(task)
        else:
            rows, problems = table_part(task, options)
            out = None if problems or len(rows) != task.part[2] else (
                rows["text"].tolist(), rows["date"].to_numpy(dtype="datetime64[ns]"), 0)
    except BadInput:
        return None
    if out is None:
        return None
    texts, dates, control = out
    return Rows(texts, dates, control, time.perf_counter() - t0)


def _article_rows(task: Task):
    """Articles of a folder read as :func:`~termshift.corpus.articles.read_sources` reads them: a plain
    ``date YYYY-MM-DD`` article with no decode note; None for anything else (an export, a bad or
    flagged file), so that the loader reads the folder."""
    from .articles import parse_article
    from .importers import container_of, open_export
    from .walk import read_regular

    texts, dates = [], []
    for _, path in task.part:
        data = read_regular(path)
        if not data.strip() or container_of(data) == "zip":
            return None
        export = open_export(data)
        if export.layout != "seed" or export.note or not export.text.strip():
            return None
        date, body = parse_article(export.text)
        texts.append(body)
        dates.append(date.to_datetime64())
    return texts, np.array(dates, dtype="datetime64[ns]"), 0


def _jsonl_rows(task: Task, options: LoadOptions):
    """One chunk of a JSONL file read, decoded and parsed; None when it needs the loader's full path."""
    offset, length = task.part
    with open(task.path, "rb") as f:
        f.seek(offset)
        data = f.read(length)
    if b"\r" in data or b"\x00" in data:
        return None
    control = control_bytes(data, data.count(b"\n"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    del data
    lean = plain_rows(text, options)
    if lean is not None and lean[0]:  # the usual file: no pandas on the way
        return lean[1], lean[2], control
    from .tables import parse_jsonl, rows_from_table  # pandas: the loader's own reading

    frame, numbers, problems, flags = parse_jsonl(text, task.rel, 1)
    del text
    if problems or flags:
        return None
    if frame.empty:  # blank lines only
        return [], np.zeros(0, "datetime64[ns]"), control
    rows, problems = rows_from_table(frame, task.rel, date_col=options.date_col, text_col=options.text_col,
                                     id_col=None, source=task.rel, encoding="utf-8", numbers=numbers, utc=options.utc)
    if problems or len(rows) != len(numbers):
        return None
    return rows["text"].tolist(), rows["date"].to_numpy(dtype="datetime64[ns]"), control


def finish_texts(texts: list, options: LoadOptions) -> tuple[list, list] | None:
    """The loader's finishing of texts (:mod:`~termshift.corpus.finish`: NFKC, boilerplate lines set
    aside) and each one's language: ``(texts, languages)``; None when a text is bad input.

    >>> finish_texts(["One.\\nCLICK HERE TO GET THE APP\\nTwo."], LoadOptions())
    (['One.\\nTwo.'], ['en'])
    """
    from ..language import detect_language
    from .finish import nfkc_bounded, split_boilerplate
    from .report import BadInput

    detect = options.detect
    finished = []
    for t in texts:
        try:
            finished.append(split_boilerplate(nfkc_bounded(t), detect)[0])
        except BadInput:
            return None
    language = options.language
    return finished, [language or detect_language(t) for t in finished]


def control_bytes(data: bytes, lines: int) -> int:
    """How many bytes of ``data`` are control characters other than whitespace (the loader's test).

    Usually no byte below 0x20 but line ends and tabs, and no DEL: counted with one array
    comparison instead of a deleting copy of the chunk.

    >>> control_bytes(b"a\\tb\\n", 1), control_bytes(b"a\\x00\\x07\\x0b\\n", 1)
    (0, 2)
    """
    array = np.frombuffer(data, np.uint8)
    low = int(np.count_nonzero(array < 0x20))
    if low == lines + int(np.count_nonzero(array == 0x09)) and b"\x7f" not in data:
        return 0
    return len(data) - len(data.translate(None, _CONTROL_BYTES))


#: A date the plain path reads itself: ``YYYY-MM-DD`` of a year whose every day pandas holds.
_PLAIN_DATE = re.compile(r"(?:1679|16[89]\d|1[7-9]\d\d|20\d\d|21\d\d|22[0-5]\d|226[01])-\d\d-\d\d", re.ASCII)
_PLAIN_VALUES = (str, bool, int, type(None))


def plain_rows(text: str, options: LoadOptions):
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
    >>> opts = LoadOptions()
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
    loads, date_col, text_col = orjson.loads, options.date_col, options.text_col
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
        if type(date) is not str or type(body) is not str or not _PLAIN_DATE.fullmatch(date) or not _plain(obj):
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


def _plain(obj: dict) -> bool:
    """Whether every value of a JSONL line is a string, an integer, a boolean or null, and no key or
    string holds a lone surrogate."""
    for key, value in obj.items():
        if type(value) not in _PLAIN_VALUES or has_surrogate(key) or (type(value) is str and has_surrogate(value)):
            return False
    return True
