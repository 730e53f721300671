"""Content safety (issue 7): XSS payloads through every seed field and format.

One project holds every payload of tests/fixtures/xss/payloads.txt four times
over: a .txt seed (title, standfirst, caption, credit, body, quotes with a
speaker), a .md seed with YAML front matter (title, source, url, tags,
standfirst, summary, image_caption, image_credit) and a body of inline HTML,
links and images, a .markdown seed with TOML front matter, and a .md seed
titled by its `# Heading`; actors.toml has one actor per payload (name, alias,
description, country, backed_by), named as its seeds' quote speaker. `date` and
`slug` refuse a payload outright (tested apart). The real build runs once; then
every HTML page is checked statically (html5lib: no foreign elements, scripts,
handlers or javascript:/data: URLs; JSON-LD parses and keeps the payload; feed
and sitemap are XML) and loaded from the preview server in headless Chromium,
where any payload that runs is recorded.
"""

from __future__ import annotations

import base64
import functools
import html
import json
import re
import tomllib
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import feedparser
import html5lib
import pytest
import yaml

from briefgen.actors import ACTOR_TYPES, ActorRegistry, load_registry
from briefgen.build import build
from briefgen.config import default_theme_dir, load_config
from briefgen.errors import Abort, SeedError
from briefgen.livereload import PreviewState
from briefgen.parse import FRONT_MATTER_KEYS, Article, parse_bytes
from briefgen.render import ALLOWED_TAGS
from briefgen.text import clean_line

from .browser import Server, serving, url_path
from .conftest import FIXTURES, write_project

PAYLOADS = [
    line
    for line in (FIXTURES / "xss" / "payloads.txt").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("# ")
]
BASE_URL = "https://example.org/briefings/"
SITE_DESCRIPTION = 'Site <script>alert(90)</script> " onmouseover="alert(91)'
SAFE_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "cite"}
BANNED_ATTRIBUTES = {"srcdoc", "http-equiv", "formaction", "action"}
OWN_STYLE = re.compile(r":root \{ --accent: #[0-9a-fA-F]{3,8}; \}")
# the theme's own scripts: a file of its static/, nothing inline
OWN_SCRIPT = re.compile(r"(?:\.\./)*static/[a-z]+\.js")
OWN_STYLE_ATTRIBUTE = re.compile(r"width: \d+%")  # the actor page's timeline bars
_SYLLABLES = ["ba", "ke", "lo", "mi", "nu", "ra", "so", "ti", "vu", "ze"]


