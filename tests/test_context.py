"""KWIC, collocates and co-occurrence: hand counts, agreement with count_terms, scipy G2, CLI."""

import io
import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from termshift.cli import main
from termshift.context import collocates, cooccurrence, kwic, sentence_spans, split_sentences
from termshift.corpus import load_corpus
from termshift.counts import count_terms
from termshift.errors import ParameterError
from termshift.paths import CORPUS_DIR, TERMS_FILE
from termshift.terms import load_terms

FAMILIES = {
    "counter": ["counter-strike capabilit*", "counter-strike"],
    "self_defense": ["self-defense"],
    "deter": ["deterrence"],
}
CORPUS = pd.DataFrame({
    "doc_id": ["a", "b", "c"],
    "date": pd.to_datetime(["2022-11-30", "2022-12-16", "2023-01-05"]),
    "text": [
        "Japan weighs counterstrike capabilities for self-defense. Deterrence matters.",
        "Tokyo said the counter-strike plan is self-defense.\nDeterrence, deterrence.",
        "Nothing here but Tokyo and Japan.",
    ],
})


# ----------------------------------------------------------------------------- kwic


def test_kwic_rows_and_columns():
    k = kwic(CORPUS, FAMILIES, "counter", width=12)
    assert list(k.columns) == ["doc_id", "date", "left", "match", "right", "term", "start", "end", "language"]
    assert k["doc_id"].tolist() == ["a", "b"]
    assert k["match"].tolist() == ["counterstrike capabilities", "counter-strike"]
    assert k["term"].tolist() == ["counter-strike capabilit*", "counter-strike"]
    assert k.iloc[0]["left"] == "apan weighs " and len(k.iloc[0]["left"]) == 12
    assert k.iloc[0]["right"] == " for self-de"
    for _, r in k.iterrows():
        text = CORPUS.set_index("doc_id").loc[r["doc_id"], "text"]
        assert text[r["start"]:r["end"]] == r["match"]
    assert k["date"].dtype == "datetime64[ns]"


def test_kwic_whitespace_shown_as_spaces_with_same_width():
    k = kwic(CORPUS, FAMILIES, "deter", width=8)
    assert k["match"].tolist() == ["Deterrence", "Deterrence", "deterrence"]
    assert k.iloc[1]["left"] == "defense. "[-8:]  # the line break shown as one space
    assert "\n" not in "".join(k["left"]) + "".join(k["right"])


@pytest.mark.parametrize("family", list(FAMILIES))
def test_kwic_rows_equal_count_terms(family):
    counts = count_terms(CORPUS, FAMILIES, freq="year")
    assert len(kwic(CORPUS, FAMILIES, family)) == counts.loc[counts["family"] == family, "count"].sum()


def test_kwic_rows_equal_count_terms_on_shipped_corpus():
    corpus, terms = load_corpus(CORPUS_DIR), load_terms(TERMS_FILE)
    counts = count_terms(corpus, terms, freq="year").groupby("family")["count"].sum()
    for family in terms:
        assert len(kwic(corpus, terms, family)) == counts[family], family
    assert counts["counterstrike"] > 0


def test_kwic_unknown_family_lists_families():
    with pytest.raises(ParameterError, match="family='counterstrike' is not in .*choose one of: counter, "
                                             "self_defense, deter"):
        kwic(CORPUS, FAMILIES, "counterstrike")
    with pytest.raises(ParameterError, match="width=-1"):
        kwic(CORPUS, FAMILIES, "counter", width=-1)


# ----------------------------------------------------------------------------- collocates


def test_collocates_hand_computation():
    # window=2 around counter matches. Doc a tokens: japan weighs [counterstrike capabilities] for self defense
    # deterrence matters -> window {japan, weighs, for, self}; doc b: tokyo said the [counter strike] plan is
    # self defense deterrence deterrence -> {said, the, plan, is}. W = 8; N = 9 + 11 + 6 = 26.
    c = collocates(CORPUS, FAMILIES, "counter", window=2, min_count=1)
    assert c.attrs == {"window_tokens": 8, "corpus_tokens": 26, "matches": 2, "languages": ["en"]}
    assert set(c["term"]) == {"japan", "weighs", "for", "self", "said", "the", "plan", "is"}
    assert list(c.columns) == ["term", "count", "count_corpus", "pmi", "mi3", "log_dice", "g2", "p_value", "language"]
    japan = c.set_index("term").loc["japan"]
    assert (japan["count"], japan["count_corpus"]) == (1, 2)
    assert japan["pmi"] == pytest.approx(math.log2((1 / 8) / (2 / 26)))
    table = [[1, 1], [7, 17]]  # japan in window / elsewhere; other tokens in window / elsewhere
    stat = chi2_contingency(table, lambda_="log-likelihood", correction=False)[0]
    assert japan["g2"] == pytest.approx(stat, rel=1e-10)
    e = lambda r, col: sum(table[r]) * (table[0][col] + table[1][col]) / 26  # noqa: E731
    hand = 2 * sum(table[r][col] * math.log(table[r][col] / e(r, col)) for r in (0, 1) for col in (0, 1))
    assert japan["g2"] == pytest.approx(hand)
    assert np.all(np.diff(c["g2"].to_numpy()) <= 0)


