"""Monotonic trend of a rate over time: Mann-Kendall (Hamed-Rao corrected) and the Theil-Sen slope."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._validation import check_choice, check_ci, raise_problems
from ..counts import aggregate
from ..errors import ParameterError
from ..periods import freq_name
from ..terms import as_termset
from ..typing import FamilyIds, Freq, TermsLike
from .common import cell_counts, family_list

__all__ = ["trend", "mann_kendall", "TREND_METHODS", "TREND_VALUES"]

TREND_VALUES = ("per_10k", "doc_share", "count")
TREND_METHODS = ("hamed-rao", "original")


def mann_kendall(y, t=None, *, method: str = "hamed-rao", alpha: float = 0.05) -> dict:
    """Mann-Kendall trend test, with the Hamed-Rao (1998) variance correction for autocorrelation.

    :math:`S = \\sum_{i<j} \\mathrm{sgn}(y_j - y_i)` over the observations in
    time order, with the tie-corrected null variance

    .. math:: V_0 = \\frac{n(n-1)(2n+5) - \\sum_g t_g(t_g-1)(2t_g+5)}{18}

    (Mann 1945, *Econometrica* 13: 245-259; Kendall 1975, *Rank Correlation
    Methods*). ``method="hamed-rao"``: the series is detrended with the
    Theil-Sen slope, :math:`\\rho_k` are the autocorrelations of the ranks of
    the residuals, and only those outside :math:`\\pm z_{1-\\alpha/2}/\\sqrt n`
    enter

    .. math::

        \\frac{n}{n^*} = 1 + \\frac{2}{n(n-1)(n-2)} \\sum_{k=1}^{n-1} (n-k)(n-k-1)(n-k-2)\\,\\rho_k,
        \\qquad V^* = V_0\\, n/n^*

    (K. H. Hamed & A. R. Rao (1998), "A modified Mann-Kendall trend test for
    autocorrelated data", *J. Hydrology* 204: 182-196; the same as
    ``pymannkendall.hamed_rao_modification_test``). Then
    :math:`Z = (S - \\mathrm{sgn}\\,S)/\\sqrt{V}` and :math:`p = 2(1 - \\Phi(|Z|))`.
    ``method="original"``: :math:`V = V_0`. ``tau`` is Kendall's
    :math:`\\tau_b` between time and value (ties corrected, ``scipy.stats.kendalltau``).

    Parameters
    ----------
    y : array-like
        The values in time order (no NaN).
    t : array-like, optional
        Their times (for the Theil-Sen detrending; default 0, 1, ...).
    method : {"hamed-rao", "original"}
    alpha : float, default=0.05
        Significance level that selects the autocorrelations entering the correction.

    Returns
    -------
    dict
        ``s``, ``var_s``, ``z``, ``p_value``, ``tau`` (tau-b), ``lag1_autocorr``
        (of the detrended ranks), ``variance_factor`` (:math:`n/n^*`, 1 for "original").

    Examples
    --------
    >>> r = mann_kendall([1, 2, 4, 3, 5], method="original")
    >>> r["s"], r["var_s"], round(r["z"], 4), round(r["p_value"], 4)
    (8.0, 16.666666666666668, 1.7146, 0.0864)
    """
    from scipy.stats import kendalltau, norm, rankdata, theilslopes

    y = np.asarray(y, dtype=float)
    n = len(y)
    t = np.arange(n, dtype=float) if t is None else np.asarray(t, dtype=float)
    diff = np.sign(y[None, :] - y[:, None])
    s = float(np.triu(diff, 1).sum())
    _, counts = np.unique(y, return_counts=True)
    var0 = (n * (n - 1) * (2 * n + 5) - np.sum(counts * (counts - 1) * (2 * counts + 5))) / 18
    slope = theilslopes(y, t)[0] if n > 1 else 0.0
    ranks = rankdata(y - slope * t)
    r = ranks - ranks.mean()
    denom = float(np.dot(r, r))
    acf = np.array([np.dot(r[: n - k], r[k:]) / denom if denom > 0 else 0.0 for k in range(n)])
    factor = 1.0
    if method == "hamed-rao" and n > 2:
        bound = norm.ppf(1 - alpha / 2) / np.sqrt(n)
        k = np.arange(1, n)
        sig = np.abs(acf[1:]) > bound
        factor = 1 + 2 / (n * (n - 1) * (n - 2)) * np.sum(((n - k) * (n - k - 1) * (n - k - 2) * acf[1:])[sig])
    var = var0 * factor
    z = (s - np.sign(s)) / np.sqrt(var) if var > 0 else 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tau = kendalltau(t, y)[0]
    return {"s": s, "var_s": float(var), "z": float(z), "p_value": float(2 * norm.sf(abs(z))), "tau": float(tau),
            "lag1_autocorr": float(acf[1]) if n > 1 else float("nan"), "variance_factor": float(factor)}


def trend(corpus: pd.DataFrame, terms: TermsLike, family: FamilyIds, freq: Freq | str = "year",
          value: str = "per_10k", *, method: str = "hamed-rao", ci: float = 0.95, progress: bool | None = None,
          by: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Monotonic trend of a family's rate over time: Mann-Kendall test and Theil-Sen slope.

    With periods numbered :math:`t = 0, 1, ...` and values :math:`y_t`:

    * **Mann-Kendall test** (:func:`mann_kendall`): ``method="hamed-rao"``
      (default) corrects the variance of :math:`S` for autocorrelation
      (Hamed & Rao 1998), so a series that wanders (news cycles, terms that
      stay in fashion for a while) is not taken for a trend;
      ``method="original"`` is Mann (1945) with the exact small-sample
      p-value of ``scipy.stats.kendalltau`` (independent periods assumed).
      ``tau`` is Kendall's :math:`\\tau_b` (ties corrected), named in
      ``tau_convention``.
    * **Theil-Sen slope** (Sen 1968, *JASA* 63: 1379-1389; Theil 1950): the
      median of the pairwise slopes :math:`(y_j - y_i)/(j - i)`, with Sen's
      confidence interval (``scipy.stats.theilslopes``).

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
    method : {"hamed-rao", "original"}, default="hamed-rao"
    ci : float, default=0.95
        Confidence level of the slope interval.
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
        ``slope_high``, ``intercept`` (value at the first period).

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
    check_choice("value", value, TREND_VALUES, problems)
    check_choice("method", method, TREND_METHODS, problems)
    check_ci(ci, problems)
    ts = as_termset(terms)
    ids, more = family_list(ts, family, "family")
    raise_problems(problems + more)
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
            if ok.sum() < 3:
                where = f"family {fid!r}" + (f" in group {cells.group_key(g)!r}" if cells.by else "")
                raise ParameterError([f"{where}: only {int(ok.sum())} period(s) with documents at "
                                      f"freq={freq!r}; a trend needs at least 3 (use a shorter period)"])
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # a constant series: tau is NaN, said by the value
                mk = mann_kendall(y[ok], t[ok], method=method)
                p = mk["p_value"] if method == "hamed-rao" else kendalltau(t[ok], y[ok])[1]
                slope, intercept, lo, hi = theilslopes(y[ok], t[ok], alpha=ci)
            rows.append({**key, "family": fid, "label": ts[fid].label, "value": value, "freq": freq_name(freq),
                         "first_period": str(periods[0]), "last_period": str(periods[-1]),
                         "n_periods": int(ok.sum()), "n_excluded": len(excluded), "excluded": ",".join(excluded),
                         "tau": mk["tau"], "tau_convention": "tau-b", "method": method, "p_value": float(p),
                         "lag1_autocorr": mk["lag1_autocorr"], "variance_factor": mk["variance_factor"],
                         "slope": float(slope), "slope_low": float(lo), "slope_high": float(hi),
                         "intercept": float(intercept)})
    out = pd.DataFrame(rows)
    out.attrs.update(method=method, tau_convention="tau-b", by=cells.by)
    return out