def speaker_word(index: int) -> str:
    """A made-up surname per payload ("Xanbake"): the alias a quote's speaker uses."""
    return "Xan" + _SYLLABLES[index // 10 % 10] + _SYLLABLES[index % 10]


def shown(seed: str, payload: str) -> str:
    """The payload as the seed's text: a text seed's entities are decoded (README)."""
    return clean_line(html.unescape(payload)) if seed.endswith(".txt") else payload


def q(value: str) -> str:
    """A YAML or TOML double-quoted string (JSON's escapes are valid in both)."""
    return json.dumps(value)


def seed_files(index: int, payload: str) -> dict[str, str]:
    """The four seeds of one payload."""
    who = f"Vexor {speaker_word(index)}"
    credit = payload if len(payload) <= 60 and not set("[]") & set(payload) else f"Credit {index}"
    day = index % 28 + 1
    text = (
        f"Text {index}: {payload}\n\n"
        f"Dek {index}: {payload}\n2 min read\n{day} October 2016\n"
        f"Caption {index}: {payload} [{credit}]\n\n"
        f"{who} met officials in Baghdad on day {index} and wrote {payload} on a wall.\n\n"
        f"“The group will never accept {payload} in any form,” {who} said.\n\n"
        f"“We reject the plan and {payload} completely,” a spokesman for the ministry said.\n\n"
        f"A last paragraph {index} mentions {payload} once more.\n"
    )
    body = (
        f"{who} spoke in Baghdad on day {index} about {payload} at length.\n\n"
        f"{payload}\n\n"
        f"A [link {index}]({payload}) and an ![image {index}]({payload}) and "
        f'<span title="{payload}">a span</span>.\n\n'
        f'<a href="{payload}">raw link {index}</a> <img src="{payload}" alt="{payload}">\n\n'
        f"“We will not discuss {payload} today at all,” {who} said.\n"
    )
    yaml_meta = [
        f"title: {q(f'Yaml {index}: {payload}')}",
        f"date: 2016-10-{day:02d}",
        f"source: {q(payload)}",
        f"url: {q(payload)}",
        f"tags: [{q(payload)}, {q(f'tag {index}')}]",
        f"standfirst: {q(f'Standfirst {index}: {payload}')}",
        f"summary: {q(f'Summary {index}: {payload}')}",
        f"image_caption: {q(payload)}",
        f"image_credit: {q(payload)}",
        f"slug: yaml-{index}",  # a slug is a folder: a payload is refused (tested below)
    ]
    toml_meta = [
        f"title = {q(f'Toml {index}: {payload}')}",
        f'date = "2016-11-{day:02d}"',
        f"source = {q(payload)}",
        f"url = {q('https://example.org/a?q=' + payload)}",
        f"tags = [{q(payload)}]",
        f"standfirst = {q(f'Standfirst {index}: {payload}')}",
        f"image_caption = {q(payload)}",
        f"image_credit = {q(payload)}",
    ]
    return {
        f"t{index:02d}.txt": text,
        f"y{index:02d}.md": "---\n" + "\n".join(yaml_meta) + "\n---\n" + body,
        f"m{index:02d}.markdown": "+++\n" + "\n".join(toml_meta) + "\n+++\n" + body,
        f"h{index:02d}.md": f"# Heading {index}: {payload}\n\n{body}",
    }


def actor_entry(index: int, payload: str) -> str:
    """One [[actor]] per payload; even ones are people, so quotes name them."""
    kinds = [k for k in ACTOR_TYPES if k != "person"]
    kind = "person" if index % 2 == 0 else kinds[index // 2 % len(kinds)]
    backer = PAYLOADS[(index + 1) % len(PAYLOADS)]
    lines = [
        "[[actor]]",
        f"name = {q(payload)}",
        f'type = "{kind}"',
        f"aliases = [{q(f'Vexor {speaker_word(index)}')}, {q(f'alias {index} {payload}')}]",
        f"description = {q(payload)}",
        f"country = {q(payload)}",
        f"backed_by = [{q(backer)}]",
    ]
    if index % 2:
        lines.append(f'slug = "actor-{index}"')
    return "\n".join(lines) + "\n"


@dataclass
class Built:
    """The built site and what went into it."""

    site: Path
    articles: dict[str, Article]  # seed file name -> parsed article
    actors: dict[str, dict[str, Any]]  # actors.toml entries by name
    registry: ActorRegistry  # as the build loaded actors.toml
    payload_of: dict[str, str]  # seed file name -> payload

    def html_pages(self) -> list[Path]:
        return sorted(self.site.rglob("*.html"))

    def briefing_page(self, seed: str) -> Path:
        return self.site / "briefings" / self.articles[seed].slug / "index.html"

    def actor_page(self, name: str) -> Path:
        actor = self.registry.get(name)
        assert actor is not None, name
        return self.site / "actors" / actor.slug / "index.html"

    def url_path(self, page: Path) -> str:
        return url_path(page.relative_to(self.site).as_posix())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    seeds: dict[str, str] = {}
    payload_of: dict[str, str] = {}
    for index, payload in enumerate(PAYLOADS):
        for name, text in seed_files(index, payload).items():
            seeds[name] = text
            payload_of[name] = payload
    actors_toml = "\n".join(actor_entry(i, p) for i, p in enumerate(PAYLOADS))
    config = (
        f'[site]\ntitle = "XSS"\nbase_url = {q(BASE_URL)}\ndescription = {q(SITE_DESCRIPTION)}\n'
        f"author = {q(SITE_DESCRIPTION)}\n[build]\nfeed_entries = 0\n"
    )
    root = write_project(tmp_path_factory.mktemp("xss-project"), seeds, actors_toml, config)
    build(load_config(root / "config.toml"))
    articles = {
        name: parse_bytes(text.encode("utf-8"), name).article for name, text in seeds.items()
    }
    actors = {a["name"]: a for a in tomllib.loads(actors_toml)["actor"]}
    registry = load_registry(root / "seeds" / "actors.toml")
    return Built(root / "site", articles, actors, registry, payload_of)


def test_the_corpus_covers_the_issue() -> None:
    assert len(PAYLOADS) >= 40
    assert len(set(PAYLOADS)) == len(PAYLOADS)
    joined = "\n".join(PAYLOADS)
    for needle in [
        "</script><script>",
        "</ScRiPt>",
        "onerror=",
        "<body onload",
        "<svg onload",
        "ontoggle",
        "<svg><script>",
        "JaVaScRiPt:",
        "&#106;avascript:",
        "%6A%61%76%61",
        "data:text/html",
        "<iframe",
        "<object",
        "<embed",
        "<style>",
        "style=",
        'http-equiv="refresh"',
        "<base href",
        '" onmouseover=',
        "' autofocus onfocus=",
        "[x](javascript:",
        "![x](javascript:",
        "{{ 7*7 }}",
        "{% raw %}",
    ]:
        assert needle in joined, needle
    markers = ("alert(", "confirm(", "prompt(", "window.__xss=1", "XSS-MARKER")
    for payload in PAYLOADS:
        encoded = re.search(r"base64,([A-Za-z0-9+/=]+)", payload)
        plain = payload + (base64.b64decode(encoded.group(1)).decode() if encoded else "")
        assert any(m in plain for m in markers), payload


# --- static checks on the built files ------------------------------------------


def _unsafe_url(value: str) -> bool:
    """A URL a browser would run or render as a document: javascript:, data:, vbscript:.
    `value` is already entity-decoded (by the HTML parser); browsers also drop
    leading controls and spaces and every tab and newline before reading the scheme."""
    cleaned = re.sub(r"[\t\n\r]", "", value).lstrip(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08"
        "\x0b\x0c\x0e\x0f\x10\x11\x12\x13"
        "\x14\x15\x16\x17\x18\x19\x1a\x1b"
        "\x1c\x1d\x1e\x1f "
    )
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", cleaned)
    return bool(scheme) and scheme.group(1).lower() not in SAFE_SCHEMES


def _template_tags() -> set[str]:
    """Every element the theme writes itself, plus what the sanitiser lets through."""
    found = set(ALLOWED_TAGS) | {"html", "head", "body"}
    for template in default_theme_dir().glob("*.html"):
        found |= set(re.findall(r"<([a-z][a-z0-9]*)", template.read_text(encoding="utf-8")))
    return found


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def page_problems(document: Any, allowed_tags: set[str]) -> list[str]:
    """What in a parsed page did not come from the theme or the sanitiser's allow-list."""
    problems = []
    head = document.find("head")
    head_children = set(head.iter()) if head is not None else set()
    for element in document.iter():
        tag = element.tag if isinstance(element.tag, str) else "?"
        if tag not in allowed_tags:
            problems.append(f"element <{tag}>")
        own = OWN_SCRIPT.fullmatch(element.get("src") or "") and not (element.text or "").strip()
        if (
            tag == "script"
            and not own
            and (element.get("type") != "application/ld+json" or element.get("src") is not None)
        ):
            problems.append(f"script {element.attrib} {(element.text or '')[:60]!r}")
        if tag == "style" and (
            element not in head_children or not OWN_STYLE.fullmatch(element.text or "")
        ):
            problems.append(f"style {(element.text or '')[:60]!r}")
        if tag == "meta" and set(element.attrib) - {"charset", "name", "content", "property"}:
            problems.append(f"meta {element.attrib}")
        if tag == "link" and element.get("rel") not in {
            "canonical",
            "alternate",
            "icon",
            "stylesheet",
        }:
            problems.append(f"link {element.attrib}")
        for name, value in element.attrib.items():
            local = _local(name).lower()
            if local.startswith("on") or local in BANNED_ATTRIBUTES:
                problems.append(f"<{tag} {local}={value[:60]!r}>")
            if local == "style" and not OWN_STYLE_ATTRIBUTE.fullmatch(value):
                problems.append(f"<{tag} style={value[:60]!r}>")
            if local in URL_ATTRIBUTES and _unsafe_url(value):
                problems.append(f"<{tag} {local}={value[:60]!r}>")
    return problems


@functools.cache  # pages do not change once built; no caller changes the tree
def parse_page(path: Path) -> Any:
    return html5lib.parse(path.read_bytes(), treebuilder="etree", namespaceHTMLElements=False)


def jsonld_blocks(document: Any) -> list[Any]:
    return [
        json.loads(s.text or "")
        for s in document.iter("script")
        if s.get("type") == "application/ld+json"
    ]


def test_every_seed_reached_the_site(built: Built) -> None:
    assert len(built.articles) == 4 * len(PAYLOADS)
    for seed in built.articles:
        assert built.briefing_page(seed).is_file(), seed
    for name in built.actors:
        assert built.actor_page(name).is_file(), name


def test_no_page_carries_foreign_markup(built: Built) -> None:
    allowed = _template_tags()
    assert "script" in allowed and "iframe" not in allowed and "base" not in allowed
    problems = []
    pages = built.html_pages()
    assert len(pages) >= 5 * len(PAYLOADS)
    for page in pages:
        document = parse_page(page)
        problems += [
            f"{page.relative_to(built.site)}: {p}" for p in page_problems(document, allowed)
        ]
    assert problems == []


def test_jsonld_parses_and_keeps_the_payload(built: Built) -> None:
    for seed, article in built.articles.items():
        blocks = jsonld_blocks(parse_page(built.briefing_page(seed)))
        assert len(blocks) == 1, seed
        data = blocks[0]
        assert data["headline"] == article.title
        if article.source:
            assert data["publisher"]["name"] == article.source
        if seed.startswith("y"):  # `summary` is the bottom line
            assert data["description"] == article.summary
        assert shown(seed, built.payload_of[seed]) in data["headline"], seed
    for name, actor in built.actors.items():
        blocks = jsonld_blocks(parse_page(built.actor_page(name)))
        assert len(blocks) == 1
        assert blocks[0]["name"] == name
        assert blocks[0]["description"] == actor["description"]
        assert blocks[0]["alternateName"] == actor["aliases"]


def test_raw_html_never_closes_a_jsonld_script(built: Built) -> None:
    for page in built.html_pages():
        text = page.read_text(encoding="utf-8")
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S):
            assert "<" not in block and ">" not in block, page
            json.loads(block)
        own = len(re.findall(r'<script src="(?:\.\./)*static/[a-z]+\.js"></script>', text))
        assert text.count("<script") == text.count('<script type="application/ld+json">') + own, (
            page
        )


def test_feed_and_sitemap_are_xml_and_keep_the_payload(built: Built) -> None:
    feed_bytes = (built.site / "feed.xml").read_bytes()
    parsed = feedparser.parse(feed_bytes)
    assert not parsed.bozo, parsed.get("bozo_exception")
    atom = "{http://www.w3.org/2005/Atom}"
    root = ET.fromstring(feed_bytes)
    titles = {e.findtext(f"{atom}title") for e in root.iter(f"{atom}entry")}
    assert titles == {a.title for a in built.articles.values()}
    summaries = {e.findtext(f"{atom}summary") for e in root.iter(f"{atom}entry")}
    assert {a.summary for a in built.articles.values() if a.summary} <= summaries
    labels = {c.get("label") for c in root.iter(f"{atom}category")}
    assert set(built.actors) <= labels
    assert root.findtext(f"{atom}subtitle") == SITE_DESCRIPTION
    sitemap = ET.fromstring((built.site / "sitemap.xml").read_bytes())
    locs = [
        loc.text or "" for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert len(locs) == len(set(locs)) == len(list(built.site.rglob("index.html")))
    assert all(loc.startswith(BASE_URL) for loc in locs)
    slugs = {a.slug for a in built.articles.values()}
    assert {f"{BASE_URL}briefings/{s}/" for s in slugs} <= set(locs)


def test_briefing_markdown_front_matter_keeps_the_payload(built: Built) -> None:
    for seed, article in built.articles.items():
        text = built.briefing_page(seed).with_name("index.md").read_text(encoding="utf-8")
        meta = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))
        assert meta["title"] == article.title
        assert meta["source"] == article.source and meta["url"] == article.url
        assert meta["tags"] == list(article.tags)


