"""The built-in filters, differentially against Jinja2.

Two tables.  ``CALLS`` calls each filter function directly (as ``Environment.filters[name]``,
with the environment, eval context or context it asks for) in tmpl and in Jinja2 and
compares the results, including their types (``Markup`` or not), undefined results and the
class of any exception.  ``TEMPLATES`` renders the same template and context with both
engines and compares the output or the exception class.
"""

from __future__ import annotations

import importlib
import types
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

import tmpl.filters
from tmpl.defaults import DEFAULT_FILTERS
from tmpl.utils import PassArg

# --- engine-neutral values ------------------------------------------------------------


@dataclass(frozen=True)
class Undef:
    """An undefined value of the named class, built from each engine's own runtime."""

    cls: str = "Undefined"
    name: str = "missing_var"


@dataclass(frozen=True)
class Fresh:
    """A one-shot value (generator, iterator) made anew for each engine."""

    make: Any


UNDEF = Undef()
STRICT = Undef("StrictUndefined")
CHAINABLE = Undef("ChainableUndefined")


def resolve(module: types.ModuleType, value: Any) -> Any:
    """The value for ``module``'s engine: undefined placeholders built, containers walked."""
    if isinstance(value, Undef):
        runtime = importlib.import_module(f"{module.__name__}.runtime")
        return getattr(runtime, value.cls)(name=value.name)
    if isinstance(value, Fresh):
        return value.make()
    if type(value) is list:
        return [resolve(module, v) for v in value]
    if type(value) is dict:
        return {k: resolve(module, v) for k, v in value.items()}
    return value


class User:
    """A plain object for attribute-based filters."""

    def __init__(self, name: str, age: int, active: bool = True, city: str = "x") -> None:
        self.name = name
        self.age = age
        self.active = active
        self.address = {"city": city}

    def __repr__(self) -> str:
        return f"User({self.name!r})"


class Dynamic:
    """Attributes made by ``__getattr__``, which ``attr`` must find."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("dyn_"):
            return name.upper()
        raise AttributeError(name)


class Html:
    """An object with ``__html__``, like a third-party safe string."""

    def __html__(self) -> str:
        return "<em>html</em>"

    def __str__(self) -> str:
        return "<str>"


USERS = [
    User("bob", 30, True, "Paris"),
    User("alice", 17, False, "berlin"),
    User("Carol", 45, True, "paris"),
    User("dave", 17, False, "Berlin"),
]
ROWS = [
    {"name": "a", "city": "Paris", "n": 1, "pos": [3, 1]},
    {"name": "b", "city": "paris", "n": 2, "pos": [1, 2]},
    {"name": "c", "city": "Berlin", "n": 3, "pos": [2, 0]},
    {"name": "d", "n": 4, "pos": [1, 1]},
]
LONG = "The quick brown fox jumps over the lazy dog, again and again, until it tires out."


# --- calling a filter directly in one engine ------------------------------------------


def _first_argument(module: types.ModuleType, func: Any, autoescape: bool) -> tuple[Any, ...]:
    if module is jinja2:
        pass_arg = jinja2.utils._PassArg.from_obj(func)
    else:
        pass_arg = PassArg.from_obj(func)
    if pass_arg is None:
        return ()
    env = module.Environment(autoescape=autoescape)
    if pass_arg.name == "environment":
        return (env,)
    if pass_arg.name == "eval_context":
        return (importlib.import_module(f"{module.__name__}.nodes").EvalContext(env),)
    return (env.from_string("").new_context({}),)


def normalize(module: types.ModuleType, value: Any) -> Any:
    """A comparable form of a result: iterators materialised, type of strings kept,
    undefined values described by class and hint."""
    undefined = importlib.import_module(f"{module.__name__}.runtime").Undefined
    if isinstance(value, undefined):
        return ("undefined", type(value).__name__, value._undefined_hint)
    if isinstance(value, Markup):
        return ("markup", str(value))
    if isinstance(value, str):
        return ("str", value)
    if isinstance(value, tuple):
        return ("tuple", [normalize(module, v) for v in value])
    if isinstance(value, list):
        return ("list", [normalize(module, v) for v in value])
    if isinstance(value, Iterator):
        return ("iterator", [normalize(module, v) for v in value])
    if isinstance(value, float):
        return ("float", repr(value))  # so that nan equals nan
    return (type(value).__name__, value)


def call(module: types.ModuleType, name: str, value: Any, args: tuple, kwargs: dict, ae: bool):
    """Run filter ``name`` in ``module``'s engine: the normalised result or the error class."""
    filters = module.defaults.DEFAULT_FILTERS
    func = filters[name]
    try:
        first = _first_argument(module, func, ae)
        result = func(
            *first,
            resolve(module, value),
            *[resolve(module, a) for a in args],
            **{k: resolve(module, v) for k, v in kwargs.items()},
        )
        return normalize(module, result)
    except Exception as exc:  # noqa: BLE001 - the exception class is the result
        return ("error", type(exc).__name__)


def F(name: str, value: Any, *args: Any, ae: bool = False, id: str | None = None, **kwargs: Any):
    """One direct-call case: ``value|name(*args, **kwargs)`` with autoescape ``ae``."""
    label = id or f"{name}-{value!r:.30}-{args!r:.30}-{kwargs!r:.30}-{'ae' if ae else 'noae'}"
    return pytest.param(name, value, args, kwargs, ae, id=label)


def _for_both_modes(name: str, value: Any, *args: Any, **kwargs: Any) -> list[Any]:
    return [F(name, value, *args, ae=ae, **kwargs) for ae in (False, True)]


