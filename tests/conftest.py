"""Shared fixtures: paths to the committed fixture files and a project factory."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from .golden import copy_project

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLES = FIXTURES / "articles"
REPO = Path(__file__).parent.parent


@pytest.fixture
def fixture_project(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/site-basic that a test may change."""
    return copy_project(FIXTURES / "site-basic", tmp_path / "project")


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """A project with the given seeds {name: text or bytes}, actors.toml and config."""

    def make(
        seeds: dict[str, str | bytes],
        actors: str = "",
        config: str = '[site]\ntitle = "Test"\n',
    ) -> Path:
        root = tmp_path / "proj"
        (root / "seeds").mkdir(parents=True, exist_ok=True)
        (root / "config.toml").write_text(config, encoding="utf-8")
        (root / "seeds" / "actors.toml").write_text(actors, encoding="utf-8")
        for name, content in seeds.items():
            path = root / "seeds" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return make


def chromium_or_skip() -> str:
    """Path of Debian's Chromium; CI sets BRIEFGEN_REQUIRE_BROWSER so it fails, not skips."""
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        if os.environ.get("BRIEFGEN_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (apt-get install chromium)")
        pytest.skip("Chromium not installed (apt-get install chromium)")
    return path
