"""The Environment/Template API beyond rendering a string: composition features tmpl adds,
reloading, fragments, streams, expressions, native types and introspection."""

from __future__ import annotations

import io
import os
import time
import types
from pathlib import Path
from typing import Any

import pytest

import tmpl
from tmpl import meta
from tmpl.nativetypes import NativeEnvironment

LAYOUT = {
    "base.html": "<title>{% block title %}Site{% endblock %}</title>"
    "<main>{% block main %}{% endblock %}</main>",
    "page.html": "{% extends 'base.html' %}{% set who = 'Ada' %}"
    "{% block title %}{{ super() }} - Page{% endblock %}"
    "{% block main %}<p>Hi {{ who }} {{ user }}</p>{% endblock %}",
    "card.html": "[{{ title }}|{{ item }}|{{ secret is defined }}]",
}


@pytest.fixture
def env() -> tmpl.Environment:
    return tmpl.Environment(loader=tmpl.DictLoader(LAYOUT))


def test_include_with_passes_named_values(env: tmpl.Environment) -> None:
    template = env.from_string(
        "{% for row in rows %}{% include 'card.html' with title='T', item=row %}{% endfor %}"
    )
    assert template.render(rows=[1, 2], secret=1) == "[T|1|True][T|2|True]"


def test_include_with_only_isolates_the_included_template(env: tmpl.Environment) -> None:
    template = env.from_string("{% include 'card.html' with title='T', item=3 only %}")
    assert template.render(secret=1) == "[T|3|False]"


def test_plain_include_keeps_jinja2_meaning(env: tmpl.Environment) -> None:
    template = env.from_string("{% set title = 'S' %}{% include 'card.html' %}")
    assert template.render(item="i") == "[S|i|False]"


def test_render_block_renders_one_block_with_inheritance(env: tmpl.Environment) -> None:
    page = env.get_template("page.html")
    assert page.render_block("title") == "Site - Page"
    assert page.render_block("main", user="Bob") == "<p>Hi Ada Bob</p>"
    assert "".join(page.generate_block("main", {"user": "C"})) == "<p>Hi Ada C</p>"


def test_render_block_of_a_missing_block_names_it(env: tmpl.Environment) -> None:
    with pytest.raises(tmpl.TemplateRuntimeError, match="no block named 'nope'"):
        env.get_template("page.html").render_block("nope")


def _touch(path: Path, text: str) -> None:
    path.write_text(text)
    # Move the modification time forward: file systems can have coarse timestamps.
    later = time.time() + 10
    os.utime(path, (later, later))


def test_auto_reload_notices_changed_parent_and_included_templates(tmp_path: Path) -> None:
    (tmp_path / "base.html").write_text("B1[{% block b %}{% endblock %}]")
    (tmp_path / "part.html").write_text("P1")
    (tmp_path / "child.html").write_text(
        "{% extends 'base.html' %}{% block b %}{% include 'part.html' %}{% endblock %}"
    )
    env = tmpl.Environment(loader=tmpl.FileSystemLoader(str(tmp_path)))
    assert env.get_template("child.html").render() == "B1[P1]"
    _touch(tmp_path / "base.html", "B2[{% block b %}{% endblock %}]")
    _touch(tmp_path / "part.html", "P2")
    assert env.get_template("child.html").render() == "B2[P2]"


def test_check_reports_every_error_with_positions() -> None:
    errors = tmpl.Environment().check("{{ x | nosuch }}\n{% if %}", name="t.html")
    assert [(e.lineno, e.col) for e in errors][:2] == [(1, 8), (2, 7)]
    assert all(e.name == "t.html" for e in errors)
    assert tmpl.Environment().check("{{ fine }}") == []


def test_syntax_error_text_has_location_frame_and_caret() -> None:
    with pytest.raises(tmpl.TemplateSyntaxError) as info:
        tmpl.Environment(loader=tmpl.DictLoader({"a.html": "ok\n{% endfor %}"})).get_template(
            "a.html"
        )
    text = str(info.value)
    assert text.splitlines()[0].startswith("a.html:2:")
    assert "2 | {% endfor %}" in text
    assert "^" in text


def test_stream_dump_and_buffering(tmp_path: Path) -> None:
    template = tmpl.Environment().from_string(
        "{% for i in range(5) %}{{ i }}{% if i is odd %}-{% endif %}{% endfor %}"
    )
    stream = template.stream()
    stream.enable_buffering(2)
    assert "".join(stream) == "01-23-4"
    buffer = io.StringIO()
    template.stream().dump(buffer)
    assert buffer.getvalue() == "01-23-4"
    target = tmp_path / "out.txt"
    template.stream().dump(str(target), encoding="utf-8")
    assert target.read_text() == "01-23-4"


