"""``tmpl.integrations.starlette.Templates`` in a Starlette app, through ``TestClient``."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.testclient import TestClient

import tmpl
from tmpl.integrations.starlette import TemplateResponse, Templates

TEMPLATES = {
    "base.html": (
        "<title>{% block title %}{% endblock %}</title>"
        "<a href='{{ url_for('item', item_id=7) }}'>{{ site }}</a>{% block body %}{% endblock %}"
    ),
    "rows.html": (
        "{% extends 'base.html' %}{% block title %}Rows{% endblock %}{% block body %}"
        "<ul>{% for row in rows %}<li>{{ row.name }}{% if not loop.last %},{% endif %}</li>"
        "{% endfor %}</ul>{{ total() }} {{ request.url.path }}{% endblock %}"
    ),
    "item.html": "item {{ item_id }}: {{ note }}",
}


class Row:
    def __init__(self, name: str) -> None:
        self.name = name


async def fetch_rows(n: int) -> AsyncIterator[Row]:
    """An async data source, as a database cursor would be."""
    for i in range(n):
        await asyncio.sleep(0)
        yield Row(f"<row {i}>")


@pytest.fixture
def directory(tmp_path: Path) -> Path:
    for name, source in TEMPLATES.items():
        (tmp_path / name).write_text(source, encoding="utf-8")
    return tmp_path


def make_app(templates: Templates, background: BackgroundTask | None = None) -> Starlette:
    async def rows(request: Request) -> Response:
        async def total() -> int:
            await asyncio.sleep(0)
            return 3

        context = {"rows": fetch_rows(3), "total": total}
        return templates.TemplateResponse(
            request, "rows.html", context, headers={"x-demo": "1"}, background=background
        )

    async def item(request: Request) -> Response:
        context = {"item_id": request.path_params["item_id"], "note": "<b>"}
        response = templates.TemplateResponse(request, "item.html", context, status_code=201)
        response.set_cookie("seen", "1")
        return response

    return Starlette(
        routes=[Route("/rows", rows), Route("/items/{item_id:int}", item, name="item")]
    )


def site_processor(request: Request) -> dict[str, Any]:
    return {"site": f"Demo ({request.method})"}


def test_async_generator_passed_straight_into_the_template(directory: Path) -> None:
    templates = Templates(directory=directory, context_processors=[site_processor])
    with TestClient(make_app(templates)) as client:
        response = client.get("/rows")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["x-demo"] == "1"
    assert response.text == (
        "<title>Rows</title><a href='http://testserver/items/7'>Demo (GET)</a>"
        "<ul><li>&lt;row 0&gt;,</li><li>&lt;row 1&gt;,</li><li>&lt;row 2&gt;</li></ul>3 /rows"
    )
    assert int(response.headers["content-length"]) == len(response.content)
    # TestClient receives the template and context through the debug extension.
    assert response.template.name == "rows.html"  # type: ignore[attr-defined]
    assert set(response.context) == {"request", "rows", "total", "site"}  # type: ignore[attr-defined]


def test_status_code_and_autoescape_by_extension(directory: Path) -> None:
    templates = Templates(directory=directory)
    with TestClient(make_app(templates)) as client:
        response = client.get("/items/5")
    assert response.status_code == 201
    assert response.text == "item 5: &lt;b&gt;"
    assert response.cookies["seen"] == "1"
    assert int(response.headers["content-length"]) == len(response.content)


def test_background_task_runs_after_the_response(directory: Path) -> None:
    done: list[str] = []
    task = BackgroundTask(done.append, "sent")
    templates = Templates(directory=directory, context_processors=[site_processor])
    with TestClient(make_app(templates, background=task)) as client:
        assert client.get("/rows").status_code == 200
    assert done == ["sent"]


def test_sync_environment_renders_when_the_response_is_made() -> None:
    env = tmpl.Environment(
        loader=tmpl.DictLoader({"hi.html": "hi {{ name }} {{ request.method }}"})
    )
    templates = Templates(env=env)

    async def hi(request: Request) -> Response:
        response = templates.TemplateResponse(request, "hi.html", {"name": "ann"})
        assert response.body == b"hi ann GET"
        return response

    with TestClient(Starlette(routes=[Route("/", hi)])) as client:
        assert client.get("/").text == "hi ann GET"


def test_media_type_and_get_template(directory: Path) -> None:
    templates = Templates(directory=[directory])
    assert templates.get_template("item.html").render(item_id=1, note="n") == "item 1: n"

    async def plain(request: Request) -> Response:
        return templates.TemplateResponse(
            request, "item.html", {"item_id": 2, "note": "x"}, media_type="text/plain"
        )

    with TestClient(Starlette(routes=[Route("/", plain)])) as client:
        response = client.get("/")
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text == "item 2: x"


def test_user_url_for_global_is_kept() -> None:
    env = tmpl.Environment(
        enable_async=True, loader=tmpl.DictLoader({"u.html": "{{ url_for('x') }}"})
    )
    env.globals["url_for"] = lambda name: f"/custom/{name}"
    templates = Templates(env=env)

    async def page(request: Request) -> Response:
        return templates.TemplateResponse(request, "u.html")

    with TestClient(Starlette(routes=[Route("/", page)])) as client:
        assert client.get("/").text == "/custom/x"


def test_render_errors_reach_the_application() -> None:
    env = tmpl.Environment(enable_async=True, loader=tmpl.DictLoader({"e.html": "{{ 1 // 0 }}"}))
    templates = Templates(env=env)

    async def page(request: Request) -> Response:
        return templates.TemplateResponse(request, "e.html")

    with TestClient(Starlette(routes=[Route("/", page)])) as client:
        with pytest.raises(ZeroDivisionError):
            client.get("/")


def test_directory_or_env_is_required(directory: Path) -> None:
    with pytest.raises(TypeError):
        Templates()
    with pytest.raises(TypeError):
        Templates(directory=directory, env=tmpl.Environment())


def test_template_response_class_is_exported() -> None:
    template = tmpl.Environment().from_string("x")
    assert TemplateResponse(template, {}).body == b"x"
