"""Differential cases for the Python API that code written against Jinja2 calls: Template
(render forms, generate, stream, module, make_module, blocks, new_context), Environment
(get/select/list templates, overlay, compile_expression, getattr/getitem, call_filter/test,
lex, parse, meta), the runtime objects (Undefined, Context, Macro, LoopContext), exceptions
and their attributes, and syntax-error line numbers and messages.

Each case renders through a ``render`` hook ``(engine_package, env, template, context)``; the
hook's return value is compared (a value that is not a ``str`` by type name and repr).  The
module is not named ``test_diff_*`` because the async re-run of those tables
(``tests/test_async.py``) renders templates only.
"""

from __future__ import annotations

import importlib
import io
import pickle

from diffharness import ByEngine, Differs, case, check, params
from test_diff_syntax import unique_ids

LOADED = {
    "a.html": "{% set title = 'T' %}{% macro hi(n) %}hi {{ n }}{% endmacro %}"
    "{% block body %}B{% endblock %}body-text {{ x }}",
    "b.txt": "{{ x }}",
    "c/d.html": "nested",
    "e.xml": "{% include 'b.txt' %}",
}


def sub(m, name):
    """The engine's submodule ``name`` (``meta``, ``utils``, ``exceptions``...)."""
    return importlib.import_module(f"{m.__name__}.{name}")


def catch(f):
    """The exception ``f()`` raises (the case fails if it raises nothing)."""
    try:
        f()
    except Exception as exc:  # noqa: BLE001 - the exception is the result
        return exc
    raise AssertionError("expected an exception")


def buffered(stream, size):
    stream.enable_buffering(size)
    return "|".join(stream)


def unbuffered_again(stream):
    stream.enable_buffering(2)
    stream.disable_buffering()
    return "|".join(stream)


def dumped(stream, **kwargs):
    buf = io.BytesIO() if kwargs.get("encoding") else io.StringIO()
    stream.dump(buf, **kwargs)
    return buf.getvalue()


def syntax_details(env, source):
    """(class, lineno, message) of the error compiling ``source``, or ``"compiled"``."""
    try:
        env.from_string(source)
    except Exception as exc:  # noqa: BLE001 - the exception is the result
        return (type(exc).__name__, getattr(exc, "lineno", None), getattr(exc, "message", None))
    return "compiled"


def peek(make):
    """A ``pass_context`` global ``f`` returning ``make(context)``."""
    return {"f": ByEngine(lambda m: m.pass_context(make))}


# Imported template modules are cached on the template: module-level state persists.
STATEFUL = {
    "state": "{% set counter = namespace(n=0) %}{% macro bump() %}{% set counter.n = counter.n + 1 %}{{ counter.n }}{% endmacro %}",
    "main": "{% import 'state' as s %}{{ s.bump() }}{{ s.bump() }}",
    "main-ctx": "{% import 'state' as s with context %}{{ s.bump() }}{{ s.bump() }}",
    "main-from": "{% from 'state' import bump %}{{ bump() }}",
}


def twice(m, e, t, c):
    return t.render(c) + "|" + t.render(c)


def i18n(src, **kw):
    """A render hook installing null translations, then rendering ``src``."""

    def render(m, e, t, c):
        e.install_null_translations(**kw)
        return e.from_string(src).render(c)

    return render


