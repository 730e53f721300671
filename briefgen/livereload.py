"""Live reload: the preview's build state, pushed to open pages by server-sent events.

The script and the error overlay are added to HTML responses at serve time
only; nothing of this is ever written into site/.
"""

from __future__ import annotations

import html
import json
import threading

EVENTS_PATH = "/_briefgen/events"
SCRIPT_PATH = "/_briefgen/reload.js"

SCRIPT = """(function () {
  var source = new EventSource("%s");
  source.addEventListener("reload", function () { window.location.reload(); });
  source.addEventListener("failed", function (event) { show(JSON.parse(event.data)); });
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
    title.textContent = "briefgen: the last build failed; showing the last good site";
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


def script() -> bytes:
    return (SCRIPT % (EVENTS_PATH, json.dumps(OVERLAY_STYLE))).encode("utf-8")


class PreviewState:
    """The version of the site being served and the error of the last build, if any."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.version = 0
        self.error: str | None = None

    def built(self) -> None:
        with self._changed:
            self.version += 1
            self.error = None
            self._changed.notify_all()

    def failed(self, message: str) -> None:
        with self._changed:
            self.version += 1
            self.error = message
            self._changed.notify_all()

    def wait(self, seen: int, timeout: float) -> tuple[int, str | None]:
        """Block until the version differs from `seen` (or the timeout passes)."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != seen, timeout=timeout)
            return self.version, self.error


def inject(page: bytes, error: str | None) -> bytes:
    """The reload script (and the error overlay) before </body>."""
    extra = f'<script src="{SCRIPT_PATH}"></script>'
    if error is not None:
        extra = (
            f'<div id="briefgen-error" role="alert" style="{OVERLAY_STYLE}">'
            "<strong>briefgen: the last build failed; showing the last good site</strong>"
            f'<pre style="white-space: pre-wrap; margin: 0.5em 0 0;">{html.escape(error)}</pre>'
            "</div>" + extra
        )
    marker = b"</body>"
    index = page.rfind(marker)
    data = extra.encode("utf-8")
    return page[:index] + data + page[index:] if index >= 0 else page + data


def event(name: str, data: str) -> bytes:
    return f"event: {name}\ndata: {json.dumps(data)}\n\n".encode()
