"""Near-duplicates in every language: character shingles for CJK text, containment for excerpts.

Each fooling case is written out (a hard-wrapped Japanese reprint under another header, a 60% excerpt, a wire
copy under another byline, two different articles on one topic sharing stock sentences, a one-line text quoted
in a long article), and the fast MinHash path is checked against brute force on random texts in both scripts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from termshift.corpus.copies import COPY_KINDS, japanese_article, labelled_copies
from termshift.corpus.near_duplicates import (
    containment,
    find_near_duplicates,
    jaccard,
    near_duplicate_pairs,
    near_duplicates_of,
    shingle_kind,
    shingles,
)
from termshift.errors import ParameterError

JA = ("防衛省は火曜日、反撃能力の保有について説明した。沖縄では長射程ミサイルをめぐり、与党が3回目の会合を開いた。"
      "政府は年末までに安全保障関連の三文書を改定する方針だ。関係者は九州周辺での共同訓練の動向を注視している。"
      "首相は国会で丁寧に説明すると述べた。世論調査では賛否が分かれている。専門家は転換点になると話した。")
EN = ("Japan's cabinet approved three security documents on Friday that commit the country to acquiring a "
      "counterstrike capability, a sharp break with the exclusively defense-oriented policy it has kept since the "
      "war. Officials said long-range missiles would be deployed from 2026 and that the defense budget would reach "
      "two percent of gross domestic product within five years. Opposition lawmakers said the change had not been "
      "debated in parliament and warned that it could provoke neighbours. Analysts in Tokyo said the decision "
      "reflected growing concern about missile launches by North Korea and China's military build-up.")


def _wrap(text, width):
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


def test_japanese_reprint_hard_wrapped_under_another_header_is_found():
    reprint = "■共同通信配信\n\n" + _wrap(JA, 17)
    found = find_near_duplicates([JA, reprint])
    assert found.duplicate_of == [None, 0]
    assert found.jaccard[1] > 0.8  # the header is a few shingles out of many
    assert shingle_kind(JA) == shingle_kind(reprint) == "chars"
    # split on white space, as words, the two texts would share no shingle at all
    assert not set(JA.split()) & set(reprint.split())


@pytest.mark.parametrize("text", [EN, JA])
def test_an_excerpt_of_sixty_percent_is_a_copy_by_containment_not_by_resemblance(text):
    cut = text[:int(0.6 * len(text))]
    found = find_near_duplicates([text, cut])
    assert found.duplicate_of == [None, 0]
    assert found.jaccard[1] < 0.8 <= found.containment[1]
    assert find_near_duplicates([text, cut], containment=None).duplicate_of == [None, None]


def test_the_earlier_document_is_kept_even_when_it_is_the_excerpt():
    cut = EN[:int(0.6 * len(EN))]
    assert find_near_duplicates([cut, EN]).duplicate_of == [None, 0]


def test_wire_copy_under_another_byline_is_found():
    wire = "By Tim Kelly, Reuters\nTOKYO\n" + EN
    assert find_near_duplicates(["By Mari Yamaguchi, AP\n" + EN, wire]).duplicate_of == [None, 0]


def test_a_short_wire_copy_edited_as_well_falls_under_the_defaults_and_a_lower_containment_finds_it():
    # 100 words, another byline and two edits: about 20 of 100 shingles differ (C ~ 0.8 < 0.875)
    wire = "By Tim Kelly, Reuters\nTOKYO\n" + EN.replace("Friday", "Friday,").replace("sharp", "clear")
    texts = ["By Mari Yamaguchi, AP\n" + EN, wire]
    found = find_near_duplicates(texts)
    assert found.duplicate_of == [None, None]
    assert find_near_duplicates(texts, containment=0.75).duplicate_of == [None, 0]


def test_different_articles_on_one_topic_sharing_stock_sentences_are_kept():
    rng = np.random.default_rng(5)
    articles = [japanese_article(rng) for _ in range(30)]
    assert all(d is None for d in find_near_duplicates(articles).duplicate_of)


def test_a_short_text_quoted_in_a_long_article_is_not_contained_by_default():
    quote = "the exclusively defense-oriented policy it has kept since the war."
    found = find_near_duplicates([quote, EN])
    assert found.duplicate_of == [None, None]
    # every pair a candidate (64 bands of one row): with min_shingles=1 the quote is "contained"
    assert find_near_duplicates([quote, EN], min_shingles=1, bands=64, rows=1).duplicate_of == [None, 0]


def test_measures_by_hand():
    a, b = {1, 2, 3, 4}, {3, 4, 5, 6, 7, 8, 9, 10}
    assert jaccard(a, b) == 2 / 10 and containment(a, b) == 2 / 4
    assert containment(set(), b) == 0.0 == jaccard(set(), set())


def _naive(texts, threshold, contain, min_shingles):
    sets = [set(shingles(t).tolist()) for t in texts]
    out = []
    for i in range(len(texts)):
        first = None
        for j in range(i):
            inter = len(sets[i] & sets[j])
            if not inter:
                continue
            small = min(len(sets[i]), len(sets[j]))
            if inter / (len(sets[i]) + len(sets[j]) - inter) >= threshold or (small >= min_shingles
                                                                             and inter / small >= contain):
                first = j
                break
        out.append(first)
    return out


_WORDS = st.lists(st.sampled_from("a b c d e f".split()), max_size=30).map(" ".join)
_KANA = st.lists(st.sampled_from(list("あいうえお反撃能力")), max_size=40).map("".join)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(_WORDS, _KANA), min_size=1, max_size=10), st.sampled_from([0.3, 0.6, 0.9]),
       st.sampled_from([0.5, 0.8, 1.0]), st.sampled_from([1, 3]))
def test_fast_path_agrees_with_brute_force_in_both_scripts(texts, threshold, contain, min_shingles):
    # 64 bands of one row: every pair sharing a shingle is a candidate, so the result must be exact
    found = find_near_duplicates(texts, threshold, containment=contain, min_shingles=min_shingles, bands=64, rows=1)
    assert found.duplicate_of == _naive(texts, threshold, contain, min_shingles)


def test_labelled_set_every_copy_found_no_original_dropped():
    frame = labelled_copies(40, random_state=3)
    dup = find_near_duplicates(frame["text"].tolist()).duplicate_of
    is_copy = frame["copy_of"].notna()
    assert all(d is not None for d, c in zip(dup, is_copy) if c)
    assert all(d is None for d, c in zip(dup, is_copy) if not c)
    # each copy points at its own original (the earliest of its group)
    ids = frame["doc_id"].tolist()
    assert [ids[d] for d, c in zip(dup, is_copy) if c] == frame.loc[is_copy, "copy_of"].tolist()
    assert set(frame["kind"]) == {"original", "quoting", *COPY_KINDS}


def test_pairs_table_lists_both_measures_and_series_align():
    frame = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": [EN, JA, EN[:int(0.6 * len(EN))]]})
    pairs = near_duplicate_pairs(frame)
    assert pairs[["doc_id", "duplicate_of"]].values.tolist() == [["c", "a"]]
    assert pairs["containment"].iloc[0] >= 0.8 > pairs["jaccard"].iloc[0]
    dup, sim, con = near_duplicates_of(frame)
    assert dup.tolist() == [None, None, "a"] and sim.iloc[2] == pairs["jaccard"].iloc[0]


def test_bad_settings_are_listed_together():
    with pytest.raises(ParameterError) as err:
        find_near_duplicates(["a"], threshold=0, containment=1.5)
    assert len(err.value.problems) == 2


def test_seed_is_a_deprecated_alias_with_the_same_result():
    texts = [EN, EN + " More.", JA]
    with pytest.warns(FutureWarning):
        old = find_near_duplicates(texts, seed=4)
    assert old == find_near_duplicates(texts, random_state=4)


def test_deterministic_across_calls():
    frame = labelled_copies(20, random_state=9)
    runs = [find_near_duplicates(frame["text"].tolist(), random_state=2) for _ in range(2)]
    assert runs[0] == runs[1]
