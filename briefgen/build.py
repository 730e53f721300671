"""One build: gather every input, report every problem at once, then write.

Nothing is written unless the whole site rendered: a failed build leaves the
previous site/ exactly as it was.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.actors import ActorRegistry, load_registry
from briefgen.briefing import Analyser, Briefing
from briefgen.cache import CACHE_DIR, AnalysisCache, Entry, digest, open_cache, save_cache
from briefgen.config import Config
from briefgen.crossref import cross_reference
from briefgen.errors import Abort, Problem, SeedError, display_path
from briefgen.incremental import affected_paths
from briefgen.output import WriteReport, write_paths, write_tree
from briefgen.parse import SEED_SUFFIXES, parse_bytes
from briefgen.places import load_gazetteer
from briefgen.render import Renderer
from briefgen.site import OutputCollision, Site, page_paths, render_site


@dataclass(frozen=True)
class Snapshot:
    """A build kept in memory by `briefgen serve`, for the next incremental one."""

    site: Site
    files: dict[str, bytes]
    renderer: Renderer


@dataclass
class BuildReport:
    briefings: int = 0
    pages: int = 0
    write: WriteReport | None = None
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    rendered: int = 0
    snapshot: Snapshot | None = None


def build(config: Config, previous: Snapshot | None = None) -> BuildReport:
    """Build the site into config.output_dir; raise Abort listing every problem.

    With `previous` (same config, registry and templates), only the pages the
    change table says may differ are rendered and compared with site/.
    """
    started = time.perf_counter()
    report = BuildReport()
    _check_output_dir(config)
    snapshot, selected = gather_snapshot(config, report, previous)
    if selected is None or previous is None:
        report.write = write_tree(config.output_dir, snapshot.files)
    else:
        removed = set(previous.files) - set(snapshot.files)
        report.write = write_paths(config.output_dir, snapshot.files, selected, removed)
    report.pages = sum(1 for p in snapshot.files if p.endswith(".html"))
    report.snapshot = snapshot
    report.seconds = time.perf_counter() - started
    return report


def analyse_project(
    config: Config, warnings: list[Problem]
) -> tuple[ActorRegistry, dict[str, Briefing]]:
    """The registry and every seed's Briefing by slug, or Abort with every problem.

    Seeds whose bytes are unchanged since the last build come from the cache.
    """
    problems: list[Problem] = []
    registry = _load_registry(config, problems)
    notices: list[str] = []
    cache = open_cache(config, registry, notices)
    warnings.extend(Problem(CACHE_DIR, n, warning=True) for n in notices)
    analyser = Analyser.build(
        registry,
        load_gazetteer(),
        key_points=config.summary.key_points,
        words_per_minute=config.summary.words_per_minute,
        lead_sentences=config.summary.sentences,
    )
    briefings: dict[str, Briefing] = {}
    owners: dict[str, str] = {}
    seen: set[str] = set()
    seeds_root = config.seeds_dir.resolve()
    for path in find_seeds(config.seeds_dir):
        shown = _shown(path, seeds_root, config)
        entry = _analysed(path, config.seeds_dir, shown, analyser, cache, problems)
        if entry is None:
            continue
        seen.add(entry.result.article.source_file)
        warnings.extend(
            Problem(shown, w.message, w.line, warning=True) for w in entry.result.warnings
        )
        slug = entry.briefing.slug
        if slug in owners:
            problems.append(
                Problem(
                    shown,
                    f"slug '{slug}' is already used by {owners[slug]}; "
                    "set a different `slug` in front matter or change the title",
                )
            )
            continue
        owners[slug] = shown
        briefings[slug] = entry.briefing
    if problems:
        raise Abort(problems + warnings)
    cache.prune(seen)
    save_cache(config, cache)
    return registry, briefings


def _shown(path: Path, seeds_root: Path, config: Config) -> str:
    """The seed's path as the user sees it (relative to the project), cheaply."""
    try:
        return (seeds_root.relative_to(config.root) / path.relative_to(seeds_root)).as_posix()
    except ValueError:
        return display_path(path, config.root)


