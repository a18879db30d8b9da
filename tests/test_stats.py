"""termshift.stats: rates, share, shift, trend against hand-computed values and scipy."""

import io
import itertools
import json
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as ss

from termshift.cli import main
from termshift.counts import count_terms, document_counts
from termshift.datasets import synthetic, synthetic_terms, write_synthetic
from termshift.errors import ParameterError
from termshift.paths import TERMS_FILE
from termshift.stats import ShiftResult, rates, share, shift, trend, wilson_interval

TERMS = {"pre": ["pre-emptive strike*"], "cs": ["counter-strike capabilit*", "counter-strike"]}

# Tokens and matches per document are written next to each text.
TINY = pd.DataFrame({
    "doc_id": ["d1", "d2", "d3", "d4"],
    "date": pd.to_datetime(["2022-01-05", "2022-01-20", "2022-03-02", "2022-03-15"]),
    "text": [
        "A preemptive strike was debated.",                     # 5 tokens, pre 1
        "Counterstrike capability, and a preemptive strike.",   # 6 tokens, pre 1, cs 1
        "Counterstrike capability. Counterstrike again.",       # 4 tokens, cs 2
        "Nothing to see here.",                                  # 4 tokens
    ],
})


def docs(spec):
    """A corpus from ``[(date, text), ...]``."""
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(spec))],
                         "date": pd.to_datetime([d for d, _ in spec]), "text": [t for _, t in spec]})


def row(table, period, family=None):
    sel = table["period"] == period
    if family is not None:
        sel &= table["family"] == family
    (i,) = np.flatnonzero(sel)
    return table.iloc[i]


# ----------------------------------------------------------------------------- wilson


def test_wilson_by_hand_and_scipy():
    # k=1, n=2, z=1.959964: center = (.5 + z^2/4) / (1 + z^2/2) = .5,
    # half = z / (1 + z^2/2) * sqrt(.25/2 + z^2/16) = 0.671052 * 0.604228 = 0.405469
    low, high = wilson_interval([1], [2])
    assert low[0] == pytest.approx(0.5 - 0.405469, abs=1e-6)
    assert high[0] == pytest.approx(0.5 + 0.405469, abs=1e-6)
    k = np.array([0, 1, 3, 7, 10, 25])
    n = np.array([5, 1, 10, 9, 10, 40])
    for ci in (0.9, 0.95):
        low, high = wilson_interval(k, n, ci)
        for ki, ni, lo, hi in zip(k, n, low, high):
            ref = ss.binomtest(int(ki), int(ni)).proportion_ci(confidence_level=ci, method="wilson")
            assert lo == pytest.approx(ref.low, abs=1e-9)
            assert hi == pytest.approx(ref.high, abs=1e-9)
    low, high = wilson_interval([0], [0])
    assert np.isnan(low[0]) and np.isnan(high[0])


# ----------------------------------------------------------------------------- rates


def test_rates_extends_count_terms_exactly():
    table = rates(TINY, TERMS, n_boot=50)
    ref = count_terms(TINY, TERMS)
    pd.testing.assert_frame_equal(table[ref.columns], ref)
    assert list(table.columns) == ["period", "family", "label", "count", "docs", "n_docs", "n_tokens", "per_10k",
                                   "per_10k_low", "per_10k_high", "doc_share", "doc_share_low", "doc_share_high",
                                   "thin", "dispersion", "interval"]


def test_rates_hand_computed():
    table = rates(TINY, TERMS, interval="bootstrap", n_boot=400, min_docs=1)
    r = row(table, "2022-01", "pre")
    assert (r["count"], r["docs"], r["n_docs"], r["n_tokens"]) == (2, 2, 2, 11)
    assert r["per_10k"] == pytest.approx(2 / 11 * 1e4)
    # Exact bootstrap of two documents (1/5 and 1/6 matches per token): resamples
    # {d1,d1} 2000, {d1,d2} 1818.2, {d2,d2} 1666.7, each extreme with probability 1/4,
    # so the 2.5% and 97.5% percentiles are the extremes.
    assert (r["per_10k_low"], r["per_10k_high"]) == pytest.approx((1e4 / 6, 1e4 / 5))
    r = row(table, "2022-01", "cs")
    assert r["per_10k"] == pytest.approx(1e4 / 11)
    assert (r["per_10k_low"], r["per_10k_high"]) == pytest.approx((0.0, 2 / 12 * 1e4))
    r = row(table, "2022-03", "cs")
    assert (r["count"], r["docs"], r["n_tokens"]) == (2, 1, 8)
    assert (r["per_10k"], r["per_10k_low"], r["per_10k_high"]) == pytest.approx((2500, 0, 5000))
    assert r["interval"] == "bootstrap"
    # doc_share 1/2: Wilson (0.094531, 0.905469), see test_wilson_by_hand_and_scipy
    assert (r["doc_share_low"], r["doc_share_high"]) == pytest.approx((0.094531, 0.905469), abs=1e-6)
    # the empty month is present, with NaN rates and bounds
    for fam in ("pre", "cs"):
        r = row(table, "2022-02", fam)
        assert r["n_docs"] == 0
        assert r[["per_10k", "per_10k_low", "per_10k_high", "doc_share", "doc_share_low",
                  "doc_share_high"]].isna().all()


