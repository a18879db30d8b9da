"""Fuzzing the loader: hostile folders and bytes end in a load, a named skip or one clear error.

A bounded run here (``make test``); ``make fuzz`` runs the full size
(``TERMSHIFT_FUZZ_ENTRIES=10000``, more hypothesis examples). The folder run
happens in a child process with a time limit, so a crash (a signal) or a hang
is seen as such instead of taking the test run down.
"""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzzing import check_report, make_folder
from termshift import CorpusError, load_corpus

ENTRIES = int(os.environ.get("TERMSHIFT_FUZZ_ENTRIES", "600"))
#: News exports join the hostile folders once load_corpus reads them (format=, date_from=).
EXPORTS = "format" in inspect.signature(load_corpus).parameters
EXAMPLES = int(os.environ.get("TERMSHIFT_FUZZ_EXAMPLES", "150"))

_CHILD = textwrap.dedent("""
    import json, sys
    import termshift
    frame, report = termshift.load_corpus(sys.argv[1], on_error="skip", return_report=True, progress=False)
    def names(xs):
        return [list(x) if isinstance(x, (tuple, list)) else x for x in xs]
    json.dump({"loaded": names(report.loaded), "skipped": names(report.skipped), "ignored": names(report.ignored),
               "files_seen": report.files_seen, "n_docs": len(frame)}, sys.stdout, ensure_ascii=True)
""")


class _Report:
    def __init__(self, data):
        self.loaded, self.skipped, self.ignored = data["loaded"], data["skipped"], data["ignored"]
        self.files_seen = data["files_seen"]


@pytest.mark.parametrize("seed", [0, 1])
def test_hostile_folder_every_entry_accounted_for(tmp_path, seed):
    folder = make_folder(tmp_path / "corpus", ENTRIES, seed=seed, exports=EXPORTS)
    run = subprocess.run([sys.executable, "-c", _CHILD, str(folder.root)], capture_output=True, timeout=600,
                         env={**os.environ, "PYTHONHASHSEED": "0"})
    assert run.returncode == 0, f"exit {run.returncode} (negative: killed by a signal)\n{run.stderr.decode()[-3000:]}"
    assert b"Traceback" not in run.stderr
    report = _Report(json.loads(run.stdout))
    problems = check_report(folder, report)
    assert not problems, "\n".join(problems[:40])
    expected_loaded = sum(1 for e in folder.expect.values() if e == "load")
    assert len(report.loaded) >= expected_loaded


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.tuples(st.sampled_from(["date ", "date:", " date ", "DATE ", "date\t"]),
              st.from_regex(r"\A[0-9٠-٩]{1,5}-[0-9]{1,3}-[0-9]{1,3}\Z"), st.text(max_size=200))
      .map(lambda t: (t[0] + t[1] + " " + t[2]).encode("utf-8", "surrogatepass")),
))
def test_any_bytes_load_or_fail_with_one_corpus_error(tmp_path, data):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    try:
        frame, report = load_corpus(path, return_report=True, progress=False)
    except CorpusError as err:
        assert err.problems and all("\n" not in p for p in err.problems)
        assert all(p.startswith(("a.txt", str(path))) for p in err.problems), err.problems
    else:
        assert len(frame) == 1 and report.files_seen == 1 and report.loaded


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(st.text(max_size=30), st.text(max_size=80), st.text(max_size=20)), max_size=30),
       suffix=st.sampled_from([".csv", ".tsv", ".jsonl"]), cut=st.integers(0, 50))
def test_mutated_tables_load_or_fail_with_one_corpus_error(tmp_path, rows, suffix, cut):
    """Tables of arbitrary cells, some cut short: every row loaded or skipped, or one CorpusError."""
    path = tmp_path / f"t{suffix}"
    if suffix == ".jsonl":
        body = "\n".join(json.dumps({"date": d, "text": t, "meta": m}) for d, t, m in rows)
    else:
        sep = "," if suffix == ".csv" else "\t"
        body = "date,text,meta".replace(",", sep) + "\n" + "\n".join(
            sep.join('"' + c.replace('"', '""') + '"' for c in row) for row in rows)
    data = body.encode("utf-8", "surrogatepass")
    path.write_bytes(data[: len(data) - cut] if cut else data)
    try:
        frame, report = load_corpus(path, on_error="skip", return_report=True, progress=False)
    except CorpusError as err:
        assert err.problems
    else:
        assert len(frame) + sum(1 for s in report.skipped if " row " in s[0]) <= max(len(rows), 1) + 1
