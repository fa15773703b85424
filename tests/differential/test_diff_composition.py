"""Differential cases: template composition — inheritance (multi-level, super chains,
self.blockname(), scoped and required blocks, dynamic and conditional extends), include,
import / from-import, and caller across templates.  Every case uses a DictLoader."""

from __future__ import annotations

from diffharness import ByEngine, case, check, params

BASE = {
    "base": "<title>{% block title %}Base{% endblock %}</title>"
    "<body>{% block body %}base body{% endblock %}</body>",
    "child": "{% extends 'base' %}{% block title %}Child{% endblock %}",
    "child-super": "{% extends 'base' %}{% block title %}[{{ super() }}]{% endblock %}",
    "grandchild": "{% extends 'child-super' %}{% block title %}<{{ super() }}>{% endblock %}",
    "grandchild-body": "{% extends 'child' %}{% block body %}gc body{% endblock %}",
    "self-call": "{% extends 'base' %}{% block body %}{{ self.title() }}/{{ self.title() }}{% endblock %}",
    "nested-base": "{% block outer %}O[{% block inner %}I{% endblock %}]{% endblock %}",
    "nested-child-inner": "{% extends 'nested-base' %}{% block inner %}i2{% endblock %}",
    "nested-child-outer": "{% extends 'nested-base' %}{% block outer %}o2{{ super() }}{% endblock %}",
    "nested-child-both": "{% extends 'nested-base' %}{% block outer %}<{{ super() }}>{% endblock %}{% block inner %}({{ super() }}){% endblock %}",
    "loop-base": "{% for i in items %}{% block item %}{{ i }}{% endblock %}{% endfor %}",
    "loop-child-unscoped": "{% extends 'loop-base' %}{% block item %}[{{ i }}]{% endblock %}",
    "loop-base-scoped": "{% for i in items %}{% block item scoped %}{{ i }}{% endblock %}{% endfor %}",
    "loop-child-scoped": "{% extends 'loop-base-scoped' %}{% block item %}[{{ i }}|{{ super() }}]{% endblock %}",
    "cond-base": "{% if flag %}{% block a %}A{% endblock %}{% else %}{% block b %}B{% endblock %}{% endif %}",
    "cond-child": "{% extends 'cond-base' %}{% block a %}a!{% endblock %}{% block b %}b!{% endblock %}",
    "required-base": "{% block content required %}{% endblock %}",
    "required-child": "{% extends 'required-base' %}{% block content %}filled{% endblock %}",
    "required-missing": "{% extends 'required-base' %}",
    "required-middle": "{% extends 'required-base' %}{% block other %}{% endblock %}",
    "required-with-content": "{% block content required %}text{% endblock %}",
    "required-scoped-base": "{% for i in [1, 2] %}{% block row scoped required %}{% endblock %}{% endfor %}",
    "required-scoped-child": "{% extends 'required-scoped-base' %}{% block row %}{{ i }}{% endblock %}",
    "dynamic": "{% extends layout %}{% block title %}Dyn{% endblock %}",
    "conditional": "{% if plain %}{% extends 'plain-layout' %}{% else %}{% extends 'base' %}{% endif %}{% block title %}Cond{% endblock %}",
    "plain-layout": "PLAIN:{% block title %}{% endblock %}",
    "before-extends": "before|{% extends 'base' %}after|{% block title %}T{% endblock %}",
    "set-before-extends": "{% set who = 'child' %}{% extends 'uses-who' %}",
    "uses-who": "{% block b %}{{ who }}{% endblock %}",
    "set-in-child-toplevel": "{% extends 'uses-who' %}{% set who = 'late' %}",
    "set-in-block": "{% extends 'uses-who' %}{% block b %}{% set who = 'blk' %}{{ who }}{% endblock %}",
    "extends-twice": "{% extends 'base' %}{% extends 'base' %}",
    "duplicate-block": "{% block a %}{% endblock %}{% block a %}{% endblock %}",
    "super-no-parent": "{% block a %}{{ super() }}{% endblock %}",
    "super-super": "{% extends 'grandchild-mid' %}{% block t %}3{{ super() }}{% endblock %}",
    "grandchild-mid": "{% extends 'grand-root' %}{% block t %}2{{ super() }}{% endblock %}",
    "grand-root": "{% block t %}1{% endblock %}",
    "endblock-named": "{% extends 'base' %}{% block title %}N{% endblock title %}",
    "endblock-wrong-name": "{% extends 'base' %}{% block title %}N{% endblock body %}",
    "block-in-macro-parent": "{% macro m() %}{{ self.title() }}{% endmacro %}{% block title %}P{% endblock %}{{ m() }}",
    "block-in-macro-child": "{% extends 'block-in-macro-parent' %}{% block title %}C{% endblock %}",
    "super-twice": "{% extends 'base' %}{% block title %}{{ super() }}{{ super() }}{% endblock %}",
    "super-filtered": "{% extends 'base' %}{% block title %}{{ super() | upper }}{% endblock %}",
    "extends-missing": "{% extends 'nope' %}",
    "block-sees-context": "{% extends 'ctx-base' %}{% block b %}{{ x }}-{{ y }}{% endblock %}",
    "ctx-base": "{% set y = 'base-set' %}{% block b %}{% endblock %}",
    "self-in-child-undefined-block": "{% extends 'base' %}{% block title %}{{ self.nope is defined }}{% endblock %}",
    "child-macro": "{% extends 'base' %}{% macro m() %}M{% endmacro %}{% block title %}{{ m() }}{% endblock %}",
    "child-import": "{% extends 'base' %}{% import 'macros' as mac %}{% block title %}{{ mac.hello('x') }}{% endblock %}",
    "block-with-loop-var-super": "{% extends 'loop-base-scoped' %}{% block item %}{{ loop.index }}{% endblock %}",
    "deep-1": "{% block a %}1{% endblock %}",
    "deep-2": "{% extends 'deep-1' %}{% block a %}2{{ super() }}{% endblock %}",
    "deep-3": "{% extends 'deep-2' %}{% block a %}3{{ super() }}{% endblock %}",
    "deep-4": "{% extends 'deep-3' %}{% block a %}4{{ super() }}{% endblock %}",
    "deep-5": "{% extends 'deep-4' %}",
    "extends-in-block": "{% block a %}{% extends 'base' %}{% endblock %}",
    "macros": "{% macro hello(name) %}Hello {{ name }}!{% endmacro %}"
    "{% macro bye() %}Bye{% endmacro %}"
    "{% macro _private() %}secret{% endmacro %}"
    "{% set answer = 42 %}{% set _hidden = 1 %}"
    "{% macro uses_ctx() %}[{{ ctxvar }}]{% endmacro %}"
    "{% macro uses_global() %}[{{ answer }}]{% endmacro %}"
    "{% macro wrap(tag) %}<{{ tag }}>{{ caller() }}</{{ tag }}>{% endmacro %}"
    "{% macro each(items) %}{% for i in items %}{{ caller(i) }}{% endfor %}{% endmacro %}"
    "top-level output is discarded",
    "macros-with-state": "{% set counter = namespace(n=0) %}{% macro bump() %}{% set counter.n = counter.n + 1 %}{{ counter.n }}{% endmacro %}",
    "part": "[part {{ x }}]",
    "part-set": "{% set leaked = 'from-part' %}[{{ leaked }}]",
    "part-loop": "<{{ item }}:{{ loop.index }}>",
    "part-uses-set": "[{{ local }}]",
    "part-extends": "{% extends 'base' %}{% block title %}Inc{% endblock %}",
    "part-with-block": "before{% block b %}inblock{% endblock %}after",
    "part-recursive": "{{ n }}{% if n > 0 %}{% with n = n - 1 %}{% include 'part-recursive' %}{% endwith %}{% endif %}",
    "part-imports": "{% import 'macros' as m %}{{ m.hello(x) }}",
    "part-macro-user": "{{ shared('p') }}",
    "part-caller": "{% from 'macros' import wrap %}{% call wrap('b') %}{{ x }}{% endcall %}",
    "main-with-caller-macro": "{% macro outer() %}<{{ caller() }}>{% endmacro %}{% call outer() %}{% include 'part' %}{% endcall %}",
}

