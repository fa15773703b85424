"""Direct render functions: the root generator of a simple template, rewritten to return.

In: the ``root`` function the code generator built (an ``ast.FunctionDef``).  Out: an
``ast.FunctionDef`` ``render_direct(t_vars, t_globals)``, or None when the root needs its
render context for more than looking names up (calls, blocks, ``self``, top-level ``set``,
macros, includes...).

``render_direct`` looks each name up in the render's variables, then in the template's
globals, and returns the whole output as one string: no ``Context`` and no generator, which
are most of what rendering a small template costs.  ``Template.render`` calls it when nothing
customises the context; everything else (``generate``, ``stream``, includes, modules) keeps
using ``root``.

The new function shares with ``root`` every subtree it does not change (``compile`` accepts
a tree whose nodes are shared), so only the paths down to lookups and output statements are
copied.  A rewritten node takes the position of the node it replaces.
"""

from __future__ import annotations

import ast
from typing import TypeVar

from . import pyast as P

_Node = TypeVar("_Node", bound=ast.AST)

# Nodes that open a new Python scope: a yield inside one belongs to that scope, not root's.
_SCOPES = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.Lambda,
    ast.GeneratorExp,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
)


class _NeedsContext(Exception):
    """The root uses its context (or yields) in a way a direct function cannot."""


def direct_render_function(root: ast.FunctionDef) -> ast.FunctionDef | None:
    """``render_direct(t_vars, t_globals)`` doing what ``root`` does, or None if it cannot."""
    rewriter = _Rewriter()
    try:
        new_body = [
            rewriter.rewrite(stmt, in_root_scope=True)
            for stmt in root.body
            if not _is_prologue_only(stmt)
        ]
    except _NeedsContext:
        return None
    py = P.Builder(_position(root))
    returned = _as_return(new_body[-1]) if rewriter.outputs == 1 and new_body else None
    if returned is not None:
        # The usual small template: its one output, an f-string, comes last.  Return it.
        new_body[-1] = returned
    else:
        prologue: list[ast.stmt] = [
            py.assign("t_buf", py.list_([])),
            py.assign("t_out", py.attr(py.name("t_buf"), "append")),
        ]
        new_body = prologue + new_body
        new_body.append(py.return_(py.call("t_concat", py.name("t_buf"))))
    func = py.function("render_direct", py.arguments(["t_vars", "t_globals"]), new_body)
    assert isinstance(func, ast.FunctionDef)
    return func


def _is_prologue_only(stmt: ast.stmt) -> bool:
    """``t_resolve = t_ctx.resolve`` and the ``if 0: yield None`` generator marker."""
    if isinstance(stmt, ast.Assign):
        target = stmt.targets[0]
        return isinstance(target, ast.Name) and target.id == "t_resolve"
    return (
        isinstance(stmt, ast.If)
        and isinstance(stmt.test, ast.Constant)
        and stmt.test.value == 0
        and not stmt.orelse
    )


def _as_return(stmt: ast.stmt) -> ast.Return | None:
    """``return x`` for an output statement ``t_out(x)`` whose ``x`` is always an exact
    ``str`` (an f-string or text: ``render`` must not return a Markup), else None."""
    if not (type(stmt) is ast.Expr and type(stmt.value) is ast.Call):
        return None
    func, args = stmt.value.func, stmt.value.args
    if not (type(func) is ast.Name and func.id == "t_out"):
        return None
    value = args[0]
    if type(value) is ast.JoinedStr or (type(value) is ast.Constant and type(value.value) is str):
        return P.Builder(_position(stmt)).return_(value)
    return None


class _Rewriter:
    """Rewrites the statements of ``root``, counting its output statements."""

    def __init__(self) -> None:
        self.outputs = 0

    def rewrite(self, node: _Node, in_root_scope: bool) -> _Node:
        """``node`` with lookups and root-scope output rewritten; ``node`` itself if unchanged."""
        cls = type(node)
        if cls is ast.Name:
            if node.id in ("t_ctx", "t_resolve"):  # type: ignore[attr-defined]
                raise _NeedsContext
            return node
        if cls is ast.Call:
            lookup = _lookup(node)  # type: ignore[arg-type]
            if lookup is not None:
                return lookup  # type: ignore[return-value]
        elif in_root_scope:
            if cls is ast.Expr and type(node.value) is ast.Yield:  # type: ignore[attr-defined]
                return self._output(node)  # type: ignore[arg-type, return-value]
            if cls in (ast.Yield, ast.YieldFrom, ast.Await, ast.Return):
                raise _NeedsContext
            if cls in _SCOPES:
                in_root_scope = False
        single, lists = P.child_fields(cls)
        changed: dict[str, object] = {}
        for field in single:
            child = getattr(node, field, None)
            if child is not None:
                new = self.rewrite(child, in_root_scope)
                if new is not child:
                    changed[field] = new
        for field in lists:
            children = getattr(node, field, ())
            new_children = [
                child if child is None else self.rewrite(child, in_root_scope) for child in children
            ]
            if any(new is not old for new, old in zip(new_children, children, strict=True)):
                changed[field] = new_children
        if not changed:
            return node
        copy = cls.__new__(cls)
        copy.__dict__.update(node.__dict__)
        copy.__dict__.update(changed)
        return copy

    def _output(self, stmt: ast.Expr) -> ast.Expr:
        """``yield x`` as ``t_out(x)``."""
        value = stmt.value.value  # type: ignore[attr-defined]
        if value is None:
            raise _NeedsContext
        self.outputs += 1
        py = P.Builder(_position(stmt))
        return py.expr_stmt(py.call("t_out", self.rewrite(value, True)))


def _lookup(call: ast.Call) -> ast.expr | None:
    """``t_resolve("x")`` as ``t_vars["x"] if "x" in t_vars else t_resolve_global(...)``."""
    func = call.func
    if not (type(func) is ast.Name and func.id == "t_resolve"):
        return None
    if len(call.args) != 1 or call.keywords or type(call.args[0]) is not ast.Constant:
        raise _NeedsContext
    key = call.args[0]
    py = P.Builder(_position(call))
    found = py.compare(key, [ast.In()], [py.name("t_vars")])
    fallback = py.call("t_resolve_global", py.name("environment"), py.name("t_globals"), key)
    return py.ifexp(found, py.subscript(py.name("t_vars"), key), fallback)


def _position(node: ast.AST) -> P.Position:
    """The position of a generated node (they all have one)."""
    return (
        node.lineno,  # type: ignore[attr-defined]
        node.col_offset,  # type: ignore[attr-defined]
        node.end_lineno,  # type: ignore[attr-defined]
        node.end_col_offset,  # type: ignore[attr-defined]
    )
