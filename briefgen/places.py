"""Places named in an article, from the bundled gazetteer (briefgen/data/places.tsv)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from briefgen.match import Match, PhraseMatcher, Tokens


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry: what a place page shows besides its briefings."""

    name: str
    kind: str  # state, region or city
    country: str  # the state it is in; "" for a state
    aliases: tuple[str, ...]  # "United Kingdom": ("UK", "Britain", ...)


@dataclass(frozen=True)
class Gazetteer:
    matcher: PhraseMatcher
    demonyms: dict[str, str]  # "Iraqi" -> "Iraq"
    places: dict[str, Place]  # by name, the key of every match

    # answers so far: the same few thousand phrases are asked about in every article
    _known: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    def is_place_name(self, phrase: str) -> bool:
        known = self._known.get(phrase)
        if known is None:
            found = self.matcher.find(phrase)
            known = len(found) == 1 and found[0].surface == phrase
            if len(self._known) > 100_000:  # bounded, for a very long build
                self._known.clear()
            self._known[phrase] = known
        return known

    def find(self, text: str, tokens: Tokens | None = None) -> list[Match]:
        """Places named in text; a place name must be written with a capital."""
        return self.matcher.find(text, tokens)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    source = resources.files("briefgen").joinpath("data/places.tsv")
    demonyms: dict[str, str] = {}
    places: dict[str, Place] = {}
    matcher = PhraseMatcher(capitalised=True)
    with source.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            name = row["name"].strip()
            aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
            places[name] = Place(name, row["kind"].strip(), row["country"].strip(), aliases)
            for phrase in (name, *aliases):
                matcher.add(phrase, name)
            for demonym in row["demonyms"].split("|"):
                if demonym.strip():
                    demonyms[demonym.strip()] = name
    return Gazetteer(matcher, demonyms, places)
