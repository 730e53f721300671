"""The build's own processes: how many cores, whether forking is safe, and
forked children that die with the build (pool workers, render workers, the
cache writer)."""

from __future__ import annotations

import ctypes
import gc
import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def process_pool(
    workers: int, context: str, initializer: Callable[..., None], initargs: tuple[Any, ...]
) -> ProcessPoolExecutor:
    """A pool of `workers` processes started by `context` ("fork" or "spawn").
    Imported here: a build with little to do never needs them (13 ms)."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    return ProcessPoolExecutor(
        workers, mp_context=get_context(context), initializer=initializer, initargs=initargs
    )


def pool_failures() -> tuple[type[BaseException], ...]:
    """What a pool raises when its processes cannot start or die: catch it as
    `except pool_failures():`, which is evaluated only when something was raised."""
    from concurrent.futures.process import BrokenProcessPool

    return OSError, BrokenProcessPool


def fork_safe() -> bool:
    """Forking copies only the calling thread: safe while no other thread runs
    (`briefgen build`, not `briefgen serve` with its watcher and server)."""
    return sys.platform == "linux" and threading.active_count() == 1


_PR_SET_PDEATHSIG = 1


def die_with(parent: int) -> None:
    """End this worker process when the build that started it is killed: left
    running it would wait forever, or write stale pages into the next build."""
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # killed before the line above took effect
        os._exit(1)


def in_child(work: Callable[[], None]) -> Callable[[], None]:
    """`work` done by a forked child (call only where fork_safe()); call the
    result to wait for it. Should the child fail, the work is done again here,
    so its error is raised where it can be reported."""
    parent = os.getpid()
    child = os.fork()
    if child == 0:
        code = 1
        try:
            gc.disable()  # a collection would touch, and so copy, the whole inherited heap
            die_with(parent)
            work()
            code = 0
        finally:
            os._exit(code)

    def wait() -> None:
        _, status = os.waitpid(child, 0)
        if status != 0:
            work()

    return wait
