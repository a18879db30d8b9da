"""Packages whose names are imported on first use (PEP 562 ``__getattr__``).

``termshift`` and ``termshift.corpus`` list where each public name lives; a
name is imported from its module the first time it is asked for, so that
``import termshift`` -- and the command line, which forks its counting workers
before it needs pandas -- loads nothing heavy until a name asks for it.
"""

from __future__ import annotations

import importlib
import importlib.util

__all__ = ["attribute"]


def attribute(package: str, namespace: dict, homes: dict, name: str):
    """``package``'s attribute ``name``: a public name from its module (``homes``: name -> module),
    kept in ``namespace`` once imported, or a submodule; else AttributeError.

    Examples
    --------
    >>> attribute("termshift", {}, {"load_terms": "terms"}, "load_terms").__name__
    'load_terms'
    >>> attribute("termshift", {}, {}, "stats").__name__
    'termshift.stats'
    """
    home = homes.get(name)
    if home is not None:
        value = getattr(importlib.import_module(f".{home}", package), name)
        namespace[name] = value
        return value
    # a submodule (termshift.stats, termshift.corpus.walk); never a private or dotted name
    if name.isidentifier() and not name.startswith("_") and importlib.util.find_spec(f"{package}.{name}"):
        return importlib.import_module(f".{name}", package)
    raise AttributeError(f"module {package!r} has no attribute {name!r}")
