"""Differential cases: the default globals — range, dict, lipsum, cycler, joiner, namespace —
and globals supplied by the environment or shadowed by the context."""

from __future__ import annotations

import random

from diffharness import ByEngine, Differs, Fresh, case, check, params


def seeded(seed):
    """A context value whose construction seeds :mod:`random` just before each render."""
    return Fresh(lambda: random.seed(seed))


RANGE = [
    case("range-stop", "{{ range(5) | list }}"),
    case("range-start-stop", "{{ range(2, 5) | list }}"),
    case("range-step", "{{ range(10, 0, -3) | list }}"),
    case("range-empty", "{{ range(0) | list }}"),
    case("range-repr", "{{ range(3) }}"),
    case("range-length", "{{ range(7) | length }}"),
    case("range-index", "{{ range(10)[3] }}"),
    case("range-slice", "{{ range(10)[2:8:2] | list }}"),
    case("range-in", "{{ 3 in range(5) }}"),
    case("range-float", "{{ range(1.5) }}", raises="TypeError"),
    case("range-zero-step", "{{ range(1, 2, 0) }}", raises="ValueError"),
    case("range-no-args", "{{ range() }}", raises="TypeError"),
    case("range-shadowed-by-context", "{{ range }}", {"range": "ctx"}),
    case("range-shadowed-by-set", "{% set range = 'set' %}{{ range }}"),
    case("range-sum", "{{ range(101) | sum }}"),
]

DICT = [
    case("dict-kwargs", "{{ dict(a=1, b=2) | dictsort }}"),
    case("dict-empty", "{{ dict() }}"),
    case("dict-star-kwargs", "{{ dict(**{'x': 1}) }}"),
    case("dict-from-pairs", "{{ dict([('a', 1)]) }}"),
    case(
        "dict-items-loop", "{% for k, v in dict(b=2, a=1) | dictsort %}{{ k }}{{ v }}{% endfor %}"
    ),
    case("dict-attribute-access", "{{ dict(a=1).a }}"),
]

LIPSUM = [
    case("lipsum-is-markup", "{{ lipsum() is escaped }} {{ lipsum(html=false) is escaped }}"),
    case(
        "lipsum-paragraph-count-html", "{{ lipsum(3).count('<p>') }} {{ lipsum(3).count('</p>') }}"
    ),
    case("lipsum-paragraph-count-text", "{{ lipsum(4, false).split('\n\n') | length }}"),
    case("lipsum-word-count", "{{ lipsum(1, false, 5, 6) | wordcount }}"),
    case("lipsum-word-count-kwargs", "{{ lipsum(n=1, html=false, min=12, max=13) | wordcount }}"),
    case(
        "lipsum-word-bounds", "{% set w = lipsum(1, false, 20, 30) | wordcount %}{{ 20 <= w < 30 }}"
    ),
    case(
        "lipsum-capitalised-and-full-stop",
        "{% set t = lipsum(1, false, 5, 6) %}{{ t[0] is upper }} {{ t[-1] }}",
    ),
    case("lipsum-zero", "[{{ lipsum(0) }}]"),
    case(
        "lipsum-html-structure",
        "{% set t = lipsum(2) %}{{ t.startswith('<p>') }} {{ t.endswith('.</p>') }} {{ t.count('\n') }}",
    ),
    case(
        "lipsum-autoescape-not-escaped",
        "{{ lipsum(1).startswith('<p>') }}{{ (lipsum(1) | string)[:3] }}",
        autoescape=True,
    ),
    case("lipsum-no-newline-without-html", "{{ '\n' in lipsum(1, false) }}"),
    case(
        "random-filter-seeded",
        "{{ range(100) | random }} {{ 'abcdefgh' | random }}",
        {"seed": seeded(5)},
    ),
]

