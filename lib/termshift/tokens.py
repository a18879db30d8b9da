"""The one token definition: what a "word" is, everywhere in termshift.

Two kinds of text, one module:

* **Japanese** (``language="ja"``, detected per text by
  :func:`termshift.language.detect_language` when not given): the words of a
  morphological analyser, MeCab through fugashi with the UniDic-lite
  dictionary (short units: 反撃能力 is 反撃 + 能力), after NFKC and after line
  breaks between CJK characters are removed
  (:func:`termshift.language.join_cjk_lines`); punctuation is not a token.
* **Everything else**: a maximal run of letters or digits (``str.isalnum``),
  where an apostrophe between two of them joins them (the regular expression
  ``[^\\W_]+(?:['’ʼ][^\\W_]+)*``): "Japan's" and "don't" are one token each, so
  contractions leave no ``s``, ``t``, ``re`` or ``m`` fragments in keyness or
  TF-IDF. Apostrophes are written ``'`` in the tokens (``’`` and ``ʼ`` too).

Tokens are compared case-folded. The same definition gives

* the denominators of rates (``n_tokens`` in :func:`~termshift.count_terms`),
* the words of keyness, TF-IDF, collocates, co-occurrence and KWIC windows.

**Normalised forms** (``tokenize(text, normalize=True)``; offered by
:func:`~termshift.keyness.keyness` and the TF-IDF functions, never the
default): each Japanese token is replaced by its UniDic *lemma* (語彙素, the
``lemma`` field of fugashi's UniDic features; its English gloss such as
``-counter`` in カウンター-counter is dropped), NFKC'd and case-folded, so
inflected and variant spellings pool under one form: 決め and 決める give
決める, カウンタ and カウンター give カウンター, がん and ガン give 癌; note that
UniDic writes some lemmas in kanji (する is 為る, こと is 事, ある is 有る).
A token the dictionary does not know (a number, a Latin word) keeps its
case-folded surface. The tokens themselves are the same (one lemma per
token, so totals and rates do not change). Text other than Japanese is not
changed by ``normalize`` (for English TF-IDF use ``stemmer=``).

Segmenting Japanese is the costly part (about 5 MB/s per core, see
``benchmarks/bench_japanese.py``), so the token total of each Japanese text is
computed once and remembered (:func:`count_tokens` keeps a cache keyed by the
text itself, bounded to :data:`CACHE_CHARS` characters of texts): counting
several statistics over one corpus segments it once. Term matching never
segments (see :mod:`termshift.matching`).

Examples
--------
>>> tokenize("Japan’s Counter-strike: 2 options, we're told.")
["japan's", 'counter', 'strike', '2', 'options', "we're", 'told']
>>> count_tokens("Japan's Counter-strike: 2 options.")
5
>>> tokenize("政府は反撃\\n能力の保有を決めた。")
['政府', 'は', '反撃', '能力', 'の', '保有', 'を', '決め', 'た']
>>> tokenize("政府は反撃\\n能力の保有を決めた。", normalize=True)
['政府', 'は', '反撃', '能力', 'の', '保有', 'を', '決める', 'た']
"""

from __future__ import annotations

import functools
import re
import unicodedata

import numpy as np

from .language import bmp_table, detect_language, join_cjk_lines, join_cjk_lines_mapped

__all__ = ["LanguageText", "with_languages", "TOKEN_PATTERN", "tokenize", "token_spans", "count_tokens",
           "token_starts", "nfkc",
           "analyser_versions", "CACHE_CHARS", "clear_token_cache", "remember_token_count"]

#: The token as a regular expression (text other than Japanese): a maximal run of letters or digits,
#: an apostrophe between two of them joining them.
TOKEN_PATTERN = r"[^\W_]+(?:['\u2019\u02bc][^\W_]+)*"
_TOKEN = re.compile(TOKEN_PATTERN)
_APOSTROPHES = (0x27, 0x2019, 0x02BC)
_ONE_APOSTROPHE = str.maketrans({"\u2019": "'", "\u02bc": "'"})

#: Japanese text is given to the analyser in pieces of about this many characters, cut after a line
#: break or a 。 where possible (MeCab is fastest on pieces of a few thousand characters).
_PIECE = 2000

#: Most characters of Japanese texts whose token totals are remembered (oldest forgotten first).
CACHE_CHARS = 200_000_000
_CACHE: dict[str, int] = {}
_CACHE_SIZE = [0]