def test_compile_expression() -> None:
    expr = tmpl.Environment().compile_expression("a.b + 1")
    assert expr(a={"b": 2}) == 3
    assert tmpl.Environment().compile_expression("missing")() is None


def test_native_environment_returns_python_values() -> None:
    env = NativeEnvironment()
    assert env.from_string("{{ [1, x] }}").render(x=2) == [1, 2]
    assert env.from_string("{{ a }}{{ b }}").render(a=1, b=2) == 12
    assert env.from_string("{{ a }} b").render(a=1) == "1 b"


def test_meta_finds_undeclared_variables_and_referenced_templates() -> None:
    env = tmpl.Environment()
    ast = env.parse(
        "{% extends 'base.html' %}{% set x = 1 %}{% include ['a.html', name] %}"
        "{% for i in items %}{{ i + x + y }}{% endfor %}"
    )
    assert meta.find_undeclared_variables(ast) == {"name", "items", "y"}
    assert list(meta.find_referenced_templates(ast)) == ["base.html", "a.html", None]


def test_template_module_exports_macros_and_variables() -> None:
    module = (
        tmpl.Environment()
        .from_string(
            "{% macro hi(n) %}Hi {{ n }}{% endmacro %}{% set answer = 42 %}{% set _hidden = 1 %}body"
        )
        .module
    )
    assert module.hi("x") == "Hi x"
    assert module.answer == 42
    assert not hasattr(module, "_hidden")
    assert str(module) == "body"


def test_select_template_and_errors(env: tmpl.Environment) -> None:
    assert env.select_template(["nope.html", "card.html"]).name == "card.html"
    with pytest.raises(tmpl.TemplatesNotFound):
        env.select_template(["a", "b"])
    with pytest.raises(tmpl.TemplateNotFound):
        env.get_template("missing.html")


class _LoggingGetattr(tmpl.Environment):
    """Records every attribute lookup a template makes through ``Environment.getattr``."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.looked_up: list[str] = []

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.looked_up.append(attribute)
        return super().getattr(obj, attribute)


def test_an_overridden_getattr_sees_every_attribute_lookup() -> None:
    # A subclass that overrides getattr (as the sandbox does) is asked for every lookup,
    # including the iterable of a loop compiled to a comprehension.
    env = _LoggingGetattr()
    source = "{{ user.name }}{% for p in user.pets %}{{ p.kind }}{% endfor %}{{ d.k }}"
    context = {
        "user": types.SimpleNamespace(name="ada", pets=[types.SimpleNamespace(kind="cat")]),
        "d": {"k": "v"},
    }
    assert env.from_string(source).render(context) == "adacatv"
    assert env.looked_up == ["name", "pets", "kind", "k"]


def test_an_overridden_getattr_is_used_by_code_from_a_shared_cache(tmp_path: Any) -> None:
    # The stock environment's code looks attributes up inline in loops and macros; the
    # subclass must not be handed that code.
    cache = tmpl.FileSystemBytecodeCache(str(tmp_path))
    source = (
        "{{ user.name }}{% for p in user.pets %}{{ p.kind }}{% endfor %}"
        "{% macro m(u) %}{{ u.name }}{% endmacro %}{{ m(user) }}"
    )
    loader = tmpl.DictLoader({"t.html": source})
    user = types.SimpleNamespace(name="ada", pets=[types.SimpleNamespace(kind="cat")])
    stock_env = tmpl.Environment(loader=loader, bytecode_cache=cache)
    assert stock_env.get_template("t.html").render(user=user) == "adacatada"
    logging_env = _LoggingGetattr(loader=loader, bytecode_cache=cache)
    assert logging_env.get_template("t.html").render(user=user) == "adacatada"
    assert logging_env.looked_up == ["name", "pets", "kind", "name"]


def test_attribute_lookup_order_matches_jinja2() -> None:
    # Attribute first, then item; a property raising AttributeError falls back to the item
    # and runs once.
    calls: list[str] = []

    class Both(dict):  # type: ignore[type-arg]
        @property
        def broken(self) -> str:
            calls.append("broken")
            raise AttributeError("broken")

        keys_attr = "attribute"

    value = Both(broken="item", keys_attr="item", other="item")
    source = "{{ v.broken }} {{ v.keys_attr }} {{ v.other }} {{ v.missing is undefined }}"
    assert tmpl.Environment().from_string(source).render(v=value) == "item attribute item True"
    assert calls == ["broken"]
