"""Differential cases: the lexer's surface — delimiters, whitespace control, raw, comments,
line statements, newline handling."""

from __future__ import annotations

import re

from diffharness import case, check, params

SEQ = {"seq": [1, 2, 3]}

# Custom delimiters in the style of several real projects.
ERB = dict(
    block_start_string="<%",
    block_end_string="%>",
    variable_start_string="<%=",
    variable_end_string="%>",
    comment_start_string="<%#",
    comment_end_string="%>",
)
DOLLAR = dict(
    block_start_string="<%",
    block_end_string="%>",
    variable_start_string="${",
    variable_end_string="}",
    comment_start_string="<#",
    comment_end_string="#>",
)
SQUARE = dict(
    block_start_string="[%",
    block_end_string="%]",
    variable_start_string="[[",
    variable_end_string="]]",
    comment_start_string="[#",
    comment_end_string="#]",
)
LATEX = dict(
    block_start_string=r"\BLOCK{",
    block_end_string="}",
    variable_start_string=r"\VAR{",
    variable_end_string="}",
    comment_start_string=r"\#{",
    comment_end_string="}",
)

DELIMITERS = [
    case("plain-text", "hello world"),
    case("empty-template", ""),
    case("variable", "{{ x }}", {"x": 42}),
    case("variable-no-spaces", "{{x}}", {"x": "a"}),
    case("variable-many-spaces", "{{      x      }}", {"x": "a"}),
    case("variable-newlines-inside", "{{\nx\n}}", {"x": "a"}),
    case("variable-tabs-inside", "{{\tx\t}}", {"x": "a"}),
    case("block", "{% if true %}yes{% endif %}"),
    case("block-no-spaces", "{%if true%}yes{%endif%}"),
    case("comment", "a{# comment #}b"),
    case("comment-no-spaces", "a{#comment#}b"),
    case("lone-braces", "{ } {x} }} %} #}"),
    case("brace-space-brace", "{ { x } }"),
    case("single-open-brace-end", "text {"),
    case("percent-brace", "100% sure {x%"),
    case("string-with-variable-end", "{{ '}}' }}"),
    case("string-with-block-end", "{{ '%}' }}"),
    case("string-with-comment-start", "{{ '{#' }}"),
    case("string-with-block-end-in-block", "{% set x = '%}' %}{{ x }}"),
    case("dict-literal-closing-braces", "{{ {'a': {'b': 1}} }}"),
    case("dict-literal-nested-attribute", "{{ {'a': {'b': 1}}.a.b }}"),
    case("unclosed-variable", "{{ x", raises="TemplateSyntaxError"),
    case("unclosed-variable-at-text", "a {{ x b", raises="TemplateSyntaxError"),
    case("unclosed-block-tag", "{% if x", raises="TemplateSyntaxError"),
    case("unclosed-comment", "a {# b", raises="TemplateSyntaxError"),
    case("empty-variable", "{{ }}", raises="TemplateSyntaxError"),
    case("empty-block", "{% %}", raises="TemplateSyntaxError"),
    case("unknown-tag", "{% frobnicate %}", raises="TemplateSyntaxError"),
    case("unclosed-if", "{% if x %}a", raises="TemplateSyntaxError"),
    case("unclosed-for", "{% for x in y %}a", raises="TemplateSyntaxError"),
    case("stray-endif", "a{% endif %}", raises="TemplateSyntaxError"),
    case("stray-endfor", "{% endfor %}", raises="TemplateSyntaxError"),
    case("mismatched-end", "{% if x %}{% endfor %}", raises="TemplateSyntaxError"),
    case("variable-end-in-block", "{% if x }}", raises="TemplateSyntaxError"),
    case("block-end-in-variable", "{{ x %}", raises="TemplateSyntaxError"),
    case(
        "two-expressions-in-variable", "{{ x y }}", {"x": 1, "y": 2}, raises="TemplateSyntaxError"
    ),
    case("unbalanced-paren", "{{ (1 + 2 }}", raises="TemplateSyntaxError"),
    case("unbalanced-bracket", "{{ [1, 2 }}", raises="TemplateSyntaxError"),
    case("extra-closing-paren", "{{ 1 + 2) }}", raises="TemplateSyntaxError"),
    case("bad-character", "{{ 1 $ 2 }}", raises="TemplateSyntaxError"),
    case("unterminated-string", "{{ 'abc }}", raises="TemplateSyntaxError"),
    case("erb-variable", "<%= x %>", {"x": 5}, **ERB),
    case("erb-block", "<% for i in seq %><%= i %>,<% endfor %>", SEQ, **ERB),
    case("erb-comment", "a<%# note %>b", **ERB),
    case("erb-jinja-syntax-is-text", "{{ x }}{% if %}", {"x": 1}, **ERB),
    case("dollar-variable", "${ x }", {"x": "v"}, **DOLLAR),
    case("dollar-block-and-comment", "<% if x %>${x}<% endif %><# hidden #>", {"x": 3}, **DOLLAR),
    case("dollar-dict-in-variable", "${ {'a': 1}['a'] }", **DOLLAR),
    case("square-delimiters", "[% for i in seq %][[ i ]][# c #][% endfor %]", SEQ, **SQUARE),
    case("square-list-literal", "[[ [1, [2, 3]][1][0] ]]", **SQUARE),
    case(
        "latex-delimiters",
        r"\BLOCK{for i in seq}\VAR{i}\#{c}\BLOCK{endfor}",
        SEQ,
        **LATEX,
    ),
    case(
        "custom-variable-only",
        "<<x>>{{ y }}",
        {"x": 1},
        variable_start_string="<<",
        variable_end_string=">>",
    ),
    case(
        "custom-block-only",
        "(* if true *)yes(* endif *){{ x }}",
        {"x": 2},
        block_start_string="(*",
        block_end_string="*)",
    ),
    case(
        "custom-comment-only",
        "a/* hidden */b{# shown? #}",
        comment_start_string="/*",
        comment_end_string="*/",
    ),
    case(
        "custom-delimiters-whitespace-control",
        "a  <%- if true -%>  b  <%- endif -%>  c",
        **DOLLAR,
    ),
    case("custom-unclosed-variable", "${ x", raises="TemplateSyntaxError", **DOLLAR),
]

