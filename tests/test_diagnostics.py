"""Diagnostics: exact positions and hints for broken templates, every error of a file at
once, strict lints, and runtime errors located at the template line.

Positions are checked as ``file:line:col`` and, where it says more, by what the source holds
at the reported offset.
"""

from __future__ import annotations

import traceback

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tmpl
from tmpl.diagnostics import (
    MAX_ERRORS,
    check_source,
    check_template,
    code_frame,
    enrich,
    format_exception,
    lint_template,
    suggest,
    template_location,
)
from tmpl.exceptions import TemplateAssertionError, TemplateSyntaxError, UndefinedError

NAME = "page.html"
FILENAME = "templates/page.html"


def check(source: str, environment: tmpl.Environment | None = None) -> list[TemplateSyntaxError]:
    return check_source(environment or tmpl.Environment(), source, NAME, FILENAME)


def located(errors: list[TemplateSyntaxError]) -> list[str]:
    return [error.location for error in errors]


# -- one error: position, message, hint ------------------------------------------------------

# (source, file:line:col, start of the message, part of the hint, text at the position)
BROKEN = [
    pytest.param(
        "{{ user.name",
        "1:1",
        "unexpected end of template",
        "this '{{' is never closed",
        "{{",
        id="variable-never-closed-at-end",
    ),
    pytest.param(
        "<p>\n  {{ user.name\n</p>\n{% if a %}{% endif %}",
        "2:3",
        "'{{' is never closed",
        "add '}}' to close it (parsing stopped at line 3, column 2",
        "{{ user",
        id="variable-never-closed-before-a-tag",
    ),
    pytest.param(
        "{% if x %}\nhello",
        "2:6",
        "Unexpected end of template",
        "'if' (opened at line 1, column 4); close it with 'endif'",
        "",
        id="unclosed-if-names-its-line",
    ),
    pytest.param(
        "{% for x in y %}\n{% endif %}",
        "2:4",
        "Encountered unknown tag 'endif'",
        "close it with 'endfor'",
        "endif",
        id="wrong-end-tag-names-the-block",
    ),
    pytest.param(
        "{% for x in y %}{% endfo %}",
        "1:20",
        "Encountered unknown tag 'endfo'",
        "did you mean 'endfor'?",
        "endfo",
        id="misspelt-end-tag",
    ),
    pytest.param(
        "{% fore x in y %}{% endfor %}",
        "1:4",
        "Encountered unknown tag 'fore'",
        "did you mean 'for'?",
        "fore",
        id="misspelt-tag",
    ),
    pytest.param(
        "<b>{{ name | uper }}</b>",
        "1:14",
        "No filter named 'uper'.",
        "did you mean 'upper'?",
        "uper",
        id="unknown-filter-suggests",
    ),
    pytest.param(
        "{% filter captalize %}x{% endfilter %}",
        "1:11",
        "No filter named 'captalize'.",
        "did you mean 'capitalize'?",
        "captalize",
        id="unknown-filter-block",
    ),
    pytest.param(
        "{{ x | qqqq }}",
        "1:8",
        "No filter named 'qqqq'.",
        "register it in environment.filters",
        "qqqq",
        id="unknown-filter-nothing-close",
    ),
    pytest.param(
        "{{ 1 + }}",
        "1:8",
        "unexpected 'end of print statement'",
        "an expression is missing here",
        "}}",
        id="missing-operand",
    ),
    pytest.param(
        "{{ foo( }}",
        "1:9",
        "unexpected '}', expected ')'",
        "the bracket opened at line 1, column 7 is closed by ')'",
        "}}",
        id="unclosed-call",
    ),
    pytest.param(
        "{{ 'abc }}",
        "1:4",
        "unexpected char",
        "this string literal is never closed",
        "'abc",
        id="unclosed-string",
    ),
    pytest.param(
        "{# note",
        "1:1",
        "Missing end of comment tag",
        "close the comment with '#}'",
        "{#",
        id="unclosed-comment",
    ),
    pytest.param(
        "{% raw %}abc",
        "1:1",
        "Missing end of raw directive",
        "{% endraw %}",
        "{% raw",
        id="unclosed-raw",
    ),
    pytest.param(
        "{% block main-content %}{% endblock %}",
        "1:14",
        "Block names in Jinja have to be valid Python identifiers",
        "underscores, no hyphens",
        "-",
        id="hyphen-in-block-name",
    ),
    pytest.param(
        "{% macro m(a=1, b) %}{% endmacro %}",
        "1:17",
        "non-default argument follows default argument",
        "give 'b' a default value",
        "b)",
        id="macro-argument-order",
    ),
    pytest.param(
        "{% set 1 = 2 %}",
        "1:8",
        "can't assign to 'const'",
        "only names",
        "1 =",
        id="assign-to-literal",
    ),
    pytest.param(
        "{% %}",
        "1:4",
        "tag name expected",
        "a tag starts with its name",
        "%}",
        id="empty-tag",
    ),
    pytest.param(
        "{% block a %}{% endblock b %}",
        "1:26",
        "expected token 'end of statement block', got 'b'",
        "this endblock closes the block 'a'",
        "b %}",
        id="endblock-other-name",
    ),
    pytest.param(
        "é {{ 'é' ~ 1 + }}",
        "1:16",
        "unexpected 'end of print statement'",
        "an expression is missing here",
        "}}",
        id="columns-count-characters",
    ),
    pytest.param(
        "a\r\nb\r\n\t{{ 1 + }}",
        "3:9",
        "unexpected 'end of print statement'",
        "an expression is missing here",
        "}}",
        id="crlf-and-tab",
    ),
]