# Code at a child template's top level, outside blocks, after {% extends %}.
TOPLEVEL = {
    "base": "[{% block a %}A{% endblock %}]",
    "part": "(part {{ x }})",
    "mac": "{% macro f() %}F{% endmacro %}{% set v = 'mv' %}",
    "loud": "{{ l.append('incl') or '' }}LOUD",
}

CHILD_TOP_LEVEL = [
    case("child-toplevel-include-before-extends", "{% include 'part' %}{% extends 'base' %}", {"x": 1}, loader=TOPLEVEL),
    case("child-toplevel-output-after-extends", "{% extends 'base' %}{{ l.append(1) }}{{ l }}", {"l": []}, loader=TOPLEVEL),
    case("child-toplevel-do-after-extends", "{% extends 'base' %}{% do l.append(1) %}{% block a %}{{ l }}{% endblock %}", {"l": []}, loader=TOPLEVEL, extensions=["jinja2.ext.do"]),
    case("child-toplevel-set-side-effect", "{% extends 'base' %}{% set _ = l.append(1) %}{% block a %}{{ l }}{% endblock %}", {"l": []}, loader=TOPLEVEL),
    case("child-toplevel-loop-output-after-extends", "{% extends 'base' %}{% for i in [1, 2] %}x{{ i }}{% endfor %}", loader=TOPLEVEL),
    case("child-toplevel-loop-side-effect", "{% extends 'base' %}{% for i in [1, 2] %}{% set _ = l.append(i) %}{% endfor %}{% block a %}{{ l }}{% endblock %}", {"l": []}, loader=TOPLEVEL),
    case("child-toplevel-filter-block-after-extends", "{% extends 'base' %}{% filter upper %}x{% endfilter %}", loader=TOPLEVEL),
    case("child-toplevel-import-after-extends", "{% extends 'base' %}{% import 'mac' as mm %}{% block a %}{{ mm.f() }}{% endblock %}", loader=TOPLEVEL),
    case("child-toplevel-import-missing-after-extends", "{% extends 'base' %}{% import 'missing' as mm %}", loader=TOPLEVEL, raises="TemplateNotFound"),
    case("child-toplevel-error-after-extends", "{% extends 'base' %}{% for i in 5 %}{% endfor %}", loader=TOPLEVEL, raises="TypeError"),
    case("child-toplevel-undefined-loop-after-extends", "{% extends 'base' %}{% for i in missing.attr %}{% endfor %}", loader=TOPLEVEL, raises="UndefinedError"),
    case("child-toplevel-macro-call-after-extends", "{% extends 'base' %}{% macro m() %}{% set _ = l.append(1) %}{% endmacro %}{{ m() }}{% block a %}{{ l }}{% endblock %}", {"l": []}, loader=TOPLEVEL),
    case("child-conditional-extends-false-include", "{% if false %}{% extends 'base' %}{% endif %}{% include 'part' %}", {"x": 1}, loader=TOPLEVEL),
    case("child-dynamic-extends-output", "{% extends layout %}text{{ x }}", {"x": 1, "layout": "base"}, loader=TOPLEVEL),
]