CALLS = [
    # abs
    F("abs", -3),
    F("abs", 2.5),
    F("abs", -0.0),
    F("abs", True),
    F("abs", Decimal("-1.5")),
    F("abs", "x"),
    F("abs", UNDEF),
    # attr
    F("attr", USERS[0], "name"),
    F("attr", USERS[0], "nope"),
    F("attr", {"a": 1}, "a"),
    F("attr", Dynamic(), "dyn_x"),
    F("attr", Dynamic(), "other"),
    F("attr", UNDEF, "x"),
    # batch
    F("batch", range(10), 3),
    F("batch", range(10), 3, "x"),
    F("batch", range(9), 3, "x"),
    F("batch", [], 2),
    F("batch", "abcde", 2),
    F("batch", range(3), 0),
    F("batch", UNDEF, 2),
    F("batch", STRICT, 2),
    F("batch", 5, 2),
    # capitalize
    F("capitalize", "hello WORLD"),
    F("capitalize", Markup("<b>foo</b> BAR")),
    F("capitalize", ""),
    F("capitalize", 42),
    F("capitalize", UNDEF),
    F("capitalize", "ǆemal ßig"),
    # center
    F("center", "x", 9),
    F("center", Markup("<a>"), 7),
    F("center", "abc", 2),
    F("center", 5),
    F("center", UNDEF, 4),
    F("center", "x", "9"),
    # count / length
    F("count", "abc"),
    F("length", [1, 2]),
    F("length", {}),
    F("length", UNDEF),
    F("length", 5),
    F("count", Fresh(lambda: iter([1]))),
    F("length", STRICT),
    # default / d
    F("default", UNDEF),
    F("default", UNDEF, "x"),
    F("d", CHAINABLE, "x"),
    F("default", STRICT, "x"),
    F("default", None, "x"),
    F("default", None, "x", True),
    F("default", "", "x", boolean=True),
    F("d", 0, "y", True),
    F("default", "value", "x", True),
    F("default", [], default_value="z", boolean=True),
    # dictsort
    F("dictsort", {"b": 1, "A": 3, "c": 2}),
    F("dictsort", {"b": 1, "A": 3, "c": 2}, True),
    F("dictsort", {"b": 1, "A": 3, "c": 2}, by="value"),
    F("dictsort", {"b": 1, "A": 3, "c": 2}, reverse=True),
    F("dictsort", {"b": "Y", "A": "x", "c": "z"}, False, "value"),
    F("dictsort", {"b": "Y", "A": "x", "c": "z"}, True, "value", True),
    F("dictsort", {"b": 1}, by="other"),
    F("dictsort", {1: 1, "a": 2}),
    F("dictsort", {}),
    F("dictsort", [1]),
    # escape / e
    F("escape", "<&>\"'"),
    F("e", Markup("<b>")),
    F("escape", 5),
    F("escape", None),
    F("escape", UNDEF),
    F("e", Html()),
    # filesizeformat
    *[
        F("filesizeformat", v, binary)
        for v in (0, 1, 2, 999, 1000, 1023, 1024, 1_000_000, 1_048_576, 10**24, 10**30, -5)
        for binary in (False, True)
    ],
    F("filesizeformat", "2048"),
    F("filesizeformat", 1.5),
    F("filesizeformat", "abc"),
    F("filesizeformat", None),
    F("filesizeformat", UNDEF),
    # first / last
    F("first", [1, 2]),
    F("first", []),
    F("first", "abc"),
    F("first", {"k": 1}),
    F("first", Fresh(lambda: (i for i in range(3, 6)))),
    F("first", UNDEF),
    F("first", 5),
    F("last", [1, 2, 3]),
    F("last", []),
    F("last", "abc"),
    F("last", {"k": 1, "j": 2}),
    F("last", Fresh(lambda: (i for i in range(3)))),
    F("last", UNDEF),
    # float
    F("float", "3.5"),
    F("float", "x"),
    F("float", "x", 1.5),
    F("float", None),
    F("float", "1e3"),
    F("float", " 2 "),
    F("float", "nan"),
    F("float", [1]),
    F("float", Decimal("1.25")),
    F("float", UNDEF),
    # forceescape
    F("forceescape", Markup("<b>")),
    F("forceescape", "<b>"),
    F("forceescape", 5),
    F("forceescape", Html()),
    # format
    F("format", "%s-%s", 1, 2),
    F("format", "%(a)s!", a="<x>"),
    F("format", "%s", 1, a=2),
    F("format", Markup("<%s>"), "<x>"),
    F("format", "%d", "x"),
    F("format", "%s %s", 1),
    F("format", "plain"),
    F("format", 5, 1),
    F("format", UNDEF),
    # groupby
    F("groupby", ROWS, "city", default="?"),
    F("groupby", ROWS, "city", default="?", case_sensitive=True),
    F("groupby", ROWS, "city"),
    F("groupby", ROWS, "pos.0"),
    F("groupby", USERS, "age"),
    F("groupby", USERS, "address.city"),
    F("groupby", USERS, "address.city", case_sensitive=True),
    F("groupby", [], "x"),
    F("groupby", UNDEF, "x"),
    F("groupby", [[1, "a"], [0, "b"], [1, "c"]], 0),
    # indent
    *_for_both_modes("indent", "a\nb\n\nc"),
    F("indent", "a\nb\n\nc\n", 2, True),
    F("indent", "a\nb\n\nc\n", 2, True, True),
    F("indent", "a\nb", "--"),
    F("indent", "a\nb", width="> ", first=True),
    F("indent", Markup("<p>\n<b>\n\n</p>"), 1),
    F("indent", Markup("<p>\n<b>"), "<x>", True),
    F("indent", ""),
    F("indent", "", first=True),
    F("indent", "a\r\nb\rc"),
    F("indent", 5),
    F("indent", UNDEF),
    # int
    *[
        F("int", v)
        for v in ("42", "42.9", "-3.7", "z", None, 3.9, "1e3", True, "  12  ", "inf", "nan")
    ],
    F("int", float("nan")),
    F("int", float("inf")),
    F("int", "0x1A", 0, 16),
    F("int", "0b101", 0, 0),
    F("int", "0o17", base=8),
    F("int", "z", 7),
    F("int", "12", base=3),
    F("int", Decimal("2.5")),
    F("int", UNDEF),
    # items
    F("items", {"a": 1, "b": 2}),
    F("items", UNDEF),
    F("items", [1]),
    F("items", None),
    # join
    *_for_both_modes("join", ["a", "b"], ","),
    *_for_both_modes("join", [1, 2, 3]),
    *_for_both_modes("join", ["<a>", Markup("<b>")], "<br>"),
    *_for_both_modes("join", ["<a>", "<b>"], Markup("<br>")),
    *_for_both_modes("join", ["<a>", "<b>"], "&"),
    *_for_both_modes("join", USERS, ", ", "name"),
    *_for_both_modes("join", ROWS, attribute="pos.1"),
    F("join", UNDEF),
    F("join", STRICT),
    F("join", [Html(), "<x>"], ae=True),
    F("join", Fresh(lambda: iter("abc")), "-", ae=True),
    # list
    F("list", "abc"),
    F("list", range(3)),
    F("list", {"a": 1}),
    F("list", UNDEF),
    F("list", 5),
    # lower / upper
    F("lower", "AbC"),
    F("lower", Markup("<B>X</B>")),
    F("lower", 5),
    F("lower", UNDEF),
    F("lower", "İSTANBUL"),
    F("upper", "straße"),
    F("upper", Markup("<b>x</b>")),
    F("upper", None),
    # map
    F("map", USERS, attribute="name"),
    F("map", USERS, attribute="nope", default="?"),
    F("map", USERS, attribute="nope"),
    F("map", USERS, attribute="address.city"),
    F("map", ["a", "B"], "upper"),
    F("map", [[1, 2], [3]], "join", "-"),
    F("map", [None, 1], "default", "z", True),
    F("map", [1, 2]),
    F("map", [1, 2], attribute="x", foo=1),
    F("map", [1], "no_such_filter"),
    F("map", UNDEF, "upper"),
    F("map", [], "upper"),
    F("map", ROWS, attribute="pos.0"),
    # max / min
    *[
        F(name, value, *args, **kwargs)
        for name in ("max", "min")
        for value, args, kwargs in [
            ([3, 1, 2], (), {}),
            (["b", "A", "c"], (), {}),
            (["b", "A", "c"], (True,), {}),
            (USERS, (), {"attribute": "age"}),
            (USERS, (), {"attribute": "name"}),
            (USERS, (), {"attribute": "name", "case_sensitive": True}),
            ([], (), {}),
            ("hello", (), {}),
            (UNDEF, (), {}),
            ([1, "a"], (), {}),
            ({"b": 1, "a": 2}, (), {}),
        ]
    ],
    # pprint
    F("pprint", {"b": [1, 2], "a": "x" * 90}),
    F("pprint", "x"),
    # random (deterministic cases only)
    F("random", []),
    F("random", [5]),
    F("random", "x"),
    F("random", UNDEF),
    # reject / select
    *[
        F(name, value, *args)
        for name in ("select", "reject")
        for value, args in [
            (range(10), ("odd",)),
            ([0, 1, "", "a", None, [], [0]], ()),
            (range(10), ("divisibleby", 3)),
            (range(5), ("in", [1, 3])),
            (range(5), ("==", 3)),
            (range(5), ("no_such_test",)),
            (UNDEF, ("odd",)),
            ([], ("no_such_test",)),
            (["a", 1, None], ("string",)),
        ]
    ],
    # rejectattr / selectattr
    *[
        F(name, value, *args)
        for name in ("selectattr", "rejectattr")
        for value, args in [
            (USERS, ("active",)),
            (USERS, ("age", ">", 18)),
            (USERS, ("address.city", "lower")),
            (USERS, ("name", "in", ["bob", "dave"])),
            (ROWS, ("city", "defined")),
            (USERS, ()),
            (UNDEF, ("x",)),
            (USERS, ("age", "no_such_test")),
        ]
    ],
    # replace
    *_for_both_modes("replace", "aaa", "a", "b"),
    *_for_both_modes("replace", "aaa", "a", "b", 2),
    *_for_both_modes("replace", "aaa", "a", "b", count=0),
    *_for_both_modes("replace", "<a>", "a", "<b>"),
    *_for_both_modes("replace", "<a>", "a", Markup("<b>")),
    *_for_both_modes("replace", "<a>", Markup("<a>"), "x"),
    *_for_both_modes("replace", Markup("<a>"), "a", "<b>"),
    *_for_both_modes("replace", Markup("<a>"), "<a>", "x"),
    *_for_both_modes("replace", 12321, 2, 5),
    *_for_both_modes("replace", UNDEF, "a", "b"),
    # reverse
    F("reverse", "abc"),
    F("reverse", Markup("<a>x")),
    F("reverse", [1, 2, 3]),
    F("reverse", range(3)),
    F("reverse", Fresh(lambda: (i for i in range(3)))),
    F("reverse", {"a": 1, "b": 2}),
    F("reverse", 5),
    F("reverse", UNDEF),
    # round
    F("round", 2.5),
    F("round", 3.14159, 2),
    F("round", 2.1, 0, "ceil"),
    F("round", -2.1, method="floor"),
    F("round", 1234.5678, -2),
    F("round", 1234.5678, -2, "ceil"),
    F("round", 2.675, 2, "floor"),
    F("round", 5),
    F("round", 5, 0, "ceil"),
    F("round", 1.5, method="half"),
    F("round", "3.2"),
    F("round", UNDEF),
    # safe
    F("safe", "<b>"),
    F("safe", 5),
    F("safe", Markup("<b>")),
    F("safe", UNDEF),
    # slice
    F("slice", range(10), 3),
    F("slice", range(10), 3, "x"),
    F("slice", range(9), 3, "x"),
    F("slice", [], 2),
    F("slice", range(3), 5),
    F("slice", range(3), 5, 0),
    F("slice", "abcde", 2),
    F("slice", range(3), 0),
    F("slice", UNDEF, 2),
    # sort
    F("sort", [3, 1, 2]),
    F("sort", ["b", "A", "c", "a"]),
    F("sort", ["b", "A", "c", "a"], case_sensitive=True),
    F("sort", ["b", "A", "c"], True),
    F("sort", USERS, attribute="age"),
    F("sort", USERS, attribute="age,name"),
    F("sort", USERS, attribute="age,name", case_sensitive=True),
    F("sort", USERS, False, False, "address.city"),
    F("sort", ROWS, attribute="pos.0,pos.1"),
    F("sort", [[2, "b"], [1, "c"]], attribute=0),
    F("sort", [1, "a"]),
    F("sort", {"b": 1, "a": 2}),
    F("sort", UNDEF),
    F("sort", USERS, attribute="nope"),
    # string
    F("string", 5),
    F("string", Markup("<b>")),
    F("string", "x"),
    F("string", UNDEF),
    F("string", None),
    F("string", Html()),
    # striptags
    F("striptags", "<b>a</b>  b\n c"),
    F("striptags", Markup("<i>x</i>&amp;")),
    F("striptags", 5),
    F("striptags", "&lt;x&gt; &#39;"),
    F("striptags", "<!-- c -->x <br/> y"),
    F("striptags", Html()),
    F("striptags", UNDEF),
    # sum
    F("sum", [1, 2, 3]),
    F("sum", [1, 2, 3], start=10),
    F("sum", USERS, "age"),
    F("sum", ROWS, attribute="pos.1"),
    F("sum", [0.1, 0.2]),
    F("sum", ["a"]),
    F("sum", []),
    F("sum", [[1], [2]], start=[]),
    F("sum", UNDEF),
    # title
    F("title", "hello world"),
    F("title", "hello-world foo_bar"),
    F("title", "o'neil mc(donald) [x] {y} <z"),
    F("title", Markup("<b>hi</b> there")),
    F("title", ""),
    F("title", "  x  y"),
    F("title", "a\tb\nc"),
    F("title", "HELLO WORLD"),
    F("title", 5),
    F("title", UNDEF),
    # tojson
    F("tojson", {"b": 1, "a": "<x>&'"}),
    F("tojson", {"b": 1, "a": [1, 2]}, 2),
    F("tojson", [1, None, True, 1.5]),
    F("tojson", Markup("<b>")),
    F("tojson", "ünï ☃"),
    F("tojson", object()),
    F("tojson", UNDEF),
    # trim
    F("trim", "  x  "),
    F("trim", "xxaxx", "x"),
    F("trim", Markup(" <b> ")),
    F("trim", "\t\n x \u3000"),
    F("trim", 5),
    F("trim", UNDEF),
    # truncate
    F("truncate", LONG),
    F("truncate", LONG, 20),
    F("truncate", LONG, 20, True),
    F("truncate", LONG, 20, False, "~"),
    F("truncate", LONG, 20, killwords=True, end=""),
    F("truncate", LONG, len(LONG) - 5),
    F("truncate", LONG, len(LONG) - 6),
    F("truncate", LONG, len(LONG) - 5, leeway=0),
    F("truncate", LONG, 10, leeway=100),
    F("truncate", "short"),
    F("truncate", "abcdefghijklmnop", 3),
    F("truncate", "abcdefghijklmnop", 2),
    F("truncate", "abc", 5, leeway=-1),
    F("truncate", "a" * 20, 0, end=""),
    F("truncate", "nospaceshere" * 3, 10),
    F("truncate", "ünïcödé " * 10, 12),
    F("truncate", Markup("<b>bold</b> " * 10), 20),
    F("truncate", [1, 2, 3] * 100, 5),
    F("truncate", 5),
    F("truncate", UNDEF),
    # unique
    F("unique", ["a", "A", "b", "a"]),
    F("unique", ["a", "A", "b", "a"], True),
    F("unique", USERS, attribute="age"),
    F("unique", USERS, attribute="address.city"),
    F("unique", USERS, case_sensitive=True, attribute="address.city"),
    F("unique", [[1], [1]]),
    F("unique", []),
    F("unique", "abcAbc"),
    F("unique", UNDEF),
    # urlencode
    F("urlencode", "a b/c?d"),
    F("urlencode", {"a": "b c", "x": 1, "é": "/"}),
    F("urlencode", [("a", 1), ("b", "&")]),
    F("urlencode", 42),
    F("urlencode", b"by tes"),
    F("urlencode", Markup("<>")),
    F("urlencode", None),
    F("urlencode", UNDEF),
    F("urlencode", [1, 2]),
    # urlize
    *_for_both_modes("urlize", "visit www.example.com or mail a@b.org <now>"),
    F("urlize", "http://example.com/very/long/path", 10),
    F("urlize", "http://example.com", nofollow=True),
    F("urlize", "http://example.com", target="_blank", rel="help"),
    F("urlize", "http://example.com", rel="noopener"),
    F("urlize", "ftp://x.org tel:123 x:y", extra_schemes=["ftp://", "tel:"]),
    F("urlize", "x", extra_schemes=["not a scheme"]),
    F("urlize", "x", extra_schemes=["t:"]),
    F("urlize", Markup("<b>www.x.com</b>")),
    F("urlize", 5),
    F("urlize", UNDEF),
    # wordcount
    F("wordcount", "hello, world! it's 2 o'clock"),
    F("wordcount", ""),
    F("wordcount", Markup("<b>a b</b>")),
    F("wordcount", 5),
    F("wordcount", UNDEF),
    F("wordcount", "ünï cödé_x"),
    # wordwrap
    F("wordwrap", LONG, 10),
    F("wordwrap", LONG * 2),
    F("wordwrap", "supercalifragilistic word", 5, False),
    F("wordwrap", LONG, 15, wrapstring="<br>"),
    F("wordwrap", "well-known hyphen-ated words", 8, break_on_hyphens=False),
    F("wordwrap", "well-known hyphen-ated words", 8),
    F("wordwrap", "para one is here\n\npara two\nline", 6),
    F("wordwrap", "tabs\tand  spaces   kept", 8),
    F("wordwrap", ""),
    F("wordwrap", 5),
    F("wordwrap", UNDEF),
    # xmlattr
    *_for_both_modes("xmlattr", {"class": "a b", "id": 1, "x": None, "u": UNDEF}),
    F("xmlattr", {"class": "a"}, False),
    F("xmlattr", {}),
    F("xmlattr", {"x": None}),
    F("xmlattr", {"title": "\"quoted\" & <tag> 'apos'"}),
    F("xmlattr", {"<b>": 1}),
    F("xmlattr", {"data-x": Markup("<i>")}, ae=True),
    *[F("xmlattr", {key: 1}) for key in ("a b", "a/b", "a>b", "a=b", "a\tb", "a\nb")],
    F("xmlattr", {"a\u00a0b": 1}),
    F("xmlattr", {1: 2}),
    F("xmlattr", UNDEF),
    F("xmlattr", [1]),
]


