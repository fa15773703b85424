"""Differential cases: the undefined types — Undefined, StrictUndefined, ChainableUndefined,
DebugUndefined — their output and errors, ``default`` and ``is defined`` interplay."""

from __future__ import annotations

import logging

from diffharness import ByEngine, case, check, params

QUIET_LOGGER = logging.getLogger("tests.differential.undefined")
QUIET_LOGGER.addHandler(logging.NullHandler())
QUIET_LOGGER.propagate = False

KINDS = ("Undefined", "StrictUndefined", "ChainableUndefined", "DebugUndefined")


class Thing:
    attr = "value"


CTX = {"thing": Thing(), "d": {"k": "v"}, "l": [1], "n": None}

# Each operation is rendered under every kind; the last field says what Jinja2 does under
# Undefined, StrictUndefined, ChainableUndefined, DebugUndefined in that order:
# "-" renders, "U" raises UndefinedError, "T" raises TypeError.
OPERATIONS = [
    ("print", "[{{ x }}]", "-U--"),
    ("print-attr", "[{{ x.y }}]", "UU-U"),
    ("print-attr-chain", "[{{ x.y.z }}]", "UU-U"),
    ("print-item", "[{{ x['y'] }}]", "UU-U"),
    ("print-item-chain", "[{{ x['y']['z'] }}]", "UU-U"),
    ("print-attr-of-defined", "[{{ thing.nope }}]", "-U--"),
    ("print-attr-chain-of-defined", "[{{ thing.nope.deeper }}]", "UU-U"),
    ("print-dict-missing-key", "[{{ d.nope }}]", "-U--"),
    ("print-dict-missing-key-chain", "[{{ d.nope.deeper }}]", "UU-U"),
    ("print-list-out-of-range", "[{{ l[5] }}]", "-U--"),
    ("print-none-attr", "[{{ n.attr }}]", "-U--"),
    ("if", "{% if x %}t{% else %}f{% endif %}", "-U--"),
    ("if-attr", "{% if x.y %}t{% else %}f{% endif %}", "UU-U"),
    ("if-defined-attr-missing", "{% if thing.nope %}t{% else %}f{% endif %}", "-U--"),
    ("not", "{{ not x }}", "-U--"),
    ("list-filter", "{{ x | list }}", "-U--"),
    ("iterate", "{% for i in x %}{{ i }}{% else %}empty{% endfor %}", "-U--"),
    ("length", "{{ x | length }}", "-U--"),
    ("is-defined", "{{ x is defined }}", "----"),
    ("is-undefined", "{{ x is undefined }}", "----"),
    ("attr-is-defined", "{{ x.y is defined }}", "UU-U"),
    ("defined-attr-is-defined", "{{ thing.nope is defined }}", "----"),
    ("default", "{{ x | default('dflt') }}", "----"),
    ("default-attr", "{{ x.y | default('dflt') }}", "UU-U"),
    ("default-defined-missing-attr", "{{ thing.nope | default('dflt') }}", "----"),
    ("default-boolean", "{{ x | default('dflt', true) }}", "----"),
    ("or", "{{ x or 'alt' }}", "-U--"),
    ("and", "[{{ x and 'y' }}]", "-U--"),
    ("concat", "[{{ 'a' ~ x ~ 'b' }}]", "-U--"),
    ("add", "{{ x + 1 }}", "UUUU"),
    ("radd", "{{ 1 + x }}", "UUUU"),
    ("eq", "{{ x == x }} {{ x == 1 }}", "-U--"),
    ("ne", "{{ x != 1 }}", "-U--"),
    ("lt", "{{ x < 1 }}", "UUUU"),
    ("in", "{{ 1 in x }}", "-U--"),
    ("contains", "{{ x in [1] }}", "-U--"),
    ("call", "{{ x() }}", "UUUU"),
    ("call-attr", "{{ x.y() }}", "UUUU"),
    ("upper-filter", "[{{ x | upper }}]", "-U--"),
    ("string-filter", "[{{ x | string }}]", "-U--"),
    ("join", "[{{ x | join(',') }}]", "-U--"),
    ("int", "{{ x | int }}", "UUUU"),
    ("escape", "[{{ x | e }}]", "-U--"),
    ("tojson", "{{ x | tojson }}", "TTTT"),
    ("set-and-print", "{% set y = x %}[{{ y }}]", "-U--"),
    ("macro-arg", "{% macro m(a) %}[{{ a }}]{% endmacro %}{{ m(x) }}", "-U--"),
    ("macro-missing-arg", "{% macro m(a) %}[{{ a }}]{% endmacro %}{{ m() }}", "-U--"),
    ("with-block", "{% with y = x %}[{{ y }}]{% endwith %}", "-U--"),
    ("filter-block", "{% filter upper %}[{{ x }}]{% endfilter %}", "-U--"),
    ("in-autoescape", "{% autoescape true %}[{{ x }}]{% endautoescape %}", "-U--"),
    ("hash", "{{ {x: 1} | length }}", "-U--"),
    ("str-method", "{{ x.upper() }}", "UUUU"),
    ("slice", "{{ x[1:] }}", "UU-U"),
    ("neg", "{{ -x }}", "UUUU"),
    ("sum-of-attr", "{{ [thing] | sum(attribute='nope') }}", "UUUU"),
    ("map-attr", "{{ [thing] | map(attribute='nope') | join }}", "-U--"),
    ("conditional-expr", "{{ 'y' if x else 'n' }}", "-U--"),
    ("loop-previtem", "{% for i in [1] %}[{{ loop.previtem }}]{% endfor %}", "-U--"),
    ("repr-in-list", "{{ [x] }}", "----"),
    ("printed-twice", "[{{ x }}{{ x }}]", "-U--"),
    ("dict-key-missing-then-default", "{{ d[x] | default('dk') }}", "-U--"),
    ("attribute-of-string-missing", "[{{ d.k.nope }}]", "-U--"),
]

