"""Longest match of one term from a given start, in time linear in the text: a lazy DFA.

The matcher (:mod:`termshift.matching`) confirms most terms with their regular
expression; a term whose expression could backtrack (a ``*`` followed by a
hyphen, :attr:`termshift.terms.TermParts.backtracks`) is confirmed by this
automaton instead. Tests compare it with the expressions and a naive
implementation (tests/test_matching.py).
"""

from __future__ import annotations

from .terms import HYPHENS, TermParts, is_noncjk_word_char

__all__ = ["TermAutomaton"]

_ACCEPT = ("accept",)


class TermAutomaton:
    """Longest match of one term from a given start, in time linear in the text it reads.

    A Thompson automaton of the term (states: inside a literal, inside a
    wildcard, after a piece waiting for a hyphen or whitespace, inside a
    whitespace run), simulated on sets of states that are cached as a lazy DFA.
    Used for the terms whose regular expression could backtrack
    (:attr:`termshift.terms.TermParts.backtracks`); it implements the same
    rules (tests compare it with the regular expressions and the naive
    implementation).
    """

    _MAX_STATES = 4096

    def __init__(self, parts: TermParts):
        self.pieces, self.seps = parts.pieces, parts.seps
        self.cjk_start, self._free_end = parts.cjk_start, parts.cjk_end
        self._literal_chars = frozenset(c for lit, _ in self.pieces for c in lit)
        self._char_info: dict = {}
        self._reset()

    def _reset(self):
        self._ids: dict = {}
        self._sets: list = []
        self._accepts: list = []
        self._moves: list = []
        self._start = self._intern(self._closure([("L", 0, 0)]))

    def _intern(self, states: frozenset) -> int:
        if not states:
            return -1
        sid = self._ids.get(states)
        if sid is None:
            sid = self._ids[states] = len(self._sets)
            self._sets.append(states)
            self._accepts.append(_ACCEPT in states)
            self._moves.append({})
        return sid

    def _closure(self, todo) -> frozenset:
        out, seen = set(), set()
        last = len(self.pieces) - 1
        while todo:
            st = todo.pop()
            if st in seen:
                continue
            seen.add(st)
            kind, k = st[0], st[1]
            if kind == "L":
                lit, wild = self.pieces[k]
                if st[2] < len(lit):
                    out.add(st)
                else:
                    todo.append(("W", k) if wild else ("D", k))
            elif kind == "W":
                out.add(st)
                todo.append(("D", k))
            elif kind == "D":  # piece k complete
                if k == last:
                    out.add(_ACCEPT)
                else:
                    out.add(("G", k))
                    if self.seps[k] == "hyphen":
                        todo.append(("L", k + 1, 0))  # the hyphen matches nothing
            elif kind == "S":
                out.add(st)
                todo.append(("L", k + 1, 0))
        return frozenset(out)

    def _info(self, ch: str):
        info = self._char_info.get(ch)
        if info is None:
            word = is_noncjk_word_char(ch)
            key = ch if ch in self._literal_chars else (word, ch.isspace(), ch in HYPHENS)
            if len(self._char_info) > 100_000:
                self._char_info.clear()
            info = self._char_info[ch] = (key, word)
        return info

    def _move(self, sid: int, key, ch: str) -> int:
        word, space, hyphen = is_noncjk_word_char(ch), ch.isspace(), ch in HYPHENS
        nxt: list[tuple] = []
        for st in self._sets[sid]:
            kind = st[0]
            if kind == "L":
                if self.pieces[st[1]][0][st[2]] == ch:
                    nxt.append(("L", st[1], st[2] + 1))
            elif kind == "W":
                if word:
                    nxt.append(st)
            elif kind == "G":
                if space:
                    nxt.append(("S", st[1]))
                elif hyphen and self.seps[st[1]] == "hyphen":
                    nxt.append(("L", st[1] + 1, 0))
            elif kind == "S":
                if space:
                    nxt.append(st)
        target = self._intern(self._closure(nxt))
        self._moves[sid][key] = target
        return target

    def longest(self, text: str, start: int) -> int:
        """End of the longest match starting at ``start`` (the left boundary is the caller's), or -1."""
        if len(self._sets) > self._MAX_STATES:
            self._reset()
        sid, best, p, n = self._start, -1, start, len(text)
        accepts, moves, info, free_end = self._accepts, self._moves, self._info, self._free_end
        while True:
            if p == n:
                return p if accepts[sid] else best
            key, word = info(text[p])
            if accepts[sid] and (free_end or not word):
                best = p
            nxt = moves[sid].get(key)
            if nxt is None:
                nxt = self._move(sid, key, text[p])
            if nxt < 0:
                return best
            sid = nxt
            p += 1
