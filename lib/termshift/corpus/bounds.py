"""The bounds of reading, as the corpus readers meet them: :func:`past` is the bad input of a file past one.

The bounds themselves (their table, defaults and environment variables) are :mod:`termshift.bounds`.
"""

from __future__ import annotations

from ..bounds import BOUNDS, limit, past_line
from .report import BadInput

__all__ = ["BOUNDS", "limit", "past_line", "past"]


def past(name: str, got: int, what: str) -> BadInput:
    """The :class:`~termshift.corpus.report.BadInput` of an input past the bound ``name``
    (:func:`termshift.bounds.past_line`)."""
    return BadInput(*past_line(name, got, what))
