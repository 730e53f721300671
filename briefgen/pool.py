"""Analyse many seeds on every core: the process pool of a cold build.

Parsing and analysis are pure functions of a seed's bytes and the registry, so
workers get bytes and send back plain dataclasses. Workers are spawned (not
forked: `briefgen serve` has threads running) and each builds its own Analyser
once. Below POOL_MIN_SEEDS seeds, or on one core, everything stays in-process.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context

from briefgen.actors import ActorRegistry
from briefgen.briefing import Analyser, Briefing
from briefgen.config import Config
from briefgen.errors import SeedError
from briefgen.parse import ParseResult, parse_bytes
from briefgen.places import load_gazetteer

# Starting workers costs about half a second each; below this it does not pay.
POOL_MIN_SEEDS = 300


@dataclass(frozen=True)
class Outcome:
    """One seed analysed, or why it could not be."""

    result: ParseResult | None
    briefing: Briefing | None
    error: str | None = None
    line: int | None = None


def make_analyser(config: Config, registry: ActorRegistry) -> Analyser:
    return Analyser.build(
        registry,
        load_gazetteer(),
        key_points=config.summary.key_points,
        words_per_minute=config.summary.words_per_minute,
        lead_sentences=config.summary.sentences,
    )


def _analyse_one(raw: bytes, relative: str, analyser: Analyser) -> Outcome:
    try:
        result = parse_bytes(raw, relative)
    except SeedError as exc:
        return Outcome(None, None, exc.message, exc.line)
    try:
        return Outcome(result, analyser.analyse(result.article))
    except Exception as exc:  # a bug must name the seed that triggers it, not crash the build
        return Outcome(result, None, f"internal error while analysing ({exc!r}); please report")


def analyse_all(
    seeds: list[tuple[bytes, str]], analyser: Analyser, config: Config
) -> list[Outcome]:
    """Outcomes for (bytes, path relative to seeds/) pairs, in the same order."""
    workers = cores()
    if len(seeds) >= POOL_MIN_SEEDS and workers > 1:
        try:
            return _in_pool(seeds, analyser.registry, config, workers)
        except (OSError, BrokenProcessPool):
            pass  # no processes on this machine: do it here
    return [_analyse_one(raw, relative, analyser) for raw, relative in seeds]


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _in_pool(
    seeds: list[tuple[bytes, str]], registry: ActorRegistry, config: Config, workers: int
) -> list[Outcome]:
    chunk = max(1, len(seeds) // (workers * 8))
    with ProcessPoolExecutor(
        workers,
        mp_context=get_context("spawn"),
        initializer=_start_worker,
        initargs=(config, registry),
    ) as pool:
        return list(pool.map(_analyse_in_worker, seeds, chunksize=chunk))


_WORKER: Analyser | None = None


def _start_worker(config: Config, registry: ActorRegistry) -> None:
    global _WORKER
    _WORKER = make_analyser(config, registry)


def _analyse_in_worker(seed: tuple[bytes, str]) -> Outcome:
    assert _WORKER is not None
    return _analyse_one(seed[0], seed[1], _WORKER)
