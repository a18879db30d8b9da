"""Find term-family matches: a fast counting path and a plain reference.

Both paths share one definition:

* every term is parsed once (:func:`termshift.terms.parse_term`) and matched
  against the NFKC-normalised, case-folded text, by its regular expression
  (:func:`termshift.terms.term_pattern`) or, for a term whose ``*`` is
  followed by a hyphen (``counter*-strike``), by a linear-time automaton;
* the *candidates* of a family are all ``(start, end, term)`` where a term
  matches from ``start``, ``end`` being the longest match from there;
* within a family, candidates are accepted longest first (ties: earlier
  start, then the term listed first) unless they overlap an accepted one, so
  each stretch of text counts once and the longest match wins;
* families are independent;
* a line break (with the spaces around it) between two CJK characters is
  removed before matching (hard-wrapped Japanese text: 反撃\\n能力 is 反撃能力),
  and at a CJK edge of a term no word boundary is required
  (:attr:`termshift.terms.TermParts.cjk_start`, ``cjk_end``).

The reference path (:meth:`Matcher.find`) runs each term over the text and
reports offsets in the original text (for KWIC). The fast path
(:meth:`Matcher.count`) finds candidate starts for all families in one pass
with a multi-literal scanner over literal term prefixes (hyperscan where it installs, else an
Aho-Corasick automaton: :mod:`termshift.scanner`), then confirms each
with the term's expression (or automaton) anchored at that position; tests
check that the two agree, and both against a naive implementation.

Costs, for a fixed term set: compiling is polynomial in each term (at most
``_MAX_KEYS`` prefix keys per term, one expression per term); matching is
linear in the text (no expression can backtrack: wildcards, whitespace runs
and hyphen slots never give characters back; terms where a wildcard must be
able to give characters back use the automaton); resolving overlaps is
``O(k log k)`` for ``k`` candidates plus the length of the overlapping ones.
Memory: one case-folded copy of a text, folded in windows (no per-character
offset table: the few characters whose case folding changes length are
located with a regular expression), and tokens are counted in windows too, so
working memory beyond the text is about twice its folded copy.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass

import numpy as np

from .candidates import accept, expand, literal_ok
from .folding import WINDOW, casefold_windowed, has_marks, offset_map, prepare_text
from .language import cjk_line_breaks, detect_language, join_cjk_lines_mapped
from .scanner import make_scanner
from .terms import HYPHENS, TermParts, TermSet, is_noncjk_word_char, parse_term, term_pattern
from .tokens import count_tokens, nfkc, remember_token_count, token_starts

__all__ = ["Match", "Matcher", "count_tokens"]

# Every whitespace character: a key that ends in whitespace is entered once for
# each, so that a term's space finds any whitespace run, as ``\\s+`` does.
_WHITESPACE = [c for c in map(chr, range(0x3001)) if c.isspace()]

#: Most prefix keys per term (the variants of a term's first hyphenated word are entered into the
#: Aho-Corasick automaton only as long as they stay below this; any prefix of a match will do).
_MAX_KEYS = 1024

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
    sorted by start. Candidates are split into groups that overlap only among
    themselves (one sweep in start order); a group of one is accepted as it is,
    and in a larger group the longest-first rule is applied with a painted
    array of the group's span, so the cost is ``O(k log k)`` for ``k``
    candidates plus the total length of the overlapping ones.
    """
    if len(cands) < 2:
        return cands
    cands.sort()
    out = []
    i, n = 0, len(cands)
    while i < n:
        lo, reach = cands[i][0], cands[i][1]
        j = i + 1
        while j < n and cands[j][0] < reach:
            if cands[j][1] > reach:
                reach = cands[j][1]
            j += 1
        if j == i + 1:
            out.append(cands[i])
        else:
            out.extend(_resolve_group(cands[i:j], lo, reach))
        i = j
    return out


