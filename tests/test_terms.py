"""Term-family files: loading, validation errors that name the family."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from termshift import TermsError, TermSet, load_terms
from termshift.paths import TERMS_FILE
from termshift.terms import normalize_term, parse_term, term_pattern


def test_shipped_families_cover_the_study():
    ts = load_terms(TERMS_FILE)
    assert list(ts) == ["preemptive", "counterstrike", "enemy_base", "exclusive_defense", "self_defense",
                        "deterrence", "ldp_2017", "standoff", "strike_capability", "negation"]
    assert ts["counterstrike"].label == "Counterstrike capability"
    # the issue's minimum vocabulary is present
    norm = {f: {normalize_term(t) for t in ts[f].terms} for f in ts}
    assert {"pre-emptive", "pre-emption"} <= norm["preemptive"]
    assert {"counter-strike", "counterattack capabilit*"} <= norm["counterstrike"]
    assert "senshu boei" in norm["exclusive_defense"]
    assert "exclusive defence-oriented policy" in norm["exclusive_defense"]


def test_toml_example_from_the_issue(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text('[counterstrike]\nlabel = "Counterstrike capability"\n'
                    'terms = ["counter-strike capabilit*", "counter-strike", "counterattack capabilit*"]\n')
    ts = load_terms(path)
    assert ts["counterstrike"].terms == ("counter-strike capabilit*", "counter-strike", "counterattack capabilit*")
    assert ts.source == str(path)


def test_label_defaults_to_id():
    assert TermSet.from_dict({"deter": ["deter*"]})["deter"].label == "deter"


@pytest.mark.parametrize("toml,needle", [
    ('[a]\nterms = []\n', "family 'a': empty family"),
    ('[a]\nlabel = "A"\n', "family 'a': no 'terms' list"),
    ('[a]\nterms = "x"\n', "family 'a': 'terms' must be a list"),
    ('[a]\nterm = ["x"]\nterms = ["y"]\n', "family 'a': unknown key(s) term"),
    ('[a]\nterms = ["*"]\n', "family 'a': term '*' can never match"),
    ('[a]\nterms = ["--"]\n', "family 'a': term '--' can never match: it has no letter or digit"),
    ('[a]\nterms = ["pre-"]\n', "family 'a': term 'pre-' can never match"),
    ('[a]\nterms = ["coun*ter"]\n', "'*' inside a word"),
    ('[a]\nterms = ["  "]\n', "family 'a': term '  ' can never match: it is blank"),
    ('[a]\nterms = [3]\n', "family 'a': term 1 (3) is not a string"),
    ('[a]\nterms = ["Pre-emptive", "pre-emptive"]\n', "repeats 'Pre-emptive'"),
    ('a = 3\n', "family 'a': is not a table"),
    ('[a\nterms = ["x"]\n', "not valid TOML"),
    ('', "no families"),
])
def test_bad_files_name_the_family_and_the_fix(tmp_path, toml, needle):
    path = tmp_path / "t.toml"
    path.write_text(toml)
    with pytest.raises(TermsError) as info:
        load_terms(path)
    assert needle in str(info.value)


def test_all_problems_reported_at_once(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text('[a]\nterms = []\n[b]\nterms = ["*"]\n[c]\nterms = ["ok"]\n')
    with pytest.raises(TermsError) as info:
        load_terms(path)
    assert len(info.value.problems) == 2
    assert str(info.value).splitlines()[0] == f"2 problem(s) in the term families of {path}:"


def test_missing_file(tmp_path):
    with pytest.raises(TermsError, match="cannot be read"):
        load_terms(tmp_path / "none.toml")


def test_fingerprint_changes_with_families_only():
    a = TermSet.from_dict({"a": ["x", "y"]})
    assert a.fingerprint() == TermSet.from_dict({"a": ["x", "y"]}).fingerprint()
    assert a.fingerprint() != TermSet.from_dict({"a": ["x", "z"]}).fingerprint()
    assert TermSet.from_dict(a.to_dict()).fingerprint() == a.fingerprint()


def test_subset_and_unknown_family():
    ts = TermSet.from_dict({"a": ["x"], "b": ["y"]})
    assert list(ts.subset(["b"])) == ["b"]
    with pytest.raises(KeyError, match="families: a, b"):
        ts["c"]


def test_term_pattern_rejects_unmatchable_terms():
    with pytest.raises(TermsError):
        term_pattern("-")


def test_parse_term_pieces_and_separators():
    parts = parse_term("Pre\u2010emptive  strike*")
    assert parts.pieces == (("pre", False), ("emptive", False), ("strike", True))
    assert parts.seps == ("hyphen", "space")
    assert not parts.backtracks
    assert parse_term("counter*-strike").backtracks and not parse_term("counter*-.x").backtracks
    with pytest.raises(TermsError, match="can never match|stray|does not follow"):
        parse_term("a--b")


def test_word_characters_are_letters_digits_and_combining_marks():
    import re
    import sys
    import unicodedata

    from termshift.terms import combining_mark_pattern, is_word_char, word_char_pattern

    word, mark = re.compile(word_char_pattern()), re.compile(combining_mark_pattern())
    for i in range(sys.maxunicode + 1):
        c = chr(i)
        is_mark = unicodedata.category(c)[0] == "M"
        assert is_word_char(c) == (c.isalnum() or is_mark) == bool(word.fullmatch(c)), hex(i)
        assert bool(mark.fullmatch(c)) == is_mark, hex(i)
        # case folding never turns a word character into a boundary or the reverse
        assert all(is_word_char(f) == is_word_char(c) for f in c.casefold()), hex(i)


@pytest.mark.parametrize("term", ["pre-emptive strike*", "capabilit*", "a*-b", "x. y", "straße"])
def test_pattern_without_marks_is_exact_on_texts_without_marks(term):
    import re

    full, fast = re.compile(term_pattern(term)), re.compile(term_pattern(term, marks=False))
    text = "pre-emptive strikes, capabilities, ab, a-b, a x. y strasse! preemptive\nstrike " * 3
    assert [m.span() for m in full.finditer(text)] == [m.span() for m in fast.finditer(text)] != []


_NO_CJK_TEXTS = st.text(alphabet=st.sampled_from(list("abix. -\u2010\n1_éß") + ["\u0307", "\u0130", "\u01f0"]),
                        max_size=40)
_TERMS = st.sampled_from(["pre-emptive strike*", "capabilit*", "a*-b", "x. y", "straße", "ab", "b*", "i-x",
                          "反撃", "a反", "é*"])


@settings(max_examples=300, deadline=None)
@given(_TERMS, _NO_CJK_TEXTS)
def test_pattern_without_cjk_is_exact_on_texts_without_cjk(term, text):
    """``cjk=False`` (no CJK ranges: fast to compile) finds the same spans on a text without CJK characters."""
    import re

    folded = text.casefold()
    for marks in (True, False):
        full = re.compile(term_pattern(term, marks=marks))
        fast = re.compile(term_pattern(term, marks=marks, cjk=False))
        assert [m.span() for m in full.finditer(folded)] == [m.span() for m in fast.finditer(folded)]


def test_pattern_with_marks_keeps_a_word_whole():
    import re

    text = "capabilit\u0301y"
    assert re.compile(term_pattern("capabilit*")).fullmatch(text)
    assert re.compile(term_pattern("capabilit*", marks=False)).match(text).group() == "capabilit"  # why marks=True


def test_term_compilation_is_linear_in_the_term():
    # one expression per term, one character class per hyphen: no enumeration of variants
    sizes = [len(term_pattern("-".join(["ab"] * n), marks=False)) for n in (2, 20, 200)]
    assert sizes[2] - sizes[1] == 10 * (sizes[1] - sizes[0])


def test_rule_syntax_of_the_issue_works_as_written(tmp_path):
    """The TOML of issue 21, as a user writes it: exclude, unless, only and [codes.NAME]."""
    path = tmp_path / "t.toml"
    path.write_text("""
