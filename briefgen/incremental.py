"""The smallest correct rebuild after seeds change (Zola's change table, for briefgen).

| what changed             | re-analysed       | re-rendered                                   |
|--------------------------|-------------------|-----------------------------------------------|
| seeds                    | those seeds       | their pages, feeds and first pages of the     |
|                          |                   | actors they name (before and after), those    |
|                          |                   | actors' list pages that show them or moved,   |
|                          |                   | briefings whose related list changed, first   |
|                          |                   | pages of actors whose "seen with" changed,    |
|                          |                   | briefings index pages that show them or       |
|                          |                   | moved, first and moved list pages of the      |
|                          |                   | places they name, the timeline's pages of     |
|                          |                   | the years they name (all if the years         |
|                          |                   | changed), home, actor and place indexes,      |
|                          |                   | feed; the sitemap if a date or the pages      |
|                          |                   | changed; the search page if briefings came or |
|                          |                   | went (its list of the index's shards)         |
| actors.toml              | the actors of the | everything                                    |
|                          | seeds that may    |                                               |
|                          | name an actor it  |                                               |
|                          | changed (text     |                                               |
|                          | work cached; see  |                                               |
|                          | affected.py)      |                                               |
| a template or static     | nothing           | everything                                    |
| config.toml, or unsure   | as needed         | everything                                    |

Everything else is kept from the previous build in memory, so the result is the
same bytes a clean build writes (a test checks this on random edit sequences).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from briefgen.briefing import Briefing, edited
from briefgen.paginate import changed_pages, page_file
from briefgen.site import (
    BRIEFINGS,
    SEARCH,
    Site,
    actor_feed,
    actor_page,
    actor_url,
    briefing_pages,
    place_url,
)
from briefgen.timeline import year_urls, years_named

T = TypeVar("T")
ALWAYS = (
    "index.html",
    "404.html",
    "robots.txt",
    "feed.xml",
    "actors/index.html",
    "places/index.html",
)
# every page's folder, and the briefings' dates: at 5,000 seeds the longest
# page an edit renders (66 ms), and the same unless one of those changed
SITEMAP = "sitemap.xml"


def affected_paths(old: Site, new: Site) -> set[str] | None:
    """Paths whose bytes may differ between the two sites; None when unsure."""
    if old.config != new.config or old.registry != new.registry:
        return None
    changed = set(edited(old.briefings, new.briefings))
    removed = set(old.briefings) - set(new.briefings)
    touched = changed | removed
    paths = set(ALWAYS)
    if any(_date_changed(old, new, slug) for slug in touched):
        paths.add(SITEMAP)
    if old.briefings.keys() != new.briefings.keys():
        paths.add(SEARCH + "index.html")  # it lists the search index's shards, which may move
    for slug, related in new.xref.related.items():
        if slug in changed or old.xref.related.get(slug) != related or touched & set(related):
            paths.update(briefing_pages(slug))
    size = new.config.build.page_size
    lists = {BRIEFINGS: (old.xref.ordered, new.xref.ordered)}
    named = _of_touched(old, new, touched, lambda b: {a.name for a in b.actors})
    seen_with = {
        name for name, seen in new.xref.co_actors.items() if old.xref.co_actors.get(name) != seen
    }
    for name in named | seen_with:
        actor = new.registry.get(name)
        if actor is not None:
            paths.update((actor_page(actor.slug), actor_feed(actor.slug)))
            lists[actor_url(actor.slug)] = (
                old.xref.by_actor.get(name, ()),
                new.xref.by_actor.get(name, ()),
            )
    for place in _of_touched(old, new, touched, lambda b: set(b.places)):
        paths.add(page_file(place_url(place), 1))  # its actors
        lists[place_url(place)] = (old.by_place.get(place, ()), new.by_place.get(place, ()))
    paths |= _timeline_pages(old, new, touched)
    for folder, (before, after) in lists.items():
        paths.update(page_file(folder, n) for n in changed_pages(before, after, size, touched))
    return paths


def _date_changed(old: Site, new: Site, slug: str) -> bool:
    """The briefing's date, which the sitemap shows, changed; or it came or went."""
    before, after = old.briefings.get(slug), new.briefings.get(slug)
    return before is None or after is None or before.date != after.date


def with_new_pages(selected: set[str], before: set[str], after: set[str]) -> set[str]:
    """The selected paths, the paths of `after` that `before` lacks, and the
    sitemap when a page it lists (the folder of an index.html) came or went."""
    selected = selected | (after - before)
    if any(path.endswith("index.html") for path in after ^ before):
        selected.add(SITEMAP)
    return selected


def _timeline_pages(old: Site, new: Site, touched: set[str]) -> set[str]:
    """The year pages the touched briefings have entries in; all when the years changed."""
    urls = year_urls(list(new.timeline))
    years = set(urls) if list(old.timeline) != list(new.timeline) else set()
    years |= _of_touched(old, new, touched, years_named) & set(urls)
    return {urls[year] + "index.html" for year in years}


def _of_touched(
    old: Site, new: Site, touched: set[str], part: Callable[[Briefing], set[T]]
) -> set[T]:
    """What the touched briefings name (actors, places, years), before and after."""
    return {
        item
        for site in (old, new)
        for slug in touched
        if slug in site.briefings
        for item in part(site.briefings[slug])
    }


def edited_pages(old: Site, new: Site) -> set[str]:
    """The pages of the briefings an edit changed: what the preview writes first."""
    return {page for slug in edited(old.briefings, new.briefings) for page in briefing_pages(slug)}
