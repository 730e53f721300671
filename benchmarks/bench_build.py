"""Build-speed benchmark: whole `briefgen build` processes on N seeds from the BBC corpus.

    python -m benchmarks.bench_build [--corpus DIR] [--sizes 1000,5000,20000] [--runs 3]

For each N, makes a project of N seeds cycled from the corpus (unique titles,
one date a day back from 2005-12-31) whose seeds/actors.toml is the 500 actors
of benchmarks/registry-500.toml, and times `python -m briefgen build -q` in:

    cold build          site/, .briefgen-cache/ and .site.staging/ (the kept
                        tree) moved aside before each run (see set_aside)
    no-op rebuild       nothing changed
    one seed edited     a new sentence appended to one seed
    actors.toml edited  a new actor, named in no seed, appended to the registry
    template edited     templates/briefing.html overrides the theme's with a new
                        HTML comment inside its main block (the first run creates it)

Those scenarios build without the search index (`search` left out of
build.sections): Pagefind is an optional step whose cost is pagefind's own.
When pagefind is installed, two more scenarios turn it on:

    cold + search       a cold build with the search index
    seed + search       one seed edited: its shard of the index made again (changed files written)

Their peak RSS may be a pagefind's (about 0.18 MB per record of its shard, up to
about 1,000 records), so the summary shows it apart from the builds' own.

Each scenario runs --runs times. Printed per scenario: the median wall time;
the median CPU time (user + system of the build and of every process it waited
for, its process-pool workers included); the largest peak RSS of any one of
those processes (not their sum); the median count of files written under site/
(new, or a changed mtime or size, plus files removed: an os.scandir walk before
and after the run); HTML pages in site/ per wall second; and the wall time as a
multiple of the floor. Each distinct line the builds print on stderr (warnings)
is shown once per N, under the first scenario that printed it.

The floor, timed the same way, is a plain Python process (no briefgen import)
that reads every seed and every file of the built site, then writes the site's
bytes under the same relative paths into an empty folder: the I/O that any
build of this site must do. Floor runs alternate with the cold builds, each
right after one, and each cold build's ratio to its floor is printed too: on a
machine whose speed drifts, the ratio of two medians taken minutes apart
would drift with it. Per N, cold-build milliseconds per HTML page and
peak RSS per 1,000 pages show whether growth with N is linear; a table of every
N ends the output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks import DEFAULT_CORPUS, REPO
from briefgen import native
from briefgen.config import SECTIONS
from briefgen.pagefind import pagefind_binary

REGISTRY = REPO / "benchmarks" / "registry-500.toml"  # from benchmarks/make_registry.py
THEME_BRIEFING = REPO / "templates" / "briefing.html"
LAST_DATE = dt.date(2005, 12, 31)
BUILD = [sys.executable, "-m", "briefgen", "build", "-q"]

# The floor: read the inputs (seeds) and the output's bytes, write the output.
FLOOR = """
import os, sys

def files(root):
    for entry in os.scandir(root):
        if entry.is_dir(follow_symlinks=False):
            yield from files(entry.path)
        else:
            yield entry.path

seeds, site, out = sys.argv[1:]
for path in files(seeds):
    with open(path, "rb") as handle:
        handle.read()
output = []
for path in files(site):
    with open(path, "rb") as handle:
        output.append((os.path.relpath(path, site), handle.read()))
made = set()
for relative, data in output:
    folder = os.path.dirname(os.path.join(out, relative))
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)
    with open(os.path.join(out, relative), "wb") as handle:
        handle.write(data)
