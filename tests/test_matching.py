"""The seven matching rules (and the CJK rules of issue 9), the fast path against the reference, token counts."""

import importlib.util
import re
import unicodedata

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from termshift.matching import Matcher, _prefix_keys, count_tokens
from termshift.terms import TermSet, normalize_term


def found(terms, text, family=None):
    """Match texts of the (single or named) family, in order."""
    m = Matcher(TermSet.from_dict(terms))
    return [x.text for x in m.find(text) if family is None or x.family == family]


def fast_count(terms, text):
    m = Matcher(TermSet.from_dict(terms))
    return m.count(text)[0]


# Rule 1: NFKC normalisation and case folding ---------------------------------------------


def test_rule1_case_folding_and_nfkc():
    # full-width letters are NFKC-equivalent to ASCII; STRASSE folds like straße
    assert found({"f": ["preemptive"]}, "PREEMPTIVE, Preemptive") == ["PREEMPTIVE", "Preemptive"]
    # full-width letters are NFKC-equivalent to ASCII: counting normalises the text first
    fam, _, _ = Matcher(TermSet.from_dict({"f": ["preemptive"]})).count_many(["ＰＲＥemptive"])
    assert fam.tolist() == [[1]]
    assert found({"f": ["straße"]}, "Die STRASSE ist lang") == ["STRASSE"]
    assert found({"f": ["PREEMPTIVE"]}, "a preemptive move") == ["preemptive"]
    assert fast_count({"f": ["straße"]}, "die strasse, die Straße") == [2]


def test_rule1_term_is_nfkc_normalised():
    # the fi ligature in a term is NFKC "fi"
    assert found({"f": ["de\ufb01ance"]}, "open defiance") == ["defiance"]


# Rule 2: whole words only ----------------------------------------------------------------


def test_rule2_whole_words():
    text = "preemptively, nonpreemptive, preemptive2, preemptive."
    assert found({"f": ["preemptive"]}, text) == ["preemptive"]
    assert fast_count({"f": ["preemptive"]}, text) == [1]


def test_rule2_punctuation_is_a_boundary():
    assert found({"f": ["strike"]}, "(strike)/strike's _strike") == ["strike", "strike", "strike"]


# Rule 3: a space matches any whitespace run ----------------------------------------------


@pytest.mark.parametrize("gap", [" ", "  ", "\n", " \n\t ", "\u00a0"])
def test_rule3_space_matches_any_whitespace(gap):
    text = f"a counterattack{gap}capability here"
    terms = {"f": ["counterattack capability"]}
    # NBSP is NFKC-normalised to a space, as the loader does
    assert found(terms, text) == [unicodedata.normalize("NFKC", f"counterattack{gap}capability")]
    assert fast_count(terms, text) == [1]


def test_rule3_space_needs_some_whitespace():
    assert found({"f": ["enemy base"]}, "enemybase") == []


# Rule 4: a hyphen matches a hyphen, a space, or nothing ----------------------------------


@pytest.mark.parametrize("written", ["pre-emptive", "preemptive", "pre emptive", "Pre-emptive",
                                     "pre\u2010emptive", "pre\u2011emptive", "pre\nemptive"])
def test_rule4_hyphen_variants(written):
    terms = {"f": ["pre-emptive"]}
    assert found(terms, f"a {written} strike") == [unicodedata.normalize("NFKC", written)]  # U+2011 -> U+2010
    assert fast_count(terms, f"a {written} strike") == [1]


def test_rule4_unicode_hyphen_in_term():
    assert found({"f": ["pre\u2010emptive"]}, "pre-emptive") == ["pre-emptive"]


def test_rule4_other_dashes_do_not_count():
    assert found({"f": ["pre-emptive"]}, "pre\u2014emptive pre_emptive") == []


# Rule 5: trailing * ------------------------------------------------------------------------


