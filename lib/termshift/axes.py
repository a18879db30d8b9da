"""The Axes and Figure of every plot, and what the plot functions share about them.

A plot function takes ``ax=`` (or ``fig=``) and draws on it; given None, it
makes a new styled one (:func:`axes_or_new`, :func:`figure_or_new`, in the
project's style, closed again if drawing fails). :func:`require_columns` checks
the table a plot is given, naming the function that makes it;
:func:`date_axis` and :func:`ratio_axis` format the axes of time and shares.
"""

from __future__ import annotations

from contextlib import contextmanager

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import pandas as pd

from .errors import ParameterError
from .style import figsize, use_style

__all__ = ["axes_or_new", "figure_or_new", "require_columns", "date_axis", "ratio_axis"]


@contextmanager
def axes_or_new(ax, size="one", aspect=0.62):
    """Yield ``ax``, or a new styled Axes (drawn on within the style) when it is None."""
    if ax is not None:
        yield ax
        return
    with use_style():
        fig, ax = plt.subplots(figsize=figsize(size, aspect), layout="constrained")
        try:
            yield ax
        except BaseException:
            plt.close(fig)
            raise


@contextmanager
def figure_or_new(fig, size):
    """Yield ``fig``, or a new styled Figure when it is None."""
    if fig is not None:
        yield fig
        return
    with use_style():
        fig = plt.figure(figsize=size, layout="constrained")
        try:
            yield fig
        except BaseException:
            plt.close(fig)
            raise


def require_columns(frame, columns, what, source):
    """Refuse a ``frame`` that is not a DataFrame with ``columns``; the message names ``source``, what makes it."""
    if not isinstance(frame, pd.DataFrame):
        raise ParameterError([f"{what}: a DataFrame is expected, {type(frame).__name__} received; "
                              f"make it with {source}"])
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ParameterError([f"{what}: no column(s) {', '.join(missing)} (has {', '.join(map(str, frame.columns))}); "
                              f"make it with {source}"])


def date_axis(ax):
    locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def ratio_axis(axis):
    axis.set_major_formatter(mticker.PercentFormatter(xmax=1.0, decimals=0))
