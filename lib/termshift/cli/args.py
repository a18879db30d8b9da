"""The argument groups every ``termshift`` command shares, one helper each.

The words are the library's, one option name per meaning across commands:
``--freq`` is the period (the library's ``freq=``, one of
:data:`termshift.periods.FREQS`), ``--by`` the group column(s) (``by=``),
``--random-state`` and ``--top-k`` the ``random_state`` and ``top_k`` of the
Python API; ``--export-format`` is the layout of news export files read
(``import`` and every corpus command), ``--output-format`` what a command
prints (text, json, csv). Old spellings work for this release with a one-line
note on stderr (:class:`DeprecatedAlias`): ``--by PERIOD``, ``--seed``,
``--format``; ``--by-group`` and ``--top`` are aliases. Numbers are checked as
they are parsed, so a bad value is one line naming the option (exit 2) before
anything is read.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..corpus.importers import FORMATS as EXPORT_FORMATS
from ..errors import ParameterError
from ..periods import FREQS, freq_name, period_freq
from .output import FORMULA_NOTE, say

__all__ = ["Parser", "whole_number", "positive_number", "period_name", "language_code", "add_corpus_args",
           "add_terms_arg", "add_period_arg", "add_random_state_arg", "add_top_k_arg", "add_out_arg", "load_corpus_arg",
           "load_terms_arg", "family_ids", "progress_arg", "DeprecatedAlias", "GroupColumns", "add_output_format_arg",
           "add_export_format_arg"]


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one escaped line on stderr and exit 2."""

    def error(self, message):
        say(f"{self.prog}: error: {message}; see `{self.prog} --help`")
        self.exit(2)


# ----------------------------------------------------------------------------- value types


def whole_number(minimum: int):
    """An argparse ``type``: a whole number >= ``minimum`` (``--top-k 0`` is refused, not ignored)."""

    def parse(text):
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or value < minimum:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number >= {minimum}")
        return value

    parse.__name__ = f"whole number >= {minimum}"
    return parse


