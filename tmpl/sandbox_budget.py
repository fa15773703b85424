"""The sandbox's per-render budget: what a render has used against its limits, and how
values are measured.

In: the :class:`~tmpl.sandbox.SandboxLimits` a render starts from, and what a check is shown
before an operation runs (a value about to be printed, compared or hashed; a width, a repeat
count, a format string).  Out: a ``_Budget`` counting output, loop iterations, nesting depth,
time and the bytes built against those limits, current in the context variable ``_active``
while the render's code runs; a ``ResourceLimitExceeded`` when something would go over.

Knows nothing of environments and templates: ``tmpl.sandbox`` decides which limits a render
gets and installs its budget; ``tmpl.sandbox_guards`` runs the checks around filters, tests,
output, loops and operators.  The errors and ``MAX_NESTING`` are public as ``tmpl.sandbox``'s,
which re-exports them.
"""

from __future__ import annotations

import operator
import sys
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from contextvars import ContextVar
from itertools import chain, compress
from time import monotonic
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .exceptions import SecurityError
from .utils import Namespace

if TYPE_CHECKING:
    from .sandbox import SandboxLimits

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


# --- the per-render budget --------------------------------------------------------------------

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


# Their public home is tmpl.sandbox: tracebacks, pickles and the documentation name them
# there, as they did before this module was split out of it.
for _public in (
    ResourceLimitExceeded, OutputLimitExceeded, IterationLimitExceeded, RangeLimitExceeded,
    RecursionLimitExceeded, TimeLimitExceeded, ArithmeticLimitExceeded,
    AllocationLimitExceeded,
):  # fmt: skip
    _public.__module__ = "tmpl.sandbox"
del _public
