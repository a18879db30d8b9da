"""Figures of term shift: each function draws on an Axes and returns it.

Every function takes the data first and ``ax=None`` (or ``fig=None`` for
small multiples); given an Axes it draws there, so panels compose into
multi-panel figures, and when absent it creates one with the termshift style.
Nothing here counts, shows or saves: the corpus views draw the tables of
:mod:`termshift.tables`, and figures are saved with
:func:`termshift.figures.save`. Extra keyword arguments go to each function's
main artist call (``ax.plot``, ``ax.barh``, ...). Periods may be
:class:`pandas.Period` values or their text (``2022-11``, ``2022Q4``).

Fonts and line widths are taken from the settings in force while drawing, so
draw into your own Axes inside ``with use_style():`` (or call
``use_style()`` once at the top of a notebook). The style and the figure
helpers (:data:`STYLE`, :data:`PALETTE`, :func:`use_style`, :func:`figsize`,
:func:`subplots`, :func:`figure`) live in :mod:`termshift.style`, and small
multiples per group in :mod:`termshift.small_multiples` (:func:`plot_by_group`
here draws them with :func:`plot_contest` unless told otherwise); the style is
re-exported here.

Examples
--------
>>> import matplotlib.pyplot as plt
>>> rates = pd.DataFrame({"period": ["2022-10", "2022-11", "2022-12"], "family": "counter",
...                       "label": "Counterstrike", "per_10k": [1.0, float("nan"), 4.0]})
>>> with use_style():
...     fig, (a, b) = plt.subplots(1, 2, figsize=figsize("two"))
...     _ = plot_trajectory(rates, ax=a)
...     _ = plot_trajectory(rates, value="per_10k", rolling=3, ax=b)
>>> [line.get_label() for line in a.get_lines()]
['Counterstrike']
>>> plt.close(fig)
"""

from __future__ import annotations

from pathlib import Path

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd

from . import small_multiples
from .axes import axes_or_new, date_axis, figure_or_new, ratio_axis, require_columns
from .errors import ParameterError
from .legends import add_note, legend_below, sparse_note
from .periods import as_periods, parse_period
from .style import PALETTE, STYLE, WIDTHS, figsize, figure, subplots, use_style
from .tables import dispersion_table, overview_table, pick_families

__all__ = [
    "STYLE",
    "PALETTE",
    "WIDTHS",
    "use_style",
    "figsize",
    "subplots",
    "figure",
    "plot_trajectory",
    "plot_contest",
    "plot_tfidf_heatmap",
    "plot_top_terms",
    "plot_keyness",
    "plot_dispersion",
    "plot_overview",
    "plot_by_group",
    "sparse_note",
]

_VALUES = {"per_10k": "per 10,000 tokens", "doc_share": "share of documents", "tfidf": "tf-idf",
           "count": "matches", "docs": "documents with a match"}
_RATIOS = {"doc_share", "share"}
_EVENT_COLOR = "0.35"
_BAND_ALPHA = 0.2


# ----------------------------------------------------------------------------- helpers


def _timeline(values, what):
    """Periods of a ``period`` column (Period dtype or text): (every period from first to last, each row's)."""
    per_row = as_periods(values, what)
    if len(per_row) == 0:
        raise ParameterError([f"{what}: no rows to plot"])
    if per_row.hasnans:
        raise ParameterError([f"{what}: a row has no period; give every row one"])
    full = pd.period_range(per_row.min(), per_row.max(), freq=per_row.freq)
    return full, per_row.to_numpy()


def _on(full, periods, values, what):
    """Values aligned on every period of ``full`` (NaN where a period has no row)."""
    s = pd.Series(np.asarray(values, dtype=float), index=pd.PeriodIndex(list(periods), freq=full.freq))
    if s.index.has_duplicates:
        dup = s.index[s.index.duplicated()][0]
        raise ParameterError([f"{what}: period {dup} appears more than once; one row per period expected"])
    return s.reindex(full).to_numpy()


def _starts(full):
    return full.start_time.to_numpy()


def _isolated(y):
    """Points whose neighbours are both missing: a line cannot show them, markers do."""
    ok = np.isfinite(y)
    prev = np.r_[False, ok[:-1]]
    nxt = np.r_[ok[1:], False]
    return ok & ~prev & ~nxt


