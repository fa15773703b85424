"""Cases found by the randomised comparisons and the real-world corpus, fixed since: child
templates that include or call after ``extends``, namespace assignments inside set blocks
inside blocks, and set blocks in native environments."""
# ruff: noqa: E501

from diffharness import case, check, params
from test_diff_composition import TOPLEVEL
from test_environments_differential import NT, native

CASES = [
    case("child-toplevel-include-after-extends", "{% extends 'base' %}{% include 'part' %}", {"x": 1}, loader=TOPLEVEL),
    case("child-toplevel-include-missing-after-extends", "{% extends 'base' %}{% include 'missing' %}", loader=TOPLEVEL, raises="TemplateNotFound"),
    case("child-toplevel-include-in-loop-after-extends", "{% extends 'base' %}{% for i in [1, 2] %}{% include 'part' %}{% endfor %}", {"x": 1}, loader=TOPLEVEL),
    case("child-toplevel-include-in-if-after-extends", "{% extends 'base' %}{% if true %}{% include 'part' %}{% endif %}", {"x": 1}, loader=TOPLEVEL),
    case("child-toplevel-call-block-after-extends", "{% extends 'base' %}{% macro m() %}{{ caller() }}{% endmacro %}{% call m() %}CALLED{% endcall %}", loader=TOPLEVEL),
    case("child-toplevel-include-side-effect", "{% extends 'base' %}{% include 'loud' %}{% block a %}{{ l }}{% endblock %}", {"l": []}, loader=TOPLEVEL),
    case("child-toplevel-include-with-block-after-extends", "{% extends 'base' %}{% include 'base' %}", loader=TOPLEVEL),
    case("child-conditional-extends-include", "{% if true %}{% extends 'base' %}{% endif %}{% include 'part' %}", {"x": 1}, loader=TOPLEVEL),
    case("child-dynamic-extends-include", "{% extends layout %}{% include 'part' %}", {"x": 1, "layout": "base"}, loader=TOPLEVEL),
    case("child-extends-in-loop-include", "{% for i in [1] %}{% include 'part' %}{% endfor %}{% extends 'base' %}{% for i in [1] %}{% include 'part' %}{% endfor %}", {"x": 1}, loader=TOPLEVEL),
    case("ns-set-in-set-block-in-loop-in-block", "{% set ns = namespace(v=0) %}{% block b %}{% for i in [1] %}{% set a %}{% set ns.v = 1 %}{% endset %}{% endfor %}{% endblock %}{{ ns.v }}"),
    case("ns-set-in-set-block-in-block", "{% set ns = namespace(v=0) %}{% block b %}{% set a %}{% set ns.v = 1 %}{% endset %}{% endblock %}{{ ns.v }}"),
    case("ns-set-in-set-block-in-block-undefined-ns", "{% block b %}{% set a %}{% set ns.v = 1 %}{% endset %}{% endblock %}", raises="TemplateRuntimeError"),
    case("nt-set-block", "{% set x %}{{ 3 }}{% endset %}{{ x }}", render=native, **NT),
]


@params(CASES)
def test_fixed_differences(case):
    check(case)
