"""Rates and the framing contest per period (and group), with intervals that allow for clustered mentions."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._validation import check_choice, check_ci, check_int, check_random_state, raise_problems
from ..counts import aggregate
from ..terms import as_termset
from ..typing import Freq, RandomState, TermsLike
from .common import (
    CONTEST_CONVENTION,
    cell_counts,
    contest_counts,
    family_list,
    percentile_bounds,
    resample_sums,
)
from .intervals import (
    binomial_dispersion,
    combine_dispersion,
    garwood_interval,
    jeffreys_interval,
    poisson_dispersion,
    wilson_interval,
)

__all__ = ["rates", "share", "RATE_INTERVALS", "SHARE_INTERVALS", "SHARE_UNITS"]

RATE_INTERVALS = ("quasi-poisson", "bootstrap")
SHARE_INTERVALS = ("jeffreys", "bootstrap")
SHARE_UNITS = ("mention", "document")


def _check(n_boot, ci, min_docs, name, value, choices, problems=None):
    problems = [] if problems is None else problems
    check_int("n_boot", n_boot, 0, problems=problems)
    check_int("min_docs", min_docs, 1, problems=problems)
    check_ci(ci, problems)
    check_choice(name, value, choices, problems)
    raise_problems(problems)


def rates(corpus: pd.DataFrame, terms: TermsLike, freq: Freq | str = "month", *,
          families: Sequence[str] | None = None, interval: str = "quasi-poisson", n_boot: int = 1000,
          ci: float = 0.95, min_docs: int = 5, random_state: RandomState = 0, progress: bool | None = None,
          by: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Counts and rates per period x family, with intervals that cover when documents cluster mentions.

    The rate of a period is :math:`r = 10^4 C / T`, :math:`C = \\sum_d c_d`
    matches and :math:`T = \\sum_d t_d` tokens over its documents.

    * ``interval="quasi-poisson"`` (default): the exact Poisson interval of
      :math:`C` (Garwood 1936) taken on the effective count :math:`C/\\phi`
      and scaled back, divided by :math:`T` (see
      :func:`~termshift.stats.intervals.garwood_interval`). :math:`\\phi` is the
      quasi-Poisson dispersion of the documents' counts around the period's
      rate, :math:`\\phi = \\max(1, \\phi_{pooled}, \\phi_{period})`
      (:func:`~termshift.stats.intervals.combine_dispersion`; McCullagh &
      Nelder 1989, sec. 4.5): pooled over the periods of the series (of the
      group), and the period's own estimate only where it has at least
      ``min_docs`` documents. One article repeating a term ten times is then
      worth about ten over :math:`\\phi` independent mentions, and a period with
      one document gets the series' dispersion, never a zero-width interval.
    * ``interval="bootstrap"``: the document bootstrap of the earlier versions
      (Efron & Tibshirani 1993, ch. 6 and 13: documents resampled with
      replacement within the period, percentiles of :math:`r^*`). Where the
      period is thin (fewer than ``min_docs`` documents) or the bootstrap
      interval has zero width, the quasi-Poisson interval is given instead
      (column ``interval`` says which).

    The documents' share ``doc_share`` gets the Wilson (1927) score interval
    (:func:`wilson_interval`). Coverage of both choices under simulated
    bursty, thin series is tabulated in ``docs/inference.md``.

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
    interval : {"quasi-poisson", "bootstrap"}, default="quasi-poisson"
    n_boot : int, default=1000
        Bootstrap resamples (``interval="bootstrap"`` only; 0: the bootstrap
        bounds are NaN).
    ci : float, default=0.95
        Confidence level of both intervals.
    min_docs : int, default=5
        Periods with fewer documents are ``thin``.
    random_state : int or numpy.random.Generator, default=0
        Seeds the bootstrap.
    progress : bool or None
        Progress bar while counting.
    by : str or list of str, optional
        Metadata column(s) to group by (e.g. ``"outlet"``): the group columns
        come first, every group x period is present, and the dispersion is
        pooled within each group.

    Returns
    -------
    DataFrame
        The columns of :func:`~termshift.counts.count_terms` (``period``,
        ``family``, ``label``, ``count``, ``docs``, ``n_docs``,
        ``n_tokens``, ``per_10k``, ``doc_share``) with ``per_10k_low``,
        ``per_10k_high`` after ``per_10k`` and ``doc_share_low``,
        ``doc_share_high`` after ``doc_share``, then ``thin`` (fewer than
        ``min_docs`` documents), ``dispersion`` (:math:`\\phi`) and ``interval``
        (the method of the ``per_10k`` bounds of that row). Periods without
        documents have NaN rates and bounds. ``df.attrs`` holds ``interval``,
        ``ci``, ``min_docs`` and ``by``.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b", "c"],
    ...                        "date": pd.to_datetime(["2022-01-03", "2022-01-20", "2022-03-01"]),
    ...                        "text": ["A preemptive strike.", "No mention here at all.", "Preemptive!"]})
    >>> t = rates(corpus, {"pre": ["preemptive"]})
    >>> cols = ["count", "n_docs", "per_10k", "per_10k_low", "per_10k_high", "thin", "dispersion"]
    >>> t.set_index("period")[cols].round(1)
             count  n_docs  per_10k  per_10k_low  per_10k_high  thin  dispersion
    period
    2022-01      1       2   1250.0          1.2       11685.5  True         2.0
    2022-02      0       0      NaN          NaN           NaN  True         2.0
    2022-03      1       1  10000.0          9.8       93484.0  True         2.0

    January's documents give :math:`X^2 = (1/3)/(1/8) - 1 = 5/3` on 1
    degree of freedom, too few to rely on, so every period (all thin)
    borrows the series' dispersion: the three documents (3, 5 and 1 tokens
    with 1, 0 and 1 matches) around the series' rate 2/9 give
    :math:`X^2 = (1/3 + 1/1)/(2/9) - 2 = 4` on 2 degrees of freedom,
    :math:`\\phi = 2`; March's single document still gets a wide interval,
    never a zero-width one.

    >>> t.set_index("period")[["docs", "n_docs", "doc_share", "doc_share_low", "doc_share_high"]].round(3)
             docs  n_docs  doc_share  doc_share_low  doc_share_high
    period
    2022-01     1       2        0.5          0.095           0.905
    2022-02     0       0        NaN            NaN             NaN
    2022-03     1       1        1.0          0.207           1.000
    """
    _check(n_boot, ci, min_docs, "interval", interval, RATE_INTERVALS)
    rng = check_random_state(random_state)
    ts = as_termset(terms)
    if families is not None:
        ids, problems = family_list(ts, families, "families")
        raise_problems(problems)
        ts = ts.subset(ids)
    ids = list(ts)
    cells = cell_counts(corpus, ts, freq, progress, by)
    dc, codes, n_cells, n_fam = cells.dc, cells.codes, cells.n_cells, len(ids)
    table = aggregate(dc, ts, freq, families=ids, by=cells.by)
    tokens = np.bincount(codes, weights=dc["n_tokens"].to_numpy(dtype=float), minlength=n_cells)
    n_docs = np.bincount(codes, minlength=n_cells)
    group = np.arange(n_cells) // max(len(cells.periods), 1)
    phi = np.ones((n_cells, n_fam))
    for j, f in enumerate(ids):
        chi2, df = poisson_dispersion(codes, dc[f].to_numpy(), dc["n_tokens"].to_numpy(), n_cells)
        whole = poisson_dispersion(group[codes], dc[f].to_numpy(), dc["n_tokens"].to_numpy(), len(cells.groups))
        phi[:, j] = combine_dispersion(chi2, df, n_docs, min_docs, group, series=whole)
    count = table["count"].to_numpy(dtype=float).reshape(n_cells, n_fam)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(tokens > 0, 1e4 / np.where(tokens > 0, tokens, 1), np.nan)[:, None]
    qp_low, qp_high = garwood_interval(count, ci, phi)
    low, high = qp_low * scale, qp_high * scale
    method = np.full((n_cells, n_fam), "quasi-poisson", dtype=object)
    thin = np.repeat(n_docs < min_docs, n_fam).reshape(n_cells, n_fam)
    if interval == "bootstrap":
        b_low = np.full((n_cells, n_fam), np.nan)
        b_high = np.full((n_cells, n_fam), np.nan)
        if n_boot > 0:
            values = np.column_stack([dc["n_tokens"].to_numpy()] + [dc[f].to_numpy() for f in ids])
            for p, sums in resample_sums(codes, values, n_cells, n_boot, rng):
                with np.errstate(divide="ignore", invalid="ignore"):
                    reps = np.where(sums[:, :1] > 0, sums[:, 1:] * 1e4 / sums[:, :1], np.nan)
                b_low[p], b_high[p] = percentile_bounds(reps, ci)
        use = ~thin & (b_high > b_low) | (n_boot == 0)
        low, high = np.where(use, b_low, low), np.where(use, b_high, high)
        method = np.where(use, "bootstrap", "quasi-poisson (thin or zero-width bootstrap)")
    table.insert(table.columns.get_loc("per_10k") + 1, "per_10k_low", low.ravel())
    table.insert(table.columns.get_loc("per_10k_low") + 1, "per_10k_high", high.ravel())
    ds_low, ds_high = wilson_interval(table["docs"], table["n_docs"], ci)
    table["doc_share_low"] = ds_low
    table["doc_share_high"] = ds_high
    table["thin"] = thin.ravel()
    table["dispersion"] = phi.ravel()
    table["interval"] = method.ravel()
    table.attrs.update(interval=interval, ci=float(ci), min_docs=int(min_docs), by=cells.by)
    return table


