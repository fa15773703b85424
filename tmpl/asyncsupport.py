"""The runtime of async templates: names generated code uses when ``enable_async=True``.

In: values from the render context, which may be awaitables or async iterables.  Out: plain
values (:func:`auto_await`), async iterators over sync and async iterables alike
(:func:`auto_aiter`), the async ``loop`` object (:class:`AsyncLoopContext`) and macros whose
calls return coroutines (:class:`AsyncMacro`).

Only templates of async environments see these names (:data:`ASYNC_RUNTIME_NAMESPACE` is
merged over :data:`tmpl.runtime.RUNTIME_NAMESPACE` by ``Template.from_code``), so sync
rendering never imports this module.  Nothing here depends on asyncio: the helpers only
``await`` what the template was given, so any event loop (asyncio, trio) can drive a render.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence
from inspect import isawaitable
from types import CoroutineType
from typing import Any

from markupsafe import Markup

from .runtime import EvalContext, LoopContext, Macro, Undefined
from .utils import PassArg, internalcode, missing

__all__ = ["ASYNC_RUNTIME_NAMESPACE", "AsyncLoopContext", "AsyncMacro", "auto_aiter", "auto_await"]

# Types that are never awaitable and that most template values have: checked first because
# ``inspect.isawaitable`` costs an ABC instance check.
_PLAIN_TYPES = frozenset({str, Markup, int, float, bool, list, dict, tuple, type(None)})


async def auto_await(value: Any) -> Any:
    """``value``, awaited first if it is awaitable (a coroutine from an async function)."""
    kind = type(value)
    if kind in _PLAIN_TYPES:
        return value
    if kind is CoroutineType or isawaitable(value):
        return await value
    return value


def auto_aiter(iterable: Any) -> AsyncIterator[Any]:
    """An async iterator over ``iterable``, whether it is async (``__aiter__``) or not."""
    # Undefined values iterate like they do in sync templates (StrictUndefined raises).
    if hasattr(iterable, "__aiter__") and not isinstance(iterable, Undefined):
        return iterable.__aiter__()  # type: ignore[no-any-return]
    # ``iter`` now, not at the first item: a non-iterable fails where sync rendering does.
    return _items_of(iter(iterable))


async def _items_of(iterator: Iterator[Any]) -> AsyncIterator[Any]:
    for item in iterator:
        yield item


async def auto_to_list(value: Any) -> list[Any]:
    """All items of a sync or async iterable as a list."""
    return [item async for item in auto_aiter(value)]


class AsyncLoopContext(LoopContext):
    """The ``loop`` variable of async templates.

    The attributes that look ahead (``length``, ``revindex``, ``revindex0``, ``last``,
    ``nextitem``) may have to wait for the next item of an async iterable, so they are
    awaitable properties; templates await every attribute they read, so ``loop.last`` reads
    the same as in sync templates (Jinja2 does the same).
    """

    _iterator: AsyncIterator[Any]  # type: ignore[assignment]

    @staticmethod
    def _to_iterator(iterable: Any) -> AsyncIterator[Any]:  # type: ignore[override]
        return auto_aiter(iterable)

    @property
    async def length(self) -> int:  # type: ignore[override]
        """The number of items; an iterable without a length is consumed to count it."""
        if self._length is not None:
            return self._length
        try:
            self._length = len(self._iterable)  # type: ignore[arg-type]
        except TypeError:
            rest = [item async for item in self._iterator]
            self._iterator = self._to_iterator(rest)
            self._length = len(rest) + self.index + (self._after is not missing)
        return self._length

    @property
    async def revindex0(self) -> int:  # type: ignore[override]
        """Iterations left after this one."""
        return await self.length - self.index

    @property
    async def revindex(self) -> int:  # type: ignore[override]
        """Iterations left including this one."""
        return await self.length - self.index0

    async def _peek_next(self) -> Any:
        if self._after is missing:
            self._after = await anext(self._iterator, missing)
        return self._after

    @property
    async def last(self) -> bool:  # type: ignore[override]
        """Whether this is the last iteration (looks one item ahead)."""
        return await self._peek_next() is missing

    @property
    async def nextitem(self) -> Any:
        """The next item, undefined on the last iteration."""
        rv = await self._peek_next()
        if rv is missing:
            return self._undefined("there is no next item")
        return rv

    def __aiter__(self) -> AsyncLoopContext:
        return self

    async def __anext__(self) -> tuple[Any, AsyncLoopContext]:
        if self._after is not missing:
            rv = self._after
            self._after = missing
        else:
            rv = await anext(self._iterator)
        self.index = index = self.index + 1
        self.index0 = index - 1
        self.first = index == 1
        self._before = self._current
        self._current = rv
        return rv, self

    def __repr__(self) -> str:
        # The length may only be known after awaiting; a repr cannot await.
        return f"<{type(self).__name__} {self.index}>"


class AsyncMacro(Macro):
    """A macro of an async template: calling it returns a coroutine of its output."""

    @internalcode
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        # As in ``Macro.__call__``: the caller's eval context decides the result's type.
        if args and isinstance(args[0], EvalContext):
            autoescape = args[0].autoescape
            args = args[1:]
        else:
            autoescape = self._default_autoescape
        # Arguments are checked now, so a bad call fails even if it is never awaited.
        return self._invoke(self._bind(args, kwargs), autoescape)

    __call__.jinja_pass_arg = PassArg.eval_context  # type: ignore[attr-defined]

    async def _invoke(self, arguments: Sequence[Any], autoescape: bool) -> str:
        # The function is an ``async def`` in async templates (``Macro`` types it as sync).
        rv: str = await self._func(*arguments)  # type: ignore[misc]
        return Markup(rv) if autoescape else rv


#: Merged over ``RUNTIME_NAMESPACE`` for templates of async environments (with
#: ``t_async_variant`` from :mod:`tmpl.asyncfilters`).
ASYNC_RUNTIME_NAMESPACE: dict[str, Any] = {
    "t_auto_await": auto_await,
    "t_auto_aiter": auto_aiter,
    "t_LoopContext": AsyncLoopContext,
    "t_Macro": AsyncMacro,
}