def test_rates_bootstrap_agrees_with_scipy():
    corpus = synthetic(n_docs=400, random_state=5)
    terms = synthetic_terms()
    table = rates(corpus, terms, "Q", interval="bootstrap", n_boot=4000, random_state=1)
    dc = document_counts(corpus, terms)
    quarter = dc["date"].dt.to_period("Q").astype(str)
    for q in ("2021Q2", "2022Q4"):
        d = dc[quarter == q]
        ref = ss.bootstrap((d["counterstrike"].to_numpy(), d["n_tokens"].to_numpy()),
                           lambda c, t: c.sum() / t.sum() * 1e4, paired=True, vectorized=False,
                           n_resamples=4000, method="percentile", random_state=np.random.default_rng(0))
        r = row(table, q, "counterstrike")
        width = r["per_10k_high"] - r["per_10k_low"]
        # Monte Carlo error only: both are percentile intervals of the same bootstrap
        assert abs(r["per_10k_low"] - ref.confidence_interval.low) < 0.05 * width
        assert abs(r["per_10k_high"] - ref.confidence_interval.high) < 0.05 * width


def test_rates_seeded_and_family_independent():
    corpus = synthetic(n_docs=120, random_state=2)
    terms = synthetic_terms()
    a = rates(corpus, terms, interval="bootstrap", n_boot=100, random_state=7)
    pd.testing.assert_frame_equal(a, rates(corpus, terms, interval="bootstrap", n_boot=100, random_state=7))
    other = rates(corpus, terms, interval="bootstrap", n_boot=100, random_state=8)
    assert not a["per_10k_low"].equals(other["per_10k_low"])
    one = rates(corpus, terms, families=["counterstrike"], interval="bootstrap", n_boot=100, random_state=7)
    pd.testing.assert_frame_equal(one, a[a["family"] == "counterstrike"].reset_index(drop=True))


def test_rates_n_boot_zero_and_errors():
    table = rates(TINY, TERMS, interval="bootstrap", n_boot=0)
    assert table["per_10k_low"].isna().all() and table["doc_share_low"].notna().any()
    with pytest.raises(ParameterError) as err:
        rates(TINY, TERMS, n_boot=-1, ci=1.5, interval="wald")
    assert len(err.value.problems) == 3
    assert "n_boot=-1" in str(err.value) and "ci=1.5" in str(err.value)
    with pytest.raises(ParameterError, match="random_state='x': give a non-negative int seed"):
        rates(TINY, TERMS, random_state="x")
    with pytest.raises(ParameterError, match="no family 'nope'; families are pre, cs"):
        rates(TINY, TERMS, families=["nope"])
    with pytest.raises(ParameterError, match="string received"):
        rates("corpus", TERMS)


# ----------------------------------------------------------------------------- share


