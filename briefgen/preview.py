"""`briefgen serve`: build, serve, watch, rebuild, reload the browser.

The HTTP threads only read site/; builds run on the watcher's thread, one at a
time, and every file is replaced atomically. A failed build leaves site/ as it
was, so the last good site stays up with the error shown on top.

When only seeds changed, the edited briefings' own pages are written (and their
open tabs reloaded) first; the pages that list them (actors, home, feed) follow
in the same rebuild, as Hugo's server renders the page being edited first. The
analysis cache and the build record are saved a moment after the last rebuild,
off the edit's path.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from briefgen import heap
from briefgen.build import Snapshot, build, publish_search, remade_search, save_build
from briefgen.config import Config
from briefgen.errors import Abort, Superseded, display_path
from briefgen.livereload import PreviewState
from briefgen.output import WriteReport
from briefgen.pagefind import SearchError
from briefgen.report import BuildReport
from briefgen.serve import make_server, url_of
from briefgen.site import SEARCH
from briefgen.watch import CONFIG, SEED, Change, describe, start_watching

# seconds of quiet before the search index is remade and the cache and the
# build record are written
SETTLE_DELAY = 1.0


class Preview:
    """Rebuilds on demand and tells the server's pages about it."""

    def __init__(self, load: Callable[[], Config], log: Callable[[str], None] = print) -> None:
        self.load = load
        self.log = log
        self.state = PreviewState()
        self.config = load()
        self.snapshot: Snapshot | None = None
        self._lock = threading.RLock()
        # seed files changed since the last good build, and whether anything else did
        self._seeds: set[Path] = set()
        self._everything = True
        self._saver: threading.Timer | None = None
        # set by the watcher on every change: an incremental rebuild's second half
        # (actor pages, home, feed) gives way to the newer edit
        self.newer = threading.Event()

    def rebuild(self, changes: list[Change] | None = None) -> bool:
        with self._lock:
            started = time.perf_counter()
            what = describe(changes, self.config.root) if changes else "start"
            self.newer.clear()
            if not changes:
                self._everything = True  # the first build, or asked without knowing why
            for change in changes or []:
                if change.kind == SEED:
                    self._seeds.add(change.path)
                else:
                    self._everything = True
            try:
                if changes and any(c.kind == CONFIG for c in changes):
                    self.config = self.load()
                report = self._build()
                self.snapshot = report.snapshot
                self._seeds.clear()
                self._everything = False
            except Superseded:
                self.log(
                    f"{time.strftime('%H:%M:%S')} {what}: edited pages written; rest superseded"
                )
                return True
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
            write = report.write
            self.state.built([*write.written, *write.removed] if write and changes else None)
            self._save_soon()
            written = len(report.changed_files())
            self.log(
                f"{time.strftime('%H:%M:%S')} {what}: {report.briefings} briefings, "
                f"{report.rendered} pages rendered, {written} files changed, "
                f"{time.perf_counter() - started:.2f}s"
            )
            return True

    def _build(self) -> BuildReport:
        # the search index is made by the first build, then kept until settle()
        kept = self.snapshot.search if self.snapshot is not None else None
        if self.snapshot is None or self._everything:
            return build(self.config, save=False, kept_search=kept)
        return build(
            self.config,
            self.snapshot,
            changed=set(self._seeds),
            first=self._first,
            save=False,
            superseded=self.newer.is_set,
            swap=False,  # the edited page is in already; a swap walks site/ and the kept tree
            kept_search=kept,
        )

    def _first(self, write: WriteReport) -> None:
        """The edited briefings' pages are in site/: reload the tabs showing them."""
        self.state.built([*write.written, *write.removed])

    def _save_soon(self) -> None:
        if self._saver is not None:
            self._saver.cancel()
        self._saver = threading.Timer(SETTLE_DELAY, self.settle)
        self._saver.daemon = True
        self._saver.start()

    def close(self) -> None:
        """Stop the pending save and save now."""
        if self._saver is not None:
            self._saver.cancel()
        self.save()

    def settle(self) -> None:
        """After the last rebuild: the search index brought up to date, the build
        saved, and what dropped builds left in reference cycles collected."""
        self.refresh_search()
        self.save()
        heap.collect()

    def refresh_search(self) -> None:
        """The search index made again if rebuilds changed what it holds. pagefind
        runs outside the lock (seconds at thousands of briefings) and its files
        are published only if no rebuild came meanwhile (that one settles later)."""
        with self._lock:
            snapshot = self.snapshot
        if snapshot is None:
            return
        started = time.perf_counter()
        try:
            remade = remade_search(snapshot)
        except SearchError as exc:
            self.log(f"{time.strftime('%H:%M:%S')} search index not made: {exc}")
            return
        if remade is None:
            return
        with self._lock:
            if self.snapshot is not snapshot:
                return
            self.snapshot, write = publish_search(snapshot, *remade)
        self.state.published([SEARCH + "index.html"])  # only a search page needs reloading
        self.log(
            f"{time.strftime('%H:%M:%S')} search index: {len(write.written)} files written, "
            f"{len(write.removed)} removed, {time.perf_counter() - started:.2f}s"
        )

    def save(self) -> None:
        """The cache and the build record, for the next process (build.save_build)."""
        with self._lock:
            if self.snapshot is not None:
                save_build(self.config, self.snapshot)


def run_preview(load: Callable[[], Config], host: str, port: int, verbose: bool) -> None:
    preview = Preview(load, log=lambda line: print(line, flush=True))
    preview.rebuild()
    output: Path = preview.config.output_dir
    output.mkdir(parents=True, exist_ok=True)
    server = make_server(output, host, port, verbose=verbose, state=preview.state)
    stop_watching = start_watching(preview.config, preview.rebuild, on_event=preview.newer.set)
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
        preview.close()
