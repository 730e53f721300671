"""Parsing real seed layouts and encodings into Articles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefgen.errors import SeedError
from briefgen.parse import parse_date, parse_seed

from .conftest import ARTICLES

SEED = (ARTICLES / "seed-mosul.txt").read_bytes()


def parse_bytes(tmp_path: Path, name: str, data: bytes):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(data)
    return parse_seed(path, tmp_path)


def test_seed_layout(tmp_path: Path) -> None:
    article = parse_bytes(tmp_path, "seed.txt", SEED).article
    assert article.title == "Syria: Iraq's Popular Mobilisation ready to fight for Assad"
    assert article.standfirst is not None
    assert article.standfirst.startswith("The Iran-backed Iraqi Popular Mobilisation Units")
    assert article.date == dt.date(2016, 10, 30)
    assert article.image_caption == "Hashd al-Shaabi are fighting in the battle to liberate Mosul"
    assert article.image_credit == "Getty"
    assert len(article.paragraphs) == 8
    assert article.paragraphs[0].startswith("The Iran-backed Iraqi Shia militia Hashd al-Shaabi")
    # the repeated title, reading time and date line are not body text
    assert not any("min read" in p or p == article.title for p in article.paragraphs)
    assert all("\u00a0" not in p for p in article.paragraphs)
    assert article.source_file == "seed.txt"


def test_bbc_layout(tmp_path: Path) -> None:
    data = (ARTICLES / "bbc-business-001.txt").read_bytes()
    article = parse_bytes(tmp_path, "b.txt", data).article
    assert article.title == "Ad sales boost Time Warner profit"
    assert article.standfirst is None
    assert article.date is None
    assert article.paragraphs[0].startswith("Quarterly profits at US media giant TimeWarner")
    assert len(article.paragraphs) == 5


def test_latin1_decoded_with_warning(tmp_path: Path) -> None:
    result = parse_bytes(tmp_path, "l.txt", (ARTICLES / "bbc-sport-199-latin1.txt").read_bytes())
    assert result.article.title == "Chelsea sack Mutu"
    assert any("£" in p for p in result.article.paragraphs)
    (warning,) = result.warnings
    assert warning.warning and "Latin-1" in warning.message and warning.line == 5


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
        lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode("utf-8"),
        lambda t: t.encode("utf-16"),
    ],
    ids=["bom", "crlf", "bom-crlf", "utf16"],
)
def test_encodings_give_the_same_article(tmp_path: Path, encode) -> None:  # type: ignore[no-untyped-def]
    text = SEED.decode("utf-8")
    plain = parse_bytes(tmp_path, "a.txt", SEED).article
    variant = parse_bytes(tmp_path, "a.txt", encode(text))
    assert variant.article == plain
    assert variant.warnings == ()


def test_curly_and_straight_quotes_survive(tmp_path: Path) -> None:
    article = parse_bytes(tmp_path, "seed.txt", SEED).article
    assert "“The Noble Ones”" in article.paragraphs[-1]
    assert article.paragraphs[1].startswith('"After clearing')


def test_markdown_yaml_front_matter(tmp_path: Path) -> None:
    data = (
        b"---\ntitle: Hello & <world>\ndate: 2016-10-30\nsource: Wire\n"
        b"url: https://example.org/a\ntags: [iraq, oil]\nslug: custom-slug\n---\n\n"
        b"First **bold** paragraph with a [link](https://example.org).\n\nSecond one.\n"
    )
    result = parse_bytes(tmp_path, "a.md", data)
    article = result.article
    assert (article.title, article.slug, article.date) == (
        "Hello & <world>",
        "custom-slug",
        dt.date(2016, 10, 30),
    )
    assert (article.source, article.url, article.tags) == (
        "Wire",
        "https://example.org/a",
        ("iraq", "oil"),
    )
    assert article.paragraphs == ("First bold paragraph with a link.", "Second one.")
    assert article.body_markdown is not None and "**bold**" in article.body_markdown
    assert result.warnings == ()


def test_markdown_toml_front_matter(tmp_path: Path) -> None:
    data = b'+++\ntitle = "T"\ndate = 2016-10-30\ntags = ["a"]\n+++\nBody text here.\n'
    article = parse_bytes(tmp_path, "a.md", data).article
    assert (article.title, article.date, article.tags) == ("T", dt.date(2016, 10, 30), ("a",))


def test_markdown_heading_title_without_front_matter(tmp_path: Path) -> None:
    article = parse_bytes(tmp_path, "a.md", b"# A title\n\nThe body.\n").article
    assert (article.title, article.paragraphs) == ("A title", ("The body.",))


def test_unknown_front_matter_key_warns(tmp_path: Path) -> None:
    result = parse_bytes(tmp_path, "a.md", b"---\ntitle: T\nauthorr: x\n---\nBody.\n")
    (warning,) = result.warnings
    assert "unknown front-matter key 'authorr'" in warning.message


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.org/a", True),
        ("HTTP://example.org/a", True),
        ("javascript:alert(1)", False),
        (" JaVaScRiPt:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//example.org/a", False),
    ],
)
def test_only_a_web_address_is_kept_as_url(tmp_path: Path, url: str, kept: bool) -> None:
    data = f"---\ntitle: T\nurl: '{url}'\n---\nBody.\n".encode()
    result = parse_bytes(tmp_path, "a.md", data)
    assert result.article.url == (url if kept else None)
    assert [(w.line, "not a web address" in w.message) for w in result.warnings] == (
        [] if kept else [(3, True)]
    )


@pytest.mark.parametrize(
    ("name", "data", "message", "line"),
    [
        ("a.txt", b"", "empty", 1),
        ("a.txt", b"  \n\t\n \n", "empty", 1),
        ("a.txt", b"Just a title\n", "no body", 1),
        ("a.txt", b"\x00\x01\x02binary", "binary", None),
        ("a.md", b"---\ntitle: [unclosed\n---\nBody\n", "malformed YAML", 2),
        ("a.md", b'+++\ntitle = "x\n+++\nBody\n', "malformed TOML", 2),
        ("a.md", b"---\ntitle: T\n", "never closed", 1),
        ("a.md", b"---\ntitle: T\ndate: not a date\n---\nBody\n", "not a date", 3),
        ("a.md", b"---\ndate: 2016-01-01\n---\nNo heading here.\n", "no title", 1),
    ],
)
def test_bad_seeds_raise_seed_error(
    tmp_path: Path, name: str, data: bytes, message: str, line: int | None
) -> None:
    with pytest.raises(SeedError, match=message) as info:
        parse_bytes(tmp_path, name, data)
    assert info.value.line == line


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("30 October, 2016", dt.date(2016, 10, 30)),
        ("October 30, 2016", dt.date(2016, 10, 30)),
        ("Sunday 30 October 2016", dt.date(2016, 10, 30)),
        ("30 Oct 2016", dt.date(2016, 10, 30)),
        ("2016-10-30", dt.date(2016, 10, 30)),
        ("31 February 2016", None),
        ("Mosul, 2016", None),
    ],
)
def test_parse_date(text: str, date: dt.date | None) -> None:
    assert parse_date(text) == date
