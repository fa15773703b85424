"""Code generation: template AST -> Python ``ast.Module`` -> code object.

In: a ``nodes.Template`` (from the parser) and the environment's settings.  Out: an
``ast.Module`` whose every node carries the template line and column it came from (given as
it is built: the generator's :class:`~tmpl.pyast.Builder` follows the template node being
visited), compiled by :func:`compile` under the template's file name.  Executing the module defines:

- ``root(t_ctx)``: a generator yielding the template's output for a ``runtime.Context``;
- ``block_<name>(t_ctx)``: one generator per ``{% block %}``;
- ``render_direct(t_vars, t_globals)``: the output as one string, for templates whose root
  only reads names from its context (:mod:`tmpl.codegen_direct`);
- ``blocks``: ``{name: block function}`` and ``name``: the template name.

Generated code only uses names from :data:`RUNTIME_NAMESPACE` (all prefixed ``t_``) plus
``environment``; template variables become locals named ``l_<depth>_<name>``, so nothing a
template defines can collide with the generated names.  Scoping follows Jinja2's rules; the
analysis lives in :mod:`tmpl.scopes`.
"""

from __future__ import annotations

import ast
import gc
import sys
import threading
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn

from markupsafe import Markup

from . import nodes
from . import pyast as P
from .codegen_direct import direct_render_function
from .codegen_expressions import (
    ExpressionCodegen,
    _autoescape_now,
)
from .codegen_output import Hoisted, OutputCodegen
from .environment import inlines_getattr
from .exceptions import TemplateAssertionError, TemplateRuntimeError
from .scopes import ALIAS, PARAM, RESOLVE, UNDEFINED, Symbols, analyze_into, find_undeclared

if TYPE_CHECKING:
    from .environment import Environment

# Compiling builds many short-lived objects; the cyclic garbage collector would scan the
# growing trees again and again (a third of compile time), so it pauses while compiling.
# Flat template constructs (1,000 ``elif`` branches or ``+`` terms, long filter chains)
# become deep trees, and generating and compiling them recurses once per level, so the
# recursion limit is raised.  Both are shared by concurrent compiles and restored after the
# last one.
_DEEP_RECURSION_LIMIT = 20_000
_compile_lock = threading.Lock()
_compile_users = 0
_saved_recursion_limit = 0
_gc_was_enabled = False


@contextmanager
def compiling() -> Generator[None, None, None]:
    """Run the body with a high recursion limit and the garbage collector paused."""
    global _compile_users, _saved_recursion_limit, _gc_was_enabled
    with _compile_lock:
        if _compile_users == 0:
            _saved_recursion_limit = sys.getrecursionlimit()
            sys.setrecursionlimit(max(_saved_recursion_limit, _DEEP_RECURSION_LIMIT))
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _compile_users += 1
    try:
        yield
    finally:
        with _compile_lock:
            _compile_users -= 1
            if _compile_users == 0:
                sys.setrecursionlimit(_saved_recursion_limit)
                if _gc_was_enabled:
                    gc.enable()


def has_safe_repr(value: Any) -> bool:
    """Whether ``value`` can be embedded in generated code as a constant."""
    if value is None or value is NotImplemented or value is Ellipsis:
        return True
    if type(value) in {bool, int, float, complex, range, str, Markup}:
        return True
    if type(value) in {tuple, list, set, frozenset}:
        return all(has_safe_repr(v) for v in value)
    if type(value) is dict:
        return all(has_safe_repr(k) and has_safe_repr(v) for k, v in value.items())
    return False


class Frame:
    """What the code generator knows about the place it is emitting code for.

    Immutable: a nested place gets a new frame from :meth:`inner` or :meth:`replace`.
    """

    __slots__ = (
        "symbols",
        "buffer",
        "toplevel",
        "rootlevel",
        "block_frame",
        "loop_frame",
        "soft",
        "require_output_check",
        "autoescape",
        "volatile",
        "block",
        "in_loop",
        "scope_vars",
    )

    symbols: Symbols
    #: Name of the list the output goes to, or None to ``yield`` it.
    buffer: str | None
    #: Template top level (or an ``if`` at top level): assignments become context variables.
    toplevel: bool
    #: The template's root function itself, not nested in anything.
    rootlevel: bool
    block_frame: bool
    loop_frame: bool
    #: Inside ``if``: an unknown filter or test fails when executed, not when compiled.
    soft: bool
    #: The template may extend another: top-level output is only written if it does not.
    require_output_check: bool
    autoescape: bool
    #: Autoescaping depends on a runtime value (``{% autoescape expr %}``).
    volatile: bool
    #: Name of the block function being generated (for ``super()``).
    block: str | None
    #: Directly inside a loop body of the same Python function: break/continue allowed.
    in_loop: bool
    #: In a loop body or block (or an ``if`` in one) with calls in it: the local dict that
    #: ``{% set %}`` here also writes to, so ``pass_context`` callables called after it see
    #: the value.
    scope_vars: str | None

    def __init__(
        self,
        symbols: Symbols,
        buffer: str | None = None,
        toplevel: bool = False,
        rootlevel: bool = False,
        block_frame: bool = False,
        loop_frame: bool = False,
        soft: bool = False,
        require_output_check: bool = False,
        autoescape: bool = False,
        volatile: bool = False,
        block: str | None = None,
        in_loop: bool = False,
        scope_vars: str | None = None,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "symbols", symbols)
        set_(self, "buffer", buffer)
        set_(self, "toplevel", toplevel)
        set_(self, "rootlevel", rootlevel)
        set_(self, "block_frame", block_frame)
        set_(self, "loop_frame", loop_frame)
        set_(self, "soft", soft)
        set_(self, "require_output_check", require_output_check)
        set_(self, "autoescape", autoescape)
        set_(self, "volatile", volatile)
        set_(self, "block", block)
        set_(self, "in_loop", in_loop)
        set_(self, "scope_vars", scope_vars)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("frames are immutable; use replace()")

    def replace(self, **changes: Any) -> Frame:
        """A copy with ``changes`` applied."""
        values = {name: getattr(self, name) for name in self.__slots__}
        values.update(changes)
        return Frame(**values)

    def inner(self, isolated: bool = False) -> Frame:
        """A frame for a nested scope."""
        return Frame(
            symbols=Symbols(None if isolated else self.symbols),
            buffer=self.buffer,
            require_output_check=self.require_output_check,
            autoescape=self.autoescape,
            volatile=self.volatile,
            block=self.block,
            in_loop=self.in_loop,
        )

    def soften(self) -> Frame:
        return self.replace(rootlevel=False, soft=True)


class _FunctionState:
    """Per generated top-level function: the helpers its prologue must bind."""

    def __init__(self) -> None:
        # Helper name -> what builds its binding (once the function's position is known).
        self.helpers: dict[str, Callable[[P.Builder], ast.stmt]] = {}
        # Filters and tests it uses: kind -> {local name: filter or test name}.
        self.lookups: dict[str, dict[str, str]] = {"filter": {}, "test": {}}

    def prologue(self, py: P.Builder) -> list[ast.stmt]:
        """The statements binding the helpers, then the filters and tests."""
        return [bind(py) for bind in self.helpers.values()] + self.lookup_statements(py)

    def lookup_statements(self, py: P.Builder) -> list[ast.stmt]:
        """The prologue statements binding the filters and tests: one per kind (a tuple
        assignment from ``t_lookup_all``), as each statement costs compile time."""
        stmts: list[ast.stmt] = []
        for kind, names in self.lookups.items():
            registry = py.attr(py.name("environment"), "filters" if kind == "filter" else "tests")
            if len(names) == 1:
                [(ident, name)] = names.items()
                found = py.call("t_lookup", registry, py.const(name), py.const(kind))
                stmts.append(py.assign(ident, found))
            elif names:
                targets = py.tuple_([py.store(ident) for ident in names], P.STORE)
                found = py.call(
                    "t_lookup_all", registry, py.const(tuple(names.values())), py.const(kind)
                )
                stmts.append(py.assign(targets, found))
        return stmts