WHITESPACE = [
    case("minus-left-block", "a   {%- if true %}b{% endif %}"),
    case("minus-right-block", "{% if true -%}   \n  b{% endif %}"),
    case("minus-both-block", "a \n {%- if true -%} \n b \n {%- endif -%} \n c"),
    case("minus-variable", "a  {{- x -}}  b", {"x": 1}),
    case("minus-variable-left-only", "a  {{- x }}  b", {"x": 1}),
    case("minus-variable-right-only", "a  {{ x -}}  b", {"x": 1}),
    case("minus-comment", "a  {#- c -#}  b"),
    case("minus-comment-left", "a \n\n {#- c #} \n b"),
    case("minus-strips-newlines-and-tabs", "a\n\t\n\t{{- 1 -}}\n\t\nb"),
    case("minus-does-not-touch-value", "[{{- '  x  ' -}}]"),
    case("minus-in-for-loop", "{% for i in seq -%}\n  {{ i }}\n{%- endfor %}", SEQ),
    case("minus-expression-negative-number", "{{-1}}"),
    case("minus-expression-subtraction", "{{ 5 -1 }}"),
    case("minus-spaces-and-negative", "{{- -1 -}}"),
    case("minus-before-nothing", "{%- if true -%}{%- endif -%}"),
    case("plus-left-lstrip", "  {%+ if true %}x{% endif %}", lstrip_blocks=True),
    case("plus-left-without-lstrip", "  {%+ if true %}x{% endif %}"),
    case("plus-right-trim", "{% if true +%}\nx{% endif %}", trim_blocks=True),
    case("plus-right-without-trim", "{% if true +%}\nx{% endif %}"),
    case("plus-comment-lstrip", "  {#+ c #}x", lstrip_blocks=True),
    case("trim-blocks", "{% if true %}\nyes\n{% endif %}\nafter", trim_blocks=True),
    case("trim-blocks-only-one-newline", "{% if true %}\n\nyes{% endif %}", trim_blocks=True),
    case("trim-blocks-not-variables", "{{ 1 }}\n{{ 2 }}\n", trim_blocks=True),
    case("trim-blocks-comment", "{# c #}\nx", trim_blocks=True),
    case("trim-blocks-crlf", "{% if true %}\r\nyes{% endif %}", trim_blocks=True),
    case("trim-blocks-for", "{% for i in seq %}\n{{ i }}\n{% endfor %}\n", SEQ, trim_blocks=True),
    case("trim-blocks-raw", "{% raw %}\n{{ x }}\n{% endraw %}\nz", trim_blocks=True),
    case("trim-blocks-space-before-newline", "{% if true %} \nyes{% endif %}", trim_blocks=True),
    case("lstrip-blocks", "    {% if true %}yes{% endif %}", lstrip_blocks=True),
    case("lstrip-blocks-tabs", "\t \t{% if true %}yes{% endif %}", lstrip_blocks=True),
    case("lstrip-blocks-text-before", "a   {% if true %}yes{% endif %}", lstrip_blocks=True),
    case("lstrip-blocks-not-variables", "    {{ 1 }}", lstrip_blocks=True),
    case("lstrip-blocks-comment", "    {# c #}x", lstrip_blocks=True),
    case(
        "lstrip-and-trim",
        "<ul>\n    {% for i in seq %}\n    <li>{{ i }}</li>\n    {% endfor %}\n</ul>",
        SEQ,
        lstrip_blocks=True,
        trim_blocks=True,
    ),
    case(
        "lstrip-and-trim-nested",
        "{% for i in seq %}\n  {% if i is odd %}\n    {{ i }}\n  {% endif %}\n{% endfor %}\n",
        SEQ,
        lstrip_blocks=True,
        trim_blocks=True,
    ),
    case(
        "lstrip-minus-combination",
        "a\n    {%- if true %}\n    b\n    {% endif -%}\n  c",
        lstrip_blocks=True,
    ),
    case("lstrip-blocks-second-line", "x\n   {% if true %}y{% endif %}", lstrip_blocks=True),
    case("lstrip-raw", "   {% raw %}{{ x }}{% endraw %}", lstrip_blocks=True),
    case("lstrip-custom-delimiters", "  <% if true %>y<% endif %>", lstrip_blocks=True, **DOLLAR),
    case("keep-trailing-newline-off", "a\n"),
    case("keep-trailing-newline-on", "a\n", keep_trailing_newline=True),
    case("keep-trailing-newline-two", "a\n\n"),
    case("keep-trailing-newline-two-on", "a\n\n", keep_trailing_newline=True),
    case("trailing-newline-after-block", "{% if true %}a{% endif %}\n"),
    case("trailing-crlf-removed", "a\r\n"),
    case("newline-sequence-crlf", "a\nb\nc", newline_sequence="\r\n"),
    case("newline-sequence-cr", "a\nb", newline_sequence="\r"),
    case("newline-normalises-crlf-input", "a\r\nb\rc\nd"),
    case("newline-sequence-value-untouched", "{{ x }}\n", {"x": "1\n2"}, newline_sequence="\r\n"),
    case(
        "newline-sequence-keep-trailing",
        "a\r\n",
        newline_sequence="\r\n",
        keep_trailing_newline=True,
    ),
    case("newline-in-string-literal", "{{ 'a\nb' }}", newline_sequence="\r\n"),
    case("ws-lstrip-explicit-minus", "a\n  {%- if true %}\n  b{% endif %}", lstrip_blocks=True),
    case("ws-trim-minus-right", "{% if true -%}\n\n  b{% endif %}", trim_blocks=True),
    case("ws-crlf-trim-keep", "{% if true %}\r\nA\r\n{% endif %}\r\n", trim_blocks=True, keep_trailing_newline=True),
    case("ws-crlf-lstrip", "x\r\n   {% if true %}y{% endif %}", lstrip_blocks=True),
    case("ws-comment-minus-lstrip", "a\n   {#- c -#}\n   b", lstrip_blocks=True, trim_blocks=True),
    case("ws-lstrip-line-statement", "  # if true\n  x\n  # endif\n", line_statement_prefix="#", lstrip_blocks=True),
    case("ws-raw-lstrip-trim", "  {% raw %}\n  {{ x }}\n  {% endraw %}\n  y", lstrip_blocks=True, trim_blocks=True),
    case("ws-variable-minus-newline", "a\n{{- 'b' -}}\nc"),
    case("ws-lstrip-tab-then-space", "\t {%+ if true %}x{% endif %}", lstrip_blocks=True),
    case("ws-trim-block-end-then-text", "{% for i in [1, 2] %}\n{{ i }}{% endfor %}", trim_blocks=True),
    case("ws-lstrip-before-endfor", "{% for i in [1, 2] %}{{ i }}\n    {% endfor %}", lstrip_blocks=True),
    case("ws-only-whitespace-template", "   \n\t  "),
    case("ws-newline-seq-in-raw", "{% raw %}a\nb{% endraw %}", newline_sequence="\r\n"),
    case("ws-line-comment-keeps-newline", "a ## c\nb", line_comment_prefix="##"),
    case("ws-line-comment-minus", "a\n  ## c\nb", line_comment_prefix="##", lstrip_blocks=True),
    case("ws-line-statement-trailing-ws", "# if true   \nx\n# endif   \n", line_statement_prefix="#"),
    case("ws-line-stmt-in-raw", "{% raw %}\n# if\n{% endraw %}", line_statement_prefix="#"),
    case("ws-line-stmt-minus-var", "# for i in [1,2]\n{{- i }}\n# endfor\n", line_statement_prefix="#"),
    case("ws-lstrip-custom-delims-var", "  <%= x %>\n  <% if true %>y<% endif %>", {"x": 1}, lstrip_blocks=True, block_start_string="<%", block_end_string="%>", variable_start_string="<%=", variable_end_string="%>"),
]

