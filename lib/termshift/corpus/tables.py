"""Tables: one document per row, from CSV, TSV, JSONL or Parquet (or a DataFrame).

Text formats are read with every column as text, exactly as written (``00501``
stays ``00501``, ``12345`` in the text column is the text "12345"). JSONL is read
line by line with the :mod:`json` module, so one bad line is named (``file row
N``) and never reaches a native parser. A CSV quote that is never closed, or a
stray quote that joins rows into one text, is named with its fix.
"""

from __future__ import annotations

import io
import json
import math
import os
import re

import numpy as np
import pandas as pd

from .dates import column_dates
from .decode import decode_document
from .report import BadInput, Problem, has_surrogate, printable
from .walk import read_regular

__all__ = ["TABLE_SUFFIXES", "RESERVED", "ID_COL_KEY", "read_table", "rows_from_table", "as_text", "metadata_names",
           "parse_jsonl", "parquet_bytes", "missing_columns", "native_dates"]

#: File suffixes read as tables (one document per row) and their formats.
TABLE_SUFFIXES = {".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
#: Columns termshift writes; a table's column of the same name is kept as ``meta_<name>``.
RESERVED = ("doc_id", "date", "text", "source", "encoding", "n_boilerplate", "boilerplate", "duplicate_of",
            "similarity", "containment", "language")
_COLUMN_FIX = "name the right columns with date_col=/text_col=/id_col= (CLI --date-col/--text-col/--id-col)"
_SURROGATE = re.compile("[\ud800-\udfff]")
_ISO_START = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def as_text(value):
    """A table cell as text: strings as they are, numbers as written, missing as None.

    Examples
    --------
    >>> as_text("007"), as_text(12345), as_text(float("nan")), as_text(None)
    ('007', '12345', None, None)
    """
    if isinstance(value, str):
        return value
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (float, np.floating)) and math.isnan(value):
        return None
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value)).lower()
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return str(value)


def metadata_names(columns, taken=RESERVED) -> dict:
    """Output name of each metadata column: its own, or ``meta_`` prefixed until it is free.

    Deterministic: columns keep their names unless reserved; a reserved name
    becomes ``meta_<name>``, ``meta_meta_<name>`` ... whichever no other column holds.

    Examples
    --------
    >>> metadata_names(["doc_id", "meta_doc_id", "zip"])
    {'doc_id': 'meta_meta_doc_id', 'meta_doc_id': 'meta_doc_id', 'zip': 'zip'}
    """
    columns = [str(c) for c in columns]
    used = set(taken) | {c for c in columns if c not in taken}
    out = {}
    for col in columns:
        name = col
        if col in taken:
            name = f"meta_{col}"
            while name in used:
                name = f"meta_{name}"
            used.add(name)
        out[col] = name
    return out


# ----------------------------------------------------------------------------- reading files


def parquet_shards(folder: str) -> list[tuple[str, str]] | None:
    """``(path, name relative to the folder)`` of every file under ``folder``, sorted, when there is at
    least one and all are visible, regular ``.parquet`` files (shards, as Dask and Spark write them);
    None otherwise (the folder is then walked for articles).

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> parquet_shards(str(d)) is None
    True
    """
    out, stack = [], [folder]
    while stack:  # iterative (os.walk recurses: a deeply nested folder would overflow the stack)
        here = stack.pop()
        try:
            entries = sorted(os.scandir(here), key=lambda e: e.name)
        except OSError:
            return None
        for entry in entries:
            if entry.name.startswith(".") or entry.is_symlink():
                return None
            if entry.is_dir():
                stack.append(entry.path)
            elif entry.is_file() and entry.name.lower().endswith(".parquet"):
                out.append((entry.path, os.path.relpath(entry.path, folder).replace(os.sep, "/")))
            else:
                return None
    out.sort(key=lambda pair: pair[1])
    return out or None


ID_COL_KEY = "termshift.id_col"  # Parquet key-value metadata: the column that holds the documents' ids


