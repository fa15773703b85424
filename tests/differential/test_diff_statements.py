"""Differential cases: statements — if, for and its loop object, set and scoping, with,
filter blocks, autoescape blocks, macros, call blocks, loop controls and do."""

from __future__ import annotations

import markupsafe
from diffharness import Differs, Fresh, case, check, params

SEQ = {"seq": [1, 2, 3]}
LOOPCONTROLS = {"extensions": ["jinja2.ext.loopcontrols"]}
DO = {"extensions": ["jinja2.ext.do"]}

TREE = {
    "tree": [
        {
            "name": "a",
            "children": [
                {"name": "a1", "children": []},
                {"name": "a2", "children": [{"name": "a2x", "children": []}]},
            ],
        },
        {"name": "b", "children": []},
    ]
}


def gen(n):
    return Fresh(lambda: (i for i in range(n)))


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


IF = [
    case("if-true", "{% if x %}yes{% endif %}", {"x": 1}),
    case("if-false", "{% if x %}yes{% endif %}", {"x": 0}),
    case("if-else", "{% if x %}yes{% else %}no{% endif %}", {"x": []}),
    case(
        "if-elif",
        "{% if x == 1 %}one{% elif x == 2 %}two{% elif x == 3 %}three{% else %}many{% endif %}",
        {"x": 3},
    ),
    case(
        "if-elif-else-fallthrough",
        "{% if x == 1 %}one{% elif x == 2 %}two{% else %}many{% endif %}",
        {"x": 9},
    ),
    case("if-elif-no-else", "[{% if a %}a{% elif b %}b{% endif %}]", {"a": 0, "b": 0}),
    case("if-undefined", "{% if missing %}yes{% else %}no{% endif %}"),
    case("if-undefined-attr", "{% if missing.attr %}yes{% endif %}", raises="UndefinedError"),
    case("if-defined-test", "{% if x is defined and x %}yes{% endif %}"),
    case("if-nested", "{% if a %}{% if b %}ab{% else %}a{% endif %}{% endif %}", {"a": 1, "b": 0}),
    case("if-empty-body", "[{% if true %}{% endif %}]"),
    case("if-empty-string-falsy", "{% if '' %}y{% else %}n{% endif %}"),
    case("if-zero-float-falsy", "{% if 0.0 %}y{% else %}n{% endif %}"),
    case("if-empty-dict-falsy", "{% if {} %}y{% else %}n{% endif %}"),
    case("if-object-truthy", "{% if p %}y{% endif %}", {"p": Point(0, 0)}),
    case(
        "if-else-if-spelled-out",
        "{% if a %}a{% else %}{% if b %}b{% endif %}{% endif %}",
        {"a": 0, "b": 1},
    ),
    case(
        "if-elif-after-else",
        "{% if a %}{% else %}{% elif b %}{% endif %}",
        raises="TemplateSyntaxError",
    ),
    case("if-two-elses", "{% if a %}{% else %}{% else %}{% endif %}", raises="TemplateSyntaxError"),
    case("if-missing-condition", "{% if %}x{% endif %}", raises="TemplateSyntaxError"),
    case("if-endif-with-name", "{% if x %}x{% endif x %}", {"x": 1}, raises="TemplateSyntaxError"),
    case("if-whitespace-preserved", "{% if true %}\n  a\n{% endif %}\n"),
    case("if-generator-truthy", "{% if g %}y{% endif %}", {"g": gen(0)}),
    case("if-condition-filter", "{% if seq | length > 2 %}long{% endif %}", SEQ),
    case(
        "if-condition-parenthesised",
        "{% if (a or b) and c %}y{% else %}n{% endif %}",
        {"a": 0, "b": 1, "c": 1},
    ),
]