def nfkc(text: str) -> str:
    """``text`` in Unicode normalisation form NFKC (unchanged if it already is).

    Examples
    --------
    >>> nfkc("ｶｳﾝﾀｰ ｓｔｒｉｋｅ")
    'カウンター strike'
    """
    if text.isascii():  # every ASCII character is its own NFKC form (constant time to know)
        return text
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text


@functools.cache
def _tagger(wakati: bool):
    """The MeCab tagger (fugashi + UniDic-lite), made once per process."""
    import fugashi

    return fugashi.Tagger("-Owakati") if wakati else fugashi.Tagger()


def analyser_versions() -> dict[str, str]:
    """Versions of the Japanese analyser's packages (for records such as a figure manifest).

    Examples
    --------
    >>> sorted(analyser_versions())
    ['fugashi', 'unidic-lite']
    """
    from importlib.metadata import version

    return {name: version(name) for name in ("fugashi", "unidic-lite")}


def _pieces(text: str):
    """``(start, piece)`` of ``text`` cut into pieces of about ``_PIECE`` characters at a line end or 。."""
    n, a = len(text), 0
    while a < n:
        b = min(n, a + _PIECE)
        if b < n:
            cut = max(text.rfind("\n", a, b), text.rfind("。", a, b))
            if cut > a:
                b = cut + 1
        yield a, text[a:b]
        a = b


class LanguageText(str):
    """A text that carries its language (``.language``), as the corpus's ``language`` column gives it.

    Code that only passes texts along -- scikit-learn's vectorisers call
    :func:`tokenize` with the text alone -- then still segments each document
    by its own language: :func:`tokenize`, :func:`token_spans` and
    :func:`count_tokens` read ``.language`` when no ``language`` is given.

    Examples
    --------
    >>> text = LanguageText("政府は反撃能力", "en")
    >>> tokenize(text), tokenize(str(text))
    (['政府は反撃能力'], ['政府', 'は', '反撃', '能力'])
    """

    language: str | None

    def __new__(cls, text: str, language: str | None):
        obj = super().__new__(cls, text)
        obj.language = language
        return obj


def with_languages(texts, languages=None) -> list:
    """``texts`` as :class:`LanguageText` carrying ``languages`` (one per text); plain texts when None."""
    if languages is None:
        return list(texts)
    return [LanguageText(t, lang if isinstance(lang, str) else None) for t, lang in zip(texts, languages)]


def _is_japanese(text: str, language) -> bool:
    """Whether ``text`` is segmented by the analyser (ASCII text never is: the rule gives the same words)."""
    if language is None:
        language = getattr(text, "language", None)  # a LanguageText knows its own
    return not text.isascii() and (detect_language(text) if language is None else language) == "ja"


def _ja_text(text: str) -> str:
    return join_cjk_lines(nfkc(text))


def tokenize(text: str, language: str | None = None, *, normalize: bool = False) -> list[str]:
    """Case-folded word tokens of ``text``.

    Parameters
    ----------
    text : str
    language : str, optional
        ``"ja"``: segmented by the analyser; any other code: runs of letters or
        digits; None (default): detected from ``text``.
    normalize : bool, default=False
        Japanese tokens as their UniDic lemma (決め -> 決める, カウンタ ->
        カウンター; see the module notes). The same tokens, so the same number
        of them; other text is unchanged.

    ``len(tokenize(t, lang)) == count_tokens(t, lang)`` for every text, with or
    without ``normalize``.

    Examples
    --------
    >>> tokenize("Straße, STRASSE")
    ['strasse', 'strasse']
    >>> tokenize("ﾄﾏﾎｰｸを購入", language="ja")
    ['トマホーク', 'を', '購入']
    >>> tokenize("ｶｳﾝﾀｰとカウンタを決め、決める", language="ja", normalize=True)
    ['カウンター', 'と', 'カウンター', 'を', '決める', '決める']
    """
    if not _is_japanese(text, language):
        folded = _folded_whole(text)
        if folded is not None:
            return _TOKEN.findall(folded)
        return [t.casefold().translate(_ONE_APOSTROPHE) for t in _TOKEN.findall(text)]
    if normalize:
        return _ja_lemmas(text)
    tagger = _tagger(True)
    out: list[str] = []
    for _, piece in _pieces(_ja_text(text)):
        out.extend(t.casefold() for t in tagger.parse(piece).split() if _TOKEN.search(t))
    return out


#: Normalised form of each UniDic feature string seen (None: no lemma, the surface is used); bounded.
_LEMMAS: dict[str, str | None] = {}


