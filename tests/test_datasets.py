"""termshift.datasets: the synthetic corpus says what it is, plants what it says, and round-trips."""

import numpy as np
import pandas as pd
import pytest

from termshift.corpus import load_corpus, load_report
from termshift.counts import document_counts
from termshift.datasets import DEFAULT_FAMILIES, synthetic, synthetic_terms, write_synthetic
from termshift.errors import ParameterError
from termshift.paths import TERMS_FILE
from termshift.terms import load_terms


def test_every_document_says_it_is_synthetic():
    df = synthetic(n_docs=50)
    assert df["text"].str.startswith("[SYNTHETIC] ").all()
    assert df["doc_id"].str.startswith("synthetic/").all()
    assert (df["source"] == "synthetic").all()
    assert df["text"].str.contains("not real news").all()


def test_looks_like_a_loaded_corpus():
    df = synthetic(n_docs=30)
    assert list(df.columns[:5]) == ["doc_id", "date", "text", "source", "encoding"]
    for col in ("n_boilerplate", "boilerplate", "duplicate_of", "regime", "planted_preemptive",
                "planted_counterstrike"):
        assert col in df.columns
    assert df["date"].dtype == "datetime64[ns]" and df["date"].is_monotonic_increasing
    assert load_report(df).n_docs == 30
    assert df["duplicate_of"].isna().all()
    assert df.attrs["termshift.synthetic"]["random_state"] == 0


def test_seeded():
    pd.testing.assert_frame_equal(synthetic(n_docs=60, random_state=4), synthetic(n_docs=60, random_state=4))
    assert not synthetic(n_docs=60, random_state=4)["text"].equals(synthetic(n_docs=60, random_state=5)["text"])


@pytest.mark.parametrize("variant_noise", [0.0, 0.2, 1.0])
def test_planted_counts_are_what_the_terms_count(variant_noise):
    df = synthetic(n_docs=150, variant_noise=variant_noise, random_state=1)
    dc = document_counts(df, synthetic_terms())
    for fid in ("preemptive", "counterstrike"):
        assert dc[fid].tolist() == df[f"planted_{fid}"].tolist()
    # the project's term file counts these families the same way
    project = document_counts(df, load_terms(TERMS_FILE).subset(["preemptive", "counterstrike"]))
    assert project["preemptive"].tolist() == dc["preemptive"].tolist()
    assert project["counterstrike"].tolist() == dc["counterstrike"].tolist()


def test_variants_appear():
    text = " ".join(synthetic(n_docs=200, variant_noise=1.0, random_state=2)["text"])
    for phrase in ("pre-emptive strike", "pre emptive strike", "Pre-emptive strikes", "Counter-strike capabilities",
                   "counterstrike capabilities", "counterattack capability"):
        assert phrase in text
    canonical = " ".join(synthetic(n_docs=100, variant_noise=0.0, random_state=2)["text"])
    assert "pre-emptive" not in canonical.lower() and "counter-strike" not in canonical.lower()


def test_effect_and_change_date():
    df = synthetic(n_docs=1000, effect=(0.2, 0.7), random_state=3)
    assert ((df["date"] >= "2022-06-01") == (df["regime"] == "after")).all()
    by = df.groupby("regime")[["planted_preemptive", "planted_counterstrike"]].sum()
    share_b = by["planted_counterstrike"] / by.sum(axis=1)
    assert share_b["before"] == pytest.approx(0.2, abs=0.04)
    assert share_b["after"] == pytest.approx(0.7, abs=0.04)
    sharp = synthetic(n_docs=200, effect=(0.0, 1.0), random_state=3)
    assert sharp.loc[sharp["regime"] == "before", "planted_counterstrike"].sum() == 0
    assert sharp.loc[sharp["regime"] == "after", "planted_preemptive"].sum() == 0
    assert sharp["date"].between("2021-01-01", "2023-12-31").all()
    assert (df[["planted_preemptive", "planted_counterstrike"]].sum(axis=1).mean()) == pytest.approx(1.5, abs=0.15)


def test_boilerplate_is_removed_by_the_loader():
    df = synthetic(n_docs=100, boilerplate_noise=1.0, random_state=0)
    assert (df["n_boilerplate"] > 0).all()
    assert not df["text"].str.contains("CLICK HERE|NEWSLETTER|DEBATE HEATS|WEIGHS PREEMPTIVE").any()
    assert (synthetic(n_docs=50, boilerplate_noise=0.0)["n_boilerplate"] == 0).all()


