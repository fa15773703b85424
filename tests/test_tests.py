"""The built-in tests, differentially against Jinja2.

Every test is called directly (as ``Environment.tests[name]``) with the same values in tmpl
and in Jinja2, and used in templates (``is``, ``is not``, ``select``) rendered by both; the
results, or the classes of the exceptions, must be the same.
"""

from __future__ import annotations

import importlib
import types
from decimal import Decimal
from fractions import Fraction
from typing import Any

import jinja2
import pytest
from markupsafe import Markup

import tmpl
from tmpl.defaults import DEFAULT_TESTS
from tmpl.utils import PassArg


class Html:
    def __html__(self) -> str:
        return "<b>"


class Sized:
    """Has a length but no ``__getitem__``: not a sequence."""

    def __len__(self) -> int:
        return 1


class Indexable:
    """Has ``__getitem__`` (so it iterates) but no length."""

    def __getitem__(self, index: int) -> int:
        raise IndexError(index)


UNDEF = ("undefined", "Undefined")
STRICT = ("undefined", "StrictUndefined")
SENTINEL = object()


def resolve(module: types.ModuleType, value: Any) -> Any:
    """Build engine-specific values: ``UNDEF``/``STRICT`` become the engine's undefined."""
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "undefined":
        runtime = importlib.import_module(f"{module.__name__}.runtime")
        return getattr(runtime, value[1])(name="x")
    return value


def call(module: types.ModuleType, name: str, value: Any, args: tuple[Any, ...]) -> Any:
    """Run test ``name`` of ``module``'s engine: its result, or the exception class name."""
    env = module.Environment()
    func = env.tests[name]
    if module is jinja2:
        pass_arg = jinja2.utils._PassArg.from_obj(func)
    else:
        pass_arg = PassArg.from_obj(func)
    first = () if pass_arg is None else (env,)
    try:
        result = func(*first, resolve(module, value), *[resolve(module, a) for a in args])
    except Exception as exc:  # noqa: BLE001 - the exception class is the result
        return ("error", type(exc).__name__)
    return (type(result).__name__, result)


# Values every one-argument test is tried on.
VALUES = [
    0,
    1,
    -3,
    7,
    2.0,
    2.5,
    True,
    False,
    None,
    "",
    "abc",
    "ABC",
    "Abc",
    "123",
    "ß",
    Markup("<b>x</b>"),
    Markup("<B>X</B>"),
    [],
    [1, 2],
    (),
    {},
    {"a": 1},
    set(),
    range(3),
    b"bytes",
    Decimal("1.5"),
    Fraction(1, 3),
    1 + 2j,
    len,
    Html(),
    Sized(),
    Indexable(),
    UNDEF,
    STRICT,
    SENTINEL,
    "filter",
    "upper",
    "odd",
    "no_such_name",
]

UNARY = [
    name
    for name, func in DEFAULT_TESTS.items()
    if name.isalpha()
    and name
    not in {
        "divisibleby",
        "sameas",
        "in",
        "eq",
        "equalto",
        "ne",
        "gt",
        "greaterthan",
        "ge",
        "lt",
        "lessthan",
        "le",
    }
]

BINARY_ARGS = {
    "divisibleby": [3, 2, 0, 2.5, "x", UNDEF],
    "sameas": [None, True, False, 1, SENTINEL, UNDEF],
    "in": [[1, 2, "abc"], "xabcx", {"a": 1}, (), 5, UNDEF, STRICT],
}
for alias in (
    "==",
    "eq",
    "equalto",
    "!=",
    "ne",
    ">",
    "gt",
    "greaterthan",
    "ge",
    ">=",
    "<",
    "lt",
    "lessthan",
    "<=",
    "le",
):
    BINARY_ARGS[alias] = [1, 2.0, "abc", None, [1, 2], UNDEF, STRICT]


def _cases() -> list[Any]:
    cases = []
    for name in UNARY:
        for value in VALUES:
            cases.append(pytest.param(name, value, (), id=f"{name}-{value!r:.25}"))
    for name, args in BINARY_ARGS.items():
        for arg in args:
            for value in VALUES:
                cases.append(
                    pytest.param(name, value, (arg,), id=f"{name}-{value!r:.25}-{arg!r:.20}")
                )
    return cases


@pytest.mark.parametrize(("name", "value", "args"), _cases())
def test_test_matches_jinja2(name, value, args):
    assert call(tmpl, name, value, args) == call(jinja2, name, value, args)


def test_test_names_and_pass_args_match_jinja2():
    theirs = jinja2.defaults.DEFAULT_TESTS
    assert set(DEFAULT_TESTS) == set(theirs)
    for name, func in DEFAULT_TESTS.items():
        ours = PassArg.from_obj(func)
        their = jinja2.utils._PassArg.from_obj(theirs[name])
        assert (ours and ours.name) == (their and their.name), name


def test_every_test_is_covered():
    covered = set(UNARY) | set(BINARY_ARGS)
    assert covered == set(DEFAULT_TESTS)


def test_filter_and_test_tests_see_the_environment():
    env = tmpl.Environment()
    env.filters["shout"] = str.upper
    env.tests["loud"] = str.isupper
    template = env.from_string(
        "{{ 'shout' is filter }} {{ 'loud' is test }} {{ 'nope' is filter }} {{ 'nope' is test }}"
    )
    assert template.render() == "True True False False"


