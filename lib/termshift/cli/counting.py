"""``termshift corpus``, ``count``, ``rates``, ``share``, ``shift`` and ``trend``: counting over time."""

from __future__ import annotations

import json

from .args import (
    add_corpus_args,
    add_out_arg,
    add_output_format_arg,
    add_period_arg,
    add_random_state_arg,
    add_terms_arg,
    family_ids,
    load_corpus_arg,
    load_options_arg,
    load_terms_arg,
    progress_arg,
    whole_number,
)
from .output import FORMULA_NOTE, emit_table, emit_text, escape, say

__all__ = ["add_corpus", "add_count", "add_rates", "add_share", "add_shift", "add_trend", "json_text"]

_C1_AND_BIDI = str.maketrans({c: f"\\u{c:04x}" for c in [*range(0x80, 0xA0), 0x2028, 0x2029,
                                                          *range(0x202A, 0x202F), *range(0x2066, 0x206A)]})


def json_text(value) -> str:
    """``value`` as indented JSON; C1 controls and bidi overrides written as ``\\u`` escapes (same JSON value).

    >>> json_text({"file": "a\\x9bb"})
    '{\\n  "file": "a\\\\u009bb"\\n}'
    """
    return json.dumps(value, indent=2, ensure_ascii=False).translate(_C1_AND_BIDI)


def _escaped(value):
    """Every string inside ``value`` (dicts, lists) with its control characters escaped."""
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, dict):
        return {_escaped(k): _escaped(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_escaped(v) for v in value)
    return value


def _by(args):
    return args.by_group.split(",") if args.by_group else None


def _add_primary(p) -> None:
    """``--primary``: primary mentions only (a name in parentheses right after another name is a gloss)."""
    p.add_argument("--primary", action="store_true",
                   help="count primary mentions only: a family match in ( ) or （ ） right after another family's "
                        "match is a gloss and left out, so the share says who writes which name first")


def _add_inference_args(p, intervals, default) -> None:
    p.add_argument("--interval", choices=intervals, default=default,
                   help=f"interval method (default: {default}; bootstrap uses --n-boot and --random-state)")
    p.add_argument("--min-docs", type=whole_number(1), default=5, metavar="N",
                   help="periods with fewer documents are flagged thin (default: 5)")


def _n_changes(text):
    import argparse

    if text == "auto":
        return text
    try:
        return whole_number(1)(text)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number >= 1 or auto") from None


def _flat(summary) -> dict:
    """A shift summary as one CSV row: lists joined, the BIC dict spread over columns."""
    row = {}
    for k, v in summary.items():
        if k == "bic":
            row.update({f"bic_{s}": x for s, x in (v or {}).items()})
        elif isinstance(v, list):
            row[k] = ("+" if k in ("a", "b") else ",").join(map(str, v))
        else:
            row[k] = v
    return row


def _contest(args, terms):
    """The two sides of a framing contest (``--a``, ``--b``), checked before the corpus is read."""
    from ..stats import contest_ids

    return contest_ids(terms, args.a.split(","), args.b.split(","))


# ----------------------------------------------------------------------------- corpus


def _cmd_corpus(args) -> int:
    from ..corpus import corpus_summary, format_summary

    summary = corpus_summary(load_corpus_arg(args), freq=args.freq)
    # File names in the summary are escaped so that none can forge a line or drive the terminal.
    emit_text(json_text(summary) if args.output_format == "json" else format_summary(_escaped(summary)), args)
    return 0


def add_corpus(sub) -> None:
    p = sub.add_parser("corpus", help="load a corpus and print its summary",
                       description="Documents, date range, documents per period, encodings, duplicates, "
                                   "skipped and ignored files, boilerplate lines removed.")
    add_corpus_args(p)
    add_period_arg(p, "month", "period for documents per period")
    add_output_format_arg(p, ["text", "json"], "text")
    add_out_arg(p, csv=False)
    p.set_defaults(func=_cmd_corpus)


# ----------------------------------------------------------------------------- count


def _cmd_count(args) -> int:
    terms = load_terms_arg(args)  # validate the families before reading the corpus
    options = load_options_arg(args)  # and the loader's options, once for every reader
    level = "term" if args.per_term else "family"
    if args.scheduler:
        emit_table(_cluster_count(args, terms, options), args)
        return _rules_note(args, terms)
    table = _streamed_count(args, terms, level, options)  # starts its workers before pandas is loaded
    if table is None:
        from ..counts import count_terms

        table = count_terms(load_corpus_arg(args, options), terms, freq=args.freq, level=level,
                            progress=progress_arg(args), by=_by(args))
    emit_table(table, args)
    return _rules_note(args, terms)


def _rules_note(args, terms) -> int:
    """Say (once the table is written) that the fast counting path stepped aside for the term file's rules."""
    if terms.has_rules and not args.quiet:
        say(f"note: {args.terms} has rules (exclude, unless/only, codes): counted from the matches' spans, "
            "rule by rule (termshift.rules), not by the fast count; a 'primary' column gives the mentions "
            "that are not glosses" + ("; codes have no per-term rows" if args.per_term and terms.codes else ""))
    return 0


def _cluster_count(args, terms, options):
    """The table counted on a Dask cluster from Parquet shards (the same table as in memory); the loader
    options a cluster does not honour are refused by :func:`~termshift.cluster.read_shards`, each named."""
    from ..cluster import client, count_terms_dask, read_shards

    by = _by(args) or []
    corpus = read_shards(str(args.corpus), options=options, columns=by)  # the shards checked before a cluster starts
    with client(args.scheduler):
        return count_terms_dask(corpus, terms, args.freq, level="term" if args.per_term else "family", by=by)


def _streamed_count(args, terms, level, options):
    """The table of a JSONL or Parquet corpus, or a folder of articles, counted in chunks (bounded memory),
    or None where the loader must run.

    The streamed path gives the same table; it steps aside (None) for loader options it does not
    reproduce (:meth:`~termshift.corpus.options.LoadOptions.unsupported`), for groups and for any file
    with a problem, so notes and errors are the loader's own.
    """
    from ..stream import count_file

    if args.no_stream or args.by_group:
        return None
    return count_file(args.corpus, terms, args.freq, level=level, options=options)


def add_count(sub) -> None:
    p = sub.add_parser("count", help="count term families per period (CSV)",
                       description="One row per period x family: count, docs, n_docs, n_tokens, per_10k, "
                                   "doc_share; every period of the date range present. " + FORMULA_NOTE)
    add_corpus_args(p)
    add_terms_arg(p)
    add_period_arg(p, "month", groups=True)
    p.add_argument("--per-term", action="store_true", help="one row per term instead of per family")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="count Parquet shards (CORPUS is a glob such as 'shards/*.parquet') on a Dask cluster: "
                        "'local' starts one on this machine, or give a scheduler address tcp://HOST:PORT "
                        "(needs the cluster extra)")
    p.add_argument("--no-stream", action="store_true",
                   help="load the whole corpus before counting (default: a clean JSONL file is read, parsed and "
                        "counted in chunks, in bounded memory, with the same result)")
    add_out_arg(p)
    p.set_defaults(func=_cmd_count)


