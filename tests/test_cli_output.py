"""The command line under attack (issue 13) and speaking the library's words (issue 8).

No user file is clobbered, no message forges a line, no input blocks, no traceback reaches the user.
"""

import errno
import io
import os
import signal
import subprocess
import sys
import types

import pandas as pd
import pytest

import termshift
from termshift.cli import main, output
from termshift.paths import CORPUS_DIR, TERMS_FILE

TERMS = '[cs]\nterms = ["counter-strike"]\n[pre]\nterms = ["pre-emptive"]\n[base]\nterms = ["enemy base"]\n'
ROWS = [("2021-01-15", "A pre-emptive strike was debated. The enemy base."),
        ("2021-06-15", '=HYPERLINK("http://x","y") counter-strike was named. The enemy base.'),
        ("2022-01-15", "The counter-strike capability. +1 pre-emptive"),
        ("2022-06-15", "Counter-strike@SUM(A1) and a pre-emptive note.")]


@pytest.fixture
def table(tmp_path):
    """A four-row CSV corpus and its terms file."""
    path = tmp_path / "news.csv"
    pd.DataFrame(ROWS, columns=["date", "text"]).to_csv(path, index=False)
    terms = tmp_path / "terms.toml"
    terms.write_text(TERMS, encoding="utf-8")
    return path, terms


#: Each analysis command with the arguments it needs besides the corpus.
COMMANDS = {
    "corpus": [],
    "count": ["--terms", "T"],
    "rates": ["--terms", "T", "--n-boot", "5"],
    "share": ["--terms", "T", "--a", "cs", "--b", "pre", "--n-boot", "5"],
    "shift": ["--terms", "T", "--a", "cs", "--b", "pre", "--n-perm", "5", "--n-boot", "5"],
    "trend": ["--terms", "T"],
    "tfidf": [],
    "keyness": ["--split", "2021-12-01"],
    "kwic": ["--terms", "T", "--family", "cs"],
    "collocates": ["--terms", "T", "--family", "cs"],
    "cooccurrence": ["--terms", "T"],
}


def command_line(name, corpus, terms, *more):
    extra = [terms if a == "T" else a for a in COMMANDS[name]]
    return [name, corpus, *extra, "--quiet", *more]


def one_line(err):
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# ----------------------------------------------------------------------------- no clobbered input


@pytest.mark.parametrize("name", list(COMMANDS))
def test_out_equal_to_the_corpus_is_refused(table, cli, name):
    corpus, terms = table
    before = corpus.read_bytes()
    code, out, err = cli(command_line(name, corpus, terms, "--out", corpus.parent / "." / corpus.name))
    assert code == 2 and out == ""
    assert "is the corpus" in one_line(err) and f"termshift {name}: error: --out" in err
    assert corpus.read_bytes() == before


@pytest.mark.parametrize("name", [n for n, a in COMMANDS.items() if "T" in a])
def test_out_equal_to_the_terms_file_is_refused(table, cli, name):
    corpus, terms = table
    link = terms.parent / "same_terms.toml"
    os.link(terms, link)  # another name of the same file
    code, _, err = cli(command_line(name, corpus, terms, "--out", link))
    assert code == 2 and "is the terms file" in one_line(err)
    assert terms.read_text(encoding="utf-8") == TERMS


def test_out_inside_a_corpus_folder_is_refused(tmp_path, cli):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(" date 2022-11-01 The counter-strike.\n", encoding="utf-8")
    code, _, err = cli(["count", folder, "--terms", TERMS_FILE, "--out", folder / "counts.csv"])
    assert code == 2 and "inside the corpus folder" in one_line(err)
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt"]


def test_failed_write_leaves_the_old_file_and_no_temporary(table, cli, monkeypatch):
    corpus, terms = table
    out = corpus.parent / "counts.csv"
    out.write_text("previous results\n")

    def disk_full(fh, chunks):
        fh.write(b"period,fam")  # a partial write, then the disk is full
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(output, "write_chunks", disk_full)
    code, _, err = cli(command_line("count", corpus, terms, "--out", out))
    assert code == 2
    assert "No space left on device" in one_line(err) and "free some space" in err
    assert out.read_text() == "previous results\n"
    assert sorted(p.name for p in corpus.parent.iterdir()) == ["counts.csv", "news.csv", "terms.toml"]


