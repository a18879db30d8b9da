"""Every occurrence of a set of literal keys in a text: the candidate finder of the matcher.

Two interchangeable backends, with the same answer (tested on random texts and keys):

* ``"hyperscan"`` -- Intel's SIMD multi-literal matcher (PyPI ``hyperscan``,
  where its wheel installs); ASCII texts are scanned as bytes, other texts as
  UTF-32 (one code unit per character, so offsets stay character offsets);
* ``"ahocorasick"`` -- an Aho-Corasick automaton (PyPI ``pyahocorasick``), the
  fallback.

:func:`make_scanner` picks hyperscan when it imports, else pyahocorasick;
``TERMSHIFT_SCANNER=ahocorasick`` (or ``scanner=`` of
:class:`~termshift.matching.Matcher`) forces one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

__all__ = ["SCANNERS", "make_scanner", "default_scanner"]

#: The backends, fastest first.
SCANNERS = ("hyperscan", "ahocorasick")


def default_scanner() -> str:
    """The backend :func:`make_scanner` uses: ``$TERMSHIFT_SCANNER``, else hyperscan if it imports.

    >>> default_scanner() in SCANNERS
    True
    """
    forced = os.environ.get("TERMSHIFT_SCANNER")
    if forced in SCANNERS:
        return forced
    try:
        import hyperscan  # noqa: F401
    except ImportError:
        return "ahocorasick"
    return "hyperscan"


def make_scanner(keys: Mapping[str, object], scanner: str | None = None):
    """A scanner of ``keys`` (key -> value): ``.iter(text)`` yields ``(end, value)`` per occurrence.

    ``end`` is the index of the occurrence's last character (as pyahocorasick's
    ``Automaton.iter``); occurrences overlap freely; their order is unspecified.

    Examples
    --------
    >>> s = make_scanner({"ab": 1, "b": 2})
    >>> sorted(s.iter("abab"))
    [(1, 1), (1, 2), (3, 1), (3, 2)]
    """
    from .errors import ParameterError

    name = scanner or default_scanner()
    if name not in SCANNERS:
        raise ParameterError([f"scanner={scanner!r}: use one of {', '.join(SCANNERS)}"])
    if name == "hyperscan" and all(keys):
        try:
            return _Hyperscan(keys)
        except ImportError:
            if scanner == "hyperscan":
                raise ParameterError(["scanner='hyperscan': the package hyperscan is not installed; "
                                      "pip install hyperscan, or use scanner='ahocorasick'"]) from None
    return _AhoCorasick(keys)


class _AhoCorasick:
    name = "ahocorasick"

    def __init__(self, keys):
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for key, value in keys.items():
            automaton.add_word(key, value)
        automaton.make_automaton()
        self.iter = automaton.iter


def _escaped(key: bytes) -> bytes:
    """A literal as a hyperscan expression, every byte written ``\\xHH`` (NUL bytes included)."""
    return b"".join(b"\\x%02x" % b for b in key)


class _Hyperscan:
    """Hyperscan databases compiled on first use: ASCII keys as bytes, all keys as UTF-32-LE."""

    name = "hyperscan"

    def __init__(self, keys):
        import hyperscan

        self._hs = hyperscan
        self._keys = list(keys)
        self._values = list(keys.values())
        self._dbs: dict = {}

    def _db(self, kind: str):
        db = self._dbs.get(kind)
        if db is None:
            hs = self._hs
            if kind == "ascii":
                ids = [i for i, k in enumerate(self._keys) if k.isascii()]
                exprs = [_escaped(self._keys[i].encode("ascii")) for i in ids]
            else:
                ids = list(range(len(self._keys)))
                exprs = [_escaped(k.encode("utf-32-le")) for k in self._keys]
            if not ids:
                db = self._dbs[kind] = False
                return db
            db = hs.Database(mode=hs.HS_MODE_BLOCK)
            db.compile(expressions=exprs, ids=ids, elements=len(ids), flags=0)
            self._dbs[kind] = db
        return db

    def iter(self, text: str):
        if not text:
            return []
        values, out = self._values, []  # type: list, list[tuple[int, object]]
        add = out.append
        if text.isascii():
            db = self._db("ascii")
            if db:
                db.scan(text.encode("ascii"), match_event_handler=lambda i, f, t, fl, c: add((t - 1, values[i])))
            return out
        db = self._db("utf32")

        def on_match(i, f, t, fl, c):
            if not t & 3:  # a whole character: UTF-32 code units are aligned on 4 bytes
                add(((t >> 2) - 1, values[i]))

        db.scan(text.encode("utf-32-le"), match_event_handler=on_match)
        return out

    def __reduce__(self):
        return (_Hyperscan, (dict(zip(self._keys, self._values)),))
