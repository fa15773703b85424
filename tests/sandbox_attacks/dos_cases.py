"""Denial-of-service templates for the sandbox, and what each must raise.

Shared by ``tests/test_sandbox.py`` (which asserts the outcomes) and ``run_dos.py`` (which
renders them in a child process under operating-system limits, so that a regression fails
instead of hanging or swapping the machine).  Plain data: no pytest, no tmpl import.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

KB_TEXT = "<p>" + "lorem ipsum " * 166 + "</p>"  # 2 kB of template text


@dataclass(frozen=True)
class DosCase:
    """One hostile template: ``expect`` is the exception class name it must raise."""

    id: str
    source: str
    #: The exception class name, or ``"OK"`` for a render that must complete.
    expect: str
    #: Changes to the default limits for this render (``env.limits_override(**limits)``).
    #: The runner lifts the deadline unless a case sets ``timeout``: on a loaded machine the
    #: clock could otherwise trip before the limit a case is about.
    limits: dict[str, Any] = field(default_factory=dict)
    immutable: bool = False
    #: Name of a context in ``CONTEXTS``.
    context: str = "none"


def _dag_lines(name: str, levels: int, pair: str = "[{0}, {0}]") -> str:
    """Straight-line ``{% set %}`` statements (no loop) building a value whose expansion is
    2**levels while it holds only ``levels`` small lists."""
    lines = [f"{{% set {name}0 = 1 %}}"]
    for i in range(1, levels + 1):
        lines.append(f"{{% set {name}{i} = {pair.format(f'{name}{i - 1}')} %}}")
    return "".join(lines)


DOUBLE_LOOP = "{% set ns = namespace(a=1, b=1) %}{% for i in range(60) %}{% set ns.a = [ns.a, ns.a] %}{% set ns.b = [ns.b, ns.b] %}{% endfor %}"
TUPLE_LOOP = (
    "{% set ns = namespace(t=1) %}{% for i in range(60) %}{% set ns.t = (ns.t, ns.t) %}{% endfor %}"
)
DEEP_TUPLE = (
    "{% set ns = namespace(t=()) %}{% for i in range(100000) %}{% set ns.t = (ns.t,) %}{% endfor %}"
)
NO_COUNTS = {"max_iterations": None, "max_output": None, "max_allocation": None}
# 10**5 integers with one hash (hash(n) is n modulo 2**61 - 1): a dict or set of them takes
# quadratic time to build, inside one C call.
COLLIDING = "range(0, 100000 * 2305843009213693951, 2305843009213693951)"

CASES: list[DosCase] = [
    # -- arithmetic that would allocate enormous results -------------------------------------
    DosCase("str-repeat", "{{ 'x' * 10**9 }}", "ArithmeticLimitExceeded"),
    DosCase("str-repeat-reversed", "{{ 10**9 * 'x' }}", "ArithmeticLimitExceeded"),
    DosCase("list-repeat", "{{ [0] * 10**9 }}", "ArithmeticLimitExceeded"),
    DosCase("tuple-repeat", "{{ (0, 1) * 10**9 }}", "ArithmeticLimitExceeded"),
    DosCase("markup-repeat", "{{ ('x'|safe) * 10**9 }}", "ArithmeticLimitExceeded"),
    DosCase("huge-power", "{{ 2 ** (10**9) }}", "ArithmeticLimitExceeded"),
    DosCase("power-tower", "{{ 10 ** (10 ** 10) }}", "ArithmeticLimitExceeded"),
    DosCase(
        "repeated-squaring",
        "{% set ns = namespace(n=3) %}{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}{% endfor %}",
        "ArithmeticLimitExceeded",
    ),
    DosCase("percent-width", "{{ '%999999999s' % 1 }}", "ArithmeticLimitExceeded"),
    DosCase("percent-precision", "{{ '%.999999999f' % 1.0 }}", "ArithmeticLimitExceeded"),
    DosCase("percent-star-width", "{{ '%*s' % (10**9, 'x') }}", "ArithmeticLimitExceeded"),
    DosCase("percent-keyed-width", "{{ '%(a)0999999999d' % {'a': 1} }}", "ArithmeticLimitExceeded"),
    DosCase(
        "percent-many-fields", "{{ ('%9000000s' * 20) % ((1,) * 20) }}", "ArithmeticLimitExceeded"
    ),
    DosCase("format-filter-width", "{{ '%999999999s'|format(1) }}", "ArithmeticLimitExceeded"),
    DosCase("format-filter-keyed", "{{ '%(a)999999999s'|format(a=1) }}", "ArithmeticLimitExceeded"),
    DosCase("str-format-width", "{{ '{:999999999}'.format(1) }}", "ArithmeticLimitExceeded"),
    DosCase(
        "str-format-precision", "{{ '{:.999999999f}'.format(1.0) }}", "ArithmeticLimitExceeded"
    ),
    DosCase(
        "str-format-nested-width", "{{ '{0:{1}}'.format('x', 10**9) }}", "ArithmeticLimitExceeded"
    ),
    DosCase("str-format-fill", "{{ '{:x>999999999}'.format('y') }}", "ArithmeticLimitExceeded"),
    DosCase(
        "format-map-width", "{{ '{a:999999999}'.format_map({'a': 1}) }}", "ArithmeticLimitExceeded"
    ),
    DosCase(
        "markup-format-width", "{{ ('{:999999999}'|safe).format(1) }}", "ArithmeticLimitExceeded"
    ),
    # -- methods whose result dwarfs their input ----------------------------------------------
    DosCase("str-center", "{{ 'x'.center(10**9) }}", "ArithmeticLimitExceeded"),
    DosCase("str-ljust", "{{ 'x'.ljust(10**9, '-') }}", "ArithmeticLimitExceeded"),
    DosCase("str-zfill", "{{ '1'.zfill(10**9) }}", "ArithmeticLimitExceeded"),
    DosCase("str-expandtabs", "{{ ('\\t' * 100).expandtabs(10**8) }}", "ArithmeticLimitExceeded"),
    DosCase(
        "str-replace-empty", "{{ 'ab'.replace('', 'x' * 9000000) }}", "ArithmeticLimitExceeded"
    ),
    DosCase(
        "str-join-separator",
        "{{ ('x' * 1000).join(range(100000)|map('string')) }}",
        "ArithmeticLimitExceeded",
    ),
    DosCase(
        "str-translate",
        "{{ ('a' * 1000).translate({97: 'b' * 100000}) }}",
        "ArithmeticLimitExceeded",
    ),
    DosCase("int-to-bytes", "{{ (1).to_bytes(10**9, 'big') }}", "ArithmeticLimitExceeded"),
    DosCase("markup-center", "{{ ('x'|safe).center(10**9) }}", "ArithmeticLimitExceeded"),
    # -- filters -------------------------------------------------------------------------------
    DosCase("filter-center", "{{ 'x'|center(10**9) }}", "ArithmeticLimitExceeded"),
    DosCase("filter-indent-width", "{{ 'x'|indent(10**9, true) }}", "ArithmeticLimitExceeded"),
    DosCase(
        "filter-indent-string",
        "{{ ('a\\n' * 1000)|indent('x' * 100000) }}",
        "ArithmeticLimitExceeded",
    ),
    DosCase("filter-replace", "{{ 'ab'|replace('', 'x' * 9000000) }}", "ArithmeticLimitExceeded"),
    DosCase("filter-join", "{{ range(100000)|join('x' * 1000) }}", "ArithmeticLimitExceeded"),
    DosCase("filter-batch-fill", "{{ [1]|batch(10**9, 0)|list }}", "ArithmeticLimitExceeded"),
    DosCase("filter-slice", "{{ [1]|slice(10**8)|list }}", "ArithmeticLimitExceeded"),
    DosCase("filter-tojson-indent", "{{ [[1]]|tojson(indent=10**9) }}", "ArithmeticLimitExceeded"),
    DosCase(
        "filter-wordwrap",
        "{{ ('a ' * 1000)|wordwrap(1, wrapstring='x' * 100000) }}",
        "ArithmeticLimitExceeded",
    ),
    DosCase(
        "filter-sum-lists", "{{ ([[0] * 100] * 200000)|sum(start=[]) }}", "ArithmeticLimitExceeded"
    ),
    DosCase("lipsum-paragraphs", "{{ lipsum(10**6) }}", "ArithmeticLimitExceeded"),
    DosCase("lipsum-words", "{{ lipsum(1, max=10**9) }}", "ArithmeticLimitExceeded"),
    # -- doubling a value in a loop -------------------------------------------------------------
    DosCase(
        "double-concat",
        "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
        "ArithmeticLimitExceeded",
    ),
    DosCase(
        "double-plus-str",
        "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
        "ArithmeticLimitExceeded",
    ),
    DosCase(
        "double-plus-list",
        "{% set ns = namespace(l=[0]) %}{% for i in range(64) %}{% set ns.l = ns.l + ns.l %}{% endfor %}",
        # A list costs 8 bytes an item: the running total passes 100 MB before 10M items.
        "AllocationLimitExceeded",
    ),
    DosCase(
        "double-extend",
        "{% set l = [0] %}{% for i in range(64) %}{{ l.extend(l) }}{% endfor %}",
        "ArithmeticLimitExceeded",
    ),
    DosCase(
        "double-replace-filter",
        "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s|replace('x', 'xx') %}{% endfor %}",
        "ArithmeticLimitExceeded",
    ),
    DosCase(
        "double-join-filter",
        "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = [ns.s, ns.s]|join %}{% endfor %}",
        "ArithmeticLimitExceeded",
    ),
    DosCase(
        "double-format",
        "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = '{0}{0}'.format(ns.s) %}{% endfor %}",
        "ArithmeticLimitExceeded",
    ),
    DosCase(
        "double-percent",
        "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = '%s%s' % (ns.s, ns.s) %}{% endfor %}",
        "ArithmeticLimitExceeded",
    ),
    DosCase(
        "double-macro-output",
        "{% macro twice(s) %}{{ s }}{{ s }}{% endmacro %}"
        "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = twice(ns.s) %}{% endfor %}",
        "ArithmeticLimitExceeded",
    ),
    # -- many values, each under max_size --------------------------------------------------------
    DosCase(
        "accumulate-fresh-strings",
        "{% set big = 'x' * 5000000 %}{% set l = [] %}{% for i in range(1000) %}{{ l.append(big ~ i) }}{% endfor %}",
        "AllocationLimitExceeded",
    ),
    DosCase(
        "accumulate-printed-copies",
        "{% set big = 'x' * 5000000 %}{% set l = [] %}{% for i in range(1000) %}{{ l.append(big|string|upper) }}{% endfor %}",
        "AllocationLimitExceeded",
    ),
    # Copies that no operator builds: slices, and containers filled with new items.
    DosCase(
        "accumulate-slices",
        "{% set big = 'x' * 9000000 %}{% set l = [] %}{% for i in range(1000) %}{{ l.append(big[i:]) }}{% endfor %}",
        "AllocationLimitExceeded",
    ),
    DosCase(
        "accumulate-split-words",
        "{% set text = 'ab ' * 3000000 %}{% set l = [] %}{% for i in range(100) %}{{ l.append(text.split()) }}{% endfor %}",
        "AllocationLimitExceeded",
    ),
    DosCase(
        "accumulate-batches",
        "{% set l = [] %}{% for i in range(1000) %}{{ l.append(range(100000)|batch(1)|list) }}{% endfor %}",
        "AllocationLimitExceeded",
    ),
    DosCase(
        "accumulate-namespaces",
        "{% set d = dict.fromkeys(range(100000)) %}{% set l = [] %}{% for i in range(1000) %}{{ l.append(namespace(d)) }}{% endfor %}",
        "AllocationLimitExceeded",
    ),
    # -- output ---------------------------------------------------------------------------------
    # Loops that yield as they go: the output limit trips.
    DosCase(
        "output-values",
        "{% for i in range(100000) %}{% set s = 'x' * 1000 %}{{ loop.index }}{{ s }}{% endfor %}",
        "OutputLimitExceeded",
    ),
    # A loop whose body only outputs is built as one string, then yielded: the values it
    # builds trip the allocation limit first.
    DosCase(
        "output-values-joined",
        "{% for i in range(100000) %}{{ loop.index }}{{ 'x' * 1000 }}{% endfor %}",
        "AllocationLimitExceeded",
    ),
    DosCase(
        "output-text",
        "{% for i in range(100000) %}{% set n = i %}" + KB_TEXT + "{% endfor %}",
        "OutputLimitExceeded",
    ),
    DosCase(
        "output-include",
        "{% for i in range(100000) %}{% include 'text.html' %}{% endfor %}",
        "OutputLimitExceeded",
    ),
    # Text-only loops collect their pieces in a list before yielding: the memory they hold
    # trips first, as values built (allocation) or as one piece too long (size).
    DosCase(
        "text-loop-values",
        "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}",
        "AllocationLimitExceeded",
    ),
    DosCase(
        "text-loop-text",
        "{% for i in range(100000) %}" + KB_TEXT + "{% endfor %}",
        "ArithmeticLimitExceeded",
    ),
    DosCase(
        "text-loop-nested",
        "{% for i in range(1000) %}{% for j in range(100) %}"
        + KB_TEXT
        + "{{ j }}{% endfor %}{% endfor %}",
        "AllocationLimitExceeded",
    ),
    DosCase(
        "buffer-macro",
        "{% macro m() %}{% for i in range(100000) %}"
        + KB_TEXT
        + "{{ i }}{% endfor %}{% endmacro %}{% set x = m() %}",
        "AllocationLimitExceeded",
    ),
    DosCase(
        "buffer-set-block",
        "{% set x %}{% for i in range(100000) %}" + KB_TEXT + "{{ i }}{% endfor %}{% endset %}",
        "AllocationLimitExceeded",
    ),
    DosCase(
        "buffer-filter-block",
        "{% filter length %}{% for i in range(100000) %}"
        + KB_TEXT
        + "{{ i }}{% endfor %}{% endfilter %}",
        "AllocationLimitExceeded",
    ),
    DosCase(
        "buffer-call-block",
        "{% macro m() %}{% set x = caller() %}{% endmacro %}"
        "{% call m() %}{% for i in range(100000) %}" + KB_TEXT + "{{ i }}{% endfor %}{% endcall %}",
        "AllocationLimitExceeded",
    ),
    DosCase(
        "buffer-include-in-macro",
        "{% macro m() %}{% include 'text-loop.html' %}{% endmacro %}{% set x = m() %}",
        "AllocationLimitExceeded",
    ),
    # -- iterations -----------------------------------------------------------------------------
    DosCase(
        "nested-loops",
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "IterationLimitExceeded",
    ),
    DosCase(
        "grow-while-iterating",
        "{% set l = [0] %}{% for x in l %}{{ l.append(x) }}{% endfor %}",
        "IterationLimitExceeded",
    ),
    DosCase(
        "endless-iterator",
        "{% for x in endless %}{% endfor %}",
        "IterationLimitExceeded",
        context="endless",
    ),
    DosCase(
        "endless-loop-length",
        "{% for x in endless %}{{ loop.length }}{% endfor %}",
        "IterationLimitExceeded",
        context="endless",
    ),
    DosCase("huge-range", "{% for i in range(10**9) %}{% endfor %}", "RangeLimitExceeded"),
    DosCase("huge-range-overflow", "{{ range(0, 10**30) }}", "RangeLimitExceeded"),
    # -- recursion --------------------------------------------------------------------------------
    DosCase(
        "macro-recursion",
        "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}",
        "RecursionLimitExceeded",
    ),
    DosCase(
        "mutual-macro-recursion",
        "{% macro a() %}{{ b() }}{% endmacro %}{% macro b() %}{{ a() }}{% endmacro %}{{ a() }}",
        "RecursionLimitExceeded",
    ),
    DosCase(
        "caller-recursion",
        "{% macro m() %}{% call m() %}{{ caller() }}{% endcall %}{% endmacro %}{{ m() }}",
        "RecursionLimitExceeded",
    ),
    DosCase(
        "recursive-loop",
        "{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}",
        "RecursionLimitExceeded",
    ),
    DosCase(
        "block-self-call", "{% block a %}{{ self.a() }}{% endblock %}", "RecursionLimitExceeded"
    ),
    DosCase("include-self", "{% include 'include-self.html' %}", "RecursionLimitExceeded"),
    DosCase("import-self", "{% import 'import-self.html' as m %}", "RecursionLimitExceeded"),
    DosCase("extends-cycle", "{% extends 'extends-a.html' %}", "RecursionLimitExceeded"),
    # -- time -------------------------------------------------------------------------------------
    DosCase(
        "deadline-in-loops",
        "{% for i in range(100000) %}{% for j in range(100) %}{{ i }}{% endfor %}{% endfor %}",
        "TimeLimitExceeded",
        limits={**NO_COUNTS, "timeout": 0.05},
    ),
    DosCase(
        "deadline-exponential-calls",
        "{% macro m(n) %}{% if n %}{{ m(n - 1) }}{{ m(n - 1) }}{% endif %}{% endmacro %}{{ m(40) }}",
        "TimeLimitExceeded",
        limits={**NO_COUNTS, "timeout": 0.05},
    ),
    # -- structures that share parts: printing, comparing, hashing --------------------------------
    DosCase("shared-compare", DOUBLE_LOOP + "{{ ns.a == ns.b }}", "ArithmeticLimitExceeded"),
    DosCase("shared-in", DOUBLE_LOOP + "{{ ns.a in [ns.b] }}", "ArithmeticLimitExceeded"),
    DosCase("shared-print", DOUBLE_LOOP + "{{ ns.a }}", "ArithmeticLimitExceeded"),
    DosCase("shared-concat", DOUBLE_LOOP + "{{ 'x' ~ ns.a }}", "ArithmeticLimitExceeded"),
    DosCase("shared-namespace-print", DOUBLE_LOOP + "{{ ns }}", "ArithmeticLimitExceeded"),
    DosCase("shared-tojson", DOUBLE_LOOP + "{{ ns.a|tojson }}", "ArithmeticLimitExceeded"),
    DosCase("shared-string-filter", DOUBLE_LOOP + "{{ ns.a|string }}", "ArithmeticLimitExceeded"),
    DosCase("shared-percent", DOUBLE_LOOP + "{{ '%s' % (ns.a,) }}", "ArithmeticLimitExceeded"),
    DosCase("shared-format", DOUBLE_LOOP + "{{ '{}'.format(ns.a) }}", "ArithmeticLimitExceeded"),
    DosCase(
        "shared-count-method", DOUBLE_LOOP + "{{ [ns.a].count(ns.b) }}", "ArithmeticLimitExceeded"
    ),
    DosCase("shared-eq-test", DOUBLE_LOOP + "{{ ns.a is eq(ns.b) }}", "ArithmeticLimitExceeded"),
    DosCase(
        "shared-loop-changed",
        DOUBLE_LOOP + "{% for i in [1, 2] %}{{ loop.changed(ns.a) }}{% endfor %}",
        "ArithmeticLimitExceeded",
    ),
    DosCase("shared-tuple-hash-literal", TUPLE_LOOP + "{{ {ns.t: 1} }}", "ArithmeticLimitExceeded"),
    DosCase("shared-tuple-hash-lookup", TUPLE_LOOP + "{{ {}[ns.t] }}", "ArithmeticLimitExceeded"),
    DosCase(
        "shared-tuple-unique", TUPLE_LOOP + "{{ [ns.t]|unique|list }}", "ArithmeticLimitExceeded"
    ),
    DosCase(
        "shared-straight-line",
        _dag_lines("a", 60) + _dag_lines("b", 60) + "{{ a60 == b60 }}",
        "ArithmeticLimitExceeded",
    ),
    DosCase(
        "shared-straight-line-hash",
        _dag_lines("t", 60, "({0}, {0})") + "{{ {t60: 1} }}",
        "ArithmeticLimitExceeded",
    ),
    # -- regular expressions of filters on pathological input (Jinja2's CVE-2020-28493) -----
    DosCase("urlize-parentheses", "{{ ('(' * 20000 ~ 'x' ~ ')' * 20000)|urlize|length }}", "OK"),
    DosCase("urlize-dots", "{{ ('.' * 50000 ~ 'x')|urlize|length }}", "OK"),
    DosCase("urlize-angles", "{{ ('<' * 50000)|urlize|length }}", "OK"),
    DosCase("striptags-angles", "{{ ('<' * 50000)|striptags|length }}", "OK"),
    DosCase("striptags-comments", "{{ ('<!--' * 20000)|striptags|length }}", "OK"),
    DosCase("wordcount-words", "{{ (' a' * 100000)|wordcount }}", "OK"),
    # -- hash collisions: building a dict or set of colliding keys must stay stoppable --------
    DosCase(
        "collide-unique",
        "{{ " + COLLIDING + "|unique|list|length }}",
        "TimeLimitExceeded",
        limits={"timeout": 0.5},
    ),
    DosCase(
        "collide-fromkeys",
        "{{ dict.fromkeys(" + COLLIDING + ")|length }}",
        "TimeLimitExceeded",
        limits={"timeout": 0.5},
    ),
    DosCase(
        "collide-dict",
        "{{ dict(" + COLLIDING + "|batch(2))|length }}",
        "TimeLimitExceeded",
        limits={"timeout": 0.5},
    ),
    DosCase(
        "collide-namespace",
        "{{ namespace(" + COLLIDING + "|batch(2)) }}",
        "TimeLimitExceeded",
        limits={"timeout": 0.5},
    ),
    DosCase(
        "collide-dict-update",
        "{% set d = {} %}{{ d.update(" + COLLIDING + "|batch(2)) }}",
        "TimeLimitExceeded",
        limits={"timeout": 0.5},
    ),
    DosCase(
        "collide-set-update",
        "{{ s.update(" + COLLIDING + ") }}",
        "TimeLimitExceeded",
        limits={"timeout": 0.5},
        context="set",
    ),
    DosCase(
        "collide-set-union",
        "{{ s.union(" + COLLIDING + ")|length }}",
        "TimeLimitExceeded",
        limits={"timeout": 0.5},
        context="set",
    ),
    # CPython hashes nested tuples without a recursion limit and crashes on deep ones.
    DosCase("deep-tuple-hash", DEEP_TUPLE + "{{ {ns.t: 1} }}", "RecursionLimitExceeded"),
    DosCase("deep-tuple-in", DEEP_TUPLE + "{{ ns.t in {} }}", "RecursionLimitExceeded"),
]

#: Templates the loader serves to the recursion and buffer cases.
TEMPLATES = {
    "include-self.html": "x{% include 'include-self.html' %}",
    "import-self.html": "{% import 'import-self.html' as again %}",
    "extends-a.html": "{% extends 'extends-b.html' %}",
    "extends-b.html": "{% extends 'extends-a.html' %}",
    "text-loop.html": "{% for i in range(100000) %}" + KB_TEXT + "{{ i }}{% endfor %}",
    "text.html": KB_TEXT,
}


CONTEXTS = {
    "none": dict,
    "endless": lambda: {"endless": itertools.count()},
    "set": lambda: {"s": set()},
}
