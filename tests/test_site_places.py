"""Place pages: one per place the briefings name, linked from each briefing."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from briefgen.build import build
from briefgen.cache import forget_in_memory
from briefgen.config import load_config
from briefgen.site import _most_first


def built(project: Path) -> Path:
    forget_in_memory()
    build(load_config(project / "config.toml"))
    return project / "site"


def test_each_place_named_has_a_page_listing_its_briefings(fixture_project: Path) -> None:
    site = built(fixture_project)
    mosul = (site / "places/mosul/index.html").read_text()
    listed = re.findall(r'<a href="\.\./\.\./briefings/([a-z0-9-]+)/">', mosul)
    naming = [
        page.parent.name
        for page in sorted(site.glob("briefings/*/index.html"))
        if 'href="../../places/mosul/"' in page.read_text()
    ]
    assert sorted(listed) == naming and len(naming) == 2
    assert '<dd><a href="../iraq/">Iraq</a></dd>' in mosul  # its country has a page
    iraq_actor = r'<a href="\.\./\.\./actors/iraq/">Iraq</a> <span class="count"[^>]*>2<'
    assert re.search(iraq_actor, mosul)
    assert "<li>Peshmerga <span" in mosul  # a discovered actor: named, not linked
    iraq = (site / "places/iraq/index.html").read_text()
    assert 'href="../../actors/iraq/">its actor page</a>' in iraq  # the state as an actor


def test_the_places_index_groups_states_regions_and_cities(fixture_project: Path) -> None:
    index = (built(fixture_project) / "places/index.html").read_text()
    headings = re.findall(r"<h2>(\w+)</h2>", index)
    assert headings == ["States", "Regions", "Cities"]
    cities = index[index.index("<h2>Cities</h2>") :]
    assert '<a href="mosul/">Mosul</a> <span class="count" title="briefings">2</span>' in cities
    assert 'href="iraq/"' not in cities


def test_without_the_places_section_no_page_links_to_one(fixture_project: Path) -> None:
    config = fixture_project / "config.toml"
    config.write_text(
        config.read_text().replace("[build]", '[build]\nsections = ["briefings", "actors"]')
    )
    site = built(fixture_project)
    assert not (site / "places").exists()
    assert not [p for p in site.rglob("*.html") if "places/" in p.read_text()]


@given(
    st.dictionaries(
        st.sampled_from(["al", "Al", "bo", "Bo", "cy", "dee", "Eve"]), st.integers(1, 4)
    ),
    st.integers(0, 8),
)
def test_the_most_named_are_every_name_sorted_then_cut(counts: dict[str, int], limit: int) -> None:
    """Sorting only the names that can make the cut gives the same list as
    sorting them all: highest count first, ties by name, whatever the case."""
    every = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))
    assert _most_first(Counter(counts), limit) == every[:limit]
