"""Bad input, clear error (issue 7), end to end: one table of bad inputs, each
added to a project whose site was built, then `python -m briefgen build` run
as a user runs it. Every row checks the exit code, that stderr names the file
(and line) and hints at the fix, that there is no traceback, and that the
site/ of the good build is left byte for byte as it was.

The unit tests of each message are in test_parse, test_config, test_actors and
test_build; this table is the user's view of all of them together.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from briefgen.config import default_theme_dir
from briefgen.output import Staging
from briefgen.seeds import MAX_SEED_BYTES

from .conftest import FIXTURES, run_cli
from .golden import copy_project, tree

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
BODY = "The body of the article, in one paragraph that says enough to be a briefing.\n"
LIMIT = f"seeds are limited to {MAX_SEED_BYTES / 1e6:g} MB"  # as seeds.too_large words it
ERROR_1 = "briefgen: 1 error(s); nothing was written."


@dataclass(frozen=True)
class Built:
    root: Path
    site: dict[str, bytes]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The fixture project, built once: each case starts from a copy of it."""
    root = copy_project(FIXTURES / "site-basic", tmp_path_factory.mktemp("built") / "project")
    result = run_cli("build", "-q", cwd=root, timeout=300)
    assert result.returncode == 0, result.stderr
    return Built(root, tree(root / "site"))


@pytest.fixture
def project(built: Built, tmp_path: Path) -> Path:
    """A copy of the built project, its site/ and cache included."""
    return Path(shutil.copytree(built.root, tmp_path / "project", symlinks=True))


# --- the bad inputs -------------------------------------------------------------


def seed(name: str, data: str | bytes) -> Callable[[Path], None]:
    def write(root: Path) -> None:
        path = root / "seeds" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    return write


def append(relative: str, text: str) -> Callable[[Path], None]:
    def write(root: Path) -> None:
        path = root / relative
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    return write


def replace_bytes(relative: str, old: bytes, new: bytes) -> Callable[[Path], None]:
    def write(root: Path) -> None:
        path = root / relative
        data = path.read_bytes()
        assert old in data, (relative, old)
        path.write_bytes(data.replace(old, new, 1))

    return write


def template(name: str, data: bytes) -> Callable[[Path], None]:
    def write(root: Path) -> None:
        (root / "templates").mkdir(exist_ok=True)
        (root / "templates" / name).write_bytes(data)

    return write


def theme_template_with_bad_byte(name: str, line: int) -> Callable[[Path], None]:
    """A copy of the default theme's template with a Latin-1 byte on `line`."""
    lines = (default_theme_dir() / name).read_bytes().split(b"\n")
    lines[line - 1] += b" caf\xe9"
    return template(name, b"\n".join(lines))


