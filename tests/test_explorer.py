"""The notebook explorer (termshift.explorer): the widgets' callback without a browser, and the static fallback."""

import builtins

import pandas as pd
import pytest

import termshift as ts
from termshift import explorer


@pytest.fixture(scope="module")
def corpus():
    return ts.synthetic()


@pytest.fixture(scope="module")
def terms():
    return ts.synthetic_terms()


def test_widgets_follow_the_pickers(corpus, terms):
    pytest.importorskip("ipywidgets")
    ex = explorer.explore(corpus, terms, freq="quarter", max_lines=5)
    assert isinstance(ex, explorer.Explorer) and ex.widget is not None
    assert set(ex.counts["family"]) == {"preemptive", "counterstrike"}
    assert ex.period_picker.options[0] == explorer.ALL_PERIODS and "2022Q2" in ex.period_picker.options
    ex.period_picker.value = "2022Q2"  # what a click does: the observer calls update
    expected = ts.count_terms(corpus, terms, freq="quarter")
    expected = expected[expected["period"].astype(str) == "2022Q2"]
    assert ex.counts["count"].tolist() == expected["count"].tolist()
    k = pd.concat([ts.kwic(corpus, terms, f) for f in ("preemptive", "counterstrike")])
    in_period = k[k["date"].dt.to_period("Q").astype(str) == "2022Q2"]
    assert ex.n_lines == len(in_period) and len(ex.lines) == 5 and (ex.lines["period"] == "2022Q2").all()
    assert f"{len(in_period)} KWIC line(s), first 5 shown" in ex.lines_out.value
    ex.family_picker.value = ("counterstrike",)
    assert set(ex.counts["family"]) == {"counterstrike"} and set(ex.lines["family"]) == {"counterstrike"}
    assert "counterstrike" in ex.counts_out.value and "preemptive strike" not in ex.lines_out.value.lower()


def test_update_is_the_callback(corpus, terms):
    pytest.importorskip("ipywidgets")
    ex = explorer.Explorer(corpus, terms, freq="year")
    counts, lines = ex.update(["preemptive"], "2021")
    assert counts["period"].astype(str).tolist() == ["2021"] and counts["family"].tolist() == ["preemptive"]
    assert (lines["period"] == "2021").all() and ex.n_lines == int(counts["count"].iloc[0])
    counts, lines = ex.update([], explorer.ALL_PERIODS)
    assert counts.empty and lines.empty
    with pytest.raises(ValueError, match="period '1999'"):
        ex.update(["preemptive"], "1999")


def test_without_ipywidgets_a_static_table(corpus, terms, monkeypatch, capsys):
    real_import = builtins.__import__

    def no_widgets(name, *args, **kwargs):
        if name == "ipywidgets" or name.startswith("ipywidgets."):
            raise ImportError("No module named 'ipywidgets'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_widgets)
    table = explorer.explore(corpus, terms, freq="year")
    assert isinstance(table, pd.DataFrame) and table.attrs["note"] == explorer.WIDGETS_NOTE
    assert "pip install ipywidgets" in capsys.readouterr().out
    counts = ts.count_terms(corpus, terms, freq="year")
    assert list(table.columns) == ["Preemptive strike", "Counterstrike capability"]
    assert table["Preemptive strike"].tolist() == counts[counts["family"] == "preemptive"]["count"].tolist()
