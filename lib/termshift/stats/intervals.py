"""Intervals for a rate and a proportion, and the dispersion that widens them when documents cluster mentions.

* :func:`wilson_interval` -- Wilson (1927) score interval for a proportion;
* :func:`garwood_interval` -- exact Poisson interval for a count (Garwood 1936);
* :func:`jeffreys_interval` -- Bayesian interval for a proportion under the
  Jeffreys prior Beta(1/2, 1/2) (Brown, Cai & DasGupta 2001);
* :func:`poisson_dispersion`, :func:`binomial_dispersion` -- the quasi-likelihood
  dispersion :math:`\\phi` (Pearson :math:`\\chi^2` over documents / degrees of
  freedom; McCullagh & Nelder 1989, *Generalized Linear Models*, 2nd ed., sec. 4.5
  and 9.2), per cell and pooled over the cells.

An interval for clustered data divides the count (and the number of trials) by
:math:`\\phi \\ge 1` before the exact interval is taken and multiplies back: the
"effective number of independent mentions" of Kish's design effect.
"""

from __future__ import annotations

import numpy as np

__all__ = ["wilson_interval", "garwood_interval", "jeffreys_interval", "poisson_dispersion",
           "binomial_dispersion", "combine_dispersion", "term_dispersion", "MIN_POOLED_DF"]


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


def garwood_interval(count, ci: float = 0.95, dispersion=1.0):
    """Exact (Garwood 1936) Poisson interval for a count, widened by a dispersion.

    For a Poisson count :math:`x` and :math:`\\alpha = 1 - ci`:

    .. math::

        \\mu_L = \\tfrac12 \\chi^2_{\\alpha/2}(2x), \\qquad
        \\mu_U = \\tfrac12 \\chi^2_{1-\\alpha/2}(2x + 2),

    with :math:`\\mu_L = 0` at :math:`x = 0` (F. Garwood (1936), "Fiducial
    limits for the Poisson distribution", *Biometrika* 28: 437-442). With a
    dispersion :math:`\\phi \\ge 1` (quasi-Poisson), the interval is taken on
    the effective count :math:`x/\\phi` and multiplied by :math:`\\phi`, so its
    width grows like :math:`\\sqrt{\\phi}`. The upper bound is positive even at
    :math:`x = 0`: a count is never given a zero-width interval.

    Parameters
    ----------
    count : array-like of float
    ci : float, default=0.95
    dispersion : array-like of float, default=1.0

    Returns
    -------
    low, high : ndarray (NaN where ``count`` is NaN)

    Examples
    --------
    >>> low, high = garwood_interval([0, 1, 10])
    >>> low.round(4), high.round(4)
    (array([0.    , 0.0253, 4.7954]), array([ 3.6889,  5.5716, 18.3904]))
    >>> [float(b.round(3)) for b in garwood_interval(10, dispersion=4.0)]  # 4 x the interval of 2.5
    [1.662, 32.026]
    """
    from scipy.stats import chi2

    x, phi = np.broadcast_arrays(np.asarray(count, dtype=float), np.asarray(dispersion, dtype=float))
    alpha = 1 - ci
    eff = x / phi
    with np.errstate(invalid="ignore"):
        low = np.where(eff > 0, chi2.ppf(alpha / 2, 2 * np.where(eff > 0, eff, 1)) / 2, 0.0) * phi
        high = chi2.ppf(1 - alpha / 2, 2 * eff + 2) / 2 * phi
    bad = np.isnan(x)
    return np.where(bad, np.nan, low), np.where(bad, np.nan, high)


def jeffreys_interval(successes, trials, ci: float = 0.95, dispersion=1.0):
    """Jeffreys interval for a proportion, on a dispersion-deflated number of trials.

    The equal-tailed interval of the posterior :math:`\\mathrm{Beta}(k' + 1/2,
    n' - k' + 1/2)` with :math:`k' = k/\\phi`, :math:`n' = n/\\phi`; the lower
    bound is 0 at :math:`k = 0` and the upper bound 1 at :math:`k = n` (Brown,
    Cai & DasGupta (2001), "Interval estimation for a binomial proportion",
    *Statistical Science* 16(2): 101-133, sec. 4.1.2). :math:`\\phi \\ge 1` is
    the quasi-binomial dispersion (mentions clustered in documents count as
    fewer independent trials). The interval has positive width whenever
    :math:`n > 0`.

    Parameters
    ----------
    successes, trials : array-like of float
    ci : float, default=0.95
    dispersion : array-like of float, default=1.0

    Returns
    -------
    low, high : ndarray (NaN where ``trials`` is 0)

    Examples
    --------
    >>> low, high = jeffreys_interval([0, 3, 5], [5, 10, 5])
    >>> low.round(4), high.round(4)  # 3 of 10: Beta(3.5, 7.5) quantiles 0.025 and 0.975
    (array([0.    , 0.0927, 0.6206]), array([0.3794, 0.6058, 1.    ]))
    """
    from scipy.stats import beta

    k, n, phi = np.broadcast_arrays(np.asarray(successes, dtype=float), np.asarray(trials, dtype=float),
                                    np.asarray(dispersion, dtype=float))
    alpha = 1 - ci
    ok = n > 0
    ke = np.where(ok, k / phi, 0.0)
    ne = np.where(ok, n / phi, 1.0)
    with np.errstate(invalid="ignore"):
        low = np.where(k > 0, beta.ppf(alpha / 2, ke + 0.5, ne - ke + 0.5), 0.0)
        high = np.where(k < n, beta.ppf(1 - alpha / 2, ke + 0.5, ne - ke + 0.5), 1.0)
    return np.where(ok, low, np.nan), np.where(ok, high, np.nan)


