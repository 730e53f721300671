"""A Briefing as Markdown: YAML front matter (the contract) and the cleaned text."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any, Final

import yaml

from briefgen.briefing import ActorMention, Briefing
from briefgen.parse import Article

# Characters that would start Markdown or HTML syntax inside plain text.
_INLINE_MARKS: Final = "\\`*_[]"
_INLINE: Final = re.compile(f"([{re.escape(_INLINE_MARKS)}])")
_TAG_LIKE: Final = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY_LIKE: Final = re.compile(r"&(?=#?\w+;)")
_BLOCK_START: Final = re.compile(r"^(\s*)([#>+\-=|:~]|\d+[.)])")  # ":" starts a definition


def escape_markdown(text: str) -> str:
    """Plain text as Markdown that renders back to the same text, never to HTML.
    Most paragraphs have nothing to escape: a substring test each is cheaper
    than a pattern scanned by re (6 microseconds a paragraph, for _INLINE)."""
    if any(mark in text for mark in _INLINE_MARKS):
        text = _INLINE.sub(r"\\\1", text)
    if "&" in text:
        text = _ENTITY_LIKE.sub("&amp;", text)
    if "<" in text:
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
    return {
        **_article_keys(briefing),
        "actors": [_actor_keys(a) for a in briefing.actors],
        **_after_actors(briefing),
    }


def _article_keys(briefing: Briefing) -> dict[str, Any]:
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
    }


def _actor_keys(actor: ActorMention) -> dict[str, Any]:
    # _actors_yaml writes these keys, in this order, without the dict
    return {
        "name": actor.name,
        "slug": actor.slug,
        "type": actor.type,
        "mentions": actor.mentions,
        "adjectival_mentions": actor.adjectival_mentions,
        "aliases_seen": list(actor.aliases_seen),
        "adjectives_seen": list(actor.adjectives_seen),
        "registered": actor.registered,
    }


def _after_actors(briefing: Briefing) -> dict[str, Any]:
    return {
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
    actors = _actors_yaml(briefing.actors)
    if actors is None:
        return dump_mapping(front_matter(briefing))
    return dump_mapping(_article_keys(briefing)) + actors + dump_mapping(_after_actors(briefing))


def _actors_yaml(actors: tuple[ActorMention, ...]) -> str | None:
    """The `actors` key as dump_mapping writes it: the scalar keys straight from
    the records, not through a dict per actor and a call per key, the lists by
    _emit as any other; None when a string needs PyYAML's own quoting."""
    if not actors:
        return "actors: []\n"
    lines = ["actors:\n"]
    for actor in actors:
        name, slug, kind = _scalar(actor.name), _scalar(actor.slug), _scalar(actor.type)
        if name is None or slug is None or kind is None:
            return None
        lines.append(
            f"- name: {name}\n  slug: {slug}\n  type: {kind}\n"
            f"  mentions: {actor.mentions}\n  adjectival_mentions: {actor.adjectival_mentions}\n"
        )
        if not (
            _emit("aliases_seen", list(actor.aliases_seen), "  ", lines)
            and _emit("adjectives_seen", list(actor.adjectives_seen), "  ", lines)
        ):
            return None
        lines.append(f"  registered: {'true' if actor.registered else 'false'}\n")
    return "".join(lines)


def briefing_markdown(front_matter: str, related: list[str], body: str) -> str:
    """The briefing page: front matter, the related slugs as its last key, the body.

    A block mapping dumps key by key, so appending `related` gives the bytes
    one dump of the whole mapping would (a test checks it)."""
    return f"---\n{front_matter}{dump_mapping({'related': related})}---\n\n{body}"


def dump_mapping(data: dict[str, Any]) -> str:
    """The bytes PyYAML's dump would give, key by key: the common values written
    here directly (PyYAML's Python representer cost 0.8 ms a briefing), any key
    holding something else dumped by PyYAML itself."""
    parts = []
    for key, value in data.items():
        lines: list[str] = []
        if _is_key(key) and _emit(key, value, "", lines):
            parts.append("".join(lines))
        else:
            parts.append(_dump({key: value}))
    return "".join(parts)


