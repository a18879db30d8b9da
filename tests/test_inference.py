"""Honest inference (issue 11): intervals that cover, a shift test that survives month-to-month variation,
Hamed-Rao Mann-Kendall, and the by= grouping of issue 12. Seeded simulations, a few seconds each; the
bigger tables are in docs/inference.md (benchmarks/coverage.py)."""

import itertools

import numpy as np
import pandas as pd
import pytest
from scipy import stats as ss

from termshift.counts import count_terms, document_counts
from termshift.datasets import simulated_contest, simulated_rates, synthetic, synthetic_terms
from termshift.errors import ParameterError
from termshift.stats import GroupShiftResult, mann_kendall, rates, share, shift, trend
from termshift.stats.changepoint import binary_segmentation, compare_shapes, logistic_fit
from termshift.stats.intervals import garwood_interval, jeffreys_interval

RATE = {"term": ["term"]}
AB = {"a": ["a"], "b": ["b"]}


def _truth_at(table, truth, start="2020-01"):
    idx = np.array([(p - pd.Period(start, "M")).n for p in table["period"]])
    return np.asarray(truth)[idx]


# ----------------------------------------------------------------------------- exact intervals


def test_garwood_against_scipy_poisson_tails():
    # the bounds are where the Poisson tails equal alpha / 2
    for x in (1, 4, 17):
        low, high = garwood_interval(x)
        assert ss.poisson.sf(x - 1, low) == pytest.approx(0.025, rel=1e-6)
        assert ss.poisson.cdf(x, high) == pytest.approx(0.025, rel=1e-6)
    low, high = garwood_interval(0)
    assert low == 0 and ss.poisson.cdf(0, high) == pytest.approx(0.025)


def test_jeffreys_is_the_beta_posterior_and_never_zero_width():
    low, high = (float(v) for v in jeffreys_interval(3, 10))
    assert (low, high) == pytest.approx(ss.beta.ppf([0.025, 0.975], 3.5, 7.5))
    # a dispersion of 2 halves the trials: 6 of 20 with phi = 2 is 3 of 10
    assert [float(v) for v in jeffreys_interval(6, 20, dispersion=2.0)] == pytest.approx([low, high])
    k = np.array([0, 1, 1, 5])
    n = np.array([1, 1, 5, 5])
    low, high = jeffreys_interval(k, n)
    assert np.all(high - low > 0.1)


def test_one_document_per_period_never_gives_a_zero_width_interval():
    dc = simulated_rates(periods=12, docs_per_period=(1, 1), random_state=3)
    table = rates(dc, RATE)
    positive = table["per_10k"] > 0
    assert positive.any() and table["thin"].all()
    assert (table["per_10k_high"] > table["per_10k_low"] * 2)[positive].all()
    table = rates(dc, RATE, interval="bootstrap", n_boot=200)
    assert (table["per_10k_high"] > table["per_10k_low"])[positive].all()
    assert table["interval"].str.startswith("quasi-poisson").all()  # thin: never the degenerate bootstrap
    contest = simulated_contest(docs_per_period=1, periods=12, random_state=3)
    s = share(contest, AB, "a", "b")
    have = s["share"].notna()
    assert (s["share_high"] > s["share_low"])[have].all()


def test_thin_periods_flagged_with_their_document_counts():
    dc = simulated_rates(periods=6, docs_per_period=(2, 8), random_state=1)
    table = rates(dc, RATE, min_docs=5)
    assert (table["thin"] == (table["n_docs"] < 5)).all()
    assert table.attrs["min_docs"] == 5 and table.attrs["interval"] == "quasi-poisson"


def test_quasi_poisson_dispersion_by_hand():
    # one month, three documents of 10 tokens with 0, 0, 6 matches: rate 0.2 per token,
    # X2 = (4 + 4 + 16) / 2 = 12 on 2 df, phi = 6: Garwood of 6 / 6 = 1, times 6, per 30 tokens
    dc = pd.DataFrame({"doc_id": ["a", "b", "c"], "date": pd.to_datetime(["2022-01-01"] * 3),
                       "n_tokens": [10, 10, 10], "term": [0, 0, 6]})
    r = rates(dc, RATE, min_docs=1).iloc[0]
    assert r["dispersion"] == pytest.approx(6.0)
    low, high = garwood_interval(1.0)
    assert (r["per_10k_low"], r["per_10k_high"]) == pytest.approx((6 * low / 30 * 1e4, 6 * high / 30 * 1e4))


