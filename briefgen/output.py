"""Write the site: only files whose bytes changed; the whole site swapped in at
once (`briefgen build`), or the changed files moved in one by one (`serve`).

A build's pages go through a Staging folder (or, for tests, stay Collected in
memory); the few pages `serve` must show at once are written with write_files.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

Stamp = tuple[int, int, int]  # a file's size, mtime in ns and inode: a rewrite changes one


def file_stamp(stat: os.stat_result) -> Stamp:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]


class Staging:
    """The next site, assembled in a hidden folder beside the output (same
    filesystem, so moving it is a rename): files whose bytes differ are written
    there as they render; publishing hard-links the unchanged files in beside
    them and swaps the folder with the output in one atomic rename. A build that
    fails or is killed at any point leaves the old site whole, never a mix, and
    no build holds every page's bytes in memory.

    The site swapped out is kept as the next build's tree: only the files whose
    inode differs from the published one are linked again, so an edit costs
    what changed, not a folder and a link per page. The preview publishes
    without the swap: it moves the staged files in one by one (see publish)."""

    def __init__(self, output: Path, of: Staging | None = None) -> None:
        """A staging for `output`; `of` another: a worker process's part of it,
        which keeps what is staged already."""
        self.output = output
        self.folder = self.folder_of(output)
        self.tree = self.tree_of(output)
        if of is None:
            self._recover()
        # a first build has no site to compare with and no kept tree to write over:
        # saves a failed stat and unlink per page (tens of microseconds each on some disks)
        self._published: bool = of._published if of else output.is_dir()
        self._kept: bool = of._kept if of else self.tree.is_dir()
        self.staged: dict[str, Stamp] = {}  # the files staged, stamped as written (moves keep it)
        self.rendered: set[str] = set()
        self.unchanged = 0
        self._folders: set[Path] = set()

    def share(self) -> Staging:
        """A worker process's part of this staging."""
        return Staging(self.output, of=self)

    def add(self, relative: str, data: bytes) -> None:
        self.rendered.add(relative)
        if self._published and _same_bytes(self.output / relative, data):
            self.unchanged += 1
            return
        target = self.tree / relative
        _make_folder(target.parent, self._folders)
        if self._kept:  # it may be a link to a published file: never write into it
            target.unlink(missing_ok=True)
        self.staged[relative] = file_stamp(_write(target, data))

    def take(self, share: Staging) -> None:
        """What a worker's share staged, as if staged here."""
        self.staged |= share.staged
        self.rendered |= share.rendered
        self.unchanged += share.unchanged

    def publish(
        self,
        keep: set[str] | None = None,
        removed: Collection[str] = (),
        swap: bool = True,
        published: dict[str, int] | None = None,
        held: dict[str, int] | None = None,
    ) -> WriteReport:
        """Publish the staged files and drop the files not in `keep` (when
        given) or the `removed` ones: by swapping the whole site in, or without
        `swap` by moving each file in (no walk of the kept tree; a reader may
        meanwhile see some pages new and some old; with `removed`, no walk of
        site/ either). `published`: the output's files and inodes, when the
        caller has just listed them; `held`: the kept tree's, as they were
        before this build staged anything, when known (see scout.py)."""
        if not swap and keep is None:
            gone = self._move_in(removed)
        else:
            before = inodes(self.output) if published is None else published
            doomed = before.keys() - keep if keep is not None else before.keys() & set(removed)
            gone = sorted(doomed)
            if swap and (self.staged or gone):
                self._swap_in(before, doomed, held)
            elif not swap:
                self._move_in(gone)
        return WriteReport(tuple(sorted(self.staged)), self.unchanged, tuple(gone))

    def _swap_in(self, before: dict[str, int], gone: set[str], held: dict[str, int] | None) -> None:
        staged = self.staged.keys()
        if held is None:  # a tree this build made holds only what it staged
            held = inodes(self.tree) if self._kept else {}
        stale = held.keys() - staged - (before.keys() - gone)  # not in the new site
        if stale:
            remove_files(self.tree, stale)
            self._folders.clear()  # a folder may have gone with them
        for relative, inode in before.items():
            if relative in gone or relative in staged or held.get(relative) == inode:
                continue
            target = self.tree / relative
            _make_folder(target.parent, self._folders)
            if relative in held:  # else nothing is there: a failed unlink costs a syscall
                target.unlink(missing_ok=True)
            _link(self.output / relative, target)
        self.tree.mkdir(parents=True, exist_ok=True)
        old = self.folder / "old"
        _replace_folder(self.tree, self.output, old)
        if old.exists():
            os.rename(old, self.tree)
        elif not self.tree.exists():  # the first site: no old one to keep
            shutil.rmtree(self.folder, ignore_errors=True)

    def _move_in(self, removed: Collection[str]) -> list[str]:
        """The staged files moved into site/, the `removed` ones deleted: those found."""
        folders: set[Path] = set()
        for relative in sorted(self.staged):
            target = self.output / relative
            _make_folder(target.parent, folders)
            os.replace(self.tree / relative, target)
        return remove_files(self.output, removed)

    def _recover(self) -> None:
        """Undo what a killed build left: the old site put back if it was out,
        anything but the kept tree removed (the tree is checked file by file)."""
        old = self.folder / "old"
        if old.is_dir() and not self.output.exists():
            os.rename(old, self.output)  # killed between the two renames of _replace_folder
        if self.folder.is_dir():
            for entry in os.scandir(self.folder):
                if entry.name != self.tree.name or not entry.is_dir(follow_symlinks=False):
                    _delete(Path(entry.path))

    @staticmethod
    def folder_of(output: Path) -> Path:
        return output.parent / f".{output.name}.staging"

    @classmethod
    def tree_of(cls, output: Path) -> Path:
        """The kept tree: the site before the last swap, the next site's start."""
        return cls.folder_of(output) / "new"

    @classmethod
    def clear(cls, output: Path) -> None:
        """Remove the staging folder, the kept tree with it."""
        shutil.rmtree(cls.folder_of(output), ignore_errors=True)


