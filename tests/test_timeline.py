"""The timeline: every briefing's date and the dates its text names, a page per year."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from briefgen.build import build
from briefgen.cache import forget_in_memory
from briefgen.config import load_config
from briefgen.incremental import affected_paths
from briefgen.site import Site


def built(project: Path) -> Site:
    forget_in_memory()
    report = build(load_config(project / "config.toml"))
    assert report.snapshot is not None
    return report.snapshot.site


def seed(date: str, title: str, text: str) -> str:
    return f"---\ntitle: {title}\ndate: {date}\n---\n\n{text}\n"


def test_entries_link_their_briefings_newest_first(fixture_project: Path) -> None:
    site = built(fixture_project)
    page = (fixture_project / "site/timeline/index.html").read_text()
    dated = [b for b in site.briefings.values() if b.date]
    published = re.findall(
        r'<a href="\.\./briefings/([a-z0-9-]+)/">[^<]*</a> <span class="badge">published', page
    )
    assert sorted(published) == sorted(b.slug for b in dated) and len(dated) < len(site.briefings)
    times = re.findall(r'<time datetime="([\d-]+)">', page)
    assert times == sorted(times, reverse=True)  # newest first, a month before its days
    assert '<time datetime="2016-10-16">16 October 2016</time>' in page
    assert "<mark>October 16</mark>" in page
    assert '<time datetime="2016-09">early September 2016</time>' in page


def test_a_page_per_year_and_an_edit_rerenders_only_its_years(
    make_project: Callable[..., Path],
) -> None:
    project = make_project(
        {
            "a.md": seed("2016-03-02", "New", "Talks resumed on Monday."),
            "b.md": seed("2015-06-01", "Old", "Talks stalled in May."),
            "c.md": seed("2014-01-05", "Older", "Nothing new."),
        }
    )
    before = built(project)
    timeline = project / "site" / "timeline"
    assert sorted(p.relative_to(timeline).as_posix() for p in timeline.rglob("*.html")) == [
        "2014/index.html",
        "2015/index.html",
        "index.html",
    ]
    newest = (timeline / "index.html").read_text()
    assert '<a href="./" aria-current="page">2016</a>' in newest and 'href="2015/"' in newest
    assert (
        "Talks stalled" not in newest
        and "Talks stalled" in (timeline / "2015/index.html").read_text()
    )
    (project / "seeds" / "b.md").write_text(seed("2015-06-01", "Old", "Talks stalled in April."))
    paths = affected_paths(before, after := built(project))
    assert paths is not None and {p for p in paths if p.startswith("timeline/")} == {
        "timeline/2015/index.html"
    }
    (project / "seeds" / "b.md").write_text(seed("2013-06-01", "Old", "Talks stalled."))
    paths = affected_paths(after, built(project))  # a new year: every year's links change
    assert paths is not None and {p for p in paths if p.startswith("timeline/")} == {
        "timeline/index.html",
        "timeline/2014/index.html",
        "timeline/2013/index.html",
    }
