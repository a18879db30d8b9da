"""Find term-family matches: a fast counting path and a plain reference.

Both paths share one definition:

* every term compiles to one regular expression (:func:`termshift.terms.term_pattern`)
  matched against the NFKC-normalised, case-folded text;
* the *candidates* of a family are all ``(start, end, term)`` where a term's
  expression matches at ``start``;
* within a family, candidates are accepted longest first (ties: earlier
  start, then the term listed first) unless they overlap an accepted one, so
  each stretch of text counts once and the longest match wins;
* families are independent.

The reference path (:meth:`Matcher.find`) runs each term's expression over
the text and reports offsets in the original text (for KWIC). The fast path
(:meth:`Matcher.count`) finds candidate starts for all families in one pass
with an Aho-Corasick automaton over literal term prefixes, then confirms each
with the term's expression anchored at that position; tests check that the two
agree.
"""

from __future__ import annotations

import itertools
import os
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass

import numpy as np

from .terms import HYPHENS, TermSet, normalize_term, term_pattern

__all__ = ["Match", "Matcher", "count_tokens"]

# Every whitespace character: a key that ends in whitespace is entered once for
# each, so that a term's space finds any whitespace run, as ``\\s+`` does.
_WHITESPACE = [c for c in map(chr, range(0x3001)) if c.isspace()]

_ASCII_ALNUM = np.array([chr(i).isalnum() for i in range(128)], dtype=bool)


