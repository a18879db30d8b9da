"""termshift.scanner: every backend reports exactly the occurrences a naive search finds."""

import random

import pytest

from termshift.errors import ParameterError
from termshift.scanner import BOUNDARY_CHARS, SCANNERS, default_scanner, make_scanner


def available():
    names = ["ahocorasick"]
    try:
        import hyperscan  # noqa: F401
    except ImportError:
        return names
    return names + ["hyperscan"]


def naive(keys, text, bounded=()):
    """Every (end, value) of every occurrence, overlapping ones included; a bounded key not right
    after a letter or digit."""
    found = []
    for key, value in keys.items():
        start = text.find(key)
        while start != -1:
            if not (key in bounded and start > 0 and text[start - 1] in BOUNDARY_CHARS):
                found.append((start + len(key) - 1, value))
            start = text.find(key, start + 1)
    return sorted(found)


@pytest.mark.parametrize("name", available())
def test_backends_agree_with_a_naive_search(name):
    rng = random.Random(11)
    alphabet = "ab c反撃é"
    for _ in range(200):
        keys = {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3))): i for i in range(rng.randint(1, 5))}
        keys = {k: v for k, v in keys.items() if k.strip()}
        if not keys:
            continue
        bounded = {k for k in keys if rng.random() < 0.5}
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        got = sorted(make_scanner(keys, name, bounded=bounded).iter(text))
        assert got == naive(keys, text, bounded), (keys, bounded, text)


def test_by_hand_and_bad_names():
    assert sorted(make_scanner({"ab": 1, "b": 2}, "ahocorasick").iter("abab")) == [(1, 1), (1, 2), (3, 1), (3, 2)]
    # bounded: "b" right after "a" (a letter) is not a match; after a space it is
    assert sorted(make_scanner({"b": 2}, "ahocorasick", bounded={"b"}).iter("ab b")) == [(3, 2)]
    assert default_scanner() in SCANNERS
    with pytest.raises(ParameterError, match="scanner='regex': use one of hyperscan, ahocorasick"):
        make_scanner({"a": 1}, "regex")