FOR = [
    case("for-list", "{% for i in seq %}{{ i }},{% endfor %}", SEQ),
    case("for-tuple", "{% for i in (3, 2, 1) %}{{ i }}{% endfor %}"),
    case("for-string", "{% for c in 'abc' %}[{{ c }}]{% endfor %}"),
    case("for-dict-keys", "{% for k in d %}{{ k }}{% endfor %}", {"d": {"b": 1, "a": 2}}),
    case(
        "for-dict-items",
        "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}",
        {"d": {"b": 1, "a": 2}},
    ),
    case(
        "for-dictsort",
        "{% for k, v in d | dictsort %}{{ k }}={{ v }};{% endfor %}",
        {"d": {"b": 1, "a": 2}},
    ),
    case("for-generator", "{% for i in g %}{{ i }}{% endfor %}", {"g": gen(4)}),
    case("for-range", "{% for i in range(2, 10, 3) %}{{ i }} {% endfor %}"),
    case("for-empty-else", "{% for i in [] %}{{ i }}{% else %}empty{% endfor %}"),
    case("for-nonempty-else", "{% for i in seq %}{{ i }}{% else %}empty{% endfor %}", SEQ),
    case("for-undefined-iterable", "{% for i in missing %}{{ i }}{% else %}none{% endfor %}"),
    case(
        "for-none-iterable", "{% for i in x %}{{ i }}{% endfor %}", {"x": None}, raises="TypeError"
    ),
    case("for-int-iterable", "{% for i in 5 %}{{ i }}{% endfor %}", raises="TypeError"),
    case("for-unpack-pairs", "{% for a, b in [(1, 2), (3, 4)] %}{{ a + b }} {% endfor %}"),
    case("for-unpack-parenthesised", "{% for (a, b) in [(1, 2)] %}{{ a }}{{ b }}{% endfor %}"),
    case(
        "for-unpack-nested", "{% for a, (b, c) in [(1, (2, 3))] %}{{ a }}{{ b }}{{ c }}{% endfor %}"
    ),
    case(
        "for-unpack-wrong-count",
        "{% for a, b in [(1, 2, 3)] %}{{ a }}{% endfor %}",
        raises="ValueError",
    ),
    case("for-unpack-strings", "{% for a, b in ['xy', 'zw'] %}{{ b }}{{ a }}{% endfor %}"),
    case("for-inline-if", "{% for i in range(10) if i is odd %}{{ i }}{% endfor %}"),
    case(
        "for-inline-if-loop-index",
        "{% for i in range(10) if i > 5 %}{{ loop.index }}:{{ i }} {% endfor %}",
    ),
    case("for-inline-if-length", "{% for i in range(10) if i > 5 %}{{ loop.length }}{% endfor %}"),
    case("for-inline-if-else", "{% for i in seq if i > 5 %}{{ i }}{% else %}none{% endfor %}", SEQ),
    case(
        "for-inline-if-uses-outer",
        "{% for i in seq if i != skip %}{{ i }}{% endfor %}",
        {"seq": [1, 2, 3], "skip": 2},
    ),
    case(
        "for-nested",
        "{% for a in 'ab' %}{% for b in 'xy' %}{{ a }}{{ b }} {% endfor %}{% endfor %}",
    ),
    case(
        "for-nested-outer-loop",
        "{% for a in 'ab' %}{% for b in 'xy' %}{{ loop.index }}{% endfor %}{{ loop.index }}|{% endfor %}",
    ),
    case(
        "for-nested-save-loop",
        "{% for a in 'ab' %}{% set outer = loop %}{% for b in 'xy' %}{{ outer.index }}{{ loop.index }} {% endfor %}{% endfor %}",
    ),
    case("for-variable-after-loop", "{% for i in seq %}{% endfor %}[{{ i }}]", SEQ),
    case(
        "for-variable-shadows-outer",
        "{% for x in seq %}{{ x }}{% endfor %}{{ x }}",
        {"seq": [1, 2], "x": "outer"},
    ),
    case("for-loop-undefined-after", "{% for i in seq %}{% endfor %}[{{ loop }}]", SEQ),
    case(
        "for-loop-variable-named-loop",
        "{% for loop in seq %}{% endfor %}",
        SEQ,
        raises="TemplateAssertionError",
    ),
    case(
        "for-target-attribute",
        "{% for x.y in seq %}{% endfor %}",
        SEQ,
        raises="TemplateSyntaxError",
    ),
    case("for-missing-in", "{% for x seq %}{% endfor %}", SEQ, raises="TemplateSyntaxError"),
    case("for-over-call-result", "{% for w in 'a b c'.split() %}{{ w }}{% endfor %}"),
    case("for-over-filter", "{% for i in seq | reverse %}{{ i }}{% endfor %}", SEQ),
    case("for-over-slice", "{% for i in seq[1:] %}{{ i }}{% endfor %}", SEQ),
    case(
        "for-iterate-dict-attribute-items",
        "{% for k, v in d | dictsort(reverse=true) %}{{ k }}{% endfor %}",
        {"d": {"a": 1, "b": 2}},
    ),
    case(
        "for-modify-outer-via-set-no-leak",
        "{% set total = 0 %}{% for i in seq %}{% set total = total + i %}{% endfor %}{{ total }}",
        SEQ,
    ),
    case("for-else-sees-outer", "{% set x = 1 %}{% for i in [] %}{% else %}{{ x }}{% endfor %}"),
    case(
        "for-else-loop-undefined", "{% for i in [] %}{% else %}[{{ loop is defined }}]{% endfor %}"
    ),
    case(
        "for-over-undefined-strict",
        "{% for i in missing %}{% endfor %}",
        undefined="StrictUndefined",
        raises="UndefinedError",
    ),
    case(
        "for-recursion-without-recursive",
        "{% for i in seq %}{{ loop(i) }}{% endfor %}",
        SEQ,
        raises="TypeError",
    ),
    case(
        "for-same-var-nested",
        "{% for i in 'ab' %}{% for i in 'xy' %}{{ i }}{% endfor %}{{ i }}{% endfor %}",
    ),
    case("for-large-range", "{{ range(1000) | sum }}{% for i in range(1000) %}{% endfor %}"),
    case(
        "for-unpack-dict-items-three",
        "{% for a, b, c in [[1, 2, 3]] %}{{ c }}{{ b }}{{ a }}{% endfor %}",
    ),
    case("for-namespace-target", "{% set ns = namespace() %}{% for ns.x in [1, 2] %}{% endfor %}{{ ns.x }}", raises="TemplateSyntaxError"),
]

LOOP = [
    case("loop-index", "{% for i in 'abc' %}{{ loop.index }}{% endfor %}"),
    case("loop-index0", "{% for i in 'abc' %}{{ loop.index0 }}{% endfor %}"),
    case("loop-revindex", "{% for i in 'abc' %}{{ loop.revindex }}{% endfor %}"),
    case("loop-revindex0", "{% for i in 'abc' %}{{ loop.revindex0 }}{% endfor %}"),
    case("loop-first-last", "{% for i in 'abc' %}{{ loop.first }}-{{ loop.last }} {% endfor %}"),
    case("loop-length", "{% for i in 'abc' %}{{ loop.length }}{% endfor %}"),
    case("loop-length-generator", "{% for i in g %}{{ loop.length }}{% endfor %}", {"g": gen(3)}),
    case(
        "loop-revindex-generator", "{% for i in g %}{{ loop.revindex }}{% endfor %}", {"g": gen(3)}
    ),
    case("loop-last-generator", "{% for i in g %}{{ loop.last }}{% endfor %}", {"g": gen(3)}),
    case("loop-cycle", "{% for i in range(5) %}{{ loop.cycle('odd', 'even') }} {% endfor %}"),
    case("loop-cycle-three", "{% for i in range(4) %}{{ loop.cycle('a', 'b', 'c') }}{% endfor %}"),
    case(
        "loop-cycle-no-args",
        "{% for i in range(2) %}{{ loop.cycle() }}{% endfor %}",
        raises="TypeError",
    ),
    case(
        "loop-cycle-variables",
        "{% for i in range(3) %}{{ loop.cycle(*opts) }}{% endfor %}",
        {"opts": ["x", "y"]},
    ),
    case("loop-depth", "{% for i in 'ab' %}{{ loop.depth }}{{ loop.depth0 }}{% endfor %}"),
    case(
        "loop-previtem-nextitem",
        "{% for i in seq %}({{ loop.previtem }},{{ loop.nextitem }}){% endfor %}",
        SEQ,
    ),
    case(
        "loop-previtem-undefined-first",
        "{% for i in seq %}{{ loop.previtem is defined }}{% endfor %}",
        SEQ,
    ),
    case(
        "loop-nextitem-undefined-last",
        "{% for i in seq %}{{ loop.nextitem is defined }}{% endfor %}",
        SEQ,
    ),
    case(
        "loop-nextitem-generator", "{% for i in g %}{{ loop.nextitem }}|{% endfor %}", {"g": gen(3)}
    ),
    case("loop-changed", "{% for i in [1, 1, 2, 2, 1] %}{{ loop.changed(i) }} {% endfor %}"),
    case(
        "loop-changed-multiple-args",
        "{% for a, b in [(1, 2), (1, 2), (1, 3)] %}{{ loop.changed(a, b) }}{% endfor %}",
    ),
    case(
        "loop-changed-grouping",
        "{% for p in people %}{% if loop.changed(p.city) %}[{{ p.city }}]{% endif %}{{ p.name }} {% endfor %}",
        {
            "people": [
                {"city": "A", "name": "x"},
                {"city": "A", "name": "y"},
                {"city": "B", "name": "z"},
            ]
        },
    ),
    case(
        "loop-attributes-single",
        "{% for i in [7] %}{{ loop.index }}{{ loop.revindex }}{{ loop.first }}{{ loop.last }}{{ loop.length }}{% endfor %}",
    ),
    case(
        "loop-in-inline-if-filter",
        "{% for i in range(6) if i is even %}{{ loop.index }}/{{ loop.length }}{{ '' if loop.last else ',' }}{% endfor %}",
    ),
    case("loop-unknown-attribute", "{% for i in seq %}[{{ loop.nope }}]{% endfor %}", SEQ),
    case(
        "loop-in-filter-condition-is-error",
        "{% for i in seq if loop.index > 1 %}{{ i }}{% endfor %}",
        SEQ,
        raises="UndefinedError",
    ),
    case("loop-repr-is-string", "{% for i in [1] %}{{ loop is string }}{% endfor %}"),
    case(
        "loop-passed-to-macro",
        "{% macro m(l) %}{{ l.index }}{% endmacro %}{% for i in seq %}{{ m(loop) }}{% endfor %}",
        SEQ,
    ),
    case(
        "loop-index-in-else",
        "{% for i in [] %}{% else %}{{ loop.index is defined }}{% endfor %}",
        raises="UndefinedError",
    ),
    case(
        "loop-after-nested-inner",
        "{% for a in 'ab' %}{% for b in 'x' %}{% endfor %}{{ loop.index }}{% endfor %}",
    ),
    case(
        "loop-length-dict", "{% for k in d %}{{ loop.length }}{% endfor %}", {"d": {"a": 1, "b": 2}}
    ),
    case("loop-length-string", "{% for c in 'hello' %}{{ loop.revindex0 }}{% endfor %}"),
    case("loop-changed-no-args", "{% for i in [1, 2] %}{{ loop.changed() }}{% endfor %}"),
    case("loop-cycle-recursive", "{% for n in t recursive %}{{ loop.cycle('a', 'b') }}{{ loop(n.c) }}{% endfor %}", {"t": [{"c": [{"c": []}, {"c": []}]}, {"c": []}]}),
    case("loop-gen-length-after-break", "{% for i in g %}{% if i == 1 %}{{ loop.length }}{% endif %}{% endfor %}", {"g": Fresh(lambda: iter(range(3)))}),
    case("loop-revindex-recursive-gen", "{% for n in t recursive %}{{ loop.revindex }}{{ loop(n.c) }}{% endfor %}", {"t": Fresh(lambda: [{"c": iter([{"c": []}, {"c": []}])}])}),
    case("loop-previtem-recursive", "{% for n in t recursive %}[{{ loop.previtem.v }}]{{ loop(n.c) }}{% endfor %}", {"t": [{"v": 1, "c": [{"v": 2, "c": []}]}, {"v": 3, "c": []}]}, raises="UndefinedError"),
    case("loop-nextitem-then-length", "{% for i in g %}{{ loop.nextitem }}{{ loop.length }}{% endfor %}", {"g": Fresh(lambda: iter("ab"))}),
    case("loop-object-escapes-loop", "{% for i in [1, 2] %}{% set ns = namespace(l=loop) %}{% endfor %}"),
    case("loop-index-inline-filter-gen", "{% for i in g if i %}{{ loop.index }}{{ loop.length }}{% endfor %}", {"g": Fresh(lambda: iter([0, 1, 0, 2]))}),
]

