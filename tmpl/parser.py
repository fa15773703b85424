"""The parser: a :class:`~tmpl.lexer.TokenStream` in, a :class:`tmpl.nodes.Template` out.

In: the tokens of one template, obtained through ``environment._tokenize`` (which applies
extension preprocessing and stream filters).  Out: the template AST, with Jinja2's node types
and field values for the same source; every node also carries ``lineno`` and a ``span`` from
the start of its first token to the end of its last.

This module holds the statements (one ``parse_<tag>`` method per tag), the template body
(``subparse``: text, ``{{ }}`` and ``{% %}``), node construction, nesting and error
reporting.  The expression grammar is :class:`tmpl.parser_expressions.ExpressionParser`,
which :class:`Parser` inherits: statements hand it the stream at the start of an expression
and get a ``nodes.Expr`` back.

Design notes:

* The public methods (``parse_expression``, ``parse_tuple``, ``parse_statements``,
  ``free_identifier``, ``fail``...) keep Jinja2's names and signatures, because extensions
  call them; the expression ones are inherited, so ``Parser`` still has them all.
* Nesting (brackets, calls, unary prefixes, statement bodies) is counted; past the limit the
  parser raises "nesting too deep" at the offending token instead of letting Python's
  recursion limit fail somewhere arbitrary.
* Every error is a :class:`TemplateSyntaxError` with line, 1-based column and, where the cause
  is known, a hint.  Messages keep Jinja2's wording; the extra help goes into ``hint``.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from . import nodes
from .exceptions import TemplateAssertionError, TemplateSyntaxError
from .lexer import Token, TokenStream, describe_token, describe_token_expr, get_lexer
from .nodes import Span
from .parser_expressions import (
    ExpressionParser,
    _join,
    _name_node,
    _NodeT,
    _object_new,
    _operand_ends,
    _operand_starts,
    _span_between,
    _token_span,
    _tuple_new,
)

if TYPE_CHECKING:
    from .environment import Environment

__all__ = ["Parser"]

_ImportInclude = TypeVar("_ImportInclude", nodes.Import, nodes.Include)
_MacroCall = TypeVar("_MacroCall", nodes.Macro, nodes.CallBlock)

_statement_keywords = frozenset(
    [
        "for",
        "if",
        "block",
        "extends",
        "print",
        "macro",
        "include",
        "from",
        "import",
        "set",
        "with",
        "autoescape",
    ]
)

# Tags the parser itself knows, for "did you mean" suggestions.
_known_tags = frozenset(
    _statement_keywords
    | {"call", "filter", "raw", "elif", "else"}
    | {
        "endfor",
        "endif",
        "endblock",
        "endmacro",
        "endcall",
        "endfilter",
        "endset",
        "endwith",
        "endautoescape",
        "endraw",
    }
)
# Which tag closes which, for hints about unclosed blocks.
_end_tag_of = {
    "for": "endfor",
    "if": "endif",
    "block": "endblock",
    "macro": "endmacro",
    "call": "endcall",
    "filter": "endfilter",
    "set": "endset",
    "with": "endwith",
    "autoescape": "endautoescape",
}

# Tags of the extensions tmpl ships (Jinja2's), for "enable the extension" hints.
_extension_of_tag = {
    "break": "loopcontrols",
    "continue": "loopcontrols",
    "do": "do",
    "trans": "i18n",
    "pluralize": "i18n",
    "endtrans": "i18n",
    "debug": "debug",
}
_line_break = re.compile(r"\r\n|\r|\n")

_NESTING_TOO_DEEP = "nesting too deep"

#: The most nesting levels (brackets, calls, unary operators, statement bodies) accepted.
MAX_NESTING = 200
# Python frames one nesting level may use, at worst (a call argument inside a filter inside
# a test...); used to keep the effective limit below Python's recursion limit.
_FRAMES_PER_LEVEL = 6
# Frames kept in reserve for extensions, node helpers and error formatting.
_FRAME_RESERVE = 150


def _nesting_limit() -> int:
    """How many nesting levels fit in the Python stack that is left."""
    depth = 0
    frame = sys._getframe()
    while frame is not None:
        depth += 1
        frame = frame.f_back  # type: ignore[assignment]
    budget = (sys.getrecursionlimit() - depth - _FRAME_RESERVE) // _FRAMES_PER_LEVEL
    return max(8, min(MAX_NESTING, budget))


# Like the constructors in parser_expressions (``_name_node``...): plain attribute stores,
# several times cheaper than ``Node.__init__``, for the nodes every line of text makes.
def _data_node(lineno: int, span: Span | None, data: str, env: Any) -> nodes.TemplateData:
    node: nodes.TemplateData = _object_new(nodes.TemplateData)
    node.data = data
    node.lineno = lineno
    node.span = span
    node.environment = env
    return node


def _output_node(lineno: int, span: Span | None, items: list[nodes.Expr], env: Any) -> nodes.Output:
    node: nodes.Output = _object_new(nodes.Output)
    node.nodes = items
    node.lineno = lineno
    node.span = span
    node.environment = env
    return node


class Parser(ExpressionParser):
    """Parses one template's tokens into a :class:`~tmpl.nodes.Template`.

    Extensions receive the parser in their ``parse`` method and use its public methods and
    its ``stream`` to parse their tags.  The expression methods (``parse_expression``,
    ``parse_tuple``, ``parse_primary``, ``parse_filter``...) come from
    :class:`~tmpl.parser_expressions.ExpressionParser`.
    """

    def __init__(
        self,
        environment: Environment,
        source: str,
        name: str | None = None,
        filename: str | None = None,
        state: str | None = None,
    ) -> None:
        self.environment = environment
        stream = environment._tokenize(source, name, filename, state)
        if not isinstance(stream, TokenStream):
            stream = TokenStream(stream, name, filename)
        self.stream: TokenStream = stream
        self.name = name
        self.filename = filename
        self.closed = False
        self.source = source
        self.extensions: dict[str, Callable[[Parser], nodes.Node | list[nodes.Node]]] = {}
        for extension in _iter_extensions(environment):
            for tag in getattr(extension, "tags", None) or ():
                self.extensions[tag] = extension.parse
        self._last_identifier = 0
        self._tag_stack: list[str] = []
        # The name tokens of the open tags, parallel to _tag_stack (for "opened at" hints).
        self._tag_tokens: list[Token] = []
        self._end_token_stack: list[tuple[str, ...]] = []
        self._depth = 0
        self._max_depth = _nesting_limit()
        # Extension-built nodes waiting for a position (see _adopt).
        self._unplaced: list[nodes.Node] = []

    # --- errors -----------------------------------------------------------------------------

    def fail(
        self,
        msg: str,
        lineno: int | None = None,
        exc: type[TemplateSyntaxError] = TemplateSyntaxError,
        hint: str | None = None,
    ) -> NoReturn:
        """Raise ``exc`` with ``msg`` at the current token (or at line ``lineno``).

        The column is the current token's when it is on that line.
        """
        token = self.stream.current
        if lineno is None or lineno == token[0]:
            self._fail_at(msg, token, hint, exc)
        raise exc(msg, lineno, self.name, self.filename, hint=hint)

    def _fail_at(
        self,
        msg: str,
        where: Any,
        hint: str | None = None,
        exc: type[TemplateSyntaxError] = TemplateSyntaxError,
    ) -> NoReturn:
        """Raise at a token or node (its span gives line and column)."""
        if type(where) is Token:
            lineno, col, end_col, where_hint = where.error_position()
            if where_hint is not None:
                hint = where_hint if hint is None else f"{where_hint}; {hint}"
            raise exc(msg, lineno, self.name, self.filename, col=col, hint=hint, end_col=end_col)
        span = where if isinstance(where, Span) else getattr(where, "span", None)
        if span is not None:
            end_col = span.end_col + 1 if span.end_lineno == span.lineno else None
            raise exc(
                msg,
                span.lineno,
                self.name,
                self.filename,
                col=span.col + 1,
                hint=hint,
                end_col=end_col,
            )
        line = where[0] if isinstance(where, tuple) else getattr(where, "lineno", None)
        raise exc(msg, line or self.stream.current[0], self.name, self.filename, hint=hint)

    def _fail_ut_eof(
        self,
        name: str | None,
        end_token_stack: list[tuple[str, ...]],
        lineno: int | None,
        where: Any = None,
    ) -> NoReturn:
        expected: set[str] = set()
        for exprs in end_token_stack:
            expected.update(map(describe_token_expr, exprs))
        currently_looking: str | None = None
        if end_token_stack:
            currently_looking = " or ".join(
                map(repr, map(describe_token_expr, end_token_stack[-1]))
            )
        message = [
            "Unexpected end of template." if name is None else f"Encountered unknown tag {name!r}."
        ]
        if currently_looking:
            if name is not None and name in expected:
                message.append(
                    "You probably made a nesting mistake. Jinja is expecting this tag,"
                    f" but currently looking for {currently_looking}."
                )
            else:
                message.append(f"Jinja was looking for the following tags: {currently_looking}.")
        if self._tag_stack:
            message.append(
                f"The innermost block that needs to be closed is {self._tag_stack[-1]!r}."
            )

        hints: list[str] = []
        extension = _extension_of_tag.get(name) if name is not None else None
        if extension is not None and any(
            _extension_of_tag.get(tag) == extension for tag in self.extensions
        ):
            extension = None  # enabled: the tag is out of place ({% endtrans %} alone)
        if extension is not None:
            # The tag is fine where it is; only the extension is missing.
            hints.append(
                f"{name!r} comes from an extension: enable it with "
                f'extensions=["tmpl.ext.{extension}"]'
            )
        elif name is not None and name not in expected:
            # (A tag an outer block expects is a nesting mistake: the message says so.)
            orphan = self._orphan_hint(name)
            suggestion = None if orphan else self._suggest_tag(name, end_token_stack)
            if orphan is not None:
                hints.append(orphan)
            elif suggestion is not None:
                hints.append(f"did you mean {suggestion!r}?")
            elif not self._tag_stack:
                hints.append("tags must be built-in statements or come from an enabled extension")
        if self._tag_stack and extension is None:
            open_tag = self._tag_stack[-1]
            where_opened = ""
            opener = self._tag_tokens[-1] if self._tag_tokens else None
            if opener is not None:
                lineno_, col, _, _ = opener.error_position()
                where_opened = f" (opened at line {lineno_}"
                where_opened += ")" if col is None else f", column {col})"
            closer = _end_tag_of.get(open_tag)
            if closer is None and end_token_stack:
                closer = describe_token_expr(end_token_stack[-1][-1])
            hint = f"The innermost block that needs to be closed is {open_tag!r}{where_opened}"
            if closer is not None:
                hint += f"; close it with {closer!r}"
            hints.append(hint + ".")
        # Sentences in a row: all but the last get a full stop if they have none.
        leading = " ".join(h if h[-1] in ".?" else h + "." for h in hints[:-1])
        joined_hints = f"{leading} {hints[-1]}".lstrip() if hints else None
        if where is None:
            if lineno is None or lineno == self.stream.current[0]:
                where = self.stream.current
            else:
                raise TemplateSyntaxError(
                    " ".join(message), lineno, self.name, self.filename, hint=joined_hints
                )
        self._fail_at(" ".join(message), where, hint=joined_hints)

    def _suggest_tag(self, name: str, end_token_stack: list[tuple[str, ...]]) -> str | None:
        """The known tag most similar to the unknown ``name``, preferring expected ones.

        ``name`` itself is never suggested: a known tag in the wrong place is not a typo.
        """
        expected = [
            expr.split(":", 1)[1]
            for exprs in reversed(end_token_stack)
            for expr in exprs
            if expr.startswith("name:") and expr[5:] != name
        ]
        for pool in (expected, sorted((_known_tags | set(self.extensions)) - {name})):
            match = difflib.get_close_matches(name, pool, n=1, cutoff=0.6)
            if match:
                return match[0]
        return None

    def _orphan_hint(self, name: str) -> str | None:
        """For a continuation or end tag (``else``, ``endif``) that no open block expects:
        which block it belongs to, since that block is missing (or closed already)."""
        if name == "else":
            return "there is no open 'if' or 'for' block for this 'else'"
        if name == "elif":
            return "there is no open 'if' block for this 'elif'"
        opener = name[3:]
        if name.startswith("end") and (
            opener in _end_tag_of or opener == "raw" or opener in self.extensions
        ):
            return f"there is no open {opener!r} block to close"
        return None

    def fail_unknown_tag(self, name: str, lineno: int | None = None) -> NoReturn:
        """Fail for a tag nobody knows, naming the tags that would have been accepted."""
        self._fail_ut_eof(name, self._end_token_stack, lineno)

    def fail_eof(
        self, end_tokens: tuple[str, ...] | None = None, lineno: int | None = None
    ) -> NoReturn:
        """Fail for an unexpected end of template, naming the tags still expected."""
        stack = list(self._end_token_stack)
        if end_tokens is not None:
            stack.append(end_tokens)
        self._fail_ut_eof(None, stack, lineno)

    # --- helpers ----------------------------------------------------------------------------

    def is_tuple_end(self, extra_end_rules: tuple[str, ...] | None = None) -> bool:
        """Whether the current token ends a tuple (end of tag, ``)``, or an extra rule)."""
        if self.stream.current[1] in ("variable_end", "block_end", "rparen"):
            return True
        if extra_end_rules is not None:
            return self.stream.current.test_any(*extra_end_rules)
        return False

    def free_identifier(self, lineno: int | None = None) -> nodes.InternalName:
        """A new :class:`~tmpl.nodes.InternalName` that no template name can collide with."""
        self._last_identifier += 1
        rv = object.__new__(nodes.InternalName)
        nodes.Node.__init__(rv, f"fi{self._last_identifier}", lineno=lineno)
        rv.environment = self.environment
        return rv

    def _adopt(self, node: nodes.Node) -> None:
        """Take in a tree an extension built: environment now, positions when known.

        Nodes without a span are queued in ``_unplaced``; ``subparse`` gives them the
        span of the whole tag once its end has been read.
        """
        todo = [node]
        while todo:
            item = todo.pop()
            if getattr(item, "environment", None) is None:
                item.environment = self.environment
            if getattr(item, "span", None) is None:
                self._unplaced.append(item)
            todo.extend(item.iter_child_nodes())

    def _enter(self, token: Any) -> None:
        """One nesting level deeper; fail if that is too deep."""
        self._depth += 1
        if self._depth > self._max_depth:
            self._depth = 0
            self._fail_at(
                _NESTING_TOO_DEEP,
                token,
                hint=f"templates may nest brackets, calls, operators and blocks at most "
                f"{self._max_depth} levels deep; split the expression or move logic into "
                "Python",
            )

    def _span(self, first: Any) -> Span | None:
        """The span from the start of token/node ``first`` to the last consumed token."""
        if type(first) is Token:
            return _span_between(first, self.stream.last)
        e = self.stream.last._p
        start = getattr(first, "span", None)
        if start is None or e is None:
            return _join(start, _token_span(self.stream.last))
        return _tuple_new(Span, (start[0], start[1], e[2], e[3], start[4], e[5]))

    def _new(self, cls: type[_NodeT], lineno: int, span: Span | None, *values: Any) -> _NodeT:
        """A node of ``cls`` with ``values`` for its leading fields.

        Equivalent to ``cls(*values, lineno=lineno, span=span)`` plus the environment
        (Jinja2's parser sets it on every node at the end), without the generic
        constructor's cost, which matters because templates have thousands of nodes.
        """
        node = _object_new(cls)
        # setattr keeps the instance's inline attribute storage; going through
        # ``node.__dict__`` would make Python build a real dict for every node.  ``values``
        # may stop short of the fields (the rest are set later); zip's ``strict=False``
        # is left out because a keyword argument makes the call about twice as expensive.
        for field, value in zip(cls.fields, values):  # noqa: B905
            setattr(node, field, value)
        node.lineno = lineno
        node.span = span
        node.environment = self.environment
        return node

    # --- statements -------------------------------------------------------------------------

    def parse_statement(self) -> nodes.Node | list[nodes.Node]:
        """Parse one statement; the current token is the tag name."""
        token = self.stream.current
        if token[1] != "name":
            self._fail_at(
                "tag name expected",
                token,
                hint="a tag starts with its name, e.g. "
                f"{self._block_start()} if condition {self._block_end()}",
            )
        self._tag_stack.append(token[2])
        self._tag_tokens.append(token)
        pop_tag = True
        try:
            if token[2] in _statement_keywords:
                f = getattr(self, f"parse_{token[2]}")
                return f()  # type: ignore[no-any-return]
            if token[2] == "call":
                return self.parse_call_block()
            if token[2] == "filter":
                return self.parse_filter_block()
            ext = self.extensions.get(token[2])
            if ext is not None:
                result = ext(self)
                for node in result if isinstance(result, list) else [result]:
                    self._adopt(node)
                return result
            # Unknown tag: take it off the stack first so the message names the enclosing
            # block, not the unknown tag itself.
            self._tag_stack.pop()
            self._tag_tokens.pop()
            pop_tag = False
            self._fail_ut_eof(token[2], self._end_token_stack, token[0], token)
        finally:
            if pop_tag:
                self._tag_stack.pop()
                self._tag_tokens.pop()

    def _block_start(self) -> str:
        return str(getattr(self.environment, "block_start_string", "{%"))

    def _block_end(self) -> str:
        return str(getattr(self.environment, "block_end_string", "%}"))

    def parse_statements(
        self, end_tokens: tuple[str, ...], drop_needle: bool = False
    ) -> list[nodes.Node]:
        """Parse a statement body up to one of ``end_tokens`` (e.g. ``("name:endfor",)``).

        An optional colon and the end of the opening tag are consumed first.  At the end the
        matched end token is current, or consumed if ``drop_needle`` is true.
        """
        stream = self.stream
        if stream.current[1] == "colon":
            next(stream)
        if stream.current[1] != "block_end":
            self._expect_tag_end("block_end")
        next(stream)
        self._enter(stream.last)
        result = self.subparse(end_tokens)
        self._depth -= 1
        # subparse stops at the end of the template without complaint; here that is an error.
        if stream.current[1] == "eof":
            self.fail_eof(end_tokens)
        if drop_needle:
            next(stream)
        return result

    def parse_set(self) -> nodes.Assign | nodes.AssignBlock:
        """Parse ``{% set target = expr %}`` or a block ``{% set target | filter %}``."""
        token = next(self.stream)
        target = self.parse_assign_target(with_namespace=True)
        if self.stream.skip_if("assign"):
            expr = self.parse_tuple()
            return self._new(nodes.Assign, token[0], self._span(token), target, expr)
        filter_node = self.parse_filter(None)
        body = self.parse_statements(("name:endset",), drop_needle=True)
        return self._new(nodes.AssignBlock, token[0], self._span(token), target, filter_node, body)

    def parse_for(self) -> nodes.For:
        """Parse a for loop."""
        token = self.stream.expect("name:for")
        target = self.parse_assign_target(extra_end_rules=("name:in",))
        self.stream.expect("name:in")
        iter_ = self.parse_tuple(with_condexpr=False, extra_end_rules=("name:recursive",))
        test = None
        if self.stream.skip_if("name:if"):
            test = self.parse_expression()
        recursive = self.stream.skip_if("name:recursive")
        body = self.parse_statements(("name:endfor", "name:else"))
        if next(self.stream)[2] == "endfor":
            else_: list[nodes.Node] = []
        else:
            else_ = self.parse_statements(("name:endfor",), drop_needle=True)
        return self._new(
            nodes.For, token[0], self._span(token), target, iter_, body, else_, test, recursive
        )

    def parse_if(self) -> nodes.If:
        """Parse an if statement; ``elif`` branches go flat into ``If.elif_``."""
        token = self.stream.expect("name:if")
        node = result = self._new(nodes.If, token[0], None)
        start = token
        while True:
            node.test = self.parse_tuple(with_condexpr=False)
            node.body = self.parse_statements(("name:elif", "name:else", "name:endif"))
            node.elif_ = []
            node.else_ = []
            if node is not result:
                node.span = self._span(start)
            keyword = next(self.stream)
            if keyword[2] == "elif" and keyword[1] == "name":
                start = keyword
                node = self._new(nodes.If, self.stream.current[0], None)
                result.elif_.append(node)
                continue
            if keyword[2] == "else" and keyword[1] == "name":
                result.else_ = self.parse_statements(("name:endif",), drop_needle=True)
            break
        result.span = self._span(token)
        return result

    def parse_with(self) -> nodes.With:
        """Parse ``{% with a=1, b=2 %}...{% endwith %}``."""
        token = next(self.stream)
        targets: list[nodes.Expr] = []
        values: list[nodes.Expr] = []
        while self.stream.current[1] != "block_end":
            if targets:
                self.stream.expect("comma")
            target = self.parse_assign_target()
            target.set_ctx("param")
            targets.append(target)
            self.stream.expect("assign")
            values.append(self.parse_expression())
        body = self.parse_statements(("name:endwith",), drop_needle=True)
        return self._new(nodes.With, token[0], self._span(token), targets, values, body)

    def parse_autoescape(self) -> nodes.Scope:
        """Parse ``{% autoescape expr %}``: a scoped eval-context change inside a Scope."""
        token = next(self.stream)
        expr = self.parse_expression()
        options = [self._new(nodes.Keyword, expr.lineno, expr.span, "autoescape", expr)]
        body = self.parse_statements(("name:endautoescape",), drop_needle=True)
        span = self._span(token)
        node = self._new(nodes.ScopedEvalContextModifier, token[0], span, options, body)
        return self._new(nodes.Scope, token[0], span, [node])

    def parse_block(self) -> nodes.Block:
        """Parse ``{% block name [scoped] [required] %}...{% endblock [name] %}``."""
        token = next(self.stream)
        name_token = self.stream.expect("name")
        scoped = self.stream.skip_if("name:scoped")
        required = self.stream.skip_if("name:required")
        # Django allows hyphens in block names; say so instead of a confusing token error.
        if self.stream.current[1] == "sub":
            self._fail_at(
                "Block names in Jinja have to be valid Python identifiers and may not"
                " contain hyphens, use an underscore instead.",
                self.stream.current,
                hint=f"rename the block to {name_token[2] + '_'!r}... (underscores, no hyphens)",
            )
        body = self.parse_statements(("name:endblock",), drop_needle=True)
        # A required block may only hold whitespace and comments: it exists to be overridden.
        if required:
            for body_node in body:
                if not isinstance(body_node, nodes.Output) or any(
                    not isinstance(output_node, nodes.TemplateData)
                    or not output_node.data.isspace()
                    for output_node in body_node.nodes
                ):
                    self._fail_at(
                        "Required blocks can only contain comments or whitespace",
                        body_node,
                        hint="a required block must be overridden by a child template; "
                        "remove its content or drop 'required'",
                    )
        self.stream.skip_if("name:" + name_token[2])
        current = self.stream.current
        if current[1] == "name":
            self._fail_at(
                f"expected token 'end of statement block', got {current[2]!r}",
                current,
                hint=f"this endblock closes the block {name_token[2]!r} "
                f"(opened at line {token[0]}, column {token.error_position()[1]})",
            )
        return self._new(
            nodes.Block, token[0], self._span(token), name_token[2], body, scoped, required
        )

    def parse_extends(self) -> nodes.Extends:
        """Parse ``{% extends template %}``."""
        token = next(self.stream)
        template = self.parse_expression()
        return self._new(nodes.Extends, token[0], self._span(token), template)

    def parse_import_context(self, node: _ImportInclude, default: bool) -> _ImportInclude:
        """Parse an optional ``with context`` / ``without context`` onto ``node``."""
        current = self.stream.current
        if (
            current[1] == "name"
            and current[2] in ("with", "without")
            and self.stream.look().test("name:context")
        ):
            node.with_context = next(self.stream)[2] == "with"
            self.stream.skip()
        else:
            node.with_context = default
        return node

    def parse_include(self) -> nodes.Include:
        """Parse ``{% include template [ignore missing] [with context|without context] %}``.

        tmpl also accepts ``with name=expr, ...`` (values for the included template) and
        ``only`` (the included template sees nothing else of the caller's context).
        """
        token = next(self.stream)
        node = self._new(nodes.Include, token[0], None)
        node.template = self.parse_expression()
        stream = self.stream
        if stream.current.test("name:ignore") and stream.look().test("name:missing"):
            node.ignore_missing = True
            stream.skip(2)
        else:
            node.ignore_missing = False
        current = stream.current
        if current[1] == "name" and current[2] == "with" and not stream.look().test("name:context"):
            next(stream)
            with_values: list[nodes.Keyword] = []
            while True:
                key = stream.current
                if key[1] != "name" or stream.look()[1] != "assign":
                    self._fail_at(
                        f"expected 'name=value' after 'with', got {describe_token(key)!r}",
                        key,
                        hint="write {% include 'file' with title=page.title, item=row %} "
                        "or 'with context' / 'without context'",
                    )
                stream.skip(2)
                value = self.parse_expression()
                with_values.append(self._new(nodes.Keyword, key[0], self._span(key), key[2], value))
                if not stream.skip_if("comma"):
                    break
            node.with_values = with_values
            node.only = stream.skip_if("name:only")
            node.with_context = not node.only
        elif current[1] == "name" and current[2] == "only":
            next(stream)
            node.with_values = []
            node.only = True
            node.with_context = False
        else:
            self.parse_import_context(node, True)
        node.span = self._span(token)
        return node

    def parse_import(self) -> nodes.Import:
        """Parse ``{% import template as name [with|without context] %}``."""
        token = next(self.stream)
        node = self._new(nodes.Import, token[0], None)
        node.template = self.parse_expression()
        self.stream.expect("name:as")
        node.target = self.parse_assign_target(name_only=True).name
        self.parse_import_context(node, False)
        node.span = self._span(token)
        return node

    def parse_from(self) -> nodes.FromImport:
        """Parse ``{% from template import a, b as c [with|without context] %}``."""
        token = next(self.stream)
        node = self._new(nodes.FromImport, token[0], None)
        node.template = self.parse_expression()
        self.stream.expect("name:import")
        node.names = []
        stream = self.stream

        def parse_context() -> bool:
            if stream.current[2] in ("with", "without") and stream.look().test("name:context"):
                node.with_context = next(stream)[2] == "with"
                stream.skip()
                return True
            return False

        while True:
            if node.names:
                stream.expect("comma")
            if stream.current[1] == "name":
                if parse_context():
                    break
                target = self.parse_assign_target(name_only=True)
                if target.name.startswith("_"):
                    self._fail_at(
                        "names starting with an underline can not be imported",
                        target,
                        hint="names starting with '_' are private to the template",
                        exc=TemplateAssertionError,
                    )
                if stream.skip_if("name:as"):
                    alias = self.parse_assign_target(name_only=True)
                    node.names.append((target.name, alias.name))
                else:
                    node.names.append(target.name)
                if parse_context() or stream.current[1] != "comma":
                    break
            else:
                stream.expect("name")
        if not hasattr(node, "with_context"):
            node.with_context = False
        node.span = self._span(token)
        return node

    def parse_signature(self, node: _MacroCall) -> None:
        """Parse ``(a, b=default, ...)`` into ``node.args`` and ``node.defaults``."""
        args: list[nodes.Name] = []
        defaults: list[nodes.Expr] = []
        node.args = args
        node.defaults = defaults
        self.stream.expect("lparen")
        while self.stream.current[1] != "rparen":
            if args:
                self.stream.expect("comma")
            arg = self.parse_assign_target(name_only=True)
            arg.set_ctx("param")
            if self.stream.skip_if("assign"):
                defaults.append(self.parse_expression())
            elif defaults:
                self._fail_at(
                    "non-default argument follows default argument",
                    arg,
                    hint=f"give {arg.name!r} a default value or move it before the "
                    "arguments that have one",
                )
            args.append(arg)
        self.stream.expect("rparen")

    def parse_call_block(self) -> nodes.CallBlock:
        """Parse ``{% call [(params)] macro(args) %}...{% endcall %}``."""
        token = next(self.stream)
        node = self._new(nodes.CallBlock, token[0], None)
        if self.stream.current[1] == "lparen":
            self.parse_signature(node)
        else:
            node.args = []
            node.defaults = []
        call_node = self.parse_expression()
        if not isinstance(call_node, nodes.Call):
            self._fail_at(
                "expected call",
                call_node,
                hint="{% call %} needs a macro call such as {% call my_macro(arg) %}",
            )
        node.call = call_node
        node.body = self.parse_statements(("name:endcall",), drop_needle=True)
        node.span = self._span(token)
        return node

    def parse_filter_block(self) -> nodes.FilterBlock:
        """Parse ``{% filter name(args) | other %}...{% endfilter %}``."""
        token = next(self.stream)
        filter_node = self.parse_filter(None, start_inline=True)
        body = self.parse_statements(("name:endfilter",), drop_needle=True)
        return self._new(nodes.FilterBlock, token[0], self._span(token), body, filter_node)

    def parse_macro(self) -> nodes.Macro:
        """Parse ``{% macro name(params) %}...{% endmacro %}``."""
        token = next(self.stream)
        node = self._new(nodes.Macro, token[0], None)
        node.name = self.parse_assign_target(name_only=True).name
        self.parse_signature(node)
        node.body = self.parse_statements(("name:endmacro",), drop_needle=True)
        node.span = self._span(token)
        return node

    def parse_print(self) -> nodes.Output:
        """Parse ``{% print expr, ... %}``."""
        token = next(self.stream)
        items: list[nodes.Expr] = []
        while self.stream.current[1] != "block_end":
            if items:
                self.stream.expect("comma")
            items.append(self.parse_expression())
        return self._new(nodes.Output, token[0], self._span(token), items)

    def parse_assign_target(
        self,
        with_tuple: bool = True,
        name_only: bool = False,
        extra_end_rules: tuple[str, ...] | None = None,
        with_namespace: bool = False,
    ) -> Any:
        """Parse an assignment target: a name, a tuple of targets, or ``ns.attr``.

        ``name_only`` accepts a single name; ``with_tuple=False`` a single primary;
        ``with_namespace`` allows ``namespace.attribute`` targets (``{% set ns.x = 1 %}``).
        """
        target: nodes.Expr
        if name_only:
            token = self.stream.expect("name")
            target = _name_node(token[0], _token_span(token), token[2], "store", self.environment)
        else:
            if with_tuple:
                target = self.parse_tuple(
                    simplified=True,
                    extra_end_rules=extra_end_rules,
                    with_namespace=with_namespace,
                )
            else:
                target = self.parse_primary(with_namespace=with_namespace)
            target.set_ctx("store")
        if not target.can_assign():
            kind = type(target).__name__.lower()
            self._fail_at(
                f"can't assign to {kind!r}",
                target,
                hint="only names, tuples of names and namespace attributes (ns.attr) "
                "can be assigned to",
            )
        return target

    # --- the template body -----------------------------------------------------------------

    def subparse(self, end_tokens: tuple[str, ...] | None = None) -> list[nodes.Node]:
        """Parse template data, ``{{ }}`` output and statements until ``end_tokens``.

        Stops (without consuming) at a ``{%`` whose tag name matches one of
        ``end_tokens``, or at the end of the template.
        """
        body: list[nodes.Node] = []
        data_buffer: list[nodes.Expr] = []
        stream = self.stream
        environment = self.environment
        # The first and last token of the buffered output (only read once something is
        # buffered); its span is made when it is flushed into an Output node, not per item.
        out_first = out_last = stream.current
        # End tokens are nearly always tag names ("name:endfor"): test those as a set.
        end_names: frozenset[str] | None = None
        if end_tokens is not None:
            self._end_token_stack.append(end_tokens)
            if all(expr.startswith("name:") for expr in end_tokens):
                end_names = frozenset(expr[5:] for expr in end_tokens)
        try:
            while True:
                token = stream.current
                ttype = token[1]
                if ttype == "data":
                    if token[2]:
                        if not data_buffer:
                            out_first = token
                        data_buffer.append(
                            _data_node(token[0], _token_span(token), token[2], environment)
                        )
                        out_last = token
                    next(stream)
                    continue
                # try costs nothing in Python 3.11 unless something is raised.
                if ttype == "variable_begin":
                    try:
                        next(stream)
                        if not data_buffer:
                            out_first = token
                        data_buffer.append(self.parse_tuple(with_condexpr=True))
                        if stream.current[1] != "variable_end":
                            self._expect_tag_end("variable_end")
                        next(stream)
                    except TemplateSyntaxError as exc:
                        self._raise_if_never_closed(exc, token)
                        raise
                    out_last = stream.last
                elif ttype == "block_begin":
                    if data_buffer:
                        body.append(
                            _output_node(
                                data_buffer[0].lineno,
                                _span_between(out_first, out_last),
                                data_buffer,
                                environment,
                            )
                        )
                        data_buffer = []
                    try:
                        next(stream)
                        current = stream.current
                        if end_names is not None:
                            if current[1] == "name" and current[2] in end_names:
                                return body
                        elif end_tokens is not None and current.test_any(*end_tokens):
                            return body
                        pending = len(self._unplaced)
                        rv = self.parse_statement()
                        if stream.current[1] != "block_end":
                            self._expect_tag_end("block_end", rv)
                        next(stream)
                    except TemplateSyntaxError as exc:
                        self._raise_if_never_closed(exc, token)
                        raise
                    # Statements span their whole tag (and body): {% ... %}...{% end %}.
                    span = self._span(token)
                    if len(self._unplaced) > pending:
                        # Nodes an extension built without a position get the tag's.
                        for node in self._unplaced[pending:]:
                            node.span = span
                            if node.lineno is None and span is not None:
                                node.lineno = span.lineno
                        del self._unplaced[pending:]
                    if isinstance(rv, list):
                        body.extend(rv)
                    else:
                        rv.span = span
                        body.append(rv)
                elif ttype == "eof" and not stream:  # (not if tokens were pushed back)
                    break
                else:
                    self._fail_at(
                        f"unexpected {describe_token(token)!r}",
                        token,
                        hint="an extension's token filter produced a token out of place",
                    )
            if data_buffer:
                body.append(
                    _output_node(
                        data_buffer[0].lineno,
                        _span_between(out_first, out_last),
                        data_buffer,
                        environment,
                    )
                )
        finally:
            if end_tokens is not None:
                self._end_token_stack.pop()
        return body

    def _expect_tag_end(self, kind: str, statement: Any = None) -> NoReturn:
        """Fail because the current token is not the end of the tag (``kind``).

        The message is :meth:`TokenStream.expect`'s; the hint guesses what went wrong from
        the token that is there instead and the one before it.
        """
        stream = self.stream
        try:
            stream.expect(kind)
        except TemplateSyntaxError as exc:
            if exc.hint is None:
                exc.hint = self._stray_token_hint(stream.current, statement)
            raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _stray_token_hint(self, token: Token, statement: Any) -> str | None:
        """What to do about ``token``, found where a complete tag should have ended."""
        last = self.stream.last
        if isinstance(statement, nodes.Include) and token[1] == "name" and token[2] == "ignore":
            return "did you mean 'ignore missing'?"
        if last[1] not in _operand_ends or token[1] not in _operand_starts:
            return None
        if last[1] == "integer" and token[1] == "name":
            first, second = last._p, token._p
            if first is not None and second is not None and first[5] == second[4]:
                text = self.source[first[4] : second[5]]
                if text.endswith(token[2]):
                    # "x.1a": the lexer reads a number and then a name.
                    return (
                        f"{text!r} is not a name: names cannot start with a digit "
                        f"(write [{text!r}] to look up a key like that)"
                    )
        return (
            f"an operator is missing between {describe_token(last)!r} and "
            f"{describe_token(token)!r} (e.g. '~' to join them as text)"
        )

    def _raise_if_never_closed(self, exc: TemplateSyntaxError, opener: Token) -> None:
        """Raise the error that names the real cause of ``exc``, if the cause is that the
        tag ``opener`` started was never closed, or was closed with the wrong delimiter.

        A ``{{`` or ``{%`` left open makes the parser read on into the text and tags that
        follow and fail there (``{{ x</p>`` fails at ``/``), far from the mistake: report
        "'{{' is never closed" at the opener if another tag starts before the error, or
        if the closing delimiter does not follow at all.  A ``%}`` ending a ``{{`` tag
        (read as operators) is reported as such.  The rules work on the source text, as
        ``tmpl.diagnostics`` does, so a delimiter inside a string literal can mislead
        them; that is rare in a template that already has an error.
        """
        p = opener._p
        if (
            p is None
            or exc.col is None
            or isinstance(exc, TemplateAssertionError)
            or exc.message == _NESTING_TOO_DEEP
        ):
            return
        env = self.environment
        if opener[1] == "variable_begin":
            start, end = env.variable_start_string, env.variable_end_string
        else:
            start, end = env.block_start_string, env.block_end_string
        source = self.source
        begin, inside = p[4], p[5]
        if opener[2].rstrip("+-") != start or not source.startswith(start, begin):
            return  # a line statement, or a source changed by an extension's preprocess
        # The error's offset, counting lines from the opener's.
        lineno, line_start = p[0], begin - p[1]
        if exc.lineno < lineno:
            return
        if exc.lineno > lineno:
            for brk in _line_break.finditer(source, begin):
                lineno += 1
                line_start = brk.end()
                if lineno == exc.lineno:
                    break
            else:
                return
        offset = line_start + exc.col - 1
        close = source.find(end, inside)
        if offset <= begin or 0 <= close < offset:
            return  # at the opener already, or after this tag (in a block's body)
        starters = (env.block_start_string, env.variable_start_string, env.comment_start_string)
        if not any(source.find(s, inside, offset + len(s)) >= 0 for s in starters):
            get_lexer(env).fail_if_wrong_closer(
                source,
                offset,
                opener[1],
                p[0],
                p[1],
                exc.lineno,
                line_start,
                self.name,
                self.filename,
            )
            if close >= 0:
                return
        found = f"line {exc.lineno}, column {exc.col}: {exc.message}"
        raise TemplateSyntaxError(
            f"{start!r} is never closed",
            p[0],
            self.name,
            self.filename,
            col=p[1] + 1,
            end_col=p[1] + 1 + len(start),
            hint=f"add {end!r} to close it (parsing stopped at {found})",
        ) from None

    def parse(self) -> nodes.Template:
        """Parse the whole template into a :class:`~tmpl.nodes.Template`."""
        try:
            body = self.subparse()
        except RecursionError:
            # The nesting counter should prevent this; an extension recursing on its own
            # (or a very low recursion limit) can still get here.
            self._depth = 0
            self._fail_at(
                _NESTING_TOO_DEEP,
                self.stream.current,
                hint="the template nests too deeply to be parsed",
            )
        end = _token_span(self.stream.current)
        span = None
        if end is not None:
            span = Span(1, 0, end.end_lineno, end.end_col, 0, end.end_offset)
        result = self._new(nodes.Template, 1, span, body)
        return result


def _iter_extensions(environment: Any) -> Iterator[Any]:
    """The environment's extensions, by priority (as Jinja2 orders them)."""
    iter_extensions = getattr(environment, "iter_extensions", None)
    if iter_extensions is not None:
        return iter(iter_extensions())
    extensions = getattr(environment, "extensions", None) or {}
    return iter(sorted(extensions.values(), key=lambda ext: getattr(ext, "priority", 100)))
