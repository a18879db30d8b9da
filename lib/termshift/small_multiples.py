"""Small multiples per group: one panel per outlet (or any ``by=`` group), one legend for the figure.

:func:`plot_by_group` splits a tidy table with group columns (the output of
``share(..., by=...)``, ``rates(..., by=...)``) or a
:class:`~termshift.stats.GroupShiftResult` into one panel per group, draws each
with a plot function of :mod:`termshift.plots` (:func:`~termshift.plots.plot_contest`
by default), shares the axes so the panels compare at a glance, titles each
panel with its group and, given the result of ``shift(..., by=...)``, its change
period, and replaces the panels' legends by one legend for the figure. Like
every plot function it never counts, shows or saves. :func:`termshift.plots.plot_by_group`
calls it with :func:`~termshift.plots.plot_contest` as the default ``plot`` (this module
sits below :mod:`termshift.plots` and never imports it).

Examples
--------
>>> import matplotlib.pyplot as plt
>>> import pandas as pd
>>> share = pd.DataFrame({"outlet": ["North"] * 3 + ["South"] * 3,
...                       "period": ["2022-01", "2022-02", "2022-03"] * 2,
...                       "count_a": [1, 5, 9, 1, 1, 8], "count_b": [9, 5, 1, 9, 9, 2],
...                       "share": [0.1, 0.5, 0.9, 0.1, 0.1, 0.8]})
>>> from termshift.plots import plot_contest
>>> axes = plot_by_group(share, plot_contest, by="outlet", label_a="Counterstrike")
>>> [ax.get_title(loc="left") for ax in axes], len(axes[0].figure.legends)
(['North', 'South'], 1)
>>> plt.close("all")
"""

from __future__ import annotations

import re
from contextlib import nullcontext

import numpy as np
import pandas as pd

from ._validation import check_int, raise_problems
from .errors import ParameterError
from .legends import fit_labels
from .style import WIDTHS, figure, use_style

__all__ = ["plot_by_group", "group_titles"]

_ROW_HEIGHT = 1.8  # inches per row of panels
_LEGEND_HEIGHT = 0.6  # inches for the legend under the panels
_CHANGE_LABEL = "change period (in each title)"


def _by_columns(by, data, changes):
    """The group columns: ``by``, else the ones the table or the result was made with."""
    if by is None:
        by = getattr(changes, "by", None) or getattr(data, "attrs", {}).get("by")
    if by is None:
        raise ParameterError(["by: name the group column(s) (e.g. by='outlet'), or pass a table made with by="])
    by = [by] if isinstance(by, str) else list(by)
    if not by or not all(isinstance(c, str) for c in by):
        raise ParameterError([f"by={by!r}: give a column name or a list of column names"])
    return by


def _key(values):
    return values[0] if len(values) == 1 else tuple(values)


def _group_text(key) -> str:
    return " / ".join(map(str, key)) if isinstance(key, tuple) else str(key)


def _panels(data, by, changes):
    """[(group key, its table)] in the order of the data (GroupShiftResult: its groups' own tables)."""
    if hasattr(data, "results") and hasattr(data, "keys"):
        return list(zip(data.keys(), (r.table for r in data.results)))
    if not isinstance(data, pd.DataFrame):
        raise ParameterError([f"data: a tidy table with group columns or the result of shift(..., by=) is expected, "
                              f"{type(data).__name__} received"])
    missing = [c for c in by if c not in data.columns]
    if missing:
        raise ParameterError([f"by: no column(s) {', '.join(missing)} in the table (has "
                              f"{', '.join(map(str, data.columns))}); make it with by= (share, rates, count_terms)"])
    if data.empty:
        raise ParameterError(["data: no rows to plot"])
    keys = [_key(row) for row in data[by].itertuples(index=False)]
    order = list(dict.fromkeys(keys))
    rows = pd.Series(keys, index=data.index, dtype=object)
    return [(k, data[(rows == k).to_numpy()]) for k in order]


