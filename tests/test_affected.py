"""Which briefings an actors.toml edit can change (the rest keep their analysis)."""

from __future__ import annotations

from briefgen.actors import Actor, ActorRegistry
from briefgen.affected import changed_phrases, may_name
from briefgen.mentions import ActorFinder
from briefgen.places import load_gazetteer

ASADI = Actor("Ahmed al-Asadi", "ahmed-al-asadi", "person")
IRAN = Actor("Iran", "iran", "state")


def phrases(before: tuple[Actor, ...], after: tuple[Actor, ...]) -> set[tuple[str, ...]]:
    gazetteer = load_gazetteer()
    after_finder = ActorFinder(ActorRegistry(after), gazetteer)
    return set(changed_phrases(ActorRegistry(before), after_finder, gazetteer))


def test_nothing_changed_changes_no_phrase() -> None:
    assert phrases((ASADI, IRAN), (ASADI, IRAN)) == set()


def test_a_new_actor_changes_its_names() -> None:
    new = Actor("Islamic State", "islamic-state", "armed-group", aliases=("ISIS",))
    assert phrases((IRAN,), (IRAN, new)) == {("islamic", "state"), ("isis",)}


def test_a_shared_surname_changes_the_other_persons_short_form() -> None:
    """ "Asadi" alone named Ahmed al-Asadi; with a second al-Asadi it names nobody."""
    hassan = Actor("Hassan al-Asadi", "hassan-al-asadi", "person")
    assert ("asadi",) in phrases((ASADI,), (ASADI, hassan))


def test_a_state_brings_its_demonyms() -> None:
    turkey = Actor("Turkey", "turkey", "state")
    assert ("turkish",) in phrases((IRAN,), (IRAN, turkey))


def test_a_changed_type_changes_the_actors_names() -> None:
    militia = Actor("Iran", "iran", "militia")
    assert ("iran",) in phrases((IRAN,), (militia,))


def test_may_name_needs_every_word_of_a_phrase() -> None:
    assert may_name(["Fighters of the Islamic State group"], [("islamic", "state")])
    assert not may_name(["An Islamic festival in the state capital"], [("hezbollah",)])
    assert not may_name(["The state said"], [("islamic", "state")])


def test_may_name_folds_case_accents_and_apostrophes() -> None:
    assert may_name(["ÖCALAN’S lawyers"], [("ocalan",)])
    assert may_name(["said Mr O’Brien"], [("o'brien",)])
    assert may_name(["al-Asadi told reporters"], [("asadi",)])
    assert not may_name([], [("asadi",)])
    assert not may_name(["anything"], [])
