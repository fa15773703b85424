"""The extension API and the extensions that ship with tmpl.

In: a parser positioned on one of an extension's tags.  Out: template nodes (``tmpl.nodes``)
that the compiler turns into code like any other.  Extensions written against Jinja2's API
(``tags``, ``parse(parser)``, ``attr``, ``call_method``, ``preprocess``, ``filter_stream``)
work unchanged with ``import tmpl as jinja2``.
"""

from __future__ import annotations

import pprint
from typing import TYPE_CHECKING, Any, ClassVar

from . import nodes
from .utils import import_string, pass_context

if TYPE_CHECKING:
    from .environment import Environment
    from .lexer import TokenStream
    from .parser import Parser
    from .runtime import Context


class Extension:
    """Base class of extensions: subclass it, list the statement names in ``tags`` and
    build nodes in ``parse``."""

    identifier: ClassVar[str]
    tags: set[str] = set()
    priority = 100

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.identifier = f"{cls.__module__}.{cls.__name__}"

    def __init__(self, environment: Environment) -> None:
        self.environment = environment

    def bind(self, environment: Environment) -> Extension:
        """A copy of this extension attached to another (overlay) environment."""
        rv = object.__new__(self.__class__)
        rv.__dict__.update(self.__dict__)
        rv.environment = environment
        return rv

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        """Change the source before it is lexed."""
        return source

    def filter_stream(self, stream: TokenStream) -> TokenStream:
        """Change the token stream (may return any iterable of tokens)."""
        return stream

    def parse(self, parser: Parser) -> nodes.Node | list[nodes.Node]:
        """Parse one of ``tags``; the parser's current token is the tag name."""
        raise NotImplementedError()

    def attr(self, name: str, lineno: int | None = None) -> nodes.ExtensionAttribute:
        """A node reading attribute ``name`` of this extension at render time."""
        return nodes.ExtensionAttribute(self.identifier, name, lineno=lineno)

    def call_method(
        self,
        name: str,
        args: list[nodes.Expr] | None = None,
        kwargs: list[nodes.Keyword] | None = None,
        dyn_args: nodes.Expr | None = None,
        dyn_kwargs: nodes.Expr | None = None,
        lineno: int | None = None,
    ) -> nodes.Call:
        """A node calling method ``name`` of this extension at render time."""
        return nodes.Call(
            self.attr(name, lineno=lineno),
            args or [],
            kwargs or [],
            dyn_args,
            dyn_kwargs,
            lineno=lineno,
        )


class ExprStmtExtension(Extension):
    """``{% do expression %}``: evaluate an expression for its side effect."""

    tags = {"do"}

    def parse(self, parser: Parser) -> nodes.ExprStmt:
        token = next(parser.stream)
        node = nodes.ExprStmt(lineno=token.lineno, span=token.span)
        node.node = parser.parse_tuple()
        return node


class LoopControlExtension(Extension):
    """``{% break %}`` and ``{% continue %}`` inside loops."""

    tags = {"break", "continue"}

    def parse(self, parser: Parser) -> nodes.Break | nodes.Continue:
        token = next(parser.stream)
        if token.value == "break":
            return nodes.Break(lineno=token.lineno, span=token.span)
        return nodes.Continue(lineno=token.lineno, span=token.span)


class DebugExtension(Extension):
    """``{% debug %}``: print the context, filters and tests available at that point."""

    tags = {"debug"}

    def parse(self, parser: Parser) -> nodes.Output:
        token = next(parser.stream)
        context = nodes.ContextReference()
        result = self.call_method("_render", [context], lineno=token.lineno)
        return nodes.Output([result], lineno=token.lineno, span=token.span)

    def _render(self, context: Context) -> str:
        result = {
            "context": context.get_all(),
            "filters": sorted(self.environment.filters.keys()),
            "tests": sorted(self.environment.tests.keys()),
        }
        return pprint.pformat(result, depth=3, compact=True)


_JINJA2_PREFIX = "jinja2.ext."


def resolve_extension(extension: str | type[Extension]) -> type[Extension]:
    """The extension class for an import path or class; ``jinja2.ext.X`` means ``tmpl.ext.X``
    so configurations written for Jinja2 keep working."""
    if isinstance(extension, str):
        if extension.startswith(_JINJA2_PREFIX):
            extension = "tmpl.ext." + extension[len(_JINJA2_PREFIX) :]
        return import_string(extension)  # type: ignore[no-any-return]
    return extension


# Short names, as in Jinja2 (``extensions=["tmpl.ext.do"]``).
do = ExprStmtExtension
loopcontrols = LoopControlExtension
debug = DebugExtension

__all__ = [
    "Extension",
    "ExprStmtExtension",
    "LoopControlExtension",
    "DebugExtension",
    "pass_context",
    "resolve_extension",
    "do",
    "loopcontrols",
    "debug",
]
