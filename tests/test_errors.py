"""termshift.errors: one error style -- every problem one line with its fix, under an optional header."""

import pytest

from termshift.errors import CorpusError, ParameterError, TermsError, TermshiftError


def test_problems_are_one_line_each_under_the_header():
    err = ParameterError(["a: fix a", "b: fix b"], header="bad args")
    assert err.problems == ["a: fix a", "b: fix b"] and err.header == "bad args"
    assert str(err) == "bad args\n  a: fix a\n  b: fix b"
    assert str(CorpusError(["x.txt: no date; add a date line"])) == "x.txt: no date; add a date line"


@pytest.mark.parametrize("kind", [CorpusError, TermsError, ParameterError])
def test_every_error_is_a_termshift_error_and_a_value_error(kind):
    err = kind(["p: fix"])
    assert isinstance(err, TermshiftError) and isinstance(err, ValueError)
    with pytest.raises(TermshiftError):
        raise err
