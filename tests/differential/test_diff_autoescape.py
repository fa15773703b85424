"""Differential cases: autoescaping — the ``autoescape`` option (bool, ``select_autoescape``,
callables), ``|safe`` and ``|e``, Markup-aware concatenation and filters, autoescape blocks,
Markup values and ``__html__`` objects in the context."""

from __future__ import annotations

from diffharness import ByEngine, Differs, case, check, params
from markupsafe import Markup

AE = {"autoescape": True}


class Html:
    """Has ``__html__``: autoescaping uses it, plain output uses ``__str__``."""

    def __init__(self, text):
        self.text = text

    def __html__(self):
        return f"<em>{self.text}</em>"

    def __str__(self):
        return f"str:{self.text}<"


class Plain:
    def __str__(self):
        return "<plain & simple>"


class Shouting(int):
    def __str__(self):
        return f"<{int(self)}!>"


def select(*args, **kwargs):
    return ByEngine(lambda m: m.select_autoescape(*args, **kwargs))


NAMED = {
    "page.html": "{{ x }}|{% include 'part.txt' %}|{% include 'part.xml' %}",
    "part.txt": "{{ x }}",
    "part.xml": "{{ x }}",
    "page.txt": "{{ x }}|{% include 'part.html' %}",
    "part.html": "{{ x }}",
    "page.htm": "{{ x }}",
    "PAGE.HTML": "{{ x }}",
    "page.jinja": "{{ x }}",
    "page.html.j2": "{{ x }}",
    "macros.html": "{% macro m(v) %}<i>{{ v }}</i>{% endmacro %}",
    "macros.txt": "{% macro m(v) %}<i>{{ v }}</i>{% endmacro %}",
    "uses-txt-macro.html": "{% import 'macros.txt' as mt %}{{ mt.m(x) }}",
    "uses-html-macro.txt": "{% import 'macros.html' as mh %}{{ mh.m(x) }}",
}
X = {"x": "<&>"}

OPTION = [
    case("default-off", "{{ x }}", X),
    case("bool-on", "{{ x }}", X, **AE),
    case("bool-off-explicit", "{{ x }}", X, autoescape=False),
    case("escapes-quotes", "{{ x }}", {"x": "\"'"}, **AE),
    case("literal-escaped", "{{ '<b>' }}", **AE),
    case("template-data-not-escaped", "<b>{{ '&' }}</b>", **AE),
    case("number-not-escaped", "{{ 1 }} {{ 2.5 }} {{ none }} {{ true }}", **AE),
    # Small ints' text is remembered between outputs: the same number twice, negative and
    # large ones, bools and an int subclass (which has its own __str__).
    case(
        "int-values-escaped",
        "{% for n in ns %}{{ n }}/{{ n }} {% endfor %}",
        {"ns": [0, 7, 7, 4095, 4096, -1, -7, 10**20, True, False, Shouting(7)]},
        **AE,
    ),
    case("list-repr-escaped", "{{ ['<a>', \"'\"] }}", **AE),
    case("dict-repr-escaped", "{{ {'k': '<v>'} }}", **AE),
    case("object-str-escaped", "{{ p }}", {"p": Plain()}, **AE),
    case("object-str-not-escaped", "{{ p }}", {"p": Plain()}),
    case("html-object-autoescape", "{{ h }}", {"h": Html("a")}, **AE),
    case("html-object-no-autoescape", "{{ h }}", {"h": Html("a")}),
    case("html-object-escape-filter", "{{ h | e }}", {"h": Html("a")}),
    case("html-object-string-filter", "{{ h | string }}", {"h": Html("a")}, **AE),
    case("markup-in-context", "{{ m }}", {"m": Markup("<b>&amp;</b>")}, **AE),
    case("markup-in-context-noautoescape", "{{ m }}", {"m": Markup("<b>&amp;</b>")}),
    case("undefined-autoescape", "[{{ missing }}]", **AE),
    case("callable-autoescape-true", "{{ x }}", X, autoescape=lambda name: True),
    case("callable-autoescape-false", "{{ x }}", X, autoescape=lambda name: False),
    case("callable-autoescape-receives-none", "{{ x }}", X, autoescape=lambda name: name is None),
    case("select-from-string-default", "{{ x }}", X, autoescape=select()),
    case("select-from-string-false", "{{ x }}", X, autoescape=select(default_for_string=False)),
    case("select-html-named", None, X, name="page.html", loader=NAMED, autoescape=select()),
    case("select-txt-named", None, X, name="page.txt", loader=NAMED, autoescape=select()),
    case("select-htm-in-default", None, X, name="page.htm", loader=NAMED, autoescape=select()),
    case("select-case-insensitive", None, X, name="PAGE.HTML", loader=NAMED, autoescape=select()),
    case(
        "select-custom-extensions",
        None,
        X,
        name="page.jinja",
        loader=NAMED,
        autoescape=select(["jinja"]),
    ),
    case(
        "select-dotted-extension",
        None,
        X,
        name="page.html.j2",
        loader=NAMED,
        autoescape=select(["html.j2"]),
    ),
    case(
        "select-default-true",
        None,
        X,
        name="page.jinja",
        loader=NAMED,
        autoescape=select(default=True),
    ),
    case(
        "select-enabled-wins-over-disabled",
        None,
        X,
        name="page.html",
        loader=NAMED,
        autoescape=select(disabled_extensions=["html"]),
    ),
    case(
        "select-disabled-extension",
        None,
        X,
        name="page.txt",
        loader=NAMED,
        autoescape=select(disabled_extensions=["txt"], default=True),
    ),
    case(
        "callable-by-name",
        None,
        X,
        name="page.txt",
        loader=NAMED,
        autoescape=lambda name: name.endswith(".txt"),
    ),
    case(
        "select-macro-from-txt-in-html",
        None,
        X,
        name="uses-txt-macro.html",
        loader=NAMED,
        autoescape=select(),
    ),
    case(
        "select-macro-from-html-in-txt",
        None,
        X,
        name="uses-html-macro.txt",
        loader=NAMED,
        autoescape=select(),
    ),
]

