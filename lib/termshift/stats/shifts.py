"""When did framing A replace framing B? The change point, its test, its shape, per group."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import overload

import numpy as np
import pandas as pd

from .._validation import check_choice, check_ci, check_int, check_random_state, is_int, raise_problems
from ..errors import ParameterError
from ..periods import freq_name
from ..typing import Freq, RandomState, TermsLike
from .changepoint import (
    best_split,
    binary_segmentation,
    change_set,
    compare_shapes,
    sequential_changes,
    sieve_p_value,
    split_profile,
)
from .common import CONTEST_CONVENTION, contest_counts, nan_to_none, seed_of
from .period_rates import SHARE_INTERVALS, share_table

__all__ = ["shift", "ShiftResult", "GroupShiftResult", "P_VALUE_MEANING", "SHIFT_NULLS"]

#: The null distributions ``shift(null=...)`` offers.
SHIFT_NULLS = ("sieve", "permutation")

#: What ``ShiftResult.p_value`` tests, written into every JSON and CSV.
P_VALUE_MEANING = ("p_value: test of 'no change in A's share' against series whose period-to-period variation is "
                   "autocorrelated (AR(1) sieve bootstrap over periods, studentized; null='permutation': periods "
                   "exchangeable); small means the best single split separates the series more than such "
                   "wandering does. It does not say the change was abrupt: see shape.")

_KEYS = ["a", "b", "freq", "change_period", "share_before", "share_after", "lr_stat", "p_value",
         "change_period_low", "change_period_high", "n_perm", "n_boot", "ci", "random_state"]
_EXTRA = ["shape", "p_step", "n_changes", "change_periods", "change_set", "dispersion", "bic", "null"]


@dataclass
class ShiftResult:
    """The change point(s) of A's share, as found by :func:`shift`.

    Attributes
    ----------
    a, b : list of str
        The families of each side (the share is A's).
    freq : str
        The period as named in :data:`termshift.periods.FREQS` ("month", "year", ...).
    change_period : str
        First period of the new regime at the best single split.
    share_before, share_after : float
        A's pooled share of the mentions before and from ``change_period``.
    lr_stat : float
        Likelihood ratio statistic 2 (l1 + l2 - l0) at the change point (binomial).
    p_value : float
        p-value of ``lr_stat`` under no change (``null``; NaN with ``n_perm=0``):
        see :data:`P_VALUE_MEANING`.
    change_period_low, change_period_high : str or None
        First and last period of the likelihood confidence set of the change
        period (``change_set``); the names are kept from the bootstrap
        interval they replace.
    n_perm, n_boot : int
    ci : float
    random_state : int or None
        The seed (None when a Generator was given).
    table : DataFrame
        Per period: the columns of :func:`share`, ``segment`` ("before",
        "after" the change period) and ``regime`` (0, 1, ... between the
        ``change_periods``).
    shape : {"step", "gradual", "none"}
        The shape with the lowest quasi-likelihood BIC.
    n_changes : int
        Number of change points in ``change_periods``.
    change_periods : list of str
        Every change point (one unless ``n_changes`` asked for more).
    change_set : list of str
        The periods in the confidence set of ``change_period``.
    dispersion : float
        Period-level dispersion of the shares (1: binomial; more: period-to-period variation).
    bic : dict
        Quasi-likelihood BIC of "none", "gradual" and "step".
    p_step : float
        Parametric-bootstrap p-value of the step against a smooth trend
        (NaN with ``n_boot=0``; see :func:`~termshift.stats.changepoint.compare_shapes`).
    null : {"sieve", "permutation"}
        The null distribution of ``p_value``.
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
    shape: str = "step"
    n_changes: int = 1
    change_periods: list = field(default_factory=list)
    change_set: list = field(default_factory=list, repr=False)
    dispersion: float = 1.0
    bic: dict = field(default_factory=dict, repr=False)
    p_step: float = float("nan")
    null: str = "sieve"

    def to_dict(self) -> dict:
        """The result without the table, JSON-safe (NaN becomes None), with what the p-value means.

        Examples
        --------
        >>> r = ShiftResult(["cs"], ["pre"], "M", "2022-06", 0.1, 0.9, 50.0, float("nan"), "2022-05",
        ...                 "2022-07", 0, 200, 0.95, 0, pd.DataFrame())
        >>> r.to_dict()["p_value"] is None, r.to_dict()["change_period"], r.to_dict()["shape"]
        (True, '2022-06', 'step')
        """
        out = {k: nan_to_none(getattr(self, k)) for k in _KEYS + _EXTRA}
        out["a"], out["b"] = list(self.a), list(self.b)
        out["change_periods"], out["change_set"] = list(self.change_periods), list(self.change_set)
        out["bic"] = {k: nan_to_none(v) for k, v in self.bic.items()}
        t = self.table
        if len(t):
            out["first_period"], out["last_period"] = str(t["period"].iloc[0]), str(t["period"].iloc[-1])
            out["mentions_a"], out["mentions_b"] = int(t["count_a"].sum()), int(t["count_b"].sum())
        out["p_value_meaning"] = P_VALUE_MEANING
        out["convention"] = CONTEST_CONVENTION
        return out


@dataclass
class GroupShiftResult:
    """:func:`shift` per group (``by=``), with a test of whether the groups changed at different times.

    Attributes
    ----------
    by : list of str
        The group columns.
    groups : DataFrame
        One row per group with a result (the values of the ``by`` columns).
    results : list of ShiftResult
        One per row of ``groups`` (``result[key]`` finds one by its value).
    skipped : dict
        Groups without a result and why (mentions in fewer than two periods).
    common_change_period : str or None
        The change period that best fits all groups at once (each keeping its own shares).
    lr_different : float
        :math:`D = 2[\\sum_g \\max_k \\ell_g(k) - \\max_k \\sum_g \\ell_g(k)]`: separate
        change periods against one common change period.
    p_different : float
        Parametric-bootstrap p-value of ``lr_different`` under the common
        change period (NaN with fewer than two groups or ``n_boot=0``).
    n_boot : int
    """

    by: list
    groups: pd.DataFrame
    results: list
    skipped: dict
    common_change_period: str | None
    lr_different: float
    p_different: float
    n_boot: int

    def __getitem__(self, key) -> ShiftResult:
        for g, r in zip(self.keys(), self.results):
            if g == key:
                return r
        raise KeyError(key)

    def keys(self) -> list:
        """The groups, as values (one ``by`` column) or tuples."""
        return [row[0] if len(row) == 1 else tuple(row) for row in self.groups[self.by].itertuples(index=False)]

    def to_frame(self) -> pd.DataFrame:
        """One row per group: the group columns then the fields of :meth:`ShiftResult.to_dict`."""
        rows = []
        for row, r in zip(self.groups[self.by].to_dict("records"), self.results):
            d = r.to_dict()
            d = {k: "+".join(v) if isinstance(v, list) and k in ("a", "b") else v for k, v in d.items()}
            d["change_periods"], d["change_set"] = ",".join(d["change_periods"]), ",".join(d["change_set"])
            d["bic"] = ",".join(f"{k}={v:.6g}" for k, v in r.bic.items())
            rows.append({**row, **d, "common_change_period": self.common_change_period,
                         "p_different": nan_to_none(self.p_different)})
        return pd.DataFrame(rows)

    def to_dict(self) -> dict:
        """JSON-safe: the groups' results and the test of different change times."""
        return {"by": list(self.by),
                "groups": [{**{c: nan_to_none(v) for c, v in row.items()}, **r.to_dict()}
                           for row, r in zip(self.groups[self.by].to_dict("records"), self.results)],
                "skipped": {str(k): v for k, v in self.skipped.items()},
                "common_change_period": self.common_change_period,
                "lr_different": nan_to_none(self.lr_different), "p_different": nan_to_none(self.p_different),
                "p_different_meaning": "parametric bootstrap (overdispersed binomial) of 'all groups changed in "
                                       "the same period, each with its own shares'; small means the groups "
                                       "changed at different times",
                "n_boot": self.n_boot}


def _permutation_p(x, n, lr_stat, n_perm, rng):
    """Period-level permutation p-value: the (x_t, n_t) of the periods with mentions shuffled among them."""
    idx = np.flatnonzero(n > 0)
    out = np.empty(n_perm)
    step = max(1, 2_000_000 // max(len(x), 1))
    for s in range(0, n_perm, step):
        r = min(step, n_perm - s)
        order = rng.permuted(np.tile(np.arange(len(idx)), (r, 1)), axis=1)
        xs, ns = np.zeros((r, len(x))), np.zeros((r, len(x)))
        xs[:, idx], ns[:, idx] = x[idx][order], n[idx][order]
        out[s:s + r] = best_split(xs, ns)[1]
    tol = 1e-9 * max(1.0, abs(lr_stat))
    return (1 + int(np.count_nonzero(out >= lr_stat - tol))) / (1 + n_perm)


_SHORTER = {"year": "quarter", "quarter": "month", "month": "week", "week": "day"}


def _shorter_hint(freq: str) -> str:
    """The fix for too few periods: the next shorter period than ``freq`` (never ``freq`` itself).

    >>> _shorter_hint("month"), _shorter_hint("day")
    ("use a shorter period than freq='month', e.g. freq='week', or more documents", 'use more documents')
    """
    if freq in _SHORTER:
        return f"use a shorter period than freq={freq!r}, e.g. freq={_SHORTER[freq]!r}, or more documents"
    return "use more documents"


def _one_series(x, n, periods, n_changes, n_perm, n_boot, ci, rng, what, null="sieve", doc_phi=1.0,
                freq="month"):
    pos, lr = best_split(x[None, :], n[None, :])
    if pos[0] < 0:
        raise ParameterError([f"{what} occur in {int(np.count_nonzero(n))} period(s); a change point needs "
                              f"mentions in at least two periods ({_shorter_hint(freq)})"])
    k, lr_stat = int(pos[0]), float(lr[0])
    p_value = np.nan
    periods_with = int(np.count_nonzero(n))
    if n_perm > 0 and periods_with < 12:
        import warnings

        warnings.warn(f"shift: {what} occur in {periods_with} periods; the p-value is calibrated from 12 periods "
                      "on (docs/inference.md): with fewer, period-to-period variation cannot be told from a "
                      "change (use a shorter period)", stacklevel=3)
    if n_perm > 0:
        p_value = (sieve_p_value(x, n, lr_stat, n_perm, rng, doc_phi)[0] if null == "sieve"
                   else _permutation_p(x, n, lr_stat, n_perm, rng))
    shapes = compare_shapes(x, n, k, n_boot, rng)
    phi = shapes["dispersion"]
    cset = change_set(x, n, ci, phi)
    if n_changes == "auto":
        changes = sequential_changes(x, n, max(n_perm, 99), rng, doc_phi,
                                     first_p=p_value if null == "sieve" and n_perm >= 99 else None)[0]
    else:
        changes = [k] if n_changes == 1 else binary_segmentation(x, n, n_changes, phi)
    return k, lr_stat, p_value, shapes, cset, changes


@overload
def shift(corpus: pd.DataFrame, terms: TermsLike, a, b, freq: Freq | str = ..., *, n_changes: int | str = ...,
          n_perm: int = ..., n_boot: int = ..., interval: str = ..., ci: float = ..., min_docs: int = ...,
          random_state: RandomState = ..., progress: bool | None = ..., by: None = ...,
          null: str = ..., primary: bool = ...) -> ShiftResult: ...


@overload
def shift(corpus: pd.DataFrame, terms: TermsLike, a, b, freq: Freq | str = ..., *, n_changes: int | str = ...,
          n_perm: int = ..., n_boot: int = ..., interval: str = ..., ci: float = ..., min_docs: int = ...,
          random_state: RandomState = ..., progress: bool | None = ...,
          by: str | Sequence[str], null: str = ..., primary: bool = ...) -> GroupShiftResult: ...


def shift(corpus: pd.DataFrame, terms: TermsLike, a, b, freq: Freq | str = "month", *,
          n_changes: int | str = 1, n_perm: int = 999, n_boot: int = 200, interval: str = "jeffreys",
          ci: float = 0.95, min_docs: int = 5, random_state: RandomState = 0, progress: bool | None = None,
          by: str | Sequence[str] | None = None, null: str = "sieve",
          primary: bool = False) -> ShiftResult | GroupShiftResult:
    """The change point in A's share of the mentions of A and B: when, how sure, and what shape.

    **Model.** Period t has :math:`x_t` mentions of A out of
    :math:`n_t = x_t + y_t` mentions of A or B. Under one regime
    :math:`p_t = p`; under a change at period k, :math:`p_t = p_1` for t < k
    and :math:`p_2` from k on. The change point :math:`\\hat k` maximises the
    two-segment binomial log-likelihood and the statistic is

    .. math::

        \\Lambda = 2\\,[\\ell(\\hat p_1; t<k) + \\ell(\\hat p_2; t \\ge k) - \\ell(\\hat p; \\text{all})],
        \\quad \\ell(p) = \\textstyle\\sum_t x_t \\log p + (n_t - x_t) \\log(1 - p)

    maximised over k (Hinkley & Hinkley 1970, *Biometrika* 57(3): 477-488).
    Periods without mentions contribute nothing; a change inside a gap is
    dated at the gap's end; ties go to the earliest split.

    **p-value** (what it means: :data:`P_VALUE_MEANING`). ``null="sieve"``
    (default): :math:`\\Lambda` over the long-run variance factor of the
    period effects around the split is compared with ``n_perm`` series drawn
    without change from one share with AR(1) period effects on the logit
    scale, whose variance and coefficient are estimated around the best
    step and corrected for the search by simulation
    (:func:`~termshift.stats.changepoint.sieve_p_value`): months that
    resemble their neighbours are part of the null, so a share that wanders
    slowly around a constant is not a shift (p < 0.05 in about 5 % of such
    series at an AR(1) coefficient of 0.8, where shuffling periods gives
    0.35; ``docs/inference.md``). ``null="permutation"``: the *periods* with
    mentions are shuffled (each keeps its own :math:`x_t, n_t`; Davison &
    Hinkley 1997, sec. 4.3), which assumes exchangeable months. A gradual
    drift gives a small p-value too, which is why ``shape`` is reported.

    **Shape.** No change, a smooth trend (logit of the share linear in
    time) and a step at :math:`\\hat k` are compared by a quasi-likelihood
    BIC with the period-level dispersion
    (:func:`~termshift.stats.changepoint.compare_shapes`): ``shape`` is
    "none", "gradual" or "step".

    **Where.** ``change_period_low`` .. ``change_period_high`` span the
    likelihood confidence set of the change period, the periods whose
    profile likelihood ratio is within :math:`\\hat\\phi\\,\\chi^2_{1,ci}` of
    the best (:func:`~termshift.stats.changepoint.change_set`; Siegmund 1988).

    **Several changes.** ``n_changes=2, 3, ...`` adds change points by
    binary segmentation; ``"auto"`` keeps a split only while its segment's
    sieve test gives p < 0.05 (a sequential test,
    :func:`~termshift.stats.changepoint.sequential_changes`), so a series
    without change reports none in about 95 % of cases, and ``n_changes``
    can be 0. ``change_period``, the p-value and the shape stay those of
    the best single split.

    **Groups.** With ``by=`` (e.g. ``"outlet"``) the analysis runs per group
    and returns a :class:`GroupShiftResult` with a test of whether the
    groups changed at different times: separate change periods against one
    common change period (each group keeping its own shares) by likelihood
    ratio, with a parametric-bootstrap p-value from an overdispersed
    binomial (beta-binomial with each group's dispersion) under the common
    change (``n_boot`` draws).

    Parameters
    ----------
    corpus : DataFrame
        A corpus (:func:`~termshift.load_corpus`) or its document counts
        (:func:`~termshift.document_counts`), so that one count serves every statistic.
    terms : TermSet, path or mapping
    a, b : str or list of str
        Family id(s) of each side (several on a side are summed); the share is A's.
    freq : {"day", "week", "month", "quarter", "year"}, default="month"
    n_changes : int or "auto", default=1
    n_perm : int, default=999
        Draws of the null distribution (sieve series or permutations; 0: no
        test, ``p_value`` is NaN).
    n_boot : int, default=200
        Bootstrap draws of the groups' test (``by=``) and of the table's
        share bounds with ``interval="bootstrap"``.
    interval : {"jeffreys", "bootstrap"}, default="jeffreys"
        The share bounds of ``table`` (see :func:`share`).
    ci : float, default=0.95
    min_docs : int, default=5
    random_state : int or numpy.random.Generator, default=0
    progress : bool or None
    by : str or list of str, optional
    null : {"sieve", "permutation"}, default="sieve"
        The null distribution of the p-value (see above).
    primary : bool, default=False
        Count only primary mentions (glosses apart), as :func:`share` does.

    Returns
    -------
    ShiftResult, or GroupShiftResult with ``by``

    Raises
    ------
    ParameterError
        Unknown family ids, or A and B occur in fewer than two periods (without ``by``).

    Examples
    --------
    >>> from termshift.datasets import synthetic, synthetic_terms
    >>> corpus = synthetic(n_docs=120, change_date="2022-06-01", random_state=3)
    >>> r = shift(corpus, synthetic_terms(), "counterstrike", "preemptive", n_perm=99)
    >>> r.change_period, r.change_period_low, r.change_period_high, r.p_value, r.shape
    ('2022-06', '2022-06', '2022-06', 0.04, 'step')

    With about five documents a month the sieve null allows month effects as large as two standard
    errors of the sampling noise, so even this clear step gets p = 0.04 with 99 draws
    (``null="permutation"`` gives 0.01, but does not hold its level when months resemble their neighbours).
    >>> round(r.share_before, 2), round(r.share_after, 2)
    (0.15, 0.88)
    """
    problems: list[str] = []
    check_int("n_perm", n_perm, 0, problems=problems)
    check_int("n_boot", n_boot, 0, problems=problems)
    check_int("min_docs", min_docs, 1, problems=problems)
    check_ci(ci, problems)
    check_choice("interval", interval, SHARE_INTERVALS, problems)
    check_choice("null", null, SHIFT_NULLS, problems)
    if not (n_changes == "auto" or (is_int(n_changes) and int(n_changes) >= 1)):
        problems.append(f"n_changes={n_changes!r}: give a whole number >= 1 or 'auto'")
    raise_problems(problems)
    rng = check_random_state(random_state)
    a_ids, b_ids, cells, doc_a, doc_b = contest_counts(corpus, terms, a, b, freq, progress, by, primary)
    full = share_table(cells, doc_a, doc_b, interval=interval, n_boot=n_boot, ci=ci, min_docs=min_docs, rng=rng)
    T = len(cells.periods)
    what = f"{'+'.join(a_ids)} and {'+'.join(b_ids)}"
    common = dict(a=a_ids, b=b_ids, freq=freq_name(freq), n_perm=int(n_perm), n_boot=int(n_boot), ci=float(ci),
                  random_state=seed_of(random_state))
    results, kept, skipped, series = [], [], {}, []
    for g in range(len(cells.groups)):
        part = full.iloc[g * T:(g + 1) * T].drop(columns=cells.by).reset_index(drop=True)
        x = part["count_a"].to_numpy(dtype=float)
        n = x + part["count_b"].to_numpy(dtype=float)
        label = what if not cells.by else f"group {cells.group_key(g)!r}: {what}"
        have = part["docs_either"].to_numpy() > 0
        doc_phi = float(np.median(part["dispersion"].to_numpy()[have])) if have.any() else 1.0
        try:
            k, lr_stat, p_value, shapes, cset, changes = _one_series(x, n, cells.periods, n_changes, n_perm,
                                                                     n_boot, ci, rng, label, null, doc_phi,
                                                                     common["freq"])
        except ParameterError as err:
            if not cells.by:
                raise
            skipped[cells.group_key(g)] = err.problems[0]
            continue
        part["segment"] = np.where(np.arange(T) < k, "before", "after")
        part["regime"] = np.searchsorted(np.asarray(changes), np.arange(T), side="right")
        part.attrs = dict(full.attrs)
        sp = [str(cells.periods[i]) for i in cset]
        results.append(ShiftResult(
            change_period=str(cells.periods[k]), share_before=float(x[:k].sum() / n[:k].sum()),
            share_after=float(x[k:].sum() / n[k:].sum()), lr_stat=lr_stat, p_value=float(p_value),
            change_period_low=sp[0] if sp else None, change_period_high=sp[-1] if sp else None, table=part,
            shape=shapes["shape"], n_changes=len(changes), change_periods=[str(cells.periods[i]) for i in changes],
            change_set=sp, dispersion=float(shapes["dispersion"]), bic={s: float(v) for s, v in shapes["bic"].items()},
            p_step=float(shapes["p_step"]), null=null, **common))
        kept.append(g)
        series.append((x, n, shapes["dispersion"]))
    if not cells.by:
        return results[0]
    if not results:
        raise ParameterError([f"no group has mentions of {what} in two periods: " + "; ".join(skipped.values())])
    k_common, lr_diff, p_diff = _different_times(series, n_boot, rng)
    return GroupShiftResult(by=list(cells.by), groups=cells.groups.iloc[kept].reset_index(drop=True), results=results,
                            skipped=skipped, common_change_period=str(cells.periods[k_common]),
                            lr_different=lr_diff, p_different=p_diff, n_boot=int(n_boot))


def _profiles(x, n):
    """Split LR of every k (unrestricted: a split inside a gap equals the split at its end) for rows of x, n."""
    lr = split_profile(x, n)
    n2 = np.atleast_2d(n)
    cn = np.cumsum(n2, axis=1)[:, :-1]
    empty = (cn == 0) | (cn == n2.sum(axis=1, keepdims=True))
    # recompute without the validity mask: where k has no trials the partition is that of the next period
    out = np.where(np.isfinite(lr), lr, np.nan)
    out = pd.DataFrame(out.T).bfill().to_numpy().T
    return np.where(empty | np.isnan(out), 0.0, out)


def _different_statistic(xs, ns):
    """(D, common k) for arrays (..., G, T)."""
    prof = _profiles(xs.reshape(-1, xs.shape[-1]), ns.reshape(-1, ns.shape[-1])).reshape(*xs.shape[:-1], -1)
    separate = prof.max(axis=-1).sum(axis=-1)
    joint = prof.sum(axis=-2)
    return separate - joint.max(axis=-1), joint.argmax(axis=-1) + 1


def _different_times(series, n_boot, rng):
    """Likelihood ratio of separate vs common change periods, and its parametric-bootstrap p-value."""
    xs = np.stack([s[0] for s in series])
    ns = np.stack([s[1] for s in series])
    d, k = _different_statistic(xs, ns)
    k = int(k)
    if len(series) < 2 or n_boot == 0:
        return k, float(d) if len(series) > 1 else 0.0, np.nan
    T = xs.shape[1]
    before = np.arange(T) < k
    p1 = xs[:, before].sum(1) / np.maximum(ns[:, before].sum(1), 1)
    p2 = xs[:, ~before].sum(1) / np.maximum(ns[:, ~before].sum(1), 1)
    p = np.clip(np.where(before[None, :], p1[:, None], p2[:, None]), 1e-6, 1 - 1e-6)
    nbar = np.array([s[1][s[1] > 0].mean() for s in series])
    rho = np.clip((np.array([s[2] for s in series]) - 1) / np.maximum(nbar - 1, 1), 0, 0.99)[:, None]
    a_par = p * (1 / np.maximum(rho, 1e-9) - 1)
    b_par = (1 - p) * (1 / np.maximum(rho, 1e-9) - 1)
    draws = np.empty(n_boot)
    for i in range(n_boot):
        pt = np.where(rho > 0, rng.beta(a_par, b_par), p)
        xb = rng.binomial(ns.astype(np.int64), pt).astype(float)
        draws[i] = _different_statistic(xb, ns)[0]
    tol = 1e-9 * max(1.0, abs(float(d)))
    return k, float(d), (1 + int(np.count_nonzero(draws >= d - tol))) / (1 + n_boot)