def test_every_front_matter_key_is_used() -> None:
    """Every key parse.py accepts is in the YAML seeds; all carry the payload but
    `date` and `slug`, which refuse anything but a date and a slug (next test)."""
    text = seed_files(0, PAYLOADS[0])["y00.md"]
    keys = {line.split(":", 1)[0] for line in text.split("---\n")[1].splitlines()}
    assert keys == FRONT_MATTER_KEYS


@pytest.mark.parametrize("payload", [PAYLOADS[0], PAYLOADS[8], "javascript:alert(1)%2F%2F"])
def test_date_and_slug_refuse_a_payload(payload: str, tmp_path: Path) -> None:
    """A slug is a folder and a link (`javascript:` would be a link from actors/);
    a date is a date. Both refuse a payload with an error, not a page."""
    for key, message in [("date", "not a date"), ("slug", "must be lower-case")]:
        seed = f"---\ntitle: x\n{key}: {q(payload)}\n---\nSome body text here.\n"
        with pytest.raises(SeedError, match=message):
            parse_bytes(seed.encode(), "bad.md")
    registry = tmp_path / "actors.toml"
    registry.write_text(f'[[actor]]\nname = "X"\ntype = "state"\nslug = {q(payload)}\n')
    with pytest.raises(Abort, match="must be lower-case"):
        load_registry(registry)


