"""The template AST.

In: nothing (this module only defines data). Out: the node classes the parser builds
(``parser``: tokens -> ``nodes.Template``) and the code generator consumes
(``compiler``: ``nodes.Template`` -> ``ast.Module``).

Node names and fields follow Jinja2's, so extensions written against Jinja2's node API port by
changing the import.  Every node produced by the parser also carries a :class:`Span` with its
exact source position; nodes built by extensions may only have a ``lineno``, in which case the
column defaults to 0.
"""

from __future__ import annotations

import operator
from collections import deque
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from markupsafe import Markup

from .runtime import EvalContext as EvalContext  # lives with the render machinery

if TYPE_CHECKING:
    from .environment import Environment

_NodeT = TypeVar("_NodeT", bound="Node")

_binop_to_func: dict[str, Callable[[Any, Any], Any]] = {
    "*": operator.mul,
    "/": operator.truediv,
    "//": operator.floordiv,
    "**": operator.pow,
    "%": operator.mod,
    "+": operator.add,
    "-": operator.sub,
}

_uaop_to_func: dict[str, Callable[[Any], Any]] = {
    "not": operator.not_,
    "+": operator.pos,
    "-": operator.neg,
}

_cmpop_to_func: dict[str, Callable[[Any, Any], Any]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "gt": operator.gt,
    "gteq": operator.ge,
    "lt": operator.lt,
    "lteq": operator.le,
    "in": lambda a, b: a in b,
    "notin": lambda a, b: a not in b,
}


class Span(NamedTuple):
    """A source range: 1-based lines, 0-based character columns, absolute character offsets.

    A named tuple rather than a frozen dataclass: the parser makes one per node, and a tuple
    is built in one C call (``tuple.__new__(Span, fields)``) where the dataclass needed six
    slot setters.  It is immutable and compares by value all the same.
    """

    lineno: int
    col: int
    end_lineno: int
    end_col: int
    offset: int = 0
    end_offset: int = 0

    def to(self, other: Span) -> Span:
        """The span from the start of this one to the end of ``other``."""
        return Span(
            self.lineno, self.col, other.end_lineno, other.end_col, self.offset, other.end_offset
        )


class Impossible(Exception):
    """Raised by :meth:`Expr.as_const` when a node cannot be evaluated at compile time."""


def get_eval_context(node: Node, ctx: EvalContext | None) -> EvalContext:
    if ctx is None:
        if node.environment is None:
            raise RuntimeError(
                "if no eval context is passed, the node must have an attached environment."
            )
        return EvalContext(node.environment)
    return ctx