@pytest.mark.parametrize(("source", "where", "message", "hint", "at"), BROKEN)
def test_check_source_positions_and_hints(
    source: str, where: str, message: str, hint: str, at: str
) -> None:
    [error] = check(source)
    assert error.location == f"{FILENAME}:{where}"
    assert error.name == NAME
    assert error.message.startswith(message)
    assert hint in error.hint
    assert error.source == source
    assert source[error.offset :].startswith(at)


@pytest.mark.parametrize(("source", "where", "message", "hint", "at"), BROKEN)
def test_compile_then_enrich_agrees_with_check(
    source: str, where: str, message: str, hint: str, at: str
) -> None:
    """The library path (compile raises, ``enrich`` adds the help) reports the same."""
    env = tmpl.Environment()
    with pytest.raises(TemplateSyntaxError) as info:
        env.compile(source, NAME, FILENAME)
    error = enrich(info.value, env)
    assert error.location == f"{FILENAME}:{where}"
    assert hint in error.hint


def test_str_shows_location_frame_and_hint() -> None:
    [error] = check("<ul>\n  {{ items | lenght }}\n</ul>")
    assert str(error) == (
        "templates/page.html:2:14: No filter named 'lenght'.\n"
        "2 |   {{ items | lenght }}\n"
        "                 ^^^^^^\n"
        "hint: did you mean 'length'?"
    )


def test_unknown_test_suggests_and_points_at_the_name() -> None:
    env = tmpl.Environment()
    [error] = check("{{ n is od }}", env)
    assert isinstance(error, TemplateAssertionError)
    assert (error.location, error.hint) == (f"{FILENAME}:1:9", "did you mean 'odd'?")
    assert error.end_col == 11


def test_environment_check_delegates_here() -> None:
    errors = tmpl.Environment().check("{{ 1 + }}\n{{ x | uper }}", NAME, FILENAME)
    assert located(errors) == [f"{FILENAME}:1:8", f"{FILENAME}:2:8"]


def test_check_source_of_a_good_template_is_empty() -> None:
    source = "{% extends 'base.html' %}{% block a %}{{ x | upper }}{% endblock %}"
    assert check(source) == []


