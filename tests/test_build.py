"""Whole builds: all problems at once, nothing written on failure, nothing rewritten."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen.build import build
from briefgen.config import load_config
from briefgen.errors import Abort
from briefgen.output import Staging
from briefgen.seeds import find_seeds, seed_entries

from .conftest import ARTICLES, REPO
from .golden import copy_project, tree, without_index


def build_project(root: Path):  # type: ignore[no-untyped-def]
    return build(load_config(root / "config.toml"))


def snapshot(directory: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(directory).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in directory.rglob("*")
        if p.is_file()
    }


def test_build_writes_the_site(fixture_project: Path) -> None:
    report = build_project(fixture_project)
    site = fixture_project / "site"
    assert report.briefings == 6
    for path in [
        "index.html",
        "404.html",
        "robots.txt",
        "feed.xml",
        "sitemap.xml",
        "actors/index.html",
        "actors/iran/index.html",
        "static/style.css",
        "briefings/syria-iraqs-popular-mobilisation-ready-to-fight-for-assad/index.md",
    ]:
        assert (site / path).is_file(), path


def test_second_build_writes_nothing(fixture_project: Path) -> None:
    build_project(fixture_project)
    before = snapshot(fixture_project / "site")
    report = build_project(fixture_project)
    assert report.write is not None
    assert report.write.written == () and report.write.removed == ()
    assert snapshot(fixture_project / "site") == before


def test_one_edit_rewrites_only_what_changed(fixture_project: Path) -> None:
    build_project(fixture_project)
    seed = fixture_project / "seeds" / "bbc-sport-199-latin1.txt"
    seed.write_bytes(seed.read_bytes() + b"\nChelsea said the club would appeal.\n")
    report = build_project(fixture_project)
    assert report.write is not None
    assert "briefings/chelsea-sack-mutu/index.md" in report.write.written
    assert "static/style.css" not in report.write.written
    assert "actors/ahmed-al-asadi/index.html" not in report.write.written


def test_deleted_seed_disappears(fixture_project: Path) -> None:
    build_project(fixture_project)
    (fixture_project / "seeds" / "bbc-sport-199-latin1.txt").unlink()
    report = build_project(fixture_project)
    assert report.write is not None
    assert "briefings/chelsea-sack-mutu/index.html" in report.write.removed
    assert not (fixture_project / "site" / "briefings" / "chelsea-sack-mutu").exists()


def test_failed_build_reports_everything_and_leaves_site_untouched(
    fixture_project: Path,
) -> None:
    build_project(fixture_project)
    before = snapshot(fixture_project / "site")
    seeds = fixture_project / "seeds"
    (seeds / "empty.txt").write_text("")
    (seeds / "bad.md").write_text("---\ntitle: [oops\n---\nBody\n")
    (seeds / "twin.txt").write_text("Chelsea sack Mutu\n\nA second article with the same title.\n")
    with (seeds / "actors.toml").open("a") as handle:
        handle.write('\n[[actor]]\nname = "Ghost"\ntype = "spectre"\n')
    with pytest.raises(Abort) as info:
        build_project(fixture_project)
    text = "\n".join(str(p) for p in info.value.problems)
    assert "seeds/empty.txt:1: error: file is empty" in text
    assert "seeds/bad.md:2: error: malformed YAML" in text
    assert "slug 'chelsea-sack-mutu' is already used by" in text
    assert "unknown type 'spectre'" in text
    assert "warning" in text and "Latin-1" in text  # warnings are shown too
    assert snapshot(fixture_project / "site") == before


def test_template_error_names_file_and_line(fixture_project: Path) -> None:
    templates = fixture_project / "templates"
    templates.mkdir()
    (templates / "actor.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{{ actor.nmae }}\n{% endblock %}\n'
    )
    with pytest.raises(Abort) as info:
        build_project(fixture_project)
    (problem,) = info.value.problems[:1]
    assert problem.file.endswith("templates/actor.html")
    assert problem.line == 3
    assert "nmae" in problem.message


def test_a_template_error_half_way_stages_nothing_into_site(fixture_project: Path) -> None:
    """Pages render into a staging folder beside site/; one failing page late in
    the build means none of the pages rendered before it reach site/."""
    build_project(fixture_project)
    before = snapshot(fixture_project / "site")
    templates = fixture_project / "templates"
    templates.mkdir()
    (templates / "base.html").write_text(
        (REPO / "templates" / "base.html").read_text().replace("<body", "<body data-x", 1)
    )  # every page changes
    (templates / "sitemap.xml").write_text("{{ no_such_thing.at_all }}\n")  # rendered last
    with pytest.raises(Abort):
        build_project(fixture_project)
    assert snapshot(fixture_project / "site") == before
    assert not list(fixture_project.glob(".site.staging*"))


def test_a_killed_builds_leftovers_never_reach_the_site(fixture_project: Path) -> None:
    build_project(fixture_project)
    leftover = Staging.folder_of(fixture_project / "site")
    (leftover / "briefings").mkdir(parents=True)
    (leftover / "briefings" / "half.html").write_text("half written")
    (leftover / "new" / "briefings").mkdir(parents=True)  # the tree kept for the next build
    (leftover / "new" / "briefings" / "half.html").write_text("half written")
    published = tree(fixture_project / "site")
    edit = fixture_project / "seeds" / "seed-mosul.txt"
    edit.write_text(edit.read_text() + "\nA closing paragraph for this test.\n")
    build_project(fixture_project)
    assert [p.name for p in leftover.iterdir()] == ["new"]
    site = without_index(tree(fixture_project / "site"))
    assert "briefings/half.html" not in site
    assert site.keys() == without_index(published).keys() and site != published


def test_an_output_folder_that_cannot_be_made_is_a_clear_error(fixture_project: Path) -> None:
    (fixture_project / "blocker").write_text("a file where a folder should be")
    with (fixture_project / "config.toml").open("a") as handle:
        handle.write('\n[paths]\noutput = "blocker/site"\n')
    with pytest.raises(Abort) as info:
        build_project(fixture_project)
    (problem,) = info.value.problems
    assert "blocker" in problem.file and "cannot build the site" in problem.message


def test_template_syntax_error(fixture_project: Path) -> None:
    templates = fixture_project / "templates"
    templates.mkdir()
    (templates / "index.html").write_text("line one\n{% if %}\n")
    with pytest.raises(Abort) as info:
        build_project(fixture_project)
    problem = info.value.problems[0]
    assert problem.file.endswith("templates/index.html") and problem.line == 2


def test_project_template_overrides_theme(fixture_project: Path) -> None:
    templates = fixture_project / "templates"
    (templates / "static").mkdir(parents=True)
    (templates / "404.html").write_text("custom {{ title }}\n")
    (templates / "static" / "style.css").write_text("body{}\n")
    build_project(fixture_project)
    assert (fixture_project / "site" / "404.html").read_text() == "custom Page not found\n"
    assert (fixture_project / "site" / "static" / "style.css").read_text() == "body{}\n"


def test_symlink_out_of_seeds_is_refused(make_project: Callable[..., Path], tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("Secret title\n\nSecret body text.\n")
    root = make_project({"ok.txt": "A title\n\nA body.\n"})
    os.symlink(outside, root / "seeds" / "link.txt")
    with pytest.raises(Abort, match="outside the seeds folder"):
        build_project(root)


def test_output_folder_must_not_be_the_project(make_project: Callable[..., Path]) -> None:
    seeds = {"ok.txt": "A title\n\nA body.\n"}
    root = make_project(seeds, config='[paths]\noutput = "."\n')
    with pytest.raises(Abort, match="would overwrite"):
        build_project(root)
    assert (root / "seeds" / "ok.txt").exists()


def test_seed_text_with_html_is_shown_as_text(make_project: Callable[..., Path]) -> None:
    root = make_project(
        {"x.txt": "Title <b>bold</b>\n\nBody <script>alert(1)</script> & *stars*.\n"}
    )
    build_project(root)
    html = (root / "site" / "briefings" / "title-b-bold-b" / "index.html").read_text()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "*stars*" in html and "<em>stars</em>" not in html


def test_markdown_seed_html_is_sanitised(fixture_project: Path) -> None:
    build_project(fixture_project)
    html = (
        fixture_project / "site" / "briefings" / "iraqs-pmu-the-mosul-offensive" / "index.html"
    ).read_text()
    assert "<script>alert" not in html
    assert "<strong>Popular Mobilisation Units</strong>" in html


def test_bbc_articles_build(tmp_path: Path, make_project: Callable[..., Path]) -> None:
    seeds = {
        p.name: p.read_bytes()
        for p in ARTICLES.glob("bbc-*.txt")
        if not p.name.endswith("summary.txt")
    }
    root = make_project(seeds)
    report = build_project(root)
    assert report.briefings == len(seeds)


def test_a_superseded_page_stops_part_way_and_otherwise_renders_the_same(
    fixture_project: Path,
) -> None:
    from briefgen.errors import Superseded
    from briefgen.render import Renderer

    templates = fixture_project / "templates"
    templates.mkdir()
    (templates / "long.html").write_text("{% for i in range(5000) %}<p>{{ i }}</p>{% endfor %}")
    renderer = Renderer(load_config(fixture_project / "config.toml"))
    whole = renderer.page("long.html", "long.html")
    assert renderer.page("long.html", "long.html", lambda: False) == whole
    calls: list[int] = []

    def superseded() -> bool:
        calls.append(1)
        return True

    with pytest.raises(Superseded):
        renderer.page("long.html", "long.html", superseded)
    assert len(calls) == 1  # asked part way through, not only at the end


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "spawned"])
def test_process_pool_builds_the_same_site(
    fork: bool, fixture_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cold builds analyse seeds on every core, in forked workers or (with
    threads running, as under `briefgen serve`) spawned ones; the site is the
    same bytes."""
    from briefgen import pool
    from briefgen.cache import forget_in_memory

    monkeypatch.setattr(pool, "fork_safe", lambda: fork)
    contexts: list[str] = []
    process_pool = pool.process_pool
    monkeypatch.setattr(
        pool,
        "process_pool",
        lambda workers, context, *a: contexts.append(context) or process_pool(workers, context, *a),
    )

    serial = tmp_path / "serial"
    copy_project(fixture_project, serial)
    monkeypatch.setattr(pool, "POOL_MIN_SEEDS", 10**9)
    forget_in_memory()
    build(load_config(serial / "config.toml"))
    monkeypatch.setattr(pool, "POOL_MIN_SEEDS", 1)
    monkeypatch.setattr(pool, "cores", lambda: 2)
    used: list[int] = []
    in_pool = pool._in_pool
    monkeypatch.setattr(pool, "_in_pool", lambda *a: used.append(1) or in_pool(*a))
    forget_in_memory()
    build(load_config(fixture_project / "config.toml"))
    assert used, "the pool was not used"
    assert contexts == ["fork" if fork else "spawn"]
    assert tree(fixture_project / "site") == tree(serial / "site")
    # an actors.toml edit: the workers get the cached text tier, not the bytes
    for project in (serial, fixture_project):
        with (project / "seeds" / "actors.toml").open("a") as handle:
            handle.write('\n[[actor]]\nname = "Chelsea"\ntype = "organisation"\n')
    monkeypatch.setattr(pool, "POOL_MIN_SEEDS", 10**9)
    build(load_config(serial / "config.toml"))
    monkeypatch.setattr(pool, "POOL_MIN_SEEDS", 1)
    used.clear()
    report = build(load_config(fixture_project / "config.toml"))
    assert used, "the pool was not used"
    assert report.snapshot is not None
    for entry in report.snapshot.analysis.cache.entries.values():
        assert entry.briefing.article is entry.read.result.article  # one copy, not two
    assert tree(fixture_project / "site") == tree(serial / "site")


