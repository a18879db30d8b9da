"""Benchmark: how ``termshift count`` scales -- corpus size, Parquet shards, families, many small files.

Run on demand (``make bench``; the 1 GB row with ``--big``); never part of the test suite. Every run
is a fresh process (wall seconds, peak RSS of the process tree as ``os.wait4`` reports it):

* **size**: JSONL files of 10, 100 (and 1,000 with ``--big``) MB built from the State of the Union
  (:func:`bench_end_to_end.build_jsonl`): ``termshift count`` against the ``re`` baseline of
  ``bench_end_to_end`` in the same run, MB/s and peak RSS;
* **shards**: the 100 MB corpus written as 25 Parquet shards (a folder), counted streamed and
  loaded whole (``--no-stream``): the same table, and the peak of each;
* **families**: 1, 20, 150 and 1,500 families (three terms each, words and two-word phrases taken
  from the corpus itself, the frequent ones first: the worst case) on the 10 MB file;
* **small files**: the 10 MB corpus cut into 5,000 ``.txt`` articles of about 2 KB (50,000 with
  ``--big``: the issue's case, 100 MB) against the same text as one JSONL file;
* **huge** (only with ``--only huge``): a 5 GB JSONL file (the 1 GB file five times over, written
  once, deleted after) counted once, for its peak memory; the baseline (minutes) is not run.

Results go to ``benchmarks/results.json`` under ``"scale"`` and are printed as Markdown tables.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the sibling benchmark, not the library (which is installed)
from bench_end_to_end import BASELINE, DATA, TERMS, build_jsonl, run  # noqa: E402

EXE = str(Path(sys.executable).with_name("termshift"))


def count_cmd(corpus: Path, terms: Path, *extra: str) -> list[str]:
    return [EXE, "count", str(corpus), "--terms", str(terms), "--quiet", "--out", os.devnull, *extra]


def jsonl(mb: float) -> Path:
    path = DATA / f"sotu_{mb:g}mb.jsonl"
    if not path.exists():
        build_jsonl(path, mb)
    return path


def sizes(big: bool) -> list[dict]:
    rows = []
    for mb in (10, 100, 1000) if big else (10, 100):
        path = jsonl(mb)
        size = path.stat().st_size / 1e6
        base = run([sys.executable, "-c", BASELINE.format(here=str(HERE), terms=str(TERMS)), str(path)])
        ours = [run(count_cmd(path, TERMS)) for _ in range(2 if mb < 1000 else 1)]
        sec = statistics.median(r["seconds"] for r in ours)
        rows.append({"mb": round(size, 1), "termshift_s": round(sec, 2), "mb_per_s": round(size / sec, 1),
                     "baseline_s": round(base["seconds"], 2), "x_baseline": round(base["seconds"] / sec, 2),
                     "rss_peak_mb": round(max(r["rss_peak_mb"] for r in ours))})
        print(rows[-1], file=sys.stderr)
    return rows


def huge() -> dict:
    """The 5 GB file: seconds and peak RSS of one ``termshift count`` (memory must not grow with size)."""
    one = jsonl(1000)
    path = DATA / "sotu_5000mb.jsonl"
    try:
        with path.open("wb") as out:
            for _ in range(5):
                with one.open("rb") as f:
                    while block := f.read(1 << 24):
                        out.write(block)
        size = path.stat().st_size / 1e6
        r = run(count_cmd(path, TERMS))
    finally:
        path.unlink(missing_ok=True)
    row = {"mb": round(size, 1), "termshift_s": round(r["seconds"], 2), "mb_per_s": round(size / r["seconds"], 1),
           "rss_peak_mb": round(r["rss_peak_mb"])}
    print(row, file=sys.stderr)
    return row


SHARD_WRITER = """
import sys, pathlib, pandas as pd
src, folder = sys.argv[1], pathlib.Path(sys.argv[2])
folder.mkdir()
frame = pd.read_json(src, lines=True, dtype={"date": str})
step = -(-len(frame) // 25)
for i, start in enumerate(range(0, len(frame), step)):
    frame.iloc[start:start + step].to_parquet(folder / f"part-{i:03d}.parquet", row_group_size=64, index=False)
"""


def shards() -> dict:
    src = jsonl(100)
    folder = DATA / "sotu_100mb_shards"
    if not folder.exists():  # written by a child process: this one stays small (its children's peaks start here)
        subprocess.run([sys.executable, "-c", SHARD_WRITER, str(src), str(folder)], check=True)
    out = {}
    for name, extra in (("streamed", ()), ("loaded whole (--no-stream)", ("--no-stream",))):
        r = run(count_cmd(folder, TERMS, *extra))
        out[name] = {"seconds": round(r["seconds"], 2), "rss_peak_mb": round(r["rss_peak_mb"])}
        print(name, out[name], file=sys.stderr)
    return out


def family_files(path: Path, counts=(1, 20, 150, 1500)) -> dict[int, Path]:
    """Families of three terms each: frequent words and two-word phrases of the corpus itself."""
    text = path.read_text(encoding="utf-8")[:5_000_000].lower()
    words = re.findall(r"[a-z]{4,}", text)
    pairs = [f"{a} {b}" for a, b in zip(words, words[1:])]
    vocab = [w for w, _ in Counter(words).most_common(3000)] + [p for p, _ in Counter(pairs).most_common(2000)]
    out = {}
    for n in counts:
        f = DATA / f"families_{n}.toml"
        lines = []
        for i in range(n):
            terms = [vocab[(3 * i + j) % len(vocab)] for j in range(3)]
            lines.append(f"[f{i}]\nterms = {json.dumps(terms)}\n")
        f.write_text("".join(lines))
        out[n] = f
    return out


def families() -> list[dict]:
    path = jsonl(10)
    rows = []
    for n, terms in family_files(path).items():
        r = run(count_cmd(path, terms))
        rows.append({"families": n, "seconds": round(r["seconds"], 2), "rss_peak_mb": round(r["rss_peak_mb"])})
        print(rows[-1], file=sys.stderr)
    return rows


def small_files(big: bool) -> dict:
    """The corpus as N articles of about 2 KB against the same text as one JSONL file."""
    n_files = 50_000 if big else 5_000
    src = jsonl(100 if big else 10)
    folder = DATA / f"articles_{n_files}"
    one = DATA / f"articles_{n_files}.jsonl"
    if not folder.exists():
        folder.mkdir()
        with src.open(encoding="utf-8") as f, one.open("w", encoding="utf-8") as out:
            i = 0
            for line in f:
                row = json.loads(line)
                text = row["text"]
                for a in range(0, len(text), 2000):
                    if i == n_files:
                        break
                    piece = text[a:a + 2000]
                    (folder / f"{i:06d}.txt").write_text(f" date {row['date']} \n{piece}", encoding="utf-8")
                    out.write(json.dumps({"date": row["date"], "text": piece}) + "\n")
                    i += 1
                if i == n_files:
                    break
    out = {"files": n_files}
    for name, corpus in (("folder of articles", folder), ("one JSONL file", one)):
        r = run(count_cmd(corpus, TERMS))
        out[name] = {"seconds": round(r["seconds"], 2), "rss_peak_mb": round(r["rss_peak_mb"])}
        print(name, out[name], file=sys.stderr)
    out["us_per_file"] = round(1e6 * (out["folder of articles"]["seconds"] - out["one JSONL file"]["seconds"])
                               / n_files)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--big", action="store_true", help="add the 1 GB file and 50,000 small files (minutes)")
    ap.add_argument("--only", default="sizes,shards,families,small_files",
                    help="comma-separated parts to run (the others are kept from results.json)")
    args = ap.parse_args()
    subprocess.run([sys.executable, "-c", "import compileall, pathlib, termshift; "
                    "compileall.compile_dir(pathlib.Path(termshift.__file__).parent, quiet=1)"], check=True)
    DATA.mkdir(exist_ok=True)
    path = HERE / "results.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    parts = {"sizes": lambda: sizes(args.big), "shards": shards, "families": families,
             "small_files": lambda: small_files(args.big), "huge": huge}
    result = dict(data.get("scale", {}))
    for name in args.only.split(","):
        result[name] = parts[name]()
    data["scale"] = result
    path.write_text(json.dumps(data, indent=2) + "\n")
    print("| JSONL MB | termshift s | MB/s | re baseline s | x baseline | peak RSS MB |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r in result["sizes"]:
        print(f"| {r['mb']} | {r['termshift_s']} | {r['mb_per_s']} | {r['baseline_s']} | {r['x_baseline']} | "
              f"{r['rss_peak_mb']} |")
    print("\n| 100 MB as 25 Parquet shards | s | peak RSS MB |\n|---|---:|---:|")
    for k, v in result["shards"].items():
        print(f"| {k} | {v['seconds']} | {v['rss_peak_mb']} |")
    print("\n| families (10 MB) | s | peak RSS MB |\n|---:|---:|---:|")
    for r in result["families"]:
        print(f"| {r['families']} | {r['seconds']} | {r['rss_peak_mb']} |")
    sf = result["small_files"]
    print(f"\n| {sf['files']} articles | s | peak RSS MB |\n|---|---:|---:|")
    for k in ("folder of articles", "one JSONL file"):
        print(f"| {k} | {sf[k]['seconds']} | {sf[k]['rss_peak_mb']} |")
    print(f"\n{sf['us_per_file']} µs per file more than one JSONL file")
    if "huge" in result:
        h = result["huge"]
        print(f"\n{h['mb']} MB of JSONL: {h['termshift_s']} s ({h['mb_per_s']} MB/s), peak RSS {h['rss_peak_mb']} MB")


if __name__ == "__main__":
    main()