@pytest.mark.parametrize(("name", "value", "args", "kwargs", "ae"), CALLS)
def test_filter_matches_jinja2(name, value, args, kwargs, ae):
    expected = call(jinja2, name, value, args, kwargs, ae)
    assert call(tmpl, name, value, args, kwargs, ae) == expected


def test_every_filter_is_tested_directly():
    tested = {param.values[0] for param in CALLS}
    assert tested == set(DEFAULT_FILTERS)


def test_filter_names_and_pass_args_match_jinja2():
    ours = DEFAULT_FILTERS
    theirs = jinja2.defaults.DEFAULT_FILTERS
    assert set(ours) == set(theirs)
    for name, func in ours.items():
        pass_arg = PassArg.from_obj(func)
        # Jinja2 wraps some filters for async dispatch; the sync function is the reference.
        their_func = getattr(theirs[name], "__wrapped__", theirs[name])
        their_pass_arg = jinja2.utils._PassArg.from_obj(their_func)
        assert (pass_arg and pass_arg.name) == (their_pass_arg and their_pass_arg.name), name


def test_filter_signatures_match_jinja2():
    import inspect

    for name, func in DEFAULT_FILTERS.items():
        theirs = jinja2.defaults.DEFAULT_FILTERS[name]
        try:
            their_signature = inspect.signature(theirs)
        except ValueError:  # a builtin without a signature, shared by both
            assert func is theirs
            continue
        ours = inspect.signature(func)
        assert [(p.name, p.kind, p.default) for p in ours.parameters.values()] == [
            (p.name, p.kind, p.default) for p in their_signature.parameters.values()
        ], name