RECURSIVE = [
    case(
        "recursive-basic",
        "{% for n in tree recursive %}{{ n.name }}{% if n.children %}({{ loop(n.children) }}){% endif %}{% endfor %}",
        TREE,
    ),
    case(
        "recursive-depth",
        "{% for n in tree recursive %}{{ n.name }}@{{ loop.depth }}/{{ loop.depth0 }} {{ loop(n.children) }}{% endfor %}",
        TREE,
    ),
    case(
        "recursive-index-resets",
        "{% for n in tree recursive %}{{ loop.index }}{{ n.name }}[{{ loop(n.children) }}]{% endfor %}",
        TREE,
    ),
    case(
        "recursive-with-inline-if",
        "{% for n in tree if n.name != 'a2' recursive %}{{ n.name }} {{ loop(n.children) }}{% endfor %}",
        TREE,
    ),
    case(
        "recursive-html-list",
        "<ul>{% for n in tree recursive %}<li>{{ n.name }}{% if n.children %}<ul>{{ loop(n.children) }}</ul>{% endif %}</li>{% endfor %}</ul>",
        TREE,
    ),
    case(
        "recursive-else",
        "{% for n in tree recursive %}{{ n.name }}{{ loop(n.children) }}{% else %}-{% endfor %}",
        TREE,
    ),
    case(
        "recursive-loop-result-filtered",
        "{% for n in tree recursive %}{{ n.name }}{{ loop(n.children) | upper }}{% endfor %}",
        TREE,
    ),
    case(
        "recursive-nested-normal-loop",
        "{% for n in tree recursive %}{% for c in 'xy' %}{{ c }}{% endfor %}{{ n.name }}{{ loop(n.children) }}{% endfor %}",
        TREE,
    ),
    case(
        "recursive-first-last",
        "{% for n in tree recursive %}{{ n.name }}{{ 'F' if loop.first }}{{ 'L' if loop.last }} {{ loop(n.children) }}{% endfor %}",
        TREE,
    ),
    case(
        "recursive-unpacking",
        "{% for k, v in d | dictsort recursive %}{{ k }}{% if v is mapping %}[{{ loop(v | dictsort) }}]{% endif %}{% endfor %}",
        {"d": {"a": {"x": 1, "y": {"z": 2}}, "b": 3}},
    ),
    case(
        "recursive-previtem",
        "{% for n in tree recursive %}{{ loop.previtem.name if loop.previtem is defined else '^' }}{{ loop(n.children) }}{% endfor %}",
        TREE,
    ),
]