def _cell_sums(codes, n_cells, *values):
    return [np.bincount(codes, weights=np.asarray(v, dtype=float), minlength=n_cells) for v in values]


def poisson_dispersion(codes, counts, exposure, n_cells):
    """Quasi-Poisson dispersion of document counts around each cell's rate.

    For the documents :math:`d` of a cell with counts :math:`c_d`, exposures
    (tokens) :math:`t_d` and the cell's rate :math:`\\hat r = \\sum c_d / \\sum t_d`,

    .. math::

        X^2 = \\sum_d \\frac{(c_d - \\hat r t_d)^2}{\\hat r t_d}
            = \\frac{1}{\\hat r} \\sum_d \\frac{c_d^2}{t_d} - \\sum_d c_d ,

    on :math:`m - 1` degrees of freedom (m documents with tokens). Returns
    ``(chi2, df)`` per cell; a cell without mentions has ``chi2 = df = 0``.

    Examples
    --------
    >>> chi2, df = poisson_dispersion([0, 0, 0], [0, 0, 6], [10, 10, 10], 1)
    >>> chi2.tolist(), df.tolist()  # rate 0.2, 2 expected each: (4 + 4 + 16) / 2 = 12 on 2 df
    ([12.0], [2.0])
    """
    codes = np.asarray(codes, dtype=np.int64)
    c = np.asarray(counts, dtype=float)
    t = np.asarray(exposure, dtype=float)
    has = t > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.where(has, c * c / np.where(has, t, 1.0), 0.0)
    csum, tsum, qsum, m = _cell_sums(codes[has], n_cells, c[has], t[has], q[has], np.ones(int(has.sum())))
    ok = csum > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        chi2 = np.where(ok, qsum * tsum / np.where(ok, csum, 1.0) - csum, 0.0)
    return np.maximum(chi2, 0.0), np.where(ok, np.maximum(m - 1, 0), 0).astype(float)


def binomial_dispersion(codes, successes, trials, n_cells):
    """Quasi-binomial dispersion of documents' successes around each cell's proportion.

    For the documents of a cell with :math:`k_d` successes in :math:`n_d > 0`
    trials and the cell's proportion :math:`\\hat p = \\sum k_d / \\sum n_d`,

    .. math::

        X^2 = \\sum_d \\frac{(k_d - n_d \\hat p)^2}{n_d \\hat p (1 - \\hat p)}
            = \\frac{\\sum_d k_d^2 / n_d - \\hat p \\sum_d k_d}{\\hat p(1 - \\hat p)}

    on :math:`m - 1` degrees of freedom. Returns ``(chi2, df)`` per cell; a
    cell where :math:`\\hat p` is 0 or 1 has no information (``chi2 = df = 0``).

    Examples
    --------
    >>> chi2, df = binomial_dispersion([0, 0], [2, 0], [2, 2], 1)
    >>> chi2.tolist(), df.tolist()  # p = 1/2, 1 expected each: 1/0.5 + 1/0.5 = 4 on 1 df
    ([4.0], [1.0])
    """
    codes = np.asarray(codes, dtype=np.int64)
    k = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    has = n > 0
    q = np.where(has, k * k / np.where(has, n, 1.0), 0.0)
    ksum, nsum, qsum, m = _cell_sums(codes[has], n_cells, k[has], n[has], q[has], np.ones(int(has.sum())))
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(nsum > 0, ksum / np.where(nsum > 0, nsum, 1.0), np.nan)
        ok = (p > 0) & (p < 1)
        chi2 = np.where(ok, (qsum - p * ksum) / np.where(ok, p * (1 - p), 1.0), 0.0)
    return np.maximum(chi2, 0.0), np.where(ok, np.maximum(m - 1, 0), 0).astype(float)


#: Degrees of freedom the pooled within-period dispersion needs before thin periods rely on it.
MIN_POOLED_DF = 10


