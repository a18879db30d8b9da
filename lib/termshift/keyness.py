"""Keyness: which words (and term families) mark one slice of a corpus against another.

The corpus is cut in two slices, A and B (before / on or after a date, or any
boolean mask). Every term gets the four cells of a 2x2 table -- its count in
A and in B, and the count of all *other* tokens in A and in B -- and three
statistics, all vectorised over the vocabulary:

* ``g2``: Dunning's (1993) log-likelihood ratio, signed by direction;
* ``log_ratio``: Hardie's (2014) binary log of the ratio of relative frequencies,
  with an exact conditional interval (``log_ratio_low``, ``log_ratio_high``);
* ``log_odds_z``: Monroe, Colaresi & Quinn's (2008) log-odds ratio with an
  informative Dirichlet prior, divided by its standard deviation;
* dispersion: documents containing the term in each slice (``df_a``, ``df_b``) and
  Gries' (2008) DP per slice (``dp_a``, ``dp_b``);
* p-values adjusted for the number of terms tested: Holm (1979) ``p_holm`` and
  Benjamini & Hochberg (1995) ``p_bh``; ``unit="document"`` replaces the token-level
  chi-squared p-value by a Mann-Whitney test of the per-document rates, since
  tokens of one document are not independent.

**One sign convention.** The side of a term is the sign of ``g2``: ``side`` is
"A" (relatively more frequent in slice A: documents before the split date, or
marked True) where ``g2 > 0`` and "B" where ``g2 < 0``; ``log_ratio`` always
has that sign (see :func:`log_ratio`) and ``log_odds_z`` has it wherever the
prior does not outweigh the data. A plot picks sides by ``side`` (or the sign
of ``g2``).

Tokens are those of :mod:`termshift.tokens` (case-folded runs of letters or
digits; Japanese words from the morphological analyser), the tokens
:func:`termshift.tokens.count_tokens` counts, so that family rates and word
rates share one denominator. ``normalize=True`` compares Japanese words by
their dictionary lemma (決め and 決める pooled as 決める) with the same totals.

References
----------
Dunning, T. (1993). Accurate methods for the statistics of surprise and
coincidence. *Computational Linguistics* 19(1), 61-74.

Hardie, A. (2014). Log Ratio -- an informal introduction. ESRC Centre for
Corpus Approaches to Social Science (CASS), Lancaster University.

Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008). Fightin' words: lexical
feature selection and evaluation for identifying the content of political
conflict. *Political Analysis* 16(4), 372-403.

Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora.
*International Journal of Corpus Linguistics* 13(4), 403-437.

Holm, S. (1979). A simple sequentially rejective multiple test procedure.
*Scandinavian Journal of Statistics* 6(2), 65-70.

Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate.
*JRSS B* 57(1), 289-300.

Lijffijt, J., Nevalainen, T., Saily, T., Papapetrou, P., Puolamaki, K., & Mannila, H.
(2016). Significance testing of word frequencies in corpora. *Digital Scholarship
in the Humanities* 31(2), 374-397 (why document-level tests).
"""

from __future__ import annotations

import datetime as _dt
import numbers
import re
from functools import partial

import numpy as np
import pandas as pd

from ._validation import (
    check_choice,
    check_ci,
    check_corpus,
    check_int,
    check_ngram_range,
    raise_problems,
)
from .errors import ParameterError
from .stats.intervals import term_dispersion
from .terms import as_termset
from .tokens import count_tokens, tokenize, with_languages
from .typing import TermsLike

__all__ = ["keyness", "tokenize", "dunning_g2", "log_ratio", "log_ratio_interval", "log_odds_z", "gries_dp",
           "adjust_p", "term_dispersion", "KEYNESS_CONVENTION", "KEYNESS_TESTS"]

_COLUMNS = ["term", "kind", "side", "count_a", "count_b", "g2", "p_value", "p_holm", "p_bh", "log_ratio",
            "log_ratio_low", "log_ratio_high", "log_odds_z", "df_a", "df_b", "dp_a", "dp_b", "dispersion"]

#: What ``p_value`` tests, per unit (written into ``df.attrs["test"]``).
KEYNESS_TESTS = {"document": "document-level: two-sided Mann-Whitney U of per-document rates (Lijffijt et al. 2016)",
                 "token": "token-level: chi-squared(1) of Dunning's G2, tokens taken as independent"}
#: Median dispersion of the tested words above which ``unit="token"`` warns.
TOKEN_DISPERSION_WARNING = 1.5
_UNITS = ("token", "document")

#: The sign convention of every keyness output.
KEYNESS_CONVENTION = ("side = sign of g2: 'A' (g2 > 0) = relatively more frequent in slice A (before the split "
                      "date, or marked True); 'B' (g2 < 0) = in slice B; log_ratio has the same sign")


# ----------------------------------------------------------------------------- statistics


def _as_float(*arrays):
    return np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in arrays))


def _check_table(a, b, n_a, n_b):
    problems = []
    if np.any(a < 0) or np.any(b < 0):
        problems.append("counts a and b must be >= 0")
    if np.any(a > n_a) or np.any(b > n_b):
        problems.append("a count exceeds its slice total; give a <= n_a and b <= n_b")
    if problems:
        raise ParameterError(problems)


def dunning_g2(a, b, n_a, n_b):
    """Signed log-likelihood G2 of Dunning (1993) for a term in two slices.

    The 2x2 table has the term's counts ``a`` (slice A) and ``b`` (slice B)
    and the counts of every other token, ``n_a - a`` and ``n_b - b``. With
    observed cells :math:`O_{ij}` and expected cells
    :math:`E_{ij} = R_i C_j / N` (row total x column total / grand total),

    .. math:: G^2 = 2 \\sum_{ij} O_{ij} \\ln(O_{ij} / E_{ij}),

    with :math:`0 \\ln 0 = 0` and no continuity correction. The value is
    returned with a sign: positive when the term is relatively more frequent
    in A (``a / n_a > b / n_b``), negative when more frequent in B. Under the
    null hypothesis of equal rates, :math:`|G^2|` follows a chi-squared
    distribution with one degree of freedom.

    Parameters
    ----------
    a, b : array_like
        The term's counts in slices A and B.
    n_a, n_b : array_like
        Token totals of slices A and B (broadcast against ``a``, ``b``).

    Returns
    -------
    ndarray of float

    References
    ----------
    Dunning, T. (1993). Accurate methods for the statistics of surprise and
    coincidence. *Computational Linguistics* 19(1), 61-74.

    Examples
    --------
    >>> dunning_g2([10, 0, 5], [2, 8, 5], 100, 100).round(4)
    array([  6.1626, -11.4238,   0.    ])
    """
    a, b, n_a, n_b = _as_float(a, b, n_a, n_b)
    _check_table(a, b, n_a, n_b)
    c, d = n_a - a, n_b - b
    n = n_a + n_b
    k, m = a + b, c + d
    with np.errstate(divide="ignore", invalid="ignore"):
        total = (_o_ln_o_over_e(a, n_a * k / n) + _o_ln_o_over_e(b, n_b * k / n)
                 + _o_ln_o_over_e(c, n_a * m / n) + _o_ln_o_over_e(d, n_b * m / n))
    g2 = np.abs(2.0 * total)  # >= 0 in exact arithmetic; abs() drops a rounding -0.0 or -1e-16
    return np.sign(a * n_b - b * n_a) * g2


def _o_ln_o_over_e(o, e):
    """O ln(O/E) with 0 ln 0 = 0 (E is 0 only where O is)."""
    return np.where(o > 0, o * np.log(np.where(o > 0, o, 1.0) / np.where(o > 0, e, 1.0)), 0.0)


def log_ratio(a, b, n_a, n_b):
    """Log Ratio of Hardie (2014): the binary log of the ratio of relative frequencies.

    .. math:: \\mathrm{LR} = \\log_2 \\frac{a / n_a}{b / n_b},

    where a zero count is replaced by 0.5 (so a term absent from one slice
    gets a finite value) -- or, when smaller, by half the count the other
    slice's rate implies (:math:`b' = \\min(0.5, a n_b / (2 n_a))`), so that a
    term absent from one slice always leans towards the other (``|LR| >= 1``;
    with Hardie's 0.5 alone a term used 6 times in a large slice A and never
    in a small slice B gets a negative value, against the sign of G2). A term
    absent from both gets 0. Each unit is a doubling: 1 means twice as
    frequent in A, -1 twice as frequent in B; the sign is always that of
    :func:`dunning_g2`.

    Parameters
    ----------
    a, b : array_like
        The term's counts in slices A and B.
    n_a, n_b : array_like
        Token totals of slices A and B.

    Returns
    -------
    ndarray of float

    References
    ----------
    Hardie, A. (2014). Log Ratio -- an informal introduction. ESRC Centre for
    Corpus Approaches to Social Science (CASS), Lancaster University.

    Examples
    --------
    >>> log_ratio([10, 0, 5], [5, 8, 5], 100, 200)
    array([ 2., -3.,  1.])
    >>> log_ratio([6, 0], [0, 0], 100_000, 1_000)  # Hardie's 0.5 alone gives -0.158 for the first
    array([1., 0.])
    """
    a, b, n_a, n_b = _as_float(a, b, n_a, n_b)
    _check_table(a, b, n_a, n_b)
    with np.errstate(divide="ignore", invalid="ignore"):
        a0 = np.where(a == 0, np.minimum(0.5, b * n_a / (2 * n_b)), a)
        b0 = np.where(b == 0, np.minimum(0.5, a * n_b / (2 * n_a)), b)
        out = np.log2((a0 / n_a) / (b0 / n_b))
    return np.where((a == 0) & (b == 0), 0.0, out)


