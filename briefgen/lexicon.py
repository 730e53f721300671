"""Word lists bundled with briefgen (briefgen/data/), loaded once."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Words news writes in lower case (made by benchmarks/make_common_words.py)."""
    return _data_words("common_words.txt")


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Common given names: "Gordon Brown" is a person, "Islamic State" is not."""
    return _data_words("given_names.txt")


def _data_words(name: str) -> frozenset[str]:
    # a missing list is a broken install: never analyse quietly without it
    source = resources.files("briefgen").joinpath("data", name)
    return frozenset(source.read_text(encoding="utf-8").split())
