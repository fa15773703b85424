"""A sandbox for templates written by untrusted users.

In: template source from someone you do not trust, and the values you choose to pass it.
Out: rendered text, or a :class:`~tmpl.exceptions.SecurityError` when the template reaches
for Python internals, mutates what it must not, or exceeds a resource limit.

Two layers, both reached through hooks the generated code calls when
``environment.sandboxed`` is true:

- **What a template may touch** (Jinja2's sandbox semantics): every attribute, item, call and
  intercepted operator goes through :class:`SandboxedEnvironment`'s ``getattr``, ``getitem``,
  ``call``, ``call_binop``/``call_unop``.  Private and internal attributes, ``str.format``
  reaching attributes, and (in :class:`ImmutableSandboxedEnvironment`) mutation of lists,
  dicts, sets and deques are refused.
- **How much a render may consume** (beyond Jinja2): a per-render budget
  (:class:`SandboxLimits`) for output, loop iterations, nesting depth, wall-clock time, the size
  of any one value and the total size of everything built.  The budget lives in a context
  variable for the duration of a render; :class:`SandboxedTemplate` installs it around the
  root render function, so includes, imports, ``extends`` and macros called later share it.
  Nothing relies on the operating system: the checks run in the hooks, between operations.
"""

from __future__ import annotations

import ast
import functools
import operator
import sys
import types
from _string import formatter_field_name_split  # type: ignore[import-not-found]
from collections import abc, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields, replace
from itertools import chain, compress
from string import Formatter
from time import monotonic
from typing import TYPE_CHECKING, Any, TypeVar

from markupsafe import EscapeFormatter, Markup, escape

from . import filters as _filters
from . import nodes
from . import pyast as P
from . import tests as _tests
from .compiler import CodeGenerator
from .defaults import (
    BLOCK_END_STRING,
    BLOCK_START_STRING,
    COMMENT_END_STRING,
    COMMENT_START_STRING,
    KEEP_TRAILING_NEWLINE,
    LINE_COMMENT_PREFIX,
    LINE_STATEMENT_PREFIX,
    LSTRIP_BLOCKS,
    NEWLINE_SEQUENCE,
    TRIM_BLOCKS,
    VARIABLE_END_STRING,
    VARIABLE_START_STRING,
)
from .environment import Environment, Template
from .exceptions import SecurityError
from .runtime import (
    BlockReference,
    Context,
    LoopContext,
    Macro,
    Undefined,
    markup_join,
    str_join,
    t_call,
)
from .utils import Namespace, PassArg, concat, generate_lorem_ipsum

if TYPE_CHECKING:
    from .bccache import BytecodeCache
    from .compiler import Frame
    from .ext import Extension
    from .loaders import BaseLoader

F = TypeVar("F", bound=Callable[..., Any])

__all__ = [
    "DEFAULT_LIMITS",
    "MAX_NESTING",
    "MAX_RANGE",
    "AllocationLimitExceeded",
    "ArithmeticLimitExceeded",
    "ImmutableSandboxedEnvironment",
    "IterationLimitExceeded",
    "OutputLimitExceeded",
    "RangeLimitExceeded",
    "RecursionLimitExceeded",
    "ResourceLimitExceeded",
    "SandboxLimits",
    "SandboxedCodeGenerator",
    "SandboxedEnvironment",
    "SandboxedEscapeFormatter",
    "SandboxedFormatter",
    "SandboxedTemplate",
    "SecurityError",
    "TimeLimitExceeded",
    "is_internal_attribute",
    "modifies_known_mutable",
    "safe_range",
    "unsafe",
]

#: The most items ``range`` may produce in a sandbox when no render limits say otherwise
#: (Jinja2's value; the per-render limit is ``SandboxLimits.max_range``).
MAX_RANGE = 100_000

#: Attributes of functions that expose internals (Python 2 spellings; every Python 3
#: internal is a dunder, refused by name).
UNSAFE_FUNCTION_ATTRIBUTES: set[str] = {
    "func_closure",
    "func_code",
    "func_dict",
    "func_defaults",
    "func_globals",
}
#: Attributes of bound methods that expose internals (Python 2 spellings, as above).
UNSAFE_METHOD_ATTRIBUTES: set[str] = {"im_class", "im_func", "im_self"}
# The three sets below are Jinja2's public names, kept for code that reads them; the policy
# refuses every attribute with the prefix.
#: Generator attributes reaching frames and code (every ``gi_`` attribute is refused).
UNSAFE_GENERATOR_ATTRIBUTES = {"gi_frame", "gi_code", "gi_yieldfrom"}
#: Coroutine attributes reaching frames and code (every ``cr_`` attribute is refused).
UNSAFE_COROUTINE_ATTRIBUTES = {"cr_frame", "cr_code", "cr_await"}
#: Async generator attributes reaching frames and code (every ``ag_`` attribute is refused).
UNSAFE_ASYNC_GENERATOR_ATTRIBUTES = {"ag_code", "ag_frame", "ag_await"}

# Methods that change a builtin mutable object.  deque comes first: it is registered as a
# MutableSequence, and its own methods (appendleft...) would otherwise be missed.
_MUTABLE_SPEC: tuple[tuple[type, frozenset[str]], ...] = (
    (
        deque,
        frozenset(
            {
                "append", "appendleft", "clear", "extend", "extendleft", "insert", "pop",
                "popleft", "remove", "reverse", "rotate",
            }
        ),
    ),
    (
        abc.MutableSet,
        frozenset(
            {
                "add", "clear", "difference_update", "discard", "intersection_update", "pop",
                "remove", "symmetric_difference_update", "update",
            }
        ),
    ),
    (
        abc.MutableMapping,
        frozenset(
            {"clear", "move_to_end", "pop", "popitem", "setdefault", "subtract", "update"}
        ),
    ),
    (
        abc.MutableSequence,
        frozenset({"append", "clear", "extend", "insert", "pop", "remove", "reverse", "sort"}),
    ),
)  # fmt: skip

# Objects whose every attribute is internal: frames, code, tracebacks, and the engine's
# own configuration and render state (a template has no business reconfiguring either).
_INTERNAL_TYPES = (types.CodeType, types.TracebackType, types.FrameType, Environment, Context)
# Attribute names of plain dicts: ``d.name`` on a dict is its item unless it names a method.
_DICT_ATTRIBUTES = frozenset(dir(dict))


# --- errors -------------------------------------------------------------------------------


class ResourceLimitExceeded(SecurityError):
    """A render went over one of its :class:`SandboxLimits`."""


class OutputLimitExceeded(ResourceLimitExceeded):
    """The render produced more than ``max_output`` characters."""


class IterationLimitExceeded(ResourceLimitExceeded):
    """Loops ran more than ``max_iterations`` times in one render."""


class RangeLimitExceeded(IterationLimitExceeded, OverflowError):
    """``range`` was asked for more than ``max_range`` items.  An ``OverflowError`` too, as
    Jinja2 raises for the same case."""


class RecursionLimitExceeded(ResourceLimitExceeded):
    """Calls, includes, imports or ``extends`` nested deeper than ``max_depth``."""


class TimeLimitExceeded(ResourceLimitExceeded):
    """The render ran longer than ``timeout`` seconds."""


class ArithmeticLimitExceeded(ResourceLimitExceeded):
    """One operation would build a value larger than ``max_size`` (characters, items) or a
    number wider than ``max_int_bits``: ``'x' * 10**9``, ``2 ** 10**9``,
    ``'%999999999s' % x``, ``'{:999999999}'.format(x)``, ``x|center(10**9)``..."""


class AllocationLimitExceeded(ResourceLimitExceeded):
    """The values built during the render add up to more than ``max_allocation`` bytes."""


# --- limits and the per-render budget ------------------------------------------------------


