"""Plots: what each function draws on the Axes it returns, composition, style, no show."""

import io
import os
import subprocess
import sys
from types import SimpleNamespace

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.ticker import PercentFormatter

from termshift import ParameterError, TermSet, document_counts, from_frame, plots, tables

MONTHS = ["2022-09", "2022-10", "2022-11", "2022-12", "2023-01"]


def as_period_dtype(frame):
    """The same table with ``period`` as pandas Period dtype, as the library makes it."""
    return frame.assign(period=pd.PeriodIndex([pd.Period(p) for p in frame["period"]]))


def rates_frame(with_band=True, periods="text"):
    rates = pd.DataFrame({
        "period": MONTHS * 2,
        "family": ["pre"] * 5 + ["counter"] * 5,
        "label": ["Preemptive strike"] * 5 + ["Counterstrike"] * 5,
        "per_10k": [5.0, 4.0, np.nan, 1.0, 2.0, 0.0, 1.0, np.nan, 6.0, 7.0],
        "doc_share": [0.5, 0.4, np.nan, 0.1, 0.2, 0.0, 0.1, np.nan, 0.6, 0.7],
    })
    if with_band:
        for v in ("per_10k", "doc_share"):
            rates[f"{v}_low"] = rates[v] * 0.8
            rates[f"{v}_high"] = rates[v] * 1.2
    return as_period_dtype(rates) if periods == "dtype" else rates


def share_frame():
    a = np.array([0, 1, 0, 6, 7])
    b = np.array([5, 4, 0, 1, 2])
    with np.errstate(invalid="ignore"):
        s = a / (a + b)
    return pd.DataFrame({"period": MONTHS, "count_a": a, "count_b": b, "share": s,
                         "share_low": s * 0.9, "share_high": np.minimum(s * 1.1, 1)})


TOP = pd.DataFrame({"period": ["2021"] * 3 + ["2022"] * 3, "term": ["enemy", "base", "strike", "counter", "base",
                                                                    "strike"],
                    "tfidf": [0.5, 0.4, 0.3, 0.6, 0.2, 0.1], "count": [5, 4, 3, 6, 2, 1], "rank": [1, 2, 3, 1, 2, 3]})

KEYNESS = pd.DataFrame({"term": ["counterstrike", "capability", "defense", "preemptive", "enemy", "the"],
                        "g2": [30.0, 20.0, 1.0, 25.0, 10.0, 0.5], "log_ratio": [3.0, 1.5, 0.1, -2.5, -1.0, -0.05]})

TERMS = TermSet.from_dict({"pre": {"label": "Preemptive", "terms": ["preemptive"]},
                           "counter": {"label": "Counterstrike", "terms": ["counterstrike"]}})

CORPUS = from_frame(pd.DataFrame({
    "date": ["2022-01-05", "2022-03-01", "2022-03-20"],
    "text": ["A preemptive strike, preemptive.", "Counterstrike and preemptive.", "Nothing here."],
}))


@pytest.fixture(autouse=True)
def no_show_and_close(monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("plt.show must never be called")

    monkeypatch.setattr(plt, "show", boom)
    yield
    plt.close("all")


def styled_axes(n=1, **kw):
    with plots.use_style():
        fig, axs = plt.subplots(1, n, figsize=plots.figsize("two"), layout="constrained", **kw)
    return fig, axs


def start(period):
    return mdates.date2num(pd.Period(period).start_time)


def xnum(line):
    return mdates.date2num(np.asarray(line.get_xdata()))


def legend_labels(ax):
    """The legend's entries, each on one line (a long entry is wrapped to fit the figure's width)."""
    return [t.get_text().replace("\n", " ") for t in ax.get_legend().get_texts()]


# ----------------------------------------------------------------------------- style


def test_style_file_ships_and_context_restores():
    assert plots.STYLE.is_file() and plots.STYLE.suffix == ".mplstyle"
    before = mpl.rcParams["font.size"]
    with plots.use_style({"font.size": 11}):
        assert mpl.rcParams["font.size"] == 11
        assert mpl.rcParams["font.sans-serif"][0] == "DejaVu Sans"
        assert mpl.rcParams["axes.prop_cycle"].by_key()["color"][:2] == ["#0072B2", "#D55E00"]
        assert mpl.rcParams["svg.hashsalt"] == "termshift"
    assert mpl.rcParams["font.size"] == before


def test_use_style_as_a_function_stays_in_force():
    with mpl.rc_context():
        plots.use_style()
        import gc

        gc.collect()  # the style must not depend on the returned object being kept
        assert mpl.rcParams["axes.spines.top"] is False
        assert mpl.rcParams["font.size"] == 8
    assert mpl.rcParams["axes.spines.top"] is True


def test_style_context_leaves_the_backends_interactive_state_alone():
    """Jupyter's inline backend turns interactive on lazily, inside the first styled block (issue 12)."""
    was = mpl.is_interactive()
    try:
        plt.ioff()
        size = mpl.rcParams["font.size"]
        with plots.use_style({"font.size": 11}):
            plt.ion()  # what the inline backend does when the first figure is made
        assert mpl.is_interactive() and mpl.rcParams["interactive"] is True
        assert mpl.rcParams["font.size"] == size  # everything else is restored
        with plots.use_style():
            plt.ioff()
        assert not mpl.is_interactive()  # as the backend left it, the other way too
        plt.ion()
        plots.plot_trajectory(rates_frame())  # a plot that makes its own styled figure
        assert mpl.is_interactive()
    finally:
        mpl.interactive(was)


def test_importing_plots_chooses_no_backend_and_does_not_load_figures():
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    code = ("import os, sys, termshift.plots, termshift.tables; "
            "print('termshift.figures' in sys.modules, os.environ.get('MPLBACKEND'))")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "None"]


