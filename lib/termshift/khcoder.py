"""Read a KH Coder coding-rule file into codes over term families.

KH Coder (Higuchi) writes coding rules as a text file: a line ``*name`` starts a
code, the lines after it (up to the next ``*name``) hold its condition, and
``#`` starts a comment::

    *legitimised
    反撃能力 and 専守防衛
    *denial
    near(否定-先制攻撃)

:func:`read_khcoder` turns the subset of that syntax that maps onto term
families into ``[codes.NAME]`` rules (:mod:`termshift.rules`):

* a word that is a term of exactly one family, or a family id, becomes that
  family (``反撃能力`` -> ``counterstrike``);
* ``and``, ``or``, ``not``, ``and not`` and parentheses are kept;
* ``<*name>`` (another code) becomes that code's id;
* ``near(a-b)`` and ``seq(a-b)`` become ``near(a, b, n)`` / ``seq(a, b, n)``
  with ``n`` = ``window`` (KH Coder's default, 10 words, unless
  ``near(a-b)[n]`` gives it).

Everything else is refused, one line per problem naming the file, the line
and the fix: a word that is no term of any family (or of several), a
part-of-speech or variable condition (``<>`` fields, ``lemma=``),
``seq(a-b-c)`` with more than two words, a ``near`` option other than the
window. Nothing is dropped silently: a file with any refused line gives no codes.

Examples
--------
>>> import tempfile, pathlib
>>> from termshift.terms import TermSet
>>> ts = TermSet.from_dict({"counterstrike": ["反撃能力"], "exclusive_defense": ["専守防衛"], "pre": ["先制攻撃"],
...                         "negation": ["許されない"]})
>>> f = pathlib.Path(tempfile.mkdtemp()) / "rules.txt"
>>> _ = f.write_text("*legitimised\\n反撃能力 and 専守防衛\\n*denial\\nnear(許されない-先制攻撃)[3]\\n",
...                  encoding="utf-8")
>>> read_khcoder(f, ts)  # doctest: +NORMALIZE_WHITESPACE
{'legitimised': {'label': 'legitimised', 'rule': 'counterstrike and exclusive_defense', 'unit': 'document'},
 'denial': {'label': 'denial', 'rule': 'near(negation, pre, 3)', 'unit': 'document'}}
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from .errors import TermsError
from .terms import TermSet, normalize_term

__all__ = ["read_khcoder", "with_khcoder_codes", "KH_WINDOW"]

#: Words between the two of ``near(a-b)`` when the file gives no ``[n]`` (KH Coder's default).
KH_WINDOW = 10
_TOKEN = re.compile(r"\s*(?:(?P<func>(?:near|seq)\((?P<args>[^()]*)\)(?:\[(?P<opt>[^\]]*)\])?)|(?P<code><\*[^>]+>)"
                    r"|(?P<paren>[()])|(?P<word>[^\s()]+))", re.IGNORECASE)
_KEYWORDS = {"and", "or", "not"}


def read_khcoder(path, terms: TermSet, *, unit: str = "document", window: int = KH_WINDOW) -> dict:
    """The codes of a KH Coder coding-rule file, as ``{name: {"label", "rule", "unit"}}`` for a term file.

    Parameters
    ----------
    path : str or Path
        The coding-rule file (UTF-8; ``*name`` lines, each followed by its condition).
    terms : TermSet
        The families the words are looked up in (a word must be a term of one family, or a family id).
    unit : {"document", "sentence", "paragraph"}, default="document"
        The unit every code counts (KH Coder chooses it when it counts, not in the file).
    window : int
        Tokens allowed between the words of ``near``/``seq`` when the file gives none.

    Raises
    ------
    TermsError
        Every line that does not map onto families, each named with the file, its line number and the fix.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise TermsError([f"{path}: cannot be read as UTF-8 text ({e}); save the coding rules as UTF-8"]) from None
    by_term: dict[str, set[str]] = {}
    for fid, fam in terms.families.items():
        for t in fam.terms:
            by_term.setdefault(normalize_term(t), set()).add(fid)
    problems: list[str] = []
    codes: dict[str, dict] = {}
    names: dict[str, str] = {}
    current: str | None = None
    body: dict[str, list[tuple[int, str]]] = {}
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("*"):
            current = line[1:].strip()
            if not current or current in body:
                problems.append(f"{path}:{lineno}: code {line!r} is empty or repeated; give each code its own "
                                "*name")
                current = None
                continue
            body[current] = []
            names[current] = _code_id(current)
            continue
        if current is None:
            problems.append(f"{path}:{lineno}: {line!r} comes before any *name line; start each code with *name")
            continue
        body[current].append((lineno, line))
    for name, lines in body.items():
        if not lines:
            problems.append(f"{path}: code *{name} has no condition; add a line after it")
            continue
        parts = []
        for lineno, line in lines:
            rule = _translate(line, by_term, terms, names, window, f"{path}:{lineno}", problems)
            if rule is not None:
                parts.append(rule)
        if len(parts) == len(lines):
            rule = parts[0] if len(parts) == 1 else " or ".join(f"({p})" for p in parts)
            codes[names[name]] = {"label": name, "rule": rule, "unit": unit}
    if problems:
        raise TermsError(problems, header=f"{len(problems)} coding rule(s) of {path} do not map onto term families:")
    return codes


