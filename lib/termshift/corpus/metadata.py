"""A metadata sheet beside a corpus: one row per article (file, url, outlet, how the date was found ...).

A researcher keeps saved articles in a folder and a sheet that says where each
came from. :func:`read_sheet` reads that sheet (CSV, TSV, Parquet or JSONL)
and :func:`join_sheet` joins its columns onto the loaded documents:

- the sheet's ``file`` column names each article: its path relative to the
  corpus root (the ``doc_id`` of a folder's article), a ``doc_id``, or an
  export file (``nexis/jan.txt``), which then applies to every article read
  from it (``nexis/jan.txt#1``, ``#2`` ...);
- every other column is joined onto the documents;
- where the sheet has a ``url`` column and no ``outlet`` column, ``outlet``
  comes from the url's host (:func:`outlet_from_url`: a known news site's
  name from :data:`OUTLETS`, else the host without ``www.``);
- a column the documents already have follows one rule, reported: the
  columns termshift itself makes (:data:`~termshift.corpus.tables.RESERVED`:
  ``doc_id``, ``date``, ``text``, ``language`` ...) are never replaced, the
  sheet's column is kept as ``sheet_<name>``; any other column (an export's
  own ``outlet``) takes the sheet's value where the sheet has one, and the
  document's own value stays in ``<name>_original``;
- rows naming no loaded document, and documents without a row, are counted
  and their first names listed in the report, never silently.

Examples
--------
>>> import pandas as pd
>>> docs = pd.DataFrame({"doc_id": ["a.txt", "b.txt", "x.txt#1"], "text": ["", "", ""]})
>>> sheet = pd.DataFrame({"file": ["a.txt", "x.txt", "gone.txt"],
...                       "url": ["https://www.asahi.com/articles/1", "https://apnews.com/a", None]})
>>> joined, notes = join_sheet(docs, sheet, name="sources.csv")
>>> joined[["doc_id", "outlet"]].values.tolist()
[['a.txt', 'Asahi Shimbun'], ['b.txt', None], ['x.txt#1', 'AP']]
>>> for line in notes: print(line)
sources.csv: outlet from each url's host (2 rows)
sources.csv: 1 row(s) name no loaded document: gone.txt
sources.csv: 1 document(s) have no row: b.txt
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import CorpusError

__all__ = ["read_sheet", "join_sheet", "outlet_from_url", "OUTLETS", "SHEET_SUFFIXES"]

#: File suffixes a metadata sheet may have.
SHEET_SUFFIXES = (".csv", ".tsv", ".parquet", ".jsonl", ".ndjson")

#: The outlet of a url's host (its last labels): Japanese and international news sites.
OUTLETS = {
    "asahi.com": "Asahi Shimbun", "mainichi.jp": "Mainichi Shimbun", "yomiuri.co.jp": "Yomiuri Shimbun",
    "nikkei.com": "Nikkei", "sankei.com": "Sankei Shimbun", "tokyo-np.co.jp": "Tokyo Shimbun",
    "jiji.com": "Jiji Press", "kyodonews.net": "Kyodo News", "kyodonews.jp": "Kyodo News",
    "nordot.app": "Kyodo News", "nhk.or.jp": "NHK", "jcp.or.jp": "Akahata", "nikkan-gendai.com": "Nikkan Gendai",
    "worldtimes.co.jp": "Sekai Nippo", "japantimes.co.jp": "The Japan Times", "japan-forward.com": "Japan Forward",
    "apnews.com": "AP", "reuters.com": "Reuters", "nytimes.com": "The New York Times",
    "washingtonpost.com": "The Washington Post", "bbc.com": "BBC", "bbc.co.uk": "BBC",
    "theguardian.com": "The Guardian", "ft.com": "Financial Times", "wsj.com": "The Wall Street Journal",
    "bloomberg.com": "Bloomberg", "cnn.com": "CNN", "aljazeera.com": "Al Jazeera", "thediplomat.com": "The Diplomat",
    "scmp.com": "South China Morning Post", "globaltimes.cn": "Global Times", "koreaherald.com": "The Korea Herald",
    "defensenews.com": "Defense News", "nippon.com": "Nippon.com", "mod.go.jp": "Ministry of Defense (Japan)",
    "kantei.go.jp": "Prime Minister's Office (Japan)",
}
_SHEET_FIX = "give a sheet (.csv, .tsv, .parquet, .jsonl) with a `file` column naming each article"


def outlet_from_url(url) -> str | None:
    """The outlet of a url: the name in :data:`OUTLETS` of its host (or a parent domain), else the host.

    Examples
    --------
    >>> outlet_from_url("https://www.asahi.com/articles/ASQ.html"), outlet_from_url("http://digital.asahi.com/x")
    ('Asahi Shimbun', 'Asahi Shimbun')
    >>> outlet_from_url("https://news.example.org/a"), outlet_from_url(""), outlet_from_url(None)
    ('news.example.org', None, None)
    """
    if not isinstance(url, str) or not url.strip():
        return None
    host = (urlsplit(url.strip() if "//" in url else "//" + url.strip()).hostname or "").lower().rstrip(".")
    if not host or "." not in host or " " in host:
        return None
    labels = host.split(".")
    for i in range(len(labels) - 1):
        name = OUTLETS.get(".".join(labels[i:]))
        if name:
            return name
    return host.removeprefix("www.")


def read_sheet(path):
    """Read a metadata sheet into a DataFrame of strings (missing cells None); one line per problem.

    Raises
    ------
    CorpusError
        The file is missing or unreadable, its suffix is not a sheet's, it has no ``file``
        column, or two rows name the same file.
    """
    import pandas as pd

    path = Path(os.fspath(path))
    shown = str(path)
    suffix = path.suffix.lower()
    if suffix not in SHEET_SUFFIXES:
        raise CorpusError([f"{shown}: not a metadata sheet ({suffix or 'no suffix'}); {_SHEET_FIX}"])
    try:
        if suffix == ".parquet":
            sheet = pd.read_parquet(path)
        elif suffix in (".jsonl", ".ndjson"):
            sheet = pd.read_json(path, lines=True, dtype=False)
        else:
            sheet = pd.read_csv(path, sep="\t" if suffix == ".tsv" else ",", dtype=str, keep_default_na=False,
                                na_values=[""], encoding="utf-8-sig")
    except FileNotFoundError:
        raise CorpusError([f"{shown}: no such metadata sheet; check the path"]) from None
    except (OSError, ValueError, UnicodeDecodeError) as err:
        raise CorpusError([f"{shown}: cannot be read as a metadata sheet ({str(err).splitlines()[0]}); "
                           f"{_SHEET_FIX} in UTF-8"]) from None
    sheet.columns = [str(c).strip() for c in sheet.columns]
    if "file" not in sheet.columns:
        raise CorpusError([f"{shown}: no `file` column (columns: {', '.join(sheet.columns) or 'none'}); "
                           "name the column that holds each article's path (relative to the corpus root) `file`"])
    sheet = pd.DataFrame({c: pd.Series([None if _missing(v) else v for v in sheet[c]], dtype=object)
                          for c in sheet.columns})
    sheet["file"] = pd.Series([None if f is None else str(f).strip().replace("\\", "/").removeprefix("./") or None
                               for f in sheet["file"]], dtype=object)
    problems = [f"{shown} row {i + 2}: empty `file`; name the article or delete the row"
                for i, f in enumerate(sheet["file"]) if not f]
    seen: dict[str, int] = {}
    for i, f in enumerate(sheet["file"]):
        if f and f in seen:
            problems.append(f"{shown} row {i + 2}: `{f}` is named again (first at row {seen[f] + 2}); "
                            "keep one row per article")
        elif f:
            seen[f] = i
    if problems:
        raise CorpusError(problems)
    return sheet


def _missing(value) -> bool:
    try:
        return value is None or bool(value != value)  # None or NaN
    except (TypeError, ValueError):  # an array cell
        return False


def _first(names, n: int = 5) -> str:
    names = list(names)
    return ", ".join(names[:n]) + (f" (+{len(names) - n} more)" if len(names) > n else "")


def join_sheet(frame, sheet, *, name: str = "metadata"):
    """``frame`` with the sheet's columns joined on, and the report's lines: ``(joined, notes)``.

    A document matches the sheet row whose ``file`` is its ``doc_id``, or else the row
    whose ``file`` is its ``doc_id`` before ``#`` (the export file it was read from).
    """
    import pandas as pd

    from .tables import RESERVED

    def column(values):
        return pd.Series(values, index=frame.index, dtype=object)

    sheet = sheet.copy()
    notes = []
    if "url" in sheet.columns and "outlet" not in sheet.columns:
        outlets = [outlet_from_url(u) for u in sheet["url"]]
        sheet["outlet"] = pd.Series(outlets, index=sheet.index, dtype=object)
        notes.append(f"{name}: outlet from each url's host ({sum(o is not None for o in outlets)} rows)")
    row_of = {f: i for i, f in enumerate(sheet["file"])}
    ids = frame["doc_id"].astype(str).tolist()
    match = [row_of.get(d, row_of.get(d.split("#", 1)[0])) for d in ids]
    used = {m for m in match if m is not None}
    unmatched_rows = [f for i, f in enumerate(sheet["file"]) if i not in used]
    if unmatched_rows:
        notes.append(f"{name}: {len(unmatched_rows)} row(s) name no loaded document: {_first(unmatched_rows)}")
    no_row = [d for d, m in zip(ids, match) if m is None]
    if no_row:
        notes.append(f"{name}: {len(no_row)} document(s) have no row: {_first(no_row)}")
    out = frame.copy()
    for col in [c for c in sheet.columns if c != "file"]:
        values = [None if m is None else sheet[col].iat[m] for m in match]
        if col in RESERVED or col == "file":
            target = f"sheet_{col}"
            notes.append(f"{name}: column `{col}` is termshift's own; the sheet's is kept as `{target}`")
            out[target] = column(values)
        elif col in out.columns:
            own = [None if _missing(o) else o for o in out[col].tolist()]
            differ = sum(v is not None and o is not None and v != o for v, o in zip(values, own))
            out[f"{col}_original"] = column(own)
            out[col] = column([o if v is None else v for v, o in zip(values, own)])
            notes.append(f"{name}: column `{col}` was already there: the sheet's value is used where it has one "
                         f"({differ} differ), the document's own kept as `{col}_original`")
        else:
            out[col] = column(values)
    return out, notes