def test_rule5_wildcard():
    text = "capability capabilities capable deter deterrence deterred determine"
    assert found({"f": ["capabilit*"]}, text) == ["capability", "capabilities"]
    assert found({"f": ["deter*"]}, text) == ["deter", "deterrence", "deterred", "determine"]
    assert fast_count({"f": ["deter*"]}, text) == [4]


def test_rule5_wildcard_inside_multiword_term():
    terms = {"f": ["strik* capabilit*"]}
    assert found(terms, "striking capabilities, strike capability, strike force") == [
        "striking capabilities", "strike capability"]
    assert fast_count(terms, "striking\ncapabilities") == [1]


# Rule 6: within a family no overlap, longest wins, per-term credit -------------------------


def test_rule6_longest_match_wins_and_counts_once():
    m = Matcher(TermSet.from_dict({"pre": ["pre-emptive", "pre-emptive strike"]}))
    hits = m.find("A pre-emptive strike and a pre-emptive move.")
    assert [(h.term, h.text) for h in hits] == [("pre-emptive strike", "pre-emptive strike"),
                                                ("pre-emptive", "pre-emptive")]
    fam, per_term = m.count("A pre-emptive strike and a pre-emptive move.")
    assert fam == [2]
    assert per_term == [1, 1]  # order of terms as listed: "pre-emptive", "pre-emptive strike"


def test_rule6_overlapping_different_starts_longest_first():
    # "base strike capability" (22 chars) beats "enemy base" (10) that overlaps it
    m = Matcher(TermSet.from_dict({"f": ["enemy base", "base strike capability"]}))
    assert [h.text for h in m.find("the enemy base strike capability")] == ["base strike capability"]
    assert m.count("the enemy base strike capability") == ([1], [0, 1])


def test_rule6_equal_length_tie_goes_to_earlier_start():
    m = Matcher(TermSet.from_dict({"f": ["a b", "b c"]}))
    assert [h.text for h in m.find("a b c")] == ["a b"]


# Rule 7: families are independent ----------------------------------------------------------


def test_rule7_families_independent():
    m = Matcher(TermSet.from_dict({"pre": ["pre-emptive strike"], "strike": ["strike"]}))
    hits = m.find("a pre-emptive strike")
    assert sorted((h.family, h.text) for h in hits) == [("pre", "pre-emptive strike"), ("strike", "strike")]
    assert m.count("a pre-emptive strike") == ([1, 1], [1, 1])


# Offsets, prefix keys ------------------------------------------------------------------------


def test_offsets_point_into_original_text_even_when_folding_changes_length():
    text = "Straße\u0130 und preemptive"  # ß and İ fold to two characters each
    m = Matcher(TermSet.from_dict({"f": ["preemptive"]}))
    (hit,) = m.find(text)
    assert text[hit.start:hit.end] == "preemptive" == hit.text


def test_prefix_keys_cut_at_wildcard_and_whitespace():
    assert _prefix_keys("capabilit*") == ["capabilit"]
    keys = _prefix_keys("pre-emptive")
    assert {"pre-emptive", "preemptive", "pre\u2010emptive", "pre "} <= set(keys)
    assert "pre\n" in keys


# Fast path == reference ---------------------------------------------------------------------

# İ, ΐ, ΰ, ǰ case-fold to a letter and a combining mark (rule 2 must not see a boundary there)
FOLD_ADDS_MARK = ["\u0130", "\u0390", "\u03b0", "\u01f0"]
WORDS = ["pre", "emptive", "preemptive", "pre-emptive", "strike", "Strike", "counter", "counterstrike",
         "capability", "capabilities", "deter", "deterrence", "enemy", "base", "x", "-", "\u2010",
         "\u0130", "\u0130stanbul", "stanbul", "i", "\u0390", "\u03b0", "\u01f0", "j", "\u0301",
         # CJK: terms sharing characters, hard-wrapped pieces, half-width katakana, kana after a term
         "反撃", "能力", "反撃能力", "を", "敵基地", "攻撃", "敵基地攻撃能力", "保有", "カウンター", "ｶｳﾝﾀｰ", "ー", "。"]
