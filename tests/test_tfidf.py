"""TF-IDF by period, per family and per document: hand computations and scikit-learn run directly."""

import io
import math
import re

import numpy as np
import pandas as pd
import pytest
from nltk.stem import PorterStemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from termshift.cli import main
from termshift.corpus import load_corpus
from termshift.counts import count_terms
from termshift.errors import ParameterError
from termshift.paths import CORPUS_DIR, TERMS_FILE
from termshift.terms import load_terms
from termshift.tfidf import document_tfidf, family_tfidf, tfidf_by_period
from termshift.tokens import tokenize

IDF_1_OF_2 = math.log(3 / 2) + 1  # smooth idf of a term in 1 of 2 periods
CORPUS = pd.DataFrame({
    "doc_id": ["a", "b", "c", "d"],
    "date": pd.to_datetime(["2021-05-01", "2021-09-01", "2022-12-16", "2022-12-20"]),
    "text": ["Preemptive strike debate.", "The preemptive option.",
             "Counterstrike debate, counterstrike.", "Deterrence and counterstrike capabilities!"],
})


def period_texts(corpus, freq="Y"):
    dates = corpus["date"].dt.to_period(freq).astype(str)
    return corpus.groupby(dates, sort=True)["text"].agg("\n".join)


def weights(table):
    return {(str(p), t): w for p, t, w in zip(table["period"], table["term"], table["tfidf"])}


# ----------------------------------------------------------------------------- tfidf_by_period


def test_hand_computation():
    # 2021: preemptive 2, strike 1, debate 1, option 1 ("the" is a stop word); 2022: counterstrike 3, debate 1,
    # deterrence 1, capabilities 1. idf: debate (both periods) 1, every other word ln(3/2) + 1.
    t = tfidf_by_period(CORPUS, top_k=None)
    norm_2021 = math.sqrt((2 * IDF_1_OF_2) ** 2 + 2 * IDF_1_OF_2 ** 2 + 1)
    norm_2022 = math.sqrt((3 * IDF_1_OF_2) ** 2 + 2 * IDF_1_OF_2 ** 2 + 1)
    w = weights(t)
    assert w[("2021", "preemptive")] == pytest.approx(2 * IDF_1_OF_2 / norm_2021)
    assert w[("2021", "debate")] == pytest.approx(1 / norm_2021)
    assert w[("2022", "counterstrike")] == pytest.approx(3 * IDF_1_OF_2 / norm_2022)
    assert w[("2022", "capabilities")] == pytest.approx(IDF_1_OF_2 / norm_2022)
    assert len(t) == 8 and "the" not in set(t["term"])
    counts = {(str(p), term): c for p, term, c in zip(t["period"], t["term"], t["count"])}
    assert counts[("2022", "counterstrike")] == 3 and counts[("2021", "preemptive")] == 2


def test_matches_tfidfvectorizer_run_directly_on_period_texts():
    texts = period_texts(CORPUS)
    for kwargs in ({}, {"sublinear_tf": True}, {"norm": "l1", "smooth_idf": False}, {"stop_words": None}):
        vec = TfidfVectorizer(**{"stop_words": "english", **kwargs})
        X = vec.fit_transform(texts.tolist()).toarray()
        names = vec.get_feature_names_out()
        expected = {(p, names[j]): X[i, j] for i, p in enumerate(texts.index) for j in np.flatnonzero(X[i])}
        got = weights(tfidf_by_period(CORPUS, top_k=None, **kwargs))
        assert got.keys() == expected.keys()
        for key, value in expected.items():
            assert got[key] == pytest.approx(value, rel=1e-12), (kwargs, key)


def test_columns_rank_and_top_k():
    t = tfidf_by_period(CORPUS, top_k=2)
    assert list(t.columns) == ["period", "term", "tfidf", "count", "rank"]
    assert t["period"].astype(str).tolist() == ["2021", "2021", "2022", "2022"]
    assert t["rank"].tolist() == [1, 2, 1, 2]
    assert t["term"].tolist()[:2] == ["preemptive", "option"]  # ties at equal weight broken by term
    full = tfidf_by_period(CORPUS, top_k=None)
    for _, g in full.groupby("period"):
        assert np.all(np.diff(g["tfidf"].to_numpy()) <= 0)
        assert g["rank"].tolist() == list(range(1, len(g) + 1))