def test_random_picks_an_item():
    env = tmpl.Environment()
    context = env.from_string("").new_context({})
    items = list(range(20))
    picks = {DEFAULT_FILTERS["random"](context, items) for _ in range(200)}
    assert picks <= set(items) and len(picks) > 1


def test_groupby_result_is_a_named_tuple_printed_as_a_tuple():
    env = tmpl.Environment()
    [group] = DEFAULT_FILTERS["groupby"](env, [{"k": 1}], "k")
    assert group.grouper == 1 and group.list == [{"k": 1}]
    grouper, items = group
    assert (grouper, items) == (1, [{"k": 1}])
    assert repr(group) == str(group) == "(1, [{'k': 1}])"


def test_make_attrgetter_uses_environment_lookups():
    env = tmpl.Environment()
    getter = tmpl.filters.make_attrgetter(env, "a.1.b")
    assert getter({"a": [None, {"b": 5}]}) == 5
    assert tmpl.filters.make_attrgetter(env, None)(7) == 7
    multi = tmpl.filters.make_multi_attrgetter(env, "x,y.0", str.upper)
    assert multi({"x": "a", "y": ["b"]}) == ["A", "B"]


def module_level_imports(path):
    """The modules a source file imports at module level, outside ``if TYPE_CHECKING:``."""
    import ast

    names = set()
    for node in ast.parse(open(path, encoding="utf-8").read()).body:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
    return names