def _family_colors(ids, colors):
    ids = list(ids)
    out = {fid: PALETTE[i % len(PALETTE)] for i, fid in enumerate(ids)}
    if colors is None:
        return out
    if isinstance(colors, dict):
        out.update(colors)
    else:
        out.update(dict(zip(ids, colors)))
    return out


_EVENT_STYLES = [(0, (3, 2)), (0, (1, 1.5)), (0, (5, 1.5, 1, 1.5)), (0, (6, 3))]


def _draw_events(ax, events, lo, hi):
    """A vertical line per event between ``lo`` and ``hi``, named in the legend (never written on the data)."""
    if isinstance(events, (str, Path)):
        from .events import load_events

        events = load_events(events)
    require_columns(events, ["date", "label"], "events", "termshift.events.load_events")
    dates = pd.to_datetime(events["date"])
    inside = (dates >= lo) & (dates <= hi)
    for i, (date, label) in enumerate(zip(dates[inside], events["label"][inside])):
        ax.axvline(np.datetime64(date, "ns"), color=_EVENT_COLOR, linewidth=0.8, zorder=1.5, gid="event",
                   linestyle=_EVENT_STYLES[i % len(_EVENT_STYLES)], label=f"{label} ({date:%Y-%m-%d})")


# ----------------------------------------------------------------------------- trajectories


def plot_trajectory(rates, *, families=None, value="per_10k", band=True, rolling=None, events=None, colors=None,
                    min_docs=5, ax=None, **kwargs):
    """One line per family over time, with its interval band, gaps and dated events.

    Parameters
    ----------
    rates : DataFrame
        One row per period x family: ``period`` (:class:`pandas.Period`, or
        text such as 2022-11, 2022Q4, 2022), ``family``, ``label`` and the ``value``
        column; ``<value>_low`` and ``<value>_high`` when intervals are known
        (as made by :func:`termshift.count_terms`, :func:`termshift.rates`
        or :func:`termshift.family_tfidf`).
    families : list of str, optional
        Family ids to draw, in this order (default: all). Colours follow each
        family's position in ``rates`` so that subsets keep their colours.
    value : str, default="per_10k"
        The column to draw: ``per_10k`` (matches per 10,000 tokens),
        ``doc_share`` (share of documents with a match, drawn as a
        percentage), ``tfidf`` (from :func:`termshift.family_tfidf`) or any
        other numeric column.
    band : bool, default=True
        Shade the interval between ``<value>_low`` and ``<value>_high``,
        except in periods with fewer than two documents (``n_docs`` < 2),
        where a resampling interval has zero width; the legend says so, with
        the level from ``rates.attrs["ci"]`` ("90% interval" for
        ``ci=0.90``; 95% when the table does not say) and the method from
        ``rates.attrs["interval"]``.
    rolling : int, optional
        Draw a centred rolling mean over this many periods, with the raw
        values as faint points behind it.
    events : DataFrame or path, optional
        ``date``, ``label`` (see :func:`termshift.events.load_events`);
        events within the plotted range are drawn as dashed vertical lines.
    colors : dict or list, optional
        Colour per family id (default: :data:`PALETTE` in order).
    min_docs : int, default=5
        When most periods hold fewer documents than this (``n_docs``), the
        legend says so and names a coarser period (:func:`sparse_note`).
    ax : Axes, optional
    **kwargs
        Passed to ``ax.plot`` (each family's line), overriding termshift's defaults
        (``linewidth=2``, ``linestyle='--'``).

    Returns
    -------
    Axes
        Periods without documents (NaN) are gaps in the lines, never
        interpolated; isolated values get a marker.
    """
    if not isinstance(value, str) or value in ("period", "family", "label"):
        raise ParameterError([f"value={value!r}: name a numeric column such as per_10k, doc_share or tfidf"])
    require_columns(rates, ["period", "family", value], "rates", "termshift.count_terms, termshift.stats.rates or "
             "termshift.family_tfidf")
    if rolling is not None and (not isinstance(rolling, (int, np.integer)) or rolling < 1):
        raise ParameterError([f"rolling={rolling!r}: give a window of at least 1 period, or None"])
    available = list(pd.unique(rates["family"]))
    fams = pick_families(available, families, "plot_trajectory")
    color = _family_colors(available, colors)
    labels = (rates.drop_duplicates("family").set_index("family")["label"].to_dict()
              if "label" in rates.columns else {})
    full, row_periods = _timeline(rates["period"], "rates")
    x = _starts(full)
    has_band = band and {f"{value}_low", f"{value}_high"} <= set(rates.columns)
    method = rates.attrs.get("interval") if value == "per_10k" else None
    band_label = f"shaded: {_level(rates)} interval" + (f" ({method})" if method else "")
    with axes_or_new(ax) as ax:
        for fid in fams:
            rows = (rates["family"] == fid).to_numpy()
            sub = rates[rows]

            def on(col, rows=rows, sub=sub, fid=fid):
                return _on(full, row_periods[rows], sub[col], f"rates of family {fid!r}")

            y = on(value)
            label = str(labels.get(fid, fid))
            if has_band:
                lo, hi = on(f"{value}_low").copy(), on(f"{value}_high").copy()
                if "n_docs" in sub.columns:
                    few = ~(on("n_docs") >= 2)
                    if (few & np.isfinite(y)).any():
                        band_label = (f"shaded: {_level(rates)} interval" + (f" ({method})" if method else "")
                                      + " (none where a period has < 2 documents)")
                    lo[few] = hi[few] = np.nan
                ax.fill_between(x, lo, hi, color=color[fid], alpha=_BAND_ALPHA, linewidth=0, label=f"_band {label}")
            if rolling:
                ax.plot(x, y, linestyle="none", marker="o", markersize=2, alpha=0.45, color=color[fid],
                        label=f"_raw {label}")
                smooth = pd.Series(y).rolling(rolling, center=True, min_periods=1).mean().to_numpy(copy=True)
                smooth[~np.isfinite(y)] = np.nan
                y = smooth
            ax.plot(x, y, **{"color": color[fid], "marker": "o", "markersize": 2.5,
                             "markevery": list(_isolated(y)), "label": label, **kwargs})
        bands = [c for c in ax.collections if str(c.get_label()).startswith("_band ")]
        if bands:  # one legend entry for the bands, saying where there is none
            bands[0].set_label(band_label)
        if events is not None:
            _draw_events(ax, events, full[0].start_time, full[-1].end_time)
        if "n_docs" in rates.columns:
            per_period = rates.drop_duplicates("period")
            add_note(ax, sparse_note(_on(full, _timeline(per_period["period"], "rates")[1], per_period["n_docs"],
                                      "rates"), full.freqstr, min_docs))
        date_axis(ax)
        ax.set_ylabel(_VALUES.get(value, value))
        ax.set_ylim(bottom=0)
        if value in _RATIOS:
            ratio_axis(ax.yaxis)
        legend_below(ax)
    return ax


