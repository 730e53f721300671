"""Preview benchmark: edit one seed, time until the new text is served.

    python -m benchmarks.bench_serve [--corpus DIR] [--sizes 1000,5000] [--edits 10]

For each N, makes a project of N seeds cycled from the BBC corpus (unique
titles), starts `briefgen serve --port 0`, then 10 times appends a sentence to
one seed and polls the briefing's URL every 10 ms until the sentence is served.
Prints the median and worst edit-to-served time and the server's peak RSS.
"""

from __future__ import annotations

import argparse
import http.client
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks import DEFAULT_CORPUS
from benchmarks.bench_build import make_project
from briefgen.parse import parse_seed


def fetch(port: int, path: str) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        return connection.getresponse().read()
    finally:
        connection.close()


def start_serve(root: Path) -> tuple[subprocess.Popen[str], int]:
    """`briefgen serve --port 0` in `root`, and the port it printed."""
    process = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "serve", "--port", "0"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        match = re.search(r"at http://127\.0\.0\.1:(\d+)/", line)
        if match:
            # keep reading its log, so a full pipe never blocks the server
            threading.Thread(target=process.stdout.read, daemon=True).start()
            return process, int(match.group(1))
    process.wait()
    raise RuntimeError(f"briefgen serve did not start in {root}")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bench(corpus: Path, size: int, edits: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_project(corpus, size, root)
        seed = root / "seeds" / "000000.txt"
        slug = parse_seed(seed, root / "seeds").article.slug
        started = time.perf_counter()
        process, port = start_serve(root)
        first_build = time.perf_counter() - started
        try:
            times = []
            for number in range(edits):
                marker = f"Benchmark edit number {number} at {time.time()}."
                edited = time.perf_counter()
                with seed.open("a", encoding="utf-8") as handle:
                    handle.write(f"\n{marker}\n")
                while marker.encode() not in fetch(port, f"/briefings/{slug}/"):
                    time.sleep(0.01)
                    if time.perf_counter() - edited > 120:
                        sys.exit("the edit was never served")
                times.append(time.perf_counter() - edited)
                time.sleep(0.3)
            rss = peak_rss_mb(process.pid)
        finally:
            process.terminate()
            process.wait(timeout=30)
        print(
            f"{size:>7} seeds  start {first_build:6.1f} s  edit->served median "
            f"{statistics.median(times) * 1000:7.0f} ms  worst {max(times) * 1000:7.0f} ms  "
            f"peak RSS {rss:6.0f} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sizes", default="1000,5000")
    parser.add_argument("--edits", type=int, default=10)
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        bench(args.corpus, size, args.edits)


if __name__ == "__main__":
    main()
