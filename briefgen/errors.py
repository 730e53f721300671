"""Errors: user mistakes (Abort, Problem) apart from internal bugs."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from briefgen.compact import Compact


@dataclass(frozen=True, slots=True)
class Problem(Compact):
    """One thing wrong with the user's input: where, and what to do about it."""

    file: str
    message: str
    line: int | None = None
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        kind = "warning" if self.warning else "error"
        return f"{where}: {kind}: {self.message}"


class Abort(Exception):
    """A user error: the CLI prints the problems and exits 1, no traceback."""

    def __init__(self, problems: list[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(file="briefgen", message=problems)]
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class Superseded(Exception):
    """A rebuild given up because newer changes came in; the next one covers both."""


class SeedError(Exception):
    """A seed that cannot be turned into an Article."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.message = message
        self.line = line
        super().__init__(message)


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as the user wrote it: relative to the project when possible."""
    base = root or Path.cwd()
    try:
        return str(path.resolve().relative_to(base.resolve()))
    except ValueError:
        return str(path)


def toml_error_line(exc: tomllib.TOMLDecodeError) -> int | None:
    """The line a TOML error names (tomllib says it only in the message)."""
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else None


def read_utf8(path: Path, shown: str) -> str:
    """A TOML file's text (TOML is UTF-8 by definition), or Abort naming the
    line of the first bad byte: decoding with errors="replace" turned such
    bytes into U+FFFD silently."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise Abort([Problem(shown, f"cannot read: {exc.strerror or exc}")]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Abort([utf8_problem(shown, raw, exc)]) from None


def utf8_error_line(raw: bytes, exc: UnicodeDecodeError) -> int:
    """The line (from 1) of the first byte of `raw` that decoding it could not take."""
    return raw[: exc.start].count(b"\n") + 1


def utf8_problem(shown: str, raw: bytes, exc: UnicodeDecodeError) -> Problem:
    """The error for a file `shown` that is not UTF-8: the line and value of the
    first bad byte (`exc` from decoding `raw`, the file's bytes), and the fix."""
    byte = raw[exc.start : exc.start + 1].hex()
    return Problem(
        shown,
        f"not valid UTF-8 (byte 0x{byte}); re-save the file as UTF-8",
        utf8_error_line(raw, exc),
    )


def toml_problem(shown: str, exc: tomllib.TOMLDecodeError) -> Problem:
    """Invalid TOML, at its line, with what to look for there."""
    hint = " (check that line: a missing quote, bracket or '=' is the usual cause)"
    return Problem(shown, f"invalid TOML: {exc}{hint}", toml_error_line(exc))