CYCLER = [
    case(
        "cycler-next",
        "{% set c = cycler('a', 'b', 'c') %}{{ c.next() }}{{ c.next() }}{{ c.next() }}{{ c.next() }}",
    ),
    case(
        "cycler-current", "{% set c = cycler(1, 2) %}{{ c.current }}{{ c.next() }}{{ c.current }}"
    ),
    case(
        "cycler-reset",
        "{% set c = cycler(1, 2, 3) %}{{ c.next() }}{{ c.next() }}{% do c.reset() %}{{ c.next() }}",
        extensions=["jinja2.ext.do"],
    ),
    case(
        "cycler-reset-in-expression",
        "{% set c = cycler(1, 2) %}{{ c.next() }}{{ c.reset() }}{{ c.next() }}",
    ),
    case(
        "cycler-across-loops",
        "{% set c = cycler('odd', 'even') %}{% for i in 'ab' %}{{ c.next() }} {% endfor %}{% for i in 'abc' %}{{ c.next() }} {% endfor %}",
    ),
    case("cycler-items", "{{ cycler(1, 2).items }}"),
    case("cycler-no-items", "{{ cycler() }}", raises="RuntimeError"),
    case("cycler-single", "{% set c = cycler('x') %}{{ c.next() }}{{ c.next() }}"),
    case(
        "cycler-in-loop-scope",
        "{% set c = cycler(1, 2) %}{% for i in range(3) %}{{ c.next() }}{% endfor %}{{ c.current }}",
    ),
]

JOINER = [
    case(
        "joiner-default", "{% set j = joiner() %}{% for i in 'abc' %}{{ j() }}{{ i }}{% endfor %}"
    ),
    case(
        "joiner-sep", "{% set j = joiner(' | ') %}{% for i in 'abc' %}{{ j() }}{{ i }}{% endfor %}"
    ),
    case(
        "joiner-conditional",
        "{% set pipe = joiner('|') %}{% if a %}{{ pipe() }}A{% endif %}{% if b %}{{ pipe() }}B{% endif %}{% if c %}{{ pipe() }}C{% endif %}",
        {"a": 0, "b": 1, "c": 1},
    ),
    case("joiner-autoescape", "{% set j = joiner('<br>') %}{{ j() }}x{{ j() }}y", autoescape=True),
    case(
        "joiner-two-independent",
        "{% set a = joiner('-') %}{% set b = joiner('+') %}{{ a() }}{{ b() }}{{ a() }}{{ b() }}",
    ),
]

NAMESPACE = [
    case("namespace-kwargs", "{% set ns = namespace(a=1, b='x') %}{{ ns.a }}{{ ns.b }}"),
    case("namespace-repr", "{{ namespace(a=1) }}"),
    case("namespace-missing-attribute", "{% set ns = namespace() %}[{{ ns.nope }}]"),
    case(
        "namespace-missing-attribute-defined", "{% set ns = namespace() %}{{ ns.nope is defined }}"
    ),
    case("namespace-subscript", "{% set ns = namespace(a=1) %}{{ ns['a'] }}"),
    case("namespace-from-dict", "{% set ns = namespace({'k': 'v'}) %}{{ ns.k }}"),
    case(
        "namespace-loop-flag",
        "{% set ns = namespace(found=false) %}{% for i in [1, 2, 3] %}{% if i == 2 %}{% set ns.found = true %}{% endif %}{% endfor %}{{ ns.found }}",
    ),
    case(
        "namespace-nested-loops",
        "{% set ns = namespace(n=0) %}{% for a in range(3) %}{% for b in range(4) %}{% set ns.n = ns.n + 1 %}{% endfor %}{% endfor %}{{ ns.n }}",
    ),
    case(
        "namespace-in-macro",
        "{% set ns = namespace(v=1) %}{% macro m() %}{% set ns.v = ns.v + 1 %}{% endmacro %}{{ m() }}{{ m() }}{{ ns.v }}",
    ),
    case(
        "namespace-attribute-assign-block",
        "{% set ns = namespace() %}{% for i in 'ab' %}{% set ns.last %}<{{ i }}>{% endset %}{% endfor %}{{ ns.last }}",
    ),
    case("namespace-positional-and-kwargs", "{{ namespace({'a': 1}, a=2).a }}"),
    case("namespace-two-positional", "{{ namespace({}, {}) }}", raises="TypeError"),
]

