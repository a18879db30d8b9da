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
# # 7. Outlets compared: did they change framing at different times?
#
# The core question of a framing study across outlets — did Asahi and Yomiuri, or Fox and the
# Guardian, move at different times? Every statistic takes `by=` (one or more metadata columns of
# the corpus, here `BY`): the share of framing a among mentions of a and b per outlet and period,
# a change point per outlet, and a test of whether the outlets changed at *different* times (each
# outlet's own change period against one common change period, each outlet keeping its own shares;
# parametric-bootstrap p-value).
#
# With the parameters below the corpus is the **labelled synthetic corpus** (seeded; every document
# says it is synthetic) with two outlets that switch framing on the dates of `OUTLETS`: it shows
# what the method recovers when the answer is known, never a finding. Point `CORPUS` at your own
# corpus with an outlet column (a table's extra columns are kept as metadata) to compare real
# outlets; `OUTLETS` is then unused.

# %% tags=["parameters"]
CORPUS = "synthetic"  # a folder of dated articles or a table; or "synthetic" (seeded, labelled) or "sotu"
TERMS = "../corpus/framing_terms.toml"  # term families (TOML)
FAMILIES = ["counterstrike", "preemptive"]  # the contest: a (the newer framing) vs b
START, END = None, None  # keep documents dated from START to END (ISO dates; None: no limit)
FREQ = "month"  # day, week, month, quarter, year
SPLIT = "2022-06-01"  # before / on or after this date (keyness slices; drawn as an event)
EVENTS = None  # a TOML file of dated events; None: the shipped ones (drawn where the dates cover them)
N_BOOT = 1000  # bootstrap replicates for intervals and for the test of different change times
SEED = 0  # seeds every random step, and the synthetic corpus
OUTPUT_DIR = "termshift-output"  # where this run saves figures (termshift figures writes the gallery instead)
ID_COL = None  # the id column of a table; None: the ids `termshift import` wrote, else FILE:ROW
BY = "outlet"  # the metadata column(s) that name the groups compared
OUTLETS = {"Outlet A": "2022-03-01", "Outlet B": "2022-10-01"}  # synthetic corpus only: each outlet's change date

# %%
from pathlib import Path

import termshift as ts
from termshift import datasets, figures, plots, publish

plots.use_style()
corpus = datasets.open_corpus(CORPUS, random_state=SEED, start=START, end=END, outlets=OUTLETS, id_col=ID_COL)
terms = ts.load_terms(TERMS)
A, B = FAMILIES
NAME = figures.slug(Path(CORPUS).stem, A, "vs", B, "share by", BY)
TITLE = datasets.corpus_title(corpus, CORPUS, SEED)
dc = ts.document_counts(corpus, terms, by=BY)  # one pass over the texts serves every statistic below
corpus.groupby(BY).agg(documents=("doc_id", "size"), first=("date", "min"), last=("date", "max"))

# %% [markdown]
# ## Counts and shares per outlet
#
# `count_terms(..., by=BY)` and `share(..., by=BY)` give the same tidy tables as without `by=`, with
# the group column(s) first:

# %%
share = ts.share(dc, terms, A, B, freq=FREQ, n_boot=N_BOOT, random_state=SEED, by=BY)
share[[*([BY] if isinstance(BY, str) else BY), "period", "count_a", "count_b", "share", "share_low",
       "share_high"]].head(6)

# %% [markdown]
# ## A change point per outlet, and did they change at different times?
#
# One row per outlet: its change period with its 95% confidence set, the pooled share before and
# after, and the permutation p-value of "no change"; the note under the table gives the test of
# different change times. The table is written for a paper (LaTeX, Markdown, CSV) beside the figures.

# %%
result = ts.shift(dc, terms, A, B, freq=FREQ, n_boot=N_BOOT, random_state=SEED, by=BY)
change_table = publish.table(result)  # a row per outlet; the test of different change times in its note
_ = figures.save_table(change_table, figures.slug(Path(CORPUS).stem, A, "vs", B, "change points by", BY, "by", FREQ),
                       corpus=corpus, terms=terms, outdir=OUTPUT_DIR,
                       params={"corpus": CORPUS, "freq": FREQ, "a": A, "b": B, "by": BY, "n_boot": N_BOOT,
                               "seed": SEED, "outlets": OUTLETS})
if "termshift.synthetic" in corpus.attrs:
    print(f"planted: {OUTLETS}")
change_table

# %% [markdown]
# Small multiples, one panel per outlet (`plots.plot_by_group`): the share of a with its interval,
# the outlet's change period (in its title, with its confidence set) and the pooled share before
# and after; the panels share their axes and one legend.

# %%
fig = plots.figure(width="two", aspect=0.1 + 0.25 * len(result.results))  # a row per outlet
plots.plot_by_group(result, label_a=terms[A].label, label_b=terms[B].label, events=ts.load_events(EVENTS), fig=fig)
fig.suptitle(f"{TITLE}: share of {terms[A].label} vs {terms[B].label} by {FREQ}, per {BY}")
_ = figures.save(fig, f"{NAME}_by_{FREQ}", corpus=corpus, terms=terms, outdir=OUTPUT_DIR,
                 params={"corpus": CORPUS, "freq": FREQ, "a": A, "b": B, "by": BY, "n_boot": N_BOOT,
                         "seed": SEED, "outlets": OUTLETS})