def test_subplots_and_figure_helpers():
    n = len(plt.get_fignums())
    fig, ax = plots.subplots(width="two", aspect=0.4)
    assert tuple(fig.get_size_inches()) == pytest.approx((7.2, 2.88))
    assert not ax.spines["top"].get_visible() and fig.get_layout_engine() is not None
    assert ax.xaxis.get_ticklabels() is not None and mpl.rcParams["axes.spines.top"]  # style not left on
    fig2, axs = plots.subplots(3, sharey=True)
    assert axs.shape == (3,) and tuple(fig2.get_size_inches()) == pytest.approx((3.5, 2.17))
    _, grid = plots.subplots((2, 2), width=5)
    assert grid.shape == (2, 2)
    fig3 = plots.figure(width="two", aspect=0.5)
    assert tuple(fig3.get_size_inches()) == pytest.approx((7.2, 3.6)) and not fig3.axes
    assert len(plt.get_fignums()) == n + 4
    for bad in (0, True, (1, 0), "2"):
        with pytest.raises(ParameterError, match="number of panels"):
            plots.subplots(bad)
    with pytest.raises(ParameterError, match="'one', 'two'"):
        plots.subplots(width="wide")


def test_figsize_columns_and_errors():
    assert plots.figsize("one") == (3.5, 2.17)
    assert plots.figsize("two", aspect=0.5) == (7.2, 3.6)
    assert plots.figsize(5, aspect=0.2) == (5.0, 1.0)
    with pytest.raises(ParameterError, match="'one', 'two'"):
        plots.figsize("three")


def test_palette_is_okabe_ito():
    assert set(plots.PALETTE) == {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00",
                                  "#CC79A7"}


def test_new_axes_use_the_style_and_one_column_width():
    n = len(plt.get_fignums())
    ax = plots.plot_trajectory(rates_frame())
    assert len(plt.get_fignums()) == n + 1
    fig = ax.figure
    assert tuple(fig.get_size_inches()) == pytest.approx((3.5, 2.17))
    fig.canvas.draw()
    label = ax.get_xticklabels()[0]
    assert label.get_fontfamily()[0] == "sans-serif" and label.get_fontsize() == 7
    assert not ax.spines["top"].get_visible()
    assert mpl.rcParams["font.size"] != 8 or mpl.rcParams["axes.spines.top"]  # style did not leak


def test_given_axes_no_new_figure():
    fig, ax = styled_axes()
    n = len(plt.get_fignums())
    assert plots.plot_trajectory(rates_frame(), ax=ax) is ax
    assert len(plt.get_fignums()) == n


# ----------------------------------------------------------------------------- trajectory


@pytest.mark.parametrize("periods", ["text", "dtype"])
def test_trajectory_lines_bands_gaps_and_labels(periods):
    fig, ax = styled_axes()
    plots.plot_trajectory(rates_frame(periods=periods), ax=ax)
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["Preemptive strike", "Counterstrike"]
    assert len(ax.collections) == 2  # one 95% band per family
    y = np.asarray(lines[0].get_ydata(), dtype=float)
    assert y.shape == (5,) and np.isnan(y[2]) and y[0] == 5.0  # the empty period is a gap, not interpolated
    assert list(xnum(lines[0])) == [start(p) for p in MONTHS]
    assert legend_labels(ax) == ["Preemptive strike", "Counterstrike", "shaded: 95% interval"]
    assert ax.get_ylabel() == "per 10,000 tokens"
    assert ax.get_ylim()[0] == 0
    assert lines[0].get_color() == plots.PALETTE[0] and lines[1].get_color() == plots.PALETTE[1]


def test_trajectory_missing_rows_become_gaps_and_isolated_points_get_markers():
    rates = pd.DataFrame({"period": ["2022-01", "2022-03", "2022-05"], "family": "f", "label": "F",
                          "per_10k": [1.0, 2.0, 3.0]})
    ax = plots.plot_trajectory(rates)
    (line,) = ax.get_lines()
    y = np.asarray(line.get_ydata(), dtype=float)
    assert len(y) == 5 and np.isnan(y[[1, 3]]).all()
    assert list(line.get_markevery()) == [True, False, True, False, True]


def test_trajectory_subset_keeps_family_colours_and_no_band_without_columns():
    fig, ax = styled_axes()
    plots.plot_trajectory(rates_frame(with_band=False), families=["counter"], ax=ax)
    (line,) = ax.get_lines()
    assert line.get_label() == "Counterstrike" and line.get_color() == plots.PALETTE[1]
    assert len(ax.collections) == 0
    ax2 = plots.plot_trajectory(rates_frame(), band=False, colors={"pre": "black"})
    assert ax2.get_lines()[0].get_color() == "black" and len(ax2.collections) == 0


def test_trajectory_doc_share_is_a_percentage():
    ax = plots.plot_trajectory(rates_frame(), value="doc_share")
    assert isinstance(ax.yaxis.get_major_formatter(), PercentFormatter)
    assert ax.get_ylabel() == "share of documents"
    assert np.nanmax(ax.get_lines()[1].get_ydata()) == pytest.approx(0.7)


def test_trajectory_of_any_numeric_column():
    tfidf = rates_frame(with_band=False).rename(columns={"per_10k": "tfidf"})
    ax = plots.plot_trajectory(tfidf, value="tfidf")
    assert ax.get_ylabel() == "tf-idf" and len(ax.get_lines()) == 2
    assert plots.plot_trajectory(tfidf.rename(columns={"tfidf": "weight"}), value="weight").get_ylabel() == "weight"


def test_trajectory_rolling_mean_keeps_gaps():
    ax = plots.plot_trajectory(rates_frame(), families=["pre"], rolling=3)
    raw, smooth = ax.get_lines()
    assert raw.get_linestyle() == "None" and raw.get_label().startswith("_")
    y = np.asarray(smooth.get_ydata(), dtype=float)
    assert y[0] == pytest.approx(4.5) and y[1] == pytest.approx(4.5) and y[3] == pytest.approx(1.5)
    assert np.isnan(y[2])
    assert legend_labels(ax) == ["Preemptive strike", "shaded: 95% interval"]


def test_trajectory_events_inside_the_range_only():
    events = pd.DataFrame({"date": pd.to_datetime(["2022-11-22", "2022-12-16", "2025-01-01"]),
                           "label": ["Government panel report", "New security documents adopted", "Later"]})
    ax = plots.plot_trajectory(rates_frame(), events=events)
    marks = [line for line in ax.get_lines() if line.get_gid() == "event"]
    assert [xnum(m)[0] for m in marks] == [mdates.date2num(pd.Timestamp(d)) for d in ("2022-11-22", "2022-12-16")]
    assert not ax.texts  # named in the legend, never written over the data
    assert legend_labels(ax) == ["Preemptive strike", "Counterstrike", "shaded: 95% interval",
                                 "Government panel report (2022-11-22)", "New security documents adopted (2022-12-16)"]
    assert marks[0]._unscaled_dash_pattern != marks[1]._unscaled_dash_pattern  # each event its own line style


def test_trajectory_events_from_the_shipped_file():
    from termshift.paths import EVENTS_FILE

    ax = plots.plot_trajectory(rates_frame(), events=EVENTS_FILE)
    assert any(label.startswith("Government panel report") for label in legend_labels(ax))


@pytest.mark.parametrize("periods, first", [(["2022Q3", "2022Q4", "2023Q1"], "2022-07-01"),
                                            (["2021", "2022", "2023"], "2021-01-01"),
                                            (["2022-11-28/2022-12-04", "2022-12-05/2022-12-11",
                                              "2022-12-12/2022-12-18"], "2022-11-28")])
def test_trajectory_quarters_years_and_weeks(periods, first):
    rates = pd.DataFrame({"period": periods, "family": "f", "label": "F", "per_10k": [1.0, 2.0, 3.0]})
    (line,) = plots.plot_trajectory(rates).get_lines()
    assert xnum(line)[0] == mdates.date2num(pd.Timestamp(first))
    assert len(line.get_xdata()) == 3
    freq = {"2022Q3": "Q", "2021": "Y"}.get(periods[0], "W")
    typed = rates.assign(period=pd.PeriodIndex([pd.Period(p.split("/")[0], freq=freq) for p in periods]))
    assert isinstance(typed["period"].dtype, pd.PeriodDtype)
    (typed_line,) = plots.plot_trajectory(typed).get_lines()
    assert list(xnum(typed_line)) == list(xnum(line))


def test_trajectory_period_dtype_with_gaps_and_mixed_lengths():
    rates = pd.DataFrame({"period": pd.PeriodIndex(["2022-01", "2022-03"], freq="M"), "family": "f",
                          "label": "F", "per_10k": [1.0, 3.0]})
    (line,) = plots.plot_trajectory(rates).get_lines()
    assert len(line.get_ydata()) == 3 and np.isnan(line.get_ydata()[1])
    with pytest.raises(ParameterError, match="different lengths"):
        plots.plot_trajectory(rates.assign(period=pd.Series([pd.Period("2022-01"), pd.Period("2022Q1")],
                                                                  dtype=object)))