@pytest.mark.parametrize("kw", [dict(), dict(per_10k=3, burstiness=2.0), dict(docs_per_period=(1, 2))])
def test_rate_intervals_cover(kw):
    hits = total = 0
    for seed in range(40):
        dc = simulated_rates(random_state=seed, **kw)
        t = rates(dc, RATE)
        ok = t["n_docs"].to_numpy() > 0
        truth = _truth_at(t, dc.attrs["truth"]["per_10k"])[ok]
        hits += np.sum((t["per_10k_low"].to_numpy()[ok] <= truth) & (truth <= t["per_10k_high"].to_numpy()[ok]))
        total += ok.sum()
    assert hits / total >= 0.90


@pytest.mark.parametrize("kw", [dict(), dict(docs_per_period=2), dict(docs_per_period=3, concentration=0.3,
                                                                       before=0.1)])
def test_share_intervals_cover(kw):
    hits = total = 0
    for seed in range(40):
        dc = simulated_contest(shape="none", random_state=seed, **kw)
        t = share(dc, AB, "a", "b")
        ok = t["share"].notna().to_numpy()
        truth = _truth_at(t, dc.attrs["truth"]["p"])[ok]
        hits += np.sum((t["share_low"].to_numpy()[ok] <= truth) & (truth <= t["share_high"].to_numpy()[ok]))
        total += ok.sum()
    assert hits / total >= 0.90


def test_share_by_document():
    corpus = pd.DataFrame({"doc_id": list("abc"), "date": pd.to_datetime(["2022-01-03"] * 3),
                           "text": ["counterstrike counterstrike counterstrike", "preemptive", "preemptive"]})
    terms = {"cs": ["counterstrike"], "pre": ["preemptive"]}
    mention = share(corpus, terms, "cs", "pre").iloc[0]
    document = share(corpus, terms, "cs", "pre", unit="document").iloc[0]
    assert mention["share"] == pytest.approx(3 / 5) and document["share"] == pytest.approx(1 / 3)
    assert (document["docs_a"], document["docs_b"], document["docs_either"]) == (1, 2, 3)
    assert [document["share_low"], document["share_high"]] == pytest.approx([float(v) for v in
                                                                             jeffreys_interval(1, 3)])


# ----------------------------------------------------------------------------- shift


def _shift_rates(shape, n=40, null="sieve", **kw):
    significant = step = dated = 0
    for seed in range(n):
        dc = simulated_contest(shape=shape, random_state=1000 + seed, **kw)
        r = shift(dc, AB, "a", "b", n_perm=199, n_boot=99, random_state=seed, null=null)
        significant += r.p_value < 0.05
        step += r.p_value < 0.05 and r.shape == "step"
        truth = pd.Period(dc.attrs["truth"]["change_period"] or "2021-07", "M")
        dated += r.p_value < 0.05 and abs((pd.Period(r.change_period, "M") - truth).n) <= 1
    return significant / n, step / n, dated / n


def test_month_to_month_variation_is_not_a_shift():
    significant, step, _ = _shift_rates("none")
    assert significant <= 0.10 and step <= 0.10


def test_a_smooth_drift_is_not_called_a_step():
    _, step, _ = _shift_rates("gradual")
    assert step <= 0.20


def test_a_step_is_detected_and_dated():
    # issue 11's targets (80 % found, 70 % dated) hold for the permutation null; the sieve null, which also
    # holds its level when months resemble their neighbours, pays with power (0.80 and 0.70 over 30 series
    # in docs/inference.md; here a smaller sample)
    significant, _, dated = _shift_rates("step", n=20, null="permutation")
    assert significant >= 0.80 and dated >= 0.70
    significant, _, dated = _shift_rates("step", n=20)
    assert significant >= 0.50 and dated >= 0.30


