"""Tables for papers: a statistic's tidy output as a presentation table, and its bytes.

:func:`table` turns the tidy output of :func:`~termshift.count_terms`,
:func:`~termshift.rates`, :func:`~termshift.share`, :func:`~termshift.trend`,
:func:`~termshift.keyness.keyness` or a :class:`~termshift.ShiftResult` into a
:class:`Table` of text cells: each estimate written with its interval as the
``style`` string says (``"estimate [lo, hi]"``), numbers with a fixed number
of decimals. The layout is the one a reader scans:

=================  ===========================  ===============================
result             rows                         columns
=================  ===========================  ===============================
count_terms/rates  periods (and ``by`` groups)  families (their labels), documents
share              periods (and ``by`` groups)  mentions of A, of B, share of A, documents
trend              families (and groups)        periods, Kendall tau, p-value, lag-1 autocorrelation, Theil-Sen slope
keyness            words (``top`` first rows)   counts in A and B, G², p-value, log ratio, log-odds z
ShiftResult        quantities                   value
GroupShiftResult   groups                       change period, shares before and after, p-value, mentions
=================  ===========================  ===============================

:func:`to_latex` (booktabs), :func:`to_markdown` (pipe table) and
:func:`to_csv` write it. Each gives the same text for the same table, byte
for byte: no dates, no versions, fixed float formatting (``f"{x:.2f}"``,
never ``-0.00``), ``"\\n"`` line ends, nothing taken from the locale.
:func:`termshift.figures.save_table` writes the three files beside the
figures and lists them in ``MANIFEST.json``.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .errors import ParameterError

__all__ = ["Table", "table", "to_latex", "to_markdown", "to_csv", "format_number", "format_estimate",
           "escape_latex", "neutralise_cell", "DEFAULT_STYLE"]

#: The default cell style: the estimate, then its interval in brackets.
DEFAULT_STYLE = "estimate [lo, hi]"

_STYLE_WORD = re.compile(r"\b(estimate|lo|hi)\b")
_VALUE_LABELS = {"per_10k": "mentions per 10,000 tokens", "doc_share": "share of documents with a match",
                 "count": "mentions", "docs": "documents with a match"}
_RATE_COLUMNS = {"family", "label", "term", "count", "docs", "n_docs", "n_tokens", "per_10k", "doc_share",
                 "per_10k_low", "per_10k_high", "doc_share_low", "doc_share_high"}
_SHARE_COLUMNS = {"count_a", "count_b", "share", "share_low", "share_high", "n_docs"}
_TREND_COLUMNS = {"family", "label", "value", "freq", "first_period", "last_period", "n_periods", "n_excluded",
                  "excluded", "tau", "tau_convention", "method", "p_value", "lag1_autocorr", "variance_factor",
                  "slope", "slope_low", "slope_high", "intercept"}
_INTERVALS = {"jeffreys": "Jeffreys interval, widened for overdispersion", "wilson": "Wilson interval",
              "bootstrap": "document-bootstrap interval", "quasi-poisson": "quasi-Poisson interval"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_LATEX_SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                   "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
                   "<": r"\textless{}", ">": r"\textgreater{}", "\u00b2": r"\textsuperscript{2}",
                   "\u2013": "--", "\u2014": "---", "\u2212": "$-$", "\n": " ", "\r": " ", "\t": " "}
_LATEX_RE = re.compile("|".join(re.escape(k) for k in _LATEX_SPECIALS))


@dataclass(eq=False)
class Table:
    """A presentation table: text cells, a note, and how each column aligns.

    Attributes
    ----------
    frame : DataFrame
        Every cell is text, already formatted; the header is the column names.
    align : tuple of str
        ``"l"`` (text, row keys) or ``"r"`` (numbers) per column.
    note : str
        What the cells are (value, interval, style); written under the table
        in Markdown and as a comment in LaTeX, left out of CSV.
    """

    frame: pd.DataFrame
    align: tuple = ()
    note: str = ""
    kind: str = field(default="table")

    def to_latex(self, *, caption: str | None = None, label: str | None = None) -> str:
        """LaTeX (booktabs); see :func:`to_latex`."""
        return to_latex(self, caption=caption, label=label)

    def to_markdown(self) -> str:
        """A Markdown pipe table; see :func:`to_markdown`."""
        return to_markdown(self)

    def to_csv(self) -> str:
        """CSV text; see :func:`to_csv`."""
        return to_csv(self)

    def _repr_markdown_(self) -> str:
        return to_markdown(self)

    def __repr__(self) -> str:
        return to_markdown(self)


# ----------------------------------------------------------------------------- numbers


def format_number(x, digits: int = 2, *, na: str = "NA") -> str:
    """``x`` with ``digits`` decimals (integers as integers); NaN/None as ``na``; never ``-0.00``.

    Examples
    --------
    >>> format_number(3.14159), format_number(-0.001), format_number(12), format_number(float("nan"))
    ('3.14', '0.00', '12', 'NA')
    >>> format_number(2.5, 0), format_number(0.125, 2)  # Python's correctly rounded formatting
    ('2', '0.12')
    """
    if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA or x is pd.NaT:
        return na
    if isinstance(x, (bool, np.bool_)):
        return str(bool(x))
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    if isinstance(x, (float, np.floating)):
        if math.isnan(x):
            return na
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        text = f"{float(x):.{digits}f}"
        if text.startswith("-") and not text.strip("-0."):
            text = text[1:]
        return text
    return str(x)


def _format_p(p, digits: int, na: str) -> str:
    if p is None or (isinstance(p, (float, np.floating)) and math.isnan(p)):
        return na
    floor = 10.0 ** -digits
    return f"< {floor:.{digits}f}" if p < floor else format_number(float(p), digits, na=na)


def _check_style(style) -> None:
    if not isinstance(style, str) or not _STYLE_WORD.search(style) or "estimate" not in _STYLE_WORD.findall(style):
        raise ParameterError([f"style {style!r}: write the cell with the words estimate, lo and hi, e.g. "
                              f"{DEFAULT_STYLE!r}, 'estimate (lo-hi)' or 'estimate'"])
    words = set(_STYLE_WORD.findall(style))
    if ("lo" in words) != ("hi" in words):
        raise ParameterError([f"style {style!r}: name both ends of the interval (lo and hi) or neither"])


def format_estimate(estimate, low=None, high=None, *, style: str = DEFAULT_STYLE, digits: int = 2,
                    na: str = "NA") -> str:
    """One cell: ``estimate``, ``low`` and ``high`` written into ``style``.

    The words ``estimate``, ``lo`` and ``hi`` of ``style`` are replaced by the
    numbers (:func:`format_number`); an estimate without an interval (either
    end missing or NaN) is written alone; a missing estimate is ``na``.

    Examples
    --------
    >>> format_estimate(0.5123, 0.4, 0.61)
    '0.51 [0.40, 0.61]'
    >>> format_estimate(0.5123, 0.4, 0.61, style="estimate (lo to hi)", digits=1)
    '0.5 (0.4 to 0.6)'
    >>> format_estimate(12.0, None, None), format_estimate(float("nan"), 1, 2)
    ('12.00', 'NA')
    """
    _check_style(style)
    if estimate is None or (isinstance(estimate, (float, np.floating)) and math.isnan(estimate)):
        return na
    nums = {"estimate": format_number(estimate, digits, na=na)}
    missing = any(v is None or (isinstance(v, (float, np.floating)) and math.isnan(v)) for v in (low, high))
    if missing:
        return nums["estimate"]
    nums["lo"], nums["hi"] = format_number(low, digits, na=na), format_number(high, digits, na=na)
    return _STYLE_WORD.sub(lambda m: nums[m.group()], style)


# ----------------------------------------------------------------------------- layouts


def _keys(df: pd.DataFrame, known: set) -> list[str]:
    """Row keys: ``period`` and the grouping columns (``df.attrs["by"]`` or any column not a statistic's)."""
    by = df.attrs.get("by")  # [] when the statistic was asked for no groups
    extra = list(by) if by is not None else [c for c in df.columns if c not in known and c != "period"]
    return (["period"] if "period" in df.columns else []) + [c for c in extra if c in df.columns]


def _key_text(v) -> str:
    return "NA" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)


