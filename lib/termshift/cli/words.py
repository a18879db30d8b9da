"""``termshift tfidf``, ``keyness``, ``kwic``, ``collocates`` and ``cooccurrence``: the words around the terms."""

from __future__ import annotations

from ..errors import ParameterError
from .args import (
    add_corpus_args,
    add_out_arg,
    add_period_arg,
    add_terms_arg,
    add_top_k_arg,
    family_ids,
    language_code,
    load_corpus_arg,
    load_terms_arg,
    whole_number,
)
from .output import FORMULA_NOTE, emit_table

__all__ = ["add_tfidf", "add_keyness", "add_kwic", "add_collocates", "add_cooccurrence"]

#: Words per period when ``tfidf`` is given no ``--top-k`` (families: all of them).
TFIDF_TOP_WORDS = 20


def _cmd_tfidf(args) -> int:
    from ..tfidf import family_tfidf, tfidf_by_period

    terms = load_terms_arg(args)  # validate before reading the corpus
    opts = dict(ngram_range=(1, args.ngrams), stop_words=None if args.keep_stop_words else "english",
                min_df=args.min_df, stemmer=args.stemmer, normalize=args.normalize)
    corpus = load_corpus_arg(args)
    if terms is not None:
        table = family_tfidf(corpus, terms, args.freq, top_k=args.top_k, **opts)  # None: every family
    else:
        top_k = TFIDF_TOP_WORDS if args.top_k is None else args.top_k
        table = tfidf_by_period(corpus, args.freq, top_k=top_k, **opts)
    emit_table(table, args)
    return 0


def add_tfidf(sub) -> None:
    p = sub.add_parser("tfidf", help="top TF-IDF terms per period, periods as documents (CSV)",
                       description="Each period's documents form one document; weights are scikit-learn's "
                                   "TfidfVectorizer defaults (smooth idf, l2 norm). Columns: period, term, tfidf, "
                                   "count, rank. With --terms: one row per period x family (period, family, "
                                   "label, tfidf, count), every variant of a family counted as one term. "
                                   + FORMULA_NOTE)
    add_corpus_args(p)
    add_terms_arg(p, required=False)
    add_period_arg(p, "year")
    add_top_k_arg(p, None, f"terms per period (default: {TFIDF_TOP_WORDS} words; with --terms every family)")
    p.add_argument("--ngrams", type=whole_number(1), default=1, metavar="N",
                   help="longest word n-gram (default: 1, words only)")
    p.add_argument("--min-df", type=whole_number(1), default=1, metavar="N",
                   help="drop terms found in fewer periods (default: 1)")
    p.add_argument("--stemmer", choices=["porter", "snowball"], default=None, help="stem words (NLTK)")
    p.add_argument("--keep-stop-words", action="store_true", help="keep English stop words")
    _add_normalize_arg(p)
    add_out_arg(p)
    p.set_defaults(func=_cmd_tfidf)


def _add_normalize_arg(p) -> None:
    p.add_argument("--normalize", action="store_true",
                   help="Japanese words as their dictionary lemma (UniDic): inflected and variant spellings "
                        "pooled, e.g. 決め and 決める as 決める; other text unchanged (default: words as written)")


def _cmd_keyness(args) -> int:
    from ..keyness import keyness

    terms = load_terms_arg(args)
    table = keyness(load_corpus_arg(args), args.split, terms=terms, ngram_range=(1, args.ngrams), top_k=args.top_k,
                    min_count=args.min_count, unit=args.unit, normalize=args.normalize)
    emit_table(table, args)
    return 0


