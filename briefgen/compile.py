"""Compile the analysis modules to C with mypyc: `python -m briefgen.compile`.

Run by `make install`; quick when the build matches the sources. Where this
machine cannot compile (no mypyc, no C compiler) it says so and briefgen runs
as pure Python, unless BRIEFGEN_REQUIRE_NATIVE=1 (CI) makes that an error.
See native.py for how the build is found and checked.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from briefgen import native

REQUIRE = "BRIEFGEN_REQUIRE_NATIVE"


def build() -> str:
    """Compile COMPILED into folder(); what happened, in one line. Raises
    Unavailable when this machine cannot (no mypyc, no C compiler)."""
    target = native.folder()
    if native.current(target):
        return f"compiled analysis modules up to date in {target}"
    digest = native.sources_digest()  # of the sources compiled below
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        out = Path(work, "out")
        _compile(Path(work), out)
        (out / "briefgen" / native.MANIFEST).write_text(digest)
        shutil.rmtree(target, ignore_errors=True)
        out.rename(target)
    return f"compiled {len(native.COMPILED)} analysis modules into {target}"


def _compile(work: Path, out: Path) -> None:
    """mypyc and setuptools, run in `work`: setuptools reads any pyproject.toml
    in the current folder, and the project's is not for this."""
    try:
        from mypyc.build import mypycify
        from setuptools import setup  # type: ignore[import-untyped]
    except ImportError as exc:
        raise Unavailable(f"mypyc is not installed ({exc.name})") from exc
    sources = [str(path) for path in _copy_package(work / "src")]
    here = os.getcwd()
    os.chdir(work)
    try:
        extensions = mypycify(sources, group_name="briefgen.compiled", target_dir="c")
        setup(
            name="briefgen-compiled",
            ext_modules=extensions,
            script_name="setup.py",
            script_args=["-q", "build_ext", "--build-lib", str(out), "--build-temp", "t"],
        )
    except SystemExit as exc:  # mypy or the C compiler failed, and said why above
        raise Unavailable(f"compiling failed (exit status {exc.code})") from exc
    except Exception as exc:
        raise Unavailable(f"compiling failed ({exc})") from exc
    finally:
        os.chdir(here)


def _copy_package(into: Path) -> list[Path]:
    """The package's sources copied into `into`, the compiled ones returned.
    mypy takes the folder above a source's package as a root of its own: for
    a package installed in site-packages that is site-packages, whose every
    module would be type-checked as ours."""
    package = into / "briefgen"
    package.mkdir(parents=True)
    for source in native.PACKAGE.glob("*.py"):
        shutil.copy2(source, package / source.name)
    return [package / f"{name}.py" for name in native.COMPILED]


class Unavailable(Exception):
    """This machine cannot compile the analysis modules."""


def main() -> int:
    try:
        print(build())
    except Unavailable as exc:
        print(f"briefgen will run as pure Python, slower: {exc}", file=sys.stderr)
        return 1 if os.environ.get(REQUIRE) == "1" else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
