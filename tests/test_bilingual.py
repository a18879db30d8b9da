"""termshift.bilingual: the seeded bilingual corpus (its planted counts are what the counter finds) and
half-width katakana."""

import unicodedata

from termshift.bilingual import synthetic_bilingual, to_halfwidth
from termshift.counts import document_counts
from termshift.examples import example_terms


def test_halfwidth_katakana_by_hand_and_nfkc_undoes_it():
    assert to_halfwidth("トマホークとミサイル") == "ﾄﾏﾎｰｸとﾐｻｲﾙ"  # hiragana と stays
    for text in ("ガイドライン", "反撃能力 ABC", "パトリオット"):
        assert unicodedata.normalize("NFKC", to_halfwidth(text)) == text


def test_same_seed_same_corpus_and_the_planted_counts_are_found():
    corpus = synthetic_bilingual(n_docs=40, random_state=3)
    assert corpus.equals(synthetic_bilingual(n_docs=40, random_state=3))
    assert not corpus["text"].equals(synthetic_bilingual(n_docs=40, random_state=4)["text"])
    assert set(corpus["language"]) == {"ja", "en"}
    counts = document_counts(corpus, example_terms())
    for family in ("enemy_base", "counterstrike", "exclusive_defense"):
        assert counts[family].tolist() == corpus[f"planted_{family}"].tolist(), family
