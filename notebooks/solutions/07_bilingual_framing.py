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
# # Exercise 7 — 反撃能力 vs 敵基地攻撃能力: a Japanese renaming, counted and read
#
# The renaming this course started from happened in Japanese: in 2022 the ruling party and then the
# government moved from 敵基地攻撃能力 (*teki kichi kōgeki nōryoku*, enemy base strike capability) to
# 反撃能力 (*hangeki nōryoku*, counterstrike capability). Japanese has no spaces between words, and
# newspaper archives hard-wrap their lines wherever the column ends, inside words too. termshift
# handles both (README, "Japanese and bilingual corpora"):
#
# - a term matches at a kanji or kana edge without a word boundary (反撃能力 in 反撃能力を);
# - a line break between two Japanese characters is not a separator (反撃\n能力 is 反撃能力);
# - half-width katakana (ﾐｻｲﾙ) are read as full-width (ミサイル).
#
# The term families of `ts.example_terms()` hold both languages: `counterstrike` holds 反撃能力 and
# "counterstrike capability", `enemy_base` holds 敵基地攻撃能力 and its short form 敵基地攻撃.
#
# The corpus is synthetic (`[SYNTHETIC]`), built from the course seed: Japanese and English
# documents, with a planted renaming on a date the checks know and you do not. Notebook 06 of the
# analysis notebooks (`notebooks/06_bilingual_comparison.py`) does the same comparison at length.

# %% tags=["parameters"]
SEED = None  # None: the course seed ($TERMSHIFT_COURSE_SEED, else the default)

# %%
import pandas as pd

import termshift as ts
from termshift.exercises import check, choices, exercise_corpus

pd.set_option("display.width", 140, "display.max_colwidth", 60)
corpus = exercise_corpus("bilingual", seed=SEED)
terms = ts.example_terms()
japanese = corpus[corpus["language"] == "ja"]
print(corpus["language"].value_counts().to_string())
print(japanese["text"].iloc[0][:200])

# %% [markdown]
# Every document has a `language` column, detected from its characters (`ja` where kana and kanji
# make up a clear share of its letters); `japanese` holds the Japanese documents. Look at the first
# of them: its lines stop in the middle of words.
#
# ## Task 7.1 — Count the two names in the Japanese documents
#
# Count the two families in the Japanese documents with `ts.count_terms`.
#
# Answer: `counts = (n_counterstrike, n_enemy_base)`, the mentions of 反撃能力 (`counterstrike`) and of
# 敵基地攻撃能力 (`enemy_base`) in the Japanese documents, over the whole period.

# %%
# BEGIN SOLUTION
# student: counts = ...  # (n_counterstrike, n_enemy_base)
table = ts.count_terms(japanese, terms, freq="year")
totals = table.groupby("family")["count"].sum()
counts = (int(totals["counterstrike"]), int(totals["enemy_base"]))
print(counts)
# END SOLUTION

# %%
check("bilingual.counts", counts, seed=SEED)

# %% [markdown]
# Compare with a plain text search, `japanese["text"].str.count("反撃能力").sum()`. Which matches does
# it miss, and why?
#
# ## Task 7.2 — The month of the renaming
#
# Run `ts.shift(japanese, terms, "counterstrike", "enemy_base", freq="month")`: the month that best
# splits the share of 反撃能力 (among the two names) into a "before" and an "after".
#
# Answer: `change_month`, the change period (`"YYYY-MM"`).

# %%
# BEGIN SOLUTION
# student: change_month = ...  # "YYYY-MM"
result = ts.shift(japanese, terms, "counterstrike", "enemy_base", freq="month")
print(result)
change_month = str(result.change_period)
# END SOLUTION

# %%
check("bilingual.change", change_month, seed=SEED)

# %% [markdown]
# The same call on the English documents dates the English coverage's switch. Do the two presses
# switch together?
#
# ## Task 7.3 — Why is 自衛 alone not a term?
#
# The `self_defense` family has 自衛権 (the right of self-defense), 集団的自衛権 (collective
# self-defense) and 自衛のため (for self-defense), but not 自衛 alone. Count 自衛 as a term of its own and
# read its lines.

# %%
jiei = ts.count_terms(japanese, {"jiei": ["自衛"]}, freq="year")["count"].sum()
framing = ts.count_terms(japanese, terms, freq="year").query("family == 'self_defense'")["count"].sum()
print(f"自衛 alone: {jiei} matches; the self_defense family: {framing}")
ts.kwic(japanese, {"jiei": ["自衛"]}, "jiei", width=12)[["left", "match", "right"]].head(8)

# %%
choices("bilingual.jiei", seed=SEED)

# %% [markdown]
# Answer: `jiei_reason`, one letter.

# %%
# BEGIN SOLUTION
# student: jiei_reason = ...  # one letter
options = choices("bilingual.jiei", seed=SEED)
jiei_reason = next(letter for letter, text in options.items() if text.startswith("At a kanji edge"))
# END SOLUTION

# %%
check("bilingual.jiei", jiei_reason, seed=SEED)

# %% [markdown]
# ## Task 7.4 — Read a hard-wrapped line
#
# `ts.kwic` shows every match with its context, and shows a hard-wrapped match joined, as a reader
# reads it. Its `start` and `end` columns point into the document's text as stored, where the line
# breaks still are: `text[start:end]` is the match as written.
#
# Answer: `wrapped`, the number of 反撃能力 matches in the Japanese documents whose stored text holds a
# line break.

# %%
# BEGIN SOLUTION
# student: wrapped = ...
lines = ts.kwic(japanese, terms, "counterstrike", width=15)
texts = japanese.set_index("doc_id")["text"]
stored = [texts[d][s:e] for d, s, e in zip(lines["doc_id"], lines["start"], lines["end"])]
lines["stored"] = stored
wrapped = sum("\n" in t for t in stored)
print(lines.loc[lines["stored"].str.contains("\n"), ["doc_id", "left", "match", "right", "stored"]].head(4))
# END SOLUTION

# %%
check("bilingual.wrapped", wrapped, seed=SEED)

# %% [markdown]
# The plain text search of task 7.1 misses exactly these matches: a program that searches raw
# archive text for 反撃能力 undercounts, and by a share that depends on the column width of each
# newspaper, not on the framing.
#
# ## What to take away
#
# - One family can hold both languages; count each language's documents separately before comparing.
# - A Japanese term needs no word boundary at a kanji edge, so a short term can sit inside a longer
#   word: choose terms by reading the lines (自衛 is in 自衛隊).
# - Hard-wrapped archives cut terms; termshift joins them when it counts and shows them, and tells
#   you where they were cut in the stored text.
