"""Term families: named sets of terms that count as one framing.

A family file is TOML, one table per family id::

    [counterstrike]
    label = "Counterstrike capability"
    terms = ["counter-strike capabilit*", "counter-strike", "counterattack capabilit*"]

The matching rules (NFKC + case folding; whole words; a space matches any
whitespace run; a hyphen matches a hyphen, a space or nothing; a trailing
``*`` matches further letters or digits; longest match wins within a family;
families are independent) are implemented by :func:`term_pattern` and
:mod:`termshift.matching`, and listed in the README.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from ._toml import read_toml
from .errors import TermsError

__all__ = ["Family", "TermSet", "load_terms", "term_pattern", "normalize_term", "HYPHENS"]

#: Characters a hyphen in a term stands for (ASCII hyphen-minus, U+2010, U+2011).
HYPHENS = "-\u2010\u2011"
_HYPHEN_SPLIT = re.compile(f"[{HYPHENS}]")
_ALNUM = r"[^\W_]"
_GAP = f"(?:[{HYPHENS}]|\\s+)?"
_ALLOWED_KEYS = {"label", "terms", "description"}


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
    if not any(c.isalnum() for c in term):
        return "has no letter or digit"
    for word in term.split(" "):
        for piece in word.split("-"):
            if piece == "" or piece == "*":
                return "has a hyphen or '*' that does not follow letters (write 'pre-emptive', 'deter*')"
            if "*" in piece[:-1]:
                return "has '*' inside a word; '*' may only end a word ('capabilit*')"
    return None


def term_pattern(term: str) -> str:
    """Regular expression (for case-folded text) that implements the rules.

    Parameters
    ----------
    term : str
        A term as written in a family file.

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
    """
    term = normalize_term(term)
    problem = _term_problem(term)
    if problem:
        raise TermsError([f"term {term!r} {problem}"])
    words = []
    for word in term.split(" "):
        pieces = []
        for piece in word.split("-"):
            if piece.endswith("*"):
                pieces.append(re.escape(piece[:-1]) + _ALNUM + "*")
            else:
                pieces.append(re.escape(piece))
        words.append(_GAP.join(pieces))
    return f"(?<!{_ALNUM})" + r"\s+".join(words) + f"(?!{_ALNUM})"


@dataclass(frozen=True)
class Family:
    """One term family: an id, a label for figures, and its terms."""

    id: str
    label: str
    terms: tuple[str, ...]
    description: str = ""


class TermSet(Mapping):
    """An ordered, validated collection of :class:`Family` objects.

    Iterating yields family ids in file order; indexing by id gives the
    :class:`Family`.

    Examples
    --------
    >>> ts = TermSet.from_dict({"deterrence": ["deter*"], "pre": {"label": "Preemptive", "terms": ["preemptive"]}})
    >>> list(ts), ts["pre"].label, ts.labels["deterrence"]
    (['deterrence', 'pre'], 'Preemptive', 'deterrence')
    """

    def __init__(self, families, source: str = "<terms>"):
        self._families = {f.id: f for f in families}
        self.source = source

    @classmethod
    def from_dict(cls, mapping: Mapping, source: str = "<dict>") -> TermSet:
        """Build and validate a TermSet from ``{id: [terms]}`` or ``{id: {"label":..., "terms": [...]}}``."""
        problems, families = [], []
        if not isinstance(mapping, Mapping) or not mapping:
            raise TermsError([f"{source}: no families; add a table such as [counterstrike] with terms = [...]"])
        for fid, spec in mapping.items():
            where = f"{source}: family {fid!r}"
            if isinstance(spec, (list, tuple)):
                spec = {"terms": list(spec)}
            if not isinstance(spec, Mapping):
                problems.append(f"{where}: is not a table; write [{fid}] followed by terms = [\"...\"]")
                continue
            unknown = sorted(set(spec) - _ALLOWED_KEYS)
            if unknown:
                problems.append(f"{where}: unknown key(s) {', '.join(unknown)}; use label, terms, description")
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
            seen = {}
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
            families.append(Family(str(fid), label, tuple(t for t in terms if isinstance(t, str)),
                                   str(spec.get("description", ""))))
        if problems:
            raise TermsError(problems, header=f"{len(problems)} problem(s) in the term families of {source}:")
        return cls(families, source=source)

    def __getitem__(self, fid) -> Family:
        try:
            return self._families[fid]
        except KeyError:
            raise KeyError(f"no family {fid!r}; families: {', '.join(self._families)}") from None

    def __iter__(self):
        return iter(self._families)

    def __len__(self):
        return len(self._families)

    def __repr__(self):
        return f"TermSet({', '.join(self._families)}; from {self.source})"

    @property
    def labels(self) -> dict:
        """``{family id: label}`` in file order."""
        return {fid: f.label for fid, f in self._families.items()}

    def subset(self, ids) -> TermSet:
        """A TermSet with only the named families (in the order given)."""
        return TermSet([self[i] for i in ids], source=self.source)

    def to_dict(self) -> dict:
        """Plain ``{id: {"label": ..., "terms": [...]}}`` (round-trips through :meth:`from_dict`)."""
        return {f.id: {"label": f.label, "terms": list(f.terms)} for f in self._families.values()}

    def fingerprint(self) -> str:
        """sha256 of the families' canonical JSON: changes when, and only when, a family changes."""
        blob = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()


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
