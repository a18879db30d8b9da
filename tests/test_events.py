"""termshift.events: dated events from TOML, sorted, every problem of a bad file named at once."""

import pandas as pd
import pytest

from termshift.events import EventsError, load_events
from termshift.examples import example_file


def test_the_shipped_events():
    events = load_events()
    assert events.columns.tolist() == ["date", "label", "note"]
    assert events["date"].tolist() == [pd.Timestamp("2022-11-22"), pd.Timestamp("2022-12-16")]
    assert events.equals(load_events(example_file("events.toml")))


def test_a_file_of_events_is_sorted_by_date_and_a_missing_note_is_empty(tmp_path):
    path = tmp_path / "events.toml"
    path.write_text('[[event]]\ndate = 2021-05-01\nlabel = "b"\n\n'
                    '[[event]]\ndate = "2020-01-02"\nlabel = "a"\nnote = "first"\n', encoding="utf-8")
    events = load_events(path)
    assert events.to_dict("list") == {"date": [pd.Timestamp("2020-01-02"), pd.Timestamp("2021-05-01")],
                                      "label": ["a", "b"], "note": ["first", ""]}


def test_every_problem_is_one_line_with_its_fix(tmp_path):
    path = tmp_path / "ev.toml"
    path.write_text('[[event]]\ndate = "2022-13-01"\nlabel = "x"\n\n'
                    '[[event]]\nlabel = "no date"\ncolour = "red"\n', encoding="utf-8")
    with pytest.raises(EventsError) as caught:
        load_events(path)
    lines = str(caught.value).splitlines()
    assert lines[0] == f"3 problem(s) in the events of {path}:" and len(lines) == 4
    assert "event 1 ('x'): bad date '2022-13-01'; write an ISO date such as 2022-12-16" in lines[1]
    assert "event 2 ('no date'): unknown key(s) colour; use date, label, note" in lines[2]
    assert "event 2 ('no date'): no date; add date = YYYY-MM-DD" in lines[3]