CUSTOM_GLOBALS = [
    case("env-global-value", "{{ site }}", globals={"site": "example"}),
    case("env-global-function", "{{ shout('hi') }}", globals={"shout": lambda s: s.upper() + "!"}),
    case(
        "env-global-shadowed-by-context", "{{ site }}", {"site": "ctx"}, globals={"site": "global"}
    ),
    case(
        "env-global-in-macro",
        "{% macro m() %}{{ site }}{% endmacro %}{{ m() }}",
        globals={"site": "g"},
    ),
    case(
        "env-global-pass-context",
        "{% set x = 'local' %}{{ peek() }}",
        {"x": "ctx"},
        globals={"peek": ByEngine(lambda m: m.pass_context(lambda ctx: ctx.get("x")))},
    ),
    case(
        "env-global-pass-environment",
        "{{ envname() }}",
        globals={"envname": ByEngine(lambda m: m.pass_environment(lambda env: type(env).__name__))},
    ),
    case(
        "env-global-pass-eval-context",
        "{{ ae() }}{% autoescape true %}{{ ae() }}{% endautoescape %}",
        globals={"ae": ByEngine(lambda m: m.pass_eval_context(lambda ec: ec.autoescape))},
    ),
    case(
        "context-function-sees-template-vars",
        "{% for i in [1] %}{{ names() }}{% endfor %}",
        {"a": 1},
        globals={
            "names": ByEngine(
                lambda m: m.pass_context(lambda ctx: sorted(k for k in ctx.get_all() if k == "a"))
            )
        },
    ),
    case(
        "filter-pass-context",
        "{{ 'x' | tagged }}",
        {"tag": "T"},
        filters={"tagged": ByEngine(lambda m: m.pass_context(lambda ctx, v: ctx["tag"] + v))},
    ),
    case(
        "filter-pass-eval-context",
        "{{ 'x' | ae }}|{% autoescape true %}{{ 'x' | ae }}{% endautoescape %}",
        filters={
            "ae": ByEngine(lambda m: m.pass_eval_context(lambda ec, v: f"{v}:{ec.autoescape}"))
        },
    ),
    case(
        "test-pass-environment",
        "{{ 'x' is envtest }}",
        tests={"envtest": ByEngine(lambda m: m.pass_environment(lambda env, v: env.autoescape))},
    ),
    case(
        "filter-pass-context-resolves-set",
        "{% set tag = 'S' %}{{ 'x' | tagged }}",
        filters={
            "tagged": ByEngine(lambda m: m.pass_context(lambda ctx, v: ctx.resolve("tag") + v))
        },
    ),
]

# What a pass_context function sees of the template's variables.
PEEK = {"peek": ByEngine(lambda m: m.pass_context(lambda ctx, n="x": ctx.get(n, "-")))}
LOOK = {"look": ByEngine(lambda m: m.pass_context(lambda ctx, n="x": str(ctx.resolve(n))))}
ALLV = {"allv": ByEngine(lambda m: m.pass_context(lambda ctx: sorted(k for k in ctx.get_all() if len(k) == 1)))}

