"""Feedback on one answer: :class:`Feedback`, :func:`check`, the checker registry and the answer readers.

Each exercise-set module registers one checker per task with
:func:`checker`; a checker reads the answer with the ``read_*`` helpers
(which raise :class:`FormError` naming the form expected), recomputes the
expected answer from the seed and tells a :class:`Review` what is right,
what is wrong and where to look.
"""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import ParameterError, TermshiftError
from .data import EXERCISES, resolve_seed

__all__ = ["Feedback", "FormError", "Review", "CHECKS", "checker", "check", "sentence_case", "read_int", "read_float",
           "read_seq", "read_month", "read_decade", "read_letter", "close_to"]

@dataclass
class Feedback:
    """What :func:`check` says about one answer.

    Attributes
    ----------
    exercise : str
        The task id.
    status : {"correct", "not yet", "not answered yet"}
    right, wrong : list of str
        What is right and what is wrong about the answer (never the answer itself).
    hint : str
        Where to look next.
    """

    exercise: str
    status: str
    right: list = field(default_factory=list)
    wrong: list = field(default_factory=list)
    hint: str = ""
    _printed: bool = field(default=False, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        """True when the answer is correct."""
        return self.status == "correct"

    def __str__(self) -> str:
        lines = [f"{self.exercise} ({EXERCISES[self.exercise]}): {self.status}"]
        lines += [f"  right: {r}" for r in self.right]
        lines += [f"  wrong: {w}" for w in self.wrong]
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        return "\n".join(lines)

    def _ipython_display_(self):
        # check() has just printed this feedback; showing the returned value
        # again at the end of the cell would print it twice.
        if self._printed:
            self._printed = False
        else:
            _write(self)


def _write(feedback) -> None:
    # one write, so a kernel sends the feedback as one stream output (print writes the text and the
    # newline separately, and a flush in between splits the cell's output in two)
    sys.stdout.write(f"{feedback}\n")


class FormError(Exception):
    """The answer does not have the expected form; the message says which form."""


class Review:
    """What a checker found: right and wrong parts of an answer, and hints (first two shown)."""

    def __init__(self):
        self.right, self.wrong, self.hints = [], [], []

    def good(self, message):
        self.right.append(message)

    def bad(self, message, hint=None):
        self.wrong.append(message)
        if hint and hint not in self.hints:
            self.hints.append(hint)

    def hint(self, message):
        if message not in self.hints:
            self.hints.append(message)


#: Task id -> checker ``fn(review, answer, seed)``, filled by :func:`checker`.
CHECKS: dict = {}


def checker(task):
    """Register the decorated function as the checker of ``task``."""

    def register(fn):
        CHECKS[task] = fn
        return fn
    return register


_PLAIN_WORD = re.compile(r"[a-z]+[,:;]?")
_ASSIGNMENT = re.compile(r"\S+\s*=(?!=)")


def sentence_case(hint: str) -> str:
    """``hint`` with a capital first letter, unless it starts with code (a name keeps its case).

    Only a plain lowercase word is capitalised: ``ts.count_terms(...)``,
    ``r.change_period``, ``kwic(...)`` or ``lines = ...`` stay as written.

    Examples
    --------
    >>> sentence_case("that counts documents"), sentence_case("ts.count_terms(corpus, terms) counts")
    ('That counts documents', 'ts.count_terms(corpus, terms) counts')
    >>> sentence_case("lines = ts.kwic(corpus, terms, 'cs')"), sentence_case("shift(corpus, ...) dates it")
    ("lines = ts.kwic(corpus, terms, 'cs')", 'shift(corpus, ...) dates it')
    """
    first = hint.split(" ", 1)[0]
    if _PLAIN_WORD.fullmatch(first) and not _ASSIGNMENT.match(hint):
        return hint[:1].upper() + hint[1:]
    return hint


def check(exercise: str, answer, seed=None, *, quiet: bool = False) -> Feedback:
    """Check one answer: print and return what is right, what is wrong, and a hint.

    The expected answer is recomputed from the exercise data of ``seed``
    (never stored, never shown). An answer left as ``None`` or ``...`` gets
    "not answered yet" feedback, so a notebook as handed out runs top to bottom.

    Parameters
    ----------
    exercise : str
        A task id from :data:`EXERCISES`.
    answer : object
        The answer, in the form the task asks for.
    seed : int, optional
        Default: :func:`course_seed` -- the seed the exercise data were built with.
    quiet : bool, default=False
        Return the feedback without printing it.

    Returns
    -------
    Feedback

    Examples
    --------
    >>> fb = check("change.p_value", ..., quiet=True)
    >>> fb.status, fb.ok
    ('not answered yet', False)
    """
    if exercise not in EXERCISES:
        raise ParameterError([f"{exercise!r} is not an exercise id; the ids are: {', '.join(EXERCISES)}"])
    seed = resolve_seed(seed)
    if answer is None or answer is Ellipsis:
        fb = Feedback(exercise, "not answered yet",
                      hint="replace the ... with your answer (see the task above), then run the cell again")
    else:
        review = Review()
        try:
            CHECKS[exercise](review, answer, seed)
        except FormError as form:
            review.bad(f"your answer cannot be read: {form}", "give the answer in the form the task asks for")
        except TermshiftError as err:
            review.bad("your answer cannot be used: " + " / ".join(err.problems),
                       "fix what the message says, then run the cell again")
        except (TypeError, ValueError, KeyError, IndexError, AttributeError) as err:
            review.bad(f"your answer cannot be read ({type(err).__name__}: {err})",
                       "give the answer in the form the task asks for")
        if review.wrong:
            hint = " ".join(sentence_case(h) for h in review.hints[:2])
            fb = Feedback(exercise, "not yet", review.right, review.wrong, hint)
        else:
            fb = Feedback(exercise, "correct", review.right or ["all parts of your answer are right"])
    if not quiet:
        _write(fb)
        fb._printed = True
    return fb


# ----------------------------------------------------------------------------- reading answers
# Each reader returns the answer in a canonical form or raises FormError saying which form is expected.


def read_int(value, what) -> int:
    if isinstance(value, bool):
        raise FormError(f"{what}: give a whole number, not True/False")
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    raise FormError(f"{what}: give a whole number")


def read_float(value, what) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                pass
        raise FormError(f"{what}: give a number")
    v = float(value)
    if math.isnan(v):
        raise FormError(f"{what}: your number is NaN (a period without documents?)")
    return v


def read_seq(value, n, what) -> list:
    if isinstance(value, pd.Series):
        value = value.tolist()
    if isinstance(value, np.ndarray):
        value = value.ravel().tolist()
    if not isinstance(value, (list, tuple)) or len(value) != n:
        raise FormError(f"give {what}")
    return list(value)


def read_month(value, what="the month") -> str:
    if isinstance(value, pd.Period):
        value = str(value.asfreq("M")) if value.freqstr.startswith("M") else str(value)
    elif isinstance(value, (pd.Timestamp, np.datetime64)):
        value = str(pd.Timestamp(value).to_period("M"))
    if not isinstance(value, str):
        raise FormError(f"{what}: give a period string such as '2019-03'")
    s = value.strip()
    if re.fullmatch(r"\d{4}-\d{1,2}", s):
        return str(pd.Period(s, "M"))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        raise FormError(f"{what}: give the month as 'YYYY-MM', not a day")
    if re.fullmatch(r"\d{4}Q\d", s, re.IGNORECASE):
        raise FormError(f"{what}: that is a quarter; the task asks for a month ('YYYY-MM', freq='month')")
    raise FormError(f"{what}: give a period string such as '2019-03'")


def read_decade(value) -> int:
    m = re.fullmatch(r"\s*(\d{4})s?\s*", str(value)) if isinstance(value, (str, int, np.integer)) else None
    if m is None or isinstance(value, bool):
        raise FormError("give the decade as its first year, e.g. 1870 (or '1870s')")
    year = int(m.group(1))
    if year % 10:
        raise FormError("that is a year, not a decade: give the decade's first year, e.g. 1870 for the 1870s")
    return year


def read_letter(value, n=4) -> str:
    s = str(value).strip().strip("()").strip().lower() if isinstance(value, str) else None
    letters = "abcdefgh"[:n]
    if not s or len(s) != 1 or s not in letters:
        raise FormError(f"give one letter ({', '.join(letters)})")
    return s


def close_to(a, b, abs_tol, rel_tol=0.0) -> bool:
    """``math.isclose`` with an absolute tolerance first."""
    return math.isclose(a, b, abs_tol=abs_tol, rel_tol=rel_tol)

