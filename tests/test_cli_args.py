"""termshift.cli.args: one vocabulary with the library (--freq, --by, --random-state, --export-format,
--output-format), the old spellings working with a one-line note, and help that lists every command."""

import io
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import termshift.cli
from termshift import datasets
from termshift.corpus.importers import FORMATS as EXPORT_FORMATS

ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = ROOT / "corpus"
TERMS_FILE = ROOT / "corpus" / "framing_terms.toml"
EXPORTS = Path(__file__).parent / "fixtures" / "exports" / "good"
NOTE = re.compile(r"^termshift: (--[\w-]+ \S+) is deprecated and will be removed in the next release; use (--[\w-]+ \S+)")


def subcommands(parser=None) -> dict:
    parser = parser or termshift.cli.build_parser()
    return parser._subparsers._group_actions[0].choices


def notes(err: str) -> list:
    """The deprecation notes on stderr, as (old, new) pairs; every stderr line must be one."""
    found = [NOTE.match(line) for line in err.strip().splitlines()]
    assert all(found), err
    return [m.groups() for m in found]


@pytest.fixture(scope="module")
def outlet_table(tmp_path_factory):
    corpus = datasets.synthetic(n_docs=240, outlets={"Asahi": "2022-03-01", "Yomiuri": "2022-10-01"}, random_state=2)
    folder = tmp_path_factory.mktemp("outlets")
    path = folder / "outlets.csv"
    corpus[["date", "text", "outlet"]].assign(date=corpus["date"].dt.strftime("%Y-%m-%d")).to_csv(path, index=False)
    return path


def terms_of(tmp_path):
    datasets.write_synthetic(tmp_path / "c", n_docs=5)
    return tmp_path / "c" / "synthetic_terms.toml"


# ----------------------------------------------------------------------------- one name per meaning


def test_every_period_option_is_freq_and_every_group_option_is_by():
    for name, command in subcommands().items():
        visible = {s: a for a in command._actions if a.help != "==SUPPRESS==" for s in a.option_strings}
        if "--freq" in visible:
            assert visible["--freq"].dest == "freq", name
        if "--by" in visible:  # the group column(s), as by= in the library; --by-group its alias
            assert visible["--by"].dest == "by_group" and "--by-group" in visible["--by"].option_strings, name
        assert "--format" not in visible and "--seed" not in visible, name  # old spellings are hidden
    commands = subcommands()
    assert {n for n, c in commands.items() if any("--freq" in a.option_strings for a in c._actions)} == {
        "corpus", "count", "rates", "share", "shift", "trend", "tfidf"}


def test_import_and_count_name_the_export_format_alike():
    commands = subcommands()
    options = {}
    for name in ("import", "count", "corpus", "keyness"):
        action = next(a for a in commands[name]._actions if "--export-format" in a.option_strings)
        options[name] = (action.dest, tuple(action.choices))
    assert set(options.values()) == {("export_format", tuple(EXPORT_FORMATS))}


def test_output_format_is_what_a_command_prints():
    commands = subcommands()
    for name, choices in (("corpus", ["text", "json"]), ("shift", ["json", "csv"])):
        action = next(a for a in commands[name]._actions if "--output-format" in a.option_strings)
        assert list(action.choices) == choices and action.dest == "output_format"


# ----------------------------------------------------------------------------- the old spellings still work


def test_by_period_is_the_old_freq_with_a_note(cli):
    new = cli(["count", CORPUS_DIR, "--terms", TERMS_FILE, "--freq", "month", "-q"])
    old = cli(["count", CORPUS_DIR, "--terms", TERMS_FILE, "--by", "month", "-q"])
    assert new.code == old.code == 0 and new.out == old.out and new.err == ""
    [(was, use)] = notes(old.err)
    assert (was, use) == ("--by month", "--freq month")
    assert "--by-group month groups by a column named month" in old.err


def test_by_period_without_groups_and_a_bad_by(cli):
    new = cli(["corpus", CORPUS_DIR, "--freq", "year", "--output-format", "json", "-q"])
    old = cli(["corpus", CORPUS_DIR, "--by", "year", "--format", "json", "-q"])
    assert new.code == old.code == 0 and new.out == old.out
    assert notes(old.err) == [("--by year", "--freq year"), ("--format json", "--output-format json")]
    code, _, err = cli(["corpus", CORPUS_DIR, "--by", "outlet", "-q"])  # corpus has no groups
    assert code == 2 and "--by PERIOD is the old spelling of --freq PERIOD" in err and "Traceback" not in err


