"""The summary benchmark runs end to end on a four-article corpus in its layout."""

from __future__ import annotations

import pytest

from benchmarks import bench_summary

from .conftest import FIXTURES


def test_bench_summary_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    bench_summary.main([str(FIXTURES / "mini-corpus")])
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["category", "n", "system", "R-1", "R-2", "R-L"]
    rows = [line for line in lines if line.startswith("all")]
    assert [r.split()[2] for r in rows] == ["key", "Lead-3", "summary"]
    for row in rows:
        scores = [float(x) for x in row.split()[-3:]]
        assert all(0 < s <= 100 for s in scores)
    assert "articles/s on one core" in out


def test_systems_differ_and_key_points_skip_the_lead() -> None:
    items = bench_summary.load(FIXTURES / "mini-corpus")
    assert len(items) == 4
    for item in items:
        texts = bench_summary.systems(item, 3)
        assert texts["Lead-3"].startswith(item.sentences[0])
        assert item.sentences[0] not in texts["key points"]
        assert texts["summary + key points"].startswith(item.sentences[0])
