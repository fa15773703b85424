"""Differential cases for the other environments: SandboxedEnvironment and
ImmutableSandboxedEnvironment (what is blocked, with which exception; what still renders) and
NativeEnvironment (which Python value comes back).

Not named ``test_diff_*``: ``tests/test_async.py`` re-renders those tables in async mode
through ``Template.render_async`` only, and native results are compared here by type.
"""

from __future__ import annotations

import functools

from diffharness import ByEngine, Differs, Fresh, case, check, params
from markupsafe import Markup

SB = {"env_class": "sandbox.SandboxedEnvironment"}
PEEK = {"peek": ByEngine(lambda m: m.pass_context(lambda ctx: ctx.get("x", "-")))}
IM = {"env_class": "sandbox.ImmutableSandboxedEnvironment"}
NT = {"env_class": "nativetypes.NativeEnvironment"}


def native(m, e, t, c):
    """Render and return the native value (compared by type and repr)."""
    return t.render(c)


class Obj:
    public = "pub"
    _private = "priv"

    def method(self):
        return "m"


def unsafe(m):
    return __import__(f"{m.__name__}.sandbox", fromlist=["unsafe"]).unsafe(lambda: 1)


SANDBOX = [
    case("sb-plain", "{{ 1 + 1 }}{{ x.public }}{{ x.method() }}", {"x": Obj()}, **SB),
    case("sb-private-attr", "[{{ x._private }}]", {"x": Obj()}, **SB),
    case("sb-dunder-class", "[{{ ''.__class__ }}]", **SB),
    case("sb-dunder-chain", "{{ ''.__class__.__mro__ }}", **SB, raises="SecurityError"),
    case("sb-dunder-subscript", "[{{ x['__class__'] }}]", {"x": Obj()}, **SB),
    case("sb-func-globals", "{{ f.__globals__ }}", {"f": lambda: 1}, **SB),
    case("sb-func-code", "[{{ f.__code__ }}]", {"f": lambda: 1}, **SB),
    case("sb-mro-call", "{{ ''.__class__.mro() }}", **SB, raises="SecurityError"),
    case("sb-range-limit", "{{ range(100001) | length }}", **SB, raises="OverflowError", differs=Differs("docs/sandbox.md, Differences from Jinja2's sandbox: range beyond its limit raises RangeLimitExceeded, an OverflowError", raises="OverflowError")),
    case("sb-range-ok", "{{ range(100000) | length }}", **SB),
    case("sb-range-step-limit", "{{ range(0, 300000, 2) | length }}", **SB, raises="OverflowError", differs=Differs("docs/sandbox.md, Differences from Jinja2's sandbox: range beyond its limit raises RangeLimitExceeded, an OverflowError", raises="OverflowError")),
    case("sb-format-attr", "{{ '{0.__class__}'.format(1) }}", **SB),
    case("sb-format-ok", "{{ '{0}-{x}'.format(1, x=2) }}", **SB),
    case("sb-format-map", "{{ '{a.__class__}'.format_map({'a': 1}) }}", **SB),
    case("sb-format-filter", "{{ '%s' | format(1) }}", **SB),
    case("sb-markup-format", "{{ m.format('<') }}", {"m": Markup("<i>{0}</i>")}, **SB),
    case("sb-markup-format-attr", "{{ m.format(x) }}", {"m": Markup("{0.__class__}"), "x": 1}, **SB),
    case("sb-list-append", "{% set l = [] %}{{ l.append(1) }}{{ l }}", **SB),
    case("sb-immutable-list-append", "{% set l = [] %}{{ l.append(1) }}", **IM, raises="SecurityError"),
    case("sb-immutable-dict-update", "{% set d = {} %}{{ d.update(a=1) }}", **IM, raises="SecurityError"),
    case("sb-immutable-set-add", "{{ s.add(1) }}", {"s": set()}, **IM, raises="SecurityError"),
    case("sb-immutable-list-read", "{{ [3, 1].index(1) }}{{ {'a': 1}.get('a') }}", **IM),
    case("sb-immutable-pop", "{{ l.pop() }}", {"l": [1]}, **IM, raises="SecurityError"),
    case("sb-getattr-builtin-type", "[{{ x.mro }}]", {"x": int}, **SB),
    case("sb-gi-frame", "[{{ g.gi_frame }}]", {"g": Fresh(lambda: (i for i in [1]))}, **SB),
    case("sb-str-mul-big", "{{ ('a' * 10) | length }}", **SB),
    case("sb-call-unsafe", "{{ f() }}", {"f": ByEngine(unsafe)}, **SB, raises="SecurityError"),
    case("sb-attr-filter-private", "[{{ x | attr('_private') }}]", {"x": Obj()}, **SB),
    case("sb-attr-filter-dunder", "[{{ x | attr('__class__') }}]", {"x": Obj()}, **SB),
    case("sb-map-attribute-dunder", "{{ [x] | map(attribute='__class__') | list }}", {"x": Obj()}, **SB),
    case("sb-loop-ok", "{% for i in range(3) %}{{ loop.index }}{% endfor %}", **SB),
    case("sb-macro-ok", "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1) }}", **SB),
    case("sb-pow-large", "{{ 2 ** 100 }}", **SB),
    case("sb-undefined-dunder", "[{{ x.__class__ }}]", **SB),
    case("sb-dict-items", "{% for k, v in d.items() %}{{ k }}{{ v }}{% endfor %}", {"d": {"a": 1}}, **SB),
    case("sb-string-methods", "{{ 'a,b'.split(',') }}{{ 'x'.upper() }}", **SB),
    case("sb-intercepted-binop", "{{ 1 + 2 }}{{ 3 * 4 }}", **SB),
    case("sb-is-safe-callable", "{{ f() }}", {"f": type("F", (), {"__call__": lambda s: 1, "unsafe_callable": True})()}, **SB, raises="SecurityError"),
    case("sb-alters-data", "{{ f() }}", {"f": type("F", (), {"__call__": lambda s: 1, "alters_data": True})()}, **SB, raises="SecurityError"),
    # Renders that Jinja2's sandbox allows; tmpl's sandbox adds per-render resource limits.
    case("sb-limit-recursion-150", "{% macro r(n) %}{% if n %}{{ r(n - 1) }}{% else %}done{% endif %}{% endmacro %}{{ r(150) }}", **SB, expect='done', differs=Differs("docs/sandbox.md, Differences from Jinja2's sandbox: resource limits (max_depth)", raises="RecursionLimitExceeded")),
    case("sb-limit-iterations-1m", "{% set ns = namespace(n=0) %}{% for i in range(1000) %}{% for j in range(1001) %}{% endfor %}{% endfor %}ok", **SB, expect='ok', differs=Differs("docs/sandbox.md, Differences from Jinja2's sandbox: resource limits (max_iterations)", raises="IterationLimitExceeded")),
    case("sb-limit-output-20mb", "{% for i in range(100) %}{{ x }}{% endfor %}", {"x": "y" * 200_001}, render=lambda m, e, t, c: len(t.render(c)), **SB, expect='int: 20000100', differs=Differs("docs/sandbox.md, Differences from Jinja2's sandbox: resource limits (output size)", raises="ResourceLimitExceeded")),
    case("sb-limit-int-bits", "{{ (2 ** 70000) % 7 }}", **SB, expect='2', differs=Differs("docs/sandbox.md, Differences from Jinja2's sandbox: resource limits (max_int_bits)", raises="ArithmeticLimitExceeded")),
    case("sb-limit-string-size", "{{ ('x' * 20000000) | length }}", **SB, expect='20000000', differs=Differs("docs/sandbox.md, Differences from Jinja2's sandbox: resource limits (max_size)", raises="ArithmeticLimitExceeded")),
    case("sb-limit-list-size", "{{ ([0] * 20000000) | length }}", **SB, expect='20000000', differs=Differs("docs/sandbox.md, Differences from Jinja2's sandbox: resource limits (max_size)", raises="ArithmeticLimitExceeded")),
    case("sb-limit-nested-include-120", "{% include 'r' %}", {"n": 120}, loader={"r": "{% if n %}{% with n = n - 1 %}{% include 'r' %}{% endwith %}{% endif %}."}, render=lambda m, e, t, c: len(t.render(c)), **SB, expect='int: 121', differs=Differs("docs/sandbox.md, Differences from Jinja2's sandbox: resource limits (max_depth)", raises="RecursionLimitExceeded")),
    # A pass_context global called after {% set %} in a loop body or block sees the value.
    case("sb-ctxfn-loop-set", "{% for i in [1, 2] %}{{ peek() }}{% set x = i %}{{ peek() }}{% endfor %}", globals=PEEK, **SB),
    case("sb-ctxfn-block-set", "{% block b %}{% set x = 5 %}{{ peek() }}{% endblock %}", globals=PEEK, **SB),
    case("sb-recursive-loop-150", "{% for n in [t] recursive %}{% if n %}{{ loop(n) }}{% endif %}{% endfor %}x", {"t": functools.reduce(lambda a, _: [a], range(149), [])}, **SB, expect='x', differs=Differs("docs/sandbox.md, Differences from Jinja2's sandbox: resource limits (max_depth)", raises="RecursionLimitExceeded")),
]

