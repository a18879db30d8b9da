"""Term and event files under hostile input (termshift._toml): bounds checked before parsing, one line each."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from termshift._toml import read_toml, toml_shape
from termshift.errors import TermsError

_CHILD = """
import sys
from termshift import load_terms
from termshift.errors import TermsError
try:
    load_terms(sys.argv[1])
except TermsError as err:
    print(err)
"""


@pytest.mark.parametrize(("text", "bound"), [
    ("[fam]\nterms = " + "[" * 50_000 + "]" * 50_000 + "\n", "toml_nesting"),
    ("[fam]\nterms = " + "{a = " * 50_000 + "1" + "}" * 50_000 + "\n", "toml_nesting"),
    ("[fam]\nterms = [" + "{a = [" * 25_000 + "]}" * 25_000 + "]\n", "toml_nesting"),
    ("a" + ".a" * 199_999 + " = 1\n", "toml_key_parts"),
    ("[" + ".".join(["t"] * 200_000) + "]\nx = 1\n", "toml_key_parts"),
    ("x = {" + ".".join(["k"] * 200_000) + " = 1}\n", "toml_key_parts"),
])
def test_deep_nesting_and_long_dotted_keys_are_one_line_errors_naming_the_bound(tmp_path, text, bound):
    """50,000 levels gave an internal RecursionError; a key of 200,000 parts took minutes.
    The child has a generous timeout: it must finish, not race a clock."""
    path = tmp_path / "terms.toml"
    path.write_text(text)
    run = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, timeout=120)
    assert run.returncode == 0 and b"Traceback" not in run.stderr, run.stderr.decode()[-2000:]
    out = run.stdout.decode().strip()
    assert out.count("\n") == 0 and f"({bound})" in out and "TERMSHIFT_MAX_TOML_" in out, out
    assert out.startswith(str(path))


def test_the_bounds_can_be_raised(tmp_path, monkeypatch):
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * 80 + "]" * 80 + "\n")
    with pytest.raises(TermsError, match=r"past the bound of 64 levels \(toml_nesting\)"):
        read_toml(path, TermsError)
    monkeypatch.setenv("TERMSHIFT_MAX_TOML_NESTING", "100")
    assert read_toml(path, TermsError) == tomllib.loads(path.read_text())


def test_the_size_bound_names_its_variable(tmp_path, monkeypatch):
    path = tmp_path / "big.toml"
    path.write_text("x = '" + "a" * (2 << 20) + "'\n")
    monkeypatch.setenv("TERMSHIFT_MAX_TOML_MB", "1")
    with pytest.raises(TermsError, match=r"past the bound of 1 MB \(toml_bytes\).*TERMSHIFT_MAX_TOML_MB"):
        read_toml(path, TermsError)


def test_brackets_dots_and_hashes_inside_strings_and_comments_do_not_count():
    text = ('# [[[[[[ a.b.c.d\n[families."a.b.c.d.e.f"]\nterms = ["[[[[", \'{{{{\', """\n[[[[\n"""]\n'
            "note = '''a.b.c.d.e.f.g'''\nx = 1.5\ny = [1.5, 2.5, 3.5]\nz = {k.v = 1, w = [[1], [2]]}\n")
    os.environ.pop("TERMSHIFT_MAX_TOML_KEY_PARTS", None)
    assert toml_shape(text.replace("a.b.c.d.e.f", ".".join("a" * 200))) is None
    assert tomllib.loads(text)["families"]["a.b.c.d.e.f"]["z"] == {"k": {"v": 1}, "w": [[1], [2]]}
    assert toml_shape(text) is None


_KEY = st.text(alphabet="abcxyz_", min_size=1, max_size=4)
_LEAF = st.one_of(st.integers(-5, 5), st.text(alphabet="a[]{}.#'\"\\ ", max_size=8), st.floats(0, 9))
_VALUE = st.recursive(_LEAF, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                      st.dictionaries(_KEY, inner, max_size=3)), max_leaves=12)


def _inline(v) -> str:
    if isinstance(v, list):
        return "[" + ", ".join(_inline(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k} = {_inline(x)}" for k, x in v.items()) + "}"
    if isinstance(v, str):
        return json.dumps(v)
    return repr(v)


def _depth(v) -> int:
    if isinstance(v, list):
        return 1 + max((_depth(x) for x in v), default=0)
    if isinstance(v, dict):
        return 1 + max((_depth(x) for x in v.values()), default=0)
    return 0


@settings(max_examples=200, deadline=None)
@given(doc=st.dictionaries(_KEY, st.dictionaries(_KEY, _VALUE, max_size=4), max_size=4))
def test_the_measured_nesting_agrees_with_the_parsed_document(doc):
    """Against an independent measure: the depth of the values, written inline (and checked by tomllib)."""
    text = "".join(f"[{t}]\n" + "".join(f"{k} = {_inline(v)}\n" for k, v in table.items()) for t, table in doc.items())
    assert tomllib.loads(text) == doc
    nesting = max((_depth(v) for table in doc.values() for v in table.values()), default=0)
    os.environ["TERMSHIFT_MAX_TOML_NESTING"] = str(max(nesting, 1))
    try:
        assert toml_shape(text) is None
        if nesting > 1:
            os.environ["TERMSHIFT_MAX_TOML_NESTING"] = str(nesting - 1)
            got = toml_shape(text)
            assert got is not None and got[0] == "toml_nesting"
    finally:
        del os.environ["TERMSHIFT_MAX_TOML_NESTING"]
def test_reads_utf8_with_or_without_bom(tmp_path):
    path = tmp_path / "t.toml"
    path.write_bytes("\ufeff[a]\nlabel = \"反撃\"\n".encode())
    assert read_toml(path, TermsError) == {"a": {"label": "反撃"}}


@pytest.mark.parametrize("setup,message", [
    (lambda p: None, "cannot be read (No such file or directory); check the path"),
    (lambda p: p.mkdir(), "is a folder, not a TOML file; give the path of a .toml file"),
    (lambda p: p.write_bytes(b"[a\n"), "not valid TOML ("),
    (lambda p: p.write_bytes(b"a = \"\xff\"\n"), "not valid TOML ("),
])
def test_every_failure_is_one_line_naming_the_file(tmp_path, setup, message):
    path = tmp_path / "terms.toml"
    setup(path)
    with pytest.raises(TermsError) as caught:
        read_toml(path, TermsError)
    line = str(caught.value)
    assert "\n" not in line and line.startswith(f"{path}: ") and message in line
