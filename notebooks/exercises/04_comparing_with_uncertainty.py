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
# # Exercise 4 — Compare two framings with uncertainty
#
# "In 2022, counterstrike capability took 70% of the mentions." Out of how many? A share computed
# from twelve mentions and one computed from twelve hundred are not the same statement. This
# exercise puts intervals on the two quantities of the previous exercise:
#
# - **A's share of the mentions of A and B** (`ts.share`): the interval is a *Jeffreys interval*
#   for a binomial proportion, widened for clustering — mentions cluster in articles, so the
#   mentions are weighed by how much the documents' shares vary (their *dispersion*), not counted
#   as independent coin tosses. (`interval="bootstrap"` resamples the documents instead.)
# - **A document share** (`doc_share`, documents with a match out of the period's documents): a
#   binomial proportion, whose interval is the *Wilson score interval* (`wilson_interval`).
#
# The corpus is synthetic (`[SYNTHETIC]`), built from the course seed, with a planted shift from
# "preemptive strike" (B, the old framing) to "counterstrike capability" (A, the new one).

# %% tags=["parameters"]
SEED = None  # None: the course seed ($TERMSHIFT_COURSE_SEED, else the default)

# %%
import termshift as ts
from termshift.exercises import check, exercise_corpus
from termshift.stats import wilson_interval

corpus = exercise_corpus("uncertainty", seed=SEED)
terms = ts.synthetic_terms()
print(f"{len(corpus)} documents, {corpus['date'].min():%Y-%m-%d} .. {corpus['date'].max():%Y-%m-%d}")

# %% [markdown]
# ## Task 4.1 — A share with its interval
#
# `ts.share(corpus, terms, a, b, freq=...)` gives, per period, `a`'s share of the mentions of `a`
# and `b` with a 95% interval (`share_low`, `share_high`; the default Jeffreys interval, widened
# for clustering). Put the new framing as `a`.
#
# Answer: `share_2022 = (share, low, high)` for the year 2022.

# %%
by_year = ...  # ts.share by year
share_2022 = ...  # (share, low, high)

# %%
check("uncertainty.share", share_2022, seed=SEED)

# %% [markdown]
# ## Task 4.2 — The Wilson interval of a document share
#
# In the first quarter of 2021, few documents mention the new framing. Count by quarter with
# `ts.count_terms(corpus, terms, freq="quarter")`, take the `counterstrike` row of `2021Q1`
# (`docs` out of `n_docs`), and compute the 95% Wilson interval with `wilson_interval(docs, n_docs)`.
#
# Answer: `wilson_q1 = (low, high)`.

# %%
wilson_q1 = ...  # (low, high)

# %%
check("uncertainty.wilson", wilson_q1, seed=SEED)

# %% [markdown]
# Now compute the textbook (Wald) interval p ± 1.96·√(p(1−p)/n) for the same numbers. What happens
# to its lower bound? What would it say if no document of the quarter used the framing?
#
# ## Task 4.3 — Is the difference larger than the uncertainty?
#
# From 2021 to 2022 the new framing's share grows. Is that growth larger than the uncertainty of
# each year's share? A quick reading: if the two 95% intervals do not overlap, the difference is
# unlikely to be resampling noise. (Overlapping intervals do not prove "no difference"; they only
# fail to show one.)
#
# Answer: `comparison = (difference, overlap)`: the 2022 share minus the 2021 share, and `True` if
# the two intervals overlap, else `False`.

# %%
comparison = ...  # (difference, overlap)

# %%
check("uncertainty.overlap", comparison, seed=SEED)

# %% [markdown]
# ## Task 4.4 — Where is the share least certain?
#
# By month, periods hold only a handful of documents. Compute the share by month and the width of
# each interval (`share_high - share_low`).
#
# Answer: `widest_month`, the month (`"YYYY-MM"`) with the widest interval.

# %%
widest_month = ...  # "YYYY-MM"

# %%
check("uncertainty.widest", widest_month, seed=SEED)

# %% [markdown]
# Look at the months with few documents too: their intervals are wide, and the table marks them
# `thin`. A document bootstrap (`interval="bootstrap"`) would give some of them an interval of width
# zero — every resample of their few documents gives the same share — which is not precision: a
# bootstrap cannot see variation that its few documents do not contain. With few documents per
# period, use longer periods, or report the number of mentions next to the share.
#
# ## What to take away
#
# - Report a share with its interval and its number of mentions (`count_a + count_b`).
# - Resample documents, not mentions: mentions cluster in articles.
# - For a proportion of documents, the Wilson interval behaves where the Wald interval fails
#   (near 0 or 1, small n).
# - Non-overlapping intervals suggest a real difference; the next exercise tests *when* the shift
#   happened, with a test designed for it.
