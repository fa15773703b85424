"""The expression grammar: tokens in, a :class:`tmpl.nodes.Expr` out.

In: the parser's :class:`~tmpl.lexer.TokenStream`, at the first token of an expression (or
of an assignment target).  Out: one ``nodes.Expr`` tree with Jinja2's node types and field
values (names, literals, operators, conditional expressions, attribute and item access,
calls, filters, tests), every node with ``lineno``, ``span`` and ``environment`` set; the
stream is left at the first token after the expression.  Errors are raised as
:class:`~tmpl.exceptions.TemplateSyntaxError` with a hint where the cause is known.

:class:`ExpressionParser` is a mixin of :class:`tmpl.parser.Parser`, which owns the stream,
the nesting counter (``_enter``), node construction (``_new``, ``_span``) and error reporting
(``_fail_at``); statements and the template body stay there, and call into this grammar
through the public ``parse_*`` methods.  The module-level helpers both halves use
(``_join``, ``_token_span``, ``_name_node``...) live here, because ``tmpl.parser`` imports
this module and not the other way round.

Design notes:

* Binary operators are parsed by precedence climbing in one loop instead of one method per
  precedence level: fewer Python frames per nesting level, and long flat chains
  (``a or b or ...``, ``x if c else y if d else ...``) are built iteratively.  The
  ``parse_or``... ``parse_pow`` methods keep Jinja2's names for extensions.
* The node types most expressions are made of (``Name``, ``Const``, ``Getattr``) are built
  by plain attribute stores instead of their constructors: templates have thousands of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from . import nodes
from .exceptions import TemplateSyntaxError
from .lexer import Token, describe_token, reverse_operators
from .nodes import Span

if TYPE_CHECKING:
    from .environment import Environment
    from .lexer import TokenStream

_NodeT = TypeVar("_NodeT", bound=nodes.Node)

_compare_operators = frozenset(["eq", "ne", "lt", "lteq", "gt", "gteq"])
# Token types after which an expression is complete, and those that start a new one: the
# pair in a row means an operator is missing (``{{ a b }}``).
_operand_ends = frozenset(["name", "string", "integer", "float", "rparen", "rbracket", "rbrace"])
_operand_starts = frozenset(["name", "string", "integer", "float", "lparen", "lbracket", "lbrace"])
_closing_tokens = frozenset(["rparen", "rbracket", "rbrace", "comma", "colon"])

# Precedence levels, lowest first.  The levels mirror Jinja2's chain of parse methods
# (condexpr > or > and > not > compare > + - > ~ > * / // % > ** > unary).
_OR = 1
_AND = 2
_NOT = 3
_CMP = 4
_MATH1 = 5
_CONCAT = 6
_MATH2 = 7
_POW = 8

_binop_precedence = {
    "add": _MATH1,
    "sub": _MATH1,
    "tilde": _CONCAT,
    "mul": _MATH2,
    "div": _MATH2,
    "floordiv": _MATH2,
    "mod": _MATH2,
    "pow": _POW,
    "eq": _CMP,
    "ne": _CMP,
    "lt": _CMP,
    "lteq": _CMP,
    "gt": _CMP,
    "gteq": _CMP,
}
_binop_nodes: dict[str, type[nodes.BinExpr]] = {
    "add": nodes.Add,
    "sub": nodes.Sub,
    "mul": nodes.Mul,
    "div": nodes.Div,
    "floordiv": nodes.FloorDiv,
    "mod": nodes.Mod,
    "pow": nodes.Pow,
}
# Tokens that may start the single argument of a test written without parentheses
# (``x is divisibleby 3``).
_test_arg_starts = frozenset(["name", "string", "integer", "float", "lparen", "lbracket", "lbrace"])
# The tokens that may follow an operand as a postfix (``.x``, ``[i]``, ``(args)``), and as a
# filter or test (``|f``, ``is t``, ``(args)``): most operands have neither, and checking
# first saves the calls.
_postfix_starts = frozenset(["dot", "lbracket", "lparen"])
_filter_starts = frozenset(["pipe", "name", "lparen"])
# Names that are literals.
_name_constants = {
    "true": True,
    "false": False,
    "none": None,
    "True": True,
    "False": False,
    "None": None,
}

_object_new = object.__new__
_tuple_new = tuple.__new__


def _join(first: Span | None, last: Span | None) -> Span | None:
    """The span from the start of ``first`` to the end of ``last`` (either may be missing)."""
    if first is None:
        return last
    if last is None:
        return first
    return _tuple_new(Span, (first[0], first[1], last[2], last[3], first[4], last[5]))


def _token_span(token: Any) -> Span | None:
    """A token's span (``None`` for tokens without a position)."""
    p = token._p if type(token) is Token else None
    if p is None:
        return getattr(token, "span", None)
    return _tuple_new(Span, p)