TEMPLATE = [
    case("render-kwargs", "{{ a }}{{ b }}", {"a": 1, "b": 2}, render=lambda m, e, t, c: t.render(**c)),
    case("render-dict-and-kwargs", "{{ a }}{{ b }}", {"a": 1}, render=lambda m, e, t, c: t.render(c, b=3)),
    case("render-kwargs-override-dict", "{{ a }}", {"a": 1}, render=lambda m, e, t, c: t.render(c, a=9)),
    case("render-no-arguments", "[{{ a }}]", render=lambda m, e, t, c: t.render()),
    case("render-twice-independent", "{% set n = namespace(v=0) %}{% set n.v = n.v + 1 %}{{ n.v }}", render=lambda m, e, t, c: t.render() + t.render()),
    case("generate", "a{{ x }}b{% for i in [1, 2] %}{{ i }}{% endfor %}", {"x": 0}, render=lambda m, e, t, c: "".join(t.generate(c))),
    case("generate-is-an-iterator", "{{ x }}", {"x": 0}, render=lambda m, e, t, c: hasattr(t.generate(c), "__next__")),
    case("stream-buffered-flag", "x", render=lambda m, e, t, c: (lambda s: (s.buffered, s.enable_buffering(), s.buffered)[::2])(t.stream())),
    case("stream-buffer-size-zero", "x", render=lambda m, e, t, c: t.stream().enable_buffering(0), raises="ValueError"),
    case("stream-dump-text", "{{ x }}é", {"x": "<"}, render=lambda m, e, t, c: dumped(t.stream(c))),
    case("stream-dump-bytes", "{{ x }}é", {"x": "<"}, render=lambda m, e, t, c: dumped(t.stream(c), encoding="utf-8")),
    case("module-variables", "{% set v = 42 %}{% set _p = 1 %}text", render=lambda m, e, t, c: (t.module.v, hasattr(t.module, "_p"))),
    case("module-str-is-output", "{% set v = 42 %}text {{ 1 }}", render=lambda m, e, t, c: str(t.module)),
    case("module-html", "<b>{{ '<' }}</b>", autoescape=True, render=lambda m, e, t, c: t.module.__html__()),
    case("module-macro-call", "{% macro hi(n, p='!') %}hi {{ n }}{{ p }}{% endmacro %}", render=lambda m, e, t, c: t.module.hi("x")),
    case("module-macro-markup-autoescape", "{% macro hi() %}<b>{% endmacro %}", autoescape=True, render=lambda m, e, t, c: t.module.hi()),
    case("module-macro-str-no-autoescape", "{% macro hi() %}<b>{% endmacro %}", render=lambda m, e, t, c: type(t.module.hi()).__name__),
    case("module-is-cached", "{% set v = [] %}", render=lambda m, e, t, c: t.module is t.module),
    case("module-missing-attribute", "{% set v = 1 %}", render=lambda m, e, t, c: t.module.nope, raises="AttributeError"),
    case("make-module-vars", "{% set v = x * 2 %}", render=lambda m, e, t, c: t.make_module({"x": 4}).v),
    case("make-module-locals", "{{ x }}", render=lambda m, e, t, c: str(t.make_module({"x": 1}, locals={"x": 2}))),
    case("make-module-shared", "{{ x }}{% set y = 1 %}", render=lambda m, e, t, c: str(t.make_module({"x": 5}, shared=True))),
    case("blocks-names", "{% block a %}{% endblock %}{% block b %}{% block c %}{% endblock %}{% endblock %}", render=lambda m, e, t, c: sorted(t.blocks)),
    case("block-function-render", "{% block a %}A{{ x }}{% endblock %}", render=lambda m, e, t, c: "".join(t.blocks["a"](t.new_context({"x": 1})))),
    case("root-render-func", "{{ x }}", render=lambda m, e, t, c: "".join(t.root_render_func(t.new_context({"x": 7})))),
    case("new-context-names", "{{ x }}", render=lambda m, e, t, c: sorted(t.new_context({"x": 7}, locals={"y": 1}).get_all())),
    case("name-and-filename-from-string", "x", render=lambda m, e, t, c: (t.name, t.filename)),
    case(
        "name-and-filename-dict-loader",
        None,
        name="a.html",
        loader=LOADED,
        render=lambda m, e, t, c: (t.name, t.filename),
        expect="tuple: ('a.html', '<template>')",
        differs=Differs(
            "COMPATIBILITY.md, Errors and tracebacks: templates from a loader without files are named <template:NAME>",
            text="tuple: ('a.html', '<template:a.html>')",
        ),
    ),
    case("template-globals", None, render=lambda m, e, t, c: e.from_string("{{ g }}", globals={"g": "G"}).render()),
    case("template-class-direct", None, render=lambda m, e, t, c: m.Template("{{ 1 + 1 }}{{ x }}").render(x="!")),
    case("template-class-options", None, render=lambda m, e, t, c: m.Template("{% if true %}\n  x\n{% endif %}", trim_blocks=True).render()),
    case("template-class-shared-environment", None, render=lambda m, e, t, c: m.Template("a").environment is m.Template("b").environment),
    case("is-up-to-date-from-string", "x", render=lambda m, e, t, c: t.is_up_to_date),
    case("environment-attribute", "x", render=lambda m, e, t, c: t.environment is e),
    case("corresponding-lineno-is-int", "a\n{{ x }}\nb", render=lambda m, e, t, c: isinstance(t.get_corresponding_lineno(1), int)),
]

