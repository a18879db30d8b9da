"""Sentences and paragraphs: the one definition of where a sentence ends.

The context rules of a term file (``unless``, ``only``, ``near()``, ``seq()``
and codes counted per sentence, :mod:`termshift.rules`) and anything else that
needs a sentence use this module.

**The rule.** A sentence ends

* after ``.``, ``!`` or ``?`` followed by whitespace (or by the end of the text);
* after ``。``, ``！``, ``？`` (and the half-width ``｡``). NFKC, which the loader
  applies, turns ``！`` and ``？`` into ``!`` and ``?``, so an ``!`` or ``?``
  next to a Japanese character (:func:`termshift.language.is_cjk`) ends a
  sentence too, whitespace or not;
* at a blank line (a line break, optional spaces or tabs, a line break).

A sentence is the text between two ends, with the whitespace around it
stripped; a stretch of whitespace only is no sentence. A single line break
does not end a sentence (hard-wrapped lines stay one sentence).

A **paragraph** is the text between blank lines (stripped likewise); a
sentence never crosses a paragraph's end.

**Limits.** The rule knows no abbreviations: ``Mr. Abe``, ``U.S. forces`` and
``No. 3`` are cut after the period, and a period followed by a closing quote
or parenthesis (``"no." He``) does not end a sentence. A context rule whose
window should reach across such a cut will not see the other match; write the
window with that in mind, or check the sentences with :func:`split_sentences`.

Examples
--------
>>> split_sentences("Not a preemptive strike. Mr. Abe said so!\\n\\n反撃能力だ。保有しない")
['Not a preemptive strike.', 'Mr.', 'Abe said so!', '反撃能力だ。', '保有しない']
>>> split_paragraphs("One. Two.\\n \\nThree")
['One. Two.', 'Three']
"""

from __future__ import annotations

import re

import numpy as np

from .language import CJK_CLASS

__all__ = ["sentence_spans", "paragraph_spans", "split_sentences", "split_paragraphs", "SENTENCE_END"]

#: A sentence end (group ``p``: the sentence ends after it) or a blank line (group ``b``: the
#: sentence ends before it, the next starts after it).
SENTENCE_END = re.compile(
    r"(?P<p>[.!?](?=\s|\Z)|[。！？｡]|[!?](?<=[" + CJK_CLASS + r"][!?])|[!?](?=[" + CJK_CLASS + r"]))"
    r"|(?P<b>\n[^\S\n]*\n\s*)")  # every branch starts with a character class: a quick scan
_BLANK = re.compile(r"\n[^\S\n]*\n\s*")


def _spans(text: str, cuts: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """The stripped, non-blank pieces between ``cuts`` (``(end of a piece, start of the next)``)."""
    starts, ends = [], []
    a = 0
    for end, nxt in [*cuts, (len(text), len(text))]:
        piece = text[a:end]
        stripped = piece.strip()
        if stripped:
            s = a + (len(piece) - len(piece.lstrip()))
            starts.append(s)
            ends.append(s + len(stripped))
        a = nxt
    return np.array(starts, np.int64), np.array(ends, np.int64)


def sentence_spans(text: str) -> tuple[np.ndarray, np.ndarray]:
    """``(starts, ends)``: the offsets of each sentence of ``text`` (see the module for the rule).

    Examples
    --------
    >>> starts, ends = sentence_spans("It is. Not so!  Yes")
    >>> starts.tolist(), ends.tolist()
    ([0, 7, 16], [6, 14, 19])
    """
    cuts = [(m.end(), m.end()) if m.group("p") else (m.start(), m.end()) for m in SENTENCE_END.finditer(text)]
    return _spans(text, cuts)


def paragraph_spans(text: str) -> tuple[np.ndarray, np.ndarray]:
    """``(starts, ends)`` of the paragraphs of ``text``: the text between blank lines, stripped.

    Examples
    --------
    >>> starts, ends = paragraph_spans("A. B.\\n\\n\\nC")
    >>> starts.tolist(), ends.tolist()
    ([0, 8], [5, 9])
    """
    return _spans(text, [(m.start(), m.end()) for m in _BLANK.finditer(text)])


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (see the module for the rule and its limits)."""
    return [text[a:b] for a, b in zip(*sentence_spans(text))]


def split_paragraphs(text: str) -> list[str]:
    """The paragraphs of ``text`` (blank-line separated, stripped)."""
    return [text[a:b] for a, b in zip(*paragraph_spans(text))]
