"""What language a text is written in, and what a CJK character is.

termshift knows two kinds of text: Japanese (``"ja"``), segmented into words by
a morphological analyser (:mod:`termshift.tokens`) and matched with the CJK
rules of :mod:`termshift.terms`, and everything else (the default, ``"en"``),
whose words are runs of letters or digits.

A *CJK character* here is a Han ideograph (with 々 〆 〇 〻), a Hiragana or a
Katakana letter (historical and small kana of the supplementary planes
included), or the prolonged sound mark ー (half-width katakana included:
NFKC makes them full-width). Punctuation (、。「」・), the combining sound marks
and the ideographic space are not; a test checks this against the Unicode
names over all of Unicode.

:func:`detect_language` says ``"ja"`` when CJK characters make up at least
:data:`JA_SHARE` of a text's letters and some of them are kana (Chinese text,
all Han, keeps the default); :func:`join_cjk_lines` removes a line break (and
the spaces around it) between two CJK characters, as hard-wrapped Japanese
newspaper text needs.

Examples
--------
>>> detect_language("政府は反撃能力の保有を決めた。")
'ja'
>>> detect_language("Japan adopted a counterstrike capability (反撃能力).")
'en'
>>> join_cjk_lines("反撃\\n能力を保有。\\nThe end\\n")
'反撃能力を保有。\\nThe end\\n'
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Callable

import numpy as np

__all__ = ["detect_language", "count_cjk", "is_cjk", "join_cjk_lines", "join_cjk_lines_mapped", "cjk_line_breaks",
           "CJK_CLASS", "JA_SHARE", "LANGUAGES", "check_language", "bmp_chars", "bmp_table", "bmp_marks"]

#: The CJK characters of the matching rules, as the body of a regular-expression class.
_KANA_CLASS = ("\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f"
               "\U0001aff0-\U0001afff\U0001b000-\U0001b16f")
CJK_CLASS = ("\u3005-\u3007\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
             + _KANA_CLASS)
_CJK = re.compile(f"[{CJK_CLASS}]")
_KANA = re.compile(f"[{_KANA_CLASS}]")
_LETTER = re.compile(r"[^\W\d_]")
_NEWLINE = re.compile("\\n")

#: Share of a text's letters that must be CJK characters for it to be Japanese.
JA_SHARE = 0.25

#: Languages with their own rules; any other code is accepted and treated as the default kind.
LANGUAGES = ("en", "ja")
_CODE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*\Z")


def is_cjk(ch: str) -> bool:
    """Whether ``ch`` is a CJK character (Han, Hiragana, Katakana, ー).

    Examples
    --------
    >>> [is_cjk(c) for c in "反かカーa、"]
    [True, True, True, True, False, False]
    """
    return _CJK.match(ch) is not None


def check_language(language, name: str = "language") -> str | None:
    """``language`` if it is None or a lower-case language code ("ja", "en", "de"), else a ParameterError.

    Examples
    --------
    >>> check_language("ja"), check_language(None)
    ('ja', None)
    """
    from .errors import ParameterError

    if language is None or (isinstance(language, str) and _CODE.match(language)):
        return language
    raise ParameterError([f"{name}={language!r}: give a language code such as 'ja' or 'en' (or None to detect "
                          "each document's language)"])


def detect_language(text: str, default: str = "en") -> str:
    """``"ja"`` when kana and kanji make up a clear share of the letters of ``text``, else ``default``.

    A text is Japanese when at least :data:`JA_SHARE` (a quarter) of its
    letters are CJK characters (so an English article quoting 反撃能力 stays
    English) and, once it holds 20 or more of them, at least one is a kana
    (so Chinese text, all Han, is not taken for Japanese, while a short
    kanji-only headline or term such as 反撃能力 is).

    Parameters
    ----------
    text : str
    default : str, default="en"
        The language of every text that is not Japanese.

    Examples
    --------
    >>> detect_language("自衛隊の反撃能力"), detect_language("Deterrence"), detect_language("", default="de")
    ('ja', 'en', 'de')
    >>> detect_language("中华人民共和国国防部发言人表示反对任何形式的军事挑衅")  # Han only: not Japanese
    'en'
    """
    if text.isascii():
        return default
    n_cjk = count_cjk(text)
    if not n_cjk or (n_cjk >= 20 and _KANA.search(text) is None):
        return default
    n_letters = len(_LETTER.findall(text))
    return "ja" if n_cjk >= JA_SHARE * n_letters else default


def count_cjk(text: str) -> int:
    """Number of CJK characters in ``text`` (:func:`is_cjk`), counted with arrays.

    The code points are compared with the lowest CJK character first (most
    non-Japanese texts stop there), then looked up in a table of the BMP; the
    rare astral characters are matched one by one.

    >>> count_cjk("NATO加盟国の反撃能力 — x"), count_cjk("plain — text"), count_cjk("\U00020000a")
    (8, 0, 1)
    """
    if text.isascii():
        return 0
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
    cp = cp[cp >= _FIRST_CJK]
    if not len(cp):
        return 0
    bmp = cp < 0x10000
    n = int(np.count_nonzero(_bmp_cjk()[cp[bmp]]))
    if not bmp.all():
        n += sum(1 for c in cp[~bmp].tolist() if _CJK.match(chr(c)))
    return n


_FIRST_CJK = 0x3005


def _bmp_cjk():
    return bmp_table(f"[{CJK_CLASS}]")


@functools.cache
def bmp_chars() -> str:
    """Every character of the Basic Multilingual Plane in code-point order, surrogates as U+FFFD
    (a lone surrogate cannot be searched): the input of the lookup tables of the fast paths."""
    return "".join(map(chr, range(0xD800))) + "\ufffd" * 0x800 + "".join(map(chr, range(0xE000, 0x10000)))


@functools.cache
def bmp_table(pattern: str) -> np.ndarray:
    """Whether each BMP character matches the one-character expression ``pattern`` (a boolean table).

    >>> bmp_table(r"[^\\W_]")[[ord("a"), ord("_"), ord("反")]].tolist()
    [True, False, True]
    """
    table = np.zeros(0x10000, bool)
    table[[m.start() for m in re.finditer(pattern, bmp_chars())]] = True
    return table


@functools.cache
def bmp_marks() -> np.ndarray:
    """Whether each BMP character is a combining mark (Unicode category M)."""
    import unicodedata

    return np.array([unicodedata.category(c)[0] == "M" for c in bmp_chars()])


def cjk_line_breaks(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every line break (with its spaces) between two CJK characters.

    The matches of ``(?<=[CJK])[^\\S\\n]*\\n[^\\S\\n]*(?=[CJK])``, found one line break at a
    time (the spaces around it, then a CJK character on both sides) instead of trying the
    lookbehind at every position of the text.

    Examples
    --------
    >>> cjk_line_breaks("反撃 \\n 能力\\n\\n専守")
    [(2, 5)]
    """
    if "\n" not in text or text.isascii():
        return []
    out, n = [], len(text)
    for m in _NEWLINE.finditer(text):
        s = e = m.start()
        while s and text[s - 1] != "\n" and text[s - 1].isspace():
            s -= 1
        e += 1
        while e < n and text[e] != "\n" and text[e].isspace():
            e += 1
        if s and e < n and _CJK.match(text, s - 1) and _CJK.match(text, e):
            out.append((s, e))
    return out


