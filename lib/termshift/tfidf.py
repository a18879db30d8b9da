"""TF-IDF across dated documents: which words (and term families) characterise each period.

Each period (year, quarter, month...) is one *document*: the words of all the
corpus documents dated in it, analysed document by document (so word n-grams
never cross from one article into the next) and pooled. The weights are
scikit-learn's :class:`~sklearn.feature_extraction.text.TfidfVectorizer`
itself, run on those pooled words, with its defaults unless changed:

.. math::

    \\mathrm{tfidf}(t, p) = \\frac{\\mathrm{tf}(t, p)\\, \\mathrm{idf}(t)}
                               {\\lVert \\mathrm{tf}(\\cdot, p)\\, \\mathrm{idf}(\\cdot) \\rVert_2},
    \\qquad \\mathrm{idf}(t) = \\ln \\frac{1 + n}{1 + \\mathrm{df}(t)} + 1,

where tf(t, p) is the count of term t in period p, n the number of periods
that have documents and df(t) the number of those periods in which t occurs
(``smooth_idf=True``, ``norm="l2"``, ``sublinear_tf=False``; Salton & Buckley
1988, Sparck Jones 1972; scikit-learn user guide, "Tf-idf term weighting").
Parameters keep scikit-learn's names and meanings (``ngram_range``,
``stop_words``, ``min_df``, ``max_df``, ``norm``, ``smooth_idf``, ...), and
``min_df``/``max_df`` count *periods*.

References
----------
Salton, G., & Buckley, C. (1988). Term-weighting approaches in automatic text
retrieval. *Information Processing & Management* 24(5), 513-523.

Sparck Jones, K. (1972). A statistical interpretation of term specificity and
its application in retrieval. *Journal of Documentation* 28(1), 11-21.
"""

from __future__ import annotations

from functools import lru_cache, partial

import numpy as np
import pandas as pd

from . import tokens
from ._validation import check_corpus, check_int, check_ngram_range, raise_problems
from .errors import ParameterError
from .periods import period_codes
from .terms import as_termset
from .typing import Freq, TermsLike

__all__ = ["tfidf_by_period", "family_tfidf", "document_tfidf", "STEMMERS"]

#: Stemmers accepted by name (NLTK, no downloaded data needed).
STEMMERS = ("porter", "snowball")

# scikit-learn parameters that shape the analysis (tokens, n-grams) and the weighting.
_ANALYSIS_KEYS = {"lowercase", "preprocessor", "tokenizer", "token_pattern", "strip_accents", "analyzer"}
_WEIGHT_KEYS = {"max_features", "vocabulary", "binary", "dtype", "norm", "use_idf", "smooth_idf", "sublinear_tf"}
_FAMILY_PREFIX = "\x00family:"  # family tokens: no analyzer can produce a NUL character


def _passthrough(features):
    return features


def _stem_function(stemmer):
    if stemmer is None:
        return None
    if isinstance(stemmer, str):
        from nltk.stem import PorterStemmer, SnowballStemmer

        if stemmer == "porter":
            return lru_cache(maxsize=1 << 16)(PorterStemmer().stem)
        if stemmer == "snowball":
            return lru_cache(maxsize=1 << 16)(SnowballStemmer("english").stem)
    elif callable(stemmer):
        return stemmer
    elif callable(getattr(stemmer, "stem", None)):
        return stemmer.stem
    raise ParameterError([f"stemmer={stemmer!r}: use 'porter', 'snowball', None, or a function word -> stem"])


def _split_kwargs(kwargs):
    unknown = sorted(set(kwargs) - _ANALYSIS_KEYS - _WEIGHT_KEYS)
    if unknown:
        raise ParameterError([f"unknown parameter(s) {', '.join(unknown)}; scikit-learn TfidfVectorizer "
                              f"parameters accepted: {', '.join(sorted(_ANALYSIS_KEYS | _WEIGHT_KEYS))}"])
    return ({k: v for k, v in kwargs.items() if k in _ANALYSIS_KEYS},
            {k: v for k, v in kwargs.items() if k in _WEIGHT_KEYS})


def _check_common(ngram_range, stop_words, top_k=None, normalize=False):
    problems = []
    if not isinstance(normalize, bool):
        problems.append(f"normalize={normalize!r}: give True (Japanese words as their lemma) or False")
    check_ngram_range(ngram_range, problems)
    if isinstance(stop_words, str) and stop_words != "english":
        problems.append(f"stop_words={stop_words!r}: use 'english', None, or a list of words")
    check_int("top_k", top_k, 1, allow_none=True, problems=problems)
    raise_problems(problems)


