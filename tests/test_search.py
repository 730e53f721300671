"""Search (issue 8): a Pagefind index of the briefings and actors, and the search page."""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from briefgen import output, pagefind, search
from briefgen.build import build, gather
from briefgen.cache import forget_in_memory
from briefgen.config import load_config
from briefgen.pagefind import (
    ENTRY,
    INDEX,
    Record,
    SearchError,
    index_files,
    pagefind_binary,
    shard_count,
    shard_folders,
    shard_number,
)
from briefgen.preview import Preview
from briefgen.report import BuildReport
from briefgen.search import digest, digests, records, shards
from briefgen.site import Site, actor_url, briefing_url, search_folders
from briefgen.watch import Change

from .browser import Server, built_and_served, serving
from .conftest import FIXTURES
from .golden import tree

MOSUL = "syria-iraqs-popular-mobilisation-ready-to-fight-for-assad"
BRIEFINGS_INDEX = INDEX + "briefings-0/"  # the fixture's: one shard of briefings


def built_site(project: Path) -> Site:
    report = build(load_config(project / "config.toml"))
    assert report.snapshot is not None
    return report.snapshot.site


def index_part(files: dict[str, bytes]) -> dict[str, bytes]:
    """The search index's files among a site's."""
    return {path: data for path, data in files.items() if path.startswith(INDEX)}


def index_of(site: Path) -> dict[str, bytes]:
    return index_part(tree(site))


def binary() -> Path:
    found = pagefind_binary()
    assert found is not None, 'pagefind is missing: pip install -e ".[dev,search]"'
    return found


def fake_pagefind(folder: Path, script: str) -> Path:
    path = folder / "pagefind"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


# ---- records ----


def test_a_record_per_briefing_and_registry_actor(fixture_project: Path) -> None:
    site = built_site(fixture_project)
    found = {r.url: r for r in records(site)}
    briefings = {briefing_url(slug) for slug in site.briefings}
    actors = {actor_url(a.slug) for a in site.registry.actors}
    assert found.keys() == briefings | actors
    mosul = found[briefing_url(MOSUL)]
    briefing = site.briefings[MOSUL]
    assert (mosul.title, mosul.kind, mosul.date) == (briefing.title, "Briefing", "30 October 2016")
    assert mosul.summary == briefing.bottom_line
    assert all(p in mosul.content for p in briefing.article.paragraphs)
    blair = found[actor_url("tony-blair")]
    assert blair.title == "Tony Blair" and blair.kind == "Person" and blair.date == ""
    assert blair.summary.endswith("Named in 2 briefings.")
    assert found[actor_url("popular-mobilisation-units")].kind == "Militia"
    assert found[actor_url("islamic-state")].kind == "Armed group"


def test_the_digest_follows_every_field(fixture_project: Path) -> None:
    found = records(built_site(fixture_project))
    before = digest(found)
    assert digest(list(found)) == before
    for name in ("url", "title", "kind", "date", "summary", "content"):
        changed = [dataclasses.replace(found[0], **{name: "other"}), *found[1:]]
        assert digest(changed) != before, name
    assert digest(found[::-1]) != before


# ---- the index ----


def test_the_index_is_pagefinds_and_the_same_for_the_same_records(fixture_project: Path) -> None:
    found = records(built_site(fixture_project))
    files = index_files(binary(), found, "en")
    assert files == index_files(binary(), found, "en")
    names = set(files)
    assert {"pagefind/pagefind.js", "pagefind/pagefind-entry.json"} <= names
    assert "pagefind/wasm.en.pagefind" in names
    assert not [n for n in names if "-ui" in n or "highlight" in n]  # the theme has its own
    entry = json.loads(files["pagefind/pagefind-entry.json"])
    assert entry["languages"]["en"]["page_count"] == len(found)
    fragments = [n for n in names if n.startswith("pagefind/fragment/")]
    assert len(fragments) == len(found)


def test_a_pagefind_that_stops_or_fails_is_a_search_error(tmp_path: Path) -> None:
    record = Record("a/", "A", "Briefing", "", "", "text")
    with pytest.raises(SearchError, match="stopped after 0 of 3 replies"):
        index_files(fake_pagefind(tmp_path, "exit 3\n"), [record], "en")
    error = {"message_id": 1, "payload": {"type": "Error", "message": "bad config"}}
    reply = base64.b64encode(json.dumps(error).encode()).decode()
    failing = fake_pagefind(tmp_path, f"printf '%s,' '{reply}'\nsleep 5\n")
    with pytest.raises(SearchError, match="pagefind: bad config"):
        index_files(failing, [record], "en")


