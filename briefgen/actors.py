"""The actor registry (seeds/actors.toml): load, validate, and find actors in text."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.errors import Abort, Problem, display_path, read_utf8, toml_problem
from briefgen.lexicon import common_words, given_names
from briefgen.match import PhraseMatcher
from briefgen.text import clean_line, slug_problem, slugify

ACTOR_TYPES = (
    "state",
    "state-forces",
    "armed-group",
    "militia",
    "political",
    "person",
    "organisation",
    "international",
    "media",
)
TYPE_LABELS = {
    "state": "States",
    "state-forces": "State forces",
    "armed-group": "Armed groups",
    "militia": "Militias",
    "political": "Political actors",
    "person": "People",
    "organisation": "Organisations",
    "international": "International bodies",
    "media": "Media",
}
TYPE_NAMES = {
    "state": "State",
    "state-forces": "State forces",
    "armed-group": "Armed group",
    "militia": "Militia",
    "political": "Political actor",
    "person": "Person",
    "organisation": "Organisation",
    "international": "International body",
    "media": "Media",
}
ACTOR_KEYS = frozenset({"name", "type", "aliases", "description", "country", "backed_by", "slug"})


@dataclass(frozen=True)
class Actor:
    name: str
    slug: str
    type: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    country: str | None = None
    backed_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActorRegistry:
    """The analyst's actors, by canonical name."""

    actors: tuple[Actor, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {a.name: a for a in self.actors})

    def get(self, name: str) -> Actor | None:
        by_name: dict[str, Actor] = self._by_name  # type: ignore[attr-defined]
        return by_name.get(name)

    def matcher(self) -> PhraseMatcher:
        matcher = PhraseMatcher()
        common = common_words() | given_names()
        for actor in self.actors:
            for phrase in (actor.name, *actor.aliases):
                # a one-word alias that is also a common word or a first name
                # ("Respect", "Tony") counts only as written
                exact = phrase.lower() in common or phrase in common or None
                matcher.add(phrase, actor.name, case_sensitive=exact)
        return matcher


def without_credits(text: str) -> str:
    """Bracketed photo credits ("[Getty]") blanked out, offsets kept."""
    return _CREDITS.sub(_blank, text) if "[" in text else text


_CREDITS = re.compile(r"\[[^\[\]\n]{1,60}\]")


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def load_registry(path: Path) -> ActorRegistry:
    """Read actors.toml; a missing file is an empty registry. Raise Abort on any problem."""
    if not path.is_file():
        return ActorRegistry()
    shown = display_path(path)
    text = read_utf8(path, shown)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise Abort([toml_problem(shown, exc)]) from None
    problems: list[Problem] = []
    unknown = sorted(set(data) - {"actor"})
    if unknown:
        problems.append(Problem(shown, f"unknown top-level keys {unknown}; use [[actor]] tables"))
    entries = data.get("actor", [])
    if not isinstance(entries, list):
        raise Abort([Problem(shown, "'actor' must be an array of tables: [[actor]]")])
    lines = _table_lines(text)
    actors = []
    for index, entry in enumerate(entries):
        line = lines[index] if index < len(lines) else None
        actor = _load_actor(entry, shown, line, problems)
        if actor:
            actors.append((actor, line))
    problems += _cross_check(actors, shown)
    if problems:
        raise Abort(problems)
    return ActorRegistry(tuple(a for a, _ in actors))


def _table_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "[[actor]]"]


def _load_actor(entry: Any, shown: str, line: int | None, problems: list[Problem]) -> Actor | None:
    def bad(message: str) -> None:
        problems.append(Problem(shown, message, line))

    if not isinstance(entry, dict):
        bad("each [[actor]] must be a table")
        return None
    name = entry.get("name")
    label = f"actor {name!r}" if isinstance(name, str) else "actor"
    for key in sorted(set(entry) - ACTOR_KEYS):
        bad(f"{label}: unknown key '{key}' (known: {', '.join(sorted(ACTOR_KEYS))})")
    if not isinstance(name, str) or not clean_line(name):
        bad("actor without a 'name' (every [[actor]] needs name = \"...\")")
        return None
    kind = entry.get("type")
    if kind not in ACTOR_TYPES:
        bad(f"{label}: unknown type {kind!r} (one of: {', '.join(ACTOR_TYPES)})")
    strings = {k: entry.get(k) for k in ("description", "country", "slug")}
    for key, value in strings.items():
        if value is not None and not isinstance(value, str):
            bad(f"{label}: '{key}' must be a string")
    lists = {k: entry.get(k, []) for k in ("aliases", "backed_by")}
    for key, value in lists.items():
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            bad(f"{label}: '{key}' must be a list of strings")
            lists[key] = []
    named = slugify(name)
    slug = strings["slug"] if isinstance(strings["slug"], str) else named
    # a folder in site/: "../x" would write outside it
    problem = slug_problem(slug, named or "actor") if slug else None
    if problem is not None:
        slug, why = problem
        bad(f"{label}: 'slug' {why}")
    description, country = strings["description"], strings["country"]
    # control characters have no place in a page and are not allowed in XML (the feed)
    return Actor(
        name=clean_line(name),
        slug=slug or "actor",
        type=kind if kind in ACTOR_TYPES else "organisation",
        aliases=tuple(a for a in map(clean_line, lists["aliases"]) if a),
        description=clean_line(description) if isinstance(description, str) else "",
        country=clean_line(country) if isinstance(country, str) else None,
        backed_by=tuple(lists["backed_by"]),
    )


def _cross_check(actors: list[tuple[Actor, int | None]], shown: str) -> list[Problem]:
    """Names, slugs and aliases must each point at one actor; backers must exist."""
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    slugs: dict[str, str] = {}
    names = {a.name for a, _ in actors}
    seen: dict[str, int | None] = {}  # name: line of its first [[actor]]
    for actor, line in actors:
        if actor.name in seen:
            first = f" (first at line {seen[actor.name]})" if seen[actor.name] else ""
            problems.append(
                Problem(
                    shown,
                    f"actor {actor.name!r} is defined twice{first}; "
                    "merge the two [[actor]] tables into one",
                    line,
                )
            )
            continue
        seen[actor.name] = line
        if actor.slug in slugs:
            problems.append(
                Problem(
                    shown,
                    f"actors {slugs[actor.slug]!r} and {actor.name!r} "
                    f"have the same page slug '{actor.slug}'",
                    line,
                )
            )
        slugs.setdefault(actor.slug, actor.name)
        for phrase in dict.fromkeys((actor.name, *actor.aliases)):
            key = phrase.casefold()
            if key in owner and owner[key] != actor.name:
                problems.append(
                    Problem(
                        shown,
                        f"{phrase!r} names both {owner[key]!r} "
                        f"and {actor.name!r}; keep it on one actor",
                        line,
                    )
                )
            owner.setdefault(key, actor.name)
        for backer in actor.backed_by:
            if backer not in names:
                problems.append(
                    Problem(
                        shown,
                        f"actor {actor.name!r}: backed_by {backer!r} "
                        "is not an actor name in this file",
                        line,
                    )
                )
    return problems
