"""Shared by the browser tests: Debian's Chromium, and a site on the real server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from briefgen.livereload import PreviewState
from briefgen.serve import make_server, url_of

from .conftest import chromium_or_skip

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def chromium() -> Iterator[Any]:
    """Headless Chromium (never a downloaded browser), or skip without it."""
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextmanager
def serving(site: Path, state: PreviewState | None = None) -> Iterator[str]:
    """`site` on the preview server at a free loopback port: its base URL."""
    httpd = make_server(site, "127.0.0.1", 0, state=state)
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield url_of(httpd)
    finally:
        httpd.shutdown()
        httpd.server_close()
