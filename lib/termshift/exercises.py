"""Graded exercises on framing shifts: seeded exercise data and checks that explain.

The classroom edition of termshift lives in ``notebooks/exercises`` (the
notebooks handed out) and ``notebooks/solutions`` (the same notebooks with the
answers filled in). This module is what they call:

* :func:`exercise_corpus` / :func:`exercise_folder` -- the data of an exercise,
  built by :func:`termshift.datasets.synthetic` from the **course seed**
  (:func:`course_seed`: the ``TERMSHIFT_COURSE_SEED`` environment variable,
  else :data:`DEFAULT_SEED`), with a planted shift so every answer is known;
  :func:`sotu_corpus` -- the real State of the Union corpus, built once.
* :func:`check` -- prints (and returns) :class:`Feedback` on one answer: what
  is right, what is wrong, and a hint toward the fix, never the answer.

Answers are not stored: :func:`check` recomputes the expected answer from the
exercise data and the seed, so a new seed gives new data *and* new answers
(last year's answers fail). The few fixed answers (multiple choice) are
compared as salted SHA-256 digests, and their letters are shuffled per seed.

:data:`EXERCISES` lists the task ids with their titles, :data:`SETS` the
exercise notebooks. :func:`student_version` turns a solution notebook into
the student notebook (``python -m termshift.exercises build`` rewrites them all).
"""

from __future__ import annotations

import functools
import hashlib
import math
import os
import re
import shutil
import tempfile
import unicodedata
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .context import kwic
from .corpus import load_corpus, load_report
from .counts import count_terms, document_counts
from .datasets import sotu_corpus, synthetic, synthetic_terms, write_synthetic
from .errors import ParameterError, TermshiftError
from .matching import Matcher
from .stats import share, shift, wilson_interval
from .terms import TermSet

__all__ = ["EXERCISES", "SETS", "DEFAULT_SEED", "SEED_ENV", "course_seed", "exercise_corpus", "exercise_folder",
           "sotu_corpus", "sotu_terms", "choices", "Choices", "prediction_pairs", "check", "Feedback",
           "student_version", "build_notebooks"]

#: Seed used when ``TERMSHIFT_COURSE_SEED`` is not set.
DEFAULT_SEED = 2025
#: The environment variable that holds the course seed.
SEED_ENV = "TERMSHIFT_COURSE_SEED"

#: Exercise sets, one notebook each, in teaching order.
SETS = {
    "load": "Load a dated corpus and read its report",
    "terms": "Define a term family: variants and wildcard traps",
    "counting": "Count and normalise by period",
    "uncertainty": "Compare two framings with uncertainty",
    "change": "Find when the shift happened, then read the lines",
    "sotu": "The State of the Union: read before you count",
}

#: Every task id (``set.task``) and its title, in teaching order.
EXERCISES = {
    "load.totals": "Files loaded, skipped and ignored",
    "load.skipped": "Which files were skipped",
    "load.boilerplate": "Boilerplate lines removed",
    "load.inflation": "Mentions the boilerplate would add",
    "terms.predict": "Predict which texts a term matches",
    "terms.variants": "A family that catches every spelling",
    "terms.deterrence": "A family without wildcard traps",
    "counting.raw_peak": "Month with the most mentions",
    "counting.rate_peak": "Month with the highest rate per 10,000 tokens",
    "counting.per_10k": "Rate per 10,000 tokens in the raw-count peak month",
    "counting.doc_share": "Share of documents in the raw-count peak month",
    "counting.why": "Why the raw count misleads",
    "uncertainty.share": "A's share in the change year, with its bootstrap interval",
    "uncertainty.wilson": "Wilson interval of a document share",
    "uncertainty.overlap": "Is the difference larger than the uncertainty?",
    "uncertainty.widest": "Month with the widest interval",
    "change.period": "The change period",
    "change.shares": "Share before and after",
    "change.p_value": "The permutation p-value",
    "change.early": "Mentions of the new framing before the change",
    "change.first_line": "The first document of the new regime",
    "sotu.preemption_sense": "What 'preemption' means in the State of the Union",
    "sotu.preemption_years": "First and last year of 'preemption'",
    "sotu.crossover": "Decade from which 'security' stays ahead of 'defense'",
    "sotu.social_share": "Share of 'security' that is 'Social Security'",
    "sotu.reading": "What inflates 'security'",
    "sotu.terror_decade": "Decade of 'terror*'",
}

# Each data set draws its parameters from its own stream of the course seed.
_DATASETS = {"load": 1, "terms.variants": 2, "terms.deterrence": 3, "counting": 4, "uncertainty": 5, "change": 6}
_START, _END = "2021-01-01", "2023-12-31"
_OLD, _NEW = "preemptive", "counterstrike"

# The deterrence exercise: framing A is deterrence in several spellings; the
# other "family" holds the words a careless stem (deter*) catches.
_DETERRENCE = {
    "deterrence": ["deterrence", "nuclear deterrence", "a credible deterrent", "extended deterrence",
                   "deterrent capabilities", "the ability to deter attacks"],
    "distractors": ["a determined response", "the deteriorating security environment",
                    "the determination of the cabinet", "determined diplomacy"],
}


# ----------------------------------------------------------------------------- seeds


def course_seed() -> int:
    """The course seed: ``$TERMSHIFT_COURSE_SEED`` if set, else :data:`DEFAULT_SEED`.

    Every exercise data set and every expected answer is derived from it, so
    an instructor who sets a new seed gets new data and new answers.

    Examples
    --------
    >>> import os
    >>> course_seed() == int(os.environ.get("TERMSHIFT_COURSE_SEED", DEFAULT_SEED))
    True
    """
    value = os.environ.get(SEED_ENV, "").strip()
    if not value:
        return DEFAULT_SEED
    try:
        seed = int(value)
    except ValueError:
        seed = -1
    if seed < 0:
        raise ParameterError([f"{SEED_ENV}={value!r}: give a whole number >= 0 (or unset it for the default "
                              f"{DEFAULT_SEED})"])
    return seed


def _seed(seed) -> int:
    if seed is None:
        return course_seed()
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ParameterError([f"seed={seed!r}: give a whole number >= 0, or None for the course seed"])
    return int(seed)


def _rng(key, seed: int) -> np.random.Generator:
    """A generator for one data set or task: independent streams of the same seed."""
    k = key if isinstance(key, int) else zlib.crc32(key.encode("utf-8"))
    return np.random.default_rng([seed, k])


def _day(rng, lo: str, hi: str) -> str:
    lo, hi = pd.Timestamp(lo), pd.Timestamp(hi)
    return str((lo + pd.Timedelta(days=int(rng.integers((hi - lo).days + 1)))).date())


