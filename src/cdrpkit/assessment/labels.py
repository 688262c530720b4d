"""Columns of labels from a small set, kept as integer codes until they become Categoricals."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["CODE_SPAN", "Labels", "categorical", "codes_of"]

#: A row key packs a target's position and a period code: ``target * CODE_SPAN + code``.
CODE_SPAN = 10**8


@attrs.define
class Labels:
    """A column of labels from a small set, as codes into ``names`` (distinct): it becomes
    a pandas Categorical without a string per row ever being made."""

    codes: np.ndarray
    names: Sequence[str]

    def categorical(self) -> pd.Categorical:
        return categorical(self.codes, self.names)


def categorical(codes: np.ndarray, names: Any, used: np.ndarray | None = None
                ) -> pd.Categorical:
    """A Categorical of ``names[codes]`` (``names`` distinct) keeping only the names used
    (``used``, one flag per name, when the caller knows them)."""
    import numpy as np
    import pandas as pd

    categories = pd.Index(names, dtype=object)
    if used is None:
        used = np.bincount(codes, minlength=len(categories)) > 0
    if not used.all():
        codes = (np.cumsum(used) - 1)[codes]
        categories = categories[used]
    return pd.Categorical.from_codes(codes, categories=categories, validate=False)


def codes_of(values: Any, names: Any) -> tuple[np.ndarray, pd.Index, np.ndarray]:
    """Codes of ``values`` (pandas' hash table), their distinct values, and the codes of
    ``names`` (-1 where a name is absent)."""
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(values)
    index = pd.Index(np.asarray(uniques, dtype=object))
    return codes, index, index.get_indexer(names)
