"""Dates as the loader reads them: ISO only, any Unicode digits, inside the range pandas holds.

A date is ``YYYY-MM-DD``, optionally with a time (``T`` or a space, ``HH:MM``,
seconds, fractions) and a UTC offset (``Z``, ``+09:00``, ``-0500``). Digits of any
script (fullwidth, Arabic-Indic, Devanagari ...) count as digits. Ambiguous
forms (``11/12/2022``) are never guessed. The loader holds dates from 1678-01-01
to 2262-04-11 (:data:`MIN_DATE`, :data:`MAX_DATE`: inside the range of pandas'
nanosecond timestamps); a date outside is named as bad input with that range,
never a traceback, and every reader (ISO, written, table columns) uses the same
range and the same words (:data:`RANGE`).

Time zones: by default the *local* calendar date and time are kept, the
publication date a reader of that page saw (``2022-01-31T23:30-05:00`` is
2022-01-31 23:30). With ``utc=True`` the time is converted to UTC first
(2022-02-01 04:30).
"""

from __future__ import annotations

import functools
import re
import unicodedata

import numpy as np
import pandas as pd

from .report import BadInput

__all__ = ["ascii_digits", "parse_date", "column_dates", "written_date", "MIN_DATE", "MAX_DATE", "RANGE"]

MIN_DATE = pd.Timestamp("1678-01-01")
MAX_DATE = pd.Timestamp("2262-04-11")
#: The range as every out-of-range message states it.
RANGE = f"{MIN_DATE:%Y-%m-%d} to {MAX_DATE:%Y-%m-%d}"
_OUTSIDE = f"is outside the range pandas can hold ({RANGE})"
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?"
                  r"(Z|[+-]\d{2}(?::?\d{2})?)?)?", re.ASCII)
_SAFE_YEARS = range(1679, 2262)  # years whose every instant, in any time zone, pandas holds


def ascii_digits(text: str) -> str:
    """``text`` with every decimal digit of any script written as an ASCII digit.

    NFKC folds fullwidth digits but not Arabic-Indic or Devanagari ones;
    :func:`unicodedata.digit` knows them all.

    Examples
    --------
    >>> ascii_digits("\\u0662\\u0660\\u0662\\u0662-\\u0660\\u0661-\\u0660\\u0668")
    '2022-01-08'
    >>> ascii_digits("\\u0968\\u0966\\u0968\\u0968")
    '2022'
    """
    if text.isascii():
        return text
    return "".join(c if c.isascii() or unicodedata.digit(c, None) is None else str(unicodedata.digit(c))
                   for c in text)


def _clean(value) -> str:
    return ascii_digits(unicodedata.normalize("NFKC", value.strip()))


def parse_date(value: str, utc: bool = False) -> pd.Timestamp:
    """One ISO date or date-time as a naive :class:`pandas.Timestamp`; :class:`BadInput` when it is not.

    Examples
    --------
    >>> parse_date("2022-01-31T23:30-05:00"), parse_date("2022-01-31T23:30-05:00", utc=True)
    (Timestamp('2022-01-31 23:30:00'), Timestamp('2022-02-01 04:30:00'))
    >>> parse_date("9999-12-31")
    Traceback (most recent call last):
    ...
    termshift.corpus.report.BadInput: date 9999-12-31 is outside the range pandas can hold (1678-01-01 to 2262-04-11)
    """
    return _parse_date(value, utc)