def test_collocates_merge_overlapping_windows_and_exclude_nodes():
    corpus = CORPUS.iloc[:1].assign(text="deterrence x deterrence y z")
    c = collocates(corpus, FAMILIES, "deter", window=3, min_count=1).set_index("term")
    assert c.attrs["window_tokens"] == 3  # x, y, z: x counted once, node tokens left out
    assert c["count"].to_dict() == {"x": 1, "y": 1, "z": 1}
    assert "deterrence" not in c.index


def test_collocates_every_window_count_against_scipy_g2():
    c = collocates(CORPUS, FAMILIES, "deter", window=3, min_count=1)
    assert len(c) == 5 and (c["count"] == c["count_corpus"]).any()  # includes tables with a zero cell
    W, N = c.attrs["window_tokens"], c.attrs["corpus_tokens"]
    for _, r in c.iterrows():
        table = [[r["count"], r["count_corpus"] - r["count"]], [W - r["count"], N - W - r["count_corpus"] + r["count"]]]
        stat = chi2_contingency(table, lambda_="log-likelihood", correction=False)[0]
        assert abs(r["g2"]) == pytest.approx(stat, rel=1e-10)


def test_collocates_min_count_and_no_match():
    c = collocates(CORPUS, FAMILIES, "counter", window=5, min_count=2)
    # self and defense (2 of 2 corpus occurrences in the window) tie, broken by term; deterrence (2 of 3) last
    assert c["term"].tolist() == ["defense", "self", "deterrence"]
    assert (c["count"] == 2).all()
    empty = collocates(CORPUS.iloc[2:], FAMILIES, "counter")
    assert empty.empty and empty.attrs["matches"] == 0
    with pytest.raises(ParameterError, match="window=0"):
        collocates(CORPUS, FAMILIES, "counter", window=0)


# ----------------------------------------------------------------------------- sentences and co-occurrence


def test_sentence_splitting():
    assert split_sentences("Japan acts. U.S. officials agree! Mr. Kishida said so?\n\nYes") == [
        "Japan acts.", "U.S. officials agree!", "Mr.", "Kishida said so?", "Yes"]
    assert split_sentences("He said \u201cno.\u201d Then left.") == ["He said \u201cno.\u201d", "Then left."]
    assert split_sentences("  \n ") == [] and sentence_spans("") == []
    text = "One. Two\nThree"
    assert [text[s:e] for s, e in sentence_spans(text)] == ["One.", "Two", "Three"]


def test_cooccurrence_documents_by_hand():
    c = cooccurrence(CORPUS, FAMILIES)
    assert list(c.columns) == ["family_a", "family_b", "both", "only_a", "only_b", "neither", "n_units"]
    got = {(r.family_a, r.family_b): (r.both, r.only_a, r.only_b, r.neither, r.n_units) for r in c.itertuples()}
    assert got == {("counter", "self_defense"): (2, 0, 0, 1, 3),
                   ("counter", "deter"): (2, 0, 0, 1, 3),
                   ("self_defense", "deter"): (2, 0, 0, 1, 3)}


def test_cooccurrence_sentences_by_hand():
    # sentences: a1 counter+self_defense | a2 deter | b1 counter+self_defense | b2 deter | c1 none
    c = cooccurrence(CORPUS, FAMILIES, unit="sentence")
    got = {(r.family_a, r.family_b): (r.both, r.only_a, r.only_b, r.neither, r.n_units) for r in c.itertuples()}
    assert got == {("counter", "self_defense"): (2, 0, 0, 3, 5),
                   ("counter", "deter"): (0, 2, 2, 1, 5),
                   ("self_defense", "deter"): (0, 2, 2, 1, 5)}
    assert (c["both"] + c["only_a"] + c["only_b"] + c["neither"] == c["n_units"]).all()


