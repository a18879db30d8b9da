"""The grammar of coding rules (``[codes.NAME] rule = "a and not near(b, c, 3)"``): parsed and checked.

:func:`parse_rule` turns a rule into a tree; :func:`check_codes` lists every problem of a term file's
codes at once, each naming the code and its fix (unknown families, unbalanced parentheses, unknown
functions, bad arguments, codes referring to each other in a cycle). The term file loader
(:mod:`termshift.terms`) checks codes with it; :mod:`termshift.rules` evaluates the trees.
"""

from __future__ import annotations

import functools
import re

__all__ = ["UNITS", "FUNCTIONS", "RuleSyntaxError", "parse_rule", "check_codes", "inline_codes", "primary_column"]

#: Units a code can count.
UNITS = ("document", "sentence", "paragraph")
#: Functions of the rule grammar, with their arguments.
FUNCTIONS = {"near": "near(a, b, n)", "seq": "seq(a, b, n)"}
_KEYWORDS = ("and", "or", "not")
_TOKEN = re.compile(r"\s*(?:(?P<open>\()|(?P<close>\))|(?P<comma>,)|(?P<name>[^\s(),]+))")


def primary_column(family: str) -> str:
    """The document-counts column of a family's primary mentions (counted matches that are not glosses).

    >>> primary_column("counterstrike")
    'counterstrike:primary'
    """
    return f"{family}:primary"


# ----------------------------------------------------------------------------- the rule grammar


class RuleSyntaxError(Exception):
    """One problem in a rule (the caller adds the code's name)."""