def test_artist_keywords_reach_the_main_artist():
    ax = plots.plot_trajectory(rates_frame(), linewidth=3.5, linestyle="--")
    assert {line.get_linewidth() for line in ax.get_lines()} == {3.5}
    assert {line.get_linestyle() for line in ax.get_lines()} == {"--"}
    share_line = next(line for line in plots.plot_contest(share_frame(), linewidth=2.5).get_lines()
                      if line.get_label() == "share of a (vs b)")
    assert share_line.get_linewidth() == 2.5
    (image,) = plots.plot_tfidf_heatmap(TOP, vmin=0, vmax=1).get_images()
    assert image.get_clim() == (0, 1)
    axes = plots.plot_top_terms(TOP, n=2, edgecolor="black")
    assert mpl.colors.to_hex(axes[0].patches[0].get_edgecolor()) == "#000000"
    ax = plots.plot_keyness(KEYNESS, top=2, height=0.3)
    assert {round(p.get_height(), 6) for p in ax.patches} == {0.3}
    ax = plots.plot_dispersion(CORPUS, TERMS, linewidths=2.0)
    assert all(c.get_linewidth() == 2.0 for c in ax.collections)
    ax = plots.plot_overview(CORPUS, color="red")
    assert {mpl.colors.to_hex(p.get_facecolor()) for p in ax.patches} == {"#ff0000"}


def test_trajectory_bad_input_says_what_to_do():
    with pytest.raises(ParameterError, match="no column.*nope"):
        plots.plot_trajectory(rates_frame(), value="nope")
    with pytest.raises(ParameterError, match="value='label'"):
        plots.plot_trajectory(rates_frame(), value="label")
    with pytest.raises(ParameterError, match="no family 'nope'; families: pre, counter"):
        plots.plot_trajectory(rates_frame(), families=["nope"])
    with pytest.raises(ParameterError, match="no column"):
        plots.plot_trajectory(rates_frame().drop(columns="per_10k"))
    with pytest.raises(ParameterError, match="not a period"):
        plots.plot_trajectory(rates_frame().assign(period="soon"))
    with pytest.raises(ParameterError, match="different lengths"):
        plots.plot_trajectory(rates_frame().assign(period=["2022"] + MONTHS[1:] + MONTHS))
    with pytest.raises(ParameterError, match="rolling"):
        plots.plot_trajectory(rates_frame(), rolling=0)
    with pytest.raises(ParameterError, match="DataFrame is expected"):
        plots.plot_trajectory("rates.csv")


# ----------------------------------------------------------------------------- contest


@pytest.mark.parametrize("periods", ["text", "dtype"])
def test_contest_share_line_change_and_interval(periods):
    result = SimpleNamespace(change_period="2022-12", change_period_low="2022-11", change_period_high="2023-01",
                             share_before=0.1, share_after=0.8)
    share = share_frame()
    if periods == "dtype":  # as termshift.stats makes them: Period values everywhere
        share = as_period_dtype(share)
        result = SimpleNamespace(**{k: pd.Period(v) if k.startswith("change") else v
                                    for k, v in vars(result).items()})
    fig, ax = styled_axes()
    plots.plot_contest(share, change=result, label_a="counterstrike", label_b="preemptive", ax=ax)
    share_line = next(line for line in ax.get_lines() if line.get_label() == "share of counterstrike (vs preemptive)")
    assert np.isnan(np.asarray(share_line.get_ydata(), dtype=float)[2])
    change = next(line for line in ax.get_lines() if line.get_label() == "change: 2022-12")
    assert xnum(change)[0] == start("2022-12")
    (span,) = [p for p in ax.patches if p.get_label() == "change period: 95% interval"]
    x0, x1 = span.get_x(), span.get_x() + span.get_width()
    assert x0 == start("2022-11") and x1 == pytest.approx(start("2023-02"))  # low to the end of high
    step = next(line for line in ax.get_lines() if line.get_label() == "pooled share before / after")
    assert list(step.get_ydata()) == [0.1, 0.8, 0.8]
    assert ax.get_ylim() == (0, 1) and ax.get_ylabel() == "share of counterstrike"
    assert not ax.texts  # nothing written over the data
    assert len(ax.collections) == 1  # the share's band
    assert legend_labels(ax) == ["share of counterstrike (vs preemptive)", "change: 2022-12", "pooled share before / after",
                                 "change period: 95% interval", "share: 95% interval"]


def test_contest_change_as_a_period_string_and_without_change():
    ax = plots.plot_contest(share_frame(), change="2022-12")
    assert [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")] == [
        "share of a (vs b)", "change: 2022-12"]
    assert not ax.patches
    ax2 = plots.plot_contest(share_frame()[["period", "share"]])
    assert len(ax2.collections) == 0 and legend_labels(ax2) == ["share of a (vs b)"]
    with pytest.raises(ParameterError, match="period string or the result"):
        plots.plot_contest(share_frame(), change=3)


# ----------------------------------------------------------------------------- vocabulary