class Node:
    """Base class of all template nodes.

    ``fields`` name the child data of a node, in constructor order; ``attributes`` name the
    bookkeeping every node has (line number, span, environment).  Both are inherited and
    extended by subclasses; ``abstract`` nodes cannot be instantiated.
    """

    fields: tuple[str, ...] = ()
    attributes: tuple[str, ...] = ("lineno", "span", "environment")
    abstract = True
    # The fields that can hold child nodes: all of them, unless the class that declares the
    # fields says otherwise.  Names and constants, half of all nodes, hold plain values, and
    # every walk over the tree (several per compile) asks each node for its children.
    _child_fields: tuple[str, ...] = ()

    lineno: int
    span: Span | None
    environment: Environment | None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "abstract" not in cls.__dict__:
            cls.abstract = False
        if "fields" in cls.__dict__ and "_child_fields" not in cls.__dict__:
            cls._child_fields = cls.fields

    def __init__(self, *fields: Any, **attributes: Any) -> None:
        if self.abstract:
            raise TypeError("abstract nodes are not instantiable")
        if fields:
            if len(fields) != len(self.fields):
                if not self.fields:
                    raise TypeError(f"{type(self).__name__!r} takes 0 arguments")
                raise TypeError(
                    f"{type(self).__name__!r} takes 0 or {len(self.fields)}"
                    f" argument{'s' if len(self.fields) != 1 else ''}"
                )
            for name, value in zip(self.fields, fields, strict=True):
                setattr(self, name, value)
        for attr in self.attributes:
            setattr(self, attr, attributes.pop(attr, None))
        if attributes:
            raise TypeError(f"unknown attribute {next(iter(attributes))!r}")

    def iter_fields(self, exclude: Any = None, only: Any = None) -> Iterator[tuple[str, Any]]:
        """Yield ``(name, value)`` for each field that is set, optionally filtered."""
        for name in self.fields:
            if (
                (exclude is None and only is None)
                or (exclude is not None and name not in exclude)
                or (only is not None and name in only)
            ):
                try:
                    yield name, getattr(self, name)
                except AttributeError:
                    pass

    def iter_child_nodes(self, exclude: Any = None, only: Any = None) -> Iterator[Node]:
        """Yield the direct child nodes, looking into list fields too."""
        if exclude is None and only is None:
            return iter(self.child_nodes())
        return self._filtered_child_nodes(exclude, only)

    def child_nodes(self) -> list[Node]:
        """The direct child nodes, looking into list fields too.

        A list rather than a generator: every compile walks the tree several times, and
        building a list costs about a quarter less than resuming a generator per child.
        """
        children: list[Node] = []
        for name in self._child_fields:
            item = getattr(self, name, None)
            if type(item) is list:
                for n in item:
                    if isinstance(n, Node):
                        children.append(n)
            elif isinstance(item, Node):
                children.append(item)
        return children

    def _filtered_child_nodes(self, exclude: Any, only: Any) -> Iterator[Node]:
        for _, item in self.iter_fields(exclude, only):
            if isinstance(item, list):
                for n in item:
                    if isinstance(n, Node):
                        yield n
            elif isinstance(item, Node):
                yield item

    def find(self, node_type: type[_NodeT]) -> _NodeT | None:
        """The first descendant of the given type, or ``None``."""
        for result in self.find_all(node_type):
            return result
        return None

    def find_all(self, node_type: type[_NodeT] | tuple[type[_NodeT], ...]) -> Iterator[_NodeT]:
        """Every descendant of the given type(s), depth first, in document order."""
        # Iterative: template trees can be deep, and nested generators cost per level.
        stack = self.child_nodes()
        stack.reverse()
        while stack:
            node = stack.pop()
            if isinstance(node, node_type):
                yield node
            children = node.child_nodes()
            children.reverse()
            stack.extend(children)

    def set_ctx(self, ctx: str) -> Node:
        """Set the ``ctx`` (load, store, param) of this node and every node below it."""
        todo = deque([self])
        while todo:
            node = todo.popleft()
            if "ctx" in node.fields:
                node.ctx = ctx  # type: ignore[attr-defined]
            todo.extend(node.child_nodes())
        return self

    def set_lineno(self, lineno: int, override: bool = False) -> Node:
        """Set the line number of this node and its descendants where it is missing."""
        todo = deque([self])
        while todo:
            node = todo.popleft()
            if "lineno" in node.attributes:
                if node.lineno is None or override:
                    node.lineno = lineno
            todo.extend(node.child_nodes())
        return self

    def set_environment(self, environment: Environment) -> Node:
        """Attach an environment to this node and every node below it."""
        todo = deque([self])
        while todo:
            node = todo.popleft()
            node.environment = environment
            todo.extend(node.child_nodes())
        return self

    def __eq__(self, other: object) -> bool:
        if type(self) is not type(other):
            return NotImplemented
        return tuple(self.iter_fields()) == tuple(other.iter_fields())

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        args = ", ".join(f"{a}={getattr(self, a, None)!r}" for a in self.fields)
        return f"{type(self).__name__}({args})"

    def dump(self) -> str:
        """A compact, constructor-like rendering of the tree, for debugging and snapshots."""
        parts: list[str] = []

        def visit(node: Any) -> None:
            if not isinstance(node, Node):
                parts.append(repr(node))
                return
            parts.append(f"nodes.{type(node).__name__}(")
            for idx, field in enumerate(node.fields):
                if idx:
                    parts.append(", ")
                value = getattr(node, field, None)
                if isinstance(value, list):
                    parts.append("[")
                    for i, item in enumerate(value):
                        if i:
                            parts.append(", ")
                        visit(item)
                    parts.append("]")
                else:
                    visit(value)
            parts.append(")")

        visit(self)
        return "".join(parts)