def test_out_is_replaced_whole_and_keeps_its_mode(table, cli):
    corpus, terms = table
    out = corpus.parent / "counts.csv"
    out.write_text("x" * 100_000)
    out.chmod(0o640)
    code, _, _ = cli(command_line("count", corpus, terms, "--out", out))
    assert code == 0 and out.read_text().startswith("period,family,")
    assert out.stat().st_mode & 0o777 == 0o640


# ----------------------------------------------------------------------------- stdout closed or gone


def test_closed_stdout_is_an_error_not_silence(table, cli, monkeypatch):
    corpus, terms = table
    monkeypatch.setattr(sys, "stdout", None)
    code, _, err = cli(command_line("count", corpus, terms))
    assert code == 2 and "stdout is closed" in one_line(err)


def test_closed_stdout_in_a_real_process(table):
    corpus, terms = table
    script = '"$0" -m termshift.cli count "$1" --terms "$2" --quiet >&-'
    proc = subprocess.run(["sh", "-c", script, sys.executable, str(corpus), str(terms)], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 2 and "stdout is closed" in one_line(proc.stderr)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_full_stdout_is_an_error(table):
    corpus, terms = table
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "termshift.cli", *map(str, command_line("count", corpus, terms))],
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert proc.returncode == 2 and "No space left" in one_line(proc.stderr)


class BrokenStdout(io.StringIO):
    def write(self, text):
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")


def test_broken_pipe_is_quiet_exit_0(table, cli, monkeypatch):
    corpus, terms = table
    monkeypatch.setattr(sys, "stdout", BrokenStdout())
    code, _, err = cli(command_line("kwic", corpus, terms))
    assert code == 0 and err == ""


def test_broken_pipe_in_a_real_process(tmp_path):
    big = tmp_path / "big.csv"
    pd.DataFrame({"date": pd.date_range("2000-01-01", periods=3000, freq="D").strftime("%Y-%m-%d"),
                  "text": ["counter-strike " * 5] * 3000}).to_csv(big, index=False)
    terms = tmp_path / "t.toml"
    terms.write_text(TERMS, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "termshift.cli", "kwic", str(big), "--terms", str(terms),
                             "--family", "cs", "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline().startswith(b"doc_id,")
    proc.stdout.close()  # like `| head -1`
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0 and err == b""


# ----------------------------------------------------------------------------- messages cannot forge lines


def test_control_characters_in_file_names_are_escaped(tmp_path, cli):
    (tmp_path / "ok.txt").write_text(" date 2022-11-01 The counter-strike.\n", encoding="utf-8")
    (tmp_path / "bad\x1b[31m\nforged: fine.txt").write_text("no date here")
    code, out, err = cli(["count", tmp_path, "--terms", TERMS_FILE])
    assert code == 2 and out == ""
    assert "\x1b" not in err and "bad\\x1b[31m\\nforged: fine.txt" in err
    assert len(err.strip().splitlines()) == 2  # the header and the one bad file: no forged line


def test_file_names_that_are_not_utf8_do_not_crash(tmp_path):
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"ok.txt"), "w") as fh:
        fh.write(" date 2022-11-01 The counter-strike.\n")
    with open(os.path.join(folder, b"caf\xe9.txt"), "w") as fh:
        fh.write("no date here")
    for env in ({}, {"LC_ALL": "C", "PYTHONIOENCODING": "ascii"}):
        proc = subprocess.run([sys.executable, "-m", "termshift.cli", "count", str(tmp_path), "--terms",
                               str(TERMS_FILE)], capture_output=True, timeout=120, env={**os.environ, **env})
        assert proc.returncode == 2 and b"Traceback" not in proc.stderr
        assert b"caf\\xe9.txt" in proc.stderr


def test_say_survives_a_stream_that_cannot_encode():
    stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    output.say("déjà \udce9 \x9b2J", stream)
    stream.seek(0)
    assert stream.read() == "d\\xe9j\\xe0 \\xe9 \\x9b2J\n"


