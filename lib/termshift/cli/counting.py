"""``termshift corpus``, ``count``, ``rates``, ``share``, ``shift`` and ``trend``: counting over time."""

from __future__ import annotations

import json

from .args import (
    add_corpus_args,
    add_out_arg,
    add_period_arg,
    add_random_state_arg,
    add_terms_arg,
    family_ids,
    load_corpus_arg,
    load_terms_arg,
    progress_arg,
    whole_number,
)
from .output import FORMULA_NOTE, emit_table, emit_text, escape

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


def _contest(args, terms):
    """The two sides of a framing contest (``--a``, ``--b``), checked before the corpus is read."""
    from ..stats import contest_ids

    return contest_ids(terms, args.a.split(","), args.b.split(","))


# ----------------------------------------------------------------------------- corpus


def _cmd_corpus(args) -> int:
    from ..corpus import corpus_summary, format_summary

    summary = corpus_summary(load_corpus_arg(args), freq=args.by)
    # File names in the summary are escaped so that none can forge a line or drive the terminal.
    emit_text(json_text(summary) if args.format == "json" else format_summary(_escaped(summary)), args)
    return 0


def add_corpus(sub) -> None:
    p = sub.add_parser("corpus", help="load a corpus and print its summary",
                       description="Documents, date range, documents per period, encodings, duplicates, "
                                   "skipped and ignored files, boilerplate lines removed.")
    add_corpus_args(p)
    add_period_arg(p, "month", "period for documents per period")
    p.add_argument("--format", choices=["text", "json"], default="text")
    add_out_arg(p, csv=False)
    p.set_defaults(func=_cmd_corpus)


# ----------------------------------------------------------------------------- count


def _cmd_count(args) -> int:
    from ..counts import count_terms

    terms = load_terms_arg(args)  # validate the families before reading the corpus
    table = count_terms(load_corpus_arg(args), terms, freq=args.by, level="term" if args.per_term else "family",
                        progress=progress_arg(args))
    emit_table(table, args)
    return 0


def add_count(sub) -> None:
    p = sub.add_parser("count", help="count term families per period (CSV)",
                       description="One row per period x family: count, docs, n_docs, n_tokens, per_10k, "
                                   "doc_share; every period of the date range present. " + FORMULA_NOTE)
    add_corpus_args(p)
    add_terms_arg(p)
    add_period_arg(p, "month")
    p.add_argument("--per-term", action="store_true", help="one row per term instead of per family")
    add_out_arg(p)
    p.set_defaults(func=_cmd_count)


# ----------------------------------------------------------------------------- rates, share, shift


def _cmd_rates(args) -> int:
    from ..stats import rates

    terms = load_terms_arg(args)
    families = family_ids(terms, args.families, "--families")
    table = rates(load_corpus_arg(args), terms, args.by, families=families, n_boot=args.n_boot,
                  random_state=args.random_state, progress=progress_arg(args))
    emit_table(table, args)
    return 0


def add_rates(sub) -> None:
    p = sub.add_parser("rates", help="rates per period with 95%% intervals (CSV)",
                       description="count_terms' table plus per_10k_low/high (document bootstrap) and "
                                   "doc_share_low/high (Wilson score interval).")
    add_corpus_args(p)
    add_terms_arg(p)
    add_period_arg(p, "month")
    p.add_argument("--families", default=None, help="family ids, comma separated (default: all)")
    p.add_argument("--n-boot", type=whole_number(1), default=1000, metavar="N",
                   help="bootstrap resamples (default: 1000)")
    add_random_state_arg(p, "the bootstrap")
    add_out_arg(p)
    p.set_defaults(func=_cmd_rates)


def _cmd_share(args) -> int:
    from ..stats import share

    terms = load_terms_arg(args)
    a, b = _contest(args, terms)
    table = share(load_corpus_arg(args), terms, a, b, args.by, n_boot=args.n_boot, random_state=args.random_state,
                  progress=progress_arg(args))
    emit_table(table, args)
    return 0


def add_share(sub) -> None:
    p = sub.add_parser("share", help="framing contest A vs B per period, with 95%% intervals (CSV)",
                       description="count_a / (count_a + count_b) per period with a document-bootstrap "
                                   "interval; periods where neither occurs are present with empty values.")
    add_corpus_args(p)
    add_terms_arg(p)
    p.add_argument("--a", required=True, help="family id(s) of framing A, comma separated")
    p.add_argument("--b", required=True, help="family id(s) of framing B, comma separated")
    add_period_arg(p, "month")
    p.add_argument("--n-boot", type=whole_number(1), default=1000, metavar="N",
                   help="bootstrap resamples (default: 1000)")
    add_random_state_arg(p, "the bootstrap")
    add_out_arg(p)
    p.set_defaults(func=_cmd_share)


def _cmd_shift(args) -> int:
    import pandas as pd

    from ..stats import shift

    terms = load_terms_arg(args)  # validate the families and ids before reading the corpus
    a, b = _contest(args, terms)
    result = shift(load_corpus_arg(args), terms, a, b, freq=args.by, n_perm=args.n_perm, n_boot=args.n_boot,
                   random_state=args.random_state, progress=progress_arg(args))
    summary = result.to_dict()
    if args.format == "json":
        emit_text(json_text(summary), args)
    else:
        row = {k: "+".join(v) if isinstance(v, list) else v for k, v in summary.items()}
        emit_table(pd.DataFrame([row]), args)
    return 0


def add_shift(sub) -> None:
    p = sub.add_parser("shift", help="when framing A replaced framing B: change point, p-value, interval",
                       description="The single change point in A's share of the mentions of A and B "
                                   "(binomial likelihood ratio), its permutation p-value and a document-"
                                   "bootstrap interval for the change period. Prints one JSON object "
                                   "(or a one-row CSV).")
    add_corpus_args(p)
    add_terms_arg(p)
    p.add_argument("--a", required=True, help="family id(s) of framing A, comma separated (e.g. counterstrike)")
    p.add_argument("--b", required=True, help="family id(s) of framing B, comma separated (e.g. preemptive)")
    add_period_arg(p, "month")
    p.add_argument("--format", choices=["json", "csv"], default="json")
    add_random_state_arg(p, "permutations and bootstrap")
    p.add_argument("--n-perm", type=whole_number(1), default=999, metavar="N",
                   help="permutations for the p-value (default: 999)")
    p.add_argument("--n-boot", type=whole_number(1), default=200, metavar="N",
                   help="bootstrap resamples for the interval (default: 200)")
    add_out_arg(p)
    p.set_defaults(func=_cmd_shift)


# ----------------------------------------------------------------------------- trend


def _cmd_trend(args) -> int:
    from ..stats import trend

    terms = load_terms_arg(args)
    families = family_ids(terms, args.families, "--families") or list(terms)
    table = trend(load_corpus_arg(args), terms, families, args.by, value=args.value, progress=progress_arg(args))
    emit_table(table, args)
    return 0


def add_trend(sub) -> None:
    p = sub.add_parser("trend", help="monotonic trend per family: Mann-Kendall tau, Theil-Sen slope (CSV)")
    add_corpus_args(p)
    add_terms_arg(p)
    add_period_arg(p, "year")
    p.add_argument("--families", default=None, help="family ids, comma separated (default: all)")
    p.add_argument("--value", default="per_10k", choices=["per_10k", "doc_share", "count"])
    add_out_arg(p)
    p.set_defaults(func=_cmd_trend)
