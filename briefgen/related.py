"""Related briefings: the scoring at the heart of the cross-reference, on
plain names and slugs so that it compiles (native.py); a cold build runs it
once per briefing, in the one process, while a big cache is written on the other core."""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping, Sequence


def related_to(
    slug: str,
    actors: list[str],
    by_actor: Mapping[str, Sequence[str]],
    total: int,
    rank: dict[str, int],
    limit: int,
    ceiling: int,
) -> tuple[str, ...]:
    """Briefings sharing actors, each shared actor weighted by its rarity (idf);
    actors in more than `ceiling` briefings are left out."""
    scores: dict[str, float] = {}
    for name in actors:
        postings = by_actor[name]
        if len(postings) > ceiling:
            continue
        weight = math.log(1 + total / len(postings))
        for other in postings:
            scores[other] = scores.get(other, 0.0) + weight
    scores.pop(slug, None)
    # rank only those that can make the cut: scores are ranked rounded to 9 places,
    # ties broken by rank, so a score that rounds equal to the limit-th largest
    # (rounded) may still get in; any such score is at most half of 1e-9 below that
    # rounded value, so the margin of a whole 1e-9 keeps every one of them
    if len(scores) > limit:
        cut = round(heapq.nlargest(limit, scores.values())[-1], 9) - 1e-9
        scores = {other: score for other, score in scores.items() if score >= cut}
    ranked = [(-round(score, 9), rank[other], other) for other, score in scores.items()]
    return tuple(other for _, _, other in heapq.nsmallest(limit, ranked))
