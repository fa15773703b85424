"""``render`` of templates that only look names up: they render without a Context
(``render_direct`` in the generated code), and nothing a user can observe may change.

Each behaviour is checked against ``generate`` (which always goes through the context) and,
where Jinja2 defines it, against Jinja2.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator, Mapping
from typing import Any

import jinja2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tmpl

# Templates simple enough for the direct path, with a context for each.
SIMPLE = [
    ("", {}),
    ("just text", {}),
    ("Hello {{ name }}!", {"name": "<World>"}),
    ("{{ a }}{{ b }}{{ missing }}", {"a": 1, "b": 2.5}),
    (
        "{% for x in xs %}{{ x }}{% if x > 1 %}!{% endif %}{% else %}none{% endfor %}",
        {"xs": [1, 2]},
    ),
    ("{% for x in xs %}{{ x }}{% else %}none{% endfor %}", {"xs": []}),
    ("{% for row in rows %}{% for c in row %}{{ c }}{% endfor %};{% endfor %}", {"rows": ["ab"]}),
    ("{{ user.name|upper }} {{ user['name']|length }}", {"user": {"name": "ada"}}),
    ("{% filter e %}<b>{% endfilter %}", {}),
    ("{{ x|safe }}{{ x }}", {"x": "<i>"}),
    ("{% if a %}a{% elif b %}b{% else %}c{% endif %}", {"b": True}),
    ("{% for i in items %}{{ loop.index }}/{{ loop.length }}{% endfor %}", {"items": "xyz"}),
    ("{% with y = x * 2 %}{{ y }}{% endwith %}", {"x": 21}),
    ("{{ lipsum is defined }} {{ cycler is defined }}", {}),
]


def _engines(**options: Any) -> tuple[tmpl.Environment, jinja2.Environment]:
    return tmpl.Environment(**options), jinja2.Environment(**options)


@pytest.mark.parametrize("autoescape", [False, True])
@pytest.mark.parametrize(("source", "context"), SIMPLE)
def test_direct_render_matches_generate_and_jinja2(
    source: str, context: dict[str, Any], autoescape: bool
) -> None:
    ours, theirs = _engines(autoescape=autoescape)
    template = ours.from_string(source)
    rendered = template.render(context)
    assert type(rendered) is str
    assert rendered == "".join(template.generate(context))
    assert rendered == theirs.from_string(source).render(context)


def test_simple_templates_get_a_direct_render_function() -> None:
    # If this stops holding, small templates silently lose their fast path.
    env = tmpl.Environment(autoescape=True)
    for source, _ in SIMPLE:
        assert "def render_direct(" in env.compile(source, raw=True), source


@pytest.mark.parametrize(
    "source",
    [
        "{% block b %}x{% endblock %}",
        "{% extends 'base' %}",
        "{% include 'part' %}",
        "{% set x = 1 %}{{ x }}",
        "{% macro m() %}{% endmacro %}",
        "{{ f() }}",
        "{{ self }}",
        "{{ x|format_price }}",
    ],
)
def test_templates_that_need_their_context_keep_it(source: str) -> None:
    env = tmpl.Environment()
    env.filters["format_price"] = tmpl.pass_context(lambda ctx, v: v)
    assert "def render_direct(" not in env.compile(source, raw=True)


def test_direct_render_falls_back_to_globals_then_undefined() -> None:
    env = tmpl.Environment(undefined=tmpl.StrictUndefined)
    env.globals.update(site="env", shadowed="env")
    template = env.from_string("{{ site }} {{ page }} {{ shadowed }}", globals={"page": "tpl"})
    assert template.render(shadowed="var") == "env tpl var"
    env.globals["site"] = "changed after loading"
    assert template.render(shadowed="var").startswith("changed after loading ")
    with pytest.raises(tmpl.UndefinedError, match="'nope' is undefined"):
        env.from_string("{{ nope }}").render()


def test_render_accepts_every_form_of_dict_arguments() -> None:
    template = tmpl.Environment().from_string("{{ a }}{{ b }}")

    class Vars(Mapping[str, Any]):
        def __getitem__(self, key: str) -> Any:
            return {"a": "m", "b": "n"}[key]

        def __iter__(self) -> Iterator[str]:
            return iter("ab")

        def __len__(self) -> int:
            return 2

    given = {"a": 1, "b": 2}
    assert template.render(given) == "12"
    assert given == {"a": 1, "b": 2}
    assert template.render(given, b=3) == "13"
    assert template.render([("a", 4)], b=5) == "45"
    assert template.render(Vars()) == "mn"
    assert template.render(a=6, b=7) == "67"


def test_a_custom_context_class_sees_every_lookup_even_when_set_after_loading() -> None:
    for engine in (tmpl, jinja2):

        class Shouting(engine.runtime.Context):  # type: ignore[name-defined, misc]
            def resolve_or_missing(self, key: str) -> Any:
                value = super().resolve_or_missing(key)
                return value.upper() if isinstance(value, str) else value

        env = engine.Environment()
        template = env.from_string("{{ greeting }}, {{ name }}")
        assert template.render(greeting="hi", name="ada") == "hi, ada"
        env.context_class = Shouting
        assert template.render(greeting="hi", name="ada") == "HI, ADA", engine.__name__


def test_a_template_class_with_its_own_context_is_used() -> None:
    class WithDefaults(tmpl.Template):
        def new_context(self, vars=None, shared=False, locals=None):  # type: ignore[no-untyped-def]
            return super().new_context({"name": "default", **(vars or {})}, shared, locals)

    env = tmpl.Environment()
    env.template_class = WithDefaults
    assert env.from_string("{{ name }}").render() == "default"


def test_errors_in_a_direct_render_point_into_the_template() -> None:
    env = tmpl.Environment(loader=tmpl.DictLoader({"t.html": "line one\n{{ 1 // n }}"}))
    with pytest.raises(ZeroDivisionError) as info:
        env.get_template("t.html").render(n=0)
    last = traceback.extract_tb(info.value.__traceback__)[-1]
    assert (last.filename, last.lineno, last.line) == ("<template:t.html>", 2, "{{ 1 // n }}")


# -- property: render() (direct when it can be) gives what generate() gives ---------------------

_NAMES = st.sampled_from(["a", "b", "n", "missing", "loop", "range"])
_ATOMS = st.one_of(_NAMES, st.sampled_from(["1", "'<s>'", "none", "[1, 2]", "{'k': 'v'}"]))
_SIMPLE_FORMS = [
    "{{{{ {e} }}}}",
    "{{{{ {e}|{f} }}}}",
    "{{% if {e} %}}{b}{{% else %}}{b}{{% endif %}}",
    "{{% for x in {e} %}}{{{{ loop.index }}}}{b}{{% else %}}{b}{{% endfor %}}",
    "{{% for x in {e} %}}{{{{ x }}}}{b}{{% endfor %}}",
    "{{% with y = {e} %}}{{{{ y }}}}{b}{{% endwith %}}",
    "{{% filter upper %}}{b}{{% endfilter %}}",
    "{{% set s = {e} %}}{{{{ s }}}}",
    "{{{{ {e}.k }}}}{{{{ {e}[0] }}}}",
    "text & <more>",
]


@st.composite
def _simple_templates(draw: st.DrawFn, depth: int = 0) -> str:
    form = draw(st.sampled_from(_SIMPLE_FORMS if depth < 2 else ["{{{{ {e} }}}}", "t"]))
    return form.format(
        e=draw(_ATOMS),
        f=draw(st.sampled_from(["e", "safe", "length", "upper", "default('d')", "join(',')"])),
        b=draw(st.lists(_simple_templates(depth + 1), max_size=2).map("".join)),
    )


def _outcome(run: Any) -> tuple[str, str]:
    try:
        return ("text", run())
    except Exception as error:  # noqa: BLE001 - the exception class is the outcome
        return ("error", type(error).__name__)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_simple_templates(), min_size=1, max_size=3).map("".join), st.booleans())
def test_render_gives_what_generate_gives(source: str, autoescape: bool) -> None:
    env = tmpl.Environment(autoescape=autoescape)
    template = env.from_string(source)
    context = {"a": [1, "<b>"], "b": "<i>", "n": 3}
    assert _outcome(lambda: template.render(context)) == _outcome(
        lambda: "".join(template.generate(context))
    )