def _resolve_group(group, lo, hi):
    paint = bytearray(hi - lo)
    accepted = []
    for s, e, t in sorted(group, key=lambda c: (c[0] - c[1], c[0], c[2])):
        if paint.find(1, s - lo, e - lo) < 0:
            paint[s - lo:e - lo] = b"\x01" * (e - s)
            accepted.append((s, e, t))
    accepted.sort()
    return accepted


def _prefix_keys(term: str) -> list[str]:
    """Literal keys whose occurrences must start every match of ``term``.

    The term's first word is followed piece by piece: a hyphen slot continues
    each key with each hyphen character or with nothing, or ends it with one
    whitespace character; a wildcard or a space ends every key. Following stops
    before the keys would exceed ``_MAX_KEYS``, so the number of keys is bounded
    (a term with many hyphens no longer enumerates 5 variants per hyphen) and
    every match still starts with one of them.
    """
    parts = parse_term(term)
    done: set[str] = set()
    grow = {""}
    for i, (lit, wild) in enumerate(parts.pieces):
        grow = {k + lit for k in grow}
        if wild or i == len(parts.seps):
            break
        if parts.seps[i] == "space":
            if len(done) + len(grow) * len(_WHITESPACE) <= _MAX_KEYS:
                done |= {k + w for k in grow for w in _WHITESPACE}
                grow = set()
            break
        if len(done) + len(grow) * (len(HYPHENS) + 1 + len(_WHITESPACE)) > _MAX_KEYS:
            break
        done |= {k + w for k in grow for w in _WHITESPACE}
        grow = {k + j for k in grow for j in (*HYPHENS, "")}
    return sorted(done | grow)


class _LazyPattern:
    """A regular expression compiled on its first use."""

    __slots__ = ("pattern", "_compiled")

    def __init__(self, pattern: str):
        self.pattern, self._compiled = pattern, None

    def _get(self):
        if self._compiled is None:
            self._compiled = re.compile(self.pattern)
        return self._compiled

    def match(self, string, pos=0):
        return self._get().match(string, pos)

    def search(self, string, pos=0):
        return self._get().search(string, pos)


_ACCEPT = ("accept",)


