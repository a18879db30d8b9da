"""Keyness: Dunning G2, Hardie's log ratio, Monroe et al.'s log-odds z, slices, families, CLI."""

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as ss
from scipy.stats import beta, chi2, chi2_contingency

from termshift.cli import main
from termshift.corpus import load_corpus
from termshift.counts import count_terms
from termshift.errors import ParameterError
from termshift.keyness import (
    adjust_p,
    dunning_g2,
    gries_dp,
    keyness,
    log_odds_z,
    log_ratio,
    log_ratio_interval,
    tokenize,
)
from termshift.matching import count_tokens
from termshift.paths import CORPUS_DIR, TERMS_FILE

# Slice A (2021): war 3, peace 1, talk 1 -> 5 tokens; slice B (2022): peace 3, talk 1 -> 4 tokens.
WAR_PEACE = pd.DataFrame({
    "doc_id": ["a1", "a2", "b1", "b2"],
    "date": pd.to_datetime(["2021-03-01", "2021-07-01", "2022-01-01", "2022-05-01"]),
    "text": ["War, war! Peace.", "War talk", "Peace talk; peace.", "PEACE"],
})
N_A, N_B = 5, 4
KEY_COLUMNS = ("term", "kind", "side", "count_a", "count_b", "g2", "p_value", "p_holm", "p_bh", "log_ratio",
               "log_ratio_low", "log_ratio_high", "log_odds_z", "df_a", "df_b", "dp_a", "dp_b", "dispersion")


def hand_g2(a, b, n_a, n_b):
    """Dunning's G2 written out cell by cell."""
    n = n_a + n_b
    cells = [(a, n_a * (a + b) / n), (b, n_b * (a + b) / n),
             (n_a - a, n_a * (n - a - b) / n), (n_b - b, n_b * (n - a - b) / n)]
    return 2 * sum(o * math.log(o / e) for o, e in cells if o > 0)


def row(table, term, kind=None):
    sel = table["term"] == term
    if kind is not None:
        sel &= table["kind"] == kind
    assert sel.sum() == 1, (term, kind)
    return table[sel].iloc[0]


# ----------------------------------------------------------------------------- statistics by hand


def test_g2_hand_computation_war():
    # Table [[3, 0], [2, 4]]; E = [[5/3, 4/3], [10/3, 8/3]]
    expected = 2 * (3 * math.log(3 / (5 / 3)) + 2 * math.log(2 / (10 / 3)) + 4 * math.log(4 / (8 / 3)))
    assert expected == pytest.approx(4.727138, abs=1e-6)
    k = keyness(WAR_PEACE, "2022-01-01", unit="token")
    war = row(k, "war")
    assert (war["count_a"], war["count_b"]) == (3, 0)
    assert war["g2"] == pytest.approx(expected, rel=1e-12)
    assert war["p_value"] == pytest.approx(chi2.sf(expected, 1), rel=1e-12)


def test_log_ratio_hand_computation():
    k = keyness(WAR_PEACE, "2022-01-01")
    assert row(k, "war")["log_ratio"] == pytest.approx(math.log2((3 / 5) / (0.5 / 4)))  # zero -> 0.5
    assert row(k, "peace")["log_ratio"] == pytest.approx(math.log2((1 / 5) / (3 / 4)))
    assert row(k, "talk")["log_ratio"] == pytest.approx(math.log2((1 / 5) / (1 / 4)))


def test_log_odds_z_hand_computation_pooled_prior():
    # war: y_A=3, y_B=0, alpha_w=3 (pooled), alpha_0 = 9
    delta = math.log(6 / (5 + 9 - 6)) - math.log(3 / (4 + 9 - 3))
    z = delta / math.sqrt(1 / 6 + 1 / 3)
    assert z == pytest.approx(1.295831, abs=1e-6)
    k = keyness(WAR_PEACE, "2022-01-01")
    assert row(k, "war")["log_odds_z"] == pytest.approx(z, rel=1e-12)


