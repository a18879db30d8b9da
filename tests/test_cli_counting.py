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
    code, out, err = cli(["rates", folder, "--terms", terms_of(folder), "--freq", "quarter", "--n-boot", "50",
                          "--random-state", "4", "--quiet"])
    assert code == 0, err
    got = pd.read_csv(io.StringIO(out))
    from termshift import load_corpus, load_terms

    want = rates(load_corpus(folder), load_terms(terms_of(folder)), "Q", n_boot=50, random_state=4)
    assert got.columns.tolist() == want.columns.tolist()
    pd.testing.assert_series_equal(got["per_10k_high"], want["per_10k_high"], check_names=False)


def test_share_cli_keeps_empty_periods(folder, cli):
    code, out, _ = cli(["share", folder, "--terms", terms_of(folder), "--a", "counterstrike", "--b", "preemptive",
                        "--freq", "month", "--n-boot", "20", "--quiet"])
    assert code == 0
    got = pd.read_csv(io.StringIO(out))
    from termshift import load_corpus, load_terms

    want = share(load_corpus(folder), load_terms(terms_of(folder)), "counterstrike", "preemptive", "M", n_boot=20)
    assert len(got) == len(want) and got["share"].isna().sum() == want["share"].isna().sum()


def test_trend_collocates_cooccurrence(folder, cli):
    code, out, _ = cli(["trend", folder, "--terms", terms_of(folder), "--freq", "quarter", "--quiet"])
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


# ----------------------------------------------------------------------------- issue 11 and 12 options


@pytest.fixture(scope="module")
def outlet_table(tmp_path_factory):
    corpus = datasets.synthetic(n_docs=600, outlets={"Asahi": "2022-03-01", "Yomiuri": "2022-10-01"},
                                random_state=1)
    path = tmp_path_factory.mktemp("outlets") / "outlets.csv"
    corpus[["date", "text", "outlet"]].assign(date=corpus["date"].dt.strftime("%Y-%m-%d")).to_csv(path, index=False)
    return path


def test_rates_and_share_interval_options(folder, cli):
    code, out, err = cli(["rates", folder, "--terms", terms_of(folder), "--freq", "quarter", "--interval", "bootstrap",
                          "--n-boot", "50", "--min-docs", "3", "--quiet"])
    assert code == 0, err
    got = pd.read_csv(io.StringIO(out))
    assert {"thin", "dispersion", "interval"} <= set(got.columns)
    assert got["interval"].str.startswith(("bootstrap", "quasi-poisson")).all()
    code, out, err = cli(["share", folder, "--terms", terms_of(folder), "--a", "counterstrike", "--b", "preemptive",
                          "--unit", "document", "--quiet"])
    assert code == 0, err
    got = pd.read_csv(io.StringIO(out))
    have = got["share"].notna()
    assert (got["share"][have] == (got["docs_a"] / got["docs_either"])[have]).all()


def test_by_group_everywhere(outlet_table, tmp_path, cli):
    terms = tmp_path / "terms.toml"
    datasets.write_synthetic(tmp_path / "c", n_docs=5)
    terms.write_text((tmp_path / "c" / "synthetic_terms.toml").read_text())
    code, out, err = cli(["count", outlet_table, "--terms", terms, "--freq", "quarter", "--by", "outlet"])
    assert code == 0, err
    got = pd.read_csv(io.StringIO(out))
    assert got.columns[0] == "outlet" and set(got["outlet"]) == {"Asahi", "Yomiuri"}
    code, out, err = cli(["shift", outlet_table, "--terms", terms, "--a", "counterstrike", "--b", "preemptive",
                          "--by", "outlet", "--n-perm", "49", "--n-boot", "49", "--output-format", "csv"])
    assert code == 0, err
    got = pd.read_csv(io.StringIO(out))
    assert got["outlet"].tolist() == ["Asahi", "Yomiuri"]
    assert got["change_period"].tolist() == ["2022-03", "2022-10"] and (got["p_different"] == 0.02).all()
    code, out, err = cli(["trend", outlet_table, "--terms", terms, "--freq", "quarter", "--by", "outlet",
                          "--method", "original"])
    assert code == 0, err
    assert pd.read_csv(io.StringIO(out))["method"].eq("original").all()


def test_shift_n_changes_and_bad_values(folder, cli):
    code, out, err = cli(["shift", folder, "--terms", terms_of(folder), "--a", "counterstrike", "--b", "preemptive",
                          "--n-changes", "auto", "--n-perm", "19", "--n-boot", "19", "--quiet"])
    assert code == 0, err
    assert '"shape"' in out and '"p_value_meaning"' in out
    code, out, err = cli(["shift", folder, "--terms", terms_of(folder), "--a", "counterstrike", "--b", "preemptive",
                          "--n-changes", "zero"])
    assert code == 2 and "whole number >= 1 or auto" in err
