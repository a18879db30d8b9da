"""The ``termshift`` command line.

Every subcommand prints CSV (or text/JSON) to stdout or a file; bad input
exits with status 2 and one line per problem on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .errors import ParameterError, TermshiftError

__all__ = ["main", "build_parser"]


def _add_corpus_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("corpus", help="a folder of dated .txt articles, one .txt article, or a table "
                                  "(.csv, .tsv, .jsonl, .parquet)")
    p.add_argument("--on-error", choices=["raise", "skip"], default="raise",
                   help="bad files: fail listing them all (raise, default) or load the rest and report (skip)")
    p.add_argument("--date-col", default="date", help="date column of a table (default: date)")
    p.add_argument("--text-col", default="text", help="text column of a table (default: text)")
    p.add_argument("--id-col", default=None, help="document id column of a table (default: file:row)")
    p.add_argument("--keep-boilerplate", action="store_true",
                   help="keep all-capital cross-promotion lines in the analysed text")
    p.add_argument("--drop-duplicates", action="store_true", help="drop documents whose text repeats an earlier one")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bars or notes on stderr")


def _add_terms_arg(p: argparse.ArgumentParser, required: bool = True) -> None:
    from .paths import TERMS_FILE

    p.add_argument("--terms", required=required, default=None if required else None, type=Path,
                   help=f"term-family TOML file (e.g. {TERMS_FILE.relative_to(TERMS_FILE.parents[1])})")


def _add_out_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", "-o", type=Path, default=None, help="write to this file instead of stdout")


def _load(args):
    from .corpus import load_corpus, load_report

    corpus = load_corpus(
        args.corpus, on_error=args.on_error, date_col=args.date_col, text_col=args.text_col, id_col=args.id_col,
        boilerplate=None if args.keep_boilerplate else "caps", drop_duplicates=args.drop_duplicates,
        progress=False if args.quiet else None,
    )
    report = load_report(corpus)
    if report.skipped and not args.quiet:
        print(f"termshift: skipped {len(report.skipped)} file(s)/row(s):", file=sys.stderr)
        for where, reason in report.skipped:
            print(f"  {where}: {reason}", file=sys.stderr)
    return corpus


def _write_csv(df, out) -> None:
    if out is None:
        df.to_csv(sys.stdout, index=False, lineterminator="\n")
        return
    _writable(out)
    df.to_csv(out, index=False, lineterminator="\n")


def _write_text(text: str, out) -> None:
    text = text if text.endswith("\n") else text + "\n"
    if out is None:
        sys.stdout.write(text)
        return
    _writable(out)
    out.write_text(text, encoding="utf-8")


def _writable(out: Path) -> None:
    """Create the folder of ``--out`` or say, in one line, why it cannot be written."""
    if out.is_dir():
        raise ParameterError([f"--out {out}: is a folder; give a file name such as {out / 'counts.csv'}"])
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ParameterError([f"--out {out}: its folder cannot be made ({e.strerror}); give a writable path"]) from None
    if not os.access(out.parent, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise ParameterError([f"--out {out}: not writable; give a writable file path"])


# ----------------------------------------------------------------------------- commands


def _cmd_corpus(args) -> int:
    import json

    from .corpus import corpus_summary, format_summary

    summary = corpus_summary(_load(args), freq=args.by)
    _write_text(json.dumps(summary, indent=2, ensure_ascii=False) if args.format == "json"
                else format_summary(summary), args.out)
    return 0


def _add_corpus(sub) -> None:
    p = sub.add_parser("corpus", help="load a corpus and print its summary",
                       description="Documents, date range, documents per period, encodings, duplicates, "
                                   "skipped and ignored files, boilerplate lines removed.")
    _add_corpus_args(p)
    p.add_argument("--by", default="month", help="period for documents per period (default: month)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    _add_out_arg(p)
    p.set_defaults(func=_cmd_corpus)


def _cmd_count(args) -> int:
    from .counts import count_terms, period_freq
    from .terms import load_terms

    terms = load_terms(args.terms)  # validate the families before reading the corpus
    freq = period_freq(args.by)
    table = count_terms(_load(args), terms, freq=freq, level="term" if args.per_term else "family",
                        progress=False if args.quiet else None)
    _write_csv(table, args.out)
    return 0


def _add_count(sub) -> None:
    p = sub.add_parser("count", help="count term families per period (CSV)",
                       description="One row per period x family: count, docs, n_docs, n_tokens, per_10k, "
                                   "doc_share; every period of the date range present.")
    _add_corpus_args(p)
    _add_terms_arg(p)
    p.add_argument("--by", default="month", choices=["day", "week", "month", "quarter", "year"])
    p.add_argument("--per-term", action="store_true", help="one row per term instead of per family")
    _add_out_arg(p)
    p.set_defaults(func=_cmd_count)


def _cmd_shift(args) -> int:
    import json

    import pandas as pd

    from .counts import period_freq
    from .stats import _contest_ids, shift
    from .terms import load_terms

    terms = load_terms(args.terms)  # validate the families and ids before reading the corpus
    a, b = _contest_ids(terms, args.a.split(","), args.b.split(","))
    freq = period_freq(args.by)
    result = shift(_load(args), terms, a, b, freq=freq, n_perm=args.n_perm, n_boot=args.n_boot,
                   random_state=args.seed, progress=False if args.quiet else None)
    summary = result.to_dict()
    if args.format == "json":
        _write_text(json.dumps(summary, indent=2, ensure_ascii=False), args.out)
    else:
        row = {k: "+".join(v) if isinstance(v, list) else v for k, v in summary.items()}
        _write_csv(pd.DataFrame([row]), args.out)
    return 0


def _add_shift(sub) -> None:
    p = sub.add_parser("shift", help="when framing A replaced framing B: change point, p-value, interval",
                       description="The single change point in A's share of the mentions of A and B "
                                   "(binomial likelihood ratio), its permutation p-value and a document-"
                                   "bootstrap interval for the change period. Prints one JSON object "
                                   "(or a one-row CSV).")
    _add_corpus_args(p)
    _add_terms_arg(p)
    p.add_argument("--a", required=True, help="family id(s) of framing A, comma separated (e.g. counterstrike)")
    p.add_argument("--b", required=True, help="family id(s) of framing B, comma separated (e.g. preemptive)")
    p.add_argument("--by", default="month", choices=["day", "week", "month", "quarter", "year"])
    p.add_argument("--format", choices=["json", "csv"], default="json")
    p.add_argument("--seed", type=int, default=0, help="random seed for permutations and bootstrap (default: 0)")
    p.add_argument("--n-perm", type=int, default=999, help="permutations for the p-value (default: 999)")
    p.add_argument("--n-boot", type=int, default=200, help="bootstrap resamples for the interval (default: 200)")
    _add_out_arg(p)
    p.set_defaults(func=_cmd_shift)


def _cmd_tfidf(args) -> int:
    from .counts import period_freq
    from .terms import load_terms
    from .tfidf import family_tfidf, tfidf_by_period

    terms = load_terms(args.terms) if args.terms is not None else None  # validate before reading the corpus
    freq = period_freq(args.by)
    opts = dict(ngram_range=(1, args.ngrams), stop_words=None if args.keep_stop_words else "english",
                min_df=args.min_df, stemmer=args.stemmer)
    corpus = _load(args)
    table = (family_tfidf(corpus, terms, freq, **opts) if terms is not None
             else tfidf_by_period(corpus, freq, top_k=args.top, **opts))
    _write_csv(table, args.out)
    return 0


def _add_tfidf(sub) -> None:
    p = sub.add_parser("tfidf", help="top TF-IDF terms per period, periods as documents (CSV)",
                       description="Each period's documents form one document; weights are scikit-learn's "
                                   "TfidfVectorizer defaults (smooth idf, l2 norm). Columns: period, term, tfidf, "
                                   "count, rank. With --terms: one row per period x family (period, family, "
                                   "label, tfidf, count), every variant of a family counted as one term.")
    _add_corpus_args(p)
    _add_terms_arg(p, required=False)
    p.add_argument("--by", default="year", choices=["day", "week", "month", "quarter", "year"])
    p.add_argument("--top", type=int, default=20, help="terms per period (default: 20)")
    p.add_argument("--ngrams", type=int, default=1, help="longest word n-gram (default: 1, words only)")
    p.add_argument("--min-df", type=int, default=1, help="drop terms found in fewer periods (default: 1)")
    p.add_argument("--stemmer", choices=["porter", "snowball"], default=None, help="stem words (NLTK)")
    p.add_argument("--keep-stop-words", action="store_true", help="keep English stop words")
    _add_out_arg(p)
    p.set_defaults(func=_cmd_tfidf)


def _cmd_keyness(args) -> int:
    from .keyness import keyness
    from .terms import load_terms

    terms = load_terms(args.terms) if args.terms is not None else None
    table = keyness(_load(args), args.split, terms=terms, ngram_range=(1, args.ngrams), top=args.top,
                    min_count=args.min_count)
    _write_csv(table, args.out)
    return 0


def _add_keyness(sub) -> None:
    p = sub.add_parser("keyness", help="words (and families) that mark documents before vs after a date (CSV)",
                       description="Slice A = documents dated before --split, slice B = on or after. Columns: "
                                   "term, kind, count_a, count_b, g2 (Dunning log-likelihood, positive = more "
                                   "frequent in A), p_value, log_ratio (Hardie), log_odds_z (Monroe et al.), "
                                   "sorted by |g2|.")
    _add_corpus_args(p)
    _add_terms_arg(p, required=False)
    p.add_argument("--split", required=True, help="split date YYYY-MM-DD")
    p.add_argument("--top", type=int, default=None, help="keep this many word rows (family rows are always kept)")
    p.add_argument("--min-count", type=int, default=1, help="drop words seen fewer times in total (default: 1)")
    p.add_argument("--ngrams", type=int, default=1, help="longest word n-gram (default: 1, words only)")
    _add_out_arg(p)
    p.set_defaults(func=_cmd_keyness)


def _cmd_kwic(args) -> int:
    from .context import kwic
    from .terms import load_terms

    terms = load_terms(args.terms)
    if args.family not in terms:
        from .errors import ParameterError

        raise ParameterError([f"--family {args.family}: not in {args.terms}; choose one of: {', '.join(terms)}"])
    _write_csv(kwic(_load(args), terms, args.family, width=args.width), args.out)
    return 0


def _add_kwic(sub) -> None:
    p = sub.add_parser("kwic", help="keyword in context: every match of one family (CSV)",
                       description="One row per match: doc_id, date, left, match, right, term, start, end "
                                   "(the matches `termshift count` counts).")
    _add_corpus_args(p)
    _add_terms_arg(p)
    p.add_argument("--family", required=True, help="family id (a [table] of the terms file)")
    p.add_argument("--width", type=int, default=60, help="characters of context on each side (default: 60)")
    _add_out_arg(p)
    p.set_defaults(func=_cmd_kwic)


def _families_arg(terms, value, option):
    """Split a comma-separated list of family ids and check each exists."""
    if value is None:
        return None
    ids = [v for v in value.split(",") if v]
    unknown = [i for i in ids if i not in terms]
    if unknown or not ids:
        raise ParameterError([f"{option} {value}: unknown family {', '.join(unknown) or '(none given)'}; "
                              f"choose from: {', '.join(terms)}"])
    return ids


def _cmd_rates(args) -> int:
    from .counts import period_freq
    from .stats import rates
    from .terms import load_terms

    terms = load_terms(args.terms)
    families = _families_arg(terms, args.families, "--families")
    table = rates(_load(args), terms, period_freq(args.by), families=families, n_boot=args.n_boot,
                  random_state=args.seed, progress=False if args.quiet else None)
    _write_csv(table, args.out)
    return 0


def _add_rates(sub) -> None:
    p = sub.add_parser("rates", help="rates per period with 95%% intervals (CSV)",
                       description="count_terms' table plus per_10k_low/high (document bootstrap) and "
                                   "doc_share_low/high (Wilson score interval).")
    _add_corpus_args(p)
    _add_terms_arg(p)
    p.add_argument("--by", default="month", choices=["day", "week", "month", "quarter", "year"])
    p.add_argument("--families", default=None, help="family ids, comma separated (default: all)")
    p.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples (default: 1000)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    _add_out_arg(p)
    p.set_defaults(func=_cmd_rates)


def _cmd_share(args) -> int:
    from .counts import period_freq
    from .stats import _contest_ids, share
    from .terms import load_terms

    terms = load_terms(args.terms)
    a, b = _contest_ids(terms, args.a.split(","), args.b.split(","))
    table = share(_load(args), terms, a, b, period_freq(args.by), n_boot=args.n_boot, random_state=args.seed,
                  progress=False if args.quiet else None)
    _write_csv(table, args.out)
    return 0


def _add_share(sub) -> None:
    p = sub.add_parser("share", help="framing contest A vs B per period, with 95%% intervals (CSV)",
                       description="count_a / (count_a + count_b) per period with a document-bootstrap "
                                   "interval; periods where neither occurs are present with empty values.")
    _add_corpus_args(p)
    _add_terms_arg(p)
    p.add_argument("--a", required=True, help="family id(s) of framing A, comma separated")
    p.add_argument("--b", required=True, help="family id(s) of framing B, comma separated")
    p.add_argument("--by", default="month", choices=["day", "week", "month", "quarter", "year"])
    p.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples (default: 1000)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    _add_out_arg(p)
    p.set_defaults(func=_cmd_share)


def _cmd_trend(args) -> int:
    import pandas as pd

    from .counts import period_freq
    from .stats import trend
    from .terms import load_terms

    terms = load_terms(args.terms)
    families = _families_arg(terms, args.families, "--families") or list(terms)
    corpus = _load(args)
    table = pd.concat([trend(corpus, terms, f, period_freq(args.by), value=args.value,
                             progress=False if args.quiet else None) for f in families], ignore_index=True)
    _write_csv(table, args.out)
    return 0


def _add_trend(sub) -> None:
    p = sub.add_parser("trend", help="monotonic trend per family: Mann-Kendall tau, Theil-Sen slope (CSV)")
    _add_corpus_args(p)
    _add_terms_arg(p)
    p.add_argument("--by", default="year", choices=["day", "week", "month", "quarter", "year"])
    p.add_argument("--families", default=None, help="family ids, comma separated (default: all)")
    p.add_argument("--value", default="per_10k", choices=["per_10k", "doc_share", "count"])
    _add_out_arg(p)
    p.set_defaults(func=_cmd_trend)


def _cmd_collocates(args) -> int:
    from .context import collocates
    from .terms import load_terms

    terms = load_terms(args.terms)
    _families_arg(terms, args.family, "--family")
    table = collocates(_load(args), terms, args.family, window=args.window, min_count=args.min_count)
    _write_csv(table.head(args.top) if args.top else table, args.out)
    return 0


def _add_collocates(sub) -> None:
    p = sub.add_parser("collocates", help="tokens around one family's matches: count, PMI, G2 (CSV)")
    _add_corpus_args(p)
    _add_terms_arg(p)
    p.add_argument("--family", required=True, help="family id")
    p.add_argument("--window", type=int, default=5, help="tokens on each side (default: 5)")
    p.add_argument("--min-count", type=int, default=1, help="drop collocates seen fewer times (default: 1)")
    p.add_argument("--top", type=int, default=None, help="keep the first N rows (sorted by G2)")
    _add_out_arg(p)
    p.set_defaults(func=_cmd_collocates)


def _cmd_cooccurrence(args) -> int:
    from .context import cooccurrence
    from .terms import load_terms

    _write_csv(cooccurrence(_load(args), load_terms(args.terms), unit=args.unit), args.out)
    return 0


def _add_cooccurrence(sub) -> None:
    p = sub.add_parser("cooccurrence", help="pairs of families in the same document or sentence (CSV)")
    _add_corpus_args(p)
    _add_terms_arg(p)
    p.add_argument("--unit", default="document", choices=["document", "sentence"])
    _add_out_arg(p)
    p.set_defaults(func=_cmd_cooccurrence)


def _cmd_figures(args) -> int:
    from .figures import check, run_notebooks
    from .paths import FIGURES_DIR

    def progress(line):
        if not args.quiet:
            print(f"termshift figures: {line}", file=sys.stderr)

    out = args.out or FIGURES_DIR
    if not args.check:
        manifest = run_notebooks(args.notebooks, out, timeout=args.timeout, progress=progress)
        progress(f"{len(manifest['figures'])} figure(s) and {out / 'MANIFEST.json'} up to date")
        return 0
    problems = check(out, args.notebooks, timeout=args.timeout, progress=progress)
    for line in problems:
        print(line)
    if problems:
        print(f"termshift figures: {len(problems)} difference(s) from {out}; run `termshift figures` and commit "
              "the result if the change is intended", file=sys.stderr)
        return 1
    progress(f"every figure in {out} is reproduced byte for byte")
    return 0


def _add_figures(sub) -> None:
    p = sub.add_parser("figures", help="regenerate every figure from the notebooks, or --check them",
                       description="Run each notebook (notebooks/*.ipynb and py:percent notebooks/*.py) headless; "
                                   "write its figures (PDF, SVG, PNG) and MANIFEST.json into the figures folder and "
                                   "remove figures no notebook makes. --check regenerates into a temporary folder "
                                   "and lists every figure that differs (exit 1).")
    p.add_argument("--check", action="store_true",
                   help="compare a fresh run with the committed figures byte for byte; one line per difference")
    p.add_argument("--notebooks", nargs="+", type=Path, metavar="PATH", default=None,
                   help="run only these notebooks (or folders of notebooks); other figures are kept")
    p.add_argument("--out", "-o", type=Path, default=None, help="figures folder (default: figures/)")
    p.add_argument("--timeout", type=float, default=600, help="seconds allowed per cell (default: 600)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress lines on stderr")
    p.set_defaults(func=_cmd_figures)


# Each entry adds one subcommand; keep them in the order `termshift --help` shows.
COMMANDS = [_add_corpus, _add_count, _add_rates, _add_share, _add_shift, _add_trend, _add_tfidf, _add_keyness,
            _add_kwic, _add_collocates, _add_cooccurrence, _add_figures]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``termshift`` command."""
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="termshift", description="Measure how framing terms shift across dated documents.")
    parser.add_argument("--version", action="version", version=f"termshift {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in COMMANDS:
        add(sub)
    return parser


def main(argv=None) -> int:
    """Run the command line; returns the exit status (0 ok, 2 bad input)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except TermshiftError as err:
        lines = str(err).splitlines()
        print(f"termshift {args.command}: error: {lines[0]}", file=sys.stderr)
        for line in lines[1:]:
            print(line, file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `termshift count ... | head`
        return 0
    except KeyboardInterrupt:
        print("termshift: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