@dataclass(frozen=True)
class SandboxLimits:
    """The resource limits of one render.  ``None`` lifts a limit.

    The defaults are meant to be safe for untrusted templates on a shared server: a template
    that hits one is almost certainly hostile or broken.
    """

    #: Characters the render may output (what ``render`` returns or ``generate`` yields).
    max_output: int | None = 10_000_000
    #: Loop iterations per render, all ``{% for %}`` loops together.
    max_iterations: int | None = 1_000_000
    #: Items one ``range(...)`` call may produce.
    max_range: int | None = MAX_RANGE
    #: How deeply calls (macros, ``caller``, ``loop(...)``, ``self.block()``...) and
    #: includes, imports and ``extends`` may nest.
    max_depth: int | None = 100
    #: Wall-clock seconds per render.
    timeout: float | None = 5.0
    #: The largest value one operation may build or process: characters of a string, items
    #: of a container (counted through nested containers, strings by their length).
    max_size: int | None = 10_000_000
    #: Bytes (as ``sys.getsizeof`` counts them) of all strings and containers the render
    #: builds, added up; text buffered in macros, ``{% set %}`` blocks and loops included.
    max_allocation: int | None = 100_000_000
    #: Bits of an integer result of ``*`` or ``**``.
    max_int_bits: int | None = 65_536

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if value is not None and (isinstance(value, bool) or value < 0):
                raise ValueError(f"{field.name} must be a non-negative number or None")

    def replace(self, **changes: int | float | None) -> SandboxLimits:
        """A copy with ``changes`` applied."""
        return replace(self, **changes)  # type: ignore[arg-type]


#: The limits of a :class:`SandboxedEnvironment` created without ``limits=``.
DEFAULT_LIMITS = SandboxLimits()

_UNLIMITED = sys.maxsize


class _Budget:
    """What one render has used so far, against its limits."""

    __slots__ = (
        "limits", "deadline", "output", "iterations", "depth", "allocated", "max_output",
        "max_iterations", "max_range", "max_depth", "max_size", "max_allocation",
        "max_int_bits",
    )  # fmt: skip

    def __init__(self, limits: SandboxLimits) -> None:
        self.limits = limits
        self.deadline = float("inf") if limits.timeout is None else monotonic() + limits.timeout
        self.output = self.iterations = self.depth = self.allocated = 0
        self.max_output = _cap(limits.max_output)
        self.max_iterations = _cap(limits.max_iterations)
        self.max_range = _cap(limits.max_range)
        self.max_depth = _cap(limits.max_depth)
        self.max_size = _cap(limits.max_size)
        self.max_allocation = _cap(limits.max_allocation)
        self.max_int_bits = _cap(limits.max_int_bits)

    def check_time(self) -> None:
        if monotonic() > self.deadline:
            raise TimeLimitExceeded(
                f"the render took longer than {self.limits.timeout} seconds (limit: timeout)"
            )

    def step(self) -> None:
        """One loop iteration."""
        self.iterations += 1
        if self.iterations > self.max_iterations:
            raise IterationLimitExceeded(
                f"loops ran more than {self.max_iterations} times in one render"
                " (limit: max_iterations)"
            )
        # Every call and lookup in the loop body checks the clock too; an empty body
        # can run 64 times between checks.
        if not self.iterations & 63:
            self.check_time()

    def enter(self) -> None:
        """One level deeper into calls or included templates."""
        self.depth += 1
        if self.depth > self.max_depth:
            self.depth -= 1
            raise RecursionLimitExceeded(
                f"calls, includes and imports nested more than {self.max_depth} levels deep"
                " (limit: max_depth)"
            )

    def count_output(self, size: int) -> None:
        self.output += size
        if self.output > self.max_output:
            raise OutputLimitExceeded(
                f"the template produced more than {self.max_output} characters of output"
                " (limit: max_output)"
            )

    def check_size(self, size: int, what: str) -> None:
        """Refuse an operation whose result would hold ``size`` characters or items."""
        if size > self.max_size:
            raise ArithmeticLimitExceeded(
                f"{what} would build a value of {size} characters or items, more than"
                f" {self.max_size} (limit: max_size)"
            )

    def check_bits(self, bits: int, what: str) -> None:
        if bits > self.max_int_bits:
            raise ArithmeticLimitExceeded(
                f"{what} would build a {bits}-bit number, wider than {self.max_int_bits} bits"
                " (limit: max_int_bits)"
            )

    def charge(self, nbytes: int) -> None:
        """Count ``nbytes`` of newly built values."""
        self.allocated += nbytes
        if self.allocated > self.max_allocation:
            raise AllocationLimitExceeded(
                f"the template built more than {self.max_allocation} bytes of values"
                " (limit: max_allocation)"
            )

    def charge_value(self, value: Any, what: str) -> None:
        """Check and count a value an operation just built (strings, bytes, containers with
        the items made with them, namespaces)."""
        if isinstance(value, _SIZED):
            self.check_size(len(value), what)
            nbytes = sys.getsizeof(value)
            if value and not isinstance(value, str | bytes | bytearray):
                nbytes += _fresh_bytes(value)
            self.charge(nbytes)
        elif type(value) is int:
            self.check_bits(value.bit_length(), what)
        elif isinstance(value, Namespace):
            self.charge(sys.getsizeof(vars(value)) + _fresh_bytes(vars(value)))


def _fresh_bytes(container: Any) -> int:
    """Bytes of the items nothing but ``container`` refers to: the items made with it
    (``split()``'s strings, ``batch``'s lists, ``range|list``'s numbers), as opposed to
    items it shares with other values.  Runs at C speed: a list of 10**6 items takes ms."""
    if isinstance(container, dict):
        return _fresh_bytes(container.keys()) + _fresh_bytes(container.values())
    # Through map(), an item only the container holds has two references: the container's
    # and the argument's.  The flags are made first: compress() holds the item it is
    # deciding on, which would count as a third reference.
    fresh = list(map((2).__ge__, map(sys.getrefcount, container)))
    return sum(map(sys.getsizeof, compress(container, fresh)))


def _cap(limit: int | None) -> int:
    return _UNLIMITED if limit is None else limit


_SIZED = (str, bytes, bytearray, list, tuple, dict, set, frozenset, deque)

# The budget of the render running in this thread / task, if any.
_active: ContextVar[_Budget | None] = ContextVar("tmpl_sandbox_budget", default=None)
# Per-render overrides: (environment, limits) pairs, innermost last.
_overrides: ContextVar[tuple[tuple[SandboxedEnvironment, SandboxLimits], ...]] = ContextVar(
    "tmpl_sandbox_overrides", default=()
)


def _drive(pieces: Iterator[str], budget: _Budget) -> Iterator[str]:
    """Run a whole render under ``budget``, counting what it yields.

    The budget is made current only while the render's code runs (each step), so two
    renders streamed side by side in one thread never see each other's budget.
    """
    while True:
        token = _active.set(budget)
        try:
            piece = next(pieces, None)
        finally:
            _active.reset(token)
        if piece is None:
            return
        budget.output += len(piece)
        if budget.output > budget.max_output:
            budget.count_output(0)
        yield piece


def _nested(pieces: Iterator[str], budget: _Budget) -> Iterator[str]:
    """An included, imported or parent template inside a render: one level deeper."""
    budget.enter()
    try:
        yield from pieces
    finally:
        budget.depth -= 1


# --- public helpers (Jinja2's sandbox API) ----------------------------------------------------


def safe_range(*args: int) -> range:
    """``range`` for sandboxed templates: refuses ranges longer than the render's
    ``max_range`` (``MAX_RANGE`` outside a render) with :class:`RangeLimitExceeded`."""
    rng = range(*args)
    budget = _active.get()
    limit = budget.max_range if budget is not None else MAX_RANGE
    try:
        too_big = len(rng) > limit
    except OverflowError:
        too_big = True
    if too_big:
        raise RangeLimitExceeded(
            f"range too big: the sandbox allows ranges of at most {limit} items (limit: max_range)"
        )
    return rng


def unsafe(f: F) -> F:
    """Mark a function or method as never callable from a sandboxed template (put
    ``@unsafe`` above the ``def`` of, say, a model's ``delete`` method)."""
    f.unsafe_callable = True  # type: ignore[attr-defined]
    return f


def is_internal_attribute(obj: Any, attr: str) -> bool:
    """Whether ``attr`` of ``obj`` exposes Python internals: any dunder, every attribute of
    frames, code objects, tracebacks, environments and contexts, ``gi_``/``cr_``/``ag_``
    attributes of generators and coroutines, ``mro`` of classes.  For overriding
    :meth:`SandboxedEnvironment.is_safe_attribute`.

    >>> is_internal_attribute(str, "mro")
    True
    >>> is_internal_attribute(str, "upper")
    False
    """
    if attr.startswith("__"):
        return True
    policy = _attribute_policy(type(obj))
    if policy is None or policy is True:
        return policy is True
    if isinstance(policy, str):
        return attr.startswith(policy)
    return isinstance(policy, frozenset) and attr in policy


