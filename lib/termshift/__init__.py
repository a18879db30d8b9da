"""termshift: measure how framing terms shift across dated documents.

The top level re-exports what a notebook needs; each name lives in one small
module named for what it holds. The one list of public names, layer by layer,
is the stub ``termshift/__init__.pyi`` beside this file: type checkers and
editors read it, and :func:`lazy_loader.attach_stub` reads it at run time, so
that each name is imported from its module on first use (``termshift.load_corpus``
loads the loader, and pandas, the first time it is asked for) and
``import termshift`` and ``termshift --help`` stay cheap (no pandas).

The modules come in layers, listed in ``tests/layers.toml``: a module imports
only from its own layer and the layers before it, and the import graph has no
cycle (``tests/test_quality.py`` checks both with :mod:`ast`).
"""

import importlib.util

import lazy_loader

__version__ = "0.2.0"

__getattr__, __dir__, _names = lazy_loader.attach_stub(__name__, __file__)

#: ``from termshift import *`` gives the public names, not the submodules (``termshift.typing`` and
#: ``termshift.errors`` would shadow what a notebook calls ``typing`` or ``errors``).
__all__ = ["__version__", *(n for n in _names if importlib.util.find_spec(f"{__name__}.{n}") is None)]
