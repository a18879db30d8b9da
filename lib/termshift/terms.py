"""Term families: named sets of terms that count as one framing.

A family file is TOML, one table per family id::

    [counterstrike]
    label = "Counterstrike capability"
    terms = ["counter-strike capabilit*", "counter-strike", "counterattack capabilit*"]

The matching rules (NFKC + case folding; whole words; a space matches any
whitespace run; a hyphen matches a hyphen, a space or nothing; a trailing
``*`` matches further word characters; longest match wins within a family;
families are independent) are implemented by :func:`term_pattern` and
:mod:`termshift.matching`, and listed in the README.

Japanese (CJK) text has no spaces between words, so at an edge of a term that
is a CJK character (Han, Hiragana, Katakana, ー: :func:`termshift.language.is_cjk`)
no word boundary is required (反撃能力 matches in 反撃能力を and 反撃能力保有),
while a Latin edge keeps the whole-word rule, with a CJK neighbour counting as
a boundary (``NATO`` matches in ``NATO加盟国``). A ``*`` takes further word
characters that are not CJK, and may not follow a CJK character.

A *word character* (rules 2 and 5) is a letter or digit (``str.isalnum``) or a
combining mark (Unicode category M): case folding turns some letters into a
letter plus a combining mark (``İ`` into ``i`` + U+0307), and the mark must not
make a word boundary (:func:`is_word_char`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from ._toml import read_toml
from .errors import TermsError
from .language import CJK_CLASS, is_cjk

__all__ = ["Family", "Condition", "Code", "TermSet", "load_terms", "term_pattern", "normalize_term", "parse_term",
           "TermParts", "CODES_KEY", "is_word_char", "is_noncjk_word_char", "word_char_pattern",
           "combining_mark_pattern", "HYPHENS", "as_termset"]

#: Characters a hyphen in a term stands for (ASCII hyphen-minus, U+2010, U+2011).
HYPHENS = "-\u2010\u2011"
_HYPHEN_SPLIT = re.compile(f"[{HYPHENS}]")
_ALNUM = r"[^\W_]"
# a letter or digit that is not a CJK character: what a Latin edge may not touch, what '*' takes
_LATIN = f"[^\\W_{CJK_CLASS}]"
# Possessive/atomic: a hyphen slot takes a hyphen, a whitespace run, or nothing, and never gives
# back what it took (no literal starts with a hyphen or whitespace, so this loses no match).
_GAP = f"(?:[{HYPHENS}]|\\s++)?+"
_ALLOWED_KEYS = {"label", "label_ja", "terms", "description", "exclude", "unless", "only"}
_CODE_KEYS = {"label", "label_ja", "rule", "unit", "description"}
#: The table of coding rules in a term file (``[codes.NAME]``): not a family id.
CODES_KEY = "codes"


def is_word_char(ch: str) -> bool:
    """Whether ``ch`` is a word character for rules 2 and 5: a letter, a digit or a combining mark.

    Examples
    --------
    >>> is_word_char("a"), is_word_char("7"), is_word_char("\u0307"), is_word_char("-"), is_word_char("_")
    (True, True, True, False, False)
    """
    return ch.isalnum() or unicodedata.category(ch)[0] == "M"


def is_noncjk_word_char(ch: str) -> bool:
    """A word character that is not a CJK character: what the whole-word rule looks for at a Latin edge.

    Examples
    --------
    >>> is_noncjk_word_char("a"), is_noncjk_word_char("反"), is_noncjk_word_char("\u0307")
    (True, False, True)
    """
    return is_word_char(ch) and not is_cjk(ch)


def _char_class(lo: int, hi: int) -> str:
    """A regex character class of the combining marks in ``[lo, hi)`` (ranges merged)."""
    ranges: list[list[int]] = []
    for i in range(lo, hi):
        if unicodedata.category(chr(i))[0] == "M":
            if ranges and ranges[-1][1] == i - 1:
                ranges[-1][1] = i
            else:
                ranges.append([i, i])
    return "[" + "".join(f"\\U{a:08x}-\\U{b:08x}" if a != b else f"\\U{a:08x}" for a, b in ranges) + "]"


@functools.cache
def _marks() -> tuple[str, str]:
    """(BMP marks class, astral marks as a guarded class): built once, on first use.

    Combining marks outside the BMP live in planes 1 and 14 only (a test checks this for the
    running Python's Unicode); the astral class is guarded by a one-range test, because ``re``
    scans a class with astral ranges one range at a time.
    """
    astral = _char_class(0x10000, 0x20000)[:-1] + _char_class(0xE0000, 0xF0000)[1:]
    return _char_class(0, 0x10000), "(?=[\\U00010000-\\U0010ffff])" + astral


def word_char_pattern() -> str:
    """A regular expression for one word character (:func:`is_word_char`).

    Examples
    --------
    >>> import re
    >>> re.findall(word_char_pattern(), "İ-x_\u0301")
    ['İ', 'x', '\u0301']
    """
    bmp, astral = _marks()
    return f"(?:{_ALNUM}|{bmp}|{astral})"


def combining_mark_pattern() -> str:
    """A regular expression for one combining mark (Unicode category M).

    Examples
    --------
    >>> import re
    >>> bool(re.search(combining_mark_pattern(), "i\u0307")), bool(re.search(combining_mark_pattern(), "é"))
    (True, False)
    """
    bmp, astral = _marks()
    return f"(?:{bmp}|{astral})"


def _not_before(suffix: str, marks: bool, latin: str = _LATIN) -> str:
    """Lookbehinds: no (non-CJK) word character just before the text matched by ``suffix`` (fixed width)."""
    classes = (latin, *_marks()) if marks else (latin,)
    return "".join(f"(?<!{c}{suffix})" for c in classes)


def _not_after(marks: bool, latin: str = _LATIN) -> str:
    classes = (latin, *_marks()) if marks else (latin,)
    return "".join(f"(?!{c})" for c in classes)


def _wildcard(possessive: bool, marks: bool, latin: str = _LATIN) -> str:
    """Zero or more non-CJK word characters; possessive (never gives characters back) unless asked not to."""
    if not marks:
        return latin + ("*+" if possessive else "*")
    bmp, astral = _marks()
    if possessive:
        return f"{latin}*+(?:(?:{bmp}|{astral})++{latin}*+)*+"
    return f"(?:{latin}|{bmp}|{astral})*"


def normalize_term(term: str) -> str:
    """Canonical form of a term: NFKC, case-folded, single spaces, ASCII hyphens.

    Examples
    --------
    >>> normalize_term("  Pre\\u2010emptive   STRIKE ")
    'pre-emptive strike'
    """
    t = unicodedata.normalize("NFKC", term).casefold()
    t = _HYPHEN_SPLIT.sub("-", t)
    return " ".join(t.split())


def _term_problem(term: str) -> str | None:
    """Why a (normalised) term can never match, or None."""
    if not term:
        return "is blank"
    bound = _term_bound(term)
    if bound:
        return bound
    if not any(c.isalnum() for c in term):
        return "has no letter or digit"
    for word in term.split(" "):
        for piece in word.split("-"):
            if piece == "" or piece == "*":
                return "has a hyphen or '*' that does not follow letters (write 'pre-emptive', 'deter*')"
            if "*" in piece[:-1]:
                return "has '*' inside a word; '*' may only end a word ('capabilit*')"
            if piece.endswith("*") and is_cjk(piece[-2]):
                return ("has '*' after a Japanese character; a Japanese term already matches inside longer "
                        "words (write '抑止', not '抑止*')")
    return None


def _term_bound(term: str) -> str | None:
    """Why a term is past a bound of :mod:`termshift.bounds` (its compiled expression grows with its
    characters and pieces: a 400 KB hyphenated term took minutes to compile), or None."""
    from .bounds import limit, past_line

    pieces = term.count(" ") + term.count("-") + 1
    for name, got in (("term_pieces", pieces), ("term_chars", len(term))):
        if got > limit(name):
            reason, fix = past_line(name, got, "a term")
            return f"is too long to compile quickly: {reason}; {fix}"
    return None


@dataclass(frozen=True)
class TermParts:
    """A normalised term cut into pieces: the form every matcher works from.

    Attributes
    ----------
    pieces : tuple of (str, bool)
        ``(literal, wildcard)`` for each piece between spaces and hyphens;
        ``wildcard`` is True when the piece ends in ``*``.
    seps : tuple of str
        ``"space"`` or ``"hyphen"``: what separates piece ``i`` from piece ``i + 1``.
    """

    pieces: tuple[tuple[str, bool], ...]
    seps: tuple[str, ...]

    @property
    def cjk_start(self) -> bool:
        """True when the term starts with a CJK character: no word boundary is required before it."""
        return is_cjk(self.pieces[0][0][0])

    @property
    def cjk_end(self) -> bool:
        """True when the term ends with a CJK character (not a ``*``): no word boundary is required after it."""
        lit, wild = self.pieces[-1]
        return not wild and is_cjk(lit[-1])

    @property
    def backtracks(self) -> bool:
        """True when a ``*`` is followed by a hyphen and a word character (``counter*-strike``).

        There the hyphen may match nothing, so where the wildcard stops inside a word is a choice:
        a backtracking regular expression can take time exponential in the number of such
        wildcards and polynomial in the word's length. :class:`~termshift.matching.Matcher` matches
        these terms with a linear-time automaton instead.
        """
        return any(wild and sep == "hyphen" and is_word_char(self.pieces[i + 1][0][0])
                   for i, ((_, wild), sep) in enumerate(zip(self.pieces, self.seps)))


def parse_term(term: str) -> TermParts:
    """Normalise ``term`` and cut it into pieces and separators.

    Raises
    ------
    TermsError
        The term can never match (blank, no letter or digit, a stray hyphen or ``*``).

    Examples
    --------
    >>> parse_term("Counter-strike capabilit*")
    TermParts(pieces=(('counter', False), ('strike', False), ('capabilit', True)), seps=('hyphen', 'space'))
    >>> parse_term("counter*-strike").backtracks, parse_term("strik* capabilit*").backtracks
    (True, False)
    """
    norm = normalize_term(term)
    problem = _term_problem(norm)
    if problem:
        raise TermsError([f"term {norm!r} {problem}"])
    pieces, seps = [], []
    for wi, word in enumerate(norm.split(" ")):
        if wi:
            seps.append("space")
        for pi, piece in enumerate(word.split("-")):
            if pi:
                seps.append("hyphen")
            pieces.append((piece[:-1], True) if piece.endswith("*") else (piece, False))
    return TermParts(tuple(pieces), tuple(seps))


def term_pattern(term: str, *, marks: bool = True, cjk: bool = True) -> str:
    """Regular expression (for case-folded text) that implements the rules.

    Compilation is linear in the term: one expression, with one character
    class per hyphen (no variants are enumerated). Wildcards, whitespace runs
    and hyphen slots are possessive (they never give characters back), so no
    backtracking is possible and a match attempt is linear in the text it
    reads. The one exception is a ``*`` followed by a hyphen and a word
    character (:attr:`TermParts.backtracks`): there the wildcard must be able
    to give characters back to the next piece, and the expression may
    backtrack on long words; :class:`~termshift.matching.Matcher` uses a
    linear-time automaton for those terms.

    Parameters
    ----------
    term : str
        A term as written in a family file.
    marks : bool, default=True
        Whether combining marks count as word characters. ``False`` gives a
        pattern that is exact only on texts without combining marks, but
        compiles about 50 times faster (the class of all marks is large);
        :class:`~termshift.matching.Matcher` uses it for such texts.
    cjk : bool, default=True
        Whether the text may hold CJK characters. ``False`` gives a pattern that
        is exact only on texts without them (a word character is then any letter
        or digit) and compiles about ten times faster (no CJK ranges to subtract).

    Returns
    -------
    str
        A pattern for :mod:`re`, to be matched against NFKC-normalised,
        case-folded text.

    Examples
    --------
    >>> import re
    >>> p = re.compile(term_pattern("pre-emptive strike"))
    >>> [m.group() for m in p.finditer("pre emptive strike; preemptive\\nstrike; preemptively")]
    ['pre emptive strike', 'preemptive\\nstrike']
    >>> re.findall(term_pattern("capabilit*"), "capability, capabilities, capable")
    ['capability', 'capabilities']
    >>> re.findall(term_pattern("stanbul"), "i\u0307stanbul stanbul")  # "İstanbul" case-folded
    ['stanbul']
    >>> re.findall(term_pattern("反撃能力"), "反撃能力を、反撃能力保有")  # CJK edges: no boundary needed
    ['反撃能力', '反撃能力']
    >>> re.findall(term_pattern("nato"), "nato加盟国 natoX")  # a Latin edge: a CJK neighbour is a boundary
    ['nato']
    """
    parts = parse_term(term)
    pieces, seps = parts.pieces, parts.seps
    latin = _LATIN if cjk else _ALNUM
    out = []
    for i, (lit, wild) in enumerate(pieces):
        out.append(re.escape(lit))
        if i == 0 and not parts.cjk_start:
            # literal first, then the left boundary behind it: lets `re` scan for the literal
            out.append(_not_before(re.escape(lit), marks, latin))
        if wild:
            hard = i < len(seps) and seps[i] == "hyphen" and is_word_char(pieces[i + 1][0][0])
            out.append(_wildcard(not hard, marks, latin))
        if i < len(seps):
            out.append(_GAP if seps[i] == "hyphen" else r"\s++")
    if not parts.cjk_end:
        out.append(_not_after(marks, latin))
    return "".join(out)


@dataclass(frozen=True)
class Condition:
    """A context condition of a family (``unless`` / ``only``): a match of one of the ``near`` families in the
    same sentence, with at most ``window`` tokens strictly between (see :mod:`termshift.rules`)."""

    near: tuple[str, ...]
    window: int


@dataclass(frozen=True)
class Family:
    """One term family: an id, a label for figures (and its Japanese label), its terms, and its rules.

    ``exclude``: terms whose matches mask the family's; ``unless`` / ``only``: context conditions
    (:mod:`termshift.rules`).
    """

    id: str
    label: str
    terms: tuple[str, ...]
    description: str = ""
    label_ja: str = ""
    exclude: tuple[str, ...] = ()
    unless: Condition | None = None
    only: Condition | None = None


@dataclass(frozen=True)
class Code:
    """A coding rule (``[codes.NAME]``): units (document, sentence or paragraph) that satisfy ``rule``
    (:mod:`termshift.rules`), counted as a row like a family."""

    id: str
    label: str
    rule: str
    unit: str = "document"
    description: str = ""
    label_ja: str = ""


def _condition(spec, name: str, where: str, families, problems) -> Condition | None:
    """An ``unless`` / ``only`` table checked: ``{ near = [family ids], window = n }``."""
    if spec is None:
        return None
    example = f'{name} = {{ near = ["negation"], window = 3 }}'
    if not isinstance(spec, Mapping):
        problems.append(f"{where}: {name} must be a table; write {example}")
        return None
    bad = sorted(set(spec) - {"near", "window"})
    if bad:
        problems.append(f"{where}: {name} has unknown key(s) {', '.join(bad)}; write {example}")
    near, window = spec.get("near"), spec.get("window")
    if isinstance(near, str):
        near = [near]
    ok = True
    if not isinstance(near, (list, tuple)) or not near or not all(isinstance(x, str) for x in near):
        problems.append(f"{where}: {name}.near must be a list of family ids; write {example}")
        ok = False
    else:
        for x in near:
            if x not in families:
                problems.append(f"{where}: {name}.near names {x!r}, which is no family; families are "
                                f"{', '.join(families)}: fix the id or add a family [{x}]")
                ok = False
    if isinstance(window, bool) or not isinstance(window, int) or window < 0:
        problems.append(f"{where}: {name}.window must be a whole number of tokens >= 0 (got {window!r}); "
                        f"write {example}")
        ok = False
    if not ok or not isinstance(near, (list, tuple)) or not isinstance(window, int):
        return None
    return Condition(tuple(near), int(window))


def _codes(spec, source: str, families, problems) -> list[Code]:
    """The ``[codes.NAME]`` tables checked (rules by :func:`termshift.rules.check_codes`)."""
    if not isinstance(spec, Mapping):
        problems.append(f"{source}: 'codes' is reserved for coding rules; write [codes.NAME] tables with "
                        "label, rule and unit (or rename the family)")
        return []
    if "terms" in spec:
        problems.append(f"{source}: the table [codes] holds coding rules ([codes.NAME]); a family cannot be "
                        "called 'codes': rename it")
        return []
    out = []
    for cid, c in spec.items():
        where = f"{source}: code {cid!r}"
        if not isinstance(c, Mapping):
            problems.append(f'{where}: is not a table; write [codes.{cid}] followed by rule = "a and b"')
            continue
        if cid in families:
            problems.append(f"{where}: a family has the same id; rename one")
        unknown = sorted(set(c) - _CODE_KEYS)
        if unknown:
            problems.append(f"{where}: unknown key(s) {', '.join(unknown)}; use label, label_ja, rule, unit, "
                            "description")
        rule, unit = c.get("rule"), c.get("unit", "document")
        if not isinstance(rule, str) or not rule.strip():
            problems.append(f'{where}: no rule; add rule = "family_a and family_b"')
            continue
        if unit not in ("document", "sentence", "paragraph"):
            problems.append(f"{where}: unit {unit!r} is not one of document, sentence, paragraph; "
                            'write unit = "sentence" (or "document", "paragraph")')
            unit = "document"
        label = c.get("label", str(cid))
        if not isinstance(label, str) or not label.strip():
            problems.append(f"{where}: label must be a non-empty string")
            label = str(cid)
        label_ja = c.get("label_ja", "")
        out.append(Code(str(cid), label, rule, unit, str(c.get("description", "")),
                        label_ja if isinstance(label_ja, str) else ""))
    from .rule_syntax import check_codes

    problems += check_codes(out, list(families), source)
    return out


class TermSet(Mapping):
    """An ordered, validated collection of :class:`Family` objects (and :class:`Code` rules).

    Iterating yields the ids shown in counts, in file order: the family ids,
    then the code ids (``[codes.NAME]``); indexing by id gives the
    :class:`Family` (or :class:`Code`). :meth:`subset` of a term set with
    rules keeps every family and code for the rules to use and shows only
    the ids asked for.

    Examples
    --------
    >>> ts = TermSet.from_dict({"deterrence": ["deter*"], "pre": {"label": "Preemptive", "terms": ["preemptive"]}})
    >>> list(ts), ts["pre"].label, ts.labels["deterrence"]
    (['deterrence', 'pre'], 'Preemptive', 'deterrence')
    """

    def __init__(self, families, source: str = "<terms>", codes=(), *, shown=None, primary: bool = False):
        self._families = {f.id: f for f in families}
        self.codes = {c.id: c for c in codes}
        self._shown = list(shown) if shown is not None else [*self._families, *self.codes]
        self._primary = primary
        self.source = source

    @classmethod
    def from_dict(cls, mapping: Mapping, source: str = "<dict>") -> TermSet:
        """Build and validate a TermSet from ``{id: [terms]}`` or ``{id: {"label":..., "terms": [...]}}``.

        A family table may add ``exclude``, ``unless`` and ``only``; a ``codes`` table holds coding
        rules (:mod:`termshift.rules`).
        """
        problems, families = [], []
        if not isinstance(mapping, Mapping) or not mapping:
            raise TermsError([f"{source}: no families; add a table such as [counterstrike] with terms = [...]"])
        specs = {k: v for k, v in mapping.items() if k != CODES_KEY}
        fids = [str(k) for k in specs]
        for fid, spec in specs.items():
            where = f"{source}: family {fid!r}"
            if isinstance(spec, (list, tuple)):
                spec = {"terms": list(spec)}
            if not isinstance(spec, Mapping):
                problems.append(f"{where}: is not a table; write [{fid}] followed by terms = [\"...\"]")
                continue
            unknown = sorted(set(spec) - _ALLOWED_KEYS)
            if unknown:
                problems.append(f"{where}: unknown key(s) {', '.join(unknown)}; use label, label_ja, terms, "
                                "description, exclude, unless, only")
            terms = spec.get("terms")
            if terms is None:
                problems.append(f"{where}: no 'terms' list; add terms = [\"...\"]")
                continue
            if isinstance(terms, str) or not isinstance(terms, (list, tuple)):
                problems.append(f"{where}: 'terms' must be a list of strings, e.g. terms = [\"{terms}\"]")
                continue
            if not terms:
                problems.append(f"{where}: empty family; add at least one term")
                continue
            label = spec.get("label", str(fid))
            if not isinstance(label, str) or not label.strip():
                problems.append(f"{where}: label must be a non-empty string")
                label = str(fid)
            label_ja = spec.get("label_ja", "")
            if not isinstance(label_ja, str) or ("label_ja" in spec and not label_ja.strip()):
                problems.append(f"{where}: label_ja must be a non-empty string (the label in Japanese figures)")
                label_ja = ""
            _check_terms(terms, where, problems)
            exclude = spec.get("exclude", [])
            if isinstance(exclude, str) or not isinstance(exclude, (list, tuple)):
                problems.append(f'{where}: exclude must be a list of terms, e.g. exclude = ["{exclude}"]')
                exclude = []
            else:
                _check_terms(exclude, f"{where}: exclude", problems)
            unless = _condition(spec.get("unless"), "unless", where, fids, problems)
            only = _condition(spec.get("only"), "only", where, fids, problems)
            families.append(Family(str(fid), label, tuple(t for t in terms if isinstance(t, str)),
                                   str(spec.get("description", "")), label_ja,
                                   tuple(t for t in exclude if isinstance(t, str)), unless, only))
        codes = _codes(mapping[CODES_KEY], source, fids, problems) if CODES_KEY in mapping else []
        if not specs and not problems:
            problems.append(f"{source}: no families; add a table such as [counterstrike] with terms = [...]")
        if problems:
            raise TermsError(problems, header=f"{len(problems)} problem(s) in the term families of {source}:")
        return cls(families, source=source, codes=codes)

    def __getitem__(self, fid):
        try:
            return self._families[fid]
        except KeyError:
            if fid in self.codes:
                return self.codes[fid]
            raise KeyError(f"no family {fid!r}; families: {', '.join(self._families)}"
                           + (f"; codes: {', '.join(self.codes)}" if self.codes else "")) from None

    def __contains__(self, fid) -> bool:
        return fid in self._families or fid in self.codes

    def __iter__(self):
        return iter(self._shown)

    def __len__(self):
        return len(self._shown)

    def __repr__(self):
        return f"TermSet({', '.join(self._shown)}; from {self.source})"

    @property
    def families(self) -> dict:
        """``{family id: Family}`` of every family (those a subset does not show included)."""
        return dict(self._families)

    @property
    def has_rules(self) -> bool:
        """Whether counting needs the rules (:mod:`termshift.rules`): an ``exclude``, ``unless`` or ``only``,
        a code, or primary mentions asked for (:meth:`with_primary`)."""
        return self._primary or bool(self.codes) or any(f.exclude or f.unless or f.only
                                                        for f in self._families.values())

    def with_primary(self) -> TermSet:
        """This term set, counted with its primary mentions (glosses apart) even without other rules."""
        return TermSet(self._families.values(), self.source, self.codes.values(), shown=self._shown, primary=True)

    @property
    def labels(self) -> dict:
        """``{id: label}`` in file order (families, then codes)."""
        return {fid: self[fid].label for fid in self._shown}

    @property
    def labels_ja(self) -> dict:
        """``{id: Japanese label}`` in file order (the label where there is no ``label_ja``)."""
        return {fid: self[fid].label_ja or self[fid].label for fid in self._shown}

    def subset(self, ids) -> TermSet:
        """A TermSet showing only the named ids (in the order given).

        Without rules it holds only those families; with rules it keeps every family and
        code (the rules may use them: an ``unless``, a gloss, a code) and shows only ``ids``.
        """
        ids = list(ids)
        for i in ids:
            self[i]  # a KeyError naming the families for an unknown id
        if self.has_rules:
            return TermSet(self._families.values(), self.source, self.codes.values(), shown=ids,
                           primary=self._primary)
        return TermSet([self[i] for i in ids], source=self.source)

    def word_families(self) -> TermSet:
        """The families shown, without codes: what a plain :class:`~termshift.matching.Matcher` counts (words,
        not rules; keyness, TF-IDF and co-occurrence use it).

        >>> TermSet.from_dict({"a": ["x"], "codes": {"c": {"rule": "a"}}}).word_families().labels
        {'a': 'a'}
        """
        return self.subset([f for f in self._shown if f in self._families]) if self.codes else self

    def to_dict(self) -> dict:
        """Plain ``{id: {"label": ..., "terms": [...]}}`` (round-trips through :meth:`from_dict`).

        ``label_ja``, ``exclude``, ``unless`` and ``only`` are included for the families that have
        them, and the codes under ``"codes"``.
        """
        out: dict = {}
        fams = self._families.values() if self.has_rules else [self._families[i] for i in self._shown]
        for f in fams:
            d: dict = {"label": f.label, **({"label_ja": f.label_ja} if f.label_ja else {}), "terms": list(f.terms)}
            if f.exclude:
                d["exclude"] = list(f.exclude)
            for name, cond in (("unless", f.unless), ("only", f.only)):
                if cond is not None:
                    d[name] = {"near": list(cond.near), "window": cond.window}
            out[f.id] = d
        if self.codes:
            out[CODES_KEY] = {c.id: {"label": c.label, **({"label_ja": c.label_ja} if c.label_ja else {}),
                                     "rule": c.rule, "unit": c.unit} for c in self.codes.values()}
        return out

    def fingerprint(self) -> str:
        """sha256 of the families' canonical JSON: changes when, and only when, a family (or rule) changes."""
        blob = json.dumps([self.to_dict(), self._primary], sort_keys=True, ensure_ascii=False).encode("utf-8") \
            if self.has_rules else json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()


def _check_terms(terms, where: str, problems: list) -> None:
    """One line per term that is not a string, can never match, or repeats another."""
    seen: dict[str, str] = {}
    for i, term in enumerate(terms, 1):
        if not isinstance(term, str):
            problems.append(f"{where}: term {i} ({term!r}) is not a string; quote it")
            continue
        norm = normalize_term(term)
        problem = _term_problem(norm)
        if problem:
            problems.append(f"{where}: term {term!r} can never match: it {problem}")
        elif norm in seen:
            problems.append(f"{where}: term {term!r} repeats {seen[norm]!r} (terms are compared "
                            "case-folded); remove one")
        else:
            seen[norm] = term


def load_terms(path) -> TermSet:
    """Load and validate term families from a TOML file (or a mapping).

    Parameters
    ----------
    path : str, Path or mapping
        A TOML file with one table per family (``terms`` list, optional
        ``label``), or an already-parsed ``{id: ...}`` mapping.

    Returns
    -------
    TermSet

    Raises
    ------
    TermsError
        The file is missing or not TOML, a family is empty or malformed, or a
        term can never match; one line per problem, naming the family.

    Examples
    --------
    >>> from termshift.paths import TERMS_FILE
    >>> ts = load_terms(TERMS_FILE)
    >>> ts["counterstrike"].label
    'Counterstrike capability'
    """
    if isinstance(path, Mapping):
        return TermSet.from_dict(path)
    return TermSet.from_dict(read_toml(path, TermsError), source=str(path))


def as_termset(terms) -> TermSet:
    """A :class:`TermSet` from a TermSet (returned as is), a TOML path or a mapping (:func:`load_terms`).

    Examples
    --------
    >>> ts = as_termset({"pre": ["preemptive strike"]})
    >>> as_termset(ts) is ts, list(ts)
    (True, ['pre'])
    """
    return terms if isinstance(terms, TermSet) else load_terms(terms)
