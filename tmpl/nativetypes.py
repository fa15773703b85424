"""Native rendering: templates that produce Python values instead of text.

In: a template whose output is a single expression or text that spells a Python literal.
Out: that value (``NativeTemplate.render`` returns ``[1, 2]`` for ``{{ [1, 2] }}``, ``3`` for
``{{ 1 + 2 }}``); anything else comes back as a string.
"""

from __future__ import annotations

from ast import literal_eval, parse
from collections.abc import Iterable
from itertools import chain, islice
from types import GeneratorType
from typing import Any

from .compiler import CodeGenerator
from .environment import Environment, Template


def native_concat(values: Iterable[Any]) -> Any | None:
    """Join a render's output into a native value when possible.

    One value is returned as it is (a string is parsed as a literal if it is one); several
    are joined as text and parsed as a literal, falling back to the text.
    """
    head = list(islice(values, 2))
    if not head:
        return None
    if len(head) == 1:
        raw = head[0]
        if not isinstance(raw, str):
            return raw
    else:
        if isinstance(values, GeneratorType):
            values = chain(head, values)
        raw = "".join([str(v) for v in values])
    try:
        return literal_eval(
            # Leading spaces would make the source an indentation error.
            parse(raw, mode="eval")
        )
    except (ValueError, SyntaxError, MemoryError):
        return raw


class NativeCodeGenerator(CodeGenerator):
    """Yields expression values unconverted."""

    native_output = True


class NativeEnvironment(Environment):
    """An environment whose templates render to native Python values."""

    code_generator_class = NativeCodeGenerator
    concat = staticmethod(native_concat)  # type: ignore[assignment]


class NativeTemplate(Template):
    """A template rendering to a native Python value."""

    environment_class = NativeEnvironment

    def render(self, *args: Any, **kwargs: Any) -> Any:
        """Render, then turn the output into a native value (see :func:`native_concat`)."""
        ctx = self.new_context(dict(*args, **kwargs))
        return native_concat(self.root_render_func(ctx))

    async def render_async(self, *args: Any, **kwargs: Any) -> Any:
        """The async version of ``render``."""
        if not self.environment.is_async:
            raise RuntimeError("The environment was not created with async mode enabled.")
        ctx = self.new_context(dict(*args, **kwargs))
        return native_concat([n async for n in self.root_render_func(ctx)])  # type: ignore[attr-defined]


NativeEnvironment.template_class = NativeTemplate
