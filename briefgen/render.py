"""Render pages through Jinja templates; Markdown to sanitised HTML."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import html
import os
import posixpath
import shutil
import threading
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
import nh3
from markupsafe import Markup

from briefgen import __version__, jinja_runtime
from briefgen.briefing import Briefing
from briefgen.config import CACHE_DIR, Config, template_dirs
from briefgen.errors import Problem, Superseded, display_path, utf8_problem
from briefgen.links import PageLinks
from briefgen.native import code_hash
from briefgen.text import slugify

# Tags and attributes Markdown produces; everything else from a seed is dropped.
ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align"},
}


_LOCAL = threading.local()  # one converter per thread: Markdown keeps state while converting


def markdown_html(text: str) -> str:
    """Markdown to HTML, sanitised: seeds may carry hostile inline HTML. A
    function of the text alone, so it is done with the analysis and cached."""
    converter = getattr(_LOCAL, "markdown", None)
    if converter is None:
        import markdown  # here: most builds (text seeds, or all cached) never need it

        converter = _LOCAL.markdown = markdown.Markdown(
            extensions=["extra", "sane_lists"], output_format="html"
        )
    html = converter.reset().convert(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def text_html(paragraphs: Sequence[str]) -> str:
    """A text seed's paragraphs as HTML: text by construction, so no Markdown
    pass and no sanitiser (the same HTML they would give, tested, in a fifth
    of the time)."""
    return "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)


TEMPLATE_CACHE = "templates"  # compiled templates, beside the analysis cache


class TemplateProblem(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


class _Loader(jinja2.FileSystemLoader):
    """FileSystemLoader whose template that is not UTF-8 is a TemplateProblem
    naming the file and line, not a UnicodeDecodeError out of the build."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError:
            # the file the loader read: the first folder that has it
            path = next((p for f in self.searchpath if (p := Path(f, template)).is_file()), None)
            if path is None:
                raise
            raw = path.read_bytes()
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise TemplateProblem(utf8_problem(display_path(path), raw, exc)) from None
            raise  # it decodes now: changed since the loader read it


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Templates compiled by an earlier process, checked against their source
    (Jinja's own cache), in a folder per briefgen and Jinja version: the
    environment's options are not part of Jinja's key. A folder that cannot be
    written costs a compile, nothing else."""

    def __init__(self, root: Path) -> None:
        version = hashlib.sha256(f"{code_hash()} {jinja2.__version__}".encode()).hexdigest()
        self.root = root
        super().__init__(str(root / f"{TEMPLATE_CACHE}-{version[:16]}"))

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            if not os.path.isdir(self.directory):
                self._remove_others()
                os.makedirs(self.directory)
            super().dump_bytecode(bucket)

    def _remove_others(self) -> None:
        for old in self.root.glob(f"{TEMPLATE_CACHE}-*"):
            shutil.rmtree(old, ignore_errors=True)


class Renderer:
    """One Jinja environment for a whole build: templates compile once, and
    are kept compiled for the next process."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.dirs = template_dirs(config)
        self.env = jinja2.Environment(
            loader=_Loader([str(d) for d in self.dirs]),
            autoescape=jinja2.select_autoescape(["html", "xml"], default=True),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=_CompiledTemplates(config.root / CACHE_DIR),
        )
        self.env.code_generator_class = jinja_runtime.CodeGenerator
        self.env.context_class = jinja_runtime.Context
        self.env.filters["isodate"] = lambda d: d.isoformat() if d else ""
        self.env.filters["longdate"] = long_date
        self.env.filters["slug"] = slugify
        self._feed_entries: dict[tuple[int, dt.date | None], tuple[Briefing, Markup]] = {}
        self._base = config.site.base_url.rstrip("/") + "/"
        self._every_page = {  # the same for every page: made once
            "site": config.site,
            "theme": config.theme,
            "sections": config.build.sections,
            "absolute_url": jinja_runtime.DirectCall(_absolute_url, self._base),
            "generator": f"briefgen {__version__}",
            "feed_entry": jinja_runtime.DirectCall(self._feed_entry),
        }

    @contextlib.contextmanager
    def rendering(self) -> Iterator[None]:
        """One render of a site. Templates are checked against their files once,
        at the start, not at every page and include (a stat each, 25,000 in a
        cold build of 5,000 seeds); feed entries an earlier render made (with
        other briefings, or templates since edited) are not reused."""
        self._feed_entries.clear()
        cache = self.env.cache
        if cache is not None:
            for key, template in list(cache.items()):
                if not template.is_up_to_date:
                    del cache[key]
        self.env.auto_reload = False
        try:
            yield
        finally:
            self.env.auto_reload = True

    def _feed_entry(self, briefing: Briefing, updated: dt.date | None) -> Markup:
        """A briefing's <entry>, the same in every feed that lists it (the
        site's and each of its actors'): rendered once per build, not in each.
        Its `updated` is its date, or the feed's for an undated briefing."""
        key = id(briefing), briefing.date or updated
        held = self._feed_entries.get(key)
        if held is None or held[0] is not briefing:  # an id can be reused
            template = self.env.get_template("feed-entry.xml")
            text = template.render(self._common("feed.xml"), b=briefing, updated=key[1])
            held = self._feed_entries[key] = (briefing, Markup(text))
        return held[1]

    def page(
        self,
        template: str,
        path: str,
        superseded: Callable[[], bool] | None = None,
        **context: Any,
    ) -> bytes:
        """Render one output file; `path` is its location in site/. With
        `superseded`, a long page (a feed of thousands) can stop part way."""
        try:
            tmpl = self.env.get_template(template)
            if superseded is None:
                text = tmpl.render(**self._common(path), **context)
            else:
                text = _render_unless(tmpl.generate(**self._common(path), **context), superseded)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateProblem(self._problem(exc.filename, exc.lineno, exc.message)) from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateProblem(
                Problem(
                    template,
                    f"template not found: {exc.name} (looked in "
                    f"{', '.join(display_path(d) for d in self.dirs)})",
                )
            ) from None
        except jinja2.TemplateError as exc:
            filename, line = _template_frame(exc.__traceback__, self.dirs)
            hint = ""
            if isinstance(exc, jinja2.UndefinedError):
                hint = "; check the spelling, or guard it with `{% if x is defined %}`"
            raise TemplateProblem(
                self._problem(filename or template, line, f"{exc} (rendering {path}){hint}")
            ) from None
        return text.encode("utf-8")

    def _problem(self, filename: str | None, line: int | None, message: str | None) -> Problem:
        shown = display_path(Path(filename)) if filename else "templates"
        return Problem(shown, f"template error: {message}", line)

    def _common(self, path: str) -> dict[str, Any]:
        if path == "404.html":
            url: Callable[[str], str] = _root_url(self._base)
        else:
            url = jinja_runtime.DirectCall(PageLinks(posixpath.dirname(path)).url)
        return {**self._every_page, "page_path": path, "url": url}


def _absolute_url(base: str, target: str) -> str:
    return base + target.lstrip("/")


def _root_url(base: str) -> Callable[[str], str]:
    """Links from the 404 page, which is served at any depth: from the site's root path."""
    root = urllib.parse.urlsplit(base).path or "/"
    return lambda target: root + target.lstrip("/")


_MONTHS = ("", *(dt.date(2000, m, 1).strftime("%B") for m in range(1, 13)))


def long_date(value: Any) -> str:
    """ "30 October 2016": the month's name from a table, not strftime per date."""
    return f"{value.day} {_MONTHS[value.month]} {value.year}" if value else ""


def _template_frame(tb: TracebackType | None, dirs: list[Path]) -> tuple[str | None, int | None]:
    """The innermost traceback frame that runs a template: its file and line."""
    found: tuple[str | None, int | None] = (None, None)
    roots = [str(d) for d in dirs]
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if any(filename.startswith(r) for r in roots):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _render_unless(chunks: Iterator[str], superseded: Callable[[], bool]) -> str:
    """The chunks joined, as Template.render would; Superseded once `superseded()`."""
    parts = []
    for count, chunk in enumerate(chunks):
        parts.append(chunk)
        if count % 512 == 511 and superseded():
            raise Superseded
    return "".join(parts)
