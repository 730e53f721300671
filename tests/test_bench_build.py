"""The build benchmark's floor: taken in turns with the cold builds."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import bench_build
from benchmarks.bench_build import Result, Run


def _run(wall: float) -> Run:
    return Run(wall=wall, cpu=wall, rss_kib=1024, written=1, pages=1)


def test_floor_runs_alternate_with_cold_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    order: list[str] = []
    walls = iter([10.0, 2.0, 12.0, 3.0, 9.0, 2.0])

    def step(name: str) -> Run:
        order.append(name)
        return _run(next(walls))

    monkeypatch.setattr(bench_build, "start_cold", lambda root: order.append("aside"))
    monkeypatch.setattr(bench_build, "build_once", lambda root: step("cold"))
    monkeypatch.setattr(bench_build, "floor_once", lambda root: step("floor"))
    cold, floor = bench_build.measure_with_floor(tmp_path, 3)
    assert order == ["aside", "cold", "floor"] * 3
    assert [r.wall for r in cold.runs] == [10.0, 12.0, 9.0]
    assert [r.wall for r in floor.runs] == [2.0, 3.0, 2.0]
    assert bench_build.pair_ratios(cold, floor) == [5.0, 4.0, 4.5]
    assert bench_build.ratio_line(cold, floor).endswith("5.0 4.0 4.5 (median 4.5)")


def test_a_ratio_is_taken_against_the_floor_run_after_its_build() -> None:
    """Each build over the floor run after it; a floor run missing is an error."""
    cold = Result("cold build", (_run(10.0), _run(20.0)))
    floor = Result("floor", (_run(2.0), _run(4.0)))
    assert bench_build.pair_ratios(cold, floor) == [5.0, 5.0]
    with pytest.raises(ValueError):
        bench_build.pair_ratios(cold, Result("floor", (_run(1.0),)))


def test_a_result_line_shows_the_median_and_every_run_in_order() -> None:
    """A first run that pays for something once (the kept tree after a cold
    build) shows beside the median that hides it."""
    edited = Result("one seed edited", (_run(3.9), _run(0.8), _run(0.7)))
    line = bench_build.result_line(edited, floor=2.0)
    assert line.split()[3] == "0.80"  # the median, after the three words of the label
    assert line.endswith("3.90 0.80 0.70")
