"""Publishing: the whole site swapped in at once, unchanged files untouched."""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen import output
from briefgen.output import Staging

from .conftest import clock_past, site_stamps
from .golden import tree

OLD = {"index.html": b"old home", "a/index.html": b"page a", "b/index.html": b"old b"}
NEW = {"index.html": b"new home", "a/index.html": b"page a", "c/index.html": b"page c"}


def publish(site: Path, files: dict[str, bytes], swap: bool = True) -> output.WriteReport:
    staging = Staging(site)
    for relative, data in files.items():
        staging.add(relative, data)
    return staging.publish(keep=set(files), swap=swap)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    publish(site, OLD)
    assert tree(site) == OLD
    return site


@pytest.mark.parametrize("swap", [True, False])
def test_publish_writes_changes_keeps_unchanged_files_removes_stale(site: Path, swap: bool) -> None:
    kept = os.stat(site / "a/index.html")
    report = publish(site, NEW, swap)
    assert tree(site) == NEW
    assert report.written == ("c/index.html", "index.html")
    assert report.removed == ("b/index.html",)
    assert report.unchanged == 1
    after = os.stat(site / "a/index.html")
    assert (after.st_ino, after.st_mtime_ns) == (kept.st_ino, kept.st_mtime_ns)
    assert not (site / "b").exists()
    assert set(os.listdir(Staging.folder_of(site))) <= {"new"}  # the tree kept for next time


def test_publish_swaps_in_a_new_folder_and_nothing_when_nothing_changed(site: Path) -> None:
    first = site.stat().st_ino
    publish(site, OLD)
    assert site.stat().st_ino == first  # nothing changed: not even a swap
    publish(site, NEW)
    assert site.stat().st_ino != first


def test_removed_only_the_named_files(site: Path) -> None:
    (site / "CNAME").write_bytes(b"example.org")  # not the build's: kept
    staging = Staging(site)
    staging.add("a/index.html", b"page a")
    report = staging.publish(removed=["b/index.html", "gone/index.html"])
    assert report.removed == ("b/index.html",)
    assert tree(site) == {
        "index.html": b"old home",
        "a/index.html": b"page a",
        "CNAME": b"example.org",
    }


def test_swap_without_an_atomic_exchange(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    publish(site, NEW)
    assert tree(site) == NEW
    assert tree(Staging.folder_of(site) / "new") == OLD  # kept for the next build


@pytest.mark.skipif(output._renameat2() is None, reason="no renameat2 here")
def test_exchange_swaps_two_folders(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a/one").write_text("1")
    (tmp_path / "b").mkdir()
    assert output._exchange(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "b/one").exists() and not (tmp_path / "a/one").exists()


def test_the_kept_tree_is_brought_up_to_date_file_by_file(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish(site, NEW)  # the tree now holds OLD
    kept = Staging.folder_of(site) / "new"
    (kept / "junk.html").write_bytes(b"left by a killed build")
    (kept / "a/index.html").unlink()
    (kept / "a/index.html").write_bytes(b"page a")  # same bytes, another inode: linked again
    linked: list[str] = []
    real_link = output._link
    monkeypatch.setattr(output, "_link", lambda s, t: (linked.append(str(t)), real_link(s, t)))
    third = {**NEW, "c/index.html": b"page c, edited"}
    publish(site, third)
    assert tree(site) == third
    assert sorted(Path(p).relative_to(kept).as_posix() for p in linked) == [
        "a/index.html",  # replaced in the tree by another inode
        "index.html",  # the tree held OLD's; c/index.html was staged, b and junk removed
    ]
    inode = lambda folder: os.stat(folder / "a/index.html").st_ino  # noqa: E731
    assert inode(site) == inode(kept)  # the tree shares the unchanged file


def test_a_site_without_a_kept_tree_is_published_without_walking_the_new_one(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not Staging.folder_of(site).exists()  # the first site left no tree to keep
    kept = os.stat(site / "a/index.html")
    walked: list[Path] = []
    real_inodes = output.inodes
    monkeypatch.setattr(
        output, "inodes", lambda folder: (walked.append(folder), real_inodes(folder))[1]
    )
    report = publish(site, NEW)
    assert walked == [site]  # the new tree holds only what was staged
    assert tree(site) == NEW and report.removed == ("b/index.html",)
    assert os.stat(site / "a/index.html").st_ino == kept.st_ino  # unchanged: linked, not written


def killed_at(step: int, target: tuple[object, str], site: Path) -> bool:
    """Publish NEW in a forked child that SIGKILLs itself at its `step`th call
    of the function `target` names; whether it got that far."""
    pid = os.fork()
    if pid == 0:  # the child: count calls, die at the chosen one
        owner, name = target
        real: Callable[..., object] = getattr(owner, name)
        calls = 0

        def counted(*args: object, **kwargs: object) -> object:
            nonlocal calls
            calls += 1
            if calls == step:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)

        setattr(owner, name, counted)
        publish(site, NEW)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status)


KILL_POINTS = [
    (output, "_make_folder"),  # each page staged, each folder of the new tree
    (output, "_link"),  # each unchanged file linked in
    (output, "_exchange"),
    (os, "rename"),  # each rename of the swap without an exchange
    (os, "replace"),  # (each file moved in, were it published file by file)
    (shutil, "rmtree"),  # clearing the staging folder, before and after the swap
]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
@pytest.mark.parametrize("exchange", [True, False])
def test_a_publish_killed_at_any_step_leaves_the_old_site_or_the_new(
    site: Path, exchange: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not exchange:
        monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    seen = []
    for target in KILL_POINTS:
        step = 1
        while killed_at(step, target, site):
            if exchange:  # at once; without it, only once recovered (Staging._recover)
                assert tree(site) in (OLD, NEW), (target, step)
            Staging(site)  # what the next build does first
            seen.append(tree(site))
            assert seen[-1] in (OLD, NEW), (target, step)
            publish(site, OLD)
            step += 1
        assert tree(site) == NEW  # the publish that got past the last kill point
        publish(site, OLD)
    assert OLD in seen  # (after an exchange nothing is left to do: no kill point leaves NEW)
    assert len(seen) >= 4


@pytest.mark.parametrize("tamper", ["stray file", "stray folder", "file gone", "gone and back"])
def test_site_matches_sees_an_entry_come_or_go_without_listing_a_folder(
    tmp_path: Path, tamper: str
) -> None:
    site = tmp_path / "site"
    for relative in ("index.html", "a/index.html", "a/b/index.html", "a/b/feed.xml", "c/d/x.md"):
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text(relative)
    manifest = site_stamps(site)
    folders = output.folder_mtimes(site, manifest)
    assert set(folders) == {"", "a", "a/b", "c", "c/d"}  # "c" holds only a folder
    assert output.site_matches(site, manifest, folders)
    clock_past(site)
    if tamper == "stray file":
        (site / "a/b/stray.html").write_text("")
    elif tamper == "stray folder":
        (site / "c/stray").mkdir()
    elif tamper == "file gone":
        (site / "a/b/feed.xml").unlink()
    else:  # each file as recorded again, but the folder was changed meanwhile
        (site / "a/b/stray.html").write_text("")
        (site / "a/b/stray.html").unlink()
    assert not output.site_matches(site, manifest, folders)
    manifest = site_stamps(site)
    assert output.site_matches(site, manifest, output.folder_mtimes(site, manifest))