def share(corpus: pd.DataFrame, terms: TermsLike, a, b, freq: Freq | str = "month", *, unit: str = "mention",
          interval: str = "jeffreys", n_boot: int = 1000, ci: float = 0.95, min_docs: int = 5,
          random_state: RandomState = 0, progress: bool | None = None,
          by: str | Sequence[str] | None = None, primary: bool = False) -> pd.DataFrame:
    """The framing contest per period: A's share of the mentions (or documents) of A and B.

    * ``unit="mention"`` (default): :math:`s = \\sum_d a_d / \\sum_d (a_d + b_d)`
      over the period's documents (mention-weighted: an article that repeats
      A ten times weighs ten).
    * ``unit="document"``: the documents that mention A among the documents
      that mention A or B (a document mentioning both counts for A); each
      article weighs one.

    Intervals:

    * ``interval="jeffreys"`` (default): the Jeffreys interval
      (:func:`~termshift.stats.intervals.jeffreys_interval`; Brown, Cai &
      DasGupta 2001) on the pooled counts with the number of trials deflated
      by the quasi-binomial dispersion :math:`\\phi` of the documents
      (:func:`~termshift.stats.intervals.binomial_dispersion`, pooled over
      the series and per period where it has ``min_docs`` mentioning
      documents; mentions clustered in documents are fewer independent
      trials; for ``unit="document"`` :math:`\\phi = 1`). It has positive
      width whenever a period has a mention, even with one document.
    * ``interval="bootstrap"``: the document bootstrap within each period
      (Efron & Tibshirani 1993; resamples without any mention left out);
      where the period is thin or the bootstrap interval has zero width, the
      Jeffreys interval is given instead (column ``interval`` says which).

    Parameters
    ----------
    corpus : DataFrame
        A corpus (:func:`~termshift.load_corpus`) or its document counts
        (:func:`~termshift.document_counts`), so that one count serves every statistic.
    terms : TermSet, path or mapping
    a, b : str or list of str
        Family id(s) of each side; several families on one side are summed.
    freq : {"day", "week", "month", "quarter", "year"}, default="month"
    unit : {"mention", "document"}, default="mention"
    interval : {"jeffreys", "bootstrap"}, default="jeffreys"
    n_boot : int, default=1000
        Bootstrap resamples (``interval="bootstrap"`` only).
    ci : float, default=0.95
    min_docs : int, default=5
        Periods with fewer documents mentioning A or B are ``thin``.
    random_state : int or numpy.random.Generator, default=0
    progress : bool or None
    by : str or list of str, optional
        Metadata column(s) to group by; group columns first, every group x period present.
    primary : bool, default=False
        Count only primary mentions: a family's counted matches that are not glosses
        (a name in parentheses right after another name, :mod:`termshift.rules`), so the
        share says who writes which name first.

    Returns
    -------
    DataFrame
        One row per [group x] period (all periods of the date range): [group
        columns], ``period``, ``count_a``, ``count_b`` (mentions),
        ``share`` (NaN where neither occurs), ``share_low``,
        ``share_high``, ``n_docs``, ``docs_a``, ``docs_b`` (documents
        mentioning each side), ``docs_either``, ``thin``, ``dispersion``,
        ``interval``. ``df.attrs``: ``a``, ``b``, ``unit``, ``interval``,
        ``convention`` (what the share is).

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": list("abcd"),
    ...     "date": pd.to_datetime(["2022-01-03", "2022-01-09", "2022-02-01", "2022-04-01"]),
    ...     "text": ["preemptive strike", "counterstrike, preemptive", "nothing", "counterstrike"]})
    >>> t = share(corpus, {"pre": ["preemptive"], "cs": ["counterstrike"]}, "cs", "pre")
    >>> t.set_index("period")[["count_a", "count_b", "share", "share_low", "share_high", "docs_either"]].round(3)
             count_a  count_b  share  share_low  share_high  docs_either
    period
    2022-01        1        2  0.333      0.039       0.823            2
    2022-02        0        0    NaN        NaN         NaN            0
    2022-03        0        0    NaN        NaN         NaN            0
    2022-04        1        0  1.000      0.147       1.000            1
    """
    _check(n_boot, ci, min_docs, "unit", unit, SHARE_UNITS, [])
    check_choice("interval", interval, SHARE_INTERVALS)
    rng = check_random_state(random_state)
    a_ids, b_ids, cells, doc_a, doc_b = contest_counts(corpus, terms, a, b, freq, progress, by, primary)
    table = share_table(cells, doc_a, doc_b, unit=unit, interval=interval, n_boot=n_boot, ci=ci,
                        min_docs=min_docs, rng=rng)
    table.attrs.update(a=a_ids, b=b_ids, primary=bool(primary))
    return table


