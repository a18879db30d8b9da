"""How to read a corpus: :class:`LoadOptions`, built and checked once, then handed to every reader.

The loader (:func:`~termshift.load_corpus`), the streamed count
(:func:`termshift.stream.count_file`), the cluster reader
(:func:`termshift.cluster.read_shards`) and the multi-source import
(:func:`termshift.corpus.imports.import_sources`) all take the same options
object. Each option says which readers honour which of its values
(:meth:`LoadOptions.unsupported`): the streamed count steps aside for the loader
when it cannot reproduce an option, the cluster refuses it with a message naming
it. A new loader option is added here, as one field, with its check and its
readers; ``tests/test_corpus.py`` checks that every reader accepts it or refuses
it by name.

This module does not load pandas: the streamed count builds its options before
its workers fork.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from ..errors import ParameterError
from .boilerplate import boilerplate_detector

__all__ = ["LoadOptions", "READERS", "OnError", "Boilerplate", "check_date_from", "check_on_error"]

OnError = Literal["raise", "skip"]
#: ``"caps"``, a function ``line -> bool``, or None.
Boilerplate = Literal["caps"] | Callable[[str], bool] | None
#: The readers an option may or may not be honoured by (the loader honours every option): the streamed
#: count, the cluster, and the import of news exports (:mod:`termshift.corpus.imports`, which reads no tables).
READERS = ("stream", "cluster", "import")

_DUPLICATES = (False, True, "exact", "near")


def _always(value) -> bool:
    return True


def _default_only(default) -> Callable[[Any], bool]:
    def honoured(value) -> bool:
        return value is default or value == default

    return honoured


def _option(default, cli: str, *, stream: Callable[[Any], bool] = _always, cluster: Callable[[Any], bool] = _always,
            imports: Callable[[Any], bool] = _always):
    """A field of :class:`LoadOptions`: its default, its command-line flag, and which of its values the
    streamed count, the cluster and the import honour (the loader honours all)."""
    return field(default=default, metadata={"cli": cli, "stream": stream, "cluster": cluster, "import": imports})


def _is_column(value) -> bool:
    return isinstance(value, (str, int)) and not isinstance(value, bool)


def check_date_from(date_from) -> None:
    """Refuse a ``date_from=`` that is neither None, ``"name"`` nor an ISO date (one :class:`ParameterError`)."""
    from .importers import date_from_rule
    from .report import BadInput

    try:
        date_from_rule(date_from, "")
    except BadInput as bad:
        raise ParameterError([f"date_from={date_from!r}: {bad.reason}; use 'name' or an ISO date YYYY-MM-DD"]) \
            from None


def _checked(check) -> list[str]:
    """The problem lines of a ``check_*`` function that raises a ParameterError (none if it passes)."""
    try:
        check()
    except ParameterError as err:
        return list(err.problems)
    return []


def _iso_day(value) -> bool:
    """Whether ``value`` is a ``YYYY-MM-DD`` date (checked without pandas: the stream builds its options first)."""
    import datetime
    import re

    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _problems(name: str, value) -> list[str]:
    """What is wrong with one option's value, one line per problem (none when it is fine)."""
    from ..language import check_language
    from .importers import check_format

    if name in ("date_col", "text_col", "id_col"):
        fine = _is_column(value) or (name == "id_col" and value is None)
        return [] if fine else [f"{name}={value!r}: give a column name" + (", or None for ids FILE:ROW"
                                                                           if name == "id_col" else "")]
    if name in ("follow_links", "utc"):
        return [] if isinstance(value, bool) else [f"{name}={value!r}: use True or False"]
    if name == "metadata":
        fine = value is None or isinstance(value, str)
        return [] if fine else [f"metadata={value!r}: give the path of a metadata sheet (.csv, .tsv, .parquet, .jsonl)"]
    if name in ("start", "end"):
        return [] if value is None or _iso_day(value) else [
            f"{name}={value!r}: give an ISO date such as 2022-01-31 (CLI --{name})"]
    if name == "drop_duplicates":
        fine = any(value is v or (isinstance(v, str) and value == v) for v in _DUPLICATES)
        return [] if fine else [f"drop_duplicates={value!r}: use False, True (or 'exact') or 'near'"]
    checks = {"on_error": check_on_error, "boilerplate": boilerplate_detector, "language": check_language,
              "format": check_format, "date_from": check_date_from}
    return _checked(lambda: checks[name](value))


def check_on_error(on_error) -> None:
    """Refuse an ``on_error`` other than "raise" or "skip"."""
    if on_error not in ("raise", "skip"):
        raise ParameterError([f"on_error={on_error!r}: use 'raise' or 'skip'"])


