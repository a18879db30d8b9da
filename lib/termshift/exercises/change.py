"""Checks of the change exercise (notebook 05): the change point, its p-value, then the lines themselves."""

from __future__ import annotations

import functools

import pandas as pd

from ..context import kwic
from ..datasets import synthetic_terms
from ..stats import shift
from .data import NEW, OLD, student_copy, truth_corpus
from .feedback import FormError, checker, close_to, read_float, read_int, read_month, read_seq

__all__: list[str] = []  # nothing public: the checks register themselves with check()


_P_PERM = 199


@functools.lru_cache(maxsize=8)
def _change_truth(seed: int) -> dict:
    corpus = student_copy(truth_corpus("change", seed))
    terms = synthetic_terms()
    result = shift(corpus, terms, NEW, OLD, freq="month")
    p_value = shift(corpus, terms, NEW, OLD, freq="month", n_perm=_P_PERM, n_boot=0).p_value
    period, low, high = (None if p is None else str(p)  # answers are compared as text ('2022-03')
                         for p in (result.change_period, result.change_period_low, result.change_period_high))
    lines = kwic(corpus, terms, NEW)
    months = lines["date"].dt.to_period("M").astype(str)
    start = pd.Period(period, "M")
    inside = lines[months == period]
    old_lines = kwic(corpus, terms, OLD)
    periods = pd.period_range(corpus["date"].min().to_period("M"), corpus["date"].max().to_period("M"))
    before_counts = {str(p): int((lines["date"] < p.start_time).sum()) for p in periods}
    in_period = corpus[corpus["date"].dt.to_period("M") == start]
    return {"period": period, "low": low, "high": high,
            "before": result.share_before, "after": result.share_after, "p_value": p_value,
            "first_new": str(months.iloc[0]) if len(months) else None,
            "early": before_counts[str(period)], "before_counts": before_counts,
            "early_docs": int(lines.loc[lines["date"] < start.start_time, "doc_id"].nunique()),
            "early_old": int((old_lines["date"] < start.start_time).sum()),
            "early_incl": int((lines["date"] <= start.end_time).sum()),
            "first_doc": inside["doc_id"].iloc[0] if len(inside) else None,
            "docs_in_period": list(in_period["doc_id"]), "new_docs": set(lines["doc_id"]),
            "doc_month": dict(zip(corpus["doc_id"], corpus["date"].dt.to_period("M").astype(str)))}


_SHIFT_HINT = "r = ts.shift(corpus, ts.synthetic_terms(), 'counterstrike', 'preemptive', freq='month')"


@checker("change.period")
def _check_change_period(review, answer, seed):
    t = _change_truth(seed)
    got = read_month(answer, "the change period")
    if got == t["period"]:
        review.good("the change period")
        return
    review.bad("that is not the change period shift() finds at monthly resolution")
    if got in (t["low"], t["high"]):
        review.hint("that is a bound of the interval (change_period_low / change_period_high); the estimate is "
                    "change_period.")
    elif got == t["first_new"]:
        review.hint("that is the first month the new framing appears at all; the change point is where its "
                    "share jumps, which can be much later.")
    review.hint(_SHIFT_HINT + "; read r.change_period.")


@checker("change.shares")
def _check_change_shares(review, answer, seed):
    t = _change_truth(seed)
    if isinstance(answer, dict):
        answer = [answer.get("before"), answer.get("after")]
    before, after = (read_float(v, n) for v, n in zip(read_seq(answer, 2, "two numbers: (share_before, share_after)"),
                                                  ("share_before", "share_after")))
    ok = [close_to(before, t["before"], 0.002), close_to(after, t["after"], 0.002)]
    for part, good in zip(("before", "after"), ok):
        (review.good if good else review.bad)(f"the share {part} the change")
    if all(ok):
        return
    if close_to(before, t["after"], 0.002) and close_to(after, t["before"], 0.002):
        review.hint("you swapped them: give (share_before, share_after).")
    elif close_to(before, 1 - t["before"], 0.002) or close_to(after, 1 - t["after"], 0.002):
        review.hint("that is the old framing's share; shift(corpus, terms, a, b) reports a's share, so put "
                    "counterstrike as a.")
    review.hint(_SHIFT_HINT + "; read r.share_before and r.share_after.")


@checker("change.p_value")
def _check_change_p_value(review, answer, seed):
    t = _change_truth(seed)
    got = read_float(answer, "the p-value")
    if close_to(got, t["p_value"], 1e-9, 1e-6):
        review.good(f"the permutation p-value with n_perm={_P_PERM}")
        return
    review.bad(f"that is not the p-value shift() reports with n_perm={_P_PERM}")
    if got == 0:
        review.hint("a permutation p-value is never 0: it is (1 + the permutations at least as extreme) / "
                    "(1 + n_perm), because the observed data count as one arrangement.")
    elif close_to(got, 0.05, 1e-9):
        review.hint("0.05 is a conventional threshold, not a p-value computed from the data.")
    elif close_to(got, 1 / (1 + 999), 1e-9, 1e-6):
        review.hint(f"that is the result with the default n_perm=999; the task asks for n_perm={_P_PERM}.")
    review.hint(_SHIFT_HINT.replace("freq='month')", f"freq='month', n_perm={_P_PERM})") + "; read r.p_value.")


@checker("change.early")
def _check_change_early(review, answer, seed):
    t = _change_truth(seed)
    got = read_int(answer, "the number of mentions")
    if got == t["early"]:
        review.good("the mentions of the new framing dated before the change period")
        return
    review.bad("that is not the number of counterstrike mentions dated before the change period")
    if got == t["early_docs"] and t["early_docs"] != t["early"]:
        review.hint("that counts documents; count mentions (kwic rows), a document can hold several.")
    elif got == t["early_incl"]:
        review.hint("that includes the change period itself; count only the mentions dated before its first day.")
    elif got == t["early_old"]:
        review.hint("that is the old framing; the task asks about counterstrike.")
    elif got in t["before_counts"].values():
        review.hint("that is the count before another month; use the change period of the previous task.")
    review.hint("lines = ts.kwic(corpus, ts.synthetic_terms(), 'counterstrike'); keep the rows whose date is "
                "before the first day of the change period.")


@checker("change.first_line")
def _check_change_first_line(review, answer, seed):
    t = _change_truth(seed)
    if not isinstance(answer, str):
        raise FormError("give a doc_id, e.g. 'synthetic/0001.txt'")
    got = answer.strip()
    if got == t["first_doc"]:
        review.good("the first document of the change period that uses the new framing")
        return
    review.bad("that is not the first document of the change period that uses the new framing")
    month = t["doc_month"].get(got)
    if month is None:
        review.hint("that doc_id is not in the corpus; copy it from the doc_id column.")
    elif month != t["period"]:
        review.hint("that document is not dated in the change period; filter the kwic lines to that month.")
    elif got not in t["new_docs"]:
        review.hint("that document does not mention counterstrike; take the kwic lines of 'counterstrike'.")
    else:
        review.hint("that document is in the change period and mentions counterstrike, but an earlier one does "
                    "too: kwic rows follow the corpus order (by date), so take the first row of the month.")