# -- every error of a file --------------------------------------------------------------------


def test_reports_every_error_in_source_order() -> None:
    source = (
        "{% for x in y %}{{ 1 + }}{% endfor %}\n"
        "{{ x | uper }}\n"
        "{% if %}a{% else %}b{% endif %}\n"
        "{{ (1 }}"
    )
    errors = check(source)
    assert located(errors) == [f"{FILENAME}:{pos}" for pos in ("1:24", "2:8", "3:7", "4:7")]
    assert [e.hint for e in errors][1] == "did you mean 'upper'?"


@pytest.mark.parametrize(
    ("source", "positions"),
    [
        pytest.param(
            "{% block a %}{{ foo( }}{% endblock %}{{ a b }}",
            ["1:22", "1:43"],
            id="error-in-a-block-body",
        ),
        pytest.param(
            "{% for x in %}{{ loop.index }}{% endfor %}{{ z ) }}",
            ["1:13", "1:48"],
            id="broken-for-tag",
        ),
        pytest.param(
            "{% for %}{{ loop.index }}{% else %}{% endfor %}{{ 1 + }}",
            ["1:8", "1:55"],
            id="for-too-short-for-a-stand-in",
        ),
        pytest.param(
            "{% if a %}\n{% for x in y %}\n{% endif %}\n{{ 1 + }}",
            ["3:4", "4:8"],
            id="nesting-mistake-once",
        ),
        pytest.param(
            "{% for x in y %}{% endfo %}{{ x | nope }}{{ z is evn }}",
            ["1:20", "1:35", "1:50"],
            id="end-tag-typo-then-compile-errors",
        ),
        pytest.param(
            "{% fore x in y %}{{ x }}{% endfor %}{{ 1 + }}",
            ["1:4", "1:44"],
            id="misspelt-opener-takes-its-end-tag",
        ),
        pytest.param(
            "{% trans %}x{% endtrans %}{{ 1 + }}",
            ["1:4", "1:34"],
            id="unknown-extension-tag-takes-its-end-tag",
        ),
        pytest.param(
            "{% if x }}\nabc{% endif %}{{ 1 + }}",
            ["1:9", "2:22"],
            id="wrong-closing-delimiter",
        ),
        pytest.param(
            "{# x\n{{ 1 + }}",
            ["1:1", "2:8"],
            id="unclosed-comment",
        ),
        pytest.param(
            "{% raw %}{{ x }}\n{{ 1 + }}",
            ["1:1", "2:8"],
            id="unclosed-raw",
        ),
        pytest.param(
            "{% block a %}{% endblock %}{% block a %}{% endblock %}{{ 1 + }}",
            ["1:28", "1:62"],
            id="compile-error-then-syntax-error",
        ),
        pytest.param(
            "{% if a %}{% if b %}{{ 1 + }}",
            ["1:28", "1:30"],
            id="unclosed-blocks-at-the-end-once",
        ),
        pytest.param(
            "hello\n{{ user.name\n\n{% if a %}{% endif %}\n{{ 1 + }}",
            ["2:1", "5:8"],
            id="unclosed-variable",
        ),
        pytest.param(
            "{% for x in y %}{% break %}{% endfor %}{{ 1 + }}",
            ["1:20", "1:47"],
            id="extension-tag-inside-a-block",
        ),
        pytest.param("{% elif x %}{{ 1 + }}", ["1:4", "1:20"], id="stray-elif-is-dropped"),
        pytest.param("{{ x -%}\n{{ 1 + }}", ["1:7", "2:8"], id="wrong-delimiter-after-an-operator"),
        pytest.param("{% if a\n<p>{{ b }}</p>\n{{ 1 + }}", ["1:1", "3:8"], id="block-never-closed"),
    ],
)
def test_recovery_finds_the_next_error_without_cascades(source: str, positions: list[str]) -> None:
    assert located(check(source)) == [f"{FILENAME}:{pos}" for pos in positions]


