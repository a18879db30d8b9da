"""Calibration of termshift's inference by seeded simulation: the tables of docs/inference.md.

Every scenario draws series with a known truth (termshift.datasets.simulated_rates / simulated_contest)
and runs the public API on them:

* rates: empirical coverage of the nominal 95 % interval of per_10k (quasi-Poisson default, bootstrap);
* share: coverage of the 95 % share interval (Jeffreys default, bootstrap);
* shift: how often month-to-month variation alone (independent or AR(1) months) gives p < 0.05, how often
  n_changes="auto" reports a change without one, how often a smooth drift is called a step, how often a
  0.30 -> 0.60 step is found (p < 0.05) and dated within a month;
* trend: size and power of Mann-Kendall (sieve bootstrap, Hamed-Rao, prewhitening, original) on AR(1) noise;
* keyness: share of words at p < 0.05 on two random slices of one bursty topic mixture.

Usage: python benchmarks/coverage.py [--replicates N] [--only rates,share,shift,trend,keyness] [--out FILE]
(`make coverage`). Same seeds, same numbers. Each rate is printed with its binomial 95 % interval.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from termshift.datasets import simulated_contest, simulated_rates
from termshift.keyness import keyness
from termshift.stats import mann_kendall, rates, share, shift

RATE = {"term": ["term"]}
AB = {"a": ["a"], "b": ["b"]}


def _truth_at(table, truth, start="2020-01"):
    idx = np.array([(p - pd.Period(start, "M")).n for p in table["period"]])
    return np.asarray(truth)[idx]


def rate_coverage(replicates, interval, **kw):
    hits = total = zero = 0
    for seed in range(replicates):
        dc = simulated_rates(random_state=seed, **kw)
        t = rates(dc, RATE, interval=interval, n_boot=500, random_state=seed)
        ok = t["n_docs"].to_numpy() > 0
        truth = _truth_at(t, dc.attrs["truth"]["per_10k"])[ok]
        lo, hi = t["per_10k_low"].to_numpy()[ok], t["per_10k_high"].to_numpy()[ok]
        hits += np.sum((lo <= truth) & (truth <= hi))
        zero += np.sum(hi <= lo)
        total += ok.sum()
    return hits / total, zero / total


def share_coverage(replicates, interval, **kw):
    hits = total = zero = 0
    for seed in range(replicates):
        dc = simulated_contest(shape="none", random_state=seed, **kw)
        t = share(dc, AB, "a", "b", interval=interval, n_boot=500, random_state=seed)
        ok = t["share"].notna().to_numpy()
        truth = _truth_at(t, dc.attrs["truth"]["p"])[ok]
        lo, hi = t["share_low"].to_numpy()[ok], t["share_high"].to_numpy()[ok]
        hits += np.sum((lo <= truth) & (truth <= hi))
        zero += np.sum(hi <= lo)
        total += ok.sum()
    return hits / total, zero / total


def rate_ci(k, n):
    """A rate with its Wilson 95 % interval, as text."""
    from termshift.stats import wilson_interval

    lo, hi = wilson_interval(k, n)
    return f"{k / n:.3f} [{float(lo):.3f}, {float(hi):.3f}]"


def shift_rates(replicates, shape, n_perm=199, **kw):
    significant = step = dated = auto = 0
    for seed in range(replicates):
        dc = simulated_contest(shape=shape, random_state=10_000 + seed, **kw)
        r = shift(dc, AB, "a", "b", n_perm=n_perm, n_boot=199, n_changes="auto", random_state=seed)
        significant += r.p_value < 0.05
        step += r.p_value < 0.05 and r.shape == "step"
        auto += r.n_changes > 0
        truth = dc.attrs["truth"]["change_period"]
        if truth is not None:
            dated += r.p_value < 0.05 and abs((pd.Period(r.change_period, "M") - pd.Period(truth, "M")).n) <= 1
    return significant, step, dated, auto


def _ar1(rng, n, rho):
    e = rng.normal(size=n + 50)
    for i in range(1, n + 50):
        e[i] = rho * e[i - 1] + np.sqrt(1 - rho * rho) * e[i]
    return e[50:]


TREND_METHODS = ("sieve-bootstrap", "hamed-rao", "prewhitening", "original")


def trend_rejections(replicates, phi, n, slope=0.0):
    """p < 0.05 per method on AR(1) noise (unit variance) plus ``slope`` per period."""
    rng = np.random.default_rng(0)
    rejected = dict.fromkeys(TREND_METHODS, 0)
    for r in range(replicates):
        y = _ar1(rng, n, phi) + slope * np.arange(n)
        for method in rejected:
            rejected[method] += mann_kendall(y, method=method, n_boot=199, random_state=r)["p_value"] < 0.05
    return rejected


def keyness_rates(replicates, unit):
    """Share of words at p < 0.05 and of corpora with a Holm-significant word, random slices of one source."""
    flagged = tested = holm = excluded = 0
    for seed in range(replicates):
        rng = np.random.default_rng(seed)
        words = [f"w{i}" for i in range(200)]
        dists = rng.dirichlet(np.full(200, 0.2), 6)
        texts = [" ".join(rng.choice(words, 200, p=dists[rng.integers(6)])) for _ in range(100)]
        corpus = pd.DataFrame({"doc_id": [f"d{i}" for i in range(100)],
                               "date": pd.to_datetime(["2022-01-01"] * 100), "text": texts})
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            k = keyness(corpus, rng.permutation(100) < 50, unit=unit, min_count=5)
        flagged += int((k["p_value"] < 0.05).sum())
        tested += len(k)
        holm += bool((k["p_holm"] < 0.05).any())
        excluded += int(((k["log_ratio_low"] > 0) | (k["log_ratio_high"] < 0)).sum())
    return flagged, tested, holm, excluded


RATE_SCENARIOS = [
    ("20 per 10k, 1-5 docs/month, burstiness 0.5", {}),
    ("3 per 10k, 1-5 docs, burstiness 2 (rare, bursty)", dict(per_10k=3, burstiness=2.0)),
    ("20 per 10k, 1 doc/month", dict(docs_per_period=(1, 1))),
    ("3 per 10k, 1 doc/month, burstiness 2", dict(per_10k=3, burstiness=2.0, docs_per_period=(1, 1))),
    ("20 per 10k, 10-30 docs/month", dict(docs_per_period=(10, 30))),
]
SHARE_SCENARIOS = [
    ("15 docs/month, concentration 2", {}),
    ("3 docs/month", dict(docs_per_period=3)),
    ("1 doc/month", dict(docs_per_period=1)),
    ("3 docs/month, A rare (0.1), concentration 0.3", dict(docs_per_period=3, concentration=0.3, before=0.1)),
    ("30 docs/month, 4 mentions/doc, concentration 0.5", dict(docs_per_period=30, mean_mentions=3.0,
                                                              concentration=0.5)),
]
RATE_SCENARIOS += [("100 per 10k, 1 doc/month, burstiness 1", dict(per_10k=100, burstiness=1.0,
                                                                    docs_per_period=(1, 1)))]
SHARE_SCENARIOS += [("1 doc/month, 6 mentions/doc, concentration 0.1 (strongly clustered)",
                     dict(docs_per_period=1, mean_mentions=5.0, concentration=0.1))]
SHIFT_SCENARIOS = [
    ("mild month-to-month variation (sd 0.4 on the logit)", dict(period_sd=0.4)),
    ("strong month-to-month variation (sd 0.7)", dict(period_sd=0.7)),
    ("sd 0.4, 5 docs/month", dict(period_sd=0.4, docs_per_period=5)),
    ("sd 0.4, AR(1) months rho = 0.5", dict(period_sd=0.4, period_ar=0.5)),
    ("sd 0.4, AR(1) months rho = 0.8", dict(period_sd=0.4, period_ar=0.8)),
]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=400, help="series per scenario (default: 400)")
    parser.add_argument("--only", default="rates,share,shift,trend,keyness", help="sections, comma separated")
    parser.add_argument("--out", default=None, help="write the Markdown tables here (default: print)")
    args = parser.parse_args(argv)
    R = args.replicates
    only = set(args.only.split(","))
    t0 = time.time()
    lines = [f"Replicates per scenario: {R} (benchmarks/coverage.py --replicates {R}).", ""]
    if "rates" in only:
        lines += ["### Rates: coverage of the 95 % interval of per_10k (24 months)", "",
                  "| scenario | quasi-Poisson (default) | zero-width | bootstrap | zero-width |",
                  "|---|---|---|---|---|"]
        for name, kw in RATE_SCENARIOS:
            qp, qz = rate_coverage(R, "quasi-poisson", **kw)
            bs, bz = rate_coverage(R, "bootstrap", **kw)
            lines.append(f"| {name} | {qp:.3f} | {qz:.3f} | {bs:.3f} | {bz:.3f} |")
    if "share" in only:
        lines += ["", "### Share: coverage of the 95 % interval of A's share (36 months, no change)", "",
                  "| scenario | Jeffreys (default) | zero-width | bootstrap | zero-width |", "|---|---|---|---|---|"]
        for name, kw in SHARE_SCENARIOS:
            j, jz = share_coverage(R, "jeffreys", **kw)
            bs, bz = share_coverage(R, "bootstrap", **kw)
            lines.append(f"| {name} | {j:.3f} | {jz:.3f} | {bs:.3f} | {bz:.3f} |")
    if "shift" in only:
        lines += ["", "### Shift (36 months, 15 documents a month unless said; sieve null, n_changes=\"auto\")", "",
                  "| scenario | no change: p < 0.05 | no change: auto reports a change | drift: called a step | "
                  "step 0.30 -> 0.60: p < 0.05 | step: dated within a month | step: shape step |",
                  "|---|---|---|---|---|---|---|"]
        for name, kw in SHIFT_SCENARIOS:
            none = shift_rates(R, "none", **kw)
            drift = shift_rates(R, "gradual", **kw)
            step = shift_rates(R, "step", **kw)
            lines.append(f"| {name} | {rate_ci(none[0], R)} | {rate_ci(none[3], R)} | {rate_ci(drift[1], R)} | "
                         f"{rate_ci(step[0], R)} | {rate_ci(step[2], R)} | {rate_ci(step[1], R)} |")
    if "trend" in only:
        lines += ["", "### Trend: Mann-Kendall p < 0.05 on AR(1) noise (unit variance); size without trend, power "
                  "with a slope of 0.1 per period (a rise of 2.4 standard deviations over 24 periods)", "",
                  "| AR(1) coefficient | periods | slope | " + " | ".join(TREND_METHODS) + " |",
                  "|---|---|---|" + "---|" * len(TREND_METHODS)]
        for phi, n, slope in ((0.0, 24, 0.0), (0.5, 24, 0.0), (0.8, 24, 0.0), (0.5, 40, 0.0), (0.8, 100, 0.0),
                              (0.0, 24, 0.1), (0.5, 24, 0.1), (0.8, 24, 0.1)):
            rej = trend_rejections(R, phi, n, slope)
            lines.append(f"| {phi} | {n} | {slope} | " + " | ".join(rate_ci(rej[m], R) for m in TREND_METHODS) + " |")
    if "keyness" in only:
        K = max(R // 10, 10)
        lines += ["", f"### Keyness: two random halves of one bursty topic mixture ({K} corpora of 100 documents, "
                  "words seen at least 5 times)", "",
                  "| unit | words at p < 0.05 | corpora with a Holm-significant word | log-ratio interval excludes 0 |",
                  "|---|---|---|---|"]
        for unit in ("document", "token"):
            flagged, tested, holm, excluded = keyness_rates(K, unit)
            lines.append(f"| {unit}{' (default)' if unit == 'document' else ''} | {rate_ci(flagged, tested)} | "
                         f"{holm}/{K} | {rate_ci(excluded, tested)} |")
    lines += ["", f"({time.time() - t0:.0f} s)"]
    text = "\n".join(lines) + "\n"
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
