"""Per-document counts summed per period and group: the one reduction of every counting path.

``count``, ``docs`` (documents with a match), ``n_docs`` and ``n_tokens`` of a
period are sums over its documents, so a corpus can be counted in pieces --
chunks of a streamed file, partitions on a cluster -- whose sums are added
(:meth:`PeriodSums.add`) in any order. :func:`period_sums` reduces one piece;
:func:`termshift.counts.period_table` turns the total into the tidy table of
:func:`~termshift.count_terms` (the ratios ``per_10k`` and ``doc_share`` are
computed there, once, from the sums). The in-memory :func:`~termshift.aggregate`,
the streamed :func:`~termshift.stream.count_file` and the Dask
:func:`~termshift.cluster.count_terms_dask` all sum through here.

Numpy only: the streamed count's forked workers reduce their chunks without pandas.

Examples
--------
>>> import numpy as np
>>> dates = np.array(["2022-01-03", "2022-03-01", "2021-12-31"], dtype="datetime64[ns]")
>>> a = period_sums(dates[:2], np.array([[2], [0]]), np.array([4, 2]), "quarter")
>>> b = period_sums(dates[2:], np.array([[1]]), np.array([3]), "quarter")
>>> s = a.add(b)
>>> s.ordinal.tolist(), s.counts.tolist(), s.docs.tolist(), s.n_docs.tolist(), s.n_tokens.tolist()
([207, 208], [[1], [2]], [[1], [1]], [1, 2], [3, 6])
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .periods import period_ordinals

__all__ = ["PeriodSums", "period_sums"]

#: A cell's sort key: the group's position, then the period ordinal (any ordinal of a day up to year 2261 fits).
_SHIFT = 40
_OFFSET = 1 << 39


class PeriodSums:
    """Sums per cell -- a (group, period) pair -- of the documents seen so far.

    Attributes
    ----------
    groups : list of tuple
        The groups' values, in the order first seen (``[()]`` without groups).
    group, ordinal : ndarray
        Each cell's group (position in ``groups``) and period (a pandas period
        ordinal, :func:`~termshift.periods.period_ordinals`), sorted by that pair.
    counts, docs : ndarray of shape (cells, k)
        Matches, and documents with a match, per column of the table (a family or a term).
    n_docs, n_tokens : ndarray of shape (cells,)
    n : int
        Documents added.
    """

    def __init__(self, k: int, groups: Sequence[tuple] | None = None):
        self.k = k
        self.groups: list[tuple] = list(groups) if groups is not None else [()]
        self.group = np.zeros(0, np.int64)
        self.ordinal = np.zeros(0, np.int64)
        self.counts = np.zeros((0, k), np.int64)
        self.docs = np.zeros((0, k), np.int64)
        self.n_docs = np.zeros(0, np.int64)
        self.n_tokens = np.zeros(0, np.int64)
        self.n = 0

    def __repr__(self) -> str:
        return f"PeriodSums(k={self.k}, groups={len(self.groups)}, cells={len(self.ordinal)}, documents={self.n})"

    def add(self, other: PeriodSums) -> PeriodSums:
        """Add another piece's sums into these (its groups and periods need not be new, nor in the same order);
        returns ``self``."""
        if other.k != self.k:
            raise ValueError(f"PeriodSums.add: {other.k} columns added to {self.k}; sum counts of the same terms")
        place = {g: i for i, g in enumerate(self.groups)}
        remap = np.zeros(len(other.groups), np.int64)
        for i in np.unique(other.group).tolist():  # only the groups that hold documents
            g = other.groups[i]
            if g not in place:
                place[g] = len(self.groups)
                self.groups.append(g)
            remap[i] = place[g]
        theirs = _key(remap[other.group], other.ordinal)
        mine = _key(self.group, self.ordinal)
        keys = np.union1d(mine, theirs)
        if len(keys) > len(mine):  # new cells: widen every array
            at = np.searchsorted(keys, mine)
            for name in ("counts", "docs", "n_docs", "n_tokens"):
                old = getattr(self, name)
                new = np.zeros((len(keys), *old.shape[1:]), np.int64)
                new[at] = old
                setattr(self, name, new)
            self.group, self.ordinal = keys >> _SHIFT, (keys & ((1 << _SHIFT) - 1)) - _OFFSET
        at = np.searchsorted(keys, theirs)
        self.counts[at] += other.counts
        self.docs[at] += other.docs
        self.n_docs[at] += other.n_docs
        self.n_tokens[at] += other.n_tokens
        self.n += other.n
        return self


def _key(group: np.ndarray, ordinal: np.ndarray) -> np.ndarray:
    return (group << _SHIFT) + (ordinal + _OFFSET)


def period_sums(dates, matrix, tokens, freq, *, groups: Sequence[tuple] | None = None,
                group_codes=None) -> PeriodSums:
    """Per-document counts summed per (group, period): the reduction of one piece of a corpus.

    Parameters
    ----------
    dates : array of datetime64
        Each document's date (naive: the wall-clock time the loader keeps).
    matrix : array of shape (documents, k)
        Each document's counts (one column per family or term).
    tokens : array of shape (documents,)
        Each document's token total.
    freq : str
        The period (:data:`~termshift.periods.FREQS`).
    groups, group_codes : optional
        The groups' values (tuples) and each document's group (a position in ``groups``);
        without them every document is in one group.
    """
    matrix = np.asarray(matrix, np.int64)
    if matrix.ndim == 1:  # one column
        matrix = matrix.reshape(len(matrix), 1)
    out = PeriodSums(matrix.shape[1], groups)
    if not len(dates):
        return out
    codes = np.zeros(len(dates), np.int64) if group_codes is None else np.asarray(group_codes, np.int64)
    keys, inverse = np.unique(_key(codes, period_ordinals(dates, freq)), return_inverse=True)
    inverse = inverse.ravel()
    out.group, out.ordinal = keys >> _SHIFT, (keys & ((1 << _SHIFT) - 1)) - _OFFSET
    out.counts = np.zeros((len(keys), out.k), np.int64)
    out.docs = np.zeros((len(keys), out.k), np.int64)
    np.add.at(out.counts, inverse, matrix)
    np.add.at(out.docs, inverse, (matrix > 0).astype(np.int64))
    out.n_docs = np.bincount(inverse, minlength=len(keys)).astype(np.int64)
    out.n_tokens = np.zeros(len(keys), np.int64)
    np.add.at(out.n_tokens, inverse, np.asarray(tokens, np.int64))
    out.n = len(dates)
    return out