_POLICIES: dict[type, bool | str | frozenset[str] | None] = {}


def _attribute_policy(kind: type) -> bool | str | frozenset[str] | None:
    """Which non-dunder attributes of ``kind``'s instances are internal: all (True), those
    with a prefix (str), those named (frozenset), or none.  Cached per type: it is asked
    for every attribute a template reads."""
    try:
        return _POLICIES[kind]
    except KeyError:
        pass
    if len(_POLICIES) > 4096:  # classes made on the fly must not grow the cache for ever
        _POLICIES.clear()
    policy = _POLICIES[kind] = _find_attribute_policy(kind)
    return policy


def _find_attribute_policy(kind: type) -> bool | str | frozenset[str] | None:
    if issubclass(kind, _INTERNAL_TYPES):
        return True
    if issubclass(kind, types.FunctionType):
        return frozenset(UNSAFE_FUNCTION_ATTRIBUTES)
    if issubclass(kind, types.MethodType):
        return frozenset(UNSAFE_FUNCTION_ATTRIBUTES | UNSAFE_METHOD_ATTRIBUTES)
    if issubclass(kind, type):
        return frozenset({"mro"})
    if issubclass(kind, types.GeneratorType):
        return "gi_"
    if issubclass(kind, types.CoroutineType):
        return "cr_"
    if issubclass(kind, types.AsyncGeneratorType):
        return "ag_"
    return None


def modifies_known_mutable(obj: Any, attr: str) -> bool:
    """Whether calling ``obj.attr`` would change a builtin mutable object (list, dict, set,
    deque, bytearray or anything registered with the matching ``collections.abc`` class).
    ``obj`` may be the class itself: ``dict.update(d, ...)`` changes ``d``.

    >>> modifies_known_mutable({}, "clear")
    True
    >>> modifies_known_mutable({}, "keys")
    False
    >>> modifies_known_mutable([], "append")
    True
    >>> modifies_known_mutable(dict, "update")
    True
    >>> modifies_known_mutable("foo", "upper")
    False
    """
    for kind, methods in _MUTABLE_SPEC:
        if isinstance(obj, kind) or (isinstance(obj, type) and issubclass(obj, kind)):
            return attr in methods
    return False


# --- measuring nested values ------------------------------------------------------------------

_LEAF_TYPES = frozenset({int, float, bool, complex, type(None), str, Markup, bytes})
# The types most values have, checked first on the hot paths.
_SCALARS = frozenset({str, Markup, int, float, bool, type(None)})
_DICT_VIEWS: tuple[type, ...] = (type({}.keys()), type({}.values()), type({}.items()))
_WALKED = (list, tuple, set, frozenset, dict, deque, Namespace, *_DICT_VIEWS)
# Containers that answer ``in`` by hashing what is looked for.
_HASHED: tuple[type, ...] = (set, frozenset, dict, type({}.keys()))
_END = object()
# How deeply a value may nest before printing, comparing or hashing it is refused.  CPython
# gives up on printing and comparing at its recursion limit (1000) anyway, but hashes nested
# tuples without any limit and crashes the interpreter on deep ones.
MAX_NESTING = 1000


def _children(node: Any) -> Iterator[Any]:
    if isinstance(node, Namespace):
        node = vars(node)
    if isinstance(node, dict):
        return chain.from_iterable(node.items())
    return iter(node)


def _leaf_size(node: Any) -> int:
    if isinstance(node, str | bytes):
        return len(node)
    return 1


def _flat_size(node: Any) -> int | None:
    """The size of a container holding only scalars and strings, at C speed; None if it
    holds other containers."""
    if isinstance(node, dict | Namespace):
        return None
    kinds = set(map(type, node))
    if not kinds <= _LEAF_TYPES:
        return None
    if kinds <= {str, Markup, bytes}:
        return len(node) + 1 + sum(map(len, node))
    return len(node) + 1 + sum(len(x) for x in node if isinstance(x, str | bytes))


def _expanded_size(value: Any, limit: int) -> int:
    """How much work printing, comparing or hashing ``value`` does: 1 per item, strings by
    their length, every path to a shared part counted (as ``repr`` and ``==`` walk them).

    Shared parts are measured once (memoized), so this runs in time linear in the objects
    held, even when the expansion is exponential.  Stops early once past ``limit``.  A
    reference back to an enclosing container counts 1, as ``repr`` prints ``[...]``.
    Raises :class:`RecursionLimitExceeded` for values nested deeper than ``MAX_NESTING``.
    """
    if not isinstance(value, _WALKED):
        return _leaf_size(value)  # a scalar or string (``{{ 1|tojson }}``)
    flat = _flat_size(value)
    if flat is not None:
        return flat
    memo: dict[int, int] = {}
    on_path = {id(value)}
    stack: list[tuple[Any, Iterator[Any]]] = [(value, _children(value))]
    totals = [1]
    while True:
        node, children = stack[-1]
        child = next(children, _END)
        if child is _END:
            stack.pop()
            total = totals.pop()
            memo[id(node)] = total
            on_path.discard(id(node))
            if not stack:
                return total
            totals[-1] += total
        elif not isinstance(child, _WALKED):
            totals[-1] += _leaf_size(child)
        elif id(child) in memo:
            totals[-1] += memo[id(child)]
        elif id(child) in on_path:
            totals[-1] += 1
        else:
            flat = _flat_size(child)
            if flat is not None:
                memo[id(child)] = flat
                totals[-1] += flat
            else:
                if len(stack) >= MAX_NESTING:
                    raise RecursionLimitExceeded(
                        f"this value nests more than {MAX_NESTING} levels deep; it cannot be"
                        " printed, compared or hashed safely"
                    )
                on_path.add(id(child))
                stack.append((child, _children(child)))
                totals.append(1)
                continue
        if totals[-1] > limit:
            return totals[-1]


def _guard_structure(budget: _Budget, value: Any) -> None:
    """Refuse to print, compare or hash a nested value whose expansion exceeds ``max_size``
    (a template can share sub-lists to build one with 2**60 paths in 60 lines)."""
    if type(value) not in _SCALARS and isinstance(value, _WALKED):
        size = _expanded_size(value, budget.max_size)
        if size > budget.max_size:
            raise ArithmeticLimitExceeded(
                f"printing, comparing or hashing this {type(value).__name__} would walk more"
                f" than {budget.max_size} items (limit: max_size)"
            )


# --- size estimates for operations that allocate beyond their inputs --------------------------


def _as_int(value: Any) -> int | None:
    try:
        return operator.index(value)
    except TypeError:
        return None


def _argument(
    args: Sequence[Any], kwargs: Mapping[str, Any], index: int, name: str, default: Any
) -> Any:
    if len(args) > index:
        return args[index]
    return kwargs.get(name, default)


def _count_number(text: str, start: int) -> tuple[int, int]:
    end = start
    while end < len(text) and text[end].isdigit():
        end += 1
    return (int(text[start:end]) if end > start else 0), end


def _percent_padding(fmt: str, values: Any) -> int:
    """The characters the widths and precisions of printf-style ``fmt`` can add, with ``*``
    taken from ``values`` (the right operand of ``%``)."""
    positional = values if isinstance(values, tuple) else (values,)
    next_value = 0
    total = 0
    i = fmt.find("%")
    while i != -1:
        i += 1
        if i < len(fmt) and fmt[i] == "(":
            depth = 1
            i += 1
            while i < len(fmt) and depth:
                depth += {"(": 1, ")": -1}.get(fmt[i], 0)
                i += 1
        while i < len(fmt) and fmt[i] in "-#0 +":
            i += 1
        for part in ("width", "precision"):
            if part == "precision":
                if i >= len(fmt) or fmt[i] != ".":
                    break
                i += 1
            if i < len(fmt) and fmt[i] == "*":
                star = _as_int(positional[next_value]) if next_value < len(positional) else None
                next_value += 1
                total += abs(star or 0)
                i += 1
            else:
                number, i = _count_number(fmt, i)
                total += number
        while i < len(fmt) and fmt[i] in "hlL":
            i += 1
        if i < len(fmt) and fmt[i] != "%":
            next_value += 1
        i = fmt.find("%", i + 1)
    return total