SEPS = [" ", "  ", "\n", "-", ", ", "", "\t", "\u00a0", "."]
TERMS = {
    "pre": ["pre-emptive strike*", "pre-emptive"],
    "counter": ["counter-strike capabilit*", "counter-strike", "counter*-strike"],
    "base": ["enemy base", "base strike"],
    "deter": ["deter*"],
    "strike": ["strike"],
    "istanbul": ["stanbul", "i", "\u0130stanbul", "j"],
    "enemy_base_ja": ["敵基地攻撃能力", "敵基地攻撃"],
    "counter_ja": ["反撃能力", "カウンター", "counter反撃"],
    "attack_ja": ["攻撃能力", "x攻撃"],
}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPS)), max_size=30))
def test_fast_path_equals_reference(parts):
    text = unicodedata.normalize("NFKC", "".join(w + s for w, s in parts))  # Matcher.count takes NFKC text
    m = Matcher(TermSet.from_dict(TERMS))
    ref_fam = [0] * len(TERMS)
    ref_term = [0] * len(m.term_list)
    terms_index = {(m.family_ids[fi], t): i for i, (fi, t) in enumerate(m.term_list)}
    for hit in m.find(text):
        ref_fam[m.family_ids.index(hit.family)] += 1
        ref_term[terms_index[(hit.family, hit.term)]] += 1
    assert m.count(text) == (ref_fam, ref_term)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("prestik- \nABCé\u2010") + FOLD_ADDS_MARK), max_size=60))
def test_case_does_not_change_counts(text):
    m = Matcher(TermSet.from_dict({"f": ["pre-stik*", "stike"], "g": ["a b*"]}))
    assert m.count(text.upper()) == m.count(text.lower()) == m.count(text)


# Tokens ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "a", "Japan’s counter-strike: 2 options.", "  \n", "ö ü ß 東京 —",
                                  "under_score x1 1.5", "we're 'quoted' o'clock rock'n'roll ’90s ''"])
def test_count_tokens_matches_regex_definition(text):
    # runs of letters or digits, joined over an apostrophe between two of them (no clitic fragments)
    assert count_tokens(text, language="en") == len(re.findall(r"[^\W_]+(?:['\u2019\u02bc][^\W_]+)*", text))


@given(st.text(max_size=80))
def test_count_tokens_property(text):
    """Text other than Japanese: runs of letters or digits (Japanese is segmented: tests/test_japanese.py)."""
    # runs of letters or digits, joined over an apostrophe between two of them (no clitic fragments)
    assert count_tokens(text, language="en") == len(re.findall(r"[^\W_]+(?:['\u2019\u02bc][^\W_]+)*", text))


# An independent reference: the seven rules implemented naively, character by character -----------

_HYPH = "-\u2010\u2011"


def _word(c):
    """Rules 2 and 5: letters, digits and combining marks are word characters."""
    return c.isalnum() or unicodedata.category(c).startswith("M")


def _cjk(c):
    """A CJK character, from its Unicode name: a Han ideograph, a kana letter, ー, 々 ..."""
    if unicodedata.category(c) not in ("Lo", "Lm", "Nl"):
        return False
    name = unicodedata.name(c, "")
    return any(k in name for k in ("CJK", "HIRAGANA", "KATAKANA", "IDEOGRAPHIC", "HENTAIGANA"))


def _latin_word(c):
    """What a non-CJK edge may not touch, and what '*' takes: a word character that is not CJK."""
    return _word(c) and not _cjk(c)


def _join_cjk_lines(t):
    """Drop each whitespace run holding exactly one line break that stands between two CJK characters."""
    out, i = [], 0
    while i < len(t):
        if not t[i].isspace():
            out.append(t[i])
            i += 1
            continue
        j = i
        while j < len(t) and t[j].isspace():
            j += 1
        run = t[i:j]
        if not (run.count("\n") == 1 and 0 < i and j < len(t) and _cjk(t[i - 1]) and _cjk(t[j])):
            out.append(run)
        i = j
    return "".join(out)