SAFE_AND_ESCAPE = [
    case("safe", "{{ x | safe }}", X, **AE),
    case("safe-then-concat", "{{ x | safe ~ x }}", X, **AE),
    case("concat-then-safe", "{{ (x ~ x) | safe }}", X, **AE),
    case("escape-twice", "{{ x | e | e }}", X),
    case("escape-twice-autoescape", "{{ x | e | e }}", X, **AE),
    case("escape-then-safe", "{{ x | e | safe }}", X, **AE),
    case("forceescape-double", "{{ x | e | forceescape }}", X),
    case("safe-in-set", "{% set s = x | safe %}{{ s }}", X, **AE),
    case("safe-then-upper", "{{ x | safe | upper }}", X, **AE),
    case("safe-then-replace", "{{ '<a>' | safe | replace('a', '<b>') }}", **AE),
    case(
        "safe-then-truncate", "{{ '<b>long text here</b>' | safe | truncate(9, leeway=0) }}", **AE
    ),
    case("escape-filter-markup-input", "{{ m | e }}", {"m": Markup("<i>")}, **AE),
    case("escape-number-is-markup", "{{ (1 | e) is escaped }}"),
    # ``{{ x|e }}`` printed under autoescape escapes once, into plain text, while ``e`` is
    # the built-in filter; an environment's own ``e``/``escape`` is still called.
    case(
        "escape-filter-printed-values",
        "{% for v in vs %}{{ v | e }}/{{ v | escape }};{% endfor %}{{ one | e }}",
        {
            "vs": ["<&>", "'\"", Markup("<i>"), 7, 4096, -2, 2.5, None, True, Html("<x>"), Plain()],
            "one": "<",
        },
        **AE,
    ),
    case(
        "escape-filter-replaced",
        "{% for v in vs %}{{ v | e }}{{ v | escape }}{% endfor %}",
        {"vs": ["<&>", 3]},
        filters={"e": lambda v: f"[e:{v}]", "escape": lambda v: Markup(f"<{v}>")},
        **AE,
    ),
    case("safe-is-escaped", "{{ ('x' | safe) is escaped }} {{ 'x' is escaped }}"),
]