def _analysed(
    path: Path,
    seeds_dir: Path,
    shown: str,
    analyser: Analyser,
    cache: AnalysisCache,
    problems: list[Problem],
) -> Entry | None:
    """A seed's parse result and Briefing: from the cache, or made now."""
    if not path.resolve().is_relative_to(seeds_dir):
        problems.append(Problem(shown, "symlink to a file outside the seeds folder; refused"))
        return None
    relative = path.relative_to(seeds_dir).as_posix()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(shown, f"cannot read: {exc.strerror or exc}"))
        return None
    key = digest(raw)
    entry = cache.get(relative, key)
    if entry is not None:
        return entry
    try:
        result = parse_bytes(raw, relative)
    except SeedError as exc:
        problems.append(Problem(shown, exc.message, exc.line))
        return None
    try:
        briefing = analyser.analyse(result.article)
    except Exception as exc:  # a bug must name the seed that triggers it, not crash the build
        problems.append(Problem(shown, f"internal error while analysing ({exc!r}); please report"))
        return None
    entry = Entry(key, result, briefing)
    cache.put(relative, entry)
    return entry


def gather(config: Config, report: BuildReport) -> dict[str, bytes]:
    """Every output file in memory, or Abort with every problem found."""
    return gather_snapshot(config, report, None)[0].files


def gather_snapshot(
    config: Config, report: BuildReport, previous: Snapshot | None
) -> tuple[Snapshot, set[str] | None]:
    """The new site in memory and the paths rendered anew (None: all of them)."""
    registry, briefings = analyse_project(config, report.warnings)
    xref = cross_reference(list(briefings.values()), config.build.related, config.build.co_actors)
    site = Site(config, registry, briefings, xref)
    # the previous build's Jinja environment keeps its compiled templates
    renderer = previous.renderer if previous is not None else Renderer(config)
    selected = affected_paths(previous.site, site) if previous is not None else None
    try:
        if selected is None or previous is None:
            files, template_problems = render_site(site, renderer)
        else:
            every = page_paths(site, renderer)
            selected |= {p for p in every if p not in previous.files}
            files, template_problems = render_site(site, renderer, selected.__contains__)
            files.update({p: previous.files[p] for p in every if p not in files})
            files = {p: files[p] for p in sorted(every)}
    except OutputCollision as exc:
        raise Abort(f"two pages would be written to site/{exc}") from None
    if template_problems:
        raise Abort([t.problem for t in template_problems] + report.warnings)
    report.briefings = len(briefings)
    report.rendered = len(selected) if selected is not None else len(files)
    return Snapshot(site, files, renderer), selected


def _load_registry(config: Config, problems: list[Problem]) -> ActorRegistry:
    try:
        return load_registry(config.actors_file)
    except Abort as exc:
        problems.extend(exc.problems)
        return ActorRegistry()


def find_seeds(seeds_dir: Path) -> list[Path]:
    """Seed files under seeds_dir, sorted; hidden files and editor droppings skipped."""
    if not seeds_dir.is_dir():
        raise Abort([Problem(display_path(seeds_dir), "seeds folder not found")])
    return sorted(
        p
        for p in seeds_dir.rglob("*")
        if p.suffix.lower() in SEED_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(seeds_dir).parts)
        and not p.name.endswith("~")
        and p.is_file()
    )


def _check_output_dir(config: Config) -> None:
    """Refuse an output folder that would delete the project's own files."""
    output = config.output_dir
    protected = [config.root, config.seeds_dir, config.templates_dir]
    for path in protected:
        if output == path or path.is_relative_to(output):
            raise Abort(
                [
                    Problem(
                        "config",
                        f"output folder {display_path(output)} would overwrite "
                        f"{display_path(path)}; choose a separate folder such as 'site'",
                    )
                ]
            )