# --- in Chromium ----------------------------------------------------------------

# Runs before any page script: records every way a payload signals it ran.
INIT_SCRIPT = """
(() => {
  const hits = [];
  Object.defineProperty(window, "__xssHits", { value: hits });
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = (...args) => { hits.push(name + "(" + args.join(",") + ")"); };
  }
})();
"""

# Fires the events payloads wait for, then reports what the DOM holds.
PROBE = """
async () => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const name of el.getAttributeNames()) {
      const local = name.toLowerCase().split(":").pop();
      if (local.startsWith("on")) found.push(`<${el.localName} ${name}>`);
      if (["href", "src", "action", "formaction", "data", "poster"].includes(local)) {
        let protocol = "";
        try { protocol = new URL(el.getAttribute(name), document.baseURI).protocol; }
        catch (e) { continue; }
        if (["javascript:", "data:", "vbscript:"].includes(protocol)) {
          found.push(`<${el.localName} ${name}=${el.getAttribute(name).slice(0, 60)}>`);
        }
      }
    }
  }
  for (const script of document.scripts) {
    const src = script.getAttribute("src") || "";  // the theme's own: static/*.js, empty
    const own = src.endsWith(".js") && src.split("/").at(-2) === "static" && !script.text.trim();
    if (!own && (script.type !== "application/ld+json" || script.src)) {
      found.push("script " + script.outerHTML.slice(0, 80));
    }
  }
  if (document.baseURI !== location.href.split("#")[0]) found.push("base " + document.baseURI);
  for (const el of document.querySelectorAll("body *")) {
    for (const type of ["pointerover", "mouseover", "mouseenter", "mousemove", "focusin"]) {
      el.dispatchEvent(new MouseEvent(type, { bubbles: true }));
    }
    if (typeof el.focus === "function") el.focus();
  }
  await new Promise((resolve) => setTimeout(resolve, 0));  // a task for anything queued
  return {
    found,
    hits: window.__xssHits ? [...window.__xssHits] : ["init script missing"],
    flag: window.__xss === undefined ? null : String(window.__xss),
    url: location.href,
    h1: document.querySelector("h1")?.textContent ?? "",
    text: document.querySelector("main")?.textContent ?? "",
  };
}
"""


