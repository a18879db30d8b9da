"""Read a TOML input file, turning every failure into one line that names the file.

Only a regular file of at most :data:`MAX_TOML_BYTES` is opened: a FIFO would
block forever and ``/dev/zero`` would fill the memory, so both are refused
(after an ``os.stat``, which neither opens nor blocks) with the fix.
"""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

__all__ = ["read_toml", "MAX_TOML_BYTES"]

#: Largest term or event file read (16 MiB; the shipped term file is about 2 KB).
MAX_TOML_BYTES = 16 * 1024 * 1024

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
    if st.st_size > MAX_TOML_BYTES:
        raise error([f"{path}: {st.st_size:,} bytes, more than the {MAX_TOML_BYTES // 2**20} MB a TOML input file "
                     "may hold; check the path (is it the right file?)"])
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_TOML_BYTES + 1)  # the file may have grown since the stat
    except OSError as e:
        raise error([f"{path}: cannot be read ({e.strerror}); check the path"]) from None
    if len(raw) > MAX_TOML_BYTES:
        raise error([f"{path}: more than {MAX_TOML_BYTES // 2**20} MB; check the path (is it the right file?)"])
    try:
        return tomllib.loads(raw.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise error([f"{path}: not valid TOML ({e}); {fix}"]) from None
