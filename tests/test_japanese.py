"""Japanese text and bilingual term families (issue 9): language, tokens, matching, data, figures, end to end."""

import io
import json
import re
import warnings

import numpy as np
import pandas as pd
import pytest

from termshift import count_terms, from_frame, load_corpus, load_terms
from termshift.bilingual import synthetic_bilingual, to_halfwidth, write_synthetic_bilingual
from termshift.errors import ParameterError, TermsError
from termshift.language import detect_language, is_cjk, join_cjk_lines
from termshift.matching import Matcher
from termshift.paths import TERMS_FILE
from termshift.terms import TermSet
from termshift.tokens import clear_token_cache, count_tokens, token_spans, tokenize

NEWS = ("政府は16日、国家安全保障戦略など安保関連3文書を閣議決定した。相手のミサイル発射拠点などを\n"
        "たたく反撃能力（敵基地攻撃能力）の保有を明記し、戦後の安保政策を大きく転換する。\n"
        "専守防衛の考え方は変わらないと説明した。")


def count(terms, text):
    """Family counts of ``text`` (normalised first, as the loader does)."""
    return Matcher(TermSet.from_dict(terms)).count_many([text], progress=False)[0][0].tolist()


def found(terms, text):
    return [m.text for m in Matcher(TermSet.from_dict(terms)).find(text)]


# Language ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, lang", [
    (NEWS, "ja"),
    ("Japan adopted a counterstrike capability (反撃能力) in December.", "en"),
    ("中华人民共和国国防部发言人表示反对任何形式的军事挑衅", "en"),  # Han only: Chinese, not Japanese
    ("反撃能力", "ja"),  # a short kanji-only term or headline
    ("", "en"),
    ("ｶｳﾝﾀｰｽﾄﾗｲｸ", "ja"),  # half-width katakana
])
def test_detect_language(text, lang):
    assert detect_language(text) == lang
    assert detect_language(text, default="xx") == (lang if lang == "ja" else "xx")


def test_is_cjk():
    assert all(is_cjk(c) for c in "反撃かなカナー々")
    assert not any(is_cjk(c) for c in "、。「」・a1 ")


def test_count_cjk_equals_the_class_on_every_character():
    """The array count (a BMP table, astral characters one by one) against the regular expression."""
    import sys

    from termshift.language import CJK_CLASS, count_cjk

    every = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i < 0xE000)
    pattern = re.compile(f"[{CJK_CLASS}]")
    assert count_cjk(every) == len(pattern.findall(every)) > 90_000
    for piece in ("", "abc", "— x", "反撃\U00020000カ", "\U0001b000a\u3005"):
        assert count_cjk(piece) == len(pattern.findall(piece))


def test_every_document_gets_a_language_recorded_and_overridable(tmp_path):
    frame = pd.DataFrame({"date": ["2022-12-16", "2022-12-17"], "text": [NEWS, "Counterstrike capability."]})
    df = from_frame(frame)
    assert df["language"].tolist() == ["ja", "en"]
    assert df.attrs["termshift.language"] == {"language": "detected", "documents": {"en": 1, "ja": 1}}
    assert from_frame(frame, language="ja")["language"].tolist() == ["ja", "ja"]
    with pytest.raises(ParameterError, match="language"):
        from_frame(frame, language="Japanese")
    (tmp_path / "a.txt").write_text(f"date 2022-12-16\n{NEWS}\n", encoding="utf-8")
    assert load_corpus(tmp_path)["language"].tolist() == ["ja"]
    assert load_corpus(tmp_path, language="en")["language"].tolist() == ["en"]
    # a table's own "language" column is kept, renamed
    got = from_frame(frame.assign(language=["Japanese", "English"]))
    assert got["meta_language"].tolist() == ["Japanese", "English"] and got["language"].tolist() == ["ja", "en"]


