"""Cross-reference all briefings: order, related briefings, actor index, co-actors.

Everything here goes through an inverted index (actor -> briefings), so the
cost grows with the number of mentions, not with the square of the briefings.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from briefgen.briefing import Briefing


@dataclass(frozen=True)
class CrossReference:
    ordered: tuple[str, ...]  # briefing slugs, newest first, undated last
    related: dict[str, tuple[str, ...]]
    by_actor: dict[str, tuple[str, ...]]  # actor name -> briefing slugs, newest first
    co_actors: dict[str, tuple[tuple[str, int], ...]]  # actor -> (other actor, shared briefings)


def order_key(briefing: Briefing) -> tuple[bool, int, str]:
    """Newest first; undated after dated; then by title for a stable order."""
    date = briefing.date or dt.date.min
    return (briefing.date is None, -date.toordinal(), briefing.title.casefold())


def cross_reference(
    briefings: Sequence[Briefing], related: int = 5, co_actors: int = 8
) -> CrossReference:
    ordered = sorted(briefings, key=order_key)
    rank = {b.slug: i for i, b in enumerate(ordered)}
    by_actor: dict[str, list[str]] = defaultdict(list)
    for briefing in ordered:
        for actor in briefing.actors:
            by_actor[actor.name].append(briefing.slug)
    return CrossReference(
        ordered=tuple(b.slug for b in ordered),
        related={b.slug: _related(b, by_actor, len(ordered), rank, related) for b in ordered},
        by_actor={k: tuple(v) for k, v in by_actor.items()},
        co_actors=_co_actors(ordered, co_actors),
    )


# Actors named in more briefings than this say little about relatedness and, summed
# pair by pair, would make the scoring quadratic in the number of briefings.
COMMON_ACTOR_POSTINGS = 200


def _related(
    briefing: Briefing,
    by_actor: dict[str, list[str]],
    total: int,
    rank: dict[str, int],
    limit: int,
) -> tuple[str, ...]:
    """Briefings sharing actors, each shared actor weighted by its rarity (idf);
    actors in more than max(200, 10%) of all briefings are left out."""
    ceiling = max(COMMON_ACTOR_POSTINGS, total // 10)
    scores: dict[str, float] = defaultdict(float)
    for actor in briefing.actors:
        postings = by_actor[actor.name]
        if len(postings) > ceiling:
            continue
        weight = math.log(1 + total / len(postings))
        for slug in postings:
            scores[slug] += weight
    scores.pop(briefing.slug, None)
    ranked = ((-round(score, 9), rank[slug], slug) for slug, score in scores.items())
    return tuple(slug for _, _, slug in heapq.nsmallest(limit, ranked))


def _co_actors(briefings: Sequence[Briefing], limit: int) -> dict[str, tuple[tuple[str, int], ...]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for briefing in briefings:
        names = [a.name for a in briefing.actors if a.registered]
        for name in names:
            counts[name].update(n for n in names if n != name)
    return {
        name: tuple(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:limit])
        for name, c in counts.items()
    }
