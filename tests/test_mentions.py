"""Registry actors in an article: aliases, surnames after full names, adjectives."""

from __future__ import annotations

from pathlib import Path

from briefgen.actors import load_registry
from briefgen.mentions import ActorFinder
from briefgen.places import load_gazetteer

from .conftest import FIXTURES


def finder(tmp_path: Path, extra: str = "") -> ActorFinder:
    path = tmp_path / "actors.toml"
    source = (FIXTURES / "site-basic" / "seeds" / "actors.toml").read_text()
    path.write_text(source + extra)
    return ActorFinder(load_registry(path), load_gazetteer())


def flat(found: list[list]) -> list[tuple[str, str, bool]]:  # type: ignore[type-arg]
    return [(m.actor, m.surface, m.direct) for ms in found for m in ms]


def test_seed_sentences(tmp_path: Path) -> None:
    found = finder(tmp_path).find(
        [
            "The Iran-backed Iraqi Popular Mobilisation Units said they back Bashar al-Assad "
            "in neighbouring Syria.",
            "Hashd al-Shaabi fighters joined the battle for Mosul [Getty]",
        ]
    )
    assert flat(found) == [
        ("Iran", "Iran", False),
        ("Iraq", "Iraqi", False),
        ("Popular Mobilisation Units", "Popular Mobilisation Units", True),
        ("Bashar al-Assad", "Bashar al-Assad", True),
        ("Syria", "Syria", True),
        ("Popular Mobilisation Units", "Hashd al-Shaabi", True),
    ]


def test_surname_counts_only_when_the_full_name_is_in_the_article(tmp_path: Path) -> None:
    extra = '\n[[actor]]\nname = "Iyad Allawi"\ntype = "person"\n'
    f = finder(tmp_path, extra)
    assert flat(f.find(["Allawi said the vote would go ahead."])) == []
    both = f.find(["Prime Minister Iyad Allawi spoke.", "Mr Allawi said the vote would go ahead."])
    assert flat(both) == [("Iyad Allawi", "Iyad Allawi", True), ("Iyad Allawi", "Allawi", True)]


def test_shared_surnames_are_not_guessed(tmp_path: Path) -> None:
    extra = (
        '\n[[actor]]\nname = "George W Bush"\ntype = "person"\n'
        '\n[[actor]]\nname = "George HW Bush"\ntype = "person"\n'
    )
    found = finder(tmp_path, extra).find(["George W Bush spoke.", "Bush said no."])
    assert flat(found) == [("George W Bush", "George W Bush", True)]


def test_demonyms_of_registry_states(tmp_path: Path) -> None:
    found = finder(tmp_path).find(["Syrian and British officials met Iraqi ministers in Iraq."])
    assert flat(found) == [
        ("Syria", "Syrian", False),
        ("United Kingdom", "British", False),
        ("Iraq", "Iraqi", False),
        ("Iraq", "Iraq", True),
    ]


def test_adjective_of_an_unregistered_state_is_nothing(tmp_path: Path) -> None:
    assert flat(finder(tmp_path).find(["French officials said so."])) == []


def test_linear_in_text_with_a_large_registry(tmp_path: Path) -> None:
    # 20,000 aliases still find the right actor; the trie walks the text once.
    lines = [
        f'\n[[actor]]\nname = "Actor Number {i}"\ntype = "organisation"\n'
        f'aliases = ["Alias{i} Group"]\n'
        for i in range(20_000)
    ]
    f = finder(tmp_path, "".join(lines))
    assert f.names.size > 20_000
    found = flat(f.find(["Alias19999 Group met Actor Number 7 and Iran."]))
    assert found == [
        ("Actor Number 19999", "Alias19999 Group", True),
        ("Actor Number 7", "Actor Number 7", True),
        ("Iran", "Iran", True),
    ]