CONCAT_AND_OPERATORS = [
    case("tilde-plain-strings", "{{ '<' ~ '>' }}", **AE),
    case("tilde-markup-and-plain", "{{ m ~ '<' }}", {"m": Markup("<b>")}, **AE),
    case("tilde-plain-and-markup", "{{ '<' ~ m }}", {"m": Markup("<b>")}, **AE),
    case("tilde-markup-noautoescape", "{{ m ~ '<' }}", {"m": Markup("<b>")}),
    case("tilde-markup-is-escaped", "{{ (m ~ '<') is escaped }}", {"m": Markup("<b>")}, **AE),
    case(
        "tilde-markup-noautoescape-is-escaped", "{{ (m ~ '<') is escaped }}", {"m": Markup("<b>")}
    ),
    case("plus-markup-plain", "{{ m + '<' }}", {"m": Markup("<b>")}),
    case("plus-plain-markup", "{{ '<' + m }}", {"m": Markup("<b>")}),
    case("mul-markup", "{{ m * 2 }}", {"m": Markup("<b>")}, **AE),
    case("mod-markup", "{{ m % '<' }}", {"m": Markup("<i>%s</i>")}),
    case("mod-markup-tuple", "{{ m % ('<', 1) }}", {"m": Markup("%s-%d")}),
    case("markup-format-method", "{{ m.format('<x>') }}", {"m": Markup("<i>{}</i>")}),
    case("markup-join-method", "{{ m.join(['<', '>']) }}", {"m": Markup("<br>")}),
    case("markup-striptags-method", "{{ m.striptags() }}", {"m": Markup("<b>a</b> &amp; b")}),
    case("markup-unescape-method", "{{ m.unescape() }}", {"m": Markup("&lt;&amp;")}, **AE),
    case("string-method-on-markup", "{{ m.upper() }}", {"m": Markup("<b>x&amp;</b>")}, **AE),
    case(
        "markup-split-items",
        "{% for p in m.split(',') %}{{ p }}{% endfor %}",
        {"m": Markup("<a>,<b>")},
        **AE,
    ),
    case("markup-subscript", "{{ m[0] }}", {"m": Markup("<b>")}, **AE),
    case("markup-slice", "{{ m[:3] }}", {"m": Markup("<b>x")}, **AE),
    case("markup-in-test", "{{ '<' in m }}", {"m": Markup("<b>")}),
    case("markup-eq-plain", "{{ m == '<b>' }}", {"m": Markup("<b>")}),
    case("format-filter-markup", "{{ m | format(x) }}", {"m": Markup("<i>%s</i>"), "x": "<&>"}),
    case("format-filter-plain-autoescape", "{{ '<i>%s</i>' | format(x) }}", X, **AE),
    case("format-filter-markup-arg", "{{ '%s' | format(m) }}", {"m": Markup("<b>")}, **AE),
    case("join-plain-autoescape", "{{ [x, x] | join('<br>') }}", X, **AE),
    case(
        "join-markup-items", "{{ [m, x] | join('<br>') }}", {"m": Markup("<b>"), "x": "<&>"}, **AE
    ),
    case(
        "join-markup-items-noautoescape",
        "{{ [m, x] | join('<br>') }}",
        {"m": Markup("<b>"), "x": "<&>"},
    ),
    case("join-safe-separator", "{{ [x, x] | join('<br>' | safe) }}", X, **AE),
    case("join-html-object", "{{ [h, x] | join(' ') }}", {"h": Html("a"), "x": "<"}, **AE),
    case("join-is-escaped-with-markup", "{{ ([m] | join) is escaped }}", {"m": Markup("x")}, **AE),
    case("join-noautoescape-html-object", "{{ [h] | join }}", {"h": Html("a")}),
    case("macro-output-concat", "{% macro m() %}<b>{% endmacro %}{{ m() ~ '<' }}", **AE),
    case(
        "caller-output-concat",
        "{% macro w() %}{{ caller() ~ '<' }}{% endmacro %}{% call w() %}<i>{% endcall %}",
        **AE,
    ),
    case("set-block-concat", "{% set b %}<b>{% endset %}{{ b ~ '<' }}", **AE),
    case("set-block-concat-noautoescape", "{% set b %}<b>{% endset %}{{ b ~ '<' }}"),
    case("filter-block-output", "{% filter replace('x', '<') %}x<b>{% endfilter %}", **AE),
    case("constant-concat-folded", "{{ '<' ~ '&' }}{{ ('<' ~ '&') is escaped }}", **AE),
    case("in-operator-markup", "{{ m in ['<b>'] }}", {"m": Markup("<b>")}),
]