def group_titles(keys, changes=None) -> list[str]:
    """Panel titles: the group, and with the result of ``shift(..., by=)`` its change period and its interval.

    Parameters
    ----------
    keys : sequence
        Group values (tuples for several ``by`` columns).
    changes : GroupShiftResult, optional
        A group with a result reads ``"<group>: change <period>, 95% interval [<low>, <high>]"``; one
        whose test is not significant (``p_value`` above ``1 - ci``) reads ``"<group>: no significant
        change (p = ...; best split <period>)"``, with no interval; a group it skipped says why; a group
        it does not know says "no change point".

    Returns
    -------
    list of str

    Examples
    --------
    >>> group_titles(["North", ("South", "en")])
    ['North', 'South / en']
    """
    titles = []
    results = dict(zip(changes.keys(), changes.results)) if changes is not None else {}
    skipped = {k if not isinstance(k, list) else tuple(k): v for k, v in getattr(changes, "skipped", {}).items()}
    for key in keys:
        text = _group_text(key)
        if changes is None:
            titles.append(text)
        elif key in results:
            r = results[key]
            interval = ""
            p = getattr(r, "p_value", None)
            if p is not None and np.isfinite(p) and p > 1 - r.ci:  # no set for a change the test does not show
                titles.append(f"{text}: no significant change (p = {p:.3f}; best split {r.change_period})")
                continue
            if r.change_period_low is not None and r.change_period_high is not None:
                interval = f", {r.ci:.0%} interval [{r.change_period_low}, {r.change_period_high}]"
            titles.append(f"{text}: change {r.change_period}{interval}")
        elif key in skipped or str(key) in skipped:
            titles.append(f"{text}: no change point ({skipped.get(key, skipped.get(str(key)))})")
        else:
            titles.append(f"{text}: no change point")
    return titles


def _shared_legend(fig, axes, merge_changes):
    """Remove each panel's legend and give the figure one, listing every distinct entry once."""
    entries: dict = {}
    for ax in axes:
        handles, labels = ax.get_legend_handles_labels()
        for handle, label in zip(handles, labels):
            label = label.replace("\n", " ")  # a panel's legend may have wrapped it
            if merge_changes and label.startswith("change: "):
                label = _CHANGE_LABEL
            if handle.get_gid() == "note":  # one sparse-data note for all panels, not one per panel
                label = re.sub(r" \(\d+ of \d+\)", "", label)
            entries.setdefault(label, handle)
        if ax.get_legend() is not None:
            ax.get_legend().remove()
    if entries:  # notes last; no wider than the figure
        order = sorted(entries, key=lambda label: entries[label].get_gid() == "note")
        root = fig.get_figure(root=True) if hasattr(fig, "get_figure") else fig
        labels, ncols = fit_labels(order, root.get_figwidth() * 72 * 0.95, max_cols=3)
        fig.legend([entries[label] for label in order], labels, loc="outside lower center", ncols=ncols)


