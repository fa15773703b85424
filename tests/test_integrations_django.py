"""tmpl.integrations.django: the template backend, through Django's template API, its test
client and its debug page."""

from __future__ import annotations

import sys
from pathlib import Path

import django
import pytest
from django.conf import settings

SITE = Path(__file__).parent / "wsgi_fixtures" / "django_site"

# Django's settings are process-wide: configured once, with this module's test project.
if not settings.configured:
    sys.path.insert(0, str(SITE))
    settings.configure(
        DEBUG=True,
        SECRET_KEY="tests-only",
        ALLOWED_HOSTS=["testserver"],
        ROOT_URLCONF="tmpl_django_app.urls",
        INSTALLED_APPS=["tmpl_django_app"],
        MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"],
        TEMPLATES=[
            {
                "BACKEND": "tmpl.integrations.django.Tmpl",
                "NAME": "tmpl",
                "DIRS": [str(SITE / "templates")],
                "APP_DIRS": True,
                "OPTIONS": {"context_processors": ["tmpl_django_app.processors.site"]},
            }
        ],
    )
    django.setup()

from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines  # noqa: E402
from django.template.loader import get_template, render_to_string  # noqa: E402
from django.test import Client  # noqa: E402

import tmpl  # noqa: E402
from tmpl.integrations.django import Tmpl  # noqa: E402


def test_engine_is_tmpl() -> None:
    engine = engines["tmpl"]
    assert isinstance(engine, Tmpl)
    assert isinstance(engine.env, tmpl.Environment)
    assert engine.env.undefined is tmpl.DebugUndefined  # DEBUG is on
    assert engine.env.auto_reload is True


def test_render_with_request_context_processors_and_autoescape() -> None:
    response = Client().get("/hello/")
    assert response.status_code == 200
    assert response.content == b"Hello &lt;Ada&gt; from /hello/ (Test site)"


def test_app_directories_are_named_tmpl() -> None:
    assert render_to_string("app/page.html", {"value": 1}) == "app template 1"
    assert Client().get("/t/app/page.html").content == b"app template 42"


def test_csrf_input_and_token_round_trip() -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get("/form/").content.decode()
    assert '<input type="hidden" name="csrfmiddlewaretoken" value="' in page
    token = page.rsplit("token=", 1)[1].strip()
    assert len(token) == 64
    response = client.post("/form/", {"q": "tea", "csrfmiddlewaretoken": token})
    assert response.content == b"posted tea"
    assert client.post("/form/", {"q": "tea"}).status_code == 403


def test_from_string() -> None:
    template = engines["tmpl"].from_string("{{ x * 2 }}")
    assert template.render({"x": 21}) == "42"


def test_template_does_not_exist_lists_what_was_tried() -> None:
    with pytest.raises(TemplateDoesNotExist) as info:
        get_template("nowhere.html")
    # Django's loader chains each engine's error; ours lists every file it tried.
    (error,) = info.value.chain
    tried = [origin.name for origin, _ in error.tried]
    assert str(SITE / "templates" / "nowhere.html") in tried
    assert str(SITE / "tmpl_django_app" / "tmpl" / "nowhere.html") in tried
    assert error.tried[0][0].loader_name == "tmpl.loaders.FileSystemLoader"


def test_syntax_error_has_template_debug() -> None:
    with pytest.raises(TemplateSyntaxError) as info:
        get_template("broken.html")
    debug = info.value.template_debug
    assert debug["name"] == str(SITE / "templates" / "broken.html")
    assert debug["line"] == 3
    assert (debug["before"], debug["during"], debug["after"]) == ("  {{ 1 + ", "}}", "")
    assert debug["source_lines"][0] == (1, "<h1>Broken</h1>")
    assert debug["total"] == 5


def test_debug_page_shows_syntax_error_source_line() -> None:
    response = Client(raise_request_exception=False).get("/t/broken.html")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Error during template rendering" in page
    assert "error at line <strong>3</strong>" in page
    assert '{{ 1 + <span class="specific">}}</span>' in page


def test_debug_page_shows_runtime_error_line() -> None:
    response = Client(raise_request_exception=False).get("/t/runtime_error.html")
    page = response.content.decode()
    assert response.status_code == 500
    assert "UndefinedError" in page
    assert "error at line <strong>2</strong>" in page
    assert "value.missing.deeper" in page


def test_missing_include_is_template_does_not_exist() -> None:
    response = Client(raise_request_exception=False).get("/t/include_missing.html")
    page = response.content.decode()
    assert response.status_code == 500
    assert "TemplateDoesNotExist" in page
    assert "not_there.html" in page
