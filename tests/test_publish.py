"""Tables for papers (termshift.publish): layouts, styles, and the exact bytes of LaTeX, Markdown and CSV."""

import math

import pandas as pd
import pytest

from termshift.errors import ParameterError
from termshift.publish import Table, escape_latex, format_estimate, format_number, table, to_csv, to_latex, to_markdown

NAN = float("nan")


def share_frame():
    s = pd.DataFrame({"period": pd.PeriodIndex(["2021-01", "2021-02", "2021-03"], freq="M"),
                      "count_a": [1, 0, 4], "count_b": [3, 0, 1], "share": [0.25, NAN, 0.8],
                      "share_low": [0.0, NAN, 0.5], "share_high": [0.5, NAN, 1.0], "n_docs": [4, 0, 5]})
    s.attrs["a"], s.attrs["b"] = ["cs"], ["pre"]
    return s


def trend_frame():
    return pd.DataFrame({"family": ["cs", "pre"], "label": ["Counter_strike", "Pre-emptive"], "value": "per_10k",
                         "freq": "year", "first_period": "2021", "last_period": "2023", "n_periods": [3, 3],
                         "n_excluded": [0, 0], "excluded": ["", ""], "tau": [1.0, -1.0], "p_value": [0.3333, 0.0004],
                         "slope": [74.4237, -65.5538], "slope_low": [73.1387, -77.7678],
                         "slope_high": [75.7086, -53.3399], "intercept": [16.2, 135.5]})


def rates_frame(**extra):
    return pd.DataFrame({"period": pd.PeriodIndex(["2021", "2021", "2022", "2022"], freq="Y"),
                         "family": ["pre", "cs"] * 2, "label": ["Preemptive", "Counterstrike"] * 2,
                         "count": [7, 1, 2, 9], "docs": [5, 1, 2, 6], "n_docs": [10, 10, 12, 12],
                         "n_tokens": [1000, 1000, 1200, 1200], "per_10k": [70.0, 10.0, 16.6667, 75.0],
                         "per_10k_low": [40.0, 0.0, 0.0, 50.5], "per_10k_high": [100.0, 30.0, 41.3, 99.0],
                         "doc_share": [0.5, 0.1, 1 / 6, 0.5], **extra})


def test_numbers_are_fixed_and_never_negative_zero():
    assert format_number(-0.0001, 2) == "0.00"
    assert format_number(-0.004, 2) == "0.00" and format_number(-0.006, 2) == "-0.01"
    assert format_number(1234.5678, 1) == "1234.6" and format_number(7) == "7"
    assert format_number(None) == "NA" and format_number(NAN, na="--") == "--"
    assert format_estimate(1.0, 0.5, 1.5, style="estimate (lo; hi)", digits=0) == "1 (0; 2)"
    assert format_estimate(1.0, NAN, 1.5) == "1.00"  # no interval: the estimate alone


def test_style_is_checked():
    with pytest.raises(ParameterError, match="estimate, lo and hi"):
        table(share_frame(), style="value [low, high]")
    with pytest.raises(ParameterError, match="both ends"):
        table(share_frame(), style="estimate [lo]")
    with pytest.raises(ParameterError) as e:
        table(share_frame(), digits=-1, p_digits=True)
    assert len(e.value.problems) == 2


def test_unknown_result_is_named():
    with pytest.raises(ParameterError, match="not the output of count_terms, rates, share"):
        table(pd.DataFrame({"x": [1]}))
    with pytest.raises(ParameterError, match="DataFrame, ShiftResult or GroupShiftResult"):
        table([1, 2])


def test_rates_markdown_exact():
    expected = (
        "| Period |         Preemptive |     Counterstrike | Documents |\n"
        "|:-------|-------------------:|------------------:|----------:|\n"
        "| 2021   | 70.0 [40.0, 100.0] |  10.0 [0.0, 30.0] |        10 |\n"
        "| 2022   |   16.7 [0.0, 41.3] | 75.0 [50.5, 99.0] |        12 |\n"
        "\n"
        "Cells: mentions per 10,000 tokens, estimate [lo, hi]; Documents: documents in the period.\n"
    )
    assert to_markdown(table(rates_frame(), digits=1)) == expected


def test_count_terms_without_interval_and_another_value():
    counts = rates_frame().drop(columns=["per_10k_low", "per_10k_high"])
    t = table(counts, value="count")
    assert t.kind == "count_terms"
    assert t.frame.values.tolist() == [["2021", "7", "1", "10"], ["2022", "2", "9", "12"]]
    with pytest.raises(ParameterError, match="value='tau'"):
        table(counts, value="tau")


def test_grouping_columns_become_row_keys():
    df = pd.concat([rates_frame(outlet="Asahi"), rates_frame(outlet="Yomiuri")], ignore_index=True)
    t = table(df, style="estimate", digits=0)
    assert list(t.frame.columns) == ["Period", "outlet", "Preemptive", "Counterstrike", "Documents"]
    assert t.frame.values.tolist()[2] == ["2021", "Yomiuri", "70", "10", "10"]  # rows in the order of the result


