"""Analyse an Article into a Briefing: bottom line, key points, actors, quotes, places.

A pure function of the article, the registry's matcher, the gazetteer and the
settings, so results can be cached and computed in parallel.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from briefgen.actors import ActorRegistry, without_credits
from briefgen.compact import Compact, tuple_record
from briefgen.discover import discover
from briefgen.events import Event, find_events
from briefgen.match import Tokens, tokenize
from briefgen.mentions import ActorFinder, Mention
from briefgen.native import mypyc_attr
from briefgen.parse import Article
from briefgen.places import Gazetteer
from briefgen.quotes import Quote, find_quotes
from briefgen.summarize import Summary, summarize
from briefgen.text import slugify, split_sentences, word_count


@tuple_record
class ActorMention(NamedTuple):
    """An actor as named in one briefing."""

    name: str
    slug: str
    type: str
    mentions: int
    aliases_seen: tuple[str, ...]
    registered: bool
    sentence: str  # the first sentence that names it
    adjectival_mentions: int = 0  # "Iraqi", "Iran-backed": counted apart from direct mentions
    adjectives_seen: tuple[str, ...] = ()


@mypyc_attr(native_class=False)
@dataclass(frozen=True, slots=True)
class Briefing(Compact):
    article: Article
    bottom_line: str
    key_points: tuple[str, ...]
    actors: tuple[ActorMention, ...]
    quotes: tuple[Quote, ...]
    places: tuple[str, ...]
    reading_minutes: int
    events: tuple[Event, ...] = ()  # dates its text names

    @property
    def slug(self) -> str:
        return self.article.slug

    @property
    def title(self) -> str:
        return self.article.title

    @property
    def date(self) -> dt.date | None:
        return self.article.date


@mypyc_attr(native_class=False)
@dataclass(frozen=True, slots=True)
class TextWork(Compact):
    """What analysis takes from the text alone, not the registry: kept in the
    cache so an actors.toml edit redoes only the actor work."""

    sentences: tuple[str, ...]
    summary: Summary


@dataclass(frozen=True)
class Analyser:
    """What analysis needs besides the article: built once per build."""

    registry: ActorRegistry
    finder: ActorFinder
    gazetteer: Gazetteer
    key_points: int = 3
    words_per_minute: int = 200
    lead_sentences: int = 1
    discover_actors: bool = True  # off: registry actors only

    @classmethod
    def build(cls, registry: ActorRegistry, gazetteer: Gazetteer, **settings: Any) -> Analyser:
        return cls(registry, ActorFinder(registry, gazetteer), gazetteer, **settings)

    def read(self, article: Article) -> TextWork:
        sentences = tuple(s for p in article.paragraphs for s in split_sentences(p))
        summary = summarize(
            sentences,
            self.key_points,
            article.summary or article.standfirst,
            self.lead_sentences,
        )
        return TextWork(sentences, summary)

    def analyse(self, article: Article, text: TextWork | None = None) -> Briefing:
        """The briefing; pass `text` (from read()) to reuse the text work."""
        text = self.read(article) if text is None else text
        summary = text.summary
        texts = analysed_texts(article, text.sentences)
        cleaned = [without_credits(t) for t in texts]
        tokens = [tokenize(t) for t in cleaned]
        mentions = self.finder.find(cleaned, tokens)
        actors = self._registered(texts, mentions)
        if self.discover_actors:
            actors += self._discovered(texts[1:], mentions[1:])  # not the headline-case title
        people = [a.name for a in actors if a.type == "person"]
        quotes = tuple(self._canonical_speaker(q, people) for q in find_quotes(article.paragraphs))
        words = sum(word_count(p) for p in article.paragraphs)
        return Briefing(
            article=article,
            bottom_line=summary.bottom_line,
            key_points=summary.key_points,
            actors=tuple(actors),
            quotes=quotes,
            places=self._places(cleaned, tokens, mentions),
            reading_minutes=max(1, math.ceil(words / self.words_per_minute)),
            events=find_events(cleaned, article.date) if article.date else (),
        )

    def _places(
        self, texts: list[str], tokens: list[Tokens], mentions: list[list[Mention]]
    ) -> tuple[str, ...]:
        """Gazetteer places; one inside the name of an actor that is not a state is
        no place ("Kurdistan" in "Kurdistan Regional Government")."""
        places: dict[str, None] = {}
        for text, words, found in zip(texts, tokens, mentions, strict=True):
            inside = [
                (m.start, m.end)
                for m in found
                if (actor := self.registry.get(m.actor)) is not None and actor.type != "state"
            ]
            for match in self.gazetteer.find(text, words):
                if not any(s <= match.start and match.end <= e for s, e in inside):
                    places.setdefault(match.key, None)
        return tuple(places)

    def _registered(self, texts: list[str], mentions: list[list[Mention]]) -> list[ActorMention]:
        seen: dict[str, list[tuple[Mention, str]]] = {}
        for text, found in zip(texts, mentions, strict=True):
            for mention in found:
                seen.setdefault(mention.actor, []).append((mention, text))
        result = []
        for name, named in seen.items():
            actor = self.registry.get(name)
            assert actor is not None  # the finder only knows registry names
            direct = [(m, t) for m, t in named if m.direct]
            result.append(
                ActorMention(
                    name=name,
                    slug=actor.slug,
                    type=actor.type,
                    mentions=len(direct),
                    aliases_seen=tuple(dict.fromkeys(m.surface for m, _ in direct)),
                    adjectives_seen=tuple(
                        dict.fromkeys(m.surface for m, _ in named if not m.direct)
                    ),
                    registered=True,
                    sentence=_naming_sentence(direct or named, title=texts[0]),
                    adjectival_mentions=len(named) - len(direct),
                )
            )
        return result

    def _discovered(self, texts: list[str], mentions: list[list[Mention]]) -> list[ActorMention]:
        claimed = [[(m.start, m.end) for m in found] for found in mentions]
        return [
            ActorMention(
                name=d.name,
                slug=slugify(d.name),
                type=d.type,
                mentions=d.mentions,
                aliases_seen=tuple(d.surfaces),
                registered=False,
                sentence=d.sentence,
            )
            for d in discover(texts, self.gazetteer, claimed)
            if self.registry.get(d.name) is None
        ]

    def _canonical_speaker(self, quote: Quote, people: list[str]) -> Quote:
        """The speaker as the actor's name: registry people by any alias, other
        people of the article by surname ("Mr Mates" -> "Michael Mates")."""
        if quote.speaker is None:
            return quote
        found = [m for ms in self.finder.find([quote.speaker]) for m in ms if m.direct]
        if len(found) == 1:
            actor = self.registry.get(found[0].actor)
            if actor and actor.type == "person":
                return Quote(quote.text, actor.name)
        surname = quote.speaker.split()[-1]
        owners = [p for p in people if p.split()[-1] == surname]
        if len(owners) == 1 and len(quote.speaker.split()) <= 2:
            return Quote(quote.text, owners[0])
        return quote


def edited(before: Mapping[str, Briefing], after: Mapping[str, Briefing]) -> list[str]:
    """Slugs in `after` whose briefing is new or differs from the one in `before`
    (a rebuild keeps unchanged briefings as the very same objects)."""
    return [slug for slug, b in after.items() if (old := before.get(slug)) is not b and old != b]


def _naming_sentence(found: list[tuple[Mention, str]], title: str) -> str:
    """The first sentence naming the actor, the headline only when nothing else does."""
    for _, text in found:
        if text != title:
            return text
    return found[0][1]


def analysed_texts(article: Article, sentences: Sequence[str]) -> list[str]:
    """Everything an actor can be named in, sentence by sentence (or paragraph
    by paragraph, passed instead); credits excluded."""
    head = [article.title, article.standfirst or "", article.image_caption or ""]
    return [t for t in head if t] + list(sentences)
