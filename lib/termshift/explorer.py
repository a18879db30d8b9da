"""An interactive explorer for notebooks: pick families and a period, see counts and KWIC lines.

:func:`explore` counts the corpus once (:func:`~termshift.document_counts`,
:func:`~termshift.aggregate`) and shows, with ipywidgets, a family picker and
a period picker above two tables that follow them: the counts per period
(``count``, ``docs``, ``per_10k`` of each chosen family) and the KWIC lines
of the chosen families in the chosen period. :meth:`Explorer.update` is the
callback the widgets call, usable without a browser.

Where ipywidgets cannot be imported (a plain Python session, a JupyterLab
without the extension's package), :func:`explore` returns the static table of
counts instead, with a note saying how to get the widgets.
"""

from __future__ import annotations

import pandas as pd

from ._validation import check_corpus, check_int, raise_problems
from .periods import freq_name, period_freq
from .terms import as_termset

__all__ = ["Explorer", "explore", "static_table", "ALL_PERIODS", "WIDGETS_NOTE"]

#: The period picker's first choice: every period.
ALL_PERIODS = "all periods"
#: What the static fallback says.
WIDGETS_NOTE = ("ipywidgets is not installed here, so this is a static table of counts per period and family; "
                "pip install ipywidgets (termshift[notebooks]) for the explorer")


def _counts(corpus, ts, freq):
    from .counts import aggregate, document_counts

    return aggregate(document_counts(corpus, ts), ts, freq)


def static_table(counts: pd.DataFrame, value: str = "count") -> pd.DataFrame:
    """Periods as rows, family labels as columns, ``value`` in the cells (the explorer's fallback).

    Examples
    --------
    >>> c = pd.DataFrame({"period": ["2022-01", "2022-01", "2022-02", "2022-02"], "family": ["a", "b"] * 2,
    ...                   "label": ["A", "B"] * 2, "count": [1, 0, 2, 5]})
    >>> static_table(c)
    label    A  B
    period
    2022-01  1  0
    2022-02  2  5
    """
    table = counts.pivot(index="period", columns="label", values=value)
    table = table[list(dict.fromkeys(counts["label"]))]
    table.columns.name = "label"
    return table


class Explorer:
    """The state and the widgets of :func:`explore`.

    Attributes
    ----------
    counts : DataFrame
        The counts per period of the chosen families (all periods, or the chosen one).
    lines : DataFrame
        KWIC lines of the chosen families in the chosen period (at most ``max_lines``, in corpus order),
        with a ``family`` column.
    n_lines : int
        Lines in the chosen period before ``max_lines`` cut them.
    widget : ipywidgets.VBox or None
        The pickers and the two outputs (None until :meth:`build`).
    """

    def __init__(self, corpus, terms, *, freq="month", width=60, max_lines=20):
        check_corpus(corpus)
        problems: list[str] = []
        check_int("width", width, 0, problems=problems)
        check_int("max_lines", max_lines, 1, problems=problems)
        raise_problems(problems)
        self.corpus, self.terms, self.freq = corpus, as_termset(terms), period_freq(freq)
        self.width, self.max_lines = width, max_lines
        self.all_counts = _counts(corpus, self.terms, self.freq)
        self.periods = [str(p) for p in dict.fromkeys(self.all_counts["period"])]
        self._kwic: dict = {}
        self.widget = None
        self.counts = self.lines = pd.DataFrame()
        self.n_lines = 0
        self.update(list(self.terms)[:2], ALL_PERIODS)

    def _family_lines(self, family):
        if family not in self._kwic:
            from .context import kwic

            lines = kwic(self.corpus, self.terms, family, self.width)
            lines.insert(0, "family", family)
            lines.insert(1, "period", [str(p) for p in lines["date"].dt.to_period(self.freq)])
            self._kwic[family] = lines
        return self._kwic[family]

    def update(self, families, period=ALL_PERIODS):
        """Recompute the tables for ``families`` (ids) and ``period`` (text, or :data:`ALL_PERIODS`).

        The widgets call it on every change; it returns ``(counts, lines)``.
        """
        families = [f for f in families if f in self.terms.labels]
        if period != ALL_PERIODS and period not in self.periods:
            raise ValueError(f"period {period!r}: choose one of {ALL_PERIODS!r}, {', '.join(self.periods)}")
        c = self.all_counts[self.all_counts["family"].isin(families)]
        if period != ALL_PERIODS:
            c = c[c["period"].astype(str) == period]
        self.counts = c[["period", "family", "label", "count", "docs", "n_docs", "per_10k"]].reset_index(drop=True)
        frames = [self._family_lines(f) for f in families]
        lines = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["family", "period"])
        if period != ALL_PERIODS:
            lines = lines[lines["period"] == period]
        lines = lines.sort_values(["date", "doc_id", "start"], kind="stable") if len(lines) else lines
        self.n_lines = len(lines)
        self.lines = lines.head(self.max_lines).reset_index(drop=True)
        self._render()
        return self.counts, self.lines

    # ------------------------------------------------------------------ widgets

    def build(self):
        """Create the widgets (ipywidgets must import) and wire them to :meth:`update`; returns the VBox."""
        import ipywidgets as w

        self.family_picker = w.SelectMultiple(options=[(lab, fid) for fid, lab in self.terms.labels.items()],
                                              value=tuple(self.counts["family"].drop_duplicates()),
                                              description="Families", rows=min(6, len(self.terms)))
        self.period_picker = w.Dropdown(options=[ALL_PERIODS, *self.periods], value=ALL_PERIODS,
                                        description=freq_name(self.freq).capitalize())
        self.counts_out, self.lines_out = w.HTML(), w.HTML()

        def on_change(change):
            self.update(list(self.family_picker.value), self.period_picker.value)

        self.family_picker.observe(on_change, names="value")
        self.period_picker.observe(on_change, names="value")
        self.widget = w.VBox([w.HBox([self.family_picker, self.period_picker]), self.counts_out, self.lines_out])
        self._render()
        return self.widget

    def _render(self):
        if self.widget is None:
            return
        self.counts_out.value = self.counts.to_html(index=False, float_format=lambda x: f"{x:.2f}")
        shown = self.lines[["family", "date", "doc_id", "left", "match", "right"]] if len(self.lines) else None
        head = (f"<p>{self.n_lines} KWIC line(s)" + (f", first {self.max_lines} shown" if self.n_lines >
                                                     self.max_lines else "") + "</p>")
        self.lines_out.value = head + (shown.to_html(index=False) if shown is not None else "")

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget if self.widget is not None else self.counts)


