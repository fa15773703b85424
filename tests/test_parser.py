"""The parser through its public API, with Jinja2's parser as the oracle.

Trees are compared structurally (class names and field values, recursively) with
``jinja2.Environment().parse``; error messages are compared on their first line.  On top of
Jinja2: every node has a span, errors have columns and hints, nesting is capped, and long
flat constructs parse without recursion.
"""

from __future__ import annotations

from typing import Any

import jinja2
import jinja2.ext
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tmpl
import tmpl.ext
from tmpl import nodes
from tmpl.exceptions import TemplateAssertionError, TemplateSyntaxError
from tmpl.parser import Parser


def dump(node: Any) -> Any:
    """A structural, engine-independent rendering of a node tree."""
    if isinstance(node, (nodes.Node, jinja2.nodes.Node)):
        return (type(node).__name__,) + tuple(
            (field, dump(getattr(node, field, "<unset>"))) for field in node.fields
        )
    if isinstance(node, list):
        return [dump(item) for item in node]
    if isinstance(node, tuple):
        return tuple(dump(item) for item in node)
    return node


def jinja_result(source: str, **options: Any) -> Any:
    try:
        return dump(jinja2.Environment(**options).parse(source))
    except jinja2.TemplateSyntaxError as exc:
        return ("error", type(exc).__name__, exc.message.splitlines()[0])


def tmpl_result(source: str, **options: Any) -> Any:
    try:
        return dump(tmpl.Environment(**options).parse(source))
    except TemplateSyntaxError as exc:
        return ("error", type(exc).__name__, exc.message.splitlines()[0])


