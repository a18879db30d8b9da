"""Read a TOML input file, turning every failure into one line that names the file.

Only a regular file of at most :data:`MAX_TOML_BYTES` is opened: a FIFO would
block forever and ``/dev/zero`` would fill the memory, so both are refused
(after an ``os.stat``, which neither opens nor blocks) with the fix.

Before the text is parsed, one linear pass (:func:`toml_shape`) measures how deep
arrays and inline tables nest and how many parts a dotted key has: Python's
parser recurses once per level (50,000 levels is an internal ``RecursionError``)
and takes minutes on a key of 200,000 parts, so a file past the bounds
``toml_nesting`` or ``toml_key_parts`` of :mod:`termshift.bounds` is refused
in one line naming the bound and how to raise it.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from pathlib import Path

from .bounds import limit, past_line

__all__ = ["read_toml", "toml_shape", "MAX_TOML_BYTES"]

#: Largest term or event file read by default (16 MB; the shipped term file is about 2 KB); the bound
#: ``toml_bytes`` of :mod:`termshift.bounds` (``TERMSHIFT_MAX_TOML_MB``) raises it.
MAX_TOML_BYTES = 16 * 1024 * 1024

# strings (multi-line first), comments, the punctuation that shapes keys and nesting, and runs of the rest
_TOKEN = re.compile("|".join((
    r'"""(?:[^"\\]|\\.|"(?!""))*"{3,5}',  # multi-line basic string (may end in up to two more quotes)
    r"'''.*?'{3,5}",  # multi-line literal string
    r'"(?:[^"\\\n]|\\.)*"',  # basic string
    r"'[^'\n]*'",  # literal string
    r"#[^\n]*",  # comment
    r"[\[\]{}=,.\n]",
    r"""[^"'#\[\]{}=,.\n]+""",
    r".",  # an unterminated string's quote: the parser names it
)), re.DOTALL)


def toml_shape(text: str) -> tuple[str, int] | None:
    """``(bound, how much)`` for the first bound of TOML text that is passed (``"toml_nesting"``: arrays
    and inline tables nested deeper; ``"toml_key_parts"``: a dotted key with more parts), else None.

    One pass over the tokens (strings and comments skipped whole), so it is linear and never recurses.

    Examples
    --------
    >>> toml_shape('[families.a]\\nterms = [["x", {k.v = 1}]]  # [[[ in a comment\\nnote = "[[[a.b.c"')
    >>> toml_shape("x = " + "[" * 70 + "]" * 70)
    ('toml_nesting', 65)
    >>> toml_shape("a" + ".a" * 100 + " = 1")
    ('toml_key_parts', 65)
    """
    depth_bound, parts_bound = limit("toml_nesting"), limit("toml_key_parts")
    stack: list[str] = []
    key, parts, header = True, 1, False  # reading a key; its parts; inside a [table] header
    for m in _TOKEN.finditer(text):
        tok = m.group()
        if tok == "\n":
            if not stack:
                key, parts, header = True, 1, False
        elif tok == ".":
            if key or header:
                parts += 1
                if parts > parts_bound:
                    return "toml_key_parts", parts
        elif tok == "=":
            key, parts = False, 1
        elif tok == "[" and key and not stack:
            header = True  # a [table] or [[array of tables]] header
            key = False
        elif tok in ("[", "{"):
            if header:
                continue
            stack.append(tok)
            if len(stack) > depth_bound:
                return "toml_nesting", len(stack)
            key, parts = tok == "{", 1
        elif tok in ("]", "}"):
            if stack and not header:
                stack.pop()
        elif tok == "," and stack and stack[-1] == "{":
            key, parts = True, 1
    return None

_KINDS = [(stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")]


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_toml(path, error, fix: str = "fix the syntax") -> dict:
    """Parse ``path`` as TOML (UTF-8, BOM allowed); raise ``error([line])`` when it cannot be read or parsed.

    Examples
    --------
    >>> from termshift.errors import TermsError
    >>> read_toml("/dev/null", TermsError)
    Traceback (most recent call last):
    ...
    termshift.errors.TermsError: /dev/null: is a character device, not a TOML file; give the path of a .toml file
    """
    path = Path(path)
    try:
        st = os.stat(path)
    except (OSError, ValueError) as e:
        why = getattr(e, "strerror", None) or str(e)
        raise error([f"{path}: cannot be read ({why}); check the path"]) from None
    if not stat.S_ISREG(st.st_mode):
        raise error([f"{path}: is {_kind(st.st_mode)}, not a TOML file; give the path of a .toml file"])
    most = limit("toml_bytes")
    if st.st_size > most:
        reason, raise_it = past_line("toml_bytes", st.st_size, "a TOML input file")
        raise error([f"{path}: {reason} (is it the right file?); {raise_it}"])
    try:
        with open(path, "rb") as fh:
            raw = fh.read(most + 1)  # the file may have grown since the stat
    except OSError as e:
        raise error([f"{path}: cannot be read ({e.strerror}); check the path"]) from None
    if len(raw) > most:
        reason, raise_it = past_line("toml_bytes", len(raw), "a TOML input file (read so far)")
        raise error([f"{path}: {reason} (is it the right file?); {raise_it}"])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise error([f"{path}: not valid TOML ({e}); {fix}"]) from None
    shape = toml_shape(text)
    if shape is not None:
        what = "nesting of arrays or inline tables" if shape[0] == "toml_nesting" else "a dotted key"
        reason, raise_it = past_line(shape[0], shape[1], what)
        raise error([f"{path}: {reason}; {raise_it}"])
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as e:
        raise error([f"{path}: not valid TOML ({e}); {fix}"]) from None