def share_table(cells, doc_a, doc_b, *, unit="mention", interval="jeffreys", n_boot=0, ci=0.95, min_docs=5,
                rng=None) -> pd.DataFrame:
    """The table of :func:`share` from per-document mentions of each side (one row per cell)."""
    codes, n = cells.codes, cells.n_cells
    doc_a, doc_b = np.asarray(doc_a, dtype=float), np.asarray(doc_b, dtype=float)
    ind_a, ind_b = (doc_a > 0).astype(float), (doc_b > 0).astype(float)
    ind_any = ((doc_a + doc_b) > 0).astype(float)
    count_a = np.bincount(codes, weights=doc_a, minlength=n).astype(np.int64)
    count_b = np.bincount(codes, weights=doc_b, minlength=n).astype(np.int64)
    docs_a = np.bincount(codes, weights=ind_a, minlength=n).astype(np.int64)
    docs_b = np.bincount(codes, weights=ind_b, minlength=n).astype(np.int64)
    docs_any = np.bincount(codes, weights=ind_any, minlength=n).astype(np.int64)
    if unit == "document":
        succ, trials, per_doc = docs_a, docs_any, (ind_a, ind_any)
        phi = np.ones(n)
    else:
        succ, trials, per_doc = count_a, count_a + count_b, (doc_a, doc_a + doc_b)
        chi2, df = binomial_dispersion(codes, doc_a, doc_a + doc_b, n)
        group = np.arange(n) // max(len(cells.periods), 1)
        whole = binomial_dispersion(group[codes], doc_a, doc_a + doc_b, len(cells.groups))
        phi = combine_dispersion(chi2, df, docs_any, min_docs, group, series=whole)
    with np.errstate(divide="ignore", invalid="ignore"):
        est = np.where(trials > 0, succ / np.where(trials > 0, trials, 1), np.nan)
    low, high = jeffreys_interval(succ, trials, ci, phi)
    thin = docs_any < min_docs
    method = np.full(n, "jeffreys", dtype=object)
    if interval == "bootstrap":
        b_low = b_high = np.full(n, np.nan)
        if n_boot > 0:
            reps = np.full((n_boot, n), np.nan)
            for p, sums in resample_sums(codes, np.column_stack(per_doc), n, n_boot, rng):
                with np.errstate(divide="ignore", invalid="ignore"):
                    reps[:, p] = np.where(sums[:, 1] > 0, sums[:, 0] / sums[:, 1], np.nan)
            b_low, b_high = percentile_bounds(reps, ci)
        use = (~thin & (b_high > b_low)) | (n_boot == 0)
        low, high = np.where(use, b_low, low), np.where(use, b_high, high)
        method = np.where(use, "bootstrap", "jeffreys (thin or zero-width bootstrap)")
    out = cells.frame()
    out["count_a"], out["count_b"], out["share"] = count_a, count_b, est
    out["share_low"], out["share_high"] = low, high
    out["n_docs"] = np.bincount(codes, minlength=n)
    out["docs_a"], out["docs_b"], out["docs_either"] = docs_a, docs_b, docs_any
    out["thin"], out["dispersion"], out["interval"] = thin, phi, method
    convention = CONTEST_CONVENTION if unit == "mention" else (
        "share = documents mentioning A / documents mentioning A or B (a document with both counts for A)")
    out.attrs.update(unit=unit, interval=interval, ci=float(ci), min_docs=int(min_docs), by=cells.by,
                     convention=convention)
    return out