def test_filters_and_tests_import_nothing_heavy_at_module_level():
    import tmpl.tests

    # json, pprint, random, textwrap and inspect are imported by the filters that use them.
    assert module_level_imports(tmpl.filters.__file__) == {
        "__future__",
        "math",
        "re",
        "collections",
        "collections.abc",
        "itertools",
        "typing",
        "markupsafe",
        ".exceptions",
        ".runtime",
        ".utils",
    }
    assert module_level_imports(tmpl.tests.__file__) == {
        "__future__",
        "operator",
        "collections.abc",
        "typing",
        ".runtime",
        ".utils",
    }


def test_every_public_name_is_documented():
    for name in dir(tmpl.filters):
        obj = getattr(tmpl.filters, name)
        if name.startswith("_") or getattr(obj, "__module__", None) != "tmpl.filters":
            continue
        assert obj.__doc__, name


# --- in templates ---------------------------------------------------------------------


def render(module: types.ModuleType, source: str, context: dict[str, Any], options: dict):
    """Render with ``module``'s engine: ``("text", output)`` or ``("error", class name)``."""
    options = dict(options)
    policies = options.pop("policies", {})
    if "undefined" in options:
        options["undefined"] = getattr(module, options["undefined"])
    try:
        env = module.Environment(**options)
        env.policies.update(resolve(module, policies))
        template = env.from_string(source)
        return ("text", template.render(resolve(module, context)))
    except Exception as exc:  # noqa: BLE001 - the exception class is the result
        return ("error", type(exc).__name__)


def T(source: str, context: dict[str, Any] | None = None, **options: Any):
    """One template case, rendered with autoescape off and on unless ``autoescape`` is given."""
    return pytest.param(source, context or {}, options, id=source[:60])


def shouting_dumps(obj: Any, **kwargs: Any) -> str:
    """A custom ``json.dumps_function`` policy: sees the policy's kwargs, adds its own mark."""
    import json

    return "<" + json.dumps(obj, **kwargs).upper() + ">"


CTX = {
    "users": USERS,
    "rows": ROWS,
    "html": "<b>&</b>",
    "safe_html": Markup("<i>safe</i>"),
    "long": LONG,
    "nums": [3, 1, 2],
    "words": ["b", "A", "c", "a"],
    "d": {"b": 1, "A": 3, "c": 2},
    "attrs": {"class": "x y", "data-v": "<'\">", "skip": None},
}