def test_log_odds_z_constant_and_background_prior():
    # constant 0.5: alpha_0 = 0.5 * V, V = 3 words
    k = keyness(WAR_PEACE, "2022-01-01", prior=0.5)
    ya, yb, a0 = 3.5, 0.5, 1.5
    z = (math.log(ya / (5 + a0 - ya)) - math.log(yb / (4 + a0 - yb))) / math.sqrt(1 / ya + 1 / yb)
    assert row(k, "war")["log_odds_z"] == pytest.approx(z, rel=1e-12)
    # background counts: war 10, peace 30 ("talk" missing -> 0.5); alpha_0 = 40.5
    k = keyness(WAR_PEACE, "2022-01-01", prior=pd.Series({"war": 10, "peace": 30}))
    a0 = 40.5
    z_war = (math.log(13 / (5 + a0 - 13)) - math.log(10 / (4 + a0 - 10))) / math.sqrt(1 / 13 + 1 / 10)
    z_talk = (math.log(1.5 / (5 + a0 - 1.5)) - math.log(1.5 / (4 + a0 - 1.5))) / math.sqrt(2 / 1.5)
    assert row(k, "war")["log_odds_z"] == pytest.approx(z_war, rel=1e-12)
    assert row(k, "talk")["log_odds_z"] == pytest.approx(z_talk, rel=1e-12)


def test_g2_matches_scipy_log_likelihood_for_every_term():
    k = keyness(WAR_PEACE, "2022-01-01", unit="token")
    for _, r in k.iterrows():
        table = [[r["count_a"], r["count_b"]], [N_A - r["count_a"], N_B - r["count_b"]]]
        stat, p, dof, _ = chi2_contingency(table, lambda_="log-likelihood", correction=False)
        assert abs(r["g2"]) == pytest.approx(stat, rel=1e-10)
        assert r["p_value"] == pytest.approx(p, rel=1e-10)
        assert abs(r["g2"]) == pytest.approx(hand_g2(r["count_a"], r["count_b"], N_A, N_B), rel=1e-12)


def test_dunning_g2_vectorised_matches_scipy_on_random_tables():
    rng = np.random.default_rng(0)
    a = rng.integers(1, 50, 200)
    b = rng.integers(1, 50, 200)
    n_a, n_b = 5000, 7000
    g2 = dunning_g2(a, b, n_a, n_b)
    for i in range(0, 200, 17):
        stat = chi2_contingency([[a[i], b[i]], [n_a - a[i], n_b - b[i]]], lambda_="log-likelihood",
                                correction=False)[0]
        assert abs(g2[i]) == pytest.approx(stat, rel=1e-10)
    assert np.all(np.sign(g2) == np.sign(a / n_a - b / n_b))


def test_dunning_g2_zero_cells_and_sign():
    assert dunning_g2(0, 0, 10, 10)[()] == 0.0
    assert dunning_g2(5, 5, 10, 10)[()] == 0.0
    assert dunning_g2(10, 0, 10, 10)[()] == pytest.approx(hand_g2(10, 0, 10, 10))  # 0 ln 0 = 0
    assert dunning_g2(0, 3, 10, 10)[()] < 0 < dunning_g2(3, 0, 10, 10)[()]
    with pytest.raises(ParameterError, match="exceeds its slice total"):
        dunning_g2(11, 0, 10, 10)


def test_log_ratio_and_log_odds_functions():
    assert log_ratio(4, 1, 100, 100)[()] == pytest.approx(2.0)
    assert log_ratio(0, 0, 100, 100)[()] == pytest.approx(0.0)
    z = log_odds_z(3, 0, 5, 4, alpha=3, alpha0=9)
    assert z[()] == pytest.approx(1.295831, abs=1e-6)


# ----------------------------------------------------------------------------- table


def test_columns_sorting_and_totals():
    k = keyness(WAR_PEACE, "2022-01-01")
    assert list(k.columns) == list(KEY_COLUMNS)
    assert set(k["kind"]) == {"token"}
    assert np.all(np.diff(np.abs(k["g2"].to_numpy())) <= 0)
    assert {key: k.attrs[key] for key in ("n_a", "n_b", "docs_a", "docs_b")} == {"n_a": 5, "n_b": 4, "docs_a": 2,
                                                                              "docs_b": 2}
    assert (k.attrs["unit"], k.attrs["slice_a"]) == ("document", "documents dated before 2022-01-01")
    assert k["count_a"].sum() == N_A and k["count_b"].sum() == N_B
    assert row(k, "peace")["g2"] < 0 < row(k, "war")["g2"]


