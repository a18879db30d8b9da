"""Fixed answers kept out of sight: prediction pairs computed by the matcher, multiple choice as salted digests.

Whether a term matches its text (``terms.predict``) is computed with
:class:`~termshift.matching.Matcher`, never stored. The right option of a
multiple-choice task is stored only as a salted SHA-256 digest, and the
letters of the options are shuffled per seed.
"""

from __future__ import annotations

import functools
import hashlib
import unicodedata
from collections.abc import Mapping

import pandas as pd

from ..errors import ParameterError
from ..matching import Matcher
from ..terms import TermSet
from .data import resolve_seed, seed_rng
from .feedback import read_letter

__all__ = ["PAIRS", "RULES", "pair_matches", "pairs_for_seed", "prediction_pairs", "CHOICES", "DIGESTS", "digest",
           "choice_keys", "Choices", "choices", "check_choice"]

# (term, text, rule) -- whether the term matches is computed, never stored.
PAIRS = (
    ("pre-emptive", "a preemptive strike", 4),
    ("pre-emptive", "a pre emptive strike", 4),
    ("pre-emptive", "a pre\u2014emptive strike", 4),
    ("pre-emptive", "they acted preemptively", 2),
    ("pre-emptive", "a pre\u2010emptive strike", 4),
    ("pre-emptive", "nonpreemptive measures", 2),
    ("preemptive", "a pre-emptive strike", 4),
    ("deter*", "they determined the budget", 5),
    ("deter*", "nuclear deterrence", 5),
    ("deter*", "an undeterred cabinet", 2),
    ("capabilit*", "a capable force", 5),
    ("counter-strike", "counterstrike", 4),
    ("counter-strike", "a counter\u2013strike", 4),
    ("strike", "two strikes", 2),
    ("pre-emptive strike", "a preemptive\nstrike", 3),
    ("COUNTER-STRIKE", "Counter-Strike", 1),
    ("security", "Social Security", 7),
    ("capabilit*", "counter-strike capabilities", 5),
)
RULES = {1: "rule 1 (case folding)", 2: "rule 2 (whole words only)", 3: "rule 3 (spaces and line breaks)",
          4: "rule 4 (a hyphen, and other dashes)", 5: "rule 5 (a trailing *)",
          7: "rule 7 (families are independent: a term counts wherever its words occur)"}


def pair_matches(term: str, text: str) -> bool:
    """Whether ``term`` matches ``text`` under the matching rules."""
    return Matcher(TermSet.from_dict({"t": [term]})).count(text)[0][0] > 0


def _note(text: str) -> str:
    notes = ["line break" if c == "\n" else f"{c} is {unicodedata.name(c, f'U+{ord(c):04X}')}"
             for c in dict.fromkeys(text) if c == "\n" or ord(c) > 127]
    return "; ".join(notes)


@functools.lru_cache(maxsize=8)
def pairs_for_seed(seed: int) -> pd.DataFrame:
    """The eight pairs of a seed, with the rule each one tests (column ``rule``)."""
    rng = seed_rng("terms.predict", seed)
    yes = [i for i, (t, x, _) in enumerate(PAIRS) if pair_matches(t, x)]
    no = [i for i in range(len(PAIRS)) if i not in yes]
    chosen = list(rng.choice(yes, 4, replace=False)) + list(rng.choice(no, 4, replace=False))
    chosen = [chosen[i] for i in rng.permutation(len(chosen))]
    return pd.DataFrame({"letter": list("abcdefgh"), "term": [PAIRS[i][0] for i in chosen],
                         "text": [PAIRS[i][1] for i in chosen], "note": [_note(PAIRS[i][1]) for i in chosen],
                         "rule": [PAIRS[i][2] for i in chosen]})


def prediction_pairs(seed=None) -> pd.DataFrame:
    """Eight (term, text) pairs for ``terms.predict``: which terms match their text?

    Columns ``letter``, ``term``, ``text`` and ``note`` (characters that are
    hard to see: dashes, line breaks). The pairs and their order depend on the seed.
    """
    return pairs_for_seed(resolve_seed(seed)).drop(columns="rule").copy()