def test_summary_text_escapes_file_names(tmp_path, cli):
    (tmp_path / "ok.txt").write_text(" date 2022-11-01 The counter-strike.\n", encoding="utf-8")
    (tmp_path / "x\x1b]0;owned\x07.txt").write_text("no date here")
    code, out, err = cli(["corpus", tmp_path, "--on-error", "skip", "-q"])
    assert code == 0 and "\x1b" not in out + err and "\x07" not in out + err


# ----------------------------------------------------------------------------- CSV for spreadsheets


def test_kwic_cells_cannot_run_as_formulas(table, cli):
    corpus, terms = table
    code, out, _ = cli(command_line("kwic", corpus, terms))
    assert code == 0
    got = pd.read_csv(io.StringIO(out), keep_default_na=False).set_index("doc_id")
    assert got.loc["news.csv:2", "left"] == "'=HYPERLINK(\"http://x\",\"y\") "
    assert got.loc["news.csv:4", "right"] == "'@SUM(A1) and a pre-emptive note."
    assert got["start"].dtype.kind == "i" and got["end"].dtype.kind == "i"  # numbers stay numbers


def test_formula_prefixes_get_a_quote_and_numbers_stay():
    df = pd.DataFrame({"left": ["=1+1", "+x", "-x", "@x", "\tx", "\rx", "-3.5", "ok"], "n": range(-4, 4)})
    got = output.neutralise_formulas(df)
    assert got["left"].tolist() == ["'=1+1", "'+x", "'-x", "'@x", "'\tx", "'\rx", "-3.5", "ok"]
    assert got["n"].tolist() == list(range(-4, 4))


@pytest.mark.parametrize("block", [1 << 16, 7])
def test_csv_text_is_pandas_to_csv_byte_for_byte(monkeypatch, block):
    """The column-at-a-time CSV against pandas' own, on random tables with every awkward cell
    (written a block of rows at a time: blocks of 7 rows cut most tables)."""
    import numpy as np

    monkeypatch.setattr(output, "_CSV_BLOCK", block)

    rng = np.random.default_rng(3)
    texts = ["", " lead", "trail ", "a,b", 'q"uote', '"', "line\nbreak", "cr\rhere", "crlf\r\n", "tab\tx",
             "é ü 反撃", "plain", "-3.5", "'=x", None, "\u2028", ",", "nan", "1e5"]
    floats = [0.0, -0.0, 0.1, 1 / 3, 1e-20, 1e22, 123456789.125, float("nan"), float("inf"), -float("inf"),
              5000.0, 2.5e-7]
    for trial in range(300):
        n = int(rng.integers(0, 40))
        cols = {}
        for j in range(int(rng.integers(2, 6))):
            kind = rng.integers(0, 6)
            name = str(rng.choice(["period", "family", "a,b", 'q"', "n", " x", "é"])) + str(j)
            if kind == 0:
                cols[name] = pd.Series(rng.choice(np.array(texts, dtype=object), n), dtype=object)
            elif kind == 1:
                cols[name] = rng.integers(-10**12, 10**12, n)
            elif kind == 2:
                cols[name] = np.where(rng.random(n) < 0.5, rng.choice(floats, n) * rng.choice([1.0, 7.3, 1e-3], n),
                                      rng.standard_normal(n) * 10.0 ** rng.integers(-30, 30, n))
            elif kind == 3:
                cols[name] = pd.period_range("1990-01", periods=n, freq=str(rng.choice(["M", "Q", "Y", "D", "W"])))
            elif kind == 4:
                cols[name] = rng.integers(0, 2, n).astype(bool)
            else:
                cols[name] = pd.array(rng.choice(np.array(texts, dtype=object), n), dtype="string")
        df = pd.DataFrame(cols)
        assert output.csv_text(df) == df.to_csv(index=False, lineterminator="\n"), (trial, df.dtypes)
    # what it leaves to pandas: dates, nullable numbers, mixed objects, one column, repeated names
    for df in (pd.DataFrame({"d": pd.to_datetime(["2022-01-01", "2022-01-02 10:00"], format="ISO8601"), "n": [1, 2]}),
               pd.DataFrame({"a": pd.array([1, None], dtype="Int64"), "b": ["x", "y"]}),
               pd.DataFrame({"a": [1, "x"], "b": [0.5, 1.5]}), pd.DataFrame({"only": ["a,b", "c"]}),
               pd.DataFrame([[1, 2]], columns=["x", "x"])):
        assert output.csv_text(df) == df.to_csv(index=False, lineterminator="\n")