@pytest.mark.parametrize("periods", ["text", "dtype"])
def test_tfidf_heatmap_image_ticks_and_colorbar(periods):
    fig, ax = styled_axes()
    plots.plot_tfidf_heatmap(TOP if periods == "text" else as_period_dtype(TOP), ax=ax)
    (image,) = ax.get_images()
    data = image.get_array()
    assert data.shape == (4, 2)  # terms x periods
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2021", "2022"]
    terms = [t.get_text() for t in ax.get_yticklabels()]
    assert terms == ["enemy", "base", "strike", "counter"]  # by the period where each peaks
    assert data.mask[terms.index("counter"), 0] and data.mask[terms.index("enemy"), 1]
    assert len(fig.axes) == 2 and fig.axes[1].get_ylabel() == "tf-idf (blank: not in the period's top 3)"


@pytest.mark.parametrize("periods", ["text", "dtype"])
def test_top_terms_small_multiples(periods):
    n = len(plt.get_fignums())
    axes = plots.plot_top_terms(TOP if periods == "text" else as_period_dtype(TOP), n=2)
    assert len(plt.get_fignums()) == n + 1
    assert isinstance(axes, np.ndarray) and len(axes) == 2
    assert [ax.get_title(loc="left") for ax in axes] == ["2021", "2022"]
    assert [len(ax.patches) for ax in axes] == [2, 2]
    assert [t.get_text() for t in axes[1].get_yticklabels()] == ["counter", "base"]  # rank 1 on top
    assert axes[0].patches[0].get_width() == 0.5


def test_top_terms_into_a_given_figure_drops_unused_panels():
    fig = plt.figure()
    axes = plots.plot_top_terms(TOP, n=3, ncols=3, fig=fig)
    assert len(axes) == 2 and len(fig.axes) == 2


def test_keyness_diverging_bars():
    fig, ax = styled_axes()
    plots.plot_keyness(KEYNESS, top=2, label_a="2022", label_b="2021", ax=ax)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["counterstrike", "capability", "enemy", "preemptive"]
    widths = [p.get_width() for p in ax.patches]
    assert widths == [3.0, 1.5, -1.0, -2.5]
    colors = [mpl.colors.to_hex(p.get_facecolor()) for p in ax.patches]
    assert colors[:2] == [plots.PALETTE[1].lower()] * 2 and colors[2:] == [plots.PALETTE[0].lower()] * 2
    lo, hi = ax.get_xlim()
    assert lo == -hi
    assert {t.get_text() for t in ax.texts} == {"more in 2022 (top 2 by G\u00b2) \u2192",
                                                "\u2190 more in 2021 (top 2 by G\u00b2)"}


def test_keyness_b_side_takes_the_most_negative_signed_g2():
    # termshift.keyness signs g2 (negative = overused in B): B's strongest terms are the most negative
    signed = pd.DataFrame({"term": ["a1", "b_weak", "b_strong", "b_mid"], "g2": [9.0, -0.1, -50.0, -20.0],
                           "log_ratio": [2.0, -0.01, -4.0, -3.0]})
    fig, ax = styled_axes()
    plots.plot_keyness(signed, top=2, ax=ax)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a1", "b_mid", "b_strong"]


# ----------------------------------------------------------------------------- corpus views


def test_dispersion_one_row_per_family_a_tick_per_match():
    fig, ax = styled_axes()
    plots.plot_dispersion(CORPUS, TERMS, ax=ax)
    pre, counter = ax.collections
    assert len(pre.get_positions()) == 3 and len(counter.get_positions()) == 1
    assert sorted(pre.get_positions()) == [mdates.date2num(pd.Timestamp(d)) for d in
                                           ("2022-01-05", "2022-01-05", "2022-03-01")]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Preemptive (3)", "Counterstrike (1)"]
    assert ax.get_xlim() == (mdates.date2num(pd.Timestamp("2022-01-05")), mdates.date2num(pd.Timestamp("2022-03-20")))
    ax2 = plots.plot_dispersion(CORPUS, TERMS.to_dict(), families=["counter"])
    assert len(ax2.collections) == 1


def test_dispersion_draws_a_table_without_counting(monkeypatch):
    table = tables.dispersion_table(CORPUS, TERMS)
    import termshift.tables

    def no_counting(*args, **kwargs):
        raise AssertionError("plot_dispersion counted although it was given a table")

    monkeypatch.setattr(termshift.tables, "document_counts", no_counting)
    fig, ax = styled_axes()
    assert plots.plot_dispersion(table, ax=ax) is ax
    pre, counter = ax.collections
    assert len(pre.get_positions()) == 3 and len(counter.get_positions()) == 1
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Preemptive (3)", "Counterstrike (1)"]
    ax2 = plots.plot_dispersion(table, families=["counter"], colors={"counter": "black"})
    assert len(ax2.collections) == 1 and mpl.colors.to_hex(ax2.collections[0].get_color()) == "#000000"
    with pytest.raises(ParameterError, match="without terms"):
        plots.plot_dispersion(CORPUS)


