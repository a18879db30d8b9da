"""Synthetic corpora with a planted framing shift, for exercises and tests.

:func:`synthetic` generates short news-like documents in which mentions of
an *old* framing (family A, default "preemptive strike") give way to a *new*
one (family B, default "counterstrike capability") on a known date, with
spelling variants and scraped-style boilerplate mixed in. Because the truth
is known, an analysis can be checked against it: the change period, the
shares before and after, the counts per document (``planted_*`` columns).

Every synthetic document says what it is: its text starts with
``[SYNTHETIC]`` and its ``doc_id`` with ``synthetic/``, so that a figure or
number computed from it can never pass for a finding about real coverage.

:func:`write_synthetic` writes the same documents as ``.txt`` files in the
corpus format, so that an instructor can regenerate exercise data with a new
seed and students load it with :func:`~termshift.load_corpus` or the CLI.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ._validation import renamed_random_state
from .errors import ParameterError, TermshiftError
from .examples import EXAMPLES, example_file, example_terms, sotu_corpus
from .frames_corpus import FRAMES_TERMS, MARKER, synthetic_frames, synthetic_frames_terms
from .terms import TermSet

__all__ = ["synthetic", "synthetic_terms", "synthetic_frames", "synthetic_frames_terms", "FRAMES_TERMS",
           "write_synthetic", "sotu_corpus", "simulated_contest", "simulated_rates",
           "DEFAULT_FAMILIES", "MARKER",
           "open_corpus", "corpus_title",
           # the example material, at home in termshift.examples
           "example_file", "example_terms", "EXAMPLES"]


#: The two default families: old framing (A) first, new framing (B) second.
#: Each lists the phrases written into the text: the first is the canonical
#: spelling, the others are the spelling variants used with probability
#: ``variant_noise``. ``terms`` are the family's terms (as in
#: ``corpus/framing_terms.toml``), which match every phrase.
DEFAULT_FAMILIES = {
    "preemptive": {
        "label": "Preemptive strike",
        "phrases": ["preemptive strike", "pre-emptive strike", "pre emptive strike", "Pre-emptive strikes",
                    "preemptive attack", "pre-emptive attacks"],
        "terms": ["pre-emptive strike*", "pre-emptive attack*", "pre-emptive", "pre-emption", "pre-empt"],
    },
    "counterstrike": {
        "label": "Counterstrike capability",
        "phrases": ["counterstrike capability", "counter-strike capability", "Counter-strike capabilities",
                    "counterstrike capabilities", "counter strike capability", "counterattack capability"],
        "terms": ["counter-strike capabilit*", "counter-strike", "counterattack capabilit*",
                  "counter-attack capabilit*"],
    },
}

_FILLER = (
    "Officials in Tokyo met on Tuesday to discuss the defense budget.",
    "The ministry said the review would be completed later this year.",
    "Lawmakers from the ruling coalition asked for more details.",
    "Analysts in Washington followed the debate closely.",
    "The cabinet is expected to approve the plan next month.",
    "Opposition parties questioned the cost of the new missiles.",
    "Regional tensions have risen after several missile launches.",
    "The prime minister told reporters that talks would continue.",
    "Public opinion on the issue remains divided, according to a recent poll.",
    "The defense minister visited a base in the south of the country.",
    "Experts said the policy marks a change for the country.",
    "Allies welcomed the announcement in a joint statement.",
)

_MENTION = (
    "The government is weighing {term} as part of its security review.",
    "{Term} was discussed at the meeting, officials said.",
    "Critics warned that {term} could raise tensions in the region.",
    "Supporters argue that {term} would protect the country.",
    "A party document described {term} in some detail.",
)

# All-capital cross-promotion lines, as scraped news pages carry them; the
# loader removes them (two mention a family, so keeping them inflates counts).
_BOILERPLATE = (
    "CLICK HERE TO GET THE NEWS APP",
    "SIGN UP FOR OUR DAILY DEFENSE NEWSLETTER",
    "JAPAN WEIGHS PREEMPTIVE STRIKE OPTIONS AMID TENSIONS",
    "COUNTERSTRIKE CAPABILITY DEBATE HEATS UP IN TOKYO",
)

_SENTENCES_PER_PARAGRAPH = 3


def _family_specs(families) -> dict:
    """Validate ``families`` and return ``{id: {"label", "phrases", "terms"}}`` (A first, B second)."""
    if families is None:
        return {fid: dict(spec) for fid, spec in DEFAULT_FAMILIES.items()}
    if not isinstance(families, Mapping) or len(families) != 2:
        raise ParameterError(["families: give a mapping of exactly two family ids (old framing first, new "
                              "second) to lists of phrases, e.g. {'old': ['preemptive strike'], 'new': "
                              "['counterstrike capability']}"])
    specs, problems = {}, []
    for fid, phrases in families.items():
        if isinstance(phrases, str) or not isinstance(phrases, (list, tuple)) or not phrases \
                or not all(isinstance(p, str) and p.strip() for p in phrases):
            problems.append(f"families[{fid!r}]: give a non-empty list of phrases (canonical spelling first)")
            continue
        specs[str(fid)] = {"label": str(fid), "phrases": list(phrases), "terms": list(dict.fromkeys(phrases))}
    if problems:
        raise ParameterError(problems)
    return specs


def _termset(specs) -> TermSet:
    try:
        return TermSet.from_dict({fid: {"label": s["label"], "terms": s["terms"]} for fid, s in specs.items()},
                                 source="synthetic families")
    except TermshiftError as err:
        raise ParameterError(err.problems, header=err.header) from None


def synthetic_terms(families=None) -> TermSet:
    """The :class:`~termshift.terms.TermSet` that counts the families of :func:`synthetic`.

    Parameters
    ----------
    families : mapping, optional
        As for :func:`synthetic`. By default the ``preemptive`` and
        ``counterstrike`` families of ``corpus/framing_terms.toml``; for a
        custom mapping, each family's terms are its phrases.

    Examples
    --------
    >>> ts = synthetic_terms()
    >>> list(ts), ts["counterstrike"].label
    (['preemptive', 'counterstrike'], 'Counterstrike capability')
    """
    return _termset(_family_specs(families))


def _check_matching(specs, ts) -> None:
    """Every phrase must count once for its own family and never for the other."""
    from .matching import Matcher

    matcher = Matcher(ts)
    problems = []
    for j, (fid, spec) in enumerate(specs.items()):
        for phrase in spec["phrases"]:
            want = [0, 0]
            want[j] = 1
            got = matcher.count(phrase)[0]
            if got != want:
                problems.append(f"families[{fid!r}]: phrase {phrase!r} counts {got} for "
                                f"{list(specs)}; make each phrase match its own family once")
    if problems:
        raise ParameterError(problems)


def _timestamp(name, value, problems):
    try:
        ts = pd.Timestamp(value)
        if pd.isna(ts):
            raise ValueError
        return ts.normalize()
    except (ValueError, TypeError):
        problems.append(f"{name}={value!r}: give an ISO date 'YYYY-MM-DD'")
        return None


def _probability(name, value, problems) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not 0 <= value <= 1:
        problems.append(f"{name}={value!r}: give a probability between 0 and 1")


def _check_params(n_docs, start, end, change_date, effect, variant_noise, boilerplate_noise, mean_mentions):
    problems = []
    if isinstance(n_docs, bool) or not isinstance(n_docs, (int, np.integer)) or n_docs < 1:
        problems.append(f"n_docs={n_docs!r}: give a whole number of documents >= 1")
    t0 = _timestamp("start", start, problems)
    t1 = _timestamp("end", end, problems)
    tc = _timestamp("change_date", change_date, problems)
    if t0 is not None and t1 is not None and t0 >= t1:
        problems.append(f"start={start!r} is not before end={end!r}; give start < end")
    elif None not in (t0, t1, tc) and not t0 < tc <= t1:
        problems.append(f"change_date={change_date!r} is outside ({start}, {end}]; give a date after start "
                        "and no later than end, so both framings can occur")
    if isinstance(effect, (str, bytes)) or not hasattr(effect, "__len__") or len(effect) != 2:
        problems.append(f"effect={effect!r}: give (p_before, p_after), the probability that a mention "
                        "uses the new framing before and after change_date, e.g. (0.1, 0.9)")
    else:
        for name, p in zip(("effect[0]", "effect[1]"), effect):
            _probability(name, p, problems)
    _probability("variant_noise", variant_noise, problems)
    _probability("boilerplate_noise", boilerplate_noise, problems)
    if isinstance(mean_mentions, bool) or not isinstance(mean_mentions, (int, float, np.integer, np.floating)) \
            or not 0 < mean_mentions <= 50:
        problems.append(f"mean_mentions={mean_mentions!r}: give a mean number of mentions per document "
                        "between 0 (exclusive) and 50")
    if problems:
        raise ParameterError(problems)
    return t0, t1, tc


def _capitalize(s: str) -> str:
    return s[:1].upper() + s[1:]


def _outlet_dates(outlets, t0, t1):
    """The change date of each outlet, checked."""
    problems: list[str] = []
    if not isinstance(outlets, Mapping) or not outlets or not all(isinstance(k, str) and k for k in outlets):
        raise ParameterError([f"outlets={outlets!r}: give {{outlet name: change date}}, e.g. "
                              "{'Asahi': '2022-03-01', 'Yomiuri': '2022-09-01'}"])
    dates = {k: _timestamp(f"outlets[{k!r}]", v, problems) for k, v in outlets.items()}
    problems += [f"outlets[{k!r}]={outlets[k]!r} is outside ({t0.date()}, {t1.date()}]; give a date inside the "
                 "range" for k, d in dates.items() if d is not None and not t0 < d <= t1]
    if problems:
        raise ParameterError(problems)
    return dates


def _generate(n_docs, start, end, change_date, families, effect, variant_noise, boilerplate_noise,
              mean_mentions, random_state, outlets=None) -> tuple[pd.DataFrame, dict]:
    """Raw documents (boilerplate lines still in the text) and the parameters used."""
    from ._validation import check_random_state

    t0, t1, tc = _check_params(n_docs, start, end, change_date, effect, variant_noise, boilerplate_noise,
                               mean_mentions)
    specs = _family_specs(families)
    ts = _termset(specs)
    _check_matching(specs, ts)
    rng = check_random_state(random_state)
    ids = list(specs)
    phrases = [specs[f]["phrases"] for f in ids]
    n_days = (t1 - t0).days
    dates = pd.DatetimeIndex(t0 + pd.to_timedelta(np.sort(rng.integers(0, n_days + 1, size=n_docs)), unit="D"))
    outlet = None
    if outlets is not None:
        changes = _outlet_dates(outlets, t0, t1)
        names = list(changes)
        outlet = np.array(names, dtype=object)[rng.integers(len(names), size=n_docs)]
        after = np.asarray(dates >= pd.DatetimeIndex([changes[o] for o in outlet]))
    else:
        after = np.asarray(dates >= tc)
    width = max(4, len(str(n_docs)))
    rows = []
    for i in range(n_docs):
        doc_id = f"synthetic/{i + 1:0{width}d}.txt"
        n_mentions = int(rng.poisson(mean_mentions))
        p_new = effect[1] if after[i] else effect[0]
        planted = [0, 0]
        sentences = [_FILLER[k] for k in rng.choice(len(_FILLER), size=int(rng.integers(4, 8)), replace=False)]
        for _ in range(n_mentions):
            fam = int(rng.random() < p_new)
            planted[fam] += 1
            choices = phrases[fam]
            if len(choices) > 1 and rng.random() < variant_noise:
                phrase = choices[1 + int(rng.integers(len(choices) - 1))]
            else:
                phrase = choices[0]
            template = _MENTION[int(rng.integers(len(_MENTION)))]
            sentence = template.format(term=phrase, Term=_capitalize(phrase))
            sentences.insert(int(rng.integers(len(sentences) + 1)), sentence)
        paragraphs = [" ".join(sentences[k:k + _SENTENCES_PER_PARAGRAPH])
                      for k in range(0, len(sentences), _SENTENCES_PER_PARAGRAPH)]
        blocks = [paragraphs[0]]
        for para in paragraphs[1:]:
            if rng.random() < boilerplate_noise:
                blocks.append(_BOILERPLATE[int(rng.integers(len(_BOILERPLATE)))])
            blocks.append(para)
        header = (f"{MARKER} Synthetic article {i + 1} of {n_docs}, generated by termshift.datasets.synthetic "
                  f"(random_state={random_state!r}); not real news.")
        rows.append({"doc_id": doc_id, "date": dates[i].strftime("%Y-%m-%d"),
                     "text": "\n\n".join([header] + blocks), "regime": "after" if after[i] else "before",
                     f"planted_{ids[0]}": planted[0], f"planted_{ids[1]}": planted[1],
                     **({"outlet": outlet[i]} if outlet is not None else {})})
    params = {"n_docs": int(n_docs), "start": str(t0.date()), "end": str(t1.date()),
              "change_date": str(tc.date()), "families": {f: list(p) for f, p in zip(ids, phrases)},
              "effect": [float(effect[0]), float(effect[1])], "variant_noise": float(variant_noise),
              "boilerplate_noise": float(boilerplate_noise), "mean_mentions": float(mean_mentions),
              "random_state": random_state if isinstance(random_state, (int, np.integer)) else None}
    if outlets is not None:
        params["outlets"] = {k: str(pd.Timestamp(v).date()) for k, v in outlets.items()}
    return pd.DataFrame(rows), params


def synthetic(
    n_docs: int = 240,
    start="2021-01-01",
    end="2023-12-31",
    change_date="2022-06-01",
    families=None,
    effect=(0.1, 0.9),
    variant_noise: float = 0.2,
    boilerplate_noise: float = 0.1,
    *,
    mean_mentions: float = 1.5,
    random_state=0,
    outlets: Mapping | None = None,
    language: str = "en",
) -> pd.DataFrame:
    """A seeded synthetic corpus in which framing A gives way to framing B on ``change_date``.

    Each document is dated uniformly at random between ``start`` and ``end``
    and holds 4-7 filler sentences from a fixed small vocabulary plus a
    Poisson(``mean_mentions``) number of mention sentences. Each mention
    uses the new framing B with probability ``effect[0]`` before
    ``change_date`` and ``effect[1]`` from it on, and framing A otherwise;
    with probability ``variant_noise`` it is written in a spelling variant
    ("pre emptive strike", "Counter-strike capabilities"...) instead of the
    canonical spelling. After each paragraph but the first, an all-capital
    cross-promotion line ("CLICK HERE TO GET THE NEWS APP") follows with
    probability ``boilerplate_noise``; the loader removes these (two of them
    mention a family, so ``boilerplate=None`` inflates the counts).

    Parameters
    ----------
    n_docs : int, default=240
        Number of documents.
    start, end : str or date, default="2021-01-01", "2023-12-31"
        Date range (inclusive).
    change_date : str or date, default="2022-06-01"
        First day of the new regime; must lie in ``(start, end]``.
    families : mapping, optional
        Exactly two families, old framing (A) first, new framing (B) second:
        ``{family id: [canonical phrase, variant, ...]}``. Each phrase must
        match its own family once and the other never. Default:
        :data:`DEFAULT_FAMILIES` (``preemptive``, ``counterstrike``).
    effect : (float, float), default=(0.1, 0.9)
        ``(p_before, p_after)``: probability that a mention uses framing B
        before and after ``change_date``. ``(0.5, 0.5)`` plants no change.
    variant_noise : float, default=0.2
        Probability that a mention is written in a spelling variant.
    boilerplate_noise : float, default=0.1
        Probability of a cross-promotion line after each paragraph but the first.
    mean_mentions : float, default=1.5
        Mean number of mentions per document (Poisson); some documents have none.
    random_state : int or numpy.random.Generator, default=0
        Seed; the same seed gives the same corpus.
    outlets : mapping, optional
        ``{outlet name: change date}``: each document is assigned an outlet
        at random (column ``outlet``) and switches framing on *its outlet's*
        date (``change_date`` is then unused), for comparing outlets with
        ``by="outlet"``. Without it the corpus is as before, draw for draw.
    language : {"en", "ja", "both"}, default="en"
        ``"ja"`` or ``"both"``: the bilingual corpus of
        :func:`termshift.bilingual.synthetic_bilingual` (敵基地攻撃能力 gives way
        to 反撃能力, hard-wrapped Japanese lines, half-width katakana), with the
        same dates, change date, effect and seed; ``families``, ``variant_noise``,
        ``boilerplate_noise`` and ``outlets`` apply to the English corpus only.

    Returns
    -------
    pandas.DataFrame
        A corpus frame made by :func:`~termshift.corpus.from_frame` (source
        ``"synthetic"``), exactly like a loaded corpus, with metadata columns
        ``regime`` ("before"/"after") and ``planted_<id>`` (mentions of each
        family written into the document: the truth to check counts
        against). Every ``text`` starts with ``[SYNTHETIC]`` and every
        ``doc_id`` with ``synthetic/``. The parameters are in
        ``df.attrs["termshift.synthetic"]``.

    See Also
    --------
    synthetic_terms : the TermSet that counts these families.
    write_synthetic : the same documents as ``.txt`` files.

    Examples
    --------
    >>> df = synthetic(n_docs=5)
    >>> df[["doc_id", "date", "regime"]]
                   doc_id       date  regime
    0  synthetic/0001.txt 2021-10-23  before
    1  synthetic/0002.txt 2021-12-04  before
    2  synthetic/0003.txt 2022-07-14   after
    3  synthetic/0004.txt 2022-11-29   after
    4  synthetic/0005.txt 2023-07-21   after
    >>> df[["planted_preemptive", "planted_counterstrike"]].to_numpy().T.tolist()
    [[0, 2, 1, 0, 0], [0, 0, 4, 1, 1]]
    >>> df["text"][0].split(";")[0]
    '[SYNTHETIC] Synthetic article 1 of 5, generated by termshift.datasets.synthetic (random_state=0)'
    """
    from .corpus import from_frame

    if language != "en":
        from .bilingual import synthetic_bilingual

        if language not in ("ja", "both"):
            raise ParameterError([f"language={language!r}: use 'en', 'ja' or 'both'"])
        return synthetic_bilingual(n_docs, language, start, end, change_date, effect, mean_mentions=mean_mentions,
                                   random_state=random_state)
    raw, params = _generate(n_docs, start, end, change_date, families, effect, variant_noise, boilerplate_noise,
                            mean_mentions, random_state, outlets)
    corpus = from_frame(raw, id_col="doc_id", source="synthetic")
    corpus.attrs["termshift.synthetic"] = params
    return corpus


def _month_dates(rng, periods, start, counts):
    """A date inside month ``p`` (from ``start``) for each of ``counts[p]`` documents, in order."""
    month = np.repeat(np.arange(periods), counts)
    first = pd.Period(start, "M")
    days = np.array([(first + int(m)).days_in_month for m in month], dtype=np.int64) if len(month) else month
    offsets = (rng.random(len(month)) * days).astype(np.int64)
    offsets = offsets[np.lexsort((offsets, month))]  # in date order within each month
    base = pd.PeriodIndex([first + int(m) for m in month], freq="M").to_timestamp()
    return base + pd.to_timedelta(offsets, unit="D")


def simulated_contest(shape: str = "step", *, periods: int = 36, docs_per_period: float = 15, before: float = 0.3,
                      after: float = 0.6, change: int | None = None, period_sd: float = 0.4,
                      concentration: float = 2.0, mean_mentions: float = 1.0, start: str = "2020-01",
                      period_ar: float = 0.0, random_state=0) -> pd.DataFrame:
    """Simulated document counts of a framing contest with known truth (for calibration studies).

    Month :math:`t` has Poisson(``docs_per_period``) documents. A's share
    :math:`p_t` follows ``shape`` -- "none" (``before`` throughout), "step"
    (``before`` until period ``change``, default the middle, ``after`` from
    it) or "gradual" (linear from ``before`` to ``after``) -- plus
    month-to-month variation :math:`\\mathrm{logit}\\, p_t + N(0,
    \\text{period\\_sd}^2)`. Each document has :math:`1 +
    \\mathrm{Poisson}(\\text{mean\\_mentions})` mentions, each of A with the
    document's own probability :math:`q_d \\sim \\mathrm{Beta}(\\kappa p_t,
    \\kappa(1 - p_t))` (``concentration`` :math:`\\kappa`: small values
    cluster a document's mentions on one side). ``period_ar`` :math:`\\rho`:
    the month-to-month variation is a stationary AR(1) with that coefficient
    (standard deviation still ``period_sd``), as news months resemble their
    neighbours; 0 (default) keeps independent months and the draws of earlier versions.

    Returns
    -------
    DataFrame
        Document counts as :func:`~termshift.document_counts` makes them
        (``doc_id``, ``date``, ``n_tokens``, ``a``, ``b``): pass them to
        :func:`~termshift.shift` with terms ``{"a": ["a"], "b": ["b"]}``.
        ``df.attrs["truth"]``: ``shape``, ``change_period``, ``p`` (per month, with noise).

    Examples
    --------
    >>> dc = simulated_contest(periods=4, docs_per_period=2, random_state=1)
    >>> list(dc.columns), dc.attrs["truth"]["change_period"]
    (['doc_id', 'date', 'n_tokens', 'a', 'b'], '2020-03')
    """
    from ._validation import check_choice, check_random_state

    check_choice("shape", shape, ("none", "step", "gradual"))
    rng = check_random_state(random_state)
    change = periods // 2 if change is None else change
    t = np.arange(periods)
    p = {"none": np.full(periods, before), "step": np.where(t < change, before, after),
         "gradual": before + (after - before) * t / max(periods - 1, 1)}[shape]
    noise = rng.normal(0, period_sd, periods)
    if period_ar:
        noise[1:] *= np.sqrt(1 - period_ar ** 2)
        for i in range(1, periods):
            noise[i] += period_ar * noise[i - 1]
    logit = np.log(p / (1 - p)) + noise
    pt = 1 / (1 + np.exp(-logit))
    counts = rng.poisson(docs_per_period, periods)
    month = np.repeat(t, counts)
    mentions = 1 + rng.poisson(mean_mentions, len(month))
    q = rng.beta(pt[month] * concentration, (1 - pt[month]) * concentration)
    a = rng.binomial(mentions, q)
    out = pd.DataFrame({"doc_id": [f"sim/{i}" for i in range(len(month))],
                        "date": _month_dates(rng, periods, start, counts), "n_tokens": 200 + 0 * a,
                        "a": a, "b": mentions - a})
    out.attrs["truth"] = {"shape": shape, "change_period": str(pd.Period(start, "M") + change) if shape == "step"
                          else None, "p": pt.tolist()}
    return out


def simulated_rates(*, periods: int = 24, docs_per_period=(1, 5), per_10k: float = 20.0, period_sd: float = 0.3,
                    burstiness: float = 0.5, tokens=(200, 1000), start: str = "2020-01",
                    random_state=0) -> pd.DataFrame:
    """Simulated document counts of one bursty term with a known rate per month (for coverage studies).

    Month :math:`t` has a uniform number of documents in ``docs_per_period``
    (inclusive), each with a uniform number of tokens in ``tokens``; its
    true rate is :math:`\\mu_t = \\text{per\\_10k} \\cdot e^{N(0,
    \\text{period\\_sd}^2)}` per 10,000 tokens, and document :math:`d` holds
    :math:`c_d \\sim \\mathrm{Poisson}(t_d \\mu_t g_d / 10^4)` matches with
    :math:`g_d \\sim \\mathrm{Gamma}(1/b, b)` (mean 1; ``burstiness`` b: a
    gamma-Poisson, i.e. negative binomial, document).

    Returns
    -------
    DataFrame
        Document counts (``doc_id``, ``date``, ``n_tokens``, ``term``);
        ``df.attrs["truth"]["per_10k"]``: the true rate of each month.

    Examples
    --------
    >>> dc = simulated_rates(periods=3, random_state=2)
    >>> list(dc.columns), len(dc.attrs["truth"]["per_10k"])
    (['doc_id', 'date', 'n_tokens', 'term'], 3)
    """
    from ._validation import check_random_state

    rng = check_random_state(random_state)
    mu = per_10k * np.exp(rng.normal(0, period_sd, periods))
    counts = rng.integers(docs_per_period[0], docs_per_period[1] + 1, periods)
    month = np.repeat(np.arange(periods), counts)
    n_tokens = rng.integers(tokens[0], tokens[1] + 1, len(month))
    g = rng.gamma(1 / burstiness, burstiness, len(month)) if burstiness > 0 else np.ones(len(month))
    c = rng.poisson(n_tokens * mu[month] * g / 1e4)
    out = pd.DataFrame({"doc_id": [f"sim/{i}" for i in range(len(month))],
                        "date": _month_dates(rng, periods, start, counts), "n_tokens": n_tokens, "term": c})
    out.attrs["truth"] = {"per_10k": mu.tolist()}
    return out


def _toml_terms(ts: TermSet) -> str:
    lines = ["# Term families of a synthetic termshift corpus (termshift.datasets.synthetic_terms)."]
    for fid, spec in ts.to_dict().items():
        lines += ["", f"[{fid}]", f"label = {json.dumps(spec['label'])}",
                  "terms = [" + ", ".join(json.dumps(t) for t in spec["terms"]) + "]"]
    return "\n".join(lines) + "\n"


def write_synthetic(folder, *, overwrite: bool = False, **kwargs) -> Path:
    """Write a :func:`synthetic` corpus as ``.txt`` files in the corpus format.

    Each document goes to ``folder/synthetic/NNNN.txt`` as
    ``" date YYYY-MM-DD [SYNTHETIC] ..."`` (boilerplate lines included, as a
    scraped page would have them), so that :func:`~termshift.load_corpus`
    on ``folder`` gives the same ``doc_id``, ``date`` and ``text`` as
    :func:`synthetic` with the same arguments. ``folder/README.md`` records
    that the data are synthetic and the parameters (regenerate with another
    ``random_state`` for a new exercise), and ``folder/synthetic_terms.toml``
    the term families (both are ignored by the loader).

    Parameters
    ----------
    folder : str or Path
        Created if missing.
    overwrite : bool, default=False
        Replace the ``.txt`` files of an earlier run in ``folder/synthetic``
        (otherwise their presence is an error).
    **kwargs
        Passed to :func:`synthetic` (``n_docs``, ``change_date``, ``effect``,
        ``random_state``...).

    Returns
    -------
    Path
        ``folder``, ready for :func:`~termshift.load_corpus` or ``termshift count``.

    Examples
    --------
    >>> import tempfile
    >>> from termshift import load_corpus, load_report
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     corpus = load_corpus(write_synthetic(tmp, n_docs=5))
    ...     print(load_report(corpus).totals_line())
    7 file(s) seen = 5 loaded + 0 skipped + 2 ignored
    """
    unknown = sorted(set(kwargs) - {"n_docs", "start", "end", "change_date", "families", "effect",
                                    "variant_noise", "boilerplate_noise", "mean_mentions", "random_state"})
    if unknown:
        raise ParameterError([f"write_synthetic: unknown argument {k!r}; see termshift.datasets.synthetic "
                              "for the parameters" for k in unknown])
    defaults = {"n_docs": 240, "start": "2021-01-01", "end": "2023-12-31", "change_date": "2022-06-01",
                "families": None, "effect": (0.1, 0.9), "variant_noise": 0.2, "boilerplate_noise": 0.1,
                "mean_mentions": 1.5, "random_state": 0}
    raw, params = _generate(**{**defaults, **kwargs})
    folder = Path(folder)
    sub = folder / "synthetic"
    old = sorted(sub.glob("*.txt")) if sub.is_dir() else []
    if old and not overwrite:
        raise ParameterError([f"{sub}: already holds {len(old)} .txt file(s) from an earlier run; "
                              "pass overwrite=True or choose an empty folder"])
    sub.mkdir(parents=True, exist_ok=True)
    for path in old:
        path.unlink()
    for doc_id, date, text in zip(raw["doc_id"], raw["date"], raw["text"]):
        (folder / doc_id).write_bytes(f" date {date} {text}\n".encode())
    ts = synthetic_terms(kwargs.get("families"))
    (folder / "synthetic_terms.toml").write_bytes(_toml_terms(ts).encode("utf-8"))
    readme = [
        "# SYNTHETIC corpus: not real news",
        "",
        "Generated by `termshift.datasets.write_synthetic` to practise and test termshift. Every document",
        "starts with `[SYNTHETIC]`; results computed from it are about the generator, never about real",
        "coverage. Framing A (first family) gives way to framing B (second family) on `change_date`;",
        "`effect` is the probability that a mention uses B before and after that date.",
        "",
        "Regenerate (another `random_state` gives a new exercise):",
        "",
        "```python",
        "from termshift.datasets import write_synthetic",
        f"write_synthetic({str(folder)!r}, overwrite=True, **PARAMETERS)",
        "```",
        "",
        "Term families: `synthetic_terms.toml`. Parameters:",
        "",
        "```json",
        json.dumps(params, indent=2),
        "```",
        "",
    ]
    (folder / "README.md").write_bytes("\n".join(readme).encode("utf-8"))
    return folder


