"""The preview server: serves site/ and nothing else."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen.serve import make_server, resolve_request

from .browser import LOOPBACK, Server, get, serving


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "briefings" / "a").mkdir(parents=True)
    (root / "index.html").write_text("<p>home</p>")
    (root / "404.html").write_text("<p>custom 404</p>")
    (root / "briefings" / "a" / "index.html").write_text("<p>briefing a</p>")
    (root / "briefings" / "a" / "index.md").write_text("---\ntitle: a\n---\n")
    (root / "feed.xml").write_text("<feed/>")
    (tmp_path / "secret.txt").write_text("secret")
    os.symlink(tmp_path / "secret.txt", root / "link.txt")
    return root


@pytest.fixture
def server(site: Path) -> Iterator[Server]:
    with serving(site) as server:
        yield server


def test_binds_loopback_by_default(site: Path) -> None:
    httpd = make_server(site, port=0)
    try:
        assert httpd.server_address[0] == "127.0.0.1"
    finally:
        httpd.server_close()


def test_pages_and_directory_index(server: Server) -> None:
    status, headers, body = get(server.port, "/")
    assert (status, body) == (200, b"<p>home</p>")
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    status, _, body = get(server.port, "/briefings/a/")
    assert (status, body) == (200, b"<p>briefing a</p>")
    status, headers, _ = get(server.port, "/briefings/a")
    assert status == 301 and headers["Location"] == "/briefings/a/"
    assert get(server.port, "/briefings/a/index.md")[1]["Content-Type"].startswith("text/markdown")
    assert get(server.port, "/feed.xml")[1]["Content-Type"] == "application/atom+xml"


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/briefings/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%2fsecret.txt",
        "//etc/passwd",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/index.html%00.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/link.txt",
        "/nope/",
    ],
)
def test_escapes_and_missing_get_404(server: Server, path: str) -> None:
    status, _, body = get(server.port, path)
    assert status == 404
    assert body == b"<p>custom 404</p>"
    assert b"secret" not in body


def test_resolve_request_unit(site: Path) -> None:
    assert resolve_request(site, "/briefings/a/") == (site / "briefings/a/index.html").resolve()
    assert resolve_request(site, "/?q=1") == (site / "index.html").resolve()
    assert resolve_request(site, "/%2e%2e/") is None
    assert resolve_request(site, "/link.txt") is None


def test_cli_serve_port_zero(fixture_project: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "serve", "--port", "0"],
        cwd=fixture_project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = ""
        for line in process.stdout:
            if line.startswith("Serving"):
                break
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line
        status, _, body = get(int(match.group(1)), "/")
        assert status == 200 and b"Fixture briefings" in body
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_many_parallel_requests(server: Server) -> None:
    from concurrent.futures import ThreadPoolExecutor

    paths = ["/", "/briefings/a/", "/feed.xml", "/nope", "/briefings/a/index.md"] * 40
    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(lambda p: get(server.port, p)[0], paths))
    assert statuses.count(200) == 160 and statuses.count(404) == 40


def test_client_disconnecting_mid_response_does_not_hurt(server: Server) -> None:
    import socket

    for _ in range(20):
        with socket.create_connection((LOOPBACK, server.port), timeout=5) as raw:
            raw.sendall(b"GET /feed.xml HTTP/1.1\r\nHost: x\r\n\r\n")
            raw.recv(5)  # read a little, then hang up
    status, _, body = get(server.port, "/")
    assert (status, body) == (200, b"<p>home</p>")
