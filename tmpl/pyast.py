"""Small builders for Python ``ast`` nodes, so the code generator reads as what it emits.

In: names, constants, child nodes and the template position to give them (a
:class:`Builder`'s ``pos``, which the code generator moves as it visits the template).  Out:
``ast`` nodes that carry that position (``lineno``, ``col_offset``, ``end_lineno``,
``end_col_offset``) from the start, so no pass over the finished tree has to add them.
"""

from __future__ import annotations

import ast
import re
import sys
from typing import Any, TypeVar

LOAD = ast.Load()
STORE = ast.Store()

Position = tuple[int, int, int, int]
_Node = TypeVar("_Node", bound=ast.AST)

# ``_new(cls)``: a node of class ``cls`` without fields or position, to give its ``__dict__``.
_new = ast.AST.__new__


class Builder:
    """Builds ``ast`` nodes that carry the position :attr:`pos` from the start.

    The code generator sets :attr:`pos` to each template node it visits and sets it back
    when done with it (``outer, py.pos = py.pos, here`` ... ``py.pos = outer``: a ``with``
    statement would cost several times as much, and it happens for every template node),
    so each node gets the span of the innermost template node that produced it.  Moving
    back is skipped when generation raises: the generation and its builder are abandoned.

    The common nodes are made with ``__new__`` and given their whole instance ``__dict__``
    (fields and position) at once: the ``ast`` constructors take keyword arguments slowly,
    and adding the four position keys afterwards resizes each node's dict, while a template
    needs thousands of nodes.  Rare nodes go through their constructor (:meth:`node`).
    """

    __slots__ = ("pos",)

    def __init__(self, pos: Position) -> None:
        self.pos = pos

    def node(self, cls: type[_Node], **fields: Any) -> _Node:
        """A node of class ``cls`` (constructed the usual way) at the current position."""
        built = cls(**fields)
        if "lineno" in cls._attributes:
            attrs = built.__dict__
            (
                attrs["lineno"],
                attrs["col_offset"],
                attrs["end_lineno"],
                attrs["end_col_offset"],
            ) = self.pos
        return built

    def name(self, ident: str, ctx: ast.expr_context = LOAD) -> ast.Name:
        node = _new(ast.Name)
        lineno, col, end_lineno, end_col = self.pos
        node.__dict__ = {
            "id": ident,
            "ctx": ctx,
            "lineno": lineno,
            "col_offset": col,
            "end_lineno": end_lineno,
            "end_col_offset": end_col,
        }
        return node

    def store(self, ident: str) -> ast.Name:
        return self.name(ident, STORE)

    def const(self, value: Any) -> ast.Constant:
        node = _new(ast.Constant)
        lineno, col, end_lineno, end_col = self.pos
        node.__dict__ = {
            "value": value,
            "lineno": lineno,
            "col_offset": col,
            "end_lineno": end_lineno,
            "end_col_offset": end_col,
        }
        return node

    def attr(self, value: ast.expr, attribute: str) -> ast.Attribute:
        node = _new(ast.Attribute)
        lineno, col, end_lineno, end_col = self.pos
        node.__dict__ = {
            "value": value,
            "attr": attribute,
            "ctx": LOAD,
            "lineno": lineno,
            "col_offset": col,
            "end_lineno": end_lineno,
            "end_col_offset": end_col,
        }
        return node

    def call(self, func: ast.expr | str, *args: ast.expr, **kwargs: ast.expr) -> ast.Call:
        if isinstance(func, str):
            func = self.name(func)
        keywords = [self.keyword(k, v) for k, v in kwargs.items()] if kwargs else []
        return self.call_with(func, list(args), keywords)

    def call_with(
        self, func: ast.expr, args: list[ast.expr], keywords: list[ast.keyword]
    ) -> ast.Call:
        """``func(*args, **keywords)`` from lists already built."""
        node = _new(ast.Call)
        lineno, col, end_lineno, end_col = self.pos
        node.__dict__ = {
            "func": func,
            "args": args,
            "keywords": keywords,
            "lineno": lineno,
            "col_offset": col,
            "end_lineno": end_lineno,
            "end_col_offset": end_col,
        }
        return node

    def keyword(self, arg: str | None, value: ast.expr) -> ast.keyword:
        """``arg=value`` in a call (``**value`` if ``arg`` is None)."""
        node = _new(ast.keyword)
        lineno, col, end_lineno, end_col = self.pos
        node.__dict__ = {
            "arg": arg,
            "value": value,
            "lineno": lineno,
            "col_offset": col,
            "end_lineno": end_lineno,
            "end_col_offset": end_col,
        }
        return node

    def method(
        self, obj: ast.expr | str, meth: str, *args: ast.expr, **kwargs: ast.expr
    ) -> ast.Call:
        if isinstance(obj, str):
            obj = self.name(obj)
        return self.call(self.attr(obj, meth), *args, **kwargs)

    def subscript(
        self, value: ast.expr, index: ast.expr, ctx: ast.expr_context = LOAD
    ) -> ast.Subscript:
        return self.node(ast.Subscript, value=value, slice=index, ctx=ctx)

    def assign(self, targets: list[ast.expr] | ast.expr | str, value: ast.expr) -> ast.Assign:
        if isinstance(targets, str):
            targets = [self.store(targets)]
        elif not isinstance(targets, list):
            targets = [targets]
        node = _new(ast.Assign)
        lineno, col, end_lineno, end_col = self.pos
        node.__dict__ = {
            "targets": targets,
            "value": value,
            "lineno": lineno,
            "col_offset": col,
            "end_lineno": end_lineno,
            "end_col_offset": end_col,
        }
        return node

    def expr_stmt(self, value: ast.expr) -> ast.Expr:
        node = _new(ast.Expr)
        lineno, col, end_lineno, end_col = self.pos
        node.__dict__ = {
            "value": value,
            "lineno": lineno,
            "col_offset": col,
            "end_lineno": end_lineno,
            "end_col_offset": end_col,
        }
        return node

    def yield_(self, value: ast.expr) -> ast.Expr:
        return self.expr_stmt(self.node(ast.Yield, value=value))

    def yield_from(self, value: ast.expr) -> ast.Expr:
        return self.expr_stmt(self.node(ast.YieldFrom, value=value))

    def compare(
        self, left: ast.expr, ops: list[ast.cmpop], comparators: list[ast.expr]
    ) -> ast.Compare:
        node = _new(ast.Compare)
        lineno, col, end_lineno, end_col = self.pos
        node.__dict__ = {
            "left": left,
            "ops": ops,
            "comparators": comparators,
            "lineno": lineno,
            "col_offset": col,
            "end_lineno": end_lineno,
            "end_col_offset": end_col,
        }
        return node

    def is_(self, left: ast.expr, right: ast.expr) -> ast.Compare:
        return self.compare(left, [ast.Is()], [right])

    def is_not(self, left: ast.expr, right: ast.expr) -> ast.Compare:
        return self.compare(left, [ast.IsNot()], [right])

    def if_(
        self, test: ast.expr, body: list[ast.stmt], orelse: list[ast.stmt] | None = None
    ) -> ast.If:
        return self.node(ast.If, test=test, body=body or [self.node(ast.Pass)], orelse=orelse or [])

    def ifexp(self, test: ast.expr, body: ast.expr, orelse: ast.expr) -> ast.IfExp:
        node = _new(ast.IfExp)
        lineno, col, end_lineno, end_col = self.pos
        node.__dict__ = {
            "test": test,
            "body": body,
            "orelse": orelse,
            "lineno": lineno,
            "col_offset": col,
            "end_lineno": end_lineno,
            "end_col_offset": end_col,
        }
        return node

    def walrus(self, target: str, value: ast.expr) -> ast.NamedExpr:
        """``(target := value)``."""
        node = _new(ast.NamedExpr)
        lineno, col, end_lineno, end_col = self.pos
        node.__dict__ = {
            "target": self.store(target),
            "value": value,
            "lineno": lineno,
            "col_offset": col,
            "end_lineno": end_lineno,
            "end_col_offset": end_col,
        }
        return node

    def tuple_(self, items: list[ast.expr], ctx: ast.expr_context = LOAD) -> ast.Tuple:
        return self.node(ast.Tuple, elts=items, ctx=ctx)

    def list_(self, items: list[ast.expr]) -> ast.List:
        return self.node(ast.List, elts=items, ctx=LOAD)

    def dict_(self, keys: list[ast.expr | None], values: list[ast.expr]) -> ast.Dict:
        return self.node(ast.Dict, keys=keys, values=values)

    def raise_(self, exc: ast.expr) -> ast.Raise:
        return self.node(ast.Raise, exc=exc, cause=None)

    def return_(self, value: ast.expr) -> ast.Return:
        return self.node(ast.Return, value=value)

    def arguments(
        self, names: list[str], defaults: list[ast.expr] | None = None, vararg: str | None = None
    ) -> ast.arguments:
        return ast.arguments(
            posonlyargs=[],
            args=[self.node(ast.arg, arg=n) for n in names],
            vararg=self.node(ast.arg, arg=vararg) if vararg else None,
            kwonlyargs=[],
            kw_defaults=[],
            kwarg=None,
            defaults=defaults or [],
        )

    def function(
        self, func_name: str, args: ast.arguments, body: list[ast.stmt], is_async: bool = False
    ) -> ast.FunctionDef | ast.AsyncFunctionDef:
        cls: type[ast.FunctionDef | ast.AsyncFunctionDef]
        cls = ast.AsyncFunctionDef if is_async else ast.FunctionDef
        return self.node(
            cls,
            name=func_name,
            args=args,
            body=body or [self.node(ast.Pass)],
            decorator_list=[],
            returns=None,
        )

    def fstring(self, parts: list[ast.expr]) -> ast.expr:
        """Concatenate ``parts`` (constants and already-converted strings) as one f-string."""
        values: list[ast.expr] = []
        for part in parts:
            if isinstance(part, ast.Constant):
                if values and isinstance(values[-1], ast.Constant):
                    # Both are str constants: output parts are text.
                    values[-1] = self.const(str(values[-1].value) + str(part.value))
                elif part.value:
                    values.append(self.const(part.value))
            else:
                values.append(self._formatted_value(part))
        if not values:
            return self.const("")
        if len(values) == 1 and isinstance(values[0], ast.Constant):
            return values[0]
        node = _new(ast.JoinedStr)
        lineno, col, end_lineno, end_col = self.pos
        node.__dict__ = {
            "values": values,
            "lineno": lineno,
            "col_offset": col,
            "end_lineno": end_lineno,
            "end_col_offset": end_col,
        }
        return node

    def _formatted_value(self, value: ast.expr) -> ast.FormattedValue:
        """``{value}`` in an f-string."""
        node = _new(ast.FormattedValue)
        lineno, col, end_lineno, end_col = self.pos
        node.__dict__ = {
            "value": value,
            "conversion": -1,
            "format_spec": None,
            "lineno": lineno,
            "col_offset": col,
            "end_lineno": end_lineno,
            "end_col_offset": end_col,
        }
        return node


