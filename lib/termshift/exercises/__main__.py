"""The exercises' command line: ``python -m termshift.exercises {list,build,handout}``.

:func:`add_subcommands` adds the ``list``, ``build`` and ``handout`` subcommands to any
parser, so the main command line offers the same as ``termshift exercises``.
"""

from __future__ import annotations

import argparse
import sys

from ..errors import TermshiftError
from .data import EXERCISES, SEED_ENV, SETS, course_seed
from .notebooks import build_handout, build_notebooks

__all__ = ["add_subcommands", "main", "list_exercises", "build", "handout"]


def list_exercises(args=None) -> int:
    """Print the course seed, then each exercise set and its task ids with their titles."""
    print(f"course seed: {course_seed()} (set {SEED_ENV} to change it)")
    for name, title in SETS.items():
        print(f"{name}: {title}")
        for task, task_title in EXERCISES.items():
            if task.split(".", 1)[0] == name:
                print(f"  {task:24s} {task_title}")
    return 0


def build(args) -> int:
    """Rewrite the student notebooks and every paired ``.ipynb``; print the paths written."""
    for path in build_notebooks(getattr(args, "root", None)):
        print(path)
    return 0


def handout(args) -> int:
    """Write the student handout (folder and zip, no solutions); print the two paths."""
    for path in build_handout(args.out, getattr(args, "root", None), wheel=getattr(args, "wheel", None)):
        print(path)
    return 0


def add_subcommands(parser: argparse.ArgumentParser) -> None:
    """Add the subcommands ``list``, ``build`` and ``handout`` to ``parser``.

    Each sets ``func`` (called with the parsed arguments, returns the exit
    status); the chosen name is in ``exercises_command``.

    Examples
    --------
    >>> parser = argparse.ArgumentParser(prog="termshift exercises")
    >>> add_subcommands(parser)
    >>> args = parser.parse_args(["build", "--root", "notebooks"])
    >>> args.exercises_command, args.root, args.func is build
    ('build', 'notebooks', True)
    """
    sub = parser.add_subparsers(dest="exercises_command", metavar="{list,build,handout}", required=True)
    lister = sub.add_parser("list", help="list the exercise sets, task ids and titles",
                            description="List the exercise sets, their task ids and titles, and the course seed.")
    lister.set_defaults(func=list_exercises)
    builder = sub.add_parser("build", help="rewrite notebooks/exercises and every .ipynb from "
                                           "notebooks/solutions/*.py",
                             description="Rewrite the student notebooks (exercises/NAME.py) and every paired "
                                         ".ipynb, without outputs, from the solution sources solutions/NAME.py.")
    builder.add_argument("--root", help="the notebooks folder holding solutions/ and exercises/ "
                                        "(default: the project's)")
    builder.set_defaults(func=build)
    giver = sub.add_parser("handout", help="write the student handout (a folder and a zip, no solutions)",
                           description="Write OUT/termshift-exercises/ (each student notebook as .ipynb and a "
                                       "README) and OUT/termshift-exercises.zip with the same files, from the "
                                       "solution sources; no solutions, no instructor guide. The same sources give "
                                       "the same zip, byte for byte.")
    giver.add_argument("--out", "-o", required=True, help="folder to write the handout into")
    giver.add_argument("--root", help="the notebooks folder holding solutions/ (default: the project's)")
    giver.add_argument("--wheel", help="a termshift wheel to put in the handout; its README then names the one "
                                       "command that installs it (make handout builds and passes it)")
    giver.set_defaults(func=handout)


def main(argv=None) -> int:
    """Run ``python -m termshift.exercises``; returns the exit status (0 ok, 2 bad input).

    Examples
    --------
    >>> main(["list"])  # doctest: +ELLIPSIS
    course seed: ...
    load: Load a dated corpus and read its report
      load.totals              Files loaded, skipped and ignored
    ...
    0
    """
    parser = argparse.ArgumentParser(prog="python -m termshift.exercises",
                                     description="Classroom exercises: list them, rebuild the notebooks, or write "
                                                 "the student handout.")
    add_subcommands(parser)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except TermshiftError as err:
        lines = str(err).splitlines()
        print(f"{parser.prog} {args.exercises_command}: error: {lines[0]}", file=sys.stderr)
        for line in lines[1:]:
            print(line, file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
