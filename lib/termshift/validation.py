"""Validating a dictionary: a stratified sample of matches to code by hand, and precision with intervals.

A dictionary method reports how often its matches are what the family means
(precision). The workflow:

1. :func:`sample_matches` draws a seeded, stratified random sample of KWIC
   lines of one or more families (strata: the matching term by default,
   proportional allocation, at least one line per term when ``n`` allows)
   and writes it as CSV with an empty ``relevant`` column;
2. coders fill ``relevant`` with 1/0 (or y/n, yes/no, true/false) in a
   spreadsheet; a blank cell means "not coded yet";
3. :func:`precision` reads the coded table back and reports precision per
   family and per term with Wilson (1927) intervals, counting the lines not
   coded yet instead of dropping them silently.

CSV text cells are written formula-neutral (:func:`termshift.publish.neutralise_cell`):
a KWIC line starting with ``=`` or ``-`` cannot run in a spreadsheet.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from ._validation import check_corpus, check_int, check_random_state, raise_problems, renamed_random_state
from .errors import ParameterError
from .files import replace_atomically
from .publish import neutralise_cell
from .terms import as_termset
from .typing import RandomState

__all__ = ["sample_matches", "allocate", "precision", "parse_relevant", "write_csv", "SAMPLE_COLUMNS", "YES", "NO"]

#: Columns of :func:`sample_matches`, in this order.
SAMPLE_COLUMNS = ["sample_id", "family", "term", "doc_id", "date", "left", "match", "right", "start", "end",
                  "stratum_size", "relevant", "note"]
#: Codes read as relevant (case-insensitive, surrounding spaces ignored).
YES = ("1", "y", "yes", "true")
#: Codes read as not relevant.
NO = ("0", "n", "no", "false")


def allocate(sizes, n: int) -> dict:
    """How many lines to draw from each stratum: proportional, at least one each where ``n`` allows.

    Each stratum ``h`` of size :math:`N_h` gets :math:`\\max(1, \\lfloor n N_h / N \\rfloor)`
    lines, capped at :math:`N_h`; the lines left over go to the largest
    remainders :math:`n N_h / N - n_h` (ties: the larger stratum, then the
    name), and an excess is taken back from the strata furthest above their
    share. With ``n`` fewer than the strata, the ``n`` largest get one each;
    with ``n`` at least :math:`N`, every line is taken.
    (Proportional allocation with a floor of one: Cochran 1977, *Sampling
    Techniques*, 3rd ed., section 5.5.)

    Parameters
    ----------
    sizes : mapping
        ``{stratum: number of lines}``.
    n : int
        Lines wanted.

    Examples
    --------
    >>> allocate({"a": 90, "b": 9, "c": 1}, 10)
    {'a': 8, 'b': 1, 'c': 1}
    >>> allocate({"a": 50, "b": 30, "c": 20}, 10)
    {'a': 5, 'b': 3, 'c': 2}
    >>> allocate({"a": 5, "b": 3, "c": 1}, 2), allocate({"a": 2, "b": 1}, 10)
    ({'a': 1, 'b': 1, 'c': 0}, {'a': 2, 'b': 1})
    """
    sizes = {k: int(v) for k, v in sizes.items() if int(v) > 0}
    total = sum(sizes.values())
    if n >= total:
        return dict(sizes)
    by_size = sorted(sizes, key=lambda k: (-sizes[k], str(k)))
    if n < len(sizes):
        return {k: int(i < n) for i, k in enumerate(by_size)}
    target = {k: n * sizes[k] / total for k in sizes}
    alloc = {k: min(sizes[k], max(1, math.floor(target[k]))) for k in sizes}
    while sum(alloc.values()) > n:
        k = max((k for k in by_size if alloc[k] > 1), key=lambda k: alloc[k] - target[k])
        alloc[k] -= 1
    while sum(alloc.values()) < n:
        k = max((k for k in by_size if alloc[k] < sizes[k]), key=lambda k: target[k] - alloc[k])
        alloc[k] += 1
    return {k: alloc[k] for k in sorted(sizes, key=str)}


def _lines(corpus, terms, families, width) -> pd.DataFrame:
    from .context import kwic

    frames = [kwic(corpus, terms, fam, width).assign(family=fam) for fam in families]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def sample_matches(corpus: pd.DataFrame, terms, family, n: int, random_state: RandomState = 0, *, by: str = "term",
                   width: int = 60, out=None, seed: int | None = None) -> pd.DataFrame:
    """A seeded, stratified random sample of KWIC lines to code by hand (empty ``relevant`` column).

    Parameters
    ----------
    corpus : DataFrame
        As returned by :func:`~termshift.load_corpus`.
    terms : TermSet, path or mapping
        The families.
    family : str or list of str
        The family (or families) whose matches are sampled.
    n : int
        Lines wanted (all lines when there are fewer). Per family when
        several are given, so each family's precision rests on ``n`` lines.
    random_state : int or numpy.random.Generator, default=0
        The seed: the same seed gives the same sample, byte for byte (``seed=``
        is its old name, deprecated).
    by : str, default="term"
        The stratum: a column of the KWIC lines (``term``, ``doc_id``) or
        ``"family"``; allocation by :func:`allocate`.
    width : int, default=60
        Characters of context on each side (as :func:`~termshift.kwic`).
    out : path, optional
        Also write the sample there as CSV (:func:`write_csv`).

    Returns
    -------
    DataFrame
        :data:`SAMPLE_COLUMNS`: ``sample_id`` (1..n, in a random order so the
        coder does not see one term after another), the KWIC columns (``date``
        as ISO text), ``stratum_size`` (the stratum's lines in the corpus,
        for weighting) and empty ``relevant`` and ``note`` columns.
        ``attrs["strata"]`` holds ``{stratum: [lines, sampled]}``.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "date": pd.to_datetime(["2022-01-01", "2022-02-01"]),
    ...     "text": ["a preemptive strike, a preemptive strike", "pre-emptive attack; preemptive strike"]})
    >>> s = sample_matches(corpus, {"pre": ["preemptive strike", "pre-emptive"]}, "pre", n=2, random_state=1, width=8)
    >>> s[["sample_id", "term", "match", "stratum_size", "relevant"]]
       sample_id               term              match  stratum_size relevant
    0          1        pre-emptive        pre-emptive             1
    1          2  preemptive strike  preemptive strike             3
    """
    check_corpus(corpus)
    ts = as_termset(terms)
    families = [family] if isinstance(family, str) else list(family)
    problems: list[str] = []
    check_int("n", n, 1, problems=problems)
    check_int("width", width, 0, problems=problems)
    ids = list(ts)
    unknown = [f for f in families if f not in ids]
    if unknown or not families:
        problems.append(f"family {', '.join(map(repr, unknown)) or '(none)'}: choose from {', '.join(ids)}")
    raise_problems(problems)
    rng = check_random_state(renamed_random_state(random_state, seed, "seed", "sample_matches"))
    lines = _lines(corpus, ts, families, width)
    if by not in lines.columns or by in ("left", "right", "match", "start", "end", "date"):
        raise ParameterError([f"by={by!r}: stratify by term, family or doc_id"])
    picked: list[tuple] = []
    strata: dict = {}
    for fam in families:
        fam_lines = lines[lines["family"] == fam]
        groups = {str(k): idx for k, idx in fam_lines.groupby(by, sort=True).indices.items()}
        alloc = allocate({k: len(v) for k, v in groups.items()}, n)
        for key in sorted(groups):
            idx = fam_lines.index[groups[key]]
            take = alloc.get(key, 0)
            strata[key if len(families) == 1 else f"{fam}: {key}"] = [len(idx), take]
            chosen = np.sort(rng.choice(len(idx), size=take, replace=False))
            picked.extend((i, len(idx)) for i in idx[chosen])
    order = rng.permutation(len(picked))
    rows = [picked[i] for i in order]
    sample = lines.loc[[i for i, _ in rows]].reset_index(drop=True)
    sample["date"] = [d.date().isoformat() if not pd.isna(d) else "" for d in sample["date"]]
    sample.insert(0, "sample_id", np.arange(1, len(sample) + 1, dtype=np.int64))
    sample["stratum_size"] = np.array([size for _, size in rows], dtype=np.int64)
    sample["relevant"], sample["note"] = "", ""
    sample = sample[SAMPLE_COLUMNS]
    sample.attrs["strata"] = strata
    if out is not None:
        write_csv(sample, out)
    return sample


def write_csv(df: pd.DataFrame, path) -> Path:
    """Write ``df`` as UTF-8 CSV with ``"\\n"`` line ends and formula-neutral text cells, atomically.

    A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return gets a leading ``'`` (:func:`termshift.publish.neutralise_cell`);
    :func:`precision` removes it again when reading.
    """
    path = Path(path)
    frame = df.copy()
    for col in frame.columns:
        if frame[col].dtype == object or pd.api.types.is_string_dtype(frame[col].dtype):
            frame[col] = [neutralise_cell(v) for v in frame[col]]
    data = frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    replace_atomically(path, data)
    return path


def parse_relevant(value):
    """1, 0 or None (not coded) for a ``relevant`` cell; raises ValueError for anything else.

    Examples
    --------
    >>> [parse_relevant(v) for v in ["1", " Yes", "n", "FALSE", "", None, "'0", 1.0, float("nan")]]
    [1, 1, 0, 0, None, None, 0, 1, None]
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (bool, np.bool_)):
        return int(value)
    if isinstance(value, (int, float, np.integer, np.floating)) and value in (0, 1):
        return int(value)
    text = str(value).strip().lstrip("'").strip().lower()
    if text == "":
        return None
    if text in YES:
        return 1
    if text in NO:
        return 0
    raise ValueError(text)


