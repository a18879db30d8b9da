"""Bytes to text: byte-order marks, UTF-8, and a detector for legacy encodings.

The order of decisions, for one file's bytes:

1. A byte-order mark names the encoding (UTF-8, UTF-16, UTF-32).
2. NUL bytes without a BOM, or more than 5% control characters: a binary file (bad input).
3. Valid UTF-8 is UTF-8. UTF-8 with a few bad bytes (some valid non-ASCII characters,
   and at most three bad sequences or four valid characters per bad one), or cut inside
   its last character, is UTF-8 with those bytes replaced by U+FFFD, and *flagged*.
   (Legacy text holds almost no valid UTF-8 sequences: cp1252 none, CJK one per three
   bad ones.)
4. Anything else is a legacy encoding, detected with charset-normalizer among the
   encodings news archives use (:data:`LEGACY_ENCODINGS`: Western, Central European,
   Cyrillic, Greek, Turkish, Hebrew, Arabic, Baltic, Thai, Vietnamese, Japanese, Korean,
   Chinese). Candidates are ranked by signs of a wrong code page (a symbol touching a
   letter, as in ``¾e``; letters no single language's alphabet holds together, as in
   ``zùstane``), then charset-normalizer's mess and coherence, then the order of that
   list (so Western text stays cp1252; without any 0x80-0x9F byte an ISO page goes
   before its Windows sibling).
   A guess with a close rival that decodes differently, or with many odd characters,
   is *flagged* as low confidence. No fit at all is bad input.

Line ends become ``\\n``.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from typing import NamedTuple

from ..errors import CorpusError
from .report import BadInput, has_surrogate

__all__ = ["decode_bytes", "decode_document", "mend_surrogates", "Decoded", "LEGACY_ENCODINGS"]

#: Legacy encodings considered when a file is not UTF-8, in order of preference for ties.
LEGACY_ENCODINGS = (
    "cp1252", "iso8859_15", "cp1250", "iso8859_2", "cp1251", "koi8_r", "koi8_u", "iso8859_5", "cp1253",
    "iso8859_7", "cp1254", "iso8859_9", "cp1257", "iso8859_13", "cp1255", "iso8859_8", "cp1256", "iso8859_6",
    "cp874", "cp1258", "euc_jp", "shift_jis", "cp932", "iso2022_jp", "euc_kr", "cp949", "gbk", "gb18030",
    "big5", "big5hkscs",
)
_RANK = {codecs.lookup(e).name: i for i, e in enumerate(LEGACY_ENCODINGS)}
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1C), 0x7F])
_REPLACEMENT_UTF8 = "\ufffd".encode()
_MAX_CHAOS = 0.10  # charset-normalizer's "mess" ratio above which a guess is flagged
_RESAVE = "re-save it as UTF-8 text"


class Decoded(NamedTuple):
    """A decoded file: its text, the encoding used, and a note when the decode deserves a look."""

    text: str
    encoding: str
    note: str | None = None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a file's bytes, returning ``(text, encoding)``.

    UTF-8 (with or without BOM), UTF-16 and UTF-32 with BOM, and legacy
    encodings (detected, see :data:`LEGACY_ENCODINGS`) are recognised; line ends
    are normalised to ``\\n``. Anything else (NUL bytes without a BOM,
    control-character soup, no encoding fits) raises :class:`CorpusError`.
    :func:`decode_document` also says when a decode is a guess or lossy.

    Examples
    --------
    >>> decode_bytes("caf\\u00e9\\r\\n".encode("cp1252"))
    ('café\\n', 'cp1252')
    >>> decode_bytes(codecs.BOM_UTF8 + b"x")
    ('x', 'utf-8-sig')
    >>> decode_bytes("Правительство утвердило новую стратегию".encode("koi8_r"))
    ('Правительство утвердило новую стратегию', 'koi8-r')
    """
    try:
        text, enc, _ = decode_document(data)
    except BadInput as bad:
        raise CorpusError([f"{bad.reason}; {bad.fix}"]) from None
    return text, enc


