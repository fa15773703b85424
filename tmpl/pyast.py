"""Small builders for Python ``ast`` nodes, so the code generator reads as what it emits.

In: names, constants and child nodes.  Out: ``ast`` nodes without positions; the code
generator stamps every node with its template position (:func:`stamp`).

The builders pass fields positionally, in the order of the node class's ``_fields``: ``ast``
constructors take keyword arguments about half as fast, and a template needs thousands of
nodes.
"""

from __future__ import annotations

import ast
import re
import sys
from typing import Any

LOAD = ast.Load()
STORE = ast.Store()

Position = tuple[int, int, int, int]


def name(ident: str) -> ast.Name:
    return ast.Name(ident, LOAD)


def store(ident: str) -> ast.Name:
    return ast.Name(ident, STORE)


def const(value: Any) -> ast.Constant:
    return ast.Constant(value)


def attr(value: ast.expr, attribute: str) -> ast.Attribute:
    return ast.Attribute(value, attribute, LOAD)


def call(func: ast.expr | str, *args: ast.expr, **kwargs: ast.expr) -> ast.Call:
    if isinstance(func, str):
        func = name(func)
    return ast.Call(func, list(args), [ast.keyword(k, v) for k, v in kwargs.items()])


def method(obj: ast.expr | str, meth: str, *args: ast.expr, **kwargs: ast.expr) -> ast.Call:
    if isinstance(obj, str):
        obj = name(obj)
    return call(attr(obj, meth), *args, **kwargs)


def subscript(value: ast.expr, index: ast.expr) -> ast.Subscript:
    return ast.Subscript(value, index, LOAD)


def assign(targets: list[ast.expr] | ast.expr | str, value: ast.expr) -> ast.Assign:
    if isinstance(targets, str):
        targets = [store(targets)]
    elif not isinstance(targets, list):
        targets = [targets]
    return ast.Assign(targets, value)


def expr_stmt(value: ast.expr) -> ast.Expr:
    return ast.Expr(value)


def yield_(value: ast.expr) -> ast.Expr:
    return ast.Expr(ast.Yield(value))


def yield_from(value: ast.expr) -> ast.Expr:
    return ast.Expr(ast.YieldFrom(value))


def is_(left: ast.expr, right: ast.expr) -> ast.Compare:
    return ast.Compare(left, [ast.Is()], [right])


def is_not(left: ast.expr, right: ast.expr) -> ast.Compare:
    return ast.Compare(left, [ast.IsNot()], [right])


def if_(test: ast.expr, body: list[ast.stmt], orelse: list[ast.stmt] | None = None) -> ast.If:
    return ast.If(test, body or [ast.Pass()], orelse or [])


def ifexp(test: ast.expr, body: ast.expr, orelse: ast.expr) -> ast.IfExp:
    return ast.IfExp(test, body, orelse)


def tuple_(items: list[ast.expr], ctx: ast.expr_context = LOAD) -> ast.Tuple:
    return ast.Tuple(items, ctx)


def raise_(exc: ast.expr) -> ast.Raise:
    return ast.Raise(exc=exc, cause=None)


def arguments(
    names: list[str], defaults: list[ast.expr] | None = None, vararg: str | None = None
) -> ast.arguments:
    return ast.arguments(
        posonlyargs=[],
        args=[ast.arg(arg=n) for n in names],
        vararg=ast.arg(arg=vararg) if vararg else None,
        kwonlyargs=[],
        kw_defaults=[],
        kwarg=None,
        defaults=defaults or [],
    )


def function(
    func_name: str, args: ast.arguments, body: list[ast.stmt], is_async: bool = False
) -> ast.FunctionDef | ast.AsyncFunctionDef:
    cls: Any = ast.AsyncFunctionDef if is_async else ast.FunctionDef
    return cls(  # type: ignore[no-any-return]
        name=func_name, args=args, body=body or [ast.Pass()], decorator_list=[], returns=None
    )


def fstring(parts: list[ast.expr]) -> ast.expr:
    """Concatenate ``parts`` (constants and already-converted strings) as one f-string."""
    values: list[ast.expr] = []
    for part in parts:
        if isinstance(part, ast.Constant):
            if values and isinstance(values[-1], ast.Constant):
                # Both are str constants: output parts are text.
                values[-1] = const(str(values[-1].value) + str(part.value))
            elif part.value:
                values.append(const(part.value))
        else:
            values.append(ast.FormattedValue(part, -1, None))
    if not values:
        return const("")
    if len(values) == 1 and isinstance(values[0], ast.Constant):
        return values[0]
    return ast.JoinedStr(values)


# ASDL types of fields that hold plain values, or nodes with neither a position nor children
# (``Load``, ``Add``, ``Eq``...): stamping never needs to look into them.
_NOTHING_TO_STAMP = frozenset(
    {"identifier", "string", "constant", "int", "type_ignore"}
    | {"expr_context", "operator", "boolop", "unaryop", "cmpop"}
)
_ASDL_FIELD = re.compile(r"(\w+)([*?]?) (\w+)")