def _header(col: str) -> str:
    return "Period" if col == "period" else col


def _level_text(ci) -> str:
    """The level of a table as text with a trailing space, e.g. "95% " ("" when the table has no ``ci``)."""
    return "" if ci is None else f"{100 * float(ci):.3g}% "


def _rates_table(df, style, digits, na, value):
    has_ci = f"{value}_low" in df.columns
    keys = _keys(df, _RATE_COLUMNS)
    label = df["label"] if "label" in df.columns else df["family"]
    col = label.astype(str) + (": " + df["term"].astype(str) if "term" in df.columns else "")
    order = list(dict.fromkeys(col))
    rows: dict = {}
    docs: dict = {}
    for r, column in zip(df.to_dict("records"), col):
        key = tuple(_key_text(r[k]) for k in keys)
        lo, hi = (r[f"{value}_low"], r[f"{value}_high"]) if has_ci else (None, None)
        rows.setdefault(key, {})[column] = format_estimate(r[value], lo, hi, style=style, digits=digits, na=na)
        docs[key] = format_number(r["n_docs"], digits, na=na) if "n_docs" in r else na
    out = pd.DataFrame([[*key, *(cells.get(c, na) for c in order), docs[key]] for key, cells in rows.items()],
                       columns=[_header(k) for k in keys] + order + ["Documents"], dtype=object)
    what = _VALUE_LABELS.get(value, value)
    how = ""
    if has_ci:
        method = ("Wilson interval" if value == "doc_share" else
                  _INTERVALS.get(df.attrs.get("interval", ""), "interval"))
        how = f", {style}" + (f" ({_level_text(df.attrs['ci'])}{method})" if "ci" in df.attrs else "")
    note = f"Cells: {what}{how}; Documents: documents in the period."
    return out, ("l",) * len(keys) + ("r",) * (len(order) + 1), note