def test_share_hand_computed():
    table = share(TINY, TERMS, "cs", "pre", interval="bootstrap", n_boot=400, min_docs=1)
    assert list(table.columns) == ["period", "count_a", "count_b", "share", "share_low", "share_high", "n_docs",
                                   "docs_a", "docs_b", "docs_either", "thin", "dispersion", "interval"]
    assert table["period"].astype(str).tolist() == ["2022-01", "2022-02", "2022-03"]
    assert table["count_a"].tolist() == [1, 0, 2]
    assert table["count_b"].tolist() == [2, 0, 0]
    assert table["n_docs"].tolist() == [2, 0, 2]
    # 2022-01: d1 (0 of 1), d2 (1 of 2): resamples 0/2, 1/3, 2/4
    assert table["share"][0] == pytest.approx(1 / 3)
    assert (table["share_low"][0], table["share_high"][0]) == pytest.approx((0.0, 0.5))
    # neither framing in 2022-02: present, NaN
    assert table.loc[1, ["share", "share_low", "share_high"]].isna().all()
    # 2022-03: all A in one document; the zero-width bootstrap interval is replaced by Jeffreys' on 2 of 2
    # mentions. Dispersion: January's documents (0 of 1, 1 of 2; p = 1/3) give X2 = (1/2 - 1/3) / (2/9) = 0.75
    # on 1 df, March (p = 1) none: too few df, so the series' dispersion is borrowed: the three documents
    # around the series' share 3/5 give X2 = (0 + 1/2 + 4/2 - 3/5 x 3) / (3/5 x 2/5) = 35/12 on 2 df.
    assert table.loc[2, "share"] == 1.0 and table.loc[2, "interval"].startswith("jeffreys")
    assert table["dispersion"].tolist() == pytest.approx([35 / 24] * 3)
    low = ss.beta.ppf(0.025, 2 / (35 / 24) + 0.5, 0.5)
    assert (table.loc[2, "share_low"], table.loc[2, "share_high"]) == pytest.approx((low, 1.0))


def test_share_sums_families_and_matches_counts():
    terms = {"pre": ["pre-emptive strike*"], "cs": ["counter-strike"], "cap": ["capabilit*"]}
    table = share(TINY, terms, ["cs", "cap"], "pre", interval="bootstrap", n_boot=0)
    ref = count_terms(TINY, terms).pivot(index="period", columns="family", values="count")
    assert table["count_a"].tolist() == (ref["cs"] + ref["cap"]).tolist()
    assert table["count_b"].tolist() == ref["pre"].tolist()
    total = table["count_a"] + table["count_b"]
    np.testing.assert_allclose(table["share"], np.where(total > 0, table["count_a"] / total, np.nan))
    assert table["share_low"].isna().all()


def test_share_errors():
    with pytest.raises(ParameterError) as err:
        share(TINY, TERMS, "nope", ["pre", "zzz"])
    assert err.value.problems == ["a: no family 'nope'; families are pre, cs",
                                  "b: no family 'zzz'; families are pre, cs"]
    with pytest.raises(ParameterError, match="'cs' is on both sides"):
        share(TINY, TERMS, "cs", ["cs", "pre"])
    with pytest.raises(ParameterError, match="give a family id or a list"):
        share(TINY, TERMS, [], "pre")


# ----------------------------------------------------------------------------- shift

# Months Jan..Apr with (A = cs, B = pre) mentions (0, 2), (1, 3), (4, 0), (3, 1), one per document.
CONTEST = docs([("2022-01-03", "preemptive strike")] * 2
               + [("2022-02-03", "counterstrike")] + [("2022-02-04", "preemptive strike")] * 3
               + [("2022-03-03", "counterstrike")] * 4
               + [("2022-04-03", "counterstrike")] * 3 + [("2022-04-04", "preemptive strike")])


def _ll(x, n):
    return sum(v * math.log(v / n) for v in (x, n - x) if v > 0)


def test_shift_hand_computed():
    r = shift(CONTEST, TERMS, "cs", "pre", n_perm=0, n_boot=0)
    # l(all) = 8 ln(8/14) + 6 ln(6/14) = -9.560714
    # split before Mar: l(1 of 6) + l(7 of 8) = -2.703367 - 3.014161; LR = 7.686370
    # (before Feb: 3.845087; before Apr: 0.759803)
    assert r.change_period == "2022-03"
    assert r.lr_stat == pytest.approx(7.686370, abs=1e-6)
    assert r.lr_stat == pytest.approx(2 * (_ll(1, 6) + _ll(7, 8) - _ll(8, 14)))
    assert (r.share_before, r.share_after) == pytest.approx((1 / 6, 7 / 8))
    # likelihood set: dispersion = Pearson X2 of the better of step and trend / (T - q), here
    # the trend's; Feb is within phi * 3.841 of the best LR (7.686 - 3.845), Apr is not (7.686 - 0.760)
    cut = r.dispersion * ss.chi2.ppf(0.95, 1)
    assert 7.686370 - 3.845087 <= cut < 7.686370 - 0.759803
    assert (r.change_period_low, r.change_period_high, r.change_set) == ("2022-02", "2022-03",
                                                                         ["2022-02", "2022-03"])
    assert math.isnan(r.p_value) and math.isnan(r.p_step)
    assert r.table["segment"].tolist() == ["before", "before", "after", "after"]
    assert r.to_dict()["p_value"] is None


