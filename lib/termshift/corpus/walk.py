"""Walking a corpus folder: every entry is an article, skipped or ignored, with its reason.

The walk never follows a path it cannot account for and never opens anything
but a regular file:

* ``*.txt`` regular files (any case) are articles; other regular files are ignored. With
  ``exports=True`` news exports are read too: ``.docx``, ``.rtf``, ``.html``/``.htm`` and ``.zip``
  (any case; the content decides the format, see :mod:`termshift.corpus.importers`).
* Names starting with ``.`` (``.DS_Store``, ``.git``) and ``.ipynb_checkpoints``
  folders are ignored: Jupyter's checkpoint copies would count every article twice.
* Symbolic links to folders are ignored unless ``follow_links=True``; a followed
  link is entered once (link cycles never loop). Links to files outside the root
  are skipped unless ``follow_links=True``; dangling and looping links are skipped
  (``*.txt``) or ignored (anything else).
* Named pipes, sockets and devices are ignored and never opened.
* A folder that cannot be listed or entered and a path longer than the system allows
  are skipped with their reason. A name that is not valid UTF-8 is loaded under its
  name with the bytes escaped (``\\xff``), and flagged.

The walk is iterative: any depth of nesting is fine.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import NamedTuple

from .importers import is_source_name
from .report import BadInput, LoadReport, Problem, has_surrogate, printable

__all__ = ["Article", "walk_folder", "read_regular", "describe_mode", "is_article_name", "FOLLOW_HINT"]

FOLLOW_HINT = "follow_links=True / --follow-links"


class Article(NamedTuple):
    """A ``*.txt`` regular file to read: its printable relative name, its path, whether it lies in the root,
    and a note for the report (a name that is not valid UTF-8)."""

    rel: str
    path: str
    inside: bool = True
    note: str | None = None


def is_article_name(name: str) -> bool:
    """True for a ``*.txt`` name (any case)."""
    return name.lower().endswith(".txt")


def describe_mode(mode: int) -> str:
    """What kind of non-regular file ``mode`` is, in words.

    >>> import stat
    >>> describe_mode(stat.S_IFIFO)
    'a named pipe (FIFO)'
    """
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def _os_reason(err: OSError) -> str:
    if err.errno == errno.ENAMETOOLONG:
        return "path longer than the system allows (PATH_MAX)"
    if err.errno == errno.ELOOP:
        return "symbolic link loop"
    return err.strerror or type(err).__name__


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)




def walk_folder(root: str, report: LoadReport, *, follow_links: bool = False,
                exports: bool = False) -> tuple[list[Article], list[Problem]]:
    """Files to read under ``root`` (sorted by name) and the problems met; ignored entries go to ``report``.

    ``exports=True`` also returns news exports and archives (``.docx``, ``.rtf``, ``.html``, ``.htm``,
    ``.zip``); by default only ``*.txt`` files.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     for name in ["a.txt", "README.md", ".ipynb_checkpoints/a-checkpoint.txt"]:
    ...         p = pathlib.Path(d, name); p.parent.mkdir(exist_ok=True); _ = p.write_text("x")
    ...     report = LoadReport(d)
    ...     articles, problems = walk_folder(d, report)
    ...     [a.rel for a in articles], report.ignored_reasons
    (['a.txt'], {'.ipynb_checkpoints': 'Jupyter checkpoint folder (copies of notebooks and files)', \
'README.md': 'not a .txt article'})
    """
    root_real = os.path.realpath(root)
    articles, problems, ignored = [], [], []
    st = os.stat(root)
    visited = {(st.st_dev, st.st_ino)}
    linked: list[_LinkedFolder] = []
    stack = [(root, "", True)]  # real folders first; linked folders once those are done
    while stack or linked:
        if not stack:
            link = linked.pop(0)
            if link.key in visited:
                ignored.append((printable(link.rel), "symbolic link to a folder already read (a link cycle); "
                                                     "not followed again"))
                continue
            visited.add(link.key)
            stack.append((link.path, link.rel + "/", link.inside))
        folder, prefix, in_root = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as err:
            if not prefix:
                raise
            problems.append(Problem(printable(prefix.rstrip("/")), f"folder cannot be read ({_os_reason(err)})",
                                    "check its permissions and path length, or move it out of the corpus"))
            continue
        for entry in entries:
            rel = prefix + entry.name
            shown = printable(rel)
            try:
                found = _classify(entry, rel, shown, root_real, follow_links, visited, in_root, exports)
            except OSError as err:  # stat failed: vanished, permission, name too long
                found = Problem(shown, f"cannot be examined ({_os_reason(err)})", "check its permissions")
            if isinstance(found, Problem):
                problems.append(found)
            elif isinstance(found, Article):
                articles.append(found)
            elif isinstance(found, _LinkedFolder):
                linked.append(found)
            elif isinstance(found, tuple):  # a folder to enter
                stack.append(found)
            else:
                ignored.append((shown, found))
    for shown, reason in sorted(ignored):
        report.ignore(shown, reason)
    return sorted(articles), sorted(problems)


class _LinkedFolder(NamedTuple):
    path: str
    rel: str
    inside: bool
    key: tuple


def _classify(entry, rel, shown, root_real, follow_links, visited, in_root, exports=False):
    """Article, Problem, (folder, prefix) to enter, or the reason (str) to ignore the entry."""
    name = entry.name
    is_txt = is_source_name(name) if exports else is_article_name(name)
    if name == ".ipynb_checkpoints":
        return "Jupyter checkpoint folder (copies of notebooks and files)"
    if name.startswith("."):
        return "hidden (name starts with '.')"
    if entry.is_symlink():
        try:
            st = os.stat(entry.path)
        except OSError as err:
            why = "symbolic link loop" if err.errno == errno.ELOOP else f"broken symbolic link ({_os_reason(err)})"
            if is_txt:
                return Problem(shown, why, "fix or remove the link")
            return why
        target = os.path.realpath(entry.path)
        inside = _within(target, root_real)
        if stat.S_ISDIR(st.st_mode):
            if not follow_links:
                return f"symbolic link to a folder; not followed ({FOLLOW_HINT})"
            return _LinkedFolder(entry.path, rel, inside, (st.st_dev, st.st_ino))
        if not inside and not follow_links:
            why = f"symbolic link to a file outside the corpus folder; not read ({FOLLOW_HINT})"
            return Problem(shown, why, "copy the file into the corpus, or follow links") if is_txt else why
    else:
        st = entry.stat(follow_symlinks=False)
        inside = in_root
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        if (st.st_dev, st.st_ino) in visited:
            return "folder already read (mounted twice)"
        visited.add((st.st_dev, st.st_ino))
        if not os.access(entry.path, os.R_OK | os.X_OK):
            return Problem(shown, "folder cannot be read or entered (permission denied)",
                           "check its permissions (it needs r and x), or move it out of the corpus")
        return (entry.path, rel + "/", inside)
    if not stat.S_ISREG(mode):
        return f"{describe_mode(mode)}, not a regular file; never opened"
    if not is_txt:
        return "not a .txt article or news export" if exports else "not a .txt article"
    note = None if not has_surrogate(rel) else "path is not valid UTF-8 (bytes shown as \\xNN); rename it in UTF-8"
    return Article(shown, entry.path, inside, note)


def read_regular(path: str) -> bytes:
    """The bytes of a regular file; :class:`BadInput` for anything else, which is never read.

    The file is opened without blocking and checked again after opening, so a
    named pipe put in its place cannot hang the load.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise BadInput(f"{describe_mode(st.st_mode)}, not a regular file", "give a text file")
        fd = os.open(path, flags)
    except OSError as err:
        raise BadInput(f"cannot be read ({_os_reason(err)})", "check its permissions") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise BadInput(f"{describe_mode(st.st_mode)}, not a regular file", "give a text file")
        f = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with f:
        try:
            return f.read()
        except MemoryError:
            raise BadInput("too large to read into memory", "split it into smaller files") from None
        except OSError as err:
            raise BadInput(f"cannot be read ({_os_reason(err)})", "check its permissions") from None
