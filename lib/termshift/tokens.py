"""The one token definition: what a "word" is, everywhere in termshift.

A token is a maximal run of letters or digits (``str.isalnum``; the regular
expression ``[^\\W_]+``), compared case-folded. The same definition gives

* the denominators of rates (``n_tokens`` in :func:`~termshift.count_terms`),
* the word boundaries of the whole-word matching rule,
* the words of keyness, TF-IDF, collocates and KWIC windows.

Keeping it in one module means a language-specific segmenter (the Japanese
issue) plugs in here and every statistic follows.

Examples
--------
>>> tokenize("Japan's Counter-strike: 2 options.")
['japan', 's', 'counter', 'strike', '2', 'options']
>>> count_tokens("Japan's Counter-strike: 2 options.")
6
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

__all__ = ["TOKEN_PATTERN", "tokenize", "token_spans", "count_tokens", "nfkc"]

#: The token as a regular expression: a maximal run of letters or digits.
TOKEN_PATTERN = r"[^\W_]+"
_TOKEN = re.compile(TOKEN_PATTERN)
_ASCII_ALNUM = np.array([chr(i).isalnum() for i in range(128)], dtype=bool)


def nfkc(text: str) -> str:
    """``text`` in Unicode normalisation form NFKC (unchanged if it already is).

    Examples
    --------
    >>> nfkc("ｶｳﾝﾀｰ ｓｔｒｉｋｅ")
    'カウンター strike'
    """
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text


def tokenize(text: str) -> list[str]:
    """Case-folded word tokens of ``text``.

    ``len(tokenize(t)) == count_tokens(t)`` for every text.

    Examples
    --------
    >>> tokenize("Straße, STRASSE")
    ['strasse', 'strasse']
    """
    return [t.casefold() for t in _TOKEN.findall(text)]


def token_spans(text: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """``(starts, ends, tokens)``: the offsets in ``text`` and case-folded form of each token.

    Examples
    --------
    >>> starts, ends, toks = token_spans("No first use.")
    >>> starts.tolist(), ends.tolist(), toks
    ([0, 3, 9], [2, 8, 12], ['no', 'first', 'use'])
    """
    found = [(m.start(), m.end(), m.group().casefold()) for m in _TOKEN.finditer(text)]
    if not found:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), []
    starts, ends, toks = zip(*found)
    return np.asarray(starts, np.int64), np.asarray(ends, np.int64), list(toks)


def count_tokens(text: str) -> int:
    """Number of tokens in ``text``, without building them (vectorised).

    Examples
    --------
    >>> count_tokens("Japan's counter-strike: 2 options.")
    6
    >>> count_tokens("") , count_tokens("—")
    (0, 0)
    """
    if not text:
        return 0
    if text.isascii():
        w = _ASCII_ALNUM[np.frombuffer(text.encode("ascii"), dtype=np.uint8)]
    else:
        cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        w = np.empty(cp.shape, dtype=bool)
        small = cp < 128
        w[small] = _ASCII_ALNUM[cp[small]]
        big = ~small
        uniq, inv = np.unique(cp[big], return_inverse=True)
        w[big] = np.array([chr(c).isalnum() for c in uniq], dtype=bool)[inv]
    return int(w[0]) + int(np.count_nonzero(w[1:] & ~w[:-1]))
