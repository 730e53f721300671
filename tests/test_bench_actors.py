"""The actor benchmark runs on the committed gold set; alias resolution meets its target."""

from __future__ import annotations

import pytest

from benchmarks import bench_actors
from briefgen.actors import load_registry


@pytest.mark.parametrize("name", ["actors", "actors-heldout", "actors-unseen"])
def test_gold_files_are_consistent(name: str) -> None:
    directory = bench_actors.HERE / name
    articles = sorted((directory / "articles").glob("*.txt"))
    assert len(articles) >= (30 if name == "actors" else 12)
    for article in articles:
        text = article.read_text(encoding="utf-8")
        gold = bench_actors.load_gold(directory / "gold" / (article.stem + ".toml"))
        assert gold, article.name
        for entity in gold:
            assert entity.kind in bench_actors.KINDS
            assert bench_actors.comparable(entity.name) in entity.mentions
            assert any(m in text.casefold() for m in entity.mentions), (article.name, entity)
    if name == "actors":
        assert len(load_registry(directory / "registry.toml").actors) >= 50


def test_alias_resolution_target() -> None:
    directory = bench_actors.HERE / "actors"
    _, (right, total) = bench_actors.run(directory, load_registry(directory / "registry.toml"))
    assert total > 300
    assert right / total >= 0.97


def test_bench_actors_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    bench_actors.main([])
    out = capsys.readouterr().out
    assert "people+orgs" in out and "alias resolution with the registry" in out
    rows = [line.split() for line in out.splitlines() if line.startswith("empty")]
    assert [r[1] for r in rows] == ["person", "organisation", "place", "people+orgs"]
