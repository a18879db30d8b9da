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
(:meth:`Matcher.spans`, :meth:`Matcher.count`, :meth:`Matcher.count_many`)
gives the same matches as arrays (:class:`~termshift.spans.Spans`: document,
start, end, family, term; offsets into the original text), and counts are
sums over those spans. It finds candidate starts for all families in one pass
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

import dataclasses
import functools
import os
import re
from dataclasses import dataclass

import numpy as np

from .automaton import TermAutomaton
from .candidates import accept, expand, literal_ok
from .folding import WINDOW, casefold_windowed, has_marks, offset_map, prepare_text, prepare_text_mapped
from .language import cjk_line_breaks, detect_language, join_cjk_lines_mapped
from .pool import inherited, worker_pool, worker_state
from .scanner import make_scanner
from .spans import Spans
from .terms import HYPHENS, TermSet, is_noncjk_word_char, parse_term, term_pattern
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
        self._automata = [TermAutomaton(p) if p.backtracks else None for p in parts]
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
        won = self._accepted(*prepare_text(text))[2]
        term_counts = np.bincount(won, minlength=len(self.term_list))
        fam_counts = np.bincount(self._families[won], minlength=len(self.family_ids))
        return fam_counts.tolist(), term_counts.tolist()

    def spans(self, texts, *, normalized: bool = False) -> Spans:
        """Every accepted match of a batch of texts, as arrays (fast path): a :class:`~termshift.spans.Spans`.

        The same matches as :meth:`find` gives text by text (same offsets, same winning
        terms), found the way :meth:`count_many` counts: short texts scanned joined, with
        whichever scanner backend the matcher uses; counts are ``spans.counts(...)``.

        Parameters
        ----------
        texts : sequence of str
            The texts (a list or a pandas Series); offsets refer to each text as given when it
            is NFKC-normalised (as the loader leaves it), else to its NFKC form.
        normalized : bool, default=False
            The texts are NFKC-normalised already: skip the check of each one.

        Returns
        -------
        Spans
            Sorted by document, start, then family.

        Examples
        --------
        >>> from termshift.terms import TermSet
        >>> m = Matcher(TermSet.from_dict({"pre": ["pre-emptive"], "strike": ["strike"]}))
        >>> s = m.spans(["A Pre-emptive strike.", "No match", "Strike!"])
        >>> s.doc.tolist(), s.start.tolist(), s.end.tolist(), s.family.tolist(), s.term.tolist()
        ([0, 0, 2], [2, 14, 0], [13, 20, 6], [0, 1, 1], [0, 1, 1])
        >>> s.counts(3, len(m.family_ids)).tolist()
        [[1, 1], [0, 0], [0, 1]]
        """
        return _chunk_spans(self, texts, normalized=normalized, tokens=False)[0].sorted()

    def _text_spans(self, text: str, doc: int) -> Spans:
        """The spans of one NFKC text, offsets mapped back from its folded form."""
        folded, marks, cjk, back = prepare_text_mapped(text)
        s, e, t = self._accepted(folded, marks, cjk)
        if back is not None and len(s):
            s, e = back(s, e)
        return Spans(np.full(len(s), doc, np.int64), s, e, self._families[t], t)

    def _scan_batch(self, texts: list[str], batch: list[int], joined: str | None = None) -> Spans:
        """The spans of ``texts[batch]`` scanned joined (:meth:`count_joined`), or one by one where that cannot be."""
        part = [texts[j] for j in batch]
        spans = self._joined_spans(part, joined)
        if spans is None:
            return Spans.concat([self._text_spans(text, j) for j, text in zip(batch, part)])
        return dataclasses.replace(spans, doc=np.asarray(batch, np.int64)[spans.doc])

    def count_joined(self, texts: list[str], joined: str | None = None) -> np.ndarray | None:
        """Matches per text and term of short texts scanned as one: ``(n_texts, n_terms)``, or None.

        The texts are joined with NUL, which no match can cross (it is neither a word
        character, nor whitespace, nor in a normalised term) and which bounds a word as the
        end of a text does, so each text's matches are its own; every array step then runs
        once for all of them instead of once per text. None when case folding changes the
        length of the joined text (ß, İ), a hard-wrapped CJK line is joined, or a text holds a
        NUL: count those one by one. ``joined``: ``"\\x00".join(texts)``, when the caller has it.
        """
        spans = self._joined_spans(texts, joined)
        return None if spans is None else spans.term_counts(len(texts), len(self.term_list))

    def _joined_spans(self, texts: list[str], joined: str | None = None) -> Spans | None:
        """The spans of short texts scanned joined (see :meth:`count_joined`), or None."""
        if joined is None:
            joined = "\x00".join(texts)
        if joined.count("\x00") != len(texts) - 1:  # a text holds a NUL of its own
            return None
        folded, marks, cjk = prepare_text(joined)
        if cjk and cjk_line_breaks(joined):  # joining hard-wrapped CJK lines would move the offsets
            return None
        if len(folded) != len(joined):  # folding only ever lengthens: equal lengths, equal offsets
            return None
        starts, ends, won = self._accepted(folded, marks, cjk)
        first = np.cumsum([0] + [len(t) + 1 for t in texts])  # each text starts after the NUL before it
        doc = np.searchsorted(first, starts, side="right") - 1
        return Spans(doc, starts - first[doc], ends - first[doc], self._families[won], won)

    def _accepted(self, folded: str, marks: bool, cjk: bool):
        """``(starts, ends, terms)`` of the accepted matches in a folded text."""
        empty = np.zeros(0, np.int64)
        ends, keys = self._automaton.arrays(folded)
        if not len(ends):
            return empty, empty, empty
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
        return accept(cs, ce, ct, self._families[ct], _resolve_group, with_spans=True)

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
            # Forked workers inherit the texts: only index ranges and counts cross process
            # boundaries. Elsewhere (spawn) each chunk is sent to a worker.
            with worker_pool(n_jobs, self, inherit=(texts, languages), warm=Matcher.warm) as pool:
                tasks = [(a, b) if pool.forked else (_slice(texts, a, b), _langs(languages, a, b)) for a, b in chunks]
                futures = pool.submit_all(_count_range_worker if pool.forked else _count_chunk_worker, tasks)
                for (a, b), result in zip(chunks, pool.ordered(futures)):
                    results.append(result)
                    bar.update(b - a)
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
    """``(family counts, term counts, tokens, japanese)`` of a chunk: its spans (:func:`_chunk_spans`), counted.

    This is where every counting path (in memory, streamed, on a cluster) turns matches into counts.
    """
    spans, tok, japanese = _chunk_spans(matcher, texts, languages, normalized)
    n = len(texts)
    return (spans.counts(n, len(matcher.family_ids)), spans.term_counts(n, len(matcher.term_list)), tok,
            japanese)


