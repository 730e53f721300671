"""actors.toml: loading, validation with line numbers, and finding actors."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.actors import load_registry, without_credits
from briefgen.errors import Abort

from .conftest import FIXTURES


def test_fixture_registry_loads() -> None:
    registry = load_registry(FIXTURES / "site-basic" / "seeds" / "actors.toml")
    pmu = registry.get("Popular Mobilisation Units")
    assert pmu is not None
    assert (pmu.type, pmu.slug, pmu.country, pmu.backed_by) == (
        "militia",
        "popular-mobilisation-units",
        "Iraq",
        ("Iran",),
    )
    assert "Hashd al-Shaabi" in pmu.aliases


def test_missing_registry_is_empty(tmp_path: Path) -> None:
    assert load_registry(tmp_path / "actors.toml").actors == ()


def test_every_registry_problem_at_once(tmp_path: Path) -> None:
    path = tmp_path / "actors.toml"
    path.write_text(
        '[[actor]]\nname = "A"\ntype = "person"\naliases = ["Shared"]\n\n'
        '[[actor]]\nname = "B"\ntype = "wizard"\naliases = ["shared"]\n\n'
        '[[actor]]\nname = "A"\ntype = "person"\n\n'
        '[[actor]]\nname = "C"\ntype = "militia"\nbacked_by = ["Nobody"]\ncolour = "red"\n',
        encoding="utf-8",
    )
    with pytest.raises(Abort) as info:
        load_registry(path)
    messages = [str(p) for p in info.value.problems]
    assert any(":6:" in m and "unknown type 'wizard'" in m for m in messages)
    assert any(":6:" in m and "'shared' names both 'A' and 'B'" in m for m in messages)
    assert any(":11:" in m and "defined twice" in m for m in messages)
    assert any(":15:" in m and "unknown key 'colour'" in m for m in messages)
    assert any(":15:" in m and "backed_by 'Nobody'" in m for m in messages)


def test_bracketed_credits_are_not_actors() -> None:
    registry = load_registry(FIXTURES / "site-basic" / "seeds" / "actors.toml")
    text = "Hashd al-Shaabi fighters near Mosul [Getty] and [Wall Street Journal]"
    assert [m.key for m in registry.matcher().find(without_credits(text))] == [
        "Popular Mobilisation Units"
    ]
