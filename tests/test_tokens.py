"""termshift.tokens: what a word is (one rule for counts, rates, keyness and TF-IDF), against naive references."""

import re

import pytest

from termshift.tokens import count_tokens, nfkc, token_spans, token_starts, tokenize

TEXTS = [
    "The U.S. pre-emptive strike, 2022: it's done!",
    "  Counterstrike   capability\n\nwas discussed.  ",
    "Café owners' union -- élan vital, naïve 3.5%",
    "",
]


def test_english_words_by_hand():
    assert tokenize(TEXTS[0]) == ["the", "u", "s", "pre", "emptive", "strike", "2022", "it's", "done"]
    assert tokenize("") == [] and count_tokens("") == 0


@pytest.mark.parametrize("text", TEXTS)
def test_counts_spans_and_starts_agree_with_the_tokens(text):
    tokens = tokenize(text, "en")
    assert count_tokens(text, "en") == len(tokens)
    starts, ends, words = token_spans(text, "en")
    assert words == tokens
    assert [text[a:b].casefold() for a, b in zip(starts, ends)] == tokens  # each span is its word, as written
    assert token_starts(text).tolist() == starts.tolist()
    naive = [w.casefold() for w in re.findall(r"\w+(?:'\w+)*", text)]  # a word: letters/digits, inner apostrophes
    assert tokens == naive


def test_japanese_is_segmented_into_words():
    assert tokenize("反撃能力を保有する", "ja") == ["反撃", "能力", "を", "保有", "する"]
    assert count_tokens("反撃能力を保有する", "ja") == 5
    # a Japanese text is not one word per character, nor one word per run of kanji
    assert 1 < count_tokens("敵基地攻撃能力の保有を決めた", "ja") < len("敵基地攻撃能力の保有を決めた")


def test_nfkc_folds_full_width_forms():
    assert nfkc("ＡＢＣ１２３") == "ABC123"
    assert tokenize(nfkc("ＡＢＣ１２３ strike")) == ["abc123", "strike"]
    assert count_tokens("ＡＢＣ１２３ strike") == 2  # full-width letters and digits make one word, as half-width
