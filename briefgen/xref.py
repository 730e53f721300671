"""The cross-reference of all briefings, as data.

crossref.py makes it; the site reads it; the build record keeps it, and loads
it without importing the analysis that crossref.py needs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CrossReference:
    ordered: tuple[str, ...]  # briefing slugs, newest first, undated last
    related: dict[str, tuple[str, ...]]
    by_actor: dict[str, tuple[str, ...]]  # actor name -> briefing slugs, newest first
    co_actors: dict[str, tuple[tuple[str, int], ...]]  # actor -> (other actor, shared briefings)
    # registered actor -> other registered actor -> shared briefings, kept for updates
    pairs: dict[str, Counter[str]] = field(default_factory=dict, compare=False, repr=False)