class CodeGenerator(OutputCodegen, ExpressionCodegen):
    """Turns one template AST into a Python module AST."""

    def __init__(
        self,
        environment: Environment,
        name: str | None,
        filename: str | None,
        source: str | None = None,
        defer_init: bool = False,
    ) -> None:
        self.environment = environment
        self.name = name
        self.filename = filename
        self.defer_init = defer_init
        # Only lines with non-ASCII text need converting to byte columns (see _byte_col);
        # in an all-ASCII source (the common case) none do.
        self._lines = None if source is None or source.isascii() else source.splitlines()
        self._counter = 0
        # Builds every Python node; its position follows the template node being visited
        # (module-level statements are at line 1).
        self.py = P.Builder((1, 0, 1, 0))
        self.blocks: dict[str, nodes.Block] = {}
        self.extends_so_far = 0
        self.has_known_extends = False
        self._function: _FunctionState = _FunctionState()
        self._filter_names: dict[str, str] = {}
        self._test_names: dict[str, str] = {}
        self._import_aliases: dict[str, str] = {}
        self.sandboxed = bool(getattr(environment, "sandboxed", False))
        self.is_async = bool(getattr(environment, "is_async", False))
        # Attribute lookups are inlined (see ``expr_Getattr``) where code runs repeatedly:
        # in loop and macro bodies (``_repeated_depth``), where the speed pays for the larger
        # code, which costs compile time; never in a comprehension's iterable, where Python
        # forbids the ``:=`` they need (``_walrus_banned``).
        self.inline_getattr = inlines_getattr(environment)
        self._repeated_depth = 0
        self._walrus_banned = 0
        self._initial_autoescape, self._initial_volatile = self._autoescape_for(name)
        self._text_depth_cache: dict[int, int | None] = {}
        self._assigns_loop = True
        self._has_scoped_blocks = True
        self._calls_something = True
        # The frames' ``scope_vars`` dicts some ``{% set %}`` has written to so far: calls
        # after that pass them (see ``visit_Call``), and the dict is created at the start.
        self._written_scopes: set[str] = set()
        # Every name the template reads anywhere (filled by ``_survey``).
        self._loaded_names: set[str] = set()
        # Ids of the Name nodes of _SPECIAL_NAMES and of the nodes above them (``_survey``).
        self._special_paths: set[int] = set()
        # Ids of the nodes with a call somewhere inside (``_survey``): only loops and blocks
        # among them need their ``{% set %}`` variables kept for pass_context callables.
        self._calling_paths: set[int] = set()
        # Set when nothing after the current statement can run (a second known extends).
        self._stopped = False
        # Python allows only 20 statically nested loops/try blocks per function; deeper
        # template loops move into nested functions (see ``visit_For``).
        self._block_depth = 0

    # -- infrastructure --------------------------------------------------------------------

    def _autoescape_for(self, name: str | None) -> tuple[bool, bool]:
        autoescape = self.environment.autoescape
        if callable(autoescape):
            return bool(autoescape(name)), False
        return bool(autoescape), False

    def fail(self, msg: str, node: nodes.Node | int | None, hint: str | None = None) -> NoReturn:
        """Raise a TemplateAssertionError at ``node`` (its whole span, when on one line)."""
        lineno = node if isinstance(node, int) else getattr(node, "lineno", None) or 1
        col = end_col = None
        span = getattr(node, "span", None)
        if span is not None:
            col = span.col + 1
            if span.end_lineno == span.lineno and span.end_col > span.col:
                end_col = span.end_col + 1
        raise TemplateAssertionError(
            msg, lineno, self.name, self.filename, col=col, hint=hint, end_col=end_col
        )

    def _undeclared(self, body: Iterable[nodes.Node], names: tuple[str, ...]) -> set[str]:
        """``find_undeclared``, skipping the walk for names the template never reads, and
        for the usual names (:data:`_SPECIAL_NAMES`) the subtrees that do not mention them."""
        wanted = [name for name in names if name in self._loaded_names]
        if not wanted:
            return set()
        if _SPECIAL_NAMES.issuperset(wanted):
            return find_undeclared(body, wanted, self._special_paths)
        return find_undeclared(body, wanted)

    def temporary(self) -> str:
        self._counter += 1
        return f"t_{self._counter}"

    def _position(self, node: nodes.Node) -> P.Position:
        span = getattr(node, "span", None)
        if span is None:
            lineno = getattr(node, "lineno", None) or 1
            return (lineno, 0, lineno, 0)
        if self._lines is None:
            return (span.lineno, span.col, span.end_lineno, span.end_col)
        return (
            span.lineno,
            self._byte_col(span.lineno, span.col),
            span.end_lineno,
            self._byte_col(span.end_lineno, span.end_col),
        )

    def _byte_col(self, lineno: int, col: int) -> int:
        # Python's ast columns are UTF-8 byte offsets; spans count characters.
        if self._lines is not None and 0 < lineno <= len(self._lines):
            line = self._lines[lineno - 1]
            if not line.isascii():
                return len(line[:col].encode("utf-8"))
        return col

    def helper(self, ident: str) -> ast.Name:
        """A per-render helper bound once in the current top-level function's prologue."""
        return self.bind(ident, _HELPER_BINDINGS[ident])

    def bind(self, ident: str, make_binding: Callable[[P.Builder], ast.stmt]) -> ast.Name:
        """``ident``, assigned once by ``make_binding(builder)`` in the top-level function's
        prologue (called when the function is finished, so that the binding is placed at
        the function, not at the expression that first needs it)."""
        self._function.helpers.setdefault(ident, make_binding)
        return self.py.name(ident)

    def bind_lookup(self, kind: str, ident: str, name: str) -> ast.Name:
        """``ident``, bound to the filter or test ``name`` in the top-level function's
        prologue (see ``_FunctionState.lookup_statements``)."""
        self._function.lookups[kind].setdefault(ident, name)
        return self.py.name(ident)

    # -- entry point -------------------------------------------------------------------------

    def generate(self, template: nodes.Template) -> ast.Module:
        py = self.py
        if not isinstance(template, nodes.Template):
            raise TypeError("Can't compile non template nodes")
        have_extends, imports = self._survey(template)
        body: list[ast.stmt] = []
        for import_node in imports:
            body.extend(self._import_statement(import_node))

        root = self._root_function(template, have_extends)
        body.append(root)
        if self._may_render_directly(have_extends):
            direct = direct_render_function(root)  # type: ignore[arg-type]
            if direct is not None:
                body.append(direct)
        for block in self.blocks.values():
            body.append(self._block_function(block))
        block_dict = py.dict_(
            [py.const(n) for n in self.blocks], [py.name(f"block_{n}") for n in self.blocks]
        )
        body.append(py.assign("blocks", block_dict))
        body.append(py.assign("name", py.const(self.name)))
        return ast.Module(body=body, type_ignores=[])

    def _may_render_directly(self, have_extends: bool) -> bool:
        """Whether ``render`` may skip the context (see :mod:`tmpl.codegen_direct`).

        Not for templates with blocks or a parent (they render through the context's block
        table), nor for async, sandboxed (renders run under a budget around ``root``) or
        native environments (their ``render`` keeps the pieces apart).
        """
        return not (
            self.blocks
            or have_extends
            or self._calls_something  # calls pass the context: no need to look further
            or self.is_async
            or self.sandboxed
            or self.native_output
        )

    def _survey(self, template: nodes.Template) -> tuple[bool, list[nodes.ImportedName]]:
        """One walk over the tree collecting what code generation needs to know up front.

        Returns whether the template extends another and its imported names; fills the
        blocks, the names read anywhere, and the paths to names ``_undeclared`` asks about.
        """
        have_extends = False
        self._assigns_loop = self._has_scoped_blocks = self._calls_something = False
        imports: list[nodes.ImportedName] = []
        # Iterative, in document order: trees can be deep.  None on the stack marks where
        # the walk leaves the node last entered.
        stack: list[nodes.Node | None] = list(reversed(template.child_nodes()))
        path: list[nodes.Node] = []  # the nodes from the template's body down to ``node``
        while stack:
            node = stack.pop()
            if node is None:
                path.pop()
                continue
            children = node.child_nodes()
            if children:
                # Leaves (half the nodes) never enter the path: it holds their ancestors.
                path.append(node)
                stack.append(None)
                children.reverse()
                stack.extend(children)
            # ``type(node) is`` (not isinstance): exact classes, and mypy narrows on it.
            if type(node) is nodes.Name:
                if node.ctx == "load":
                    self._loaded_names.add(node.name)
                elif node.ctx == "store" and node.name == "loop":
                    self._assigns_loop = True
                if node.name in _SPECIAL_NAMES:
                    self._special_paths.update(map(id, path))
                    self._special_paths.add(id(node))
            elif type(node) is nodes.Block:
                if node.name in self.blocks:
                    self.fail(f"block {node.name!r} defined twice", node)
                self.blocks[node.name] = node
                self._has_scoped_blocks |= bool(node.scoped)
            elif type(node) is nodes.Extends:
                have_extends = True
            elif type(node) is nodes.ImportedName:
                imports.append(node)
            elif type(node) in _CALLING_NODES:
                self._calls_something = True
                if type(node) is nodes.Call:
                    self._calling_paths.update(map(id, path))  # (a call has children)
            elif isinstance(node, nodes.Name) and node.name in _SPECIAL_NAMES:
                # A subclass of Name (an extension's): on the path like the others.
                self._special_paths.update(map(id, path))
                self._special_paths.add(id(node))
        return have_extends, imports

    def _import_statement(self, node: nodes.ImportedName) -> list[ast.stmt]:
        alias = self._import_aliases.setdefault(node.importname, self.temporary())
        module, _, obj = node.importname.rpartition(".")
        py = self.py
        outer, py.pos = py.pos, self._position(node)
        names = [py.node(ast.alias, name=obj, asname=alias)]
        stmt: ast.stmt
        if module:
            stmt = py.node(ast.ImportFrom, module=module, names=names, level=0)
        else:
            stmt = py.node(ast.Import, names=names)
        py.pos = outer
        return [stmt]

    def _start_function(self, pos: P.Position) -> tuple[_FunctionState, P.Position]:
        """Begin a top-level function at ``pos``: what is built for it and not for a template
        node inside (its prologue, its frame's setup) is placed there.  Returns what
        :meth:`_finish_function` restores."""
        outer = (self._function, self.py.pos)
        self._function = _FunctionState()
        self.py.pos = pos
        return outer

    def _finish_function(
        self, func_name: str, body: list[ast.stmt], outer: tuple[_FunctionState, P.Position]
    ) -> ast.stmt:
        py = self.py
        prologue = self._function.prologue(py)
        # An unreachable yield makes the function a generator even if it outputs nothing.
        prologue.append(py.if_(py.const(0), [py.yield_(py.const(None))]))
        func = py.function(func_name, py.arguments(["t_ctx"]), prologue + body, self.is_async)
        self._function, py.pos = outer
        return func

    def _root_function(self, template: nodes.Template, have_extends: bool) -> ast.stmt:
        py = self.py
        outer = self._start_function(self._position(template))
        frame = Frame(
            symbols=Symbols(),
            toplevel=True,
            rootlevel=True,
            require_output_check=have_extends and not self.has_known_extends,
            autoescape=self._initial_autoescape,
            volatile=self._initial_volatile,
        )
        body: list[ast.stmt] = []
        if have_extends:
            body.append(py.assign("t_parent", py.const(None)))
        if "self" in self._undeclared(template.body, ("self",)):
            ref = frame.symbols.declare_parameter("self")
            body.append(py.assign(ref, py.call("t_TemplateReference", py.name("t_ctx"))))
        analyze_into(frame.symbols, template)
        body.extend(self.enter_frame(frame))
        body.extend(self.visit_body(template.body, frame))
        if have_extends:
            render_parent = self._delegate(
                frame,
                py.method(py.name("t_parent"), "root_render_func", py.name("t_ctx")),
            )
            if self.has_known_extends:
                body.extend(render_parent)
            else:
                body.append(py.if_(py.is_not(py.name("t_parent"), py.const(None)), render_parent))
        return self._finish_function("root", body, outer)

    def _block_function(self, block: nodes.Block) -> ast.stmt:
        py = self.py
        outer = self._start_function(self._position(block))
        scope = "t_block_vars" if id(block) in self._calling_paths else None
        frame = Frame(
            symbols=Symbols(),
            block_frame=True,
            autoescape=self._initial_autoescape,
            volatile=self._initial_volatile,
            block=block.name,
            scope_vars=scope,
        )
        body: list[ast.stmt] = []
        undeclared = self._undeclared(block.body, ("self", "super"))
        if "self" in undeclared:
            ref = frame.symbols.declare_parameter("self")
            body.append(py.assign(ref, py.call("t_TemplateReference", py.name("t_ctx"))))
        if "super" in undeclared:
            ref = frame.symbols.declare_parameter("super")
            body.append(
                py.assign(
                    ref,
                    py.method(
                        "t_ctx", "super", py.const(block.name), py.name(f"block_{block.name}")
                    ),
                )
            )
        analyze_into(frame.symbols, block)
        body.extend(self.enter_frame(frame))
        body.extend(self.visit_body(block.body, frame))
        if scope is not None:
            body[:0] = self._scope_vars_init(scope)
        return self._finish_function(f"block_{block.name}", body, outer)

    # -- frames --------------------------------------------------------------------------------

    def enter_frame(self, frame: Frame) -> list[ast.stmt]:
        """Statements that initialise the frame's locals as the scope analysis prescribes."""
        py = self.py
        stmts: list[ast.stmt] = []
        undefs: list[str] = []
        for target, (kind, param) in frame.symbols.loads.items():
            if kind == PARAM:
                continue
            if kind == RESOLVE:
                stmts.append(py.assign(target, py.call(self.helper("t_resolve"), py.const(param))))
            elif kind == ALIAS:
                stmts.append(py.assign(target, py.name(param)))  # type: ignore[arg-type]
            elif kind == UNDEFINED:
                undefs.append(target)
        if undefs:
            stmts.append(py.assign([py.store(u) for u in undefs], py.name("t_missing")))
        return stmts

    def may_be_missing(self, symbols: Symbols, ref: str) -> bool:
        """Whether the local ``ref`` can hold ``missing`` when read (assigned later)."""
        seen: set[str] = set()
        while ref not in seen:
            seen.add(ref)
            load = symbols.find_load(ref)
            if load is None:
                return True
            kind, param = load
            if kind == ALIAS and param is not None:
                ref = param
                continue
            return kind == UNDEFINED
        return True

    # -- statements ----------------------------------------------------------------------------

    def visit_body(self, body: Iterable[nodes.Node], frame: Frame) -> list[ast.stmt]:
        """Statements for a sequence of template statements in one frame."""
        out: list[ast.stmt] = []
        run: list[nodes.Node] = []  # consecutive statements that only output text
        group_text = not frame.require_output_check and not self.native_output
        for node in body:
            if group_text and self._is_text_only([node]):
                run.append(node)
                continue
            out.extend(self._text_run(run, frame))
            run = []
            if type(node) is nodes.EvalContextModifier:
                out.extend(self.eval_context_modifier(node, frame))
                frame = self._modified_frame(node, frame)
                continue
            out.extend(self.visit_stmt(node, frame))
            if self._stopped:
                break
        out.extend(self._text_run(run, frame))
        return out

    def visit_stmt(self, node: nodes.Node, frame: Frame) -> list[ast.stmt]:
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is None:
            if isinstance(node, nodes.Expr):
                self.fail(
                    f"unexpected expression {type(node).__name__} in statement position", node
                )
            self.fail(f"unknown node type {type(node).__name__}", node)
        py = self.py
        outer, py.pos = py.pos, self._position(node)
        stmts: list[ast.stmt] = method(node, frame)
        py.pos = outer
        return stmts

    # -- async templates ----------------------------------------------------------------------
    #
    # With ``enable_async`` every function is ``async def`` and the code awaits what calls,
    # filters, tests and attribute lookups return (``await t_auto_await(x)``), iterates with
    # ``async for`` over ``t_auto_aiter(x)`` and delegates to other templates' async
    # generators.  The choice is made here, at compile time: sync templates contain none of it.

    def _def(self, func_name: str, args: ast.arguments, body: list[ast.stmt]) -> ast.stmt:
        """``def`` (``async def`` in async templates) ``func_name(args): body``."""
        return self.py.function(func_name, args, body, self.is_async)

    def _awaited(self, value: ast.expr) -> ast.expr:
        """``value``, awaited if the template is async and it turns out to be awaitable."""
        py = self.py
        if not self.is_async:
            return value
        return py.node(ast.Await, value=py.call("t_auto_await", value))

    def _run(self, call: ast.expr) -> ast.expr:
        """A call of a generated function (a coroutine function in async templates)."""
        return self.py.node(ast.Await, value=call) if self.is_async else call

    def _aiter(self, iterable: ast.expr) -> ast.expr:
        """``iterable`` as something ``async for`` can iterate, in async templates."""
        return self.py.call("t_auto_aiter", iterable) if self.is_async else iterable

    def emit(self, frame: Frame, value: ast.expr) -> ast.stmt:
        """Output ``value`` (a string) from the current frame."""
        py = self.py
        if frame.buffer is None:
            return py.yield_(value)
        return py.expr_stmt(py.method(frame.buffer, "append", value))

    def _delegate(self, frame: Frame, generator: ast.expr) -> list[ast.stmt]:
        """Output everything ``generator`` (a template or block render function's
        generator; async in async templates) yields."""
        py = self.py
        if not self.is_async:
            if frame.buffer is None:
                return [py.yield_from(generator)]
            return [py.expr_stmt(py.method(frame.buffer, "extend", generator))]
        # Async generators have no ``yield from``.
        if frame.buffer is None:
            return [
                py.node(
                    ast.AsyncFor,
                    target=py.store("t_event"),
                    iter=generator,
                    body=[py.yield_(py.name("t_event"))],
                    orelse=[],
                )
            ]
        collected = py.node(
            ast.ListComp,
            elt=py.name("t_event"),
            generators=[
                ast.comprehension(target=py.store("t_event"), iter=generator, ifs=[], is_async=1)
            ],
        )
        return [py.expr_stmt(py.method(frame.buffer, "extend", collected))]

    def _delegate_items(self, frame: Frame, items: ast.expr) -> list[ast.stmt]:
        """Output the strings of the list ``items`` (in async templates, where
        :meth:`_delegate` expects an async generator)."""
        py = self.py
        if frame.buffer is None:
            return [
                py.node(
                    ast.For,
                    target=py.store("t_event"),
                    iter=items,
                    body=[py.yield_(py.name("t_event"))],
                    orelse=[],
                )
            ]
        return [py.expr_stmt(py.method(frame.buffer, "extend", items))]

    def _join(self, pieces: ast.expr) -> ast.expr:
        """Join a buffer's pieces: as text, or as a native value (``tmpl.nativetypes``)."""
        py = self.py
        if self.native_output:
            return py.call(py.attr(py.name("environment"), "concat"), pieces)
        return py.call("t_concat", pieces)

    def _output_check(self, frame: Frame, stmts: list[ast.stmt]) -> list[ast.stmt]:
        # Jinja2 suppresses only plain output after a possible ``extends``: includes, call
        # blocks and filter blocks at the top level of a child template still render.
        py = self.py
        if frame.require_output_check:
            return [py.if_(py.is_(py.name("t_parent"), py.const(None)), stmts)]
        return stmts

    def visit_Extends(self, node: nodes.Extends, frame: Frame) -> list[ast.stmt]:
        py = self.py
        if not frame.toplevel:
            self.fail("cannot use extend from a non top-level scope", node)
        stmts: list[ast.stmt] = []
        if self.extends_so_far > 0:
            error = py.raise_(
                py.call("t_TemplateRuntimeError", py.const("extended multiple times"))
            )
            if self.has_known_extends:
                # Rendering can never get past this point.
                self._stopped = True
                return [error]
            stmts.append(py.if_(py.is_not(py.name("t_parent"), py.const(None)), [error]))
        parent = py.method(
            py.name("environment"),
            "get_template",
            self.visit_expr(node.template, frame),
            py.const(self.name),
        )
        stmts.append(py.assign("t_parent", parent))
        stmts.append(
            py.expr_stmt(py.call("t_inherit_blocks", py.name("t_ctx"), py.name("t_parent")))
        )
        if frame.rootlevel:
            self.has_known_extends = True
        self.extends_so_far += 1
        return stmts

    def visit_Block(self, node: nodes.Block, frame: Frame) -> list[ast.stmt]:
        py = self.py
        if frame.toplevel and self.has_known_extends:
            return []
        if node.scoped:
            context = self._derived_context(frame)
        else:
            context = py.name("t_ctx")
        impls = py.subscript(py.attr(py.name("t_ctx"), "blocks"), py.const(node.name))
        stmts: list[ast.stmt] = []
        if node.required:
            error = py.raise_(
                py.call(
                    "t_TemplateRuntimeError", py.const(f"Required block {node.name!r} not found")
                )
            )
            stmts.append(
                py.if_(
                    py.compare(py.call("len", impls), [ast.LtE()], [py.const(1)]),
                    [error],
                )
            )
        stmts.extend(
            self._delegate(frame, py.call_with(py.subscript(impls, py.const(0)), [context], []))
        )
        if frame.toplevel and self.extends_so_far > 0:
            return [py.if_(py.is_(py.name("t_parent"), py.const(None)), stmts)]
        return stmts

    def _local_context(self, frame: Frame) -> ast.Dict:
        """The frame's assigned locals as a dict literal (for includes and scoped blocks)."""
        py = self.py
        stores = frame.symbols.dump_stores()
        return py.dict_([py.const(k) for k in stores], [py.name(v) for v in stores.values()])

    def _derived_context(self, frame: Frame) -> ast.expr:
        return self.py.method("t_ctx", "derived", self._local_context(frame))

    _MAX_BLOCK_DEPTH = 15

    def visit_For(self, node: nodes.For, frame: Frame) -> list[ast.stmt]:
        py = self.py
        if self._block_depth < self._MAX_BLOCK_DEPTH:
            self._block_depth += 1
            try:
                return self._for_loop(node, frame)
            finally:
                self._block_depth -= 1
        # Too deep for one Python function: the loop becomes a nested function of its own.
        saved, self._block_depth = self._block_depth, 1
        try:
            body = self._for_loop(node, frame)
        finally:
            self._block_depth = saved
        func_name = self.temporary()
        if frame.buffer is None:
            body.insert(0, py.if_(py.const(0), [py.yield_(py.const(None))]))
            func = self._def(func_name, py.arguments([]), body)
            return [func, *self._delegate(frame, py.call(func_name))]
        func = self._def(func_name, py.arguments([]), body)
        return [func, py.expr_stmt(self._run(py.call(func_name)))]

    def _for_loop(self, node: nodes.For, frame: Frame) -> list[ast.stmt]:
        py = self.py
        if self._assigns_loop:
            for name_node in node.find_all(nodes.Name):
                if name_node.ctx == "store" and name_node.name == "loop":
                    self.fail("Can't assign to special loop variable in for-loop target", name_node)
        if not frame.require_output_check and self._is_text_loop(node):
            setup = Hoisted(self._position(node))
            text = self._text_loop(node, frame, setup)
            if text is not None:
                return [*setup, self.emit(frame, text)]
        scope = self.temporary() if id(node) in self._calling_paths else None
        loop_frame = frame.inner().replace(loop_frame=True, in_loop=True, scope_vars=scope)
        else_frame = frame.inner()
        extended_loop = (
            node.recursive
            or "loop" in self._undeclared(node.iter_child_nodes(only=("body",)), ("loop",))
            or (self._has_scoped_blocks and any(b.scoped for b in node.find_all(nodes.Block)))
        )
        loop_ref = None
        if extended_loop:
            loop_ref = loop_frame.symbols.declare_parameter("loop")
        analyze_into(loop_frame.symbols, node, "body")
        if node.else_:
            analyze_into(else_frame.symbols, node, "else")
        stmts: list[ast.stmt] = []
        iterable: ast.expr
        if node.recursive:
            iterable = py.name("t_reciter")
        else:
            iterable = self.visit_expr(node.iter, frame)
        if self.sandboxed:
            # The sandbox counts iterations against its per-render budget.
            iterable = py.method(py.name("environment"), "guard_iter", py.name("t_ctx"), iterable)
        if node.test is not None:
            filter_name = self.temporary()
            stmts.append(self._loop_filter_function(filter_name, node, frame, loop_frame))
            iterable = py.call(filter_name, iterable)

        target = self.visit_target(node.target, loop_frame)
        if extended_loop:
            assert loop_ref is not None
            loop_args: list[ast.expr] = [iterable, self.helper("t_undefined")]
            if node.recursive:
                loop_args += [py.name("t_render"), py.name("depth")]
            iterable = py.call("t_LoopContext", *loop_args)
            target = py.tuple_([target, py.store(loop_ref)], P.STORE)

        body_frame = loop_frame
        recursive_buffer = None
        if node.recursive:
            recursive_buffer = self.temporary()
            body_frame = loop_frame.replace(buffer=recursive_buffer)
            else_frame = else_frame.replace(buffer=recursive_buffer)

        self._repeated_depth += 1
        loop_body = self.enter_frame(body_frame) + self.visit_body(node.body, body_frame)
        self._repeated_depth -= 1
        if scope is not None:
            loop_body[:0] = self._scope_vars_init(scope)
        indicator = None
        if node.else_:
            indicator = self.temporary()
            loop_body.append(py.assign(indicator, py.const(0)))
        loop_stmts: list[ast.stmt] = []
        if indicator is not None:
            loop_stmts.append(py.assign(indicator, py.const(1)))
        loop_class: type[ast.For | ast.AsyncFor] = ast.For
        if self.is_async:
            loop_class = ast.AsyncFor
            if not extended_loop:  # AsyncLoopContext is async-iterable itself
                iterable = self._aiter(iterable)
        loop_stmts.append(
            py.node(
                loop_class,
                target=target,
                iter=iterable,
                body=loop_body or [py.node(ast.Pass)],
                orelse=[],
            )
        )
        if node.else_:
            else_body = self.enter_frame(else_frame) + self.visit_body(node.else_, else_frame)
            loop_stmts.append(py.if_(py.name(indicator), else_body))  # type: ignore[arg-type]

        if not node.recursive:
            return stmts + loop_stmts

        # A recursive loop is a function rendering into a buffer; ``loop(children)`` calls it.
        loop_func = self.temporary()
        func_body: list[ast.stmt] = [py.assign(recursive_buffer, py.list_([]))]  # type: ignore[arg-type]
        func_body += stmts + loop_stmts
        func_body.append(py.return_(self._buffer_result(body_frame, recursive_buffer)))  # type: ignore[arg-type]
        func = self._def(
            loop_func,
            py.arguments(["t_reciter", "t_render", "depth"], defaults=[py.const(0)]),
            func_body,
        )
        first_call = self._run(
            py.call(loop_func, self.visit_expr(node.iter, frame), py.name(loop_func))
        )
        return [func, self.emit(frame, first_call)]

    def _loop_filter_function(
        self, func_name: str, node: nodes.For, frame: Frame, loop_frame: Frame
    ) -> ast.stmt:
        """``def t_N(fiter)``: yields the items of ``fiter`` that pass the loop's ``if``."""
        py = self.py
        test_frame = frame.inner()
        analyze_into(test_frame.symbols, node, "test")
        target = self.visit_target(node.target, test_frame)
        item = self.visit_expr(_as_load(node.target), test_frame)
        test = self.visit_expr(node.test, test_frame)  # type: ignore[arg-type]
        loop_class: type[ast.For | ast.AsyncFor] = ast.AsyncFor if self.is_async else ast.For
        body = self.enter_frame(test_frame) + [
            py.node(
                loop_class,
                target=target,
                iter=self._aiter(py.name("t_fiter")),
                body=[py.if_(test, [py.yield_(item)])],
                orelse=[],
            )
        ]
        return self._def(func_name, py.arguments(["t_fiter"]), body)

    def visit_If(self, node: nodes.If, frame: Frame) -> list[ast.stmt]:
        py = self.py
        frame = frame.soften()
        test = self.visit_expr(node.test, frame)
        body = self.visit_body(node.body, frame)
        orelse: list[ast.stmt] = []
        for elif_ in reversed(node.elif_):
            elif_test = self.visit_expr(elif_.test, frame)
            elif_body = self.visit_body(elif_.body, frame)
            outer, py.pos = py.pos, self._position(elif_)
            elif_stmt = py.if_(elif_test, elif_body, orelse)
            py.pos = outer
            orelse = [elif_stmt]
        if node.else_:
            else_body = self.visit_body(node.else_, frame)
            if orelse:
                innermost = orelse[0]
                while isinstance(innermost, ast.If) and innermost.orelse:
                    innermost = innermost.orelse[0]
                innermost.orelse = else_body  # type: ignore[attr-defined]
            else:
                orelse = else_body
        return [py.if_(test, body, orelse)]

    def _macro_body(
        self, node: nodes.Macro | nodes.CallBlock, frame: Frame
    ) -> tuple[ast.stmt, dict[str, bool]]:
        """``def t_N(args)`` rendering the macro body, and what the Macro wrapper needs."""
        py = self.py
        seen: set[str] = set()
        for arg in node.args:
            if arg.name in seen:
                what = f"macro {node.name!r}" if isinstance(node, nodes.Macro) else "call block"
                self.fail(f"duplicate argument {arg.name!r} in {what}", arg)
            seen.add(arg.name)
        macro_frame = frame.inner().replace(require_output_check=False, in_loop=False)
        analyze_into(macro_frame.symbols, node)
        explicit_caller = None
        skip_special: set[str] = set()
        args: list[str] = []
        for idx, arg in enumerate(node.args):
            if arg.name == "caller":
                explicit_caller = idx
            if arg.name in ("kwargs", "varargs"):
                skip_special.add(arg.name)
            args.append(macro_frame.symbols.ref(arg.name))
        undeclared = self._undeclared(node.body, ("caller", "kwargs", "varargs"))
        flags = {"caller": False, "kwargs": False, "varargs": False}
        if "caller" in undeclared:
            if explicit_caller is not None:
                if explicit_caller - len(node.args) + len(node.defaults) < 0:
                    self.fail(
                        "When defining macros or call blocks the special 'caller' argument"
                        " must be omitted or be given a default.",
                        node,
                    )
            else:
                args.append(macro_frame.symbols.declare_parameter("caller"))
            flags["caller"] = True
        for special in ("kwargs", "varargs"):
            if special in undeclared and special not in skip_special:
                args.append(macro_frame.symbols.declare_parameter(special))
                flags[special] = True

        buffer = self.temporary()
        macro_frame = macro_frame.replace(buffer=buffer)
        body: list[ast.stmt] = [py.assign(buffer, py.list_([]))]
        body.extend(self.enter_frame(macro_frame))
        for idx, arg in enumerate(node.args):
            ref = macro_frame.symbols.ref(arg.name)
            default_idx = idx - len(node.args) + len(node.defaults)
            if default_idx >= 0:
                default = self.visit_expr(node.defaults[default_idx], macro_frame)
            else:
                default = py.call(
                    self.helper("t_undefined"),
                    py.const(f"parameter {arg.name!r} was not provided"),
                    name=py.const(arg.name),
                )
            body.append(
                py.if_(py.is_(py.name(ref), py.name("t_missing")), [py.assign(ref, default)])
            )
        self._repeated_depth += 1
        rendered = self.visit_body(node.body, macro_frame)
        self._repeated_depth -= 1
        single = _single_append(rendered, buffer)
        if single is not None:
            # The whole body is one piece of text: return it without a buffer.
            del body[0]
            body.append(py.return_(single))
        else:
            body.extend(rendered)
            body.append(py.return_(self._join(py.name(buffer))))
        func_name = self.temporary()
        # Every parameter defaults to ``missing`` (which the body turns into the declared
        # default or an Undefined), so a positional call may leave the last ones out.
        func = self._def(func_name, py.arguments(args, [py.name("t_missing")] * len(args)), body)
        flags["func"] = func_name  # type: ignore[assignment]
        return func, flags

    def _macro_object(self, node: nodes.Macro | nodes.CallBlock, flags: dict[str, Any]) -> ast.expr:
        py = self.py
        name = getattr(node, "name", None)
        return py.call(
            "t_Macro",
            py.name("environment"),
            py.name(flags["func"]),
            py.const(name),
            py.const(tuple(arg.name for arg in node.args)),
            py.const(flags["kwargs"]),
            py.const(flags["varargs"]),
            py.const(flags["caller"]),
            py.attr(py.attr(py.name("t_ctx"), "eval_ctx"), "autoescape"),
        )

    def visit_Macro(self, node: nodes.Macro, frame: Frame) -> list[ast.stmt]:
        py = self.py
        func, flags = self._macro_body(node, frame)
        ref = frame.symbols.ref(node.name)
        macro = self._macro_object(node, flags)
        stmts: list[ast.stmt] = [func]
        if frame.toplevel:
            stmts.append(py.assign([py.store(ref)], macro))
            stmts.extend(self._export(frame, [node.name]))
        else:
            stmts.append(py.assign(ref, macro))
        return stmts

    def visit_CallBlock(self, node: nodes.CallBlock, frame: Frame) -> list[ast.stmt]:
        func, flags = self._macro_body(node, frame)
        caller = self.temporary()
        call = self.visit_Call(node.call, frame, caller=caller)
        return [
            func,
            self.py.assign(caller, self._macro_object(node, flags)),
            self.emit(frame, call),
        ]

    def _buffer_result(self, frame: Frame, buffer: str) -> ast.expr:
        py = self.py
        joined = self._join(py.name(buffer))
        if frame.volatile:
            return py.ifexp(_autoescape_now(py), py.call("t_Markup", joined), joined)
        if frame.autoescape:
            return py.call("t_Markup", joined)
        return joined

    def visit_FilterBlock(self, node: nodes.FilterBlock, frame: Frame) -> list[ast.stmt]:
        py = self.py
        filter_frame = frame.inner()
        analyze_into(filter_frame.symbols, node)
        buffer = self.temporary()
        filter_frame = filter_frame.replace(buffer=buffer)
        stmts: list[ast.stmt] = [py.assign(buffer, py.list_([]))]
        stmts += self.enter_frame(filter_frame)
        stmts += self.visit_body(node.body, filter_frame)
        filtered = self.visit_Filter(
            node.filter, filter_frame, lambda: self._buffer_result(filter_frame, buffer)
        )
        return [*stmts, self.emit(frame, filtered)]

    def visit_With(self, node: nodes.With, frame: Frame) -> list[ast.stmt]:
        with_frame = frame.inner()
        analyze_into(with_frame.symbols, node)
        stmts = self.enter_frame(with_frame)
        for target, value in zip(node.targets, node.values, strict=False):
            stmts.append(
                self.py.assign(self.visit_target(target, with_frame), self.visit_expr(value, frame))
            )
        return stmts + self.visit_body(node.body, with_frame)

    def visit_Include(self, node: nodes.Include, frame: Frame) -> list[ast.stmt]:
        py = self.py
        func_name = "get_or_select_template"
        if isinstance(node.template, nodes.Const):
            if isinstance(node.template.value, str):
                func_name = "get_template"
            elif isinstance(node.template.value, tuple | list):
                func_name = "select_template"
        elif isinstance(node.template, nodes.Tuple | nodes.List):
            func_name = "select_template"
        template = self.temporary()
        lookup = py.assign(
            template,
            py.method(
                py.name("environment"),
                func_name,
                self.visit_expr(node.template, frame),
                py.const(self.name),
            ),
        )
        with_values = node.with_values or []
        extra = py.dict_(
            [py.const(kw.key) for kw in with_values],
            [self.visit_expr(kw.value, frame) for kw in with_values],
        )
        render: list[ast.stmt]
        if node.only:
            context = py.method(template, "new_context", extra)
            render = self._delegate(frame, py.method(template, "root_render_func", context))
        elif node.with_context or with_values:
            local_context = self._local_context(frame)
            if with_values:
                local_context.keys.extend(extra.keys)
                local_context.values.extend(extra.values)
            context = py.method(
                template,
                "new_context",
                py.method("t_ctx", "get_all"),
                py.const(True),
                local_context,
            )
            render = self._delegate(frame, py.method(template, "root_render_func", context))
        elif self.is_async:
            module = py.node(ast.Await, value=py.method(template, "_get_default_module_async"))
            render = self._delegate_items(frame, py.attr(module, "_body_stream"))
        else:
            render = self._delegate(
                frame,
                py.attr(py.method(template, "_get_default_module"), "_body_stream"),
            )
        if node.ignore_missing:
            stmts: list[ast.stmt] = [
                py.node(
                    ast.Try,
                    body=[lookup],
                    handlers=[
                        py.node(
                            ast.ExceptHandler,
                            type=py.name("t_TemplateNotFound"),
                            name=None,
                            body=[py.node(ast.Pass)],
                        )
                    ],
                    orelse=render,
                    finalbody=[],
                )
            ]
        else:
            stmts = [lookup, *render]
        return stmts

    def _module_of(self, node: nodes.Import | nodes.FromImport, frame: Frame) -> ast.expr:
        py = self.py
        template = py.method(
            py.name("environment"),
            "get_template",
            self.visit_expr(node.template, frame),
            py.const(self.name),
        )
        suffix = "_async" if self.is_async else ""
        if node.with_context:
            module = py.method(
                template,
                "make_module" + suffix,
                py.method("t_ctx", "get_all"),
                py.const(True),
                self._local_context(frame),
            )
        else:
            module = py.method(template, "_get_default_module" + suffix, py.name("t_ctx"))
        return self._run(module)

    def visit_Import(self, node: nodes.Import, frame: Frame) -> list[ast.stmt]:
        py = self.py
        ref = frame.symbols.ref(node.target)
        stmts: list[ast.stmt] = [py.assign(ref, self._module_of(node, frame))]
        if frame.toplevel:
            stmts.append(self._set_context_var(node.target, ref))
            if not node.target.startswith("_"):
                stmts.append(
                    py.expr_stmt(
                        py.method(
                            py.attr(py.name("t_ctx"), "exported_vars"),
                            "discard",
                            py.const(node.target),
                        )
                    )
                )
        return stmts

    def visit_FromImport(self, node: nodes.FromImport, frame: Frame) -> list[ast.stmt]:
        py = self.py
        module = self.temporary()
        stmts: list[ast.stmt] = [py.assign(module, self._module_of(node, frame))]
        imported: list[str] = []
        for item in node.names:
            name, alias = item if isinstance(item, tuple) else (item, item)
            ref = frame.symbols.ref(alias)
            where = f"line {node.lineno}" + (f" in {self.name!r}" if self.name else "")
            message = (
                f"the template %r (imported on {where}) does not export the requested name {name!r}"
            )
            stmts.append(
                py.assign(
                    ref,
                    py.call(
                        "t_import_name",
                        py.name(module),
                        py.const(name),
                        py.const(message),
                        self.helper("t_undefined"),
                    ),
                )
            )
            if frame.toplevel:
                stmts.append(self._set_context_var(alias, ref))
                if not alias.startswith("_"):
                    imported.append(alias)
        if imported:
            stmts.append(
                py.expr_stmt(
                    py.method(
                        py.attr(py.name("t_ctx"), "exported_vars"),
                        "difference_update",
                        py.const(tuple(imported)),
                    )
                )
            )
        return stmts

    def _set_context_var(self, name: str, ref: str) -> ast.stmt:
        py = self.py
        target = py.subscript(py.attr(py.name("t_ctx"), "vars"), py.const(name), P.STORE)
        return py.assign([target], py.name(ref))

    def _scope_vars_init(self, scope: str) -> list[ast.stmt]:
        """``scope = {}`` if a ``{% set %}`` of the loop body or block writes to it (each
        iteration starts with an empty one, as in Jinja2)."""
        py = self.py
        if scope not in self._written_scopes:
            return []
        return [py.assign(scope, py.dict_([], []))]

    def _track_scoped(self, frame: Frame, names: list[str]) -> list[ast.stmt]:
        """Inside a loop body or block, also record assigned names in the frame's
        ``scope_vars`` dict: ``pass_context`` callables see them (Jinja2's ``_loop_vars``
        and ``_block_vars``)."""
        py = self.py
        scope = frame.scope_vars
        if scope is None or frame.toplevel or not names:
            return []
        self._written_scopes.add(scope)
        return [
            py.assign(
                [py.subscript(py.name(scope), py.const(name), P.STORE)],
                py.name(frame.symbols.ref(name)),
            )
            for name in names
        ]

    def _export(self, frame: Frame, names: list[str]) -> list[ast.stmt]:
        """Make top-level assignments visible as context variables (and exported)."""
        py = self.py
        if not frame.toplevel or not names:
            return []
        stmts = [self._set_context_var(name, frame.symbols.ref(name)) for name in names]
        public = tuple(n for n in names if not n.startswith("_"))
        if public:
            stmts.append(
                py.expr_stmt(
                    py.method(
                        py.attr(py.name("t_ctx"), "exported_vars"), "update", py.const(public)
                    )
                )
            )
        return stmts

    def visit_ExprStmt(self, node: nodes.ExprStmt, frame: Frame) -> list[ast.stmt]:
        return [self.py.expr_stmt(self.visit_expr(node.node, frame))]

    def visit_Assign(self, node: nodes.Assign, frame: Frame) -> list[ast.stmt]:
        stmts: list[ast.stmt] = []
        seen: set[str] = set()
        for nsref in node.find_all(nodes.NSRef):
            if nsref.name not in seen:
                seen.add(nsref.name)
                stmts.append(self._namespace_check(frame.symbols.ref(nsref.name)))
        value = self.visit_expr(node.node, frame)
        stmts.append(self.py.assign(self.visit_target(node.target, frame), value))
        names = _stored_names(node.target)
        stmts.extend(self._export(frame, names))
        stmts.extend(self._track_scoped(frame, names))
        return stmts

    def _namespace_check(self, ref: str) -> ast.stmt:
        py = self.py
        return py.if_(
            py.node(
                ast.UnaryOp,
                op=ast.Not(),
                operand=py.call("isinstance", py.name(ref), py.name("t_Namespace")),
            ),
            [
                py.raise_(
                    py.call(
                        "t_TemplateRuntimeError",
                        py.const("cannot assign attribute on non-namespace object"),
                    )
                )
            ],
        )

    def visit_AssignBlock(self, node: nodes.AssignBlock, frame: Frame) -> list[ast.stmt]:
        py = self.py
        block_frame = frame.inner().replace(require_output_check=False)
        analyze_into(block_frame.symbols, node)
        buffer = self.temporary()
        block_frame = block_frame.replace(buffer=buffer)
        stmts: list[ast.stmt] = [py.assign(buffer, py.list_([]))]
        stmts += self.enter_frame(block_frame)
        stmts += self.visit_body(node.body, block_frame)
        # Only the target's namespaces belong to this frame (the body has its own).
        targets = [node.target, *node.target.find_all(nodes.NSRef)]
        for nsref in targets:
            if isinstance(nsref, nodes.NSRef):
                stmts.append(self._namespace_check(frame.symbols.ref(nsref.name)))
        value: ast.expr
        if node.filter is not None:
            value = self.visit_Filter(
                node.filter, block_frame, lambda: self._buffer_result(block_frame, buffer)
            )
        else:
            value = self._join(py.name(buffer))
        marked = py.call(
            py.ifexp(_autoescape_now(py), py.name("t_Markup"), py.name("t_identity")), value
        )
        stmts.append(py.assign(self.visit_target(node.target, frame), marked))
        names = _stored_names(node.target)
        stmts.extend(self._export(frame, names))
        stmts.extend(self._track_scoped(frame, names))
        return stmts

    def visit_Scope(self, node: nodes.Scope, frame: Frame) -> list[ast.stmt]:
        scope_frame = frame.inner()
        analyze_into(scope_frame.symbols, node)
        return self.enter_frame(scope_frame) + self.visit_body(node.body, scope_frame)

    def visit_OverlayScope(self, node: nodes.OverlayScope, frame: Frame) -> list[ast.stmt]:
        py = self.py
        previous = self.temporary()
        stmts: list[ast.stmt] = [
            py.assign(previous, py.name("t_ctx")),
            py.assign("t_ctx", py.method("t_ctx", "derived", self.visit_expr(node.context, frame))),
        ]
        scope_frame = frame.inner(isolated=True)
        analyze_into(scope_frame.symbols, node)
        stmts += self.enter_frame(scope_frame) + self.visit_body(node.body, scope_frame)
        stmts.append(py.assign("t_ctx", py.name(previous)))
        return stmts

    def eval_context_modifier(
        self, node: nodes.EvalContextModifier, frame: Frame
    ) -> list[ast.stmt]:
        stmts: list[ast.stmt] = []
        # Also reached from visit_body, outside visit_stmt.
        py = self.py
        outer, py.pos = py.pos, self._position(node)
        for option in node.options:
            target = py.node(
                ast.Attribute,
                value=py.attr(py.name("t_ctx"), "eval_ctx"),
                attr=option.key,
                ctx=P.STORE,
            )
            stmts.append(py.assign([target], self.visit_expr(option.value, frame)))
        py.pos = outer
        return stmts

    def _modified_frame(self, node: nodes.EvalContextModifier, frame: Frame) -> Frame:
        for option in node.options:
            try:
                value = option.value.as_const(self._eval_context(frame))
            except nodes.Impossible:
                frame = frame.replace(volatile=True)
            else:
                if option.key == "autoescape":
                    frame = frame.replace(autoescape=bool(value))
                elif option.key == "volatile":
                    frame = frame.replace(volatile=bool(value))
        return frame

    def visit_ScopedEvalContextModifier(
        self, node: nodes.ScopedEvalContextModifier, frame: Frame
    ) -> list[ast.stmt]:
        py = self.py
        saved = self.temporary()
        stmts: list[ast.stmt] = [
            py.assign(saved, py.method(py.attr(py.name("t_ctx"), "eval_ctx"), "save"))
        ]
        stmts += self.eval_context_modifier(node, frame)
        inner = self._modified_frame(node, frame)
        stmts += self.visit_body(node.body, inner)
        stmts.append(
            py.expr_stmt(py.method(py.attr(py.name("t_ctx"), "eval_ctx"), "revert", py.name(saved)))
        )
        return stmts

    def visit_Continue(self, node: nodes.Continue, frame: Frame) -> list[ast.stmt]:
        if not frame.in_loop:
            self.fail("'continue' is only allowed inside a for loop", node)
        return [self.py.node(ast.Continue)]

    def visit_Break(self, node: nodes.Break, frame: Frame) -> list[ast.stmt]:
        if not frame.in_loop:
            self.fail("'break' is only allowed inside a for loop", node)
        return [self.py.node(ast.Break)]