def test_every_public_name_is_documented():
    import tmpl.tests as module

    for name in dir(module):
        obj = getattr(module, name)
        if name.startswith("_") or getattr(obj, "__module__", None) != "tmpl.tests":
            continue
        assert obj.__doc__, name


# --- in templates ---------------------------------------------------------------------


def render(module: types.ModuleType, source: str, context: dict[str, Any], **options: Any):
    """Render with ``module``'s engine: ``("text", output)`` or ``("error", class name)``."""
    if "undefined" in options:
        options["undefined"] = getattr(module, options["undefined"])
    try:
        env = module.Environment(**options)
        return ("text", env.from_string(source).render(context))
    except Exception as exc:  # noqa: BLE001 - the exception class is the result
        return ("error", type(exc).__name__)


TEMPLATES = [
    ("{{ 3 is odd }} {{ 3 is even }} {{ 4 is not odd }}", {}),
    ("{{ 10 is divisibleby 5 }} {{ 10 is divisibleby(3) }}", {}),
    ("{{ x is defined }} {{ x is undefined }} {{ y is defined }}", {"y": None}),
    ("{{ x.attr is defined }} {{ y.attr is defined }}", {"y": {"attr": 0}}),
    ("{{ none is none }} {{ 0 is none }} {{ x is none }}", {}),
    ("{{ true is boolean }} {{ 1 is boolean }} {{ false is false }} {{ 0 is false }}", {}),
    ("{{ true is true }} {{ 1 is true }} {{ True is true }}", {}),
    ("{{ 1 is integer }} {{ true is integer }} {{ 1.0 is integer }} {{ 1.0 is float }}", {}),
    (
        "{{ 1 is number }} {{ true is number }} {{ '1' is number }} {{ d is number }}",
        {"d": Decimal("1")},
    ),
    ("{{ 'a' is string }} {{ s is string }} {{ 1 is string }}", {"s": Markup("x")}),
    ("{{ {} is mapping }} {{ [] is mapping }} {{ m is mapping }}", {"m": {"a": 1}}),
    ("{{ [] is sequence }} {{ 'a' is sequence }} {{ 1 is sequence }} {{ {} is sequence }}", {}),
    (
        "{{ [] is iterable }} {{ 1 is iterable }} {{ x is iterable }} {{ g is iterable }}",
        {"g": range(2)},
    ),
    ("{{ f is callable }} {{ 1 is callable }} {{ range is callable }}", {"f": len}),
    ("{{ x is sameas none }} {{ none is sameas none }} {{ o is sameas o }}", {"o": object()}),
    ("{{ s is escaped }} {{ 'a' is escaped }} {{ ('<'|e) is escaped }}", {"s": Markup("x")}),
    ("{{ 1 is in [1, 2] }} {{ 'b' is in 'abc' }} {{ 3 is in [1] }} {{ 'k' is in {'k': 1} }}", {}),
    ("{{ 'upper' is filter }} {{ 'odd' is test }} {{ 'nope' is filter }} {{ 'x' is test }}", {}),
    ("{{ 'abc' is lower }} {{ 'ABC' is upper }} {{ 'aBc' is lower }} {{ 1 is lower }}", {}),
    ("{{ 1 is eq 1 }} {{ 1 is equalto 1.0 }} {{ 1 is ne 1 }} {{ 1 is ne 2 }}", {}),
    ("{{ 2 is gt 1 }} {{ 2 is greaterthan 2 }} {{ 2 is ge 2 }} {{ 2 is ge 3 }}", {}),
    ("{{ 2 is lt 3 }} {{ 2 is lessthan 2 }} {{ 2 is le 2 }} {{ 2 is le 1 }}", {}),
    (
        "{% for op in ['==', '!=', '>', '>=', '<', '<='] %}"
        "{{ op }}{{ [1, 2, 3]|select(op, 2)|list }} {% endfor %}",
        {},
    ),
    ("{{ 1 is == 1 }}", {}),
    ("{{ [1, 2, 3, 4]|select('odd')|list }} {{ [1, 2, 3]|reject('gt', 1)|list }}", {}),
    (
        "{{ users|selectattr('age', 'ge', 18)|map(attribute='n')|join(',') }}",
        {"users": [{"n": "a", "age": 20}, {"n": "b", "age": 10}]},
    ),
    ("{{ ['a', 1, none]|select('string')|list }} {{ [1, 'a']|reject('number')|list }}", {}),
    ("{{ x is odd }}", {}),
    ("{{ x is divisibleby 0 }}", {"x": 4}),
    ("{{ 'a' is odd }}", {}),
    ("{{ x is lower }} {{ x is upper }} {{ x is in 'abc' }}", {}),
    ("{{ x is defined }}", {}),
    ("{{ x is lower }}", {}),
    ("{{ 1 is nosuchtest }}", {}),
    ("{% if x is not defined %}missing{% endif %}", {}),
    ("{{ x is divisibleby }}", {"x": 4}),
    ("{{ 1 is lt 'a' }}", {}),
    ("{{ 'ǆ' is lower }} {{ 'Σ' is upper }}", {}),
]


@pytest.mark.parametrize("undefined", ["Undefined", "StrictUndefined", "ChainableUndefined"])
@pytest.mark.parametrize(("source", "context"), TEMPLATES)
def test_tests_in_templates_match_jinja2(source, context, undefined):
    expected = render(jinja2, source, context, undefined=undefined)
    assert render(tmpl, source, context, undefined=undefined) == expected