def test_tokens_agree_with_count_tokens():
    text = "Japan\u2019s counter-strike: 2 options_x, caf\u00e9 \u6771\u4eac 3.5"
    assert len(tokenize(text)) == count_tokens(text)
    corpus = load_corpus(CORPUS_DIR)
    later = corpus["date"].max() + pd.Timedelta(days=1)
    extra = pd.DataFrame({"doc_id": ["x"], "date": [later], "text": ["Counterstrike now."]})
    k = keyness(pd.concat([corpus, extra], ignore_index=True), later)
    assert k.attrs["n_a"] == sum(count_tokens(t) for t in corpus["text"])
    assert k.attrs["n_b"] == 2
    assert k.loc[k["kind"] == "token", "count_a"].sum() == k.attrs["n_a"]


def test_split_date_goes_to_slice_b():
    k = keyness(WAR_PEACE, "2021-07-01")  # a2 (dated 2021-07-01) is in B
    assert k.attrs["docs_a"] == 1 and k.attrs["docs_b"] == 3
    assert row(k, "war")[["count_a", "count_b"]].tolist() == [2, 1]
    assert keyness(WAR_PEACE, pd.Timestamp("2021-07-01")).equals(k)


def test_boolean_split_array_and_series():
    mask = np.array([True, True, False, False])
    by_date = keyness(WAR_PEACE, "2022-01-01")
    assert keyness(WAR_PEACE, mask).equals(by_date)
    shuffled = pd.Series(mask, index=WAR_PEACE.index)[::-1]  # aligned by index, not position
    assert keyness(WAR_PEACE, shuffled).equals(by_date)
    assert keyness(WAR_PEACE, ~mask)["g2"].abs().max() == pytest.approx(by_date["g2"].abs().max())
    flipped = keyness(WAR_PEACE, ~mask)
    assert row(flipped, "war")["g2"] == pytest.approx(-row(by_date, "war")["g2"])


@pytest.mark.parametrize("split, message", [
    ("2020-01-01", r"slice A \(documents dated before 2020-01-01\) is empty: the corpus runs from 2021-03-01"),
    ("2023-01-01", r"slice B \(documents dated on or after 2023-01-01\) is empty"),
    ("01/06/2022", "is not a date; write it as YYYY-MM-DD"),
    ("2022-02-30", "impossible date"),
    (np.array([True, False]), "split has 2 value.* but the corpus has 4 documents"),
    (np.array([1, 0, 1, 0]), "give booleans"),
    (np.zeros(4, bool), r"slice A \(documents marked True\) is empty"),
])
def test_bad_splits(split, message):
    with pytest.raises(ParameterError, match=message):
        keyness(WAR_PEACE, split)


def test_bad_parameters_listed_together():
    with pytest.raises(ParameterError) as err:
        keyness(WAR_PEACE, "2022-01-01", ngram_range=(2, 1), top=0, min_count=0, prior=-1)
    assert len(err.value.problems) == 4


def test_top_and_min_count():
    k = keyness(WAR_PEACE, "2022-01-01", min_count=3)
    assert set(k["term"]) == {"war", "peace"}
    assert keyness(WAR_PEACE, "2022-01-01", top=1)["term"].tolist() == ["war"]


# ----------------------------------------------------------------------------- n-grams and families


def test_bigrams_use_bigram_totals_and_never_cross_documents():
    k = keyness(WAR_PEACE, "2022-01-01", ngram_range=(2, 2))
    assert set(k["kind"]) == {"ngram"}
    # A: "war war peace" (2 bigrams) + "war talk" (1); B: "peace talk peace" (2) + "peace" (0)
    assert set(k["term"]) == {"war war", "war peace", "war talk", "peace talk", "talk peace"}
    assert "peace war" not in set(k["term"])  # would cross from a1 into a2
    ww = row(k, "war war")
    assert ww["g2"] == pytest.approx(hand_g2(1, 0, 3, 2))
    both = keyness(WAR_PEACE, "2022-01-01", ngram_range=(1, 2))
    assert row(both, "war")["g2"] == pytest.approx(row(keyness(WAR_PEACE, "2022-01-01"), "war")["g2"])


