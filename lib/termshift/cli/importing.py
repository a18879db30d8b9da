"""``termshift import``: a pile of news exports into one canonical table, with its load report beside it.

::

    termshift import nexis/ factiva_jan.rtf proquest.txt pages.zip --out corpus.parquet

Every source (a folder, an export file, a ``.zip`` archive) is read by
:func:`termshift.corpus.imports.import_sources` as :func:`termshift.load_corpus`
reads a folder (the format of each file found from its content, ``--export-format`` to
force one), each document named by its path relative to the common folder of the
sources (``jan/export.txt#3``); the articles of all sources become one
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

import json
from pathlib import Path

from ..corpus.imports import import_sources
from ..errors import ParameterError
from .args import add_export_format_arg, positive_number, progress_arg
from .output import check_out, say, write_atomic

__all__ = ["add_import", "import_sources", "report_json"]


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
        # each pair with both measures: [doc_id, duplicate_of, resemblance J, containment C]
        "duplicates": [[d, o, round(float(s), 6), round(float(c), 6)]
                       for d, o, s, c in zip(frame["doc_id"], frame["duplicate_of"], frame["similarity"],
                                             frame["containment"]) if o is not None],
        "dropped_duplicates": report.dropped_duplicates,
    }


def _table_bytes(frame, out: Path) -> bytes:
    frame = frame.drop(columns=["n_boilerplate", "boilerplate"], errors="ignore")
    frame.attrs = {}
    if out.suffix.lower() == ".csv":
        from .output import neutralise_formulas

        return neutralise_formulas(frame).to_csv(index=False, lineterminator="\n").encode("utf-8")
    from ..corpus.tables import parquet_bytes

    return parquet_bytes(frame, id_col="doc_id")  # named in the file: loading it again keeps the import's ids


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
                   help="resemblance (Jaccard similarity of 5-word or, in CJK text, 8-character shingles) from "
                        "which texts are near-duplicates; a text 87.5%% contained in an earlier one is one too "
                        "(default: 0.8)")
    p.add_argument("--follow-links", action="store_true", help="follow symbolic links that leave a source folder")
    p.add_argument("--quiet", "-q", action="store_true", help="no notes on stderr")
    p.set_defaults(func=_cmd_import)
