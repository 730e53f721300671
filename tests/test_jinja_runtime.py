"""The quicker Jinja helpers give exactly what Jinja's own give."""

from __future__ import annotations

from typing import Any

import jinja2
import jinja2.runtime
import jinja2.sandbox
import markupsafe
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from briefgen import jinja_runtime


class Html:
    def __html__(self) -> str:
        return "<b>safe</b>"


class Plain:
    def __str__(self) -> str:
        return "<i>&</i>"


VALUES: list[Any] = [
    "",
    "plain",
    "<script>alert('x') & \"y\"</script>",
    Markup("<em>kept</em>"),
    Html(),
    Plain(),
    42,
    3.5,
    None,
]


@pytest.mark.parametrize("value", VALUES)
def test_escape_is_markupsafes(value: Any) -> None:
    ours = jinja_runtime.escape(value)
    assert type(ours) is Markup
    assert ours == markupsafe.escape(value)


@given(st.text())
def test_escape_of_any_text(text: str) -> None:
    assert jinja_runtime.escape(text) == markupsafe.escape(text)


@pytest.mark.parametrize(
    "parts",
    [
        ("actors/", "iraq", "/"),
        ("a", Markup("<b>"), "<c>"),
        ("<x>", 3, "y"),
        (Markup("<b>"),),
        (),
    ],
)
def test_markup_join_is_jinjas(parts: tuple[Any, ...]) -> None:
    ours = jinja_runtime.markup_join(parts)
    theirs = jinja2.runtime.markup_join(parts)
    assert ours == theirs
    assert type(ours) is type(theirs)  # Markup where Jinja gives Markup


TEMPLATE = """\
{{ title }} {{ title ~ '/' ~ n }} {{ safe ~ title }} {{ n }} {{ none }}
{% for x in items %}{{ link('a/' ~ x) }} {{ tagged(x) }} {{ env_name(x) }} {{ lookup(x) }}
{% endfor %}{{ stop() is defined }} {{ obj.method(1) }} {{ builtin([3, 1]) }}
{% macro m(v) %}[{{ v }}]{% endmacro %}{{ m(title) }}{{ caller_test() }}
{{ obj.name }} {{ obj.html }} {{ obj.count }} {{ obj.none }} {{ obj.absent }} {{ obj.inner.name }}
{{ mapping.key }} {{ mapping.items is callable }} {{ mapping.absent }} {{ count_calls().key }}
{% autoescape false %}{{ title }} {{ obj.name }}{% endautoescape %}
{% set block %}{{ title }}{{ safe }}{% endset %}{{ block }}
{{ direct('a/' ~ title) }} {{ direct(direct('x')) }} {{ link(direct('y')) }} {{ obj.method(n=2) }}
{% for x in items %}{{ direct(x) }}{{ link(x) }}{% endfor %} {{ flag }}
"""


def _env(quick: bool) -> jinja2.Environment:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.Undefined)
    if quick:
        env.code_generator_class = jinja_runtime.CodeGenerator
        env.context_class = jinja_runtime.Context
    return env


class Obj:
    name = "<name & co>"
    html = Markup("<b>kept</b>")
    count = 3
    none = None

    def __init__(self, inner: Obj | None = None) -> None:
        self.inner = inner

    def method(self, n: int) -> str:
        return f"<{n}>"