class Stmt(Node):
    """Base node for all statements."""

    abstract = True


class Helper(Node):
    """Nodes that only exist inside other nodes (pairs, keywords, operands)."""

    abstract = True


class Template(Node):
    """The root of a template's AST."""

    fields = ("body",)
    body: list[Node]


class Output(Stmt):
    """Text and ``{{ expression }}`` output; ``nodes`` mixes TemplateData and expressions."""

    fields = ("nodes",)
    nodes: list[Expr]


class Extends(Stmt):
    """``{% extends template %}``."""

    fields = ("template",)
    template: Expr


class For(Stmt):
    """``{% for target in iter [if test] [recursive] %}body{% else %}else_{% endfor %}``."""

    fields = ("target", "iter", "body", "else_", "test", "recursive")
    target: Node
    iter: Node
    body: list[Node]
    else_: list[Node]
    test: Node | None
    recursive: bool


class If(Stmt):
    """``{% if test %}body{% elif ... %}{% else %}else_{% endif %}``."""

    fields = ("test", "body", "elif_", "else_")
    test: Node
    body: list[Node]
    elif_: list[If]
    else_: list[Node]


class Macro(Stmt):
    """``{% macro name(args=defaults) %}body{% endmacro %}``; ``args`` are Name nodes."""

    fields = ("name", "args", "defaults", "body")
    name: str
    args: list[Name]
    defaults: list[Expr]
    body: list[Node]


class CallBlock(Stmt):
    """``{% call(args) macro(...) %}body{% endcall %}``; the body becomes ``caller``."""

    fields = ("call", "args", "defaults", "body")
    call: Call
    args: list[Name]
    defaults: list[Expr]
    body: list[Node]


class FilterBlock(Stmt):
    """``{% filter name(args) %}body{% endfilter %}``."""

    fields = ("body", "filter")
    body: list[Node]
    filter: Filter


class With(Stmt):
    """``{% with a=1, b=2 %}body{% endwith %}``."""

    fields = ("targets", "values", "body")
    targets: list[Expr]
    values: list[Expr]
    body: list[Node]


class Block(Stmt):
    """``{% block name [scoped] [required] %}body{% endblock %}``."""

    fields = ("name", "body", "scoped", "required")
    name: str
    body: list[Node]
    scoped: bool
    required: bool


class Include(Stmt):
    """``{% include template [ignore missing] [with|without context] %}``.

    ``with_values`` holds the ``Keyword`` nodes of tmpl's ``include ... with name=value``
    extension and ``only`` whether the included template is isolated from the caller.
    """

    fields = ("template", "with_context", "ignore_missing")
    template: Expr
    with_context: bool
    ignore_missing: bool
    with_values: list[Keyword] | None = None
    only: bool = False


class Import(Stmt):
    """``{% import template as target %}``."""

    fields = ("template", "target", "with_context")
    template: Expr
    target: str
    with_context: bool


class FromImport(Stmt):
    """``{% from template import name [as alias], ... %}``.

    ``names`` holds plain strings or ``(name, alias)`` tuples.
    """

    fields = ("template", "names", "with_context")
    template: Expr
    names: list[str | tuple[str, str]]
    with_context: bool


class ExprStmt(Stmt):
    """An expression evaluated for its side effect (``{% do %}``)."""

    fields = ("node",)
    node: Node


class Assign(Stmt):
    """``{% set target = node %}``."""

    fields = ("target", "node")
    target: Expr
    node: Node


class AssignBlock(Stmt):
    """``{% set target | filter %}body{% endset %}``."""

    fields = ("target", "filter", "body")
    target: Expr
    filter: Filter | None
    body: list[Node]


class Expr(Node):
    """Base node for all expressions."""

    abstract = True

    def as_const(self, eval_ctx: EvalContext | None = None) -> Any:
        """The value of the expression at compile time, or raise :class:`Impossible`."""
        raise Impossible()

    def can_assign(self) -> bool:
        """Whether the expression may be the target of an assignment."""
        return False


