"""config.toml: typed, every problem reported at once with its key and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.config import load_config
from briefgen.errors import Abort


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_and_relative_paths(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[paths]\nseeds = "input"\n'))
    assert config.site.title == "Briefings"
    assert config.summary.key_points == 3
    assert config.seeds_dir == (tmp_path / "input").resolve()
    assert config.output_dir == (tmp_path / "site").resolve()


def test_every_problem_reported_at_once(tmp_path: Path) -> None:
    text = (
        "[site]\n"
        "title = 3\n"
        'colour = "red"\n'
        "[summary]\n"
        "key_points = 0\n"
        "[bogus]\n"
        "x = 1\n"
        "[build]\n"
        'sections = ["briefings", "nope"]\n'
    )
    with pytest.raises(Abort) as info:
        load_config(write(tmp_path, text))
    messages = [str(p) for p in info.value.problems]
    assert len(messages) == 5, messages
    assert any("config.toml:2" in m and "'site.title' must be a string" in m for m in messages)
    assert any("config.toml:3" in m and "unknown key 'site.colour'" in m for m in messages)
    assert any("config.toml:5" in m and "'summary.key_points'" in m for m in messages)
    assert any("config.toml:6" in m and "unknown section [bogus]" in m for m in messages)
    assert any("config.toml:9" in m and "nope" in m for m in messages)


def test_invalid_toml_names_line(tmp_path: Path) -> None:
    with pytest.raises(Abort) as info:
        load_config(write(tmp_path, '[site]\ntitle = "unclosed\n'))
    problem = info.value.problems[0]
    assert problem.line == 2
    assert "invalid TOML" in problem.message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(Abort, match="config file not found"):
        load_config(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[site]\nbase_url = "example.org"\n', "absolute URL"),
        ('[theme]\naccent = "red;}body{display:none"\n', "hex colour"),
        ("[theme]\nshow_reading_time = 1\n", "true or false"),
        ("[summary]\nkey_points = true\n", "an integer"),
    ],
)
def test_wrong_values(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(Abort, match=message):
        load_config(write(tmp_path, text))
