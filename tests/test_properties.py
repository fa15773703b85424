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


STATEMENT_FORMS = [
    "{{{{ {e} }}}}",
    "{{% if {e} %}}{b}{{% elif {e} %}}{b}{{% else %}}{b}{{% endif %}}",
    "{{% for {n} in {e} %}}{b}{{% else %}}{b}{{% endfor %}}",
    "{{% for {n}, b in {e} if {e} recursive %}}{b}{{% endfor %}}",
    "{{% set {n} = {e} %}}",
    "{{% set {n} %}}{b}{{% endset %}}",
    "{{% macro m({n}, b={e}) %}}{b}{{% endmacro %}}",
    "{{% call({n}) m({e}) %}}{b}{{% endcall %}}",
    "{{% with {n} = {e} %}}{b}{{% endwith %}}",
    "{{% filter upper %}}{b}{{% endfilter %}}",
    "{{% block b{d} %}}{b}{{% endblock %}}",
    "{{% autoescape {e} %}}{b}{{% endautoescape %}}",
    "{{% trans %}}x{{% endtrans %}}",
    "{{% break %}}",
    "{{% continue %}}",
    "{{% do {e} %}}",
    "{{% include {e} ignore missing %}}",
    "{{% from 'x' import {n} %}}",
    "{{% extends {e} %}}",
]


@st.composite
def statements(draw: st.DrawFn, depth: int = 0) -> str:
    # Choose the form first and draw only the parts it uses: drawing every form's parts
    # would grow exponentially with the depth.
    if depth > 1:
        form = draw(st.sampled_from(["{{{{ {e} }}}}", "text", "{{% break %}}", "{{% do {e} %}}"]))
    else:
        form = draw(st.sampled_from(STATEMENT_FORMS))
    parts: dict[str, str] = {"d": str(depth)}
    if "{e}" in form:
        parts["e"] = draw(expressions())
    if "{n}" in form:
        parts["n"] = draw(NAMES)
    if "{b}" in form:
        parts["b"] = draw(st.lists(statements(depth + 1), max_size=2).map("".join))
    return form.format(**parts)


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