class _TermAutomaton:
    """Longest match of one term from a given start, in time linear in the text it reads.

    A Thompson automaton of the term (states: inside a literal, inside a
    wildcard, after a piece waiting for a hyphen or whitespace, inside a
    whitespace run), simulated on sets of states that are cached as a lazy DFA.
    Used for the terms whose regular expression could backtrack
    (:attr:`termshift.terms.TermParts.backtracks`); it implements the same
    rules (tests compare it with the regular expressions and the naive
    implementation).
    """

    _MAX_STATES = 4096

    def __init__(self, parts: TermParts):
        self.pieces, self.seps = parts.pieces, parts.seps
        self.cjk_start, self._free_end = parts.cjk_start, parts.cjk_end
        self._literal_chars = frozenset(c for lit, _ in self.pieces for c in lit)
        self._char_info: dict = {}
        self._reset()

    def _reset(self):
        self._ids: dict = {}
        self._sets: list = []
        self._accepts: list = []
        self._moves: list = []
        self._start = self._intern(self._closure([("L", 0, 0)]))

    def _intern(self, states: frozenset) -> int:
        if not states:
            return -1
        sid = self._ids.get(states)
        if sid is None:
            sid = self._ids[states] = len(self._sets)
            self._sets.append(states)
            self._accepts.append(_ACCEPT in states)
            self._moves.append({})
        return sid

    def _closure(self, todo) -> frozenset:
        out, seen = set(), set()
        last = len(self.pieces) - 1
        while todo:
            st = todo.pop()
            if st in seen:
                continue
            seen.add(st)
            kind, k = st[0], st[1]
            if kind == "L":
                lit, wild = self.pieces[k]
                if st[2] < len(lit):
                    out.add(st)
                else:
                    todo.append(("W", k) if wild else ("D", k))
            elif kind == "W":
                out.add(st)
                todo.append(("D", k))
            elif kind == "D":  # piece k complete
                if k == last:
                    out.add(_ACCEPT)
                else:
                    out.add(("G", k))
                    if self.seps[k] == "hyphen":
                        todo.append(("L", k + 1, 0))  # the hyphen matches nothing
            elif kind == "S":
                out.add(st)
                todo.append(("L", k + 1, 0))
        return frozenset(out)

    def _info(self, ch: str):
        info = self._char_info.get(ch)
        if info is None:
            word = is_noncjk_word_char(ch)
            key = ch if ch in self._literal_chars else (word, ch.isspace(), ch in HYPHENS)
            if len(self._char_info) > 100_000:
                self._char_info.clear()
            info = self._char_info[ch] = (key, word)
        return info

    def _move(self, sid: int, key, ch: str) -> int:
        word, space, hyphen = is_noncjk_word_char(ch), ch.isspace(), ch in HYPHENS
        nxt: list[tuple] = []
        for st in self._sets[sid]:
            kind = st[0]
            if kind == "L":
                if self.pieces[st[1]][0][st[2]] == ch:
                    nxt.append(("L", st[1], st[2] + 1))
            elif kind == "W":
                if word:
                    nxt.append(st)
            elif kind == "G":
                if space:
                    nxt.append(("S", st[1]))
                elif hyphen and self.seps[st[1]] == "hyphen":
                    nxt.append(("L", st[1] + 1, 0))
            elif kind == "S":
                if space:
                    nxt.append(st)
        target = self._intern(self._closure(nxt))
        self._moves[sid][key] = target
        return target

    def longest(self, text: str, start: int) -> int:
        """End of the longest match starting at ``start`` (the left boundary is the caller's), or -1."""
        if len(self._sets) > self._MAX_STATES:
            self._reset()
        sid, best, p, n = self._start, -1, start, len(text)
        accepts, moves, info, free_end = self._accepts, self._moves, self._info, self._free_end
        while True:
            if p == n:
                return p if accepts[sid] else best
            key, word = info(text[p])
            if accepts[sid] and (free_end or not word):
                best = p
            nxt = moves[sid].get(key)
            if nxt is None:
                nxt = self._move(sid, key, text[p])
            if nxt < 0:
                return best
            sid = nxt
            p += 1