def test_cooccurrence_document_totals_agree_with_count_terms_on_shipped_corpus():
    corpus, terms = load_corpus(CORPUS_DIR), load_terms(TERMS_FILE)
    c = cooccurrence(corpus, terms)
    docs = count_terms(corpus, terms, freq="year").groupby("family")["docs"].sum()
    assert len(c) == len(terms) * (len(terms) - 1) // 2
    for r in c.itertuples():
        assert r.both + r.only_a == docs[r.family_a] and r.both + r.only_b == docs[r.family_b]
        assert r.n_units == len(corpus)
    s = cooccurrence(corpus, terms, unit="sentence")
    assert (s["n_units"] > len(corpus)).all()
    with pytest.raises(ParameterError, match="unit='paragraph'"):
        cooccurrence(corpus, terms, unit="paragraph")


# ----------------------------------------------------------------------------- CLI


def test_cli_kwic(tmp_path, capsys):
    folder = tmp_path / "c"
    folder.mkdir()
    for i, (date, text) in enumerate(zip(CORPUS["date"].dt.strftime("%Y-%m-%d"), CORPUS["text"])):
        (folder / f"{i:03d}.txt").write_text(f" date {date} {text}\n", encoding="utf-8")
    terms = tmp_path / "t.toml"
    terms.write_text('[counter]\nterms = ["counter-strike capabilit*", "counter-strike"]\n', encoding="utf-8")
    assert main(["kwic", str(folder), "--terms", str(terms), "--family", "counter", "--width", "10", "-q"]) == 0
    out = pd.read_csv(io.StringIO(capsys.readouterr().out), keep_default_na=False)
    assert list(out.columns) == ["doc_id", "date", "left", "match", "right", "term", "start", "end", "language"]
    assert out["match"].tolist() == ["counterstrike capabilities", "counter-strike"]
    assert main(["kwic", str(folder), "--terms", str(terms), "--family", "nope", "-q"]) == 2
    assert "choose one of: counter" in capsys.readouterr().err


def test_cli_kwic_on_shipped_corpus(capsys):
    assert main(["kwic", str(CORPUS_DIR), "--terms", str(TERMS_FILE), "--family", "counterstrike", "-q"]) == 0
    out = pd.read_csv(io.StringIO(capsys.readouterr().out), keep_default_na=False)
    counts = count_terms(load_corpus(CORPUS_DIR), TERMS_FILE, freq="year")
    assert len(out) == counts.loc[counts["family"] == "counterstrike", "count"].sum() > 0
    assert out["match"].str.lower().str.contains("counter").all()


def test_collocates_top_k_and_bad_values_listed_together():
    from termshift.context import collocates

    corpus = pd.DataFrame({"doc_id": ["a", "b"], "date": pd.to_datetime(["2022-11-30", "2022-12-16"]),
                           "text": ["Japan weighs counterstrike capability now.", "Japan counterstrike plans."]})
    fams = {"counter": ["counterstrike"]}
    full = collocates(corpus, fams, "counter", window=2)
    assert collocates(corpus, fams, "counter", window=2, top_k=2).equals(full.head(2))
    with pytest.raises(ParameterError) as err:
        collocates(corpus, fams, "counter", window=0, top_k=-1)
    assert len(err.value.problems) == 2 and "top_k=-1" in str(err.value)


# ----------------------------------------------------------------------------- issue 11


def test_kwic_offsets_index_the_original_text_when_nfkc_changes_it():
    text = "ＣＯＵＮＴＥＲ-strike ﬁrst, then a counter\u2011strike and cafe\u0301 counterstrike."
    corpus = pd.DataFrame({"doc_id": ["a"], "date": pd.to_datetime(["2022-12-16"]), "text": [text]})
    k = kwic(corpus, {"counter": ["counter-strike"]}, "counter", width=8)
    assert len(k) == 3
    for r in k.itertuples():
        assert text[r.start:r.end] == r.match
        assert text[max(0, r.start - 8):r.start].replace("\n", " ") == r.left
    assert k["match"].tolist() == ["ＣＯＵＮＴＥＲ-strike", "counter\u2011strike", "counterstrike"]
    assert k["start"].tolist()[0] == 0 and k["end"].tolist()[-1] == len(text) - 1


def _naive_collocates(texts, node, window):
    """Loops over token positions: window union, counts, and the matches that reach each word."""
    f, F, near, N, M = {}, {}, {}, 0, 0
    for text in texts:
        toks = text.lower().split()
        N += len(toks)
        nodes = [i for i, t in enumerate(toks) if t == node]
        M += len(nodes)
        reach = {i: {j for j in range(i - window, i + window + 1) if 0 <= j < len(toks) and toks[j] != node}
                 for i in nodes}
        union = set().union(*reach.values()) if reach else set()
        for j, t in enumerate(toks):
            F[t] = F.get(t, 0) + 1
            if j in union:
                f[t] = f.get(t, 0) + 1
        for i in nodes:
            for t in {toks[j] for j in reach[i]}:
                near[t] = near.get(t, 0) + 1
    return {w: (math.log2(f[w] ** 3 * N / (M * F[w])), 14 + math.log2((near[w] + f[w]) / (M + F[w]))) for w in f}


