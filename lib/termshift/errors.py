"""Errors raised on bad input.

Every error carries one line per problem, each naming the file (or row, or
family) and what to do about it, so that a command-line user sees all the
problems at once instead of fixing them one run at a time.
"""

from __future__ import annotations

__all__ = ["TermshiftError", "CorpusError", "TermsError", "ParameterError"]


class TermshiftError(ValueError):
    """Bad input; ``problems`` lists one line per problem.

    Parameters
    ----------
    problems : list of str
        One self-contained line per problem ("where: what is wrong; what to do").
    header : str, optional
        A first line that says what failed overall.

    Examples
    --------
    >>> err = TermshiftError(["a.txt: empty file; add text or remove it"], header="1 bad file")
    >>> print(err)
    1 bad file
      a.txt: empty file; add text or remove it
    """

    def __init__(self, problems, header=None):
        if isinstance(problems, str):
            problems = [problems]
        self.problems = list(problems)
        self.header = header
        super().__init__(str(self))

    def __str__(self):
        if self.header is None:
            return "\n".join(self.problems)
        return "\n".join([self.header] + ["  " + p for p in self.problems])


class CorpusError(TermshiftError):
    """A corpus file or row could not be loaded."""


class TermsError(TermshiftError):
    """A term-family file is malformed or a term can never match."""


class ParameterError(TermshiftError):
    """A function or command was called with an unusable argument."""