def test_write_synthetic_round_trip(tmp_path):
    folder = write_synthetic(tmp_path / "ex", n_docs=40, boilerplate_noise=0.5, random_state=9)
    files = sorted((folder / "synthetic").glob("*.txt"))
    assert len(files) == 40
    first = files[0].read_text(encoding="utf-8")
    assert first.startswith(" date 2021-") and first[16:29] == " [SYNTHETIC] "
    loaded = load_corpus(folder)
    mem = synthetic(n_docs=40, boilerplate_noise=0.5, random_state=9)
    for col in ("doc_id", "date", "text", "n_boilerplate", "boilerplate"):
        assert loaded[col].tolist() == mem[col].tolist(), col
    assert sorted(load_report(loaded).ignored) == ["README.md", "synthetic_terms.toml"]
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "SYNTHETIC" in readme and '"random_state": 9' in readme
    assert load_terms(folder / "synthetic_terms.toml").to_dict() == synthetic_terms().to_dict()
    # keeping boilerplate inflates the counts: two cross-promotion lines mention a family
    kept = document_counts(load_corpus(folder, boilerplate=None), synthetic_terms())
    clean = document_counts(loaded, synthetic_terms())
    extra = kept[["preemptive", "counterstrike"]].sum().sum() - clean[["preemptive", "counterstrike"]].sum().sum()
    assert extra > 0


def test_write_synthetic_overwrite(tmp_path):
    write_synthetic(tmp_path, n_docs=20)
    with pytest.raises(ParameterError, match="already holds 20 .txt file.*overwrite=True"):
        write_synthetic(tmp_path, n_docs=10)
    write_synthetic(tmp_path, n_docs=10, random_state=1, overwrite=True)
    assert len(load_corpus(tmp_path)) == 10
    with pytest.raises(ParameterError, match="unknown argument 'seed'"):
        write_synthetic(tmp_path, seed=3)


def test_custom_families():
    fams = {"old": ["status quo", "status-quo"], "new": ["new posture"]}
    df = synthetic(n_docs=80, families=fams, variant_noise=0.5, random_state=0)
    ts = synthetic_terms(fams)
    assert list(ts) == ["old", "new"]
    dc = document_counts(df, ts)
    assert dc["old"].tolist() == df["planted_old"].tolist()
    assert dc["new"].tolist() == df["planted_new"].tolist()
    with pytest.raises(ParameterError, match="phrase 'status quo' counts"):
        synthetic(families={"a": ["status quo"], "b": ["status"]})
    with pytest.raises(ParameterError, match="exactly two family ids"):
        synthetic(families={"a": ["x"]})
    with pytest.raises(ParameterError, match=r"families\['b'\]: give a non-empty list"):
        synthetic(families={"a": ["x"], "b": "y"})


def test_parameters_validated_all_at_once():
    with pytest.raises(ParameterError) as err:
        synthetic(n_docs=0, start="2021-13-01", effect=(0.1,), variant_noise=2, boilerplate_noise=-0.1,
                  mean_mentions=0, random_state=-1)
    msg = str(err.value)
    for part in ("n_docs=0", "start='2021-13-01'", "effect=(0.1,)", "variant_noise=2", "boilerplate_noise=-0.1",
                 "mean_mentions=0"):
        assert part in msg
    with pytest.raises(ParameterError, match="change_date='2025-01-01' is outside"):
        synthetic(change_date="2025-01-01")
    with pytest.raises(ParameterError, match="start='2022-01-01' is not before end"):
        synthetic(start="2022-01-01", end="2021-01-01")
    with pytest.raises(ParameterError, match=r"effect\[1\]=1.5"):
        synthetic(effect=(0.1, 1.5))
    with pytest.raises(ParameterError, match="random_state=None"):
        synthetic(random_state=None)


def test_default_families_are_documented():
    assert list(DEFAULT_FAMILIES) == ["preemptive", "counterstrike"]
    assert np.all([len(s["phrases"]) > 1 for s in DEFAULT_FAMILIES.values()])


