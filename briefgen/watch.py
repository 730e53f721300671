"""Watch a project's inputs and turn bursts of file events into one rebuild.

watchdog reports every write, rename and temp file of an editor's atomic save,
or of a `git checkout` of 500 files; the Debouncer folds them into one batch,
delivered once the files have been quiet for a moment.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from briefgen.config import Config, template_dirs
from briefgen.seeds import SEED_SUFFIXES

# What changed, from the cheapest to rebuild to the most expensive.
SEED, REGISTRY, STATIC, TEMPLATE, CONFIG = "seed", "registry", "static", "template", "config"
# A folder of seeds created, moved or deleted: its files may give no events of their own.
SEED_FOLDER = "seed folder"

_EDITOR_DROPPINGS = (".swp", ".swx", ".swo", "~", ".tmp", ".part", ".crdownload", ".kate-swp")


def is_editor_temp(path: Path) -> bool:
    """Swap, backup and lock files that editors write next to the real one."""
    name = path.name
    return (
        name.startswith((".#", ".~", "#", ".tmp-"))
        or name.endswith(_EDITOR_DROPPINGS)
        or name in ("4913", ".DS_Store")
    )


@dataclass(frozen=True)
class Change:
    kind: str
    path: Path


def classify(path: Path, config: Config) -> str | None:
    """The kind of input a path is, or None if no build depends on it."""
    path = path.resolve()
    if is_editor_temp(path):
        return None
    if config.file is not None and path == config.file:
        return CONFIG
    if path == config.actors_file:
        return REGISTRY
    for directory in template_dirs(config):
        if path.is_relative_to(directory / "static"):
            return STATIC
        if path.is_relative_to(directory):
            return TEMPLATE
    if path.is_relative_to(config.seeds_dir) and path.suffix.lower() in SEED_SUFFIXES:
        return SEED
    return None


class Debouncer:
    """Collects changes; calls `flush` with the batch once no event came for `quiet`
    seconds (or after `longest` seconds of continuous events)."""

    def __init__(
        self,
        flush: Callable[[list[Change]], object],
        quiet: float = 0.05,
        longest: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
        on_add: Callable[[], object] = lambda: None,
    ) -> None:
        self._flush = flush
        self._on_add = on_add
        self.quiet = quiet
        self.longest = longest
        self._clock = clock
        self._pending: dict[Path, Change] = {}
        self._first = 0.0
        self._last = 0.0
        self._lock = threading.Lock()

    def add(self, change: Change) -> None:
        with self._lock:
            now = self._clock()
            if not self._pending:
                self._first = now
            self._last = now
            self._pending[change.path] = change
        self._on_add()

    def due(self) -> list[Change]:
        """The batch, if it is time to deliver it (and forget it)."""
        with self._lock:
            if not self._pending:
                return []
            now = self._clock()
            if now - self._last < self.quiet and now - self._first < self.longest:
                return []
            batch = list(self._pending.values())
            self._pending.clear()
            return batch

    def run(self, stop: threading.Event, tick: float = 0.02) -> None:
        """Deliver batches until `stop` is set (on its own thread)."""
        while not stop.wait(tick):
            batch = self.due()
            if batch:
                self._flush(batch)


class _Handler(FileSystemEventHandler):
    def __init__(
        self, config: Config, debouncer: Debouncer, on_new_folder: Callable[[Path], None]
    ) -> None:
        self.config = config
        self.debouncer = debouncer
        self.on_new_folder = on_new_folder

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        source = Path(os.fsdecode(event.src_path))
        if event.is_directory and event.event_type in ("created", "moved", "deleted"):
            if event.event_type == "created":
                self.on_new_folder(source)
            folder = source.resolve()
            if folder.is_relative_to(self.config.seeds_dir) and folder != self.config.seeds_dir:
                self.debouncer.add(Change(SEED_FOLDER, folder))
        destination = os.fsdecode(getattr(event, "dest_path", ""))
        for path in (source, Path(destination)) if destination else (source,):
            kind = classify(path, self.config)
            if kind is not None:
                self.debouncer.add(Change(kind, path.resolve()))


def watched_dirs(config: Config) -> list[tuple[Path, bool]]:
    """(folder, recursive) pairs: seeds and template folders whole; the folders of
    config.toml and actors.toml alone, never the project root with site/ below it
    (thousands of output folders would exhaust the system's inotify watches)."""
    recursive = sorted(
        {d.resolve() for d in (config.seeds_dir, *template_dirs(config)) if d.is_dir()}
    )
    deep: list[Path] = []
    for directory in recursive:
        if not any(directory.is_relative_to(d) for d in deep):
            deep.append(directory)
    shallow = {config.actors_file.parent.resolve()}
    if config.file is not None:
        shallow.add(config.file.parent.resolve())
    flat = [d for d in sorted(shallow) if d.is_dir() and not any(d.is_relative_to(r) for r in deep)]
    return [(d, True) for d in deep] + [(d, False) for d in flat]


def start_watching(
    config: Config,
    on_changes: Callable[[list[Change]], object],
    quiet: float = 0.05,
    on_event: Callable[[], object] = lambda: None,
) -> Callable[[], None]:
    """Start the observer and debouncer threads; return a function that stops them.

    `on_changes` gets each debounced batch; `on_event` is called at once for every
    change seen, so a long rebuild can give way to a newer edit."""
    debouncer = Debouncer(on_changes, quiet=quiet, on_add=on_event)
    observer = Observer()

    def on_new_folder(path: Path) -> None:
        # a project templates/ folder made while serving: watch it whole from now on
        if path.resolve() == config.templates_dir:
            observer.schedule(handler, str(path), recursive=True)
            for inside in path.rglob("*"):  # files written before the watch began
                debouncer.add(Change(TEMPLATE, inside.resolve()))

    handler = _Handler(config, debouncer, on_new_folder)
    for directory, recursive in watched_dirs(config):
        observer.schedule(handler, str(directory), recursive=recursive)
    observer.start()
    stop = threading.Event()
    thread = threading.Thread(target=debouncer.run, args=(stop,), daemon=True)
    thread.start()

    def stop_all() -> None:
        stop.set()
        observer.stop()
        observer.join(timeout=5)
        thread.join(timeout=5)

    return stop_all


def describe(changes: Iterable[Change], root: Path) -> str:
    """ "2 seeds, templates/base.html" for the terminal line."""
    changes = list(changes)
    if len(changes) <= 2:
        return ", ".join(_short(c.path, root) for c in changes)
    kinds: dict[str, int] = {}
    for change in changes:
        kinds[change.kind] = kinds.get(change.kind, 0) + 1
    return ", ".join(f"{n} {k}{'s' if n > 1 else ''}" for k, n in sorted(kinds.items()))


def _short(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)