class Matcher:
    """All families of a :class:`~termshift.terms.TermSet`, compiled once.

    Parameters
    ----------
    terms : TermSet
    scanner : {"hyperscan", "ahocorasick"}, optional
        Candidate finder (:mod:`termshift.scanner`; default: hyperscan where it installs).

    Examples
    --------
    >>> from termshift.terms import TermSet
    >>> m = Matcher(TermSet.from_dict({"pre": ["pre-emptive", "pre-emptive strike"], "strike": ["strike"]}))
    >>> [(x.family, x.term, x.text) for x in m.find("A Pre-emptive strike, or a preemptive one?")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('pre', 'pre-emptive strike', 'Pre-emptive strike'), ('strike', 'strike', 'strike'),
     ('pre', 'pre-emptive', 'preemptive')]
    >>> m.count("A Pre-emptive strike, or a preemptive one?")
    ([2, 1], [1, 1, 1])
    """

    def __init__(self, terms: TermSet, *, scanner: str | None = None):
        self.terms, self.scanner = terms, scanner
        self.family_ids = list(terms)
        self.term_list = []  # (family index, term as written)
        parts = []
        for fi, fid in enumerate(self.family_ids):
            for term in terms[fid].terms:
                self.term_list.append((fi, term))
                parts.append(parse_term(term))
        self._term_family = [fi for fi, _ in self.term_list]
        self._automata = [_TermAutomaton(p) if p.backtracks else None for p in parts]
        self._first_literal = [p.pieces[0][0] for p in parts]
        self._compiled: dict = {}
        keys: dict[str, list[int]] = {}
        for ti, (_, term) in enumerate(self.term_list):
            for key in _prefix_keys(term):
                keys.setdefault(key, []).append(ti)
        # A term with a Latin left edge never matches right after a letter or digit: the scanner
        # leaves those occurrences out (its check is a subset of the one made at confirmation).
        bounded = {k for k, tids in keys.items() if not any(parts[ti].cjk_start for ti in tids)}
        # the scanner reports each key by its position; its length and terms are looked up here
        self._key_len = np.array([len(k) for k in keys], np.int64)
        self._key_ptr = np.cumsum([0] + [len(t) for t in keys.values()]).astype(np.int64)
        self._key_terms = np.array([ti for t in keys.values() for ti in t], np.int64)
        # a literal term (one piece, no '*', no space or hyphen) is its own key: confirmed by its edges
        self._literal = np.array([len(p.pieces) == 1 and not p.pieces[0][1] for p in parts], bool)
        self._term_len = np.array([len(p.pieces[0][0]) for p in parts], np.int64)
        self._free_start = np.array([p.cjk_start for p in parts], bool)
        self._free_end = np.array([p.cjk_end for p in parts], bool)
        self._families = np.array(self._term_family, np.int64)
        # terms are listed family by family: a family's count is the sum of its terms' columns
        self._family_first = np.searchsorted(self._families, np.arange(len(self.family_ids)))
        self._automaton = make_scanner({k: i for i, k in enumerate(keys)}, scanner, bounded=bounded)

    def __reduce__(self):
        return (functools.partial(Matcher, scanner=self.scanner), (self.terms,))

    def warm(self) -> Matcher:
        """Compile what is otherwise compiled on first use (the scanner's database, the expressions
        for texts without marks), so that forked workers inherit it instead of each compiling it."""
        self._automaton.compile()
        self._regexes(False, False)
        return self

    def _regexes(self, marks: bool, cjk: bool = True) -> list:
        """Compiled expressions (None for automaton terms), for texts with or without marks and CJK.

        Those for texts with combining marks take about 10 ms each to compile
        (the class of all marks is large), so they are compiled on first use;
        those for texts without CJK characters compile ten times faster than the
        others (no CJK ranges in their classes).
        """
        regexes = self._compiled.get((marks, cjk))
        if regexes is None:
            make = (lambda t: _LazyPattern(term_pattern(t, marks=True, cjk=cjk))) if marks else (
                lambda t: re.compile(term_pattern(t, marks=False, cjk=cjk)))
            regexes = self._compiled[marks, cjk] = [None if auto is not None else make(term)
                                                    for auto, (_, term) in zip(self._automata, self.term_list)]
        return regexes

    # ------------------------------------------------------------------ reference path
    def find(self, text: str) -> list[Match]:
        """Every accepted match in ``text``, in order of position (reference path).

        Offsets refer to ``text`` itself and ``Match.text`` is the match as
        written, provided the text is NFKC-normalised (as
        :func:`~termshift.load_corpus` leaves it); any other text is normalised
        first, as counting does, and offsets then refer to its normalised form.
        """
        text = nfkc(text)
        folded = casefold_windowed(text)
        to_text = offset_map(text) if len(folded) != len(text) else None
        folded, to_folded = join_cjk_lines_mapped(folded)
        regexes = self._regexes(has_marks(folded))
        per_family: list[list[tuple[int, int, int]]] = [[] for _ in self.family_ids]
        for ti, regex in enumerate(regexes):
            cands = per_family[self._term_family[ti]]
            if regex is not None:
                pos = 0
                while (m := regex.search(folded, pos)) is not None:
                    cands.append((m.start(), m.end(), ti))
                    pos = m.start() + 1
            else:
                auto = self._automata[ti]
                assert auto is not None
                for m in re.finditer(f"(?={re.escape(self._first_literal[ti])})", folded):
                    s = m.start()
                    if s and not auto.cjk_start and is_noncjk_word_char(folded[s - 1]):
                        continue
                    e = auto.longest(folded, s)
                    if e >= 0:
                        cands.append((s, e, ti))
        out = []
        for fi, cands in enumerate(per_family):
            for s, e, ti in _resolve(cands):
                if to_folded is not None:
                    s, e = to_folded(s, False), to_folded(e, True)
                if to_text is not None:
                    s, e = to_text(s), to_text(e)
                out.append(Match(s, e, self.family_ids[fi], self.term_list[ti][1], text[s:e]))
        order = {fid: i for i, fid in enumerate(self.family_ids)}
        out.sort(key=lambda m: (m.start, order[m.family]))
        return out

    # ------------------------------------------------------------------ fast path
    def count(self, text: str) -> tuple[list[int], list[int]]:
        """Matches per family and per term in one text (fast path, :mod:`termshift.candidates`)."""
        _, won = self._accepted(*prepare_text(text))
        term_counts = np.bincount(won, minlength=len(self.term_list))
        fam_counts = np.bincount(self._families[won], minlength=len(self.family_ids))
        return fam_counts.tolist(), term_counts.tolist()

    def count_joined(self, texts: list[str], joined: str | None = None) -> np.ndarray | None:
        """Matches per text and term of short texts scanned as one: ``(n_texts, n_terms)``, or None.

        The texts are joined with NUL, which no match can cross (it is neither a word
        character, nor whitespace, nor in a normalised term) and which bounds a word as the
        end of a text does, so each text's matches are its own; every array step then runs
        once for all of them instead of once per text. None when case folding changes the
        length of the joined text (ß, İ), a hard-wrapped CJK line is joined, or a text holds a
        NUL: count those one by one. ``joined``: ``"\\x00".join(texts)``, when the caller has it.
        """
        if joined is None:
            joined = "\x00".join(texts)
        if joined.count("\x00") != len(texts) - 1:  # a text holds a NUL of its own
            return None
        folded, marks, cjk = prepare_text(joined)
        if cjk and cjk_line_breaks(joined):  # joining hard-wrapped CJK lines would move the offsets
            return None
        if len(folded) != len(joined):  # folding only ever lengthens: equal lengths, equal offsets
            return None
        starts, won = self._accepted(folded, marks, cjk)
        bounds = np.cumsum([len(t) + 1 for t in texts])  # each text ends at its NUL
        doc = np.searchsorted(bounds, starts, side="right")
        n_terms = len(self.term_list)
        return np.bincount(doc * n_terms + won, minlength=len(texts) * n_terms).reshape(len(texts), n_terms)

    def _accepted(self, folded: str, marks: bool, cjk: bool):
        """``(starts, terms)`` of the accepted matches in a folded text."""
        empty = np.zeros(0, np.int64)
        ends, keys = self._automaton.arrays(folded)
        if not len(ends):
            return empty, empty
        starts, terms = expand(ends, keys, self._key_len, self._key_ptr, self._key_terms)
        literal = self._literal[terms]
        s, t = starts[literal], terms[literal]
        e = s + self._term_len[t]
        ok = literal_ok(folded, s, e, self._free_start[t], self._free_end[t])
        cand_s, cand_e, cand_t = [s[ok]], [e[ok]], [t[ok]]
        if not literal.all():  # the others by their expression (or automaton), one by one
            other = self._confirm(folded, starts[~literal].tolist(), terms[~literal].tolist(), marks, cjk)
            if other:
                os_, oe, ot = zip(*other)
                cand_s.append(np.array(os_, np.int64))
                cand_e.append(np.array(oe, np.int64))
                cand_t.append(np.array(ot, np.int64))
        cs, ce, ct = np.concatenate(cand_s), np.concatenate(cand_e), np.concatenate(cand_t)
        return accept(cs, ce, ct, self._families[ct], _resolve_group, with_starts=True)

    def _confirm(self, folded: str, starts: list[int], terms: list[int], marks: bool, cjk: bool):
        """``(start, end, term)`` of the candidates whose expression (or automaton) matches there."""
        regex = self._regexes(marks, cjk)
        automata = self._automata
        out = []
        for start, ti in zip(starts, terms):
            if regex[ti] is not None:
                m = regex[ti].match(folded, start)
                if m is not None:
                    out.append((start, m.end(), ti))
            else:
                auto = automata[ti]
                assert auto is not None  # a term without an expression has an automaton
                if start and not auto.cjk_start and is_noncjk_word_char(folded[start - 1]):
                    continue
                stop = auto.longest(folded, start)
                if stop >= 0:
                    out.append((start, stop, ti))
        return out

    def count_many(self, texts, *, languages=None, n_jobs: int | None = None, progress=None,
                   normalized: bool = False):
        """Count every text: returns ``(family_counts, term_counts, n_tokens)`` arrays.

        Token totals follow :mod:`termshift.tokens`: Japanese texts are
        segmented by the analyser (once: the totals are remembered, see
        :func:`termshift.tokens.count_tokens`), others counted by the rule.

        Parameters
        ----------
        texts : sequence of str
            NFKC-normalised texts (a list or a pandas Series).
        languages : sequence of str, optional
            Each text's language (the corpus's ``language`` column); None:
            detected per text (:func:`termshift.language.detect_language`).
        n_jobs : int, optional
            Worker processes. ``None`` uses every core once the texts exceed
            about 16 MB (below that, starting workers costs more than it saves).
        progress : bool or None
            Progress bar (shown after two seconds when ``None``).
        normalized : bool, default=False
            The texts are NFKC-normalised already (as the loader leaves them):
            skip the check of each one.

        Returns
        -------
        family_counts : ndarray of shape (n_texts, n_families)
        term_counts : ndarray of shape (n_texts, n_terms)
        n_tokens : ndarray of shape (n_texts,)
        """
        n = len(texts)
        if languages is not None:
            languages = list(languages)
            if len(languages) != n:
                from .errors import ParameterError

                raise ParameterError([f"languages: {len(languages)} given for {n} texts; give one per text"])
        chunks = _chunks(texts)
        if n_jobs is None:
            n_jobs = (os.cpu_count() or 1) if _total_chars(texts) > 16_000_000 else 1
        results = []
        bar = _bar(n, progress)
        if n_jobs <= 1 or len(chunks) < 2:
            for a, b in chunks:
                results.append(_count_chunk(self, _slice(texts, a, b), _langs(languages, a, b), normalized))
                bar.update(b - a)
        else:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            global _FORK_TEXTS
            fork = "fork" in mp.get_all_start_methods()
            # With fork the workers inherit the texts: only index ranges and counts cross
            # process boundaries. Elsewhere (spawn) each chunk is sent to a worker.
            _FORK_TEXTS = (texts, languages) if fork else None
            if fork:
                self.warm()
            try:
                with ProcessPoolExecutor(n_jobs, mp_context=mp.get_context("fork" if fork else "spawn"),
                                         initializer=_init_worker, initargs=(self,)) as pool:
                    futures = [pool.submit(_count_range_worker, a, b) if fork
                               else pool.submit(_count_chunk_worker, _slice(texts, a, b), _langs(languages, a, b))
                               for a, b in chunks]
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
        for i in np.flatnonzero(np.concatenate([r[3] for r in results])):  # workers' totals, remembered here
            remember_token_count(texts[int(i)] if not hasattr(texts, "iloc") else texts.iloc[int(i)], int(tok[i]))
        return fam, term, tok