def test_example_files_are_package_data_equal_to_the_project_copies():
    from termshift.datasets import EXAMPLES, example_file, example_terms
    from termshift.events import load_events
    from termshift.paths import CORPUS_DIR, NOTEBOOKS_DIR

    for name in EXAMPLES:
        shipped = example_file(name)
        assert "lib/termshift/data" in shipped.as_posix() or "site-packages" in shipped.as_posix()
        project = CORPUS_DIR / name if (CORPUS_DIR / name).exists() else NOTEBOOKS_DIR / name
        assert shipped.read_bytes() == project.read_bytes(), f"{name}: package copy differs from {project}"
    assert "counterstrike" in example_terms() and "national_security" in example_terms("sotu")
    assert load_events().equals(load_events(CORPUS_DIR / "events.toml"))
    with pytest.raises(ParameterError, match="no example file"):
        example_file("nope.toml")


# ----------------------------------------------------------------------------- outlets and simulators (issues 11, 12)


def test_outlets_switch_on_their_own_dates():
    from termshift.datasets import synthetic

    plain = synthetic(n_docs=50, random_state=4)
    again = synthetic(n_docs=50, random_state=4, outlets=None)
    pd.testing.assert_frame_equal(plain, again)
    df = synthetic(n_docs=400, outlets={"Asahi": "2021-09-01", "Yomiuri": "2023-01-01"}, random_state=4)
    assert set(df["outlet"]) == {"Asahi", "Yomiuri"}
    for outlet, date in (("Asahi", "2021-09-01"), ("Yomiuri", "2023-01-01")):
        part = df[df["outlet"] == outlet]
        assert ((part["date"] >= date) == (part["regime"] == "after")).all()
    assert df.attrs["termshift.synthetic"]["outlets"] == {"Asahi": "2021-09-01", "Yomiuri": "2023-01-01"}
    with pytest.raises(ParameterError) as err:
        synthetic(outlets={"A": "2030-01-01", "B": "not a date"})
    assert len(err.value.problems) == 2
    with pytest.raises(ParameterError, match="outlet name: change date"):
        synthetic(outlets=["A", "B"])


def test_simulators_are_seeded_and_carry_their_truth():
    from termshift.datasets import simulated_contest, simulated_rates

    a = simulated_contest("step", periods=12, random_state=5)
    pd.testing.assert_frame_equal(a, simulated_contest("step", periods=12, random_state=5))
    assert a.attrs["truth"]["change_period"] == "2020-07" and len(a.attrs["truth"]["p"]) == 12
    assert (a["a"] + a["b"] >= 1).all() and a["date"].is_monotonic_increasing
    assert simulated_contest("gradual", periods=12).attrs["truth"]["change_period"] is None
    r = simulated_rates(periods=6, docs_per_period=(2, 2), random_state=1)
    assert len(r) == 12 and len(r.attrs["truth"]["per_10k"]) == 6
    assert r["date"].dt.to_period("M").nunique() == 6
    with pytest.raises(ParameterError, match="shape='jump'"):
        simulated_contest("jump")


def test_synthetic_in_japanese_is_the_bilingual_corpus():
    from termshift.bilingual import synthetic_bilingual

    ja = synthetic(n_docs=40, language="ja", random_state=2)
    assert ja.equals(synthetic_bilingual(40, "ja", random_state=2))
    assert set(ja["language"]) == {"ja"}
    with pytest.raises(ParameterError, match="language='de'"):
        synthetic(n_docs=5, language="de")


def test_open_corpus_and_corpus_title_take_random_state_and_the_old_seed():
    from termshift.datasets import corpus_title, open_corpus, synthetic

    new = open_corpus("synthetic", random_state=4, start="2022-01-01", end="2022-03-31")
    with pytest.warns(FutureWarning, match=r"open_corpus\(seed=\.\.\.\) is deprecated"):
        old = open_corpus("synthetic", seed=4, start="2022-01-01", end="2022-03-31")
    assert old.equals(new) and not new.equals(open_corpus("synthetic", random_state=5, start="2022-01-01",
                                                          end="2022-03-31"))
    assert new["text"].tolist() == synthetic(random_state=4).query("'2022-01-01' <= date <= '2022-03-31'")["text"].tolist()
    assert corpus_title(new, "synthetic", random_state=4) == "SYNTHETIC corpus (seed 4)"
    with pytest.warns(FutureWarning, match=r"corpus_title\(seed=\.\.\.\)"):
        assert corpus_title(new, "synthetic", seed=4) == "SYNTHETIC corpus (seed 4)"
