"""Text utilities shared by the stages: cleaning, sentences, tokens, slugs."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

_SPACES: Final = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t ]+")
_INVISIBLE: Final = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_line(line: str) -> str:
    """One line with exotic spaces folded, invisible and control characters dropped."""
    # what the patterns fold or drop is unprintable, but for runs of plain spaces
    if line.isprintable() and "  " not in line:
        return line.strip()  # most lines, "£" and curly quotes too: nothing to do
    return _cleaned(line)


def _cleaned(line: str) -> str:
    line = _INVISIBLE.sub("", line)
    line = _CONTROL.sub("", line)
    return _SPACES.sub(" ", line).strip()


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def paragraphs(text: str) -> list[str]:
    """Blank-line separated blocks, each folded onto one line."""
    blocks = re.split(r"\n\s*\n", normalise_newlines(text))
    result = []
    for block in blocks:
        joined = " ".join(clean_line(line) for line in block.split("\n"))
        joined = joined.strip()
        if joined:
            result.append(joined)
    return result


# Words after which a full stop does not end a sentence.
ABBREVIATIONS: Final = frozenset(
    """mr mrs ms dr prof st gen col lt sgt capt cpl maj adm rev sen rep gov pres jr sr inc
    ltd co corp plc bros vs v etc al approx dept est fig no nos vol ed eds cf jan feb
    mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    ave blvd rd mt ft e.g i.e a.m p.m""".split()
)

# After a dotted acronym ("U.S."), a sentence only starts with one of these.
SENTENCE_STARTERS: Final = frozenset(
    """a an the he she it its they we i you this that these those there here but and or so
    yet in on at for as if when while after before however meanwhile also his her their
    our my some many most no not one two three what who why how where mr mrs ms dr""".split()
)

_BOUNDARY: Final = re.compile(
    r"""[.!?]               # sentence punctuation (matched, not looked behind for: faster)
        (?P<close>["”’')\]]*) # closing quotes and brackets stay with the sentence
        (?:\s+|(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])|(?<=[.!?]["”])(?=[A-Z]))  # space, or glued
        (?=["“‘'(\[]?[A-Z0-9£$€])""",
    re.VERBOSE,
)
_FIRST_WORD: Final = re.compile(r"^[\"“‘'(\[]?([A-Za-z]+)")


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences.

    Survives abbreviations, initials, decimals and dotted acronyms; keeps a
    quotation of several sentences whole when it closes in the paragraph;
    splits sentences glued without a space ("$10.9bn.For the year").
    """
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        end = match.end("close")
        before = paragraph[start:end]
        # all _is_boundary reads of what follows (a copy of the rest each time is quadratic)
        after = paragraph[match.end() : match.end() + _QUOTE_WINDOW]
        if _is_boundary(before, after):
            sentence = before.strip()
            if sentence:
                sentences.append(sentence)
            start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


_INITIAL: Final = re.compile(r"[A-HJ-Z]")
_DOTTED_LETTERS: Final = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")  # "U.S", "e.g"


def _is_boundary(before: str, after: str) -> bool:
    if _inside_quote(before) and _quote_closes(after):
        return False
    bare_end = before.rstrip("\"”’')]")
    if not bare_end or bare_end[-1].isspace():
        return True  # no last word
    word = bare_end.rsplit(None, 1)[-1].lstrip("\"“‘'([")  # as (\S+)$ would find it
    bare = word.rstrip(".!?")
    if word.endswith("."):
        if bare.lower() in ABBREVIATIONS:
            return False
        if _INITIAL.fullmatch(bare):
            return False  # an initial: "George W. Bush" (but "you and I." ends one)
        if _DOTTED_LETTERS.fullmatch(bare):
            first = _FIRST_WORD.match(after)
            return bool(first and first.group(1).lower() in SENTENCE_STARTERS)
    return True


def _inside_quote(text: str) -> bool:
    curly = text.count("“") - text.count("”")
    if curly > 0:
        return True
    return text.count('"') % 2 == 1


def _quote_closes(after: str) -> bool:
    """Whether a quotation still open closes in what follows (the paragraph's
    next _QUOTE_WINDOW characters: within reason)."""
    return "”" in after or '"' in after


_QUOTE_WINDOW: Final = 600


def ascii_separators(kept: str) -> bytes:
    """A bytes.translate table that makes every ASCII character a space but
    letters, digits and `kept` (see ascii_pieces)."""
    return bytes(
        code if chr(code).isalnum() or chr(code) in kept else ord(" ") for code in range(256)
    )


def ascii_pieces(text: str, separators: bytes) -> list[str]:
    """ASCII text split at every character `separators` makes a space. On bytes:
    str.translate looks up each distinct character of each text in a mapping."""
    return text.encode("ascii").translate(separators).decode("ascii").split()


_TOKEN: Final = re.compile(r"[a-z0-9]+")
# in lower-case ASCII text, the pieces between anything but [a-z0-9] are the
# tokens _TOKEN finds, without a regex scan and a match per token
_TOKEN_GAPS: Final = ascii_separators("")


def tokens(text: str) -> list[str]:
    """Lowercase alphanumeric tokens."""
    lower = text.lower()
    if lower.isascii():
        return ascii_pieces(lower, _TOKEN_GAPS)
    return _TOKEN.findall(lower)


def word_starts(text: str, words: list[str]) -> list[int]:
    """Where each of `words`, a tokenizer's words of `text` in order, starts.

    Each word is found from the end of the one before: correct when every
    character a word can start with belongs to some word, so that no earlier
    match can start between two words. Compiled, a split into pieces and this
    cost about half a regex split, which runs Python's re at every character."""
    starts: list[int] = []
    position = 0
    for word in words:
        position = text.find(word, position)
        starts.append(position)
        position += len(word)
    return starts


_WORD: Final = re.compile(r"\w+(?:['’]\w+)*")
# Latin-1 to b"a" for a word character (as \w), b"'" for the apostrophe, b" " for the rest
_WORD_CLASSES: Final = bytes(
    ord("a") if c.isalnum() or c == "_" else ord("'") if c == "'" else ord(" ")
    for c in map(chr, range(256))
)


def word_count(text: str) -> int:
    """How many words _WORD finds: counted on the text's character classes with
    bytes operations (no match or string per word) where the text is Latin-1
    once its curly apostrophes are straight, as nearly all news text is."""
    if "’" in text:
        text = text.replace("’", "'")
    try:
        classes = text.encode("latin-1").translate(_WORD_CLASSES)
    except UnicodeEncodeError:
        return len(_WORD.findall(text))
    # an apostrophe between two word characters joins them ("don't"): twice, as
    # replace() skips the second of two overlapping joins ("a'b'c")
    classes = classes.replace(b"a'a", b"aaa").replace(b"a'a", b"aaa")
    return classes.count(b" a") + classes.count(b"'a") + classes.startswith(b"a")


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


# A slug given by hand (front matter, actors.toml) is a folder of site/ as written:
# slugify's alphabet only, so no "/", "..", ":" or spaces lead elsewhere.
_SLUG: Final = re.compile(r"(?=.{1,200}$)[a-z0-9]+(?:-[a-z0-9]+)*")


def is_slug(text: str) -> bool:
    return _SLUG.fullmatch(text) is not None


def slug_problem(slug: str, fallback: str) -> tuple[str, str] | None:
    """None for a slug given by hand that is one; else the slug to use instead
    (slugify's, or `fallback` when that is empty) and what is wrong, to follow
    the words naming the slug in a message."""
    if is_slug(slug):
        return None
    suggestion = slugify(slug) or fallback
    return suggestion, f"must be lower-case letters, digits and hyphens, like {suggestion!r}"


_APOSTROPHES: Final = re.compile(r"['’]")
_NOT_SLUG: Final = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = 80) -> str:
    """A URL-safe slug: lowercase ASCII words joined by hyphens."""
    folded = _APOSTROPHES.sub("", ascii_fold(text.replace("’", "'")).lower())
    slug = _NOT_SLUG.sub("-", folded).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug
