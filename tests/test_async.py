"""Async rendering (``Environment(enable_async=True)``).

The differential tables run again in async mode with their sync data and must give what
sync tmpl gives; then async data sources (async generators, coroutines returned by calls,
objects with async methods, async filters and tests) through every construct that awaits
or iterates, under asyncio and under trio.
"""

from __future__ import annotations

import ast
import asyncio
import importlib
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest
import trio

import tmpl
from tmpl.asyncsupport import AsyncLoopContext, auto_aiter, auto_await
from tmpl.bccache import settings_fingerprint
from tmpl.compiler import generate, iter_unlocated

DIFFERENTIAL = Path(__file__).parent / "differential"
if str(DIFFERENTIAL) not in sys.path:
    sys.path.insert(0, str(DIFFERENTIAL))

from diffharness import Case, Outcome, make_environment, outcome, resolve, same  # noqa: E402

# -- the differential tables, again in async mode ---------------------------------------------


def _all_cases() -> list[Case]:
    cases: dict[str, Case] = {}
    for path in sorted(DIFFERENTIAL.glob("test_diff_*.py")):
        module = importlib.import_module(path.stem)
        for value in vars(module).values():
            if isinstance(value, list) and value and all(isinstance(c, Case) for c in value):
                for c in value:
                    cases.setdefault(c.id, c)
    return list(cases.values())


#: Cases whose async outcome differs from the sync one, in Jinja2 too: for these, tmpl's
#: async outcome must be Jinja2's async outcome (for failures: both fail).
ASYNC_DIFFERS_FROM_SYNC = {
    # A template of a sync environment (here passed in the context) renders with sync
    # generators, which an async template cannot delegate to.  Both engines fail, with
    # different exceptions (Jinja2 calls ``aclose`` on the sync generator).
    "dynamic-extends-template-object": "sync template in an async one",
    "include-template-object": "sync template in an async one",
    "import-template-object": "sync template in an async one",
    # ``map`` returns an async generator in async templates: not ``iterable``.
    "map-lazy-is-generator": "async map",
    # A Python function calling ``caller()`` gets a coroutine from an async macro.
    "call-block-python-function": "async caller",
    # A StopIteration leaving an async macro's coroutine is a RuntimeError (PEP 479).
    "macro-autoescaped-stop-iteration": "StopIteration in a coroutine",
}


def _async_outcome(module: Any, c: Case) -> Outcome:
    """Like ``diffharness.outcome`` with ``enable_async=True``, rendered by ``render_async``."""
    try:
        env = make_environment(module, {**c.options, "enable_async": True})
        context = {k: resolve(module, v) for k, v in c.context.items()}
        template = env.get_template(c.name) if c.name is not None else env.from_string(c.source)
        return Outcome(text=asyncio.run(template.render_async(context)))
    except RecursionError:
        return Outcome(error="RecursionError", message="maximum recursion depth exceeded")
    except Exception as exc:  # noqa: BLE001 - every exception is a result to compare
        return Outcome(error=type(exc).__name__, message=str(exc))


TOO_DEEP_FOR_PY312_ASYNC = {"filters-1000-chained", "attribute-chain-1000", "subscript-chain-1000"}


@pytest.mark.filterwarnings("ignore:coroutine .* was never awaited:RuntimeWarning")
@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in _all_cases()])
def test_differential_tables_in_async_mode(case: Case) -> None:
    actual = _async_outcome(tmpl, case)
    if case.id in TOO_DEEP_FOR_PY312_ASYNC and sys.version_info[:2] == (3, 12):
        # Every link of an async chain is awaited, which doubles the tree's depth; CPython
        # 3.12's compiler has a fixed C recursion limit below that (3.11 and 3.13 do not).
        assert actual.error == "TemplateSyntaxError", actual.describe()
        assert "nests too deeply" in (actual.message or "")
        return
    if case.id in ASYNC_DIFFERS_FROM_SYNC:
        assert not same(outcome(tmpl, case), actual), "no longer differs: update the table"
        expected = _async_outcome(jinja2, case)
        if expected.error is not None:
            assert actual.error is not None, f"expected a failure, got {actual.describe()}"
            return
    else:
        expected = outcome(tmpl, case)
    assert same(expected, actual), f"expected {expected.describe()}, got {actual.describe()}"


# -- helpers -----------------------------------------------------------------------------------


def env(**options: Any) -> tmpl.Environment:
    return tmpl.Environment(enable_async=True, **options)


def render(source: str, **context: Any) -> str:
    return asyncio.run(env().from_string(source).render_async(**context))


async def agen(*items: Any) -> AsyncIterator[Any]:
    """An async generator that suspends before every item, as a real data source would."""
    for item in items:
        await asyncio.sleep(0)
        yield item


async def value_later(value: Any) -> Any:
    await asyncio.sleep(0)
    return value


class User:
    def __init__(self, name: str, age: int) -> None:
        self.name = name
        self.age = age

    async def fetch_name(self) -> str:
        await asyncio.sleep(0)
        return self.name.upper()

    def __repr__(self) -> str:
        return self.name


USERS = [User("ann", 41), User("bob", 17), User("cid", 30)]


# -- loops -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{% for x in seq %}{{ x }}{% endfor %}", "123"),
        ("{% for x in seq %}{{ x }}{% else %}empty{% endfor %}", "123"),
        ("{% for x in seq if x != 2 %}{{ x }}{% endfor %}", "13"),
        ("{% for x in seq %}{{ loop.index }}/{{ loop.length }}{% endfor %}", "1/32/33/3"),
        ("{% for x in seq %}{{ loop.revindex }}{{ loop.revindex0 }}{% endfor %}", "322110"),
        ("{% for x in seq %}{{ x }}{% if not loop.last %},{% endif %}{% endfor %}", "1,2,3"),
        ("{% for x in seq %}{{ loop.first }}{% endfor %}", "TrueFalseFalse"),
        ("{% for x in seq %}{{ loop.nextitem }}{% endfor %}", "23"),
        ("{% for x in seq %}{{ loop.previtem }}{% endfor %}", "12"),
        ("{% for x in seq %}{{ loop.cycle('a', 'b') }}{% endfor %}", "aba"),
        ("{% for x in seq %}{% if loop.changed(x > 1) %}!{% endif %}{% endfor %}", "!!"),
        ("{% for x in seq if x > 1 %}{{ loop.index }}{{ loop.last }}{% endfor %}", "1False2True"),
        (
            "{% for a in seq %}{% for b in [1, 2] %}{{ a * b }}{% endfor %};{% endfor %}",
            "12;24;36;",
        ),
    ],
)
def test_for_over_async_generator(source: str, expected: str) -> None:
    assert render(source, seq=agen(1, 2, 3)) == expected


def test_for_else_over_empty_async_generator() -> None:
    assert render("{% for x in seq %}{{ x }}{% else %}empty{% endfor %}", seq=agen()) == "empty"


def test_loop_length_consumes_the_rest_then_continues() -> None:
    source = (
        "{% for x in seq %}{{ x }}{% if loop.first %}({{ loop.length }}){% endif %}{% endfor %}"
    )
    assert render(source, seq=agen("a", "b", "c")) == "a(3)bc"


def test_loop_controls_with_async_iterable() -> None:
    e = env(extensions=["tmpl.ext.loopcontrols"])
    source = "{% for x in seq %}{% if x == 2 %}{% continue %}{% endif %}{% if x == 4 %}{% break %}{% endif %}{{ x }}{% endfor %}"
    assert asyncio.run(e.from_string(source).render_async(seq=agen(1, 2, 3, 4, 5))) == "13"


def test_recursive_loop_over_async_children() -> None:
    def node(name: str, *children: Any) -> dict[str, Any]:
        return {"name": name, "children": agen(*children)}

    tree = agen(node("a", node("b"), node("c", node("d"))), node("e"))
    source = (
        "{% for n in tree recursive %}{{ n.name }}{{ loop.depth }}"
        "{% set kids = loop(n.children) %}{% if kids %}[{{ kids }}]{% endif %}{% endfor %}"
    )
    assert render(source, tree=tree) == "a1[b2c2[d3]]e1"