def test_shift_lr_agrees_with_scipy_binomial():
    """Brute force over every split with scipy's binomial log-pmf (the coefficients cancel)."""
    corpus = synthetic(n_docs=150, effect=(0.3, 0.7), random_state=4)
    r = shift(corpus, synthetic_terms(), "counterstrike", "preemptive", n_perm=0, n_boot=0)
    t = r.table
    x, n = t["count_a"].to_numpy(), (t["count_a"] + t["count_b"]).to_numpy()
    l0 = ss.binom.logpmf(x, n, x.sum() / n.sum()).sum()
    best = (-np.inf, None)
    for k in range(1, len(t)):
        if n[:k].sum() == 0 or n[k] == 0:
            continue
        p1, p2 = x[:k].sum() / n[:k].sum(), x[k:].sum() / n[k:].sum()
        lr = 2 * (ss.binom.logpmf(x[:k], n[:k], p1).sum() + ss.binom.logpmf(x[k:], n[k:], p2).sum() - l0)
        if lr > best[0] + 1e-9:
            best = (lr, str(t["period"][k]))
    assert r.lr_stat == pytest.approx(best[0])
    assert r.change_period == best[1]


def test_shift_change_inside_a_gap_is_dated_at_its_end():
    spec = [("2022-01-03", "preemptive strike")] * 3 + [("2022-02-03", "preemptive strike")] * 2 \
        + [("2022-03-10", "nothing here")] + [("2022-05-03", "counterstrike")] * 3
    r = shift(docs(spec), TERMS, "cs", "pre", n_perm=0, n_boot=0)
    assert r.change_period == "2022-05"
    assert r.table["period"].astype(str).tolist() == ["2022-01", "2022-02", "2022-03", "2022-04", "2022-05"]
    assert r.table["share"].isna().tolist() == [False, False, True, True, False]


def test_shift_permutation_p_values_by_enumeration():
    # Two mentioning documents: both orders give LR = 4 ln 2, so p = 1 exactly.
    r = shift(docs([("2022-01-03", "preemptive strike"), ("2022-02-03", "counterstrike")]), TERMS, "cs", "pre",
              n_perm=49, n_boot=0, null="permutation")
    assert r.lr_stat == pytest.approx(4 * math.log(2))
    assert r.p_value == 1.0
    # Three: A in the first month. Of the 6 orders, the 4 with A first or last reach
    # LR = -2 l(1 of 3) = 3.819085; the 2 with A in the middle give 1.046496. So p -> 2/3.
    r = shift(docs([("2022-01-03", "counterstrike"), ("2022-02-03", "preemptive strike"),
                    ("2022-03-03", "preemptive strike")]), TERMS, "cs", "pre", n_perm=999, n_boot=0,
              null="permutation")
    assert r.lr_stat == pytest.approx(-2 * _ll(1, 3))
    assert r.p_value == pytest.approx(2 / 3, abs=0.05)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_shift_recovers_planted_change(seed):
    corpus = synthetic(n_docs=240, change_date="2022-06-01", random_state=seed)
    r = shift(corpus, synthetic_terms(), "counterstrike", "preemptive", n_perm=199, n_boot=100, random_state=seed)
    assert r.change_period == "2022-06"
    assert r.p_value == 1 / 200
    assert r.change_period_low <= "2022-06" <= r.change_period_high
    assert r.share_before < 0.2 and r.share_after > 0.8


def test_shift_recovers_other_dates_and_quarters():
    r = shift(synthetic(change_date="2021-09-01", random_state=3), synthetic_terms(), "counterstrike",
              "preemptive", n_perm=0, n_boot=0)
    assert r.change_period == "2021-09"
    r = shift(synthetic(change_date="2022-07-01", random_state=3), synthetic_terms(), "counterstrike",
              "preemptive", "Q", n_perm=99, n_boot=50)
    assert (r.change_period, r.freq, r.p_value) == ("2022Q3", "quarter", 0.01)  # the name, not the alias "Q"


def test_shift_no_change_is_not_significant():
    corpus = synthetic(n_docs=240, effect=(0.5, 0.5), random_state=0)
    r = shift(corpus, synthetic_terms(), "counterstrike", "preemptive", n_perm=199, n_boot=50)
    assert r.p_value > 0.1


