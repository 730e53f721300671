"""Compact records pickle as their constructor's arguments."""

from __future__ import annotations

import pickle
from dataclasses import dataclass

from briefgen.compact import Compact


@dataclass(frozen=True, slots=True)
class One(Compact):
    name: str


@dataclass(frozen=True, slots=True)
class Several(Compact):
    name: str
    count: int
    inner: One | None = None
    tags: tuple[str, ...] = ()


def test_records_pickle_as_their_fields() -> None:
    one = One("Hamas")
    several = Several("Hezbollah", 3, one, ("militia",))
    assert one.__reduce__() == (One, ("Hamas",))
    assert several.__reduce__() == (Several, ("Hezbollah", 3, one, ("militia",)))
    for record in (one, several, Several("x", 0)):
        copy = pickle.loads(pickle.dumps(record, pickle.HIGHEST_PROTOCOL))
        assert copy == record and type(copy) is type(record)


def test_shared_records_stay_shared() -> None:
    one = One("Hamas")
    first, second = pickle.loads(pickle.dumps([Several("a", 1, one), Several("b", 2, one)]))
    assert first.inner is second.inner