def join_cjk_lines(text: str) -> str:
    """``text`` with every line break between two CJK characters removed, with the spaces around it.

    Hard-wrapped Japanese text breaks lines anywhere, inside words too; a
    blank line (a paragraph break) and a break next to punctuation or Latin
    letters stay.

    Examples
    --------
    >>> join_cjk_lines("敵基地\\n攻撃能力。\\n\\n専守防衛")
    '敵基地攻撃能力。\\n\\n専守防衛'
    """
    return join_cjk_lines_mapped(text)[0]


def join_cjk_lines_mapped(text: str) -> tuple[str, Callable[[int, bool], int] | None]:
    """:func:`join_cjk_lines` and a map from offsets in the joined text back to ``text``.

    The map takes an offset and whether it is the end of a span: a span that
    ends just before a removed break ends before it, one that starts just
    after it starts after it. It is None when nothing was removed.

    Examples
    --------
    >>> joined, back = join_cjk_lines_mapped("敵基地\\n攻撃")
    >>> joined, back(0, False), back(3, True), back(3, False), back(5, True)
    ('敵基地攻撃', 0, 3, 4, 6)
    """
    breaks = cjk_line_breaks(text)
    if not breaks:
        return text, None
    at, removed, total, parts, last = [], [], 0, [], 0
    for s, e in breaks:
        parts.append(text[last:s])
        last = e
        at.append(s - total)
        total += e - s
        removed.append(total)
    parts.append(text[last:])

    def back(pos: int, end: bool) -> int:
        i = bisect_right(at, pos - 1 if end else pos) - 1
        return pos + (removed[i] if i >= 0 else 0)

    return "".join(parts), back
