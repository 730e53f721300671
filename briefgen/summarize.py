"""Bottom line up front and key points, by extractive ranking.

The bottom line is the article's standfirst when it has one (an editor wrote
it to stand alone); otherwise its lead, the first sentence fit to stand alone,
because news is written lead-first. Key points are the sentences closest to the
centroid of the article's content words, favouring early ones, never two saying the same thing and
none repeating the bottom line; they keep the article's order.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import Final, NamedTuple

from briefgen.compact import tuple_record
from briefgen.text import tokens

STOPWORDS: Final = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his
    how i if in into is it its itself just me more most my myself no nor not now of off
    on once only or other our ours ourselves out over own same she should so some such
    than that the their theirs them themselves then there these they this those through
    to too under until up very was we were what when where which while who whom why will
    with would you your yours yourself said says say mr mrs ms told would could one two
    new""".split()
)
_MIN_WORDS: Final = 6
_REDUNDANT: Final = 0.5
# Tuned on a third of the BBC corpus, kept modest so the ranking is not fitted to it:
# a length penalty below cosine's 0.5 favours informative sentences, and a mild
# lead bias stays because news is written lead-first.
LENGTH_EXPONENT: Final = 0.3
POSITION_WEIGHT: Final = 0.25
_JUNK: Final = re.compile(
    r"^(?:read more|related|advertisement|share this|click here)\b", re.IGNORECASE
)


@tuple_record
class Summary(NamedTuple):
    bottom_line: str
    key_points: tuple[str, ...]


def summarize(
    sentences: Sequence[str], count: int, standfirst: str | None = None, lead_sentences: int = 1
) -> Summary:
    """The bottom line and up to `count` key points from the article's sentences.

    Without a standfirst the bottom line is the first `lead_sentences` sentences
    fit to stand alone.
    """
    candidates = [i for i, s in enumerate(sentences) if is_quality(s)]
    if standfirst:
        bottom_line = standfirst
    else:
        lead = candidates[:lead_sentences] or list(range(min(1, len(sentences))))
        bottom_line = " ".join(sentences[i] for i in lead)
    chosen = rank(sentences, candidates, count, avoid=bottom_line)
    return Summary(bottom_line, tuple(sentences[i] for i in sorted(chosen)))


def is_quality(sentence: str) -> bool:
    """Fit for a key point: long enough, whole quotes, not page furniture."""
    if len(sentence.split()) < _MIN_WORDS or _JUNK.match(sentence):
        return False
    if not sentence[:1].isupper() and sentence[:1] not in "\"“‘'":
        return False
    straight = sentence.count('"') % 2 == 0
    curly = sentence.count("“") == sentence.count("”")
    return straight and curly


def content_tokens(sentence: str) -> list[str]:
    return [t for t in tokens(sentence) if t not in STOPWORDS and len(t) > 1]


def rank(sentences: Sequence[str], candidates: list[int], count: int, avoid: str) -> list[int]:
    """Indices of the best `count` candidates, greedy with a redundancy check."""
    words = {i: content_tokens(sentences[i]) for i in candidates}
    bags = {i: set(words[i]) for i in candidates}
    centroid = Counter(t for i in candidates for t in words[i])
    norm = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
    total = max(len(sentences), 1)

    def score(i: int) -> float:
        bag = bags[i]
        if not bag:
            return 0.0
        cosine = sum(centroid[t] for t in bag) / (math.pow(len(bag), LENGTH_EXPONENT) * norm)
        return cosine * (1.0 + POSITION_WEIGHT * (1.0 - i / total))

    avoid_bag = set(content_tokens(avoid))
    chosen: list[int] = []
    for i in sorted(candidates, key=lambda i: (-score(i), i)):
        if len(chosen) == count:
            break
        if sentences[i] in avoid:
            continue  # part of the bottom line
        others = [bags[j] for j in chosen] + [avoid_bag]
        if all(similarity(bags[i], other) < _REDUNDANT for other in others):
            chosen.append(i)
    return chosen


def similarity(a: set[str], b: set[str]) -> float:
    """Overlap relative to the smaller set: 1.0 when one repeats the other."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
