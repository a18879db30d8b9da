"""The one table of bounds (termshift.bounds): read from the environment, stated where users read them."""

from __future__ import annotations

from pathlib import Path

import pytest

from termshift import bounds
from termshift.bounds import BOUNDS, limit
from termshift.corpus.bounds import past

DOC = Path(__file__).parents[1] / "docs" / "changes" / "issue-20.md"


@pytest.mark.parametrize("name", sorted(BOUNDS))
def test_every_bound_is_in_the_module_table_and_the_guide(name):
    b = BOUNDS[name]
    rows = [line for line in (bounds.__doc__ or "").splitlines() if line.startswith(f"``{name}``")]
    assert len(rows) == 1 and f"``{b.env}``" in rows[0]
    guide = [line for line in DOC.read_text().splitlines() if line.startswith(f"| `{name}`")]
    assert len(guide) == 1 and f"`{b.env}`" in guide[0]


@pytest.mark.parametrize(("raw", "expected"), [("3", 3 * 2**20), ("1_000", 1000 * 2**20), ("0", 2 * 2**20),
                                                ("-4", 2 * 2**20), ("lots", 2 * 2**20), ("", 2 * 2**20)])
def test_a_bound_is_raised_by_its_variable_and_nonsense_keeps_the_default(monkeypatch, raw, expected):
    monkeypatch.setenv("TERMSHIFT_MAX_WEB_PAGE_MB", raw)
    assert limit("web_page_bytes") == expected


def test_the_message_is_one_line_naming_the_bound_and_a_value_that_gets_past_it(monkeypatch):
    monkeypatch.delenv("TERMSHIFT_MAX_ARCHIVE_MEMBERS", raising=False)
    bad = past("archive_members", 250_000, "ZIP archive")
    assert bad.reason == "ZIP archive of 250,000 members is past the bound of 100,000 members (archive_members)"
    assert bad.fix.startswith("raise it with the environment variable TERMSHIFT_MAX_ARCHIVE_MEMBERS=<n> (for example")
    example = int(bad.fix.split("(for example ")[1].split(")")[0])
    monkeypatch.setenv("TERMSHIFT_MAX_ARCHIVE_MEMBERS", str(example))
    assert limit("archive_members") >= 250_000
    big = past("source_bytes", 300_000_016, "archive member")
    example = int(big.fix.split("(for example ")[1].split(")")[0])
    assert example * 2**20 >= 300_000_016 and "\n" not in big.reason + big.fix


@pytest.mark.parametrize(("term", "bound"), [("-".join(["ab"] * 130_000), "term_pieces"), ("a" * 400_000, "term_chars"),
                                             (" ".join(["ab*"] * 257), "term_pieces")])
def test_a_term_too_long_to_compile_quickly_is_named_by_its_bound(tmp_path, term, bound):
    """A 400 KB hyphenated term took over a minute to compile; now one problem line naming the bound."""
    import subprocess
    import sys

    path = tmp_path / "terms.toml"
    path.write_text(f'[fam]\nterms = ["{term}", "counter-strike"]\n')
    child = ("import sys\nfrom termshift import load_terms\nfrom termshift.errors import TermsError\n"
             "try:\n    load_terms(sys.argv[1])\nexcept TermsError as err:\n    print(err.problems)\n")
    run = subprocess.run([sys.executable, "-c", child, str(path)], capture_output=True, timeout=120, text=True)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr[-2000:]
    problems = eval(run.stdout)  # noqa: S307 - the child's repr of a list of str
    assert len(problems) == 1 and f"({bound})" in problems[0] and "\n" not in problems[0]


def test_terms_within_the_bounds_still_compile():
    from termshift.terms import parse_term

    assert len(parse_term("-".join(["ab"] * 256)).pieces) == 256
    assert parse_term("a" * 1000).pieces == (("a" * 1000, False),)