def plot_by_group(data, plot, *, by=None, changes=None, ncols=1, sharey=True, fig=None, **kwargs):
    """Small multiples: one panel per group, drawn by ``plot``, with shared axes and one legend.

    Parameters
    ----------
    data : DataFrame or GroupShiftResult
        A tidy table with the group column(s) (``share(..., by=...)``,
        ``rates(..., by=...)``), split into one table per group; or the result
        of ``shift(..., by=...)``, each group drawn from its own share table
        (and its change, unless ``changes`` says otherwise).
    plot : callable
        A plot function of :mod:`termshift.plots` (:func:`termshift.plots.plot_by_group`
        defaults it to :func:`~termshift.plots.plot_contest`). Draws one group's
        table: ``plot(table, ax=ax, **kwargs)``, plus
        ``change=`` the group's :class:`~termshift.stats.ShiftResult` when
        ``changes`` has one (so it must accept ``change=`` then).
    by : str or list of str, optional
        The group column(s); default: the ``by`` of ``changes`` or of the
        table (``data.attrs["by"]``).
    changes : GroupShiftResult, optional
        Each group's change period, marked in its panel and written in its
        title (with its 95% interval); a group without a result says why.
        Default: ``data`` when it is a GroupShiftResult.
    ncols : int, default=1
        Panels per row (groups fill rows left to right).
    sharey : bool, default=True
        Share the value axis (the time axis is always shared).
    fig : Figure or SubFigure, optional
        Where to draw (default: a new two-column figure in the termshift style).
    **kwargs
        Passed to ``plot`` (``label_a=``, ``label_b=``, ``families=`` ...).

    Returns
    -------
    ndarray of Axes
        One per group, in the order of the data; ``axes[0].figure`` is the figure.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import pandas as pd
    >>> from termshift.plots import plot_trajectory
    >>> rates = pd.DataFrame({"outlet": ["N", "N", "S", "S"], "period": ["2022-01", "2022-02"] * 2,
    ...                       "family": "cs", "label": "Counterstrike", "per_10k": [1.0, 2.0, 3.0, 1.0]})
    >>> axes = plot_by_group(rates, plot_trajectory, by="outlet", ncols=2)
    >>> axes.shape, [t.get_text() for t in axes[0].figure.legends[0].get_texts()]
    ((2,), ['Counterstrike'])
    >>> plt.close("all")
    """
    if changes is None and hasattr(data, "results") and hasattr(data, "keys"):
        changes = data
    if changes is not None and not (hasattr(changes, "results") and hasattr(changes, "keys")):
        raise ParameterError([f"changes: the result of shift(..., by=) is expected, {type(changes).__name__} received"])
    problems: list[str] = []
    check_int("ncols", ncols, 1, problems=problems)
    if not callable(plot):
        problems.append(f"plot={plot!r}: give a plot function of termshift.plots (e.g. plots.plot_trajectory)")
    raise_problems(problems)
    by = _by_columns(by, data, changes)
    panels = _panels(data, by, changes)
    results = dict(zip(changes.keys(), changes.results)) if changes is not None else {}
    unknown = [k for k in results if k not in {key for key, _ in panels}]
    if unknown:
        raise ParameterError([f"changes: group {_group_text(k)!r} has a change but no rows in the table; pass the "
                              "table and the result made with the same by=" for k in unknown])
    ncols = min(int(ncols), len(panels))
    nrows = int(np.ceil(len(panels) / ncols))
    size = (WIDTHS["two"], round(_LEGEND_HEIGHT + _ROW_HEIGHT * nrows, 3))
    with nullcontext() if fig is not None else use_style():
        if fig is None:
            fig = figure(width=size[0], aspect=size[1] / size[0])
        grid = fig.subplots(nrows, ncols, squeeze=False, sharex=True, sharey=sharey)
        axes = grid.ravel()
        for ax, (key, table), title in zip(axes, panels, group_titles([k for k, _ in panels], changes)):
            extra = {"change": results[key]} if key in results else {}
            plot(table, ax=ax, **extra, **kwargs)
            ax.set_title(title, loc="left")
        for i, ax in enumerate(axes[len(panels):], start=len(panels)):
            fig.delaxes(ax)
            axes[i - ncols].tick_params(axis="x", labelbottom=True)  # nothing below it now
        ylabel = axes[0].get_ylabel()
        if sharey and ylabel and all(ax.get_ylabel() in (ylabel, "") for ax in axes[:len(panels)]):
            for ax in axes[:len(panels)]:
                ax.set_ylabel("")
            fig.supylabel(ylabel, fontsize=axes[0].yaxis.label.get_fontsize())  # one label for the shared axis
        _shared_legend(fig, axes[:len(panels)], merge_changes=changes is not None)
    return axes[:len(panels)]
