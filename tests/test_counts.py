"""Counts by period: zero-filled periods, rates, per-term credit, additivity."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from termshift import ParameterError, aggregate, count_terms, document_counts, from_frame
from termshift.counts import period_freq, period_index

TERMS = {"pre": ["pre-emptive strike", "pre-emptive"], "counter": ["counter-strike capabilit*", "counter-strike"]}


def corpus(rows, boilerplate="caps"):
    return from_frame(pd.DataFrame(rows, columns=["date", "text"]), boilerplate=boilerplate)


SMALL = corpus([
    ("2022-01-10", "A preemptive strike. A pre-emptive strike!"),        # 7 tokens (pre-emptive is 2), pre 2
    ("2022-01-20", "Nothing here at all."),                               # 4 tokens
    ("2022-03-05", "Counterstrike capability and counter-strike; preemptive."),  # 6 tokens, counter 2, pre 1
])


def test_period_rows_zero_filled_and_hand_computed_rates():
    t = count_terms(SMALL, TERMS, freq="month")
    assert t.columns.tolist() == ["period", "family", "label", "count", "docs", "n_docs", "n_tokens", "per_10k",
                                  "doc_share"]
    assert isinstance(t.period.dtype, pd.PeriodDtype)
    assert t.period.astype(str).tolist() == ["2022-01", "2022-01", "2022-02", "2022-02", "2022-03", "2022-03"]
    pre = t[t.family == "pre"].set_index("period")
    assert pre["count"].tolist() == [2, 0, 1]
    assert pre["docs"].tolist() == [1, 0, 1]
    assert pre["n_docs"].tolist() == [2, 0, 1]
    assert pre["n_tokens"].tolist() == [11, 0, 6]
    assert pre.loc["2022-01", "per_10k"] == pytest.approx(2 / 11 * 1e4)
    assert pre.loc["2022-03", "per_10k"] == pytest.approx(1 / 6 * 1e4)
    assert np.isnan(pre.loc["2022-02", "per_10k"]) and np.isnan(pre.loc["2022-02", "doc_share"])
    assert pre.loc["2022-01", "doc_share"] == 0.5
    counter = t[t.family == "counter"].set_index("period")
    assert counter["count"].tolist() == [0, 0, 2]


@pytest.mark.parametrize("freq,periods", [
    ("day", 55), ("week", 8), ("month", 3), ("quarter", 1), ("year", 1), ("Q", 1), ("M", 3)])
def test_freqs(freq, periods):
    t = count_terms(SMALL, TERMS, freq=freq)
    assert t.period.nunique() == periods
    assert t.groupby("family")["count"].sum().to_dict() == {"counter": 2, "pre": 3}


def test_periods_are_periods_in_python_and_text_when_written():
    for freq, text, alias in [("quarter", "2022Q1", "Q"), ("year", "2022", "Y"), ("week", "2022-01-10/2022-01-16", "W")]:
        period = count_terms(SMALL, TERMS, freq=freq).period
        assert isinstance(period.iloc[0], pd.Period) and period.iloc[0].freqstr.startswith(alias)
        assert str(period.iloc[0]) == text
        written = count_terms(SMALL, TERMS, freq=freq).to_csv(index=False).splitlines()[1]
        assert written.startswith(text + ",")


def test_count_terms_is_aggregate_of_document_counts():
    from termshift.counts import aggregate

    direct = count_terms(SMALL, TERMS, freq="month", level="term")
    assert aggregate(document_counts(SMALL, TERMS, level="term"), TERMS, "month").equals(direct)
    family = count_terms(SMALL, TERMS, freq="month")
    assert aggregate(document_counts(SMALL, TERMS), TERMS, "M").equals(family)
    with pytest.raises(ParameterError, match="document_counts"):
        aggregate(SMALL, TERMS, "month")


def test_per_term_credit_goes_to_the_winning_term():
    t = count_terms(SMALL, TERMS, freq="year", level="term")
    got = dict(zip(zip(t.family, t.term), t["count"]))
    assert got == {("pre", "pre-emptive strike"): 2, ("pre", "pre-emptive"): 1,
                   ("counter", "counter-strike capabilit*"): 1, ("counter", "counter-strike"): 1}


def test_document_counts_aligned_with_corpus():
    dc = document_counts(SMALL, TERMS)
    assert dc.index.equals(SMALL.index)
    assert dc[["pre", "counter"]].to_numpy().tolist() == [[2, 0], [0, 0], [1, 2]]
    assert dc.n_tokens.tolist() == [7, 4, 6]


def test_bad_arguments():
    with pytest.raises(ParameterError, match="freq='fortnight' is not a period"):
        count_terms(SMALL, TERMS, freq="fortnight")
    with pytest.raises(ParameterError, match="string received"):
        count_terms("corpus/", TERMS)
    with pytest.raises(ParameterError, match="level="):
        count_terms(SMALL, TERMS, level="word")
    assert period_freq("Y") == "Y"
    assert len(period_index([], "M")) == 0


def test_parallel_equals_serial():
    big = corpus([(f"2022-{m:02d}-01", "A preemptive strike, counterstrike capability. " * 50) for m in range(1, 13)]
                 * 3)
    serial = count_terms(big, TERMS, n_jobs=1)
    parallel = count_terms(big, TERMS, n_jobs=2)
    pd.testing.assert_frame_equal(serial, parallel)


SENTENCES = ["A pre-emptive strike.", "Counter-strike capabilities!", "preemptive", "Nothing.", "COUNTERSTRIKE",
             "pre emptive strike", "\n"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 12), st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=5)),
                min_size=2, max_size=12),
       st.integers(1, 11))
def test_count_of_whole_equals_sum_over_parts(docs, cut):
    rows = [(f"2022-{m:02d}-15", "x " + " ".join(s)) for m, s in docs]
    whole = corpus(rows)
    cut = min(cut, len(rows) - 1)
    parts = [corpus(rows[:cut]), corpus(rows[cut:])]

    def totals(c):
        t = count_terms(c, TERMS, freq="year")
        return t.groupby("family")[["count", "docs", "n_docs", "n_tokens"]].sum()

    assert totals(whole).equals(totals(parts[0]) + totals(parts[1]))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=8))
def test_counts_invariant_to_case(sentences):
    text = "x " + " ".join(sentences)
    # boilerplate detection looks at capitals by design, so it is off here: this is about matching
    lower = count_terms(corpus([("2022-01-01", text.lower())], boilerplate=None), TERMS)
    upper = count_terms(corpus([("2022-01-01", text.upper())], boilerplate=None), TERMS)
    assert lower["count"].tolist() == upper["count"].tolist()


def test_frames_with_missing_dates_or_non_text_are_refused_naming_the_rows():
    bad = pd.DataFrame({"doc_id": ["a", "b", "c"], "date": pd.to_datetime(["2022-01-01", None, "2022-01-03"]),
                        "text": ["preemptive", "x", None]})
    with pytest.raises(ParameterError) as info:
        count_terms(bad, TERMS)
    assert info.value.problems == [
        "row 1 (b): no date; give every document a date (termshift.from_frame checks them)",
        "row 2 (c): no text; fill it in or drop the row",
    ]


@pytest.mark.parametrize("freq", ["day", "week", "month", "quarter", "year"])
def test_period_ordinals_are_pandas_ordinals(freq):
    """The numpy-only ordinals (the streamed count's period keys) equal pandas' own, 1678-2262."""
    from termshift.periods import period_ordinals

    rng = np.random.default_rng(5)
    lo, hi = pd.Timestamp("1678-01-01").value, pd.Timestamp("2262-04-11").value
    stamps = np.sort(rng.integers(lo, hi, 5000)).astype("datetime64[ns]")
    stamps = np.concatenate([stamps, np.array(["1969-12-28", "1969-12-29", "1970-01-01", "1970-01-04", "1970-01-05",
                                               "2000-02-29T23:59:59.999999999"], dtype="datetime64[ns]")])
    expected = pd.PeriodIndex(pd.DatetimeIndex(stamps).to_period(period_freq(freq))).asi8
    assert (period_ordinals(stamps, freq) == expected).all()


def test_period_sums_of_pieces_with_their_own_groups_add_up_to_aggregate():
    """The one reduction (termshift.period_sums): pieces that each number their groups in their own order,
    summed and added in any order, give aggregate's table; checked against a pandas groupby too."""
    from termshift.counts import period_table
    from termshift.period_sums import PeriodSums, period_sums

    rng = np.random.default_rng(5)
    n = 200
    texts = ["A preemptive strike.", "Counter-strike capability, counter-strike.", "Nothing.", "Pre-emptive!"]
    frame = pd.DataFrame({"date": (np.datetime64("2021-11-01") + rng.integers(0, 500, n).astype("timedelta64[D]")
                                   ).astype("datetime64[ns]").astype(str),
                          "text": [texts[i] for i in rng.integers(0, len(texts), n)],
                          "outlet": rng.choice(["x", "a", "m"], n)})
    dc = document_counts(from_frame(frame), TERMS, by="outlet", level="term")
    keys = [(f, t) for f, t in dc.columns if f in TERMS and t]
    matrix = dc[keys].to_numpy()
    for freq in ("week", "month", "year"):
        pieces = np.split(rng.permutation(n), [50, 51, 120])
        total = PeriodSums(len(keys))
        for piece in pieces[::-1]:
            outlets = dc[("outlet", "")].to_numpy()[piece]
            own = list(dict.fromkeys(outlets.tolist()))  # this piece's groups, in its own order
            codes = np.array([own.index(o) for o in outlets], np.int64)
            total.add(period_sums(dc[("date", "")].to_numpy()[piece], matrix[piece],
                                  dc[("n_tokens", "")].to_numpy()[piece], freq, groups=[(o,) for o in own],
                                  group_codes=codes))
        assert total.n == n
        table = period_table(TERMS, keys, total, freq, term_level=True, by_cols=["outlet"])
        pd.testing.assert_frame_equal(table, aggregate(dc, TERMS, freq, by="outlet"))
        # independently: a pandas groupby of the per-document counts
        flat = pd.DataFrame({"outlet": dc[("outlet", "")], "period": dc[("date", "")].dt.to_period(period_freq(freq)),
                             "count": matrix[:, 0], "tokens": dc[("n_tokens", "")]})
        sums = flat.groupby(["outlet", "period"]).sum()
        first = table[table["term"] == keys[0][1]].set_index(["outlet", "period"])
        assert first.loc[sums.index, "count"].tolist() == sums["count"].tolist()
        assert first.loc[sums.index, "n_tokens"].tolist() == sums["tokens"].tolist()
        assert first["count"].sum() == matrix[:, 0].sum()
