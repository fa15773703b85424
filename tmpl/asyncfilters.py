"""Async variants of the built-in filters that consume iterables.

In: a filter function looked up while rendering an async template.  Out: the function to
call instead (:func:`async_variant`): for the built-in filters that consume an iterable, a
coroutine function accepting async iterables (async generators, objects with ``__aiter__``)
as well as sync ones; any other filter unchanged.

A variant collects an async iterable into a list and hands it to the sync filter, so each
filter's semantics live in one place (:mod:`tmpl.filters`).  Sync iterables go to the sync
filter untouched: sync data renders exactly as in sync templates.  Two variants do more, as
Jinja2's do: ``first`` reads only the first item of an async iterable, and ``map`` awaits
what the mapped function returns.

Jinja2 has async variants of ``first``, ``groupby``, ``join``, ``list``, ``map``, ``reject``,
``rejectattr``, ``select``, ``selectattr``, ``slice``, ``sum`` and ``unique``; tmpl also
covers ``batch``, ``last``, ``length``/``count``, ``max``, ``min``, ``random``, ``reverse``
and ``sort``, where Jinja2 fails on an async iterable.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any

from . import filters
from .asyncsupport import auto_await, auto_to_list
from .runtime import Undefined
from .utils import PassArg

if TYPE_CHECKING:
    from .environment import Environment

__all__ = ["ASYNC_FILTERS", "async_variant"]


def _is_async_iterable(value: Any) -> bool:
    return hasattr(value, "__aiter__") and not isinstance(value, Undefined)


def _listing(func: Callable[..., Any]) -> Callable[..., Awaitable[Any]]:
    """``func``, with an async iterable as its value argument collected into a list first."""
    # The value follows the context/environment argument a ``pass_*`` filter receives.
    position = 0 if PassArg.from_obj(func) is None else 1

    @functools.wraps(func)
    async def variant(*args: Any, **kwargs: Any) -> Any:
        if len(args) > position and _is_async_iterable(args[position]):
            items = await auto_to_list(args[position])
            args = (*args[:position], items, *args[position + 1 :])
        return func(*args, **kwargs)

    return variant


@functools.wraps(filters.do_first)
async def do_first(environment: Environment, seq: Any) -> Any:
    """The first item of ``seq``; of an async iterable, only that item is read."""
    if _is_async_iterable(seq):
        async for item in seq:
            return item
        return environment.undefined("No first item, sequence was empty.")
    return filters.do_first(environment, seq)


async def _awaiting_each(values: Iterable[Any]) -> AsyncIterator[Any]:
    for value in values:
        yield await auto_await(value)


_map = _listing(filters.do_map)


@functools.wraps(filters.do_map)
async def do_map(*args: Any, **kwargs: Any) -> AsyncIterator[Any]:
    """``map``, as an async generator awaiting each mapped value (an async function's)."""
    return _awaiting_each(await _map(*args, **kwargs))


_LISTING: tuple[Callable[..., Any], ...] = (
    filters.do_batch,
    filters.do_groupby,
    filters.do_join,
    filters.do_last,
    filters.do_list,
    filters.do_max,
    filters.do_min,
    filters.do_random,
    filters.do_reject,
    filters.do_rejectattr,
    filters.do_reverse,
    filters.do_select,
    filters.do_selectattr,
    filters.do_slice,
    filters.do_sort,
    filters.do_sum,
    filters.do_unique,
    len,  # ``length`` and ``count``
)

#: Sync built-in filter -> its async variant.
ASYNC_FILTERS: dict[Callable[..., Any], Callable[..., Any]] = {
    **{func: _listing(func) for func in _LISTING},
    filters.do_first: do_first,
    filters.do_map: do_map,
}


def async_variant(func: Any) -> Any:
    """The async variant of the filter ``func``, or ``func`` itself if it has none."""
    try:
        return ASYNC_FILTERS.get(func, func)
    except TypeError:  # an unhashable callable object: not a built-in filter
        return func
