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

The public names are listed once, in ``__init__.pyi`` beside this file: type checkers read it, and
:func:`lazy_loader.attach_stub` reads it at run time, so each name is imported from its module on
first use (``termshift --help`` and the streamed count read their first chunks before pandas is
loaded).

The public names are listed once, in the stub ``__init__.pyi`` beside this file: type checkers read
it, and :func:`lazy_loader.attach_stub` reads it at run time, so each name is imported from its
module on first use (``termshift --help`` names the export formats of :mod:`.importers`, and the
streamed count reads its first chunks with :mod:`.finish`, before pandas is loaded). A submodule
is imported as usual: ``import termshift.corpus.walk``.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