def _span_between(first: Token, last: Token) -> Span | None:
    """The span from the start of token ``first`` to the end of token ``last``."""
    s = first._p
    e = last._p
    if s is None or e is None:
        return _join(_token_span(first), _token_span(last))
    return _tuple_new(Span, (s[0], s[1], e[2], e[3], s[4], e[5]))


# Constructors for the node types that make up most of a template.  Plain attribute stores
# on a fresh object are several times cheaper than ``Node.__init__`` or a generic loop over
# ``cls.fields``; the attribute order (fields, then lineno, span, environment) is the same
# as every other node's.
def _name_node(lineno: int, span: Span | None, name: str, ctx: str, env: Any) -> nodes.Name:
    node: nodes.Name = _object_new(nodes.Name)
    node.name = name
    node.ctx = ctx
    node.lineno = lineno
    node.span = span
    node.environment = env
    return node


def _const_node(lineno: int, span: Span | None, value: Any, env: Any) -> nodes.Const:
    node: nodes.Const = _object_new(nodes.Const)
    node.value = value
    node.lineno = lineno
    node.span = span
    node.environment = env
    return node


def _getattr_node(
    lineno: int, span: Span | None, obj: nodes.Expr, attr: str, env: Any
) -> nodes.Getattr:
    node: nodes.Getattr = _object_new(nodes.Getattr)
    node.node = obj
    node.attr = attr
    node.ctx = "load"
    node.lineno = lineno
    node.span = span
    node.environment = env
    return node


