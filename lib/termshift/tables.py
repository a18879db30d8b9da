"""Tables that the corpus views draw: counted here, drawn by :mod:`termshift.plots`.

Each function takes a corpus (as loaded by :func:`termshift.load_corpus`) or,
where it needs matches, precomputed :func:`termshift.document_counts`, and
returns a tidy DataFrame; the plot functions only draw such tables.

Examples
--------
>>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "date": pd.to_datetime(["2022-01-05", "2022-03-01"]),
...                        "text": ["A preemptive strike.", "Counterstrike, preemptive."]})
>>> overview_table(corpus, freq="month")
    period  documents  tokens
0  2022-01          1       3
1  2022-02          0       0
2  2022-03          1       2
>>> dispersion_table(corpus, {"pre": ["preemptive"], "counter": ["counterstrike"]})
  family    label doc_id       date  count
0    pre      pre      a 2022-01-05      1
1    pre      pre      b 2022-03-01      1
2  counter  counter      a 2022-01-05      0
3  counter  counter      b 2022-03-01      1
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._validation import check_corpus
from .counts import document_counts, is_document_counts
from .errors import ParameterError
from .periods import period_codes, period_freq
from .terms import as_termset
from .tokens import count_tokens

__all__ = ["dispersion_table", "overview_table", "pick_families", "DISPERSION_COLUMNS", "OVERVIEW_COLUMNS"]

#: Columns of :func:`dispersion_table`.
DISPERSION_COLUMNS = ["family", "label", "doc_id", "date", "count"]
#: Columns of :func:`overview_table`.
OVERVIEW_COLUMNS = ["period", "documents", "tokens"]


def pick_families(available, families, what):
    """``families`` (None: all of ``available``; one id or a list) checked against ``available``.

    >>> pick_families(["a", "b"], "b", "plot"), pick_families(["a", "b"], None, "plot")
    (['b'], ['a', 'b'])
    """
    if families is None:
        return list(available)
    if isinstance(families, str):
        families = [families]
    families = list(families)
    unknown = [f for f in families if f not in available]
    if unknown:
        raise ParameterError([f"{what}: no family {', '.join(map(repr, unknown))}; families: "
                              f"{', '.join(map(str, available))}"])
    return families


def _non_empty(data, what):
    if len(data) == 0:
        raise ParameterError([f"{what}: the corpus has no documents; load one with termshift.load_corpus"])


def dispersion_table(corpus, terms, families=None) -> pd.DataFrame:
    """Matches of each family in each document, with the document's date: what a dispersion plot draws.

    Parameters
    ----------
    corpus : DataFrame
        A corpus (``doc_id``, ``date``, ``text``; see :func:`termshift.load_corpus`)
        or its :func:`termshift.document_counts` for the same terms (not counted again).
    terms : TermSet, path or mapping
        The families (see :func:`termshift.load_terms`); matches follow the
        rules of :func:`termshift.count_terms`.
    families : list of str, optional
        Family ids, in this order (default: every family of ``terms``).

    Returns
    -------
    DataFrame
        One row per family x document (documents without a match included,
        so the corpus's date range is kept): ``family``, ``label``,
        ``doc_id``, ``date``, ``count`` (matches). Family-major, documents in
        corpus order.

    Raises
    ------
    ParameterError
        The corpus is empty or not a corpus, a family is unknown, or the
        document counts lack one of the families.
    """
    ts = as_termset(terms)
    fams = pick_families(list(ts), families, "dispersion_table")
    if is_document_counts(corpus):
        if isinstance(corpus.columns, pd.MultiIndex):
            raise ParameterError(["dispersion_table: document counts per term given; compute them per family "
                                  "with document_counts(corpus, terms)"])
        missing = [f for f in fams if f not in corpus.columns]
        if missing:
            raise ParameterError([f"dispersion_table: the document counts have no column for family {f!r}; "
                                  "compute them with document_counts(corpus, terms) for the same terms"
                                  for f in missing])
        dc = corpus
    else:
        check_corpus(corpus)
        dc = document_counts(corpus, ts.subset(fams), progress=False)
    _non_empty(dc, "dispersion_table")
    n = len(dc)
    return pd.DataFrame({
        "family": np.repeat(np.asarray(fams, dtype=object), n),
        "label": np.repeat(np.asarray([ts[f].label for f in fams], dtype=object), n),
        "doc_id": np.tile(dc["doc_id"].to_numpy(), len(fams)),
        "date": np.tile(pd.to_datetime(dc["date"]).to_numpy(), len(fams)),
        "count": np.concatenate([dc[f].to_numpy(dtype=np.int64) for f in fams]) if fams else np.zeros(0, np.int64),
    })


def overview_table(corpus, freq="month") -> pd.DataFrame:
    """Documents and tokens per period, every period from the first date to the last.

    Parameters
    ----------
    corpus : DataFrame
        A corpus (``date`` and ``text``) or its :func:`termshift.document_counts`
        (``date`` and ``n_tokens``; not counted again).
    freq : {"day", "week", "month", "quarter", "year"} or pandas alias, default="month"

    Returns
    -------
    DataFrame
        ``period`` (:class:`pandas.Period`), ``documents``, ``tokens``; periods
        without documents have zeros, so gaps in the corpus stay visible.
    """
    f = period_freq(freq)
    if is_document_counts(corpus):
        dates, n_tokens = corpus["date"], corpus["n_tokens"].to_numpy(dtype=np.int64)
    else:
        check_corpus(corpus)
        dates, n_tokens = corpus["date"], np.fromiter((count_tokens(t) for t in corpus["text"]), np.int64,
                                                        count=len(corpus))
    _non_empty(corpus, "overview_table")
    periods, codes = period_codes(pd.to_datetime(dates), f)
    return pd.DataFrame({"period": periods,
                         "documents": np.bincount(codes, minlength=len(periods)).astype(np.int64),
                         "tokens": np.bincount(codes, weights=n_tokens, minlength=len(periods)).astype(np.int64)})
