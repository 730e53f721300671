"""What changed since the last build, found before the pipeline is imported.

Against the last build's record (record.py): each seed's digest now (a stat
per seed; only a seed whose stamp moved is read) and site/ as it is (the scout,
on the other core). When nothing changed, `briefgen build` reports the record
and stops without importing the analysis or Jinja, which take longer to load
than the rest of such a build.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.config import Config, check_output_dir
from briefgen.output import WriteReport
from briefgen.record import BuildRecord, fingerprint, load_record
from briefgen.report import BuildReport
from briefgen.scout import Scout
from briefgen.seeds import SeedNames, SeedStamp, read_seed, seed_entries, unchanged_seed


@dataclass
class Changes:
    """The last build's record, when it was made with the current settings,
    and what differs from it."""

    settings: str  # the fingerprint of everything but the seeds (record.fingerprint)
    started: float  # when the check began (time.perf_counter): the build's start
    record: BuildRecord | None = None
    scout: Scout | None = None  # site/ against the record's manifest
    digests: dict[str, str | None] = field(default_factory=dict)  # None: cannot be read
    trusted: dict[str, SeedStamp] = field(default_factory=dict)  # digests to trust unread

    def nothing(self) -> bool:
        """The seeds are the recorded ones and site/ is as the record left it."""
        if self.record is None or self.scout is None or self.digests != self.record.seeds:
            return False
        return self.scout.site_matches()

    def seed_files(self, config: Config) -> set[Path]:
        """The seed files created, edited or deleted since the recorded build."""
        if self.record is None:
            return set()
        seeds = self.record.seeds
        changed = {r for r, d in self.digests.items() if d is None or seeds.get(r) != d}
        changed |= seeds.keys() - self.digests.keys()
        return {config.seeds_dir / r for r in changed}

    def report(self) -> BuildReport:
        """The report of a build that found nothing to do: the record's."""
        assert self.record is not None
        record = self.record
        return BuildReport(
            briefings=len(record.xref.ordered),
            pages=sum(1 for p in record.manifest if p.endswith(".html")),
            write=WriteReport((), len(record.manifest), ()),
            warnings=list(record.warnings),
            seconds=time.perf_counter() - self.started,
        )

    def stop(self) -> None:
        """The scout's answers are no longer wanted."""
        if self.scout is not None:
            self.scout.stop()


def since_last_build(config: Config) -> Changes:
    """The changes since the recorded build; with no record that fits, none
    are known (the build is a full one). The caller stops the result."""
    started = time.perf_counter()
    check_output_dir(config)
    settings = fingerprint(config)
    record = load_record(config, settings)
    if record is None:
        return Changes(settings, started)
    # site/ walked on the other core while the seeds are looked at (and the cache loads)
    scout = Scout.start(config.output_dir, record.manifest, record.folders)
    try:
        digests, trusted = _seed_digests(config, record)
    except BaseException:
        scout.stop()
        raise
    return Changes(settings, started, record, scout, digests, trusted)


def _seed_digests(
    config: Config, record: BuildRecord
) -> tuple[dict[str, str | None], dict[str, SeedStamp]]:
    """Every seed's digest by path relative to seeds/, None where it cannot be
    read; and the stamps of the seeds whose digests can be trusted unread. A
    seed with its recorded stamp is not read again."""
    names = SeedNames(config)
    now: dict[str, str | None] = {}
    trusted: dict[str, SeedStamp] = {}
    for entry in seed_entries(names.seeds_dir):
        relative = names.relative(entry.path)
        recorded = record.seed_stamps.get(relative)
        if recorded is not None and unchanged_seed(entry, recorded):
            now[relative], trusted[relative] = record.seeds[relative], recorded
            continue
        file = read_seed(names, Path(entry.path), [])
        # a seed that cannot be read (or leads out of seeds/) counts as changed
        now[relative] = file.digest if file else None
        if file is not None and file.stamp is not None:
            trusted[relative] = file.stamp
    return now, trusted
