"""The analysis cache: reused when nothing relevant changed, never trusted otherwise."""

from __future__ import annotations

import pickle
import re
import shutil
from pathlib import Path

import pytest

from briefgen import cache, pool, processes
from briefgen.briefing import Analyser
from briefgen.build import build
from briefgen.cache import DELTA_FILE, cache_path, forget_in_memory
from briefgen.config import load_config
from briefgen.record import record_path
from briefgen.report import BuildReport

from .golden import copy_project, tree


@pytest.fixture(autouse=True)
def fresh_memory() -> None:
    forget_in_memory()  # each build below must go to disk, as a new process does


def run(project: Path):  # type: ignore[no-untyped-def]
    """A build that must go through the cache: the last build's record (which
    would let it skip unchanged seeds altogether) is removed first."""
    config = load_config(project / "config.toml")
    record_path(config).unlink(missing_ok=True)
    report = build(config)
    assert report.snapshot is not None
    forget_in_memory()
    return report, report.snapshot.analysis.cache


def test_second_build_analyses_nothing(fixture_project: Path) -> None:
    _, first = run(fixture_project)
    assert first.misses == 6 and first.hits == 0
    _, second = run(fixture_project)
    assert second.hits == 6 and second.misses == 0
    for relative, entry in second.entries.items():  # read back as one web, not copies
        assert entry.read is second.texts[relative]
        assert entry.briefing.article is entry.read.result.article


def test_one_edited_seed_is_analysed_again(fixture_project: Path) -> None:
    run(fixture_project)
    edit_mosul(fixture_project)
    _, held = run(fixture_project)
    assert (held.hits, held.misses) == (5, 1)


def test_template_edit_reuses_analysis(fixture_project: Path) -> None:
    run(fixture_project)
    (fixture_project / "templates").mkdir()
    (fixture_project / "templates" / "404.html").write_text("gone\n")
    report, held = run(fixture_project)
    assert held.hits == 6
    assert report.write is not None and report.write.written == ("404.html",)


def cache_notices(report: BuildReport) -> list[str]:
    """The build's warnings about its cache, as printed."""
    return [str(w) for w in report.warnings if "cache" in w.message]


class Calls:
    """Counts calls to the text work (parsing, sentences and summary, the body as HTML)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.counts = {"parse_bytes": 0, "body": 0, "read": 0}
        monkeypatch.setattr(pool, "parse_bytes", self._counting("parse_bytes", pool.parse_bytes))
        for name in ("text_html", "markdown_html"):  # a seed's body, by its format
            monkeypatch.setattr(pool, name, self._counting("body", getattr(pool, name)))
        monkeypatch.setattr(Analyser, "read", self._counting("read", Analyser.read))

    def _counting(self, name: str, function):  # type: ignore[no-untyped-def]
        def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
            self.counts[name] += 1
            return function(*args, **kwargs)

        return counted


def edit_mosul(project: Path, line: str = "A new paragraph about Mosul.") -> Path:
    """Append a paragraph to one seed; the seed's path."""
    seed = project / "seeds" / "seed-mosul.txt"
    seed.write_text(seed.read_text() + f"\n{line}\n")
    return seed


def add_actor(project: Path) -> None:
    with (project / "seeds" / "actors.toml").open("a") as handle:
        handle.write('\n[[actor]]\nname = "Chelsea"\ntype = "organisation"\n')


