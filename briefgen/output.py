"""Write the site: only files whose bytes changed, each atomically; stale files removed."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]


def write_tree(output: Path, files: dict[str, bytes]) -> WriteReport:
    output.mkdir(parents=True, exist_ok=True)
    written, unchanged = _write_changed(output, files, files.keys())
    removed = _remove_stale(output, set(files))
    return WriteReport(written, unchanged, tuple(removed))


def write_paths(
    output: Path, files: dict[str, bytes], paths: set[str], removed: set[str]
) -> WriteReport:
    """Write just `paths` (where their bytes changed) and delete `removed`: the
    incremental counterpart of write_tree, which looks at every file."""
    written, unchanged = _write_changed(output, files, paths & files.keys())
    gone = []
    for relative in sorted(removed):
        target = output / relative
        if target.is_file():
            target.unlink()
            gone.append(relative)
            _remove_empty_parents(target.parent, output)
    return WriteReport(written, unchanged, tuple(gone))


def _write_changed(
    output: Path, files: dict[str, bytes], paths: Iterable[str]
) -> tuple[tuple[str, ...], int]:
    """Write each of `paths` whose bytes differ on disk: (written, unchanged count)."""
    written = []
    unchanged = 0
    folders: set[Path] = set()  # made already: one mkdir per folder, not per file
    for relative in sorted(paths):
        target = output / relative
        if _same_bytes(target, files[relative]):
            unchanged += 1
            continue
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        write_atomic(target, files[relative], make_folder=False)
        written.append(relative)
    return tuple(written), unchanged


def _remove_empty_parents(directory: Path, output: Path) -> None:
    while directory != output and directory.is_dir() and not any(directory.iterdir()):
        directory.rmdir()
        directory = directory.parent


def write_atomic(target: Path, data: bytes, make_folder: bool = True) -> None:
    """Temp file in the same folder, then rename: readers see old or new, never half."""
    if make_folder:
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