INHERITANCE = [
    case("extends-basic", None, name="child", loader=BASE),
    case("extends-super", None, name="child-super", loader=BASE),
    case("extends-three-levels-super-chain", None, name="grandchild", loader=BASE),
    case("extends-three-levels-different-blocks", None, name="grandchild-body", loader=BASE),
    case("extends-self-call", None, name="self-call", loader=BASE),
    case("extends-base-rendered-alone", None, name="base", loader=BASE),
    case("nested-blocks-inner-override", None, name="nested-child-inner", loader=BASE),
    case("nested-blocks-outer-override-super", None, name="nested-child-outer", loader=BASE),
    case("nested-blocks-both-super", None, name="nested-child-both", loader=BASE),
    case(
        "block-in-loop-unscoped", None, {"items": [1, 2]}, name="loop-child-unscoped", loader=BASE
    ),
    case("block-in-loop-scoped", None, {"items": [1, 2]}, name="loop-child-scoped", loader=BASE),
    case(
        "block-in-loop-scoped-loop-var",
        None,
        {"items": "ab"},
        name="block-with-loop-var-super",
        loader=BASE,
    ),
    case("block-in-condition-true", None, {"flag": True}, name="cond-child", loader=BASE),
    case("block-in-condition-false", None, {"flag": False}, name="cond-child", loader=BASE),
    case("required-block-filled", None, name="required-child", loader=BASE),
    case(
        "required-block-missing",
        None,
        name="required-missing",
        loader=BASE,
        raises="TemplateRuntimeError",
    ),
    case(
        "required-block-rendered-directly",
        None,
        name="required-base",
        loader=BASE,
        raises="TemplateRuntimeError",
    ),
    case(
        "required-block-middle-missing",
        None,
        name="required-middle",
        loader=BASE,
        raises="TemplateRuntimeError",
    ),
    case(
        "required-block-with-content",
        None,
        name="required-with-content",
        loader=BASE,
        raises="TemplateSyntaxError",
    ),
    case("required-scoped-block", None, name="required-scoped-child", loader=BASE),
    case("dynamic-extends-name", None, {"layout": "base"}, name="dynamic", loader=BASE),
    case("dynamic-extends-other", None, {"layout": "plain-layout"}, name="dynamic", loader=BASE),
    case("dynamic-extends-undefined", None, name="dynamic", loader=BASE, raises="UndefinedError"),
    case(
        "dynamic-extends-template-object",
        None,
        {
            "layout": ByEngine(
                lambda m: m.Environment().from_string("OBJ:{% block title %}{% endblock %}")
            )
        },
        name="dynamic",
        loader=BASE,
    ),
    case(
        "dynamic-extends-list-is-not-select",
        None,
        {"layout": ["nope", "plain-layout"]},
        name="dynamic",
        loader=BASE,
        raises="TypeError",
    ),
    case("conditional-extends-plain", None, {"plain": True}, name="conditional", loader=BASE),
    case("conditional-extends-base", None, {"plain": False}, name="conditional", loader=BASE),
    case("content-before-extends", None, name="before-extends", loader=BASE),
    case("set-before-extends-visible-in-parent", None, name="set-before-extends", loader=BASE),
    case("set-after-extends", None, name="set-in-child-toplevel", loader=BASE),
    case("set-in-block", None, name="set-in-block", loader=BASE),
    case("extends-twice", None, name="extends-twice", loader=BASE, raises="TemplateRuntimeError"),
    case(
        "duplicate-block",
        None,
        name="duplicate-block",
        loader=BASE,
        raises="TemplateAssertionError",
    ),
    case(
        "super-without-parent", None, name="super-no-parent", loader=BASE, raises="UndefinedError"
    ),
    case("super-chain-three", None, name="super-super", loader=BASE),
    case("endblock-with-name", None, name="endblock-named", loader=BASE),
    case(
        "endblock-wrong-name",
        None,
        name="endblock-wrong-name",
        loader=BASE,
        raises="TemplateSyntaxError",
    ),
    case("self-block-in-macro-parent", None, name="block-in-macro-parent", loader=BASE),
    case("self-block-in-macro-child", None, name="block-in-macro-child", loader=BASE),
    case("super-called-twice", None, name="super-twice", loader=BASE),
    case("super-filtered", None, name="super-filtered", loader=BASE),
    case("extends-missing", None, name="extends-missing", loader=BASE, raises="TemplateNotFound"),
    case(
        "get-template-missing", None, name="does-not-exist", loader=BASE, raises="TemplateNotFound"
    ),
    case("block-sees-render-context", None, {"x": "ctx"}, name="block-sees-context", loader=BASE),
    case("self-undefined-block", None, name="self-in-child-undefined-block", loader=BASE),
    case("child-macro-in-block", None, name="child-macro", loader=BASE),
    case("child-import-in-block", None, name="child-import", loader=BASE),
    case("five-level-chain", None, name="deep-5", loader=BASE),
    case(
        "extends-inside-block",
        None,
        name="extends-in-block",
        loader=BASE,
        raises="TemplateAssertionError",
    ),
    case(
        "from-string-extends", "{% extends 'base' %}{% block body %}fs{% endblock %}", loader=BASE
    ),
    case("from-string-self", "{% block a %}A{% endblock %}{{ self.a() }}"),
    case(
        "from-string-block-twice-via-self",
        "{% block a %}{{ x }}{% endblock %}|{{ self.a() }}",
        {"x": 1},
    ),
    case(
        "block-outside-blocks-in-child-ignored",
        "{% extends 'base' %}ignored{{ 1 / 0 }}",
        loader=BASE,
    ),
    case("block-expression-before-extends-runs", "{{ 'shown' }}{% extends 'base' %}", loader=BASE),
]

