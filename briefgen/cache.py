"""The persistent analysis cache: a seed's Article and Briefing, keyed by its bytes.

An entry is reused only when the seed's SHA-256 matches and the whole cache was
made by the same code, data files, registry actors and summary settings (the
fingerprint). Templates do not count: a template edit re-renders without
re-analysis. A cache that cannot be read, or was made by anything else, is
discarded, never trusted.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from briefgen import __version__
from briefgen.actors import ActorRegistry
from briefgen.briefing import Briefing
from briefgen.config import Config
from briefgen.output import write_atomic
from briefgen.parse import ParseResult

CACHE_DIR = ".briefgen-cache"
CACHE_FILE = "analysis.pickle"
_FORMAT = 1


@dataclass(frozen=True)
class Entry:
    digest: str
    result: ParseResult
    briefing: Briefing


class AnalysisCache:
    def __init__(self, fingerprint: str, entries: dict[str, Entry] | None = None) -> None:
        self.fingerprint = fingerprint
        self.entries: dict[str, Entry] = entries or {}
        self.dirty = False
        self.hits = 0
        self.misses = 0

    def get(self, relative: str, digest: str) -> Entry | None:
        entry = self.entries.get(relative)
        if entry is not None and entry.digest == digest:
            self.hits += 1
            return entry
        self.misses += 1
        return None

    def put(self, relative: str, entry: Entry) -> None:
        self.entries[relative] = entry
        self.dirty = True

    def prune(self, keep: set[str]) -> None:
        for relative in set(self.entries) - keep:
            del self.entries[relative]
            self.dirty = True


# One cache per project kept in memory, so `briefgen serve` does not reread it.
_IN_MEMORY: dict[Path, AnalysisCache] = {}


def forget_in_memory() -> None:
    """Drop the caches held in memory: the next build reads the disk, as a new process."""
    _IN_MEMORY.clear()


def cache_path(config: Config) -> Path:
    return config.root / CACHE_DIR / CACHE_FILE


def open_cache(config: Config, registry: ActorRegistry, notices: list[str]) -> AnalysisCache:
    """The project's cache if it fits this build, else an empty one."""
    fingerprint = _fingerprint(config, registry)
    path = cache_path(config)
    held = _IN_MEMORY.get(path)
    if held is not None and held.fingerprint == fingerprint:
        return held
    cache = _read(path, fingerprint, notices)
    _IN_MEMORY[path] = cache
    return cache


def save_cache(config: Config, cache: AnalysisCache) -> None:
    """Write the cache atomically, if anything changed."""
    if not cache.dirty:
        return
    data = pickle.dumps((_FORMAT, cache.fingerprint, cache.entries), pickle.HIGHEST_PROTOCOL)
    write_atomic(cache_path(config), data)
    cache.dirty = False


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read(path: Path, fingerprint: str, notices: list[str]) -> AnalysisCache:
    if not path.is_file():
        return AnalysisCache(fingerprint)
    try:
        with path.open("rb") as handle:
            form, stored, entries = pickle.load(handle)
        if form != _FORMAT or not isinstance(entries, dict):
            raise ValueError("unknown format")
    except Exception as exc:  # any damage at all: start again
        notices.append(f"{CACHE_DIR}: unreadable build cache discarded ({type(exc).__name__})")
        return AnalysisCache(fingerprint)
    if stored != fingerprint:
        return AnalysisCache(fingerprint)  # another version, registry or setting
    return AnalysisCache(fingerprint, entries)


def _fingerprint(config: Config, registry: ActorRegistry) -> str:
    """What every entry depends on besides the seed: the loaded registry (its actors,
    not the file's comments or layout), the summary settings, the code and data."""
    parts = [__version__, _code_hash(), repr(config.summary), repr(registry.actors)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@lru_cache(maxsize=1)
def _code_hash() -> str:
    """The package's code and data: an edited rule invalidates every entry."""
    package = Path(__file__).resolve().parent
    hasher = hashlib.sha256()
    for path in sorted([*package.glob("*.py"), *package.glob("data/*")]):
        hasher.update(path.name.encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()
