"""Sentences and paragraphs (termshift.sentences): the rule, its limits, and a naive reference."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from termshift.language import is_cjk
from termshift.sentences import paragraph_spans, sentence_spans, split_paragraphs, split_sentences


def test_english_ends_at_punctuation_followed_by_whitespace():
    assert split_sentences("Not a strike. Is it?  Yes!\nNo") == ["Not a strike.", "Is it?", "Yes!", "No"]
    assert split_sentences("First line\nwrapped") == ["First line\nwrapped"]


def test_decimal_and_closing_quote_do_not_end_a_sentence():
    assert split_sentences("It costs 3.5 billion. Next") == ["It costs 3.5 billion.", "Next"]
    assert split_sentences('He said "no." Then left.') == ['He said "no." Then left.']


def test_abbreviations_are_cut_a_documented_limit():
    assert split_sentences("Mr. Abe spoke. The U.S. agreed.") == ["Mr.", "Abe spoke.", "The U.S.", "agreed."]


def test_japanese_ends_at_full_stops_with_or_without_nfkc():
    assert split_sentences("反撃能力を持つ。先制攻撃は許されない！本当か？はい") == [
        "反撃能力を持つ。", "先制攻撃は許されない！", "本当か？", "はい"]
    # the loader's NFKC makes ！ and ？ ASCII: next to a Japanese character they still end a sentence
    assert split_sentences("許されない!本当か?はい") == ["許されない!", "本当か?", "はい"]


def test_blank_line_ends_a_sentence_and_a_paragraph():
    text = "A heading\n\nFirst line\nwrapped. Second.\n \t\nLast"
    assert split_sentences(text) == ["A heading", "First line\nwrapped.", "Second.", "Last"]
    assert split_paragraphs(text) == ["A heading", "First line\nwrapped. Second.", "Last"]


def test_spans_point_into_the_text():
    text = "  One.  Two!\n\n三。 "
    starts, ends = sentence_spans(text)
    assert [text[a:b] for a, b in zip(starts, ends)] == ["One.", "Two!", "三。"]
    assert sentence_spans("   ")[0].tolist() == [] and paragraph_spans("")[0].tolist() == []


# A naive reference: the rule written out character by character -------------------------------


def naive_sentences(text):
    out, cur = [], ""
    i = 0
    while i < len(text):
        c = text[i]
        nxt = text[i + 1] if i + 1 < len(text) else ""
        prev = text[i - 1] if i else ""
        if c == "\n" and re.match(r"\n[^\S\n]*\n", text[i:]):
            out.append(cur)
            cur = ""
            i += re.match(r"\n[^\S\n]*\n", text[i:]).end()
            continue
        cur += c
        if (c in ".!?" and (nxt == "" or nxt.isspace())) or c in "。！？｡" or (
                c in "!?" and ((prev and is_cjk(prev)) or (nxt and is_cjk(nxt)))):
            out.append(cur)
            cur = ""
        i += 1
    out.append(cur)
    return [s.strip() for s in out if s.strip()]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "Mr", ".", "!", "?", " ", "\n", "\n\n", "\n \n", "反撃", "。", "！", "3.5",
                                 "\t", "\"", ")"]), max_size=25))
def test_sentences_equal_a_naive_reference(parts):
    text = "".join(parts)
    assert split_sentences(text) == naive_sentences(text)
    for s in split_paragraphs(text):
        assert not re.search(r"\n[^\S\n]*\n", s)
