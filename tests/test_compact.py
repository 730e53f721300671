"""Compact records pickle as their constructor's arguments, tuple records as tuples."""

from __future__ import annotations

import datetime as dt
import pickle
from dataclasses import dataclass

import pytest

from briefgen.briefing import ActorMention
from briefgen.compact import Compact
from briefgen.events import Event
from briefgen.quotes import Quote
from briefgen.summarize import Summary


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


@pytest.mark.parametrize(
    "record",
    [
        ActorMention("Hamas", "hamas", "armed_group", 2, ("Hamas",), True, "Hamas said."),
        Quote("We will stay", None),
        Event(dt.date(2004, 6, 1), "month", "early", "In early June 2004.", 3, 18),
        Summary("Troops left.", ("Troops left the city.", "Talks resume.")),
    ],
)
def test_tuple_records_are_rebuilt_by_tuple_new(record: tuple[object, ...]) -> None:
    rebuild, args = record.__reduce__()
    assert args == (type(record), tuple(record))
    assert rebuild == tuple.__new__  # a C call per record when the cache loads
    copy = pickle.loads(pickle.dumps([record, record], pickle.HIGHEST_PROTOCOL))
    assert copy == [record, record] and type(copy[0]) is type(record)
    assert copy[0] is copy[1]