RAW = [
    case("raw-basic", "{% raw %}{{ x }}{% if %}{# c #}{% endraw %}"),
    case("raw-minus", "a {%- raw -%} {{ x }} {%- endraw -%} b"),
    case("raw-minus-inside-only", "a {% raw -%}   {{ x }}   {%- endraw %} b"),
    case("raw-multiline", "{% raw %}\nline1\n{{ a }}\n{% endraw %}"),
    case("raw-with-endraw-text-before", "{% raw %}endraw{% endraw %}"),
    case("raw-unclosed", "{% raw %}{{ x }}", raises="TemplateSyntaxError"),
    case("raw-nested-raw-tag", "{% raw %}{% raw %}{% endraw %}"),
    case("raw-in-for", "{% for i in seq %}{% raw %}{{i}}{% endraw %}{% endfor %}", SEQ),
    case("raw-spaces-in-tag", "{%   raw   %}x{%   endraw   %}"),
    case("raw-custom-delimiters", "<% raw %>${ x }<% endraw %>", **DOLLAR),
]

COMMENTS = [
    case("comment-multiline", "a{# line1\nline2\n #}b"),
    case("comment-with-tags-inside", "a{# {% if %} {{ x }} #}b"),
    case("comment-with-hash", "a{# # ## #}b"),
    case("comment-only", "{# nothing #}"),
    case("comment-between-blocks", "{% if true %}{# c #}x{% endif %}"),
    case("comment-nested-open", "a{# {# inner #}b"),
    case("comment-trailing-newline", "{# c #}\n"),
    case("comment-close-outside", "a #} b"),
]

