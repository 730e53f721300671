"""Render a whole site on every core, for `briefgen build`.

Rendering needs the whole site (related lists, actor pages), so workers are
forked: each starts with the site and the compiled templates already in memory,
renders its share of the pages into the staging folder and sends back only
what it staged. Forking is safe only without threads, so `briefgen serve`
(watcher, server) renders in its own process, as do small sites.
"""

from __future__ import annotations

import os
import posixpath
import zlib

from briefgen.errors import Problem
from briefgen.output import Staging
from briefgen.processes import cores, die_with, fork_safe, pool_failures, process_pool
from briefgen.render import Renderer, TemplateProblem
from briefgen.site import Site, render_site

# Forking and collecting cost a few tens of milliseconds; below this, one process.
FORK_MIN_PAGES = 1000

_JOB: tuple[Site, Renderer, Staging, int] | None = None


def can_fork(pages: int) -> bool:
    return pages >= FORK_MIN_PAGES and cores() > 1 and fork_safe()


def render_forked(site: Site, renderer: Renderer, staging: Staging) -> list[TemplateProblem] | None:
    """Every page rendered into `staging` by one forked worker per core; the
    template problems found. None if no worker could start (render here then)."""
    global _JOB
    workers = cores()
    _JOB = (site, renderer, staging, workers)
    try:
        with process_pool(workers, "fork", die_with, (os.getpid(),)) as pool:
            shares = list(pool.map(_render_share, range(workers)))
    except pool_failures():
        return None
    finally:
        _JOB = None
    problems: dict[str, Problem] = {}
    for share, found in shares:
        staging.take(share)
        for problem in found:
            problems.setdefault(str(problem), problem)
    return [TemplateProblem(p) for p in problems.values()]


def _render_share(index: int) -> tuple[Staging, list[Problem]]:
    assert _JOB is not None
    site, renderer, staging, workers = _JOB
    share = staging.share()
    # by folder: a briefing's two files go to one worker, which alone makes their folder
    mine = lambda path: zlib.crc32(posixpath.dirname(path).encode()) % workers == index  # noqa: E731
    problems = render_site(site, renderer, share.add, mine)
    return share, [t.problem for t in problems]
