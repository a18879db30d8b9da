"""Rules over term families (termshift.rules): exclude, unless/only, glosses, codes.

Hand-written sentences that could fool each rule (homonym, negation inside and outside the window and in
another sentence, glosses in both orders with both parentheses, the other language), and a naive
reference of the whole rule layer checked against the real one on random texts and random rule sets.
"""

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import termshift as ts_pkg
from termshift.counts import count_terms, document_counts
from termshift.errors import TermsError
from termshift.language import is_cjk
from termshift.matching import Matcher
from termshift.rules import RuleMatcher, parse_rule, primary_column
from termshift.terms import TermSet, load_terms
from termshift.tokens import token_spans

NEG = {"terms": ["not", "no", "never", "許されない", "ではない", "しない"]}


def counts(spec, text, language=None):
    """``{column: count}`` of one text under the term set ``spec``."""
    m = RuleMatcher(TermSet.from_dict(spec))
    wide, _ = m.count_text(text, language)
    return dict(zip(m.columns, wide))


# exclude ----------------------------------------------------------------------------------------------


SELF_DEFENSE = {"self_defense": {"terms": ["self-defense", "自衛"],
                                 "exclude": ["self-defense force*", "自衛隊", "自衛官", "自衛艦"]}}


@pytest.mark.parametrize("text, expected", [
    ("Japan's Self-Defense Forces took part.", 0),  # the homonym
    ("The Self Defense Force and the self-defense forces.", 0),
    ("A right of self-defense. The Self-Defense Forces act in self-defense.", 2),
    ("自衛隊と自衛官が自衛艦に乗る。", 0),
    ("自衛の措置として、自衛隊は動く。", 1),  # 自衛 returns, 自衛隊 stays out
    ("self-defense-forces", 1),  # a space in a term needs whitespace: the exclusion does not match
])
def test_exclude_masks_overlapping_matches(text, expected):
    assert counts(SELF_DEFENSE, text)["self_defense"] == expected


def test_exclude_is_per_family():
    spec = {**SELF_DEFENSE, "sdf": ["self-defense forces", "自衛隊"]}
    c = counts(spec, "The Self-Defense Forces (自衛隊).")
    assert (c["self_defense"], c["sdf"]) == (0, 2)


# unless / only ------------------------------------------------------------------------------------------


PRE = {"negation": NEG,
       "preemptive": {"terms": ["preemptive strike*", "preemptive", "先制攻撃"],
                      "unless": {"near": ["negation"], "window": 3}}}


@pytest.mark.parametrize("text, expected", [
    ("It is not a preemptive strike.", 0),  # 1 token between: inside the window
    ("It is not, they say, a preemptive strike.", 0),  # 3 tokens between
    ("It is not, as they often say, a preemptive strike.", 1),  # 5 tokens between: outside
    ("It is not so. A preemptive strike followed.", 1),  # the negation in another sentence
    ("A preemptive strike? Never.", 1),
    ("A preemptive strike, never!", 0),  # after the match, in the same sentence
    ("先制攻撃は許されない。", 0),
    ("これは先制攻撃ではない。", 0),
    ("日本は先制攻撃をしない。", 0),
    ("先制攻撃は許されない。先制攻撃を検討する。", 1),  # the second sentence has no negation
    ("先制攻撃の能力を持つことは、憲法上まったく許されない。", 1),  # far from the negation
])
def test_unless_negation_window_and_sentence(text, expected):
    assert counts(PRE, text)["preemptive"] == expected


def test_japanese_window_counts_analyser_tokens():
    # 先制攻撃 | を | 保有 | しない: two tokens between (を, 保有)
    spec = {"negation": NEG, "pre": {"terms": ["先制攻撃"], "unless": {"near": ["negation"], "window": 1}}}
    assert counts(spec, "政府は先制攻撃を保有しない。", "ja")["pre"] == 1
    spec["pre"]["unless"]["window"] = 2
    assert counts(spec, "政府は先制攻撃を保有しない。", "ja")["pre"] == 0


def test_only_is_the_converse():
    spec = {"negation": NEG, "denied": {"terms": ["preemptive"], "only": {"near": ["negation"], "window": 2}}}
    c = counts(spec, "Not a preemptive strike. A preemptive strike.")
    assert c["denied"] == 1


# glosses --------------------------------------------------------------------------------------------------


GLOSS = {"enemy_base": ["敵基地攻撃能力", "enemy base strike capabilit*"],
         "counterstrike": ["反撃能力", "counterstrike capabilit*"]}


@pytest.mark.parametrize("text, primary_eb, primary_cs", [
    ("敵基地攻撃能力（反撃能力）を保有する。", 1, 0),  # Asahi's order, full-width parentheses
    ("反撃能力（敵基地攻撃能力）を保有する。", 0, 1),  # Jiji's order
    ("反撃能力(敵基地攻撃能力)を保有する。", 0, 1),  # ASCII parentheses (NFKC makes （ ） ASCII too)
    ("counterstrike capability (enemy base strike capability) was adopted.", 0, 1),
    ("counterstrike capability  (the so-called enemy base strike capability)", 0, 1),  # inside, not first
    ("反撃能力を持つ。（敵基地攻撃能力）", 1, 1),  # not directly after a match: no gloss
    ("反撃能力、(敵基地攻撃能力)", 1, 1),
    ("反撃能力（敵基地攻撃能力", 1, 1),  # never closed: no gloss
])
def test_glosses_in_both_orders_and_both_parentheses(text, primary_eb, primary_cs):
    c = counts(GLOSS, text)
    assert (c["enemy_base"], c["counterstrike"]) == (1, 1)  # glosses still count
    assert (c[primary_column("enemy_base")], c[primary_column("counterstrike")]) == (primary_eb, primary_cs)


# codes ---------------------------------------------------------------------------------------------------


CODES = {"counterstrike": ["counterstrike", "反撃能力"], "exclusive_defense": ["exclusive defense", "専守防衛"],
         "negation": NEG, "preemptive": ["preemptive", "先制攻撃"],
         "codes": {"legitimised": {"label": "Counterstrike framed within exclusive defense",
                                   "rule": "counterstrike and exclusive_defense", "unit": "sentence"},
                   "legit_doc": {"rule": "counterstrike and exclusive_defense", "unit": "document"},
                   "denial": {"rule": "near(negation, preemptive, 3)", "unit": "sentence"},
                   "neg_first": {"rule": "seq(negation, preemptive, 3)", "unit": "document"},
                   "either": {"rule": "(legitimised or denial) and not preemptive", "unit": "paragraph"}}}


def test_codes_count_units():
    text = ("Counterstrike fits exclusive defense. Counterstrike alone. Exclusive defense alone.\n\n"
            "A preemptive strike? No. Not a preemptive strike.")
    c = counts(CODES, text)
    assert c["legitimised"] == 1 and c["legit_doc"] == 1
    assert c["denial"] == 1  # "No." is another sentence
    assert c["neg_first"] == 1
    assert c["either"] == 1  # the first paragraph: legitimised, no preemptive


def test_seq_needs_the_order():
    c = counts(CODES, "A preemptive strike, never.")
    assert c["denial"] == 1 and c["neg_first"] == 0  # "never" is near (1 token between), but after
    c = counts(CODES, "Preemptive, no.")
    assert c["denial"] == 1 and c["neg_first"] == 0


def test_codes_in_japanese():
    c = counts(CODES, "反撃能力は専守防衛の範囲内だ。先制攻撃は許されない。", "ja")
    assert (c["legitimised"], c["denial"], c["neg_first"]) == (1, 1, 0)


# errors ---------------------------------------------------------------------------------------------------


def test_rule_errors_are_listed_at_once_with_the_code_and_a_fix():
    spec = {"cs": ["counterstrike"], "pre": ["preemptive"],
            "codes": {"a": {"rule": "cs and (pre"}, "b": {"rule": "cs and prex"},
                      "c": {"rule": "foo(cs, pre, 3)"}, "d": {"rule": "e or cs"}, "e": {"rule": "d and pre"},
                      "f": {"rule": "cs", "unit": "page"}, "g": {"rule": "near(cs, pre)"}}}
    with pytest.raises(TermsError) as err:
        TermSet.from_dict(spec, source="t.toml")
    text = str(err.value)
    assert "code 'a': unbalanced parentheses" in text and "add the ')'" in text
    assert "code 'b': unknown family 'prex'" in text and "add a family [prex]" in text
    assert "code 'c': unknown function 'foo'; use near(a, b, n) or seq(a, b, n)" in text
    assert "codes 'd' -> 'e' -> 'd' refer to each other in a cycle" in text
    assert "code 'f': unit 'page' is not one of document, sentence, paragraph" in text
    assert "code 'g': near(cs, pre): give two family ids and a number of tokens" in text
    assert len(err.value.problems) == 6


