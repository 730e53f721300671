"""The phrase matcher behind actor and place finding."""

from __future__ import annotations

from briefgen.match import PhraseMatcher, Token, is_acronym, tokenize


def matcher(*pairs: tuple[str, str]) -> PhraseMatcher:
    m = PhraseMatcher()
    for phrase, key in pairs:
        m.add(phrase, key)
    return m


def keys(m: PhraseMatcher, text: str) -> list[str]:
    return [x.key for x in m.find(text)]


def test_case_possessive_and_particles() -> None:
    m = matcher(("Hashd al-Shaabi", "PMU"), ("Bashar al-Assad", "Assad"))
    text = "HASHD AL-SHAABI said al-Hashd al-Shaabi's men back Bashar al Assad’s forces."
    found = m.find(text)
    assert [x.key for x in found] == ["PMU", "PMU", "Assad"]
    assert [x.surface for x in found] == [
        "HASHD AL-SHAABI",
        "al-Hashd al-Shaabi",
        "Bashar al Assad",
    ]


def test_tokens_keep_offsets_of_what_they_stand_for() -> None:
    text = "BLAIR'S aide met al-Sadr’s men and el Baradei"
    assert tokenize(text) == [
        Token("blair", "BLAIR", 0, 5),  # the possessive is cut, in capitals too
        Token("aide", "aide", 8, 12),
        Token("met", "met", 13, 16),
        Token("sadr", "Sadr", 17, 24),  # the particle's start, the possessive's end cut
        Token("men", "men", 27, 30),
        Token("and", "and", 31, 34),
        Token("baradei", "Baradei", 35, 45),
    ]
    assert all(isinstance(t, Token) and t.norm == t[0] for t in tokenize(text))


def test_hyphen_or_space() -> None:
    m = matcher(("Iran", "Iran"))
    assert keys(m, "The Iran-backed militia") == ["Iran"]


def test_longest_alias_wins() -> None:
    m = matcher(("Iraq", "Iraq"), ("Iraqi Army", "Army"))
    assert keys(m, "The Iraqi army entered Iraq.") == ["Army", "Iraq"]


def test_acronyms_match_only_in_capitals() -> None:
    m = matcher(("IS", "IS"), ("US", "US"))
    assert keys(m, "It is what it is; IS fighters met US troops and us.") == ["IS", "US"]
    assert is_acronym("PMU") and not is_acronym("Iran") and not is_acronym("I")


def test_word_boundaries() -> None:
    m = matcher(("Iran", "Iran"), ("UN", "UN"))
    assert keys(m, "Iranian UNESCO officials in Tehran") == []


def test_unicode_text() -> None:
    m = matcher(("Côte d'Ivoire", "CI"))
    assert keys(m, "Troops in Cote d’Ivoire.") == ["CI"]


def test_capitalised_matcher_keeps_shorter_capitalised_match() -> None:
    m = PhraseMatcher(capitalised=True)
    m.add("Turkey", "Turkey")
    m.add("Lebanon", "Lebanon")
    m.add("Qaim", "Qaim")
    assert keys(m, "a turkey dinner in southern Lebanon and al-Qaim") == ["Lebanon", "Qaim"]