class ExpressionParser:
    """The expression methods of :class:`tmpl.parser.Parser` (``parse_expression`` & co)."""

    if TYPE_CHECKING:
        # What this mixin uses of the class it is mixed into (Parser).
        environment: Environment
        stream: TokenStream
        _depth: int

        def _fail_at(
            self,
            msg: str,
            where: Any,
            hint: str | None = None,
            exc: type[TemplateSyntaxError] = TemplateSyntaxError,
        ) -> NoReturn: ...
        def is_tuple_end(self, extra_end_rules: tuple[str, ...] | None = None) -> bool: ...
        def _enter(self, token: Any) -> None: ...
        def _span(self, first: Any) -> Span | None: ...
        def _new(
            self, cls: type[_NodeT], lineno: int, span: Span | None, *values: Any
        ) -> _NodeT: ...

    def parse_expression(self, with_condexpr: bool = True) -> nodes.Expr:
        """Parse an expression; ``with_condexpr=False`` leaves out ``a if b else c``."""
        if with_condexpr:
            return self.parse_condexpr()
        return self._parse_binary(_OR)

    def parse_condexpr(self) -> nodes.Expr:
        """Parse ``a if b else c`` (``else`` optional), iteratively for long chains."""
        stream = self.stream
        first = stream.current
        expr1 = self._parse_binary(_OR)
        # ``a if b else c if d else e`` nests to the right; collect the outer parts and fold
        # them afterwards instead of recursing once per ``else``.
        pending: list[tuple[nodes.Expr, nodes.Expr, Any]] = []
        while True:
            current = stream.current
            if current[1] != "name" or current[2] != "if":
                break
            next(stream)
            expr2 = self._parse_binary(_OR)
            if stream.skip_if("name:else"):
                pending.append((expr2, expr1, first))
                first = stream.current
                expr1 = self._parse_binary(_OR)
            else:
                expr1 = self._new(nodes.CondExpr, first[0], self._span(expr1), expr2, expr1, None)
        while pending:
            test, body, start = pending.pop()
            expr1 = self._new(nodes.CondExpr, start[0], self._span(body), test, body, expr1)
        return expr1

    def parse_or(self) -> nodes.Expr:
        """Parse an ``or`` expression (and everything binding tighter)."""
        return self._parse_binary(_OR)

    def parse_and(self) -> nodes.Expr:
        """Parse an ``and`` expression (and everything binding tighter)."""
        return self._parse_binary(_AND)

    def parse_not(self) -> nodes.Expr:
        """Parse a ``not`` expression (and everything binding tighter)."""
        return self._parse_binary(_NOT)

    def parse_compare(self) -> nodes.Expr:
        """Parse a (chained) comparison (and everything binding tighter)."""
        return self._parse_binary(_CMP)

    def parse_math1(self) -> nodes.Expr:
        """Parse ``+`` and ``-`` (and everything binding tighter)."""
        return self._parse_binary(_MATH1)

    def parse_concat(self) -> nodes.Expr:
        """Parse ``~`` concatenation (and everything binding tighter)."""
        return self._parse_binary(_CONCAT)

    def parse_math2(self) -> nodes.Expr:
        """Parse ``*``, ``/``, ``//`` and ``%`` (and everything binding tighter)."""
        return self._parse_binary(_MATH2)

    def parse_pow(self) -> nodes.Expr:
        """Parse ``**`` (and everything binding tighter)."""
        return self._parse_binary(_POW)

    def _parse_binary(self, min_level: int) -> nodes.Expr:
        """Precedence climbing over all binary operators at ``min_level`` or above.

        Every operator is left-associative (``**`` too, as in Jinja2); comparisons collect
        into one Compare node and ``~`` into one Concat node.
        """
        stream = self.stream
        first = stream.current
        left: nodes.Expr
        if min_level <= _NOT and first[1] == "name" and first[2] == "not":
            # ``not`` binds looser than comparisons: ``not a == b`` is ``not (a == b)``.
            nots: list[Token] = []
            while stream.current[1] == "name" and stream.current[2] == "not":
                nots.append(next(stream))
                self._enter(nots[-1])
            left = self._parse_binary(_CMP)
            for token in reversed(nots):
                left = self._new(nodes.Not, token[0], self._span(token), left)
            self._depth -= len(nots)
        else:
            left = self.parse_unary()
        while True:
            current = stream.current
            ttype = current[1]
            if ttype == "name":
                value = current[2]
                if value == "or":
                    level = _OR
                elif value == "and":
                    level = _AND
                elif value == "in":
                    level = _CMP
                elif value == "not" and stream.look().test("name:in"):
                    level = _CMP
                else:
                    break
            else:
                level = _binop_precedence.get(ttype, 0)
                if not level:
                    break
            if level < min_level:
                break
            if level == _CMP:
                ops: list[nodes.Operand] = []
                while True:
                    current = stream.current
                    ttype = current[1]
                    if ttype in _compare_operators:
                        op = ttype
                        next(stream)
                    elif ttype == "name" and current[2] == "in":
                        op = "in"
                        next(stream)
                    elif ttype == "name" and current[2] == "not" and stream.look().test("name:in"):
                        op = "notin"
                        stream.skip(2)
                    else:
                        break
                    operand = self._parse_binary(_MATH1)
                    ops.append(
                        self._new(nodes.Operand, current[0], self._span(current), op, operand)
                    )
                left = self._new(nodes.Compare, first[0], self._span(left), left, ops)
            elif level == _CONCAT:
                args = [left]
                while stream.current[1] == "tilde":
                    next(stream)
                    args.append(self._parse_binary(_CONCAT + 1))
                left = self._new(nodes.Concat, first[0], self._span(left), args)
            else:
                next(stream)
                right = self._parse_binary(level + 1)
                if level == _OR:
                    left = self._new(nodes.Or, first[0], self._span(left), left, right)
                elif level == _AND:
                    left = self._new(nodes.And, first[0], self._span(left), left, right)
                else:
                    left = self._new(_binop_nodes[ttype], first[0], self._span(left), left, right)
        return left

    def parse_unary(self, with_filter: bool = True) -> nodes.Expr:
        """Parse unary ``-``/``+``, a primary with its postfix operators, then filters/tests.

        As in Jinja2, ``-x|abs`` is ``(-x)|abs`` while ``-x.y`` is ``-(x.y)``.
        """
        stream = self.stream
        if stream.current[1] in ("sub", "add"):
            prefixes: list[Token] = []
            while stream.current[1] in ("sub", "add"):
                token = next(stream)
                prefixes.append(token)
                self._enter(token)
            node = self.parse_postfix(self.parse_primary())
            for token in reversed(prefixes):
                cls = nodes.Neg if token[1] == "sub" else nodes.Pos
                node = self._new(cls, token[0], self._span(token), node)
            self._depth -= len(prefixes)
        else:
            # Nearly every operand: no prefix, so no list and no depth bookkeeping.
            node = self.parse_primary()
            if stream.current[1] in _postfix_starts:
                node = self.parse_postfix(node)
        if with_filter and stream.current[1] in _filter_starts:
            node = self.parse_filter_expr(node)
        return node

    def parse_primary(self, with_namespace: bool = False) -> nodes.Expr:
        """Parse a name, literal, or parenthesized/list/dict expression.

        With ``with_namespace``, ``name.attr`` is parsed as an assignable namespace
        reference (:class:`~tmpl.nodes.NSRef`).
        """
        stream = self.stream
        token = stream.current
        ttype = token[1]
        node: nodes.Expr
        if ttype == "name":
            next(stream)
            value = token[2]
            if value in _name_constants:
                node = _const_node(
                    token[0], _token_span(token), _name_constants[value], self.environment
                )
            elif with_namespace and stream.current[1] == "dot":
                next(stream)
                attr = stream.expect("name")
                node = self._new(nodes.NSRef, token[0], self._span(token), value, attr[2])
            else:
                node = _name_node(token[0], _token_span(token), value, "load", self.environment)
        elif ttype == "string":
            next(stream)
            # Adjacent string literals concatenate, as in Python.
            if stream.current[1] == "string":
                buf = [token[2]]
                while stream.current[1] == "string":
                    buf.append(next(stream)[2])
                node = self._new(nodes.Const, token[0], self._span(token), "".join(buf))
            else:
                node = _const_node(token[0], _token_span(token), token[2], self.environment)
        elif ttype == "integer" or ttype == "float":
            next(stream)
            node = _const_node(token[0], _token_span(token), token[2], self.environment)
        elif ttype == "lparen":
            next(stream)
            self._enter(token)
            node = self.parse_tuple(explicit_parentheses=True)
            self._depth -= 1
            if stream.current[1] != "rparen":
                self._expect_closing("rparen", token)
            next(stream)
        elif ttype == "lbracket":
            node = self.parse_list()
        elif ttype == "lbrace":
            node = self.parse_dict()
        else:
            self._fail_at(
                f"unexpected {describe_token(token)!r}",
                token,
                hint=self._expression_hint(token),
            )
        return node

    def _expression_hint(self, token: Any) -> str | None:
        """What to do about ``token``, found where an expression should start."""
        ttype = token[1]
        if ttype == "eof":
            return "the template ends in the middle of an expression"
        if ttype in ("variable_end", "block_end"):
            return "an expression is missing here"
        last = self.stream.last[1]
        if last == "colon" and ttype in ("rbrace", "comma"):
            return "a value is missing after ':'"
        if ttype in _closing_tokens:
            return f"an expression is missing before this {describe_token(token)!r}"
        if ttype in reverse_operators:
            if last in reverse_operators and last not in _operand_ends:
                return (
                    f"an operand is missing between {reverse_operators[last]!r} and "
                    f"{reverse_operators[ttype]!r}"
                )
            return f"{reverse_operators[ttype]!r} cannot start an expression"
        return None

    def _expect_closing(self, expected: str, opening: Any) -> NoReturn:
        """Fail because the bracket opened at ``opening`` is not closed where expected."""
        try:
            self.stream.expect(expected)
        except TemplateSyntaxError as exc:
            span = getattr(opening, "span", None)
            if span is not None:
                bracket = describe_token(opening)
                closer = {"(": ")", "[": "]", "{": "}"}.get(bracket, "")
                exc.hint = (
                    f"the {bracket!r} opened at line {span.lineno}, column {span.col + 1} is "
                    f"still open here; separate items with ',' or close it with {closer!r}"
                )
            raise
        raise AssertionError("unreachable")  # pragma: no cover

    def parse_tuple(
        self,
        simplified: bool = False,
        with_condexpr: bool = True,
        extra_end_rules: tuple[str, ...] | None = None,
        explicit_parentheses: bool = False,
        with_namespace: bool = False,
    ) -> nodes.Expr:
        """Parse an expression, or a Tuple if it has top-level commas.

        ``simplified`` parses only names and literals (assignment targets; with
        ``with_namespace`` also ``ns.attr``).  ``extra_end_rules`` are token expressions
        that also end the tuple (``("name:in",)`` for for-loop targets).
        ``explicit_parentheses`` allows the empty tuple ``()``.
        """
        stream = self.stream
        first = stream.current
        args: list[nodes.Expr] = []
        is_tuple = False
        while True:
            if args:
                stream.expect("comma")
            # Jinja2 3.1 hands ``extra_end_rules`` to ``test_any`` as one argument, so they
            # never match there; the same trees (and errors) need the same behaviour, e.g.
            # ``{% for x in a, recursive %}`` iterates over the tuple ``(a, recursive)``.
            if self.is_tuple_end(None):
                break
            if simplified:
                args.append(self.parse_primary(with_namespace=with_namespace))
            elif with_condexpr:
                args.append(self.parse_condexpr())
            else:
                args.append(self._parse_binary(_OR))
            if stream.current[1] == "comma":
                is_tuple = True
            else:
                break
        if not is_tuple:
            if args:
                return args[0]
            # Nothing at all where an expression belongs is only valid as ``()``.
            if not explicit_parentheses:
                current = stream.current
                self._fail_at(
                    f"Expected an expression, got {describe_token(current)!r}",
                    current,
                    hint=self._expression_hint(current),
                )
        span = self._span(first) if args else _token_span(first)
        return self._new(nodes.Tuple, first[0], span, args, "load")

    def parse_list(self) -> nodes.List:
        """Parse a list literal ``[a, b, ...]``."""
        stream = self.stream
        token = stream.expect("lbracket")
        self._enter(token)
        items: list[nodes.Expr] = []
        while stream.current[1] != "rbracket":
            if items:
                if stream.current[1] != "comma":
                    self._expect_closing("comma", token)
                next(stream)
            if stream.current[1] == "rbracket":
                break
            items.append(self.parse_expression())
        next(stream)
        self._depth -= 1
        return self._new(nodes.List, token[0], self._span(token), items)

    def parse_dict(self) -> nodes.Dict:
        """Parse a dict literal ``{key: value, ...}``."""
        stream = self.stream
        token = stream.expect("lbrace")
        self._enter(token)
        items: list[nodes.Pair] = []
        while stream.current[1] != "rbrace":
            if items:
                if stream.current[1] != "comma":
                    self._expect_closing("comma", token)
                next(stream)
            if stream.current[1] == "rbrace":
                break
            key = self.parse_expression()
            stream.expect("colon")
            value = self.parse_expression()
            items.append(self._new(nodes.Pair, key.lineno, self._span(key), key, value))
        next(stream)
        self._depth -= 1
        return self._new(nodes.Dict, token[0], self._span(token), items)

    def parse_postfix(self, node: nodes.Expr) -> nodes.Expr:
        """Parse attribute access, subscripts and calls following ``node``."""
        stream = self.stream
        while True:
            ttype = stream.current[1]
            if ttype == "dot" or ttype == "lbracket":
                node = self.parse_subscript(node)
            elif ttype == "lparen":
                node = self.parse_call(node)
            else:
                break
        return node

    def parse_filter_expr(self, node: nodes.Expr) -> nodes.Expr:
        """Parse filters (``|f``), tests (``is t``) and calls following ``node``."""
        stream = self.stream
        while True:
            current = stream.current
            ttype = current[1]
            if ttype == "pipe":
                node = self.parse_filter(node)  # type: ignore[assignment]
            elif ttype == "name" and current[2] == "is":
                node = self.parse_test(node)
            elif ttype == "lparen":
                node = self.parse_call(node)
            else:
                break
        return node

    def parse_subscript(self, node: nodes.Expr) -> nodes.Getattr | nodes.Getitem:
        """Parse ``.name``, ``.0`` or ``[subscript]`` after ``node``."""
        stream = self.stream
        token = next(stream)
        if token[1] == "dot":
            attr_token = stream.current
            next(stream)
            if attr_token[1] == "name":
                return _getattr_node(
                    token[0], self._span(node), node, attr_token[2], self.environment
                )
            if attr_token[1] != "integer":
                self._fail_at(
                    "expected name or number",
                    attr_token,
                    hint="after '.' write an attribute name or an integer index",
                )
            index = self._new(nodes.Const, attr_token[0], _token_span(attr_token), attr_token[2])
            return self._new(nodes.Getitem, token[0], self._span(node), node, index, "load")
        if token[1] == "lbracket":
            self._enter(token)
            args: list[nodes.Expr] = []
            while stream.current[1] != "rbracket":
                if args:
                    if stream.current[1] != "comma":
                        self._expect_closing("comma", token)
                    next(stream)
                args.append(self.parse_subscribed())
            next(stream)
            self._depth -= 1
            arg: nodes.Expr
            if len(args) == 1:
                arg = args[0]
            else:
                arg = self._new(nodes.Tuple, token[0], self._span(token), args, "load")
            return self._new(nodes.Getitem, token[0], self._span(node), node, arg, "load")
        self._fail_at("expected subscript expression", token)

    def parse_subscribed(self) -> nodes.Expr:
        """Parse one subscript: an expression or a slice ``start:stop:step``."""
        stream = self.stream
        first = stream.current
        args: list[nodes.Expr | None]
        if first[1] == "colon":
            next(stream)
            args = [None]
        else:
            node = self.parse_expression()
            if stream.current[1] != "colon":
                return node
            next(stream)
            args = [node]
        if stream.current[1] == "colon":
            args.append(None)
        elif stream.current[1] not in ("rbracket", "comma"):
            args.append(self.parse_expression())
        else:
            args.append(None)
        if stream.current[1] == "colon":
            next(stream)
            if stream.current[1] not in ("rbracket", "comma"):
                args.append(self.parse_expression())
            else:
                args.append(None)
        else:
            args.append(None)
        return self._new(nodes.Slice, first[0], self._span(first), *args)

    def parse_call_args(
        self,
    ) -> tuple[list[nodes.Expr], list[nodes.Keyword], nodes.Expr | None, nodes.Expr | None]:
        """Parse ``(args, key=value, *args, **kwargs)``; return the four parts."""
        stream = self.stream
        token = stream.expect("lparen")
        self._enter(token)
        args: list[nodes.Expr] = []
        kwargs: list[nodes.Keyword] = []
        dyn_args: nodes.Expr | None = None
        dyn_kwargs: nodes.Expr | None = None
        require_comma = False

        def ensure(ok: bool, what: Any, hint: str) -> None:
            if not ok:
                self._fail_at("invalid syntax for function call expression", what, hint=hint)

        while stream.current[1] != "rparen":
            if require_comma:
                if stream.current[1] != "comma":
                    self._expect_closing("comma", token)
                next(stream)
                # A trailing comma is allowed.
                if stream.current[1] == "rparen":
                    break
            current = stream.current
            if current[1] == "mul":
                ensure(
                    dyn_args is None and dyn_kwargs is None,
                    current,
                    "only one *args is allowed, and it must come before **kwargs",
                )
                next(stream)
                dyn_args = self.parse_expression()
            elif current[1] == "pow":
                ensure(dyn_kwargs is None, current, "only one **kwargs is allowed")
                next(stream)
                dyn_kwargs = self.parse_expression()
            elif current[1] == "name" and stream.look()[1] == "assign":
                ensure(dyn_kwargs is None, current, "keyword arguments must come before **kwargs")
                stream.skip(2)
                value = self.parse_expression()
                kwargs.append(
                    self._new(nodes.Keyword, value.lineno, self._span(current), current[2], value)
                )
            else:
                ensure(
                    dyn_args is None and dyn_kwargs is None and not kwargs,
                    current,
                    "positional arguments must come before keyword arguments, *args and **kwargs",
                )
                args.append(self.parse_expression())
            require_comma = True
        next(stream)
        self._depth -= 1
        return args, kwargs, dyn_args, dyn_kwargs

    def parse_call(self, node: nodes.Expr) -> nodes.Call:
        """Parse a call of ``node``; the current token is ``(``."""
        token = self.stream.current
        args, kwargs, dyn_args, dyn_kwargs = self.parse_call_args()
        return self._new(
            nodes.Call, token[0], self._span(node), node, args, kwargs, dyn_args, dyn_kwargs
        )

    def parse_filter(
        self, node: nodes.Expr | None, start_inline: bool = False
    ) -> nodes.Expr | None:
        """Parse ``| name(args)`` filters applied to ``node`` (``None`` in filter blocks).

        ``start_inline`` means the first filter name comes without a ``|``.
        """
        stream = self.stream
        start: Any = node if node is not None else stream.current
        while stream.current[1] == "pipe" or start_inline:
            if not start_inline:
                next(stream)
            token = stream.expect("name")
            name = token[2]
            while stream.current[1] == "dot":
                next(stream)
                name += "." + stream.expect("name")[2]
            if stream.current[1] == "lparen":
                args, kwargs, dyn_args, dyn_kwargs = self.parse_call_args()
            else:
                args = []
                kwargs = []
                dyn_args = dyn_kwargs = None
            node = self._new(
                nodes.Filter,
                token[0],
                self._span(start),
                node,
                name,
                args,
                kwargs,
                dyn_args,
                dyn_kwargs,
            )
            start_inline = False
        return node

    def parse_test(self, node: nodes.Expr) -> nodes.Expr:
        """Parse ``is [not] name [args]`` after ``node``.

        A test may take one argument without parentheses: ``x is divisibleby 3``.
        """
        stream = self.stream
        token = next(stream)
        negated = False
        if stream.current[1] == "name" and stream.current[2] == "not":
            next(stream)
            negated = True
        name = stream.expect("name")[2]
        while stream.current[1] == "dot":
            next(stream)
            name += "." + stream.expect("name")[2]
        dyn_args = dyn_kwargs = None
        kwargs: list[nodes.Keyword] = []
        current = stream.current
        if current[1] == "lparen":
            args, kwargs, dyn_args, dyn_kwargs = self.parse_call_args()
        elif current[1] in _test_arg_starts and not (
            current[1] == "name" and current[2] in ("else", "or", "and")
        ):
            if current[1] == "name" and current[2] == "is":
                self._fail_at(
                    "You cannot chain multiple tests with is",
                    current,
                    hint="combine tests with 'and' / 'or': x is a and x is b",
                )
            arg_node = self.parse_primary()
            arg_node = self.parse_postfix(arg_node)
            args = [arg_node]
        else:
            args = []
        node = self._new(
            nodes.Test, token[0], self._span(node), node, name, args, kwargs, dyn_args, dyn_kwargs
        )
        if negated:
            node = self._new(nodes.Not, token[0], node.span, node)
        return node