LOOPCONTROL = [
    case(
        "break",
        "{% for i in range(10) %}{% if i == 3 %}{% break %}{% endif %}{{ i }}{% endfor %}",
        **LOOPCONTROLS,
    ),
    case(
        "continue",
        "{% for i in range(6) %}{% if i is odd %}{% continue %}{% endif %}{{ i }}{% endfor %}",
        **LOOPCONTROLS,
    ),
    case(
        "break-skips-else",
        "{% for i in seq %}{% break %}{% else %}else{% endfor %}",
        SEQ,
        **LOOPCONTROLS,
    ),
    case(
        "break-in-nested-inner-only",
        "{% for a in 'ab' %}{% for b in 'xyz' %}{% if b == 'y' %}{% break %}{% endif %}{{ a }}{{ b }} {% endfor %}{% endfor %}",
        **LOOPCONTROLS,
    ),
    case(
        "continue-loop-index-still-advances",
        "{% for i in seq %}{% if i == 2 %}{% continue %}{% endif %}{{ loop.index }}{% endfor %}",
        SEQ,
        **LOOPCONTROLS,
    ),
    case(
        "break-last-element",
        "{% for i in seq %}{{ i }}{% if loop.last %}{% break %}{% endif %}{% endfor %}",
        SEQ,
        **LOOPCONTROLS,
    ),
    case(
        "break-without-extension",
        "{% for i in seq %}{% break %}{% endfor %}",
        SEQ,
        raises="TemplateSyntaxError",
    ),
    case("break-outside-loop", "{% break %}", raises="SyntaxError", **LOOPCONTROLS, differs=Differs("COMPATIBILITY.md, Language: break/continue outside a loop is a TemplateSyntaxError", raises="TemplateSyntaxError")),
    case(
        "continue-in-recursive",
        "{% for n in tree recursive %}{% if n.name == 'a1' %}{% continue %}{% endif %}{{ n.name }}{{ loop(n.children) }}{% endfor %}",
        TREE,
        **LOOPCONTROLS,
    ),
    case(
        "break-in-macro-in-loop",
        "{% for i in seq %}{% macro m() %}{% break %}{% endmacro %}{% endfor %}",
        SEQ,
        raises="SyntaxError",
        **LOOPCONTROLS, differs=Differs("COMPATIBILITY.md, Language: break/continue outside a loop is a TemplateSyntaxError", raises="TemplateSyntaxError"),
    ),
    case("do-append", "{% set l = [] %}{% do l.append(1) %}{% do l.append(2) %}{{ l }}", **DO),
    case("do-dict-update", "{% set d = {} %}{% do d.update({'a': 1}) %}{{ d }}", **DO),
    case("do-discards-value", "[{% do 1 + 1 %}]", **DO),
    case("do-without-extension", "{% do x %}", raises="TemplateSyntaxError"),
    case(
        "do-in-loop",
        "{% set acc = [] %}{% for i in seq %}{% do acc.append(i * 2) %}{% endfor %}{{ acc }}",
        SEQ,
        **DO,
    ),
    case("do-error-propagates", "{% do 1 / 0 %}", raises="ZeroDivisionError", **DO),
    case(
        "both-extensions",
        "{% set l = [] %}{% for i in seq %}{% if i > 2 %}{% break %}{% endif %}{% do l.append(i) %}{% endfor %}{{ l }}",
        SEQ,
        extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"],
    ),
]