def test_registry_edit_reanalyses_actors_reusing_text_work(
    fixture_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(fixture_project)
    add_actor(fixture_project)
    calls = Calls(monkeypatch)
    _, held = run(fixture_project)
    assert (held.hits, held.misses) == (5, 1)  # only the seed naming Chelsea redone
    redone = [
        r
        for r, e in held.entries.items()
        if "Chelsea" in e.result.article.title + "".join(e.result.article.paragraphs)
    ]
    assert redone == ["bbc-sport-199-latin1.txt"]
    assert any(a.name == "Chelsea" for a in held.entries[redone[0]].briefing.actors)
    assert calls.counts == {"parse_bytes": 0, "body": 0, "read": 0}
    clean = copy_project(fixture_project, tmp_path / "clean")  # inputs only, no cache
    run(clean)
    assert tree(fixture_project / "site") == tree(clean / "site")


def _block(name: str) -> re.Pattern[str]:
    """An actor's [[actor]] block in actors.toml."""
    return re.compile(r"\[\[actor\]\]\nname = \"" + re.escape(name) + r"\"\n(?:[^\[\n][^\n]*\n)*")


REGISTRY_EDITS = {
    "an actor no seed names": lambda t: (
        t + '\n[[actor]]\nname = "Zanzibar Shipping Ltd"\ntype = "organisation"\n'
    ),
    "an alias added": lambda t: t.replace(
        'name = "Iran"\n', 'name = "Iran"\naliases = ["Tehran"]\n'
    ),
    "an actor removed": lambda t: _block("Tony Blair").sub("", t),
    "a type changed": lambda t: t.replace('type = "armed-group"', 'type = "militia"'),
    "a surname shared": lambda t: t + '\n[[actor]]\nname = "Hassan al-Asadi"\ntype = "person"\n',
    "a state added": lambda t: t + '\n[[actor]]\nname = "Turkey"\ntype = "state"\n',
    "a state renamed": lambda t: t.replace(
        'name = "Syria"\n', 'name = "Syrian Arab Republic"\naliases = ["Syria"]\n'
    ),
}


@pytest.mark.parametrize("edit", REGISTRY_EDITS)
def test_a_registry_edit_gives_what_a_clean_build_gives(
    fixture_project: Path, tmp_path: Path, edit: str
) -> None:
    """The seeds an edit cannot reach keep their cached actors: the site is
    still byte for byte a clean build's."""
    run(fixture_project)
    registry = fixture_project / "seeds" / "actors.toml"
    before = registry.read_text()
    registry.write_text(REGISTRY_EDITS[edit](before))
    assert registry.read_text() != before
    _, held = run(fixture_project)
    if edit == "an actor no seed names":
        assert held.misses == 0
    clean = copy_project(fixture_project, tmp_path / "clean")
    run(clean)
    assert tree(fixture_project / "site") == tree(clean / "site")
    _, again = run(fixture_project)  # and the cache was saved for the new registry
    assert again.misses == 0


def test_summary_setting_redoes_text_work(
    fixture_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(fixture_project)
    with (fixture_project / "config.toml").open("a") as handle:
        handle.write("\n[summary]\nkey_points = 2\n")
    calls = Calls(monkeypatch)
    _, held = run(fixture_project)
    assert calls.counts == {"parse_bytes": 6, "body": 6, "read": 6}
    assert held.misses == 6


def test_edited_seed_after_registry_edit_is_read_again(
    fixture_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(fixture_project)
    add_actor(fixture_project)
    edit_mosul(fixture_project)
    calls = Calls(monkeypatch)
    run(fixture_project)
    assert calls.counts == {"parse_bytes": 1, "body": 1, "read": 1}


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x04\x95garbage"])
def test_corrupt_cache_is_discarded_with_a_notice(fixture_project: Path, damage: bytes) -> None:
    run(fixture_project)
    path = cache_path(load_config(fixture_project / "config.toml"))
    path.write_bytes(damage)
    report, held = run(fixture_project)
    assert held.misses == 6
    assert any("unreadable build cache discarded" in w.message for w in report.warnings)
    _, again = run(fixture_project)  # and it was rewritten whole
    assert again.hits == 6


def test_a_truncated_cache_is_discarded_with_a_notice(fixture_project: Path) -> None:
    run(fixture_project)
    path = cache_path(load_config(fixture_project / "config.toml"))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    report, held = run(fixture_project)
    assert held.misses == 6
    assert cache_notices(report) == [
        ".briefgen-cache: warning: unreadable build cache discarded (UnpicklingError)"
    ]


def test_a_cache_in_several_chunks_reads_back(
    fixture_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "_RECORDS_PER_CHUNK", 4)  # 6 seeds: chunks of 4 and 2
    _, first = run(fixture_project)
    _, second = run(fixture_project)
    assert (second.hits, second.misses) == (6, 0)
    for relative, entry in second.entries.items():
        assert entry.read is second.texts[relative]  # one text tier, not a copy
        assert entry.briefing.article is entry.read.result.article
        assert entry.briefing == first.entries[relative].briefing


def test_a_cache_cut_between_chunks_is_discarded_with_a_notice(
    fixture_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each chunk is a whole pickle: a file that ends after one reads cleanly
    up to there, so only the end mark tells it is not all there."""
    monkeypatch.setattr(cache, "_RECORDS_PER_CHUNK", 4)
    run(fixture_project)
    path = cache_path(load_config(fixture_project / "config.toml"))
    with path.open("rb") as handle:
        pickle.load(handle)  # the header
        pickle.load(handle)  # the first chunk of 4
        cut = handle.tell()
    path.write_bytes(path.read_bytes()[:cut])
    report, held = run(fixture_project)
    assert held.misses == 6
    assert cache_notices(report) == [
        ".briefgen-cache: warning: unreadable build cache discarded (EOFError)"
    ]


def test_a_cache_from_another_version_is_discarded_with_a_notice(
    fixture_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "__version__", "0.0.9")
    run(fixture_project)
    monkeypatch.undo()
    report, held = run(fixture_project)
    assert held.misses == 6
    assert cache_notices(report) == [
        ".briefgen-cache: warning: build cache made by briefgen 0.0.9; discarded and rebuilt"
    ]
    _, again = run(fixture_project)
    assert (again.hits, again.misses) == (6, 0)


def test_cached_build_is_byte_identical(fixture_project: Path, tmp_path: Path) -> None:
    run(fixture_project)
    first = tree(fixture_project / "site")
    shutil.rmtree(fixture_project / "site")
    run(fixture_project)  # everything from the cache
    assert tree(fixture_project / "site") == first


def test_an_edit_writes_a_small_delta_not_the_whole_cache(fixture_project: Path) -> None:
    run(fixture_project)
    whole = cache_path(load_config(fixture_project / "config.toml"))
    written = whole.stat().st_mtime_ns
    edit_mosul(fixture_project)
    run(fixture_project)
    delta = whole.with_name(DELTA_FILE)
    assert whole.stat().st_mtime_ns == written and delta.is_file()
    (fixture_project / "seeds" / "bbc-politics-126.txt").unlink()
    run(fixture_project)
    _, held = run(fixture_project)  # the whole file and the delta read back together
    assert (held.hits, held.misses) == (5, 0)


def test_a_damaged_delta_is_discarded_with_a_notice(fixture_project: Path) -> None:
    run(fixture_project)
    edit_mosul(fixture_project)
    run(fixture_project)
    whole = cache_path(load_config(fixture_project / "config.toml"))
    whole.with_name(DELTA_FILE).write_bytes(b"\x80\x04junk")
    report, held = run(fixture_project)
    assert (held.hits, held.misses) == (5, 1)  # the edited seed analysed again
    assert any("cache delta discarded" in w.message for w in report.warnings)
    assert not whole.with_name(DELTA_FILE).exists()  # the whole file written instead


def test_a_delta_from_an_older_whole_file_is_ignored(fixture_project: Path) -> None:
    run(fixture_project)
    edit_mosul(fixture_project)
    run(fixture_project)
    whole = cache_path(load_config(fixture_project / "config.toml"))
    stale = whole.with_name(DELTA_FILE).read_bytes()  # holds the first edit's entry
    edit_mosul(fixture_project, "A second new paragraph.")
    add_actor(fixture_project)  # every entry changes: the whole file is written again
    run(fixture_project)
    whole.with_name(DELTA_FILE).write_bytes(stale)
    _, held = run(fixture_project)
    assert (held.hits, held.misses) == (6, 0)


def test_cache_written_while_the_site_renders_reads_back(
    fixture_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big cache is written by a forked child during rendering: the same bytes
    (but for the file's random id) as written in process, and the next build hits it."""
    from briefgen import build as build_module

    in_process = copy_project(fixture_project, tmp_path / "in-process")
    monkeypatch.setattr(build_module, "BACKGROUND_CACHE_MIN_SEEDS", 10**9)
    _, expected = run(in_process)
    monkeypatch.setattr(build_module, "BACKGROUND_CACHE_MIN_SEEDS", 1)
    forks: list[int] = []
    in_child = build_module.in_child
    monkeypatch.setattr(build_module, "in_child", lambda work: forks.append(1) or in_child(work))
    _, first = run(fixture_project)
    assert forks == [1]
    assert _cache_bytes_without_id(fixture_project, first.base) == _cache_bytes_without_id(
        in_process, expected.base
    )
    _, second = run(fixture_project)
    assert second.hits == 6 and second.misses == 0


def _cache_bytes_without_id(project: Path, base_id: str | None) -> bytes:
    """The project's cache file, its random id (`base_id`) replaced by x's."""
    assert base_id is not None
    data = cache_path(load_config(project / "config.toml")).read_bytes()
    return data.replace(base_id.encode(), b"x" * len(base_id))


def test_a_failed_child_does_the_work_again_to_report_its_error(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "file"
    wait = processes.in_child(lambda: target.write_bytes(b"x"))
    with pytest.raises(FileNotFoundError):
        wait()


@pytest.mark.parametrize("kind", ["whole", "delta"])
def test_a_failed_write_leaves_the_cache_to_be_written_again(
    fixture_project: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """The cache counts as saved when its writer is made (the writer may run in
    a child); a writer that fails must undo that, or `serve` would never retry."""
    config = load_config(fixture_project / "config.toml")
    report, _ = run(fixture_project)
    assert report.snapshot is not None
    held = report.snapshot.analysis.cache
    if kind == "delta":
        held.put("x.txt", next(iter(held.entries.values())))  # one seed changed
    else:
        held.dirty = True
        held.base = None
    write_atomic = cache.write_atomic

    def full_disk(target: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache, "write_atomic", full_disk)
    with pytest.raises(OSError):
        cache.save_cache(config, held)
    assert held.dirty and held.base is None
    monkeypatch.setattr(cache, "write_atomic", write_atomic)
    before = cache_path(config).stat().st_mtime_ns
    cache.save_cache(config, held)
    assert not held.dirty and cache_path(config).stat().st_mtime_ns != before