@dataclass
class Visit:
    path: str
    found: list[str]
    hits: list[str]
    flag: str | None
    events: list[str]
    frames: int
    h1: str
    text: str


@pytest.fixture(scope="module")
def server(built: Built) -> Iterator[Server]:
    with serving(built.site) as server:
        yield server


TABS = 4  # pages load in this many tabs at once: navigation, not the probe, is the cost


def visit_pages(browser: Any, base: str, paths: list[str]) -> list[Visit]:
    """Load each page, fire hover and focus events, record what ran. One context
    whose init script arms every tab; navigations of TABS tabs overlap."""
    context = browser.new_context()
    context.add_init_script(INIT_SCRIPT)
    tabs = []
    for _ in range(TABS):
        tab = context.new_page()
        events: list[str] = []

        def on_dialog(dialog: Any, events: list[str] = events) -> None:
            events.append(f"dialog {dialog.type}: {dialog.message}")
            dialog.dismiss()

        def on_console(message: Any, events: list[str] = events) -> None:
            if "XSS" in message.text:
                events.append(f"console {message.text}")

        tab.on("dialog", on_dialog)
        tab.on("console", on_console)
        tab.on("pageerror", lambda e, events=events: events.append(f"pageerror {e}"))
        tabs.append((tab, events))
    visits = []
    for start in range(0, len(paths), TABS):
        batch = list(zip(tabs, paths[start : start + TABS], strict=False))
        for (tab, events), path in batch:
            events.clear()
            tab.evaluate("url => { location.href = url; }", urllib.parse.urljoin(base, path))
        for (tab, events), path in batch:
            url = urllib.parse.urljoin(base, path)
            tab.wait_for_url(url, wait_until="load")
            tab.mouse.move(400, 150)  # a real pointer too, not only the events PROBE fires
            tab.mouse.move(200, 500)
            result = tab.evaluate(PROBE)
            for frame in tab.frames[1:]:  # an iframe is a leak by itself; check it ran nothing
                result["hits"] += frame.evaluate("window.__xssHits ? [...window.__xssHits] : []")
            if result["url"] != url:
                result["found"].append(f"navigated to {result['url']}")
            visits.append(
                Visit(
                    path=path,
                    found=result["found"],
                    hits=result["hits"],
                    flag=result["flag"],
                    events=list(events),
                    frames=len(tab.frames),
                    h1=result["h1"],
                    text=result["text"],
                )
            )
    context.close()
    return visits


