"""Parse one seed file (plain text or Markdown with front matter) into an Article."""

from __future__ import annotations

import datetime as dt
import html
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from briefgen.compact import Compact
from briefgen.errors import Problem, SeedError, toml_error_line, utf8_error_line
from briefgen.native import mypyc_attr
from briefgen.seeds import MAX_SEED_BYTES, too_large
from briefgen.text import clean_line, normalise_newlines, paragraphs, slug_problem, slugify

FRONT_MATTER_KEYS = frozenset(
    {
        "title",
        "date",
        "source",
        "url",
        "tags",
        "slug",
        "standfirst",
        "summary",
        "image_caption",
        "image_credit",
    }
)
_EMPTY = "file is empty (or only whitespace); add a title line and paragraphs"
_NO_BODY = "no body: the file has a title but no paragraphs; add the article's text below it"


@mypyc_attr(native_class=False)
@dataclass(frozen=True, slots=True)
class Article(Compact):
    """A seed article, cleaned, before any analysis."""

    source_file: str  # path relative to the seeds folder, with / separators
    slug: str
    title: str
    paragraphs: tuple[str, ...]  # plain text, one line each
    standfirst: str | None = None
    date: dt.date | None = None
    image_caption: str | None = None
    image_credit: str | None = None
    source: str | None = None
    url: str | None = None
    tags: tuple[str, ...] = ()
    summary: str | None = None  # an editor's override of the bottom line
    body_markdown: str | None = None  # the body as written, for Markdown seeds


@mypyc_attr(native_class=False)
@dataclass(frozen=True, slots=True)
class ParseResult(Compact):
    article: Article
    warnings: tuple[Problem, ...] = ()


def parse_seed(path: Path, seeds_dir: Path) -> ParseResult:
    """Read and parse one seed; raise SeedError for a seed that cannot be used."""
    return parse_bytes(path.read_bytes(), path.relative_to(seeds_dir).as_posix())


def parse_bytes(raw: bytes, relative: str) -> ParseResult:
    """Parse a seed's bytes; `relative` is its path under the seeds folder."""
    text, warnings = decode(raw, relative)
    if Path(relative).suffix.lower() in (".md", ".markdown"):
        article, more = parse_markdown(text, relative)
    else:
        article, more = parse_text(text, relative), []
    return ParseResult(article, tuple(warnings + more))


def decode(raw: bytes, relative: str) -> tuple[str, list[Problem]]:
    """Bytes to text: UTF-8 (BOM or not), UTF-16 with BOM, else Latin-1 with a warning."""
    if len(raw) > MAX_SEED_BYTES:
        raise SeedError(too_large(len(raw)))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            raise SeedError(f"invalid UTF-16: {exc.reason}; re-save the file as UTF-8") from None
    if b"\x00" in raw[:8192]:
        raise SeedError(
            "binary file (contains NUL bytes); seeds must be text: "
            "move it out of the seeds folder, or re-save it as UTF-8 text"
        )
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        warning = Problem(
            relative,
            "not valid UTF-8; decoded as Latin-1 (re-save the file as UTF-8 to silence this)",
            utf8_error_line(raw, exc),
            warning=True,
        )
        return raw.decode("cp1252", errors="replace").replace("\ufffd", ""), [warning]


# --- plain text -------------------------------------------------------------

_READING_TIME = re.compile(r"^\d+\s*(?:min|mins|minute|minutes)\.?\s*read$", re.IGNORECASE)
_CREDIT = re.compile(r"^(?P<caption>.*?)\s*\[(?P<credit>[^\[\]]{1,60})\]$")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_DATE_FORMS = [
    re.compile(rf"^{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+{_YEAR}$", re.IGNORECASE),
    re.compile(rf"^{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}$", re.IGNORECASE),
    re.compile(
        r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?$"
    ),
]


def parse_date(value: str) -> dt.date | None:
    """A date from a date line ("30 October, 2016", "Oct 30, 2016", "2016-10-30")."""
    date = _date_line(value)
    return date if isinstance(date, dt.date) else None


def _date_line(value: str) -> dt.date | bool:
    """The date of a date line; True for one written as a date that is no real
    date ("31 February 2016"), False for a line that is not a date."""
    value = clean_line(value).rstrip(".")
    for form in _DATE_FORMS:
        match = form.match(value)
        if not match:
            continue
        month_text = match.group("month")
        month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.lower())
        if month is None:
            continue
        try:
            return dt.date(int(match.group("year")), month, int(match.group("day")))
        except ValueError:
            return True
    return False


@dataclass
class _Header:
    standfirst: str | None = None
    date: dt.date | None = None
    caption: str | None = None
    credit: str | None = None


