"""The command line, run as a user runs it: a real process, exit codes, messages."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from briefgen import __version__

from .conftest import FIXTURES


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_version(tmp_path: Path) -> None:
    result = run("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"briefgen {__version__}"


def test_no_command_is_usage_error(tmp_path: Path) -> None:
    assert run(cwd=tmp_path).returncode == 2
    assert run("build", "--bogus", cwd=tmp_path).returncode == 2


def test_build_fixture_project(fixture_project: Path) -> None:
    result = run("build", cwd=fixture_project)
    assert result.returncode == 0, result.stderr
    assert "Built 6 briefings" in result.stdout
    assert "bbc-sport-199-latin1.txt:5: warning: not valid UTF-8" in result.stderr
    assert (fixture_project / "site" / "index.html").is_file()
    again = run("build", "-v", cwd=fixture_project)
    assert "0 written" in again.stdout and "wrote" not in again.stdout


def test_build_with_path_options(fixture_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "elsewhere"
    result = run(
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
    result = run("build", "--seeds", str(other), cwd=fixture_project)
    assert result.returncode == 0, result.stderr
    assert "Built 1 briefings" in result.stdout


def test_user_error_exits_1_without_traceback(fixture_project: Path) -> None:
    (fixture_project / "seeds" / "empty.txt").write_text("")
    (fixture_project / "config.toml").write_text('[site]\ntitle = "x"\n[paths]\nsedes = "x"\n')
    result = run("build", cwd=fixture_project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "config.toml:4: error: unknown key 'paths.sedes'" in result.stderr


def test_all_seed_errors_listed(fixture_project: Path) -> None:
    seeds = fixture_project / "seeds"
    (seeds / "empty.txt").write_text("")
    (seeds / "binary.txt").write_bytes(b"\x00\x01\x02\x03")
    result = run("build", cwd=fixture_project)
    assert result.returncode == 1
    assert "seeds/empty.txt:1: error: file is empty" in result.stderr
    assert "seeds/binary.txt: error: binary file" in result.stderr
    assert "2 error(s); nothing was written." in result.stderr
    assert not (fixture_project / "site").exists()


def test_missing_config(tmp_path: Path) -> None:
    result = run("build", cwd=tmp_path)
    assert result.returncode == 1
    assert "config.toml: error: config file not found" in result.stderr


def test_new_scaffolds_a_project_that_builds(tmp_path: Path) -> None:
    result = run("new", "mysite", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    project = tmp_path / "mysite"
    assert (project / "config.toml").is_file()
    assert (project / "seeds" / "actors.toml").is_file()
    assert (project / "seeds" / "example.md").is_file()
    built = run("build", cwd=project)
    assert built.returncode == 0, built.stderr
    page = project / "site" / "briefings" / "un-chief-calls-for-talks-on-yemen" / "index.html"
    assert "Antonio Guterres" in page.read_text()
    assert run("new", "mysite", cwd=tmp_path).returncode == 1  # never overwrites


def test_actors_lists_and_adds_discovered(fixture_project: Path) -> None:
    listed = run("actors", "--limit", "0", cwd=fixture_project)
    assert listed.returncode == 0, listed.stderr
    assert "Jacques Chirac  [person]" in listed.stdout
    assert "discovered actors. Add one: briefgen actors --add NAME" in listed.stdout
    added = run("actors", "--add", "jacques chirac", cwd=fixture_project)
    assert added.returncode == 0, added.stderr
    assert "added Jacques Chirac (person)" in added.stdout
    registry = (fixture_project / "seeds" / "actors.toml").read_text()
    assert 'name = "Jacques Chirac"\ntype = "person"\naliases = ["Mr Chirac"]' in registry
    # the registry still loads, and Chirac is now registered, so no longer proposed
    again = run("actors", "--limit", "0", cwd=fixture_project)
    assert again.returncode == 0, again.stderr
    assert "Jacques Chirac  [" not in again.stdout
    built = run("build", cwd=fixture_project)
    assert built.returncode == 0, built.stderr
    assert (fixture_project / "site" / "actors" / "jacques-chirac" / "index.html").is_file()


def test_actors_add_unknown_name(fixture_project: Path) -> None:
    result = run("actors", "--add", "Nobody Atall", cwd=fixture_project)
    assert result.returncode == 1
    assert "not among the discovered actors: Nobody Atall" in result.stderr
