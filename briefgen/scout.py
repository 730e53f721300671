"""The two looks at the filesystem a rebuild needs, taken on the other core.

A rebuild after an edit must check that site/ is as the record left it (a stat
per file and per folder), and its publish must know which files of the kept
tree are already the published ones (a listing of the tree). Both only read
the filesystem and, with thousands of files, take as long as a build with
nothing to do takes otherwise: so a forked child does both while the build
goes on and sends back only the answers. On a small site, or where forking
is unsafe (under `briefgen serve`), the check runs here and publish lists
the tree itself.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
from functools import cached_property
from pathlib import Path
from typing import IO, Any

from briefgen.output import Staging, Stamp, inodes, site_matches
from briefgen.processes import cores, die_with, fork_safe

# Forking and sending the answers back cost about 10 ms: below this, walk here.
SCOUT_MIN_FILES = 2000


class Scout:
    """Answers about site/ and the kept tree, against a record's manifest."""

    def __init__(self, output: Path, manifest: dict[str, Stamp], folders: dict[str, int]) -> None:
        self.output = output
        self.manifest = manifest
        self.folders = folders  # the mtimes of site/ and its folders (output.folder_mtimes)
        self._matches: bool | None = None

    @staticmethod
    def start(output: Path, manifest: dict[str, Stamp], folders: dict[str, int]) -> Scout:
        """A scout that walks in a forked child when that pays and is safe."""
        if len(manifest) >= SCOUT_MIN_FILES and cores() > 1 and fork_safe():
            return _ForkedScout(output, manifest, folders)
        return Scout(output, manifest, folders)

    @cached_property
    def published(self) -> dict[str, int]:
        """site/'s files and inodes as the manifest has them (and, once
        site_matches(), as they are): no second walk of site/."""
        return {path: stamp[2] for path, stamp in self.manifest.items()}

    def site_matches(self) -> bool:
        """site/ holds exactly the manifest's files, with their stamps."""
        if self._matches is None:
            self._matches = site_matches(self.output, self.manifest, self.folders)
        return self._matches

    def kept_tree(self) -> dict[str, int] | None:
        """The kept tree's files and inodes as they were before this build
        staged anything; None: unknown, publish lists the tree itself."""
        return None

    def stop(self) -> None:
        """No more answers are wanted."""


class _ForkedScout(Scout):
    def __init__(self, output: Path, manifest: dict[str, Stamp], folders: dict[str, int]) -> None:
        super().__init__(output, manifest, folders)
        self._tree: dict[str, int] | None = None
        self._answers: IO[bytes] | None = None
        self._child = 0
        parent = os.getpid()
        read, write = os.pipe()
        try:
            self._child = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if self._child == 0:
            os.close(read)
            _walk_in_child(parent, write, output, manifest, folders)
        os.close(write)
        self._answers = os.fdopen(read, "rb")

    def site_matches(self) -> bool:
        if self._matches is None:
            found = self._next()
            self._matches = found if isinstance(found, bool) else super().site_matches()
        return self._matches

    def kept_tree(self) -> dict[str, int] | None:
        if self.site_matches() and self._tree is None:
            differing = self._next()
            if isinstance(differing, tuple):
                self._tree = _tree_from(self.published, *differing)
            self.stop()
        return self._tree

    def stop(self) -> None:
        if self._answers is None:
            return
        self._answers.close()
        self._answers = None
        with contextlib.suppress(ProcessLookupError):
            os.kill(self._child, signal.SIGKILL)  # done, or its walk no longer wanted
        os.waitpid(self._child, 0)

    def _next(self) -> Any:
        """The child's next answer; None if it has none (it failed or was stopped)."""
        if self._answers is None:
            return None
        try:
            return pickle.load(self._answers)
        except Exception:
            self.stop()
            return None


def _walk_in_child(
    parent: int, write: int, output: Path, manifest: dict[str, Stamp], folders: dict[str, int]
) -> None:
    code = 1
    try:
        gc.disable()  # a collection would touch, and so copy, the inherited heap
        die_with(parent)
        with os.fdopen(write, "wb") as answers:
            matches = site_matches(output, manifest, folders)
            pickle.dump(matches, answers, pickle.HIGHEST_PROTOCOL)
            answers.flush()
            if matches:
                tree = inodes(Staging.tree_of(output))
                pickle.dump(_differing(manifest, tree), answers, pickle.HIGHEST_PROTOCOL)
        code = 0
    finally:
        os._exit(code)


# What the tree holds is mostly the manifest's own files: only the others are sent.
Differing = tuple[dict[str, int], frozenset[str]]


def _differing(manifest: dict[str, Stamp], tree: dict[str, int]) -> Differing:
    """The tree's files whose inode is not the manifest's; the manifest's files it lacks."""
    other = {
        path: inode
        for path, inode in tree.items()
        if path not in manifest or manifest[path][2] != inode
    }
    return other, frozenset(manifest.keys() - tree.keys())


def _tree_from(
    published: dict[str, int], other: dict[str, int], lacking: frozenset[str]
) -> dict[str, int]:
    tree = {path: inode for path, inode in published.items() if path not in lacking}
    tree.update(other)
    return tree