PASS_CONTEXT = [
    case("ctxfn-loop-var", "{% for x in ['lv'] %}{{ peek() }}{% endfor %}", globals=PEEK),
    case("ctxfn-loop-resolve", "{% for x in ['lv'] %}{{ look() }}{% endfor %}", globals=LOOK),
    case("ctxfn-toplevel-set", "{% set x = 'top' %}{{ peek() }}", globals=PEEK),
    case("ctxfn-macro-arg", "{% macro m(x) %}{{ peek() }}{% endmacro %}{{ m('arg') }}", globals=PEEK),
    case("ctxfn-with", "{% with x = 'w' %}{{ peek() }}{% endwith %}", globals=PEEK),
    case("ctxfn-filter-loop-var", "{% for x in ['lv'] %}{{ 'x' | pf }}{% endfor %}", filters={"pf": ByEngine(lambda m: m.pass_context(lambda ctx, v: ctx.get(v, '-')))}),
    case("ctxfn-call-block-var", "{% macro w() %}{{ caller() }}{% endmacro %}{% for x in ['cv'] %}{% call w() %}{{ peek() }}{% endcall %}{% endfor %}", globals=PEEK),
    # {% set %} in a loop body or block: calls after it see the value, calls before it (and
    # in the next iteration, before it runs again) do not; the context itself is unchanged.
    case("ctxfn-loop-set", "{% for i in [1, 2] %}{{ peek() }}{% set x = i * 10 %}{{ peek() }}{% endfor %}|{{ peek() }}", globals=PEEK),
    case("ctxfn-loop-set-in-if", "{% for i in [1, 2] %}{% if i > 1 %}{% set x = i %}{% endif %}{{ peek() }}{% endfor %}", globals=PEEK),
    case("ctxfn-loop-set-shadows-top", "{% set x = 'top' %}{% for i in [1] %}{{ peek() }}{% set x = 'loop' %}{{ peek() }}{% endfor %}{{ peek() }}", globals=PEEK),
    case("ctxfn-loop-set-block", "{% for i in [1, 2] %}{% set x %}b{{ i }}{% endset %}{{ peek() }}{% endfor %}", globals=PEEK),
    case("ctxfn-loop-set-tuple", "{% for i in [1] %}{% set x, y = 'a', 'b' %}{{ peek('x') }}{{ peek('y') }}{% endfor %}", globals=PEEK),
    case("ctxfn-loop-set-not-in-with", "{% for i in [1] %}{% set x = 1 %}{% with %}{{ peek() }}{% endwith %}{% endfor %}", globals=PEEK),
    case("ctxfn-loop-set-not-in-macro", "{% macro m() %}{{ peek() }}{% endmacro %}{% for i in [1] %}{% set x = 7 %}{{ m() }}{% endfor %}", globals=PEEK),
    case("ctxfn-loop-set-call-block", "{% macro w() %}{{ caller() }}{% endmacro %}{% for i in [1] %}{% set x = 'c' %}{% call w() %}[{{ peek() }}]{% endcall %}{{ peek() }}{% endfor %}", globals=PEEK),
    case("ctxfn-loop-set-macro-call", "{% macro m(a) %}<{{ a }}>{% endmacro %}{% for i in [1] %}{% set x = 2 %}{{ m(x) }}{{ peek() }}{% endfor %}", globals=PEEK),
    case("ctxfn-block-set", "{% block b %}{{ peek() }}{% set x = 5 %}{{ peek() }}{% endblock %}{{ peek() }}", globals=PEEK),
    # Jinja2 gives the outer loop's later calls the inner loop's variables (both loops write
    # one local, _loop_vars, in the same Python function); see COMPATIBILITY.md.
    case(
        "ctxfn-nested-loop-set",
        "{% for i in [1, 2] %}{% set x = i %}{% for j in [3] %}{% set x = j %}{% endfor %}{{ peek() }}{% endfor %}",
        globals=PEEK,
        differs=Differs("COMPATIBILITY.md: variables set in a nested loop", text="12"),
    ),
]


@params(RANGE)
def test_range(case):
    check(case)


@params(DICT)
def test_dict(case):
    check(case)


@params(LIPSUM)
def test_lipsum(case):
    check(case)


@params(CYCLER)
def test_cycler(case):
    check(case)


@params(JOINER)
def test_joiner(case):
    check(case)


@params(NAMESPACE)
def test_namespace(case):
    check(case)


@params(CUSTOM_GLOBALS)
def test_custom_globals(case):
    check(case)


@params(PASS_CONTEXT)
def test_pass_context_sees(case):
    check(case)
