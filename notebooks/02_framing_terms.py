# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 2. Framing terms: counts, every match in context, and the contest over time
#
# Two framings compete for the same thing: "preemptive strike" and "counterstrike capability" for
# Japan's capability to strike missile bases, or "defense" and "national security" in the State of
# the Union. This notebook counts the term families in the corpus, reads every match in context
# (KWIC), measures the rates of the two framings of `FAMILIES` with intervals, and dates the shift
# of the share of the first (a) against the second (b).
#
# With the parameters below the corpus is the **labelled synthetic corpus** (seeded; every document
# says it is synthetic) in which the older framing gives way to the newer one at a planted date: it
# shows what the methods recover when the answer is known, never a finding about real coverage.
# Point `CORPUS`, `TERMS` and `FAMILIES` at your own data to get those.

# %% tags=["parameters"]
CORPUS = "synthetic"  # a folder of dated articles or a table; or "synthetic" (seeded, labelled) or "sotu"
TERMS = "../corpus/framing_terms.toml"  # term families (TOML)
FAMILIES = ["counterstrike", "preemptive"]  # the contest: a (the newer framing) vs b
START, END = None, None  # keep documents dated from START to END (ISO dates; None: no limit)
FREQ = "month"  # day, week, month, quarter, year
SPLIT = "2022-06-01"  # before / on or after this date (keyness slices; drawn as an event)
EVENTS = None  # a TOML file of dated events; None: the shipped ones (drawn where the dates cover them)
N_BOOT = 1000  # bootstrap replicates for intervals
SEED = 0  # seeds every random step, and the synthetic corpus
OUTPUT_DIR = "termshift-output"  # where this run saves figures (termshift figures writes the gallery instead)
ID_COL = None  # the id column of a table; None: the ids `termshift import` wrote, else FILE:ROW

# %%
from pathlib import Path

import pandas as pd

import termshift as ts
from termshift import datasets, figures, periods, plots, publish

plots.use_style()
pd.set_option("display.width", 140, "display.max_colwidth", 80)
corpus = datasets.open_corpus(CORPUS, random_state=SEED, start=START, end=END, id_col=ID_COL)
terms = ts.load_terms(TERMS)
A, B = FAMILIES
NAME = figures.slug(Path(CORPUS).stem, A, "vs", B)  # names the figure files
TITLE = datasets.corpus_title(corpus, CORPUS, SEED)
dc = ts.document_counts(corpus, terms)  # one pass over the texts serves every statistic below
print(f"{len(corpus):,} documents, {corpus['date'].min():%Y-%m-%d} to {corpus['date'].max():%Y-%m-%d}; "
      f"contest: {terms[A].label} (a) vs {terms[B].label} (b)")
counts = ts.count_terms(corpus, terms, freq=FREQ, level="term")
counts[counts["count"] > 0].groupby(["family", "term"], as_index=False)["count"].sum()

# %% [markdown]
# Each row credits the term that won the match (within a family the longest match wins, so
# "counterstrike capabilities" counts once, for `counter-strike capabilit*`). All-capital
# cross-promotion lines of scraped pages are not counted (notebook 1).
#
# ## Every match in context
#
# Counts are only as good as the matches behind them. KWIC (key word in context) lists every match
# with the text around it; the number of lines equals the family's count. The first lines of each
# family of the contest:

# %%
lines = pd.concat([ts.kwic(corpus, terms, fam, width=60) for fam in FAMILIES], keys=FAMILIES,
                  names=["family"]).reset_index(level=0)
print(lines.groupby("family").size().to_string())
lines.groupby("family").head(4)[["family", "doc_id", "left", "match", "right"]]

# %% [markdown]
# Which families appear together? Sentence-level co-occurrence of every pair of families (pairs that
# never share a sentence are left out, so the table can be empty: the line above it says why).

# %%
pairs = ts.cooccurrence(corpus, terms, unit="sentence")
together = pairs.query("both > 0")
n_sentences = int(pairs["n_units"].max()) if len(pairs) else 0
print(f"{len(together)} of {len(pairs)} pairs of families share at least one of the {n_sentences} sentences"
      + ("" if len(together) else ": no sentence names two families, so the table is empty "
         "(unit='document' counts pairs in the same document)"))
