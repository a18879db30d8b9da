"""termshift: measure how framing terms shift across dated documents.

The top level re-exports the functions a notebook needs; each lives in a
small module named for what it holds (:mod:`~termshift.corpus`,
:mod:`~termshift.terms`, :mod:`~termshift.matching`, :mod:`~termshift.counts`, ...).
"""

from .context import collocates, cooccurrence, kwic
from .keyness import keyness
from .tfidf import document_tfidf, family_tfidf, tfidf_by_period
from .corpus import LoadReport, corpus_summary, from_frame, load_corpus, load_report
from .counts import count_terms, document_counts, period_index
from .errors import CorpusError, ParameterError, TermsError, TermshiftError
from .events import load_events
from .matching import Matcher, count_tokens
from .terms import Family, TermSet, load_terms
from .datasets import synthetic, synthetic_terms, write_synthetic
from .stats import ShiftResult, rates, share, shift, trend

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "load_corpus",
    "load_report",
    "from_frame",
    "LoadReport",
    "corpus_summary",
    "load_terms",
    "TermSet",
    "Family",
    "Matcher",
    "count_tokens",
    "count_terms",
    "document_counts",
    "period_index",
    "tfidf_by_period",
    "family_tfidf",
    "document_tfidf",
    "keyness",
    "kwic",
    "collocates",
    "cooccurrence",
    "TermshiftError",
    "CorpusError",
    "TermsError",
    "ParameterError",
]
__all__ += ["rates", "share", "shift", "trend", "ShiftResult", "synthetic", "synthetic_terms", "write_synthetic"]
__all__ += ["load_events"]  # plots and figures load matplotlib: import them as termshift.plots, termshift.figures
