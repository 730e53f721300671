"""Rebuilds after random edit sequences equal a clean build, byte for byte."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from briefgen.build import build
from briefgen.cache import forget_in_memory
from briefgen.config import load_config
from briefgen.incremental import SITEMAP, affected_paths, with_new_pages
from briefgen.preview import Preview
from briefgen.watch import Change, classify

from .conftest import ARTICLES
from .golden import copy_project, tree, without_index
from .test_paginate import built_site


def clean_build(project: Path, scratch: Path) -> dict[str, bytes]:
    shutil.rmtree(scratch, ignore_errors=True)
    copy_project(project, scratch)
    forget_in_memory()
    build(load_config(scratch / "config.toml"))
    forget_in_memory()
    return tree(scratch / "site")


def edit(project: Path, rng: random.Random, step: int) -> tuple[str, Path]:
    """One random edit: what it was and the file it touched."""
    seeds = sorted(p for p in (project / "seeds").glob("*") if p.suffix in (".txt", ".md"))
    action = rng.choice(["append", "append", "retitle", "delete", "add", "registry", "template"])
    if action == "append" and seeds:
        seed = rng.choice(seeds)
        seed.write_bytes(seed.read_bytes() + f"\nEdit {step}: Iran and Syria met.\n".encode())
        return action, seed
    if action == "retitle" and seeds:  # a new title moves the briefing in every list
        seed = rng.choice([s for s in seeds if s.suffix == ".txt"])
        seed.write_bytes(f"Aardvark {step} ".encode() + seed.read_bytes().lstrip(b"\xef\xbb\xbf"))
        return action, seed
    if action == "delete" and len(seeds) > 2:
        seed = rng.choice(seeds)
        seed.unlink()
        return action, seed
    if action in ("add", "append", "retitle", "delete"):
        source = rng.choice(
            [p for p in sorted(ARTICLES.glob("bbc-*.txt")) if ".summary" not in p.name]
        )
        title, _, body = source.read_bytes().partition(b"\n")
        seed = project / "seeds" / f"added-{step}.txt"
        seed.write_bytes(title + f" (step {step})".encode() + b"\n" + body)
        return "add", seed
    if action == "registry":
        registry = project / "seeds" / "actors.toml"
        text = registry.read_text()
        alias = "" if '"Mutu"' in text else 'aliases = ["Mutu"]\n'  # an alias names one actor
        registry.write_text(text + f'\n[[actor]]\nname = "Actor {step}"\ntype = "person"\n{alias}')
        return action, registry
    templates = project / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "404.html").write_text(f"not found ({step})\n")
    return action, templates / "404.html"


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_random_edit_sequences(fixture_project: Path, tmp_path: Path, seed: int) -> None:
    """The preview's rebuilds, fed the changes the watcher reports (one to three
    edits per batch), leave site/ byte-identical to a clean build."""
    rng = random.Random(seed)
    forget_in_memory()
    config = load_config(fixture_project / "config.toml")
    preview = Preview(lambda: load_config(fixture_project / "config.toml"), log=lambda _: None)
    assert preview.rebuild()
    try:
        for step in range(8):
            edits = [edit(fixture_project, rng, step * 10 + i) for i in range(rng.randint(1, 3))]
            changes = [Change(classify(path, config) or "", path.resolve()) for _, path in edits]
            assert preview.rebuild(changes), preview.state.error
            expected = clean_build(fixture_project, tmp_path / "clean")
            site = tree(fixture_project / "site")
            # the pages at once; the search index once the preview settles
            assert without_index(site) == without_index(expected), f"step {step}: {edits}"
            preview.refresh_search()
            assert tree(fixture_project / "site") == expected, f"step {step}: {edits}"
    finally:
        preview.close()


def test_a_newer_edit_supersedes_the_rest_of_a_rebuild(
    fixture_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit arriving while the rest of the site re-renders stops that rebuild
    after the edited page is written; the next rebuild covers both edits."""
    forget_in_memory()
    lines: list[str] = []
    preview = Preview(lambda: load_config(fixture_project / "config.toml"), log=lines.append)
    assert preview.rebuild()
    built = preview.state.built

    def built_then_newer_edit(files: list[str] | None = None) -> None:
        built(files)  # the edited pages are written and their tabs told
        preview.newer.set()  # as the watcher does when the next save comes in

    monkeypatch.setattr(preview.state, "built", built_then_newer_edit)
    seeds = fixture_project / "seeds"
    one, two = seeds / "seed-mosul.txt", seeds / "bbc-politics-126.txt"
    one.write_text(one.read_text() + "\nFirst edit about Syria.\n")
    before = preview.snapshot
    try:
        assert preview.rebuild([Change("seed", one.resolve())])
        assert "superseded" in lines[-1]
        assert preview.snapshot is before  # nothing but the edited pages was written
        page = fixture_project / "site" / "briefings" / _slug(preview, one) / "index.html"
        assert "First edit about Syria." in page.read_text()
        monkeypatch.undo()
        two.write_text(two.read_text() + "\nSecond edit about Iran.\n")
        assert preview.rebuild([Change("seed", two.resolve())])
        preview.refresh_search()
        assert tree(fixture_project / "site") == clean_build(fixture_project, tmp_path / "clean")
    finally:
        preview.close()


def _slug(preview: Preview, seed: Path) -> str:
    assert preview.snapshot is not None
    return preview.snapshot.analysis.seeds[seed.name].entry.briefing.slug


def test_the_sitemap_is_rendered_again_only_when_a_date_or_the_pages_change(
    fixture_project: Path,
) -> None:
    before = built_site(fixture_project)
    seed = fixture_project / "seeds" / "seed-mosul.txt"
    seed.write_text(seed.read_text() + "\nA closing sentence, in lower case.\n")
    after = built_site(fixture_project)
    assert SITEMAP not in affected_paths(before, after)  # the text only: same pages, same dates
    dated = fixture_project / "seeds" / "yaml-front-matter.md"
    dated.write_text(dated.read_text().replace("date: 2016-11-02", "date: 2016-11-03"))
    assert SITEMAP in affected_paths(after, built_site(fixture_project))


def test_a_page_that_comes_or_goes_puts_the_sitemap_in() -> None:
    pages = {"index.html", "briefings/a/index.html", "briefings/a/index.md", "static/x.css"}
    more = with_new_pages({"index.html"}, pages, pages | {"actors/b/index.html"})
    assert more == {"index.html", "actors/b/index.html", SITEMAP}
    fewer = with_new_pages(set(), pages, pages - {"briefings/a/index.html"})
    assert fewer == {SITEMAP}
    assert with_new_pages(set(), pages, pages - {"static/x.css"} | {"pagefind/y"}) == {"pagefind/y"}