def decode_document(data: bytes) -> Decoded:
    """Decode a file's bytes to :class:`Decoded` ``(text, encoding, note)``; raise :class:`BadInput`.

    ``note`` is None for a sure decode, else one line for the report's ``flagged`` list.

    Examples
    --------
    >>> decode_document("naïve café résumé ".encode() * 3 + b"\\xff")
    Decoded(text='naïve café résumé naïve café résumé naïve café résumé \\ufffd', encoding='utf-8', \
note='1 byte sequence(s) not valid UTF-8, replaced by U+FFFD')
    """
    if data.startswith(codecs.BOM_UTF8):
        bom = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        bom = "utf-32"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        bom = "utf-16"
    elif b"\x00" in data:
        raise BadInput("binary file (NUL bytes; UTF-16 without a byte-order mark?)", _RESAVE)
    else:
        bom = None
    note = None
    if bom is not None:
        try:
            text = data.decode(bom)
        except UnicodeDecodeError:
            raise BadInput(f"not valid {bom} text", _RESAVE) from None
        if len(_CONTROL.findall(text)) > 0.05 * len(text):
            raise BadInput("binary file (mostly control characters)", "only text files can be loaded; remove it")
        enc = bom
    else:
        # control bytes are the same in UTF-8 and the legacy encodings: count them on the bytes (fast)
        if len(data) - len(data.translate(None, _CONTROL_BYTES)) > 0.05 * len(data):
            raise BadInput("binary file (mostly control characters)", "only text files can be loaded; remove it")
        text, enc, note = _utf8_or_legacy(data)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(text, enc, note)


def mend_surrogates(text: str) -> tuple[str, str | None]:
    """``(text, note)``: UTF-16 surrogate pairs joined into the character they encode, lone surrogates
    replaced by U+FFFD and *flagged* (the note; None when there was none).

    RTF writes a character beyond U+FFFF as two ``\\uN`` escapes, one per UTF-16 half (Word writes
    the emoji U+1F600 as ``\\u-10179?\\u-8704?``); read one by one they are two surrogates, which no
    file, Parquet table or terminal can hold. A lone half has no character: it is replaced, as
    the JSONL reader replaces a lone ``\\ud800`` escape.

    Examples
    --------
    >>> mend_surrogates("smile \\ud83d\\ude00 ok")
    ('smile \U0001f600 ok', None)
    >>> mend_surrogates("cut \\ud83d here")
    ('cut \ufffd here', '1 lone UTF-16 surrogate(s) (half a character, such as an emoji cut in two) replaced by U+FFFD')
    """
    if not has_surrogate(text):
        return text, None
    mended = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    lone = mended.count("\ufffd") - text.count("\ufffd")
    note = (f"{lone} lone UTF-16 surrogate(s) (half a character, such as an emoji cut in two) replaced by U+FFFD"
            if lone else None)
    return mended, note


def _utf8_or_legacy(data: bytes) -> tuple[str, str, str | None]:
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError as err:
        if err.end == len(data) and err.reason == "unexpected end of data":
            return (data.decode("utf-8", errors="replace"), "utf-8",
                    "ends inside a UTF-8 character (truncated?); its last byte(s) replaced by U+FFFD")
    text = data.decode("utf-8", errors="replace")
    n_fffd = text.count("\ufffd")
    n_bad = n_fffd - data.count(_REPLACEMENT_UTF8)
    n_good = len(text) - len(text.encode("ascii", errors="ignore")) - n_fffd
    if n_good and (n_bad <= 3 or n_good >= 4 * n_bad):
        return text, "utf-8", f"{n_bad} byte sequence(s) not valid UTF-8, replaced by U+FFFD"
    return _legacy(data)


def _legacy(data: bytes) -> tuple[str, str, str | None]:
    """Detect a legacy encoding with charset-normalizer; (text, encoding, note)."""
    import charset_normalizer as cn

    found: dict[str, tuple[float, float]] = {}  # codec name -> (chaos, coherence)

    def take(matches):
        for m in matches:
            names = [codecs.lookup(n).name for n in [m.encoding, *m.could_be_from_charset]]
            for n in [n for n in names if n in _RANK] or names[:1]:
                found.setdefault(n, (m.chaos, m.coherence))

    take(cn.from_bytes(data))
    # charset-normalizer gives up on code pages it finds "similar" to one it rejected
    # (ISO-8859-2 after cp1250): probe the usual ones one by one when its choice is unusual or unsure.
    usable = [n for n in found if n in _RANK]
    if not usable or len(usable) > 1 or "cp1252" not in found:
        for enc in LEGACY_ENCODINGS:
            if codecs.lookup(enc).name not in found:
                take(cn.from_bytes(data, cp_isolation=[enc]))
    usable = [n for n in found if n in _RANK]
    if not usable:
        raise BadInput("not valid UTF-8, and no known encoding fits", _RESAVE)
    least = min(found[n][0] for n in usable)
    sample = data[:_SAMPLE]
    no_c1 = not _C1_BYTES.search(sample)
    texts = {n: sample.decode(n, errors="replace") for n in usable if found[n][0] <= least + 0.05}
    scored = sorted(texts, key=lambda n: (_oddities(texts[n]) + _misfits(texts[n]), round(found[n][0], 2),
                                          -round(found[n][1], 2), _rank(n, no_c1)))
    enc = scored[0]
    text = data.decode(enc, errors="replace")
    chaos, coherence = found[enc]
    odd = _oddities(texts[enc]) + _misfits(texts[enc])
    rivals = [n for n in scored[1:] if _oddities(texts[n]) + _misfits(texts[n]) <= odd and texts[n] != texts[enc]
              and found[n][0] <= chaos + 0.01 and found[n][1] >= coherence - 0.02]
    note = None
    if chaos > _MAX_CHAOS:
        note = f"encoding guessed as {enc} with {chaos:.0%} unusual characters (low confidence)"
    elif rivals:
        note = f"encoding guessed as {enc}; {', '.join(rivals[:3])} would fit as well (low confidence)"
    if note:
        note += f"; {_RESAVE} to be sure"
    return text, enc, note


