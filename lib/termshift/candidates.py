"""Candidate matches as arrays: from scanner hits to accepted matches without a loop per hit.

The fast path of :class:`~termshift.matching.Matcher` gets, for one folded text,
the end and key of every occurrence of a literal prefix key. This module turns
them into counts with whole-array operations wherever the rules allow:

1. :func:`expand` -- each occurrence becomes one ``(start, term)`` pair per term
   that key starts (a key may start several terms);
2. :func:`literal_ok` -- a *literal* term (one piece, no ``*``, no space or
   hyphen: ``war``, ``反撃能力``) is its key, so it matches exactly where its two
   edges hold: no non-CJK word character (:func:`termshift.terms.is_noncjk_word_char`)
   just before it, unless it starts with a CJK character, and none just after
   it, unless it ends with one -- what its expression's lookarounds say, checked
   for all occurrences at once; other terms are confirmed by their expression
   (or automaton) one by one, as before;
3. :func:`accept` -- within a family, a candidate that overlaps no other is
   accepted as it is (the rule of the longest match only decides between
   overlapping ones); overlapping groups, rare, go to the rule itself
   (:func:`termshift.matching.resolve_group`).

Tests check the whole path against the reference path and a naive
implementation on random terms and texts.
"""

from __future__ import annotations

import functools

import numpy as np

from .terms import is_noncjk_word_char

__all__ = ["expand", "literal_ok", "accept"]


def expand(ends: np.ndarray, keys: np.ndarray, key_len: np.ndarray, key_ptr: np.ndarray, key_terms: np.ndarray):
    """``(starts, terms)``: one pair per occurrence and term its key starts.

    ``key_ptr``/``key_terms`` list each key's terms (``key_terms[key_ptr[k]:key_ptr[k + 1]]``).

    >>> expand(np.array([2, 9]), np.array([1, 0]), np.array([2, 3]), np.array([0, 1, 3]), np.array([5, 6, 7]))
    (array([0, 0, 8]), array([6, 7, 5]))
    """
    starts = ends - key_len[keys] + 1
    first, n = key_ptr[keys], key_ptr[keys + 1] - key_ptr[keys]
    if (n == 1).all():
        return starts, key_terms[first]
    rows = np.repeat(np.arange(len(keys)), n)
    within = np.arange(len(rows)) - np.repeat(np.cumsum(n) - n, n)
    return starts[rows], key_terms[first[rows] + within]


def literal_ok(folded: str, starts: np.ndarray, ends: np.ndarray, free_start: np.ndarray,
               free_end: np.ndarray) -> np.ndarray:
    """Whether each literal occurrence ``folded[starts[i]:ends[i]]`` has whole-word edges.

    ``free_start``/``free_end``: the term starts/ends with a CJK character (no boundary needed).

    >>> literal_ok("war, warfare, toward war", np.array([0, 5, 16, 21]), np.array([3, 8, 19, 24]),
    ...            np.zeros(4, bool), np.zeros(4, bool))
    array([ True, False, False,  True])
    """
    n = len(folded)
    if not len(starts):
        return np.zeros(0, bool)
    k = len(starts)
    word = _word_at(folded, np.concatenate([np.maximum(starts - 1, 0), np.minimum(ends, n - 1)]))
    bad = (~free_start & (starts > 0) & word[:k]) | (~free_end & (ends < n) & word[k:])
    return ~bad


def _word_at(folded: str, positions: np.ndarray) -> np.ndarray:
    """Whether the characters at ``positions`` are non-CJK word characters."""
    if folded.isascii():
        return _ASCII_WORD[np.frombuffer(folded.encode("ascii"), np.uint8)[positions]]
    cp = np.frombuffer(folded.encode("utf-32-le", "surrogatepass"), np.uint32)[positions]
    bmp = cp < 0x10000
    out = np.zeros(len(cp), bool)
    out[bmp] = _bmp_word()[cp[bmp]]
    if not bmp.all():
        out[~bmp] = [is_noncjk_word_char(chr(c)) for c in cp[~bmp].tolist()]
    return out


_ASCII_WORD = np.array([chr(i).isalnum() for i in range(256)], bool) & (np.arange(256) < 128)


@functools.cache
def _bmp_word() -> np.ndarray:
    """:func:`~termshift.terms.is_noncjk_word_char` for every character of the BMP."""
    from .language import CJK_CLASS, bmp_marks, bmp_table

    return (bmp_table(r"[^\W_]") | bmp_marks()) & ~bmp_table(f"[{CJK_CLASS}]")


def accept(starts: np.ndarray, ends: np.ndarray, terms: np.ndarray, families: np.ndarray, resolve_group, *,
           with_spans: bool = False):
    """The accepted candidates' terms (in no particular order): lone ones as they are, overlapping
    groups by ``resolve_group``.

    ``resolve_group(group, lo, hi)`` takes a list of ``(start, end, term)`` that overlap
    one another (spanning ``lo:hi``) and returns the accepted ones. ``with_spans``: return
    ``(starts, ends, terms)`` of the accepted ones.

    >>> take_longest = lambda g, lo, hi: [max(g, key=lambda c: c[1] - c[0])]
    >>> won = accept(np.array([0, 4, 10]), np.array([9, 9, 13]), np.array([0, 1, 1]), np.array([0, 0, 0]),
    ...              take_longest)
    >>> sorted(won.tolist())  # (0, 9) wins over (4, 9); (10, 13) overlaps nothing
    [0, 1]
    """
    if len(starts) < 2:
        return (starts, ends, terms) if with_spans else terms
    order = np.lexsort((ends, starts, families))
    s, e, t, f = starts[order], ends[order], terms[order], families[order]
    big = np.int64(1) << 40  # families apart: a running maximum never carries over from one to the next
    reach = np.maximum.accumulate(e + f * big) - f * big
    joins = np.zeros(len(s), bool)
    joins[1:] = (f[1:] == f[:-1]) & (s[1:] < reach[:-1])  # overlaps what came before in its family
    if not joins.any():
        return (s, e, t) if with_spans else t
    first = np.flatnonzero(~joins)  # groups are runs of the sorted candidates
    bounds = np.append(first, len(s))
    size = np.diff(bounds)
    lone = np.repeat(size == 1, size)
    out_s, out_e, out_t = [s[lone]], [e[lone]], [t[lone]]
    for a, b in zip(first[size > 1].tolist(), bounds[1:][size > 1].tolist()):
        members = list(zip(s[a:b].tolist(), e[a:b].tolist(), t[a:b].tolist()))
        won = resolve_group(members, int(s[a]), int(reach[b - 1]))
        out_s.append(np.array([c[0] for c in won], np.int64))
        out_e.append(np.array([c[1] for c in won], np.int64))
        out_t.append(np.array([c[2] for c in won], np.int64))
    if with_spans:
        return np.concatenate(out_s), np.concatenate(out_e), np.concatenate(out_t)
    return np.concatenate(out_t)
