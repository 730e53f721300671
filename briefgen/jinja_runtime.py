"""Jinja's code generator and runtime helpers, quicker, with the same results.

A cold build of 5,000 seeds makes about 1.2 million escapes, 800,000
attribute lookups, 300,000 template calls (url() in every link) and 150,000
`~` joins. Jinja makes each a Python call (escape, environment.getattr,
Context.call, markup_join), a few Python frames that plain strings,
attributes and functions do not need. The code generator below writes the
common case inline (a str escaped in C, an attribute found by getattr, a
DirectCall called as it is) and leaves the rest to the helpers, which it
imports from here in place of Jinja's.

A page whose template extends base.html is its main block's thousand-odd
pieces, each passed up through three generators (the block, base.html's
root, the page's root) by `yield from`. The code generator has a block, and
a parent template, yield its text joined once instead.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from types import BuiltinFunctionType, FunctionType, MethodType
from typing import Any

import jinja2
import jinja2.compiler
import jinja2.nodes
import jinja2.runtime
import markupsafe
from markupsafe import Markup

_new_str = str.__new__
_PLAIN_CALLABLES = (FunctionType, MethodType, BuiltinFunctionType)


def _quick_escape(escape_inner: Callable[[str], str]) -> Callable[[Any], Markup]:
    def escape(value: Any) -> Markup:
        """markupsafe.escape, its Markup made without a Python __new__."""
        if type(value) is str:
            return _new_str(Markup, escape_inner(value))
        if hasattr(value, "__html__"):
            return _new_str(Markup, value.__html__())
        return _new_str(Markup, escape_inner(str(value)))

    return escape


# MarkupSafe 3 escapes in C behind a Python escape(); MarkupSafe 2's escape is all C
_escape_inner = getattr(markupsafe, "_escape_inner", None)
escape = markupsafe.escape if _escape_inner is None else _quick_escape(_escape_inner)


def _escape_str(text: str) -> str:
    return str(markupsafe.escape(text))


# a str escaped to a str (compiled templates call it whatever MarkupSafe is installed)
escape_inner: Callable[[str], str] = _escape_inner or _escape_str


def markup_join(parts: tuple[Any, ...]) -> str:
    """jinja2.runtime.markup_join (the `~` operator where autoescape is on):
    plain strings joined at once, anything else Jinja's way."""
    for part in parts:
        if type(part) is not str:
            return jinja2.runtime.markup_join(parts)
    return "".join(parts)


class CodeGenerator(jinja2.compiler.CodeGenerator):
    """Jinja's code generator, with a block's and a parent template's output
    joined before it is yielded (the page's bytes are the same); and, with no
    Python call, `x.name` when x has that attribute and `{{ x }}` when x is a
    str (Jinja calls environment.getattr and escape for each, a Python frame
    apiece: about 1.4 million in a cold build of 5,000 seeds)."""

    _YIELDED_WHOLE = ("yield from context.blocks[", "yield from parent_template.root_render_func(")

    def writeline(self, x: str, node: jinja2.nodes.Node | None = None, extra: int = 0) -> None:
        if x.startswith(self._YIELDED_WHOLE):  # Jinja's own lines: anything else is left as it is
            x = f"yield environment.concat({x.removeprefix('yield from ')})"
        super().writeline(x, node, extra)
        if x.startswith("from jinja2.runtime import "):  # the module's imports
            # after Jinja's: its escape and markup_join replaced by the ones above
            names = "escape, markup_join"
            names += f", escape_inner as {_ESCAPE_INNER}, DirectCall as {_DIRECT_CALL}"
            super().writeline(f"from {__name__} import {names}")

    @jinja2.compiler.optimizeconst
    def visit_Getattr(self, node: jinja2.nodes.Getattr, frame: jinja2.compiler.Frame) -> None:
        if self.environment.is_async or not _default_getattr(self.environment):
            return super().visit_Getattr(node, frame)
        # the object evaluated once; environment.getattr only when the attribute is missing
        self.write(f"({_VALUE} if ({_VALUE} := getattr(({_OWNER} := ")
        self.visit(node.node, frame)
        self.write(f"), {node.attr!r}, missing)) is not missing ")
        self.write(f"else environment.getattr({_OWNER}, {node.attr!r}))")

    @jinja2.compiler.optimizeconst
    def visit_Call(
        self, node: jinja2.nodes.Call, frame: jinja2.compiler.Frame, forward_caller: bool = False
    ) -> None:
        plain = not (node.kwargs or node.dyn_args or node.dyn_kwargs or forward_caller)
        if not plain or self.environment.is_async or self.environment.sandboxed:
            return super().visit_Call(node, frame, forward_caller=forward_caller)
        # a DirectCall called as it is; anything else through context.call, as Jinja
        # does (the callee evaluated once, before the arguments, in both)
        self.write(f"({_CALLEE}(")
        for index, argument in enumerate(node.args):
            self.write(", " if index else "")
            self.visit(argument, frame)
        self.write(f") if type({_CALLEE} := ")
        self.visit(node.node, frame)
        self.write(f") is {_DIRECT_CALL} else context.call({_CALLEE}")
        loop = {"_loop_vars": "_loop_vars"} if frame.loop_frame else {}
        block = {"_block_vars": "_block_vars"} if frame.block_frame else {}
        self.signature(node, frame, {**loop, **block} or None)
        self.write("))")

    def _output_child_pre(
        self, node: jinja2.nodes.Expr, frame: jinja2.compiler.Frame, finalize: Any
    ) -> None:
        if not _escapes(frame):
            return super()._output_child_pre(node, frame, finalize)
        # output is joined into a str: a str's escape need not be Markup, an
        # int's (a count) is its digits
        self.write(f"({_ESCAPE_INNER}({_OUTPUT}) if type({_OUTPUT} := ")
        if finalize.src is not None:
            self.write(finalize.src)

    def _output_child_post(
        self, node: jinja2.nodes.Expr, frame: jinja2.compiler.Frame, finalize: Any
    ) -> None:
        if not _escapes(frame):
            return super()._output_child_post(node, frame, finalize)
        if finalize.src is not None:
            self.write(")")
        self.write(f") is str else str({_OUTPUT}) if type({_OUTPUT}) is int ")
        self.write(f"else escape({_OUTPUT}))")


# names the generated code assigns or imports; Jinja's own start l_, t_ or are words
_VALUE, _OWNER, _OUTPUT, _CALLEE = "_attr_value", "_attr_owner", "_output", "_callee"
_ESCAPE_INNER, _DIRECT_CALL = "_escape_inner", "_DirectCall"


class DirectCall(functools.partial[Any]):
    """A function templates call as it is, not through Context.call: for
    briefgen's own helpers (url() in every link), which take no context and
    raise no StopIteration. A partial's call is C: no Python frame at all."""

    __slots__ = ()


def _escapes(frame: jinja2.compiler.Frame) -> bool:
    """Output here is always autoescaped (not switched at run time)."""
    return not frame.eval_ctx.volatile and frame.eval_ctx.autoescape


def _default_getattr(environment: jinja2.Environment) -> bool:
    """The environment looks attributes up as Jinja's does (a sandbox does not)."""
    return type(environment).getattr is jinja2.Environment.getattr


class Context(jinja2.runtime.Context):
    """Calls a plain function or method with no pass_* mark straight away,
    as Jinja's Context.call ends up doing after its checks."""

    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if type(__obj) not in _PLAIN_CALLABLES or hasattr(__obj, "jinja_pass_arg"):
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:  # as Jinja: a StopIteration must not end the template
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )
