"""Statistics of rates, shares and the shift between two framings.

Every function counts the documents once (:func:`~termshift.counts.document_counts`),
or takes those counts precomputed, and then works on the per-document counts, so uncertainty is computed at the
level where mentions are clustered: the document. Randomness (bootstrap,
permutations) comes only from ``random_state``; the same seed gives the same
output.

* :func:`rates` -- :func:`~termshift.counts.count_terms` with intervals:
  a document bootstrap for ``per_10k`` and the Wilson score interval for
  ``doc_share``.
* :func:`share` -- the contest between framing A and framing B per period:
  A's share of their mentions, with a document-bootstrap interval.
* :func:`shift` -- the single change point in A's share (binomial
  likelihood ratio), its permutation p-value and a bootstrap interval for
  the change period.
* :func:`trend` -- Mann-Kendall test and Theil-Sen slope of a rate over time.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._validation import as_termset, check_ci, check_int, check_random_state, raise_problems
from .counts import aggregate, as_document_counts
from .errors import ParameterError
from .periods import freq_name, period_codes, period_freq
from .typing import FamilyIds, Freq, RandomState, TermsLike

__all__ = ["rates", "share", "shift", "trend", "ShiftResult", "wilson_interval", "contest_ids"]

# Elements drawn per block when resampling (bounds memory on large corpora).
_BLOCK = 2_000_000


# ----------------------------------------------------------------------------- checks


def _family_list(ts, ids, name) -> tuple[list, list]:
    """``ids`` (one id or a list) as a list, and the problems found."""
    if isinstance(ids, str):
        ids = [ids]
    if not isinstance(ids, (list, tuple)) or not ids or not all(isinstance(i, str) for i in ids):
        return [], [f"{name}={ids!r}: give a family id or a list of family ids ({', '.join(ts)})"]
    problems = [f"{name}: no family {i!r}; families are {', '.join(ts)}" for i in ids if i not in ts]
    return list(dict.fromkeys(ids)), problems


def contest_ids(terms: TermsLike, a: FamilyIds, b: FamilyIds) -> tuple[list, list]:
    """Validate the two sides of a framing contest; returns ``(a_ids, b_ids)``.

    Examples
    --------
    >>> contest_ids({"cs": ["counterstrike"], "pre": ["preemptive"]}, "cs", ["pre"])
    (['cs'], ['pre'])
    """
    ts = as_termset(terms)
    a_ids, problems = _family_list(ts, a, "a")
    b_ids, more = _family_list(ts, b, "b")
    problems += more
    both = [i for i in a_ids if i in b_ids]
    if both:
        problems.append(f"family {', '.join(map(repr, both))} is on both sides (a and b); give each side its own "
                        "families")
    raise_problems(problems)
    return a_ids, b_ids


# ----------------------------------------------------------------------------- counting once


def _doc_counts(data, ts, freq, progress):
    """Document counts (computed, or given), the period index and each document's period code."""
    period_freq(freq)
    dc = as_document_counts(data, ts, progress=progress)
    periods, codes = period_codes(dc["date"].to_numpy(), freq)
    return dc, periods, codes


# ----------------------------------------------------------------------------- resampling