def _tokens(rule: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(rule):
        m = _TOKEN.match(rule, pos)
        if m is None or m.end() == pos:  # only trailing whitespace is left
            break
        kind = m.lastgroup
        assert kind is not None
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


@functools.lru_cache(maxsize=1024)
def parse_rule(rule: str) -> tuple:
    """The tree of a code's rule: ``("id", name)``, ``("not", x)``, ``("and", x, y)``, ``("or", x, y)``,
    ``("near" | "seq", a, b, n)``.

    ``not`` binds tighter than ``and``, ``and`` tighter than ``or``; the keywords are case-insensitive.

    Raises
    ------
    RuleSyntaxError
        Unbalanced parentheses, an unknown function, a missing operand, bad arguments.

    Examples
    --------
    >>> parse_rule("counterstrike and not (preemptive or near(negation, preemptive, 3))")
    ... # doctest: +NORMALIZE_WHITESPACE
    ('and', ('id', 'counterstrike'), ('not', ('or', ('id', 'preemptive'),
     ('near', 'negation', 'preemptive', 3))))
    """
    toks = _tokens(rule)
    depth = 0
    for kind, _ in toks:
        depth += kind == "open"
        depth -= kind == "close"
        if depth < 0:
            raise RuleSyntaxError("unbalanced parentheses: a ')' closes nothing; remove it or add the '('")
    if depth > 0:
        raise RuleSyntaxError(f"unbalanced parentheses: {depth} '(' never closed; add the ')'")
    if not toks:
        raise RuleSyntaxError("the rule is empty; write family ids joined by and / or / not")
    pos = [0]

    def peek():
        return toks[pos[0]] if pos[0] < len(toks) else ("end", "")

    def take():
        tok = peek()
        pos[0] += 1
        return tok

    def keyword(tok, word):
        return tok[0] == "name" and tok[1].lower() == word

    def or_expr():
        left = and_expr()
        while keyword(peek(), "or"):
            take()
            left = ("or", left, and_expr())
        return left

    def and_expr():
        left = unary()
        while keyword(peek(), "and"):
            take()
            left = ("and", left, unary())
        return left

    def unary():
        if keyword(peek(), "not"):
            take()
            return ("not", unary())
        return atom()

    def atom():
        kind, text = take()
        if kind == "open":
            inner = or_expr()
            take()  # the ')' (balanced, checked above)
            return inner
        if kind != "name" or text.lower() in _KEYWORDS:
            where = "the end of the rule" if kind == "end" else repr(text)
            raise RuleSyntaxError(f"a family id is missing before {where}; write e.g. 'a and b'")
        if peek()[0] == "open":
            take()
            args = []
            while peek()[0] not in ("close", "end"):
                k, t = take()
                if k == "name":
                    args.append(t)
                elif k != "comma":
                    form = FUNCTIONS.get(text.lower(), "near(a, b, n)")
                    raise RuleSyntaxError(f"{text}(...): only ids and a number go inside; write {form}")
            take()
            name = text.lower()
            if name not in FUNCTIONS:
                raise RuleSyntaxError(f"unknown function {text!r}; use {' or '.join(FUNCTIONS.values())}")
            if len(args) != 3 or not args[2].isdigit():
                raise RuleSyntaxError(f"{text}({', '.join(args)}): give two family ids and a number of tokens, "
                                      f"e.g. {FUNCTIONS[name]}")
            return (name, args[0], args[1], int(args[2]))
        return ("id", text)

    tree = or_expr()
    if pos[0] != len(toks):
        raise RuleSyntaxError(f"unexpected {peek()[1]!r} after a complete rule; join the parts with and / or")
    return tree


def _ids(tree) -> list[tuple[str, str]]:
    """``(kind, name)`` of every id in a tree: ``("id", x)`` for operands, ``("arg", x)`` for near/seq arguments."""
    if tree[0] == "id":
        return [("id", tree[1])]
    if tree[0] in FUNCTIONS:
        return [("arg", tree[1]), ("arg", tree[2])]
    return [x for sub in tree[1:] for x in _ids(sub)]


def check_codes(codes, families, source: str) -> list[str]:
    """Every problem of the codes' rules, one line each, naming the code and the fix.

    Unknown families, unbalanced parentheses, unknown functions, bad arguments and
    codes that refer to each other in a cycle are all listed at once.

    Examples
    --------
    >>> from termshift.terms import Code
    >>> codes = [Code("a", "A", "cs and (pre"), Code("b", "B", "foo(cs, pre, 2) or c"), Code("c", "C", "b and cs")]
    >>> for line in check_codes(codes, ["cs", "pre"], "t.toml"): print(line)  # doctest: +NORMALIZE_WHITESPACE
    t.toml: code 'a': unbalanced parentheses: 1 '(' never closed; add the ')'
    t.toml: code 'b': unknown function 'foo'; use near(a, b, n) or seq(a, b, n)
    t.toml: codes 'b' -> 'c' -> 'b' refer to each other in a cycle; a code may use another code only if that one
    does not use it back: rewrite one of them with family ids
    """
    problems = []
    code_ids = {c.id for c in codes}
    refs: dict[str, list[str]] = {}
    for code in codes:
        where = f"{source}: code {code.id!r}"
        try:
            tree = parse_rule(code.rule)
        except RuleSyntaxError as err:
            problems.append(f"{where}: {err}")
            # still follow its references for the cycle check, as far as a rough reading finds them
            refs[code.id] = [t for k, t in _tokens(code.rule) if k == "name" and t in code_ids]
            continue
        refs[code.id] = []
        for kind, name in _ids(tree):
            if name in families:
                continue
            if name in code_ids and kind == "id":
                refs[code.id].append(name)
            elif name in code_ids:
                problems.append(f"{where}: {name!r} is a code; near() and seq() take family ids "
                                f"(families are {', '.join(families)})")
            else:
                problems.append(f"{where}: unknown family {name!r} in rule {code.rule!r}; families are "
                                f"{', '.join(families)} (and codes {', '.join(sorted(code_ids))}): fix the id "
                                f"or add a family [{name}]")
    problems += _cycles(refs, source)
    return problems


def _cycles(refs: dict[str, list[str]], source: str) -> list[str]:
    out, seen_cycles = [], set()
    state: dict[str, int] = {}

    def visit(node, path):
        state[node] = 1
        for nxt in refs.get(node, []):
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt):] + [nxt]
                key = frozenset(cycle)
                if key not in seen_cycles:
                    seen_cycles.add(key)
                    out.append(f"{source}: codes {' -> '.join(map(repr, cycle))} refer to each other in a cycle; "
                               "a code may use another code only if that one does not use it back: rewrite one "
                               "of them with family ids")
            elif state.get(nxt) is None:
                visit(nxt, path + [nxt])
        state[node] = 2

    for node in refs:
        if node not in state:
            visit(node, [node])
    return out


def inline_codes(tree, codes):
    """The tree with every code id replaced by that code's rule (no cycles: checked at loading)."""
    if tree[0] == "id":
        return inline_codes(parse_rule(codes[tree[1]].rule), codes) if tree[1] in codes else tree
    if tree[0] in FUNCTIONS:
        return tree
    return (tree[0], *(inline_codes(sub, codes) for sub in tree[1:]))