class Chunked:
    """A pipe whose reads return `data` `size` bytes at a time."""

    def __init__(self, data: bytes, size: int) -> None:
        self.data, self.size = data, size

    def read1(self, _: int) -> bytes:
        chunk, self.data = self.data[: self.size], self.data[self.size :]
        return chunk


@pytest.mark.parametrize("size", [1, 2, 3, 7, 64, 1 << 20])
def test_replies_are_read_whole_however_the_pipe_cuts_them(size: int) -> None:
    payloads = [{"type": "AddRecord", "n": n} for n in range(3)] + [{"files": ["x" * 500]}]
    sent = b"".join(pagefind._encode(n, p) for n, p in enumerate(payloads, start=1))
    assert pagefind._read_replies(Chunked(sent, size), len(payloads)) == payloads
    with pytest.raises(SearchError, match="stopped after 3 of 4 replies"):
        pagefind._read_replies(Chunked(sent[:-2], size), len(payloads))


# ---- shards ----


def test_a_group_is_cut_into_a_power_of_two_of_shards() -> None:
    size = pagefind.SHARD_RECORDS
    counts = [shard_count(n) for n in (0, 1, size, size + 1, 2 * size, 2 * size + 1, 5 * size)]
    assert counts == [1, 1, 1, 2, 2, 4, 8]


def test_shards_are_the_same_in_every_process() -> None:
    """By a hash of the URL that Python's per-process string hashing does not change."""
    urls = [f"briefings/b{n}/" for n in range(50)]
    here = [shard_number(url, 8) for url in urls]
    assert len(set(here)) > 4  # spread, not all in one
    script = (
        "import sys; from briefgen.pagefind import shard_number; "
        f"print([shard_number(u, 8) for u in {urls!r}])"
    )
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        shown = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        assert shown.stdout.strip() == str(here)


def test_shard_folders_skip_empty_shards_but_never_leave_none() -> None:
    assert shard_folders({"briefings": ["a/"], "actors": []}) == [INDEX + "briefings-0/"]
    assert shard_folders({"briefings": [], "actors": []}) == [INDEX + "briefings-0/"]
    assert shard_folders({"briefings": [], "actors": ["x/"]}) == [INDEX + "actors-0/"]
    many = [f"briefings/b{n}/" for n in range(3 * pagefind.SHARD_RECORDS)]
    folders = shard_folders({"briefings": many, "actors": ["x/"]})
    assert folders == [INDEX + f"briefings-{n}/" for n in range(4)] + [INDEX + "actors-0/"]


def test_no_shard_to_make_makes_no_file() -> None:
    """A build where the only change is a shard gone has none to make."""
    assert pagefind.index_shards(binary(), {}, "en", 2) == {}


@pytest.fixture
def small_shards(monkeypatch: pytest.MonkeyPatch) -> int:
    """Shards of about 2 records: the fixture's 7 briefings in up to 4."""
    monkeypatch.setattr(pagefind, "SHARD_RECORDS", 2)
    return 2


def shard_entries(site: Path) -> dict[str, int]:
    """Each shard folder in site/ and the pages its entry file counts."""
    return {
        entry.parent.relative_to(site).as_posix() + "/": sum(
            language["page_count"]
            for language in json.loads(entry.read_text())["languages"].values()
        )
        for entry in (site / INDEX).glob("*/" + ENTRY)
    }


def test_each_shard_is_an_index_of_its_records_and_the_page_lists_them(
    fixture_project: Path, small_shards: int
) -> None:
    site = built_site(fixture_project)
    folders = search_folders(site)
    assert len([f for f in folders if "briefings-" in f]) > 1
    placed = shards(site)
    assert list(placed) == folders and all(placed.values())
    assert sorted(r.url for shard in placed.values() for r in shard) == sorted(
        r.url for r in records(site)
    )
    output = fixture_project / "site"
    assert shard_entries(output) == {folder: len(shard) for folder, shard in placed.items()}
    page = (output / "search/index.html").read_text()
    assert f'data-indexes="{" ".join(f"../{f}" for f in folders)}"' in page


