"""Argument checks shared by every public function: one home, one wording.

Each ``check_*`` either returns the cleaned value or appends one line per
problem to ``problems`` (when given) so a caller can report every problem at
once, then call :func:`raise_problems`. A ``bool`` is never accepted where a
number is asked for (``top=True`` is a mistake, not ``top=1``).
"""

from __future__ import annotations

import numbers
import warnings

import numpy as np

from .errors import ParameterError

__all__ = ["check_corpus", "check_random_state", "renamed_random_state", "check_int", "check_ci", "check_ngram_range",
           "check_choice", "raise_problems", "is_int"]


def raise_problems(problems, header=None) -> None:
    """Raise one :class:`ParameterError` listing every problem, if there are any."""
    if problems:
        raise ParameterError(problems, header=header)


def _collect(problem, problems):
    if problems is None:
        raise ParameterError([problem])
    problems.append(problem)


def is_int(value) -> bool:
    """True for an integer that is not a bool (numpy integers included).

    >>> is_int(3), is_int(True), is_int(3.0)
    (True, False, False)
    """
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def check_int(name, value, minimum=None, *, allow_none=False, problems=None):
    """``value`` if it is a whole number >= ``minimum`` (None allowed when ``allow_none``).

    >>> check_int("top", 5, 1)
    5
    >>> check_int("top", True, 1)
    Traceback (most recent call last):
    ...
    termshift.errors.ParameterError: top=True: give a whole number >= 1
    """
    if value is None and allow_none:
        return None
    if not is_int(value) or (minimum is not None and value < minimum):
        bound = f" >= {minimum}" if minimum is not None else ""
        extra = ", or None" if allow_none else ""
        _collect(f"{name}={value!r}: give a whole number{bound}{extra}", problems)
        return value
    return int(value)


def check_ci(ci, problems=None):
    """``ci`` if it is a confidence level strictly between 0 and 1."""
    if isinstance(ci, (bool, np.bool_)) or not isinstance(ci, numbers.Real) or not 0 < ci < 1:
        _collect(f"ci={ci!r}: give a confidence level between 0 and 1, e.g. 0.95", problems)
    return ci


def check_ngram_range(ngram_range, problems=None):
    """``(min_n, max_n)`` with ``1 <= min_n <= max_n``, as a tuple."""
    if (not isinstance(ngram_range, (tuple, list)) or len(ngram_range) != 2
            or not all(is_int(n) and n >= 1 for n in ngram_range) or ngram_range[0] > ngram_range[1]):
        _collect(f"ngram_range={ngram_range!r}: give (min_n, max_n) with 1 <= min_n <= max_n, e.g. (1, 2)",
                 problems)
        return ngram_range
    return (int(ngram_range[0]), int(ngram_range[1]))


def check_choice(name, value, choices, problems=None):
    """``value`` if it is one of ``choices``."""
    if not isinstance(value, str) or value not in choices:
        _collect(f"{name}={value!r}: use one of {', '.join(map(repr, choices))}", problems)
    return value


def renamed_random_state(random_state, old, old_name: str, function: str):
    """``random_state``, or the value given under its old name (``seed=``, ``rng=``) with a
    :class:`FutureWarning` (shown to notebook users, unlike DeprecationWarning); the old name
    works for this release only.

    >>> import warnings
    >>> renamed_random_state(3, None, "seed", "f")
    3
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     renamed_random_state(0, 7, "seed", "sample_matches")
    7
    >>> str(caught[0].message)
    'sample_matches(seed=...) is deprecated and will be removed in the next release; use random_state=...'
    """
    if old is None:
        return random_state
    warnings.warn(f"{function}({old_name}=...) is deprecated and will be removed in the next release; "
                  "use random_state=...", FutureWarning, stacklevel=3)
    return old


def check_random_state(random_state) -> np.random.Generator:
    """A numpy Generator from a non-negative int seed (a Generator is used as is).

    The same seed gives the same draws, hence the same output bytes.

    >>> int(check_random_state(0).integers(10)) == int(check_random_state(0).integers(10))
    True
    """
    if isinstance(random_state, np.random.Generator):
        return random_state
    if is_int(random_state) and random_state >= 0:
        return np.random.default_rng(int(random_state))
    raise ParameterError([f"random_state={random_state!r}: give a non-negative int seed (or a numpy Generator); "
                          "the same seed gives the same result"])


def check_corpus(corpus) -> None:
    """Raise one ParameterError naming every unusable row (missing date, non-text)."""
    import pandas as pd

    if type(corpus).__module__.split(".")[0] in ("dask", "dask_expr"):
        raise ParameterError(["a dask.dataframe corpus: count_terms, document_counts, rates, share, shift and "
                              "trend count it where its partitions live; this function needs the texts in memory "
                              "(its vocabulary spans every document): call it on corpus.compute(), or on a "
                              "sample (corpus.sample(frac=0.1, random_state=0).compute())"])
    if isinstance(corpus, str):
        raise ParameterError(["a corpus DataFrame is expected, string received; load it with termshift.load_corpus"])
    missing = [c for c in ("doc_id", "date", "text") if c not in getattr(corpus, "columns", [])]
    if missing:
        raise ParameterError([f"the corpus has no column(s) {', '.join(missing)}; load it with termshift.load_corpus"])
    problems = []
    try:
        dates = pd.to_datetime(corpus["date"])
    except (ValueError, TypeError, OverflowError) as e:
        raise ParameterError([f"the corpus dates cannot be read as dates ({e}); build the frame with "
                              "termshift.from_frame, which checks every date"]) from None
    for i in np.flatnonzero(dates.isna().to_numpy())[:10]:
        problems.append(f"row {i} ({corpus['doc_id'].iloc[i]}): no date; give every document a date "
                        "(termshift.from_frame checks them)")
    not_text = np.flatnonzero([not isinstance(t, str) for t in corpus["text"]])
    for i in not_text[:10]:
        value = corpus["text"].iloc[i]
        what = "no text" if value is None or (isinstance(value, float) and np.isnan(value)) \
            else f"text is {type(value).__name__}, not a string"
        problems.append(f"row {i} ({corpus['doc_id'].iloc[i]}): {what}; fill it in or drop the row")
    raise_problems(problems, header=f"{len(problems)} unusable row(s) in the corpus:")
