"""termshift.periods: the period names, every period of a date range, numpy ordinals equal to pandas'."""

import numpy as np
import pandas as pd
import pytest

from termshift.errors import ParameterError
from termshift.periods import (
    FREQS,
    as_periods,
    freq_name,
    parse_period,
    period_codes,
    period_freq,
    period_index,
    period_ordinals,
)

DATES = pd.to_datetime(["2022-01-31", "2022-02-01", "2021-12-31", "2020-02-29", "1969-12-29", "2024-12-30"])


def test_names_and_pandas_aliases_round_trip():
    assert list(FREQS) == ["day", "week", "month", "quarter", "year"]
    for name, alias in FREQS.items():
        assert period_freq(name) == period_freq(alias) == alias
        assert freq_name(alias) == freq_name(name) == name
    with pytest.raises(ParameterError, match="freq='fortnight' is not a period; use one of day, week, month"):
        period_freq("fortnight")


@pytest.mark.parametrize("freq", list(FREQS))
def test_ordinals_are_pandas_ordinals(freq):
    """The numpy-only ordinals (the streamed count's workers) against pandas' own, leap days and weeks
    straddling a year included."""
    days = pd.date_range("1968-12-25", "1971-01-10", freq="D").append(DATES)
    expected = days.to_period(period_freq(freq)).asi8
    assert period_ordinals(days.to_numpy(), freq).tolist() == expected.tolist()


def test_period_index_keeps_every_period_of_the_range_and_codes_point_into_it():
    periods, codes = period_codes(DATES[:3], "month")
    assert [str(p) for p in periods] == ["2021-12", "2022-01", "2022-02"]
    assert [str(periods[c]) for c in codes] == ["2022-01", "2022-02", "2021-12"]
    gaps = period_index(pd.to_datetime(["2020-01-15", "2020-04-01"]), "month")
    assert [str(p) for p in gaps] == ["2020-01", "2020-02", "2020-03", "2020-04"]  # empty months kept
    assert len(period_index(pd.to_datetime([]), "year")) == 0


def test_parse_and_as_periods():
    assert parse_period("2022Q4") == pd.Period("2022Q4", "Q")
    assert parse_period("2022-11") == pd.Period("2022-11", "M")
    assert parse_period(2022, "year") == pd.Period("2022", "Y")
    assert [str(p) for p in as_periods(["2022-01", "2022-03"])] == ["2022-01", "2022-03"]
    with pytest.raises(ParameterError, match="period 'x' is not a period such as 2022-11"):
        as_periods(["x"])
    assert np.array_equal(period_ordinals(DATES.to_numpy(), "quarter"), DATES.to_period("Q").asi8)
