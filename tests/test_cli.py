"""End-to-end: `termshift corpus` and `termshift count` on the shipped corpus and on bad input."""

import io
import json
import re
import shutil
import subprocess
import sys

import pandas as pd

from termshift.paths import CORPUS_DIR, TERMS_FILE


def test_count_on_shipped_corpus(cli):
    code, out, err = cli(["count", CORPUS_DIR, "--terms", TERMS_FILE, "--freq", "month"])
    assert code == 0, err
    table = pd.read_csv(io.StringIO(out)).set_index("family")
    assert table.loc["counterstrike", "count"] == 3
    assert table.loc["preemptive", "count"] == 2
    assert table.loc["exclusive_defense", "count"] == 1
    assert table.loc["self_defense", "count"] == 1
    assert table.loc["enemy_base", "count"] == 0
    assert (table["period"] == "2022-11").all()
    # 313 word tokens once the three boilerplate lines are removed
    assert (table["n_tokens"] == 309).all()  # 313 runs of letters or digits, 4 of them joined over an apostrophe


def test_boilerplate_is_not_counted(tmp_path, cli):
    terms = tmp_path / "t.toml"
    terms.write_text('[ballistic]\nterms = ["ballistic missile*"]\n[app]\nterms = ["news app"]\n')
    code, out, _ = cli(["count", CORPUS_DIR, "--terms", terms])
    assert code == 0
    assert pd.read_csv(io.StringIO(out))["count"].tolist() == [0, 0]
    code, out, _ = cli(["count", CORPUS_DIR, "--terms", terms, "--keep-boilerplate"])
    assert pd.read_csv(io.StringIO(out))["count"].tolist() == [1, 1]


def test_count_out_file_and_per_term(tmp_path, cli):
    out = tmp_path / "sub" / "counts.csv"
    code, _, _ = cli(["count", CORPUS_DIR, "--terms", TERMS_FILE, "--freq", "year", "--per-term", "--out", out])
    assert code == 0
    table = pd.read_csv(out)
    assert "term" in table.columns
    won = table[table["count"] > 0].set_index("term")["count"].to_dict()
    assert won == {"pre-emptive strike*": 2, "counter-strike capabilit*": 3, "exclusive defense-oriented": 1,
                   "self-defense": 1, "deterrence": 1, "not": 1}  # "not": the negation family (issue 21)


def test_corpus_summary_text_and_json(cli):
    code, out, _ = cli(["corpus", CORPUS_DIR])
    assert code == 0
    assert "documents: 1" in out and "boilerplate lines removed: 3" in out
    m = re.search(r"(\d+) file\(s\) seen = (\d+) loaded \+ (\d+) skipped \+ (\d+) ignored", out)
    assert int(m[1]) == int(m[2]) + int(m[3]) + int(m[4]) and m[2] == "1"
    code, out, _ = cli(["corpus", CORPUS_DIR, "--output-format", "json"])
    summary = json.loads(out)
    assert summary["documents"] == 1 and summary["boilerplate_lines"] == 3
    assert summary["files_seen"] == summary["loaded"] + len(summary["skipped"]) + len(summary["ignored"])


def make_bad(tmp_path):
    shutil.copy(CORPUS_DIR / "000_82d2068b30810b37.txt", tmp_path / "good.txt")
    (tmp_path / "us.txt").write_text(" date 11/12/2022 text")
    (tmp_path / "empty.txt").write_text("")
    return tmp_path


def test_bad_corpus_exits_2_with_one_line_per_problem(tmp_path, cli):
    code, out, err = cli(["count", make_bad(tmp_path), "--terms", TERMS_FILE])
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert lines[0].startswith("termshift count: error: 2 bad file(s)")
    assert sorted(line.strip().split(":")[0] for line in lines[1:]) == ["empty.txt", "us.txt"]
    assert "Traceback" not in err


def test_skip_reports_on_stderr_and_counts_the_rest(tmp_path, cli):
    code, out, err = cli(["count", make_bad(tmp_path), "--terms", TERMS_FILE, "--on-error", "skip"])
    assert code == 0
    assert "skipped 2 file(s)" in err and "us.txt" in err
    assert pd.read_csv(io.StringIO(out)).set_index("family").loc["counterstrike", "count"] == 3


def test_bad_terms_exit_2(tmp_path, cli):
    terms = tmp_path / "t.toml"
    terms.write_text('[a]\nterms = []\n')
    code, _, err = cli(["count", CORPUS_DIR, "--terms", terms])
    assert code == 2 and "family 'a': empty family" in err


def test_real_entry_point_has_no_traceback(tmp_path):
    exe = [sys.executable, "-m", "termshift.cli"]
    proc = subprocess.run(exe + ["count", str(make_bad(tmp_path)), "--terms", str(TERMS_FILE)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "us.txt" in proc.stderr
    ok = subprocess.run(exe + ["count", str(CORPUS_DIR), "--terms", str(TERMS_FILE), "--quiet"],
                        capture_output=True, text=True)
    assert ok.returncode == 0 and ok.stdout.startswith("period,family,label,count")


def test_usage_error_is_exit_2(cli):
    code, out, err = cli(["count", CORPUS_DIR])  # --terms missing
    assert code == 2 and out == ""
    assert err.strip().splitlines() == ["termshift count: error: the following arguments are required: --terms; "
                                        "see `termshift count --help`"]


def test_unwritable_out_is_one_line_exit_2(tmp_path, cli):
    code, _, err = cli(["count", CORPUS_DIR, "--terms", TERMS_FILE, "--out", tmp_path])
    assert code == 2 and "is a folder; give a file name" in err and "Traceback" not in err
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = cli(["count", CORPUS_DIR, "--terms", TERMS_FILE, "--out", blocker / "sub" / "x.csv"])
    assert code == 2 and "its folder cannot be made" in err and len(err.strip().splitlines()) == 1