def _params(dataset: str, seed: int) -> dict:
    """The :func:`~termshift.datasets.synthetic` arguments of a data set, drawn from the seed."""
    rng = _rng(_DATASETS[dataset], seed)
    p = {"n_docs": int(rng.integers(200, 281)), "start": _START, "end": _END,
         "change_date": _day(rng, "2021-10-01", "2023-03-31"),
         "effect": (round(float(rng.uniform(0.05, 0.2)), 3), round(float(rng.uniform(0.75, 0.95)), 3)),
         "variant_noise": round(float(rng.uniform(0.15, 0.35)), 3),
         "boilerplate_noise": round(float(rng.uniform(0.05, 0.2)), 3),
         "random_state": int(rng.integers(2**31 - 1))}
    if dataset == "load":
        p.update(n_docs=int(rng.integers(120, 181)), boilerplate_noise=round(float(rng.uniform(0.2, 0.35)), 3))
    elif dataset == "terms.variants":
        p.update(variant_noise=round(float(rng.uniform(0.5, 0.7)), 3))
    elif dataset == "terms.deterrence":
        q = round(float(rng.uniform(0.3, 0.45)), 3)
        p.update(families=_DETERRENCE, effect=(q, q), variant_noise=round(float(rng.uniform(0.55, 0.75)), 3))
    elif dataset == "counting":
        p.update(change_date=_day(rng, "2021-09-01", "2022-09-30"))
    elif dataset == "uncertainty":
        p.update(change_date=_day(rng, "2022-02-01", "2022-11-30"))
    return p


def _burst_params(seed: int, base: dict) -> dict:
    """A wire service floods one month after the change with short items that rarely mention either framing."""
    rng = _rng("counting.burst", seed)
    first = pd.Timestamp(base["change_date"]).to_period("M") + 3
    month = first + int(rng.integers((pd.Period("2023-10", "M") - first).n + 1))
    p_new = base["effect"][1]
    return {"n_docs": int(rng.integers(110, 161)), "start": str(month.start_time.date()),
            "end": str(month.end_time.date()), "change_date": str((month.start_time + pd.Timedelta(days=1)).date()),
            "effect": (p_new, p_new), "variant_noise": base["variant_noise"],
            "boilerplate_noise": base["boilerplate_noise"], "mean_mentions": 0.35,
            "random_state": int(rng.integers(2**31 - 1))}


# ----------------------------------------------------------------------------- data

_TRUTH_COLUMNS = ("regime", "planted_")


@functools.lru_cache(maxsize=32)
def _truth(dataset: str, seed: int) -> pd.DataFrame:
    """The data set with the generator's truth columns (``regime``, ``planted_*``)."""
    params = _params(dataset, seed)
    corpus = synthetic(**params)
    if dataset == "counting":
        burst = synthetic(**_burst_params(seed, params))
        burst["doc_id"] = burst["doc_id"].str.replace("synthetic/", "synthetic/wire-", regex=False)
        corpus = pd.concat([corpus, burst], ignore_index=True)
        corpus = corpus.sort_values(["date", "doc_id"], kind="stable").reset_index(drop=True)
    return corpus


def _student_copy(corpus: pd.DataFrame) -> pd.DataFrame:
    """The corpus without what would give the answers away (truth columns, generator parameters)."""
    out = corpus.drop(columns=[c for c in corpus.columns if c.startswith(_TRUTH_COLUMNS)]).copy()
    out.attrs.pop("termshift.synthetic", None)
    return out


def _dataset_of(exercise) -> str:
    if not isinstance(exercise, str):
        raise ParameterError([f"exercise={exercise!r}: give an exercise id such as 'counting' or 'change.period'"])
    if exercise in _DATASETS or exercise == "sotu":
        return exercise
    prefix = exercise.split(".", 1)[0]
    if prefix in _DATASETS or prefix == "sotu":
        return prefix
    if exercise == "terms" or prefix == "terms":
        raise ParameterError([f"{exercise!r}: the terms exercise has two corpora; ask for 'terms.variants' or "
                              "'terms.deterrence' (terms.predict uses prediction_pairs() instead)"])
    raise ParameterError([f"{exercise!r} is not an exercise; choose one of {', '.join(SETS)}"])


def exercise_corpus(exercise: str, seed=None) -> pd.DataFrame:
    """The corpus of an exercise, in one call.

    Parameters
    ----------
    exercise : str
        A set id (``"counting"``, ``"uncertainty"``, ``"change"``, ``"sotu"``,
        ``"load"``), a task id (``"change.period"``) or one of the two terms
        corpora (``"terms.variants"``, ``"terms.deterrence"``).
    seed : int, optional
        Default: :func:`course_seed`. Ignored for ``"sotu"`` (real data).

    Returns
    -------
    DataFrame
        A corpus as :func:`~termshift.load_corpus` returns it. Synthetic
        documents say so (``[SYNTHETIC]``, ``synthetic/`` ids); the
        generator's truth (planted counts, regime, parameters) is not included.
        ``"load"`` gives the folder of :func:`exercise_folder` loaded with
        ``on_error="skip"``.

    Examples
    --------
    >>> corpus = exercise_corpus("change", seed=1)
    >>> bool(corpus["text"].str.startswith("[SYNTHETIC]").all()), "regime" in corpus
    (True, False)
    """
    dataset = _dataset_of(exercise)
    if dataset == "sotu":
        return sotu_corpus()
    seed = _seed(seed)
    if dataset == "load":
        with tempfile.TemporaryDirectory() as tmp:
            return load_corpus(exercise_folder("load", seed=seed, root=tmp), on_error="skip", progress=False)
    return _student_copy(_truth(dataset, seed))


# ----------------------------------------------------------------------------- the load folder

_IMPOSSIBLE = ("02-30", "02-31", "04-31", "06-31", "09-31", "11-31")
_BAD_KINDS = ("no_date", "us_date", "impossible", "empty", "no_text")
_INBOX_WORDS = ("wire", "draft", "scrape", "clipping", "briefing", "digest", "memo", "update")
_INBOX_TEXT = ("[SYNTHETIC] Forwarded item, not real news. {Term} came up again at the ministry, "
               "and lawmakers asked for details.")


def _inbox_files(seed: int) -> dict:
    """``{relative path: bytes}`` of the extra files of the load exercise: good, bad and not-corpus files."""
    rng = _rng("load.inbox", seed)
    names = iter(f"inbox/{_INBOX_WORDS[int(i) % len(_INBOX_WORDS)]}_{int(n):03d}"
                 for i, n in zip(rng.permutation(64), rng.choice(1000, size=64, replace=False)))
    phrases = ["preemptive strike", "pre-emptive strike", "counterstrike capability"]
    files = {}
    for _ in range(int(rng.integers(1, 4))):  # good articles
        text = _INBOX_TEXT.format(Term=phrases[int(rng.integers(len(phrases)))].capitalize())
        files[next(names) + ".txt"] = f"date {_day(rng, _START, _END)}\n{text}\n".encode()
    # always an ambiguous date and a file without a header, then one to three other faults
    kinds = ["us_date", "no_date"] + list(rng.choice(_BAD_KINDS[2:], size=int(rng.integers(1, 4)), replace=True))
    for kind in kinds:
        text = _INBOX_TEXT.format(Term="Preemptive strike")
        d = pd.Timestamp(_day(rng, _START, _END))
        content = {"no_date": f"{text}\n",
                   "us_date": f"date {d.month:02d}/{d.day:02d}/{d.year} {text}\n",
                   "impossible": f"date {d.year}-{_IMPOSSIBLE[d.day % len(_IMPOSSIBLE)]}\n{text}\n",
                   "empty": "",
                   "no_text": f"date {d.date()}\n"}[kind]
        files[next(names) + ".txt"] = content.encode()
    extras = [".pdf", ".md", ".docx", ".csv.bak"]
    for ext in rng.choice(extras, size=int(rng.integers(1, 4)), replace=False):
        files[next(names) + str(ext)] = b"%PDF-1.4 not a corpus file\n" if ext == ".pdf" else b"notes\n"
    return files


