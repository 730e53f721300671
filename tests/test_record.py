"""The last build's record: the next `briefgen build` does nothing when nothing
changed, renders only what a seed edit affects, and is never fooled."""

from __future__ import annotations

import os
import random
from dataclasses import replace
from pathlib import Path

import pytest

from briefgen.build import build
from briefgen.cache import forget_in_memory
from briefgen.config import load_config
from briefgen.record import fingerprint, load_record, record_path
from briefgen.report import BuildReport
from briefgen.seeds import find_seeds

from .conftest import clock_past, site_stamps
from .golden import tree
from .test_incremental import clean_build, edit


@pytest.fixture(autouse=True, params=["walked here", "walked by a forked scout"])
def scouting(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test twice: site/ and the kept tree walked in the build, and by the
    forked scout that a big site gets (see scout.py)."""
    if request.param != "walked here":
        monkeypatch.setattr("briefgen.scout.SCOUT_MIN_FILES", 0)
        monkeypatch.setattr("briefgen.scout.cores", lambda: 2)


def cli_build(project: Path) -> BuildReport:
    """`briefgen build` as a new process runs it: nothing held in memory."""
    forget_in_memory()
    report = build(load_config(project / "config.toml"), snapshot=False)
    forget_in_memory()
    return report


def mtimes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*")}


def test_no_change_does_nothing(fixture_project: Path) -> None:
    first = cli_build(fixture_project)
    before = mtimes(fixture_project / "site")
    again = cli_build(fixture_project)
    assert again.snapshot is None and again.rendered == 0  # nothing analysed or rendered
    assert again.write is not None and again.write.written == () == again.write.removed
    assert (again.briefings, again.pages) == (first.briefings, first.pages)
    assert mtimes(fixture_project / "site") == before


def test_no_change_repeats_the_seed_warnings(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project({"a.md": "---\ntitle: A\ncolour: red\n---\nText about Iraq.\n"})
    first = cli_build(project)
    again = cli_build(project)
    assert again.rendered == 0
    assert [str(w) for w in again.warnings] == [str(w) for w in first.warnings]
    assert any("colour" in str(w) for w in again.warnings)


def test_one_seed_edit_renders_only_what_it_affects(fixture_project: Path, tmp_path: Path) -> None:
    everything = cli_build(fixture_project).rendered
    seed = fixture_project / "seeds" / "seed-mosul.txt"
    seed.write_text(seed.read_text() + "\nA new paragraph about Mosul.\n")
    report = cli_build(fixture_project)
    assert 0 < report.rendered < everything
    written = report.write.written if report.write else ()
    assert len([p for p in written if p.startswith("briefings/")]) == 2  # its .md and .html
    assert tree(fixture_project / "site") == clean_build(fixture_project, tmp_path / "clean")


@pytest.mark.parametrize("seed", [11, 12, 13, 14])
def test_random_edits_between_builds_equal_a_clean_build(
    fixture_project: Path, tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    cli_build(fixture_project)
    for step in range(6):
        edits = [edit(fixture_project, rng, step * 10 + i) for i in range(rng.randint(1, 3))]
        cli_build(fixture_project)
        expected = clean_build(fixture_project, tmp_path / "clean")
        assert tree(fixture_project / "site") == expected, f"step {step}: {edits}"


@pytest.mark.parametrize(
    "tamper",
    ["delete", "rewrite", "stray", "same-bytes", "stray deep", "stray folder", "replaced"],
)
def test_a_changed_site_is_built_whole(fixture_project: Path, tmp_path: Path, tamper: str) -> None:
    """Anything done to site/ since the last build voids the record: the next
    build is a full one and puts the site back."""
    everything = cli_build(fixture_project).rendered
    site = fixture_project / "site"
    page = site / "actors" / "index.html"
    clock_past(site)
    if tamper == "delete":
        page.unlink()
    elif tamper == "rewrite":
        page.write_text("<p>hand edited</p>")
    elif tamper == "stray":
        (site / "stray.html").write_text("left over")
    elif tamper == "stray deep":  # in a folder of a folder: only that folder's mtime says so
        next((site / "briefings").glob("*/")).joinpath("stray.html").write_text("left over")
    elif tamper == "stray folder":
        (site / "actors" / "nobody").mkdir()
    elif tamper == "replaced":  # the same bytes renamed over the page: a new inode
        copy = page.with_name("copy.tmp")
        copy.write_bytes(page.read_bytes())
        os.replace(copy, page)
    else:  # the same bytes written again, as a killed build may have left them
        page.write_bytes(page.read_bytes())
    report = cli_build(fixture_project)
    assert report.rendered == everything
    assert tree(site) == clean_build(fixture_project, tmp_path / "clean")


@pytest.mark.parametrize("change", ["template", "registry", "config"])
def test_changed_settings_void_the_record(fixture_project: Path, change: str) -> None:
    cli_build(fixture_project)
    if change == "template":
        (fixture_project / "templates").mkdir()
        (fixture_project / "templates" / "404.html").write_text("gone\n")
    elif change == "registry":
        with (fixture_project / "seeds" / "actors.toml").open("a") as handle:
            handle.write('\n[[actor]]\nname = "Chelsea"\ntype = "organisation"\n')
    else:
        with (fixture_project / "config.toml").open("a") as handle:
            handle.write("\n[summary]\nkey_points = 2\n")
    report = cli_build(fixture_project)
    assert report.rendered == len(tree(fixture_project / "site"))  # every file rendered


@pytest.mark.parametrize("search", [True, False])
def test_a_new_pagefind_counts_only_with_search(
    fixture_project: Path, monkeypatch: pytest.MonkeyPatch, search: bool
) -> None:
    config = load_config(fixture_project / "config.toml")
    sections = set(config.build.sections) | {"search"} if search else {"briefings"}
    config = replace(config, build=replace(config.build, sections=tuple(sorted(sections))))
    before = fingerprint(config)
    monkeypatch.setattr("briefgen.record.pagefind_stamp", lambda: "/elsewhere/pagefind:1:2")
    assert (fingerprint(config) != before) is search


@pytest.mark.parametrize("damage", [b"", b"junk", b"\x80\x04\x95garbage"])
def test_a_damaged_record_is_ignored(fixture_project: Path, tmp_path: Path, damage: bytes) -> None:
    everything = cli_build(fixture_project).rendered
    record_path(load_config(fixture_project / "config.toml")).write_bytes(damage)
    assert cli_build(fixture_project).rendered == everything
    assert cli_build(fixture_project).rendered == 0  # and a good one was written
    assert tree(fixture_project / "site") == clean_build(fixture_project, tmp_path / "clean")


def test_a_failed_build_leaves_the_record_usable(fixture_project: Path, tmp_path: Path) -> None:
    cli_build(fixture_project)
    bad = fixture_project / "seeds" / "bad.txt"
    bad.write_bytes(b"")
    with pytest.raises(Exception, match="empty"):
        cli_build(fixture_project)
    bad.unlink()
    assert cli_build(fixture_project).rendered == 0
    assert tree(fixture_project / "site") == clean_build(fixture_project, tmp_path / "clean")


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Seeds count as settled at once (normally 2 s after their last change)."""
    monkeypatch.setattr("briefgen.seeds._SETTLED_NS", 0)


def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The seed files the builds read from now on."""
    import briefgen.changes
    import briefgen.seeds

    read: list[str] = []
    original = briefgen.seeds.read_seed

    def counting(names, path, problems):  # type: ignore[no-untyped-def]
        read.append(path.name)
        return original(names, path, problems)

    monkeypatch.setattr(briefgen.seeds, "read_seed", counting)  # the build's reads
    monkeypatch.setattr(briefgen.changes, "read_seed", counting)  # the check's, before it
    return read


def test_unchanged_seeds_are_not_read_again(
    fixture_project: Path, monkeypatch: pytest.MonkeyPatch, settled: None
) -> None:
    cli_build(fixture_project)
    read = reads(monkeypatch)
    assert cli_build(fixture_project).rendered == 0
    assert read == []
    seed = fixture_project / "seeds" / "seed-mosul.txt"
    seed.write_text(seed.read_text() + "\nA new paragraph about Mosul.\n")
    assert cli_build(fixture_project).rendered > 0
    assert set(read) == {"seed-mosul.txt"}


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(
    fixture_project: Path, tmp_path: Path, settled: None
) -> None:
    """A write sets the ctime, which no one can set back: an edit of the same
    length with its mtime restored (as `touch -r` or a copy tool may) is seen."""
    cli_build(fixture_project)
    seed = fixture_project / "seeds" / "seed-mosul.txt"
    before = seed.stat()
    text = seed.read_text()
    seed.write_text(text.replace("Mosul", "Basra", 1))
    os.utime(seed, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert seed.stat().st_size == before.st_size
    assert cli_build(fixture_project).rendered > 0
    assert tree(fixture_project / "site") == clean_build(fixture_project, tmp_path / "clean")


def test_a_seed_changed_just_before_the_build_is_read_next_time(
    fixture_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two writes within one tick of the file system's clock can leave the same
    stamp: a seed changed within the last 2 s is not trusted by its stamp."""
    cli_build(fixture_project)  # the seeds were copied just now
    read = reads(monkeypatch)
    cli_build(fixture_project)
    assert sorted(read) == sorted(p.name for p in find_seeds(fixture_project / "seeds"))


@pytest.mark.parametrize("forked", [False, True])
def test_the_recorded_stamps_are_those_on_disk(
    fixture_project: Path, monkeypatch: pytest.MonkeyPatch, forked: bool
) -> None:
    """The manifest takes written files' stamps as they were written (in the
    render workers too), kept files' from the last record, and reads the rest:
    after each kind of build it is what site/ holds."""
    from briefgen import build as build_module

    if forked:
        monkeypatch.setattr(build_module, "can_fork", lambda pages: True)
    config = load_config(fixture_project / "config.toml")

    def recorded() -> dict[str, tuple[int, int, int]]:
        found = load_record(config, fingerprint(config))
        assert found is not None
        return found.manifest

    cli_build(fixture_project)  # cold
    assert recorded() == site_stamps(fixture_project / "site")
    theme = fixture_project / "templates"
    theme.mkdir()
    (theme / "404.html").write_text("Gone.\n")
    cli_build(fixture_project)  # settings changed: every page rendered, few written
    assert recorded() == site_stamps(fixture_project / "site")
    seed = fixture_project / "seeds" / "seed-mosul.txt"
    seed.write_text(seed.read_text() + "\nA new paragraph about Mosul.\n")
    cli_build(fixture_project)  # incremental
    assert recorded() == site_stamps(fixture_project / "site")
    assert cli_build(fixture_project).rendered == 0
