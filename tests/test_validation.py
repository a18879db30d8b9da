"""Validation workflow (termshift.validation): stratified samples of matches, precision with Wilson intervals."""

import math

import pandas as pd
import pytest

import termshift as ts
from termshift.errors import ParameterError
from termshift.validation import SAMPLE_COLUMNS, allocate, parse_relevant, precision, sample_matches, write_csv


@pytest.fixture(scope="module")
def corpus():
    return ts.synthetic()


@pytest.fixture(scope="module")
def terms():
    return ts.synthetic_terms()


def test_allocation_is_proportional_with_one_per_stratum():
    assert allocate({"a": 50, "b": 30, "c": 20}, 10) == {"a": 5, "b": 3, "c": 2}
    assert allocate({"a": 90, "b": 9, "c": 1}, 10) == {"a": 8, "b": 1, "c": 1}  # floor of one takes from a
    assert allocate({"a": 98, "b": 1, "c": 1}, 5) == {"a": 3, "b": 1, "c": 1}
    assert allocate({"a": 4, "b": 4}, 3) == {"a": 2, "b": 1}  # tie: by name
    assert allocate({"a": 3, "b": 1}, 100) == {"a": 3, "b": 1}  # everything
    assert allocate({"x": 1, "y": 7, "z": 3}, 2) == {"x": 0, "y": 1, "z": 1}  # fewer lines than strata: largest
    for sizes in ({"a": 13, "b": 7, "c": 2, "d": 1}, {"a": 1000, "b": 1}):
        for n in range(1, sum(sizes.values()) + 2):
            alloc = allocate(sizes, n)
            assert sum(alloc.values()) == min(n, sum(sizes.values()))
            assert all(0 <= alloc[k] <= sizes[k] for k in sizes)
            if n >= len(sizes):
                assert all(v >= 1 for v in alloc.values())


