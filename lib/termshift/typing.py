"""Type aliases shared by the public API (``from termshift.typing import TermsLike``).

Examples
--------
>>> from termshift.typing import Freq
>>> Freq
typing.Literal['day', 'week', 'month', 'quarter', 'year']
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal, Union

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from .terms import TermSet

__all__ = ["PathLike", "TermsLike", "Freq", "RandomState", "FamilyIds"]

#: A file or folder path.
PathLike = Union[str, "os.PathLike[str]"]
#: Term families: a TermSet, a TOML file, or ``{id: [terms]}`` / ``{id: {"label": ..., "terms": [...]}}``.
TermsLike = Union["TermSet", PathLike, Mapping]
#: A period name (pandas aliases such as ``"M"`` are accepted too).
Freq = Literal["day", "week", "month", "quarter", "year"]
#: A seed (the same seed gives the same bytes) or a numpy Generator.
RandomState = Union[int, np.random.Generator]
#: One family id or several.
FamilyIds = Union[str, Sequence[str]]
