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
# the corpus, prints the loader's report, shows the boilerplate that was set aside, and draws the
# documents over time.
#
# Point the parameters below at your own corpus (a folder of `date YYYY-MM-DD` articles or a
# CSV/TSV/JSONL/Parquet table) to run the same tour on it.

# %% tags=["parameters"]
CORPUS = "../corpus"  # folder of dated articles, or a table
FREQ = "month"  # day, week, month, quarter, year
SEED = 0  # seed of the labelled synthetic corpus used where the real one is too small

# %%
import termshift as ts
from termshift import datasets, figures, plots

plots.use_style()
corpus = ts.load_corpus(CORPUS)
summary = ts.corpus_summary(corpus, freq=FREQ)
print(ts.corpus.format_summary(summary))

# %% [markdown]
# Every file the loader saw is accounted for: *loaded*, *skipped* (with its reason) or *ignored*
# (not an article, such as this folder's corpus card and term files), and the last line checks that
# the totals add up.
#
# ## Boilerplate set aside
#
# Scraped news pages carry all-capital cross-promotion lines between paragraphs. They are not the
# article: counting them would add a "ballistic missile" the article never wrote. The loader removes
# them from `text` and keeps them in the `boilerplate` column:

# %%
for doc_id, lines in zip(corpus["doc_id"], corpus["boilerplate"]):
    for line in filter(None, lines.split("\n")):
        print(f"{doc_id}: {line}")

# %% [markdown]
# ## Documents over time
#
# Every period between the first and the last date gets a bar, so gaps are visible rather than
# silently closed.

# %%
fig, ax = plots.subplots()
plots.plot_overview(corpus, freq=FREQ, ax=ax)
ax.set_title("Shipped corpus: documents and tokens per period")
_ = figures.save(fig, "corpus_documents_per_month", params={"corpus": CORPUS, "freq": FREQ}, corpus=corpus)

# %% [markdown]
# Today the shipped corpus holds the seed article alone: one document in one month, which is not yet
# a time series. The methods of the following notebooks are therefore shown beside it on a
# **synthetic** corpus with a planted shift, generated from a seed and labelled as synthetic in every
# document (`[SYNTHETIC]` at the start of each text, `synthetic/` in each id). Nothing computed on it
# is a finding about Japan's defense debate; it shows what the methods recover when the answer is
# known.

# %%
synthetic = datasets.synthetic(random_state=SEED)
print(synthetic["text"].iloc[0][:160], "...")
s = ts.corpus_summary(synthetic, freq=FREQ)
print(f"{s['documents']} synthetic documents, {s['first_date']} .. {s['last_date']}, "
      f"{s['boilerplate_lines']} boilerplate lines removed")

# %%
fig, ax = plots.subplots(width="two", aspect=0.35)
plots.plot_overview(synthetic, freq=FREQ, ax=ax)
ax.set_title("SYNTHETIC corpus (seeded, planted shift): documents and tokens per period")
_ = figures.save(fig, "synthetic_documents_per_month", params={"seed": SEED, "freq": FREQ}, corpus=synthetic)
