"""Preview server: serves only the output folder, on 127.0.0.1 by default."""

from __future__ import annotations

import http.server
import mimetypes
import urllib.parse
from functools import partial
from pathlib import Path

mimetypes.add_type("text/markdown; charset=utf-8", ".md")
mimetypes.add_type("application/atom+xml", ".xml")
mimetypes.add_type("text/css", ".css")
mimetypes.add_type("text/javascript", ".js")


def resolve_request(root: Path, url_path: str) -> Path | None:
    """The file under root a URL path names, or None for anything that escapes root."""
    path = urllib.parse.unquote(urllib.parse.urlsplit(url_path).path, errors="strict")
    if "\x00" in path or "\\" in path:
        return None
    parts = [p for p in path.split("/") if p]
    if any(p in (".", "..") for p in parts):
        return None
    candidate = root.joinpath(*parts) if parts else root
    try:
        resolved = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not resolved.is_relative_to(root.resolve()):
        return None
    if resolved.is_dir():
        index = resolved / "index.html"
        return index if index.is_file() else None
    return resolved if resolved.is_file() else None


class SiteHandler(http.server.BaseHTTPRequestHandler):
    server_version = "briefgen"
    root: Path

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def _serve(self, head: bool) -> None:
        try:
            target = resolve_request(self.root, self.path)
        except UnicodeDecodeError:
            target = None
        if target and target.is_file() and self._needs_slash(target):
            self.send_response(301)
            self.send_header("Location", self.path.split("?", 1)[0] + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = 200
        if target is None:
            status, target = 404, self.root / "404.html"
        body = target.read_bytes() if target.is_file() else b"404 Not Found"
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") and "charset" not in content_type:
            content_type += "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _needs_slash(self, target: Path) -> bool:
        path = urllib.parse.urlsplit(self.path).path
        return (
            target.name == "index.html"
            and not path.endswith("/")
            and not path.endswith("index.html")
        )

    def log_message(self, format: str, *args: object) -> None:
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)


def make_server(
    root: Path, host: str = "127.0.0.1", port: int = 8000, verbose: bool = False
) -> http.server.ThreadingHTTPServer:
    handler = partial(_Handler, root.resolve())
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    server.verbose = verbose  # type: ignore[attr-defined]
    return server


class _Handler(SiteHandler):
    def __init__(self, root: Path, *args: object, **kwargs: object) -> None:
        self.root = root
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


def url_of(server: http.server.ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host!s}:{port}/"