def _lemma(word) -> str:
    """The NFKC'd, case-folded UniDic lemma of an analyser token (its surface when it has none)."""
    raw = word.feature_raw
    try:
        lemma = _LEMMAS[raw]  # one look-up per token: reading the features is 3x slower than the analyser
    except KeyError:
        lemma = getattr(word.feature, "lemma", None)
        if not lemma or lemma == "*":
            lemma = None
        else:
            head = lemma.partition("-")[0]  # drop the gloss of loanwords and homographs (カウンター-counter)
            lemma = nfkc(head or lemma).casefold()
        if len(_LEMMAS) >= 1_000_000:
            _LEMMAS.clear()
        _LEMMAS[raw] = lemma
    return word.surface.casefold() if lemma is None else lemma


def _ja_lemmas(text: str) -> list[str]:
    tagger = _tagger(False)
    out: list[str] = []
    for _, piece in _pieces(_ja_text(text)):
        out.extend(_lemma(w) for w in tagger(piece) if _TOKEN.search(w.surface))
    return out


def _folded_whole(text: str) -> str | None:
    """``text`` case-folded (apostrophes as ``'``) in one call, when its tokens are those of ``text``
    folded one by one: every character folds to one character (so offsets stay) and none changes
    from word to non-word character by folding (only U+0345, which folds to a letter, does:
    tested on every code point). None otherwise: the caller folds token by token.

    >>> _folded_whole("Japan’s STRASSE"), _folded_whole("Straße") is None
    ("japan's strasse", True)
    """
    if text.isascii():
        return text.lower()
    if "\u0345" in text:
        return None
    folded = text.casefold()
    if len(folded) != len(text):
        return None
    return folded.translate(_ONE_APOSTROPHE) if "\u2019" in folded or "\u02bc" in folded else folded


def token_spans(text: str, language: str | None = None) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """``(starts, ends, tokens)``: the offsets in ``text`` and case-folded form of each token.

    For Japanese, ``text`` should be NFKC-normalised (as the loader leaves it)
    for the offsets to point into it; a token cut by a line break (反撃\\n能力
    is read as 反撃能力) spans the break.

    Examples
    --------
    >>> starts, ends, toks = token_spans("No first use.")
    >>> starts.tolist(), ends.tolist(), toks
    ([0, 3, 9], [2, 8, 12], ['no', 'first', 'use'])
    >>> starts, ends, toks = token_spans("反撃\\n能力を持つ")
    >>> starts.tolist(), ends.tolist(), toks
    ([0, 3, 5, 6], [2, 5, 6, 8], ['反撃', '能力', 'を', '持つ'])
    """
    if _is_japanese(text, language):
        found = _ja_spans(text)
    elif (folded := _folded_whole(text)) is not None:
        found = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(folded)]
    else:
        found = [(m.start(), m.end(), m.group().casefold().translate(_ONE_APOSTROPHE))
                 for m in _TOKEN.finditer(text)]
    if not found:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), []
    starts, ends, toks = zip(*found)
    return np.asarray(starts, np.int64), np.asarray(ends, np.int64), list(toks)


def _ja_spans(text: str) -> list[tuple[int, int, str]]:
    joined, to_text = join_cjk_lines_mapped(nfkc(text))

    def back(p: int, end: bool) -> int:
        return p if to_text is None else to_text(p, end)

    tagger = _tagger(True)
    found = []
    for offset, piece in _pieces(joined):
        pos = 0
        for tok in tagger.parse(piece).split():
            start = piece.find(tok, pos)
            if start < 0:  # the analyser changed the characters (never seen): skip the token, keep going
                continue
            pos = start + len(tok)
            if _TOKEN.search(tok):
                found.append((back(offset + start, False), back(offset + pos, True), tok.casefold()))
    return found


def clear_token_cache() -> None:
    """Forget the remembered token totals of Japanese texts."""
    _CACHE.clear()
    _CACHE_SIZE[0] = 0


def remember_token_count(text: str, n: int) -> None:
    """Remember ``n`` as the token total of the Japanese ``text`` (totals counted in a worker process).

    Examples
    --------
    >>> remember_token_count("反撃能力のテスト", 4); count_tokens("反撃能力のテスト")
    4
    >>> clear_token_cache()
    """
    if len(text) > CACHE_CHARS or text in _CACHE:
        return
    while _CACHE and _CACHE_SIZE[0] + len(text) > CACHE_CHARS:
        old = next(iter(_CACHE))
        del _CACHE[old]
        _CACHE_SIZE[0] -= len(old)
    _CACHE[text] = n
    _CACHE_SIZE[0] += len(text)