# Template nodes whose code always passes the render context to something.
_CALLING_NODES = frozenset(
    {nodes.Call, nodes.Macro, nodes.CallBlock, nodes.Include, nodes.Import, nodes.FromImport}
)
# The names code generation asks ``find_undeclared`` about: ``_survey`` marks where in the
# tree they occur, so that those walks skip everything else.
_SPECIAL_NAMES = frozenset({"self", "super", "loop", "caller", "kwargs", "varargs"})

# -- helpers bound in every function prologue that needs them ----------------------------------

_HELPER_BINDINGS: dict[str, Callable[[P.Builder], ast.stmt]] = {
    "t_resolve": lambda py: py.assign("t_resolve", py.attr(py.name("t_ctx"), "resolve")),
    "t_undefined": lambda py: py.assign(
        "t_undefined", py.attr(py.name("environment"), "undefined")
    ),
    "t_getattr": lambda py: py.assign("t_getattr", py.attr(py.name("environment"), "getattr")),
    "t_getitem": lambda py: py.assign("t_getitem", py.attr(py.name("environment"), "getitem")),
    "t_item_or_undefined": lambda py: py.assign(
        "t_item_or_undefined", py.attr(py.name("environment"), "_item_or_undefined")
    ),
}


def _single_append(stmts: list[ast.stmt], buffer: str) -> ast.expr | None:
    """``x`` if ``stmts`` is exactly ``buffer.append(x)`` (with ``x`` a str), else None."""
    if len(stmts) != 1 or not isinstance(stmts[0], ast.Expr):
        return None
    call = stmts[0].value
    if (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == "append"
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id == buffer
        and isinstance(call.args[0], ast.JoinedStr | ast.Constant)
    ):
        return call.args[0]
    return None


