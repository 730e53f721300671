"""A Briefing as Markdown: YAML front matter (the contract) and the cleaned text."""

from __future__ import annotations

import re
from typing import Any

import yaml

from briefgen.briefing import Briefing

# Characters that would start Markdown or HTML syntax inside plain text.
_INLINE = re.compile(r"([\\`*_\[\]])")
_TAG_LIKE = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_BLOCK_START = re.compile(r"^(\s*)([#>+\-=|]|\d+[.)])")


def escape_markdown(text: str) -> str:
    """Plain text as Markdown that renders back to the same text, never to HTML."""
    text = _INLINE.sub(r"\\\1", text)
    text = _ENTITY_LIKE.sub("&amp;", text)
    text = _TAG_LIKE.sub("&lt;", text)
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def front_matter(briefing: Briefing, related: list[str]) -> dict[str, Any]:
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
        "related": related,
    }


def body_markdown(briefing: Briefing) -> str:
    """The cleaned article: Markdown seeds as written, text seeds escaped."""
    article = briefing.article
    if article.body_markdown is not None:
        return article.body_markdown
    return "\n\n".join(escape_markdown(p) for p in article.paragraphs) + "\n"


# libyaml's emitter when present: the pure-Python one dominated build time.
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def briefing_markdown(briefing: Briefing, related: list[str]) -> str:
    meta = yaml.dump(
        front_matter(briefing, related),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=10_000,
        default_flow_style=False,
    )
    return f"---\n{meta}---\n\n{body_markdown(briefing)}"
