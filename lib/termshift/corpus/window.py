"""A date window: keep the documents dated from ``start`` to ``end`` (ISO dates, both inclusive).

Documents outside the window are counted and reported ("outside the window:
N"), never dropped silently, and the periods of every table made from the
result are those of the window (:func:`window_periods`), so an empty month at
the window's edge is still a row.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"date": pd.to_datetime(["2017-05-01", "2022-04-10", "2022-12-16", "2025-01-01"])})
>>> kept, note = apply_window(frame, "2022-01-01", "2022-12-31")
>>> kept["date"].dt.strftime("%Y-%m-%d").tolist(), note
(['2022-04-10', '2022-12-16'], 'outside the window 2022-01-01 to 2022-12-31: 2 document(s) (1 before, 1 after)')
"""

from __future__ import annotations

import re

from ..errors import ParameterError

__all__ = ["check_window", "apply_window", "window_periods", "WINDOW_KEY"]

#: Key of a corpus's ``attrs`` holding the date window ``(start, end)`` (ISO dates, either None) it was
#: loaded with; the counts read it so that their periods are the window's.
WINDOW_KEY = "termshift.window"

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def check_window(start=None, end=None, problems=None):
    """``(start, end)`` as pandas Timestamps (None where not given); every problem listed.

    >>> check_window("2022-01-01", None)
    (Timestamp('2022-01-01 00:00:00'), None)
    >>> check_window("2022-13-01", "2021-01-01")
    Traceback (most recent call last):
    ...
    termshift.errors.ParameterError: start='2022-13-01': give an ISO date such as 2022-01-31 (CLI --start)
    """
    import pandas as pd

    own = problems is None
    problems = [] if own else problems
    out = []
    for name, value in (("start", start), ("end", end)):
        if value is None:
            out.append(None)
            continue
        if isinstance(value, pd.Timestamp):
            out.append(value.tz_localize(None) if value.tzinfo else value)
            continue
        text = str(value).strip()
        try:
            if not _ISO.match(text):
                raise ValueError(text)
            out.append(pd.Timestamp(text))
        except ValueError:
            problems.append(f"{name}={value!r}: give an ISO date such as 2022-01-31 (CLI --{name})")
            out.append(None)
    if out[0] is not None and out[1] is not None and out[0] > out[1]:
        problems.append(f"start={start!r} is after end={end!r}: give the earlier date as start")
    if own and problems:
        raise ParameterError(problems)
    return out[0], out[1]


def apply_window(frame, start=None, end=None):
    """The rows of ``frame`` dated within ``[start, end]`` (whole days) and a note on the rest (None if none).

    ``end`` is inclusive: a document dated at any time on the end day is kept.
    """
    import pandas as pd

    start, end = check_window(start, end)
    if start is None and end is None:
        return frame, None
    dates = pd.to_datetime(frame["date"])
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    before = dates < start if start is not None else pd.Series(False, index=frame.index)
    after = dates >= end + pd.Timedelta(days=1) if end is not None else pd.Series(False, index=frame.index)
    outside = before | after
    span = f"{'the beginning' if start is None else start.date()} to {'the end' if end is None else end.date()}"
    note = (f"outside the window {span}: {int(outside.sum())} document(s) ({int(before.sum())} before, "
            f"{int(after.sum())} after)") if outside.any() else None
    kept = frame.loc[~outside]
    if len(kept) < len(frame):
        kept = kept.reset_index(drop=True)
    return kept, note


def window_periods(periods, freq, start=None, end=None):
    """``periods`` (a PeriodIndex) extended to cover the window's first and last periods, in order.

    >>> import pandas as pd
    >>> window_periods(pd.PeriodIndex(["2022-03"], freq="M"), "M", "2022-01-15", "2022-04-01").astype(str).tolist()
    ['2022-01', '2022-02', '2022-03', '2022-04']
    """
    import pandas as pd

    start, end = check_window(start, end)
    if start is None and end is None:
        return periods
    lo = [p for p in [periods.min() if len(periods) else None, start and start.to_period(freq)] if p is not None]
    hi = [p for p in [periods.max() if len(periods) else None, end and end.to_period(freq)] if p is not None]
    first = pd.Period(start, freq) if start is not None else min(lo)
    last = pd.Period(end, freq) if end is not None else max(hi)
    return pd.period_range(first, last, freq=freq)
