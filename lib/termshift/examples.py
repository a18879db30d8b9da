"""The example material: files shipped in the package, and the corpus a notebook's ``CORPUS`` names.

* :func:`example_file` / :func:`example_terms` -- the term families and events
  of the Japanese defense-policy case and of the State of the Union case study,
  shipped inside the package (read with :mod:`importlib.resources`, so they
  work from an installed wheel);
* :func:`open_corpus` -- a path, or ``"synthetic"``, ``"synthetic-ja"`` or
  ``"sotu"``, as the notebooks' ``CORPUS`` parameter takes it;
* :func:`corpus_title` -- how figures name that corpus.

Also available as ``termshift.datasets.<name>``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from .errors import ParameterError
from .terms import TermSet

__all__ = ["EXAMPLES", "example_file", "example_terms", "open_corpus", "corpus_title"]


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


def open_corpus(corpus, *, seed: int = 0, start=None, end=None, outlets: Mapping | None = None,
                **load_options) -> pd.DataFrame:
    """The corpus a notebook's ``CORPUS`` parameter names, within ``[start, end]``.

    Parameters
    ----------
    corpus : str or Path
        A folder or table for :func:`~termshift.load_corpus`, or an example:
        ``"synthetic"`` (:func:`synthetic`, seeded with ``seed``),
        ``"synthetic-ja"`` (the bilingual corpus) or ``"sotu"``
        (:func:`sotu_corpus`).
    seed : int, default=0
        Seeds the synthetic corpora.
    outlets : mapping, optional
        For ``"synthetic"``: ``{outlet: change date}`` (see :func:`synthetic`).
    start, end : date, year or None
        Keep documents dated from ``start`` to ``end`` (inclusive; a year
        means the whole year). The load report stays attached.
    **load_options
        Passed to :func:`~termshift.load_corpus` for a path.

    Examples
    --------
    >>> from termshift.datasets import synthetic
    >>> len(open_corpus("synthetic", seed=1, start="2022-01-01", end="2022-06-30")) < len(synthetic(random_state=1))
    True
    """
    from .corpus import load_corpus
    from .datasets import sotu_corpus, synthetic

    if isinstance(corpus, str) and corpus == "synthetic":
        frame = synthetic(random_state=seed, outlets=outlets)
    elif isinstance(corpus, str) and corpus == "synthetic-ja":
        frame = synthetic(language="both", random_state=seed)
    elif isinstance(corpus, str) and corpus == "sotu":
        frame = sotu_corpus()
    else:
        frame = load_corpus(corpus, **load_options)
    if start is None and end is None:
        return frame
    lo = pd.Timestamp(f"{start}-01-01" if isinstance(start, int) else start) if start is not None else None
    hi = pd.Timestamp(f"{end}-12-31" if isinstance(end, int) else end) if end is not None else None
    keep = frame["date"].between(lo if lo is not None else frame["date"].min(),
                                 hi if hi is not None else frame["date"].max())
    if not keep.any():
        raise ParameterError([f"no document of {corpus} is dated between {start} and {end}; the corpus runs from "
                              f"{frame['date'].min():%Y-%m-%d} to {frame['date'].max():%Y-%m-%d}"])
    out = frame[keep].reset_index(drop=True)
    out.attrs = dict(frame.attrs)
    return out


def corpus_title(corpus: pd.DataFrame, name, seed: int = 0) -> str:
    """A figure title for a corpus: synthetic corpora say so (with their seed), others give their name.

    Examples
    --------
    >>> from termshift.datasets import synthetic
    >>> corpus_title(synthetic(n_docs=5), "synthetic", seed=0)
    'SYNTHETIC corpus (seed 0)'
    >>> corpus_title(pd.DataFrame(), "../corpus")
    "Corpus 'corpus'"
    >>> corpus_title(pd.DataFrame(), "/home/me/exports/my_corpus.parquet")  # a label, never the path
    "Corpus 'my corpus'"
    """
    if "termshift.synthetic" in corpus.attrs or str(name).startswith("synthetic"):
        return f"SYNTHETIC corpus (seed {seed})"
    if str(name) == "sotu":
        return "State of the Union"
    return f"Corpus '{Path(str(name)).stem.replace('_', ' ')}'"