def open_corpus(corpus, *, random_state: int = 0, start=None, end=None, outlets: Mapping | None = None,
                seed: int | None = None, **load_options) -> pd.DataFrame:
    """The corpus a notebook's ``CORPUS`` parameter names, within ``[start, end]``.

    Parameters
    ----------
    corpus : str or Path
        A folder or table for :func:`~termshift.load_corpus`, or an example:
        ``"synthetic"`` (:func:`synthetic`, seeded with ``random_state``),
        ``"synthetic-ja"`` (the bilingual corpus) or ``"sotu"``
        (:func:`sotu_corpus`).
    random_state : int, default=0
        Seeds the synthetic corpora (``seed=`` is its old name, deprecated).
    outlets : mapping, optional
        For ``"synthetic"``: ``{outlet: change date}`` (see :func:`synthetic`).
    start, end : date, year or None
        Keep documents dated from ``start`` to ``end`` (inclusive; a year
        means the whole year). The load report stays attached.
    **load_options
        Passed to :func:`~termshift.load_corpus` for a path.

    Examples
    --------
    >>> half = open_corpus("synthetic", random_state=1, start="2022-01-01", end="2022-06-30")
    >>> len(half) < len(synthetic(random_state=1))
    True
    """
    from .corpus import load_corpus

    random_state = renamed_random_state(random_state, seed, "seed", "open_corpus")
    if isinstance(corpus, str) and corpus == "synthetic":
        frame = synthetic(random_state=random_state, outlets=outlets)
    elif isinstance(corpus, str) and corpus == "synthetic-ja":
        frame = synthetic(language="both", random_state=random_state)
    elif isinstance(corpus, str) and corpus == "sotu":
        frame = sotu_corpus()
    else:
        frame = load_corpus(corpus, **load_options)
    if start is None and end is None:
        return frame
    lo = pd.Timestamp(f"{start}-01-01" if isinstance(start, int) else start) if start is not None else None
    hi = pd.Timestamp(f"{end}-12-31" if isinstance(end, int) else end) if end is not None else None
    keep = frame["date"].between(lo if lo is not None else frame["date"].min(),
                                 hi if hi is not None else frame["date"].max())
    if not keep.any():
        raise ParameterError([f"no document of {corpus} is dated between {start} and {end}; the corpus runs from "
                              f"{frame['date'].min():%Y-%m-%d} to {frame['date'].max():%Y-%m-%d}"])
    out = frame[keep].reset_index(drop=True)
    out.attrs = dict(frame.attrs)
    return out


def corpus_title(corpus: pd.DataFrame, name, random_state: int = 0, *, seed: int | None = None) -> str:
    """A figure title for a corpus: synthetic corpora say so (with their seed, ``random_state``;
    ``seed=`` is its old name, deprecated), others give their name.

    Examples
    --------
    >>> from termshift.datasets import synthetic
    >>> corpus_title(synthetic(n_docs=5), "synthetic", random_state=0)
    'SYNTHETIC corpus (seed 0)'
    >>> corpus_title(pd.DataFrame(), "../corpus")
    "Corpus 'corpus'"
    >>> corpus_title(pd.DataFrame(), "/home/me/exports/my_corpus.parquet")  # a label, never the path
    "Corpus 'my corpus'"
    """
    random_state = renamed_random_state(random_state, seed, "seed", "corpus_title")
    if "termshift.synthetic" in corpus.attrs or str(name).startswith("synthetic"):
        return f"SYNTHETIC corpus (seed {random_state})"
    if str(name) == "sotu":
        return "State of the Union"
    return f"Corpus '{Path(str(name)).stem.replace('_', ' ')}'"
