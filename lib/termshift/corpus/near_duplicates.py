"""Near-duplicate documents: the same wire story reprinted by several outlets, an article exported twice.

Two texts are near-duplicates when the Jaccard similarity of their sets of
word shingles (``k`` consecutive whitespace-separated words, case folded:
punctuation stays, so a reprint must repeat the wording, not only the topic) reaches a threshold (Broder 1997):

.. math:: J(A, B) = \\frac{|S(A) \\cap S(B)|}{|S(A) \\cup S(B)|}

Comparing every pair costs :math:`O(n^2)`; candidates are found first with
MinHash signatures and locality-sensitive hashing (``bands`` x ``rows``
minima of seeded universal hash functions, Broder 1997; Leskovec, Rajaraman &
Ullman, *Mining of Massive Datasets*, ch. 3), and every candidate pair is then
checked with the *exact* Jaccard similarity, so a pair reported is always at or
above the threshold and the similarity is exact. With 16 bands of 4 rows, a
pair at J = 0.8 becomes a candidate with probability 1 - (1 - 0.8^4)^16 > 0.9998.
Shingles are hashed with CRC-32 (see :func:`shingles`) and the hash functions drawn from
``numpy.random.default_rng(random_state)``: the same texts and seed give the same result
on every machine and run.

References
----------
Broder, A. Z. (1997). On the resemblance and containment of documents.
*Compression and Complexity of Sequences*, 21-29.
"""

from __future__ import annotations

import zlib

import numpy as np

from .._validation import check_int, renamed_random_state
from ..errors import ParameterError

__all__ = ["find_near_duplicates", "near_duplicates_of", "shingles", "jaccard"]

_MASK32 = np.uint64((1 << 32) - 1)


def shingles(text: str, k: int = 5) -> np.ndarray:
    """The sorted distinct 32-bit hashes of the ``k``-word shingles of ``text``.

    Each word (case folded) is hashed with CRC-32, and a shingle's hash combines
    its words' hashes polynomially (mod 2^64, folded to 32 bits): deterministic
    on every machine, unlike Python's salted ``hash``. A text under ``k`` words
    is one shingle; an empty text has none.

    Examples
    --------
    >>> len(shingles("a b c d e f", k=5)), len(shingles("", k=5)), len(shingles("A b", k=5))
    (2, 0, 1)
    """
    return _all_shingles([text], k)[0]


def _all_shingles(texts, k: int) -> list[np.ndarray]:
    """:func:`shingles` of every text, the words of all texts hashed in one vectorised pass."""
    import pandas as pd

    words = [t.casefold().split() for t in texts]
    lengths = np.fromiter((len(w) for w in words), dtype=np.int64, count=len(words))
    flat = [w for ws in words for w in ws]
    if not flat:
        return [np.empty(0, dtype=np.uint64) for _ in words]
    codes, uniques = pd.factorize(pd.Series(flat, dtype=object))
    vocab = np.fromiter((zlib.crc32(w.encode("utf-8", "surrogatepass")) for w in uniques), dtype=np.uint64,
                        count=len(uniques))
    hashed = vocab[codes]
    out = []
    start = 0
    with np.errstate(over="ignore"):
        for n in lengths.tolist():
            h = hashed[start:start + n]
            start += n
            if n == 0:
                out.append(np.empty(0, dtype=np.uint64))
                continue
            m = max(n - k + 1, 1)
            acc = np.zeros(m, dtype=np.uint64)
            for j in range(min(k, n)):
                acc = acc * _BASE + h[j:j + m] + np.uint64(1)
            out.append(np.unique((acc >> np.uint64(32)) ^ (acc & _MASK32)))
    return out


_BASE = np.uint64(1_000_003)


def jaccard(a, b) -> float:
    """``|a & b| / |a | b|`` of two sets (or sorted arrays of distinct values); two empty ones: 0.0.

    >>> jaccard({1, 2, 3}, {2, 3, 4})
    0.5
    """
    if isinstance(a, np.ndarray):
        inter = len(np.intersect1d(a, b, assume_unique=True))
    else:
        inter = len(set(a) & set(b))
    union = len(a) + len(b) - inter
    return inter / union if union else 0.0