def _parse(term):
    """Term -> list of pieces [(literal, wildcard)] and separators between them ('space' or 'hyphen')."""
    t = unicodedata.normalize("NFKC", term).casefold()
    pieces, seps = [], []
    for wi, word in enumerate(t.split()):
        if wi:
            seps.append("space")
        parts = re.split(f"[{_HYPH}]", word)
        for pi, part in enumerate(parts):
            if pi:
                seps.append("hyphen")
            pieces.append((part.rstrip("*"), part.endswith("*")))
    return pieces, seps


def _ends(t, pos, pieces, seps, k=0):
    """Every end position where pieces[k:] can match t starting at pos (rules 3-5)."""
    lit, wild = pieces[k]
    if not t.startswith(lit, pos):
        return set()
    after = {pos + len(lit)}
    if wild:
        p = pos + len(lit)
        while p < len(t) and _latin_word(t[p]):
            p += 1
            after.add(p)
    if k == len(pieces) - 1:
        return after
    out = set()
    for p in after:
        gaps = set()
        ws = p
        while ws < len(t) and t[ws].isspace():
            ws += 1
            gaps.add(ws)  # one or more whitespace characters
        if seps[k] == "hyphen":
            gaps.add(p)  # nothing
            if p < len(t) and t[p] in _HYPH:
                gaps.add(p + 1)
        for g in gaps:
            out |= _ends(t, g, pieces, seps, k + 1)
    return out


def naive_counts(families, text):
    t = _join_cjk_lines(unicodedata.normalize("NFKC", text).casefold())  # rule 1; CJK line breaks
    result = []
    for terms in families.values():
        cands = []
        for ti, term in enumerate(terms):
            pieces, seps = _parse(term)
            free_start = _cjk(pieces[0][0][0])  # a CJK edge needs no boundary
            free_end = not pieces[-1][1] and _cjk(pieces[-1][0][-1])
            for s in range(len(t)):
                if s > 0 and not free_start and _latin_word(t[s - 1]):  # rule 2, left
                    continue
                ends = [e for e in _ends(t, s, pieces, seps)
                        if e == len(t) or free_end or not _latin_word(t[e])]  # rule 2, right
                if ends:
                    cands.append((s, max(ends), ti))
        accepted = []  # rule 6: longest first, then earlier, then the term listed first; no overlap
        for s, e, ti in sorted(cands, key=lambda c: (c[0] - c[1], c[0], c[2])):
            if all(e <= a or s >= b for a, b, _ in accepted):
                accepted.append((s, e, ti))
        result.append(len(accepted))  # rule 7: each family on its own
    return result


def test_naive_reference_on_hand_examples():
    assert naive_counts({"f": ["pre-emptive strike", "pre-emptive"]},
                        "A Pre\u2010emptive\nstrike and preemptive; preemptively") == [2]
    assert naive_counts({"f": ["deter*"]}, "deter deterrence deterred") == [3]
    # case folding adds a combining mark: not a boundary (rule 2), part of what * takes (rule 5)
    for letter in FOLD_ADDS_MARK:
        assert naive_counts({"f": ["stanbul"]}, f"{letter}stanbul") == [0]
        assert naive_counts({"f": [letter.casefold()[0]]}, f"{letter}stanbul") == [0]
        assert naive_counts({"f": ["x*"]}, f"x{letter}y x") == [2]
        assert naive_counts({"f": [f"{letter}stanbul"]}, f"{letter}stanbul") == [1]
    assert naive_counts({"f": ["counter*-strike"]}, "counterstrike counterxstrike counter-strike") == [3]
    # CJK edges, hard-wrapped lines, NFKC half-width katakana, CJK neighbours of Latin edges
    assert naive_counts({"f": ["反撃能力"]}, "反撃能力を 反撃能力保有 反撃\n能力 反撃 \n 能力 反撃\n\n能力") == [4]
    assert naive_counts({"f": ["カウンター"]}, "ｶｳﾝﾀｰ攻撃") == [1]
    assert naive_counts({"f": ["nato"], "g": ["deter*"]}, "NATO加盟 NATOs deterrence抑止") == [1, 1]
    assert naive_counts({"f": ["敵基地攻撃能力", "敵基地攻撃"], "g": ["攻撃能力"]}, "敵基地攻撃能力") == [1, 1]