SET = [
    case("set-simple", "{% set x = 1 %}{{ x }}"),
    case("set-expression", "{% set x = 'a' ~ 'b' | upper %}{{ x }}"),
    case("set-tuple-unpack", "{% set a, b = 1, 2 %}{{ a }}{{ b }}"),
    case("set-tuple-unpack-parens", "{% set (a, b) = [3, 4] %}{{ a }}{{ b }}"),
    case("set-unpack-wrong-count", "{% set a, b = [1] %}", raises="ValueError"),
    case("set-overrides-context", "{% set x = 2 %}{{ x }}", {"x": 1}),
    case("set-before-use-in-same-scope", "{{ x }}{% set x = 2 %}{{ x }}", {"x": 1}),
    case("set-block", "{% set b %}content {{ 1 + 1 }}{% endset %}[{{ b }}]"),
    case("set-block-filter", "{% set b | upper | trim %}  hello  {% endset %}[{{ b }}]"),
    case("set-block-filter-args", "{% set b | replace('a', 'o') %}banana{% endset %}{{ b }}"),
    case("set-block-multiline", "{% set b %}\nline\n{% endset %}{{ b | length }}"),
    case(
        "set-block-autoescape-markup",
        "{% set b %}<b>{{ '<' }}</b>{% endset %}{{ b }}",
        autoescape=True,
    ),
    case(
        "set-block-is-markup-when-autoescape",
        "{% set b %}x{% endset %}{{ b is string }}",
        autoescape=True,
    ),
    case(
        "set-namespace-attribute",
        "{% set ns = namespace(count=0) %}{% set ns.count = ns.count + 1 %}{{ ns.count }}",
    ),
    case(
        "set-namespace-in-loop",
        "{% set ns = namespace(total=0) %}{% for i in seq %}{% set ns.total = ns.total + i %}{% endfor %}{{ ns.total }}",
        SEQ,
    ),
    case(
        "set-namespace-new-attribute",
        "{% set ns = namespace() %}{% set ns.found = true %}{{ ns.found }}",
    ),
    case(
        "set-namespace-block",
        "{% set ns = namespace() %}{% set ns.text %}abc{% endset %}{{ ns.text }}",
    ),
    case(
        "set-namespace-kwargs-dict", "{% set ns = namespace({'a': 1}, b=2) %}{{ ns.a }}{{ ns.b }}"
    ),
    case(
        "set-attribute-on-non-namespace",
        "{% set d = {} %}{% set d.x = 1 %}",
        raises="TemplateRuntimeError",
    ),
    case("set-attribute-on-undefined", "{% set d.x = 1 %}", raises="TemplateRuntimeError"),
    case(
        "set-in-loop-no-leak",
        "{% set x = 0 %}{% for i in seq %}{% set x = i %}{% endfor %}{{ x }}",
        SEQ,
    ),
    case(
        "set-in-loop-visible-in-iteration",
        "{% for i in seq %}{% set x = i * 10 %}{{ x }} {% endfor %}",
        SEQ,
    ),
    case(
        "set-in-loop-not-carried-between-iterations",
        "{% for i in seq %}{{ x is defined }}{% set x = i %}{% endfor %}",
        SEQ,
    ),
    case(
        "set-in-loop-uses-outer-before-set",
        "{% set x = 'o' %}{% for i in seq %}{{ x }}{% set x = i %}{{ x }} {% endfor %}",
        SEQ,
    ),
    case("set-in-if-leaks", "{% if true %}{% set x = 5 %}{% endif %}{{ x }}"),
    case("set-in-else-leaks", "{% if false %}{% else %}{% set x = 6 %}{% endif %}{{ x }}"),
    case("set-in-untaken-if", "{% if false %}{% set x = 5 %}{% endif %}[{{ x }}]", {"x": "ctx"}),
    case("set-in-untaken-if-no-context", "{% if false %}{% set x = 5 %}{% endif %}[{{ x }}]"),
    case(
        "set-in-nested-if-leaks",
        "{% if true %}{% if true %}{% set x = 'deep' %}{% endif %}{% endif %}{{ x }}",
    ),
    case(
        "set-in-if-inside-loop-no-leak",
        "{% for i in seq %}{% if i == 2 %}{% set found = i %}{% endif %}{% endfor %}[{{ found }}]",
        SEQ,
    ),
    case(
        "set-after-loop-reads-loop-var",
        "{% for i in seq %}{% endfor %}{% set x = i %}[{{ x }}]",
        SEQ,
    ),
    case("set-self-reference", "{% set x = x + 1 %}{{ x }}", {"x": 1}),
    case("set-self-reference-undefined", "{% set x = x ~ 'a' %}{{ x }}"),
    case("set-to-keyword-name", "{% set true = 1 %}", raises="TemplateSyntaxError"),
    case("set-missing-value", "{% set x %}", raises="TemplateSyntaxError"),
    case("set-subscript-target", "{% set x[0] = 1 %}", raises="TemplateSyntaxError"),
    case(
        "set-multiple-then-print",
        "{% set a = 1 %}{% set b = a + 1 %}{% set a = b + 1 %}{{ a }}{{ b }}",
    ),
    case(
        "set-loop-target-in-nested-loop",
        "{% for a in 'ab' %}{% set x = a %}{% for b in 'c' %}{{ x }}{% endfor %}{% endfor %}",
    ),
    case(
        "set-inside-inner-loop-reads-outer",
        "{% for a in [1] %}{% set x = 1 %}{% for b in [2] %}{% set x = x + b %}{{ x }}{% endfor %}{{ x }}{% endfor %}",
    ),
    case("set-block-namespace-in-loop", "{% set ns = namespace(s='') %}{% for i in [1, 2] %}{% set ns.s %}{{ ns.s }}{{ i }}{% endset %}{% endfor %}{{ ns.s }}"),
    case("set-namespace-tuple-target", "{% set ns = namespace() %}{% set ns.a, ns.b = 1, 2 %}{{ ns.a }}{{ ns.b }}"),
    case("set-in-macro-nested-loops", "{% macro m() %}{% set x = 1 %}{% for i in [1] %}{% for j in [2] %}{{ x }}{% set x = 5 %}{{ x }}{% endfor %}{{ x }}{% endfor %}{{ x }}{% endmacro %}{{ m() }}"),
    case("set-loop-var-then-read-after", "{% for i in [1] %}{% set j = i %}{% endfor %}{% for i in [2] %}[{{ j }}]{% endfor %}"),
    case("if-set-in-loop-read-later-iteration", "{% for i in [1, 2] %}{% if i == 1 %}{% set x = 'one' %}{% endif %}[{{ x }}]{% endfor %}"),
    case("scope-outer-set-after-loop", "{% for i in [1] %}[{{ x }}]{% endfor %}{% set x = 'later' %}"),
    case("scope-outer-set-after-macro-def", "{% macro m() %}[{{ x }}]{% endmacro %}{{ m() }}{% set x = 'later' %}{{ m() }}"),
    case("scope-set-between-macro-calls-ctx", "{% macro m() %}[{{ x }}]{% endmacro %}{{ m() }}{% set x = 'later' %}{{ m() }}", {"x": "ctx"}),
    case("scope-include-after-set", "{% include 'p' %}{% set x = 2 %}{% include 'p' %}", {"x": 1}, loader={"p": "{{ x }}"}),
    case("scope-block-reads-later-set", "{% block b %}[{{ x }}]{% endblock %}{% set x = 'late' %}"),
    case("scope-call-block-sees-loop", "{% macro m() %}{{ caller() }}{% endmacro %}{% for i in [1, 2] %}{% call m() %}{{ i }}{{ loop.index }}{% endcall %}{% endfor %}"),
    case("scope-filter-block-sees-loop", "{% for i in [1, 2] %}{% filter upper %}{{ loop.cycle('a', 'b') }}{% endfilter %}{% endfor %}"),
    case("scope-recursive-loop-outer-var", "{% set s = 'S' %}{% for n in [[1], []] recursive %}{{ s }}{% if n %}{{ loop(n[1:]) }}{% endif %}{% endfor %}"),
    case("ns-set-in-set-block-in-loop", "{% set ns = namespace(v=0) %}{% for i in [1] %}{% set a %}{% set ns.v = 1 %}{% endset %}{% endfor %}{{ ns.v }}"),
    case("ns-set-in-loop-in-block", "{% set ns = namespace(v=0) %}{% block b %}{% for i in [1] %}{% set ns.v = 1 %}{% endfor %}{{ ns.v }}{% endblock %}"),
    case("ns-set-in-filter-block-in-block", "{% set ns = namespace(v=0) %}{% block b %}{% filter upper %}{% set ns.v = 2 %}{% endfilter %}{{ ns.v }}{% endblock %}"),
    case("ns-set-in-nested-block-in-set-block", "{% set ns = namespace(v=0) %}{% block a %}{% set x %}{% block b %}{% set ns.v = 3 %}{% endblock %}{% endset %}{{ ns.v }}{% endblock %}"),
    case("ns-set-in-call-block-in-block", "{% set ns = namespace(v=0) %}{% macro m() %}{{ caller() }}{% endmacro %}{% block b %}{% call m() %}{% set ns.v = 4 %}{% endcall %}{{ ns.v }}{% endblock %}"),
    case("ns-set-in-macro-in-block", "{% set ns = namespace(v=0) %}{% block b %}{% macro m() %}{% set ns.v = 5 %}{% endmacro %}{{ m() }}{{ ns.v }}{% endblock %}"),
    case("ns-defined-in-block-set-in-set-block", "{% block b %}{% set ns = namespace(v=0) %}{% for i in [1] %}{% set a %}{% set ns.v = 6 %}{% endset %}{% endfor %}{{ ns.v }}{% endblock %}"),
]

WITH = [
    case("with-basic", "{% with x = 1 %}{{ x }}{% endwith %}"),
    case("with-scoped", "{% with x = 1 %}{% endwith %}[{{ x }}]"),
    case("with-shadows", "{% with x = 2 %}{{ x }}{% endwith %}{{ x }}", {"x": 1}),
    case("with-multiple", "{% with a = 1, b = 2 %}{{ a + b }}{% endwith %}"),
    case("with-refers-outer", "{% with a = x, x = 5 %}{{ a }}{{ x }}{% endwith %}", {"x": 1}),
    case("with-set-inside-no-leak", "{% with %}{% set y = 1 %}{{ y }}{% endwith %}[{{ y }}]"),
    case("with-no-assignments", "{% with %}inside{% endwith %}"),
    case("with-unpack", "{% with a, b = (1, 2) %}{{ b }}{{ a }}{% endwith %}"),
    case(
        "with-in-loop",
        "{% for i in seq %}{% with j = i * 2 %}{{ j }}{% endwith %}{% endfor %}",
        SEQ,
    ),
    case(
        "with-namespace-escapes",
        "{% set ns = namespace(v=0) %}{% with %}{% set ns.v = 9 %}{% endwith %}{{ ns.v }}",
    ),
    case(
        "with-nested",
        "{% with a = 1 %}{% with a = a + 1 %}{{ a }}{% endwith %}{{ a }}{% endwith %}",
    ),
    case("with-missing-endwith", "{% with a = 1 %}", raises="TemplateSyntaxError"),
    case("with-namespace-target", "{% set ns = namespace() %}{% with ns.x = 1 %}{% endwith %}", raises="TemplateSyntaxError"),
]

