"""A Briefing as Markdown: YAML front matter (the contract) and the cleaned text."""

from __future__ import annotations

import re
from typing import Any

import yaml

from briefgen.briefing import Briefing
from briefgen.parse import Article

# Characters that would start Markdown or HTML syntax inside plain text.
_INLINE = re.compile(r"([\\`*_\[\]])")
_TAG_LIKE = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_BLOCK_START = re.compile(r"^(\s*)([#>+\-=|:~]|\d+[.)])")  # ":" starts a definition


def escape_markdown(text: str) -> str:
    """Plain text as Markdown that renders back to the same text, never to HTML."""
    text = _INLINE.sub(r"\\\1", text)
    text = _ENTITY_LIKE.sub("&amp;", text)
    text = _TAG_LIKE.sub("&lt;", text)
    return _BLOCK_START.sub(_escape_block_start, text)


def _escape_block_start(match: re.Match[str]) -> str:
    """A backslash where Markdown knows the escape, else a character reference
    (Python-Markdown would show "\\:" as written)."""
    mark = match.group(2)
    if mark[0] in "#>+-":
        return match.group(1) + "\\" + mark
    if mark[0].isdigit():
        return match.group(1) + mark[:-1] + "\\" + mark[-1]
    return match.group(1) + f"&#{ord(mark)};"


def front_matter(briefing: Briefing) -> dict[str, Any]:
    """Every front-matter key but `related`, which comes last and depends on other briefings."""
    article = briefing.article
    return {
        "title": article.title,
        "slug": article.slug,
        "date": article.date,
        "source_file": article.source_file,
        "source": article.source,
        "url": article.url,
        "tags": list(article.tags),
        "standfirst": article.standfirst,
        "summary": briefing.bottom_line,
        "key_points": list(briefing.key_points),
        "reading_minutes": briefing.reading_minutes,
        "image_caption": article.image_caption,
        "image_credit": article.image_credit,
        "actors": [
            {
                "name": a.name,
                "slug": a.slug,
                "type": a.type,
                "mentions": a.mentions,
                "adjectival_mentions": a.adjectival_mentions,
                "aliases_seen": list(a.aliases_seen),
                "adjectives_seen": list(a.adjectives_seen),
                "registered": a.registered,
            }
            for a in briefing.actors
        ],
        "quotes": [{"text": q.text, "speaker": q.speaker} for q in briefing.quotes],
        "places": list(briefing.places),
    }


def body_markdown(article: Article) -> str:
    """The cleaned article: Markdown seeds as written, text seeds escaped."""
    if article.body_markdown is not None:
        return article.body_markdown
    return "\n\n".join(escape_markdown(p) for p in article.paragraphs) + "\n"


# libyaml's emitter when present: the pure-Python one dominated build time.
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def front_matter_yaml(briefing: Briefing) -> str:
    """The front matter without `related`: a function of the briefing alone, so
    it is made once, with the analysis, and cached."""
    return _dump(front_matter(briefing))


def briefing_markdown(front_matter: str, related: list[str], body: str) -> str:
    """The briefing page: front matter, the related slugs as its last key, the body.

    A block mapping dumps key by key, so appending `related` gives the bytes
    one dump of the whole mapping would (a test checks it)."""
    return f"---\n{front_matter}{_dump({'related': related})}---\n\n{body}"


def _dump(data: dict[str, Any]) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=10_000,
        default_flow_style=False,
    )
