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
# Real data: the State of the Union addresses before and after September 2001. Framing families:
# the seed article and the labelled synthetic corpus.

# %% tags=["parameters"]
START, END = 1990, 2026
SPLIT = "2001-09-11"  # slice A: before this date; slice B: on or after
TOP = 15
TERMS = "../corpus/framing_terms.toml"
SOTU_TERMS = "sotu_terms.toml"
CORPUS = "../corpus"
SEED = 0

# %%
import termshift as ts
from termshift import datasets, figures, plots

plots.use_style()
sotu = datasets.sotu_corpus(START, END)
key = ts.keyness(sotu, SPLIT, min_count=5)
print(f"slice A (before {SPLIT}): {key.attrs['docs_a']} addresses, {key.attrs['n_a']:,} tokens; "
      f"slice B: {key.attrs['docs_b']} addresses, {key.attrs['n_b']:,} tokens")
key.head(10)

# %% [markdown]
# Positive G² and log ratio: overused before the split; negative: after. The p-values are tiny for
# hundreds of words, as they always are with corpora of this size; read the log ratio (effect size)
# and the KWIC lines, not the p-value alone.

# %%
fig, ax = plots.subplots(width="two", aspect=0.55)
plots.plot_keyness(key, top=TOP, label_a=f"{START}–2001", label_b=f"2001–{END}", ax=ax)
ax.set_title(f"State of the Union: keywords before and after {SPLIT} (log ratio; top {TOP} by G²)")
_ = figures.save(fig, "sotu_keyness_before_after_2001", corpus=sotu,
                 params={"start": START, "end": END, "split": SPLIT, "top": TOP, "min_count": 5})

# %% [markdown]
# ## Collocates: the company "security" keeps
#
# Tokens within ±5 tokens of each match of a family, scored by PMI (Church & Hanks 1990) and G²
# against the rest of the corpus. For "security" the strongest collocate is *social*: a large part
# of the word's rise is Social Security, not national security, which is why notebook 5 defines a
# narrow "national security" family.

# %%
sotu_terms = ts.load_terms(SOTU_TERMS)
ts.collocates(sotu, sotu_terms, "security", window=5, min_count=10).head(8)

# %% [markdown]
# ## Which framings appear together?
#
# In the seed article, sentence by sentence: the renaming sentence joins "preemptive strike",
# "counterstrike capability" and "self-defense".

# %%
seed = ts.load_corpus(CORPUS)
terms = ts.load_terms(TERMS)
ts.cooccurrence(seed, terms, unit="sentence").query("both > 0")

# %% [markdown]
# On the **labelled synthetic corpus** (not real news), keyness of the framing families before and
# after the planted change recovers the swap:

# %%
synthetic = datasets.synthetic(random_state=SEED)
fam_key = ts.keyness(synthetic, "2022-06-01", terms=terms.subset(["preemptive", "counterstrike"]))
fam_key[fam_key["kind"] == "family"]