def _langs(languages, a, b):
    return None if languages is None else languages[a:b]


def _count_chunk(matcher: Matcher, texts, languages=None, normalized: bool = False):
    fam = np.zeros((len(texts), len(matcher.family_ids)), np.int64)
    term = np.zeros((len(texts), len(matcher.term_list)), np.int64)
    tok = np.zeros(len(texts), np.int64)
    japanese = np.zeros(len(texts), bool)
    batches: dict[bool, list[int]] = {True: [], False: []}  # ASCII texts apart: their steps are the fast ones
    batch_chars = {True: 0, False: 0}
    prepared = []
    for i, text in enumerate(texts):
        if not normalized:
            text = nfkc(text)
        prepared.append(text)
        lang = detect_language(text) if languages is None else languages[i]
        if lang == "ja" and not text.isascii():
            japanese[i] = True
            tok[i] = count_tokens(text, "ja")
            term[i] = matcher.count(text)[1]
        elif len(text) < _SHORT:  # short texts are counted joined, a batch at a time
            kind = text.isascii()
            batches[kind].append(i)
            batch_chars[kind] += len(text) + 1
            if batch_chars[kind] >= _BATCH:
                _count_batch(matcher, prepared, batches[kind], term, tok)
                batches[kind], batch_chars[kind] = [], 0
        else:
            term[i] = matcher.count(text)[1]
            tok[i] = _count_tokens_windowed(text)
    for batch in batches.values():
        if batch:
            _count_batch(matcher, prepared, batch, term, tok)
    if len(texts):
        fam[:] = np.add.reduceat(term, matcher._family_first, axis=1)
    return fam, term, tok, japanese


