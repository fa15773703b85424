"""Scope analysis: which template names each frame of generated code reads and writes.

In: the statements of one frame (the template body, a block, a macro, a loop body...) and the
analysis of the frame around it.  Out: a :class:`Symbols` table that maps every template name
the frame touches to the Python local that holds it (``l_<depth>_<name>``) and says how that
local is initialised when the frame starts:

- ``param``: bound by the frame itself (loop targets, macro arguments);
- ``resolve``: looked up in the render context;
- ``alias``: copied from the enclosing frame's local (the frame may rebind it without the
  change leaking outwards: this is Jinja2's "assignments in loops don't leak" rule);
- ``undefined``: assigned later in this frame, undefined until then.

The rules are Jinja2's, so templates see exactly the same values.  The code generator asks for
one table per frame as it enters it, and only reads it afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable
from typing import ClassVar

from . import nodes

PARAM = "param"
RESOLVE = "resolve"
ALIAS = "alias"
UNDEFINED = "undefined"


class Symbols:
    """The names of one frame; ``parent`` is the enclosing frame's table."""

    def __init__(self, parent: Symbols | None = None, level: int | None = None) -> None:
        if level is None:
            level = 0 if parent is None else parent.level + 1
        self.level: int = level
        self.parent = parent
        self.refs: dict[str, str] = {}
        self.loads: dict[str, tuple[str, str | None]] = {}
        self.stores: set[str] = set()

    def _define(self, name: str, load: tuple[str, str | None] | None) -> str:
        ident = f"l_{self.level}_{name}"
        self.refs[name] = ident
        if load is not None:
            self.loads[ident] = load
        return ident

    def find_ref(self, name: str) -> str | None:
        """The Python local for ``name`` here or in an enclosing frame."""
        table: Symbols | None = self
        while table is not None:
            ident = table.refs.get(name)
            if ident is not None:
                return ident
            table = table.parent
        return None

    def ref(self, name: str) -> str:
        """The Python local for ``name``; the analysis guarantees it exists."""
        ident = self.find_ref(name)
        if ident is None:
            raise AssertionError(f"name {name!r} was not analysed for this frame")
        return ident

    def find_load(self, ident: str) -> tuple[str, str | None] | None:
        """How the local ``ident`` is initialised, looking outwards."""
        table: Symbols | None = self
        while table is not None:
            if ident in table.loads:
                return table.loads[ident]
            table = table.parent
        return None

    def copy(self) -> Symbols:
        rv = Symbols(self.parent, self.level)
        rv.refs = dict(self.refs)
        rv.loads = dict(self.loads)
        rv.stores = set(self.stores)
        return rv

    def store(self, name: str) -> None:
        self.stores.add(name)
        if name in self.refs:
            return
        if self.parent is not None:
            outer = self.parent.find_ref(name)
            if outer is not None:
                self._define(name, (ALIAS, outer))
                return
        self._define(name, (UNDEFINED, None))

    def declare_parameter(self, name: str) -> str:
        self.stores.add(name)
        return self._define(name, (PARAM, None))

    def load(self, name: str) -> None:
        if self.find_ref(name) is None:
            self._define(name, (RESOLVE, name))

    def merge_branches(self, branches: list[Symbols]) -> None:
        """Fold the tables of ``if`` branches back into this one.

        A name stored in some branch but not before the ``if`` keeps its outer value (or its
        context value) on the paths that do not store it.
        """
        stored_in_branches: set[str] = set()
        for branch in branches:
            stored_in_branches.update(branch.stores)
        stored_in_branches.difference_update(self.stores)
        for branch in branches:
            self.refs.update(branch.refs)
            self.loads.update(branch.loads)
            self.stores.update(branch.stores)
        for name in stored_in_branches:
            ident = self.ref(name)
            if self.parent is not None:
                outer = self.parent.find_ref(name)
                if outer is not None:
                    self.loads[ident] = (ALIAS, outer)
                    continue
            self.loads[ident] = (RESOLVE, name)

    def dump_stores(self) -> dict[str, str]:
        """Every name stored in this frame or an enclosing one -> its local."""
        rv: dict[str, str] = {}
        table: Symbols | None = self
        while table is not None:
            for name in sorted(table.stores):
                if name not in rv:
                    rv[name] = self.ref(name)
            table = table.parent
        return rv


def analyze_into(symbols: Symbols, node: nodes.Node, branch: str = "body") -> None:
    """Record into ``symbols`` what the frame opened by ``node`` does.

    ``branch`` selects the part of a ``for`` node: ``body``, ``else`` or ``test``.
    """
    visitor = _FrameVisitor(symbols)
    if isinstance(node, nodes.For):
        if branch == "test":
            visitor.visit(node.target, store_as_param=True)
            if node.test is not None:
                visitor.visit(node.test)
            return
        if branch == "body":
            visitor.visit(node.target, store_as_param=True)
            children: Iterable[nodes.Node] = node.body
        else:
            children = node.else_
    elif isinstance(node, nodes.AssignBlock | nodes.OverlayScope):
        children = node.body
    elif isinstance(node, nodes.CallBlock):
        children = node.iter_child_nodes(exclude=("call",))
    elif isinstance(node, nodes.With):
        for target in node.targets:
            visitor.visit(target)
        children = node.body
    else:
        children = node.iter_child_nodes()
    for child in children:
        visitor.visit(child)


