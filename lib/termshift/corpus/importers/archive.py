"""``.zip`` archives of exports, read in place (nothing is unpacked to disk).

Each member is an entry of the corpus like a file in a folder, named
``archive.zip/member``: read, skipped with its reason, or ignored (folders,
hidden files, ``__MACOSX`` resource forks, files that are no source). Limits keep
a hostile archive from exhausting memory: a member over :data:`MAX_MEMBER_BYTES`
uncompressed, or an archive over :data:`MAX_ARCHIVE_BYTES` in total, is bad
input; encrypted members are named; archives inside archives are not opened.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import NamedTuple

from ..report import BadInput, printable

__all__ = ["Member", "zip_members", "is_zip", "MAX_MEMBER_BYTES", "MAX_ARCHIVE_BYTES"]

#: Largest uncompressed member read (bytes).
MAX_MEMBER_BYTES = 512 * 1024 * 1024
#: Largest total of uncompressed members read from one archive (bytes).
MAX_ARCHIVE_BYTES = 4 * 1024 * 1024 * 1024


class Member(NamedTuple):
    """One archive member: its printable name, and its bytes, or why it is skipped or ignored."""

    name: str
    data: bytes | None = None
    skip: BadInput | None = None
    ignore: str | None = None


def is_zip(data: bytes) -> bool:
    """True for bytes that start like a ZIP archive (DOCX files are ZIP archives too)."""
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def zip_members(data: bytes, is_source) -> Iterator[Member]:
    """Each member of a ZIP archive, in name order; :class:`BadInput` when the archive cannot be read.

    ``is_source(name)`` says whether a member's name is a file to read.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = sorted(archive.infolist(), key=lambda i: i.filename)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as err:
        raise BadInput(f"not a readable ZIP archive ({printable(err)})", "re-create the archive") from None
    if not infos:
        raise BadInput("empty ZIP archive", "add the exports to it, or remove it")
    total = 0
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
            elif info.file_size > MAX_MEMBER_BYTES or total + info.file_size > MAX_ARCHIVE_BYTES:
                yield Member(name, skip=BadInput(f"archive member too large ({info.file_size} bytes unpacked)",
                                                 "unpack the archive and split the file"))
            else:
                total += info.file_size
                try:
                    with archive.open(info) as fh:
                        content = fh.read(MAX_MEMBER_BYTES + 1)
                except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError,
                        RuntimeError) as err:
                    yield Member(name, skip=BadInput(f"archive member cannot be read ({printable(err)})",
                                                     "re-create the archive"))
                    continue
                if len(content) > MAX_MEMBER_BYTES:
                    yield Member(name, skip=BadInput("archive member too large", "unpack and split it"))
                else:
                    yield Member(name, data=content)
