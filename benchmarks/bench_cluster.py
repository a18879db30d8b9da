"""Benchmark: ``count_terms_dask`` on a ``distributed.LocalCluster`` with 1 and 2 workers.

Run on demand (``make bench``); never part of the test suite. Counts the 100 MB State of the Union
corpus written as 25 Parquet shards (``bench_scale.py`` writes them) with
:func:`termshift.cluster.read_shards` + :func:`termshift.cluster.count_terms_dask`, on a fresh
LocalCluster of 1 and then 2 single-threaded worker processes (this machine has 2 cores), and checks
that both tables equal the in-memory ``count_terms`` of the same shards. Results go to
``benchmarks/results.json`` under ``"cluster"``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARDS = HERE / "data" / "sotu_100mb_shards"
TERMS = HERE / "political_terms.toml"


def main() -> None:
    import distributed
    import pandas as pd

    import termshift as ts
    from termshift.cluster import count_terms_dask, read_shards

    if not SHARDS.exists():
        raise SystemExit(f"{SHARDS} is missing: run benchmarks/bench_scale.py first")
    terms = ts.load_terms(TERMS)
    rows, tables = [], []
    for n in (1, 2):
        with distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0",
                                      scheduler_kwargs={"dashboard": False},
                                      host="127.0.0.1") as cluster, distributed.Client(cluster):
            t0 = time.perf_counter()
            tables.append(count_terms_dask(read_shards(str(SHARDS / "*.parquet")), terms, "month"))
            seconds = time.perf_counter() - t0
        mb = sum(p.stat().st_size for p in SHARDS.glob("*.parquet")) / 1e6
        rows.append({"workers": n, "seconds": round(seconds, 2), "shards_mb": round(mb, 1)})
        print(rows[-1], file=sys.stderr)
    expected = ts.count_terms(ts.load_corpus(SHARDS), terms, "month")
    for table in tables:
        pd.testing.assert_frame_equal(table, expected)
    result = {"rows": rows, "speedup_2_workers": round(rows[0]["seconds"] / rows[1]["seconds"], 2)}
    path = HERE / "results.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    data["cluster"] = result
    path.write_text(json.dumps(data, indent=2) + "\n")
    print("| LocalCluster workers | s | speed-up |\n|---:|---:|---:|")
    for r in rows:
        print(f"| {r['workers']} | {r['seconds']} | {rows[0]['seconds'] / r['seconds']:.2f} |")


if __name__ == "__main__":
    main()