_SAMPLE = 1 << 18
_C1_BYTES = re.compile(b"[\x80-\x9f]")
# Windows code pages and the ISO sibling that puts the same letters outside 0x80-0x9F
_ISO_SIBLING = {"cp1250": "iso8859-2", "cp1253": "iso8859-7", "cp1254": "iso8859-9", "cp1257": "iso8859-13",
                "cp1255": "iso8859-8", "cp1256": "iso8859-6"}
_SIBLING_OF = {v: k for k, v in _ISO_SIBLING.items()}


def _rank(name, no_c1):
    """Tie order: the list's, except that without any 0x80-0x9F byte an ISO code page goes before its
    Windows sibling (the Windows page puts letters such as š, ž there; the ISO page never uses them)."""
    rank = _RANK.get(name, len(_RANK))
    if no_c1 and name in _SIBLING_OF:
        return _RANK[codecs.lookup(_SIBLING_OF[name]).name] - 0.5
    return rank


def _odd_chars() -> str:
    """Symbols a wrong single-byte code page puts where letters belong (¾e, ±, ¶), and C1 controls."""
    import unicodedata

    usual = set("€£¥¢°§©®™·•…‰†‡¿¡×÷\u00a0\u00ad")
    odd = set()
    for enc in LEGACY_ENCODINGS[:LEGACY_ENCODINGS.index("euc_jp")]:  # the single-byte ones
        chars = bytes(range(0x80, 0x100)).decode(enc, errors="replace")
        odd |= {c for c in chars if c not in usual and unicodedata.category(c) in
                ("No", "Sm", "So", "Sk", "Sc", "Po", "Cc", "Co", "Cn")}
    return "".join(sorted(odd | {"\ufffd"}))


_ODD = re.escape(_odd_chars())
_ODD_NEAR_LETTER = re.compile(f"(?<=[^\\W\\d_])[{_ODD}]|[{_ODD}](?=[^\\W\\d_])|[\\x80-\\x9f\\ufffd]")


# Non-ASCII letters of the Latin-script languages of the single-byte code pages (lower case).
_ALPHABETS = [set(a) for a in (
    "àâæçéèêëîïôœùûüÿ", "äöüß", "áéíñóúü", "áâãàçéêíóôõú", "àèéìíîòóùú", "áéíóúýþðæö", "åäöæøéü", "ąćęłńóśźż",
    "áčďéěíňóřšťúůýž", "áäčďéíĺľňóôŕšťúýž", "áéíóöőúüű", "čćđšž", "ăâîșțşţ", "çğıöşüâî", "ąčęėįšųūž",
    "āčēģīķļņšūž", "äõöüšž", "àèéëïíòóúüç", "ëç")]
_LATIN_LETTER = re.compile(r"[\u00c0-\u024f]")


def _misfits(text: str) -> int:
    """Latin letters that no single language's alphabet explains (zùstane, Ÿe: a wrong code page)."""
    letters = Counter(c for c in _LATIN_LETTER.findall(text.lower()) if c.isalpha())
    if not letters:
        return 0
    return min(sum(n for c, n in letters.items() if c not in alphabet) for alphabet in _ALPHABETS)


def _oddities(text: str) -> int:
    """How many odd symbols touch a letter (a sign of the wrong code page)."""
    return len(_ODD_NEAR_LETTER.findall(text))


def _order(name, scores):
    chaos, coherence = scores
    return (round(chaos, 2), -round(coherence, 2), _RANK.get(name, len(_RANK)))