TEMPLATES = [
    T("{{ -3|abs }} {{ x|abs }}", {"x": -2.5}),
    T("{{ users[0]|attr('name') }} {{ users[0]|attr('nope') }}|{{ d|attr('b') }}", CTX),
    T("{% for row in range(7)|batch(3, '-') %}[{{ row|join(',') }}]{% endfor %}"),
    T("{% for row in range(7)|batch(3) %}[{{ row|join(',') }}]{% endfor %}"),
    T("{{ html|capitalize }} {{ safe_html|capitalize }} {{ 'aBC'|capitalize }}", CTX),
    T("[{{ 'x'|center(5) }}] [{{ html|center(12) }}] [{{ safe_html|center(16) }}]", CTX),
    T("{{ users|count }} {{ 'abc'|length }} {{ missing|length }}", CTX),
    T("{{ missing|default('d') }} {{ none|d('n') }} {{ ''|default('e', true) }}"),
    T("{{ missing|default(html) }} {{ missing|d(safe_html) }} {{ missing|d }}.", CTX),
    T("{{ missing.attr|default('chain') }}", undefined="ChainableUndefined"),
    T("{{ missing|default('strict') }}", undefined="StrictUndefined"),
    T("{{ d|dictsort }} {{ d|dictsort(true) }} {{ d|dictsort(by='value', reverse=true) }}", CTX),
    T("{{ d|dictsort(by='other') }}", CTX),
    T("{{ html|e }} {{ html|escape }} {{ safe_html|e }} {{ 5|e }} {{ missing|e }}.", CTX),
    T("{{ 1|filesizeformat }} {{ 1500|filesizeformat }} {{ 2048|filesizeformat(true) }}"),
    T("{{ (10**25)|filesizeformat }} {{ '123456789'|filesizeformat(binary=true) }}"),
    T("{{ users|first }} {{ []|first }}. {{ 'xyz'|first }} {{ users|last }} {{ 'xyz'|last }}", CTX),
    T("{{ []|first|default('empty') }} {{ []|last is undefined }}"),
    T("{{ '3.5'|float }} {{ 'x'|float }} {{ 'x'|float(1.5) }} {{ 3|float }}"),
    T("{{ html|forceescape }} {{ safe_html|forceescape }}", CTX),
    T("{{ '%s-%s'|format(1, html) }} {{ '%(a)s'|format(a=html) }}", CTX),
    T("{{ safe_html|format }} {{ ('<%s>'|safe)|format(html) }}", CTX),
    T("{{ '%s'|format(1, a=2) }}"),
    T(
        "{% for g in rows|groupby('city', default='?') %}{{ g.grouper }}:"
        "{{ g.list|map(attribute='name')|join }};{% endfor %}",
        CTX,
    ),
    T(
        "{% for city, items in rows|groupby('city', '?', true) %}{{ city }}:"
        "{{ items|length }};{% endfor %}",
        CTX,
    ),
    T(
        "{% for key, items in users|groupby('address.city') %}{{ key }}={{ items }};{% endfor %}",
        CTX,
    ),
    T("{% for g in rows|groupby('city') %}{{ g }}{% endfor %}", CTX),
    T(
        "{{ 'a\nb\n\nc'|indent }}|{{ 'a\nb'|indent(2, true) }}|{{ 'a\n\nb'|indent('>', blank=true) }}"
    ),
    T("{{ html|indent(first=true) }}|{{ safe_html|indent(first=true) }}", CTX),
    T("{{ ('<p>\n</p>'|safe)|indent('<x>', true) }}"),
    T("{{ '42'|int }} {{ '42.9'|int }} {{ 'x'|int(-1) }} {{ '0x1A'|int(0, 16) }} {{ 3.9|int }}"),
    T("{{ '0b11'|int(base=0) }} {{ none|int }} {{ 'zz'|int(base=36) }}"),
    T(
        "{% for k, v in d|items %}{{ k }}={{ v }};{% endfor %}{% for x in missing|items %}x{% endfor %}",
        CTX,
    ),
    T("{{ [1, html, safe_html]|join(', ') }}", CTX),
    T("{{ [html, 'x']|join(safe_html) }}", CTX),
    T("{{ users|join(', ', attribute='name') }} {{ rows|join('/', 'pos.0') }}", CTX),
    T("{{ missing|join(',') }}."),
    T("{{ 'abc'|list }} {{ d|list }} {{ missing|list }}", CTX),
    T("{{ html|lower }} {{ html|upper }} {{ safe_html|upper }} {{ 'ÀB'|lower }}", CTX),
    T("{{ users|map(attribute='name')|join(',') }} {{ words|map('upper')|list }}", CTX),
    T(
        "{{ users|map(attribute='nope', default='?')|list }} {{ [[1, 2]]|map('join', '+')|list }}",
        CTX,
    ),
    T("{{ users|map(attribute='address.city')|unique|list }}", CTX),
    T("{{ [1]|map|list }}"),
    T("{{ [1]|map('nosuchfilter')|list }}"),
    T("{{ [1]|map(attribute='x', other=1)|list }}"),
    T("{{ nums|max }} {{ nums|min }} {{ words|max }} {{ words|min(case_sensitive=true) }}", CTX),
    T("{{ users|max(attribute='age') }} {{ users|min(attribute='name') }} {{ []|max }}.", CTX),
    T("{{ d|pprint }} {{ html|pprint }}", CTX),
    T("{{ [7]|random }} {{ []|random }}."),
    T("{{ range(10)|select('odd')|list }} {{ range(10)|reject('divisibleby', 3)|list }}"),
    T("{{ [0, 1, '', 'a', none]|select|list }} {{ [0, 1, '', 'a']|reject|list }}"),
    T("{{ users|selectattr('active')|list }} {{ users|rejectattr('age', 'lt', 18)|list }}", CTX),
    T("{{ users|selectattr('address.city', 'equalto', 'paris')|list }}", CTX),
    T("{{ users|selectattr|list }}", CTX),
    T("{{ missing|select('odd')|list }} {{ missing|selectattr('x')|list }}"),
    T("{{ range(3)|select('nosuchtest')|list }}"),
    T(
        "{{ 'aaa'|replace('a', 'b', 2) }} {{ html|replace('b', 'i') }} {{ html|replace('&', '&amp;') }}",
        CTX,
    ),
    T("{{ html|replace('b', safe_html) }} {{ safe_html|replace('i', '<u>') }}", CTX),
    T("{{ html|replace(safe_html, 'x') }} {{ 'x<y'|replace('<', '&lt;'|safe) }}", CTX),
    T("{{ 'abc'|reverse }} {{ nums|reverse|list }} {{ d|reverse|list }}", CTX),
    T("{{ 5|reverse }}"),
    T(
        "{{ 2.5|round }} {{ 3.14159|round(2) }} {{ 2.1|round(method='ceil') }} {{ 2.9|round(0, 'floor') }}"
    ),
    T("{{ 42.55|round(1, 'half') }}"),
    T("{{ 1234.5|round(-2)|int }}"),
    T("{{ html|safe }} {{ html }}", CTX),
    T("{% for col in range(10)|slice(3, 'x') %}[{{ col|join }}]{% endfor %}"),
    T("{% for col in 'abcde'|slice(2) %}[{{ col|join }}]{% endfor %}"),
    T("{{ words|sort }} {{ words|sort(case_sensitive=true) }} {{ words|sort(true) }}", CTX),
    T("{{ users|sort(attribute='age,name')|map(attribute='name')|join }}", CTX),
    T("{{ users|sort(attribute='address.city', reverse=true)|map(attribute='name')|join }}", CTX),
    T("{{ [1, 'a']|sort }}"),
    T("{{ html|string }} {{ safe_html|string }} {{ 5|string }} {{ none|string }}", CTX),
    T(
        "{{ (html ~ ' <br/>  x')|striptags }} {{ safe_html|striptags }} {{ '&lt;&amp;'|striptags }}",
        CTX,
    ),
    T("{{ nums|sum }} {{ nums|sum(start=10) }} {{ users|sum(attribute='age') }} {{ []|sum }}", CTX),
    T("{{ ['a']|sum }}"),
    T("{{ 'hello world-foo (bar) o\\'neil'|title }} {{ html|title }} {{ safe_html|title }}", CTX),
    T("{{ d|tojson }} {{ html|tojson }} {{ [1, none, true]|tojson(2) }}", CTX),
    T("<a data='{{ attrs|tojson }}'>", CTX),
    T("{{ d|tojson }}", CTX, policies={"json.dumps_kwargs": {"sort_keys": False}}),
    T("{{ d|tojson(1) }}", CTX, policies={"json.dumps_kwargs": {"separators": (",", ":")}}),
    T("{{ users|tojson }}", CTX),
    T("{{ d|tojson(3) }}", CTX, policies={"json.dumps_function": shouting_dumps}),
    T("[{{ '  x  '|trim }}] [{{ 'xxaxx'|trim('x') }}] [{{ ('  <b> '|safe)|trim }}]"),
    T(
        "{{ long|truncate(20) }}|{{ long|truncate(20, true) }}|{{ long|truncate(20, end='~') }}",
        CTX,
    ),
    T("{{ long|truncate(length=20, killwords=false, end='', leeway=0) }}", CTX),
    T("{{ long|truncate(75) }}|{{ long|truncate(80) }}|{{ long|truncate(30, leeway=60) }}", CTX),
    T("{{ long|truncate(75) }}|{{ long|truncate(80) }}", CTX, policies={"truncate.leeway": 0}),
    T("{{ 'abcdef'|truncate(2) }}"),
    T("{{ 'abcdef'|truncate(3, leeway=-1) }}"),
    T("{{ html|truncate(5) }} {{ (safe_html ~ safe_html)|truncate(12, true) }}", CTX),
    T("{{ words|unique|list }} {{ words|unique(case_sensitive=true)|list }}", CTX),
    T("{{ users|unique(attribute='age')|map(attribute='name')|list }}", CTX),
    T("{{ 'a b/c&d'|urlencode }} {{ d|urlencode }} {{ [('k', 'v w'), ('x', 1)]|urlencode }}", CTX),
    T("{{ html|urlencode }} {{ 42|urlencode }} {{ 'ünï'|urlencode }}", CTX),
    T("{{ 'see www.example.com, or mail x@y.org <now>'|urlize }}"),
    T("{{ 'http://example.com/long/path'|urlize(10, true, target='_blank') }}"),
    T("{{ 'http://a.com'|urlize(rel='help') }}", policies={"urlize.rel": None}),
    T("{{ 'http://a.com'|urlize }}", policies={"urlize.target": "_top", "urlize.rel": "x y"}),
    T("{{ 'ftp://a.com tel:1'|urlize(extra_schemes=['ftp://', 'tel:']) }}"),
    T("{{ 'ftp://a.com tel:1'|urlize }}", policies={"urlize.extra_schemes": ["tel:"]}),
    T("{{ 'x'|urlize(extra_schemes=['bad scheme']) }}"),
    T("{{ safe_html|urlize }} {{ html|urlize }}", CTX),
    T("{{ long|wordcount }} {{ html|wordcount }} {{ ''|wordcount }} {{ missing|wordcount }}", CTX),
    T("{{ long|wordwrap(20) }}|{{ long|wordwrap(20, wrapstring='<br>') }}", CTX),
    T(
        "{{ 'longwordhere x'|wordwrap(5, false) }}|{{ 'a-b-c-d'|wordwrap(3, break_on_hyphens=false) }}"
    ),
    T("{{ long|wordwrap(25) }}", CTX, newline_sequence="\r\n"),
    T("<p{{ attrs|xmlattr }}><p{{ attrs|xmlattr(false) }}><p{{ {}|xmlattr }}>", CTX),
    T("<p{{ {'a b': 1}|xmlattr }}>"),
    T("<p{{ {'x': missing, 'y': safe_html}|xmlattr }}>", CTX),
    # Undefined flowing through filters, with every undefined class.
    T("{{ missing|upper }}.{{ missing|trim }}.{{ missing|string }}.{{ missing|list }}"),
    T("{{ missing|upper }}", undefined="StrictUndefined"),
    T("{{ missing|string }}", undefined="DebugUndefined"),
    T("{{ missing|join(',') }}", undefined="StrictUndefined"),
    T("{{ missing|int }}"),
    T("{{ missing|sort }}", undefined="StrictUndefined"),
    T("{{ missing.attr|upper }}", undefined="ChainableUndefined"),
    T("{{ users|map(attribute='nope')|join(',') }}", CTX, undefined="StrictUndefined"),
    T("{{ users|sort(attribute='nope') }}", CTX),
    T("{{ rows|groupby('city')|list }}", CTX, undefined="StrictUndefined"),
]