def exercise_folder(exercise: str = "load", seed=None, root=None) -> Path:
    """Write the files of the load exercise and return the folder.

    The folder holds a :func:`~termshift.datasets.write_synthetic` corpus
    (articles with scraped boilerplate lines, a README and a term file) and
    an ``inbox/`` of forwarded files: some good articles, some that cannot
    be loaded, some that are not corpus files. The same seed always writes
    the same files.

    Parameters
    ----------
    exercise : {"load"}
    seed : int, optional
        Default: :func:`course_seed`.
    root : str or Path, optional
        Where to write (default: a ``termshift-exercises`` folder in the
        system's temporary directory). The folder ``root/seed-N/load`` is
        rewritten on each call; a non-empty folder that is not an exercise
        folder is never touched.

    Returns
    -------
    Path
    """
    if exercise != "load":
        raise ParameterError([f"exercise={exercise!r}: only the 'load' exercise reads files; for the others use "
                              "exercise_corpus()"])
    seed = _seed(seed)
    base = Path(root) if root is not None else Path(tempfile.gettempdir()) / "termshift-exercises"
    folder = base / f"seed-{seed}" / "load"
    if folder.exists():
        readme = folder / "README.md"
        ours = readme.is_file() and readme.read_text(encoding="utf-8").startswith("# SYNTHETIC corpus")
        if not ours and any(folder.iterdir()):
            raise ParameterError([f"{folder}: exists and is not an exercise folder; choose another root"])
        shutil.rmtree(folder)
    write_synthetic(folder, **_params("load", seed))
    for rel, data in _inbox_files(seed).items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


# ----------------------------------------------------------------------------- State of the Union


def sotu_terms() -> TermSet:
    """The term families of the State of the Union exercise.

    Examples
    --------
    >>> list(sotu_terms())
    ['defense', 'security', 'social_security', 'terror', 'preemption']
    """
    return TermSet.from_dict({
        "defense": {"label": "Defense", "terms": ["defense", "defence"]},
        "security": {"label": "Security", "terms": ["security"]},
        "social_security": {"label": "Social Security", "terms": ["social security"]},
        "terror": {"label": "Terror*", "terms": ["terror*"]},
        "preemption": {"label": "Preemption", "terms": ["pre-emption*"]},
    }, source="sotu_terms()")


# ----------------------------------------------------------------------------- prediction pairs and choices