"""

Snapshot = dict[str, tuple[int, int]]  # relative path -> (mtime_ns, size)


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # seconds, user + system, waited-for descendants included
    rss_kib: int  # peak RSS of the largest single process
    written: int  # files new, changed or removed under site/
    pages: int  # HTML pages in site/ afterwards
    messages: tuple[str, ...] = ()  # what the process printed on stderr, line by line


@dataclass(frozen=True)
class Result:
    label: str
    runs: tuple[Run, ...]

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def rss_mb(self) -> float:
        return max(r.rss_kib for r in self.runs) / 1024

    @property
    def written(self) -> int:
        return round(statistics.median(r.written for r in self.runs))

    @property
    def pages(self) -> int:
        return self.runs[-1].pages

    def messages(self) -> Counter[str]:
        """Each distinct stderr line, and in how many runs it came."""
        return Counter(line for r in self.runs for line in set(r.messages))


# --- the project --------------------------------------------------------------


def make_project(corpus: Path, size: int, root: Path) -> None:
    """N seeds cycled from the corpus, each with a unique title and date, and 500 actors."""
    articles = sorted((corpus / "articles").glob("*/*.txt"))
    if not articles:
        sys.exit(f"no articles under {corpus}/articles (pass --corpus)")
    seeds = root / "seeds"
    seeds.mkdir(parents=True)
    shutil.copy(REGISTRY, seeds / "actors.toml")
    for index in range(size):
        title, _, body = articles[index % len(articles)].read_bytes().partition(b"\n")
        unique = title.strip() + f" (copy {index})".encode()
        # a block of its own holding only a date line is a header the text parser reads
        date = (LAST_DATE - dt.timedelta(days=index)).isoformat().encode()
        (seeds / f"{index:06d}.txt").write_bytes(unique + b"\n\n" + date + b"\n\n" + body)
    (root / "config.toml").write_text(CONFIG, encoding="utf-8")


NO_SEARCH = [s for s in SECTIONS if s != "search"]
WITH_SEARCH = '[site]\ntitle = "Benchmark"\n'  # every section, search too
CONFIG = f"{WITH_SEARCH}[build]\nsections = {json.dumps(NO_SEARCH)}\n"


def with_search(root: Path) -> None:
    (root / "config.toml").write_text(WITH_SEARCH, encoding="utf-8")


def unique_mark() -> int:
    return time.time_ns()


def start_cold(root: Path) -> None:
    for name in ("site", ".briefgen-cache", ".site.staging"):
        set_aside(root / name)


def set_aside(path: Path) -> None:
    """Move `path` into a .set-aside folder beside it, deleted with the
    benchmark's temporary folder when the benchmark ends.

    Not deleted here: for a minute or so after thousands of files are deleted,
    ext4 creates files several times slower (perf shows the kernel's
    recently_deleted() in inode allocation), which a build in a fresh clone
    never meets."""
    if path.exists():
        trash = path.parent / ".set-aside"
        trash.mkdir(exist_ok=True)
        path.rename(trash / f"{path.name}-{time.time_ns()}")


def change_nothing(root: Path) -> None:
    pass


def edit_seed(root: Path) -> None:
    seed = root / "seeds" / "000000.txt"
    with seed.open("a", encoding="utf-8") as handle:
        handle.write(f"\n\nBenchmark edit at {unique_mark()}.\n")


def edit_actors(root: Path) -> None:
    with (root / "seeds" / "actors.toml").open("a", encoding="utf-8") as handle:
        handle.write(f'\n[[actor]]\nname = "Bench Actor {unique_mark()}"\ntype = "organisation"\n')


def edit_template(root: Path) -> None:
    """templates/briefing.html: the theme's, with a new comment before its last endblock."""
    head, endblock, tail = THEME_BRIEFING.read_text(encoding="utf-8").rpartition("{% endblock %}")
    override = root / "templates" / "briefing.html"
    override.parent.mkdir(exist_ok=True)
    override.write_text(f"{head}<!-- bench {unique_mark()} -->\n{endblock}{tail}", encoding="utf-8")


REBUILDS: list[tuple[str, Callable[[Path], None]]] = [
    ("no-op rebuild", change_nothing),
    ("one seed edited", edit_seed),
    ("actors.toml edited", edit_actors),
    ("template edited", edit_template),
]
SEARCH_REBUILDS = [*REBUILDS, ("cold + search", start_cold), ("seed + search", edit_seed)]


# --- measuring ----------------------------------------------------------------


