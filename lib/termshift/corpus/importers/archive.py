"""``.zip`` archives of exports, read in place (nothing is unpacked to disk).

Each member is an entry of the corpus like a file in a folder, named
``archive.zip/member``: read, skipped with its reason, or ignored (folders,
hidden files, ``__MACOSX`` resource forks, files that are no source). Members
are handed on one at a time (only one member's bytes are held at once), and the
bounds of :mod:`termshift.bounds` keep a hostile archive from exhausting
memory: a member is refused by its *declared* size before it is read, and by its
*actual* size while it is streamed (an archive can lie about sizes); members past
the archive's total (``archive_bytes``) are skipped by name; an archive with more
than ``archive_members`` members is bad input. Encrypted members are named;
archives inside archives are not opened.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import NamedTuple

from ..bounds import limit, past
from ..report import BadInput, printable

__all__ = ["Member", "zip_members", "is_zip", "read_member", "ZIP_ERRORS"]

#: What reading a damaged archive or member can raise.
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError,
              RuntimeError, KeyError)
_CHUNK = 1 << 20


class Member(NamedTuple):
    """One archive member: its printable name, and its bytes, or why it is skipped or ignored."""

    name: str
    data: bytes | None = None
    skip: BadInput | None = None
    ignore: str | None = None


def is_zip(data: bytes) -> bool:
    """True for bytes that start like a ZIP archive (DOCX files are ZIP archives too)."""
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, bound: str, what: str) -> bytes:
    """The bytes of one member, streamed: :class:`BadInput` past the bound ``bound`` by its declared size
    (before reading) or by the bytes it really unpacks to (reading stops one chunk past the bound).

    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w") as z:
    ...     z.writestr("a.txt", "date 2022-01-01 Body.")
    >>> read_member(zipfile.ZipFile(buf), zipfile.ZipFile(buf).getinfo("a.txt"), "source_bytes", "member")
    b'date 2022-01-01 Body.'
    """
    most = limit(bound)
    if info.file_size > most:
        raise past(bound, info.file_size, f"{what} (declared size)")
    chunks, size = [], 0
    try:
        with archive.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                size += len(chunk)
                if size > most:
                    raise past(bound, size, f"{what} (unpacked so far, more than declared)")
                chunks.append(chunk)
    except BadInput:
        raise
    except ZIP_ERRORS as err:
        raise BadInput(f"{what} cannot be read ({printable(err)})", "re-create the archive") from None
    return b"".join(chunks)


def zip_members(data: bytes, is_source) -> Iterator[Member]:
    """Each member of a ZIP archive, in name order, read one at a time; :class:`BadInput` (on the first
    ``next``) when the archive cannot be read or holds more members than the bound.

    ``is_source(name)`` says whether a member's name is a file to read.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except ZIP_ERRORS as err:
        raise BadInput(f"not a readable ZIP archive ({printable(err)})", "re-create the archive") from None
    if not infos:
        raise BadInput("empty ZIP archive", "add the exports to it, or remove it")
    if len(infos) > limit("archive_members"):
        raise past("archive_members", len(infos), "ZIP archive")
    infos = sorted(infos, key=lambda i: i.filename)
    total, most = 0, limit("archive_bytes")
    with archive:
        for info in infos:
            name = printable(info.filename)
            parts = info.filename.rstrip("/").split("/")
            if info.is_dir():
                continue  # folders are not entries; their files are
            if any(p.startswith(".") for p in parts) or parts[0] == "__MACOSX":
                yield Member(name, ignore="hidden or macOS resource file in the archive")
            elif not is_source(info.filename):
                yield Member(name, ignore="not an export or .txt article")
            elif info.flag_bits & 0x1:
                yield Member(name, skip=BadInput("encrypted archive member", "unpack it with its password"))
            elif total + info.file_size > most:
                yield Member(name, skip=past("archive_bytes", total + info.file_size,
                                             "archive unpacked up to this member (declared sizes)"))
            else:
                try:
                    content = read_member(archive, info, "source_bytes", "archive member")
                except BadInput as bad:
                    yield Member(name, skip=bad)
                    continue
                total += len(content)
                yield Member(name, data=content)
