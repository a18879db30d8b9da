"""termshift: measure how framing terms shift across dated documents.

The top level re-exports what a notebook needs, layer by layer (see the
README's architecture section); each name lives in one small module named
for what it holds:

1. errors -- :mod:`~termshift.errors`;
2. text -- :mod:`~termshift.tokens` (what a word is), :mod:`~termshift.periods`
   (what a month is), :mod:`~termshift.terms` (term families),
   :mod:`~termshift.matching` (finding them);
3. input -- :mod:`~termshift.corpus` (loading, the load report),
   :mod:`~termshift.events`, :mod:`~termshift.datasets`;
4. counting -- :mod:`~termshift.counts`;
5. statistics -- :mod:`~termshift.stats`, :mod:`~termshift.keyness`,
   :mod:`~termshift.tfidf`, :mod:`~termshift.context`;
6. output -- :mod:`~termshift.tables`, :mod:`~termshift.publish` (tables for
   papers), :mod:`~termshift.validation`; :mod:`~termshift.plots`,
   :mod:`~termshift.figures`, :mod:`~termshift.explorer`, the classroom
   :mod:`~termshift.exercises` and :mod:`~termshift.cluster` (Dask).

Every name is imported from its module on first use (``termshift.load_corpus``
loads the loader, and pandas, the first time it is asked for), so
``import termshift`` is cheap and the command line forks its counting workers
before pandas is loaded.
"""

import sys
import types
from typing import TYPE_CHECKING

from . import lazy

if TYPE_CHECKING:  # what type checkers and editors see: every name from its module
    from .errors import CorpusError, ParameterError, TermsError, TermshiftError
    from .tokens import count_tokens, tokenize
    from .periods import FREQS, period_index
    from .terms import Family, TermSet, load_terms
    from .matching import Matcher
    from .corpus import LoadReport, corpus_summary, from_frame, load_corpus, load_report
    from .events import load_events
    from .examples import example_file, example_terms, open_corpus
    from .datasets import sotu_corpus, synthetic, synthetic_terms, write_synthetic
    from .counts import aggregate, count_terms, document_counts
    from .stats import ShiftResult, rates, share, shift, trend
    from .keyness import keyness
    from .tfidf import document_tfidf, family_tfidf, tfidf_by_period
    from .context import collocates, cooccurrence, kwic
    from . import tables
    from .publish import table
    from .validation import precision, sample_matches

__version__ = "0.2.0"

__all__ = [
    "__version__",
    # errors
    "TermshiftError", "CorpusError", "TermsError", "ParameterError",
    # text
    "tokenize", "count_tokens", "FREQS", "period_index", "load_terms", "TermSet", "Family", "Matcher",
    # input
    "load_corpus", "from_frame", "load_report", "LoadReport", "corpus_summary", "load_events",
    "synthetic", "synthetic_terms", "write_synthetic", "sotu_corpus", "example_file", "example_terms", "open_corpus",
    # counting
    "document_counts", "aggregate", "count_terms",
    # statistics
    "rates", "share", "shift", "trend", "ShiftResult", "keyness", "tfidf_by_period", "family_tfidf",
    "document_tfidf", "kwic", "collocates", "cooccurrence",
    # output: tables the plots draw, tables for papers, validation of a dictionary
    "tables", "table", "sample_matches", "precision",
]

#: The module each public name lives in. A name is imported from it on first use, so that
#: ``import termshift`` -- and the command line, which forks its counting workers before it
#: needs pandas -- does not load pandas, matplotlib or scikit-learn until a name asks for them.
_HOMES = {
    "CorpusError": "errors", "ParameterError": "errors", "TermsError": "errors", "TermshiftError": "errors",
    "count_tokens": "tokens", "tokenize": "tokens", "FREQS": "periods", "period_index": "periods",
    "Family": "terms", "TermSet": "terms", "load_terms": "terms", "Matcher": "matching", "LoadReport": "corpus",
    "corpus_summary": "corpus", "from_frame": "corpus", "load_corpus": "corpus", "load_report": "corpus",
    "load_events": "events", "example_file": "examples", "example_terms": "examples", "open_corpus": "examples",
    "sotu_corpus": "datasets", "synthetic": "datasets", "synthetic_terms": "datasets",
    "write_synthetic": "datasets", "aggregate": "counts", "count_terms": "counts", "document_counts": "counts",
    "ShiftResult": "stats", "rates": "stats", "share": "stats", "shift": "stats", "trend": "stats",
    "keyness": "keyness", "document_tfidf": "tfidf", "family_tfidf": "tfidf", "tfidf_by_period": "tfidf",
    "collocates": "context", "cooccurrence": "context", "kwic": "context", "table": "publish",
    "precision": "validation", "sample_matches": "validation",
}

#: Submodules that `dir(termshift)` lists (any submodule is reached as an attribute: ``termshift.plots``).
_LAZY = ("plots", "figures", "exercises", "explorer", "cluster", "tables")


def __getattr__(name):
    """Each public name, imported from its module on first use, or a submodule (:mod:`termshift.lazy`)."""
    return lazy.attribute(__name__, globals(), _HOMES, name)


def __dir__():
    return sorted(set(globals()) | set(_HOMES) | set(_LAZY))


class _Package(types.ModuleType):
    """The package module: importing the submodule ``termshift.keyness`` does not hide the function."""

    def __setattr__(self, name, value):
        # the import system binds a submodule to its parent; where the submodule is named like the
        # public function it holds (keyness), the package keeps the function
        if (isinstance(value, types.ModuleType) and _HOMES.get(name) == name
                and value.__name__ == f"{__name__}.{name}"):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