class BinExpr(Expr):
    """Base for binary operators; ``operator`` holds the Python-level symbol."""

    fields = ("left", "right")
    left: Expr
    right: Expr
    operator: str
    abstract = True

    def as_const(self, eval_ctx: EvalContext | None = None) -> Any:
        eval_ctx = get_eval_context(self, eval_ctx)
        if (
            eval_ctx.environment.sandboxed
            and self.operator in eval_ctx.environment.intercepted_binops  # type: ignore[attr-defined]
        ):
            raise Impossible()
        f = _binop_to_func[self.operator]
        try:
            return f(self.left.as_const(eval_ctx), self.right.as_const(eval_ctx))
        except Exception as e:
            raise Impossible() from e


class UnaryExpr(Expr):
    """Base for unary operators."""

    fields = ("node",)
    node: Expr
    operator: str
    abstract = True

    def as_const(self, eval_ctx: EvalContext | None = None) -> Any:
        eval_ctx = get_eval_context(self, eval_ctx)
        if (
            eval_ctx.environment.sandboxed
            and self.operator in eval_ctx.environment.intercepted_unops  # type: ignore[attr-defined]
        ):
            raise Impossible()
        f = _uaop_to_func[self.operator]
        try:
            return f(self.node.as_const(eval_ctx))
        except Exception as e:
            raise Impossible() from e


class Name(Expr):
    """A variable reference; ``ctx`` is ``load``, ``store`` or ``param``."""

    fields = ("name", "ctx")
    _child_fields = ()
    name: str
    ctx: str

    def can_assign(self) -> bool:
        return self.name not in {"true", "false", "none", "True", "False", "None"}


class NSRef(Expr):
    """``namespace.attr`` as an assignment target."""

    fields = ("name", "attr")
    _child_fields = ()
    name: str
    attr: str

    def can_assign(self) -> bool:
        return True


class Literal(Expr):
    """Base for literals."""

    abstract = True


class Const(Literal):
    """A constant: string, number, boolean or None."""

    fields = ("value",)
    _child_fields = ()
    value: Any

    def as_const(self, eval_ctx: EvalContext | None = None) -> Any:
        return self.value

    @classmethod
    def from_untrusted(
        cls, value: Any, lineno: int | None = None, environment: Environment | None = None
    ) -> Const:
        """A Const for ``value``, refusing values the generated code cannot represent."""
        from .compiler import has_safe_repr

        if not has_safe_repr(value):
            raise Impossible()
        return cls(value, lineno=lineno, environment=environment)


class TemplateData(Literal):
    """Literal template text."""

    fields = ("data",)
    _child_fields = ()
    data: str

    def as_const(self, eval_ctx: EvalContext | None = None) -> str:
        eval_ctx = get_eval_context(self, eval_ctx)
        if eval_ctx.volatile:
            raise Impossible()
        if eval_ctx.autoescape:
            return Markup(self.data)
        return self.data


class Tuple(Literal):
    """A tuple literal or an unpacking target."""

    fields = ("items", "ctx")
    items: list[Expr]
    ctx: str

    def as_const(self, eval_ctx: EvalContext | None = None) -> tuple[Any, ...]:
        eval_ctx = get_eval_context(self, eval_ctx)
        return tuple(x.as_const(eval_ctx) for x in self.items)

    def can_assign(self) -> bool:
        return all(item.can_assign() for item in self.items)


class List(Literal):
    """A list literal."""

    fields = ("items",)
    items: list[Expr]

    def as_const(self, eval_ctx: EvalContext | None = None) -> list[Any]:
        eval_ctx = get_eval_context(self, eval_ctx)
        return [x.as_const(eval_ctx) for x in self.items]


class Dict(Literal):
    """A dict literal; ``items`` are Pair nodes."""

    fields = ("items",)
    items: list[Pair]

    def as_const(self, eval_ctx: EvalContext | None = None) -> dict[Any, Any]:
        eval_ctx = get_eval_context(self, eval_ctx)
        return dict(x.as_const(eval_ctx) for x in self.items)


