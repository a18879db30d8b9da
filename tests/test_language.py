"""termshift.language: detecting Japanese, counting CJK characters, joining hard-wrapped Japanese lines."""

import pytest

from termshift.errors import ParameterError
from termshift.language import check_language, count_cjk, detect_language, is_cjk, join_cjk_lines


@pytest.mark.parametrize("text,expected", [
    ("反撃能力を保有することを決めた", "ja"),
    ("Counterstrike capability was discussed", "en"),
    ("The cabinet adopted 反撃能力 (counterstrike capability) in a long English sentence about policy", "en"),
    ("政府は反撃能力 (counterstrike) の保有を決めた", "ja"),
    ("", "en"),
])
def test_detect_language(text, expected):
    assert detect_language(text) == expected


def test_count_cjk_against_a_naive_count():
    for text in ("反撃abc能力", "敵基地攻撃能力。カタカナ、ひらがな", "no cjk at all", "ＡＢＣ"):
        assert count_cjk(text) == sum(is_cjk(c) for c in text)
    assert is_cjk("反") and is_cjk("カ") and is_cjk("ー")
    assert not is_cjk("a") and not is_cjk("。")  # punctuation is not a CJK letter


def test_join_cjk_lines_only_between_cjk_characters():
    assert join_cjk_lines("敵基地\n攻撃能力。\n\n専守防衛") == "敵基地攻撃能力。\n\n専守防衛"
    assert join_cjk_lines("反撃\n能力 and\nmore") == "反撃能力 and\nmore"  # a break next to Latin stays
    assert join_cjk_lines("plain\nEnglish") == "plain\nEnglish"


def test_check_language():
    assert check_language("ja") == "ja" and check_language(None) is None
    for bad in (5, "JA"):
        with pytest.raises(ParameterError, match="give a language code such as 'ja' or 'en'"):
            check_language(bad)
