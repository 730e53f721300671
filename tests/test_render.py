"""Rendering helpers: links relative to each page."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import random
import re
import shutil
from pathlib import Path
from typing import Any

import jinja2
import pytest

from briefgen.build import build, gather
from briefgen.config import CACHE_DIR, default_theme_dir, load_config
from briefgen.links import PageLinks
from briefgen.output import Collected
from briefgen.render import TEMPLATE_CACHE, Renderer, long_date
from briefgen.report import BuildReport
from briefgen.site import render_site

PARTS = ["actors", "briefings", "a", "b", "static", "index.html", "x.css", ".", "..", ""]


@pytest.mark.parametrize(
    ("target", "start", "expected"),
    [
        ("actors/iraq/", "briefings/x", "../../actors/iraq"),
        ("static/site.css", "", "static/site.css"),
        ("", "actors/iraq", "../.."),
        ("actors/", "actors", "."),
        ("actors/iraq/", "actors", "iraq"),
    ],
)
def test_relative_path(target: str, start: str, expected: str) -> None:
    assert PageLinks(start).relative(target) == expected


def test_relative_path_is_posixpath_relpath() -> None:
    rng = random.Random(7)
    for _ in range(5000):
        target = "/".join(rng.choice(PARTS) for _ in range(rng.randint(0, 4)))
        start = "/".join(rng.choice(PARTS) for _ in range(rng.randint(0, 3)))
        expected = posixpath.relpath(target or ".", start or ".")
        assert PageLinks(start).relative(target) == expected, (target, start)


def test_long_date_names_the_month_as_strftime() -> None:
    for month in range(1, 13):
        day = dt.date(2016, month, 9)
        assert long_date(day) == f"9 {day:%B} 2016"
    assert long_date(None) == ""


def test_page_links_are_relative_paths() -> None:
    """url() as the page's templates call it: a link to a folder keeps its slash."""
    rng = random.Random(11)
    parts = ["actors", "a", "ab", "b", "x.css", ".hidden", ".", "..", "a.", "a..b"]
    for _ in range(20000):
        target = "/".join(rng.choice(parts) for _ in range(rng.randint(0, 4)))
        target += rng.choice(["", "/", "//"])
        start = "/".join(rng.choice(parts[: rng.choice([4, 10])]) for _ in range(rng.randint(0, 3)))
        path = PageLinks(start).relative(target)
        folder = target.endswith("/") or target == ""
        expected = ("./" if path == "." else path + "/") if folder else path
        assert PageLinks(start).url(target) == expected, (target, start)


def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the templates Jinja compiles from source from now on."""
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def compile(self: jinja2.Environment, source: str, name: str | None = None, *a: Any) -> Any:
        compiled.append(name or "")
        return original(self, source, name, *a)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    return compiled


def test_the_next_process_loads_templates_compiled(
    fixture_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(fixture_project / "config.toml")
    stale = fixture_project / CACHE_DIR / f"{TEMPLATE_CACHE}-0123456789abcdef"
    stale.mkdir(parents=True)  # of another briefgen version
    Renderer(config).env.get_template("briefing.html")
    assert not stale.exists()
    compiled = compiles(monkeypatch)
    Renderer(config).env.get_template("briefing.html")  # a new environment, as in a new process
    assert compiled == []
    (fixture_project / "templates").mkdir()
    (fixture_project / "templates" / "briefing.html").write_text("{{ title }}\n")
    assert Renderer(config).env.get_template("briefing.html").render(title="T") == "T\n"
    assert compiled == ["briefing.html"]  # the edited template, checked by its source


def test_a_cache_folder_that_cannot_be_made_costs_only_a_compile(
    fixture_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (fixture_project / CACHE_DIR).write_text("a file where the folder would be\n")
    config = load_config(fixture_project / "config.toml")
    Renderer(config).env.get_template("index.html")
    compiled = compiles(monkeypatch)
    renderer = Renderer(config)
    page = renderer.env.get_template("base.html").render(**renderer._common("x.html"), title="T")
    assert "<title>T · Fixture briefings</title>" in page
    assert compiled == ["base.html"]


def test_a_briefing_in_many_feeds_is_rendered_once(
    fixture_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The site's feed and each actor's list the same briefings: each entry is
    rendered once per build (an undated one once per date it is given), and
    every feed still holds all of its entries."""
    rendered: list[tuple[str, str]] = []
    render = jinja2.Template.render

    def counted(self: jinja2.Template, *args: Any, **kwargs: Any) -> str:
        if self.name == "feed-entry.xml":
            rendered.append((kwargs["b"].slug, kwargs["updated"].isoformat()))
        return render(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", counted)
    feeds = _feeds(gather(load_config(fixture_project / "config.toml"), BuildReport()))
    entry = re.compile(r"<entry>.*?/briefings/([^/]+)/</id>.*?<updated>([\d-]+)T", re.DOTALL)
    listed = [found for feed in feeds for found in entry.findall(feed)]
    assert len(feeds) > 2 and len(listed) > len(set(listed))  # briefings shared by feeds
    assert sorted(rendered) == sorted(set(listed))


def test_a_renderer_used_again_renders_the_entries_again(fixture_project: Path) -> None:
    """The entries rendered once per build are not reused by the next site the
    same Renderer renders (the preview keeps it): here, after a template edit."""
    theme = default_theme_dir() / "feed-entry.xml"
    template = fixture_project / "templates" / "feed-entry.xml"
    template.parent.mkdir(exist_ok=True)
    shutil.copy(theme, template)
    report = build(load_config(fixture_project / "config.toml"))
    assert report.snapshot is not None
    template.write_text(theme.read_text().replace("<entry>", "<entry><!-- edited -->"))
    os.utime(template, (1, 1))  # Jinja reloads a template whose mtime changed
    rendered = Collected()
    render_site(report.snapshot.site, report.snapshot.renderer, rendered.add)
    feeds = _feeds(rendered.files)
    assert len(feeds) > 2
    assert all(feed.count("<entry>") == feed.count("<entry><!-- edited -->") for feed in feeds)


def test_templates_are_checked_once_per_render_not_per_page(
    fixture_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A render checks each template's file once, at its start: not once per
    page, extends and include (a stat each). Jinja checks again after it."""
    report = build(load_config(fixture_project / "config.toml"))
    assert report.snapshot is not None
    renderer = report.snapshot.renderer
    checked: list[str] = []
    getmtime = os.path.getmtime

    def counted(path: Any) -> float:
        checked.append(os.fspath(path))
        return getmtime(path)

    monkeypatch.setattr(os.path, "getmtime", counted)
    rendered = Collected()
    render_site(report.snapshot.site, renderer, rendered.add)
    pages = sum(1 for p in rendered.files if p.endswith((".html", ".xml")))
    assert pages > 20
    assert checked and len(checked) == len(set(checked))  # each template file once
    assert renderer.env.auto_reload  # as Jinja has it, between renders


def _feeds(files: dict[str, bytes]) -> list[str]:
    """The site's feed and every actor's, as text."""
    return [data.decode() for path, data in files.items() if path.endswith("feed.xml")]
