"""The last build, kept on disk so that the next `briefgen build` is incremental.

A record says: with these settings (config, actors.toml, templates, code) and
these seeds (by SHA-256), the build left exactly these files in site/ (each
file's size, mtime and inode; a rewrite makes a new inode). It is trusted only
when all of that still holds; otherwise it is ignored and the build is a full one.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from briefgen import __version__
from briefgen.cache import CACHE_DIR, code_hash
from briefgen.config import Config
from briefgen.crossref import CrossReference
from briefgen.errors import Problem
from briefgen.output import write_atomic
from briefgen.render import template_dirs

RECORD_FILE = "build.pickle"
_FORMAT = 1

Stamp = tuple[int, int, int]  # size, mtime in ns, inode


@dataclass(frozen=True)
class BuildRecord:
    fingerprint: str  # the settings the build used
    seeds: dict[str, str]  # digest by path relative to seeds/, in the build's order
    xref: CrossReference
    manifest: dict[str, Stamp]  # every file the build left in site/
    warnings: tuple[Problem, ...]  # the seeds' warnings, repeated by a build that does nothing


def fingerprint(config: Config) -> str:
    """Everything a build depends on besides the seeds."""
    hasher = hashlib.sha256(f"{__version__}\n{code_hash()}\n{config!r}\n".encode())
    if config.actors_file.is_file():
        hasher.update(config.actors_file.read_bytes())
    for directory in template_dirs(config):
        for path in sorted(directory.rglob("*")):
            if path.is_file():
                hasher.update(f"\n{path}\n".encode())
                hasher.update(path.read_bytes())
    return hasher.hexdigest()


def record_path(config: Config) -> Path:
    return config.root / CACHE_DIR / RECORD_FILE


def save_record(config: Config, record: BuildRecord) -> None:
    write_atomic(record_path(config), pickle.dumps((_FORMAT, record), pickle.HIGHEST_PROTOCOL))


def load_record(config: Config, current: str) -> BuildRecord | None:
    """The last build's record, if it was made with the `current` settings and
    site/ is still exactly as that build left it."""
    try:
        with record_path(config).open("rb") as handle:
            form, record = pickle.load(handle)
    except Exception:  # missing or damaged: a full build, which writes a new one
        return None
    if form != _FORMAT or not isinstance(record, BuildRecord) or record.fingerprint != current:
        return None
    if site_stamps(config.output_dir) != record.manifest:
        return None
    return record


def stamps(output: Path, paths: set[str]) -> dict[str, Stamp]:
    found = {}
    for relative in paths:
        try:
            found[relative] = _stamp(os.stat(output / relative))
        except OSError:
            continue
    return found


def site_stamps(output: Path) -> dict[str, Stamp]:
    """Every file under `output`, by its path relative to it."""
    found: dict[str, Stamp] = {}
    pending = [(output, "")]
    while pending:
        directory, prefix = pending.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append((Path(entry.path), f"{prefix}{entry.name}/"))
            else:
                found[prefix + entry.name] = _stamp(entry.stat(follow_symlinks=False))
    return found


def _stamp(stat: os.stat_result) -> Stamp:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)