@functools.lru_cache(maxsize=1 << 16)
def _parse_date(value: str, utc: bool) -> pd.Timestamp:
    # cached: a folder of articles repeats its dates (a Timestamp is immutable; a BadInput is not cached)
    token = _clean(value)
    m = _ISO.fullmatch(token)
    if m is None:
        raise BadInput(f"date {value!r} is not ISO YYYY-MM-DD (ambiguous dates are never guessed)",
                       "write it as YYYY-MM-DD")
    year, month, day, hour, minute, sec, frac, offset = m.groups()
    out_of_range = BadInput(f"date {token} {_OUTSIDE}", "check the year")
    if not 1678 <= int(year) <= 2262:
        raise out_of_range
    try:
        ns = int((frac or "").ljust(9, "0"))
        stamp = pd.Timestamp(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(sec or 0),
                             ns // 1000, nanosecond=ns % 1000)
        if utc and offset:
            stamp = stamp.tz_localize(_tz(offset)).tz_convert("UTC").tz_localize(None)
    except (ValueError, OverflowError) as err:
        if "out of bounds" in str(err).lower() or isinstance(err, OverflowError):
            raise out_of_range from None
        raise BadInput(f"impossible date {token}", "correct the date (YYYY-MM-DD)") from None
    if not MIN_DATE <= stamp.normalize() <= MAX_DATE:
        raise out_of_range
    return stamp


_MONTHS = {name: i for i, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
    ("december", "dec")), start=1) for name in names}
_MONTH = r"(?P<m{n}>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)"
_WRITTEN = re.compile(
    r"\s*(?:" + _WEEKDAY + r",?\s+)?"
    r"(?:" + _MONTH.format(n=1) + r"\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{4})"
    r"|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\.?\s+" + _MONTH.format(n=2) + r",?\s+(?P<y2>\d{4})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2}))"
    r"(?:,?\s+" + _WEEKDAY + r")?"
    r"(?:,?\s+(?P<hh>\d{1,2}):(?P<mm>\d{2})(?::\d{2})?\s*(?P<ampm>[ap]\.?m\.?)?)?"
    r"(?:\s+(?:[A-Z]{2,5}[+-]\d{1,2}(?::?\d{2})?|[A-Z]{2,5}))?\s*(?P<rest>.*)", re.IGNORECASE)
_EDITION = re.compile(r"(?:\w+\s+)*edition\b.*|correction appended|updated?\b.*|\d{1,2}:\d{2}.*|$", re.IGNORECASE)


def written_date(line: str, *, whole: bool = True) -> pd.Timestamp | None:
    """The date written in a news export's date line, or None when the line is not a date line.

    Reads the forms news databases print: ``January 11, 2010 Monday``, ``January 8, 2010``,
    ``July 1, 2019 Monday 9:20 AM GMT``, ``11 January 2010``, ``Jan 11, 2010``, ``Monday, January 11,
    2010``, ``2010-01-11``; month names in English, full or abbreviated, any case. The time, if any, is
    dropped: the date is the calendar date printed. With ``whole=True`` (the default) nothing but an
    edition note (``Final Edition``) may follow the date; with ``whole=False`` any text may.
    A date that does not exist (``February 30, 2010``) raises :class:`BadInput`; numeric forms
    such as ``11/01/2010`` are never guessed (None).

    Examples
    --------
    >>> written_date("January 11, 2010 Monday"), written_date("July 1, 2019 Monday 9:20 AM GMT")
    (Timestamp('2010-01-11 00:00:00'), Timestamp('2019-07-01 00:00:00'))
    >>> written_date("11 January 2010"), written_date("11/01/2010"), written_date("Budget row deepens")
    (Timestamp('2010-01-11 00:00:00'), None, None)
    >>> written_date("January 11, 2262")  # inside the range the messages state
    Timestamp('2262-01-11 00:00:00')
    >>> written_date("May 1, 2262")
    Traceback (most recent call last):
    ...
    termshift.corpus.report.BadInput: date 'May 1, 2262' is outside the range pandas can hold (1678-01-01 to 2262-04-11)
    """
    line = ascii_digits(unicodedata.normalize("NFKC", line))
    m = _WRITTEN.match(line)
    if m is None or (whole and not _EDITION.fullmatch(m.group("rest").strip())):
        return None
    g = m.groupdict()
    if g["y3"]:
        year, month, day = int(g["y3"]), int(g["m3"]), int(g["d3"])
    else:
        year = int(g["y1"] or g["y2"])
        month = _MONTHS[(g["m1"] or g["m2"]).lower()]
        day = int(g["d1"] or g["d2"])
    out_of_range = BadInput(f"date {line.strip()!r} {_OUTSIDE}", "check the year")
    if not MIN_DATE.year <= year <= MAX_DATE.year:
        raise out_of_range
    try:
        stamp = pd.Timestamp(year, month, day)
    except ValueError:
        raise BadInput(f"impossible date {line.strip()!r}", "correct the date in the export") from None
    if not MIN_DATE <= stamp <= MAX_DATE:
        raise out_of_range
    return stamp


