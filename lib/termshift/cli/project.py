"""``termshift figures`` and ``termshift exercises``: the project around the library."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ..errors import ParameterError
from .args import Parser, positive_number
from .output import escape, say, write_text

__all__ = ["add_figures", "add_exercises"]


def _check_figures_folder(out: Path) -> None:
    """Refuse a figures folder that cannot be written (its nearest existing ancestor decides)."""
    existing = out
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if existing == out and not out.is_dir():
        return  # a file: the library names it ("give a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ParameterError([f"--out {out}: {existing} is not writable; give a folder you can write to"])


def _cmd_figures(args) -> int:
    from ..figures import check, run_notebooks
    from ..paths import FIGURES_DIR

    def progress(line):
        if not args.quiet:
            say(f"termshift figures: {line}")

    out = args.out or FIGURES_DIR
    if not args.check:
        _check_figures_folder(out)  # before any notebook runs, not after all of them
        manifest = run_notebooks(args.notebooks, out, timeout=args.timeout, progress=progress)
        progress(f"{len(manifest['figures'])} figure(s) and {out / 'MANIFEST.json'} up to date")
        return 0
    problems = check(out, args.notebooks, timeout=args.timeout, progress=progress)
    if problems:
        write_text("\n".join(escape(line) for line in problems), None)
        say(f"termshift figures: {len(problems)} difference(s) from {out}; run `termshift figures` and commit "
            "the result if the change is intended")
        return 1
    progress(f"every figure in {out} is reproduced byte for byte")
    return 0


def add_figures(sub) -> None:
    p = sub.add_parser("figures", help="regenerate every figure from the notebooks, or --check them",
                       description="Run each notebook (notebooks/*.ipynb and py:percent notebooks/*.py) headless; "
                                   "write its figures (PDF, SVG, PNG) and MANIFEST.json into the figures folder. Only "
                                   "files listed in that folder's previous MANIFEST.json are ever replaced or "
                                   "removed; a non-empty folder without one is refused. --check regenerates into a "
                                   "temporary folder and lists every figure that differs (exit 1).")
    p.add_argument("--check", action="store_true",
                   help="compare a fresh run with the committed figures byte for byte; one line per difference")
    p.add_argument("--notebooks", nargs="+", type=Path, metavar="PATH", default=None,
                   help="run only these notebooks (or folders of notebooks); other figures are kept")
    p.add_argument("--out", "-o", type=Path, default=None, help="figures folder (default: figures/)")
    p.add_argument("--timeout", type=positive_number, default=600, help="seconds allowed per cell (default: 600)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress lines on stderr")
    p.set_defaults(func=_cmd_figures)


def _cmd_exercises(args) -> int:
    """Hand the rest of the command line to ``termshift.exercises``'s own subcommands (imported only now)."""
    try:
        from ..exercises.__main__ import add_subcommands
    except ImportError:
        raise ParameterError(["termshift exercises: this installation has no exercise commands "
                              "(termshift.exercises.__main__.add_subcommands is missing); "
                              "run `python -m termshift.exercises` instead"]) from None
    parser = Parser(prog="termshift exercises",
                    description="Classroom exercises: list them, rebuild the notebooks, or write the student "
                                "handout. `termshift exercises COMMAND --help` tells more.")
    add_subcommands(parser)
    inner = parser.parse_args(["--help", *args.rest] if args.exercises_help else args.rest)
    func = getattr(inner, "func", None)
    if func is None:
        parser.error("give a subcommand (list, build or handout)")  # exits 2
        return 2
    return int(func(inner) or 0)


def add_exercises(sub) -> None:
    # --help goes on to the exercises' own parser, which lists its subcommands (list, build, handout)
    p = sub.add_parser("exercises", add_help=False,
                       help="classroom exercises: list them, rebuild the notebooks, or write the student handout "
                            "(list, build, handout)")
    p.add_argument("-h", "--help", dest="exercises_help", action="store_true",
                   help="list the exercises subcommands and what they do")
    p.add_argument("rest", nargs=argparse.REMAINDER, metavar="{list,build,handout} ...",
                   help="the exercises subcommand and its options")
    p.set_defaults(func=_cmd_exercises)