def parse_text(text: str, relative: str) -> Article:
    """The seed layout (title, dek, "2 min read", date, caption [Credit]) or the
    BBC layout (title line, then paragraphs)."""
    blocks = _blocks(text)
    if not blocks:
        raise SeedError(_EMPTY, 1)
    title = blocks[0][0]
    rest = [blocks[0][1:], *blocks[1:]]
    try:
        header, body_blocks = _read_header(title, [b for b in rest if b])
    except _BadDate as exc:
        raise SeedError(
            f"date line {exc.line!r} is not a real date; correct it (e.g. '30 October 2016')",
            _line_number(text, exc.line),
        ) from None
    body = [p for block in body_blocks for p in paragraphs("\n".join(block))]
    if not body:
        raise SeedError(_NO_BODY, 1)
    return Article(
        source_file=relative,
        slug=slugify(title) or slugify(Path(relative).stem) or "briefing",
        title=title,
        paragraphs=tuple(body),
        standfirst=header.standfirst,
        date=header.date,
        image_caption=header.caption,
        image_credit=header.credit,
    )


def _blocks(text: str) -> list[list[str]]:
    """Blank-line separated blocks of cleaned, non-empty lines."""
    blocks: list[list[str]] = [[]]
    for line in _clean_lines(text):
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _read_header(title: str, blocks: list[list[str]]) -> tuple[_Header, list[list[str]]]:
    """Consume the header lines (repeated title, dek, reading time, date, caption)
    from the first blocks; a block is a header only if it has a marker line."""
    header = _Header()
    while blocks:
        block = [line for line in blocks[0] if line != title]
        if block and not any(_is_marker(line) for line in block):
            break
        dek: list[str] = []
        for line in block:
            if not _take_marker(line, header):
                dek.append(line)
        if dek and header.standfirst is None:
            header.standfirst = " ".join(dek)
        blocks = blocks[1:]
    return header, blocks


class _BadDate(Exception):
    def __init__(self, line: str) -> None:
        self.line = line


def _line_number(text: str, line: str) -> int | None:
    """The number of the first line of `text` that cleans to `line`."""
    return next((n for n, clean in enumerate(_clean_lines(text), 1) if clean == line), None)


def _clean_lines(text: str) -> Iterator[str]:
    # entities first, so "&#32;" or "&nbsp;" is cleaned too, never a blank title
    return (clean_line(html.unescape(raw)) for raw in normalise_newlines(text).split("\n"))


def _is_marker(line: str) -> bool:
    return _take_marker(line, _Header())


def _take_marker(line: str, header: _Header) -> bool:
    if _READING_TIME.match(line):
        return True
    date = _date_line(line)
    if date is True:  # a header line meant as the date: silently undated would hide the typo
        raise _BadDate(line)
    if date:
        header.date = header.date or date
        return True
    credit = _CREDIT.match(line)
    if credit:
        header.caption = credit.group("caption") or None
        header.credit = credit.group("credit").strip()
        return True
    return False


# --- Markdown with front matter -------------------------------------------

_FENCES = {"---": "yaml", "+++": "toml"}


def parse_markdown(text: str, relative: str) -> tuple[Article, list[Problem]]:
    """Markdown with optional YAML (---) or TOML (+++) front matter."""
    text = normalise_newlines(text).lstrip("\ufeff")
    if not any(clean_line(line) for line in text.split("\n")):  # not "no title"
        raise SeedError(_EMPTY, 1)
    meta, body, body_line, front = _split_front_matter(text)
    warnings = [
        Problem(
            relative,
            f"unknown front-matter key '{key}' ignored "
            f"(known: {', '.join(sorted(FRONT_MATTER_KEYS))})",
            _key_line(front, key),  # the key's own line, not the fence's
            warning=True,
        )
        for key in meta
        if key not in FRONT_MATTER_KEYS
    ]
    try:
        title, body = _title_of(meta, body)
        slug = _meta_slug(meta)
        url = _meta_str(meta, "url")
        article = Article(
            source_file=relative,
            slug=slug or slugify(title) or slugify(Path(relative).stem) or "briefing",
            title=title,
            paragraphs=tuple(paragraphs(_markdown_to_plain(body))),
            standfirst=_meta_str(meta, "standfirst"),
            date=_meta_date(meta),
            image_caption=_meta_str(meta, "image_caption"),
            image_credit=_meta_str(meta, "image_credit"),
            source=_meta_str(meta, "source"),
            url=_web_address(url),
            tags=_meta_tags(meta),
            summary=_meta_str(meta, "summary"),
            body_markdown=body.strip() + "\n",
        )
    except _BadKey as exc:
        raise SeedError(exc.message, _key_line(front, exc.key)) from None
    if url and not article.url:
        message = "front-matter url is not a web address (http:// or https://); ignored"
        warnings.append(Problem(relative, message, _key_line(front, "url"), warning=True))
    if not article.title:
        raise SeedError("no title: set `title` in the front matter or start with '# Title'", 1)
    if not article.paragraphs:
        raise SeedError(_NO_BODY, body_line)
    return article, warnings


class _BadKey(Exception):
    """A front-matter value that cannot be used; parse_markdown adds its line."""

    def __init__(self, key: str, message: str) -> None:
        self.key = key
        self.message = message


