"""tmpl.integrations.flask: Flask's own rendering functions, test client and signals, with
tmpl doing the rendering."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import flask
import pytest
from flask import (
    Blueprint,
    Flask,
    flash,
    g,
    render_template,
    render_template_string,
    session,
    stream_template,
)

import tmpl
from tmpl.integrations.flask import FlaskEnvironment, Tmpl


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    write(tmp_path / "templates" / "page.html", "{{ title }}|{{ value }}|{{ request.path }}")
    write(
        tmp_path / "templates" / "globals.html",
        "{{ config.GREETING }}|{{ url_for('page') }}|{{ g.user }}|{{ session.name }}"
        "|{{ get_flashed_messages()|join(',') }}|{{ from_processor }}",
    )
    write(tmp_path / "templates" / "escape.txt", "{{ value }}")
    write(tmp_path / "templates" / "escape.svg", "<svg>{{ value }}</svg>")
    write(tmp_path / "templates" / "macros.html", "{% macro hello(x) %}Hello {{ x }}{% endmacro %}")
    write(tmp_path / "shop" / "templates" / "shop" / "item.html", "item {{ item|shout }}")
    app = Flask("integration_app", root_path=str(tmp_path))
    app.config.update(SECRET_KEY="test", GREETING="hi")

    shop = Blueprint(
        "shop", "integration_app", template_folder="shop/templates", root_path=str(tmp_path)
    )

    @shop.app_template_filter()
    def shout(value: str) -> str:
        return value.upper() + "!"

    @shop.route("/item/<name>")
    def item(name: str) -> str:
        return render_template("shop/item.html", item=name)

    # Registered before Tmpl: on Flask's Jinja2 environment, carried over to tmpl's.
    app.register_blueprint(shop)

    @app.route("/page")
    def page() -> str:
        return render_template("page.html", title="T", value="<b>")

    @app.route("/globals")
    def globals_page() -> str:
        g.user = "ada"
        session["name"] = "lovelace"
        flash("first")
        flash("second")
        return render_template("globals.html")

    @app.route("/string")
    def string() -> str:
        return render_template_string("{{ value }} {{ request.method }}", value="<i>")

    @app.route("/stream")
    def stream() -> Any:
        return app.response_class(stream_template("page.html", title="S", value="v"))

    @app.route("/escape/<ext>")
    def escape(ext: str) -> str:
        return render_template(f"escape.{ext}", value="<&>")

    @app.context_processor
    def processor() -> dict[str, str]:
        return {"from_processor": "processed"}

    Tmpl(app)
    return app


def test_environment_is_tmpl(app: Flask) -> None:
    assert isinstance(app.jinja_env, FlaskEnvironment)
    assert isinstance(app.jinja_env, tmpl.Environment)
    assert app.extensions["tmpl"].__class__ is Tmpl
    assert isinstance(app.jinja_env.get_template("page.html"), tmpl.Template)


def test_render_template_with_request_and_autoescape(app: Flask) -> None:
    response = app.test_client().get("/page")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "T|&lt;b&gt;|/page"


def test_flask_globals_and_context_processors(app: Flask) -> None:
    response = app.test_client().get("/globals")
    assert response.get_data(as_text=True) == "hi|/page|ada|lovelace|first,second|processed"


def test_render_template_string_is_autoescaped(app: Flask) -> None:
    assert app.test_client().get("/string").get_data(as_text=True) == "&lt;i&gt; GET"


def test_stream_template(app: Flask) -> None:
    response = app.test_client().get("/stream")
    assert response.is_streamed
    assert response.get_data(as_text=True) == "S|v|/stream"


@pytest.mark.parametrize(("ext", "expected"), [("txt", "<&>"), ("svg", "<svg>&lt;&amp;&gt;</svg>")])
def test_flask_autoescape_rules(app: Flask, ext: str, expected: str) -> None:
    assert app.test_client().get(f"/escape/{ext}").get_data(as_text=True) == expected


def test_blueprint_templates_and_filters_carried_over(app: Flask) -> None:
    assert app.test_client().get("/item/tea").get_data(as_text=True) == "item TEA!"


def test_filters_registered_after_init(app: Flask) -> None:
    @app.template_filter("twice")
    def twice(value: str) -> str:
        return value * 2

    @app.template_global()
    def answer() -> int:
        return 42

    with app.test_request_context():
        assert render_template_string("{{ 'ab'|twice }} {{ answer() }}") == "abab 42"


def test_template_signals(app: Flask) -> None:
    seen: list[tuple[str, Any, dict[str, Any]]] = []

    def before(sender: Flask, template: Any, context: dict[str, Any], **extra: Any) -> None:
        seen.append(("before", template, dict(context)))

    def rendered(sender: Flask, template: Any, context: dict[str, Any], **extra: Any) -> None:
        seen.append(("rendered", template, dict(context)))

    with (
        flask.before_render_template.connected_to(before, app),
        flask.template_rendered.connected_to(rendered, app),
    ):
        app.test_client().get("/page")
    assert [kind for kind, _, _ in seen] == ["before", "rendered"]
    template, context = seen[1][1], seen[1][2]
    assert isinstance(template, tmpl.Template)
    assert template.name == "page.html"
    assert context["title"] == "T"
    assert context["from_processor"] == "processed"


def test_get_template_attribute_macro(app: Flask) -> None:
    with app.app_context():
        hello = flask.get_template_attribute("macros.html", "hello")
        assert hello("you") == "Hello you"


def test_auto_reload_follows_debug_mode(tmp_path: Path) -> None:
    write(tmp_path / "templates" / "t.html", "one")
    app = Flask("reload_app", root_path=str(tmp_path))
    Tmpl().init_app(app)
    assert app.jinja_env.auto_reload is False
    app.debug = True
    assert app.jinja_env.auto_reload is True
    with app.app_context():
        assert render_template("t.html") == "one"
        write(tmp_path / "templates" / "t.html", "two, edited")
        assert render_template("t.html") == "two, edited"


def test_templates_auto_reload_config(tmp_path: Path) -> None:
    app = Flask("config_app", root_path=str(tmp_path))
    app.config["TEMPLATES_AUTO_RELOAD"] = True
    Tmpl(app)
    assert app.jinja_env.auto_reload is True


def test_jinja_options_apply(tmp_path: Path) -> None:
    app = Flask("options_app", root_path=str(tmp_path))
    app.jinja_options = {
        "trim_blocks": True,
        "extensions": ["jinja2.ext.do"],
        "undefined": __import__("jinja2").StrictUndefined,
    }
    Tmpl(app)
    env = app.jinja_env
    assert env.trim_blocks is True
    assert env.undefined is tmpl.StrictUndefined
    with app.app_context():
        assert render_template_string("{% set x = [] %}{% do x.append(1) %}{{ x }}") == "[1]"
        with pytest.raises(tmpl.UndefinedError):
            render_template_string("{{ nope }}")


def test_tojson_uses_flask_json_provider(app: Flask) -> None:
    with app.test_request_context():
        assert render_template_string("{{ {'b': '<'}|tojson }}") == '{"b": "\\u003c"}'


def test_template_not_found(app: Flask) -> None:
    with app.app_context(), pytest.raises(tmpl.TemplateNotFound):
        render_template("nowhere.html")
