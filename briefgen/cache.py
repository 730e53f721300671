"""The persistent analysis cache: what each seed's bytes gave, in two tiers.

- The text tier (the parsed Article, its sentences and summary, its body as
  HTML) is reused when the seed's SHA-256 matches and the cache was made by the
  same code, data files and summary settings.
- The actor tier (the Briefing and its front matter) needs, besides, the same
  registry actors: an actors.toml edit keeps the text tier, and the actor tier
  of the seeds that cannot name an actor the edit changed (affected.py).

Templates do not count: a template edit re-renders without re-analysis. A cache
that cannot be read, or was made by other code, is discarded, never trusted.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TypeVar

from briefgen import __version__
from briefgen.actors import Actor, ActorRegistry
from briefgen.affected import changed_phrases, may_name
from briefgen.briefing import Analyser, Briefing, TextWork, analysed_texts
from briefgen.compact import Compact
from briefgen.config import CACHE_DIR, Config
from briefgen.heap import long_lived
from briefgen.native import code_hash
from briefgen.output import write_atomic
from briefgen.parse import ParseResult

CACHE_FILE = "analysis.pickle"
DELTA_FILE = "analysis-delta.pickle"
_FORMAT = 7
# Pickled in chunks: one pickle of thousands of seeds writes at a third of
# the speed, its memo grown to millions of objects, and reads slower too.
_RECORDS_PER_CHUNK = 64

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class TextEntry(Compact):
    """The text tier: a function of the seed's bytes, the code and the summary settings."""

    digest: str
    result: ParseResult
    text: TextWork
    body_html: str


@dataclass(frozen=True, slots=True)
class Entry(Compact):
    """The actor tier on top: the registry counts too."""

    read: TextEntry
    briefing: Briefing
    front_matter: str  # YAML, every key but `related`

    @property
    def digest(self) -> str:
        return self.read.digest

    @property
    def result(self) -> ParseResult:
        return self.read.result


class AnalysisCache:
    def __init__(
        self,
        fingerprints: tuple[str, str],
        entries: dict[str, Entry] | None = None,
        texts: dict[str, TextEntry] | None = None,
        base: str | None = None,
        actors: tuple[Actor, ...] = (),
    ) -> None:
        self.fingerprints = fingerprints  # (text tier, actor tier)
        self.actors = actors  # the registry's, which the actor tier was made with
        self.entries: dict[str, Entry] = entries or {}
        self.texts: dict[str, TextEntry] = texts or {}
        self.base = base  # the whole file on disk this cache extends; None: none does
        self.changed: set[str] = set()  # seeds put or dropped since that file was written
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

    def get_text(self, relative: str, digest: str) -> TextEntry | None:
        read = self.texts.get(relative)
        return read if read is not None and read.digest == digest else None

    def put(self, relative: str, entry: Entry) -> None:
        self.entries[relative] = entry
        self.texts[relative] = entry.read
        self.changed.add(relative)
        self.dirty = True

    def prune(self, keep: set[str]) -> None:
        for table in (self.entries, self.texts):
            for relative in set(table) - keep:
                del table[relative]
                self.changed.add(relative)
                self.dirty = True

    def apply(self, delta: dict[str, tuple[Entry | None, TextEntry | None]]) -> None:
        """Entries changed since the whole file was written (None: dropped)."""
        for relative, (entry, read) in delta.items():
            _set(self.entries, relative, entry)
            _set(self.texts, relative, read)
        self.changed |= delta.keys()

    def unsaved(self) -> None:
        """A write failed: the next one writes the whole file again."""
        self.dirty = True
        self.base = None

    def for_registry(self, fingerprints: tuple[str, str], analyser: Analyser) -> AnalysisCache:
        """This cache for other settings: the text tier kept if it still fits,
        and the actor tier of the seeds the new registry's changes cannot reach."""
        actors = analyser.registry.actors
        if fingerprints[0] != self.fingerprints[0]:
            return AnalysisCache(fingerprints, actors=actors)
        before = ActorRegistry(self.actors)
        phrases = changed_phrases(before, analyser.finder, analyser.gazetteer)
        kept = {r: e for r, e in self.entries.items() if not may_name(_texts(e), phrases)}
        cache = AnalysisCache(fingerprints, kept, self.texts, actors=actors)
        cache.dirty = bool(kept)  # written again under the new registry's fingerprint
        return cache


def _texts(entry: Entry) -> list[str]:
    """Every text of the seed an actor can be named in: by paragraph, which the
    sentences and the quotes' speakers all come from."""
    article = entry.result.article
    return analysed_texts(article, article.paragraphs)


def _set(table: dict[str, T], key: str, value: T | None) -> None:
    if value is None:
        table.pop(key, None)
    else:
        table[key] = value


# One cache per project kept in memory, so `briefgen serve` does not reread it.
_IN_MEMORY: dict[Path, AnalysisCache] = {}


def forget_in_memory() -> None:
    """Drop the caches held in memory: the next build reads the disk, as a new process."""
    _IN_MEMORY.clear()


def cache_path(config: Config) -> Path:
    return config.root / CACHE_DIR / CACHE_FILE


def open_cache(config: Config, analyser: Analyser, notices: list[str]) -> AnalysisCache:
    """The project's cache, with only the tiers that fit this build's analyser."""
    registry = analyser.registry
    fingerprints = _fingerprints(config, registry)
    path = cache_path(config)
    held = _IN_MEMORY.get(path)
    if held is None:
        held = _read(config, fingerprints, registry.actors, notices)
    same = held.fingerprints == fingerprints  # its actors then are the registry's too
    cache = held if same else held.for_registry(fingerprints, analyser)
    _IN_MEMORY[path] = cache
    return cache


