"""Golden sites: each tests/fixtures/site-*/ project built into tests/golden/<name>/.

`make golden` (python -m tests.golden) regenerates them after an intended change;
tests/test_golden.py rebuilds and diffs against them.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from briefgen.build import gather
from briefgen.config import load_config
from briefgen.pagefind import INDEX
from briefgen.report import BuildReport

HERE = Path(__file__).parent


def copy_project(source: Path, target: Path) -> Path:
    """A project's inputs only: never its built site or its cache."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".briefgen-cache", "site"))
    return target


def tree(directory: Path) -> dict[str, bytes]:
    """Every file under `directory`, by its relative path, with its bytes."""
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


PROJECTS = sorted(p for p in (HERE / "fixtures").glob("site-*") if p.is_dir())
GOLDEN = HERE / "golden"


def build_files(project: Path) -> dict[str, bytes]:
    """The site of a fixture project, in memory, built from a scratch copy so that
    no cache is read from or left in tests/fixtures. Without the search index:
    pagefind's binary files are its own (tests/test_search.py checks them)."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = copy_project(project, Path(scratch) / project.name)
        files = gather(load_config(copy / "config.toml"), BuildReport())
    return without_index(files)


def without_index(files: dict[str, bytes]) -> dict[str, bytes]:
    """A site's files but its search index (whose file names change with any edit)."""
    return {path: data for path, data in files.items() if not path.startswith(INDEX)}


def regenerate() -> None:
    for project in PROJECTS:
        target = GOLDEN / project.name
        shutil.rmtree(target, ignore_errors=True)
        for relative, data in build_files(project).items():
            path = target / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        print(f"regenerated {target.relative_to(HERE.parent)}")


if __name__ == "__main__":
    regenerate()