def log_ratio_interval(a, b, n_a, n_b, ci: float = 0.95, dispersion=1.0):
    """Interval for the log ratio: exact conditional on the term's total, Jeffreys, widened by a dispersion.

    Given :math:`k = a + b`, :math:`a \\sim \\mathrm{Binomial}(k, \\pi)` with
    :math:`\\pi = n_a R / (n_a R + n_b)` and :math:`R` the ratio of the two
    rates (the conditional argument of the exact Poisson rate-ratio test;
    Armitage, Berry & Matthews 2002, *Statistical Methods in Medical
    Research*, 4th ed., sec. 5.3). The Jeffreys interval of :math:`\\pi`
    (:math:`\\mathrm{Beta}(a + 1/2, b + 1/2)` quantiles; Brown, Cai &
    DasGupta 2001) is mapped to :math:`\\log_2 R = \\log_2 \\frac{\\pi n_b}{(1 -
    \\pi) n_a}`. At a zero count the bound on that side is infinite (the
    lower bound of :math:`\\pi` is 0 at :math:`a = 0`, the upper 1 at
    :math:`b = 0`, as in Brown, Cai & DasGupta's sec. 4.1.2): the data bound
    the ratio only on the other side, and the zero-adjusted point estimate
    of :func:`log_ratio` always lies inside.

    ``dispersion`` :math:`\\phi \\ge 1` (per term) deflates both counts to
    :math:`a/\\phi, b/\\phi` effective tokens first: ``unit="document"``
    passes each term's dispersion over documents (:func:`term_dispersion`),
    so the interval is as wide as the documents allow. With :math:`\\phi = 1`
    tokens are taken as independent (as in G2).

    Examples
    --------
    >>> low, high = log_ratio_interval([10], [10], 100, 100)
    >>> float(low[0].round(3)) == -float(high[0].round(3))
    True
    >>> [float(v[0]) for v in log_ratio_interval([0], [1], 10, 1e6)][0]  # a = 0: no lower bound
    -inf
    """
    from scipy.stats import beta

    a, b, n_a, n_b, phi = _as_float(a, b, n_a, n_b, dispersion)
    phi = np.maximum(phi, 1.0)
    ae, be = a / phi, b / phi
    alpha = 1 - ci
    lo = np.where(a > 0, beta.ppf(alpha / 2, ae + 0.5, be + 0.5), 0.0)
    hi = np.where(b > 0, beta.ppf(1 - alpha / 2, ae + 0.5, be + 0.5), 1.0)
    with np.errstate(divide="ignore"):
        return np.log2(lo * n_b / ((1 - lo) * n_a)), np.log2(hi * n_b / ((1 - hi) * n_a))


def gries_dp(counts, sizes):
    """Gries' (2008) deviation of proportions of each term over the parts of a corpus.

    With the parts' shares of the corpus :math:`s_d = t_d / \\sum t` and the
    term's share of its occurrences in each part :math:`v_d = c_d / \\sum c`,
    :math:`DP = \\tfrac12 \\sum_d |v_d - s_d|`: 0 when the term is spread
    exactly as the text is, close to 1 when all its uses sit in one small
    part. NaN for a term that does not occur.

    Parameters
    ----------
    counts : array or scipy sparse matrix, shape (parts, terms)
    sizes : array, shape (parts,)
        Tokens of each part (the documents).

    Examples
    --------
    >>> gries_dp(np.array([[2, 1], [2, 0]]), np.array([10, 10])).tolist()
    [0.0, 0.5]
    """
    import scipy.sparse as sp

    X = sp.csc_matrix(counts, dtype=float)
    sizes = np.asarray(sizes, dtype=float)
    share = sizes / sizes.sum() if sizes.sum() > 0 else sizes
    total = np.asarray(X.sum(axis=0)).ravel()
    coo = X.tocoo()
    with np.errstate(divide="ignore", invalid="ignore"):
        v = coo.data / total[coo.col]
    s = share[coo.row]
    per = np.bincount(coo.col, weights=np.abs(v - s) - s, minlength=X.shape[1])
    return np.where(total > 0, 0.5 * (1 + per), np.nan)