def test_dispersion_from_document_counts_is_the_same():
    a = plots.plot_dispersion(CORPUS, TERMS)
    b = plots.plot_dispersion(document_counts(CORPUS, TERMS), TERMS)
    assert [sorted(c.get_positions()) for c in a.collections] == [sorted(c.get_positions()) for c in b.collections]


@pytest.mark.parametrize("source", ["corpus", "table", "text periods"])
def test_overview_every_period_documents_and_tokens(source):
    data = {"corpus": CORPUS, "table": tables.overview_table(CORPUS, "month"),
            "text periods": tables.overview_table(CORPUS, "month").astype({"period": str})}[source]
    fig, ax = styled_axes()
    plots.plot_overview(data, freq="month", ax=ax)
    assert [p.get_height() for p in ax.patches] == [1, 0, 2]  # February is empty but present
    twin = [a for a in fig.axes if a is not ax][0]
    (tokens,) = twin.get_lines()
    assert list(tokens.get_ydata()) == [4, 0, 5]
    assert ax.get_ylabel() == "documents" and twin.get_ylabel() == "tokens"
    assert ax.get_xlim()[0] == start("2022-01") and ax.get_xlim()[1] == start("2022-04")


def test_overview_table_with_a_missing_period_shows_it_empty():
    table = tables.overview_table(CORPUS, "month").iloc[[0, 2]]
    ax = plots.plot_overview(table)
    assert [p.get_height() for p in ax.patches] == [1, 0, 2]


def test_corpus_views_reject_bad_input():
    with pytest.raises(ParameterError, match="no column"):
        plots.plot_overview(CORPUS.drop(columns="text"))
    with pytest.raises(ParameterError, match="no documents"):
        plots.plot_dispersion(CORPUS.iloc[:0], TERMS)
    with pytest.raises(ParameterError, match="freq="):
        plots.plot_overview(CORPUS, freq="fortnight")


# ----------------------------------------------------------------------------- composition


def test_plots_compose_into_one_multi_panel_figure():
    with plots.use_style():
        fig, axs = plt.subplots(2, 3, figsize=plots.figsize("two", aspect=0.7), layout="constrained")
        plots.plot_trajectory(rates_frame(), events=pd.DataFrame({"date": pd.to_datetime(["2022-11-22"]),
                                                                   "label": ["panel"]}), ax=axs[0, 0])
        plots.plot_contest(share_frame(), change="2022-12", ax=axs[0, 1])
        plots.plot_tfidf_heatmap(TOP, ax=axs[0, 2])
        plots.plot_keyness(KEYNESS, top=2, ax=axs[1, 0])
        plots.plot_dispersion(CORPUS, TERMS, ax=axs[1, 1])
        plots.plot_overview(CORPUS, ax=axs[1, 2])
        sub = fig.add_subfigure(fig.add_gridspec(1, 1)[0])  # small multiples go into a subfigure
        plots.plot_top_terms(TOP, n=2, fig=sub)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=50)
    assert buf.getvalue().startswith(b"\x89PNG")
    assert len(plt.get_fignums()) == 1


def test_tfidf_heatmap_columns_are_the_periods_given():
    sparse = TOP.assign(period=TOP["period"].map({"2021": "1991", "2022": "2022"}))
    ax = plots.plot_tfidf_heatmap(sparse)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1991", "2022"]
    assert ax.get_images()[0].get_array().shape == (4, 2)


# ----------------------------------------------------------------------------- review fixes (issue 12)


def _overlaps_data(ax):
    """Texts drawn inside the Axes whose box meets a bar or a data point (display coordinates)."""
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [p.get_window_extent(renderer) for p in ax.patches]
    points = np.vstack([line.get_transform().transform(np.column_stack([
        mdates.date2num(line.get_xdata()) if np.issubdtype(np.asarray(line.get_xdata()).dtype, np.datetime64)
        else line.get_xdata(), line.get_ydata()])) for line in ax.get_lines()] or [np.zeros((0, 2))])
    hits = []
    for text in ax.texts:
        box = text.get_window_extent(renderer)
        if any(box.overlaps(b) for b in boxes) or any(box.contains(x, y) for x, y in points if np.isfinite([x, y]).all()):
            hits.append(text.get_text())
    return hits


def test_keyness_shows_top_per_side_and_labels_off_the_bars():
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(40)]
    lr = np.r_[rng.uniform(0.2, 6, 20), -rng.uniform(0.2, 6, 20)]
    table = pd.DataFrame({"term": words, "log_ratio": lr, "g2": np.sign(lr) * rng.uniform(1, 100, 40)})
    fig, ax = styled_axes()
    plots.plot_keyness(table, top=15, label_a="before", label_b="after", ax=ax)
    widths = np.array([p.get_width() for p in ax.patches])
    assert (widths > 0).sum() == 15 and (widths < 0).sum() == 15  # "top 15" = 15 bars on each side
    assert "(top 15 by G\u00b2)" in " ".join(t.get_text() for t in ax.texts)
    assert _overlaps_data(ax) == []
    few = plots.plot_keyness(KEYNESS, top=15)  # fewer terms than asked: the label says how many
    assert {t.get_text() for t in few.texts} == {"more in A (top 3 by G\u00b2) \u2192", "\u2190 more in B (top 3 by G\u00b2)"}