def test_family_rule_errors():
    spec = {"neg": ["not"], "pre": {"terms": ["preemptive"], "exclude": "x", "unless": {"near": ["nope"]},
                                    "only": {"near": ["neg"], "window": -1}}}
    with pytest.raises(TermsError) as err:
        TermSet.from_dict(spec, source="t.toml")
    text = str(err.value)
    assert "exclude must be a list of terms" in text
    assert "unless.near names 'nope', which is no family" in text
    assert "unless.window must be a whole number" in text
    assert "only.window must be a whole number" in text


def test_parse_rule_precedence():
    assert parse_rule("a or b and not c") == ("or", ("id", "a"), ("and", ("id", "b"), ("not", ("id", "c"))))
    assert parse_rule("A AND (b OR c)") == ("and", ("id", "A"), ("or", ("id", "b"), ("id", "c")))


def test_round_trip_and_subset():
    t = TermSet.from_dict(CODES | PRE | SELF_DEFENSE)
    assert TermSet.from_dict(t.to_dict()).fingerprint() == t.fingerprint()
    assert list(t)[-5:] == ["legitimised", "legit_doc", "denial", "neg_first", "either"]
    sub = t.subset(["denial", "preemptive"])
    assert list(sub) == ["denial", "preemptive"] and "negation" in sub.families
    assert t["legitimised"].label == "Counterstrike framed within exclusive defense"


# counting integration --------------------------------------------------------------------------------


def _corpus():
    texts = ["Not a preemptive strike. Counterstrike fits exclusive defense.",
             "A preemptive strike. The Self-Defense Forces act in self-defense.",
             "敵基地攻撃能力（反撃能力）を保有する。先制攻撃は許されない。",
             "反撃能力（敵基地攻撃能力）は専守防衛の範囲だ。",
             "Nothing here."]
    return pd.DataFrame({"doc_id": list("abcde"), "text": texts,
                         "date": pd.to_datetime(["2022-01-05", "2022-01-20", "2022-02-01", "2022-02-02",
                                                 "2022-03-01"])})


SPEC = {**SELF_DEFENSE, **PRE, "enemy_base": ["敵基地攻撃能力"],
        "counterstrike": ["counterstrike", "反撃能力"], "exclusive_defense": ["exclusive defense", "専守防衛"],
        "codes": {"legitimised": {"label": "Legitimised", "rule": "counterstrike and exclusive_defense",
                                  "unit": "sentence"},
                  "denial": {"rule": "near(negation, preemptive_all, 3)", "unit": "sentence"}},
        "preemptive_all": ["preemptive", "先制攻撃"]}


def test_count_terms_has_codes_and_primary():
    t = count_terms(_corpus(), SPEC, "month")
    assert list(t.columns[:6]) == ["period", "family", "label", "count", "primary", "docs"]
    got = t.set_index(["period", "family"])
    jan, feb = pd.Period("2022-01", "M"), pd.Period("2022-02", "M")
    assert got.loc[(jan, "preemptive"), "count"] == 1 and got.loc[(jan, "self_defense"), "count"] == 1
    assert got.loc[(feb, "counterstrike"), ["count", "primary", "docs"]].tolist() == [2, 1, 2]
    assert got.loc[(feb, "enemy_base"), ["count", "primary"]].tolist() == [2, 1]
    assert got.loc[(jan, "legitimised"), ["count", "docs", "label"]].tolist() == [1, 1, "Legitimised"]
    assert got.loc[(feb, "legitimised"), "count"] == 1
    assert got.loc[(jan, "denial"), "count"] == 1 and got.loc[(feb, "denial"), "count"] == 1
    n_tok = got.loc[(jan, "denial"), "n_tokens"]
    assert got.loc[(jan, "denial"), "per_10k"] == pytest.approx(1e4 / n_tok)
    assert got.loc[(jan, "denial"), "doc_share"] == 0.5