def test_by_groups_and_by_group_is_its_alias(outlet_table, tmp_path, cli):
    terms = terms_of(tmp_path)
    by = cli(["count", outlet_table, "--terms", terms, "--freq", "quarter", "--by", "outlet", "-q"])
    alias = cli(["count", outlet_table, "--terms", terms, "--freq", "quarter", "--by-group", "outlet", "-q"])
    assert by.code == alias.code == 0 and by.out == alias.out and by.err == alias.err == ""
    got = pd.read_csv(io.StringIO(by.out))
    assert got.columns[0] == "outlet" and set(got["outlet"]) == {"Asahi", "Yomiuri"}
    assert got["period"].str.match(r"^\d{4}Q\d$").all()
    # a column named like a period: --by-group says it is a column
    with_year = pd.read_csv(outlet_table).assign(year=lambda d: d["date"].str[:4])
    with_year.to_csv(tmp_path / "years.csv", index=False)
    code, out, err = cli(["count", tmp_path / "years.csv", "--terms", terms, "--by-group", "year", "-q"])
    assert code == 0 and err == "", err
    assert pd.read_csv(io.StringIO(out)).columns[0] == "year"


def test_shift_old_format_and_seed(outlet_table, tmp_path, cli):
    base = ["shift", outlet_table, "--terms", terms_of(tmp_path), "--a", "counterstrike", "--b", "preemptive",
            "--n-perm", "19", "--n-boot", "10", "-q"]
    new = cli([*base, "--output-format", "csv", "--random-state", "3"])
    old = cli([*base, "--format", "csv", "--seed", "3"])
    assert new.code == old.code == 0 and new.out == old.out and new.err == ""
    assert notes(old.err) == [("--format csv", "--output-format csv"), ("--seed 3", "--random-state 3")]
    assert pd.read_csv(io.StringIO(new.out))["random_state"].tolist() == [3]


def test_import_old_format_spelling(tmp_path, cli):
    new = cli(["import", EXPORTS, "--out", tmp_path / "new.csv", "--export-format", "nexis", "--on-error", "skip",
               "-q"])
    old = cli(["import", EXPORTS, "--out", tmp_path / "old.csv", "--format", "nexis", "--on-error", "skip", "-q"])
    assert new.code == old.code
    assert (tmp_path / "new.csv").read_bytes() == (tmp_path / "old.csv").read_bytes()
    assert notes(old.err) == [("--format nexis", "--export-format nexis")] and new.err == ""
    code, _, err = cli(["import", EXPORTS, "--out", tmp_path / "x.csv", "--format", "word"])
    assert code == 2 and "invalid choice: 'word'" in err


# ----------------------------------------------------------------------------- help lists every command


def test_top_level_help_lists_every_subcommand_and_the_handout():
    out = subprocess.run([sys.executable, "-m", "termshift.cli", "--help"], capture_output=True, text=True).stdout
    for name in subcommands():
        assert re.search(rf"^\s+{name}\b", out, re.M), name
    assert "handout" in out


def test_exercises_help_lists_list_build_and_handout(cli):
    code, out, _ = cli(["exercises", "--help"])
    assert code == 0
    for name in ("list", "build", "handout"):
        assert re.search(rf"^\s+{name}\s+\w", out, re.M), out
    code, out, _ = cli(["exercises", "handout", "--help"])
    assert code == 0 and "--out" in out


def test_the_makefile_counts_with_the_new_words(cli, tmp_path):
    """`make counts` runs as written, with no deprecation note."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    line = re.search(r"^counts:.*\n\t\$\(BIN\)/termshift (.+?) \\\n\t\t(.+)$", text, re.M)
    argv = (line.group(1) + " " + line.group(2)).split()
    assert "--freq" in argv and "--by" not in argv
    argv[argv.index("--out") + 1] = str(tmp_path / "counts.csv")
    argv = [str(ROOT / a) if (ROOT / a).exists() and not a.startswith("-") else a for a in argv]  # from any cwd
    code, _, err = cli(argv)
    assert code == 0 and err == "", err
    assert pd.read_csv(tmp_path / "counts.csv")["period"].str.match(r"^\d{4}-\d{2}$").all()
