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
   :mod:`~termshift.exercises` and :mod:`~termshift.cluster` (Dask) are
   imported on first use (they load matplotlib, Jupyter or Dask).
"""

import importlib

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

_LAZY = ("plots", "figures", "exercises", "explorer", "cluster")


def __getattr__(name):
    """``termshift.plots``, ``termshift.figures`` and ``termshift.exercises`` load on first use."""
    if name in _LAZY:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'termshift' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_LAZY))