def _share_table(df, style, digits, na):
    keys = _keys(df, _SHARE_COLUMNS)
    a = " + ".join(df.attrs.get("a", [])) or "A"
    b = " + ".join(df.attrs.get("b", [])) or "B"
    rows = [[*(_key_text(r[k]) for k in keys), format_number(r["count_a"], digits, na=na),
             format_number(r["count_b"], digits, na=na),
             format_estimate(r["share"], r.get("share_low"), r.get("share_high"), style=style, digits=digits, na=na),
             format_number(r["n_docs"], digits, na=na)] for r in df.to_dict("records")]
    cols = [_header(k) for k in keys] + [f"Mentions of {a}", f"Mentions of {b}", f"Share of {a}", "Documents"]
    interval = _INTERVALS.get(df.attrs.get("interval", "bootstrap"), str(df.attrs.get("interval")))
    note = (f"Share of {a}: mentions of {a} / (mentions of {a} + mentions of {b}), {style} "
            f"({_level_text(df.attrs.get('ci'))}{interval}); {na} where neither occurs.")
    return pd.DataFrame(rows, columns=cols, dtype=object), ("l",) * len(keys) + ("r",) * 4, note


def _trend_table(df, style, digits, na, p_digits):
    keys = [k for k in _keys(df, _TREND_COLUMNS) if k != "period"]
    ac = "lag1_autocorr" in df.columns
    rows = [[str(r.get("label") or r["family"]), *(_key_text(r[k]) for k in keys), format_number(r["n_periods"], 0),
             format_number(r["tau"], digits, na=na), _format_p(r["p_value"], p_digits, na),
             *([format_number(r["lag1_autocorr"], digits, na=na)] if ac else []),
             format_estimate(r["slope"], r.get("slope_low"), r.get("slope_high"), style=style, digits=digits, na=na)]
            for r in df.to_dict("records")]
    cols = ["Family", *keys, "Periods", "Kendall tau", "p-value", *(["Lag-1 autocorrelation"] if ac else []),
            "Theil\u2013Sen slope"]
    value = df["value"].iloc[0] if len(df) and "value" in df.columns else "per_10k"
    method = df.attrs.get("method") or (df["method"].iloc[0] if len(df) and "method" in df.columns else None)
    how = {"hamed-rao": " (Hamed\u2013Rao variance corrected for autocorrelation)",
           "sieve-bootstrap": " (calibrated for autocorrelation by an AR(1) sieve bootstrap)",
           "prewhitening": " (on the AR(1)-prewhitened series)",
           "original": " (independent periods assumed; normal approximation)"}.get(method, "")
    sen = ("; its interval assumes independent periods (ignores autocorrelation)" if method == "original" else
           "; its interval widened for autocorrelation as the test is" if method else "")
    note = (f"Mann\u2013Kendall test of {_VALUE_LABELS.get(value, value)} against time{how}; Theil\u2013Sen slope "
            f"per period, {style} ({_level_text(df.attrs.get('ci'))}Sen interval{sen}).")
    return pd.DataFrame(rows, columns=cols, dtype=object), ("l",) * (1 + len(keys)) + ("r",) * (4 + ac), note


