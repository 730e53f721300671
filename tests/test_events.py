"""Dated events in the text, resolved against the article's date."""

from __future__ import annotations

import datetime as dt

import pytest

from briefgen.events import find_events

PUBLISHED = dt.date(2016, 11, 2)  # a Wednesday


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Operations began on October 16.", [("2016-10-16", "day", "", "October 16")]),
        ("Talks stalled in June.", [("2016-06-01", "month", "", "June")]),
        (
            "Fighters came since early September.",
            [("2016-09-01", "month", "early", "early September")],
        ),
        ("It was agreed in mid-December.", [("2015-12-01", "month", "mid", "mid-December")]),
        ("The 16 October 2015 meeting failed.", [("2015-10-16", "day", "", "16 October 2015")]),
        ("On March 3, 2014 they met.", [("2014-03-03", "day", "", "March 3, 2014")]),
        ("He spoke on Monday.", [("2016-10-31", "day", "", "on Monday")]),
        ("He spoke on Wednesday.", [("2016-11-02", "day", "", "on Wednesday")]),
        ("It happened yesterday.", [("2016-11-01", "day", "", "yesterday")]),
        ("The war began in 2003.", [("2003-01-01", "year", "", "in 2003")]),
        ("Theresa May said so.", []),  # a month alone needs a preposition
        ("May I ask?", []),
        ("March on, they said.", []),
        ("Elections are due on 5 December.", []),  # the future, without a year: unsure
        ("Elections will be held in December 2016.", []),  # after the article's date
        ("It fell on 30 February.", []),  # no such day
    ],
)
def test_dates_resolve_against_the_article_date(
    sentence: str, expected: list[tuple[str, ...]]
) -> None:
    found = [
        (e.date.isoformat(), e.precision, e.part, e.sentence[e.start : e.end])
        for e in find_events([sentence], PUBLISHED)
    ]
    assert found == expected


def test_one_event_per_date_and_sentence() -> None:
    events = find_events(["On Monday, and again on Monday, in 2003 and in 2003."], PUBLISHED)
    assert [(e.date.isoformat(), e.precision) for e in events] == [
        ("2016-10-31", "day"),
        ("2003-01-01", "year"),
    ]
