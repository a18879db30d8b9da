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
# # 6. Bilingual comparison: 反撃能力 / 敵基地攻撃能力 / 専守防衛 beside the English press
#
# The renaming happened in Japanese: the ruling party's April 2022 proposal and the December 2022
# security documents moved from 敵基地攻撃能力 (enemy base strike capability) to 反撃能力
# (counterstrike capability) while keeping 専守防衛 (exclusive defense-oriented). The families of
# `corpus/framing_terms.toml` hold both languages, so one count serves Japanese and English documents
# alike. Japanese text is matched without word boundaries at kanji and kana edges, hard-wrapped lines
# are joined, and its words (the denominators of rates) come from a morphological analyser
# (README, "Japanese and bilingual corpora").
#
# Sections 2-4 use the **labelled synthetic bilingual corpus** (seeded; every document says it is
# synthetic) with a planted change: they show what the methods recover when the answer is known, and
# are **not findings**. Point `BILINGUAL` at a dated collection of Japanese and English articles (a
# folder or a table) to get those.

# %% tags=["parameters"]
CORPUS = "../corpus"
TERMS = "../corpus/framing_terms.toml"
BILINGUAL = None  # a folder or table of Japanese and English articles; None: the synthetic one
FREQ = "month"
FAMILIES = ("counterstrike", "enemy_base")  # the contest: a (the newer framing, 反撃能力) vs b (敵基地攻撃能力)
N_DOCS = 360  # documents of the synthetic corpus
N_BOOT = 1000  # bootstrap replicates (interval="bootstrap" only; the default intervals need none)
N_PERM = 999  # permutations of the shift test
SEED = 0  # seeds the synthetic corpus, the bootstrap and the permutation test
OUTPUT_DIR = "termshift-output"  # where an interactive run saves figures (termshift figures writes the gallery)
ID_COL = None  # the id column of a table; None: the ids `termshift import` wrote, else FILE:ROW

# %%
from pathlib import Path

import pandas as pd

import termshift as ts
from termshift import figures, plots
from termshift.bilingual import synthetic_bilingual

plots.use_style()
pd.set_option("display.width", 140, "display.max_colwidth", 60)
terms = ts.load_terms(TERMS)
A, B = FAMILIES
if BILINGUAL is None:
    bilingual = synthetic_bilingual(n_docs=N_DOCS, random_state=SEED)
else:
    bilingual = ts.load_corpus(BILINGUAL, id_col=ID_COL)
pd.DataFrame({"label": terms.labels, "label_ja": terms.labels_ja,
              "terms": {f: ", ".join(terms[f].terms) for f in terms}})

# %% [markdown]
# ## 1. The same families in both languages
#
# Every document carries its detected `language`. Counting the Japanese and the English subsets with
# the same families gives comparable tables: counts, documents with a match, and rates per 10,000
# tokens (Japanese tokens are the analyser's words, about one per two characters).

# %%
by_language = pd.concat({lang: ts.count_terms(sub, terms, freq="year")
                         for lang, sub in bilingual.groupby("language")}, names=["language"])
totals = (by_language.groupby(["language", "family"], sort=False)[["count", "docs"]].sum()
          .join(by_language.groupby("language")[["n_tokens"]].apply(lambda t: t.drop_duplicates().sum())))
totals["per_10k"] = 1e4 * totals["count"] / totals["n_tokens"]
totals.unstack("language")[["count", "per_10k"]].round(1)

# %% [markdown]
# In the synthetic corpus the counts equal what was planted (the `planted_*` columns), although the
# Japanese lines are hard-wrapped every 24 characters (terms are cut by line breaks) and some katakana
# are half-width. 自衛隊 (the Self-Defense Forces) appears in the filler and is not counted as the
# self-defense framing; in the English filler "the Self-Defense Forces" *is* counted by
# `self-defense`: the English family has the trap the Japanese one avoids.

# %%
planted = {f: int(bilingual[f"planted_{f}"].astype(int).sum()) for f in terms
           if f"planted_{f}" in bilingual}
counted = by_language.groupby("family")["count"].sum()
pd.DataFrame({"planted": planted, "counted": counted[list(planted)]})

# %% [markdown]
# The shipped article (English) counted with the same bilingual families: the Japanese terms find
# nothing there, the English ones what notebook 2 found.

# %%
articles = ts.load_corpus(CORPUS, id_col=ID_COL)
shipped = ts.count_terms(articles, terms, freq="year")
shipped.assign(language=", ".join(sorted(articles["language"].unique())))[["period", "family", "label",
                                                                            "count", "language"]]

# %% [markdown]
# ## 2. 反撃能力 vs 敵基地攻撃能力: the share of the newer name, with intervals (SYNTHETIC)
#
# count(A) / (count(A) + count(B)) per month with a 95% interval, for each language.

# %%
shares = ts.share(bilingual, terms, A, B, freq=FREQ, n_boot=N_BOOT, random_state=SEED, by="language")
shares.head(6)

# %%
japanese = bilingual[bilingual["language"] == "ja"]
ja_share = ts.share(japanese, terms, A, B, freq=FREQ, n_boot=N_BOOT, random_state=SEED)
result = ts.shift(japanese, terms, A, B, freq=FREQ, n_perm=N_PERM, n_boot=200, random_state=SEED)
fig, ax = plots.subplots(width="two", aspect=0.4)
plots.plot_contest(ja_share, change=result, label_a=terms.labels_ja[A], label_b=terms.labels_ja[B],
                   events=ts.load_events(), ax=ax)  # the shipped events, where the corpus's dates cover them
source = "SYNTHETIC 日本語記事" if BILINGUAL is None else f"日本語記事 ({Path(BILINGUAL).stem})"  # a label, not a path
ax.set_title(f"{source}: {terms.labels_ja[A]} の割合 (vs {terms.labels_ja[B]}), 95% interval, change point")
name = figures.slug("synthetic bilingual" if BILINGUAL is None else BILINGUAL, A, "vs", B, "share ja by", FREQ)
_ = figures.save(fig, name, corpus=japanese, terms=terms, outdir=OUTPUT_DIR,
                 params={"freq": FREQ, "a": A, "b": B, "n_boot": N_BOOT, "n_perm": N_PERM, "seed": SEED,
                         "n_docs": N_DOCS, "language": "ja"})

# %% [markdown]
# ## 3. The change point (SYNTHETIC)
#
# The single change point of the Japanese share, with its permutation p-value and a bootstrap
# interval for the change month; the planted change is 2022-06-01. The English subset is smaller;
# the same call runs on it.

# %%
english = bilingual[bilingual["language"] != "ja"]
pd.DataFrame({"ja": result.to_dict(),
              "en": ts.shift(english, terms, A, B, freq=FREQ, n_perm=N_PERM, n_boot=200,
                             random_state=SEED).to_dict()})

# %% [markdown]
# ## 4. Reading the matches: KWIC lines in Japanese
#
# Every match with its context. A match cut by a hard line break is found (反撃\n能力 is 反撃能力),
# and `ts.kwic` shows the match and its context joined, as a reader reads them.

# %%
kwic = pd.concat({fam: ts.kwic(japanese, terms, fam, width=20) for fam in (A, B)}, names=["family"])  # joined lines
kwic.groupby(level="family", sort=False).head(4)[["date", "left", "match", "right"]]