ENVIRONMENT = [
    case("get-template-cached", None, loader=LOADED, render=lambda m, e, t, c: e.get_template("b.txt") is e.get_template("b.txt")),
    case("get-template-cache-size-zero", None, loader=LOADED, cache_size=0, render=lambda m, e, t, c: e.get_template("b.txt") is e.get_template("b.txt")),
    case("get-template-missing", None, loader=LOADED, render=lambda m, e, t, c: e.get_template("zz"), raises="TemplateNotFound"),
    case("get-template-no-loader", None, render=lambda m, e, t, c: e.get_template("zz"), raises="TypeError"),
    case("get-template-template-object", None, loader=LOADED, render=lambda m, e, t, c: e.get_template(e.from_string("obj")).render()),
    case("get-template-parent", None, loader=LOADED, render=lambda m, e, t, c: e.get_template("b.txt", parent="e.xml").name),
    case("select-template", None, {"x": 1}, loader=LOADED, render=lambda m, e, t, c: e.select_template(["nope", "b.txt"]).render(c)),
    case("select-template-none-found", None, loader=LOADED, render=lambda m, e, t, c: e.select_template(["nope", "nada"]), raises="TemplatesNotFound"),
    case("select-template-empty", None, loader=LOADED, render=lambda m, e, t, c: e.select_template([]), raises="TemplatesNotFound"),
    case("get-or-select-string", None, loader=LOADED, render=lambda m, e, t, c: e.get_or_select_template("b.txt").name),
    case("get-or-select-list", None, loader=LOADED, render=lambda m, e, t, c: e.get_or_select_template(["x", "c/d.html"]).name),
    case("list-templates", None, loader=LOADED, render=lambda m, e, t, c: e.list_templates()),
    case("list-templates-extensions", None, loader=LOADED, render=lambda m, e, t, c: e.list_templates(extensions=["html"])),
    case("list-templates-filter", None, loader=LOADED, render=lambda m, e, t, c: e.list_templates(filter_func=lambda n: "/" in n)),
    case("list-templates-both", None, loader=LOADED, render=lambda m, e, t, c: e.list_templates(extensions=["x"], filter_func=bool), raises="TypeError"),
    case("overlay-autoescape", None, {"x": "<"}, render=lambda m, e, t, c: e.overlay(autoescape=True).from_string("{{ x }}").render(c)),
    case("overlay-shares-filters", None, filters={"f": lambda v: "F"}, render=lambda m, e, t, c: e.overlay().from_string("{{ 1 | f }}").render()),
    case("overlay-flags", None, render=lambda m, e, t, c: (e.overlay().overlayed, e.overlay().linked_to is e, e.overlayed)),
    case("overlay-delimiters", None, render=lambda m, e, t, c: e.overlay(variable_start_string="${", variable_end_string="}").from_string("${ 1 }{{ 2 }}").render()),
    case("compile-expression", None, render=lambda m, e, t, c: e.compile_expression("a + b * 2")(a=1, b=3)),
    case("compile-expression-undefined-to-none", None, render=lambda m, e, t, c: e.compile_expression("nope")()),
    case("compile-expression-undefined-kept", None, render=lambda m, e, t, c: str(e.compile_expression("nope", undefined_to_none=False)())),
    case("compile-expression-filter", None, render=lambda m, e, t, c: e.compile_expression("x | upper ~ '!'")(x="a")),
    case("compile-expression-dict-arg", None, render=lambda m, e, t, c: e.compile_expression("x + 1")({"x": 1})),
    case("compile-expression-syntax-error", None, render=lambda m, e, t, c: e.compile_expression("1 +"), raises="TemplateSyntaxError"),
    case("compile-expression-statement", None, render=lambda m, e, t, c: e.compile_expression("{{ x }}"), raises="TemplateSyntaxError"),
    case("compile-expression-extra-tokens", None, render=lambda m, e, t, c: e.compile_expression("1 2"), raises="TemplateSyntaxError"),
    case("getattr", None, render=lambda m, e, t, c: (e.getattr({"a": 1}, "a"), e.getattr({"items": 1}, "items") == 1, str(e.getattr({}, "z")))),
    case("getitem", None, render=lambda m, e, t, c: (e.getitem({"a": 1}, "a"), e.getitem([1, 2], 1), str(e.getitem({}, "z")))),
    case("call-filter", None, render=lambda m, e, t, c: (e.call_filter("upper", "a"), e.call_filter("replace", "aa", ["a", "b"]), e.call_filter("join", [1, 2], kwargs={"d": "-"}))),
    case("call-filter-unknown", None, render=lambda m, e, t, c: e.call_filter("nope", 1), raises="TemplateRuntimeError"),
    case("call-test", None, render=lambda m, e, t, c: (e.call_test("odd", 3), e.call_test("divisibleby", 9, [3]), e.call_test("defined", 1))),
    case("call-test-unknown", None, render=lambda m, e, t, c: e.call_test("nope", 1), raises="TemplateRuntimeError"),
    case("lex", None, render=lambda m, e, t, c: [tuple(x) for x in e.lex("a {{ x | f(1, 'y') }} {% if z %}{# c #}{% endif %}\nb")]),
    case("lex-custom-delimiters", None, block_start_string="<%", block_end_string="%>", variable_start_string="${", variable_end_string="}", render=lambda m, e, t, c: [tuple(x) for x in e.lex("<% if x %>${ y }<% endif %>")]),
    case("lex-line-statements", None, line_statement_prefix="#", line_comment_prefix="##", render=lambda m, e, t, c: [tuple(x) for x in e.lex("# for x in y\n{{ x }} ## c\n# endfor")]),
    case("lex-error", None, render=lambda m, e, t, c: list(e.lex("{{ 'x }}")), raises="TemplateSyntaxError"),
    case("preprocess", None, render=lambda m, e, t, c: e.preprocess("a {{ b }}")),
    case("parse-repr", None, render=lambda m, e, t, c: repr(e.parse("{{ x }}"))),
    case("parse-repr-for", None, render=lambda m, e, t, c: repr(e.parse("{% for a in b if a %}{{ a.c | d(1) }}{% else %}{% endfor %}"))),
    case("parse-repr-macro-call", None, render=lambda m, e, t, c: repr(e.parse("{% macro m(a, b=1) %}{{ caller(a) }}{% endmacro %}{% call(x) m(1) %}{{ x }}{% endcall %}"))),
    case("parse-repr-set-include", None, render=lambda m, e, t, c: repr(e.parse("{% set a, b = 1, 2 %}{% include 'x' ignore missing without context %}{% from 'y' import z as w %}"))),
    case("meta-undeclared-variables", None, render=lambda m, e, t, c: sorted(sub(m, "meta").find_undeclared_variables(e.parse("{% set a = 1 %}{{ a }}{{ b }}{% for c in d %}{{ c }}{{ e }}{% endfor %}{% macro m(f) %}{{ f }}{{ g }}{% endmacro %}")))),
    case("meta-referenced-templates", None, render=lambda m, e, t, c: list(sub(m, "meta").find_referenced_templates(e.parse("{% extends 'a' %}{% include ['b', c] %}{% import 'd' as e %}{% from x import y %}{% include 'f' ~ g %}")))),
    case("join-path-override", None, render=lambda m, e, t, c: type("E", (m.Environment,), {"join_path": lambda self, tpl, parent: parent.rsplit("/", 1)[0] + "/" + tpl})(loader=m.DictLoader({"d/a": "{% include 'b' %}", "d/b": "B!"})).get_template("d/a").render()),
    case("extend-attributes", None, render=lambda m, e, t, c: (e.extend(my_attr=1), e.my_attr, e.overlay().my_attr)[1:]),
    case("add-extension", None, {"l": []}, render=lambda m, e, t, c: (e.add_extension(m.__name__ + ".ext.do"), e.from_string("{% do l.append(1) %}{{ l }}").render(c))[1]),
    case("extension-classes", None, extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols", "jinja2.ext.i18n", "jinja2.ext.debug"], render=lambda m, e, t, c: sorted(type(x).__name__ for x in e.iter_extensions())),
    case("default-settings", None, render=lambda m, e, t, c: (e.block_start_string, e.block_end_string, e.variable_start_string, e.variable_end_string, e.comment_start_string, e.comment_end_string, e.line_statement_prefix, e.line_comment_prefix, e.trim_blocks, e.lstrip_blocks, e.newline_sequence, e.keep_trailing_newline, e.autoescape, e.optimized, e.auto_reload, e.is_async, e.finalize, e.undefined.__name__)),
    case("default-globals", None, render=lambda m, e, t, c: sorted(e.globals)),
    case("default-filters-and-tests", None, render=lambda m, e, t, c: (sorted(e.filters), sorted(e.tests))),
    case("default-policies", None, render=lambda m, e, t, c: sorted(e.policies.items(), key=str)),
    case(
        "optimized-false-still-folds-output",
        "{{ 1 + 2 }}{{ ('<b>' | safe) ~ 'x' }}",
        optimized=False,
        autoescape=True,
        expect="3&lt;b&gt;x",
        differs=Differs(
            "COMPATIBILITY.md, Language: constant expressions involving markup safety are not folded into plain strings",
            text="3<b>x",
        ),
    ),
    case("finalize-none-option", "{{ none }}", finalize=None),
    case("undefined-option-name", None, undefined="StrictUndefined", render=lambda m, e, t, c: e.undefined.__name__),
]

RUNTIME = [
    case("undefined-protocols", None, render=lambda m, e, t, c: (str(m.Undefined()), bool(m.Undefined()), len(m.Undefined()), list(m.Undefined()), m.Undefined() == m.Undefined(), m.Undefined() != 1, hash(m.Undefined()) == hash(m.Undefined()))),
    case("undefined-repr", None, render=lambda m, e, t, c: (repr(m.Undefined()), repr(m.Undefined(name="x")), repr(m.StrictUndefined(name="y")), repr(m.ChainableUndefined()), repr(m.DebugUndefined()))),
    case("strict-undefined-str", None, render=lambda m, e, t, c: str(m.StrictUndefined(name="z")), raises="UndefinedError"),
    case("strict-undefined-bool", None, render=lambda m, e, t, c: bool(m.StrictUndefined(name="z")), raises="UndefinedError"),
    case("strict-undefined-eq", None, render=lambda m, e, t, c: m.StrictUndefined(name="z") == 1, raises="UndefinedError"),
    case("undefined-message-name", None, render=lambda m, e, t, c: str(catch(lambda: m.Undefined(name="q") + 1))),
    case("undefined-message-obj", None, render=lambda m, e, t, c: str(catch(lambda: m.Undefined(obj={}, name="k") + 1))),
    case("undefined-message-obj-int", None, render=lambda m, e, t, c: str(catch(lambda: m.Undefined(obj=[], name=5) + 1))),
    case("undefined-message-hint", None, render=lambda m, e, t, c: str(catch(lambda: m.Undefined(hint="because") + 1))),
    case("undefined-message-anonymous", None, render=lambda m, e, t, c: str(catch(lambda: m.Undefined() + 1))),
    case("undefined-dunder-attribute", None, render=lambda m, e, t, c: m.Undefined().__foo__, raises="AttributeError"),
    case("chainable-undefined-chain", None, render=lambda m, e, t, c: str(m.ChainableUndefined().a.b["c"])),
    case("debug-undefined-str", None, render=lambda m, e, t, c: (str(m.DebugUndefined(name="n")), str(m.DebugUndefined(obj={}, name="k")), str(m.DebugUndefined(hint="h")))),
    case("is-undefined", None, render=lambda m, e, t, c: (m.is_undefined(m.Undefined()), m.is_undefined(m.StrictUndefined()), m.is_undefined(None))),
    case("undefined-subclasses", None, render=lambda m, e, t, c: [issubclass(k, m.Undefined) for k in (m.StrictUndefined, m.ChainableUndefined, m.DebugUndefined)]),
    case("missing-sentinel", None, render=lambda m, e, t, c: (repr(sub(m, "utils").missing), bool(sub(m, "utils").missing))),
    case("context-type-name", None, globals=peek(lambda ctx: type(ctx).__name__), render=lambda m, e, t, c: e.from_string("{{ f() }}").render()),
    case("context-attributes", None, globals=peek(lambda ctx: (ctx.name, sorted(ctx.vars), sorted(ctx.parent)[:3], sorted(ctx.exported_vars), sorted(ctx.get_exported()), ctx.eval_ctx.autoescape)), render=lambda m, e, t, c: e.from_string("{% set a = 1 %}{% set _b = 2 %}{{ f() }}").render(x=1)),
    case("context-name-from-loader", None, loader={"t.html": "{{ f() }}"}, globals=peek(lambda ctx: ctx.name), render=lambda m, e, t, c: e.get_template("t.html").render()),
    case("context-call", None, globals=peek(lambda ctx: ctx.call(lambda a, b=2: a + b, 1, b=5)), render=lambda m, e, t, c: e.from_string("{{ f() }}").render()),
    case("context-call-passes-context", None, globals={"f": ByEngine(lambda m: m.pass_context(lambda ctx: ctx.call(m.pass_context(lambda c2, a: c2["x"] + a), 1)))}, render=lambda m, e, t, c: e.from_string("{{ f() }}").render(x=10)),
    case("context-getitem-missing", None, globals=peek(lambda ctx: ctx["nope"]), render=lambda m, e, t, c: e.from_string("{{ f() }}").render(), raises="KeyError"),
    case("context-contains", None, globals=peek(lambda ctx: ("x" in ctx, "y" in ctx, "range" in ctx)), render=lambda m, e, t, c: e.from_string("{{ f() }}").render(x=1)),
    case("context-resolve-or-missing", None, globals={"f": ByEngine(lambda m: m.pass_context(lambda ctx: (ctx.resolve_or_missing("nope") is sub(m, "utils").missing, str(ctx.resolve("nope")))))}, render=lambda m, e, t, c: e.from_string("{{ f() }}").render()),
    case("context-environment", None, globals=peek(lambda ctx: ctx.environment.__class__.__name__), render=lambda m, e, t, c: e.from_string("{{ f() }}").render()),
    case("eval-context-volatile-flag", None, globals={"f": ByEngine(lambda m: m.pass_eval_context(lambda ec: (ec.autoescape, ec.volatile)))}, render=lambda m, e, t, c: e.from_string("{{ f() }}{% autoescape true %}{{ f() }}{% endautoescape %}").render()),
    case("macro-from-python-kwargs", "{% macro m(a, b=2) %}{{ a }}{{ b }}{{ kwargs }}{% endmacro %}", render=lambda m, e, t, c: t.module.m(1, b=3, z=4)),
    case("macro-from-python-caller", "{% macro m() %}[{{ caller() }}]{% endmacro %}", render=lambda m, e, t, c: t.module.m(caller=lambda: "C")),
    case("macro-from-python-attributes", "{% macro m(a, b=1) %}{{ varargs }}{% endmacro %}", render=lambda m, e, t, c: (t.module.m.name, t.module.m.arguments, t.module.m.catch_varargs, t.module.m.catch_kwargs, t.module.m.caller)),
    case("macro-from-python-too-many", "{% macro m(a) %}{% endmacro %}", render=lambda m, e, t, c: t.module.m(1, 2), raises="TypeError"),
    case("loop-context-string", "{% for i in 'ab' %}{{ loop | string }}{% endfor %}"),
    case("macro-string", "{% macro m() %}{% endmacro %}{{ m | string }}"),
    case("namespace-string", "{{ namespace(a=1) | string }}"),
]

EXCEPTIONS = [
    case("hierarchy", None, render=lambda m, e, t, c: [[b.__name__ for b in k.__mro__ if b.__name__ not in ("object", "BaseException")] for k in (m.TemplateSyntaxError, m.TemplateAssertionError, m.UndefinedError, m.TemplateNotFound, m.TemplatesNotFound, m.TemplateRuntimeError, m.TemplateError)]),
    case("hierarchy-security-and-filter-argument", None, render=lambda m, e, t, c: [[b.__name__ for b in getattr(sub(m, "exceptions"), k).__mro__] for k in ("SecurityError", "FilterArgumentError")]),
    case("template-not-found-attributes", None, loader=LOADED, render=lambda m, e, t, c: (lambda ex: (ex.name, ex.templates, ex.message, str(ex)))(catch(lambda: e.get_template("zz")))),
    case("templates-not-found-attributes", None, loader=LOADED, render=lambda m, e, t, c: (lambda ex: (ex.name, ex.templates, ex.message, str(ex)))(catch(lambda: e.select_template(["y", "zz"])))),
    case("template-not-found-is-lookup-and-os-error", None, render=lambda m, e, t, c: (issubclass(m.TemplateNotFound, LookupError), issubclass(m.TemplateNotFound, OSError))),
    case("syntax-error-attributes", None, render=lambda m, e, t, c: (lambda ex: (type(ex).__name__, ex.lineno, ex.name, ex.filename, ex.message))(catch(lambda: e.from_string("a\n\n{% if %}")))),
    case("syntax-error-attributes-loader", None, loader={"t.html": "x\n{{ 1 +  }}"}, render=lambda m, e, t, c: (lambda ex: (type(ex).__name__, ex.lineno, ex.name, ex.message))(catch(lambda: e.get_template("t.html")))),
    case("syntax-error-pickles", None, render=lambda m, e, t, c: (lambda p: (type(p).__name__, p.lineno, p.message))(pickle.loads(pickle.dumps(catch(lambda: e.from_string("{% if %}")))))),
    case("assertion-error-message", None, render=lambda m, e, t, c: catch(lambda: e.from_string("{{ 1 | nope }}")).message),
    case("test-assertion-error-message", None, render=lambda m, e, t, c: catch(lambda: e.from_string("{{ 1 is nope }}")).message),
    case("undefined-error-message-name", None, render=lambda m, e, t, c: str(catch(lambda: e.from_string("{{ a.b }}").render()))),
    case("undefined-error-message-attribute", None, render=lambda m, e, t, c: str(catch(lambda: e.from_string("{{ a.b.c }}").render(a={})))),
    case("undefined-error-message-item", None, render=lambda m, e, t, c: str(catch(lambda: e.from_string("{{ a[0].c }}").render(a=[])))),
    case("undefined-error-message-method", None, render=lambda m, e, t, c: str(catch(lambda: e.from_string("{{ a.f() }}").render(a=1)))),
    case("undefined-error-message-strict", None, undefined="StrictUndefined", render=lambda m, e, t, c: str(catch(lambda: e.from_string("{{ a }}").render()))),
    case("undefined-error-message-cond-expr", None, undefined="StrictUndefined", render=lambda m, e, t, c: str(catch(lambda: e.from_string("{{ ('a' if false) + 1 }}").render()))),
    case("runtime-error-message-required", None, render=lambda m, e, t, c: str(catch(lambda: e.from_string("{% block b required %}{% endblock %}").render()))),
    case("runtime-error-message-extended-twice", None, loader={"a": "", "b": ""}, render=lambda m, e, t, c: str(catch(lambda: e.from_string("{% extends 'a' %}{% extends 'b' %}").render()))),
    case("macro-error-message-positional", None, render=lambda m, e, t, c: str(catch(lambda: e.from_string("{% macro m(a) %}{% endmacro %}{{ m(1, 2) }}").render()))),
    case("macro-error-message-keyword", None, render=lambda m, e, t, c: str(catch(lambda: e.from_string("{% macro m(a) %}{% endmacro %}{{ m(b=2) }}").render()))),
    case("macro-error-message-caller", None, render=lambda m, e, t, c: str(catch(lambda: e.from_string("{% macro m() %}{{ caller() }}{% endmacro %}{{ m() }}").render()))),
    case("filter-argument-error-message", None, render=lambda m, e, t, c: str(catch(lambda: e.from_string("{{ 1.5 | round(0, 'x') }}").render()))),
    case("loop-recursive-error-message", None, render=lambda m, e, t, c: str(catch(lambda: e.from_string("{% for i in [1] %}{{ loop([]) }}{% endfor %}").render()))),
    case("namespace-assign-error-message", None, render=lambda m, e, t, c: str(catch(lambda: e.from_string("{% set a = 1 %}{% set a.b = 2 %}").render()))),
]

SYNTAX_ERROR_SOURCES = [
    "{% if x %}",
    "{{ x",
    "{% endif %}",
    "{% for x in %}",
    "a\n{% if %}",
    "{{ 1 +",
    "{% block a %}{% block a %}{% endblock %}{% endblock %}",
    "{{ x | }}",
    "{# a",
    "\n\n{{ 'unclosed }}",
    "{{ (1, 2 }}",
    "{% macro m(a=1, b) %}{% endmacro %}",
    "{% set x %}",
    "{{ x is }}",
    "{% call %}",
    "{% foo %}",
    "{% if %}{% endif %}",
    "{{ }}",
    "{{ 1 2 }}",
    "line1\nline2\n{{ x.. }}",
    "{% for i in x %}\n{% endif %}",
    "{% if a %}\n{% for b in c %}\n{% endif %}",
    "{% set 1 = 2 %}",
    "{% block x %}\n{% endblock y %}",
    "{{ x.1a }}",
    "{{ 'a' ~ }}",
    "\n\n\n{% with a %}",
    "{% raw %}\n{% endraw",
    "{{ x\n\n",
    "{% for a, b in %}",
    "{{ 1 | filter_that_does_not_exist }}",
    "{{ 1 is test_that_does_not_exist }}",
    "{% include %}",
    "{% import 'x' %}",
    "{% from 'x' import a b %}",
    "{{ x }}\n{{ y\n}}\n{{ z",
    "{% extends 'a' %}\n{% block b %}{% endblock %}\n{% block b %}{% endblock %}",
    "{% if x %}{% else %}{% else %}{% endif %}",
    "{% autoescape %}",
    "{{ a if b else }}",
    "{{ 1e }}",
    "{{ x[1:2:3:4] }}",
    "{% set x = %}",
    "{{ café }}",
    "{{ 0b2 }}",
    "{{ 1_ }}",
    "{% trans %}{% endtrans %}",
    "{% macro m() %}{% break %}{% endmacro %}",
    "a\u2028b\u2029c\x85d\x0ce\n{% if %}",
    "a\rb\r\nc\n{% if %}",
]

SYNTAX_ERRORS = [
    case(name, None, render=lambda m, e, t, c, s=s: syntax_details(e, s))
    for name, s, _ in unique_ids("syntax-error", [(s, None) for s in SYNTAX_ERROR_SOURCES])
]
SYNTAX_ERRORS.append(
    case(
        "syntax-error-identifier-character",
        None,
        render=lambda m, e, t, c: syntax_details(e, "{{ x€ }}"),
        expect="tuple: ('TemplateSyntaxError', 1, \"unexpected char '€' at 4\")",
        differs=Differs(
            "COMPATIBILITY.md, Errors and tracebacks: a name containing a character that cannot be part of an identifier says so",
            text="tuple: ('TemplateSyntaxError', 1, 'Invalid character in identifier')",
        ),
    )
)


EXTENSIONS_AND_MODULES = [
    case("import-module-state-across-renders", None, name="main", loader=STATEFUL, render=twice),
    case("import-module-state-with-context", None, name="main-ctx", loader=STATEFUL, render=twice),
    case("from-import-state-across-renders", None, name="main-from", loader=STATEFUL, render=twice),
    case("import-module-state-across-templates", None, loader=STATEFUL, render=lambda m, e, t, c: e.get_template("main").render() + "|" + e.get_template("main-from").render()),
    case("debug-extension-output", "{% set a = 1 %}{% debug %}", {"x": 1}, extensions=["jinja2.ext.debug"], render=lambda m, e, t, c: t.render(c).count("'a': 1")),
    case("i18n-trans-simple", None, {"name": "Ann"}, extensions=["jinja2.ext.i18n"], render=i18n("{% trans %}Hello {{ name }}!{% endtrans %}")),
    case("i18n-trans-plural", None, {"n": 2}, extensions=["jinja2.ext.i18n"], render=i18n("{% trans count=n %}{{ count }} item{% pluralize %}{{ count }} items{% endtrans %}")),
    case("i18n-trans-trimmed", None, extensions=["jinja2.ext.i18n"], render=i18n("{% trans trimmed %}\n  a\n  b\n{% endtrans %}")),
    case("i18n-gettext-call", None, extensions=["jinja2.ext.i18n"], render=i18n("{{ _('Hi %(x)s', x=1) }}{{ gettext('a') }}{{ ngettext('s', 'p', 3) }}"), raises="TypeError"),
    case("i18n-trans-autoescape", None, {"name": "<b>"}, extensions=["jinja2.ext.i18n"], autoescape=True, render=i18n("{% trans %}<i>{{ name }}</i>{% endtrans %}")),
    case("i18n-newstyle", None, {"name": "Ann"}, extensions=["jinja2.ext.i18n"], render=i18n("{{ _('Hello %(name)s', name=name) }}{% trans %}%{% endtrans %}", newstyle=True)),
    case("i18n-trans-percent", None, extensions=["jinja2.ext.i18n"], render=i18n("{% trans %}100%{% endtrans %}")),
    case("i18n-trans-vars-block", None, {"user": {"n": "U"}}, extensions=["jinja2.ext.i18n"], render=i18n("{% trans u=user.n %}Hi {{ u }}{% endtrans %}")),
    case("i18n-pgettext", None, extensions=["jinja2.ext.i18n"], render=i18n("{{ pgettext('ctx', 'msg') }}{{ npgettext('ctx', 's', 'p', 1) }}")),
    case("i18n-trans-context", None, extensions=["jinja2.ext.i18n"], render=i18n('{% trans "ctx" %}msg{% endtrans %}')),
]


# What the runtime objects are called and how they print (no memory addresses involved).
# Here rather than in test_diff_*: in async mode the loop and macro classes differ.
REPR_LOADER = {
    "base": "{% block a %}A{% endblock %}",
    "mac": "{% macro f() %}{% endmacro %}",
    "child": "{% extends 'base' %}{% block a %}{{ super.__class__.__name__ }}|{{ self.a.__class__.__name__ }}|{{ self.a() }}{% endblock %}",
}

REPRS = [
    case("classname-undefined", "{{ missing.__class__.__name__ }}"),
    case("classname-strict-undefined", "{{ missing.__class__.__name__ }}", undefined="StrictUndefined"),
    case("classname-loop", "{% for i in [1] %}{{ loop.__class__.__name__ }}{% endfor %}"),
    case("classname-recursive-loop", "{% for i in [1] recursive %}{{ loop.__class__.__name__ }}{% endfor %}"),
    case("classname-macro", "{% macro m() %}{% endmacro %}{{ m.__class__.__name__ }}"),
    case("classname-caller", "{% macro m() %}{{ caller.__class__.__name__ }}{% endmacro %}{% call m() %}{% endcall %}"),
    case("classname-namespace", "{{ namespace().__class__.__name__ }}"),
    case("classname-self", "{{ self.__class__.__name__ }}"),
    case("classname-cycler-joiner", "{{ cycler(1).__class__.__name__ }}{{ joiner().__class__.__name__ }}"),
    case("classname-markup", "{{ ('x' | safe).__class__.__name__ }}{{ ('x' | e).__class__.__name__ }}"),
    case("classname-module", "{% import 'mac' as m %}{{ m.__class__.__name__ }}", loader=REPR_LOADER),
    case("classname-groupby-item", "{{ (l | groupby('a') | first).__class__.__name__ }}", {"l": [{"a": 1}]}),
    case("classname-lipsum", "{{ lipsum.__name__ }}{{ range.__name__ }}{{ dict.__name__ }}"),
    case("repr-self", "{{ self }}"),
    case("repr-self-named", None, name="mac", loader={"mac": "{{ self }}"}),
    case("classname-super-and-block-reference", None, name="child", loader=REPR_LOADER, raises="RecursionError"),
    case("repr-caller", "{% macro m() %}{{ caller }}{% endmacro %}{% call m() %}{% endcall %}"),
    case("repr-module", "{% import 'mac' as m %}{{ m | string | length }}", loader=REPR_LOADER),
    case("repr-module-str", "{% import 'mac' as m %}[{{ m }}]", loader=REPR_LOADER),
    case("repr-groupby-item", "{{ l | groupby('a') | list }}", {"l": [{"a": 1, "b": 2}, {"a": 1, "b": 3}]}),
    case("repr-groupby-fields", "{% for g in l | groupby('a') %}{{ g[0] }}{{ g[1] }}{{ g.grouper }}{% endfor %}", {"l": [{"a": 1}]}),
    case("repr-loop-recursive", "{% for i in [1] recursive %}{{ loop }}{% endfor %}"),
    case("repr-undefined-in-dict", "{{ {'a': missing} }}"),
    case("repr-strict-undefined-in-list", "{{ [missing] }}", undefined="StrictUndefined"),
    case("repr-chainable-in-list", "{{ [missing.a] }}", undefined="ChainableUndefined"),
    case("repr-markup-in-list", "{{ ['<b>' | safe] }}"),
    case("repr-markup-in-list-var", "{{ [x | safe] }}", {"x": "<b>"}),
    case("repr-macro-in-list", "{% macro m() %}{% endmacro %}{{ [m] }}"),
    case("repr-namespace-in-list", "{{ [namespace(a=1)] }}"),
    case("repr-range-in-list", "{{ [range(2)] }}"),
    case("repr-dict-items", "{{ {'a': 1}.items() }}"),
    case("repr-dict-keys-values", "{{ {'a': 1}.keys() }}{{ {'a': 1}.values() }}"),
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


LOADER_LISTING = [
    case("prefix-loader-list", None, loader=ByEngine(prefix_loader), render=lambda m, e, t, c: e.list_templates()),
    case("choice-loader-list", None, loader=ByEngine(choice_loader), render=lambda m, e, t, c: e.list_templates()),
    case("function-loader-list", None, loader=ByEngine(function_loader), render=lambda m, e, t, c: e.list_templates(), raises="TypeError"),
]


@params(TEMPLATE)
def test_template_api(case):
    check(case)


@params(ENVIRONMENT)
def test_environment_api(case):
    check(case)


@params(RUNTIME)
def test_runtime_objects(case):
    check(case)


@params(EXCEPTIONS)
def test_exceptions(case):
    check(case)


@params(SYNTAX_ERRORS)
def test_syntax_error_details(case):
    check(case)


@params(EXTENSIONS_AND_MODULES)
def test_extensions_and_modules(case):
    check(case)


@params(REPRS)
def test_reprs(case):
    check(case)


@params(LOADER_LISTING)
def test_loader_listing(case):
    check(case)