def _keyness_table(df, digits, na, p_digits, top):
    part = df if top is None else df.head(top)
    holm = "p_holm" in df.columns
    rows = [[str(r["term"]), format_number(r["count_a"], 0), format_number(r["count_b"], 0),
             format_number(r["g2"], digits, na=na), _format_p(r["p_value"], p_digits, na),
             *([_format_p(r["p_holm"], p_digits, na)] if holm else []),
             format_number(r["log_ratio"], digits, na=na), format_number(r["log_odds_z"], digits, na=na)]
            for r in part.to_dict("records")]
    cols = ["Word", "Count in A", "Count in B", "G\u00b2", "p-value", *(["p (Holm)"] if holm else []), "Log ratio",
            "Log-odds z"]
    a, b = df.attrs.get("a"), df.attrs.get("b")
    slices = f" A: {a}; B: {b}." if isinstance(a, str) and isinstance(b, str) else ""
    unit = df.attrs.get("unit")
    test = {"document": " p-value: document-level (Mann\u2013Whitney test of per-document rates).",
            "token": " p-value: token-level (G\u00b2, tokens taken as independent: too small for bursty words)."
            }.get(unit, "")
    adjust = " p (Holm): adjusted for the number of words tested (Holm 1979)." if holm else ""
    note = "G\u00b2 signed (positive: more frequent in A); log ratio in base 2." + test + adjust + slices
    return pd.DataFrame(rows, columns=cols, dtype=object), ("l",) + ("r",) * (6 + holm), note


def _shift_table(result, style, digits, na, p_digits):
    change = result.change_period
    if result.change_period_low is not None and result.change_period_high is not None:
        nums = {"estimate": str(change), "lo": str(result.change_period_low), "hi": str(result.change_period_high)}
        change = _STYLE_WORD.sub(lambda m: nums[m.group()], style)
    a, b = " + ".join(result.a), " + ".join(result.b)
    rows = [
        ("Change period", change),
        (f"Share of {a} before", format_number(result.share_before, digits, na=na)),
        (f"Share of {a} after", format_number(result.share_after, digits, na=na)),
        ("Likelihood-ratio statistic", format_number(result.lr_stat, digits, na=na)),
        (("Permutation p-value" if getattr(result, "null", "sieve") == "permutation" else
          "p-value (AR(1) sieve null)"), _format_p(result.p_value, p_digits, na)),
        ("Permutations" if getattr(result, "null", "sieve") == "permutation" else "Null series drawn",
         format_number(result.n_perm, 0)),
        ("Bootstrap resamples", format_number(result.n_boot, 0)),
    ]
    note = (f"Single change point in the share of {a} among mentions of {a} and {b} (by {result.freq}); change "
            f"period {style} ({result.ci:.0%} likelihood confidence set).")
    return pd.DataFrame(rows, columns=["Quantity", "Value"], dtype=object), ("l", "r"), note


def _change_text(r, style):
    if r.change_period_low is None or r.change_period_high is None:
        return str(r.change_period)
    nums = {"estimate": str(r.change_period), "lo": str(r.change_period_low), "hi": str(r.change_period_high)}
    return _STYLE_WORD.sub(lambda m: nums[m.group()], style)