def _level(frame_or_result, default=0.95) -> str:
    """The confidence level of a table (``attrs["ci"]``) or result (``.ci``) as "95%"; ``default`` when unknown."""
    ci = frame_or_result.attrs.get("ci") if isinstance(frame_or_result, pd.DataFrame) else getattr(
        frame_or_result, "ci", None)
    return f"{100 * (default if ci is None else float(ci)):.3g}%"


def _runs(periods):
    """Contiguous runs ``[(first, last), ...]`` of sorted Periods."""
    runs: list = []
    for p in periods:
        if runs and (p - runs[-1][1]).n == 1:
            runs[-1][1] = p
        else:
            runs.append([p, p])
    return [tuple(r) for r in runs]


def _change_period(value, freq):
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        return pd.Timestamp(value).to_period(freq)
    return parse_period(value)


def plot_contest(share, *, change=None, label_a=None, label_b=None, color=None, events=None, min_docs=5, ax=None,
                 **kwargs):
    """The share of framing a in a + b over time, with the change period marked.

    Parameters
    ----------
    share : DataFrame
        One row per period: ``period`` (:class:`pandas.Period` or text), ``count_a``, ``count_b``, ``share``
        (a / (a + b); NaN when both are 0) and, when known, ``share_low``,
        ``share_high`` (the share contest of :mod:`termshift.stats`).
    change : str, Period or result object, optional
        The change period, or an object with attributes ``change_period`` and
        optionally ``change_period_low``, ``change_period_high``,
        ``share_before``, ``share_after`` (a :class:`termshift.stats.ShiftResult`):
        a dashed vertical line at the start of the change period, its
        likelihood confidence set shaded as what it is (``change_set``: one
        span per run of periods, so a set with gaps is drawn with its gaps;
        the level from the result's ``ci``), and the pooled share of each
        regime as a step. When its test is not significant (``p_value``
        above ``1 - ci``), no set is shaded and the line's label says "not
        significant". The share band's level is ``share.attrs["ci"]``.
    label_a, label_b : str, optional
        Names of the two framings for the axis labels.
    color : color, optional
        Line colour (default: the first of :data:`PALETTE`).
    events : DataFrame or path, optional
        ``date``, ``label`` (:func:`termshift.events.load_events`); events
        within the plotted range are drawn as vertical lines, named in the legend.
    min_docs : int, default=5
        When most periods hold fewer documents than this (``n_docs``), the
        legend says so and names a coarser period (:func:`sparse_note`).
    ax : Axes, optional
    **kwargs
        Passed to ``ax.plot`` (the share line), overriding termshift's defaults
        (``linewidth=2``, ``marker='s'``).

    Returns
    -------
    Axes
    """
    require_columns(share, ["period", "share"], "share", "the share contest of termshift.stats")
    full, row_periods = _timeline(share["period"], "share")
    x = _starts(full)
    y = _on(full, row_periods, share["share"], "share")
    a = label_a or "a"
    b = label_b or "b"
    cp = lo = hi = None
    weak = False
    cset: list = []
    if change is not None:
        if isinstance(change, (str, pd.Period, pd.Timestamp, np.datetime64)):
            cp = _change_period(change, full.freq)
        elif hasattr(change, "change_period"):
            cp = _change_period(change.change_period, full.freq)
            p_value, level = getattr(change, "p_value", None), getattr(change, "ci", 0.95)
            weak = p_value is not None and np.isfinite(p_value) and p_value > 1 - level
            if not weak:  # no set is drawn for a change the test does not support
                lo = _change_period(getattr(change, "change_period_low", None), full.freq)
                hi = _change_period(getattr(change, "change_period_high", None), full.freq)
                cset = sorted(_change_period(p, full.freq) for p in (getattr(change, "change_set", None) or []))
        else:
            raise ParameterError([f"change={change!r}: give a period string or the result of termshift.stats.shift"])
    with axes_or_new(ax) as ax:
        ax.axhline(0.5, color="0.6", linewidth=0.6, linestyle=":", label="_parity")
        runs = _runs(cset) if cset else ([(lo or cp or hi, hi or cp or lo)] if lo is not None or hi is not None
                                         else [])
        for i, (first, last) in enumerate(runs):
            what = ("change period: 95% interval" if not cset else
                    f"change period: {_level(change)} likelihood set" + (" (with gaps)" if len(runs) > 1 else ""))
            ax.axvspan(np.datetime64(first.start_time, "ns"), np.datetime64((last + 1).start_time, "ns"),
                       color="0.88", linewidth=0, zorder=0, label=what if i == 0 else f"_{what}")
        if {"share_low", "share_high"} <= set(share.columns):
            method = share.attrs.get("interval")
            ax.fill_between(x, _on(full, row_periods, share["share_low"], "share"),
                            _on(full, row_periods, share["share_high"], "share"), color=color or PALETTE[0],
                            alpha=_BAND_ALPHA, linewidth=0,
                            label=f"share: {_level(share)} interval" + (f" ({method})" if method else ""))
        ax.plot(x, y, **{"color": color or PALETTE[0], "marker": "o", "markersize": 2.5,
                         "markevery": list(_isolated(y)), "label": f"share of {a} (vs {b})", **kwargs})
        if cp is not None:
            ax.axvline(np.datetime64(cp.start_time, "ns"), color=PALETTE[1], linewidth=1.0, linestyle="--",
                       label=f"change: {cp}" + (f" (not significant, p = {change.p_value:.3f})" if weak else ""))
            before, after = getattr(change, "share_before", None), getattr(change, "share_after", None)
            if before is not None and after is not None and np.isfinite([before, after]).all():
                t = [x[0], np.datetime64(cp.start_time, "ns"), np.datetime64((full[-1] + 1).start_time, "ns")]
                ax.step(t, [before, after, after], where="post", color="0.2", linewidth=0.8,
                        label="pooled share before / after")
        if events is not None:
            _draw_events(ax, events, full[0].start_time, full[-1].end_time)
        if "n_docs" in share.columns:
            add_note(ax, sparse_note(_on(full, row_periods, share["n_docs"], "share"), full.freqstr, min_docs))
        date_axis(ax)
        ax.set_ylim(0, 1)
        ratio_axis(ax.yaxis)
        ax.set_ylabel(f"share of {a}")
        legend_below(ax)
    return ax


