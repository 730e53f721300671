"""The seed files: finding them under seeds/, their names, their bytes and digests.

Light on purpose: a build that finds nothing changed reads no more than this
(and the record), never the analysis.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG

from briefgen.config import Config
from briefgen.errors import Abort, Problem, display_path

SEED_SUFFIXES = (".txt", ".md", ".markdown")
MAX_SEED_BYTES = 5_000_000


# size, mtime and ctime in ns, inode: no write keeps all four (a write sets ctime to now)
SeedStamp = tuple[int, int, int, int]
# a seed changed less than this before it was read is read again next time: a
# write within the same clock tick would keep its stamp
_SETTLED_NS = 2_000_000_000


def too_large(size: int) -> str:
    """Why a seed of `size` bytes is refused (read_seed checks the size before reading)."""
    # the limit from MAX_SEED_BYTES, in MB with a decimal: "5 MB" for 5.9 MB misled
    return (
        f"file is {size / 1e6:.1f} MB; seeds are limited to {MAX_SEED_BYTES / 1e6:g} MB "
        "(split the article, or move the file out of the seeds folder)"
    )


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def find_seeds(seeds_dir: Path) -> list[Path]:
    """Seed files under seeds_dir, sorted; hidden files and folders, editor
    droppings and linked folders skipped."""
    return [Path(entry.path) for entry in seed_entries(seeds_dir)]


def seed_entries(seeds_dir: Path) -> list[os.DirEntry[str]]:
    """find_seeds' files as their folder entries, which hold each file's lstat
    once asked (a Path and a stat per seed cost more than the listing)."""
    if not seeds_dir.is_dir():
        raise Abort([Problem(display_path(seeds_dir), "seeds folder not found")])
    found = []
    pending = [str(seeds_dir)]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:
            continue  # as os.walk: a folder that cannot be listed has no seeds
        for entry in entries:
            if _is_folder(entry):
                if not entry.name.startswith(".") and not entry.is_symlink():
                    pending.append(entry.path)
            elif _seed_name(entry.name) and entry.is_file():
                found.append(entry)
    return sorted(found, key=lambda entry: seed_order(entry.path))


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # a link to a folder too: listed, never entered
    except OSError:
        return False


def seed_order(path: str) -> list[str]:
    """Seeds in the order their Paths sort, part by part: "a/b" before "a-b"."""
    return path.replace(os.sep, "/").split("/")


def is_seed(path: Path, seeds_dir: Path) -> bool:
    return (
        not any(part.startswith(".") for part in path.relative_to(seeds_dir).parts)
        and _seed_name(path.name)
        and path.is_file()
    )


def _seed_name(name: str) -> bool:
    return (
        os.path.splitext(name)[1].lower() in SEED_SUFFIXES
        and not name.startswith(".")
        and not name.endswith("~")
    )


class SeedNames:
    """A seed's names: relative to seeds/ (the cache's key) and as the user sees
    it (relative to the project). String work, done for thousands of seeds."""

    def __init__(self, config: Config) -> None:
        self.seeds_dir = config.seeds_dir  # resolved on each access: once here
        self._prefix = str(self.seeds_dir) + os.sep
        try:
            shown = self.seeds_dir.relative_to(config.root).as_posix()
            self._shown = "" if shown == "." else shown + "/"
        except ValueError:
            self._shown = display_path(self.seeds_dir, config.root) + "/"

    def relative(self, path: Path | str) -> str:
        text = str(path)
        if text.startswith(self._prefix) and os.sep == "/":
            return text[len(self._prefix) :]
        return Path(path).relative_to(self.seeds_dir).as_posix()

    def shown(self, relative: str) -> str:
        return self._shown + relative


def read_seed(names: SeedNames, path: Path, problems: list[Problem]) -> SeedFile | None:
    """The seed's bytes and digest, or None with the problem noted."""
    relative = names.relative(path)
    shown = names.shown(relative)
    # find_seeds does not enter linked folders, so only a linked file can lead out
    linked = path.is_symlink()
    if linked and not path.resolve().is_relative_to(names.seeds_dir):
        problems.append(
            Problem(
                shown,
                "symlink to a file outside the seeds folder; refused "
                "(copy the file into the seeds folder instead)",
            )
        )
        return None
    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            if stat.st_size > MAX_SEED_BYTES:  # refused unread: a 50 MB paste must not cost 50 MB
                problems.append(Problem(shown, too_large(stat.st_size)))
                return None
            raw = handle.read()
    except OSError as exc:
        problems.append(Problem(shown, f"cannot read: {exc.strerror or exc}"))
        return None
    stamp = None if linked else seed_stamp(stat, time.time_ns())
    return SeedFile(shown, relative, raw, digest(raw), stamp)


@dataclass(frozen=True)
class SeedFile:
    shown: str  # as the user sees it, relative to the project
    relative: str  # relative to seeds/, the cache's key
    raw: bytes
    digest: str
    stamp: SeedStamp | None


def read_seeds(config: Config, paths: Iterable[Path], problems: list[Problem]) -> list[SeedFile]:
    names = SeedNames(config)
    return [f for p in paths if (f := read_seed(names, p, problems)) is not None]


def seed_stamp(stat: os.stat_result, now_ns: int) -> SeedStamp | None:
    """A seed file's stamp, read at `now_ns`; None when it changed too recently to trust."""
    return _seed_stamp(stat) if stat.st_ctime_ns <= now_ns - _SETTLED_NS else None


def unchanged_seed(entry: os.DirEntry[str], recorded: SeedStamp) -> bool:
    """The seed is a regular file (not a link) with the recorded stamp."""
    try:
        found = entry.stat(follow_symlinks=False)
    except OSError:
        return False
    return S_ISREG(found.st_mode) and _seed_stamp(found) == recorded


def _seed_stamp(stat: os.stat_result) -> SeedStamp:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