def test_shift_seeded_and_json_safe():
    corpus = synthetic(n_docs=120, effect=(0.3, 0.7), random_state=1)
    args = (corpus, synthetic_terms(), "counterstrike", "preemptive")
    r1 = shift(*args, n_perm=99, n_boot=50, random_state=5)
    r2 = shift(*args, n_perm=99, n_boot=50, random_state=5)
    assert r1.to_dict() == r2.to_dict()
    pd.testing.assert_frame_equal(r1.table, r2.table)
    assert isinstance(r1, ShiftResult)
    d = json.loads(json.dumps(r1.to_dict(), allow_nan=False))
    for key in ("change_period", "share_before", "share_after", "lr_stat", "p_value", "change_period_low",
                "change_period_high"):
        assert key in d
    assert list(r1.table.columns) == ["period", "count_a", "count_b", "share", "share_low", "share_high", "n_docs",
                                      "docs_a", "docs_b", "docs_either", "thin", "dispersion", "interval",
                                      "segment", "regime"]
    assert d["shape"] in ("step", "gradual", "none") and "permutation" in d["p_value_meaning"]


def test_shift_errors():
    with pytest.raises(ParameterError, match="at least two periods") as err:
        shift(docs([("2022-01-03", "counterstrike, preemptive strike")]), TERMS, "cs", "pre")
    # issue 25: the hint never suggests the period already in use
    assert "e.g. freq='week'" in str(err.value) and "e.g. freq='month'" not in str(err.value)
    for freq, hint in (("year", "e.g. freq='quarter'"), ("quarter", "e.g. freq='month'"), ("day", "use more documents")):
        with pytest.raises(ParameterError, match="at least two periods") as err:
            shift(docs([("2022-01-03", "counterstrike, preemptive strike")]), TERMS, "cs", "pre", freq=freq)
        assert hint in str(err.value) and f"e.g. freq={freq!r}" not in str(err.value), freq
    with pytest.raises(ParameterError, match="b: no family 'nope'"):
        shift(TINY, TERMS, "cs", "nope")
    with pytest.raises(ParameterError) as err:
        shift(TINY, TERMS, "cs", "pre", n_perm=-5, n_boot=1.5)
    assert len(err.value.problems) == 2


# ----------------------------------------------------------------------------- trend


def yearly(counts, tokens=10, years=None):
    years = years or range(2018, 2018 + len(counts))
    return docs([(f"{y}-06-01", " ".join(["deter"] * c + ["x"] * (tokens - c))) for y, c in zip(years, counts)])


def test_trend_exact_mann_kendall_and_theil_sen():
    table = trend(yearly([1, 2, 4, 3, 5]), {"deterrence": ["deter"]}, "deterrence", method="original")
    r = table.iloc[0]
    # S = 10 concordant - 2 x 1 discordant pair = 8, tau = 8/10
    assert r["tau"] == pytest.approx(0.8)
    # one "original" Mann-Kendall: the normal approximation with continuity correction (Var S = 50/3),
    # not an exact test: z = (8 - 1) / sqrt(50/3) (the exact permutation p would be 10/120)
    assert r["p_value"] == pytest.approx(2 * ss.norm.sf(7 / np.sqrt(50 / 3)))
    # Theil-Sen: median of the 10 pairwise slopes (per_10k = 1000 per match)
    y = [1000, 2000, 4000, 3000, 5000]
    slopes = [(y[j] - y[i]) / (j - i) for i, j in itertools.combinations(range(5), 2)]
    assert r["slope"] == pytest.approx(np.median(slopes)) == pytest.approx(1000)
    assert r["slope_low"] <= r["slope"] <= r["slope_high"]
    ref = ss.theilslopes(y, np.arange(5), alpha=0.95)
    assert (r["slope_low"], r["slope_high"]) == pytest.approx((ref.low_slope, ref.high_slope))
    assert (r["n_periods"], r["n_excluded"], r["excluded"]) == (5, 0, "")


def test_trend_excludes_empty_periods_and_says_so():
    corpus = yearly([1, 2, 3, 4, 4], years=[2019, 2020, 2021, 2023, 2024])
    r = trend(corpus, {"deterrence": ["deter"]}, "deterrence").iloc[0]
    assert (r["n_periods"], r["n_excluded"], r["excluded"]) == (5, 1, "2022")
    # time keeps the gap: t = 0, 1, 2, 4, 5; pairwise slopes by hand, median 1583.33
    t, y = [0, 1, 2, 4, 5], [1000, 2000, 3000, 4000, 4000]
    slopes = [(y[j] - y[i]) / (t[j] - t[i]) for i, j in itertools.combinations(range(5), 2)]
    assert r["slope"] == pytest.approx(np.median(slopes))
    # tau-b with one tie in y: 9 / sqrt(10 * 9)
    assert r["tau"] == pytest.approx(9 / math.sqrt(90))


