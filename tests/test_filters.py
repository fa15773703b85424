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


def test_import_does_not_load_lazy_modules():
    import subprocess
    import sys

    code = (
        # The modules filters builds on are loaded first: only filters' own imports count.
        "import sys, tmpl.runtime, tmpl.exceptions, tmpl.utils; before = set(sys.modules); "
        "import tmpl.filters, tmpl.tests, tmpl.defaults; "
        "print(sorted({'json', 'pprint', 'random', 'textwrap', 'inspect'}"
        " & (set(sys.modules) - before)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_public_name_is_documented():
    for name in dir(tmpl.filters):
        obj = getattr(tmpl.filters, name)
        if name.startswith("_") or getattr(obj, "__module__", None) != "tmpl.filters":
            continue
        assert obj.__doc__, name
