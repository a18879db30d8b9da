"""The date window: inclusive ISO dates, documents outside reported, periods of the window."""

from __future__ import annotations

import pandas as pd
import pytest

from termshift.corpus.window import apply_window, check_window, window_periods
from termshift.errors import ParameterError

FRAME = pd.DataFrame({"date": pd.to_datetime(["2017-05-01 00:00", "2022-01-01 00:00", "2022-12-31 23:59", "2023-01-01 00:00"]),
                      "doc_id": list("abcd")})


def test_both_ends_are_inclusive_whole_days():
    kept, note = apply_window(FRAME, "2022-01-01", "2022-12-31")
    assert kept["doc_id"].tolist() == ["b", "c"]
    assert note == "outside the window 2022-01-01 to 2022-12-31: 2 document(s) (1 before, 1 after)"


def test_open_ended_windows_and_no_window():
    assert apply_window(FRAME, start="2022-06-01")[0]["doc_id"].tolist() == ["c", "d"]
    assert apply_window(FRAME, end="2017-05-01")[0]["doc_id"].tolist() == ["a"]
    kept, note = apply_window(FRAME)
    assert kept is FRAME and note is None


def test_bad_windows_list_every_problem():
    with pytest.raises(ParameterError) as err:
        check_window("2022/01/01", "yesterday")
    assert len(err.value.problems) == 2
    with pytest.raises(ParameterError, match="is after"):
        check_window("2023-01-01", "2022-01-01")


def test_periods_cover_the_window_even_where_empty():
    got = window_periods(pd.PeriodIndex(["2022-05"], freq="Q"), "Q", "2022-01-01", "2022-12-31")
    assert got.astype(str).tolist() == ["2022Q1", "2022Q2", "2022Q3", "2022Q4"]
