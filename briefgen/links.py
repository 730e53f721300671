"""Links from a page of the site to other site paths, relative to the page.

posixpath.relpath for site paths, without its trips through the working folder:
a cold build of 5,000 seeds makes about 230,000 links, a dozen or more per
page. Compiled with the analysis (native.py): a template's url() is then one
call into C.
"""

from __future__ import annotations

import posixpath


class PageLinks:
    """Links from one folder of the site ("briefings/x"), its parts split once
    for all the page's links."""

    def __init__(self, start: str) -> None:
        self.start = start
        self.here = [p for p in start.split("/") if p]
        self.unusual = start.startswith("/") or "." in self.here or ".." in self.here

    def url(self, target: str) -> str:
        """The link to a site path ("actors/iraq/"); a folder's keeps its slash."""
        path = self.relative(target)
        if target.endswith("/") or target == "":
            return "./" if path == "." else path + "/"
        return path

    def relative(self, target: str) -> str:
        """posixpath.relpath(target, start) for site paths."""
        here = self.here
        # no part that starts with "." (so no "." or ".."), no empty part: nearly
        # every link a template makes, walked down as strings, not split into lists
        plain = target and target[0] not in "/." and "/." not in target and "//" not in target
        if plain and not self.unusual:
            walked = _walk_down(target, here)
            if walked is not None:
                return walked
        to = [p for p in target.split("/") if p]
        if self.unusual or target.startswith("/") or "." in to or ".." in to:
            return posixpath.relpath(target or ".", self.start or ".")
        common = 0
        while common < len(to) and common < len(here) and to[common] == here[common]:
            common += 1
        return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def _walk_down(target: str, here: list[str]) -> str | None:
    """PageLinks.relative of a plain target from the folder `here`: the folders they
    share dropped, ".." for each of the rest of `here`; None when unsure."""
    rest, depth = target, len(here)
    for part in here:
        if not rest.startswith(part) or len(rest) == len(part) or rest[len(part)] != "/":
            break
        rest, depth = rest[len(part) + 1 :], depth - 1
    if depth and rest == here[len(here) - depth]:
        return None  # "a" from "a/b": a folder named without its slash
    return ("../" * depth + rest).rstrip("/") or "."