def test_cli_language_option(tmp_path, cli):
    from termshift.cli.args import Parser, add_corpus_args, load_corpus_arg

    (tmp_path / "a.txt").write_text(f"date 2022-12-16\n{NEWS}\n", encoding="utf-8")
    p = Parser(prog="t")
    add_corpus_args(p)
    assert load_corpus_arg(p.parse_args([str(tmp_path), "--language", "en", "-q"]))["language"].tolist() == ["en"]
    assert load_corpus_arg(p.parse_args([str(tmp_path), "-q"]))["language"].tolist() == ["ja"]
    code, _, err = cli(["count", tmp_path, "--terms", TERMS_FILE, "--language", "Japanese"])
    assert code == 2 and "language" in err


def test_language_override_reaches_the_token_totals(tmp_path, cli):
    (tmp_path / "a.txt").write_text(f"date 2022-12-16\n{NEWS}\n", encoding="utf-8")
    code, out, err = cli(["count", tmp_path, "--terms", TERMS_FILE, "--language", "en", "-q"])
    assert code == 0, err
    en_tokens = pd.read_csv(io.StringIO(out))["n_tokens"].iloc[0]
    code, out, err = cli(["count", tmp_path, "--terms", TERMS_FILE, "-q"])
    ja_tokens = pd.read_csv(io.StringIO(out))["n_tokens"].iloc[0]
    assert en_tokens == count_tokens(NEWS, language="en") < ja_tokens == count_tokens(NEWS)


# Tokens ------------------------------------------------------------------------------------------------


def test_japanese_is_segmented_into_words():
    assert tokenize("政府は反撃能力の保有を決めた。") == ["政府", "は", "反撃", "能力", "の", "保有", "を", "決め", "た"]
    toks = tokenize(NEWS)
    assert "。" not in toks and "（" not in toks  # punctuation is not a token
    assert count_tokens(NEWS) == len(toks)
    assert 50 < len(toks) < 120  # about one word per two characters
    # English keeps its rule, even inside the same call
    assert tokenize("Japan's counter-strike") == ["japan's", "counter", "strike"]
    assert tokenize("政府は反撃能力", language="en") == ["政府は反撃能力"]


def test_hard_wrapped_lines_and_halfwidth_katakana_tokens():
    assert tokenize("反撃\n能力") == tokenize("反撃能力") == ["反撃", "能力"]
    assert tokenize("ﾄﾏﾎｰｸを購入") == ["トマホーク", "を", "購入"]
    text = "政府は反撃\n能力を、\n専守防衛と両立させる。"
    starts, ends, toks = token_spans(text)
    assert len(toks) == count_tokens(text) == len(tokenize(text))
    for s, e, tok in zip(starts, ends, toks):
        assert text[s:e].replace("\n", "") == tok


def test_japanese_token_totals_are_remembered(monkeypatch):
    from termshift import tokens

    clear_token_cache()
    n = count_tokens(NEWS)
    calls = []
    monkeypatch.setattr(tokens, "_tagger", lambda wakati: calls.append(wakati))
    assert count_tokens(NEWS) == n and calls == []  # from the cache, no segmentation
    clear_token_cache()


def test_count_many_uses_the_analyser_for_japanese_documents():
    m = Matcher(TermSet.from_dict({"c": ["反撃能力"]}))
    fam, _, tok = m.count_many([NEWS, "A counterstrike capability."], progress=False)
    assert fam[:, 0].tolist() == [1, 0]
    assert tok.tolist() == [count_tokens(NEWS), 3]
    _, _, tok_en = m.count_many([NEWS], languages=["en"], progress=False)
    assert tok_en[0] == count_tokens(NEWS, language="en")
    with pytest.raises(ParameterError, match="one per text"):
        m.count_many([NEWS], languages=["ja", "en"])


# Matching rules for CJK ---------------------------------------------------------------------------------


def test_cjk_edges_need_no_word_boundary():
    assert count({"c": ["反撃能力"]}, "反撃能力を保有し、反撃能力保有へ。新反撃能力") == [3]
    assert found({"c": ["反撃能力"]}, "反撃能力を") == ["反撃能力"]