def test_forked_rendering_builds_the_same_site(
    fixture_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`briefgen build` renders a big site on every core (forked workers writing
    into the staging folder): the same bytes as one process, problems included."""
    from briefgen import build as build_module
    from briefgen import forked

    serial = copy_project(fixture_project, tmp_path / "serial")
    build_project(serial)
    used: list[int] = []
    render_forked = forked.render_forked
    monkeypatch.setattr(build_module, "can_fork", lambda pages: True)
    monkeypatch.setattr(forked, "cores", lambda: 3)
    monkeypatch.setattr(
        build_module, "render_forked", lambda *a: used.append(1) or render_forked(*a)
    )
    report = build_project(fixture_project)
    assert used, "the forked workers were not used"
    assert tree(fixture_project / "site") == tree(serial / "site")
    assert report.rendered == len(tree(serial / "site"))
    templates = fixture_project / "templates"
    templates.mkdir()
    (templates / "actor.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{{ actor.nmae }}\n{% endblock %}\n'
    )
    before = snapshot(fixture_project / "site")
    with pytest.raises(Abort) as info:
        build_project(fixture_project)
    (problem,) = info.value.problems[:1]
    assert problem.file.endswith("templates/actor.html") and problem.line == 3
    assert snapshot(fixture_project / "site") == before


def test_which_files_are_seeds(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    for name in [
        "a-b.txt",
        "a/b.md",  # a folder's seeds sort before "a-b", as Paths do
        "a/c/deep.markdown",
        "Upper.TXT",
        ".hidden.txt",  # hidden files and folders, editor droppings, other files: not seeds
        ".drafts/draft.txt",
        "notes.txt~",
        "picture.png",
    ]:
        (seeds / name).parent.mkdir(parents=True, exist_ok=True)
        (seeds / name).write_text("Title\n\nText.\n")
    (seeds / "linked-file.txt").symlink_to(seeds / "a-b.txt")  # a link to a file: a seed
    (seeds / "dangling.txt").symlink_to(seeds / "gone.txt")  # a link to nothing: none
    (seeds / "folder.txt").mkdir()  # a folder named like a seed: none
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "far.txt").write_text("Far\n\nText.\n")
    (seeds / "linked-folder").symlink_to(tmp_path / "elsewhere")  # never entered

    found = [p.relative_to(seeds).as_posix() for p in find_seeds(seeds)]
    assert found == ["Upper.TXT", "a/b.md", "a/c/deep.markdown", "a-b.txt", "linked-file.txt"]
    assert [e.path for e in seed_entries(seeds)] == [str(seeds / f) for f in found]


def test_a_missing_seeds_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(Abort, match="seeds folder not found"):
        find_seeds(tmp_path / "seeds")