def test_a_table_written_in_blocks_is_the_same_to_stdout_and_to_out(table, tmp_path, cli, monkeypatch):
    """Blocks of 3 rows (the 18-row monthly table is cut five times): stdout and --out get the same bytes,
    and those of pandas' to_csv with the formulas neutralised."""
    path, terms = table
    monkeypatch.setattr(output, "_CSV_BLOCK", 3)
    code, out, err = cli(["count", path, "--terms", terms, "-q"])
    assert code == 0, err
    target = tmp_path / "out.csv"
    code, _, err = cli(["count", path, "--terms", terms, "-q", "--out", target])
    assert code == 0, err
    assert out.encode("utf-8") == target.read_bytes()
    expected = output.neutralise_formulas(termshift.count_terms(termshift.load_corpus(path), str(terms)))
    assert out == expected.to_csv(index=False, lineterminator="\n") and out.count("\n") > 7


def test_an_error_making_the_table_is_not_reported_as_stdout_closed(capsys):
    """Blocks are made outside the handling of stdout's errors: a bug stays a bug, not 'stdout closed'."""
    def blocks():
        yield "a,b\n"
        raise ValueError("a formatting bug")

    with pytest.raises(ValueError, match="a formatting bug"):
        output._write_stdout(blocks())
    assert capsys.readouterr().out == "a,b\n"


def test_help_says_how_csv_is_written(cli):
    for name in ("kwic", "count"):
        with pytest.raises(SystemExit):
            main([name, "--help"])
    # the note is in every CSV command's --out help
    parser = termshift.cli.build_parser()
    kwic = parser._subparsers._group_actions[0].choices["kwic"]
    assert "leading '" in kwic.format_help()


# ----------------------------------------------------------------------------- numbers checked at the door


@pytest.mark.parametrize("name,flag,value", [
    ("collocates", "--top", "-1"), ("collocates", "--top-k", "0"), ("collocates", "--window", "0"),
    ("collocates", "--min-count", "0"), ("shift", "--n-perm", "0"), ("shift", "--n-boot", "0"),
    ("rates", "--n-boot", "-3"), ("share", "--n-boot", "x"), ("kwic", "--width", "-5"),
    ("tfidf", "--top", "0"), ("tfidf", "--ngrams", "0"), ("tfidf", "--min-df", "0"),
    ("keyness", "--top", "-2"), ("keyness", "--min-count", "0"), ("rates", "--random-state", "-1"),
    ("shift", "--random-state", "1.5"),
])
def test_bad_numbers_are_one_line(table, cli, name, flag, value):
    corpus, terms = table
    code, out, err = cli(command_line(name, corpus, terms, flag, value))
    line = one_line(err)
    assert code == 2 and out == ""
    assert line.startswith(f"termshift {name}: error: argument ") and flag.split("-")[-1] in line
    assert "whole number >=" in line


def test_bad_timeout_is_one_line(cli):
    code, _, err = cli(["figures", "--timeout", "0"])
    assert code == 2 and "not a number > 0" in one_line(err)


# ----------------------------------------------------------------------------- term files that are not files


def _alarm(seconds):
    def fail(*_):
        raise AssertionError("blocked")

    signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)


@pytest.mark.parametrize("kind", ["fifo", "dev_zero", "folder", "huge"])
def test_terms_that_are_not_a_regular_file_are_refused(tmp_path, cli, kind):
    path = {"fifo": tmp_path / "pipe.toml", "dev_zero": "/dev/zero", "folder": tmp_path,
            "huge": tmp_path / "huge.toml"}[kind]
    if kind == "fifo":
        os.mkfifo(path)
    if kind == "huge":
        with open(path, "wb") as fh:
            fh.truncate(17 * 2**20)  # sparse: no disk used
    _alarm(20)
    try:
        code, _, err = cli(["count", CORPUS_DIR, "--terms", path])
    finally:
        signal.alarm(0)
    line = one_line(err)
    assert code == 2 and str(path) in line and ("not a TOML file" in line or "16 MB" in line)


# ----------------------------------------------------------------------------- no traceback, ever


