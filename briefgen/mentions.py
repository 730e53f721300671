"""Find registry actors in an article: any alias, a surname after the full name,
and states named through an adjective ("Iraqi", "Iran-backed")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from briefgen.actors import ActorRegistry, without_credits
from briefgen.match import Match, PhraseMatcher, Tokens, tokenize
from briefgen.places import Gazetteer

_ADJECTIVAL_SUFFIX: Final = re.compile(r"-[a-z]")  # "Iran-backed", "US-led"
_PARTICLE: Final = re.compile(r"^(?:al|el|bin|ibn|abu)[- ]", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    actor: str
    surface: str
    start: int
    end: int
    direct: bool  # False for "Iraqi" or "Iran-backed": the state named through an adjective


class ActorFinder:
    """Built once per registry; `find` is a pure function of an article's texts."""

    def __init__(self, registry: ActorRegistry, gazetteer: Gazetteer) -> None:
        self.registry = registry
        self.names = registry.matcher()
        self.short_forms = _short_forms(registry)
        self.demonyms = _demonyms(registry, gazetteer)

    def find(
        self, texts: Sequence[str], tokens: Sequence[Tokens] | None = None
    ) -> list[list[Mention]]:
        """Mentions per text. A derived surname counts only in an article that
        also names the person in full (or by an alias in the registry).

        Pass `tokens` (tokenize() of each text, credits removed) to share them."""
        cleaned = [without_credits(t) for t in texts]
        words = list(tokens) if tokens is not None else [tokenize(t) for t in cleaned]
        prepared = list(zip(cleaned, words, strict=True))
        direct = [self.names.find(text, ws) for text, ws in prepared]
        named = {m.key for found in direct for m in found}
        result = []
        for (text, ws), found in zip(prepared, direct, strict=True):
            mentions = [self._direct(text, m) for m in found]
            for match in self.short_forms.find(text, ws):
                if match.key in named and not _overlaps(match, found):
                    mentions.append(_mention(match, direct=True))
            for match in self.demonyms.find(text, ws):
                if not _overlaps(match, found):
                    mentions.append(_mention(match, direct=False))
            result.append(sorted(mentions, key=lambda m: m.start))
        return result

    def _direct(self, text: str, match: Match) -> Mention:
        """A state's name used as an adjective ("Iran-backed") is not a direct mention."""
        actor = self.registry.get(match.key)
        adjectival = (
            actor is not None
            and actor.type == "state"
            and _ADJECTIVAL_SUFFIX.match(text, match.end) is not None
        )
        return _mention(match, direct=not adjectival)


def _mention(match: Match, direct: bool) -> Mention:
    return Mention(match.key, match.surface, match.start, match.end, direct)


def _short_forms(registry: ActorRegistry) -> PhraseMatcher:
    """Surnames of registry people that no other actor claims ("Assad", "Allawi")."""
    taken = {p.casefold() for a in registry.actors for p in (a.name, *a.aliases)}
    owners: dict[str, set[str]] = {}
    for actor in registry.actors:
        if actor.type == "person" and len(actor.name.split()) > 1:
            surname = _PARTICLE.sub("", actor.name.split()[-1])
            owners.setdefault(surname, set()).add(actor.name)
    matcher = PhraseMatcher(capitalised=True)
    for surname, names in owners.items():
        if len(names) == 1 and surname.casefold() not in taken and len(surname) > 2:
            matcher.add(surname, next(iter(names)), case_sensitive=True)
    return matcher


def _demonyms(registry: ActorRegistry, gazetteer: Gazetteer) -> PhraseMatcher:
    """Adjectives of the registry's states: "Iraqi" -> Iraq."""
    matcher = PhraseMatcher(capitalised=True)
    for actor in registry.actors:
        if actor.type != "state":
            continue
        places = {m.key for p in (actor.name, *actor.aliases) for m in gazetteer.find(p)}
        for demonym, place in gazetteer.demonyms.items():
            if place in places:
                matcher.add(demonym, actor.name, case_sensitive=True)
    return matcher


def _overlaps(match: Match, others: Sequence[Match]) -> bool:
    return any(o.start < match.end and match.start < o.end for o in others)