def _sklearn_error(err, n_docs, what):
    msg = str(err).strip().splitlines()[0]
    if "min_df" in msg or "max_df" in msg or "no terms remain" in msg:
        msg += f" ({n_docs} {what}; try a lower min_df or a higher max_df)"
    elif "empty vocabulary" in msg:
        msg += " (try stop_words=None)"
    return ParameterError([msg])


def _build_analyzer(ngram_range, stop_words, stemmer, analysis, normalize=False):
    """The callable that turns one raw text into its features (scikit-learn's own analyzer).

    With a stemmer, stop words are removed *before* stemming (scikit-learn's
    list holds unstemmed words), then the tokens are stemmed, then n-grams
    are formed.
    """
    from sklearn.feature_extraction.text import CountVectorizer

    stem = _stem_function(stemmer)
    own = sorted({"tokenizer", "token_pattern", "analyzer"} & set(analysis))
    if normalize and own:
        raise ParameterError([f"normalize=True gives termshift's tokens their normalised form; drop "
                              f"{', '.join(own)} or normalize"])
    if not own:
        # the one token definition (termshift.tokens), already case-folded
        tokenizer = partial(tokens.tokenize, normalize=True) if normalize else tokens.tokenize
        analysis = {"tokenizer": tokenizer, "token_pattern": None, "lowercase": False, **analysis}
    cv = CountVectorizer(ngram_range=tuple(ngram_range), stop_words=stop_words, **analysis)
    _validate(cv)
    if stem is None:
        return cv.build_analyzer()
    if analysis.get("analyzer", "word") != "word":
        raise ParameterError([f"stemmer={stemmer!r} works on words; drop it or use analyzer='word'"])
    tokenize = cv.build_tokenizer()
    stops = cv.get_stop_words() or frozenset()

    def tokenizer(doc):
        return [stem(t) for t in tokenize(doc) if t not in stops]

    rest = {k: v for k, v in analysis.items() if k not in ("tokenizer", "token_pattern")}
    return CountVectorizer(ngram_range=tuple(ngram_range), stop_words=None, tokenizer=tokenizer,
                           token_pattern=None, **rest).build_analyzer()


def _validate(estimator):
    try:
        estimator._validate_params()  # scikit-learn's own parameter checks (normally run by fit)
    except AttributeError:  # pragma: no cover - very old scikit-learn
        pass
    except ValueError as err:
        raise ParameterError([str(err).strip().splitlines()[0]]) from None


def _weigh(feature_lists, min_df, max_df, weighting, what):
    """TfidfVectorizer on already-analysed feature lists: (tfidf, counts, names).

    One pass over the features: the counts (CountVectorizer, the vocabulary pruned by
    ``min_df``/``max_df``/``max_features``), then TfidfTransformer on them -- which is what
    TfidfVectorizer does inside, so the weights are the same numbers (tested). With
    ``binary`` or ``dtype`` the counts returned must still be the raw ones: the vectorizer
    runs as such and the counts take a second pass.
    """
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer

    if not {"binary", "dtype"} & set(weighting):
        count_keys = {k: v for k, v in weighting.items() if k in ("max_features", "vocabulary")}
        # float64 counts, as TfidfVectorizer makes them (the same layout, so the same sums to the last bit)
        cv = CountVectorizer(analyzer=_passthrough, min_df=min_df, max_df=max_df, dtype=np.float64, **count_keys)
        tt = TfidfTransformer(**{k: v for k, v in weighting.items() if k not in count_keys})
        try:
            counts = cv.fit_transform(feature_lists)
            X = tt.fit_transform(counts)
        except ValueError as err:
            raise _sklearn_error(err, len(feature_lists), what) from None
        return X.tocsr(), counts.astype(np.int64).tocsr(), cv.get_feature_names_out().astype(object)
    vec = TfidfVectorizer(analyzer=_passthrough, min_df=min_df, max_df=max_df, **weighting)
    try:
        X = vec.fit_transform(feature_lists)
    except ValueError as err:
        raise _sklearn_error(err, len(feature_lists), what) from None
    counts = CountVectorizer(analyzer=_passthrough, vocabulary=vec.vocabulary_).transform(feature_lists)
    return X.tocsr(), counts.tocsr(), vec.get_feature_names_out().astype(object)


def _pool(features_per_doc, codes, present):
    """Concatenate the features of the documents of each present period."""
    slot = {int(c): i for i, c in enumerate(present)}
    pooled = [[] for _ in present]
    for feats, c in zip(features_per_doc, codes):
        pooled[slot[int(c)]].extend(feats)
    return pooled


