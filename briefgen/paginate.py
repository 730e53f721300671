"""Long lists split over numbered pages: page 1 at the list's folder, page n at
its page/n/ (as Hugo lays them out)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Pager:
    """Where one page of a list sits among the others; templates draw its links."""

    number: int  # from 1
    count: int
    folder: str  # the list's first page as a site folder: "briefings/", "actors/iran/"

    def url(self, number: int) -> str:
        return page_url(self.folder, number)

    @property
    def path(self) -> str:
        return page_file(self.folder, self.number)

    @property
    def newer(self) -> str | None:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def older(self) -> str | None:
        return self.url(self.number + 1) if self.number < self.count else None


def page_url(folder: str, number: int) -> str:
    return folder if number == 1 else f"{folder}page/{number}/"


def page_file(folder: str, number: int) -> str:
    return page_url(folder, number) + "index.html"


def page_count(total: int, size: int) -> int:
    """Pages for `total` items, `size` a page (0: all on one); never none."""
    return 1 if size <= 0 or total <= size else -(-total // size)


def split(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """`items` in pages of `size` (0: all on one); an empty list is one empty page."""
    if page_count(len(items), size) == 1:
        return [items]
    return [items[start : start + size] for start in range(0, len(items), size)]


def changed_pages(
    old: Sequence[str], new: Sequence[str], size: int, touched: Collection[str]
) -> list[int]:
    """Numbers of the pages of `new` that may read differently from `old`'s:
    other items on them, a touched item among them, or another page count,
    which changes every page's pager."""
    before, after = split(old, size), split(new, size)
    return [
        number
        for number, items in enumerate(after, 1)
        if len(before) != len(after)
        or list(items) != list(before[number - 1])
        or any(slug in touched for slug in items)
    ]
