"""Benchmark: ``termshift count`` end to end on a JSONL file, against one ``re`` alternation.

Run on demand (``make bench``); never part of the test suite. Builds a JSONL
file of ``--mb`` MB (default 100) by replicating the State of the Union
addresses (:func:`termshift.datasets.sotu_corpus`, dates spread over months),
then runs, alternating, ``--pairs`` times:

* the baseline: a fresh Python that reads the file, ``json.loads`` each line,
  lower-cases the text and counts one compiled ``re`` alternation of every
  term (the usual notebook way; no dates, no periods, no checks);
* ``termshift count FILE --terms political_terms.toml`` (the CLI, as a user runs it);
* the floor: a fresh Python that reads the file with ``orjson`` per line and
  lower-cases each text (no matching at all).

Each run is a fresh process; its peak RSS is the largest resident set of the
process and its waited-for children (``wait4``). Then one in-process run of
termshift's phases (import, load, count, write) gives the breakdown. The median
of the per-pair ratios is reported. Results go to ``benchmarks/results.json``
under ``"end_to_end"``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
TERMS = HERE / "political_terms.toml"

BASELINE = r"""
import json, re, sys
sys.path.insert(0, {here!r})
import tomllib, unicodedata
TERMS = {terms!r}
terms = [t for fam in tomllib.loads(open(TERMS).read()).values() for t in fam["terms"]]
def normalize_term(t):
    return " ".join(unicodedata.normalize("NFKC", t).casefold().split())
def simple(term):
    t = re.escape(normalize_term(term)).replace(r"\*", r"\w*").replace(r"\-", "[-\u2010\u2011 ]?")
    return t.replace(r"\ ", r"\s+")
alt = re.compile(r"\b(?:" + "|".join(simple(t) for t in sorted(terms, key=len, reverse=True)) + r")\b")
n = 0
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        n += len(alt.findall(json.loads(line)["text"].lower()))
print(n)
"""

FLOOR = r"""
import sys, orjson
n = 0
with open(sys.argv[1], "rb") as f:
    for line in f:
        n += len(orjson.loads(line)["text"].lower())
print(n)
"""


def build_jsonl(path: Path, target_mb: float) -> None:
    """SOTU addresses replicated (dates moved to each month) until the file reaches ``target_mb``."""
    from termshift.datasets import sotu_corpus

    base = sotu_corpus()
    with path.open("w", encoding="utf-8") as f:
        size, r = 0, 0
        while size < target_mb * 1e6:
            for date, text in zip(base["date"], base["text"]):
                line = json.dumps({"date": f"{date.year}-{r % 12 + 1:02d}-{1 + r // 12 % 28:02d}", "text": text})
                f.write(line + "\n")
                size += len(line.encode("utf-8")) + 1
                if size >= target_mb * 1e6:
                    break
            r += 1


def run(cmd: list[str]) -> dict:
    """Wall seconds and peak RSS (MB, largest process of the tree) of one fresh process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode:
        raise SystemExit(f"{cmd[:3]} failed ({proc.returncode}): {err[-2000:]}")
    return {"seconds": seconds, "rss_peak_mb": usage.ru_maxrss / 1024}


def phases(jsonl: Path) -> dict:
    """One in-process run of the phases of ``termshift count`` (a fresh process)."""
    code = (
        "import time, json, sys, resource; t0=time.perf_counter()\n"
        "import termshift as ts; from termshift import stream; t1=time.perf_counter()\n"
        f"terms = ts.load_terms({str(TERMS)!r})\n"
        f"table, timing = stream.count_file({str(jsonl)!r}, terms, timing=True)\n"
        "t2=time.perf_counter(); table.to_csv('/dev/null', index=False); t3=time.perf_counter()\n"
        "print(json.dumps({'import': t1-t0, **timing, 'write': t3-t2,"
        " 'main_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024,"
        " 'workers_rss_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024}))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=100.0, help="JSONL size in MB (default 100)")
    ap.add_argument("--pairs", type=int, default=3, help="alternating runs of each (default 3)")
    ap.add_argument("--extra", default="", help="extra options for termshift count (e.g. '--no-stream')")
    args = ap.parse_args()
    # bytecode for the package, as an installed package has it (an editable install under
    # PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module in every run)
    subprocess.run([sys.executable, "-c", "import compileall, pathlib, termshift; "
                    "compileall.compile_dir(pathlib.Path(termshift.__file__).parent, quiet=1)"], check=True)
    DATA.mkdir(exist_ok=True)
    jsonl = DATA / f"sotu_{args.mb:g}mb.jsonl"
    if not jsonl.exists():
        build_jsonl(jsonl, args.mb)
    mb = jsonl.stat().st_size / 1e6
    exe = str(Path(sys.executable).with_name("termshift"))
    baseline = BASELINE.format(here=str(HERE), terms=str(TERMS))
    cmds = {
        "re alternation + json.loads (baseline)": [sys.executable, "-c", baseline, str(jsonl)],
        "termshift count": [exe, "count", str(jsonl), "--terms", str(TERMS), "--quiet", "--out", os.devnull,
                            *args.extra.split()],
        "orjson + lower (floor)": [sys.executable, "-c", FLOOR, str(jsonl)],
    }
    runs: dict[str, list[dict]] = {k: [] for k in cmds}
    for _ in range(args.pairs):
        for name, cmd in cmds.items():
            runs[name].append(run(cmd))
            print(f"{name}: {runs[name][-1]['seconds']:.2f} s, {runs[name][-1]['rss_peak_mb']:.0f} MB",
                  file=sys.stderr)
    ratios = [b["seconds"] / t["seconds"] for b, t in zip(runs["re alternation + json.loads (baseline)"],
                                                          runs["termshift count"])]
    floor = [t["seconds"] / f["seconds"] for t, f in zip(runs["termshift count"], runs["orjson + lower (floor)"])]
    rows = [{"method": name, "mb": round(mb, 1), "seconds": round(statistics.median(r["seconds"] for r in rs), 2),
             "mb_per_s": round(mb / statistics.median(r["seconds"] for r in rs), 1),
             "rss_peak_mb": round(max(r["rss_peak_mb"] for r in rs))} for name, rs in runs.items()]
    result = {"jsonl_mb": round(mb, 1), "pairs": args.pairs, "rows": rows,
              "speedup_vs_baseline_median": round(statistics.median(ratios), 2),
              "times_the_floor_median": round(statistics.median(floor), 2)}
    try:
        result["phases"] = {k: round(v, 2) for k, v in phases(jsonl).items()}
    except (subprocess.CalledProcessError, ImportError) as err:  # before the streaming path existed
        print(f"phases not measured: {err}", file=sys.stderr)
    path = HERE / "results.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    data.setdefault("end_to_end", {})[f"{args.mb:g}mb"] = result
    path.write_text(json.dumps(data, indent=2) + "\n")
    print("| method | MB | s (median) | MB/s | peak RSS MB |")
    print("|---|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['method']} | {r['mb']} | {r['seconds']} | {r['mb_per_s']} | {r['rss_peak_mb']} |")
    print(f"\ntermshift count is {result['speedup_vs_baseline_median']}x the baseline (median of pairs), "
          f"{result['times_the_floor_median']}x the floor's time")
    if "phases" in result:
        print("phases (s / MB):", json.dumps(result["phases"]))


if __name__ == "__main__":
    main()