@dataclass(frozen=True)
class LoadOptions:
    """The options of reading a corpus, checked when built: one :class:`~termshift.errors.ParameterError`
    lists every bad value.

    The fields are the keyword arguments of :func:`~termshift.load_corpus` (see there for
    each one's meaning). ``drop_duplicates=None`` is read as False.

    Examples
    --------
    >>> LoadOptions(date_col="published", utc=True).date_col
    'published'
    >>> LoadOptions(on_error="ignore", utc="yes")
    Traceback (most recent call last):
    ...
    termshift.errors.ParameterError: 2 bad loader option(s):
      on_error='ignore': use 'raise' or 'skip'
      utc='yes': use True or False
    >>> LoadOptions(id_col="doc_id").unsupported("cluster")
    ["id_col='doc_id' (--id-col doc_id)"]
    """

    on_error: OnError = _option("raise", "--on-error", cluster=_default_only("raise"))
    date_col: str = _option("date", "--date-col", imports=_default_only("date"))
    text_col: str = _option("text", "--text-col", imports=_default_only("text"))
    id_col: str | None = _option(None, "--id-col", stream=_default_only(None), cluster=_default_only(None),
                                 imports=_default_only(None))
    boilerplate: Boilerplate = _option("caps", "--keep-boilerplate",
                                       stream=lambda v: v is None or v is False or v == "caps")
    drop_duplicates: bool | str = _option(False, "--drop-duplicates", stream=_default_only(False),
                                          cluster=lambda v: v in (False, True, "exact"))
    follow_links: bool = _option(False, "--follow-links", stream=_default_only(False), cluster=_default_only(False))
    utc: bool = _option(False, "--utc", imports=_default_only(False))
    language: str | None = _option(None, "--language")
    format: str | None = _option(None, "--export-format", stream=_default_only(None), cluster=_default_only(None))
    date_from: str | None = _option(None, "--date-from", stream=_default_only(None), cluster=_default_only(None))
    metadata: str | None = _option(None, "--metadata", stream=_default_only(None), cluster=_default_only(None),
                                   imports=_default_only(None))
    start: str | None = _option(None, "--start", stream=_default_only(None), cluster=_default_only(None),
                                imports=_default_only(None))
    end: str | None = _option(None, "--end", stream=_default_only(None), cluster=_default_only(None),
                              imports=_default_only(None))

    def __post_init__(self):
        if self.drop_duplicates is None:
            object.__setattr__(self, "drop_duplicates", False)
        if self.metadata is not None and not isinstance(self.metadata, str) and hasattr(self.metadata, "__fspath__"):
            object.__setattr__(self, "metadata", os.fsdecode(os.fspath(self.metadata)))
        for name in ("start", "end"):  # a date or Timestamp given: its day
            value = getattr(self, name)
            if hasattr(value, "isoformat") and not isinstance(value, str):
                object.__setattr__(self, name, value.isoformat()[:10])
        problems = [line for f in dataclasses.fields(self) for line in _problems(f.name, getattr(self, f.name))]
        if _iso_day(self.start) and _iso_day(self.end) and self.start > self.end:
            problems.append(f"start={self.start!r} is after end={self.end!r}: give the earlier date as start")
        if problems:
            raise ParameterError(problems, header=f"{len(problems)} bad loader option(s):")

    @property
    def detect(self):
        """The boilerplate line test (:func:`~termshift.corpus.finish.boilerplate_detector`), or None."""
        return boilerplate_detector(self.boilerplate)

    def replace(self, **changes) -> LoadOptions:
        """A copy with some options changed (checked again)."""
        return dataclasses.replace(self, **changes)

    @classmethod
    def build(cls, options: LoadOptions | None = None, **given) -> LoadOptions:
        """``options`` (or the defaults) with the options ``given`` as keywords; one error for a name that
        is no loader option.

        >>> LoadOptions.build(utc=True).utc
        True
        >>> LoadOptions.build(dates="x")
        Traceback (most recent call last):
        ...
        termshift.errors.ParameterError: dates='x': not a loader option; use one of on_error, date_col, \
text_col, id_col, boilerplate, drop_duplicates, follow_links, utc, language, format, date_from, \
metadata, start, end
        """
        names = [f.name for f in dataclasses.fields(cls)]
        unknown = [k for k in given if k not in names]
        if unknown:
            raise ParameterError([f"{k}={given[k]!r}: not a loader option; use one of {', '.join(names)}"
                                  for k in unknown])
        if options is None:
            return cls(**given)
        if not isinstance(options, cls):
            raise ParameterError([f"options={options!r}: give a termshift.corpus.LoadOptions, or None"])
        return options.replace(**given) if given else options

    def unsupported(self, reader: str) -> list[str]:
        """The options set to a value ``reader`` ("stream", "cluster" or "import") does not honour, each as
        ``name=value (--flag value)``; empty when it honours them all."""
        if reader not in READERS:
            raise ParameterError([f"reader={reader!r}: use one of {', '.join(READERS)}"])
        out = []
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if not f.metadata[reader](value):
                out.append(f"{f.name}={value!r} ({_flag(f.metadata['cli'], value)})")
        return out


def _flag(cli: str, value) -> str:
    """How the command line spells an option's value: ``--follow-links``, ``--on-error skip``."""
    if cli == "--keep-boilerplate" or isinstance(value, bool):
        return cli
    return f"{cli} {value}"