def _delete(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _make_folder(folder: Path, made: set[Path]) -> None:
    if folder not in made:
        folder.mkdir(parents=True, exist_ok=True)
        made.add(folder)


def stamps(output: Path, paths: set[str]) -> dict[str, Stamp]:
    """The stamps of those of `paths` under `output` that exist."""
    found = {}
    for relative in paths:
        try:
            found[relative] = file_stamp(os.stat(output / relative))
        except OSError:
            continue
    return found


def folder_mtimes(output: Path, files: Iterable[str]) -> dict[str, int]:
    """The mtime of `output` and of each folder in it that holds `files`.
    Adding, removing or renaming an entry changes its folder's mtime: with
    these, site_matches checks site/ without listing a folder."""
    folders = {""}
    for path in files:
        folder = path.rpartition("/")[0]
        while folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    root = str(output) + os.sep
    return {folder: os.lstat(root + folder).st_mtime_ns for folder in folders}


def site_matches(output: Path, manifest: dict[str, Stamp], folders: dict[str, int]) -> bool:
    """`output` holds exactly the manifest's files, with their stamps: each
    file stat'ed by its path, and each folder's mtime the recorded one (so no
    entry came or went). A stat per file and folder costs half a walk."""
    root = str(output) + os.sep
    lstat = os.lstat
    try:
        return all(lstat(root + f).st_mtime_ns == mtime for f, mtime in folders.items()) and all(
            file_stamp(lstat(root + p)) == stamp for p, stamp in manifest.items()
        )
    except OSError:  # a file or folder gone, or one that cannot be read
        return False


def inodes(folder: Path) -> dict[str, int]:
    """Every file (and symlink) under `folder`: its inode (read from the folder
    listing, no stat per file)."""
    return {relative: entry.inode() for relative, entry in site_files(folder)}


def site_files(folder: Path) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Every file (and symlink) under `folder` by relative POSIX path, with its
    folder entry. Walks strings, not Paths: a Path per file costs more than its
    listing."""
    pending = [(str(folder), "")]
    while pending:
        directory, prefix = pending.pop()
        try:
            entries = list(os.scandir(directory))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append((entry.path, f"{prefix}{entry.name}/"))
            else:
                yield prefix + entry.name, entry


def _link(source: Path, target: Path) -> None:
    """`target` as the same file as `source`: its bytes and mtime kept, nothing copied."""
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.EOPNOTSUPP):
            raise
        shutil.copy2(source, target, follow_symlinks=False)  # no hard links on this filesystem


def _replace_folder(new: Path, output: Path, old: Path) -> None:
    """`new` becomes `output` in one step where the system allows it."""
    if not output.exists():
        os.rename(new, output)
    elif not _exchange(new, output):
        # no atomic exchange here: Staging._recover undoes a kill between these two
        os.rename(output, old)
        os.rename(new, output)


_RenameAt2 = Callable[[int, bytes, int, bytes, int], int]
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@functools.cache
def _renameat2() -> _RenameAt2 | None:
    """Linux's renameat2, which can exchange two folders atomically (not in os)."""
    if sys.platform != "linux":
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a libc without it (glibc < 2.28)
        return None
    path, folder = ctypes.c_char_p, ctypes.c_int
    function.argtypes = [folder, path, folder, path, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically; False where the system or filesystem cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


class Collected:
    """A build's files kept in memory instead of staged (what `gather` returns)."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    @property
    def rendered(self) -> set[str]:
        return set(self.files)

    def add(self, relative: str, data: bytes) -> None:
        self.files[relative] = data


def write_files(output: Path, files: dict[str, bytes]) -> WriteReport:
    """Write `files` now, each atomically and only where its bytes changed: for
    the few pages `serve` shows before the rest of a rebuild is staged."""
    written = []
    for relative in sorted(files):
        target = output / relative
        if not _same_bytes(target, files[relative]):
            write_atomic(target, files[relative])
            written.append(relative)
    return WriteReport(tuple(written), len(files) - len(written), ())


def remove_files(output: Path, removed: Collection[str]) -> list[str]:
    """The files (and links) among `removed` deleted, empty folders with them: those found."""
    gone = []
    for relative in sorted(removed):
        target = output / relative
        if target.is_symlink() or (target.exists() and not target.is_dir()):  # as site_files
            target.unlink()
            gone.append(relative)
            _remove_empty_parents(target.parent, output)
    return gone


def _remove_empty_parents(directory: Path, output: Path) -> None:
    while directory != output and directory.is_dir() and not any(directory.iterdir()):
        directory.rmdir()
        directory = directory.parent


def write_atomic(target: Path, data: bytes) -> None:
    """Temp file in the same folder, then rename: readers see old or new, never half."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _write(target: Path, data: bytes) -> os.stat_result:
    """A new file's bytes, and its stat once written: os calls, without a
    buffered file's ioctl and seek, and no path lookup for the stat."""
    handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
        return os.fstat(handle)
    finally:
        os.close(handle)


def _same_bytes(target: Path, data: bytes) -> bool:
    try:
        return target.stat().st_size == len(data) and target.read_bytes() == data
    except OSError:
        return False
