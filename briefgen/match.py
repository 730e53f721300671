"""Find known phrases (actor aliases, place names) in text, in one linear pass.

Text and phrases are cut into normalised word tokens: case-folded, accents
dropped, possessive 's removed, hyphens and spaces alike, and the Arabic
article "al-"/"el-" optional. A token trie then finds the longest phrase at
each position, so the cost grows with the text, not with the number of phrases.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Final, NamedTuple

from briefgen.text import ascii_fold

_WORD: Final = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_WORDS_SPLIT: Final = re.compile(f"({_WORD.pattern})")  # separators and words, alternating
_PARTICLES: Final = frozenset({"al", "el"})
_POSSESSIVES: Final = frozenset({"'s", "'S", "’s", "’S"})


# A word: (norm, text as written without its possessive, start, end). A plain
# tuple, made for every word of every sentence; zip() builds them in C.
Token = tuple[str, str, int, int]
NORM: Final = 0
TEXT: Final = 1
START: Final = 2
END: Final = 3


class Match(NamedTuple):
    key: str  # what the phrase stands for (an actor or place name)
    surface: str  # the words as written in the text
    start: int
    end: int


_norm = operator.itemgetter(NORM)  # called from C


def tokenize(text: str) -> list[Token]:
    """Word tokens with the particles "al"/"el" dropped when a name follows."""
    parts = _WORDS_SPLIT.split(text)
    words = parts[1::2]
    if not " ".join(words).isascii():
        return _tokenize_words(text)
    # most sentences: every step below loops in C, not once per word in Python
    norms = list(map(str.lower, words))
    if not _PARTICLES.isdisjoint(norms):
        return _tokenize_words(text)
    offsets = list(accumulate(map(len, parts)))
    starts, ends = offsets[0:-1:2], offsets[1::2]
    if "'" in text:
        for i in [i for i, word in enumerate(words) if word[-2:] in _POSSESSIVES]:
            words[i], norms[i], ends[i] = words[i][:-2], norms[i][:-2], ends[i] - 2
    return list(zip(norms, words, starts, ends, strict=True))


def _tokenize_words(text: str) -> list[Token]:
    """tokenize() word by word: for text with accents, curly apostrophes or particles."""
    result = []
    particle_start: int | None = None
    for match in _WORD.finditer(text):
        word = match.group()
        start, end = match.span()
        bare = word[:-2] if word[-2:] in _POSSESSIVES else word
        norm = bare.lower() if bare.isascii() else ascii_fold(bare.replace("’", "'")).casefold()
        if norm in _PARTICLES and _particle(text, end):
            particle_start = start if particle_start is None else particle_start
            continue
        if particle_start is not None:
            start, particle_start = particle_start, None
        result.append((norm, bare, start, end - len(word) + len(bare)))
    return result


def _particle(text: str, end: int) -> bool:
    """ "al-Sadr", "al Sadr": the particle is part of the name that follows."""
    if text[end : end + 1] == "-":
        return True
    following = _WORD.search(text, end)
    return following is not None and following.group()[:1].isupper()


_NOT_LETTERS: Final = re.compile(r"[^A-Za-z]")


def is_acronym(phrase: str) -> bool:
    """Short all-capital aliases ("IS", "US", "PMU") match only in capitals."""
    letters = _NOT_LETTERS.sub("", phrase)
    return 1 < len(letters) <= 6 and letters.isupper()


# Marks a phrase that must start with a capital where it is found.
_CAPITAL: Final = ("<capital>",)


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    # (key, exact tokens required for case-sensitive phrases, or None)
    entries: list[tuple[str, tuple[str, ...] | None]] = field(default_factory=list)


class PhraseMatcher:
    """A token trie of phrases, each standing for a key.

    With `capitalised`, a match must start with a capital letter (place names:
    "Turkey" the state, not "turkey" the bird); a shorter match that does is kept.
    """

    def __init__(self, capitalised: bool = False) -> None:
        self._root = _Node()
        self.size = 0
        self.capitalised = capitalised
        self.phrases: set[tuple[str, str]] = set()  # (phrase, key) as added

    def add(self, phrase: str, key: str, case_sensitive: bool | None = None) -> None:
        tokens = tokenize(phrase)
        if not tokens:
            return
        self.phrases.add((phrase, key))
        exact = case_sensitive if case_sensitive is not None else is_acronym(phrase)
        node = self._root
        for token in tokens:
            node = node.children.setdefault(token[NORM], _Node())
        if exact:
            required: tuple[str, ...] | None = tuple(t[TEXT] for t in tokens)
        elif tokens[0][TEXT][:1].isupper():
            required = _CAPITAL  # "The Independent", not "the independent"
        else:
            required = None
        if (key, required) not in node.entries:
            node.entries.append((key, required))
            self.size += 1

    def find(self, text: str, tokens: list[Token] | None = None) -> list[Match]:
        """Longest phrase at each position, left to right, no overlaps.

        Pass `tokens` (from tokenize(text)) to share one tokenisation between matchers.
        """
        tokens = tokenize(text) if tokens is None else tokens
        starts = self._root.children  # most words start no phrase: skip them in one pass
        matches: list[Match] = []
        if starts.keys().isdisjoint(map(_norm, tokens)):
            return matches
        free = 0  # the first position no match covers
        for index in [i for i, token in enumerate(tokens) if token[NORM] in starts]:
            if index < free:
                continue
            found = self._longest_at(tokens, index)
            if found is None:
                continue
            key, free = found
            start, end = tokens[index][START], tokens[free - 1][END]
            matches.append(Match(key, text[start:end], start, end))
        return matches

    def _longest_at(self, tokens: list[Token], index: int) -> tuple[str, int] | None:
        if self.capitalised and not tokens[index][TEXT][:1].isupper():
            return None
        node = self._root
        best: tuple[str, int] | None = None
        position = index
        while position < len(tokens):
            child = node.children.get(tokens[position][NORM])
            if child is None:
                break
            node = child
            position += 1
            key = _accept(node, tokens[index:position])
            if key is not None:
                best = (key, position)
        return best


def _accept(node: _Node, span: list[Token]) -> str | None:
    written = tuple(t[TEXT] for t in span)
    for key, required in node.entries:
        if required is None or required == written:
            return key
        if required == _CAPITAL and span[0][TEXT][:1].isupper():
            return key
    return None