NATIVE = [
    case("nt-int", "{{ 1 + 2 }}", render=native, **NT),
    case("nt-list", "{{ [1, 2] }}", render=native, **NT),
    case("nt-dict-var", "{{ x }}", {"x": {"a": [1]}}, render=native, **NT),
    case("nt-string-literal", "{{ 'abc' }}", render=native, **NT),
    case("nt-concat-numbers", "{{ 1 }}{{ 2 }}", render=native, **NT),
    case("nt-text-and-number", "a{{ 1 }}", render=native, **NT),
    case("nt-string-that-looks-like-list", "{{ '[1, 2]' }}", render=native, **NT),
    case("nt-string-var-that-looks-like-int", "{{ x }}", {"x": "42"}, render=native, **NT),
    case("nt-none", "{{ none }}", render=native, **NT),
    case("nt-bool", "{{ true }}", render=native, **NT),
    case("nt-empty", "", render=native, **NT),
    case("nt-whitespace-number", " {{ 1 }} ", render=native, **NT),
    case("nt-loop", "{% for i in [1, 2] %}{{ i }}{% endfor %}", render=native, **NT),
    case("nt-loop-list-concat", "{% for i in [1, 2] %}{{ i }},{% endfor %}", render=native, **NT),
    case("nt-tuple", "{{ (1, 'a') }}", render=native, **NT),
    case("nt-float", "{{ 0.1 + 0.2 }}", render=native, **NT),
    case("nt-object", "{{ x }}", {"x": Obj()}, render=lambda m, e, t, c: type(t.render(c)).__name__, **NT),
    case("nt-filter-list", "{{ [3, 1] | sort }}", render=native, **NT),
    case("nt-string-quotes", "{{ x }}", {"x": "'quoted'"}, render=native, **NT),
    case("nt-if", "{% if true %}{{ 5 }}{% endif %}", render=native, **NT),
    case("nt-macro", "{% macro m() %}7{% endmacro %}{{ m() }}", render=native, **NT),
    case("nt-generator-var", "{{ x }}", {"x": Fresh(lambda: (i for i in [1]))}, render=lambda m, e, t, c: type(t.render(c)).__name__, **NT),
    case("nt-autoescape", "{{ x }}", {"x": "<"}, render=native, autoescape=True, **NT),
    case("nt-native-template-class", None, render=lambda m, e, t, c: __import__(f"{m.__name__}.nativetypes", fromlist=["NativeTemplate"]).NativeTemplate("{{ [1] + [2] }}").render()),
    case("nt-expression", None, render=lambda m, e, t, c: e.compile_expression("[1] + x")(x=[2]), **NT),
    case("nt-concat-strings-literal-eval", "{{ '1' }}{{ '+2' }}", render=native, **NT),
    case("nt-leading-zero", "{{ x }}", {"x": "007"}, render=native, **NT),
    case("nt-set-literal-string", "{{ x }}", {"x": "{1, 2}"}, render=native, **NT),
    case("nt-bytes-string", "{{ x }}", {"x": "b'ab'"}, render=native, **NT),
    case("nt-complex-string", "{{ x }}", {"x": "1+2j"}, render=native, **NT),
    case("nt-newline-number", "{{ 1 }}\n", render=native, **NT),
    case("nt-multiline-list", "[\n{{ 1 }}\n]", render=native, **NT),
]


@params(SANDBOX)
def test_sandbox(case):
    check(case)


@params(NATIVE)
def test_native(case):
    check(case)
