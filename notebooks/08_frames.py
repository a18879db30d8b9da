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
# # 8. Frames: denials, glosses and coding rules
#
# Counting words is not counting framings. A term file can say more (issue 21,
# `docs/changes/issue-21.md`): `exclude` masks homonyms (the Self-Defense *Forces*), `unless`
# drops a mention denied in its sentence ("not a pre-emptive strike", 先制攻撃は許されない), a name in
# parentheses right after another name is a *gloss* (敵基地攻撃能力（反撃能力）), and `[codes.NAME]`
# count documents or sentences that satisfy a rule over families (`and`, `or`, `not`, `near`, `seq`).
#
# Three questions, each a figure:
#
# 1. **Denial share over time**: of the mentions of the preemptive framing, how many deny it?
# 2. **Gloss order by outlet**: who writes which name first? (`share(..., primary=True)`)
# 3. **Codes by month**: how often is counterstrike framed within exclusive defense?
#
# With the parameters below the corpus is the **labelled synthetic frames corpus** (seeded; every
# document says it is synthetic) in which denials grow after `CHANGE`, and each outlet writes its
# own gloss order: it shows what the methods recover when the answer is known, never a finding.
# Point `CORPUS` at your own corpus (with an outlet column) and `TERMS` at your term file, which
# needs a `denial` and a `legitimised` code and the families named in `FAMILIES`.

# %% tags=["parameters"]
CORPUS = "synthetic"  # a folder of dated articles or a table; or "synthetic" (the seeded frames corpus)
TERMS = None  # a term file with rules and codes; None: the synthetic corpus's own (datasets.FRAMES_TERMS)
FAMILIES = ["counterstrike", "enemy_base"]  # the gloss contest: a (the newer name) vs b
DENIED, AFFIRMED = "denial", "preemptive"  # the code of denials, and the family of affirmed mentions (unless)
CODE = "legitimised"  # the code drawn by month
FREQ = "quarter"  # day, week, month, quarter, year
CHANGE = "2022-06-01"  # synthetic corpus only: when denials grow and both names appear
BY = "outlet"  # the metadata column naming the outlets
N_DOCS = 400  # synthetic corpus only: documents
SEED = 0  # seeds the synthetic corpus and every random step
OUTPUT_DIR = "termshift-output"  # where this run saves figures (termshift figures writes the gallery instead)
ID_COL = None  # a table's id column; None: file:row, or the ids a `termshift import` Parquet names

# %%
from pathlib import Path

import termshift as ts
from termshift import datasets, figures, plots

plots.use_style()
corpus = (datasets.synthetic_frames(n_docs=N_DOCS, change_date=CHANGE, random_state=SEED) if CORPUS == "synthetic"
          else datasets.open_corpus(CORPUS, random_state=SEED, id_col=ID_COL))
terms = datasets.synthetic_frames_terms() if TERMS is None else ts.load_terms(TERMS)
A, B = FAMILIES
TITLE = "Synthetic corpus" if CORPUS == "synthetic" else datasets.corpus_title(corpus, CORPUS, random_state=SEED)
STEM = "synthetic_frames" if CORPUS == "synthetic" else Path(CORPUS).stem
dc = ts.document_counts(corpus, terms, by=BY)  # one pass: families, codes and primary mentions
counts = ts.aggregate(dc, terms, FREQ, by=BY)
counts.groupby("family")[["count", "primary", "docs"]].sum()

# %% [markdown]
# ## 1. Denial share over time
#
# `denial` is a code, `near(negation, preemptive_any, 3)` per sentence: a row like a family.
# `preemptive` has `unless = { near = ["negation"], window = 3 }`: its affirmed mentions. Denied
# against affirmed is a contest like any other; in the synthetic corpus the planted denial
# probability is 0.1 before `CHANGE` and 0.7 from it on.

# %%
denials = ts.share(dc, terms, DENIED, AFFIRMED, FREQ, min_docs=1)
fig, ax = plots.subplots(width="two")
plots.plot_contest(denials, label_a=terms[DENIED].label, label_b=terms[AFFIRMED].label, ax=ax)
ax.set_title(f"{TITLE}: denial share")
_ = figures.save(fig, figures.slug(STEM, "denial share by", FREQ), corpus=corpus, terms=terms, outdir=OUTPUT_DIR,
                 params={"corpus": CORPUS, "freq": FREQ, "code": DENIED, "vs": AFFIRMED, "seed": SEED})

# %% [markdown]
# ## 2. Gloss order by outlet: who writes which name first?
#
# With `primary=True` a gloss (the name in parentheses) is left out, so A's share of the primary
# mentions says how often an outlet writes A first. In the synthetic corpus the first outlet writes
# 敵基地攻撃能力（反撃能力）, the second 反撃能力（敵基地攻撃能力）.

# %%
order = ts.share(dc, terms, A, B, FREQ, primary=True, by=BY, min_docs=1)
fig, ax = plots.subplots(width="two")
for i, (outlet, part) in enumerate(order.groupby(BY)):
    plots.plot_contest(part, label_a=terms[A].label, label_b=terms[B].label, ax=ax, label=str(outlet),
                       color=plots.PALETTE[i % len(plots.PALETTE)])
ax.legend(title=BY)
ax.set_title(f"{TITLE}: {A} first, by {BY}")
_ = figures.save(fig, figures.slug(STEM, A, "first by", BY), corpus=corpus, terms=terms, outdir=OUTPUT_DIR,
                 params={"corpus": CORPUS, "freq": FREQ, "a": A, "b": B, "by": BY, "primary": True, "seed": SEED})

# %% [markdown]
# ## 3. A code by period
#
# `legitimised` counts the sentences in which counterstrike and exclusive defense appear together.

# %%
coded = ts.count_terms(corpus, terms, FREQ, by=BY)
fig, ax = plots.subplots()
plots.plot_trajectory(coded[(coded["family"] == CODE) & (coded[BY] == coded[BY].iloc[0])], value="count",
                      band=False, ax=ax)
ax.set_title(f"{TITLE}: sentences coded {CODE} ({coded[BY].iloc[0]})")
_ = figures.save(fig, figures.slug(STEM, CODE, "by", FREQ), corpus=corpus, terms=terms, outdir=OUTPUT_DIR,
                 params={"corpus": CORPUS, "freq": FREQ, "code": CODE, "seed": SEED})
