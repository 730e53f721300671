"""Analyse many seeds on every core: the process pool of a cold build.

Parsing, analysis and the per-seed page pieces (body HTML, front matter) are
pure functions of a seed's bytes and the registry, so workers get bytes (or the
cached text tier) and send back plain dataclasses. Workers are forked with
the Analyser in memory where that is safe, and spawned (each building its own
Analyser once) where threads run: under `briefgen serve`. Below POOL_MIN_SEEDS
seeds, or on one core, everything stays in-process.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from briefgen.actors import ActorRegistry
from briefgen.briefing import Analyser, Briefing
from briefgen.cache import Entry, TextEntry
from briefgen.config import Config
from briefgen.errors import SeedError
from briefgen.heap import long_lived
from briefgen.parse import Article, parse_bytes
from briefgen.places import load_gazetteer
from briefgen.processes import cores, die_with, fork_safe, pool_failures, process_pool
from briefgen.render import markdown_html, text_html
from briefgen.serialize import front_matter_yaml

# Starting workers costs about half a second each; below this it does not pay.
POOL_MIN_SEEDS = 300
SEEDS_PER_CHUNK = 64
# Analysis makes millions of short-lived lists and tuples and few cycles (about
# 20 objects per seed): a young collection every 700 of them, Python's default,
# costs a worker about 6% of its time; every 100,000, about nothing.
YOUNG_COLLECTION_THRESHOLD = 100_000


@dataclass(frozen=True)
class Work:
    """One seed to analyse: its bytes, or the text tier the cache kept."""

    raw: bytes | None
    relative: str  # path relative to seeds/
    digest: str
    read: TextEntry | None = None


@dataclass(frozen=True)
class Outcome:
    """One seed analysed, or why it could not be. The text tier is sent back
    only when it was made here, not when the work came with it."""

    read: TextEntry | None
    briefing: Briefing | None
    front_matter: str = ""
    error: str | None = None
    line: int | None = None

    def settled(self, work: Work) -> Outcome:
        """With the text tier the work came with, and the briefing sharing its
        Article: a worker sends back a copy, which is dropped here."""
        read = self.read or work.read
        briefing = self.briefing
        if read is None or briefing is None:
            return self
        if briefing.article is not read.result.article:
            briefing = replace(briefing, article=read.result.article)
        return replace(self, read=read, briefing=briefing)

    def entry(self) -> Entry | None:
        if self.read is None or self.briefing is None:
            return None
        return Entry(self.read, self.briefing, self.front_matter)


def make_analyser(config: Config, registry: ActorRegistry) -> Analyser:
    return Analyser.build(
        registry,
        load_gazetteer(),
        key_points=config.summary.key_points,
        words_per_minute=config.summary.words_per_minute,
        lead_sentences=config.summary.sentences,
    )


def _analyse_one(work: Work, analyser: Analyser) -> Outcome:
    read = work.read
    if read is None:
        assert work.raw is not None
        try:
            result = parse_bytes(work.raw, work.relative)
        except SeedError as exc:
            return Outcome(None, None, error=exc.message, line=exc.line)
    try:
        made = None
        if read is None:
            text = analyser.read(result.article)
            body = _body_html(result.article)
            read = made = TextEntry(work.digest, result, text, body)
        briefing = analyser.analyse(read.result.article, read.text)
        return Outcome(made, briefing, front_matter_yaml(briefing))
    except Exception as exc:  # a bug must name the seed that triggers it, not crash the build
        error = f"internal error while analysing ({exc!r}); please report"
        return Outcome(None, None, error=error)


def _body_html(article: Article) -> str:
    if article.body_markdown is None:
        return text_html(article.paragraphs)
    return markdown_html(article.body_markdown)


def analyse_all(seeds: list[Work], analyser: Analyser, config: Config) -> list[Outcome]:
    """Outcomes for the seeds, in the same order."""
    workers = cores()
    if len(seeds) >= POOL_MIN_SEEDS and workers > 1:
        try:
            return _in_pool(seeds, analyser, config, workers)
        except pool_failures():
            pass  # no processes on this machine: do it here
    return [_analyse_one(work, analyser).settled(work) for work in seeds]


def _in_pool(seeds: list[Work], analyser: Analyser, config: Config, workers: int) -> list[Outcome]:
    # chunks of about 0.2 s: the last one leaves the other cores idle while it runs
    chunk = max(1, min(SEEDS_PER_CHUNK, len(seeds) // (workers * 4)))
    context, start, args = _worker_start(analyser, config)
    with (
        process_pool(workers, context, start, args) as pool,
        long_lived(),
    ):  # the outcomes are the cache: unpickled, kept
        outcomes = pool.map(_analyse_in_worker, seeds, chunksize=chunk)
        return [outcome.settled(work) for work, outcome in zip(seeds, outcomes, strict=True)]


def _worker_start(
    analyser: Analyser, config: Config
) -> tuple[str, Callable[..., None], tuple[Any, ...]]:
    """How workers start: the multiprocessing context, initializer and its arguments."""
    if fork_safe():  # at once, with this analyser in memory
        return "fork", _inherit_worker, (analyser, os.getpid())
    # each worker imports briefgen and builds its analyser: about 0.4 s
    return "spawn", _start_worker, (config, analyser.registry, os.getpid())


_WORKER: Analyser | None = None


def _start_worker(config: Config, registry: ActorRegistry, parent: int) -> None:
    global _WORKER
    die_with(parent)
    _WORKER = make_analyser(config, registry)
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD)


def _inherit_worker(analyser: Analyser, parent: int) -> None:
    global _WORKER
    die_with(parent)
    # forked while the parent's collector is paused (see _in_pool); what it inherited
    # is frozen, so collections walk only what this worker makes (6-8% of its CPU)
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD)
    gc.enable()
    _WORKER = analyser


def _analyse_in_worker(work: Work) -> Outcome:
    assert _WORKER is not None
    return _analyse_one(work, _WORKER)
