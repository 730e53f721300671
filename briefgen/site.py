"""Lay out the whole site: every output path and its bytes, rendered in memory."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from itertools import chain
from pathlib import Path
from typing import Any

from markupsafe import Markup

from briefgen.actors import ACTOR_TYPES, TYPE_LABELS, TYPE_NAMES, Actor, ActorRegistry
from briefgen.briefing import Briefing
from briefgen.compact import Compact
from briefgen.config import Config
from briefgen.errors import Superseded
from briefgen.pagefind import shard_folders
from briefgen.paginate import Pager, split
from briefgen.places import Place
from briefgen.render import Renderer, TemplateProblem
from briefgen.serialize import body_markdown, briefing_markdown
from briefgen.text import slugify
from briefgen.timeline import TIMELINE, Entry, briefings_by_year, by_heading, entries_in, year_urls
from briefgen.xref import CrossReference


@dataclass(frozen=True, slots=True)
class Pieces(Compact):
    """A briefing's page parts that depend on its seed alone, made with the analysis."""

    front_matter: str  # YAML, every key but `related`
    body_html: str  # sanitised


@dataclass(frozen=True)
class Site:
    """Everything the pages are made from, gathered before anything is written."""

    config: Config
    registry: ActorRegistry
    briefings: dict[str, Briefing]  # by slug
    xref: CrossReference
    pieces: Mapping[str, Pieces]  # by slug
    places: Mapping[str, Place]  # the gazetteer's, by name

    def ordered(self) -> list[Briefing]:
        return [self.briefings[slug] for slug in self.xref.ordered]

    def briefings_of(self, actor: str) -> list[Briefing]:
        return [self.briefings[slug] for slug in self.xref.by_actor.get(actor, ())]

    @cached_property
    def timeline(self) -> dict[int, list[Briefing]]:
        """Year -> the briefings with a timeline entry in it, years newest first."""
        return briefings_by_year(self.briefings.values())

    def timeline_entries(self, year: int) -> list[Entry]:
        return entries_in(year, self.timeline.get(year, ()))

    @cached_property
    def by_place(self) -> dict[str, tuple[str, ...]]:
        """Place name -> the slugs of the briefings naming it, newest first."""
        found: dict[str, list[str]] = {}
        for slug in self.xref.ordered:
            for place in self.briefings[slug].places:
                found.setdefault(place, []).append(slug)
        return {place: tuple(slugs) for place, slugs in found.items()}

    @cached_property
    def actor_names(self) -> dict[str, tuple[str, ...]]:
        """Slug -> the names of the actors the briefing names, as in its sidebar."""
        return {slug: tuple(a.name for a in b.actors) for slug, b in self.briefings.items()}


BRIEFINGS = "briefings/"  # the folder of the paginated list of every briefing
SEARCH = "search/"  # the search page; its index is search.py's
ACTIVE_DAYS = 30  # the home page's "most active actors": of the corpus' last 30 days


def briefing_url(slug: str) -> str:
    return f"{BRIEFINGS}{slug}/"


def briefing_pages(slug: str) -> tuple[str, str]:
    """A briefing's Markdown and HTML files in site/."""
    return f"{briefing_url(slug)}index.md", f"{briefing_url(slug)}index.html"


def actor_url(slug: str) -> str:
    """An actor's page as a link: its folder in site/."""
    return f"actors/{slug}/"


def place_url(name: str) -> str:
    return f"places/{slugify(name)}/"


def actor_page(slug: str) -> str:
    return actor_url(slug) + "index.html"


def actor_feed(slug: str) -> str:
    """The Atom feed of the briefings naming one actor, beside its page."""
    return actor_url(slug) + "feed.xml"


class OutputCollision(Exception):
    pass


Context = Callable[[], dict[str, Any]]


Emit = Callable[[str, bytes], None]  # a rendered file: its path in site/ and its bytes


def render_site(
    site: Site,
    renderer: Renderer,
    emit: Emit,
    select: Callable[[str], bool] | None = None,
    superseded: Callable[[], bool] | None = None,
) -> list[TemplateProblem]:
    """Render every output file (or those `select` picks), handing each to
    `emit` as it is made; template problems collected, not raised one by one.
    Page contexts are made only when rendered. Raises Superseded, between two
    pages, once `superseded()` says so."""
    with renderer.rendering():
        return _render_all(site, renderer, emit, select, superseded)


