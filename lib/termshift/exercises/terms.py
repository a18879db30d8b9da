"""Checks of the term-family exercise (notebook 02): predictions, spelling variants, wildcard traps."""

from __future__ import annotations

from ..datasets import synthetic_terms
from ..matching import Matcher
from ..terms import TermSet
from .answers import RULES, pair_matches, pairs_for_seed
from .data import DETERRENCE, OLD, truth_corpus
from .feedback import FormError, checker

__all__: list[str] = []  # nothing public: the checks register themselves with check()


def _family_from_answer(answer, family_id) -> TermSet:
    """One family from a list of terms, a single term, a mapping or a TermSet."""
    if isinstance(answer, str):
        answer = [answer]
    if isinstance(answer, (list, tuple)):
        if not answer or not all(isinstance(a, str) for a in answer):
            raise FormError("give a list of terms, e.g. ['term one', 'term*']")
        return TermSet.from_dict({family_id: list(answer)}, source="your answer")
    if isinstance(answer, TermSet):
        answer = answer.to_dict()
    if isinstance(answer, dict):
        if len(answer) == 1:
            (spec,) = answer.values()
        elif family_id in answer:
            spec = answer[family_id]
        else:
            raise FormError(f"your mapping has several families; name the one to check {family_id!r} or give a list "
                        "of terms")
        return TermSet.from_dict({family_id: spec}, source="your answer")
    raise FormError("give a list of terms, e.g. ['term one', 'term*']")


def _spans(matcher, text):
    return [(m.start, m.end, m.text) for m in matcher.find(text)]


def _compare_family(review, corpus, truth_terms, family_id, answer):
    """Compare a student's family with the planted mentions, mention by mention."""
    yours = Matcher(_family_from_answer(answer, family_id))
    truth = Matcher(truth_terms.subset([family_id]))
    hits = missed = extra = double = 0
    missed_doc = double_doc = None
    false_words = {}
    for doc_id, text in zip(corpus["doc_id"], corpus["text"]):
        planted, found = _spans(truth, text), _spans(yours, text)
        for s, e, _ in planted:
            n = sum(1 for fs, fe, _ in found if fs < e and s < fe)
            if n == 0:
                missed += 1
                missed_doc = missed_doc or doc_id
            else:
                hits += 1
                if n > 1:
                    double += 1
                    double_doc = double_doc or doc_id
        for fs, fe, word in found:
            if not any(fs < e and s < fe for s, e, _ in planted):
                extra += 1
                false_words.setdefault(word.casefold(), doc_id)
    if hits:
        review.good(f"your family finds {hits} of the {hits + missed} planted mentions")
    if missed:
        review.bad(f"it misses {missed} planted mention(s), for example in {missed_doc}",
                   f"read {missed_doc} (or the kwic lines of a broader term) to see how the framing is written "
                   "there, then check the matching rules (hyphens, plurals, other nouns).")
    if extra:
        examples = ", ".join(f"'{w}' ({d})" for w, d in list(false_words.items())[:3])
        review.bad(f"{extra} of its matches are not the framing, e.g. {examples}",
                   "a trailing * matches any continuation of the word: choose stems that only continue into the "
                   "words you mean, or list the words.")
    if double:
        review.bad(f"it counts {double} mention(s) more than once, for example in {double_doc}",
                   "separate words of one phrase are separate matches: list the phrase as one term, not its words.")
    if not (missed or extra or double):
        review.good("it matches nothing else and counts each mention once")


@checker("terms.predict")
def _check_terms_predict(review, answer, seed):
    pairs = pairs_for_seed(seed)
    if isinstance(answer, str):
        letters = [c for c in answer.lower() if c.isalpha()]
    elif isinstance(answer, (list, tuple, set, frozenset)) and all(isinstance(a, str) for a in answer):
        letters = [a.strip().strip("()").lower() for a in answer]
    else:
        raise FormError("give the letters of the pairs that match, e.g. 'bdf' or ['b', 'd', 'f']")
    unknown = sorted(set(letters) - set(pairs["letter"]))
    if unknown:
        raise FormError(f"there are only pairs a to h; {', '.join(unknown)} is not one")
    said = set(letters)
    truth = {r.letter: pair_matches(r.term, r.text) for r in pairs.itertuples()}
    wrong = [r for r in pairs.itertuples() if (r.letter in said) != truth[r.letter]]
    review.good(f"{len(pairs) - len(wrong)} of your {len(pairs)} judgements are right")
    if wrong:
        too_many = sum(1 for r in wrong if r.letter in said)
        review.bad(f"{len(wrong)} judgement(s) are wrong: {too_many} pair(s) you chose do not match, "
                   f"{len(wrong) - too_many} you left out do match",
                   "re-read " + ", ".join(sorted({RULES[r.rule] for r in wrong})) + " in the README, then "
                   "test a pair with ts.Matcher(ts.TermSet.from_dict({'x': [term]})).count(text).")


@checker("terms.variants")
def _check_terms_variants(review, answer, seed):
    _compare_family(review, truth_corpus("terms.variants", seed), synthetic_terms(), OLD, answer)


@checker("terms.deterrence")
def _check_terms_deterrence(review, answer, seed):
    _compare_family(review, truth_corpus("terms.deterrence", seed), synthetic_terms(DETERRENCE), "deterrence", answer)

