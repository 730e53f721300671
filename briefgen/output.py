"""Write the site: only files whose bytes changed, each atomically; stale files removed.

A build's pages go through a Staging folder (or, for tests, stay Collected in
memory); the few pages `serve` must show at once are written with write_files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]


class Staging:
    """Files that differ from site/, written as they render into a hidden folder
    beside it (same filesystem: moving one in is a rename), and moved in only
    once the whole site rendered. A build that fails discards them, so site/
    is never half-built, and no build holds every page's bytes in memory."""

    def __init__(self, output: Path, prefix: str = "") -> None:
        """A staging for `output`; with `prefix`, one share of it for a worker
        process, which names its files apart and keeps what is staged already."""
        self.output = output
        self.folder = self.folder_of(output)
        self.prefix = prefix
        if not prefix:
            self.clear(output)  # left by a killed build
        self.staged: list[tuple[str, str]] = []  # (file in the folder, path in site/)
        self.rendered: set[str] = set()
        self.unchanged = 0

    def add(self, relative: str, data: bytes) -> None:
        self.rendered.add(relative)
        if _same_bytes(self.output / relative, data):
            self.unchanged += 1
            return
        if not self.staged:
            self.folder.mkdir(parents=True, exist_ok=True)
        # one flat folder: a tree would cost a second mkdir per page folder
        name = f"{self.prefix}{len(self.staged)}"
        (self.folder / name).write_bytes(data)
        self.staged.append((name, relative))

    def take(self, share: Staging) -> None:
        """What a worker's share staged, as if staged here."""
        self.staged += share.staged
        self.rendered |= share.rendered
        self.unchanged += share.unchanged

    def publish(self, keep: set[str] | None = None, removed: Collection[str] = ()) -> WriteReport:
        """Move the staged files in; then remove files not in `keep` (when given)
        or the `removed` ones."""
        self.output.mkdir(parents=True, exist_ok=True)
        folders: set[Path] = set()
        for name, relative in sorted(self.staged, key=lambda item: item[1]):
            target = self.output / relative
            _make_folder(target.parent, folders)
            staged = self.folder / name
            os.chmod(staged, 0o644)
            os.replace(staged, target)
        self.clear(self.output)
        gone = (
            _remove_stale(self.output, keep) if keep is not None else _remove(self.output, removed)
        )
        written = tuple(sorted(relative for _, relative in self.staged))
        return WriteReport(written, self.unchanged, tuple(gone))

    @staticmethod
    def folder_of(output: Path) -> Path:
        return output.parent / f".{output.name}.staging"

    @classmethod
    def clear(cls, output: Path) -> None:
        shutil.rmtree(cls.folder_of(output), ignore_errors=True)


def _make_folder(folder: Path, made: set[Path]) -> None:
    if folder not in made:
        folder.mkdir(parents=True, exist_ok=True)
        made.add(folder)


class Collected:
    """A build's files kept in memory instead of staged (what `gather` returns)."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    @property
    def rendered(self) -> set[str]:
        return set(self.files)

    def add(self, relative: str, data: bytes) -> None:
        self.files[relative] = data


def write_files(output: Path, files: dict[str, bytes]) -> WriteReport:
    """Write `files` now, each atomically and only where its bytes changed: for
    the few pages `serve` shows before the rest of a rebuild is staged."""
    written = []
    for relative in sorted(files):
        target = output / relative
        if not _same_bytes(target, files[relative]):
            write_atomic(target, files[relative])
            written.append(relative)
    return WriteReport(tuple(written), len(files) - len(written), ())


def _remove(output: Path, removed: Collection[str]) -> list[str]:
    gone = []
    for relative in sorted(removed):
        target = output / relative
        if target.is_file():
            target.unlink()
            gone.append(relative)
            _remove_empty_parents(target.parent, output)
    return gone


def _remove_empty_parents(directory: Path, output: Path) -> None:
    while directory != output and directory.is_dir() and not any(directory.iterdir()):
        directory.rmdir()
        directory = directory.parent


def write_atomic(target: Path, data: bytes) -> None:
    """Temp file in the same folder, then rename: readers see old or new, never half."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _same_bytes(target: Path, data: bytes) -> bool:
    try:
        return target.stat().st_size == len(data) and target.read_bytes() == data
    except OSError:
        return False


def _remove_stale(output: Path, keep: set[str]) -> list[str]:
    removed = []
    for path in sorted(output.rglob("*"), reverse=True):
        relative = path.relative_to(output).as_posix()
        if path.is_dir() and not path.is_symlink():
            if not any(path.iterdir()):
                path.rmdir()
        elif relative not in keep:
            path.unlink()
            removed.append(relative)
    return removed
