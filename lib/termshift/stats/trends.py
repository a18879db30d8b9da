"""Monotonic trend of a rate over time: Mann-Kendall (sieve-bootstrap calibrated) and the Theil-Sen slope."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._validation import check_choice, check_ci, check_int, check_random_state, raise_problems
from ..counts import aggregate
from ..errors import ParameterError
from ..periods import freq_name
from ..terms import as_termset
from ..typing import FamilyIds, Freq, RandomState, TermsLike
from .common import cell_counts, family_list

__all__ = ["trend", "mann_kendall", "sen_slope", "TREND_METHODS", "TREND_VALUES", "TREND_METHOD_NAMES"]

TREND_VALUES = ("per_10k", "doc_share", "count")
TREND_METHODS = ("sieve-bootstrap", "hamed-rao", "prewhitening", "original")

#: What each method is, written into the trend table and its labels.
TREND_METHOD_NAMES = {
    "sieve-bootstrap": "Mann-Kendall, AR(1) sieve bootstrap (bias-corrected); Sen interval widened alike",
    "hamed-rao": "Mann-Kendall, Hamed-Rao variance correction; Sen interval widened alike",
    "prewhitening": "Mann-Kendall on the AR(1)-prewhitened series (von Storch 1995); Sen interval widened alike",
    "original": "Mann-Kendall, independent periods (normal approximation); Sen interval as published",
}

#: AR(1) coefficient beyond which the calibration was not checked (docs/inference.md).
CALIBRATED_RHO = 0.8


def _s_stat(y):
    """Mann-Kendall S of each row of ``y`` (shape (R, n) or (n,))."""
    y = np.atleast_2d(np.asarray(y, dtype=float))
    n = y.shape[1]
    i, j = np.triu_indices(n, 1)
    return np.sign(y[:, j] - y[:, i]).sum(axis=1)


def _var0(y):
    """Tie-corrected null variance of S (Kendall 1975, eq. 4.3)."""
    n = len(y)
    _, counts = np.unique(y, return_counts=True)
    return (n * (n - 1) * (2 * n + 5) - np.sum(counts * (counts - 1) * (2 * counts + 5))) / 18


def _exact_ranks(v, scale):
    """Average ranks of ``v``, values equal up to rounding error (1e-9 of ``scale``) ranked as ties."""
    from scipy.stats import rankdata

    tol = 1e-9 * max(scale, np.finfo(float).tiny)
    return rankdata(np.round(np.asarray(v, dtype=float) / tol))


def sen_slope(y, t=None, var_s=None, ci: float = 0.95):
    """Theil-Sen slope and Sen's (1968) interval, with the variance of S given (to allow for autocorrelation).

    The slope is the median of the pairwise slopes :math:`(y_j - y_i)/(t_j - t_i)`
    (Theil 1950; Sen 1968, *JASA* 63: 1379-1389). The interval takes the
    order statistics of the N pairwise slopes at ranks
    :math:`(N \\mp z_{1-\\alpha/2} \\sqrt{V})/2`, with :math:`V` the variance of
    the Mann-Kendall S. ``var_s=None`` is the tie-corrected null variance of
    independent periods (then the interval is ``scipy.stats.theilslopes``');
    give the autocorrelation-corrected variance of :func:`mann_kendall`
    (``var_s``) and the interval is widened by the same factor as the test.

    Returns ``(slope, intercept, low, high)``; the intercept is
    :math:`\\mathrm{median}(y) - \\mathrm{slope} \\cdot \\mathrm{median}(t)`.

    Examples
    --------
    >>> [round(float(v), 3) for v in sen_slope([1, 2, 4, 3, 5])]
    [1.0, 1.0, -1.0, 2.0]
    """
    from scipy.stats import norm

    y = np.asarray(y, dtype=float)
    n = len(y)
    t = np.arange(n, dtype=float) if t is None else np.asarray(t, dtype=float)
    i, j = np.triu_indices(n, 1)
    dt = t[j] - t[i]
    slopes = np.sort(((y[j] - y[i]) / dt)[dt != 0])
    slope = float(np.median(slopes))
    intercept = float(np.median(y) - slope * np.median(t))
    v = _var0(y) if var_s is None else float(var_s)
    nt = len(slopes)
    z = norm.ppf((1 - ci) / 2)  # negative, as in scipy.stats.theilslopes
    sigma = np.sqrt(max(v, 0.0))
    upper = min(int(np.round((nt - z * sigma) / 2.0)), nt - 1)
    lower = max(int(np.round((nt + z * sigma) / 2.0)) - 1, 0)
    return slope, intercept, float(slopes[lower]), float(slopes[upper])


def _normal_scores(v, scale):
    from scipy.stats import norm

    r = _exact_ranks(v, scale)
    return norm.ppf((r - 0.5) / len(r))


def _ar1(z):
    """Lag-1 autocorrelation of a centred series (Yule-Walker)."""
    z = z - z.mean()
    d = float(np.dot(z, z))
    return float(np.dot(z[:-1], z[1:]) / d) if d > 0 else 0.0


def ar1_bias_corrected(z):
    """Lag-1 autocorrelation corrected for the bias of a detrended short series, clipped to [0, 0.95].

    The least-squares estimate after removing a mean and a linear trend has
    :math:`E\\hat\\rho \\approx \\rho - (2 + 4\\rho)/n` (Kendall 1954, *Biometrika*
    41: 403-404, for the mean, -(1 + 3rho)/n; with a trend, Shaman & Stine 1988,
    *JASA* 83: 842-848), so :math:`\\tilde\\rho = (n\\hat\\rho + 2)/(n - 4)`.
    Clipped at 0: negative autocorrelation makes Mann-Kendall conservative,
    which is kept.

    >>> round(ar1_bias_corrected(np.array([1., -1, 1, -1, 1, -1, 1, -1])), 3)
    0.0
    """
    n = len(z)
    rho = _ar1(np.asarray(z, dtype=float))
    if n <= 5:
        return float(np.clip(rho, 0.0, 0.95))
    return float(np.clip((n * rho + 2) / (n - 4), 0.0, 0.95))


def _hamed_rao_factor(resid_ranks, n, alpha):
    from scipy.stats import norm

    r = resid_ranks - resid_ranks.mean()
    denom = float(np.dot(r, r))
    acf = np.array([np.dot(r[: n - k], r[k:]) / denom if denom > 0 else 0.0 for k in range(n)])
    bound = norm.ppf(1 - alpha / 2) / np.sqrt(n)
    k = np.arange(1, n)
    sig = np.abs(acf[1:]) > bound
    factor = 1 + 2 / (n * (n - 1) * (n - 2)) * np.sum(((n - k) * (n - k - 1) * (n - k - 2) * acf[1:])[sig])
    return float(factor), float(acf[1])


def ar1_variance_factor(rho, n):
    """:math:`\\mathrm{Var}(S)/V_0` of Mann-Kendall's S for a Gaussian AR(1) series with coefficient ``rho``.

    The rank autocorrelation at lag k of a Gaussian AR(1) is
    :math:`\\rho_s(k) = (6/\\pi) \\arcsin(\\rho^k/2)` (Kendall & Gibbons 1990,
    *Rank Correlation Methods*, 5th ed., sec. 9.7), put into Hamed & Rao's
    (1998, eq. 18) factor :math:`1 + \\frac{2}{n(n-1)(n-2)}\\sum_{k=1}^{n-1}
    (n-k)(n-k-1)(n-k-2)\\rho_s(k)`. Works on an array of ``rho``.

    >>> float(ar1_variance_factor(0.0, 24))
    1.0
    """
    rho = np.asarray(rho, dtype=float)
    k = np.arange(1, n)
    w = (n - k) * (n - k - 1) * (n - k - 2) * 2 / (n * (n - 1) * (n - 2))
    rs = 6 / np.pi * np.arcsin(np.power.outer(rho, k) / 2)
    return 1 + rs @ w


def _sen_slopes_rows(x, t, chunk=200):
    """Theil-Sen slope of each row of x (shape (R, n))."""
    i, j = np.triu_indices(x.shape[1], 1)
    dt = t[j] - t[i]
    keep = dt != 0
    out = np.empty(len(x))
    for s in range(0, len(x), chunk):
        part = x[s:s + chunk]
        out[s:s + chunk] = np.median((part[:, j] - part[:, i])[:, keep] / dt[keep], axis=1)
    return out


def _rows_rho(x, t):
    """Bias-corrected AR(1) of the normal scores of each row's Theil-Sen residuals."""
    from scipy.stats import norm, rankdata

    n = x.shape[1]
    resid = x - _sen_slopes_rows(x, t)[:, None] * t[None, :]
    z = norm.ppf((rankdata(resid, axis=1) - 0.5) / n)
    z = z - z.mean(axis=1, keepdims=True)
    rho = (z[:, :-1] * z[:, 1:]).sum(1) / np.maximum((z * z).sum(1), 1e-300)
    return np.clip((n * rho + 2) / (n - 4), 0.0, 0.95) if n > 5 else np.clip(rho, 0.0, 0.95)


def _sieve_null(z, rho, t, n_boot, rng):
    """Studentized |Z*| of ``n_boot`` AR(1) series (coefficient ``rho``, innovations resampled from ``z``'s)."""
    n = len(z)
    eta = z[1:] - rho * z[:-1]
    eta = eta - eta.mean()
    burn = 50
    draws = eta[rng.integers(0, len(eta), size=(n_boot, n + burn))]
    x = np.empty_like(draws)
    x[:, 0] = draws[:, 0]
    for i in range(1, n + burn):
        x[:, i] = rho * x[:, i - 1] + draws[:, i]
    x = x[:, burn:]
    s = _s_stat(x)
    rhos = _rows_rho(x, t)
    var = n * (n - 1) * (2 * n + 5) / 18 * ar1_variance_factor(rhos, n)
    return np.abs(s - np.sign(s)) / np.sqrt(var)


def mann_kendall(y, t=None, *, method: str = "sieve-bootstrap", alpha: float = 0.05, n_boot: int = 499,
                 ci: float = 0.95, random_state: RandomState = 0) -> dict:
    """Mann-Kendall trend test, calibrated for autocorrelated periods.

    :math:`S = \\sum_{i<j} \\mathrm{sgn}(y_j - y_i)` over the observations in
    time order, with the tie-corrected null variance of independent periods

    .. math:: V_0 = \\frac{n(n-1)(2n+5) - \\sum_g t_g(t_g-1)(2t_g+5)}{18}

    (Mann 1945, *Econometrica* 13: 245-259; Kendall 1975, *Rank Correlation
    Methods*, ch. 4), :math:`Z = (S - \\mathrm{sgn}\\,S)/\\sqrt{V}` and
    :math:`p = 2(1 - \\Phi(|Z|))`. Every method uses this normal
    approximation with continuity correction (no method is exact; with ties
    no exact small-sample distribution is claimed); they differ in
    :math:`V`:

    * ``"sieve-bootstrap"`` (default): the series is detrended with the
      Theil-Sen slope, its ranks turned into normal scores, and an AR(1)
      is fitted to them with the small-sample bias correction of
      :func:`ar1_bias_corrected`; ``n_boot`` series are drawn from that AR(1)
      with innovations resampled from the fitted ones (the AR sieve
      bootstrap of Bühlmann 1997, *Bernoulli* 3: 123-148, here of order 1),
      and :math:`V = V_0 \\cdot \\mathrm{Var}(S^*)/V_0^*`, the variance of S under the
      fitted dependence (:math:`V_0^*` the no-tie variance of the draws).
      The p-value is the normal one with this variance (smooth in the seed;
      the draws only estimate the variance). Compared with the alternatives
      in ``docs/inference.md``: it keeps p < 0.05 at or below about 0.07 for AR(1) noise
      up to :math:`\\rho = 0.8` at 24 periods, where Hamed-Rao gives 0.2-0.3.
    * ``"hamed-rao"``: :math:`V = V_0\\, n/n^*` with
      :math:`n/n^* = 1 + \\frac{2}{n(n-1)(n-2)} \\sum_k (n-k)(n-k-1)(n-k-2)\\rho_k`
      over the autocorrelations of the ranks of the Theil-Sen residuals
      outside :math:`\\pm z_{1-\\alpha/2}/\\sqrt n` (Hamed & Rao 1998, *J.
      Hydrology* 204: 182-196; as ``pymannkendall.hamed_rao_modification_test``,
      except that residuals equal up to rounding are ranked as ties).
    * ``"prewhitening"``: the test of independent periods on
      :math:`y_t - \\tilde\\rho y_{t-1}` (von Storch 1995, in *Analysis of
      Climate Variability*, 11-26), with the bias-corrected :math:`\\tilde\\rho`.
    * ``"original"``: :math:`V = V_0`, independent periods.

    Parameters
    ----------
    y : array-like
        The values in time order (no NaN).
    t : array-like, optional
        Their times (for the Theil-Sen detrending; default 0, 1, ...).
    method : {"sieve-bootstrap", "hamed-rao", "prewhitening", "original"}
    alpha : float, default=0.05
        Significance level that selects the autocorrelations of Hamed-Rao.
    n_boot : int, default=499
        Bootstrap series (``"sieve-bootstrap"``).
    random_state : int or numpy.random.Generator, default=0

    Returns
    -------
    dict
        ``s``, ``var_s`` (the variance used), ``z``, ``p_value``, ``tau``
        (tau-b), ``lag1_autocorr`` (of the normal scores of the detrended
        series; bias-corrected for the sieve and prewhitening), ``variance_factor``
        (:math:`V/V_0`, 1 for "original"), ``method``, ``sen_var`` (the
        variance of S that :func:`sen_slope` uses for the slope interval:
        :math:`V` itself, or for prewhitening :math:`V_0 (1 + \\tilde\\rho)/(1 - \\tilde\\rho)`).

    Examples
    --------
    >>> r = mann_kendall([1, 2, 4, 3, 5], method="original")
    >>> r["s"], r["var_s"], round(r["z"], 4), round(r["p_value"], 4)
    (8.0, 16.666666666666668, 1.7146, 0.0864)
    >>> round(mann_kendall([1, 2, 4, 3, 5, 7, 6, 8])["variance_factor"], 2) >= 1
    True
    """
    from scipy.stats import kendalltau, norm, theilslopes

    problems: list[str] = []
    check_choice("method", method, TREND_METHODS, problems)
    check_int("n_boot", n_boot, 1, problems=problems)
    check_ci(ci, problems)
    raise_problems(problems)
    y = np.asarray(y, dtype=float)
    n = len(y)
    t = np.arange(n, dtype=float) if t is None else np.asarray(t, dtype=float)
    s = float(_s_stat(y)[0]) if n > 1 else 0.0
    var0 = _var0(y)
    slope = theilslopes(y, t)[0] if n > 1 else 0.0
    resid = y - slope * t
    scale = float(np.max(np.abs(y))) if n else 1.0
    factor, lag1, sen_factor, z_star = 1.0, float("nan"), None, None
    if n > 2:
        z = _normal_scores(resid, scale)
        lag1 = _ar1(z)
        if method == "hamed-rao":
            factor, lag1 = _hamed_rao_factor(_exact_ranks(resid, scale), n, alpha)
        elif method == "sieve-bootstrap" and n > 3:
            rho = ar1_bias_corrected(z)
            lag1 = rho
            factor = float(ar1_variance_factor(rho, n))
            rng = check_random_state(random_state)
            z_star = _sieve_null(z, rho, t - t[0], n_boot, rng)
        elif method == "prewhitening" and n > 3:
            rho = ar1_bias_corrected(_normal_scores(y, scale))
            lag1 = rho
            if rho > 0:
                w = y[1:] - rho * y[:-1]
                s = float(_s_stat(w)[0])
                var0 = _var0(w)
                sen_factor = (1 + rho) / (1 - rho)
    var = var0 * factor
    zstat = (s - np.sign(s)) / np.sqrt(var) if var > 0 else 0.0
    p_value = float(2 * norm.sf(abs(zstat)))
    if z_star is not None:
        p_value = (1 + int(np.count_nonzero(z_star >= abs(zstat) - 1e-12))) / (1 + n_boot)
        sen_factor = factor * (float(np.quantile(z_star, ci)) / norm.ppf(0.5 + ci / 2)) ** 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tau = kendalltau(t, y)[0]
    return {"s": s, "var_s": float(var), "z": float(zstat), "p_value": p_value,
            "tau": float(tau), "lag1_autocorr": float(lag1), "variance_factor": float(factor), "method": method,
            "sen_var": float(_var0(y) * (factor if sen_factor is None else sen_factor))}


def trend(corpus: pd.DataFrame, terms: TermsLike, family: FamilyIds, freq: Freq | str = "year",
          value: str = "per_10k", *, method: str = "sieve-bootstrap", ci: float = 0.95, n_boot: int = 499,
          random_state: RandomState = 0, progress: bool | None = None,
          by: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Monotonic trend of a family's rate over time: Mann-Kendall test and Theil-Sen slope.

    With periods numbered :math:`t = 0, 1, ...` and values :math:`y_t`:

    * **Mann-Kendall test** (:func:`mann_kendall`): ``method="sieve-bootstrap"``
      (default) takes the variance of :math:`S` under an AR(1) fitted to the
      detrended series (bias-corrected), so a series that wanders (news
      cycles, terms that stay in fashion for a while) is not taken for a
      trend; it holds its level up to an AR(1) coefficient of 0.8 at 24
      periods (``docs/inference.md``). ``"hamed-rao"`` (Hamed & Rao 1998)
      and ``"prewhitening"`` (von Storch 1995) are the alternatives it was
      compared with; ``"original"`` assumes independent periods. All use the
      normal approximation of S with continuity correction (not an exact test).
      ``tau`` is Kendall's :math:`\\tau_b` (ties corrected), named in
      ``tau_convention``.
    * **Theil-Sen slope** (Sen 1968, *JASA* 63: 1379-1389; Theil 1950): the
      median of the pairwise slopes :math:`(y_j - y_i)/(j - i)`, with Sen's
      interval taken with the *same* variance of S as the test
      (:func:`sen_slope`), so it is widened for autocorrelation exactly as
      the p-value is (``sen_interval`` says so).

    A warning is given when the fitted AR(1) coefficient exceeds 0.8 or
    fewer than 10 periods are used (outside what ``docs/inference.md`` calibrated).

    Periods without documents (NaN rate) are excluded and listed in
    ``excluded``; time keeps its gaps (``t`` is the period's position in the
    full range).

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
    method : {"sieve-bootstrap", "hamed-rao", "prewhitening", "original"}, default="sieve-bootstrap"
    ci : float, default=0.95
        Confidence level of the slope interval.
    n_boot : int, default=499
        Bootstrap series of the sieve.
    random_state : int or numpy.random.Generator, default=0
    progress : bool or None
    by : str or list of str, optional
        One row per group x family (group columns first).

    Returns
    -------
    DataFrame
        One row per [group x] family: [group columns], ``family``, ``label``,
        ``value``, ``freq``, ``first_period``, ``last_period``,
        ``n_periods`` (used), ``n_excluded``, ``excluded`` (periods without
        documents, comma separated), ``tau``, ``tau_convention`` ("tau-b"),
        ``method``, ``p_value``, ``lag1_autocorr``, ``variance_factor``,
        ``slope`` (change of ``value`` per period), ``slope_low``,
        ``slope_high``, ``sen_interval`` (what the slope interval allows
        for), ``intercept`` (value at the first period). ``df.attrs``:
        ``method``, ``method_name``, ``ci``, ``n_boot``.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": list("abcde"),
    ...     "date": pd.to_datetime(["2019-05-01", "2020-05-01", "2021-05-01", "2023-05-01", "2024-05-01"]),
    ...     "text": ["deter one two three", "deter deter two three", "deter deter deter three",
    ...              "deter deter deter deter", "deter deter deter deter"]})
    >>> t = trend(corpus, {"deterrence": ["deter"]}, "deterrence", method="original")
    >>> t[["n_periods", "excluded", "tau", "slope", "slope_low", "slope_high"]].round(3)
       n_periods excluded    tau     slope  slope_low  slope_high
    0          5     2022  0.949  1583.333        0.0      2500.0
    """
    problems: list[str] = []
    check_choice("value", value, TREND_VALUES, problems)
    check_choice("method", method, TREND_METHODS, problems)
    check_ci(ci, problems)
    check_int("n_boot", n_boot, 1, problems=problems)
    ts = as_termset(terms)
    ids, more = family_list(ts, family, "family")
    raise_problems(problems + more)
    rng = check_random_state(random_state)
    ts = ts.subset(ids)
    cells = cell_counts(corpus, ts, freq, progress, by)
    periods = cells.periods
    table = aggregate(cells.dc, ts, freq, families=ids, by=cells.by)
    rows = []
    for g in range(len(cells.groups)):
        gpart = table.iloc[g * len(periods) * len(ids):(g + 1) * len(periods) * len(ids)]
        key = {c: cells.groups.iloc[g][c] for c in cells.by}
        for fid in ids:
            part = gpart[gpart["family"] == fid]
            y = part[value].to_numpy(dtype=float)
            t = np.arange(len(y), dtype=float)
            ok = ~np.isnan(y)
            excluded = part["period"][~ok].astype(str).tolist()
            where = f"family {fid!r}" + (f" in group {cells.group_key(g)!r}" if cells.by else "")
            if ok.sum() < 3:
                raise ParameterError([f"{where}: only {int(ok.sum())} period(s) with documents at "
                                      f"freq={freq!r}; a trend needs at least 3 (use a shorter period)"])
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # a constant series: tau is NaN, said by the value
                mk = mann_kendall(y[ok], t[ok], method=method, n_boot=n_boot, ci=ci, random_state=rng)
                slope, intercept, lo, hi = sen_slope(y[ok], t[ok], mk["sen_var"], ci)
            _warn_uncalibrated(where, method, int(ok.sum()), mk["lag1_autocorr"])
            rows.append({**key, "family": fid, "label": ts[fid].label, "value": value, "freq": freq_name(freq),
                         "first_period": str(periods[0]), "last_period": str(periods[-1]),
                         "n_periods": int(ok.sum()), "n_excluded": len(excluded), "excluded": ",".join(excluded),
                         "tau": mk["tau"], "tau_convention": "tau-b", "method": method, "p_value": mk["p_value"],
                         "lag1_autocorr": mk["lag1_autocorr"], "variance_factor": mk["variance_factor"],
                         "slope": float(slope), "slope_low": float(lo), "slope_high": float(hi),
                         "sen_interval": _SEN_NOTE[method], "intercept": float(intercept)})
    out = pd.DataFrame(rows)
    out.attrs.update(method=method, method_name=TREND_METHOD_NAMES[method], tau_convention="tau-b", by=cells.by,
                     ci=float(ci), n_boot=int(n_boot))
    return out


_SEN_NOTE = {
    "sieve-bootstrap": "widened by the same variance factor as the test (AR(1) sieve)",
    "hamed-rao": "widened by the same variance factor as the test (Hamed-Rao)",
    "prewhitening": "widened by (1 + rho) / (1 - rho) of the fitted AR(1)",
    "original": "independent periods assumed (ignores autocorrelation)",
}


def _warn_uncalibrated(where, method, n, rho):
    if method == "original":
        return
    if n < 10:
        warnings.warn(f"trend: {where} has {n} periods; the autocorrelation correction is calibrated from 10 "
                      "periods on (docs/inference.md): read the p-value as rough", stacklevel=3)
    elif np.isfinite(rho) and rho > CALIBRATED_RHO:
        warnings.warn(f"trend: {where} has a lag-1 autocorrelation of {rho:.2f}, above the {CALIBRATED_RHO} up to "
                      "which the test is calibrated (docs/inference.md): a trend and a slow wander are hard to "
                      "tell apart", stacklevel=3)
