"""Sentence splitting and slugs, on hard cases taken from real articles."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefgen import text as text_module
from briefgen.text import clean_line, paragraphs, slugify, split_sentences, tokens


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        # glued sentences, as in the BBC reference summaries
        (
            "Sales rose to $10.9bn.For the full-year, profits fell.",
            ["Sales rose to $10.9bn.", "For the full-year, profits fell."],
        ),
        # decimals and currency
        (
            "Shares rose 3.5% to £4.20. Traders were pleased.",
            ["Shares rose 3.5% to £4.20.", "Traders were pleased."],
        ),
        # initials and titles
        (
            "President George W. Bush met Mr. Blair. They talked.",
            ["President George W. Bush met Mr. Blair.", "They talked."],
        ),
        # month abbreviation followed by a number
        (
            "The vote is on Oct. 16 in Baghdad. Turnout may be low.",
            ["The vote is on Oct. 16 in Baghdad.", "Turnout may be low."],
        ),
        # dotted acronym mid-sentence vs at the end
        (
            "The U.S. Army left Falluja. It returned later.",
            ["The U.S. Army left Falluja.", "It returned later."],
        ),
        (
            "The deal was signed in the U.S. The firm said so.",
            ["The deal was signed in the U.S.", "The firm said so."],
        ),
        # a quotation of two sentences stays whole
        (
            '"We are ready. We will go anywhere," he said. Then he left.',
            ['"We are ready. We will go anywhere," he said.', "Then he left."],
        ),
        (
            "“We are ready. We will go anywhere,” he said.",
            ["“We are ready. We will go anywhere,” he said."],
        ),
        # question and exclamation marks, closing quote kept with its sentence
        ('He asked: "Why now?" Nobody answered.', ['He asked: "Why now?"', "Nobody answered."]),
        # nothing to split
        ("No full stop here", ["No full stop here"]),
    ],
)
def test_split_sentences(paragraph: str, expected: list[str]) -> None:
    assert split_sentences(paragraph) == expected


# Real sentences from the BBC News Summary corpus.
@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "I'd like to see Mr. Benn, with Brad Pitt in the title role. It would be fun.",
            ["I'd like to see Mr. Benn, with Brad Pitt in the title role.", "It would be fun."],
        ),
        (
            '"It is to the pipes a bit of a task," said Mr R. Sridharan, vice president of '
            "networks at Tata. Tata declined to comment.",
            [
                '"It is to the pipes a bit of a task," said Mr R. Sridharan, vice president of '
                "networks at Tata.",
                "Tata declined to comment.",
            ],
        ),
        (
            "It is to you and I. The terrorist aim to kill indiscriminately.",
            ["It is to you and I.", "The terrorist aim to kill indiscriminately."],
        ),
        (
            '"It\'s about forbidden love. There was no agenda whatsoever to hurt anyone," he '
            "said. The show went ahead.",
            [
                '"It\'s about forbidden love. There was no agenda whatsoever to hurt anyone," he '
                "said.",
                "The show went ahead.",
            ],
        ),
        (
            "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) for "
            "the three months to December, from $639m year-earlier.",
            [
                "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) "
                "for the three months to December, from $639m year-earlier."
            ],
        ),
        (
            "TimeWarner said fourth quarter sales rose 2% to $11.1bn from $10.9bn.Its profits "
            "were buoyed by one-off gains.",
            [
                "TimeWarner said fourth quarter sales rose 2% to $11.1bn from $10.9bn.",
                "Its profits were buoyed by one-off gains.",
            ],
        ),
    ],
)
def test_split_corpus_sentences(paragraph: str, expected: list[str]) -> None:
    assert split_sentences(paragraph) == expected


def test_split_seed_sentence_with_trailing_nbsp() -> None:
    text = clean_line("a spokesman for the group said on Saturday.\u00a0 ")
    assert split_sentences(text) == ["a spokesman for the group said on Saturday."]


@pytest.mark.parametrize(
    ("line", "cleaned"),
    [
        ("  Plain words.  ", "Plain words."),  # ASCII, nothing to fold: stripped only
        ("two  spaces and\ta tab", "two spaces and a tab"),
        ("bell\x07 and\x7f delete", "bell and delete"),
        ("soft\u00adhyphen, no\u200bbreak\u00a0space", "softhyphen, nobreak space"),
        ("caf\u00e9 \u2003 em space", "caf\u00e9 em space"),
    ],
)
def test_clean_line(line: str, cleaned: str) -> None:
    assert clean_line(line) == cleaned


# what the patterns fold or drop, what they keep, and printable letters
_LINE_CHARS = st.sampled_from(
    list(" \t\x00\x07\x0b\x1f\x7f\x85\xa0\xad\u1680\u2003\u200b\u2028\u202f\u3000\ufeff")
    + list("ab.£é’“")
)


@settings(max_examples=1000, derandomize=True, deadline=None)
@given(st.one_of(st.text(_LINE_CHARS, max_size=10), st.text(max_size=30)))
@example("two  spaces, £5")
@example(" ‘quoted’ ")
def test_a_line_taken_as_it_is_is_what_the_patterns_would_give(line: str) -> None:
    assert clean_line(line) == text_module._cleaned(line)


@settings(max_examples=1000, derandomize=True, deadline=None)
@given(st.one_of(st.text(st.sampled_from(list("aZ09 _-.,'’\t\nİé")), max_size=12), st.text()))
@example("Hello, World! 42x")
def test_tokens_are_the_lowercase_letter_and_digit_runs(text: str) -> None:
    assert tokens(text) == re.findall(r"[a-z0-9]+", text.lower())


@settings(max_examples=2000, derandomize=True, deadline=None)
@given(st.one_of(st.text(st.sampled_from(list("ab_9 '’.-£é½²“\x00")), max_size=14), st.text()))
@example("a'b'c d''e 'f' g'")  # overlapping joins, doubled and dangling apostrophes
@example("don’t l'été “quoted” £5")
@example("x’'y")
def test_word_count_is_the_patterns_count(text: str) -> None:
    """Fails if a join, an apostrophe's class or a word character is miscounted."""
    assert text_module.word_count(text) == len(re.findall(r"\w+(?:['’]\w+)*", text))


def test_paragraphs_fold_lines_and_spaces() -> None:
    text = "First line\r\nsame paragraph\u00a0here.\r\n\r\n\r\nSecond\u200b one.\n"
    assert paragraphs(text) == ["First line same paragraph here.", "Second one."]


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (
            "Syria: Iraq's Popular Mobilisation ready to fight for Assad",
            "syria-iraqs-popular-mobilisation-ready-to-fight-for-assad",
        ),
        ("Côte d’Ivoire & the <UN>", "cote-divoire-the-un"),
        ("!!!", ""),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_slugify_truncates_on_a_word() -> None:
    slug = slugify("word " * 40, max_length=20)
    assert slug == "word-word-word-word"
