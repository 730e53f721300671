"""Making thousands of long-lived records without the cyclic collector.

Unpickling a big cache allocates hundreds of thousands of objects that live
until the process ends and hold no reference cycles. Each full collection
during the load walks the whole heap and frees nothing: a quarter of a
one-seed rebuild's time at 5,000 seeds. So a load runs with the collector
paused and then moves what it made out of the collector's sight (gc.freeze);
refcounting still frees those objects when they are dropped.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def long_lived() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def collect() -> None:
    """Collect everything, the frozen objects too, then freeze what is left.

    The preview drops whole builds, which may hold reference cycles (a Jinja
    environment does); frozen, they would never be freed, so the preview calls
    this once its edits have settled. Unfrozen instead after each build, the
    whole site's records would be walked by a full collection every few
    rebuilds (150 ms at 5,000 seeds), which the next edit would wait for."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
