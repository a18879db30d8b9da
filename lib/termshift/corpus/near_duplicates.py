"""Near-duplicate documents: a wire story reprinted by several outlets, an excerpt, an article exported twice.

Each text becomes a set of *shingles* (Broder 1997): ``k`` consecutive words
(case folded; punctuation stays, so a reprint must repeat the wording, not only
the topic), or, for CJK text, which has no spaces between words, ``char_k``
consecutive characters after hard-wrapped lines are joined
(:func:`~termshift.language.join_cjk_lines`), NFKC normalisation, case folding
and the removal of all white space. A text is shingled by characters when CJK
characters are at least a quarter of its letters (:data:`~termshift.language.JA_SHARE`).

Two measures compare the sets ``A`` and ``B`` (Broder 1997):

.. math::

   J(A, B) = \\frac{|A \\cap B|}{|A \\cup B|} \\qquad
   C(A, B) = \\frac{|A \\cap B|}{\\min(|A|, |B|)}

the *resemblance* (Jaccard similarity) and the *containment* of the shorter
text in the longer. A later text is a near-duplicate of an earlier one when
``J >= threshold`` (a reprint) or ``C >= containment`` (an excerpt: a 60%
excerpt of an article has ``C`` near 1 but ``J`` near 0.6); containment is
only used when the shorter text has at least ``min_shingles`` shingles, so a
one-line text is never "contained" in every article that quotes it. The
defaults were chosen on a labelled set (``benchmarks/near_duplicates.py``,
precision and recall in the documentation).

Comparing every pair costs :math:`O(n^2)`; candidates are found first with
MinHash signatures and locality-sensitive hashing (``bands`` x ``rows``
minima of seeded universal hash functions, Broder 1997; Leskovec, Rajaraman &
Ullman, *Mining of Massive Datasets*, ch. 3), and every candidate pair is then
checked with the *exact* measures, so a pair reported is always at or above
its threshold and both measures are exact. With 32 bands of 2 rows, a pair at
J = 0.4 becomes a candidate with probability 1 - (1 - 0.4^2)^32 > 0.996 (an
excerpt of 60% with C = 0.95 has J of about 0.55: 1 - 3e-9 missed). The limit: a
text much shorter than the one containing it (under about a third of its
length, so J < 0.3) may not become a candidate, and is then not found. Shingles
are hashed with CRC-32 (words) or the code points (characters), and the hash
functions drawn from ``numpy.random.default_rng(random_state)``: the same texts
and seed give the same result on every machine and run.

References
----------
Broder, A. Z. (1997). On the resemblance and containment of documents.
*Compression and Complexity of Sequences*, 21-29.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from typing import NamedTuple

import numpy as np

from .._validation import check_int, renamed_random_state
from ..errors import ParameterError
from ..language import JA_SHARE, count_cjk, join_cjk_lines

__all__ = ["find_near_duplicates", "near_duplicates_of", "near_duplicate_pairs", "shingles", "shingle_kind",
           "jaccard", "containment", "NearDuplicates", "WORD_K", "CHAR_K", "CONTAINMENT"]

_MASK32 = np.uint64((1 << 32) - 1)
_BASE = np.uint64(1_000_003)
_LETTER = re.compile(r"[^\W\d_]")
_SPACE = re.compile(r"\s+")

#: Words per shingle (texts in scripts that separate words by spaces).
WORD_K = 5
#: Characters per shingle (CJK text).
CHAR_K = 8
#: Smallest containment of the shorter text in the longer counted as a copy (chosen on the labelled set: the
#: copies' smallest was 0.898 in English and 0.911 in Japanese, the largest of unrelated texts 0.847 and 0.690).
CONTAINMENT = 0.875


class NearDuplicates(NamedTuple):
    """What :func:`find_near_duplicates` finds: three lists, one entry per text."""

    #: position of the earliest earlier text this one nearly repeats (None: an original)
    duplicate_of: list
    #: the resemblance J of the pair (None for an original)
    jaccard: list
    #: the containment C of the shorter text in the longer (None for an original)
    containment: list


def shingle_kind(text: str) -> str:
    """``"chars"`` when CJK characters are at least a quarter of the letters of ``text``, else ``"words"``.

    Examples
    --------
    >>> shingle_kind("政府は反撃能力の保有を決めた。"), shingle_kind("")
    ('chars', 'words')
    >>> shingle_kind("Japan adopts a counterstrike capability (反撃能力).")
    'words'
    """
    if text.isascii():
        return "words"
    n_cjk = count_cjk(text)
    return "chars" if n_cjk and n_cjk >= JA_SHARE * len(_LETTER.findall(text)) else "words"


def shingles(text: str, k: int = WORD_K, char_k: int = CHAR_K) -> np.ndarray:
    """The sorted distinct 32-bit hashes of the shingles of ``text`` (words, or characters for CJK text).

    A word's hash is its CRC-32 (case folded); a character's its code point; a
    shingle's hash combines them polynomially (mod 2^64, folded to 32 bits):
    deterministic on every machine, unlike Python's salted ``hash``. A text
    shorter than a shingle is one shingle; an empty text has none.

    Examples
    --------
    >>> len(shingles("a b c d e f", k=5)), len(shingles("", k=5)), len(shingles("A b", k=5))
    (2, 0, 1)
    >>> shingles("反撃能力を\\n保有する", char_k=6).tolist() == shingles("反撃能力を 保有する", char_k=6).tolist()
    True
    """
    return _all_shingles([text], k, char_k)[0]


def _roll(hashed: np.ndarray, k: int) -> np.ndarray:
    """The distinct hashes of every run of ``k`` consecutive values of ``hashed`` (one run if shorter)."""
    n = len(hashed)
    if n == 0:
        return np.empty(0, dtype=np.uint64)
    m = max(n - k + 1, 1)
    acc = np.zeros(m, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(min(k, n)):
            acc = acc * _BASE + hashed[j:j + m] + np.uint64(1)
    return np.unique((acc >> np.uint64(32)) ^ (acc & _MASK32))


def _char_codes(text: str) -> np.ndarray:
    """The code points of ``text`` after joining hard-wrapped CJK lines, NFKC, case folding, no white space."""
    flat = _SPACE.sub("", unicodedata.normalize("NFKC", join_cjk_lines(text)).casefold())
    return np.frombuffer(flat.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)


def _all_shingles(texts, k: int, char_k: int) -> list[np.ndarray]:
    """:func:`shingles` of every text, the words of all word-shingled texts hashed in one vectorised pass."""
    import pandas as pd

    kinds = [shingle_kind(t) for t in texts]
    words = [t.casefold().split() if kind == "words" else [] for t, kind in zip(texts, kinds)]
    flat = [w for ws in words for w in ws]
    hashed = np.empty(0, dtype=np.uint64)
    if flat:
        codes, uniques = pd.factorize(pd.Series(flat, dtype=object))
        vocab = np.fromiter((zlib.crc32(w.encode("utf-8", "surrogatepass")) for w in uniques), dtype=np.uint64,
                            count=len(uniques))
        hashed = vocab[codes]
    out, start = [], 0
    for text, kind, ws in zip(texts, kinds, words):
        if kind == "chars":
            out.append(_roll(_char_codes(text), char_k))
            continue
        out.append(_roll(hashed[start:start + len(ws)], k))
        start += len(ws)
    return out


def jaccard(a, b) -> float:
    """``|a & b| / |a | b|`` of two sets (or sorted arrays of distinct values); two empty ones: 0.0.

    >>> jaccard({1, 2, 3}, {2, 3, 4})
    0.5
    """
    inter = _intersection(a, b)
    union = len(a) + len(b) - inter
    return inter / union if union else 0.0


def containment(a, b) -> float:
    """``|a & b| / min(|a|, |b|)``: the share of the smaller set found in the larger; an empty one: 0.0.

    >>> containment({1, 2, 3}, {2, 3, 4, 5, 6, 7})
    0.6666666666666666
    """
    inter = _intersection(a, b)
    smaller = min(len(a), len(b))
    return inter / smaller if smaller else 0.0


def _intersection(a, b) -> int:
    if isinstance(a, np.ndarray):
        return len(np.intersect1d(a, b, assume_unique=True))
    return len(set(a) & set(b))


def _check(threshold, contain, random_state, k, char_k, bands, rows, min_shingles) -> None:
    problems = []
    for name, value in (("threshold", threshold), ("containment", contain)):
        if value is not None and not (isinstance(value, (int, float)) and not isinstance(value, bool)
                                      and 0 < value <= 1):
            problems.append(f"{name}={value!r}: give a similarity in (0, 1]"
                            + (" (or None to use resemblance alone)" if name == "containment" else ""))
    if problems:
        raise ParameterError(problems)
    check_int("random_state", random_state, 0)
    for name, value in (("k", k), ("char_k", char_k), ("bands", bands), ("rows", rows),
                        ("min_shingles", min_shingles)):
        check_int(name, value, 1)


def find_near_duplicates(texts, threshold: float = 0.8, random_state: int = 0, *,
                         containment: float | None = CONTAINMENT,
                         k: int = WORD_K, char_k: int = CHAR_K, min_shingles: int = 20, bands: int = 32,
                         rows: int = 2, seed: int | None = None) -> NearDuplicates:
    """For each text, the first earlier text it nearly repeats, with the resemblance and containment of the pair.

    Parameters
    ----------
    texts : sequence of str
    threshold : float, default=0.8
        Smallest resemblance (Jaccard similarity of the shingle sets) counted as a near-duplicate (0 < threshold <= 1).
    random_state : int, default=0
        Seed of the MinHash functions (the measures are exact for every pair found; the seed only
        decides which rare borderline pairs could be missed).
    containment : float or None, default=0.875
        Smallest containment of the shorter text in the longer counted as a near-duplicate (an
        excerpt); None uses resemblance alone.
    k : int, default=5
        Words per shingle.
    char_k : int, default=8
        Characters per shingle of CJK text.
    min_shingles : int, default=20
        Containment counts only when the shorter text has at least this many shingles.
    bands, rows : int, default=32, 2
        LSH banding of the ``bands * rows`` MinHash values.
    seed : int, optional
        Old name of ``random_state`` (deprecated).

    Returns
    -------
    NearDuplicates
        ``duplicate_of[i]`` is the smallest ``j < i`` whose pair with ``i`` reaches either threshold
        (None if there is none); ``jaccard[i]`` and ``containment[i]`` are the measures of that pair
        (None likewise). Exact repeats have 1.0 and 1.0.

    Examples
    --------
    >>> story = "a storm closed the coastal road between the two villages on friday as waves threw stones"
    >>> found = find_near_duplicates([story, "another text entirely about the harbour crane", story + " police said"])
    >>> found.duplicate_of, found.jaccard
    ([None, None, 0], [None, None, 0.8571428571428571])
    """
    random_state = renamed_random_state(random_state, seed, "seed", "find_near_duplicates")
    _check(threshold, containment, random_state, k, char_k, bands, rows, min_shingles)
    sets = _all_shingles(list(texts), k, char_k)
    n = len(sets)
    dup: list[int | None] = [None] * n
    jac: list[float | None] = [None] * n
    con: list[float | None] = [None] * n
    for i, j in _candidate_pairs(sets, bands, rows, random_state):
        if dup[i] is not None:
            continue  # pairs come sorted by (later, earlier): the earliest match is kept
        a, b = sets[i], sets[j]
        inter = len(np.intersect1d(a, b, assume_unique=True))
        if not inter:
            continue
        smaller = min(len(a), len(b))
        j_value = inter / (len(a) + len(b) - inter)
        c_value = inter / smaller
        if j_value >= threshold or (containment is not None and smaller >= min_shingles and c_value >= containment):
            dup[i], jac[i], con[i] = j, j_value, c_value
    return NearDuplicates(dup, jac, con)


def _signatures(sets, docs, n_hash: int, random_state: int) -> np.ndarray:
    """MinHash signatures (one row per text of ``docs``) under ``n_hash`` seeded hash functions ``a x + b``."""
    rng = np.random.default_rng(random_state)
    a = rng.integers(1, 1 << 32, size=n_hash, dtype=np.uint64).astype(np.uint32) | np.uint32(1)
    b = rng.integers(0, 1 << 32, size=n_hash, dtype=np.uint64).astype(np.uint32)
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
    return sig


def _candidate_pairs(sets, bands: int, rows: int, random_state: int) -> list[tuple[int, int]]:
    """Every pair ``(later, earlier)`` of texts sharing a whole LSH band of MinHash values, sorted."""
    docs = np.flatnonzero([len(s) > 0 for s in sets])
    if len(docs) < 2:
        return []
    sig = _signatures(sets, docs, bands * rows, random_state)
    codes = []
    n = np.int64(len(sets))
    for band in range(bands):
        block = np.ascontiguousarray(sig[:, band * rows:(band + 1) * rows])
        keys = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
        order = np.argsort(keys, kind="stable")
        edge = np.flatnonzero(keys[order][1:] != keys[order][:-1]) + 1
        bounds = np.concatenate([[0], edge, [len(order)]])
        for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
            if hi - lo < 2:
                continue
            members = np.sort(docs[order[lo:hi]]).astype(np.int64)
            earlier, later = np.triu_indices(len(members), 1)  # row < column
            # pair (members[earlier], members[later]) with earlier < later: code later * n + earlier
            codes.append(members[later] * n + members[earlier])
    if not codes:
        return []
    unique = np.unique(np.concatenate(codes))
    return list(zip((unique // n).tolist(), (unique % n).tolist()))


def near_duplicate_pairs(frame, threshold: float = 0.8, random_state: int = 0, *,
                         containment: float | None = CONTAINMENT,
                         **options):
    """The near-duplicates of a corpus frame as a table: ``doc_id, duplicate_of, jaccard, containment``.

    Rows are compared in frame order (a loaded corpus is sorted by date, so the
    earliest printing is the original and is kept). One row per document that
    nearly repeats an earlier one; ``options`` go to :func:`find_near_duplicates`.

    Examples
    --------
    >>> import pandas as pd
    >>> story = "a storm closed the coastal road between the two villages on friday as waves threw stones"
    >>> frame = pd.DataFrame({"doc_id": ["a#1", "b#1"], "text": [story, story + " police said"]})
    >>> near_duplicate_pairs(frame).round(3).to_dict("records")
    [{'doc_id': 'b#1', 'duplicate_of': 'a#1', 'jaccard': 0.857, 'containment': 1.0}]
    """
    import pandas as pd

    found = find_near_duplicates(frame["text"].tolist(), threshold, random_state, containment=containment,
                                 **options)
    ids = frame["doc_id"].tolist()
    rows = [(ids[i], ids[j], found.jaccard[i], found.containment[i]) for i, j in enumerate(found.duplicate_of)
            if j is not None]
    return pd.DataFrame(rows, columns=["doc_id", "duplicate_of", "jaccard", "containment"])


def near_duplicates_of(frame, threshold: float = 0.8, random_state: int = 0, *,
                       containment: float | None = CONTAINMENT,
                       seed: int | None = None):
    """``(duplicate_of, similarity, containment)`` Series for a corpus frame: the ``doc_id`` each row nearly repeats.

    Rows are compared in frame order (a loaded corpus is sorted by date, so the
    earliest printing is the original). ``similarity`` is the resemblance J of
    the pair, ``containment`` the containment C. For :func:`~termshift.load_corpus`'s
    ``drop_duplicates="near"`` and ``termshift import``.

    Examples
    --------
    >>> import pandas as pd
    >>> story = "a storm closed the coastal road between the two villages on friday as waves threw stones"
    >>> frame = pd.DataFrame({"doc_id": ["a#1", "b#1"], "text": [story, story + " police said"]})
    >>> dup, sim, con = near_duplicates_of(frame)
    >>> dup.tolist(), sim.round(3).tolist(), con.tolist()
    ([None, 'a#1'], [nan, 0.857], [nan, 1.0])
    """
    import pandas as pd

    random_state = renamed_random_state(random_state, seed, "seed", "near_duplicates_of")
    found = find_near_duplicates(frame["text"].tolist(), threshold, random_state, containment=containment)
    ids = frame["doc_id"].tolist()
    index = frame.index
    return (pd.Series([None if j is None else ids[j] for j in found.duplicate_of], index=index, dtype=object),
            pd.Series([np.nan if s is None else s for s in found.jaccard], index=index, dtype=float),
            pd.Series([np.nan if s is None else s for s in found.containment], index=index, dtype=float))