def parquet_bytes(frame: pd.DataFrame, id_col: str | None = None) -> bytes:
    """A frame as Parquet bytes; ``id_col`` is named in the file's metadata, so loading keeps those ids.

    ``termshift import`` writes its ``doc_id`` this way: loading the table
    again needs no ``id_col=`` (an explicit ``id_col=`` still wins).

    Examples
    --------
    >>> import os, tempfile
    >>> from termshift import load_corpus
    >>> frame = pd.DataFrame({"doc_id": ["Nexis.TXT#5"], "date": ["2022-12-16"], "text": ["a counterstrike"]})
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = os.path.join(tmp, "my_corpus.parquet")
    ...     with open(path, "wb") as f:
    ...         _ = f.write(parquet_bytes(frame, id_col="doc_id"))
    ...     load_corpus(path)["doc_id"].tolist()
    ['Nexis.TXT#5']
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=False)
    if id_col is not None:
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), ID_COL_KEY.encode(): id_col.encode()})
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()


def _stored_id_col(data: bytes) -> str | None:
    """The id column a Parquet file names in its metadata (:func:`parquet_bytes`), if any."""
    import pyarrow.parquet as pq

    meta = pq.read_schema(io.BytesIO(data)).metadata or {}
    value = meta.get(ID_COL_KEY.encode())
    return value.decode("utf-8", "replace") if value else None


def read_table(path: str, fmt: str, rel: str) -> tuple[pd.DataFrame, list[int], list[Problem], list, str]:
    """Read a table file: (frame, row numbers, bad rows, flags, encoding); :class:`BadInput` for a bad file."""
    data = read_regular(path)
    if not data.strip():
        raise BadInput("empty file", "add rows, or remove the file")
    if fmt == "parquet":
        if not (data[:4] == b"PAR1" and data[-4:] == b"PAR1"):
            raise BadInput("not a Parquet file (no PAR1 marks at its start and end)", "check the file's format")
        frame = pd.read_parquet(io.BytesIO(data))
        frame.attrs = {ID_COL_KEY: _stored_id_col(data)}
        return frame, list(range(1, len(frame) + 1)), [], [], "parquet"
    text, enc, note = decode_document(data)
    flags = [(rel, note)] if note else []
    if fmt == "jsonl":
        frame, numbers, problems, row_flags = parse_jsonl(text, rel)
        return frame, numbers, problems, flags + row_flags, enc
    frame = _read_delimited(text, "\t" if fmt == "tsv" else ",")
    return frame, list(range(1, len(frame) + 1)), [], flags, enc


def _read_delimited(text: str, sep: str) -> pd.DataFrame:
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, na_filter=False,
                            engine="c", skip_blank_lines=True)
    except pd.errors.EmptyDataError:
        raise BadInput("no header row", "add a header row naming the columns (date, text, ...)") from None
    except pd.errors.ParserError as err:
        msg = str(err)
        m = re.search(r"EOF inside string starting at row (\d+)", msg)
        if m:
            raise BadInput(f"a quote opened in row {m.group(1)} is never closed (the rest of the file would be "
                           "read as one text)", 'close the quote; a quote inside a quoted field is written twice ("")'
                           ) from None
        m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", msg)
        if m:
            raise BadInput(f"line {m.group(2)} has {m.group(3)} fields where the header has {m.group(1)}",
                           f"quote fields that hold the delimiter {sep!r}") from None
        first = msg.strip().splitlines()[0] if msg.strip() else type(err).__name__
        raise BadInput(f"cannot be parsed as a table ({first})", "check the file's format") from None
    frame.attrs["termshift.delimiter"] = sep
    return frame


def _json_loads():
    """``json.loads``, tried first with orjson (when installed) for lines whose values it reads the same way.

    orjson reads huge integers as floats and refuses NaN and lone surrogate
    escapes: a line whose object holds anything but strings, null, booleans and
    integers is read again with :mod:`json`, so the result is exactly json's.
    """
    try:
        import orjson
    except ImportError:
        return json.loads
    fast = orjson.loads
    simple = (str, bool, int, type(None))

    def loads(line):
        try:
            obj = fast(line)
        except orjson.JSONDecodeError:
            return json.loads(line)  # json's own message (or json's reading of NaN, 1e400, ...)
        if isinstance(obj, dict) and all(isinstance(v, simple) for v in obj.values()):
            return obj
        return json.loads(line)

    return loads


def parse_jsonl(text: str, rel: str, first_line: int = 1):
    """Rows of JSONL ``text``: (frame of text cells, line numbers, bad rows as Problems, flags).

    Each line is parsed alone (one bad line is named, ``rel row N``, and never
    reaches a native parser). ``first_line``: the number of the text's first
    line in its file (for a chunk of a larger file).

    Examples
    --------
    >>> frame, numbers, problems, flags = parse_jsonl('{"date": "2022-01-01", "n": 7}\\n\\n[1]\\n', "a.jsonl", 10)
    >>> frame.to_dict("records"), numbers, [p.where for p in problems]
    ([{'date': '2022-01-01', 'n': '7'}], [10], ['a.jsonl row 12'])
    """
    records, numbers, problems, flags = [], [], [], []
    loads = _json_loads()
    for lineno, line in enumerate(text.split("\n"), first_line):
        if not line.strip():
            continue
        where = f"{rel} row {lineno}"
        try:
            obj = loads(line)
        except RecursionError:
            problems.append(Problem(where, "JSON nested too deeply", "write one flat JSON object per line", "row"))
            continue
        except ValueError as err:
            why = f"{err.msg} at column {err.colno}" if isinstance(err, json.JSONDecodeError) else str(err)
            problems.append(Problem(where, f"not valid JSON ({printable(why)})",
                                    "write one JSON object per line", "row"))
            continue
        if not isinstance(obj, dict):
            what = "null" if obj is None else type(obj).__name__
            problems.append(Problem(where, f"holds {what}, not a JSON object",
                                    'write one object per line: {"date": ..., "text": ...}', "row"))
            continue
        row, replaced = {}, False
        for key, value in obj.items():
            if isinstance(value, (dict, list)):
                value = json.dumps(value, ensure_ascii=False)
            elif value is not None and not isinstance(value, str):
                value = json.dumps(value)
            if isinstance(value, str) and has_surrogate(value):
                value, replaced = _SURROGATE.sub("\ufffd", value), True
            row[_SURROGATE.sub("\ufffd", key) if has_surrogate(key) else key] = value
        if replaced:
            flags.append((where, "lone UTF-16 surrogate escape(s) replaced by U+FFFD"))
        records.append(row)
        numbers.append(lineno)
    columns = list(dict.fromkeys(k for r in records for k in r))
    # object columns built directly (pandas would copy every text into Arrow strings and back)
    frame = pd.DataFrame({c: pd.Series(_column(records, c), dtype=object) for c in columns}) if records \
        else pd.DataFrame()
    return frame, numbers, problems, flags


def _column(records, key):
    out = np.empty(len(records), dtype=object)
    out[:] = [r.get(key) for r in records]
    return out




# ----------------------------------------------------------------------------- rows to documents


def missing_columns(missing, columns) -> BadInput:
    """The problem of a table that lacks the columns ``missing`` (it has ``columns``), with the fix.

    >>> missing_columns(["date"], ["day", "text"]).reason
    "no column(s) 'date' (columns: day, text)"
    """
    return BadInput(f"no column(s) {', '.join(repr(printable(c)) for c in missing)} "
                    f"(columns: {', '.join(printable(c) for c in columns)})", _COLUMN_FIX)


def native_dates(values: pd.Series) -> pd.Series:
    """A date column held by Arrow (``date32``/``date64``, ``timestamp``; as Dask, Spark or
    ``dtype_backend="pyarrow"`` give it) as the in-memory reader holds it: dates as
    :class:`datetime.date` objects (missing: None), timestamps as ``datetime64`` (time zone kept);
    any other column as it is.

    >>> import datetime as dt, pyarrow as pa
    >>> days = pd.Series(pd.arrays.ArrowExtensionArray(pa.array([dt.date(2022, 1, 3), None], pa.date32())))
    >>> native_dates(days).tolist()
    [datetime.date(2022, 1, 3), None]
    """
    dtype = values.dtype
    if not isinstance(dtype, pd.ArrowDtype):
        return values
    import pyarrow as pa

    kind = dtype.pyarrow_dtype
    if pa.types.is_date(kind):
        return pd.Series(values.array.to_numpy(dtype=object, na_value=None), index=values.index, dtype=object)
    if pa.types.is_timestamp(kind):
        return values.astype(pd.DatetimeTZDtype(unit=kind.unit, tz=kind.tz) if kind.tz else f"datetime64[{kind.unit}]")
    return values


def rows_from_table(df: pd.DataFrame, rel: str, *, date_col: str, text_col: str, id_col: str | None,
                    source: str, encoding: str, numbers=None, utc: bool = False):
    """Documents of a table: (rows frame with a ``where`` column, bad rows as Problems).

    ``numbers`` are the rows' numbers in the file (default 1, 2, ...). Without
    ``id_col``, the id column a Parquet file names (:func:`parquet_bytes`) is used.
    """
    if id_col is None and df.attrs.get(ID_COL_KEY) in df.columns:
        id_col = df.attrs[ID_COL_KEY]
    missing = [c for c in (date_col, text_col) + ((id_col,) if id_col else ()) if c not in df.columns]
    if missing:
        raise missing_columns(missing, df.columns)
    numbers = list(range(1, len(df) + 1)) if numbers is None else list(numbers)
    where = [f"{rel} row {n}" for n in numbers]
    dates, reasons = column_dates(native_dates(df[date_col]), utc)
    texts = [as_text(v) for v in df[text_col].tolist()]
    for i, t in enumerate(texts):
        if reasons[i] is None and (t is None or not t.strip()):
            reasons[i] = "empty text; fill it in or remove the row"
    if id_col:
        ids = [as_text(v) for v in df[id_col].tolist()]
        seen = pd.Series(ids, dtype=object)
        dup = seen.duplicated(keep=False).to_numpy() & seen.notna().to_numpy()
        for i, d in enumerate(ids):
            if reasons[i] is None and d is None:
                reasons[i] = "missing id; give every row its own id"
            elif reasons[i] is None and dup[i]:
                reasons[i] = "duplicate id; give every row its own id"
        ids = [printable(d) if d is not None else "" for d in ids]
    else:
        ids = [f"{rel}:{n}" for n in numbers]
    delimiter = df.attrs.get("termshift.delimiter")
    problems = [Problem(where[i], r, "", "row") for i, r in enumerate(reasons) if isinstance(r, str)]
    if delimiter is not None:
        problems += _joined_rows(texts, reasons, where, df.columns.get_loc(date_col), len(df.columns), delimiter)
        bad_rows = {p.where for p in problems}
        ok = np.array([w not in bad_rows for w in where], dtype=bool)
    else:
        ok = np.array([r is None for r in reasons], dtype=bool)
    keep = np.flatnonzero(ok)
    out = pd.DataFrame({
        "doc_id": [ids[i] for i in keep],
        "date": dates.to_numpy()[keep],
        "text": pd.Series([_newlines(texts[i]).strip() for i in keep], dtype=object),
        "source": source,
        "encoding": encoding,
        "where": [where[i] for i in keep],
    })
    meta_cols = [c for c in df.columns if c not in (date_col, text_col) and c != id_col]
    names = metadata_names(meta_cols)
    for col in meta_cols:
        out[names[str(col)]] = df[col].to_numpy()[keep]
    return out, problems


def _newlines(text: str) -> str:
    """``\\r\\n`` and ``\\r`` as ``\\n`` (one search when there is no ``\\r``, the usual case)."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _joined_rows(texts, reasons, where, date_pos, n_cols, sep):
    """Rows whose text holds lines that look like rows of the table: a stray quote joined them."""
    found = []
    for i, t in enumerate(texts):
        if reasons[i] is not None or t is None or "\n" not in t:
            continue
        n = 0
        for line in t.split("\n")[1:]:
            cells = line.split(sep)
            if len(cells) >= n_cols and _ISO_START.match(cells[date_pos].strip().strip('"')):
                n += 1
        if n:
            found.append(Problem(where[i], f"its text holds {n} line(s) that look like rows of this table (a stray "
                                           "quote joins rows)", 'close the quote, or write a quote inside a quoted '
                                                                'field twice ("")', "row"))
    return found
