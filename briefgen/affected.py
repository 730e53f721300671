"""Which briefings an actors.toml edit can change, so the others keep their analysis.

A briefing depends on the registry only through the phrases the actor finder
looks for (names, aliases, surnames no other actor claims, states' demonyms)
and the records of the actors those phrases stand for. An edit changes some
of them; a seed whose text lacks a word of every changed phrase cannot name
any of them, nor discover an actor under a changed name (discovered names are
words of the text), so its briefing is what a new analysis would give.
"""

from __future__ import annotations

from collections.abc import Iterable

from briefgen.actors import ActorRegistry
from briefgen.match import tokenize
from briefgen.mentions import ActorFinder
from briefgen.places import Gazetteer
from briefgen.text import ascii_fold

Phrase = tuple[str, ...]  # its words, normalised as the matcher compares them


def changed_phrases(
    before: ActorRegistry, after: ActorFinder, gazetteer: Gazetteer
) -> list[Phrase]:
    """The phrases whose meaning differs between the registry `before` and the
    one `after` finds (with `gazetteer`, the one it was built with)."""
    found = _looked_for(ActorFinder(before, gazetteer)) ^ _looked_for(after)
    # an actor whose record changed (a new type or slug) changes its mentions
    edited = set(before.actors) ^ set(after.registry.actors)
    texts = {phrase for phrase, _ in found}
    texts |= {phrase for actor in edited for phrase in (actor.name, *actor.aliases)}
    return [words for text in texts if (words := tuple(tokenize(text).norms))]


def may_name(texts: Iterable[str], phrases: list[Phrase]) -> bool:
    """Whether the texts hold every word of some phrase (as a substring: may
    over-report, never under-report)."""
    if not phrases:
        return False
    folded = ascii_fold(" ".join(texts).replace("’", "'")).casefold()
    return any(all(word in folded for word in phrase) for phrase in phrases)


def _looked_for(finder: ActorFinder) -> set[tuple[str, str]]:
    return finder.names.phrases | finder.short_forms.phrases | finder.demonyms.phrases
