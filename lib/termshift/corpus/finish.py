"""The one finishing path of :func:`~termshift.load_corpus` and :func:`~termshift.from_frame`.

Rows read from files or a DataFrame go through the same steps: NFKC
normalisation (bounded: see :func:`nfkc_bounded`), bad input raised at once or
skipped and reported, boilerplate lines set aside, rows sorted by date, exact
duplicates found, each document's language set (detected, or as given), the
report completed.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from typing import TYPE_CHECKING

from ..errors import CorpusError
from ..language import detect_language
from ..tokens import nfkc
from .boilerplate import boilerplate_detector, is_boilerplate_line, split_boilerplate
from .options import LoadOptions, check_on_error
from .report import REPORT_KEY, BadInput, LoadReport, Problem

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["finish", "nfkc_bounded", "is_boilerplate_line", "split_boilerplate", "boilerplate_detector",
           "MAX_NFKC_GROWTH", "check_on_error", "LANGUAGE_KEY"]

#: Key of ``frame.attrs`` recording how the ``language`` column was set.
LANGUAGE_KEY = "termshift.language"

#: A document whose NFKC form would be more than this many times longer is bad input.
MAX_NFKC_GROWTH = 8
_NFKC_FLOOR = 10_000  # characters: short texts may grow more (one "\ufdfa" is 18 characters)


def nfkc_bounded(text: str, max_growth: int = MAX_NFKC_GROWTH) -> str:
    """NFKC form of ``text``, refused (:class:`BadInput`) when it would grow more than ``max_growth`` times.

    NFKC can expand a character many times (U+FDFA becomes 18 characters), so a
    10 MB file of such characters would become gigabytes in memory while loading
    and counting. The growth is bounded *before* normalising, from the NFKD
    length of each distinct character (an upper bound of the NFKC length), so the
    refusal costs no memory. Texts under 10,000 characters after normalisation are
    always accepted.

    Examples
    --------
    >>> nfkc_bounded("\\ufb01ne")
    'fine'
    >>> nfkc_bounded("\\ufdfa" * 5000)
    Traceback (most recent call last):
    ...
    termshift.corpus.report.BadInput: NFKC normalisation would make the text 18 times longer (90000 characters)
    """
    if text.isascii() or unicodedata.is_normalized("NFKC", text):  # ASCII: its own NFKC form
        return text
    bound = sum(n * len(unicodedata.normalize("NFKD", ch)) for ch, n in Counter(text).items())
    if bound > max(max_growth * len(text), _NFKC_FLOOR):
        return _refuse(text, max_growth)
    return nfkc(text)


def _refuse(text, max_growth):
    # the exact growth (computed in pieces, stopping early) for the message
    total, step = 0, 1 << 16
    for i in range(0, len(text), step):
        total += len(unicodedata.normalize("NFKC", text[i:i + step]))
        if total > 4 * max_growth * len(text):
            break
    if total <= max(max_growth * len(text), _NFKC_FLOOR):
        return nfkc(text)
    raise BadInput(f"NFKC normalisation would make the text {total // len(text)} times longer ({total} characters)",
                   "remove the characters that expand (ligatures such as U+FDFA) or write them out")


# ----------------------------------------------------------------------------- boilerplate


# ----------------------------------------------------------------------------- finishing


def finish(frame: pd.DataFrame, problems: list[Problem], report: LoadReport, options: LoadOptions, *, unit: str,
           noun: str, empty_fix: str) -> pd.DataFrame:
    """Normalise, check, set boilerplate aside, sort, mark duplicates, set languages; complete ``report``.

    ``frame`` has ``doc_id, date, text, source, encoding``, a ``where`` column
    (how a problem names the row) and any metadata. ``unit`` is "file" when each
    row is a file (folder loads: ``report.loaded`` is then set here) or "row".
    ``options`` (:class:`~termshift.corpus.options.LoadOptions`) gives ``on_error``,
    ``boilerplate``, ``drop_duplicates`` and ``language``: every document's language,
    or None to detect each one (:func:`termshift.language.detect_language`);
    recorded in the ``language`` column (after ``duplicate_of``) and in
    ``frame.attrs[LANGUAGE_KEY]``. A metadata column already named ``language`` is
    kept as ``meta_language``.
    """
    import pandas as pd

    detect, drop_duplicates, on_error, language = (options.detect, options.drop_duplicates, options.on_error,
                                                   options.language)
    problems = list(problems)
    texts, keep = [], []
    for i, (where, text) in enumerate(zip(frame["where"], frame["text"])):
        try:
            texts.append(nfkc_bounded(text))
            keep.append(i)
        except BadInput as bad:
            problems.append(bad.problem(where, unit))
    if len(keep) < len(frame):
        frame = frame.iloc[keep]
    lines = [p.line() for p in problems]
    if problems and on_error == "raise":
        raise CorpusError(lines, header=f"{len(problems)} bad {noun} in {report.root} (fix them, or load the rest "
                                        f"with on_error='skip' / --on-error skip):")
    report.skipped += [(p.where, p.reason + (f"; {p.fix}" if p.fix else "")) for p in problems]
    report.skipped_files += sum(p.unit == "file" for p in problems)
    if unit == "file":
        report.loaded = list(frame["doc_id"])
    if frame.empty:
        if problems:
            raise CorpusError(lines, header=f"{report.root}: no documents loaded, every file or row was skipped "
                                            f"({report.totals_line()}):")
        raise CorpusError([f"{report.root}: no documents found ({report.totals_line()}); {empty_fix}"])
    kept, n_bp, bps = [], [], []
    for t in texts:
        body, lines_out = split_boilerplate(t, detect)
        kept.append(body)
        n_bp.append(len(lines_out))
        bps.append("\n".join(lines_out))
    # text stays a column of Python str (object dtype): counting reads every text,
    # and converting to and from Arrow strings would cost more than the counting.
    frame = frame.drop(columns=["where"]).assign(text=pd.Series(kept, index=frame.index, dtype=object))
    frame.insert(frame.columns.get_loc("encoding") + 1, "n_boilerplate", n_bp)
    frame.insert(frame.columns.get_loc("n_boilerplate") + 1, "boilerplate", pd.Series(bps, index=frame.index,
                                                                                       dtype=object))
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    frame = frame.sort_values(["date", "doc_id"], kind="stable").reset_index(drop=True)
    frame.insert(frame.columns.get_loc("boilerplate") + 1, "duplicate_of", duplicates_of(frame))
    if drop_duplicates == "near":
        from .near_duplicates import near_duplicates_of

        near, similarity, contained = near_duplicates_of(frame)
        frame["duplicate_of"] = near
        frame.insert(frame.columns.get_loc("duplicate_of") + 1, "similarity", similarity)
        frame.insert(frame.columns.get_loc("similarity") + 1, "containment", contained)
    if drop_duplicates:
        dup = frame["duplicate_of"].notna()
        report.dropped_duplicates = [[str(d), str(o)] for d, o in zip(frame.loc[dup, "doc_id"],
                                                                     frame.loc[dup, "duplicate_of"])]
        frame = frame[~dup].reset_index(drop=True)
    frame = _set_language(frame, language)
    report.n_docs = len(frame)
    frame.attrs[REPORT_KEY] = report
    return frame


def _set_language(frame: pd.DataFrame, language: str | None) -> pd.DataFrame:
    import pandas as pd

    if "language" in frame.columns:  # a table's own column: kept under a free name
        name = "meta_language"
        while name in frame.columns:
            name = f"meta_{name}"
        frame = frame.rename(columns={"language": name})
    langs = [language or detect_language(t) for t in frame["text"].tolist()]
    frame.insert(frame.columns.get_loc("duplicate_of") + 1, "language", pd.Series(langs, index=frame.index,
                                                                                  dtype=object))
    frame.attrs[LANGUAGE_KEY] = {"language": language or "detected",
                                 "documents": dict(sorted(Counter(langs).items()))}
    return frame


def duplicates_of(frame: pd.DataFrame) -> pd.Series:
    """For each row, the doc_id of the first earlier row with the same text, else None.

    Examples
    --------
    >>> import pandas as pd
    >>> duplicates_of(pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["x", "y", "x"]})).tolist()
    [None, None, 'a']
    """
    import pandas as pd

    first: dict[str, int] = {}
    out: list[str | None] = []
    ids = frame["doc_id"].tolist()
    for i, text in enumerate(frame["text"].tolist()):
        j = first.setdefault(text, i)
        out.append(None if j == i else ids[j])
    return pd.Series(out, index=frame.index, dtype=object)
