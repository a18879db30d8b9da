"""Every occurrence of a set of literal keys in a text: the candidate finder of the matcher.

Two interchangeable backends, with the same answer (tested on random texts and keys):

* ``"hyperscan"`` -- Intel's SIMD multi-literal matcher (PyPI ``hyperscan``,
  where its wheel installs). Texts are scanned as UTF-8 bytes; a UTF-8 key can
  only match at a character boundary (the encoding is self-synchronising), and
  a byte offset becomes a character offset by subtracting the continuation
  bytes before it (located once per text, and only in non-ASCII texts);
* ``"ahocorasick"`` -- an Aho-Corasick automaton (PyPI ``pyahocorasick``), the
  fallback.

:func:`make_scanner` picks hyperscan when it imports, else pyahocorasick;
``TERMSHIFT_SCANNER=ahocorasick`` (or ``scanner=`` of
:class:`~termshift.matching.Matcher`) forces one.

Keys given in ``bounded`` are reported only where no ASCII lower-case letter
or digit precedes them: the matcher asks this for terms with a whole-word left
edge (any other preceding character is left to the matcher's own check). With
hyperscan the filter is applied to all occurrences of a text at once, with
arrays, so the occurrences inside words (``al`` in ``national``) never reach
the matcher's per-occurrence Python.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping

import numpy as np

__all__ = ["SCANNERS", "make_scanner", "default_scanner", "BOUNDARY_CHARS"]

#: The backends, fastest first.
SCANNERS = ("hyperscan", "ahocorasick")

#: The characters that may not precede a key in ``bounded`` (a case-folded text has no A-Z).
BOUNDARY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


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


def make_scanner(keys: Mapping[str, object], scanner: str | None = None, *, bounded: Collection[str] = ()):
    """A scanner of ``keys`` (key -> value): ``.iter(text)`` lists ``(end, value)`` per occurrence.

    ``end`` is the index of the occurrence's last character (as pyahocorasick's
    ``Automaton.iter``); occurrences overlap freely; their order is unspecified.
    An occurrence of a key in ``bounded`` right after a character of
    :data:`BOUNDARY_CHARS` is not reported.

    Examples
    --------
    >>> s = make_scanner({"ab": 1, "b": 2})
    >>> sorted(s.iter("abab"))
    [(1, 1), (1, 2), (3, 1), (3, 2)]
    >>> sorted(make_scanner({"ab": 1, "b": 2}, bounded={"b"}).iter("abab b"))
    [(1, 1), (3, 1), (5, 2)]
    """
    from .errors import ParameterError

    name = scanner or default_scanner()
    if name not in SCANNERS:
        raise ParameterError([f"scanner={scanner!r}: use one of {', '.join(SCANNERS)}"])
    bounded = frozenset(bounded) & frozenset(keys)
    if name == "hyperscan" and all(keys):
        try:
            return _Hyperscan(keys, bounded)
        except ImportError:
            if scanner == "hyperscan":
                raise ParameterError(["scanner='hyperscan': the package hyperscan is not installed; "
                                      "pip install hyperscan, or use scanner='ahocorasick'"]) from None
    return _AhoCorasick(keys, bounded)


class _AhoCorasick:
    name = "ahocorasick"

    def __init__(self, keys, bounded=frozenset()):
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for key, value in keys.items():
            automaton.add_word(key, (len(key), key in bounded, value))
        automaton.make_automaton()
        self._iter = automaton.iter

    def compile(self):
        """Nothing to do (the automaton is built at once); as :meth:`_Hyperscan.compile`."""
        return self

    def iter(self, text: str):
        before = BOUNDARY_CHARS
        return [(end, value) for end, (klen, bound, value) in self._iter(text)
                if not (bound and end >= klen and text[end - klen] in before)]

    def arrays(self, text: str):
        """``(ends, values)`` as integer arrays (the values must be integers): what :meth:`iter` lists."""
        hits = self.iter(text)
        if not hits:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        ends, values = zip(*hits)
        return np.array(ends, np.int64), np.array(values, np.int64)


def _escaped(key: bytes) -> bytes:
    """A literal as a hyperscan expression, every byte written ``\\xHH`` (NUL bytes included)."""
    return b"".join(b"\\x%02x" % b for b in key)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


#: Per byte: an ASCII lower-case letter or digit (:data:`BOUNDARY_CHARS`).
_WORD_BYTE = np.zeros(256, bool)
_WORD_BYTE[list(b"abcdefghijklmnopqrstuvwxyz0123456789")] = True


#: Bounded keys of at most this many characters carry the filter in their expression (a class
#: in front); the others are filtered with arrays after the scan.
_SHORT = 3


class _Hyperscan:
    """One hyperscan database of the keys as UTF-8 literals, compiled on first use (:meth:`compile`).

    The boundary filter: short bounded keys (``al``, ``war``, ``tax``: those that occur inside
    words most) carry it in their expression, ``(?:^|[^a-z0-9])`` in front, so that those
    occurrences never reach Python; for the others it is applied to all occurrences at once
    with arrays after the scan (the byte before each), because the class makes an expression
    about a millisecond slower to compile, several times what the occurrences it spares cost.
    """

    name = "hyperscan"

    def __init__(self, keys, bounded=frozenset()):
        import hyperscan

        self._hs = hyperscan
        self._keys = dict(keys)
        self._bounded = bounded
        self._values = list(keys.values())
        self._identity = self._values == list(range(len(self._values)))  # values are the keys' positions
        encoded = [_utf8(k) for k in keys]
        short = [k in bounded and len(k) <= _SHORT for k in keys]
        self._exprs = [(b"(?:^|[^a-z0-9])" if s else b"") + _escaped(k) for k, s in zip(encoded, short)]
        self._bytes = np.array([len(k) for k in encoded], np.int64)
        self._is_bounded = np.array([k in bounded and not s for k, s in zip(keys, short)], bool)
        self._db = None

    def compile(self):
        """Compile the database now (before forking workers, so that they share it)."""
        if self._db is None:
            hs = self._hs
            db = hs.Database(mode=hs.HS_MODE_BLOCK)
            db.compile(expressions=self._exprs, ids=list(range(len(self._exprs))), elements=len(self._exprs),
                       flags=0)
            self._db = db
        return self._db

    def _scan(self, text: str):
        """``(ends, key positions)`` of the occurrences, as integer arrays."""
        empty = np.zeros(0, np.int64)
        if not text:
            return empty, empty
        hits: list[int] = []
        add = hits.append

        def on_match(i, f, t, fl, c):  # one packed integer per occurrence: end << 32 | key
            add(t << 32 | i)

        data = _utf8(text)
        self.compile().scan(data, match_event_handler=on_match)
        if not hits:
            return empty, empty
        packed = np.array(hits, np.int64)
        at, which = packed >> 32, packed & 0xFFFFFFFF
        raw = np.frombuffer(data, np.uint8)
        if self._is_bounded.any():  # bounded keys right after an ASCII letter or digit are dropped
            start = at - self._bytes[which]
            drop = self._is_bounded[which] & (start > 0) & _WORD_BYTE[raw[np.maximum(start - 1, 0)]]
            at, which = at[~drop], which[~drop]
        if len(data) != len(text):  # byte ends to character indices: minus the continuation bytes before
            cont = np.flatnonzero((raw & 0xC0) == 0x80)
            at = at - np.searchsorted(cont, at)
        return at - 1, which

    def arrays(self, text: str):
        """``(ends, values)`` as integer arrays (the values must be integers): what :meth:`iter` lists."""
        ends, which = self._scan(text)
        return ends, (which if self._identity else np.asarray(self._values, np.int64)[which])

    def iter(self, text: str):
        ends, which = self._scan(text)
        if self._identity:
            return list(zip(ends.tolist(), which.tolist()))
        values = self._values
        return [(t, values[i]) for t, i in zip(ends.tolist(), which.tolist())]

    def __reduce__(self):
        return (_Hyperscan, (self._keys, self._bounded))