def snapshot(folder: Path) -> Snapshot:
    """(mtime_ns, size) of every file under `folder`, by path relative to it."""
    found: Snapshot = {}
    pending = [folder]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except FileNotFoundError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append(Path(entry.path))
            else:
                info = entry.stat(follow_symlinks=False)
                found[os.path.relpath(entry.path, folder)] = (info.st_mtime_ns, info.st_size)
    return found


def files_written(before: Snapshot, after: Snapshot) -> int:
    changed = sum(1 for path, stamp in after.items() if before.get(path) != stamp)
    return changed + len(before.keys() - after.keys())


def html_pages(files: Snapshot) -> int:
    return sum(1 for path in files if path.endswith(".html"))


@dataclass(frozen=True)
class Usage:
    wall: float
    cpu: float
    rss_kib: int
    messages: tuple[str, ...]


# Builds run with bytecode caching on, as a user's Python has it: with
# PYTHONDONTWRITEBYTECODE set (as in some sandboxes), every build would compile
# briefgen's own modules again, about 50 ms a process.
USER_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str], cwd: Path) -> Usage:
    """Wall and CPU seconds, peak RSS and stderr of one process.

    os.wait4 reaps the process; the RUSAGE_CHILDREN delta around it adds the
    CPU time of every descendant it waited for (the build's pool workers). On
    Linux wait4's ru_maxrss is already the largest of the process and its
    waited-for descendants.
    """
    with tempfile.TemporaryFile() as errors:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stderr=errors, env=USER_ENV)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        errors.seek(0)
        messages = errors.read().decode(errors="replace").splitlines()
    if status != 0:
        sys.exit("\n".join([*messages, f"{command[-3:]} failed in {cwd}"]))
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return Usage(wall, cpu, usage.ru_maxrss, tuple(messages))


def build_once(root: Path) -> Run:
    before = snapshot(root / "site")
    usage = timed(BUILD, root)
    after = snapshot(root / "site")
    written = files_written(before, after)
    return Run(usage.wall, usage.cpu, usage.rss_kib, written, html_pages(after), usage.messages)


def floor_once(root: Path) -> Run:
    out = root / "floor-output"
    usage = timed([sys.executable, "-c", FLOOR, "seeds", "site", str(out)], root)
    written = snapshot(out)
    set_aside(out)
    return Run(usage.wall, usage.cpu, usage.rss_kib, len(written), html_pages(written))


def measure(
    label: str, root: Path, runs: int, prepare: Callable[[Path], None], once: Callable[[Path], Run]
) -> Result:
    results = []
    for _ in range(runs):
        prepare(root)
        results.append(once(root))
    return Result(label, tuple(results))


def measure_with_floor(root: Path, runs: int) -> tuple[Result, Result]:
    """Cold builds and floor runs taken in turns, each floor right after its
    cold build (it copies the site that build wrote): a machine whose speed
    drifts over minutes skews both alike, not their ratio."""
    colds, floors = [], []
    for _ in range(runs):
        start_cold(root)
        colds.append(build_once(root))
        floors.append(floor_once(root))
    return Result("cold build", tuple(colds)), Result("floor (plain I/O)", tuple(floors))


def pair_ratios(cold: Result, floor: Result) -> list[float]:
    """Each cold build's wall time over the floor run taken right after it."""
    return [c.wall / f.wall for c, f in zip(cold.runs, floor.runs, strict=True)]


# --- reporting ----------------------------------------------------------------

HEADER = (
    f"  {'scenario':<20} {'wall s':>8} {'CPU s':>8} {'peak RSS MB':>12} "
    f"{'files written':>14} {'pages/s':>9} {'x floor':>8}  each run, wall s"
)


def result_line(result: Result, floor: float) -> str:
    return (
        f"  {result.label:<20} {result.wall:8.2f} {result.cpu:8.2f} {result.rss_mb:12.0f} "
        f"{result.written:14,} {result.pages / result.wall:9,.0f} {result.wall / floor:8.1f}  "
        + " ".join(f"{r.wall:.2f}" for r in result.runs)  # in order: a first run may differ
    )


