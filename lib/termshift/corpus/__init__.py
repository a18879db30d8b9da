"""Load a dated corpus without ever losing a document silently.

A corpus is either a folder of ``*.txt`` articles in the seed format::

     date 2022-11-30 Japan's efforts to bolster its defense ...

(optional leading whitespace, the word ``date``, an ISO date, then the body on
the same line or the next), or one table (CSV, TSV, JSONL, Parquet) with a date
column and a text column. Either way the result is a pandas DataFrame with one
row per document, and every entry seen ends up *loaded*, *skipped* (with its
reason) or *ignored* (not a corpus file, with its reason); the counts add up and
are kept in a :class:`LoadReport` (``return_report=True``, or :func:`load_report`).

The modules of this package, one concern each: :mod:`.report` (the report, safe
names), :mod:`.decode` (bytes to text), :mod:`.walk` (folders), :mod:`.dates`,
:mod:`.articles` (the seed format), :mod:`.tables`, :mod:`.finish` (the one
finishing path), :mod:`.summary`. A new input format (an importer) reads its
files into rows ``doc_id, date, text, source, encoding, where`` plus metadata and
hands them to :func:`~termshift.corpus.finish.finish`.
"""

from .. import lazy

__all__ = [
    "load_corpus",
    "from_frame",
    "load_report",
    "LoadReport",
    "corpus_summary",
    "format_summary",
    "is_boilerplate_line",
    "decode_bytes",
    "printable",
    "TABLE_SUFFIXES",
]

#: The module of this package each public name lives in, imported on first use: the streamed
#: count reads its chunks with :mod:`.finish` and :mod:`.report` before pandas is loaded.
_HOMES = {"load_corpus": "loading", "from_frame": "loading", "load_report": "loading", "LoadReport": "report",
          "corpus_summary": "summary", "format_summary": "summary", "is_boilerplate_line": "finish",
          "decode_bytes": "decode", "printable": "report", "TABLE_SUFFIXES": "tables"}


def __getattr__(name):
    """Each public name, imported from its module on first use, or a submodule (:mod:`termshift.lazy`)."""
    return lazy.attribute(__name__, globals(), _HOMES, name)


def __dir__():
    return sorted(set(globals()) | set(_HOMES))