def test_unexpected_exception_is_one_line_exit_3(table, cli, monkeypatch):
    corpus, terms = table

    def boom(*args, **kwargs):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(termshift.counts, "count_terms", boom)
    code, out, err = cli(command_line("count", corpus, terms))
    assert code == 3 and out == ""
    assert one_line(err) == ("termshift count: internal error: RuntimeError: boom\\nsecond line; please report it "
                             "(set TERMSHIFT_DEBUG=1 to see the traceback)")
    monkeypatch.setenv("TERMSHIFT_DEBUG", "1")
    with pytest.raises(RuntimeError):
        main([str(a) for a in command_line("count", corpus, terms)])


def test_system_errors_are_one_line_exit_2(table, cli, monkeypatch):
    corpus, terms = table

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", "/data/x\x1b.txt")

    monkeypatch.setattr(termshift.counts, "count_terms", denied)
    code, _, err = cli(command_line("count", corpus, terms))
    assert code == 2 and one_line(err) == "termshift count: error: Permission denied (/data/x\\x1b.txt)"


# ----------------------------------------------------------------------------- the library's words (issue 8)


def test_freq_names_the_option_and_the_library_periods(cli):
    code, _, err = cli(["corpus", CORPUS_DIR, "--freq", "fortnight"])
    line = one_line(err)
    assert code == 2 and "--freq" in line and "freq=" not in line
    assert "day, week, month, quarter, year" in line
    assert cli(["corpus", CORPUS_DIR, "--freq", "M", "-q"]).code == 0  # the pandas alias still works


@pytest.mark.parametrize("name", ["corpus", "count", "rates", "share", "shift", "trend", "tfidf"])
def test_freq_choices_are_the_library_periods(name):
    command = termshift.cli.build_parser()._subparsers._group_actions[0].choices[name]
    freq = next(a for a in command._actions if "--freq" in a.option_strings)
    assert freq.metavar == "{" + ",".join(termshift.periods.FREQS) + "}"
    assert [freq.type(f) for f in termshift.periods.FREQS] == list(termshift.periods.FREQS)


def test_old_and_new_flag_spellings_agree(table, cli):
    corpus, terms = table
    base = command_line("rates", corpus, terms)
    new = cli([*base, "--random-state", "7"])
    old = cli([*base, "--seed", "7"])
    assert new.code == old.code == 0 and new.out == old.out
    assert "--seed 7 is deprecated" in old.err and "use --random-state 7" in old.err and "deprecated" not in new.err
    new = cli(command_line("keyness", corpus, terms, "--top-k", "2"))
    old = cli(command_line("keyness", corpus, terms, "--top", "2"))
    assert new.code == old.code == 0 and new.out == old.out
    assert (pd.read_csv(io.StringIO(new.out))["kind"] != "family").sum() == 2


def test_tfidf_top_k_reaches_family_tfidf(table, cli):
    corpus, terms = table
    code, out, err = cli(command_line("tfidf", corpus, terms, "--terms", terms, "--top", "1"))
    assert code == 0, err
    assert pd.read_csv(io.StringIO(out)).groupby("period").size().max() == 1


def test_collocates_top_k_keeps_that_many_rows(table, cli):
    corpus, terms = table
    code, out, err = cli(command_line("collocates", corpus, terms, "--top-k", "2", "--min-count", "1"))
    assert code == 0, err
    assert len(pd.read_csv(io.StringIO(out))) == 2


def test_trend_is_called_once_with_every_family(table, cli, monkeypatch):
    corpus, terms = table
    calls = []
    real = termshift.stats.trend

    def spy(corpus, terms, family, *args, **kwargs):
        calls.append(family)
        return real(corpus, terms, family, *args, **kwargs)

    monkeypatch.setattr(termshift.stats, "trend", spy)
    code, out, err = cli(command_line("trend", corpus, terms, "--freq", "quarter"))
    assert code == 0, err
    assert calls == [["cs", "pre", "base"]]
    assert pd.read_csv(io.StringIO(out))["family"].tolist() == ["cs", "pre", "base"]