def _render_all(
    site: Site,
    renderer: Renderer,
    emit: Emit,
    select: Callable[[str], bool] | None,
    superseded: Callable[[], bool] | None,
) -> list[TemplateProblem]:
    seen: set[str] = set()
    problems: dict[str, TemplateProblem] = {}
    for path, template, context in _pages(site):
        if path in seen:
            raise OutputCollision(path)
        seen.add(path)
        if select is not None and not select(path):
            continue
        if superseded is not None and superseded():
            raise Superseded
        try:
            data = context()
            emit(
                path,
                renderer.page(template, path, superseded, **data) if template else data["bytes"],
            )
        except TemplateProblem as exc:
            problems.setdefault(str(exc.problem), exc)
    for path, source in _static_files(renderer):
        if path not in seen and (select is None or select(path)):
            seen.add(path)
            emit(path, source.read_bytes())
    return list(problems.values())


def page_paths(site: Site, renderer: Renderer) -> set[str]:
    """Every path the site has, without rendering anything."""
    return {path for path, _, _ in _pages(site)} | {path for path, _ in _static_files(renderer)}


def _pages(site: Site) -> Iterator[tuple[str, str | None, Context]]:
    sections = site.config.build.sections
    latest = site.ordered()
    yield "index.html", "index.html", partial(_home_context, site, latest)
    yield "404.html", "404.html", lambda: {"title": "Page not found"}
    yield "robots.txt", "robots.txt", dict
    if "briefings" in sections:
        yield from _listing(site, BRIEFINGS, latest, partial(_list_context, "Briefings"))
        yield from _briefing_pages(site, latest)
    if "actors" in sections:
        yield from _actor_pages(site)
    if "places" in sections:
        yield from _place_pages(site)
    if "timeline" in sections:
        yield from _timeline_pages(site)
    if "search" in sections:
        yield SEARCH + "index.html", "search.html", partial(_search_context, site)
    if "feed" in sections:
        title = site.config.site.title
        yield "feed.xml", "feed.xml", partial(_feed_context, site, latest, title, "feed.xml", "")
    if "sitemap" in sections:
        yield "sitemap.xml", "sitemap.xml", lambda: {"urls": _sitemap_urls(site, latest)}


ListContext = Callable[[Pager, Sequence[Any]], dict[str, Any]]


def _search_context(site: Site) -> dict[str, Any]:
    return {"title": "Search", "here": SEARCH, "indexes": search_folders(site)}


def search_folders(site: Site) -> list[str]:
    """The folders of the search index's shards (search.py makes them), the
    one pagefind loads from first: the search page merges them."""
    briefings = [briefing_url(slug) for slug in site.xref.ordered]
    actors = [actor_url(actor.slug) for actor in search_actors(site)]
    return shard_folders({"briefings": briefings, "actors": actors})


def search_actors(site: Site) -> list[Actor]:
    """The actors search finds: those with a page, by name."""
    if "actors" not in site.config.build.sections:
        return []
    return sorted(site.registry.actors, key=lambda a: a.name)


def _listing(
    site: Site, folder: str, items: Sequence[Any], context: ListContext, template: str = ""
) -> Iterator[tuple[str, str | None, Context]]:
    """The pages of one long list, `page_size` items each."""
    pages = split(items, site.config.build.page_size)
    for number, part in enumerate(pages, 1):
        pager = Pager(number, len(pages), folder)
        yield pager.path, template or "briefings.html", partial(context, pager, part)


def _list_context(title: str, pager: Pager, briefings: Sequence[Briefing]) -> dict[str, Any]:
    return {"title": _numbered(title, pager), "briefings": briefings, "pager": pager}


def _numbered(title: str, pager: Pager) -> str:
    return title if pager.number == 1 else f"{title}, page {pager.number}"