def test_periods_by_month_skip_empty_periods():
    t = tfidf_by_period(CORPUS, "month", top_k=1)
    assert t["period"].astype(str).tolist() == ["2021-05", "2021-09", "2022-12"]
    # three periods with documents: idf = ln(4 / (1 + df)) + 1
    assert t.iloc[0]["term"] in {"preemptive", "strike"}


def test_stop_words_none_and_list():
    assert "the" in set(tfidf_by_period(CORPUS, top_k=None, stop_words=None)["term"])
    t = tfidf_by_period(CORPUS, top_k=None, stop_words=["debate", "the"])
    assert {"debate", "the"}.isdisjoint(t["term"]) and "and" in set(t["term"])


def test_porter_stemmer_matches_independent_pipeline():
    stem = PorterStemmer().stem

    def tokenizer(doc):  # stop words before stemming, then stem
        return [stem(w) for w in re.findall(r"[^\W_]+", doc.casefold()) if w not in ENGLISH_STOP_WORDS]

    texts = period_texts(CORPUS)
    vec = TfidfVectorizer(tokenizer=tokenizer, token_pattern=None, stop_words=None)
    X = vec.fit_transform(texts.tolist()).toarray()
    names = vec.get_feature_names_out()
    got = weights(tfidf_by_period(CORPUS, top_k=None, stemmer="porter"))
    assert {t for _, t in got} == set(names)
    assert "capabl" in names and "deterr" in names
    for i, p in enumerate(texts.index):
        for j in np.flatnonzero(X[i]):
            assert got[(p, names[j])] == pytest.approx(X[i, j], rel=1e-12)
    snow = tfidf_by_period(CORPUS, top_k=None, stemmer="snowball")
    assert "capabl" in set(snow["term"])


def test_bigrams_do_not_cross_documents():
    t = tfidf_by_period(CORPUS, top_k=None, ngram_range=(2, 2), stop_words=None)
    terms = set(t["term"])
    assert "strike debate" in terms and "preemptive option" in terms
    assert "debate the" not in terms  # "debate." ends a, "The" starts b: never one bigram


def test_min_df_counts_periods():
    t = tfidf_by_period(CORPUS, top_k=None, min_df=2)
    assert set(t["term"]) == {"debate"}
    assert t["tfidf"].tolist() == [1.0, 1.0]
    with pytest.raises(ParameterError, match="2 periods with documents; try a lower min_df"):
        tfidf_by_period(CORPUS, min_df=3)


def test_parameter_errors():
    with pytest.raises(ParameterError, match="unknown parameter.*stopwords"):
        tfidf_by_period(CORPUS, stopwords="english")
    with pytest.raises(ParameterError) as err:
        tfidf_by_period(CORPUS, ngram_range=(2, 1), stop_words="french", top_k=0)
    assert len(err.value.problems) == 3
    with pytest.raises(ParameterError, match="stemmer='lancaster': use 'porter', 'snowball'"):
        tfidf_by_period(CORPUS, stemmer="lancaster")
    with pytest.raises(ParameterError, match="norm"):
        tfidf_by_period(CORPUS, norm="l3")
    with pytest.raises(ParameterError, match="freq='decade' is not a period"):
        tfidf_by_period(CORPUS, "decade")
    with pytest.raises(ParameterError, match="empty vocabulary"):
        tfidf_by_period(CORPUS.assign(text="the and of"))


# ----------------------------------------------------------------------------- family_tfidf

FAMILIES = {"pre": ["preemptive strike*", "preemptive"],
            "counter": ["counter-strike capabilit*", "counter-strike"],
            "strike": ["strike"]}