def test_cjk_characters_agree_with_the_unicode_names():
    """termshift.language.is_cjk (code point ranges) against the Unicode names, over every assigned character."""
    import sys

    from termshift.language import is_cjk

    wrong = [hex(i) for i in range(sys.maxunicode + 1)
             if unicodedata.category(chr(i)) != "Cn" and is_cjk(chr(i)) != _cjk(chr(i))]
    assert wrong == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPS)), max_size=25))
def test_fast_path_equals_an_independent_naive_implementation(parts):
    text = "".join(w + s for w, s in parts)
    m = Matcher(TermSet.from_dict(TERMS))
    fam, _, _ = m.count_many([text])
    assert fam[0].tolist() == naive_counts(TERMS, text)


# Random terms: the fast path, the reference path and the naive implementation agree ------------------

_piece = st.tuples(st.sampled_from(["a", "b", "ab", "ba", "i", "\u0130", "x.", "\u01f0", "反", "撃", "反撃", "aー",
                                    "カa"]), st.booleans())
# '*' may not follow a CJK character (a TermsError): such pieces get no '*'
random_terms = st.lists(st.tuples(_piece, st.sampled_from(["-", " "])), min_size=1, max_size=4).map(
    lambda ps: "".join(lit + ("*" if wild and not _cjk(lit[-1]) else "") + sep for (lit, wild), sep in ps)[:-1])
random_texts = st.text(alphabet=st.sampled_from(list("aabbix. -\u2010\n反撃撃カーｶ1_é") + FOLD_ADDS_MARK
                                               + ["\u0307", "\U00010400", "\U00020000", "\U0001d165"]), max_size=40)


@settings(max_examples=400, deadline=None)
@given(st.lists(random_terms, min_size=1, max_size=3, unique_by=normalize_term), random_texts)
def test_random_terms_all_paths_agree(terms, text):
    """Includes terms whose ``*`` is followed by a hyphen (matched by the automaton, not a regex)."""
    families = {"f": terms}
    m = Matcher(TermSet.from_dict(families))
    fam, _, _ = m.count_many([text], progress=False)
    text = unicodedata.normalize("NFKC", text)
    assert fam[0].tolist() == naive_counts(families, text)
    assert m.count(text)[0] == [len(m.find(text))]
    for hit in m.find(text):  # offsets point into the text, also after folding changed lengths
        assert text[hit.start:hit.end] == hit.text
        assert naive_counts({"f": [hit.term]}, hit.text) == [1]


@settings(max_examples=300, deadline=None)
@given(random_terms, random_texts)
def test_automaton_equals_the_regular_expression(term, text):
    """Two implementations of one term: the possessive expression and the automaton (every term)."""
    from termshift.automaton import TermAutomaton
    from termshift.folding import casefold_windowed as _casefold
    from termshift.terms import is_noncjk_word_char, parse_term, term_pattern

    parts = parse_term(term)
    folded = _casefold(unicodedata.normalize("NFKC", text))
    auto = TermAutomaton(parts)
    regex = re.compile(term_pattern(term))
    for s in range(len(folded)):
        if s and not parts.cjk_start and is_noncjk_word_char(folded[s - 1]):
            continue
        m = regex.match(folded, s)
        if not parts.backtracks:  # the expression cannot backtrack: its one match is the longest
            assert auto.longest(folded, s) == (m.end() if m else -1)
        else:  # it can: it finds a match exactly where the automaton does
            assert (auto.longest(folded, s) >= 0) == (m is not None)


