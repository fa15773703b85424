"""Differential cases: every built-in test of Jinja2 3.1 (``x is name``), with edge cases."""

from __future__ import annotations

from diffharness import Fresh, case, check, params
from markupsafe import Markup


class WithHtml:
    def __html__(self):
        return "<b>"


class Mapping:
    """A mapping by abstract base class registration, not a dict subclass."""

    def __getitem__(self, key):
        return key

    def __len__(self):
        return 0

    def __iter__(self):
        return iter(())


def _register():
    import collections.abc

    collections.abc.Mapping.register(Mapping)


_register()


def func():
    return 1


VALUES = {
    "i": 3,
    "f": 2.5,
    "b": True,
    "s": "text",
    "n": None,
    "l": [1],
    "t": (1,),
    "d": {"k": 1},
    "m": Markup("<i>"),
    "fn": func,
    "html": WithHtml(),
}


def t(id, src, ctx=None, **kw):
    return case(id, src, VALUES if ctx is None else ctx, **kw)


ALL = "{% for k in ['i', 'f', 'b', 's', 'n', 'l', 't', 'd', 'm', 'fn', 'html', 'missing'] %}{{ k }}={{ NAME }} {% endfor %}"


def table(test):
    """One case rendering ``test`` against every kind of value in VALUES (and an undefined)."""
    expr = f"(VALUES[k] if k in VALUES else missing) is {test}"
    return case(f"table-{test}", ALL.replace("NAME", expr), {"VALUES": VALUES})


TABLES = [
    table(name)
    for name in (
        "boolean",
        "callable",
        "defined",
        "undefined",
        "escaped",
        "false",
        "true",
        "float",
        "integer",
        "iterable",
        "mapping",
        "none",
        "number",
        "sequence",
        "string",
    )
]

