"""Whole-site golden tests: a fixture project must build to the committed bytes."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from .golden import GOLDEN, PROJECTS, build_files, tree


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_site_matches_golden(project: Path) -> None:
    expected = tree(GOLDEN / project.name)
    actual = build_files(project)
    assert expected, "no golden files: run `make golden`"
    assert sorted(actual) == sorted(expected), "pages added or missing: run `make golden`?"
    for path, data in sorted(actual.items()):
        if data != expected[path]:
            diff = difflib.unified_diff(
                expected[path].decode("utf-8", "replace").splitlines(),
                data.decode("utf-8", "replace").splitlines(),
                f"golden/{path}",
                f"built/{path}",
                lineterm="",
            )
            pytest.fail("\n".join(list(diff)[:60]) + "\n(intended? run `make golden`)")