# ----------------------------------------------------------------------------- vocabulary


def _period_order(values, what):
    _, per_row = _timeline(values, what)
    return per_row


def plot_tfidf_heatmap(top, *, cmap="viridis", ax=None, **kwargs):
    """Top terms' tf-idf per period as a heatmap (periods across, terms down).

    Parameters
    ----------
    top : DataFrame
        ``period``, ``term``, ``tfidf`` (and ``count``, ``rank``) for the top
        terms of each period, as made by :mod:`termshift.tfidf`.
    cmap : str or Colormap, default="viridis"
        A perceptually uniform, colour-blind-safe map; cells where a term is
        not among a period's top terms are left blank, and the colorbar's
        label says so (with k, the most terms any period has).
    ax : Axes, optional
    **kwargs
        Passed to ``ax.imshow`` (the image), overriding termshift's defaults
        (``vmin=0``, ``interpolation='none'``).

    Returns
    -------
    Axes
        With one image and a colorbar: a column per period present in
        ``top`` (in time order), terms ordered by the period where they peak,
        so a shift shows as a diagonal.
    """
    require_columns(top, ["period", "term", "tfidf"], "top", "termshift.tfidf")
    row_periods = _period_order(top["period"], "top")
    full = sorted(set(row_periods))  # the periods that have top terms, in time order
    frame = pd.DataFrame({"p": row_periods, "term": top["term"].astype(str).to_numpy(),
                          "v": top["tfidf"].astype(float).to_numpy()})
    if frame.duplicated(["p", "term"]).any():
        raise ParameterError(["top: a term appears twice in one period; one row per period x term expected"])
    grid = frame.pivot(index="term", columns="p", values="v").reindex(columns=full)
    values = grid.to_numpy(dtype=float)
    peak = np.nanargmax(np.where(np.isnan(values), -np.inf, values), axis=1)
    order = np.lexsort((grid.index.to_numpy(), -np.nanmax(values, axis=1), peak))
    grid = grid.iloc[order]
    n_terms, n_periods = grid.shape
    with axes_or_new(ax, "two" if n_periods > 12 else "one", aspect=(0.6 + 0.13 * n_terms) / 3.5) as ax:
        cm = mpl.colormaps[cmap] if isinstance(cmap, str) else cmap
        im = ax.imshow(np.ma.masked_invalid(grid.to_numpy(dtype=float)),
                       **{"aspect": "auto", "interpolation": "nearest", "cmap": cm.with_extremes(bad="white"),
                          **kwargs})
        step = max(1, int(np.ceil(n_periods / 24)))
        ax.set_xticks(np.arange(0, n_periods, step), labels=[str(p) for p in full[::step]],
                      rotation=90 if n_periods > 6 else 0)
        ax.set_yticks(np.arange(n_terms), labels=grid.index.tolist())
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        k = int(frame.groupby("p").size().max())
        ax.figure.colorbar(im, ax=ax, label=f"tf-idf (blank: not in the period's top {k})", shrink=0.9)
    return ax


def plot_top_terms(top, *, n=10, ncols=None, color=None, fig=None, **kwargs):
    """Small multiples: one panel per period, its top ``n`` terms as horizontal bars.

    Parameters
    ----------
    top : DataFrame
        ``period``, ``term``, ``tfidf`` and optionally ``rank`` (1 = top).
    n : int, default=10
        Terms per panel.
    ncols : int, optional
        Panels per row (default: up to 4).
    color : color, optional
        Bar colour (default: the first of :data:`PALETTE`).
    fig : Figure or SubFigure, optional
        Where to draw (default: a new two-column figure).
    **kwargs
        Passed to ``ax.barh`` (each panel's bars), overriding termshift's defaults
        (``height=0.5``, ``edgecolor='k'``).

    Returns
    -------
    ndarray of Axes
        One per period that has terms, in time order.
    """
    require_columns(top, ["period", "term", "tfidf"], "top", "termshift.tfidf")
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise ParameterError([f"n={n!r}: give the number of terms per panel (at least 1)"])
    row_periods = _period_order(top["period"], "top")
    periods = sorted(set(row_periods))
    ncols = int(ncols or min(len(periods), 4))
    nrows = int(np.ceil(len(periods) / ncols))
    size = (WIDTHS["two"], 0.3 + nrows * (0.35 + 0.13 * n))
    with figure_or_new(fig, size) as fig:
        grid = fig.subplots(nrows, ncols, squeeze=False, sharex=True)
        axes = grid.ravel()
        for ax, period in zip(axes, periods):
            sub = top[row_periods == period]
            sub = (sub.sort_values(["rank", "term"], kind="stable") if "rank" in sub.columns
                   else sub.sort_values(["tfidf", "term"], ascending=[False, True], kind="stable")).head(n)
            y = np.arange(len(sub))[::-1]
            ax.barh(y, sub["tfidf"].to_numpy(dtype=float), **{"color": color or PALETTE[0], "height": 0.7, **kwargs})
            ax.set_yticks(y, labels=sub["term"].astype(str).tolist())
            ax.set_ylim(-0.6, n - 0.4)
            ax.set_title(str(period), loc="left")
            ax.tick_params(axis="y", length=0)
        for ax in axes[len(periods):]:
            fig.delaxes(ax)
        for i, ax in enumerate(axes[:len(periods)]):
            if i + ncols >= len(periods):  # nothing below: show its x labels
                ax.tick_params(axis="x", labelbottom=True)
                ax.set_xlabel("tf-idf")
    return axes[:len(periods)]