FILTER_BLOCKS = [
    case("filter-block", "{% filter upper %}hello {{ name }}{% endfilter %}", {"name": "bob"}),
    case("filter-block-chain", "{% filter lower | replace('l', 'L') %}HELLO{% endfilter %}"),
    case("filter-block-args", "{% filter center(11) %}mid{% endfilter %}|"),
    case(
        "filter-block-nested",
        "{% filter upper %}a{% filter reverse %}bc{% endfilter %}d{% endfilter %}",
    ),
    case(
        "filter-block-with-loop",
        "{% filter join('-') %}{% for i in seq %}{{ i }}{% endfor %}{% endfilter %}",
        SEQ,
    ),
    case(
        "filter-block-unknown", "{% filter frob %}x{% endfilter %}", raises="TemplateAssertionError"
    ),
    case("filter-block-set-leaks", "{% filter upper %}{% set x = 'in' %}{% endfilter %}[{{ x }}]"),
    case("filter-block-escape-autoescape", "{% filter e %}<b>{% endfilter %}", autoescape=True),
    case("filter-block-escape-noautoescape", "{% filter e %}<b>{% endfilter %}"),
    case("filter-block-trim", "{% filter trim %}   padded   {% endfilter %}|"),
    case(
        "filter-block-non-string-result",
        "{% filter wordcount %}one two three{% endfilter %}",
        raises="TypeError",
    ),
    case(
        "filter-block-wordcount-string",
        "{% filter wordcount | string %}one two three{% endfilter %}",
    ),
    case("filter-block-indent", "{% filter indent(2, first=true) %}a\nb{% endfilter %}"),
]

AUTOESCAPE_BLOCKS = [
    case(
        "autoescape-block-on",
        "{% autoescape true %}{{ x }}{% endautoescape %}{{ x }}",
        {"x": "<i>"},
    ),
    case(
        "autoescape-block-off",
        "{% autoescape false %}{{ x }}{% endautoescape %}{{ x }}",
        {"x": "<i>"},
        autoescape=True,
    ),
    case(
        "autoescape-block-variable",
        "{% autoescape flag %}{{ x }}{% endautoescape %}",
        {"x": "<i>", "flag": True},
    ),
    case(
        "autoescape-block-nested",
        "{% autoescape true %}{{ x }}{% autoescape false %}{{ x }}{% endautoescape %}{{ x }}{% endautoescape %}",
        {"x": "&"},
    ),
    case(
        "autoescape-block-scoped-set",
        "{% autoescape true %}{% set y = 1 %}{% endautoescape %}[{{ y }}]",
    ),
    case(
        "autoescape-block-safe",
        "{% autoescape true %}{{ x | safe }}{% endautoescape %}",
        {"x": "<i>"},
    ),
    case("autoescape-block-literal", "{% autoescape true %}{{ '<b>' }}{% endautoescape %}"),
    case(
        "autoescape-block-concat",
        "{% autoescape true %}{{ '<' ~ x }}{% endautoescape %}",
        {"x": "&"},
    ),
]

def _stop(value: object) -> object:
    raise StopIteration


def _stop2(first: object, second: object) -> object:
    raise StopIteration


class _Shout:
    """A callable object (not a function): calls to it take the general path."""

    def __call__(self, *args: object) -> str:
        return "<" + "|".join(map(str, args)) + ">"


class _Greeter:
    def greet(self, name: object, punctuation: object = "!") -> str:
        return f"<hi {name}{punctuation}>"