def test_share_latex_exact_with_caption_and_escapes():
    expected = (
        "% Share of cs: mentions of cs / (mentions of cs + mentions of pre), estimate (lo--hi) (document-bootstrap "
        "interval); NA where neither occurs.\n"
        "\\begin{table}[htbp]\n"
        "\\centering\n"
        "\\caption{Share of A \\& B, 50\\%}\n"
        "\\label{tab:share}\n"
        "\\begin{tabular}{lrrrr}\n"
        "\\toprule\n"
        "Period & Mentions of cs & Mentions of pre & Share of cs & Documents \\\\\n"
        "\\midrule\n"
        "2021-01 & 1 & 3 & 0.25 (0.00--0.50) & 4 \\\\\n"
        "2021-02 & 0 & 0 & NA & 0 \\\\\n"
        "2021-03 & 4 & 1 & 0.80 (0.50--1.00) & 5 \\\\\n"
        "\\bottomrule\n"
        "\\end{tabular}\n"
        "\\end{table}\n"
    )
    t = table(share_frame(), style="estimate (lo\u2013hi)")
    assert to_latex(t, caption="Share of A & B, 50%", label="tab:share") == expected


def test_trend_csv_exact_neutralises_formulas():
    expected = (
        "Family,Periods,Kendall tau,p-value,Theil\u2013Sen slope\n"
        'Counter_strike,3,1.00,0.333,"74.42 [73.14, 75.71]"\n'
        "Pre-emptive,3,-1.00,< 0.001,\"'-65.55 [-77.77, -53.34]\"\n"
    )
    assert to_csv(table(trend_frame())) == expected


def test_trend_latex_escapes_label_and_p():
    lines = to_latex(table(trend_frame())).splitlines()
    assert lines[5] == "Counter\\_strike & 3 & 1.00 & 0.333 & 74.42 [73.14, 75.71] \\\\"
    assert lines[6] == "Pre-emptive & 3 & -1.00 & \\textless{} 0.001 & -65.55 [-77.77, -53.34] \\\\"
    assert lines[2:4] == ["\\toprule", "Family & Periods & Kendall tau & p-value & Theil--Sen slope \\\\"]


def test_keyness_markdown_exact_top():
    k = pd.DataFrame({"term": ["capability", "preemptive", "strike"], "kind": "token", "count_a": [18, 104, 114],
                      "count_b": [164, 17, 36], "g2": [-98.381561, 96.706382, 67.803818],
                      "p_value": [3.45e-23, 8.04e-23, 0.0123], "log_ratio": [-2.784917, 3.015687, 2.065675],
                      "log_odds_z": [-5.17473, 5.40883, 4.659139]})
    expected = (
        "| Word       | Count in A | Count in B |     G\u00b2 | p-value | Log ratio | Log-odds z |\n"
        "|:-----------|-----------:|-----------:|-------:|--------:|----------:|-----------:|\n"
        "| capability |         18 |        164 | -98.38 | < 0.001 |     -2.78 |      -5.17 |\n"
        "| preemptive |        104 |         17 |  96.71 | < 0.001 |      3.02 |       5.41 |\n"
        "\n"
        "G\u00b2 signed (positive: more frequent in A); log ratio in base 2.\n"
    )
    assert to_markdown(table(k, top=2)) == expected
    assert "G\\textsuperscript{2}" in to_latex(table(k))


def test_shift_result_table():
    from termshift.stats import ShiftResult

    r = ShiftResult(["cs"], ["pre"], "month", "2022-06", 0.1232876, 0.9072164, 235.6357, 0.0196078, "2022-04",
                    "2022-07", 50, 20, 0.95, 0, pd.DataFrame())
    t = table(r, style="estimate (lo to hi)")
    assert t.frame.values.tolist() == [
        ["Change period", "2022-06 (2022-04 to 2022-07)"], ["Share of cs before", "0.12"],
        ["Share of cs after", "0.91"], ["Likelihood-ratio statistic", "235.64"],
        ["p-value (AR(1) sieve null)", "0.020"], ["Null series drawn", "50"], ["Bootstrap resamples", "20"]]
    assert "(95% likelihood confidence set)" in t.note
    r.null = "permutation"
    assert table(r).frame.values.tolist()[4:6] == [["Permutation p-value", "0.020"], ["Permutations", "50"]]


def test_tables_name_method_level_unit_and_adjustment():
    from termshift.datasets import simulated_rates
    from termshift.stats import rates

    r = rates(simulated_rates(periods=4, random_state=0), {"term": ["term"]}, ci=0.9)
    assert "(90% quasi-Poisson interval)" in table(r).note
    from termshift.keyness import keyness

    k = keyness(pd.DataFrame({"doc_id": list("abcd"), "date": pd.to_datetime(["2020-01-01", "2020-02-01",
                                                                               "2023-01-01", "2023-02-01"]),
                              "text": ["war war talk", "war peace", "peace talk", "peace peace"]}), "2022-01-01")
    t = table(k)
    assert "p (Holm)" in t.frame.columns and "document-level" in t.note and "Holm" in t.note