def _resample_sums(codes, values, n_periods, n_boot, rng):
    """Yield ``(period, sums)`` for every period with documents.

    ``sums`` has shape ``(n_boot, k)``: column sums of ``values`` (n_docs x k)
    over the period's documents resampled with replacement (as many draws as
    the period has documents). Periods are drawn in order, each in blocks
    whose size depends only on the period's number of documents, so the
    draws do not depend on which value columns are summed.
    """
    values = np.asarray(values, dtype=float)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(n_periods + 1))
    for p in range(n_periods):
        idx = order[bounds[p]:bounds[p + 1]]
        m = len(idx)
        if m == 0:
            continue
        v = values[idx]
        sums = np.empty((n_boot, values.shape[1]))
        step = max(1, _BLOCK // m)
        for s in range(0, n_boot, step):
            draw = rng.integers(0, m, size=(min(step, n_boot - s), m))
            sums[s:s + len(draw)] = v[draw].sum(axis=1)
        yield p, sums


def _percentile_bounds(reps, ci):
    """Percentile interval over axis 0, NaN where every replicate is NaN."""
    alpha = (1 - ci) / 2
    reps = np.asarray(reps, dtype=float)
    ok = ~np.all(np.isnan(reps), axis=0)
    low = np.full(reps.shape[1:], np.nan)
    high = np.full(reps.shape[1:], np.nan)
    if np.any(ok):
        q = np.nanquantile(reps[:, ok], [alpha, 1 - alpha], axis=0)
        low[ok], high[ok] = q[0], q[1]
    return low, high


# ----------------------------------------------------------------------------- intervals


def wilson_interval(successes, trials, ci: float = 0.95):
    """Wilson score interval for a binomial proportion (Wilson 1927).

    With :math:`\\hat p = k/n` and :math:`z` the standard normal quantile
    :math:`\\Phi^{-1}(1 - (1 - ci)/2)`:

    .. math::

        \\frac{\\hat p + z^2/(2n)}{1 + z^2/n} \\pm
        \\frac{z}{1 + z^2/n}\\sqrt{\\frac{\\hat p(1-\\hat p)}{n} + \\frac{z^2}{4n^2}}

    E. B. Wilson (1927), "Probable inference, the law of succession, and
    statistical inference", *JASA* 22(158): 209-212. Unlike the Wald
    interval it stays inside [0, 1] and behaves at k = 0 or k = n.

    Parameters
    ----------
    successes, trials : int or array-like of int
    ci : float, default=0.95

    Returns
    -------
    low, high : ndarray
        NaN where ``trials`` is 0.

    Examples
    --------
    >>> low, high = wilson_interval([3, 0, 0], [10, 5, 0])
    >>> low.round(4), high.round(4)
    (array([0.1078, 0.    ,    nan]), array([0.6032, 0.4345,    nan]))
    """
    from scipy.stats import norm

    k = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    z = norm.ppf(0.5 + ci / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        denom = 1 + z * z / n
        center = (p + z * z / (2 * n)) / denom
        half = z / denom * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        low = np.where(n > 0, np.clip(center - half, 0, 1), np.nan)
        high = np.where(n > 0, np.clip(center + half, 0, 1), np.nan)
    return low, high


# ----------------------------------------------------------------------------- rates


def rates(corpus: pd.DataFrame, terms: TermsLike, freq: Freq | str = "month", *,
          families: Sequence[str] | None = None, n_boot: int = 1000, ci: float = 0.95, random_state: RandomState = 0,
          progress: bool | None = None) -> pd.DataFrame:
    """Counts and rates per period x family, with intervals.

    The rate of a period is :math:`r = 10^4 \\sum_d c_d / \\sum_d t_d` over
    its documents (matches :math:`c_d`, tokens :math:`t_d`). Its interval is
    a document bootstrap (Efron & Tibshirani 1993, *An Introduction to the
    Bootstrap*, ch. 6 and 13): within each period, the documents are
    resampled with replacement ``n_boot`` times, :math:`r^*` is computed on
    each resample, and the ``(1 - ci)/2`` and ``(1 + ci)/2`` percentiles of
    :math:`r^*` are the bounds. Resampling documents, not tokens, keeps the
    clustering of mentions within articles (one article repeating a term ten
    times is one observation, not ten). The documents' share interval is the
    Wilson (1927) score interval (see :func:`wilson_interval`).

    Parameters
    ----------
    corpus : DataFrame
        A corpus (:func:`~termshift.load_corpus`) or its document counts
        (:func:`~termshift.document_counts`), so that one count serves every statistic.
    terms : TermSet, path or mapping
    freq : {"day", "week", "month", "quarter", "year"} or pandas alias, default="month"
    families : list of str, optional
        Only these families (default: all). The intervals of a family do not
        depend on which other families are asked for.
    n_boot : int, default=1000
        Bootstrap resamples (0: no bootstrap, ``per_10k`` bounds are NaN).
    ci : float, default=0.95
        Confidence level of both intervals.
    random_state : int or numpy.random.Generator, default=0
    progress : bool or None
        Progress bar while counting.

    Returns
    -------
    DataFrame
        The columns of :func:`~termshift.counts.count_terms` (``period``,
        ``family``, ``label``, ``count``, ``docs``, ``n_docs``,
        ``n_tokens``, ``per_10k``, ``doc_share``) with ``per_10k_low``,
        ``per_10k_high`` after ``per_10k`` and ``doc_share_low``,
        ``doc_share_high`` after ``doc_share``. Every period of the date
        range is present; periods without documents have NaN rates and bounds.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b", "c"],
    ...                        "date": pd.to_datetime(["2022-01-03", "2022-01-20", "2022-03-01"]),
    ...                        "text": ["A preemptive strike.", "No mention here at all.", "Preemptive!"]})
    >>> t = rates(corpus, {"pre": ["preemptive"]}, n_boot=200)
    >>> t[["period", "count", "n_tokens", "per_10k", "per_10k_low", "per_10k_high"]]
        period  count  n_tokens  per_10k  per_10k_low  per_10k_high
    0  2022-01      1         8   1250.0          0.0   3333.333333
    1  2022-02      0         0      NaN          NaN           NaN
    2  2022-03      1         1  10000.0      10000.0  10000.000000
    >>> t.set_index("period")[["docs", "n_docs", "doc_share", "doc_share_low", "doc_share_high"]].round(3)
             docs  n_docs  doc_share  doc_share_low  doc_share_high
    period
    2022-01     1       2        0.5          0.095           0.905
    2022-02     0       0        NaN            NaN             NaN
    2022-03     1       1        1.0          0.207           1.000
    """
    problems: list[str] = []
    check_int("n_boot", n_boot, 0, problems=problems)
    check_ci(ci, problems)
    raise_problems(problems)
    rng = check_random_state(random_state)
    ts = as_termset(terms)
    if families is not None:
        ids, problems = _family_list(ts, families, "families")
        raise_problems(problems)
        ts = ts.subset(ids)
    ids = list(ts)
    dc, periods, codes = _doc_counts(corpus, ts, freq, progress)
    table = aggregate(dc, ts, freq, families=ids)
    n_periods, n_fam = len(periods), len(ids)
    low = np.full((n_periods, n_fam), np.nan)
    high = np.full((n_periods, n_fam), np.nan)
    if n_boot > 0:
        values = np.column_stack([dc["n_tokens"].to_numpy()] + [dc[f].to_numpy() for f in ids])
        for p, sums in _resample_sums(codes, values, n_periods, n_boot, rng):
            with np.errstate(divide="ignore", invalid="ignore"):
                reps = np.where(sums[:, :1] > 0, sums[:, 1:] * 1e4 / sums[:, :1], np.nan)
            low[p], high[p] = _percentile_bounds(reps, ci)
    table.insert(table.columns.get_loc("per_10k") + 1, "per_10k_low", low.ravel())
    table.insert(table.columns.get_loc("per_10k_low") + 1, "per_10k_high", high.ravel())
    ds_low, ds_high = wilson_interval(table["docs"], table["n_docs"], ci)
    table["doc_share_low"] = ds_low
    table["doc_share_high"] = ds_high
    return table


# ----------------------------------------------------------------------------- share


def _contest_counts(corpus, terms, a, b, freq, progress):
    ts = as_termset(terms)
    a_ids, b_ids = contest_ids(ts, a, b)
    dc, periods, codes = _doc_counts(corpus, ts.subset(a_ids + b_ids), freq, progress)
    doc_a = dc[a_ids].to_numpy().sum(axis=1)
    doc_b = dc[b_ids].to_numpy().sum(axis=1)
    return a_ids, b_ids, periods, codes, doc_a, doc_b


def _boot_contest(codes, doc_a, doc_b, n_periods, n_boot, rng):
    """Bootstrap sums of A and B mentions: array (n_boot, n_periods, 2)."""
    out = np.zeros((n_boot, n_periods, 2))
    if n_boot > 0:
        for p, sums in _resample_sums(codes, np.column_stack([doc_a, doc_b]), n_periods, n_boot, rng):
            out[:, p] = sums
    return out


def _share_table(periods, codes, doc_a, doc_b, boot, ci) -> pd.DataFrame:
    n = len(periods)
    count_a = np.bincount(codes, weights=doc_a, minlength=n).astype(np.int64)
    count_b = np.bincount(codes, weights=doc_b, minlength=n).astype(np.int64)
    total = count_a + count_b
    with np.errstate(divide="ignore", invalid="ignore"):
        est = np.where(total > 0, count_a / total, np.nan)
        if boot.shape[0] > 0:
            reps = np.where(boot.sum(axis=2) > 0, boot[:, :, 0] / boot.sum(axis=2), np.nan)
            low, high = _percentile_bounds(reps, ci)
        else:
            low = high = np.full(n, np.nan)
    return pd.DataFrame({"period": periods, "count_a": count_a, "count_b": count_b, "share": est,
                         "share_low": low, "share_high": high, "n_docs": np.bincount(codes, minlength=n)})


def share(corpus: pd.DataFrame, terms: TermsLike, a, b, freq: Freq | str = "month", *, n_boot: int = 1000,
          ci: float = 0.95, random_state: RandomState = 0, progress: bool | None = None) -> pd.DataFrame:
    """The framing contest per period: A's share of the mentions of A and B.

    :math:`s = \\sum_d a_d / \\sum_d (a_d + b_d)` over a period's documents,
    with a percentile interval from a document bootstrap within each period
    (Efron & Tibshirani 1993), as in :func:`rates`: a ratio estimator whose
    mentions are clustered in documents, so documents are the unit resampled.
    Resamples without any mention are left out of the percentiles.

    Parameters
    ----------
    corpus : DataFrame
        A corpus (:func:`~termshift.load_corpus`) or its document counts
        (:func:`~termshift.document_counts`), so that one count serves every statistic.
    terms : TermSet, path or mapping
    a, b : str or list of str
        Family id(s) of each side; several families on one side are summed.
    freq : {"day", "week", "month", "quarter", "year"}, default="month"
    n_boot : int, default=1000
        Bootstrap resamples (0: bounds are NaN).
    ci : float, default=0.95
    random_state : int or numpy.random.Generator, default=0
    progress : bool or None

    Returns
    -------
    DataFrame
        One row per period (all periods of the date range): ``period``,
        ``count_a``, ``count_b``, ``share`` (NaN where neither occurs),
        ``share_low``, ``share_high``, ``n_docs``.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": list("abcd"),
    ...     "date": pd.to_datetime(["2022-01-03", "2022-01-09", "2022-02-01", "2022-04-01"]),
    ...     "text": ["preemptive strike", "counterstrike, preemptive", "nothing", "counterstrike"]})
    >>> share(corpus, {"pre": ["preemptive"], "cs": ["counterstrike"]}, "cs", "pre", n_boot=100)
        period  count_a  count_b     share  share_low  share_high  n_docs
    0  2022-01        1        2  0.333333        0.0         0.5       2
    1  2022-02        0        0       NaN        NaN         NaN       1
    2  2022-03        0        0       NaN        NaN         NaN       0
    3  2022-04        1        0  1.000000        1.0         1.0       1
    """
    problems: list[str] = []
    check_int("n_boot", n_boot, 0, problems=problems)
    check_ci(ci, problems)
    raise_problems(problems)
    rng = check_random_state(random_state)
    a_ids, b_ids, periods, codes, doc_a, doc_b = _contest_counts(corpus, terms, a, b, freq, progress)
    boot = _boot_contest(codes, doc_a, doc_b, len(periods), n_boot, rng)
    table = _share_table(periods, codes, doc_a, doc_b, boot, ci)
    table.attrs["a"], table.attrs["b"] = a_ids, b_ids
    return table


# ----------------------------------------------------------------------------- shift


def _loglik(x, n):
    """Binomial log-likelihood at the MLE p = x/n, without the binomial coefficient (0 where n = 0)."""
    from scipy.special import xlogy

    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(n > 0, x / np.where(n > 0, n, 1), 0.0)
    return xlogy(x, p) + xlogy(n - x, 1 - p)


def _best_split(x, n):
    """Best single change point of each row of ``x`` (successes) and ``n`` (trials), shape (R, T).

    Returns ``(pos, lr)``: ``pos`` is the index of the first period of the
    new regime (-1 where no split is possible) and ``lr`` the likelihood
    ratio statistic 2 (l(before) + l(after) - l(all)) at that split (NaN
    where none). A split at k is allowed when period k has trials and some
    period before k has trials; ties go to the earliest split.
    """
    x = np.asarray(x, dtype=float)
    n = np.asarray(n, dtype=float)
    cx, cn = np.cumsum(x, axis=1), np.cumsum(n, axis=1)
    lx, ln = cx[:, :-1], cn[:, :-1]
    tx, tn = cx[:, -1:], cn[:, -1:]
    lr = 2 * (_loglik(lx, ln) + _loglik(tx - lx, tn - ln) - _loglik(tx, tn))
    valid = (ln > 0) & (n[:, 1:] > 0)
    lr = np.where(valid, np.maximum(lr, 0.0), -np.inf)
    if lr.shape[1] == 0:
        return np.full(len(x), -1), np.full(len(x), np.nan)
    k = np.argmax(lr, axis=1)
    best = lr[np.arange(len(lr)), k]
    ok = np.isfinite(best)
    return np.where(ok, k + 1, -1), np.where(ok, best, np.nan)


def _permutation_stats(codes, doc_a, doc_b, n_periods, n_perm, rng):
    """Maximal LR statistic under ``n_perm`` permutations of the mentioning documents' periods."""
    mention = (doc_a + doc_b) > 0
    c, xa, nt = codes[mention], doc_a[mention].astype(float), (doc_a + doc_b)[mention].astype(float)
    m = len(c)
    out = np.empty(n_perm)
    step = max(1, _BLOCK // max(m, 1))
    for s in range(0, n_perm, step):
        r = min(step, n_perm - s)
        perm = rng.permuted(np.tile(c, (r, 1)), axis=1)
        flat = (perm + (np.arange(r) * n_periods)[:, None]).ravel()
        x = np.bincount(flat, weights=np.tile(xa, r), minlength=r * n_periods).reshape(r, n_periods)
        n = np.bincount(flat, weights=np.tile(nt, r), minlength=r * n_periods).reshape(r, n_periods)
        out[s:s + r] = _best_split(x, n)[1]
    return out


def _nan_to_none(v):
    if isinstance(v, (float, np.floating)):
        return None if math.isnan(v) else float(v)
    if isinstance(v, np.integer):
        return int(v)
    return v


@dataclass
class ShiftResult:
    """The single change point of A's share, as found by :func:`shift`.

    Attributes
    ----------
    a, b : list of str
        The families of each side.
    freq : str
        The period as named in :data:`termshift.periods.FREQS` ("month", "year", ...).
    change_period : str
        First period of the new regime.
    share_before, share_after : float
        A's pooled share of the mentions before and from ``change_period``.
    lr_stat : float
        Likelihood ratio statistic 2 (l1 + l2 - l0) at the change point.
    p_value : float
        Permutation p-value of ``lr_stat`` (NaN with ``n_perm=0``).
    change_period_low, change_period_high : str or None
        Bootstrap percentile interval of the change period (None with ``n_boot=0``).
    n_perm, n_boot : int
    ci : float
    random_state : int or None
        The seed (None when a Generator was given).
    table : DataFrame
        Per period: the columns of :func:`share` and ``segment`` ("before", "after").
    """

    a: list
    b: list
    freq: str
    change_period: str
    share_before: float
    share_after: float
    lr_stat: float
    p_value: float
    change_period_low: str | None
    change_period_high: str | None
    n_perm: int
    n_boot: int
    ci: float
    random_state: int | None
    table: pd.DataFrame = field(repr=False)

    def to_dict(self) -> dict:
        """The result without the table, JSON-safe (NaN becomes None).

        Examples
        --------
        >>> r = ShiftResult(["cs"], ["pre"], "M", "2022-06", 0.1, 0.9, 50.0, float("nan"), "2022-05",
        ...                 "2022-07", 0, 200, 0.95, 0, pd.DataFrame())
        >>> r.to_dict()["p_value"] is None, r.to_dict()["change_period"]
        (True, '2022-06')
        """
        keys = ["a", "b", "freq", "change_period", "share_before", "share_after", "lr_stat", "p_value",
                "change_period_low", "change_period_high", "n_perm", "n_boot", "ci", "random_state"]
        out = {k: _nan_to_none(getattr(self, k)) for k in keys}
        out["a"], out["b"] = list(self.a), list(self.b)
        t = self.table
        if len(t):
            out["first_period"], out["last_period"] = str(t["period"].iloc[0]), str(t["period"].iloc[-1])
            out["mentions_a"], out["mentions_b"] = int(t["count_a"].sum()), int(t["count_b"].sum())
        return out


def shift(corpus: pd.DataFrame, terms: TermsLike, a, b, freq: Freq | str = "month", *, n_perm: int = 999,
          n_boot: int = 200, ci: float = 0.95, random_state: RandomState = 0,
          progress: bool | None = None) -> ShiftResult:
    """The single change point in A's share of the mentions of A and B.

    **Model.** Period t has :math:`x_t` mentions of A out of
    :math:`n_t = x_t + y_t` mentions of A or B, :math:`x_t \\sim
    \\mathrm{Binomial}(n_t, p_t)`. Under one regime :math:`p_t = p`; under
    a change at period k, :math:`p_t = p_1` for t < k and :math:`p_2` from
    k on. The change point :math:`\\hat k` maximises the two-segment
    log-likelihood, and the statistic is the likelihood ratio

    .. math::

        \\Lambda = 2\\,[\\ell(\\hat p_1; t<k) + \\ell(\\hat p_2; t \\ge k) - \\ell(\\hat p; \\text{all})],
        \\quad \\ell(p) = \\textstyle\\sum_t x_t \\log p + (n_t - x_t) \\log(1 - p)

    maximised over k (Hinkley & Hinkley 1970, "Inference about the
    change-point in a sequence of binomial variables", *Biometrika* 57(3):
    477-488; Hinkley 1970, *Biometrika* 57(1): 1-17). Periods without
    mentions contribute nothing; each segment must hold mentions, and the
    first period of the new regime is taken to be a period with mentions
    (a change inside a gap is dated at the gap's end). Ties go to the
    earliest split.

    **p-value.** Because :math:`\\hat k` is searched for, :math:`\\Lambda`
    is not chi-squared. The p-value is a permutation test: the periods of
    the documents that mention A or B are shuffled among them (each
    document keeps its own A and B counts, so the clustering of mentions
    within articles is kept, and so is the number of mentioning documents
    per period), the maximal :math:`\\Lambda` is recomputed, and
    :math:`p = (1 + \\#\\{\\Lambda^* \\ge \\Lambda\\}) / (1 + n_{perm})`
    (Davison & Hinkley 1997, *Bootstrap Methods and their Application*,
    sec. 4.3). This assumes documents are exchangeable across periods under
    no change: serial dependence (news cycles) makes it optimistic.

    **Interval.** Documents are resampled with replacement within each
    period (Efron & Tibshirani 1993), :math:`\\hat k^*` is recomputed, and
    the ``(1 - ci)/2`` and ``(1 + ci)/2`` quantiles of the bootstrap change
    positions (inverted CDF, so always an observed period) bound the change
    period. Bootstrap intervals for a change point are approximate; read
    them as a range of plausible dates, not an exact coverage statement.

    Parameters
    ----------
    corpus : DataFrame
        A corpus (:func:`~termshift.load_corpus`) or its document counts
        (:func:`~termshift.document_counts`), so that one count serves every statistic.
    terms : TermSet, path or mapping
    a, b : str or list of str
        Family id(s) of each side (several on a side are summed); the share is A's.
    freq : {"day", "week", "month", "quarter", "year"}, default="month"
    n_perm : int, default=999
        Permutations (0: no test, ``p_value`` is NaN).
    n_boot : int, default=200
        Bootstrap resamples for the interval of the change period and the
        share bounds of ``table`` (0: None/NaN).
    ci : float, default=0.95
    random_state : int or numpy.random.Generator, default=0
    progress : bool or None

    Returns
    -------
    ShiftResult

    Raises
    ------
    ParameterError
        Unknown family ids, or A and B occur in fewer than two periods.

    Examples
    --------
    >>> from termshift.datasets import synthetic, synthetic_terms
    >>> corpus = synthetic(n_docs=120, change_date="2022-06-01", random_state=3)
    >>> r = shift(corpus, synthetic_terms(), "counterstrike", "preemptive", n_perm=99, n_boot=50)
    >>> r.change_period, r.change_period_low, r.change_period_high, r.p_value
    ('2022-06', '2022-06', '2022-06', 0.01)
    >>> round(r.share_before, 2), round(r.share_after, 2)
    (0.15, 0.88)
    """
    problems: list[str] = []
    check_int("n_perm", n_perm, 0, problems=problems)
    check_int("n_boot", n_boot, 0, problems=problems)
    check_ci(ci, problems)
    raise_problems(problems)
    rng = check_random_state(random_state)
    a_ids, b_ids, periods, codes, doc_a, doc_b = _contest_counts(corpus, terms, a, b, freq, progress)
    n_periods = len(periods)
    x = np.bincount(codes, weights=doc_a, minlength=n_periods)
    n = np.bincount(codes, weights=doc_a + doc_b, minlength=n_periods)
    pos, lr = _best_split(x[None, :], n[None, :])
    if pos[0] < 0:
        where = int(np.count_nonzero(n))
        raise ParameterError([f"{'+'.join(a_ids)} and {'+'.join(b_ids)} occur in {where} period(s); a change "
                              "point needs mentions in at least two periods (use a shorter period, e.g. "
                              "freq='month', or more documents)"])
    k, lr_stat = int(pos[0]), float(lr[0])
    p_value = np.nan
    if n_perm > 0:
        perm = _permutation_stats(codes, doc_a, doc_b, n_periods, n_perm, rng)
        tol = 1e-9 * max(1.0, abs(lr_stat))
        p_value = (1 + int(np.count_nonzero(perm >= lr_stat - tol))) / (1 + n_perm)
    boot = _boot_contest(codes, doc_a, doc_b, n_periods, n_boot, rng)
    low = high = None
    if n_boot > 0:
        bpos, _ = _best_split(boot[:, :, 0], boot.sum(axis=2))
        bpos = bpos[bpos >= 0]
        if len(bpos):
            alpha = (1 - ci) / 2
            q = np.quantile(bpos, [alpha, 1 - alpha], method="inverted_cdf")
            low, high = str(periods[int(q[0])]), str(periods[int(q[1])])
    table = _share_table(periods, codes, doc_a, doc_b, boot, ci)
    table["segment"] = np.where(np.arange(n_periods) < k, "before", "after")
    before = x[:k].sum() / n[:k].sum()
    after = x[k:].sum() / n[k:].sum()
    seed = int(random_state) if isinstance(random_state, (int, np.integer)) else None
    return ShiftResult(a=a_ids, b=b_ids, freq=freq_name(freq), change_period=str(periods[k]),
                       share_before=float(before), share_after=float(after), lr_stat=lr_stat,
                       p_value=float(p_value), change_period_low=low, change_period_high=high,
                       n_perm=int(n_perm), n_boot=int(n_boot), ci=float(ci), random_state=seed, table=table)


# ----------------------------------------------------------------------------- trend

_TREND_VALUES = ("per_10k", "doc_share", "count")


def trend(corpus: pd.DataFrame, terms: TermsLike, family: FamilyIds, freq: Freq | str = "year",
          value: str = "per_10k", *, ci: float = 0.95, progress: bool | None = None) -> pd.DataFrame:
    """Monotonic trend of a family's rate over time: Mann-Kendall test and Theil-Sen slope.

    With periods numbered :math:`t = 0, 1, ...` and values :math:`y_t`:

    * **Mann-Kendall test** (Mann 1945, "Nonparametric tests against
      trend", *Econometrica* 13: 245-259; Kendall 1975, *Rank Correlation
      Methods*, 4th ed.): Kendall's :math:`\\tau` between :math:`t` and
      :math:`y_t`, i.e. :math:`S = \\sum_{i<j} \\mathrm{sgn}(y_j - y_i)`
      scaled to [-1, 1] (tau-b, ties corrected), with its two-sided p-value
      (``scipy.stats.kendalltau``).
    * **Theil-Sen slope** (Sen 1968, "Estimates of the regression
      coefficient based on Kendall's tau", *JASA* 63: 1379-1389; Theil
      1950): the median of the pairwise slopes :math:`(y_j - y_i)/(j - i)`,
      with Sen's confidence interval (``scipy.stats.theilslopes``).

    Periods without documents (NaN rate) are excluded and listed in
    ``excluded``; time keeps its gaps (``t`` is the period's position in the
    full range). Both assume independent periods: autocorrelated series
    give p-values that are too small.

    Parameters
    ----------
    corpus : DataFrame
        A corpus (:func:`~termshift.load_corpus`) or its document counts
        (:func:`~termshift.document_counts`), so that one count serves every statistic.
    terms : TermSet, path or mapping
    family : str or list of str
        One row per family.
    freq : {"day", "week", "month", "quarter", "year"}, default="year"
    value : {"per_10k", "doc_share", "count"}, default="per_10k"
        The series tested (``count`` ignores how many documents each period holds).
    ci : float, default=0.95
        Confidence level of the slope interval.
    progress : bool or None

    Returns
    -------
    DataFrame
        One row per family: ``family``, ``label``, ``value``, ``freq``,
        ``first_period``, ``last_period``, ``n_periods`` (used),
        ``n_excluded``, ``excluded`` (periods without documents, comma
        separated), ``tau``, ``p_value``, ``slope`` (change of ``value`` per
        period), ``slope_low``, ``slope_high``, ``intercept`` (value at the
        first period).

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": list("abcde"),
    ...     "date": pd.to_datetime(["2019-05-01", "2020-05-01", "2021-05-01", "2023-05-01", "2024-05-01"]),
    ...     "text": ["deter one two three", "deter deter two three", "deter deter deter three",
    ...              "deter deter deter deter", "deter deter deter deter"]})
    >>> t = trend(corpus, {"deterrence": ["deter"]}, "deterrence")
    >>> t[["n_periods", "excluded", "tau", "slope", "slope_low", "slope_high"]].round(3)
       n_periods excluded    tau     slope  slope_low  slope_high
    0          5     2022  0.949  1583.333        0.0      2500.0
    """
    from scipy.stats import kendalltau, theilslopes

    problems: list[str] = []
    if value not in _TREND_VALUES:
        problems.append(f"value={value!r}: use one of {', '.join(_TREND_VALUES)}")
    check_ci(ci, problems)
    ts = as_termset(terms)
    ids, more = _family_list(ts, family, "family")
    raise_problems(problems + more)
    ts = ts.subset(ids)
    dc, periods, codes = _doc_counts(corpus, ts, freq, progress)
    table = aggregate(dc, ts, freq, families=ids)
    rows = []
    for fid in ids:
        part = table[table["family"] == fid]
        y = part[value].to_numpy(dtype=float)
        t = np.arange(len(y), dtype=float)
        ok = ~np.isnan(y)
        excluded = part["period"][~ok].astype(str).tolist()
        if ok.sum() < 3:
            raise ParameterError([f"family {fid!r}: only {int(ok.sum())} period(s) with documents at "
                                  f"freq={freq!r}; a trend needs at least 3 (use a shorter period)"])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # constant series: tau is NaN, said by the value
            try:
                from scipy.stats import ConstantInputWarning

                warnings.simplefilter("ignore", ConstantInputWarning)
            except ImportError:  # pragma: no cover
                pass
            tau, p = kendalltau(t[ok], y[ok])
            slope, intercept, lo, hi = theilslopes(y[ok], t[ok], alpha=ci)
        rows.append({"family": fid, "label": ts[fid].label, "value": value, "freq": freq_name(freq),
                     "first_period": str(periods[0]), "last_period": str(periods[-1]),
                     "n_periods": int(ok.sum()), "n_excluded": len(excluded), "excluded": ",".join(excluded),
                     "tau": float(tau), "p_value": float(p), "slope": float(slope), "slope_low": float(lo),
                     "slope_high": float(hi), "intercept": float(intercept)})
    return pd.DataFrame(rows)
