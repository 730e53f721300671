"""The timeline: every briefing's date and every date its text names, by year.

One page per year (the newest at timeline/, the others at timeline/<year>/):
a corpus of thousands of briefings would make one page of megabytes, and an
edit re-renders only the years it touches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from briefgen.briefing import Briefing
from briefgen.events import Event

TIMELINE = "timeline/"


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of the timeline: a briefing's own date (no event) or a date it names."""

    briefing: Briefing
    event: Event | None

    @property
    def date(self) -> dt.date:
        if self.event is not None:
            return self.event.date
        assert self.briefing.date is not None  # undated briefings have no entry
        return self.briefing.date

    @property
    def precision(self) -> str:
        return self.event.precision if self.event is not None else "day"

    @property
    def label(self) -> str:
        """The date as precise as the text: "16 October 2016", "early June 2016", "2003"."""
        if self.precision == "year":
            return str(self.date.year)
        month = f"{self.date:%B %Y}"
        if self.precision == "month":
            part = self.event.part if self.event is not None else ""
            return f"{part} {month}" if part else month
        return f"{self.date.day} {month}"

    @property
    def iso(self) -> str:
        """The date as precise as the text, for <time datetime>."""
        return self.date.isoformat()[: {"year": 4, "month": 7}.get(self.precision, 10)]

    @property
    def actors(self) -> list[str]:
        """Its briefing's registry actors, as slugs: what the actor filter matches."""
        return [a.slug for a in self.briefing.actors if a.registered]

    @property
    def group(self) -> str:
        """The heading it is listed under: its month, or its year for a year alone."""
        return f"{self.date:%B %Y}" if self.precision != "year" else f"Sometime in {self.date.year}"


def briefings_by_year(briefings: Iterable[Briefing]) -> dict[int, list[Briefing]]:
    """Year -> the briefings with an entry in it; years newest first. Cheap (no
    entry made or sorted): an edit needs the years, and the entries of a few."""
    years: dict[int, list[Briefing]] = {}
    for briefing in briefings:
        for year in years_named(briefing):
            years.setdefault(year, []).append(briefing)
    return dict(sorted(years.items(), reverse=True))


def entries_in(year: int, briefings: Iterable[Briefing]) -> list[Entry]:
    """The year's entries among `briefings`, newest first (a year alone after
    the year's dated entries)."""
    entries = [
        entry
        for briefing in briefings
        if briefing.date is not None
        for entry in (Entry(briefing, None), *(Entry(briefing, e) for e in briefing.events))
        if entry.date.year == year
    ]
    return sorted(entries, key=_order)


def _order(entry: Entry) -> tuple[bool, int, int, str, int]:
    event = entry.event
    return (
        entry.precision == "year",
        -entry.date.toordinal(),
        entry.precision == "month",
        entry.briefing.slug,
        event.start if event is not None else -1,
    )


def year_urls(years: list[int]) -> dict[int, str]:
    """Each year's page (`years` newest first): the newest at timeline/, the
    others at timeline/<year>/; with no year, timeline/ alone, as year 0."""
    if not years:
        return {0: TIMELINE}
    return {year: TIMELINE if year == years[0] else f"{TIMELINE}{year}/" for year in years}


def years_named(briefing: Briefing) -> set[int]:
    """The timeline years one briefing has entries in."""
    if briefing.date is None:
        return set()
    return {briefing.date.year, *(e.date.year for e in briefing.events)}


def by_heading(entries: list[Entry]) -> list[tuple[str, list[Entry]]]:
    return [(heading, list(group)) for heading, group in groupby(entries, lambda e: e.group)]
