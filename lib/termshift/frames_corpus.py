"""A synthetic corpus of framings: denials, glosses and coded sentences with a planted truth.

What notebook 08 ("frames") draws, and what the rules (:mod:`termshift.rules`) are tested on:
:func:`synthetic_frames` writes it, :func:`synthetic_frames_terms` counts it (re-exported by
:mod:`termshift.datasets`).
"""

from __future__ import annotations

import pandas as pd

from .terms import TermSet

__all__ = ["FRAMES_TERMS", "MARKER", "synthetic_frames", "synthetic_frames_terms"]

#: First word of every synthetic document (this corpus's and :mod:`termshift.datasets`').
MARKER = "[SYNTHETIC]"

#: The families and codes of :func:`synthetic_frames` (a term file with rules, :mod:`termshift.rules`).
FRAMES_TERMS = {
    "negation": {"label": "Negation", "terms": ["not", "never", "no"]},
    "preemptive": {"label": "Preemptive strike (affirmed)", "terms": ["pre-emptive strike*", "pre-emptive"],
                   "unless": {"near": ["negation"], "window": 3}},
    "preemptive_any": {"label": "Preemptive strike (any mention)", "terms": ["pre-emptive strike*", "pre-emptive"]},
    "counterstrike": {"label": "Counterstrike capability", "terms": ["counter-strike capabilit*", "反撃能力"]},
    "enemy_base": {"label": "Enemy base strike capability",
                   "terms": ["enemy base strike capabilit*", "敵基地攻撃能力"]},
    "exclusive_defense": {"label": "Exclusive defense", "terms": ["exclusive defense", "専守防衛"]},
    "codes": {"denial": {"label": "Preemptive strike denied", "rule": "near(negation, preemptive_any, 3)",
                         "unit": "sentence"},
              "legitimised": {"label": "Counterstrike within exclusive defense",
                              "rule": "counterstrike and exclusive_defense", "unit": "sentence"}},
}
_FRAME_FILLER = ["The cabinet met on Tuesday.", "Officials briefed reporters in Tokyo.",
                 "The budget request rose again.", "Lawmakers debated the plan for hours.",
                 "Allies were consulted about the timing."]


def synthetic_frames_terms() -> TermSet:
    """The :class:`~termshift.terms.TermSet` (families, rules and codes) that counts :func:`synthetic_frames`."""
    return TermSet.from_dict(FRAMES_TERMS, source="synthetic_frames_terms")


def synthetic_frames(n_docs: int = 300, start="2021-01-01", end="2023-12-31", change_date="2022-06-01",
                     outlets=("Outlet A", "Outlet B"), denial=(0.1, 0.7), *, random_state=0) -> pd.DataFrame:
    """A seeded corpus with denials, glosses and coded sentences planted, for notebook 08 and the rules' tests.

    Every document starts with :data:`MARKER` and says it is synthetic. It is dated uniformly
    between ``start`` and ``end`` and belongs to one of ``outlets``. Sentence by sentence it holds:

    * mentions of the preemptive framing, each *denied* ("It is not a pre-emptive strike.") with
      probability ``denial[0]`` before ``change_date`` and ``denial[1]`` from it on, else affirmed;
    * before ``change_date`` the old name alone ("enemy base strike capability"); from it on both
      names, as a gloss pair whose order is the outlet's: the first outlet writes the old name
      first with the new one in parentheses, every other outlet the new name first (full-width
      parentheses in a Japanese sentence, ASCII in an English one);
    * sometimes a sentence framing counterstrike within exclusive defense (the code
      ``legitimised``).

    Returns
    -------
    DataFrame
        ``doc_id``, ``date``, ``text``, ``outlet`` and the planted truth: ``planted_preemptive``
        (affirmed), ``planted_denials``, ``planted_counterstrike`` / ``planted_enemy_base``
        (all mentions), ``planted_primary_counterstrike`` / ``planted_primary_enemy_base``
        (mentions that are not glosses) and ``planted_legitimised`` (sentences), all exactly what
        :func:`synthetic_frames_terms` counts (tested).

    Examples
    --------
    >>> df = synthetic_frames(n_docs=20, random_state=1)
    >>> bool(df["text"].str.startswith(MARKER).all()), sorted(df["outlet"].unique())
    (True, ['Outlet A', 'Outlet B'])
    """
    from ._validation import check_random_state

    rng = check_random_state(random_state)
    t0, t1, change = pd.Timestamp(start), pd.Timestamp(end), pd.Timestamp(change_date)
    days = rng.integers(0, (t1 - t0).days + 1, n_docs)
    rows = []
    for i in range(n_docs):
        date = t0 + pd.Timedelta(days=int(days[i]))
        outlet = outlets[int(rng.integers(0, len(outlets)))]
        after = date >= change
        sentences = [f"{MARKER} This document is synthetic, for a test of the framing rules."]
        truth = dict.fromkeys(["preemptive", "denials", "counterstrike", "enemy_base", "primary_counterstrike",
                               "primary_enemy_base", "legitimised"], 0)
        for _ in range(int(rng.integers(1, 4))):
            if rng.random() < (denial[1] if after else denial[0]):
                sentences.append("It is not a pre-emptive strike, the minister said.")
                truth["denials"] += 1
            else:
                sentences.append("Some call it a pre-emptive strike.")
                truth["preemptive"] += 1
        for _ in range(int(rng.integers(1, 3))):
            japanese = rng.random() < 0.5
            if not after:
                sentences.append("政府は敵基地攻撃能力を検討する。" if japanese else
                                 "The enemy base strike capability was debated.")
                truth["enemy_base"] += 1
                truth["primary_enemy_base"] += 1
                continue
            old_first = outlet == outlets[0]
            if japanese:
                pair = "敵基地攻撃能力（反撃能力）" if old_first else "反撃能力（敵基地攻撃能力）"
                sentences.append(f"政府は{pair}の保有を決めた。")
            else:
                pair = ("enemy base strike capability (counter-strike capability)" if old_first else
                        "counter-strike capability (enemy base strike capability)")
                sentences.append(f"The {pair} was adopted.")
            truth["counterstrike"] += 1
            truth["enemy_base"] += 1
            truth["primary_enemy_base" if old_first else "primary_counterstrike"] += 1
        if rng.random() < 0.3:
            sentences.append("A counter-strike capability stays within exclusive defense.")
            truth["counterstrike"] += 1
            truth["primary_counterstrike"] += 1
            truth["legitimised"] += 1
        sentences.append(_FRAME_FILLER[int(rng.integers(0, len(_FRAME_FILLER)))])
        rows.append({"doc_id": f"synthetic/frames_{i:05d}", "date": date, "text": " ".join(sentences),
                     "outlet": outlet, **{f"planted_{k}": v for k, v in truth.items()}})
    return pd.DataFrame(rows).sort_values(["date", "doc_id"], kind="stable").reset_index(drop=True)
