"""The sandbox's checks around what a template does: filters, tests, output, loops, operators.

In: an operation a template is about to run (a filter or test and its arguments, a piece of
output, a loop's iterable, the arguments of ``dict(...)``, the operands of ``*`` and ``**``)
and the running render's ``_Budget`` (from :mod:`tmpl.sandbox_budget`).  Out: the same
operation, checked before it runs and its result counted after it: guarded filter and test
registries, checked versions of the runtime names generated code prints with (``str``,
``t_escape``, ``t_concat``, the ``~`` joins), counted and deadline-checked iterators; a
``ResourceLimitExceeded`` when a limit would be exceeded.

:class:`~tmpl.sandbox.SandboxedEnvironment` installs them: its ``filters`` and ``tests`` are
guarded registries, its hooks (``guard_iter``, ``call``, ``call_binop``) use the iterators
and operator checks, and its templates' namespaces get the checked runtime names.
"""

from __future__ import annotations

import functools
import operator
import sys
from collections.abc import Callable, Iterable, Mapping
from itertools import chain
from typing import Any

from markupsafe import Markup, escape

from . import filters as _filters
from . import sandbox_budget
from . import tests as _tests
from .sandbox_budget import (
    _HASHED,
    _SCALARS,
    _SIZED,
    _argument,
    _as_int,
    _Budget,
    _expanded_size,
    _guard_structure,
    _join_estimate,
    _percent_padding,
    _text_method_estimate,
)
from .utils import Namespace, PassArg, concat, generate_lorem_ipsum

# The running render's budget (see tmpl.sandbox_budget), bound by assignment rather than
# imported by name: CPython compiles ``name.method()`` on a name an import statement binds as
# an attribute load and a call (it expects a module's function there), not as a method call,
# which would add ~30 ns to every ``_active.get()`` the hooks make.
_active = sandbox_budget._active


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


# --- output -----------------------------------------------------------------------------------


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


# --- loops, and the C loops that hash items ---------------------------------------------------


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


# --- operators --------------------------------------------------------------------------------


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
