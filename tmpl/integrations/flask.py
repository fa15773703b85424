"""Flask renders with tmpl: ``Tmpl(app)`` (or ``Tmpl().init_app(app)``).

Flask's own ``render_template``, ``render_template_string``, ``stream_template`` and
``stream_template_string`` all go through ``app.jinja_env``; this module puts a tmpl
environment there, built by Flask's own ``create_jinja_environment`` so that everything
Flask configures applies unchanged: ``app.jinja_options``, the app's and blueprints'
template folders (through Flask's dispatching loader, ``EXPLAIN_TEMPLATE_LOADING``
included), the ``request``/``session``/``g``/``config``/``url_for``/
``get_flashed_messages`` globals, ``select_jinja_autoescape``, ``TEMPLATES_AUTO_RELOAD``
and debug-mode reloading, and the ``tojson`` policy.  Context processors and the
``before_render_template``/``template_rendered`` signals are Flask's render functions' own
work and need nothing from here.
"""

from __future__ import annotations

from typing import Any

import jinja2
from flask import Flask
from jinja2.defaults import DEFAULT_NAMESPACE as JINJA2_NAMESPACE
from jinja2.filters import FILTERS as JINJA2_FILTERS
from jinja2.tests import TESTS as JINJA2_TESTS

from .. import runtime
from ..environment import Environment
from ..exceptions import TemplateNotFound
from ..loaders import BaseLoader, SourceTuple

__all__ = ["FlaskEnvironment", "FlaskLoader", "Tmpl"]


class FlaskLoader(BaseLoader):
    """The app's and its blueprints' templates: Flask's own dispatching loader, whose
    per-folder loaders only read files (their ``get_source`` ignores the environment), with
    Jinja2's ``TemplateNotFound`` turned into tmpl's."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.dispatcher = app.create_global_jinja_loader()

    def get_source(self, environment: Environment, template: str) -> SourceTuple:
        """The source of ``template`` from the first app or blueprint folder that has it."""
        try:
            return self.dispatcher.get_source(environment, template)  # type: ignore[arg-type]
        except jinja2.TemplateNotFound:
            raise TemplateNotFound(template) from None

    def list_templates(self) -> list[str]:
        """Every template of the app and its blueprints."""
        return sorted(self.dispatcher.list_templates())


def _tmpl_undefined(undefined: Any) -> Any:
    """``jinja2.StrictUndefined`` in ``app.jinja_options`` means ``tmpl.StrictUndefined``."""
    if isinstance(undefined, type) and issubclass(undefined, jinja2.Undefined):
        translated = getattr(runtime, undefined.__name__, None)
        if translated is None:
            raise TypeError(
                f"{undefined.__module__}.{undefined.__name__} is a Jinja2 class;"
                " give a tmpl Undefined class in app.jinja_options"
            )
        return translated
    return undefined


class FlaskEnvironment(Environment):
    """A tmpl :class:`~tmpl.Environment` for a Flask app: what ``app.jinja_environment``
    names, so that ``app.create_jinja_environment()`` builds one of these."""

    def __init__(self, app: Flask, **options: Any) -> None:
        if "loader" not in options:
            options["loader"] = FlaskLoader(app)
        if "undefined" in options:
            options["undefined"] = _tmpl_undefined(options["undefined"])
        super().__init__(**options)
        self.app = app


def _carry_over(
    registry: dict[str, Any], old: dict[str, Any], jinja2_defaults: dict[str, Any]
) -> None:
    """Copy what the app registered on its Jinja2 environment (``template_filter`` and
    friends, also from blueprints) and leave Jinja2's built-ins to tmpl's own."""
    for name, value in old.items():
        if jinja2_defaults.get(name) is not value:
            registry[name] = value


class Tmpl:
    """The Flask extension: ``Tmpl(app)`` or ``Tmpl().init_app(app)`` makes ``app`` render
    every template with tmpl.

    Filters, tests and globals registered before ``init_app`` (on the Jinja2 environment
    Flask had already made) are carried over; later ones go straight to tmpl.
    """

    def __init__(self, app: Flask | None = None) -> None:
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        """Replace ``app.jinja_env`` with a tmpl environment."""
        # ``jinja_env`` is a cached property: present in __dict__ once Flask made it.
        previous = app.__dict__.get("jinja_env")
        # An instance attribute, so later ``create_jinja_environment`` calls build tmpl too.
        app.jinja_environment = FlaskEnvironment  # type: ignore[assignment]
        environment = app.create_jinja_environment()
        if previous is not None and not isinstance(previous, Environment):
            _carry_over(environment.filters, previous.filters, JINJA2_FILTERS)
            _carry_over(environment.tests, previous.tests, JINJA2_TESTS)
            _carry_over(environment.globals, previous.globals, JINJA2_NAMESPACE)
        app.jinja_env = environment
        app.extensions["tmpl"] = self