MACROS = [
    case("macro-basic", "{% macro hi(name) %}Hi {{ name }}!{% endmacro %}{{ hi('bob') }}"),
    # Calls printed with autoescape on (macro text is used as it is, other results escaped).
    case(
        "macro-autoescaped-defaults-and-keywords",
        "{% macro m(a, b='<b>') %}{{ a }}{{ b }}{% endmacro %}"
        "{{ m('<i>') }}|{{ m('<i>', '&') }}|{{ m(a='x') }}|{{ m(b='y', a=1) }}|{{ m() }}",
        autoescape=True,
    ),
    case(
        "macro-autoescaped-varargs-kwargs-caller",
        "{% macro m(a) %}{{ a }}{{ varargs }}{{ kwargs }}{{ caller() }}{% endmacro %}"
        "{% call m('<', '>', k='&') %}<c>{% endcall %}",
        autoescape=True,
    ),
    case(
        "macro-autoescaped-stop-iteration",
        "{% macro m() %}a{{ 1 | stop }}b{% endmacro %}[{{ m() }}]",
        autoescape=True,
        filters={"stop": _stop},
    ),
    # Printed calls with one or two positional arguments have entry points of their own;
    # whatever they do not handle themselves goes the general way.
    case(
        "call-autoescaped-one-and-two-arguments",
        "{% macro one(a) %}[{{ a }}]{% endmacro %}{% macro two(a, b) %}[{{ a }}{{ b }}]{% endmacro %}"
        "{% macro star(a) %}{{ a }}{{ varargs }}{% endmacro %}"
        "{% macro calls() %}{{ caller() }}{% endmacro %}"
        "{{ one('<') }}{{ two('<', '>') }}{{ two('<') }}{{ star(1, '<') }}{{ star('<') }}"
        "{{ shout('<') }}{{ shout('<', 2) }}{{ g.greet('<') }}{{ g.greet('<', '?') }}"
        "{{ '{}<{}'.format(1, 2) }}{{ range(2, 4) | list }}{{ f('<x>') }}{{ h('&', 1) }}"
        "{% for x in 'ab' %}{{ loop.cycle('<', '>') }}{% endfor %}"
        "[{{ stop('<') }}][{{ stop2('<', '>') }}]",
        {
            "shout": _Shout(),
            "g": _Greeter(),
            "f": lambda v: v,
            "h": lambda a, b: markupsafe.Markup(a * b),
            "stop": _stop,
            "stop2": _stop2,
        },
        autoescape=True,
    ),
    case(
        "call-autoescaped-one-argument-too-many",
        "{% macro zero() %}x{% endmacro %}{{ zero('<') }}",
        autoescape=True,
        raises="TypeError",
    ),
    case(
        "call-autoescaped-two-arguments-too-many",
        "{% macro one(a) %}x{% endmacro %}{{ one('<', '>') }}",
        autoescape=True,
        raises="TypeError",
    ),
    case(
        "call-autoescaped-function-results",
        "{{ f('<x>') }}|{{ g('<y>') }}|{{ m.join(['<', '>']) }}",
        {"f": lambda v: v, "g": lambda v: markupsafe.Markup(v), "m": markupsafe.Markup("&")},
        autoescape=True,
    ),
    case(
        "macro-defaults",
        "{% macro m(a, b=2, c='x') %}{{ a }}{{ b }}{{ c }}{% endmacro %}{{ m(1) }} {{ m(1, 3) }} {{ m(1, c='y') }}",
    ),
    case(
        "macro-default-references-earlier-arg",
        "{% macro m(a, b=a * 2) %}{{ b }}{% endmacro %}{{ m(4) }}",
    ),
    case(
        "macro-default-references-context",
        "{% macro m(a=x) %}{{ a }}{% endmacro %}{{ m() }}",
        {"x": "ctx"},
    ),
    case(
        "macro-missing-arg-undefined",
        "{% macro m(a, b) %}[{{ a }}][{{ b }}]{% endmacro %}{{ m(1) }}",
    ),
    case(
        "macro-missing-arg-is-defined", "{% macro m(a) %}{{ a is defined }}{% endmacro %}{{ m() }}"
    ),
    case("macro-too-many-args", "{% macro m(a) %}{% endmacro %}{{ m(1, 2) }}", raises="TypeError"),
    case("macro-unknown-kwarg", "{% macro m(a) %}{% endmacro %}{{ m(b=1) }}", raises="TypeError"),
    case("macro-varargs", "{% macro m(a) %}{{ a }}{{ varargs }}{% endmacro %}{{ m(1, 2, 3) }}"),
    case(
        "macro-kwargs",
        "{% macro m(a) %}{{ a }}{{ kwargs | dictsort }}{% endmacro %}{{ m(1, z=2, y=3) }}",
    ),
    case(
        "macro-varargs-and-kwargs",
        "{% macro m() %}{{ varargs }}{{ kwargs }}{% endmacro %}{{ m(1, k=2) }}",
    ),
    case("macro-varargs-empty", "{% macro m() %}{{ varargs }}{% endmacro %}{{ m() }}"),
    case("macro-kwargs-empty", "{% macro m() %}{{ kwargs }}{% endmacro %}{{ m() }}"),
    case("macro-name-attribute", "{% macro hello() %}{% endmacro %}{{ hello.name }}"),
    case("macro-arguments-attribute", "{% macro m(a, b=1, c=2) %}{% endmacro %}{{ m.arguments }}"),
    case("macro-catch-kwargs", "{% macro m() %}{{ kwargs }}{% endmacro %}{{ m.catch_kwargs }}"),
    case("macro-catch-kwargs-false", "{% macro m() %}{% endmacro %}{{ m.catch_kwargs }}"),
    case(
        "macro-catch-varargs",
        "{% macro m() %}{{ varargs }}{% endmacro %}{{ m.catch_varargs }}{% macro n() %}{% endmacro %}{{ n.catch_varargs }}",
    ),
    case(
        "macro-caller-attribute",
        "{% macro m() %}{{ caller() }}{% endmacro %}{% macro n() %}{% endmacro %}{{ m.caller }}{{ n.caller }}",
    ),
    case(
        "macro-returns-markup-when-autoescape",
        "{% macro m() %}<b>{% endmacro %}{{ m() }}{{ m() | e }}",
        autoescape=True,
    ),
    case(
        "macro-output-escaping-args",
        "{% macro m(x) %}{{ x }}{% endmacro %}{{ m('<') }}",
        autoescape=True,
    ),
    case(
        "macro-recursive",
        "{% macro fact(n) %}{% if n <= 1 %}1{% else %}{{ n * fact(n - 1) | int }}{% endif %}{% endmacro %}{{ fact(5) }}",
    ),
    case("macro-sees-context", "{% macro m() %}{{ x }}{% endmacro %}{{ m() }}", {"x": "ctx"}),
    case(
        "macro-sees-later-set", "{% macro m() %}{{ y }}{% endmacro %}{% set y = 'late' %}{{ m() }}"
    ),
    case(
        "macro-sees-earlier-set",
        "{% set y = 'early' %}{% macro m() %}{{ y }}{% endmacro %}{{ m() }}",
    ),
    case(
        "macro-set-inside-no-leak", "{% macro m() %}{% set z = 1 %}{% endmacro %}{{ m() }}[{{ z }}]"
    ),
    case(
        "macro-in-loop-sees-loop-var",
        "{% for i in seq %}{% macro m() %}{{ i }}{% endmacro %}{{ m() }}{% endfor %}",
        SEQ,
    ),
    case(
        "macro-defined-in-if", "{% if true %}{% macro m() %}in-if{% endmacro %}{% endif %}{{ m() }}"
    ),
    case("macro-as-filter-input", "{% macro m() %}abc{% endmacro %}{{ m() | upper }}"),
    case(
        "macro-call-with-star-args",
        "{% macro m(a, b) %}{{ a }}{{ b }}{% endmacro %}{{ m(*[1, 2]) }}",
    ),
    case(
        "macro-call-with-star-kwargs",
        "{% macro m(a, b) %}{{ a }}{{ b }}{% endmacro %}{{ m(**{'b': 1, 'a': 2}) }}",
    ),
    case("macro-redefine", "{% macro m() %}1{% endmacro %}{% macro m() %}2{% endmacro %}{{ m() }}"),
    case("macro-arg-shadows-global", "{% macro m(range) %}{{ range }}{% endmacro %}{{ m(5) }}"),
    case("macro-varargs-named-arg", "{% macro m(varargs) %}{{ varargs }}{% endmacro %}{{ m(1) }}"),
    case(
        "macro-default-before-required",
        "{% macro m(a=1, b) %}{% endmacro %}",
        raises="TemplateSyntaxError",
    ),
    case(
        "macro-positional-and-keyword-same",
        "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, a=2) }}",
        raises="TypeError",
    ),
    case(
        "macro-caller-without-call-block",
        "{% macro m() %}{{ caller() }}{% endmacro %}{{ m() }}",
        raises="UndefinedError",
    ),
    case(
        "macro-caller-is-defined", "{% macro m() %}{{ caller is defined }}{% endmacro %}{{ m() }}"
    ),
    case("macro-whitespace", "{% macro m() %}\n  body\n{% endmacro %}[{{ m() }}]"),
    case(
        "macro-called-before-definition",
        "{{ m() }}{% macro m() %}x{% endmacro %}",
        raises="UndefinedError",
    ),
    case("macro-called-in-expression", "{% macro m() %}x{% endmacro %}{{ (m() ~ '!') if true }}"),
    case(
        "macro-in-set-block",
        "{% macro m(x) %}<{{ x }}>{% endmacro %}{% set s %}{{ m(1) }}{{ m(2) }}{% endset %}{{ s }}",
    ),
    case(
        "macro-loop-inside",
        "{% macro m(items) %}{% for i in items %}{{ loop.index }}{{ i }}{% endfor %}{% endmacro %}{{ m('ab') }}",
    ),
    case(
        "macro-kwargs-passthrough",
        "{% macro inner(a, b) %}{{ a }}-{{ b }}{% endmacro %}{% macro outer() %}{{ inner(**kwargs) }}{% endmacro %}{{ outer(a=1, b=2) }}",
    ),
    case(
        "macro-varargs-passthrough",
        "{% macro inner(a, b) %}{{ a }}-{{ b }}{% endmacro %}{% macro outer() %}{{ inner(*varargs) }}{% endmacro %}{{ outer(1, 2) }}",
    ),
    case("macro-none-default", "{% macro m(a=none) %}{{ a is none }}{% endmacro %}{{ m() }}"),
    case(
        "macro-namespace-arg",
        "{% macro m(ns) %}{% set ns.v = 1 %}{% endmacro %}{% set ns = namespace(v=0) %}{{ m(ns) }}{{ ns.v }}",
    ),
    case("macro-caller-kwargs-defaults", "{% macro m() %}{{ caller(b=5) }}{% endmacro %}{% call(a=1, b=2) m() %}{{ a }}{{ b }}{% endcall %}"),
    case("macro-set-same-as-arg", "{% macro m(a) %}{% set a = a ~ '!' %}{{ a }}{% endmacro %}{{ m('x') }}"),
    case("macro-varargs-call-block", "{% macro m() %}{{ varargs }}{{ caller() }}{% endmacro %}{% call m(1, 2) %}c{% endcall %}"),
    case("macro-shadowed-by-context", "{% macro m() %}M{% endmacro %}{{ m() }}", {"m": lambda: "ctx"}),
    case("macro-recursion-200", "{% macro r(n) %}{% if n %}{{ r(n - 1) }}{% else %}done{% endif %}{% endmacro %}{{ r(200) }}"),
    case("macro-caller-in-loop-in-macro", "{% macro m(items) %}{% for i in items %}{{ caller(i) }}{% endfor %}{% endmacro %}{% call(x) m([1, 2]) %}{% for j in [x] %}{{ j }}{{ loop.index }}{% endfor %}{% endcall %}"),
    case("macro-call-with-caller-kwarg", "{% macro m() %}{{ caller() }}{% endmacro %}{{ m(caller=x) }}", {"x": lambda: "viakw"}),
    case("macro-defaults-evaluated-each-call", "{% macro m(l=[]) %}{{ l.append(1) or l | length }}{% endmacro %}{{ m() }}{{ m() }}"),
    case("macro-arg-named-caller-default", "{% macro m(a, caller=none) %}{{ caller }}{% endmacro %}{{ m(1) }}"),
]

