"""The ``termshift`` command line.

Every subcommand prints CSV (or text/JSON) to stdout or a file. Exit status:
0 done, 1 ``figures --check`` found differences, 2 bad input (one line per
problem on stderr, never a traceback), 3 an internal error (one line asking
for a report; ``TERMSHIFT_DEBUG=1`` shows the traceback), 130 interrupted.

The package: :mod:`.args` (the argument groups every command shares),
:mod:`.output` (escaped messages, safe writing, CSV for spreadsheets),
:mod:`.counting`, :mod:`.words` and :mod:`.project` (the commands).
"""

from __future__ import annotations

import os
import sys

from ..errors import TermshiftError
from .args import Parser
from .counting import add_corpus, add_count, add_rates, add_share, add_shift, add_trend
from .importing import add_import
from .output import check_out, input_paths, say
from .project import add_exercises, add_figures
from .words import add_collocates, add_cooccurrence, add_keyness, add_kwic, add_tfidf

__all__ = ["main", "build_parser", "COMMANDS"]

#: Each entry adds one subcommand; in the order ``termshift --help`` shows them.
COMMANDS = [add_import, add_corpus, add_count, add_rates, add_share, add_shift, add_trend, add_tfidf, add_keyness,
            add_kwic, add_collocates, add_cooccurrence, add_figures, add_exercises]

DEBUG_ENV = "TERMSHIFT_DEBUG"


def build_parser() -> Parser:
    """The argument parser of the ``termshift`` command."""
    from .. import __version__

    parser = Parser(prog="termshift", description="Measure how framing terms shift across dated documents.")
    parser.add_argument("--version", action="version", version=f"termshift {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in COMMANDS:
        add(sub)
    return parser


def _report(command: str, err: TermshiftError) -> None:
    """The one error printer: every line escaped, the first naming the command."""
    if err.header is not None:
        lines = [err.header] + ["  " + p for p in err.problems]
    else:
        lines = list(err.problems) or [str(err)]
    say(f"termshift {command}: error: {lines[0]}")
    for line in lines[1:]:
        say(line)


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the exit-time flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _run(args) -> int:
    if getattr(args, "corpus", None) is not None and getattr(args, "out", None) is not None:
        check_out(args.out, input_paths(args))  # before anything is read
    code = int(args.func(args) or 0)
    if sys.stdout is not None:
        sys.stdout.flush()  # a full disk or closed pipe shows here, not at exit
    return code


def main(argv=None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 differences, 2 bad input, 3 internal error)."""
    args = build_parser().parse_args(argv)
    command = args.command
    try:
        return _run(args)
    except TermshiftError as err:
        _report(command, err)
        return 2
    except BrokenPipeError:  # e.g. `termshift count ... | head`: the reader has all it wanted
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        say("termshift: interrupted")
        return 130
    except OSError as err:  # stdout on a full disk, a file vanishing mid-run: the system's word, one line
        if os.environ.get(DEBUG_ENV):
            raise
        where = f" ({err.filename})" if getattr(err, "filename", None) else ""
        say(f"termshift {command}: error: {err.strerror or err}{where}")
        return 2
    except Exception as err:  # noqa: BLE001 - the promise is: no traceback, ever
        if os.environ.get(DEBUG_ENV):
            raise
        say(f"termshift {command}: internal error: {type(err).__name__}: {err}; please report it "
            f"(set {DEBUG_ENV}=1 to see the traceback)")
        return 3
