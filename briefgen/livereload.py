"""Live reload: the preview's build state, pushed to open pages by server-sent events.

The script and the error overlay are added to HTML responses at serve time
only; nothing of this is ever written into site/.
"""

from __future__ import annotations

import html
import json
import threading
from collections.abc import Collection

EVENTS_PATH = "/_briefgen/events"
SCRIPT_PATH = "/_briefgen/reload.js"

SCRIPT = """(function () {
  var source = new EventSource("%s");
  source.addEventListener("reload", function (event) {
    var changed = JSON.parse(event.data);
    if (changed === "*" || document.getElementById("briefgen-error") ||
        changed.indexOf(here()) >= 0) {
      window.location.reload();
    }
  });
  source.addEventListener("failed", function (event) { show(JSON.parse(event.data)); });
  function here() {  // this page's file in site/
    var path = decodeURIComponent(window.location.pathname).replace(/^[/]+/, "");
    return path === "" || path.slice(-1) === "/" ? path + "index.html" : path;
  }
  function show(message) {
    var box = document.getElementById("briefgen-error");
    if (!box) {
      box = document.createElement("div");
      box.id = "briefgen-error";
      box.setAttribute("role", "alert");
      box.setAttribute("style", %s);
      document.body.appendChild(box);
    }
    box.textContent = "";
    var title = document.createElement("strong");
    title.textContent = %s;
    var pre = document.createElement("pre");
    pre.setAttribute("style", "white-space: pre-wrap; margin: 0.5em 0 0;");
    pre.textContent = message;
    box.appendChild(title);
    box.appendChild(pre);
  }
})();
"""
OVERLAY_STYLE = (
    "position: fixed; left: 0; right: 0; bottom: 0; z-index: 2147483647; max-height: 50vh; "
    "overflow: auto; padding: 1em; background: #2b0b0b; color: #ffe9e9; "
    "font: 14px/1.4 monospace; border-top: 4px solid #e53e3e;"
)


OVERLAY_TITLE = "briefgen: the last build failed; showing the last good site"
# made once: served on every page load
SCRIPT_BYTES = (
    SCRIPT % (EVENTS_PATH, json.dumps(OVERLAY_STYLE), json.dumps(OVERLAY_TITLE))
).encode()


# Files whose change needs only the pages showing them reloaded; anything else
# (a stylesheet, an image) reloads every page.
PAGE_SUFFIXES = (".html", ".md", ".xml", ".txt")
_HISTORY = 64


class PreviewState:
    """The version of the site being served, the error of the last build if any,
    and which files each version changed (so a page reloads only when it did)."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.version = 0
        self.error: str | None = None
        self._files: dict[int, frozenset[str] | None] = {}  # None: reload every page

    def built(self, files: Collection[str] | None = None) -> None:
        """A good build; `files` it changed in site/ (None: unknown, reload all)."""
        self._advance(None, _pages(files))

    def published(self, files: Collection[str]) -> None:
        """`files` changed in site/ outside a build (the search index, made once
        edits settle): the last build's error, if any, still stands."""
        self._advance(self.error, _pages(files))

    def failed(self, message: str) -> None:
        self._advance(message, None)

    def _advance(self, error: str | None, files: frozenset[str] | None) -> None:
        with self._changed:
            self.version += 1
            self.error = error
            self._files[self.version] = files
            self._files.pop(self.version - _HISTORY, None)
            self._changed.notify_all()

    def changed_since(self, seen: int, now: int) -> list[str] | None:
        """Files changed by the versions after `seen` up to `now`; None: reload all."""
        with self._changed:
            found: set[str] = set()
            for version in range(seen + 1, now + 1):
                files = self._files.get(version)
                if files is None:
                    return None
                found |= files
            return sorted(found)

    def wait(self, seen: int, timeout: float) -> tuple[int, str | None]:
        """Block until the version differs from `seen` (or the timeout passes)."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != seen, timeout=timeout)
            return self.version, self.error


def _pages(files: Collection[str] | None) -> frozenset[str] | None:
    """The pages to reload; None (every page) when a file is not a page (a stylesheet)."""
    if files is None or any(not f.endswith(PAGE_SUFFIXES) for f in files):
        return None
    return frozenset(files)


def inject(page: bytes, error: str | None) -> bytes:
    """The reload script (and the error overlay) before </body>."""
    extra = f'<script src="{SCRIPT_PATH}"></script>'
    if error is not None:
        extra = (
            f'<div id="briefgen-error" role="alert" style="{OVERLAY_STYLE}">'
            f"<strong>{OVERLAY_TITLE}</strong>"
            f'<pre style="white-space: pre-wrap; margin: 0.5em 0 0;">{html.escape(error)}</pre>'
            "</div>" + extra
        )
    marker = b"</body>"
    index = page.rfind(marker)
    data = extra.encode("utf-8")
    return page[:index] + data + page[index:] if index >= 0 else page + data


def event(name: str, data: object) -> bytes:
    return f"event: {name}\ndata: {json.dumps(data)}\n\n".encode()