_CODES = {"-": None, "U": "UndefinedError", "T": "TypeError"}

KIND_CASES = [
    case(f"{kind}-{suffix}", src, CTX, undefined=kind, raises=_CODES[codes[i]])
    for i, kind in enumerate(KINDS)
    for suffix, src, codes in OPERATIONS
]

SPECIFIC = [
    case("debug-undefined-name", "{{ missing }}", undefined="DebugUndefined"),
    case("debug-undefined-attr", "{{ thing.nope }}", CTX, undefined="DebugUndefined"),
    case("debug-undefined-item", "{{ d['nope'] }}", CTX, undefined="DebugUndefined"),
    case("debug-undefined-concat", "{{ 'a' ~ missing }}", undefined="DebugUndefined"),
    case("debug-undefined-in-string-filter", "{{ missing | string }}", undefined="DebugUndefined"),
    case("debug-undefined-no-hint", "{{ x }}", {"x": ByEngine(lambda m: m.DebugUndefined())}),
    case(
        "debug-undefined-hint",
        "{{ x }}",
        {"x": ByEngine(lambda m: m.DebugUndefined(hint="custom hint"))},
    ),
    case(
        "undefined-object-in-context", "[{{ x }}]", {"x": ByEngine(lambda m: m.Undefined(name="x"))}
    ),
    case(
        "strict-object-in-context",
        "[{{ x }}]",
        {"x": ByEngine(lambda m: m.StrictUndefined(name="x"))},
        raises="UndefinedError",
    ),
    case(
        "undefined-hint-error",
        "{{ x + 1 }}",
        {"x": ByEngine(lambda m: m.Undefined(hint="the hint"))},
        raises="UndefinedError",
    ),
    case("chainable-deep", "[{{ a.b.c.d.e['f'].g }}]", undefined="ChainableUndefined"),
    case(
        "chainable-default", "{{ a.b.c | default('deep-default') }}", undefined="ChainableUndefined"
    ),
    case("chainable-call", "{{ a.b() }}", undefined="ChainableUndefined", raises="UndefinedError"),
    case("chainable-html", "{{ a.b.__html__() }}", undefined="ChainableUndefined"),
    case(
        "strict-is-defined-chain-error",
        "{{ a.b is defined }}",
        undefined="StrictUndefined",
        raises="UndefinedError",
    ),
    case("strict-default-ok", "{{ a | default('ok') }}", undefined="StrictUndefined"),
    case(
        "strict-in-if-defined",
        "{% if a is defined %}{{ a }}{% else %}none{% endif %}",
        undefined="StrictUndefined",
    ),
    case(
        "strict-loop-over",
        "{% for i in a %}{% endfor %}",
        undefined="StrictUndefined",
        raises="UndefinedError",
    ),
    case("strict-unused-is-fine", "{% set y = a %}ok", undefined="StrictUndefined"),
    case(
        "strict-macro-missing-arg-unused",
        "{% macro m(a) %}ok{% endmacro %}{{ m() }}",
        undefined="StrictUndefined",
    ),
    case(
        "strict-macro-missing-arg-used",
        "{% macro m(a) %}{{ a }}{% endmacro %}{{ m() }}",
        undefined="StrictUndefined",
        raises="UndefinedError",
    ),
    case(
        "strict-eq-is-an-error",
        "{{ a == b }}",
        undefined="StrictUndefined",
        raises="UndefinedError",
    ),
    case(
        "undefined-attribute-error-message-class",
        "{{ thing.nope.x }}",
        CTX,
        raises="UndefinedError",
    ),
    case("undefined-equality", "{{ a == b }} {{ a != b }}"),
    case("undefined-iter-empty", "{% for i in a %}x{% endfor %}|{{ a | list }}"),
    case("undefined-bool", "{{ a | string | length }} {{ (a | list) == [] }}"),
    case("undefined-as-filter-arg", "[{{ 'abc' | replace('b', a) }}]"),
    case("undefined-in-list-literal", "{{ [a, 1] | length }}"),
    case("undefined-printed-in-list", "{{ [a] }}"),
    case("undefined-printed-in-list-debug", "{{ [a] }}", undefined="DebugUndefined"),
    case("undefined-default-on-none", "{{ none | default('d') }} {{ none | default('d', true) }}"),
    case("undefined-from-cond-expr", "{{ ('a' if false) | default('dflt') }}"),
    case("undefined-subscript-of-defined-dict", "{{ d['nope'] | default('x') }}", CTX),
    case("undefined-dict-get", "[{{ d.get('nope') }}]", CTX),
    case(
        "undefined-custom-env-class",
        "[{{ a }}]",
        undefined=ByEngine(lambda m: type("Loud", (m.Undefined,), {"__str__": lambda self: "??"})),
    ),
    case(
        "undefined-custom-class-attr",
        "[{{ a.b }}]",
        undefined=ByEngine(
            lambda m: type(
                "Loud",
                (m.ChainableUndefined,),
                {"__str__": lambda self: f"<{self._undefined_name}>"},
            )
        ),
    ),
    case(
        "make-logging-undefined",
        "[{{ a }}]",
        undefined=ByEngine(lambda m: m.make_logging_undefined(QUIET_LOGGER)),
    ),
    case(
        "is-undefined-helper",
        "{{ probe(a) }} {{ probe(1) }}",
        globals={"probe": ByEngine(lambda m: m.is_undefined)},
    ),
]


@params(KIND_CASES)
def test_undefined_kinds(case):
    check(case)


@params(SPECIFIC)
def test_undefined_specific(case):
    check(case)