def _code_id(name: str) -> str:
    """A code id from a KH Coder name (spaces and symbols as ``_``)."""
    return re.sub(r"[^\w-]+", "_", name).strip("_") or "code"


def _family_of(word: str, by_term, terms: TermSet, where: str, problems) -> str | None:
    if word in terms.families:
        return word
    fams = by_term.get(normalize_term(word), set())
    if len(fams) == 1:
        return next(iter(fams))
    if not fams:
        problems.append(f"{where}: {word!r} is no term of any family; add it to a family's terms (or write "
                        "the family id)")
    else:
        problems.append(f"{where}: {word!r} is a term of several families ({', '.join(sorted(fams))}); write "
                        "the family id instead")
    return None


def _translate(line: str, by_term, terms: TermSet, names, window: int, where: str, problems) -> str | None:
    """One condition line as a rule of :mod:`termshift.rules`; None (with problems) when it does not map."""
    out, pos, before = [], 0, len(problems)
    while pos < len(line):
        m = _TOKEN.match(line, pos)
        if m is None or m.end() == pos:
            break
        pos = m.end()
        if m.group("func"):
            func = m.group("func").split("(")[0].lower()
            args = [a.strip() for a in m.group("args").split("-")]
            opt = (m.group("opt") or "").strip()
            n = window
            if opt:
                if opt.isdigit():
                    n = int(opt)
                else:
                    problems.append(f"{where}: {func}() option [{opt}] is not supported; only a number of "
                                    "words, e.g. near(a-b)[5]")
            if len(args) != 2 or not all(args):
                problems.append(f"{where}: {m.group('func')!r}: only two words are supported; split it into "
                                f"{func}(a-b) and {func}(b-c) joined by and")
                continue
            fams = [_family_of(a, by_term, terms, where, problems) for a in args]
            if None not in fams:
                out.append(f"{func}({fams[0]}, {fams[1]}, {n})")
        elif m.group("code"):
            ref = m.group("code")[2:-1].strip()
            if ref not in names:
                problems.append(f"{where}: <*{ref}> names no code of this file; define *{ref} or fix the name")
            else:
                out.append(names[ref])
        elif m.group("paren"):
            out.append(m.group("paren"))
        else:
            word = m.group("word")
            if word.lower() in _KEYWORDS:
                out.append(word.lower())
            elif any(c in word for c in "<>=") or word.startswith("'"):
                problems.append(f"{where}: {word!r} is a KH Coder condition on parts of speech, fields or "
                                "variables, which term families cannot express; remove it or code it by hand")
            else:
                fam = _family_of(word, by_term, terms, where, problems)
                if fam is not None:
                    out.append(fam)
    if len(problems) > before:
        return None
    return " ".join(out).replace("( ", "(").replace(" )", ")")


def with_khcoder_codes(terms: TermSet, path, **options) -> TermSet:
    """``terms`` with the codes of a KH Coder coding-rule file added (checked as any ``[codes.NAME]``)."""
    spec: dict = terms.to_dict()
    existing = spec.get("codes", {})
    added = read_khcoder(path, terms, **options)
    spec["codes"] = {**(existing if isinstance(existing, Mapping) else {}), **added}
    return TermSet.from_dict(spec, source=f"{terms.source} + {path}")