def explore(corpus, terms, *, freq="month", width=60, max_lines=20):
    """Pick families and a period, see the counts and KWIC lines update (ipywidgets); a static table without.

    Parameters
    ----------
    corpus : DataFrame
        As returned by :func:`~termshift.load_corpus`.
    terms : TermSet, path or mapping
        The families (the first two are chosen to start with).
    freq : str, default="month"
        The periods to pick from (:data:`termshift.FREQS`).
    width : int, default=60
        Characters of context on each side of a KWIC line.
    max_lines : int, default=20
        KWIC lines shown at most (the number in the period is always said).

    Returns
    -------
    Explorer or DataFrame
        The :class:`Explorer` (its ``widget`` shows in the notebook), or,
        where ipywidgets cannot be imported, :func:`static_table` of the
        counts with ``attrs["note"]`` saying so (the note is also printed).
        Either shows itself as a notebook cell's last expression.

    Examples
    --------
    In a notebook, make the explorer the cell's last expression: the family
    and period pickers appear above the counts and the KWIC lines, and both
    tables follow every pick. Here on the shipped article and term families,
    by quarter:

    >>> import termshift as ts
    >>> from termshift.explorer import explore
    >>> from termshift.paths import CORPUS_DIR
    >>> corpus = ts.load_corpus(CORPUS_DIR)
    >>> explorer = explore(corpus, ts.example_terms(), freq="quarter")
    >>> explorer  # doctest: +SKIP

    What a pick shows, without the widgets (``update`` is their callback):
    the counts of the chosen families in every period, and the chosen
    period's KWIC lines.

    >>> counts, lines = explorer.update(["counterstrike"], "2022Q4")
    >>> int(counts["count"].sum()) == len(lines) > 0, sorted(set(lines["match"].str.lower()))[:1]
    (True, ['counterstrike capabilities'])

    The same on a small frame of your own:

    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "date": pd.to_datetime(["2022-01-05", "2022-02-07"]),
    ...                        "text": ["a preemptive strike", "counterstrike capability, preemptive"]})
    >>> ex = explore(corpus, {"pre": ["preemptive"], "cs": ["counterstrike"]})
    >>> counts, lines = ex.update(["cs"], "2022-02")
    >>> counts[["period", "family", "count"]].to_dict("records"), list(lines["match"])
    ([{'period': Period('2022-02', 'M'), 'family': 'cs', 'count': 1}], ['counterstrike'])
    """
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        table = static_table(_counts(corpus, as_termset(terms), period_freq(freq)))
        table.attrs["note"] = WIDGETS_NOTE
        print(WIDGETS_NOTE)
        return table
    ex = Explorer(corpus, terms, freq=freq, width=width, max_lines=max_lines)
    ex.build()
    return ex
