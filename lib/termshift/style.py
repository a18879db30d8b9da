"""The termshift figure style: journal sizes, a colour-blind-safe palette, styled figures.

:data:`STYLE` (applied by :func:`use_style`) uses the colour-blind-safe
Okabe-Ito palette (:data:`PALETTE`) and DejaVu Sans, which ships with
matplotlib, so text renders the same on every machine, falling back to
IPAexGothic (:data:`CJK_FONT`, shipped by the ``matplotlib-fontja`` package and
registered with matplotlib by :func:`use_style`) for Japanese glyphs, so
反撃能力 is drawn, not boxes, and Latin text is unchanged; :func:`figsize` gives
one-column (3.5 in) and two-column (7.2 in) sizes, and :func:`subplots` /
:func:`figure` make a styled figure in one call. The plot functions of
:mod:`termshift.plots` draw with whatever style is in force.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from .errors import ParameterError

__all__ = ["STYLE", "PALETTE", "WIDTHS", "CJK_FONT", "use_style", "figsize", "subplots", "figure",
           "register_cjk_font"]

#: The shipped matplotlib style file.
STYLE = Path(__file__).with_name("termshift.mplstyle")

#: Okabe & Ito (2008) colour-blind-safe palette, in the order families are coloured.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000", "#F0E442")

#: Figure widths in inches: one journal column and the full two-column page.
WIDTHS = {"one": 3.5, "two": 7.2}

#: The Japanese fallback font of the style (IPAexGothic, from the ``matplotlib-fontja`` package).
CJK_FONT = "IPAexGothic"


def register_cjk_font() -> Path | None:
    """Make :data:`CJK_FONT` known to matplotlib (once); its file, or None if the package is missing.

    The font comes with the environment from the package index (``matplotlib-fontja``), never
    from the system, so figures with Japanese text are the same bytes on every machine. The
    package is not imported (importing it would make IPAexGothic the font of every text).

    Examples
    --------
    >>> register_cjk_font().name
    'ipaexg.ttf'
    """
    import importlib.util

    from matplotlib import font_manager

    spec = importlib.util.find_spec("matplotlib_fontja")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "fonts" / "ipaexg.ttf"
    if not path.is_file():
        return None
    if not any(Path(f.fname) == path for f in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(str(path))
    return path


class _StyleContext:
    """The termshift style, applied on creation; restores the previous rcParams on ``__exit__``."""

    # Contexts not (yet) exited. Holding them matters: ``use_style()`` called on its
    # own drops the object, and a collected rc_context generator would restore the
    # old settings at once.
    _open: list = []

    def __init__(self, rc=None):
        register_cjk_font()
        self._saved = mpl.rc_context()
        self._saved.__enter__()
        try:
            mpl.style.use(STYLE)
            if rc:
                mpl.rcParams.update(rc)
        except Exception:
            self._saved.__exit__(None, None, None)
            raise
        self._open.append(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self in self._open:
            self._open.remove(self)
            # The interactive state belongs to the backend, not to the style: Jupyter's inline
            # backend switches it on lazily (inside the first block that draws), and restoring
            # the old value would stop every later figure cell from showing its figure.
            interactive = mpl.rcParams["interactive"]
            self._saved.__exit__(None, None, None)
            mpl.interactive(interactive)
        return False


def use_style(rc=None):
    """Apply the termshift style, for a session or for a ``with`` block.

    Parameters
    ----------
    rc : dict, optional
        rcParams that override the style (``{"font.size": 9}``).

    Returns
    -------
    context manager
        Called on its own the style stays in force (like
        ``matplotlib.style.use``); used in ``with use_style():`` the previous
        settings come back at the end of the block, except the backend's
        interactive state (:func:`matplotlib.is_interactive`), which is left
        as the backend set it, so figures keep displaying in Jupyter.

    Examples
    --------
    >>> import matplotlib as mpl
    >>> with use_style({"font.size": 9}):
    ...     mpl.rcParams["font.sans-serif"][0], mpl.rcParams["font.size"]
    ('DejaVu Sans', 9.0)
    """
    return _StyleContext(rc)


def figsize(width="one", aspect=0.62):
    """Figure size in inches for a journal column.

    Parameters
    ----------
    width : {"one", "two"} or float, default="one"
        One column (3.5 in), two columns (7.2 in), or a width in inches.
    aspect : float, default=0.62
        Height as a fraction of the width.

    Examples
    --------
    >>> figsize("one"), figsize("two", aspect=0.5)
    ((3.5, 2.17), (7.2, 3.6))
    """
    if isinstance(width, str):
        try:
            w = WIDTHS[width]
        except KeyError:
            raise ParameterError([f"width={width!r}: use 'one', 'two' or a width in inches"]) from None
    else:
        w = float(width)
    if not (w > 0 and aspect > 0):
        raise ParameterError([f"figsize({width!r}, aspect={aspect!r}): width and aspect must be positive"])
    return (w, round(w * aspect, 3))


def subplots(n=1, *, width="one", aspect=0.62, **kwargs):
    """A new figure with the termshift style and its Axes: the figure block of a notebook in one call.

    Parameters
    ----------
    n : int or (int, int), default=1
        Panels in one row, or ``(rows, columns)``.
    width : {"one", "two"} or float, default="one"
        Figure width (see :func:`figsize`).
    aspect : float, default=0.62
        Height as a fraction of the width.
    **kwargs
        Passed to :func:`matplotlib.pyplot.subplots` (``sharex=True``,
        ``gridspec_kw=...``); ``layout`` defaults to ``"constrained"``.

    Returns
    -------
    fig : Figure
    ax : Axes or ndarray of Axes
        One Axes for a single panel, else an array (as ``plt.subplots``).

    Notes
    -----
    The style applies while the figure and its Axes are made; draw inside
    ``with use_style():`` (or call ``use_style()`` once at the top of a
    notebook) so that what you draw next uses it too.

    Examples
    --------
    >>> fig, ax = subplots(width="two", aspect=0.4)
    >>> [float(v) for v in fig.get_size_inches()], ax.spines["top"].get_visible()
    ([7.2, 2.88], False)
    >>> fig, axs = subplots(2)
    >>> axs.shape
    (2,)
    >>> plt.close("all")
    """
    if isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n >= 1:
        shape = (1, int(n))
    elif (isinstance(n, tuple) and len(n) == 2
          and all(isinstance(k, (int, np.integer)) and not isinstance(k, bool) and k >= 1 for k in n)):
        shape = (int(n[0]), int(n[1]))
    else:
        raise ParameterError([f"n={n!r}: give the number of panels (at least 1) or (rows, columns)"])
    kwargs.setdefault("layout", "constrained")
    with use_style():
        return plt.subplots(*shape, figsize=figsize(width, aspect), **kwargs)


def figure(*, width="one", aspect=0.62, **kwargs):
    """A new empty figure with the termshift style (for small multiples such as :func:`plot_top_terms`).

    Parameters
    ----------
    width, aspect
        As for :func:`subplots`.
    **kwargs
        Passed to :func:`matplotlib.pyplot.figure`; ``layout`` defaults to ``"constrained"``.

    Examples
    --------
    >>> fig = figure(width="two", aspect=0.5)
    >>> [float(v) for v in fig.get_size_inches()]
    [7.2, 3.6]
    >>> plt.close(fig)
    """
    kwargs.setdefault("layout", "constrained")
    with use_style():
        return plt.figure(figsize=figsize(width, aspect), **kwargs)
