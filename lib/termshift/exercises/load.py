"""Checks of the load exercise (notebook 01): what was loaded, skipped, ignored, and the boilerplate."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from ..corpus import load_corpus, load_report
from ..counts import document_counts
from ..datasets import synthetic_terms
from .data import NEW, OLD, dataset_params, exercise_folder
from .feedback import FormError, checker, read_int, read_seq

__all__: list[str] = []  # nothing public: the checks register themselves with check()


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
            "generated": dataset_params("load", seed)["n_docs"],
            "boilerplate": int(corpus["n_boilerplate"].sum()),
            "docs_with_boilerplate": int((corpus["n_boilerplate"] > 0).sum()),
            "inflation": int(raw[OLD].sum() - clean[OLD].sum()),
            "inflation_new": int(raw[NEW].sum() - clean[NEW].sum())}


_LOAD_HINT = ("load the folder with on_error='skip', then read ts.load_report(corpus): its totals_line() and its "
              "loaded / skipped / ignored lists")


def _totals(answer):
    if isinstance(answer, dict):
        try:
            return [answer[k] for k in ("loaded", "skipped", "ignored")]
        except KeyError:
            raise FormError("give a dict with keys 'loaded', 'skipped', 'ignored', or a tuple of three numbers") \
                from None
    return read_seq(answer, 3, "three numbers: (loaded, skipped, ignored)")


@checker("load.totals")
def _check_load_totals(review, answer, seed):
    t = _load_truth(seed)
    got = [read_int(v, name) for v, name in zip(_totals(answer), ("loaded", "skipped", "ignored"))]
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


@checker("load.skipped")
def _check_load_skipped(review, answer, seed):
    t = _load_truth(seed)
    if isinstance(answer, str):
        answer = [answer]
    if isinstance(answer, (pd.Series, np.ndarray, set, frozenset, tuple)):
        answer = list(answer)
    if not isinstance(answer, list) or not all(isinstance(a, str) for a in answer):
        raise FormError("give a list of file names, e.g. ['inbox/x.txt', ...]")
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


@checker("load.boilerplate")
def _check_load_boilerplate(review, answer, seed):
    t = _load_truth(seed)
    got = read_int(answer, "the number of lines")
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


@checker("load.inflation")
def _check_load_inflation(review, answer, seed):
    t = _load_truth(seed)
    got = read_int(answer, "the number of mentions")
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