def find_near_duplicates(texts, threshold: float = 0.8, random_state: int = 0, *, k: int = 5, bands: int = 16,
                         rows: int = 4, seed: int | None = None) -> tuple[list[int | None], list[float | None]]:
    """For each text, the position of the first earlier text it nearly repeats, and their similarity.

    Parameters
    ----------
    texts : sequence of str
    threshold : float, default=0.8
        Smallest Jaccard similarity of word shingles counted as a near-duplicate (0 < threshold <= 1).
    random_state : int, default=0
        Seed of the MinHash functions (the result is exact for every pair found; the seed only
        decides which rare borderline pairs could be missed). ``seed=`` is its old name, deprecated.
    k : int, default=5
        Words per shingle.
    bands, rows : int, default=16, 4
        LSH banding of the ``bands * rows`` MinHash values.

    Returns
    -------
    (duplicate_of, similarity) : two lists
        ``duplicate_of[i]`` is the smallest ``j < i`` with ``J(texts[i], texts[j]) >= threshold``
        (None if there is none) and ``similarity[i]`` that similarity (None likewise). Exact
        repeats have similarity 1.0.

    Examples
    --------
    >>> story = "a storm closed the coastal road between the two villages on friday as waves threw stones"
    >>> find_near_duplicates([story, "another text entirely about the harbour crane", story + " police said"])
    ([None, None, 0], [None, None, 0.8571428571428571])
    """
    if not (isinstance(threshold, (int, float)) and 0 < threshold <= 1):
        raise ParameterError([f"threshold={threshold!r}: give a similarity in (0, 1]"])
    random_state = renamed_random_state(random_state, seed, "seed", "find_near_duplicates")
    check_int("random_state", random_state, 0)
    for name, value in (("k", k), ("bands", bands), ("rows", rows)):
        check_int(name, value, 1)
    sets = _all_shingles(list(texts), k)
    n = len(sets)
    candidates = _candidates(sets, bands, rows, random_state)
    dup: list[int | None] = [None] * n
    sim: list[float | None] = [None] * n
    for i in range(n):
        for j in candidates.get(i, ()):
            s = jaccard(sets[i], sets[j])
            if s >= threshold:
                dup[i], sim[i] = j, s
                break
    return dup, sim


def _candidates(sets, bands: int, rows: int, seed: int) -> dict[int, list[int]]:
    """For each text, the earlier texts sharing a whole LSH band of MinHash values with it (sorted)."""
    rng = np.random.default_rng(seed)
    n_hash = bands * rows
    a = rng.integers(1, 1 << 32, size=n_hash, dtype=np.uint64).astype(np.uint32) | np.uint32(1)
    b = rng.integers(0, 1 << 32, size=n_hash, dtype=np.uint64).astype(np.uint32)
    docs = np.flatnonzero([len(s) > 0 for s in sets])
    if len(docs) < 2:
        return {}
    values = np.concatenate([sets[i] for i in docs]).astype(np.uint32)
    starts = np.concatenate([[0], np.cumsum([len(sets[i]) for i in docs])[:-1]])
    sig = np.empty((len(docs), n_hash), dtype=np.uint32)
    step = max(1, (1 << 25) // max(len(values), 1))  # ~32M values (128 MB) at a time
    with np.errstate(over="ignore"):
        for lo in range(0, n_hash, step):
            hi = min(lo + step, n_hash)
            # a x + b mod 2^32 (unsigned 32-bit arithmetic wraps): one hash function per column
            h = np.multiply.outer(values, a[lo:hi])
            h += b[lo:hi]
            sig[:, lo:hi] = np.minimum.reduceat(h, starts, axis=0)
    found: dict[int, set[int]] = {}
    for band in range(bands):
        block = np.ascontiguousarray(sig[:, band * rows:(band + 1) * rows])
        keys = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
        order = np.argsort(keys, kind="stable")
        same = np.flatnonzero(keys[order][1:] == keys[order][:-1])
        if not len(same):
            continue
        for k in same.tolist():
            # order[k + 1] shares the band with order[k] (and with the whole run before it)
            run_start = k
            while run_start > 0 and keys[order[run_start - 1]] == keys[order[k]]:
                run_start -= 1
            later = int(docs[order[k + 1]])
            for m in range(run_start, k + 1):
                other = int(docs[order[m]])
                found.setdefault(max(later, other), set()).add(min(later, other))
    return {i: sorted(js) for i, js in found.items()}


def near_duplicates_of(frame, threshold: float = 0.8, random_state: int = 0, *, seed: int | None = None):
    """``(duplicate_of, similarity)`` Series for a corpus frame: the ``doc_id`` each row nearly repeats.

    Rows are compared in frame order (a loaded corpus is sorted by date, so the
    earliest printing is the original). For :func:`~termshift.load_corpus`'s
    ``drop_duplicates="near"`` and ``termshift import``.

    Examples
    --------
    >>> import pandas as pd
    >>> story = "a storm closed the coastal road between the two villages on friday as waves threw stones"
    >>> dup, sim = near_duplicates_of(pd.DataFrame({"doc_id": ["a#1", "b#1"], "text": [story, story + " police said"]}))
    >>> dup.tolist(), sim.round(3).tolist()
    ([None, 'a#1'], [nan, 0.857])
    """
    import pandas as pd

    random_state = renamed_random_state(random_state, seed, "seed", "near_duplicates_of")
    dup, sim = find_near_duplicates(frame["text"].tolist(), threshold=threshold, random_state=random_state)
    ids = frame["doc_id"].tolist()
    return (pd.Series([None if j is None else ids[j] for j in dup], index=frame.index, dtype=object),
            pd.Series([np.nan if s is None else s for s in sim], index=frame.index, dtype=float))
