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
# # 4. Keyness and context: before and after, and the company a framing keeps
#
# Keyness compares two slices of the corpus word by word: Dunning's log-likelihood G² (with a χ²(1)
# p-value), Hardie's log ratio (the effect size, in doublings) and Monroe, Colaresi & Quinn's log-odds
# z-score with an informative Dirichlet prior. Then collocates (what surrounds a family's matches)
# and co-occurrence (which framings appear together).
#
# With the parameters below: the State of the Union addresses from 1990, before and after
# September 11, 2001.

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
TOP = 15  # keywords drawn on each side
MIN_COUNT = 5  # words seen fewer times in both slices together are left out

# %%
from pathlib import Path

import pandas as pd

import termshift as ts
from termshift import datasets, figures, plots

plots.use_style()
corpus = datasets.open_corpus(CORPUS, random_state=SEED, start=START, end=END, id_col=ID_COL)
terms = ts.load_terms(TERMS)
NAME = figures.slug(Path(CORPUS).stem, "keyness before after", SPLIT)  # names the files
TITLE = datasets.corpus_title(corpus, CORPUS, SEED)
first, last = f"{corpus['date'].min():%Y-%m-%d}", f"{corpus['date'].max():%Y-%m-%d}"
key = ts.keyness.keyness(corpus, SPLIT, min_count=MIN_COUNT)
print(f"slice A ({first} to before {SPLIT}): {key.attrs['docs_a']} documents, {key.attrs['n_a']:,} tokens; "
      f"slice B ({SPLIT} to {last}): {key.attrs['docs_b']} documents, {key.attrs['n_b']:,} tokens")
key.head(10)

# %% [markdown]
# Positive G² and log ratio: overused before the split; negative: after. With corpora of this size
# the p-values are tiny for hundreds of words; read the log ratio (effect size) and the KWIC lines,
# not the p-value alone.

# %%
fig, ax = plots.subplots(width="two", aspect=0.55)
plots.plot_keyness(key, top=TOP, label_a=f"{first[:4]} to {SPLIT}", label_b=f"{SPLIT} to {last[:4]}", ax=ax)
ax.set_title(f"{TITLE}: keywords before and after {SPLIT} (log ratio; top {TOP} per side by G²)")
_ = figures.save(fig, NAME, corpus=corpus, outdir=OUTPUT_DIR,
                 params={"corpus": CORPUS, "start": START, "end": END, "split": SPLIT, "top": TOP,
                         "min_count": MIN_COUNT})

# %% [markdown]
# ## Collocates: the company each framing keeps
#
# Tokens within ±5 tokens of each match of a family, scored by PMI (Church & Hanks 1990) and G²
# against the rest of the corpus. A surprising collocate is a reason to read the KWIC lines (in the
# State of the Union, "security" keeps company with *social*: Social Security, not national
# security).

# %%
pd.concat([ts.collocates(corpus, terms, fam, window=5, min_count=3).head(6) for fam in FAMILIES],
          keys=FAMILIES, names=["family"]).reset_index(level=0)

# %% [markdown]
# ## Which framings appear together?
#
# Sentence-level co-occurrence of every pair of families:

# %%
ts.cooccurrence(corpus, terms, unit="sentence").query("both > 0").head(10)

# %% [markdown]
# Keyness of the families themselves before and after the split: does the contest move with it?

# %%
fam_key = ts.keyness.keyness(corpus, SPLIT, terms=terms.subset(FAMILIES))
fam_key[fam_key["kind"] == "family"]
