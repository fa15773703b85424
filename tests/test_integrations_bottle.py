"""tmpl.integrations.bottle: Bottle's template() and view() with tmpl, over WSGI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import bottle
import pytest
from webtest import TestApp

import tmpl
from tmpl.integrations.bottle import TmplTemplate, template, view

VIEWS = str(Path(__file__).parent / "wsgi_fixtures" / "bottle_views")


@pytest.fixture
def app() -> TestApp:
    app = bottle.Bottle()
    # Bottle caches compiled templates process-wide; each test starts afresh.
    bottle.TEMPLATES.clear()

    @app.route("/list")
    @view("list", template_lookup=[VIEWS], footer="<c>")
    def listing() -> dict[str, Any]:
        return {"items": ["<a>", "b"]}

    @app.route("/note")
    def note() -> str:
        return template("note.txt", value="<raw>", template_lookup=[VIEWS])

    @app.route("/source")
    def source() -> str:
        return template("{{ x }}!", x="<s>")

    return TestApp(app)


def test_view_with_include_and_autoescape(app: TestApp) -> None:
    response = app.get("/list")
    assert response.status_int == 200
    assert response.text == "<ul><li>&lt;a&gt;</li><li>b</li></ul>\n<footer>&lt;c&gt;</footer>"


def test_text_templates_are_not_escaped(app: TestApp) -> None:
    assert app.get("/note").text == "plain <raw>"


def test_template_from_source_is_escaped(app: TestApp) -> None:
    assert app.get("/source").text == "&lt;s&gt;!"


def test_adapter_compiles_with_tmpl() -> None:
    adapter = TmplTemplate(source="{{ n|double }}", filters={"double": lambda n: n * 2})
    assert isinstance(adapter.tpl, tmpl.Template)
    assert adapter.render(n=21) == "42"
    assert adapter.render({"n": 1}, n=2) == "4"
