"""The scout: site/ checked and the kept tree listed by a forked child, with the
answers the build would get walking them itself."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefgen import scout
from briefgen.build import build
from briefgen.cache import forget_in_memory
from briefgen.config import load_config
from briefgen.output import Staging, Stamp, folder_mtimes, inodes

from .conftest import site_stamps


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("briefgen.scout.SCOUT_MIN_FILES", 0)
    monkeypatch.setattr("briefgen.scout.cores", lambda: 2)


Site = tuple[Path, dict[str, Stamp], dict[str, int]]


def built_twice(project: Path) -> Site:
    """The project built, a seed edited and built again (so there is a kept
    tree); site/, its files' stamps and its folders' mtimes."""
    config = load_config(project / "config.toml")
    build(config, snapshot=False)
    seed = project / "seeds" / "seed-mosul.txt"
    seed.write_text(seed.read_text() + "\nMore about Mosul.\n")
    forget_in_memory()
    build(config, snapshot=False)
    forget_in_memory()
    manifest = site_stamps(config.output_dir)
    return config.output_dir, manifest, folder_mtimes(config.output_dir, manifest)


def reaped(found: scout.Scout) -> bool:
    """The scout's child has ended and been waited for: no process left behind."""
    assert isinstance(found, scout._ForkedScout)
    try:
        os.waitpid(found._child, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_forked_scout_answers_as_the_walks_do(fixture_project: Path, forking: None) -> None:
    site, manifest, folders = built_twice(fixture_project)
    tree = Staging.tree_of(site)
    assert tree.is_dir()
    found = scout.Scout.start(site, manifest, folders)
    assert isinstance(found, scout._ForkedScout)
    assert found.site_matches()
    assert found.kept_tree() == inodes(tree)
    assert reaped(found)


@pytest.mark.parametrize("tamper", ["delete", "rewrite", "stray"])
def test_the_forked_scout_sees_a_changed_site(
    fixture_project: Path, forking: None, tamper: str
) -> None:
    site, manifest, folders = built_twice(fixture_project)
    page = site / "index.html"
    if tamper == "delete":
        page.unlink()
    elif tamper == "rewrite":
        page.write_text("<p>hand edited, longer than before or not</p>" * 50)
    else:
        (site / "briefings" / "stray.html").write_text("left over")
    found = scout.Scout.start(site, manifest, folders)
    assert not found.site_matches()
    assert found.kept_tree() is None  # a full build follows: no tree wanted
    found.stop()
    assert reaped(found)


def test_a_scout_that_fails_leaves_the_walks_to_the_build(
    fixture_project: Path, forking: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, manifest, folders = built_twice(fixture_project)
    monkeypatch.setattr(scout, "_walk_in_child", lambda *args: os._exit(1))
    found = scout.Scout.start(site, manifest, folders)
    assert found.site_matches()  # checked here instead
    assert found.kept_tree() is None  # publish lists the tree itself
    assert reaped(found)


def test_a_scout_stopped_early_leaves_no_process(fixture_project: Path, forking: None) -> None:
    site, manifest, folders = built_twice(fixture_project)
    found = scout.Scout.start(site, manifest, folders)
    found.stop()
    assert reaped(found)


def test_a_small_site_is_walked_here(fixture_project: Path) -> None:
    site, manifest, folders = built_twice(fixture_project)
    found = scout.Scout.start(site, manifest, folders)
    assert type(found) is scout.Scout
    assert found.site_matches() and found.kept_tree() is None