class _WordTokens(dict):
    """Whether an analyser token holds a letter or digit (else it is punctuation, not counted), remembered."""

    def __missing__(self, tok: str) -> bool:
        if len(self) >= 1_000_000:  # bounded: a new vocabulary starts afresh
            self.clear()
        word = self[tok] = _TOKEN.search(tok) is not None
        return word


_IS_WORD = _WordTokens()


def _count_ja(text: str) -> int:
    n = _CACHE.get(text)
    if n is None:
        # one analyser call per piece; a token counts when it holds a letter or digit (the memo answers
        # for tokens seen before, so punctuation costs one dictionary look-up per token)
        parse, is_word = _tagger(True).parse, _IS_WORD.__getitem__
        joined = _ja_text(text)
        if len(joined) <= _PIECE:
            n = sum(map(is_word, parse(joined).split()))
        else:
            n = sum(sum(map(is_word, parse(piece).split())) for _, piece in _pieces(joined))
        remember_token_count(text, n)
    return n


def count_tokens(text: str, language: str | None = None) -> int:
    """Number of tokens in ``text``, without building them (vectorised; Japanese totals remembered).

    Parameters
    ----------
    text : str
    language : str, optional
        As for :func:`tokenize` (None: detected from ``text``).

    Examples
    --------
    >>> count_tokens("Japan's counter-strike: 2 options.")
    5
    >>> count_tokens("") , count_tokens("—")
    (0, 0)
    >>> count_tokens("政府は反撃能力の保有を決めた。")
    9
    """
    if not text:
        return 0
    if not text.isascii() and _is_japanese(text, language):
        return _count_ja(text)
    w = _word_mask(text)
    return int(w[0]) + int(np.count_nonzero(w[1:] & ~w[:-1]))


def token_starts(text: str) -> np.ndarray:
    """Offsets where the tokens of ``text`` start, by the rule (a text that is not Japanese).

    ``len(token_starts(t)) == count_tokens(t, "en")``; the counting of many short texts joined
    into one (:meth:`termshift.matching.Matcher.count_many`) gives each document its tokens
    from these offsets.

    >>> token_starts("No first-use, Japan\u2019s.").tolist()
    [0, 3, 9, 14]
    """
    if not text:
        return np.zeros(0, np.int64)
    w = _word_mask(text)
    starts = np.flatnonzero(w[1:] & ~w[:-1]) + 1
    return np.concatenate([np.zeros(1, np.int64), starts]) if w[0] else starts


def _word_mask(text: str) -> np.ndarray:
    """Per character of a non-empty text: part of a token (a letter or digit, or an apostrophe between two).

    ASCII: letters and digits by byte arithmetic (``b - 48 < 10`` for digits, ``(b | 32) - 97 < 26``
    for letters, wrapping around as unsigned bytes); other text: a table of the BMP.

    >>> _word_mask("can't x").tolist()
    [True, True, True, True, True, False, True]
    """
    if text.isascii():
        b = np.frombuffer(text.encode("ascii"), np.uint8)
        w = ((b - np.uint8(48)) < 10) | (((b | np.uint8(32)) - np.uint8(97)) < 26)
        if len(w) > 2 and "'" in text:
            w[1:-1] |= (b[1:-1] == 0x27) & w[:-2] & w[2:]
        return w
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    bmp = cp < 0x10000
    if bmp.all():
        w = _bmp_alnum()[cp]
    else:
        w = np.empty(cp.shape, dtype=bool)
        w[bmp] = _bmp_alnum()[cp[bmp]]
        uniq, inv = np.unique(cp[~bmp], return_inverse=True)
        w[~bmp] = np.array([chr(c).isalnum() for c in uniq], dtype=bool)[inv]
    if len(w) > 2 and any(chr(a) in text for a in _APOSTROPHES):  # an apostrophe between word characters joins
        inner = cp[1:-1]
        apostrophe = (inner == _APOSTROPHES[0]) | (inner == _APOSTROPHES[1]) | (inner == _APOSTROPHES[2])
        w[1:-1] |= apostrophe & w[:-2] & w[2:]
    return w


def _bmp_alnum():
    """Whether each character of the Basic Multilingual Plane is a letter or digit (``str.isalnum``)."""
    return bmp_table(r"[^\W_]")  # str.isalnum, as `re` applies it