class Pair(Helper):
    """A key/value pair in a dict literal."""

    fields = ("key", "value")
    key: Expr
    value: Expr

    def as_const(self, eval_ctx: EvalContext | None = None) -> tuple[Any, Any]:
        eval_ctx = get_eval_context(self, eval_ctx)
        return self.key.as_const(eval_ctx), self.value.as_const(eval_ctx)


class Keyword(Helper):
    """A keyword argument ``key=value`` in a call, filter or test."""

    fields = ("key", "value")
    key: str
    value: Expr

    def as_const(self, eval_ctx: EvalContext | None = None) -> tuple[str, Any]:
        eval_ctx = get_eval_context(self, eval_ctx)
        return self.key, self.value.as_const(eval_ctx)


class CondExpr(Expr):
    """``expr1 if test else expr2``; ``expr2`` is None when the else part is left out."""

    fields = ("test", "expr1", "expr2")
    test: Expr
    expr1: Expr
    expr2: Expr | None

    def as_const(self, eval_ctx: EvalContext | None = None) -> Any:
        eval_ctx = get_eval_context(self, eval_ctx)
        if self.test.as_const(eval_ctx):
            return self.expr1.as_const(eval_ctx)
        if self.expr2 is None:
            raise Impossible()
        return self.expr2.as_const(eval_ctx)


class _FilterTestCommon(Expr):
    fields = ("node", "name", "args", "kwargs", "dyn_args", "dyn_kwargs")
    _child_fields = ("node", "args", "kwargs", "dyn_args", "dyn_kwargs")
    node: Expr | None
    name: str
    args: list[Expr]
    kwargs: list[Keyword]
    dyn_args: Expr | None
    dyn_kwargs: Expr | None
    abstract = True


class Filter(_FilterTestCommon):
    """``node | name(args)``; ``node`` is None inside ``{% filter %}`` blocks."""


class Test(_FilterTestCommon):
    """``node is name(args)``."""


class Call(Expr):
    """A call ``node(args, kwargs, *dyn_args, **dyn_kwargs)``."""

    fields = ("node", "args", "kwargs", "dyn_args", "dyn_kwargs")
    node: Expr
    args: list[Expr]
    kwargs: list[Keyword]
    dyn_args: Expr | None
    dyn_kwargs: Expr | None


class Getitem(Expr):
    """Subscript ``node[arg]``."""

    fields = ("node", "arg", "ctx")
    _child_fields = ("node", "arg")
    node: Expr
    arg: Expr
    ctx: str


class Getattr(Expr):
    """Attribute ``node.attr``; ``attr`` is a plain string."""

    fields = ("node", "attr", "ctx")
    _child_fields = ("node",)
    node: Expr
    attr: str
    ctx: str


class Slice(Expr):
    """A slice ``start:stop:step`` inside a subscript."""

    fields = ("start", "stop", "step")
    start: Expr | None
    stop: Expr | None
    step: Expr | None

    def as_const(self, eval_ctx: EvalContext | None = None) -> slice:
        eval_ctx = get_eval_context(self, eval_ctx)

        def const(obj: Expr | None) -> Any:
            return None if obj is None else obj.as_const(eval_ctx)

        return slice(const(self.start), const(self.stop), const(self.step))


class Concat(Expr):
    """String concatenation with ``~``; every operand is converted to a string."""

    fields = ("nodes",)
    nodes: list[Expr]

    def as_const(self, eval_ctx: EvalContext | None = None) -> str:
        eval_ctx = get_eval_context(self, eval_ctx)
        return "".join(str(x.as_const(eval_ctx)) for x in self.nodes)


class Compare(Expr):
    """A (possibly chained) comparison ``expr op1 a op2 b``; ``ops`` are Operand nodes."""

    fields = ("expr", "ops")
    expr: Expr
    ops: list[Operand]

    def as_const(self, eval_ctx: EvalContext | None = None) -> Any:
        eval_ctx = get_eval_context(self, eval_ctx)
        result = value = self.expr.as_const(eval_ctx)
        try:
            for op in self.ops:
                new_value = op.expr.as_const(eval_ctx)
                result = _cmpop_to_func[op.op](value, new_value)
                if not result:
                    return False
                value = new_value
        except Exception as e:
            raise Impossible() from e
        return result


