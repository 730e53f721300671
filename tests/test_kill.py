"""`briefgen build` killed with SIGKILL at random points of a 1,000-seed build
leaves the old site or the new one, never a mix, and the next build succeeds."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from benchmarks import bench_build
from briefgen.output import Staging

from .conftest import FIXTURES, REPO

SEEDS = 1000
KILLS = 20
EDITED = range(0, SEEDS, 20)  # the seeds the second version changes


def site_state(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.blake2b(p.read_bytes()).hexdigest()
        for p in site.rglob("*")
        if p.is_file()
    }


def set_version(root: Path, version: str) -> None:
    """Version A or B of the project: every page's title bar and 50 seeds differ."""
    (root / "config.toml").write_text(f'[site]\ntitle = "Version {version}"\n', encoding="utf-8")
    for index in EDITED:
        seed = root / "seeds" / f"{index:06d}.txt"
        text = seed.read_text(encoding="utf-8").split("\n\nVersion B")[0]
        if version == "B":
            text += "\n\nVersion B adds this closing paragraph to the article."
        seed.write_text(text, encoding="utf-8")


def start_build(root: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(bench_build.BUILD, cwd=root, env=env, stderr=subprocess.PIPE)


def build_now(root: Path) -> float:
    """Build to the end; its wall time, only to spread the kill points over a build."""
    started = time.monotonic()
    process = start_build(root)
    _, errors = process.communicate(timeout=300)
    assert process.returncode == 0, errors.decode()
    return time.monotonic() - started


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_build_killed_at_random_points_leaves_the_old_site_or_the_new(tmp_path: Path) -> None:
    root = tmp_path / "project"
    bench_build.make_project(FIXTURES / "mini-corpus", SEEDS, root)
    site = root / "site"
    states = {}
    for version in "AB":
        set_version(root, version)
        build_now(root)
        states[version] = site_state(site)
    assert states["A"] != states["B"]
    set_version(root, "A")
    duration = build_now(root)  # a build like those below: the tree is kept, the cache warm
    current, rng = "A", random.Random(20261124)
    killed_mid_build, outcomes = 0, []
    for kill in range(KILLS):
        target = "A" if current == "B" else "B"
        set_version(root, target)
        started, process = time.monotonic(), start_build(root)
        # every other kill near the end, where the site is published
        delay = rng.uniform(*((0.05, 1.0) if kill % 2 else (0.7, 1.05))) * duration
        try:
            process.wait(timeout=delay)
            duration = time.monotonic() - started  # done first: aim the next kills at this
        except subprocess.TimeoutExpired:
            process.kill()
        process.communicate(timeout=60)
        killed_mid_build += process.returncode == -signal.SIGKILL
        state = site_state(site)
        assert state in (states["A"], states["B"]), "a mix of two sites"
        current = "A" if state == states["A"] else "B"
        outcomes.append("new" if current == target else "old")
    print(f"{killed_mid_build} of {KILLS} builds killed mid-way; left: {outcomes}")
    assert killed_mid_build >= KILLS // 2, "too few kills landed inside a build"
    assert "old" in outcomes
    build_now(root)  # the next build succeeds and publishes its version whole
    assert site_state(site) == states[target]
    assert [p.name for p in Staging.folder_of(site).iterdir()] == ["new"]  # kept for next time
