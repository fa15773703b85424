"""Property tests for the whole front end: lexer, parser and compiler together.

Any input becomes a Template or a TemplateSyntaxError carrying a position; never an
IndexError, a RecursionError, or a Python SyntaxError from generated code.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tmpl
from tmpl.exceptions import TemplateSyntaxError

EXTENSIONS = ["tmpl.ext.loopcontrols", "tmpl.ext.do", "tmpl.ext.i18n"]

NAMES = st.sampled_from(["a", "b", "loop", "caller", "varargs", "kwargs", "self", "x_1", "ns"])
ATOMS = st.one_of(
    NAMES,
    st.sampled_from(["1", "2.5", "'s'", '"t"', "none", "True", "[]", "{}", "(1,)", "1_000"]),
)
BINARY = st.sampled_from(
    ["+", "-", "*", "/", "//", "%", "**", "~", "and", "or", "==", "<", "in", "not in"]
)
FILTERS = st.sampled_from(
    ["|upper", "|join(',')", "|default(1)", "|e", "|safe", "|length", "|map('x')"]
)


@st.composite
def expressions(draw: st.DrawFn, depth: int = 0) -> str:
    if depth > 2:
        return draw(ATOMS)
    kind = draw(st.integers(0, 7))
    sub = expressions(depth + 1)
    if kind == 0:
        return f"{draw(sub)} {draw(BINARY)} {draw(sub)}"
    if kind == 1:
        return f"{draw(sub)}{draw(FILTERS)}"
    if kind == 2:
        return f"{draw(sub)}.{draw(NAMES)}"
    if kind == 3:
        return f"{draw(sub)}[{draw(sub)}]"
    if kind == 4:
        return f"{draw(sub)}({draw(sub)}, k={draw(sub)})"
    if kind == 5:
        return f"{draw(sub)} if {draw(sub)} else {draw(sub)}"
    if kind == 6:
        return f"not {draw(sub)} is defined"
    return draw(ATOMS)


@st.composite
def statements(draw: st.DrawFn, depth: int = 0) -> str:
    expr = draw(expressions())
    if depth > 2:
        return draw(st.sampled_from([f"{{{{ {expr} }}}}", "text", "{% break %}", "{% do x %}"]))
    body = st.lists(statements(depth + 1), max_size=3).map("".join)
    name = draw(NAMES)
    templates = [
        f"{{{{ {expr} }}}}",
        f"{{% if {expr} %}}{draw(body)}{{% elif {expr} %}}{draw(body)}{{% else %}}{draw(body)}{{% endif %}}",
        f"{{% for {name} in {expr} %}}{draw(body)}{{% else %}}{draw(body)}{{% endfor %}}",
        f"{{% for {name}, b in {expr} if {expr} recursive %}}{draw(body)}{{% endfor %}}",
        f"{{% set {name} = {expr} %}}",
        f"{{% set {name} %}}{draw(body)}{{% endset %}}",
        f"{{% macro m({name}, b={expr}) %}}{draw(body)}{{% endmacro %}}",
        f"{{% call({name}) m({expr}) %}}{draw(body)}{{% endcall %}}",
        f"{{% with {name} = {expr} %}}{draw(body)}{{% endwith %}}",
        f"{{% filter upper %}}{draw(body)}{{% endfilter %}}",
        f"{{% block b{depth} %}}{draw(body)}{{% endblock %}}",
        f"{{% autoescape {expr} %}}{draw(body)}{{% endautoescape %}}",
        f"{{% trans %}}x{{% endtrans %}}",
        "{% break %}",
        "{% continue %}",
        f"{{% do {expr} %}}",
        f"{{% include {expr} ignore missing %}}",
        f"{{% from 'x' import {name} %}}",
        f"{{% extends {expr} %}}",
    ]
    return draw(st.sampled_from(templates))


def compile_or_syntax_error(source: str) -> None:
    env = tmpl.Environment(extensions=EXTENSIONS)
    try:
        env.from_string(source)
    except TemplateSyntaxError as error:
        assert isinstance(error.lineno, int) and error.lineno >= 1
        assert error.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(statements(), max_size=4).map("".join))
def test_generated_templates_compile_or_fail_with_a_position(source: str) -> None:
    compile_or_syntax_error(source)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(statements(), min_size=1, max_size=3).map("".join), st.data())
def test_mutated_templates_compile_or_fail_with_a_position(
    source: str, data: st.DataObject
) -> None:
    position = data.draw(st.integers(0, len(source)))
    cut = data.draw(st.integers(0, 6))
    insert = data.draw(st.sampled_from(["", "{", "}", "%}", "{%", "(", ")", "'", "\n", "-", "end"]))
    compile_or_syntax_error(source[:position] + insert + source[position + cut :])


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="{}%#()[]'\"-+ ab=|.,:\n", max_size=60))
def test_arbitrary_text_compiles_or_fails_with_a_position(source: str) -> None:
    compile_or_syntax_error(source)


def test_duplicate_macro_arguments_are_a_syntax_error() -> None:
    try:
        tmpl.Environment().from_string("{% macro m(a, a) %}{% endmacro %}")
    except TemplateSyntaxError as error:
        assert error.lineno == 1
        assert "a" in error.message
    else:
        raise AssertionError("duplicate argument accepted")