def _key_line(front: str | None, key: str) -> int:
    """The line of `key` in the file (front matter starts on line 2), else 1."""
    if front is None:
        return 1
    pattern = re.compile(rf"""^\s*(?:\[\s*)?["']?{re.escape(key)}["']?\s*[:=\]]""")
    for number, line in enumerate(front.split("\n"), 2):
        if pattern.match(line):
            return number
    return 1


def _split_front_matter(text: str) -> tuple[dict[str, Any], str, int, str | None]:
    """Front matter, body, the body's first line, and the front matter's source."""
    first = text.split("\n", 1)[0].strip()
    if first not in _FENCES:
        return {}, text, 1, None
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].strip() == first:
            source = "\n".join(lines[1:index])
            meta = _load_front_matter(source, _FENCES[first])
            return meta, "\n".join(lines[index + 1 :]), index + 2, source
    raise SeedError(
        f"front matter opened with '{first}' on line 1 is never closed; "
        f"add a '{first}' line after it",
        1,
    )


def _load_front_matter(source: str, kind: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(source) if kind == "yaml" else tomllib.loads(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        raise SeedError(
            f"malformed YAML front matter: {reason} "
            "(write `key: value` lines; quote a value that holds ': ', '[' or '#')",
            line,
        ) from None
    except tomllib.TOMLDecodeError as exc:
        number = toml_error_line(exc)  # counted inside the front matter, after the fence
        line = number + 1 if number is not None else source.count("\n") + 2
        # tomllib counts lines from the fence: its "(at line 1, ...)" would contradict `line`
        reason = re.sub(r" \(at (?:line \d+, )?(column \d+|end of document)\)", "", str(exc))
        raise SeedError(
            f'malformed TOML front matter: {reason} (write `key = "value"` lines)', line
        ) from None
    except ValueError as exc:  # PyYAML builds a timestamp such as 2016-13-45 unchecked
        raise SeedError(
            f"malformed {kind.upper()} front matter: {exc} (a date must be real, like 2016-10-30)",
            _value_error_line(source),
        ) from None
    except RecursionError:  # brackets nested thousands deep
        raise SeedError(f"malformed front matter: nested too deeply ({kind})", 2) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SeedError("front matter must be a mapping of keys to values", 2)
    return {str(k): v for k, v in data.items()}


def _value_error_line(source: str) -> int | None:
    """The line of the first timestamp-like value PyYAML may have choked on."""
    for number, line in enumerate(source.split("\n"), 2):
        if re.search(r":\s*['\"]?\d{4}-\d\d?-\d\d?", line):
            return number
    return None


def _title_of(meta: dict[str, Any], body: str) -> tuple[str, str]:
    title = _meta_str(meta, "title")
    if title:
        return title, body
    match = re.match(r"\s*#\s+(.+?)\s*#*\s*(?:\n|$)", body)
    if match:
        return clean_line(match.group(1)), body[match.end() :]
    return "", body


def _web_address(url: str | None) -> str | None:
    """Only http(s) links: a `javascript:` or `data:` URL runs when clicked, escaped or not."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


def _meta_str(meta: dict[str, Any], key: str) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if not isinstance(value, str | int | float):
        raise _BadKey(key, f"front-matter key '{key}' must be text, got {type(value).__name__}")
    return clean_line(str(value)) or None


def _meta_slug(meta: dict[str, Any]) -> str | None:
    slug = _meta_str(meta, "slug")
    # the slug is a folder in site/: "../x" would write outside it
    problem = slug_problem(slug, "my-briefing") if slug is not None else None
    if problem is not None:
        raise _BadKey("slug", f"front-matter slug {slug!r} {problem[1]}")
    return slug


def _meta_date(meta: dict[str, Any]) -> dt.date | None:
    value = meta.get("date")
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    parsed = parse_date(str(value))
    if parsed is None:
        raise _BadKey("date", f"front-matter date {str(value)!r} is not a date (use 2016-10-30)")
    return parsed


def _meta_tags(meta: dict[str, Any]) -> tuple[str, ...]:
    value = meta.get("tags")
    if value is None:
        return ()
    if isinstance(value, str):
        value = [t for t in re.split(r"\s*,\s*", value) if t]
    if not isinstance(value, list):
        raise _BadKey("tags", "front-matter key 'tags' must be a list of words, like [iraq, oil]")
    return tuple(clean_line(str(tag)) for tag in value if clean_line(str(tag)))


_MD_STRIP = [
    (re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL), ""),
    (re.compile(r"<!--.*?-->", re.DOTALL), ""),
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), ""),
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"<[^>\n]+>"), ""),
    (re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)", re.MULTILINE), ""),
    (re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
]


def _markdown_to_plain(body: str) -> str:
    """Markdown body to plain paragraphs for analysis (not for display)."""
    for pattern, replacement in _MD_STRIP:
        body = pattern.sub(replacement, body)
    return body
