"""The last build, kept on disk so that the next `briefgen build` is incremental.

A record says: with these settings (config, actors.toml, templates, code) and
these seeds (by SHA-256), the build left exactly these files in site/ (each
file's size, mtime and inode, a rewrite makes a new inode; and each folder's
mtime, which an entry added or removed changes). It is trusted only
when the settings and site/ still match; otherwise it is ignored and the build
is a full one. A seed whose stamp (size, mtime, ctime, inode) is the recorded
one keeps its recorded digest unread; any other seed is read and hashed.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from pathlib import Path

from briefgen import __version__
from briefgen.config import CACHE_DIR, Config, template_dirs
from briefgen.errors import Problem
from briefgen.heap import long_lived
from briefgen.native import code_hash
from briefgen.output import Stamp, write_atomic
from briefgen.pagefind import NO_INDEX, SearchIndex, pagefind_stamp
from briefgen.seeds import SeedStamp
from briefgen.xref import CrossReference

RECORD_FILE = "build.pickle"
_FORMAT = 5


@dataclass(frozen=True)
class BuildRecord:
    fingerprint: str  # the settings the build used
    seeds: dict[str, str]  # digest by path relative to seeds/, in the build's order
    seed_stamps: dict[str, SeedStamp]  # the seeds whose digests are trusted unread
    xref: CrossReference
    manifest: dict[str, Stamp]  # every file the build left in site/
    warnings: tuple[Problem, ...]  # the seeds' warnings, repeated by a build that does nothing
    folders: dict[str, int]  # the mtimes of site/ and its folders (output.folder_mtimes)
    search: SearchIndex = NO_INDEX


def fingerprint(config: Config) -> str:
    """Everything a build depends on besides the seeds."""
    # which pagefind counts only for a site with search (finding it costs 7 ms)
    search = pagefind_stamp() if "search" in config.build.sections else "no search"
    settings = f"{__version__}\n{code_hash()}\n{config!r}\n{search}\n"
    hasher = hashlib.sha256(settings.encode())
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
    """The last build's record, if it was made with the `current` settings.
    Trust it only while site/ is still exactly as that build left it (its
    manifest; see scout.py)."""
    try:
        with record_path(config).open("rb") as handle, long_lived():
            form, record = pickle.load(handle)
    except Exception:  # missing or damaged: a full build, which writes a new one
        return None
    if form != _FORMAT or not isinstance(record, BuildRecord) or record.fingerprint != current:
        return None
    return record