def test_latin_edges_keep_the_whole_word_rule_and_a_cjk_neighbour_is_a_boundary():
    assert count({"n": ["NATO"]}, "NATO加盟国とNATOs、NATOの") == [2]
    assert count({"d": ["deter*"]}, "deterrence抑止") == [1]
    assert found({"d": ["deter*"]}, "deterrence抑止") == ["deterrence"]  # '*' takes no CJK character


def test_cjk_line_break_is_not_a_separator():
    text = "敵基地\n攻撃能力と反撃 \n 能力、専守\n\n防衛。反撃\n力"
    assert count({"e": ["敵基地攻撃能力"], "c": ["反撃能力"], "s": ["専守防衛"]}, text) == [1, 1, 0]
    hits = Matcher(TermSet.from_dict({"c": ["反撃能力"]})).find(text)
    assert [(h.text, text[h.start:h.end]) for h in hits] == [("反撃 \n 能力", "反撃 \n 能力")]
    assert join_cjk_lines(hits[0].text) == "反撃能力"  # what KWIC shows
    # a break next to Latin letters or punctuation stays a separator
    assert count({"f": ["ab"]}, "a\nb") == [0]


def test_cjk_line_breaks_equal_the_regular_expression_on_random_text():
    """The break finder (one step per line break) against the definition: a lookbehind regex."""
    from termshift.language import CJK_CLASS, cjk_line_breaks

    definition = re.compile(f"(?<=[{CJK_CLASS}])[^\\S\\n]*\\n[^\\S\\n]*(?=[{CJK_CLASS}])")
    rng = np.random.default_rng(7)
    alphabet = list("反撃能力カーa1、 \t\u3000\u00a0\n\n\r")
    for _ in range(3000):
        text = "".join(rng.choice(alphabet, rng.integers(0, 14)))
        assert cjk_line_breaks(text) == [m.span() for m in definition.finditer(text)], repr(text)
        assert join_cjk_lines(text) == definition.sub("", text), repr(text)


def test_nfkc_halfwidth_katakana():
    assert count({"k": ["カウンター"]}, "ｶｳﾝﾀｰ攻撃") == [1]
    assert count({"k": ["ｶｳﾝﾀｰ"]}, "カウンター") == [1]
    assert to_halfwidth("カウンター") == "ｶｳﾝﾀｰ"


def test_longest_match_within_a_family_and_independent_families():
    terms = {"enemy_base": ["敵基地攻撃", "敵基地攻撃能力"], "attack": ["攻撃能力"]}
    assert count(terms, "敵基地攻撃能力の保有") == [1, 1]
    m = Matcher(TermSet.from_dict(terms))
    assert [(h.family, h.term) for h in m.find("敵基地攻撃能力")] == [("enemy_base", "敵基地攻撃能力"),
                                                                     ("attack", "攻撃能力")]


def test_star_after_a_cjk_character_is_refused():
    with pytest.raises(TermsError, match="Japanese character"):
        TermSet.from_dict({"d": ["抑止*"]})


# Term families -----------------------------------------------------------------------------------------


def test_shipped_families_are_bilingual_and_the_two_copies_identical():
    from termshift.datasets import example_file

    assert TERMS_FILE.read_bytes() == example_file("framing_terms.toml").read_bytes()
    ts = load_terms(TERMS_FILE)
    assert ts.labels_ja == {"preemptive": "先制攻撃", "counterstrike": "反撃能力", "enemy_base": "敵基地攻撃能力",
                            "exclusive_defense": "専守防衛", "self_defense": "自衛", "deterrence": "抑止",
                            "ldp_2017": "敵基地反撃能力",
                            "standoff": "スタンド・オフ防衛能力", "strike_capability": "打撃力", "negation": "否定"}
    for fid in ts:
        assert any(is_cjk(c) for t in ts[fid].terms for c in t), fid
    from termshift.rules import RuleMatcher  # the file has rules (exclude, unless): counted by them

    m = RuleMatcher(ts)
    got = dict(zip(m.columns, m.count_text(
        "自衛隊は集団的自衛権と自衛のための措置を議論。抑止力を高め、抑止する。敵基地攻撃能力と敵基地。先制攻撃。")[0]))
    # 自衛隊 (the Self-Defense Forces) is excluded from self-defense; 集団的自衛権 counts once
    assert {f: got[f] for f in ts} == {"preemptive": 1, "counterstrike": 0, "enemy_base": 2, "exclusive_defense": 0,
                                       "self_defense": 2, "deterrence": 2, "ldp_2017": 0,
                                       "standoff": 0, "strike_capability": 0, "negation": 0}


