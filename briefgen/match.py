"""Find known phrases (actor aliases, place names) in text, in one linear pass.

Text and phrases are cut into normalised word tokens: case-folded, accents
dropped, possessive 's removed, hyphens and spaces alike, and the Arabic
article "al-"/"el-" optional. A token trie then finds the longest phrase at
each position, so the cost grows with the text, not with the number of phrases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from operator import add
from typing import Final, NamedTuple

from briefgen.text import ascii_fold, ascii_pieces, ascii_separators, word_starts

_WORD: Final = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# _WORD in ASCII text, where [^\W_] is [A-Za-z0-9] and ’ cannot occur
_ASCII_WORD: Final = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z0-9]+)*")
_WORD_GAPS: Final = ascii_separators("'")
_PARTICLES: Final = frozenset({"al", "el"})
_POSSESSIVES: Final = frozenset({"'s", "'S", "’s", "’S"})


@dataclass
class Tokens:
    """A text's words as four parallel lists: each word's norm, its text as
    written without its possessive, its start and its end. Lists, not a tuple
    per word: made for every word of every sentence, and a matcher reads only
    the norms of most of them."""

    norms: list[str]
    texts: list[str]
    starts: list[int]
    ends: list[int]

    def __len__(self) -> int:
        return len(self.norms)


class Match(NamedTuple):
    key: str  # what the phrase stands for (an actor or place name)
    surface: str  # the words as written in the text
    start: int
    end: int


def tokenize(text: str) -> Tokens:
    """Word tokens with the particles "al"/"el" dropped when a name follows."""
    if text.isascii():
        words = ascii_words(text)
    else:
        words = _WORD.findall(text)
        if not " ".join(words).isascii():
            return _tokenize_words(text)
    # most sentences: every step below loops in C, or in compiled code, not in Python
    norms = list(map(str.lower, words))
    if not _PARTICLES.isdisjoint(norms):
        return _tokenize_words(text)
    starts = word_starts(text, words)
    ends = list(map(add, starts, map(len, words)))
    if "'" in text:
        for i in [i for i, word in enumerate(words) if word[-2:] in _POSSESSIVES]:
            words[i], norms[i], ends[i] = words[i][:-2], norms[i][:-2], ends[i] - 2
    return Tokens(norms, words, starts, ends)


def ascii_words(text: str) -> list[str]:
    """_WORD's words of ASCII text, without a regex for most: the text split
    on what cannot be in a word, and only a piece with an apostrophe (which
    joins two words only between letters or digits) searched with _ASCII_WORD."""
    pieces = ascii_pieces(text, _WORD_GAPS)
    if "'" not in text:
        return pieces
    words: list[str] = []
    for piece in pieces:
        if "'" in piece:
            words.extend(_ASCII_WORD.findall(piece))
        else:
            words.append(piece)
    return words


def _tokenize_words(text: str) -> Tokens:
    """tokenize() word by word: for text with accents, curly apostrophes or particles."""
    tokens = Tokens([], [], [], [])
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
        tokens.norms.append(norm)
        tokens.texts.append(bare)
        tokens.starts.append(start)
        tokens.ends.append(end - len(word) + len(bare))
    return tokens


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
        for norm in tokens.norms:
            node = node.children.setdefault(norm, _Node())
        if exact:
            required: tuple[str, ...] | None = tuple(tokens.texts)
        elif tokens.texts[0][:1].isupper():
            required = _CAPITAL  # "The Independent", not "the independent"
        else:
            required = None
        if (key, required) not in node.entries:
            node.entries.append((key, required))
            self.size += 1

    def find(self, text: str, tokens: Tokens | None = None) -> list[Match]:
        """Longest phrase at each position, left to right, no overlaps.

        Pass `tokens` (from tokenize(text)) to share one tokenisation between matchers.
        """
        tokens = tokenize(text) if tokens is None else tokens
        starts = self._root.children  # most words start no phrase: skip them in one pass
        matches: list[Match] = []
        if starts.keys().isdisjoint(tokens.norms):
            return matches
        free = 0  # the first position no match covers
        for index in [i for i, norm in enumerate(tokens.norms) if norm in starts]:
            if index < free:
                continue
            found = self._longest_at(tokens, index)
            if found is None:
                continue
            key, free = found
            start, end = tokens.starts[index], tokens.ends[free - 1]
            matches.append(Match(key, text[start:end], start, end))
        return matches

    def _longest_at(self, tokens: Tokens, index: int) -> tuple[str, int] | None:
        texts = tokens.texts
        if self.capitalised and not texts[index][:1].isupper():
            return None
        node = self._root
        best: tuple[str, int] | None = None
        position = index
        norms = tokens.norms
        while position < len(norms):
            child = node.children.get(norms[position])
            if child is None:
                break
            node = child
            position += 1
            key = _accept(node, texts[index:position])
            if key is not None:
                best = (key, position)
        return best


def _accept(node: _Node, span: list[str]) -> str | None:
    """The key of a phrase ending at `node` that accepts the words as written."""
    written = tuple(span)
    for key, required in node.entries:
        if required is None or required == written:
            return key
        if required == _CAPITAL and written[0][:1].isupper():
            return key
    return None