def count_tokens(text: str) -> int:
    """Number of word tokens: maximal runs of letters or digits.

    The same notion of "letter or digit" (``str.isalnum``) decides word
    boundaries for matching, so rates per token are consistent with counts.

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


@dataclass(frozen=True)
class Match:
    """One accepted match: offsets into the text given, family id and winning term."""

    start: int
    end: int
    family: str
    term: str
    text: str


def _resolve(cands):
    """Accept non-overlapping candidates, longest first.

    ``cands``: list of ``(start, end, term_index)``. Returns the accepted ones
    sorted by start.
    """
    if len(cands) < 2:
        return cands
    cands.sort()
    if all(a[1] <= b[0] for a, b in itertools.pairwise(cands)):
        return cands
    starts, ends, accepted = [], [], []
    for s, e, t in sorted(cands, key=lambda c: (c[0] - c[1], c[0], c[2])):
        i = bisect_left(starts, s)
        if (i > 0 and ends[i - 1] > s) or (i < len(starts) and starts[i] < e):
            continue
        starts.insert(i, s)
        ends.insert(i, e)
        accepted.insert(i, (s, e, t))
    return accepted


def _fold_with_map(text: str):
    """Case-fold ``text``; return (folded, offsets) with offsets[i] = index in text of folded[i]."""
    folded = text.casefold()
    if len(folded) == len(text):
        return folded, None
    pieces, offsets = [], []
    for i, ch in enumerate(text):
        f = ch.casefold()
        pieces.append(f)
        offsets.extend([i] * len(f))
    offsets.append(len(text))
    return "".join(pieces), offsets


def _prefix_keys(term: str) -> list[str]:
    """Literal keys whose occurrences must start every match of ``term``.

    Each hyphen variant of the normalised term is cut at its first wildcard or
    first whitespace (included, expanded over every whitespace character).
    """
    norm = normalize_term(term)
    parts = norm.split("-")
    keys = set()
    for joiners in itertools.product(list(HYPHENS) + [" ", ""], repeat=len(parts) - 1):
        variant = parts[0] + "".join(j + p for j, p in zip(joiners, parts[1:]))
        cut = len(variant)
        star = variant.find("*")
        space = variant.find(" ")
        if star >= 0:
            cut = star
        if space >= 0 and space < cut:
            keys.update(variant[:space] + w for w in _WHITESPACE)
            continue
        keys.add(variant[:cut])
    return sorted(keys)


class Matcher:
    """All families of a :class:`~termshift.terms.TermSet`, compiled once.

    Parameters
    ----------
    terms : TermSet

    Examples
    --------
    >>> from termshift.terms import TermSet
    >>> m = Matcher(TermSet.from_dict({"pre": ["pre-emptive", "pre-emptive strike"], "strike": ["strike"]}))
    >>> [(x.family, x.term, x.text) for x in m.find("A Pre-emptive strike, or a preemptive one?")]
    [('pre', 'pre-emptive strike', 'Pre-emptive strike'), ('strike', 'strike', 'strike'), ('pre', 'pre-emptive', 'preemptive')]
    >>> m.count("A Pre-emptive strike, or a preemptive one?")
    ([2, 1], [1, 1, 1])
    """

    def __init__(self, terms: TermSet):
        import ahocorasick
        import re

        self.terms = terms
        self.family_ids = list(terms)
        self.term_list = []  # (family index, term as written)
        self._regex = []
        for fi, fid in enumerate(self.family_ids):
            for term in terms[fid].terms:
                self.term_list.append((fi, term))
                self._regex.append(re.compile(term_pattern(term)))
        self._term_family = [fi for fi, _ in self.term_list]
        keys = {}
        for ti, (_, term) in enumerate(self.term_list):
            for key in _prefix_keys(term):
                keys.setdefault(key, []).append(ti)
        automaton = ahocorasick.Automaton()
        for key, tids in keys.items():
            automaton.add_word(key, (len(key), tuple(tids)))
        automaton.make_automaton()
        self._automaton = automaton

    def __reduce__(self):
        return (Matcher, (self.terms,))

    # ------------------------------------------------------------------ reference path
    def find(self, text: str) -> list[Match]:
        """Every accepted match in ``text``, in order of position (reference path).

        Offsets refer to ``text`` itself and ``Match.text`` is the match as
        written, provided the text is NFKC-normalised (as
        :func:`~termshift.load_corpus` leaves it); any other text is normalised
        first, as counting does, and offsets then refer to its normalised form.
        """
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        folded, offsets = _fold_with_map(text)
        per_family = [[] for _ in self.family_ids]
        for ti, regex in enumerate(self._regex):
            pos = 0
            while True:
                m = regex.search(folded, pos)
                if m is None:
                    break
                per_family[self._term_family[ti]].append((m.start(), m.end(), ti))
                pos = m.start() + 1
        out = []
        for fi, cands in enumerate(per_family):
            for s, e, ti in _resolve(cands):
                if offsets is not None:
                    s, e = offsets[s], offsets[e]
                out.append(Match(s, e, self.family_ids[fi], self.term_list[ti][1], text[s:e]))
        out.sort(key=lambda m: (m.start, self.family_ids.index(m.family)))
        return out

    # ------------------------------------------------------------------ fast path
    def _candidates(self, folded: str):
        per_family = {}
        regex = self._regex
        fam = self._term_family
        for end, (klen, tids) in self._automaton.iter(folded):
            start = end - klen + 1
            for ti in tids:
                m = regex[ti].match(folded, start)
                if m is not None:
                    per_family.setdefault(fam[ti], []).append((start, m.end(), ti))
        return per_family

    def count(self, text: str) -> tuple[list[int], list[int]]:
        """Matches per family and per term in one text (fast path)."""
        fam_counts = [0] * len(self.family_ids)
        term_counts = [0] * len(self.term_list)
        for fi, cands in self._candidates(text.casefold()).items():
            accepted = _resolve(cands)
            fam_counts[fi] = len(accepted)
            for _, _, ti in accepted:
                term_counts[ti] += 1
        return fam_counts, term_counts

    def count_many(self, texts, *, n_jobs: int | None = None, progress=None):
        """Count every text: returns ``(family_counts, term_counts, n_tokens)`` arrays.

        Parameters
        ----------
        texts : sequence of str
            NFKC-normalised texts (a list or a pandas Series).
        n_jobs : int, optional
            Worker processes. ``None`` uses every core once the texts exceed
            about 16 MB (below that, starting workers costs more than it saves).
        progress : bool or None
            Progress bar (shown after two seconds when ``None``).

        Returns
        -------
        family_counts : ndarray of shape (n_texts, n_families)
        term_counts : ndarray of shape (n_texts, n_terms)
        n_tokens : ndarray of shape (n_texts,)
        """
        n = len(texts)
        chunks = _chunks(texts)
        if n_jobs is None:
            n_jobs = (os.cpu_count() or 1) if _total_chars(texts) > 16_000_000 else 1
        results = []
        bar = _bar(n, progress)
        if n_jobs <= 1 or len(chunks) < 2:
            for a, b in chunks:
                results.append(_count_chunk(self, _slice(texts, a, b)))
                bar.update(b - a)
        else:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            global _FORK_TEXTS
            fork = "fork" in mp.get_all_start_methods()
            # With fork the workers inherit the texts: only index ranges and counts cross
            # process boundaries. Elsewhere (spawn) each chunk is sent to a worker.
            _FORK_TEXTS = texts if fork else None
            try:
                with ProcessPoolExecutor(n_jobs, mp_context=mp.get_context("fork" if fork else "spawn"),
                                         initializer=_init_worker, initargs=(self,)) as pool:
                    futures = [pool.submit(_count_range_worker, a, b) if fork
                               else pool.submit(_count_chunk_worker, _slice(texts, a, b)) for a, b in chunks]
                    for (a, b), fut in zip(chunks, futures):
                        results.append(fut.result())
                        bar.update(b - a)
            finally:
                _FORK_TEXTS = None
        bar.close()
        if not results:
            return (np.zeros((0, len(self.family_ids)), np.int64), np.zeros((0, len(self.term_list)), np.int64),
                    np.zeros(0, np.int64))
        fam = np.concatenate([r[0] for r in results])
        term = np.concatenate([r[1] for r in results])
        tok = np.concatenate([r[2] for r in results])
        return fam, term, tok


def _count_chunk(matcher: Matcher, texts):
    fam = np.zeros((len(texts), len(matcher.family_ids)), np.int64)
    term = np.zeros((len(texts), len(matcher.term_list)), np.int64)
    tok = np.zeros(len(texts), np.int64)
    for i, text in enumerate(texts):
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        f, t = matcher.count(text)
        fam[i] = f
        term[i] = t
        tok[i] = count_tokens(text)
    return fam, term, tok


_WORKER_MATCHER = None


def _init_worker(matcher):
    global _WORKER_MATCHER
    _WORKER_MATCHER = matcher


def _count_chunk_worker(texts):
    return _count_chunk(_WORKER_MATCHER, texts)


_FORK_TEXTS = None


def _count_range_worker(a, b):
    return _count_chunk(_WORKER_MATCHER, _slice(_FORK_TEXTS, a, b))


def _total_chars(texts) -> int:
    try:
        return int(texts.str.len().sum())
    except AttributeError:
        return sum(map(len, texts))


def _chunks(texts, target_chars: int = 4_000_000):
    """Index ranges of about ``target_chars`` characters each."""
    try:
        lengths = texts.str.len().to_numpy()
    except AttributeError:
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    out, start, acc = [], 0, 0
    for i, length in enumerate(lengths):
        acc += int(length)
        if acc >= target_chars:
            out.append((start, i + 1))
            start, acc = i + 1, 0
    if start < len(lengths):
        out.append((start, len(lengths)))
    return out


def _slice(texts, a, b):
    if hasattr(texts, "iloc"):
        return texts.iloc[a:b].tolist()
    return list(texts[a:b])


def _bar(total, progress):
    from tqdm import tqdm

    return tqdm(total=total, desc="counting", unit="doc", delay=2.0, leave=False,
                disable=(progress is False) if progress is not None else None)
