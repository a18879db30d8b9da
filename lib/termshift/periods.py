"""Periods: the one definition of "day", "week", "month", "quarter" and "year".

Every function that groups documents by time takes ``freq`` as one of
:data:`FREQS` (or its pandas alias) and works through this module. In Python a
period is a :class:`pandas.Period` (a ``period[M]`` column in tables); it
becomes text (``2022-11``, ``2022Q4``, ``2022``, ``2022-11-28/2022-12-04``)
only when written to a file. Outputs name the frequency as the user wrote it
(``"month"``), never as pandas spells it (``"M"``).

Examples
--------
>>> period_freq("month"), freq_name("M")
('M', 'month')
>>> import pandas as pd
>>> periods, codes = period_codes(pd.to_datetime(["2022-11-30", "2023-02-01"]), "month")
>>> [str(p) for p in periods], codes.tolist()
(['2022-11', '2022-12', '2023-01', '2023-02'], [0, 3])
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import numpy as np

from .errors import ParameterError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FREQS", "period_freq", "freq_name", "period_index", "period_codes", "period_ordinals", "parse_period",
           "as_periods"]

#: The period names accepted wherever a ``freq`` is asked for, and their pandas aliases.
FREQS = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}
_ALIASES = {**FREQS, **{v: v for v in FREQS.values()}, **{v.lower(): v for v in FREQS.values()},
            "a": "Y", "A": "Y", "W-SUN": "W", "Y-DEC": "Y", "A-DEC": "Y", "Q-DEC": "Q"}
_NAMES = {v: k for k, v in FREQS.items()}


def period_freq(freq) -> str:
    """Normalise a period name ("month", "M", "quarter", ...) to its pandas alias.

    Raises
    ------
    ParameterError
        ``freq`` is not one of :data:`FREQS` or their aliases.

    Examples
    --------
    >>> period_freq("month"), period_freq("Q"), period_freq("year")
    ('M', 'Q', 'Y')
    >>> period_freq("fortnight")
    Traceback (most recent call last):
    ...
    termshift.errors.ParameterError: freq='fortnight' is not a period; use one of day, week, month, quarter, year
    """
    pd = sys.modules.get("pandas")  # a DateOffset exists only once pandas is loaded (the CLI starts without it)
    if pd is not None and isinstance(freq, pd.offsets.DateOffset):
        freq = freq.freqstr if hasattr(freq, "freqstr") else str(freq)
    try:
        return _ALIASES[freq]
    except (KeyError, TypeError):
        raise ParameterError([f"freq={freq!r} is not a period; use one of {', '.join(FREQS)}"]) from None


def freq_name(freq) -> str:
    """The user's name of a period ("month") for any accepted spelling.

    Examples
    --------
    >>> freq_name("M"), freq_name("quarter")
    ('month', 'quarter')
    """
    return _NAMES[period_freq(freq)]


def period_index(dates, freq="month") -> pd.PeriodIndex:
    """Every period from the first to the last date (inclusive), gaps included.

    Examples
    --------
    >>> import pandas as pd
    >>> list(period_index(pd.to_datetime(["2022-11-30", "2023-02-01"]), "month").astype(str))
    ['2022-11', '2022-12', '2023-01', '2023-02']
    """
    import pandas as pd

    f = period_freq(freq)
    dates = pd.to_datetime(pd.Series(dates))
    if dates.empty or dates.isna().all():
        return pd.PeriodIndex([], freq=f)
    return pd.period_range(dates.min().to_period(f), dates.max().to_period(f), freq=f)


def period_codes(dates, freq="month") -> tuple[pd.PeriodIndex, np.ndarray]:
    """Every period of the date range, and the position of each date's period in it.

    Examples
    --------
    >>> import pandas as pd
    >>> periods, codes = period_codes(pd.to_datetime(["2022-03-01", "2022-01-09"]), "quarter")
    >>> [str(p) for p in periods], codes.tolist()
    (['2022Q1'], [0, 0])
    """
    import pandas as pd

    f = period_freq(freq)
    dates = pd.to_datetime(pd.Series(np.asarray(dates)))
    periods = period_index(dates, f)
    codes = periods.get_indexer(pd.PeriodIndex(dates.dt.to_period(f)))
    return periods, np.asarray(codes, dtype=np.int64)


def period_ordinals(dates, freq="month") -> np.ndarray:
    """The pandas ordinal of each date's period, computed with numpy alone (no pandas needed).

    The ordinal is what ``pandas.Period(date, freq).ordinal`` holds: days,
    weeks (Monday to Sunday, ``W-SUN``), months, quarters or years since 1970,
    so ``pandas.PeriodIndex.from_ordinals`` turns them back into periods. The
    streamed count sums each chunk per period in its workers with it, before
    pandas is loaded.

    Examples
    --------
    >>> import numpy as np
    >>> days = np.array(["1969-12-31", "1970-01-05", "2022-11-30"], dtype="datetime64[ns]")
    >>> period_ordinals(days, "month").tolist(), period_ordinals(days, "week").tolist()
    ([-1, 0, 634], [1, 2, 2762])
    """
    f = period_freq(freq)
    dates = np.asarray(dates, dtype="datetime64[ns]")
    if f == "D":
        return dates.astype("datetime64[D]").astype(np.int64)
    if f == "W":  # 1969-12-29 (a Monday) starts week 1
        return (dates.astype("datetime64[D]").astype(np.int64) + 3) // 7 + 1
    if f == "Y":
        return dates.astype("datetime64[Y]").astype(np.int64)
    months = dates.astype("datetime64[M]").astype(np.int64)
    return months // 3 if f == "Q" else months


def parse_period(value, freq=None) -> pd.Period:
    """A :class:`pandas.Period` from a Period or the text a table holds.

    Weekly periods written as ``2022-11-28/2022-12-04`` are read back as weeks.

    Examples
    --------
    >>> parse_period("2022Q4"), parse_period("2022-11-28/2022-12-04")
    (Period('2022Q4', 'Q-DEC'), Period('2022-11-28/2022-12-04', 'W-SUN'))
    """
    import pandas as pd

    if isinstance(value, pd.Period):
        return value if freq is None else value.asfreq(period_freq(freq))
    s = str(value).strip()
    try:
        if "/" in s:
            return pd.Period(s.split("/")[0], freq="W")
        return pd.Period(s) if freq is None else pd.Period(s, freq=period_freq(freq))
    except (ValueError, TypeError):
        raise ParameterError([f"period {value!r} is not a period such as 2022-11, 2022Q4, 2022 or 2022-11-30"]) \
            from None


def as_periods(values, what="period") -> pd.PeriodIndex:
    """A column of periods (Period dtype or text) as one :class:`pandas.PeriodIndex`.

    Raises
    ------
    ParameterError
        Periods of different lengths are mixed.

    Examples
    --------
    >>> as_periods(["2022-11", "2022-12"]).freqstr
    'M'
    """
    import pandas as pd

    dtype = getattr(values, "dtype", None)
    if isinstance(dtype, pd.PeriodDtype):
        return pd.PeriodIndex(values)
    uniq = pd.unique(pd.Series(list(values), dtype=object))
    parsed = {v: parse_period(v) for v in uniq}
    freqs = sorted({p.freqstr for p in parsed.values()})
    if len(freqs) > 1:
        raise ParameterError([f"{what}: periods of different lengths ({', '.join(freqs)}); use one period length"])
    if not parsed:
        return pd.PeriodIndex([], freq="M")
    return pd.PeriodIndex([parsed[v] for v in values], freq=next(iter(parsed.values())).freq)
