"""Shared by the server and browser tests: Debian's Chromium, the real server
on a free loopback port, and an HTTP client for it."""

from __future__ import annotations

import http.client
import http.server
import os
import shutil
import threading
import traceback
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from briefgen.build import build
from briefgen.config import Config
from briefgen.livereload import PreviewState
from briefgen.serve import make_server, url_of

LOOPBACK = "127.0.0.1"
TIMEOUT = 10.0  # failure bound for one request, and for the server's thread to end

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_or_skip() -> str:
    """Path of Debian's Chromium; CI sets BRIEFGEN_REQUIRE_BROWSER so it fails, not skips."""
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        if os.environ.get("BRIEFGEN_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (apt-get install chromium)")
        pytest.skip("Chromium not installed (apt-get install chromium)")
    return path


@contextmanager
def chromium() -> Iterator[Any]:
    """Headless Chromium (never a downloaded browser), or skip without it."""
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def visit(page: Any, url: str) -> Any:
    """Load `url` in a Playwright page, and a search's results, which come a
    moment after the page; the page's response."""
    response = page.goto(url)
    if "?q=" in url:
        page.wait_for_selector(".search-results li")
    return response


@dataclass
class Server:
    httpd: http.server.ThreadingHTTPServer
    thread: threading.Thread
    errors: list[str] = field(default_factory=list)  # exceptions that reached socketserver

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    @property
    def url(self) -> str:
        """The site's base URL, ending in "/"."""
        return url_of(self.httpd)


@contextmanager
def built_and_served(config: Config, out: Path) -> Iterator[Server]:
    """The project of `config` built into `out` and served from there."""
    build(config.with_paths(output=str(out)))
    with serving(out) as server:
        yield server


@contextmanager
def serving(site: Path, state: PreviewState | None = None) -> Iterator[Server]:
    """`site` on the preview server (`make_server`, as `briefgen serve` runs it)
    at a free loopback port, recording any exception that reaches socketserver."""
    httpd = make_server(site, LOOPBACK, 0, state=state)
    server = Server(httpd, threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True))

    def handle_error(request: object, address: object) -> None:
        server.errors.append(traceback.format_exc())

    httpd.handle_error = handle_error  # type: ignore[method-assign]
    server.thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
        server.thread.join(TIMEOUT)


def get(port: int, url: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """One request to the loopback server at `port`: status, headers and body."""
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=TIMEOUT)
    try:
        connection.request(method, url)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def url_path(relative: str) -> str:
    """The URL path a browser uses for a site file (`relative` to site/):
    its folder's for an index.html, percent-encoded."""
    if relative == "index.html" or relative.endswith("/index.html"):
        relative = relative.removesuffix("index.html")
    return "/" + urllib.parse.quote(relative)
