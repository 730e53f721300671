"""The phrase matcher behind actor and place finding."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefgen import match
from briefgen.match import PhraseMatcher, Tokens, _tokenize_words, is_acronym, tokenize
from briefgen.text import word_starts


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


def rows(tokens: Tokens) -> list[tuple[str, str, int, int]]:
    """(norm, text, start, end) of each word, read across the four lists."""
    lists = (tokens.norms, tokens.texts, tokens.starts, tokens.ends)
    assert len({len(x) for x in lists}) == 1 and len(tokens) == len(tokens.norms)
    return list(zip(*lists, strict=True))


def test_tokens_keep_offsets_of_what_they_stand_for() -> None:
    text = "BLAIR'S aide met al-Sadr’s men and el Baradei"  # particles: word by word
    assert rows(tokenize(text)) == [
        ("blair", "BLAIR", 0, 5),  # the possessive is cut, in capitals too
        ("aide", "aide", 8, 12),
        ("met", "met", 13, 16),
        ("sadr", "Sadr", 17, 24),  # the particle's start, the possessive's end cut
        ("men", "men", 27, 30),
        ("and", "and", 31, 34),
        ("baradei", "Baradei", 35, 45),
    ]


def test_plain_text_tokens_the_same() -> None:
    text = "Mr Blair's aide, O'Neill, met the BBC'S 2 men: \"Don't\" - x_y ok's."
    assert rows(tokenize(text)) == [
        ("mr", "Mr", 0, 2),
        ("blair", "Blair", 3, 8),
        ("aide", "aide", 11, 15),
        ("o'neill", "O'Neill", 17, 24),
        ("met", "met", 26, 29),
        ("the", "the", 30, 33),
        ("bbc", "BBC", 34, 37),
        ("2", "2", 40, 41),
        ("men", "men", 42, 45),
        ("don't", "Don't", 48, 53),
        ("x", "x", 57, 58),
        ("y", "y", 59, 60),
        ("ok", "ok", 61, 63),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "Moqtada al-Sadr's men",
        "Café Müller's",
        "THE BBC'S ‘quote’",
        "İstanbul's mayor",
        "élan al",
        "ﬁne words",
        "a'b'c's x's",
        "el",
    ],
)
def test_fast_path_and_word_by_word_agree(text: str) -> None:
    assert tokenize(text) == _tokenize_words(text)
    assert tokenize(text + " plain") == _tokenize_words(text + " plain")


ASCII = st.characters(max_codepoint=127)


@settings(max_examples=2000, derandomize=True, deadline=None)
@given(st.one_of(st.text(st.sampled_from(list("aZ09_' -.")), max_size=14), st.text(ASCII)))
@example("x_y don't a''b 'c' d'")
def test_ascii_words_are_the_patterns_words(text: str) -> None:
    """Fails if ascii_words takes '_' or a lone apostrophe as a word character,
    or joins two words across two apostrophes."""
    found = list(match._WORD.finditer(text))
    words = match.ascii_words(text)
    assert words == [m.group() for m in found]
    assert word_starts(text, words) == [m.start() for m in found]


@settings(max_examples=1000, derandomize=True, deadline=None)
@given(st.text(st.sampled_from(list("aZ09_'’ -.éİ\u00a0ﬁ"))))
def test_words_found_in_turn_start_where_the_pattern_finds_them(text: str) -> None:
    found = list(match._WORD.finditer(text))
    assert word_starts(text, [m.group() for m in found]) == [m.start() for m in found]
    assert tokenize(text) == _tokenize_words(text)


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