# ----------------------------------------------------------------------------- rates, share, shift


def _cmd_rates(args) -> int:
    from ..stats import rates

    terms = load_terms_arg(args)
    families = family_ids(terms, args.families, "--families")
    table = rates(load_corpus_arg(args), terms, args.freq, families=families, interval=args.interval,
                  n_boot=args.n_boot, min_docs=args.min_docs, random_state=args.random_state,
                  progress=progress_arg(args), by=_by(args))
    emit_table(table, args)
    return 0


def add_rates(sub) -> None:
    p = sub.add_parser("rates", help="rates per period with 95%% intervals (CSV)",
                       description="count_terms' table plus per_10k_low/high (exact Poisson interval widened "
                                   "by the documents' dispersion, quasi-Poisson; or --interval bootstrap), "
                                   "doc_share_low/high (Wilson score interval), thin, dispersion, interval.")
    add_corpus_args(p)
    add_terms_arg(p)
    add_period_arg(p, "month", groups=True)
    p.add_argument("--families", default=None, help="family ids, comma separated (default: all)")
    _add_inference_args(p, ["quasi-poisson", "bootstrap"], "quasi-poisson")
    p.add_argument("--n-boot", type=whole_number(1), default=1000, metavar="N",
                   help="bootstrap resamples with --interval bootstrap (default: 1000)")
    add_random_state_arg(p, "the bootstrap")
    add_out_arg(p)
    p.set_defaults(func=_cmd_rates)


def _cmd_share(args) -> int:
    from ..stats import share

    terms = load_terms_arg(args)
    a, b = _contest(args, terms)
    table = share(load_corpus_arg(args), terms, a, b, args.freq, unit=args.unit, interval=args.interval,
                  n_boot=args.n_boot, min_docs=args.min_docs, random_state=args.random_state,
                  progress=progress_arg(args), by=_by(args), primary=args.primary)
    emit_table(table, args)
    return 0


def add_share(sub) -> None:
    p = sub.add_parser("share", help="framing contest A vs B per period, with 95%% intervals (CSV)",
                       description="count_a / (count_a + count_b) per period (--unit document: documents "
                                   "mentioning A among those mentioning A or B) with a Jeffreys interval widened "
                                   "for mentions clustered in documents (or --interval bootstrap); periods "
                                   "where neither occurs are present with empty values.")
    add_corpus_args(p)
    add_terms_arg(p)
    p.add_argument("--a", required=True, help="family id(s) of framing A, comma separated")
    p.add_argument("--b", required=True, help="family id(s) of framing B, comma separated")
    add_period_arg(p, "month", groups=True)
    p.add_argument("--unit", choices=["mention", "document"], default="mention",
                   help="share of mentions (default) or of documents")
    _add_primary(p)
    _add_inference_args(p, ["jeffreys", "bootstrap"], "jeffreys")
    p.add_argument("--n-boot", type=whole_number(1), default=1000, metavar="N",
                   help="bootstrap resamples with --interval bootstrap (default: 1000)")
    add_random_state_arg(p, "the bootstrap")
    add_out_arg(p)
    p.set_defaults(func=_cmd_share)