def add_keyness(sub) -> None:
    p = sub.add_parser("keyness", help="words (and families) that mark documents before vs after a date (CSV)",
                       description="Slice A = documents dated before --split, slice B = on or after. Columns: "
                                   "term, kind, side (A where g2 > 0, B where g2 < 0: the one sign convention), "
                                   "count_a, count_b, g2 (Dunning log-likelihood), p_value (--unit), p_holm, "
                                   "p_bh (adjusted), log_ratio (Hardie, same sign as g2) with log_ratio_low/high, "
                                   "log_odds_z (Monroe et al.), df_a, df_b (documents), dp_a, dp_b (Gries' DP), "
                                   "sorted by |g2|. " + FORMULA_NOTE)
    add_corpus_args(p)
    add_terms_arg(p, required=False)
    p.add_argument("--split", required=True, help="split date YYYY-MM-DD")
    add_top_k_arg(p, None, "keep this many word rows (family rows are always kept; default: all)")
    p.add_argument("--min-count", type=whole_number(1), default=1, metavar="N",
                   help="drop words seen fewer times in total (default: 1)")
    p.add_argument("--ngrams", type=whole_number(1), default=1, metavar="N",
                   help="longest word n-gram (default: 1, words only)")
    p.add_argument("--unit", choices=["document", "token"], default="document",
                   help="p_value from a Mann-Whitney test of per-document rates (documents as the unit of "
                        "evidence; default), or from G2 over tokens (too small on bursty words)")
    _add_normalize_arg(p)
    add_out_arg(p)
    p.set_defaults(func=_cmd_keyness)


def _cmd_kwic(args) -> int:
    from ..context import kwic

    terms = load_terms_arg(args)
    if args.family not in terms:
        raise ParameterError([f"--family {args.family}: not in {args.terms}; choose one of: {', '.join(terms)}"])
    emit_table(kwic(load_corpus_arg(args), terms, args.family, width=args.width, language=args.in_language), args)
    return 0


def add_kwic(sub) -> None:
    p = sub.add_parser("kwic", help="keyword in context: every match of one family (CSV)",
                       description="One row per match: doc_id, date, left, match, right, term, start, end, language "
                                   "(the matches `termshift count` counts). The left, match and right text is "
                                   "article text: " + FORMULA_NOTE)
    add_corpus_args(p)
    add_terms_arg(p)
    p.add_argument("--family", required=True, help="family id (a [table] of the terms file)")
    p.add_argument("--width", type=whole_number(0), default=60, metavar="N",
                   help="characters of context on each side (default: 60)")
    _add_in_language(p)
    add_out_arg(p)
    p.set_defaults(func=_cmd_kwic)


def _add_in_language(p) -> None:
    """``--in-language CODE``: only the documents in one language (``--language`` sets every document's)."""
    p.add_argument("--in-language", type=language_code, default=None, metavar="CODE",
                   help="only the documents in this language (ja, en, ...), as detected or given; default: all")


def _cmd_collocates(args) -> int:
    from ..context import collocates

    terms = load_terms_arg(args)
    family_ids(terms, args.family, "--family")
    table = collocates(load_corpus_arg(args), terms, args.family, window=args.window, min_count=args.min_count,
                       top_k=args.top_k, language=args.in_language)
    emit_table(table, args)
    return 0


def add_collocates(sub) -> None:
    p = sub.add_parser("collocates", help="tokens around one family's matches: count, PMI, MI3, logDice, G2 (CSV)",
                       description="One row per token seen near the family's matches: count, PMI, MI3, logDice "
                                   "and Dunning's G2 against the rest of the corpus, sorted by G2. "
                                   + FORMULA_NOTE)
    add_corpus_args(p)
    add_terms_arg(p)
    p.add_argument("--family", required=True, help="family id")
    p.add_argument("--window", type=whole_number(1), default=5, metavar="N",
                   help="tokens on each side (default: 5)")
    p.add_argument("--min-count", type=whole_number(1), default=3, metavar="N",
                   help="drop collocates seen fewer times (default: 3)")
    add_top_k_arg(p, None, "keep the first N rows, sorted by G2 (default: all)")
    _add_in_language(p)
    add_out_arg(p)
    p.set_defaults(func=_cmd_collocates)


def _cmd_cooccurrence(args) -> int:
    from ..context import cooccurrence

    terms = load_terms_arg(args)
    emit_table(cooccurrence(load_corpus_arg(args), terms, unit=args.unit), args)
    return 0


def add_cooccurrence(sub) -> None:
    p = sub.add_parser("cooccurrence", help="pairs of families in the same document or sentence (CSV)")
    add_corpus_args(p)
    add_terms_arg(p)
    p.add_argument("--unit", default="document", choices=["document", "sentence"])
    add_out_arg(p)
    p.set_defaults(func=_cmd_cooccurrence)