# (term, text, rule) -- whether the term matches is computed, never stored.
_PAIRS = (
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
_RULES = {1: "rule 1 (case folding)", 2: "rule 2 (whole words only)", 3: "rule 3 (spaces and line breaks)",
          4: "rule 4 (a hyphen, and other dashes)", 5: "rule 5 (a trailing *)",
          7: "rule 7 (families are independent: a term counts wherever its words occur)"}


def _pair_matches(term: str, text: str) -> bool:
    return Matcher(TermSet.from_dict({"t": [term]})).count(text)[0][0] > 0


def _note(text: str) -> str:
    notes = ["line break" if c == "\n" else f"{c} is {unicodedata.name(c, 'U+%04X' % ord(c))}"
             for c in dict.fromkeys(text) if c == "\n" or ord(c) > 127]
    return "; ".join(notes)


@functools.lru_cache(maxsize=8)
def _pairs(seed: int) -> pd.DataFrame:
    rng = _rng("terms.predict", seed)
    yes = [i for i, (t, x, _) in enumerate(_PAIRS) if _pair_matches(t, x)]
    no = [i for i in range(len(_PAIRS)) if i not in yes]
    chosen = list(rng.choice(yes, 4, replace=False)) + list(rng.choice(no, 4, replace=False))
    chosen = [chosen[i] for i in rng.permutation(len(chosen))]
    return pd.DataFrame({"letter": list("abcdefgh"), "term": [_PAIRS[i][0] for i in chosen],
                         "text": [_PAIRS[i][1] for i in chosen], "note": [_note(_PAIRS[i][1]) for i in chosen],
                         "rule": [_PAIRS[i][2] for i in chosen]})


def prediction_pairs(seed=None) -> pd.DataFrame:
    """Eight (term, text) pairs for ``terms.predict``: which terms match their text?

    Columns ``letter``, ``term``, ``text`` and ``note`` (characters that are
    hard to see: dashes, line breaks). The pairs and their order depend on the seed.
    """
    return _pairs(_seed(seed)).drop(columns="rule").copy()


# Multiple-choice tasks: option key -> (text, what to look at). The right key
# is stored only as a salted digest; letters are shuffled per seed.
_CHOICES = {
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
}
_SALT = "termshift.exercises:v1"
_DIGESTS = {
    "counting.why": "5f5adf13afb3effb099617f23b74af499ac41684b6d807366256ab16c4ab7664",
    "sotu.preemption_sense": "f5e47d344a6e9af1fb7c8051692b6585d0e54f6d7a9f4d75252e83b9d977e189",
    "sotu.reading": "4cc9252820857a820fffbefc405542ff4d9c3db0e2ab578ff7cc1b91323afea5",
}


def _digest(task: str, key: str) -> str:
    return hashlib.sha256(f"{_SALT}\x1f{task}\x1f{key}".encode("utf-8")).hexdigest()


def _choice_keys(task: str, seed: int) -> list:
    keys = list(_CHOICES[task])
    return [keys[i] for i in _rng(task, seed).permutation(len(keys))]


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
    if exercise not in _CHOICES:
        raise ParameterError([f"{exercise!r} is not a multiple-choice task; those are {', '.join(_CHOICES)}"])
    keys = _choice_keys(exercise, _seed(seed))
    return Choices(exercise, {letter: _CHOICES[exercise][k][0] for letter, k in zip("abcd", keys)})


# ----------------------------------------------------------------------------- feedback


@dataclass
class Feedback:
    """What :func:`check` says about one answer.

    Attributes
    ----------
    exercise : str
        The task id.
    status : {"correct", "not yet", "not answered yet"}
    right, wrong : list of str
        What is right and what is wrong about the answer (never the answer itself).
    hint : str
        Where to look next.
    """

    exercise: str
    status: str
    right: list = field(default_factory=list)
    wrong: list = field(default_factory=list)
    hint: str = ""
    _printed: bool = field(default=False, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        """True when the answer is correct."""
        return self.status == "correct"

    def __str__(self) -> str:
        lines = [f"{self.exercise} ({EXERCISES[self.exercise]}): {self.status}"]
        lines += [f"  right: {r}" for r in self.right]
        lines += [f"  wrong: {w}" for w in self.wrong]
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        return "\n".join(lines)

    def _ipython_display_(self):
        # check() has just printed this feedback; showing the returned value
        # again at the end of the cell would print it twice.
        if self._printed:
            self._printed = False
        else:
            print(self)


class _Form(Exception):
    """The answer does not have the expected form; the message says which form."""


class _Review:
    def __init__(self):
        self.right, self.wrong, self.hints = [], [], []

    def good(self, message):
        self.right.append(message)

    def bad(self, message, hint=None):
        self.wrong.append(message)
        if hint and hint not in self.hints:
            self.hints.append(hint)

    def hint(self, message):
        if message not in self.hints:
            self.hints.append(message)


_CHECKS = {}


def _checker(task):
    def register(fn):
        _CHECKS[task] = fn
        return fn
    return register


def check(exercise: str, answer, seed=None, *, quiet: bool = False) -> Feedback:
    """Check one answer: print and return what is right, what is wrong, and a hint.

    The expected answer is recomputed from the exercise data of ``seed``
    (never stored, never shown). An answer left as ``None`` or ``...`` gets
    "not answered yet" feedback, so a notebook as handed out runs top to bottom.

    Parameters
    ----------
    exercise : str
        A task id from :data:`EXERCISES`.
    answer : object
        The answer, in the form the task asks for.
    seed : int, optional
        Default: :func:`course_seed` -- the seed the exercise data were built with.
    quiet : bool, default=False
        Return the feedback without printing it.

    Returns
    -------
    Feedback

    Examples
    --------
    >>> fb = check("change.p_value", ..., quiet=True)
    >>> fb.status, fb.ok
    ('not answered yet', False)
    """
    if exercise not in EXERCISES:
        raise ParameterError([f"{exercise!r} is not an exercise id; the ids are: {', '.join(EXERCISES)}"])
    seed = _seed(seed)
    if answer is None or answer is Ellipsis:
        fb = Feedback(exercise, "not answered yet",
                      hint="replace the ... with your answer (see the task above), then run the cell again")
    else:
        review = _Review()
        try:
            _CHECKS[exercise](review, answer, seed)
        except _Form as form:
            review.bad(f"your answer cannot be read: {form}", "give the answer in the form the task asks for")
        except TermshiftError as err:
            review.bad("your answer cannot be used: " + " / ".join(err.problems),
                       "fix what the message says, then run the cell again")
        except (TypeError, ValueError, KeyError, IndexError, AttributeError) as err:
            review.bad(f"your answer cannot be read ({type(err).__name__}: {err})",
                       "give the answer in the form the task asks for")
        if review.wrong:
            hint = " ".join(h[:1].upper() + h[1:] for h in review.hints[:2])
            fb = Feedback(exercise, "not yet", review.right, review.wrong, hint)
        else:
            fb = Feedback(exercise, "correct", review.right or ["all parts of your answer are right"])
    if not quiet:
        print(fb)
        fb._printed = True
    return fb


# ----------------------------------------------------------------------------- reading answers


def _int(value, what) -> int:
    if isinstance(value, bool):
        raise _Form(f"{what}: give a whole number, not True/False")
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    raise _Form(f"{what}: give a whole number")


def _float(value, what) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                pass
        raise _Form(f"{what}: give a number")
    v = float(value)
    if math.isnan(v):
        raise _Form(f"{what}: your number is NaN (a period without documents?)")
    return v


def _seq(value, n, what) -> list:
    if isinstance(value, pd.Series):
        value = value.tolist()
    if isinstance(value, np.ndarray):
        value = value.ravel().tolist()
    if not isinstance(value, (list, tuple)) or len(value) != n:
        raise _Form(f"give {what}")
    return list(value)


def _month(value, what="the month") -> str:
    if isinstance(value, pd.Period):
        value = str(value.asfreq("M")) if value.freqstr.startswith("M") else str(value)
    elif isinstance(value, (pd.Timestamp, np.datetime64)):
        value = str(pd.Timestamp(value).to_period("M"))
    if not isinstance(value, str):
        raise _Form(f"{what}: give a period string such as '2019-03'")
    s = value.strip()
    if re.fullmatch(r"\d{4}-\d{1,2}", s):
        return str(pd.Period(s, "M"))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        raise _Form(f"{what}: give the month as 'YYYY-MM', not a day")
    if re.fullmatch(r"\d{4}Q\d", s, re.IGNORECASE):
        raise _Form(f"{what}: that is a quarter; the task asks for a month ('YYYY-MM', freq='month')")
    raise _Form(f"{what}: give a period string such as '2019-03'")


def _decade(value) -> int:
    m = re.fullmatch(r"\s*(\d{4})s?\s*", str(value)) if isinstance(value, (str, int, np.integer)) else None
    if m is None or isinstance(value, bool):
        raise _Form("give the decade as its first year, e.g. 1870 (or '1870s')")
    year = int(m.group(1))
    if year % 10:
        raise _Form("that is a year, not a decade: give the decade's first year, e.g. 1870 for the 1870s")
    return year


def _letter(value, n=4) -> str:
    s = str(value).strip().strip("()").strip().lower() if isinstance(value, str) else None
    letters = "abcdefgh"[:n]
    if not s or len(s) != 1 or s not in letters:
        raise _Form(f"give one letter ({', '.join(letters)})")
    return s


def _close(a, b, abs_tol, rel_tol=0.0) -> bool:
    return math.isclose(a, b, abs_tol=abs_tol, rel_tol=rel_tol)


# ----------------------------------------------------------------------------- load


@functools.lru_cache(maxsize=8)
def _load_truth(seed: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = exercise_folder("load", seed=seed, root=tmp)
        corpus = load_corpus(folder, on_error="skip", progress=False)
        kept = load_corpus(folder, on_error="skip", boilerplate=None, progress=False)
    report = load_report(corpus)
    terms = synthetic_terms()
    clean, raw = document_counts(corpus, terms), document_counts(kept, terms)
    return {"loaded": len(report.loaded), "skipped": len(report.skipped), "ignored": len(report.ignored),
            "skipped_names": frozenset(Path(w).name for w, _ in report.skipped),
            "ignored_names": frozenset(Path(w).name for w in report.ignored),
            "generated": _params("load", seed)["n_docs"],
            "boilerplate": int(corpus["n_boilerplate"].sum()),
            "docs_with_boilerplate": int((corpus["n_boilerplate"] > 0).sum()),
            "inflation": int(raw[_OLD].sum() - clean[_OLD].sum()),
            "inflation_new": int(raw[_NEW].sum() - clean[_NEW].sum())}


_LOAD_HINT = ("load the folder with on_error='skip', then read ts.load_report(corpus): its totals_line() and its "
              "loaded / skipped / ignored lists")


def _totals(answer):
    if isinstance(answer, dict):
        try:
            return [answer[k] for k in ("loaded", "skipped", "ignored")]
        except KeyError:
            raise _Form("give a dict with keys 'loaded', 'skipped', 'ignored', or a tuple of three numbers") \
                from None
    return _seq(answer, 3, "three numbers: (loaded, skipped, ignored)")


@_checker("load.totals")
def _check_load_totals(review, answer, seed):
    t = _load_truth(seed)
    got = [_int(v, name) for v, name in zip(_totals(answer), ("loaded", "skipped", "ignored"))]
    want = [t["loaded"], t["skipped"], t["ignored"]]
    names = ("loaded", "skipped", "ignored")
    for name, g, w in zip(names, got, want):
        if g == w:
            review.good(f"the number of {name} files")
        else:
            review.bad(f"the number of {name} files")
    if got[1:] == want[:0:-1] and got[1] != got[2]:
        review.hint("you swapped skipped and ignored: skipped files are corpus files (.txt) that could not be "
                    "loaded; ignored files are not corpus files at all.")
    if got[0] == t["generated"] and got[0] != want[0]:
        review.hint("the README's n_docs counts only the generated articles; the inbox holds more .txt files.")
    if sum(got) == sum(want) and got != want:
        review.hint("your three numbers add up to the files seen, but they are split differently.")
    if got[0] == want[0] + want[1] and got[0] != want[0]:
        review.hint("a file that was skipped did not load: count it once, as skipped.")
    if got != want:
        review.hint(_LOAD_HINT)


@_checker("load.skipped")
def _check_load_skipped(review, answer, seed):
    t = _load_truth(seed)
    if isinstance(answer, str):
        answer = [answer]
    if isinstance(answer, (pd.Series, np.ndarray, set, frozenset, tuple)):
        answer = list(answer)
    if not isinstance(answer, list) or not all(isinstance(a, str) for a in answer):
        raise _Form("give a list of file names, e.g. ['inbox/x.txt', ...]")
    got = {Path(a.strip()).name for a in answer}
    want = t["skipped_names"]
    found = got & want
    if found:
        review.good(f"{len(found)} of the names you gave were skipped")
    if want - got:
        review.bad(f"{len(want - got)} skipped file(s) are missing from your list",
                   "every skipped file is listed in ts.load_report(corpus).skipped, with its reason")
    ignored = got & t["ignored_names"]
    if ignored:
        review.bad(f"{len(ignored)} of your files were ignored, not skipped",
                   "ignored files are not corpus files (.md, .pdf...): the loader never tries to read them, so "
                   "they are not 'skipped'")
    loaded = got - want - t["ignored_names"]
    if loaded:
        review.bad(f"{len(loaded)} of your files were not skipped (they loaded, or do not exist)",
                   "compare with the list of skipped files in the load report")
    if len(answer) != len(got):
        review.bad("your list repeats a file", "give each skipped file once")


@_checker("load.boilerplate")
def _check_load_boilerplate(review, answer, seed):
    t = _load_truth(seed)
    got = _int(answer, "the number of lines")
    if got == t["boilerplate"]:
        review.good("the number of boilerplate lines removed")
        return
    review.bad("that is not the number of boilerplate lines the loader removed")
    if got == t["docs_with_boilerplate"]:
        review.hint("that is the number of documents that had boilerplate; the task asks for lines "
                    "(sum the n_boilerplate column).")
    elif got in (t["inflation"], t["inflation_new"]):
        review.hint("that counts only the boilerplate lines that mention a framing; count every removed line.")
    review.hint("each document's n_boilerplate column counts its removed lines; the lines themselves are kept "
                "in the boilerplate column.")


@_checker("load.inflation")
def _check_load_inflation(review, answer, seed):
    t = _load_truth(seed)
    got = _int(answer, "the number of mentions")
    if got == t["inflation"]:
        review.good("the extra mentions of the old framing that the boilerplate would add")
        return
    review.bad("that is not how many more mentions of the old framing you would count with the boilerplate kept")
    if got == t["boilerplate"]:
        review.hint("that is every boilerplate line; only some of them mention the old framing.")
    elif got == t["inflation_new"]:
        review.hint("that is the new framing (counterstrike); the task asks about the old one (preemptive).")
    elif got == t["inflation"] + t["inflation_new"]:
        review.hint("that counts both framings; the task asks about the old one (preemptive) only.")
    review.hint("load the folder a second time with boilerplate=None, count the 'preemptive' family in both "
                "corpora with ts.document_counts and take the difference of the totals.")


# ----------------------------------------------------------------------------- terms


def _family_from_answer(answer, family_id) -> TermSet:
    """One family from a list of terms, a single term, a mapping or a TermSet."""
    if isinstance(answer, str):
        answer = [answer]
    if isinstance(answer, (list, tuple)):
        if not answer or not all(isinstance(a, str) for a in answer):
            raise _Form("give a list of terms, e.g. ['term one', 'term*']")
        return TermSet.from_dict({family_id: list(answer)}, source="your answer")
    if isinstance(answer, TermSet):
        answer = answer.to_dict()
    if isinstance(answer, dict):
        if len(answer) == 1:
            (spec,) = answer.values()
        elif family_id in answer:
            spec = answer[family_id]
        else:
            raise _Form(f"your mapping has several families; name the one to check {family_id!r} or give a list "
                        "of terms")
        return TermSet.from_dict({family_id: spec}, source="your answer")
    raise _Form("give a list of terms, e.g. ['term one', 'term*']")


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


@_checker("terms.predict")
def _check_terms_predict(review, answer, seed):
    pairs = _pairs(seed)
    if isinstance(answer, str):
        letters = [c for c in answer.lower() if c.isalpha()]
    elif isinstance(answer, (list, tuple, set, frozenset)) and all(isinstance(a, str) for a in answer):
        letters = [a.strip().strip("()").lower() for a in answer]
    else:
        raise _Form("give the letters of the pairs that match, e.g. 'bdf' or ['b', 'd', 'f']")
    unknown = sorted(set(letters) - set(pairs["letter"]))
    if unknown:
        raise _Form(f"there are only pairs a to h; {', '.join(unknown)} is not one")
    said = set(letters)
    truth = {r.letter: _pair_matches(r.term, r.text) for r in pairs.itertuples()}
    wrong = [r for r in pairs.itertuples() if (r.letter in said) != truth[r.letter]]
    review.good(f"{len(pairs) - len(wrong)} of your {len(pairs)} judgements are right")
    if wrong:
        too_many = sum(1 for r in wrong if r.letter in said)
        review.bad(f"{len(wrong)} judgement(s) are wrong: {too_many} pair(s) you chose do not match, "
                   f"{len(wrong) - too_many} you left out do match",
                   "re-read " + ", ".join(sorted({_RULES[r.rule] for r in wrong})) + " in the README, then "
                   "test a pair with ts.Matcher(ts.TermSet.from_dict({'x': [term]})).count(text).")


@_checker("terms.variants")
def _check_terms_variants(review, answer, seed):
    _compare_family(review, _truth("terms.variants", seed), synthetic_terms(), _OLD, answer)


@_checker("terms.deterrence")
def _check_terms_deterrence(review, answer, seed):
    _compare_family(review, _truth("terms.deterrence", seed), synthetic_terms(_DETERRENCE), "deterrence", answer)


# ----------------------------------------------------------------------------- counting


@functools.lru_cache(maxsize=8)
def _counting_truth(seed: int) -> dict:
    corpus = _student_copy(_truth("counting", seed))
    table = count_terms(corpus, synthetic_terms(), freq="M")
    new = table[table["family"] == _NEW].set_index("period")
    old = table[table["family"] == _OLD].set_index("period")
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


@_checker("counting.raw_peak")
def _check_counting_raw_peak(review, answer, seed):
    t = _counting_truth(seed)
    got = _month(answer)
    if got in t["raw_peaks"]:
        review.good("the month with the most mentions of the new framing")
        return
    review.bad("that is not the month with the most mentions (raw count) of the new framing")
    if got in t["rate_peaks"]:
        review.hint("that is where per_10k peaks; this task asks for the raw count (the 'count' column).")
    elif got in t["old_raw_peaks"]:
        review.hint("that is the peak of the old framing (preemptive); the task asks about counterstrike.")
    review.hint(_COUNT_HINT + " Keep the counterstrike rows and find the largest count.")


@_checker("counting.rate_peak")
def _check_counting_rate_peak(review, answer, seed):
    t = _counting_truth(seed)
    got = _month(answer)
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


@_checker("counting.per_10k")
def _check_counting_per_10k(review, answer, seed):
    t = _counting_truth(seed)
    got = _float(answer, "the rate")
    want, row = t["per_10k"], t["row"]
    if _close(got, want, 0.01, 0.01):
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
        if _close(got, value, 1e-6, 0.005):
            review.hint(message)
            break
    review.hint("per_10k = count / n_tokens x 10,000 for the month of the raw-count peak; count_terms gives it.")


@_checker("counting.doc_share")
def _check_counting_doc_share(review, answer, seed):
    t = _counting_truth(seed)
    got = _float(answer, "the share")
    want, row = t["doc_share"], t["row"]
    if _close(got, want, 0.005):
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
        if _close(got, value, 1e-6, 0.005):
            review.hint(message)
            break
    review.hint("doc_share = docs / n_docs for that month (count_terms gives it).")


def _check_choice(review, task, answer, seed):
    letter = _letter(answer, len(_CHOICES[task]))
    key = _choice_keys(task, seed)["abcd".index(letter)]
    if _digest(task, key) == _DIGESTS[task]:
        review.good("your reading of the evidence")
    else:
        review.bad(f"option ({letter}) is not what the evidence shows", _CHOICES[task][key][1])


@_checker("counting.why")
def _check_counting_why(review, answer, seed):
    _check_choice(review, "counting.why", answer, seed)


# ----------------------------------------------------------------------------- uncertainty

_SHARE_YEAR, _FIRST_YEAR, _WILSON_PERIOD = "2022", "2021", "2021Q1"


@functools.lru_cache(maxsize=8)
def _uncertainty_truth(seed: int) -> dict:
    corpus = _student_copy(_truth("uncertainty", seed))
    terms = synthetic_terms()
    years = share(corpus, terms, _NEW, _OLD, freq="Y").set_index("period")
    months = share(corpus, terms, _NEW, _OLD, freq="M").set_index("period")
    quarters = count_terms(corpus, terms, freq="Q")
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
            raise _Form("give a dict with keys 'share', 'low', 'high' (or a tuple of three numbers)") from None
    return _seq(answer, 3, "three numbers: (share, low, high)")


@_checker("uncertainty.share")
def _check_uncertainty_share(review, answer, seed):
    t = _uncertainty_truth(seed)
    s, lo, hi = (_float(v, n) for v, n in zip(_triple(answer), ("share", "low", "high")))
    row = t["years"].loc[_SHARE_YEAR]
    if _close(s, row["share"], 0.002):
        review.good(f"counterstrike's share of the mentions in {_SHARE_YEAR}")
    else:
        review.bad(f"the share is not counterstrike's share of the {_SHARE_YEAR} mentions")
        if _close(s, 1 - row["share"], 0.002):
            review.hint("that is preemptive's share: share(corpus, terms, a, b) gives a's share, so put "
                        "counterstrike as a.")
        elif any(_close(s, v, 0.002) for v in t["years"]["share"]):
            review.hint(f"that is the share of another year; the task asks about {_SHARE_YEAR}.")
        else:
            review.hint("use ts.share(corpus, terms, 'counterstrike', 'preemptive', freq='year').")
    if lo > hi:
        review.bad("your low bound is above your high bound", "give (share, low, high) in that order.")
    elif _close(lo, row["share_low"], 0.03) and _close(hi, row["share_high"], 0.03):
        review.good("the 95% bootstrap interval")
    else:
        review.bad("the interval is not the 95% bootstrap interval of that share",
                   "take share_low and share_high from the same row (defaults: n_boot=1000, ci=0.95).")


@_checker("uncertainty.wilson")
def _check_uncertainty_wilson(review, answer, seed):
    t = _uncertainty_truth(seed)
    if isinstance(answer, dict):
        answer = [answer.get("low"), answer.get("high")]
    lo, hi = (_float(v, n) for v, n in zip(_seq(answer, 2, "two numbers: (low, high)"), ("low", "high")))
    want = t["wilson"][_NEW]
    ok = [_close(lo, want[0], 0.003), _close(hi, want[1], 0.003)]
    for part, good in zip(("low", "high"), ok):
        (review.good if good else review.bad)(f"the {part} bound")
    if all(ok):
        return
    row = t["quarter"].loc[_NEW]
    p, n = row["docs"] / row["n_docs"], row["n_docs"]
    half = 1.959964 * math.sqrt(p * (1 - p) / n)
    wald = [(p - half, p + half), (max(0.0, p - half), min(1.0, p + half))]
    if any(_close(lo, a, 0.003) and _close(hi, b, 0.003) for a, b in wald):
        review.hint("that is the Wald interval p +/- 1.96 x se; the Wilson interval is centred differently and "
                    "stays sensible with few documents (termshift.stats.wilson_interval, or doc_share_low and "
                    "doc_share_high of ts.rates).")
    elif _close(lo, t["wilson"][_OLD][0], 0.003) and _close(hi, t["wilson"][_OLD][1], 0.003):
        review.hint("that is the old framing's interval; the task asks about counterstrike.")
    review.hint(f"the interval is for the documents that mention counterstrike in {_WILSON_PERIOD} (docs out of "
                "n_docs, freq='quarter'), not for the mentions.")


@_checker("uncertainty.overlap")
def _check_uncertainty_overlap(review, answer, seed):
    t = _uncertainty_truth(seed)
    if isinstance(answer, dict):
        try:
            answer = [answer["difference"], answer["overlap"]]
        except KeyError:
            raise _Form("give a dict with keys 'difference' and 'overlap' (or a tuple)") from None
    diff, overlap = _seq(answer, 2, "two values: (difference, overlap)")
    diff = _float(diff, "difference")
    if not isinstance(overlap, (bool, np.bool_)):
        raise _Form("overlap: give True or False")
    if _close(diff, t["difference"], 0.002):
        review.good(f"the difference in counterstrike's share, {_SHARE_YEAR} minus {_FIRST_YEAR}")
    else:
        review.bad("the difference in shares",
                   f"subtract the {_FIRST_YEAR} share from the {_SHARE_YEAR} share"
                   + (" (you subtracted the other way round)." if _close(diff, -t["difference"], 0.002) else "."))
    if bool(overlap) == t["overlap"]:
        review.good("whether the two intervals overlap")
    else:
        review.bad("whether the two intervals overlap",
                   "two intervals overlap when the higher low bound is below the lower high bound; compare "
                   "share_low and share_high of both years.")


@_checker("uncertainty.widest")
def _check_uncertainty_widest(review, answer, seed):
    t = _uncertainty_truth(seed)
    got = _month(answer)
    if got in t["widest"]:
        review.good("the month with the widest interval")
        return
    review.bad("that is not the month with the widest bootstrap interval for counterstrike's share")
    if got in t["narrowest"]:
        review.hint("that month has one of the narrowest intervals: widest means share_high - share_low largest.")
    elif got in t["fewest"]:
        review.hint("one mention gives a resampled share of exactly 0 or 1 every time: its interval has no width "
                    "at all, which is a warning sign, not precision.")
    review.hint("compute share_high - share_low per month with ts.share(..., freq='month') and take the largest.")


# ----------------------------------------------------------------------------- change

_P_PERM = 199


@functools.lru_cache(maxsize=8)
def _change_truth(seed: int) -> dict:
    corpus = _student_copy(_truth("change", seed))
    terms = synthetic_terms()
    result = shift(corpus, terms, _NEW, _OLD, freq="M")
    p_value = shift(corpus, terms, _NEW, _OLD, freq="M", n_perm=_P_PERM, n_boot=0).p_value
    lines = kwic(corpus, terms, _NEW)
    months = lines["date"].dt.to_period("M").astype(str)
    start = pd.Period(result.change_period, "M")
    inside = lines[months == result.change_period]
    old_lines = kwic(corpus, terms, _OLD)
    periods = pd.period_range(corpus["date"].min().to_period("M"), corpus["date"].max().to_period("M"))
    before_counts = {str(p): int((lines["date"] < p.start_time).sum()) for p in periods}
    in_period = corpus[corpus["date"].dt.to_period("M") == start]
    return {"period": result.change_period, "low": result.change_period_low, "high": result.change_period_high,
            "before": result.share_before, "after": result.share_after, "p_value": p_value,
            "first_new": str(months.iloc[0]) if len(months) else None,
            "early": before_counts[result.change_period], "before_counts": before_counts,
            "early_docs": int(lines.loc[lines["date"] < start.start_time, "doc_id"].nunique()),
            "early_old": int((old_lines["date"] < start.start_time).sum()),
            "early_incl": int((lines["date"] <= start.end_time).sum()),
            "first_doc": inside["doc_id"].iloc[0] if len(inside) else None,
            "docs_in_period": list(in_period["doc_id"]), "new_docs": set(lines["doc_id"]),
            "doc_month": dict(zip(corpus["doc_id"], corpus["date"].dt.to_period("M").astype(str)))}


_SHIFT_HINT = "r = ts.shift(corpus, ts.synthetic_terms(), 'counterstrike', 'preemptive', freq='month')"


@_checker("change.period")
def _check_change_period(review, answer, seed):
    t = _change_truth(seed)
    got = _month(answer, "the change period")
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


@_checker("change.shares")
def _check_change_shares(review, answer, seed):
    t = _change_truth(seed)
    if isinstance(answer, dict):
        answer = [answer.get("before"), answer.get("after")]
    before, after = (_float(v, n) for v, n in zip(_seq(answer, 2, "two numbers: (share_before, share_after)"),
                                                  ("share_before", "share_after")))
    ok = [_close(before, t["before"], 0.002), _close(after, t["after"], 0.002)]
    for part, good in zip(("before", "after"), ok):
        (review.good if good else review.bad)(f"the share {part} the change")
    if all(ok):
        return
    if _close(before, t["after"], 0.002) and _close(after, t["before"], 0.002):
        review.hint("you swapped them: give (share_before, share_after).")
    elif _close(before, 1 - t["before"], 0.002) or _close(after, 1 - t["after"], 0.002):
        review.hint("that is the old framing's share; shift(corpus, terms, a, b) reports a's share, so put "
                    "counterstrike as a.")
    review.hint(_SHIFT_HINT + "; read r.share_before and r.share_after.")


@_checker("change.p_value")
def _check_change_p_value(review, answer, seed):
    t = _change_truth(seed)
    got = _float(answer, "the p-value")
    if _close(got, t["p_value"], 1e-9, 1e-6):
        review.good(f"the permutation p-value with n_perm={_P_PERM}")
        return
    review.bad(f"that is not the p-value shift() reports with n_perm={_P_PERM}")
    if got == 0:
        review.hint("a permutation p-value is never 0: it is (1 + the permutations at least as extreme) / "
                    "(1 + n_perm), because the observed data count as one arrangement.")
    elif _close(got, 0.05, 1e-9):
        review.hint("0.05 is a conventional threshold, not a p-value computed from the data.")
    elif _close(got, 1 / (1 + 999), 1e-9, 1e-6):
        review.hint(f"that is the result with the default n_perm=999; the task asks for n_perm={_P_PERM}.")
    review.hint(_SHIFT_HINT.replace("freq='month')", f"freq='month', n_perm={_P_PERM})") + "; read r.p_value.")


@_checker("change.early")
def _check_change_early(review, answer, seed):
    t = _change_truth(seed)
    got = _int(answer, "the number of mentions")
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


@_checker("change.first_line")
def _check_change_first_line(review, answer, seed):
    t = _change_truth(seed)
    if not isinstance(answer, str):
        raise _Form("give a doc_id, e.g. 'synthetic/0001.txt'")
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


# ----------------------------------------------------------------------------- State of the Union


@functools.lru_cache(maxsize=1)
def _sotu_truth() -> dict:
    corpus = sotu_corpus()
    terms = sotu_terms()
    table = count_terms(corpus, terms, freq="Y")
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


@_checker("sotu.preemption_sense")
def _check_sotu_preemption_sense(review, answer, seed):
    _check_choice(review, "sotu.preemption_sense", answer, seed)


@_checker("sotu.preemption_years")
def _check_sotu_preemption_years(review, answer, seed):
    t = _sotu_truth()
    first, last = (_int(v, n) for v, n in zip(_seq(answer, 2, "two years: (first, last)"), ("first", "last")))
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


@_checker("sotu.crossover")
def _check_sotu_crossover(review, answer, seed):
    t = _sotu_truth()
    got = _decade(answer)
    if got == t["crossover"]:
        review.good("the decade from which 'security' stays ahead of 'defense'")
        return
    review.bad("that is not the decade from which 'security' stays ahead in every later decade")
    if got == t["first_ahead"]:
        review.hint("'security' is ahead in that decade, but falls behind again later: the task asks from when "
                    "on it stays ahead.")
    review.hint("pool by decade: sum count and n_tokens of the yearly rows per decade, then per_10k = count / "
                "n_tokens x 10,000; compare the two families decade by decade, starting from the latest.")


@_checker("sotu.social_share")
def _check_sotu_social_share(review, answer, seed):
    t = _sotu_truth()
    got = _float(answer, "the share")
    if _close(got, t["social_share"], 0.005):
        review.good("the share of 'security' matches preceded by 'Social'")
        return
    review.bad("that is not the share of 'security' kwic lines whose preceding word is 'social'")
    if _close(got, t["social_share"] * 100, 0.5):
        review.hint("that looks like a percentage: give a fraction between 0 and 1.")
    elif got > 1:
        review.hint("that looks like a count: divide by the number of 'security' lines.")
    review.hint("lines = ts.kwic(corpus, terms, 'security'); the last word of the left column, case-folded, "
                "is 'social' for Social Security.")


@_checker("sotu.terror_decade")
def _check_sotu_terror_decade(review, answer, seed):
    t = _sotu_truth()
    got = _decade(answer)
    if got == t["terror_decade"]:
        review.good("the decade in which 'terror*' is most frequent per 10,000 tokens")
        return
    review.bad("that is not the decade with the highest pooled per_10k of 'terror*'")
    if got == t["terror_mean_decade"] and got != t["terror_decade"]:
        review.hint("averaging yearly rates gives each address the same weight whatever its length; pool the "
                    "counts and tokens of the decade instead.")
    review.hint("pool counts and tokens per decade, as in the previous task, then take the largest per_10k.")


@_checker("sotu.reading")
def _check_sotu_reading(review, answer, seed):
    _check_choice(review, "sotu.reading", answer, seed)


# ----------------------------------------------------------------------------- notebooks

_SOLUTION_BEGIN = re.compile(r"^\s*# BEGIN SOLUTION\s*$")
_SOLUTION_END = re.compile(r"^\s*# END SOLUTION\s*$")
_STUDENT_LINE = re.compile(r"^(\s*)# student: ?(.*)$")


def _strip_solution(source: str, where: str) -> str:
    out, inside = [], False
    for line in source.split("\n"):
        if _SOLUTION_BEGIN.match(line):
            if inside:
                raise ParameterError([f"{where}: '# BEGIN SOLUTION' inside a solution block; close it first"])
            inside = True
        elif _SOLUTION_END.match(line):
            if not inside:
                raise ParameterError([f"{where}: '# END SOLUTION' without '# BEGIN SOLUTION'"])
            inside = False
        elif inside:
            m = _STUDENT_LINE.match(line)
            if m:
                out.append(m.group(1) + m.group(2))
        else:
            out.append(line)
    if inside:
        raise ParameterError([f"{where}: '# BEGIN SOLUTION' is never closed; add '# END SOLUTION'"])
    return "\n".join(out)


def student_version(text: str, name: str = "<notebook>") -> str:
    """The student notebook (py:percent text) of a solution notebook.

    In code cells, each block between ``# BEGIN SOLUTION`` and
    ``# END SOLUTION`` is replaced by its ``# student: ...`` lines,
    uncommented (typically ``answer = ...``). Cells tagged ``solution`` are
    left out; everything else is kept as it is, so both notebooks tell the
    same story.

    Examples
    --------
    >>> src = '''# %%
    ... # BEGIN SOLUTION
    ... # student: answer = ...
    ... answer = 6 * 7
    ... # END SOLUTION
    ... check("change.p_value", answer)
    ... '''
    >>> print(student_version(src).strip())
    # %%
    answer = ...
    check("change.p_value", answer)
    """
    import jupytext

    nb = jupytext.reads(text, fmt="py:percent")
    cells = []
    for i, cell in enumerate(nb.cells):
        if "solution" in cell.metadata.get("tags", []):
            continue
        if cell.cell_type == "code":
            cell.source = _strip_solution(cell.source, f"{name}, cell {i + 1}")
        cells.append(cell)
    nb.cells = cells
    return jupytext.writes(nb, fmt="py:percent")


def _stable_ids(nb) -> None:
    """Cell ids derived from the cell's content, so a rebuild without edits rewrites identical files."""
    seen = set()
    for cell in nb.cells:
        base = hashlib.sha1(f"{cell.cell_type}\n{cell.source}".encode("utf-8")).hexdigest()[:8]
        cid, k = base, 1
        while cid in seen:
            cid, k = f"{base}-{k}", k + 1
        seen.add(cid)
        cell["id"] = cid


def build_notebooks(root=None) -> list:
    """Rewrite the student notebooks and every paired ``.ipynb`` from the solution sources.

    ``root/solutions/*.py`` are the sources (py:percent). For each, this
    writes ``root/solutions/NAME.ipynb``, ``root/exercises/NAME.py``
    (:func:`student_version`) and ``root/exercises/NAME.ipynb``, all
    without outputs. Default ``root``: the project's ``notebooks`` folder.
    Returns the paths written.
    """
    import jupytext

    from .paths import NOTEBOOKS_DIR

    root = Path(root) if root is not None else NOTEBOOKS_DIR
    written = []
    for src in sorted((root / "solutions").glob("*.py")):
        text = src.read_text(encoding="utf-8")
        student = student_version(text, src.name)
        dest = root / "exercises" / src.name
        dest.write_text(student, encoding="utf-8")
        for path, body in ((src, text), (dest, student)):
            nb = jupytext.reads(body, fmt="py:percent")
            _stable_ids(nb)
            ipynb = path.with_suffix(".ipynb")
            ipynb.write_text(jupytext.writes(nb, fmt="ipynb"), encoding="utf-8")
            written.append(ipynb)
        written.append(dest)
    return written


def _main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m termshift.exercises",
                                     description="Classroom exercises: list them, or rebuild the notebooks.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="list the exercise ids and titles")
    build = sub.add_parser("build", help="rewrite notebooks/exercises and every .ipynb from "
                                         "notebooks/solutions/*.py")
    build.add_argument("--root", help="the notebooks folder (default: the project's)")
    args = parser.parse_args(argv)
    if args.command == "list":
        print(f"course seed: {course_seed()} (set {SEED_ENV} to change it)")
        for task, title in EXERCISES.items():
            print(f"  {task:24s} {title}")
    else:
        for path in build_notebooks(args.root):
            print(path)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(_main())