def _chunk_spans(matcher: Matcher, texts, languages=None, normalized: bool = False, tokens: bool = True):
    """The spans of a chunk of texts and, with ``tokens``, each text's token total and whether it is Japanese.

    Short texts are scanned joined, a batch at a time (ASCII texts apart: their steps are the
    fast ones); Japanese texts (their tokens come from the analyser) and long ones one by one.
    """
    tok = np.zeros(len(texts), np.int64)
    japanese = np.zeros(len(texts), bool)
    prepared = list(texts) if normalized else [nfkc(t) for t in texts]
    parts: list[Spans] = []
    batches: dict[bool, list[int]] = {True: [], False: []}
    batch_chars = {True: 0, False: 0}
    for i, text in enumerate(prepared):
        lang = (detect_language(text) if languages is None else languages[i]) if tokens else None
        if lang == "ja" and not text.isascii():
            japanese[i] = True
            tok[i] = count_tokens(text, "ja")
            parts.append(matcher._text_spans(text, i))
        elif len(text) < _SHORT:  # short texts are scanned joined, a batch at a time
            kind = text.isascii()
            batches[kind].append(i)
            batch_chars[kind] += len(text) + 1
            if batch_chars[kind] >= _BATCH:
                parts.append(_batch_spans(matcher, prepared, batches[kind], tok if tokens else None))
                batches[kind], batch_chars[kind] = [], 0
        else:
            parts.append(matcher._text_spans(text, i))
            if tokens:
                tok[i] = _count_tokens_windowed(text)
    for batch in batches.values():
        if batch:
            parts.append(_batch_spans(matcher, prepared, batch, tok if tokens else None))
    return Spans.concat(parts), tok, japanese


#: Texts shorter than this are scanned joined with others (the fixed cost of the array steps, about
#: 100 µs a call, then falls on a batch, not on each text); a batch holds about _BATCH characters.
_SHORT = 1 << 16
_BATCH = 1 << 20


def _batch_spans(matcher: Matcher, prepared, batch, tok) -> Spans:
    """The spans of ``prepared[batch]`` scanned joined, and (``tok`` not None) their token totals."""
    texts = [prepared[j] for j in batch]
    joined = "\x00".join(texts)
    if tok is not None:
        if joined.count("\x00") == len(texts) - 1:  # a NUL bounds tokens as the end of a text does
            bounds = np.cumsum([len(t) + 1 for t in texts])
            tok[batch] = np.bincount(np.searchsorted(bounds, token_starts(joined), side="right"),
                                     minlength=len(texts))
        else:
            tok[batch] = [_count_tokens_windowed(t) for t in texts]
    return matcher._scan_batch(prepared, batch, joined)


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


def _count_chunk_worker(texts, languages):
    return _count_chunk(worker_state(), texts, languages)


def _count_range_worker(a, b):
    texts, languages = inherited()
    return _count_chunk(worker_state(), _slice(texts, a, b), _langs(languages, a, b))


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


# What the rules (termshift.rules) count with, under public names: one home for the chunking,
# the spans of a chunk and the progress bar of every counting path.
chunk_spans = _chunk_spans
text_chunks = _chunks
total_chars = _total_chars
progress_bar = _bar
