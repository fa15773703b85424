"""Small builders for Python ``ast`` nodes, so the code generator reads as what it emits.

In: names, constants and child nodes.  Out: ``ast`` nodes without positions; the code
generator stamps every node with its template position (:func:`stamp`).
"""

from __future__ import annotations

import ast
from typing import Any

LOAD = ast.Load()
STORE = ast.Store()

Position = tuple[int, int, int, int]


def name(ident: str) -> ast.Name:
    return ast.Name(id=ident, ctx=LOAD)


def store(ident: str) -> ast.Name:
    return ast.Name(id=ident, ctx=STORE)


def const(value: Any) -> ast.Constant:
    return ast.Constant(value=value)


def attr(value: ast.expr, attribute: str) -> ast.Attribute:
    return ast.Attribute(value=value, attr=attribute, ctx=LOAD)


def call(func: ast.expr | str, *args: ast.expr, **kwargs: ast.expr) -> ast.Call:
    if isinstance(func, str):
        func = name(func)
    return ast.Call(
        func=func, args=list(args), keywords=[ast.keyword(arg=k, value=v) for k, v in kwargs.items()]
    )


def method(obj: ast.expr | str, meth: str, *args: ast.expr, **kwargs: ast.expr) -> ast.Call:
    if isinstance(obj, str):
        obj = name(obj)
    return call(attr(obj, meth), *args, **kwargs)


def subscript(value: ast.expr, index: ast.expr) -> ast.Subscript:
    return ast.Subscript(value=value, slice=index, ctx=LOAD)


def assign(targets: list[ast.expr] | ast.expr | str, value: ast.expr) -> ast.Assign:
    if isinstance(targets, str):
        targets = [store(targets)]
    elif not isinstance(targets, list):
        targets = [targets]
    return ast.Assign(targets=targets, value=value)


def expr_stmt(value: ast.expr) -> ast.Expr:
    return ast.Expr(value=value)


def yield_(value: ast.expr) -> ast.Expr:
    return ast.Expr(value=ast.Yield(value=value))


def yield_from(value: ast.expr) -> ast.Expr:
    return ast.Expr(value=ast.YieldFrom(value=value))


def is_(left: ast.expr, right: ast.expr) -> ast.Compare:
    return ast.Compare(left=left, ops=[ast.Is()], comparators=[right])


def is_not(left: ast.expr, right: ast.expr) -> ast.Compare:
    return ast.Compare(left=left, ops=[ast.IsNot()], comparators=[right])


def if_(test: ast.expr, body: list[ast.stmt], orelse: list[ast.stmt] | None = None) -> ast.If:
    return ast.If(test=test, body=body or [ast.Pass()], orelse=orelse or [])


def ifexp(test: ast.expr, body: ast.expr, orelse: ast.expr) -> ast.IfExp:
    return ast.IfExp(test=test, body=body, orelse=orelse)


def tuple_(items: list[ast.expr], ctx: ast.expr_context = LOAD) -> ast.Tuple:
    return ast.Tuple(elts=items, ctx=ctx)


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
            values.append(ast.FormattedValue(value=part, conversion=-1, format_spec=None))
    if not values:
        return const("")
    if len(values) == 1 and isinstance(values[0], ast.Constant):
        return values[0]
    return ast.JoinedStr(values=values)


_LEAVES = frozenset({ast.Name, ast.Constant})


def stamp(tree: ast.AST, pos: Position) -> None:
    """Give ``pos`` to every node in ``tree`` that has no position yet.

    Subtrees that already carry a position (stamped by a more specific template node) are
    left alone, so each Python node ends up with the span of the innermost template node
    that produced it.
    """
    lineno, col, end_lineno, end_col = pos
    todo = [tree]
    pop = todo.pop
    push = todo.append
    while todo:
        node = pop()
        if "lineno" in node._attributes:
            if getattr(node, "lineno", None) is not None:
                continue
            node.lineno = lineno  # type: ignore[attr-defined]
            node.col_offset = col  # type: ignore[attr-defined]
            node.end_lineno = end_lineno  # type: ignore[attr-defined]
            node.end_col_offset = end_col  # type: ignore[attr-defined]
            if type(node) in _LEAVES:
                continue  # about half of all nodes: nothing below them to stamp
        for field in node._fields:
            child = getattr(node, field, None)
            if type(child) is list:
                for item in child:
                    if isinstance(item, ast.AST):
                        push(item)
            elif isinstance(child, ast.AST) and not isinstance(child, ast.expr_context):
                push(child)


def unlocated(tree: ast.AST) -> list[ast.AST]:
    """Nodes in ``tree`` that should have a position but do not (for tests)."""
    return [
        node
        for node in ast.walk(tree)
        if "lineno" in node._attributes and getattr(node, "lineno", None) is None
    ]
