"""``termshift import``: a pile of news exports into one canonical table, with its load report beside it.

::

    termshift import nexis/ factiva_jan.rtf proquest.txt pages.zip --out corpus.parquet

Every source (a folder, an export file, a ``.zip`` archive) is read as
:func:`termshift.load_corpus` reads a folder (the format of each file found from
its content, ``--export-format`` to force one); the articles of all sources become one
table (Parquet, or CSV for ``--out *.csv``) written atomically, and
``OUT.report.json`` lists per file the format found and the articles read, every
file or article skipped with its reason, every flag (truncated exports, guessed
encodings), and the duplicates. Near-duplicates (a wire story reprinted, an
article in two overlapping downloads) are marked in ``duplicate_of`` with their
``similarity``; ``--drop-duplicates exact|near`` removes them. The text is
written as exported (``--keep-boilerplate`` is implied): a later
``load_corpus("corpus.parquet", id_col="doc_id")`` applies its own rules once.
"""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path

from ..errors import CorpusError, ParameterError
from .args import add_export_format_arg, positive_number, progress_arg
from .output import check_out, say, write_atomic

__all__ = ["add_import", "import_sources"]

_TABLES = (".csv", ".tsv", ".jsonl", ".ndjson", ".parquet")


def import_sources(sources, *, format=None, date_from=None, on_error="raise", follow_links=False,
                   drop_duplicates=None, threshold=0.8, seed=0, progress=False):
    """Read export sources into one corpus frame and its report: ``(frame, report)``.

    ``drop_duplicates``: None (mark only), ``"exact"`` or ``"near"``. With several
    sources, each ``doc_id`` starts with its source's name (``nexis/jan.txt#3``).
    """
    from ..corpus.articles import SOURCES_FIX, read_sources
    from ..corpus.finish import check_on_error, finish
    from ..corpus.importers import is_source_name
    from ..corpus.near_duplicates import near_duplicates_of
    from ..corpus.report import LoadReport, printable
    from ..corpus.walk import Article, walk_folder

    check_on_error(on_error)
    if drop_duplicates not in (None, "exact", "near"):
        raise ParameterError([f"drop_duplicates={drop_duplicates!r}: use None, 'exact' or 'near'"])
    sources = [os.fsdecode(os.fspath(s)) for s in sources]
    problems, reports, frames, bad = [], [], [], []
    for src in sources:
        shown = printable(src)
        name = printable(os.path.basename(src.rstrip(os.sep)) or src)
        prefix = name + "/" if len(sources) > 1 else ""
        try:
            st = os.stat(src)
        except OSError as err:
            bad.append(f"{shown}: {'no such file or folder' if isinstance(err, FileNotFoundError) else err.strerror}"
                       "; check the path")
            continue
        report = LoadReport(root=shown)
        if stat.S_ISDIR(st.st_mode):
            try:
                files, walk_problems = walk_folder(src, report, follow_links=follow_links, exports=True)
            except OSError as err:
                bad.append(f"{shown}: folder cannot be read ({err.strerror}); check its permissions")
                continue
        elif stat.S_ISREG(st.st_mode) and src.lower().endswith(_TABLES):
            bad.append(f"{shown}: a table is already one document per row; load it with termshift.load_corpus or "
                       "`termshift corpus`, or give the exports it was made from")
            continue
        elif stat.S_ISREG(st.st_mode) and is_source_name(src):
            files, walk_problems, prefix = [Article(name, src)], [], ""
        else:
            bad.append(f"{shown}: not a folder, export (.txt, .docx, .rtf, .html, .htm) or .zip archive; "
                       "give the exports")
            continue
        rows, file_problems = read_sources(files, report, format=format, date_from=date_from)
        if prefix:
            rows["doc_id"] = prefix + rows["doc_id"]
            rows["where"] = prefix + rows["where"]
            report.loaded = [prefix + x for x in report.loaded]
            report.files = {prefix + k: v for k, v in report.files.items()}
            report.flagged = [(prefix + w, n) for w, n in report.flagged]
            report.ignored_reasons = {prefix + k: v for k, v in report.ignored_reasons.items()}
            report.ignored = [prefix + x for x in report.ignored]
        problems += [p._replace(where=prefix + p.where) for p in walk_problems + file_problems]
        reports.append(report)
        frames.append(rows)
    if bad:
        raise CorpusError(bad)
    import pandas as pd

    report = LoadReport.combine(reports)
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    if "outlet" not in frame.columns:  # only seed articles: still give every metadata column
        for col in ("outlet", "title", "byline", "section", "length_words", "stated_language", "format"):
            frame[col] = None
    try:
        frame = finish(frame, problems, report, detect=None, drop_duplicates=drop_duplicates == "exact",
                       on_error=on_error, unit="row", noun="file(s) or article(s)", empty_fix=SOURCES_FIX)
    except CorpusError as err:
        if len(err.problems) == 1 and len(problems) == 1:  # one bad export: one line, naming it
            raise CorpusError(err.problems) from None
        raise
    near, similarity = near_duplicates_of(frame, threshold=threshold, random_state=seed)
    frame["duplicate_of"] = near
    frame.insert(frame.columns.get_loc("duplicate_of") + 1, "similarity", similarity)
    if drop_duplicates == "near":
        dup = frame["duplicate_of"].notna()
        report.dropped_duplicates += [[str(d), str(o)] for d, o in zip(frame.loc[dup, "doc_id"],
                                                                      frame.loc[dup, "duplicate_of"])]
        frame = frame[~dup].reset_index(drop=True)
        report.n_docs = len(frame)
    return frame, report


