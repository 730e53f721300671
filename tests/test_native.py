"""The analysis modules compiled by mypyc: used only when they match the
source, and giving the same briefings as pure Python."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen import compile as compile_native
from briefgen import native
from briefgen.native import code_hash

REPO = Path(__file__).resolve().parent.parent

# Analyses every article (text and Markdown) of the actors benchmarks and the
# test fixtures; prints whether the compiled modules were in use, each seed's
# front matter and repr, and their cross-reference: made whole, and updated
# after an edit that drops the first briefing's first actor (parse, briefing
# and crossref are compiled too).
ANALYSE = """
import json, sys
from dataclasses import replace
from pathlib import Path
from briefgen.actors import load_registry
from briefgen.briefing import Analyser
from briefgen.crossref import cross_reference, update_cross_reference
from briefgen.native import in_use
from briefgen.places import load_gazetteer
from briefgen.pool import Work, _analyse_one

repo = Path(sys.argv[1])
registry = load_registry(repo / "benchmarks" / "actors" / "registry.toml")
analyser = Analyser.build(registry, load_gazetteer())
folders = ["benchmarks/actors", "benchmarks/actors-heldout", "benchmarks/actors-unseen",
           "tests/fixtures"]
seeds = sorted(
    p for f in folders for p in (repo / f).rglob("*") if p.suffix in (".txt", ".md")
    and not {"gold", "summaries"} & set(p.parts) and not p.name.endswith(".summary.txt")
    and p.name != "README.md"
)
out, briefings = {}, []
for path in seeds:
    outcome = _analyse_one(Work(path.read_bytes(), path.name, "-"), analyser)
    out[str(path.relative_to(repo))] = [outcome.front_matter, repr(outcome.briefing), outcome.error]
    briefings.append(outcome.briefing)
def whole(xref):
    return [xref.ordered, xref.related, xref.by_actor, xref.co_actors]
xref = cross_reference(briefings, related=5)
before = {b.slug: b for b in briefings}
after = {**before, briefings[0].slug: replace(briefings[0], actors=briefings[0].actors[1:])}
updated = update_cross_reference(xref, before, after, related=5)
result = {"seeds": out, "xref": whole(xref), "updated": whole(updated)}
print(json.dumps({"compiled": in_use(), **result}))
"""


def analyse(**env: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", ANALYSE, str(REPO)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_compiled_and_pure_python_give_the_same_briefings() -> None:
    if not native.in_use():
        if os.environ.get(compile_native.REQUIRE) == "1":
            pytest.fail("the compiled analysis modules are required (make native)")
        pytest.skip("analysis modules not compiled (make native)")
    compiled = analyse()
    pure = analyse(**{native.DISABLE: "0"})
    assert (compiled["compiled"], pure["compiled"]) == (True, False)
    seeds = compiled["seeds"]
    assert isinstance(seeds, dict) and len(seeds) > 70
    assert all(error is None for _, _, error in seeds.values())
    assert seeds == pure["seeds"]
    xref, updated = compiled["xref"], compiled["updated"]
    assert isinstance(xref, list) and isinstance(updated, list)
    related = xref[1]
    assert isinstance(related, dict) and sum(map(bool, related.values())) > 60
    assert xref != updated  # the edit changed something to compare
    assert (xref, updated) == (pure["xref"], pure["updated"])


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A compiled build's folder, empty but for its manifest."""
    monkeypatch.setattr(native, "folder", lambda: tmp_path)
    monkeypatch.delenv(native.DISABLE, raising=False)
    (tmp_path / "briefgen").mkdir()
    (tmp_path / "briefgen" / native.MANIFEST).write_text(native.sources_digest())
    return tmp_path


def test_a_build_matching_the_sources_goes_first_on_the_path(built: Path) -> None:
    path = ["/the/package"]
    native.use_compiled(path)
    assert path == [str(built / "briefgen"), "/the/package"]


def test_a_stale_build_is_not_used(built: Path) -> None:
    (built / "briefgen" / native.MANIFEST).write_text("the digest of older sources")
    path = ["/the/package"]
    native.use_compiled(path)
    assert path == ["/the/package"]


def test_no_build_and_turned_off_mean_pure_python(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(native.DISABLE, "0")
    path = ["/the/package"]
    native.use_compiled(path)
    assert path == ["/the/package"]
    monkeypatch.delenv(native.DISABLE)
    (built / "briefgen" / native.MANIFEST).unlink()
    native.use_compiled(path)
    assert path == ["/the/package"]


def test_the_digest_covers_every_compiled_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in native.COMPILED:
        (tmp_path / f"{name}.py").write_text(f"# {name}\n")
    monkeypatch.setattr(native, "PACKAGE", tmp_path)
    before = native.sources_digest()
    for name in native.COMPILED:
        (tmp_path / f"{name}.py").write_text(f"# {name}, edited\n")
        assert native.sources_digest() != before
        before = native.sources_digest()


def test_sources_are_compiled_from_a_copy_of_the_whole_package(tmp_path: Path) -> None:
    """mypy roots a source at the folder above its package: a copy keeps
    site-packages (a non-editable install) out of its type check."""
    compiled = compile_native._copy_package(tmp_path)
    copied = {path.name for path in (tmp_path / "briefgen").iterdir()}
    assert copied == {path.name for path in native.PACKAGE.glob("*.py")}
    assert compiled == [tmp_path / "briefgen" / f"{name}.py" for name in native.COMPILED]
    assert all(path.read_bytes() == (native.PACKAGE / path.name).read_bytes() for path in compiled)


def test_an_up_to_date_build_is_not_compiled_again(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def compile_again(work: Path, out: Path) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(compile_native, "_compile", compile_again)
    assert "up to date" in compile_native.build()


def test_without_a_compiler_briefgen_runs_as_pure_python(
    built: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def cannot(work: Path, out: Path) -> None:
        raise compile_native.Unavailable("no C compiler")

    (built / "briefgen" / native.MANIFEST).unlink()
    monkeypatch.setattr(compile_native, "_compile", cannot)
    monkeypatch.delenv(compile_native.REQUIRE, raising=False)
    assert compile_native.main() == 0
    assert "pure Python, slower: no C compiler" in capsys.readouterr().err
    monkeypatch.setenv(compile_native.REQUIRE, "1")
    assert compile_native.main() == 1
    assert not (built / "briefgen" / native.MANIFEST).exists()


def test_compiled_and_pure_python_keep_apart_caches(monkeypatch: pytest.MonkeyPatch) -> None:
    hashes = []
    try:
        for compiled in (True, False, True):
            monkeypatch.setattr(native, "in_use", lambda compiled=compiled: compiled)
            code_hash.cache_clear()
            hashes.append(code_hash())
    finally:
        code_hash.cache_clear()
    assert hashes[0] != hashes[1] and hashes[0] == hashes[2]


def test_without_mypy_installed_the_records_are_plain_dataclasses() -> None:
    """A user's install without the native extra has no mypy_extensions."""
    script = (
        "import sys; sys.modules['mypy_extensions'] = None\n"  # import fails as if not installed
        "import dataclasses\n"
        "from briefgen.briefing import Briefing\n"
        "from briefgen.parse import parse_text\n"
        "print(dataclasses.is_dataclass(Briefing), parse_text('Title\\n\\nText.', 'a.txt').title)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, native.DISABLE: "0"},
        capture_output=True,
        text=True,
    )
    assert (done.returncode, done.stdout) == (0, "True Title\n"), done.stderr
