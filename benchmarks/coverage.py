"""Calibration of termshift's inference by seeded simulation: the tables of docs/inference.md.

Every scenario draws series with a known truth (termshift.datasets.simulated_rates / simulated_contest)
and runs the public API on them:

* rates: empirical coverage of the nominal 95 % interval of per_10k (quasi-Poisson default, bootstrap);
* share: coverage of the 95 % share interval (Jeffreys default, bootstrap);
* shift: how often month-to-month variation alone gives p < 0.05, how often a smooth drift is called a
  step, how often a 0.30 -> 0.60 step is found (p < 0.05) and dated within a month;
* trend: false positives of Mann-Kendall (original and Hamed-Rao) on autocorrelated noise.

Usage: python benchmarks/coverage.py [--replicates N] [--out docs/inference_tables.md]
(`make coverage`). Same seeds, same numbers.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from termshift.datasets import simulated_contest, simulated_rates
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


def shift_rates(replicates, shape, **kw):
    significant = step = dated = 0
    for seed in range(replicates):
        dc = simulated_contest(shape=shape, random_state=10_000 + seed, **kw)
        r = shift(dc, AB, "a", "b", n_perm=499, n_boot=199, random_state=seed)
        significant += r.p_value < 0.05
        step += r.p_value < 0.05 and r.shape == "step"
        truth = dc.attrs["truth"]["change_period"]
        if truth is not None:
            dated += r.p_value < 0.05 and abs((pd.Period(r.change_period, "M") - pd.Period(truth, "M")).n) <= 1
    return significant / replicates, step / replicates, dated / replicates


def trend_false_positives(replicates, phi, n):
    rng = np.random.default_rng(0)
    rejected = {"original": 0, "hamed-rao": 0}
    for _ in range(replicates):
        e = np.zeros(n)
        for i in range(1, n):
            e[i] = phi * e[i - 1] + rng.normal()
        for method in rejected:
            rejected[method] += mann_kendall(e, method=method)["p_value"] < 0.05
    return {k: v / replicates for k, v in rejected.items()}


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
SHIFT_SCENARIOS = [
    ("mild month-to-month variation (sd 0.4 on the logit)", dict(period_sd=0.4)),
    ("strong month-to-month variation (sd 0.7)", dict(period_sd=0.7)),
    ("sd 0.4, 5 docs/month", dict(period_sd=0.4, docs_per_period=5)),
]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=400, help="series per scenario (default: 400)")
    parser.add_argument("--out", default=None, help="write the Markdown tables here (default: print)")
    args = parser.parse_args(argv)
    R = args.replicates
    t0 = time.time()
    lines = [f"Replicates per scenario: {R} (benchmarks/coverage.py --replicates {R}).", ""]
    lines += ["### Rates: coverage of the 95 % interval of per_10k (24 months)", "",
              "| scenario | quasi-Poisson (default) | zero-width | bootstrap | zero-width |", "|---|---|---|---|---|"]
    for name, kw in RATE_SCENARIOS:
        qp, qz = rate_coverage(R, "quasi-poisson", **kw)
        bs, bz = rate_coverage(R, "bootstrap", **kw)
        lines.append(f"| {name} | {qp:.3f} | {qz:.3f} | {bs:.3f} | {bz:.3f} |")
    lines += ["", "### Share: coverage of the 95 % interval of A's share (36 months, no change)", "",
              "| scenario | Jeffreys (default) | zero-width | bootstrap | zero-width |", "|---|---|---|---|---|"]
    for name, kw in SHARE_SCENARIOS:
        j, jz = share_coverage(R, "jeffreys", **kw)
        bs, bz = share_coverage(R, "bootstrap", **kw)
        lines.append(f"| {name} | {j:.3f} | {jz:.3f} | {bs:.3f} | {bz:.3f} |")
    lines += ["", "### Shift (36 months, 15 documents a month unless said)", "",
              "| scenario | no change: p < 0.05 | drift: called a step | step 0.30 -> 0.60: p < 0.05 | "
              "step: dated within a month | step: shape step |", "|---|---|---|---|---|---|"]
    for name, kw in SHIFT_SCENARIOS:
        none = shift_rates(R, "none", **kw)
        drift = shift_rates(R, "gradual", **kw)
        step = shift_rates(R, "step", **kw)
        lines.append(f"| {name} | {none[0]:.3f} | {drift[1]:.3f} | {step[0]:.3f} | {step[2]:.3f} | {step[1]:.3f} |")
    lines += ["", "### Trend: Mann-Kendall p < 0.05 on AR(1) noise without trend", "",
              "| AR(1) coefficient | periods | original | Hamed-Rao (default) |", "|---|---|---|---|"]
    for phi, n in ((0.0, 40), (0.3, 40), (0.5, 40), (0.7, 40), (0.7, 100)):
        fp = trend_false_positives(R, phi, n)
        lines.append(f"| {phi} | {n} | {fp['original']:.3f} | {fp['hamed-rao']:.3f} |")
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
