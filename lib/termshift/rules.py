"""Framing, not only words: exclusions, context conditions, glosses and coding rules over term families.

A term file may say more than which words make a family (:mod:`termshift.terms`):

* ``exclude = [...]`` on a family: terms, under the same matching rules, whose
  matches *mask*: a match of the family that overlaps an excluded stretch does
  not count (``self-defense`` but not ``Self-Defense Forces``);
* ``unless = { near = ["negation"], window = 3 }`` on a family: a match does
  not count when a match of a listed family lies in the same sentence
  (:mod:`termshift.sentences`) with at most ``window`` tokens strictly between
  the two (tokens by the corpus's token rule, :mod:`termshift.tokens`: the
  analyser for Japanese). ``only = {...}`` is the converse: a match counts
  only when such a match is there. The listed families' matches are taken
  after their own ``exclude`` (never after their own ``unless``/``only``, so no
  two conditions can wait on each other);
* **glosses** (rule 11): a counted match of family B inside parentheses, ``( )``
  or ``（ ）``, that directly follows a counted match of family A (only
  whitespace between A's match and the opening parenthesis; the group runs to
  its matching closing parenthesis, and a group never closed glosses nothing)
  is a gloss of A. A family's *primary* mentions are its counted matches that
  are not glosses: ``敵基地攻撃能力（反撃能力）`` gives enemy_base one primary
  mention and counterstrike one counted, non-primary mention;
* ``[codes.NAME]`` tables with ``label``, ``rule`` and ``unit`` (``"document"``,
  ``"sentence"`` or ``"paragraph"``): the rule is made of family ids (true in a
  unit holding a counted match of the family), other codes' ids (their rule,
  evaluated in this code's unit), ``and``, ``or``, ``not``, parentheses,
  ``near(a, b, n)`` (a counted match of ``a`` and one of ``b`` in one sentence
  of the unit with at most ``n`` tokens strictly between them) and ``seq(a, b,
  n)`` (the same with ``a``'s match ending before ``b``'s starts). A code
  counts the units that satisfy its rule.

Counting (:class:`RuleMatcher`) finds every family's matches with their
offsets (:func:`match_spans`), applies the rules per document and gives, per
document, each family's counted matches, each code's units, and each family's
primary mentions (:func:`primary_column`). The fast counting path
(:meth:`termshift.matching.Matcher.count`) does not implement these rules: a
term set with any of them is counted here, in memory, streamed and on Dask alike.

Examples
--------
>>> from termshift.terms import TermSet
>>> ts = TermSet.from_dict({
...     "self_defense": {"terms": ["self-defense"], "exclude": ["self-defense force*"]},
...     "negation": ["not", "no"],
...     "preemptive": {"terms": ["preemptive strike"], "unless": {"near": ["negation"], "window": 2}},
...     "codes": {"denial": {"label": "Denied preemption", "rule": "near(negation, preemptive, 2)",
...                          "unit": "sentence"}}})
>>> m = RuleMatcher(ts)
>>> text = "Not a preemptive strike. Self-Defense Forces act in self-defense. A preemptive strike."
>>> dict(zip(m.columns, m.count_text(text)[0]))  # doctest: +NORMALIZE_WHITESPACE
{'self_defense': 1, 'negation': 1, 'preemptive': 1, 'denial': 0, 'self_defense:primary': 1,
 'negation:primary': 1, 'preemptive:primary': 1}
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

import numpy as np

from .language import detect_language
from .matching import Matcher
from .rule_syntax import FUNCTIONS, UNITS, check_codes, inline_codes, parse_rule, primary_column
from .sentences import paragraph_spans, sentence_spans
from .terms import Family, TermSet
from .tokens import nfkc, token_spans

__all__ = ["UNITS", "FUNCTIONS", "parse_rule", "check_codes", "RuleMatcher", "make_matcher", "match_spans",
           "primary_column", "count_columns", "table_parts", "DocumentRules", "code_units"]

# ----------------------------------------------------------------------------- matches with offsets


def match_spans(matcher: Matcher, text: str):
    """``(starts, ends, families, terms)`` of every accepted match of ``text`` (NFKC), sorted by start.

    The matches of the fast path (:meth:`termshift.matching.Matcher.spans`; the offsets
    refer to ``text``); ``families`` and ``terms`` are indices into ``matcher.family_ids``
    and ``matcher.term_list``. Counting a batch takes the spans of the whole batch at once
    (:meth:`RuleMatcher.count_many`).

    >>> from termshift.terms import TermSet
    >>> m = Matcher(TermSet.from_dict({"a": ["x"], "b": ["y", "x y"]}))
    >>> [v.tolist() for v in match_spans(m, "x y")]
    [[0, 0], [1, 3], [0, 1], [0, 2]]
    """
    sp = matcher.spans([text]).sorted()
    return sp.start, sp.end, sp.family, sp.term


# ----------------------------------------------------------------------------- one document


class _Context:
    """Sentences, paragraphs and tokens of one text, computed when first asked for."""

    def __init__(self, text: str, japanese: bool):
        self.text, self.japanese = text, japanese

    @functools.cached_property
    def sentences(self) -> tuple[list[int], list[int]]:
        starts, ends = sentence_spans(self.text)
        return starts.tolist(), ends.tolist()

    @functools.cached_property
    def paragraphs(self) -> tuple[list[int], list[int]]:
        starts, ends = paragraph_spans(self.text)
        return starts.tolist(), ends.tolist()

    @functools.cached_property
    def _sentence_tokens(self) -> dict:
        return {}

    def tokens(self, sentence: int):
        """``(starts, ends)`` of the tokens of one sentence (offsets into the text), segmented once.

        Only the sentences where two matches are compared are segmented (the analyser is the costly
        part for Japanese); a sentence is segmented alone, as the analyser reads long texts in pieces
        cut at 。 and line ends anyway.
        """
        got = self._sentence_tokens.get(sentence)
        if got is None:
            a, b = self.sentences[0][sentence], self.sentences[1][sentence]
            starts, ends, _ = token_spans(self.text[a:b], "ja" if self.japanese else "en")
            got = self._sentence_tokens[sentence] = ((starts + a).tolist(), (ends + a).tolist())
        return got

    def sentence_of(self, pos: int) -> int:
        """Index of the sentence holding offset ``pos``, or -1."""
        return _unit_of(self.sentences, pos)

    def between(self, a: tuple[int, int], b: tuple[int, int], sentence: int) -> int:
        """Tokens lying wholly between two matches of one sentence (0 when they overlap)."""
        first, second = (a, b) if a[0] <= b[0] else (b, a)
        if first[1] > second[0]:
            return 0
        starts, ends = self.tokens(sentence)
        return max(0, bisect_right(ends, second[0]) - bisect_left(starts, first[1]))

    def near(self, a, b, window: int, ordered: bool = False) -> bool:
        """Whether two matches lie in one sentence with at most ``window`` tokens between (``a`` first when
        ``ordered``: its match ends before ``b``'s starts)."""
        if ordered and a[1] > b[0]:
            return False
        s = self.sentence_of(a[0])
        return s >= 0 and s == self.sentence_of(b[0]) and self.between(a, b, s) <= window


def _unit_of(units: tuple[list[int], list[int]], pos: int) -> int:
    """Index of the unit (sorted ``(starts, ends)``) holding offset ``pos``, or -1."""
    i = bisect_right(units[0], pos) - 1
    return i if i >= 0 and pos < units[1][i] else -1


def _overlaps_any(m, mask_starts, mask_ends) -> bool:
    """Whether ``m`` overlaps one of the (non-overlapping, sorted) masked stretches."""
    i = int(np.searchsorted(mask_starts, m[1], side="left")) - 1
    return i >= 0 and mask_ends[i] > m[0]


_OPEN, _CLOSE = "(（", ")）"


def _gloss_groups(text: str, ends: set[int]) -> list[tuple[int, int]]:
    """``(open, close)`` of each parenthesised group that directly follows a match ending at one of ``ends``."""
    groups = []
    for m in re.finditer("[(（]", text):
        p = m.start()
        q = p
        while q > 0 and text[q - 1].isspace():
            q -= 1
        if q not in ends:
            continue
        depth = 0
        for j in range(p, len(text)):
            c = text[j]
            if c in _OPEN:
                depth += 1
            elif c in _CLOSE:
                depth -= 1
                if depth == 0:
                    groups.append((p, j))
                    break
    return groups


def code_units(ctx_text: str, unit: str, ctx: _Context | None = None) -> tuple[list[int], list[int]]:
    """``(starts, ends)`` of the units of a text: the whole text, its sentences or its paragraphs.

    >>> code_units("One. Two.\\n\\nThree", "sentence"), code_units("One. Two.\\n\\nThree", "paragraph")
    (([0, 5, 11], [4, 9, 16]), ([0, 11], [9, 16]))
    """
    ctx = ctx or _Context(ctx_text, False)
    if unit == "document":
        return [0], [len(ctx_text)]
    return ctx.sentences if unit == "sentence" else ctx.paragraphs


@dataclass
class DocumentRules:
    """What the rules make of one text: counted matches per family (``(start, end, term)`` lists), which of
    them are glosses, and the units that satisfy each code (``(start, end)`` lists)."""

    counted: list
    glosses: list
    code_units: list


class RuleMatcher:
    """The families of a :class:`~termshift.terms.TermSet` with their rules, counted per document.

    Same interface as :class:`~termshift.matching.Matcher` for counting
    (``count_many``, ``family_ids``, ``term_list``, ``warm``); the family counts
    come back as a wider matrix whose columns are :attr:`columns`: every family,
    every code, then every family's primary mentions (:func:`primary_column`).
    """

    def __init__(self, terms: TermSet):
        self.terms = terms
        fams = list(terms.families.values())
        self.family_ids = [f.id for f in fams]
        self.code_ids = list(terms.codes)
        self.columns = [*self.family_ids, *self.code_ids, *map(primary_column, self.family_ids)]
        index = {fid: i for i, fid in enumerate(self.family_ids)}
        inner = list(fams)
        self._exclude = [-1] * len(fams)
        for i, f in enumerate(fams):
            if f.exclude:
                self._exclude[i] = len(inner)
                inner.append(Family("\x00exclude " + f.id, f.id, tuple(f.exclude)))
        self._matcher = Matcher(TermSet(inner, source=terms.source))
        self.term_list = [t for t in self._matcher.term_list if t[0] < len(fams)]
        self._conditions = []
        for f in fams:
            conds = [(kind, [index[g] for g in c.near], c.window) for kind, c in (("unless", f.unless),
                                                                                  ("only", f.only)) if c]
            self._conditions.append(conds)
        self._codes = [(c.unit, _resolve(inline_codes(parse_rule(c.rule), terms.codes), index))
                       for c in terms.codes.values()]

    def __reduce__(self):
        return (RuleMatcher, (self.terms,))

    def warm(self) -> RuleMatcher:
        """As :meth:`termshift.matching.Matcher.warm`."""
        self._matcher.warm()
        return self

    # ------------------------------------------------------------------ one text
    def apply(self, text: str, japanese: bool = False, spans=None) -> DocumentRules:
        """The rules applied to one NFKC text (``japanese``: its tokens are the analyser's); ``spans``: its
        matches as :func:`match_spans` gives them, when the caller has them."""
        starts, ends, fams, terms = match_spans(self._matcher, text) if spans is None else spans
        n_fam = len(self.family_ids)
        found: list[list] = [[] for _ in range(len(self._matcher.family_ids))]
        for s, e, f, t in zip(starts.tolist(), ends.tolist(), fams.tolist(), terms.tolist()):
            found[f].append((s, e, t))
        kept = []
        for f in range(n_fam):
            ms, x = found[f], self._exclude[f]
            if x >= 0 and ms and found[x]:
                xs = np.array([m[0] for m in found[x]], np.int64)
                xe = np.array([m[1] for m in found[x]], np.int64)
                ms = [m for m in ms if not _overlaps_any(m, xs, xe)]
            kept.append(ms)
        ctx = _Context(text, japanese)
        counted = []
        for f in range(n_fam):
            ms = kept[f]
            for kind, near, window in self._conditions[f]:
                if not ms:
                    break
                out = []
                for m in ms:
                    hit = any(ctx.near(m, x, window) for g in near for x in kept[g] if not (g == f and x == m))
                    if hit == (kind == "only"):
                        out.append(m)
                ms = out
            counted.append(ms)
        all_ends = {m[1] for ms in counted for m in ms}
        groups = _gloss_groups(text, all_ends) if all_ends and ("(" in text or "（" in text) else []
        glosses = [[any(p < m[0] and m[1] <= c for p, c in groups) for m in ms] for ms in counted]
        units = [self._units(ctx, unit, tree, counted) for unit, tree in self._codes]
        return DocumentRules(counted, glosses, units)

    def _units(self, ctx: _Context, unit: str, tree, counted) -> list[tuple[int, int]]:
        if not _needs_units(tree, counted):  # no unit can hold: no unit needs to be found
            return []
        units = code_units(ctx.text, unit, ctx)
        ok = _evaluate(tree, ctx, units, counted, set(range(len(units[0]))))
        return [(units[0][i], units[1][i]) for i in sorted(ok)]

    def hits(self, text: str, fid: str, language: str | None = None) -> list[tuple[int, int, str]]:
        """``(start, end, what)`` in one NFKC text: a family's counted matches (``what``: the term that won,
        with `` (gloss)`` for a gloss), or the units that satisfy a code (``what``: ``unit: rule``).

        >>> from termshift.terms import TermSet
        >>> m = RuleMatcher(TermSet.from_dict({"a": ["x"], "b": ["y"], "codes": {"c": {"rule": "a and b",
        ...                                    "unit": "sentence"}}}))
        >>> m.hits("x (y). y.", "b"), m.hits("x (y). y.", "c")
        ([(3, 4, 'y (gloss)'), (7, 8, 'y')], [(0, 6, 'sentence: a and b')])
        """
        lang = detect_language(text) if language is None else language
        r = self.apply(text, lang == "ja" and not text.isascii())
        if fid in self.terms.codes:
            code = self.terms.codes[fid]
            return [(a, b, f"{code.unit}: {code.rule}") for a, b in r.code_units[self.code_ids.index(fid)]]
        f = self.family_ids.index(fid)
        return [(m[0], m[1], self.term_list[m[2]][1] + (" (gloss)" if g else ""))
                for m, g in zip(r.counted[f], r.glosses[f])]

    def count_text(self, text: str, language: str | None = None, spans=None) -> tuple[list[int], list[int]]:
        """``(wide counts, term counts)`` of one text: the columns of :attr:`columns`, the terms of
        :attr:`term_list` (counted matches)."""
        text = nfkc(text)
        lang = detect_language(text) if language is None else language
        r = self.apply(text, lang == "ja" and not text.isascii(), spans)
        fam = [len(ms) for ms in r.counted]
        codes = [len(u) for u in r.code_units]
        primary = [len(ms) - sum(g) for ms, g in zip(r.counted, r.glosses)]
        term = [0] * len(self.term_list)
        for ms in r.counted:
            for m in ms:
                term[m[2]] += 1
        return fam + codes + primary, term

    def count_many(self, texts, *, languages=None, n_jobs: int | None = None, progress=None,
                   normalized: bool = False):
        """As :meth:`termshift.matching.Matcher.count_many`, the family counts over :attr:`columns`.

        The matches and token totals of each chunk come from the fast path's spans
        (``termshift.matching.chunk_spans``: the same matches, the same totals); the rules
        are then applied text by text. Chunks of about 4 MB go to ``n_jobs`` worker processes
        (``None``: every core once the texts exceed about 16 MB), as the fast path's do.
        """
        import os

        from .matching import progress_bar, text_chunks, total_chars
        from .pool import worker_pool
        from .tokens import remember_token_count

        texts = texts.tolist() if hasattr(texts, "tolist") else list(texts)
        n = len(texts)
        languages = list(languages) if languages is not None else None
        chunks = text_chunks(texts)
        if n_jobs is None:
            n_jobs = (os.cpu_count() or 1) if total_chars(texts) > 16_000_000 else 1
        tasks = [(texts[a:b], None if languages is None else languages[a:b], normalized) for a, b in chunks]
        bar = progress_bar(n, progress)
        results = []
        if n_jobs <= 1 or len(chunks) < 2:
            for (a, b), task in zip(chunks, tasks):
                results.append(self._count_chunk(*task))
                bar.update(b - a)
        else:
            with worker_pool(n_jobs, self, warm=RuleMatcher.warm) as pool:
                for (a, b), result in zip(chunks, pool.ordered(pool.submit_all(_rule_chunk_worker, tasks))):
                    results.append(result)
                    bar.update(b - a)
        bar.close()
        if not results:
            return (np.zeros((0, len(self.columns)), np.int64), np.zeros((0, len(self.term_list)), np.int64),
                    np.zeros(0, np.int64))
        tok = np.concatenate([r[2] for r in results])
        if n_jobs > 1:  # the workers' Japanese token totals, remembered here
            for i in np.flatnonzero(np.concatenate([r[3] for r in results])):
                remember_token_count(texts[int(i)], int(tok[i]))
        return np.concatenate([r[0] for r in results]), np.concatenate([r[1] for r in results]), tok

    def _count_chunk(self, texts: list, languages, normalized: bool):
        """``(wide, term, tokens, japanese)`` of one chunk of texts."""
        from .matching import chunk_spans

        prepared = texts if normalized else [nfkc(t) for t in texts]
        n = len(prepared)
        wide = np.zeros((n, len(self.columns)), np.int64)
        term = np.zeros((n, len(self.term_list)), np.int64)
        spans, tok, japanese = chunk_spans(self._matcher, prepared, languages, normalized=True)
        spans = spans.sorted()
        bounds = np.searchsorted(spans.doc, np.arange(n + 1))
        for i in range(n):
            a, b = bounds[i], bounds[i + 1]
            doc_spans = (spans.start[a:b], spans.end[a:b], spans.family[a:b], spans.term[a:b])
            wide[i], term[i] = self.count_text(prepared[i], "ja" if japanese[i] else "en", doc_spans)
        return wide, term, tok, japanese


def _rule_chunk_worker(texts, languages, normalized):
    """A chunk counted in a worker of :func:`termshift.pool.worker_pool` (its state: the RuleMatcher)."""
    from .pool import worker_state

    return worker_state()._count_chunk(texts, languages, normalized)


def _resolve(tree, index):
    """Family ids to family indices in a tree (codes already inlined)."""
    if tree[0] == "id":
        return ("fam", index[tree[1]])
    if tree[0] in FUNCTIONS:
        return (tree[0], index[tree[1]], index[tree[2]], tree[3])
    return (tree[0], *(_resolve(sub, index) for sub in tree[1:]))


def _needs_units(tree, counted) -> bool:
    """False when no unit can satisfy ``tree`` (then the units need not be found): a family without a
    match in the text holds in no unit, near/seq need both, ``and`` both sides; ``not`` may hold anywhere."""
    kind = tree[0]
    if kind == "fam":
        return bool(counted[tree[1]])
    if kind in FUNCTIONS:
        return bool(counted[tree[1]]) and bool(counted[tree[2]])
    if kind == "and":
        return _needs_units(tree[1], counted) and _needs_units(tree[2], counted)
    if kind == "or":
        return _needs_units(tree[1], counted) or _needs_units(tree[2], counted)
    return True


def _evaluate(tree, ctx: _Context, units, counted, every: set) -> set:
    """The indices of the units (``(starts, ends)``) that satisfy ``tree`` (``every``: all of them)."""
    kind = tree[0]
    if kind == "fam":
        return {i for m in counted[tree[1]] if (i := _unit_of(units, m[0])) >= 0}
    if kind == "not":
        return every - _evaluate(tree[1], ctx, units, counted, every)
    if kind == "and":
        return _evaluate(tree[1], ctx, units, counted, every) & _evaluate(tree[2], ctx, units, counted, every)
    if kind == "or":
        return _evaluate(tree[1], ctx, units, counted, every) | _evaluate(tree[2], ctx, units, counted, every)
    _, a, b, n = tree
    out = set()
    for x in counted[a]:
        for y in counted[b]:
            if x != y and ctx.near(x, y, n, ordered=kind == "seq") and (i := _unit_of(units, x[0])) >= 0:
                out.add(i)
    return out


# ----------------------------------------------------------------------------- counting integration


def make_matcher(terms: TermSet):
    """The matcher that counts ``terms``: a :class:`RuleMatcher` when the term set has rules (or asks for
    primary mentions), else the fast :class:`~termshift.matching.Matcher`."""
    return RuleMatcher(terms) if terms.has_rules else Matcher(terms)


def count_columns(matcher, terms: TermSet) -> list[str]:
    """The names of the columns of ``matcher.count_many``'s family matrix."""
    return list(matcher.columns) if isinstance(matcher, RuleMatcher) else list(terms)


def table_parts(terms: TermSet, names: list, counts: np.ndarray, docs: np.ndarray, ids=None):
    """From sums over the columns ``names`` (cells x columns): the ``keys`` of the table (``ids``, default
    every family and code shown by ``terms``), their ``counts`` and ``docs``, and ``primary`` (None
    without rules: a family's primary mentions, a code's own count).

    >>> ts = TermSet.from_dict({"a": {"terms": ["x"], "exclude": ["x y"]}})
    >>> keys, c, d, p = table_parts(ts, ["a", "a:primary"], np.array([[3, 2]]), np.array([[1, 1]]))
    >>> keys, c.tolist(), p.tolist()
    ([('a', None)], [[3]], [[2]])
    """
    from .terms import as_termset

    terms = as_termset(terms)
    ids = list(terms) if ids is None else list(ids)
    at = {n: i for i, n in enumerate(names)}
    cols = [at[i] for i in ids]
    keys = [(i, None) for i in ids]
    if not terms.has_rules:
        return keys, counts[:, cols], docs[:, cols], None
    prim = [at[primary_column(i)] if i in terms.families else at[i] for i in ids]
    return keys, counts[:, cols], docs[:, cols], counts[:, prim]