together.head(10)

# %% [markdown]
# ## The contest over time
#
# Rates are matches per 10,000 tokens with a 95% interval per period (documents resampled or a
# quasi-Poisson interval, see `ts.rates`); periods without documents are gaps, never interpolated.
# The split date, the events of `EVENTS` (by default the shipped ones, `ts.load_events()`) within the
# corpus's dates and, on the synthetic corpus, the planted change are drawn.

# %%
planted = corpus.attrs.get("termshift.synthetic", {}).get("change_date")
events = pd.concat([pd.DataFrame({"date": pd.to_datetime([SPLIT]), "label": ["split"]}),
                    pd.DataFrame({"date": pd.to_datetime([planted] if planted else []),
                                  "label": ["planted change (synthetic)"] if planted else []}),
                    ts.load_events(EVENTS)[["date", "label"]]], ignore_index=True)
rates = ts.rates(dc, terms, freq=FREQ, families=FAMILIES, n_boot=N_BOOT, random_state=SEED)
rates[["period", "family", "count", "n_docs", "per_10k", "per_10k_low", "per_10k_high"]].head(6)

# %%
fig, ax = plots.subplots(width="two", aspect=0.4)
plots.plot_trajectory(rates, families=FAMILIES, value="per_10k", events=events, ax=ax)
ax.set_title(f"{TITLE}: {terms[A].label} and {terms[B].label} per 10,000 tokens by {FREQ}, 95% intervals")
_ = figures.save(fig, f"{NAME}_rates_by_{FREQ}", corpus=corpus, terms=terms, outdir=OUTPUT_DIR,
                 params={"corpus": CORPUS, "freq": FREQ, "families": FAMILIES, "n_boot": N_BOOT, "seed": SEED})

# %% [markdown]
# ## When did the shift happen?
#
# The share of a, count(a) / (count(a) + count(b)), per period, and the single change point that
# maximises the two-segment binomial likelihood, with a permutation p-value and a confidence set for
# the change period.

# %%
result = ts.shift(dc, terms, A, B, freq=FREQ, n_boot=N_BOOT, random_state=SEED)
print(f"change point {result.change_period} (95% set {result.change_period_low} to {result.change_period_high}); "
      f"share of {A} {result.share_before:.1%} before, {result.share_after:.1%} after; p = {result.p_value:.3f}"
      + (f"; planted: {planted}" if planted else ""))

# %%
fig, ax = plots.subplots(width="two", aspect=0.4)
plots.plot_contest(result.table, change=result, label_a=terms[A].label, label_b=terms[B].label,
                   events=ts.load_events(EVENTS), ax=ax)
ax.set_title(f"{TITLE}: share of {terms[A].label} vs {terms[B].label} by {FREQ}, change point marked")
_ = figures.save(fig, f"{NAME}_share_by_{FREQ}", corpus=corpus, terms=terms, outdir=OUTPUT_DIR,
                 params={"corpus": CORPUS, "freq": FREQ, "a": A, "b": B, "n_boot": N_BOOT, "seed": SEED})

# %% [markdown]
# The change point as a table for a paper (`publish.table`): written as LaTeX (booktabs), Markdown
# and CSV beside the figures, and listed in the manifest when `termshift figures` runs the notebook.

# %%
change_table = publish.table(result)
_ = figures.save_table(change_table, figures.slug(NAME, "change point by", FREQ), corpus=corpus, terms=terms,
                       outdir=OUTPUT_DIR, params={"corpus": CORPUS, "freq": FREQ, "a": A, "b": B, "n_boot": N_BOOT,
                                                  "seed": SEED})
change_table

# %% [markdown]
# Before writing the change up, read the matches of the change period:

# %%
at_change = lines["date"].dt.to_period(periods.period_freq(FREQ)) == result.change_period
lines[at_change][["family", "doc_id", "left", "match", "right"]].head(6)