def test_single_document_periods_get_no_zero_width_band_and_the_legend_says_so():
    rates = rates_frame(periods="dtype").assign(n_docs=[3, 1, 0, 4, 5] * 2)
    fig, ax = styled_axes()
    plots.plot_trajectory(rates, ax=ax)
    band = ax.collections[0]
    xs = {round(float(x), 6) for path in band.get_paths() for x in path.vertices[:, 0]}
    assert start("2022-10") not in xs and start("2022-09") in xs  # the one-document month has no band
    assert legend_labels(ax)[-2:] == ["shaded: 95% interval (none where a period has < 2 documents)",
                                      "most months (4 of 5) hold fewer than 5 documents: try freq='quarter'"]
    assert legend_labels(plots.plot_trajectory(rates.assign(n_docs=5)))[-1] == "shaded: 95% interval"


def test_trajectory_and_contest_keep_the_legend_and_texts_off_the_data():
    events = pd.DataFrame({"date": pd.to_datetime(["2022-11-22"]), "label": ["report"]})
    fig, (a, b) = styled_axes(2)
    plots.plot_trajectory(rates_frame(), events=events, ax=a)
    plots.plot_contest(share_frame(), change="2022-12", label_a="x", label_b="y", ax=b)
    for ax in (a, b):
        assert _overlaps_data(ax) == []
        legend = ax.get_legend()
        fig.canvas.draw()
        assert legend.get_window_extent().y1 <= ax.get_window_extent().y0  # outside, below the plot (issue 25)
        handles = legend.legend_handles
        drawn = set(ax.get_lines()) | set(ax.collections) | set(ax.patches)
        labels = {h.get_label() for h in drawn if not h.get_label().startswith("_")}
        assert labels == set(legend_labels(ax)) and len(handles) == len(labels)  # the legend names what is drawn


def test_one_period_corpus_is_a_labelled_bar_not_a_time_series():
    corpus = CORPUS.iloc[[0]]
    ax = plots.plot_overview(corpus, freq="month")
    (bar,) = ax.patches
    assert bar.get_height() == 1
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2022-01"]
    assert "not a time series" in ax.get_xlabel() and "1 document(s), 4 tokens" in ax.get_xlabel()
    assert len(ax.figure.axes) == 1 and not ax.get_lines()  # no tokens axis, no one-point line
    assert len(plots.plot_overview(CORPUS).figure.axes) == 2  # a time series keeps its tokens axis


def test_tfidf_heatmap_says_what_blank_means():
    ax = plots.plot_tfidf_heatmap(TOP.iloc[:5])  # 2021 has 3 top terms, 2022 two
    assert ax.figure.axes[1].get_ylabel() == "tf-idf (blank: not in the period's top 3)"


# ----------------------------------------------------------------------------- sparse real-like data (issue 25)


def sparse_bilingual(seed=0, n_docs=100):
    """About 100 articles over 8 years (2016-2023), most months with 0-2 documents, English and Japanese, with a
    slow move from enemy-base framing to counterstrike framing: what a real import of a news database gives."""
    import termshift as ts

    rng = np.random.default_rng(seed)
    days = np.sort(rng.integers(0, 8 * 365, n_docs))
    dates = pd.Timestamp("2016-01-01") + pd.to_timedelta(days, unit="D")
    texts = []
    for i, date in enumerate(dates):
        newer = rng.random() < (date.year - 2015) / 9
        if i % 3 == 0:
            texts.append("政府は" + ("反撃能力" if newer else "敵基地攻撃能力") + "の保有について議論した。防衛費も増える。")
        else:
            texts.append("The cabinet debated " + ("counterstrike capability" if newer else "enemy base strike capability")
                         + " again. Officials said the budget would grow.")
    return ts.from_frame(pd.DataFrame({"doc_id": [f"Nexis.TXT#{i + 1}" for i in range(n_docs)],
                                       "date": dates, "text": texts}))


