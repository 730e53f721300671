"""Long-lived records are made with the cyclic collector paused and then frozen;
the preview, which outlives its builds, gives them back to the collector."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen.build import build
from briefgen.cache import forget_in_memory
from briefgen.config import load_config
from briefgen.heap import long_lived, release
from briefgen.preview import Preview


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
    release()
    assert gc.get_freeze_count() == 0


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


def test_the_preview_leaves_nothing_frozen(fixture_project: Path) -> None:
    """Frozen objects are never collected: builds the preview drops must not be."""
    forget_in_memory()
    preview = Preview(lambda: load_config(fixture_project / "config.toml"), log=lambda _: None)
    assert preview.rebuild()
    assert gc.isenabled() and gc.get_freeze_count() == 0
    preview.close()
