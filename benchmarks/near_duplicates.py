"""Near-duplicate detection on a labelled set: precision and recall of every setting, and the defaults' speed.

The labelled set is :func:`termshift.corpus.copies.labelled_copies`: English originals cut from the State of the
Union addresses, seeded Japanese news-like originals, and for half of them a reprint (another header, hard-wrapped
again), a 60% excerpt and a wire copy (another byline, a few words changed). A pair is *true* when one text is a
copy of the other or both are copies of one original. Every pair's exact resemblance J and containment C are
computed by brute force for each shingle size; a setting predicts a pair when J >= threshold or (C >= containment
and the shorter text has at least 20 shingles). Then the defaults run through ``find_near_duplicates`` itself
(MinHash + LSH), so its recall of the copies and its dropped originals are measured as a user meets them.

    python benchmarks/near_duplicates.py [--originals 300] [--seeds 3]
"""

from __future__ import annotations

import argparse
import itertools
import time

import numpy as np
import pandas as pd

from termshift.corpus import near_duplicates as nd
from termshift.corpus.copies import labelled_copies
from termshift.datasets import sotu_corpus


def _truth(frame) -> set[tuple[int, int]]:
    root = [d if pd.isna(c) else c for d, c in zip(frame["doc_id"], frame["copy_of"])]
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(root):
        groups.setdefault(r, []).append(i)
    return {(a, b) for members in groups.values() for a, b in itertools.combinations(sorted(members), 2)}


def _measures(sets):
    n = len(sets)
    sizes = np.array([len(s) for s in sets])
    out = {}
    for i in range(n):
        for j in range(i):
            inter = len(np.intersect1d(sets[i], sets[j], assume_unique=True))
            if inter:
                out[(j, i)] = (inter / (sizes[i] + sizes[j] - inter), inter / min(sizes[i], sizes[j]),
                               min(sizes[i], sizes[j]))
    return out


def margins(frames, k=nd.WORD_K, char_k=nd.CHAR_K):
    """The smallest measures of the (original, copy) pairs and the largest of the unrelated pairs, by language.

    Pairs of two copies of one original are left out: each copy is matched with its original, the earliest.
    """
    out = {}
    for frame in frames:
        sets = nd._all_shingles(frame["text"].tolist(), k, char_k)
        copy_of = frame["copy_of"].tolist()
        ids = frame["doc_id"].tolist()
        related = _truth(frame)
        truth = {(a, b) for a, b in related if copy_of[b] == ids[a]}
        langs = frame["language"].tolist()
        for (a, b), (jv, cv, m) in _measures(sets).items():
            key = (langs[b], (a, b) in truth)
            lo = out.setdefault(key, [1.0, 1.0, 0.0, 0.0])
            if key[1]:
                lo[0], lo[1] = min(lo[0], jv), min(lo[1], cv)
            elif (a, b) not in related and m >= 20:
                lo[2], lo[3] = max(lo[2], jv), max(lo[3], cv)
    return out


def sweep(frames, ks=(3, 5, 7), char_ks=(4, 6, 8, 10), thresholds=(0.5, 0.6, 0.7, 0.8, 0.9),
          containments=(None, 0.7, 0.8, 0.85, 0.875, 0.9)):
    rows = []
    for k, ck in itertools.product(ks, char_ks):
        per = []
        for frame in frames:
            sets = nd._all_shingles(frame["text"].tolist(), k, ck)
            per.append((_measures(sets), _truth(frame)))
        for t, c in itertools.product(thresholds, containments):
            tp = fp = fn = 0
            for measures, truth in per:
                pred = {p for p, (jv, cv, m) in measures.items() if jv >= t or (c is not None and m >= 20 and cv >= c)}
                tp += len(pred & truth)
                fp += len(pred - truth)
                fn += len(truth - pred)
            rows.append({"k": k, "char_k": ck, "threshold": t, "containment": c, "precision": tp / max(tp + fp, 1),
                         "recall": tp / max(tp + fn, 1), "false_pairs": fp, "missed_pairs": fn})
    return rows


def defaults(frames):
    found_copies = copies = dropped_originals = 0
    for frame in frames:
        dup = nd.find_near_duplicates(frame["text"].tolist()).duplicate_of
        is_copy = frame["copy_of"].notna().to_numpy()
        copies += int(is_copy.sum())
        found_copies += int(sum(d is not None for d, c in zip(dup, is_copy) if c))
        dropped_originals += int(sum(d is not None for d, c in zip(dup, is_copy) if not c))
    return found_copies, copies, dropped_originals


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--originals", type=int, default=200)
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    english = sotu_corpus()["text"].tolist()
    frames = [labelled_copies(args.originals, random_state=s, english=english) for s in range(args.seeds)]
    rows = sweep(frames)
    best = sorted(rows, key=lambda r: (-(r["precision"] == 1.0), -r["recall"], -r["precision"]))[:12]
    print("| k | char_k | J >= | C >= | precision | recall | false pairs | missed pairs |")
    print("|---|---|---|---|---|---|---|---|")
    default = (nd.WORD_K, nd.CHAR_K, 0.8, nd.CONTAINMENT)
    for r in best + [r for r in rows if (r["k"], r["char_k"], r["threshold"], r["containment"]) == default]:
        print(f"| {r['k']} | {r['char_k']} | {r['threshold']} | {r['containment']} | {r['precision']:.4f} | "
              f"{r['recall']:.4f} | {r['false_pairs']} | {r['missed_pairs']} |")
    print("\n| language | copy and its original: smallest J | smallest C | unrelated: largest J | largest C |")
    print("|---|---|---|---|---|")
    got = margins(frames)
    for lang in ("en", "ja"):
        t, f = got.get((lang, True), [None] * 4), got.get((lang, False), [None] * 4)
        print(f"| {lang} | {t[0]:.3f} | {t[1]:.3f} | {f[2]:.3f} | {f[3]:.3f} |")
    found, total, dropped = defaults(frames)
    print(f"\ndefaults through find_near_duplicates: {found}/{total} copies found, {dropped} originals dropped")
    words = " ".join(english).split()
    texts = [" ".join(words[i * 200:(i + 1) * 200]) for i in range(10_000)]
    t0 = time.perf_counter()
    nd.find_near_duplicates(texts)
    print(f"10,000 English articles of 200 words: {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