# Scanner backends: hyperscan (where it installs) and pyahocorasick give the same occurrences and counts ----------

_scan_keys = st.dictionaries(st.text(alphabet=st.sampled_from(list("ab \n-é反撃\u2010")), min_size=1, max_size=4),
                             st.integers(0, 3), min_size=1, max_size=8)
_scan_texts = st.text(alphabet=st.sampled_from(list("aab \n-é反撃\u2010x\u0130")), max_size=60)


@settings(max_examples=400, deadline=None)
@given(_scan_keys, _scan_texts, st.data())
def test_scanner_backends_find_the_same_occurrences(keys, text, data):
    """Both backends against a naive search, with some keys bounded (not reported after [a-z0-9])."""
    pytest.importorskip("hyperscan")
    from termshift.scanner import BOUNDARY_CHARS, make_scanner

    bounded = data.draw(st.sets(st.sampled_from(sorted(keys))))
    hs, ac = make_scanner(keys, "hyperscan", bounded=bounded), make_scanner(keys, "ahocorasick", bounded=bounded)
    assert hs.name == "hyperscan" and ac.name == "ahocorasick"
    naive = sorted((i + len(k) - 1, v) for k, v in keys.items() for i in range(len(text)) if text.startswith(k, i)
                   and not (k in bounded and i > 0 and text[i - 1] in BOUNDARY_CHARS))
    assert sorted(hs.iter(text)) == sorted(ac.iter(text)) == naive


def test_scanner_leaves_out_bounded_keys_inside_words():
    """A hand-checked text: ``al `` in ``national`` and ``war`` in ``toward`` are not reported."""
    pytest.importorskip("hyperscan")
    from termshift.scanner import make_scanner

    keys = {"al" + w: (3, (0,)) for w in " \t\n\u3000\u2003"} | {"war": (3, (1,))}
    hs = make_scanner(keys, "hyperscan", bounded=set(keys))
    text = "al qaeda, national al\u3000x, al\tq; war warfare toward al"
    assert sorted(hs.iter(text)) == sorted(make_scanner(keys, "ahocorasick", bounded=set(keys)).iter(text)) == [
        (2, (3, (0,))), (21, (3, (0,))), (27, (3, (0,))), (33, (3, (1,))), (37, (3, (1,)))]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1_ '\u2019\u02bc-.\n\té\u0301ß\u00aa\U0001d400\U00010000反")),
               max_size=60))
def test_token_count_equals_the_token_pattern(text):
    """The vectorised counts (ASCII: translate + arrays; others: a BMP table) equal ``re.findall``."""
    from termshift.tokens import TOKEN_PATTERN

    assert count_tokens(text, "en") == len(re.findall(TOKEN_PATTERN, text))
    ascii_text = text.encode("ascii", "ignore").decode()
    assert count_tokens(ascii_text, "en") == len(re.findall(TOKEN_PATTERN, ascii_text))


@settings(max_examples=200, deadline=None)
@given(st.lists(random_terms, min_size=1, max_size=3, unique_by=normalize_term), random_texts)
def test_scanner_backends_count_the_same(terms, text):
    pytest.importorskip("hyperscan")
    ts = TermSet.from_dict({"f": terms, "g": ["ab", "反撃"]})
    text = unicodedata.normalize("NFKC", text)
    assert Matcher(ts, scanner="hyperscan").count(text) == Matcher(ts, scanner="ahocorasick").count(text)


def test_matcher_pickles_with_its_scanner():
    import pickle

    m = pickle.loads(pickle.dumps(Matcher(TermSet.from_dict(TERMS), scanner="ahocorasick")))
    assert m.scanner == "ahocorasick" and m._automaton.name == "ahocorasick"
    assert m.count("A pre-emptive strike") == Matcher(TermSet.from_dict(TERMS)).count("A pre-emptive strike")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aAzZ1 \n-é\u00c9ßİ\u0307反カ—\U0001d400\U00010400\ud800")), max_size=50))
