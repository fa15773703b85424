"""Differential cases: long flat constructs and deep (100-level) nesting.

Where Jinja2 itself copes, its output is the reference.  Where it does not (it writes Python
source text, so it hits Python's recursion limit on long operator chains and the parser's
100-indentation-level limit on deep nesting), the case carries the output computed here in
Python and ``oracle=False``: tmpl must render it all the same.
"""

from __future__ import annotations

import itertools

from diffharness import case, check, params

N = 1000
DEPTH = 100


class Chain:
    """``.a`` returns the object itself: attribute chains of any length."""

    @property
    def a(self):
        return self

    def __getitem__(self, key):
        return self

    def __call__(self):
        return self

    def __str__(self):
        return "end"


def elifs(n):
    return (
        "{% if x == 0 %}0"
        + "".join(f"{{% elif x == {i} %}}{i}" for i in range(1, n))
        + "{% else %}none{% endif %}"
    )


def nested(open_tag, close_tag, body, depth=DEPTH):
    return (
        "".join(open_tag(i) for i in range(depth))
        + body
        + "".join(close_tag(i) for i in reversed(range(depth)))
    )


NESTED_FOR_SRC = nested(
    lambda i: f"{{% for i{i} in {'[0, 1]' if i < 3 else f'[{i}]'} %}}",
    lambda i: "{% endfor %}",
    "{{ i0 }}{{ i1 }}{{ i2 }}-{{ i50 + i99 }}:{{ loop.index }}/{{ loop.depth }};",
)
NESTED_FOR_OUT = "".join(f"{a}{b}{c}-149:1/1;" for a, b, c in itertools.product((0, 1), repeat=3))

