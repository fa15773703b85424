"""The built-in tests, used as ``value is name(args)`` in templates.

In: the value left of ``is`` and the test's arguments.  Out: a ``bool``.  The environment
starts from :data:`TESTS` (``Environment.tests``); each test follows Jinja2 3.1 exactly,
including its quirks (``number`` matches booleans, ``sequence`` accepts anything sized and
subscriptable, ``lower``/``upper`` convert with ``str`` first).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Container, Mapping
from typing import TYPE_CHECKING, Any

from .runtime import Undefined
from .utils import pass_environment

if TYPE_CHECKING:
    from .environment import Environment


def test_odd(value: int) -> bool:
    """Whether ``value`` is an odd number."""
    return value % 2 == 1


def test_even(value: int) -> bool:
    """Whether ``value`` is an even number."""
    return value % 2 == 0


def test_divisibleby(value: int, num: int) -> bool:
    """Whether ``value`` is a multiple of ``num`` (``x is divisibleby 3``)."""
    return value % num == 0


def test_defined(value: Any) -> bool:
    """Whether ``value`` exists, i.e. is not :class:`~tmpl.runtime.Undefined`.

    ``{% if user is defined %}``; see also the ``default`` filter.
    """
    return not isinstance(value, Undefined)


def test_undefined(value: Any) -> bool:
    """Whether ``value`` is :class:`~tmpl.runtime.Undefined` (the opposite of ``defined``)."""
    return isinstance(value, Undefined)


@pass_environment
def test_filter(env: Environment, value: str) -> bool:
    """Whether a filter called ``value`` exists: ``{% if "markdown" is filter %}``."""
    return value in env.filters


@pass_environment
def test_test(env: Environment, value: str) -> bool:
    """Whether a test called ``value`` exists: ``{% if "loud" is test %}``."""
    return value in env.tests


def test_none(value: Any) -> bool:
    """Whether ``value`` is ``None`` (``none`` in templates)."""
    return value is None


def test_boolean(value: Any) -> bool:
    """Whether ``value`` is ``True`` or ``False`` itself (not merely truthy or falsy)."""
    return value is True or value is False


def test_false(value: Any) -> bool:
    """Whether ``value`` is the ``False`` object."""
    return value is False


def test_true(value: Any) -> bool:
    """Whether ``value`` is the ``True`` object."""
    return value is True


def test_integer(value: Any) -> bool:
    """Whether ``value`` is an ``int`` other than ``True``/``False``."""
    return isinstance(value, int) and value is not True and value is not False


def test_float(value: Any) -> bool:
    """Whether ``value`` is a ``float``."""
    return isinstance(value, float)


def test_lower(value: str) -> bool:
    """Whether ``value`` (as a string) has cased characters and all of them are lowercase."""
    return str(value).islower()


def test_upper(value: str) -> bool:
    """Whether ``value`` (as a string) has cased characters and all of them are uppercase."""
    return str(value).isupper()


def test_string(value: Any) -> bool:
    """Whether ``value`` is a ``str`` (``Markup`` included)."""
    return isinstance(value, str)


def test_mapping(value: Any) -> bool:
    """Whether ``value`` is a mapping such as a ``dict``."""
    return isinstance(value, Mapping)


def test_number(value: Any) -> bool:
    """Whether ``value`` is any kind of number (``int``, ``float``, ``Decimal``, ``bool``...)."""
    from numbers import Number  # imported on first use: a third of a millisecond at start-up

    return isinstance(value, Number)


def test_sequence(value: Any) -> bool:
    """Whether ``value`` has a length and supports ``[]`` (lists, strings, dicts...)."""
    try:
        len(value)
        value.__getitem__  # noqa: B018 - probing for the attribute is the point
    except Exception:
        return False
    return True


def test_sameas(value: Any, other: Any) -> bool:
    """Whether ``value`` is the very same object as ``other`` (Python's ``is``)."""
    return value is other


def test_iterable(value: Any) -> bool:
    """Whether ``value`` can be looped over."""
    try:
        iter(value)
    except TypeError:
        return False
    return True


def test_escaped(value: Any) -> bool:
    """Whether ``value`` is already HTML-safe (has an ``__html__`` method, like ``Markup``)."""
    return hasattr(value, "__html__")


def test_in(value: Any, seq: Container[Any]) -> bool:
    """Whether ``value`` is contained in ``seq`` (``x is in [1, 2]``)."""
    return value in seq


TESTS: dict[str, Callable[..., bool]] = {
    "odd": test_odd,
    "even": test_even,
    "divisibleby": test_divisibleby,
    "defined": test_defined,
    "undefined": test_undefined,
    "filter": test_filter,
    "test": test_test,
    "none": test_none,
    "boolean": test_boolean,
    "false": test_false,
    "true": test_true,
    "integer": test_integer,
    "float": test_float,
    "lower": test_lower,
    "upper": test_upper,
    "string": test_string,
    "mapping": test_mapping,
    "number": test_number,
    "sequence": test_sequence,
    "iterable": test_iterable,
    "callable": callable,
    "sameas": test_sameas,
    "escaped": test_escaped,
    "in": test_in,
    "==": operator.eq,
    "eq": operator.eq,
    "equalto": operator.eq,
    "!=": operator.ne,
    "ne": operator.ne,
    ">": operator.gt,
    "gt": operator.gt,
    "greaterthan": operator.gt,
    "ge": operator.ge,
    ">=": operator.ge,
    "<": operator.lt,
    "lt": operator.lt,
    "lessthan": operator.lt,
    "<=": operator.le,
    "le": operator.le,
}
"""Every built-in test by name, aliases included; the environment starts from a copy."""