def test_streamed_count_equals_in_memory(tmp_path):
    corpus = _corpus()
    path = tmp_path / "c.jsonl"
    corpus.assign(date=corpus["date"].dt.strftime("%Y-%m-%d"))[["date", "text"]].to_json(
        path, orient="records", lines=True, force_ascii=False)
    from termshift.stream import count_file

    streamed = count_file(path, SPEC, "month", n_jobs=1, chunk_bytes=200)
    memory = count_terms(ts_pkg.load_corpus(path), SPEC, "month")
    pd.testing.assert_frame_equal(streamed, memory)


def test_dask_count_equals_in_memory():
    dd = pytest.importorskip("dask.dataframe")
    import dask

    from termshift.cluster import count_terms_dask

    corpus = _corpus()
    with dask.config.set(scheduler="synchronous"):
        got = count_terms_dask(dd.from_pandas(corpus, npartitions=2), SPEC, "month")
    want = count_terms(corpus, SPEC, "month")
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True), check_dtype=False)


def test_share_with_codes_and_primary():
    from termshift.stats import share

    corpus = _corpus()
    t = share(corpus, SPEC, "counterstrike", "enemy_base", "month", primary=True, min_docs=1)
    feb = t[t["period"] == pd.Period("2022-02", "M")].iloc[0]
    assert (feb["count_a"], feb["count_b"]) == (1, 1)  # who writes which name first: one each
    t = share(corpus, SPEC, "counterstrike", "enemy_base", "month", min_docs=1)
    feb = t[t["period"] == pd.Period("2022-02", "M")].iloc[0]
    assert (feb["count_a"], feb["count_b"]) == (2, 2)
    t = share(corpus, SPEC, "legitimised", "denial", "month", min_docs=1)
    assert t["count_a"].sum() == 2 and t["count_b"].sum() == 2


def test_primary_on_a_plain_term_set():
    from termshift.stats import share

    plain = {"enemy_base": ["敵基地攻撃能力"], "counterstrike": ["反撃能力"]}
    t = share(_corpus(), plain, "counterstrike", "enemy_base", "month", primary=True, min_docs=1)
    assert t["count_a"].sum() == 1 and t["count_b"].sum() == 1
    dc = document_counts(_corpus(), plain)
    with pytest.raises(Exception, match="with_primary"):
        share(dc, plain, "counterstrike", "enemy_base", "month", primary=True)


def test_shipped_term_file_loads_with_its_rules():
    from termshift.paths import TERMS_FILE

    t = load_terms(TERMS_FILE)
    assert t.has_rules


# A naive reference of the rule layer ----------------------------------------------------------------


def naive_sentence_ids(text):
    """Per character, the number of the sentence it belongs to (the rule of termshift.sentences, by hand)."""
    ids, sid, i = [0] * len(text), 0, 0
    while i < len(text):
        c = text[i]
        blank = re.match(r"\n[^\S\n]*\n", text[i:])
        if blank:
            for j in range(i, i + blank.end()):
                ids[j] = -1
            sid += 1
            i += blank.end()
            continue
        ids[i] = sid
        nxt = text[i + 1] if i + 1 < len(text) else ""
        prev = text[i - 1] if i else ""
        if (c in ".!?" and (nxt == "" or nxt.isspace())) or c in "。！？｡" or (
                c in "!?" and ((prev and is_cjk(prev)) or (nxt and is_cjk(nxt)))):
            sid += 1
        i += 1
    return ids


def naive_paragraph_ids(text):
    ids, pid, i = [0] * len(text), 0, 0
    while i < len(text):
        blank = re.match(r"\n[^\S\n]*\n", text[i:])
        if blank:
            pid += 1
            i += blank.end()
            continue
        ids[i] = pid
        i += 1
    return ids


def naive_between(tokens, a, b):
    first, second = sorted([a, b])
    return sum(1 for s, e in tokens if s >= first[1] and e <= second[0])