def _stored_names(target: nodes.Node) -> list[str]:
    if isinstance(target, nodes.Name):
        return [target.name]
    if isinstance(target, nodes.Tuple):
        names: list[str] = []
        for item in target.items:
            names.extend(_stored_names(item))
        return names
    return []


def _as_load(target: nodes.Node) -> nodes.Expr:
    """A copy of an assignment target that reads the same names back."""
    if isinstance(target, nodes.Name):
        return nodes.Name(target.name, "param", lineno=target.lineno, span=target.span)
    if isinstance(target, nodes.Tuple):
        return nodes.Tuple(
            [_as_load(item) for item in target.items],
            "load",
            lineno=target.lineno,
            span=target.span,
        )
    raise TemplateRuntimeError(f"can't read back {type(target).__name__}")


def generate(
    template: nodes.Template,
    environment: Environment,
    name: str | None,
    filename: str | None,
    source: str | None = None,
    defer_init: bool = False,
) -> ast.Module:
    """The Python module AST for ``template``."""
    generator = environment.code_generator_class(environment, name, filename, source, defer_init)
    return generator.generate(template)


def iter_unlocated(module: ast.Module) -> Iterator[ast.AST]:
    """Nodes of a generated module lacking an explicit position (should be none)."""
    yield from P.unlocated(module)
