"""Shared by the tests: paths to the committed fixtures, projects made from seeds,
`briefgen` run as a user runs it, polling, a site's files as they are on disk,
and one headless Chromium a session."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from briefgen.output import Stamp, file_stamp, site_files

from .browser import chromium
from .golden import copy_project

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLES = FIXTURES / "articles"
REPO = Path(__file__).parent.parent
DEFAULT_CONFIG = '[site]\ntitle = "Test"\n'


@pytest.fixture
def fixture_project(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/site-basic that a test may change."""
    return copy_project(FIXTURES / "site-basic", tmp_path / "project")


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """A project with the given seeds {name: text or bytes}, actors.toml and config."""

    def make(
        seeds: Mapping[str, str | bytes],
        actors: str = "",
        config: str = DEFAULT_CONFIG,
    ) -> Path:
        return write_project(tmp_path / "proj", seeds, actors, config)

    return make


def write_project(
    root: Path, seeds: Mapping[str, str | bytes], actors: str = "", config: str = DEFAULT_CONFIG
) -> Path:
    """`root` made a project: config.toml, seeds/actors.toml and the seeds {name: content}."""
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


def run_cli(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`python -m briefgen ARGS` in `cwd`, its output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "briefgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def poll(condition: Callable[[], object], seconds: float = 15.0, every: float = 0.05) -> bool:
    """Check `condition` every `every` seconds until it holds; False if `seconds` pass first."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(every)
    return True


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium, one per test module: each test opens its own page or
    context. Not one per session: Playwright's thread would outlive the browser
    tests, and builds with a thread running spawn their workers instead of forking."""
    with chromium() as browser:
        yield browser


def site_stamps(output: Path) -> dict[str, Stamp]:
    """Every file under `output` by its path relative to it, with its stamp:
    found by walking every folder, unlike the build's check (output.site_matches)."""
    return {
        relative: file_stamp(e.stat(follow_symlinks=False)) for relative, e in site_files(output)
    }


def clock_past(tree: Path) -> None:
    """Wait until the file system's clock is past every folder's mtime in
    `tree`: a change made within the same tick would leave a folder's mtime as
    it was (the file system's clock moves in ticks of a few milliseconds)."""
    newest = max(p.stat().st_mtime_ns for p in [tree, *tree.rglob("*")] if p.is_dir())
    probe = tree.parent / "clock-probe"
    while True:
        probe.write_bytes(b"")
        if probe.stat().st_mtime_ns > newest:
            break
    probe.unlink()