def test_text_only_loop_over_async_generator() -> None:
    # A loop that only outputs text compiles to an (async) list comprehension.
    assert render("{% for x in seq %}<{{ x }}>{% endfor %}", seq=agen(1, 2)) == "<1><2>"


def test_undefined_iterates_as_in_sync_templates() -> None:
    assert render("{% for x in nothing %}{{ x }}{% else %}none{% endfor %}") == "none"
    strict = env(undefined=tmpl.StrictUndefined).from_string("{% for x in nothing %}{% endfor %}")
    with pytest.raises(tmpl.UndefinedError):
        asyncio.run(strict.render_async())


def test_iterating_a_non_iterable_fails_like_sync() -> None:
    with pytest.raises(TypeError):
        render("{% for x in 42 %}{% endfor %}")


# -- awaiting calls, attributes, filters and tests -----------------------------------------------


def test_coroutines_returned_by_calls_are_awaited() -> None:
    async def double(x: int) -> int:
        return await value_later(x * 2)

    assert render("{{ double(21) }} {{ double(double(1)) }}", double=double) == "42 4"


def test_async_methods_and_attributes() -> None:
    source = "{% for u in users %}{{ u.fetch_name() }}{{ u['name'] }}{% endfor %}"
    assert render(source, users=agen(*USERS)) == "ANNannBOBbobCIDcid"


def test_awaitable_attribute_values_are_awaited() -> None:
    class Lazy:
        @property
        def value(self) -> Any:
            return value_later("late")

    assert render("{{ obj.value }} {{ obj.value|upper }}", obj=Lazy()) == "late LATE"


def test_async_filters_and_tests() -> None:
    async def shout(value: str) -> str:
        return await value_later(value.upper() + "!")

    async def is_adult(user: User) -> bool:
        return await value_later(user.age >= 18)

    e = env()
    e.filters["shout"] = shout
    e.tests["adult"] = is_adult
    source = "{% for u in users %}{% if u is adult %}{{ u.name|shout }}{% endif %}{% endfor %}"
    assert asyncio.run(e.from_string(source).render_async(users=USERS)) == "ANN!CID!"


def test_map_awaits_mapped_values() -> None:
    async def shout(value: str) -> str:
        return await value_later(value.upper())

    e = env()
    e.filters["shout"] = shout
    source = "{{ names|map('shout')|join(',') }}"
    assert asyncio.run(e.from_string(source).render_async(names=agen("a", "b"))) == "A,B"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ seq|list }}", "[3, 1, 2]"),
        ("{{ seq|join('-') }}", "3-1-2"),
        ("{{ seq|map('string')|join }}", "312"),
        ("{{ seq|select('odd')|list }}", "[3, 1]"),
        ("{{ seq|reject('odd')|list }}", "[2]"),
        ("{{ seq|sum }}", "6"),
        ("{{ seq|first }}", "3"),
        ("{{ seq|last }}", "2"),
        ("{{ seq|min }} {{ seq2|max }}", "1 3"),
        ("{{ seq|sort|list }}", "[1, 2, 3]"),
        ("{{ seq|unique|list }}", "[3, 1, 2]"),
        ("{{ seq|batch(2)|list }}", "[[3, 1], [2]]"),
        ("{{ seq|slice(2)|list }}", "[[3, 1], [2]]"),
        ("{{ seq|length }} {{ seq2|count }}", "3 3"),
        ("{{ seq|reverse|list }}", "[2, 1, 3]"),
        ("{{ seq|sort|random }}", "{r}"),
    ],
)
def test_iterable_filters_accept_async_iterables(source: str, expected: str) -> None:
    result = render(source, seq=agen(3, 1, 2), seq2=agen(3, 1, 2))
    if expected == "{r}":
        assert result in {"1", "2", "3"}
    else:
        assert result == expected


def test_attribute_filters_accept_async_iterables() -> None:
    context = {"users": agen(*USERS), "users2": agen(*USERS), "users3": agen(*USERS)}
    source = (
        "{{ users|selectattr('age', 'gt', 18)|map(attribute='name')|join(',') }};"
        "{{ users2|rejectattr('age', 'gt', 18)|list }};"
        "{{ users3|sum(attribute='age') }}"
    )
    assert render(source, **context) == "ann,cid;[bob];88"