def _group_shift_table(result, style, digits, na, p_digits):
    first = result.results[0]
    a, b = " + ".join(first.a), " + ".join(first.b)
    rows = [[*(_key_text(v) for v in row), _change_text(r, style), format_number(r.share_before, digits, na=na),
             format_number(r.share_after, digits, na=na), _format_p(r.p_value, p_digits, na),
             format_number(int(r.table["count_a"].sum() + r.table["count_b"].sum()), 0)]
            for row, r in zip(result.groups[result.by].itertuples(index=False), result.results)]
    cols = [*result.by, "Change period", f"Share of {a} before", f"Share of {a} after", "p-value", "Mentions"]
    skipped = "".join(f" No change point for {k}: {v}." for k, v in result.skipped.items())
    p = _format_p(result.p_different, p_digits, na)
    test = (f"Different change times: LR = {format_number(result.lr_different, digits, na=na)}, "
            f"p {p if p.startswith('<') else '= ' + p} (parametric bootstrap, {result.n_boot} draws; one common "
            f"change period would be {result.common_change_period}).")
    note = (f"Change point in the share of {a} among mentions of {a} and {b} per group (by {first.freq}); change "
            f"period {style} ({first.ci:.0%} likelihood confidence set); p-value: permutation test of no change; "
            f"Mentions: of {a} or {b}. {test}{skipped}")
    return pd.DataFrame(rows, columns=cols, dtype=object), ("l",) * (len(result.by) + 1) + ("r",) * 4, note