def naive_rules(spec, text, japanese):
    """Every column of RuleMatcher.count_text, computed by loops over Matcher.find's matches."""
    t = TermSet.from_dict(spec)
    fams = t.families
    sid = naive_sentence_ids(text)
    # tokens: each sentence segmented on its own (the analyser reads texts in pieces cut at 。 anyway)
    tokens = []
    for k in sorted(set(sid) - {-1}):
        chars = [i for i, x in enumerate(sid) if x == k]
        piece = text[chars[0]:chars[-1] + 1]
        a = chars[0] + len(piece) - len(piece.lstrip())
        starts, ends, _ = token_spans(piece.strip(), "ja" if japanese else "en")
        tokens += list(zip((starts + a).tolist(), (ends + a).tolist()))
    plain = Matcher(TermSet(list(fams.values())))
    found = {f: [] for f in fams}
    for m in plain.find(text):
        found[m.family].append((m.start, m.end))
    kept = {}
    for f, fam in fams.items():
        masks = []
        if fam.exclude:
            masks = [(m.start, m.end) for m in Matcher(TermSet.from_dict({"x": list(fam.exclude)})).find(text)]
        kept[f] = [m for m in found[f] if not any(m[0] < x[1] and x[0] < m[1] for x in masks)]

    def close(m, x, window):
        return sid[m[0]] == sid[x[0]] and naive_between(tokens, m, x) <= window

    counted = {}
    for f, fam in fams.items():
        out = []
        for m in kept[f]:
            ok = True
            if fam.unless:
                ok &= not any(close(m, x, fam.unless.window) for g in fam.unless.near for x in kept[g] if x != m)
            if fam.only:
                ok &= any(close(m, x, fam.only.window) for g in fam.only.near for x in kept[g] if x != m)
            if ok:
                out.append(m)
        counted[f] = out
    glossed = set()
    for f in fams:
        for m in counted[f]:
            for p in range(m[0]):
                if text[p] not in "(（":
                    continue
                depth, close_at = 0, None
                for j in range(p, len(text)):
                    depth += text[j] in "(（"
                    depth -= text[j] in ")）"
                    if depth == 0:
                        close_at = j
                        break
                before = text[:p].rstrip()
                if close_at is not None and m[1] <= close_at and any(
                        x[1] == len(before) for g in fams for x in counted[g]):
                    glossed.add((f, m))
    out = {f: len(counted[f]) for f in fams}

    def holds(tree, unit_of, u):
        kind = tree[0]
        if kind == "id":
            if tree[1] in t.codes:
                return holds(parse_rule(t.codes[tree[1]].rule), unit_of, u)
            return any(unit_of(m[0]) == u for m in counted[tree[1]])
        if kind == "not":
            return not holds(tree[1], unit_of, u)
        if kind in ("and", "or"):
            a, b = holds(tree[1], unit_of, u), holds(tree[2], unit_of, u)
            return (a and b) if kind == "and" else (a or b)
        _, a, b, n = tree
        return any(x != y and unit_of(x[0]) == u and close(x, y, n) and (kind == "near" or x[1] <= y[0])
                   for x in counted[a] for y in counted[b])

    pid = naive_paragraph_ids(text)
    for c in t.codes.values():
        if c.unit == "document":
            units, unit_of = [0], (lambda p: 0)
        elif c.unit == "sentence":
            units = sorted({sid[i] for i, ch in enumerate(text) if not ch.isspace() and sid[i] >= 0})
            unit_of = sid.__getitem__
        else:
            units = sorted({pid[i] for i, ch in enumerate(text) if not ch.isspace()})
            unit_of = pid.__getitem__
        out[c.id] = sum(holds(parse_rule(c.rule), unit_of, u) for u in units)
    for f in fams:
        out[primary_column(f)] = len(counted[f]) - sum(1 for g, _ in glossed if g == f)
    return out


EN_WORDS = ["not", "no", "a", "preemptive", "strike", "self-defense", "forces", "Self-Defense Forces",
            "counterstrike", "capability", "exclusive", "defense", "enemy", "base", "(", ")", ".", "?", "!"]
JA_WORDS = ["反撃能力", "敵基地攻撃能力", "先制攻撃", "は", "を", "許されない", "ではない", "しない", "自衛", "自衛隊",
            "専守防衛", "の", "（", "）", "(", ")", "。", "保有"]
SEPS = [" ", "", "\n", "\n\n", ". ", ", "]
FAMILIES = {"neg": ["not", "no", "許されない", "ではない", "しない"],
            "pre": ["preemptive", "preemptive strike", "先制攻撃"],
            "sd": ["self-defense", "自衛"],
            "cs": ["counterstrike", "counterstrike capability", "反撃能力"],
            "eb": ["enemy base", "敵基地攻撃能力", "攻撃能力"],
            "ed": ["exclusive defense", "専守防衛"]}
IDS = list(FAMILIES)