def adjust_p(p, method: str = "holm"):
    """p-values adjusted for multiple testing: Holm (1979) or Benjamini-Hochberg (1995).

    Holm (family-wise error): with the m p-values sorted, :math:`\\tilde p_{(i)}
    = \\max_{j \\le i} \\min(1, (m - j + 1) p_{(j)})`. Benjamini-Hochberg (false
    discovery rate): :math:`\\tilde p_{(i)} = \\min_{j \\ge i} \\min(1, m p_{(j)} /
    j)`. NaN p-values are left out (and stay NaN). These are
    ``statsmodels.stats.multitest.multipletests``' "holm" and "fdr_bh".

    Examples
    --------
    >>> adjust_p([0.01, 0.04, 0.03, 0.5]).round(4).tolist()  # sorted: 4 x .01, 3 x .03, 2 x .04, 1 x .5
    [0.04, 0.09, 0.09, 0.5]
    >>> adjust_p([0.01, 0.04, 0.03, 0.5], "bh").round(4).tolist()  # 4 x .01 / 1, 4 x .04 / 3 ...
    [0.04, 0.0533, 0.0533, 0.5]
    """
    p = np.asarray(p, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    q = p[ok]
    m = len(q)
    if m == 0:
        return out
    order = np.argsort(q, kind="stable")
    ranked = q[order]
    if method == "holm":
        adj = np.maximum.accumulate(np.minimum(1.0, (m - np.arange(m)) * ranked))
    elif method == "bh":
        adj = np.minimum.accumulate(np.minimum(1.0, m * ranked / np.arange(1, m + 1))[::-1])[::-1]
    else:
        raise ParameterError([f"method={method!r}: use 'holm' or 'bh'"])
    res = np.empty(m)
    res[order] = adj
    out[ok] = res
    return out


def log_odds_z(a, b, n_a, n_b, alpha, alpha0):
    """Log-odds ratio with informative Dirichlet prior, z-scored (Monroe et al. 2008).

    For a word :math:`w` with counts :math:`y_{wA} = a`, :math:`y_{wB} = b`
    in slices of :math:`n_A, n_B` tokens, prior :math:`\\alpha_w` and prior
    total :math:`\\alpha_0 = \\sum_w \\alpha_w`,

    .. math::

        \\delta_w = \\ln\\frac{y_{wA} + \\alpha_w}{n_A + \\alpha_0 - y_{wA} - \\alpha_w}
                  - \\ln\\frac{y_{wB} + \\alpha_w}{n_B + \\alpha_0 - y_{wB} - \\alpha_w},
        \\qquad
        \\sigma^2(\\delta_w) \\approx \\frac{1}{y_{wA} + \\alpha_w} + \\frac{1}{y_{wB} + \\alpha_w},
        \\qquad z_w = \\delta_w / \\sigma(\\delta_w)

    (equations 16, 18-20 of the paper). Positive z: more typical of A.

    Parameters
    ----------
    a, b : array_like
        The word's counts in slices A and B.
    n_a, n_b : array_like
        Token totals of slices A and B.
    alpha : array_like
        Prior pseudo-count of each word (> 0 where ``a`` or ``b`` is 0).
    alpha0 : array_like
        Prior total over the whole vocabulary.

    Returns
    -------
    ndarray of float

    References
    ----------
    Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008). Fightin' words:
    lexical feature selection and evaluation for identifying the content of
    political conflict. *Political Analysis* 16(4), 372-403.

    Examples
    --------
    >>> log_odds_z([10], [2], 100, 100, alpha=[12], alpha0=200).round(4)
    array([1.405])
    """
    a, b, n_a, n_b, alpha, alpha0 = _as_float(a, b, n_a, n_b, alpha, alpha0)
    _check_table(a, b, n_a, n_b)
    ya, yb = a + alpha, b + alpha
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log(ya / (n_a + alpha0 - ya)) - np.log(yb / (n_b + alpha0 - yb))
        return delta / np.sqrt(1.0 / ya + 1.0 / yb)


# ----------------------------------------------------------------------------- slices


def _split_mask(corpus: pd.DataFrame, split):
    """Boolean mask (True = slice A) and descriptions of the two slices."""
    if isinstance(split, (str, _dt.date, pd.Timestamp, np.datetime64)):
        if isinstance(split, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", split.strip()):
            raise ParameterError([f"split={split!r} is not a date; write it as YYYY-MM-DD, "
                                  "or pass one boolean per document (True = slice A)"])
        try:
            # microseconds hold every year from 1 to 9999 (nanoseconds stop at 2262)
            when = (np.datetime64(_dt.date.fromisoformat(split.strip()), "us") if isinstance(split, str)
                    else pd.Timestamp(split).to_datetime64().astype("datetime64[us]"))
        except (ValueError, OverflowError):
                raise ParameterError([f"split={split!r} is an impossible date; correct it (YYYY-MM-DD)"]) from None
        dates = pd.to_datetime(corpus["date"]).to_numpy().astype("datetime64[us]")
        mask = dates < when
        day = str(when.astype("datetime64[D]")) if when == when.astype("datetime64[D]") else str(when)
        return mask, f"documents dated before {day}", f"documents dated on or after {day}"
    if isinstance(split, pd.Series):
        if not split.index.equals(corpus.index):
            if len(split) != len(corpus) or not split.index.isin(corpus.index).all():
                raise ParameterError([
                    f"split: the Series' index does not match the corpus rows ({len(split)} values for "
                    f"{len(corpus)} documents); build it from the corpus, e.g. corpus['source'] == 'x'"])
            split = split.reindex(corpus.index)
        values = split.to_numpy()
    else:
        values = np.asarray(split)
    if values.ndim != 1 or len(values) != len(corpus):
        raise ParameterError([f"split has {values.size} value(s) but the corpus has {len(corpus)} documents; "
                              "give one boolean per document (True = slice A), or a date YYYY-MM-DD"])
    if values.dtype != bool:
        raise ParameterError([f"split holds {values.dtype} values; give booleans (True = slice A), "
                              "or a date YYYY-MM-DD"])
    return values, "documents marked True", "documents marked False"


def _check_slices(mask, corpus, tokens, desc_a, desc_b):
    problems = []
    first, last = pd.to_datetime(corpus["date"]).min().date(), pd.to_datetime(corpus["date"]).max().date()
    for name, sel, desc in (("A", mask, desc_a), ("B", ~mask, desc_b)):
        if not sel.any():
            problems.append(f"slice {name} ({desc}) is empty: the corpus runs from {first} to {last}; "
                            "choose a split that leaves documents on both sides")
        elif tokens[sel].sum() == 0:
            problems.append(f"slice {name} ({desc}) has no word tokens; give it documents with text")
    if problems:
        raise ParameterError(problems)


# ----------------------------------------------------------------------------- keyness


def _check_params(ngram_range, top_k, min_count, prior, top_name="top_k"):
    problems = []
    check_ngram_range(ngram_range, problems)
    check_int(top_name, top_k, 1, allow_none=True, problems=problems)
    check_int("min_count", min_count, 1, problems=problems)
    if prior is not None:
        if isinstance(prior, pd.Series):
            v = pd.to_numeric(prior, errors="coerce")
            if v.isna().any() or (v < 0).any() or not np.isfinite(v).all():
                problems.append("prior: the background counts must be finite numbers >= 0")
        elif not isinstance(prior, numbers.Real) or isinstance(prior, bool) or not prior > 0:
            problems.append(f"prior={prior!r}: give a positive constant, a Series of background counts, "
                            "or None (pooled counts of the two slices)")
    raise_problems(problems)


def _prior(prior, terms, a, b, alpha0_pooled, n_vocab, orders):
    """(alpha_w, alpha_0) for each row; see :func:`keyness`."""
    if prior is None:
        return a + b, alpha0_pooled
    if isinstance(prior, pd.Series):
        background = pd.to_numeric(prior).astype(float)
        background = background.groupby(level=0).sum()
        alpha = background.reindex(terms).to_numpy()
        missing = np.isnan(alpha)
        alpha = np.where(missing, 0.5, alpha)
        bg_orders = np.array([str(t).count(" ") + 1 for t in background.index])
        alpha0 = np.empty(len(terms))
        for n in np.unique(orders):
            sel = orders == n
            alpha0[sel] = background.to_numpy()[bg_orders == n].sum() + 0.5 * missing[sel].sum()
        return alpha, alpha0
    return np.full(len(terms), float(prior)), float(prior) * n_vocab


def keyness(corpus: pd.DataFrame, split, *, terms: TermsLike | None = None, ngram_range=(1, 1),
            top_k: int | None = None, min_count: int = 1, prior=None, top: int | None = None,
            unit: str = "document", ci: float = 0.95, normalize: bool = False) -> pd.DataFrame:
    """Terms that distinguish slice A from slice B of a corpus.

    Parameters
    ----------
    corpus : DataFrame
        As returned by :func:`~termshift.load_corpus` (needs ``doc_id``, ``date``, ``text``).
    split : date (str ``YYYY-MM-DD``, date, Timestamp) or boolean array/Series
        A date: slice A is the documents dated *before* it, slice B those on
        or after it. A boolean array aligned with the corpus rows (or a Series
        with the corpus's index): True = slice A.
    terms : TermSet, path or mapping, optional
        Term families: adds one row per family (``kind="family"``), counted
        with :class:`~termshift.matching.Matcher` and compared against the
        slices' token totals. Family rows are always kept (``top_k`` and
        ``min_count`` apply to word rows only).
    ngram_range : (int, int), default=(1, 1)
        Word n-grams to compare, as in scikit-learn; n-grams never cross
        document boundaries.
    top_k : int, optional
        Keep the ``top_k`` word rows with the largest ``|g2|``.
    min_count : int, default=1
        Drop words with ``count_a + count_b < min_count``.
    prior : None, float or Series, default=None
        Dirichlet prior of ``log_odds_z``. None: the pooled count of the term
        in A and B, :math:`\\alpha_w = y_{wA} + y_{wB}`, so
        :math:`\\alpha_0 = n_A + n_B` (of the term's n-gram order). A
        constant c: :math:`\\alpha_w = c`, :math:`\\alpha_0 = c V` with V
        the number of distinct n-grams of that order in the corpus. A Series
        of background counts indexed by term (e.g. from a reference corpus):
        :math:`\\alpha_w` = its count, :math:`\\alpha_0` = the sum over the
        entries of the same order; terms missing from it get 0.5 (Hardie's
        zero replacement), added to :math:`\\alpha_0` too. Family rows use
        the unigram :math:`\\alpha_0`; a family with no match in either
        slice gets ``log_odds_z`` NaN under the pooled prior (and ``g2`` 0).
    top : int, optional
        The former name of ``top_k``, kept as an alias.
    unit : {"document", "token"}, default="document"
        What ``p_value`` tests and how wide the log-ratio interval is.
        "document" (default): each document's rate of the term (count /
        tokens) compared between the slices with a two-sided Mann-Whitney U
        test (``scipy.stats.mannwhitneyu``, asymptotic with tie correction;
        Lijffijt et al. 2016), documents as the unit of evidence, and the
        log-ratio interval widened by the term's dispersion over documents
        (:func:`term_dispersion`). It holds its level on bursty text (about
        5 % of words at p < 0.05 on two slices of one source, where the
        token-level test flags about 20 %; ``docs/inference.md``).
        "token": the chi-squared p-value of G2 and the interval of
        independent tokens (too small for words that cluster in a few
        documents); it warns when the tested words' median dispersion exceeds
        :data:`TOKEN_DISPERSION_WARNING`.
    ci : float, default=0.95
        Level of the log-ratio interval.
    normalize : bool, default=False
        Japanese words as their UniDic lemma (:func:`termshift.tokens.tokenize`
        with ``normalize=True``): inflected forms such as 決め (in 決めた) and
        決める are one term, 決める. The token totals do not change (one lemma
        per token); family rows do not change (families are matched in the
        text as written); text other than Japanese is unchanged.

    Returns
    -------
    DataFrame
        One row per term: ``term``, ``kind`` ("token", "ngram" or
        "family"), ``side`` ("A" where ``g2 > 0``, "B" where ``g2 < 0``, ""
        where 0: the one sign convention, :data:`KEYNESS_CONVENTION`),
        ``count_a``, ``count_b``, ``g2`` (signed: positive = relatively more
        frequent in A; see :func:`dunning_g2`), ``p_value`` (see ``unit``),
        ``p_holm`` and ``p_bh`` (adjusted over all word rows with
        ``count_a + count_b >= min_count``, before ``top_k``; family rows
        among themselves; :func:`adjust_p`), ``log_ratio``
        (:func:`log_ratio`) with ``log_ratio_low``, ``log_ratio_high``
        (:func:`log_ratio_interval`), ``log_odds_z`` (:func:`log_odds_z`),
        ``df_a``, ``df_b`` (documents of each slice containing the term) and
        ``dp_a``, ``dp_b`` (Gries' DP over the documents of each slice,
        :func:`gries_dp`; NaN where the term is absent from the slice),
        ``dispersion`` (:func:`term_dispersion`), sorted by ``|g2|``
        descending (ties: term).
        For an n-gram of order n the totals :math:`n_A, n_B` are the numbers
        of n-gram positions in each slice; for tokens and families, the
        token totals. ``df.attrs`` holds ``n_a``, ``n_b`` (tokens),
        ``docs_a``, ``docs_b``, ``unit``, ``test`` (:data:`KEYNESS_TESTS`),
        ``adjustment`` (of ``p_holm``, ``p_bh``), ``ci``, ``slice_a``,
        ``slice_b`` (what each slice is) and ``convention``.

    Raises
    ------
    ParameterError
        A slice is empty or has no tokens, ``split`` is neither a date nor a
        boolean per document, or a parameter is out of range.

    See Also
    --------
    dunning_g2, log_ratio, log_odds_z

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b", "c"],
    ...     "date": pd.to_datetime(["2021-05-01", "2021-09-01", "2022-12-16"]),
    ...     "text": ["A preemptive strike.", "Preemptive strike talk.", "Counterstrike talk, counterstrike."]})
    >>> k = keyness(corpus, "2022-01-01", unit="token")
    >>> k[["term", "side", "count_a", "count_b", "g2", "log_ratio", "df_a", "df_b"]].round(3)
                term side  count_a  count_b     g2  log_ratio  df_a  df_b
    0  counterstrike    B        0        2 -5.716       -3.0     0     1
    1     preemptive    A        2        0  1.897        1.0     2     0
    2         strike    A        2        0  1.897        1.0     2     0
    3              a    A        1        0  0.872        1.0     1     0
    4           talk    B        1        1 -0.309       -1.0     1     1
    >>> k.attrs["n_a"], k.attrs["n_b"]
    (6, 3)
    """
    from scipy.stats import chi2
    from sklearn.feature_extraction.text import CountVectorizer

    from .matching import Matcher

    check_corpus(corpus)
    top_name = "top_k"
    if top is not None:
        if top_k is not None:
            raise ParameterError(["give top_k or its old name top, not both"])
        top_k, top_name = top, "top"
    _check_params(ngram_range, top_k, min_count, prior, top_name)
    problems: list[str] = []
    check_choice("unit", unit, _UNITS, problems)
    check_ci(ci, problems)
    if not isinstance(normalize, bool):
        problems.append(f"normalize={normalize!r}: give True (Japanese words as their lemma) or False")
    raise_problems(problems)
    ts = as_termset(terms).word_families() if terms is not None else None  # words: a code is no family
    mask, desc_a, desc_b = _split_mask(corpus, split)
    # each document tokenized in its own language (the corpus's language column, when it has one)
    texts = with_languages(corpus["text"], corpus["language"] if "language" in corpus.columns else None)
    tokens = np.fromiter((count_tokens(t) for t in texts), dtype=np.int64, count=len(texts))
    _check_slices(mask, corpus, tokens, desc_a, desc_b)

    lo, hi = int(ngram_range[0]), int(ngram_range[1])
    vec = CountVectorizer(tokenizer=partial(tokenize, normalize=True) if normalize else tokenize, lowercase=False,
                          token_pattern=None, ngram_range=(1, hi))
    X = vec.fit_transform(texts).tocsr()
    names = vec.get_feature_names_out().astype(object)
    orders = np.char.count(names.astype(str), " ") + 1
    a = np.asarray(X[mask].sum(axis=0)).ravel().astype(float)
    b = np.asarray(X[~mask].sum(axis=0)).ravel().astype(float)
    # n-gram positions per slice and order: max(tokens - n + 1, 0) per document
    tot = {n: (np.clip(tokens[mask] - n + 1, 0, None).sum(), np.clip(tokens[~mask] - n + 1, 0, None).sum())
           for n in range(1, hi + 1)}
    n_a = np.array([tot[n][0] for n in orders], dtype=float)
    n_b = np.array([tot[n][1] for n in orders], dtype=float)
    vocab = np.bincount(orders, minlength=hi + 1)
    alpha, alpha0 = _prior(prior, names, a, b, n_a + n_b, vocab[orders], orders)

    keep = (orders >= lo) & (a + b >= min_count)
    Xk = X[:, np.flatnonzero(keep)]
    words = _table(names[keep], np.where(orders[keep] == 1, "token", "ngram"), a[keep], b[keep],
                   n_a[keep], n_b[keep], np.broadcast_to(alpha, a.shape)[keep],
                   np.broadcast_to(alpha0, a.shape)[keep], chi2, ci, _by_document(Xk, mask, tokens, unit))
    words = _sort(words)
    if top_k is not None:
        words = words.iloc[:top_k]
    parts = [words]
    if ts is not None:
        fam, _, _ = Matcher(ts).count_many(texts, progress=False)
        fa = fam[mask].sum(axis=0).astype(float)
        fb = fam[~mask].sum(axis=0).astype(float)
        fids = np.array(list(ts), dtype=object)
        f_alpha, f_alpha0 = _prior(prior, fids, fa, fb, float(tot[1][0] + tot[1][1]), vocab[1],
                                   np.ones(len(fids), int))
        parts.append(_table(fids, "family", fa, fb, float(tot[1][0]), float(tot[1][1]),
                            f_alpha, f_alpha0, chi2, ci, _by_document(fam, mask, tokens, unit)))
    out = _sort(pd.concat(parts, ignore_index=True)) if len(parts) > 1 else words
    out = out.reset_index(drop=True)
    if unit == "token":
        _warn_token_dispersion(words)
    out.attrs.update(n_a=int(tot[1][0]), n_b=int(tot[1][1]), docs_a=int(mask.sum()), docs_b=int((~mask).sum()),
                     unit=unit, test=KEYNESS_TESTS[unit], ci=float(ci),
                     adjustment="p_holm: Holm (1979), p_bh: Benjamini-Hochberg (1995), over the words tested",
                     slice_a=desc_a, slice_b=desc_b, convention=KEYNESS_CONVENTION)
    return out


def _warn_token_dispersion(words):
    import warnings

    often = (words["count_a"] + words["count_b"]) >= 5
    phi = float(np.median(words.loc[often, "dispersion"])) if often.sum() >= 5 else 1.0
    if phi > TOKEN_DISPERSION_WARNING:
        warnings.warn(f"keyness(unit='token'): the words tested cluster in documents (median dispersion {phi:.1f} "
                      f"> {TOKEN_DISPERSION_WARNING}); token-level p-values and intervals are too small. Use "
                      "unit='document' (the default).", stacklevel=3)


def _by_document(X, mask, tokens, unit, chunk=2000):
    """Document frequency and DP per slice, and the Mann-Whitney p-value of per-document rates (unit="document")."""
    import scipy.sparse as sp

    X = sp.csc_matrix(X)
    out = {"df_a": np.asarray((X[mask] > 0).sum(axis=0)).ravel(),
           "df_b": np.asarray((X[~mask] > 0).sum(axis=0)).ravel(),
           "dp_a": gries_dp(X[mask], tokens[mask]), "dp_b": gries_dp(X[~mask], tokens[~mask]), "p_doc": None,
           "dispersion": term_dispersion(X, mask, tokens)}
    if unit == "document":
        from scipy.stats import mannwhitneyu

        has = tokens > 0
        ia, ib = np.flatnonzero(mask & has), np.flatnonzero(~mask & has)
        p = np.full(X.shape[1], np.nan)
        for s in range(0, X.shape[1], chunk):
            part = X[:, s:s + chunk]
            rates_a = part[ia].toarray() / tokens[ia, None]
            rates_b = part[ib].toarray() / tokens[ib, None]
            with np.errstate(divide="ignore", invalid="ignore"):
                p[s:s + chunk] = mannwhitneyu(rates_a, rates_b, axis=0, method="asymptotic").pvalue
        out["p_doc"] = np.where(np.isnan(p), 1.0, p)  # a term constant over documents: no evidence
    return out


def _table(terms, kind, a, b, n_a, n_b, alpha, alpha0, chi2, ci, doc) -> pd.DataFrame:
    g2 = dunning_g2(a, b, n_a, n_b)
    p = chi2.sf(np.abs(g2), 1) if doc["p_doc"] is None else doc["p_doc"]
    phi = doc["dispersion"] if doc["p_doc"] is not None else 1.0
    low, high = log_ratio_interval(a, b, n_a, n_b, ci, phi)
    return pd.DataFrame({
        "term": np.asarray(terms, dtype=object),
        "kind": kind,
        "side": np.where(g2 > 0, "A", np.where(g2 < 0, "B", "")),
        "count_a": a.astype(np.int64),
        "count_b": b.astype(np.int64),
        "g2": g2,
        "p_value": p,
        "p_holm": adjust_p(p, "holm"),
        "p_bh": adjust_p(p, "bh"),
        "log_ratio": log_ratio(a, b, n_a, n_b),
        "log_ratio_low": low,
        "log_ratio_high": high,
        "log_odds_z": log_odds_z(a, b, n_a, n_b, alpha, alpha0),
        "df_a": np.asarray(doc["df_a"], dtype=np.int64),
        "df_b": np.asarray(doc["df_b"], dtype=np.int64),
        "dp_a": doc["dp_a"],
        "dp_b": doc["dp_b"],
        "dispersion": doc["dispersion"],
    }, columns=_COLUMNS)


def _sort(df: pd.DataFrame) -> pd.DataFrame:
    order = np.lexsort((df["term"].astype(str).to_numpy(), -np.abs(df["g2"].to_numpy())))
    return df.iloc[order]