def test_an_edit_makes_again_only_the_shards_whose_records_changed(
    fixture_project: Path, small_shards: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(fixture_project / "config.toml")
    site = built_site(fixture_project)
    before = index_of(fixture_project / "site")
    made: list[str] = []
    index = pagefind.index_files
    monkeypatch.setattr(pagefind, "index_files", lambda *a: (made.append(a[3]), index(*a))[1])
    seed = fixture_project / "seeds" / "seed-mosul.txt"
    seed.write_text(seed.read_text() + "\nA closing paragraph about Kirkuk.\n")
    report = build(config)
    count = shard_count(len(site.briefings))
    assert made == [INDEX + f"briefings-{shard_number(briefing_url(MOSUL), count)}/"]
    assert report.write is not None
    written = {p for p in report.write.written if p.startswith(INDEX)}
    assert written and all(p.startswith(made[0]) for p in written)
    after = index_of(fixture_project / "site")
    assert {p: d for p, d in after.items() if not p.startswith(made[0])} == {
        p: d for p, d in before.items() if not p.startswith(made[0])
    }
    assert after == index_part(gather(config, BuildReport()))


def test_when_the_shards_change_the_search_page_lists_the_new_ones(
    fixture_project: Path, small_shards: int
) -> None:
    config = load_config(fixture_project / "config.toml")
    first = search_folders(built_site(fixture_project))
    for seed in sorted((fixture_project / "seeds").glob("*.txt"))[:4]:
        seed.unlink()
    report = build(config)
    assert report.snapshot is not None
    assert search_folders(report.snapshot.site) != first
    clean = gather(config, BuildReport())
    site = tree(fixture_project / "site")
    assert site["search/index.html"] == clean["search/index.html"]
    assert index_part(site) == index_part(clean)


# ---- the build ----


def test_the_build_writes_the_index_and_a_second_build_nothing(fixture_project: Path) -> None:
    config = load_config(fixture_project / "config.toml")
    build(config)
    site = fixture_project / "site"
    assert (site / BRIEFINGS_INDEX / "pagefind.js").is_file()
    assert (site / "search/index.html").is_file()
    second = build(config)
    assert second.write is not None and second.write.written == () == second.write.removed
    before = index_of(site)
    seed = fixture_project / "seeds" / "seed-mosul.txt"
    seed.write_text(seed.read_text() + "\nA closing paragraph about Kirkuk.\n")
    report = build(config)
    assert report.write is not None
    written = {p for p in report.write.written if p.startswith(INDEX)}
    assert BRIEFINGS_INDEX + ENTRY in written
    assert len(written) < len(before) / 2  # unchanged fragments are not written again
    assert {p for p in report.write.removed if p.startswith(INDEX)} == before.keys() - index_of(
        site
    ).keys()
    clean = gather(config, BuildReport())
    assert index_of(site) == index_part(clean)


def test_a_failing_pagefind_leaves_a_warning_not_a_broken_build(
    fixture_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pagefind, "pagefind_binary", lambda: fake_pagefind(tmp_path, "exit 1\n"))
    report = build(load_config(fixture_project / "config.toml"))
    found = [str(w) for w in report.warnings if "search" in str(w)]
    assert report.snapshot is not None
    replies = len(shards(report.snapshot.site)[BRIEFINGS_INDEX]) + 2  # the first shard's
    stopped = f"pagefind stopped after 0 of {replies} replies"
    assert len(found) == 1
    assert found[0].endswith(f"config.toml: warning: search index not made: {stopped}")
    assert (fixture_project / "site/search/index.html").is_file()
    assert not (fixture_project / "site/pagefind").exists()


def test_without_pagefind_the_page_stays_and_a_warning_says_why(
    fixture_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pagefind, "pagefind_binary", lambda: None)
    report = build(load_config(fixture_project / "config.toml"))
    warnings = [str(w) for w in report.warnings if "pagefind" in str(w)]
    assert len(warnings) == 1 and 'pip install "pagefind[bin]"' in warnings[0]
    assert (fixture_project / "site/search/index.html").is_file()
    assert not (fixture_project / "site/pagefind").exists()


def test_installing_pagefind_makes_the_index_with_nothing_else_changed(
    fixture_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(fixture_project / "config.toml")
    installed = pagefind.pagefind_binary
    monkeypatch.setattr(pagefind, "pagefind_binary", lambda: None)
    build(config)
    assert not (fixture_project / "site/pagefind").exists()
    monkeypatch.setattr(pagefind, "pagefind_binary", installed)
    build(config)  # pagefind is part of the settings: the record is not trusted
    assert (fixture_project / "site" / BRIEFINGS_INDEX / "pagefind.js").is_file()


def test_search_left_out_of_the_sections(fixture_project: Path) -> None:
    config_file = fixture_project / "config.toml"
    sections = '["briefings", "actors", "places", "timeline", "feed", "sitemap"]'
    config_file.write_text(config_file.read_text() + f"sections = {sections}\n")
    report = build(load_config(config_file))
    site = fixture_project / "site"
    assert not (site / "search").exists() and not (site / "pagefind").exists()
    assert ">Search</a>" not in (site / "index.html").read_text()
    assert not [w for w in report.warnings if "search" in str(w)]


# ---- the preview ----


def test_the_preview_makes_the_index_once_rebuilds_settle(
    fixture_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rebuilds keep the index as it is (pagefind takes seconds at thousands of
    briefings); refresh_search, run a moment after the last rebuild, remakes it."""
    forget_in_memory()
    preview = Preview(lambda: load_config(fixture_project / "config.toml"), log=lambda _: None)
    assert preview.rebuild()
    site = fixture_project / "site"
    try:
        first = index_of(site)
        assert first and preview.snapshot is not None
        made = preview.snapshot.search
        seed = fixture_project / "seeds" / "seed-mosul.txt"
        seed.write_text(seed.read_text() + "\nA closing paragraph about Kirkuk.\n")
        assert preview.rebuild([Change("seed", seed.resolve())])
        assert index_of(site) == first and preview.snapshot.search == made
        order: list[str] = []
        write = output.write_atomic
        monkeypatch.setattr(
            output, "write_atomic", lambda t, d: (order.append(t.name), write(t, d))[1]
        )
        preview.refresh_search()
        assert len(order) > 2 and order[-1] == "pagefind-entry.json"  # names the rest: last
        assert dict(preview.snapshot.search.digests) == digests(shards(preview.snapshot.site))
        clean = gather(load_config(fixture_project / "config.toml"), BuildReport())
        assert index_of(site) == index_part(clean)
        assert preview.snapshot.manifest.keys() == set(tree(site))
    finally:
        preview.close()


def test_an_index_made_after_a_failed_rebuild_leaves_the_error_shown(
    fixture_project: Path,
) -> None:
    """The preview's pages show a failed build's error until a build succeeds:
    the search index, made from the last good build once edits settle, does
    not take the error away."""
    forget_in_memory()
    preview = Preview(lambda: load_config(fixture_project / "config.toml"), log=lambda _: None)
    assert preview.rebuild()
    try:
        seed = fixture_project / "seeds" / "seed-mosul.txt"
        seed.write_text(seed.read_text() + "\nA closing paragraph about Kirkuk.\n")
        assert preview.rebuild([Change("seed", seed.resolve())])
        broken = fixture_project / "templates" / "briefing.html"
        broken.parent.mkdir(exist_ok=True)
        broken.write_text("{% extends 'base.html' %}\n{% if %}\n")
        assert not preview.rebuild([Change("template", broken.resolve())])
        made = preview.snapshot.search if preview.snapshot else None
        preview.refresh_search()
        assert preview.snapshot is not None and preview.snapshot.search != made  # it was made
        assert preview.state.error is not None and "briefing.html:2" in preview.state.error
    finally:
        preview.close()


def test_a_rebuild_during_indexing_wins(
    fixture_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index made for a site a newer rebuild has replaced is not published."""
    forget_in_memory()
    preview = Preview(lambda: load_config(fixture_project / "config.toml"), log=lambda _: None)
    assert preview.rebuild()
    seeds = fixture_project / "seeds"
    one, two = seeds / "seed-mosul.txt", seeds / "bbc-politics-126.txt"
    try:
        one.write_text(one.read_text() + "\nFirst edit.\n")
        assert preview.rebuild([Change("seed", one.resolve())])
        remade = search.remake

        def remake_then_edit(*args: Any) -> Any:
            result = remade(*args)
            two.write_text(two.read_text() + "\nSecond edit.\n")
            assert preview.rebuild([Change("seed", two.resolve())])
            return result

        monkeypatch.setattr("briefgen.build.remake", remake_then_edit)
        stale = index_of(fixture_project / "site")
        preview.refresh_search()
        assert index_of(fixture_project / "site") == stale  # not published
        monkeypatch.undo()
        preview.refresh_search()
        assert preview.snapshot is not None
        assert dict(preview.snapshot.search.digests) == digests(shards(preview.snapshot.site))
    finally:
        preview.close()


# ---- in Chromium ----


@pytest.fixture(scope="module")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    """The fixture site with its index in several shards, served; and its folder."""
    binary()
    config = load_config(FIXTURES / "site-basic" / "config.toml")
    site = tmp_path_factory.mktemp("search-site") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pagefind, "SHARD_RECORDS", 2)  # the 7 briefings in 3 or 4 shards
        with built_and_served(config, site) as server:
            assert len(list((site / INDEX).glob("briefings-*"))) > 2
            yield server, site


def run_search(page: Any, query: str) -> list[dict[str, str]]:
    page.get_by_label("Search briefings and actors").fill(query)
    page.keyboard.press("Enter")
    page.wait_for_function("/result/i.test(document.querySelector('.search-status').textContent)")
    return list(
        page.eval_on_selector_all(
            ".search-results li",
            """items => items.map(li => ({
                title: li.querySelector('h2').textContent,
                href: li.querySelector('a').getAttribute('href'),
                meta: li.querySelector('.meta').textContent,
                summary: (li.querySelector('.summary') || {}).textContent || '',
            }))""",
        )
    )


@pytest.mark.browser
def test_search_shows_title_date_and_summary_and_keeps_the_query(
    browser: Any, search_site: tuple[Server, Path]
) -> None:
    search_server = search_site[0]
    with closing(browser.new_page()) as page:
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(search_server.url + "search/")
        results = run_search(page, "Blair")
        titles = [r["title"] for r in results]
        # from three shards: briefings-0, briefings-1 and an actors shard
        blair = {"Tony Blair", "Blair rejects Iraq advice calls"}
        assert set(titles) == blair | {"End Bush 'denial' Blair tells EU"} and len(titles) == 3
        assert page.text_content(".search-status").startswith(f"{len(results)} results for")
        assert page.url.endswith("/search/?q=Blair")
        mosul = run_search(page, "Mosul")
        first = next(r for r in mosul if r["href"] == f"/{briefing_url(MOSUL)}")
        assert first["meta"] == "Briefing · 30 October 2016"
        assert first["summary"].startswith("The Iran-backed Iraqi Popular Mobilisation Units")
        page.reload()
        page.wait_for_function("document.querySelectorAll('.search-results li').length > 0")
        assert page.input_value("#search-query") == "Mosul"
        page.click(f"a[href='/{briefing_url(MOSUL)}']")
        page.wait_for_url(search_server.url + briefing_url(MOSUL))
        assert page.title().startswith("Syria: Iraq's Popular Mobilisation")
        assert run_search_status(browser, search_server.url, "zzzqqq") == "No results for “zzzqqq”"
        assert errors == []


def run_search_status(browser: Any, base: str, query: str) -> str:
    with closing(browser.new_page()) as page:
        page.goto(f"{base}search/?q={query}")
        page.wait_for_function(
            "!/^(|Searching…)$/.test(document.querySelector('.search-status').textContent)"
        )
        return str(page.text_content(".search-status"))


@pytest.mark.browser
def test_search_works_from_a_subfolder(browser: Any, search_site: tuple[Server, Path]) -> None:
    """Published under /site/, results link under /site/ too."""
    site = search_site[1]
    with serving(site.parent) as parent, closing(browser.new_page()) as page:
        page.goto(parent.url + f"{site.name}/search/")
        results = run_search(page, "Blair")
        assert results and all(r["href"].startswith(f"/{site.name}/") for r in results)
        page.click("a >> text=Tony Blair")
        page.wait_for_url(parent.url + f"{site.name}/{actor_url('tony-blair')}")


@pytest.mark.browser
def test_without_an_index_the_page_says_so(
    browser: Any, fixture_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pagefind, "pagefind_binary", lambda: None)
    build(load_config(fixture_project / "config.toml"))
    with serving(fixture_project / "site") as server:
        status = run_search_status(browser, server.url, "Blair")
    assert status == "Search is not available: this site was built without its index."