FLAT = [
    case("elif-1000-last", elifs(N), {"x": N - 1}),
    case("elif-1000-middle", elifs(N), {"x": 500}),
    case("elif-1000-first", elifs(N), {"x": 0}),
    case("elif-1000-else", elifs(N), {"x": -1}),
    case(
        "or-1000-terms",
        "{{ " + " or ".join(f"a{i}" for i in range(N)) + " }}",
        {f"a{N - 1}": "last"},
        expect="last",
        oracle=False,
    ),
    case(
        "or-1000-terms-first-truthy",
        "{{ " + " or ".join(f"a{i}" for i in range(N)) + " }}",
        {"a0": "first"},
        expect="first",
        oracle=False,
    ),
    case(
        "and-1000-terms",
        "{{ " + " and ".join(f"a{i % 10}" for i in range(N)) + " }}",
        {f"a{i}": i + 1 for i in range(10)},
        expect="10",
        oracle=False,
    ),
    case(
        "or-1000-in-if",
        "{% if " + " or ".join(f"x == {i}" for i in range(N)) + " %}hit{% endif %}",
        {"x": 999},
        expect="hit",
        oracle=False,
    ),
    case(
        "add-1000-terms",
        "{{ " + " + ".join("x" for _ in range(N)) + " }}",
        {"x": 1},
        expect="1000",
        oracle=False,
    ),
    case(
        "add-1000-constants",
        "{{ " + " + ".join("1" for _ in range(N)) + " }}",
        expect="1000",
        oracle=False,
    ),
    case(
        "tilde-1000-terms",
        "{{ " + " ~ ".join(f"'{i % 10}'" for i in range(N)) + " }}",
        expect="0123456789" * 100,
    ),
    case("compare-chain-1000", "{{ " + " < ".join(str(i) for i in range(N)) + " }}"),
    case("list-literal-1000", "{{ [" + ", ".join(str(i) for i in range(N)) + "] | sum }}"),
    case(
        "list-literal-1000-variables",
        "{{ [" + ", ".join(f"x + {i}" for i in range(N)) + "] | last }}",
        {"x": 1},
    ),
    case("list-literal-1000-printed", "{{ [" + ", ".join(str(i) for i in range(N)) + "] }}"),
    case(
        "dict-literal-1000", "{{ {" + ", ".join(f"'k{i}': {i}" for i in range(N)) + "}['k999'] }}"
    ),
    case("tuple-literal-1000", "{{ (" + ", ".join(str(i) for i in range(N)) + ") | length }}"),
    case(
        "call-1000-arguments",
        "{{ f(" + ", ".join(str(i) for i in range(N)) + ") }}",
        {"f": lambda *a: sum(a)},
    ),
    case(
        "call-1000-kwargs",
        "{{ f(" + ", ".join(f"k{i}={i}" for i in range(N)) + ") }}",
        {"f": lambda **kw: len(kw)},
    ),
    case(
        "filters-1000-chained",
        "{{ x" + " | upper | lower" * (N // 2) + " }}",
        {"x": "Ab"},
        expect="ab",
        oracle=False,
    ),
    case(
        "attribute-chain-1000",
        "{{ x" + ".a" * N + " }}",
        {"x": Chain()},
        expect="end",
        oracle=False,
    ),
    case(
        "subscript-chain-1000",
        "{{ x" + "[0]" * N + " }}",
        {"x": Chain()},
        expect="end",
        oracle=False,
    ),
    case(
        "sibling-ifs-1000",
        "".join(f"{{% if x > {i} %}}.{{% endif %}}" for i in range(N)),
        {"x": 500},
    ),
    case(
        "sibling-fors-1000",
        "".join(f"{{% for i in [{i}] %}}{{{{ i % 10 }}}}{{% endfor %}}" for i in range(N)),
    ),
    case(
        "macros-1000",
        "".join(f"{{% macro m{i}() %}}{i}{{% endmacro %}}" for i in range(N))
        + "{{ m0() }}{{ m999() }}",
    ),
    case("sets-1000", "".join(f"{{% set v{i} = {i} %}}" for i in range(N)) + "{{ v0 + v999 }}"),
    case("sets-1000-chained", "{% set v = 0 %}" + "{% set v = v + 1 %}" * N + "{{ v }}"),
    case(
        "blocks-1000-siblings",
        "".join(f"{{% block b{i} %}}{i % 10}{{% endblock %}}" for i in range(N)),
    ),
    case("flat-10000-outputs", "".join(f"t{i}{{{{ x }}}}" for i in range(10000)), {"x": 1}),
    case("flat-10000-lines", "\n".join(f"line {i}: {{{{ x }}}}" for i in range(10000)), {"x": "v"}),
    case("long-text-1mb", "x" * 1_000_000 + "{{ 1 }}"),
    case("long-string-literal", "{{ '" + "y" * 100_000 + "' | length }}"),
    case(
        "loop-10000-iterations",
        "{% for i in range(10000) %}{{ loop.index if loop.last }}{% endfor %}",
    ),
    case(
        "includes-100-siblings",
        "".join("{% include 'p' %}" for _ in range(100)),
        {"x": 1},
        loader={"p": "{{ x }}"},
    ),
    case(
        "inheritance-chain-50",
        None,
        name="t49",
        loader={
            "t0": "{% block b %}0{% endblock %}",
            **{
                f"t{i}": f"{{% extends 't{i - 1}' %}}{{% block b %}}{i}{{{{ super() }}}}{{% endblock %}}"
                for i in range(1, 50)
            },
        },
    ),
]

DEEP = [
    case(
        "nested-blocks-100",
        nested(lambda i: f"{{% block b{i} %}}<{i}", lambda i: f"{i}>{{% endblock %}}", "core"),
    ),
    case(
        "nested-blocks-100-child-overrides-innermost",
        None,
        name="child",
        loader={
            "base": nested(
                lambda i: f"{{% block b{i} %}}<{i}", lambda i: f"{i}>{{% endblock %}}", "core"
            ),
            "child": "{% extends 'base' %}{% block b99 %}[{{ super() }}]{% endblock %}",
        },
    ),
    case(
        "nested-blocks-100-child-overrides-middle",
        None,
        name="child",
        loader={
            "base": nested(
                lambda i: f"{{% block b{i} %}}<{i}", lambda i: f"{i}>{{% endblock %}}", "core"
            ),
            "child": "{% extends 'base' %}{% block b50 %}mid{% endblock %}",
        },
    ),
    case(
        "nested-ifs-100",
        nested(lambda i: f"{{% if x > {i - 1} %}}{i % 10}", lambda i: "{% endif %}", "core"),
        {"x": 100},
        expect="".join(str(i % 10) for i in range(DEPTH)) + "core",
        oracle=False,
    ),
    case(
        "nested-ifs-100-false-at-50",
        nested(lambda i: f"{{% if x > {i} %}}{i % 10}", lambda i: "{% else %}E{% endif %}", "core"),
        {"x": 50},
        expect="".join(str(i % 10) for i in range(50)) + "E",
        oracle=False,
    ),
    case(
        "nested-ifs-50",
        nested(lambda i: f"{{% if x > {i} %}}{i % 10}", lambda i: "{% endif %}", "core", depth=50),
        {"x": 100},
    ),
    case("nested-fors-100", NESTED_FOR_SRC, expect=NESTED_FOR_OUT, oracle=False),
    case(
        "nested-fors-20",
        nested(
            lambda i: f"{{% for i{i} in [{i}] %}}",
            lambda i: "{% endfor %}",
            "{{ i0 + i19 }}{{ loop.index }}",
            depth=20,
        ),
    ),
    case(
        "nested-fors-100-outer-loop-vars",
        nested(
            lambda i: f"{{% for i{i} in [{i}] %}}{{% set outer{i} = loop %}}",
            lambda i: "{% endfor %}",
            "{{ outer0.length }}{{ outer50.first }}{{ i99 }}",
        ),
        expect="1True99",
        oracle=False,
    ),
    case(
        "nested-withs-100",
        nested(lambda i: f"{{% with a{i} = {i} %}}", lambda i: "{% endwith %}", "{{ a0 + a99 }}"),
    ),
    case(
        "nested-filter-blocks-100",
        nested(lambda i: "{% filter upper %}", lambda i: "{% endfilter %}", "x"),
    ),
    case(
        "nested-macros-100",
        nested(
            lambda i: f"{{% macro m{i}() %}}{i}",
            lambda i: f"{{% endmacro %}}{{{{ m{i}() }}}}" if i else "{% endmacro %}",
            "",
            depth=DEPTH,
        )
        + "{{ m0() }}",
        expect="".join(str(i) for i in range(DEPTH)),
        oracle=False,
    ),
    case(
        "nested-call-blocks-100",
        "{% macro w(i) %}({{ i }}{{ caller() }}){% endmacro %}"
        + nested(lambda i: f"{{% call w({i}) %}}", lambda i: "{% endcall %}", "core"),
        expect="".join(f"({i}" for i in range(DEPTH)) + "core" + ")" * DEPTH,
        oracle=False,
    ),
    case(
        "nested-parentheses-100",
        "{{ " + "(" * DEPTH + "1" + ")" * DEPTH + " }}",
        expect="1",
        oracle=False,
    ),
    case(
        "nested-list-literals-100",
        "{{ " + "[" * DEPTH + "1" + "]" * DEPTH + " | length }}",
        expect="1",
        oracle=False,
    ),
    case(
        "nested-calls-100",
        "{{ " + "f(" * DEPTH + "1" + ")" * DEPTH + " }}",
        {"f": lambda v: v + 1},
        expect=str(DEPTH + 1),
        oracle=False,
    ),
    case(
        "nested-conditional-expressions-100",
        "{{ " + "".join(f"{i} if x == {i} else " for i in range(DEPTH)) + "'none' }}",
        {"x": 99},
        expect="99",
        oracle=False,
    ),
    case(
        "nested-recursive-loop-100",
        "{% for n in [tree] recursive %}{{ loop.depth }}{% if n %},{{ loop(n) }}{% endif %}{% endfor %}",
        {"tree": __import__("functools").reduce(lambda acc, _: [acc], range(DEPTH - 1), [])},
    ),
    case(
        "nested-includes-100",
        "{% set depth = 0 %}{% include 'r' %}",
        loader={
            "r": "{% if depth < 100 %}{% with depth = depth + 1 %}{{ depth % 10 }}{% include 'r' %}{% endwith %}{% endif %}"
        },
    ),
]


@params(FLAT)
def test_long_flat_constructs(case):
    check(case)


@params(DEEP)
def test_deep_nesting(case):
    check(case)
