"""One build: gather every input, report every problem at once, then write.

Nothing is written unless the whole site rendered: a failed build leaves the
previous site/ exactly as it was.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from briefgen.actors import ActorRegistry, load_registry
from briefgen.briefing import Analyser, Briefing
from briefgen.cache import (
    AnalysisCache,
    Entry,
    cache_writer,
    open_cache,
    save_cache,
)
from briefgen.changes import Changes, since_last_build
from briefgen.compact import Compact
from briefgen.config import CACHE_DIR, Config, check_output_dir
from briefgen.crossref import cross_reference, update_cross_reference
from briefgen.errors import Abort, Problem, display_path
from briefgen.forked import can_fork, render_forked
from briefgen.heap import long_lived
from briefgen.incremental import affected_paths, edited_pages, with_new_pages
from briefgen.output import (
    Collected,
    Staging,
    Stamp,
    WriteReport,
    folder_mtimes,
    remove_files,
    stamps,
    write_files,
)
from briefgen.pagefind import ENTRY, NO_INDEX, SearchError, SearchIndex
from briefgen.pool import Outcome, Work, analyse_all, make_analyser
from briefgen.processes import fork_safe, in_child
from briefgen.record import BuildRecord, fingerprint, save_record
from briefgen.render import Renderer, TemplateProblem
from briefgen.report import BuildReport
from briefgen.scout import Scout
from briefgen.search import NO_PAGEFIND, remake, search_binary
from briefgen.seeds import (
    SeedFile,
    SeedNames,
    SeedStamp,
    find_seeds,
    is_seed,
    read_seeds,
    seed_order,
)
from briefgen.site import Emit, OutputCollision, Pieces, Site, page_paths, render_site
from briefgen.xref import CrossReference

# Below this many seeds, writing the cache here is quicker than forking a writer.
BACKGROUND_CACHE_MIN_SEEDS = 300


@dataclass(frozen=True, slots=True)
class Seed(Compact):
    """One seed as analysed: how it is shown, its cache entry."""

    shown: str
    entry: Entry
    stamp: SeedStamp | None = None  # when its digest can be trusted unread next time


@dataclass(frozen=True)
class Analysis:
    registry: ActorRegistry
    analyser: Analyser
    seeds: dict[str, Seed]  # by path relative to the seeds folder
    briefings: dict[str, Briefing]  # by slug
    pieces: dict[str, Pieces]  # by slug
    cache: AnalysisCache


@dataclass(frozen=True)
class Snapshot:
    """A build as kept for the next incremental one: in memory by `briefgen
    serve`, on disk (record.py) between two `briefgen build`s."""

    site: Site
    renderer: Renderer
    analysis: Analysis
    fingerprint: str  # the settings it was built with
    manifest: dict[str, Stamp]  # every file it left in site/
    search: SearchIndex = NO_INDEX  # the search index it left in site/

    def paths(self) -> set[str]:
        return set(self.manifest)


@dataclass(frozen=True)
class Rendered:
    """A site rendered: the paths rendered anew (staged where they differ from
    site/), and the path of every file."""

    site: Site
    renderer: Renderer
    fresh: set[str]  # rendered by this build; the rest kept from the previous one
    paths: set[str]
    selected: set[str] | None  # what the change table picked; None: everything
    search: SearchIndex = NO_INDEX


# Called with the paths written first (the edited briefings' pages), before the rest.
FirstWrite = Callable[[WriteReport], None]


def build(
    config: Config,
    previous: Snapshot | None = None,
    changed: Collection[Path] | None = None,
    first: FirstWrite | None = None,
    save: bool = True,
    superseded: Callable[[], bool] = lambda: False,
    snapshot: bool = True,
    swap: bool = True,
    kept_search: SearchIndex | None = None,
    since: Changes | None = None,
) -> BuildReport:
    """Build the site into config.output_dir; raise Abort listing every problem.

    With `previous` (same config, registry and templates), only the pages the
    change table says may differ are rendered and compared with site/; with
    `changed` too (the seed files created, edited or deleted since `previous`),
    only those seeds are read again. Without them, the last build's record
    plays `previous` when it still fits. `first` gets the edited briefings' own
    pages as soon as they are written, before the rest is rendered; after that,
    `superseded()` turning true stops the build (Superseded) before it writes more.
    Without `snapshot`, a build that finds nothing changed returns at once.
    Without `swap`, changed files are moved into site/ one by one instead of the
    whole site being swapped in at once (see Staging.publish). With
    `kept_search`, that search index in site/ is kept as it is (the preview
    makes it later); without, it is made again when its records changed.
    `since` is what since_last_build found, when the caller asked first (the
    build's time counts from then).
    """
    report = BuildReport()
    if previous is None:
        since = since or since_last_build(config)
        settings, started = since.settings, since.started
    else:
        since, started = None, time.perf_counter()
        check_output_dir(config)
        # with `previous` and `changed`, the settings are the previous build's (see above)
        settings = previous.fingerprint if changed is not None else fingerprint(config)
    try:
        scout = None
        if since is not None and since.record is not None:
            if not snapshot and since.nothing():
                return since.report()
            previous = _recorded(config, since.record, report.warnings, since.trusted)
            if previous is not None and since.scout is not None and since.scout.site_matches():
                scout, changed = since.scout, since.seed_files(config)
            else:  # not as recorded: a full build
                since.stop()
                previous = None
        analysis = analyse_project(config, report.warnings, previous, changed)
        saved = _start_cache_write(config, analysis.cache) if save else _done

        def first_write(write: WriteReport) -> None:
            report.first = write
            if first is not None:
                first(write)

        try:
            staging = Staging(config.output_dir)
            rendered = gather_site(
                config,
                report.warnings,
                previous,
                analysis,
                staging,
                first_write if first else None,
                superseded,
                kept_search,
            )
            report.write = _publish(staging, rendered, previous, scout, swap)
        except BaseException as exc:
            Staging.clear(config.output_dir)  # its tree may be what went wrong: start afresh
            saved()  # the analysis is good whatever went wrong with the site
            if isinstance(exc, OSError):  # a folder that cannot be made or written: no traceback
                raise _unwritable(config, exc) from None
            raise
        saved()
        report.briefings = len(analysis.briefings)
        report.rendered = len(rendered.fresh)
        report.pages = sum(1 for p in rendered.paths if p.endswith(".html"))
        report.snapshot = _snapshot(config, rendered, analysis, settings, previous, staging)
        if save:
            save_record(config, _record(report.snapshot))
        report.seconds = time.perf_counter() - started
        return report
    finally:
        if since is not None:
            since.stop()


def _unwritable(config: Config, error: OSError) -> Abort:
    where = Path(error.filename) if error.filename else config.output_dir
    return Abort(
        [Problem(display_path(where), f"cannot build the site: {error.strerror or error}")]
    )


def _publish(
    staging: Staging,
    rendered: Rendered,
    previous: Snapshot | None,
    scout: Scout | None,
    swap: bool,
) -> WriteReport:
    """The staged site published: whole, or as the change table's changes to
    `previous` (site/ and the kept tree as the scout knows them, when it does)."""
    if rendered.selected is None or previous is None:
        return staging.publish(keep=rendered.paths, swap=swap)
    removed = previous.paths() - rendered.paths
    if scout is None:
        return staging.publish(removed=removed, swap=swap)
    return staging.publish(
        removed=removed, swap=swap, published=scout.published, held=scout.kept_tree()
    )


def _snapshot(
    config: Config,
    rendered: Rendered,
    analysis: Analysis,
    settings: str,
    previous: Snapshot | None,
    staging: Staging,
) -> Snapshot:
    """The build as it left site/: files staged have their stamps from when
    they were written, files kept from `previous` unrendered keep theirs, the
    rest are read."""
    manifest = {p: stamp for p, stamp in staging.staged.items() if p in rendered.paths}
    if previous is not None and rendered.selected is not None:
        kept = rendered.paths - rendered.fresh
        manifest |= {p: previous.manifest[p] for p in kept if p in previous.manifest}
    manifest |= stamps(config.output_dir, rendered.paths - manifest.keys())
    return Snapshot(rendered.site, rendered.renderer, analysis, settings, manifest, rendered.search)


def _record(snapshot: Snapshot) -> BuildRecord:
    analysis = snapshot.analysis
    return BuildRecord(
        snapshot.fingerprint,
        {relative: seed.entry.digest for relative, seed in analysis.seeds.items()},
        {relative: seed.stamp for relative, seed in analysis.seeds.items() if seed.stamp},
        snapshot.site.xref,
        snapshot.manifest,
        tuple(_seed_warnings(analysis.seeds)),
        folder_mtimes(snapshot.site.config.output_dir, snapshot.manifest),
        snapshot.search,
    )


def save_build(config: Config, snapshot: Snapshot) -> None:
    """The cache and the record of this build, for the next process."""
    save_cache(config, snapshot.analysis.cache)
    save_record(config, _record(snapshot))


def _done() -> None:
    pass


def _start_cache_write(config: Config, cache: AnalysisCache) -> Callable[[], None]:
    """Start writing the cache; call the result to wait until it is written. A
    big cache is pickled and written by a forked child while the site renders."""
    write = cache_writer(config, cache)
    if write is None:
        return _done
    if len(cache.entries) < BACKGROUND_CACHE_MIN_SEEDS or not fork_safe():
        write()
        return _done
    return in_child(write)


def _recorded(
    config: Config,
    record: BuildRecord,
    warnings: list[Problem],
    seed_stamps: dict[str, SeedStamp],
) -> Snapshot | None:
    """The recorded build as a Snapshot, its seeds with their current stamps;
    None when the cache no longer holds what that build analysed."""
    registry = _load_registry(config, [])
    analyser = make_analyser(config, registry)
    cache = _open_cache(config, analyser, warnings)
    names = SeedNames(config)
    seeds: dict[str, Seed] = {}
    for relative, sha in record.seeds.items():
        entry = cache.entries.get(relative)
        if entry is None or entry.digest != sha:
            return None
        seeds[relative] = Seed(names.shown(relative), entry, seed_stamps.get(relative))
    entries = {seed.entry.briefing.slug: seed.entry for seed in seeds.values()}
    analysis = _analysis(registry, analyser, seeds, entries, cache)
    site = _site(config, analysis, record.xref)
    return Snapshot(
        site, Renderer(config), analysis, record.fingerprint, record.manifest, record.search
    )


def analyse_project(
    config: Config,
    warnings: list[Problem],
    previous: Snapshot | None = None,
    changed: Collection[Path] | None = None,
) -> Analysis:
    """The registry and every seed analysed, or Abort with every problem.

    Seeds whose bytes are unchanged since the last build come from the cache;
    with `previous` and `changed`, only the changed seed files are looked at.
    """
    problems: list[Problem] = []
    if previous is not None and changed is not None:
        registry, analyser = previous.analysis.registry, previous.analysis.analyser
    else:
        registry = _load_registry(config, problems)
        analyser = make_analyser(config, registry)
    cache = _open_cache(config, analyser, warnings)
    if previous is not None and changed is not None:
        seeds = _update_seeds(config, previous.analysis.seeds, changed, analyser, cache, problems)
    else:
        seeds = _analysed_seeds(config, find_seeds(config.seeds_dir), analyser, cache, problems)
    entries = _by_slug(seeds, warnings, problems)
    if problems:
        raise Abort(problems + warnings)
    cache.prune(set(seeds))
    return _analysis(registry, analyser, seeds, entries, cache)


def _open_cache(config: Config, analyser: Analyser, warnings: list[Problem]) -> AnalysisCache:
    """The analysis cache; its notices (a damaged file discarded) become warnings."""
    notices: list[str] = []
    cache = open_cache(config, analyser, notices)
    warnings.extend(Problem(CACHE_DIR, n, warning=True) for n in notices)
    return cache


def _analysis(
    registry: ActorRegistry,
    analyser: Analyser,
    seeds: dict[str, Seed],
    entries: dict[str, Entry],
    cache: AnalysisCache,
) -> Analysis:
    briefings = {slug: e.briefing for slug, e in entries.items()}
    pieces = {slug: Pieces(e.front_matter, e.read.body_html) for slug, e in entries.items()}
    return Analysis(registry, analyser, seeds, briefings, pieces, cache)


def _analysed_seeds(
    config: Config,
    paths: Iterable[Path],
    analyser: Analyser,
    cache: AnalysisCache,
    problems: list[Problem],
) -> dict[str, Seed]:
    """Seeds by path relative to seeds/, in `paths` order: cached entries as they
    are, the rest analysed (on every core when there are many)."""
    files = read_seeds(config, paths, problems)
    entries = {f.relative: cache.get(f.relative, f.digest) for f in files}
    missing = [f for f in files if entries[f.relative] is None]
    work = [_work(f, cache) for f in missing]
    outcomes = analyse_all(work, analyser, config)
    for file, outcome in zip(missing, outcomes, strict=True):
        entry = entries[file.relative] = _entry(outcome, file, problems)
        if entry is not None:
            cache.put(file.relative, entry)
    return {
        f.relative: Seed(f.shown, entry, f.stamp)
        for f in files
        if (entry := entries[f.relative]) is not None
    }


def _update_seeds(
    config: Config,
    before: dict[str, Seed],
    changed: Collection[Path],
    analyser: Analyser,
    cache: AnalysisCache,
    problems: list[Problem],
) -> dict[str, Seed]:
    """The previous seeds with the changed files read again (or dropped if gone)."""
    names = SeedNames(config)
    inside = [p for p in changed if p.is_relative_to(names.seeds_dir)]
    seeds = dict(before)
    for path in inside:
        seeds.pop(names.relative(path), None)
    present = [p for p in inside if is_seed(p, names.seeds_dir)]
    seeds.update(_analysed_seeds(config, present, analyser, cache, problems))
    if seeds.keys() <= before.keys():
        return {k: seeds[k] for k in before if k in seeds}  # same order, no sort
    return dict(sorted(seeds.items(), key=lambda item: seed_order(item[0])))


def _by_slug(
    seeds: dict[str, Seed], warnings: list[Problem], problems: list[Problem]
) -> dict[str, Entry]:
    """Entries by slug, in seed order; a slug two seeds claim is a problem."""
    briefings: dict[str, Entry] = {}
    owners: dict[str, str] = {}
    warnings.extend(_seed_warnings(seeds))
    for seed in seeds.values():
        slug = seed.entry.briefing.slug
        if slug in owners:
            problems.append(
                Problem(
                    seed.shown,
                    f"slug '{slug}' is already used by {owners[slug]}; "
                    "set a different `slug` in front matter or change the title",
                )
            )
            continue
        owners[slug] = seed.shown
        briefings[slug] = seed.entry
    return briefings


def _seed_warnings(seeds: dict[str, Seed]) -> Iterator[Problem]:
    for seed in seeds.values():
        for w in seed.entry.result.warnings:
            yield Problem(seed.shown, w.message, w.line, warning=True)


def _work(file: SeedFile, cache: AnalysisCache) -> Work:
    """The seed to analyse; its bytes are not shipped when the text tier is cached."""
    read = cache.get_text(file.relative, file.digest)
    return Work(None if read else file.raw, file.relative, file.digest, read)


def _entry(outcome: Outcome, file: SeedFile, problems: list[Problem]) -> Entry | None:
    entry = outcome.entry()
    if entry is None:
        problems.append(Problem(file.shown, outcome.error or "cannot be analysed", outcome.line))
    return entry


def gather(config: Config, report: BuildReport) -> dict[str, bytes]:
    """Every output file in memory, or Abort with every problem found."""
    analysis = analyse_project(config, report.warnings)
    collected = Collected()
    gather_site(config, report.warnings, None, analysis, collected)
    return collected.files


def gather_site(
    config: Config,
    warnings: list[Problem],
    previous: Snapshot | None,
    analysis: Analysis,
    out: Staging | Collected,
    first: FirstWrite | None = None,
    superseded: Callable[[], bool] = lambda: False,
    kept_search: SearchIndex | None = None,
) -> Rendered:
    """The new site rendered into `out`: every page, or with `previous` the
    pages the change table picks (and any page `previous` did not have), then
    the search index (made, or `kept_search` kept). A whole site going to a
    staging folder may be rendered by forked workers."""
    site = _site(config, analysis, _cross_reference(config, analysis, previous))
    # the previous build's Jinja environment keeps its compiled templates
    renderer = previous.renderer if previous is not None else Renderer(config)
    selected = affected_paths(previous.site, site) if previous is not None else None
    paths = page_paths(site, renderer)
    try:
        if selected is None or previous is None:
            forked = None
            if isinstance(out, Staging) and can_fork(len(paths)):
                forked = render_forked(site, renderer, out)
            template_problems = render_site(site, renderer, out.add) if forked is None else forked
        else:
            selected = with_new_pages(selected, previous.paths(), paths)
            template_problems = _render_changes(
                site, renderer, out.add, previous, selected, first, superseded
            )
    except OutputCollision as exc:
        raise Abort(f"two pages would be written to site/{exc}") from None
    if template_problems:
        raise Abort([t.problem for t in template_problems] + warnings)
    index = _search_index(site, previous, out, kept_search, warnings)
    return Rendered(site, renderer, set(out.rendered), paths | index.files, selected, index)


def _search_index(
    site: Site,
    previous: Snapshot | None,
    out: Staging | Collected,
    kept: SearchIndex | None,
    warnings: list[Problem],
) -> SearchIndex:
    """The search index: `kept` as it is, the previous one when its records are
    the same, or made again (its unchanged files staged as unchanged)."""
    binary = search_binary(site)
    if binary is None:
        if "search" in site.config.build.sections:
            warnings.append(_search_problem(site.config, NO_PAGEFIND))
        return NO_INDEX
    if kept is not None:
        return kept
    made = previous.search if previous is not None else NO_INDEX
    try:
        update = remake(site, made, binary)
    except SearchError as exc:
        warnings.append(_search_problem(site.config, exc))
        return NO_INDEX
    if update is None:
        return made
    index, files = update
    for path, data in files.items():
        out.add(path, data)
    return index


def _search_problem(config: Config, why: SearchError | str) -> Problem:
    shown = display_path(config.file) if config.file else "config.toml"
    return Problem(shown, f"search index not made: {why}", warning=True)


def remade_search(snapshot: Snapshot) -> tuple[SearchIndex, dict[str, bytes]] | None:
    """The snapshot's search index made again, when its records changed since
    the index in site/ was made (the preview's: off the rebuild's path)."""
    binary = search_binary(snapshot.site)
    return remake(snapshot.site, snapshot.search, binary) if binary is not None else None


def publish_search(
    snapshot: Snapshot, index: SearchIndex, files: dict[str, bytes]
) -> tuple[Snapshot, WriteReport]:
    """The new index's changed files written into site/ (each atomically), the
    entry files of its shards last: a search running meanwhile finds each shard
    old or new, whole. Then the old one's other files removed; the snapshot
    that says so."""
    output = snapshot.site.config.output_dir
    entry = {p: d for p, d in files.items() if p.endswith("/" + ENTRY)}
    parts = write_files(output, {p: d for p, d in files.items() if p not in entry})
    last = write_files(output, entry)
    written = parts.written + last.written
    gone = snapshot.search.files - index.files
    removed = remove_files(output, gone)
    manifest = {p: s for p, s in snapshot.manifest.items() if p not in gone}
    manifest |= stamps(output, set(written))
    report = WriteReport(written, parts.unchanged + last.unchanged, tuple(removed))
    return replace(snapshot, manifest=manifest, search=index), report


def _site(config: Config, analysis: Analysis, xref: CrossReference) -> Site:
    places = analysis.analyser.gazetteer.places
    return Site(config, analysis.registry, analysis.briefings, xref, analysis.pieces, places)


def _cross_reference(
    config: Config, analysis: Analysis, previous: Snapshot | None
) -> CrossReference:
    related, co_actors = config.build.related, config.build.co_actors
    if previous is None:
        with long_lived():
            return cross_reference(list(analysis.briefings.values()), related, co_actors)
    old = previous.site
    return update_cross_reference(old.xref, old.briefings, analysis.briefings, related, co_actors)


def _render_changes(
    site: Site,
    renderer: Renderer,
    emit: Emit,
    previous: Snapshot,
    selected: set[str],
    first: FirstWrite | None,
    superseded: Callable[[], bool],
) -> list[TemplateProblem]:
    """The selected pages rendered; the edited briefings' own pages rendered and
    written (handed to `first`) before anything else."""
    done: set[str] = set()
    if first is not None:
        edited = edited_pages(previous.site, site) & selected
        files: dict[str, bytes] = {}
        problems = render_site(site, renderer, files.__setitem__, edited.__contains__)
        if problems:
            return problems
        first(write_files(site.config.output_dir, files))
        for path, data in files.items():
            emit(path, data)  # the same bytes as site/ now: counted as rendered, not staged
        done = set(files)
    return render_site(site, renderer, emit, lambda p: p in selected and p not in done, superseded)


def _load_registry(config: Config, problems: list[Problem]) -> ActorRegistry:
    try:
        return load_registry(config.actors_file)
    except Abort as exc:
        problems.extend(exc.problems)
        return ActorRegistry()