def test_shapes_by_hand():
    n = np.full(12, 40.0)
    assert compare_shapes(np.r_[[8.0] * 6, [24.0] * 6], n, 6, 199, np.random.default_rng(0))["shape"] == "step"
    ramp = np.round(40 / (1 + np.exp(-np.linspace(-2, 2, 12))))
    assert compare_shapes(ramp, n, 6, 199, np.random.default_rng(0))["shape"] == "gradual"
    assert compare_shapes(np.full(12, 20.0), n, 6, 199, np.random.default_rng(0))["shape"] == "none"


def test_logistic_fit_agrees_with_a_brute_force_likelihood():
    x, n, t = np.array([1, 3, 2, 6, 7.0]), np.array([10, 10, 8, 12, 10.0]), np.arange(5.0)
    ll, _ = logistic_fit(x, n, t)
    grid = np.linspace(-3, 3, 601)
    b0, b1 = np.meshgrid(grid, grid)
    p = 1 / (1 + np.exp(-(b0[..., None] + b1[..., None] * t)))
    brute = (x * np.log(p) + (n - x) * np.log(1 - p)).sum(-1).max()
    assert brute <= ll + 1e-9 and ll - brute < 1e-3


def test_several_changes():
    x = np.array([1, 1, 1, 9, 9, 9, 1, 1, 1.0]) * 4
    n = np.full(9, 40.0)
    assert binary_segmentation(x, n, "auto", 1.0) == [3, 6] == binary_segmentation(x, n, "auto", None)
    assert binary_segmentation(x, n, 1, 1.0) in ([3], [6])
    spec = [(f"2022-{m:02d}-05", "counterstrike" if 4 <= m <= 7 else "preemptive strike") for m in range(1, 11)]
    corpus = pd.DataFrame({"doc_id": [f"d{i}" for i in range(40)],
                           "date": pd.to_datetime([d for d, _ in spec] * 4), "text": [t for _, t in spec] * 4})
    r = shift(corpus, {"cs": ["counterstrike"], "pre": ["preemptive"]}, "cs", "pre", n_changes=2, n_perm=0)
    assert r.change_periods == ["2022-04", "2022-08"] and r.n_changes == 2
    assert r.table["regime"].tolist() == [0, 0, 0, 1, 1, 1, 1, 2, 2, 2]
    # "auto" tests each split against autocorrelated months: a share that rises and falls back looks like
    # a slow wander to a single-split test (a known limit, docs/changes/issue-23.md), so it keeps no change
    # here (p = 0.22 for the best split); a step is found, and only one
    auto = shift(corpus, {"cs": ["counterstrike"], "pre": ["preemptive"]}, "cs", "pre", n_changes="auto", n_perm=0)
    assert auto.n_changes == 0 and auto.change_periods == []
    from termshift.stats.changepoint import sequential_changes

    x = np.r_[[4.0] * 18, [28.0] * 18]
    assert sequential_changes(x, np.full(36, 40.0), 99, np.random.default_rng(0))[0] == [18]
    with pytest.raises(ParameterError, match="n_changes=0"):
        shift(corpus, {"cs": ["counterstrike"], "pre": ["preemptive"]}, "cs", "pre", n_changes=0)


# ----------------------------------------------------------------------------- trend


