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
# # Exercise 2 — Define a term family: variants and wildcard traps
#
# A framing is not one string. "Preemptive strike" is also written "pre-emptive strike",
# "pre emptive strikes", "preemptive attack"; a stem such as `deter*` catches "deterrence" — and
# "determined". A **term family** is the list of terms that together count as one framing, and
# termshift matches them by precise rules (README, *Matching rules*):
#
# 1. Text and terms are compared after Unicode normalisation and case folding.
# 2. Whole words only: "preemptive" does not match inside "preemptively".
# 3. A space in a term matches any run of whitespace, line breaks included.
# 4. A hyphen in a term matches a hyphen (`-`, U+2010, U+2011), a space, or nothing. Other dashes
#    (— –) do not.
# 5. A trailing `*` matches zero or more further letters or digits: choose stems with care.
# 6. Within a family, matches do not overlap; the longest wins.
# 7. Families are independent: the same words may count for several families.
#
# The corpora are synthetic (`[SYNTHETIC]`), built from the course seed, with planted mentions whose
# number is known to the checks.

# %% tags=["parameters"]
SEED = None  # None: the course seed ($TERMSHIFT_COURSE_SEED, else the default)

# %%
import termshift as ts
from termshift.exercises import check, exercise_corpus, prediction_pairs

# %% [markdown]
# ## Task 2.1 — Predict, then test
#
# Each row pairs a term with a short text. **Before running anything**, decide for each row whether
# the term matches somewhere in the text, using only the rules above. The `note` column names
# characters that are hard to see. Then test your predictions: a one-family `ts.TermSet` and a
# `ts.Matcher` count the matches of a term in a text:
#
# ```python
# ts.Matcher(ts.TermSet.from_dict({"x": ["pre-emptive"]})).count("a preemptive strike")
# ```
#
# returns `(matches per family, matches per term)`.

# %%
pairs = prediction_pairs(seed=SEED)
pairs

# %% [markdown]
# Answer: `matching`, the letters of the rows whose term matches its text (e.g. `"bdf"`). Write
# down how many of your predictions were right before you fix them.

# %%
# BEGIN SOLUTION
# student: matching = ...  # e.g. "bdf"
matching = [row.letter for row in pairs.itertuples()
            if ts.Matcher(ts.TermSet.from_dict({"x": [row.term]})).count(row.text)[0][0] > 0]
# END SOLUTION

# %%
check("terms.predict", matching, seed=SEED)

# %% [markdown]
# ## Task 2.2 — A family that catches every spelling
#
# This corpus writes the old framing in many ways. A first try with the canonical spelling only:

# %%
corpus = exercise_corpus("terms.variants", seed=SEED)
first_try = {"preemptive": ["preemptive strike"]}
print(ts.count_terms(corpus, first_try, freq="year")[["period", "count", "docs", "n_docs"]])
ts.kwic(corpus, first_try, "preemptive", width=40).head()

# %% [markdown]
# How many mentions does it miss? You cannot know by looking at what it found. Cast a wider net
# (the nouns that go with the framing, with a `*`), read the KWIC lines, and list the spellings you
# see. Then write the family: every mention of the old framing counted once, nothing else counted.
#
# Answer: `old_terms`, a list of terms.

# %%
# BEGIN SOLUTION
# student: old_terms = ...  # a list of terms
lines = ts.kwic(corpus, {"net": ["strike*", "attack*"]}, "net", width=30)
print((lines["left"].str.split().str[-1] + " " + lines["match"]).str.lower().value_counts())
old_terms = ["pre-emptive strike*", "pre-emptive attack*"]
# END SOLUTION

# %%
check("terms.variants", old_terms, seed=SEED)

# %% [markdown]
# Compare your family's yearly counts with the first try's: which conclusions about *when* the old
# framing was used would the first try have distorted, and which would it have kept?
#
# ## Task 2.3 — A stem without traps
#
# Another corpus, another framing: deterrence. The obvious stem is `deter*`. Look at what it
# actually matches:

# %%
corpus_d = exercise_corpus("terms.deterrence", seed=SEED)
stem = {"deterrence": ["deter*"]}
ts.kwic(corpus_d, stem, "deterrence")["match"].str.lower().value_counts()

# %% [markdown]
# Write a deterrence family that counts every mention of deterrence (the noun, the adjective, the
# verb) and none of the words that merely start with the same letters.
#
# Answer: `deterrence_terms`, a list of terms.

# %%
# BEGIN SOLUTION
# student: deterrence_terms = ...  # a list of terms
deterrence_terms = ["deterrence", "deterrent*", "deter"]
# END SOLUTION

# %%
check("terms.deterrence", deterrence_terms, seed=SEED)

# %% [markdown]
# ## What to take away
#
# - Read what a term matches (KWIC, `value_counts` of the match column) before you count with it.
# - A hyphen in a term is generous (hyphen, space or nothing); a term written without a hyphen is
#   not ("preemptive" does not match "pre-emptive").
# - A `*` is a promise that every continuation of the stem belongs to the framing. `deter*` breaks
#   it; `deterrent*` keeps it.
# - A family that misses a spelling does not only count less: if spellings change over time (house
#   styles, translation), it counts a *shift* that is not there.