def test_family_rows():
    terms = {"war": ["war"], "talks": ["peace talk*"], "none": ["armistice"]}
    k = keyness(WAR_PEACE, "2022-01-01", terms=terms, top=1, min_count=2)
    fam = k[k["kind"] == "family"].set_index("term")
    assert list(k.loc[k["kind"] != "family", "term"]) == ["war"]  # top applies to words only
    assert fam.loc["war", ["count_a", "count_b"]].tolist() == [3, 0]
    assert fam.loc["talks", ["count_a", "count_b"]].tolist() == [0, 1]
    assert fam.loc["none", ["count_a", "count_b", "g2", "p_value"]].tolist() == [0, 0, 0.0, 1.0]
    assert np.isnan(fam.loc["none", "log_odds_z"])  # pooled prior 0: no evidence either way
    assert fam.loc["talks", "g2"] == pytest.approx(-hand_g2(0, 1, N_A, N_B))
    assert fam.loc["war", "g2"] == pytest.approx(row(k, "war", "token")["g2"])
    counts = count_terms(WAR_PEACE, terms, freq="year").pivot(index="period", columns="family", values="count")
    assert counts.loc["2021", "war"] == 3 and counts.loc["2022", "talks"] == 1


# ----------------------------------------------------------------------------- CLI


def write_corpus(folder, docs):
    folder.mkdir()
    for i, (date, body) in enumerate(docs):
        (folder / f"{i:03d}.txt").write_text(f" date {date} {body}\n", encoding="utf-8")
    return folder