class _FrameVisitor:
    """Walks the statements of one frame, stopping at nested frames.

    Methods pass ``store_as_param`` positionally: a ``**kwargs`` call goes through C, and
    CPython 3.12 limits C recursion to far fewer levels than a 1,000-term chain needs.
    """

    # Node class -> its ``visit_<class name>`` function, or None to visit the children.
    _methods: ClassVar[dict[type, Callable[..., None] | None]] = {}

    def __init__(self, symbols: Symbols) -> None:
        self.symbols = symbols

    def visit(self, node: nodes.Node, store_as_param: bool = False) -> None:
        kind = type(node)
        if kind in self._methods:
            method = self._methods[kind]
        else:
            method = self._methods[kind] = getattr(_FrameVisitor, f"visit_{kind.__name__}", None)
        if method is None:
            for child in node.child_nodes():
                self.visit(child, store_as_param)
        else:
            method(self, node, store_as_param)

    def visit_Name(self, node: nodes.Name, store_as_param: bool = False) -> None:
        if store_as_param or node.ctx == "param":
            self.symbols.declare_parameter(node.name)
        elif node.ctx == "store":
            self.symbols.store(node.name)
        elif node.ctx == "load":
            self.symbols.load(node.name)

    def visit_NSRef(self, node: nodes.NSRef, store_as_param: bool = False) -> None:
        self.symbols.load(node.name)

    def visit_If(self, node: nodes.If, store_as_param: bool = False) -> None:
        self.visit(node.test, store_as_param)
        outer = self.symbols

        def branch(body: Iterable[nodes.Node]) -> Symbols:
            self.symbols = table = outer.copy()
            for child in body:
                self.visit(child, store_as_param)
            self.symbols = outer
            return table

        tables = [branch(node.body), branch(node.elif_), branch(node.else_ or ())]
        outer.merge_branches(tables)

    def visit_Macro(self, node: nodes.Macro, store_as_param: bool = False) -> None:
        self.symbols.store(node.name)

    def visit_Import(self, node: nodes.Import, store_as_param: bool = False) -> None:
        self.visit(node.template, store_as_param)
        self.symbols.store(node.target)

    def visit_FromImport(self, node: nodes.FromImport, store_as_param: bool = False) -> None:
        self.visit(node.template, store_as_param)
        for name in node.names:
            self.symbols.store(name[1] if isinstance(name, tuple) else name)

    def visit_Include(self, node: nodes.Include, store_as_param: bool = False) -> None:
        self.visit(node.template, store_as_param)
        for keyword in node.with_values or ():
            self.visit(keyword.value, store_as_param)

    def visit_Assign(self, node: nodes.Assign, store_as_param: bool = False) -> None:
        # The value is evaluated before the target is bound.
        self.visit(node.node, store_as_param)
        self.visit(node.target, store_as_param)

    def visit_For(self, node: nodes.For, store_as_param: bool = False) -> None:
        # Only the iterable belongs to the enclosing frame.
        self.visit(node.iter, store_as_param)

    def visit_CallBlock(self, node: nodes.CallBlock, store_as_param: bool = False) -> None:
        self.visit(node.call, store_as_param)

    def visit_FilterBlock(self, node: nodes.FilterBlock, store_as_param: bool = False) -> None:
        self.visit(node.filter, store_as_param)

    def visit_With(self, node: nodes.With, store_as_param: bool = False) -> None:
        for value in node.values:
            self.visit(value)

    def visit_AssignBlock(self, node: nodes.AssignBlock, store_as_param: bool = False) -> None:
        self.visit(node.target, store_as_param)

    def visit_Scope(self, node: nodes.Scope, store_as_param: bool = False) -> None:
        """Scopes are frames of their own."""

    def visit_Block(self, node: nodes.Block, store_as_param: bool = False) -> None:
        """Blocks are frames of their own."""

    def visit_OverlayScope(self, node: nodes.OverlayScope, store_as_param: bool = False) -> None:
        """Overlay scopes are frames of their own."""


def find_undeclared(
    body: Iterable[nodes.Node], names: Iterable[str], within: Container[int] | None = None
) -> set[str]:
    """Which of ``names`` are read in ``body`` (not counting nested blocks) without being
    assigned first.

    ``within``, if given, holds the ids of the only nodes that can be or contain a Name of
    ``names``; the walk skips every other subtree.
    """
    wanted = set(names)
    found: set[str] = set()

    def walk(node: nodes.Node) -> None:
        if within is not None and id(node) not in within:
            return
        if isinstance(node, nodes.Name):
            if node.ctx == "load" and node.name in wanted:
                found.add(node.name)
            elif node.ctx != "load":
                wanted.discard(node.name)
            return
        if isinstance(node, nodes.Block):
            return
        for child in node.child_nodes():
            walk(child)

    for node in body:
        walk(node)
    return found