def _home_context(site: Site, latest: list[Briefing]) -> dict[str, Any]:
    shown = latest[: site.config.build.page_size or None]
    return {
        "title": site.config.site.title,
        "briefings": shown,
        "more": len(shown) < len(latest) and "briefings" in site.config.build.sections,
        "active": _active_actors(site, latest),
        "active_days": ACTIVE_DAYS,
    }


def _active_actors(site: Site, latest: list[Briefing]) -> list[tuple[str, str, int]]:
    """The registry actors named by the most briefings in the corpus' last
    ACTIVE_DAYS days (up to its newest date, not today: the site is static)."""
    newest = next((b.date for b in latest if b.date), None)
    if newest is None or "actors" not in site.config.build.sections:
        return []
    since = newest - dt.timedelta(days=ACTIVE_DAYS - 1)
    counts: Counter[str] = Counter()
    for briefing in latest:
        if briefing.date is None or briefing.date < since:
            break  # newest first, undated last
        counts.update({a.name for a in briefing.actors if a.registered})
    return [
        (actor.name, actor_url(actor.slug), count)
        for name, count in _most_first(counts, site.config.build.active_actors)
        if (actor := site.registry.get(name)) is not None
    ]


def _briefing_pages(
    site: Site, latest: list[Briefing]
) -> Iterator[tuple[str, str | None, Context]]:
    for briefing in latest:
        markdown, html = briefing_pages(briefing.slug)
        yield markdown, None, partial(_markdown_context, site, briefing)
        yield html, "briefing.html", partial(_briefing_context, site, briefing)


def _markdown_context(site: Site, briefing: Briefing) -> dict[str, Any]:
    related = list(site.xref.related[briefing.slug])
    front_matter = site.pieces[briefing.slug].front_matter
    page = briefing_markdown(front_matter, related, body_markdown(briefing.article))
    return {"bytes": page.encode("utf-8")}


def _briefing_context(site: Site, briefing: Briefing) -> dict[str, Any]:
    related = list(site.xref.related[briefing.slug])
    return {
        "briefing": briefing,
        "title": briefing.title,
        "body": Markup(site.pieces[briefing.slug].body_html),
        "actor_groups": _group_by_type(briefing),
        "related": [site.briefings[s] for s in related],
        "registry": site.registry,
        "jsonld": _briefing_jsonld(site, briefing),
    }


def _actor_pages(site: Site) -> Iterator[tuple[str, str | None, Context]]:
    yield "actors/index.html", "actors.html", partial(_actor_index_context, site)
    feeds = "feed" in site.config.build.sections
    for actor in site.registry.actors:
        briefings = site.briefings_of(actor.name)
        context = partial(_actor_context, site, actor, briefings)
        yield from _listing(site, actor_url(actor.slug), briefings, context, "actor.html")
        if feeds:
            yield actor_feed(actor.slug), "feed.xml", partial(_actor_feed_context, site, actor)


def _place_pages(site: Site) -> Iterator[tuple[str, str | None, Context]]:
    yield "places/index.html", "places.html", partial(_place_index_context, site)
    for name, slugs in site.by_place.items():
        briefings = [site.briefings[slug] for slug in slugs]
        place = site.places.get(name) or Place(name, "", "", ())
        context = partial(_place_context, site, place, slugs)
        yield from _listing(site, place_url(name), briefings, context, "place.html")


def _timeline_pages(site: Site) -> Iterator[tuple[str, str | None, Context]]:
    urls = year_urls(list(site.timeline))
    for year, url in urls.items():
        context = partial(_timeline_context, site, year, urls)
        yield url + "index.html", "timeline.html", context


def _timeline_context(site: Site, year: int, urls: dict[int, str]) -> dict[str, Any]:
    entries = site.timeline_entries(year)
    registered = {slug for entry in entries for slug in entry.actors}
    return {
        "title": "Timeline" if urls[year] == TIMELINE else f"Timeline, {year}",
        "here": urls[year],
        "year": year,
        "years": [(y, url) for y, url in urls.items() if y],
        "headings": by_heading(entries),
        "actors": sorted(
            (a for a in site.registry.actors if a.slug in registered), key=lambda a: a.name
        ),
    }


