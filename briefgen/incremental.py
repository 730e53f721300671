"""The smallest correct rebuild after seeds change (Zola's change table, for briefgen).

| what changed             | re-analysed       | re-rendered                                   |
|--------------------------|-------------------|-----------------------------------------------|
| seeds                    | those seeds       | their pages, pages and feeds of the actors    |
|                          |                   | they name (before and after), briefings       |
|                          |                   | whose related list changed, actor pages       |
|                          |                   | whose "seen with" changed, home, actor        |
|                          |                   | index, feed, sitemap                          |
| actors.toml              | every seed's      | everything                                    |
|                          | actors only (text |                                               |
|                          | work cached)      |                                               |
| a template or static     | nothing           | everything                                    |
| config.toml, or unsure   | as needed         | everything                                    |

Everything else is kept from the previous build in memory, so the result is the
same bytes a clean build writes (a test checks this on random edit sequences).
"""

from __future__ import annotations

from briefgen.briefing import edited
from briefgen.site import Site, actor_feed, actor_page, briefing_pages

ALWAYS = ("index.html", "404.html", "robots.txt", "feed.xml", "sitemap.xml", "actors/index.html")


def affected_paths(old: Site, new: Site) -> set[str] | None:
    """Paths whose bytes may differ between the two sites; None when unsure."""
    if old.config != new.config or old.registry != new.registry:
        return None
    changed = set(edited(old.briefings, new.briefings))
    removed = set(old.briefings) - set(new.briefings)
    touched = changed | removed
    paths = set(ALWAYS)
    for slug, related in new.xref.related.items():
        if slug in changed or old.xref.related.get(slug) != related or touched & set(related):
            paths.update(briefing_pages(slug))
    actors = {
        a.name
        for site in (old, new)
        for slug in touched
        if slug in site.briefings
        for a in site.briefings[slug].actors
    }
    actors |= {
        name for name, seen in new.xref.co_actors.items() if old.xref.co_actors.get(name) != seen
    }
    for name in actors:
        actor = new.registry.get(name)
        if actor is not None:
            paths.update((actor_page(actor.slug), actor_feed(actor.slug)))
    return paths


def edited_pages(old: Site, new: Site) -> set[str]:
    """The pages of the briefings an edit changed: what the preview writes first."""
    return {page for slug in edited(old.briefings, new.briefings) for page in briefing_pages(slug)}