BLOCKS = [
    case("block-on-in-off", "{% autoescape true %}{{ x }}{% endautoescape %}|{{ x }}", X),
    case("block-off-in-on", "{% autoescape false %}{{ x }}{% endautoescape %}|{{ x }}", X, **AE),
    case(
        "block-volatile",
        "{% autoescape flag %}{{ x }}{% endautoescape %}",
        {"x": "<", "flag": True},
    ),
    case(
        "block-volatile-false",
        "{% autoescape flag %}{{ x }}{% endautoescape %}",
        {"x": "<", "flag": False},
        **AE,
    ),
    case(
        "block-volatile-concat",
        "{% autoescape flag %}{{ '<' ~ x }}{% endautoescape %}",
        {"x": Markup("<b>"), "flag": True}, expect='&lt;&lt;b&gt;', differs=Differs("COMPATIBILITY.md, Language: output in a volatile autoescape block is escaped by the value at render time", text='&lt;<b>'),
    ),
    case(
        "block-volatile-join",
        "{% autoescape flag %}{{ ['<', m] | join }}{% endautoescape %}",
        {"m": Markup("<b>"), "flag": True},
    ),
    case(
        "block-macro-defined-inside-is-scoped",
        "{% autoescape true %}{% macro m(v) %}{{ v }}{% endmacro %}{% endautoescape %}{{ m('<') }}",
        raises="UndefinedError",
    ),
    case(
        "block-macro-defined-and-called-inside",
        "{% autoescape true %}{% macro m(v) %}{{ v }}{% endmacro %}{{ m('<') }}{% endautoescape %}",
    ),
    case(
        "block-macro-called-inside",
        "{% macro m(v) %}{{ v }}{% endmacro %}{% autoescape true %}{{ m('<') }}{% endautoescape %}",
    ),
    case(
        "block-set-block-inside",
        "{% autoescape true %}{% set b %}<{{ '<' }}{% endset %}{% endautoescape %}{{ b }}",
    ),
    case(
        "block-filter-inside",
        "{% autoescape true %}{{ x | replace('&', '<') }}{% endautoescape %}",
        X,
    ),
    case(
        "block-include-not-affected",
        "{% autoescape true %}{% include 'p' %}{% endautoescape %}",
        X,
        loader={"p": "{{ x }}"},
    ),
    case(
        "block-nested-false-true",
        "{% autoescape false %}{{ x }}{% autoescape true %}{{ x }}{% endautoescape %}{{ x }}{% endautoescape %}",
        X,
        **AE,
    ),
    case(
        "block-in-loop",
        "{% for i in [1, 2] %}{% autoescape i == 1 %}{{ x }}{% endautoescape %}{% endfor %}",
        X,
    ),
    case(
        "block-escape-filter-in-off",
        "{% autoescape false %}{{ x | e }}{% endautoescape %}",
        X,
        **AE,
    ),
    case("block-tojson", "{% autoescape true %}{{ x | tojson }}{% endautoescape %}", X),
]

FINALIZE = [
    case(
        "finalize-none-to-empty", "[{{ none }}][{{ 1 }}]", finalize=lambda v: "" if v is None else v
    ),
    case("finalize-with-autoescape", "{{ x }}", X, finalize=lambda v: f"<{v}>", **AE),
    case("finalize-returns-markup", "{{ x }}", X, finalize=lambda v: Markup(f"<i>{v}</i>"), **AE),
    case("finalize-not-applied-to-data", "<b>{{ 1 }}</b>", finalize=lambda v: v * 2),
    case("finalize-constant", "{{ 'abc' }}{{ 2 }}", finalize=lambda v: repr(v)),
    case("finalize-in-loop", "{% for i in [1, 2] %}{{ i }}{% endfor %}", finalize=lambda v: v * 10),
    case(
        "finalize-undefined",
        "[{{ missing }}]",
        finalize=lambda v: "UNDEF" if v.__class__.__name__ == "Undefined" else v,
    ),
    case(
        "finalize-pass-context",
        "{{ x }}",
        {"x": 1, "suffix": "!"},
        finalize=ByEngine(lambda m: m.pass_context(lambda ctx, v: f"{v}{ctx['suffix']}")),
    ),
    case(
        "finalize-pass-eval-context",
        "{{ x }}{% autoescape true %}{{ x }}{% endautoescape %}",
        X,
        finalize=ByEngine(lambda m: m.pass_eval_context(lambda ec, v: f"{v}:{ec.autoescape};")),
    ),
    case(
        "finalize-pass-environment",
        "{{ x }}",
        X,
        finalize=ByEngine(lambda m: m.pass_environment(lambda env, v: f"{v}:{env.autoescape}")),
    ),
    case(
        "finalize-macro-output",
        "{% macro m() %}in{% endmacro %}{{ m() }}",
        finalize=lambda v: f"[{v}]",
    ),
    case(
        "finalize-set-block", "{% set b %}{{ 1 }}{% endset %}{{ b }}", finalize=lambda v: f"<{v}>"
    ),
]