def test_trend_with_autocorrelation_and_no_groups():
    """trend's diagnostic columns are not row keys (attrs by=[]); the lag-1 autocorrelation gets a column."""
    df = trend_frame().assign(tau_convention="tau-b", method="hamed-rao", lag1_autocorr=[0.5468, -0.1],
                              variance_factor=[6.63, 1.0])
    df.attrs.update(method="hamed-rao", by=[])
    t = table(df)
    assert list(t.frame.columns) == ["Family", "Periods", "Kendall tau", "p-value", "Lag-1 autocorrelation",
                                     "Theil\u2013Sen slope"]
    assert t.frame.values.tolist()[0] == ["Counter_strike", "3", "1.00", "0.333", "0.55", "74.42 [73.14, 75.71]"]
    assert t.align == ("l", "r", "r", "r", "r", "r") and "Hamed\u2013Rao" in t.note
    grouped = pd.concat([df.assign(outlet="A"), df.assign(outlet="B")], ignore_index=True)
    grouped.attrs.update(by=["outlet"])
    assert list(table(grouped).frame.columns)[:2] == ["Family", "outlet"]


def test_group_shift_result_table():
    from termshift.stats import GroupShiftResult, ShiftResult

    def one(cp, lo, hi):
        t = pd.DataFrame({"count_a": [1, 9], "count_b": [9, 1]})
        return ShiftResult(["cs"], ["pre"], "month", cp, 0.1, 0.9, 40.0, 0.001, lo, hi, 999, 200, 0.95, 0, t)

    r = GroupShiftResult(["outlet"], pd.DataFrame({"outlet": ["Asahi", "Yomiuri"]}),
                         [one("2022-03", "2022-02", "2022-03"), one("2022-10", "2022-10", "2022-10")],
                         {"Mainichi": "mentions in fewer than two periods"}, "2022-10", 42.6, 0.0049, 200)
    t = table(r)
    assert t.kind == "group_shift"
    assert t.frame.values.tolist() == [["Asahi", "2022-03 [2022-02, 2022-03]", "0.10", "0.90", "0.001", "20"],
                                       ["Yomiuri", "2022-10 [2022-10, 2022-10]", "0.10", "0.90", "0.001", "20"]]
    assert list(t.frame.columns) == ["outlet", "Change period", "Share of cs before", "Share of cs after",
                                     "p-value", "Mentions"]
    assert "Different change times: LR = 42.60, p = 0.005 (parametric bootstrap, 200 draws; one common change " \
           "period would be 2022-10)." in t.note
    assert "No change point for Mainichi: mentions in fewer than two periods." in t.note
    r.p_different = 0.0001
    assert "LR = 42.60, p < 0.001 (" in table(r).note


def test_markdown_escapes_pipes_and_newlines():
    t = Table(pd.DataFrame({"a|b": ["x\ny", "p|q"]}), align=("l",))
    assert to_markdown(t) == "| a\\|b |\n|:-----|\n| x y  |\n| p\\|q |\n"


def test_latex_specials():
    assert escape_latex("#$%&_{}~^\\") == "\\#\\$\\%\\&\\_\\{\\}\\textasciitilde{}\\textasciicircum{}\\textbackslash{}"


def test_plain_dataframe_is_written_too():
    df = pd.DataFrame({"word": ["=cmd"], "n": [1.5]})
    assert to_csv(df) == "word,n\n'=cmd,1.50\n"
    assert to_markdown(df) == "| word |    n |\n|:-----|-----:|\n| =cmd | 1.50 |\n"


def test_same_input_same_bytes_on_real_results():
    import termshift as ts

    corpus, terms = ts.synthetic(), ts.synthetic_terms()
    results = [ts.count_terms(corpus, terms, freq="year"),
               ts.rates(corpus, terms, freq="year", n_boot=50, random_state=1),
               ts.share(corpus, terms, "counterstrike", "preemptive", freq="year", n_boot=50, random_state=1),
               ts.trend(corpus, terms, ["counterstrike", "preemptive"], freq="year"),
               ts.keyness.keyness(corpus, "2022-06-01").head(5),
               ts.shift(corpus, terms, "counterstrike", "preemptive", freq="month", n_perm=19, n_boot=10),
               ts.shift(ts.synthetic(outlets={"A": "2022-03-01", "B": "2022-10-01"}), terms, "counterstrike",
                        "preemptive", freq="month", n_perm=19, n_boot=10, by="outlet")]
    kinds = []
    for r in results:
        t1, t2 = table(r), table(r)
        kinds.append(t1.kind)
        for write in (to_latex, to_markdown, to_csv):
            a, b = write(t1).encode(), write(t2).encode()
            assert a == b and b"\r" not in a and a.endswith(b"\n")
        assert not any(isinstance(v, float) and math.isnan(v) for v in t1.frame.values.ravel())
    assert kinds == ["count_terms", "rates", "share", "trend", "keyness", "shift", "group_shift"]
