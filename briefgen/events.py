"""Dated events in an article's text ("on October 16", "in June", "since early
September"), resolved against the article's date.

News writes dates relative to the day it is published and about the past, so a
date without a year is the latest one not after the article's date ("in June"
in an article of 2 March 2016 is June 2015), as dateparser does with
PREFER_DATES_FROM="past". A few patterns cover what news text writes; a month
alone needs a preposition before it, so "May" the name or the verb is no date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Final, NamedTuple

from briefgen.compact import tuple_record

MONTHS: Final = (
    "January February March April May June July August September October November December"
).split()
WEEKDAYS: Final = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_MONTH: Final = "|".join(MONTHS)
_PART: Final = r"(?P<part>early|mid|late)[- ]"
_YEAR: Final = r"(?P<year>1[89]\d\d|20\d\d)"
_PATTERN: Final = re.compile(
    "|".join(
        [
            # "October 16", "October 16, 2016", "mid-October 2016"
            rf"\b(?:{_PART})?(?P<m1>{_MONTH})(?: (?P<d1>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b)?"
            rf"(?:,? (?P<y1>1[89]\d\d|20\d\d)\b)?(?![\w-])",
            # "16 October", "16 October 2016"
            rf"\b(?P<d2>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)? (?P<m2>{_MONTH})(?: {_YEAR})?\b",
            rf"\b(?:on|last) (?P<weekday>{'|'.join(WEEKDAYS)})\b",
            r"\b(?P<yesterday>[Yy]esterday)\b",
            r"\b(?:in|since|until|by|during) (?:early |mid-|late )?(?P<y3>1[89]\d\d|20\d\d)\b",
        ]
    )
)
# a month alone is a date only after one of these: "in June", "since early September"
_MONTH_CUE: Final = re.compile(
    r"\b(?:in|on|since|until|by|from|during|of|before|after|last|this|to)\s+$"
)
# a date without its year in a sentence about the future would resolve a year too early
_FUTURE: Final = re.compile(r"\b(?:will|would|due|next|scheduled|upcoming|expected)\b")
# what every date names: a month, a weekday, "yesterday" or a year. Two patterns, as
# one would start with an assertion, and re scans fastest for a set of first letters
_NAME_CUES: Final = re.compile(rf"{_MONTH}|{'|'.join(WEEKDAYS)}|esterday")
_YEAR_CUE: Final = re.compile(r"(?:1[89]|20)(?<!\w..)\d\d\b")  # "\b1999\b", the \b checked after


@tuple_record
class Event(NamedTuple):
    """A date named in one sentence of a briefing."""

    date: dt.date  # its first day: 1 June for "in June"
    precision: str  # "day", "month" or "year"
    part: str  # "early", "mid", "late" or ""
    sentence: str
    start: int  # where the sentence names it
    end: int


def find_events(sentences: Iterable[str], published: dt.date) -> tuple[Event, ...]:
    """Each date named in `sentences`, once per sentence, that is not after `published`."""
    events: dict[tuple[dt.date, str, str], Event] = {}
    for sentence in sentences:
        if _NAME_CUES.search(sentence) is None and _YEAR_CUE.search(sentence) is None:
            continue  # most sentences: no match to resolve
        for match in _PATTERN.finditer(sentence):
            event = _event(match, sentence, published)
            if event is not None and event.date <= published:
                events.setdefault((event.date, event.precision, sentence), event)
    return tuple(events.values())


def _event(match: re.Match[str], sentence: str, published: dt.date) -> Event | None:
    groups = match.groupdict()
    start, end = match.span()
    part = groups["part"] or ""
    if groups["weekday"]:
        back = (published.weekday() - WEEKDAYS.index(groups["weekday"])) % 7
        return Event(published - dt.timedelta(days=back), "day", "", sentence, start, end)
    if groups["yesterday"]:
        return Event(published - dt.timedelta(days=1), "day", "", sentence, start, end)
    if groups["y3"]:
        return Event(dt.date(int(groups["y3"]), 1, 1), "year", "", sentence, start, end)
    month = MONTHS.index(groups["m1"] or groups["m2"]) + 1
    day = groups["d1"] or groups["d2"]
    year = groups["y1"] or groups["year"]
    if day is None and not (part or year or _MONTH_CUE.search(sentence, 0, start)):
        return None  # "May said", "March to the sea"
    resolved = _latest(published, month, int(day) if day else 1, int(year) if year else None)
    if resolved is None or (year is None and _FUTURE.search(sentence)):
        return None
    return Event(resolved, "day" if day else "month", part, sentence, start, end)


def _latest(published: dt.date, month: int, day: int, year: int | None) -> dt.date | None:
    """The date in `year`, or without one the latest not after `published`."""
    try:
        if year is not None:
            return dt.date(year, month, day)
        this_year = dt.date(published.year, month, day)
        return this_year if this_year <= published else dt.date(published.year - 1, month, day)
    except ValueError:
        return None  # "30 February", or 29 February of a year without one