def plot_keyness(table, *, top=15, label_a="A", label_b="B", colors=None, ax=None, **kwargs):
    """Diverging bars: the terms most overused in slice A (right) and in slice B (left).

    Parameters
    ----------
    table : DataFrame
        ``term``, ``g2`` (log-likelihood) and ``log_ratio`` (positive =
        overused in A), as made by :mod:`termshift.keyness`.
    top : int, default=15
        Terms on each side, chosen by ``g2``; bars show ``log_ratio``.
    label_a, label_b : str
        Names of the two slices (e.g. "2022", "2021").
    colors : pair of colors, optional
        For A and B (default: vermillion and blue).
    ax : Axes, optional
    **kwargs
        Passed to ``ax.barh`` (the bars), overriding termshift's defaults
        (``height=0.5``, ``edgecolor='k'``).

    Returns
    -------
    Axes
    """
    require_columns(table, ["term", "g2", "log_ratio"], "table", "termshift.keyness")
    if not isinstance(top, (int, np.integer)) or top < 1:
        raise ParameterError([f"top={top!r}: give the number of terms on each side (at least 1)"])
    ca, cb = colors or (PALETTE[1], PALETTE[0])
    # g2 is signed (positive = overused in A): each side takes its strongest |g2|
    t = table.assign(_strength=table["g2"].abs()).sort_values(["_strength", "term"], ascending=[False, True],
                                                               kind="stable")
    side_a = t[t["log_ratio"] > 0].head(top).sort_values("log_ratio", ascending=False, kind="stable")
    side_b = t[t["log_ratio"] < 0].head(top).sort_values("log_ratio", ascending=False, kind="stable")
    rows = pd.concat([side_a, side_b])
    n = len(rows)
    with axes_or_new(ax, aspect=(0.7 + 0.14 * max(n, 1)) / 3.5) as ax:
        y = -np.arange(n)
        lr = rows["log_ratio"].to_numpy(dtype=float)
        ax.barh(y, lr, **{"color": [ca if v > 0 else cb for v in lr], "height": 0.7, **kwargs})
        ax.set_yticks(y, labels=rows["term"].astype(str).tolist())
        ax.tick_params(axis="y", length=0)
        ax.axvline(0, color="0.3", linewidth=0.6)
        lim = float(np.max(np.abs(lr))) * 1.05 if n else 1.0
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-n + 0.4, 1.6)  # row 1 holds no bar: the direction labels go there
        ax.set_xlabel("log ratio (log2 of the ratio of relative frequencies)")
        ax.text(lim, 1, f"more in {label_a} (top {len(side_a)} by G\u00b2) \u2192", ha="right", va="center",
                color=ca, fontsize="x-small")
        ax.text(-lim, 1, f"\u2190 more in {label_b} (top {len(side_b)} by G\u00b2)", ha="left", va="center",
                color=cb, fontsize="x-small")
    return ax


