"""Checks of the bilingual exercise (notebook 07): 反撃能力 vs 敵基地攻撃能力 counted, dated and read in Japanese."""

from __future__ import annotations

import functools

from ..context import kwic
from ..counts import count_terms
from ..examples import example_terms
from ..stats import shift
from .answers import check_choice
from .data import student_copy, truth_corpus
from .feedback import checker, read_int, read_month, read_seq

__all__: list[str] = []  # nothing public: the checks register themselves with check()

#: The contest of the exercise: the newer name (反撃能力) and the older one (敵基地攻撃能力 / 敵基地攻撃).
NEW, OLD = "counterstrike", "enemy_base"
_SUBSET = "japanese = corpus[corpus['language'] == 'ja']"


def _counts(corpus, terms, column="count") -> tuple[int, int]:
    table = count_terms(corpus, terms, freq="year")
    sums = table.groupby("family")[column].sum()
    return int(sums[NEW]), int(sums[OLD])


def _month(result) -> str | None:
    return None if result.change_period is None else str(result.change_period)  # compared as text ('2022-10')


def _wrapped(corpus, lines) -> int:
    """Matches whose text, as stored, holds a line break (KWIC start/end index the stored text)."""
    texts = dict(zip(corpus["doc_id"], corpus["text"]))
    return sum("\n" in texts[d][s:e] for d, s, e in zip(lines["doc_id"], lines["start"], lines["end"]))


@functools.lru_cache(maxsize=8)
def _bilingual_truth(seed: int) -> dict:
    corpus = student_copy(truth_corpus("bilingual", seed))
    terms = example_terms()
    ja = corpus[corpus["language"] == "ja"]
    en = corpus[corpus["language"] != "ja"]

    def month(sub):
        return _month(shift(sub, terms, NEW, OLD, freq="month", n_perm=0, n_boot=0))

    result = shift(ja, terms, NEW, OLD, freq="month", n_perm=0, n_boot=0)
    lines = kwic(ja, terms, NEW)
    old_lines = kwic(ja, terms, OLD)
    return {
        "counts": _counts(ja, terms), "docs": _counts(ja, terms, "docs"), "all": _counts(corpus, terms),
        "naive": (int(ja["text"].str.count("反撃能力").sum()), int(ja["text"].str.count("敵基地攻撃能力").sum())),
        "period": _month(result), "low": None if result.change_period_low is None else str(result.change_period_low),
        "high": None if result.change_period_high is None else str(result.change_period_high),
        "en_period": month(en) if len(en) else None,
        "first_new": str(lines["date"].min().to_period("M")) if len(lines) else None,
        "wrapped": _wrapped(ja, lines), "matches": len(lines), "wrapped_old": _wrapped(ja, old_lines),
    }


@checker("bilingual.counts")
def _check_bilingual_counts(review, answer, seed):
    t = _bilingual_truth(seed)
    if isinstance(answer, dict):
        answer = [answer.get(NEW), answer.get(OLD)]
    got = tuple(read_int(v, n) for v, n in zip(read_seq(answer, 2, "two numbers: (反撃能力, 敵基地攻撃能力)"),
                                            ("the count of 反撃能力", "the count of 敵基地攻撃能力")))
    want = t["counts"]
    for part, g, w in zip(("反撃能力 (counterstrike)", "敵基地攻撃能力 (enemy_base)"), got, want):
        (review.good if g == w else review.bad)(f"the mentions of {part} in the Japanese documents")
    if got == want:
        return
    if got == want[::-1]:
        review.hint("you swapped them: give (反撃能力, 敵基地攻撃能力), the newer name first.")
    elif got == t["all"]:
        review.hint("that counts the English documents too; the task asks about the Japanese ones: " + _SUBSET + ".")
    elif got == t["docs"]:
        review.hint("that counts documents with a match (docs); count mentions (the count column).")
    elif got[0] == t["naive"][0] or got[1] == t["naive"][1]:
        review.hint("a plain text search (str.count) misses every term cut by a line break, and the short form "
                    "敵基地攻撃; count the families, which handle both.")
    review.hint(_SUBSET + "; table = ts.count_terms(japanese, terms), then sum the count column of each family.")


@checker("bilingual.change")
def _check_bilingual_change(review, answer, seed):
    t = _bilingual_truth(seed)
    got = read_month(answer, "the change month")
    if got == t["period"]:
        review.good("the month of the renaming in the Japanese documents")
        return
    review.bad("that is not the change period shift() finds in the Japanese documents at monthly resolution")
    if got in (t["low"], t["high"]):
        review.hint("that is a bound of the interval (change_period_low / change_period_high); the estimate is "
                    "change_period.")
    elif got == t["en_period"]:
        review.hint("that is the change in the English documents; the task asks about the Japanese ones.")
    elif got == t["first_new"]:
        review.hint("that is the first month 反撃能力 appears at all; the change point is where its share jumps.")
    review.hint(_SUBSET + "; r = ts.shift(japanese, terms, 'counterstrike', 'enemy_base', freq='month'); "
                "read r.change_period.")


@checker("bilingual.jiei")
def _check_bilingual_jiei(review, answer, seed):
    check_choice(review, "bilingual.jiei", answer, seed)


@checker("bilingual.wrapped")
def _check_bilingual_wrapped(review, answer, seed):
    t = _bilingual_truth(seed)
    got = read_int(answer, "the number of matches")
    if got == t["wrapped"]:
        review.good("the 反撃能力 matches that are cut by a line break in the stored text")
        return
    review.bad("that is not the number of 反撃能力 matches whose stored text holds a line break")
    if got == 0:
        review.hint("the match column shows each match joined, as a reader reads it; look at the stored text "
                    "instead: text[start:end] of the document.")
    elif got == t["matches"]:
        review.hint("that counts every match; keep those whose stored text, text[start:end], holds a line break.")
    elif got == t["wrapped_old"]:
        review.hint("that is the older name (enemy_base); the task asks about 反撃能力 (counterstrike).")
    review.hint("lines = ts.kwic(japanese, terms, 'counterstrike'); for each line take the document's text from "
                "the corpus and look for '\\n' in text[start:end].")
