"""Bottom line and key points: properties of the ranking."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.parse import parse_seed
from briefgen.summarize import is_quality, summarize
from briefgen.text import split_sentences

from .conftest import ARTICLES


def sentences_of(name: str) -> tuple[list[str], str | None]:
    article = parse_seed(ARTICLES / name, ARTICLES).article
    return [s for p in article.paragraphs for s in split_sentences(p)], article.standfirst


@pytest.mark.parametrize(
    "name",
    ["seed-mosul.txt", "bbc-business-001.txt", "bbc-politics-001.txt", "bbc-politics-126.txt"],
)
@pytest.mark.parametrize("count", [1, 3, 5])
def test_key_point_properties(name: str, count: int) -> None:
    sentences, standfirst = sentences_of(name)
    summary = summarize(sentences, count, standfirst)
    points = list(summary.key_points)
    assert len(points) == count
    assert len(set(points)) == len(points)
    assert summary.bottom_line not in points
    indices = [sentences.index(p) for p in points]
    assert indices == sorted(indices), "key points keep the article's order"
    assert all(is_quality(p) for p in points)


def test_standfirst_is_the_bottom_line() -> None:
    sentences, standfirst = sentences_of("seed-mosul.txt")
    assert standfirst
    assert summarize(sentences, 3, standfirst).bottom_line == standfirst


def test_lead_is_the_bottom_line_without_standfirst() -> None:
    sentences, _ = sentences_of("bbc-business-001.txt")
    summary = summarize(sentences, 3)
    assert summary.bottom_line == sentences[0]
    assert sentences[0] not in summary.key_points


@pytest.mark.parametrize("size", [0, 1, 2, 3])
def test_short_articles(size: int) -> None:
    sentences = [
        f"Sentence number {i} says something about the oil price today." for i in range(size)
    ]
    summary = summarize(sentences, 3)
    assert len(summary.key_points) <= max(0, size - 1)
    assert summary.bottom_line == (sentences[0] if sentences else "")


def test_near_duplicates_are_not_both_chosen() -> None:
    sentences = [
        "The militia said it was ready to fight in Syria for the government.",
        "The militia said it was ready to fight in Syria for the government forces.",
        "Oil prices rose sharply in London trading on Monday morning.",
        "Officials in Baghdad denied any plan to send fighters abroad this year.",
    ]
    points = summarize(sentences, 3, standfirst="Something else entirely happened here today.")
    assert not {sentences[0], sentences[1]} <= set(points.key_points)


@pytest.mark.parametrize(
    ("sentence", "ok"),
    [
        ("Read more about the war in Syria and Iraq today.", False),
        ("Too short to stand.", False),
        ('"We will fight on until the end of the campaign, he said.', False),
        ("The ministry said the talks would resume in Geneva next week.", True),
    ],
)
def test_quality_filter(sentence: str, ok: bool) -> None:
    assert is_quality(sentence) is ok


def test_deterministic() -> None:
    sentences, standfirst = sentences_of("bbc-politics-126.txt")
    assert summarize(sentences, 3, standfirst) == summarize(list(sentences), 3, standfirst)


def test_fixture_files_exist() -> None:
    assert Path(ARTICLES / "seed-mosul.txt").is_file()


def test_two_sentence_bottom_line() -> None:
    sentences, _ = sentences_of("bbc-business-001.txt")
    summary = summarize(sentences, 3, lead_sentences=2)
    assert summary.bottom_line == " ".join(sentences[:2])
    assert not set(sentences[:2]) & set(summary.key_points)
    assert len(summary.key_points) == 3


def test_key_point_count_from_config(make_project) -> None:  # type: ignore[no-untyped-def]
    from briefgen.build import build
    from briefgen.config import load_config

    text = (ARTICLES / "bbc-business-001.txt").read_text()
    root = make_project({"a.txt": text}, config="[summary]\nkey_points = 2\nsentences = 2\n")
    build(load_config(root / "config.toml"))
    page = root / "site" / "briefings" / "ad-sales-boost-time-warner-profit" / "index.md"
    import yaml

    meta = yaml.safe_load(page.read_text().split("---\n")[1])
    assert len(meta["key_points"]) == 2
    assert meta["summary"].count(". ") >= 1
