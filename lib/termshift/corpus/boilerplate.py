"""Boilerplate lines: the all-capital cross-promotion lines of scraped news, set aside by the loader.

The loader's option ``boilerplate=`` ("caps", a function ``line -> bool``, or None) chooses the test
(:func:`boilerplate_detector`); :func:`split_boilerplate` sets the lines aside (they are kept in the
``boilerplate`` column, never dropped silently).
"""

from __future__ import annotations

from ..errors import ParameterError

__all__ = ["is_boilerplate_line", "boilerplate_detector", "split_boilerplate"]


def is_boilerplate_line(line: str) -> bool:
    """True for an all-capital cross-promotion line of four or more words.

    Scraped news carries headlines of other stories ("NORTH KOREA TEST LAUNCHES
    BALLISTIC MISSILE ...") and calls to action ("CLICK HERE TO GET THE FOX
    NEWS APP") between the paragraphs of an article. They are recognised as
    lines whose cased letters are all capitals and that hold at least four
    words. Short capitalised lines (acronyms, "NATO") are kept.

    Examples
    --------
    >>> is_boilerplate_line("CLICK HERE TO GET THE FOX NEWS APP")
    True
    >>> is_boilerplate_line("NATO AND JAPAN")
    False
    >>> is_boilerplate_line("Kishida said the JSDF would act.")
    False
    """
    return line.isupper() and len(line.split()) >= 4


def boilerplate_detector(boilerplate):
    """The line test for ``boilerplate=`` ("caps", a callable, or None for none)."""
    if callable(boilerplate):
        return boilerplate
    if isinstance(boilerplate, str) and boilerplate == "caps":
        return is_boilerplate_line
    if boilerplate is None or boilerplate is False:
        return None
    raise ParameterError([f"boilerplate={boilerplate!r}: use 'caps', None or a function line -> bool"])


def split_boilerplate(body: str, detect) -> tuple[str, list[str]]:
    """The body without boilerplate lines, and those lines.

    A text written entirely in capitals (a telegram, an old wire story) is not
    boilerplate: capital lines are only set aside when they are the minority.

    Examples
    --------
    >>> split_boilerplate("One.\\nCLICK HERE TO GET THE APP\\nTwo.", is_boilerplate_line)
    ('One.\\nTwo.', ['CLICK HERE TO GET THE APP'])
    """
    if detect is None:
        return body, []
    lines = body.split("\n")
    if detect is is_boilerplate_line and not any(map(str.isupper, lines)):  # the usual case, tested in C
        return body, []
    flagged = [i for i, line in enumerate(lines) if detect(line)]
    if not flagged:
        return body, []
    nonblank = sum(1 for line in lines if line.strip())
    if 2 * len(flagged) >= nonblank:
        return body, []
    drop = set(flagged)
    kept = "\n".join(line for i, line in enumerate(lines) if i not in drop)
    return kept, [lines[i].strip() for i in flagged]