def test_label_ja_is_kept_and_checked():
    ts = TermSet.from_dict({"c": {"label": "Counterstrike", "label_ja": "反撃能力", "terms": ["反撃能力"]}})
    assert ts["c"].label_ja == "反撃能力" and ts.to_dict()["c"]["label_ja"] == "反撃能力"
    assert TermSet.from_dict(ts.to_dict())["c"].label_ja == "反撃能力"
    with pytest.raises(TermsError, match="label_ja"):
        TermSet.from_dict({"c": {"label_ja": "", "terms": ["x"]}})


# Loader: CP932 -----------------------------------------------------------------------------------------


def test_cp932_news_with_cp932_only_characters_loads(tmp_path):
    body = ("①防衛省は㈱三菱重工業と長射程ミサイルの量産契約を結んだ。②反撃能力の中核となる。\n"
            "関係者は「専守防衛の範囲内だ」と述べた。髙橋氏は～と話した。")
    (tmp_path / "a.txt").write_bytes(f"date 2023-04-11\n{body}\n".encode("cp932"))
    df, report = load_corpus(tmp_path, return_report=True)
    assert df["encoding"].iloc[0].lower().replace("_", "") in {"cp932", "shiftjis", "mskanji", "windows31j"}
    assert df["language"].iloc[0] == "ja"
    text = df["text"].iloc[0]
    assert "1防衛省は(株)三菱重工業" in text  # NFKC: ① -> 1, ㈱ -> (株)
    assert "髙橋" in text and "専守防衛" in text
    got = count_terms(df, TERMS_FILE, freq="month").set_index("family")["count"]
    assert got["counterstrike"] == 1 and got["exclusive_defense"] == 1


# Figures -----------------------------------------------------------------------------------------------


def test_style_draws_japanese_without_missing_glyphs():
    import matplotlib.pyplot as plt

    from termshift.style import CJK_FONT, register_cjk_font, subplots, use_style

    assert register_cjk_font() is not None
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)"
        with use_style():
            fig, ax = subplots()
            ax.set_title("反撃能力 vs 敵基地攻撃能力 (ｶｳﾝﾀｰ)")
            ax.set_xlabel("Counterstrike capability")
            fig.savefig(io.BytesIO(), format="png")
            assert CJK_FONT in [f for f in __import__("matplotlib").rcParams["font.family"]]
        plt.close(fig)


# Synthetic bilingual corpus and the end-to-end check -----------------------------------------------------


def test_synthetic_bilingual_is_labelled_seeded_and_counted_exactly():
    df = synthetic_bilingual(n_docs=120, random_state=3)
    assert df.equals(synthetic_bilingual(n_docs=120, random_state=3))
    assert df["text"].str.startswith("[SYNTHETIC]").all() and df["doc_id"].str.startswith("synthetic/").all()
    assert (df["language"] == df["planted_language"]).all()
    assert 0.5 < (df["language"] == "ja").mean() < 0.9
    dc = __import__("termshift").document_counts(df, TERMS_FILE)
    for fid in ("enemy_base", "counterstrike", "exclusive_defense"):
        assert dc[fid].tolist() == df[f"planted_{fid}"].astype(int).tolist(), fid
    assert synthetic_bilingual(n_docs=5, language="ja")["language"].eq("ja").all()
    assert synthetic_bilingual(n_docs=5, language="en")["language"].eq("en").all()
    with pytest.raises(ParameterError, match="language"):
        synthetic_bilingual(language="fr")