def positive_number(text):
    """An argparse ``type``: a number > 0 (seconds, for instance)."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number > 0")
    return value


def language_code(text):
    """An argparse ``type``: a language code such as ``ja`` or ``en``."""
    from ..language import check_language

    try:
        return check_language(text)
    except ParameterError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a language code such as ja or en") from None


def period_name(text):
    """An argparse ``type``: a period of :data:`~termshift.periods.FREQS` (or its pandas alias), as its name."""
    try:
        return freq_name(period_freq(text))
    except ParameterError:
        raise argparse.ArgumentTypeError(f"invalid choice: {text!r} (choose from {', '.join(FREQS)})") from None


# ----------------------------------------------------------------------------- old spellings


def deprecated(old: str, new: str) -> None:
    """The one-line note an old spelling gets on stderr (it still works for this release)."""
    say(f"termshift: {old} is deprecated and will be removed in the next release; use {new}")


class DeprecatedAlias(argparse.Action):
    """An old spelling of an option (``--seed`` for ``--random-state``): stores into the new option's
    ``dest`` and notes the change on stderr (``new=`` names the option to use instead)."""

    def __init__(self, option_strings, dest, new: str = "", **kwargs):
        self.new = new
        super().__init__(option_strings, dest, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        deprecated(f"{option_string} {values}", f"{self.new} {values}")
        setattr(namespace, self.dest, values)


class GroupColumns(argparse.Action):
    """``--by COL[,COL]``: the group column(s), the library's ``by=``. A period name after ``--by``
    (``--by month``) is the old spelling of ``--freq``: it sets the period, with a note. ``groups=False``
    (a command without groups) accepts only that old spelling."""

    def __init__(self, option_strings, dest, groups: bool = True, **kwargs):
        self.groups = groups
        super().__init__(option_strings, dest, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        try:
            period = period_name(values)
        except argparse.ArgumentTypeError as err:
            if not self.groups:
                parser.error(f"argument --by: {err}; --by PERIOD is the old spelling of --freq PERIOD")
            period = None
        if option_string == "--by" and period is not None:
            also = (f" (--by names the column(s) to group by, as by= in the library; --by-group {values} groups "
                    f"by a column named {values})") if self.groups else ""
            deprecated(f"--by {values}", f"--freq {period}{also}")
            namespace.freq = period
        else:
            setattr(namespace, self.dest, values)


# ----------------------------------------------------------------------------- shared groups


def add_corpus_args(p: argparse.ArgumentParser) -> None:
    """The corpus to read and how: path, table columns, bad files, boilerplate, duplicates, links, dates."""
    p.add_argument("corpus", type=Path,
                   help="a folder of dated .txt articles, one .txt article, or a table (.csv, .tsv, .jsonl, "
                        ".parquet)")
    p.add_argument("--on-error", choices=["raise", "skip"], default="raise",
                   help="bad files: fail listing them all (raise, default) or load the rest and report (skip)")
    p.add_argument("--date-col", default="date", help="date column of a table (default: date)")
    p.add_argument("--text-col", default="text", help="text column of a table (default: text)")
    p.add_argument("--id-col", default=None, help="document id column of a table (default: file:row)")
    p.add_argument("--keep-boilerplate", action="store_true",
                   help="keep all-capital cross-promotion lines in the analysed text")
    p.add_argument("--drop-duplicates", nargs="?", const="exact", default=False, choices=["exact", "near"],
                   help="drop documents whose text repeats an earlier one (exact, the default when the flag is "
                        "given) or nearly repeats it (near: the same wire story reprinted, an article exported "
                        "twice; reported with its similarity)")
    add_export_format_arg(p, "force the layout of news export files")
    p.add_argument("--date-from", default=None, metavar="RULE",
                   help="date saved web pages without a date in their metadata: 'name' (a YYYY-MM-DD in the file "
                        "name) or one ISO date for all")
    p.add_argument("--follow-links", action="store_true",
                   help="follow symbolic links that leave the corpus folder (default: skip them, each named in "
                        "the report)")
    p.add_argument("--utc", action="store_true",
                   help="table dates with a time zone count on their UTC date (default: the local calendar date "
                        "written in the table, the date a reader saw)")
    p.add_argument("--language", type=language_code, default=None, metavar="CODE",
                   help="the language of every document (ja, en, ...); default: detected per document (ja when "
                        "kana and kanji make up a clear share of its letters, else en); Japanese is segmented "
                        "into words by a morphological analyser")
    p.add_argument("--metadata", default=None, metavar="SHEET",
                   help="a metadata sheet (.csv, .tsv, .parquet, .jsonl) whose `file` column names each article "
                        "(its path relative to the corpus root, its doc_id, or its export file); its other "
                        "columns (outlet, url, ...) are joined onto the documents, outlet from a url's host "
                        "where the sheet has none")
    p.add_argument("--start", default=None, metavar="YYYY-MM-DD",
                   help="keep the documents dated on or after this day (reported: outside the window N)")
    p.add_argument("--end", default=None, metavar="YYYY-MM-DD",
                   help="keep the documents dated on or before this day; the periods are those of the window")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bars or notes on stderr")


def add_terms_arg(p: argparse.ArgumentParser, required: bool = True) -> None:
    """``--terms FILE``: the term-family TOML file."""
    p.add_argument("--terms", required=required, default=None, type=Path, metavar="FILE",
                   help="term-family TOML file (e.g. corpus/framing_terms.toml)"
                        + ("" if required else "; optional"))


def add_period_arg(p: argparse.ArgumentParser, default: str = "month", what: str = "period",
                   groups: bool = False) -> None:
    """``--freq PERIOD``: one of the library's period names (:data:`~termshift.periods.FREQS`); with
    ``groups``, ``--by COL[,COL]`` (alias ``--by-group``) too. ``--by PERIOD`` is the old ``--freq``."""
    p.add_argument("--freq", type=period_name, default=default, metavar="{" + ",".join(FREQS) + "}",
                   help=f"{what} (default: {default})")
    if groups:
        p.add_argument("--by", "--by-group", dest="by_group", action=GroupColumns, default=None, metavar="COL",
                       help="metadata column(s) to group by, comma separated (e.g. outlet): one result per group "
                            "(--by-group is an alias; --by PERIOD, the old spelling of --freq, still works)")
    else:
        p.add_argument("--by", dest="by_group", action=GroupColumns, groups=False, default=None,
                       help=argparse.SUPPRESS)


def add_export_format_arg(p: argparse.ArgumentParser, what: str, old: bool = False) -> None:
    """``--export-format FORMAT``: the layout of news export files read (``import`` and every corpus
    command); ``old``: ``--format`` too, its old spelling in ``import``."""
    p.add_argument("--export-format", default=None, choices=EXPORT_FORMATS, metavar="FORMAT",
                   help=f"{what}: " + ", ".join(EXPORT_FORMATS) + " (default: detected from each file's content)")
    if old:
        p.add_argument("--format", dest="export_format", choices=EXPORT_FORMATS, action=DeprecatedAlias,
                       new="--export-format", default=argparse.SUPPRESS, help=argparse.SUPPRESS)


def add_output_format_arg(p: argparse.ArgumentParser, choices: list, default: str) -> None:
    """``--output-format``: what the command prints (``--format`` is its old spelling)."""
    p.add_argument("--output-format", choices=choices, default=default,
                   help=f"what to print: {', '.join(choices)} (default: {default})")
    p.add_argument("--format", dest="output_format", choices=choices, action=DeprecatedAlias, new="--output-format",
                   default=argparse.SUPPRESS, help=argparse.SUPPRESS)


def add_random_state_arg(p: argparse.ArgumentParser, what: str = "resampling") -> None:
    """``--random-state N``: the seed of every random draw (``--seed N`` is its old spelling)."""
    p.add_argument("--random-state", dest="random_state", type=whole_number(0), default=0, metavar="N",
                   help=f"seed for {what}; the same seed gives the same output (default: 0)")
    p.add_argument("--seed", dest="random_state", type=whole_number(0), action=DeprecatedAlias, new="--random-state",
                   default=argparse.SUPPRESS, metavar="N", help=argparse.SUPPRESS)


def add_top_k_arg(p: argparse.ArgumentParser, default, what: str) -> None:
    """``--top-k N`` (alias ``--top``): keep the first N rows of each group."""
    p.add_argument("--top-k", "--top", dest="top_k", type=whole_number(1), default=default, metavar="N",
                   help=what)


def add_out_arg(p: argparse.ArgumentParser, csv: bool = True) -> None:
    """``--out FILE`` (alias ``-o``): write there, never over one of the command's inputs."""
    note = f" {FORMULA_NOTE}" if csv else ""
    p.add_argument("--out", "-o", type=Path, default=None, metavar="FILE",
                   help="write to this file instead of stdout (replaced only once complete; never one of the "
                        "inputs)." + note.replace("%", "%%"))


