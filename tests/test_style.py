"""termshift.style: journal figure sizes, and a style that applies inside `with use_style()` only."""

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest

from termshift.errors import ParameterError
from termshift.style import WIDTHS, figsize, subplots, use_style


def test_figure_sizes_by_hand():
    assert WIDTHS == {"one": 3.5, "two": 7.2}
    assert figsize("one") == (3.5, 2.17) and figsize("two", aspect=0.5) == (7.2, 3.6) and figsize(3, 0.5) == (3.0, 1.5)
    with pytest.raises(ParameterError, match="width='three': use 'one', 'two' or a width in inches"):
        figsize("three")
    with pytest.raises(ParameterError, match="width and aspect must be positive"):
        figsize(3, aspect=0)


def test_the_style_applies_inside_the_block_and_is_undone_after():
    before = mpl.rcParams["font.size"]
    with use_style():
        inside = mpl.rcParams["font.size"]
    assert inside == 8.0 and mpl.rcParams["font.size"] == before


def test_subplots_makes_a_figure_of_the_asked_size():
    fig, ax = subplots()
    assert tuple(fig.get_size_inches()) == figsize("one") and ax.figure is fig
    fig2, axes = subplots(2, width="two")
    assert len(axes) == 2 and tuple(fig2.get_size_inches()) == (7.2, pytest.approx(4.464))
    plt.close("all")