def test_family_tfidf_hand_computation():
    f = family_tfidf(CORPUS, FAMILIES)
    assert list(f.columns) == ["period", "family", "label", "tfidf", "count"]
    got = {(str(p), fam): (w, c) for p, fam, w, c in zip(f["period"], f["family"], f["tfidf"], f["count"])}
    # 2021 features: [PRE, STRIKE, debate] (one stretch, two families) + [PRE, option]
    # 2022 features: [COUNTER, debate, COUNTER] + [deterrence, COUNTER]
    norm_2021 = math.sqrt((2 * IDF_1_OF_2) ** 2 + IDF_1_OF_2 ** 2 + 1 + IDF_1_OF_2 ** 2)
    norm_2022 = math.sqrt((3 * IDF_1_OF_2) ** 2 + 1 + IDF_1_OF_2 ** 2)
    assert got[("2021", "pre")] == (pytest.approx(2 * IDF_1_OF_2 / norm_2021), 2)
    assert got[("2021", "strike")] == (pytest.approx(IDF_1_OF_2 / norm_2021), 1)
    assert got[("2021", "counter")] == (0.0, 0)
    assert got[("2022", "counter")] == (pytest.approx(3 * IDF_1_OF_2 / norm_2022), 3)
    assert got[("2022", "pre")] == (0.0, 0)


def test_family_tfidf_counts_equal_count_terms_and_gaps_are_nan():
    f = family_tfidf(CORPUS, FAMILIES, "quarter")
    c = count_terms(CORPUS, FAMILIES, "quarter")
    assert f["period"].tolist() == c["period"].tolist() and f["family"].tolist() == c["family"].tolist()
    assert f["count"].tolist() == c["count"].tolist()
    empty = c["n_docs"].to_numpy() == 0
    assert empty.any() and f.loc[empty, "tfidf"].isna().all()
    assert f.loc[~empty, "tfidf"].notna().all()


def test_family_tfidf_pruned_family_is_nan_absent_family_is_zero():
    f = family_tfidf(CORPUS, FAMILIES, min_df=2, stop_words=None)
    assert f["tfidf"].isna().all()  # each family occurs in one period only
    assert f["count"].sum() == 6
    g = family_tfidf(CORPUS, {**FAMILIES, "never": ["armistice"]}, "quarter")
    never = g[g["family"] == "never"]
    assert (never["count"] == 0).all()
    assert never["tfidf"].isna().sum() == g.loc[g["family"] == "pre", "tfidf"].isna().sum()  # empty periods
    assert (never["tfidf"].dropna() == 0).all() and len(never["tfidf"].dropna()) == 3


def test_family_tfidf_on_shipped_corpus_agrees_with_count_terms():
    corpus, terms = load_corpus(CORPUS_DIR), load_terms(TERMS_FILE)
    f = family_tfidf(corpus, terms, "month")
    c = count_terms(corpus, terms, "month")
    assert f["count"].tolist() == c["count"].tolist()
    assert (f.loc[f["count"] > 0, "tfidf"] > 0).all()


# ----------------------------------------------------------------------------- document_tfidf


def test_document_tfidf_matches_tfidfvectorizer():
    X, names = document_tfidf(CORPUS)
    vec = TfidfVectorizer(stop_words="english")
    expected = vec.fit_transform(CORPUS["text"]).toarray()
    assert names.tolist() == vec.get_feature_names_out().tolist()
    assert X.shape == (4, len(names))
    np.testing.assert_allclose(X.toarray(), expected, rtol=1e-12)
    X2, names2 = document_tfidf(CORPUS, min_df=2, stop_words=None)
    assert names2.tolist() == ["counterstrike", "debate", "preemptive"]


# ----------------------------------------------------------------------------- CLI


def write_corpus(folder, docs):
    folder.mkdir()
    for i, (date, body) in enumerate(docs):
        (folder / f"{i:03d}.txt").write_text(f" date {date} {body}\n", encoding="utf-8")
    return folder


def test_cli_tfidf(tmp_path, capsys):
    folder = write_corpus(tmp_path / "c", zip(CORPUS["date"].dt.strftime("%Y-%m-%d"), CORPUS["text"]))
    assert main(["tfidf", str(folder), "--freq", "year", "--top", "3", "--quiet"]) == 0
    out = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype={"period": str})
    expected = tfidf_by_period(CORPUS, top_k=3)
    assert out["term"].tolist() == expected["term"].tolist()
    np.testing.assert_allclose(out["tfidf"], expected["tfidf"], rtol=1e-12)
    terms = tmp_path / "t.toml"
    terms.write_text('[pre]\nterms = ["preemptive strike*", "preemptive"]\n'
                     '[counter]\nterms = ["counter-strike capabilit*", "counter-strike"]\n', encoding="utf-8")
    assert main(["tfidf", str(folder), "--terms", str(terms), "--quiet"]) == 0
    fam = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype={"period": str})
    assert list(fam.columns) == ["period", "family", "label", "tfidf", "count"]
    assert fam.set_index(["period", "family"]).loc[("2022", "counter"), "count"] == 3


