"""Code generation for expressions: template expression nodes -> Python ``ast.expr``.

In: expression nodes (``nodes.Name``, ``nodes.Filter``, ``nodes.Call``...) and the frame they
appear in.  Out: ``ast.expr`` trees whose nodes carry the positions of the template
nodes that produced them (``visit_expr`` moves the builder to each node).  A mixin of
:class:`tmpl.compiler.CodeGenerator`, which owns frames, helpers and statements; every
attribute access, item access, call and filter goes through the runtime contract so a
sandboxed environment can intercept it.
"""

from __future__ import annotations

import ast
import keyword
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NoReturn

from markupsafe import Markup

from . import nodes
from . import pyast as P
from .utils import PassArg

if TYPE_CHECKING:
    from .compiler import Frame
    from .environment import Environment
    from .scopes import Symbols


_CMP_OPS: dict[str, type[ast.cmpop]] = {
    "eq": ast.Eq,
    "ne": ast.NotEq,
    "gt": ast.Gt,
    "gteq": ast.GtE,
    "lt": ast.Lt,
    "lteq": ast.LtE,
    "in": ast.In,
    "notin": ast.NotIn,
}


_BIN_OPS: dict[str, type[ast.operator]] = {
    "+": ast.Add,
    "-": ast.Sub,
    "*": ast.Mult,
    "/": ast.Div,
    "//": ast.FloorDiv,
    "%": ast.Mod,
    "**": ast.Pow,
}


_UNARY_OPS: dict[str, type[ast.unaryop]] = {"not": ast.Not, "-": ast.USub, "+": ast.UAdd}


def _suggestion(name: str, known: Iterable[str]) -> str | None:
    """A "did you mean" hint for a misspelt filter or test name."""
    import difflib

    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None


def _identifier(name: str) -> str:
    return "".join(c if c.isalnum() or c == "_" else f"_{ord(c):x}_" for c in name)


_CALL_ESCAPED_BY_COUNT = {1: "t_call_escaped_1", 2: "t_call_escaped_2"}
# The local names generated code binds the ``e`` and ``escape`` filters to.
_ESCAPE_FILTER_NAMES = frozenset({"t_filter_e", "t_filter_escape"})


def _constant(py: P.Builder, value: Any) -> ast.expr:
    """An expression producing ``value``: a literal where Python has one."""
    if isinstance(value, Markup):
        return py.call("t_Markup", py.const(str(value)))
    if isinstance(value, tuple):
        return py.tuple_([_constant(py, v) for v in value])
    if isinstance(value, list):
        return py.list_([_constant(py, v) for v in value])
    if isinstance(value, dict):
        return py.dict_(
            [_constant(py, k) for k in value], [_constant(py, v) for v in value.values()]
        )
    if isinstance(value, set | frozenset):
        return py.call(type(value).__name__, py.tuple_([_constant(py, v) for v in value]))
    if isinstance(value, range):
        return py.call("range", py.const(value.start), py.const(value.stop), py.const(value.step))
    return py.const(value)


def _autoescape_now(py: P.Builder) -> ast.expr:
    return py.attr(py.attr(py.name("t_ctx"), "eval_ctx"), "autoescape")


def _pass_arg_source(py: P.Builder, pass_arg: PassArg | None) -> ast.expr | None:
    if pass_arg is None:
        return None
    if pass_arg is PassArg.context:
        return py.name("t_ctx")
    if pass_arg is PassArg.eval_context:
        return py.attr(py.name("t_ctx"), "eval_ctx")
    return py.name("environment")