TESTS = [
    t("boolean", "{{ true is boolean }} {{ 1 is boolean }} {{ none is boolean }}"),
    t("callable", "{{ fn is callable }} {{ s is callable }} {{ s.upper is callable }}"),
    t("callable-class", "{{ cls is callable }}", {"cls": WithHtml}),
    t("defined", "{{ i is defined }} {{ nope is defined }} {{ n is defined }}"),
    t("defined-attr", "{{ d.k is defined }} {{ d.z is defined }} {{ s.nope is defined }}"),
    t("defined-missing-parent", "{{ nope.x is defined }}", raises="UndefinedError"),
    t("undefined", "{{ nope is undefined }} {{ i is undefined }}"),
    t(
        "divisibleby",
        "{{ 10 is divisibleby 5 }} {{ 10 is divisibleby 3 }} {{ 0 is divisibleby 7 }}",
    ),
    t("divisibleby-zero", "{{ 10 is divisibleby 0 }}", raises="ZeroDivisionError"),
    t("divisibleby-float", "{{ 7.5 is divisibleby 2.5 }}"),
    t("eq-aliases", "{{ 1 is eq 1 }} {{ 1 is equalto 1 }} {{ 1 is eq(2) }}"),
    t("ne", "{{ 1 is ne 2 }} {{ 1 is ne 1 }}"),
    t("lt-aliases", "{{ 1 is lt 2 }} {{ 1 is lessthan 1 }}"),
    t("le", "{{ 1 is le 1 }} {{ 2 is le 1 }}"),
    t("gt-aliases", "{{ 2 is gt 1 }} {{ 2 is greaterthan 3 }}"),
    t("ge", "{{ 2 is ge 2 }} {{ 1 is ge 2 }}"),
    t("operator-test-syntax-is-error", "{{ 1 is == 1 }}", raises="TemplateSyntaxError"),
    t(
        "operator-tests-via-select",
        "{{ r | select('==', 2) | list }}{{ r | select('!=', 2) | list }}{{ r | select('<', 2) | list }}{{ r | select('<=', 2) | list }}{{ r | select('>', 2) | list }}{{ r | select('>=', 2) | list }}",
        {"r": [1, 2, 3]},
    ),
    t(
        "operator-tests-via-selectattr",
        "{{ d | selectattr('v', '>=', 2) | map(attribute='v') | list }}",
        {"d": [{"v": 1}, {"v": 2}, {"v": 3}]},
    ),
    t("escaped", "{{ m is escaped }} {{ s is escaped }} {{ html is escaped }}"),
    t("even-odd", "{{ 0 is even }} {{ -3 is odd }} {{ 4 is odd }}"),
    t("even-string", "{{ 'a' is even }}", raises="TypeError"),
    t("false-true", "{{ false is false }} {{ 0 is false }} {{ true is true }} {{ 1 is true }}"),
    t("float", "{{ 1.0 is float }} {{ 1 is float }} {{ '1.0' is float }}"),
    t("integer", "{{ 1 is integer }} {{ true is integer }} {{ 1.0 is integer }}"),
    t("in", "{{ 1 is in [1, 2] }} {{ 'a' is in 'abc' }} {{ 'k' is in d }} {{ 3 is in [] }}"),
    t("in-undefined", "{{ 1 is in nope }}"),
    t(
        "iterable",
        "{{ l is iterable }} {{ s is iterable }} {{ i is iterable }} {{ d is iterable }}",
    ),
    t("iterable-generator", "{{ g is iterable }}", {"g": Fresh(lambda: iter([]))}),
    t(
        "lower-upper",
        "{{ 'abc' is lower }} {{ 'aBc' is lower }} {{ 'ABC' is upper }} {{ 'A1' is upper }}",
    ),
    t("lower-number", "{{ 1 is lower }}"),
    t(
        "mapping",
        "{{ d is mapping }} {{ l is mapping }} {{ abc is mapping }}",
        {"d": {}, "l": [], "abc": Mapping()},
    ),
    t("none", "{{ n is none }} {{ 0 is none }} {{ nope is none }}"),
    t("number", "{{ 1 is number }} {{ 1.5 is number }} {{ '1' is number }} {{ true is number }}"),
    t(
        "number-complex-decimal",
        "{{ c is number }} {{ dec is number }}",
        {"c": 1j, "dec": __import__("decimal").Decimal("1.5")},
    ),
    t(
        "sameas",
        "{{ n is sameas none }} {{ l is sameas l }} {{ [1] is sameas [1] }} {{ true is sameas true }}",
    ),
    t(
        "sequence",
        "{{ l is sequence }} {{ s is sequence }} {{ i is sequence }} {{ d is sequence }}",
    ),
    t("string", "{{ s is string }} {{ m is string }} {{ 1 is string }}"),
    t("filter-test", "{{ 'upper' is filter }} {{ 'nope' is filter }} {{ 'odd' is filter }}"),
    t("test-test", "{{ 'odd' is test }} {{ 'nope' is test }} {{ 'upper' is test }}"),
    t("filter-test-custom", "{{ 'twice' is filter }}", filters={"twice": lambda v: v * 2}),
    t(
        "test-custom",
        "{{ 3 is prime }} {{ 4 is prime }}",
        tests={"prime": lambda n: n > 1 and all(n % k for k in range(2, n))},
    ),
    t(
        "test-custom-args",
        "{{ 5 is between(1, 10) }} {{ 5 is between 6 }}",
        tests={"between": lambda v, a, b=100: a <= v <= b},
    ),
    t("test-not", "{{ 1 is not odd }} {{ 2 is not odd }}"),
    t("test-not-not", "{{ not 1 is not odd }}"),
    t("test-in-if", "{% if i is odd %}odd{% else %}even{% endif %}"),
    t("test-in-select", "{{ [1, none, 'a', 2.5] | select('number') | list }}"),
    t("test-in-reject-with-arg", "{{ [1, 2, 3, 4] | reject('divisibleby', 2) | list }}"),
    t("test-strict-undefined-defined", "{{ nope is defined }}", undefined="StrictUndefined"),
    t(
        "test-strict-undefined-odd",
        "{{ nope is odd }}",
        undefined="StrictUndefined",
        raises="UndefinedError",
    ),
    t(
        "test-on-undefined-number",
        "{{ nope is number }} {{ nope is string }} {{ nope is iterable }}",
    ),
    t("test-escaped-constant-join", "{{ (['<a>'] | join) is escaped }}", autoescape=True),
    t("test-escaped-variable-join", "{{ (l | join) is escaped }}", {"l": ["<a>"]}, autoescape=True),
    t(
        "test-escaped-join-with-markup-item",
        "{{ (l | join) is escaped }}",
        {"l": [Markup("<a>"), "<b>"]},
        autoescape=True,
    ),
    t("test-escaped-join-noautoescape", "{{ (l | join) is escaped }}", {"l": ["<a>"]}),
    t("test-escaped-safe", "{{ ('x' | safe) is escaped }}"),
    t("test-sameas-macro", "{% macro m() %}{% endmacro %}{{ m is sameas m }}"),
    t("test-callable-macro", "{% macro m() %}{% endmacro %}{{ m is callable }}"),
    t(
        "test-defined-loop",
        "{% for x in [1] %}{{ loop is defined }}{% endfor %}{{ loop is defined }}",
    ),
    t("test-mapping-namespace", "{{ namespace() is mapping }}"),
]