[self_defense]
terms = ["self-defense", "自衛"]
exclude = ["self-defense force*", "自衛隊", "自衛官", "自衛艦"]

[negation]
terms = ["not", "許されない"]

[preemptive]
terms = ["preemptive", "先制攻撃"]
unless = { near = ["negation"], window = 3 }

[denied]
terms = ["preemptive", "先制攻撃"]
only = { near = ["negation"], window = 3 }

[counterstrike]
terms = ["counterstrike"]

[exclusive_defense]
terms = ["exclusive defense"]

[codes.legitimised]
label = "Counterstrike framed within exclusive defense"
rule = "counterstrike and exclusive_defense"
unit = "sentence"
""", encoding="utf-8")
    ts = load_terms(path)
    assert ts["self_defense"].exclude == ("self-defense force*", "自衛隊", "自衛官", "自衛艦")
    assert ts["preemptive"].unless.near == ("negation",) and ts["preemptive"].unless.window == 3
    assert ts["denied"].only.window == 3
    assert ts.codes["legitimised"].unit == "sentence" and ts["legitimised"].label.startswith("Counterstrike")
    assert list(ts)[-1] == "legitimised" and ts.has_rules
    assert TermSet.from_dict(ts.to_dict()).to_dict() == ts.to_dict()


def test_shipped_term_file_choices_on_realistic_sentences():
    """Each revision of the shipped file (issue 21 item 8) on the sentences that motivated it."""
    from termshift.rules import RuleMatcher

    m = RuleMatcher(load_terms(TERMS_FILE))

    def got(text, language=None):
        return {k: v for k, v in zip(m.columns, m.count_text(text, language)[0]) if v and ":" not in k}

    for denial in ["先制攻撃は許されない。", "これは先制攻撃ではない。", "日本は先制攻撃をしない。",
                   "先制攻撃を行わない方針だ。", "It is not a preemptive strike.", "Japan won’t launch a pre-emptive strike."]:
        assert got(denial) == {"negation": 1}, denial
    assert got("先制攻撃の可能性を検討する。") == {"preemptive": 1}
    assert got("少ない予算で先制攻撃を議論する。") == {"preemptive": 1}  # ない in 少ない: no negation
    assert got("自衛隊は自衛の措置をとる。") == {"self_defense": 1}
    assert got("The Self-Defense Forces act in self-defense.") == {"self_defense": 1}
    assert got("自民党は2017年に敵基地反撃能力の保有を提言した。") == {"ldp_2017": 1}
    assert got("counterstrikes and counter-strikes") == {"counterstrike": 2}
    assert got("exclusively defensive, defense-only and defence-only") == {"exclusive_defense": 3}
    assert got("反撃力と敵地攻撃") == {"counterstrike": 1, "enemy_base": 1}
    assert got("the counter-strike capability and a long-range strike capability (打撃力)") == {
        "counterstrike": 1, "strike_capability": 2}
    assert got("スタンド・オフ防衛能力を強化") == {"standoff": 1}