def _place_index_context(site: Site) -> dict[str, Any]:
    kinds = {"state": "States", "region": "Regions", "city": "Cities"}
    named = sorted(site.by_place, key=str.casefold)
    groups = [
        (label, [name for name in named if _kind(site, name) == kind])
        for kind, label in kinds.items()
    ]
    return {
        "title": "Places",
        "groups": [(label, names) for label, names in groups if names],
        "counts": {name: len(slugs) for name, slugs in site.by_place.items()},
    }


def _kind(site: Site, name: str) -> str:
    place = site.places.get(name)
    return place.kind if place and place.kind in ("state", "region") else "city"


def _place_context(
    site: Site, place: Place, every: Sequence[str], pager: Pager, briefings: Sequence[Briefing]
) -> dict[str, Any]:
    """One page (`briefings`) of a place's briefings (the slugs `every`); the
    first also lists the actors they name."""
    actor = site.registry.get(place.name)
    context = {
        "place": place,
        "title": _numbered(place.name, pager),
        "briefings": briefings,
        "pager": pager,
        "actor": actor if actor is not None and "actors" in site.config.build.sections else None,
        "country": place.country if place.country in site.by_place else "",
        "actors": [],
    }
    if pager.number == 1:
        context["actors"] = _actors_named_in(site, every)
    return context


def _actors_named_in(site: Site, slugs: Sequence[str]) -> list[tuple[str, str, int]]:
    """(name, link or "", briefings) of the `co_actors` actors the most of
    the briefings `slugs` name; registry actors link to their pages."""
    counts = Counter(chain.from_iterable(map(site.actor_names.__getitem__, slugs)))
    linked = "actors" in site.config.build.sections
    return [
        (name, actor_url(actor.slug) if linked and actor else "", count)
        for name, count in _most_first(counts, site.config.build.co_actors)
        for actor in (site.registry.get(name),)
    ]


def _most_first(counts: Counter[str], limit: int) -> list[tuple[str, int]]:
    """The `limit` (name, count) with the highest counts, highest first, ties
    by name. Only the names that can make the cut are sorted by name: a
    place's briefings name hundreds of actors, its page shows eight."""
    ranked = counts.most_common()
    if len(ranked) > limit:
        cut = limit
        while 0 < cut < len(ranked) and ranked[cut][1] == ranked[cut - 1][1]:
            cut += 1  # the names tied with the last one kept
        ranked = ranked[:cut]
    return sorted(ranked, key=lambda item: (-item[1], item[0].casefold()))[:limit]


def _feed_context(
    site: Site, briefings: list[Briefing], title: str, path: str, page: str
) -> dict[str, Any]:
    """An Atom feed of the newest `feed_entries` of `briefings` (newest first),
    at `path`, whose page is `page`: the site's feed or one actor's."""
    return {
        "briefings": briefings[: site.config.build.feed_entries or None],
        "updated": _updated(briefings),
        "feed_title": title,
        "feed_path": path,
        "feed_page": page,
    }


def _actor_feed_context(site: Site, actor: Actor) -> dict[str, Any]:
    return _feed_context(
        site,
        site.briefings_of(actor.name),
        _actor_feed_title(site, actor),
        actor_feed(actor.slug),
        actor_url(actor.slug),
    )


def _actor_feed_title(site: Site, actor: Actor) -> str:
    return f"{site.config.site.title}: {actor.name}"


def _actor_index_context(site: Site) -> dict[str, Any]:
    groups = [
        (TYPE_LABELS[kind], [a for a in site.registry.actors if a.type == kind])
        for kind in ACTOR_TYPES
    ]
    return {
        "title": "Actors",
        "groups": [
            (label, sorted(actors, key=lambda a: a.name.casefold()))
            for label, actors in groups
            if actors
        ],
        "counts": {a.name: len(site.xref.by_actor.get(a.name, ())) for a in site.registry.actors},
    }


