"""The seeded data of the exercises: the course seed, the exercise corpora and folder, the catalogue.

Every data set is drawn by :func:`termshift.datasets.synthetic` (the
bilingual exercise: :func:`termshift.bilingual.synthetic_bilingual`) from its
own stream of the **course seed** (:func:`course_seed`), with a planted shift
so every answer is known; the State of the Union exercise uses the real corpus
(:func:`~termshift.datasets.sotu_corpus`) and :func:`sotu_terms`.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import os
import shutil
import tempfile
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

from .._validation import is_int
from ..bilingual import synthetic_bilingual
from ..corpus import load_corpus, load_report
from ..datasets import sotu_corpus, synthetic, write_synthetic
from ..errors import ParameterError
from ..terms import TermSet

__all__ = ["DEFAULT_SEED", "SEED_ENV", "SETS", "EXERCISES", "DATASETS", "START", "END", "OLD", "NEW", "DETERRENCE",
           "LOAD_REPORT_KEY", "course_seed", "resolve_seed", "seed_rng", "random_day", "dataset_params",
           "truth_corpus", "student_copy", "exercise_corpus", "exercise_folder", "sotu_corpus", "sotu_terms"]

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
    "bilingual": "反撃能力 vs 敵基地攻撃能力: a Japanese renaming, counted and read",
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
    "uncertainty.share": "A's share in the change year, with its 95% interval",
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
    "bilingual.counts": "反撃能力 and 敵基地攻撃能力 in the Japanese documents",
    "bilingual.change": "The month of the renaming",
    "bilingual.jiei": "Why 自衛 alone is not a term",
    "bilingual.wrapped": "Matches cut by a line break",
}

# Each data set draws its parameters from its own stream of the course seed.
DATASETS = {"load": 1, "terms.variants": 2, "terms.deterrence": 3, "counting": 4, "uncertainty": 5, "change": 6,
            "bilingual": 7}
START, END = "2021-01-01", "2023-12-31"
OLD, NEW = "preemptive", "counterstrike"

# The deterrence exercise: framing A is deterrence in several spellings; the
# other "family" holds the words a careless stem (deter*) catches.
DETERRENCE = {
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


def resolve_seed(seed) -> int:
    """``seed`` checked, or the course seed when it is None."""
    if seed is None:
        return course_seed()
    if not is_int(seed) or seed < 0:
        raise ParameterError([f"seed={seed!r}: give a whole number >= 0, or None for the course seed"])
    return int(seed)


def seed_rng(key, seed: int) -> np.random.Generator:
    """A generator for one data set or task: independent streams of the same seed."""
    k = key if isinstance(key, int) else zlib.crc32(key.encode("utf-8"))
    return np.random.default_rng([seed, k])


def random_day(rng, lo: str, hi: str) -> str:
    """A day between ``lo`` and ``hi`` (inclusive), as ``YYYY-MM-DD``."""
    first, last = pd.Timestamp(lo), pd.Timestamp(hi)
    return str((first + pd.Timedelta(days=int(rng.integers((last - first).days + 1)))).date())


def dataset_params(dataset: str, seed: int) -> dict:
    """The :func:`~termshift.datasets.synthetic` arguments of a data set, drawn from the seed.

    For ``"bilingual"``: the :func:`~termshift.bilingual.synthetic_bilingual`
    arguments (Japanese and English documents, hard-wrapped Japanese lines of
    18 to 30 characters, some half-width katakana).
    """
    rng = seed_rng(DATASETS[dataset], seed)
    if dataset == "bilingual":
        return {"n_docs": int(rng.integers(260, 341)), "language": "both", "start": START, "end": END,
                "change_date": random_day(rng, "2022-01-01", "2023-03-31"),
                "effect": (round(float(rng.uniform(0.05, 0.2)), 3), round(float(rng.uniform(0.8, 0.95)), 3)),
                "ja_share": round(float(rng.uniform(0.65, 0.8)), 3), "wrap": int(rng.integers(18, 31)),
                "halfwidth_noise": round(float(rng.uniform(0.1, 0.3)), 3),
                "random_state": int(rng.integers(2**31 - 1))}
    p = {"n_docs": int(rng.integers(200, 281)), "start": START, "end": END,
         "change_date": random_day(rng, "2021-10-01", "2023-03-31"),
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
        p.update(families=DETERRENCE, effect=(q, q), variant_noise=round(float(rng.uniform(0.55, 0.75)), 3))
    elif dataset == "counting":
        p.update(change_date=random_day(rng, "2021-09-01", "2022-09-30"))
    elif dataset == "uncertainty":
        p.update(change_date=random_day(rng, "2022-02-01", "2022-11-30"))
    return p


def _burst_params(seed: int, base: dict) -> dict:
    """A wire service floods one month after the change with short items that rarely mention either framing."""
    rng = seed_rng("counting.burst", seed)
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
#: Where :func:`~termshift.load_corpus` and :func:`~termshift.from_frame` keep the load report.
LOAD_REPORT_KEY = "termshift.load_report"


def _merged_report(frames, n_docs: int):
    """One load report for corpora concatenated into one: lists joined, counts added."""
    reports = [load_report(f) for f in frames]
    merged = copy.deepcopy(reports[0])
    for f in dataclasses.fields(merged):
        values = [getattr(r, f.name) for r in reports]
        if all(isinstance(v, list) for v in values):
            setattr(merged, f.name, [x for v in values for x in v])
        elif all(is_int(v) for v in values):
            setattr(merged, f.name, sum(values))
    merged.n_docs = n_docs
    return merged


@functools.lru_cache(maxsize=32)
def truth_corpus(dataset: str, seed: int) -> pd.DataFrame:
    """The data set with the generator's truth columns (``regime``, ``planted_*``)."""
    params = dataset_params(dataset, seed)
    if dataset == "bilingual":
        return synthetic_bilingual(**params)
    corpus = synthetic(**params)
    if dataset == "counting":
        burst = synthetic(**_burst_params(seed, params))
        burst["doc_id"] = burst["doc_id"].str.replace("synthetic/", "synthetic/wire-", regex=False)
        merged = pd.concat([corpus, burst], ignore_index=True)
        merged = merged.sort_values(["date", "doc_id"], kind="stable").reset_index(drop=True)
        # concat keeps attrs only when every frame has the same: carry them over, with one report for both
        merged.attrs = {**corpus.attrs, LOAD_REPORT_KEY: _merged_report([corpus, burst], len(merged))}
        corpus = merged
    return corpus