@pytest.fixture(scope="module")
def visits(built: Built, server: Server, browser: Any) -> dict[str, Visit]:
    paths = [built.url_path(p) for p in built.html_pages()]
    return {v.path: v for v in visit_pages(browser, server.url, paths)}


@pytest.mark.browser
def test_no_payload_runs_in_chromium(
    built: Built, visits: dict[str, Visit], server: Server
) -> None:
    assert len(visits) == len(built.html_pages()) >= 5 * len(PAYLOADS)
    ran = [
        f"{v.path}: {v.hits} {v.events} flag={v.flag} frames={v.frames} {v.found}"
        for v in visits.values()
        if v.hits or v.events or v.flag is not None or v.frames != 1 or v.found
    ]
    assert ran == []
    assert server.errors == [], "".join(server.errors[:3])


@pytest.mark.browser
def test_text_seed_html_shows_as_text(built: Built, visits: dict[str, Visit]) -> None:
    captions = 0
    for seed, article in built.articles.items():
        visit = visits[built.url_path(built.briefing_page(seed))]
        assert visit.h1 == article.title, seed
        if not seed.endswith(".txt"):
            continue
        assert shown(seed, built.payload_of[seed]) in visit.h1
        captions += article.image_caption is not None
        for text in [*article.paragraphs, article.image_caption, article.image_credit]:
            assert text is None or text in visit.text, (seed, text)
    assert captions >= len(PAYLOADS) - 5  # an entity for a newline ends the caption's line
    titles = " ".join(v.h1 for v in visits.values())
    assert "{{ 7*7 }}" in titles and "{% raw %}" in titles  # Jinja never evaluates seed text