LINE_STATEMENTS = [
    case(
        "line-statement-for",
        "# for i in seq\n${i}\n# endfor\n",
        SEQ,
        line_statement_prefix="#",
        variable_start_string="${",
        variable_end_string="}",
    ),
    case(
        "line-statement-if-else",
        "% if x\nyes\n% else\nno\n% endif\n",
        {"x": False},
        line_statement_prefix="%",
    ),
    case(
        "line-statement-indented",
        "  # if true\n  x\n  # endif\n",
        line_statement_prefix="#",
    ),
    case(
        "line-statement-trailing-colon",
        "# for i in seq:\n{{ i }}\n# endfor\n",
        SEQ,
        line_statement_prefix="#",
    ),
    case(
        "line-statement-multiline-parens",
        "# for i in [1,\n  2, 3]\n{{ i }}\n# endfor\n",
        line_statement_prefix="#",
    ),
    case(
        "line-statement-with-blocks-too",
        "# if true\n{% for i in seq %}{{ i }}{% endfor %}\n# endif\n",
        SEQ,
        line_statement_prefix="#",
    ),
    case(
        "line-statement-not-at-line-start",
        "a # if true\nb\n",
        line_statement_prefix="#",
    ),
    case(
        "line-statement-set",
        "# set x = 5\nx={{ x }}\n",
        line_statement_prefix="#",
    ),
    case(
        "line-statement-double-colon-prefix",
        "::for i in seq\n{{ i }}\n::endfor\n",
        SEQ,
        line_statement_prefix="::",
    ),
    case(
        "line-statement-macro",
        "# macro m(a)\n[{{ a }}]\n# endmacro\n{{ m(1) }}\n",
        line_statement_prefix="#",
    ),
    case(
        "line-comment",
        "a ## comment\nb\n## whole line\nc",
        line_comment_prefix="##",
    ),
    case(
        "line-comment-and-statement-docs-example",
        "<ul>\n# for item in seq:\n    <li>{{ item }}</li>     ## this comment is ignored\n# endfor\n</ul>",
        SEQ,
        line_statement_prefix="#",
        line_comment_prefix="##",
    ),
    case(
        "line-comment-after-line-statement-is-an-error",
        "# for i in seq ## loop\n{{ i }}\n# endfor\n",
        SEQ,
        line_statement_prefix="#",
        line_comment_prefix="##",
        raises="TemplateSyntaxError",
    ),
    case(
        "line-comment-indented",
        "x\n    // comment\ny",
        line_comment_prefix="//",
    ),
    case(
        "line-comment-in-string-is-text",
        "{{ 'a ## b' }}",
        line_comment_prefix="##",
    ),
    case(
        "line-statement-unclosed",
        "# if true\nx\n",
        line_statement_prefix="#",
        raises="TemplateSyntaxError",
    ),
    case(
        "line-statement-trim-lstrip",
        "  # for i in seq\n  {{ i }}\n  # endfor\n",
        SEQ,
        line_statement_prefix="#",
        trim_blocks=True,
        lstrip_blocks=True,
    ),
]