def _naive_hamed_rao(y, alpha=0.05):
    """Hamed & Rao (1998) written out with loops, from the paper's equations, the ranks in exact arithmetic.

    The Theil-Sen slope is the slope of a pair (or the mean of two), so that pair's residuals are equal
    exactly; floating point ranks them apart by rounding noise (M1; pymannkendall does), Fractions do not.
    """
    from fractions import Fraction

    n = len(y)
    s = sum(np.sign(y[j] - y[i]) for i, j in itertools.combinations(range(n), 2))
    ties = [list(y).count(v) for v in set(y)]
    var0 = (n * (n - 1) * (2 * n + 5) - sum(t * (t - 1) * (2 * t + 5) for t in ties)) / 18
    q = [Fraction(float(v)) for v in y]
    slopes = sorted((q[j] - q[i]) / (j - i) for i, j in itertools.combinations(range(n), 2))
    m = len(slopes)
    slope = slopes[m // 2] if m % 2 else (slopes[m // 2 - 1] + slopes[m // 2]) / 2
    resid = [q[i] - slope * i for i in range(n)]
    r = ss.rankdata([sorted(set(resid)).index(v) for v in resid])
    r = r - r.mean()
    total = 0.0
    for k in range(1, n):
        rho = sum(r[i] * r[i + k] for i in range(n - k)) / sum(v * v for v in r)
        if abs(rho) > ss.norm.ppf(1 - alpha / 2) / np.sqrt(n):
            total += (n - k) * (n - k - 1) * (n - k - 2) * rho
    var = var0 * (1 + 2 / (n * (n - 1) * (n - 2)) * total)
    z = (s - np.sign(s)) / np.sqrt(var)
    return var, 2 * ss.norm.sf(abs(z))


def test_hamed_rao_against_a_naive_implementation_and_pymannkendall():
    rng = np.random.default_rng(4)
    for _ in range(5):
        e = np.zeros(30)
        for i in range(1, 30):
            e[i] = 0.7 * e[i - 1] + rng.normal()
        y = e + 0.05 * np.arange(30)
        mine = mann_kendall(y, method="hamed-rao")
        var, p = _naive_hamed_rao(y)
        assert (mine["var_s"], mine["p_value"]) == pytest.approx((var, p), rel=1e-9)
        try:
            import pymannkendall as pmk
        except ImportError:
            continue
        ref = pmk.hamed_rao_modification_test(y)  # ranks the tied pair by rounding noise: S agrees, not Var
        assert mine["s"] == ref.s


def test_hamed_rao_keeps_autocorrelated_noise_from_passing_for_a_trend():
    rng = np.random.default_rng(0)
    rejected = {"hamed-rao": 0, "original": 0}
    for _ in range(150):
        e = np.zeros(40)
        for i in range(1, 40):
            e[i] = 0.7 * e[i - 1] + rng.normal()
        for method in rejected:
            rejected[method] += mann_kendall(e, method=method)["p_value"] < 0.05
    # AR(1) with phi = 0.7, 40 periods: the correction removes about a third of the false trends, not all
    # (docs/inference.md tabulates it); the original test finds one in three series
    assert rejected["hamed-rao"] / 150 <= 0.25 and rejected["original"] - rejected["hamed-rao"] >= 12


def test_trend_names_its_conventions():
    t = trend(synthetic(n_docs=200, random_state=0), synthetic_terms(), "counterstrike", "quarter")
    r = t.iloc[0]
    assert (r["tau_convention"], r["method"]) == ("tau-b", "sieve-bootstrap")
    assert 0 <= r["lag1_autocorr"] <= 0.95 and r["variance_factor"] >= 1
    assert "same variance factor" in r["sen_interval"] and "sieve" in t.attrs["method_name"]


def _ar1(rng, n, rho):
    e = rng.normal(size=n + 50)
    for i in range(1, n + 50):
        e[i] = rho * e[i - 1] + np.sqrt(1 - rho * rho) * e[i]
    return e[50:]


def test_sieve_bootstrap_holds_its_level_on_autocorrelated_noise():
    # the check, small: AR(1) rho = 0.5, 24 periods; Hamed-Rao gave 0.22, here about 0.06
    # (docs/inference.md has the large run); the original test on the same series is far above
    rng = np.random.default_rng(11)
    rejected = {"sieve-bootstrap": 0, "original": 0}
    for r in range(60):
        e = _ar1(rng, 24, 0.5)
        for method in rejected:
            rejected[method] += mann_kendall(e, method=method, n_boot=99, random_state=r)["p_value"] < 0.05
    assert rejected["sieve-bootstrap"] <= 7 and rejected["original"] >= rejected["sieve-bootstrap"] + 5


def test_sieve_bootstrap_keeps_power_on_a_trend():
    # a rise of 2.9 standard deviations over 24 periods with AR(1) rho = 0.3 noise: the sieve finds most,
    # prewhitening (which holds its level too) fewer
    rng = np.random.default_rng(12)
    found = {"sieve-bootstrap": 0, "prewhitening": 0}
    for r in range(30):
        y = _ar1(rng, 24, 0.3) + 0.12 * np.arange(24)
        for method in found:
            found[method] += mann_kendall(y, method=method, n_boot=99, random_state=r)["p_value"] < 0.05
    assert found["sieve-bootstrap"] >= 18 and found["sieve-bootstrap"] >= found["prewhitening"]


def test_mann_kendall_is_seeded():
    y = _ar1(np.random.default_rng(1), 30, 0.6) + 0.05 * np.arange(30)
    assert mann_kendall(y, random_state=5) == mann_kendall(y, random_state=5)


def test_ar1_variance_factor_against_simulation():
    # Var(S) of Gaussian AR(1) series, simulated, against the closed form
    from termshift.stats.trends import _s_stat, ar1_variance_factor

    rng = np.random.default_rng(2)
    n, rho = 24, 0.6
    x = np.empty((4000, n))
    x[:, 0] = rng.normal(size=4000)
    for i in range(1, n):
        x[:, i] = rho * x[:, i - 1] + np.sqrt(1 - rho * rho) * rng.normal(size=4000)
    simulated = np.var(_s_stat(x)) / (n * (n - 1) * (2 * n + 5) / 18)
    assert float(ar1_variance_factor(rho, n)) == pytest.approx(simulated, rel=0.08)


def test_hamed_rao_ranks_exact_ties_as_ties():
    """M1: residuals tied in exact arithmetic are ranked as ties, not by rounding noise (Fractions as reference)."""
    from fractions import Fraction

    text = ["0.1", "0.5", "0.3", "0.7", "0.5", "0.9", "0.7", "1.1", "0.9", "1.3", "1.1", "1.5"]
    exact = [Fraction(v) for v in text]
    y = np.array([float(v) for v in text])
    n = len(exact)
    slopes = sorted((exact[j] - exact[i]) / (j - i) for i, j in itertools.combinations(range(n), 2))
    m = len(slopes)
    slope = slopes[m // 2] if m % 2 else (slopes[m // 2 - 1] + slopes[m // 2]) / 2
    resid = [exact[i] - slope * i for i in range(n)]
    assert len(set(resid)) < n  # exact ties exist
    ranks = ss.rankdata([float(r) for r in resid])  # exact values ranked
    exact_ranks = ss.rankdata(np.array([sorted(set(resid)).index(r) for r in resid]))
    r = exact_ranks - exact_ranks.mean()
    total = 0.0
    for k in range(1, n):
        rho = float(np.dot(r[:n - k], r[k:]) / np.dot(r, r))
        if abs(rho) > ss.norm.ppf(0.975) / np.sqrt(n):
            total += (n - k) * (n - k - 1) * (n - k - 2) * rho
    factor = 1 + 2 / (n * (n - 1) * (n - 2)) * total
    assert mann_kendall(y, method="hamed-rao")["variance_factor"] == pytest.approx(factor, rel=1e-12)
    assert ranks is not None


def test_one_original_mann_kendall():
    """M2: trend(method="original") and mann_kendall give the same p-value, pymannkendall's original test."""
    counts = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]
    dc = pd.DataFrame({"doc_id": [f"d{i}" for i in range(10)],
                       "date": pd.to_datetime([f"{2010 + i}-06-01" for i in range(10)]),
                       "n_tokens": 100, "term": counts})
    t = trend(dc, RATE, "term", method="original", value="count").iloc[0]
    mk = mann_kendall(np.array(counts, dtype=float), method="original")
    assert t["p_value"] == mk["p_value"]
    pmk = pytest.importorskip("pymannkendall")
    ref = pmk.original_test(counts)
    assert (mk["s"], mk["var_s"], mk["p_value"]) == pytest.approx((ref.s, ref.var_s, ref.p), rel=1e-12)


def test_sen_interval_widened_like_the_test():
    from termshift.stats.trends import sen_slope

    y = _ar1(np.random.default_rng(3), 30, 0.7) + 0.05 * np.arange(30)
    ref = ss.theilslopes(y, np.arange(30), alpha=0.95)
    slope, _, lo, hi = sen_slope(y)
    assert (slope, lo, hi) == pytest.approx((ref.slope, ref.low_slope, ref.high_slope))
    mk = mann_kendall(y)
    assert mk["variance_factor"] > 1
    _, _, lo2, hi2 = sen_slope(y, var_s=mk["sen_var"])
    assert lo2 <= lo and hi2 >= hi and (hi2 - lo2) > (hi - lo)


# ----------------------------------------------------------------------------- by=


@pytest.fixture(scope="module")
def outlets():
    return synthetic(n_docs=600, outlets={"Asahi": "2022-03-01", "Yomiuri": "2022-10-01"}, random_state=1)


def test_counts_by_group(outlets):
    terms = synthetic_terms()
    table = count_terms(outlets, terms, "quarter", by="outlet")
    assert list(table.columns[:3]) == ["outlet", "period", "family"]
    n_q = len(pd.period_range("2021Q1", "2023Q4", freq="Q"))
    assert len(table) == 2 * n_q * 2  # every outlet x quarter x family, zero-filled
    whole = count_terms(outlets, terms, "quarter")
    summed = table.groupby(["period", "family"], sort=False)[["count", "n_docs"]].sum().reset_index()
    assert summed["count"].tolist() == whole["count"].tolist()
    dc = document_counts(outlets, terms, by="outlet")
    assert list(dc.columns[:4]) == ["doc_id", "date", "n_tokens", "outlet"] and dc.attrs["by"] == ["outlet"]
    pd.testing.assert_frame_equal(rates(dc, terms, "quarter", by="outlet"), rates(outlets, terms, "quarter",
                                                                                  by="outlet"))
    with pytest.raises(ParameterError, match="no column 'outlet' to group by"):
        rates(document_counts(outlets, terms), terms, by="outlet")
    with pytest.raises(ParameterError, match="by='nope': no such column"):
        count_terms(outlets, terms, by="nope")


def test_share_and_trend_by_group(outlets):
    s = share(outlets, synthetic_terms(), "counterstrike", "preemptive", "quarter", by="outlet")
    assert s["outlet"].unique().tolist() == ["Asahi", "Yomiuri"] and list(s.columns[:2]) == ["outlet", "period"]
    t = trend(outlets, synthetic_terms(), "counterstrike", "quarter", by="outlet")
    assert t["outlet"].tolist() == ["Asahi", "Yomiuri"] and (t["tau"] > 0).all()


def test_outlets_that_changed_at_different_times(outlets):
    r = shift(outlets, synthetic_terms(), "counterstrike", "preemptive", by="outlet", n_perm=99, n_boot=99)
    assert isinstance(r, GroupShiftResult)
    assert r["Asahi"].change_period == "2022-03" and r["Yomiuri"].change_period == "2022-10"
    assert r.p_different == 0.01
    frame = r.to_frame()
    assert frame["outlet"].tolist() == ["Asahi", "Yomiuri"] and "p_different" in frame
    same = synthetic(n_docs=600, outlets={"Asahi": "2022-06-01", "Yomiuri": "2022-06-01"}, random_state=1)
    r = shift(same, synthetic_terms(), "counterstrike", "preemptive", by="outlet", n_perm=99, n_boot=99)
    assert r.common_change_period == "2022-06" and r.p_different > 0.2
    assert r.to_dict()["groups"][0]["outlet"] == "Asahi"


def test_compare_shapes_takes_random_state_and_the_old_rng():
    n = np.full(12, 40.0)
    x = np.r_[[8.0] * 6, [24.0] * 6]
    by_seed = compare_shapes(x, n, 6, 99, 3)
    assert by_seed["p_step"] == compare_shapes(x, n, 6, 99, np.random.default_rng(3))["p_step"]
    with pytest.warns(FutureWarning, match=r"compare_shapes\(rng=\.\.\.\) is deprecated"):
        assert compare_shapes(x, n, 6, 99, rng=np.random.default_rng(3))["p_step"] == by_seed["p_step"]
# ----------------------------------------------------------------------------- round 2 (issue 23)


def test_thin_periods_borrow_the_series_dispersion_rates():
    # one document a month, 100 per 10k, burstiness 1: no period has a degree of freedom, so the
    # series' documents around the series' rate give the dispersion (it fell back to 1: coverage 0.65)
    hits = total = 0
    for seed in range(30):
        dc = simulated_rates(random_state=seed, per_10k=100, burstiness=1.0, docs_per_period=(1, 1))
        t = rates(dc, RATE)
        assert (t["dispersion"] > 1).all()
        truth = _truth_at(t, dc.attrs["truth"]["per_10k"])
        hits += np.sum((t["per_10k_low"].to_numpy() <= truth) & (truth <= t["per_10k_high"].to_numpy()))
        total += len(t)
    assert hits / total >= 0.92


def test_thin_periods_borrow_the_series_dispersion_share():
    hits = total = 0
    for seed in range(30):
        dc = simulated_contest(shape="none", random_state=seed, docs_per_period=1, concentration=0.1,
                               mean_mentions=5.0)
        t = share(dc, AB, "a", "b")
        ok = t["share"].notna().to_numpy()
        truth = _truth_at(t, dc.attrs["truth"]["p"])[ok]
        hits += np.sum((t["share_low"].to_numpy()[ok] <= truth) & (truth <= t["share_high"].to_numpy()[ok]))
        total += ok.sum()
    assert hits / total >= 0.92


def test_series_dispersion_by_hand():
    # four months, one document each (10 tokens, counts 0, 0, 6, 2): rate 8/40, expected 2 each;
    # X2 = (4 + 4 + 16 + 0) / 2 = 12 on 3 df, phi = 4 for every (thin) month
    dc = pd.DataFrame({"doc_id": list("abcd"), "date": pd.to_datetime(["2022-01-01", "2022-02-01", "2022-03-01",
                                                                       "2022-04-01"]),
                       "n_tokens": [10] * 4, "term": [0, 0, 6, 2]})
    t = rates(dc, RATE)
    assert t["dispersion"].tolist() == pytest.approx([4.0] * 4)
    low, high = garwood_interval(6.0, dispersion=4.0)
    assert (t["per_10k_low"].iloc[2], t["per_10k_high"].iloc[2]) == pytest.approx((low / 10 * 1e4, high / 10 * 1e4))


def test_shift_sieve_null_holds_under_autocorrelated_months():
    # AR(1) month effects, rho = 0.8: shuffling periods (the old null) calls a shift far more often
    sieve = perm = 0
    for seed in range(24):
        dc = simulated_contest(shape="none", period_ar=0.8, random_state=500 + seed)
        sieve += shift(dc, AB, "a", "b", n_perm=99, n_boot=0, random_state=seed).p_value < 0.05
        perm += shift(dc, AB, "a", "b", n_perm=99, n_boot=0, random_state=seed, null="permutation").p_value < 0.05
    assert sieve <= 4 and perm >= sieve + 3


def test_shift_sieve_keeps_power_and_auto_finds_one_change():
    found = dated = 0
    for seed in range(10):
        dc = simulated_contest(shape="step", random_state=700 + seed)
        r = shift(dc, AB, "a", "b", n_perm=99, n_boot=0, n_changes="auto", random_state=seed)
        found += r.p_value < 0.05
        truth = pd.Period(dc.attrs["truth"]["change_period"], "M")
        dated += any(abs((pd.Period(c, "M") - truth).n) <= 1 for c in r.change_periods)
    assert found >= 7 and dated >= 7


def test_auto_n_changes_rarely_reports_a_change_without_one():
    false = 0
    for seed in range(20):
        dc = simulated_contest(shape="none", random_state=900 + seed)
        r = shift(dc, AB, "a", "b", n_perm=99, n_boot=0, n_changes="auto", random_state=seed)
        false += r.n_changes > 0
        assert r.n_changes == len(r.change_periods)
    assert false <= 3
