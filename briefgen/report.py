"""What a build did, as the command line and the preview report it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefgen.errors import Problem
from briefgen.output import WriteReport

if TYPE_CHECKING:  # build.py imports the whole pipeline; a report does not need it
    from briefgen.build import Snapshot


@dataclass
class BuildReport:
    briefings: int = 0
    pages: int = 0
    write: WriteReport | None = None
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    rendered: int = 0
    snapshot: Snapshot | None = None
    first: WriteReport | None = None  # the edited briefings' pages, written before the rest

    def changed_files(self) -> set[str]:
        """Every file written or removed in site/, first and later writes together."""
        writes = [w for w in (self.first, self.write) if w is not None]
        return {path for w in writes for path in (*w.written, *w.removed)}
