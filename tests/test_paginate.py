"""Long lists over numbered pages, and which pages an edit can change."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen.build import build
from briefgen.cache import forget_in_memory
from briefgen.config import load_config
from briefgen.incremental import affected_paths
from briefgen.paginate import Pager, changed_pages, page_count, page_file, split
from briefgen.site import Site


def test_split_fills_pages_in_order() -> None:
    assert split("abcde", 2) == ["ab", "cd", "e"]
    assert split("abcd", 2) == ["ab", "cd"]
    assert split("abc", 0) == ["abc"]  # 0: one page
    assert split("", 3) == [""]  # an empty list still has its page
    assert [page_count(n, 2) for n in (0, 1, 2, 3, 4, 5)] == [1, 1, 1, 2, 2, 3]


def test_pager_links_its_neighbours() -> None:
    first, middle, last = (Pager(n, 3, "briefings/") for n in (1, 2, 3))
    assert first.path == "briefings/index.html" and first.newer is None
    assert first.older == "briefings/page/2/"
    assert middle.path == page_file("briefings/", 2) == "briefings/page/2/index.html"
    assert (middle.newer, middle.older) == ("briefings/", "briefings/page/3/")
    assert last.older is None and last.url(3) == "briefings/page/3/"


@pytest.mark.parametrize(
    ("old", "new", "touched", "expected"),
    [
        ("abcdef", "abcdef", "", []),
        ("abcdef", "abcdef", "d", [2]),  # an edited item: its page only
        ("abcdef", "bacdef", "", [1]),  # two swapped within a page
        ("abcdef", "abdcef", "", [2]),
        ("abcdef", "fabcde", "f", [1, 2, 3]),  # moved to the top: every page shifts
        ("abcdef", "abcdefg", "g", [1, 2, 3, 4]),  # a page more: every pager changes
        ("abcdefg", "abcdef", "g", [1, 2, 3]),
    ],
)
def test_changed_pages(old: str, new: str, touched: str, expected: list[int]) -> None:
    assert changed_pages(list(old), list(new), 2, set(touched)) == expected


def built_site(project: Path) -> Site:
    forget_in_memory()
    report = build(load_config(project / "config.toml"))
    assert report.snapshot is not None
    return report.snapshot.site


def test_index_pages_list_every_briefing_once_in_order(fixture_project: Path) -> None:
    site = built_site(fixture_project)  # the fixture shows 2 a page
    folder = fixture_project / "site" / "briefings"
    pages = [folder / "index.html", folder / "page/2/index.html", folder / "page/3/index.html"]
    assert not (folder / "page/4").exists()
    listed = [
        slug
        for page in pages
        for slug in re.findall(r'<h2><a href="(?:\.\./)*([a-z0-9-]+)/">', page.read_text())
    ]
    assert listed == list(site.xref.ordered)
    middle = pages[1].read_text()
    assert '<a rel="prev" href="../../">' in middle and '<a rel="next" href="../3/">' in middle
    home = (fixture_project / "site" / "index.html").read_text()
    assert home.count("<li>\n    <article>") == 2 and 'href="briefings/">All briefings' in home


def test_an_edit_rerenders_the_list_pages_that_show_it(fixture_project: Path) -> None:
    before = built_site(fixture_project)
    last = before.xref.ordered[-1]  # on the third briefings page
    seed = fixture_project / "seeds" / before.briefings[last].article.source_file
    seed.write_bytes(seed.read_bytes() + b"\nIran and Syria met again.\n")
    paths = affected_paths(before, built_site(fixture_project))
    assert paths is not None
    lists = {p for p in paths if re.fullmatch(r"briefings/(page/\d+/)?index\.html", p)}
    assert lists == {"briefings/page/3/index.html"}
    iraq = [p for p in paths if p.startswith("actors/iraq/")]
    assert sorted(iraq) == [
        "actors/iraq/feed.xml",
        "actors/iraq/index.html",
        "actors/iraq/page/2/index.html",
    ]


def test_home_shows_the_most_active_actors_of_the_corpus_last_30_days(
    make_project: Callable[..., Path],
) -> None:
    def seed(date: str, text: str) -> str:
        return f"---\ntitle: {text}\ndate: {date}\n---\n\n{text}\n"

    actors = "".join(
        f'[[actor]]\nname = "{name}"\ntype = "state"\n\n' for name in ("Iran", "Syria", "Chad")
    )
    project = make_project(
        {
            "a.md": seed("2020-03-31", "Iran and Syria met."),
            "b.md": seed("2020-03-02", "Iran spoke."),  # the window's first day
            "c.md": seed("2020-03-01", "Chad spoke. Chad and Iran met."),  # a day too old
            "d.txt": "Undated news\n\nChad, Chad and Chad met.\n",
        },
        actors,
    )
    built_site(project)
    home = (project / "site" / "index.html").read_text()
    active = home[home.index('id="active-h"') :]
    assert re.findall(
        r'<a href="actors/[a-z]+/">(\w+)</a> <span class="count" title="briefings">(\d)', active
    ) == [
        ("Iran", "2"),
        ("Syria", "1"),
    ]
