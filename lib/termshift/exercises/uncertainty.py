"""Checks of the uncertainty exercise (notebook 04): share (Jeffreys) and Wilson intervals, and what they allow."""

from __future__ import annotations

import functools
import math

import numpy as np

from ..counts import count_terms
from ..datasets import synthetic_terms
from ..stats import share, wilson_interval
from .data import NEW, OLD, student_copy, truth_corpus
from .feedback import FormError, checker, close_to, read_float, read_month, read_seq

__all__: list[str] = []  # nothing public: the checks register themselves with check()


_SHARE_YEAR, _FIRST_YEAR, _WILSON_PERIOD = "2022", "2021", "2021Q1"


@functools.lru_cache(maxsize=8)
def _uncertainty_truth(seed: int) -> dict:
    corpus = student_copy(truth_corpus("uncertainty", seed))
    terms = synthetic_terms()
    # periods as text, as answers are compared ('2022', '2022-03', '2021Q1')
    years = share(corpus, terms, NEW, OLD, freq="year").astype({"period": str}).set_index("period")
    months = share(corpus, terms, NEW, OLD, freq="month").astype({"period": str}).set_index("period")
    quarters = count_terms(corpus, terms, freq="quarter").astype({"period": str})
    q = quarters[(quarters["period"] == _WILSON_PERIOD)].set_index("family")
    lo, hi = wilson_interval(q["docs"], q["n_docs"])
    width = months["share_high"] - months["share_low"]
    a, b = years.loc[_FIRST_YEAR], years.loc[_SHARE_YEAR]
    return {"years": years, "wilson": dict(zip(q.index, zip(lo.tolist(), hi.tolist()))),
            "quarter": q, "widest": frozenset(width.index[np.isclose(width, width.max())]),
            "narrowest": frozenset(width.index[np.isclose(width, width.min())]),
            "fewest": frozenset(months.index[(months["count_a"] + months["count_b"]) == 1]),
            "difference": float(b["share"] - a["share"]),
            "overlap": bool(not (a["share_high"] < b["share_low"] or b["share_high"] < a["share_low"]))}


def _triple(answer):
    if isinstance(answer, dict):
        try:
            return [answer[k] for k in ("share", "low", "high")]
        except KeyError:
            raise FormError("give a dict with keys 'share', 'low', 'high' (or a tuple of three numbers)") from None
    return read_seq(answer, 3, "three numbers: (share, low, high)")


@checker("uncertainty.share")
def _check_uncertainty_share(review, answer, seed):
    t = _uncertainty_truth(seed)
    s, lo, hi = (read_float(v, n) for v, n in zip(_triple(answer), ("share", "low", "high")))
    row = t["years"].loc[_SHARE_YEAR]
    if close_to(s, row["share"], 0.002):
        review.good(f"counterstrike's share of the mentions in {_SHARE_YEAR}")
    else:
        review.bad(f"the share is not counterstrike's share of the {_SHARE_YEAR} mentions")
        if close_to(s, 1 - row["share"], 0.002):
            review.hint("that is preemptive's share: share(corpus, terms, a, b) gives a's share, so put "
                        "counterstrike as a.")
        elif any(close_to(s, v, 0.002) for v in t["years"]["share"]):
            review.hint(f"that is the share of another year; the task asks about {_SHARE_YEAR}.")
        else:
            review.hint("use ts.share(corpus, terms, 'counterstrike', 'preemptive', freq='year').")
    if lo > hi:
        review.bad("your low bound is above your high bound", "give (share, low, high) in that order.")
    elif close_to(lo, row["share_low"], 0.03) and close_to(hi, row["share_high"], 0.03):
        review.good("the 95% interval of ts.share")
    else:
        review.bad("the interval is not the 95% interval ts.share gives for that share",
                   "take share_low and share_high from the same row (defaults: n_boot=1000, ci=0.95).")


@checker("uncertainty.wilson")
def _check_uncertainty_wilson(review, answer, seed):
    t = _uncertainty_truth(seed)
    if isinstance(answer, dict):
        answer = [answer.get("low"), answer.get("high")]
    lo, hi = (read_float(v, n) for v, n in zip(read_seq(answer, 2, "two numbers: (low, high)"), ("low", "high")))
    want = t["wilson"][NEW]
    ok = [close_to(lo, want[0], 0.003), close_to(hi, want[1], 0.003)]
    for part, good in zip(("low", "high"), ok):
        (review.good if good else review.bad)(f"the {part} bound")
    if all(ok):
        return
    row = t["quarter"].loc[NEW]
    p, n = row["docs"] / row["n_docs"], row["n_docs"]
    half = 1.959964 * math.sqrt(p * (1 - p) / n)
    wald = [(p - half, p + half), (max(0.0, p - half), min(1.0, p + half))]
    if any(close_to(lo, a, 0.003) and close_to(hi, b, 0.003) for a, b in wald):
        review.hint("that is the Wald interval p +/- 1.96 x se; the Wilson interval is centred differently and "
                    "stays sensible with few documents (termshift.stats.wilson_interval, or doc_share_low and "
                    "doc_share_high of ts.rates).")
    elif close_to(lo, t["wilson"][OLD][0], 0.003) and close_to(hi, t["wilson"][OLD][1], 0.003):
        review.hint("that is the old framing's interval; the task asks about counterstrike.")
    review.hint(f"the interval is for the documents that mention counterstrike in {_WILSON_PERIOD} (docs out of "
                "n_docs, freq='quarter'), not for the mentions.")


@checker("uncertainty.overlap")
def _check_uncertainty_overlap(review, answer, seed):
    t = _uncertainty_truth(seed)
    if isinstance(answer, dict):
        try:
            answer = [answer["difference"], answer["overlap"]]
        except KeyError:
            raise FormError("give a dict with keys 'difference' and 'overlap' (or a tuple)") from None
    diff, overlap = read_seq(answer, 2, "two values: (difference, overlap)")
    diff = read_float(diff, "difference")
    if not isinstance(overlap, (bool, np.bool_)):
        raise FormError("overlap: give True or False")
    if close_to(diff, t["difference"], 0.002):
        review.good(f"the difference in counterstrike's share, {_SHARE_YEAR} minus {_FIRST_YEAR}")
    else:
        review.bad("the difference in shares",
                   f"subtract the {_FIRST_YEAR} share from the {_SHARE_YEAR} share"
                   + (" (you subtracted the other way round)." if close_to(diff, -t["difference"], 0.002) else "."))
    if bool(overlap) == t["overlap"]:
        review.good("whether the two intervals overlap")
    else:
        review.bad("whether the two intervals overlap",
                   "two intervals overlap when the higher low bound is below the lower high bound; compare "
                   "share_low and share_high of both years.")


@checker("uncertainty.widest")
def _check_uncertainty_widest(review, answer, seed):
    t = _uncertainty_truth(seed)
    got = read_month(answer)
    if got in t["widest"]:
        review.good("the month with the widest interval")
        return
    review.bad("that is not the month with the widest interval for counterstrike's share")
    if got in t["narrowest"]:
        review.hint("that month has one of the narrowest intervals: widest means share_high - share_low largest.")
    elif got in t["fewest"]:
        review.hint("one mention gives a resampled share of exactly 0 or 1 every time: its interval has no width "
                    "at all, which is a warning sign, not precision.")
    review.hint("compute share_high - share_low per month with ts.share(..., freq='month') and take the largest.")

