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
# # Exercise 5 — Find when the shift happened, then read the lines
#
# A plot of shares by month suggests a shift. Three questions turn that impression into a finding:
#
# 1. **When?** `ts.shift` finds the single month that best splits the series of A's share into a
#    "before" and an "after" (a binomial change point), with the set of months the data cannot
#    tell apart from it (a likelihood set).
# 2. **Could it be chance?** Its p-value comes from a permutation test: whole months are shuffled
#    in time many times and the best split recomputed; the p-value is the fraction of shuffles that
#    split at least as well as the data. Shuffling months, not documents, means ordinary
#    month-to-month ups and downs do not count as a shift.
# 3. **What changed?** The numbers say *that* the wording changed. The keyword-in-context (KWIC)
#    lines say *how*: who uses the new term, in which sentences, since when.
#
# The corpus is synthetic (`[SYNTHETIC]`), built from the course seed, with a planted shift from
# "preemptive strike" to "counterstrike capability" on a date the checks know and you do not.

# %% tags=["parameters"]
SEED = None  # None: the course seed ($TERMSHIFT_COURSE_SEED, else the default)

# %%
import pandas as pd

import termshift as ts
from termshift.exercises import check, exercise_corpus

corpus = exercise_corpus("change", seed=SEED)
terms = ts.synthetic_terms()
by_month = ts.share(corpus, terms, "counterstrike", "preemptive", freq="month")
ax = by_month.set_index("period")["share"].plot(figsize=(7, 2.5), marker=".", linestyle="none",
                                                 title="Share of counterstrike among both framings, by month")
ax.set_ylabel("share");

# %% [markdown]
# ## Task 5.1 — The change period
#
# Run `ts.shift(corpus, terms, "counterstrike", "preemptive", freq="month")` (defaults:
# `n_perm=999`, `n_boot=200`, `random_state=0`) and print the result.
#
# Answer: `change_period`, the first month of the new regime (`"YYYY-MM"`).

# %%
result = ...  # ts.shift(...)
change_period = ...  # "YYYY-MM"

# %%
check("change.period", change_period, seed=SEED)

# %% [markdown]
# The result also gives `change_period_low` and `change_period_high`: the first and last months of
# the 95% likelihood set (`change_set`), the months whose split explains the data almost as well.
# How precisely is the month known?
#
# ## Task 5.2 — Before and after
#
# Answer: `shares = (share_before, share_after)`, the new framing's pooled share of the mentions
# before the change period and from it on.

# %%
shares = ...  # (share_before, share_after)

# %%
check("change.shares", shares, seed=SEED)

# %% [markdown]
# ## Task 5.3 — The p-value, and its floor
#
# Run the test again with `n_perm=199`.
#
# Answer: `p_value`, the p-value it reports. Then explain (to yourself) why it cannot be smaller
# than that, whatever the data.

# %%
p_value = ...

# %%
check("change.p_value", p_value, seed=SEED)

# %% [markdown]
# Report such a result as a bound with its number of permutations ("p ≤ …, 199 permutations"), never
# as "p = 0". The test assumes that documents are exchangeable across months when nothing changes;
# real news comes in cycles, which makes it optimistic.
#
# ## Task 5.4 — The new framing before the change
#
# A change point is where the *share* jumps, not where a term first appears. Take the KWIC lines of
# the new framing, `ts.kwic(corpus, terms, "counterstrike")`, one row per mention, with its date.
#
# Answer: `early`, the number of mentions of `counterstrike` dated before the first day of the
# change period.

# %%
lines = ...  # ts.kwic(...)
early = ...

# %%
check("change.early", early, seed=SEED)

# %% [markdown]
# ## Task 5.5 — Read the first lines of the new regime
#
# Filter the KWIC lines to the change period and read them (`left`, `match`, `right`), then read
# the last lines of the old framing before it (`ts.kwic(corpus, terms, "preemptive")`).
#
# Answer: `first_doc`, the `doc_id` of the first document in the change period that uses the new
# framing (KWIC rows follow the corpus order, by date).

# %%
first_doc = ...  # a doc_id

# %%
check("change.first_line", first_doc, seed=SEED)

# %% [markdown]
# What do the lines say? In this synthetic corpus the sentences around both terms are drawn from the
# same few templates before and after the change: the lines show that only the *label* changed,
# not the argument around it. That is the generator's design, and a finding in itself: in real
# coverage this is the step that tells a relabelling ("counterstrike capability" for the same
# weapons) from a new argument (new weapons, new justifications, new speakers). Numbers cannot
# tell them apart; lines can.
#
# ## What to take away
#
# - `shift()` dates a change in share, with an interval for the date and a permutation p-value
#   whose floor is 1 / (1 + n_perm).
# - The new framing exists before the change point; the change point is where it takes over.
# - Always read the lines on both sides of the change before interpreting it.