# Every built-in test against every kind of value (the operator tests through select).
GRID_INPUTS = {
    "str": "Hello",
    "lower": "abc",
    "upper": "ABC",
    "empty": "",
    "markup": Markup("<b>"),
    "int": 42,
    "zero": 0,
    "float": 2.5,
    "none": None,
    "true": True,
    "false": False,
    "list": [1],
    "dict": {"a": 1},
    "tuple": (1,),
    "func": len,
    "undefined": None,
}
GRID_TESTS = [
    "!=", "<", "<=", "==", ">", ">=", "boolean", "callable", "defined", "divisibleby", "eq", "equalto",
    "escaped", "even", "false", "filter", "float", "ge", "greaterthan", "gt", "in", "integer", "iterable",
    "le", "lessthan", "lower", "lt", "mapping", "ne", "none", "number", "odd", "sameas", "sequence",
    "string", "test", "true", "undefined", "upper",
]
GRID_ARGS = {
    "divisibleby": " 3", "eq": " 42", "equalto": " 42", "ne": " 1", "gt": " 1", "ge": " 1", "lt": " 1",
    "le": " 1", "greaterthan": " 1", "lessthan": " 1", "in": " [1, 42, 'abc']", "sameas": " none",
}
OPERATOR_TESTS = {"==": 42, "!=": 42, "<": 1, "<=": 1, ">": 1, ">=": 1}


def grid_case(test, name):
    if test in OPERATOR_TESTS:
        source = "{{ [x] | select(" + f"{test!r}, {OPERATOR_TESTS[test]!r}" + ") | list }}"
    else:
        source = "{{ x is " + test + GRID_ARGS.get(test, "") + " }}"
    context = {} if name == "undefined" else {"x": GRID_INPUTS[name]}
    return case(f"grid-{test}-{name}", source, context, raises=grid_raises(test, name))


NUMBERS_ONLY = {"<", "<=", ">", ">=", "ge", "gt", "greaterthan", "le", "lt", "lessthan", "divisibleby", "even", "odd"}
NOT_NUMBERS = {"str", "lower", "upper", "empty", "markup", "none", "list", "dict", "tuple", "func"}


def grid_raises(test, name):
    """What Jinja2 raises for a grid entry: ordering and arithmetic tests need a number (an
    undefined value raises UndefinedError), and ``filter``/``test`` look the value up by name,
    which fails for unhashable values."""
    if test in NUMBERS_ONLY and name == "undefined":
        return "UndefinedError"
    if test in NUMBERS_ONLY and name in NOT_NUMBERS:
        return "TypeError"
    if test in ("filter", "test") and name in ("list", "dict"):
        return "TypeError"
    return None

TEST_GRID = [grid_case(test, name) for test in GRID_TESTS for name in GRID_INPUTS]


@params(TABLES)
def test_test_tables(case):
    check(case)


@params(TESTS)
def test_tests(case):
    check(case)


@params(TEST_GRID)
def test_test_grid(case):
    check(case)