@pytest.mark.parametrize("autoescape", [False, True], ids=["plain", "autoescape"])
@pytest.mark.parametrize(("source", "context", "options"), TEMPLATES)
def test_filters_in_templates_match_jinja2(source, context, options, autoescape):
    options = {"autoescape": autoescape, **options}
    expected = render(jinja2, source, context, options)
    assert render(tmpl, source, context, options) == expected


def test_every_filter_is_used_in_a_template():
    import re

    used = set()
    for param in TEMPLATES:
        used.update(re.findall(r"\|\s*(\w+)", param.values[0]))
    assert set(DEFAULT_FILTERS) <= used


# --- generated inputs -----------------------------------------------------------------

TEXT = st.text(
    alphabet=st.sampled_from(list("ab AB-_(){}[]<>&'\".,!\t\n\r\u00e9\u00df\u0130\u01c6\u2028x1")),
    max_size=40,
)
MAYBE_SAFE = TEXT | TEXT.map(Markup)


def same_in_both(name: str, value: Any, *args: Any, ae: bool = False, **kwargs: Any) -> None:
    assert call(tmpl, name, value, args, kwargs, ae) == call(jinja2, name, value, args, kwargs, ae)


@settings(max_examples=150, deadline=None)
@given(
    s=TEXT,
    length=st.integers(0, 45),
    killwords=st.booleans(),
    end=st.sampled_from(["...", "", "~", "…!"]),
    leeway=st.none() | st.integers(-1, 6),
)
def test_truncate_generated(s, length, killwords, end, leeway):
    same_in_both("truncate", s, length, killwords, end, leeway)


@settings(max_examples=150, deadline=None)
@given(
    s=TEXT,
    width=st.integers(1, 12),
    break_long=st.booleans(),
    hyphens=st.booleans(),
    wrap=st.none() | st.just("<br>"),
)
def test_wordwrap_generated(s, width, break_long, hyphens, wrap):
    same_in_both("wordwrap", s, width, break_long, wrap, hyphens)


@settings(max_examples=150, deadline=None)
@given(
    s=MAYBE_SAFE,
    width=st.integers(0, 3) | st.sampled_from(["", "\t", "<>"]),
    first=st.booleans(),
    blank=st.booleans(),
)
def test_indent_generated(s, width, first, blank):
    same_in_both("indent", s, width, first, blank)


@settings(max_examples=150, deadline=None)
@given(
    name=st.sampled_from(
        [
            "title",
            "capitalize",
            "upper",
            "lower",
            "trim",
            "striptags",
            "wordcount",
            "escape",
            "forceescape",
            "urlencode",
            "string",
            "center",
            "list",
            "reverse",
            "int",
            "float",
        ]
    ),
    s=MAYBE_SAFE,
)
def test_string_filters_generated(name, s):
    same_in_both(name, s)


@settings(max_examples=150, deadline=None)
@given(
    s=MAYBE_SAFE,
    old=MAYBE_SAFE,
    new=MAYBE_SAFE,
    count=st.none() | st.integers(-1, 3),
    ae=st.booleans(),
)
def test_replace_generated(s, old, new, count, ae):
    same_in_both("replace", s, old, new, count, ae=ae)


@settings(max_examples=150, deadline=None)
@given(
    items=st.lists(MAYBE_SAFE | st.integers(), max_size=5),
    d=MAYBE_SAFE,
    ae=st.booleans(),
)
def test_join_generated(items, d, ae):
    same_in_both("join", items, d, ae=ae)


@settings(max_examples=150, deadline=None)
@given(
    value=st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet="0123456789.-e xb", max_size=12),
    binary=st.booleans(),
)
def test_numeric_filters_generated(value, binary):
    same_in_both("filesizeformat", value, binary)
    same_in_both("int", value)
    same_in_both("float", value)
    same_in_both("round", value, 2, "ceil" if binary else "floor")


@settings(max_examples=150, deadline=None)
@given(
    items=st.lists(st.integers(-5, 5), max_size=12),
    count=st.integers(1, 5),
    fill=st.none() | st.just(0),
)
def test_slice_and_batch_generated(items, count, fill):
    same_in_both("slice", items, count, fill)
    same_in_both("batch", items, count, fill)


@settings(max_examples=150, deadline=None)
@given(
    words=st.lists(st.sampled_from(["a", "A", "b", "B", "ab", "Ab", "é", "É"]), max_size=8),
    case_sensitive=st.booleans(),
    reverse=st.booleans(),
)
def test_ordering_filters_generated(words, case_sensitive, reverse):
    same_in_both("sort", words, reverse, case_sensitive)
    same_in_both("unique", words, case_sensitive)
    same_in_both("min", words, case_sensitive)
    same_in_both("max", words, case_sensitive)
    rows = [{"w": w, "n": i % 3} for i, w in enumerate(words)]
    same_in_both("groupby", rows, "w", case_sensitive=case_sensitive)
    same_in_both("sort", rows, reverse, case_sensitive, "n,w")
    same_in_both("dictsort", dict.fromkeys(words, 1), case_sensitive, "key", reverse)


# --- generated inputs for the fast paths of title, escape, join, replace, format ---------
# Each of these filters has a fast path for the common case (ASCII text, plain str values)
# next to the general one; the alphabets mix the characters that decide between them.