def test_errors_in_many_blocks_keep_their_positions() -> None:
    lines = [f"{{% block b{i} %}}{{{{ x{i} + }}}}{{% endblock %}}" for i in range(20)]
    errors = check("\n".join(lines))
    assert located(errors) == [f"{FILENAME}:{i + 1}:{21 + 2 * len(str(i))}" for i in range(20)]
    for error in errors:
        assert error.source is not None
        assert error.source[error.offset :].startswith("}}")


def test_duplicate_macro_argument_is_a_template_error() -> None:
    [error] = check("{% macro m(a, a) %}{% endmacro %}")
    assert isinstance(error, TemplateSyntaxError)
    assert error.lineno == 1
    assert "'a'" in error.message and "l_" not in error.message


def test_error_count_is_capped() -> None:
    assert len(check("{{ 1 + }}\n" * (MAX_ERRORS + 20))) == MAX_ERRORS


def test_custom_delimiters() -> None:
    env = tmpl.Environment(
        block_start_string="<%",
        block_end_string="%>",
        variable_start_string="${",
        variable_end_string="}",
    )
    source = "<% for x in %>${ x }<% endfor %>\n${ 1 + }"
    assert located(check(source, env)) == [f"{FILENAME}:1:13", f"{FILENAME}:2:8"]


def test_line_statements() -> None:
    env = tmpl.Environment(line_statement_prefix="#")
    source = "# for x in\n{{ x }}\n# endfor\n{{ 1 + }}"
    assert located(check(source, env)) == [f"{FILENAME}:1:11", f"{FILENAME}:4:8"]


_SNIPPETS = [
    "text ",
    "{{ x }}",
    "{{ 1 + }}",
    "{% if a %}",
    "{% endif %}",
    "{% for x in y %}",
    "{% endfor %}",
    "{% else %}",
    "{{ x | uper }}",
    "{{ f( }}",
    "{#",
    "#}",
    "\n",
    "{% block b %}",
    "{% endblock %}",
    "{% set x = %}",
    "}}",
    "{{",
    "{%",
    "%}",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_SNIPPETS), max_size=12))
def test_first_error_is_what_compile_reports(pieces: list[str]) -> None:
    """Recovery never loses or moves the error compile reports, and finds none in a good
    source."""
    source = "".join(pieces)
    env = tmpl.Environment()
    errors = check_source(env, source, NAME, FILENAME)
    try:
        env.compile(source, NAME, FILENAME)
    except TemplateSyntaxError as error:
        first = enrich(error, env)
        assert (first.lineno, first.col, first.message) in [
            (e.lineno, e.col, e.message) for e in errors
        ]
    except SyntaxError:
        assert errors
    else:
        assert errors == []
    for error in errors:
        assert 1 <= error.lineno <= source.count("\n") + 1


# -- strict lints -----------------------------------------------------------------------------


def lint(source: str, known: tuple[str, ...] = (), templates: dict[str, str] | None = None):
    env = tmpl.Environment(loader=tmpl.DictLoader(templates or {}))
    template, errors = check_template(env, source, NAME, FILENAME)
    assert errors == []
    assert template is not None
    return lint_template(env, template, source, NAME, FILENAME, known)


def test_lint_unknown_test_in_a_condition() -> None:
    # The compiler lets an unknown test in an if condition pass until render time.
    [error] = lint("{% if n is evn %}x{% endif %}", known=("n",))
    assert (error.location, error.message) == (f"{FILENAME}:1:12", "No test named 'evn'.")
    assert error.hint == "did you mean 'even'?"