def test_end_to_end_hidden_style_bilingual_corpus(tmp_path, cli):
    """Seed-format folder, mostly Japanese, hard-wrapped, half-width katakana, some files in CP932."""
    folder = write_synthetic_bilingual(tmp_path / "c", n_docs=160, cp932_share=0.3, random_state=11,
                                       ja_share=0.8, wrap=17, halfwidth_noise=0.3)
    truth = synthetic_bilingual(n_docs=160, random_state=11, ja_share=0.8, wrap=17, halfwidth_noise=0.3)
    # hard-wrapped: some term is cut by a line break in the files
    texts = [p.read_bytes() for p in folder.rglob("*.txt")]
    utf8 = [t.decode("utf-8") for t in texts if t.startswith(b"date") and _is_utf8(t)]
    assert any(re.search("[\uff66-\uff9f]", t) for t in utf8)  # half-width katakana in the files
    assert any(b"\xe5\x8f\x8d\xe6\x92\x83\n" in t for t in texts) or any("反撃\n".encode("cp932") in t for t in texts)
    # counted exactly by `termshift count`
    code, out, err = cli(["count", folder, "--terms", TERMS_FILE, "--freq", "year", "-q"])
    assert code == 0, err
    table = pd.read_csv(io.StringIO(out))
    got = table.groupby("family")["count"].sum()
    for fid in ("enemy_base", "counterstrike", "exclusive_defense"):
        assert got[fid] == truth[f"planted_{fid}"].astype(int).sum(), fid
    # Japanese segmented into words: token totals of the right order (about one word per 2 characters)
    corpus = load_corpus(folder)
    ja = corpus[corpus["language"] == "ja"]
    assert len(ja) > 100
    chars = ja["text"].str.replace(r"\s", "", regex=True).str.len().sum()
    n_tok = sum(count_tokens(t) for t in ja["text"])
    assert 0.3 * chars < n_tok < 0.8 * chars
    per_year = table.drop_duplicates("period")["n_tokens"].sum()
    assert per_year == n_tok + sum(count_tokens(t) for t in corpus[corpus["language"] != "ja"]["text"])
    # `termshift shift` finds the planted change (2022-06-01)
    code, out, err = cli(["shift", folder, "--terms", TERMS_FILE, "--a", "counterstrike", "--b", "enemy_base",
                          "--freq", "month", "--n-perm", "99", "--n-boot", "20", "-q"])
    assert code == 0, err
    result = json.loads(out)
    change = pd.Period(str(result.get("change_period", result.get("period"))), "M")
    assert abs((change - pd.Period("2022-06", "M")).n) <= 2, result
    assert np.isfinite(float(result.get("p_value", 0.0)))


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_kwic_shows_hard_wrapped_japanese_joined():
    from termshift import kwic

    text = "政府は反撃\n能力の保有を決めた。専守防衛は\n変わらない。"
    corpus = pd.DataFrame({"doc_id": ["a"], "date": pd.to_datetime(["2022-12-16"]), "text": [text]})
    k = kwic(corpus, {"counter": ["反撃能力"]}, "counter", width=8)
    assert k["match"].tolist() == ["反撃能力"]
    assert text[k["start"][0]:k["end"][0]] == "反撃\n能力"  # offsets index the text as written
    assert k["right"][0].startswith("の保有を決めた")


# Normalised forms (TF-IDF and keyness option) ---------------------------------------------------------


