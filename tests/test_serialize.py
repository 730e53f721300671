"""The briefing page's Markdown: front matter made in two parts, read back as one."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefgen import serialize
from briefgen.actors import load_registry
from briefgen.briefing import ActorMention, Briefing
from briefgen.config import load_config
from briefgen.parse import Article, parse_seed
from briefgen.pool import make_analyser
from briefgen.render import markdown_html, text_html
from briefgen.serialize import (
    _dump,
    body_markdown,
    briefing_markdown,
    dump_mapping,
    front_matter,
    front_matter_yaml,
)

from .conftest import FIXTURES

PROJECT = FIXTURES / "site-basic"


def briefings() -> list[Briefing]:
    config = load_config(PROJECT / "config.toml")
    analyser = make_analyser(config, load_registry(config.actors_file))
    seeds = sorted((PROJECT / "seeds").glob("*.txt"))
    return [analyser.analyse(parse_seed(p, PROJECT / "seeds").article) for p in seeds]


@pytest.mark.parametrize("related", [[], ["one"], ["one", "two-words", "2016: a date?"]])
def test_front_matter_in_two_parts_is_one_dump(related: list[str]) -> None:
    for briefing in briefings():
        whole = {**front_matter(briefing), "related": related}
        expected = yaml.safe_dump(
            whole, sort_keys=False, allow_unicode=True, width=10_000, default_flow_style=False
        )
        page = briefing_markdown(
            front_matter_yaml(briefing), related, body_markdown(briefing.article)
        )
        head, _, body = page.removeprefix("---\n").partition("---\n\n")
        assert head == expected
        assert yaml.safe_load(head) == whole
        assert body == body_markdown(briefing.article)


def test_text_seed_body_cannot_become_html(tmp_path: Path) -> None:
    seed = tmp_path / "x.txt"
    seed.write_text("Title\n\n<script>alert(1)</script> *not em* # not a heading\n")
    article = parse_seed(seed, tmp_path).article
    assert "<script>" not in body_markdown(article)


TRICKY = [
    ": a colon first, as in football line-ups",
    "1. a number and a full stop",
    "2) a number and a bracket",
    "# not a heading",
    "> not a quotation",
    "- not a list",
    "+ not a list either",
    "= not a heading underline",
    "| not | a table |",
    "~~~ not a fence",
    "<script>alert(1)</script> & <b>bold</b> &amp; &#169;",
    "*not em* _not em_ `not code` [not](a link) ![not](an image)",
    "Quotes \"double\" and 'single', a backslash \\ and a pipe |",
    "Ends with two spaces  ",
    "Term",
]


@pytest.mark.parametrize("paragraph", TRICKY)
def test_text_seed_html_is_what_its_markdown_renders_to(paragraph: str) -> None:
    """A text seed's HTML is made directly; the .md page beside it must render
    to the same HTML in a Markdown tool, or the two would tell different stories."""
    paragraphs = ("Before.", paragraph, paragraph, "After.")
    article = Article(source_file="x.txt", slug="x", title="X", paragraphs=paragraphs)
    assert text_html(paragraphs) == markdown_html(body_markdown(article))
    assert "<script>" not in text_html(paragraphs)


@settings(max_examples=2000, derandomize=True, deadline=None)
@given(st.text(st.sampled_from(list("a1 \\`*_[]&<#;/!?:>.)\n")), max_size=16))
@example("a & b < c")
def test_markdown_escaping_skips_only_what_it_has_nothing_to_do_for(text: str) -> None:
    """The substring tests before each pattern change no result."""
    every_pattern = serialize._INLINE.sub(r"\\\1", text)
    every_pattern = serialize._ENTITY_LIKE.sub("&amp;", every_pattern)
    every_pattern = serialize._TAG_LIKE.sub("&lt;", every_pattern)
    every_pattern = serialize._BLOCK_START.sub(serialize._escape_block_start, every_pattern)
    assert serialize.escape_markdown(text) == every_pattern


# Characters that decide how YAML quotes a string, and some that are fine.
_YAML_CHARS = st.sampled_from(
    list(" -?:#,[]{}&*!|>'\"%@`.~=<+0123456789eEnNyYoOtTfFlLsu\t\n\r\x00\x85\xa0é’\u2028\ufeff🙂")
)
_TEXTS = st.one_of(st.text(_YAML_CHARS, max_size=12), st.text(max_size=12))


@settings(max_examples=600, derandomize=True, deadline=None)
@given(_TEXTS, st.lists(_TEXTS, max_size=3), st.integers(), st.booleans())
def test_front_matter_writer_gives_the_bytes_pyyaml_would(
    text: str, texts: list[str], number: int, flag: bool
) -> None:
    data = {
        "title": text,
        "tags": texts,
        "reading_minutes": number,
        "registered": flag,
        "url": None,
        "date": dt.date(2005, 1, 2),
        "actors": [{"name": text, "aliases_seen": list(texts), "mentions": number}],
        text or "x": "a key that may need quoting",
    }
    assert dump_mapping(data) == _dump(data)


@pytest.mark.parametrize(
    "text",
    [
        "yes",
        "No",
        "null",
        "~",
        "1.5",
        "0x1F",
        "2005-01-02",
        "12:30",
        "-5",
        "-x",
        "? x",
        "?x",
        ":x",
        "a: b",
        "a:b",
        "a #b",
        "a#b",
        "---x",
        "...",
        "x ",
        " x",
        "'q'",
        '"q"',
        "it's",
        "",
    ],
)
def test_strings_that_pyyaml_quotes_or_not(text: str) -> None:
    data = {"k": text, "l": [text]}
    assert dump_mapping(data) == _dump(data)


@settings(max_examples=2000, derandomize=True, deadline=None)
@given(st.one_of(st.text(_YAML_CHARS, max_size=12), st.text(max_size=40)))
@example("a #b")
@example("a: b")
@example("a:")
@example("x ")
@example("- x")
@example("-")
@example("---x")
@example("\x7f")
@example("\x85")
def test_the_quick_string_tests_agree_with_the_patterns(text: str) -> None:
    """Plain and printable are decided without the patterns where they can be."""
    assert serialize._printable(text) == (serialize._PRINTABLE.fullmatch(text) is not None)
    assert serialize._plain(text) == (serialize._PLAIN.fullmatch(text) is not None)


_BRIEFING = briefings()[0]


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    st.lists(
        st.tuples(_TEXTS, _TEXTS, st.lists(_TEXTS, max_size=2), st.integers(0, 99), st.booleans()),
        max_size=3,
    )
)
def test_actors_written_from_their_records_as_pyyaml_would(
    fields: list[tuple[str, str, list[str], int, bool]],
) -> None:
    actors = tuple(
        ActorMention(name, slug, "person", count, tuple(seen), flag, "", count // 2, tuple(seen))
        for name, slug, seen, count, flag in fields
    )
    briefing = replace(_BRIEFING, actors=actors)
    assert front_matter_yaml(briefing) == _dump(front_matter(briefing))