# ----------------------------------------------------------------------------- corpus views


def _dispersion_data(data, terms, families):
    """(table, family ids to draw, ids that fix the colours) from a corpus, document counts or a table."""
    if isinstance(data, pd.DataFrame) and ("text" in data.columns or "n_tokens" in data.columns):
        if terms is None:
            raise ParameterError(["plot_dispersion: a corpus was given without terms; pass the term families, "
                                  "or a table made by termshift.tables.dispersion_table"])
        from .terms import as_termset

        ids = list(as_termset(terms))
        table = dispersion_table(data, terms, families)
        return table, list(pd.unique(table["family"])), ids
    require_columns(data, ["family", "date", "count"], "plot_dispersion", "termshift.tables.dispersion_table")
    if data.empty:
        raise ParameterError(["plot_dispersion: no documents to plot"])
    ids = list(pd.unique(data["family"]))
    return data, pick_families(ids, families, "plot_dispersion"), ids


def plot_dispersion(data, terms=None, *, families=None, colors=None, ax=None, **kwargs):
    """Dispersion ("x-ray") plot: one row per family, a tick at the date of every match.

    Parameters
    ----------
    data : DataFrame
        A table made by :func:`termshift.tables.dispersion_table` (``family``,
        ``date``, ``count``, optionally ``label``), or a corpus (or its
        :func:`termshift.document_counts`) together with ``terms``, counted
        with that function.
    terms : TermSet, path or mapping, optional
        The families, when ``data`` is a corpus; matches follow the rules of
        :func:`termshift.count_terms`.
    families : list of str, optional
        Family ids to draw, top to bottom (default: all).
    colors : dict or list, optional
        Colour per family id (default: :data:`PALETTE` in family order).
    ax : Axes, optional
    **kwargs
        Passed to ``ax.eventplot`` (the ticks), overriding termshift's
        defaults (``linewidths=1``, ``linelengths=0.9``).

    Returns
    -------
    Axes
        With one event collection per family; row labels carry the number of
        matches; the x range spans the dates of the table (the corpus dates).
    """
    table, fams, ids = _dispersion_data(data, terms, families)
    color = _family_colors(ids, colors)
    labels = (table.drop_duplicates("family").set_index("family")["label"].to_dict()
              if "label" in table.columns else {})
    dates_all = mdates.date2num(pd.to_datetime(table["date"]).to_numpy())
    family_col = table["family"].to_numpy()
    counts = table["count"].to_numpy(dtype=np.int64)
    positions = [np.repeat(dates_all[family_col == f], counts[family_col == f]) for f in fams]
    with axes_or_new(ax, aspect=(0.5 + 0.22 * len(fams)) / 3.5) as ax:
        ax.eventplot(positions, **{"lineoffsets": np.arange(len(fams)), "linelengths": 0.7, "linewidths": 0.6,
                                   "colors": [color[f] for f in fams], **kwargs})
        ax.xaxis_date()
        date_axis(ax)
        ax.set_yticks(np.arange(len(fams)), labels=[f"{labels.get(f, f)} ({len(p)})" for f, p in zip(fams, positions)])
        ax.set_ylim(len(fams) - 0.5, -0.5)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        if dates_all.min() < dates_all.max():
            ax.set_xlim(dates_all.min(), dates_all.max())
    return ax


