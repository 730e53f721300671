"""The bundled seeds: the briefing of the original seed article has what we promised."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from briefgen.build import build
from briefgen.config import load_config

from .conftest import REPO

SEED_SLUG = "syria-iraqs-popular-mobilisation-ready-to-fight-for-assad"
REQUIRED_ACTORS = [
    "Popular Mobilisation Units",
    "Bashar al-Assad",
    "Ahmed al-Asadi",
    "Peshmerga",
    "Iraqi Army",
    "Islamic State",
    "Iran",
    "Iraq",
    "Syria",
    "United Kingdom",
    "The Wall Street Journal",
    "Al Nujaba",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundled")
    build(load_config(REPO / "config.toml").with_paths(output=str(out)))
    return out


@pytest.fixture(scope="module")
def front_matter(site: Path) -> dict:  # type: ignore[type-arg]
    text = (site / "briefings" / SEED_SLUG / "index.md").read_text()
    _, meta, body = text.split("---\n", 2)
    assert body.strip()
    return yaml.safe_load(meta)  # type: ignore[no-any-return]


def test_bundled_seeds_count() -> None:
    seeds = [p for p in (REPO / "seeds").iterdir() if p.suffix in (".txt", ".md")]
    assert 16 <= len(seeds) <= 26


def test_summary_is_the_standfirst(front_matter: dict) -> None:  # type: ignore[type-arg]
    assert front_matter["standfirst"]
    assert front_matter["summary"] == front_matter["standfirst"]
    assert len(front_matter["key_points"]) == 3
    assert front_matter["summary"] not in front_matter["key_points"]


def test_al_asadi_quote(front_matter: dict) -> None:  # type: ignore[type-arg]
    speakers = {q["speaker"] for q in front_matter["quotes"]}
    assert "Ahmed al-Asadi" in speakers
    (quote,) = [q for q in front_matter["quotes"] if q["speaker"] == "Ahmed al-Asadi"]
    assert quote["text"].startswith("After clearing all our land")


def test_sidebar_actors(front_matter: dict, site: Path) -> None:  # type: ignore[type-arg]
    names = {a["name"] for a in front_matter["actors"]}
    missing = [n for n in REQUIRED_ACTORS if n not in names]
    assert not missing
    pmu = next(a for a in front_matter["actors"] if a["name"] == "Popular Mobilisation Units")
    assert "Hashd al-Shaabi" in pmu["aliases_seen"]
    assert not any("getty" in n.lower() for n in names)
    html = (site / "briefings" / SEED_SLUG / "index.html").read_text()
    sidebar = html.split('<aside class="sidebar"', 1)[1]
    for name in REQUIRED_ACTORS:
        assert f">{name}</a>" in sidebar, name
    assert "Getty" not in sidebar


def test_front_matter_contract(front_matter: dict) -> None:  # type: ignore[type-arg]
    for key in [
        "title",
        "slug",
        "date",
        "source_file",
        "standfirst",
        "summary",
        "key_points",
        "reading_minutes",
        "image_caption",
        "image_credit",
        "actors",
        "quotes",
        "places",
        "related",
    ]:
        assert key in front_matter, key
    assert str(front_matter["date"]) == "2016-10-30"
    assert front_matter["image_credit"] == "Getty"
    for actor in front_matter["actors"]:
        assert set(actor) == {
            "name",
            "slug",
            "type",
            "mentions",
            "adjectival_mentions",
            "aliases_seen",
            "adjectives_seen",
            "registered",
        }
    assert front_matter["related"], "the bundled seeds share actors"


def test_actor_pages_link_back(site: Path) -> None:
    page = (site / "actors" / "popular-mobilisation-units" / "index.html").read_text()
    assert f"briefings/{SEED_SLUG}/" in page
    assert "Seen with" in page


def test_actor_page_quotes_a_sentence_not_the_headline(site: Path) -> None:
    page = (site / "actors" / "tony-blair" / "index.html").read_text()
    assert '<p class="mention">Blair rejects Iraq advice calls</p>' not in page
    assert "<dt>Type</dt><dd>Person</dd>" in page


def test_quote_speakers_resolved_to_discovered_people(site: Path) -> None:
    text = (site / "briefings" / "blair-rejects-iraq-advice-calls" / "index.md").read_text()
    meta = yaml.safe_load(text.split("---\n")[1])
    speakers = {q["speaker"] for q in meta["quotes"]}
    assert "Michael Mates" in speakers and "Mr Mates" not in speakers
    assert "Tony Blair" in speakers