# ASDL types of fields that hold plain values, or nodes with neither a position nor children
# (``Load``, ``Add``, ``Eq``...): nothing below them can need rewriting.
_NO_CHILDREN = frozenset(
    {"identifier", "string", "constant", "int", "type_ignore"}
    | {"expr_context", "operator", "boolop", "unaryop", "cmpop"}
)
_ASDL_FIELD = re.compile(r"(\w+)([*?]?) (\w+)")

# Node class -> (fields holding one node or None, fields holding lists of nodes).
_child_fields: dict[type[ast.AST], tuple[tuple[str, ...], tuple[str, ...]]] = {}


def child_fields(cls: type[ast.AST]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The fields of node class ``cls`` that can hold nodes with a position or children:
    ``(fields holding one node or None, fields holding lists of nodes)``.

    CPython documents every node class with its ASDL signature, e.g. ``Call(expr func, expr*
    args, keyword* keywords)``, which says which fields can hold nodes; looking only into
    those skips the names, constants and operators that make up most fields.
    """
    fields = _child_fields.get(cls)
    if fields is None:
        signature = _ASDL_FIELD.findall((cls.__doc__ or "").partition("(")[2])
        if tuple(field for _, _, field in signature) != cls._fields:
            raise AssertionError(f"no ASDL signature in the docstring of ast.{cls.__name__}")
        nodes = [(mark, field) for kind, mark, field in signature if kind not in _NO_CHILDREN]
        fields = _child_fields[cls] = (
            tuple(field for mark, field in nodes if mark != "*"),
            tuple(field for mark, field in nodes if mark == "*"),
        )
    return fields


def unparse(module: ast.Module) -> str:
    """``module`` as Python source text, for reading.

    Before Python 3.12 an f-string cannot hold another f-string with a backslash (a newline
    of template text, say) in its expressions, and ``ast.unparse`` writes such code anyway or
    gives up; text-only loops and ifs nest f-strings like that.  There, nested f-strings are
    written as the equivalent ``"".join`` of their parts.
    """
    if sys.version_info < (3, 12):
        module = _NestedFStringsAsJoins().visit(module)
    return ast.unparse(module)


_CONVERSIONS = {ord("s"): "str", ord("r"): "repr", ord("a"): "ascii"}


class _NestedFStringsAsJoins(ast.NodeTransformer):
    """Rewrites an f-string inside another one, ``f"a{x!r:>3}"``, as
    ``"".join(["a", format(repr(x), ">3")])``."""

    def __init__(self) -> None:
        self.depth = 0  # how many f-strings the visit is inside

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.expr:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1
        if not self.depth:
            return node
        # The rewritten nodes take the f-string's position.
        py = Builder((node.lineno, node.col_offset, node.end_lineno or 0, node.end_col_offset or 0))
        parts = [_formatted(py, v) if isinstance(v, ast.FormattedValue) else v for v in node.values]
        return py.call(py.attr(py.const(""), "join"), py.list_(parts))

    def visit_FormattedValue(self, node: ast.FormattedValue) -> ast.FormattedValue:
        # A format spec is an f-string too, and must stay one.
        node.value = self.visit(node.value)
        return node


def _formatted(py: Builder, value: ast.FormattedValue) -> ast.expr:
    shown = value.value
    if value.conversion in _CONVERSIONS:
        shown = py.call(_CONVERSIONS[value.conversion], shown)
    if value.format_spec is None:
        return py.call("format", shown)
    return py.call("format", shown, value.format_spec)


def unlocated(tree: ast.AST) -> list[ast.AST]:
    """Nodes in ``tree`` that should have a position but do not (for tests)."""
    return [
        node
        for node in ast.walk(tree)
        if "lineno" in node._attributes and getattr(node, "lineno", None) is None
    ]
