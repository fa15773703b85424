"""Code generation for output: ``{{ ... }}`` and literal text -> as few yields as possible.

In: ``nodes.Output`` and runs of statements that only produce text (output, text-only ``if``
and ``for``).  Out: f-string expressions (``ast.JoinedStr``) and list comprehensions that build
the text in one step, plus the statements that emit them.  A mixin of
:class:`tmpl.compiler.CodeGenerator`.

A loop whose body only outputs text becomes ``"".join([f"..." for target in iterable])``; a
run of such statements becomes one f-string and one yield.  Names the body resolves from the
context are resolved once before the loop: resolving has no side effects and the context
cannot change while the loop runs.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from typing import TYPE_CHECKING

from markupsafe import escape

from . import nodes
from . import pyast as P
from .codegen_expressions import _autoescape_now, _pass_arg_source
from .scopes import PARAM, RESOLVE, analyze_into
from .utils import PassArg

if TYPE_CHECKING:
    from .compiler import Frame
    from .environment import Environment


class Hoisted(list[ast.stmt]):
    """Statements hoisted out of text-only loops (the context lookups they make once), to
    run before the statement that outputs the text; they are placed at that statement's
    position ``pos``, however deeply nested the loop that needs them."""

    def __init__(self, pos: P.Position) -> None:
        super().__init__()
        self.pos = pos


class OutputCodegen:
    """Output visitors of the code generator and the text-only fast paths."""

    if TYPE_CHECKING:
        # What this mixin uses of the classes it is mixed with (CodeGenerator and
        # ExpressionCodegen).
        environment: Environment
        name: str | None
        py: P.Builder
        sandboxed: bool
        is_async: bool
        has_known_extends: bool
        _assigns_loop: bool
        _repeated_depth: int
        _walrus_banned: int
        _text_depth_cache: dict[int, int | None]

        def _position(self, node: nodes.Node) -> P.Position: ...
        def _undeclared(self, body: Iterable[nodes.Node], names: tuple[str, ...]) -> set[str]: ...
        def enter_frame(self, frame: Frame) -> list[ast.stmt]: ...
        def visit_stmt(self, node: nodes.Node, frame: Frame) -> list[ast.stmt]: ...
        def emit(self, frame: Frame, value: ast.expr) -> ast.stmt: ...
        def _output_check(self, frame: Frame, stmts: list[ast.stmt]) -> list[ast.stmt]: ...
        def _aiter(self, iterable: ast.expr) -> ast.expr: ...
        def visit_expr(self, node: nodes.Node, frame: Frame) -> ast.expr: ...
        def visit_target(self, node: nodes.Node, frame: Frame) -> ast.expr: ...
        def escaped_output(self, value: ast.expr) -> ast.expr: ...
        def helper(self, ident: str) -> ast.Name: ...

    def _text_run(self, run: list[nodes.Node], frame: Frame) -> list[ast.stmt]:
        """Statements outputting the text of ``run`` with as few yields as possible."""
        if len(run) > 1 or (run and type(run[0]) is not nodes.Output):
            # These statements bypass visit_stmt: they are placed at the run's first node.
            py = self.py
            outer, py.pos = py.pos, self._position(run[0])
            try:
                setup = Hoisted(py.pos)
                text = self._text_of(run, frame, setup)
                if text is not None:
                    if isinstance(text, ast.Constant) and not text.value:
                        return setup
                    return [*setup, self.emit(frame, text)]
            finally:
                py.pos = outer
        out: list[ast.stmt] = []
        for node in run:
            out.extend(self.visit_stmt(node, frame))
        return out

    #: Yield expression values as they are instead of as text (``tmpl.nativetypes``).
    native_output = False

    def visit_Output(self, node: nodes.Output, frame: Frame) -> list[ast.stmt]:
        if frame.require_output_check and self.has_known_extends:
            return []
        if self.native_output:
            return self._output_check(
                frame, [self.emit(frame, self._native_value(child, frame)) for child in node.nodes]
            )
        value = self.py.fstring(self._output_parts(node, frame))
        if isinstance(value, ast.Constant) and not value.value:
            return []
        return self._output_check(frame, [self.emit(frame, value)])

    def _output_parts(self, node: nodes.Output, frame: Frame) -> list[ast.expr]:
        """The pieces of an Output node's text: constants and converted values."""
        parts: list[ast.expr] = []
        for child in node.nodes:
            const = self._output_constant(child, frame)
            if const is not None:
                parts.append(self.py.const(const))
            else:
                parts.append(self._output_value(child, frame))
        return parts

    # -- loops that only produce text ----------------------------------------------------------
    #
    # A loop whose body only outputs text (output, ifs and such loops, no assignments, no
    # ``loop`` variable) becomes ``"".join([f"..." for target in iterable if test])``: one
    # list comprehension instead of a generator step per piece.  Names such a body resolves
    # from the context are resolved once before the loop; resolving is side-effect free and
    # the context cannot change while the loop runs.

    def _is_text_only(self, body: Iterable[nodes.Node]) -> bool:
        return self._text_depth(body) is not None

    def _text_depth(self, body: Iterable[nodes.Node]) -> int | None:
        """How deeply ifs and loops nest in ``body`` if it only outputs text, else None.

        Results are cached per node: a statement is asked about once for every text-only
        construct around it.
        """
        cache = self._text_depth_cache
        deepest = 0
        for node in body:
            key = id(node)
            if key in cache:
                depth = cache[key]
            else:
                depth = cache[key] = self._text_node_depth(node)
            if depth is None:
                return None
            deepest = max(deepest, depth)
        return deepest

    def _text_node_depth(self, node: nodes.Node) -> int | None:
        if type(node) is nodes.Output:
            return 0
        depth: int | None = None
        if type(node) is nodes.If and len(node.elif_) < 50:
            depth = self._text_if_depth(node)
        elif type(node) is nodes.For:
            depth = self._text_loop_depth(node)
        if depth is None or depth > _MAX_TEXT_NESTING:
            return None
        return depth

    def _text_if_depth(self, node: nodes.If) -> int | None:
        # Each ``elif`` is an If node nested in this one.
        branches = [(1, node.body), (1, node.else_)] + [(2, e.body) for e in node.elif_]
        deepest = 0
        for levels, body in branches:
            depth = self._text_depth(body)
            if depth is None:
                return None
            deepest = max(deepest, levels + depth)
        return deepest

    def _is_text_loop(self, node: nodes.For) -> bool:
        return self._text_loop_depth(node) is not None

    def _text_loop_depth(self, node: nodes.For) -> int | None:
        """The loop's nesting depth (its own level included) if it can be one comprehension."""
        if node.recursive or node.else_ or self.native_output:
            return None
        if self._assigns_loop:
            return None  # the general path reports assignments to ``loop``
        if node.test is not None and "loop" in self._undeclared(
            node.iter_child_nodes(only=("body", "test")), ("loop",)
        ):
            # ``loop`` counts the items the test lets through: the general path.
            return None
        depth = self._text_depth(node.body)
        return None if depth is None else 1 + depth

    def _text_loop(self, node: nodes.For, frame: Frame, setup: Hoisted) -> ast.expr | None:
        """The loop's text as one expression; hoisted lookups go to ``setup``."""
        loop_frame = frame.inner().replace(loop_frame=True, in_loop=True)
        loop_ref = None
        if "loop" in self._undeclared(node.iter_child_nodes(only=("body",)), ("loop",)):
            loop_ref = loop_frame.symbols.declare_parameter("loop")
        analyze_into(loop_frame.symbols, node, "body")
        test_frame = frame.inner()
        if node.test is not None:
            analyze_into(test_frame.symbols, node, "test")
        for symbols in (loop_frame.symbols, test_frame.symbols):
            if any(kind not in (PARAM, RESOLVE) for kind, _ in symbols.loads.values()):
                return None
        py = self.py
        here = self._position(node)
        outer, py.pos = py.pos, here
        try:
            # Python forbids ``:=`` in a comprehension's iterable.
            self._walrus_banned += 1
            iterable = self.visit_expr(node.iter, frame)
            self._walrus_banned -= 1
            if self.sandboxed:
                iterable = py.method(
                    py.name("environment"), "guard_iter", py.name("t_ctx"), iterable
                )
            py.pos = setup.pos  # (they run before the statement that outputs the text)
            setup.extend(self.enter_frame(loop_frame))
            setup.extend(self.enter_frame(test_frame))
            py.pos = here
            self._repeated_depth += 1
            element = self._text_of(node.body, loop_frame, setup)
            ifs = [] if node.test is None else [self.visit_expr(node.test, test_frame)]
            self._repeated_depth -= 1
            if element is None:
                return None
            target = self.visit_target(node.target, loop_frame)
            if loop_ref is None:
                iterable = self._aiter(iterable)
            else:
                # (The async LoopContext is async-iterable itself.)
                iterable = py.call("t_LoopContext", iterable, self.helper("t_undefined"))
                target = py.tuple_([target, py.store(loop_ref)], P.STORE)
            comprehension = ast.comprehension(
                target=target,
                iter=iterable,
                ifs=ifs,
                is_async=int(self.is_async),
            )
            return py.call(
                "t_concat", py.node(ast.ListComp, elt=element, generators=[comprehension])
            )
        finally:
            py.pos = outer

    def _text_of(self, body: Iterable[nodes.Node], frame: Frame, setup: Hoisted) -> ast.expr | None:
        """The text of ``body`` as one expression, placed at the current position."""
        py = self.py
        parts: list[ast.expr] = []
        for node in body:
            if type(node) is nodes.Output:
                outer, py.pos = py.pos, self._position(node)
                parts.extend(self._output_parts(node, frame))
                py.pos = outer
            elif type(node) is nodes.If:
                text = self._text_of_if(node, frame.soften(), setup)
                if text is None:
                    return None
                parts.append(text)
            else:
                text = self._text_loop(node, frame, setup)  # type: ignore[arg-type]
                if text is None:
                    return None
                parts.append(text)
        return py.fstring(parts)

    def _text_of_if(self, node: nodes.If, frame: Frame, setup: Hoisted) -> ast.expr | None:
        """The ``if`` as nested conditional expressions, each placed at its test (the text
        of the ``else`` at the last test's)."""
        py = self.py
        branches = [(node.test, node.body)] + [(e.test, e.body) for e in node.elif_]
        outer, py.pos = py.pos, self._position(branches[-1][0])
        orelse = self._text_of(node.else_, frame, setup)
        for test, body in reversed(branches):
            py.pos = self._position(test)
            text = self._text_of(body, frame, setup)
            if text is None or orelse is None:
                orelse = None
                break
            orelse = py.ifexp(self.visit_expr(test, frame), text, orelse)
        py.pos = outer
        return orelse

    def _native_value(self, child: nodes.Expr, frame: Frame) -> ast.expr:
        if isinstance(child, nodes.TemplateData):
            return self.py.const(child.data)
        value = self.visit_expr(child, frame)
        return self._finalized(value)

    def _finalized(self, value: ast.expr) -> ast.expr:
        py = self.py
        finalize = self.environment.finalize
        if finalize is None:
            return value
        pass_arg = _pass_arg_source(py, PassArg.from_obj(finalize))
        args = [value] if pass_arg is None else [pass_arg, value]
        return py.call(py.attr(py.name("environment"), "finalize"), *args)

    def _output_constant(self, child: nodes.Expr, frame: Frame) -> str | None:
        """The output of ``child`` as text if it is known at compile time."""
        if type(child) is nodes.TemplateData:
            # What as_const, escaping and str() below amount to, without building an
            # evaluation context for each piece of text.
            return None if frame.volatile else str(child.data)
        if not isinstance(child, nodes.TemplateData) and self.environment.finalize is not None:
            return None
        if type(child).as_const is nodes.Expr.as_const:
            return None  # a node that never has a value at compile time
        try:
            value = child.as_const(self._eval_context(frame))
        except Exception:
            return None
        if frame.autoescape and not frame.volatile:
            value = escape(value)
        elif frame.volatile and not isinstance(child, nodes.TemplateData):
            return None
        return str(value)

    def _eval_context(self, frame: Frame) -> nodes.EvalContext:
        ctx = nodes.EvalContext(self.environment, self.name)
        ctx.autoescape = frame.autoescape
        ctx.volatile = frame.volatile
        return ctx

    def _output_value(self, child: nodes.Expr, frame: Frame) -> ast.expr:
        # Converting the value (printing an undefined) fails at the expression, not at the
        # start of the surrounding text: the conversion is placed at the expression.
        py = self.py
        outer, py.pos = py.pos, self._position(child)
        try:
            value = self._finalized(self.visit_expr(child, frame))
            if frame.volatile:
                converter = py.ifexp(_autoescape_now(py), py.name("t_escape"), py.name("str"))
                return py.call(converter, value)
            if frame.autoescape:
                return self.escaped_output(value)
            return py.call("str", value)
        finally:
            py.pos = outer


# Text-only ifs and loops nest as f-strings and comprehensions inside each other.  CPython
# 3.12 and 3.13 crash compiling a couple of dozen such levels, so deeper structures keep
# ordinary statements for their outer levels.
_MAX_TEXT_NESTING = 8
