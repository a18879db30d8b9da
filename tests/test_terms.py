"""Term-family files: loading, validation errors that name the family."""

import pytest

from termshift import TermsError, TermSet, load_terms
from termshift.paths import TERMS_FILE
from termshift.terms import normalize_term, term_pattern


def test_shipped_families_cover_the_study():
    ts = load_terms(TERMS_FILE)
    assert list(ts) == ["preemptive", "counterstrike", "enemy_base", "exclusive_defense", "self_defense",
                        "deterrence"]
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