def _prepare(corpus, ngram_range, stop_words, stemmer, vectorizer_kwargs, top_k=None, normalize=False):
    check_corpus(corpus)
    _check_common(ngram_range, stop_words, top_k, normalize)
    analysis, weighting = _split_kwargs(vectorizer_kwargs)
    return _build_analyzer(ngram_range, stop_words, stemmer, analysis, normalize), weighting


def tfidf_by_period(corpus: pd.DataFrame, freq: Freq | str = "year", *, top_k: int | None = 20, ngram_range=(1, 1),
                    stop_words="english", min_df=1, max_df=1.0, stemmer=None, normalize: bool = False,
                    **vectorizer_kwargs) -> pd.DataFrame:
    """The words with the highest TF-IDF weight in each period, periods as documents.

    Parameters
    ----------
    corpus : DataFrame
        As returned by :func:`~termshift.load_corpus` (needs ``doc_id``, ``date``, ``text``).
    freq : {"day", "week", "month", "quarter", "year"} or pandas alias, default="year"
        The period; each period with documents is one TF-IDF document.
    top_k : int or None, default=20
        Terms kept per period (highest weight first); None keeps every term
        that occurs in the period.
    ngram_range : (int, int), default=(1, 1)
        Word n-grams, as in scikit-learn.
    stop_words : "english", list of str or None, default="english"
        scikit-learn's English stop list; a list replaces it, None keeps every word.
    min_df, max_df : int or float, default=1, 1.0
        Drop terms in fewer / more periods than this (an int counts periods,
        a float is a share of them), as in scikit-learn.
    stemmer : {"porter", "snowball"}, callable or None, default=None
        Stem every word (NLTK's Porter or English Snowball stemmer, or any
        function word -> stem) after stop words are removed and before n-grams
        are formed.
    normalize : bool, default=False
        Japanese words as their dictionary lemma
        (:func:`termshift.tokens.tokenize` with ``normalize=True``): 決め (in
        決めた) and 決める both count as 決める, カウンタ as カウンター. Text other
        than Japanese is unchanged (use ``stemmer`` for English).
    **vectorizer_kwargs
        Other :class:`~sklearn.feature_extraction.text.TfidfVectorizer`
        parameters: ``norm``, ``use_idf``, ``smooth_idf``, ``sublinear_tf``,
        ``binary``, ``max_features``, ``vocabulary``, ``dtype``,
        ``lowercase``, ``token_pattern``, ``tokenizer``, ``preprocessor``,
        ``strip_accents``, ``analyzer``.

    Returns
    -------
    DataFrame
        ``period`` (:class:`pandas.Period`: 2022, 2022Q4, 2022-11...), ``term``,
        ``tfidf`` (the weight above), ``count`` (occurrences of the term in
        the period) and ``rank`` (1 = highest weight; ties broken by term),
        periods in order. Periods without documents have no rows and do not
        count in n.

    Raises
    ------
    ParameterError
        A parameter is out of range, or no term survives the stop words and
        min_df/max_df.

    See Also
    --------
    family_tfidf : the weight of whole term families.
    document_tfidf : the document-by-term matrix itself.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b", "c"],
    ...     "date": pd.to_datetime(["2021-05-01", "2021-09-01", "2022-12-16"]),
    ...     "text": ["Preemptive strike debate.", "The preemptive option.", "Counterstrike debate, counterstrike."]})
    >>> tfidf_by_period(corpus, top_k=2).round({"tfidf": 3})
      period           term  tfidf  count  rank
    0   2021     preemptive  0.784      2     1
    1   2021         option  0.392      1     2
    2   2022  counterstrike  0.942      2     1
    3   2022         debate  0.335      1     2
    """
    analyze, weighting = _prepare(corpus, ngram_range, stop_words, stemmer, vectorizer_kwargs, top_k, normalize)
    periods, codes = period_codes(corpus["date"].to_numpy(), freq)
    present = np.unique(codes)
    pooled = _pool((analyze(t) for t in _texts(corpus)), codes, present)
    X, C, names = _weigh(pooled, min_df, max_df, weighting, "periods with documents")
    C = C.tocoo()
    rows, cols = C.row, C.col
    out = pd.DataFrame({
        "period": periods[present][rows],
        "term": names[cols],
        "tfidf": np.asarray(X[rows, cols]).ravel().astype(float),
        "count": C.data.astype(np.int64),
    })
    out = out.iloc[np.lexsort((out["term"].to_numpy().astype(str), -out["tfidf"].to_numpy(), rows))]
    out["rank"] = out.groupby("period", sort=False).cumcount().astype(np.int64) + 1
    if top_k is not None:
        out = out[out["rank"] <= top_k]
    return out.reset_index(drop=True)


