"""Checks of the State of the Union exercise (notebook 06): read the lines before counting the words."""

from __future__ import annotations

import functools

from ..context import kwic
from ..counts import count_terms
from .answers import check_choice
from .data import sotu_corpus, sotu_terms
from .feedback import checker, close_to, read_decade, read_float, read_int, read_seq

__all__: list[str] = []  # nothing public: the checks register themselves with check()


@functools.lru_cache(maxsize=1)
def _sotu_truth() -> dict:
    corpus = sotu_corpus()
    terms = sotu_terms()
    table = count_terms(corpus, terms, freq="year")
    table["period"] = table["period"].astype(str)  # the year as text ('1944')
    table["decade"] = table["period"].str[:4].astype(int) // 10 * 10
    pooled = table.groupby(["decade", "family"])[["count", "n_tokens"]].sum()
    per = (pooled["count"] * 1e4 / pooled["n_tokens"]).unstack("family")
    ahead = per["security"] > per["defense"]
    decades = list(per.index)
    crossover = next(d for i, d in enumerate(decades) if ahead.iloc[i:].all())
    first_ahead = next(d for d, a in ahead.items() if a)
    mean_rate = table.pivot(index="period", columns="family", values="per_10k")
    mean_rate["decade"] = mean_rate.index.str[:4].astype(int) // 10 * 10
    mean_per = mean_rate.groupby("decade").mean()
    raw = pooled["count"].unstack("family")
    pre = kwic(corpus, terms, "preemption")
    years = sorted(pre["date"].dt.year)
    sec = kwic(corpus, terms, "security")
    before = sec["left"].str.split().str[-1].fillna("").str.casefold().str.strip(".,;:\"'()")
    return {"years": (years[0], years[-1]), "crossover": crossover, "first_ahead": first_ahead,
            "social_share": float((before == "social").mean()),
            "social_count": int((before == "social").sum()), "security_count": len(sec),
            "terror_decade": int(per["terror"].idxmax()), "terror_raw_decade": int(raw["terror"].idxmax()),
            "terror_mean_decade": int(mean_per["terror"].idxmax()),
            "terror_year": int(table[table["family"] == "terror"].set_index("period")["per_10k"].idxmax())}


@checker("sotu.preemption_sense")
def _check_sotu_preemption_sense(review, answer, seed):
    check_choice(review, "sotu.preemption_sense", answer, seed)


@checker("sotu.preemption_years")
def _check_sotu_preemption_years(review, answer, seed):
    t = _sotu_truth()
    first, last = (read_int(v, n) for v, n in zip(read_seq(answer, 2, "two years: (first, last)"), ("first", "last")))
    want = t["years"]
    (review.good if first == want[0] else review.bad)("the first year")
    (review.good if last == want[1] else review.bad)("the last year")
    if last != want[1]:
        if last > want[1]:
            review.hint("a later line matched is not 'preemption' itself: check the match column (a broader term "
                        "such as pre-empt* also catches other words).")
        else:
            review.hint("a later address writes it differently: use the family sotu_terms()['preemption'], "
                        "whose hyphen and trailing * catch other spellings and plurals.")
    if first != want[0]:
        review.hint("take the year of the earliest kwic line (kwic rows follow the corpus order, by date).")


@checker("sotu.crossover")
def _check_sotu_crossover(review, answer, seed):
    t = _sotu_truth()
    got = read_decade(answer)
    if got == t["crossover"]:
        review.good("the decade from which 'security' stays ahead of 'defense'")
        return
    review.bad("that is not the decade from which 'security' stays ahead in every later decade")
    if got == t["first_ahead"]:
        review.hint("'security' is ahead in that decade, but falls behind again later: the task asks from when "
                    "on it stays ahead.")
    review.hint("pool by decade: sum count and n_tokens of the yearly rows per decade, then per_10k = count / "
                "n_tokens x 10,000; compare the two families decade by decade, starting from the latest.")


@checker("sotu.social_share")
def _check_sotu_social_share(review, answer, seed):
    t = _sotu_truth()
    got = read_float(answer, "the share")
    if close_to(got, t["social_share"], 0.005):
        review.good("the share of 'security' matches preceded by 'Social'")
        return
    review.bad("that is not the share of 'security' kwic lines whose preceding word is 'social'")
    if close_to(got, t["social_share"] * 100, 0.5):
        review.hint("that looks like a percentage: give a fraction between 0 and 1.")
    elif got > 1:
        review.hint("that looks like a count: divide by the number of 'security' lines.")
    review.hint("lines = ts.kwic(corpus, terms, 'security'); the last word of the left column, case-folded, "
                "is 'social' for Social Security.")


@checker("sotu.terror_decade")
def _check_sotu_terror_decade(review, answer, seed):
    t = _sotu_truth()
    got = read_decade(answer)
    if got == t["terror_decade"]:
        review.good("the decade in which 'terror*' is most frequent per 10,000 tokens")
        return
    review.bad("that is not the decade with the highest pooled per_10k of 'terror*'")
    if got == t["terror_mean_decade"] and got != t["terror_decade"]:
        review.hint("averaging yearly rates gives each address the same weight whatever its length; pool the "
                    "counts and tokens of the decade instead.")
    review.hint("pool counts and tokens per decade, as in the previous task, then take the largest per_10k.")


@checker("sotu.reading")
def _check_sotu_reading(review, answer, seed):
    check_choice(review, "sotu.reading", answer, seed)