def report_json(report, frame) -> dict:
    """The report written beside the table: totals, per-file formats, skipped, ignored, flagged, duplicates."""
    return {
        "totals": report.totals_line(),
        "documents": len(frame),
        "files": report.files,
        "formats": report.formats(),
        "skipped": [list(s) for s in report.skipped],
        "ignored": {k: report.ignored_reasons.get(k, "") for k in report.ignored},
        "flagged": [list(f) for f in report.flagged],
        "duplicates": [[d, o, round(float(s), 6)] for d, o, s in zip(frame["doc_id"], frame["duplicate_of"],
                                                                     frame["similarity"]) if o is not None],
        "dropped_duplicates": report.dropped_duplicates,
    }


def _table_bytes(frame, out: Path) -> bytes:
    frame = frame.drop(columns=["n_boilerplate", "boilerplate"], errors="ignore")
    frame.attrs = {}
    if out.suffix.lower() == ".csv":
        from .output import neutralise_formulas

        return neutralise_formulas(frame).to_csv(index=False, lineterminator="\n").encode("utf-8")
    buf = io.BytesIO()
    frame.to_parquet(buf, index=False)
    return buf.getvalue()


def _cmd_import(args) -> int:
    out = args.out
    check_out(out, [("source", p) for p in args.sources])
    frame, report = import_sources(args.sources, format=args.export_format, date_from=args.date_from,
                                   on_error=args.on_error, follow_links=args.follow_links,
                                   drop_duplicates=None if args.drop_duplicates == "none" else args.drop_duplicates,
                                   threshold=args.similarity, progress=progress_arg(args))
    table = _table_bytes(frame, out)
    side = out.with_name(out.name + ".report.json")
    check_out(side, [("source", p) for p in args.sources])
    write_atomic(out, table)
    write_atomic(side, (json.dumps(report_json(report, frame), indent=2, ensure_ascii=False) + "\n").encode())
    if not args.quiet:
        for where, reason in report.skipped:
            say(f"termshift import: skipped {where}: {reason}")
        for where, note in report.flagged:
            say(f"termshift import: flagged {where}: {note}")
        n_dup = int(frame["duplicate_of"].notna().sum())
        say(f"termshift import: {len(frame)} document(s) from {len(report.files)} file(s) "
            f"({', '.join(f'{n} {f}' for f, n in report.formats().items())}); {report.totals_line()}; "
            f"{n_dup} (near-)duplicate(s) marked; wrote {out} and {side}")
    return 0


def _similarity(text):
    value = positive_number(text)
    if not 0 < value <= 1:
        raise ParameterError([f"--similarity {text}: give a number in (0, 1]"])
    return value


def add_import(sub) -> None:

    p = sub.add_parser("import", help="convert news exports (Nexis, Factiva, ProQuest, web pages) into one table",
                       description="Read folders, export files (.txt, .docx, .rtf, .html, .htm, any case) and .zip "
                                   "archives of them; each file's format is found from its content. Writes one "
                                   "row per article (doc_id FILE#K, date, text, outlet, title, byline, section, "
                                   "length_words, stated_language, format, source) to --out (Parquet, or CSV for "
                                   "*.csv) and the load report to OUT.report.json.")
    p.add_argument("sources", nargs="+", type=Path, metavar="SOURCE", help="folders, exports or .zip archives")
    p.add_argument("--out", "-o", type=Path, required=True, metavar="FILE",
                   help="the table to write (corpus.parquet); the report goes to FILE.report.json")
    add_export_format_arg(p, "force this layout for every file", old=True)
    p.add_argument("--date-from", default=None, metavar="RULE",
                   help="date of web pages whose metadata has none: 'name' (a YYYY-MM-DD date in the file's "
                        "path) or one ISO date; default: such a page is bad input")
    p.add_argument("--on-error", choices=["raise", "skip"], default="raise",
                   help="bad files or articles: fail listing them all (raise, default) or import the rest (skip)")
    p.add_argument("--drop-duplicates", choices=["none", "exact", "near"], default="none",
                   help="drop exact repeats, or near-duplicates too (default: keep them, marked in duplicate_of)")
    p.add_argument("--similarity", type=_similarity, default=0.8, metavar="J",
                   help="Jaccard similarity of 5-word shingles from which texts are near-duplicates (default: 0.8)")
    p.add_argument("--follow-links", action="store_true", help="follow symbolic links that leave a source folder")
    p.add_argument("--quiet", "-q", action="store_true", help="no notes on stderr")
    p.set_defaults(func=_cmd_import)
