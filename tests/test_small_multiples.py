"""Small multiples per group (plots.plot_by_group): panels, titles, shared axes and one legend; never pixels."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from termshift import ParameterError, TermSet, document_counts, from_frame, plots, share, shift
from termshift.plots import plot_by_group
from termshift.small_multiples import group_titles

TERMS = TermSet.from_dict({"cs": {"label": "Counterstrike", "terms": ["counterstrike"]},
                           "pre": {"label": "Preemptive", "terms": ["preemptive"]}})
MONTHS = [f"2022-{m:02d}" for m in range(1, 9)]
SWITCH = {"North": 3, "South": 6}  # the month index from which each outlet says counterstrike


def corpus():
    rows = []
    for outlet, switch in SWITCH.items():
        for m, month in enumerate(MONTHS):
            for d in range(6):
                word = "counterstrike" if m >= switch else "preemptive"
                rows.append({"doc_id": f"{outlet}-{m}-{d}", "date": f"{month}-{d + 1:02d}", "outlet": outlet,
                             "text": f"The {word} debate went on. Another {word} plan was read."})
    return from_frame(pd.DataFrame(rows))


@pytest.fixture(scope="module")
def counts():
    return document_counts(corpus(), TERMS, by="outlet")


@pytest.fixture(scope="module")
def result(counts):
    return shift(counts, TERMS, "cs", "pre", freq="month", n_perm=99, n_boot=19, random_state=0, by="outlet")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_a_panel_per_group_titled_with_its_change_period_and_one_legend(counts, result):
    table = share(counts, TERMS, "cs", "pre", freq="month", by="outlet")
    axes = plot_by_group(table, changes=result, label_a="Counterstrike", label_b="Preemptive")
    fig = axes[0].figure
    assert len(axes) == 2 and all(ax.figure is fig for ax in axes)
    titles = [ax.get_title(loc="left") for ax in axes]
    for title, outlet, period, r in zip(titles, ["North", "South"], ["2022-04", "2022-07"], result.results):
        if r.p_value <= 1 - r.ci:  # a significant change: its period and its confidence set
            assert title.startswith(f"{outlet}: change {period}") and "95% interval [" in title, title
        else:  # issue 25: no set for a change the test does not show
            assert title == f"{outlet}: no significant change (p = {r.p_value:.3f}; best split {period})", title
    assert all(ax.get_legend() is None for ax in axes) and len(fig.legends) == 1
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert len(labels) == len(set(labels))
    assert "change period (in each title)" in labels and not any(label.startswith("change: ") for label in labels)
    assert "share of Counterstrike (vs Preemptive)" in labels
    assert fig.get_supylabel() == "share of Counterstrike"
    # each panel marks its own change: the dashed line at the start of its change period
    starts = [[line.get_xdata()[0] for line in ax.get_lines() if line.get_linestyle() == "--"] for ax in axes]
    assert [pd.Timestamp(s[0]) for s in starts] == [pd.Timestamp("2022-04-01"), pd.Timestamp("2022-07-01")]
    # shared axes
    assert axes[0].get_shared_x_axes().joined(axes[0], axes[1])
    assert axes[0].get_shared_y_axes().joined(axes[0], axes[1])


def test_a_group_shift_result_alone_draws_each_groups_own_table_and_change(result):
    axes = plot_by_group(result, label_a="Counterstrike")
    assert [ax.get_title(loc="left").split(":")[0] for ax in axes] == ["North", "South"]
    for ax, r in zip(axes, result.results):
        share_line = next(line for line in ax.get_lines() if line.get_label().startswith("share of"))
        np.testing.assert_allclose(share_line.get_ydata(), r.table["share"].to_numpy(dtype=float))


def test_any_plot_function_and_a_grid_with_an_empty_slot():
    rates = pd.DataFrame({"outlet": np.repeat(["A", "B", "C"], 3), "period": ["2022-01", "2022-02", "2022-03"] * 3,
                          "family": "cs", "label": "Counterstrike", "per_10k": np.arange(9.0)})
    axes = plot_by_group(rates, plots.plot_trajectory, by="outlet", ncols=2, band=False)
    fig = axes[0].figure
    assert [ax.get_title(loc="left") for ax in axes] == ["A", "B", "C"]
    assert len(fig.axes) == 3  # the fourth slot removed
    assert [ax.get_ylabel() for ax in axes] == ["", "", ""]  # one label for the shared value axis
    assert fig.get_supylabel() == "per 10,000 tokens"
    assert axes[1].xaxis.get_tick_params()["labelbottom"]  # nothing below B: its dates show
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["Counterstrike"]
    assert len(axes[0].get_lines()) == 1  # one line per panel, the group's rows only


def test_several_by_columns_and_the_table_attrs():
    table = pd.DataFrame({"outlet": ["A", "A", "B", "B"], "lang": ["en"] * 4, "period": ["2022-01", "2022-02"] * 2,
                          "count_a": [1, 2, 3, 4], "count_b": [1, 1, 1, 1], "share": [0.5, 0.67, 0.75, 0.8]})
    table.attrs["by"] = ["outlet", "lang"]
    axes = plot_by_group(table)
    assert [ax.get_title(loc="left") for ax in axes] == ["A / en", "B / en"]


def test_draws_into_a_given_figure_or_subfigure():
    fig = plots.figure(width="two")
    left, right = fig.subfigures(1, 2)
    table = pd.DataFrame({"outlet": ["A", "A", "B", "B"], "period": ["2022-01", "2022-02"] * 2,
                          "count_a": [1, 2, 3, 4], "count_b": [1, 1, 1, 1], "share": [0.5, 0.67, 0.75, 0.8]})
    axes = plot_by_group(table, by="outlet", fig=right)
    assert all(ax.figure is right for ax in axes) and len(right.legends) == 1 and not left.axes


def test_titles_say_why_a_group_has_no_change_point():
    class Changes:
        by = ["outlet"]
        results: list = []
        skipped = {"C": "mentions in fewer than two periods"}

        def keys(self):
            return []

    assert group_titles(["C", "D"], Changes()) == ["C: no change point (mentions in fewer than two periods)",
                                                    "D: no change point"]


def test_titles_give_no_confidence_set_for_a_change_that_is_not_significant():
    """Issue 25: notebook 07 showed one-month "95% sets" next to p = 1.000 for outlets with 3-5 mentions."""
    from types import SimpleNamespace

    weak = SimpleNamespace(change_period="2022-10", change_period_low="2022-10", change_period_high="2022-10",
                           p_value=1.0, ci=0.95)
    strong = SimpleNamespace(**{**vars(weak), "p_value": 0.004, "change_period_low": "2022-09"})

    class Changes:
        by = ["outlet"]
        results = [weak, strong]
        skipped: dict = {}

        def keys(self):
            return ["Tiny", "Big"]

    assert group_titles(["Tiny", "Big"], Changes()) == [
        "Tiny: no significant change (p = 1.000; best split 2022-10)",
        "Big: change 2022-10, 95% interval [2022-09, 2022-10]"]


def test_problems_are_named_together():
    table = pd.DataFrame({"period": ["2022-01"], "share": [0.5], "count_a": [1], "count_b": [1]})
    with pytest.raises(ParameterError) as err:
        plot_by_group(table, plot="contest", ncols=0, by="outlet")
    assert "ncols=0" in str(err.value) and "plot='contest'" in str(err.value)
    with pytest.raises(ParameterError, match="no column.*outlet"):
        plot_by_group(table, by="outlet")
    with pytest.raises(ParameterError, match="name the group column"):
        plot_by_group(table)


def test_a_change_for_a_group_missing_from_the_table_is_an_error(result):
    table = result.results[0].table.assign(outlet="North")
    with pytest.raises(ParameterError, match="'South' has a change but no rows"):
        plot_by_group(table, changes=result)


def test_plots_re_exports_it():
    assert plots.plot_by_group is plot_by_group and "plot_by_group" in plots.__all__


def test_one_sparse_note_for_all_panels_and_a_legend_no_wider_than_the_figure():
    """Issue 25: each panel's note ("29 of 36", "24 of 36") became two entries, and the legend overflowed."""
    periods = [f"2022-{m:02d}" for m in range(1, 7)]
    table = pd.DataFrame({"outlet": ["North"] * 6 + ["South"] * 6, "period": periods * 2,
                          "count_a": [1, 0, 2, 1, 0, 1] * 2, "count_b": [0, 1, 1, 0, 1, 1] * 2,
                          "share": [1, 0, 0.67, 1, 0, 0.5] * 2, "n_docs": [1, 1, 2, 9, 1, 3] + [1, 0, 1, 1, 9, 9]})
    axes = plot_by_group(table, by="outlet", label_a="a very long name of the first framing",
                         label_b="a very long name of the second framing")
    fig = axes[0].figure
    fig.canvas.draw()
    labels = [t.get_text().replace("\n", " ") for t in fig.legends[0].get_texts()]
    notes = [label for label in labels if label.startswith("most months")]
    assert notes == ["most months hold fewer than 5 documents: try freq='quarter'"], labels
    assert fig.legends[0].get_window_extent().width <= fig.bbox.width