def rule_trees(depth=2):
    leaf = st.sampled_from(IDS)
    func = st.tuples(st.sampled_from(["near", "seq"]), st.sampled_from(IDS), st.sampled_from(IDS),
                     st.integers(0, 4)).map(lambda t: f"{t[0]}({t[1]}, {t[2]}, {t[3]})")
    base = st.one_of(leaf, func)
    return st.recursive(base, lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        inner.map(lambda r: f"not {r}")), max_leaves=4)


@st.composite
def rule_sets(draw):
    spec = {}
    for f, terms in FAMILIES.items():
        fam = {"terms": terms}
        if draw(st.booleans()):
            fam["exclude"] = draw(st.lists(st.sampled_from(["self-defense forces", "自衛隊", "strike", "能力",
                                                            "enemy base strike", "no"]),
                                           min_size=1, max_size=2, unique=True))
        for kind in ("unless", "only"):
            if draw(st.integers(0, 3)) == 0:
                fam[kind] = {"near": draw(st.lists(st.sampled_from(IDS), min_size=1, max_size=2, unique=True)),
                             "window": draw(st.integers(0, 4))}
        spec[f] = fam
    codes = {}
    for i in range(draw(st.integers(0, 3))):
        codes[f"c{i}"] = {"rule": draw(rule_trees()),
                          "unit": draw(st.sampled_from(["document", "sentence", "paragraph"]))}
    if codes and draw(st.booleans()):
        codes["ref"] = {"rule": f"c0 and not {IDS[0]}", "unit": draw(st.sampled_from(["document", "sentence"]))}
    if codes:
        spec["codes"] = codes
    return spec


@settings(max_examples=150, deadline=None)
@given(rule_sets(), st.lists(st.tuples(st.sampled_from(EN_WORDS), st.sampled_from(SEPS)), max_size=25))
def test_rules_equal_a_naive_reference_english(spec, parts):
    text = "".join(w + s for w, s in parts)
    got = counts(spec, text, "en")
    assert got == naive_rules(spec, text, False)


@settings(max_examples=60, deadline=None)
@given(rule_sets(), st.lists(st.tuples(st.sampled_from(JA_WORDS + EN_WORDS[:4]), st.sampled_from(["", "", "\n\n",
                                                                                                   " "])),
                             min_size=1, max_size=20))
def test_rules_equal_a_naive_reference_japanese(spec, parts):
    import unicodedata

    text = unicodedata.normalize("NFKC", "".join(w + s for w, s in parts))
    got = counts(spec, text, "ja")
    assert got == naive_rules(spec, text, not text.isascii())


def test_naive_reference_on_hand_examples():
    text = "Not a preemptive strike. 反撃能力（敵基地攻撃能力）"
    ref = naive_rules({**FAMILIES, "pre": {"terms": FAMILIES["pre"], "unless": {"near": ["neg"], "window": 1}}},
                      text, False)
    assert ref["pre"] == 0 and ref["neg"] == 1 and ref["eb"] == 1 and ref["eb:primary"] == 0
    assert np.sum([ref["cs"], ref["cs:primary"]]) == 2


def test_kwic_shows_counted_matches_and_code_units():
    from termshift.context import kwic

    corpus = _corpus()
    k = kwic(corpus, SPEC, "preemptive", width=10)
    assert k["match"].tolist() == ["preemptive strike"]  # the denied one is not a counted match
    k = kwic(corpus, SPEC, "counterstrike", width=5)
    assert sorted(k["term"]) == ["counterstrike", "反撃能力", "反撃能力 (gloss)"]
    k = kwic(corpus, SPEC, "legitimised", width=5)
    assert k["match"].tolist() == ["Counterstrike fits exclusive defense.", "反撃能力（敵基地攻撃能力）は専守防衛の範囲だ。"]
    assert k["term"].unique().tolist() == ["sentence: counterstrike and exclusive_defense"]