def test_groupby_accepts_async_iterables() -> None:
    rows = agen({"k": "b", "v": 1}, {"k": "a", "v": 2}, {"k": "b", "v": 3})
    source = "{% for key, items in rows|groupby('k') %}{{ key }}={{ items|map(attribute='v')|join }};{% endfor %}"
    assert render(source, rows=rows) == "a=2;b=13;"


def test_first_reads_only_one_item() -> None:
    seen: list[int] = []

    async def counting() -> AsyncIterator[int]:
        for i in range(3):
            seen.append(i)
            yield i

    assert render("{{ seq|first }}", seq=counting()) == "0"
    assert seen == [0]
    assert render("{{ seq|first }}", seq=agen()) == ""


def test_custom_filter_replacing_a_builtin_is_not_swapped() -> None:
    e = env()
    e.filters["list"] = lambda value: "custom"
    assert asyncio.run(e.from_string("{{ seq|list }}").render_async(seq=[1])) == "custom"


# -- macros, call blocks, composition ---------------------------------------------------------

LOADER = tmpl.DictLoader(
    {
        "base.html": "<{% block head %}H{% endblock %}|{% block body %}B{% endblock %}>",
        "child.html": (
            "{% extends 'base.html' %}{% block head %}[{{ super() }}]{% endblock %}"
            "{% block body %}{% for x in seq %}{{ x }}{% endfor %}{{ self.head() }}{% endblock %}"
        ),
        "macros.html": (
            "{% macro item(x) %}<li>{{ x }}</li>{% endmacro %}"
            "{% macro each(seq) %}{% for x in seq %}{{ caller(x) }}{% endfor %}{% endmacro %}"
            "{% set answer = 42 %}"
        ),
        "uses_context.html": "{% for x in seq %}{{ x }}{% endfor %}",
        "row.html": "({{ x }})",
    }
)


def test_macros_and_call_blocks() -> None:
    source = (
        "{% macro wrap(tag) %}<{{ tag }}>{{ caller() }}</{{ tag }}>{% endmacro %}"
        "{% call wrap('b') %}{% for x in seq %}{{ x }}{% endfor %}{% endcall %}"
        "{% macro each(seq) %}{% for x in seq %}{{ caller(x) }}{% endfor %}{% endmacro %}"
        "{% call(v) each(seq2) %}[{{ v }}]{% endcall %}"
    )
    assert render(source, seq=agen(1, 2), seq2=agen("a", "b")) == "<b>12</b>[a][b]"


def test_macro_result_is_markup_when_autoescaping() -> None:
    e = env(autoescape=True)
    source = "{% macro m() %}<i>{{ x }}</i>{% endmacro %}{{ m() }}{{ m()|upper }}"
    out = asyncio.run(e.from_string(source).render_async(x="<"))
    assert out == "<i>&lt;</i><I>&LT;</I>"


def test_macro_argument_errors_are_raised() -> None:
    with pytest.raises(TypeError, match="takes no keyword argument"):
        render("{% macro m(a) %}{% endmacro %}{{ m(b=1) }}")


def test_inheritance_with_super_and_self() -> None:
    t = env(loader=LOADER).get_template("child.html")
    assert asyncio.run(t.render_async(seq=agen(1, 2))) == "<[H]|12[H]>"


def test_include_and_import() -> None:
    source = (
        "{% import 'macros.html' as m %}{% from 'macros.html' import item, answer %}"
        "{{ m.item(1) }}{{ item(2) }}{{ answer }}{{ m.answer }}"
        "{% call(x) m.each(seq) %}{% include 'row.html' %}{% endcall %}"
        "{% include 'uses_context.html' %}{% include 'row.html' without context %}"
        "{% include 'missing.html' ignore missing %}"
    )
    t = env(loader=LOADER).from_string(source)
    out = asyncio.run(t.render_async(seq=agen("a", "b")))
    # ``seq`` is consumed by the call block; the included template sees it exhausted.
    assert out == "<li>1</li><li>2</li>4242(a)(b)()"


