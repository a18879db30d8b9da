"""The text as the fast matcher reads it: case folding in windows, character kinds, offset maps.

:func:`prepare_text` gives what :meth:`termshift.matching.Matcher.count` scans: the
case-folded text with CJK line breaks joined, and whether it holds combining
marks or CJK characters (which decide the expressions that confirm a
candidate). A non-ASCII text is classified with one lookup per character in a
table of the Basic Multilingual Plane (:func:`bmp_kinds`) instead of searches
with large character classes; :func:`offset_map` maps offsets in a folded text
back to the text for the reference path (KWIC).
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right

import numpy as np

from .language import cjk_line_breaks, is_cjk, join_cjk_lines
from .terms import combining_mark_pattern

__all__ = ["WINDOW", "casefold_windowed", "has_marks", "bmp_kinds", "char_kinds", "prepare_text", "prepare_text_mapped",
           "offset_map", "CJK_BIT", "MARK_BIT", "FOLDS_BIT"]

#: Long texts are case-folded, and their tokens counted, in windows of this many characters:
#: ``str.casefold`` allocates 12 bytes per character of its input and ``count_tokens`` about 40
#: before either returns, so working memory stays bounded whatever the length of the text.
WINDOW = 1 << 18


def casefold_windowed(text: str) -> str:
    """``text.casefold()``, folded window by window (case folding is per character, so this is exact)."""
    if len(text) <= WINDOW:
        return text.casefold()
    return "".join([text[a:a + WINDOW].casefold() for a in range(0, len(text), WINDOW)])


@functools.cache
def _expanding_re():
    """The characters whose case folding is longer than one character (ß, İ, ŉ, ...): all in the BMP."""
    chars = "".join(c for c in map(chr, range(0x10000)) if len(c.casefold()) != 1)
    return re.compile(f"[{re.escape(chars)}]")


@functools.cache
def _mark_res():
    """(BMP marks, any astral character, astral marks): searched in that order, each one fast."""
    bmp, astral = combining_mark_pattern()[3:-1].split("|", 1)
    return re.compile(bmp), re.compile("[\U00010000-\U0010ffff]"), re.compile(astral)


def has_marks(folded: str) -> bool:
    """Whether ``folded`` holds a combining mark (a class with astral ranges is slow to search)."""
    if folded.isascii():
        return False
    bmp, any_astral, astral = _mark_res()
    return bmp.search(folded) is not None or (any_astral.search(folded) is not None
                                              and astral.search(folded) is not None)


CJK_BIT, MARK_BIT, FOLDS_BIT = 1, 2, 4


@functools.cache
def bmp_kinds():
    """Per character of the Basic Multilingual Plane: CJK (bit 1), combining mark (bit 2),
    changed by case folding (bit 4)."""
    from .language import CJK_CLASS, bmp_chars, bmp_marks, bmp_table

    kinds = np.zeros(0x10000, np.uint8)
    kinds[bmp_table(f"[{CJK_CLASS}]")] |= CJK_BIT
    kinds[bmp_marks()] |= MARK_BIT
    kinds[np.array([c.casefold() != c for c in bmp_chars()])] |= FOLDS_BIT
    kinds[:0x80] = 0  # ASCII is never looked up (A-Z fold with bytes.lower)
    return kinds


def char_kinds(text: str) -> int:
    """The bits of :func:`bmp_kinds` of every non-ASCII character of ``text``, or-ed."""
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
    cp = cp[cp >= 0x80]
    bmp = cp < 0x10000
    kinds = int(np.bitwise_or.reduce(bmp_kinds()[cp[bmp]])) if bmp.any() else 0
    if not bmp.all():
        for c in np.unique(cp[~bmp]).tolist():
            ch = chr(c)
            kinds |= (CJK_BIT if is_cjk(ch) else 0) | (MARK_BIT if has_marks(ch) else 0)
            kinds |= FOLDS_BIT if ch.casefold() != ch else 0
    return kinds


def prepare_text(text: str) -> tuple[str, bool, bool]:
    """The text as the fast path scans it -- case-folded, CJK line breaks joined -- and whether it
    holds combining marks and CJK characters.

    A non-ASCII text is looked up once in a table of the BMP (astral characters, rare, one by
    one), instead of searching it with the two large character classes. When none of its
    non-ASCII characters changes under case folding (an em dash, a kana, a lower-case é), its
    folding is that of its ASCII letters: ``bytes.lower`` of its UTF-8 (which only touches
    A-Z), several times faster than ``str.casefold`` on a non-ASCII string.
    """
    folded, marks, cjk, _ = _prepare(text, False)
    return folded, marks, cjk


def prepare_text_mapped(text: str):
    """:func:`prepare_text` and a map of offsets in the prepared text back to ``text``.

    The map takes two integer arrays, ``starts`` and ``ends`` of spans in the prepared
    text, and returns them as offsets into ``text`` (what :func:`offset_map` and
    :func:`~termshift.language.join_cjk_lines_mapped` give one offset at a time); it is
    None when the offsets are the same (no character folds to several, no line joined).

    >>> import numpy as np
    >>> folded, marks, cjk, back = prepare_text_mapped("Straße 反撃\\n能力")
    >>> folded, [a.tolist() for a in back(np.array([0, 8]), np.array([7, 12]))]
    ('strasse 反撃能力', [[0, 7], [6, 12]])
    """
    return _prepare(text, True)


def _prepare(text: str, mapped: bool):
    if text.isascii():
        return text.lower(), False, False, None
    kinds = char_kinds(text)
    unfold = None
    if kinds & FOLDS_BIT:
        folded = casefold_windowed(text)
        kinds = char_kinds(folded)  # folding may add marks (İ -> i + U+0307)
        if mapped and len(folded) != len(text):
            unfold = _unfold_arrays(text)
    else:
        folded = text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")
    unjoin = None
    if kinds & CJK_BIT and "\n" in folded:
        if mapped:
            breaks = cjk_line_breaks(folded)
            if breaks:
                cuts = [0, *(x for b in breaks for x in b), len(folded)]
                folded = "".join(folded[a:b] for a, b in zip(cuts[::2], cuts[1::2]))
                unjoin = _unjoin_arrays(breaks)
        else:
            folded = join_cjk_lines(folded)
    back = None
    if unfold is not None or unjoin is not None:
        def back(starts, ends):
            if unjoin is not None:
                starts, ends = _shift_back(unjoin, starts, ends)
            if unfold is not None:
                starts, ends = _unfold(unfold, starts, ends)
            return starts, ends
    return folded, bool(kinds & MARK_BIT), bool(kinds & CJK_BIT), back


def _unjoin_arrays(breaks):
    """Where each removed line break was in the joined text, and how many characters were removed up to
    each (with a leading 0)."""
    lengths = np.array([e - s for s, e in breaks], np.int64)
    removed = np.cumsum(lengths)
    at = np.array([s for s, _ in breaks], np.int64) - (removed - lengths)
    return at, np.concatenate([[0], removed])


def _shift_back(arrays, starts: np.ndarray, ends: np.ndarray):
    """Spans in the joined text back to the text (as the map of ``join_cjk_lines_mapped``): a span that
    ends just before a removed break ends before it, one that starts just after it starts after it."""
    at, removed = arrays
    shift = removed[np.searchsorted(at, np.concatenate([starts, ends - 1]), side="right")]
    return starts + shift[:len(starts)], ends + shift[len(starts):]


def _unfold_arrays(text: str):
    """Where each character that folds to several sits in the folded text, and the extra characters up to it."""
    expansions = [(m.start(), len(m.group().casefold()) - 1) for m in _expanding_re().finditer(text)]
    pos = np.array([p for p, _ in expansions], np.int64)
    extra = np.array([x for _, x in expansions], np.int64)
    extras = np.cumsum(extra)
    before = extras - extra
    return pos + before, extras, before


def _unfold(arrays, starts: np.ndarray, ends: np.ndarray):
    """Spans in the folded text back to the text (as the map of :func:`offset_map`: an offset inside the
    folding of one character goes to that character)."""
    fstarts, extras, before = arrays
    f = np.concatenate([starts, ends])
    i = np.searchsorted(fstarts, f, side="right") - 1
    j = np.maximum(i, 0)
    inside = (i >= 0) & (f <= fstarts[j] + extras[j] - before[j])
    out = np.where(i < 0, f, np.where(inside, fstarts[j] - before[j], f - extras[j]))
    return out[:len(starts)], out[len(starts):]


def offset_map(text: str):
    """Map from positions in ``text.casefold()`` to positions in ``text`` (None when they are equal).

    Only the characters whose case folding is longer than one character are
    recorded, so the map costs memory in proportion to them, not to the text.
    """
    if text.isascii():
        return None
    expansions = [(m.start(), len(m.group().casefold()) - 1) for m in _expanding_re().finditer(text)]
    if not expansions:
        return None
    fstarts, extras, shift = [], [], 0
    for pos, extra in expansions:
        fstarts.append(pos + shift)
        shift += extra
        extras.append(shift)

    def to_text(f: int) -> int:
        i = bisect_right(fstarts, f) - 1
        if i < 0:
            return f
        before = extras[i - 1] if i else 0
        if f <= fstarts[i] + extras[i] - before:  # at or inside the folding of one character
            return fstarts[i] - before
        return f - extras[i]

    return to_text