def _below(ax, fig):
    """The legend's box and the axes' box with its tick labels, in display units, after drawing."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return ax.get_legend().get_window_extent(renderer), ax.get_tightbbox(renderer, for_layout_only=False), \
        ax.get_window_extent(renderer)


@pytest.mark.parametrize("kind", ["share", "rates"])
def test_figures_on_sparse_real_like_data(kind, tmp_path):
    """Legend below the axes and never wide, shipped events drawn where the dates cover them, a sparse note."""
    import termshift as ts
    from termshift.events import load_events

    corpus = sparse_bilingual()
    per_month = corpus.groupby(corpus["date"].dt.to_period("M")).size().reindex(
        pd.period_range("2016-01", "2023-12", freq="M"), fill_value=0)
    assert len(corpus) == 100 and (per_month <= 2).mean() > 0.9 and set(corpus["language"]) == {"en", "ja"}
    terms = ts.example_terms()
    events = load_events()
    with plots.use_style():
        fig, ax = plots.subplots(width="two", aspect=0.4)  # as the notebooks draw them
        if kind == "share":
            table = ts.share(corpus, terms, "counterstrike", "enemy_base", freq="month", random_state=0)
            result = ts.shift(corpus, terms, "counterstrike", "enemy_base", freq="month", n_perm=99, n_boot=50,
                              random_state=0)
            plots.plot_contest(table, change=result, label_a="Counterstrike capability",
                               label_b="Enemy base strike capability", events=events, ax=ax)
        else:
            table = ts.count_terms(corpus, terms, freq="month")
            plots.plot_trajectory(table, families=["counterstrike", "enemy_base"], events=events, ax=ax)
        legend, with_ticks, axes = _below(ax, fig)
        fig.savefig(os.path.join(os.environ.get("TERMSHIFT_PLOTS_DIR") or tmp_path, f"sparse_{kind}.png"))  # to look at
        texts = [t.get_text() for t in ax.get_legend().get_texts()]
    plt.close(fig)
    figure_width = fig.get_figwidth() * fig.dpi
    assert legend.y1 <= with_ticks.y0 + 1 or legend.y1 <= axes.y0 - 10, "the legend sits below the tick labels"
    assert not legend.overlaps(axes), "the legend covers no data"
    assert axes.width >= 0.75 * figure_width, "the data keep the figure's width (no legend beside them)"
    assert legend.width <= figure_width
    drawn = [t for t in texts if t.startswith(("Government panel report", "New security documents"))]
    inside = events[(events["date"] >= corpus["date"].min()) & (events["date"] <= corpus["date"].max())]
    assert len(inside) >= 2 and len(drawn) == len(inside), texts  # every shipped event the dates cover
    assert any(t.startswith("most months (") and "try freq='quarter'" in t.replace("\n", " ") for t in texts), texts


def test_sparse_note_and_legend_on_dense_data_stay_quiet():
    assert plots.sparse_note([5, 6, 7, 1], "M") is None
    assert plots.sparse_note([0, 0, 9], "quarter") == "most quarters (2 of 3) hold fewer than 5 documents: try freq='year'"
    assert plots.sparse_note([0, 0, 9], "year") == "most years (2 of 3) hold fewer than 5 documents"
    assert plots.sparse_note([1, 1, 9], "month", min_docs=1) is None


def test_a_change_that_is_not_significant_draws_no_set():
    share = pd.DataFrame({"period": ["2022-01", "2022-02", "2022-03"], "share": [0.2, 0.5, 0.4]})
    weak = SimpleNamespace(change_period="2022-02", change_period_low="2022-01", change_period_high="2022-03",
                           share_before=0.2, share_after=0.45, p_value=1.0, ci=0.95)
    strong = SimpleNamespace(**{**vars(weak), "p_value": 0.01})
    with plots.use_style():
        ax = plots.plot_contest(share, change=weak)
        labels = ax.get_legend_handles_labels()[1]
        assert "change period: 95% interval" not in labels
        assert "change: 2022-02 (not significant, p = 1.000)" in labels
        ax2 = plots.plot_contest(share, change=strong)
        assert {"change period: 95% interval", "change: 2022-02"} <= set(ax2.get_legend_handles_labels()[1])
# ----------------------------------------------------------------------------- labels from the tables (issue 23)


def test_bands_take_their_level_and_method_from_the_table():
    from termshift.datasets import simulated_contest, simulated_rates
    from termshift.stats import rates, share

    r = rates(simulated_rates(periods=6, docs_per_period=(3, 5), random_state=1), {"term": ["term"]}, ci=0.90)
    labels = legend_labels(plots.plot_trajectory(r))
    assert any("shaded: 90% interval (quasi-poisson)" in t for t in labels) and not any("95%" in t for t in labels)
    s = share(simulated_contest(periods=6, random_state=1), {"a": ["a"], "b": ["b"]}, "a", "b", ci=0.8)
    assert "share: 80% interval (jeffreys)" in legend_labels(plots.plot_contest(s))
    plt.close("all")


def test_change_set_is_drawn_with_its_gaps():
    periods = pd.period_range("2020-01", periods=12, freq="M")
    table = pd.DataFrame({"period": periods, "count_a": 5, "count_b": 5, "share": 0.5})
    change = SimpleNamespace(change_period="2020-04", change_period_low="2020-02", change_period_high="2020-09",
                             change_set=["2020-02", "2020-03", "2020-04", "2020-08", "2020-09"], ci=0.9,
                             share_before=0.4, share_after=0.6)
    ax = plots.plot_contest(table, change=change)
    spans = [p for p in ax.patches if "likelihood set" in str(p.get_label())]
    assert len(spans) == 2  # 2020-02..04 and 2020-08..09, not one span over the gap
    assert "change period: 90% likelihood set (with gaps)" in legend_labels(ax)
    plt.close("all")