INCLUDE = [
    case("include-basic", "a{% include 'part' %}b", {"x": 1}, loader=BASE),
    case("include-sees-set", "{% set x = 'set' %}{% include 'part' %}", loader=BASE),
    case(
        "include-does-not-see-loop-object",
        "{% for item in 'ab' %}{% include 'part-loop' %}{% endfor %}",
        loader=BASE,
        raises="UndefinedError",
    ),
    case(
        "include-sees-loop-target",
        "{% for x in 'ab' %}{% include 'part' %}{% endfor %}",
        loader=BASE,
    ),
    case(
        "include-without-context",
        "{% set x = 'set' %}{% include 'part' without context %}",
        {"x": "ctx"},
        loader=BASE,
    ),
    case(
        "include-with-context-explicit",
        "{% set x = 'set' %}{% include 'part' with context %}",
        loader=BASE,
    ),
    case("include-set-does-not-leak", "{% include 'part-set' %}[{{ leaked }}]", loader=BASE),
    case("include-missing", "{% include 'nope' %}", loader=BASE, raises="TemplateNotFound"),
    case("include-ignore-missing", "a{% include 'nope' ignore missing %}b", loader=BASE),
    case(
        "include-ignore-missing-without-context",
        "a{% include 'nope' ignore missing without context %}b",
        loader=BASE,
    ),
    case(
        "include-list-first-exists", "{% include ['nope', 'part', 'base'] %}", {"x": 2}, loader=BASE
    ),
    case(
        "include-list-none-exist",
        "{% include ['nope', 'nada'] %}",
        loader=BASE,
        raises="TemplatesNotFound",
    ),
    case(
        "include-list-none-exist-ignore",
        "[{% include ['nope', 'nada'] ignore missing %}]",
        loader=BASE,
    ),
    case("include-variable-name", "{% include name %}", {"name": "part", "x": 3}, loader=BASE),
    case(
        "include-variable-list",
        "{% include names %}",
        {"names": ["nope", "part"], "x": 3},
        loader=BASE,
    ),
    case("include-expression-name", "{% include 'pa' ~ 'rt' %}", {"x": 4}, loader=BASE),
    case("include-undefined-name", "{% include missing %}", loader=BASE, raises="UndefinedError"),
    case(
        "include-template-object",
        "{% include tpl %}",
        {"tpl": ByEngine(lambda m: m.Environment().from_string("OBJ{{ x }}")), "x": 5},
        loader=BASE,
    ),
    case("include-extending-template", "[{% include 'part-extends' %}]", loader=BASE),
    case("include-template-with-blocks", "{% include 'part-with-block' %}", loader=BASE),
    case("include-recursive", "{% include 'part-recursive' %}", {"n": 3}, loader=BASE),
    case(
        "include-in-macro",
        "{% macro m(x) %}{% include 'part' %}{% endmacro %}{{ m('mx') }}",
        loader=BASE,
    ),
    case(
        "include-in-macro-sees-arg-not-outer",
        "{% set x = 'outer' %}{% macro m() %}{% include 'part' %}{% endmacro %}{{ m() }}",
        loader=BASE,
    ),
    case("include-that-imports", "{% include 'part-imports' %}", {"x": "i"}, loader=BASE),
    case(
        "include-sees-macro",
        "{% macro shared(v) %}<{{ v }}>{% endmacro %}{% include 'part-macro-user' %}",
        loader=BASE,
    ),
    case(
        "include-in-block-of-child",
        "{% extends 'base' %}{% block body %}{% include 'part' %}{% endblock %}",
        {"x": "b"},
        loader=BASE,
    ),
    case("include-caller-inside", "{% include 'part-caller' %}", {"x": "<x>"}, loader=BASE),
    case("include-inside-call-block", None, {"x": 1}, name="main-with-caller-macro", loader=BASE),
    case(
        "include-with-autoescape", "{% include 'part' %}", {"x": "<>"}, loader=BASE, autoescape=True
    ),
    case(
        "include-set-in-loop-visible",
        "{% for i in [1] %}{% set local = 'L' %}{% include 'part-uses-set' %}{% endfor %}",
        loader=BASE,
    ),
    case(
        "include-with-block-var", "{% with x = 'w' %}{% include 'part' %}{% endwith %}", loader=BASE
    ),
    case("include-whitespace-trim", "a\n{%- include 'part' -%}\nb", {"x": 0}, loader=BASE),
    case("include-trailing-newline", "{% include 'nl' %}|", loader={"nl": "line\n"}),
    case(
        "include-trailing-newline-kept",
        "{% include 'nl' %}|",
        loader={"nl": "line\n"},
        keep_trailing_newline=True,
    ),
    case(
        "include-syntax-error-in-included",
        "{% include 'bad' %}",
        loader={"bad": "{% if %}"},
        raises="TemplateSyntaxError",
    ),
    case("include-ignore-missing-syntax-error", "{% include 'bad' ignore missing %}", loader={"bad": "{% if %}"}, raises="TemplateSyntaxError"),
]

