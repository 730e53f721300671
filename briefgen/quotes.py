"""Direct quotations and, where the text makes it clear, who said them."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final, NamedTuple

from briefgen.compact import tuple_record


@tuple_record
class Quote(NamedTuple):
    text: str
    speaker: str | None


_SPEECH: Final = (
    r"(?:said|says|told|added|adds|stated|declared|insisted|warned|explained|argued|"
    r"claimed|announced|noted|wrote|asked|replied|continued|admitted|urged)"
)
_PARTICLE: Final = r"(?:al|el|bin|ibn|de|van|von|der|du|la|le)"
_NAME_WORD: Final = rf"(?:[A-Z][\w’'.-]*|{_PARTICLE}-[A-Z][\w’'-]*|{_PARTICLE}(?=\s+[A-Z]))"
_NAME: Final = rf"(?P<name>[A-Z][\w’'.-]*(?:\s+{_NAME_WORD}){{0,4}})"
_PRONOUN: Final = r"(?P<pronoun>[Hh]e|[Ss]he)"
_ROLE: Final = r"(?:,\s*(?P<role>[^,“”\"]{1,120}),)?"
# A speaker named by role: "a spokesman for the group", "an official".
_BY_ROLE: Final = (
    r"(?P<byrole>(?i:a|an|the|one)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:spokesman|spokeswoman|spokesperson|official|officials|source|sources|diplomat|"
    r"aide|adviser|advisor|analyst|commander|minister|statement|witness|resident)"
    r"(?:\s+(?:for|of|at|to|from|in)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?[\w'’-]+)?)"
)
# After a quote ending in a comma, "?" or "!": ', Name said' / ', said Name' / ', he said'
_AFTER: Final = [
    re.compile(rf"^\s*{_SPEECH}\s+{_NAME}"),
    re.compile(rf"^\s*{_NAME}{_ROLE}\s+{_SPEECH}\b"),
    re.compile(rf"^\s*{_PRONOUN}\s+{_SPEECH}\b"),
    re.compile(rf"^\s*{_BY_ROLE}\s+{_SPEECH}\b"),
    re.compile(rf"^\s*{_SPEECH}\s+{_BY_ROLE}[\s.,]"),
]
# Before a quote: 'Name said: ' / 'Name, a spokesman, told reporters: '
_BEFORE: Final = [
    re.compile(rf"{_BY_ROLE}\s+{_SPEECH}\b[^“”\".]{{0,60}}[:,]\s*$"),
    re.compile(rf"{_NAME}{_ROLE}\s+{_SPEECH}\b[^“”\".]{{0,60}}[:,]\s*$"),
    re.compile(rf"{_PRONOUN}\s+{_SPEECH}\b[^“”\".]{{0,60}}[:,]\s*$"),
]
_MIN_WORDS: Final = 4
_MARKS: Final = re.compile(r'["“”]')
_FULL_NAME: Final = re.compile(r"[A-Z][\w’'-]+(?:\s+(?:[A-Z][\w’'-]+|al-[A-Z][\w’'-]+)){1,3}")
_NOT_NAMES: Final = frozenset(
    {
        "The",
        "A",
        "An",
        "But",
        "And",
        "It",
        "This",
        "That",
        "In",
        "On",
        "He",
        "She",
        "They",
        "We",
        "I",
        "You",
        "There",
        "However",
        "Yet",
        "So",
        "As",
    }
)


@dataclass(frozen=True)
class _Span:
    start: int  # index of the opening mark
    end: int  # index of the closing mark, or where the quotation was cut off
    closed: bool


def find_quotes(paragraphs: Sequence[str]) -> list[Quote]:
    """Quotations of four words or more, with a speaker when a pattern names one.

    A quotation continued with a fresh opening mark keeps its speaker;
    "he"/"she" resolve to the last named speaker in the article.
    """
    quotes: list[Quote] = []
    last_speaker: str | None = None
    for paragraph in paragraphs:
        previous: str | None = None
        for span in _spans(paragraph):
            raw = paragraph[span.start + 1 : span.end].strip()
            speaker, named = _speaker(paragraph, span, raw)
            text = raw.rstrip(",").strip()
            if speaker == "<pronoun>":
                speaker = last_speaker
            elif speaker is None and previous and _continues(paragraph, span):
                speaker = previous
            if named:
                last_speaker = speaker
            previous = speaker
            if len(text.split()) >= _MIN_WORDS:
                quotes.append(Quote(text, speaker))
    return quotes


def _spans(paragraph: str) -> Iterator[_Span]:
    """Quotation spans by the direction of each mark (straight quotes are ambiguous)."""
    opened: int | None = None
    for mark in _MARKS.finditer(paragraph):
        index = mark.start()
        role = _role(paragraph, index, mark.group())
        if role == "open":
            if opened is not None:
                yield _Span(opened, index, closed=False)
            opened = index
        elif role == "close" and opened is not None:
            yield _Span(opened, index, closed=True)
            opened = None
    if opened is not None:
        yield _Span(opened, len(paragraph), closed=False)


def _role(text: str, index: int, char: str) -> str | None:
    if char == "“":
        return "open"
    if char == "”":
        return "close"
    if char != '"':
        return None
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    if before.isspace() or before in "([—–-":
        return "open" if not after.isspace() else None
    return "close"


def _continues(paragraph: str, span: _Span) -> bool:
    """A new opening mark right after a quotation cut off mid-flow."""
    gap = paragraph[max(0, span.start - 3) : span.start]
    return not gap.strip() or gap.strip()[-1:] in ".?!"


def _speaker(paragraph: str, span: _Span, text: str) -> tuple[str | None, bool]:
    if span.closed and text[-1:] in ",?!—–-":
        for pattern in _AFTER:
            found = _name_or_pronoun(pattern.match(paragraph[span.end + 1 :]))
            if found[0]:
                return found
    before = paragraph[max(0, span.start - 200) : span.start]
    if before.rstrip()[-1:] not in (":", ","):
        return None, False  # what every _BEFORE pattern ends with: no search from each position
    for pattern in _BEFORE:
        found = _name_or_pronoun(pattern.search(before))
        if found[0]:
            return found
    return None, False


def _name_or_pronoun(match: re.Match[str] | None) -> tuple[str | None, bool]:
    if match is None:
        return None, False
    groups = match.groupdict()
    if groups.get("pronoun"):
        return "<pronoun>", False
    if groups.get("byrole"):
        return groups["byrole"].strip(), False
    name = (groups.get("name") or "").strip().rstrip(".,")
    role = (groups.get("role") or "").strip()
    if _FULL_NAME.fullmatch(role):
        name = role  # "The Shadow Secretary for the Family, Theresa May, said"
    if not name or name.split()[0] in _NOT_NAMES:
        return None, False
    return name, True
