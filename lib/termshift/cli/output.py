"""Everything the command line writes: messages, tables and text, safely.

* Messages (errors, notes, skipped files) go through :func:`say`, which
  escapes control characters (ANSI escapes, newlines, other C0/C1 controls,
  bidirectional overrides) with :func:`escape`, so a file name cannot forge
  a line or drive the terminal, and never fails on a file name that is not
  valid UTF-8 or a terminal that cannot show a character.
* Results go to stdout or to ``--out``. An ``--out`` file is written to a
  temporary file in the same folder and renamed over the target only when
  complete, so a failed write (disk full) leaves no truncated file; an
  ``--out`` that is one of the command's inputs is refused before anything
  is read.
* CSV cells are written for spreadsheets: a text cell starting with ``=``,
  ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'`` so a
  spreadsheet shows it as text instead of running it as a formula
  (:func:`neutralise_formulas`); numbers stay numbers.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sys
from pathlib import Path

from ..errors import ParameterError
from ..files import replace_atomically

__all__ = ["escape", "say", "neutralise_formulas", "csv_text", "csv_blocks", "write_table", "write_text", "check_out",
           "write_atomic", "write_chunks", "encode_utf8", "input_paths", "emit_table", "emit_text", "StdoutClosed",
           "FORMULA_NOTE"]

#: One sentence for the help of every command that writes CSV.
FORMULA_NOTE = ("CSV is written for spreadsheets: a text cell starting with =, +, -, @, a tab or a carriage "
                "return gets a leading ' so it is shown as text, not run as a formula; numbers stay numbers.")

# C0 controls, DEL, C1 controls, lone surrogates (undecodable bytes of a file name), line and paragraph
# separators, bidirectional embeddings/overrides/isolates.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\x1b"}


def _escape_char(match) -> str:
    ch = match.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for an undecodable byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(text) -> str:
    """``text`` with every control character written as a visible escape.

    Examples
    --------
    >>> escape("bad\\x1b[31mname\\nforged line.txt")
    'bad\\\\x1b[31mname\\\\nforged line.txt'
    >>> escape("caf\\udce9.txt")  # the byte 0xE9 of a file name that is not UTF-8
    'caf\\\\xe9.txt'
    >>> escape("déjà vu")
    'déjà vu'
    """
    return _CONTROL.sub(_escape_char, str(text))


def say(line, stream=None) -> None:
    """Print one message line on stderr (or ``stream``), escaped; never raises.

    A closed stderr is skipped; characters the stream cannot encode are
    written as backslash escapes.
    """
    stream = sys.stderr if stream is None else stream
    if stream is None:  # stderr closed (2>&-): nowhere to say it
        return
    text = escape(line) + "\n"
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text = text.encode(encoding, "backslashreplace").decode(encoding)
    except LookupError:
        pass
    try:
        stream.write(text)
        stream.flush()
    except (OSError, ValueError):  # a closed or broken stderr must not turn an error into a crash
        pass


# ----------------------------------------------------------------------------- CSV for spreadsheets

def neutralise_formulas(df):
    """A copy of ``df`` whose text cells cannot run as spreadsheet formulas.

    A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return gets a leading ``'`` (OWASP's advice for CSV injection); numeric
    columns, and text that is a plain number such as ``-3.5``, are left as
    they are.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"left": ["=HYPERLINK(\\"x\\")", "plain", "-3.5", "@sum"], "n": [-1, 2, 3, 4]})
    >>> neutralise_formulas(df).to_dict("list")
    {'left': ['\\'=HYPERLINK("x")', 'plain', '-3.5', "'@sum"], 'n': [-1, 2, 3, 4]}
    """
    import pandas as pd

    from ..publish import neutralise_cell

    out = df.copy()
    for col in out.columns:
        values = out[col]
        if not (values.dtype == object or pd.api.types.is_string_dtype(values.dtype)):
            continue
        try:  # each distinct value once (a tidy table repeats its family names thousands of times)
            changed = {v: c for v in pd.unique(values) if (c := neutralise_cell(v)) is not v}
        except TypeError:  # unhashable cells: one by one
            changed = {id(v): c for v in values if (c := neutralise_cell(v)) is not v}
            if changed:
                out[col] = pd.Series([changed.get(id(v), v) for v in values], index=values.index, dtype=values.dtype)
            continue
        if changed:  # keep the column's dtype (object may hold any text)
            out[col] = pd.Series([changed.get(v, v) if isinstance(v, str) else v for v in values],
                                 index=values.index, dtype=values.dtype)
    return out


def csv_text(df) -> str:
    """``df.to_csv(index=False, lineterminator="\\n")``, built a column at a time (:func:`csv_blocks`).

    pandas hands every cell of every row to :mod:`csv`'s writer; a tidy table
    repeats a few family names and periods thousands of times. Here numbers
    are formatted by Python's ``str`` and ``repr`` (the shortest round-trip
    form of a float, which is numpy's ``astype(str)``, which pandas uses), each distinct text is formatted once by
    :mod:`csv`'s own writer (the same quoting), and the rows are joined. Any
    other column (dates, nullable numbers, categories, objects that are not
    text), a one-column table or repeated column names are left to pandas.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"period": pd.period_range("2022-01", periods=2, freq="M"),
    ...                    "family": ["a, b", 'say "hi" now'], "count": [3, 0], "rate": [0.5, float("nan")]})
    >>> csv_text(df) == df.to_csv(index=False, lineterminator="\\n")
    True
    >>> print(csv_text(df), end="")
    period,family,count,rate
    2022-01,"a, b",3,0.5
    2022-02,"say ""hi"" now",0,
    """
    return "".join(csv_blocks(df))


def csv_blocks(df):
    """The text of :func:`csv_text` in blocks of rows, so that a large table is written without
    its whole CSV text (and a copy of it as bytes) in memory at once."""
    import csv
    import io

    import numpy as np
    import pandas as pd

    def pandas_csv():
        return df.to_csv(index=False, lineterminator="\n")

    if len(df.columns) < 2 or not df.columns.is_unique or isinstance(df.columns, pd.MultiIndex):
        yield pandas_csv()
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")

    def field(value) -> str:  # a cell as csv writes it in a row of two or more cells
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([value, ""])
        return buffer.getvalue()[:-2]

    def by_value(codes, uniques):  # each distinct value formatted once; a block takes its cells by code
        table = np.array([field(v) for v in uniques] + [""], dtype=object)  # code -1 (missing): ""
        return lambda a, b: table[codes[a:b]].tolist()

    def integers(array):
        return lambda a, b: list(map(str, array[a:b].tolist()))

    def floats(array):  # repr of a float64 is numpy's shortest round-trip form, which pandas writes
        return lambda a, b: ["" if v != v else repr(v) for v in array[a:b].tolist()]  # NaN: pandas' na_rep

    columns = []
    for name in df.columns:
        if not isinstance(name, str):
            yield pandas_csv()
            return
        values = df[name]
        dtype = values.dtype
        if isinstance(dtype, pd.PeriodDtype):
            codes, uniques = pd.factorize(values)
            if (codes < 0).any():
                yield pandas_csv()
                return
            columns.append(by_value(codes, uniques.astype(str)))
        elif isinstance(dtype, np.dtype) and dtype.kind in "iub":
            columns.append(integers(values.to_numpy()))
        elif isinstance(dtype, np.dtype) and dtype.kind == "f" and dtype.itemsize == 8:
            columns.append(floats(values.to_numpy()))
        elif (isinstance(dtype, np.dtype) and dtype.kind == "O") or isinstance(dtype, pd.StringDtype):
            try:
                codes, uniques = pd.factorize(values)  # missing cells: code -1
            except TypeError:  # unhashable cells
                yield pandas_csv()
                return
            if not all(type(v) is str for v in uniques):
                yield pandas_csv()
                return
            columns.append(by_value(codes, uniques))
        else:
            yield pandas_csv()
            return
    yield ",".join(field(name) for name in df.columns) + "\n"
    for a in range(0, len(df), _CSV_BLOCK):  # a block of rows at a time: memory for its cells only
        cells = [column(a, a + _CSV_BLOCK) for column in columns]
        yield "\n".join(map(",".join, zip(*cells))) + "\n"


#: Rows formatted at once by :func:`csv_text`.
_CSV_BLOCK = 1 << 16


# ----------------------------------------------------------------------------- where results go


class StdoutClosed(ParameterError):
    """stdout is closed (``>&-``) or cannot be written: the results would be lost."""


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        try:
            return a.resolve() == b.resolve()
        except (OSError, RuntimeError, ValueError):
            return False


def _inside(path: Path, folder: Path) -> bool:
    try:
        return folder.is_dir() and path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError, ValueError):
        return False


def check_out(out: Path, inputs=()) -> None:
    """Refuse an ``--out`` that is a folder, one of ``inputs`` or inside an input folder; make its folder.

    ``inputs`` holds ``(option, path)`` pairs (``("corpus", Path("news/"))``);
    each problem is one line naming the option and the fix.
    """
    for option, path in inputs:
        if path is None:
            continue
        path = Path(path)
        if _same_file(out, path):
            raise ParameterError([f"--out {out}: is the {option} {path}, which would be overwritten; "
                                  "give another output file"])
        if _inside(out, path):
            raise ParameterError([f"--out {out}: is inside the {option} folder {path}, whose files are input; "
                                  "write outputs elsewhere"])
    if out.is_dir():
        raise ParameterError([f"--out {out}: is a folder; give a file name such as {out / 'result.csv'}"])
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ParameterError([f"--out {out}: its folder cannot be made ({e.strerror}); give a writable path"]) \
            from None
    if not os.access(out.parent, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise ParameterError([f"--out {out}: not writable; give a writable file path"])


def write_chunks(fh, chunks) -> None:
    """Write each chunk of bytes to the open file ``fh`` (the one place --out data is written)."""
    for chunk in chunks:
        fh.write(chunk)


def write_atomic(out: Path, data) -> None:
    """Write ``data`` (bytes, or an iterable of bytes) to ``out`` through a temporary file in its folder
    and a rename.

    On any failure the temporary file is removed, ``out`` is left as it was,
    and one :class:`ParameterError` line says why (e.g. no space left).
    """
    def chunked(fh, data):
        if isinstance(data, (bytes, bytearray)):  # views of 1 MB, not copies
            view = memoryview(data)
            data = [view[i:i + (1 << 20)] for i in range(0, len(data), 1 << 20)] or [b""]
        write_chunks(fh, data)

    try:
        replace_atomically(out, data, writer=chunked)  # a link to a file is written through, not replaced
    except OSError as e:
        why = e.strerror or str(e) or type(e).__name__
        fix = "free some space or give another path" if e.errno in (errno.ENOSPC, errno.EDQUOT) \
            else "give a writable path"
        raise ParameterError([f"--out {out}: cannot be written ({why}); nothing was written; {fix}"]) from None


def _write_stdout(text) -> None:
    """Write ``text`` (a string, or an iterable of strings written one by one) to stdout as UTF-8,
    whatever the locale says (as ``--out`` files are written)."""
    stream = sys.stdout
    if stream is None:
        raise StdoutClosed(["stdout is closed, so the results would be lost; give --out FILE or "
                            "redirect stdout to a file"])
    binary = getattr(stream, "buffer", None)
    with _stdout_errors():
        if binary is not None:
            stream.flush()  # what was printed as text goes first
    for part in [text] if isinstance(text, str) else text:  # made outside: its own errors are not stdout's
        with _stdout_errors():
            if binary is not None:
                binary.write(encode_utf8(part))
            else:
                stream.write(part)
    with _stdout_errors():
        (binary if binary is not None else stream).flush()


@contextlib.contextmanager
def _stdout_errors():
    """A failed write to stdout as one StdoutClosed line (a closed pipe stays a BrokenPipeError)."""
    try:
        yield
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as e:
        why = getattr(e, "strerror", None) or str(e) or type(e).__name__
        raise StdoutClosed([f"stdout cannot be written ({why}); give --out FILE or redirect stdout to a "
                            "writable file"]) from None


def encode_utf8(text: str) -> bytes:
    """``text`` as UTF-8; an undecodable byte of a file name (a lone surrogate) is written as ``\\udcXX``."""
    return text.encode("utf-8", "backslashreplace")


def input_paths(args) -> list:
    """The ``(what, path)`` inputs of a parsed command: its corpus and terms file."""
    return [(what, getattr(args, name, None)) for name, what in (("corpus", "corpus"), ("terms", "terms file"))
            if getattr(args, name, None) is not None]


def write_text(text: str, out: Path | None, inputs=()) -> None:
    """Write ``text`` (a final newline added) to ``out``, or to stdout when ``out`` is None."""
    text = text if text.endswith("\n") else text + "\n"
    if out is None:
        _write_stdout(text)
        return
    check_out(out, inputs)
    write_atomic(out, encode_utf8(text))


def write_table(df, out: Path | None, inputs=()) -> None:
    """Write ``df`` as CSV (no index, ``\\n`` line ends, formulas neutralised) to ``out`` or stdout."""
    blocks = csv_blocks(neutralise_formulas(df))
    if out is None:
        _write_stdout(blocks)  # block by block, as to --out
        return
    check_out(out, inputs)
    write_atomic(out, (encode_utf8(block) for block in blocks))  # block by block: never the whole text


def emit_table(df, args) -> None:
    """Write a command's table to its ``--out`` (or stdout), refusing its own inputs as output."""
    write_table(df, args.out, input_paths(args))


def emit_text(text: str, args) -> None:
    """Write a command's text to its ``--out`` (or stdout), refusing its own inputs as output."""
    write_text(text, args.out, input_paths(args))
