"""Property tests: whatever bytes a seed holds, parsing and analysis end in an
Article and a Briefing or in the project's own SeedError, never in a crash.

Derandomized and database-less, so a run is the same on every machine. The
@examples are inputs that once crashed or gave a broken Article ("was: ..."),
kept so they stay fixed. To
hunt for more: BRIEFGEN_HYPOTHESIS=5000 pytest tests/test_property.py runs that
many random (not derandomized) examples per test.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from functools import cache

import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from briefgen.actors import load_registry
from briefgen.briefing import Analyser
from briefgen.config import Config
from briefgen.errors import SeedError
from briefgen.parse import FRONT_MATTER_KEYS, Article, ParseResult, parse_bytes
from briefgen.pool import _body_html, make_analyser
from briefgen.serialize import front_matter_yaml

from .conftest import FIXTURES

HUNT = int(os.environ.get("BRIEFGEN_HYPOTHESIS", "0"))
SETTINGS = settings(
    max_examples=HUNT or 150,
    deadline=None,
    derandomize=not HUNT,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SEED_NAMES = st.sampled_from(["a.txt", "a.md", "sub/a.markdown"])
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # a folder of site/, leading nowhere else


@cache
def analyser() -> Analyser:
    project = FIXTURES / "site-basic"
    return make_analyser(Config(root=project), load_registry(project / "seeds" / "actors.toml"))


def parse(raw: bytes, name: str) -> ParseResult | None:
    """The parse, or None for a seed refused with SeedError (with a message)."""
    try:
        result = parse_bytes(raw, name)
    except SeedError as exc:
        assert exc.message.strip() and "Traceback" not in exc.message
        assert exc.line is None or exc.line >= 1
        event(f"refused: {exc.message.split(':')[0]}")  # --hypothesis-show-statistics
        return None
    event("parsed")
    return result


def check_article(article: Article) -> None:
    assert article.title.strip()
    assert article.paragraphs and all(p.strip() for p in article.paragraphs)
    # the slug becomes a folder of site/: nothing that could lead out of it
    assert SLUG.fullmatch(article.slug), article.slug


def analyse(raw: bytes, name: str) -> None:
    """What a build does with one seed (pool._analyse_one, minus its catch-all)."""
    result = parse(raw, name)
    if result is None:
        return
    article = result.article
    check_article(article)
    for warning in result.warnings:
        assert warning.warning and warning.file == name
    worker = analyser()
    text = worker.read(article)
    briefing = worker.analyse(article, text)
    _body_html(article)
    front = yaml.safe_load(front_matter_yaml(briefing))  # the briefing Markdown's contract
    assert front["title"] == article.title and front["slug"] == article.slug
    assert len(briefing.key_points) <= worker.key_points
    assert briefing.reading_minutes >= 1


# --- arbitrary bytes and text ------------------------------------------------


# arbitrary bytes, and arbitrary bytes cut into paragraphs without NULs (which
# are refused at once as binary), so that some get past decoding into the analysis
BYTES = st.one_of(
    st.binary(max_size=3000),
    st.lists(st.binary(max_size=200).map(lambda b: b.replace(b"\0", b"")), max_size=12).map(
        b"\n\n".join
    ),
)
TEXT = st.one_of(
    st.text(max_size=3000), st.lists(st.text(max_size=200), max_size=12).map("\n\n".join)
)


@SETTINGS
@given(BYTES, SEED_NAMES)
@example(b"\xff\xfe\x00", "a.txt")  # UTF-16 BOM, odd length
@example(b"\xef\xbb\xbf", "a.md")  # a BOM and nothing else
def test_any_bytes(raw: bytes, name: str) -> None:
    analyse(raw, name)


@SETTINGS
@given(TEXT, SEED_NAMES, st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
@example("\u200b", "a.txt", "utf-8")  # only a zero-width space: empty, not a title
@example("&#8203;\n\nBody text.", "a.txt", "utf-8")  # an entity for one: not a title either
@example("&#32;\nBody.", "a.txt", "utf-8")  # was: title " "
@example("---\ndate: 2016-13-45\n---\nBody.", "a.md", "utf-8")  # was: ValueError (PyYAML)
@example("---\n" + "[" * 5000 + "\n---\nBody.", "a.md", "utf-8")  # was: RecursionError
@example("+++\na = " + "[" * 5000 + "\n+++\nBody.", "a.md", "utf-8")  # was: RecursionError
@example("# \u65e5\u672c\n\nBody.", "\u65e5\u672c.md", "utf-8")  # was: slug "" (no ASCII)
def test_any_text(text: str, name: str, encoding: str) -> None:
    analyse(text.encode(encoding), name)


# --- plausible seeds -----------------------------------------------------------

ODD = st.sampled_from(
    [
        "\u200b",  # zero-width space
        "\u200f",  # right-to-left mark
        "\u202e",  # right-to-left override
        "\u2066",  # isolate
        "\ufeff",
        "\u00a0",
        "\u00ad",
        "\x00",
        "\x07",
        "\x1b",
        "\x7f",
        "\x85",
        "\u2028",
        "\r",
        "\t",
        "&amp;",
        "&#233;",
        "&#0;",
        "&nbsp;",
        "\u0627\u0644\u062d\u0634\u062f",  # Arabic
        "'",
        '"',
        "\u201c",
        "\u201d",
        "[Getty]",
        "#",
        "*",
        "_",
        "`",
        "<script>",
        "]",
        "(",
    ]
)
WORD = st.one_of(
    st.from_regex(r"[A-Z][a-z]{1,9}", fullmatch=True),
    st.from_regex(r"[a-z]{1,9}", fullmatch=True),
    st.sampled_from(
        [
            "al-Assad",
            "Mr",
            "Dr.",
            "U.S.",
            "IS",
            "PMU",
            "Iraq's",
            "Iran-backed",
            "Hashd",
            "Prime",
            "Minister",
            "said",
            "told",
            "he",
            "(PMU)",
            "2016",
            "$10.9bn.",
            "e.g.",
            "also",
            "known",
            "as",
        ]
    ),
    ODD,
)
NAME_RUN = st.lists(st.from_regex(r"[A-Z][a-z]{2,8}", fullmatch=True), min_size=2, max_size=5).map(
    " ".join
)
SENTENCE = st.builds(
    lambda words, end: " ".join(words) + end,
    st.lists(st.one_of(WORD, NAME_RUN), min_size=1, max_size=25),
    st.sampled_from([".", "!", "?", "", ".\u201d", '."', ":"]),
)
QUOTE = st.builds(
    lambda open_, said, close, speaker, verb: f"{open_}{said},{close} {speaker} {verb}.",
    st.sampled_from(['"', "\u201c", "'"]),
    SENTENCE,
    st.sampled_from(['"', "\u201d", "'", ""]),
    st.one_of(NAME_RUN, st.sampled_from(["he", "a spokesman for the group", "Mr Allawi"])),
    st.sampled_from(["said", "told reporters", "added", ""]),
)
PARAGRAPH = st.lists(st.one_of(SENTENCE, QUOTE), min_size=1, max_size=6).map(" ".join)
LONG_LINE = st.builds(lambda word, n: " ".join([word] * n), WORD, st.integers(500, 3000))
HEADER_LINE = st.one_of(
    st.sampled_from(
        [
            "2 min read",
            "30 October, 2016",
            "October 30, 2016",
            "2016-10-30",
            "31 February 2016",
            "Sunday 30 Oct 2016",
            "Hashd al-Shaabi fighting near Mosul [Getty]",
            "[AFP]",
        ]
    ),
    SENTENCE,
)
SCALAR = st.one_of(
    st.text(max_size=30),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.none(),
    st.dates(),
    st.sampled_from(["[unclosed", "{a: b", ": x", "'", '"', "- a", "!!python/object:os.system"]),
)
KEY = st.one_of(
    st.sampled_from(sorted(FRONT_MATTER_KEYS)), st.from_regex(r"[a-z_]{1,12}", fullmatch=True)
)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | int | float):
        return str(value)  # a date's str is its isoformat()
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


FRONT_MATTER = st.one_of(
    st.lists(st.tuples(KEY, st.one_of(SCALAR, st.lists(SCALAR, max_size=3))), max_size=6).map(
        lambda pairs: (
            "---\n"
            + "".join(
                f"{k}: {[str(x) for x in v] if isinstance(v, list) else str(v)}\n" for k, v in pairs
            )
            + "---\n"
        )
    ),
    st.lists(st.tuples(KEY, SCALAR), max_size=6).map(
        lambda pairs: "+++\n" + "".join(f"{k} = {_toml_value(v)}\n" for k, v in pairs) + "+++\n"
    ),
    st.sampled_from(["---\n", "+++\n", "---\n---\n", "---\n- a\n- b\n---\n", "+++\n[t]\n+++\n"]),
)
NEWLINE = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def seeds(draw: st.DrawFn) -> tuple[str, str]:
    """A seed that looks like one: front matter or not, a title, header lines,
    paragraphs (quotes, name runs, odd characters, very long lines), any newlines."""
    markdown = draw(st.booleans())
    lines: list[str] = []
    if markdown and draw(st.booleans()):
        lines += draw(FRONT_MATTER).split("\n")
    if draw(st.integers(0, 9)):  # most have a title
        title = draw(st.one_of(SENTENCE, NAME_RUN))
        lines.append(f"# {title}" if markdown and draw(st.booleans()) else title)
        lines += draw(st.lists(HEADER_LINE, max_size=4))
        lines.append("")
    for paragraph in draw(st.lists(st.one_of(PARAGRAPH, LONG_LINE), max_size=6)):
        lines += [paragraph, ""]
    text = draw(NEWLINE).join(lines)
    return text, "a.md" if markdown else "a.txt"


@SETTINGS
@given(seeds())
@example(("31 February 2016\n\nTitle\n\nBody.", "a.txt"))
@example(("Title\n\n31 February 2016\n\nBody.", "a.txt"))  # was: silently undated
@example(("---\nslug: ../../x\n---\nBody here.", "a.md"))  # was: slug "../../x", out of site/
@example(("---\ntitle: T\nauthorr: x\ntags: 3\n---\nBody.", "a.md"))
def test_plausible_seeds(seed: tuple[str, str]) -> None:
    text, name = seed
    analyse(text.encode("utf-8"), name)