def message_lines(result: Result, shown: set[str]) -> list[str]:
    """Stderr lines of the scenario's runs not yet shown for this N."""
    lines = []
    for message, count in result.messages().items():
        if message not in shown:
            shown.add(message)
            lines.append(f"      stderr ({count} of {len(result.runs)} runs): {message}")
    return lines


def per_page_line(cold: Result) -> str:
    return (
        f"  per page: cold build {cold.wall * 1000 / cold.pages:.2f} ms/page "
        f"({cold.cpu * 1000 / cold.pages:.2f} ms CPU), "
        f"peak RSS {cold.rss_mb * 1000 / cold.pages:.1f} MB per 1,000 pages"
    )


def ratio_line(cold: Result, floor: Result) -> str:
    ratios = pair_ratios(cold, floor)
    return (
        f"  cold / floor, run by run: {' '.join(f'{r:.1f}' for r in ratios)} "
        f"(median {statistics.median(ratios):.1f})"
    )


@dataclass(frozen=True)
class Row:
    size: int
    floor: Result
    results: tuple[Result, ...]


def summary(rows: list[Row]) -> list[str]:
    labels = ["floor", "cold", "no-op", "seed", "actors", "template", "cold+srch", "seed+srch"]
    lines = [
        f"{'N':>7} {'pages':>7} "
        + " ".join(f"{label + ' s':>10}" for label in labels)
        + f" {'cold ms/page':>13} {'RSS MB/1k pages':>16} {'peak RSS MB':>12}"
        + f" {'search RSS MB':>14}"
    ]
    for row in rows:
        cold = row.results[0]
        walls = [row.floor.wall] + [r.wall for r in row.results]
        builds = [r for r in row.results if "search" not in r.label]
        searches = [r for r in row.results if "search" in r.label]
        lines.append(
            f"{row.size:>7} {cold.pages:>7} "
            + " ".join(f"{w:10.2f}" for w in walls)
            + f" {cold.wall * 1000 / cold.pages:13.2f} {cold.rss_mb * 1000 / cold.pages:16.1f}"
            + f" {max(r.rss_mb for r in builds):12.0f}"
            + (f" {max(r.rss_mb for r in searches):14.0f}" if searches else "")
        )
    return lines


# --- main ---------------------------------------------------------------------


def bench(corpus: Path, size: int, runs: int, workdir: Path) -> Row:
    """One N's project in `workdir` (set aside when done, as cold builds leave their sites)."""
    root = workdir / f"n{size}"
    try:
        make_project(corpus, size, root)
        cold, floor = measure_with_floor(root, runs)
        files = len(snapshot(root / "site"))
        print(f"\nN = {size:,} seeds: {cold.pages:,} HTML pages, {files:,} files in site/")
        print(HEADER)
        shown: set[str] = set()
        results = [cold]
        for result in (floor, cold):
            print("\n".join([result_line(result, floor.wall), *message_lines(result, shown)]))
        for label, prepare in SEARCH_REBUILDS if pagefind_binary() else REBUILDS:
            if label == "cold + search":
                with_search(root)
            results.append(measure(label, root, runs, prepare, build_once))
            lines = [result_line(results[-1], floor.wall), *message_lines(results[-1], shown)]
            print("\n".join(lines), flush=True)
        print(per_page_line(cold), flush=True)
        print(ratio_line(cold, floor), flush=True)
        return Row(size, floor, tuple(results))
    finally:
        set_aside(root)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sizes", default="1000,5000,20000", help="seed counts, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs per scenario (median)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    cpus = os.cpu_count()
    analysis = "compiled by mypyc" if native.in_use() else "pure Python"
    print(
        f"briefgen build benchmark: {args.runs} runs per scenario, {cpus} CPUs, "
        f"bytecode cached, analysis {analysis}"
    )
    with tempfile.TemporaryDirectory(prefix="bench-build-") as workdir:
        rows = [bench(args.corpus, size, args.runs, Path(workdir)) for size in sizes]
    print("\nSummary (median wall seconds; RSS the largest peak of any one process)")
    print("\n".join(summary(rows)))


if __name__ == "__main__":
    main()
