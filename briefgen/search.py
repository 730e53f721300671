"""Full-text search with no server: a Pagefind index of the briefings and actors.

The index is made by the pagefind binary (`pip install "pagefind[bin]"`), when
it is installed, from records briefgen writes itself (title, date, summary,
text): no page is parsed again. Pagefind cannot update an index, so the index
is in shards (see pagefind.py) and a change to a record makes its shard again;
the files are named by their content, so only the changed ones are written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from briefgen import pagefind
from briefgen.actors import TYPE_NAMES, Actor
from briefgen.briefing import Briefing
from briefgen.pagefind import Record, SearchIndex, index_shards, shard_of, sharded
from briefgen.processes import cores
from briefgen.render import long_date
from briefgen.site import Site, actor_url, briefing_url, search_actors

NO_PAGEFIND = (
    "pagefind is not installed, so the search page finds nothing; "
    'install it (pip install "pagefind[bin]") or leave "search" out of [build] sections'
)


def search_binary(site: Site) -> Path | None:
    """pagefind, when the site has search and pagefind is installed."""
    return pagefind.pagefind_binary() if "search" in site.config.build.sections else None


def remake(
    site: Site, made: SearchIndex, binary: Path
) -> tuple[SearchIndex, dict[str, bytes]] | None:
    """The site's index with the shards whose records changed since `made`
    (the index in site/) made again with `binary`, and their files; None when
    no shard changed."""
    found = shards(site)
    current = digests(found)
    before = dict(made.digests)
    if current == before:
        return None
    stale = {folder: found[folder] for folder in current if before.get(folder) != current[folder]}
    files = index_shards(binary, stale, site.config.site.language, cores())
    kept = {path for path in made.files if shard_of(path) in current.keys() - stale.keys()}
    return SearchIndex(tuple(current.items()), frozenset(kept | files.keys())), files


def shards(site: Site) -> dict[str, list[Record]]:
    """The records by the folder of the shard they go to (the folders the
    search page lists: site.search_folders)."""
    return sharded(_groups(site), lambda record: record.url)


def digests(found: dict[str, list[Record]]) -> dict[str, str]:
    """Each shard's folder and the digest of its records."""
    return {folder: digest(shard) for folder, shard in found.items()}


def records(site: Site) -> list[Record]:
    """A record per briefing and per registry actor with a page."""
    return [record for group in _groups(site).values() for record in group]


def _groups(site: Site) -> dict[str, list[Record]]:
    """The records by group, as site.search_folders groups their URLs."""
    return {
        "briefings": [_briefing_record(b) for b in site.ordered()],
        "actors": [_actor_record(site, actor) for actor in search_actors(site)],
    }


def _briefing_record(briefing: Briefing) -> Record:
    article = briefing.article
    text = [
        article.title,
        briefing.bottom_line,
        *briefing.key_points,
        *article.paragraphs,
        " ".join(a.name for a in briefing.actors),
        " ".join(briefing.places),
    ]
    return Record(
        url=briefing_url(briefing.slug),
        title=article.title,
        kind="Briefing",
        date=long_date(briefing.date),
        summary=briefing.bottom_line,
        content="\n".join(text),
    )


def _actor_record(site: Site, actor: Actor) -> Record:
    named = len(site.xref.by_actor.get(actor.name, ()))
    count = f"Named in {named} briefing{'s' if named != 1 else ''}."
    return Record(
        url=actor_url(actor.slug),
        title=actor.name,
        kind=TYPE_NAMES.get(actor.type, actor.type),
        date="",
        summary=f"{actor.description} {count}".strip(),
        content="\n".join((actor.name, *actor.aliases, actor.description)),
    )


def digest(found: Iterable[Record]) -> str:
    hasher = hashlib.sha256()
    for record in found:
        for part in (
            record.url,
            record.title,
            record.kind,
            record.date,
            record.summary,
            record.content,
        ):
            hasher.update(part.encode("utf-8", "surrogatepass") + b"\x00")
    return hasher.hexdigest()