def test_prepared_text_is_the_case_folded_text(text):
    """The fast path's folding (``bytes.lower`` when no non-ASCII character folds) equals ``str.casefold``."""
    from termshift.folding import has_marks as _has_marks
    from termshift.folding import prepare_text as _prepare
    from termshift.language import count_cjk, join_cjk_lines

    folded, marks, cjk = _prepare(text)
    assert folded == join_cjk_lines(text.casefold())
    assert marks == _has_marks(text.casefold()) and cjk == (count_cjk(text) > 0)


def test_character_tables_equal_the_predicates_on_the_whole_bmp():
    """The lookup tables of the fast paths (tokens: letters/digits; matching: CJK, marks) against the definitions."""
    import numpy as np

    from termshift.folding import bmp_kinds as _bmp_kinds
    from termshift.language import is_cjk
    from termshift.tokens import _bmp_alnum

    chars = [chr(i) for i in range(0x10000)]
    assert _bmp_alnum().tolist() == [c.isalnum() for c in chars]
    kinds = _bmp_kinds()
    expected = np.array([(1 if is_cjk(c) else 0) | (2 if unicodedata.category(c)[0] == "M" else 0)
                         | (4 if c.casefold() != c else 0) for c in chars])
    expected[:0x80] = 0  # ASCII is never looked up
    assert (kinds == expected).all()


def test_whole_text_folding_keeps_tokens():
    """tokenize/token_spans fold a text in one call: only U+0345 changes word-ness when folding to one character."""
    import sys

    from termshift.tokens import token_spans, tokenize

    changed = [i for i in range(sys.maxunicode + 1)
               if len(chr(i).casefold()) == 1 and chr(i).casefold().isalnum() != chr(i).isalnum()]
    assert changed == [0x345]
    for text in ["Japan\u2019s STRIKE-capability", "Straße İstanbul ŉ", "α\u0345β ΑΙ", "x" * 10 + "\u02bcs"]:
        per_token = [t.casefold().translate({0x2019: "'", 0x2bc: "'"}) for t in re.findall(
            r"[^\W_]+(?:['\u2019\u02bc][^\W_]+)*", text)]
        assert tokenize(text, "en") == per_token == token_spans(text, "en")[2]


@settings(max_examples=200, deadline=None)
@example(terms=["a"], texts=["ΐΐ"] + ["反撃\n能力 ab"] * 4)  # folding lengthens as much as line joining shortens
@given(st.lists(random_terms, min_size=1, max_size=3, unique_by=normalize_term),
       st.lists(st.one_of(random_texts, st.sampled_from(["", "a\x00b ab", "Straße ab", "反撃\n能力 ab", "ab'ab x"])),
                max_size=12))
def test_short_texts_counted_joined_equal_each_alone(terms, texts):
    """count_many joins short texts with NUL (one scan per batch): the counts and token totals of each text alone."""
    from termshift.tokens import count_tokens as tokens_of

    m = Matcher(TermSet.from_dict({"f": terms, "g": ["ab", "反撃能力"]}))
    fam, term, tok = m.count_many(texts, languages=["en"] * len(texts), n_jobs=1, progress=False)
    for i, text in enumerate(texts):
        text = unicodedata.normalize("NFKC", text)
        f, t = m.count(text)
        assert fam[i].tolist() == f and term[i].tolist() == t
        assert tok[i] == tokens_of(text, "en")
    joined = m.count_joined([unicodedata.normalize("NFKC", t) for t in texts if "\x00" not in t and "ß" not in t])
    assert joined is None or joined.shape[1] == len(m.term_list)


# Spans: the accepted matches as arrays, the same as find, and what the counts are made of ---------------------

_SCANNERS = ["ahocorasick"] + (["hyperscan"] if importlib.util.find_spec("hyperscan") else [])