@pytest.mark.browser
def test_actor_names_and_quote_speakers_show_as_text(
    built: Built, visits: dict[str, Visit]
) -> None:
    speakers = 0
    for index, payload in enumerate(PAYLOADS):  # some break the quote itself: '"', '“'
        actor = built.actors[payload]
        visit = visits[built.url_path(built.actor_page(payload))]
        assert visit.h1 == payload
        assert actor["aliases"][1] in visit.text
        assert actor["description"] in visit.text
        if index % 2 == 0:  # a person: the quotes in its seeds name it as the speaker
            document = parse_page(built.briefing_page(f"t{index:02d}.txt"))
            captions = ["".join(c.itertext()) for c in document.iter("figcaption")]
            speakers += payload in captions
    assert speakers >= len(PAYLOADS) // 4


@pytest.mark.browser
def test_search_results_show_payloads_as_text(built: Built, server: Server, browser: Any) -> None:
    """Titles, dates and summaries from seeds and actors.toml, shown by
    static/search.js from the search index: as text, and nothing runs."""
    context = browser.new_context()
    try:
        context.add_init_script(INIT_SCRIPT)
        page = context.new_page()
        events: list[str] = []
        page.on("dialog", lambda d: (events.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: events.append(str(e)))
        titles = {a.title for a in built.articles.values()} | set(built.actors)
        for query in ("Baghdad", "alias"):  # every seed, every actor
            page.goto(f"{server.url}search/?q={query}")
            page.wait_for_selector(".search-results li")
            shown = page.eval_on_selector_all(
                ".search-results h2", "h => h.map(e => e.textContent)"
            )
            assert len(shown) == 30 and set(shown) <= titles, query
            result = page.evaluate(PROBE)
            assert (result["found"], result["hits"], result["flag"], events) == ([], [], None, [])
    finally:
        context.close()


@pytest.mark.browser
def test_preview_error_overlay_shows_a_payload_as_text(
    built: Built, browser: Any, make_project: Callable[..., Path]
) -> None:
    """A seed whose bad date carries a payload: the preview's error overlay quotes it."""
    payload = PAYLOADS[0]
    project = make_project({"bad.md": f"---\ntitle: x\ndate: {q(payload)}\n---\nA body.\n"})
    with pytest.raises(Abort) as failure:
        build(load_config(project / "config.toml"))
    assert payload in str(failure.value)
    state = PreviewState()
    state.failed(str(failure.value))
    with serving(built.site, state) as server:
        context = browser.new_context()
        try:
            context.add_init_script(INIT_SCRIPT)
            page = context.new_page()
            page.goto(server.url)
            overlay = page.locator("#briefgen-error pre").text_content() or ""
            assert payload in overlay
            assert page.evaluate("[...window.__xssHits]") == []
            assert page.evaluate("window.__xss") is None
        finally:
            context.close()
    assert server.errors == [], "".join(server.errors[:3])


def test_control_character_in_actors_toml_keeps_the_feed_xml(
    make_project: Callable[..., Path],
) -> None:
    project = make_project(
        {"a.txt": "A title about Zorbania\n\nZorbania said things today in the capital city.\n"},
        actors='[[actor]]\nname = "Bad\\u000bName"\ntype = "state"\naliases = ["Zorbania"]\n',
    )
    build(load_config(project / "config.toml"))
    ET.fromstring((project / "site" / "feed.xml").read_bytes())