def _actor_context(
    site: Site, actor: Actor, every: list[Briefing], pager: Pager, briefings: Sequence[Briefing]
) -> dict[str, Any]:
    """One page (`briefings`) of an actor's briefings (`every`); the first also
    has its profile and sidebar."""
    context = {
        "actor": actor,
        "title": _numbered(actor.name, pager),
        "type_label": TYPE_NAMES[actor.type],
        "briefings": [(b, _sentence_naming(b, actor)) for b in briefings],
        "pager": pager,
        "feed_path": actor_feed(actor.slug),
        "feed_title": _actor_feed_title(site, actor),
        "jsonld": _actor_jsonld(site, actor),
    }
    if pager.number > 1:
        return context | {"co_actors": [], "backers": [], "timeline": []}
    return context | {
        "co_actors": [
            (site.registry.get(name), count)
            for name, count in site.xref.co_actors.get(actor.name, ())
            if site.registry.get(name)
        ],
        "backers": [site.registry.get(n) for n in actor.backed_by if site.registry.get(n)],
        "timeline": _mention_timeline(every),
    }


def _mention_timeline(briefings: list[Briefing]) -> list[tuple[str, int, int]]:
    """(month "2016-10", briefings that month, width in percent of the busiest month)."""
    named = Counter((b.date.year, b.date.month) for b in briefings if b.date)
    # a strftime per month, not per briefing
    months = {dt.date(y, m, 1).strftime("%Y-%m"): n for (y, m), n in named.items()}
    busiest = max(months.values(), default=1)
    return [(m, n, round(100 * n / busiest)) for m, n in sorted(months.items(), reverse=True)]


def _group_by_type(briefing: Briefing) -> list[tuple[str, list[Any]]]:
    by_type: dict[str, list[Any]] = {}
    for actor in briefing.actors:  # one pass, not one per type
        by_type.setdefault(actor.type, []).append(actor)
    groups = []
    for kind in ACTOR_TYPES:
        members = by_type.get(kind)
        if members:
            members.sort(
                key=lambda a: (not a.registered, -a.mentions - a.adjectival_mentions, a.name)
            )
            groups.append((TYPE_LABELS[kind], members))
    return groups


def _sentence_naming(briefing: Briefing, actor: Actor) -> str:
    for mention in briefing.actors:
        if mention.name == actor.name:
            return mention.sentence
    return ""


def _updated(briefings: list[Briefing]) -> dt.date:
    dates = [b.date for b in briefings if b.date]
    return max(dates) if dates else dt.date(1970, 1, 1)


def _sitemap_urls(site: Site, latest: list[Briefing]) -> list[tuple[str, dt.date | None]]:
    """The folder of every HTML page but the 404 page, from the pages themselves
    (a new kind of page cannot be left out); dated where a date is known."""
    dates = {briefing_url(b.slug): b.date for b in latest}
    dates[""] = _updated(latest)
    return [
        (folder, dates.get(folder))
        for path, _, _ in _pages(site)
        if path.endswith("index.html")
        for folder in (path.removesuffix("index.html"),)
    ]


def _absolute(site: Site, target: str) -> str:
    return site.config.site.base_url.rstrip("/") + "/" + target


def _briefing_jsonld(site: Site, briefing: Briefing) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": briefing.title,
        "description": briefing.bottom_line,
        "url": _absolute(site, briefing_url(briefing.slug)),
        "mentions": [{"@type": _schema_type(a.type), "name": a.name} for a in briefing.actors],
    }
    if briefing.date:
        data["datePublished"] = briefing.date.isoformat()
    if briefing.article.source:
        data["publisher"] = {"@type": "Organization", "name": briefing.article.source}
    return data


def _schema_type(actor_type: str) -> str:
    return {"person": "Person", "state": "Country"}.get(actor_type, "Organization")


def _actor_jsonld(site: Site, actor: Actor) -> dict[str, Any]:
    kind = _schema_type(actor.type)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": kind,
        "name": actor.name,
        "url": _absolute(site, actor_url(actor.slug)),
    }
    if actor.description:
        data["description"] = actor.description
    if actor.aliases:
        data["alternateName"] = list(actor.aliases)
    return data


def _static_files(renderer: Renderer) -> Iterator[tuple[str, Path]]:
    """(site path, source file) under templates/static/ of the project, then of the
    default theme; read only when selected."""
    for directory in renderer.dirs:
        static = directory / "static"
        if not static.is_dir():
            continue
        for path in sorted(static.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                yield "static/" + path.relative_to(static).as_posix(), path