def _found_rows(m, texts):
    """``(doc, start, end, family, term)`` of every match of :meth:`Matcher.find`, text by text."""
    rows = []
    for d, text in enumerate(texts):
        for hit in m.find(text):
            fi = m.family_ids.index(hit.family)
            rows.append((d, hit.start, hit.end, fi, m.term_list.index((fi, hit.term))))
    return rows


def _span_rows(spans):
    return list(zip(*(a.tolist() for a in (spans.doc, spans.start, spans.end, spans.family, spans.term))))


def _check_spans(m, texts, languages):
    spans = m.spans(texts)
    assert all(a.dtype == np.int64 for a in (spans.doc, spans.start, spans.end, spans.family, spans.term))
    assert _span_rows(spans) == _found_rows(m, texts) and len(spans) == len(_found_rows(m, texts))
    normal = [unicodedata.normalize("NFKC", t) for t in texts]
    for d, s, e, fi, ti in _span_rows(spans):
        assert m.term_list[ti][0] == fi and s < e
        assert normal[d][s:e] == [h.text for h in m.find(normal[d]) if h.start == s and h.end == e][0]
    fam, term, _ = m.count_many(texts, languages=languages, n_jobs=1, progress=False)
    assert spans.counts(len(texts), len(m.family_ids)).tolist() == fam.tolist()
    assert spans.term_counts(len(texts), len(m.term_list)).tolist() == term.tolist()
    assert [m.count(t) for t in normal] == [(f.tolist(), t.tolist()) for f, t in zip(fam, term)]


@settings(max_examples=300, deadline=None)
@example(terms=["a"], texts=["ΐΐ"] + ["反撃\n能力 ab"] * 4, scanner="ahocorasick", short=1 << 16, ja=False)
@given(st.lists(random_terms, min_size=1, max_size=3, unique_by=normalize_term),
       st.lists(st.one_of(random_texts, st.sampled_from(["", "a\x00b ab", "Straße ab", "反撃\n能力 ab", "ab'ab x",
                                                         "ǰ反撃\n 能力ab İab"])), max_size=8),
       st.sampled_from(_SCANNERS), st.sampled_from([1 << 16, 4]), st.booleans())
def test_spans_equal_find_and_the_counts(terms, texts, scanner, short, ja):
    """Random terms and texts (Latin, CJK, folding that lengthens, hard-wrapped CJK lines, NUL), both
    backends, texts scanned joined or one by one, as English or Japanese: spans == find == counts."""
    from unittest import mock

    import termshift.matching as matching

    m = Matcher(TermSet.from_dict({"f": terms, "g": ["ab", "反撃能力"]}), scanner=scanner)
    with mock.patch.object(matching, "_SHORT", short):
        _check_spans(m, texts, ["ja" if ja else "en"] * len(texts))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPS)), max_size=20), max_size=6),
       st.sampled_from(_SCANNERS))
def test_spans_of_the_bilingual_families_equal_find(docs, scanner):
    texts = ["".join(w + s for w, s in parts) for parts in docs]
    _check_spans(Matcher(TermSet.from_dict(TERMS), scanner=scanner), texts, None)


def test_spans_hand_checked():
    """Offsets into the text as written: after ß (folds to two characters) and across a hard-wrapped line."""
    m = Matcher(TermSet.from_dict({"strike": ["strike"], "counter": ["反撃能力"]}))
    texts = ["Straße STRIKE", "敵の反撃\n能力を。strike", "none"]
    spans = m.spans(texts)
    assert _span_rows(spans) == [(0, 7, 13, 0, 0), (1, 2, 7, 1, 1), (1, 9, 15, 0, 0)]
    assert [texts[d][s:e] for d, s, e, _, _ in _span_rows(spans)] == ["STRIKE", "反撃\n能力", "strike"]
    assert len(m.spans([])) == 0 and m.spans([]).counts(0, 2).shape == (0, 2)