TEMPLATES = [
    "hello {{ name }}!",
    "{{ a.b[1] | f(2, k=3) }}",
    "{% for x in y if x recursive %}{{ loop.index }}{% else %}none{% endfor %}",
    "{% for a, b in c %}{{ a }}{% endfor %}",
    "{% for (a, b), c in d %}{% endfor %}{% set (a, b) = c %}",
    "{% if a %}1{% elif b %}2{% elif c %}3{% else %}4{% endif %}",
    "{% if a %}{% endif %}{% if b %}x{% else %}{% endif %}",
    "{% set x = 1 %}{% set a, b = 1, 2 %}{% set ns.x = 3 %}{% set t = 1, %}",
    "{% set x | upper %}abc{% endset %}{% set y %}q{% endset %}",
    "{% with a=1, b=2 %}{{ a }}{% endwith %}{% with %}{% endwith %}",
    "{% filter upper | trim %}x{% endfilter %}{% filter f(1)|g.h %}{% endfilter %}",
    "{% autoescape true %}x{% endautoescape %}{% autoescape false %}{% endautoescape %}",
    "{% macro m(a, b=1, c='x') %}{{ a }}{% endmacro %}{% macro n() %}{% endmacro %}",
    "{% call(x) m(1, *a, **k) %}{{ x }}{% endcall %}{% call m() %}{% endcall %}",
    "{% block b scoped required %}  {% endblock b %}{% block c %}x{% endblock %}",
    "{% extends 'base.html' %}{% block x %}{{ super() }}{% endblock %}",
    "{% extends layout if layout else 'default.html' %}",
    "{% include 'a' %}{% include 'a' ignore missing %}{% include ['a', 'b'] without context %}",
    "{% include x with context %}{% include 'a' ignore missing with context %}",
    "{% import 'a' as b %}{% import 'a' as b with context %}{% import 'a' as b without context %}",
    "{% from 'a' import b, c as d %}{% from 'a' import b with context %}",
    "{% from 'a' import x, %}{% from 'a' import x, y as z without context %}",
    "{% print a, b %}{% print %}",
    "{{ a if b else c if d else e }}{{ a if b }}{{ a if b if c }}{{ (a if b else c) if d }}",
    "{{ not a == b and c or not not d }}{{ not a and not b }}",
    "{{ a < b <= c == d != e > f >= g in h not in i }}",
    "{{ 1 + 2 - 3 * 4 / 5 // 6 % 7 ** 8 ~ 9 ~ 10 }}",
    "{{ a + b ~ c * d }}{{ a ~ b + c }}",
    "{{ -x|abs }}{{ -x.y }}{{ +-x }}{{ - - 1 }}{{ -x(1) }}{{ not -x }}",
    "{{ a ** b ** c }}{{ -a ** b }}{{ a ** -b }}",
    "{{ x is divisibleby 3 }}{{ x is sameas none }}{{ x is not defined }}",
    "{{ x is test(1, 2) and y }}{{ x is a.b }}{{ x is in [1] }}{{ x is eq 'a' ~ 'b' }}",
    "{{ x is string and y }}{{ x is defined or y }}",
    "{{ x is mapping }}{{ x is gt(2) }}{{ x is ne y.z[0] }}{{ x is divisibleby(3) }}",
    "{{ a[1:2] }}{{ a[:] }}{{ a[::2] }}{{ a[1:] }}{{ a[1,2] }}{{ a[:2:] }}{{ a.0 }}{{ a[1:2,] }}",
    "{{ f(1, 2, a=3, *b, **c) }}{{ f(a,) }}{{ f() }}{{ f(*a) }}{{ f(**k) }}{{ f(a=1,) }}",
    "{{ [1, 2, 3] }}{{ [] }}{{ [1,] }}{{ {'a': 1, 'b': [2]} }}{{ {} }}{{ {1: 2,} }}",
    "{{ (1, 2) }}{{ () }}{{ (1,) }}{{ (1) }}{{ ((1)) }}",
    "{{ 'a' 'b' \"c\" }}{{ true }}{{ True }}{{ false }}{{ none }}{{ None }}{{ 1.5 }}",
    "{{ 1_000 }}{{ 0x1f }}{{ 1e3 }}{{ 'é\\n' }}{{ nil }}{{ TRUE }}",
    "{{ a, b }}{{ a, }}",
    "{{ x|f.g(1) }}{{ x|e|upper }}{{ x | default('a') | join(', ') }}{{ x|f(*a, **k) }}",
    "{{ a + b is c }}{{ a is b(1)(2) }}{{ (x|f)(1) }}",
    "{{ foo(bar)(baz) }}{{ foo|bar(1)(2) }}{{ foo.bar.baz[1][2](3) }}",
    "{% for x in range(10) %}{% if x %}{{ x }}{% endif %}{% endfor %}",
    "a\n{% raw %}{{ x }}{% endraw %}\nb",
    "{% if a %}\n  {% for b in c -%}\n    {{ b }}\n  {%- endfor %}\n{% endif %}\n",
    "{# comment #}text{#- another -#}",
    "{% set a = 1 %}{{ a }}{% set b = [1, 2]|map('x')|list %}",
    "{% for x in y | reverse %}{{ loop.cycle('a', 'b') }}{% endfor %}",
    "{% macro m() %}{{ caller(1) }}{% endmacro %}{% call(a, b=2) m() %}{{ a }}{% endcall %}",
    "{{ a.b.c }}{{ a['b']['c'] }}{{ a[b.c] }}{{ a[-1] }}",
    "{{ x if y }}{{ x if y else (z if w) }}",
    "{% for x, in y %}{% endfor %}",
    "{% for x in a, recursive %}{% endfor %}{% for x in a, b recursive %}{% endfor %}",
    "{{ x is not none and x is not sameas false }}",
    "{{ a or b or c }}{{ a and b and c }}{{ a or b and c }}",
    "{{ not not a in b }}{{ not a not in b }}",
    "{{ 1 if x else 2 ~ 3 }}",
    "{{ {'a': b, c: d}['a'] }}{{ [1, 2][0] }}{{ (1, 2)[0] }}{{ 'abc'[1:] }}",
    # Errors: the first line of the message must be Jinja2's.
    "{{ x is defined if y else z }}",
    "{{ a == not b }}",
    "{% block a-b %}{% endblock %}",
    "{% for %}{% if x %}{% endfor %}",
    "{% %}",
    "{{ }}",
    "{% for x in y %}{% endfro %}",
    "{% for x in y %}\n{% if a %}",
    "{% endfor %}",
    "{% if a %}{% endfor %}",
    "{% for x in y %}{% if x %}{% endfor %}",
    "{{ a.1.2 }}",
    "{% set 1 = 2 %}",
    "{% set a.b = 2 %}",
    "{% for a.b in c %}{% endfor %}",
    "{% macro m(a=1, b) %}{% endmacro %}",
    "{% from 'a' import _x %}",
    "{{ f(a=1, 2) }}",
    "{{ f(**a, *b) }}",
    "{{ f(*a, *b) }}",
    "{% call m %}{% endcall %}",
    "{{ x is y is z }}",
    "{{ a[] }}",
    "{{ a. }}",
    "{{ a.'b' }}",
    "{% block x required %}x{% endblock %}",
    "{% block x required %}{{ y }}{% endblock %}",
    "{% block x %}{% endblock y %}",
    "{{ a if }}",
    "{{ [1, 2 }}",
    "{{ (a b) }}",
    "{% with a %}{% endwith %}",
    "{{ a + }}",
    "{{ foo",
    "{% if %}",
    "{% for x in %}{% endfor %}",
    "{{ x|1 }}",
    "{{ x is }}",
    "{{ x if y else }}",
    "{% extends %}",
    "{% import 'a' %}",
    "{% from 'a' import %}",
    "{% from 'a' import 1 %}",
    "{% macro %}{% endmacro %}",
    "{% macro m %}{% endmacro %}",
    "{% if a %}{% else %}{% else %}{% endif %}",
    "{% for x in y %}{% else %}{% elif %}{% endfor %}",
    "{% raw %}{% endraw %}{% endraw %}",
    "{% set x %}{% endset %}{% endset %}",
    "{% include %}",
    "{% filter %}{% endfilter %}",
    "{% break %}",
    "{% do x %}",
    "{{ 1 2 }}",
    "{% if a b %}{% endif %}",
    "{{ a | }}",
    "{{ {'a' 1} }}",
    "{{ {'a': 1 'b': 2} }}",
    "{{ f(a b) }}",
    "{{ a[1 2] }}",
    "{% autoescape %}{% endautoescape %}",
    "{% set %}",
    "{% with a=1 b=2 %}{% endwith %}",
    "{% for x in y recursive if z %}{% endfor %}",
]