# Letters of both cases, digits, the separators |title starts a word after ("-", space,
# tab, newline, "(", "{", "[", "<" and "\x1c", which str regexes count as whitespace) and
# characters that start no word ("'", ".", "&", "_", ...).
ASCII_TITLE_TEXT = st.text(
    alphabet=st.sampled_from(list("abzABZ09-_ \t\n\x1c\x1f\x0b({[<)}]>'.&;!\"")), max_size=40
)
# The same with non-ASCII letters, some of which change length or case class (ß, İ, ǅ).
TITLE_TEXT = st.text(
    alphabet=st.sampled_from(list("abAB3-_ \t\n\x1c({[<'.&\u00e9\u00df\u0130\u01c5\u01c6")),
    max_size=30,
)


class HtmlOf:
    """An object whose ``__html__`` returns the given value (which need not be a str)."""

    def __init__(self, html: Any) -> None:
        self.html = html

    def __html__(self) -> Any:
        return self.html

    def __str__(self) -> str:
        return "<str of HtmlOf>"

    def __repr__(self) -> str:
        return f"HtmlOf({self.html!r})"


class SafeSubclass(str):
    """A str subclass with ``__html__``, as a ``__str__`` may return one."""

    def __html__(self) -> str:
        return "<from __html__>"


class StrOf:
    """An object whose ``__str__`` returns the given str (or str subclass)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"StrOf({self.text!r})"


ESCAPABLE = (
    ASCII_TITLE_TEXT
    | TITLE_TEXT
    | ASCII_TITLE_TEXT.map(Markup)
    | st.integers()
    | st.floats()
    | st.booleans()
    | st.none()
    | st.builds(HtmlOf, ASCII_TITLE_TEXT | ASCII_TITLE_TEXT.map(Markup) | st.integers())
    | st.builds(StrOf, ASCII_TITLE_TEXT | ASCII_TITLE_TEXT.map(Markup))
    | st.builds(StrOf, ASCII_TITLE_TEXT.map(SafeSubclass))
)


def test_title_fast_path_examples():
    # Letters after a character that is neither a letter nor a separator stay lowercase.
    cases = {
        "fast templates & <safe>": "Fast Templates & <Safe>",
        "o'neil mc(donald)": "O'neil Mc(Donald)",
        "3d x2y a.b &amp; _x": "3d X2y A.b &amp; _x",
        "x\x1cy-z\tw": "X\x1cY-Z\tW",
        "'a": "'a",
        "": "",
    }
    for text, expected in cases.items():
        assert tmpl.filters.do_title(text) == expected == jinja2.filters.do_title(text)


def _same_text_and_type(ours: Any, theirs: Any) -> None:
    assert (type(ours), ours) == (type(theirs), theirs)


@settings(max_examples=400, deadline=None)
@given(s=ASCII_TITLE_TEXT | TITLE_TEXT | ASCII_TITLE_TEXT.map(Markup) | TITLE_TEXT.map(Markup))
def test_title_matches_jinja2(s):
    _same_text_and_type(tmpl.filters.do_title(s), jinja2.filters.do_title(s))


@settings(max_examples=400, deadline=None)
@given(value=ESCAPABLE)
def test_escape_matches_markupsafe(value):
    for name in ("e", "escape", "forceescape"):
        theirs = jinja2.defaults.DEFAULT_FILTERS[name]
        _same_text_and_type(DEFAULT_FILTERS[name](value), theirs(value))


def test_escape_keeps_markupsafe_edge_cases():
    with pytest.raises(TypeError):
        DEFAULT_FILTERS["e"](s="x")
    assert DEFAULT_FILTERS["e"](StrOf(SafeSubclass("x"))) == "<from __html__>"


def _eval_contexts(autoescape: bool) -> tuple[Any, Any]:
    ours = tmpl.nodes.EvalContext(tmpl.Environment(autoescape=autoescape))
    theirs = jinja2.nodes.EvalContext(jinja2.Environment(autoescape=autoescape))
    return ours, theirs


def _outcome(func: Any, *args: Any) -> Any:
    try:
        result = func(*args)
    except Exception as exc:  # noqa: BLE001 - the exception class is the result
        return ("error", type(exc).__name__)
    return (type(result), result)


JOIN_ITEM = (
    ASCII_TITLE_TEXT
    | ASCII_TITLE_TEXT.map(Markup)
    | st.integers()
    | st.builds(HtmlOf, ASCII_TITLE_TEXT)
    | st.builds(StrOf, ASCII_TITLE_TEXT | ASCII_TITLE_TEXT.map(SafeSubclass))
)


@settings(max_examples=400, deadline=None)
@given(
    items=st.lists(JOIN_ITEM, max_size=5),
    d=ASCII_TITLE_TEXT | ASCII_TITLE_TEXT.map(Markup) | st.integers(),
    autoescape=st.booleans(),
)
def test_join_matches_jinja2(items, d, autoescape):
    ours, theirs = _eval_contexts(autoescape)
    assert _outcome(tmpl.filters.do_join, ours, items, d) == _outcome(
        jinja2.filters.do_join, theirs, items, d
    )


REPLACE_ARG = ASCII_TITLE_TEXT | ASCII_TITLE_TEXT.map(Markup) | st.builds(HtmlOf, ASCII_TITLE_TEXT)


@settings(max_examples=400, deadline=None)
@given(
    s=REPLACE_ARG | TITLE_TEXT | st.integers(),
    old=REPLACE_ARG | st.sampled_from(["a", "<", "&", " "]),
    new=REPLACE_ARG,
    count=st.none() | st.integers(-1, 3),
    autoescape=st.booleans(),
)
def test_replace_matches_jinja2(s, old, new, count, autoescape):
    ours, theirs = _eval_contexts(autoescape)
    assert _outcome(tmpl.filters.do_replace, ours, s, old, new, count) == _outcome(
        jinja2.filters.do_replace, theirs, s, old, new, count
    )


@settings(max_examples=400, deadline=None)
@given(
    value=st.sampled_from(["%s", "%s-%s", "%.2f", "%d", "<%s>", "%(a)s", "%%", "x", ""]).flatmap(
        lambda text: st.sampled_from([text, Markup(text)])
    )
    | st.integers(),
    args=st.lists(ASCII_TITLE_TEXT | ASCII_TITLE_TEXT.map(Markup) | st.floats(), max_size=3),
    kwargs=st.dictionaries(st.sampled_from(["a", "b"]), ASCII_TITLE_TEXT, max_size=2),
)
def test_format_matches_jinja2(value, args, kwargs):
    def call_ours() -> Any:
        return tmpl.filters.do_format(value, *args, **kwargs)

    def call_theirs() -> Any:
        return jinja2.filters.do_format(value, *args, **kwargs)

    assert _outcome(call_ours) == _outcome(call_theirs)
