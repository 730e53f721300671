"""Cross-reference: order, related briefings, co-actors; an update equals a full pass."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from briefgen import crossref
from briefgen.briefing import ActorMention, Briefing
from briefgen.crossref import cross_reference, update_cross_reference
from briefgen.parse import Article
from briefgen.xref import CrossReference

ACTORS = [f"Actor {i}" for i in range(12)]


def make_briefing(slug: str, actors: list[str], day: int | None = 1) -> Briefing:
    article = Article(
        source_file=f"{slug}.txt",
        slug=slug,
        title=slug.title(),
        paragraphs=("Text.",),
        date=dt.date(2005, 1, day) if day else None,
    )
    mentions = tuple(
        ActorMention(
            name=name,
            slug=name.lower().replace(" ", "-"),
            type="person",
            mentions=1,
            aliases_seen=(name,),
            registered=int(name.split()[-1]) % 3 != 0,  # some discovered ones too
            sentence="",
        )
        for name in actors
    )
    return Briefing(article, "", (), mentions, (), (), 1)


def test_order_newest_first_undated_last() -> None:
    xref = cross_reference(
        [make_briefing("a", [], 3), make_briefing("b", [], None), make_briefing("c", [], 9)]
    )
    assert xref.ordered == ("c", "a", "b")


def test_related_prefers_rare_shared_actors() -> None:
    briefings = [
        make_briefing("x", ["Actor 1", "Actor 2"]),
        make_briefing("rare", ["Actor 2"]),
        make_briefing("common", ["Actor 1"]),
        *(make_briefing(f"filler{i}", ["Actor 1"]) for i in range(5)),
    ]
    xref = cross_reference(briefings, related=2)
    assert xref.related["x"][0] == "rare"
    assert "x" not in xref.related["x"]


def test_co_actors_count_shared_briefings_of_registered_actors() -> None:
    xref = cross_reference(
        [
            make_briefing("a", ["Actor 1", "Actor 2", "Actor 3"]),
            make_briefing("b", ["Actor 1", "Actor 2"]),
        ]
    )
    assert xref.co_actors["Actor 1"] == (("Actor 2", 2),)
    assert "Actor 3" not in xref.co_actors  # discovered actors are not profiled


def _random_briefing(rng: random.Random, slug: str) -> Briefing:
    return make_briefing(slug, rng.sample(ACTORS, rng.randint(0, 5)), rng.choice([None, 1, 2, 3]))


def _same(a: CrossReference, b: CrossReference) -> None:
    assert a.ordered == b.ordered
    assert a.related == b.related
    assert a.by_actor == b.by_actor
    assert a.co_actors == b.co_actors


@pytest.mark.parametrize("ceiling", [200, 6])
@pytest.mark.parametrize("seed", range(6))
def test_update_equals_full_cross_reference(
    seed: int, ceiling: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a low ceiling makes actors cross it both ways as briefings are edited
    monkeypatch.setattr(crossref, "COMMON_ACTOR_POSTINGS", ceiling)
    rng = random.Random(seed)
    briefings = {f"b{i}": _random_briefing(rng, f"b{i}") for i in range(40)}
    xref = cross_reference(list(briefings.values()), related=3, co_actors=4)
    for step in range(25):
        after = dict(briefings)
        for slug in rng.sample(sorted(after), rng.randint(1, 3)):
            after[slug] = _random_briefing(rng, slug)  # an edit: new actors, maybe a new date
        if step % 8 == 7:
            after[f"new{step}"] = _random_briefing(rng, f"new{step}")  # an added seed
        updated = update_cross_reference(xref, briefings, after, related=3, co_actors=4)
        _same(updated, cross_reference(list(after.values()), related=3, co_actors=4))
        briefings, xref = after, updated