def test_import_with_context_sees_async_data() -> None:
    loader = tmpl.DictLoader({"lib.html": "{% set items = seq|list %}"})
    t = env(loader=loader).from_string("{% import 'lib.html' as lib with context %}{{ lib.items }}")
    assert asyncio.run(t.render_async(seq=agen(1, 2))) == "[1, 2]"


def test_set_block_and_filter_block() -> None:
    source = (
        "{% set text %}{% for x in seq %}{{ x }}{% endfor %}{% endset %}{{ text }}|"
        "{% filter upper %}{% for x in seq2 %}{{ x }}{% endfor %}{% endfilter %}|"
        "{% set joined | upper %}{{ fetch() }}{% endset %}{{ joined }}"
    )
    out = render(source, seq=agen(1, 2), seq2=agen("a", "b"), fetch=lambda: value_later("z"))
    assert out == "12|AB|Z"


def test_with_and_namespaces() -> None:
    source = (
        "{% set ns = namespace(total=0) %}{% for x in seq %}{% set ns.total = ns.total + x %}"
        "{% endfor %}{% with t = ns.total %}{{ t }}{% endwith %}"
    )
    assert render(source, seq=agen(1, 2, 3)) == "6"


def test_deeply_nested_loops_move_into_async_functions() -> None:
    depth = 20
    source = "".join(f"{{% for i{n} in seq %}}" for n in range(depth)) + "{{ i0 }}"
    source += "{% endfor %}" * depth
    assert render(source, seq=[7]) == "7"
    # Buffered (inside a set block) the nested function is awaited.
    assert render("{% set s %}" + source + "{% endset %}[{{ s }}]", seq=[7]) == "[7]"


# -- the Template API --------------------------------------------------------------------------


def test_generate_async_streams_pieces() -> None:
    t = env().from_string(
        "{% for x in seq %}{{ x }}{% endfor %}{% for y in seq2 %}-{{ y }}{% endfor %}"
    )

    async def collect() -> list[str]:
        return [piece async for piece in t.generate_async(seq=[1, 2], seq2=agen(3))]

    assert "".join(asyncio.run(collect())) == "12-3"


def test_make_module_async() -> None:
    t = env().from_string("{% macro hi(n) %}hi {{ n }}{% endmacro %}{% set x = 1 %}body")

    async def use() -> tuple[str, Any, str]:
        module = await t.make_module_async()
        return str(module), module.x, await module.hi("you")

    assert asyncio.run(use()) == ("body", 1, "hi you")


def test_render_from_sync_code_runs_the_loop() -> None:
    t = env().from_string("{% for x in seq %}{{ x }}{% endfor %}{{ f() }}")
    assert t.render(seq=agen(1, 2), f=lambda: value_later("!")) == "12!"
    assert "".join(t.generate(seq=[3], f=lambda: "?")) == "3?"


@pytest.mark.filterwarnings("ignore:coroutine .* was never awaited:RuntimeWarning")
def test_render_inside_a_running_loop_asks_for_render_async() -> None:
    t = env().from_string("x")

    async def main() -> None:
        with pytest.raises(RuntimeError):
            t.render()

    asyncio.run(main())


def test_module_property_is_unavailable_in_async_mode() -> None:
    with pytest.raises(RuntimeError):
        _ = env().from_string("x").module


def test_async_methods_need_an_async_environment() -> None:
    t = tmpl.Environment().from_string("x")
    with pytest.raises(RuntimeError):
        asyncio.run(t.render_async())


def test_concurrent_renders_interleave() -> None:
    t = env().from_string("{% for x in seq %}{{ x }}{% endfor %}")

    async def main() -> list[str]:
        return list(
            await asyncio.gather(*(t.render_async(seq=agen(*range(i, i + 3))) for i in range(5)))
        )

    assert asyncio.run(main()) == ["012", "123", "234", "345", "456"]


# -- trio --------------------------------------------------------------------------------------


async def trio_items(*items: Any) -> AsyncIterator[Any]:
    for item in items:
        await trio.sleep(0)
        yield item


async def trio_value(value: Any) -> Any:
    await trio.sleep(0)
    return value


