"""The watcher: what a path is, how bursts of events become one rebuild."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from briefgen.config import default_theme_dir, load_config
from briefgen.watch import (
    CONFIG,
    REGISTRY,
    SEED,
    SEED_FOLDER,
    STATIC,
    TEMPLATE,
    Change,
    Debouncer,
    classify,
    is_editor_temp,
    start_watching,
)


@pytest.mark.parametrize(
    "name", [".seed.txt.swp", "seed.txt~", ".#seed.txt", "4913", "#seed.txt#", ".tmp-abc.html"]
)
def test_editor_droppings(name: str) -> None:
    assert is_editor_temp(Path("/p/seeds") / name)


def test_classify(fixture_project: Path) -> None:
    config = load_config(fixture_project / "config.toml")
    seeds = fixture_project / "seeds"
    assert classify(seeds / "a.txt", config) == SEED
    assert classify(seeds / "sub" / "b.md", config) == SEED
    assert classify(seeds / "actors.toml", config) == REGISTRY
    assert classify(fixture_project / "config.toml", config) == CONFIG
    assert classify(default_theme_dir() / "briefing.html", config) == TEMPLATE
    assert classify(default_theme_dir() / "static" / "style.css", config) == STATIC
    assert classify(seeds / ".a.txt.swp", config) is None
    assert classify(seeds / "notes.docx", config) is None
    assert classify(fixture_project / "site" / "index.html", config) is None


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_debouncer_folds_a_burst_into_one_batch() -> None:
    clock = FakeClock()
    debouncer = Debouncer(lambda batch: None, quiet=0.1, longest=2.0, clock=clock)
    for i in range(500):  # a git checkout of 500 files, 1 ms apart
        debouncer.add(Change(SEED, Path(f"/p/seeds/{i}.txt")))
        clock.now += 0.001
        assert debouncer.due() == []
    clock.now += 0.1
    batch = debouncer.due()
    assert len(batch) == 500
    assert debouncer.due() == []


def test_debouncer_same_file_saved_many_times_is_one_change() -> None:
    clock = FakeClock()
    debouncer = Debouncer(lambda batch: None, quiet=0.1, clock=clock)
    for _ in range(20):
        debouncer.add(Change(SEED, Path("/p/seeds/a.txt")))
        clock.now += 0.01
    clock.now += 0.2
    assert debouncer.due() == [Change(SEED, Path("/p/seeds/a.txt"))]


def test_debouncer_delivers_during_endless_events() -> None:
    clock = FakeClock()
    debouncer = Debouncer(lambda batch: None, quiet=0.1, longest=1.0, clock=clock)
    delivered = []
    for i in range(300):
        debouncer.add(Change(SEED, Path(f"/p/{i}.txt")))
        clock.now += 0.05
        delivered += debouncer.due()
    assert delivered, "a steady stream still gets rebuilt every `longest` seconds"


def test_real_watcher_one_rebuild_per_burst(fixture_project: Path) -> None:
    config = load_config(fixture_project / "config.toml")
    batches: list[list[Change]] = []
    done = threading.Event()

    def on_changes(batch: list[Change]) -> None:
        batches.append(batch)
        done.set()

    stop = start_watching(config, on_changes, quiet=0.3)
    try:
        time.sleep(0.3)
        seed = fixture_project / "seeds" / "seed-mosul.txt"
        for i in range(5):  # an editor's atomic save, five times over
            temp = seed.with_name(".seed-mosul.txt.swp")
            temp.write_text(f"draft {i}")
            seed.write_text(seed.read_text() + f"\nEdit {i}.\n")
            temp.unlink()
        assert done.wait(10), "no rebuild was triggered"
        time.sleep(0.6)
    finally:
        stop()
    assert len(batches) == 1
    assert [c.path.name for c in batches[0]] == ["seed-mosul.txt"]


def test_real_watcher_reports_a_moved_folder_of_seeds(fixture_project: Path) -> None:
    """Moving a folder gives no event per file inside it: the preview must hear of
    the folder, and rebuilds everything (the change table's "unsure")."""
    config = load_config(fixture_project / "config.toml")
    folder = fixture_project / "seeds" / "region"
    folder.mkdir()
    (folder / "a.txt").write_text("A title\n\nA body.\n")
    kinds: list[str] = []
    done = threading.Event()

    def on_changes(batch: list[Change]) -> None:
        kinds.extend(c.kind for c in batch)
        done.set()

    stop = start_watching(config, on_changes, quiet=0.3)
    try:
        time.sleep(0.3)
        folder.rename(fixture_project / "moved-out")
        assert done.wait(10), "no rebuild was triggered"
    finally:
        stop()
    assert SEED_FOLDER in kinds


def test_output_folder_is_never_watched(fixture_project: Path) -> None:
    from briefgen.watch import watched_dirs

    config = load_config(fixture_project / "config.toml")
    (fixture_project / "site" / "briefings").mkdir(parents=True)
    dirs = dict(watched_dirs(config))
    assert dirs[config.seeds_dir] is True
    assert dirs[fixture_project.resolve()] is False  # config.toml's folder, not below it
    assert dirs[default_theme_dir().resolve()] is True
    assert not any(d.is_relative_to(config.output_dir) for d in dirs)