def _spec_padding(spec: str) -> int:
    """The characters the width and precision of a ``str.format`` spec can add."""
    i = 0
    if len(spec) >= 2 and spec[1] in "<>=^":
        i = 2
    elif spec[:1] in ("<", ">", "=", "^"):
        i = 1
    while i < len(spec) and spec[i] in "+- z#0":
        i += 1
    width, i = _count_number(spec, i)
    while i < len(spec) and spec[i] in ",_":
        i += 1
    precision = 0
    if i < len(spec) and spec[i] == ".":
        precision, i = _count_number(spec, i + 1)
    return width + precision


def _text_method_estimate(
    receiver: Any, name: str, args: Sequence[Any], kwargs: Mapping[str, Any]
) -> int | None:
    """The length a str/bytes method's result can reach, for the methods whose result can
    be far larger than their inputs; None for the others."""
    size = len(receiver)
    if name in ("center", "ljust", "rjust", "zfill"):
        width = _as_int(_argument(args, kwargs, 0, "width", 0))
        return None if width is None else max(size, width)
    if name == "expandtabs":
        tabsize = _as_int(_argument(args, kwargs, 0, "tabsize", 8))
        tab = "\t" if isinstance(receiver, str) else b"\t"
        return None if tabsize is None else size + receiver.count(tab) * max(tabsize, 0)
    if name == "replace" and len(args) >= 2:
        old, new = args[0], args[1]
        count = _as_int(_argument(args, kwargs, 2, "count", -1))
        try:
            occurrences = size + 1 if len(old) == 0 else receiver.count(old)
            growth = len(new) - len(old)
        except TypeError:
            return None
        if count is not None and count >= 0:
            occurrences = min(occurrences, count)
        return size + occurrences * max(growth, 0)
    if name == "translate" and args and isinstance(receiver, str) and isinstance(args[0], Mapping):
        longest = max((len(v) for v in args[0].values() if isinstance(v, str)), default=1)
        return size * max(longest, 1)
    return None


def _join_estimate(separator: Any, items: Sequence[Any]) -> int:
    texts = sum(len(item) for item in items if isinstance(item, str | bytes))
    return texts + max(len(items) - 1, 0) * len(separator)


# --- the sandboxed str.format ----------------------------------------------------------------


class SandboxedFormatter(Formatter):
    """``str.format`` for sandboxed templates: fields like ``{0.attr}`` and ``{0[key]}``
    are looked up through the environment's ``getattr``/``getitem``, and widths, precisions
    and the values printed are checked against the render's limits."""

    def __init__(self, env: Environment, **kwargs: Any) -> None:
        self._env = env
        super().__init__(**kwargs)

    def get_field(
        self, field_name: str, args: Sequence[Any], kwargs: Mapping[str, Any]
    ) -> tuple[Any, str]:
        first, rest = formatter_field_name_split(field_name)
        obj = self.get_value(first, args, kwargs)
        for is_attr, key in rest:
            obj = self._env.getattr(obj, key) if is_attr else self._env.getitem(obj, key)
        return obj, first

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        _guard_structure(_budget_for(self._env), value)
        return super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> Any:
        budget = _budget_for(self._env)
        budget.check_size(_spec_padding(format_spec), "the format spec " + repr(format_spec[:20]))
        _guard_structure(budget, value)
        rv = super().format_field(value, format_spec)
        budget.charge_value(rv, "str.format")
        return rv


class SandboxedEscapeFormatter(SandboxedFormatter, EscapeFormatter):
    """:class:`SandboxedFormatter` that escapes what it inserts (``Markup.format``)."""


def _budget_for(env: Environment) -> _Budget:
    """The running render's budget, or a fresh one with ``env``'s limits for an operation
    done outside any render (its per-operation limits still apply)."""
    budget = _active.get()
    if budget is None:
        limits = (
            env._effective_limits() if isinstance(env, SandboxedEnvironment) else DEFAULT_LIMITS
        )
        budget = _Budget(limits)
    return budget


# --- guarded filters and tests ----------------------------------------------------------------

# Filters and tests that never print, compare or hash their arguments' contents (so large
# values pass without being walked).  ``map``/``select`` & co. are lazy: the filters and
# tests they apply per item are guarded themselves.
_SHALLOW_FUNCTIONS = frozenset(
    {
        len, abs, _filters.do_first, _filters.do_last, _filters.do_default, _filters.do_attr,
        _filters.do_random, _filters.do_list, _filters.do_batch, _filters.do_slice,
        _filters.do_reverse, _filters.do_map, _filters.do_select, _filters.do_reject,
        _filters.do_selectattr, _filters.do_rejectattr, _filters.do_items, _filters.do_round,
        _filters.do_int, _filters.do_float, _filters.do_sum, _filters.do_filesizeformat,
    }
)  # fmt: skip
# Tests that compare their arguments; every other built-in test looks at the surface only.
_COMPARING_TESTS = frozenset(
    {operator.eq, operator.ne, operator.lt, operator.le, operator.gt, operator.ge, _tests.test_in}
)

# Filters whose result is one of their inputs (nothing new to count).
_PASS_THROUGH_FILTERS = frozenset(
    {
        _filters.do_first, _filters.do_last, _filters.do_random, _filters.do_default,
        _filters.do_attr, _filters.do_min, _filters.do_max,
    }
)  # fmt: skip


def _check_center(budget: _Budget, args: list[Any], kwargs: dict[str, Any]) -> None:
    width = _as_int(_argument(args, kwargs, 1, "width", 80))
    budget.check_size(max(width or 0, 0), "center")


def _check_indent(budget: _Budget, args: list[Any], kwargs: dict[str, Any]) -> None:
    width = _argument(args, kwargs, 1, "width", 4)
    indent = len(width) if isinstance(width, str) else max(_as_int(width) or 0, 0)
    text = str(args[0])
    budget.check_size(len(text) + (text.count("\n") + 1) * indent, "indent")


def _check_format(budget: _Budget, args: list[Any], kwargs: dict[str, Any]) -> None:
    text = str(args[0])
    budget.check_size(len(text) + _percent_padding(text, kwargs or tuple(args[1:])), "format")


def _check_replace(budget: _Budget, args: list[Any], kwargs: dict[str, Any]) -> None:
    if len(args) >= 3:
        replace = [str(args[1]), str(args[2]), *args[3:]]
        budget.check_size(
            _text_method_estimate(str(args[0]), "replace", replace, kwargs) or 0, "replace"
        )


def _check_join(budget: _Budget, args: list[Any], kwargs: dict[str, Any]) -> None:
    if not isinstance(args[0], list | tuple):
        args[0] = list(args[0])
    separator = str(_argument(args, kwargs, 1, "d", ""))
    budget.check_size(_join_estimate(separator, args[0]), "join")


