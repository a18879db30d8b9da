# The one list of termshift.corpus's public names (see __init__.py). Type checkers read this file;
# at run time lazy_loader.attach_stub imports each name from its module on first use.

from .loading import from_frame as from_frame, load_corpus as load_corpus, load_report as load_report
from .report import LoadReport as LoadReport, printable as printable
from .summary import corpus_summary as corpus_summary, format_summary as format_summary
from .finish import is_boilerplate_line as is_boilerplate_line
from .decode import decode_bytes as decode_bytes
from .tables import TABLE_SUFFIXES as TABLE_SUFFIXES