def _texts(corpus):
    """The corpus's texts, each carrying its language when the corpus has a ``language`` column."""
    return tokens.with_languages(corpus["text"], corpus["language"] if "language" in corpus.columns else None)


def _family_features(text, matcher, analyze):
    """The text's features with every family match replaced by one family token."""
    matches = matcher.find(text)
    if not matches:
        return analyze(text)
    language = getattr(text, "language", None)

    def piece(s):  # a slice of the text keeps its language
        return s if language is None else tokens.LanguageText(s, language)

    feats, pos, i = [], 0, 0
    while i < len(matches):  # merge matches that overlap (families are independent)
        start, end, fams = matches[i].start, matches[i].end, [matches[i].family]
        i += 1
        while i < len(matches) and matches[i].start < end:
            end = max(end, matches[i].end)
            fams.append(matches[i].family)
            i += 1
        feats.extend(analyze(piece(text[pos:start])))
        feats.extend(_FAMILY_PREFIX + f for f in fams)
        pos = end
    feats.extend(analyze(piece(text[pos:])))
    return feats


def family_tfidf(corpus: pd.DataFrame, terms: TermsLike, freq: Freq | str = "year", *, top_k: int | None = None,
                 ngram_range=(1, 1), stop_words="english", min_df=1, max_df=1.0, stemmer=None,
                 normalize: bool = False, **vectorizer_kwargs) -> pd.DataFrame:
    """The TF-IDF weight of each term family in each period, all its variants counted as one term.

    Every match of a family (:meth:`Matcher.find <termshift.matching.Matcher.find>`,
    the matches :func:`~termshift.counts.count_terms` counts) is replaced by
    one *family token* before the text is vectorised: "counterstrike
    capabilities", "counter-strike" and "counterattack capability" all become
    the one term ``counterstrike``, and the words of the match no longer count
    as words. The family token is not subject to stop words, stemming or
    n-grams (n-grams do not span it); where matches of several families
    overlap, the stretch gives one token to each. Everything else is as in
    :func:`tfidf_by_period`: periods are documents, and the family's weight is
    tf x idf normalised together with all the words of its period, so it is
    directly comparable with the word weights of :func:`tfidf_by_period`.

    Parameters
    ----------
    corpus : DataFrame
        As returned by :func:`~termshift.load_corpus`.
    terms : TermSet, path or mapping
        The families (see :func:`~termshift.load_terms`).
    top_k : int, optional
        Keep the ``top_k`` families with the highest weight in each period
        (ties: file order); default: every family.
    freq, ngram_range, stop_words, min_df, max_df, stemmer, normalize, **vectorizer_kwargs
        As for :func:`tfidf_by_period` (``normalize`` changes the other words,
        never the families: they are matched in the text as written).

    Returns
    -------
    DataFrame
        One row per period x family, every period of the date range present
        (period-major, families in file order): ``period``, ``family``,
        ``label``, ``tfidf`` and ``count`` (matches of the family in the
        period; equals :func:`~termshift.counts.count_terms`'s ``count``).
        ``tfidf`` is 0 where a period has documents but no match, and NaN for
        a period without documents or for a family that occurs but was
        dropped by ``min_df``, ``max_df``, ``max_features`` or ``vocabulary``.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "date": pd.to_datetime(["2021-05-01", "2022-12-16"]),
    ...     "text": ["Preemptive strike debate.", "Counterstrike capability debate; counter-strike."]})
    >>> fams = {"pre": ["preemptive strike"], "counter": ["counter-strike capabilit*", "counter-strike"]}
    >>> family_tfidf(corpus, fams).round({"tfidf": 3})
      period   family    label  tfidf  count
    0   2021      pre      pre  0.815      1
    1   2021  counter  counter  0.000      0
    2   2022      pre      pre  0.000      0
    3   2022  counter  counter  0.942      2

    By hand: 2022 holds the features ``[counter, debate, counter]``; idf is
    ln(3/2) + 1 = 1.405 for a family found in one period of two and
    ln(3/3) + 1 = 1 for "debate", so the weight is
    2 x 1.405 / sqrt((2 x 1.405)^2 + 1^2) = 0.942.
    """
    from .matching import Matcher

    ts = as_termset(terms).word_families()  # words: a code is no family of words
    analyze, weighting = _prepare(corpus, ngram_range, stop_words, stemmer, vectorizer_kwargs, top_k, normalize)
    periods, codes = period_codes(corpus["date"].to_numpy(), freq)
    matcher = Matcher(ts)
    fids = list(ts)
    present = np.unique(codes)
    pooled = _pool((_family_features(t, matcher, analyze) for t in _texts(corpus)), codes, present)
    X, _, names = _weigh(pooled, min_df, max_df, weighting, "periods with documents")
    column = {name: j for j, name in enumerate(names)}
    n_periods, n_fam = len(periods), len(fids)
    tfidf = np.full((n_periods, n_fam), np.nan)
    count = np.zeros((n_periods, n_fam), np.int64)
    index = {_FAMILY_PREFIX + f: k for k, f in enumerate(fids)}
    for row, (p, feats) in enumerate(zip(present, pooled)):
        for feat in feats:
            k = index.get(feat) if feat.startswith(_FAMILY_PREFIX) else None
            if k is not None:
                count[p, k] += 1
        for k, f in enumerate(fids):
            j = column.get(_FAMILY_PREFIX + f)
            if j is not None:
                tfidf[p, k] = X[row, j]
    never = count.sum(axis=0) == 0  # a family absent everywhere weighs 0 (it was not pruned)
    tfidf[np.ix_(present, never)] = 0.0
    out = pd.DataFrame({
        "period": pd.PeriodIndex(np.repeat(periods, n_fam), freq=periods.freq),
        "family": np.tile(np.array(fids, dtype=object), n_periods),
        "label": np.tile(np.array([ts[f].label for f in fids], dtype=object), n_periods),
        "tfidf": tfidf.ravel(),
        "count": count.ravel(),
    })
    if top_k is not None:  # the highest weights of each period, in weight order (NaN last, ties: file order)
        order = np.lexsort((np.tile(np.arange(n_fam), n_periods), -np.nan_to_num(tfidf.ravel(), nan=-np.inf),
                            np.repeat(np.arange(n_periods), n_fam)))
        out = out.iloc[order]
        out = out[out.groupby("period", sort=False).cumcount() < top_k].reset_index(drop=True)
    return out