def _overview_data(data, freq):
    if isinstance(data, pd.DataFrame) and {"period", "documents", "tokens"} <= set(data.columns):
        if data.empty:
            raise ParameterError(["plot_overview: no periods to plot"])
        per_row = as_periods(data["period"], "plot_overview")
        full = pd.period_range(per_row.min(), per_row.max(), freq=per_row.freq)
        docs = _on(full, per_row, data["documents"], "plot_overview")
        tokens = _on(full, per_row, data["tokens"], "plot_overview")
        return full, np.nan_to_num(docs), np.nan_to_num(tokens)
    table = overview_table(data, freq)
    return (pd.PeriodIndex(table["period"]), table["documents"].to_numpy(dtype=float),
            table["tokens"].to_numpy(dtype=float))


def plot_overview(data, freq="month", *, ax=None, **kwargs):
    """Documents (bars, left axis) and tokens (line, right axis) per period.

    Parameters
    ----------
    data : DataFrame
        A table made by :func:`termshift.tables.overview_table` (``period``,
        ``documents``, ``tokens``), or a corpus (``date`` and ``text``, see
        :func:`termshift.load_corpus`), counted with that function.
    freq : {"day", "week", "month", "quarter", "year"} or pandas alias, default="month"
        The period, when ``data`` is a corpus.
    ax : Axes, optional
        The documents axis; the tokens axis is its twin (``ax.figure.axes``).
    **kwargs
        Passed to ``ax.bar`` (the documents bars), overriding termshift's
        defaults (``color='0.6'``, ``edgecolor='k'``).

    Returns
    -------
    Axes
        Every period from the first to the last has a bar (zero-height
        when empty), so gaps in the corpus are visible. A corpus within a
        single period is not a time series: one labelled bar, its tokens
        and that note in the x label, and no tokens axis.
    """
    periods, n_docs, n_tokens = _overview_data(data, freq)
    if len(periods) == 1:
        with axes_or_new(ax) as ax:
            ax.bar([0], n_docs, **{"width": 0.5, "color": PALETTE[5], "label": "documents", **kwargs})
            ax.set_xticks([0], labels=[str(periods[0])])
            ax.set_xlim(-1, 1)
            ax.set_ylabel("documents", color="0.2")
            ax.yaxis.set_major_locator(mticker.MaxNLocator(integer=True))
            ax.set_xlabel(f"one period: {int(n_docs[0]):,} document(s), {int(n_tokens[0]):,} tokens "
                          "(not a time series)")
        return ax
    x0 = mdates.date2num(periods.start_time.to_numpy())
    x1 = mdates.date2num((periods + 1).start_time.to_numpy())
    with axes_or_new(ax) as ax:
        ax.bar(x0, n_docs, **{"width": 0.8 * (x1 - x0), "align": "edge", "color": PALETTE[5], "label": "documents",
                              **kwargs})
        twin = ax.twinx()
        twin.plot(x0 + 0.4 * (x1 - x0), n_tokens, color=PALETTE[1], marker="o", markersize=2, label="tokens")
        twin.spines["right"].set_visible(True)
        twin.set_ylim(bottom=0)
        twin.set_ylabel("tokens", color=PALETTE[1])
        twin.yaxis.set_major_formatter(mticker.StrMethodFormatter("{x:,.0f}"))
        ax.xaxis_date()
        date_axis(ax)
        ax.set_ylabel("documents", color="0.2")
        ax.yaxis.set_major_locator(mticker.MaxNLocator(integer=True))
        ax.set_xlim(x0[0], x1[-1])
    return ax


def plot_by_group(data, plot=None, **kwargs):
    """Small multiples per group: :func:`termshift.small_multiples.plot_by_group`, drawn by ``plot``
    (default: :func:`plot_contest`); every other argument (``by=``, ``changes=``, ``ncols=``,
    ``sharey=``, ``fig=``, the plot's own) is passed on.

    Returns
    -------
    ndarray of Axes
        One per group; ``axes[0].figure`` is the figure.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> share = pd.DataFrame({"outlet": ["N", "N", "S", "S"], "period": ["2022-01", "2022-02"] * 2,
    ...                       "count_a": [1, 9, 2, 8], "count_b": [9, 1, 8, 2], "share": [0.1, 0.9, 0.2, 0.8]})
    >>> axes = plot_by_group(share, by="outlet")
    >>> [ax.get_title(loc="left") for ax in axes]
    ['N', 'S']
    >>> plt.close("all")
    """
    return small_multiples.plot_by_group(data, plot_contest if plot is None else plot, **kwargs)