def test_cli_tfidf_on_shipped_corpus(capsys):
    assert main(["tfidf", str(CORPUS_DIR), "--freq", "year", "--top", "5", "--quiet"]) == 0
    out = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype={"period": str})
    assert len(out) <= 5 * out["period"].nunique()
    assert main(["tfidf", str(CORPUS_DIR), "--terms", str(TERMS_FILE), "--stemmer", "porter", "--quiet"]) == 0
    fam = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert set(fam["family"]) == set(load_terms(TERMS_FILE))
    assert fam.loc[fam["family"] == "counterstrike", "count"].sum() >= 1


def test_cli_tfidf_bad_min_df_exits_2(tmp_path, capsys):
    folder = write_corpus(tmp_path / "c", [("2021-01-01", "Preemptive strike.")])
    assert main(["tfidf", str(folder), "--min-df", "2", "--quiet"]) == 2
    assert "try a lower min_df" in capsys.readouterr().err


def test_tfidf_uses_the_one_token_definition():
    """Single letters and digits are tokens, as in rates and keyness (scikit-learn's default drops them)."""
    from termshift.tokens import count_tokens

    corpus = pd.DataFrame({"doc_id": ["a"], "date": pd.to_datetime(["2022-12-16"]),
                           "text": ["Japan's 3 options: X-band radar."]})
    got = tfidf_by_period(corpus, top_k=None, stop_words=None)
    assert sorted(got["term"]) == sorted(set(tokenize(corpus["text"][0])))
    assert got["count"].sum() == count_tokens(corpus["text"][0])
    vec = TfidfVectorizer(tokenizer=lambda d: re.findall(r"[^\W_]+(?:'[^\W_]+)*", d.casefold()), token_pattern=None,
                          lowercase=False)
    X = vec.fit_transform(corpus["text"]).toarray()[0]
    assert weights(got) == {("2022", t): pytest.approx(X[j]) for j, t in enumerate(vec.get_feature_names_out())}


def test_family_tfidf_top_k_keeps_the_heaviest_families_per_period():
    full = family_tfidf(CORPUS, FAMILIES)
    top = family_tfidf(CORPUS, FAMILIES, top_k=1)
    assert top.groupby("period").size().tolist() == [1, 1]
    for period, part in full.groupby("period"):
        best = part.sort_values("tfidf", ascending=False, kind="stable").iloc[0]
        assert top[top["period"] == period]["family"].tolist() == [best["family"]]
    with pytest.raises(ParameterError, match="top_k=True"):
        family_tfidf(CORPUS, FAMILIES, top_k=True)


# ----------------------------------------------------------------------------- normalised forms (Japanese)

JA = pd.DataFrame({
    "doc_id": ["a", "b", "c", "d"],
    "date": pd.to_datetime(["2021-05-01", "2021-09-01", "2022-12-16", "2022-12-20"]),
    "text": ["与党は敵基地攻撃能力の保有を決めた。", "政府は方針を決めている。",
             "政府は反撃能力の保有を決める。", "反撃能力の保有を決めた。防衛費を増やす。"],
})
JA_FAMILIES = {"counter": ["反撃能力"], "enemy_base": ["敵基地攻撃能力", "敵基地攻撃"]}


