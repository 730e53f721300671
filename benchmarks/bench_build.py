"""Build-speed benchmark: a project of N seeds cycled from the BBC corpus.

    python benchmarks/bench_build.py [--corpus DIR] [--sizes 200,1000] [--runs 3]

Prints, per N: cold build (no output, no cache), no-op rebuild and one-seed-edit
rebuild, each the median wall time of whole `briefgen build` processes, with
pages per second and the peak RSS of the build process.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import DEFAULT_CORPUS, REPO


def make_project(corpus: Path, size: int, root: Path) -> None:
    articles = sorted((corpus / "articles").glob("*/*.txt"))
    if not articles:
        sys.exit(f"no articles under {corpus}/articles (pass --corpus)")
    seeds = root / "seeds"
    seeds.mkdir(parents=True)
    shutil.copy(REPO / "seeds" / "actors.toml", seeds / "actors.toml")
    for index in range(size):
        source = articles[index % len(articles)]
        title, _, body = source.read_bytes().partition(b"\n")
        unique = title.strip() + f" (copy {index})".encode()
        (seeds / f"{index:06d}.txt").write_bytes(unique + b"\n" + body)
    (root / "config.toml").write_text('[site]\ntitle = "Benchmark"\n', encoding="utf-8")


def timed_build(root: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one `briefgen build` process."""
    command = [sys.executable, "-m", "briefgen", "build", "-q"]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=root)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        sys.exit(f"build failed in {root}")
    return elapsed, usage.ru_maxrss


def median_run(root: Path, runs: int, prepare) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    results = []
    for _ in range(runs):
        prepare()
        results.append(timed_build(root))
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def bench(corpus: Path, size: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_project(corpus, size, root)
        output = root / "site"
        edited = root / "seeds" / "000000.txt"
        original = edited.read_bytes()

        def cold() -> None:
            shutil.rmtree(output, ignore_errors=True)
            shutil.rmtree(root / ".briefgen-cache", ignore_errors=True)

        def edit() -> None:
            edited.write_bytes(original + f"\nEdited at {time.time()}.\n".encode())

        rows = [
            ("cold build", median_run(root, runs, cold)),
            ("no-op rebuild", median_run(root, runs, lambda: None)),
            ("one seed edited", median_run(root, runs, edit)),
        ]
        pages = sum(1 for _ in output.rglob("*.html"))
        for label, (seconds, rss) in rows:
            print(
                f"{size:>7} {label:<16} {seconds:8.2f} s {pages / seconds:10.0f} pages/s "
                f"{rss / 1024:8.0f} MB peak RSS"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sizes", default="200,1000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{'N':>7} {'build':<16} {'median':>10} {'':>16} {'':>17}")
    for size in (int(s) for s in args.sizes.split(",")):
        bench(args.corpus, size, args.runs)


if __name__ == "__main__":
    main()