def test_sample_is_stratified_seeded_and_deterministic(corpus, terms, tmp_path):
    s1 = sample_matches(corpus, terms, "counterstrike", 12, random_state=3, out=tmp_path / "a.csv")
    s2 = sample_matches(corpus, terms, "counterstrike", 12, random_state=3, out=tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    pd.testing.assert_frame_equal(s1, s2)
    assert list(s1.columns) == SAMPLE_COLUMNS and len(s1) == 12 and list(s1["sample_id"]) == list(range(1, 13))
    assert (s1["relevant"] == "").all() and (s1["family"] == "counterstrike").all()
    lines = ts.kwic(corpus, terms, "counterstrike")
    sizes = lines["term"].value_counts().to_dict()
    assert s1.attrs["strata"] == {t: [sizes[t], allocate(sizes, 12)[t]] for t in sorted(sizes)}
    assert s1["term"].value_counts().to_dict() == {t: k for t, k in allocate(sizes, 12).items() if k}
    assert set(s1["term"]) == set(sizes)  # every term at least once
    for row in s1.itertuples():  # each line is a real match
        assert (lines[(lines["doc_id"] == row.doc_id) & (lines["start"] == row.start)]["match"] == row.match).all()
        assert row.stratum_size == sizes[row.term]
    other = sample_matches(corpus, terms, "counterstrike", 12, random_state=4)
    assert list(other["doc_id"] + other["start"].astype(str)) != list(s1["doc_id"] + s1["start"].astype(str))
    text = (tmp_path / "a.csv").read_bytes()
    assert b"\r" not in text and text.startswith(b"sample_id,family,term,doc_id,date,left,match,right,")


def test_several_families_get_n_each(corpus, terms):
    s = sample_matches(corpus, terms, ["counterstrike", "preemptive"], 5, random_state=0, by="family")
    assert s["family"].value_counts().to_dict() == {"counterstrike": 5, "preemptive": 5}


def test_csv_cells_cannot_run_as_formulas(tmp_path):
    corpus = pd.DataFrame({"doc_id": ["=cmd|'/c calc'!A1"], "date": pd.to_datetime(["2022-01-01"]),
                           "text": ["-preemptive @preemptive"]})
    s = sample_matches(corpus, {"pre": ["preemptive"]}, "pre", 5, random_state=0, width=1, out=tmp_path / "s.csv")
    assert len(s) == 2 and s["doc_id"].iloc[0].startswith("=")  # the frame keeps the text as it is
    text = (tmp_path / "s.csv").read_text(encoding="utf-8")
    assert "'=cmd" in text and ",'-," in text and ",'@," in text


def test_bad_arguments_are_listed_at_once(corpus, terms):
    with pytest.raises(ParameterError) as e:
        sample_matches(corpus, terms, "nope", 0, random_state=0, width=-1)
    assert len(e.value.problems) == 3 and "choose from preemptive, counterstrike" in e.value.problems[2]
    with pytest.raises(ParameterError, match="stratify by term, family or doc_id"):
        sample_matches(corpus, terms, "preemptive", 5, by="left")


def test_codes_are_read_in_every_spelling():
    assert [parse_relevant(v) for v in ["1", "0", "Y", "n", "yes", "NO", "True", "false", " ", "", None]] == \
        [1, 0, 1, 0, 1, 0, 1, 0, None, None, None]
    with pytest.raises(ValueError):
        parse_relevant("maybe")


def test_precision_round_trip_through_csv(corpus, terms, tmp_path):
    s = sample_matches(corpus, terms, "preemptive", 10, random_state=1)
    codes = ["1", "yes", "Y", "true", "0", "n", "", "1", "1", ""]
    s["relevant"] = codes
    write_csv(s, tmp_path / "coded.csv")
    p = precision(tmp_path / "coded.csv")
    fam = p[p["level"] == "family"].iloc[0]
    assert (fam["n_lines"], fam["n_coded"], fam["n_uncoded"], fam["n_relevant"]) == (10, 8, 2, 6)
    assert p.attrs["n_uncoded"] == 2 and fam["precision"] == 6 / 8
    # Wilson 95% for 6/8 by hand: z = 1.959964; (p + z²/2n) / (1 + z²/n) -+ z/(1 + z²/n) sqrt(p q / n + z²/4n²)
    z = 1.959963984540054
    centre = (0.75 + z * z / 16) / (1 + z * z / 8)
    half = z / (1 + z * z / 8) * math.sqrt(0.75 * 0.25 / 8 + z * z / 256)
    assert fam["precision_low"] == pytest.approx(centre - half, abs=1e-12)
    assert fam["precision_high"] == pytest.approx(centre + half, abs=1e-12)
    by_term = p[p["level"] == "term"]
    assert by_term["n_lines"].sum() == 10 and set(by_term["term"]) == set(s["term"])
    sizes = s.groupby("term")["stratum_size"].first()
    coded = s.assign(code=[parse_relevant(c) for c in codes]).dropna(subset=["code"])
    term_p = coded.groupby("term")["code"].mean()
    assert fam["weighted_precision"] == pytest.approx((term_p * sizes[term_p.index]).sum() / sizes[term_p.index].sum())
    assert precision(s.assign(relevant=codes)).drop(columns=[]).equals(p)


def test_precision_names_every_bad_cell(tmp_path):
    path = tmp_path / "coded.csv"
    path.write_text("family,term,relevant\npre,a,1\npre,a,maybe\npre,b,2\n", encoding="utf-8")
    with pytest.raises(ParameterError) as e:
        precision(path)
    assert e.value.problems == [
        f"{path}, line 3: relevant='maybe' is not a code; write 1/0, y/n, yes/no, true/false, or leave it blank "
        "for not coded",
        f"{path}, line 4: relevant='2' is not a code; write 1/0, y/n, yes/no, true/false, or leave it blank "
        "for not coded"]
    with pytest.raises(ParameterError, match="no column.s. relevant"):
        precision(pd.DataFrame({"family": ["a"], "term": ["b"]}))


def test_nothing_coded_is_nan_not_an_error():
    p = precision(pd.DataFrame({"family": ["a", "a"], "term": ["x", "y"], "relevant": ["", ""]}))
    assert p["n_uncoded"].tolist() == [2, 1, 1] and p["precision"].isna().all()


def test_seed_is_the_old_name_of_random_state(corpus, terms):
    new = sample_matches(corpus, terms, "counterstrike", 6, random_state=5)
    with pytest.warns(FutureWarning, match=r"sample_matches\(seed=\.\.\.\) is deprecated.*use random_state="):
        old = sample_matches(corpus, terms, "counterstrike", 6, seed=5)
    assert old.equals(new) and not new.equals(sample_matches(corpus, terms, "counterstrike", 6, random_state=6))
