"""Legends and notes of the plots: below the axes, never beside the data; a note when the data are sparse.

:func:`legend_below` puts an Axes' legend under its tick labels, as wide as
the figure at most (as many columns as fit, long entries wrapped), so that it
takes height, never the data's width (issue 25: a legend to the right took
half of a one-column figure). :func:`sparse_note` says when most periods hold
too few documents and names a coarser period; :func:`add_note` adds such a
line to the legend.
"""

from __future__ import annotations

import textwrap

import matplotlib as mpl
import matplotlib.transforms as mtransforms
import numpy as np

from .periods import freq_name

__all__ = ["legend_below", "fit_labels", "sparse_note", "add_note"]


def legend_below(ax):
    """The legend below the axes (under the tick labels), across its width, where it cannot cover the data.

    Below, it takes height rather than width, so even long labels never squeeze the data (issue 25: a legend
    to the right took half of a one-column figure). Columns are as many as fit the figure's width.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(3.5, 2.2), layout="constrained")
    >>> _ = ax.plot([0, 1], [0, 1], label="a rather long label for a line, " * 3)
    >>> legend_below(ax)
    >>> fig.canvas.draw()
    >>> bool(ax.get_legend().get_window_extent().y1 <= ax.get_window_extent().y0)
    True
    >>> plt.close(fig)
    """
    handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return
    # lines first (the data), then bands and events, then notes (invisible handles)
    order = sorted(range(len(handles)), key=lambda i: (handles[i].get_gid() == "note",
                                                       not isinstance(handles[i], mpl.lines.Line2D)
                                                       or handles[i].get_gid() == "event"))
    handles, labels = [handles[i] for i in order], [labels[i] for i in order]
    tick = mpl.font_manager.FontProperties(size=mpl.rcParams["xtick.labelsize"]).get_size_in_points()
    # below the tick labels and the date axis' offset line (ConciseDateFormatter), and any x label
    drop = mpl.rcParams["xtick.major.size"] + mpl.rcParams["xtick.major.pad"] + 2.5 * tick + 2
    if ax.get_xlabel():
        drop += 1.3 * mpl.font_manager.FontProperties(size=mpl.rcParams["axes.labelsize"]).get_size_in_points()
    root = ax.get_figure(root=True)
    shift = mtransforms.ScaledTranslation(0, -drop / 72, root.dpi_scale_trans)
    labels, ncols = fit_labels(labels, root.get_figwidth() * 72 * 0.95)
    ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0), bbox_transform=ax.transAxes + shift,
              borderaxespad=0.0, ncols=ncols)


def fit_labels(labels, width: float, max_cols: int = 4) -> tuple[list[str], int]:
    """Legend entries that fit ``width`` points: ``(labels, ncols)``, long entries wrapped when that saves rows.

    The most columns whose entries need no wrapping; with more than three rows
    that way, the most columns that hold 28 characters a line, long entries
    wrapped, if that takes fewer rows. Widths are estimated from the legend's
    font size (rcParams).

    Examples
    --------
    >>> fit_labels(["a", "b"], 500)
    (['a', 'b'], 2)
    >>> labels, ncols = fit_labels(["x" * 10] * 5 + ["a long entry " * 8], 500)
    >>> ncols, max(len(line) for t in labels for line in t.split("\\n")) < 104
    (2, True)
    """
    labels = [str(t) for t in labels]
    if not labels:
        return labels, 1
    size = mpl.font_manager.FontProperties(size=mpl.rcParams["legend.fontsize"]).get_size_in_points()
    entry = (mpl.rcParams["legend.handlelength"] + mpl.rcParams["legend.handletextpad"]
             + mpl.rcParams["legend.columnspacing"]) * size
    longest = max(len(t) for t in labels)

    def chars(n):  # characters a line of one of n columns holds
        return max(12, int((width / n - entry) / (0.58 * size)))

    choices = range(1, min(len(labels), max_cols) + 1)
    whole = max([n for n in choices if chars(n) >= longest] or [1])  # the most columns with no label wrapped
    wrapped = max([n for n in choices if chars(n) >= min(longest, 28)] or [1])  # ... with long labels wrapped
    rows = -(-len(labels) // whole)
    ncols = wrapped if rows > 3 and -(-len(labels) // wrapped) < rows else whole
    return [textwrap.fill(t, chars(ncols), break_on_hyphens=False) if len(t) > chars(ncols) else t
            for t in labels], ncols


_COARSER = {"day": "week", "week": "month", "month": "quarter", "quarter": "year"}


def sparse_note(n_docs, freq, min_docs: int = 5) -> str | None:
    """A note when most periods hold fewer than ``min_docs`` documents (else None), naming a coarser period.

    Sparse real corpora (a hundred articles over eight years, most months with 0-2 documents) make monthly
    shares jump between 0 and 100%: the figures say so in their legend, and the notebooks print it.

    Parameters
    ----------
    n_docs : array-like
        Documents per period, every period of the range (a missing or NaN period holds none).
    freq : str or Period frequency
        The periods' length ("month", "M", ...).
    min_docs : int, default=5
        Fewer documents than this make a period thin.

    Examples
    --------
    >>> sparse_note([0, 1, 2, 9, 0], "month")
    "most months (4 of 5) hold fewer than 5 documents: try freq='quarter'"
    >>> sparse_note([6, 7, 2], "month") is None
    True
    """
    counts = np.nan_to_num(np.asarray(n_docs, dtype=float), nan=0.0)
    thin = int(np.count_nonzero(counts < min_docs))
    if not len(counts) or thin * 2 <= len(counts):
        return None
    name = freq_name(freq)
    advice = f": try freq={_COARSER[name]!r}" if name in _COARSER else ""
    return f"most {name}s ({thin} of {len(counts)}) hold fewer than {min_docs} documents{advice}"


def add_note(ax, text):
    """A line of text in the legend (an invisible handle, drawn last), below the data like the legend itself."""
    if text:
        ax.plot([], [], linestyle="none", marker="none", gid="note", label=text)