class Counted:
    """A callable that counts its calls: an object is looked up once."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> dict[str, str]:
        self.calls += 1
        return {"key": "<v>"}


@jinja2.pass_context
def tagged(context: jinja2.runtime.Context, x: str) -> str:
    return f"{context['title']}:{x}"


@jinja2.pass_environment
def env_name(environment: jinja2.Environment, x: str) -> str:
    return f"{type(environment.context_class).__name__}{x}"


def _stop() -> str:
    raise StopIteration


def _context() -> dict[str, Any]:
    return {
        "title": "<T&'>",
        "n": 7,
        "none": None,
        "safe": Markup("<hr>"),
        "items": ["x<", "y"],
        "link": lambda target: f"../{target}",
        "tagged": tagged,
        "env_name": env_name,
        "lookup": {"x<": "found"}.get,
        "stop": _stop,
        "obj": Obj(Obj()),
        "builtin": sorted,
        "caller_test": lambda: "",
        "mapping": {"key": "<k>", "items": "shadowed by dict.items"},
        "direct": jinja_runtime.DirectCall(lambda target: f"./{target}"),
        "flag": True,
        "count_calls": Counted(),
    }


def test_templates_render_as_with_jinjas_helpers() -> None:
    theirs = _env(False).from_string(TEMPLATE).render(_context())
    ours = _env(True).from_string(TEMPLATE).render(_context())
    assert ours == theirs
    assert "&lt;T&amp;&#39;&gt;/7" in ours and "<hr>&lt;T" in ours  # escaped where Jinja does
    assert "False" in ours  # a StopIteration is Undefined, as in Jinja


def test_an_object_is_evaluated_once() -> None:
    """`f().key`, a dict key and not an attribute, calls f once, as in Jinja."""
    context = _context()
    _env(True).from_string(TEMPLATE).render(context)
    assert context["count_calls"].calls == 1


def test_strict_undefined_still_raises() -> None:
    env = _env(True)
    env.undefined = jinja2.StrictUndefined
    for source in ("{{ obj.absent }}", "{{ nothing.name }}", "{{ obj.absent.deeper }}"):
        with pytest.raises(jinja2.UndefinedError):
            env.from_string(source).render(obj=Obj())


def test_a_sandbox_keeps_jinjas_lookups() -> None:
    """A sandboxed environment checks every attribute: no lookup around it."""
    env = jinja2.sandbox.SandboxedEnvironment(autoescape=True)
    env.code_generator_class = jinja_runtime.CodeGenerator
    source = env.compile("{{ obj.name }}", raw=True)
    assert "environment.getattr(" in source and "_attr_value" not in source
    assert env.from_string("{{ obj.method.__globals__ }}").render(obj=Obj()) == ""


def test_attributes_and_output_make_no_python_call() -> None:
    """Fails if the code generator stops writing the lookups inline."""
    source = _env(True).compile("{{ a.b }}", raw=True)
    assert "environment.getattr(_attr_owner, 'b')" in source  # only when the attribute is missing
    assert "getattr((_attr_owner := " in source
    assert "_escape_inner(_output) if type(_output := " in source
    call = _env(True).compile("{{ f(1) }}{{ f(2, y=3) }}", raw=True)
    assert "(_callee(1) if type(_callee := " in call
    assert "is _DirectCall else context.call(_callee, 1))" in call
    assert "context.call((undefined(name='f') if l_0_f is missing else l_0_f), 2, y=3)" in call
    assert "else str(_output) if type(_output) is int else escape(_output)" in source


def test_templates_use_the_quick_helpers() -> None:
    """Fails if the code generator stops importing them into the compiled code's namespace."""
    template = _env(True).from_string("{{ a ~ b }}")
    namespace = template.root_render_func.__globals__
    assert namespace["escape"] is jinja_runtime.escape
    assert namespace["markup_join"] is jinja_runtime.markup_join


LAYOUT = {
    "base.html": "<h1>{% block title %}T{% endblock %}</h1>{% block main %}{% endblock %}|",
    "page.html": (
        "{% extends 'base.html' %}{% block title %}{{ t }}{% endblock %}"
        "{% block main %}{% for x in xs %}<{{ x }}>{% block inner %}[{{ x }}]{% endblock %}"
        "{% endfor %}{% include 'part.html' %}{{ super() }}{% endblock %}"
    ),
    "part.html": "{% for x in xs %}{{ x }}{% endfor %}",
}


def test_blocks_joined_render_as_jinjas() -> None:
    def env(quick: bool) -> jinja2.Environment:
        made = jinja2.Environment(loader=jinja2.DictLoader(LAYOUT), autoescape=True)
        if quick:
            made.code_generator_class = jinja_runtime.CodeGenerator
        return made

    context = {"t": "<t>", "xs": ["a&", "b"]}
    theirs = env(False).get_template("page.html")
    ours = env(True).get_template("page.html")
    assert ours.render(context) == theirs.render(context)
    assert len(list(ours.generate(context))) < len(list(theirs.generate(context)))
    source = env(True).compile(LAYOUT["page.html"], raw=True)
    assert "yield from" not in source.replace("yield from template", "")  # blocks, parent joined
