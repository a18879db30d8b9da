"""KH Coder coding-rule files read into codes (termshift.khcoder)."""

import pytest

from termshift.errors import TermsError
from termshift.khcoder import read_khcoder, with_khcoder_codes
from termshift.rules import RuleMatcher
from termshift.terms import TermSet

TERMS = TermSet.from_dict({"counterstrike": ["反撃能力", "counterstrike"], "exclusive_defense": ["専守防衛"],
                           "preemptive": ["先制攻撃"], "negation": ["許されない", "ではない"],
                           "enemy_base": ["敵基地攻撃能力"]})


def write(tmp_path, text):
    f = tmp_path / "codes.txt"
    f.write_text(text, encoding="utf-8")
    return f


def test_the_subset_that_maps_onto_families(tmp_path):
    f = write(tmp_path, "# framing codes\n*legitimised\n反撃能力 and 専守防衛\n"
                        "*denial\nnear(許されない-先制攻撃)[3]\n*old or new\n敵基地攻撃能力 or counterstrike\n"
                        "*not legit\n<*legitimised> and not (先制攻撃)\n*order\nseq(先制攻撃-許されない)\n")
    codes = read_khcoder(f, TERMS, unit="sentence")
    assert codes == {
        "legitimised": {"label": "legitimised", "rule": "counterstrike and exclusive_defense", "unit": "sentence"},
        "denial": {"label": "denial", "rule": "near(negation, preemptive, 3)", "unit": "sentence"},
        "old_or_new": {"label": "old or new", "rule": "enemy_base or counterstrike", "unit": "sentence"},
        "not_legit": {"label": "not legit", "rule": "legitimised and not (preemptive)", "unit": "sentence"},
        "order": {"label": "order", "rule": "seq(preemptive, negation, 10)", "unit": "sentence"}}
    ts = with_khcoder_codes(TERMS, f, unit="sentence")
    m = RuleMatcher(ts)
    got = dict(zip(m.columns, m.count_text("反撃能力は専守防衛の範囲だ。先制攻撃は許されない。", "ja")[0]))
    assert (got["legitimised"], got["denial"], got["not_legit"], got["order"]) == (1, 1, 1, 1)


def test_lines_that_do_not_map_are_refused_each_named(tmp_path):
    f = write(tmp_path, "stray line\n*a\n未知語 and 反撃能力\n*b\n名詞-B <>外部変数=1\n*c\nseq(反撃能力-専守防衛-先制攻撃)\n"
                        "*d\n<*zzz>\n*e\n")
    with pytest.raises(TermsError) as err:
        read_khcoder(f, TERMS)
    lines = err.value.problems
    assert any(":1: 'stray line' comes before any *name line" in p for p in lines)
    assert any(":3: '未知語' is no term of any family" in p for p in lines)
    assert any(":5:" in p and "parts of speech, fields or variables" in p for p in lines)
    assert any(":7:" in p and "only two words are supported" in p for p in lines)
    assert any(":9: <*zzz> names no code" in p for p in lines)
    assert any("code *e has no condition" in p for p in lines)


def test_a_word_of_several_families_is_refused(tmp_path):
    ts = TermSet.from_dict({"a": ["反撃能力"], "b": ["反撃能力", "x"]})
    with pytest.raises(TermsError, match="term of several families"):
        read_khcoder(write(tmp_path, "*c\n反撃能力\n"), ts)