def _tz(offset: str):
    import datetime as dt

    if offset == "Z":
        return dt.UTC
    sign = -1 if offset[0] == "-" else 1
    digits = offset[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
    return dt.timezone(sign * dt.timedelta(minutes=minutes))


def column_dates(values: pd.Series, utc: bool = False) -> tuple[pd.Series, list]:
    """Dates of a table column and, per row, None or the reason the date is bad.

    Text is parsed as ISO (see :func:`parse_date`); a datetime column is taken as it
    is (time-zone-aware: local time, or UTC with ``utc=True``).

    Examples
    --------
    >>> dates, why = column_dates(pd.Series(["2022-01-31T23:30-05:00", "0000-01-01", None]))
    >>> dates.tolist()[0], why[1:]
    (Timestamp('2022-01-31 23:30:00'), ['date 0000-01-01 is outside the range pandas can hold (1678-01-01 to \
2262-04-11); check the year', 'missing date; give every row an ISO date (YYYY-MM-DD) or remove it'])
    """
    n = len(values)
    reasons: list[str | None] = [None] * n
    if isinstance(values.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_any_dtype(values):
        return _datetime_column(values, utc, reasons)
    texts = [_as_date_text(v) for v in values.tolist()]
    parsed = _parse_unique({v for v in texts if v is not None}, utc)
    stamps = np.full(n, np.datetime64("NaT", "ns"))
    for i, v in enumerate(texts):
        got = parsed.get(v)
        if v is None:
            reasons[i] = "missing date; give every row an ISO date (YYYY-MM-DD) or remove it"
        elif isinstance(got, BadInput):
            reasons[i] = f"{got.reason}; {got.fix}"
        elif got is not None:
            stamps[i] = got.to_datetime64()
    return pd.Series(stamps, index=values.index, dtype="datetime64[ns]"), reasons


_FAST_YEARS = {str(y) for y in _SAFE_YEARS}


def _parse_unique(uniq, utc: bool) -> dict:
    """Each distinct date text -> Timestamp or BadInput; the common case parsed by pandas in bulk."""
    fast, slow = {}, []
    for v in uniq:
        token = _clean(v)
        m = _ISO.fullmatch(token)
        if m is None or token[:4] not in _FAST_YEARS:
            slow.append(v)
        else:
            fast[v] = token[:m.start(8)] if (m.group(8) and not utc) else token
    parsed = {}
    if fast:
        keys = list(fast)
        try:
            stamps = pd.to_datetime(pd.Series([fast[k] for k in keys], dtype=object), format="ISO8601",
                                    errors="coerce", utc=utc)
            if utc:
                stamps = stamps.dt.tz_localize(None)
            stamps = stamps.astype("datetime64[ns]")
        except (ValueError, OverflowError):
            slow += keys
        else:
            for k, t in zip(keys, stamps):
                if pd.isna(t):
                    slow.append(k)
                else:
                    parsed[k] = t
    for v in slow:
        try:
            parsed[v] = parse_date(v, utc)
        except BadInput as bad:
            parsed[v] = bad
    return parsed


def _as_date_text(v):
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT or v is pd.NA:
        return None
    if hasattr(v, "isoformat"):
        return v.isoformat()
    v = str(v)
    return v if v.strip() else None


def _datetime_column(values, utc, reasons):
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_convert("UTC").dt.tz_localize(None) if utc else values.dt.tz_localize(None)
    days = values.dt.normalize()
    out = ~values.isna() & ((days < MIN_DATE) | (days > MAX_DATE))
    for i, (missing, bad, v) in enumerate(zip(values.isna(), out, values.astype(str))):
        if missing:
            reasons[i] = "missing date; give every row a date or remove it"
        elif bad:
            reasons[i] = f"date {v} {_OUTSIDE}; check the year"
    return values.where(~out).astype("datetime64[ns]"), reasons