# What PyYAML (libyaml) writes as it stands: printable characters, no line
# break, nothing beyond the Basic Multilingual Plane.
_PRINTABLE: Final = re.compile(
    r"[^\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe-\U0010ffff]*"
)
# ...and unquoted: no indicator first ("- " "? " ": " "#" "'" "[" ...), no ": " or
# " #" inside, no trailing space; it must also read back as a string, not a number.
_FIRST: Final = r"(?!---|\.\.\.)(?:[^ #,\[\]{}&*!|>'\"%@`?:\-]|[?:\-](?=[^ ]))"
_PLAIN: Final = re.compile(_FIRST + r"(?:[^:#]|:(?=[^ ])|(?<! )#)*(?<![ :])")
# Without ":" or "#", only its first character and its last can keep a string
# from being plain: one short match, not _PLAIN's branch at every character.
_PLAIN_FIRST: Final = re.compile(_FIRST)
_MAX_LENGTH: Final = 1_000  # longer strings may be folded at the dump's width
_STR: Final = "tag:yaml.org,2002:str"
_RESOLVER: Final = yaml.resolver.Resolver()  # SafeDumper's, which decides plain or quoted


def _reads_as_string(text: str) -> bool:
    """Not a number, date, boolean or null to YAML's implicit typing."""
    if text[:1] not in _RESOLVER.yaml_implicit_resolvers:
        return True  # no implicit type starts with this character ("Iraq", "said")
    tag: str = _RESOLVER.resolve(  # type: ignore[no-untyped-call]
        yaml.ScalarNode, text, (True, False)
    )
    return tag == _STR


@functools.cache
def _is_key(key: str) -> bool:
    """A key written as it is (every front-matter key is; a few dozen of them)."""
    return _string(key) == key


def _string(text: str) -> str | None:
    """The string as PyYAML writes it in a block: plain, else single-quoted;
    None where it would choose double quotes (a line break, a control character)."""
    if len(text) > _MAX_LENGTH or not _printable(text):
        return None
    if _plain(text) and _reads_as_string(text):
        return text
    return "'" + text.replace("'", "''") + "'"


def _printable(text: str) -> bool:
    if text.isascii():  # in ASCII, _PRINTABLE's test is str.isprintable's
        return text.isprintable()
    return _PRINTABLE.fullmatch(text) is not None


def _plain(text: str) -> bool:
    if ":" in text or "#" in text:
        return _PLAIN.fullmatch(text) is not None
    return _PLAIN_FIRST.match(text) is not None and not text.endswith(" ")


def _emit(key: str, value: Any, indent: str, lines: list[str]) -> bool:
    """`key: value` appended to `lines` as PyYAML would write it at `indent`;
    False, with `lines` to be discarded, for a value it does not know."""
    scalar = _scalar(value)
    if scalar is not None:
        lines.append(f"{indent}{key}: {scalar}\n")
        return True
    if not isinstance(value, list):
        return False
    if not value:
        lines.append(f"{indent}{key}: []\n")
        return True
    lines.append(f"{indent}{key}:\n")
    return all(_item(item, indent, lines) for item in value)


def _item(item: Any, indent: str, lines: list[str]) -> bool:
    scalar = _scalar(item)
    if scalar is not None:
        lines.append(f"{indent}- {scalar}\n")
        return True
    if not isinstance(item, dict) or not item:
        return False
    inner = indent + "  "
    start = len(lines)
    for key, value in item.items():
        if not (_is_key(key) and _emit(key, value, inner, lines)):
            return False
    lines[start] = f"{indent}- {lines[start][len(inner) :]}"
    return True


def _scalar(value: Any) -> str | None:
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if type(value) is int:
        return str(value)
    if type(value) is dt.date:
        return value.isoformat()
    if type(value) is str:
        return _short_string(value) if len(value) <= _SHORT else _string(value)
    return None


# Names, slugs and types recur across a worker's briefings; sentences rarely do.
_SHORT: Final = 40
_short_string = functools.lru_cache(maxsize=16_384)(_string)


def _dump(data: dict[str, Any]) -> str:
    text: str = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=10_000,
        default_flow_style=False,
    )
    return text