@pytest.mark.parametrize("source", TEMPLATES)
def test_tree_equals_jinja2(source: str) -> None:
    assert tmpl_result(source) == jinja_result(source)


@pytest.mark.parametrize(
    "options",
    [
        {"line_statement_prefix": "#", "line_comment_prefix": "##"},
        {"trim_blocks": True, "lstrip_blocks": True},
        {
            "block_start_string": "<%",
            "block_end_string": "%>",
            "variable_start_string": "${",
            "variable_end_string": "}",
        },
    ],
)
def test_tree_equals_jinja2_with_other_settings(options: dict[str, Any]) -> None:
    sources = [
        "# for x in y\n  {{ x }} ## note\n# endfor\n",
        "  {% if a %}\n    x\n  {% endif %}\n",
        "<% for x in y %>${ x }<% endfor %>",
        "# if a:\n# set x = (1,\n  2)\n# endif",
    ]
    for source in sources:
        assert tmpl_result(source, **options) == jinja_result(source, **options)


def test_extension_tags_equal_jinja2() -> None:
    source = (
        "{% for x in y %}{% do x.append(1) %}{% if x %}{% break %}{% endif %}"
        "{% continue %}{% endfor %}"
    )
    expected = dump(
        jinja2.Environment(extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"]).parse(source)
    )
    for names in (
        ["jinja2.ext.do", "jinja2.ext.loopcontrols"],
        ["tmpl.ext.ExprStmtExtension", "tmpl.ext.LoopControlExtension"],
        ["tmpl.ext.do", "tmpl.ext.loopcontrols"],
    ):
        assert dump(tmpl.Environment(extensions=names).parse(source)) == expected


def test_loop_controls_need_the_extension() -> None:
    with pytest.raises(TemplateSyntaxError, match="Encountered unknown tag 'break'"):
        tmpl.Environment().parse("{% for x in y %}{% break %}{% endfor %}")


# --- spans and line numbers -------------------------------------------------------------------


def walk(node: nodes.Node) -> list[nodes.Node]:
    result = [node]
    todo = [node]
    while todo:
        for child in todo.pop().iter_child_nodes():
            result.append(child)
            todo.append(child)
    return result


@pytest.mark.parametrize("source", [t for t in TEMPLATES if not jinja_result(t)[0] == "error"])
def test_every_node_has_a_span_inside_the_source(source: str) -> None:
    env = tmpl.Environment()
    template = env.parse(source)
    for node in walk(template):
        span = node.span
        assert span is not None, node
        assert isinstance(node.lineno, int)
        assert node.environment is env
        assert 0 <= span.offset <= span.end_offset <= len(source), node
        assert (span.lineno, span.col) <= (span.end_lineno, span.end_col)


def test_children_lie_within_their_parents() -> None:
    template = tmpl.Environment().parse(TEMPLATES[2] + "\n" + TEMPLATES[27] + TEMPLATES[36])
    todo: list[nodes.Node] = [template]
    while todo:
        parent = todo.pop()
        for child in parent.iter_child_nodes():
            assert parent.span.offset <= child.span.offset, (parent, child)
            assert child.span.end_offset <= parent.span.end_offset, (parent, child)
            todo.append(child)


def test_child_nodes_match_jinja2_on_every_node_type() -> None:
    source = TEMPLATES[2] + "\n" + TEMPLATES[27] + TEMPLATES[36] + "{{ a.b[c]|f(d) is t(e) }}"
    ours = [type(n).__name__ for n in walk(tmpl.Environment().parse(source))]
    theirs = [type(n).__name__ for n in walk(jinja2.Environment().parse(source))]
    assert ours == theirs


def test_a_subclass_with_fields_of_its_own_yields_their_nodes() -> None:
    # Names and constants declare that their fields hold no nodes; a subclass that adds
    # fields may well hold some.
    class Tagged(nodes.Name):
        fields = (*nodes.Name.fields, "tag")

    tag = nodes.Const("t")
    node = Tagged("x", "load", tag)
    assert list(node.iter_child_nodes()) == [tag]
    assert list(node.find_all(nodes.Const)) == [tag]
    assert list(nodes.Name("x", "load").iter_child_nodes()) == []


SPAN_TEXT = [
    # source, node type, text its span covers
    ("{{ a + b * c }}", nodes.Add, "a + b * c"),
    ("{{ a + b * c }}", nodes.Mul, "b * c"),
    ("{{ x|f(1)|g }}", nodes.Filter, "x|f(1)|g"),
    ("{{ f(a, b=1) }}", nodes.Call, "f(a, b=1)"),
    ("{{ f(a, b=1) }}", nodes.Keyword, "b=1"),
    ("{{ a.b }}", nodes.Getattr, "a.b"),
    ("{{ a[1:2] }}", nodes.Slice, "1:2"),
    ("{{ x is divisibleby 3 }}", nodes.Test, "x is divisibleby 3"),
    ("{{ not a }}", nodes.Not, "not a"),
    ("{{ -a }}", nodes.Neg, "-a"),
    ("{{ a if b else c }}", nodes.CondExpr, "a if b else c"),
    ("{{ a < b < c }}", nodes.Compare, "a < b < c"),
    ("{{ [1, 2] }}", nodes.List, "[1, 2]"),
    ("{{ {'a': 1} }}", nodes.Pair, "'a': 1"),
    ("{{ 'a' 'b' }}", nodes.Const, "'a' 'b'"),
    ("x{{ y }}z", nodes.Output, "x{{ y }}z"),
    ("a\n{% for x in y %}\nb{% endfor %}\n", nodes.For, "{% for x in y %}\nb{% endfor %}"),
    ("{% set x = 1 %}", nodes.Assign, "{% set x = 1 %}"),
    ("{% if a %}{% elif b %}c{% endif %}", nodes.If, "{% if a %}{% elif b %}c{% endif %}"),
]


@pytest.mark.parametrize(("source", "node_type", "text"), SPAN_TEXT)
def test_span_covers_the_node_text(source: str, node_type: type, text: str) -> None:
    template = tmpl.Environment().parse(source)
    found = template.find(node_type)
    assert found is not None
    assert source[found.span.offset : found.span.end_offset] == text


def test_spans_on_later_lines() -> None:
    source = "line\n  {{ user.name|upper }}\n"
    getattr_node = tmpl.Environment().parse(source).find(nodes.Getattr)
    assert getattr_node.lineno == 2
    span = getattr_node.span
    assert (span.lineno, span.col, span.end_lineno, span.end_col) == (2, 5, 2, 14)


def test_linenos_follow_jinja2_for_statements() -> None:
    source = "a\n{% for x in y %}\n{% if x %}\n{{ x }}{% endif %}{% endfor %}"
    ours = tmpl.Environment().parse(source)
    theirs = jinja2.Environment().parse(source)
    for our_type, their_type in (
        (nodes.For, jinja2.nodes.For),
        (nodes.If, jinja2.nodes.If),
        (nodes.Name, jinja2.nodes.Name),
    ):
        assert [n.lineno for n in ours.find_all(our_type)] == [
            n.lineno for n in theirs.find_all(their_type)
        ]


# --- tmpl's include extension ---------------------------------------------------------------


def test_include_with_values() -> None:
    template = tmpl.Environment().parse(
        '{% include "card.html" with title="x", item=row %}'
        '{% include "card.html" with title="y" only %}'
        '{% include "card.html" only %}'
        '{% include "card.html" ignore missing with a=1 %}'
        '{% include "card.html" with context %}'
    )
    includes = list(template.find_all(nodes.Include))
    first, second, third, fourth, fifth = includes
    assert [(k.key, dump(k.value)) for k in first.with_values] == [
        ("title", ("Const", ("value", "x"))),
        ("item", ("Name", ("name", "row"), ("ctx", "load"))),
    ]
    assert (first.only, first.with_context) == (False, True)
    assert [k.key for k in second.with_values] == ["title"]
    assert (second.only, second.with_context) == (True, False)
    assert (third.with_values, third.only, third.with_context) == ([], True, False)
    assert fourth.ignore_missing and [k.key for k in fourth.with_values] == ["a"]
    assert (fifth.with_values, fifth.only, fifth.with_context) == (None, False, True)


def test_include_with_values_errors() -> None:
    with pytest.raises(TemplateSyntaxError) as info:
        tmpl.Environment().parse('{% include "a" with 1 %}')
    assert "name=value" in info.value.message
    assert info.value.col == 21


# --- errors: positions and hints ------------------------------------------------------------

ERROR_POSITIONS = [
    # source, first line of message (prefix), line, column
    ("{{ }}", "Expected an expression, got 'end of print statement'", 1, 4),
    ("x\n{% for x in y %}{% endfro %}", "Encountered unknown tag 'endfro'.", 2, 20),
    ("{% if a %}\n\n{% for x in y %}", "Unexpected end of template.", 3, 17),
    ("{{ a +  }}", "unexpected 'end of print statement'", 1, 9),
    ("{{ a b }}", "expected token 'end of print statement', got 'b'", 1, 6),
    ("{% set 1 = 2 %}", "can't assign to 'const'", 1, 8),
    ("{% macro m(a=1, b) %}{% endmacro %}", "non-default argument follows default argument", 1, 17),
    ("{{ f(a=1, 2) }}", "invalid syntax for function call expression", 1, 11),
    ("{{ x is y is z }}", "You cannot chain multiple tests with is", 1, 11),
    ("{% block a-b %}{% endblock %}", "Block names in Jinja have to be valid", 1, 11),
    ("{% call m %}{% endcall %}", "expected call", 1, 9),
    ("{% %}", "tag name expected", 1, 4),
    ("{{ a. }}", "expected name or number", 1, 7),
    ("{% from 'a' import _x %}", "names starting with an underline can not be imported", 1, 20),
    ("{{ [1, 2 3] }}", "expected token ',', got 'integer'", 1, 10),
    ("{% block x %}{% endblock y %}", "expected token 'end of statement block', got 'y'", 1, 26),
    ("\n  {% block x required %}x{% endblock %}", "Required blocks can only contain", 2, 25),
]


@pytest.mark.parametrize(("source", "message", "lineno", "col"), ERROR_POSITIONS)
def test_error_positions(source: str, message: str, lineno: int, col: int) -> None:
    with pytest.raises(TemplateSyntaxError) as info:
        tmpl.Environment().parse(source, "page.html")
    error = info.value
    assert error.message.startswith(message)
    assert (error.lineno, error.col) == (lineno, col)
    assert error.name == "page.html"


def test_unknown_tag_suggests_the_closest_tag() -> None:
    source = "{% for x in y %}\n{% endfro %}"
    with pytest.raises(TemplateSyntaxError) as info:
        tmpl.Environment().parse(source)
    error = info.value
    assert error.message == (
        "Encountered unknown tag 'endfro'. Jinja was looking for the following tags: "
        "'endfor' or 'else'. The innermost block that needs to be closed is 'for'."
    )
    assert "did you mean 'endfor'?" in error.hint
    assert "'for' (opened at line 1, column 4)" in error.hint
    assert "did you mean 'endfor'?" in str(error)


def test_unknown_tag_outside_blocks_suggests_a_known_tag() -> None:
    with pytest.raises(TemplateSyntaxError) as info:
        tmpl.Environment().parse("{% inlcude 'x' %}")
    assert "did you mean 'include'?" in info.value.hint


def test_extension_tags_are_suggested_too() -> None:
    env = tmpl.Environment(extensions=["tmpl.ext.loopcontrols"])
    with pytest.raises(TemplateSyntaxError) as info:
        env.parse("{% for x in y %}{% brek %}{% endfor %}")
    assert "did you mean 'break'?" in info.value.hint


def test_end_of_template_names_the_innermost_open_block() -> None:
    source = "{% if a %}\n\n  {% for x in y %}\n  {{ x }}\n"
    with pytest.raises(TemplateSyntaxError) as info:
        tmpl.Environment().parse(source)
    error = info.value
    assert error.message == (
        "Unexpected end of template. Jinja was looking for the following tags: "
        "'endfor' or 'else'. The innermost block that needs to be closed is 'for'."
    )
    assert "'for' (opened at line 3, column 6)" in error.hint
    assert "'endfor'" in error.hint


def test_nesting_mistake_is_explained() -> None:
    with pytest.raises(TemplateSyntaxError) as info:
        tmpl.Environment().parse("{% for x in y %}\n{% if x %}\n{% endfor %}")
    error = info.value
    assert error.message.startswith("Encountered unknown tag 'endfor'. You probably made")
    assert (error.lineno, error.col) == (3, 4)
    assert "'if' (opened at line 2, column 4)" in error.hint


def test_assertion_errors_keep_their_class() -> None:
    with pytest.raises(TemplateAssertionError):
        tmpl.Environment().parse("{% from 'a' import _private %}")


# --- robustness: nesting and flat constructs --------------------------------------------------

DEEP = {
    "parentheses": "{{ " + "(" * 10_000 + "x" + ")" * 10_000 + " }}",
    "unclosed parentheses": "{{ " + "(" * 10_000,
    "lists": "{{ " + "[" * 10_000 + "]" * 10_000 + " }}",
    "dicts": "{{ " + "{1: " * 5_000 + "1" + "}" * 5_000 + " }}",
    "calls": "{{ f" + "(f" * 5_000 + ")" * 5_000 + " }}",
    "subscripts": "{{ a" + "[a" * 5_000 + "]" * 5_000 + " }}",
    "filter arguments": "{{ x" + "|f(x" * 5_000 + ")" * 5_000 + " }}",
    "nots": "{{ " + "not " * 10_000 + "x }}",
    "negations": "{{ " + "-" * 10_000 + "x }}",
    "ifs": "{% if a %}" * 10_000 + "{% endif %}" * 10_000,
    "fors": "{% for a in b %}" * 10_000,
    "macros": "{% macro m() %}" * 10_000,
}


@pytest.mark.parametrize("source", DEEP.values(), ids=list(DEEP))
def test_absurd_nesting_is_a_syntax_error(source: str) -> None:
    with pytest.raises(TemplateSyntaxError) as info:
        tmpl.Environment().parse(source)
    assert info.value.message == "nesting too deep"
    assert info.value.lineno == 1
    assert info.value.col is not None and info.value.col > 1
    assert info.value.hint


def count(template: nodes.Node, node_type: type) -> int:
    # Iterative: the trees below are 1,000 levels deep.
    return sum(1 for node in walk(template) if isinstance(node, node_type))


def test_long_flat_constructs_parse() -> None:
    env = tmpl.Environment()
    template = env.parse("{% if a %}" + "{% elif b %}x" * 1000 + "{% else %}{% endif %}")
    assert len(template.body[0].elif_) == 1000
    template = env.parse("{{ " + " or ".join(["a"] * 1000) + " }}")
    assert count(template, nodes.Or) == 999
    template = env.parse("{{ [" + ", ".join(["1"] * 1000) + "] }}")
    assert len(template.body[0].nodes[0].items) == 1000
    template = env.parse("{{ " + " ~ ".join(["a"] * 1000) + " }}")
    assert len(template.body[0].nodes[0].nodes) == 1000
    template = env.parse("{{ a" + ".b" * 1000 + "|f" * 1000 + " }}")
    assert count(template, nodes.Filter) == 1000
    assert count(template, nodes.Getattr) == 1000
    template = env.parse("{{ " + "a if b else " * 1000 + "c }}")
    assert count(template, nodes.CondExpr) == 1000
    template = env.parse("{{ " + " < ".join(["a"] * 1000) + " }}")
    assert len(template.body[0].nodes[0].ops) == 999


def test_one_hundred_nested_blocks_parse() -> None:
    source = "{% for x in y %}{% if x %}" * 50 + "{{ ((x)) }}" + "{% endif %}{% endfor %}" * 50
    template = tmpl.Environment().parse(source)
    assert sum(1 for _ in template.find_all(nodes.For)) == 50
    assert dump(template) == jinja_result(source)


# --- the public parser API (for extensions) ---------------------------------------------------


def test_parser_api_for_bare_expressions() -> None:
    parser = Parser(tmpl.Environment(), "a + b * 2", state="variable")
    expr = parser.parse_expression()
    assert dump(expr) == dump(
        jinja2.parser.Parser(jinja2.Environment(), "a + b * 2", state="variable").parse_expression()
    )
    assert parser.stream.eos


def test_free_identifier() -> None:
    parser = Parser(tmpl.Environment(), "")
    first = parser.free_identifier(3)
    second = parser.free_identifier()
    assert isinstance(first, nodes.InternalName)
    assert (first.name, first.lineno, second.name) == ("fi1", 3, "fi2")


def test_parse_tuple_and_assign_target_api() -> None:
    parser = Parser(tmpl.Environment(), "a, b in c", state="block")
    target = parser.parse_assign_target(extra_end_rules=("name:in",))
    assert dump(target) == (
        "Tuple",
        (
            "items",
            [("Name", ("name", "a"), ("ctx", "store")), ("Name", ("name", "b"), ("ctx", "store"))],
        ),
        ("ctx", "store"),
    )
    parser.stream.expect("name:in")
    assert dump(parser.parse_tuple()) == ("Name", ("name", "c"), ("ctx", "load"))


def test_fail_uses_the_current_token_position() -> None:
    parser = Parser(tmpl.Environment(), "{{ a }}\n  {{ b }}", "t")
    parser.stream.skip(4)
    with pytest.raises(TemplateSyntaxError) as info:
        parser.fail("custom problem")
    assert (info.value.lineno, info.value.col, info.value.name) == (2, 3, "t")


class _GreetExtension(tmpl.ext.Extension):
    """An extension with a tag and a body, built on the parser's public methods."""

    tags = {"greet"}

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        who = parser.parse_expression()
        body = parser.parse_statements(("name:endgreet",), drop_needle=True)
        return nodes.Output([who, *[n for o in body for n in o.nodes]], lineno=lineno)


def test_extensions_are_dispatched_by_tag() -> None:
    env = tmpl.Environment(extensions=[_GreetExtension])
    template = env.parse("{% greet 'you' %}!{% endgreet %}")
    output = template.find(nodes.Output)
    assert dump(output.nodes) == [("Const", ("value", "you")), ("TemplateData", ("data", "!"))]
    for node in walk(template):
        assert node.span is not None and node.environment is env
    with pytest.raises(TemplateSyntaxError) as info:
        env.parse("{% greet 'you' %}!")
    assert "'endgreet'" in info.value.message


# --- diagnostics: the exact error for each mistake the CLI's checker found unhelpful ---------

# (source, line, column, end column, message, hint)
DIAGNOSED = [
    (
        "{% else %}",
        1,
        4,
        8,
        "Encountered unknown tag 'else'.",
        "there is no open 'if' or 'for' block for this 'else'",
    ),
    (
        "{% elif x %}",
        1,
        4,
        8,
        "Encountered unknown tag 'elif'.",
        "there is no open 'if' block for this 'elif'",
    ),
    (
        "{% endif %}",
        1,
        4,
        9,
        "Encountered unknown tag 'endif'.",
        "there is no open 'if' block to close",
    ),
    (
        "{% endfor %}",
        1,
        4,
        10,
        "Encountered unknown tag 'endfor'.",
        "there is no open 'for' block to close",
    ),
    (
        "{% for x in y %}{% endif %}{% endfor %}",
        1,
        20,
        25,
        "Encountered unknown tag 'endif'. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost block that needs to be closed is 'for'.",
        "there is no open 'if' block to close. The innermost block that needs to be closed is 'for' (opened at line 1, column 4); close it with 'endfor'.",
    ),
    (
        "{% for x in y %}\n  {% if a %}\n{% endfor %}",
        3,
        4,
        10,
        "Encountered unknown tag 'endfor'. You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.",
        "The innermost block that needs to be closed is 'if' (opened at line 2, column 6); close it with 'endif'.",
    ),
    (
        "{% if x %}\nhello",
        2,
        6,
        6,
        "Unexpected end of template. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.",
        "The innermost block that needs to be closed is 'if' (opened at line 1, column 4); close it with 'endif'.",
    ),
    (
        "{% block a %}{% endblock b %}",
        1,
        26,
        27,
        "expected token 'end of statement block', got 'b'",
        "this endblock closes the block 'a' (opened at line 1, column 4)",
    ),
    (
        "hello\n{{ user.name\n\n{% if a %}{% endif %}",
        2,
        1,
        3,
        "'{{' is never closed",
        "add '}}' to close it (parsing stopped at line 4, column 1: expected token 'end of print statement', got '{')",
    ),
    (
        "<p>\n  {{ user.name\n</p>",
        2,
        3,
        5,
        "'{{' is never closed",
        "add '}}' to close it (parsing stopped at line 3, column 2: unexpected '/')",
    ),
    (
        "{{ a\n{% if b %}{{ c }}",
        1,
        1,
        3,
        "'{{' is never closed",
        "add '}}' to close it (parsing stopped at line 2, column 1: expected token 'end of print statement', got '{')",
    ),
    (
        "{% if a\n<p>{{ b }}</p>",
        1,
        1,
        3,
        "'{%' is never closed",
        "add '%}' to close it (parsing stopped at line 2, column 9: expected token ':', got '}')",
    ),
    (
        "{{ x %}",
        1,
        6,
        8,
        "expected '}}' to end the '{{' at line 1, column 1, found '%}'",
        "'%}' closes '{%' tags; end this tag with '}}'",
    ),
    (
        "{% if x }}{% endif %}",
        1,
        9,
        11,
        "expected '%}' to end the '{%' at line 1, column 1, found '}}'",
        "'}}' closes '{{' tags; end this tag with '%}'",
    ),
    (
        "{{ x #}",
        1,
        6,
        8,
        "expected '}}' to end the '{{' at line 1, column 1, found '#}'",
        "'#}' closes '{#' tags; end this tag with '}}'",
    ),
    (
        "{{ x -%}",
        1,
        7,
        9,
        "expected '}}' to end the '{{' at line 1, column 1, found '%}'",
        "'%}' closes '{%' tags; end this tag with '}}'",
    ),
    (
        "{% for x in y %}{% break %}{% endfor %}",
        1,
        20,
        25,
        "Encountered unknown tag 'break'. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost block that needs to be closed is 'for'.",
        "'break' comes from an extension: enable it with extensions=[\"tmpl.ext.loopcontrols\"]",
    ),
    (
        "{% continue %}",
        1,
        4,
        12,
        "Encountered unknown tag 'continue'.",
        "'continue' comes from an extension: enable it with extensions=[\"tmpl.ext.loopcontrols\"]",
    ),
    (
        "{% do x %}",
        1,
        4,
        6,
        "Encountered unknown tag 'do'.",
        "'do' comes from an extension: enable it with extensions=[\"tmpl.ext.do\"]",
    ),
    (
        "{% trans %}x{% endtrans %}",
        1,
        4,
        9,
        "Encountered unknown tag 'trans'.",
        "'trans' comes from an extension: enable it with extensions=[\"tmpl.ext.i18n\"]",
    ),
    (
        "{% debug %}",
        1,
        4,
        9,
        "Encountered unknown tag 'debug'.",
        "'debug' comes from an extension: enable it with extensions=[\"tmpl.ext.debug\"]",
    ),
    (
        "{{ a b }}",
        1,
        6,
        7,
        "expected token 'end of print statement', got 'b'",
        "an operator is missing between 'a' and 'b' (e.g. '~' to join them as text)",
    ),
    (
        "{% if a b %}x{% endif %}",
        1,
        9,
        10,
        "expected token 'end of statement block', got 'b'",
        "an operator is missing between 'a' and 'b' (e.g. '~' to join them as text)",
    ),
    (
        "{{ x.1a }}",
        1,
        7,
        8,
        "expected token 'end of print statement', got 'a'",
        "'1a' is not a name: names cannot start with a digit (write ['1a'] to look up a key like that)",
    ),
    ("{{ {'a': } }}", 1, 10, 11, "unexpected '}'", "a value is missing after ':'"),
    ("{{ 1 +* 2 }}", 1, 7, 8, "unexpected '*'", "an operand is missing between '+' and '*'"),
    ("{{ * 2 }}", 1, 4, 5, "unexpected '*'", "'*' cannot start an expression"),
    ("{{ f(1,,2) }}", 1, 8, 9, "unexpected ','", "an expression is missing before this ','"),
    (
        "{% include 'a' ignore %}",
        1,
        16,
        22,
        "expected token 'end of statement block', got 'ignore'",
        "did you mean 'ignore missing'?",
    ),
    ("{{ x + }}", 1, 8, 10, "unexpected 'end of print statement'", "an expression is missing here"),
    (
        "{{ '}}' + }}",
        1,
        11,
        13,
        "unexpected 'end of print statement'",
        "an expression is missing here",
    ),
]


@pytest.mark.parametrize(("source", "lineno", "col", "end_col", "message", "hint"), DIAGNOSED)
def test_diagnosed_errors(
    source: str, lineno: int, col: int, end_col: int, message: str, hint: str | None
) -> None:
    with pytest.raises(TemplateSyntaxError) as info:
        tmpl.Environment().parse(source)
    error = info.value
    assert (error.lineno, error.col, error.end_col) == (lineno, col, end_col)
    assert (error.message, error.hint) == (message, hint)


def test_extension_tags_are_not_blamed_on_a_missing_extension_once_enabled() -> None:
    env = tmpl.Environment(extensions=["tmpl.ext.i18n"])
    with pytest.raises(TemplateSyntaxError) as info:
        env.parse("{% endtrans %}")
    assert info.value.hint == "there is no open 'trans' block to close"


# --- properties -------------------------------------------------------------------------------

PIECES = st.sampled_from(
    [
        "{{ ",
        " }}",
        "{% ",
        " %}",
        "{# ",
        " #}",
        "if ",
        "for ",
        "in ",
        "endif",
        "endfor",
        "else",
        "elif ",
        "set ",
        "block ",
        "endblock",
        "macro ",
        "endmacro",
        "call ",
        "endcall",
        "x",
        "y",
        "1",
        "'s'",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ",",
        ":",
        "|",
        ".",
        "=",
        "+",
        "-",
        "*",
        "**",
        "~",
        "not ",
        "and ",
        "or ",
        " is ",
        "defined",
        " if ",
        "include ",
        "with ",
        "only",
        "raw",
        "endraw",
        "\n",
        "text ",
        "-",
        "filter ",
        "endfilter",
        "recursive",
    ]
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=30).map("".join))
def test_any_input_gives_a_template_or_a_positioned_syntax_error(source: str) -> None:
    try:
        template = tmpl.Environment().parse(source)
    except TemplateSyntaxError as exc:
        assert isinstance(exc.lineno, int) and exc.lineno >= 1
        return
    assert isinstance(template, nodes.Template)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=25).map("".join))
def test_random_templates_parse_like_jinja2(source: str) -> None:
    expected = jinja_result(source)
    actual = tmpl_result(source)
    if expected[0] == "error" or actual[0] == "error":
        # Both must fail.  (tmpl refuses a few inputs Jinja2 silently accepts: a comment or
        # raw opener at the very end of the template.)
        assert actual[0] == "error", (source, expected)
        if expected[0] != "error":
            assert "Missing end of" in actual[2] or "unclosed" in actual[2], (source, actual)
        return
    assert actual == expected


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TEMPLATES), st.data())
def test_mutated_templates_never_crash(source: str, data: st.DataObject) -> None:
    position = data.draw(st.integers(0, len(source)))
    cut = data.draw(st.integers(0, 5))
    insert = data.draw(st.sampled_from(["", "{", "}", "%", "(", ")", "'", "\n", "end", "-"]))
    mutated = source[:position] + insert + source[position + cut :]
    try:
        tmpl.Environment().parse(mutated)
    except TemplateSyntaxError as exc:
        assert exc.lineno >= 1
