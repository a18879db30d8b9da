"""Benchmark: counting with rules (exclude, unless, codes) against counting the same words without them.

Run on demand, never part of the test suite::

    python benchmarks/bench_rules.py --mb 100     # the target: at most 1.5x
    python benchmarks/bench_rules.py --mb 5       # a quick check

Builds a bilingual corpus (``termshift.bilingual.synthetic_bilingual``, English and hard-wrapped
Japanese, 敵基地攻撃能力 / 反撃能力 / 専守防衛, replicated with extra sentences holding denials,
glosses and the Self-Defense Forces) of about ``--mb`` MB, then times in one process, one core,
the same corpus counted (``termshift.count_terms``) with

* the shipped term file with every rule removed (``plain``: the fast path), and
* the shipped term file as shipped (``exclude`` and ``unless``) plus two codes, a sentence code
  ``counterstrike and exclusive_defense`` and a document code ``near(negation, preemptive_any, 3)``
  (``rules``: spans, then the rules per document).

Token totals of Japanese texts are remembered after the first count (``termshift.tokens``), so
both arms are timed after one warm-up count of a small slice, and the plain arm first: the cache
then favours the rules arm only for the analyser's totals, which both arms compute the same way.
To be fair the cache is cleared before each arm. The ratio ``rules / plain`` is printed.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

EXTRA = ["It is not a preemptive strike, the minister said.", "先制攻撃は許されない。",
         "敵基地攻撃能力（反撃能力）を保有する。", "反撃能力（敵基地攻撃能力）の保有を決めた。",
         "The Self-Defense Forces act in self-defense.", "自衛隊は自衛の措置をとる。",
         "A counterstrike capability within exclusive defense.", "A preemptive strike remains an option."]


def build(target_mb: float, seed: int = 0) -> pd.DataFrame:
    from termshift.bilingual import synthetic_bilingual

    base = synthetic_bilingual(n_docs=400, random_state=seed)
    rng = np.random.default_rng(seed)
    texts = [t + "\n" + " ".join(rng.choice(EXTRA, 3)) for t in base["text"]]
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    reps = max(1, int(np.ceil(target_mb / size)))
    frame = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts) * reps)], "text": texts * reps,
                          "date": list(base["date"]) * reps})
    return frame


def term_sets():
    from termshift.paths import TERMS_FILE
    from termshift.terms import load_terms

    shipped = load_terms(TERMS_FILE).to_dict()
    plain = {fid: {"label": spec["label"], "terms": spec["terms"]} for fid, spec in shipped.items()}
    rules = dict(shipped)
    rules["preemptive_any"] = {"terms": shipped["preemptive"]["terms"]}
    rules["codes"] = {"legitimised": {"rule": "counterstrike and exclusive_defense", "unit": "sentence"},
                      "denial": {"rule": "near(negation, preemptive_any, 3)", "unit": "document"}}
    plain["preemptive_any"] = {"terms": shipped["preemptive"]["terms"]}
    return plain, rules


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--mb", type=float, default=100.0)
    args = p.parse_args(argv)
    import termshift as ts
    from termshift.tokens import clear_token_cache

    corpus = ts.from_frame(build(args.mb))
    mb = corpus["text"].map(lambda t: len(t.encode("utf-8"))).sum() / 1e6
    plain, rules = term_sets()
    ts.count_terms(corpus.head(50), rules, "month", n_jobs=1, progress=False)  # warm-up: compile, analyser
    times = {}
    for name, terms in (("plain", plain), ("rules", rules)):
        clear_token_cache()
        t0 = time.perf_counter()
        ts.count_terms(corpus, terms, "month", n_jobs=1, progress=False)
        times[name] = time.perf_counter() - t0
    print(f"{mb:.1f} MB, {len(corpus)} documents, one core: plain {times['plain']:.2f} s, "
          f"rules {times['rules']:.2f} s, ratio {times['rules'] / times['plain']:.2f}x")


if __name__ == "__main__":
    main()
