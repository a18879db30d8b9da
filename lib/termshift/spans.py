"""Where the accepted matches are: one row per match, as integer arrays.

:meth:`termshift.matching.Matcher.spans` gives, for a batch of texts, every
match the counting accepts (the same set as :meth:`~termshift.matching.Matcher.find`,
text by text) as a :class:`Spans`: five parallel ``int64`` arrays -- the
document (its position in the batch), ``start`` and ``end`` (Python string
offsets into that text, ``text[start:end]`` is the match as written) and the
family and term (positions in ``Matcher.family_ids`` and ``Matcher.term_list``).
Counts are sums over spans (:meth:`Spans.counts`, :meth:`Spans.term_counts`):
the fast counting path (:meth:`~termshift.matching.Matcher.count_many`) makes
the spans of each chunk of texts and counts them, so a rule that keeps or
drops matches (an exclusion, a context condition) is applied to spans once,
for every counting path.

Examples
--------
>>> s = Spans.from_lists(doc=[0, 0, 2], start=[2, 9, 0], end=[8, 14, 3], family=[0, 1, 0], term=[0, 2, 1])
>>> len(s), s.counts(3, 2).tolist()
(3, [[1, 1], [0, 0], [1, 0]])
>>> s.term_counts(3, 3).tolist()
[[1, 0, 1], [0, 0, 0], [0, 1, 0]]
>>> s.select(s.family == 0).start.tolist()
[2, 0]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np

__all__ = ["Spans"]

_FIELDS = ("doc", "start", "end", "family", "term")


@dataclass(frozen=True, eq=False)
class Spans:
    """Accepted matches of a batch of texts: parallel ``int64`` arrays, one element per match.

    Attributes
    ----------
    doc : ndarray
        Position of the match's text in the batch given to the matcher.
    start, end : ndarray
        Offsets into that text (Python ``str`` indices; the text as given when it is
        NFKC-normalised, as :func:`~termshift.load_corpus` leaves it, else its NFKC form).
    family : ndarray
        Position of the family in ``Matcher.family_ids``.
    term : ndarray
        Position of the winning term in ``Matcher.term_list`` (terms are listed family by family).

    Spans made by :meth:`termshift.matching.Matcher.spans` are sorted by document, then
    start, then family (within a family matches never overlap, so this order is total).
    """

    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    family: np.ndarray
    term: np.ndarray

    def __post_init__(self):
        lengths = {len(getattr(self, f.name)) for f in fields(self)}
        if len(lengths) > 1:
            raise ValueError(f"Spans: the five arrays differ in length ({sorted(lengths)}); give one value per match")

    def __len__(self) -> int:
        return len(self.doc)

    @classmethod
    def from_lists(cls, **columns: Sequence[int]) -> Spans:
        """Spans from five sequences of integers (``doc``, ``start``, ``end``, ``family``, ``term``)."""
        return cls(**{f: np.asarray(columns[f], dtype=np.int64).reshape(-1) for f in _FIELDS})

    @classmethod
    def empty(cls) -> Spans:
        """No match."""
        return cls(*(np.zeros(0, np.int64) for _ in _FIELDS))

    @classmethod
    def concat(cls, parts: Sequence[Spans]) -> Spans:
        """The spans of several parts, in the order given (``doc`` values are kept as they are)."""
        if not parts:
            return cls.empty()
        if len(parts) == 1:
            return parts[0]
        return cls(*(np.concatenate([getattr(p, f) for p in parts]) for f in _FIELDS))

    def select(self, keep: np.ndarray) -> Spans:
        """The spans where ``keep`` (a boolean mask, or positions) selects them."""
        return Spans(*(getattr(self, f)[keep] for f in _FIELDS))

    def sorted(self) -> Spans:
        """Sorted by document, start, then family."""
        order = np.lexsort((self.family, self.start, self.doc))
        return self.select(order)

    def counts(self, n_docs: int, n_families: int) -> np.ndarray:
        """Matches per document and family: an ``(n_docs, n_families)`` array."""
        return _table(self.doc, self.family, n_docs, n_families)

    def term_counts(self, n_docs: int, n_terms: int) -> np.ndarray:
        """Matches per document and winning term: an ``(n_docs, n_terms)`` array."""
        return _table(self.doc, self.term, n_docs, n_terms)


def _table(rows: np.ndarray, cols: np.ndarray, n_rows: int, n_cols: int) -> np.ndarray:
    return np.bincount(rows * n_cols + cols, minlength=n_rows * n_cols).astype(np.int64).reshape(n_rows, n_cols)