def test_termshift_count_and_share_from_the_command_line(tmp_path):
    import io
    import json

    from termshift.cli import main

    terms = tmp_path / "t.toml"
    terms.write_text("""
[negation]
terms = ["not"]
[preemptive]
terms = ["preemptive"]
unless = { near = ["negation"], window = 3 }
[counterstrike]
terms = ["counterstrike", "反撃能力"]
[enemy_base]
terms = ["敵基地攻撃能力"]
[codes.denial]
rule = "near(negation, counterstrike, 2) or (counterstrike and enemy_base)"
unit = "sentence"
""", encoding="utf-8")
    rows = [{"date": "2022-01-05", "text": "Not a preemptive strike. A preemptive strike."},
            {"date": "2022-02-01", "text": "反撃能力（敵基地攻撃能力）を持つ。Not counterstrike."}]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "o.csv"
    assert main(["count", str(corpus), "--terms", str(terms), "--out", str(out), "-q"]) == 0
    table = pd.read_csv(out)
    assert list(table.columns[:5]) == ["period", "family", "label", "count", "primary"]
    got = table.set_index(["period", "family"])
    assert got.loc[("2022-01", "preemptive"), "count"] == 1
    assert got.loc[("2022-02", "counterstrike"), ["count", "primary"]].tolist() == [2, 2]
    assert got.loc[("2022-02", "enemy_base"), ["count", "primary"]].tolist() == [1, 0]
    assert got.loc[("2022-02", "denial"), ["count", "docs"]].tolist() == [2, 1]
    assert main(["count", str(corpus), "--terms", str(terms), "--out", str(out), "-q", "--no-stream"]) == 0
    pd.testing.assert_frame_equal(pd.read_csv(out), table)
    assert main(["share", str(corpus), "--terms", str(terms), "--a", "counterstrike", "--b", "enemy_base",
                 "--primary", "--min-docs", "1", "--out", str(out), "-q"]) == 0
    share = pd.read_csv(out)
    assert share["count_a"].tolist() == [0, 2] and share["count_b"].tolist() == [0, 0]
    bad = tmp_path / "bad.toml"
    bad.write_text('[a]\nterms = ["x"]\n[codes.c]\nrule = "a and (b"\n', encoding="utf-8")
    err = io.StringIO()
    from contextlib import redirect_stderr

    with redirect_stderr(err):
        assert main(["count", str(corpus), "--terms", str(bad), "-q"]) != 0
    assert "code 'c': unbalanced parentheses" in err.getvalue() and "Traceback" not in err.getvalue()


def test_trend_and_rates_take_codes():
    from termshift.stats import rates

    t = rates(_corpus(), SPEC, "month", families=["legitimised", "preemptive"])
    assert set(t["family"]) == {"legitimised", "preemptive"}
    assert t.set_index(["period", "family"]).loc[(pd.Period("2022-01", "M"), "legitimised"), "count"] == 1


def test_synthetic_frames_planted_truth_is_counted_exactly():
    from termshift.datasets import synthetic_frames, synthetic_frames_terms

    df = synthetic_frames(n_docs=80, random_state=5)
    assert df.equals(synthetic_frames(n_docs=80, random_state=5))
    dc = document_counts(df, synthetic_frames_terms())
    assert dc["preemptive"].tolist() == df["planted_preemptive"].tolist()
    assert dc["denial"].tolist() == df["planted_denials"].tolist()
    assert dc["legitimised"].tolist() == df["planted_legitimised"].tolist()
    for f in ("counterstrike", "enemy_base"):
        assert dc[f].tolist() == df[f"planted_{f}"].tolist(), f
        assert dc[primary_column(f)].tolist() == df[f"planted_primary_{f}"].tolist(), f


def test_rule_count_in_workers_equals_one_process():
    import termshift.matching as matching

    corpus = pd.concat([_corpus()] * 30, ignore_index=True)
    m = RuleMatcher(TermSet.from_dict(SPEC))
    one = m.count_many(corpus["text"], n_jobs=1, progress=False)
    chunks = matching.text_chunks
    try:  # small chunks, so that two workers share the texts
        matching.text_chunks = lambda texts, target_chars=500: chunks(texts, target_chars)
        two = m.count_many(corpus["text"], n_jobs=2, progress=False)
    finally:
        matching.text_chunks = chunks
    for x, y in zip(one, two):
        assert np.array_equal(x, y)


def test_word_statistics_take_a_term_set_with_codes():
    from termshift.context import cooccurrence

    t = TermSet.from_dict(SPEC)
    assert "legitimised" not in list(t.word_families()) and "self_defense" in t.word_families()
    pairs = cooccurrence(_corpus(), t)
    assert "legitimised" not in set(pairs["family_a"]) | set(pairs["family_b"])