def test_normalized_tokens_are_unidic_lemmas_of_the_same_tokens():
    text = "与党は方針を決めている。政府は保有を決める。カウンタとｶｳﾝﾀｰを置いた。防衛費を増やさない。"
    plain, lemmas = tokenize(text), tokenize(text, normalize=True)
    assert len(plain) == len(lemmas) == count_tokens(text)  # one lemma per token: totals unchanged
    changed = {(p, lem) for p, lem in zip(plain, lemmas) if p != lem}
    assert changed == {("決め", "決める"), ("いる", "居る"), ("カウンタ", "カウンター"), ("置い", "置く"),
                       ("増やさ", "増やす")}
    assert "-" not in "".join(lemmas)  # UniDic's gloss (カウンター-counter) dropped
    # unknown words and numbers keep their (case-folded) surface; other text is not normalised
    assert tokenize("NHKは2022年に報じた", normalize=True)[:3] == ["nhk", "は", "2022"]
    assert tokenize("Japan's counterstrikes decided", normalize=True) == ["japan's", "counterstrikes", "decided"]


def test_normalized_tokens_keep_count_on_the_synthetic_corpus():
    import fugashi

    from termshift.language import join_cjk_lines
    from termshift.tokens import nfkc

    tagger = fugashi.Tagger()

    def lemmas(text):  # independently: every analyser word's own features, no memo, no pieces (short texts)
        out = []
        for w in tagger(join_cjk_lines(nfkc(text))):
            if re.search(r"[^\W_]", w.surface):
                lemma = w.feature.lemma
                out.append(nfkc(lemma.split("-")[0]).casefold() if lemma else w.surface.casefold())
        return out

    df = synthetic_bilingual(n_docs=60, language="ja", random_state=4)
    for text in df["text"]:
        assert len(tokenize(text, "ja", normalize=True)) == len(tokenize(text, "ja")) == count_tokens(text, "ja")
        assert tokenize(text, "ja", normalize=True) == lemmas(text)


def reference_count(text):
    """Japanese token total by the written rule, independently: the analyser's words, punctuation removed."""
    import fugashi

    from termshift.language import join_cjk_lines
    from termshift.tokens import nfkc

    tagger = fugashi.Tagger("-Owakati")
    text = join_cjk_lines(nfkc(text))
    total, a = 0, 0
    while a < len(text):  # the same pieces termshift gives the analyser
        b = min(len(text), a + 2000)
        if b < len(text):
            cut = max(text.rfind("\n", a, b), text.rfind("。", a, b))
            b = cut + 1 if cut > a else b
        total += len(re.sub(r"[^\w\s]+|_+", "", tagger.parse(text[a:b])).split())
        a = b
    return total


def test_japanese_token_totals_equal_the_written_rule():
    clear_token_cache()
    df = synthetic_bilingual(n_docs=80, language="ja", random_state=11)
    texts = list(df["text"]) + [
        NEWS, "。、「」", "＿＿反撃能力＿", "反撃_能力", "〓〓の記事", "",
        "\n".join(df["text"]) * 3,  # longer than one piece
    ]
    for text in texts:
        assert count_tokens(text, "ja") == reference_count(text) == len(tokenize(text, "ja")), text[:40]
    clear_token_cache()


def test_keyness_and_tfidf_read_the_language_column():
    """--language / language= reaches every word statistic, not only the rate denominators."""
    from termshift import from_frame, tfidf_by_period
    from termshift.keyness import keyness

    frame = pd.DataFrame({"date": ["2021-05-01", "2023-05-01"], "text": [NEWS, NEWS]})
    as_ja = from_frame(frame)
    as_en = from_frame(frame, language="en")
    assert set(as_ja["language"]) == {"ja"} and set(as_en["language"]) == {"en"}
    ja_words = set(tfidf_by_period(as_ja, top_k=None, stop_words=None)["term"])
    en_words = set(tfidf_by_period(as_en, top_k=None, stop_words=None)["term"])
    assert ja_words == set(tokenize(NEWS, language="ja")) and en_words == set(tokenize(NEWS, language="en"))
    assert keyness(as_en, "2022-01-01").attrs["n_a"] == count_tokens(NEWS, language="en")
    assert keyness(as_ja, "2022-01-01").attrs["n_a"] == count_tokens(NEWS, language="ja")
