"""Checks of the counting exercise (notebook 03): raw counts against rates and document shares."""

from __future__ import annotations

import functools

import numpy as np

from ..counts import count_terms
from ..datasets import synthetic_terms
from .answers import check_choice
from .data import NEW, OLD, student_copy, truth_corpus
from .feedback import checker, close_to, read_float, read_month

__all__: list[str] = []  # nothing public: the checks register themselves with check()


@functools.lru_cache(maxsize=8)
def _counting_truth(seed: int) -> dict:
    corpus = student_copy(truth_corpus("counting", seed))
    table = count_terms(corpus, synthetic_terms(), freq="month")
    table["period"] = table["period"].astype(str)  # answers are compared as text ('2022-03')
    new = table[table["family"] == NEW].set_index("period")
    old = table[table["family"] == OLD].set_index("period")
    raw_peak = new["count"].idxmax()
    return {"new": new, "old": old, "raw_peak": raw_peak,
            "raw_peaks": frozenset(new.index[new["count"] == new["count"].max()]),
            "rate_peaks": frozenset(new.index[np.isclose(new["per_10k"], new["per_10k"].max())]),
            "share_peaks": frozenset(new.index[np.isclose(new["doc_share"], new["doc_share"].max())]),
            "old_raw_peaks": frozenset(old.index[old["count"] == old["count"].max()]),
            "old_rate_peaks": frozenset(old.index[np.isclose(old["per_10k"], old["per_10k"].max())]),
            "per_10k": float(new.loc[raw_peak, "per_10k"]), "doc_share": float(new.loc[raw_peak, "doc_share"]),
            "row": new.loc[raw_peak], "old_row": old.loc[raw_peak],
            "overall_per_10k": float(new["count"].sum() * 1e4 / new["n_tokens"].sum()),
            "overall_doc_share": float(new.loc[raw_peak, "docs"] / len(corpus))}


_COUNT_HINT = "ts.count_terms(corpus, ts.synthetic_terms(), freq='month') has one row per month and family."


@checker("counting.raw_peak")
def _check_counting_raw_peak(review, answer, seed):
    t = _counting_truth(seed)
    got = read_month(answer)
    if got in t["raw_peaks"]:
        review.good("the month with the most mentions of the new framing")
        return
    review.bad("that is not the month with the most mentions (raw count) of the new framing")
    if got in t["rate_peaks"]:
        review.hint("that is where per_10k peaks; this task asks for the raw count (the 'count' column).")
    elif got in t["old_raw_peaks"]:
        review.hint("that is the peak of the old framing (preemptive); the task asks about counterstrike.")
    review.hint(_COUNT_HINT + " Keep the counterstrike rows and find the largest count.")


@checker("counting.rate_peak")
def _check_counting_rate_peak(review, answer, seed):
    t = _counting_truth(seed)
    got = read_month(answer)
    if got in t["rate_peaks"]:
        review.good("the month with the highest rate per 10,000 tokens")
        return
    review.bad("that is not the month with the highest per_10k of the new framing")
    if got in t["raw_peaks"]:
        review.hint("that is where the raw count peaks; divide by the month's tokens (per_10k) before comparing.")
    elif got in t["share_peaks"]:
        review.hint("that is where doc_share peaks; the task asks for per_10k (mentions per 10,000 tokens).")
    elif got in t["old_rate_peaks"]:
        review.hint("that is the old framing's peak; the task asks about counterstrike.")
    review.hint(_COUNT_HINT + " Keep the counterstrike rows and find the largest per_10k.")


@checker("counting.per_10k")
def _check_counting_per_10k(review, answer, seed):
    t = _counting_truth(seed)
    got = read_float(answer, "the rate")
    want, row = t["per_10k"], t["row"]
    if close_to(got, want, 0.01, 0.01):
        review.good("the rate per 10,000 tokens in that month")
        return
    review.bad("that is not the per_10k of counterstrike in the month with the most mentions")
    mistakes = [
        (want / 10, "that looks like a rate per 1,000 tokens: the unit is 10,000 tokens."),
        (want / 100, "that looks like a percentage of tokens: the unit is 10,000 tokens."),
        (want / 1e4, "that looks like mentions per token: multiply by 10,000."),
        (row["count"] / row["n_docs"], "that is mentions per document; per_10k divides by tokens, not documents."),
        (float(row["count"]), "that is the raw count; divide by the month's tokens (times 10,000)."),
        (float(t["old_row"]["per_10k"]), "that is the old framing's rate; the task asks about counterstrike."),
        (t["overall_per_10k"], "that is the rate over the whole corpus; the task asks about one month."),
    ]
    for value, message in mistakes:
        if close_to(got, value, 1e-6, 0.005):
            review.hint(message)
            break
    review.hint("per_10k = count / n_tokens x 10,000 for the month of the raw-count peak; count_terms gives it.")


@checker("counting.doc_share")
def _check_counting_doc_share(review, answer, seed):
    t = _counting_truth(seed)
    got = read_float(answer, "the share")
    want, row = t["doc_share"], t["row"]
    if close_to(got, want, 0.005):
        review.good("the share of that month's documents that mention the new framing")
        return
    review.bad("that is not the doc_share of counterstrike in the month with the most mentions")
    mistakes = [
        (want * 100, "that looks like a percentage: give the share as a fraction between 0 and 1."),
        (row["count"] / row["n_docs"], "that divides mentions by documents; doc_share counts documents with at "
                                       "least one mention (a document with three mentions counts once)."),
        (t["overall_doc_share"], "that divides by every document of the corpus; use that month's documents."),
        (float(t["old_row"]["doc_share"]), "that is the old framing's share; the task asks about counterstrike."),
    ]
    for value, message in mistakes:
        if close_to(got, value, 1e-6, 0.005):
            review.hint(message)
            break
    review.hint("doc_share = docs / n_docs for that month (count_terms gives it).")




@checker("counting.why")
def _check_counting_why(review, answer, seed):
    check_choice(review, "counting.why", answer, seed)