# ----------------------------------------------------------------------------- reading the inputs


def progress_arg(args):
    """The ``progress=`` of library calls: False with ``--quiet``, else automatic."""
    return False if getattr(args, "quiet", False) else None


def load_options_arg(args):
    """The loader options the corpus arguments give (:class:`~termshift.corpus.options.LoadOptions`),
    checked once: the loader, the streamed count and the cluster all read the corpus with them."""
    from ..corpus.options import LoadOptions

    return LoadOptions(on_error=args.on_error, date_col=args.date_col, text_col=args.text_col, id_col=args.id_col,
                       boilerplate=None if args.keep_boilerplate else "caps", drop_duplicates=args.drop_duplicates,
                       follow_links=args.follow_links, utc=args.utc, language=args.language,
                       format=args.export_format, date_from=args.date_from, metadata=args.metadata,
                       start=args.start, end=args.end)


def load_corpus_arg(args, options=None):
    """Load the corpus the corpus arguments describe (or ``options``, built from them by
    :func:`load_options_arg`); notes skipped files on stderr (one line each)."""
    from ..corpus import load_corpus, load_report

    corpus = load_corpus(args.corpus, options=options or load_options_arg(args), progress=progress_arg(args))
    report = load_report(corpus)
    if not args.quiet:
        if report.skipped:
            say(f"termshift: skipped {len(report.skipped)} file(s)/row(s):")
            for where, reason in report.skipped:
                say(f"  {where}: {reason}")
        if report.flagged:
            say(f"termshift: flagged {len(report.flagged)} file(s)/article(s) (loaded; check them):")
            for where, reason in report.flagged:
                say(f"  {where}: {reason}")
        for note in report.notes:  # the metadata sheet and the date window
            say(f"termshift: {note}")
    return corpus


def load_terms_arg(args):
    """The term families of ``--terms`` (None when it is optional and not given)."""
    from ..terms import load_terms

    return None if args.terms is None else load_terms(args.terms)


def family_ids(terms, value, option):
    """Split a comma-separated list of family ids and check each exists (None stays None)."""
    if value is None:
        return None
    ids = [v for v in value.split(",") if v]
    unknown = [i for i in ids if i not in terms]
    if unknown or not ids:
        raise ParameterError([f"{option} {value}: unknown family {', '.join(unknown) or '(none given)'}; "
                              f"choose from: {', '.join(terms)}"])
    return ids
