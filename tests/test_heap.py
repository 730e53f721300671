"""Long-lived records are made with the cyclic collector paused and then frozen;
the preview, which outlives its builds, collects them once its edits settle."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen.build import build
from briefgen.cache import forget_in_memory
from briefgen.config import load_config
from briefgen.heap import collect, long_lived
from briefgen.preview import Preview
from briefgen.watch import SEED, Change


@pytest.fixture(autouse=True)
def nothing_frozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()
    gc.enable()


def test_long_lived_pauses_the_collector_and_freezes_what_it_made() -> None:
    with long_lived():
        assert not gc.isenabled()
        records = [{"n": n} for n in range(1000)]
        with long_lived():  # nested: the outer one resumes
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(records)


def test_long_lived_resumes_after_an_error() -> None:
    with pytest.raises(ValueError), long_lived():
        raise ValueError
    assert gc.isenabled()


def test_a_paused_collector_stays_paused() -> None:
    gc.disable()
    with long_lived():
        pass
    assert not gc.isenabled() and gc.get_freeze_count() == 0


def test_a_build_reading_the_cache_freezes_it(fixture_project: Path) -> None:
    config = load_config(fixture_project / "config.toml")
    build(config)
    forget_in_memory()
    gc.unfreeze()
    seed = fixture_project / "seeds" / "seed-mosul.txt"
    seed.write_text(seed.read_text() + "\nA new paragraph about Mosul.\n")
    build(config)  # reads the cache and the record from disk
    assert gc.isenabled() and gc.get_freeze_count() > 0


class Node:
    """An object that can be in a reference cycle and be watched by a weakref."""

    def __init__(self) -> None:
        self.other: Node | None = None


def dropped_frozen_cycle() -> weakref.ref[Node]:
    """A reference cycle frozen (as long_lived() freezes a build's records) and
    dropped (as the preview drops an old build): only a collection that looks
    at frozen objects can free it."""
    first, second = Node(), Node()
    first.other, second.other = second, first
    gc.freeze()
    return weakref.ref(first)


def test_collect_frees_frozen_cycles_and_freezes_the_rest() -> None:
    watched = dropped_frozen_cycle()
    gc.collect()
    assert watched() is not None  # frozen: an ordinary collection does not see it
    kept = [{"n": n} for n in range(1000)]
    collect()
    assert watched() is None
    assert gc.get_freeze_count() >= len(kept) and gc.isenabled()


def test_the_preview_collects_dropped_builds_once_its_edits_settle(fixture_project: Path) -> None:
    """Frozen objects are never collected on their own: builds the preview drops
    must be, but not after every rebuild (a full collection of a big site's
    records would make the next edit wait)."""
    forget_in_memory()
    preview = Preview(lambda: load_config(fixture_project / "config.toml"), log=lambda _: None)
    assert preview.rebuild()
    assert gc.isenabled() and gc.get_freeze_count() > 0  # the cache, as it was read
    watched = dropped_frozen_cycle()
    seed = fixture_project / "seeds" / "seed-mosul.txt"
    seed.write_text(seed.read_text() + "\nA new paragraph about Mosul.\n")
    assert preview.rebuild([Change(SEED, seed)])
    gc.collect()
    assert watched() is not None
    preview.settle()
    assert watched() is None and gc.isenabled()
    preview.close()