def test_trend_values_families_and_errors():
    corpus = synthetic(n_docs=200, random_state=0)
    table = trend(corpus, synthetic_terms(), ["counterstrike", "preemptive"], freq="quarter", value="doc_share")
    assert table["family"].tolist() == ["counterstrike", "preemptive"]
    assert table["tau"][0] > 0.5 and table["tau"][1] < -0.5
    assert (table["value"] == "doc_share").all() and (table["freq"] == "quarter").all()
    with pytest.raises(ParameterError, match="value='rate': use one of 'per_10k', 'doc_share', 'count'"):
        trend(corpus, synthetic_terms(), "counterstrike", value="rate")
    with pytest.raises(ParameterError, match="a trend needs at least 3"):
        trend(TINY, TERMS, "cs", freq="month")


# ----------------------------------------------------------------------------- CLI


@pytest.fixture(scope="module")
def synthetic_folder(tmp_path_factory):
    return write_synthetic(tmp_path_factory.mktemp("synth") / "corpus", n_docs=200, random_state=2)


def run(args, capsys):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_shift_json(synthetic_folder, capsys):
    args = ["shift", synthetic_folder, "--terms", synthetic_folder / "synthetic_terms.toml", "--a", "counterstrike",
            "--b", "preemptive", "--freq", "month", "--random-state", "3", "--n-perm", "99", "--n-boot", "50", "--quiet"]
    code, out, err = run(args, capsys)
    assert code == 0, err
    d = json.loads(out)
    assert d["change_period"] == "2022-06" and d["p_value"] == 0.01 and d["random_state"] == 3
    assert d["a"] == ["counterstrike"] and d["b"] == ["preemptive"]
    for key in ("share_before", "share_after", "lr_stat", "change_period_low", "change_period_high"):
        assert key in d
    assert run(args, capsys)[1] == out  # same seed, same output


def test_cli_shift_csv_with_project_terms(synthetic_folder, capsys):
    code, out, err = run(["shift", synthetic_folder, "--terms", TERMS_FILE, "--a", "counterstrike,enemy_base",
                          "--b", "preemptive", "--output-format", "csv", "--n-perm", "19", "--n-boot", "20", "--quiet"],
                         capsys)
    assert code == 0, err
    table = pd.read_csv(io.StringIO(out))
    assert len(table) == 1
    assert table["a"][0] == "counterstrike+enemy_base" and table["change_period"][0] == "2022-06"


def test_cli_shift_bad_family(synthetic_folder, capsys):
    code, out, err = run(["shift", synthetic_folder, "--terms", TERMS_FILE, "--a", "counterstrik", "--b",
                          "preemptive"], capsys)
    assert code == 2 and out == ""
    assert "termshift shift: error: a: no family 'counterstrik'; families are preemptive, counterstrike" in err
    assert "Traceback" not in err


def test_every_statistic_takes_precomputed_document_counts():
    from termshift import document_counts

    corpus = synthetic(n_docs=150, random_state=5)
    terms = synthetic_terms()
    dc = document_counts(corpus, terms)
    assert rates(dc, terms, "quarter", n_boot=50).equals(rates(corpus, terms, "quarter", n_boot=50))
    assert share(dc, terms, "counterstrike", "preemptive", n_boot=50).equals(
        share(corpus, terms, "counterstrike", "preemptive", n_boot=50))
    a = shift(dc, terms, "counterstrike", "preemptive", n_perm=49, n_boot=20)
    b = shift(corpus, terms, "counterstrike", "preemptive", n_perm=49, n_boot=20)
    assert a.to_dict() == b.to_dict()
    assert trend(dc, terms, list(terms), "quarter").equals(trend(corpus, terms, list(terms), "quarter"))
    with pytest.raises(ParameterError, match="no column for family 'extra'"):
        rates(dc, {**terms.to_dict(), "extra": ["whatever"]})


def test_bool_is_not_a_number_anywhere():
    corpus = synthetic(n_docs=60, random_state=1)
    with pytest.raises(ParameterError, match="n_boot=True"):
        rates(corpus, synthetic_terms(), n_boot=True)
    with pytest.raises(ParameterError, match="random_state=True"):
        share(corpus, synthetic_terms(), "counterstrike", "preemptive", random_state=True)