def test_render_async_under_trio() -> None:
    e = env(loader=LOADER)
    source = (
        "{% import 'macros.html' as m %}{% for x in seq %}{{ m.item(x) }}"
        "{% if not loop.last %},{% endif %}{% endfor %}{{ fetch()|upper }}"
        "{{ seq2|map('string')|join('-') }}{% include 'row.html' %}"
    )
    t = e.from_string(source)

    async def main() -> str:
        return await t.render_async(
            seq=trio_items(1, 2), seq2=trio_items(3, 4), fetch=lambda: trio_value("ok"), x="x"
        )

    assert trio.run(main) == "<li>1</li>,<li>2</li>OK3-4(x)"


def test_generate_async_under_trio() -> None:
    t = env().from_string("{% for x in seq %}{{ x }}{% endfor %}")

    async def main() -> list[str]:
        return [piece async for piece in t.generate_async(seq=trio_items("a", "b"))]

    assert "".join(trio.run(main)) == "ab"


# -- the runtime helpers -----------------------------------------------------------------------


def test_auto_await_and_auto_aiter() -> None:
    class Awaitable:
        def __await__(self) -> Iterator[Any]:
            yield from asyncio.sleep(0).__await__()
            return "awaited"

    async def main() -> list[Any]:
        plain = [await auto_await(v) for v in (1, "s", None, [1], User("u", 1))]
        awaited = [await auto_await(value_later(2)), await auto_await(Awaitable())]
        items = [x async for x in auto_aiter([1, 2])] + [x async for x in auto_aiter(agen(3))]
        return [*plain[:4], *awaited, items]

    assert asyncio.run(main()) == [1, "s", None, [1], 2, "awaited", [1, 2, 3]]


def test_async_loop_context_repr_does_not_await() -> None:
    loop = AsyncLoopContext([1], tmpl.Undefined)
    assert repr(loop) == "<AsyncLoopContext 0>"


# -- what the compiler emits -------------------------------------------------------------------

CONSTRUCTS = (
    "{% extends 'base.html' %}{% import 'macros.html' as m %}{% block body %}"
    "{% for x in seq if x recursive %}{{ loop(x.children) }}{{ loop.last }}{% else %}e{% endfor %}"
    "{% for y in seq %}{{ y.a }}{{ y[0] }}{{ y|upper }}{{ y is odd }}{% endfor %}"
    "{% macro mm(a) %}{{ caller() }}{% endmacro %}{% call mm(1) %}c{% endcall %}"
    "{% include 'row.html' %}{% include 'row.html' without context %}"
    "{% set s %}{{ super() }}{% endset %}{% filter upper %}{{ f() }}{% endfilter %}{% endblock %}"
)


def _module(environment: tmpl.Environment, source: str) -> ast.Module:
    return generate(environment._parse(source, "t", "t.html"), environment, "t", "t.html", source)


def test_sync_code_has_no_async_constructs() -> None:
    module = _module(tmpl.Environment(), CONSTRUCTS)
    async_nodes = (ast.AsyncFunctionDef, ast.AsyncFor, ast.Await)
    assert not [n for n in ast.walk(module) if isinstance(n, async_nodes)]
    names = {n.id for n in ast.walk(module) if isinstance(n, ast.Name)}
    assert not {"t_auto_await", "t_auto_aiter", "t_async_variant"} & names


def test_async_code_is_async_and_located() -> None:
    module = _module(env(), CONSTRUCTS)
    kinds = {type(n) for n in ast.walk(module)}
    assert {ast.AsyncFunctionDef, ast.AsyncFor, ast.Await} <= kinds
    assert ast.FunctionDef not in kinds
    assert ast.YieldFrom not in kinds
    assert list(iter_unlocated(module)) == []
    compile(module, "t.html", "exec")


def test_async_and_sync_code_is_cached_apart() -> None:
    sync, async_ = tmpl.Environment(), env()
    assert settings_fingerprint(sync, "t") != settings_fingerprint(async_, "t")


def test_import_tmpl_does_not_import_asyncio() -> None:
    code = (
        "import sys, tmpl; tmpl.Environment().from_string('{{ x|join }}').render(x='ab');"
        "print(sorted(m for m in ('asyncio', 'tmpl.asyncsupport', 'tmpl.asyncfilters')"
        " if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