#: Texts shorter than this are counted joined with others (the fixed cost of the array steps, about
#: 100 µs a call, then falls on a batch, not on each text); a batch holds about _BATCH characters.
_SHORT = 1 << 16
_BATCH = 1 << 20


def _count_batch(matcher: Matcher, prepared, batch, term, tok):
    texts = [prepared[j] for j in batch]
    joined = "\x00".join(texts)
    counts = matcher.count_joined(texts, joined)
    if counts is None:  # folding changes lengths, or a NUL: one by one
        for j, text in zip(batch, texts):
            term[j] = matcher.count(text)[1]
            tok[j] = _count_tokens_windowed(text)
        return
    term[batch] = counts
    bounds = np.cumsum([len(t) + 1 for t in texts])
    tok[batch] = np.bincount(np.searchsorted(bounds, token_starts(joined), side="right"), minlength=len(texts))


def _count_tokens_windowed(text: str, window: int = WINDOW) -> int:
    """:func:`count_tokens` of ``text``, counted in windows of ``window`` characters.

    A token cut by a window edge is counted in both windows; the overcount is
    measured with :func:`count_tokens` itself on two characters each side of
    the edge (tokens joined over an apostrophe included), so the total is
    exact for any definition of tokens whose joins look one character around.
    """
    if len(text) <= window:
        return count_tokens(text, _RULE)
    total = 0
    for a in range(0, len(text), window):
        total += count_tokens(text[a:a + window], _RULE)
        if a:
            left, right = text[max(0, a - 2):a], text[a:a + 2]
            total -= count_tokens(left, _RULE) + count_tokens(right, _RULE) - count_tokens(left + right, _RULE)
    return total


#: Any language but "ja": :func:`count_tokens` then counts runs of letters or digits.
_RULE = "en"


_WORKER_MATCHER = None


def _init_worker(matcher):
    global _WORKER_MATCHER
    _WORKER_MATCHER = matcher


def _count_chunk_worker(texts, languages):
    return _count_chunk(_WORKER_MATCHER, texts, languages)


_FORK_TEXTS = None


def _count_range_worker(a, b):
    assert _FORK_TEXTS is not None
    texts, languages = _FORK_TEXTS
    return _count_chunk(_WORKER_MATCHER, _slice(texts, a, b), _langs(languages, a, b))


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