# Multiple-choice tasks: option key -> (text, what to look at). The right key
# is stored only as a salted digest; letters are shuffled per seed.
CHOICES = {
    "counting.why": {
        "volume": ("That month has many more documents than the others, so more mentions without a higher rate.",
                   "Compare n_docs and n_tokens of that month with the months around it."),
        "popular": ("The new framing suddenly became far more popular that month.",
                    "If the framing became more popular, its per_10k and doc_share would rise too: compare them "
                    "for that month with the months around it."),
        "boilerplate": ("Boilerplate lines repeating the framing were counted that month.",
                        "The loader removed the all-capital boilerplate lines before counting; nothing in them "
                        "was counted."),
        "spelling": ("A new spelling of the framing appeared that month.",
                     "The family's terms match every spelling in the corpus; count_terms(..., level='term') "
                     "shows which terms matched, month by month."),
    },
    "sotu.preemption_sense": {
        "land": ("Settlers' right to buy the public land they occupied before it was offered for sale.",
                 "Read the right-hand context of the KWIC lines: what follows 'preemption'?"),
        "military": ("Striking first at an enemy believed to be about to attack.",
                     "Read the KWIC lines: which of them speak of enemies, weapons or attacks?"),
        "federal": ("Federal law overriding state law.",
                    "Read the KWIC lines: do they speak of state laws being displaced?"),
        "broadcast": ("Interrupting scheduled broadcasts for a presidential address.",
                      "Look at the years of the KWIC lines: was there broadcasting then?"),
    },
    "sotu.reading": {
        "social": ("Many matches are the Social Security program and economic security, not the military.",
                   "Look at the words just before 'security' in the KWIC lines."),
        "synonym": ("Presidents renamed the armed forces 'security forces' instead of 'defense'.",
                    "Read the KWIC lines of 'security' after 1935: how many speak of the armed forces?"),
        "length": ("Addresses got longer, so every word is counted more often.",
                   "per_10k already divides by the number of tokens: longer addresses do not raise it."),
        "ocr": ("Scanning errors in the older addresses hide earlier uses of 'security'.",
                "The texts are transcriptions; compare with what the KWIC lines say after 1935."),
    },
    "bilingual.jiei": {
        "forces": ("At a kanji edge no word boundary is needed, so 自衛 would also match inside 自衛隊 (the "
                   "Self-Defense Forces, named in most defence news) and count the forces as the framing.",
                   "Count 自衛 alone in the Japanese documents and read its KWIC lines: which character follows it?"),
        "tokens": ("The analyser makes 自衛 part of longer words, so the matcher could never find it.",
                   "Term matching compares characters and never uses the analyser's words: try "
                   "ts.count_terms(japanese, {'jiei': ['自衛']}) and see how many it finds."),
        "rare": ("自衛 on its own is too rare in the news to be worth counting.",
                 "Count it: ts.count_terms(japanese, {'jiei': ['自衛']}); then read where the matches are."),
        "kana": ("The news writes the word in kana (じえい), so a kanji term would miss it.",
                 "Search the Japanese documents for じえい, then read the KWIC lines of 自衛."),
    },
}
_SALT = "termshift.exercises:v1"
DIGESTS = {
    "counting.why": "5f5adf13afb3effb099617f23b74af499ac41684b6d807366256ab16c4ab7664",
    "sotu.preemption_sense": "f5e47d344a6e9af1fb7c8051692b6585d0e54f6d7a9f4d75252e83b9d977e189",
    "sotu.reading": "4cc9252820857a820fffbefc405542ff4d9c3db0e2ab578ff7cc1b91323afea5",
    "bilingual.jiei": "f3451925c07f00b44f42abc8b4a96225f348b29d8d5bc42c88112e70922fbdb8",
}


def digest(task: str, key: str) -> str:
    """The salted SHA-256 digest of option ``key`` of a multiple-choice task."""
    return hashlib.sha256(f"{_SALT}\x1f{task}\x1f{key}".encode()).hexdigest()


def choice_keys(task: str, seed: int) -> list:
    """The option keys of a task in the order of their letters for ``seed``."""
    keys = list(CHOICES[task])
    return [keys[i] for i in seed_rng(task, seed).permutation(len(keys))]


class Choices(Mapping):
    """The lettered options of a multiple-choice task: a mapping letter -> text, shown in full."""

    def __init__(self, exercise: str, options: dict):
        self.exercise = exercise
        self._options = dict(options)

    def __getitem__(self, letter) -> str:
        return self._options[letter]

    def __iter__(self):
        return iter(self._options)

    def __len__(self) -> int:
        return len(self._options)

    def __repr__(self) -> str:
        return "\n".join(f"({letter}) {text}" for letter, text in self._options.items())

    def _repr_markdown_(self) -> str:
        return "\n".join(f"- **({letter})** {text}" for letter, text in self._options.items())


def choices(exercise: str, seed=None) -> Choices:
    """The options of a multiple-choice task, lettered in an order that depends on the seed.

    Examples
    --------
    >>> options = choices("counting.why", seed=1)
    >>> list(options)
    ['a', 'b', 'c', 'd']
    """
    if exercise not in CHOICES:
        raise ParameterError([f"{exercise!r} is not a multiple-choice task; those are {', '.join(CHOICES)}"])
    keys = choice_keys(exercise, resolve_seed(seed))
    return Choices(exercise, {letter: CHOICES[exercise][k][0] for letter, k in zip("abcd", keys)})


def check_choice(review, task, answer, seed):
    """The checker of a multiple-choice task: compares the digest of the chosen option."""
    letter = read_letter(answer, len(CHOICES[task]))
    key = choice_keys(task, seed)["abcd".index(letter)]
    if digest(task, key) == DIGESTS[task]:
        review.good("your reading of the evidence")
    else:
        review.bad(f"option ({letter}) is not what the evidence shows", CHOICES[task][key][1])

