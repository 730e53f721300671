"""A reader in real headless Chromium (Debian's, driven by Playwright)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from typing import Any

import pytest

from briefgen.config import load_config

from .browser import Server, built_and_served
from .conftest import FIXTURES, REPO

pytestmark = pytest.mark.browser
SEED_SLUG = "syria-iraqs-popular-mobilisation-ready-to-fight-for-assad"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with built_and_served(load_config(REPO / "config.toml"), tmp_path_factory.mktemp("site")) as s:
        yield s


def test_reader_goes_from_home_to_briefing_to_actor(browser: Any, server: Server) -> None:
    with closing(browser.new_page()) as page:
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server.url)
        page.get_by_role(
            "link", name="Syria: Iraq's Popular Mobilisation ready to fight for Assad"
        ).click()
        page.wait_for_url(f"**/briefings/{SEED_SLUG}/")
        assert page.locator("h1").inner_text().startswith("Syria: Iraq's Popular Mobilisation")
        assert page.locator(".bluf p").inner_text().startswith("The Iran-backed Iraqi Popular")
        assert page.locator(".key-points li").count() == 3
        assert page.locator(".quote figcaption").first.inner_text().endswith("Ahmed al-Asadi")
        sidebar = page.locator("aside.sidebar")
        actors = sidebar.locator("section", has=page.get_by_role("heading", name="Actors"))
        for name in ["Popular Mobilisation Units", "Peshmerga", "Al Nujaba", "Iran"]:
            assert actors.get_by_role("link", name=name, exact=True).is_visible()
        places = sidebar.locator("section", has=page.get_by_role("heading", name="Places"))
        assert places.get_by_role("link", name="Iran", exact=True).is_visible()
        assert "Getty" not in sidebar.inner_text()
        sidebar.get_by_role("link", name="Popular Mobilisation Units", exact=True).click()
        page.wait_for_url("**/actors/popular-mobilisation-units/")
        assert page.locator("h1").inner_text() == "Popular Mobilisation Units"
        assert (
            page.get_by_role(
                "link", name="Syria: Iraq's Popular Mobilisation ready to fight for Assad"
            ).count()
            == 1
        )
        assert page.get_by_role("heading", name="Seen with").is_visible()
        assert errors == []
    assert server.errors == []


def test_phone_width_has_no_horizontal_scroll(browser: Any, server: Server) -> None:
    with closing(browser.new_page(viewport={"width": 360, "height": 740})) as page:
        for path in [
            "",
            f"briefings/{SEED_SLUG}/",
            "actors/",
            "actors/iraq/",
            "timeline/",
            "places/",
            "places/iraq/",
        ]:
            page.goto(server.url + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            wide = page.evaluate(
                "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect()"
                ".right > window.innerWidth).slice(0, 3).map(e => e.outerHTML.slice(0, 80))"
            )
            assert overflow <= 0, f"{path} overflows by {overflow}px: {wide}"
    assert server.errors == []


def test_missing_page_shows_site_404(browser: Any, server: Server) -> None:
    with closing(browser.new_page()) as page:
        response = page.goto(server.url + "no/such/page/")
        assert response is not None and response.status == 404
        assert page.locator("h1").inner_text() == "Page not found"
    assert server.errors == []


@pytest.fixture(scope="module")
def fixture_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The fixture site: several dated briefings naming different actors."""
    config = load_config(FIXTURES / "site-basic" / "config.toml")
    with built_and_served(config, tmp_path_factory.mktemp("fixture-site")) as server:
        yield server


def test_timeline_filters_by_actor_and_keeps_it_in_the_url(
    browser: Any, fixture_server: Server
) -> None:
    server = fixture_server
    with closing(browser.new_page()) as page:
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server.url + "timeline/")
        select = page.get_by_label("Show events of briefings naming")
        assert select.is_visible()  # the script shows the filter
        events = page.locator(".events > li")
        total = events.count()
        slugs = [
            o for o in select.locator("option").evaluate_all("os => os.map(o => o.value)") if o
        ]
        rare = min(slugs, key=lambda s: page.locator(f'.events > li[data-actors~="{s}"]').count())
        select.select_option(rare)
        assert page.url.endswith(f"timeline/?actor={rare}")
        visible = page.locator(".events > li:visible")
        assert 0 < visible.count() < total
        assert all(
            rare in a.split() for a in visible.evaluate_all("ls => ls.map(l => l.dataset.actors)")
        )
        page.goto(server.url + f"timeline/?actor={rare}")  # a link to the filtered timeline
        assert select.input_value() == rare and visible.count() < total
        select.select_option("")
        assert visible.count() == total and page.url.endswith("timeline/")
        assert errors == []
    assert server.errors == []
