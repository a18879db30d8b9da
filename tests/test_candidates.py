"""termshift.candidates: the array steps of the fast matcher, against per-occurrence loops."""

import random
import re

import numpy as np

from termshift.candidates import expand, literal_ok
from termshift.language import is_cjk


def test_expand_gives_one_row_per_occurrence_and_term_of_its_key():
    rng = random.Random(5)
    for _ in range(100):
        n_keys = rng.randint(1, 5)
        terms_of = [[rng.randrange(9) for _ in range(rng.randint(1, 3))] for _ in range(n_keys)]
        key_len = np.array([rng.randint(1, 4) for _ in range(n_keys)])
        key_ptr = np.cumsum([0] + [len(t) for t in terms_of])
        key_terms = np.array([t for ts in terms_of for t in ts])
        keys = np.array([rng.randrange(n_keys) for _ in range(rng.randint(0, 6))], dtype=np.int64)
        ends = np.array([rng.randint(5, 50) for _ in keys], dtype=np.int64)
        starts, terms = expand(ends, keys, key_len, key_ptr, key_terms)
        loop = [(e - key_len[k] + 1, t) for e, k in zip(ends, keys) for t in terms_of[k]]
        assert sorted(zip(starts.tolist(), terms.tolist())) == sorted((int(a), b) for a, b in loop)


def test_literal_ok_is_a_whole_word_test():
    text = "war, warfare, toward war 戦争war"
    found = [(m.start(), m.end()) for m in re.finditer("war", text)]
    starts, ends = np.array([a for a, _ in found]), np.array([b for _, b in found])
    none = np.zeros(len(found), bool)
    got = literal_ok(text, starts, ends, none, none).tolist()

    def word(c):  # a letter or digit that is not CJK: Japanese needs no space before an English word
        return c.isalnum() and not is_cjk(c)

    naive = [not (a > 0 and word(text[a - 1])) and not (b < len(text) and word(text[b])) for a, b in found]
    assert got == naive == [True, False, False, True, True]