class Operand(Helper):
    """One ``op expr`` step of a Compare; ``op`` is eq, ne, gt, gteq, lt, lteq, in, notin."""

    fields = ("op", "expr")
    op: str
    expr: Expr


class Mul(BinExpr):
    operator = "*"


class Div(BinExpr):
    operator = "/"


class FloorDiv(BinExpr):
    operator = "//"


class Add(BinExpr):
    operator = "+"


class Sub(BinExpr):
    operator = "-"


class Mod(BinExpr):
    operator = "%"


class Pow(BinExpr):
    operator = "**"


class And(BinExpr):
    operator = "and"

    def as_const(self, eval_ctx: EvalContext | None = None) -> Any:
        eval_ctx = get_eval_context(self, eval_ctx)
        return self.left.as_const(eval_ctx) and self.right.as_const(eval_ctx)


class Or(BinExpr):
    operator = "or"

    def as_const(self, eval_ctx: EvalContext | None = None) -> Any:
        eval_ctx = get_eval_context(self, eval_ctx)
        return self.left.as_const(eval_ctx) or self.right.as_const(eval_ctx)


class Not(UnaryExpr):
    operator = "not"


class Neg(UnaryExpr):
    operator = "-"


class Pos(UnaryExpr):
    operator = "+"


class EnvironmentAttribute(Expr):
    """Loads an attribute of the environment (for extensions)."""

    fields = ("name",)
    _child_fields = ()
    name: str


class ExtensionAttribute(Expr):
    """Loads an attribute of a bound extension; see ``Extension.attr``."""

    fields = ("identifier", "name")
    _child_fields = ()
    identifier: str
    name: str


class ImportedName(Expr):
    """A dotted import path, imported when the template module is created."""

    fields = ("importname",)
    _child_fields = ()
    importname: str


class InternalName(Expr):
    """A name the compiler reserved; not reachable from template code."""

    fields = ("name",)
    _child_fields = ()
    name: str

    def __init__(self) -> None:
        raise TypeError(
            "Can't create internal names.  Use the `free_identifier` method on a parser."
        )


class MarkSafe(Expr):
    """Marks the wrapped expression as safe (wraps it in Markup)."""

    fields = ("expr",)
    expr: Expr

    def as_const(self, eval_ctx: EvalContext | None = None) -> Markup:
        eval_ctx = get_eval_context(self, eval_ctx)
        return Markup(self.expr.as_const(eval_ctx))


class MarkSafeIfAutoescape(Expr):
    """Marks the wrapped expression as safe only if autoescaping is active."""

    fields = ("expr",)
    expr: Expr

    def as_const(self, eval_ctx: EvalContext | None = None) -> Any:
        eval_ctx = get_eval_context(self, eval_ctx)
        if eval_ctx.volatile:
            raise Impossible()
        expr = self.expr.as_const(eval_ctx)
        if eval_ctx.autoescape:
            return Markup(expr)
        return expr


class ContextReference(Expr):
    """The current template context (``Context``), for extensions."""


class DerivedContextReference(Expr):
    """The current context including the local variables of the current frame."""


class Continue(Stmt):
    """``{% continue %}``."""


class Break(Stmt):
    """``{% break %}``."""


class Scope(Stmt):
    """An artificial scope."""

    fields = ("body",)
    body: list[Node]


class OverlayScope(Stmt):
    """Runs ``body`` with the dict ``context`` layered over the current variables."""

    fields = ("context", "body")
    context: Expr
    body: list[Node]


class EvalContextModifier(Stmt):
    """Changes eval-context options (``Keyword`` nodes) for the rest of the scope."""

    fields: tuple[str, ...] = ("options",)
    options: list[Keyword]


class ScopedEvalContextModifier(EvalContextModifier):
    """Changes eval-context options for ``body`` only (``{% autoescape %}``)."""

    fields = ("options", "body")
    body: list[Node]
