"""Rendering helpers: links relative to each page."""

from __future__ import annotations

import posixpath
import random

import pytest

from briefgen.render import relative_path

PARTS = ["actors", "briefings", "a", "b", "static", "index.html", "x.css", ".", "..", ""]


@pytest.mark.parametrize(
    ("target", "start", "expected"),
    [
        ("actors/iraq/", "briefings/x", "../../actors/iraq"),
        ("static/site.css", "", "static/site.css"),
        ("", "actors/iraq", "../.."),
        ("actors/", "actors", "."),
        ("actors/iraq/", "actors", "iraq"),
    ],
)
def test_relative_path(target: str, start: str, expected: str) -> None:
    assert relative_path(target, start) == expected


def test_relative_path_is_posixpath_relpath() -> None:
    rng = random.Random(7)
    for _ in range(5000):
        target = "/".join(rng.choice(PARTS) for _ in range(rng.randint(0, 4)))
        start = "/".join(rng.choice(PARTS) for _ in range(rng.randint(0, 3)))
        expected = posixpath.relpath(target or ".", start or ".")
        assert relative_path(target, start) == expected, (target, start)
