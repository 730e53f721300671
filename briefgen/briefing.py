"""Analyse an Article into a Briefing: bottom line, key points, actors, quotes, places.

A pure function of the article, the registry's matcher, the gazetteer and the
settings, so results can be cached and computed in parallel.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from briefgen.actors import ActorRegistry, without_credits
from briefgen.match import Match, PhraseMatcher, tokenize
from briefgen.parse import Article
from briefgen.places import Gazetteer
from briefgen.quotes import Quote, find_quotes
from briefgen.summarize import summarize
from briefgen.text import split_sentences, word_count


@dataclass(frozen=True)
class ActorMention:
    """An actor as named in one briefing."""

    name: str
    slug: str
    type: str
    mentions: int
    aliases_seen: tuple[str, ...]
    registered: bool
    sentence: str  # the first sentence that names it


@dataclass(frozen=True)
class Briefing:
    article: Article
    bottom_line: str
    key_points: tuple[str, ...]
    actors: tuple[ActorMention, ...]
    quotes: tuple[Quote, ...]
    places: tuple[str, ...]
    reading_minutes: int

    @property
    def slug(self) -> str:
        return self.article.slug

    @property
    def title(self) -> str:
        return self.article.title

    @property
    def date(self) -> dt.date | None:
        return self.article.date


@dataclass(frozen=True)
class _Found:
    actors: list[Match]
    places: list[str]


@dataclass(frozen=True)
class Analyser:
    """What analysis needs besides the article: built once per build."""

    registry: ActorRegistry
    matcher: PhraseMatcher
    gazetteer: Gazetteer
    key_points: int = 3
    words_per_minute: int = 200
    lead_sentences: int = 1

    def analyse(self, article: Article) -> Briefing:
        sentences = [s for p in article.paragraphs for s in split_sentences(p)]
        summary = summarize(
            sentences,
            self.key_points,
            article.summary or article.standfirst,
            self.lead_sentences,
        )
        actor_matches: list[tuple[Match, str]] = []
        places: dict[str, None] = {}
        for text in _analysed_texts(article, sentences):
            found = self._find(text)
            actor_matches += [(m, text) for m in found.actors]
            places.update(dict.fromkeys(found.places))
        quotes = tuple(self._canonical_speaker(q) for q in find_quotes(article.paragraphs))
        words = sum(word_count(p) for p in article.paragraphs)
        return Briefing(
            article=article,
            bottom_line=summary.bottom_line,
            key_points=summary.key_points,
            actors=self._mentions(actor_matches),
            quotes=quotes,
            places=tuple(places),
            reading_minutes=max(1, math.ceil(words / self.words_per_minute)),
        )

    def _find(self, text: str) -> _Found:
        """Actors and places in one text, from one tokenisation.

        A place inside the name of an actor that is not a state is no place
        ("Kurdistan" in "Kurdistan Regional Government").
        """
        text = without_credits(text)
        tokens = tokenize(text)
        actors = self.matcher.find(text, tokens)
        inside = [
            (m.start, m.end)
            for m in actors
            if (actor := self.registry.get(m.key)) is not None and actor.type != "state"
        ]
        places = [
            m.key
            for m in self.gazetteer.find(text, tokens)
            if not any(s <= m.start and m.end <= e for s, e in inside)
        ]
        return _Found(actors, places)

    def _mentions(self, matches: list[tuple[Match, str]]) -> tuple[ActorMention, ...]:
        seen: dict[str, list[tuple[Match, str]]] = {}
        for match, sentence in matches:
            seen.setdefault(match.key, []).append((match, sentence))
        result = []
        for name, found in seen.items():
            actor = self.registry.get(name)
            assert actor is not None  # the matcher only knows registry names
            result.append(
                ActorMention(
                    name=name,
                    slug=actor.slug,
                    type=actor.type,
                    mentions=len(found),
                    aliases_seen=tuple(dict.fromkeys(m.surface for m, _ in found)),
                    registered=True,
                    sentence=found[0][1],
                )
            )
        return tuple(result)

    def _canonical_speaker(self, quote: Quote) -> Quote:
        if quote.speaker is None:
            return quote
        found = self.matcher.find(quote.speaker)
        if len(found) == 1:
            actor = self.registry.get(found[0].key)
            if actor and actor.type == "person":
                return Quote(quote.text, actor.name)
        return quote


def _analysed_texts(article: Article, sentences: list[str]) -> list[str]:
    """Everything an actor can be named in, sentence by sentence; credits excluded."""
    head = [article.title, article.standfirst or "", article.image_caption or ""]
    return [t for t in head if t] + sentences
