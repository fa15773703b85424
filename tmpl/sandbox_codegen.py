"""Code generation for sandboxed templates: the hooks the per-render budget needs.

In: the template AST, as for :class:`tmpl.compiler.CodeGenerator`.  Out: the same
``ast.Module``, except that the output pieces, the text of output-only loops, slices, the
operands of comparisons and the keys of dict literals pass through the environment's
``guard_*`` hooks (:class:`~tmpl.sandbox.SandboxedEnvironment` defines them) before they are
used.  The sandbox's only compile-time part: the rest of it runs while templates render.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from typing import TYPE_CHECKING

from . import nodes
from .compiler import CodeGenerator

if TYPE_CHECKING:
    from .codegen_output import Hoisted
    from .compiler import Frame


class SandboxedCodeGenerator(CodeGenerator):
    """Generates the hooks the budget needs beyond Jinja2's: every piece of output passes
    ``environment.guard_output`` as it is made (text piling up in buffers and in the list
    comprehensions of text-only loops is counted before it is joined), and the operands of
    comparisons and dict-literal keys pass ``environment.guard_operand`` (``==``, ``in``
    and hashing walk nested values)."""

    def _guarded(self, value: ast.expr, hook: str = "guard_operand") -> ast.expr:
        py = self.py
        if isinstance(value, ast.Constant) or _calls_hook(value, hook):
            return value
        return py.method(py.name("environment"), hook, py.name("t_ctx"), value)

    def emit(self, frame: Frame, value: ast.expr) -> ast.stmt:
        return super().emit(frame, self._guarded(value, "guard_output"))

    def _text_of(self, body: Iterable[nodes.Node], frame: Frame, setup: Hoisted) -> ast.expr | None:
        # The text of a loop body becomes the element of a list comprehension: the pieces
        # are kept until the loop ends, so they are counted as they are made.
        text = super()._text_of(body, frame, setup)
        return None if text is None else self._guarded(text, "guard_output")

    def expr_Compare(self, node: nodes.Compare, frame: Frame) -> ast.expr:
        compare = super().expr_Compare(node, frame)
        if isinstance(compare, ast.Compare):
            compare.left = self._guarded(compare.left)
            compare.comparators = [
                self._guarded(
                    c, "guard_container" if isinstance(op, ast.In | ast.NotIn) else "guard_operand"
                )
                for op, c in zip(compare.ops, compare.comparators, strict=True)
            ]
        return compare

    def expr_Getitem(self, node: nodes.Getitem, frame: Frame) -> ast.expr:
        item = super().expr_Getitem(node, frame)
        if isinstance(node.arg, nodes.Slice):
            # Slices bypass getitem (as in Jinja2), but each one is a new copy to count.
            return self._guarded(item, "guard_value")
        return item

    def expr_Dict(self, node: nodes.Dict, frame: Frame) -> ast.expr:
        literal = super().expr_Dict(node, frame)
        if isinstance(literal, ast.Dict):
            literal.keys = [None if k is None else self._guarded(k) for k in literal.keys]
        return literal


def _calls_hook(value: ast.expr, hook: str) -> bool:
    return (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr == hook
    )


# Its public home is tmpl.sandbox, as before this module was split out of it: tracebacks and
# the bytecode cache's keys (which name the code generator class) stay the same.
SandboxedCodeGenerator.__module__ = "tmpl.sandbox"