def slug(source):
    """A readable pytest id from template source: ``{{ x[:, :] }}`` -> ``x[;,_;]``.

    Delimiters go, whitespace becomes ``_``, and ``:`` becomes ``;`` so that an id never
    contains the ``::`` that separates pytest node-id parts."""
    text = re.sub(r"\{%-?|-?%\}|\{\{-?|-?\}\}", " ", source).strip()
    text = re.sub(r"\s+", "_", text).replace(":", ";")
    return text[:48] or "delimiters-only"


def unique_ids(prefix, rows):
    seen = set()
    for source, raises in rows:
        base = name = f"{prefix}-{slug(source)}"
        n = 1
        while name in seen:
            n += 1
            name = f"{base}-v{n}"
        seen.add(name)
        yield name, source, raises


# Malformed or borderline templates: the exception class Jinja2 raises (or None: it renders
# without a context, usually to an empty string through Undefined).
PARSE_EDGES = [
    ("{% for %}{% endfor %}", "TemplateSyntaxError"),
    ("{% endblock %}", "TemplateSyntaxError"),
    ("{% block %}{% endblock %}", "TemplateSyntaxError"),
    ("{% block 1 %}{% endblock %}", "TemplateSyntaxError"),
    ("{% macro %}{% endmacro %}", "TemplateSyntaxError"),
    ("{% macro m( %}{% endmacro %}", "TemplateSyntaxError"),
    ("{% call %}{% endcall %}", "TemplateSyntaxError"),
    ("{% set = 1 %}", "TemplateSyntaxError"),
    ("{% with x %}{% endwith %}", "TemplateSyntaxError"),
    ("{% include %}", "TemplateSyntaxError"),
    ("{% import 'x' as %}", "TemplateSyntaxError"),
    ("{% from 'x' import %}", "TemplateSyntaxError"),
    ("{% extends %}", "TemplateSyntaxError"),
    ("{{ x | }}", "TemplateSyntaxError"),
    ("{{ x. }}", "TemplateSyntaxError"),
    ("{{ x[ }}", "TemplateSyntaxError"),
    ("{{ x[] }}", "UndefinedError"),
    ("{{ f(,) }}", "TemplateSyntaxError"),
    ("{{ 1 + }}", "TemplateSyntaxError"),
    ("{{ not }}", "TemplateSyntaxError"),
    ("{{ [1,,2] }}", "TemplateSyntaxError"),
    ("{{ {1} }}", "TemplateSyntaxError"),
    ("{{ {1:} }}", "TemplateSyntaxError"),
    ("{{ x if }}", "TemplateSyntaxError"),
    ("{{ x if y else }}", "TemplateSyntaxError"),
    ("{{ lambda: 1 }}", "TemplateSyntaxError"),
    ("{{ a = 1 }}", "TemplateSyntaxError"),
    ("{{ a := 1 }}", "TemplateSyntaxError"),
    ("{% if x %}{% elif %}{% endif %}", "TemplateSyntaxError"),
    ("{% for x in y %}{% endfor x %}", "TemplateSyntaxError"),
    ("{% if 'x %}{% endif %}", "TemplateSyntaxError"),
    ("{{ 1 }}}", None),
    ("{% raw %}{% endraw", "TemplateSyntaxError"),
    ("{% block a %}{% endblock b %}", "TemplateSyntaxError"),
    ("{% block a.b %}{% endblock %}", "TemplateSyntaxError"),
    ("{% set x.y.z = 1 %}", "TemplateSyntaxError"),
    ("{% set (a, b) %}{% endset %}", "ValueError"),
    ("{% set a, b %}x{% endset %}", "ValueError"),
    ("{% for x in y recursive recursive %}{% endfor %}", "TemplateSyntaxError"),
    ("{% macro m(a.b) %}{% endmacro %}", "TemplateSyntaxError"),
    ("{% macro m(1) %}{% endmacro %}", "TemplateSyntaxError"),
    ("{% macro m(*args) %}{% endmacro %}", "TemplateSyntaxError"),
    ("{% macro m(**kw) %}{% endmacro %}", "TemplateSyntaxError"),
    ("{{ f(*) }}", "TemplateSyntaxError"),
    ("{{ f(**) }}", "TemplateSyntaxError"),
    ("{{ f(a=) }}", "TemplateSyntaxError"),
    ("{{ x is not }}", "TemplateSyntaxError"),
    ("{{ x is 1 }}", "TemplateSyntaxError"),
    ("{{ x | 1 }}", "TemplateSyntaxError"),
    ("{{ x | f( }}", "TemplateSyntaxError"),
    ("{{ ~x }}", "TemplateSyntaxError"),
    ("{{ *x }}", "TemplateSyntaxError"),
    ("{{ x ** }}", "TemplateSyntaxError"),
    ("{{ 1 < }}", "TemplateSyntaxError"),
    ("{{ not in x }}", "TemplateSyntaxError"),
    ("{{ x not y }}", "TemplateSyntaxError"),
    ("{{ .x }}", "TemplateSyntaxError"),
    ("{{ x.1.2 }}", "UndefinedError"),
    ("{{ x.'a' }}", "TemplateSyntaxError"),
    ("{{ 'a'.b }}", None),
    ("{% filter %}{% endfilter %}", "TemplateSyntaxError"),
    ("{% filter 1 %}{% endfilter %}", "TemplateSyntaxError"),
    ("{% autoescape %}{% endautoescape %}", "TemplateSyntaxError"),
    ("{% with %}", "TemplateSyntaxError"),
    ("{% call m() %}", "TemplateSyntaxError"),
    ("{% call(a b) m() %}{% endcall %}", "TemplateSyntaxError"),
    ("{% if x %}{% else %}", "TemplateSyntaxError"),
    ("{% elif x %}", "TemplateSyntaxError"),
    ("{% else %}", "TemplateSyntaxError"),
    ("{% endmacro %}", "TemplateSyntaxError"),
    ("{% endcall %}", "TemplateSyntaxError"),
    ("{% endfilter %}", "TemplateSyntaxError"),
    ("{% endset %}", "TemplateSyntaxError"),
    ("{% endwith %}", "TemplateSyntaxError"),
    ("{% endautoescape %}", "TemplateSyntaxError"),
    ("{% endraw %}", "TemplateSyntaxError"),
    ("{% block x %}{% block x %}{% endblock %}{% endblock %}", "TemplateAssertionError"),
    ("{% include 'a' with %}", "TemplateSyntaxError"),
    ("{% include 'a' ignore %}", "TemplateSyntaxError"),
    ("{% include 'a' without %}", "TemplateSyntaxError"),
    ("{% import 'a' as m with %}", "TemplateSyntaxError"),
    ("{% import 'a' as 1 %}", "TemplateSyntaxError"),
    ("{% from 'a' import b as %}", "TemplateSyntaxError"),
    ("{% from 'a' import 1 %}", "TemplateSyntaxError"),
    ("{% from 'a' import b c %}", "TemplateSyntaxError"),
    ("{% extends 'a' 'b' %}", "TypeError"),
    ("{{ x }", "TemplateSyntaxError"),
    ("{ x }}", None),
    ("{% if x %", "TemplateSyntaxError"),
    ("{{ 'a' 1 }}", "TemplateSyntaxError"),
    ("{{ (1, 2 }}", "TemplateSyntaxError"),
    ("{{ (1 2) }}", "TemplateSyntaxError"),
    ("{{ [1 2] }}", "TemplateSyntaxError"),
    ("{{ {'a' 1} }}", "TemplateSyntaxError"),
    ("{{ {'a': 1 'b': 2} }}", "TemplateSyntaxError"),
    ("{{ x[1:2:3:4] }}", "TemplateSyntaxError"),
    ("{{ x[::] }}", "UndefinedError"),
    ("{{ x[1,] }}", "TemplateSyntaxError"),
    ("{{ 1.2.3 }}", None),
    ("{{ 1__0 }}", "TemplateSyntaxError"),
    ("{{ 1_ }}", "TemplateSyntaxError"),
    ("{{ 0x }}", "TemplateSyntaxError"),
    ("{{ 1e }}", "TemplateSyntaxError"),
    ("{{ 'abc' }}{{ \"unterminated }}", "TemplateSyntaxError"),
    ("{{ x\n }}", None),
    ("{{ 'a\\' }}", "TemplateSyntaxError"),
    ("{% set x = 1 %}{% set x %}", "TemplateSyntaxError"),
    ("{% for i in x %}{% continue %}{% endfor %}", "TemplateSyntaxError"),
    ("{% do x %}", "TemplateSyntaxError"),
    ("{% trans %}x{% endtrans %}", "TemplateSyntaxError"),
    ("{% set loop = 1 %}{{ loop }}", None),
    ("{% macro loop() %}{% endmacro %}", None),
    ("{% for x in y %}{% set loop = 1 %}{% endfor %}", "TemplateAssertionError"),
    ("{% with loop = 1 %}{{ loop }}{% endwith %}", None),
    ("{% macro m(loop) %}{{ loop }}{% endmacro %}{{ m(1) }}", None),
    ("{% block super %}{% endblock %}", None),
    ("{% block self %}{% endblock %}", None),
    ("{% block loop %}{% endblock %}", None),
    ("{% set self = 1 %}{% block a %}{% endblock %}{{ self }}", None),
    ("{% macro caller() %}c{% endmacro %}{{ caller() }}", None),
    ("{% macro m(caller) %}{{ caller() }}{% endmacro %}{{ m(1) }}", "TemplateAssertionError"),
    (
        "{% macro m(caller) %}{{ caller() }}{% endmacro %}{% call m() %}x{% endcall %}",
        "TemplateAssertionError",
    ),
    ("{% macro m(varargs) %}{{ varargs }}{% endmacro %}{{ m(1, 2) }}", "TypeError"),
    ("{% macro m(kwargs) %}{{ kwargs }}{% endmacro %}{{ m(1, a=2) }}", "TypeError"),
    ("{% set true = 1 %}", "TemplateSyntaxError"),
    ("{% set none = 1 %}", "TemplateSyntaxError"),
    ("{% for none in [1] %}{% endfor %}", "TemplateSyntaxError"),
    ("{% macro none() %}{% endmacro %}", "TemplateSyntaxError"),
    ("{% from 'a' import none %}", "TemplateSyntaxError"),
    ("{% import 'a' as true %}", "TemplateSyntaxError"),
    ("{% with true = 1 %}{% endwith %}", "TemplateSyntaxError"),
    ("{% set True = 1 %}{{ True }}", "TemplateSyntaxError"),
    ("{% set None = 5 %}{{ None }}", "TemplateSyntaxError"),
    ("{% for x in 1 2 %}{% endfor %}", "TemplateSyntaxError"),
    ("{{ x if y if z }}", None),
    ("{{ x else y }}", "TemplateSyntaxError"),
    ("{{ x.if }}", "UndefinedError"),
    ("{{ x.for }}", "UndefinedError"),
    ("{{ x.none }}", "UndefinedError"),
    ("{{ x.true }}", "UndefinedError"),
    ("{{ x['if'] }}", "UndefinedError"),
]

