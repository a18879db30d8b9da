"""Dated events drawn as markers on trajectories.

An events file is TOML, one ``[[event]]`` table per event::

    [[event]]
    date = 2022-12-16
    label = "New security documents adopted"
    note = "National Security Strategy, National Defense Strategy, Defense Buildup Program."

``date`` is a TOML date (or an ISO date string), ``label`` the short text
shown on figures, ``note`` optional context that is never drawn.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pandas as pd

from ._toml import read_toml
from .errors import ParameterError

__all__ = ["load_events", "EventsError"]

_ALLOWED_KEYS = {"date", "label", "note"}


class EventsError(ParameterError):
    """An events file is missing, not TOML, or has a bad entry."""


def _entry_date(value):
    """A ``datetime.date`` from a TOML date or an ISO date string, else None."""
    if isinstance(value, _dt.datetime):
        return value.date() if value.tzinfo is None else None
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def load_events(path=None) -> pd.DataFrame:
    """Load dated events from a TOML file.

    Parameters
    ----------
    path : str or Path, optional
        A TOML file with one ``[[event]]`` table per event (``date``,
        ``label``, optional ``note``). Default: the events of the Japanese
        defense-policy case shipped with the package
        (``termshift.datasets.example_file("events.toml")``).

    Returns
    -------
    DataFrame
        Columns ``date`` (datetime64), ``label`` and ``note`` (empty string
        when absent), sorted by date (file order among equal dates).

    Raises
    ------
    EventsError
        The file cannot be read or parsed, or entries are malformed; one line
        per problem, naming the file and the entry.

    Examples
    --------
    >>> events = load_events()
    >>> events.loc[events.label == "New security documents adopted", "date"].dt.strftime("%Y-%m-%d").tolist()
    ['2022-12-16']
    """
    if path is None:
        from .datasets import example_file

        path = example_file("events.toml")
    path = Path(path)
    data = read_toml(path, EventsError, fix="fix the syntax (dates are written 2022-12-16)")
    unknown = sorted(set(data) - {"event"})
    entries = data.get("event", [])
    problems = []
    if unknown:
        problems.append(f"{path}: unknown table(s) {', '.join(unknown)}; write each event as [[event]]")
    if not isinstance(entries, list):
        raise EventsError(problems + [f"{path}: 'event' must be an array of tables; write each event as [[event]]"])
    rows = []
    for i, entry in enumerate(entries, 1):
        where = f"{path}: event {i}"
        if isinstance(entry, dict) and isinstance(entry.get("label"), str):
            where += f" ({entry['label']!r})"
        if not isinstance(entry, dict):
            problems.append(f"{where}: not a table; write [[event]] then date = ... and label = \"...\"")
            continue
        extra = sorted(set(entry) - _ALLOWED_KEYS)
        if extra:
            problems.append(f"{where}: unknown key(s) {', '.join(extra)}; use date, label, note")
        date = _entry_date(entry.get("date"))
        if "date" not in entry:
            problems.append(f"{where}: no date; add date = YYYY-MM-DD")
        elif date is None:
            problems.append(f"{where}: bad date {entry['date']!r}; write an ISO date such as 2022-12-16")
        label = entry.get("label")
        if not isinstance(label, str) or not label.strip():
            problems.append(f"{where}: no label; add label = \"...\" (the text shown on figures)")
        note = entry.get("note", "")
        if not isinstance(note, str):
            problems.append(f"{where}: note must be a string")
        rows.append((date, label, note))
    if problems:
        raise EventsError(problems, header=f"{len(problems)} problem(s) in the events of {path}:")
    frame = pd.DataFrame({
        "date": pd.to_datetime([d for d, _, _ in rows]).astype("datetime64[ns]"),
        "label": pd.Series([str(label).strip() for _, label, _ in rows], dtype=object),
        "note": pd.Series([note for _, _, note in rows], dtype=object),
    })
    return frame.sort_values("date", kind="stable").reset_index(drop=True)