def student_copy(corpus: pd.DataFrame) -> pd.DataFrame:
    """The corpus without what would give the answers away (truth columns, generator parameters)."""
    out = corpus.drop(columns=[c for c in corpus.columns if c.startswith(_TRUTH_COLUMNS)]).copy()
    out.attrs = {k: copy.deepcopy(v) for k, v in corpus.attrs.items() if k != "termshift.synthetic"}
    return out


def _dataset_of(exercise) -> str:
    if not isinstance(exercise, str):
        raise ParameterError([f"exercise={exercise!r}: give an exercise id such as 'counting' or 'change.period'"])
    if exercise in DATASETS or exercise == "sotu":
        return exercise
    prefix = exercise.split(".", 1)[0]
    if prefix in DATASETS or prefix == "sotu":
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
        ``"load"``, ``"bilingual"``), a task id (``"change.period"``) or one of the two terms
        corpora (``"terms.variants"``, ``"terms.deterrence"``).
    seed : int, optional
        Default: :func:`course_seed`. Ignored for ``"sotu"`` (real data).

    Returns
    -------
    DataFrame
        A corpus as :func:`~termshift.load_corpus` returns it, with its load
        report (:func:`~termshift.load_report`; one report for the two
        corpora the counting exercise is made of). Synthetic
        documents say so (``[SYNTHETIC]``, ``synthetic/`` ids); the
        generator's truth (planted counts, regime, parameters) is not included.
        ``"load"`` gives the folder of :func:`exercise_folder` loaded with
        ``on_error="skip"``.

    Examples
    --------
    >>> corpus = exercise_corpus("change", seed=1)
    >>> bool(corpus["text"].str.startswith("[SYNTHETIC]").all()), "regime" in corpus
    (True, False)
    >>> from termshift import load_report
    >>> load_report(exercise_corpus("counting", seed=1)).n_docs == len(exercise_corpus("counting", seed=1))
    True
    """
    dataset = _dataset_of(exercise)
    if dataset == "sotu":
        return sotu_corpus()
    seed = resolve_seed(seed)
    if dataset == "load":
        with tempfile.TemporaryDirectory() as tmp:
            return load_corpus(exercise_folder("load", seed=seed, root=tmp), on_error="skip", progress=False)
    return student_copy(truth_corpus(dataset, seed))


# ----------------------------------------------------------------------------- the load folder

_IMPOSSIBLE = ("02-30", "02-31", "04-31", "06-31", "09-31", "11-31")
_BAD_KINDS = ("no_date", "us_date", "impossible", "empty", "no_text")
_INBOX_WORDS = ("wire", "draft", "scrape", "clipping", "briefing", "digest", "memo", "update")
_INBOX_TEXT = ("[SYNTHETIC] Forwarded item, not real news. {Term} came up again at the ministry, "
               "and lawmakers asked for details.")


def _inbox_files(seed: int) -> dict:
    """``{relative path: bytes}`` of the extra files of the load exercise: good, bad and not-corpus files."""
    rng = seed_rng("load.inbox", seed)
    names = iter(f"inbox/{_INBOX_WORDS[int(i) % len(_INBOX_WORDS)]}_{int(n):03d}"
                 for i, n in zip(rng.permutation(64), rng.choice(1000, size=64, replace=False)))
    phrases = ["preemptive strike", "pre-emptive strike", "counterstrike capability"]
    files = {}
    for _ in range(int(rng.integers(1, 4))):  # good articles
        text = _INBOX_TEXT.format(Term=phrases[int(rng.integers(len(phrases)))].capitalize())
        files[next(names) + ".txt"] = f"date {random_day(rng, START, END)}\n{text}\n".encode()
    # always an ambiguous date and a file without a header, then one to three other faults
    kinds = ["us_date", "no_date"] + list(rng.choice(_BAD_KINDS[2:], size=int(rng.integers(1, 4)), replace=True))
    for kind in kinds:
        text = _INBOX_TEXT.format(Term="Preemptive strike")
        d = pd.Timestamp(random_day(rng, START, END))
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
    seed = resolve_seed(seed)
    base = Path(root) if root is not None else Path(tempfile.gettempdir()) / "termshift-exercises"
    folder = base / f"seed-{seed}" / "load"
    if folder.exists():
        readme = folder / "README.md"
        ours = readme.is_file() and readme.read_text(encoding="utf-8").startswith("# SYNTHETIC corpus")
        if not ours and any(folder.iterdir()):
            raise ParameterError([f"{folder}: exists and is not an exercise folder; choose another root"])
        shutil.rmtree(folder)
    write_synthetic(folder, **dataset_params("load", seed))
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