def test_normalize_pools_inflected_japanese_forms_under_the_lemma():
    plain = tfidf_by_period(JA, top_k=None, stop_words=None)
    lemma = tfidf_by_period(JA, top_k=None, stop_words=None, normalize=True)
    counts = {(str(p), t): c for p, t, c in zip(plain["period"], plain["term"], plain["count"])}
    pooled = {(str(p), t): c for p, t, c in zip(lemma["period"], lemma["term"], lemma["count"])}
    for year in ("2021", "2022"):
        assert pooled[(year, "決める")] == counts.get((year, "決め"), 0) + counts.get((year, "決める"), 0)
        assert (year, "決め") not in pooled
    assert pooled[("2021", "決める")] == 2 and pooled[("2022", "決める")] == 2
    # the weights are TfidfVectorizer's on the lemmas
    years = JA["date"].dt.year.astype(str)
    lemmas = [sum((tokenize(t, normalize=True) for t in JA["text"][years == y]), []) for y in ("2021", "2022")]
    vec = TfidfVectorizer(analyzer=lambda words: words)
    X = vec.fit_transform(lemmas)
    names = vec.get_feature_names_out()
    for i, year in enumerate(("2021", "2022")):
        for j, term in enumerate(names):
            if X[i, j]:
                assert weights(lemma)[(year, term)] == pytest.approx(X[i, j], rel=1e-12)
    assert plain.equals(tfidf_by_period(JA, top_k=None, stop_words=None, normalize=False))


def test_normalize_in_family_and_document_tfidf():
    plain = family_tfidf(JA, JA_FAMILIES)
    lemma = family_tfidf(JA, JA_FAMILIES, normalize=True)
    assert lemma["count"].tolist() == plain["count"].tolist()  # families are matched as written
    assert plain.equals(family_tfidf(JA, JA_FAMILIES, normalize=False))
    X, names = document_tfidf(JA, stop_words=None, normalize=True)
    assert "決める" in names and "決め" not in names and "居る" in names
    X0, names0 = document_tfidf(JA, stop_words=None)
    assert "決め" in names0 and len(names0) > len(names)
    Xf, namesf = document_tfidf(JA, stop_words=None, normalize=False)
    assert (Xf != X0).nnz == 0 and namesf.tolist() == names0.tolist()


def test_normalize_parameter_errors():
    with pytest.raises(ParameterError, match="normalize='yes': give True"):
        tfidf_by_period(JA, normalize="yes")
    with pytest.raises(ParameterError, match="drop tokenizer or normalize"):
        document_tfidf(JA, normalize=True, tokenizer=str.split)


def test_cli_tfidf_normalize(tmp_path, capsys):
    folder = write_corpus(tmp_path / "c", zip(JA["date"].dt.strftime("%Y-%m-%d"), JA["text"]))
    assert main(["tfidf", str(folder), "--freq", "year", "--keep-stop-words", "--normalize", "--quiet"]) == 0
    out = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype={"period": str})
    expected = tfidf_by_period(load_corpus(folder), stop_words=None, normalize=True)
    assert out["term"].tolist() == expected["term"].tolist() and "決め" not in set(out["term"])
    assert main(["tfidf", str(folder), "--freq", "year", "--keep-stop-words", "--quiet"]) == 0
    assert "決め" in set(pd.read_csv(io.StringIO(capsys.readouterr().out))["term"])


@pytest.mark.parametrize("weighting", [{}, {"sublinear_tf": True}, {"norm": None, "smooth_idf": False},
                                       {"use_idf": False, "norm": "l1"}, {"max_features": 5}, {"binary": True}])
def test_one_pass_weights_equal_tfidfvectorizer(weighting):
    """Counts once, then TfidfTransformer: the same weights as TfidfVectorizer, bit for bit."""
    import random

    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    from termshift.tfidf import _passthrough, _weigh

    rng = random.Random(3)
    words = [f"w{i}" for i in range(30)]
    docs = [[rng.choice(words[: rng.randint(3, 30)]) for _ in range(rng.randint(1, 60))] for _ in range(25)]
    X, counts, names = _weigh(docs, 2, 0.9, dict(weighting), "documents")
    vec = TfidfVectorizer(analyzer=_passthrough, min_df=2, max_df=0.9, **weighting)
    expected = vec.fit_transform(docs)
    assert list(names) == list(vec.get_feature_names_out())
    assert (X != expected).nnz == 0 and X.dtype == expected.dtype
    raw = CountVectorizer(analyzer=_passthrough, vocabulary=vec.vocabulary_).transform(docs)
    assert (counts != raw).nnz == 0 and counts.dtype == raw.dtype
