"""Writing files without ever leaving a truncated one: the one home of atomic replacement.

Every file termshift writes (``--out`` tables, figures and their manifest,
hand-coding samples, the student handout) goes through
:func:`replace_atomically`: the bytes go to a temporary file in the target's
folder, are flushed to disk, and the temporary file is renamed over the target.
A failure (disk full, interrupted) removes the temporary file and leaves the
target as it was.

Examples
--------
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> replace_atomically(folder / "a.txt", b"hello").read_bytes()
b'hello'
>>> sorted(p.name for p in folder.iterdir())  # no temporary file left behind
['a.txt']
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = ["replace_atomically", "new_file_mode"]


def new_file_mode(target) -> int:
    """The permission bits ``target`` keeps (its own, or what the umask gives a new file)."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write_all(fh, data: bytes) -> None:
    fh.write(data)


def replace_atomically(path, data: bytes, *, writer: Callable | None = None) -> Path:
    """Write ``data`` to ``path`` through a temporary file in its folder and :func:`os.replace`.

    A link to a file is written through (its target is replaced), the file
    keeps its permission bits, and on any failure the temporary file is
    removed and the exception raised with ``path`` untouched. A device or a
    FIFO (``/dev/null``, a pipe) is written in place: renaming a file over it
    would replace the device. ``writer(fh,
    data)`` writes the bytes (default: one ``fh.write``). Returns the path written.
    """
    target = Path(os.path.realpath(path))
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        # a device or FIFO (/dev/null, /dev/stdout, a pipe): written in place, never replaced by a file
        with open(target, "wb") as fh:
            (writer or _write_all)(fh, data)
        return target
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            (writer or _write_all)(fh, data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, new_file_mode(target))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target
