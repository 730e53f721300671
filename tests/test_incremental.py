"""Rebuilds after random edit sequences equal a clean build, byte for byte."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from briefgen import cache as cache_module
from briefgen.build import build
from briefgen.config import load_config

from .conftest import ARTICLES
from .golden import copy_project


def tree(directory: Path) -> dict[str, bytes]:
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def clean_build(project: Path, scratch: Path) -> dict[str, bytes]:
    shutil.rmtree(scratch, ignore_errors=True)
    copy_project(project, scratch)
    cache_module._IN_MEMORY.clear()
    build(load_config(scratch / "config.toml"))
    cache_module._IN_MEMORY.clear()
    return tree(scratch / "site")


def edit(project: Path, rng: random.Random, step: int) -> str:
    seeds = sorted(p for p in (project / "seeds").glob("*") if p.suffix in (".txt", ".md"))
    action = rng.choice(["append", "append", "delete", "add", "registry", "template"])
    if action == "append" and seeds:
        seed = rng.choice(seeds)
        seed.write_bytes(seed.read_bytes() + f"\nEdit {step}: Iran and Syria met.\n".encode())
    elif action == "delete" and len(seeds) > 2:
        rng.choice(seeds).unlink()
    elif action == "add":
        source = rng.choice(sorted(ARTICLES.glob("bbc-*.txt")))
        title, _, body = source.read_bytes().partition(b"\n")
        (project / "seeds" / f"added-{step}.txt").write_bytes(
            title + f" (step {step})".encode() + b"\n" + body
        )
    elif action == "registry":
        registry = project / "seeds" / "actors.toml"
        text = registry.read_text()
        alias = "" if '"Mutu"' in text else 'aliases = ["Mutu"]\n'  # an alias names one actor
        registry.write_text(text + f'\n[[actor]]\nname = "Actor {step}"\ntype = "person"\n{alias}')
    else:
        templates = project / "templates"
        templates.mkdir(exist_ok=True)
        (templates / "404.html").write_text(f"not found ({step})\n")
    return action


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_random_edit_sequences(fixture_project: Path, tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    cache_module._IN_MEMORY.clear()
    snapshot = build(load_config(fixture_project / "config.toml")).snapshot
    for step in range(8):
        action = edit(fixture_project, rng, step)
        seeds_only = action in ("append", "delete", "add")  # as `briefgen serve` decides
        try:
            report = build(
                load_config(fixture_project / "config.toml"), snapshot if seeds_only else None
            )
            snapshot = report.snapshot
        except Exception as exc:  # an edit may make the registry invalid (alias twice)
            pytest.fail(f"step {step} ({action}): {exc}")
        expected = clean_build(fixture_project, tmp_path / "clean")
        assert tree(fixture_project / "site") == expected, f"step {step}: {action}"