def _check_wordwrap(budget: _Budget, args: list[Any], kwargs: dict[str, Any]) -> None:
    text = str(args[0])
    width = max(_as_int(_argument(args, kwargs, 1, "width", 79)) or 1, 1)
    wrapstring = str(_argument(args, kwargs, 3, "wrapstring", None) or "\n")
    budget.check_size(len(text) + (len(text) // width + 1) * len(wrapstring), "wordwrap")


def _check_urlize(budget: _Budget, args: list[Any], kwargs: dict[str, Any]) -> None:
    # Every link (at least 4 characters) can gain the attributes and some markup.
    text = str(args[0])
    extra = sum(len(str(kwargs.get(k) or "")) for k in ("target", "rel"))
    extra += sum(len(str(a or "")) for a in args[2:])
    budget.check_size(len(text) + (len(text) // 4 + 1) * (extra + 64), "urlize")


def _check_tojson(budget: _Budget, args: list[Any], kwargs: dict[str, Any]) -> None:
    indent = _argument(args, kwargs, 1, "indent", None)
    width = len(indent) if isinstance(indent, str) else _as_int(indent) or 0
    budget.check_size(_expanded_size(args[0], budget.max_size) * (1 + max(width, 0)), "tojson")


def _check_batch(budget: _Budget, args: list[Any], kwargs: dict[str, Any]) -> None:
    if _argument(args, kwargs, 2, "fill_with", None) is not None:
        linecount = _as_int(_argument(args, kwargs, 1, "linecount", 0))
        budget.check_size(max(linecount or 0, 0), "batch")


def _check_unique(budget: _Budget, args: list[Any], kwargs: dict[str, Any]) -> None:
    # unique hashes every item into a set: keep it stoppable (see _TimedIterator).
    args[0] = _TimedIterator(args[0], budget)


def _check_slice(budget: _Budget, args: list[Any], kwargs: dict[str, Any]) -> None:
    slices = max(_as_int(_argument(args, kwargs, 1, "slices", 0)) or 0, 0)
    budget.check_size(slices, "slice")
    # Each slice is a new list, however few items there are.
    budget.charge(slices * sys.getsizeof([]))


# Pre-checks for the built-in filters whose output can dwarf their input (or that hash it).
# Each gets the arguments from the filtered value on, and may replace them (a lazy iterable
# made a list).
_FILTER_CHECKS: dict[Any, Callable[[_Budget, list[Any], dict[str, Any]], None]] = {
    _filters.do_center: _check_center,
    _filters.do_indent: _check_indent,
    _filters.do_format: _check_format,
    _filters.do_replace: _check_replace,
    _filters.do_join: _check_join,
    _filters.do_wordwrap: _check_wordwrap,
    _filters.do_urlize: _check_urlize,
    _filters.do_tojson: _check_tojson,
    _filters.do_batch: _check_batch,
    _filters.do_unique: _check_unique,
    _filters.do_slice: _check_slice,
}


def _sum_sequences(items: Iterable[Any], start: Any, budget: _Budget) -> Any:
    """``sum(items, start)`` for lists and tuples in linear time: the builtin copies the
    running total at every step, quadratic in the result."""
    items = list(items)
    if not all(type(item) is type(start) for item in items):
        return None
    total = len(start) + sum(map(len, items))
    budget.check_size(total, "sum")
    return type(start)(chain(start, *items))


class _GuardedRegistry(dict[str, Callable[..., Any]]):
    """The environment's filters or tests: each one is handed out wrapped so that its
    arguments are checked and its result is counted against the running render."""

    def __init__(self, functions: Mapping[str, Callable[..., Any]], kind: str) -> None:
        super().__init__(functions)
        self.kind = kind
        self._wrapped: dict[str, tuple[Callable[..., Any], Callable[..., Any]]] = {}

    def _guard(self, name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        cached = self._wrapped.get(name)
        if cached is not None and cached[0] is func:
            return cached[1]
        wrapper = _guarded_function(func, self.kind == "filter")
        self._wrapped[name] = (func, wrapper)
        return wrapper

    def __getitem__(self, name: str) -> Callable[..., Any]:
        return self._guard(name, super().__getitem__(name))

    def get(self, name: str, default: Any = None) -> Any:
        func = super().get(name)
        if func is None:
            return default
        return self._guard(name, func)


def _guarded_function(func: Callable[..., Any], is_filter: bool) -> Callable[..., Any]:
    skip = 0 if PassArg.from_obj(func) is None else 1
    walks = func not in _SHALLOW_FUNCTIONS if is_filter else func in _COMPARING_TESTS
    membership = func is _tests.test_in
    check = _FILTER_CHECKS.get(func) if is_filter else None
    sums = func is _filters.do_sum
    counts = is_filter and func not in _PASS_THROUGH_FILTERS
    what = f"the {getattr(func, '__name__', 'filter')} filter"

    @functools.wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        budget = _active.get()
        if budget is None:
            return func(*args, **kwargs)
        if walks:
            for arg in chain(args[skip:], kwargs.values()) if kwargs else args[skip:]:
                if type(arg) not in _SCALARS and not (membership and isinstance(arg, _HASHED)):
                    _guard_structure(budget, arg)
        if sums:
            start = _argument(args[skip + 1 :], kwargs, 1, "start", 0)
            attribute = _argument(args[skip + 1 :], kwargs, 0, "attribute", None)
            if isinstance(start, list | tuple) and attribute is None:
                total = _sum_sequences(args[skip], start, budget)
                if total is not None:
                    budget.charge_value(total, what)
                    return total
        if check is None:
            rv = func(*args, **kwargs)
        else:
            rest = list(args[skip:])
            check(budget, rest, kwargs)
            rv = func(*args[:skip], *rest, **kwargs)
        if counts:
            if type(rv) is str or type(rv) is Markup:
                # The common case, inlined: filters run once per item of most loops.
                size = len(rv)
                budget.allocated += size
                if size > budget.max_size or budget.allocated > budget.max_allocation:
                    budget.check_size(size, what)
                    budget.charge(0)
            else:
                budget.charge_value(rv, what)
        return rv

    return guarded


def _bounded_lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    """``lipsum`` with its size checked first (``lipsum(10**9)`` would build gigabytes)."""
    budget = _active.get()
    if budget is not None:
        words = (_as_int(n) or 0) * (_as_int(max) or 0)
        budget.check_size(words * 12, "lipsum")
    rv = generate_lorem_ipsum(n, html, min, max)
    if budget is not None:
        budget.charge_value(rv, "lipsum")
    return rv


# --- the code generator and the template -----------------------------------------------------


class SandboxedCodeGenerator(CodeGenerator):
    """Generates the hooks the budget needs beyond Jinja2's: every piece of output passes
    ``environment.guard_output`` as it is made (text piling up in buffers and in the list
    comprehensions of text-only loops is counted before it is joined), and the operands of
    comparisons and dict-literal keys pass ``environment.guard_operand`` (``==``, ``in``
    and hashing walk nested values)."""

    def _guarded(self, value: ast.expr, hook: str = "guard_operand") -> ast.expr:
        if isinstance(value, ast.Constant) or _calls_hook(value, hook):
            return value
        return P.method(P.name("environment"), hook, P.name("t_ctx"), value)

    def emit(self, frame: Frame, value: ast.expr) -> ast.stmt:
        return super().emit(frame, self._guarded(value, "guard_output"))

    def _text_of(
        self, body: Iterable[nodes.Node], frame: Frame, setup: list[ast.stmt]
    ) -> ast.expr | None:
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


def _checked_str(value: Any) -> str:
    budget = _active.get()
    if budget is not None and type(value) is not str:
        _guard_structure(budget, value)
    return str(value)


def _checked_escape(value: Any) -> Markup:
    budget = _active.get()
    if budget is not None:
        _guard_structure(budget, value)
    return escape(value)


def _checked_concat(pieces: Iterable[str]) -> str:
    budget = _active.get()
    if budget is not None:
        pieces = pieces if isinstance(pieces, list) else list(pieces)
        budget.check_size(sum(map(len, pieces)), "collecting output")
        rv = concat(pieces)
        budget.charge(sys.getsizeof(rv))
        return rv
    return concat(pieces)


def _checked_join(join: Callable[[Iterable[Any]], str]) -> Callable[[Iterable[Any]], str]:
    def checked(seq: Iterable[Any]) -> str:
        budget = _active.get()
        if budget is None:
            return join(seq)
        seq = list(seq)
        for item in seq:
            _guard_structure(budget, item)
        budget.check_size(sum(len(item) for item in seq if isinstance(item, str)), "~")
        rv = join(seq)
        budget.charge_value(rv, "~")
        return rv

    return checked


class _SandboxedMacro(Macro):
    """A macro of a sandboxed template.  Called by the application after the render (from
    ``template.module``), it runs under a budget of its own."""

    def __call__(self, *args: Any, **kwargs: Any) -> str:
        if _active.get() is not None:
            return super().__call__(*args, **kwargs)
        token = _active.set(_budget_for(self._environment))
        try:
            return super().__call__(*args, **kwargs)
        finally:
            _active.reset(token)

    __call__.jinja_pass_arg = PassArg.eval_context  # type: ignore[attr-defined]


_NO_ASYNC = (
    "sandboxed environments render synchronously only: the render limits are not enforced"
    " on async renders yet"
)

# The names generated code uses for output and buffers, swapped for checked versions in the
# namespace of every sandboxed template (``str`` is the builtin the code calls to print).
_CHECKED_RUNTIME: dict[str, Any] = {
    "str": _checked_str,
    "t_escape": _checked_escape,
    "t_concat": _checked_concat,
    "t_str_join": _checked_join(str_join),
    "t_markup_join": _checked_join(markup_join),
    "t_Macro": _SandboxedMacro,
}


class SandboxedTemplate(Template):
    """A template of a sandboxed environment: each render (``render``, ``generate``,
    ``stream``, ``module``, ``render_block``...) runs under a fresh budget from the
    environment's limits; templates it includes, imports or extends share it."""

    @classmethod
    def from_code(
        cls,
        environment: Environment,
        code: types.CodeType,
        globals: MutableMapping[str, Any],
        uptodate: Callable[[], bool] | None = None,
    ) -> Template:
        rv = super().from_code(environment, code, globals, uptodate)
        _install_budget(rv, rv.root_render_func.__globals__)
        return rv

    @classmethod
    def from_module_dict(
        cls,
        environment: Environment,
        module_dict: MutableMapping[str, Any],
        globals: MutableMapping[str, Any],
    ) -> Template:
        rv = super().from_module_dict(environment, module_dict, globals)
        _install_budget(rv, module_dict)
        return rv

    def generate_block(self, name: str, *args: Any, **kwargs: Any) -> Iterator[str]:
        pieces = super().generate_block(name, *args, **kwargs)
        if _active.get() is not None:
            return pieces
        return _drive(pieces, _budget_for(self.environment))


def _install_budget(template: Template, namespace: MutableMapping[str, Any]) -> None:
    if template.environment.is_async:
        raise NotImplementedError(_NO_ASYNC)
    namespace.update(_CHECKED_RUNTIME)
    root = template.root_render_func
    environment = template.environment

    def root_render_func(context: Context) -> Iterator[str]:
        budget = _active.get()
        if budget is None:
            return _drive(root(context), _budget_for(environment))
        return _nested(root(context), budget)

    template.root_render_func = root_render_func


# --- the environments -------------------------------------------------------------------------


class _CountedIterator:
    """A loop's iterable, counting each item against the render's iteration budget."""

    __slots__ = ("_iterable", "_iterator", "_budget")

    def __init__(self, iterable: Iterable[Any], budget: _Budget) -> None:
        self._iterable = iterable
        self._iterator = iter(iterable)
        self._budget = budget

    def __iter__(self) -> _CountedIterator:
        return self

    def __next__(self) -> Any:
        item = next(self._iterator)
        budget = self._budget
        budget.iterations += 1
        # Past the limit, or every 64th item (time to look at the clock): the slow path.
        if budget.iterations > budget.max_iterations or not budget.iterations & 63:
            budget.iterations -= 1
            budget.step()
        return item

    def __len__(self) -> int:
        # loop.length asks; a sized iterable answers without being consumed.
        return len(self._iterable)  # type: ignore[arg-type]


class _TimedIterator:
    """The items of an iterable, checking the render's deadline before each one.

    Fed to the C loops that hash items into a dict or set: keys chosen to collide (integers
    a multiple of 2**61 - 1 apart, tuples built to match) make such a loop quadratic, and
    the deadline could not stop it between operations.  It also caps how large a container
    of colliding keys can grow, which bounds every later operation on it.
    """

    __slots__ = ("_iterator", "_budget")

    def __init__(self, iterable: Iterable[Any], budget: _Budget) -> None:
        self._iterator = iter(iterable)
        self._budget = budget

    def __iter__(self) -> _TimedIterator:
        return self

    def __next__(self) -> Any:
        self._budget.check_time()
        return next(self._iterator)


def _timed(value: Any, budget: _Budget, pairs: bool) -> _TimedIterator:
    """``value`` as a deadline-checked iterable meaning the same to ``dict()``/``update``
    (``pairs``: a mapping gives its items) or to a set method (its items or keys)."""
    if pairs and hasattr(value, "keys"):
        return _TimedIterator(((key, value[key]) for key in value.keys()), budget)
    return _TimedIterator(value, budget)


# List methods that compare items (``l.count(x)`` compares x with every item).
_COMPARING_METHODS = frozenset({"count", "index", "remove", "sort"})
# Methods of sets and dicts that hash every item of their arguments.
_HASHING_METHODS = frozenset(
    {
        "update", "union", "intersection", "difference", "symmetric_difference",
        "intersection_update", "difference_update", "symmetric_difference_update",
        "issubset", "issuperset", "isdisjoint",
    }
)  # fmt: skip


def _timed_constructor_arguments(
    budget: _Budget, func: Any, args: tuple[Any, ...]
) -> tuple[Any, ...]:
    """The arguments of ``dict(...)``, ``namespace(...)`` or ``dict.fromkeys(...)``, made
    deadline-checked: these hash every item they are given (see :class:`_TimedIterator`)."""
    if func is dict or func is Namespace:
        return tuple(_timed(arg, budget, True) for arg in args)
    owner = getattr(func, "__self__", None)
    if args and isinstance(owner, type) and issubclass(owner, dict):
        if getattr(func, "__name__", None) == "fromkeys":
            return (_timed(args[0], budget, False), *args[1:])
    return args


# Methods whose calls _check_method_call looks at (any other goes straight through).
_CHECKED_METHODS = frozenset(
    {"center", "ljust", "rjust", "zfill", "expandtabs", "replace", "translate", "join", "to_bytes"}
    | _HASHING_METHODS
    | _COMPARING_METHODS
)

# Builtin methods that hand back an item the container already holds.
_ACCESSOR_METHODS = frozenset({"get", "pop", "popitem", "popleft", "setdefault"})
_BUILTIN_CALLABLES = (
    types.BuiltinFunctionType,
    types.MethodDescriptorType,
    types.WrapperDescriptorType,
    types.MethodWrapperType,
    types.ClassMethodDescriptorType,
    type,
)
_TEMPLATE_CALLABLES = (Macro, LoopContext, BlockReference)
# Callables that cannot carry an ``unsafe_callable`` or ``alters_data`` mark.
_ATTRIBUTELESS_CALLABLES = frozenset(
    {
        types.BuiltinFunctionType, types.MethodDescriptorType, types.WrapperDescriptorType,
        types.MethodWrapperType, types.ClassMethodDescriptorType,
    }
)  # fmt: skip
# What a str.format method can be: bound (builtin or, for Markup, Python), or unbound.
_METHOD_TYPES = frozenset(
    {types.MethodType, types.BuiltinMethodType, types.MethodDescriptorType, types.FunctionType}
)
_MUTABLE_CONTAINERS = (list, dict, set, deque, bytearray)
_MUTATING_METHODS = frozenset().union(*(methods for _, methods in _MUTABLE_SPEC))
# Receivers whose methods build new values the budget counts (an application object's
# methods may hand out what it already holds, and are its own business).
_BUILTIN_VALUES = (*_SIZED, int, float)


def _receiver(func: Any, args: tuple[Any, ...]) -> tuple[Any, str | None]:
    """The object a method call works on and the method's name (``None`` if not a method
    of a builtin type)."""
    if isinstance(func, types.BuiltinMethodType | types.MethodType):
        receiver = getattr(func, "__self__", None)
        if receiver is not None and not isinstance(receiver, type | types.ModuleType):
            return receiver, func.__name__
    elif isinstance(func, types.MethodDescriptorType) and args:
        if isinstance(args[0], func.__objclass__):
            return args[0], func.__name__
    return None, None


class SandboxedEnvironment(Environment):
    """An :class:`~tmpl.Environment` whose templates cannot reach Python internals and
    cannot exhaust the server.

    Attribute and item access refuse private and internal names (an undefined value that
    raises :class:`SecurityError` when used), ``str.format`` is sandboxed wherever it is
    called from, callables marked :func:`unsafe` (or ``alters_data``) raise, ``range`` is
    bounded.  Each render runs under ``limits`` (a :class:`SandboxLimits`; per render, see
    :meth:`limits_override`).  Subclasses override :meth:`is_safe_attribute`,
    :meth:`is_safe_callable`, :meth:`call_binop` and :meth:`call_unop` to tune the policy.
    """

    sandboxed = True
    code_generator_class = SandboxedCodeGenerator
    template_class: type[Template]

    #: The callbacks for binary operators; each instance gets a copy as ``binop_table``.
    default_binop_table: dict[str, Callable[[Any, Any], Any]] = {
        "+": operator.add,
        "-": operator.sub,
        "*": operator.mul,
        "/": operator.truediv,
        "//": operator.floordiv,
        "**": operator.pow,
        "%": operator.mod,
    }
    #: The callbacks for unary operators; each instance gets a copy as ``unop_table``.
    default_unop_table: dict[str, Callable[[Any], Any]] = {
        "+": operator.pos,
        "-": operator.neg,
    }
    #: Binary operators routed through :meth:`call_binop` (any of ``+ - * / // % **``).
    #: Jinja2 intercepts none by default; the sandbox needs these four for its size limits.
    intercepted_binops: frozenset[str] = frozenset({"+", "*", "**", "%"})
    #: Unary operators routed through :meth:`call_unop` (``+``, ``-``).
    intercepted_unops: frozenset[str] = frozenset()

    def __init__(
        self,
        block_start_string: str = BLOCK_START_STRING,
        block_end_string: str = BLOCK_END_STRING,
        variable_start_string: str = VARIABLE_START_STRING,
        variable_end_string: str = VARIABLE_END_STRING,
        comment_start_string: str = COMMENT_START_STRING,
        comment_end_string: str = COMMENT_END_STRING,
        line_statement_prefix: str | None = LINE_STATEMENT_PREFIX,
        line_comment_prefix: str | None = LINE_COMMENT_PREFIX,
        trim_blocks: bool = TRIM_BLOCKS,
        lstrip_blocks: bool = LSTRIP_BLOCKS,
        newline_sequence: str = NEWLINE_SEQUENCE,
        keep_trailing_newline: bool = KEEP_TRAILING_NEWLINE,
        extensions: Sequence[str | type[Extension]] = (),
        optimized: bool = True,
        undefined: type[Undefined] = Undefined,
        finalize: Callable[..., Any] | None = None,
        autoescape: bool | Callable[[str | None], bool] = False,
        loader: BaseLoader | None = None,
        cache_size: int = 400,
        auto_reload: bool = True,
        bytecode_cache: BytecodeCache | None = None,
        enable_async: bool = False,
        *,
        limits: SandboxLimits = DEFAULT_LIMITS,
    ) -> None:
        super().__init__(
            block_start_string, block_end_string, variable_start_string, variable_end_string,
            comment_start_string, comment_end_string, line_statement_prefix,
            line_comment_prefix, trim_blocks, lstrip_blocks, newline_sequence,
            keep_trailing_newline, extensions, optimized, undefined, finalize, autoescape,
            loader, cache_size, auto_reload, bytecode_cache, enable_async,
        )  # fmt: skip
        if enable_async:
            raise NotImplementedError(_NO_ASYNC)
        #: The limits every render starts from.
        self.limits = limits
        self.globals["range"] = safe_range
        self.globals["lipsum"] = _bounded_lipsum
        self.binop_table = dict(self.default_binop_table)
        self.unop_table = dict(self.default_unop_table)

    # The registries are wrapped whenever they are assigned, so a replaced dict is guarded too.
    @property
    def filters(self) -> dict[str, Callable[..., Any]]:
        """The filters, each wrapped so the render's limits apply to it."""
        return self._guarded_filters

    @filters.setter
    def filters(self, value: Mapping[str, Callable[..., Any]]) -> None:
        self._guarded_filters = _GuardedRegistry(value, "filter")

    @property
    def tests(self) -> dict[str, Callable[..., Any]]:
        """The tests, each wrapped so the render's limits apply to it."""
        return self._guarded_tests

    @tests.setter
    def tests(self, value: Mapping[str, Callable[..., Any]]) -> None:
        self._guarded_tests = _GuardedRegistry(value, "test")

    # -- limits ------------------------------------------------------------------------------

    def _effective_limits(self) -> SandboxLimits:
        for env, limits in reversed(_overrides.get()):
            if env is self:
                return limits
        return self.limits

    @contextmanager
    def limits_override(self, **changes: int | float | None) -> Iterator[SandboxLimits]:
        """Change this environment's limits for the renders started inside the ``with``
        block (in this thread or task only)::

            with env.limits_override(timeout=0.5, max_output=100_000):
                html = template.render(user=user)

        Overrides nest; the limits in force are yielded.
        """
        limits = self._effective_limits().replace(**changes)
        token = _overrides.set((*_overrides.get(), (self, limits)))
        try:
            yield limits
        finally:
            _overrides.reset(token)

    # -- policy --------------------------------------------------------------------------------

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Whether a template may read ``obj.attr`` (which is ``value``).  Refused: names
        starting with ``_``, :func:`is_internal_attribute`, and values that are frames, code
        objects, tracebacks, environments or render contexts."""
        if attr.startswith("_") or is_internal_attribute(obj, attr):
            return False
        return _attribute_policy(type(value)) is not True

    def is_safe_callable(self, obj: Any) -> bool:
        """Whether a template may call ``obj``: not if it is marked :func:`unsafe` or, as
        Django does, ``alters_data``."""
        if type(obj) in _ATTRIBUTELESS_CALLABLES:
            return True
        return not (getattr(obj, "unsafe_callable", False) or getattr(obj, "alters_data", False))

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        """The value of an unsafe attribute: undefined, raising :class:`SecurityError`
        when used."""
        return self.undefined(
            f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe.",
            name=attribute,
            obj=obj,
            exc=SecurityError,
        )

    # -- lookups -------------------------------------------------------------------------------

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute`` for sandboxed code (falling back to the item), if safe."""
        budget = _active.get()
        if budget is not None:
            budget.check_time()
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            try:
                return obj[attribute]
            except (TypeError, LookupError):
                pass
        else:
            return self._checked_attribute(obj, attribute, value)
        return self.undefined(obj=obj, name=attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        """``obj[argument]`` for sandboxed code (falling back to a safe attribute for
        string keys)."""
        budget = _active.get()
        if budget is not None:
            budget.check_time()
            _guard_structure(budget, argument)
        try:
            return obj[argument]
        except (TypeError, LookupError):
            if isinstance(argument, str):
                try:
                    attr = str(argument)
                except Exception:
                    pass
                else:
                    try:
                        value = getattr(obj, attr)
                    except AttributeError:
                        pass
                    else:
                        return self._checked_attribute(obj, attr, value)
        return self.undefined(obj=obj, name=argument)

    def _checked_attribute(self, obj: Any, attribute: str, value: Any) -> Any:
        formatter = self.wrap_str_format(value)
        if formatter is not None:
            return formatter
        if self.is_safe_attribute(obj, attribute, value):
            return value
        return self.unsafe_undefined(obj, attribute)

    # -- str.format ----------------------------------------------------------------------------

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """If ``value`` is ``format`` or ``format_map`` of a string (bound, or the unbound
        ``str.format``), a function doing the same through :meth:`format_string`; else
        None.  Done when the method is looked up, so it is sandboxed however it is called
        later (stored in a variable, passed to a filter, called by Python code)."""
        kind = type(value)
        if kind not in _METHOD_TYPES:
            return None
        if value is str.format or value is str.format_map:
            name, bound = value.__name__, None
        elif value is Markup.format or value is Markup.format_map:
            name, bound = value.__name__, None
        elif kind is types.MethodType or kind is types.BuiltinMethodType:
            name = getattr(value, "__name__", "")
            bound = getattr(value, "__self__", None)
            if name not in ("format", "format_map") or not isinstance(bound, str):
                return None
        else:
            return None

        def format(*args: Any, **kwargs: Any) -> str:
            if bound is None:
                if not args or not isinstance(args[0], str):
                    raise TypeError(f"{name}() needs a string to format")
                text, args = args[0], args[1:]
            else:
                text = bound
            if name == "format_map":
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                return self.format_string(text, (), args[0])
            return self.format_string(text, args, kwargs)

        format.__name__ = name
        format.__doc__ = f"``{name}`` sandboxed: fields go through the environment's lookups."
        return format

    def format_string(
        self,
        s: str,
        args: tuple[Any, ...],
        kwargs: Mapping[str, Any],
        format_func: Callable[..., Any] | None = None,
    ) -> str:
        """``s.format(*args, **kwargs)`` (or ``s.format_map(kwargs)``) with fields looked
        up through the sandbox; a :class:`~markupsafe.Markup` ``s`` escapes what it inserts."""
        formatter: SandboxedFormatter
        if isinstance(s, Markup):
            formatter = SandboxedEscapeFormatter(self, escape=s.escape)
        else:
            formatter = SandboxedFormatter(self)
        if format_func is not None and format_func.__name__ == "format_map":
            if len(args) != 1 or kwargs:
                raise TypeError("format_map() takes exactly one argument")
            kwargs = args[0]
            args = ()
        rv = type(s)(formatter.vformat(s, args, kwargs))
        _budget_for(self).charge_value(rv, "str.format")
        return rv

    # -- hooks generated code calls -----------------------------------------------------------

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Call ``obj`` from sandboxed code, if :meth:`is_safe_callable`, within the
        render's depth, time and size limits."""
        budget = _active.get()
        if budget is not None:
            budget.check_time()
        if not self.is_safe_callable(obj):
            raise SecurityError(f"{obj!r} is not safely callable")
        formatter = self.wrap_str_format(obj)
        if formatter is not None:
            obj = formatter
        if budget is None:
            return t_call(context, obj, *args, **kwargs)
        if isinstance(obj, _TEMPLATE_CALLABLES):
            # Macros, caller, loop(...), self.block(): template code, guarded by its own hooks.
            budget.enter()
            try:
                return t_call(context, obj, *args, **kwargs)
            finally:
                budget.depth -= 1
        for arg in chain(args, kwargs.values()):
            if type(arg) not in _SCALARS:
                _guard_structure(budget, arg)
        receiver, method = _receiver(obj, args)
        if method is not None:
            args = self._check_method_call(budget, receiver, method, obj, args, kwargs)
        else:
            args = _timed_constructor_arguments(budget, obj, args)
        mutates = method in _MUTATING_METHODS and isinstance(receiver, _MUTABLE_CONTAINERS)
        size_before = sys.getsizeof(receiver) if mutates else 0
        budget.enter()
        try:
            rv = t_call(context, obj, *args, **kwargs)
        finally:
            budget.depth -= 1
        if mutates:
            budget.check_size(len(receiver), f"{type(receiver).__name__}.{method}")
            budget.charge(max(sys.getsizeof(receiver) - size_before, 0))
        if isinstance(receiver, _BUILTIN_VALUES):
            if method not in _ACCESSOR_METHODS:
                budget.charge_value(rv, f"{type(receiver).__name__}.{method}")
        elif isinstance(obj, _BUILTIN_CALLABLES):
            budget.charge_value(rv, getattr(obj, "__name__", "a call"))
        return rv

    def _check_method_call(
        self,
        budget: _Budget,
        receiver: Any,
        method: str,
        func: Any,
        args: tuple[Any, ...],
        kwargs: Mapping[str, Any],
    ) -> tuple[Any, ...]:
        """Pre-check a method call of a builtin type whose result can dwarf its inputs; the
        (possibly materialized) arguments to call with."""
        if method not in _CHECKED_METHODS:
            return args
        what = f"{type(receiver).__name__}.{method}"
        # An unbound method descriptor takes the receiver as its first argument.
        offset = 1 if isinstance(func, types.MethodDescriptorType) else 0
        rest = args[offset:]
        if isinstance(receiver, str | bytes | bytearray):
            if method == "join" and rest:
                items = rest[0] if isinstance(rest[0], list | tuple) else list(rest[0])
                budget.check_size(_join_estimate(receiver, items), what)
                return (*args[:offset], items, *rest[1:])
            estimate = _text_method_estimate(receiver, method, rest, kwargs)
            if estimate is not None:
                budget.check_size(estimate, what)
        elif type(receiver) is int and method == "to_bytes":
            length = _as_int(_argument(rest, kwargs, 0, "length", 1))
            budget.check_size(length or 0, what)
        elif isinstance(receiver, list | tuple | deque) and method in _COMPARING_METHODS:
            _guard_structure(budget, receiver)
        elif (
            isinstance(receiver, set | frozenset | dict)
            and method in _HASHING_METHODS
            # The builtin methods; an application's own update() gets what it was given.
            and type(func) in _ATTRIBUTELESS_CALLABLES
        ):
            pairs = isinstance(receiver, dict)
            return (*args[:offset], *(_timed(arg, budget, pairs) for arg in rest))
        return args

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """Apply an intercepted binary operator, refusing results beyond the render's
        size limits (``'x' * 10**9``, ``2 ** 10**9``, ``'%999999999s' % x``)."""
        budget = _active.get()
        if budget is None:
            budget = _budget_for(self)
        else:
            budget.check_time()
        what = _OPERATOR_NAMES.get(operator, "an operator")
        if operator == "*":
            _check_product(budget, left, right, what)
        elif operator == "**":
            _check_power(budget, left, right, what)
        elif operator == "%" and isinstance(left, str | bytes):
            _guard_structure(budget, right)
            budget.check_size(len(left) + _percent_padding(str(left), right), what)
        elif operator == "+" and isinstance(left, _SIZED) and isinstance(right, _SIZED):
            budget.check_size(len(left) + len(right), what)
        rv = self.binop_table[operator](left, right)
        budget.charge_value(rv, what)
        return rv

    def call_unop(self, context: Context, operator: str, arg: Any) -> Any:
        """Apply an intercepted unary operator."""
        return self.unop_table[operator](arg)

    def guard_iter(self, context: Context, iterable: Iterable[Any]) -> Iterable[Any]:
        """A loop's iterable, counted against the render's ``max_iterations`` and checked
        against its deadline every 64 items (the loop body's own calls and lookups check it
        too)."""
        return _CountedIterator(iterable, _budget_for(self))

    def guard_output(self, context: Context, piece: str) -> str:
        """An output piece as it is made (before it is yielded or buffered), counted
        against the render's ``max_allocation`` by its length: most pieces are yielded and
        freed at once, and the per-object overhead of those kept in buffers is bounded by
        ``max_iterations``."""
        budget = _active.get()
        if budget is not None:
            budget.charge(len(piece))
        return piece

    def guard_operand(self, context: Context, value: Any) -> Any:
        """An operand of a comparison or a dict-literal key, refused if comparing or
        hashing it would walk more than ``max_size`` items."""
        budget = _active.get()
        if budget is not None and isinstance(value, _WALKED):
            _guard_structure(budget, value)
        return value

    def guard_value(self, context: Context, value: Any) -> Any:
        """A value built by code the other hooks do not see (a slice: ``items[1:]``),
        counted against the render's ``max_size`` and ``max_allocation``."""
        budget = _active.get()
        if budget is not None:
            budget.charge_value(value, "a slice")
        return value

    def guard_container(self, context: Context, value: Any) -> Any:
        """The right operand of ``in``: like :meth:`guard_operand`, except that a set or a
        mapping answers by hashing the left operand and is not walked."""
        if isinstance(value, _HASHED):
            return value
        return self.guard_operand(context, value)


_OPERATOR_NAMES = {op: f"the {op} operator" for op in ("+", "-", "*", "/", "//", "%", "**")}


def _check_product(budget: _Budget, left: Any, right: Any, what: str) -> None:
    if isinstance(left, int) and isinstance(right, int):
        budget.check_bits(left.bit_length() + right.bit_length(), what)
        return
    for sequence, count in ((left, right), (right, left)):
        times = _as_int(count) if isinstance(count, int) else None
        if times is not None and isinstance(sequence, _SIZED):
            budget.check_size(len(sequence) * max(times, 0), what)


def _check_power(budget: _Budget, base: Any, exponent: Any, what: str) -> None:
    if isinstance(base, float | complex) or not isinstance(exponent, int):
        return
    if isinstance(base, int):
        if exponent > 0 and abs(base) > 1:
            budget.check_bits((base.bit_length() - 1) * exponent + 1, what)
    elif exponent > budget.max_int_bits:
        # Some other number type (Fraction...): its size grows with the exponent.
        budget.check_bits(exponent, what)


class ImmutableSandboxedEnvironment(SandboxedEnvironment):
    """A :class:`SandboxedEnvironment` in which templates cannot change lists, dicts, sets,
    deques or bytearrays (see :func:`modifies_known_mutable`), whether through a method
    looked up on the object, through the class (``dict.update(d, ...)``) or through a
    bound method passed in from outside."""

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        return not modifies_known_mutable(obj, attr)

    def is_safe_callable(self, obj: Any) -> bool:
        if not super().is_safe_callable(obj):
            return False
        if isinstance(obj, types.MethodDescriptorType):
            return not modifies_known_mutable(obj.__objclass__, obj.__name__)
        receiver, method = _receiver(obj, ())
        return method is None or not modifies_known_mutable(receiver, method)


SandboxedEnvironment.template_class = SandboxedTemplate
SandboxedTemplate.environment_class = SandboxedEnvironment
