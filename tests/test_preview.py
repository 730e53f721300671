"""`briefgen serve` end to end: real process, real watcher, real HTTP, real browser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.bench_serve import fetch, start_serve
from briefgen.config import load_config
from briefgen.livereload import PreviewState, inject
from briefgen.preview import Preview

from .browser import chromium
from .conftest import poll

SEED_PAGE = "briefings/chelsea-sack-mutu/"


def test_inject_adds_script_and_escaped_overlay() -> None:
    page = b"<html><body><p>x</p></body></html>"
    assert inject(page, None) == (
        b'<html><body><p>x</p><script src="/_briefgen/reload.js"></script></body></html>'
    )
    with_error = inject(page, "seeds/a.md:2: <script>alert(1)</script>")
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in with_error
    assert b'id="briefgen-error"' in with_error


def test_failed_rebuild_keeps_the_last_good_site(fixture_project: Path) -> None:
    lines: list[str] = []
    preview = Preview(lambda: load_config(fixture_project / "config.toml"), log=lines.append)
    assert preview.rebuild()
    page = fixture_project / "site" / SEED_PAGE / "index.html"
    before = page.read_bytes()
    templates = fixture_project / "templates"
    templates.mkdir()
    (templates / "briefing.html").write_text("{% if %}\n")
    assert not preview.rebuild()
    assert preview.state.error is not None and "templates/briefing.html:1" in preview.state.error
    assert page.read_bytes() == before
    (templates / "briefing.html").unlink()
    assert preview.rebuild()
    assert preview.state.error is None
    assert "build failed" in lines[1] and "6 briefings" in lines[2]


@pytest.fixture
def served(fixture_project: Path) -> Iterator[tuple[Path, int]]:
    process, port = start_serve(fixture_project)
    yield fixture_project, port
    process.terminate()
    process.wait(timeout=10)


def test_edit_is_served_without_restart(served: tuple[Path, int]) -> None:
    project, port = served
    assert b'<script src="/_briefgen/reload.js"></script>' in fetch(port, "/" + SEED_PAGE)
    assert b"reload.js" not in (project / "site" / SEED_PAGE / "index.html").read_bytes()
    seed = project / "seeds" / "bbc-sport-199-latin1.txt"
    seed.write_bytes(seed.read_bytes() + b"\nThe club said the decision was final.\n")
    assert poll(lambda: b"The club said the decision was final." in fetch(port, "/" + SEED_PAGE))


@pytest.mark.browser
def test_browser_reloads_and_shows_the_error_overlay(served: tuple[Path, int]) -> None:
    project, port = served
    with chromium() as browser:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/{SEED_PAGE}")
        other = browser.new_page()  # a page the edit does not change
        other.goto(f"http://127.0.0.1:{port}/404.html")
        other.evaluate("window.notReloaded = true")
        page.wait_for_timeout(300)  # let the event streams connect
        seed = project / "seeds" / "bbc-sport-199-latin1.txt"
        seed.write_bytes(seed.read_bytes() + b"\nMutu is expected to appeal.\n")
        page.get_by_text("Mutu is expected to appeal.").wait_for(timeout=15_000)
        page.wait_for_timeout(500)  # the rest of the rebuild (home, feed, actor pages)
        assert other.evaluate("window.notReloaded === true")

        templates = project / "templates"
        templates.mkdir()
        (templates / "briefing.html").write_text("{% extends 'base.html' %}\n{% if %}\n")
        overlay = page.locator("#briefgen-error")
        overlay.wait_for(timeout=15_000)
        assert "templates/briefing.html:2" in overlay.inner_text()
        assert page.locator("h1").first.inner_text() == "Chelsea sack Mutu"  # last good page

        (templates / "briefing.html").unlink()
        overlay.wait_for(state="detached", timeout=15_000)
        assert page.get_by_text("Mutu is expected to appeal.").is_visible()


def test_a_search_index_published_after_a_failed_build_keeps_its_error() -> None:
    """The index is made once edits settle, from the last good build: the
    error of a build that failed since must stay on every page."""
    state = PreviewState()
    state.failed("templates/briefing.html:2: unexpected end of template")
    state.published(["search/index.html"])
    assert state.error == "templates/briefing.html:2: unexpected end of template"
    assert state.changed_since(1, 2) == ["search/index.html"]
    state.built([])
    state.published(["search/index.html"])
    assert state.error is None


def test_preview_state_tells_which_files_changed() -> None:
    state = PreviewState()
    state.built(["briefings/a/index.html"])
    state.built(["briefings/b/index.html", "feed.xml"])
    assert state.changed_since(0, 2) == [
        "briefings/a/index.html",
        "briefings/b/index.html",
        "feed.xml",
    ]
    assert state.changed_since(1, 2) == ["briefings/b/index.html", "feed.xml"]
    state.built(["static/style.css"])  # a stylesheet: every page reloads
    assert state.changed_since(2, 3) is None
    state.failed("templates/base.html:1: error")
    state.built([])
    assert state.changed_since(3, 5) is None  # after a failure, reload all (the overlay goes)
    assert state.changed_since(4, 5) == []
    for _ in range(100):
        state.built([])
    assert state.changed_since(0, state.version) is None  # too old to know
