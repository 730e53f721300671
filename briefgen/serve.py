"""Preview server: serves only the output folder, on 127.0.0.1 by default."""

from __future__ import annotations

import contextlib
import http.server
import mimetypes
import urllib.parse
from functools import partial
from pathlib import Path

from briefgen.livereload import (
    EVENTS_PATH,
    SCRIPT_BYTES,
    SCRIPT_PATH,
    PreviewState,
    event,
    inject,
)

mimetypes.add_type("text/markdown; charset=utf-8", ".md")
mimetypes.add_type("application/atom+xml", ".xml")
mimetypes.add_type("text/css", ".css")
mimetypes.add_type("text/javascript", ".js")


def resolve_request(root: Path, url_path: str) -> Path | None:
    """The file under root a URL path names, or None for anything that escapes root."""
    return _resolve(root, urllib.parse.urlsplit(url_path).path)


def _resolve(root: Path, quoted: str) -> Path | None:
    """resolve_request for the path part of the URL, still %-quoted."""
    path = urllib.parse.unquote(quoted, errors="strict")
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
    # seconds a client may send or read nothing: without it a stalled client
    # (half a request line, or never reading a big file) holds a thread forever
    timeout = 30
    root: Path
    state: PreviewState | None = None  # set for `briefgen serve`: live reload

    def handle(self) -> None:
        # a client that hung up or reset is no error: no socketserver traceback
        with contextlib.suppress(ConnectionError):
            super().handle()

    def do_GET(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if self.state is not None and path == EVENTS_PATH:
            self._events(self.state)
        elif self.state is not None and path == SCRIPT_PATH:
            self._send(200, "text/javascript; charset=utf-8", SCRIPT_BYTES, head=False)
        else:
            self._serve(path, head=False)

    def do_HEAD(self) -> None:
        self._serve(urllib.parse.urlsplit(self.path).path, head=True)

    def _serve(self, path: str, head: bool) -> None:
        """Serve the file the request's URL path (`path`, still %-quoted) names."""
        try:
            target = _resolve(self.root, path)
        except UnicodeDecodeError:
            target = None
        if target and target.is_file() and _needs_slash(path, target):
            self.send_response(301)
            # the path alone: an absolute-form target must not redirect to its host
            self.send_header("Location", path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = 200
        if target is None:
            status, target = 404, self.root / "404.html"
        try:
            body = target.read_bytes()
        except OSError:
            status, body = 404, b"404 Not Found"
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") and "charset" not in content_type:
            content_type += "; charset=utf-8"
        if self.state is not None and content_type.startswith("text/html"):
            body = inject(body, self.state.error)
        self._send(status, content_type, body, head)

    def _send(self, status: int, content_type: str, body: bytes, head: bool) -> None:
        # a client gone mid-response raises a ConnectionError, which handle() drops
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _events(self, state: PreviewState) -> None:
        """Server-sent events: "reload" after a good build, "failed" after a bad one."""
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen = state.version
            while not getattr(self.server, "closing", False):
                version, error = state.wait(seen, timeout=1.0)
                if version != seen:
                    changed = state.changed_since(seen, version)
                    seen = version
                    if error:
                        message = event("failed", error)
                    else:
                        message = event("reload", "*" if changed is None else changed)
                else:
                    message = b": keep-alive\n\n"
                self.wfile.write(message)
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            return

    def log_message(self, format: str, *args: object) -> None:
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)


def _needs_slash(path: str, target: Path) -> bool:
    """A folder asked for without its slash: its page's relative links need one."""
    return (
        target.name == "index.html" and not path.endswith("/") and not path.endswith("index.html")
    )


def make_server(
    root: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    verbose: bool = False,
    state: PreviewState | None = None,
) -> http.server.ThreadingHTTPServer:
    handler = partial(_Handler, root.resolve(), state)
    server = _Server((host, port), handler)
    server.verbose = verbose  # type: ignore[attr-defined]
    return server


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    # listen() backlog: socketserver's 5 makes the kernel drop connections when
    # a page's assets or many tabs connect at once, and each waits 1 s or more
    request_queue_size = 128


class _Handler(SiteHandler):
    def __init__(
        self, root: Path, state: PreviewState | None, *args: object, **kwargs: object
    ) -> None:
        self.root = root
        self.state = state
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


def url_of(server: http.server.ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host!s}:{port}/"
