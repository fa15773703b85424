"""tmpl.integrations.pyramid: the renderer, through a real Pyramid app and WebTest."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyramid import testing
from webtest import TestApp

import tmpl
from tmpl.integrations.pyramid import get_environment

SITE = Path(__file__).parent / "wsgi_fixtures" / "pyramid_site"


@pytest.fixture
def app() -> Iterator[TestApp]:
    sys.path.insert(0, str(SITE))
    try:
        from tmpl_pyramid_app import main

        yield TestApp(main(directories=str(SITE / "shared")))
    finally:
        sys.path.remove(str(SITE))


def test_relative_renderer_with_search_path_layout(app: TestApp) -> None:
    response = app.get("/")
    assert response.content_type == "text/html"
    assert response.text == "<main>Hi &lt;Ada&gt; at /</main>"


def test_asset_spec_renderer_and_include(app: TestApp) -> None:
    text = app.get("/spec").text
    assert text == "<card>&lt;T&gt; <i>tmpl_pyramid_app:templates/card.tmpl</i></card>"


def test_view_must_return_a_dict(app: TestApp) -> None:
    with pytest.raises(ValueError, match="must return a dict"):
        app.get("/broken")


def test_environment_from_registry_and_traversal_refused() -> None:
    with testing.testConfig(settings={"pyramid.reload_templates": "true"}) as config:
        config.include("tmpl.integrations.pyramid")
        environment = get_environment(config.registry)
        assert isinstance(environment, tmpl.Environment)
        assert environment.auto_reload is True
        with pytest.raises(tmpl.TemplateNotFound):
            environment.get_template("tmpl:../pyproject.toml")
        with pytest.raises(tmpl.TemplateNotFound):
            environment.get_template("plain-name-without-search-path.html")