@pytest.mark.parametrize(
    ("source", "where", "missing"),
    [
        ("{% extends 'bsae.html' %}", "1:12", "bsae.html"),
        ("a\n{% include 'nav.html' %}", "2:12", "nav.html"),
        ("{% import 'forms.html' as f %}", "1:11", "forms.html"),
        ("{% from 'forms.html' import field %}", "1:9", "forms.html"),
        ("{% include ['x.html', 'y.html'] %}", "1:13", "x.html"),
    ],
)
def test_lint_missing_templates(source: str, where: str, missing: str) -> None:
    [error] = lint(source, templates={"base.html": ""})
    assert error.location == f"{FILENAME}:{where}"
    assert error.message == f"template {missing!r} does not exist"


def test_lint_suggests_an_existing_template() -> None:
    [error] = lint("{% extends 'bsae.html' %}", templates={"base.html": ""})
    assert error.hint == "did you mean 'base.html'?"


@pytest.mark.parametrize(
    "source",
    [
        "{% include 'nav.html' ignore missing %}",
        "{% include ['nav.html', 'base.html'] %}",
        "{% include name %}",
        "{% extends 'base.html' %}",
    ],
)
def test_lint_templates_that_may_be_missing_or_exist(source: str) -> None:
    assert lint(source, known=("name",), templates={"base.html": ""}) == []


def test_lint_undefined_variables_at_their_first_use() -> None:
    source = "{% set a = 1 %}{{ a }}\n{{ usr.name }} {{ usr }}\n{% for i in range(3) %}{{ i }}{% endfor %}"
    [error] = lint(source, known=("user",))
    assert (error.location, error.message) == (f"{FILENAME}:2:4", "'usr' is undefined")
    assert error.hint == "did you mean 'user'?"
    assert error.end_col == 7


def test_lint_top_level_names_reach_the_blocks() -> None:
    source = (
        "{% extends 'base.html' %}{% from 'm.html' import card, price as p %}"
        "{% import 'f.html' as forms %}{% set title = 'T' %}{% macro local() %}{% endmacro %}"
        "{% if flag %}{% set extra = 1 %}{% endif %}"
        "{% block b %}{{ card() }}{{ p() }}{{ forms.x }}{{ title }}{{ local() }}{{ extra }}"
        "{% endblock %}"
    )
    templates = {"base.html": "", "m.html": "", "f.html": ""}
    assert lint(source, known=("flag",), templates=templates) == []


def test_lint_variables_the_template_tests_for_are_expected() -> None:
    source = "{% if user is defined %}{{ user }}{% endif %}{{ title | default('x') }}"
    assert lint(source) == []


# -- runtime errors ---------------------------------------------------------------------------


@pytest.fixture
def page(tmp_path):
    """Write a template file; render it and return the exception raised."""

    def render(source: str, environment: tmpl.Environment | None = None, **context):
        (tmp_path / NAME).write_text(source, encoding="utf-8")
        env = environment or tmpl.Environment(undefined=tmpl.StrictUndefined)
        env.loader = tmpl.FileSystemLoader(str(tmp_path))
        with pytest.raises(Exception) as info:
            env.get_template(NAME).render(**context)
        return info.value

    render.filename = str(tmp_path / NAME)
    return render


def test_undefined_error_names_the_variable_and_points_at_it(page) -> None:
    error = page("<p>\n  {{ user.name }}\n</p>")
    assert isinstance(error, UndefinedError)
    assert str(error) == "'user' is undefined"
    assert format_exception(error) == (
        f"{page.filename}:2:6: UndefinedError: 'user' is undefined\n"
        "2 |   {{ user.name }}\n"
        "         ^^^^^^^^^"
    )


def test_undefined_attribute_names_the_chain(page) -> None:
    error = page("{{ 'Hi ' ~ user.name }}", user={})
    assert str(error) == "'dict object' has no attribute 'name'"
    where = template_location(error.__traceback__)
    assert where is not None
    assert (where.filename, where.lineno) == (page.filename, 1)