def save_cache(config: Config, cache: AnalysisCache) -> None:
    """Write the cache atomically, if anything changed (see cache_writer)."""
    write = cache_writer(config, cache)
    if write is not None:
        write()


def cache_writer(config: Config, cache: AnalysisCache) -> Callable[[], None] | None:
    """What writes the cache, None if nothing changed; the cache counts as saved
    from now on. The seeds changed since the whole file was written go to a
    small delta file beside it, so an edit does not rewrite thousands of
    entries; past a tenth of them, the whole file. Pickling happens in the
    writer, which may run in another process; a writer that fails marks the
    cache unsaved again."""
    write = _writer(config, cache)
    if write is None:
        return None

    def write_or_undo() -> None:
        try:
            write()
        except BaseException:
            cache.unsaved()
            raise

    return write_or_undo


def _writer(config: Config, cache: AnalysisCache) -> Callable[[], None] | None:
    if not cache.dirty:
        return None
    cache.dirty = False
    if cache.base is not None and len(cache.changed) <= max(50, len(cache.entries) // 10):
        delta = {r: (cache.entries.get(r), cache.texts.get(r)) for r in cache.changed}
        form = (_FORMAT, cache.base, delta)
        return lambda: write_atomic(
            _delta_path(config), pickle.dumps(form, pickle.HIGHEST_PROTOCOL)
        )
    base = secrets.token_hex(8)
    header = (_FORMAT, __version__, base, cache.fingerprints, cache.actors)
    cache.base, cache.changed = base, set()

    def write_whole() -> None:
        buffer = io.BytesIO()
        pickle.dump(header, buffer, pickle.HIGHEST_PROTOCOL)
        seeds = list(cache.texts)
        for start in range(0, len(seeds), _RECORDS_PER_CHUNK):
            chunk = [_record(cache, r) for r in seeds[start : start + _RECORDS_PER_CHUNK]]
            pickle.dump(chunk, buffer, pickle.HIGHEST_PROTOCOL)
        pickle.dump(len(seeds), buffer, pickle.HIGHEST_PROTOCOL)  # the end: not truncated
        write_atomic(cache_path(config), buffer.getvalue())
        _delta_path(config).unlink(missing_ok=True)  # it extends the old whole file

    return write_whole


def _delta_path(config: Config) -> Path:
    return config.root / CACHE_DIR / DELTA_FILE


def _read(
    config: Config, fingerprints: tuple[str, str], actors: tuple[Actor, ...], notices: list[str]
) -> AnalysisCache:
    """The cache as stored, its delta applied (the caller drops the tiers that do
    not fit), or an empty one for `fingerprints` and the registry's `actors`. A
    text tier made with other code or summary settings is not even unpickled;
    after an actors.toml edit the actor tier is, for the seeds the edit cannot
    reach (see AnalysisCache.for_registry)."""
    empty = AnalysisCache(fingerprints, actors=actors)
    path = cache_path(config)
    if not path.is_file():
        return empty
    try:
        with path.open("rb") as handle, long_lived():
            form, version, base, stored, *actors = pickle.load(handle)
            if (form, version) != (_FORMAT, __version__):
                notices.append(f"build cache made by briefgen {version}; discarded and rebuilt")
                return empty
            if stored[0] != fingerprints[0]:
                return empty  # other code or summary settings
            made_with = actors[0]  # the registry's actors, for the actor tier
            entries, texts = _records(handle)
        if not isinstance(made_with, tuple):
            raise ValueError("unknown format")
    except Exception as exc:  # any damage at all: start again
        notices.append(f"unreadable build cache discarded ({type(exc).__name__})")
        return empty
    cache = AnalysisCache(stored, entries, texts, base, made_with)
    delta_path = _delta_path(config)
    if delta_path.is_file():
        try:
            with delta_path.open("rb") as handle:
                form, extends, delta = pickle.load(handle)
            if form == _FORMAT and extends == base and isinstance(delta, dict):
                cache.apply(delta)
        except Exception as exc:  # the whole file is still good without it
            notices.append(f"unreadable cache delta discarded ({type(exc).__name__})")
            cache.dirty = True  # so the whole file is written again
            cache.base = None
    return cache


Record = tuple[str, TextEntry, Entry | None]


def _record(cache: AnalysisCache, relative: str) -> Record:
    """One seed's tiers, pickled together: its Entry shares the TextEntry."""
    return relative, cache.texts[relative], cache.entries.get(relative)


def _records(handle: IO[bytes]) -> tuple[dict[str, Entry], dict[str, TextEntry]]:
    """The entries and text tiers of a whole file's chunks of records."""
    entries: dict[str, Entry] = {}
    texts: dict[str, TextEntry] = {}
    while True:
        chunk = pickle.load(handle)  # EOFError before the end mark: truncated
        if isinstance(chunk, int):
            if chunk != len(texts):
                raise ValueError("records missing")
            return entries, texts
        for relative, read, entry in chunk:
            texts[relative] = read
            if entry is not None:
                entries[relative] = entry


def _fingerprints(config: Config, registry: ActorRegistry) -> tuple[str, str]:
    """What each tier depends on besides the seed. Text: the summary settings, the
    code and data. Actors: that and the loaded registry (its actors, not the
    file's comments or layout)."""
    text = _hash([__version__, code_hash(), repr(config.summary)])
    return text, _hash([text, repr(registry.actors)])


def _hash(parts: list[str]) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