def test_loader_flags_reach_the_loader(table, cli, monkeypatch):
    corpus, terms = table
    seen = []
    real = termshift.corpus.load_corpus

    def loader(path, **kwargs):  # the command line builds the loader options once (LoadOptions)
        seen.append({k: getattr(kwargs["options"], k) for k in ("follow_links", "utc", "format", "date_from",
                                                                "drop_duplicates")})
        return real(path, **kwargs)

    monkeypatch.setattr(termshift.corpus, "load_corpus", loader)
    assert cli(command_line("count", corpus, terms)).code == 0
    assert cli(command_line("count", corpus, terms, "--follow-links", "--utc", "--export-format", "seed",
                            "--date-from", "name", "--drop-duplicates", "near")).code == 0
    assert cli(command_line("count", corpus, terms, "--drop-duplicates")).code == 0
    assert seen == [{"follow_links": False, "utc": False, "format": None, "date_from": None, "drop_duplicates": False},
                    {"follow_links": True, "utc": True, "format": "seed", "date_from": "name",
                     "drop_duplicates": "near"},
                    {"follow_links": False, "utc": False, "format": None, "date_from": None,
                     "drop_duplicates": "exact"}]
    code, _, err = cli(command_line("count", corpus, terms, "--export-format", "lexis"))
    assert code == 2 and "--export-format" in one_line(err)


def test_exercises_subcommands_are_wired(cli, monkeypatch):
    ran = []

    def add_subcommands(parser):
        sub = parser.add_subparsers(dest="what", required=True)
        p = sub.add_parser("list")
        p.add_argument("--all", action="store_true")
        p.set_defaults(func=lambda args: ran.append(("list", args.all)) or 0)

    fake = types.ModuleType("termshift.exercises.__main__")
    fake.add_subcommands = add_subcommands
    monkeypatch.setitem(sys.modules, "termshift.exercises.__main__", fake)
    assert cli(["exercises", "list", "--all"]).code == 0 and ran == [("list", True)]
    code, _, err = cli(["exercises", "nope"])
    assert code == 2 and one_line(err).startswith("termshift exercises: error: argument")


def test_exercises_without_the_package_says_so(cli, monkeypatch):
    monkeypatch.setitem(sys.modules, "termshift.exercises.__main__", types.ModuleType("empty"))
    code, _, err = cli(["exercises", "list"])
    assert code == 2 and "python -m termshift.exercises" in one_line(err)


def test_unwritable_figures_folder_is_refused_before_any_notebook(tmp_path, cli, monkeypatch):
    import termshift.figures
    from termshift.cli import project

    def never(*args, **kwargs):
        raise AssertionError("notebooks ran")

    monkeypatch.setattr(termshift.figures, "run_notebooks", never)
    locked = tmp_path / "locked"
    locked.mkdir()
    monkeypatch.setattr(project.os, "access", lambda path, mode: os.fspath(path) != os.fspath(locked))
    code, _, err = cli(["figures", "--out", locked / "figs", "--quiet"])
    assert code == 2 and "is not writable" in one_line(err)


def test_undecodable_file_names_in_results_are_written(tmp_path, capsys):
    # how Python holds b"caf\xe9.txt" (an object column: pandas' str columns cannot hold it)
    table = pd.DataFrame({"doc_id": pd.Series(["caf\udce9.txt"], dtype=object), "count": [1]})
    out = tmp_path / "t.csv"
    output.write_table(table, out)
    output.write_table(table, None)
    assert capsys.readouterr().out == out.read_text(encoding="utf-8") == "doc_id,count\ncaf\\udce9.txt,1\n"


def test_undecodable_file_names_never_crash_a_command(tmp_path, cli):
    folder = os.fsencode(tmp_path / "c")
    os.mkdir(folder)
    with open(os.path.join(folder, b"caf\xe9.txt"), "w") as fh:
        fh.write(" date 2022-11-01 The counter-strike.\n")
    code, _, err = cli(["kwic", tmp_path / "c", "--terms", TERMS_FILE, "--family", "counterstrike", "-q"])
    assert code in (0, 2) and "Traceback" not in err, err  # loaded, or refused in one named line
    if code == 2:
        assert "caf\\xe9.txt" in err


def test_exercises_list_runs_the_real_subcommand(cli):
    if not hasattr(pytest.importorskip("termshift.exercises.__main__"), "add_subcommands"):
        pytest.skip("termshift.exercises has no add_subcommands yet")
    code, out, err = cli(["exercises", "list"])
    assert code == 0, err
    assert "course seed" in out
