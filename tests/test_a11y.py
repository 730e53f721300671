"""Accessibility of the default theme in real headless Chromium: axe-core (the
npm package, tests/a11y) finds no serious or critical problem on any kind of
page, light or dark; headings go in order; the skip link and focus show; a
briefing prints on one or two pages without navigation."""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator
from contextlib import closing
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from briefgen.config import load_config

from .browser import Server, built_and_served, visit
from .conftest import FIXTURES

pytestmark = pytest.mark.browser
AXE = Path(__file__).parent / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
SEED = "briefings/syria-iraqs-popular-mobilisation-ready-to-fight-for-assad/"
PAGES = [
    "",
    "briefings/",
    "briefings/page/2/",
    SEED,
    "actors/",
    "actors/iraq/",
    "actors/iraq/page/2/",
    "places/",
    "places/mosul/",
    "timeline/",
    "search/?q=Blair",  # with its results
    "no/such/page/",  # the 404 page
]
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    config = load_config(FIXTURES / "site-basic" / "config.toml")
    # served at the root, as its 404 page's links (from the base URL's path) expect
    config = replace(config, site=replace(config.site, base_url="http://127.0.0.1/"))
    with built_and_served(config, tmp_path_factory.mktemp("site")) as server:
        yield server


def axe_or_skip() -> Path:
    if not AXE.is_file():
        if os.environ.get("BRIEFGEN_REQUIRE_BROWSER"):
            pytest.fail(f"axe-core missing: npm ci --prefix tests/a11y ({AXE})")
        pytest.skip("axe-core not installed (npm ci --prefix tests/a11y)")
    return AXE


def violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(axe_or_skip()))
    found: list[dict[str, Any]] = page.evaluate(
        """async (rules) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: rules}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
            }));
        }""",
        RULES,
    )
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_on_any_kind_of_page(
    browser: Any, server: Server, scheme: str
) -> None:
    serious = {}
    with closing(browser.new_page(color_scheme=scheme)) as page:
        for path in PAGES:
            visit(page, server.url + path)
            found = violations(page)
            bad = [v for v in found if v["impact"] in ("serious", "critical")]
            if bad:
                serious[path] = bad
    assert serious == {}


def test_headings_go_in_order_from_one_h1(browser: Any, server: Server) -> None:
    with closing(browser.new_page()) as page:
        for path in PAGES:
            visit(page, server.url + path)
            levels = page.evaluate(
                "[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])"
            )
            assert levels[:1] == [1] and levels.count(1) == 1, (path, levels)
            skips = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
            assert skips == [], (path, levels)


def test_the_skip_link_comes_first_and_focus_shows(browser: Any, server: Server) -> None:
    with closing(browser.new_page()) as page:
        page.goto(server.url + SEED)
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const e = document.activeElement, box = e.getBoundingClientRect();
                const style = getComputedStyle(e);
                return {text: e.textContent, href: e.getAttribute("href"), left: box.left,
                        outline: style.outlineStyle, width: parseFloat(style.outlineWidth)};
            }"""
        )
        assert focused["text"] == "Skip to content" and focused["href"] == "#main"
        assert focused["left"] >= 0 and focused["outline"] != "none" and focused["width"] >= 2
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")  # the first link in the main content, outlined too
        inside = page.evaluate(
            "document.activeElement.closest('main') !== null && "
            "getComputedStyle(document.activeElement).outlineStyle !== 'none'"
        )
        assert inside


def test_a_briefing_prints_on_one_or_two_pages_without_navigation(
    browser: Any, server: Server
) -> None:
    with closing(browser.new_page()) as page:
        page.goto(server.url + SEED)
        page.emulate_media(media="print")
        hidden = page.evaluate(
            "['.masthead nav', '.sidebar', '.skip', '.colophon'].map("
            "s => getComputedStyle(document.querySelector(s)).display)"
        )
        assert hidden == ["none"] * 4
        pdf = page.pdf(format="A4")
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert 1 <= pages <= 2, pages