def big_seed(root: Path) -> None:
    """A 50 MB text seed, made here: never committed."""
    paragraph = (BODY * 20).encode("utf-8") + b"\n"
    with open(root / "seeds" / "huge.txt", "wb") as handle:
        handle.write(b"A huge article\n\n")
        for _ in range(50_000_000 // len(paragraph) + 1):
            handle.write(paragraph)


def symlink_from_outside(root: Path) -> None:
    outside = root.parent / "elsewhere.txt"
    outside.write_text("A seed kept elsewhere\n\n" + BODY, encoding="utf-8")
    (root / "seeds" / "linked.txt").symlink_to(outside)


# Lines of the fixture's seeds/actors.toml and config.toml: appended text starts after them.
ACTORS_LINES = (FIXTURES / "site-basic" / "seeds" / "actors.toml").read_text().count("\n")
CONFIG_LINES = (FIXTURES / "site-basic" / "config.toml").read_text().count("\n")


@dataclass(frozen=True)
class Case:
    id: str
    setup: Callable[[Path], None]
    where: list[str]  # must be in stderr: "file:line: error" and the like
    hint: str  # part of the fix the message suggests
    args: tuple[str, ...] = ()
    adds: str | None = None  # a page the build adds: it exits 0 (without one, 1)
    absent: list[str] = field(default_factory=list)  # paths (from the project) never made


CASES = [
    # --- seeds: nothing usable in the file
    Case(
        "empty",
        seed("empty.txt", b""),
        ["seeds/empty.txt:1: error: file is empty"],
        "add a title line",
    ),
    Case(
        "whitespace-only",
        seed("blank.md", " \n\t\r\n\u00a0\u200b\n  \n"),
        ["seeds/blank.md:1: error: file is empty"],
        "add a title line",
    ),
    Case(
        "png-bytes",
        seed("photo.txt", PNG),
        ["seeds/photo.txt: error: binary file"],
        "move it out of the seeds folder",
    ),
    Case(
        "nul-bytes",
        seed("nul.md", b"# A title\n\nSome text\x00\x00 and more.\n"),
        ["seeds/nul.md: error: binary file"],
        "re-save it as UTF-8",
    ),
    Case(
        "title-only",
        seed("title-only.txt", "Only a title here\n"),
        ["seeds/title-only.txt:1: error: no body"],
        "add the article's text below it",
    ),
    Case(
        "no-body",
        seed("no-body.md", "---\ntitle: A title and nothing else\ndate: 2016-10-30\n---\n\n\n"),
        ["seeds/no-body.md:5: error: no body"],
        "add the article's text below it",
    ),
    Case(
        "too-large",
        big_seed,
        [f"seeds/huge.txt: error: file is 50.0 MB; {LIMIT}"],
        "split the article",
    ),
    # --- seeds: invalid UTF-8 is decoded as Latin-1 with a warning (README), in each place
    Case(
        "latin1-txt-body",
        seed(
            "latin1.txt", b"Caf\xe9 owners protest\n\nThe caf\xe9 owners of the town protested.\n"
        ),
        ["seeds/latin1.txt:1: warning: not valid UTF-8; decoded as Latin-1"],
        "re-save the file as UTF-8",
        adds="briefings/cafe-owners-protest/index.html",
    ),
    Case(
        "latin1-md-front-matter",
        seed("latin1-fm.md", b"---\ntitle: Caf\xe9 talks\n---\n\nThe talks went on.\n"),
        ["seeds/latin1-fm.md:2: warning: not valid UTF-8; decoded as Latin-1"],
        "re-save the file as UTF-8",
        adds="briefings/cafe-talks/index.html",
    ),
    Case(
        "latin1-md-body",
        seed("latin1-body.md", b"---\ntitle: Bad bytes below\n---\n\nIt cost \xa3300.\n"),
        ["seeds/latin1-body.md:5: warning: not valid UTF-8; decoded as Latin-1"],
        "re-save the file as UTF-8",
        adds="briefings/bad-bytes-below/index.html",
    ),
    # --- seeds: front matter
    Case(
        "malformed-yaml",
        seed("bad-yaml.md", "---\ntitle: A title\ntags: [iraq, oil\n---\n\n" + BODY),
        ["seeds/bad-yaml.md:3: error: malformed YAML front matter"],
        "quote a value",
    ),
    Case(
        "malformed-toml",
        seed("bad-toml.md", '+++\ntitle = "A title\ndate = 2016-10-30\n+++\n\n' + BODY),
        ["seeds/bad-toml.md:2: error: malformed TOML front matter"],
        'key = "value"',
    ),
    Case(
        "unknown-front-matter-key",
        seed("extra-key.md", "---\ntitle: Extra keys here\nauthorr: Someone\n---\n\n" + BODY),
        ["seeds/extra-key.md:3: warning: unknown front-matter key 'authorr' ignored"],
        "known: date,",
        adds="briefings/extra-keys-here/index.html",
    ),
    Case(
        "date-not-a-date",
        seed("bad-date.md", "---\ntitle: A title\ndate: next tuesday\n---\n\n" + BODY),
        ["seeds/bad-date.md:3: error: front-matter date 'next tuesday' is not a date"],
        "use 2016-10-30",
    ),
    Case(
        "date-impossible-yaml",
        seed("bad-day.md", "---\ntitle: A title\ndate: 2016-02-30\n---\n\n" + BODY),
        ["seeds/bad-day.md:3: error: malformed YAML front matter: day is out of range"],
        "a date must be real",
    ),
    Case(
        "date-impossible-toml",
        seed("bad-day-toml.md", '+++\ntitle = "A title"\ndate = 2016-02-30\n+++\n\n' + BODY),
        ["seeds/bad-day-toml.md:3: error: malformed TOML front matter"],
        'key = "value"',
    ),
    Case(
        "date-line-impossible",
        seed("bad-day.txt", "A title\n\n2 min read\n31 February 2016\n\n" + BODY),
        ["seeds/bad-day.txt:4: error: date line '31 February 2016' is not a real date"],
        "correct it",
    ),
    # --- seeds: where they would go
    Case(
        "same-slug",
        lambda root: shutil.copy(root / "seeds" / "seed-mosul.txt", root / "seeds" / "copy.txt"),
        ["seeds/seed-mosul.txt: error: slug", "is already used by seeds/copy.txt"],
        "set a different `slug`",
    ),
    Case(
        "slug-out-of-site",
        seed("escape.md", "---\ntitle: Escape\nslug: ../../../escaped\n---\n\n" + BODY),
        ["seeds/escape.md:3: error: front-matter slug '../../../escaped'"],
        "must be lower-case letters, digits and hyphens, like 'escaped'",
        absent=["../escaped", "escaped", "site/escaped"],
    ),
    Case(
        "symlink-from-outside",
        symlink_from_outside,
        ["seeds/linked.txt: error: symlink to a file outside the seeds folder"],
        "copy the file into the seeds folder instead",
    ),
    # --- actors.toml
    Case(
        "actors-duplicate-name",
        append("seeds/actors.toml", '\n[[actor]]\nname = "Iran"\ntype = "state"\n'),
        [f"seeds/actors.toml:{ACTORS_LINES + 2}: error: actor 'Iran' is defined twice"],
        "merge the two [[actor]] tables",
    ),
    Case(
        "actors-shared-alias",
        append(
            "seeds/actors.toml",
            '\n[[actor]]\nname = "Other"\ntype = "militia"\naliases = ["PMU"]\n',
        ),
        [f"seeds/actors.toml:{ACTORS_LINES + 2}: error: 'PMU' names both"],
        "keep it on one actor",
    ),
    Case(
        "actors-unknown-type",
        append("seeds/actors.toml", '\n[[actor]]\nname = "Other"\ntype = "gang"\n'),
        [f"seeds/actors.toml:{ACTORS_LINES + 2}: error: actor 'Other': unknown type 'gang'"],
        "one of: state, state-forces",
    ),
    Case(
        "actors-invalid-toml",
        append("seeds/actors.toml", '\n[[actor]]\nname = "Other\ntype = "state"\n'),
        [f"seeds/actors.toml:{ACTORS_LINES + 3}: error: invalid TOML"],
        "a missing quote",
    ),
    Case(
        "actors-invalid-utf8",
        replace_bytes("seeds/actors.toml", b"Shia", b"Sh\xeea"),
        ["seeds/actors.toml:5: error: not valid UTF-8 (byte 0xee)"],
        "re-save the file as UTF-8",
    ),
    Case(
        "actors-slug-out-of-site",
        append("seeds/actors.toml", '\n[[actor]]\nname = "Other"\ntype = "state"\nslug = "../x"\n'),
        [f"seeds/actors.toml:{ACTORS_LINES + 2}: error: actor 'Other': 'slug' must be"],
        "lower-case letters, digits and hyphens, like 'x'",
    ),
    # --- config.toml
    Case(
        "config-unknown-key",
        append("config.toml", "\n[theme]\naccent_colour = '#123456'\n"),
        [f"config.toml:{CONFIG_LINES + 3}: error: unknown key 'theme.accent_colour'"],
        "known: accent, show_reading_time",
    ),
    Case(
        "config-wrong-type",
        append("config.toml", "\n[summary]\nkey_points = 'three'\n"),
        [f"config.toml:{CONFIG_LINES + 3}: error: 'summary.key_points' must be an integer"],
        "got str 'three'",
    ),
    Case(
        "config-missing",
        lambda root: None,
        ["nowhere/config.toml: error: config file not found"],
        "briefgen new DIR",
        args=("--config", "nowhere/config.toml"),
    ),
    Case(
        "config-invalid-toml",
        append("config.toml", "\n[summary\nkey_points = 3\n"),
        [f"config.toml:{CONFIG_LINES + 2}: error: invalid TOML"],
        "a missing quote, bracket",
    ),
    Case(
        "config-invalid-utf8",
        replace_bytes("config.toml", b"Fixture", b"Fixt\xfcre"),
        ["config.toml:2: error: not valid UTF-8 (byte 0xfc)"],
        "re-save the file as UTF-8",
    ),
    # --- templates
    Case(
        "template-syntax-error",
        template("robots.txt", b"User-agent: *\nAllow: /\n{% if %}\n"),
        ["templates/robots.txt:3: error: template error: Expected an expression"],
        "Expected an expression",  # no fix hint: the product gives Jinja's message alone
    ),
    Case(
        "template-undefined-variable",
        template("robots.txt", b"User-agent: *\nAllow: /\n\n{{ no_such_name }}\n"),
        ["templates/robots.txt:4: error: template error: 'no_such_name' is undefined"],
        "check the spelling",
    ),
    Case(
        "template-invalid-utf8",  # base.html: loaded by {% extends %}, not by name
        theme_template_with_bad_byte("base.html", 3),
        ["templates/base.html:3: error: not valid UTF-8 (byte 0xe9)"],
        "re-save the file as UTF-8",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, project: Path, built: Built) -> None:
    case.setup(project)
    result = run_cli("build", *case.args, cwd=project, timeout=300)
    assert result.returncode == (0 if case.adds else 1), result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    for where in case.where:
        assert where in result.stderr, result.stderr
    line = next(line for line in result.stderr.splitlines() if case.where[0] in line)
    assert case.hint in line, line  # the fix is in the message itself
    for path in case.absent:
        assert not (project / path).exists(), path
    # at most the tree a good build keeps for the next
    staging = Staging.folder_of(project / "site")
    assert not staging.exists() or [p.name for p in staging.iterdir()] == ["new"]
    if case.adds:
        assert (project / "site" / case.adds).is_file()
        return
    assert result.stderr.rstrip().endswith(ERROR_1), result.stderr
    assert result.stdout == ""
    assert tree(project / "site") == built.site  # untouched, byte for byte


def test_every_problem_at_once(project: Path, built: Built) -> None:
    """Several bad inputs in one build: each reported, in one run."""
    ids = {"empty", "png-bytes", "malformed-yaml", "actors-unknown-type"}
    chosen = [case for case in CASES if case.id in ids]
    assert len(chosen) == len(ids)  # each id names a case
    for case in chosen:
        case.setup(project)
    result = run_cli("build", cwd=project, timeout=300)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for case in chosen:
        assert case.where[0] in result.stderr
    assert f"briefgen: {len(chosen)} error(s); nothing was written." in result.stderr
    assert tree(project / "site") == built.site


def _peak_rss_of_build(root: Path) -> int:
    """The peak resident memory (KiB) of a `briefgen build` in a fresh process:
    VmHWM, since getrusage's ru_maxrss keeps the forking parent's (pytest's) peak."""
    code = (
        "import re, sys\n"
        "from pathlib import Path\n"
        "from briefgen.cli import main\n"
        "code = main(['build', '-q'])\n"
        "status = Path('/proc/self/status').read_text()\n"
        "print(re.search(r'VmHWM:\\s*(\\d+)', status).group(1), file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    return int(result.stderr.strip().splitlines()[-1])


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_too_large_seed_is_refused_before_it_is_read(project: Path) -> None:
    """A 50 MB seed must not cost 50 MB: its size is checked before it is read."""
    seed("small-bad.txt", b"")(project)
    baseline = _peak_rss_of_build(project)
    big_seed(project)
    with_big = _peak_rss_of_build(project)
    assert with_big - baseline < 20_000, (baseline, with_big)  # KiB