# Constant folding: Jinja2 evaluates constant sub-expressions at compile time, and a folded
# concatenation is a plain str even when a part was Markup (so it is escaped again).
FOLDING = [
    case("fold-escape-then-concat", "{{ '<' | e ~ '<' }}"),
    case("fold-escape-then-add", "{{ ('<' | e) + '<' }}"),
    case("fold-safe-concat-var", "{{ ('<b>' | safe) ~ x }}", {"x": "<"}, **AE),
    case("fold-join-const", "{{ ['<a>'] | join }}", **AE),
    case("fold-join-const-markup", "{{ ['<a>' | safe] | join }}", **AE),
    case("fold-join-const-markup-sep", "{{ ['<a>' | safe, '<'] | join }}", **AE),
    case("fold-format", "{{ '%s' | format('<') }}", **AE),
    case("fold-format-safe", "{{ '<i>%s</i>' | safe | format('<') }}", **AE),
    case("fold-safe-upper", "{{ '<b>' | safe | upper }}", **AE),
    case("fold-list-of-safe", "{{ ['<b>' | safe] }}", **AE),
    case("fold-cond-safe", "{{ '<b>' | safe if true else 'x' }}", **AE),
    case("fold-safe-in-set", "{% set s = '<b>' | safe ~ '' %}{{ s }}", **AE, expect='&lt;b&gt;', differs=Differs("COMPATIBILITY.md, Language: constant expressions involving markup safety are not folded into plain strings", text='<b>')),
    case("fold-escape-concat-noae", "{{ '&' | e ~ '&' | e }}"),
    case("fold-tilde-escape-in-ae", "{{ '&' | e ~ '&' }}", **AE, expect='&amp;amp;&amp;', differs=Differs("COMPATIBILITY.md, Language: constant expressions involving markup safety are not folded into plain strings", text='&amp;&amp;')),
    case("fold-string-filter-markup", "{{ ('<' | e | string) ~ '<' }}"),
]

# A non-constant ``{% autoescape expr %}`` makes the evaluation context volatile: Jinja2 then
# decides escaping at run time, except for constant output, which it escapes (or not) by the
# autoescape setting in force at compile time.
VOLATILE = [
    case(
        "volatile-set-block",
        "{% autoescape flag %}{% set b %}<{{ '<' }}{% endset %}{{ b }}{% endautoescape %}",
        {"flag": True}, expect='<<', differs=Differs("COMPATIBILITY.md, Language: output in a volatile autoescape block is escaped by the value at render time", text='<&lt;'),
    ),
    case(
        "volatile-macro",
        "{% autoescape flag %}{% macro m() %}<{{ '<' }}{% endmacro %}{{ m() }}{% endautoescape %}",
        {"flag": True}, expect='<<', differs=Differs("COMPATIBILITY.md, Language: output in a volatile autoescape block is escaped by the value at render time", text='<&lt;'),
    ),
    case(
        "volatile-filter-block",
        "{% autoescape flag %}{% filter upper %}<{{ '<' }}{% endfilter %}{% endautoescape %}",
        {"flag": True}, expect='<<', differs=Differs("COMPATIBILITY.md, Language: output in a volatile autoescape block is escaped by the value at render time", text='<&LT;'),
    ),
    case(
        "volatile-concat-false",
        "{% autoescape flag %}{{ '<' ~ x }}{% endautoescape %}",
        {"flag": False, "x": Markup("<b>")},
        **AE,
    ),
    case(
        "volatile-concat-plain",
        "{% autoescape flag %}{{ '<' ~ '&' }}{% endautoescape %}",
        {"flag": True}, expect='<&', differs=Differs("COMPATIBILITY.md, Language: output in a volatile autoescape block is escaped by the value at render time", text='&lt;&amp;'),
    ),
    case(
        "volatile-join",
        "{% autoescape flag %}{{ ['<', '&'] | join }}{% endautoescape %}",
        {"flag": True},
    ),
    case(
        "volatile-safe",
        "{% autoescape flag %}{{ '<' | safe }}{{ x | safe }}{% endautoescape %}",
        {"flag": True, "x": "<"},
    ),
    case(
        "volatile-escape-filter",
        "{% autoescape flag %}{{ x | e }}{% endautoescape %}",
        {"flag": False, "x": "<"},
    ),
    case(
        "volatile-call-block",
        "{% macro w() %}{{ caller() }}{% endmacro %}{% autoescape flag %}{% call w() %}<{{ '<' }}{% endcall %}{% endautoescape %}",
        {"flag": True}, expect='<<', differs=Differs("COMPATIBILITY.md, Language: output in a volatile autoescape block is escaped by the value at render time", text='<&lt;'),
    ),
]


@params(OPTION)
def test_autoescape_option(case):
    check(case)


@params(SAFE_AND_ESCAPE)
def test_safe_and_escape(case):
    check(case)


@params(CONCAT_AND_OPERATORS)
def test_markup_operators(case):
    check(case)


@params(BLOCKS)
def test_autoescape_blocks(case):
    check(case)


@params(FINALIZE)
def test_finalize(case):
    check(case)


@params(FOLDING)
def test_constant_folding(case):
    check(case)


@params(VOLATILE)
def test_volatile_autoescape(case):
    check(case)
