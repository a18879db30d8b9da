"""Read term families in context: concordance lines, collocates, co-occurrence.

* :func:`kwic` -- one keyword-in-context row per family match (the same matches
  :func:`~termshift.counts.count_terms` counts);
* :func:`collocates` -- the words found near a family's matches more often
  than elsewhere (PMI after Church & Hanks 1990, G2 after Dunning 1993);
* :func:`cooccurrence` -- for each pair of families, in how many documents or
  sentences they appear together, each alone, or neither.

References
----------
Church, K. W., & Hanks, P. (1990). Word association norms, mutual information,
and lexicography. *Computational Linguistics* 16(1), 22-29.

Dunning, T. (1993). Accurate methods for the statistics of surprise and
coincidence. *Computational Linguistics* 19(1), 61-74.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

import numpy as np
import pandas as pd

from ._validation import check_corpus, check_int, raise_problems
from .errors import ParameterError
from .keyness import dunning_g2
from .language import join_cjk_lines
from .matching import Matcher
from .terms import as_termset
from .tokens import nfkc, token_spans
from .typing import TermsLike

__all__ = ["kwic", "collocates", "cooccurrence", "sentence_spans", "split_sentences", "original_offsets", "in_language"]

_KWIC_COLUMNS = ["doc_id", "date", "left", "match", "right", "term", "start", "end", "language"]
_COLLOCATE_COLUMNS = ["term", "count", "count_corpus", "pmi", "mi3", "log_dice", "g2", "p_value"]
_COOC_COLUMNS = ["family_a", "family_b", "both", "only_a", "only_b", "neither", "n_units"]
_WHITESPACE = re.compile(r"\s")
# A sentence ends at . ! or ? (optionally followed by a closing quote or
# bracket) followed by whitespace and a character that is not a lower-case
# ASCII letter ("U.S. officials" stays whole), or at a line break.
_CLOSERS = "\"'\u201d\u2019)\\]"
_OPENERS = "\"'\u201c\u2018(\\["
_BOUNDARY = re.compile(
    rf"(?:(?<=[.!?])|(?<=[.!?][{_CLOSERS}]))[ \t\f\v]+(?![{_OPENERS}]*[a-z])"
    r"|\s*\n\s*"
)


def _family_matcher(terms, family):
    ts = as_termset(terms)
    if not isinstance(family, str) or family not in ts:
        raise ParameterError([f"family={family!r} is not in {ts.source}; choose one of: {', '.join(ts)}"])
    return Matcher(ts.subset([family]))


# ----------------------------------------------------------------------------- kwic


def in_language(corpus: pd.DataFrame, language: str | None) -> tuple[pd.DataFrame, list]:
    """The documents of ``corpus`` in ``language`` (all when None) and each one's language.

    A corpus without a ``language`` column (a DataFrame not made by the loader) has each
    document's language detected (:func:`~termshift.language.detect_language`).

    >>> corpus = pd.DataFrame({"text": ["Deterrence.", "政府は反撃能力の保有を決めた。"]})
    >>> kept, langs = in_language(corpus, "ja")
    >>> len(kept), langs
    (1, ['ja'])
    """
    from .language import check_language, detect_language

    check_language(language)
    langs = (corpus["language"].tolist() if "language" in corpus.columns
             else [detect_language(t) for t in corpus["text"]])
    if language is None:
        return corpus, langs
    keep = [lang == language for lang in langs]
    return corpus.loc[keep], [lang for lang, k in zip(langs, keep) if k]


def kwic(corpus: pd.DataFrame, terms: TermsLike, family: str, width: int = 60, *,
         language: str | None = None) -> pd.DataFrame:
    """Keyword in context: one row per match of a family.

    Matches come from :meth:`Matcher.find <termshift.matching.Matcher.find>`,
    the reference path whose matches :func:`~termshift.counts.count_terms`
    counts, so the number of rows equals the family's total count. With
    rules (:mod:`termshift.rules`) the rows are the family's counted matches
    (``term`` ends in `` (gloss)`` for a gloss), and ``family`` may be a code:
    one row per unit that satisfies it, ``match`` being the unit's text.

    Parameters
    ----------
    corpus : DataFrame
        As returned by :func:`~termshift.load_corpus`.
    terms : TermSet, path or mapping
        The families (see :func:`~termshift.load_terms`).
    family : str
        The id of the family to show.
    width : int, default=60
        Characters of context on each side.
    language : str, optional
        Only the documents in this language (``"ja"``, ``"en"``: the corpus's ``language``
        column); default: every document.

    Returns
    -------
    DataFrame
        ``doc_id``, ``date``, ``left`` (up to ``width`` characters before the
        match), ``match`` (as written in the text), ``right`` (up to ``width``
        characters after), ``term`` (the family term that matched), ``start``
        and ``end`` (offsets of the match in the document's ``text`` as given,
        so ``text[start:end]`` is ``match`` even where matching saw the NFKC
        form: full-width letters, ligatures, composed accents). In
        ``left`` and ``right`` every whitespace character (line breaks, tabs)
        is shown as one space, so they keep their width and fit one CSV line;
        ``language`` (the document's). Rows follow the corpus order, then the position in the text.

    Raises
    ------
    ParameterError
        ``family`` is not one of the families (the message lists them).

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["a"], "date": pd.to_datetime(["2022-12-16"]),
    ...                        "text": ["Japan will acquire\\ncounterstrike capabilities, a counter-strike."]})
    >>> k = kwic(corpus, {"counter": ["counter-strike capabilit*", "counter-strike"]}, "counter", width=10)
    >>> k[["doc_id", "left", "match", "right"]]
      doc_id        left                       match       right
    0      a  l acquire   counterstrike capabilities  , a counte
    1      a  lities, a               counter-strike           .
    >>> k[["term", "start", "end"]]
                            term  start  end
    0  counter-strike capabilit*     19   45
    1             counter-strike     49   63
    """
    check_corpus(corpus)
    ts = as_termset(terms)
    rule_matcher, matcher = None, None
    if ts.has_rules and isinstance(family, str) and family in ts:  # the rules' matches, or a code's units
        from .rules import RuleMatcher

        rule_matcher = RuleMatcher(ts)
    else:
        matcher = _family_matcher(ts, family)
    corpus, languages = in_language(corpus, language)
    check_int("width", width, 0)
    rows = []
    # matched in the NFKC form (as count_terms counts), shown and located in the text as given
    for doc_id, date, text, lang in zip(corpus["doc_id"], pd.to_datetime(corpus["date"]), corpus["text"], languages):
        norm = nfkc(text)
        starts, ends = original_offsets(text, norm)
        hits = rule_matcher.hits(norm, family, lang) if rule_matcher is not None else [
            (m.start, m.end, m.term) for m in matcher.find(norm)]  # type: ignore[union-attr]
        for m_start, m_end, m_term in hits:
            s, e = (m_start, m_end) if starts is None else (int(starts[m_start]), int(ends[m_end - 1]))
            # hard-wrapped Japanese is shown joined (反撃\n能力 reads 反撃能力), as matching joins it
            rows.append((doc_id, date, _WHITESPACE.sub(" ", join_cjk_lines(text[max(0, s - width):s])),
                         join_cjk_lines(text[s:e]), _WHITESPACE.sub(" ", join_cjk_lines(text[e:e + width])),
                         m_term, s, e, lang))
    out = pd.DataFrame(rows, columns=_KWIC_COLUMNS)
    out["date"] = pd.to_datetime(out["date"]).astype("datetime64[ns]")
    out[["start", "end"]] = out[["start", "end"]].astype(np.int64)
    return out


def original_offsets(text: str, norm: str | None = None):
    """For each character of ``nfkc(text)``, the start and end offset in ``text`` of what it came from.

    Returns ``(None, None)`` when NFKC leaves the text unchanged (offsets are
    the same). Otherwise the text is cut into clusters -- a character with
    the combining marks (and Hangul jamo) that follow it -- each normalised
    alone; where that does not rebuild ``nfkc(text)`` exactly, a prefix
    search finds each position instead.

    Examples
    --------
    >>> starts, ends = original_offsets("ﬁne ｃａｔ")  # a ligature and full-width letters
    >>> nfkc("ﬁne ｃａｔ"), starts.tolist(), ends.tolist()
    ('fine cat', [0, 0, 1, 2, 3, 4, 5, 6], [1, 1, 2, 3, 4, 5, 6, 7])
    """
    norm = nfkc(text) if norm is None else norm
    if norm == text:
        return None, None
    clusters, i = [], 0
    while i < len(text):
        j = i + 1
        while j < len(text) and (unicodedata.combining(text[j]) or "\u1160" <= text[j] <= "\u11ff"):
            j += 1
        clusters.append((i, j))
        i = j
    pieces = [unicodedata.normalize("NFKC", text[a:b]) for a, b in clusters]
    if "".join(pieces) == norm:
        lengths = np.array([len(p) for p in pieces])
        a = np.array([c[0] for c in clusters])
        b = np.array([c[1] for c in clusters])
        return np.repeat(a, lengths), np.repeat(b, lengths)
    prefix = [len(nfkc(text[:j])) for j in range(len(text) + 1)]  # pragma: no cover - rare compositions
    starts = np.searchsorted(prefix, np.arange(len(norm)), side="right") - 1
    ends = np.searchsorted(prefix, np.arange(1, len(norm) + 1), side="left")
    return starts, np.minimum(ends, len(text))


# ----------------------------------------------------------------------------- collocates


def _window_mask(starts, ends, spans, window):
    """Tokens within ``window`` tokens of any span, not inside one."""
    n = len(starts)
    ms = np.array([s for s, _ in spans], np.int64)
    me = np.array([e for _, e in spans], np.int64)
    first = np.searchsorted(ends, ms, side="right")  # first token ending after the match start
    stop = np.searchsorted(starts, me, side="left")  # first token starting at or after the match end
    cover = np.zeros(n + 1, np.int64)
    node = np.zeros(n + 1, np.int64)
    for lo, hi, arr in ((np.maximum(first - window, 0), first, cover), (stop, np.minimum(stop + window, n), cover),
                        (first, stop, node)):
        np.add.at(arr, lo, 1)
        np.add.at(arr, hi, -1)
    return (np.cumsum(cover)[:n] > 0) & ~(np.cumsum(node)[:n] > 0)


def collocates(corpus: pd.DataFrame, terms: TermsLike, family: str, window: int = 5, min_count: int = 3, *,
               top_k: int | None = None, language: str | None = None) -> pd.DataFrame:
    """Words that occur near a family's matches more (or less) than elsewhere.

    The *window* is every token within ``window`` tokens to the left or right
    of a match of the family, leaving out the tokens of the matches
    themselves; overlapping windows are merged, so each token occurrence
    counts once. Tokens are as in :func:`termshift.tokens.tokenize`.
    With :math:`f_w` the count of word w in the window, :math:`W` the number
    of window tokens, :math:`F_w` the count of w in the whole corpus and
    :math:`N` the corpus's tokens:

    * ``pmi`` = :math:`\\log_2 \\frac{f_w / W}{F_w / N}`, pointwise mutual
      information between "w" and "near the family" (Church & Hanks 1990,
      whose association ratio :math:`\\log_2 \\frac{N f(x, y)}{f(x) f(y)}` it
      is, with the node frequency f(x) replaced by the window size W): 0 when
      w is as frequent near the family as anywhere, 1 when twice as frequent;
      it favours rare words (one chance co-occurrence of a hapax scores
      high), hence the default ``min_count=3``;
    * ``mi3`` = :math:`\\log_2 \\frac{f_w^3 N}{M F_w}` with :math:`M` the number
      of matches of the family (the node frequency): the cubed association
      measure of Daille (1994; Oakes 1998, *Statistics for Corpus
      Linguistics*, p. 172; Sketch Engine's "MI3"), which corrects PMI's bias
      to rare words; it uses the node frequency, not the window size, so it
      is comparable with published MI3 scores;
    * ``log_dice`` = :math:`14 + \\log_2 \\frac{m_w + f_w}{M + F_w}`:
      Rychlý's (2008) logDice, Dice's coefficient of the node's and w's
      occurrences, with :math:`m_w` the matches that have w in their window
      and :math:`f_w` the occurrences of w in a window. Where each match has
      at most one w in reach and vice versa, :math:`m_w = f_w` and this is
      Rychlý's :math:`14 + \\log_2 \\frac{2 f_{xy}}{f_x + f_y}`; counted this
      way it is at most 14 (every match near a w and every w near a
      match), whatever the window, as Rychlý states (each unit: half as
      often together);
    * ``g2``: Dunning's (1993) log-likelihood for the 2x2 table window vs the
      rest of the corpus (:math:`f_w` of W tokens against
      :math:`F_w - f_w` of :math:`N - W`), signed (positive = attracted to the
      family), with its chi-squared(1) ``p_value``
      (see :func:`termshift.keyness.dunning_g2`).

    Parameters
    ----------
    corpus : DataFrame
        As returned by :func:`~termshift.load_corpus`.
    terms : TermSet, path or mapping
        The families.
    family : str
        The id of the family whose matches are the nodes.
    window : int, default=5
        Tokens on each side of a match.
    min_count : int, default=3
        Keep words seen at least this often in the window (association
        scores of words seen once or twice are noise).
    top_k : int, optional
        Keep the first ``top_k`` rows (strongest attraction); default: all.
    language : str, optional
        Only the documents in this language: the window and corpus counts then never pool
        tokens of two languages (``df.attrs["languages"]`` says which were pooled).

    Returns
    -------
    DataFrame
        ``term``, ``count`` (in the window), ``count_corpus``, ``pmi``,
        ``g2``, ``p_value``; sorted by ``g2`` descending (strongest
        attraction first), then ``count`` descending, then term. Empty when
        the family has no match. ``df.attrs`` holds ``window_tokens`` (W),
        ``corpus_tokens`` (N) and ``matches``.

    References
    ----------
    Church, K. W., & Hanks, P. (1990). Word association norms, mutual
    information, and lexicography. *Computational Linguistics* 16(1), 22-29.

    Dunning, T. (1993). Accurate methods for the statistics of surprise and
    coincidence. *Computational Linguistics* 19(1), 61-74.

    Daille, B. (1994). *Approche mixte pour l'extraction automatique de
    terminologie*. PhD thesis, Université Paris 7.

    Rychlý, P. (2008). A lexicographer-friendly association score. *Proc.
    RASLAN 2008*, 6-9.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "date": pd.to_datetime(["2022-11-30", "2022-12-16"]),
    ...     "text": ["Japan weighs counterstrike capability now.", "Tokyo and Japan wait; Japan plans."]})
    >>> c = collocates(corpus, {"counter": ["counter-strike capabilit*"]}, "counter", window=1, min_count=1)
    >>> c[["term", "count", "count_corpus", "pmi", "mi3", "log_dice"]]  # logDice: 14 + log2((1 + 1) / (1 + 1))
         term  count  count_corpus       pmi       mi3  log_dice
    0     now      1             1  2.459432  3.459432      14.0
    1  weighs      1             1  2.459432  3.459432      14.0

    MI3 = log2(1 x 11 / (1 x 1)) = 3.459 (N = 11 tokens, one match).
    >>> c.attrs["window_tokens"], c.attrs["corpus_tokens"]
    (2, 11)
    """
    from scipy.stats import chi2

    check_corpus(corpus)
    matcher = _family_matcher(terms, family)
    problems: list[str] = []
    check_int("window", window, 1, problems=problems)
    check_int("min_count", min_count, 1, problems=problems)
    check_int("top_k", top_k, 1, allow_none=True, problems=problems)
    raise_problems(problems)
    all_tokens: list[str] = []
    masks: list[np.ndarray] = []
    reach: list[np.ndarray] = []
    n_matches = 0
    corpus, languages = in_language(corpus, language)
    for text, language in zip(map(nfkc, corpus["text"]), languages):
        starts, ends, toks = token_spans(text, language if isinstance(language, str) else None)
        spans = [(m.start, m.end) for m in matcher.find(text)]
        n_matches += len(spans)
        if spans and toks:
            mask_d = _window_mask(starts, ends, spans, window)
            for sp in spans:  # the window tokens each match reaches (for logDice's m_w)
                one = _window_mask(starts, ends, [sp], window) & mask_d
                reach.append(len(all_tokens) + np.flatnonzero(one))
        else:
            mask_d = np.zeros(len(toks), bool)
        all_tokens.extend(toks)
        masks.append(mask_d)
    mask = np.concatenate(masks) if masks else np.zeros(0, bool)
    codes, uniques = pd.factorize(pd.Series(all_tokens, dtype=object), sort=True)
    corpus_counts = np.bincount(codes, minlength=len(uniques))
    window_counts = np.bincount(codes[mask], minlength=len(uniques))
    near = np.zeros(len(uniques), np.int64)  # m_w: matches with w in their window
    for idx in reach:
        near[np.unique(codes[idx])] += 1
    n_tokens, n_window = len(all_tokens), int(mask.sum())
    keep = window_counts >= min_count
    f, F = window_counts[keep].astype(float), corpus_counts[keep].astype(float)
    g2 = dunning_g2(f, F - f, n_window, n_tokens - n_window) if n_window else np.zeros(0)
    pmi = np.log2((f / n_window) / (F / n_tokens)) if n_window else np.zeros(0)
    out = pd.DataFrame({
        "term": np.asarray(uniques, dtype=object)[keep],
        "count": f.astype(np.int64),
        "count_corpus": F.astype(np.int64),
        "pmi": pmi,
        "mi3": np.log2(f ** 3 * n_tokens / (n_matches * F)) if n_window else np.zeros(0),
        "log_dice": 14 + np.log2((near[keep] + f) / (n_matches + F)) if n_window else np.zeros(0),
        "g2": g2,
        "p_value": chi2.sf(np.abs(g2), 1),
    }, columns=_COLLOCATE_COLUMNS)
    order = np.lexsort((out["term"].astype(str).to_numpy(), -out["count"].to_numpy(), -out["g2"].to_numpy()))
    out = out.iloc[order if top_k is None else order[:top_k]].reset_index(drop=True)
    out.attrs.update(window_tokens=n_window, corpus_tokens=n_tokens, matches=n_matches,
                     languages=sorted({str(lang) for lang in languages}))
    out["language"] = "+".join(out.attrs["languages"])  # a pooled language shows: en+ja
    return out


# ----------------------------------------------------------------------------- sentences and co-occurrence


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the sentences of ``text`` (regular expression, no model).

    A sentence ends at ``.``, ``!`` or ``?`` (optionally followed by a closing
    quote or bracket) followed by whitespace and a character that is not a
    lower-case letter a-z, or at a line break. Abbreviations before a capital
    ("Mr. Kishida") are split; "U.S. officials" is not. Blank stretches are
    not sentences.

    Examples
    --------
    >>> text = "Japan acts. U.S. officials agree!\\n\\nKishida said: \\u201cNo.\\u201d Then"
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['Japan acts.', 'U.S. officials agree!', 'Kishida said: “No.”', 'Then']
    """
    spans, pos = [], 0
    for m in itertools.chain(_BOUNDARY.finditer(text), [None]):
        end = len(text) if m is None else m.start()
        piece = text[pos:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            spans.append((pos + lead, pos + len(piece.rstrip())))
        if m is not None:
            pos = m.end()
    return spans


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (see :func:`sentence_spans`).

    Examples
    --------
    >>> split_sentences("A counterstrike. Then deterrence? Yes")
    ['A counterstrike.', 'Then deterrence?', 'Yes']
    """
    return [text[s:e] for s, e in sentence_spans(text)]


def cooccurrence(corpus: pd.DataFrame, terms: TermsLike, unit: str = "document") -> pd.DataFrame:
    """How often each pair of families appears in the same document or sentence.

    Parameters
    ----------
    corpus : DataFrame
        As returned by :func:`~termshift.load_corpus`.
    terms : TermSet, path or mapping
        The families.
    unit : {"document", "sentence"}, default="document"
        The unit of co-occurrence. Sentences are cut by :func:`sentence_spans`;
        a match belongs to the sentence where it starts.

    Returns
    -------
    DataFrame
        One row per pair of families (in file order, ``family_a`` before
        ``family_b``): ``both`` (units with a match of each), ``only_a``,
        ``only_b``, ``neither`` and ``n_units``
        (``both + only_a + only_b + neither``).

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "date": pd.to_datetime(["2022-11-30", "2022-12-16"]),
    ...     "text": ["Counterstrike for self-defense. Deterrence.", "Deterrence and self-defense."]})
    >>> fams = {"counter": ["counter-strike"], "self_defense": ["self-defense"], "deter": ["deterrence"]}
    >>> cooccurrence(corpus, fams)
           family_a      family_b  both  only_a  only_b  neither  n_units
    0       counter  self_defense     1       0       1        0        2
    1       counter         deter     1       0       1        0        2
    2  self_defense         deter     2       0       0        0        2
    >>> cooccurrence(corpus, fams, unit="sentence")["both"].tolist()
    [1, 0, 1]
    """
    check_corpus(corpus)
    if unit not in ("document", "sentence"):
        raise ParameterError([f"unit={unit!r}: use 'document' or 'sentence'"])
    ts = as_termset(terms).word_families()  # words: a code is no family of words
    matcher = Matcher(ts)
    fids = list(ts)
    if unit == "document":
        fam, _, _ = matcher.count_many(corpus["text"], progress=False)
        present = fam > 0
    else:
        index = {fid: i for i, fid in enumerate(fids)}
        hits, n_units = [], 0
        for text in map(nfkc, corpus["text"]):
            spans = sentence_spans(text)
            if not spans:
                continue
            starts = np.array([s for s, _ in spans], np.int64)
            for m in matcher.find(text):
                k = max(int(np.searchsorted(starts, m.start, side="right")) - 1, 0)
                hits.append((n_units + k, index[m.family]))
            n_units += len(spans)
        present = np.zeros((n_units, len(fids)), bool)
        if hits:
            rows, cols = np.array(hits).T
            present[rows, cols] = True
    p = present.astype(np.int64)
    both = p.T @ p
    n_f = p.sum(axis=0)
    n = len(p)
    pairs = list(itertools.combinations(range(len(fids)), 2))
    i = np.array([a for a, _ in pairs], np.int64)
    j = np.array([b for _, b in pairs], np.int64)
    bij = both[i, j] if pairs else np.zeros(0, np.int64)
    return pd.DataFrame({
        "family_a": [fids[k] for k in i], "family_b": [fids[k] for k in j],
        "both": bij, "only_a": n_f[i] - bij, "only_b": n_f[j] - bij,
        "neither": n - n_f[i] - n_f[j] + bij, "n_units": np.full(len(pairs), n, np.int64),
    }, columns=_COOC_COLUMNS)