def test_python_traceback_shows_the_template_line_with_carets(page) -> None:
    source = "first line\n{% for u in users %}{{ u.profile.email }}{% endfor %}"
    error = page(source, users=[{}])
    assert str(error) == "'dict object' has no attribute 'profile'"
    text = "".join(traceback.format_exception(error))
    assert f'File "{page.filename}", line 2, in ' in text
    # The innermost template frame (the loop body) underlines the expression that failed:
    # its position is that of ``u.profile.email``.  (How Python draws the carets from it
    # varies: 3.11 draws them one column to the right in comprehension frames.)
    innermost = text[text.rindex(f'File "{page.filename}"') :].splitlines()
    assert innermost[1] == "    {% for u in users %}{{ u.profile.email }}{% endfor %}"
    assert innermost[2].strip() == "^" * len("u.profile.email")
    frame = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == page.filename]
    start = frame[-1].line.index("u.profile.email")  # type: ignore[union-attr]
    assert (frame[-1].colno, frame[-1].end_colno) == (start, start + len("u.profile.email"))


def test_exception_inside_a_filter(page) -> None:
    env = tmpl.Environment()

    def explode(value: object) -> str:
        raise ValueError(f"cannot explode {value!r}")

    env.filters["explode"] = explode
    error = page("a\nb {{ 42 | explode }}", env)
    assert isinstance(error, ValueError)
    text = "".join(traceback.format_exception(error))
    assert f'File "{page.filename}", line 2' in text
    assert "b {{ 42 | explode }}" in text
    assert format_exception(error).splitlines() == [
        f"{page.filename}:2:6: ValueError: cannot explode 42",
        "2 | b {{ 42 | explode }}",
        "         ^^^^^^^^^^^^",
    ]


def test_template_without_a_file_is_shown_by_name() -> None:
    env = tmpl.Environment(undefined=tmpl.StrictUndefined)
    env.loader = tmpl.DictLoader({NAME: "x\n{{ y.z }}"})
    with pytest.raises(UndefinedError) as info:
        env.get_template(NAME).render()
    assert format_exception(info.value).splitlines()[0] == (
        f"{NAME}:2:4: UndefinedError: 'y' is undefined"
    )


def test_exception_inside_a_called_function_in_a_macro(page) -> None:
    def fail() -> None:
        raise KeyError("missing")

    source = "{% macro m() %}\n  {{ fail() }}\n{% endmacro %}{{ m() }}"
    error = page(source, tmpl.Environment(), fail=fail)
    where = template_location(error.__traceback__)
    assert where is not None
    assert (where.lineno, where.col, where.line.strip()) == (2, 6, "{{ fail() }}")


def test_runtime_unknown_filter_gets_a_suggestion(page) -> None:
    # In an if condition the compiler defers unknown filters to render time.
    env = tmpl.Environment()
    error = page("{% if 'x' | uper %}y{% endif %}", env)
    assert format_exception(error, env).endswith("hint: did you mean 'upper'?")


def test_error_outside_templates_has_no_location() -> None:
    try:
        raise RuntimeError("boom")
    except RuntimeError as error:
        assert format_exception(error) == "RuntimeError: boom"
        assert template_location(error.__traceback__) is None


def test_syntax_error_from_the_library_gets_its_frame() -> None:
    env = tmpl.Environment(loader=tmpl.DictLoader({NAME: "x\n{{ name | titel }}"}))
    with pytest.raises(TemplateSyntaxError) as info:
        env.get_template(NAME)
    assert format_exception(info.value, env) == (
        f"{NAME}:2:11: No filter named 'titel'.\n"
        "2 | {{ name | titel }}\n"
        "              ^^^^^\n"
        "hint: did you mean 'title'?"
    )


# -- helpers ----------------------------------------------------------------------------------


def test_code_frame() -> None:
    assert code_frame("\tab cd\n", 12, 4, 6) == "12 |  ab cd\n        ^^"
    assert code_frame("x", 1, None) == "1 | x"


def test_suggest() -> None:
    assert suggest("uper", ["upper", "lower"]) == "upper"
    assert suggest("zzz", ["upper", "lower"]) is None