def _cmd_shift(args) -> int:
    import pandas as pd

    from ..stats import shift

    terms = load_terms_arg(args)  # validate the families and ids before reading the corpus
    a, b = _contest(args, terms)
    result = shift(load_corpus_arg(args), terms, a, b, freq=args.freq, n_changes=args.n_changes, n_perm=args.n_perm,
                   n_boot=args.n_boot, interval=args.interval, min_docs=args.min_docs,
                   random_state=args.random_state, progress=progress_arg(args), by=_by(args), primary=args.primary)
    summary = result.to_dict()
    if args.output_format == "json":
        emit_text(json_text(summary), args)
    elif args.by_group:
        emit_table(pd.DataFrame([{**{c: g[c] for c in summary["by"]}, **_flat(g),
                                  "common_change_period": summary["common_change_period"],
                                  "p_different": summary["p_different"]} for g in summary["groups"]]), args)
    else:
        emit_table(pd.DataFrame([_flat(summary)]), args)
    return 0


def add_shift(sub) -> None:
    p = sub.add_parser("shift", help="when framing A replaced framing B: change point, p-value, interval",
                       description="The change point in A's share of the mentions of A and B (binomial "
                                   "likelihood ratio); p_value: period-level permutation test of 'no change' "
                                   "(period-to-period variation allowed; a gradual drift also gives a small "
                                   "p-value); shape: step, gradual or none; change_period_low/high: the "
                                   "likelihood set of the change period. Prints one JSON object (or a one-row "
                                   "CSV; one row per group with --by, plus p_different: did the groups "
                                   "change at different times?).")
    add_corpus_args(p)
    add_terms_arg(p)
    p.add_argument("--a", required=True, help="family id(s) of framing A, comma separated (e.g. counterstrike)")
    p.add_argument("--b", required=True, help="family id(s) of framing B, comma separated (e.g. preemptive)")
    add_period_arg(p, "month", groups=True)
    add_output_format_arg(p, ["json", "csv"], "json")
    add_random_state_arg(p, "permutations and bootstrap")
    p.add_argument("--n-perm", type=whole_number(1), default=999, metavar="N",
                   help="permutations for the p-value (default: 999)")
    p.add_argument("--n-boot", type=whole_number(1), default=200, metavar="N",
                   help="parametric-bootstrap draws for the shape (step vs gradual) and --by tests "
                        "(default: 200)")
    p.add_argument("--n-changes", type=_n_changes, default=1, metavar="N|auto",
                   help="change points to find: a number, or auto (by BIC; default: 1)")
    _add_primary(p)
    _add_inference_args(p, ["jeffreys", "bootstrap"], "jeffreys")
    add_out_arg(p)
    p.set_defaults(func=_cmd_shift)


# ----------------------------------------------------------------------------- trend


def _cmd_trend(args) -> int:
    from ..stats import trend

    terms = load_terms_arg(args)
    families = family_ids(terms, args.families, "--families") or list(terms)
    table = trend(load_corpus_arg(args), terms, families, args.freq, value=args.value, method=args.method,
                  progress=progress_arg(args), by=_by(args))
    emit_table(table, args)
    return 0


def add_trend(sub) -> None:
    p = sub.add_parser("trend", help="monotonic trend per family: Mann-Kendall tau, Theil-Sen slope (CSV)",
                       description="Kendall's tau-b against time with a Mann-Kendall p-value calibrated for "
                                   "autocorrelation (AR(1) sieve bootstrap; --method original for the uncorrected "
                                   "test), lag-1 autocorrelation, Theil-Sen slope with its interval (widened alike).")
    add_corpus_args(p)
    add_terms_arg(p)
    add_period_arg(p, "year", groups=True)
    p.add_argument("--families", default=None, help="family ids, comma separated (default: all)")
    p.add_argument("--value", default="per_10k", choices=["per_10k", "doc_share", "count"])
    p.add_argument("--method", default="sieve-bootstrap",
                   choices=["sieve-bootstrap", "hamed-rao", "prewhitening", "original"],
                   help="Mann-Kendall calibration for autocorrelated periods: AR(1) sieve bootstrap (default), "
                        "Hamed-Rao, prewhitening, or none (original)")
    add_out_arg(p)
    p.set_defaults(func=_cmd_trend)
