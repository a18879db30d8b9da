"""What the statistics share: family checks, counting once (with groups), resampling, JSON-safe values."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._validation import raise_problems
from ..counts import as_document_counts, by_columns, group_codes, local_counts
from ..periods import period_codes, period_freq
from ..rules import primary_column
from ..terms import as_termset
from ..typing import FamilyIds, TermsLike

__all__ = ["BLOCK", "family_list", "contest_ids", "CellCounts", "cell_counts", "contest_counts", "resample_sums",
           "percentile_bounds", "nan_to_none", "seed_of", "CONTEST_CONVENTION"]

#: Elements drawn per block when resampling (bounds memory on large corpora).
BLOCK = 2_000_000

#: What "A" and "share" mean, written into every contest output.
CONTEST_CONVENTION = "share = A / (A + B): A's share of the mentions of A or B (side A: the families given as a)"


def family_list(ts, ids, name) -> tuple[list, list]:
    """``ids`` (one id or a list) as a list, and the problems found."""
    if isinstance(ids, str):
        ids = [ids]
    if not isinstance(ids, (list, tuple)) or not ids or not all(isinstance(i, str) for i in ids):
        return [], [f"{name}={ids!r}: give a family id or a list of family ids ({', '.join(ts)})"]
    problems = [f"{name}: no family {i!r}; families are {', '.join(ts.families)}"
                + (f", codes {', '.join(ts.codes)}" if ts.codes else "") for i in ids if i not in ts]
    return list(dict.fromkeys(ids)), problems


def contest_ids(terms: TermsLike, a: FamilyIds, b: FamilyIds) -> tuple[list, list]:
    """Validate the two sides of a framing contest; returns ``(a_ids, b_ids)``.

    Examples
    --------
    >>> contest_ids({"cs": ["counterstrike"], "pre": ["preemptive"]}, "cs", ["pre"])
    (['cs'], ['pre'])
    """
    ts = as_termset(terms)
    a_ids, problems = family_list(ts, a, "a")
    b_ids, more = family_list(ts, b, "b")
    problems += more
    both = [i for i in a_ids if i in b_ids]
    if both:
        problems.append(f"family {', '.join(map(repr, both))} is on both sides (a and b); give each side its own "
                        "families")
    raise_problems(problems)
    return a_ids, b_ids


class CellCounts:
    """Document counts placed in cells: group x period (group-major), as :func:`~termshift.counts.aggregate` does.

    Attributes
    ----------
    dc : DataFrame
        The document counts.
    by : list of str
        The group columns (empty: one group).
    groups : DataFrame
        One row per group (the values of the ``by`` columns).
    periods : PeriodIndex
        Every period of the whole date range (shared by all groups).
    codes : ndarray
        Each document's cell: ``group * len(periods) + period``.
    """

    def __init__(self, dc, by, groups, periods, codes):
        self.dc, self.by, self.groups, self.periods, self.codes = dc, by, groups, periods, codes

    @property
    def n_cells(self) -> int:
        return len(self.groups) * len(self.periods)

    def frame(self) -> pd.DataFrame:
        """The group columns and ``period`` of every cell, in cell order."""
        n = len(self.periods)
        out = {c: np.repeat(self.groups[c].to_numpy(), n) for c in self.by}
        out["period"] = pd.PeriodIndex(np.tile(self.periods, len(self.groups)), freq=self.periods.freq)
        return pd.DataFrame(out)

    def group_key(self, g: int):
        """Group ``g`` as a value (one ``by`` column) or a tuple (several)."""
        values = tuple(self.groups.iloc[g][c] for c in self.by)
        return values[0] if len(values) == 1 else values


def cell_counts(data, ts, freq, progress, by: str | Sequence[str] | None = None) -> CellCounts:
    """Document counts (computed, or given) and each document's group x period cell."""
    period_freq(freq)
    data = local_counts(data, ts, by)  # a dask corpus or dask counts: its document counts, in memory
    by_cols = by_columns(data, by)
    dc = as_document_counts(data, ts, progress=progress, by=by_cols)
    groups, gcodes = group_codes(dc, by_cols)
    periods, pcodes = period_codes(dc["date"].to_numpy(), freq)
    return CellCounts(dc, by_cols, groups, periods, gcodes * len(periods) + pcodes)


def contest_counts(corpus, terms, a, b, freq, progress, by=None, primary: bool = False):
    """``(a_ids, b_ids, cells, doc_a, doc_b)``: per-document mentions of each side.

    ``primary``: a family's primary mentions only (its counted matches that are not glosses,
    :mod:`termshift.rules`); a code counts its units either way.
    """
    ts = as_termset(terms)
    a_ids, b_ids = contest_ids(ts, a, b)
    if primary:
        ts = ts.with_primary()
    cells = cell_counts(corpus, ts.subset(a_ids + b_ids), freq, progress, by)

    def column(i):
        return primary_column(i) if primary and i in ts.families else i

    missing = [column(i) for i in a_ids + b_ids if column(i) not in cells.dc.columns]
    raise_problems([f"the document counts have no column {c!r}; compute them with document_counts(corpus, "
                    "terms.with_primary()) (or pass the corpus itself)" for c in missing])
    doc_a = cells.dc[[column(i) for i in a_ids]].to_numpy().sum(axis=1)
    doc_b = cells.dc[[column(i) for i in b_ids]].to_numpy().sum(axis=1)
    return a_ids, b_ids, cells, doc_a, doc_b


def resample_sums(codes, values, n_cells, n_boot, rng):
    """Yield ``(cell, sums)`` for every cell with documents.

    ``sums`` has shape ``(n_boot, k)``: column sums of ``values`` (n_docs x k)
    over the cell's documents resampled with replacement (as many draws as
    the cell has documents). Cells are drawn in order, each in blocks whose
    size depends only on the cell's number of documents, so the draws do not
    depend on which value columns are summed.
    """
    values = np.asarray(values, dtype=float)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(n_cells + 1))
    for p in range(n_cells):
        idx = order[bounds[p]:bounds[p + 1]]
        m = len(idx)
        if m == 0:
            continue
        v = values[idx]
        sums = np.empty((n_boot, values.shape[1]))
        step = max(1, BLOCK // m)
        for s in range(0, n_boot, step):
            draw = rng.integers(0, m, size=(min(step, n_boot - s), m))
            sums[s:s + len(draw)] = v[draw].sum(axis=1)
        yield p, sums


def percentile_bounds(reps, ci):
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


def nan_to_none(v):
    """A JSON-safe scalar: NaN becomes None, numpy scalars become Python ones."""
    if isinstance(v, (float, np.floating)):
        return None if math.isnan(v) else float(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.bool_):
        return bool(v)
    return v


def seed_of(random_state) -> int | None:
    """The seed as an int (None when a Generator was given)."""
    return int(random_state) if isinstance(random_state, (int, np.integer)) else None
