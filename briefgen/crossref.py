"""Cross-reference all briefings: order, related briefings, actor index, co-actors.

Everything here goes through an inverted index (actor -> briefings), so the
cost grows with the number of mentions, not with the square of the briefings.
`update_cross_reference` redoes only what a few edited briefings can change,
and gives the same result as `cross_reference` on the new set.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from briefgen.briefing import Briefing
from briefgen.briefing import edited as edited_briefings
from briefgen.related import related_to
from briefgen.xref import CrossReference


def order_key(briefing: Briefing) -> tuple[bool, int, str]:
    """Newest first; undated after dated; then by title for a stable order."""
    date = briefing.date or dt.date.min
    return (briefing.date is None, -date.toordinal(), briefing.title.casefold())


def cross_reference(
    briefings: Sequence[Briefing], related: int = 5, co_actors: int = 8
) -> CrossReference:
    ordered = sorted(briefings, key=order_key)
    rank = {b.slug: i for i, b in enumerate(ordered)}
    by_actor = _by_actor(ordered)
    pairs = _pairs(ordered)
    return CrossReference(
        ordered=tuple(b.slug for b in ordered),
        related={b.slug: _related(b, by_actor, len(ordered), rank, related) for b in ordered},
        by_actor={k: tuple(v) for k, v in by_actor.items()},
        co_actors={name: _top(counts, co_actors) for name, counts in pairs.items()},
        pairs=pairs,
    )


def update_cross_reference(
    old: CrossReference,
    before: Mapping[str, Briefing],
    after: Mapping[str, Briefing],
    related: int = 5,
    co_actors: int = 8,
) -> CrossReference:
    """The cross-reference of `after`, reusing `old` (made from `before`).

    Unchanged briefings are the same objects in both. A briefing's related list
    is redone when it shares an actor with an edited briefing whose set of
    actors or place in the order changed; the rest are kept. Adding or removing
    a briefing changes every rarity weight, so that redoes everything.
    """
    if before.keys() != after.keys():
        return cross_reference(list(after.values()), related, co_actors)
    edited = edited_briefings(before, after)
    moved = {slug for slug in edited if order_key(before[slug]) != order_key(after[slug])}
    ordered = tuple(b.slug for b in sorted(after.values(), key=order_key)) if moved else old.ordered
    rank = {slug: i for i, slug in enumerate(ordered)}
    by_actor = _updated_by_actor(old.by_actor, before, after, edited, rank)
    redo = set(edited) | _sharing(old, before, after, edited, moved, by_actor)
    co, pairs = _updated_co_actors(old, before, after, edited, by_actor, co_actors)
    return CrossReference(
        ordered=ordered,
        related={
            slug: _related(after[slug], by_actor, len(ordered), rank, related)
            if slug in redo
            else old.related[slug]
            for slug in ordered
        },
        by_actor=by_actor,
        co_actors=co,
        pairs=pairs,
    )


def _updated_by_actor(
    old: dict[str, tuple[str, ...]],
    before: Mapping[str, Briefing],
    after: Mapping[str, Briefing],
    edited: list[str],
    rank: dict[str, int],
) -> dict[str, tuple[str, ...]]:
    """The actor index with the edited briefings taken out and put back in order."""
    gone = set(edited)
    by_actor = dict(old)
    names = {a.name for slug in edited for b in (before[slug], after[slug]) for a in b.actors}
    for name in names:
        kept = [slug for slug in old.get(name, ()) if slug not in gone]
        kept += [slug for slug in edited if any(a.name == name for a in after[slug].actors)]
        if kept:
            by_actor[name] = tuple(sorted(kept, key=rank.__getitem__))
        else:
            by_actor.pop(name, None)
    return by_actor


def _sharing(
    old: CrossReference,
    before: Mapping[str, Briefing],
    after: Mapping[str, Briefing],
    edited: list[str],
    moved: set[str],
    by_actor: Mapping[str, Sequence[str]],
) -> set[str]:
    """Briefings whose related list an edit can change: those sharing a scored
    actor whose postings changed, or any scored actor of a briefing that moved."""
    result: set[str] = set()
    for slug in edited:
        was = {a.name for a in before[slug].actors}
        now = {a.name for a in after[slug].actors}
        for name in (was | now) if slug in moved else (was ^ now):
            then, today = old.by_actor.get(name, ()), by_actor.get(name, ())
            if min(len(then), len(today)) <= COMMON_ACTOR_POSTINGS:
                result.update(then, today)
    return result


def _updated_co_actors(
    old: CrossReference,
    before: Mapping[str, Briefing],
    after: Mapping[str, Briefing],
    edited: list[str],
    by_actor: Mapping[str, Sequence[str]],
    limit: int,
) -> tuple[dict[str, tuple[tuple[str, int], ...]], dict[str, Counter[str]]]:
    pairs = dict(old.pairs)
    touched: set[str] = set()
    for slug in edited:
        for briefing, sign in ((before[slug], -1), (after[slug], 1)):
            names = _registered(briefing)
            touched.update(names)
            for name in names:
                counts = pairs[name] = Counter(pairs.get(name, ()))  # copied: old stays valid
                for other in names:
                    if other != name:
                        counts[other] += sign
    co = dict(old.co_actors)
    for name in touched:
        if name in by_actor:
            pairs[name] = +pairs[name]  # drops the counts that fell to zero
            co[name] = _top(pairs[name], limit)
        else:
            pairs.pop(name, None)
            co.pop(name, None)
    return co, pairs


# Actors named in more briefings than this say little about relatedness and, summed
# pair by pair, would make the scoring quadratic in the number of briefings. A
# fixed number, not a share of the briefings: a share grows with the site, and
# so would the cost per briefing (measured: 1.2 s at 5,000 briefings, 17.9 s at 20,000).
COMMON_ACTOR_POSTINGS = 200


def _related(
    briefing: Briefing,
    by_actor: Mapping[str, Sequence[str]],
    total: int,
    rank: dict[str, int],
    limit: int,
) -> tuple[str, ...]:
    names = [actor.name for actor in briefing.actors]
    return related_to(briefing.slug, names, by_actor, total, rank, limit, COMMON_ACTOR_POSTINGS)


def _by_actor(ordered: Sequence[Briefing]) -> dict[str, list[str]]:
    by_actor: dict[str, list[str]] = defaultdict(list)
    for briefing in ordered:
        for actor in briefing.actors:
            by_actor[actor.name].append(briefing.slug)
    return by_actor


def _registered(briefing: Briefing) -> list[str]:
    return [a.name for a in briefing.actors if a.registered]


def _pairs(briefings: Sequence[Briefing]) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for briefing in briefings:
        names = _registered(briefing)
        for name in names:
            counts[name].update(n for n in names if n != name)
    return dict(counts)


def _top(counts: Counter[str], limit: int) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit])