def _read_coded(coded) -> tuple[pd.DataFrame, str]:
    if isinstance(coded, pd.DataFrame):
        return coded, "coded table"
    path = Path(coded)
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig"), str(path)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        raise ParameterError([f"{path}: cannot be read as a coded CSV ({type(e).__name__}: {e}); give the file "
                              "sample_matches wrote, with its relevant column filled in"]) from None


def _row(level, family, term, codes, sizes, ci, wilson):
    coded = [c for c in codes if c is not None]
    k, m = int(sum(coded)), len(coded)
    low, high = wilson(k, m, ci)
    row = {"level": level, "family": family, "term": term, "n_lines": len(codes), "n_coded": m,
           "n_uncoded": len(codes) - m, "n_relevant": k, "precision": k / m if m else float("nan"),
           "precision_low": float(low), "precision_high": float(high), "weighted_precision": float("nan")}
    if sizes is not None:  # stratum-weighted: sum over coded strata of N_h * p_h / sum of N_h
        num = den = 0.0
        for size, group in sizes:
            g = [c for c in group if c is not None]
            if g:
                num += size * sum(g) / len(g)
                den += size
        row["weighted_precision"] = num / den if den else float("nan")
    return row


def precision(coded, *, ci: float = 0.95) -> pd.DataFrame:
    """Precision of each family and term from a hand-coded sample, with Wilson intervals.

    Parameters
    ----------
    coded : DataFrame or path
        The table :func:`sample_matches` made (or its CSV), with ``relevant``
        filled in: 1/0, y/n, yes/no, true/false (any case); blank = not coded.
        Needs ``family``, ``term`` and ``relevant``; ``stratum_size`` adds the
        weighted precision.
    ci : float, default=0.95
        Coverage of the Wilson (1927) score interval (:func:`termshift.stats.wilson_interval`).

    Returns
    -------
    DataFrame
        One row per family (``level="family"``, ``term`` missing) followed by
        its terms (``level="term"``): ``n_lines``, ``n_coded``, ``n_uncoded``
        (blank cells: counted, not dropped), ``n_relevant``, ``precision``
        (relevant / coded; NaN with nothing coded), ``precision_low``,
        ``precision_high``, and ``weighted_precision`` for families (each
        term's precision weighted by its lines in the corpus,
        ``stratum_size``, which undoes the floor of one line per term; NaN
        without ``stratum_size``). ``attrs["n_uncoded"]`` is the total not coded.

    Raises
    ------
    ParameterError
        A column is missing, or cells are not codes: every such row is named
        (CSV line numbers count the header as line 1).

    Examples
    --------
    >>> coded = pd.DataFrame({"family": ["pre"] * 5, "term": ["pre-emptive"] * 2 + ["preemptive strike"] * 3,
    ...                       "relevant": ["1", "yes", "0", "Y", ""], "stratum_size": [2, 2, 30, 30, 30]})
    >>> p = precision(coded)
    >>> p[["level", "term", "n_coded", "n_uncoded", "precision", "precision_low"]].round(3)
        level               term  n_coded  n_uncoded  precision  precision_low
    0  family                NaN        4          1       0.75          0.301
    1    term        pre-emptive        2          0       1.00          0.342
    2    term  preemptive strike        2          1       0.50          0.095
    >>> round(float(p["weighted_precision"][0]), 4)  # (2 * 1.0 + 30 * 0.5) / 32
    0.5312
    """
    from ._validation import check_ci
    from .stats import wilson_interval

    check_ci(ci)
    df, where = _read_coded(coded)
    missing = [c for c in ("family", "term", "relevant") if c not in df.columns]
    if missing:
        raise ParameterError([f"{where}: no column(s) {', '.join(missing)}; give the table sample_matches wrote"])
    is_file = not isinstance(coded, pd.DataFrame)
    codes, problems = [], []
    for i, value in enumerate(df["relevant"]):
        try:
            codes.append(parse_relevant(value))
        except ValueError:
            row = f"line {i + 2}" if is_file else f"row {df.index[i]!r}"
            problems.append(f"{where}, {row}: relevant={str(value)!r} is not a code; write 1/0, y/n, yes/no, "
                            "true/false, or leave it blank for not coded")
    sizes_col = None
    if "stratum_size" in df.columns:
        sizes_col = pd.to_numeric(df["stratum_size"], errors="coerce")
        bad = [i for i, v in enumerate(sizes_col) if not (v >= 1)]
        problems += [f"{where}, {'line ' + str(i + 2) if is_file else 'row ' + repr(df.index[i])}: stratum_size="
                     f"{df['stratum_size'].iloc[i]!r} is not a positive count; restore it from the sample"
                     for i in bad]
    if problems:
        raise ParameterError(problems, header=f"{len(problems)} problem(s) in {where}:")
    frame = pd.DataFrame({"family": df["family"].astype(str).str.lstrip("'").values,
                          "term": df["term"].astype(str).str.lstrip("'").values,
                          "code": pd.Series(codes, dtype=object).values,
                          "size": sizes_col.values if sizes_col is not None else 0})
    rows = []
    for fam, fam_rows in frame.groupby("family", sort=True):
        terms = list(fam_rows.groupby("term", sort=True))
        sizes = ([(int(g["size"].iloc[0]), list(g["code"])) for _, g in terms] if sizes_col is not None else None)
        rows.append(_row("family", fam, None, list(fam_rows["code"]), sizes, ci, wilson_interval))
        rows += [_row("term", fam, term, list(g["code"]), None, ci, wilson_interval) for term, g in terms]
    out = pd.DataFrame(rows, columns=["level", "family", "term", "n_lines", "n_coded", "n_uncoded", "n_relevant",
                                      "precision", "precision_low", "precision_high", "weighted_precision"])
    out.attrs["n_uncoded"] = int(sum(c is None for c in codes))
    return out
