# The one list of termshift's public names, layer by layer (tests/test_quality.py checks the layers
# against the import graph). Type checkers read this file; at run time termshift/__init__.py hands
# it to lazy_loader.attach_stub, which imports each name from its module on first use.
# `from .x import y as y` re-exports y for type checkers; `from . import x` makes submodule x an
# attribute of the package (reached as termshift.x without importing it first).

__version__: str

# 1. errors
from .errors import CorpusError as CorpusError, ParameterError as ParameterError
from .errors import TermsError as TermsError, TermshiftError as TermshiftError

# 2. text: what a word is, what a month is, term families, finding them
from .tokens import count_tokens as count_tokens, tokenize as tokenize
from .periods import FREQS as FREQS, period_index as period_index
from .terms import Family as Family, TermSet as TermSet, load_terms as load_terms
from .matching import Matcher as Matcher

# 3. input: loading, the load report, events, example and synthetic corpora
from .corpus import LoadReport as LoadReport, corpus_summary as corpus_summary, from_frame as from_frame
from .corpus import load_corpus as load_corpus, load_report as load_report
from .events import load_events as load_events
from .examples import example_file as example_file, example_terms as example_terms, sotu_corpus as sotu_corpus
from .datasets import open_corpus as open_corpus, synthetic as synthetic, synthetic_terms as synthetic_terms
from .datasets import write_synthetic as write_synthetic

# 4. counting
from .counts import aggregate as aggregate, count_terms as count_terms, document_counts as document_counts

# 5. statistics (the keyness function is termshift.keyness.keyness: termshift.keyness is its module)
from .stats import ShiftResult as ShiftResult, rates as rates, share as share, shift as shift, trend as trend
from .tfidf import document_tfidf as document_tfidf, family_tfidf as family_tfidf
from .tfidf import tfidf_by_period as tfidf_by_period
from .context import collocates as collocates, cooccurrence as cooccurrence, kwic as kwic

# 6. output: tables for papers, validation of a dictionary
from .publish import table as table
from .validation import precision as precision, sample_matches as sample_matches

# The public submodules, each an attribute of the package (termshift.plots.plot_trajectory after a
# plain `import termshift`); not part of `from termshift import *`. (termshift.cli, the command line,
# is imported where it runs.)
from . import automaton as automaton, axes as axes, bilingual as bilingual, bounds as bounds
from . import candidates as candidates, cluster as cluster, frames_corpus as frames_corpus, khcoder as khcoder
from . import context as context, corpus as corpus, counts as counts, datasets as datasets
from . import errors as errors, events as events, examples as examples, exercises as exercises
from . import explorer as explorer, figures as figures, files as files, folding as folding
from . import keyness as keyness, language as language, legends as legends, matching as matching
from . import paths as paths, period_sums as period_sums, pool as pool, rule_syntax as rule_syntax, rules as rules
from . import sentences as sentences
from . import spans as spans
from . import periods as periods, plots as plots, publish as publish, scanner as scanner
from . import small_multiples as small_multiples, stats as stats, stream as stream, style as style
from . import tables as tables, terms as terms, tfidf as tfidf, tokens as tokens, typing as typing
from . import validation as validation