def test_cli_keyness(tmp_path, capsys):
    folder = write_corpus(tmp_path / "c", [("2021-03-01", "A preemptive strike. Preemptive!"),
                                          ("2022-12-16", "Counterstrike capability, counterstrike.")])
    terms = tmp_path / "t.toml"
    terms.write_text('[pre]\nterms = ["preemptive"]\n[counter]\nterms = ["counter-strike"]\n', encoding="utf-8")
    assert main(["keyness", str(folder), "--split", "2022-06-01", "--terms", str(terms), "--quiet"]) == 0
    out = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out))
    assert list(out.columns) == list(KEY_COLUMNS)
    assert np.all(np.diff(out["g2"].abs().to_numpy()) <= 1e-12)
    fam = out[out["kind"] == "family"].set_index("term")
    assert fam.loc["counter", "count_b"] == 2 and fam.loc["pre", "count_a"] == 2
    assert main(["keyness", str(folder), "--split", "2022-06-01", "--top", "1", "--quiet"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 2


def test_cli_keyness_on_shipped_corpus_reports_empty_slice(capsys):
    corpus = load_corpus(CORPUS_DIR)
    first = corpus["date"].min().date()
    status = main(["keyness", str(CORPUS_DIR), "--split", str(first), "--terms", str(TERMS_FILE), "--quiet"])
    err = capsys.readouterr().err
    if corpus["date"].nunique() == 1:  # today: only the seed article
        assert status == 2
        assert "slice A (documents dated before" in err and "is empty" in err
    else:
        assert status == 0


def test_top_k_refuses_a_bool_and_keeps_the_old_name():
    with pytest.raises(ParameterError, match="top=True: give a whole number >= 1"):
        keyness(WAR_PEACE, "2022-01-01", top=True)
    with pytest.raises(ParameterError, match="top_k=True"):
        keyness(WAR_PEACE, "2022-01-01", top_k=True)
    assert keyness(WAR_PEACE, "2022-01-01", top=1).equals(keyness(WAR_PEACE, "2022-01-01", top_k=1))
    assert len(keyness(WAR_PEACE, "2022-01-01", top_k=1)) == 1


@pytest.mark.parametrize("split", ["0000-01-01", "2022-02-30"])
def test_impossible_split_dates_are_one_line(split):
    with pytest.raises(ParameterError, match="impossible date"):
        keyness(WAR_PEACE, split)


@pytest.mark.parametrize("split, empty", [("9999-12-31", "B"), ("0001-01-01", "A")])
def test_split_dates_beyond_the_nanosecond_range_still_compare(split, empty):
    with pytest.raises(ParameterError, match=f"slice {empty} .* is empty"):
        keyness(WAR_PEACE, split)


# ----------------------------------------------------------------------------- issue 11: sides, dispersion, adjusted p


def test_one_sign_convention_log_ratio_agrees_with_g2():
    # 6 uses in a big slice A, none in a small slice B: Hardie's 0.5 alone gave -0.158 against G2 > 0
    assert log_ratio(6, 0, 100_000, 1_000)[()] == pytest.approx(1.0)
    rng = np.random.default_rng(0)
    a, b = rng.integers(0, 8, 2000), rng.integers(0, 8, 2000)
    n_a, n_b = rng.integers(50, 10_000, 2000), rng.integers(50, 10_000, 2000)
    g2, lr = dunning_g2(a, b, n_a, n_b), log_ratio(a, b, n_a, n_b)
    assert (np.sign(g2) == np.sign(lr)).all()
    k = keyness(WAR_PEACE, "2022-01-01")
    assert (k["side"] == np.where(k["g2"] > 0, "A", np.where(k["g2"] < 0, "B", ""))).all()
    assert "sign of g2" in k.attrs["convention"]


def test_log_ratio_interval_is_the_jeffreys_interval_of_the_conditional_binomial():
    low, high = log_ratio_interval(3, 1, 5, 4)
    pi = ss.beta.ppf([0.025, 0.975], 3.5, 1.5)
    assert (float(low), float(high)) == pytest.approx(tuple(np.log2(pi * 4 / ((1 - pi) * 5))))
    low, high = log_ratio_interval(3, 0, 5, 4)  # b = 0: no upper bound (pi's upper bound is 1)
    assert float(low) == pytest.approx(np.log2(ss.beta.ppf(0.025, 3.5, 0.5) * 4 / ((1 - ss.beta.ppf(0.025, 3.5, 0.5)) * 5)))
    assert float(high) == np.inf
    k = keyness(WAR_PEACE, "2022-01-01")
    assert ((k["log_ratio_low"] <= k["log_ratio"]) & (k["log_ratio"] <= k["log_ratio_high"])).all()


def test_dispersion_columns_by_hand():
    k = keyness(WAR_PEACE, "2022-01-01")
    war, peace = row(k, "war"), row(k, "peace")
    assert (war["df_a"], war["df_b"], peace["df_a"], peace["df_b"]) == (2, 0, 1, 2)
    # slice A: a1 has 3 tokens (war 2), a2 2 tokens (war 1): s = (.6, .4), v = (2/3, 1/3): DP = 1/15
    assert war["dp_a"] == pytest.approx(0.5 * (abs(2 / 3 - 0.6) + abs(1 / 3 - 0.4)))
    assert math.isnan(war["dp_b"])
    # peace in slice A only in a1: v = (1, 0): DP = .5 (.4 + .4) = .4
    assert peace["dp_a"] == pytest.approx(0.4)
    assert gries_dp(np.array([[5], [0], [0], [0]]), np.array([10, 10, 10, 10]))[0] == pytest.approx(0.75)


def test_holm_and_bh_by_hand_and_against_statsmodels():
    p = np.array([0.01, 0.04, 0.03, 0.5, np.nan])
    assert adjust_p(p, "holm")[:4] == pytest.approx([0.04, 0.09, 0.09, 0.5])
    assert adjust_p(p, "bh")[:4] == pytest.approx([0.04, 0.04 * 4 / 3, 0.04 * 4 / 3, 0.5])
    assert np.isnan(adjust_p(p)[4])
    try:
        from statsmodels.stats.multitest import multipletests
    except ImportError:
        return
    q = np.random.default_rng(1).random(50) ** 3
    assert adjust_p(q, "holm") == pytest.approx(multipletests(q, method="holm")[1])
    assert adjust_p(q, "bh") == pytest.approx(multipletests(q, method="fdr_bh")[1])


def test_document_level_keyness_is_mann_whitney_on_document_rates():
    k = keyness(WAR_PEACE, "2022-01-01", unit="document")
    # war per document: A (2/3, 1/2), B (0, 0)
    ref = ss.mannwhitneyu([2 / 3, 1 / 2], [0, 0], method="asymptotic").pvalue
    assert row(k, "war")["p_value"] == pytest.approx(ref)
    assert k.attrs["unit"] == "document"
    with pytest.raises(ParameterError, match="unit='sentence'"):
        keyness(WAR_PEACE, "2022-01-01", unit="sentence")


def test_random_halves_are_rarely_key_by_document():
    """Random halves of documents drawn from one source: tokens flag many words, documents about 5 %."""
    rng = np.random.default_rng(3)
    vocab = [f"w{i}" for i in range(60)]
    texts = []
    for _ in range(80):  # bursty: each document favours a few words
        weights = rng.gamma(0.3, 1, len(vocab))
        texts.append(" ".join(rng.choice(vocab, 200, p=weights / weights.sum())))
    corpus = pd.DataFrame({"doc_id": [f"d{i}" for i in range(80)],
                           "date": pd.to_datetime(["2022-01-01"] * 80), "text": texts})
    half = rng.permutation(80) < 40
    with pytest.warns(UserWarning, match="cluster in documents"):
        token = keyness(corpus, half, unit="token")
    document = keyness(corpus, half)  # the default: document-level
    assert document.attrs["unit"] == "document" and "Mann-Whitney" in document.attrs["test"]
    assert (token["p_value"] < 0.05).mean() > 0.3
    assert (document["p_value"] < 0.05).mean() <= 0.12
    assert (document["p_holm"] < 0.05).sum() == 0


def test_contractions_leave_no_clitic_fragments():
    """One token rule with counting: "Japan's", "we're", "I'm" are words, not word + fragment."""
    from termshift.tokens import count_tokens

    corpus = pd.DataFrame({"doc_id": ["a", "b"], "date": pd.to_datetime(["2021-01-01", "2023-01-01"]),
                           "text": ["Japan's plan: we're told I'm sure it's fine.", "Japan’s new plan, you're told."]})
    k = keyness(corpus, "2022-01-01")
    assert not {"s", "re", "m", "t", "u"} & set(k["term"])
    assert {"japan's", "we're", "i'm", "you're"} <= set(k["term"])  # curly and straight apostrophes alike
    assert k.attrs["n_a"] == count_tokens(corpus["text"][0]) == 8


# ----------------------------------------------------------------------------- normalised forms (Japanese)

JA = pd.DataFrame({
    "doc_id": ["a", "b", "c", "d"],
    "date": pd.to_datetime(["2021-05-01", "2021-09-01", "2022-12-16", "2022-12-20"]),
    "text": ["与党は敵基地攻撃能力の保有を決めた。", "政府は方針を決めている。",
             "政府は反撃能力の保有を決める。", "反撃能力の保有を決めた。防衛費を増やす。"],
})


def test_normalize_pools_inflected_japanese_forms_under_the_lemma():
    plain = keyness(JA, "2022-01-01", terms={"counter": ["反撃能力"]}).set_index("term")
    lemma = keyness(JA, "2022-01-01", terms={"counter": ["反撃能力"]}, normalize=True).set_index("term")
    assert (lemma.attrs["n_a"], lemma.attrs["n_b"]) == (plain.attrs["n_a"], plain.attrs["n_b"])  # same totals
    for side in ("count_a", "count_b"):
        assert lemma.loc["決める", side] == plain.loc["決め", side] + plain.loc["決める", side]
        assert lemma.loc["居る", side] == plain.loc["いる", side]
    assert "決め" not in lemma.index and (lemma.loc["決める", ["count_a", "count_b"]] == [2, 2]).all()
    n_a, n_b = plain.attrs["n_a"], plain.attrs["n_b"]
    assert lemma.loc["決める", "g2"] == pytest.approx(hand_g2(2, 2, n_a, n_b))
    assert lemma.loc["counter"].equals(plain.loc["counter"])  # family rows do not change
    unchanged = keyness(JA, "2022-01-01", terms={"counter": ["反撃能力"]}, normalize=False).set_index("term")
    assert unchanged.equals(plain)
    with pytest.raises(ParameterError, match="normalize=1: give True"):
        keyness(JA, "2022-01-01", normalize=1)


def test_cli_keyness_normalize(tmp_path, capsys):
    folder = write_corpus(tmp_path / "ja", zip(JA["date"].dt.strftime("%Y-%m-%d"), JA["text"]))
    assert main(["keyness", str(folder), "--split", "2022-01-01", "--normalize", "--quiet"]) == 0
    out = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out)).set_index("term")
    assert out.loc["決める", "count_a"] == 2 and "決め" not in out.index
    assert main(["keyness", str(folder), "--split", "2022-01-01", "--quiet"]) == 0
    assert "決め" in set(pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out))["term"])


