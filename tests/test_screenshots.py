"""Screenshots of the bundled site for people to look at: the home page, a
briefing, an actor, the timeline and a search, at a phone's width and a
desktop's, in tests/screenshots/ (git-ignored)."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from briefgen.config import load_config

from .browser import Server, built_and_served, visit
from .conftest import REPO

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).parent / "screenshots"
PAGES = {
    "home": "",
    "briefing": "briefings/syria-iraqs-popular-mobilisation-ready-to-fight-for-assad/",
    "actor": "actors/popular-mobilisation-units/",
    "timeline": "timeline/",
    "search": "search/?q=Iraq",  # with its results
}
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with built_and_served(load_config(REPO / "config.toml"), tmp_path_factory.mktemp("site")) as s:
        yield s


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("device", list(WIDTHS))
def test_screenshots_of_the_main_pages(browser: Any, server: Server, device: str) -> None:
    width, height = WIDTHS[device]
    SHOTS.mkdir(exist_ok=True)
    with closing(browser.new_page(viewport={"width": width, "height": height})) as page:
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        for name, path in PAGES.items():
            response = visit(page, server.url + path)
            assert response is not None and response.status == 200, path
            shot = SHOTS / f"{name}-{device}.png"
            shot.write_bytes(page.screenshot(full_page=True))
            shot_width, shot_height = png_size(shot.read_bytes())
            assert shot_width == width and shot_height >= height, (shot, shot_width, shot_height)
        assert errors == []
    assert server.errors == []