def table(result, style: str = DEFAULT_STYLE, digits: int = 2, *, p_digits: int = 3, value: str | None = None,
          top: int | None = None, na: str = "NA", rename: Mapping | None = None) -> Table:
    """A presentation table of a statistic's result, ready for :func:`to_latex`, :func:`to_markdown`, :func:`to_csv`.

    Parameters
    ----------
    result : DataFrame, ShiftResult or GroupShiftResult
        The output of :func:`~termshift.count_terms`, :func:`~termshift.rates`,
        :func:`~termshift.share`, :func:`~termshift.trend`,
        :func:`~termshift.keyness.keyness` (recognised by their columns), or
        :func:`~termshift.shift` (with ``by=``: a row per group, the test of
        different change times in the note). Grouping columns (``by=``)
        become row keys.
    style : str, default="estimate [lo, hi]"
        How a cell with an interval is written: the words ``estimate``, ``lo``
        and ``hi`` are replaced by the numbers ("estimate (lo-hi)",
        "estimate" alone ...). A value without an interval is written alone.
    digits : int, default=2
        Decimals of every non-integer number.
    p_digits : int, default=3
        Decimals of p-values; smaller ones are written ``< 0.001``.
    value : {"per_10k", "doc_share", "count", "docs"}, optional
        For count_terms and rates: the value in the cells (default
        ``per_10k``, with its interval for rates).
    top : int, optional
        For keyness: only the first ``top`` rows (the order keyness gave).
    na : str, default="NA"
        The text of a missing value (a period without documents).
    rename : mapping, optional
        New column headers, ``{old: new}``.

    Returns
    -------
    Table

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"period": pd.PeriodIndex(["2021", "2021", "2022", "2022"], freq="Y"),
    ...     "family": ["pre", "cs"] * 2, "label": ["Preemptive", "Counterstrike"] * 2, "count": [7, 1, 2, 9],
    ...     "docs": [5, 1, 2, 6], "n_docs": [10, 10, 12, 12], "n_tokens": [1000, 1000, 1200, 1200],
    ...     "per_10k": [70.0, 10.0, 16.6667, 75.0], "per_10k_low": [40.0, 0.0, 0.0, 50.5],
    ...     "per_10k_high": [100.0, 30.0, 41.25, 99.0]})
    >>> t = table(r, digits=1)
    >>> print(t.to_markdown())
    | Period |         Preemptive |     Counterstrike | Documents |
    |:-------|-------------------:|------------------:|----------:|
    | 2021   | 70.0 [40.0, 100.0] |  10.0 [0.0, 30.0] |        10 |
    | 2022   |   16.7 [0.0, 41.2] | 75.0 [50.5, 99.0] |        12 |
    <BLANKLINE>
    Cells: mentions per 10,000 tokens, estimate [lo, hi]; Documents: documents in the period.
    <BLANKLINE>
    """
    from .stats import GroupShiftResult, ShiftResult

    _check_style(style)
    problems = []
    for name, v, low in (("digits", digits, 0), ("p_digits", p_digits, 1)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or not low <= v <= 12:
            problems.append(f"{name}={v!r}: give an int from {low} to 12")
    if top is not None and (isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1):
        problems.append(f"top={top!r}: give a positive int or None")
    if problems:
        raise ParameterError(problems)
    if isinstance(result, ShiftResult):
        frame, align, note = _shift_table(result, style, digits, na, p_digits)
        kind = "shift"
    elif isinstance(result, GroupShiftResult):
        frame, align, note = _group_shift_table(result, style, digits, na, p_digits)
        kind = "group_shift"
    elif not isinstance(result, pd.DataFrame):
        raise ParameterError([f"table: a result DataFrame, ShiftResult or GroupShiftResult is expected, "
                              f"{type(result).__name__} received"])
    elif {"count_a", "count_b", "share"} <= set(result.columns):
        frame, align, note = _share_table(result, style, digits, na)
        kind = "share"
    elif {"tau", "slope", "p_value"} <= set(result.columns):
        frame, align, note = _trend_table(result, style, digits, na, p_digits)
        kind = "trend"
    elif {"g2", "log_ratio", "count_a"} <= set(result.columns):
        frame, align, note = _keyness_table(result, digits, na, p_digits, top)
        kind = "keyness"
    elif {"family", "per_10k", "n_docs"} <= set(result.columns):
        value = value or "per_10k"
        if value not in _VALUE_LABELS or value not in result.columns:
            raise ParameterError([f"value={value!r}: choose one of "
                                  f"{', '.join(v for v in _VALUE_LABELS if v in result.columns)}"])
        frame, align, note = _rates_table(result, style, digits, na, value)
        kind = "rates" if "per_10k_low" in result.columns else "count_terms"
    else:
        raise ParameterError([f"table: columns {', '.join(map(str, result.columns))} are not the output of "
                              "count_terms, rates, share, trend or keyness; pass one of those, or a ShiftResult"])
    if rename:
        frame = frame.rename(columns=dict(rename))
    return Table(frame=frame, align=tuple(align), note=note, kind=kind)


# ----------------------------------------------------------------------------- writers


def _as_table(t) -> Table:
    if isinstance(t, Table):
        return t
    if isinstance(t, pd.DataFrame):
        frame = t.astype(object).map(lambda v: format_number(v)) if len(t.columns) else t
        align = tuple("r" if pd.api.types.is_numeric_dtype(t[c]) else "l" for c in t.columns)
        return Table(frame=frame, align=align)
    raise ParameterError([f"a Table (termshift.publish.table) or a DataFrame is expected, {type(t).__name__} "
                          "received"])


def escape_latex(text) -> str:
    r"""``text`` safe in LaTeX text mode: specials escaped, a few Unicode signs spelled out.

    Examples
    --------
    >>> print(escape_latex("50% of R&D_2 costs $5 #1 {x}"))
    50\% of R\&D\_2 costs \$5 \#1 \{x\}
    >>> print(escape_latex("~ ^ \\ < 0.001 G² 1990–2001"))
    \textasciitilde{} \textasciicircum{} \textbackslash{} \textless{} 0.001 G\textsuperscript{2} 1990--2001
    """
    return _LATEX_RE.sub(lambda m: _LATEX_SPECIALS[m.group()], str(text))


def to_latex(t, *, caption: str | None = None, label: str | None = None) -> str:
    r"""The table as a booktabs ``tabular`` (``\toprule``, ``\midrule``, ``\bottomrule``).

    Every cell and header is escaped (:func:`escape_latex`); text columns are
    left-aligned and numbers right-aligned. With ``caption`` or ``label`` the
    tabular is wrapped in a ``table`` float. The note is written as a LaTeX
    comment line. Needs ``\usepackage{booktabs}``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = Table(pd.DataFrame({"Word": ["R&D"], "G²": ["3.50"]}), align=("l", "r"), note="50% sure")
    >>> print(to_latex(t), end="")
    % 50\% sure
    \begin{tabular}{lr}
    \toprule
    Word & G\textsuperscript{2} \\
    \midrule
    R\&D & 3.50 \\
    \bottomrule
    \end{tabular}
    """
    t = _as_table(t)
    lines = []
    if t.note:
        lines.append("% " + escape_latex(t.note))
    wrap = caption is not None or label is not None
    if wrap:
        lines += [r"\begin{table}[htbp]", r"\centering"]
        if caption is not None:
            lines.append(r"\caption{" + escape_latex(caption) + "}")
        if label is not None:
            lines.append(r"\label{" + re.sub(r"[^A-Za-z0-9:_.-]", "-", str(label)) + "}")
    lines += [r"\begin{tabular}{" + "".join(t.align or ("l",) * len(t.frame.columns)) + "}", r"\toprule",
              " & ".join(escape_latex(c) for c in t.frame.columns) + r" \\", r"\midrule"]
    lines += [" & ".join(escape_latex(v) for v in row) + r" \\" for row in t.frame.itertuples(index=False)]
    lines += [r"\bottomrule", r"\end{tabular}"]
    if wrap:
        lines.append(r"\end{table}")
    return "\n".join(lines) + "\n"


def _md_cell(v) -> str:
    return str(v).replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def to_markdown(t) -> str:
    """The table as a Markdown pipe table (GitHub, Pandoc), columns padded, the note below.

    ``|`` in a cell is escaped; line breaks become spaces.

    Examples
    --------
    >>> import pandas as pd
    >>> t = Table(pd.DataFrame({"Word": ["a|b"], "n": ["3"]}), align=("l", "r"))
    >>> print(to_markdown(t), end="")
    | Word |   n |
    |:-----|----:|
    | a\\|b |   3 |
    """
    t = _as_table(t)
    header = [_md_cell(c) for c in t.frame.columns]
    body = [[_md_cell(v) for v in row] for row in t.frame.itertuples(index=False)]
    widths = [max([3, len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)]
    align = t.align or ("l",) * len(header)

    def line(cells):
        return "| " + " | ".join(c.rjust(w) if a == "r" else c.ljust(w) for c, w, a in zip(cells, widths, align)) \
            + " |"

    rule = "|" + "|".join(":" + "-" * (w + 1) if a == "l" else "-" * (w + 1) + ":" for w, a in zip(widths, align))
    lines = [line(header), rule + "|"] + [line(cells) for cells in body]
    text = "\n".join(lines) + "\n"
    return text + ("\n" + t.note + "\n" if t.note else "")


def neutralise_cell(value):
    """A text cell that cannot run as a spreadsheet formula: a leading ``'`` before ``= + - @``, tab or CR.

    Plain numbers such as ``-3.5`` and non-text values are returned as they are
    (OWASP's advice on CSV injection, as the command line writes CSV).

    Examples
    --------
    >>> neutralise_cell("=HYPERLINK(1)"), neutralise_cell("-3.5"), neutralise_cell("-3.5 [-4, -3]"), neutralise_cell(2)
    ("'=HYPERLINK(1)", '-3.5', "'-3.5 [-4, -3]", 2)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def to_csv(t) -> str:
    """The table as CSV: header and text cells as shown, ``"\\n"`` line ends, formula-neutral cells.

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
    gets a leading ``'`` unless it is a plain number (:func:`neutralise_cell`),
    so ``-0.50 [-1.00, 0.00]`` is written ``'-0.50 [-1.00, 0.00]``. The note is
    left out.

    Examples
    --------
    >>> import pandas as pd
    >>> t = Table(pd.DataFrame({"Word": ["a, b", "=1+1"], "z": ["-1.5", "-1.5 [-2.0, -1.0]"]}), align=("l", "r"))
    >>> print(to_csv(t), end="")
    Word,z
    "a, b",-1.5
    '=1+1,"'-1.5 [-2.0, -1.0]"
    """
    t = _as_table(t)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([neutralise_cell(str(c)) for c in t.frame.columns])
    for row in t.frame.itertuples(index=False):
        writer.writerow([neutralise_cell(str(v)) for v in row])
    return buf.getvalue()