def _topic_corpus(seed, n_docs=80, vocab=80, topics=4):
    """One source: each document draws its words from one of a few topics (bursty words)."""
    rng = np.random.default_rng(seed)
    words = [f"w{i}" for i in range(vocab)]
    dists = rng.dirichlet(np.full(vocab, 0.2), topics)
    texts = [" ".join(rng.choice(words, 150, p=dists[rng.integers(topics)])) for _ in range(n_docs)]
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(n_docs)],
                         "date": pd.to_datetime(["2022-01-01"] * n_docs), "text": texts}), rng


def test_default_keyness_holds_its_level_on_bursty_slices():
    # the check, small: two random slices of one topic mixture; token-level G2 flagged ~20 %
    flagged = tested = holm = 0
    excluded = 0
    for seed in range(4):
        corpus, rng = _topic_corpus(seed)
        k = keyness(corpus, rng.permutation(len(corpus)) < len(corpus) // 2)
        assert k.attrs["unit"] == "document"
        flagged += int((k["p_value"] < 0.05).sum())
        tested += len(k)
        holm += int((k["p_holm"] < 0.05).sum())
        excluded += int(((k["log_ratio_low"] > 0) | (k["log_ratio_high"] < 0)).sum())
    assert flagged / tested <= 0.08 and holm == 0
    assert excluded / tested <= 0.08  # the interval is as wide as the documents allow


def test_log_ratio_lies_in_its_interval_even_at_a_zero_count():
    # M3: log_ratio(0, 1, n_a=10, n_b=1e6) was -1 with the interval [5.27, 19.15]
    lr = log_ratio(0, 1, 10, 1e6)
    low, high = log_ratio_interval(0, 1, 10, 1e6)
    assert low == -np.inf and low <= lr <= high
    for a, b, na, nb in itertools.product(range(0, 12), range(0, 12), (10, 1000, 1e6), (10, 1000, 1e6)):
        if a + b == 0 or a > na or b > nb:
            continue
        lr = float(log_ratio(a, b, na, nb))
        for phi in (1.0, 4.0):
            low, high = (float(v) for v in log_ratio_interval(a, b, na, nb, dispersion=phi))
            assert low <= lr <= high, (a, b, na, nb, phi)
    # away from zero counts it is the Jeffreys interval of the conditional binomial (hand computation)
    low, high = log_ratio_interval(6, 3, 100, 200)
    q = beta.ppf([0.025, 0.975], 6.5, 3.5)
    assert (float(low), float(high)) == pytest.approx(tuple(np.log2(q * 200 / ((1 - q) * 100))))


def test_term_dispersion_against_poisson_dispersion():
    import scipy.sparse as sp

    from termshift.keyness import term_dispersion
    from termshift.stats.intervals import poisson_dispersion

    rng = np.random.default_rng(0)
    X = rng.poisson(rng.gamma(0.5, 2, size=(30, 1)), size=(30, 4))
    tokens = rng.integers(50, 200, 30)
    mask = np.arange(30) < 12
    chi2, _ = poisson_dispersion((~mask).astype(int), X[:, 2], tokens, 2)
    expected = max(1.0, chi2.sum() / 28)
    assert term_dispersion(sp.csr_matrix(X), mask, tokens)[2] == pytest.approx(expected)
