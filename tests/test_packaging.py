"""What an install from a wheel gets: every bundled file, not only the code."""

from __future__ import annotations

import tomllib
from pathlib import Path

from .conftest import REPO


def _packaged(folder: Path, patterns: list[str]) -> set[Path]:
    """The files setuptools puts in the wheel for the package in `folder`: its modules and
    what its package-data globs find."""
    found = set(folder.glob("*.py"))
    for pattern in patterns:
        found.update(path for path in folder.glob(pattern) if path.is_file())
    return found


def test_every_bundled_file_is_in_the_wheel() -> None:
    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    folders = {
        p: REPO / setuptools["package-dir"].get(p, p.replace(".", "/"))
        for p in setuptools["packages"]
    }
    packaged: set[Path] = set()
    bundled: set[Path] = set()
    for package, folder in folders.items():
        packaged |= _packaged(folder, setuptools["package-data"].get(package, []))
        inner = [f for p, f in folders.items() if p != package and f.is_relative_to(folder)]
        bundled.update(
            path
            for path in folder.rglob("*")
            if path.is_file()
            and "__pycache__" not in path.parts
            and not any(path.is_relative_to(f) for f in inner)
        )
    assert bundled - packaged == set()
    assert {"common_words.txt", "given_names.txt", "places.tsv"} <= {p.name for p in packaged}
