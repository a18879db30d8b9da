"""termshift.typing: the aliases of the public API say what the functions accept."""

import typing

import numpy as np

from termshift.periods import FREQS
from termshift.typing import Freq, RandomState


def test_freq_is_the_period_names():
    assert list(typing.get_args(Freq)) == list(FREQS)


def test_random_state_is_a_seed_or_a_generator():
    assert set(typing.get_args(RandomState)) == {int, np.random.Generator}