def combine_dispersion(chi2, df, n_docs, min_docs, groups=None, series=None):
    """The dispersion used for each cell: :math:`\\max(1, \\phi_{series}, \\phi_{cell})`.

    :math:`\\phi_{series}` is what a thin cell borrows from its series (the
    cells of the same group):

    * the pooled within-cell estimate :math:`\\sum X^2 / \\sum df` (the
      quasi-likelihood estimate of a model with one rate per cell) when it
      has at least :data:`MIN_POOLED_DF` degrees of freedom;
    * otherwise (e.g. one document per period, where no cell has a degree of
      freedom) the dispersion of all the group's documents around the
      group's own rate, ``series = (chi2, df)`` per group
      (:func:`poisson_dispersion` or :func:`binomial_dispersion` with one cell
      per group). It also holds the period-to-period variation of the rate,
      so it errs on the wide side; with fewer than 2 degrees of freedom
      there too, :math:`\\phi = 1`.

    :math:`\\phi_{cell} = X^2/df` enters only where the cell has at least
    ``min_docs`` documents (fewer give too noisy an estimate, so a thin cell
    borrows the series' value and is never narrower than the series allows).

    Examples
    --------
    >>> combine_dispersion(np.array([10.0, 0.0, 2.0]), np.array([4.0, 0.0, 2.0]), np.array([5, 1, 3]), 5)
    array([2.5, 2. , 2. ])

    One document per period: no cell has a degree of freedom, so every cell
    borrows the dispersion of the series' documents around the series' rate
    (here 12 on 3 degrees of freedom):

    >>> combine_dispersion(np.zeros(4), np.zeros(4), np.ones(4), 5, series=(np.array([12.0]), np.array([3.0])))
    array([4., 4., 4., 4.])
    """
    chi2, df, n_docs = (np.asarray(v, dtype=float) for v in (chi2, df, n_docs))
    groups = np.zeros(len(chi2), dtype=np.int64) if groups is None else np.asarray(groups, dtype=np.int64)
    c_sum = np.bincount(groups, weights=chi2)
    d_sum = np.bincount(groups, weights=df)
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = np.where(d_sum > 0, c_sum / np.where(d_sum > 0, d_sum, 1.0), 1.0)
        if series is not None:
            s_chi2, s_df = (np.asarray(v, dtype=float) for v in series)
            whole = np.where(s_df >= 2, s_chi2 / np.where(s_df > 0, s_df, 1.0), 1.0)
            pooled = np.where(d_sum >= MIN_POOLED_DF, pooled, np.maximum(pooled, whole[:len(pooled)]))
        local = np.where((df > 0) & (n_docs >= min_docs), chi2 / np.where(df > 0, df, 1.0), 1.0)
    return np.maximum.reduce([np.ones_like(chi2), pooled[groups], local])


def term_dispersion(X, mask, tokens):
    """Quasi-Poisson dispersion of each term's per-document counts around its rate in each slice (for keyness).

    For term w, documents d with :math:`t_d > 0` tokens and counts
    :math:`c_{dw}`, and the slice rates :math:`\\hat r_{sw} = C_{sw}/T_s`,

    .. math::

        \\phi_w = \\max\\Big(1, \\frac{1}{D - 2}\\sum_s \\Big[\\frac{T_s}{C_{sw}}
        \\sum_{d \\in s} \\frac{c_{dw}^2}{t_d} - C_{sw}\\Big]\\Big)

    (Pearson :math:`X^2` over its degrees of freedom, McCullagh & Nelder
    1989, sec. 4.5; the same as
    :func:`poisson_dispersion` with the two slices as cells, for every column of a sparse matrix).

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> X = sp.csr_matrix(np.array([[0], [0], [6], [1], [1], [1]]))
    >>> term_dispersion(X, np.array([True] * 3 + [False] * 3), np.array([10] * 6)).round(3).tolist()
    [3.0]
    """
    import scipy.sparse as sp

    X = sp.csr_matrix(X, dtype=float)
    tokens = np.asarray(tokens, dtype=float)
    has = tokens > 0
    inv = np.where(has, 1.0 / np.where(has, tokens, 1.0), 0.0)
    chi2 = np.zeros(X.shape[1])
    for sel in (mask & has, ~mask & has):
        part = X[np.flatnonzero(sel)]
        c = np.asarray(part.sum(axis=0)).ravel()
        q = np.asarray(part.multiply(part).multiply(inv[sel][:, None]).sum(axis=0)).ravel()
        with np.errstate(divide="ignore", invalid="ignore"):
            chi2 += np.where(c > 0, q * tokens[sel].sum() / np.where(c > 0, c, 1.0) - c, 0.0)
    df = max(int(has.sum()) - 2, 1)
    return np.maximum(1.0, chi2 / df)
