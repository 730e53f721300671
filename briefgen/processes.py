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


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


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
