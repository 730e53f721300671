"""Per-seed data classes with __slots__ that still unpickle fast.

Thousands of small records (briefings, actor mentions, quotes) live in the
cache: slots save a third of their memory, but a slotted dataclass unpickles
through a Python-level __setstate__ at twice the cost. Pickling them as their
constructor's arguments keeps both.
"""

from __future__ import annotations

import dataclasses
from typing import Any


class Compact:
    __slots__ = ()

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        kind = type(self)
        names = _FIELDS.get(kind)
        if names is None:
            names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(self))  # type: ignore[arg-type]
        return kind, tuple(getattr(self, name) for name in names)


_FIELDS: dict[type, tuple[str, ...]] = {}
