"""CLI for the statistics that issue 3 asks to have on the command line: rates, share, trend,
collocates, cooccurrence (shift, tfidf, keyness, kwic are tested beside their modules)."""

import io

import pandas as pd
import pytest

from termshift import datasets, rates, share
from termshift.cli import main


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("syn")
    datasets.write_synthetic(root, n_docs=60, random_state=3)
    return root



def terms_of(folder):
    return folder / "synthetic_terms.toml"


def test_rates_cli_equals_the_function(folder, cli):
    code, out, err = cli(["rates", folder, "--terms", terms_of(folder), "--by", "quarter", "--n-boot", "50",
                          "--seed", "4", "--quiet"])
    assert code == 0, err
    got = pd.read_csv(io.StringIO(out))
    from termshift import load_corpus, load_terms

    want = rates(load_corpus(folder), load_terms(terms_of(folder)), "Q", n_boot=50, random_state=4)
    assert got.columns.tolist() == want.columns.tolist()
    pd.testing.assert_series_equal(got["per_10k_high"], want["per_10k_high"], check_names=False)


def test_share_cli_keeps_empty_periods(folder, cli):
    code, out, _ = cli(["share", folder, "--terms", terms_of(folder), "--a", "counterstrike", "--b", "preemptive",
                        "--by", "month", "--n-boot", "20", "--quiet"])
    assert code == 0
    got = pd.read_csv(io.StringIO(out))
    from termshift import load_corpus, load_terms

    want = share(load_corpus(folder), load_terms(terms_of(folder)), "counterstrike", "preemptive", "M", n_boot=20)
    assert len(got) == len(want) and got["share"].isna().sum() == want["share"].isna().sum()


def test_trend_collocates_cooccurrence(folder, cli):
    code, out, _ = cli(["trend", folder, "--terms", terms_of(folder), "--by", "quarter", "--quiet"])
    assert code == 0 and pd.read_csv(io.StringIO(out))["family"].tolist() == ["preemptive", "counterstrike"]
    code, out, _ = cli(["collocates", folder, "--terms", terms_of(folder), "--family", "counterstrike", "--top", "5",
                        "--quiet"])
    table = pd.read_csv(io.StringIO(out))
    assert code == 0 and len(table) == 5 and {"pmi", "g2"} <= set(table.columns)
    code, out, _ = cli(["cooccurrence", folder, "--terms", terms_of(folder), "--unit", "sentence", "--quiet"])
    assert code == 0 and pd.read_csv(io.StringIO(out))[["family_a", "family_b"]].values.tolist() == [
        ["preemptive", "counterstrike"]]


@pytest.mark.parametrize("args,needle", [
    (["rates", "--families", "nope"], "--families nope: unknown family nope"),
    (["trend", "--families", "preemptive,zzz"], "unknown family zzz"),
    (["collocates", "--family", "zzz"], "--family zzz: unknown family zzz"),
])
def test_unknown_families_exit_2(folder, cli, args, needle):
    code, _, err = cli([args[0], folder, "--terms", terms_of(folder), *args[1:]])
    assert code == 2 and needle in err and "Traceback" not in err


def test_help_of_every_subcommand_renders(capsys):
    from termshift.cli import COMMANDS, build_parser

    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    names = build_parser()._subparsers._group_actions[0].choices
    assert len(names) == len(COMMANDS)
    for name in names:
        with pytest.raises(SystemExit) as info:
            main([name, "--help"])
        assert info.value.code == 0
    assert "rates" in capsys.readouterr().out