CALL_BLOCKS = [
    case(
        "call-block-basic",
        "{% macro wrap() %}<{{ caller() }}>{% endmacro %}{% call wrap() %}inner{% endcall %}",
    ),
    case(
        "call-block-args",
        "{% macro each(items) %}{% for i in items %}{{ caller(i, loop.index) }}{% endfor %}{% endmacro %}{% call(item, n) each('ab') %}{{ n }}{{ item }} {% endcall %}",
    ),
    case(
        "call-block-caller-default",
        "{% macro m() %}{{ caller() }}{% endmacro %}{% call(x='dflt') m() %}{{ x }}{% endcall %}",
    ),
    case(
        "call-block-called-twice",
        "{% macro twice() %}{{ caller() }}{{ caller() }}{% endmacro %}{% call twice() %}x{% endcall %}",
    ),
    case(
        "call-block-sees-outer-vars",
        "{% set v = 'outer' %}{% macro m() %}{{ caller() }}{% endmacro %}{% call m() %}{{ v }}{% endcall %}",
    ),
    case(
        "call-block-in-loop",
        "{% macro m() %}[{{ caller() }}]{% endmacro %}{% for i in seq %}{% call m() %}{{ i }}{% endcall %}{% endfor %}",
        SEQ,
    ),
    case(
        "call-block-nested",
        "{% macro m(t) %}{{ t }}({{ caller() }}){% endmacro %}{% call m('a') %}{% call m('b') %}x{% endcall %}{% endcall %}",
    ),
    case(
        "call-block-caller-macro-attributes",
        "{% macro m() %}{{ caller.name }}|{{ caller.arguments }}{% endmacro %}{% call(a, b) m() %}{% endcall %}",
    ),
    case(
        "call-block-macro-kwargs",
        "{% macro m(a, b=2) %}{{ a }}{{ b }}{{ caller() }}{% endmacro %}{% call m(1, b=3) %}!{% endcall %}",
    ),
    case(
        "call-block-autoescape",
        "{% macro m() %}<div>{{ caller() }}</div>{% endmacro %}{% call m() %}<p>{{ '<' }}</p>{% endcall %}",
        autoescape=True,
    ),
    case(
        "call-block-caller-too-many-args",
        "{% macro m() %}{{ caller(1, 2) }}{% endmacro %}{% call(a) m() %}{{ a }}{% endcall %}",
        raises="TypeError",
    ),
    case(
        "call-block-caller-varargs",
        "{% macro m() %}{{ caller(1, 2) }}{% endmacro %}{% call m() %}{{ varargs }}{% endcall %}",
    ),
    case("call-block-not-a-call", "{% call m %}x{% endcall %}", raises="TemplateSyntaxError"),
    case(
        "call-block-python-function",
        "{% call f() %}body{% endcall %}",
        {"f": lambda caller: caller().upper()},
    ),
    case(
        "call-block-kwargs-to-caller",
        "{% macro m() %}{{ caller(k=1) }}{% endmacro %}{% call m() %}{{ kwargs }}{% endcall %}",
    ),
    case(
        "call-block-set-inside-scoped",
        "{% macro m() %}{{ caller() }}{% endmacro %}{% call m() %}{% set q = 1 %}{{ q }}{% endcall %}[{{ q }}]",
    ),
]


@params(IF)
def test_if(case):
    check(case)


@params(FOR)
def test_for(case):
    check(case)


@params(LOOP)
def test_loop_object(case):
    check(case)


@params(RECURSIVE)
def test_recursive_loops(case):
    check(case)


@params(LOOPCONTROL)
def test_loop_controls_and_do(case):
    check(case)


@params(SET)
def test_set_and_scoping(case):
    check(case)


@params(WITH)
def test_with(case):
    check(case)


@params(FILTER_BLOCKS)
def test_filter_blocks(case):
    check(case)


@params(AUTOESCAPE_BLOCKS)
def test_autoescape_blocks(case):
    check(case)


@params(MACROS)
def test_macros(case):
    check(case)


@params(CALL_BLOCKS)
def test_call_blocks(case):
    check(case)