# Node class -> (whether it has a position, fields holding one node or None, fields holding
# lists of nodes); filled as :func:`stamp` meets classes.
_StampPlan = tuple[bool, tuple[str, ...], tuple[str, ...]]
_stamp_plans: dict[type[ast.AST], _StampPlan] = {}


def _stamp_plan(cls: type[ast.AST]) -> _StampPlan:
    """How :func:`stamp` treats nodes of class ``cls``.

    CPython documents every node class with its ASDL signature, e.g. ``Call(expr func, expr*
    args, keyword* keywords)``, which says which fields can hold nodes; looking only into
    those skips the names, constants and operators that make up most fields.
    """
    signature = _ASDL_FIELD.findall((cls.__doc__ or "").partition("(")[2])
    if tuple(field for _, _, field in signature) != cls._fields:
        raise AssertionError(f"no ASDL signature in the docstring of ast.{cls.__name__}")
    nodes = [(mark, field) for kind, mark, field in signature if kind not in _NOTHING_TO_STAMP]
    plan = (
        "lineno" in cls._attributes,
        tuple(field for mark, field in nodes if mark != "*"),
        tuple(field for mark, field in nodes if mark == "*"),
    )
    _stamp_plans[cls] = plan
    return plan


def child_fields(cls: type[ast.AST]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The fields of node class ``cls`` that can hold nodes with a position or children:
    ``(fields holding one node or None, fields holding lists of nodes)``."""
    _, single, lists = _stamp_plans.get(cls) or _stamp_plan(cls)
    return single, lists


def stamp(tree: ast.AST, pos: Position) -> None:
    """Give ``pos`` to every node in ``tree`` that has no position yet.

    Subtrees that already carry a position (stamped by a more specific template node) are
    left alone, so each Python node ends up with the span of the innermost template node
    that produced it.  The recursion only goes through nodes built since the last stamp, a
    few levels: the generator stamps each expression as it builds it.
    """
    if "lineno" not in tree.__dict__:
        _stamp_new(tree, pos)


# Positioned nodes without children to stamp: over half of all stamped nodes, so the walk
# gives them their position itself instead of recursing into them.
_LEAVES = (ast.Name, ast.Constant)


def _stamp_new(tree: ast.AST, pos: Position) -> None:
    """:func:`stamp` for a ``tree`` whose root has no position yet.

    Node fields and positions live in the instance ``__dict__``: reading and writing it
    directly skips attribute lookup through the class hierarchy, and asking it whether a node
    has a position avoids the ``AttributeError`` that ``getattr`` raises (and catches) for
    every node without one.  A position is never stored as None, so presence is enough.
    """
    fields = tree.__dict__
    positioned, single, lists = _stamp_plans.get(type(tree)) or _stamp_plan(type(tree))
    if positioned:
        fields["lineno"], fields["col_offset"], fields["end_lineno"], fields["end_col_offset"] = pos
    for field in single:
        child = fields.get(field)
        if child is not None:
            attrs = child.__dict__
            if "lineno" not in attrs:
                if type(child) in _LEAVES:
                    (
                        attrs["lineno"],
                        attrs["col_offset"],
                        attrs["end_lineno"],
                        attrs["end_col_offset"],
                    ) = pos
                else:
                    _stamp_new(child, pos)
    for field in lists:
        # ``Dict.keys`` holds None for ``**`` entries.
        for child in fields.get(field, ()):
            if child is not None:
                attrs = child.__dict__
                if "lineno" not in attrs:
                    if type(child) in _LEAVES:
                        (
                            attrs["lineno"],
                            attrs["col_offset"],
                            attrs["end_lineno"],
                            attrs["end_col_offset"],
                        ) = pos
                    else:
                        _stamp_new(child, pos)


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
        parts = [_formatted(v) if isinstance(v, ast.FormattedValue) else v for v in node.values]
        return call(attr(const(""), "join"), ast.List(parts, LOAD))

    def visit_FormattedValue(self, node: ast.FormattedValue) -> ast.FormattedValue:
        # A format spec is an f-string too, and must stay one.
        node.value = self.visit(node.value)
        return node


def _formatted(value: ast.FormattedValue) -> ast.expr:
    shown = value.value
    if value.conversion in _CONVERSIONS:
        shown = call(_CONVERSIONS[value.conversion], shown)
    if value.format_spec is None:
        return call("format", shown)
    return call("format", shown, value.format_spec)


def unlocated(tree: ast.AST) -> list[ast.AST]:
    """Nodes in ``tree`` that should have a position but do not (for tests)."""
    return [
        node
        for node in ast.walk(tree)
        if "lineno" in node._attributes and getattr(node, "lineno", None) is None
    ]