IMPORTS = [
    case("import-as", "{% import 'macros' as m %}{{ m.hello('bob') }}", loader=BASE),
    case("import-variable", "{% import 'macros' as m %}{{ m.answer }}", loader=BASE),
    case("import-private-variable", "{% import 'macros' as m %}[{{ m._hidden }}]", loader=BASE),
    case("import-missing-macro", "{% import 'macros' as m %}[{{ m.nope }}]", loader=BASE),
    case(
        "import-without-context-default",
        "{% import 'macros' as m %}{{ m.uses_ctx() }}",
        {"ctxvar": "C"},
        loader=BASE,
    ),
    case(
        "import-with-context",
        "{% import 'macros' as m with context %}{{ m.uses_ctx() }}",
        {"ctxvar": "C"},
        loader=BASE,
    ),
    case(
        "import-with-context-sees-set",
        "{% set ctxvar = 'S' %}{% import 'macros' as m with context %}{{ m.uses_ctx() }}",
        loader=BASE,
    ),
    case(
        "import-macro-sees-module-global",
        "{% import 'macros' as m %}{{ m.uses_global() }}",
        loader=BASE,
    ),
    case("import-module-str-is-body", "{% import 'macros' as m %}{{ m }}", loader=BASE),
    case("from-import", "{% from 'macros' import hello %}{{ hello('x') }}", loader=BASE),
    case(
        "from-import-multiple-alias",
        "{% from 'macros' import hello, bye as b %}{{ hello('y') }} {{ b() }}",
        loader=BASE,
    ),
    case(
        "from-import-trailing-comma",
        "{% from 'macros' import hello, %}{{ hello('z') }}",
        loader=BASE,
        raises="TemplateSyntaxError",
    ),
    case(
        "from-import-parenthesised",
        "{% from 'macros' import (hello, bye) %}",
        loader=BASE,
        raises="TemplateSyntaxError",
    ),
    case("from-import-variable", "{% from 'macros' import answer %}{{ answer }}", loader=BASE),
    case(
        "from-import-missing-name",
        "{% from 'macros' import nope %}{{ nope() }}",
        loader=BASE,
        raises="UndefinedError",
    ),
    case("from-import-missing-name-unused", "{% from 'macros' import nope %}ok", loader=BASE),
    case(
        "from-import-missing-name-printed",
        "{% from 'macros' import nope %}[{{ nope }}]",
        loader=BASE,
    ),
    case(
        "from-import-private",
        "{% from 'macros' import _private %}{{ _private() }}",
        loader=BASE,
        raises="TemplateAssertionError",
    ),
    case(
        "from-import-with-context",
        "{% from 'macros' import uses_ctx with context %}{{ uses_ctx() }}",
        {"ctxvar": "W"},
        loader=BASE,
    ),
    case(
        "from-import-without-context",
        "{% from 'macros' import uses_ctx without context %}{{ uses_ctx() }}",
        {"ctxvar": "W"},
        loader=BASE,
    ),
    case(
        "import-missing-template",
        "{% import 'nope' as m %}",
        loader=BASE,
        raises="TemplateNotFound",
    ),
    case(
        "import-variable-name",
        "{% import which as m %}{{ m.bye() }}",
        {"which": "macros"},
        loader=BASE,
    ),
    case(
        "import-in-loop",
        "{% for i in [1, 2] %}{% import 'macros' as m %}{{ m.bye() }}{% endfor %}",
        loader=BASE,
    ),
    case(
        "import-in-macro",
        "{% macro x() %}{% import 'macros' as m %}{{ m.bye() }}{% endmacro %}{{ x() }}",
        loader=BASE,
    ),
    case(
        "import-state-shared-per-import",
        "{% import 'macros-with-state' as s %}{{ s.bump() }}{{ s.bump() }}{% import 'macros-with-state' as t %}{{ t.bump() }}",
        loader=BASE,
    ),
    case(
        "import-caller-across-templates",
        "{% import 'macros' as m %}{% call m.wrap('p') %}body{% endcall %}",
        loader=BASE,
    ),
    case(
        "from-import-caller-with-args",
        "{% from 'macros' import each %}{% call(i) each([1, 2]) %}<{{ i }}>{% endcall %}",
        loader=BASE,
    ),
    case(
        "import-caller-autoescape",
        "{% from 'macros' import wrap %}{% call wrap('p') %}{{ '<' }}{% endcall %}",
        loader=BASE,
        autoescape=True,
    ),
    case(
        "import-macro-arguments",
        "{% from 'macros' import hello %}{{ hello.name }} {{ hello.arguments }}",
        loader=BASE,
    ),
    case(
        "import-module-attribute-chain", "{% import 'macros' as m %}{{ m.hello.name }}", loader=BASE
    ),
    case(
        "import-self-referential-from-string",
        "{% import 'macros' as m %}{% from 'macros' import bye %}{{ m.bye() == bye() }}",
        loader=BASE,
    ),
    case(
        "import-in-child-top-level",
        "{% extends 'base' %}{% from 'macros' import bye %}{% block title %}{{ bye() }}{% endblock %}",
        loader=BASE,
    ),
    case(
        "import-in-child-block",
        "{% extends 'base' %}{% block title %}{% from 'macros' import bye %}{{ bye() }}{% endblock %}",
        loader=BASE,
    ),
    case(
        "import-as-keyword-missing",
        "{% import 'macros' %}",
        loader=BASE,
        raises="TemplateSyntaxError",
    ),
    case(
        "import-module-is-defined",
        "{% import 'macros' as m %}{{ m.hello is defined }} {{ m.nope is defined }}",
        loader=BASE,
    ),
    case(
        "import-template-object",
        "{% import tpl as m %}{{ m.f() }}",
        {"tpl": ByEngine(lambda m: m.Environment().from_string("{% macro f() %}F{% endmacro %}"))},
        loader=BASE,
    ),
]