def test_collocates_mi3_and_log_dice_against_loops():
    """M4, M5: MI3 with the node frequency (Oakes 1998; Sketch Engine), logDice at most 14 (Rychlý 2008)."""
    text = "node a b node a"  # M = 2, N = 5; window 1: a twice (both matches reach it), b once (one match)
    c = collocates(pd.DataFrame({"doc_id": ["d"], "date": pd.to_datetime(["2020-01-01"]), "text": [text]}),
                   {"n": ["node"]}, "n", window=1, min_count=1).set_index("term")
    assert c.loc["a", "mi3"] == pytest.approx(math.log2(2 ** 3 * 5 / (2 * 2)))
    assert c.loc["b", "mi3"] == pytest.approx(math.log2(1 * 5 / (2 * 1)))
    assert c.loc["a", "log_dice"] == pytest.approx(14.0)
    assert c.loc["b", "log_dice"] == pytest.approx(14 + math.log2(2 / 3))
    # the case: one node, "the" three times in its window -> 14.585 before, at most 14 now
    one = collocates(pd.DataFrame({"doc_id": ["d"], "date": pd.to_datetime(["2020-01-01"]),
                                   "text": ["node the the the"]}), {"n": ["node"]}, "n", window=5, min_count=1)
    assert one["log_dice"].max() <= 14
    rng = np.random.default_rng(5)
    words = ["node", "x", "y", "z", "w", "v"]
    texts = [" ".join(rng.choice(words, 30, p=[0.2, 0.3, 0.2, 0.1, 0.1, 0.1])) for _ in range(6)]
    corpus = pd.DataFrame({"doc_id": [f"d{i}" for i in range(6)], "date": pd.to_datetime(["2020-01-01"] * 6),
                           "text": texts})
    for window in (1, 3):
        c = collocates(corpus, {"n": ["node"]}, "n", window=window, min_count=1).set_index("term")
        ref = _naive_collocates(texts, "node", window)
        assert sorted(c.index) == sorted(ref)
        for w, (mi3, dice) in ref.items():
            assert (c.loc[w, "mi3"], c.loc[w, "log_dice"]) == pytest.approx((mi3, dice), rel=1e-12)
            assert c.loc[w, "log_dice"] <= 14 + 1e-12
    default = collocates(CORPUS, FAMILIES, "counter", window=2)
    assert (default["count"] >= 3).all()


def test_kwic_and_collocates_show_and_filter_the_language():
    """Issue 22: a language column, and a filter that keeps one language's documents (never pooled by accident)."""
    from termshift.context import collocates, kwic

    corpus = pd.DataFrame({"doc_id": ["en", "ja"], "date": pd.to_datetime(["2022-01-01", "2022-02-01"]),
                           "text": ["Japan weighs a counterstrike capability now.", "政府は反撃能力の保有を決めた。"]})
    terms = {"counter": ["counterstrike capability", "反撃能力"]}
    k = kwic(corpus, terms, "counter")
    assert k[["doc_id", "language"]].values.tolist() == [["en", "en"], ["ja", "ja"]]
    assert kwic(corpus, terms, "counter", language="ja")["doc_id"].tolist() == ["ja"]
    both = collocates(corpus, terms, "counter", min_count=1)
    assert both.attrs["languages"] == ["en", "ja"] and set(both["language"]) == {"en+ja"}
    ja = collocates(corpus, terms, "counter", min_count=1, language="ja")
    assert ja.attrs["languages"] == ["ja"] and ja.attrs["corpus_tokens"] < both.attrs["corpus_tokens"]


def test_cli_kwic_in_language(tmp_path, cli):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("date 2022-01-01 Japan weighs a counterstrike capability now.", encoding="utf-8")
    (folder / "b.txt").write_text("date 2022-02-01 政府は反撃能力の保有を決めた。", encoding="utf-8")
    terms = tmp_path / "t.toml"
    terms.write_text('[counter]\nterms = ["counterstrike capability", "反撃能力"]\n', encoding="utf-8")
    code, out, err = cli(["kwic", folder, "--terms", terms, "--family", "counter", "--in-language", "ja"])
    assert code == 0, err
    table = pd.read_csv(io.StringIO(out))
    assert table["doc_id"].tolist() == ["b.txt"] and table["language"].tolist() == ["ja"]
