"""`briefgen serve`: build, serve, watch, rebuild, reload the browser.

The HTTP threads only read site/; builds run on the watcher's thread, one at a
time. A failed build leaves site/ as it was (nothing is written until the whole
site rendered), so the last good site stays up with the error shown on top.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from briefgen.build import Snapshot, build
from briefgen.config import Config
from briefgen.errors import Abort, display_path
from briefgen.livereload import PreviewState
from briefgen.serve import make_server, url_of
from briefgen.watch import CONFIG, SEED, Change, describe, start_watching


class Preview:
    """Rebuilds on demand and tells the server's pages about it."""

    def __init__(self, load: Callable[[], Config], log: Callable[[str], None] = print) -> None:
        self.load = load
        self.log = log
        self.state = PreviewState()
        self.config = load()
        self.snapshot: Snapshot | None = None
        self._lock = threading.Lock()

    def rebuild(self, changes: list[Change] | None = None) -> bool:
        with self._lock:
            started = time.perf_counter()
            what = describe(changes, self.config.root) if changes else "start"
            try:
                if changes and any(c.kind == CONFIG for c in changes):
                    self.config = self.load()
                seeds_only = bool(changes) and all(c.kind == SEED for c in changes or [])
                report = build(self.config, self.snapshot if seeds_only else None)
                self.snapshot = report.snapshot
            except Abort as exc:
                self.state.failed(str(exc))
                self.log(
                    f"{time.strftime('%H:%M:%S')} {what}: build failed, "
                    "serving the last good site:\n" + str(exc)
                )
                return False
            except Exception as exc:  # an internal error must not stop the preview
                self.state.failed(f"internal error: {exc!r}")
                self.log(traceback.format_exc())
                return False
            self.state.built()
            write = report.write
            written = len(write.written) + len(write.removed) if write else 0
            self.log(
                f"{time.strftime('%H:%M:%S')} {what}: {report.briefings} briefings, "
                f"{report.rendered} pages rendered, {written} files changed, "
                f"{time.perf_counter() - started:.2f}s"
            )
            return True


def run_preview(load: Callable[[], Config], host: str, port: int, verbose: bool) -> None:
    preview = Preview(load, log=lambda line: print(line, flush=True))
    preview.rebuild()
    output: Path = preview.config.output_dir
    output.mkdir(parents=True, exist_ok=True)
    server = make_server(output, host, port, verbose=verbose, state=preview.state)
    stop_watching = start_watching(preview.config, preview.rebuild)
    print(
        f"Serving {display_path(output)}/ at {url_of(server)} "
        "(watching for changes; Ctrl+C to stop)",
        flush=True,
    )
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        print("", file=sys.stderr)
    finally:
        server.closing = True  # type: ignore[attr-defined]
        stop_watching()
        server.server_close()
