# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Exercise 3 — Count and normalise by period
#
# "Counterstrike capability was mentioned three times more often in one month than in any other
# month." Is that a surge of the framing, or a surge of text? A raw count mixes two things: how
# often writers use the framing, and how much was written. This exercise separates them:
#
# - `count`: matches in the period;
# - `per_10k`: matches per 10,000 tokens of the period (how dense the framing is in the text);
# - `doc_share`: the share of the period's documents with at least one match (how widespread it is).
#
# The corpus is synthetic (`[SYNTHETIC]`), built from the course seed: framing A ("preemptive
# strike") gives way to framing B ("counterstrike capability") on a planted date, and something
# else happens in one month, which you will find.

# %% tags=["parameters"]
SEED = None  # None: the course seed ($TERMSHIFT_COURSE_SEED, else the default)

# %%
import termshift as ts
from termshift.exercises import check, choices, exercise_corpus

corpus = exercise_corpus("counting", seed=SEED)
terms = ts.synthetic_terms()
print(f"{len(corpus)} documents, {corpus['date'].min():%Y-%m-%d} .. {corpus['date'].max():%Y-%m-%d}")
terms

# %% [markdown]
# ## Task 3.1 — Where does the raw count peak?
#
# Count both families by month with `ts.count_terms(corpus, terms, freq="month")` (one row per
# month and family; every month of the range is present, empty ones included).
#
# Answer: `raw_peak`, the month (`"YYYY-MM"`) with the most mentions of `counterstrike`.

# %%
table = ...  # count_terms by month
raw_peak = ...  # "YYYY-MM"

# %%
check("counting.raw_peak", raw_peak, seed=SEED)

# %% [markdown]
# ## Task 3.2 — Where does the rate peak?
#
# Now the density: `per_10k` divides each month's count by the month's tokens (times 10,000).
#
# Answer: `rate_peak`, the month with the highest `per_10k` of `counterstrike`.

# %%
rate_peak = ...  # "YYYY-MM"

# %%
check("counting.rate_peak", rate_peak, seed=SEED)

# %% [markdown]
# Two different months. Look at how much text each month holds:

# %%
docs_per_month = corpus.set_index("date").resample("MS").size()
ax = docs_per_month.plot(figsize=(7, 2.5), title="Documents per month (synthetic corpus)")
ax.set_ylabel("documents");

# %% [markdown]
# ## Task 3.3 — The rate in the raw-count peak month
#
# Answer: `peak_per_10k`, the `per_10k` of `counterstrike` in the month of Task 3.1 (a number; two
# decimals are enough).

# %%
peak_per_10k = ...

# %%
check("counting.per_10k", peak_per_10k, seed=SEED)

# %% [markdown]
# ## Task 3.4 — How widespread is the framing in that month?
#
# `per_10k` counts mentions; `doc_share` counts documents. A single article that repeats a phrase
# ten times raises the first, not the second.
#
# Answer: `peak_doc_share`, the `doc_share` of `counterstrike` in the same month (a fraction
# between 0 and 1).

# %%
peak_doc_share = ...

# %%
check("counting.doc_share", peak_doc_share, seed=SEED)

# %% [markdown]
# ## Task 3.5 — Why does the raw count mislead?
#
# Compare the raw-count peak month with the months around it: `n_docs`, `n_tokens`, `per_10k`,
# `doc_share`. Then choose the explanation the evidence supports.

# %%
choices("counting.why", seed=SEED)

# %% [markdown]
# Answer: `why`, one letter.

# %%
why = ...  # one letter

# %%
check("counting.why", why, seed=SEED)

# %% [markdown]
# ## What to take away
#
# - A raw count answers "how much was written about it", which depends on how much was written at
#   all. Compare periods with a rate (`per_10k`) or a share of documents (`doc_share`), and say which.
# - The two rates answer different questions: density of the framing in the text, and how many
#   documents use it at all.
# - Always look at the number of documents per period next to any count: a burst of wire copy, a
#   scraper outage or a new source changes counts without changing framing.
# - A month with few documents can top a rate ranking by chance. How sure can you be? Exercise 4.