class ExpressionCodegen:
    """Expression visitors of the code generator (``expr_<NodeName>`` methods)."""

    if TYPE_CHECKING:
        # What this mixin uses of the class it is mixed into (CodeGenerator and OutputCodegen).
        environment: Environment
        name: str | None
        py: P.Builder
        sandboxed: bool
        is_async: bool
        inline_getattr: bool
        _repeated_depth: int
        _walrus_banned: int
        _written_scopes: set[str]
        _import_aliases: dict[str, str]

        def fail(
            self, msg: str, node: nodes.Node | int | None, hint: str | None = None
        ) -> NoReturn: ...
        def temporary(self) -> str: ...
        def helper(self, ident: str) -> ast.Name: ...
        def bind(self, ident: str, make_binding: Callable[[P.Builder], ast.stmt]) -> ast.Name: ...
        def bind_lookup(self, kind: str, ident: str, name: str) -> ast.Name: ...
        def may_be_missing(self, symbols: Symbols, ref: str) -> bool: ...
        def _position(self, node: nodes.Node) -> P.Position: ...
        def _awaited(self, value: ast.expr) -> ast.expr: ...
        def _derived_context(self, frame: Frame) -> ast.expr: ...
        def _eval_context(self, frame: Frame) -> nodes.EvalContext: ...

    # -- assignment targets ------------------------------------------------------------------

    def visit_target(self, node: nodes.Node, frame: Frame) -> ast.expr:
        py = self.py
        outer, py.pos = py.pos, self._position(node)
        try:
            if isinstance(node, nodes.Name):
                return py.store(frame.symbols.ref(node.name))
            if isinstance(node, nodes.Tuple):
                items = [self.visit_target(item, frame) for item in node.items]
                return py.tuple_(items, P.STORE)
            if isinstance(node, nodes.NSRef):
                owner = py.name(frame.symbols.ref(node.name))
                return py.subscript(owner, py.const(node.attr), P.STORE)
            self.fail(f"can't assign to {type(node).__name__}", node)
        finally:
            py.pos = outer

    # -- expressions ---------------------------------------------------------------------------

    def visit_expr(self, node: nodes.Node, frame: Frame) -> ast.expr:
        method: Callable[[Any, Frame], ast.expr] | None
        method = getattr(self, f"expr_{type(node).__name__}", None)
        # The nodes built for this expression, and not for one inside it, are placed at it.
        py = self.py
        outer, py.pos = py.pos, self._position(node)
        result: ast.expr
        if method is not None:
            result = method(node, frame)
        elif isinstance(node, nodes.BinExpr):  # operators without a method of their own
            result = self.expr_BinExpr(node, frame)
        elif isinstance(node, nodes.UnaryExpr):
            result = self.expr_UnaryExpr(node, frame)
        else:
            self.fail(f"unexpected {type(node).__name__} in expression position", node)
        py.pos = outer
        return result

    def expr_Name(self, node: nodes.Name, frame: Frame) -> ast.expr:
        py = self.py
        ref = frame.symbols.ref(node.name)
        if node.ctx == "load" and self.may_be_missing(frame.symbols, ref):
            return py.ifexp(
                py.is_(py.name(ref), py.name("t_missing")),
                py.call(self.helper("t_undefined"), name=py.const(node.name)),
                py.name(ref),
            )
        return py.name(ref)

    def expr_NSRef(self, node: nodes.NSRef, frame: Frame) -> ast.expr:
        py = self.py
        return py.call(
            self.helper("t_getattr"), py.name(frame.symbols.ref(node.name)), py.const(node.attr)
        )

    def expr_Const(self, node: nodes.Const, frame: Frame) -> ast.expr:
        return _constant(self.py, node.value)

    def expr_TemplateData(self, node: nodes.TemplateData, frame: Frame) -> ast.expr:
        py = self.py
        try:
            return _constant(py, node.as_const(self._eval_context(frame)))
        except nodes.Impossible:
            return py.call(
                py.ifexp(_autoescape_now(py), py.name("t_Markup"), py.name("t_identity")),
                py.const(node.data),
            )

    def expr_Tuple(self, node: nodes.Tuple, frame: Frame) -> ast.expr:
        return self.py.tuple_([self.visit_expr(item, frame) for item in node.items])

    def expr_List(self, node: nodes.List, frame: Frame) -> ast.expr:
        return self.py.list_([self.visit_expr(item, frame) for item in node.items])

    def expr_Dict(self, node: nodes.Dict, frame: Frame) -> ast.expr:
        return self.py.dict_(
            [self.visit_expr(pair.key, frame) for pair in node.items],
            [self.visit_expr(pair.value, frame) for pair in node.items],
        )

    def expr_BinExpr(self, node: nodes.BinExpr, frame: Frame) -> ast.expr:
        py = self.py
        left = self.visit_expr(node.left, frame)
        right = self.visit_expr(node.right, frame)
        if node.operator in ("and", "or"):
            op = ast.And() if node.operator == "and" else ast.Or()
            return py.node(ast.BoolOp, op=op, values=[left, right])
        if self.sandboxed and node.operator in self.environment.intercepted_binops:  # type: ignore[attr-defined]
            return self._intercepted("call_binop", node.operator, left, right)
        return py.node(ast.BinOp, left=left, op=_BIN_OPS[node.operator](), right=right)

    def expr_And(self, node: nodes.And, frame: Frame) -> ast.expr:
        return self._bool_chain(node, nodes.And, ast.And(), frame)

    def expr_Or(self, node: nodes.Or, frame: Frame) -> ast.expr:
        return self._bool_chain(node, nodes.Or, ast.Or(), frame)

    def _bool_chain(
        self, node: nodes.BinExpr, kind: type[nodes.BinExpr], op: ast.boolop, frame: Frame
    ) -> ast.expr:
        # Flatten ``a or b or c ...`` iteratively: long chains must not recurse deeply.
        operands: list[nodes.Expr] = []
        current: nodes.Expr = node
        while type(current) is kind:
            operands.append(current.right)
            current = current.left
        operands.append(current)
        operands.reverse()
        values = [self.visit_expr(o, frame) for o in operands]
        return self.py.node(ast.BoolOp, op=op, values=values)

    def expr_UnaryExpr(self, node: nodes.UnaryExpr, frame: Frame) -> ast.expr:
        py = self.py
        operand = self.visit_expr(node.node, frame)
        if self.sandboxed and node.operator in self.environment.intercepted_unops:  # type: ignore[attr-defined]
            return self._intercepted("call_unop", node.operator, operand)
        return py.node(ast.UnaryOp, op=_UNARY_OPS[node.operator](), operand=operand)

    def _intercepted(self, method: str, operator: str, *operands: ast.expr) -> ast.expr:
        """``environment.<method>(t_ctx, operator, *operands)``: an operator the sandbox
        intercepts (``call_binop`` / ``call_unop``)."""
        py = self.py
        return py.method(
            py.name("environment"), method, py.name("t_ctx"), py.const(operator), *operands
        )

    def expr_Concat(self, node: nodes.Concat, frame: Frame) -> ast.expr:
        py = self.py
        items = py.tuple_([self.visit_expr(item, frame) for item in node.nodes])
        if frame.volatile:
            func: ast.expr = py.ifexp(
                _autoescape_now(py), py.name("t_markup_join"), py.name("t_str_join")
            )
        elif frame.autoescape:
            func = py.name("t_markup_join")
        else:
            func = py.name("t_str_join")
        return py.call(func, items)

    def expr_Compare(self, node: nodes.Compare, frame: Frame) -> ast.expr:
        return self.py.compare(
            self.visit_expr(node.expr, frame),
            [_CMP_OPS[op.op]() for op in node.ops],
            [self.visit_expr(op.expr, frame) for op in node.ops],
        )

    def escaped_output(self, value: ast.expr) -> ast.expr:
        """``value`` autoescaped for output: ``t_escape(value)``; for a call without keyword
        arguments ``t_call_escaped``, which takes a macro's already escaped text as it is
        (``t_call_escaped_1`` and ``_2`` for one or two arguments, none unpacked); for
        ``x|e`` ``t_escape_filtered``, which escapes once while ``e`` is the built-in."""
        py = self.py
        if (
            self.sandboxed  # its output checks see every escape
            or not isinstance(value, ast.Call)
            or not isinstance(value.func, ast.Name)
            or value.keywords
        ):
            return py.call("t_escape", value)
        callee, args = value.func.id, value.args
        unpacked = not any(isinstance(arg, ast.Starred) for arg in args)
        if callee == "t_call":
            # ``t_call``'s arguments: the context, the callable, then the call's own.
            helper = "t_call_escaped"
            if unpacked:
                helper = _CALL_ESCAPED_BY_COUNT.get(len(args) - 2, helper)
            return py.call_with(py.name(helper), args, [])
        if callee in _ESCAPE_FILTER_NAMES and len(args) == 1 and unpacked:
            return py.call("t_escape_filtered", value.func, args[0])
        return py.call("t_escape", value)

    def expr_Getattr(self, node: nodes.Getattr, frame: Frame) -> ast.expr:
        # Async templates await attributes too: ``loop.last`` is an awaitable property there.
        py = self.py
        obj = self.visit_expr(node.node, frame)
        if not (self.inline_getattr and self._repeated_depth) or self._walrus_banned:
            return self._awaited(py.call(self.helper("t_getattr"), obj, py.const(node.attr)))
        # Leaves that occur twice are one node object each: all of the expression gets this
        # node's position, and every node built costs compile time.
        attr, missing = py.const(node.attr), py.name("t_missing")
        if isinstance(obj, ast.Name):
            again: ast.expr = obj
        else:
            obj = py.walrus("t_o", obj)
            again = py.name("t_o")
        found = py.walrus("t_v", py.call("getattr", obj, attr, missing))
        return self._awaited(
            py.ifexp(
                py.is_not(found, missing),
                py.name("t_v"),
                py.call(self.helper("t_item_or_undefined"), again, attr),
            )
        )

    def expr_Getitem(self, node: nodes.Getitem, frame: Frame) -> ast.expr:
        py = self.py
        if isinstance(node.arg, nodes.Slice):
            return py.subscript(self.visit_expr(node.node, frame), self.visit_expr(node.arg, frame))
        return self._awaited(
            py.call(
                self.helper("t_getitem"),
                self.visit_expr(node.node, frame),
                self.visit_expr(node.arg, frame),
            )
        )

    def expr_Slice(self, node: nodes.Slice, frame: Frame) -> ast.expr:
        def part(value: nodes.Expr | None) -> ast.expr | None:
            return None if value is None else self.visit_expr(value, frame)

        return self.py.node(
            ast.Slice, lower=part(node.start), upper=part(node.stop), step=part(node.step)
        )

    def expr_CondExpr(self, node: nodes.CondExpr, frame: Frame) -> ast.expr:
        py = self.py
        frame = frame.soften()
        if node.expr2 is not None:
            orelse = self.visit_expr(node.expr2, frame)
        else:
            position = f"line {node.lineno}"
            if self.name is not None:
                position += f" in {self.name!r}"
            orelse = py.call(
                "t_Undefined",
                py.const(
                    f"the inline if-expression on {position} evaluated to false and no else"
                    " section was defined."
                ),
            )
        return py.ifexp(
            self.visit_expr(node.test, frame), self.visit_expr(node.expr1, frame), orelse
        )

    def _arguments(
        self,
        node: nodes.Call | nodes.Filter | nodes.Test,
        frame: Frame,
        extra_kwargs: dict[str, ast.expr] | None = None,
    ) -> tuple[list[ast.expr], list[ast.keyword]]:
        py = self.py
        args = [self.visit_expr(arg, frame) for arg in node.args]
        if node.dyn_args is not None:
            args.append(
                py.node(ast.Starred, value=self.visit_expr(node.dyn_args, frame), ctx=P.LOAD)
            )
        keywords: list[ast.keyword] = []
        odd: list[tuple[str, ast.expr]] = []
        for kw in node.kwargs:
            value = self.visit_expr(kw.value, frame)
            if keyword.iskeyword(kw.key) or not kw.key.isidentifier():
                odd.append((kw.key, value))
            else:
                keywords.append(py.keyword(kw.key, value))
        for key, value in (extra_kwargs or {}).items():
            keywords.append(py.keyword(key, value))
        if odd:
            keywords.append(
                py.keyword(None, py.dict_([py.const(k) for k, _ in odd], [v for _, v in odd]))
            )
        if node.dyn_kwargs is not None:
            keywords.append(py.keyword(None, self.visit_expr(node.dyn_kwargs, frame)))
        return args, keywords

    def visit_Call(self, node: nodes.Call, frame: Frame, caller: str | None = None) -> ast.expr:
        """The call ``node``; ``caller`` names the function a ``{% call %}`` block passes.

        The call block statement calls this directly, not through :meth:`visit_expr`, so
        the nodes are placed at ``node`` here.
        """
        py = self.py
        outer, py.pos = py.pos, self._position(node)
        try:
            func = self.visit_expr(node.node, frame)
            extra: dict[str, ast.expr] | None = None
            if caller is not None:
                extra = {"caller": py.name(caller)}
            args, keywords = self._arguments(node, frame, extra)
            target: ast.expr
            if self.sandboxed:
                target = py.attr(py.name("environment"), "call")
            else:
                target = py.name("t_call")
            context: ast.expr = py.name("t_ctx")
            lead = [func]
            scope = frame.scope_vars
            if scope is not None and scope in self._written_scopes:
                # After a {% set %} in this loop body or block, a pass_context callable gets
                # a context that has those variables too (Jinja2's _loop_vars and
                # _block_vars).
                if self.sandboxed:
                    context = py.call("t_scoped_context", context, py.name(scope))
                else:
                    target = py.name("t_call_scoped")
                    lead = [py.name(scope), func]
            return self._awaited(py.call_with(target, [context, *lead, *args], keywords))
        finally:
            py.pos = outer

    def expr_Call(self, node: nodes.Call, frame: Frame) -> ast.expr:
        return self.visit_Call(node, frame)

    def _filter_or_test(
        self,
        node: nodes.Filter | nodes.Test,
        frame: Frame,
        value: ast.expr,
        kind: str,
    ) -> ast.expr:
        py = self.py
        registry = self.environment.filters if kind == "filter" else self.environment.tests
        func = registry.get(node.name)
        if func is None and not frame.soft:
            self.fail(f"No {kind} named {node.name!r}.", node, _suggestion(node.name, registry))
        ident = f"t_{kind}_{_identifier(node.name)}"
        if self.is_async and kind == "filter":

            def lookup(py: P.Builder) -> ast.stmt:
                found = py.call(
                    "t_lookup",
                    py.attr(py.name("environment"), "filters"),
                    py.const(node.name),
                    py.const(kind),
                )
                # Built-in filters that consume iterables swap in their async variants.
                return py.assign(ident, py.call("t_async_variant", found))

            local = self.bind(ident, lookup)
        else:
            local = self.bind_lookup(kind, ident, node.name)
        pass_arg = _pass_arg_source(py, PassArg.from_obj(func)) if func is not None else None
        args, keywords = self._arguments(node, frame)
        leading = [value] if pass_arg is None else [pass_arg, value]
        return self._awaited(py.call_with(local, leading + args, keywords))

    def visit_Filter(
        self,
        node: nodes.Filter,
        frame: Frame,
        block_output: Callable[[], ast.expr] | None = None,
    ) -> ast.expr:
        """The filter ``node`` applied to its operand or, in ``{% filter a | b %}`` and
        ``{% set x | f %}``, to the block's output, which ``block_output()`` builds.

        The block statements call this directly, not through :meth:`visit_expr`, so the
        nodes are placed at ``node`` here; the block's output is built when the innermost
        filter takes it, so that it is placed at that filter.
        """
        py = self.py
        outer, py.pos = py.pos, self._position(node)
        try:
            # The innermost filter of a block (``node.node is None``) receives the block's
            # output; outer filters receive the inner ones' results.
            if node.node is None:
                if block_output is None:
                    self.fail("filter without a value", node)
                operand = block_output()
            elif block_output is not None and isinstance(node.node, nodes.Filter):
                operand = self.visit_Filter(node.node, frame, block_output)
            else:
                operand = self.visit_expr(node.node, frame)
            return self._filter_or_test(node, frame, operand, "filter")
        finally:
            py.pos = outer

    def expr_Filter(self, node: nodes.Filter, frame: Frame) -> ast.expr:
        return self.visit_Filter(node, frame)

    def expr_Test(self, node: nodes.Test, frame: Frame) -> ast.expr:
        return self._filter_or_test(node, frame, self.visit_expr(node.node, frame), "test")  # type: ignore[arg-type]

    def expr_MarkSafe(self, node: nodes.MarkSafe, frame: Frame) -> ast.expr:
        return self.py.call("t_Markup", self.visit_expr(node.expr, frame))

    def expr_MarkSafeIfAutoescape(self, node: nodes.MarkSafeIfAutoescape, frame: Frame) -> ast.expr:
        py = self.py
        return py.call(
            py.ifexp(_autoescape_now(py), py.name("t_Markup"), py.name("t_identity")),
            self.visit_expr(node.expr, frame),
        )

    def expr_EnvironmentAttribute(self, node: nodes.EnvironmentAttribute, frame: Frame) -> ast.expr:
        py = self.py
        return py.attr(py.name("environment"), node.name)

    def expr_ExtensionAttribute(self, node: nodes.ExtensionAttribute, frame: Frame) -> ast.expr:
        py = self.py
        extension = py.subscript(
            py.attr(py.name("environment"), "extensions"), py.const(node.identifier)
        )
        return py.attr(extension, node.name)

    def expr_ImportedName(self, node: nodes.ImportedName, frame: Frame) -> ast.expr:
        return self.py.name(self._import_aliases[node.importname])

    def expr_InternalName(self, node: nodes.InternalName, frame: Frame) -> ast.expr:
        return self.py.name(node.name)

    def expr_ContextReference(self, node: nodes.ContextReference, frame: Frame) -> ast.expr:
        return self.py.name("t_ctx")

    def expr_DerivedContextReference(
        self, node: nodes.DerivedContextReference, frame: Frame
    ) -> ast.expr:
        return self._derived_context(frame)