def prefix_loader(m):
    return m.PrefixLoader(
        {
            "a": m.DictLoader({"x.html": "A{% include 'b/y.html' %}", "base.html": "[{% block c %}{% endblock %}]"}),
            "b": m.DictLoader({"y.html": "B{{ v }}", "child.html": "{% extends 'a/base.html' %}{% block c %}C{% endblock %}"}),
        }
    )


def choice_loader(m):
    return m.ChoiceLoader([m.DictLoader({"x.html": "first"}), m.DictLoader({"x.html": "second", "y.html": "only-second {% include 'x.html' %}"})])


def function_loader(m):
    return m.FunctionLoader(lambda name: {"f.html": "F{{ v }}", "g.html": ("G", None, lambda: True)}.get(name))


LOADERS = [
    case("prefix-loader-include-across", None, {"v": 1}, name="a/x.html", loader=ByEngine(prefix_loader)),
    case("prefix-loader-extends-across", None, name="b/child.html", loader=ByEngine(prefix_loader)),
    case("prefix-loader-missing-prefix", None, name="c/x.html", loader=ByEngine(prefix_loader), raises="TemplateNotFound"),
    case("prefix-loader-no-delimiter", None, name="x.html", loader=ByEngine(prefix_loader), raises="TemplateNotFound"),
    case("choice-loader-first-wins", None, name="x.html", loader=ByEngine(choice_loader)),
    case("choice-loader-include-resolves-first", None, name="y.html", loader=ByEngine(choice_loader)),
    case("function-loader-string", None, {"v": 2}, name="f.html", loader=ByEngine(function_loader)),
    case("function-loader-tuple", None, name="g.html", loader=ByEngine(function_loader)),
    case("function-loader-missing", None, name="h.html", loader=ByEngine(function_loader), raises="TemplateNotFound"),
    case("dict-loader-relative-dots", None, name="./x", loader={"x": "X"}, raises="TemplateNotFound"),
    case("dict-loader-leading-slash", None, name="/x", loader={"x": "X"}, raises="TemplateNotFound"),
    case("dict-loader-dotdot", None, name="a/../x", loader={"x": "X", "a/x": "AX"}, raises="TemplateNotFound"),
    case("dict-loader-include-relative-name", "{% include 'sub/../x' %}", loader={"x": "X"}, raises="TemplateNotFound"),
    case("dict-loader-name-with-spaces", None, name="a b.html", loader={"a b.html": "spaced"}),
    case("dict-loader-unicode-name", None, name="été.html", loader={"été.html": "ete"}),
    case("dict-loader-empty-name", None, name="", loader={"": "empty-name"}),
]


@params(INHERITANCE)
def test_inheritance(case):
    check(case)


@params(INCLUDE)
def test_include(case):
    check(case)


@params(IMPORTS)
def test_imports(case):
    check(case)


@params(CHILD_TOP_LEVEL)
def test_child_top_level(case):
    check(case)


@params(LOADERS)
def test_loaders(case):
    check(case)
