"""The command line, run as a user runs it: a real process, exit codes, messages."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen import __version__
from briefgen.cli import main

from .conftest import FIXTURES, run_cli
from .golden import tree


def test_version(tmp_path: Path) -> None:
    result = run_cli("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"briefgen {__version__}"


def test_no_command_is_usage_error(tmp_path: Path) -> None:
    assert run_cli(cwd=tmp_path).returncode == 2
    assert run_cli("build", "--bogus", cwd=tmp_path).returncode == 2


def test_build_fixture_project(fixture_project: Path) -> None:
    result = run_cli("build", cwd=fixture_project)
    assert result.returncode == 0, result.stderr
    assert "Built 6 briefings" in result.stdout
    assert "bbc-sport-199-latin1.txt:5: warning: not valid UTF-8" in result.stderr
    assert (fixture_project / "site" / "index.html").is_file()
    again = run_cli("build", "-v", cwd=fixture_project)
    assert "0 written" in again.stdout and "wrote" not in again.stdout


# `briefgen build`, then the modules the process loaded, one per line
_LOADED = (
    "import sys\n"
    "from briefgen.cli import main\n"
    "code = main(['build', '-q'])\n"
    "print('\\n'.join(sorted(sys.modules)))\n"
    "sys.exit(code)\n"
)
_PIPELINE = {"jinja2", "yaml", "briefgen.build", "briefgen.briefing", "briefgen.discover"}


def loaded_by_build(project: Path) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _LOADED], cwd=project, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


def test_a_build_with_nothing_to_do_loads_neither_the_analysis_nor_jinja(
    fixture_project: Path,
) -> None:
    """Loading them takes longer than the rest of such a build (changes.py)."""
    assert loaded_by_build(fixture_project) >= _PIPELINE  # the first build: everything
    nothing_to_do = loaded_by_build(fixture_project)
    assert "briefgen.changes" in nothing_to_do
    assert not _PIPELINE & nothing_to_do
    seed = fixture_project / "seeds" / "seed-mosul.txt"
    seed.write_text(seed.read_text() + "\nA closing paragraph about Mosul.\n")
    assert loaded_by_build(fixture_project) >= _PIPELINE
    assert not _PIPELINE & loaded_by_build(fixture_project)


def test_build_with_path_options(fixture_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "elsewhere"
    result = run_cli(
        "build",
        "--config",
        str(fixture_project / "config.toml"),
        "--output",
        str(out),
        "-q",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert (out / "feed.xml").is_file()


def test_seeds_option(fixture_project: Path, tmp_path: Path) -> None:
    other = tmp_path / "other-seeds"
    other.mkdir()
    shutil.copy(FIXTURES / "articles" / "bbc-business-001.txt", other)
    result = run_cli("build", "--seeds", str(other), cwd=fixture_project)
    assert result.returncode == 0, result.stderr
    assert "Built 1 briefings" in result.stdout


def test_user_error_exits_1_without_traceback(fixture_project: Path) -> None:
    (fixture_project / "seeds" / "empty.txt").write_text("")
    (fixture_project / "config.toml").write_text('[site]\ntitle = "x"\n[paths]\nsedes = "x"\n')
    result = run_cli("build", cwd=fixture_project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "config.toml:4: error: unknown key 'paths.sedes'" in result.stderr


def test_all_seed_errors_listed(fixture_project: Path) -> None:
    seeds = fixture_project / "seeds"
    (seeds / "empty.txt").write_text("")
    (seeds / "binary.txt").write_bytes(b"\x00\x01\x02\x03")
    result = run_cli("build", cwd=fixture_project)
    assert result.returncode == 1
    assert "seeds/empty.txt:1: error: file is empty" in result.stderr
    assert "seeds/binary.txt: error: binary file" in result.stderr
    assert "2 error(s); nothing was written." in result.stderr
    assert not (fixture_project / "site").exists()


def test_missing_config(tmp_path: Path) -> None:
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 1
    assert "config.toml: error: config file not found" in result.stderr


def test_new_scaffolds_a_project_that_builds(tmp_path: Path) -> None:
    result = run_cli("new", "mysite", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    project = tmp_path / "mysite"
    assert (project / "config.toml").is_file()
    assert (project / "seeds" / "actors.toml").is_file()
    assert (project / "seeds" / "example.md").is_file()
    built = run_cli("build", cwd=project)
    assert built.returncode == 0, built.stderr
    page = project / "site" / "briefings" / "un-chief-calls-for-talks-on-yemen" / "index.html"
    assert "Antonio Guterres" in page.read_text()
    assert run_cli("new", "mysite", cwd=tmp_path).returncode == 1  # never overwrites


def test_actors_lists_and_adds_discovered(fixture_project: Path) -> None:
    listed = run_cli("actors", "--limit", "0", cwd=fixture_project)
    assert listed.returncode == 0, listed.stderr
    assert "Jacques Chirac  [person]" in listed.stdout
    assert "discovered actors. Add one: briefgen actors --add NAME" in listed.stdout
    added = run_cli("actors", "--add", "jacques chirac", cwd=fixture_project)
    assert added.returncode == 0, added.stderr
    assert "added Jacques Chirac (person)" in added.stdout
    registry = (fixture_project / "seeds" / "actors.toml").read_text()
    assert 'name = "Jacques Chirac"\ntype = "person"\naliases = ["Mr Chirac"]' in registry
    # the registry still loads, and Chirac is now registered, so no longer proposed
    again = run_cli("actors", "--limit", "0", cwd=fixture_project)
    assert again.returncode == 0, again.stderr
    assert "Jacques Chirac  [" not in again.stdout
    built = run_cli("build", cwd=fixture_project)
    assert built.returncode == 0, built.stderr
    assert (fixture_project / "site" / "actors" / "jacques-chirac" / "index.html").is_file()


def test_actors_add_unknown_name(fixture_project: Path) -> None:
    result = run_cli("actors", "--add", "Nobody Atall", cwd=fixture_project)
    assert result.returncode == 1
    assert "not among the discovered actors: Nobody Atall" in result.stderr


def test_clean_removes_site_and_cache_never_a_seed(fixture_project: Path) -> None:
    assert run_cli("build", "-q", cwd=fixture_project).returncode == 0
    seeds = tree(fixture_project / "seeds")
    assert (fixture_project / "site").is_dir() and (fixture_project / ".briefgen-cache").is_dir()
    (fixture_project / ".site.staging").mkdir()  # left by a killed build
    result = run_cli("clean", cwd=fixture_project)
    assert result.returncode == 0, result.stderr
    assert "site/" in result.stdout and ".briefgen-cache/" in result.stdout
    for name in ("site", ".briefgen-cache", ".site.staging"):
        assert not (fixture_project / name).exists(), name
    assert tree(fixture_project / "seeds") == seeds
    assert (fixture_project / "config.toml").is_file()
    assert run_cli("clean", cwd=fixture_project).stdout.strip() == "Removed nothing to remove"


def test_clean_refuses_an_output_folder_holding_the_project(fixture_project: Path) -> None:
    for output in (".", "seeds", str(fixture_project.parent)):
        result = run_cli("clean", "--output", output, cwd=fixture_project)
        assert result.returncode == 1, output
        assert "refusing to remove" in result.stderr and "Traceback" not in result.stderr
    assert any((fixture_project / "seeds").iterdir())


def test_serve_warns_on_a_non_loopback_host(
    fixture_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    hosts: list[str] = []
    monkeypatch.setattr("briefgen.preview.run_preview", lambda _c, host, _p, _v: hosts.append(host))
    monkeypatch.chdir(fixture_project)
    for host in ("127.0.0.1", "localhost", "::1", "0.0.0.0", "192.168.1.5", "example.org"):
        assert main(["serve", "--host", host]) == 0
    assert main(["serve"]) == 0
    warned = [
        line for line in capsys.readouterr().err.splitlines() if "warning: serving on" in line
    ]
    assert [line.split()[4].rstrip(",") for line in warned] == [
        "0.0.0.0",
        "192.168.1.5",
        "example.org",
    ]
    assert hosts[-1] == "127.0.0.1"
