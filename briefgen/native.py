"""The analysis modules compiled to C by mypyc, used when they match the source.

Analysis is most of a cold build's CPU and is plain typed Python: compiled, it
runs about a quarter faster with the same results. `python -m briefgen.compile`
(run by `make install`) compiles COMPILED into a folder of the environment, with
the SHA-256 of their sources beside them. The package puts that folder first on
its path only while the sources still match, so an edited module is never
shadowed by a stale build. Without a C compiler, or with BRIEFGEN_NATIVE=0,
briefgen runs as pure Python.

mypyc makes a compiled module's classes C types. A slotted dataclass cannot be
one, and a record that is pickled had better stay what it is: such classes are
marked @mypyc_attr(native_class=False) and stay Python classes (the functions
of their module are compiled all the same).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mypy_extensions import mypyc_attr as mypyc_attr
else:
    try:
        from mypy_extensions import mypyc_attr
    except ImportError:  # pure Python, no mypy installed: the mark means nothing

        def mypyc_attr(*_attrs, **_settings):
            return lambda kind: kind


COMPILED = (
    "briefing",
    "crossref",
    "discover",
    "events",
    "links",
    "match",
    "mentions",
    "parse",
    "places",
    "quotes",
    "related",
    "serialize",
    "summarize",
    "text",
)
DISABLE = "BRIEFGEN_NATIVE"  # "0": pure Python even where a build exists
PACKAGE = Path(__file__).resolve().parent
MANIFEST = "SOURCES"


def folder() -> Path:
    """Where the build goes: inside the environment, one per interpreter."""
    return Path(sys.prefix) / "briefgen-native" / sys.implementation.cache_tag


def sources_digest() -> str:
    hasher = hashlib.sha256()
    for name in COMPILED:
        hasher.update(name.encode())
        hasher.update((PACKAGE / f"{name}.py").read_bytes())
    return hasher.hexdigest()


def use_compiled(package_path: list[str]) -> None:
    """Put the compiled modules first on the package's path, if they match."""
    built = folder()
    if os.environ.get(DISABLE) != "0" and current(built):
        package_path.insert(0, str(built / "briefgen"))


def current(built: Path) -> bool:
    """Whether the build in `built` was compiled from the sources as they are now."""
    try:
        return (built / "briefgen" / MANIFEST).read_text() == sources_digest()
    except OSError:  # never built, or the sources are not readable
        return False


def in_use() -> bool:
    """Whether this process's analysis modules are the compiled ones (found, not
    imported: a build with nothing to do never loads them)."""
    spec = importlib.util.find_spec("briefgen.discover")
    return spec is not None and spec.origin is not None and not spec.origin.endswith(".py")


@lru_cache(maxsize=1)
def code_hash() -> str:
    """The package's code and data, and whether its analysis runs compiled: an
    edited rule invalidates every entry, and so does switching to or from C."""
    hasher = hashlib.sha256(b"compiled" if in_use() else b"pure")
    for path in sorted([*PACKAGE.glob("*.py"), *PACKAGE.glob("data/*")]):
        hasher.update(path.name.encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()