def document_tfidf(corpus: pd.DataFrame, *, ngram_range=(1, 1), stop_words="english", min_df=1, max_df=1.0,
                   stemmer=None, normalize: bool = False, **vectorizer_kwargs):
    """The document-by-term TF-IDF matrix, for analyses beyond the tidy tables.

    The same analysis and weighting as :func:`tfidf_by_period`, with each
    corpus document as one TF-IDF document (``min_df``/``max_df`` count
    documents).

    Parameters
    ----------
    corpus : DataFrame
        As returned by :func:`~termshift.load_corpus`.
    ngram_range, stop_words, min_df, max_df, stemmer, normalize, **vectorizer_kwargs
        As for :func:`tfidf_by_period`.

    Returns
    -------
    matrix : scipy.sparse.csr_matrix of shape (n_documents, n_terms)
        Row i is the i-th row of the corpus.
    feature_names : ndarray of str
        The term of each column (sorted).

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "date": pd.to_datetime(["2021-05-01", "2022-12-16"]),
    ...                        "text": ["Preemptive strike debate.", "Counterstrike debate."]})
    >>> X, names = document_tfidf(corpus)
    >>> X.shape, names.tolist()
    ((2, 4), ['counterstrike', 'debate', 'preemptive', 'strike'])
    >>> X.toarray().round(3)
    array([[0.   , 0.449, 0.632, 0.632],
           [0.815, 0.58 , 0.   , 0.   ]])

    Japanese words as written, and as their lemma (``normalize=True``): 決め
    of 決めた and 決める become one column.

    >>> ja = pd.DataFrame({"doc_id": ["a", "b"], "date": pd.to_datetime(["2022-04-01", "2022-12-16"]),
    ...                    "text": ["保有を決めた。", "保有を決める。"]})
    >>> document_tfidf(ja, stop_words=None)[1].tolist()
    ['た', 'を', '保有', '決め', '決める']
    >>> document_tfidf(ja, stop_words=None, normalize=True)[1].tolist()
    ['た', 'を', '保有', '決める']
    """
    analyze, weighting = _prepare(corpus, ngram_range, stop_words, stemmer, vectorizer_kwargs, normalize=normalize)
    X, _, names = _weigh([analyze(t) for t in _texts(corpus)], min_df, max_df, weighting, "documents")
    return X, names.astype(str)