PARSE = [
    case(name, source, raises=raises) for name, source, raises in unique_ids("edge", PARSE_EDGES)
]


# Characters that str.splitlines() treats as line breaks but Jinja2's lexer does not, other
# unusual whitespace and characters, non-BMP text, and Unicode identifiers.
UNICODE = [
    case("unicode-bom-start", "\ufeff{{ x }}", {"x": 1}),
    case("unicode-line-separator-text", "a\u2028b{{ x }}\u2029c", {"x": 1}),
    case("unicode-nel-text", "a\x85b\x0cc\x1cd{{ x }}\n", {"x": 1}),
    case("unicode-line-separator-trim", "{% if true %}\u2028x{% endif %}", trim_blocks=True),
    case("unicode-line-separator-lstrip", "\u2028  {% if true %}x{% endif %}", lstrip_blocks=True),
    case("unicode-nel-lstrip", "\x85  {% if true %}x{% endif %}", lstrip_blocks=True),
    case("unicode-line-separator-in-string", "{{ 'a\u2028b' }}"),
    case("unicode-line-separator-line-statement", "# if true\u2028x\n# endif\n", line_statement_prefix="#", raises="TemplateSyntaxError"),
    case("unicode-nbsp-in-tag", "{{\u00a0x\u00a0}}", {"x": 1}),
    case("unicode-ideographic-space-in-tag", "{{\u3000x }}", {"x": 1}),
    case("unicode-zero-width-in-tag", "{{ x\u200b }}", {"x": 1}, raises="TemplateSyntaxError"),
    case("unicode-tab-vt-in-tag", "{{\x0bx\x0c}}", {"x": 1}),
    case("unicode-non-bmp-text", "😀{{ x }}😀", {"x": "🎉"}),
    case("unicode-non-bmp-string-literal", "{{ '😀' | length }}{{ '😀'[0] }}"),
    case("unicode-combining", "{{ 'e\u0301' | length }}{{ 'e\u0301' | upper }}"),
    case("unicode-surrogate-escape", "{{ '\\ud83d' | length }}"),
    case("unicode-null-char", "a\x00b{{ x }}", {"x": "\x00"}),
    case("unicode-null-in-tag", "{{ x\x00 }}", {"x": 1}, raises="TemplateSyntaxError"),
    case("unicode-newline-sequence-crlf-with-ls", "a\u2028b\nc", newline_sequence="\r\n"),
    case("unicode-keep-trailing-ls", "a\u2028", keep_trailing_newline=False),
    case("unicode-identifier-digit-start", "{{ \u0661x }}", raises="TemplateSyntaxError"),
    case("unicode-identifier-mixed-script", "{% set café = 1 %}{% set naïve = 2 %}{{ café + naïve }}"),
]


@params(DELIMITERS)
def test_delimiters(case):
    check(case)


@params(WHITESPACE)
def test_whitespace(case):
    check(case)


@params(RAW)
def test_raw(case):
    check(case)


@params(COMMENTS)
def test_comments(case):
    check(case)


@params(LINE_STATEMENTS)
def test_line_statements(case):
    check(case)


@params(PARSE)
def test_parse_edges(case):
    check(case)


@params(UNICODE)
def test_unicode(case):
    check(case)
